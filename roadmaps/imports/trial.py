"""THE all-or-nothing strategy of the imports: the new files are written into a copy of the data folder, the
copy is validated, and only when it validates are the files written into the data folder — all of them or
none (:func:`roadmaps.data.paths.write_files`).  A failed import leaves no file, staged or final, behind."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from roadmaps.data.paths import display, write_files
from roadmaps.errors import Problem
from roadmaps.validation.validate import Report, validate_tree


@dataclass
class Trial:
    report: Report          # of the copy; files named as in the data folder (data/roadmaps/<id>/…)
    problems: list[Problem]  # those under the scope
    written: bool

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def validate_then_write(data_dir: Path, files: dict[Path, bytes], scope: Path | None = None) -> Trial:
    """Validate ``data_dir`` as it would be with ``files`` (paths inside it) written; write them when no error
    is found under ``scope`` (a folder inside ``data_dir``; by default all of it)."""
    data_dir = Path(data_dir)
    with tempfile.TemporaryDirectory(prefix="roadmaps-import-") as tmp:
        trial = Path(tmp) / data_dir.resolve().name
        shutil.copytree(data_dir, trial, symlinks=True)  # a link stays a link: validation refuses it
        write_files({trial / Path(path).relative_to(data_dir): data for path, data in files.items()})
        report = validate_tree(trial, root=trial.parent)
    prefix = display(scope, data_dir.parent).rstrip("/") + "/" if scope is not None else ""
    problems = [p for p in report.problems if p.file.startswith(prefix)]
    written = not any(p.is_error for p in problems)
    if written:
        write_files(files)
    return Trial(report, problems, written)
