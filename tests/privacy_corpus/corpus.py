"""Read the labelled corpus of comments and score a scrubber on it.

Every `*.txt` file of this folder holds one comment a line, with each identifier that must
disappear marked `[[…]]`. Shared by tests/test_privacy_corpus.py (recall must be 100 %) and
tools/privacy_benchmark.py (prints recall and precision).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
_MARKED = re.compile(r"\[\[(.+?)\]\]")
_ALNUM = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+")


@dataclass(frozen=True)
class Comment:
    source: str  # file:line, for the failure message
    text: str  # the comment as the respondent wrote it
    identifiers: tuple[tuple[int, int], ...]  # spans of `text` that must disappear


def load(folder: Path = HERE) -> list[Comment]:
    comments = []
    for path in sorted(folder.glob("*.txt")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip() and not line.startswith("#"):
                comments.append(_parse(f"{path.name}:{number}", line.strip()))
    return comments


def _parse(source: str, line: str) -> Comment:
    text, spans, last = [], [], 0
    length = 0
    for match in _MARKED.finditer(line):
        before = line[last:match.start()]
        text.append(before)
        length += len(before)
        spans.append((length, length + len(match[1])))
        text.append(match[1])
        length += len(match[1])
        last = match.end()
    text.append(line[last:])
    return Comment(source, "".join(text), tuple(spans))


def covered(spans, start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def leaks(comment: Comment, found_spans) -> list[str]:
    """The words and digit groups of identifiers that a scrubber left in the text."""
    out = []
    for start, end in comment.identifiers:
        for word in _ALNUM.finditer(comment.text, start, end):
            if not covered(found_spans, word.start(), word.end()):
                out.append(word.group())
    return out


def ordinary_words(comment: Comment):
    """(word, kept?) for each word outside the identifiers, given the spans a scrubber removes."""
    for word in _ALNUM.finditer(comment.text):
        if not covered(comment.identifiers, word.start(), word.end()):
            yield word.group(), word.start(), word.end()
