"""The site engines that build a site project (project.py) into its site/ folder.

mkdocs (with mkdocs-material) is the default and runs in this process. Zensical, the successor
announced by the Material team, is optional (`pip install 'transparency[zensical]'`) and runs as a
separate process: it is a Rust program that reads the same mkdocs.yml.
"""
from __future__ import annotations

import importlib.util
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.problems import Report
from generator.publish.folder import PublishError

ENGINES = ("mkdocs", "zensical")
DEFAULT_ENGINE = "mkdocs"
ENGINE_NAMES = {"mkdocs": "mkdocs (mkdocs-material)", "zensical": "Zensical"}
# How much of an engine's own report is quoted in the problem record.
QUOTED_LINES = 12
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def build_project(engine: str, config_file: Path) -> None:
    """Builds the project of config_file into its site/ folder; a failure is a PublishError."""
    {"mkdocs": build_with_mkdocs, "zensical": build_with_zensical}[engine](config_file)


def engine_problem(engine: str) -> tuple[str, str] | None:
    """Why the engine cannot run here, checked with the data, before anything is computed."""
    if engine == "zensical" and zensical_command() is None:
        return ("site-engine-missing",
                "программа сборки сайта Zensical не установлена: установите её командой "
                "pip install 'transparency[zensical]' (или pip install zensical==0.0.73) "
                "либо соберите сайт без --engine zensical (программой mkdocs).")
    return None


def engine_failed(engine: str, config_file: Path, said: str) -> PublishError:
    lines = readable(said)[-QUOTED_LINES:]
    quoted = ("; её сообщение:\n" + "\n".join("    " + line for line in lines)) if lines else "."
    report = Report()
    report.add(config_file.name, None, None, "site-engine-failed",
               f"программа сборки сайта {ENGINE_NAMES[engine]} не собрала сайт{quoted}\n"
               "Чтобы увидеть ошибку целиком, выгрузите проект сайта командой transparency export "
               "и соберите его вручную.")
    return PublishError(report)


def readable(said: str) -> list[str]:
    """An engine's output without colours and without a Python traceback (its last line, the
    error itself, is kept)."""
    lines, in_traceback = [], False
    for line in ANSI.sub("", said).splitlines():
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
        elif in_traceback and not line.startswith(" "):
            in_traceback = False
        if line.strip() and not in_traceback:
            lines.append(line.rstrip())
    return lines


# --- mkdocs ---------------------------------------------------------------------------------

class _Collected(logging.Handler):
    """What mkdocs logs while it builds: quoted in the problem record if the build fails."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def collected_messages() -> Iterator[list[str]]:
    """What mkdocs warns of while the block runs (only warnings and errors are let through)."""
    log = logging.getLogger("mkdocs")
    log.setLevel(logging.WARNING)
    collected = _Collected()
    log.addHandler(collected)
    try:
        yield collected.messages
    finally:
        log.removeHandler(collected)


def build_with_mkdocs(config_file: Path) -> None:
    from mkdocs.commands.build import build  # imported here: `check` needs no mkdocs
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with collected_messages() as said:
        try:
            config = load_config(str(config_file), strict=True)  # a warning is an error (strict)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except MkDocsException as error:
            raise engine_failed("mkdocs", config_file, "\n".join([*said, str(error)])) from error


# --- Zensical -------------------------------------------------------------------------------

def zensical_command() -> list[str] | None:
    """Zensical installed beside the generator (the `zensical` extra), else on PATH."""
    if importlib.util.find_spec("zensical") is not None:
        return [sys.executable, "-m", "zensical"]
    found = shutil.which("zensical")
    return [found] if found else None


def build_with_zensical(config_file: Path) -> None:
    command = zensical_command()
    if command is None:
        report = Report()
        report.add("--engine", None, None, *engine_problem("zensical"))
        raise PublishError(report)
    done = subprocess.run([*command, "build", "--strict", "--config-file", str(config_file)],
                          cwd=config_file.parent, capture_output=True, text=True, encoding="utf-8",
                          errors="replace", stdin=subprocess.DEVNULL, env={**os.environ, "NO_COLOR": "1"})
    if done.returncode != 0:
        raise engine_failed("zensical", config_file, done.stdout + "\n" + done.stderr)
