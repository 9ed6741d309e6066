#!/usr/bin/env python3
"""Demo data for a fictional municipality, monitored under the Kaluga 2025 methodology.

    .venv/bin/python tools/make_demo_data.py           # rewrite data/ (site.yaml, organizations.yaml,
                                                       #   services.csv, periods/)
    .venv/bin/python tools/make_demo_data.py /tmp/x    # write them into another folder (to compare)
    .venv/bin/python tools/make_demo_data.py --report  # independent check of what is in data/

Deterministic: a single random.Random(2026), nothing depends on the clock.  Every organ has a
"quality level" per year (0 = very poor … 1 = excellent); all its numbers are drawn around it.
"""
from __future__ import annotations

import csv
import json
import random
import shutil
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from make_demo_extras import measures_yaml, pdf_yaml, press_yaml, rate_service_yaml

DATA = Path(__file__).resolve().parent.parent / "data"  # or the folder given on the command line
YEARS = (2023, 2024, 2025)
MUNICIPALITY = "Условный городской округ Новоозёрск (демонстрационные данные)"
SOC, PROP, CITY, ADM = "Социальная сфера", "Имущество и земля", "Городское хозяйство", "Управление и экономика"

# id, name, sector, short_name, profile, feedback channels, level per year (None = organ absent), volume per year
ORGANS = [
    ("obrazovanie", "Управление образования", SOC, None, "средний, растёт; Кз > 10 000", "in_person website phone mfc", (0.62, 0.72, 0.80), (0.95, 1.0, 1.04)),
    ("sotszashchita", "Управление социальной защиты населения", SOC, "УСЗН", "сильный; Кз > 10 000, Кпр > 95 %", "in_person phone mfc", (0.85, 0.97, 1.00), (1.0, 1.0, 1.0)),
    ("zhkh", "Управление жилищно-коммунального хозяйства", CITY, "Управление ЖКХ", "средний, ухудшается; Кз 8–10 тыс.", "in_person phone website", (0.72, 0.60, 0.45), (1.0, 1.0, 1.0)),
    ("imushchestvo", "Комитет по управлению имуществом", PROP, None, "средний, ровный", "in_person website pos phone", (0.55, 0.58, 0.57), (1.0, 1.05, 1.1)),
    ("zemlya", "Комитет по земельным отношениям", PROP, None, "слабый, улучшается", "in_person website pos", (0.20, 0.32, 0.45), (0.9, 1.0, 1.1)),
    ("arkhitektura", "Управление архитектуры и градостроительства", CITY, "УАиГ", "слабый → сильный", "in_person pos phone", (0.35, 0.58, 0.82), (0.9, 1.0, 1.15)),
    ("arkhiv", "Архивный отдел", ADM, None, "сильный, малый объём (Кз < 50 в 2023)", "in_person website", (0.82, 0.86, 0.90), (0.3, 0.8, 1.8)),
    ("kultura", "Комитет по культуре", SOC, None, "слабый; нет оценок на ЕПГУ", "in_person website phone", (0.10, 0.05, 0.20), (1.0, 0.9, 1.0)),
    ("sport", "Комитет по физической культуре и спорту", SOC, "Спорткомитет", "сильный → ухудшается", "in_person website pos", (0.80, 0.66, 0.50), (1.0, 1.1, 1.2)),
    ("ekonomika", "Управление экономики и инвестиций", ADM, "УЭиИ", "сильный, ровный", "website phone pos", (0.88, 0.92, 0.90), (1.0, 1.0, 1.0)),
    ("zags", "Отдел записи актов гражданского состояния", ADM, "Отдел ЗАГС", "очень сильный", "in_person mfc phone", (0.95, 0.97, 0.96), (1.0, 0.97, 0.95)),
    ("dorogi", "Управление дорожного хозяйства и транспорта", CITY, None, "средний → слабый", "in_person website phone", (0.45, 0.30, 0.18), (1.0, 1.0, 1.0)),
    ("molodezh", "Комитет по делам молодёжи", SOC, None, "создан в 2024, растёт", "website pos phone", (None, 0.50, 0.68), (1.0, 1.0, 1.2)),
]
NO_EPGU_RATINGS = {"kultura"}
# the last year's measures.yaml: the date of the release, measures (text, organ) and a quote for the press
MEASURES = ("2026-02-16", [
    ("в Управлении дорожного хозяйства и транспорта введена предварительная запись на приём через Портал госуслуг",
     "dorogi"),
    ("административные регламенты по 6 услугам Комитета по земельным отношениям приведены в соответствие с типовыми",
     "zemlya"),
    ("для всех органов утверждён единый срок ответа на обращения о качестве услуг — 10 рабочих дней", None),
], [("И. И. Иванов, заместитель главы администрации (вымышленное лицо)",
     "Эффективность предоставления услуг растёт третий год подряд; органам с низкими оценками поручено подготовить "
     "планы исправления к 1 апреля.")])

# service_id, name, base requests per year, flags: s socially significant, e always electronic,
# p never electronic, o in person only (neither electronic nor MFC), m always via MFC, n amendment «не_требовалось», 5 provided only from 2025
SERVICES = {
    "obrazovanie": [
        ("obr-zachislenie-v-shkolu", "Приём заявлений о зачислении в муниципальные общеобразовательные организации", 5200, "se"),
        ("obr-postanovka-v-detsad", "Постановка на учёт и направление детей в муниципальные образовательные организации, реализующие образовательные программы дошкольного образования", 3800, "se"),
        ("obr-otdykh-detei", "Организация отдыха детей в каникулярное время", 1100, "s"),
        ("obr-informatsiya-ob-obrazovanii", "Предоставление информации об организации общедоступного и бесплатного дошкольного, начального общего, основного общего, среднего общего образования", 700, ""),
        ("obr-elektronnyi-dnevnik", "Предоставление информации о текущей успеваемости учащегося, ведение электронного дневника и электронного журнала успеваемости", 600, ""),
        ("obr-kompensatsiya-platy", "Назначение компенсации части родительской платы за присмотр и уход за детьми в дошкольных образовательных организациях", 450, "s"),
        ("obr-pmpk", "Проведение психолого-медико-педагогического обследования детей", 150, "so")],
    "sotszashchita": [
        ("szn-subsidiya-zhku", "Предоставление субсидий на оплату жилого помещения и коммунальных услуг", 5600, "sem"),
        ("szn-lgoty-zhku", "Предоставление мер социальной поддержки по оплате жилого помещения и коммунальных услуг отдельным категориям граждан", 4300, "sem"),
        ("szn-mnogodetnye", "Выдача удостоверений многодетной семьи", 1200, "sem"),
        ("szn-materialnaya-pomoshch", "Оказание единовременной материальной помощи гражданам, оказавшимся в трудной жизненной ситуации", 900, "sem"),
        ("szn-opeka-sdelki", "Выдача предварительного разрешения органа опеки и попечительства на совершение сделок с имуществом подопечных", 700, "sem"),
        ("szn-pensiya-za-vyslugu", "Назначение пенсии за выслугу лет лицам, замещавшим муниципальные должности и должности муниципальной службы", 150, "em")],
    "zhkh": [
        ("zhkh-informatsiya-zhku", "Предоставление информации о порядке предоставления жилищно-коммунальных услуг населению", 3400, ""),
        ("zhkh-zemlyanye-raboty", "Выдача разрешений (ордеров) на производство земляных работ", 2700, "p"),
        ("zhkh-uchet-nuzhdayushchikhsya", "Принятие на учёт граждан в качестве нуждающихся в жилых помещениях, предоставляемых по договорам социального найма", 1400, "s"),
        ("zhkh-pereplanirovka", "Согласование проведения переустройства и (или) перепланировки помещения в многоквартирном доме", 900, ""),
        ("zhkh-perevod-pomeshcheniya", "Перевод жилого помещения в нежилое помещение и нежилого помещения в жилое помещение", 250, ""),
        ("zhkh-avariinoe-zhile", "Признание помещения жилым помещением, пригодным (непригодным) для проживания, и многоквартирного дома аварийным и подлежащим сносу или реконструкции", 120, "s")],
    "imushchestvo": [
        ("imu-vypiska-iz-reestra", "Предоставление информации об объектах учёта из реестра муниципального имущества", 800, ""),
        ("imu-privatizatsiya-zhilya", "Передача в собственность граждан занимаемых ими жилых помещений жилищного фонда (приватизация жилищного фонда)", 450, "s"),
        ("imu-sotsialnyi-naim", "Заключение, изменение и расторжение договоров социального найма жилых помещений", 350, "s"),
        ("imu-arenda-bez-torgov", "Предоставление муниципального имущества в аренду без проведения торгов", 90, ""),
        ("imu-reklamnye-konstruktsii", "Выдача разрешений на установку и эксплуатацию рекламных конструкций, аннулирование таких разрешений", 60, "n")],
    "zemlya": [
        ("zem-skhema-raspolozheniya", "Утверждение схемы расположения земельного участка или земельных участков на кадастровом плане территории", 700, ""),
        ("zem-bez-torgov", "Предоставление земельных участков, находящихся в муниципальной собственности, без проведения торгов", 500, ""),
        ("zem-pereraspredelenie", "Перераспределение земель и (или) земельных участков, находящихся в муниципальной собственности, и земельных участков, находящихся в частной собственности", 300, ""),
        ("zem-mnogodetnym", "Предоставление в собственность бесплатно земельных участков гражданам, имеющим трёх и более детей", 250, "s"),
        ("zem-ispolzovanie-zemel", "Выдача разрешения на использование земель или земельного участка без предоставления земельного участка и установления сервитута", 180, ""),
        ("zem-servitut", "Заключение соглашения об установлении сервитута в отношении земельного участка, находящегося в муниципальной собственности", 40, "")],
    "arkhitektura": [
        ("arkh-prisvoenie-adresa", "Присвоение адреса объекту адресации, изменение и аннулирование такого адреса", 1200, ""),
        ("arkh-uvedomlenie-izhs", "Направление уведомления о соответствии параметров планируемого объекта индивидуального жилищного строительства установленным параметрам", 900, "s"),
        ("arkh-gpzu", "Выдача градостроительного плана земельного участка", 650, ""),
        ("arkh-razreshenie-na-stroitelstvo", "Выдача разрешений на строительство", 300, "s"),
        ("arkh-vvod-v-ekspluatatsiyu", "Выдача разрешений на ввод объекта в эксплуатацию", 180, ""),
        ("arkh-uslovno-razreshennyi-vid", "Предоставление разрешения на условно разрешённый вид использования земельного участка или объекта капитального строительства", 70, ""),
        ("arkh-otklonenie-parametrov", "Предоставление разрешения на отклонение от предельных параметров разрешённого строительства, реконструкции объектов капитального строительства", 45, "")],
    "arkhiv": [
        ("arkhiv-sotsialno-pravovye-zaprosy", "Выдача архивных справок, архивных копий и архивных выписок по социально-правовым запросам", 70, "sp"),
        ("arkhiv-tematicheskie-zaprosy", "Исполнение тематических запросов граждан и организаций по документам архивного фонда", 25, ""),
        ("arkhiv-chitalnyi-zal", "Обеспечение доступа к архивным документам и справочно-поисковым средствам к ним в читальном зале архива", 15, "n")],
    "kultura": [
        ("kult-kruzhki", "Запись на обучение по дополнительной общеобразовательной программе в муниципальных учреждениях культуры", 600, "s"),
        ("kult-afisha", "Предоставление информации о времени и месте театральных представлений, концертов и гастрольных мероприятий, анонсы данных мероприятий", 400, ""),
        ("kult-biblioteki", "Предоставление доступа к справочно-поисковому аппарату библиотек, базам данных", 250, ""),
        ("kult-muzeinye-kollektsii", "Предоставление доступа к музейным предметам и музейным коллекциям муниципальных музеев", 120, "p"),
        ("kult-obekty-naslediya", "Выдача разрешений на проведение работ по сохранению объектов культурного наследия местного (муниципального) значения", 8, "o")],
    "sport": [
        ("sport-gto", "Организация тестирования по выполнению нормативов испытаний (тестов) комплекса «Готов к труду и обороне» (ГТО)", 1500, "s"),
        ("sport-sektsii", "Запись в физкультурно-спортивные секции муниципальных спортивных учреждений", 900, "s"),
        ("sport-razryady", "Присвоение спортивных разрядов", 350, ""),
        ("sport-kategorii-sudei", "Присвоение квалификационных категорий спортивных судей", 60, "")],
    "ekonomika": [
        ("ekon-podderzhka-msp", "Консультационная и информационная поддержка субъектов малого и среднего предпринимательства", 700, ""),
        ("ekon-yarmarki", "Выдача разрешений на участие в ярмарках на территории городского округа", 300, ""),
        ("ekon-subsidii-msp", "Предоставление субсидий субъектам малого и среднего предпринимательства", 120, ""),
        ("ekon-nto", "Включение места размещения в схему размещения нестационарных торговых объектов", 80, "5"),
        ("ekon-roznichnyi-rynok", "Выдача разрешений на право организации розничного рынка", 6, "p")],
    "zags": [
        ("zags-povtornye-svidetelstva", "Выдача повторных свидетельств о государственной регистрации актов гражданского состояния и иных документов", 1300, "e"),
        ("zags-rozhdenie", "Государственная регистрация рождения", 1100, "sem"),
        ("zags-brak", "Государственная регистрация заключения брака", 900, "se"),
        ("zags-ispravlenie-zapisei", "Внесение исправлений и изменений в записи актов гражданского состояния", 150, "e"),
        ("zags-peremena-imeni", "Государственная регистрация перемены имени", 60, "e")],
    "dorogi": [
        ("dor-parkovochnye-razresheniya", "Выдача парковочных разрешений многодетным семьям и инвалидам", 700, "s"),
        ("dor-krupnogabaritnyi-transport", "Выдача специального разрешения на движение по автомобильным дорогам местного значения тяжеловесного и (или) крупногабаритного транспортного средства", 250, ""),
        ("dor-ogranichenie-dvizheniya", "Согласование временного ограничения или прекращения движения транспортных средств по автомобильным дорогам местного значения", 180, ""),
        ("dor-pridorozhnye-polosy", "Выдача согласия на строительство, реконструкцию объектов капитального строительства в границах придорожных полос автомобильных дорог местного значения", 40, ""),
        ("dor-karty-marshruta", "Выдача свидетельств об осуществлении перевозок по муниципальному маршруту регулярных перевозок и карт маршрута", 30, "p")],
    "molodezh": [
        ("mol-molodye-semi", "Признание молодых семей участниками мероприятия по обеспечению жильём молодых семей", 220, "s"),
        ("mol-knizhki-volontera", "Выдача личных книжек волонтёра", 150, "e"),
        ("mol-konkurs-proektov", "Приём заявок на участие в муниципальном конкурсе молодёжных проектов", 60, "")],
}
CHANNEL_OFFSET = {"in_person": 0.05, "website": -0.1, "phone": -0.05, "pos": 0.0, "mfc": 0.1}
REQ_HEADER = ["service_id", "staff", "requests", "on_time", "late", "refusals", "complaints", "prebooking",
              "electronic", "requests_epgu", "mfc", "requests_mfc", "regulation_approved"]


def yn(flag: bool) -> str:
    return "да" if flag else "нет"


def clamp(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


def channels_for(organ_id: str, channels: str, year: int) -> list[str]:
    """Phone surveys start only in 2024; the property committee's ПОС channel lapses in 2024."""
    drop = {"phone"} if year == 2023 else {"pos"} if (year, organ_id) == (2024, "imushchestvo") else set()
    return [c for c in channels.split() if c not in drop]


def request_row(rng, sid, base, flags, u, level, reach, volume):
    """One row of requests.csv.  u = the service's fixed random draws; electronic/MFC availability follows
    `reach` (the best level so far: a service once put online stays online), everything else `level`."""
    n = int(clamp(round(base * volume * rng.uniform(0.9, 1.1)), 5, 6000))
    electronic = "e" in flags or (not {"p", "o"} & set(flags) and u[0] < 0.05 + 0.9 * reach)
    mfc = "m" in flags or ("o" not in flags and u[1] < 0.05 + 0.9 * reach)
    on_time = round(n * clamp(0.2 + 0.797 * level + rng.uniform(-0.05, 0.05) * (1 - level), 0, 1))
    late = round((n - on_time) * rng.uniform(0.4, 0.9))
    epgu = round(n * (0.05 + 0.57 * level) * rng.uniform(0.94, 0.98)) if electronic else 0
    via_mfc = round(n * (0.05 + 0.33 * level) * rng.uniform(0.94, 0.98)) if mfc else 0
    return [sid, int(clamp(round(n / 150 * rng.uniform(0.7, 1.3)), 1, 40)), n, on_time, late,
            round(n * clamp(0.02 + 0.12 * (1 - level) + rng.uniform(-0.02, 0.02), 0, 1)),
            round(n * 0.06 * (1 - level) ** 2 * rng.uniform(0.5, 1.5)),
            yn(u[2] < level), yn(electronic), epgu, yn(mfc), via_mfc, yn(u[3] < 0.15 + 0.9 * level)]


def regulation_row(rng, sid, flags, level):
    r = rng.random()
    if "n" in flags or r < 0.12:
        amendment = "не_требовалось"
    elif r < 0.12 + 0.88 * level:
        amendment = "в_срок"
    else:
        amendment = rng.choice(["с_опозданием", "не_внесены"])
    return [sid, yn(rng.random() < 0.3 + 0.7 * level), yn(rng.random() < 0.4 + 0.6 * level), amendment]


def feedback_rows(rng, organ_id, channels, level):
    return [[organ_id, ch, crit, rng.randint(15, 320),
             f"{clamp(1 + 3.9 * level + CHANNEL_OFFSET[ch] + rng.gauss(0, 0.12), 1, 5):.2f}"]
            for ch in channels for crit in ("work", "time", "information")]


def write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def write_static() -> None:
    q = lambda s: json.dumps(s, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar
    (DATA / "site.yaml").write_text(
        f"municipality: {q(MUNICIPALITY)}\nsite_url: \"https://example.org/monitoring/\"\nmethodology: kaluga\n"
        f"publisher:\n  name: {q('Управление делами главы Условного городского округа Новоозёрск')}\n"
        f"  email: \"monitoring@example.org\"\n  phone: \"+7 (000) 000-00-00\"\n"
        f"  address: {q('000000, Условная область, г. Новоозёрск, ул. Примерная, д. 1 (вымышленный адрес)')}\n"
        + rate_service_yaml("https://example.org/monitoring/")
        + press_yaml("Пресс-служба администрации Новоозёрска (демонстрационные данные)", "+7 (000) 000-00-01",
                     "press@example.org") + pdf_yaml(), encoding="utf-8")
    orgs = []
    for i, (oid, name, sector, short, *_rest) in enumerate(ORGANS):
        org = {"id": oid, "name": name, "sector": sector}
        if short:
            org["short_name"] = short
        if i % 3 != 2:
            org["website"] = f"https://example.org/novoozersk/{oid}/"
        orgs.append(org)
    (DATA / "organizations.yaml").write_text(
        "# Вымышленные органы условного муниципального образования (демонстрационные данные)\n"
        + yaml.safe_dump(orgs, allow_unicode=True, sort_keys=False, width=200), encoding="utf-8")
    write_csv(DATA / "services.csv", ["service_id", "organization_id", "name", "socially_significant"],
              [[sid, oid, name, yn("s" in flags)] for oid, svcs in SERVICES.items() for sid, name, _, flags in svcs])


def generate() -> None:
    rng = random.Random(2026)
    DATA.mkdir(exist_ok=True)
    for name in ("site.yaml", "organizations.yaml", "services.csv"):
        (DATA / name).unlink(missing_ok=True)
    shutil.rmtree(DATA / "periods", ignore_errors=True)
    write_static()
    draws = {sid: [rng.random() for _ in range(4)] for svcs in SERVICES.values() for sid, *_ in svcs}
    for y, year in enumerate(YEARS):
        requests, feedback, ratings, regulations = [], [], [], []
        for oid, _, _, _, _, channels, levels, volumes in ORGANS:
            level = levels[y]
            if level is None:
                continue
            feedback += feedback_rows(rng, oid, channels_for(oid, channels, year), level)
            for sid, _, base, flags in SERVICES[oid]:
                if "5" in flags and year < 2025:
                    continue
                row = request_row(rng, sid, base, flags, draws[sid], level, max(l for l in levels[:y + 1] if l), volumes[y])
                requests.append(row)
                if row[-1] == "да":
                    regulations.append(regulation_row(rng, sid, flags, level))
                if row[9] and oid not in NO_EPGU_RATINGS and rng.random() < 0.85:
                    csi = clamp(1 + 3.9 * level + rng.gauss(0, 0.2), 1, 5)
                    ratings.append([sid, f"{csi:.2f}", max(1, round(row[9] * rng.uniform(0.05, 0.3)))])
        folder = DATA / "periods" / str(year)
        write_csv(folder / "requests.csv", REQ_HEADER, requests)
        write_csv(folder / "feedback.csv", ["organization_id", "channel", "criterion", "respondents", "score"], feedback)
        write_csv(folder / "epgu_ratings.csv", ["service_id", "csi", "ratings"], ratings)
        write_csv(folder / "regulations.csv",
                  ["service_id", "complies_210fz", "complies_other_acts", "amendment"], regulations)
    (DATA / "periods" / str(YEARS[-1]) / "measures.yaml").write_text(measures_yaml(*MEASURES), encoding="utf-8")


# ---------------------------------------------------------------- independent check (--report)
def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def group(rows, key) -> dict[str, list[dict]]:
    groups = defaultdict(list)
    for r in rows:
        groups[key(r)].append(r)
    return groups


def band(value, cuts):
    return next((c for c in cuts if value >= c), 0)


def organ_metrics(rows, regs, feedback, ratings) -> dict:
    """Kaluga indicators of one organ in one period, straight from the brief's formulas."""
    total = lambda key: sum(int(r[key]) for r in rows)
    m = {"Кз": total("requests"), "Ку": len(rows)}
    kz, ku = m["Кз"], m["Ку"]
    m["Кмнк"] = (100 * sum("да" in (r["electronic"], r["mfc"]) for r in rows) / ku
                 + 100 * (total("requests_epgu") + total("requests_mfc")) / kz) / 2
    pz = [r for r in rows if r["electronic"] == "нет" and int(r["requests"]) >= 100]
    m["Dпз"] = 100 * sum(r["prebooking"] == "да" for r in pz) / len(pz) if pz else None
    m["осв"] = (sum(r["electronic"] == "да" for r in rows), ku - len(pz) - sum(r["electronic"] == "да" for r in rows))
    m["Уs"] = mean([100 * total("on_time") / kz, m["Dпз"], 100 - 100 * total("complaints") / kz])
    p2 = {"в_срок": 1, "с_опозданием": 0.5, "не_внесены": 0}
    kkr = [100 * mean([float(g["complies_210fz"] == g["complies_other_acts"] == "да"), p2.get(g["amendment"])])
           for g in (regs[r["service_id"]] for r in rows if r["service_id"] in regs)]
    m["Уар"] = mean([100 * sum(r["regulation_approved"] == "да" for r in rows) / ku, mean(kkr)])
    m["Кпр"] = (m["Кмнк"] + m["Уs"] + m["Уар"]) / 3
    m["k0"] = 1.05 if kz > 10000 else 1.03 if kz >= 8000 else 1.0
    m["k"] = 1.0 if m["Кпр"] > 95 else m["k0"]
    channels = group(feedback, lambda r: r["channel"])
    scores = [mean([float(r["score"]) for r in v]) for v in channels.values()]
    if ratings:
        scores.append(sum(float(r["csi"]) * int(r["ratings"]) for r in ratings) / sum(int(r["ratings"]) for r in ratings))
    m["Куд"] = mean(scores) / 5 * 100
    m["Кэф"] = (m["Кпр"] * m["k"] + m["Куд"]) / 2  # п. 4.1.1: mean of Куд and the raised Кпр
    m["notes"] = ([f"k={m['k0']} не применяется (Кпр>95)" if m["Кпр"] > 95 else f"k={m['k0']}"] * (m["k0"] > 1)
                  + ["нет оценок ЕПГУ"] * (not ratings) + ["Dпз не оценивается"] * (not pz) + [",".join(channels)])
    return m


def report() -> None:
    owner = {r["service_id"]: r["organization_id"] for r in read(DATA / "services.csv")}
    bands, amendments = defaultdict(set), set()
    print(f"{'орган':14}{'год':>5}{'Кз':>7}{'Ку':>3}{'Кмнк':>6}{'Уs':>6}{'Уар':>6}{'Кпр':>6}{'Dпз':>5}"
          f"{'осв.':>6}{'k':>5}{'Куд':>6}{'Кэф':>6}  ветви; каналы (осв. = электронные + <100 заявлений)")
    for year in YEARS:
        folder = DATA / "periods" / str(year)
        by_owner = lambda r: owner[r["service_id"]]
        reqs, ratings = group(read(folder / "requests.csv"), by_owner), group(read(folder / "epgu_ratings.csv"), by_owner)
        feedback = group(read(folder / "feedback.csv"), lambda r: r["organization_id"])
        regs = {r["service_id"]: r for r in read(folder / "regulations.csv")}
        amendments |= {r["amendment"] for r in regs.values()}
        for oid, *_ in ORGANS:
            rows = reqs.get(oid, [])
            kz = sum(int(r["requests"]) for r in rows)
            if kz < 50:
                print(f"{oid:14}{year:>5}{kz:>7}{len(rows):>3}  " + ("Кз < 50: не мониторится" if rows else "органа нет в периоде"))
                continue
            m = organ_metrics(rows, regs, feedback.get(oid, []), ratings.get(oid, []))
            for name, cuts in (("Куд", (95, 90, 80, 60, 40)), ("Кмнк", (80, 60, 40, 20)), ("Кэф", (90, 80, 70, 50, 30, 15))):
                bands[name].add(band(m[name], cuts))
            dpz = "н/о" if m["Dпз"] is None else f"{m['Dпз']:.0f}"
            print(f"{oid:14}{year:>5}{m['Кз']:>7}{m['Ку']:>3}{m['Кмнк']:6.1f}{m['Уs']:6.1f}{m['Уар']:6.1f}{m['Кпр']:6.1f}"
                  f"{dpz:>5}{'%d+%d' % m['осв']:>6}{m['k']:5.2f}{m['Куд']:6.1f}{m['Кэф']:6.1f}  " + "; ".join(m["notes"]))
    print("значения amendment:", ", ".join(sorted(amendments)))
    for name, hit in bands.items():
        print(f"задетые полосы {name} (нижние границы):", sorted(hit, reverse=True))
    per_year = {y: {r["service_id"] for r in read(DATA / "periods" / str(y) / "requests.csv")} for y in YEARS}
    print("услуг всего:", len(owner), "| только в 2025:", sorted(per_year[2025] - per_year[2024] - per_year[2023]))


if __name__ == "__main__":
    folders = [a for a in sys.argv[1:] if not a.startswith("--")]
    DATA = Path(folders[0]) if folders else DATA
    report() if "--report" in sys.argv else generate()
