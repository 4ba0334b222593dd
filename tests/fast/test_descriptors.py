"""The memo in front of frictionless's descriptor checks gives frictionless's own answers: a clean
descriptor is still clean, a faulty one is reported every time it is met, whatever came before it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from roadmaps.fast import descriptors
from roadmaps.validation.frictionless import FrictionlessJob, frictionless_errors

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "fixtures" / "good" / "data" / "roadmaps" / "test-2023-2025"

FIELD_GOOD = {"name": "year", "type": "integer", "constraints": {"minimum": 2000}}
DESCRIPTORS = [
    {"fields": [FIELD_GOOD]},
    {"fields": [{**FIELD_GOOD, "type": "nonsense"}]},  # unknown type
    {"fields": [{"type": "integer"}]},  # a field without a name
    {"fields": [FIELD_GOOD], "primaryKey": 7},  # a key that is not a name
    {"fields": [{"name": "day", "type": "date", "constraints": {"minimum": dt.date(2020, 1, 1)}}]},  # not JSON
    {"fields": [FIELD_GOOD]},
]


def _answer(check, *args) -> list[str]:
    """The messages of a check, or what it raised: both are frictionless's answer."""
    try:
        return [error.message for error in check(*args)]
    except Exception as exc:  # noqa: BLE001 - frictionless raises its own exception for some descriptors
        return [f"raised {type(exc).__name__}: {exc}"]


def test_the_memo_answers_as_frictionless_does():
    from frictionless import Schema

    descriptors.install()
    original = descriptors._unmemoized
    assert original is not None
    for _ in range(3):  # the second and third rounds are answered from the memo where they can be
        for descriptor in DESCRIPTORS:
            expected = _answer(original, Schema, descriptor)
            assert _answer(Schema.metadata_validate, descriptor) == expected, descriptor
    for faulty in DESCRIPTORS[1:4]:  # the faulty ones are faulty: the comparison is not of empty lists
        assert _answer(original, Schema, faulty), faulty


@pytest.fixture
def package(tmp_path: Path) -> Path:
    folder = tmp_path / "test-2023-2025"
    shutil.copytree(GOOD, folder)
    return folder


def _job(folder: Path) -> FrictionlessJob:
    descriptor = yaml.safe_load((folder / "datapackage.yaml").read_text(encoding="utf-8"))
    return FrictionlessJob(descriptor=descriptor, directory=folder, rel="data/roadmaps/test-2023-2025/datapackage.yaml")


def _break_a_field(folder: Path) -> None:
    path = folder / "datapackage.yaml"
    descriptor = yaml.safe_load(path.read_text(encoding="utf-8"))
    descriptor["resources"][0]["schema"]["fields"][0]["type"] = "nonsense"
    path.write_text(yaml.safe_dump(descriptor, allow_unicode=True), encoding="utf-8")


def test_a_faulty_package_after_a_clean_one_is_reported_each_time(package):
    assert frictionless_errors(_job(package)) == []
    assert frictionless_errors(_job(package)) == []  # the same clean package again, from the memo
    _break_a_field(package)
    first = frictionless_errors(_job(package))
    assert first and any("nonsense" in error.message for error in first)
    assert frictionless_errors(_job(package)) == first  # a problem is never remembered away


def test_remembered_snake_case_is_frictionless_own():
    """The names frictionless turns to snake case come out the same, remembered or not, and a value that cannot
    be remembered (not hashable) is still turned."""
    descriptors.install()
    from frictionless.vendors import stringcase

    names = ["bareNumber", "trueValues", "missingValues", "primaryKey", "foreignKeys", "x-Name.part", "a b-c",
             "name", "", "CSVDialect", "HTTPHeader2"]
    for name in names * 2:  # the second time from memory
        assert stringcase.snakecase(name) == descriptors._snakecase_of_frictionless(name)

    class Unhashable(str):
        __hash__ = None  # type: ignore[assignment]

    assert stringcase.snakecase(Unhashable("fooBar")) == "foo_bar"
