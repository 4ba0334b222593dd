"""Indicator charts: the figure JSON written as a dict is what plotly's Figure gives for the same traces."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import plotly.graph_objects as go
import pytest

from roadmaps.data.load import load_tree
from roadmaps.data.model import build_catalogue
from roadmaps.site.figures import plotly_text
from roadmaps.site.indicator import figure_dict, figure_json
from roadmaps.site.templates import ru_number

ROOT = Path(__file__).resolve().parents[2]


def plotly_figure_json(r, ind, labels=None) -> str | None:
    """The reference: the figure built with plotly.graph_objects, as the site did before; the values of
    separate organisations as points, the document's own series as the line (split here by hand)."""
    targets = sorted((t for t in r.targets_of(ind.id) if t.year), key=lambda t: t.year)
    every = sorted(r.measurements_of(ind.id), key=lambda m: m.year)
    several = len({m.scope for m in every}) > 1
    facts = [m for m in every if not several or m.scope in ("", r.issuer)]
    others = [m for m in every if several and m.scope not in ("", r.issuer)]
    if not targets and not every:
        return None
    fig = go.Figure()
    if targets:
        fig.add_bar(x=[str(t.year) for t in targets], y=[t.value for t in targets], name="План",
                    marker={"pattern": {"shape": "/"}}, hovertemplate="План, %{x}: %{y}<extra></extra>")
    if others:
        fig.add_scatter(x=[str(m.year) for m in others], y=[m.value for m in others], name="Организации",
                        mode="markers", hovertext=[plotly_text((labels or {}).get(m.scope) or m.scope) for m in others],
                        marker={"size": 7, "opacity": 0.5}, hovertemplate="%{hovertext}, %{x}: %{y}<extra></extra>")
    if facts:
        fig.add_scatter(x=[str(m.year) for m in facts], y=[m.value for m in facts], name="Факт",
                        mode="lines+markers+text", text=[ru_number(m.value) for m in facts],
                        textposition="top center", marker={"symbol": "diamond", "size": 12},
                        line={"dash": "dot"}, hovertemplate="Факт, %{x}: %{y}<extra></extra>")
    fig.update_layout(template="none", margin={"l": 48, "r": 16, "t": 16, "b": 40}, height=320,
                      xaxis={"type": "category", "title": {"text": "Год"}},
                      yaxis={"title": {"text": plotly_text(ind.unit or "значение")}, "rangemode": "tozero"},
                      legend={"orientation": "h", "y": -0.25}, separators=", ")
    data = json.loads(fig.to_json())
    return json.dumps({"data": data["data"], "layout": data["layout"]}, ensure_ascii=False).replace("<", "\\u003c")


def indicators():
    catalogue = build_catalogue(load_tree(ROOT / "data"))
    return [(r, ind) for r in catalogue.roadmaps for ind in r.indicators]


@pytest.mark.parametrize(("r", "ind"), indicators(), ids=lambda x: getattr(x, "id", ""))
def test_figure_json_is_plotly_figure_json(r, ind):
    assert figure_json(r, ind) == plotly_figure_json(r, ind)


class FakeRoadmap:
    """Just what a chart reads: plan and fact values of one indicator, who approved the road map."""

    def __init__(self, targets, facts, issuer="uo"):
        self.targets, self.facts, self.issuer = targets, facts, issuer

    def targets_of(self, _id):
        return self.targets

    def measurements_of(self, _id):
        return self.facts


@pytest.mark.parametrize("unit", ["%", "чел.", "<доля>", None])
def test_plan_and_fact_together(unit):
    targets = [SimpleNamespace(year=2025, value=90.5), SimpleNamespace(year=2024, value=80),
               SimpleNamespace(year=None, value=1)]
    facts = [SimpleNamespace(year=2023, value=75.25, scope="uo"), SimpleNamespace(year=2022, value=70, scope="uo")]
    r, ind = FakeRoadmap(targets, facts), SimpleNamespace(id="i1", unit=unit)
    assert len(figure_dict(r, ind)["data"]) == 2
    assert figure_json(r, ind) == plotly_figure_json(r, ind)
    assert figure_json(FakeRoadmap([], facts), ind) == plotly_figure_json(FakeRoadmap([], facts), ind)
    assert figure_json(FakeRoadmap([], []), ind) is None


def test_separate_organisations_are_points_not_the_line():
    """A value per school and year (the shape of a region's monitoring): the schools' values are points, named
    in the hover; the line is the document's own series only, never one school's value."""
    targets = [SimpleNamespace(year=2022, value=60), SimpleNamespace(year=2023, value=65)]
    facts = [SimpleNamespace(year=2022, value=v, scope=s) for v, s in ((10, "sch-1"), (90, "sch-2"), (55, "uo"))]
    facts += [SimpleNamespace(year=2023, value=v, scope=s) for v, s in ((20, "sch-1"), (95, "sch-2"))]
    r, ind = FakeRoadmap(targets, facts), SimpleNamespace(id="i1", unit="%")
    labels = {"sch-1": "СОШ № 1 <b>", "sch-2": "Гимназия № 2"}
    figure = figure_dict(r, ind, labels)
    plan, schools, line = figure["data"]
    assert schools["mode"] == "markers" and "text" not in schools
    assert schools["y"] == [10, 90, 20, 95] and schools["hovertext"] == ["СОШ № 1 <b>", "Гимназия № 2"] * 2
    assert line["name"] == "Факт" and line["x"] == ["2022"] and line["y"] == [55]
    assert figure_json(r, ind, labels) == plotly_figure_json(r, ind, labels)
    # the schools alone: points, no line; an organisation not in the registry is named by its id
    alone = FakeRoadmap(targets, [f for f in facts if f.scope != "uo"])
    assert [t["name"] for t in figure_dict(alone, ind, {})["data"]] == ["План", "Организации"]
    assert figure_dict(alone, ind, {})["data"][1]["hovertext"][0] == "sch-1"
    assert figure_json(alone, ind) == plotly_figure_json(alone, ind)
    # one organisation only (a district's own figures, as in the shipped documents): its values are the line
    one = FakeRoadmap(targets, [f for f in facts if f.scope == "sch-1"])
    assert [t["name"] for t in figure_dict(one, ind)["data"]] == ["План", "Факт"]
