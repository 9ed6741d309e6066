from generator.cli import main

if __name__ == "__main__":  # worker processes (spawned) import this module again: they must not build
    raise SystemExit(main())
