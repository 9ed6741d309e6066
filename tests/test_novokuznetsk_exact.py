"""Novokuznetsk: exact figures on the edges of the scales, fair ties, and independence of row order.

Property tests (hypothesis) on inputs built so that a figure lands exactly on an edge:
- И on each edge of the interpretation scale falls in the row the act's «>» leaves it in (the row
  below the edge: И = 4,0 is «удовлетворительно», not «хорошо»);
- the share satisfied Д exactly on 80, 50, 35 or 20 % takes the points of the row that starts there;
- services with equal exact И share the smallest place; shuffling the rows of the input tables changes
  no value, band or place.
The expected bands are written out here from the act's table, not read from the plugin's YAML.
"""
from __future__ import annotations

import itertools
import random
import shutil
from fractions import Fraction as F
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.build import check
from generator.compute import compute
from generator.methods import METHODOLOGIES
from generator.methods.novokuznetsk import (
    integrated_score,
    point_score,
    requirement_score,
    surveyed_share,
    typed_share,
)
from generator.methods.novokuznetsk.inputs import PARAMETERS, REQUIREMENTS
from generator.results import Figure

NKZ = METHODOLOGIES["novokuznetsk"]
FIXTURE = Path(__file__).parent / "fixtures" / "novokuznetsk"
FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# The act's table: «> 5,5 отлично; > 5,0 очень хорошо; > 4,0 хорошо; > 3,5 удовлетворительно; > 3,0 вызывает
# беспокойство; > 2,5 плохо; > 2,0 очень плохо». A value on an edge is not «>» it: it takes the row below.
ON_EDGE = {F("5.5"): "very_good", F(5): "good", F(4): "satisfactory", F("3.5"): "worrying", F(3): "bad",
           F("2.5"): "very_bad", F(2): "below_scale"}
JUST_ABOVE = {F("5.5"): "excellent", F(5): "very_good", F(4): "good", F("3.5"): "satisfactory", F(3): "worrying",
              F("2.5"): "bad", F(2): "very_bad"}
REACHABLE_EDGES = [e for e in ON_EDGE if e <= 5]  # every parameter scores at most 5
# Parameter 9: «80–100 %» 5, «50–79 %» 4, «35–49 %» 3, «20–35 %» 2, «менее 20 %» 1.
SHARE_EDGES = {80: 5, 50: 4, 35: 3, 20: 2}
BELOW_SHARE_EDGE = {80: 4, 50: 3, 35: 2, 20: 1}

ANSWERS = {code: sorted(int(points) for points in data.answers) for code, data in PARAMETERS.items()}
P9_POINTS = [1, 2, 3, 4, 5]


def _decompositions(codes: list[str]) -> dict[int, list[tuple[int, ...]]]:
    """sum → every choice of points of parameters `codes` and parameter 9 that adds up to it."""
    out: dict[int, list[tuple[int, ...]]] = {}
    for choice in itertools.product(*(ANSWERS[c] for c in codes), P9_POINTS):
        out.setdefault(sum(choice), []).append(choice)
    return out


ALL_PARAMETERS = list(PARAMETERS)
WITHOUT_P5 = [c for c in PARAMETERS if c != "p5_interagency"]
SUMS = {True: _decompositions(ALL_PARAMETERS), False: _decompositions(WITHOUT_P5)}


@st.composite
def requirements_with_mean(draw, halves: int) -> dict:
    """The nine requirement cells of parameter I whose evaluated scores average `halves` / 2 exactly:
    pairs (a, b) with a + b = halves, repeated, the rest «не оценивается» or empty, in any order."""
    high = min(5, halves - 1)
    pair = [high, halves - high]
    scores = [str(s) for s in pair * draw(st.integers(1, 4))]
    blanks = draw(st.lists(st.sampled_from([None, "не_оценивается"]), min_size=9 - len(scores),
                           max_size=9 - len(scores)))
    cells = draw(st.permutations(scores + blanks))
    return dict(zip(REQUIREMENTS, cells))


@st.composite
def sheet_with_score(draw, target: F):
    """(requirements, answers, points of parameter 9) of one point whose Соку is exactly `target`."""
    interagency = draw(st.booleans())  # False: parameter 5 «не требуется», Соку is divided by 8
    count = 9 if interagency else 8
    halves = draw(st.integers(2, 10))  # П1 = halves / 2, from 1 to 5
    rest = target * count - F(halves, 2)  # what parameters 2–9 must add up to
    assume(rest.denominator == 1 and int(rest) in SUMS[interagency])
    choice = draw(st.sampled_from(SUMS[interagency][int(rest)]))
    codes = ALL_PARAMETERS if interagency else WITHOUT_P5
    answers = dict(zip(codes, (str(p) for p in choice[:-1])))
    if not interagency:
        answers["p5_interagency"] = "не_требуется"
    return draw(requirements_with_mean(halves)), answers, choice[-1]


def soku_of(requirements: dict, answers: dict, p9_points: int) -> Figure:
    p1 = requirement_score(requirements, REQUIREMENTS)
    return point_score(p1, {code: answers[code] for code in PARAMETERS}, Figure("p9", p9_points), PARAMETERS)


def index_of(sheets) -> Figure:
    return NKZ.with_band(integrated_score([(f"точка {n}", soku_of(*s)) for n, s in enumerate(sheets, start=1)]))


# ---- И exactly on an edge of the interpretation scale ---------------------------------------

@FAST
@given(st.data())
def test_index_on_an_edge_takes_the_row_below(data):
    edge = data.draw(st.sampled_from(REACHABLE_EDGES))
    spread = data.draw(st.sampled_from([F(0), F(1, 2), F(1), F(3, 2)]))  # Соку of two points: edge ± spread
    points = data.draw(st.integers(1, 2)) if spread == 0 else 2
    targets = [edge] if points == 1 else [edge + spread, edge - spread]
    assume(all(0 < t <= 5 for t in targets))
    sheets = [data.draw(sheet_with_score(t)) for t in targets]
    index = index_of(sheets)
    assert index.value == edge
    assert index.band.code == ON_EDGE[edge]


@FAST
@given(st.data())
def test_index_just_above_an_edge_takes_the_row_of_the_edge(data):
    edge = data.draw(st.sampled_from([e for e in REACHABLE_EDGES if e < 5]))
    # two points: Соку = edge and edge + 1/2, so И = edge + 1/4 lies inside the row «> edge»
    sheets = [data.draw(sheet_with_score(edge)), data.draw(sheet_with_score(edge + F(1, 2)))]
    index = index_of(sheets)
    assert index.value == edge + F(1, 4)
    assert index.band.code == JUST_ABOVE[edge]


def test_each_edge_of_the_scale_including_the_unreachable_5_5():
    scale = NKZ.scales["index"]
    for edge, band in ON_EDGE.items():
        assert scale.band_for(edge).code == band, edge
        assert scale.band_for(edge + F(1, 10 ** 9)).code == JUST_ABOVE[edge], edge


# ---- Д exactly on an edge of parameter 9's scale ---------------------------------------------

def _answers_frame(scores: list[int | None]) -> pd.DataFrame:
    return pd.DataFrame({"respondent": range(1, len(scores) + 1), "service_id": "s1", "point_id": "center",
                         "channel": "анкета", "date": "14.03.2025", "overall": scores, "comment": None,
                         "publish": None})


def _points_from_answers(scores: list[int | None]) -> tuple[F, int]:
    survey = NKZ.surveys(_answers_frame(scores))[("s1", "center")]
    share = NKZ.with_band(surveyed_share(survey["satisfied"], survey["rated"], 4))
    return share.value, NKZ.satisfaction_points(share.band)


@FAST
@given(st.sampled_from(sorted(SHARE_EDGES)), st.integers(1, 6), st.integers(0, 3), st.randoms(use_true_random=False))
def test_share_from_answers_on_an_edge_gets_the_points_of_the_row_it_opens(edge, groups, unanswered, rnd):
    rated = 20 * groups  # 20 respondents make every edge a whole number of them
    happy = edge * rated // 100
    scores = [rnd.choice([4, 5]) for _ in range(happy)] + [rnd.choice([1, 2, 3]) for _ in range(rated - happy)]
    scores += [None] * unanswered  # not rated: neither satisfied nor counted
    rnd.shuffle(scores)
    share, points = _points_from_answers(scores)
    assert share == edge
    assert points == SHARE_EDGES[edge]
    # one satisfied respondent fewer: the share falls just below the edge, into the row below
    fewer = scores.copy()
    fewer[next(i for i, s in enumerate(fewer) if s in (4, 5))] = 3
    share, points = _points_from_answers(fewer)
    assert share < edge and points == BELOW_SHARE_EDGE[edge]


@FAST
@given(st.sampled_from(sorted(SHARE_EDGES)), st.sampled_from(["", ",0", ".00"]))
def test_typed_share_on_an_edge_gets_the_points_of_the_row_it_opens(edge, decimals):
    from generator.exact import exact

    share = NKZ.with_band(typed_share(exact(f"{edge}{decimals}")))
    assert NKZ.satisfaction_points(share.band) == SHARE_EDGES[edge]
    below = NKZ.with_band(typed_share(exact(f"{edge - 1},99")))
    assert NKZ.satisfaction_points(below.band) == BELOW_SHARE_EDGE[edge]


# ---- ties and row order, through check and compute --------------------------------------------

HEADER = ("service_id,point_id," + ",".join(REQUIREMENTS) + "," + ",".join(PARAMETERS)
          + ",p9_satisfied_share,p4_website")
SERVICE_POINTS = {"s1": ["center", "branch"], "s2": ["center"], "s3": ["main"], "s4": ["main"]}


@st.composite
def assessment_row(draw) -> list[str]:
    requirements = [draw(st.sampled_from(["1", "2", "3", "4", "5", "", "не оценивается"])) for _ in REQUIREMENTS]
    answers = [draw(st.sampled_from([str(a) for a in ANSWERS[c]])) for c in PARAMETERS]
    share = draw(st.sampled_from(["0", "19,9", "20", "35", "49,5", "50", "79,99", "80", "100"]))
    return requirements + answers + [f'"{share}"', ""]


def _write(folder: Path, rows: list[str], responses: list[str]) -> None:
    (folder / "assessments.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    (folder / "responses.csv").write_text("\n".join(["respondent,service_id,point_id,channel,date,overall",
                                                     *responses]) + "\n", encoding="utf-8")


def _computed(root: Path, rows: list[str], responses: list[str]):
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(FIXTURE, root)
    _write(root / "periods" / "2025-H2", rows, responses)
    report, dataset = check(root)
    assert report.ok, report.as_text()
    results = compute(dataset)
    period = next(p for p in dataset.periods if p.period.name == "2025-H2")
    method = METHODOLOGIES["novokuznetsk"]
    table = method.open_data_table(dataset, period, next(s for s in method.inputs if s.name == "assessments"))
    shares = dict(zip(zip(table["service_id"], table["point_id"]), table["p9_satisfied_share"]))
    return results, shares


def _published(results) -> dict:
    """Every figure of 2025-H2 with its value, band and the rank of its service."""
    return {(a.service_id, code): (f.value, f.band.code if f.band else None, a.rank)
            for a in results.assessments if a.period.name == "2025-H2" for code, f in a.figures.items()}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(rows=st.lists(assessment_row(), min_size=4, max_size=4), scores=st.lists(st.integers(1, 5), min_size=1,
                                                                                  max_size=8),
       seed=st.integers(0, 10 ** 6))
def test_equal_services_share_a_place_and_row_order_changes_nothing(tmp_path, rows, scores, seed):
    # s3 and s4 (two organs) get the very same sheet, so their И are equal; s1 has two points, the
    # branch's Д comes from the questionnaires
    sheets = {("s1", "center"): rows[0], ("s1", "branch"): rows[1], ("s2", "center"): rows[2],
              ("s3", "main"): rows[3], ("s4", "main"): rows[3]}
    sheets[("s1", "branch")] = rows[1][:-2] + ["", ""]  # no typed share at the branch: the answers give it
    lines = [",".join([service, point, *cells]) for (service, point), cells in sheets.items()]
    answers = [f"{n},s1,branch,анкета,12.09.2025,{s}" for n, s in enumerate(scores, start=1)]
    results, shares = _computed(tmp_path / "a", lines, answers)
    published = _published(results)

    s3, s4 = (next(a for a in results.assessments if a.period.name == "2025-H2" and a.service_id == s)
              for s in ("s3", "s4"))
    assert s3.value("index") == s4.value("index") and s3.rank == s4.rank
    services = [a for a in results.assessments if a.period.name == "2025-H2" and a.service_id]
    for a in services:  # the place is 1 + the number of services with a strictly higher И
        assert a.rank == 1 + sum(1 for b in services if b.value("index") > a.value("index"))

    happy = sum(1 for s in scores if s >= 4)
    assert shares[("s1", "branch")] == F(100 * happy, len(scores))  # open data carries the counted Д
    assert published[("s1", "p9_share_branch")][0] == F(100 * happy, len(scores))

    shuffle = random.Random(seed)
    shuffled_lines, shuffled_answers = lines.copy(), answers.copy()
    shuffle.shuffle(shuffled_lines)
    shuffle.shuffle(shuffled_answers)
    again, _ = _computed(tmp_path / "b", shuffled_lines, shuffled_answers)
    assert _published(again) == published
    assert again.municipal["2025-H2"]["index"].value == results.municipal["2025-H2"]["index"].value
