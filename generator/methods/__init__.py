"""Methodology plugins, by the code `site.yaml` names in `methodology:`."""
from generator.methods.base import Indicator, Methodology
from generator.methods.kaluga import Kaluga

METHODOLOGIES: dict[str, Methodology] = {m.code: m for m in (Kaluga(),)}

__all__ = ["METHODOLOGIES", "Indicator", "Methodology"]
