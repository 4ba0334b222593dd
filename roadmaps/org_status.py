"""The status of each activity of a road map as of a date, computed once per road map and date for all the
organisation pages that list its activities (a road map's activities concern many schools)."""

from __future__ import annotations

from datetime import date
from typing import Any

_CACHE: dict[int, tuple[Any, date, dict[str, str]]] = {}
_LIMIT = 256  # road maps kept; a region's build asks for each a few hundred times in a row


def statuses_of(r: Any, asof: date) -> dict[str, str]:
    """``roadmaps.status.roadmap_statuses(r, asof)``, remembered by the road map's identity."""
    hit = _CACHE.get(id(r))
    if hit is not None and hit[0] is r and hit[1] == asof:
        return hit[2]
    from .status import roadmap_statuses

    if len(_CACHE) >= _LIMIT:
        _CACHE.clear()
    statuses = roadmap_statuses(r, asof)
    _CACHE[id(r)] = (r, asof, statuses)
    return statuses
