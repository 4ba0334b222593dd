"""The memo of parsed tables and descriptors (ROADMAPS_CACHE_DIR/tables/) gives what read_csv and read_yaml give: the
same header, rows, physical lines, descriptor values (of the same types) and problems; a file with a problem is
parsed every time; a damaged entry is not used."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from roadmaps.data.load import ReadLog, load_tree, read_yaml
from roadmaps.fast.parsed import SUFFIX, YAML_SUFFIX, ParseMemo

ROOT = Path(__file__).resolve().parents[2]


def tables(tree) -> dict:
    """Every table of a tree as plain values, and every problem of the load."""
    found = {}
    for pkg in tree.packages:
        for name, t in pkg.tables.items():
            found[(pkg.rel, name)] = (t.rel, str(t.path), t.header, t.readable,
                                      [(r.number, r.line, r.cells, r.values) for r in t.rows])
    return {"tables": found, "descriptors": {pkg.rel: typed(pkg.descriptor) for pkg in tree.packages},
            "problems": [p for pkg in tree.packages for p in pkg.problems] + tree.own_problems}


def typed(value):
    """A value with the type of every part of it (``==`` alone takes 1 for True and 1.0 for 1)."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, value)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    return copy


def test_tables_from_the_memo_are_those_read_csv_reads(data: Path, tmp_path: Path):
    plain = tables(load_tree(data))
    memo = ParseMemo(tmp_path / "memo")
    first = tables(load_tree(data, parsers=memo.parsers))
    assert memo.counts["kept"] == 0 and memo.counts["parsed"] > 20
    kept = len(list((tmp_path / "memo").glob(f"*{SUFFIX}")))
    assert kept == memo.counts["parsed"]  # the shipped tables have no problem: all kept
    again = ParseMemo(tmp_path / "memo")
    log = ReadLog()
    second = tables(load_tree(data, log=log, parsers=again.parsers))
    assert again.counts == {"kept": kept, "parsed": 0}
    packages = len(load_tree(data).packages)
    assert memo.descriptors == {"kept": 0, "parsed": packages} and again.descriptors == {"kept": packages, "parsed": 0}
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
        memo = ParseMemo(tmp_path / "memo")
        assert tables(load_tree(data, parsers=memo.parsers)) == plain
    assert memo.counts["parsed"] == 1  # that file; every other from the memo


def test_a_damaged_or_moved_entry_is_not_used(data: Path, tmp_path: Path):
    plain = tables(load_tree(data))
    memo = ParseMemo(tmp_path / "memo")
    load_tree(data, parsers=memo.parsers)
    entries = sorted((tmp_path / "memo").glob(f"*{SUFFIX}"))
    blob = bytearray(entries[0].read_bytes())
    blob[-3] ^= 0x55
    entries[0].write_bytes(bytes(blob))
    entries[1].write_bytes(entries[1].read_bytes()[:40])  # cut short
    other = entries[3].read_bytes()
    entries[2].write_bytes(other)  # another table's entry under this key
    again = ParseMemo(tmp_path / "memo")
    assert tables(load_tree(data, parsers=again.parsers)) == plain
    assert again.counts["parsed"] == 3


def test_a_folder_moved_elsewhere_gets_its_own_paths(data: Path, tmp_path: Path):
    """The same bytes shown under the same name in another place: the kept rows, with the tables' new paths."""
    memo = ParseMemo(tmp_path / "memo")
    load_tree(data, parsers=memo.parsers)
    moved = tmp_path / "elsewhere" / "data"
    shutil.copytree(data, moved)
    again = ParseMemo(tmp_path / "memo")
    assert tables(load_tree(moved, parsers=again.parsers)) == tables(load_tree(moved))
    assert again.counts["kept"] > 20 and again.counts["parsed"] == 0


DESCRIPTORS = {
    "kept": ("name: x\ncreated: 2023-02-21\n2024-01-01: key that is a date\nflags: [true, 1, 1.0, null, ~, '1']\n"
             "nested: {a: [1, {b: 2023-03-01}], big: 123456789012345678901234567890, inf: .inf}\ntext: 'многострочный\n\n  текст'\n"),
    "alias": "base: &b {a: 1}\none: *b\ntwo: *b\n",
    "time": "at: 2023-02-21 10:15:00\n",
    "set": "s: !!set {a, b}\n",
    "omap": "o: !!omap [{a: 1}, {b: 2}]\n",
    "binary": "b: !!binary aGVsbG8=\n",
    "broken": "a: [1, 2\nb: 3\n",
    "tabs": "a:\n\tb: 1\n",
    "no date": "d: 2023-02-30\n",
}


@pytest.mark.parametrize("name", sorted(DESCRIPTORS))
def test_a_descriptor_from_the_memo_is_what_read_yaml_gives(name: str, tmp_path: Path):
    """Values of every kind yaml.safe_load gives, the same from the memo; what the memo cannot keep as it is (an
    alias shared by two keys, a time, a set, an ordered map, bytes) and a descriptor with a problem parsed every
    time, with read_yaml's own messages."""
    path = tmp_path / "datapackage.yaml"
    path.write_text(DESCRIPTORS[name], encoding="utf-8")
    plain = read_yaml(path, "data/x/datapackage.yaml")
    for round_ in range(3):
        memo = ParseMemo(tmp_path / "memo")
        value, problems = memo.read_yaml(path, "data/x/datapackage.yaml")
        assert (typed(value), problems) == (typed(plain[0]), plain[1])
        assert memo.descriptors == ({"kept": 1, "parsed": 0} if name == "kept" and round_ else {"kept": 0, "parsed": 1})
    if name == "alias":
        assert value["one"] is value["two"]  # as yaml gives it: one object


def test_a_changed_descriptor_is_parsed_again_and_a_damaged_entry_not_used(tmp_path: Path):
    path = tmp_path / "datapackage.yaml"
    path.write_text("name: a\n", encoding="utf-8")
    ParseMemo(tmp_path / "memo").read_yaml(path, "d.yaml")
    path.write_text("name: b\n", encoding="utf-8")
    memo = ParseMemo(tmp_path / "memo")
    assert memo.read_yaml(path, "d.yaml") == ({"name": "b"}, []) and memo.descriptors["parsed"] == 1
    for entry in (tmp_path / "memo").glob(f"*{YAML_SUFFIX}"):
        blob = bytearray(entry.read_bytes())
        blob[-2] ^= 0x21
        entry.write_bytes(bytes(blob))
    memo = ParseMemo(tmp_path / "memo")
    assert memo.read_yaml(path, "d.yaml") == ({"name": "b"}, []) and memo.descriptors == {"kept": 0, "parsed": 1}
