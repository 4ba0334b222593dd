"""What the import tests share: a copy of the shipped data to import into, and a snapshot of a folder's files
(to show an import that is refused writes nothing)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from roadmaps.cli.main import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def data(tmp_path) -> Path:
    """The shipped data, copied: imports write into it."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its path: its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run(argv: list[str], capsys) -> tuple[int, str]:
    """A command's exit code and what it printed (and nothing printed before it); never a traceback."""
    capsys.readouterr()
    code = main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err
