"""The data of a build: everything the pages are made from, loaded and validated once (``load_site_data``), and the build in progress (``current``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from roadmaps import settings
from roadmaps.data.gitdates import package_dates
from roadmaps.data.model import (
    Catalogue,
    build_catalogue,
)
from roadmaps.downloads.opendata_settings import OpendataSettings
from roadmaps.errors import Problem
from roadmaps.validation.cache import cached_validate
from roadmaps.validation.validate import Report


class DataError(Exception):
    """The data did not validate: the build must stop, listing the problems."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.text() for p in problems))


@dataclass
class SiteData:
    catalogue: Catalogue
    report: Report
    today: date
    repo_url: str = ""
    edit_base: str = ""
    changed: dict[str, str] = field(default_factory=dict)  # road map id -> date of its package's last commit
    created: dict[str, str] = field(default_factory=dict)  # road map id -> date of its package's first commit
    assessments_changed: dict[str, str] = field(default_factory=dict)  # assessment package id -> last commit
    opendata: OpendataSettings = field(default_factory=OpendataSettings)  # extra.opendata of mkdocs.yml
    mentions: Any = field(default=None, repr=False)  # where organisations are named: site.mentions.mention_index
    history: Any = field(default=None, repr=False)  # the road maps' versions from git: site.history.site_history
    data_dir: Path | None = None  # the folder the data was loaded from
    # what earlier builds of the same data worked out, where a build keeps such values (the site's speed layer sets
    # it; None: nothing kept): ``get(what, sources)`` -> the value or None, ``put(what, sources, value)``, for plain
    # values (str, int, lists, tuples, dicts) made from ``sources`` (packages, see site.outputs.source) and the code
    kept: Any = field(default=None, repr=False)


_CURRENT: list[SiteData] = []


def set_current(site: SiteData) -> None:
    """The data of the build in progress (set by the MkDocs hook, read by the macros)."""
    _CURRENT[:] = [site]


def current() -> SiteData:
    if not _CURRENT:
        raise RuntimeError("данные сайта ещё не загружены (hooks/build.py не выполнен)")
    return _CURRENT[0]


def load_site_data(data_dir: Path, repo_url: str = "", edit_branch: str = "main") -> SiteData:
    report = cached_validate(data_dir)  # reuses `roadmaps validate` of byte-identical files
    if not report.ok:
        raise DataError(report.errors)
    catalogue = build_catalogue(report.tree)
    folders = [r.directory for r in catalogue.roadmaps] + [a.directory for a in catalogue.assessments]
    dates = dict(zip(folders, package_dates([Path(f) for f in folders]), strict=True))  # one git log for all
    changed = {r.id: dates[r.directory][1] for r in catalogue.roadmaps}
    created = {r.id: dates[r.directory][0] for r in catalogue.roadmaps}
    assessments_changed = {a.id: dates[a.directory][1] for a in catalogue.assessments}
    edit_base = f"{repo_url.rstrip('/')}/edit/{edit_branch}/" if repo_url else ""
    return SiteData(catalogue=catalogue, report=report, today=settings.today(), repo_url=repo_url,
                    edit_base=edit_base, changed=changed, created=created,
                    assessments_changed=assessments_changed, data_dir=Path(data_dir))
