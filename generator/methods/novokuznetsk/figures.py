"""Novokuznetsk district, 2013: the arithmetic of Приложение № 2 (parameter I, parameter 9, Соку, И)
and the rows of Приложение № 3 as a page prints them."""
from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

import pandas as pd

from generator.figures import Const, Product, Quotient, Ref, Sum, computed, mean, not_evaluated, refs
from generator.figures import share as share_in_percent
from generator.methods.novokuznetsk.inputs import COMPARISON_ROWS, LIST_SEPARATOR, NOT_EVALUATED, NOT_NEEDED
from generator.methods.novokuznetsk.spec import Parameter
from generator.results import Figure, Input
from generator.stats.intervals import Interval, scaled, wilson
from generator.text_ru import decimal, percent


def cell(value):
    """An optional cell as read: None when it was left empty."""
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def _points(answer) -> int | None:
    """A cell of the sheet as points: None for «не оценивается» / «не требуется» / empty."""
    if answer is None or answer in (NOT_EVALUATED, NOT_NEEDED) or (isinstance(answer, float) and pd.isna(answer)):
        return None
    return int(answer)


def requirement_score(requirements: dict[str, object], names: dict[str, str]) -> Figure:
    """Parameter I: the sum of the evaluated requirements' scores / their number (exact)."""
    inputs = tuple(Input(f"Т{n}", names[code], _points(value)) for n, (code, value)
                   in enumerate(requirements.items(), start=1))
    left_out = tuple(f"Требование «{i.label}» не оценивается и в расчёт не входит" for i in inputs
                     if i.value is None)
    return mean("p1", "П1 = сумма баллов оцениваемых требований / количество оцениваемых требований", inputs,
                "не оценено ни одно требование административного регламента", left_out=left_out)


SHARE_SYMBOL = "Д"
SHARE_LABEL = "Доля заявителей, удовлетворённых услугой"


def typed_share(share) -> Figure:
    """Д as the organ typed it in assessments.csv (graph p9_satisfied_share): an input, not a calculation,
    so the figure has no expression and the page prints no «Расчёт» line for it."""
    given = Input(SHARE_SYMBOL, f"{SHARE_LABEL} (указана органом в оценке параметров качества)", share, "%")
    formula = "Д — доля удовлетворённых заявителей, указанная органом в оценке параметров качества"
    if given.value is None:
        return not_evaluated("p9_share", formula, "доля удовлетворённых не указана", (given,))
    return Figure("p9_share", given.value, formula, None, (given,))


def surveyed_share(satisfied: int, rated: int, threshold) -> Figure:
    """Д = Кудовл / Копр × 100 % from the questionnaires of one point (п. 1.3)."""
    happy = Input("Кудовл", f"Получателей, оценивших услугу не ниже {decimal(threshold)} баллов из 5 "
                            "(по анкетам получателей)", satisfied)
    asked = Input("Копр", "Получателей, ответивших на вопрос об удовлетворённости (по анкетам получателей)", rated)
    figure = share_in_percent("p9_share", "Д = Кудовл / Копр × 100 %", happy, asked,
                              "ни один получатель не ответил на вопрос об удовлетворённости")
    # the questionnaires are a sample of the point's recipients; a typed share comes without its count: no interval
    return replace(figure, interval=wilson(satisfied, rated)) if figure.evaluated else figure


POOLED_SYMBOL = "Дусл"


def pooled_share(points: list[tuple[str, dict | None]], threshold) -> Figure | None:
    """Дусл: the share satisfied over every questionnaire of the service in the period, all its points
    together (`points`: each assessed point's name and what its questionnaires say, None where the organ
    typed Д in). A reference figure for the funnel plot, not one of the act: П9, Соку and И are scored from
    Д of each point, and nothing here changes them. None when no point was surveyed."""
    surveyed = [(name, survey) for name, survey in points if survey]
    if not surveyed:
        return None
    numbered = len(surveyed) > 1
    happy = tuple(Input(f"Кудовл{n if numbered else ''}", f"Получателей, оценивших услугу не ниже {decimal(threshold)} "
                        f"баллов из 5, в точке «{name}» (по анкетам получателей)", survey["satisfied"])
                  for n, (name, survey) in enumerate(surveyed, start=1))
    asked = tuple(Input(f"Копр{n if numbered else ''}", "Получателей, ответивших на вопрос об удовлетворённости, "
                        f"в точке «{name}» (по анкетам получателей)", survey["rated"])
                  for n, (name, survey) in enumerate(surveyed, start=1))
    typed = [name for name, survey in points if not survey]
    notes = tuple(f"В точке «{name}» доля удовлетворённых указана органом без анкет и числа опрошенных, "
                  f"поэтому в {POOLED_SYMBOL} не входит" for name in typed)
    formula = f"{POOLED_SYMBOL} = Кудовл / Копр × 100 % по всем точкам оказания услуги"
    expression = Quotient(Sum(*refs(happy)), Sum(*refs(asked))) if numbered else Quotient(Ref(happy[0]), Ref(asked[0]))
    figure = computed("pooled_share", formula, Product(expression, Const(100)),
                      tuple(item for pair in zip(happy, asked) for item in pair),
                      reason="ни один получатель не ответил на вопрос об удовлетворённости", notes=notes)
    if not figure.evaluated:
        return figure
    satisfied, rated = sum(s["satisfied"] for _, s in surveyed), sum(s["rated"] for _, s in surveyed)
    # the questionnaires of all the points are one sample of the service's recipients
    return replace(figure, interval=wilson(satisfied, rated))


def points_interval(share_figure: Figure, points: int, points_of) -> Interval | None:
    """Parameter 9's interval: the points of the scale rows the interval of Д reaches (`points_of`: share →
    points). A look-up has no derivative to carry an error by; the rows at the two ends of Д's interval are
    what the survey could have given instead."""
    share = share_figure.interval
    if share is None:
        return None
    low, high = points_of(share.low), points_of(share.high)
    how = (f"баллы строк шкалы параметра 9, до которых доходит доверительный интервал доли Д "
           f"(от {percent(share.low)} до {percent(share.high)})")
    return Interval(low=Fraction(min(low, points)), high=Fraction(max(high, points)), level=share.level,
                    method="carried", how=how, value=Fraction(points), n=share.n)


def satisfaction_score(share_figure: Figure, points: int, interval: Interval | None = None) -> Figure:
    """Parameter 9: the points of the scale row the share of satisfied applicants Д falls in.
    A look-up, not a calculation: the figure has no expression; its note names the row and, when Д was
    counted from the questionnaires, writes out that count from the very expression that computed Д."""
    given = Input(SHARE_SYMBOL, SHARE_LABEL, share_figure.value, "%")
    formula = "П9 = балл строки шкалы параметра 9 для доли удовлетворённых Д"
    row = f"строка «{share_figure.band.label}»"
    if share_figure.expression is None:  # typed in assessments.csv
        note = f"Д = {decimal(share_figure.value, 1)} % — {row}"
        return Figure("p9", points, formula, None, (given,), notes=(note,), interval=interval)
    note = (f"Д = {share_figure.substituted(_shown)} = {percent(share_figure.value)} по анкетам получателей — "
            f"{row}")
    return Figure("p9", points, formula + ", где Д = Кудовл / Копр × 100 %", None,
                  (*share_figure.inputs, given), notes=(note,), interval=interval)


def _shown(item: Input) -> str:
    """An input as a calculation note writes it (the same rule as the pages: exact, rounded only here)."""
    return percent(item.value) if item.unit == "%" else decimal(item.value)


TOP = 5  # no parameter scores more than 5 points, so neither can Соку, И or a mean of them


def on_scale(figure: Figure) -> Figure:
    """A figure whose carried interval (value ± 1,96 σ) passes 5 points, with the interval ending at 5."""
    interval = figure.interval
    if interval is None or interval.high <= TOP:
        return figure
    return replace(figure, interval=replace(interval, high=Fraction(TOP)))


def all_known(figure: Figure, parts) -> Figure:
    """The figure without its interval when one of the evaluated `parts` (figures) has none: a share typed
    in without its number of respondents has an unknown error, and an unknown error is not zero."""
    if figure.interval is not None and any(p.value is not None and p.interval is None for p in parts):
        return replace(figure, interval=None)
    return figure


def point_score(p1: Figure, answers: dict[str, object], p9: Figure, parameters: dict[str, Parameter]) -> Figure:
    """Соку: the sum of the scored parameters / their number (parameter I counts as one)."""
    inputs = [Input("П1", "Параметр I: соответствие процедуры административному регламенту", p1.value)]
    notes = []
    if p1.value is None:
        notes.append("Параметр I не оценивается (не оценено ни одно требование) и в расчёт не входит")
    for code, data in parameters.items():
        value = _points(answers[code])
        inputs.append(Input(f"П{data.number}", data.name, value))
        if value is None:
            notes.append(f"Параметр {data.number} не оценивается (межведомственное взаимодействие не требуется) "
                         "и в расчёт не входит")
    inputs.append(Input("П9", "Удовлетворённость получателей услуги", p9.value, se=p9.se))
    figure = mean("soku", "Соку = сумма баллов по оцениваемым параметрам / количество оцениваемых параметров", inputs,
                  "не оценён ни один параметр", left_out=notes)
    if not figure.evaluated or p9.interval is None:
        return figure
    # П9 is the only part from a sample (the others are the inspector's scores): Соку moves with it exactly
    # 1 / k, so its interval is П9's scaled, as lopsided as П9's rows are
    k = sum(1 for i in inputs if i.value is not None)
    return replace(figure, interval=scaled(p9.interval, Fraction(1, k), figure.value - p9.value / k, how=(
        "доверительный интервал П9, перенесённый по формуле Соку (остальные параметры — баллы оценки, "
        "без выборочной погрешности)")))


def integrated_score(points: list[tuple[str, Figure]]) -> Figure:
    """И = Соку at one point; (СокуМ1 + … + СокуМi) / Км over the Км points otherwise."""
    if len(points) == 1:
        name, soku = points[0]
        figure = computed("index", "И = Соку (услуга исследована в одной точке оказания)",
                          Ref(Input("Соку", f"Соку в точке «{name}»", soku.value, se=soku.se)))
        return replace(figure, interval=soku.interval)  # the same figure: the same interval
    # each point asks its own recipients: the errors of the points are independent
    inputs = tuple(Input(f"СокуМ{n}", f"Соку в точке «{name}»", soku.value, se=soku.se)
                   for n, (name, soku) in enumerate(points, start=1))
    count = Input("Км", "Количество исследуемых точек оказания", len(points))
    figure = computed("index", "И = (СокуМ1 + … + СокуМi) / Км", Quotient(Sum(*refs(inputs)), Ref(count)),
                      (*inputs, count), reason="Соку не оценено ни в одной точке")
    return on_scale(all_known(figure, [soku for _, soku in points]))


def comparison_rows(row: dict) -> dict:
    """Приложение № 3 for one other municipality: the seed's rows, with the deviation of the numeric ones;
    the documents row also carries the names of the documents, when listed."""
    lines = []
    for name, title, kind in COMPARISON_ROWS:
        own, other = cell(row.get(f"{name}_own")), cell(row.get(f"{name}_other"))
        deviation = own - other if kind != "text" and own is not None and other is not None else None
        line = {"code": name, "title": title, "kind": kind, "own": own, "other": other, "deviation": deviation,
                "own_names": [], "other_names": []}
        if name == "documents":
            line.update(title=DOCUMENTS_TITLE, own_names=document_names(row.get("documents_list_own")),
                        other_names=document_names(row.get("documents_list_other")))
        lines.append(line)
    return {"other": row["other_municipality"], "lines": lines}


DOCUMENTS_TITLE = "Документы, необходимые для предоставления муниципальной услуги (наименование и количество)"


def document_names(text) -> list[str]:
    """«Заявление; Паспорт; » → ["Заявление", "Паспорт"]: the names of a documents list, blanks dropped."""
    text = cell(text)
    return [name.strip() for name in str(text).split(LIST_SEPARATOR) if name.strip()] if text else []


def condition_texts(conditions: pd.DataFrame) -> dict[str, dict]:
    """requirement → its texts of Приложение № 2 at one point (required, actual, deviation); a requirement
    without a row is absent, so its cells stay empty."""
    return {row["requirement"]: {"required": row["required"], "actual": row["actual"],
                                 "deviation": cell(row["deviation"]) or ""}
            for row in conditions.to_dict("records")}
