"""Between compute and render: a digest of each unit of the results a page can read, and of everything
else every page sees, so a page whose inputs have not changed since it was last rendered can be taken
from the render cache instead of rendered again (generator/render/reuse.py).

The units: each assessment (an organ, or a service, in a period: every figure with its inputs, interval
and band, the rank, the possible places, the detail, whether monitored and why not), each period's
municipal figures, each period's ranked subjects by sector (how many got a place: «6 из 13»), and each
period whole. The site digest covers the rest a page sees: the generator's code and templates with
every installed methodology, the installed packages, the data but for its period tables (site.yaml,
organizations, services, synonyms, each period's settings) and the periods with their methodologies.

A digest is the SHA-256 of a canonical pickle: no memo for values (the same value gives the same bytes
however its objects happen to be shared), pydantic models as their JSON, tables as their values;
Fractions pickle as their numerator and denominator and floats as their exact bytes. Classes and
functions are the exception: each is written out in full where it first occurs in the pickle, and
afterwards by the number of its first occurrence (a class is one object, so sharing it says nothing
about the value; an assessment names a figure's class some 400 times, and writing the names out each
time was most of the digests' time). A unit that cannot be pickled has no digest (None): a page reading
it is always rendered.
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from types import BuiltinFunctionType, FunctionType

from pydantic import BaseModel

from generator.collector import without_cycle_collection
from generator.dataset import Dataset
from generator.resources import CONTENT, MKDOCS_CONFIG, PACKAGE, TEMPLATES, pdf_choice
from generator.results import Results

FORMAT = "2"  # raised when what a digest covers changes: every page is rendered again once


@dataclass(frozen=True)
class Digests:
    site: str | None  # None: the data could not be digested, no page is taken from the cache
    assessments: dict[tuple[str, str, str | None], str | None]  # (period, organ id, service id) → digest
    municipal: dict[str, str | None]  # period name → digest of its municipal figures
    ranked: dict[str, str]  # period name → digest of the (sector, is a service) of each ranked subject
    periods: dict[str, str | None]  # period name → digest of all its assessments and municipal figures


def _named(kind: str, value) -> None:  # what a pydantic model or a table stands for in a digest's pickle
    raise NotImplementedError("never unpickled")


class _Canonical(pickle.Pickler):
    def __init__(self, file, models: dict):
        super().__init__(file, protocol=5)
        self.fast = True  # no memo: shared objects are written out each time (and a cycle cannot be digested)
        self.models = models
        self.named: dict[int, tuple[int, object]] = {}  # id of a class or function → (its number, itself)

    def reducer_override(self, obj):
        kind = type(obj)
        if kind is Fraction:  # what Fraction.__reduce__ gives, without calling it (300 000 of them at 400 organs)
            return Fraction, (obj.numerator, obj.denominator)
        if kind in _DEFAULT:  # most objects (figures, their inputs): pickled as pickle does
            return NotImplemented
        if isinstance(obj, _NAMED):
            # pickled by name here, then found in the memo: fast mode writes nothing into the memo, so the
            # later occurrences refer to this one by its number (the order of first occurrences: the value's)
            self.named[id(obj)] = (len(self.named), obj)
            self.memo = self.named
            return NotImplemented
        if isinstance(obj, BaseModel):
            found = self.models.get(id(obj))
            if found is None or found[0] is not obj:  # every assessment holds its organ: dumped once
                found = self.models[id(obj)] = (obj, _model(obj))
            return found[1]
        module = type(obj).__module__
        if module.startswith("pandas") and hasattr(obj, "to_dict") and hasattr(obj, "dtypes"):
            frame = obj.to_frame() if hasattr(obj, "to_frame") else obj
            return _named, ("table", frame.to_dict(orient="split"), [str(t) for t in frame.dtypes])
        _DEFAULT.add(kind)
        return NotImplemented


_DEFAULT: set[type] = set()  # the types reducer_override leaves to pickle, once it has seen them
_NAMED = (type, FunctionType, BuiltinFunctionType)  # pickled by their names


def _model(obj: BaseModel) -> tuple:
    try:
        return _named, (type(obj).__qualname__, obj.model_dump_json())
    except (ValueError, TypeError):  # a value JSON cannot hold: its fields as Python values
        return _named, (type(obj).__qualname__, tuple(obj.model_dump().items()))


def digest(value, models: dict | None = None) -> str | None:
    """The value's canonical digest, or None when it cannot be pickled. `models`: pydantic models
    already dumped (by id, kept with the model), for digests of many values that share them."""
    buffer = io.BytesIO()
    try:
        _Canonical(buffer, {} if models is None else models).dump(value)
    except Exception:  # noqa: BLE001 — whatever stops the pickle (a lambda, a cycle): not digested, not reused
        return None
    return hashlib.sha256(buffer.getbuffer()).hexdigest()


def combined(*parts: str | None) -> str | None:
    """One digest of several; None if any is None."""
    if any(part is None for part in parts):
        return None
    hashed = hashlib.sha256()
    for part in parts:
        hashed.update(part.encode("ascii"))
    return hashed.hexdigest()


def result_digests(dataset: Dataset, results: Results) -> Digests:
    # pickling makes no reference cycle, and at 400 organs it made the collector scan every figure of the
    # results once more (0,4 s)
    with without_cycle_collection():
        return _result_digests(dataset, results)


def _result_digests(dataset: Dataset, results: Results) -> Digests:
    assessments, by_period, models = {}, {}, {}
    for a in results.assessments:
        found = digest(a, models)
        assessments[(a.period.name, a.organization.id, a.service_id)] = found
        by_period.setdefault(a.period.name, []).append(found)
    municipal = {name: digest(figures) for name, figures in results.municipal.items()}
    ranked, periods = {}, {}
    for period in results.periods:
        subjects = sorted((a.organization.sector, a.service_id is not None)
                          for a in results.ranked(period))  # count_ranked, ranked_in_sector
        ranked[period.name] = digest(subjects)
        periods[period.name] = combined(*by_period.get(period.name, ()), municipal.get(period.name))
    return Digests(site_digest(dataset, results), assessments, municipal, ranked, periods)


def site_digest(dataset: Dataset, results: Results) -> str | None:
    """Of everything a page may see besides the units: code, packages, settings and the data but for
    its period tables (those reach the pages only through the results)."""
    from generator.methods import METHODOLOGIES

    periods = [(p.period, p.methodology, p.extras, p.published, p.survey, sorted(p.origins.items()))
               for p in dataset.periods]
    data = digest((dataset.site, list(dataset.organizations.items()), dataset.services, dataset.synonyms,
                   dataset.services_file, periods, results.periods, sorted(results.methodology_of.items()),
                   pdf_choice(dataset.site.pdf)))
    if data is None:
        return None
    hashed = hashlib.sha256(f"{FORMAT};{sys.version};{data}".encode())
    for folder in sorted({PACKAGE, TEMPLATES, CONTENT, MKDOCS_CONFIG, *(m.folder() for m in METHODOLOGIES.values())}):
        _hash_folder(Path(folder), hashed)
    hashed.update(_packages().encode())
    return hashed.hexdigest()


def _hash_folder(folder: Path, hashed) -> None:
    hashed.update(str(folder).encode() + b"\0")
    if folder.is_file():
        hashed.update(folder.read_bytes())
        return
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if not name.endswith(".pyc"):
                path = Path(root, name)
                hashed.update(path.relative_to(folder).as_posix().encode() + b"\0")
                hashed.update(hashlib.sha256(path.read_bytes()).digest())


def _packages() -> str:
    """Every installed distribution with its version (the names of their metadata folders, which say
    both): any of them may change what a page prints."""
    found = set()
    for entry in sys.path:
        try:
            found.update(name for name in os.listdir(entry or ".") if name.endswith((".dist-info", ".egg-info")))
        except OSError:  # not a folder (a zip) or gone
            found.add(entry)
    return ";".join(sorted(found))
