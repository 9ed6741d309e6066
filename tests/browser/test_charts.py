"""Charts on a citizen's phone (360×740): each chart's text is checked in test_pages' visit of each page
kind that has charts (kind_checks.chart_text_is_readable_on_a_phone_and_levels_are_named, at the phone
viewport); here, what those pages say of a site as a whole: they have charts, and on a site rated on a scale
of several levels some chart is coloured by level (its data table has a «Уровень» column), so that the
legend check has a chart to look at."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import demo_sites, page_types
from tests.browser.kind_checks import KINDS_WITH_CHARTS

# the sites whose methodologies rate on a scale of several levels: some chart of theirs has a legend
LEVELLED = {"demo", "baikonur", "novokuznetsk"}
CHART = re.compile(r'<figure class="tp-chart">\s*<img\b')
# a chart's figure, then the details with its data table, to the table's end
CHART_AND_TABLE = re.compile(r'<figure class="tp-chart">\s*<img\b.*?</figure>\s*<details\b.*?</table>', re.S)
LEVEL_COLUMN_AND_A_ROW = re.compile(r'<thead>(?:(?!</thead>).)*>Уровень</th>.*?</thead>\s*<tbody>\s*<tr\b', re.S)


@pytest.mark.parametrize("site_name", list(demo_sites()))
def test_the_pages_with_charts_have_charts_and_a_levelled_site_a_chart_by_level(built_sites, site_name):
    site = built_sites[site_name]
    kinds = page_types(site)
    pages = [(site / kinds[kind]).read_text(encoding="utf-8") for kind in KINDS_WITH_CHARTS if kind in kinds]
    assert any(CHART.search(html) for html in pages), "no chart on the pages looked at"
    if site_name in LEVELLED:
        assert any(LEVEL_COLUMN_AND_A_ROW.search(block.group(0)) for html in pages
                   for block in CHART_AND_TABLE.finditer(html)), "no chart coloured by level"
