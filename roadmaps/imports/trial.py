"""THE all-or-nothing strategy of the imports (a workbook, a Word plan, a table of results): :func:`stage`.

1. The new files are written into a copy of what the validation of the package reads (the package, the
   organisations registry, for an assessment package the road maps: :func:`package_inputs`) — never into the
   data folder.
2. The copy of the package is validated (:func:`validate_package`): every problem of the package in one
   report; a broken *other* package neither blocks nor shows.
3. Only when that finds no error are the files written into the data folder — all of them or none
   (:func:`roadmaps.data.paths.write_files`) — and the package is validated again where it now lies: what was
   written is what was validated.  Should that find an error the copy did not have (the folder changed
   meanwhile), the previous files are put back.

A failed import leaves no file, staged or final, behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from roadmaps.data.paths import entry_kind, read_regular, write_files
from roadmaps.errors import Problem
from roadmaps.validation.validate import package_inputs, validate_package, validate_tree


@dataclass
class Trial:
    problems: list[Problem]  # of the package (or the data folder without a scope), named as in the data folder
    written: bool

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


def stage(data_dir: Path, files: dict[Path, bytes], scope: Path | None = None, *, write: bool = True) -> Trial:
    """Validate ``scope`` (a package folder inside ``data_dir``, possibly a new one; without it, all of ``data_dir``)
    as it would be with ``files`` (paths inside what its validation reads: the package's files, and the registry
    when an import adds an organisation) written; write them when no error is found and ``write`` is true (``write=False``: a
    check that writes nothing).  Folders the files need are made, and removed again if the write is undone."""
    data_dir = Path(os.path.abspath(data_dir))
    scope = Path(os.path.abspath(scope)) if scope is not None else None
    files = {Path(os.path.abspath(path)): data for path, data in files.items()}
    inputs = package_inputs(data_dir, scope) if scope is not None else [data_dir]
    outside = [p for p in files if not any(p.is_relative_to(folder) for folder in inputs)]
    if outside:  # a file the validation would not read is never written unchecked
        raise ValueError(f"{outside[0]}: вне {', '.join(map(str, inputs))}")
    with tempfile.TemporaryDirectory(prefix="roadmaps-import-") as tmp:
        copy = Path(tmp) / data_dir.name
        copy.mkdir()
        for folder in inputs:
            into = copy / folder.relative_to(data_dir)
            into.parent.mkdir(parents=True, exist_ok=True)
            if entry_kind(folder):  # a link stays a link, never followed: validation refuses it
                os.symlink(os.readlink(folder), into)
            elif os.path.lexists(folder):
                shutil.copytree(folder, into, symlinks=True, dirs_exist_ok=True)
        copied = {copy / path.relative_to(data_dir): data for path, data in files.items()}
        _make_folders(copied, copy)
        write_files(copied)
        problems = _validate(copy, copy / scope.relative_to(data_dir) if scope is not None else None)
    if any(p.is_error for p in problems) or not write:
        return Trial(problems, False)
    before = {path: read_regular(path) if os.path.lexists(path) and not entry_kind(path) else None
              for path in files}
    made = _make_folders(files, data_dir)
    write_files(files)
    problems = _validate(data_dir, scope)
    if any(p.is_error for p in problems):  # not what was validated: the previous files go back
        write_files({path: data for path, data in before.items() if data is not None})
        for path in (path for path, data in before.items() if data is None):
            path.unlink(missing_ok=True)
        for folder in reversed(made):
            folder.rmdir()
        return Trial(problems, False)
    return Trial(problems, True)


def _make_folders(files: dict[Path, bytes], top: Path) -> list[Path]:
    """Make the folders under ``top`` that ``files`` need (a new package's); returns those made, outermost first.
    An existing entry in the way that is not a plain folder (a link) is refused, never followed."""
    made: list[Path] = []
    for path in files:
        missing = [f for f in reversed(path.parents) if f.is_relative_to(top) and f != top
                   and not (os.path.isdir(f) and not entry_kind(f))]
        for folder in missing:
            if os.path.lexists(folder):
                raise IsADirectoryError(f"{folder}: {entry_kind(folder) or 'не папка'}")
            folder.mkdir()
            made.append(folder)
    return made


def _validate(data_dir: Path, scope: Path | None) -> list[Problem]:
    """The problems of ``scope`` (or of all of ``data_dir``), files named from the folder above ``data_dir``."""
    if scope is not None:
        return validate_package(data_dir, scope, root=data_dir.parent).problems
    return validate_tree(data_dir, root=data_dir.parent).problems
