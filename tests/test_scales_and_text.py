"""Band boundaries as METHODS.md reads the seed, and Russian formatting."""
import datetime as dt

import pytest

from generator import text_ru
from generator.methods import METHODOLOGIES
from generator.periods import parse_period

SCALES = METHODOLOGIES["kaluga"].scales


@pytest.mark.parametrize("scale, value, band", [
    ("kud", 100, "very_high"), ("kud", 95, "very_high"), ("kud", 94.99, "high"), ("kud", 90, "high"),
    ("kud", 80, "above_average"), ("kud", 60, "average"), ("kud", 40, "low"), ("kud", 39.9, "very_low"),
    ("kud", 0, "very_low"),
    ("kmnk", 80, "very_high"), ("kmnk", 79.9, "high"), ("kmnk", 20, "low"), ("kmnk", 19.9, "very_low"),
    ("us", 95, "high"), ("us", 95.01, "very_high"), ("us", 85, "high"), ("us", 84.9, "average"),
    ("us", 50, "low"), ("us", 49.9, "very_low"),
    ("uar", 95, "high"), ("uar", 95.01, "very_high"), ("uar", 60, "worrying"), ("uar", 49.99, "very_low"),
    ("kpr", 95, "very_high"), ("kpr", 94.99, "high"), ("kpr", 15, "low"), ("kpr", 14.9, "very_low"),
    ("kef", 90, "very_high"), ("kef", 89.99, "high"), ("kef", 30, "worrying"), ("kef", 0, "very_low"),
])
def test_band_boundaries(scale, value, band):
    assert SCALES[scale].band_for(value).code == band


def test_uar_last_row_slip_is_corrected():
    assert SCALES["uar"].bands[-1].label == "Очень низкий уровень работы с административными регламентами"


def test_interval_text_shows_exact_bounds():
    assert SCALES["us"].bands[0].interval("Уs") == "95\u00a0% < Уs ≤ 100\u00a0%"
    assert SCALES["us"].bands[1].interval("Уs") == "85\u00a0% ≤ Уs ≤ 95\u00a0%"
    assert SCALES["kud"].bands[1].interval("Куд") == "90\u00a0% ≤ Куд < 95\u00a0%"


@pytest.mark.parametrize("n, text", [
    (1, "1\u00a0заявитель"), (2, "2\u00a0заявителя"), (5, "5\u00a0заявителей"), (11, "11\u00a0заявителей"),
    (21, "21\u00a0заявитель"), (1024, "1\u00a0024\u00a0заявителя"), (112, "112\u00a0заявителей"),
])
def test_plural_forms(n, text):
    assert text_ru.plural_count(n, "заявитель", "заявителя", "заявителей") == text


def test_numbers_percentages_dates():
    assert text_ru.percent(81.0) == "81,0\u00a0%"
    assert text_ru.percent(81.04999) == "81,0\u00a0%"
    assert text_ru.percent(None) == "не оценивается"
    assert text_ru.signed(-1.04, 1, "п.\u00a0п.") == "\u22121,0\u00a0п.\u00a0п."
    assert text_ru.signed(2.25, 1) == "+2,3"  # half up, as in official reports
    assert text_ru.percent(81.05) == "81,1\u00a0%" and text_ru.percent(0.04) == "0,0\u00a0%"
    assert text_ru.signed(-0.04, 1) == "0,0"
    assert text_ru.date(dt.date(2026, 11, 23)) == "23.11.2026"
    assert text_ru.decimal(1.0) == "1" and text_ru.decimal(4.36666) == "4,367"


@pytest.mark.parametrize("name, label", [
    ("2025", "2025 год"), ("2025-H1", "I полугодие 2025 года"), ("2025-Q3", "III квартал 2025 года"),
])
def test_period_names(name, label):
    assert parse_period(name).label == label


@pytest.mark.parametrize("name", ["2025-13", "25", "2025-Q5", "2025-H3", "итоги"])
def test_bad_period_names(name):
    assert parse_period(name) is None
