"""The page of an indicator: its plan and facts as a sentence, a plotly figure and a table."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from roadmaps.attainment import Facts, split_facts
from roadmaps.data.model import (
    Indicator,
    Roadmap,
)
from roadmaps.site import figures
from roadmaps.site.context import SiteData
from roadmaps.site.outputs import Page, page, source
from roadmaps.site.templates import render, ru_number
from roadmaps.site.urls import edit_url, indicator_url, rel


def indicator_sentence(r: Roadmap, ind: Indicator, facts: Facts | None = None) -> str:
    """The indicator in words: the document's last value (its own series, :func:`split_facts`), the plan; where
    the facts are separate organisations' values, how many and for which years — never one of them as the
    indicator's value."""
    facts = split_facts(r.measurements_of(ind.id), r.issuer) if facts is None else facts
    targets = [t for t in r.targets_of(ind.id)]
    unit = f" {ind.unit}" if ind.unit and ind.unit != "%" else ("%" if ind.unit == "%" else "")
    if not targets and not facts.own and not facts.others:
        return "В документе для этого показателя не указано ни плановых, ни фактических значений."
    parts = []
    if facts.own:
        last = facts.own[-1]
        parts.append(f"По данным документа, в {last.year} году значение составляло {ru_number(last.value)}{unit}.")
    elif facts.others:
        parts.append("Общего значения показателя в документе нет.")
    else:
        parts.append("Фактических значений в документе нет.")
    for t in targets:
        word = {">=": "не менее", "<=": "не более", "=": ""}.get(t.comparator, "")
        when = f"к {t.year} году" if t.year else "(год в документе не указан)"
        parts.append(f"План: {word} {ru_number(t.value)}{unit} {when}.".replace("  ", " "))
    if facts.own and targets:
        parts.append("Новых измерений после утверждения документа пока не опубликовано.")
    if facts.others:
        years = sorted({m.year for m in facts.others})
        span = f"{years[0]} год" if len(years) == 1 else f"{years[0]}–{years[-1]} годы"
        parts.append(f"Значения по отдельным организациям (их {len(facts.organizations)}) за {span} — "
                     "на графике точками и в таблице ниже.")
    return " ".join(parts)


def figure_json(r: Roadmap, ind: Indicator, labels: Mapping[str, str] | None = None,
                facts: Facts | None = None) -> str | None:
    """Plotly figure JSON (data + layout) for an indicator, or None when there are no numbers.

    Written as a plain dict, key for key what ``plotly.graph_objects.Figure.to_json()`` gives for
    the same bar (plan) and scatter (fact) traces: building Figure objects costs far more.
    """
    figure = figure_dict(r, ind, labels, facts)
    return None if figure is None else figures.figure_json(figure)


def figure_dict(r: Roadmap, ind: Indicator, labels: Mapping[str, str] | None = None,
                facts: Facts | None = None) -> dict[str, Any] | None:
    """The plan as bars, the document's own series as a dotted line with its values, and separate
    organisations' values (``labels``: their names by id) as points without a line: a school's value is not a
    point of the district's series.  ``facts``: the indicator's facts already split (:func:`split_facts`)."""
    targets = sorted((t for t in r.targets_of(ind.id) if t.year), key=lambda t: t.year)
    facts = split_facts(r.measurements_of(ind.id), r.issuer) if facts is None else facts
    if not targets and not facts.own and not facts.others:
        return None
    labels = labels or {}
    data: list[dict[str, Any]] = []
    if targets:
        data.append({"hovertemplate": "План, %{x}: %{y}<extra></extra>", "marker": {"pattern": {"shape": "/"}},
                     "name": "План", "x": [str(t.year) for t in targets], "y": [t.value for t in targets],
                     "type": "bar"})
    if facts.others:
        data.append({"hovertemplate": "%{hovertext}, %{x}: %{y}<extra></extra>",
                     "hovertext": [labels.get(m.scope) or m.scope for m in facts.others],
                     "marker": {"opacity": 0.5, "size": 7}, "mode": "markers", "name": "Организации",
                     "x": [str(m.year) for m in facts.others], "y": [m.value for m in facts.others],
                     "type": "scatter"})
    if facts.own:
        data.append({"hovertemplate": "Факт, %{x}: %{y}<extra></extra>", "line": {"dash": "dot"},
                     "marker": {"size": 12, "symbol": "diamond"}, "mode": "lines+markers+text", "name": "Факт",
                     "text": [ru_number(m.value) for m in facts.own], "textposition": "top center",
                     "x": [str(m.year) for m in facts.own], "y": [m.value for m in facts.own], "type": "scatter"})
    layout = {"template": {"data": {"scatter": [{"type": "scatter"}]}},
              "margin": {"l": 48, "r": 16, "t": 16, "b": 40},
              "xaxis": {"title": {"text": "Год"}, "type": "category"},
              "yaxis": {"title": {"text": ind.unit or "значение"}, "rangemode": "tozero"},
              "legend": {"orientation": "h", "y": -0.25}, "height": 320, "separators": ", "}
    return {"data": data, "layout": layout}


def fact_years(facts: list) -> list[tuple[int, str, list]]:
    """The facts by year, as the page lists them: (year, the source all of that year's facts share or "",
    [(value as shown, fact)]).  A region's indicator has a fact per school and year, read from one report a year:
    its name once under the year, not after each of the hundreds of sentences."""
    by_year: dict[int, list] = {}
    for m in facts:
        by_year.setdefault(m.year, []).append((f"{ru_number(m.value)} {m.unit}".rstrip(), m))
    years = []
    for year, items in by_year.items():
        sources = {m.source for _, m in items}
        years.append((year, sources.pop() if len(sources) == 1 else "", items))
    return years


def indicator_page(site: SiteData, r: Roadmap, ind: Indicator) -> Page:
    return page(f"{indicator_url(r, ind)}index.md", ind.title, partial(indicator_body, site, r, ind),
                description=f"Показатель дорожной карты «{r.title}»", sources=frozenset({source("roadmap", r.id)}))


def indicator_body(site: SiteData, r: Roadmap, ind: Indicator) -> str:
    url = indicator_url(r, ind)
    facts = split_facts(r.measurements_of(ind.id), r.issuer)
    organizations = site.catalogue.organizations
    labels = {oid: organizations[oid].label for oid in facts.organizations if oid in organizations}
    fig = figure_json(r, ind, labels, facts)
    targets = sorted(r.targets_of(ind.id), key=lambda t: (t.year or 0))
    rows = year_rows(targets, facts)
    caption = figure_caption(any(t for _, t, _, _ in rows), any(m for _, _, m, _ in rows), bool(facts.others))
    return render("indicator.html", r=r, ind=ind, url=url, rel=lambda to: rel(url, to), figure=fig,
                  figure_id=f"fig-{ind.id}", rows=rows, targets=targets, caption=caption,
                  others=bool(facts.others), fact_years=fact_years(sorted(r.measurements_of(ind.id), key=lambda m: m.year)),
                  sentence=indicator_sentence(r, ind, facts), edit_url=edit_url(site, r, "indicators.csv"))


def figure_caption(plan: bool, fact: bool, others: bool) -> str:
    """What the chart's marks are, in words: the plan's bars, the document's line, the organisations' points."""
    if plan:
        text = "Плановые значения — столбцы со штриховкой" + (", фактические — ромбы с пунктирной линией" if fact else "")
    else:
        text = "Фактические значения — ромбы с пунктирной линией" if fact else ""
    if others:
        text += (", значения" if text else "Значения") + " отдельных организаций — точки без линии"
    return text + ". Числа — в таблице."


def year_rows(targets: list, facts: Facts) -> list[tuple[int, Any, Any, tuple[int, float, float] | None]]:
    """The table by year: (year, the plan, the document's value, the separate organisations' values as
    (how many organisations, the least, the greatest) or None).  The first plan and value of a year count, in
    document order."""
    target_of: dict[int, Any] = {}
    fact_of: dict[int, Any] = {}
    for t in targets:
        if t.year:
            target_of.setdefault(t.year, t)
    for m in facts.own:
        fact_of.setdefault(m.year, m)
    others: dict[int, list] = {}
    for m in facts.others:
        others.setdefault(m.year, []).append(m)
    spread = {year: (len({m.scope for m in items}), min(m.value for m in items), max(m.value for m in items))
              for year, items in others.items()}
    return [(y, target_of.get(y), fact_of.get(y), spread.get(y))
            for y in sorted(target_of.keys() | fact_of.keys() | spread.keys())]
