"""Command line: `transparency build | export | check | comments | serve | init`."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from generator import text_ru
from generator.problems import InputError

ENGINES = ("mkdocs", "zensical")  # generator.publish.ENGINES, without importing the publishing stage


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="transparency",
                                     description="Сайт с результатами мониторинга качества муниципальных услуг")
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="проверить данные, рассчитать показатели и собрать сайт")
    build.add_argument("--data", type=Path, default=Path("data"), help="папка с данными (по умолчанию data/)")
    build.add_argument("--out", type=Path, default=Path("site"), help="куда собрать сайт (по умолчанию site/)")
    build.add_argument("--engine", choices=ENGINES, default="mkdocs",
                       help="программа сборки сайта: mkdocs (по умолчанию) или zensical")
    build.add_argument("--quiet", action="store_true", help="не показывать ход сборки")
    build.add_argument("--scheduler", default=None, metavar="processes|АДРЕС",
                       help="только для папки региона (с region.yaml): где собирать сайты муниципальных образований — "
                            "processes (процессы этого компьютера, по умолчанию) или адрес планировщика Dask, "
                            "например tcp://host:8786")
    export = commands.add_parser("export", help="проверить данные, рассчитать показатели и выгрузить проект сайта "
                                                "(страницы, оформление, mkdocs.yml) для сборки вручную")
    export.add_argument("--data", type=Path, default=Path("data"), help="папка с данными (по умолчанию data/)")
    export.add_argument("--out", type=Path, required=True, help="куда выгрузить проект сайта")
    export.add_argument("--quiet", action="store_true", help="не показывать ход работы")
    check = commands.add_parser("check", help="только проверить данные и вывести отчёт")
    check.add_argument("--data", type=Path, default=Path("data"))
    check.add_argument("--format", choices=("text", "json", "github", "gitlab"), default="text",
                       help="text (по умолчанию), json, github (аннотации GitHub Actions) или gitlab "
                            "(отчёт GitLab Code Quality)")
    comments = commands.add_parser("comments", help="создать или обновить файл проверки отзывов за период "
                                                    "(periods/<период>/comments_review.xlsx)")
    comments.add_argument("--data", type=Path, default=Path("data"))
    comments.add_argument("--period", required=True, help="период — имя папки, например 2025 или 2025-Q3")
    init = commands.add_parser("init", help="создать папку данных нового муниципального образования: site.yaml с "
                                             "пояснениями, пример органа, услуг и периода, README и файлы CI")
    init.add_argument("folder", type=Path, metavar="DIR", help="новая или пустая папка (существующие файлы не "
                                                                "перезаписываются)")
    init.add_argument("--methodology", required=True, metavar="КОД", help="код методики, например kaluga")
    init.add_argument("--municipality", required=True, metavar="НАИМЕНОВАНИЕ",
                      help="наименование муниципального образования, например \"Городской округ Новоозёрск\"")
    templates = commands.add_parser("templates", help="записать шаблоны .xlsx для заполнения — по одному на каждую "
                                                      "таблицу методики (заголовки, списки значений, инструкция)")
    templates.add_argument("--methodology", required=True, metavar="КОД", help="код методики, например kaluga")
    templates.add_argument("--out", type=Path, required=True, help="папка для шаблонов (создаётся, если её нет)")
    templates.add_argument("--force", action="store_true", help="перезаписать шаблоны, уже лежащие в папке")
    diff = commands.add_parser("diff", help="что изменится на сайте: показатели, уровни, места, органы, услуги, "
                                            "периоды и предупреждения новых данных против прежних",
                               description="Код выхода 0 — есть изменения или нет; 1 — в новых данных ошибки "
                                           "(они выводятся); 2 — неверный вызов, нет git или коммита.")
    diff.add_argument("folders", nargs="*", type=Path, metavar="ПАПКА",
                      help="две папки: прежние данные (или собранный сайт) и новые")
    diff.add_argument("--against", metavar="КОММИТ", help="сравнить папку --data с нею же в этом коммите git "
                                                          "(HEAD, HEAD~1, origin/main …)")
    diff.add_argument("--data", type=Path, default=None, metavar="ПАПКА",
                      help="с --against: папка с данными (по умолчанию data/)")
    diff.add_argument("--format", choices=("text", "markdown"), default="text",
                      help="text (по умолчанию) или markdown — список для комментария к pull request")
    serve = commands.add_parser("serve", help="собрать и показать сайт локально, пересобирая при изменениях")
    serve.add_argument("--data", type=Path, default=Path("data"))
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", help="адрес и порт (по умолчанию 127.0.0.1:8000)")
    args = parser.parse_args(argv)
    if region_folder(args):
        from generator.region.command import run_region

        return run_region(args)
    return {"build": run_build, "export": run_export, "check": run_check, "serve": run_serve,
            "comments": run_comments, "init": run_init, "templates": run_templates,
            "diff": run_diff}[args.command](args)


def region_folder(args) -> bool:
    """A region's data folder (region.yaml) takes its own path; so does --scheduler without one."""
    from generator.region import is_region

    data = getattr(args, "data", None)  # commands without a data folder (init) are never a region's
    return (data is not None and is_region(data)) or getattr(args, "scheduler", None) is not None


def run_comments(args) -> int:
    from generator.review import review_command

    return review_command(args.data.resolve(), args.period)


def run_init(args) -> int:
    from generator.init import InitRefused, UnknownMethodology, create

    try:
        created = create(args.folder, args.methodology, args.municipality)
    except (InitRefused, UnknownMethodology, InputError) as exc:
        print(exc.report.as_text() if isinstance(exc, InputError) else f"Папка не создана: {exc}", file=sys.stderr)
        return 1
    folder = args.folder
    print(f"Готово: папка данных {folder}/ ({text_ru.agree(len(created.files), 'файл')}; методика "
          f"{args.methodology}, пример за период {created.period}).\nДальше:\n"
          f"  1. Заполните {folder / 'site.yaml'} и замените пример своими органами, услугами и таблицами.\n"
          f"  2. transparency check --data {folder}\n"
          f"  3. transparency build --data {folder} --out {folder}-site  (откройте {folder}-site/index.html)\n"
          f"  4. Опубликуйте: загрузите папку в репозиторий GitHub или GitLab — файлы CI уже в ней "
          f"(подробнее в {folder / 'README.md'}).")
    return 0


def run_templates(args) -> int:
    from generator.init import UnknownMethodology, methodology_named
    from generator.templates_xlsx import TemplatesRefused, write_templates

    try:
        method = methodology_named(args.methodology)
    except InputError as exc:  # a broken plugin installed
        print(exc.report.as_text(), file=sys.stderr)
        return 1
    except UnknownMethodology as exc:
        print(f"Шаблоны не записаны: {exc}", file=sys.stderr)
        return 1
    try:
        paths = write_templates(method, args.out, args.force)
    except TemplatesRefused as exc:
        print(f"Шаблоны не записаны: {exc}", file=sys.stderr)
        return 1
    print(f"Готово: {text_ru.agree(len(paths), 'шаблон')} для методики {args.methodology} в {args.out}/: "
          f"{', '.join(p.name for p in paths)}.\nЗаполните лист с данными с 3-й строки (как — на листе "
          "«Инструкция» каждой книги) и положите файл в папку данных вместо CSV; затем transparency check.")
    return 0


def run_check(args) -> int:
    from generator.prefetch import prefetch

    prefetch(args.data)  # DuckDB reads the big tables while the generator is being imported
    from generator.build import check

    report, _ = check(args.data.resolve())
    folder = repository_folder(args.data)
    print({"json": report.as_json, "github": lambda: report.as_github(folder),
           "gitlab": lambda: report.as_gitlab(folder)}.get(args.format, report.as_text)())
    return 0 if report.ok else 1


def repository_folder(data: Path) -> str:
    """The data folder as CI annotations name it: as given, relative to the working directory (the
    repository root in CI) when it is inside it."""
    if data.is_absolute():
        try:
            return data.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except ValueError:
            return data.as_posix()
    return data.as_posix()


def run_diff(args) -> int:
    from generator.diff.command import run_diff as diff

    args.data = args.data or Path("data")
    return diff(args)


def run_build(args) -> int:
    from generator.build import build
    from generator.diff.command import closing_list, published_figures

    previous = published_figures(args.out)  # the figures of the site the build is about to replace
    prepared, seconds = run_stages(args, lambda progress: build(args.data.resolve(), args.out, progress, args.engine),
                                   "Сайт не собран")
    if prepared is None:
        return 1
    if prepared.unchanged:
        print(f"Готово: с прошлой сборки не изменились ни данные, ни генератор; сайт в {args.out}/ "
              f"цел и оставлен как есть (проверено за {text_ru.number(seconds, 1)} с).")
        return 0
    bundle = prepared.bundle
    organs = len(prepared.dataset.organizations)
    reused = (f" (заново собрано {text_ru.number(prepared.converted)} из {text_ru.number(bundle.pages)}, "
              f"остальные не изменились)") if prepared.converted is not None and prepared.converted < bundle.pages else ""
    print(f"Готово: {text_ru.agree(organs, 'орган')}, "
          f"{text_ru.agree(bundle.pages, 'страница')}{reused}, "
          f"{text_ru.agree(bundle.charts, 'диаграмма')} "
          f"за {text_ru.number(seconds, 1)} с → {args.out}/")
    if changed := closing_list(previous, prepared, args.out, args.data):
        print(changed)
    return 0


def run_export(args) -> int:
    from generator.build import export

    prepared, _ = run_stages(args, lambda progress: export(args.data.resolve(), args.out, progress),
                             "Проект сайта не выгружен")
    if prepared is None:
        return 1
    print(f"Готово: проект сайта ({text_ru.agree(prepared.bundle.pages, 'страница')}) "
          f"→ {args.out}/. Собрать его: mkdocs build -f {args.out / 'mkdocs.yml'} "
          f"(или zensical build -f {args.out / 'mkdocs.yml'}); сайт появится в {args.out / 'site'}/")
    return 0


def run_stages(args, stages, failed: str):
    """Runs build or export with progress on stderr; a failure prints its report and gives (None, 0)."""
    started = time.perf_counter()

    def progress(stage: str) -> None:
        if not args.quiet:
            print(f"[{text_ru.number(time.perf_counter() - started, 1)} с] {stage}…", file=sys.stderr, flush=True)

    try:
        prepared, seconds = stages(progress)
    except InputError as exc:
        print(exc.report.as_text(), file=sys.stderr)
        # only when a failed swap could not put the old site back does the report say where it is
        if getattr(exc, "site_kept", True):
            print(f"{failed}; {args.out}/ оставлен без изменений.", file=sys.stderr)
        else:
            print(f"{failed}.", file=sys.stderr)
        return None, 0
    for warning in prepared.report.warnings:
        print(warning.as_text(), file=sys.stderr)
    return prepared, seconds


def run_serve(args) -> int:
    import os

    from mkdocs.commands.serve import serve

    from generator.publish import CONFIG_FILE

    os.environ["TRANSPARENCY_DATA"] = str(args.data.resolve())
    # mkdocs says where it serves only through logging, which this command does not show
    print(f"Сайт собирается и будет открыт по адресу http://{args.dev_addr}/ "
          "(пересобирается при изменениях; остановить — Ctrl+C)", flush=True)
    try:
        serve(config_file=str(CONFIG_FILE), dev_addr=args.dev_addr, livereload=True)
    except OSError as exc:  # the port is taken or the address is not this machine's
        import errno

        why = {errno.EADDRINUSE: "порт уже занят другой программой",
               errno.EADDRNOTAVAIL: "такого адреса у этого компьютера нет",
               errno.EACCES: "нет прав открыть этот порт"}.get(exc.errno, f"ошибка системы № {exc.errno}")
        print(f"Не удалось открыть сайт по адресу {args.dev_addr}: {why}. "
              "Укажите другой порт: transparency serve --dev-addr 127.0.0.1:8001", file=sys.stderr)
        return 1
    return 0
