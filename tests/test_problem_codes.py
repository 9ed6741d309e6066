"""Every problem code the generator or a plugin can report is explained on «Формат данных»:
a maintainer who meets a code finds it there. Plugins count whether built in or from outside (the example
methodology in tests/plugins/); the codes of the plugin registry itself concern the installation, not the
data, and are explained in generator.methods.PLUGIN_PROBLEM_CODES; those of a region's portal concern region.yaml
and the build of several sites, and are explained in generator.region.REGION_PROBLEM_CODES (README «Портал региона»)."""
import ast
import re
from pathlib import Path

from generator.methods import METHODOLOGIES, PLUGIN_PROBLEM_CODES
from generator.problems import PROBLEM_CODES
from generator.region import REGION_PROBLEM_CODES

GENERATOR = Path(__file__).parent.parent / "generator"
OUTSIDE_PLUGIN = Path(__file__).parent / "plugins" / "satisfied_share" / "satisfied_share"
CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")


def _code(node) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) \
        and CODE.fullmatch(node.value) else None


def emitted_codes(folders=(GENERATOR, OUTSIDE_PLUGIN)) -> dict[str, str]:
    """code → the file that reports it: the 4th argument of `report.add(file, row, column, code, …)`,
    `code=` keywords, FileProblem(row, code, …) and (code, message) problem tuples."""
    found = {}
    for path in (path for folder in folders for path in folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            candidates = []
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name == "add" and len(node.args) >= 4:
                    candidates.append(node.args[3])
                if name == "FileProblem" and len(node.args) >= 2:
                    candidates.append(node.args[1])
                candidates += [k.value for k in node.keywords if k.arg == "code"]
            elif isinstance(node, ast.Tuple) and len(node.elts) == 2:
                candidates.append(node.elts[0])
            for candidate in candidates:
                if code := _code(candidate):
                    found.setdefault(code, path.relative_to(GENERATOR.parent).as_posix())
    return found


def test_the_scan_finds_codes():
    assert {"id-unknown", "value-missing", "feedback-given-twice", "quote-unclosed",
            "satisfied-share-few-answers"} <= set(emitted_codes())


def test_every_reported_code_is_documented():
    assert "satisfied_share" in METHODOLOGIES, "`make test` installs the outside methodology of tests/plugins/"
    documented = set(PROBLEM_CODES) | set(PLUGIN_PROBLEM_CODES) | set(REGION_PROBLEM_CODES) | {c for m in METHODOLOGIES.values()
                                                                   for c in m.problem_codes}
    missing = {code: where for code, where in emitted_codes().items() if code not in documented}
    assert not missing, f"document these codes in problems.PROBLEM_CODES or the plugin's problem_codes: {missing}"
