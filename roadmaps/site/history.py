"""The history page of a road map (``karty/<id>/istoriya/``): every version of its package, newest first — the
commit's date, the version number and what changed, in the words of ``roadmaps diff``.  Out of the search index.

The versions of all road maps come from one ``git log`` (roadmaps.data.githistory), read when the first history
page is rendered.  Without git, or when the data folder is not in a repository, each page says that the history
is not available; the build goes on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from roadmaps.data.diff import describe
from roadmaps.data.githistory import History, Version, package_history
from roadmaps.data.model import Roadmap
from roadmaps.site.context import SiteData
from roadmaps.site.outputs import Page, page
from roadmaps.site.templates import render
from roadmaps.site.urls import rel, roadmap_url

HISTORY_DIR = "istoriya"
MAX_LINES = 200  # changes listed for one version (an import of a whole plan would list every row)


def history_url(r: Roadmap) -> str:
    return f"{roadmap_url(r)}{HISTORY_DIR}/"


def history_pages(site: SiteData) -> Iterator[Page]:
    for r in site.catalogue.roadmaps:
        yield page(f"{history_url(r)}index.md", f"История изменений: {r.title}", partial(history_body, site, r),
                   search=False)


def site_history(site: SiteData) -> History:
    """The versions of every road map of the site, read from git once per build."""
    if site.history is None:
        names = {oid: org.label for oid, org in site.catalogue.organizations.items()}
        known = {Path(p.directory): p.descriptor for p in site.report.tree.roadmaps if p.descriptor}
        site.history = package_history([r.directory for r in site.catalogue.roadmaps], "roadmap", names, known)
    return site.history


@dataclass(frozen=True)
class Entry:
    """A version as the page shows it."""

    version: Version
    lines: list[str]
    commit_url: str

    @property
    def bumped(self) -> bool:
        old, new = self.version.change.version
        return self.version.change.kind != "changed" or old != new


def history_body(site: SiteData, r: Roadmap) -> str:
    url = history_url(r)
    history = site_history(site)
    base = site.repo_url.rstrip("/")
    entries = [Entry(v, describe(v.change, limit=MAX_LINES), f"{base}/commit/{v.commit}" if base else "")
               for v in history.of(r.directory)]
    unrecorded = bool(entries) and entries[0].version.version != r.version
    return render("history.html", r=r, rel=lambda to: rel(url, to), roadmap_url=roadmap_url(r),
                  available=history.available, shallow=history.shallow, entries=entries, unrecorded=unrecorded)
