"""Pages of the assessment data: district overviews, a table per procedure and year, and the
assessment block of a school's page.  Python builds the data, templates build (and escape) HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from roadmaps.assessments.model import LEFT, LISTED, AssessmentSet, Average, Result, Series, procedure_slug
from roadmaps.assessments.schemas import (
    ASSESSMENT_RESOURCE_TITLES,
    METRICS,
    SCHOOL_STATUSES,
    SMALL_GROUP_TEXT,
    STATUS_TITLES,
)
from roadmaps.data.model import Organization
from roadmaps.downloads.packages import package_assets
from roadmaps.site.figures import figure_json, hover_label
from roadmaps.site.outputs import REGISTRY, page, source
from roadmaps.site.templates import render, ru_number
from roadmaps.site.urls import org_url, rel, roadmap_url

ASSESSMENTS_URL = "ocenka"


def set_url(aset: AssessmentSet) -> str:
    return f"{ASSESSMENTS_URL}/{aset.id}/"


def procedure_url(aset: AssessmentSet, procedure: str, year: int) -> str:
    return f"{set_url(aset)}{procedure_slug(procedure, year)}/"


# --------------------------------------------------------------------------- values as shown
def result_text(result: Result | None) -> str:
    """A result as published: a number, «менее 10 участников», or a dash."""
    if result is None:
        return "—"
    if result.small_group:
        return SMALL_GROUP_TEXT
    if result.value is None:
        return "не опубликовано"
    return _with_unit(number_text(result.value, result.metric), result.metric)


def average_text(average: Average, metric: str) -> str:
    if average.value is None:
        return "нет данных"
    return _with_unit(number_text(average.value, metric), metric)


def participants_text(result: Result | None) -> str:
    if result is None or result.participants is None:
        return "—"
    return SMALL_GROUP_TEXT if result.small_group else str(result.participants)


def number_text(value: float, metric: str) -> str:
    """A value the Russian way: two decimals for a mark below 10 («3,74»), else one («56,2»); trailing
    zeros dropped («35», not «35,0»); thousands split by a no-break space («1 335»)."""
    digits = 2 if METRICS[metric].kind == "score" and abs(value) < 10 else 1
    text = f"{round(value, digits):,.{digits}f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u00a0").replace(".", ",")


def _with_unit(number: str, metric: str) -> str:
    unit = METRICS[metric].unit
    return f"{number}\u00a0%" if unit == "%" else number


def grade_text(grade: int | None) -> str:
    return f"{grade} класс" if grade else "—"


# --------------------------------------------------------------------------- figures
def series_figure(series: Series, school_label: str) -> str | None:
    """Plotly figure JSON of one series: the school's values against the district average by year.

    Built as a plain dict (the page carries figure JSON, plotly.js draws it); «менее 10 участников»
    and missing values are gaps, never numbers.
    """
    if not series.drawable:
        return None

    years = [str(p.year) for p in series.points]
    school = [p.result.shown_value if p.result else None for p in series.points]
    district = [p.average.value for p in series.points]
    metric = METRICS[series.metric]
    data = [{"type": "scatter", "mode": "lines+markers+text", "name": school_label, "meta": "fact",
             "x": years, "y": school, "text": [ru_number(v) if v is not None else "" for v in school],
             "textposition": "top center", "marker": {"symbol": "diamond", "size": 12},
             "connectgaps": False, "hovertemplate": "%{x}: %{y}<extra>" + hover_label(school_label) + "</extra>"}]
    if any(v is not None for v in district):
        data.append({"type": "scatter", "mode": "lines+markers", "name": "По району", "meta": "plan",
                     "x": years, "y": district, "marker": {"symbol": "square", "size": 9},
                     "line": {"dash": "dash"}, "connectgaps": False,
                     "hovertemplate": "%{x}: %{y:.1f}<extra>По району</extra>"})
    layout = {"margin": {"l": 48, "r": 16, "t": 16, "b": 40}, "height": 300,
              "xaxis": {"type": "category", "title": {"text": "Год"}},
              "yaxis": {"title": {"text": metric.unit}, "rangemode": "tozero"},
              "legend": {"orientation": "h", "y": -0.3}, "separators": ", ", "showlegend": True}
    return figure_json({"data": data, "layout": layout})


# --------------------------------------------------------------------------- view models
@dataclass(frozen=True)
class TableRow:
    school: str          # org id, "" for a district row
    label: str
    subject: str
    grade: int | None
    participants: str
    cells: tuple[str, ...]


def procedure_table(aset: AssessmentSet, procedure: str, year: int,
                    orgs: dict[str, Organization]) -> tuple[list[str], list[TableRow]]:
    """(metric codes, rows) of a procedure's year: per subject and grade, the district figure first
    (stated or computed), then each school."""
    results = aset.results_of(procedure, year)
    metrics = [m for m in METRICS if any(r.metric == m for r in results)]
    groups: dict[tuple[str, int | None], dict[str, dict[str, Result]]] = {}
    for r in results:
        groups.setdefault((r.subject, r.grade), {}).setdefault(r.school, {})[r.metric] = r
    rows: list[TableRow] = []
    for (subject, grade) in sorted(groups, key=lambda k: (k[0], k[1] or 0)):
        by_school = groups[(subject, grade)]
        cells = []
        for m in metrics:
            avg = aset.average(procedure, subject, grade, year, m)
            note = " (по данным документа)" if avg.stated else (f" (расчёт по {avg.schools} шк.)" if avg.schools else "")
            cells.append(average_text(avg, m) + (note if avg.value is not None else ""))
        stated = by_school.get("", {})
        district_participants = next((str(r.participants) for r in stated.values() if r.participants), "—")
        rows.append(TableRow("", "По району", subject, grade, district_participants, tuple(cells)))
        for school in sorted((s for s in by_school if s), key=lambda s: orgs[s].label if s in orgs else s):
            found = by_school[school]
            first = next(iter(found.values()))
            rows.append(TableRow(school, orgs[school].label if school in orgs else school, subject, grade,
                                 participants_text(first), tuple(result_text(found.get(m)) for m in metrics)))
    return metrics, rows


def status_table(aset: AssessmentSet, orgs: dict[str, Organization]) -> tuple[list[int], list[dict]]:
    """Every school of the district (from the registry, and any school with a status) by year."""
    years = aset.status_years()
    rows = []
    schools = set(aset.schools_with_status())
    if years:
        schools |= {o.id for o in orgs.values() if o.kind == "школа" and aset.district and o.district == aset.district}
    for school in sorted(schools, key=lambda s: orgs[s].label if s in orgs else s):
        rows.append({"school": school, "label": orgs[school].label if school in orgs else school,
                     "cells": [", ".join(s.status for s in aset.status_of(school, y)) or "—" for y in years]})
    return years, rows


def school_block(aset: AssessmentSet, org: Organization) -> dict:
    """What one assessment set says about a school, for its page: statuses, signs of non-objective
    results, risk profile, and per procedure, subject and grade a chart of the first metric with
    values against the district average, and a table by year with a column per metric (the school's value,
    the district's beside it)."""
    label = org.short_name or org.name
    groups: dict[tuple, dict] = {}
    for s in aset.school_series(org.id):
        key = (s.procedure, s.subject, s.grade)
        group = groups.setdefault(key, {"title": _group_title(*key), "figure": None, "figure_of": "",
                                        "id": f"fig-{aset.id}-{len(groups) + 1}", "metrics": [], "years": {}})
        if group["figure"] is None:
            group["figure"] = series_figure(s, label)
            group["figure_of"] = METRICS[s.metric].title.lower() if group["figure"] else ""
        column = len(group["metrics"])
        group["metrics"].append(METRICS[s.metric].title)
        for p in s.points:
            year = group["years"].setdefault(p.year, {"year": p.year, "participants": [], "cells": {}})
            year["cells"][column] = {"value": result_text(p.result), "average": average_text(p.average, s.metric)
                                     + (" (по данным документа)" if p.average.stated and p.average.value is not None
                                        else "")}
            shown = participants_text(p.result)
            if shown not in year["participants"]:
                year["participants"].append(shown)
    for group in groups.values():
        group["rows"] = [{"year": y["year"], "participants": " / ".join(y["participants"]),
                          "cells": [y["cells"].get(c) for c in range(len(group["metrics"]))]}
                         for y in sorted(group.pop("years").values(), key=lambda y: y["year"])]
    return {"set": aset, "statuses": aset.status_history(org.id), "objectivity": aset.objectivity_of(org.id),
            "risks": aset.risks_of(org.id), "groups": list(groups.values()), "url": set_url(aset)}


def _group_title(procedure: str, subject: str, grade: int | None) -> str:
    return f"{procedure}, {subject}" + (f", {grade} класс" if grade else "")


# --------------------------------------------------------------------------- downloads
def downloads(aset: AssessmentSet) -> list[dict]:
    files = [{"href": f"{aset.id}.zip", "title": "Пакет данных целиком (ZIP, Frictionless Data)"}]
    for name in aset.resources:
        files.append({"href": f"data/{name}.csv", "title": f"{ASSESSMENT_RESOURCE_TITLES.get(name, name)} (CSV)"})
    return files


TEMPLATE_GLOBALS = {"STATUS_TITLES": STATUS_TITLES, "SCHOOL_STATUSES": SCHOOL_STATUSES, "METRICS": METRICS,
                    "SMALL_GROUP_TEXT": SMALL_GROUP_TEXT, "LISTED": LISTED, "grade_text": grade_text}


# --------------------------------------------------------------------------- pages
def _context(site) -> dict:
    return {"orgs": site.catalogue.organizations, "org_url": org_url, "roadmap_url": roadmap_url,
            "roadmaps": {r.id: r for r in site.catalogue.roadmaps}, **TEMPLATE_GLOBALS}


def index_page(site):
    url = f"{ASSESSMENTS_URL}/"
    items = [{"set": a, "url": set_url(a), "procedures": len(a.procedure_years()),
              "schools": len({s.school for s in a.statuses if s.status in LISTED})}
             for a in site.catalogue.assessments]
    body = render("assessments_index.html", items=items, rel=lambda to: rel(url, to),
                  small_group_text=SMALL_GROUP_TEXT)
    return page(f"{url}index.md", "Оценка качества образования", body,
                description="Результаты оценочных процедур, статусы школ, профили рисков")


def _unique_quotes(items) -> list:
    seen: dict[str, object] = {}
    for item in items:
        if item.quote and item.quote not in seen:
            seen[item.quote] = item
    return list(seen.values())


def district_page(site, aset: AssessmentSet):
    roadmaps = {str(aset.meta.get("roadmap") or ""), *(e.roadmap for e in aset.effectiveness)}
    sources = {source("assessments", aset.id), REGISTRY, *(source("roadmap", r.id) for r in site.catalogue.roadmaps
                                                           if r.id in roadmaps)}
    return page(f"{set_url(aset)}index.md", aset.title, partial(district_body, site, aset),
                description=f"Оценка качества образования: {aset.district}", sources=frozenset(sources))


def district_body(site, aset: AssessmentSet) -> str:
    url = set_url(aset)
    ctx = _context(site)
    years, rows = status_table(aset, ctx["orgs"])
    procedures = []
    for procedure, year in aset.procedure_years():
        results = aset.results_of(procedure, year)
        procedures.append({"procedure": procedure, "year": year, "url": procedure_url(aset, procedure, year),
                           "schools": len({r.school for r in results if r.school}),
                           "district": any(not r.school for r in results)})
    source = ctx["roadmaps"].get(str(aset.meta.get("roadmap") or ""))
    lead = ("Статусы школ, признаки необъективности, результаты процедур, профили рисков и оценка "
            "эффективности — по опубликованным документам.")
    body = render("assessment_district.html", aset=aset, url=url, rel=lambda to: rel(url, to), lead=lead,
                  status_years=years, status_rows=rows, listed=aset.listed_count(), left=aset.left_list(),
                  status_quotes=_unique_quotes(aset.statuses), objectivity_quotes=_unique_quotes(aset.objectivity),
                  procedures=procedures, source_roadmap=source, downloads=downloads(aset),
                  changed=site.assessments_changed.get(aset.id, ""), **ctx)
    return body


def procedure_page(site, aset: AssessmentSet, procedure: str, year: int):
    return page(f"{procedure_url(aset, procedure, year)}index.md", f"{procedure} — {year}: {aset.district}",
                partial(procedure_body, site, aset, procedure, year),
                description=f"Результаты {procedure} {year} года по школам: {aset.district}",
                sources=frozenset({source("assessments", aset.id), REGISTRY}))


def procedure_body(site, aset: AssessmentSet, procedure: str, year: int) -> str:
    url = procedure_url(aset, procedure, year)
    ctx = _context(site)
    metrics, rows = procedure_table(aset, procedure, year, ctx["orgs"])
    results = aset.results_of(procedure, year)
    schools = sorted({r.school for r in results if r.school}, key=lambda s: ctx["orgs"][s].label
                     if s in ctx["orgs"] else s)
    body = render("assessment_procedure.html", aset=aset, procedure=procedure, year=year, url=url,
                  rel=lambda to: rel(url, to), set_url=set_url(aset), metrics=metrics, rows=rows,
                  school_options=[{"id": s, "label": ctx["orgs"][s].label if s in ctx["orgs"] else s}
                                  for s in schools],
                  subject_options=sorted({r.subject for r in results}),
                  grade_options=sorted({r.grade for r in results if r.grade}),
                  quotes=_unique_quotes(results), notes=list(dict.fromkeys(r.note for r in results if r.note)),
                  **ctx)
    return body


def support_lines(site, org: Organization) -> list[dict]:
    """In plain words, per assessment set that covers the school: is it on a list of schools getting
    support, since which year, on what grounds — the first thing a parent reads on the school's page."""
    lines = []
    for aset in site.catalogue.assessments:
        if org.id not in aset.schools:
            continue
        history = aset.status_history(org.id)
        listed = [s for s in history if s.status in LISTED]
        latest = history[-1] if history else None
        lines.append({"set": aset, "listed": bool(listed) and latest.status != LEFT,
                      "since": listed[0].year if listed else None, "left": latest if latest and latest.status == LEFT
                      else None, "titles": sorted({STATUS_TITLES.get(s.status, s.status) for s in listed}),
                      "basis": listed[-1].basis if listed else "", "url": set_url(aset)})
    return lines


def school_blocks_html(site, org: Organization, from_url: str) -> str:
    """The assessment part of a school's page ('' when no assessment set mentions it)."""
    blocks = [school_block(a, org) for a in site.catalogue.assessments if org.id in a.schools]
    if not blocks:
        return ""
    return render("school_assessment.html", blocks=blocks, rel=lambda to: rel(from_url, to), **_context(site))


def pages(site) -> list:
    """Every assessment page: the index, a district overview per package, a page per procedure and year."""
    found = [index_page(site)]
    for aset in site.catalogue.assessments:
        found.append(district_page(site, aset))
        found.extend(procedure_page(site, aset, p, y) for p, y in aset.procedure_years())
    return found


def set_files(aset: AssessmentSet) -> list:
    """The downloads of one assessment package: ZIP, each CSV, the descriptor."""
    return package_assets(set_url(aset), aset.id, Path(aset.directory), aset.resources)


def files(site) -> list:
    """Every assessment download of every package."""
    return [asset for aset in site.catalogue.assessments for asset in set_files(aset)]
