"""Invariants that must hold for any data, checked with hypothesis."""
from fractions import Fraction
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import Organization
from generator.methods import METHODOLOGIES
from generator.periods import parse_period

KALUGA = METHODOLOGIES["kaluga"]
ORG = Organization(id="x", name="Орган", sector="Сфера")
PERIOD = parse_period("2025")


@st.composite
def service_rows(draw):
    requests = draw(st.integers(0, 20000))
    on_time = draw(st.integers(0, requests))
    late = draw(st.integers(0, requests - on_time))
    electronic, mfc = draw(st.booleans()), draw(st.booleans())
    epgu = draw(st.integers(0, requests)) if electronic else 0
    via_mfc = draw(st.integers(0, requests - epgu)) if mfc else 0
    return {"staff": draw(st.integers(0, 50)), "requests": requests, "on_time": on_time, "late": late,
            "refusals": draw(st.integers(0, requests)), "complaints": draw(st.integers(0, requests)),
            "prebooking": draw(st.booleans()), "electronic": electronic, "requests_epgu": epgu, "mfc": mfc,
            "requests_mfc": via_mfc, "regulation_approved": draw(st.booleans())}


@st.composite
def organ_tables(draw):
    services = draw(st.lists(service_rows(), min_size=1, max_size=6))
    ids = [f"s{i}" for i in range(len(services))]
    requests = pd.DataFrame([{**row, "service_id": sid, "organization_id": "x", "name": sid}
                             for sid, row in zip(ids, services)])
    channels = draw(st.lists(st.sampled_from(list(KALUGA.spec.channels)), unique=True, max_size=3))
    feedback = pd.DataFrame(
        [{"organization_id": "x", "channel": ch, "criterion": cr, "respondents": draw(st.integers(0, 500)),
          "score": draw(st.floats(1, 5))} for ch in channels for cr in KALUGA.criteria],
        columns=["organization_id", "channel", "criterion", "respondents", "score"])
    rated = draw(st.lists(st.sampled_from(ids), unique=True))
    epgu = pd.DataFrame([{"service_id": s, "organization_id": "x", "name": s, "csi": draw(st.floats(1, 5)),
                          "ratings": draw(st.integers(0, 1000))} for s in rated],
                        columns=["service_id", "organization_id", "name", "csi", "ratings"])
    assessed = draw(st.lists(st.sampled_from(ids), unique=True))
    regulations = pd.DataFrame(
        [{"service_id": s, "organization_id": "x", "name": s, "complies_210fz": draw(st.booleans()),
          "complies_other_acts": draw(st.booleans()), "amendment": draw(st.sampled_from(list(KALUGA.amendments)))}
         for s in assessed],
        columns=["service_id", "organization_id", "name", "complies_210fz", "complies_other_acts", "amendment"])
    return {"requests": requests, "feedback": feedback, "epgu_ratings": epgu, "regulations": regulations}


@settings(max_examples=150, deadline=None)
@given(organ_tables())
def test_every_figure_is_a_percentage_with_its_band(tables):
    organ = KALUGA.organ(PERIOD, ORG, tables)
    if not organ.monitored:
        assert organ.detail["total_requests"] < 50 and organ.figures == {}
        return
    for code, figure in organ.figures.items():
        if figure.value is None:
            assert figure.reason or code in ("kud", "kef"), code
            continue
        assert -1e-9 <= figure.value <= 100 + 1e-9, (code, figure.value)
        scale = KALUGA.indicators["kud" if code.startswith("kud_") else code].scale
        assert (figure.band is not None) == (scale is not None), code
    kpr, kud, kef = (organ.value(c) for c in ("kpr", "kud", "kef"))
    assert kpr <= 100  # Кпр of parts all at 100 % is 100 % (no factor applies above 95 %)
    if organ.value("kpr_raw") is not None and organ.value("kpr_raw") <= 95:
        assert kpr <= Fraction(9975, 100)  # the raising factor never lifts Кпр above 95 × 1,05
    if kud is not None:
        assert min(kud, kpr) - 1e-9 <= kef <= max(kud, kpr) + 1e-9


@settings(max_examples=100, deadline=None)
@given(organ_tables(), st.data())
def test_more_requests_on_time_never_lowers_the_standards_level(tables, data):
    requests = tables["requests"]
    index = data.draw(st.integers(0, len(requests) - 1))
    row = requests.loc[index]
    room = row["requests"] - row["on_time"] - row["late"]
    if room == 0:
        return
    before = KALUGA.organ(PERIOD, ORG, tables)
    better = requests.copy()
    better.loc[index, "on_time"] += data.draw(st.integers(1, room))
    after = KALUGA.organ(PERIOD, ORG, {**tables, "requests": better})
    if before.monitored:
        assert after.value("d_mu") > before.value("d_mu")
        assert after.value("us") >= before.value("us") - 1e-9
        assert after.value("kpr_raw") >= before.value("kpr_raw") - 1e-9


@given(st.sampled_from(sorted(KALUGA.scales)), st.floats(0, 100))
def test_every_value_falls_in_exactly_one_band(code, value):
    scale = KALUGA.scales[code]
    assert sum(band.contains(value) for band in scale.bands) == 1


@given(st.sampled_from(sorted(KALUGA.scales)), st.floats(0, 100), st.floats(0, 100))
def test_a_higher_value_never_gets_a_worse_band(code, a, b):
    scale = KALUGA.scales[code]
    low, high = sorted((a, b))
    assert scale.band_for(high).level <= scale.band_for(low).level
