"""Stage 4: turn the dataset and the results into the site's files, in memory.

Nothing is written to disk here; publish decides where the files go.
"""
from generator.render.bundle import SiteBundle
from generator.render.site import render

__all__ = ["SiteBundle", "render"]
