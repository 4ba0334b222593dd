"""Class 12: the validation cache.  An entry carries the digest of what it covers and a checksum of itself;
an entry edited, cut short, moved under another digest or written in the old form is ignored and the data is
validated afresh; a link in the data (a package folder among them) is in the digest as a link and refused."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import PACKAGE

from roadmaps.validation import cache as C


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("ROADMAPS_CACHE_DIR", str(directory))
    return directory


def _break(data: Path, package: Path | None = None) -> None:
    path = (package or data / "roadmaps" / PACKAGE) / "progress.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("выполнено", "почти"), encoding="utf-8")


def _entry(store: Path) -> Path:
    """The entry of the road map (each package has its own)."""
    [entry] = [p for p in store.glob("validate-*.json")
               if json.loads(p.read_text(encoding="utf-8"))["package"].endswith(f"{PACKAGE}/datapackage.yaml")]
    return entry


@pytest.mark.parametrize("forge", ["problems-emptied", "old-form", "other-digest", "cut-short", "not-json"])
def test_a_forged_entry_is_ignored(data, store, forge):
    _break(data)
    assert not C.validate_and_store(data).ok
    entry = _entry(store)
    stored = json.loads(entry.read_text(encoding="utf-8"))
    if forge == "problems-emptied":
        stored["problems"] = []
    elif forge == "old-form":
        stored = []
    elif forge == "other-digest":
        stored["digest"] = "0" * 64
    if forge == "cut-short":
        entry.write_text(entry.read_text(encoding="utf-8")[:50], encoding="utf-8")
    elif forge == "not-json":
        entry.write_bytes(b"\xff\xfe")
    else:
        entry.write_text(json.dumps(stored), encoding="utf-8")
    report = C.cached_validate(data)
    assert not report.ok and "constraint-error" in [p.code for p in report.errors]


def test_a_true_entry_is_used(data, store, monkeypatch):
    _break(data)
    C.validate_and_store(data)
    monkeypatch.setattr(C, "validate_tree", lambda *a, **k: pytest.fail("validated again"))
    assert "constraint-error" in [p.code for p in C.cached_validate(data).errors]


def test_a_package_folder_that_is_a_link_never_passes(data, store, tmp_path):
    real = tmp_path / "outside" / PACKAGE
    shutil.move(data / "roadmaps" / PACKAGE, real)
    os.symlink(real, data / "roadmaps" / PACKAGE)
    assert [p.code for p in C.validate_and_store(data).errors] == ["not-regular-file"]
    _break(data, real)  # what the link points to changes: the digest does not follow it, and the data still fails
    assert [p.code for p in C.cached_validate(data).errors] == ["not-regular-file"]


def test_the_digest_sees_a_link_as_a_link(data, tmp_path):
    before = C.tree_digest(data)
    target = tmp_path / "outside" / "x.csv"
    target.write_text("a\n", encoding="utf-8")
    os.symlink(target, data / "roadmaps" / PACKAGE / "x.csv")
    with_link = C.tree_digest(data)
    target.write_text("b\n", encoding="utf-8")
    assert before != with_link == C.tree_digest(data)
