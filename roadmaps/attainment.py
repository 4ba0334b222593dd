"""Plan against fact for indicators: attainment per year and a category with a documented method.

The method follows Open SDG's progress measure: compare the observed compound annual
growth rate (CAGR) since the baseline with the rate needed to reach the target on time.
The direction comes from the target's comparator: «не менее» (>=) means the value should
rise, «не более» (<=) that it should fall (a share of pupils below the basic level).

Categories: «цель достигнута», «на пути к цели» (ratio ≥ 0.95), «медленный прогресс»
(0 ≤ ratio < 0.95), «ухудшение» (ratio < 0), «нет данных» (no target, or fewer than the
values the method needs).  Pure functions, no I/O.

Whose values are set against the plan (:func:`split_facts`): a plan is the document's, for the whole area it
covers.  Where an indicator's facts are about several organisations (a value per school and year, say), only
those about the document's own level — no organisation named, or the body that approved it — make its series;
the others are each organisation's own values, shown beside the plan, never compared with it as if one school's
value were the district's.
"""

from __future__ import annotations

from dataclasses import dataclass

from roadmaps.data.model import Measurement, Target

ACHIEVED = "цель достигнута"
ON_TRACK = "на пути к цели"
SLOW = "медленный прогресс"
WORSE = "ухудшение"
NO_DATA = "нет данных"
CATEGORIES = (ACHIEVED, ON_TRACK, SLOW, WORSE, NO_DATA)
ON_TRACK_RATIO = 0.95
SLOW_RATIO = 0.0


@dataclass(frozen=True)
class Attainment:
    category: str
    reason: str
    ratio: float | None = None
    observed_rate: float | None = None
    required_rate: float | None = None


@dataclass(frozen=True)
class Facts:
    """An indicator's facts by whom they are about, each list in year order (document order within a year)."""

    own: list[Measurement]  # the document's series: what is set against the plan
    others: list[Measurement]  # separate organisations' values; empty when every fact is about the same one

    @property
    def organizations(self) -> list[str]:
        """The organisations (``scope`` ids) the other values are about, in order of first appearance."""
        return list(dict.fromkeys(m.scope for m in self.others))


def split_facts(measurements: list[Measurement], issuer: str) -> Facts:
    """The facts of one indicator of a road map approved by ``issuer``: all of them its series when they are about
    one organisation (or none), else those about no organisation or about ``issuer``; the rest are others'."""
    facts = sorted(measurements, key=lambda m: m.year)
    if len({m.scope for m in facts}) <= 1:
        return Facts(facts, [])
    own = [m for m in facts if m.scope in ("", issuer)]
    return Facts(own, [m for m in facts if m.scope not in ("", issuer)])


def meets(value: float, target: Target) -> bool:
    if target.comparator == ">=":
        return value >= target.value
    if target.comparator == "<=":
        return value <= target.value
    return abs(value - target.value) < 1e-9


def _rate(v0: float, v1: float, years: int) -> float:
    """CAGR, or the linear rate relative to the scale of the values when a value is zero or negative."""
    if years <= 0:
        return 0.0
    if v0 > 0 and v1 > 0:
        return (v1 / v0) ** (1 / years) - 1
    scale = max(abs(v0), abs(v1), 1.0)
    return (v1 - v0) / scale / years


def assess(targets: list[Target], measurements: list[Measurement]) -> Attainment:
    """Attainment of the latest dated target from the measurements (one indicator)."""
    dated = sorted((t for t in targets if t.year), key=lambda t: t.year or 0)
    facts = sorted(measurements, key=lambda m: m.year)
    if not dated:
        return Attainment(NO_DATA, "в документе нет планового значения с годом")
    if not facts:
        return Attainment(NO_DATA, "нет ни одного фактического значения")
    target = dated[-1]
    latest = facts[-1]
    if meets(latest.value, target):
        return Attainment(ACHIEVED, f"значение {latest.year} г. уже соответствует плану на {target.year} г.")
    base = facts[0]
    if len(facts) < 2 or base.year == latest.year:
        return Attainment(NO_DATA, "для оценки динамики нужно не меньше двух фактических значений за разные годы")
    if (target.year or 0) <= base.year:
        return Attainment(NO_DATA, "год плана не позже первого измерения")
    observed = _rate(base.value, latest.value, latest.year - base.year)
    required = _rate(base.value, target.value, (target.year or 0) - base.year)
    if required == 0:
        return Attainment(NO_DATA, "план равен исходному значению")
    ratio = observed / required
    if ratio >= ON_TRACK_RATIO:
        category = ON_TRACK
    elif ratio >= SLOW_RATIO:
        category = SLOW
    else:
        category = WORSE
    return Attainment(category, f"темп {observed:+.1%} в год при нужном {required:+.1%} (отношение {ratio:.2f})",
                      ratio, observed, required)


def assess_facts(targets: list[Target], facts: Facts) -> Attainment:
    """Attainment from the document's own series (:func:`split_facts`); where there are only separate
    organisations' values, none: they are not the value the plan is for."""
    if not facts.own and facts.others and any(t.year for t in targets):
        count = len(facts.organizations)
        word = "организации" if count % 10 == 1 and count % 100 != 11 else "организациям"  # по 21 организации
        return Attainment(NO_DATA, f"значения даны отдельно по {count}\u00a0{word}, общего значения по документу нет")
    return assess(targets, facts.own)
