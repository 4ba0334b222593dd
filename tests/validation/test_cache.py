"""Validation shortcuts that must not change a result: worker processes and the result cache."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmaps import settings as roadmaps_settings
from roadmaps.data.load import read_yaml
from roadmaps.data.tables import one_newline, read_csv
from roadmaps.validation import cache as C
from roadmaps.validation import validate as V

GOOD = Path(__file__).parents[1] / "fixtures" / "good" / "data"
PKG = "roadmaps/test-2023-2025"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(GOOD, target)
    return target


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("ROADMAPS_CACHE_DIR", str(directory))
    return directory


def many_packages(data: Path, copies: int) -> None:
    """Copies of the road map (one of them broken) so the tree is big enough for the worker pool."""
    source = data / PKG
    for n in range(copies):
        target = data / "roadmaps" / f"copy-{n:02d}"
        shutil.copytree(source, target)
        descriptor = target / "datapackage.yaml"
        descriptor.write_text(descriptor.read_text(encoding="utf-8").replace("name: test-2023-2025",
                                                                             f"name: copy-{n:02d}", 1),
                              encoding="utf-8")
    broken = data / "roadmaps" / "copy-03" / "activities.csv"
    lines = broken.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace("a1", "a 1", 1)  # an id with a space: frictionless pattern error
    broken.write_text("\n".join(lines), encoding="utf-8")


def summary(report: V.Report) -> list[tuple]:
    return [(p.code, p.file, p.line, p.column, p.column_number, p.message) for p in report.problems]


def test_worker_processes_give_the_serial_report(data: Path) -> None:
    many_packages(data, V.PARALLEL_MIN_PACKAGES)
    serial = V.validate_tree(data, jobs=1)
    parallel = V.validate_tree(data, jobs=2)
    assert not serial.ok
    assert summary(parallel) == summary(serial)
    assert [p.id for p in parallel.tree.packages] == [p.id for p in serial.tree.packages]


def test_a_worker_error_gets_the_physical_line_of_its_file(data: Path) -> None:
    """Workers get no rows: the line of a frictionless error (after a two-line cell) is found here."""
    many_packages(data, V.PARALLEL_MIN_PACKAGES)
    path = data / "roadmaps" / "copy-05" / "activities.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count("\na4,") == 1
    path.write_text(text.replace("\na4,", "\na 4,"), encoding="utf-8")
    physical = text.split("\n").index(next(x for x in text.split("\n") if x.startswith("a4,"))) + 1
    records = list(csv.reader(io.StringIO(text, newline="")))
    record = next(n for n, r in enumerate(records, start=1) if r and r[0] == "a4")
    assert physical != record  # a multi-line cell above: the line is not the record number

    parallel = V.validate_tree(data, jobs=2)
    mine = [p for p in parallel.problems if p.file.endswith("copy-05/activities.csv")]
    assert [(p.code, p.line, p.row, p.column) for p in mine] == [("constraint-error", physical, record, "id")]
    assert mine[0].column_number == 1


def test_build_reuses_a_kept_result(data: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = C.validate_and_store(data)
    assert list(cache.glob("validate-*.json"))

    def no_validation(*args, **kwargs):
        raise AssertionError("validated again although the files did not change")

    monkeypatch.setattr(C, "validate_tree", no_validation)
    again = C.cached_validate(data)
    assert summary(again) == summary(first)
    assert [p.id for p in again.tree.packages] == [p.id for p in first.tree.packages]


@pytest.mark.parametrize("rel", [f"{PKG}/activities.csv", f"{PKG}/datapackage.yaml",
                                 "organizations/organizations.csv"])
def test_any_changed_byte_validates_again(data: Path, cache: Path, rel: str) -> None:
    kept = C.validate_and_store(data)
    assert kept.ok
    path = data / rel
    content = bytearray(path.read_bytes())
    at = content.index(b"\n") + 2  # a byte of the first record: a1 -> a!, or a descriptor field
    content[at] = ord("!") if content[at] != ord("!") else ord("?")
    path.write_bytes(bytes(content))
    assert C.tree_digest(data) != C.tree_digest(GOOD)
    fresh = V.validate_tree(data, jobs=1)
    assert summary(C.cached_validate(data)) == summary(fresh)
    assert summary(fresh) != summary(kept)  # the change is one the validator reports


def test_a_missed_build_validates_what_it_loaded_and_keeps_it(data: Path, cache: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = V.validate_tree(data, jobs=1)
    first = C.cached_validate(data)  # nothing kept yet: a full validation of the tree it loaded
    assert summary(first) == summary(fresh)
    assert len(list(cache.glob("validate-*.json"))) == len(first.tree.packages) == 2  # an entry per package
    monkeypatch.setattr(C, "validate_tree", lambda *a, **k: pytest.fail("validated again"))
    monkeypatch.setattr(C, "validate_packages", lambda *a, **k: pytest.fail("validated again"))
    assert summary(C.cached_validate(data)) == summary(fresh)


def validated_packages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The packages cached_validate runs frictionless and the checks on, as they are asked for."""
    asked: list[str] = []
    real = C.validate_packages

    def recording(tree, packages, jobs=None):
        asked.extend(pkg.id for pkg in packages)
        return real(tree, packages, jobs)

    monkeypatch.setattr(C, "validate_packages", recording)
    return asked


def test_one_changed_package_is_validated_again_the_others_come_from_the_cache(data: Path, cache: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    many_packages(data, 5)  # copy-03 broken already
    C.validate_and_store(data)
    path = data / "roadmaps" / "copy-01" / "activities.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("\na1,", "\na 1,", 1), encoding="utf-8")
    asked = validated_packages(monkeypatch)
    report = C.cached_validate(data)
    assert asked == ["copy-01"]
    assert summary(report) == summary(V.validate_tree(data, jobs=1)) and not report.ok
    assert [p.file for p in report.errors if "copy-01" in p.file]  # its new error is there
    asked.clear()
    assert summary(C.cached_validate(data)) == summary(report) and asked == []  # and kept now


def test_what_a_package_checks_against_counts_as_its_bytes(data: Path, cache: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A road map is checked against the registry's ids: a new organisation validates it again, a changed name of
    one does not (the registry itself is validated again)."""
    C.validate_and_store(data)
    asked = validated_packages(monkeypatch)
    registry = data / "organizations" / "organizations.csv"
    rows = list(csv.reader(io.StringIO(registry.read_text(encoding="utf-8"), newline="")))
    rows[1][rows[0].index("name")] += " (переименована)"
    registry.write_text("".join(",".join(f'"{c}"' if "," in c else c for c in r) + "\n" for r in rows),
                        encoding="utf-8")
    assert summary(C.cached_validate(data)) == summary(V.validate_tree(data, jobs=1))
    assert asked == ["organizations"]
    asked.clear()
    rows.append(["new-org", *rows[1][1:]])
    registry.write_text("".join(",".join(f'"{c}"' if "," in c else c for c in r) + "\n" for r in rows),
                        encoding="utf-8")
    assert summary(C.cached_validate(data)) == summary(V.validate_tree(data, jobs=1))
    assert sorted(asked) == ["organizations", "test-2023-2025"]


def test_the_key_covers_the_validators_code_and_not_the_sites() -> None:
    package = Path(C.__file__).resolve().parents[1]
    sources = {p.relative_to(package).as_posix() for p in C.validator_sources(package)}
    assert {"checks/texts.py", "checks/context.py", "validation/frictionless.py", "data/load.py", "data/tables.py",
            "errors.py", "schedule.py", "fast/descriptors.py", "fast/parsed.py", "fast/csvread.py",
            "fast/references.py"} <= sources  # memos and readers validation runs
    assert not [s for s in sources if s.startswith(("site/", "downloads/"))]
    assert not [s for s in sources if s.startswith("fast/") and s not in
                ("fast/__init__.py", "fast/descriptors.py", "fast/parsed.py", "fast/csvread.py",
                 "fast/references.py")]


def test_the_digest_of_a_load_is_that_of_the_files(data: Path) -> None:
    """The build takes the digest from the bytes its load read: the same as reading every file afresh."""
    from roadmaps.data.load import ReadLog, load_tree

    (data / "notes.txt").write_text("not read by the loader", encoding="utf-8")
    log = ReadLog()
    load_tree(data, log=log)
    assert log.consistent and (data / PKG / "activities.csv") in log.files
    assert C.tree_digest(data, log=log) == C.tree_digest(data)
    (data / PKG / "activities.csv").write_text("id\n", encoding="utf-8")  # changed after the load
    assert C.tree_digest(data, log=log) != C.tree_digest(data)


def test_a_file_changing_between_two_reads_is_noticed(data: Path) -> None:
    from roadmaps.data.load import ReadLog

    path = data / PKG / "activities.csv"
    log = ReadLog()
    log.read(path)
    log.read(path)
    assert log.consistent
    path.write_bytes(path.read_bytes() + b"a9,s1,9,,x,,,,,,\n")
    log.read(path)
    assert not log.consistent


def test_a_new_file_changes_the_digest(data: Path) -> None:
    before = C.tree_digest(data)
    (data / PKG / "notes.txt").write_text("x", encoding="utf-8")
    assert C.tree_digest(data) != before


def test_cache_can_be_switched_off(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROADMAPS_CACHE_DIR", "off")
    assert roadmaps_settings.cache_dir() is None
    assert C.validate_and_store(data).ok  # nothing kept, nothing fails


def test_libyaml_and_pure_python_read_the_same(data: Path) -> None:
    import yaml

    path = data / PKG / "datapackage.yaml"
    value, problems = read_yaml(path, "x")
    assert not problems
    assert value == yaml.safe_load(path.read_text(encoding="utf-8"))


def reference_records(text: str) -> list[tuple[int, int, list[str]]]:
    """(record number, physical line, cells) of every record, counted one record at a time."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    found, line_start = [], 1
    for number, record in enumerate(reader, start=1):
        found.append((number, line_start, record))
        line_start = reader.line_num + 1
    return found


CELLS = st.sampled_from(["a", "b c", "", " ", '"q,1"', '"две\nстроки"', '"три\r\nстроки\nтут"', '"x\ry"', "7"])


@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.lists(CELLS, min_size=0, max_size=4), min_size=1, max_size=8),
       newline=st.sampled_from(["\n", "\r\n"]))
def test_rows_keep_their_physical_lines(tmp_path_factory, rows: list[list[str]], newline: str) -> None:
    """The loader's shortcut for files without multi-line cells gives the lines of a record-by-record count (a cell's
    «\r\n» and lone «\r» read as «\n»: still a line each)."""
    text = "id,name,value\n" + "".join(",".join(cells) + newline for cells in rows)
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_bytes(text.encode("utf-8"))
    table, problems = read_csv(path, "t.csv", "t", None)
    records = reference_records(text)
    width = len(records[0][2])
    expected_rows = [(n, line, tuple(one_newline(c) for c in r)) for n, line, r in records[1:]
                     if any(c.strip() for c in r) and len(r) == width]
    assert [(r.number, r.line, r.cells) for r in table.rows] == expected_rows
    expected_problems = [(n, line) for n, line, r in records[1:]
                         if (r and not any(c.strip() for c in r)) or (any(c.strip() for c in r) and len(r) != width)]
    assert [(p.row, p.line) for p in problems] == expected_problems


def test_an_unterminated_quote_is_found_where_it_starts(tmp_path: Path) -> None:
    text = 'id,name\na,"две\nстроки"\nb,"открыта\nи не закрыта\nc,x\n'
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("utf-8"))
    _table, problems = read_csv(path, "t.csv", "t", None)
    assert [(p.code, p.row, p.line) for p in problems] == [("unterminated-quote", 3, 4)]


def test_a_column_reads_as_its_rows_do(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(b"id,name,id\n1,a,2\n3,,4\n")
    table, _ = read_csv(path, "t.csv", "t", None)
    for name in ("id", "name", "absent"):
        assert table.column(name) == [row.get(name) for row in table.rows]


def test_the_model_reads_a_table_missing_a_column_as_empty(data: Path) -> None:
    """build_catalogue picks cells by position; a column the header lacks reads as "" (as row.get does)."""
    from roadmaps.data.load import load_tree
    from roadmaps.data.model import build_catalogue

    path = data / PKG / "activities.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        records = list(csv.reader(fh))
    drop = records[0].index("report_form")
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([r[:drop] + r[drop + 1:] for r in records])
    tree = load_tree(data)
    rows = tree.roadmaps[0].rows("activities")
    [roadmap] = build_catalogue(tree).roadmaps
    assert [(a.id, a.text, a.deadline, a.report_form, a.line) for a in roadmap.activities] == [
        (r.get("id"), r.get("text"), r.get("deadline"), "", r.line) for r in rows]
    assert all(r.get("report_form") == "" for r in rows) and len(rows) == len(records) - 1


def test_workers_forked_while_loading_collect_their_garbage() -> None:
    import gc

    from roadmaps.fast.memory import collector_paused

    with collector_paused():
        assert not gc.isenabled()
        with V.worker_pool(2) as pool:
            assert pool.submit(gc.isenabled).result()
    assert gc.isenabled()
