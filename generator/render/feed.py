"""feed.xml at the site root: an Atom feed of the published periods (their ratings) and their press
releases, newest first, so a newsroom or a portal learns of new results without visiting the site.

Ids are the pages' absolute addresses under site_url (stable across rebuilds); dates are the data's
(measures.yaml or period.yaml `published:`, else the period's last day), never the build's. The XML is
written by ElementTree, which escapes text and attributes; characters XML cannot hold are dropped."""
from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from generator.render.environment import page_url
from generator.survey.responses import period_bounds

PATH = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value) -> str:
    return _NOT_XML.sub("", str(value))


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def entries(site, releases) -> list[dict]:
    """One entry for each period's rating and one for its press release, newest first."""
    found = []
    for item in releases:
        method = site.method_for(item.period)
        found.append({"path": item.rating, "date": item.published, "order": 0,
                      "title": f"{method.rating_title} {item.period.label_genitive}", "summary": item.summary})
        found.append({"path": item.path, "date": item.published, "order": 1,
                      "title": f"Пресс-релиз {item.period.label_genitive}: {item.headline}", "summary": item.lead})
    return sorted(found, key=lambda e: (e["date"], e["order"]), reverse=True)


def feed(site, releases) -> str:
    config = site.dataset.site
    base = config.site_url
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "ru"})
    items = entries(site, releases)

    def sub(parent, tag, text=None, **attributes):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _text(v) for k, v in attributes.items()})
        if text is not None:
            element.text = _text(text)
        return element

    sub(root, "title", site.bundle.site_name)
    sub(root, "subtitle", f"{config.municipality}: рейтинги и пресс-релизы мониторинга")
    sub(root, "id", base + PATH)
    sub(root, "link", rel="self", type="application/atom+xml", href=base + PATH)
    sub(root, "link", rel="alternate", type="text/html", href=base + "index.html")
    sub(root, "updated", _stamp(max((e["date"] for e in items), default=period_bounds(site.periods[-1])[1])))
    author = sub(root, "author")
    sub(author, "name", config.publisher.name)
    for item in items:
        url = base + page_url(item["path"])
        entry = sub(root, "entry")
        sub(entry, "title", item["title"])
        sub(entry, "id", url)
        sub(entry, "link", rel="alternate", type="text/html", href=url)
        sub(entry, "updated", _stamp(item["date"]))
        sub(entry, "published", _stamp(item["date"]))
        sub(entry, "summary", item["summary"])
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
