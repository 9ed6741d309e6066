"""`transparency init`: from an empty folder to a site, for every methodology, as a maintainer does it —
init, change two numbers in a period table, check, build; and what init refuses."""
from __future__ import annotations

import json

import pandas as pd
import pytest
import yaml

from generator.cli import main
from generator.config import LegalAct, Publisher, SiteConfig
from generator.methods import METHODOLOGIES

# per methodology: the period table a person edits and two cells (row, column, new value) as he types them
EDITS = {
    "kaluga": ("requests.csv", [(0, "on_time", "4700"), (1, "complaints", "3")]),
    "baikonur": ("survey.csv", [(0, "respondents", "40"), (0, "score", "4,2")]),
    "dzerzhinsk": ("complaints.csv", [(0, "complaints", "2")]),
    "ivanovo": ("responses.csv", [(0, "overall", "2"), (1, "overall", "5")]),
    "novokuznetsk": ("assessments.csv", [(0, "r_procedures", "3"), (0, "p9_satisfied_share", "81,5")]),
}
BUILT_IN = sorted(c for c, m in METHODOLOGIES.items() if type(m).__module__.startswith("generator.methods."))
NASTY = 'Город «Ромашка»: "тест" # <script>alert(1)</script>'


def init(folder, code: str, municipality: str = "Городской округ Новоозёрск") -> int:
    return main(["init", str(folder), "--methodology", code, "--municipality", municipality])


def edit(folder, code: str) -> None:
    """Change cells of a period table with pandas, as a person would, and write it back as CSV."""
    name, cells = EDITS[code]
    path = next((folder / "periods").glob(f"*/{name}"))
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    for row, column, value in cells:
        assert table.at[row, column] != value
        table.at[row, column] = value
    if code == "dzerzhinsk":  # one number of this table; the second in the assessment sheets
        sheets_path = path.with_name("assessments.csv")
        sheets = pd.read_csv(sheets_path, dtype=str, keep_default_na=False)
        sheets.at[0, "compliance"] = "0,75"
        sheets.to_csv(sheets_path, index=False)
    table.to_csv(path, index=False)


def check_clean(folder, capsys) -> None:
    capsys.readouterr()
    assert main(["check", "--data", str(folder), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["problems"] == [], report["problems"]


def build(folder, out, capsys) -> None:
    assert main(["build", "--data", str(folder), "--out", str(out), "--quiet"]) == 0, capsys.readouterr().err
    capsys.readouterr()


@pytest.mark.parametrize("code", sorted(EDITS))
def test_init_edit_check_build(code, tmp_path, capsys):
    assert sorted(EDITS) == BUILT_IN  # every methodology of the generator is tried
    folder = tmp_path / "city"
    assert init(folder, code) == 0
    out = capsys.readouterr().out
    assert "Готово: папка данных" in out and f"transparency check --data {folder}" in out
    for name in ("site.yaml", "organizations.yaml", "services.csv", "README.md", ".gitlab-ci.yml",
                 ".github/workflows/monitoring.yml"):
        assert (folder / name).is_file(), name
    periods = list((folder / "periods").iterdir())
    assert len(periods) == 1 and (periods[0] / "period.yaml").is_file()
    assert yaml.safe_load((folder / "site.yaml").read_text(encoding="utf-8"))["methodology"] == code
    organs = yaml.safe_load((folder / "organizations.yaml").read_text(encoding="utf-8"))
    services = pd.read_csv(folder / "services.csv")
    assert len(organs) == 1 and len(services) == 2
    check_clean(folder, capsys)  # as written
    edit(folder, code)
    check_clean(folder, capsys)  # and after a person changed two numbers
    site = tmp_path / "site"
    build(folder, site, capsys)
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Городской округ Новоозёрск" in index
    assert (site / "organs" / organs[0]["id"] / "index.html").is_file()
    # legal_act is a commented placeholder: the methodology page names the applied act alone, as before
    methodology = (site / "methodology.html").read_text(encoding="utf-8")
    assert f"Правовая основа: {METHODOLOGIES[code].act.split()[0]}" in methodology
    assert "Применяется методика" not in methodology and "текст акта" not in methodology


def test_unsafe_name_is_yaml_text_and_escaped_on_site_with_the_own_act(tmp_path, capsys):
    folder = tmp_path / "city"
    assert init(folder, "kaluga", NASTY) == 0
    text = (folder / "site.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text)["municipality"] == NASTY
    assert "# legal_act:" in text  # a placeholder the maintainer fills
    text = text.replace("# legal_act:\n#   title: \"постановление администрации", "legal_act:\n  title: \"постановление администрации")
    text = text.replace('#   number: "15"\n#   date: "01.02.2026"\n#   url:', '  number: "15"\n  date: "01.02.2026"\n  url:')
    (folder / "site.yaml").write_text(text, encoding="utf-8")
    check_clean(folder, capsys)
    build(folder, tmp_path / "site", capsys)
    pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")]
    assert not any("<script>alert" in page for page in pages)
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    methodology = (tmp_path / "site" / "methodology.html").read_text(encoding="utf-8")
    act = METHODOLOGIES["kaluga"].act.split()[0]
    assert ("Правовая основа: постановление администрации «Об организации мониторинга качества предоставления "
            "муниципальных услуг» от 01.02.2026 № 15 (<a href=\"https://example.org/docs/postanovlenie-15.pdf\" "
            f"rel=\"noopener\">текст акта</a>). Применяется методика: {act}") in methodology
    # the maintainers' pages are one section of the menu, apart from the citizens'
    assert "Для специалистов" in index and 'href="data-format.html"' in index and 'href="control.html"' in index


@pytest.mark.parametrize("value, message", [
    ({"number": "15"}, "legal_act.title: [yaml-invalid] ошибка: обязательное поле не заполнено"),
    ({"title": "постановление", "date": "31.02.2026"}, "дата акта «31.02.2026» записана неверно"),
    ({"title": "постановление", "url": "javascript:alert(1)"}, "legal_act.url: [url-invalid]"),
])
def test_legal_act_mistakes_are_problem_records(value, message, tmp_path, capsys):
    folder = tmp_path / "city"
    assert init(folder, "kaluga") == 0
    capsys.readouterr()
    site = yaml.safe_load((folder / "site.yaml").read_text(encoding="utf-8"))
    (folder / "site.yaml").write_text(yaml.safe_dump({**site, "legal_act": value}, allow_unicode=True),
                                      encoding="utf-8")
    assert main(["check", "--data", str(folder)]) == 1
    assert message in capsys.readouterr().out


def test_legal_act_dates_in_both_spellings():
    assert LegalAct(title="т", date="01.02.2026").date == LegalAct(title="т", date="2026-02-01").date


def test_non_empty_folder_is_refused_and_left_alone(tmp_path, capsys):
    folder = tmp_path / "city"
    folder.mkdir()
    (folder / "site.yaml").write_text("мой файл", encoding="utf-8")
    assert init(folder, "kaluga") == 1
    assert f"Папка не создана: папка {folder} не пуста: init ничего не перезаписывает" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["site.yaml"]
    assert (folder / "site.yaml").read_text(encoding="utf-8") == "мой файл"


def test_a_file_is_refused(tmp_path, capsys):
    file = tmp_path / "file"
    file.write_text("x", encoding="utf-8")
    assert init(file, "kaluga") == 1
    assert "это файл, а не папка" in capsys.readouterr().err


def test_unknown_methodology_lists_the_installed_ones(tmp_path, capsys):
    assert init(tmp_path / "city", "moskva") == 1
    err = capsys.readouterr().err
    assert "методики «moskva» нет среди установленных" in err
    for code, method in METHODOLOGIES.items():
        assert f"  {code} — {method.title}" in err
    assert not (tmp_path / "city").exists()


def test_a_plugin_without_a_starter_is_said_so(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(type(METHODOLOGIES["kaluga"]), "starter_folder", classmethod(lambda cls: tmp_path / "нет"))
    assert init(tmp_path / "city", "kaluga") == 1
    assert "у методики «kaluga» нет примера данных для начала работы" in capsys.readouterr().err


def test_site_yaml_explains_every_field(tmp_path):
    assert init(tmp_path / "city", "novokuznetsk") == 0
    text = (tmp_path / "city" / "site.yaml").read_text(encoding="utf-8")
    for model in (SiteConfig, Publisher, LegalAct):
        for name in model.model_fields:
            assert f"{name}:" in text, name
    assert "обязательно" in text and "необязательно" in text


def test_data_readme_names_every_table_and_command(tmp_path):
    for code in BUILT_IN:
        method = METHODOLOGIES[code]
        assert init(tmp_path / code, code, NASTY) == 0
        readme = (tmp_path / code / "README.md").read_text(encoding="utf-8")
        for schema in method.inputs:
            assert schema.title in readme, (code, schema.name)
        for command in ("transparency check --data .", "transparency build --data .", "transparency diff"):
            assert command in readme


MARKDOWN_NAME = "Город *Ромашка* <script>alert(1)</script> [сайт](javascript:alert(1)) `код` &lt;\n# {{tables}} _x_"


def test_municipality_name_in_the_readme_is_text_not_markdown(tmp_path):
    """The README is Markdown (GitHub and GitLab render it, HTML included): the name's marks, tags, links,
    backticks and line breaks come out as the text typed; site.yaml keeps it as one YAML string and the CI
    files do not carry it at all."""
    from markdown_it import MarkdownIt

    from generator.init import EXTRA_FILES, FILES

    folder = tmp_path / "city"
    assert init(folder, "kaluga", MARKDOWN_NAME) == 0
    html = MarkdownIt("commonmark").render((folder / "README.md").read_text(encoding="utf-8"))
    heading = html.splitlines()[0]
    shown = " ".join(MARKDOWN_NAME.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert heading == f"<h1>Данные мониторинга качества муниципальных услуг: {shown}</h1>"
    assert "<script" not in html and "javascript:" not in html.replace(shown, "")
    assert html.count("<h1>") == 1 and "<em>" not in html and "<table" not in html.split("</h1>")[0]
    assert yaml.safe_load((folder / "site.yaml").read_text(encoding="utf-8"))["municipality"] == MARKDOWN_NAME
    for name, target in EXTRA_FILES.items():
        if name != "README.md":
            assert (folder / target).read_bytes() == (FILES / name).read_bytes()


def test_ci_files_are_yaml_and_run_the_commands(tmp_path):
    assert init(tmp_path / "city", "dzerzhinsk") == 0
    github_text = (tmp_path / "city" / ".github" / "workflows" / "monitoring.yml").read_text(encoding="utf-8")
    github = yaml.safe_load(github_text)
    assert "TRANSPARENCY_PACKAGE" in github["env"]
    triggers = github.get("on", github.get(True))  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    runs = [step.get("run", "") + step.get("uses", "") for job in github["jobs"].values()
            for step in job.get("steps", [])]
    assert any("transparency check --data . --format github" in r for r in runs)
    assert any("transparency diff --data . --against" in r and "$GITHUB_STEP_SUMMARY" in r for r in runs)
    assert any("transparency build --data ." in r for r in runs)
    assert any(r.startswith("actions/upload-pages-artifact") for r in runs)
    assert any(r.startswith("actions/deploy-pages") for r in runs)
    gitlab = yaml.safe_load((tmp_path / "city" / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert "TRANSPARENCY_PACKAGE" in gitlab["variables"]
    scripts = {name: " ".join(job["script"]) for name, job in gitlab.items() if isinstance(job, dict) and "script" in job}
    assert "transparency check --data . --format gitlab" in scripts["check"]
    assert gitlab["check"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "transparency diff --data . --against" in scripts["diff"]
    assert "transparency build --data ." in scripts["pages"] and gitlab["pages"]["artifacts"]["paths"] == ["public"]
