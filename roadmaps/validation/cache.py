"""Validation results kept per package: a package is validated again only when its bytes, or what its checks
read of other packages, changed.

The key of a package's entry is the SHA-256 of the validator's code (the modules validation imports, and the
frictionless version), where its messages point (the data folder, the root they are relative to, the package's
path and kind), every entry of the package's folder as it is on disk — a link as a link (its target's name), never
followed — and the bytes of every file in it, and what its checks read of others: the registry's ids for a road
map; each organisation's id and kind and each road map's indicator ids for an assessment package (the references
its checks follow).  An entry carries its key and a checksum of itself (of that key, its package, its problems and
the validator's code); an entry whose key is not the one asked for, or whose checksum does not match, is ignored
and the package validated afresh.

The problems of loading (encodings, broken CSV, links anywhere in the data folder) are found again at every
load: the site needs the loaded tree anyway.  What is kept is what frictionless and the domain checks found.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
from dataclasses import asdict
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from roadmaps import settings
from roadmaps.data.load import LoadedPackage, ReadLog, Tree, load_tree
from roadmaps.data.paths import entry_kind, read_regular
from roadmaps.errors import Problem
from roadmaps.fast.parsed import parsers
from roadmaps.validation.validate import Report, assemble, organization_ids, validate_packages, validate_tree

CACHE_KEEP = 4096  # entries kept (the most recently used first): a region has a few hundred packages
ENTRY_FORMAT = 3
# what validation runs: these modules and every module of the package they import, found in their source
VALIDATOR = ("roadmaps.validation.validate", "roadmaps.validation.frictionless", "roadmaps.validation.cache",
             "roadmaps.data.load", "roadmaps.checks")


# --------------------------------------------------------------------------- what the key covers
@lru_cache(maxsize=1)
def _code_fingerprint() -> bytes:
    """Hash of the validator's sources (:data:`VALIDATOR` and what they import of ``roadmaps``, transitively) and
    the frictionless version: new validation code, new keys; a change to the site's code keeps them."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]  # roadmaps/
    for path in validator_sources(package):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    try:
        h.update(version("frictionless").encode())
    except PackageNotFoundError:
        pass
    return h.digest()


def validator_sources(package: Path) -> list[Path]:
    """The source files of :data:`VALIDATOR` and of every ``roadmaps`` module they import (at any depth, wherever
    the import statement stands), sorted."""
    found: set[Path] = set()
    todo = list(VALIDATOR)
    while todo:
        module = todo.pop()
        path = _module_file(package, module)
        if path is None or path in found:
            continue
        todo += [module.rsplit(".", n)[0] for n in range(1, module.count(".") + 1)]  # the packages it is in
        found.add(path)
        for node in ast.walk(ast.parse(path.read_bytes())):
            if isinstance(node, ast.Import):
                todo += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                todo.append(node.module)
                todo += [f"{node.module}.{alias.name}" for alias in node.names]  # submodules imported by name
    return sorted(found)


def _module_file(package: Path, module: str) -> Path | None:
    parts = module.split(".")
    if parts[0] != package.name:
        return None
    base = package.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _file_hash(path: Path) -> tuple[int, bytes]:
    try:
        content = read_regular(path)
    except OSError:
        return -1, b""
    return len(content), hashlib.sha256(content).digest()


def _entries(folder: Path) -> list[Path]:
    """Every entry under ``folder``, sorted; links are listed, never entered."""
    if entry_kind(folder):
        return []
    found = []
    for top, dirs, files in os.walk(folder, followlinks=False):
        found.extend(Path(top) / name for name in dirs + files)
    return sorted(found)


def _hash_folder(h, folder: Path, log: ReadLog | None) -> None:
    """Every entry of ``folder`` into ``h``: names, kinds, link targets, sizes and the SHA-256 of each file (taken
    from ``log`` for the files a load read, so they are the very bytes it read)."""
    read = log.files if log is not None else {}
    h.update(f"{entry_kind(folder) or ''}\0".encode())
    for path in _entries(folder):
        name = path.relative_to(folder).as_posix()
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


def tree_digest(data_dir: Path, root: Path | None = None, log: ReadLog | None = None) -> str:
    """SHA-256 over every entry and byte under ``data_dir``, the paths the messages are relative to and the
    validator's code: any change gives another digest (the files in ``log`` count as the bytes a load read)."""
    data_dir = Path(data_dir)
    h = hashlib.sha256(_code_fingerprint())
    h.update(f"{data_dir.resolve()}\0{Path(root).resolve() if root else ''}\0".encode())
    _hash_folder(h, data_dir, log)
    return h.hexdigest()


def package_digest(pkg: LoadedPackage, log: ReadLog | None = None) -> str:
    """SHA-256 of a package folder's entries and bytes (those a load read taken from ``log``)."""
    h = hashlib.sha256(b"package\0")
    _hash_folder(h, Path(pkg.directory), log)
    return h.hexdigest()


def package_keys(data_dir: Path, root: Path | None, tree: Tree, log: ReadLog | None,
                 digests: dict[int, str] | None = None, only: set[int] | None = None) -> list[str]:
    """The key of each package of ``tree`` (in the order of ``tree.packages``): see the module's docstring.
    ``digests``: filled with each package's :func:`package_digest` (by ``id`` of the package); ``only``: the
    packages whose keys are wanted (by ``id``; the others get "", their files not read)."""
    digests = {} if digests is None else digests
    digests.update({id(pkg): package_digest(pkg, log) for pkg in tree.packages if only is None or id(pkg) in only})
    base = hashlib.sha256(_code_fingerprint())
    base.update(f"{Path(data_dir).resolve()}\0{Path(root).resolve() if root else ''}\0{entry_kind(Path(data_dir)) or ''}"
                .encode())
    ids = "\0".join(sorted(organization_ids(tree))).encode()
    references = _references(tree) if tree.assessments else b""
    keys = []
    for pkg in tree.packages:
        if only is not None and id(pkg) not in only:
            keys.append("")
            continue
        h = base.copy()
        h.update(f"{pkg.kind}\0{pkg.rel}\0{pkg.directory}\0{digests[id(pkg)]}\0".encode())
        if pkg.kind == "roadmap":
            h.update(b"organization ids\0" + ids)
        elif pkg.kind == "assessments":
            h.update(b"references\0" + references)
        keys.append(h.hexdigest())
    return keys


def _references(tree: Tree) -> bytes:
    """What the checks of an assessment package read of the others: each organisation's id and kind, each road
    map's id and indicator ids (roadmaps.checks.assessment_references)."""
    orgs = sorted((str(r.get("id")), str(r.get("kind"))) for r in tree.organizations.rows("organizations")) \
        if tree.organizations else []
    indicators = sorted((pkg.id, sorted(str(r.get("id")) for r in pkg.rows("indicators"))) for pkg in tree.roadmaps)
    return json.dumps([orgs, indicators], ensure_ascii=False).encode()


# --------------------------------------------------------------------------- entries
def _cache_file(key: str) -> Path | None:
    directory = settings.cache_dir()
    return directory / f"validate-{key}.json" if directory else None


def _checksum(key: str, package: str, problems: list) -> str:
    """SHA-256 of an entry's key, package and problems with the validator's code: an entry edited by hand (or cut
    short, or written by another version) does not match."""
    h = hashlib.sha256(b"open-roadmaps validation entry\0" + _code_fingerprint())
    h.update(json.dumps({"digest": key, "package": package, "problems": problems}, ensure_ascii=False,
                        sort_keys=True).encode())
    return h.hexdigest()


def store_result(key: str, package: str, problems: list[Problem]) -> None:
    """Keep the problems frictionless and the checks found in a package under its key (best effort)."""
    path = _cache_file(key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        found = [asdict(p) for p in problems]
        entry = {"format": ENTRY_FORMAT, "digest": key, "package": package, "problems": found,
                 "checksum": _checksum(key, package, found)}
        tmp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def _prune() -> None:
    """At most CACHE_KEEP entries: the least recently used go (an entry used is touched)."""
    directory = settings.cache_dir()
    if directory is None:
        return
    try:
        entries = sorted(directory.glob("validate-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in entries[CACHE_KEEP:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass


def cached_problems(key: str, package: str) -> list[Problem] | None:
    path = _cache_file(key)
    if path is None or not path.is_file():
        return None
    try:
        entry = json.loads(read_regular(path).decode("utf-8"))
        if not isinstance(entry, dict) or entry.get("format") != ENTRY_FORMAT or entry.get("digest") != key \
                or entry.get("package") != package:
            return None
        problems = entry.get("problems")
        if not isinstance(problems, list) or entry.get("checksum") != _checksum(key, package, problems):
            return None
        found = [Problem(**item) for item in problems]
        os.utime(path)  # used: kept by the next pruning
        return found
    except (OSError, ValueError, TypeError):
        return None


# --------------------------------------------------------------------------- validation
def _store(data_dir: Path, root: Path | None, report: Report, keys: list[str], packages: set[int]) -> None:
    """Keep the results of the packages in ``packages`` (ids of objects) whose files are still the bytes the load
    read (frictionless reads them again itself: a file changed in between is not kept)."""
    if report.by_package is None or settings.cache_dir() is None:
        return
    now = package_keys(data_dir, root, report.tree, None, only=packages)  # their files read afresh from disk
    for pkg, key, again, found in zip(report.tree.packages, keys, now, report.by_package, strict=True):
        if id(pkg) in packages and again == key:
            store_result(key, pkg.rel, found)
    _prune()


def validate_and_store(data_dir: Path, root: Path | None = None, tree: Tree | None = None,
                       log: ReadLog | None = None) -> Report:
    """A full validation (never read from the cache); its results are kept for the build, package by package.

    ``tree`` and ``log``: the packages already loaded and what their load read (see cached_validate).
    """
    if tree is None or log is None:
        tree, log = None, ReadLog()
    report = validate_tree(data_dir, root, tree=tree, log=log, parsers=parsers())
    if log.consistent:
        digests: dict[int, str] = {}
        keys = package_keys(data_dir, root, report.tree, log, digests)  # of the bytes the checks saw
        report.digests = _by_package(report.tree, digests)
        _store(data_dir, root, report, keys, {id(pkg) for pkg in report.tree.packages})
    return report


def _by_package(tree: Tree, digests: dict[int, str]) -> dict[tuple[str, str], str]:
    """(kind, id) -> digest; the registry as ("organizations", "")."""
    return {(pkg.kind, pkg.id if pkg.kind != "organizations" else ""): digests[id(pkg)] for pkg in tree.packages}


def cached_validate(data_dir: Path, root: Path | None = None) -> Report:
    """The tree loaded, with the problems of its packages: those kept for byte-identical packages (and
    unchanged references), the others validated now (and kept).

    The tree is loaded first (the site needs it) and the keys taken of the very bytes it was made from: a
    package with a kept result is not run through frictionless or the checks again.
    """
    log = ReadLog()
    tree = load_tree(Path(data_dir), root, log=log, parsers=parsers())
    if not log.consistent:  # a file changed while it was read: start afresh
        return validate_and_store(data_dir, root)
    digests: dict[int, str] = {}
    keys = package_keys(data_dir, root, tree, log, digests)
    by_package: list[list[Problem] | None] = [cached_problems(key, pkg.rel) for pkg, key in zip(tree.packages, keys,
                                                                                              strict=True)]
    missing = [pkg for pkg, found in zip(tree.packages, by_package, strict=True) if found is None]
    if missing:
        fresh = iter(validate_packages(tree, missing))
        by_package = [found if found is not None else next(fresh) for found in by_package]
    report = assemble(data_dir, tree, by_package)  # type: ignore[arg-type]
    report.digests = _by_package(tree, digests)
    if missing:
        _store(data_dir, root, report, keys, {id(pkg) for pkg in missing})
    return report
