"""When each package was first published and last changed: the dates of the oldest and newest commits touching
its folder (one ``git log`` for all packages), else of its newest file."""

from __future__ import annotations

import os
import subprocess
from datetime import datetime
from pathlib import Path


def package_dates(directories: list[Path]) -> list[tuple[str, str]]:
    """(first, last) commit date of each package folder — when it was first published and last changed —
    from ONE ``git log`` over the folder holding them all; without git, the date of its newest file for both."""
    resolved = [Path(d).resolve() for d in directories]
    if not resolved:
        return []
    root = Path(os.path.commonpath([d.parent for d in resolved]))
    keys = {d: d.relative_to(root).as_posix() for d in resolved}
    found = _commit_dates(root, set(keys.values()))
    out = []
    for d in resolved:
        first, last = found.get(keys[d], ("", ""))
        fallback = "" if last else _newest_file_date(d)
        out.append((first or fallback, last or fallback))
    return out


def _commit_dates(root: Path, keys: set[str]) -> dict[str, tuple[str, str]]:
    """For each folder of ``keys`` (paths relative to ``root``): the dates of the oldest and the newest commit
    touching it; {} without git."""
    try:
        out = subprocess.run(["git", "log", "-z", "--no-renames", "--name-only", "--relative", "--format=%x01%cs",
                              "--", "."], capture_output=True, timeout=120, cwd=root, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    depths = sorted({key.count("/") + 1 for key in keys})
    dates: dict[str, tuple[str, str]] = {}
    for entry in out.split(b"\x01")[1:]:  # newest first: «date NUL LF path NUL path NUL …» per commit
        day, _, paths = entry.partition(b"\0")
        when = day.decode("ascii", "replace")
        for path in paths.lstrip(b"\n").split(b"\0"):
            parts = os.fsdecode(path).split("/")
            for depth in depths:
                key = "/".join(parts[:depth])
                if key in keys:
                    newest = dates[key][1] if key in dates else when
                    dates[key] = (when, newest)  # the log goes back in time: the oldest seen so far is first
    return dates


def _newest_file_date(directory: Path) -> str:
    newest = max((p.stat().st_mtime for p in directory.iterdir()), default=0)
    return datetime.fromtimestamp(newest).date().isoformat() if newest else ""
