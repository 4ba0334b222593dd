"""The page of an indicator: its plan and facts as a sentence, a plotly figure and a table."""

from __future__ import annotations

from functools import partial
from typing import Any

from roadmaps.data.model import (
    Indicator,
    Roadmap,
)
from roadmaps.site import figures
from roadmaps.site.context import SiteData
from roadmaps.site.outputs import Page, page, source
from roadmaps.site.templates import render, ru_number
from roadmaps.site.urls import edit_url, indicator_url, rel


def indicator_sentence(r: Roadmap, ind: Indicator) -> str:
    targets = [t for t in r.targets_of(ind.id)]
    facts = sorted(r.measurements_of(ind.id), key=lambda m: m.year)
    unit = f" {ind.unit}" if ind.unit and ind.unit != "%" else ("%" if ind.unit == "%" else "")
    if not targets and not facts:
        return "В документе для этого показателя не указано ни плановых, ни фактических значений."
    parts = []
    if facts:
        last = facts[-1]
        parts.append(f"По данным документа, в {last.year} году значение составляло {ru_number(last.value)}{unit}.")
    else:
        parts.append("Фактических значений в документе нет.")
    for t in targets:
        word = {">=": "не менее", "<=": "не более", "=": ""}.get(t.comparator, "")
        when = f"к {t.year} году" if t.year else "(год в документе не указан)"
        parts.append(f"План: {word} {ru_number(t.value)}{unit} {when}.".replace("  ", " "))
    if facts and targets:
        parts.append("Новых измерений после утверждения документа пока не опубликовано.")
    return " ".join(parts)


def figure_json(r: Roadmap, ind: Indicator) -> str | None:
    """Plotly figure JSON (data + layout) for an indicator, or None when there are no numbers.

    Written as a plain dict, key for key what ``plotly.graph_objects.Figure.to_json()`` gives for
    the same bar (plan) and scatter (fact) traces: building Figure objects costs far more.
    """
    figure = figure_dict(r, ind)
    return None if figure is None else figures.figure_json(figure)


def figure_dict(r: Roadmap, ind: Indicator) -> dict[str, Any] | None:
    targets = sorted((t for t in r.targets_of(ind.id) if t.year), key=lambda t: t.year)
    facts = sorted(r.measurements_of(ind.id), key=lambda m: m.year)
    if not targets and not facts:
        return None
    data: list[dict[str, Any]] = []
    if targets:
        data.append({"hovertemplate": "План, %{x}: %{y}<extra></extra>", "marker": {"pattern": {"shape": "/"}},
                     "name": "План", "x": [str(t.year) for t in targets], "y": [t.value for t in targets],
                     "type": "bar"})
    if facts:
        data.append({"hovertemplate": "Факт, %{x}: %{y}<extra></extra>", "line": {"dash": "dot"},
                     "marker": {"size": 12, "symbol": "diamond"}, "mode": "lines+markers+text", "name": "Факт",
                     "text": [ru_number(m.value) for m in facts], "textposition": "top center",
                     "x": [str(m.year) for m in facts], "y": [m.value for m in facts], "type": "scatter"})
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
    fig = figure_json(r, ind)
    targets = sorted(r.targets_of(ind.id), key=lambda t: (t.year or 0))
    facts = sorted(r.measurements_of(ind.id), key=lambda m: m.year)
    target_of: dict[int, Any] = {}
    fact_of: dict[int, Any] = {}
    for t in targets:
        if t.year:
            target_of.setdefault(t.year, t)  # the first of a year, in document order
    for m in facts:
        fact_of.setdefault(m.year, m)
    rows = [(y, target_of.get(y), fact_of.get(y)) for y in sorted(target_of.keys() | fact_of.keys())]
    return render("indicator.html", r=r, ind=ind, url=url, rel=lambda to: rel(url, to), figure=fig,
                  figure_id=f"fig-{ind.id}", rows=rows, targets=targets,
                  fact_years=fact_years(facts), sentence=indicator_sentence(r, ind), edit_url=edit_url(site, r, "indicators.csv"))
