"""`transparency diff` and the closing list of `transparency build`: what a reader of the site would see
change, in the exact Russian lines a maintainer reads (issue 14)."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.cli import main
from generator.diff import FIGURES_FILE
from generator.diff.changes import short_list
from generator.publish import MANIFEST

ROOT = Path(__file__).resolve().parent.parent
KALUGA = ROOT / "data"
NOVOKUZNETSK = ROOT / "examples" / "novokuznetsk"
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
NBSP = "\u00a0"
ARKHITEKTURA = ("2025 год · Управление архитектуры и градостроительства: Кэф 85,4 % → 80,0 % "
                "(уровень «Высокий уровень эффективности» → «Уровень эффективности выше среднего»); ")
ALPHA = "2025 год · Управление «Альфа» & <b>партнёры</b>: Кэф 79,7 % → 77,0 %; "


def nb(text: str) -> str:
    """As text_ru prints them: a non-breaking space before % and inside «п. п.»."""
    return re.sub(r"(\d) %", rf"\1{NBSP}%", text).replace(" п. п.", f"{NBSP}п.{NBSP}п.")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def diff(capsys, *args) -> tuple[int, list[str], str]:
    code = main(["diff", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def more_requests(data: Path) -> None:
    """Ten times the requests of one service: its organ's shares fall, Кэф crosses 80 % and it loses a place."""
    edit(data / "periods" / "2025" / "requests.csv", "arkh-prisvoenie-adresa,12,1428,",
         "arkh-prisvoenie-adresa,12,14280,")


def less_satisfied(data: Path) -> None:
    """One score of the minimal data lower: Альфа's Кэф and the municipality's band change."""
    edit(data / "periods" / "2025" / "feedback.csv", "alpha,in_person,work,40,4.5", "alpha,in_person,work,40,2.0")


def test_a_changed_number_gives_the_figure_its_band_and_both_places(tmp_path, capsys):
    new = tmp_path / "new"
    shutil.copytree(KALUGA, new)
    more_requests(new)
    code, lines, _ = diff(capsys, KALUGA, new)
    assert code == 0
    assert lines[0] == f"Что изменится на сайте (3{NBSP}изменения):"
    assert lines[1] == nb("2025 год · Муниципальное образование в целом: Кэф 71,7 % → 71,3 %; Кпр 73,3 % → 72,4 %; "
                          "ΔКэф +3,7 п. п. → +3,2 п. п.")
    assert lines[2] == "2025 год · Управление образования: место 6 → 5 из 13"
    assert lines[3].startswith(nb(ARKHITEKTURA + "Кпр 86,5 % → 75,7 %"))
    assert lines[3].endswith(nb("; ΔКэф +25,8 п. п. → +20,4 п. п.; место 5 → 6 из 13"))
    assert len(lines) == 4


def test_new_organ_removed_service_and_a_new_warning(tmp_path, capsys):
    new = tmp_path / "new"
    shutil.copytree(MINIMAL, new)
    with open(new / "organizations.yaml", "a", encoding="utf-8") as file:
        file.write("- id: delta\n  name: Комитет по туризму\n  sector: Сфера Б\n")
    for table in [new / "services.csv", *(new / "periods").rglob("*.csv")]:  # the service and its rows
        text = table.read_text(encoding="utf-8")
        table.write_text("".join(line for line in text.splitlines(keepends=True) if not line.startswith("b2,")),
                         encoding="utf-8")
    # applications through the portal for a service not marked electronic: a warning of the Kaluga checks
    edit(new / "periods" / "2025" / "requests.csv", "a3,1,80,80,0,0,0,нет,нет,0,", "a3,1,80,80,0,0,0,нет,нет,5,")
    code, lines, _ = diff(capsys, MINIMAL, new)
    assert code == 0
    assert lines[1:3] == ["Новый орган: Комитет по туризму", "Убрана услуга: «Услуга Б2» (Комитет по делам Беты)"]
    assert "2025 год · Комитет по туризму: впервые в периоде; показателей нет" in lines
    assert lines[-1] == ("Новое предупреждение: periods/2025/requests.csv, строка 4, столбец «electronic»: "
                         "[epgu-requests-not-electronic] предупреждение: услуга не отмечена как переведённая в "
                         "электронный вид, но через Портал госуслуг поступило 5 заявлений: "
                         "проверьте графу «electronic»")
    code, lines, _ = diff(capsys, new, MINIMAL)  # and back: it disappears
    assert lines[-1].startswith("Больше нет предупреждения: periods/2025/requests.csv, строка 4")


def test_a_service_rating_of_another_methodology(tmp_path, capsys):
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(NOVOKUZNETSK, old)
    shutil.copytree(NOVOKUZNETSK, new)
    # fewer satisfied applicants at one point: П9 falls a step, the service's index a band and a place
    edit(new / "periods" / "2025-H1" / "assessments.csv", '5,5,2,"61,3",berezovoe', '5,5,2,"40,0",berezovoe')
    code, lines, _ = diff(capsys, old, new, "--format", "markdown")
    assert code == 0
    assert lines[:2] == [f"**Что изменится на сайте** (6{NBSP}изменений):", ""]
    gpzu = ("- I полугодие 2025 года · «Выдача градостроительного плана земельного участка» (Отдел архитектуры и "
            "градостроительства): И 3,51 → 3,40 (уровень «Удовлетворительно» → «Вызывает беспокойство»); Д (Приёмная "
            f"отдела) 61,3{NBSP}% → 40,0{NBSP}% (уровень «4 балла — 50–79 % заявителей удовлетворены» → «3 балла — "
            "35–49 % заявителей удовлетворены»); П9 (Приёмная отдела) 4,00 → 3,00; Соку (Приёмная отдела) 3,51 → 3,40; "
            "ΔИ −0,89 → −1,01; "
            "место 10 → 11 из 18")
    assert gpzu in lines
    assert ("- I полугодие 2025 года · «Предоставление муниципального имущества в аренду» (Комитет по управлению "
            "муниципальным имуществом): место 11 → 10 из 18") in lines


def test_identical_folders_have_no_changes(capsys):
    code, lines, _ = diff(capsys, MINIMAL, MINIMAL)
    assert (code, lines) == (0, ["Изменений нет: сайт покажет те же показатели, места и предупреждения."])


def test_errors_of_the_new_data_are_printed_and_nothing_compared(tmp_path, capsys):
    new = tmp_path / "new"
    shutil.copytree(MINIMAL, new)
    edit(new / "periods" / "2025" / "feedback.csv", "alpha,in_person,work,40,4.5", "alpha,in_person,work,40,много")
    code, lines, _ = diff(capsys, MINIMAL, new)
    assert code == 1
    assert lines[0].startswith(f"В новых данных ({new}) есть ошибки: сайт из них не собрать, сравнивать нечего.")
    assert any("feedback.csv, строка 2" in line and "ошибка" in line for line in lines[1:])
    # the old side's errors are only noted
    code, lines, _ = diff(capsys, new, MINIMAL)
    assert code == 0 and lines[0].startswith(f"В прежних данных ({new}) 1{NBSP}ошибка: сайт из них не собрался бы")


def test_markdown_escapes_the_data(tmp_path, capsys):
    new = tmp_path / "new"
    shutil.copytree(MINIMAL, new)
    less_satisfied(new)
    code, lines, _ = diff(capsys, MINIMAL, new, "--format", "markdown")
    alpha = next(line for line in lines if "Альфа" in line)
    assert alpha.startswith(r"- 2025 год · Управление «Альфа» &amp; \<b\>партнёры\</b\>: ")
    assert "Куд (Анкетирование на личном приёме) 87,3" in alpha


def test_a_channel_figure_is_named_by_the_channel_not_its_english_code(tmp_path, capsys):
    """«Куд (phone)» was the code of the data; the act names the channel, and so does the list."""
    new = tmp_path / "new"
    shutil.copytree(MINIMAL, new)
    less_satisfied(new)
    _, lines, _ = diff(capsys, MINIMAL, new)  # and in Markdown: test_markdown_escapes_the_data
    alpha = next(line for line in lines if "Альфа" in line)
    assert nb("Куд (Анкетирование на личном приёме) 87,3 % → ") in alpha and "in_person" not in alpha


CODE_IN_BRACKETS = re.compile(r"\(([A-Za-z0-9_.@-]+)\)")


@pytest.mark.parametrize("folder", [KALUGA, *sorted((ROOT / "examples").iterdir())], ids=lambda f: f.name)
def test_no_figure_of_any_methodology_is_labelled_with_a_code(folder):
    """Every figure a diff can name, in every demo: members (a channel, a criterion, a point of service)
    and sheets (Dzerzhinsk's «inspection-2025-09-11») by their Russian names; changes signed as pages do."""
    from generator.diff.command import figures_of

    table, report = figures_of(folder)
    assert table is not None, report.as_text()
    figures = [(code, label, value) for subjects in table["figures"].values() for figures in subjects.values()
               for code, (label, value, _) in figures.items()]
    assert not {label for _, label, _ in figures if CODE_IN_BRACKETS.search(label)}
    assert not {value for code, _, value in figures if code.endswith("_change") and value.startswith("-")}


def git(folder: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(folder), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_against_a_commit_reads_the_data_from_git_and_leaves_the_repository_alone(tmp_path, capsys):
    repo = tmp_path / "repo"
    shutil.copytree(MINIMAL, repo / "data")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "data")
    less_satisfied(repo / "data")
    status = subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True, text=True).stdout
    code, lines, _ = diff(capsys, "--against", "HEAD", "--data", repo / "data")
    assert code == 0 and lines[0] == f"Что изменится на сайте (2{NBSP}изменения):"
    assert lines[2].startswith(nb(ALPHA))
    assert subprocess.run(["git", "-C", str(repo), "status", "--porcelain"], capture_output=True,
                          text=True).stdout == status
    code, lines, err = diff(capsys, "--against", "no-such-branch", "--data", repo / "data")
    assert code == 2 and lines == []
    assert "нет коммита, ветки или метки «no-such-branch»" in err
    (tmp_path / "plain").mkdir()
    code, _, err = diff(capsys, "--against", "HEAD", "--data", tmp_path / "plain")
    assert code == 2 and f"transparency diff: папка {tmp_path / 'plain'} не в git-репозитории" in err


def test_a_wrong_call_is_exit_code_2(capsys):
    code, _, err = diff(capsys, MINIMAL)
    assert code == 2 and "укажите две папки" in err


def test_the_build_list_is_short():
    lines = [f"строка {n}" for n in range(1, 13)]
    shown = short_list(lines, "полный список: transparency diff …")
    assert shown[:9] == lines[:9] and len(shown) == 10
    assert shown[9] == f"… и ещё 3{NBSP}изменения; полный список: transparency diff …"
    assert short_list(lines[:10], "…") == lines[:10]


def test_build_ends_with_what_it_changed_on_the_site(tmp_path, capsys):
    data, out = tmp_path / "data", tmp_path / "site"
    shutil.copytree(MINIMAL, data)
    assert main(["build", "--data", str(data), "--out", str(out), "--quiet"]) == 0
    first = capsys.readouterr().out
    assert "изменил" not in first  # no earlier site: nothing to compare with, nothing said
    snapshot = (out / FIGURES_FILE).read_bytes()
    assert FIGURES_FILE not in (out / MANIFEST).read_text(encoding="utf-8")
    less_satisfied(data)
    assert main(["build", "--data", str(data), "--out", str(out), "--quiet"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert re.match(r"Готово: 3 органа, .* → .*/site/$", lines[0].replace(NBSP, " "))
    assert lines[1] == "Что изменилось на сайте:"
    assert lines[2].startswith(nb("2025 год · Муниципальное образование в целом: Кэф 70,2 % → 68,8 % (уровень"))
    assert lines[3].startswith(nb(ALPHA))
    assert len(lines) == 4 and (out / FIGURES_FILE).read_bytes() != snapshot
    # the site's table is the data's: diff of the built site against the data it was built from finds nothing
    code, lines, _ = diff(capsys, out, data)
    assert (code, lines) == (0, ["Изменений нет: сайт покажет те же показатели, места и предупреждения."])


def test_a_site_built_by_another_version_is_refused_not_called_erroneous(tmp_path, capsys):
    from generator.diff import FIGURES_FILE

    site = tmp_path / "site"
    site.mkdir()
    (site / FIGURES_FILE).write_text('{"format": 0}', encoding="utf-8")
    assert main(["diff", str(site), str(ROOT / "data")]) == 2
    said = capsys.readouterr().err
    assert "собран другой версией генератора" in said and "ошибки" not in said
