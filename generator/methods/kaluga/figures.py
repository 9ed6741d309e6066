"""Kaluga, 2025: the arithmetic of Куд, Кпр (Кмнк, Уs, Уар) and Кэф of one organ.

Every function takes the organ's rows of the seed tables (records, rows.py; a DataFrame is taken
as its records) and returns Figures that keep their inputs, so a page can print the whole calculation.
"""
from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from generator.exact import exact, exact_sum
from generator.figures import (Const, Difference, Figure, Input, Product, Quotient, Ref, Sum, as_input, computed,
                               mean, not_evaluated, share)
from generator.methods.kaluga.intervals import criterion_interval, csi_interval, epgu_interval, kud_interval
from generator.methods.kaluga.spec import Amendment, RaisingFactor
from generator.methods.rows import Row, Rows, records, total
from generator.stats.intervals import Interval

EPGU = "epgu"


def _as_input(figure: Figure, symbol: str) -> Input:
    return as_input(figure, symbol, "%")


def _composite(code: str, formula: str, parts: list[tuple[str, Figure]]) -> Figure:
    """The mean of the evaluated parts of a composite; it says which parts it had to leave out."""
    left_out = [f"{symbol} не оценивается и в расчёт не входит" for symbol, f in parts if f.value is None]
    return mean(code, formula, [_as_input(f, symbol) for symbol, f in parts], "нет ни одной оцененной составляющей",
                left_out)



# ---- satisfaction (п. 3.2) ------------------------------------------------------

def satisfaction_coefficient(csi: Input) -> Figure:
    """Куд(%) = CSI / 5 × 100 % (п. 3.2.2), exactly."""
    return computed("kud", "Куд канала = CSI / 5 × 100 %", Product(Quotient(Ref(csi), Const(5)), Const(100)))


def rated_criteria(feedback: Rows) -> list[tuple[str, Fraction, int]]:
    """(criterion, score, respondents) of the criteria somebody rated: what a channel's CSI averages."""
    rated = ((r["criterion"], exact(r["score"]), int(r["respondents"])) for r in records(feedback))
    return [(criterion, score, asked) for criterion, score, asked in rated if asked > 0 and score is not None]


def channel_csi(feedback: Rows) -> Fraction | None:
    """CSI of one channel: the mean of its criteria scores (criteria nobody rated are skipped)."""
    return _csi_of(rated_criteria(feedback))


def _csi_of(rated: list[tuple[str, Fraction, int]]) -> Fraction | None:
    return exact_sum(score for _, score, _ in rated) / len(rated) if rated else None


def channel_csi_interval(feedback: Rows, answers=None) -> Interval | None:
    """The interval of a channel's CSI; `answers(criterion)` gives the raw answers (score → count)
    when responses.csv was given."""
    rated = rated_criteria(feedback)
    return _csi_interval_of(rated, _csi_of(rated), answers)


def _csi_interval_of(rated: list[tuple[str, Fraction, int]], csi: Fraction | None, answers) -> Interval | None:
    if csi is None:
        return None
    return csi_interval(csi, [criterion_interval(score, asked, answers(criterion) if answers else None)
                              for criterion, score, asked in rated])


def epgu_csi(ratings: Rows) -> Fraction | None:
    """CSI of the federal portal: per-service CSI weighted by the number of ratings."""
    ratings = records(ratings)
    weight = total(ratings, "ratings")
    if not weight:
        return None
    return sum((exact(r["csi"]) * int(r["ratings"]) for r in ratings), Fraction(0)) / weight



def satisfaction_figures(feedback: Rows, epgu: Rows, channels: dict[str, str], responses=None) -> dict[str, Figure]:
    """Куд of each channel and their mean; `responses`: the organ's raw answers (a frame), when given."""
    feedback, epgu = records(feedback), records(epgu)
    figures: dict[str, Figure] = {}
    for channel in channels:
        if channel == EPGU:
            csi = epgu_csi(epgu)
            inputs = (Input("CSI", "CSI Портала госуслуг, взвешенный по числу оценок", csi),
                      Input("оценок", "Число оценок", total(epgu, "ratings")))
            interval = epgu_interval(csi, inputs[1].value) if csi is not None else None
        else:
            rows = [r for r in feedback if r["channel"] == channel]
            rated = rated_criteria(rows)  # once: the CSI and its interval both read it
            csi = _csi_of(rated)
            inputs = (Input("CSI", "Средняя оценка критериев канала", csi),
                      Input("респондентов", "Число респондентов (наибольшее по критериям)",
                            int(max(r["respondents"] for r in rows)) if rows else 0))
            interval = _csi_interval_of(rated, csi, _answers(responses, channel))
        if csi is None:
            continue  # a channel without ratings is not part of Куд
        figures[f"kud_{channel}"] = replace(satisfaction_coefficient(inputs[0]), indicator=f"kud_{channel}",
                                             inputs=inputs, interval=kud_interval(interval))
    # the channels are asked of different people: independent errors, carried to the mean by `computed`
    parts = [Input(channels[f.indicator.removeprefix("kud_")], "Куд канала", f.value, "%", f.se)
             for f in figures.values()]
    figures["kud"] = mean("kud", "Куд = среднее Куд по каналам обратной связи", parts,
                          "нет оценок ни по одному каналу обратной связи")
    return figures


def _answers(responses, channel: str):
    """criterion → its raw answers (score → count) in `channel`, or None without raw answers."""
    if responses is None or len(responses) == 0:
        return None
    import pandas as pd

    from generator.survey.responses import Answers, score_counts_of

    if isinstance(responses, Answers):  # counted already (compute_period)
        return lambda criterion: responses.score_counts(criterion, channel)
    if not isinstance(responses, pd.DataFrame):  # the organ's answers as records
        responses = pd.DataFrame(records(responses))
    own = responses[(responses["channel"] == channel).to_numpy()]
    return lambda criterion: score_counts_of(own, criterion)


# ---- availability through channels (п. 3.3.3.1) ---------------------------------

def access_figures(requests: Rows) -> dict[str, Figure]:
    requests = records(requests)
    all_requests = Input("Кз", "Заявлений за период", total(requests, "requests"))
    services = Input("Ку", "Услуг органа", len(requests))
    converted = Input("К", "Услуг в электронном виде и (или) через МФЦ",
                      sum(1 for r in requests if r["electronic"] or r["mfc"]))
    d_u = share("d_u", "Dу = К / Ку × 100 %", converted, services, "у органа нет услуг")
    no_requests = "за период не поступило заявлений"
    d_el = share("d_el", "Dэл = Кэл / Кз × 100 %",
                 Input("Кэл", "Заявлений через Портал госуслуг", total(requests, "requests_epgu")), all_requests,
                 no_requests)
    d_mfc = share("d_mfc", "Dмфц = Кмфц / Кз × 100 %",
                  Input("Кмфц", "Заявлений через МФЦ", total(requests, "requests_mfc")), all_requests, no_requests)
    d_z = computed("d_z", "Dз = Dэл + Dмфц", Sum(Ref(_as_input(d_el, "Dэл")), Ref(_as_input(d_mfc, "Dмфц"))),
                   reason=no_requests)
    kmnk = _composite("kmnk", "Кмнк = (Dу + Dз) / 2", [("Dу", d_u), ("Dз", d_z)])
    return {"d_u": d_u, "d_el": d_el, "d_mfc": d_mfc, "d_z": d_z, "kmnk": kmnk}


# ---- standards (п. 3.3.3.2) -----------------------------------------------------

def prebooking_subject(row: Row, minimum_requests: int) -> bool:
    """Does Dпз apply to the service: not electronic and with at least `minimum_requests` requests."""
    return not row["electronic"] and row["requests"] >= minimum_requests


def prebooking_exemption(row, minimum_requests: int) -> str:
    if row["electronic"]:
        return "услуга предоставляется в электронном виде"
    if row["requests"] < minimum_requests:
        return f"поступило менее {minimum_requests} заявлений"
    return ""


def standards_figures(requests: Rows, minimum_requests: int) -> tuple[dict[str, Figure], list[dict]]:
    """The figures of п. 3.3.3.2, and a row per service saying whether Dпз applies to it."""
    requests = records(requests)
    all_requests = Input("Кз", "Заявлений за период", total(requests, "requests"))
    no_requests = "за период не поступило заявлений"
    d_mu = share("d_mu", "Dму = Кзу / Кз × 100 %",
                 Input("Кзу", "Рассмотрено в установленный срок", total(requests, "on_time")), all_requests,
                 no_requests)
    d_zh = share("d_zh", "Dж = Кж / Кз × 100 %", Input("Кж", "Жалоб", total(requests, "complaints")),
                 all_requests, no_requests)
    subject = [r for r in requests if prebooking_subject(r, minimum_requests)]
    d_pz = share("d_pz", "Dпз = Кпз / Ку′ × 100 %",
                 Input("Кпз", "Услуг с предварительной записью среди тех, к которым показатель применяется",
                       sum(1 for r in subject if r["prebooking"])),
                 Input("Ку′", "Услуг, к которым показатель применяется", len(subject)),
                 "все услуги органа предоставляются в электронном виде или получили менее "
                 f"{minimum_requests} заявлений (п. 3.3.3.2 «в»)")
    us = standards_level(d_mu, d_pz, d_zh)
    prebooking = [{"service_id": r["service_id"], "name": r["name"], "requests": r["requests"],
                   "electronic": r["electronic"], "prebooking": r["prebooking"],
                   "exemption": prebooking_exemption(r, minimum_requests)} for r in requests]
    return {"d_mu": d_mu, "d_zh": d_zh, "d_pz": d_pz, "us": us}, prebooking


def standards_level(d_mu: Figure, d_pz: Figure, d_zh: Figure) -> Figure:
    """Уs = (Dму + Dпз + (100 − Dж)) / 3, or without Dпз when it is not evaluated."""
    formula = "Уs = (Dму + Dпз + (100 % − Dж)) / 3"
    parts = [_as_input(f, symbol) for symbol, f in (("Dму", d_mu), ("Dпз", d_pz)) if f.value is not None]
    if d_zh.value is None or not parts:
        return not_evaluated("us", formula, "за период не поступило заявлений")
    terms = [Ref(p) for p in parts] + [Difference(Const(100), Ref(_as_input(d_zh, "Dж")))]
    notes = () if d_pz.value is not None else ("Dпз не оценивается и в расчёт не входит: " + d_pz.reason,)
    return computed("us", formula, Quotient(Sum(*terms), Const(len(terms))), notes=notes)


# ---- administrative regulations (п. 3.3.3.3) -----------------------------------

def regulation_quality(complies_210fz: bool, complies_other: bool, amendment_points) -> Fraction:
    """Quality of one regulation: mean of П1 (compliance) and П2 (timeliness), П2 only where applicable."""
    p1 = Fraction(1 if complies_210fz and complies_other else 0)
    return p1 if amendment_points is None else (p1 + exact(amendment_points)) / 2


def regulation_figures(requests: Rows, regulations: Rows,
                       amendments: dict[str, Amendment]) -> tuple[dict[str, Figure], list[dict]]:
    """Уар and its parts, and the organ's rows of Таблица 5 with П1, П2 (None: not applicable) and
    the service's quality."""
    requests, regulations = records(requests), records(regulations)
    services = Input("Ку", "Услуг органа", len(requests))
    approved = Input("Кар", "Утверждённых административных регламентов", total(requests, "regulation_approved"))
    d_ar = share("d_ar", "Dар = Кар / Ку × 100 %", approved, services, "у органа нет услуг")
    provided = {r["service_id"] for r in requests}
    rows = []
    for row in regulations:
        if row["service_id"] not in provided:
            continue
        points = exact(amendments[row["amendment"]].points)
        rows.append({**row, "p1": int(bool(row["complies_210fz"] and row["complies_other_acts"])), "p2": points,
                     "quality": regulation_quality(row["complies_210fz"], row["complies_other_acts"], points)})
    count = Input("N", "Услуг, оценённых в таблице 5", len(rows))
    quality = Input("Σ", "Сумма оценок услуг", sum((r["quality"] for r in rows), Fraction(0)))
    kkr = share("kkr", "Ккр = Σ оценок услуг / N × 100 %", quality, count, "таблица 5 по услугам органа не заполнена")
    uar = _composite("uar", "Уар = (Dар + Ккр) / 2", [("Dар", d_ar), ("Ккр", kkr)])
    return {"d_ar": d_ar, "kkr": kkr, "uar": uar}, rows


# ---- practice and efficiency (п. 3.3.4, 4.1) ------------------------------------

def raising_factor(total_requests: int, practice_raw: Fraction, rule: RaisingFactor) -> tuple[Fraction | None, str]:
    """The factor of table 1.5.1 for Кз requests, or None with the reason it does not apply."""
    if practice_raw > exact(rule.not_applied_above):
        return None, f"Кпр более {rule.not_applied_above} % — повышающий коэффициент не применяется (п. 3.3.4.3)"
    for row in rule.rows:
        above = total_requests > row.from_ if row.from_exclusive else total_requests >= row.from_
        below = row.to is None or total_requests <= row.to
        if above and below:
            return exact(row.factor), f"поступило {row.text} (таблица 1.5.1)"
    return None, "поступило менее 8 тыс. заявлений — повышающий коэффициент не предусмотрен (таблица 1.5.1)"


def practice_figures(figures: dict[str, Figure], total_requests: int, rule: RaisingFactor) -> dict[str, Figure]:
    raw = _composite("kpr_raw", "Кпр = (Кмнк + Уs + Уар) / 3",
                     [(s, figures[c]) for c, s in (("kmnk", "Кмнк"), ("us", "Уs"), ("uar", "Уар"))])
    if raw.value is None:
        return {"kpr_raw": raw, "kpr": replace(raw, indicator="kpr")}
    factor, why = raising_factor(total_requests, raw.value, rule)
    before = Input("Кпр до коэффициента", "Кпр до применения повышающего коэффициента", raw.value, "%")
    requests = Input("Кз", "Заявлений за период", total_requests)
    if factor is None:
        kpr = computed("kpr", "Кпр = Кпр до коэффициента", Ref(before), (before, requests), notes=(why,))
    else:
        coefficient = Input("коэффициент", "Повышающий коэффициент", factor)
        kpr = computed("kpr", "Кпр = Кпр до коэффициента × повышающий коэффициент",
                       Product(Ref(before), Ref(coefficient)), (before, requests, coefficient), notes=(why,))
    return {"kpr_raw": raw, "kpr": kpr}


def efficiency_figure(kud: Figure, kpr: Figure) -> Figure:
    """Кэф = (Куд + Кпр) / 2 (п. 4.1.1)."""
    return _composite("kef", "Кэф = (Куд + Кпр) / 2", [("Куд", kud), ("Кпр", kpr)])
