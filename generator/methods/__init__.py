"""Methodology plugins, by the code `site.yaml` (or a period's period.yaml) names.

Every module of this package that defines a Methodology subclass with a `code` is a
plugin: adding a methodology is adding a module (and its YAML), nothing else here.
"""
import importlib
import pkgutil

from generator.methods.base import Indicator, Methodology


def _discover() -> dict[str, Methodology]:
    found: dict[str, Methodology] = {}
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        if module == "base":
            continue
        loaded = importlib.import_module(f"{__name__}.{module}")
        for value in vars(loaded).values():
            if (isinstance(value, type) and issubclass(value, Methodology) and value is not Methodology
                    and value.__module__ == loaded.__name__ and value.code):
                found[value.code] = value()
    return found


METHODOLOGIES: dict[str, Methodology] = _discover()

__all__ = ["METHODOLOGIES", "Indicator", "Methodology"]
