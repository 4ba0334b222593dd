"""Class 2: links in the data folder.  data/ holds regular files only: a link anywhere is reported
(``not-regular-file``) and never followed — not read, not echoed, not packed, not built; the ZIP packs the files
the descriptor names."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import PACKAGE, codes, run

from roadmaps.downloads.packages import package_assets
from roadmaps.site.context import DataError, load_site_data
from roadmaps.validation.validate import validate_tree

SECRET = "root:x:0:0:SECRET-LINE"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "passwd"
    path.write_text(f"id,text\n{SECRET},x\n", encoding="utf-8")
    return path


def _validate(data: Path, capsys) -> tuple[int, str]:
    printed = ""
    for fmt in ("text", "github", "json"):
        code, out = run(["validate", "--data", str(data), "--format", fmt], capsys)
        printed += out
    return code, printed


def test_a_resource_linked_to_a_file_outside_is_not_read(data, secret, capsys):
    activities = data / "roadmaps" / PACKAGE / "activities.csv"
    activities.unlink()
    os.symlink(secret, activities)
    code, printed = _validate(data, capsys)
    assert code == 1 and SECRET not in printed and str(secret) not in printed
    assert sorted(set(codes(printed))) == ["not-regular-file"]
    with pytest.raises(DataError):
        load_site_data(data)


def test_a_file_no_resource_names_linked_outside_stops_validation_and_the_build(data, secret, capsys):
    os.symlink(secret, data / "roadmaps" / PACKAGE / "extra.csv")
    code, printed = _validate(data, capsys)
    assert (code, sorted(set(codes(printed)))) == (1, ["not-regular-file"]) and SECRET not in printed
    with pytest.raises(DataError):
        load_site_data(data)


def test_the_zip_packs_only_what_the_descriptor_names(data):
    package = data / "roadmaps" / PACKAGE
    (package / "notes.txt").write_text("не часть пакета\n", encoding="utf-8")
    [zipped, *_rest] = package_assets("karty/x/", PACKAGE, package, ["activities"])
    with zipfile.ZipFile(io.BytesIO(zipped.content)) as zf:
        names = sorted(zf.namelist())
    assert f"{PACKAGE}/notes.txt" not in names
    assert names == sorted(f"{PACKAGE}/{p.name}" for p in package.iterdir() if p.name != "notes.txt")


@pytest.mark.parametrize("what", ["package", "roadmaps", "organizations", "data"])
def test_a_folder_that_is_a_link_is_not_entered(data, tmp_path, capsys, what):
    folder = {"package": data / "roadmaps" / PACKAGE, "roadmaps": data / "roadmaps",
              "organizations": data / "organizations", "data": data}[what]
    moved = tmp_path / "outside" / f"moved-{what}"
    shutil.move(folder, moved)
    os.symlink(moved, folder)
    code, printed = _validate(data, capsys)
    assert code == 1 and "not-regular-file" in codes(printed)
    with pytest.raises(DataError):
        load_site_data(data)


def test_a_link_inside_a_folder_no_package_uses_is_still_reported(data, secret):
    (data / "roadmaps" / "_drafts").mkdir()
    os.symlink(secret, data / "roadmaps" / "_drafts" / "x.csv")
    assert [p.code for p in validate_tree(data).problems] == ["not-regular-file"]


def test_a_fifo_is_not_read(data):
    os.mkfifo(data / "roadmaps" / PACKAGE / "pipe.csv")  # reading it would block for ever
    assert [p.code for p in validate_tree(data).problems] == ["not-regular-file"]
