"""Dzerzhinsk formulas against values worked by hand from the seed's definitions.

tests/fixtures/dzerzhinsk was designed so that each organisation and quarter exercises a
branch; the expected numbers are the act's formulas (п. 3.16, 3.21, 3.22, 6.6, 7.2–7.3) written
out with the fixture's values, not values read back from the code.
"""
import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from generator.methods import METHODOLOGIES
from generator.methods.dzerzhinsk import (competition_ranks, inspection_deadline, missing_quarters,
                                          publication_status, quarter_deadline, rank_sector, sheet_figures,
                                          survey_deadline)
from generator.periods import parse_period
from tests.helpers import assessment, computed

DZ = METHODOLOGIES["dzerzhinsk"]
RULE = DZ.spec.publication
FIXTURE = Path(__file__).parent / "fixtures" / "dzerzhinsk"


@pytest.fixture(scope="module")
def results():
    return computed("dzerzhinsk", warnings=("complaints-missing",))  # sad-3 in 2025-Q3, on purpose


def org(results, period, org_id):
    return assessment(results, period, org_id)


def row(section, compliance, name="и"):
    return {"section": section, "indicator": name, "compliance": F(compliance)}


def F(text) -> Fraction:
    """An exact decimal as the tables give it: F("0,85") = 17/20."""
    return Fraction(str(text).replace(",", "."))


# ---- п. 3.16: section scores and the summary -------------------------------------

def test_section_one_is_the_mean_of_all_its_indicators_not_of_the_two_subsections():
    f = sheet_figures([row("1.1", "1,0"), row("1.1", "0,9"), row("1.2", "0,6"), row("2", "0,8")])
    assert f["s1_1"].value == F("0,95")                     # (1,0 + 0,9) / 2
    assert f["s1_2"].value == F("0,6")                      # 0,6
    assert f["s1"].value == Fraction(5, 6)                  # (1,0 + 0,9 + 0,6) / 3 = 2,5 / 3, not (0,95 + 0,6) / 2
    assert f["s2"].value == F("0,8")
    assert f["summary"].value == Fraction(49, 60)           # (5/6 + 4/5) / 2 = 49/60 = 0,8167


def test_missing_section_is_not_evaluated_and_the_summary_uses_the_other():
    f = sheet_figures([row("1.1", "0,8"), row("1.2", "1,0")])   # form 3 has no section 2 (п. 4.2)
    assert f["s2"].value is None and f["s2"].reason
    assert f["summary"].value == F("0,9")                   # = О1 = (0,8 + 1,0) / 2
    assert any("О2" in n for n in f["summary"].notes)


def test_violation_is_strictly_below_one_half():
    f = sheet_figures([row("1.1", "0,5"), row("1.1", "0,49"), row("2", "0"), row("2", "1")])
    assert f["positions_below"].value == 2                  # 0,49 and 0,0; 0,5 is not below 0,5
    assert f["violated"].value == 1                         # п. 3.22, 4.7: the sheet's conclusion
    clean = sheet_figures([row("1.1", "0,5"), row("2", "0,5")])
    assert clean["positions_below"].value == 0 and clean["violated"].value == 0


# ---- п. 3.21: the scale ----------------------------------------------------------

@pytest.mark.parametrize("value, band", [
    ("1", "complies"), ("0,85", "complies"), ("0,8499", "mostly"), ("0,65", "mostly"), ("0,6499", "violations"),
    ("0,25", "violations"), ("0,2499", "fails"), ("0", "fails")])
def test_scale_bounds(value, band):
    assert DZ.scales["summary"].band_for(F(value)).code == band


@pytest.mark.parametrize("section_1, section_2, summary, band", [
    ("0,82", "0,88", "0,85", "complies"),      # the example: 0,8499999999999999 in floats
    ("0,6", "0,7", "0,65", "mostly"),
    ("0,2", "0,3", "0,25", "violations")])
def test_summaries_on_the_scale_edges_are_exact(section_1, section_2, summary, band):
    f = sheet_figures([row("1.1", section_1), row("2", section_2)], scale=DZ.scales["summary"])
    assert f["summary"].value == F(summary)
    assert f["summary"].band.code == band
    assert f["summary"].substituted(lambda i: str(i.value)) == f"({F(section_1)} + {F(section_2)}) / 2"


# ---- п. 6.6: ranking -------------------------------------------------------------

def test_competition_ranks_share_places():
    assert competition_ranks({"a": 2, "b": 2, "c": None, "d": 5}, higher_is_better=False) == \
        {"a": 1, "b": 1, "c": None, "d": 3}
    assert competition_ranks({"a": 0.9, "b": 0.8, "c": 0.9}, higher_is_better=True) == {"a": 1, "b": 3, "c": 1}


def test_rank_is_mean_of_three_ranks_ties_broken_by_summary():
    # complaints 3/0/1 → ranks 3/1/2; violations 0/1/2 → 1/2/3; summary 0,8/0,6/0,15 → 1/2/3
    out = rank_sector([{"id": "bib", "complaints": 3, "violations": 0, "summary": F("0,8")},
                       {"id": "muz", "complaints": 0, "violations": 1, "summary": F("0,6")},
                       {"id": "dk", "complaints": 1, "violations": 2, "summary": F("0,15")}])
    assert out["bib"]["mean"] == Fraction(5, 3) == out["muz"]["mean"]   # (3+1+1)/3 = (1+2+2)/3
    assert out["dk"]["mean"] == Fraction(8, 3)                          # (2+3+3)/3
    assert (out["bib"]["place"], out["muz"]["place"], out["dk"]["place"]) == (1, 2, 3)  # 0,8 > 0,6
    assert out["bib"]["tie"] == out["muz"]["tie"] == "broken" and out["dk"]["tie"] == ""


def test_full_tie_shares_the_place_and_missing_complaints_leave_two_criteria():
    out = rank_sector([{"id": "a", "complaints": 1, "violations": 0, "summary": F("0,9")},
                       {"id": "b", "complaints": 1, "violations": 0, "summary": F("0,9")},
                       {"id": "c", "complaints": None, "violations": 3, "summary": F("0,3")}])
    assert out["a"]["place"] == out["b"]["place"] == 1 and out["a"]["tie"] == "shared"
    assert out["c"]["ranks"]["complaints"] is None
    assert out["c"]["mean"] == Fraction(3 + 3, 2) and out["c"]["place"] == 3


# ---- раздел VII: deadlines ---------------------------------------------------------

def test_deadlines():
    # 20th of the month after the quarter (п. 7.2) + 3 days to post (п. 7.3)
    assert quarter_deadline(parse_period("2025-Q3"), RULE) == dt.date(2025, 10, 23)
    assert quarter_deadline(parse_period("2025-Q4"), RULE) == dt.date(2026, 1, 23)
    # act date + 20 calendar days (п. 7.2) + 3 days (п. 7.3): 10.09 + 23 = 03.10
    assert inspection_deadline(dt.date(2025, 9, 10), RULE) == dt.date(2025, 10, 3)
    assert publication_status(dt.date(2025, 10, 23), dt.date(2025, 10, 23))["code"] == "on_time"
    late = publication_status(dt.date(2025, 10, 30), dt.date(2025, 10, 23))
    assert (late["code"], late["days_late"]) == ("late", 7)
    assert publication_status(None, dt.date(2025, 10, 23))["code"] == "missing"


def test_missing_quarters_between_first_and_last():
    names = ["2024-Q4", "2025-Q1", "2025-Q3", "2025-Q4"]
    assert [p.name for p in missing_quarters([parse_period(n) for n in names])] == ["2025-Q2"]
    assert missing_quarters([parse_period("2025-Q1")]) == []


# ---- the fixture, worked by hand -----------------------------------------------------

def test_inspection_prevails_over_self_report(results):
    a = org(results, "2025-Q3", "shkola-1")
    assert a.detail["counted"]["source"] == "проверка"
    # inspection: 1.1 = 1,0; 0,9 · 1.2 = 0,8 · 2 = 1,0; 0,4 (the self-report, all 1,0, is for information)
    assert a.value("s1_1") == F("0,95")            # (1,0 + 0,9) / 2
    assert a.value("s1") == F("0,9")               # (1,0 + 0,9 + 0,8) / 3
    assert a.value("s2") == F("0,7")               # (1,0 + 0,4) / 2
    assert a.value("summary") == F("0,8")          # (0,9 + 0,7) / 2
    assert a.figures["summary"].band.code == "mostly"
    assert a.value("violations") == 1 and a.detail["violated"]  # 0,4 < 0,5 whatever the summary
    # act 10.09.2025 + 23 days = 03.10.2025; no own date → quarter published 30.10.2025: 27 days late
    pub = a.detail["sheets"][0]["publication"]
    assert (pub["code"], pub["days_late"]) == ("late", 27)


def test_fixture_bands_and_ranks(results):
    s2 = org(results, "2025-Q3", "shkola-2")                 # self-report, no section 2: СО = О1
    assert s2.value("summary") == F("0,9")         # (1,0 + 0,8 + 0,9) / 3
    assert s2.figures["summary"].band.code == "complies"
    sad = org(results, "2025-Q3", "sad-3")                   # О1 = (0,5 + 0,3) / 2 = 0,4; О2 = 0,2
    assert sad.value("summary") == F("0,3") and sad.figures["summary"].band.code == "violations"
    assert sad.value("violations") == 3                       # 0,3; 0,2; 0,2 (0,5 is not below)
    assert sad.value("complaints") is None                    # no row in complaints.csv
    assert sad.detail["sheets"][0]["publication"]["code"] == "on_time"  # 10.10 ≤ 25.09 + 23 = 18.10
    dk = org(results, "2025-Q3", "dom-kultury")               # (0,1 + 0,2) / 2 = 0,15
    assert dk.value("summary") == F("0,15") and dk.figures["summary"].band.code == "fails"
    # Образование: shkola-2 (1+1+1)/3 = 1; shkola-1 (1+2+2)/3 = 5/3; sad-3 (3+3)/2 = 3
    assert [org(results, "2025-Q3", o).rank for o in ("shkola-2", "shkola-1", "sad-3")] == [1, 2, 3]
    assert org(results, "2025-Q3", "shkola-1").value("rank_mean") == Fraction(5, 3)
    # Культура: self-reports only, so no violations found in inspections (п. 6.6): 0 · 0 · 0 → places 1 · 1 · 1;
    # complaints 3 · 0 · 1 → 3 · 1 · 2; summary 0,8 · 0,6 · 0,15 → 1 · 2 · 3
    # means: biblioteka (3+1+1)/3 = 5/3, muzey (1+1+2)/3 = 4/3, dom-kultury (2+1+3)/3 = 2
    assert [org(results, "2025-Q3", o).rank for o in ("muzey", "biblioteka", "dom-kultury")] == [1, 2, 3]
    assert org(results, "2025-Q3", "muzey").value("rank_mean") == Fraction(4, 3)


def test_organisation_without_a_sheet_is_not_ranked(results):
    a = org(results, "2025-Q1", "shkola-2")
    assert not a.monitored and a.rank is None and a.reason
    assert org(results, "2025-Q1", "shkola-1").value("summary") == F("0,925")  # 0,925


# ---- раздел V: the survey of recipients, and its 10-day rule (п. 7.2) ---------------

def test_survey_share_counts_four_and_five_as_satisfied(results):
    # shkola-1 (obrazovanie-1), 2025-Q3: overall 5, 4, 3 → 2 of 3 satisfied
    share = org(results, "2025-Q3", "shkola-1").figures["survey_share"]
    assert [i.value for i in share.inputs] == [2, 3]
    assert share.value == Fraction(200, 3)                 # 66,7 %
    assert org(results, "2025-Q3", "shkola-2").value("survey_share") == 50  # 2 and 4 → 1 of 2
    assert org(results, "2025-Q3", "muzey").value("survey_share") == 100


def test_survey_share_is_not_evaluated_without_answers_and_absent_without_a_survey(results):
    silent = org(results, "2025-Q3", "biblioteka").figures["survey_share"]
    assert silent.value is None and "анкет" in silent.reason
    assert "survey_share" not in org(results, "2025-Q1", "shkola-1").figures  # no responses.csv in 2025-Q1


def test_city_survey_share_is_over_all_answers_not_a_mean_of_organisations(results):
    city = results.municipal["2025-Q3"]["survey_share"]
    assert [i.value for i in city.inputs] == [4, 6]            # 5, 4, 4, 5 of 5, 4, 3, 2, 4, 5
    assert city.value == Fraction(400, 6)                # 66,7 %, not (66,7 + 50 + 100) / 3 = 72,2 %


def test_survey_means_skip_unanswered_questions(results):
    means = org(results, "2025-Q3", "shkola-1").detail["survey"]["services"][0]["means"]
    assert means["conditions"] == (2, F("3,5"))       # 4 and 3; respondent 2 left it empty
    assert means["information"] == (2, F("3,5"))      # 4 and 3; respondent 3 left it empty


def test_survey_quotes_need_consent_and_lose_personal_data(results):
    quotes = [q["text"] for q in org(results, "2025-Q3", "shkola-2").detail["survey"]["quotes"]]
    assert len(quotes) == 1                                    # «Не публикуйте это» had no consent
    assert "111-22-33" not in quotes[0] and "Петров" not in quotes[0]


def test_survey_deadline_is_ten_days_and_three_for_posting():
    assert survey_deadline(dt.date(2025, 9, 30), DZ.spec) == dt.date(2025, 10, 13)
    assert survey_deadline(dt.date(2025, 12, 19), DZ.spec) == dt.date(2026, 1, 1)


def test_survey_publication_status_in_the_fixture():
    from generator.build import check

    _, dataset = check(FIXTURE)
    q3 = next(p for p in dataset.periods if p.period.name == "2025-Q3")
    status = DZ.survey_status(q3)
    assert status["code"] == "late" and status["days_late"] == 1   # posted 14.10.2025, deadline 13.10.2025
    q1 = next(p for p in dataset.periods if p.period.name == "2025-Q1")
    assert DZ.survey_status(q1) is None                              # no survey that quarter


def test_survey_without_its_dates_warns_and_cannot_be_judged(tmp_path):
    import shutil

    from generator.build import check

    data = shutil.copytree(FIXTURE, tmp_path / "data")
    (data / "periods" / "2025-Q3" / "period.yaml").write_text("published: 2025-10-30\n", encoding="utf-8")
    report, dataset = check(data)
    assert sorted(p.code for p in report.warnings) == ["complaints-missing", "survey-dates-missing"]
    q3 = next(p for p in dataset.periods if p.period.name == "2025-Q3")
    assert DZ.survey_status(q3)["code"] == "undated"


def test_survey_dates_without_answers_warn(tmp_path):
    import shutil

    from generator.build import check

    data = shutil.copytree(FIXTURE, tmp_path / "data")
    (data / "periods" / "2025-Q3" / "responses.csv").unlink()
    report, _ = check(data)
    assert sorted(p.code for p in report.warnings) == ["complaints-missing", "survey-dates-without-responses"]


# ---- every sheet published; violations found only in inspections (п. 3.16, 3.22, 4.7, 6.6, 7.2) ----

def test_every_sheet_has_its_own_scores_and_conclusion(results):
    a = org(results, "2025-Q3", "shkola-1")
    assert sorted(a.parts) == ["inspection-2025-09-10", "self-2025-10-03"]
    inspection, own = a.parts["inspection-2025-09-10"], a.parts["self-2025-10-03"]
    assert inspection["summary"].value == F("0,8") and inspection["violated"].value == 1   # 0,4 in section 2
    # self-report: 1.1 = 1; 1; 0,4 → О1.1 = 2,4 / 3 = 0,8; 1.2 = 1 → О1 = 3,4 / 4 = 0,85; no section 2
    assert own["s1_1"].value == F("0,8") and own["s1_2"].value == 1
    assert own["s1"].value == F("0,85") and own["s2"].value is None
    assert own["summary"].value == F("0,85") and own["summary"].band.code == "complies"   # on the edge, closed
    assert own["positions_below"].value == 1 and own["violated"].value == 1


def test_a_self_report_below_one_half_is_a_violation_but_not_a_violation_found(results):
    muzey = org(results, "2025-Q3", "muzey")          # self-report only: 1.1 = 1, 2 = 0,2
    assert muzey.value("violated") == 1                # п. 4.7: the standard is violated
    assert muzey.value("violations") == 0              # п. 6.6: no inspection found it
    assert muzey.figures["violations"].notes and "самооценки" in muzey.figures["violations"].notes[0]
    assert muzey.detail["criterion_ranks"]["violations"] == 1


def test_violations_found_count_every_inspection_and_only_inspections():
    from generator.methods.dzerzhinsk import counting_sheet, found_violations, quarter_violation

    def sheet(source, day, *values):
        rows = [row("1.1", v) for v in values]
        return {"source": source, "act_date": dt.date(2025, 9, day), "kind": None, "rows": rows, "counted": False,
                "figures": sheet_figures(rows)}

    sheets = [sheet("проверка", 20, "1"), sheet("проверка", 5, "0,4", "0,3"), sheet("самооценка", 30, "0,1")]
    counting_sheet(sheets)
    found = found_violations(sheets)
    assert found.value == 2                            # 0 + 2 from the inspections; the self-report's 0,1 is not
    assert quarter_violation(sheets, found).value == 1  # an earlier inspection found violations in the quarter
    alone = [sheet("самооценка", 30, "0,1")]
    counting_sheet(alone)
    assert found_violations(alone).value == 0 and quarter_violation(alone, found_violations(alone)).value == 1


# ---- п. 1.2, 6.5: assessment per service ---------------------------------------------

def test_each_named_service_gets_its_own_assessment(results):
    edu = assessment(results, "2025-Q3", "shkola-1", "obrazovanie-1")
    # inspection rows of the service: 1.1 = 1; 0,9 · 1.2 = 0,8 → О1 = 2,7 / 3 = 0,9; no section 2 → СО = 0,9
    assert edu.value("s1") == F("0,9") and edu.value("s2") is None and edu.value("summary") == F("0,9")
    assert edu.figures["summary"].band.code == "complies"
    assert edu.value("violations") == 0 and edu.value("violated") == 0 and edu.rank is None
    dop = assessment(results, "2025-Q3", "shkola-1", "dop-1")
    assert dop.value("summary") == F("0,4") and dop.figures["summary"].band.code == "violations"
    assert dop.value("violations") == 1 and dop.value("violated") == 1
    assert dop.parts["self-2025-10-03"]["summary"].value == F("0,7")   # (1 + 0,4) / 2
    # the organisation keeps the whole sheet, with the row that names no service (санитарные требования = 1)
    assert org(results, "2025-Q3", "shkola-1").value("summary") == F("0,8")
    assert not any(a.service_id for a in results.assessments if a.organization.id != "shkola-1")
