"""The pipeline's stages depend only backwards: load → validate → compute → render → publish.

Every import inside generator/ is read from the source (also those inside functions; not those under
`if TYPE_CHECKING:`, which only name types for annotations): a module may import its own stage, an
earlier one and the shared leaf modules, never a later stage; a leaf module imports leaf modules only.
And no module is over ~400 lines.
"""
from __future__ import annotations

import ast
from pathlib import Path


PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# Each module (or package, with everything under it) in one place; a new module must be placed here.
LEAF = 0
STAGES: dict[str, tuple[int, tuple[str, ...]]] = {
    # shared by every stage, depending on no stage
    "leaf": (LEAF, ("generator", "generator.problems", "generator.exact", "generator.text_ru", "generator.periods",
                    "generator.dataset", "generator.config", "generator.scales", "generator.resources",
                    "generator.collector")),
    # generator.prefetch starts reading a big table before the rest is imported; it imports nothing of the generator
    "load": (1, ("generator.load", "generator.prefetch")),
    "validate": (2, ("generator.validate",)),
    # generator.survey is the toolkit methodologies use (answers, the scrubber); generator.stats the
    # intervals, tests of change and ranges of places of survey figures
    "compute": (3, ("generator.compute", "generator.compute_ranges", "generator.methods", "generator.results",
                    "generator.figures", "generator.survey", "generator.stats")),
    # what a data change does to the figures (`transparency diff`) and to the units of results pages read
    # (generator.digests: which pages the render cache may give back): reads Results, never pages; the diff's
    # command runs the stages on a data folder and is an entry point
    "diff": (4, ("generator.diff", "generator.digests")),
    "render": (5, ("generator.render", "generator.charts", "generator.chart_png", "generator.chart_specs",
                  "generator.chart_places", "generator.opendata", "generator.opendata_schema", "generator.opendata_xlsx",
                  "generator.passport")),
    "publish": (6, ("generator.publish",)),
    # what runs the stages: the pipeline (build), the commands (cli; review: `transparency comments`, and the
    # review step build runs after validation), mkdocs' entry point, which builds through build.prepare, and a
    # region's portal, which runs the pipeline once per municipality (generator/region/)
    "entry": (7, ("generator.build", "generator.cli", "generator.__main__", "generator.mkdocs_plugin",
                  "generator.diff.command", "generator.review", "generator.region", "generator.init",
                  "generator.templates_xlsx")),
}

# Imports against the order that are known and why; each goes when its reason does (none today).
ALLOWED: set[tuple[str, str]] = set()

LIMIT = 400  # lines


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


MODULES = _modules()


def _stage(module: str) -> tuple[str, int] | None:
    """The stage of a module: of the longest name listed that is the module or a package holding it
    (`generator` itself holds nothing: a new module must be placed)."""
    best = None
    for stage, (rank, prefixes) in STAGES.items():
        for prefix in prefixes:
            inside = module == prefix or prefix != "generator" and module.startswith(prefix + ".")
            if inside and (best is None or len(prefix) > best[0]):
                best = (len(prefix), stage, rank)
    return (best[1], best[2]) if best else None


def _imported(module: str, path: Path) -> set[str]:
    """The modules of generator/ that `module` imports, wherever the import statement is."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from generator.load import tables` names a module; `from generator.load import RawDataset` does not
            names = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        else:
            continue
        found |= {_known(name) for name in names if name == "generator" or name.startswith("generator.")}
    return found - {None, module}


def _runtime_nodes(tree: ast.AST):
    """Every node, except those under `if TYPE_CHECKING:` (names for annotations, never imported when run)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and ast.unparse(child.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
                stack.extend(child.orelse)
            else:
                stack.append(child)


def _known(name: str) -> str | None:
    """The module of generator/ a dotted name is (or is in)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def test_every_module_has_a_stage():
    unplaced = [m for m in MODULES if _stage(m) is None]
    assert not unplaced, f"place these modules in a stage of tests/test_layers.py STAGES: {unplaced}"


def _allowance(module: str, target: str) -> tuple[str, str] | None:
    return next(((importer, imported) for importer, imported in ALLOWED
                 if (module == importer or module.startswith(importer + ".")) and target == imported), None)


def test_no_module_imports_a_later_stage():
    wrong, used = [], set()
    for module, path in MODULES.items():
        placed = _stage(module)
        if placed is None:
            continue
        stage, rank = placed
        for target in sorted(_imported(module, path)):
            target_stage, target_rank = _stage(target) or ("?", LEAF)
            if target_rank > rank:
                allowance = _allowance(module, target)
                if allowance:
                    used.add(allowance)
                else:
                    wrong.append(f"{module} ({stage}) imports {target} ({target_stage})")
    assert not wrong, "imports against the pipeline's order:\n" + "\n".join(wrong)
    assert used == ALLOWED, f"no longer needed, remove from ALLOWED in tests/test_layers.py: {ALLOWED - used}"


def test_the_check_sees_imports_inside_functions(tmp_path):
    path = tmp_path / "probe.py"
    path.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import generator.publish\n"
                    "def f():\n    from generator.methods import METHODOLOGIES\n    from . import periods\n",
                    encoding="utf-8")
    assert _imported("generator.validate.probe", path) == {"generator.methods", "generator.validate"}


def _line_counts() -> dict[str, int]:
    root = PACKAGE.parent
    return {path.relative_to(root).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
            for path in MODULES.values()}


def test_no_module_is_over_the_limit():
    over = {path: lines for path, lines in _line_counts().items() if lines > LIMIT}
    assert not over, f"modules over {LIMIT} lines: {over}"

