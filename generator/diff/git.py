"""The data folder as it was at a commit of its git repository, copied into a temporary folder.

Only git's reading commands run (rev-parse, ls-tree, cat-file): the repository, its index and its
working tree are never touched. `git archive` is not used: `export-ignore` in .gitattributes could
leave data files out of it.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path


class GitError(Exception):
    """Why the data at a commit cannot be read, in Russian, for the person who ran the command."""


def _git(folder: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    git = shutil.which("git")
    if git is None:
        raise GitError("не найдена программа git: сравнение с коммитом (--against) без неё невозможно. "
                       "Установите git или сравните две папки: transparency diff СТАРАЯ_ПАПКА НОВАЯ_ПАПКА.")
    return subprocess.run([git, "-C", str(folder), *args], input=stdin, capture_output=True, check=False,
                          env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})


def data_at(ref: str, data_dir: Path, into: Path) -> Path:
    """Writes the files of data_dir as they were at `ref` into `into`; returns `into`."""
    data_dir = data_dir.resolve()
    if not data_dir.is_dir():
        raise GitError(f"папки с данными {data_dir} нет: укажите в --data папку с данными в git-репозитории.")
    top = _git(data_dir, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise GitError(f"папка {data_dir} не в git-репозитории: сравнение с коммитом невозможно. Сравните две "
                       f"папки: transparency diff СТАРАЯ_ПАПКА {data_dir}.")
    root = Path(top.stdout.decode("utf-8", "replace").strip()).resolve()
    if ref.startswith("-") or _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise GitError(f"в репозитории {root} нет коммита, ветки или метки «{ref}»: укажите в --against "
                       f"существующий, например HEAD, HEAD~1 или origin/main (список: git log --oneline).")
    prefix = data_dir.relative_to(root).as_posix()
    listed = _git(root, "ls-tree", "-r", "-z", "--full-tree", ref, "--", prefix if prefix != "." else ".")
    blobs = []  # (path inside the data folder, object id)
    for entry in listed.stdout.decode("utf-8", "surrogateescape").split("\0"):
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        mode, kind, object_id = meta.split()
        inside = path if prefix == "." else path[len(prefix) + 1:] if path.startswith(prefix + "/") else None
        if inside and kind == "blob" and mode in ("100644", "100755"):  # no links, no submodules
            blobs.append((inside, object_id))
    if listed.returncode != 0 or not blobs:
        raise GitError(f"в коммите «{ref}» нет папки {prefix if prefix != '.' else root}: данных для сравнения "
                       f"нет. Укажите в --against коммит, в котором эта папка уже была.")
    contents = _git(root, "cat-file", "--batch", stdin="".join(f"{o}\n" for _, o in blobs).encode())
    _write(contents.stdout, blobs, into)
    return into


def _write(batch: bytes, blobs: list[tuple[str, str]], into: Path) -> None:
    """`git cat-file --batch` answers each id with «<id> blob <size>\\n<content>\\n»."""
    at = 0
    for path, _ in blobs:
        header_end = batch.index(b"\n", at)
        size = int(batch[at:header_end].split()[2])
        content = batch[header_end + 1:header_end + 1 + size]
        at = header_end + 1 + size + 1
        target = into / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
