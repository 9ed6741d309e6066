"""The command line as a maintainer uses it: exit codes, reports, an untouched site."""
import json
import re
import shutil
from pathlib import Path

import pytest

from generator.cli import main

BAD = Path(__file__).parent / "bad_inputs"


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "site"
    assert main(["build", "--data", str(Path(__file__).parent / "fixtures" / "minimal"), "--out", str(out),
                 "--quiet"]) == 0
    return out


def test_check_clean_data_exits_0(capsys):
    assert main(["check", "--data", "tests/fixtures/minimal"]) == 0
    assert "Проверка пройдена: ошибок нет." in capsys.readouterr().out


def test_check_json_lists_every_problem(minimal_copy, capsys):
    shutil.copyfile(BAD / "several_problems_at_once" / "services.csv", minimal_copy / "services.csv")
    assert main(["check", "--data", str(minimal_copy), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["errors"] == 1
    assert report["problems"][0] == {
        "file": "services.csv", "row": 8, "column": "organization_id", "code": "id-unknown",
        "message": "орган «zeta» не найден в organizations.yaml: добавьте его туда или исправьте идентификатор. "
                   "Возможно, имелось в виду «beta».", "severity": "error"}


def test_build_summary_line(minimal_copy, tmp_path, capsys):
    assert main(["build", "--data", str(minimal_copy), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    summary = capsys.readouterr().out.strip()
    assert re.fullmatch(r"Готово: 3\xa0органа, 23\xa0страницы, 14\xa0диаграмм за \d+,\d с → .+/out/", summary), summary


def test_failed_build_leaves_published_site_untouched(built_site, minimal_copy, capsys):
    before = {p: p.read_bytes() for p in built_site.rglob("*") if p.is_file()}
    shutil.copyfile(BAD / "negative_count_in_requests" / "periods" / "2025" / "requests.csv",
                    minimal_copy / "periods" / "2025" / "requests.csv")
    assert main(["build", "--data", str(minimal_copy), "--out", str(built_site), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert "[negative-count]" in err and "оставлен без изменений" in err
    after = {p: p.read_bytes() for p in built_site.rglob("*") if p.is_file()}
    assert after == before
    assert not list(built_site.parent.glob(".site-*")), "temporary folders must be cleaned up"


def test_rebuild_replaces_the_site(built_site, minimal_copy):
    stale = built_site / "stale.html"
    stale.write_text("old", encoding="utf-8")
    assert main(["build", "--data", str(minimal_copy), "--out", str(built_site), "--quiet"]) == 0
    assert not stale.exists() and (built_site / "index.html").exists()


def test_serve_on_a_taken_port_says_so_in_russian_and_exits_1(tmp_path, capsys, monkeypatch):
    import errno
    import socket

    import mkdocs.commands.serve

    def taken(**_):
        raise OSError(errno.EADDRINUSE, "Address already in use")

    monkeypatch.setattr(mkdocs.commands.serve, "serve", taken)
    with socket.socket() as probe:  # the address only appears in the messages
        probe.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{probe.getsockname()[1]}"
    assert main(["serve", "--data", str(tmp_path), "--dev-addr", address]) == 1
    out, err = capsys.readouterr()
    assert f"http://{address}/" in out
    assert "порт уже занят" in err and "Address" not in err
