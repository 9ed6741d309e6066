"""What a change of the data does to the published site: `transparency diff` and the closing list of
`transparency build`.

Both sides are flattened into one table (snapshot.py): every figure as the site prints it (rounded by
text_ru's one rule) with its band, every place in a rating, the organs, services and periods, and the
data's warnings. Two such tables are compared line by line (changes.py). A built site carries the
table of the data it was built from (FIGURES_FILE, beside the manifest), so the next build can say
what it changed; it is a pure function of the data, like every other file of the site.

This package comes after compute and before render: it reads Results, never pages. Running the
stages on a data folder, and git, is the command's (command.py, with the entry points).
"""
from __future__ import annotations

FIGURES_FILE = ".transparency-figures.json"
