"""The plugin interface around the methodologies: discovery through entry points, a Russian report (never a
traceback) for a broken plugin, the typed YAML with errors that name file and field, and word forms."""
from __future__ import annotations

import textwrap
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
import yaml

from generator import text_ru
from generator.methods import METHODOLOGIES, SpecError, registry
from generator.methods.kaluga.spec import KalugaSpec
from generator.methods.spec import load_spec

GROUP = "transparency.methodologies-under-test"
KALUGA_YAML = Path(METHODOLOGIES["kaluga"].folder()) / "methodology.yaml"
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def test_the_built_in_methodologies_are_registered_as_entry_points():
    from importlib.metadata import entry_points

    registered = {e.name: e.value for e in entry_points(group=registry.GROUP)}
    assert {code: registered.get(code) for code in ("baikonur", "dzerzhinsk", "ivanovo", "kaluga", "novokuznetsk")} \
        == {"baikonur": "generator.methods.baikonur:Baikonur", "dzerzhinsk": "generator.methods.dzerzhinsk:Dzerzhinsk",
            "ivanovo": "generator.methods.ivanovo:Ivanovo", "kaluga": "generator.methods.kaluga:Kaluga",
            "novokuznetsk": "generator.methods.novokuznetsk:Novokuznetsk"}


@pytest.fixture
def plugins(tmp_path, monkeypatch):
    """Write plugin packages into a folder on sys.path and register entry points for them (GROUP only)."""
    monkeypatch.syspath_prepend(str(tmp_path))
    entries: list[EntryPoint] = []

    def add(code: str, value: str, files: dict[str, str]) -> None:
        for name, text in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text), encoding="utf-8")
        entries.append(EntryPoint(code, value, GROUP))

    real = registry.entry_points
    monkeypatch.setattr(registry, "entry_points",
                        lambda group: entries if group == GROUP else real(group=group))
    return add


def _good(package: str, code: str, yaml_text: str | None = None) -> dict[str, str]:
    spec = yaml.safe_load(KALUGA_YAML.read_text(encoding="utf-8"))
    keep = ("title", "short_title", "act", "period", "scales", "indicators")
    return {f"{package}/__init__.py": f"""
                from generator.methods import Methodology

                class Plugin(Methodology):
                    code = "{code}"
                    headline = "kef"
            """,
            f"{package}/methodology.yaml": yaml_text or yaml.safe_dump({k: spec[k] for k in keep}, allow_unicode=True)}


def test_a_good_outside_plugin_is_found(plugins):
    plugins("good", "good:Plugin", _good("good", "good"))
    found = registry.discover(GROUP)
    assert list(found) == ["good"] and found["good"].scales["kef"].maximum == 100


def test_every_broken_plugin_is_reported_at_once_in_russian(plugins):
    plugins("broken", "broken_plugin:Plugin", {"broken_plugin/__init__.py": "import no_such_module_anywhere\n"})
    plugins("twice", "twice_a:Plugin", _good("twice_a", "twice"))
    plugins("twice", "twice_b:Plugin", _good("twice_b", "twice"))
    plugins("other", "renamed:Plugin", _good("renamed", "another_code"))
    typo = _good("typo", "typo")
    typo["typo/methodology.yaml"] = typo["typo/methodology.yaml"].replace("short_title:", "shrot_title:", 1)
    plugins("typo", "typo:Plugin", typo)
    with pytest.raises(registry.PluginError) as caught:
        registry.discover(GROUP)
    problems = {p.code: p for p in caught.value.report.problems}
    assert sorted(p.code for p in caught.value.report.problems) == [
        "plugin-duplicate-code", "plugin-import-failed", "plugin-invalid", "plugin-yaml-invalid", "plugin-yaml-invalid"]
    assert {p.column for p in caught.value.report.problems if p.code == "plugin-yaml-invalid"} == {
        "short_title", "shrot_title"}  # every error of the file: the field missing, the one misspelt
    assert "методика «broken»" in problems["plugin-import-failed"].file
    assert "No module named 'no_such_module_anywhere'" in problems["plugin-import-failed"].message
    assert "код «twice» уже занят" in problems["plugin-duplicate-code"].message
    assert "«another_code»" in problems["plugin-invalid"].message
    missing = next(p for p in caught.value.report.problems if p.column == "short_title")
    assert missing.file.endswith("typo/methodology.yaml")
    assert missing.message == "методика «typo» (typo:Plugin): обязательное поле не заполнено"


def test_a_broken_plugin_stops_check_and_build_with_a_report(plugins, monkeypatch, tmp_path, capsys):
    from generator import build
    from generator.cli import main

    plugins("broken", "broken_plugin:Plugin", {"broken_plugin/__init__.py": "raise RuntimeError('сломан')\n"})
    monkeypatch.setattr(build, "METHODOLOGIES", registry.Registry(GROUP))
    assert main(["check", "--data", str(MINIMAL)]) == 1
    assert "[plugin-import-failed] ошибка: не загружается: RuntimeError: сломан" in capsys.readouterr().out
    assert main(["build", "--data", str(MINIMAL), "--out", str(tmp_path / "site"), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "[plugin-import-failed]" in err and "Traceback" not in err and not (tmp_path / "site").exists()


@pytest.mark.parametrize("edit, field, words", [
    (lambda d: d["scales"]["kud"]["bands"][1].update({"to": 94}), "scales.kud",
     "оставляют разрыв или перекрываются"),
    (lambda d: d["indicators"]["kud"].update({"scale": "kdu"}), None, "шкала «kdu», которой нет в разделе scales"),
    (lambda d: d["raising_factor"]["rows"][0].update({"factr": 1}), "raising_factor.rows[0].factr",
     "поле не предусмотрено моделью методики"),
    (lambda d: d.update({"minimum_requests": "пятьдесят"}), "minimum_requests", "ожидается целое число"),
])
def test_an_invalid_methodology_yaml_names_file_and_field(tmp_path, edit, field, words):
    data = yaml.safe_load(KALUGA_YAML.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "methodology.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load_spec(KalugaSpec, path)
    assert caught.value.file == path and caught.value.field == field and words in caught.value.message


def test_the_spec_is_typed():
    kaluga, dzerzhinsk = METHODOLOGIES["kaluga"].spec, METHODOLOGIES["dzerzhinsk"].spec
    assert kaluga.raising_factor.rows[0].factor == 1.05 and kaluga.amendments["не_требовалось"].points is None
    assert dzerzhinsk.publication.posting_days == 3 and list(dzerzhinsk.sections) == ["1.1", "1.2", "2"]


@pytest.mark.parametrize("code, label, plural, genitive, rating", [
    ("kaluga", "Орган", "органы", "органов", "Рейтинг органов"),
    ("dzerzhinsk", "Организация", "организации", "организаций", "Рейтинг организаций"),
    ("novokuznetsk", "Услуга", "услуги", "услуг", "Рейтинг услуг"),
    ("baikonur", "Услуга", "услуги", "услуг", "Рейтинг доступности услуг"),  # the act's own name (YAML)
])
def test_word_forms_come_from_one_noun(code, label, plural, genitive, rating):
    method = METHODOLOGIES[code]
    assert (method.rated_label, method.rated_plural, method.rated_genitive, method.rating_title) == \
        (label, plural, genitive, rating)


def test_inflect_and_agree():
    assert text_ru.inflect("III квартал 2025 года", "gent") == "III квартала 2025 года"
    assert text_ru.inflect("2025 год", "gent") == "2025 года"
    assert text_ru.inflect("опрошенный заявитель", "plur", "gent") == "опрошенных заявителей"
    assert [text_ru.agree(n, "орган") for n in (1, 2, 5, 11, 21, 1024)] == [
        "1\u00a0орган", "2\u00a0органа", "5\u00a0органов", "11\u00a0органов", "21\u00a0орган", "1\u00a0024\u00a0органа"]
    assert text_ru.agree(13, "организация") == text_ru.plural_count(13, "организация", "организации", "организаций")
