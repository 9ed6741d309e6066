"""Methodology plugins, by the code `site.yaml` (or a period's period.yaml) names.

`METHODOLOGIES` maps each code to its Methodology. Plugins are found through the entry-point group
`transparency.methodologies` (generator/methods/registry.py); the five built in live in this package,
one subpackage each (code, YAML and templates), and are registered in pyproject.toml like any other.
The interface a plugin implements is generator/methods/base.py.
"""
from generator.methods.base import COMMON_PAGE_KINDS, Indicator, Methodology, PeriodResult
from generator.methods.registry import PLUGIN_PROBLEM_CODES, PluginError, Registry
from generator.methods.spec import MethodologySpec, SpecError

METHODOLOGIES: Registry = Registry()

__all__ = ["COMMON_PAGE_KINDS", "METHODOLOGIES", "Indicator", "Methodology", "MethodologySpec", "PLUGIN_PROBLEM_CODES",
           "PeriodResult", "PluginError", "SpecError"]
