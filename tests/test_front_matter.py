"""Each page's front matter is written by libyaml's emitter where PyYAML has it (publish/project.py
front_matter: ten times faster on thousands of pages), and must be the very text PyYAML's own emitter
writes: the pages' bytes, and with them the goldens and every incremental build, do not depend on it.
Text libyaml writes otherwise (an empty key, NEL and the line separators, characters beyond the BMP)
goes to PyYAML's emitter."""
from __future__ import annotations

import yaml
from hypothesis import example, given, settings, strategies as st

from generator.publish import project


def by_pyyaml(meta: dict) -> str:
    return yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=float("inf"))


# What YAML makes something of: indicators, quotes, line breaks, words read as booleans or numbers.
SPECIAL = st.sampled_from(list(" -?:,[]{}#&*!|>'\"%@`\n\t~.0123456789eE+") + ["null", "true", "no", "---", "...",
                                                                            "0x1F", "1e3", "<<", " x", "x "])
ANY_CHARACTER = st.characters(blacklist_categories=("Cs",))
text = st.lists(st.characters(max_codepoint=0xFFFD, blacklist_categories=("Cs",)) | SPECIAL | ANY_CHARACTER,
                max_size=10).map("".join)
scalars = text | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none()
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
                      max_leaves=8)


@example({"title": "Управление № 62 — 2024 год", "tp_description": "Кэф 51,8 % — средне.", "tags": ["а: б", "в"]})
@example({"": {}})  # an empty key: «? ''» by PyYAML, «'':» by libyaml
@example({"title": "a\x85b"})  # NEL
@example({"title": "🏛 Музей"})  # beyond the BMP: escaped by libyaml
@settings(max_examples=200, deadline=None)
@given(st.dictionaries(text, values, max_size=4))
def test_the_front_matter_is_what_pyyaml_writes(meta):
    assert project.front_matter(meta) == by_pyyaml(meta)


def test_libyaml_writes_the_plain_front_matters():
    assert project._plain({"title": "Отчёт", "tags": ["x"], "n": 1, "f": 0.5, "b": None, "t": True})
    assert not project._plain({"": 1})
    assert not project._plain({"title": "🏛"})
    assert not project._plain({"title": "a\u2028b"})
