"""Demo data for the Dzerzhinsk methodology: examples/dzerzhinsk/ (a fictional city, Новоречье).

Deterministic: a seeded generator fills the ordinary sheets, and the cases that exercise every
branch of the methodology are written out by hand (see BRANCHES below and examples/dzerzhinsk/README.md).

    .venv/bin/python tools/make_dzerzhinsk_demo.py [target folder]
"""
from __future__ import annotations

import csv
import random
import shutil
import sys
from pathlib import Path

from make_demo_extras import approved_reviews, measures_yaml, pdf_yaml, rate_service_yaml

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "examples" / "dzerzhinsk"

SECTORS = {
    "Образование": {
        "1.1": ["Укомплектованность педагогическими кадрами", "Наполняемость классов (групп)",
                "Соблюдение расписания занятий"],
        "1.2": ["Доля выпускников, получивших документ об образовании", "Выполнение учебного плана"],
        "2": ["Соблюдение санитарно-гигиенических требований", "Ведение журнала регистрации жалоб и предложений",
              "Информирование получателей о порядке предоставления услуги"],
    },
    "Культура": {
        "1.1": ["Соблюдение режима работы", "Время ожидания обслуживания"],
        "1.2": ["Количество посетителей за год", "Обновление фонда (экспозиции)"],
        "2": ["Состояние помещений", "Доступность для маломобильных граждан",
              "Информирование получателей о порядке предоставления услуги"],
    },
    "Физическая культура и спорт": {
        "1.1": ["Укомплектованность тренерами-преподавателями", "Соблюдение расписания тренировок"],
        "1.2": ["Доля занимающихся, выполнивших разрядные нормативы"],
        "2": ["Состояние спортивных сооружений и инвентаря", "Медицинское сопровождение занятий"],
    },
}

ORGANIZATIONS = [
    ("shkola-4", "МБОУ «Средняя школа № 4»", "Школа № 4", "Образование"),
    ("shkola-7", "МБОУ «Средняя школа № 7»", "Школа № 7", "Образование"),
    ("gimnaziya-2", "МБОУ «Гимназия № 2»", "Гимназия № 2", "Образование"),
    ("sad-15", "МБДОУ «Детский сад № 15 „Рябинка“»", "Детский сад № 15", "Образование"),
    ("sad-21", "МБДОУ «Детский сад № 21»", "Детский сад № 21", "Образование"),
    ("biblioteka", "МБУК «Централизованная библиотечная система»", "Библиотечная система", "Культура"),
    ("muzey", "МБУК «Новореченский краеведческий музей»", "Краеведческий музей", "Культура"),
    ("dk-khimik", "МБУК «Дворец культуры „Химик“»", "ДК «Химик»", "Культура"),
    ("park", "МБУК «Парк культуры и отдыха»", "Парк культуры", "Культура"),
    ("sshor-1", "МБУ ДО «Спортивная школа олимпийского резерва № 1»", "СШОР № 1", "Физическая культура и спорт"),
    ("sshor-2", "МБУ ДО «Спортивная школа № 2»", "Спортивная школа № 2", "Физическая культура и спорт"),
    ("bassein", "МБУ «Плавательный бассейн „Волна“»", "Бассейн «Волна»", "Физическая культура и спорт"),
]
SERVICES = {"Образование": "Предоставление общедоступного образования",
            "Культура": "Организация культурного досуга и библиотечного обслуживания",
            "Физическая культура и спорт": "Спортивная подготовка и организация занятий физической культурой"}

# Quarters with data; 2025-Q2 is missing on purpose (flagged on the rating pages).
QUARTERS = {
    "2024-Q4": {"published": "2025-01-21"},      # on time (deadline 23.01.2025)
    "2025-Q1": {"published": "2025-04-29"},      # late (deadline 23.04.2025)
    "2025-Q3": {"published": "2025-10-22"},      # on time (deadline 23.10.2025)
    "2025-Q4": {"published": None},              # publication date missing
}
# Surveys of recipients (раздел V): on time, late, and posted without a date; 2024-Q4 had none.
SURVEYS = {
    "2025-Q1": {"completed": "2025-03-25", "published": "2025-04-15", "asked": ["shkola-4", "shkola-7", "dk-khimik",
                                                                               "biblioteka", "sshor-1"]},
    "2025-Q3": {"completed": "2025-09-30", "published": "2025-10-08", "asked": [o[0] for o in ORGANIZATIONS
                                                                               if o[0] != "park"]},
    "2025-Q4": {"completed": "2025-12-19", "published": None, "asked": ["gimnaziya-2", "sad-21", "muzey", "bassein"]},
}
COMMENTS = [  # (text, consent): personal data in consented comments is removed before publication
    ("Спасибо сотрудникам: всё объяснили и помогли с документами.", True),
    ("Запись неудобная, дозвониться сложно. Перезвоните мне: +7 912 345-67-89, Иванова Мария Петровна.", True),
    ("Очень долго ждали в коридоре, присесть негде.", False),
    ("Информацию о расписании нашли на сайте быстро, спасибо. Пишите на ivanova.m@example.com", True),
]
SURVEY_HEADER = ["respondent", "service_id", "channel", "date", "overall", "conditions", "staff", "information",
                 "comment", "publish"]
QUARTER_MONTHS = {"2025-Q1": (1, 3), "2025-Q3": (7, 9), "2025-Q4": (10, 12)}
# the last quarter's measures.yaml (no date of its own: the quarter's is not given either) and a quote
MEASURES = ([
    ("в МБОУ «Средняя школа № 7» устранены нарушения стандарта по информированию родителей о расписании", "shkola-7"),
    ("для учреждений культуры проведён семинар по соблюдению стандартов качества муниципальных услуг", None),
], [("С. С. Сидорова, начальник управления образования (вымышленное лицо)",
     "Сводная оценка выросла; школам, где выявлены нарушения, установлен срок их устранения — до конца I квартала.")])

MONTH_AFTER = {"2024-Q4": "2025-01", "2025-Q1": "2025-04", "2025-Q3": "2025-10", "2025-Q4": "2026-01"}
QUARTER_MIDDLE = {"2024-Q4": "2024-11", "2025-Q1": "2025-02", "2025-Q3": "2025-08", "2025-Q4": "2025-11"}

HEADER = ["organization_id", "source", "inspection_kind", "act_date", "section", "indicator", "compliance",
          "published", "service_id"]
# a second service of the gymnasium: its sheets name the service of each row (п. 1.2, 6.5)
EXTRA_SERVICES = [("gimnaziya-2-dop", "gimnaziya-2", "Дополнительное образование детей")]


def sector_of(org_id: str) -> str:
    return next(o[3] for o in ORGANIZATIONS if o[0] == org_id)


def sheet(org_id: str, source: str, date: str, values: dict[str, list[float]] | None, rng: random.Random,
          kind: str = "", published: str = "", level: float = 0.9, sections=("1.1", "1.2", "2")) -> list[list]:
    """One sheet's rows; values per section override the seeded ones."""
    rows = []
    for section in sections:
        names = SECTORS[sector_of(org_id)][section]
        given = (values or {}).get(section)
        for i, name in enumerate(names):
            value = given[i] if given else min(1.0, max(0.5, round(rng.gauss(level, 0.05), 2)))
            rows.append([org_id, source, kind, date, section, name, f"{value:.2f}".replace(".", ","), published, ""])
    return rows


def build() -> None:
    rng = random.Random(2493)  # the act's number
    answers = random.Random(1228)  # the amendment's number: surveys do not shift the sheets' values
    if OUT.exists():
        for child in OUT.iterdir():
            if child.name != "README.md":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "site.yaml").write_text(
        'municipality: "Городской округ Новоречье (вымышленный)"\n'
        'site_url: "https://example.org/novoreche/"\n'
        "methodology: dzerzhinsk\n"
        "publisher:\n"
        '  name: "Отдел пресс-службы администрации городского округа Новоречье"\n'
        '  email: "press@novoreche.example.org"\n'
        '  phone: "+7 (000) 123-45-67"\n' + rate_service_yaml("https://example.org/novoreche/")
        + pdf_yaml(), encoding="utf-8")
    with (OUT / "organizations.yaml").open("w", encoding="utf-8") as out:
        for org_id, name, short, sector in ORGANIZATIONS:
            out.write(f'- id: {org_id}\n  name: "{name}"\n  short_name: "{short}"\n  sector: "{sector}"\n')
    with (OUT / "services.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["service_id", "organization_id", "name"])
        for org_id, _, _, sector in ORGANIZATIONS:
            writer.writerow([f"{org_id}-usluga", org_id, SERVICES[sector]])
        writer.writerows(EXTRA_SERVICES)

    for quarter, meta in QUARTERS.items():
        folder = OUT / "periods" / quarter
        folder.mkdir(parents=True)
        (folder / "period.yaml").write_text(period_yaml(meta["published"], SURVEYS.get(quarter)), encoding="utf-8")
        if quarter in SURVEYS:
            write_responses(folder / "responses.csv", quarter, SURVEYS[quarter]["asked"], answers)
        self_date = f"{MONTH_AFTER[quarter]}-03"
        mid = QUARTER_MIDDLE[quarter]
        rows: list[list] = []
        complaints: dict[str, int] = {}
        for org_id, *_ in ORGANIZATIONS:
            rows += sheet(org_id, "самооценка", self_date, None, rng, level=0.9,
                          sections=("1.1", "1.2"))  # form 3: indicators only (п. 4.2)
            complaints[org_id] = rng.choice([0, 0, 1, 1, 2, 3])
        rows, complaints = BRANCHES[quarter](rows, complaints, rng, mid)
        with (folder / "assessments.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(HEADER)
            writer.writerows(rows)
        with (folder / "complaints.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["organization_id", "complaints"])
            writer.writerows(sorted(complaints.items(), key=lambda kv: [o[0] for o in ORGANIZATIONS].index(kv[0])))
    (OUT / "periods" / list(QUARTERS)[-1] / "measures.yaml").write_text(measures_yaml(None, *MEASURES), encoding="utf-8")
    approved_reviews(OUT)  # every consented comment approved, as a person did for the demo


def period_yaml(published: str | None, survey: dict | None) -> str:
    text = f"published: {published}\n" if published else "# дата публикации результатов квартала не указана\n"
    if survey:
        text += f"survey:\n  completed: {survey['completed']}\n"
        text += f"  published: {survey['published']}\n" if survey["published"] else "  # дата размещения итогов опроса не указана\n"
    return text


def write_responses(path: Path, quarter: str, asked: list[str], rng: random.Random) -> None:
    """Answers to the survey form: a few per organisation, some questions left unanswered, a few comments."""
    year, (first, last) = int(quarter[:4]), QUARTER_MONTHS[quarter]
    rows, number = [], 0
    for org_id in asked:
        level = {"dk-khimik": 2.6, "bassein": 3.0, "sad-21": 3.2}.get(org_id, 4.2)
        for _ in range(rng.randint(4, 9)):
            number += 1
            scores = [min(5, max(1, round(rng.gauss(level, 0.8)))) for _ in range(4)]
            scores = [scores[0]] + [s if rng.random() > 0.15 else "" for s in scores[1:]]
            comment, consent = ("", "")
            if number % 7 == 0:
                text, agreed = COMMENTS[(number // 7) % len(COMMENTS)]
                comment, consent = text, "да" if agreed else "нет"
            day = f"{rng.randint(1, 28):02d}.{rng.randint(first, last):02d}.{year}"
            rows.append([number, f"{org_id}-usluga", "сайт", day, *scores, comment, consent])
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(SURVEY_HEADER)
        writer.writerows(rows)


def _without(rows: list[list], org_id: str) -> list[list]:
    return [r for r in rows if r[0] != org_id]


def q2024_4(rows, complaints, rng, mid):
    # a planned inspection with every value set: summary «соответствует»; the self-report is for information
    rows += sheet("shkola-4", "проверка", f"{mid}-12", {"1.1": [1, 1, 0.9], "1.2": [0.9, 1], "2": [1, 0.9, 0.9]},
                  rng, kind="плановая", published="2024-11-28")
    # the bassein joins the monitoring only in 2025
    rows = _without(rows, "bassein")
    complaints.pop("bassein")
    return rows, complaints


def q2025_1(rows, complaints, rng, mid):
    # «предоставляются с нарушениями»: an unscheduled inspection after complaints, published late
    rows += sheet("dk-khimik", "проверка", f"{mid}-20", {"1.1": [0.6, 0.5], "1.2": [0.5, 0.4], "2": [0.3, 0.6, 0.4]},
                  rng, kind="внеплановая", published="2025-04-10")
    complaints["dk-khimik"] = 5
    # «не соответствует»: a self-report with section 2 filled in too
    rows = _without(rows, "sad-21")
    rows += sheet("sad-21", "самооценка", "2025-04-04", {"1.1": [0.2, 0.1, 0.3], "1.2": [0.2, 0.2],
                                                         "2": [0.1, 0.2, 0.3]}, rng)
    return rows, complaints


def q2025_3(rows, complaints, rng, mid):
    # an indicator below 0,5 with a good summary (0,90 → «соответствует», but the standard is violated)
    rows += sheet("gimnaziya-2", "проверка", "2025-09-15", {"1.1": [1, 1, 1], "1.2": [1, 1], "2": [1, 0.4, 1]},
                  rng, kind="плановая", published="2025-10-01")
    # two inspections in one quarter: the later act counts, violations are counted on both
    rows += sheet("muzey", "проверка", "2025-07-14", {"1.1": [0.4, 0.8], "1.2": [0.7, 0.8], "2": [0.6, 0.7, 0.7]},
                  rng, kind="внеплановая", published="2025-07-30")
    rows += sheet("muzey", "проверка", "2025-09-22", {"1.1": [0.9, 0.8], "1.2": [0.8, 0.8], "2": [0.8, 0.8, 0.7]},
                  rng, kind="плановая")  # no own date: the quarter's 22.10.2025 counts, after the deadline 15.10.2025 → late
    # the edge: О1 = 0,82, О2 = 0,88 → СО = (0,82 + 0,88) / 2 = 0,85 exactly → «соответствует» (п. 3.21)
    rows += sheet("shkola-4", "проверка", "2025-09-11", {"1.1": [0.82, 0.82, 0.82], "1.2": [0.82, 0.82],
                                                         "2": [0.88, 0.88, 0.88]}, rng, kind="плановая",
                  published="2025-09-30")
    # a tie on the mean rank broken by the summary (sport), self-reports only, so no violations found (п. 6.6):
    # complaints 1 · 0 · 3 → 2 · 1 · 3; violations 0 · 0 · 0 → 1 · 1 · 1; summary 0,9 · 0,6 · 0,33 → 1 · 2 · 3;
    # means 4/3 · 4/3 · 7/3 — СШОР № 1 before СШ № 2 by the summary; the values below 0,5 of СШ № 2 and
    # of the bassein violate the standard (п. 4.7) but are not violations found
    rows = _without(rows, "sshor-1")
    rows = _without(rows, "sshor-2")
    rows = _without(rows, "bassein")
    rows += sheet("sshor-1", "самооценка", "2025-10-03", {"1.1": [0.9, 0.9], "1.2": [0.9]}, rng,
                  sections=("1.1", "1.2"))
    rows += sheet("sshor-2", "самооценка", "2025-10-03", {"1.1": [0.7, 0.7], "1.2": [0.4]}, rng,
                  sections=("1.1", "1.2"))
    rows += sheet("bassein", "самооценка", "2025-10-03", {"1.1": [0.3, 0.4], "1.2": [0.3]}, rng,
                  sections=("1.1", "1.2"))
    complaints.update({"sshor-1": 1, "sshor-2": 0, "bassein": 3})
    # no complaints data for the park (→ the criterion is not evaluated)
    complaints.pop("park")
    return rows, complaints


def q2025_4(rows, complaints, rng, mid):
    # an organisation without any sheet in the quarter (not assessed, no rank)
    rows = _without(rows, "sad-15")
    # «в целом соответствует» from an inspection whose sheet lacks nothing
    rows += sheet("shkola-7", "проверка", f"{mid}-18", {"1.1": [0.8, 0.7, 0.8], "1.2": [0.7, 0.8],
                                                        "2": [0.7, 0.8, 0.6]}, rng, kind="плановая",
                  published="2025-12-05")
    # the gymnasium's two services (п. 1.2, 6.5): one inspection, each row naming its service, section 2 for
    # the organisation as a whole; each service gets its own figures, the organisation keeps the whole sheet
    inspection = sheet("gimnaziya-2", "проверка", f"{mid}-25", {"1.1": [1, 0.9, 0.8], "1.2": [0.9, 0.6],
                                                                "2": [0.9, 1, 0.8]}, rng, kind="плановая",
                       published="2025-12-10")
    for index, row in enumerate(inspection):
        if row[4] != "2":
            row[-1] = "gimnaziya-2-usluga" if index % 2 == 0 else "gimnaziya-2-dop"
    rows += inspection
    # every organisation of a sector equal on everything: a full tie shares the place
    rows = _without(rows, "sshor-1")
    rows = _without(rows, "sshor-2")
    rows += sheet("sshor-1", "самооценка", "2026-01-03", {"1.1": [0.9, 0.9], "1.2": [0.9]}, rng,
                  sections=("1.1", "1.2"))
    rows += sheet("sshor-2", "самооценка", "2026-01-03", {"1.1": [0.9, 0.9], "1.2": [0.9]}, rng,
                  sections=("1.1", "1.2"))
    complaints.update({"sshor-1": 1, "sshor-2": 1})
    return rows, complaints


BRANCHES = {"2024-Q4": q2024_4, "2025-Q1": q2025_1, "2025-Q3": q2025_3, "2025-Q4": q2025_4}

if __name__ == "__main__":
    build()
    print(f"written: {OUT}")
