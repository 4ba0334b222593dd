"""What a road map plans for a school when it names no school: activities whose responsible body is the group
of the district's schools («Руководители ОО», «общеобразовательные организации»).  A parent opening the page
of «МБОУ СОШ № 32» sees how many there are and how they stand, with a link to them in the road map's plan, beside
the activities that name the school itself.

A group is an organisation of kind «группа организаций» of the school's district.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from roadmaps.site.mentions import mention_index
from roadmaps.status import STATUSES, rollup, statuses_as_of

GROUP_KIND = "группа организаций"
SCHOOL_KIND = "школа"
@dataclass(frozen=True)
class GroupPlan:
    """The activities of one road map assigned to a group of schools, as a school's page sums them up: how many,
    by status.  The list itself is the road map's plan with its filter set to the group (one list for all the
    schools of the district, not a copy on each school's page)."""

    group: Any          # the Organization of kind «группа организаций»
    roadmap: Any        # the Roadmap
    counts: tuple       # ((status, number), ...): the statuses that occur, in STATUSES order
    total: int          # all the activities of the road map assigned to the group


def district_groups(catalogue: Any, org: Any) -> list:
    """The groups of schools of a school's district ([] for anything but a school)."""
    if org.kind != SCHOOL_KIND or not org.district:
        return []
    if "groups" not in catalogue.memo:  # district -> its groups: one scan per build
        groups: dict[str, list] = {}
        for o in catalogue.organizations.values():
            if o.kind == GROUP_KIND and o.district:
                groups.setdefault(o.district, []).append(o)
        catalogue.memo["groups"] = groups
    return catalogue.memo["groups"].get(org.district, [])


def group_plans(site: Any, org: Any, asof: date | None = None) -> list[GroupPlan]:
    """Per group of the school's district and road map: the activities assigned to the group, counted by status."""
    catalogue = site.catalogue
    index = mention_index(site)
    asof = asof or site.today
    plans = []
    for group in district_groups(catalogue, org):
        by_roadmap: dict[int, list[int]] = {}
        for ri, ai in index.responsible.get(group.id, ()):
            by_roadmap.setdefault(ri, []).append(ai)
        for ri in sorted(by_roadmap):
            r = catalogue.roadmaps[ri]
            statuses = statuses_as_of(r, asof)
            found = sorted(set(by_roadmap[ri]))
            counts = rollup(statuses[r.activities[ai].id] for ai in found)
            plans.append(GroupPlan(group, r, tuple((s, n) for s, n in counts.items() if n), len(found)))
    return plans


def summed(plans: list[GroupPlan]) -> tuple[int, tuple]:
    """All the plans' activities: how many, and ((status, number), ...) in STATUSES order."""
    counts = dict.fromkeys(STATUSES, 0)
    for p in plans:
        for status, n in p.counts:
            counts[status] += n
    return sum(p.total for p in plans), tuple((s, n) for s, n in counts.items() if n)


def _natural(org: Any) -> list:
    """«СОШ № 2» before «СОШ № 11»: numbers compared as numbers."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", org.name)]


@dataclass(frozen=True)
class District:
    """A district as the home page lists it: its schools, or (none named) its groups of schools."""

    name: str
    schools: list
    groups: list


def districts_with_schools(catalogue: Any) -> list[District]:
    """Every district with a school or a group of schools, by name; schools by name."""
    schools: dict[str, list] = {}
    groups: dict[str, list] = {}
    for o in catalogue.organizations.values():
        if o.district and o.kind == SCHOOL_KIND:
            schools.setdefault(o.district, []).append(o)
        elif o.district and o.kind == GROUP_KIND:
            groups.setdefault(o.district, []).append(o)
    return [District(d, sorted(schools.get(d, []), key=_natural), groups.get(d, []))
            for d in sorted(schools.keys() | groups.keys())]
