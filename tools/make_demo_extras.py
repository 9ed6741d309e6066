"""What every demo writer adds besides its methodology's tables (imported by tools/make_*_demo.py and
tools/make_demo_data.py): the «Оценить услугу» links of site.yaml, its PDF choice, the press contact,
measures.yaml of a period and the approved review workbooks of citizens' comments.

The review workbooks are written by the project's own `transparency comments` code and every consented
comment is then approved, as a person did for the demos; their zip entries and document dates are pinned,
so a rerun gives the same bytes.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

MEASURES_NOTE = "# Меры по итогам мониторинга и цитаты для пресс-релиза (демонстрационные данные)\n"
PRESS_NOTE = "# Контакт для прессы под пресс-релизами (необязательно; без него — данные publisher)\n"
PINNED = dt.datetime(2026, 1, 1)


def rate_service_yaml(site_url: str) -> str:
    """site.yaml `rate_service:`: where citizens rate a service (the links on organ and service pages)."""
    return ("# Где граждане оценивают услуги: ссылки «Оценить услугу» на страницах органов и услуг\n"
            "rate_service:\n"
            '  - title: "Госуслуги — «Решаем вместе»"\n'
            '    url: "https://pos.gosuslugi.ru/"\n'
            '  - title: "Ваш контроль"\n'
            '    url: "https://vashkontrol.ru/"\n'
            '  - title: "Обратная связь на сайте администрации (демонстрационный адрес)"\n'
            f'    url: "{site_url}feedback/"\n')


def pdf_yaml() -> str:
    """site.yaml `pdf:`: every demo publishes the PDF of every report (issue 13; tests turn it off with
    TRANSPARENCY_PDF=none, as the PDFs cost seconds each)."""
    return ("# PDF-отчёты: all — все отчёты органов и рейтинги всех периодов, latest — только последнего периода, "
            "none — без PDF\npdf: all\n")


def press_yaml(name: str, phone: str, email: str) -> str:
    """site.yaml `press:`: the contact under the press releases."""
    return PRESS_NOTE + f'press:\n  name: "{name}"\n  phone: "{phone}"\n  email: "{email}"\n'


def measures_yaml(published: str | None, measures: list[tuple[str, str | None]],
                  quotes: list[tuple[str, str]] = (), note: bool = True) -> str:
    """periods/<period>/measures.yaml: measures (text, organ or None) and quotes (author, text) that
    may be published."""
    lines = [MEASURES_NOTE.rstrip("\n")] if note else []
    if published:
        lines.append(f"published: {published}")
    lines.append("measures:")
    for text, organ in measures:
        lines.append(f'  - text: "{text}"')
        if organ:
            lines.append(f"    organ: {organ}")
    if quotes:
        lines.append("quotes:")
        for author, text in quotes:
            lines += [f'  - author: "{author}"', f'    text: "{text}"', "    publish: да"]
    return "\n".join(lines) + "\n"


def approved_reviews(target: Path) -> list[Path]:
    """periods/<P>/comments_review.xlsx for every period with consented comments, each approved («да»)."""
    from openpyxl import load_workbook

    from generator.build import check
    from generator.review import DECISION, HEADERS, consented, write_review

    report, dataset = check(target)
    if dataset is None:
        raise SystemExit(report.as_text())
    written = []
    for period_data in dataset.periods:
        responses = period_data.tables.get("responses")
        if responses is None or consented(responses).empty:
            continue
        name = period_data.period.name
        path = write_review(target / "periods" / name, name, responses, dataset.service_names()).path
        book = load_workbook(path)
        sheet = book.active
        column = HEADERS.index(DECISION) + 1
        for row in range(2, sheet.max_row + 1):
            if sheet.cell(row, 3).value is not None:  # «Номер анкеты»: a comment's row
                sheet.cell(row, column).value = "да"
        book.properties.created = book.properties.modified = PINNED
        book.save(path)
        pin_zip_times(path)
        written.append(path)
    return written


def pin_zip_times(path: Path) -> None:
    """openpyxl stamps the zip entries and «modified» with the current time: pinned, reruns give the same bytes."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, content in entries:
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2026-01-01T00:00:00Z", content)
            pinned = zipfile.ZipInfo(info.filename, date_time=(2026, 1, 1, 0, 0, 0))
            pinned.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(pinned, content)
