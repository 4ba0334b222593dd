"""Validation results kept for a build of byte-identical data: the key is the SHA-256 of every byte of the data and of the validator's code.

An entry carries the digest it covers and a checksum of itself (of that digest, the problems and the validator's
code); an entry whose digest is not the one asked for, or whose checksum does not match, is ignored and the data
validated afresh.  The digest covers every entry of the data folder as it is on disk — a link as a link (its
target's name), never followed — so a link cannot hide a change from it.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from roadmaps import settings
from roadmaps.data.load import ReadLog, Tree, load_tree
from roadmaps.data.paths import entry_kind, read_regular
from roadmaps.errors import Problem
from roadmaps.validation.validate import Report, validate_tree

CACHE_KEEP = 16  # cached results kept (newest first)
ENTRY_FORMAT = 2


# --------------------------------------------------------------------------- cache of results
@lru_cache(maxsize=1)
def _code_fingerprint() -> bytes:
    """Hash of this package's sources and the frictionless version: new code, new cache keys."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]  # all of roadmaps/: checks, loading, model
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    try:
        h.update(version("frictionless").encode())
    except PackageNotFoundError:
        pass
    return h.digest()


def tree_digest(data_dir: Path, root: Path | None = None, log: ReadLog | None = None) -> str:
    """SHA-256 over every byte of every file under ``data_dir`` (and their names), the paths the
    messages are relative to and the validator's code: any change gives another digest.

    The files in ``log`` count as the bytes a load read then (not read again); the others are read now.
    """
    data_dir = Path(data_dir)
    read = log.files if log is not None else {}
    h = hashlib.sha256(_code_fingerprint())
    h.update(f"{data_dir.resolve()}\0{Path(root).resolve() if root else ''}\0".encode())
    h.update(f"{entry_kind(data_dir) or ''}\0".encode())
    for path in _entries(data_dir):
        name = path.relative_to(data_dir).as_posix()
        kind = entry_kind(path)
        if kind:  # a link (or a device…): its own name and target, never what it points to
            target = os.readlink(path) if path.is_symlink() else ""
            h.update(f"{name}\0{kind}\0{target}\0".encode())
        elif path.is_dir():
            h.update(f"{name}/\0".encode())
        else:
            size, file_hash = read.get(path) or _file_hash(path)
            h.update(f"{name}\0{size}\0".encode())
            h.update(file_hash)
    return h.hexdigest()


def _entries(data_dir: Path) -> list[Path]:
    """Every entry under ``data_dir``, sorted; links are listed, never entered."""
    if entry_kind(data_dir):
        return []
    found = []
    for top, dirs, files in os.walk(data_dir, followlinks=False):
        found.extend(Path(top) / name for name in dirs + files)
    return sorted(found)


def _file_hash(path: Path) -> tuple[int, bytes]:
    try:
        content = read_regular(path)
    except OSError:
        return -1, b""
    return len(content), hashlib.sha256(content).digest()



def _cache_file(digest: str) -> Path | None:
    directory = settings.cache_dir()
    return directory / f"validate-{digest}.json" if directory else None


def store_result(digest: str, report: Report) -> None:
    """Keep the problems of a finished validation under the digest of its input (best effort)."""
    path = _cache_file(digest)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        problems = [asdict(p) for p in report.problems]
        entry = {"format": ENTRY_FORMAT, "digest": digest, "problems": problems,
                 "checksum": _checksum(digest, problems)}
        tmp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
        old = sorted(path.parent.glob("validate-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in old[CACHE_KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass


def cached_problems(digest: str) -> list[Problem] | None:
    path = _cache_file(digest)
    if path is None or not path.is_file():
        return None
    try:
        entry = json.loads(read_regular(path).decode("utf-8"))
        if not isinstance(entry, dict) or entry.get("format") != ENTRY_FORMAT or entry.get("digest") != digest:
            return None
        problems = entry.get("problems")
        if not isinstance(problems, list) or entry.get("checksum") != _checksum(digest, problems):
            return None
        return [Problem(**item) for item in problems]
    except (OSError, ValueError, TypeError):
        return None


def _checksum(digest: str, problems: list) -> str:
    """SHA-256 of an entry's digest and problems with the validator's code: an entry edited by hand (or cut
    short, or written by another version) does not match."""
    h = hashlib.sha256(b"open-roadmaps validation entry\0" + _code_fingerprint())
    h.update(json.dumps({"digest": digest, "problems": problems}, ensure_ascii=False, sort_keys=True).encode())
    return h.hexdigest()


def validate_and_store(data_dir: Path, root: Path | None = None, tree: Tree | None = None,
                       log: ReadLog | None = None) -> Report:
    """A full validation (never read from the cache); its result is kept for the build.

    ``tree`` and ``log``: the packages already loaded and what their load read (see cached_validate).
    """
    if tree is None or log is None:
        tree, log = None, ReadLog()
    report = validate_tree(data_dir, root, tree=tree, log=log)
    digest = tree_digest(data_dir, root, log)  # of the bytes the checks saw
    if log.consistent and tree_digest(data_dir, root) == digest:  # and frictionless: nothing changed since
        store_result(digest, report)
    return report


def cached_validate(data_dir: Path, root: Path | None = None) -> Report:
    """The result of a validation of byte-identical files if one is kept, else a full validation.

    The tree is loaded first (the site needs it) and the digest taken of the very bytes it was made
    from: on a hit frictionless and the checks are not re-run (the digest covers every byte the
    validator reads, and the validator's code); on a miss the loaded tree is validated.
    """
    log = ReadLog()
    tree = load_tree(Path(data_dir), root, log=log)
    if not log.consistent:  # a file changed while it was read: start afresh
        return validate_and_store(data_dir, root)
    problems = cached_problems(tree_digest(data_dir, root, log))
    if problems is not None:
        return Report(tree=tree, problems=problems)
    return validate_and_store(data_dir, root, tree, log)
