"""What a check sees: the loaded tree, the package it checks and the ids of the registry."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from roadmaps.data.load import LoadedPackage, Tree
from roadmaps.errors import Problem


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
