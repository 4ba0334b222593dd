"""Broken twins of hostile inputs (issue 16): each test makes its input in a temporary folder, runs the command
or the build step, and asserts the exact code of the catalogue, a non-zero exit, no traceback, and that nothing
was written — in the data folder or anywhere else under the test's folder."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from roadmaps.cli.main import main
from roadmaps.downloads.workbook import export_xlsx

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "fixtures" / "good" / "data"
PACKAGE = "test-2023-2025"
# ``file:line: code`` or, in a workbook, ``book.xlsx:'Отметки об исполнении'!C2: code`` (a quoted sheet name)
CODE = re.compile(r"^(?:[^\s']|'[^'\n]*')*: ([a-z0-9]+(?:-[a-z0-9]+)*) ", re.M)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """The small valid tree, at tmp_path/work/data (tmp_path/outside is where an escape would land)."""
    target = tmp_path / "work" / "data"
    shutil.copytree(GOOD, target)
    (tmp_path / "outside").mkdir()
    return target


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A copy of the shipped data (it has an assessment package)."""
    target = tmp_path / "work" / "data"
    shutil.copytree(ROOT / "data", target)
    (tmp_path / "outside").mkdir()
    return target


def edit(data: Path, rel: str, old: str, new: str) -> None:
    """A file of the data with ``old`` (found exactly once) replaced by ``new``, as an editor saves it."""
    path = data / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur once in {rel}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def snapshot(root: Path) -> dict[str, object]:
    """Every entry under ``root``: a file's bytes, a link's target, «/» for a folder."""
    found: dict[str, object] = {}
    for top, dirs, files in os.walk(root, followlinks=False):
        for name in dirs + files:
            path = Path(top) / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[rel] = "-> " + os.readlink(path)
            elif path.is_dir():
                found[rel] = "/"
            else:
                found[rel] = path.read_bytes()
    return found


def run(argv: list[str], capsys) -> tuple[int, str]:
    """A command in this process: its exit code and everything it printed; never a traceback."""
    code = main(argv)
    out, err = capsys.readouterr()
    printed = out + err
    assert "Traceback" not in printed and "внутренняя ошибка" not in printed, printed[-2000:]
    return code, printed


def codes(printed: str) -> list[str]:
    """The codes of the problems a command printed (``file:line: code message``)."""
    return CODE.findall(printed)


def exported(data: Path, path: Path) -> Path:
    """The test package as `roadmaps export xlsx` writes it."""
    export_xlsx(data / "roadmaps" / PACKAGE, path)
    return path
