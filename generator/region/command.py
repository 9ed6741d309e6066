"""`transparency build | check` on a region's folder (region.yaml), in the words of the other commands:
progress on stderr, the whole report on failure, exit code 1 and the published portal left as it was."""
from __future__ import annotations

import sys
import time

from generator import text_ru
from generator.problems import InputError, Report
from generator.region import REGION_FILE, is_region


def run_region(args) -> int:
    if not is_region(args.data):  # --scheduler for one municipality's folder
        return refused("--scheduler", "region-scheduler-without-region",
                       f"--scheduler задаётся только для папки региона (с файлом {REGION_FILE}); сайт одного "
                       f"муниципального образования в {args.data} собирается без него: уберите --scheduler.")
    if args.command == "build":
        return run_region_build(args)
    if args.command == "check":
        return run_region_check(args)
    return refused(str(args.data / REGION_FILE), "region-command-unsupported",
                   f"команда {args.command} работает с папкой одного муниципального образования, а {args.data} — "
                   f"папка региона: укажите в --data папку муниципального образования, например "
                   f"{args.data / 'ПАПКА'}.")


def refused(where: str, code: str, message: str) -> int:
    report = Report()
    report.add(where, None, None, code, message)
    print(report.as_text(), file=sys.stderr)
    return 1


def run_region_check(args) -> int:
    from generator.region.pipeline import check_region

    report = check_region(args.data.resolve())
    print(report.as_json() if args.format == "json" else report.as_text())
    return 0 if report.ok else 1


def run_region_build(args) -> int:
    from generator.region.pipeline import build_region
    from generator.region.runner import PROCESSES

    started = time.perf_counter()

    def progress(stage: str) -> None:
        if not args.quiet:
            print(f"[{text_ru.number(time.perf_counter() - started, 1)} с] {stage}…", file=sys.stderr, flush=True)

    try:
        built, seconds = build_region(args.data, args.out, args.scheduler or PROCESSES, args.engine, progress)
    except InputError as error:
        print(error.report.as_text(), file=sys.stderr)
        kept = getattr(error, "site_kept", True)
        print(f"Портал не собран{f'; {args.out}/ оставлен без изменений' if kept else ''}.", file=sys.stderr)
        return 1
    for warning in built.report.warnings:
        print(warning.as_text(), file=sys.stderr)
    pages = built.pages + sum(s.pages for s in built.summaries)
    count = len(built.summaries)
    municipalities = text_ru.plural_count(count, "муниципальное образование", "муниципальных образования",
                                          "муниципальных образований")
    print(f"Готово: портал региона, {municipalities}, "
          f"{text_ru.agree(pages, 'страница')} за {text_ru.number(seconds, 1)} с → {args.out}/")
    return 0
