"""Domain checks: one rule per module, each declaring the codes it may emit (``CODES``) and yielding them.

A check is a function ``check(ctx) -> Iterable[Problem]`` over one loaded package (:mod:`.context`).
This is THE registry: to add a rule, write ``checks/<rule>.py`` with ``CODES`` and ``check`` and list it
below, in the order its messages are shown.
"""

from __future__ import annotations

from roadmaps.checks import (
    assessment_metadata,
    assessment_references,
    assessment_values,
    deadlines,
    finite,
    identity,
    links,
    metadata,
    organizations,
    percentages,
    period,
    privacy,
    progress,
    resources,
    shapes,
    sizes,
    targets,
    texts,
)
from roadmaps.checks.context import Check, Context

__all__ = ["Check", "Context", "all_checks", "assessment_checks", "registry_checks"]

ROADMAP_CHECKS = (identity, metadata, shapes, sizes, resources, organizations, finite, targets, period, percentages,
                  links, texts, progress, deadlines)
ASSESSMENT_CHECKS = (identity, assessment_metadata, shapes, assessment_references, finite, privacy, assessment_values,
                     links, texts)
REGISTRY_CHECKS = (links, texts)  # the organisations registry (data/organizations/)


def all_checks() -> list[tuple[str, tuple[str, ...], Check]]:
    """The checks of a road map package: (name, codes, check)."""
    return [(m.__name__.rsplit(".", 1)[-1], m.CODES, m.check) for m in ROADMAP_CHECKS]


def assessment_checks() -> list[tuple[str, tuple[str, ...], Check]]:
    """The checks of an assessment package (``data/assessments/<id>/``)."""
    return [(m.__name__.rsplit(".", 1)[-1], m.CODES, m.check) for m in ASSESSMENT_CHECKS]


def registry_checks() -> list[tuple[str, tuple[str, ...], Check]]:
    """The checks of the organisations registry (``data/organizations/``)."""
    return [(m.__name__.rsplit(".", 1)[-1], m.CODES, m.check) for m in REGISTRY_CHECKS]
