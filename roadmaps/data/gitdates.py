"""When each package last changed: the date of the newest commit touching its folder (one ``git log`` for many packages), else of its newest file."""

from __future__ import annotations

import os
import subprocess
from datetime import datetime
from pathlib import Path


def last_changed(directory: Path) -> str:
    """Date of the last commit touching a package, or of its newest file."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", str(directory)], capture_output=True,
                             text=True, timeout=10, cwd=directory, check=False).stdout.strip()
        if out:
            return out
    except (OSError, subprocess.SubprocessError):
        pass
    return _newest_file_date(directory)


def last_changed_all(directories: list[Path]) -> list[str]:
    """``last_changed`` of many packages, with one ``git log`` per parent folder instead of one per package
    (a region has hundreds: a process each cost seconds)."""
    resolved = [Path(d).resolve() for d in directories]
    dates: dict[Path, str] = {}
    for parent in dict.fromkeys(d.parent for d in resolved):
        names = {d.name for d in resolved if d.parent == parent}
        dates.update({parent / name: day for name, day in _commit_dates(parent, names).items()})
    return [dates.get(d) or _newest_file_date(d) for d in resolved]


def _commit_dates(parent: Path, names: set[str]) -> dict[str, str]:
    """Date of the newest commit touching each sub-folder of ``parent`` named in ``names``; {} without git."""
    try:
        out = subprocess.run(["git", "log", "-z", "--no-renames", "--name-only", "--relative", "--format=%x01%cs",
                              "--", "."], capture_output=True, timeout=60, cwd=parent, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    for entry in out.split(b"\x01")[1:]:  # newest first: «date NUL LF path NUL path NUL …» per commit
        day, _, paths = entry.partition(b"\0")
        for path in paths.lstrip(b"\n").split(b"\0"):
            name = os.fsdecode(path.split(b"/", 1)[0])
            if name in names and name not in dates:
                dates[name] = day.decode("ascii", "replace")
        if len(dates) == len(names):
            break
    return dates


def _newest_file_date(directory: Path) -> str:
    newest = max((p.stat().st_mtime for p in directory.iterdir()), default=0)
    return datetime.fromtimestamp(newest).date().isoformat() if newest else ""
