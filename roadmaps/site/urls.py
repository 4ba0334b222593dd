"""Where each generated page lives (directory URLs) and how pages link to each other."""

from __future__ import annotations

from roadmaps.data.model import (
    Indicator,
    Roadmap,
)
from roadmaps.site.context import SiteData

ROADMAPS_URL = "karty"


ORGS_URL = "organizacii"


# --------------------------------------------------------------------------- helpers for views
def roadmap_url(r: Roadmap) -> str:
    return f"{ROADMAPS_URL}/{r.id}/"


def indicator_url(r: Roadmap, ind: Indicator) -> str:
    return f"{ROADMAPS_URL}/{r.id}/pokazateli/{ind.id}/"


def org_url(org_id: str) -> str:
    return f"{ORGS_URL}/{org_id}/"


def rel(from_url: str, to_url: str) -> str:
    """Relative link between two directory URLs (use_directory_urls)."""
    depth = len([p for p in from_url.split("/") if p])
    return "../" * depth + to_url


def edit_url(site: SiteData, r: Roadmap, filename: str) -> str:
    if not site.edit_base:
        return ""
    return f"{site.edit_base}data/roadmaps/{r.id}/{filename}"
