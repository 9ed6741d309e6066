"""Stage 1: read the data folder into memory, recording what cannot be read.

Nothing here judges the values; it only turns files into tables and YAML trees
(with line numbers), so that validation can report on all of it at once.
"""
from generator.load.dataset import RawDataset, TableKey, load_folder

__all__ = ["RawDataset", "TableKey", "load_folder"]
