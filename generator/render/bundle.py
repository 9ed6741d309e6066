"""The site's files as rendering makes them: kept in memory, or written one by one into a site
project as they are made (a region-size site is never held whole)."""
from __future__ import annotations

import ctypes
import gc
import typing
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class SiteBundle:
    site_name: str
    site_url: str
    copyright: str
    nav: list
    files: dict[str, str | bytes] = field(default_factory=dict)
    charts: int = 0
    # chart path → its Vega-Lite spec, kept only when asked (render(keep_specs=True)): the goldens compare them
    specs: dict[str, dict] = field(default_factory=dict)
    # for the theme's templates (mkdocs.yml `extra`): the data's date for the sitemap, the control page
    theme_extra: dict[str, str] = field(default_factory=dict)
    # writes each file into a site project's docs/ as it is made (publish/project.py DocsWriter) and
    # returns its sha256: a large site is never held in memory whole; None: the files are kept here
    writer: typing.Callable[[str, str | bytes, list], str] | None = None
    digests: dict[str, str] = field(default_factory=dict)  # file written into docs/ → its sha256
    pdfs: list[str] = field(default_factory=list)  # the pages made into PDFs (render/printing.py)
    reused: list[str] = field(default_factory=list)  # pages taken from the render cache (render/reuse.py)

    def add(self, path: str, content: str | bytes) -> None:
        """A file of the site; when streamed, only its name stays here (the counts, the list of pages)."""
        if self.writer is None:
            self.files[path] = content
        else:
            self.files[path] = ""
            self.digests[path] = self.writer(path, content, self.nav)

    def add_kept(self, path: str, content: str, kept: Path, title: str | None, sha: str) -> None:
        """A page from the render cache (render/reuse.py): linked by the writer from the page it wrote in an
        earlier build (`kept`, titled `title` by that build's nav; `sha`: its sha256) when it can
        (publish/project.py BuildWriter.place), else added as any file."""
        place = getattr(self.writer, "place", None)
        if place is not None and place(path, kept, title, self.nav):
            self.files[path] = ""
            self.digests[path] = sha
        else:
            self.add(path, content)

    @property
    def streamed(self) -> list[str]:
        """The files already written by `writer` (write_project leaves them as they are)."""
        return [path for path in self.files if path in self.digests] if self.writer is not None else []

    def forget_contents(self) -> None:
        """Once the site project is written: the files' contents are let go (the names stay, and with
        them the counts), and the freed memory is given back to the system."""
        if self.writer is not None:
            return  # written as they were made: nothing held
        self.files = dict.fromkeys(self.files, "")
        gc.collect()
        give_memory_back()

    @property
    def pages(self) -> int:
        return sum(1 for p in self.files if p.endswith(".md"))

    @property
    def organizations(self) -> int:
        return len({p.split("/")[1] for p in self.files if p.startswith("organs/") and p.count("/") == 2})


def give_memory_back() -> None:
    """glibc keeps freed memory for reuse; malloc_trim returns the free pages within its heap too."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the memory is reused by this process
        pass
