"""The `transparency` mkdocs plugin: a thin wrapper over the site project (generator/publish/project.py)
for `mkdocs serve` / `mkdocs build` with the generator's own mkdocs.yml (`transparency serve`).

It puts into the loaded config what the exported mkdocs.yml would hold (site_name, site_url,
copyright, nav, escaped the same way) and adds the same generated pages, titled the same way, to
the hand-written ones of content/. `transparency build` does not use it: it builds the exported
project, with any engine.

PDF reports (site.yaml `pdf`) are made by `transparency build` only, and the log says so when the data
asks for them: WeasyPrint spends one to three seconds on a report, and `serve` rebuilds after every
saved change, when most reports of a period change with it (the places in the rating, a template, a
stylesheet): the demo's 14 reports of its latest year cost about 50 s of a 2-core machine cold.
The print preview of the browser shows the same layout (print.css).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from markupsafe import Markup
from mkdocs.config import base, config_options as opt
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator import text_ru
from generator.problems import InputError
from generator.publish.project import nav_titles, site_settings, theme_nav, titled_pages
from generator.resources import TEMPLATES

__all__ = ["TransparencyPlugin"]

_TOLD: set[str] = set()  # said once a process: on_config runs again at every rebuild of `serve`


def pdf_note(pdfs: list[str]) -> str:
    """What a maintainer previewing the site is told when site.yaml asks for PDFs ("" when it does not)."""
    if not pdfs:
        return ""
    return (f"PDF-отчёты ({text_ru.agree(len(pdfs), 'отчёт')} по site.yaml «pdf») в режиме просмотра не делаются: "
            "на каждый уходит 1–3 секунды, а сервер делал бы их заново после каждого изменения. Их делает только "
            "команда transparency build; до сборки ссылки «Скачать отчёт (PDF)» никуда не ведут. Как отчёт ляжет "
            "на страницы, видно в предварительном просмотре печати браузера (те же правила печати).")


def marked(nav: list) -> list:
    """Nav titles already escaped, marked as such: the theme's `| e` leaves them as they are."""
    return [{Markup(title): marked(target) if isinstance(target, list) else target
             for title, target in item.items()} if isinstance(item, dict) else item
            for item in nav]


class TransparencyConfig(base.Config):
    data_dir = opt.Type(str, default="data")  # "data" would shadow Config.data


class TransparencyPlugin(BasePlugin[TransparencyConfig]):
    bundle = None  # a SiteBundle, when one was prepared already

    def data_dir(self, config) -> Path:
        chosen = os.environ.get("TRANSPARENCY_DATA") or self.config.data_dir
        return (Path(config.config_file_path).parent / chosen).resolve()

    def on_config(self, config):
        if self.bundle is None:
            from generator.build import prepare

            try:
                self.bundle = prepare(self.data_dir(config)).bundle
            except InputError as exc:
                raise PluginError("Данные не прошли проверку:\n" + exc.report.as_text()) from exc
        settings = site_settings(self.bundle)
        config.site_name = Markup(settings["site_name"])
        config.site_url = settings["site_url"]
        config.copyright = Markup(settings["copyright"])
        config.nav = marked(theme_nav(self.bundle.nav))
        config.extra.update(self.bundle.theme_extra)  # as project_config puts it into mkdocs.yml
        note = pdf_note(self.bundle.pdfs)
        if note and note not in _TOLD:
            _TOLD.add(note)
            # not mkdocs' log: `transparency serve` starts mkdocs without its command line, which shows INFO
            print(note, file=sys.stderr)
        return config

    def on_files(self, files: Files, config) -> Files:
        for path, content in titled_pages(self.bundle.files, nav_titles(self.bundle.nav)).items():
            files.append(File.generated(config, path, content=content))
        return files

    def on_serve(self, server, config, builder):
        server.watch(str(self.data_dir(config)))
        server.watch(str(TEMPLATES))
        from generator.methods import METHODOLOGIES

        for method in METHODOLOGIES.values():  # each plugin's own templates and YAML
            server.watch(str(method.folder()))
        return server
