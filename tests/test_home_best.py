"""The home page's best and worst three (issue 12): what a citizen reads as a place is a place.

Dzerzhinsk's act gives places within each sector (п. 6.6: by the mean of the places by complaints,
violations and СО), so a city-wide list ordered by СО must not print a sector's place as if it were the
row's place in the city («3» at the top). The list says what it is ordered by; each row gives its place
written out with its sector. Where places are city-wide (Kaluga) the rows keep their number."""
from __future__ import annotations

import html
import re

import pytest

from tests.test_verdict import _bundle

ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
CELL = re.compile(r'<(td|th)\b([^>]*)>(.*?)</\1>', re.S)


def _best_list(home: str) -> str:
    start = home.index('<div class="tp-home-best">')
    return home[start:home.index("</table>", start)]


def _rows(home: str) -> list[list[tuple[str, str]]]:
    """The rows of the best and the worst, each a list of (class attribute, text) of its cells."""
    return [[(attrs, html.unescape(re.sub(r"<[^>]+>", "", text)).strip()) for _, attrs, text in CELL.findall(row)]
            for row in ROW.findall(_best_list(home).split("<tbody>", 1)[1])]


@pytest.fixture(scope="module")
def place_within_a_sector_read_as_a_city_place() -> str:
    """tests/fixtures/dzerzhinsk: III квартал 2025, two sectors of three organisations each, whose
    first by СО are not the first by place (test_dzerzhinsk_formulas.test_fixture_bands_and_ranks)."""
    return _bundle("dzerzhinsk").files["index.md"]


def test_the_list_says_it_is_ordered_by_the_summary_score(place_within_a_sector_read_as_a_city_place):
    home = place_within_a_sector_read_as_a_city_place
    assert "## Лучшие и отстающие по СО\n" in home
    assert "Список упорядочен по СО. Места в рейтинге присваиваются внутри каждой сферы деятельности" in home


def test_a_place_within_a_sector_is_written_out_with_its_sector(place_within_a_sector_read_as_a_city_place):
    # by hand (the fixture's sheets and complaints): СО shkola-2 0,9; shkola-1 0,8; biblioteka 0,8; muzey 0,6;
    # sad-3 0,3; dom-kultury 0,15. Образование: mean places shkola-2 1, shkola-1 5/3, sad-3 3 → 1, 2, 3;
    # Культура: muzey 4/3, biblioteka 5/3, dom-kultury 2 → 1, 2, 3. The three best by СО, then the three worst.
    rows = _rows(place_within_a_sector_read_as_a_city_place)
    assert [[text for _, text in row] for row in rows] == [
        ["МБОУ «Школа № 2»", "0,90", "Соответствует стандарту", "1-е место из 3 в сфере «Образование»"],
        ["МБОУ «Школа № 1»", "0,80", "В целом соответствует", "2-е место из 3 в сфере «Образование»"],
        ["МБУК «Центральная библиотека»", "0,80", "В целом соответствует", "2-е место из 3 в сфере «Культура»"],
        ["МБУК «Городской музей»", "0,60", "С нарушениями", "1-е место из 3 в сфере «Культура»"],
        ["МБДОУ «Детский сад № 3» & <b>филиал</b>", "0,30", "С нарушениями", "3-е место из 3 в сфере «Образование»"],
        ["МБУК «Дом культуры»", "0,15", "Не соответствует", "3-е место из 3 в сфере «Культура»"],
    ]


def test_no_row_carries_a_bare_number_for_a_place(place_within_a_sector_read_as_a_city_place):
    best = _best_list(place_within_a_sector_read_as_a_city_place)
    assert "tp-place" not in best and '<th scope="col">Место</th>' not in best
    assert '<th scope="col">Место в сфере</th>' in best
    assert '<td colspan="4">…</td>' in best  # the gap spans the row's four cells


def test_a_city_wide_place_numbers_the_rows_in_the_order_of_the_headline():
    """Kaluga (tests/fixtures/minimal): the place is the city's, so each row starts with it."""
    rows = _rows(_bundle("minimal").files["index.md"])
    places = [int(text) for row in rows for attrs, text in row if "tp-place" in attrs]
    assert len(places) == len(rows) and places == sorted(places) and places[0] == 1
    assert not any("в сфере" in text for row in rows for _, text in row)


def test_a_headline_without_levels_has_no_empty_level_column():
    """Ivanovo's Усз has no scale of levels: no column «Уровень» of empty cells (on a phone, «Уровень:»
    followed by nothing)."""
    home = _bundle("ivanovo").files["index.md"]
    best = _best_list(home)
    assert "Уровень" not in best and all(len(row) == 3 for row in _rows(home))
