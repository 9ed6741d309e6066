"""Dzerzhinsk, 2009/2012: the assessment sheets (ведомости) of a quarter and their figures: О1.1, О1.2, О1,
О2, the summary СО and the conclusion on a violated standard (п. 3.16, 3.21, 3.22, 4.6, 4.7)."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from fractions import Fraction

import pandas as pd

from generator.exact import exact
from generator.figures import Const, Ref, Sum, computed, count_figure, mean, not_evaluated, refs
from generator.methods.dzerzhinsk.inputs import INSPECTION, INSPECTION_KINDS, SECTIONS, parse_date
from generator.results import Figure, Input
from generator.scales import Scale
from generator.text_ru import date as ru_date
from generator.text_ru import decimal, plural_count


def sheet_id(source: str, act_date: dt.date) -> str:
    """The stable id of a sheet in open data (`part`): inspection-2025-09-10, self-2025-10-02."""
    return f"{'inspection' if source == INSPECTION else 'self'}-{act_date.isoformat()}"


def service_of(value) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def split_sheets(rows: pd.DataFrame, threshold: Fraction) -> list[dict]:
    """The sheets in `rows`: inspections first (latest act first), then self-reports. Rows are grouped by
    the act's date as a date, so «10.09.2025» and «2025-09-10» are one sheet."""
    if rows.empty:
        return []
    dated = rows.assign(_act=[parse_date(a) for a in rows["act_date"]])
    sheets = []
    for (source, act), part in dated.groupby(["source", "_act"], sort=False):
        published = [parse_date(p) for p in part["published"] if parse_date(p) is not None]
        kinds = [k for k in part["inspection_kind"] if isinstance(k, str)]
        items = [{"section": r["section"], "indicator": r["indicator"], "compliance": exact(r["compliance"]),
                  "violated": exact(r["compliance"]) < threshold, "row": int(r["_row"]),
                  "service_id": service_of(r.get("service_id"))}
                 for _, r in part.iterrows()]
        items.sort(key=lambda r: (list(SECTIONS).index(r["section"]), r["row"]))
        sheets.append({"id": sheet_id(source, act), "source": source, "act_date": act,
                       "kind": kinds[0] if kinds else None, "published": max(published) if published else None,
                       "rows": items, "violations": sum(1 for r in items if r["violated"]), "counted": False})
    sheets.sort(key=lambda s: (s["source"] != INSPECTION, -s["act_date"].toordinal()))
    return sheets


def counting_sheet(sheets: list[dict]) -> dict | None:
    """The inspection prevails over the self-report; of several inspections the latest act counts."""
    if not sheets:
        return None
    sheets[0]["counted"] = True  # split_sheets puts the latest inspection, or else the latest self-report, first
    return sheets[0]


def _items(rows: list[dict], sections: tuple[str, ...]) -> list[Input]:
    inputs, counters = [], {}
    for r in rows:
        if r["section"] in sections:
            counters[r["section"]] = counters.get(r["section"], 0) + 1
            inputs.append(Input(f"{r['section']}.{counters[r['section']]}", r["indicator"], exact(r["compliance"])))
    return inputs


def sheet_figures(rows: list[dict], threshold=Fraction(1, 2), scale: Scale | None = None) -> dict[str, Figure]:
    """О1.1, О1.2, О1, О2, СО (banded on `scale`) and the violation conclusion of one sheet
    (п. 3.16, 3.21, 3.22, 4.6, 4.7); rows carry section, indicator, compliance."""
    threshold = exact(threshold)
    s11 = mean("s1_1", "О1.1 = среднее соблюдения индикаторов подраздела 1.1", _items(rows, ("1.1",)),
               "в ведомости нет индикаторов подраздела 1.1")
    s12 = mean("s1_2", "О1.2 = среднее соблюдения индикаторов подраздела 1.2", _items(rows, ("1.2",)),
               "в ведомости нет индикаторов подраздела 1.2")
    s1 = mean("s1", "О1 = среднее соблюдения всех индикаторов подразделов 1.1 и 1.2",
              _items(rows, ("1.1", "1.2")), "в ведомости нет индикаторов раздела 1")
    s2 = mean("s2", "О2 = среднее соблюдения требований раздела 2", _items(rows, ("2",)),
              "в ведомости нет требований раздела 2")
    sections = (("О1", "Оценка раздела 1", s1), ("О2", "Оценка раздела 2", s2))
    left_out = tuple(f"{symbol} не оценивается ({f.reason}) и в сводную оценку не входит"
                     for symbol, _, f in sections if not f.evaluated)
    summary = mean("summary", "СО = (О1 + О2) / 2", [Input(symbol, name, f.value) for symbol, name, f in sections],
                   "в ведомости нет ни одного индикатора", left_out)
    if scale is not None:
        summary = replace(summary, band=scale.band_for(summary.value))
    below = sum(1 for r in rows if exact(r["compliance"]) < threshold)
    positions = count_figure("positions_below", f"Нп = число позиций ведомости с соблюдением < {decimal(threshold)}",
                             Input("Нп", f"Позиций с оценкой ниже {decimal(threshold)}", below))
    return {"s1_1": s11, "s1_2": s12, "s1": s1, "s2": s2, "summary": summary, "positions_below": positions,
            "violated": violation_conclusion(positions.inputs[0], threshold)}


def violation_conclusion(count_input: Input, threshold: Fraction, where: str = "в ведомости") -> Figure:
    """В = 1 (стандарт нарушен) when a position is below the threshold (п. 3.22, 4.7), else 0.
    A conclusion, not arithmetic: no calculation line, the note says why."""
    count = int(count_input.value)
    note = (f"Стандарт нарушен: {plural_count(count, 'позиция', 'позиции', 'позиций')} {where} с оценкой ниже "
            f"{decimal(threshold)} (п. 3.22, 4.7)" if count else
            f"Стандарт не нарушен: позиций с оценкой ниже {decimal(threshold)} {where} нет")
    return Figure("violated", Fraction(1 if count else 0),
                  f"В = 1 (стандарт нарушен), если хотя бы одна позиция ниже {decimal(threshold)}, иначе 0",
                  None, (count_input,), notes=(note,))


def found_violations(sheets: list[dict], threshold=Fraction(1, 2)) -> Figure:
    """Н for the ranking (п. 6.6): positions below the threshold on the inspection sheets of the quarter
    («в ходе проведения плановых и внеплановых контрольных мероприятий»). A self-report is not an
    inspection: its positions below 0,5 get the violation conclusion on its sheet but are not counted here."""
    threshold = exact(threshold)
    formula = f"Н = Нп1 + Нп2 + … — позиции с соблюдением < {decimal(threshold)} во всех ведомостях проверок квартала"
    inspections = [s for s in sheets if s["source"] == INSPECTION]
    if not inspections:
        return computed("violations", formula, Const(0), inputs=(), notes=(
            "Проверок (контрольных мероприятий) за квартал не было: выявленных нарушений 0. Позиции ниже "
            f"{decimal(threshold)} в ведомости самооценки дают вывод о нарушении стандарта (п. 4.7), но "
            "выявленными в ходе контрольных мероприятий нарушениями (п. 6.6) не являются.",))
    inputs = [Input(f"Нп{index}", sheet_label(s), sum(1 for r in s["rows"] if exact(r["compliance"]) < threshold))
              for index, s in enumerate(inspections, start=1)]
    return computed("violations", formula, Sum(*refs(inputs)) if len(inputs) > 1 else Ref(inputs[0]))


def quarter_violation(sheets: list[dict], found: Figure, threshold=Fraction(1, 2)) -> Figure:
    """The quarter's conclusion of п. 3.22, 4.7: violated if an inspection found a position below the
    threshold, or, without inspections, if the self-report that counts has one."""
    if any(s["source"] == INSPECTION for s in sheets):
        count = Input("Н", "Нарушений, выявленных в ходе проверок квартала", int(found.value))
        return violation_conclusion(count, exact(threshold), "в ведомостях проверок квартала")
    counted = next(s for s in sheets if s["counted"])
    return counted["figures"]["violated"]


def sheet_label(sheet: dict) -> str:
    if sheet["source"] == INSPECTION:
        kind = f"{INSPECTION_KINDS[sheet['kind']].split(' (')[0]} " if sheet.get("kind") else ""
        return f"Ведомость по итогам проверки ({kind}акт от {ru_date(sheet['act_date'])})".replace("( ", "(")
    return f"Ведомость самооценки организации от {ru_date(sheet['act_date'])}"


def complaints_figure(count: int | None) -> Figure:
    formula = "Ж = число жалоб за квартал"
    if count is None:
        return not_evaluated("complaints", formula,
                             "нет сведений о жалобах на организацию за квартал (строки нет в complaints.csv)")
    return count_figure("complaints", formula, Input("Ж", "Жалоб на организацию за квартал", count))
