"""Prints how well generator.survey.privacy scrubs the labelled corpus of comments (tests/privacy_corpus/).

Usage: .venv/bin/python tools/privacy_benchmark.py [--show]

- recall: the share of identifier words (names, digits of phones, …) removed; the tests demand
  100 %, so anything less here is a defect to fix;
- precision: the share of the words removed that were part of an identifier, and its mirror,
  the share of ordinary words kept (places, organs, dates, prices a reader needs);
- the speed: comments per second once natasha and pymorphy3 are loaded.
`--show` lists every ordinary word removed, with its comment, to see what costs precision.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.survey.privacy import find  # noqa: E402
from tests.privacy_corpus.corpus import covered, leaks, load, ordinary_words  # noqa: E402
from tests.privacy_corpus.corpus import _ALNUM  # noqa: E402


def main(argv: list[str]) -> int:
    comments = load()
    find("Спасибо Игорю Петрову")  # load the models before the clock starts
    started = time.perf_counter()
    spans = {c.source: [(f.start, f.end) for f in find(c.text)] for c in comments}
    seconds = time.perf_counter() - started

    identifier_words = sum(len(list(_ALNUM.finditer(c.text, s, e))) for c in comments for s, e in c.identifiers)
    leaked = {c.source: leaks(c, spans[c.source]) for c in comments}
    removed_ordinary = [(c, word) for c in comments for word, start, end in ordinary_words(c)
                        if covered(spans[c.source], start, end)]
    ordinary_total = sum(1 for c in comments for _ in ordinary_words(c))
    removed_identifier = identifier_words - sum(len(v) for v in leaked.values())

    print(f"Комментариев: {len(comments)} (с персональными данными: {sum(1 for c in comments if c.identifiers)})")
    print(f"Полнота (recall): {removed_identifier}/{identifier_words} слов идентификаторов удалено "
          f"= {removed_identifier / identifier_words:.1%}")
    print(f"Точность (precision): {removed_identifier}/{removed_identifier + len(removed_ordinary)} удалённых слов "
          f"были идентификаторами = {removed_identifier / max(1, removed_identifier + len(removed_ordinary)):.1%}")
    print(f"Сохранено обычных слов: {ordinary_total - len(removed_ordinary)}/{ordinary_total} "
          f"= {(ordinary_total - len(removed_ordinary)) / ordinary_total:.1%}")
    clean = [c for c in comments if not c.identifiers]
    untouched = sum(1 for c in clean if not spans[c.source])
    print(f"Комментариев без персональных данных оставлено нетронутыми: {untouched}/{len(clean)}")
    print(f"Скорость: {len(comments) / seconds:.0f} комментариев в секунду")
    for source, words in leaked.items():
        if words:
            print(f"  УТЕЧКА {source}: {words}")
    if "--show" in argv:
        for comment, word in removed_ordinary:
            print(f"  лишнее {comment.source}: «{word}» в «{comment.text}»")
    return 1 if any(leaked.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
