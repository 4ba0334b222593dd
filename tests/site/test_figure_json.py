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


def plotly_figure_json(r, ind) -> str | None:
    """The reference: the figure built with plotly.graph_objects, as the site did before."""
    targets = sorted((t for t in r.targets_of(ind.id) if t.year), key=lambda t: t.year)
    facts = sorted(r.measurements_of(ind.id), key=lambda m: m.year)
    if not targets and not facts:
        return None
    fig = go.Figure()
    if targets:
        fig.add_bar(x=[str(t.year) for t in targets], y=[t.value for t in targets], name="План",
                    marker={"pattern": {"shape": "/"}}, hovertemplate="План, %{x}: %{y}<extra></extra>")
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
    """Just what a chart reads: plan and fact values of one indicator."""

    def __init__(self, targets, facts):
        self.targets, self.facts = targets, facts

    def targets_of(self, _id):
        return self.targets

    def measurements_of(self, _id):
        return self.facts


@pytest.mark.parametrize("unit", ["%", "чел.", "<доля>", None])
def test_plan_and_fact_together(unit):
    targets = [SimpleNamespace(year=2025, value=90.5), SimpleNamespace(year=2024, value=80),
               SimpleNamespace(year=None, value=1)]
    facts = [SimpleNamespace(year=2023, value=75.25), SimpleNamespace(year=2022, value=70)]
    r, ind = FakeRoadmap(targets, facts), SimpleNamespace(id="i1", unit=unit)
    assert len(figure_dict(r, ind)["data"]) == 2
    assert figure_json(r, ind) == plotly_figure_json(r, ind)
    assert figure_json(FakeRoadmap([], facts), ind) == plotly_figure_json(FakeRoadmap([], facts), ind)
    assert figure_json(FakeRoadmap([], []), ind) is None
