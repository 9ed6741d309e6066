"""Stage 3: every period computed under the methodology in force for it."""
from __future__ import annotations

from generator.dataset import Dataset
from generator.methods import METHODOLOGIES
from generator.results import Results


def compute(dataset: Dataset) -> Results:
    in_use = dict.fromkeys(p.methodology for p in dataset.periods)
    return Results.merge([
        METHODOLOGIES[code].compute(dataset, [p for p in dataset.periods if p.methodology == code])
        for code in in_use])
