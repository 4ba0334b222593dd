"""Domain checks: one rule per module, each declaring the codes it may emit.

A check is a function ``check(ctx) -> Iterable[Problem]`` over one loaded road
map package; ``ALL`` lists them in the order their messages are shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..errors import Problem
from ..load import LoadedPackage, Tree


@dataclass
class Context:
    tree: Tree
    package: LoadedPackage
    organization_ids: frozenset[str]

    @property
    def meta(self) -> dict:
        return self.package.descriptor or {}

    def period(self) -> tuple[int, int] | None:
        period = self.meta.get("period")
        if isinstance(period, dict) and isinstance(period.get("start"), int) and isinstance(period.get("end"), int):
            return period["start"], period["end"]
        return None


Check = Callable[[Context], Iterable[Problem]]


def all_checks() -> list[tuple[str, tuple[str, ...], Check]]:
    from . import deadlines, links, metadata, organizations, percentages, period, progress, resources, targets
    modules = [metadata, resources, organizations, targets, period, percentages, links, progress, deadlines]
    return [(m.__name__.rsplit(".", 1)[-1], m.CODES, m.check) for m in modules]


def assessment_checks() -> list[tuple[str, tuple[str, ...], Check]]:
    """The checks of an assessment package (``data/assessments/<id>/``)."""
    from . import assessment_metadata, assessment_references, assessment_values, privacy
    modules = [assessment_metadata, assessment_references, privacy, assessment_values]
    return [(m.__name__.rsplit(".", 1)[-1], m.CODES, m.check) for m in modules]
