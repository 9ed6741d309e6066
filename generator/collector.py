"""The cyclic garbage collector paused around stages that make millions of objects and no reference cycles
(reading tables, computing figures, writing open data): it would only scan them again and again. Each
caller says why its stage qualifies."""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def without_cycle_collection(keep_old: bool = False) -> Iterator[None]:
    """The stage runs without cyclic collection, which is switched back on after it (if it was on).
    `keep_old`: what the stage made and keeps goes straight into the collector's oldest generation
    (gc.freeze() then gc.unfreeze(), which moves every tracked object there without scanning it), so the
    first collection after it does not scan a million kept figures as young objects once more."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if keep_old:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


@contextmanager
def held_out_of_collections() -> Iterator[None]:
    """What the build holds from here to its end (the data, the results and their digests, millions of
    objects, none of which can be freed before) is left out of the cyclic collector's full collections
    while the pages are rendered and published: each would go over all of it again (at 400 organs, 0,6 s
    each and three of them in a one-number build). The second page process keeps it so
    (render/second_process.py). Used by generator/build.py."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
