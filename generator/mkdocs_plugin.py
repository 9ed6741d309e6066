"""The mkdocs side of the pipeline: hands the rendered pages to mkdocs.

`transparency build` prepares the SiteBundle itself and attaches it; a plain
`mkdocs build` or `mkdocs serve` lets the plugin run the stages from `data`.
"""
from __future__ import annotations

import os
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.config import base, config_options as opt
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from generator.problems import InputError


_TITLE_UNSAFE = str.maketrans({"<": "‹", ">": "›", '"': "”", "&": "＆"})


def safe_title(title: str) -> str:
    import html

    return html.unescape(title).translate(_TITLE_UNSAFE)


def theme_text(text: str) -> Markup:
    """Text from site.yaml for a place where the theme prints a config value as HTML, unescaped
    (site_name in the header and <title>, copyright in the footer): escaped once, and marked
    as escaped so that the places that do escape (`| e`) leave it as it is."""
    return Markup(escape(text))


def theme_nav(nav: list) -> list:
    """The nav with every title made theme_text (the theme prints nav titles unescaped)."""
    return [{theme_text(title): theme_nav(target) if isinstance(target, list) else target
             for title, target in item.items()} if isinstance(item, dict) else item
            for item in nav]


class TransparencyConfig(base.Config):
    data_dir = opt.Type(str, default="data")  # "data" would shadow Config.data


class TransparencyPlugin(BasePlugin[TransparencyConfig]):
    bundle = None  # a SiteBundle, when `transparency build` prepared one

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
        config.site_name = theme_text(self.bundle.site_name)
        config.site_url = self.bundle.site_url  # checked as a whole http(s) URL (generator/config.py)
        config.copyright = theme_text(self.bundle.copyright)
        config.nav = theme_nav(self.bundle.nav)
        return config

    def on_files(self, files: Files, config) -> Files:
        for path, content in self.bundle.files.items():
            files.append(File.generated(config, path, content=content))
        return files

    def on_page_content(self, html, page, config, files):
        """The theme prints page titles unescaped (it uses `striptags`, which unescapes), so a
        title taken from untrusted data loses the characters that could open markup."""
        page.meta["title"] = safe_title(page.title or "")
        return html

    def on_serve(self, server, config, builder):
        server.watch(str(self.data_dir(config)))
        server.watch(str(Path(config.config_file_path).parent / "site_templates"))
        return server
