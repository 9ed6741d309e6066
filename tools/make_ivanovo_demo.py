"""Writes examples/ivanovo/: a fictional city (Светлоречье) surveyed in three years, deterministic.

    .venv/bin/python tools/make_ivanovo_demo.py [target folder]

Every branch of the Ivanovo methodology is exercised: the average satisfaction rises
(2023 → 2024) and falls (2024 → 2025); a socially significant service has no respondents
in 2024 (not evaluated, left out of the average); an organ has no respondents in 2023
(not monitored); comments carry names, phones, e-mails and addresses, some with consent
to publish and some without.
"""
from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

from make_demo_extras import approved_reviews, measures_yaml, pdf_yaml, rate_service_yaml

ROOT = Path(__file__).resolve().parent.parent
TARGET = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "examples" / "ivanovo"

SITE = """municipality: "Городской округ Светлоречье (вымышленный)"
site_url: "https://example.org/svetlorechye/"
methodology: ivanovo
publisher:
  name: "Отдел координации оказания муниципальных услуг Администрации города Светлоречья"
  email: "uslugi@example.org"
  phone: "+7 (000) 000-00-00"
""" + rate_service_yaml("https://example.org/svetlorechye/") + pdf_yaml()

ORGANIZATIONS = """- id: uszn
  name: "Управление социальной защиты населения Администрации города Светлоречья"
  short_name: "Управление соцзащиты"
  sector: "Социальная защита"
- id: transport
  name: "Комитет по транспорту и связи Администрации города Светлоречья"
  short_name: "Комитет по транспорту"
  sector: "Транспорт и связь"
- id: blagoustroystvo
  name: "Управление благоустройства Администрации города Светлоречья"
  short_name: "Управление благоустройства"
  sector: "Городское хозяйство"
- id: arkhitektura
  name: "Управление архитектуры и градостроительства Администрации города Светлоречья"
  short_name: "Управление архитектуры"
  sector: "Градостроительство"
- id: obrazovanie
  name: "Управление образования Администрации города Светлоречья"
  short_name: "Управление образования"
  sector: "Образование"
"""

# service id, organ, name, socially significant, satisfaction probability by year (None: nobody asked)
SERVICES = [
    ("subsidii-zhku", "uszn", "Предоставление субсидий на оплату жилого помещения и коммунальных услуг", True, (0.70, 0.82, 0.74)),
    ("kompensatsii", "uszn", "Назначение компенсаций расходов на оплату жилищно-коммунальных услуг", True, (0.74, 0.84, 0.76)),
    ("mnogodetnye", "uszn", "Выдача удостоверений многодетной семьи", True, (0.78, None, 0.80)),
    ("spravki-uszn", "uszn", "Выдача справок о составе семьи", False, (0.80, 0.85, 0.85)),
    ("lgotnyy-proezd", "transport", "Оформление льготного проезда в городском транспорте", True, (0.66, 0.80, 0.68)),
    ("marshruty", "transport", "Выдача свидетельств об осуществлении перевозок по муниципальному маршруту", False, (0.75, 0.78, 0.70)),
    ("ordery-raskopki", "blagoustroystvo", "Выдача ордеров на производство земляных работ", False, (0.60, 0.70, 0.64)),
    ("vyrubka", "blagoustroystvo", "Выдача разрешений на вырубку зелёных насаждений, ул. Садовая и другие", False, (0.62, 0.72, 0.70)),
    ("gpzu", "arkhitektura", "Выдача градостроительных планов земельных участков", False, (None, 0.76, 0.74)),
    ("pereplanirovka", "arkhitektura", "Согласование переустройства и (или) перепланировки жилого помещения", True, (None, 0.78, 0.70)),
    ("adresa", "arkhitektura", "Присвоение адресов объектам адресации", False, (None, 0.82, 0.80)),
    ("zapis-v-sad", "obrazovanie", "Приём заявлений и постановка на учёт детей в детские сады", True, (0.76, 0.86, 0.79)),
    ("otdykh-detey", "obrazovanie", "Предоставление путёвок в загородные оздоровительные лагеря", True, (0.72, 0.80, 0.84)),
]

PERIODS = ("2023", "2024", "2025")
CHANNELS = ("in_person", "in_person", "in_person", "phone", "website", "mfc")

GOOD = [
    "Специалист Смирнова Анна Викторовна всё подробно объяснила, спасибо!",
    "Благодарю сотрудницу Кузнецову О. П. за внимательное отношение.",
    "Приняли быстро, информационный стенд очень помог, образец заявления под рукой.",
    "Записался на приём по телефону, пришёл к назначенному времени — без очереди.",
    "Иван Петрович помог оформить документы, отлично выполняет свою работу.",
    "Всё понятно, вежливо, буклет с перечнем документов очень удобный.",
    "Спасибо Е. В. Морозовой, письменно расписала, где получить недостающие справки.",
    "Хорошая работа МФЦ и специалистов управления, документы приняли с первого раза.",
]
BAD = [
    "Долго ждал в очереди, перезвоните мне: +7 (912) 345-67-89, Петров Сергей.",
    "Ответ так и не пришёл, пишите на petrov.s@example.ru, живу ул. Лесная, д. 5, кв. 12.",
    "Неудобный график работы, в зале ожидания душно.",
    "Нет таблички с ФИО специалиста, не понял, к кому обращаться. Мой телефон 8 900 123 45 67.",
    "Специалист Волкова отказалась принять документы без объяснения причин.",
    "Трижды приходил за справкой, проспект Мира, 14, кв. 3 — адрес регистрации не могли найти.",
    "Звонил по 32-45-67 — никто не берёт трубку, Марья Ивановна сказала прийти завтра.",
]

MEASURES = {
    "2023": ("2024-04-23", [
        ("установлены 16 информационных стендов, на которых размещена наиболее важная для получения "
         "муниципальных услуг информация — образец заявления, график работы специалистов, исчерпывающий "
         "перечень необходимых документов", None),
        ("создан информационный буклет «Муниципальные услуги Администрации города Светлоречья»", None),
        ("внедряется возможность предварительной записи на приём по телефону", "uszn"),
    ]),
    "2024": ("2025-04-22", [
        ("рабочие места специалистов, ведущих личный приём, оборудованы табличками с ФИО и перечнем "
         "муниципальных услуг", None),
        ("повышен уровень комфортности нахождения заявителей в зале ожидания личного приёма", "transport"),
        ("начата разработка «дорожных карт» наиболее востребованных социально значимых муниципальных услуг", None),
    ]),
    "2025": ("2026-04-21", [
        ("специалистам, ведущим приём, рекомендовано письменно доводить до заявителя результат анализа "
         "документов с указанием органов, где можно получить недостающие документы", "uszn"),
        ("увеличено число операторов телефонной линии предварительной записи", "transport"),
    ]),
}

QUOTES = {"2025": [("Н. Н. Николаев, заместитель главы Администрации города Светлоречья (вымышленное лицо)",
                    "Средний уровень удовлетворённости снизился, поэтому в 2026 году мы расширяем предварительную "
                    "запись и обучение специалистов приёма.")]}


def main() -> None:
    rng = random.Random(20150423)
    (TARGET / "periods").mkdir(parents=True, exist_ok=True)
    (TARGET / "site.yaml").write_text(SITE, encoding="utf-8")
    (TARGET / "organizations.yaml").write_text(ORGANIZATIONS, encoding="utf-8")
    with open(TARGET / "services.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["service_id", "organization_id", "name", "socially_significant"])
        for sid, org, name, significant, _ in SERVICES:
            writer.writerow([sid, org, name, "да" if significant else "нет"])
    for index, period in enumerate(PERIODS):
        folder = TARGET / "periods" / period
        folder.mkdir(parents=True, exist_ok=True)
        rows = []
        number = 0
        for sid, _, _, _, shares in SERVICES:
            p = shares[index]
            if p is None:
                continue
            for _ in range(rng.randint(70, 95)):
                number += 1
                happy = rng.random() < p
                overall = rng.choice((4, 5)) if happy else rng.choice((1, 2, 3, 3))
                def other():
                    return "" if rng.random() < 0.08 else str(max(1, min(5, overall + rng.choice((-1, 0, 0, 1)))))
                month, day = rng.randint(1, 12), rng.randint(1, 28)
                date = f"{day:02d}.{month:02d}.{period}" if number % 3 else f"{period}-{month:02d}-{day:02d}"
                comment, publish = "", ""
                if rng.random() < 0.12:
                    comment = rng.choice(GOOD if happy else BAD)
                    publish = "да" if rng.random() < 0.5 else "нет"
                rows.append([number, sid, rng.choice(CHANNELS), date, overall, other(), other(), other(), other(),
                             comment, publish])
        with open(folder / "responses.csv", "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["respondent", "service_id", "channel", "date", "overall", "information", "waiting",
                             "staff", "comfort", "comment", "publish"])
            writer.writerows(rows)
        published, measures = MEASURES[period]
        (folder / "measures.yaml").write_text(measures_yaml(published, measures, QUOTES.get(period, []), note=False),
                                              encoding="utf-8")
    approved_reviews(TARGET)  # every consented comment approved, as a person did for the demo
    print(f"written to {TARGET}")


if __name__ == "__main__":
    main()
