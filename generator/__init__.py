"""Генератор сайта мониторинга качества муниципальных услуг.

The pipeline is load → validate → compute → render → publish; see generator.build.
"""
import sys
from importlib.abc import Loader, MetaPathFinder
from importlib.machinery import PathFinder
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class _PandasTextAsAlways(MetaPathFinder, Loader):
    """pandas keeps text columns in Arrow arrays when pyarrow is installed (it is, for the big tables'
    engine, load/big_csv.py), in Python strings otherwise: the same values by other code paths. Every
    page was made with Python strings, so pandas is told so the moment it is imported — lazily, as a
    command that reads no table never imports it."""

    def find_spec(self, name, path=None, target=None):
        if name != "pandas":
            return None
        sys.meta_path.remove(self)
        spec = PathFinder.find_spec(name, path)
        if spec is not None:
            self.loader, spec.loader = spec.loader, self
        return spec

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        module.__spec__.loader = module.__loader__ = self.loader
        self.loader.exec_module(module)
        module.set_option("mode.string_storage", "python")


if "pandas" in sys.modules:
    sys.modules["pandas"].set_option("mode.string_storage", "python")
else:
    sys.meta_path.insert(0, _PandasTextAsAlways())
