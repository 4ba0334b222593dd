"""validate_package: one package validated as validate_tree validates it, and nothing else; and imports.trial.stage,
the one all-or-nothing strategy of the imports, built on it."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from roadmaps.data.tables import csv_text
from roadmaps.imports.trial import stage
from roadmaps.validation.validate import validate_package, validate_tree

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "fixtures" / "good" / "data"
PKG = "test-2023-2025"


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """The shipped data with problems in three packages: a warning, an error of a table, a broken CSV."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    _edit(data / "roadmaps" / "petrovsky-2023-2025" / "activities.csv", 3, "deadline", "когда-нибудь")
    _edit(data / "roadmaps" / "seversky-2022-2024" / "activities.csv", 2, "section", "s99")
    (data / "roadmaps" / "lovozero-2021-2023" / "sections.csv").write_bytes("id;title\n".encode("cp1251"))
    _edit(data / "assessments" / "seversky" / "results.csv", 1, "school", "nosuch-school")
    return data


def _edit(path: Path, record: int, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[record][rows[0].index(column)] = value
    path.write_text(csv_text(rows), encoding="utf-8")


def _folders(data: Path) -> list[Path]:
    return [data / "organizations", *sorted((data / "roadmaps").iterdir()), *sorted((data / "assessments").iterdir())]


def test_a_package_is_validated_as_in_the_tree_and_alone(shipped):
    tree = validate_tree(shipped, jobs=1)
    assert {p.file.split("/")[2] for p in tree.errors} >= {"seversky-2022-2024", "lovozero-2021-2023", "seversky"}
    for folder in _folders(shipped):
        prefix = f"data/{folder.relative_to(shipped).as_posix()}/"
        expected = [p for p in tree.problems if p.file.startswith(prefix)]
        assert validate_package(shipped, folder).problems == expected, folder.name
    petrovsky = validate_package(shipped, shipped / "roadmaps" / "petrovsky-2023-2025")
    assert [(p.code, p.line) for p in petrovsky.problems] == [("deadline-unparsed", 4)]


def test_without_the_registry_the_package_says_so(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(GOOD, data)
    shutil.rmtree(data / "organizations")
    codes = {p.code for p in validate_package(data, data / "roadmaps" / PKG).problems}
    assert {"package-missing", "unknown-organization"} <= codes


def _activities(data: Path) -> Path:
    return data / "roadmaps" / PKG / "activities.csv"


@pytest.fixture
def good(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(GOOD, data)
    return data


def test_stage_writes_what_validates_and_validates_what_it_wrote(good):
    path = _activities(good)
    new = path.read_bytes().replace("Мероприятие первое".encode(), "Мероприятие первое (исправленное)".encode())
    (good / "roadmaps" / "broken").mkdir()  # another package, broken: neither blocks nor shows
    (good / "roadmaps" / "broken" / "datapackage.yaml").write_text("name: [\n", encoding="utf-8")
    trial = stage(good, {path: new}, scope=good / "roadmaps" / PKG)
    assert (trial.written, trial.problems) == (True, [])
    assert path.read_bytes() == new


def test_stage_writes_nothing_on_an_error_and_reports_every_problem(good):
    path = _activities(good)
    before = path.read_bytes()
    rows = list(csv.reader(before.decode("utf-8").splitlines(keepends=True)))
    rows[1][1], rows[2][4] = "s99", ""
    trial = stage(good, {path: csv_text(rows).encode("utf-8")}, scope=good / "roadmaps" / PKG)
    assert not trial.written and path.read_bytes() == before
    assert sorted((p.code, p.file, p.line) for p in trial.errors) == [
        ("required-value", f"data/roadmaps/{PKG}/activities.csv", 3),
        ("unknown-reference", f"data/roadmaps/{PKG}/activities.csv", 2)]
    assert not list(good.rglob(".*.new"))


def test_stage_can_check_without_writing(good):
    path = _activities(good)
    before = path.read_bytes()
    trial = stage(good, {path: before.replace(b"\xd0\x9c\xd0\xb5", b"\xd0\x9c")}, scope=good / "roadmaps" / PKG,
                  write=False)
    assert (trial.written, trial.errors, path.read_bytes()) == (False, [], before)


def test_stage_refuses_a_file_its_validation_would_not_read(good):
    with pytest.raises(ValueError):  # another road map's file: validating PKG would not look at it
        stage(good, {good / "roadmaps" / "another" / "activities.csv": b"id\n"}, scope=good / "roadmaps" / PKG)


def test_stage_writes_a_new_package_with_a_registry_row_together(good):
    """A Word import adds its issuer to the registry in the same all-or-nothing write; the new folder is made."""
    registry = good / "organizations" / "organizations.csv"
    source = good / "roadmaps" / PKG
    new = good / "roadmaps" / "new-plan"
    files = {new / p.name: p.read_bytes().replace(PKG.encode(), b"new-plan") for p in source.iterdir() if p.is_file()}
    files[registry] = registry.read_bytes()
    trial = stage(good, files, scope=new)
    assert trial.written and not trial.errors, trial.errors
    assert sorted(p.name for p in new.iterdir()) == sorted(p.name for p in source.iterdir() if p.is_file())


def test_a_linked_registry_is_named_never_followed(good, tmp_path):
    outside = tmp_path / "outside"
    shutil.move(good / "organizations", outside)
    (good / "organizations").symlink_to(outside)
    path = _activities(good)
    before = path.read_bytes()
    trial = stage(good, {path: before.replace("первое".encode(), "1-е".encode())}, scope=good / "roadmaps" / PKG)
    assert not trial.written and path.read_bytes() == before
    assert ("not-regular-file", "data/organizations") in {(p.code, p.file) for p in trial.problems}
    assert "unknown-organization" in {p.code for p in trial.errors}
