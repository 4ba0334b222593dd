"""Class 5: whatever `roadmaps validate` accepts, `mkdocs build` builds.

Word's manual line and page breaks (U+000B, U+000C) pasted into a text are refused by validation
(``illegal-character``: the workbooks and feeds of the build cannot hold them).  The property: generated texts
put into every free-text field of a small package either fail validation, or go through every function the
build renders with — pages, organisation bodies, the macros of the hand-written pages, every download job
(workbooks, ZIP, CSV, calendars, open data).  One real `mkdocs build --strict` of a batch of hostile texts that
validate closes the loop.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from conftest import GOOD, PACKAGE, ROOT, codes, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roadmaps.data.tables import csv_text
from roadmaps.downloads.jobs import site_jobs
from roadmaps.site.context import load_site_data, set_current
from roadmaps.site.kinds import iter_pages, writer_bodies
from roadmaps.validation.validate import validate_tree

# (file, column, row) of the free-text cells the property fills; row 1 is the first record
FIELDS = [("activities.csv", "text", 1), ("activities.csv", "deadline", 1), ("activities.csv", "responsible", 1),
          ("activities.csv", "result", 2), ("activities.csv", "note", 1), ("sections.csv", "title", 1),
          ("indicators.csv", "title", 1), ("indicators.csv", "unit", 2), ("control_points.csv", "text", 1),
          ("control_points.csv", "deadline", 1), ("progress.csv", "comment", 1), ("measurements.csv", "quote", 1),
          ("targets.csv", "text", 1)]
REGISTRY = [("name", 1), ("short_name", 2)]
HOSTILE = list("<>&\"'`{}%|$#*_[]()!\\=+-@;,\n\r\t\u2028\u2029\u200b\u202e\u0085\u00a0\u0301ё№«»—")
# control characters other than line breaks and tabs are refused by validation (tested below): not generated here
TEXT = st.text(st.one_of(st.sampled_from(HOSTILE), st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))),
               min_size=1, max_size=30)


def _set_cells(path: Path, cells: list[tuple[str, int, str]]) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    for column, row, value in cells:
        rows[row][rows[0].index(column)] = value
    path.write_text(csv_text(rows), encoding="utf-8")


def fill(data: Path, texts: list[str], title: str, registry: list[str]) -> None:
    package = data / "roadmaps" / PACKAGE
    by_file: dict[str, list[tuple[str, int, str]]] = {}
    for (file, column, row), text in zip(FIELDS, texts, strict=True):
        by_file.setdefault(file, []).append((column, row, text))
    for file, cells in by_file.items():
        _set_cells(package / file, cells)
    _set_cells(data / "organizations" / "organizations.csv",
               [(column, row, text) for (column, row), text in zip(REGISTRY, registry, strict=True)])
    descriptor = package / "datapackage.yaml"
    text = descriptor.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("title:"))
    escaped = "".join(f"\\u{ord(c):04x}" if not c.isalnum() and c != " " else c for c in title)
    descriptor.write_text(text.replace(line, f'title: "{escaped}"', 1), encoding="utf-8")


def build_everything(data: Path) -> int:
    """Every render function the build calls, on the data of ``data``; the number of files made."""
    site = load_site_data(data)
    set_current(site)
    made = 0
    for page in iter_pages(site):
        assert page.html is not None and page.front_matter.startswith("---\n")
        made += 1
    for body in writer_bodies(site).values():
        body()
    for job in site_jobs(site, "https://example.org/roadmaps/", "Открытые дорожные карты", "О сайте"):
        made += len(list(job()))
    from macros.main import define_env  # noqa: PLC0415 - the hand-written pages' macros, as mkdocs-macros loads them

    env = SimpleNamespace(page=None, macros={}, conf={"site_url": "https://example.org/roadmaps/"})
    env.macro = lambda func: env.macros.setdefault(func.__name__, func)
    define_env(env)
    for name, macro in env.macros.items():
        if name != "hosting":
            macro()
    return made


@settings(max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "30")), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(texts=st.lists(TEXT, min_size=len(FIELDS), max_size=len(FIELDS)), title=TEXT,
       registry=st.lists(TEXT, min_size=len(REGISTRY), max_size=len(REGISTRY)))
def test_generated_texts_that_validate_also_build(tmp_path_factory, texts, title, registry):
    data = tmp_path_factory.mktemp("prop") / "data"
    shutil.copytree(GOOD, data)
    fill(data, texts, title, registry)
    report = validate_tree(data)
    if not report.ok:
        return  # refused, with problems of the catalogue: nothing to build
    assert build_everything(data) > 20


META_KEYS = ["goals", "tasks", "expected_results", "notes", "directions", "narrative", "issuer_text",
             "passport_title", "annual_structure_title", "title_printed", "order", "opendata_identifier", "sources",
             "period"]
SCALAR = st.one_of(st.none(), st.booleans(), st.integers(-5, 3000), TEXT, st.dates(), st.just(""),
                   st.just("2617001234-roadmap"))
VALUE = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(["title", "text", "goal", "tasks", "number", "date", "date_text", "name", "position",
                     "signatories", "clauses", "basis", "start", "end", "path", "x"]), inner, max_size=3),
    max_leaves=6)


TEXTS = st.lists(TEXT, max_size=3)
SHAPED = {  # the shape the site reads (roadmaps/checks/shapes.py); mixed below with any YAML at all
    "goals": TEXTS, "tasks": TEXTS, "expected_results": TEXTS, "notes": TEXTS,
    "directions": st.lists(st.fixed_dictionaries({"title": TEXT, "goal": TEXT, "tasks": TEXTS}), max_size=2),
    "narrative": st.lists(st.fixed_dictionaries({"title": TEXT, "text": TEXT}), max_size=2),
    "issuer_text": TEXT, "passport_title": TEXT, "annual_structure_title": TEXT, "title_printed": st.booleans(),
    "order": st.fixed_dictionaries({}, optional={"number": TEXT | st.integers(1, 999), "date": st.dates(),
                                                 "date_text": TEXT, "basis": TEXT, "clauses": TEXTS,
                                                 "signatories": st.lists(st.fixed_dictionaries(
                                                     {"position": TEXT, "name": TEXT}), max_size=2)}),
    "opendata_identifier": st.just("2617001234-roadmap") | TEXT,
    "sources": st.lists(st.fixed_dictionaries({"title": TEXT}), min_size=1, max_size=2),
    "period": st.fixed_dictionaries({"start": st.just(2023), "end": st.just(2025), "text": TEXT}),
}


@settings(max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "30")), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(meta=st.fixed_dictionaries({}, optional={key: SHAPED[key] | SHAPED[key] | SHAPED[key] | VALUE
                                                for key in META_KEYS}))
def test_generated_descriptors_that_validate_also_build(tmp_path_factory, meta):
    """A hand-edited datapackage.yaml can hold any YAML: what validates, builds."""
    data = tmp_path_factory.mktemp("meta") / "data"
    shutil.copytree(GOOD, data)
    path = data / "roadmaps" / PACKAGE / "datapackage.yaml"
    descriptor = yaml.safe_load(path.read_text(encoding="utf-8"))
    resources = descriptor.pop("resources")
    descriptor.update(meta)
    path.write_text(yaml.safe_dump({**descriptor, "resources": resources}, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    if validate_tree(data).ok:
        assert build_everything(data) > 20


@pytest.mark.parametrize(("char", "where"), [("\x0b", "activities"), ("\x0c", "activities"), ("\x0b", "title"),
                                             ("\x01", "registry")])
def test_word_breaks_are_refused_by_validation(data, capsys, char, where):
    if where == "activities":
        _set_cells(data / "roadmaps" / PACKAGE / "activities.csv", [("text", 1, f"строка{char}ещё строка")])
    elif where == "registry":
        _set_cells(data / "organizations" / "organizations.csv", [("name", 1, f"Управление{char}")])
    else:
        fill_title = data / "roadmaps" / PACKAGE / "datapackage.yaml"
        text = fill_title.read_text(encoding="utf-8")
        line = next(x for x in text.splitlines() if x.startswith("title:"))
        fill_title.write_text(text.replace(line, f'title: "Карта\\x{ord(char):02x}"', 1), encoding="utf-8")
    code, printed = run(["validate", "--data", str(data), "--format", "text"], capsys)
    assert (code, codes(printed)) == (1, ["illegal-character"])
    assert f"U+{ord(char):04X}" in printed


HOSTILE_BATCH = ["<script>alert(1)</script>", "{{ config }} {% raw %}", "---\ntitle: x", "a | b | c",
                 "<!-- comment", "=HYPERLINK(\"https://evil.example\",\"клик\")", "строка\u2028строка\u2029",
                 "\u202eобратно", "&amp; &lt; %{y} $x$", "<a href=\"javascript:alert(1)\">a</a>", "\r\n\r\n",
                 "@SUM(1+1)"]


@pytest.mark.slow
def test_a_real_build_of_hostile_texts_that_validate(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(GOOD, data)
    texts = (HOSTILE_BATCH * 2)[: len(FIELDS)]
    fill(data, texts, "<b>Карта</b> {{ x }}", ["<i>Управление</i>", "{% if %}"])
    assert validate_tree(data).ok
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", ROADMAPS_TODAY="2023-03-15", ROADMAPS_DATA=str(data),
               ROADMAPS_NO_SEARCH="1")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    page = (tmp_path / "site" / "karty" / PACKAGE / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
