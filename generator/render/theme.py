"""What the theme's overrides read from mkdocs.yml (`extra`) and the footer's line of dates: every page's."""
from __future__ import annotations

from markupsafe import escape

from generator.dataset import Dataset
from generator.text_ru import date as ru_date

CONTROL_PAGE = "control.md"  # «Контроль публикации», linked from the footer of every page


def updated_line(dataset: Dataset) -> str:
    """The footer's date: the latest period's publication date from its period.yaml, never the build
    date (a rebuild changes nothing a reader should date); without one, the period the data covers."""
    latest = dataset.periods[-1]
    if latest.published is not None:
        return f"Сведения обновлены {ru_date(latest.published)}."
    return f"Данные {latest.period.label_genitive}."


def theme_extra(dataset: Dataset) -> dict[str, str]:
    """What the theme overrides read from mkdocs.yml `extra`: the footer's link to «Контроль публикации»
    and the sitemap's date (the latest period's publication date; none when period.yaml has none)."""
    # the line under the header on phones, where the site's name is cut: escaped here, as site_name and
    # copyright are (publish/project.py), for the theme prints config values as HTML and mkdocs.yml holds it
    extra = {"control_page": CONTROL_PAGE.removesuffix(".md") + ".html",
             "municipality": str(escape(dataset.site.municipality))}
    if dataset.periods[-1].published is not None:
        extra["updated"] = dataset.periods[-1].published.isoformat()
    return extra
