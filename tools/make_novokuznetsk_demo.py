"""Write examples/novokuznetsk/: demo data of a fictional district for the Novokuznetsk methodology.

Deterministic (fixed seed): running it again gives the same files. Every branch of the
methodology is exercised: services at one point and at two or three points, requirements
not evaluated, parameter 5 «не требуется», every answer of parameters 2–8, every row of the
parameter 9 scale, every reachable band of И including «ниже шкалы», an organ without data
in one period, refusals with reasons, and comparisons (Приложение № 3) for some services, with
the lists of documents. In the last half-year some points take parameter 9 from the
questionnaires (responses.csv, with consented comments carrying a name and a phone that the
site must scrub, and an unconsented one), and the requirements of parameter I carry their
texts (conditions.csv). These come from a second random generator, so the rest of the data is
the same as before they were added.

    .venv/bin/python tools/make_novokuznetsk_demo.py [target folder]
"""
from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

from make_demo_extras import approved_reviews, measures_yaml, pdf_yaml, rate_service_yaml

OUT = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "examples" / "novokuznetsk"
PERIODS = ("2024-H2", "2025-H1", "2025-H2")
# the last half-year's measures.yaml: the date of the release, measures (text, organ) and a quote for the press
PRESS_MEASURES = ("2026-02-03", [
    ("в Архивном отделе организована выдача архивных справок в электронном виде", "archive"),
    ("в Комитете по управлению муниципальным имуществом оборудовано место ожидания для заявителей с детьми", "kumi"),
], [("А. А. Алексеева, первый заместитель главы района (вымышленное лицо)",
     "Услуги с низкой интегрированной оценкой включены в план повышения качества на 2026 год.")])
REQUIREMENTS = ("r_procedures", "r_total_time", "r_other_bodies", "r_informing", "r_queue_apply",
                "r_queue_receive", "r_comfort", "r_fee", "r_other")
BINARY = ("p2_informal_payments", "p3_intermediaries", "p7_complaints")
TERNARY = ("p4_internet", "p5_interagency", "p6_one_window", "p8_electronic")

ORGANS = [
    ("obr", "Управление образования администрации Берёзовоозёрского муниципального района", "Образование",
     [("center", "Центральный офис управления", "с. Берёзовое Озеро, ул. Школьная, 3"),
      ("klyuchi", "Территориальный отдел в с. Ключи", "с. Ключи, ул. Центральная, 12"),
      ("mfc", "Окно приёма в МФЦ", "с. Берёзовое Озеро, ул. Советская, 1")]),
    ("kumi", "Комитет по управлению муниципальным имуществом", "Имущество и земля",
     [("main", "Приёмная комитета", "с. Берёзовое Озеро, ул. Советская, 10"),
      ("mfc", "Окно приёма в МФЦ", "с. Берёзовое Озеро, ул. Советская, 1")]),
    ("arch", "Отдел архитектуры и градостроительства", "Имущество и земля",
     [("main", "Приёмная отдела", "с. Берёзовое Озеро, ул. Советская, 10, каб. 12")]),
    ("szn", "Управление социальной защиты населения", "Социальная поддержка",
     [("center", "Центральный офис управления", "с. Берёзовое Озеро, ул. Мира, 7"),
      ("klyuchi", "Выездной приём в с. Ключи", None),
      ("sosnovka", "Выездной приём в пос. Сосновка", None)]),
    ("archive", "Архивный отдел администрации района", "Документы и справки",
     [("main", "Читальный зал архива", "с. Берёзовое Озеро, ул. Мира, 2")]),
    ("culture", "Управление культуры, спорта и молодёжной политики", "Культура и спорт",
     [("main", "Приёмная управления", "с. Берёзовое Озеро, ул. Садовая, 4"),
      ("dk", "Районный дом культуры", "с. Берёзовое Озеро, ул. Садовая, 6")]),
]

# service id, organ, name, points assessed, needs interagency cooperation, quality profile per period
SERVICES = [
    ("obr-zachislenie", "obr", "Приём заявлений и зачисление детей в дошкольные образовательные учреждения",
     ("center", "klyuchi", "mfc"), True, (0.80, 0.85, 0.92)),
    ("obr-ochered", "obr", "Постановка на учёт детей, нуждающихся в местах в детских садах",
     ("center", "mfc"), True, (0.70, 0.75, 0.80)),
    ("obr-otdyh", "obr", "Организация отдыха детей в каникулярное время", ("center",), False, (0.55, 0.60, 0.65)),
    ("obr-info", "obr", "Предоставление информации об образовательных программах", ("center", "klyuchi"), False,
     (0.90, 0.95, 1.00)),
    ("kumi-arenda", "kumi", "Предоставление муниципального имущества в аренду", ("main",), True, (0.45, 0.40, 0.50)),
    ("kumi-vypiska", "kumi", "Выдача выписок из реестра муниципального имущества", ("main", "mfc"), False,
     (0.85, 0.88, 0.90)),
    ("kumi-zemlya", "kumi", "Предоставление земельных участков без проведения торгов", ("main",), True,
     (0.30, 0.35, 0.45)),
    ("arch-gpzu", "arch", "Выдача градостроительного плана земельного участка", ("main",), True, (0.60, 0.65, 0.70)),
    ("arch-razreshenie", "arch", "Выдача разрешения на строительство", ("main",), True, (0.38, 0.42, 0.55)),
    ("arch-adres", "arch", "Присвоение адреса объекту недвижимости", ("main",), False, (0.18, 0.25, 0.35)),
    ("szn-subsidiya", "szn", "Назначение субсидий на оплату жилого помещения и коммунальных услуг",
     ("center", "klyuchi", "sosnovka"), True, (0.65, 0.70, 0.78)),
    ("szn-mnogodet", "szn", "Выдача удостоверений многодетной семьи", ("center", "sosnovka"), True,
     (0.50, 0.58, 0.62)),
    ("szn-kompensaciya", "szn", "Назначение компенсации расходов на оплату жилья отдельным категориям граждан",
     ("center",), True, (0.75, 0.80, 0.85)),
    ("archive-spravki", "archive", "Выдача архивных справок, выписок и копий документов", ("main",), False,
     (0.28, 0.33, 0.40)),
    ("archive-dostup", "archive", "Обеспечение доступа к архивным документам в читальном зале", ("main",), False,
     (0.12, 0.20, 0.30)),
    ("culture-kruzhki", "culture", "Запись в клубные формирования и кружки", ("main", "dk"), False,
     (None, 0.70, 0.75)),
    ("culture-afisha", "culture", "Предоставление информации о мероприятиях в сфере культуры", ("dk",), False,
     (None, 0.85, 0.90)),
    ("culture-sport", "culture", "Присвоение спортивных разрядов", ("main",), True, (None, 0.50, 0.45)),
]

COMPARED = {  # service → (other municipality, own and other values of Приложение № 3)
    "obr-zachislenie": ("Ключевской муниципальный округ (условный)", {
        "regulation": ("Постановление администрации района от 12.03.2024 № 115",
                       "Постановление администрации округа от 02.02.2023 № 48"),
        "provision": ("Лично, через МФЦ, через Портал госуслуг", "Лично, через Портал госуслуг"),
        "organ": ("Управление образования", "Отдел образования администрации округа"),
        "recipients": ("Родители (законные представители) детей", "Родители (законные представители) детей"),
        "documents": (4, 5), "term_days": (7, 10), "fee": (0, 0)}),
    "kumi-arenda": ("Сосновский муниципальный район (условный)", {
        "regulation": ("Постановление администрации района от 20.05.2023 № 210",
                       "Постановление администрации района от 11.09.2022 № 377"),
        "provision": ("Лично, через МФЦ", "Лично, через МФЦ, через Портал госуслуг"),
        "organ": ("Комитет по управлению муниципальным имуществом", "Отдел имущественных отношений"),
        "recipients": ("Физические и юридические лица", "Юридические лица и индивидуальные предприниматели"),
        "documents": (7, 5), "term_days": (30, 20), "fee": (0, 0)}),
    "arch-gpzu": ("Ключевской муниципальный округ (условный)", {
        "regulation": ("Постановление администрации района от 03.04.2024 № 140",
                       "Постановление администрации округа от 15.01.2024 № 9"),
        "provision": ("Лично, через МФЦ, через Портал госуслуг", "Лично, через Портал госуслуг"),
        "organ": ("Отдел архитектуры и градостроительства", "Управление архитектуры администрации округа"),
        "recipients": ("Правообладатели земельных участков", "Правообладатели земельных участков"),
        "documents": (2, 3), "term_days": (14, 14), "fee": (0, 350.5)}),
}

DOCUMENTS = {  # service → the names of the documents, own and other (their number is the count above)
    "obr-zachislenie": (["Заявление", "Паспорт родителя", "Свидетельство о рождении ребёнка",
                         "Документ о регистрации ребёнка по месту жительства"],
                        ["Заявление", "Паспорт родителя", "Свидетельство о рождении ребёнка",
                         "Документ о регистрации ребёнка по месту жительства", "Медицинское заключение"]),
    "kumi-arenda": (["Заявление", "Документ, удостоверяющий личность", "Доверенность представителя",
                     "Выписка из ЕГРЮЛ или ЕГРИП", "Схема расположения объекта", "Технический паспорт объекта",
                     "Согласие на обработку персональных данных"],
                    ["Заявление", "Документ, удостоверяющий личность", "Выписка из ЕГРЮЛ или ЕГРИП",
                     "Схема расположения объекта", "Технический паспорт объекта"]),
    # arch-gpzu: only the numbers are given, as before the lists were added
}

LAST = len(PERIODS) - 1  # the half-year with questionnaires and the texts of Приложение № 2
SURVEYED = (  # (service, point) whose parameter 9 comes from responses.csv in the last half-year
    ("obr-zachislenie", "klyuchi"), ("obr-zachislenie", "mfc"), ("kumi-arenda", "main"),
    ("szn-subsidiya", "sosnovka"), ("archive-dostup", "main"), ("culture-kruzhki", "dk"),
)
CHANNELS = ("анкета", "анкета", "анкета", "интервью", "сайт")  # written questionnaires are the usual way
COMMENTS = {  # (service, point, n-th respondent there) → (comment, consent to publish, his score)
    ("obr-zachislenie", "klyuchi", 3): ("Спасибо специалисту Ковалёвой Анне Сергеевне, всё объяснила. Мой телефон "
                                        "+7 913 555-12-34, если будут вопросы", "да", 5),
    ("obr-zachislenie", "klyuchi", 8): ("Очередь в Ключах большая, пришлось ждать около часа", "да", 3),
    ("obr-zachislenie", "mfc", 4): ("Недоволен, инспектор Егоров грубил, живу на ул. Лесной, д. 5, кв. 2", "нет", 2),
    ("kumi-arenda", "main", 2): ("Договор аренды подготовили быстро, пишите на ivanov.p@example.ru — расскажу "
                                 "подробнее", "да", 5),
}
CONDITIONS = [  # service, point, requirement, required by the regulation, actual, deviation
    ("obr-zachislenie", "center", "r_procedures", "Не более 4 административных процедур",
     "4 административные процедуры", "0"),
    ("obr-zachislenie", "center", "r_queue_apply", "Не более 15 минут", "До 30 минут в период комплектования",
     "+15 минут"),
    ("obr-zachislenie", "klyuchi", "r_informing", "Информация на стенде, на сайте и по телефону",
     "Стенд не обновлялся с 2024 года", ""),
    ("obr-zachislenie", "klyuchi", "Требования к комфортности помещения, местам ожидания заявителей",
     "Места для сидения, стол для заполнения заявлений, туалет", "Нет стола для заполнения заявлений", ""),
    ("kumi-arenda", "main", "r_total_time", "Не более 30 календарных дней", "В среднем 34 календарных дня",
     "+4 дня"),
    ("kumi-arenda", "main", "r_other_bodies", "Не требуется", "Заявителей просят принести выписку из ЕГРН",
     "1 лишнее обращение"),
    ("szn-subsidiya", "center", "r_queue_receive", "Не более 15 минут", "До 10 минут", "−5 минут"),
    ("szn-subsidiya", "center", "r_fee", "Бесплатно", "Бесплатно", ""),
]

HEADER = ["service_id", "point_id", *REQUIREMENTS, *BINARY[:2], "p4_internet", "p5_interagency", "p6_one_window",
          "p7_complaints", "p8_electronic", "p9_satisfied_share", "p4_website"]


def clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))


def point_row(rng: random.Random, service: tuple, point: str, quality: float) -> dict:
    service_id, _, _, _, interagency, _ = service
    row = {"service_id": service_id, "point_id": point}
    for code in REQUIREMENTS:
        if code in ("r_fee", "r_other") and rng.random() < 0.5:
            row[code] = "" if rng.random() < 0.5 else "не оценивается"  # both spellings of «not evaluated»
        else:
            row[code] = str(int(clamp(round(1 + 4 * quality + rng.uniform(-1.2, 1.2)), 1, 5)))
    for code in BINARY:
        row[code] = "5" if rng.random() < quality + 0.1 else "0"
    for code in TERNARY:
        draw = rng.random()
        row[code] = "5" if draw < quality else ("2" if draw < quality + 0.35 else "0")
    if not interagency:
        row["p5_interagency"] = "не требуется"
    share = clamp(100 * quality + rng.uniform(-12, 12), 0, 100)
    row["p9_satisfied_share"] = f"{share:.1f}".replace(".", ",")
    row["p4_website"] = "berezovoe-ozero.example.ru" if row["p4_internet"] != "0" else ""
    return row


REASONS = ["Представлен неполный пакет документов", "Заявитель не относится к категории получателей услуги",
           "Объект не находится в муниципальной собственности", "Сведения в заявлении недостоверны"]
PROBLEMS = ["Длительное ожидание ответов на межведомственные запросы", "Очереди в дни приёма",
            "Заявители не знают о возможности подать заявление через Портал госуслуг", ""]
MEASURES = ["Введена предварительная запись по телефону", "Срок предоставления услуги сокращён на 5 рабочих дней",
            "Исключено требование представлять копию паспорта", "Услуга передана для предоставления в МФЦ", ""]


def write_responses(folder: Path, shares: dict[tuple[str, str], float]) -> None:
    """Questionnaires of the surveyed points: each respondent satisfied (4 or 5) with the probability
    the point's share would have had, so parameter 9 stays close to the typed-in demo."""
    rng = random.Random(20251231)  # its own generator: the rest of the demo is unchanged
    number = 0
    with open(folder / "responses.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["respondent", "service_id", "point_id", "channel", "date", "overall", "comment", "publish"])
        for service_id, point in SURVEYED:
            for nth in range(1, rng.randint(8, 16) + 1):
                number += 1
                happy = rng.random() < shares[(service_id, point)] / 100
                score = rng.choice((4, 5)) if happy else rng.choice((1, 2, 3))
                comment, publish, score = COMMENTS.get((service_id, point, nth), ("", "", score))
                date = f"{rng.randint(1, 28):02d}.{rng.randint(7, 12):02d}.2025"
                writer.writerow([number, service_id, point, rng.choice(CHANNELS), date, score, comment, publish])


def write_conditions(folder: Path) -> None:
    with open(folder / "conditions.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["service_id", "point_id", "requirement", "required", "actual", "deviation"])
        writer.writerows(CONDITIONS)


def main() -> None:
    rng = random.Random(20131007)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "site.yaml").write_text(
        'municipality: "Берёзовоозёрский муниципальный район (демонстрационные данные)"\n'
        'site_url: "https://example.org/berezovoe-ozero/"\n'
        "methodology: novokuznetsk\n"
        "publisher:\n"
        '  name: "Отдел стратегического планирования администрации Берёзовоозёрского муниципального района"\n'
        '  email: "monitoring@berezovoe-ozero.example.ru"\n'
        '  phone: "+7 (000) 123-45-67"\n' + rate_service_yaml("https://example.org/berezovoe-ozero/")
        + pdf_yaml(), encoding="utf-8")
    lines = []
    for organ_id, name, sector, points in ORGANS:
        lines += [f"- id: {organ_id}", f'  name: "{name}"', f'  sector: "{sector}"', "  points:"]
        for point_id, point_name, address in points:
            lines.append(f'    - {{id: {point_id}, name: "{point_name}"' + (f', address: "{address}"}}' if address else "}"))
    (OUT / "organizations.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with open(OUT / "services.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["service_id", "organization_id", "name"])
        for service in SERVICES:
            writer.writerow(service[:3])
    for index, period in enumerate(PERIODS):
        folder = OUT / "periods" / period
        folder.mkdir(parents=True, exist_ok=True)
        shares = {}
        with open(folder / "assessments.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=HEADER, lineterminator="\n")
            writer.writeheader()
            for service in SERVICES:
                quality = service[5][index]
                if quality is None:
                    continue
                for point in service[3]:
                    row = point_row(rng, service, point, clamp(quality + rng.uniform(-0.08, 0.08), 0, 1))
                    if index == LAST and (service[0], point) in SURVEYED:
                        shares[(service[0], point)] = float(row["p9_satisfied_share"].replace(",", "."))
                        row["p9_satisfied_share"] = ""  # counted from responses.csv instead
                    writer.writerow(row)
        if index == LAST:
            write_responses(folder, shares)
            write_conditions(folder)
        with open(folder / "applications.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(["service_id", "received", "considered", "refusals", "refusal_reasons", "problems",
                             "measures"])
            for service in SERVICES:
                if service[5][index] is None:
                    continue
                received = rng.randint(8, 400)
                considered = received - rng.randint(0, min(5, received))
                refusals = rng.randint(0, max(0, considered // 12))
                reasons = "; ".join(rng.sample(REASONS, k=min(refusals, 2))) if refusals else ""
                writer.writerow([service[0], received, considered, refusals, reasons, rng.choice(PROBLEMS),
                                 rng.choice(MEASURES)])
        with open(folder / "comparison.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, lineterminator="\n")
            rows = ("regulation", "provision", "organ", "recipients", "documents", "term_days", "fee")
            writer.writerow(["service_id", "other_municipality", *[f"{r}_{side}" for r in rows for side in ("own", "other")],
                             "documents_list_own", "documents_list_other"])
            for service_id, (other, values) in COMPARED.items():
                if index == 0 and service_id == "arch-gpzu":
                    continue  # this comparison was first made in 2025
                names = ["; ".join(side) for side in DOCUMENTS.get(service_id, ([], []))]
                writer.writerow([service_id, other, *[values[r][n] for r in rows for n in (0, 1)], *names])
    (OUT / "periods" / PERIODS[-1] / "measures.yaml").write_text(measures_yaml(*PRESS_MEASURES), encoding="utf-8")
    approved_reviews(OUT)  # every consented comment approved, as a person did for the demo


if __name__ == "__main__":
    main()
