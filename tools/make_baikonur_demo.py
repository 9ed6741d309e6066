"""Write the Baikonur demo data: examples/baikonur/ — the fictional closed city of Звёздоград.

Deterministic (fixed seed): the same files every run. Each organ's quarterly survey results are a
real Excel workbook, periods/<quarter>/survey/<organ>.xlsx, with the headers an official would type.

    .venv/bin/python tools/make_baikonur_demo.py [target folder]
"""
from __future__ import annotations

import datetime as dt
import random
import re
import shutil
import sys
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from make_demo_extras import measures_yaml, pdf_yaml, rate_service_yaml

ROOT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "examples" / "baikonur"
QUARTERS = ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4")
CHANNELS = {"phone": "Телефонный опрос", "terminal": "Терминальное устройство",
            "internet": "Опросный модуль на сайте", "questionnaire": "Анкетирование"}
CRITERIA = {"time": "Время предоставления услуги", "queue": "Время ожидания в очереди",
            "politeness": "Вежливость и компетентность сотрудника", "comfort": "Комфортность условий в помещении",
            "information": "Доступность информации о порядке предоставления услуги"}
HEADERS = ("Код услуги", "Наименование услуги", "Способ опроса", "Критерий качества", "Количество опрошенных",
           "Средний балл")

# organ: (name, sector, base score, channels it uses, services)
ORGANS = {
    "uzhkh": ("Управление жилищно-коммунального хозяйства администрации города Звёздоград", "Городское хозяйство",
              3.6, ("phone", "terminal", "questionnaire"),
              {"zhkh-naim": "Признание граждан нуждающимися в жилых помещениях",
               "zhkh-pereplan": "Согласование переустройства и (или) перепланировки помещения",
               "zhkh-obmen": "Оформление документов по обмену жилыми помещениями"}),
    "arch": ("Отдел архитектуры и градостроительства администрации города Звёздоград", "Городское хозяйство",
             3.9, ("phone", "internet"),
             {"arch-gpzu": "Выдача градостроительного плана земельного участка",
              "arch-razr": "Выдача разрешения на строительство",
              "arch-adres": "Присвоение адреса объекту адресации"}),
    "uszn": ("Управление социальной защиты населения администрации города Звёздоград", "Социальная сфера",
             4.3, ("phone", "terminal", "internet", "questionnaire"),
             {"uszn-subs": "Предоставление субсидий на оплату жилого помещения и коммунальных услуг",
              "uszn-mnogo": "Выдача удостоверения многодетной семьи",
              "uszn-veteran": "Присвоение звания «Ветеран труда»"}),
    "uobr": ("Управление образования администрации города Звёздоград", "Социальная сфера",
             4.5, ("terminal", "internet", "questionnaire"),
             {"obr-dou": "Постановка на учёт и зачисление детей в дошкольные образовательные организации",
              "obr-otdyh": "Предоставление путёвок в организации отдыха детей",
              "obr-info": "Предоставление информации о текущей успеваемости учащегося"}),
    "zags": ("Отдел записи актов гражданского состояния администрации города Звёздоград", "Правовые вопросы",
             4.6, ("phone", "terminal", "internet"),
             {"zags-brak": "Государственная регистрация заключения брака",
              "zags-rozhd": "Государственная регистрация рождения",
              "zags-povtor": "Выдача повторных свидетельств о государственной регистрации актов гражданского состояния"}),
    "kui": ("Комитет по управлению муниципальным имуществом администрации города Звёздоград",
            "Экономика и имущество", 3.2, ("phone", "questionnaire"),
            {"kui-arenda": "Предоставление имущества в аренду",
             "kui-zemlya": "Предоставление земельных участков в собственность бесплатно",
             "kui-vypiska": "Выдача выписки из реестра муниципального имущества"}),
}

# the branches the demo exercises
NOT_SUBMITTED = {("arch", "2025-Q2")}                 # the organ sent no workbook: not monitored, warning
SILENT_CHANNEL = "internet"                            # zags: the site module got no answers all year
NO_ANSWERS = {("kui-vypiska", "2025-Q3")}              # every row 0 respondents: service not evaluated
LEFT_OUT = {("uobr", "2025-Q1"): "obr-otdyh"}          # a service missing from its organ's workbook
NO_COMFORT = {"obr-info", "arch-adres"}                # electronic services: comfort of premises not rated
PROPOSALS = {
    "2025-Q1": {"uzhkh": ["Организовать предварительную запись на приём по телефону",
                          "Разместить в зале ожидания образцы заполнения заявлений"],
                "kui": ["Увеличить число окон приёма в дни наибольшей нагрузки"]},
    "2025-Q2": {"uszn": ["Установить второй терминал электронной очереди"]},
    "2025-Q3": {"kui": ["Перевести приём заявлений об аренде в электронный вид"],
                "uzhkh": ["Провести обучение специалистов по работе с заявителями"]},
    "2025-Q4": {"arch": ["Разместить на сайте перечень документов для выдачи разрешения на строительство"]},
}

# the last quarter's measures.yaml: the date of the release, measures (text, organ) and a quote for the press
MEASURES = ("2026-01-20", [
    ("в Комитете по управлению муниципальным имуществом сокращён срок выдачи выписок из реестра до 5 рабочих дней",
     "kui"),
    ("в зале приёма Управления жилищно-коммунального хозяйства установлен терминал электронной очереди", "uzhkh"),
], [("П. П. Петров, руководитель аппарата администрации (вымышленное лицо)",
     "Жители чаще всего отмечают сроки и вежливость специалистов; по услугам с оценкой ниже четырёх баллов "
     "проведены выездные проверки.")])


def _fix_zip_times(path: Path) -> None:
    """openpyxl stamps the zip entries and «modified» with the current time: pin them so reruns give the same bytes."""
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, content in entries:
            if info.filename == "docProps/core.xml":  # openpyxl sets «modified» to now on save
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2025-12-29T00:00:00Z", content)
            pinned = zipfile.ZipInfo(info.filename, date_time=(2025, 1, 1, 0, 0, 0))
            pinned.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(pinned, content)


def main() -> None:
    rng = random.Random(2021)
    if ROOT.exists():
        for child in ("periods", "site.yaml", "organizations.yaml", "services.csv"):
            path = ROOT / child
            shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
    ROOT.mkdir(parents=True, exist_ok=True)
    (ROOT / "site.yaml").write_text(
        'municipality: "Город Звёздоград (вымышленный)"\n'
        'site_url: "https://example.org/zvezdograd/"\n'
        "methodology: baikonur\n"
        "publisher:\n"
        '  name: "Управление по размещению заказа администрации города Звёздоград"\n'
        '  email: "zakaz@zvezdograd.example.org"\n'
        '  phone: "+7 (000) 123-45-67"\n' + rate_service_yaml("https://example.org/zvezdograd/")
        + pdf_yaml(), encoding="utf-8")
    orgs = []
    for org_id, (name, sector, *_rest) in ORGANS.items():
        orgs.append(f"- id: {org_id}\n  name: \"{name}\"\n  sector: \"{sector}\"\n"
                    f"  website: \"https://zvezdograd.example.org/{org_id}\"\n")
    (ROOT / "organizations.yaml").write_text("".join(orgs), encoding="utf-8")
    lines = ["service_id,organization_id,name,socially_significant"]
    for org_id, (*_head, services) in ORGANS.items():
        for service_id, name in services.items():
            lines.append(f'{service_id},{org_id},"{name}",{"да" if org_id in ("uszn", "uobr") else "нет"}')
    (ROOT / "services.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    for q, quarter in enumerate(QUARTERS):
        folder = ROOT / "periods" / quarter
        (folder / "survey").mkdir(parents=True)
        for org_id, (name, sector, base, channels, services) in ORGANS.items():
            if (org_id, quarter) in NOT_SUBMITTED:
                continue
            book = Workbook()
            sheet = book.active
            sheet.title = "Результаты опросов"
            sheet.append(HEADERS)
            for cell in sheet[1]:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            for service_id, service_name in services.items():
                if LEFT_OUT.get((org_id, quarter)) == service_id:
                    continue
                level = base + 0.08 * q + rng.uniform(-0.35, 0.35)
                for channel in channels:
                    for criterion, criterion_name in CRITERIA.items():
                        if criterion == "comfort" and service_id in NO_COMFORT:
                            continue
                        silent = (org_id == "zags" and channel == SILENT_CHANNEL) or (service_id, quarter) in NO_ANSWERS
                        respondents = 0 if silent else rng.randint(3, 40)
                        score = None if silent else round(min(5.0, max(1.0, level + rng.uniform(-0.5, 0.4))), 2)
                        sheet.append((service_id, service_name, CHANNELS[channel], criterion_name, respondents, score))
            for column, width in zip("ABCDEF", (14, 60, 26, 52, 14, 12)):
                sheet.column_dimensions[column].width = width
            proposals = PROPOSALS.get(quarter, {}).get(org_id)
            if proposals:  # п. 5.3: the proposals travel in the same workbook
                extra = book.create_sheet("Предложения")
                extra.append(("Предложение",))
                extra["A1"].font = Font(bold=True)
                for text in proposals:
                    extra.append((text,))
                extra.column_dimensions["A"].width = 90
            book.properties.creator = "Звёздоград"
            book.properties.created = book.properties.modified = dt.datetime(2025, 3 * q + 4 if q < 3 else 12, 3 if q < 3 else 29)
            book.save(folder / "survey" / f"{org_id}.xlsx")
            _fix_zip_times(folder / "survey" / f"{org_id}.xlsx")
    (ROOT / "periods" / QUARTERS[-1] / "measures.yaml").write_text(measures_yaml(*MEASURES), encoding="utf-8")
    print(f"written: {ROOT}")


if __name__ == "__main__":
    main()
