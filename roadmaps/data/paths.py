"""Where the tool reads and writes: the data folder holds regular files and folders only, and every path the
tool writes is built from validated ids inside it.

* :func:`irregular_entries` — every symbolic link (and device, pipe, socket) under the data folder: the loader
  reports each one (``not-regular-file``) and never follows it, so nothing outside the folder is read,
  echoed in a message, packed into a download or hidden from the validation cache's digest.
* :func:`package_dir` — ``data/<kind>/<id>`` for an id from an argument or a file: the id must be an id
  (``id-format``), no part of the path a link, the folder inside the data folder.
* :func:`write_files` — several files written all or nothing: staged beside their targets, then moved into
  place; on any failure every staged file is removed.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from roadmaps import errors as E
from roadmaps.data.schemas import ID_PATTERN
from roadmaps.errors import Problem

DESCRIPTOR = "datapackage.yaml"
LINK = "символическая ссылка"
SPECIAL = "не обычный файл (устройство, канал или сокет)"


class Refused(Exception):
    """A path the tool will not read or write; ``problem`` says why, in the catalogue's words."""

    def __init__(self, problem: Problem):
        super().__init__(problem.text())
        self.problem = problem


def display(path: Path, root: Path) -> str:
    try:
        return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return Path(path).as_posix()


def entry_kind(path: Path) -> str | None:
    """None for a regular file or folder (or nothing there), else what the entry is, in words."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None
    if stat.S_ISLNK(mode):
        return LINK
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return SPECIAL


def irregular_entries(data_dir: Path) -> list[tuple[Path, str]]:
    """(path, what it is) of every entry under ``data_dir`` that is not a regular file or folder, the folder
    itself included; links are not followed."""
    data_dir = Path(data_dir)
    found = [(data_dir, kind)] if (kind := entry_kind(data_dir)) else []
    if found:
        return found
    for top, dirs, files in os.walk(data_dir, followlinks=False):
        for name in sorted(dirs + files):
            path = Path(top) / name
            kind = entry_kind(path)
            if kind:
                found.append((path, kind))
    return sorted(found)


def irregular_part(path: Path, root: Path) -> tuple[Path, str] | None:
    """The first part of ``path`` below ``root`` (``path`` included) that is a link or not a regular entry."""
    path, root = Path(path), Path(root)
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        parts = path.parts
        root = Path(parts[0]) if parts else root
        parts = parts[1:]
    current = root
    for part in parts:
        current = current / part
        kind = entry_kind(current)
        if kind:
            return current, kind
    return None


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file; OSError for a link (never followed) or anything else."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise IsADirectoryError(f"{path}: не обычный файл")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    finally:
        os.close(fd)


def is_id(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(ID_PATTERN, value) is not None


def package_dir(data_dir: Path, kind: str, package_id: object, *, file: str = "", column: str | None = None,
                row: int | None = None, exists: bool = True) -> Path:
    """``data_dir/kind/package_id``, or :class:`Refused`: the id is not an id, a part of the path is a link,
    the folder is outside the data folder, or (``exists``) it holds no regular ``datapackage.yaml``."""
    data_dir = Path(data_dir)
    root = data_dir.parent
    if not is_id(package_id):
        raise Refused(E.ID_FORMAT(file, row=row, column=column, value=str(package_id)))
    target = data_dir / kind / str(package_id)
    for part in (data_dir, data_dir / kind, target, target / DESCRIPTOR):
        what = entry_kind(part)
        if what:
            raise Refused(E.NOT_REGULAR(display(part, root), path=display(part, root), what=what))
    if not target.resolve().is_relative_to(data_dir.resolve()):
        raise Refused(E.UNSAFE_PATH(file, row=row, column=column, path=str(package_id)))
    if exists and not (target / DESCRIPTOR).is_file():
        rel = display(target / DESCRIPTOR, root)
        raise Refused(E.PACKAGE_MISSING(rel))
    return target


def staged_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.new")


def write_files(files: dict[Path, bytes]) -> None:
    """Write every file or none: staged as ``.NAME.new`` beside its target, then moved into place.  A target
    that is a link is refused (the link would be replaced, its target never written)."""
    staged: list[tuple[Path, Path]] = []
    try:
        for path, data in files.items():
            what = entry_kind(path)
            if what:
                raise IsADirectoryError(f"{path}: {what}")
            temp = staged_name(path)
            if entry_kind(temp) or temp.exists():
                temp.unlink()
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
            with os.fdopen(fd, "wb") as fh:
                staged.append((temp, path))
                fh.write(data)
        for temp, path in staged:
            os.replace(temp, path)
    finally:
        for temp, _path in staged:
            if os.path.lexists(temp):
                temp.unlink()
