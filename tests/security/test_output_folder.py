"""Never destroy anything: the output folder a build may replace, and the swap of the new site.

The site engine is replaced by a tiny fake site wherever the content of the site does not matter
(tests/test_cli.py builds real sites); the data checks and the rendering run for real. The swap is
tested both ways: folders exchanged in one step (renameat2, Linux) and the two renames used where
the system cannot exchange them.
"""
from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from generator import publish as publishing
from generator.cli import main
from generator.problems import Report
from generator.publish import SITE_STAMP, WORK_MARKER, PublishError, check_output_folder, publish
from generator.publish import swap

BAD = Path(__file__).parents[1] / "bad_inputs"
PROJECT = Path(__file__).parents[2]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def fake_engine(label: str):
    """A stand-in for build_site that writes a small site saying which build made it (the pages are
    rendered, into the build's own folder, as the real one renders them)."""
    def build_site(bundle, site_dir: Path, engine: str = "mkdocs", *_) -> None:
        publishing.rendered(bundle, site_dir.parent / "project" / "docs")
        (site_dir / "opendata").mkdir(parents=True)
        (site_dir / "index.html").write_text(f"<p>{label}</p>", encoding="utf-8")
        (site_dir / "opendata" / "results.csv").write_text(f"build\n{label}\n", encoding="utf-8")
    return build_site


def exchange_works(folder: Path) -> bool:
    """Whether this system and file system exchange two folders in one step (renameat2)."""
    first, second = folder / ".exchange-a", folder / ".exchange-b"
    first.mkdir()
    second.mkdir()
    try:
        swap.exchange(first, second)
        return True
    except OSError:
        return False
    finally:
        first.rmdir()
        second.rmdir()


def unsupported(first: Path, second: Path) -> None:
    raise OSError(errno.EINVAL, "Invalid argument", str(first))


@pytest.fixture
def two_renames(monkeypatch) -> None:
    """The swap of a system that cannot exchange two folders: the old site is set aside first."""
    monkeypatch.setattr(swap, "exchange", unsupported)


@pytest.fixture(params=["exchange", "two renames"])
def swap_path(request, tmp_path, monkeypatch) -> str:
    """Runs a test with each way of swapping the site in that this system has."""
    if request.param == "exchange" and not exchange_works(tmp_path):
        pytest.skip("this system cannot exchange two folders in one step (renameat2)")
    if request.param == "two renames":
        monkeypatch.setattr(swap, "exchange", unsupported)
    return request.param


@pytest.fixture
def old_site(tmp_path, monkeypatch) -> Path:
    """A site published by an earlier build, at tmp_path/public/site."""
    out = tmp_path / "public" / "site"
    monkeypatch.setattr(publishing, "build_site", fake_engine("old"))
    publish(None, out)
    return out


def temp_folders(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}-"))


def build(data: Path, out: Path) -> int:
    return main(["build", "--data", str(data), "--out", str(out), "--quiet"])


# --- refused before anything is written ------------------------------------------------------

def test_out_equal_to_data_is_refused_and_data_kept(minimal_copy, capsys):
    before = snapshot(minimal_copy)
    assert build(minimal_copy, minimal_copy) == 1
    err = capsys.readouterr().err
    assert "[output-is-data-folder] ошибка: папка для сайта совпадает с папкой данных" in err
    assert "Сайт не собран" in err
    assert snapshot(minimal_copy) == before


def test_out_inside_data_is_refused(minimal_copy, capsys):
    before = snapshot(minimal_copy)
    assert build(minimal_copy, minimal_copy / "site") == 1
    assert "[output-inside-data-folder]" in capsys.readouterr().err
    assert snapshot(minimal_copy) == before and not (minimal_copy / "site").exists()


def test_out_dot_in_the_folder_holding_data_is_refused_and_project_kept(minimal_copy, monkeypatch, capsys):
    project = minimal_copy.parent
    (project / "notes.txt").write_text("не сайт", encoding="utf-8")
    before = snapshot(project)
    monkeypatch.chdir(project)
    assert main(["build", "--data", "data", "--out", ".", "--quiet"]) == 1
    assert "[output-contains-data-folder] ошибка: папка для сайта" in capsys.readouterr().err
    assert snapshot(project) == before


def test_out_linked_to_data_is_refused(minimal_copy, tmp_path, capsys):
    link = tmp_path / "site"
    link.symlink_to(minimal_copy, target_is_directory=True)
    before = snapshot(minimal_copy)
    assert build(minimal_copy, link) == 1
    assert "[output-is-data-folder]" in capsys.readouterr().err
    assert snapshot(minimal_copy) == before and link.is_symlink()


def test_out_is_a_file_is_refused(minimal_copy, tmp_path, capsys):
    out = tmp_path / "site"
    out.write_text("важный файл", encoding="utf-8")
    assert build(minimal_copy, out) == 1
    assert "[output-is-a-file] ошибка: вместо папки для сайта находится файл" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "важный файл"


def test_file_in_the_way_of_out_is_refused(minimal_copy, tmp_path, capsys):
    blocker = tmp_path / "public"
    blocker.write_text("важный файл", encoding="utf-8")
    assert build(minimal_copy, blocker / "site") == 1
    assert "[output-is-a-file] ошибка: по пути к папке для сайта находится файл" in capsys.readouterr().err
    assert blocker.read_text(encoding="utf-8") == "важный файл"


def test_foreign_folder_is_not_replaced(minimal_copy, tmp_path, capsys):
    out = tmp_path / "site"
    (out / "docs").mkdir(parents=True)
    (out / "docs" / "приказ.docx").write_bytes(b"PK")
    (out / "index.html").write_text("сайт администрации", encoding="utf-8")
    before = snapshot(out)
    assert build(minimal_copy, out) == 1
    err = capsys.readouterr().err
    assert f"[output-folder-foreign] ошибка: папка для сайта {out} не пуста и собрана не этим генератором" in err
    assert "в ней есть: docs, index.html" in err
    assert snapshot(out) == before and temp_folders(out) == []


def test_home_folder_is_refused(minimal_copy, tmp_path, monkeypatch, capsys):
    home = tmp_path / "home" / "maintainer"
    home.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    assert build(minimal_copy, home) == 1
    assert "[output-is-system-folder] ошибка: папка для сайта" in capsys.readouterr().err
    assert list(home.iterdir()) == []


def test_filesystem_root_is_refused(tmp_path):
    # checked directly, not by a build: a regression here must not be able to touch the disk
    report = Report()
    check_output_folder(Path("/"), tmp_path / "data", report)
    assert [p.code for p in report.errors] == ["output-is-system-folder"]
    assert "корень файловой системы" in report.errors[0].message


def test_unwritable_parent_is_refused_before_building(old_site, minimal_copy, monkeypatch, capsys):
    """For a user without rights the check comes with the data checks, before the engine runs (root
    has every right, so the answer of the OS is simulated)."""
    access = os.access
    monkeypatch.setattr(publishing.os, "access",
                        lambda path, mode, **kw: Path(path) != old_site.parent and access(path, mode, **kw))

    def never(bundle, site_dir, engine="mkdocs", *_):
        raise AssertionError("the engine must not run for a refused output folder")

    monkeypatch.setattr(publishing, "build_site", never)
    before = snapshot(old_site)
    assert build(minimal_copy, old_site) == 1
    assert f"[output-not-writable] ошибка: нет прав на запись в папку {old_site.parent}" in capsys.readouterr().err
    assert snapshot(old_site) == before and temp_folders(old_site) == []


def test_refused_output_is_reported_with_the_data_errors(minimal_copy, capsys):
    requests = minimal_copy / "periods" / "2025" / "requests.csv"
    requests.write_bytes((BAD / "negative_count_in_requests" / "periods" / "2025" / "requests.csv").read_bytes())
    assert build(minimal_copy, minimal_copy) == 1
    err = capsys.readouterr().err
    assert "[negative-count]" in err and "[output-is-data-folder]" in err


# --- what may be replaced ---------------------------------------------------------------------

def test_empty_folder_is_replaced_and_the_site_carries_the_stamp(minimal_copy, tmp_path, monkeypatch):
    out = tmp_path / "site"
    out.mkdir()
    monkeypatch.setattr(publishing, "build_site", fake_engine("new"))
    assert build(minimal_copy, out) == 0
    assert (out / "index.html").read_text(encoding="utf-8") == "<p>new</p>"
    assert (out / SITE_STAMP).is_file()
    assert build(minimal_copy, out) == 0, "a site carrying the stamp is replaced"
    assert temp_folders(out) == []


def test_files_put_into_the_output_during_the_build_are_not_deleted(old_site, monkeypatch):
    """The output is checked once more right before the swap, not only at the start."""
    (old_site / SITE_STAMP).unlink()
    (old_site / "отчёт.xlsx").write_bytes(b"PK")
    before = snapshot(old_site)
    monkeypatch.setattr(publishing, "build_site", fake_engine("new"))
    with pytest.raises(PublishError) as raised:
        publish(None, old_site)
    assert [p.code for p in raised.value.report.errors] == ["output-folder-foreign"]
    assert snapshot(old_site) == before and temp_folders(old_site) == []


# --- failures while writing: a Russian error, the old site intact, no temporary folders -------

def test_read_only_parent_reports_in_russian_and_keeps_old_site(old_site, minimal_copy, monkeypatch, capsys):
    before = snapshot(old_site)
    monkeypatch.setattr(publishing, "build_site", fake_engine("new"))
    parent = old_site.parent
    parent.chmod(0o555)
    try:
        if os.access(parent, os.W_OK):  # root writes anyway: the refusal of the OS is simulated
            def refused(*args, **kwargs):
                raise PermissionError(errno.EACCES, "Permission denied", str(parent))
            monkeypatch.setattr(swap.tempfile, "mkdtemp", refused)
        assert build(minimal_copy, old_site) == 1
    finally:
        parent.chmod(0o755)
    err = capsys.readouterr().err
    assert "[output-not-writable] ошибка: " in err and "прав" in err and "Traceback" not in err
    assert f"Сайт не собран; {old_site}/ оставлен без изменений." in err
    assert snapshot(old_site) == before and temp_folders(old_site) == []


def test_full_disk_keeps_old_site_and_leaves_no_temp_folders(old_site, minimal_copy, monkeypatch, capsys):
    before = snapshot(old_site)

    def disk_fills_up(bundle, site_dir: Path, engine: str = "mkdocs", *_) -> None:
        fake_engine("new")(bundle, site_dir)
        raise OSError(errno.ENOSPC, "No space left on device", str(site_dir / "search" / "search_index.json"))

    monkeypatch.setattr(publishing, "build_site", disk_fills_up)
    assert build(minimal_copy, old_site) == 1
    err = capsys.readouterr().err
    assert "[output-disk-full] ошибка: при записи сайта на диске кончилось место" in err
    assert f"папка {old_site} осталась как была" in err
    assert snapshot(old_site) == before and temp_folders(old_site) == []


def run_python(script: str, limit_file_size: int | None = None) -> subprocess.CompletedProcess:
    """A separate Python process: a file-size limit or a kill must not hit the test runner."""
    import resource

    def limit() -> None:
        if limit_file_size is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    return subprocess.run([sys.executable, "-c", textwrap.dedent(script)], cwd=PROJECT, capture_output=True,
                          text=True, timeout=60, preexec_fn=limit)


def test_file_size_limit_reports_in_russian_and_keeps_old_site(old_site):
    before = snapshot(old_site)
    done = run_python(f"""
        from pathlib import Path
        from generator import publish as publishing
        from generator.publish import PublishError, publish

        def big_site(bundle, site_dir, engine="mkdocs", *_):
            site_dir.mkdir(parents=True)
            (site_dir / "index.html").write_bytes(b"x" * 200_000)

        publishing.build_site = big_site
        try:
            publish(None, Path({str(old_site)!r}))
        except PublishError as error:
            print(error.report.as_text())
    """, limit_file_size=100_000)
    assert done.returncode == 0, done.stderr
    assert "[output-file-too-large] ошибка: при записи сайта файл превысил разрешённый размер" in done.stdout
    assert snapshot(old_site) == before and temp_folders(old_site) == []


def test_failed_exchange_leaves_the_old_site(old_site, minimal_copy, monkeypatch, capsys):
    before = snapshot(old_site)
    monkeypatch.setattr(publishing, "build_site", fake_engine("new"))

    def fails(first, second):
        raise OSError(errno.EIO, "Input/output error", str(first))

    monkeypatch.setattr(swap, "exchange", fails)
    assert build(minimal_copy, old_site) == 1
    err = capsys.readouterr().err
    assert "[output-write-failed] ошибка: при записи сайта произошла ошибка системы EIO" in err
    assert snapshot(old_site) == before and temp_folders(old_site) == []


def test_failed_swap_puts_the_old_site_back(old_site, minimal_copy, two_renames, monkeypatch, capsys):
    before = snapshot(old_site)
    monkeypatch.setattr(publishing, "build_site", fake_engine("new"))
    rename = Path.rename

    def new_site_cannot_be_moved(self, target):
        if self.name == "site" and self.parent.name.startswith(".site-new-"):
            raise OSError(errno.EIO, "Input/output error", str(self))
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", new_site_cannot_be_moved)
    assert build(minimal_copy, old_site) == 1
    err = capsys.readouterr().err
    assert "[output-write-failed] ошибка: при записи сайта произошла ошибка системы EIO" in err
    assert snapshot(old_site) == before and temp_folders(old_site) == []


def test_old_site_that_cannot_be_put_back_is_kept_and_named(old_site, minimal_copy, two_renames, monkeypatch,
                                                           capsys):
    before = snapshot(old_site)
    monkeypatch.setattr(publishing, "build_site", fake_engine("new"))
    rename = Path.rename

    def nothing_reaches_the_output(self, target):
        if Path(target) == old_site:
            raise OSError(errno.EIO, "Input/output error", str(self))
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", nothing_reaches_the_output)
    assert build(minimal_copy, old_site) == 1
    err = capsys.readouterr().err
    [kept] = [p for p in old_site.parent.glob(".site-new-*/old-*")]
    assert f"прежний сайт сохранён в {kept}: переименуйте эту папку обратно в {old_site}." in err
    assert err.rstrip().endswith("Сайт не собран.")
    assert not old_site.exists() and snapshot(kept) == before


# --- killed builds and builds at once ---------------------------------------------------------

KILLED_BUILD = """
    import os, signal
    from pathlib import Path
    from generator import publish as publishing

    def killed(bundle, site_dir, engine="mkdocs", *_):
        site_dir.mkdir(parents=True)
        (site_dir / "index.html").write_text("half", encoding="utf-8")
        os.kill(os.getpid(), signal.SIGKILL)

    publishing.build_site = killed
    publishing.publish(None, Path({out!r}))
"""


def test_leftovers_of_a_killed_build_are_cleaned(old_site, swap_path, monkeypatch):
    killed = run_python(KILLED_BUILD.format(out=str(old_site)))
    assert killed.returncode == -signal.SIGKILL
    leftovers = temp_folders(old_site)
    assert len(leftovers) == 1 and (old_site.parent / leftovers[0] / WORK_MARKER).is_file()
    # look-alikes that this generator did not make are never touched
    decoys = [old_site.parent / ".site-new-abcd1234", old_site.parent / ".site-new-x"]
    for decoy in decoys:
        decoy.mkdir()
        (decoy / "личное.txt").write_text("не трогать", encoding="utf-8")
    monkeypatch.setattr(publishing, "build_site", fake_engine("new"))
    publish(None, old_site)
    assert (old_site / "index.html").read_text(encoding="utf-8") == "<p>new</p>"
    assert temp_folders(old_site) == sorted(d.name for d in decoys)
    assert all((d / "личное.txt").exists() for d in decoys)


SET_ASIDE_THEN_KILLED = """
    import errno, os, signal
    from pathlib import Path
    from generator import publish as publishing
    from generator.publish import swap

    def unsupported(first, second):  # the two renames: the old site is set aside first
        raise OSError(errno.EINVAL, "Invalid argument", str(first))

    swap.exchange = unsupported

    rename = Path.rename

    def killed_between_the_renames(self, target):
        if self.name == "site" and self.parent.name.startswith(".site-new-"):
            os.kill(os.getpid(), signal.SIGKILL)
        return rename(self, target)

    def new_site(bundle, site_dir, engine="mkdocs", *_):
        site_dir.mkdir(parents=True)
        (site_dir / "index.html").write_text("new", encoding="utf-8")

    Path.rename = killed_between_the_renames
    publishing.build_site = new_site
    publishing.publish(None, Path({out!r}))
"""


def test_site_set_aside_by_a_killed_build_is_put_back(old_site, minimal_copy, capsys):
    """Put back by the next build even when that one stops at errors in the data."""
    before = snapshot(old_site)
    killed = run_python(SET_ASIDE_THEN_KILLED.format(out=str(old_site)))
    assert killed.returncode == -signal.SIGKILL
    assert not old_site.exists(), "the kill came after the old site was set aside"
    requests = minimal_copy / "periods" / "2025" / "requests.csv"
    requests.write_bytes((BAD / "negative_count_in_requests" / "periods" / "2025" / "requests.csv").read_bytes())
    assert build(minimal_copy, old_site) == 1
    assert "[negative-count]" in capsys.readouterr().err
    assert snapshot(old_site) == before and temp_folders(old_site) == []


def test_two_builds_at_once_do_not_cross(old_site, swap_path, monkeypatch):
    """The second build starts (and cleans leftovers) while the first is building; both finish,
    and the published site is wholly one of them."""
    first_building = threading.Event()
    both_building = threading.Barrier(2, timeout=20)

    def build_site(bundle, site_dir, engine="mkdocs", *_):
        label = threading.current_thread().name
        fake_engine(label)(bundle, site_dir)
        first_building.set()
        both_building.wait()

    monkeypatch.setattr(publishing, "build_site", build_site)
    errors = []

    def run() -> None:
        try:
            publish(None, old_site)
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    first = threading.Thread(target=run, name="first")
    second = threading.Thread(target=run, name="second")
    first.start()
    assert first_building.wait(20)
    second.start()
    first.join(120)
    second.join(120)
    assert not first.is_alive() and not second.is_alive(), "a build did not finish"
    assert errors == []
    label = (old_site / "index.html").read_text(encoding="utf-8")[3:-4]
    assert label in ("first", "second")
    assert snapshot(old_site) == {"index.html": f"<p>{label}</p>".encode(),
                                  "opendata/results.csv": f"build\n{label}\n".encode(),
                                  SITE_STAMP: publishing.STAMP_TEXT.encode()}
    assert temp_folders(old_site) == []


def test_site_set_aside_is_dropped_when_another_build_published_meanwhile(tmp_path, monkeypatch):
    """The race two builds at once can run into: while one puts the old site back, the other has
    just published its own. The old site is then not needed, and no temporary folder is left."""
    out, workdir = tmp_path / "site", tmp_path / ".site-new-race"
    (workdir / "old-0").mkdir(parents=True)
    real_rename = Path.rename

    def other_build_wins(self, target):
        if Path(target) == out:
            out.mkdir()
            (out / "index.html").write_text("other", encoding="utf-8")
            raise OSError(errno.ENOTEMPTY, "Directory not empty")
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", other_build_wins)
    publishing.discard(workdir, out)
    assert not workdir.exists() and (out / "index.html").read_text(encoding="utf-8") == "other"


# --- the moment without a site ----------------------------------------------------------------

def test_exchange_trades_two_folders_in_one_step(tmp_path):
    if not exchange_works(tmp_path):
        pytest.skip("this system cannot exchange two folders in one step (renameat2)")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x").write_text("a", encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "y").write_text("b", encoding="utf-8")
    swap.exchange(tmp_path / "a", tmp_path / "b")
    assert [p.name for p in (tmp_path / "a").iterdir()] == ["y"]
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["x"]
    with pytest.raises(FileNotFoundError):
        swap.exchange(tmp_path / "a", tmp_path / "missing")


def test_the_site_never_disappears_while_it_is_replaced(old_site, monkeypatch):
    """With the folders exchanged in one step, a reader polling the site during 20 rebuilds
    always finds it."""
    if not exchange_works(old_site.parent):
        pytest.skip("this system cannot exchange two folders in one step (renameat2)")
    exchanged = []
    exchange = swap.exchange
    monkeypatch.setattr(swap, "exchange", lambda a, b: exchanged.append(b) or exchange(a, b))
    monkeypatch.setattr(publishing, "build_site", fake_engine("new"))
    missing, done = [], threading.Event()

    def reader() -> None:
        while not done.is_set():
            if not (old_site / "index.html").exists():
                missing.append(True)

    watching = threading.Thread(target=reader)
    watching.start()
    try:
        for _ in range(20):
            publish(None, old_site)
    finally:
        done.set()
        watching.join()
    assert exchanged == [old_site] * 20 and not missing
    assert (old_site / "index.html").read_text(encoding="utf-8") == "<p>new</p>" and temp_folders(old_site) == []


@pytest.mark.parametrize("answer", [errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EOPNOTSUPP])
def test_a_system_that_cannot_exchange_folders_gets_the_two_renames(old_site, answer, monkeypatch):
    def cannot(first, second):
        raise OSError(answer, os.strerror(answer), str(first))

    monkeypatch.setattr(swap, "exchange", cannot)
    renamed = []
    rename = Path.rename
    monkeypatch.setattr(Path, "rename", lambda self, target: renamed.append(Path(target).name) or rename(self, target))
    monkeypatch.setattr(publishing, "build_site", fake_engine("new"))
    publish(None, old_site)
    assert renamed == ["old-0", "site"], "the old site set aside, then the new one put in place"
    assert snapshot(old_site) == {"index.html": b"<p>new</p>", "opendata/results.csv": b"build\nnew\n",
                                  SITE_STAMP: publishing.STAMP_TEXT.encode()}
    assert temp_folders(old_site) == []


def test_without_renameat2_the_swap_is_two_renames(old_site, monkeypatch):
    """A system without renameat2 (not Linux, or glibc before 2.28)."""
    monkeypatch.setattr(swap, "_RENAMEAT2", None)
    with pytest.raises(OSError) as raised:
        swap.exchange(old_site, old_site.parent / "other")
    assert raised.value.errno == errno.ENOSYS
    monkeypatch.setattr(publishing, "build_site", fake_engine("new"))
    publish(None, old_site)
    assert (old_site / "index.html").read_text(encoding="utf-8") == "<p>new</p>" and temp_folders(old_site) == []
