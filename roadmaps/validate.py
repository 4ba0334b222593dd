"""Validation of the whole data tree: frictionless first, then our domain checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import errors as E
from .checks import Context, all_checks, assessment_checks
from .errors import Problem
from .frictionless_report import frictionless_problems
from .load import Tree, load_tree


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


def validate_tree(data_dir: Path, root: Path | None = None) -> Report:
    tree = load_tree(Path(data_dir), root)
    problems: list[Problem] = list(tree.problems)
    if tree.organizations is None:
        problems.append(E.PACKAGE_MISSING(f"{Path(data_dir).name}/organizations/datapackage.yaml"))
    orgs = organization_ids(tree)
    for pkg in tree.packages:
        if pkg.readable:
            problems.extend(frictionless_problems(pkg))
        if pkg.descriptor is None or pkg.kind == "organizations":
            continue
        ctx = Context(tree=tree, package=pkg, organization_ids=orgs)
        for _name, _codes, check in (all_checks() if pkg.kind == "roadmap" else assessment_checks()):
            problems.extend(check(ctx))
    return Report(tree=tree, problems=_dedupe(problems))


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[tuple] = set()
    result = []
    for p in problems:
        key = (p.code, p.file, p.row, p.column, p.message)
        if key not in seen:
            seen.add(key)
            result.append(p)
    return result
