"""The memo of parsed tables (ROADMAPS_CACHE_DIR/tables/) gives the tables read_csv gives: the same header, rows,
physical lines and problems; a file with a problem is parsed every time; a damaged entry is not used."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from roadmaps.data.load import ReadLog, load_tree
from roadmaps.fast.tables import SUFFIX, TableMemo

ROOT = Path(__file__).resolve().parents[2]


def tables(tree) -> dict:
    """Every table of a tree as plain values, and every problem of the load."""
    found = {}
    for pkg in tree.packages:
        for name, t in pkg.tables.items():
            found[(pkg.rel, name)] = (t.rel, str(t.path), t.header, t.readable,
                                      [(r.number, r.line, r.cells, r.values) for r in t.rows])
    return {"tables": found, "problems": [p for pkg in tree.packages for p in pkg.problems] + tree.own_problems}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    return copy


def test_tables_from_the_memo_are_those_read_csv_reads(data: Path, tmp_path: Path):
    plain = tables(load_tree(data))
    memo = TableMemo(tmp_path / "memo")
    first = tables(load_tree(data, tables=memo.read_csv))
    assert memo.counts["kept"] == 0 and memo.counts["parsed"] > 20
    kept = len(list((tmp_path / "memo").glob(f"*{SUFFIX}")))
    assert kept == memo.counts["parsed"]  # the shipped tables have no problem: all kept
    again = TableMemo(tmp_path / "memo")
    log = ReadLog()
    second = tables(load_tree(data, log=log, tables=again.read_csv))
    assert again.counts == {"kept": kept, "parsed": 0}
    assert first == plain and second == plain
    assert all(path in log.files for path in (data / "roadmaps").rglob("*.csv"))  # the bytes still recorded


def test_a_file_with_a_problem_is_parsed_every_time(data: Path, tmp_path: Path):
    path = data / "roadmaps" / "seversky-2022-2024" / "activities.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(3, "лишняя,строка\n")  # a row of the wrong length
    path.write_text("".join(lines), encoding="utf-8")
    plain = tables(load_tree(data))
    assert any(p.code == "row-length" for p in plain["problems"])
    for _ in range(2):
        memo = TableMemo(tmp_path / "memo")
        assert tables(load_tree(data, tables=memo.read_csv)) == plain
    assert memo.counts["parsed"] == 1  # that file; every other from the memo


def test_a_damaged_or_moved_entry_is_not_used(data: Path, tmp_path: Path):
    plain = tables(load_tree(data))
    memo = TableMemo(tmp_path / "memo")
    load_tree(data, tables=memo.read_csv)
    entries = sorted((tmp_path / "memo").glob(f"*{SUFFIX}"))
    blob = bytearray(entries[0].read_bytes())
    blob[-3] ^= 0x55
    entries[0].write_bytes(bytes(blob))
    entries[1].write_bytes(entries[1].read_bytes()[:40])  # cut short
    other = entries[3].read_bytes()
    entries[2].write_bytes(other)  # another table's entry under this key
    again = TableMemo(tmp_path / "memo")
    assert tables(load_tree(data, tables=again.read_csv)) == plain
    assert again.counts["parsed"] == 3


def test_a_folder_moved_elsewhere_gets_its_own_paths(data: Path, tmp_path: Path):
    """The same bytes shown under the same name in another place: the kept rows, with the tables' new paths."""
    memo = TableMemo(tmp_path / "memo")
    load_tree(data, tables=memo.read_csv)
    moved = tmp_path / "elsewhere" / "data"
    shutil.copytree(data, moved)
    again = TableMemo(tmp_path / "memo")
    assert tables(load_tree(moved, tables=again.read_csv)) == tables(load_tree(moved))
    assert again.counts["kept"] > 20 and again.counts["parsed"] == 0
