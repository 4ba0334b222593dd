"""Validation of the whole data tree: frictionless first, then our domain checks.

On a machine with several cores the frictionless part (most of the time) runs in worker
processes, one package at a time, while the next packages load; the problems come out in
the same order as in a serial run.  The result comes per package too (``Report.by_package``):
``roadmaps.validation.cache`` keeps it so, and validates again only the packages whose bytes (or
what their checks read of other packages) changed.
"""

from __future__ import annotations

import gc
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path

from roadmaps import errors as E
from roadmaps import settings
from roadmaps.checks import Check, Context, all_checks, assessment_checks, registry_checks
from roadmaps.data.load import (
    ASSESSMENTS_DIR,
    ORGANIZATIONS_DIR,
    PLAIN,
    ROADMAPS_DIR,
    LoadedPackage,
    Parsers,
    ReadLog,
    Tree,
    _is_folder,
    _package_dirs,
    display_path,
    load_package,
    load_tree,
)
from roadmaps.data.paths import entry_kind, irregular_entries
from roadmaps.errors import Problem
from roadmaps.validation.frictionless import FrictionlessJob, RawError, frictionless_errors, translate

PARALLEL_MIN_PACKAGES = 8  # below this a worker pool costs more than it saves


@dataclass
class Report:
    tree: Tree
    problems: list[Problem]
    # per package of tree.packages, in order: what frictionless and the checks found (the cache keeps these)
    by_package: list[list[Problem]] | None = field(default=None, repr=False, compare=False)
    # (kind, id) of each package -> SHA-256 of its folder's entries and bytes (what a build keys its outputs by)
    digests: dict[tuple[str, str], str] = field(default_factory=dict, repr=False, compare=False)

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



def _package_count(data_dir: Path) -> int:
    roadmaps = Path(data_dir) / "roadmaps"
    return sum(1 for p in roadmaps.iterdir() if p.is_dir()) if roadmaps.is_dir() else 0


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """Processes for frictionless.  They are forked while the tree loads, with the garbage collector
    paused (load.collector_paused): each turns its own back on."""
    return ProcessPoolExecutor(max_workers=jobs, initializer=gc.enable)


def validate_tree(data_dir: Path, root: Path | None = None, jobs: int | None = None, tree: Tree | None = None,
                  log: ReadLog | None = None, parsers: Parsers = PLAIN) -> Report:
    """Validate everything under ``data_dir``.  ``tree``: the packages already loaded from it (frictionless
    reads the files again itself); else they are loaded here, ``log`` recording what was read, ``parsers``
    parsing each descriptor and table."""
    jobs = settings.jobs() if jobs is None else jobs
    if jobs > 1 and _package_count(data_dir) >= PARALLEL_MIN_PACKAGES:
        with worker_pool(jobs) as pool:
            return _validate(data_dir, root, pool, tree, log, parsers)
    return _validate(data_dir, root, None, tree, log, parsers)


def _validate(data_dir: Path, root: Path | None, pool: Executor | None, tree: Tree | None,
              log: ReadLog | None, parsers: Parsers = PLAIN) -> Report:
    pending: list[Future[list[RawError]] | list[RawError]] = []

    def start(pkg: LoadedPackage) -> None:
        pending.append(_frictionless(pkg, pool))

    if tree is None:
        tree = load_tree(Path(data_dir), root, each=start, log=log, parsers=parsers)
    else:
        for pkg in tree.packages:
            start(pkg)
    return assemble(data_dir, tree, _finish(tree, tree.packages, pending))


def _frictionless(pkg: LoadedPackage, pool: Executor | None) -> Future[list[RawError]] | list[RawError]:
    """Start frictionless on a package.  A worker gets the descriptor and the folder, not the rows: frictionless
    reads the files itself, and the rows' physical lines are looked up here when the errors come back."""
    if not pkg.readable:
        return []
    if pool is not None:
        return pool.submit(frictionless_errors, FrictionlessJob.of(pkg))
    return frictionless_errors(FrictionlessJob.of(pkg))


def _finish(tree: Tree, packages: list[LoadedPackage],
            pending: list[Future[list[RawError]] | list[RawError]]) -> list[list[Problem]]:
    """Per package: frictionless's errors in our terms, then the domain checks."""
    orgs = organization_ids(tree)
    checks = {"roadmap": [check for _name, _codes, check in all_checks()],
              "assessments": [check for _name, _codes, check in assessment_checks()],
              "organizations": [check for _name, _codes, check in registry_checks()]}
    return [translate(pkg, found if isinstance(found, list) else found.result())
            + _checks(tree, pkg, orgs, checks.get(pkg.kind, []))
            for pkg, found in zip(packages, pending, strict=True)]


def validate_packages(tree: Tree, packages: list[LoadedPackage], jobs: int | None = None) -> list[list[Problem]]:
    """Frictionless and the checks of some packages of a loaded tree (those a cache had no result for), in
    worker processes when there are several; per package, what they found."""
    jobs = settings.jobs() if jobs is None else jobs
    if jobs > 1 and len(packages) >= PARALLEL_MIN_PACKAGES:
        with worker_pool(jobs) as pool:
            return _finish(tree, packages, [_frictionless(pkg, pool) for pkg in packages])
    return _finish(tree, packages, [_frictionless(pkg, None) for pkg in packages])


def assemble(data_dir: Path, tree: Tree, by_package: list[list[Problem]]) -> Report:
    """The report of a tree: the problems of its loading, then each package's (``by_package``, in the order of
    ``tree.packages``), each problem once."""
    problems: list[Problem] = list(tree.problems)
    if tree.organizations is None:
        problems.append(E.PACKAGE_MISSING(f"{Path(data_dir).name}/organizations/datapackage.yaml"))
    return Report(tree=tree, problems=_dedupe(problems + [p for found in by_package for p in found]),
                  by_package=by_package)


KINDS = {ROADMAPS_DIR: "roadmap", ASSESSMENTS_DIR: "assessments"}


def package_inputs(data_dir: Path, package_dir: Path) -> list[Path]:
    """The folders :func:`validate_package` reads for ``package_dir`` (a folder of ``data_dir``): the package,
    the organisations registry its references resolve in, and for an assessment package the road maps whose
    indicators it names."""
    data_dir, package_dir = Path(data_dir), Path(package_dir)
    found = [data_dir / ORGANIZATIONS_DIR, package_dir]
    if package_dir.parent.name == ASSESSMENTS_DIR:
        found.append(data_dir / ROADMAPS_DIR)
    return list(dict.fromkeys(found))


def validate_package(data_dir: Path, package_dir: Path, root: Path | None = None) -> Report:
    """Validate one package of ``data_dir`` (``data/roadmaps/<id>``, ``data/assessments/<id>`` or the registry)
    as :func:`validate_tree` validates it — the same problems, in the same order — and nothing else: a broken
    other package neither blocks nor shows.  The registry is read for the organisations the package names
    (its own problems are its own), the road maps for the indicators an assessment package names."""
    data_dir, package_dir = Path(data_dir), Path(package_dir)
    root = Path(root) if root is not None else data_dir.parent
    orgs_dir = data_dir / ORGANIZATIONS_DIR
    organizations = load_package(orgs_dir, root, "organizations") if _is_folder(orgs_dir) else None
    kind = KINDS.get(package_dir.parent.name, "organizations")
    if kind == "organizations":
        pkg = organizations or load_package(package_dir, root, kind)
        roadmaps: list[LoadedPackage] = []
    else:
        pkg = load_package(package_dir, root, kind)
        roadmaps = [pkg] if kind == "roadmap" else [load_package(d, root, "roadmap")
                                                    for d in _package_dirs(data_dir / ROADMAPS_DIR)]
    links = [E.NOT_REGULAR(display_path(path, root), path=display_path(path, root), what=what)
             for path, what in irregular_entries(package_dir)]
    tree = Tree(root=root, roadmaps=roadmaps, organizations=organizations,
                assessments=[pkg] if kind == "assessments" else [], own_problems=links)
    problems = links + pkg.problems
    if organizations is None and (what := entry_kind(orgs_dir)):
        problems.append(E.NOT_REGULAR(display_path(orgs_dir, root), path=display_path(orgs_dir, root), what=what))
    elif organizations is None:
        problems.append(E.PACKAGE_MISSING(f"{data_dir.name}/{ORGANIZATIONS_DIR}/datapackage.yaml"))
    if pkg.readable:
        problems.extend(translate(pkg, frictionless_errors(FrictionlessJob.of(pkg))))
    checks = {"roadmap": all_checks, "assessments": assessment_checks, "organizations": registry_checks}[kind]
    problems.extend(_checks(tree, pkg, organization_ids(tree), [check for _n, _c, check in checks()]))
    return Report(tree=tree, problems=_dedupe(problems))


def _checks(tree: Tree, pkg: LoadedPackage, orgs: frozenset[str], checks: list[Check]) -> list[Problem]:
    if not checks or pkg.descriptor is None:
        return []
    ctx = Context(tree=tree, package=pkg, organization_ids=orgs)
    return [_at_line(pkg, p) for check in checks for p in check(ctx)]


def _at_line(pkg: LoadedPackage, problem: Problem) -> Problem:
    """A problem of the descriptor without a line, at the line of the value it names (``column``: «order.date»,
    «resources[2].path»)."""
    if problem.line is not None or problem.file != pkg.rel or not problem.column:
        return problem
    line = pkg.descriptor_line(problem.column)
    return replace(problem, line=line, row=line) if line is not None else problem


GENERIC = (E.TYPE_ERROR.code, E.CONSTRAINT.code)  # frictionless's word on a cell: «не соответствует образцу»
# what the domain checks say: in the terms of the road map (an organisation unknown, a link not https)
PRECISE = frozenset(code for checks in (all_checks, assessment_checks, registry_checks)
                    for _name, codes, _check in checks() for code in codes)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    """Each problem once; and a cell that frictionless refuses in general terms (a type, a pattern) and a domain
    check precisely is told by the precise message alone."""
    precise = {(p.file, p.row, p.column) for p in problems
               if p.is_error and p.code in PRECISE and p.row is not None and p.column}
    seen: set[tuple] = set()
    result = []
    for p in problems:
        key = (p.code, p.file, p.row, p.column, p.message)
        if key not in seen and not (p.code in GENERIC and (p.file, p.row, p.column) in precise):
            seen.add(key)
            result.append(p)
    return result
