"""Class 6: text that plotly.js would draw as markup.  Every text reaching a figure is escaped for plotly.js:
a unit or a school's name with <a href>, <b>, <span style> shows as those characters, never as a link."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from conftest import PACKAGE

from roadmaps.assessments.model import build_assessment_set
from roadmaps.assessments.pages import school_block
from roadmaps.data.load import load_tree
from roadmaps.data.model import build_catalogue
from roadmaps.data.tables import csv_text
from roadmaps.demo import write_demo
from roadmaps.site.figures import escape_figure, plotly_text
from roadmaps.site.indicator import figure_json
from roadmaps.validation.validate import validate_tree

MARKUP = '<a href="https://evil.example/">клик</a> <b>жирно</b> <span style="font-size:99px">x</span> &lt;'


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() if k != "hovertemplate" for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _set(path: Path, row: int, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[row][rows[0].index(column)] = value
    path.write_text(csv_text(rows), encoding="utf-8")


def test_an_indicator_unit_is_text_in_its_chart(data):
    _set(data / "roadmaps" / PACKAGE / "indicators.csv", 1, "unit", MARKUP)
    _set(data / "roadmaps" / PACKAGE / "measurements.csv", 1, "unit", MARKUP)
    assert validate_tree(data).ok
    [roadmap] = build_catalogue(load_tree(data)).roadmaps
    figure = json.loads(figure_json(roadmap, roadmap.indicators[0]))
    texts = _strings(figure)
    assert not [t for t in texts if "<" in t or ">" in t]
    assert figure["layout"]["yaxis"]["title"]["text"] == plotly_text(MARKUP)


def test_a_school_name_is_text_in_its_chart(tmp_path):
    shipped = tmp_path / "demo"
    write_demo(shipped)  # the demonstration set has results by school
    registry = shipped / "organizations" / "organizations.csv"
    with registry.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    [pkg] = load_tree(shipped).assessments
    school = next(r.get("school") for r in pkg.rows("results") if r.get("school"))
    index = next(i for i, row in enumerate(rows) if row[0] == school)
    rows[index][rows[0].index("short_name")] = MARKUP
    registry.write_text(csv_text(rows), encoding="utf-8")
    tree = load_tree(shipped)
    catalogue = build_catalogue(tree)
    block = school_block(build_assessment_set(tree.assessments[0]), catalogue.organizations[school])
    figures = [json.loads(g["figure"]) for g in block["groups"] if g["figure"]]
    assert figures
    for figure in figures:
        assert not [t for t in _strings(figure) if "<" in t or ">" in t]
        for trace in figure["data"]:
            extra = trace["hovertemplate"].split("<extra>")[1].removesuffix("</extra>")
            assert "<" not in extra


def test_every_text_key_is_escaped_wherever_it_is():
    figure = {"data": [{"name": MARKUP, "text": [MARKUP, 1], "hovertext": MARKUP, "type": "bar",
                        "legendgrouptitle": {"text": MARKUP}}],
              "layout": {"title": MARKUP, "xaxis": {"title": {"text": MARKUP}, "ticktext": [MARKUP]},
                         "annotations": [{"text": MARKUP}]}}
    escaped = escape_figure(figure)
    assert not [t for t in _strings(escaped) if "<" in t]
    assert escaped["data"][0]["type"] == "bar" and escaped["data"][0]["text"][1] == 1
