"""Validation of the whole data tree: frictionless first, then our domain checks.

On a machine with several cores the frictionless part (most of the time) runs in worker
processes, one package at a time, while the next packages load; the problems come out in
the same order as in a serial run.  ``cached_validate`` lets the site build reuse the result
of ``roadmaps validate`` for byte-identical data (see :func:`tree_digest`).
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from . import errors as E
from .checks import Check, Context, all_checks, assessment_checks
from .errors import Problem
from .frictionless_report import FrictionlessJob, RawError, frictionless_errors, translate
from .load import LoadedPackage, ReadLog, Tree, load_tree

PARALLEL_MIN_PACKAGES = 8  # below this a worker pool costs more than it saves
CACHE_KEEP = 16  # cached results kept (newest first)


@dataclass
class Report:
    tree: Tree
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return not self.errors


def organization_ids(tree: Tree) -> frozenset[str]:
    if tree.organizations is None:
        return frozenset()
    return frozenset(r.get("id") for r in tree.organizations.rows("organizations"))


def validation_jobs() -> int:
    """Worker processes for frictionless: ROADMAPS_JOBS, else the CPUs this process may use."""
    env = os.environ.get("ROADMAPS_JOBS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _package_count(data_dir: Path) -> int:
    roadmaps = Path(data_dir) / "roadmaps"
    return sum(1 for p in roadmaps.iterdir() if p.is_dir()) if roadmaps.is_dir() else 0


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """Processes for frictionless.  They are forked while the tree loads, with the garbage collector
    paused (load.collector_paused): each turns its own back on."""
    return ProcessPoolExecutor(max_workers=jobs, initializer=gc.enable)


def validate_tree(data_dir: Path, root: Path | None = None, jobs: int | None = None, tree: Tree | None = None,
                  log: ReadLog | None = None) -> Report:
    """Validate everything under ``data_dir``.  ``tree``: the packages already loaded from it (frictionless
    reads the files again itself); else they are loaded here, ``log`` recording what was read."""
    jobs = validation_jobs() if jobs is None else jobs
    if jobs > 1 and _package_count(data_dir) >= PARALLEL_MIN_PACKAGES:
        with worker_pool(jobs) as pool:
            return _validate(data_dir, root, pool, tree, log)
    return _validate(data_dir, root, None, tree, log)


def _validate(data_dir: Path, root: Path | None, pool: Executor | None, tree: Tree | None,
              log: ReadLog | None) -> Report:
    pending: list[Future[list[RawError]] | list[RawError]] = []

    def start(pkg: LoadedPackage) -> None:
        # a worker gets the descriptor and the folder, not the rows: frictionless reads the files itself,
        # and the rows' physical lines are looked up here when the errors come back
        if not pkg.readable:
            pending.append([])
        elif pool is not None:
            pending.append(pool.submit(frictionless_errors, FrictionlessJob.of(pkg)))
        else:
            pending.append(frictionless_errors(FrictionlessJob.of(pkg)))

    if tree is None:
        tree = load_tree(Path(data_dir), root, each=start, log=log)
    else:
        for pkg in tree.packages:
            start(pkg)
    problems: list[Problem] = list(tree.problems)
    if tree.organizations is None:
        problems.append(E.PACKAGE_MISSING(f"{Path(data_dir).name}/organizations/datapackage.yaml"))
    orgs = organization_ids(tree)
    checks = {"roadmap": [check for _name, _codes, check in all_checks()],
              "assessments": [check for _name, _codes, check in assessment_checks()]}
    for pkg, found in zip(tree.packages, pending, strict=True):
        problems.extend(translate(pkg, found if isinstance(found, list) else found.result()))
        problems.extend(_checks(tree, pkg, orgs, checks.get(pkg.kind, [])))
    return Report(tree=tree, problems=_dedupe(problems))


def _checks(tree: Tree, pkg: LoadedPackage, orgs: frozenset[str], checks: list[Check]) -> list[Problem]:
    if not checks or pkg.descriptor is None:
        return []
    ctx = Context(tree=tree, package=pkg, organization_ids=orgs)
    return [p for check in checks for p in check(ctx)]


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple] = set()
    result = []
    for p in problems:
        key = (p.code, p.file, p.row, p.column, p.message)
        if key not in seen:
            seen.add(key)
            result.append(p)
    return result


# --------------------------------------------------------------------------- cache of results
def _code_fingerprint() -> bytes:
    """Hash of this package's sources and the frictionless version: new code, new cache keys."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        h.update(path.relative_to(Path(__file__).parent).as_posix().encode() + b"\0" + path.read_bytes())
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
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        size, file_hash = read.get(path) or _file_hash(path)
        h.update(f"{path.relative_to(data_dir).as_posix()}\0{size}\0".encode())
        h.update(file_hash)
    return h.hexdigest()


def _file_hash(path: Path) -> tuple[int, bytes]:
    content = path.read_bytes()
    return len(content), hashlib.sha256(content).digest()


def cache_dir() -> Path | None:
    """Where results are kept: ROADMAPS_CACHE_DIR (``off`` disables), else ~/.cache/open-roadmaps."""
    env = os.environ.get("ROADMAPS_CACHE_DIR", "")
    if env.lower() in ("off", "0", "no"):
        return None
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "open-roadmaps"


def _cache_file(digest: str) -> Path | None:
    directory = cache_dir()
    return directory / f"validate-{digest}.json" if directory else None


def store_result(digest: str, report: Report) -> None:
    """Keep the problems of a finished validation under the digest of its input (best effort)."""
    path = _cache_file(digest)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps([asdict(p) for p in report.problems], ensure_ascii=False), encoding="utf-8")
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
        return [Problem(**item) for item in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        return None


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
