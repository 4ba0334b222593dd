"""Editing a package's CSV table in a test as a person would: read the rows, change them, write them back."""

import csv
from collections.abc import Callable
from pathlib import Path


def edit_rows(path: Path, edit: Callable[[list[list[str]]], object]) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
