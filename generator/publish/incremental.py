"""Builds that redo only what changed, and give exactly what a full build would.

A built site carries a manifest (MANIFEST, beside SITE_STAMP): the fingerprint of everything the
build read (`fingerprint`: the data, the generator's code, templates and settings, the versions of
the engine, the build date), every file of the site with its hash, and per page the key of what its
HTML depends on. The next build
- finds the same fingerprint and the site intact: there is nothing to do (`unchanged`), no stage runs;
- else reuses every page whose key is the same and whose published HTML is intact (`reusable`), so
  the engine converts only the pages that changed.

A page's HTML depends on its Markdown, on mkdocs.yml (site settings and nav), the theme overrides,
the engine's versions and the set of pages of the site (links between them): the key hashes all of
these (`page_keys`), so a reused page is always byte for byte what a full build would write.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from generator.diff import FIGURES_FILE
from generator.publish.folder import SITE_STAMP

MANIFEST = ".transparency-build.json"
# the manifest itself, and what is written after it: the stamp and the table of the data's figures (a
# function of the data alone, compared by the next build: generator/diff)
NOT_LISTED = {MANIFEST, SITE_STAMP, FIGURES_FILE}
# The code that turns the engine's output into the site (search summaries, this module): part of every key.
PUBLISHING_CODE = Path(__file__).resolve().parent
FORMAT = 2  # 2: a page's key hashes the hash of its Markdown (known when it is written), not the text
# The packages whose versions change what the engine writes.
ENGINE_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "vl-convert-python")


@dataclass
class Manifest:
    fingerprint: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # page (source path) → its key
    outputs: dict[str, str] = field(default_factory=dict)  # page → the file written for it
    files: dict[str, str] = field(default_factory=dict)  # every file of the site → sha256

    def text(self) -> str:
        return json.dumps({"format": FORMAT, "fingerprint": self.fingerprint, "pages": self.pages,
                           "outputs": self.outputs, "files": self.files},
                          ensure_ascii=False, indent=0, sort_keys=True) + "\n"


def read_manifest(site_dir: Path | None) -> Manifest | None:
    """The manifest of a published site, or None (no site, an older or damaged manifest)."""
    if site_dir is None:
        return None
    try:
        data = json.loads((site_dir / MANIFEST).read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            return None
        return Manifest(str(data["fingerprint"]), dict(data["pages"]), dict(data["outputs"]), dict(data["files"]))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def digest(*parts: bytes | str) -> str:
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "big"))  # lengths first: ("ab","c") ≠ ("a","bc")
        hashed.update(data)
    return hashed.hexdigest()


def file_digest(path: Path) -> str:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


def folder_digest(folder: Path, hashed: "hashlib._Hash") -> None:
    """Every file under folder, by its path inside it and its content (caches left out)."""
    if not folder.exists():
        hashed.update(b"-")
        return
    paths = [folder] if folder.is_file() else sorted(
        p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    for path in paths:
        name = path.name if path == folder else path.relative_to(folder).as_posix()
        hashed.update(digest(name, path.read_bytes()).encode())


def versions() -> str:
    found = []
    for package in ENGINE_PACKAGES:
        try:
            found.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{package}=-")
    return ";".join(found)


def fingerprint(sources: list[Path], settings: str) -> str:
    """Of everything a build reads: the files and folders in `sources` (data, code, templates) and
    `settings` (engine, build date and the like)."""
    hashed = hashlib.sha256()
    hashed.update(digest(settings, versions()).encode())
    for source in sources:
        hashed.update(digest(str(source)).encode())
        folder_digest(source, hashed)
    return hashed.hexdigest()


def page_keys(project: Path, docs: str, overrides: str, config_name: str,
              written: dict[str, str] | None = None) -> dict[str, str]:
    """Page (path inside docs/) → the key of everything its HTML depends on. `written`: the sha256 of
    files of docs/ as they were written (the others are read)."""
    docs_dir = project / docs
    written = written or {}
    files = sorted(os.path.relpath(os.path.join(root, name), docs_dir).replace(os.sep, "/")
                   for root, _, names in os.walk(docs_dir) for name in names)
    shared = hashlib.sha256()
    shared.update(digest(versions(), (project / config_name).read_bytes(), "\n".join(files)).encode())
    folder_digest(project / overrides, shared)
    folder_digest(PUBLISHING_CODE, shared)
    site_key = shared.hexdigest()
    return {page: digest(site_key, page, written.get(page) or file_digest(docs_dir / page))
            for page in files if page.endswith(".md")}


def unchanged(site_dir: Path, wanted: str) -> bool:
    """The published site was built from exactly these inputs and nothing in it has changed since."""
    manifest = read_manifest(site_dir)
    if manifest is None or manifest.fingerprint != wanted:
        return False
    try:
        present = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}
        present -= NOT_LISTED
        return present == set(manifest.files) and all(
            file_digest(site_dir / name) == sha for name, sha in manifest.files.items())
    except OSError:
        return False


def reuse(previous: Path, manifest: Manifest, keys: dict[str, str], site_dir: Path) -> dict[str, str]:
    """Puts into site_dir the published HTML of every page whose key has not changed (and whose file is
    as it was written), as a hard link where the file system has them (nothing is written, and removing
    the old site after the swap frees nothing of it: no build writes into a published file); returns the
    files placed with their hashes: the engine need not convert those pages."""
    copied = {}
    for page, key in keys.items():
        written = manifest.outputs.get(page)
        if manifest.pages.get(page) != key or written is None or written not in manifest.files:
            continue
        target = site_dir / written
        target.parent.mkdir(parents=True, exist_ok=True)
        if _placed(previous / written, target, manifest.files[written]):
            copied[written] = manifest.files[written]
    return copied


def _placed(published: Path, target: Path, sha: str) -> bool:
    """target, the published file if it is as the manifest says (else the page is converted again: changed
    by hand, or by another build meanwhile), as a hard link (linked first and read after: a site another
    build swaps in meanwhile cannot slip in other bytes), or a copy where there are none."""
    try:
        os.link(published, target)
    except FileNotFoundError:
        return False
    except OSError:  # no hard links here: a copy of what is read
        try:
            content = published.read_bytes()
        except OSError:
            return False
        if hashlib.sha256(content).hexdigest() != sha:
            return False
        target.unlink(missing_ok=True)
        target.write_bytes(content)
        return True
    if file_digest(target) == sha:
        return True
    target.unlink()
    return False


def intact_json(site_dir: Path, manifest: Manifest, name: str) -> dict | None:
    """A JSON file of the published site, if it is exactly as the build that wrote it left it."""
    if name not in manifest.files:
        return None
    try:
        content = (site_dir / name).read_bytes()
        if hashlib.sha256(content).hexdigest() != manifest.files[name]:
            return None
        return json.loads(content)
    except (OSError, ValueError):
        return None


def write_manifest(site_dir: Path, fingerprint_: str, keys: dict[str, str], outputs: dict[str, str],
                   known: dict[str, str]) -> None:
    """The manifest of the site just built; `known`: files copied with their hashes (not read again)."""
    files = {}
    for root, _, names in os.walk(site_dir):
        for name in names:
            path = Path(root) / name
            relative = path.relative_to(site_dir).as_posix()
            if relative not in NOT_LISTED:
                files[relative] = known.get(relative) or file_digest(path)
    manifest = Manifest(fingerprint_, keys, {p: outputs[p] for p in sorted(outputs)}, dict(sorted(files.items())))
    (site_dir / MANIFEST).write_text(manifest.text(), encoding="utf-8")


def timeless_sitemap(site_dir: Path) -> None:
    """mkdocs stamps sitemap.xml.gz with the day of the build (the gzip header's time): the only
    byte of the site that depends on the day. Compressed again without a time (0: «none», RFC 1952),
    a rebuild on another day gives the same site, and nothing changed means nothing to do."""
    plain, packed = site_dir / "sitemap.xml", site_dir / "sitemap.xml.gz"
    if plain.is_file() and packed.is_file():
        with open(packed, "wb") as file, gzip.GzipFile(filename="sitemap.xml", mode="wb", fileobj=file, mtime=0) as gz:
            gz.write(plain.read_bytes())


def build_incrementally(config_file: Path, site_dir: Path, previous: Path | None, inputs: str, workers: int,
                        written: dict[str, str] | None = None) -> int:
    """The project of config_file built into site_dir by mkdocs, reusing what it can of the site
    published in `previous`, in up to `workers` processes; then the search index and the manifest.
    `written`: the sha256 of the files of docs/ as they were written. Returns how many pages were
    converted."""
    from generator.publish.engines import engine_failed
    from generator.publish.project import CONFIG_NAME, DOCS, OVERRIDES
    from generator.publish.shards import SEARCH_FOLDER, SEARCH_JSON, SearchIndex, build_pages, write_search_index

    keys = page_keys(config_file.parent, DOCS, OVERRIDES, CONFIG_NAME, written)
    site_dir.mkdir(parents=True, exist_ok=True)
    manifest = read_manifest(previous)
    # the reused pages' search entries come from the published index: only when it is as written
    old_index = intact_json(previous, manifest, f"{SEARCH_FOLDER}/{SEARCH_JSON}") if manifest else None
    copied = reuse(previous, manifest, keys, site_dir) if old_index is not None else {}
    reused = {page for page in keys if manifest and manifest.outputs.get(page) in copied}
    search = SearchIndex()
    result = build_pages(config_file, site_dir, [p for p in keys if p not in reused], workers, search)
    if result.problem is not None:
        raise engine_failed("mkdocs", config_file, result.problem)
    timeless_sitemap(site_dir)
    if reused:
        search.add(old_index, {result.urls[page] for page in reused})
    write_search_index(site_dir, search.as_dict([result.urls[page] for page in result.pages]))
    # the static files (charts, open data) are copied from docs/ as they are: their hashes are known
    static = {path: sha for path, sha in (written or {}).items() if not path.endswith(".md") and path not in keys}
    write_manifest(site_dir, inputs, keys, result.outputs, {**static, **copied})
    return len(result.built)
