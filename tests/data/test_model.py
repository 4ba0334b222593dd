"""The model of the shipped data: measurements as the files give them, typed, and not to be changed."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from roadmaps.data.load import load_tree
from roadmaps.data.model import Measurement, build_catalogue

ROOT = Path(__file__).resolve().parents[2]


def test_measurements_are_the_rows_of_their_files_typed_and_immutable():
    catalogue = build_catalogue(load_tree(ROOT / "data"))
    seen = 0
    for roadmap in catalogue.roadmaps:
        path = Path(roadmap.directory) / "measurements.csv"
        rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines())) if path.exists() else []
        assert [m.id for m in roadmap.measurements] == [r["id"] for r in rows]
        for m, r in zip(roadmap.measurements, rows, strict=True):
            assert (m.indicator_id, m.scope, m.quote) == (r["indicator"], r["scope"], r["quote"])
            assert m.year == int(r["year"]) and isinstance(m.value, float) and m.value == float(r["value"])
            with pytest.raises(AttributeError):
                m.value = 0.0  # type: ignore[misc]
            seen += 1
    assert seen > 0
    one = next(m for r in catalogue.roadmaps for m in r.measurements)
    assert one == Measurement(*one) and hash(one) == hash(Measurement(*one))  # compared and hashed by value
