"""Pages by inheritance: each methodology's templates extend the shared base of their page kind and fill
only the blocks that base declares. Jinja silently drops a block its parent does not have (a typo in a
block name would quietly lose a section), so the blocks are compared on the parsed templates.

Every installed methodology is checked, the outside one of tests/plugins/ too.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, TemplateNotFound, nodes

from generator.methods import METHODOLOGIES
from generator.render.environment import make_environment
from generator.resources import TEMPLATES

PAGE_KINDS = ("organ", "service", "rating", "methodology")


def environment() -> Environment:
    return make_environment({code: m.templates_folder() for code, m in METHODOLOGIES.items()})


def _parse(env: Environment, name: str) -> nodes.Template:
    source, _, _ = env.loader.get_source(env, name)
    return env.parse(source)


def declared_blocks(env: Environment, name: str) -> set[str]:
    """The blocks of `name` and of every template it extends, nested ones included."""
    tree = _parse(env, name)
    blocks = {block.name for block in tree.find_all(nodes.Block)}
    parent = tree.find(nodes.Extends)
    return blocks | declared_blocks(env, parent.template.value) if parent else blocks


def template_problems(env: Environment, name: str) -> list[str]:
    """What is wrong with a template that extends another: a parent that does not exist, a block the parent
    chain does not declare (jinja would ignore it), output outside blocks (jinja would drop it)."""
    tree = _parse(env, name)
    extends = tree.find(nodes.Extends)
    if extends is None:
        return []
    if not isinstance(extends.template, nodes.Const):
        return [f"{name}: extends a template named by an expression; name the base template"]
    parent = extends.template.value
    try:
        allowed = declared_blocks(env, parent)
    except TemplateNotFound:
        return [f"{name}: extends «{parent}», which does not exist"]
    problems = [f"{name}: block «{block.name}» is not declared by «{parent}» or its bases (declared: "
                f"{', '.join(sorted(allowed))})"
                for block in tree.find_all(nodes.Block) if block.name not in allowed]
    for node in tree.body:
        if isinstance(node, nodes.Output) and any(
                not (isinstance(child, nodes.TemplateData) and not child.data.strip()) for child in node.nodes):
            problems.append(f"{name}: output outside blocks is dropped by jinja: move it into a block")
    return problems


def methodology_templates() -> list[tuple[str, str]]:
    return sorted((code, f"{code}/{path.relative_to(method.templates_folder()).as_posix()}")
                  for code, method in METHODOLOGIES.items()
                  for path in method.templates_folder().rglob("*.j2"))


@pytest.mark.parametrize("code, name", methodology_templates(), ids=lambda v: v)
def test_a_methodology_template_fills_only_declared_blocks(code, name):
    assert template_problems(environment(), name) == []


@pytest.mark.parametrize("code", sorted(METHODOLOGIES))
def test_its_page_of_a_kind_extends_the_shared_base_of_that_kind(code):
    env, method = environment(), METHODOLOGIES[code]
    for kind in PAGE_KINDS:
        own = method.template(kind)
        if own.startswith("pages/"):
            continue  # it uses the shared page as it is
        assert _parse(env, own).find(nodes.Extends).template.value == f"pages/{kind}.md.j2", own


def test_the_outside_methodology_has_its_own_organ_page():
    assert "satisfied_share" in METHODOLOGIES, "`make test` installs the outside methodology of tests/plugins/"
    assert METHODOLOGIES["satisfied_share"].template("organ") == "satisfied_share/organ.md.j2"


def test_no_template_includes_something_that_may_be_missing():
    folders = [TEMPLATES, *(m.templates_folder() for m in METHODOLOGIES.values())]
    for path in (p for folder in folders for p in folder.rglob("*.j2")):
        assert "ignore missing" not in path.read_text(encoding="utf-8"), f"{path}: declare a block instead"


def test_a_misspelt_block_or_base_is_caught(tmp_path):
    (tmp_path / "organ.md.j2").write_text('{% extends "pages/organ.md.j2" %}\n{% block summray %}x{% endblock %}\n')
    (tmp_path / "rating.md.j2").write_text('{% extends "pages/ratings.md.j2" %}\n')
    (tmp_path / "service.md.j2").write_text('{% extends "pages/service.md.j2" %}\nlost text\n')
    env = make_environment({"typo": tmp_path})
    assert "block «summray» is not declared" in " ".join(template_problems(env, "typo/organ.md.j2"))
    assert template_problems(env, "typo/rating.md.j2") == [
        "typo/rating.md.j2: extends «pages/ratings.md.j2», which does not exist"]
    assert "output outside blocks" in " ".join(template_problems(env, "typo/service.md.j2"))


def test_a_methodology_cannot_shadow_another_or_a_shared_template(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    (first).mkdir()
    (second / "first").mkdir(parents=True)
    (second / "pages").mkdir()
    (first / "organ.md.j2").write_text("FIRST")
    (second / "first" / "organ.md.j2").write_text("SECOND, pretending to be FIRST")
    (second / "pages" / "organ.md.j2").write_text("SECOND, pretending to be the shared page")
    env = make_environment({"first": first, "second": second})
    assert env.get_template("first/organ.md.j2").render() == "FIRST"
    assert Path(env.get_template("pages/organ.md.j2").filename) == TEMPLATES / "pages" / "organ.md.j2"
