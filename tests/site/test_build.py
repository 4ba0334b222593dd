"""The real `mkdocs build --strict` of the shipped data, and of hostile fixture data."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from roadmaps.fast.search import PARTS_FILE

ROOT = Path(__file__).resolve().parents[2]
MKDOCS = [sys.executable, "-m", "mkdocs"]
# what makes a browser fetch something: embedded resources in HTML, url()/@import in CSS, fetch/import in JS
FOREIGN = re.compile(
    r"""<(?:script|img|iframe|source|video|audio|embed|object)\b[^>]*?\b(?:src|href|data)\s*=\s*["']?(?:https?:)?//"""
    r"""|<link\b(?=[^>]*\brel=["']?(?:stylesheet|preload|modulepreload|icon|manifest|prefetch|preconnect))[^>]*?\bhref\s*=\s*["']?(?:https?:)?//"""
    r"""|url\(\s*["']?(?:https?:)?//|@import\s+["'](?:https?:)?//|fetch\(\s*["'](?:https?:)?//""", re.I)


def build(out: Path, data: Path | None = None, search: bool = False, **extra_env: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", ROADMAPS_TODAY="2023-03-15", **extra_env)
    if data is not None:
        env["ROADMAPS_DATA"] = str(data)
    if not search:
        env["ROADMAPS_NO_SEARCH"] = "1"
    return subprocess.run([*MKDOCS, "build", "--strict", "-d", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def shipped_build(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("site")
    result = build(out, search=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return out, result.stderr


@pytest.fixture(scope="module")
def shipped_site(shipped_build) -> Path:
    return shipped_build[0]


@pytest.mark.slow
def test_pages_from_the_theme_frame_equal_the_ordinary_rendering(shipped_build, tmp_path):
    """roadmaps.page_frame fills most generated pages into a frame; a build without it gives the same pages."""
    site, log = shipped_build
    framed = re.search(r"Страницы из рамки темы: (\d+)", log)
    assert framed and int(framed.group(1)) >= 50, log[-2000:]  # the frame is in use
    plain = tmp_path / "plain"
    result = build(plain, ROADMAPS_PAGE_FRAME="0")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Страницы из рамки темы" not in result.stderr
    pages = sorted(p.relative_to(site) for p in site.rglob("*.html"))
    assert pages == sorted(p.relative_to(plain) for p in plain.rglob("*.html"))
    assert [p for p in pages if (site / p).read_bytes() != (plain / p).read_bytes()] == []


def assert_index_as_from_whole_pages(site: Path, scratch: Path) -> None:
    """The build indexes search documents (roadmaps.search_docs); pagefind run on the whole written pages
    must give the same index, file for file and byte for byte."""
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(scratch),
                             "--force-language", "ru", "--silent"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    built, whole = site / "pagefind", scratch
    # beside pagefind's files: the list of the index's parts for the search page (none for a site this size)
    assert json.loads((built / PARTS_FILE).read_text(encoding="utf-8"))["parts"] == []
    files = sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file() and p.name != PARTS_FILE)
    assert files == sorted(p.relative_to(whole) for p in whole.rglob("*") if p.is_file())
    assert len([f for f in files if f.parts[0] == "fragment"]) >= 5  # pages were indexed at all
    assert [f for f in files if (built / f).read_bytes() != (whole / f).read_bytes()] == []


@pytest.mark.slow
def test_search_index_equals_pagefind_on_the_whole_pages(shipped_site, tmp_path):
    assert_index_as_from_whole_pages(shipped_site, tmp_path / "whole")


def test_the_filter_controls_are_not_searched_the_activities_are(shipped_site):
    """A road map's filter lists every responsible body: a search for a school should find where it is named,
    not every road map whose filter offers it."""
    from roadmaps.fast.search import search_document

    page = (shipped_site / "karty" / "neftekumsk-2019-2022" / "index.html").read_text(encoding="utf-8")
    assert "Отбор мероприятий" in page and 'name="responsible"' in page
    document = search_document(page)
    assert "Отбор мероприятий" not in document and 'name="responsible"' not in document
    assert 'id="s1-01"' in document  # the action plan is searched


def test_the_responsible_filter_offers_the_people_a_plan_names(shipped_site):
    """Seed 001 (Seversky) names specialists, not bodies («Кочнева С.А. Седова Е.И.»): the filter offers them,
    and the rows that name a person carry the person's key."""
    page = (shipped_site / "karty" / "seversky-2022-2024" / "index.html").read_text(encoding="utf-8")
    select = re.search(r'<select name="responsible">(.*?)</select>', page, re.S).group(1)
    assert '<optgroup label="Люди">' in select and '<optgroup label="Организации">' in select
    assert '<option value="кочнева-с-а">Кочнева С.А.</option>' in select
    assert '<option value="seversky-schools">' in select
    rows = re.findall(r'data-responsible="([^"]*)"', page)
    assert sum("кочнева-с-а" in r.split() for r in rows) >= 5
    assert any("seversky-schools" in r.split() for r in rows)


@pytest.mark.slow
def test_every_roadmap_indicator_and_organization_has_a_page(shipped_site):
    from roadmaps.data.load import load_tree
    from roadmaps.data.model import build_catalogue
    catalogue = build_catalogue(load_tree(ROOT / "data"))
    missing = []
    for r in catalogue.roadmaps:
        page = shipped_site / "karty" / r.id / "index.html"
        html = page.read_text(encoding="utf-8") if page.exists() else ""
        missing += [f"{r.id}#{a.id}" for a in r.activities if f'id="{a.id}"' not in html]
        missing += [f"{r.id}/{i.id}" for i in r.indicators
                    if not (shipped_site / "karty" / r.id / "pokazateli" / i.id / "index.html").exists()]
        missing += [f"{r.id}/data/{name}.csv" for name in r.resources
                    if not (shipped_site / "karty" / r.id / "data" / f"{name}.csv").exists()]
    missing += [o for o in catalogue.organizations if not (shipped_site / "organizacii" / o / "index.html").exists()]
    assert missing == []


@pytest.mark.slow
def test_built_site_requests_nothing_from_other_hosts(shipped_site):
    offenders = []
    for path in shipped_site.rglob("*"):
        if path.suffix in (".html", ".css") or (path.suffix == ".js" and "vendor" not in path.parts):
            text = path.read_text(encoding="utf-8", errors="replace")
            offenders += [f"{path.relative_to(shipped_site)}: {m.group(0)}" for m in FOREIGN.finditer(text)]
            if "fonts.googleapis" in text or "fonts.gstatic" in text:
                offenders.append(f"{path.relative_to(shipped_site)}: google fonts")
    assert offenders == []


@pytest.mark.slow
def test_search_index_and_chart_bundle_are_self_hosted(shipped_site):
    import plotly.offline
    bundle = (shipped_site / "assets" / "vendor" / "plotly-basic.min.js").read_text(encoding="utf-8")[:200]
    assert f"v{plotly.offline.get_plotlyjs_version()}" in bundle  # matches the installed plotly package
    assert (shipped_site / "pagefind" / "pagefind.js").exists()
    assert list((shipped_site / "pagefind").glob("wasm.ru.pagefind"))


@pytest.mark.slow
def test_seed_002_passport_and_seed_004_second_table_are_published(shipped_site):
    lovozero = (shipped_site / "karty" / "lovozero-2021-2023" / "index.html").read_text(encoding="utf-8")
    assert "Оценка эффективности" in lovozero and 'id="steps"' in lovozero
    gy = (shipped_site / "karty" / "gavrilov-yam-2021-2023" / "index.html").read_text(encoding="utf-8")
    assert "Структура задач и мероприятий (по годам)" in gy and 'id="y26"' in gy


def _hostile_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data" / "organizations", data / "organizations")
    shutil.copytree(ROOT / "data" / "roadmaps" / "neftekumsk-2019-2022", data / "roadmaps" / "neftekumsk-2019-2022")
    path = data / "roadmaps" / "neftekumsk-2019-2022" / "activities.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1][rows[0].index("text")] = ("<script>alert(1)</script> | *звёздочки* <img src=x onerror=alert(2)> "
                                      '<div data-pagefind-ignore> data-pagefind-ignore="all"')
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    orgs = data / "organizations" / "organizations.csv"
    with orgs.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    row = next(r for r in rows if r[0] == HOSTILE_ORG)
    row[rows[0].index("name")] = HOSTILE_NAME
    with orgs.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    return data


HOSTILE_ORG = "cnppm-krasnodar"
HOSTILE_NAME = 'Центр <script>alert(3)</script> & "кавычки"'


@pytest.mark.slow
def test_data_is_escaped_in_pages(tmp_path):
    data = _hostile_copy(tmp_path)
    out = tmp_path / "site"
    private = tmp_path / "tmp"  # the build's own temporary folder: other builds running beside it do not count
    private.mkdir()
    result = build(out, data, search=True, TMPDIR=str(private))
    assert result.returncode == 0, result.stderr[-3000:]
    assert not list(private.glob("roadmaps-search-*"))  # the search documents are removed after use
    # the search documents cut out the same parts pagefind would skip, whatever the data says
    assert_index_as_from_whole_pages(out, tmp_path / "whole")
    html = (out / "karty" / "neftekumsk-2019-2022" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; | *звёздочки*" in html
    # a page title from data: Material prints page.meta.title and description unescaped
    org = (out / "organizacii" / HOSTILE_ORG / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(3)" not in org and '"кавычки"' not in org
    assert "&amp;lt;script" not in org  # escaped once, not twice
    assert org.count("Центр &lt;script&gt;alert(3)&lt;/script&gt; &amp; &quot;кавычки&quot;") >= 2  # title, header


@pytest.mark.slow
def test_invalid_data_stops_the_build_with_the_problem_named(tmp_path):
    data = _hostile_copy(tmp_path)
    bad = data / "roadmaps" / "neftekumsk-2019-2022" / "sections.csv"
    bad.write_bytes("id;number;title;note\ns1;1;Раздел;\n".encode("cp1251"))
    out = tmp_path / "site"
    result = build(out, data)
    assert result.returncode != 0
    assert "sections.csv:2: encoding-not-utf8" in result.stderr
    assert "sections.csv:1: wrong-delimiter" in result.stderr
    assert not (out / "index.html").exists()  # never a half-built site


@pytest.mark.slow
def test_every_internal_link_of_the_built_site_resolves(shipped_site):
    sys.path.insert(0, str(ROOT / "scripts"))
    from check_links import check
    assert check(shipped_site, "/open-roadmaps/") == []


@pytest.mark.slow
def test_properdocs_builds_the_same_site(tmp_path):
    """The escape route from MkDocs/Material end of life: the maintained 1.x fork builds us unchanged."""
    exe = Path(sys.executable).with_name("properdocs")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", ROADMAPS_NO_SEARCH="1")
    result = subprocess.run([str(exe), "build", "--strict", "-d", str(tmp_path / "site")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "site" / "karty" / "seversky-2022-2024" / "index.html").exists()


@pytest.mark.slow
def test_error_code_page_lists_every_code(shipped_site):
    from roadmaps.errors import CATALOGUE
    html = (shipped_site / "oshibki" / "index.html").read_text(encoding="utf-8")
    assert [code for code in CATALOGUE if f'id="{code}"' not in html] == []
    messages = re.findall(r'<td data-label="Сообщение">(.*?)</td>', html, re.S)
    assert len(messages) == len(CATALOGUE)
    # what a message fills in from the data is «…» for the staff who read the page, not «{value}» or «{rows}»
    assert [m for m in messages if "{" in m or "}" in m] == []
    assert any("«…»" in m for m in messages)


@pytest.mark.slow
def test_shipped_build_is_not_a_demo_and_invents_no_marks(shipped_site):
    home = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert "Демонстрационная версия" not in home
    plan = (shipped_site / "karty" / "petrovsky-2023-2025" / "index.html").read_text(encoding="utf-8")
    statuses = re.findall(r'data-status="([^"]+)"', plan)
    assert len(statuses) == 73 and set(statuses) <= {"нет отметки", "не наступил срок"}  # built «on» 2023-03-15
    assert "Отчётов нет" in plan


def test_an_organisation_page_caps_its_mentions_and_counts_the_rest():
    from roadmaps.site.context import load_site_data
    from roadmaps.site.mentions import org_mentions
    from roadmaps.site.organization import MENTIONS_PER_ROADMAP, cap_mentions

    site = load_site_data(ROOT / "data")
    org = site.catalogue.organizations["seversky-imc"]
    mentions = org_mentions(site, org)
    shown, more = cap_mentions(org, mentions, limit=5, total=1000)
    per_roadmap = {}
    for m in shown:
        per_roadmap[m.roadmap.id] = per_roadmap.get(m.roadmap.id, 0) + 1
    assert max(per_roadmap.values()) == 5 and shown == [m for m in mentions if m in shown]
    assert sum(x["count"] for x in more) == len(mentions) - len(shown) > 0
    counts = {}
    for m in mentions:
        counts[m.roadmap.id] = counts.get(m.roadmap.id, 0) + 1
    # what is not shown is counted per road map: everything beyond the first five of each
    assert {x["roadmap"].id: x["count"] for x in more} == {rid: n - 5 for rid, n in counts.items() if n > 5}
    assert cap_mentions(org, mentions) == (mentions, [])  # the shipped pages list everything
    shown, more = cap_mentions(org, mentions, limit=MENTIONS_PER_ROADMAP, total=4)
    assert shown == mentions[:4] and sum(x["count"] for x in more) == len(mentions) - 4
    assert [x["roadmap"].id for x in more] == list(dict.fromkeys(m.roadmap.id for m in mentions[4:]))


@pytest.mark.slow
def test_two_builds_in_separate_processes_are_identical_file_for_file(shipped_site, tmp_path):
    """The same data built again in another process (one CPU this time: no writer process) gives the same
    site: every page, download, feed and search index file, every member of every ZIP and XLSX."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from compare_sites import compare

    again = tmp_path / "again"
    result = build(again, search=True, ROADMAPS_JOBS="1")
    assert result.returncode == 0, result.stderr[-3000:]
    assert compare(shipped_site, again) == []


@pytest.fixture(scope="module")
def small_region(tmp_path_factory) -> Path:
    """A generated region at 1 % scale (benchmarks/generate.py): dozens of pages of each kind, in seconds."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    out = tmp_path_factory.mktemp("region") / "data"
    generate(0.01, out)
    return out


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory, small_region) -> tuple[Path, str]:
    """The small region, built with the search index and the theme frame: the fast forms of the two
    equivalence tests below run on it (the slow forms above on the shipped data)."""
    out = tmp_path_factory.mktemp("fixture-site")
    result = build(out, data=small_region, search=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return out, result.stderr


def test_fixture_pages_from_the_frame_equal_the_ordinary_rendering(fixture_build, small_region, tmp_path):
    site, log = fixture_build
    framed = re.search(r"Страницы из рамки темы: (\d+)", log)
    assert framed and int(framed.group(1)) >= 20, log[-2000:]  # the frame is in use
    plain = tmp_path / "plain"
    result = build(plain, data=small_region, ROADMAPS_PAGE_FRAME="0")
    assert result.returncode == 0, result.stderr[-3000:]
    pages = sorted(p.relative_to(site) for p in site.rglob("*.html"))
    assert pages == sorted(p.relative_to(plain) for p in plain.rglob("*.html"))
    assert [p for p in pages if (site / p).read_bytes() != (plain / p).read_bytes()] == []


def test_fixture_search_index_equals_pagefind_on_the_whole_pages(fixture_build, tmp_path):
    assert_index_as_from_whole_pages(fixture_build[0], tmp_path / "whole")


def test_a_value_per_school_is_never_shown_as_the_indicators_own(fixture_build, small_region):
    """The region's monitoring gives a value per school and year.  The indicator's page does not present one
    school's value as the indicator's (its sentence, the «Факт» column, the chart's line): the schools' values
    are points of their own and a column of how many schools and from what to what (counted here from the CSV)."""
    import html as html_lib

    import yaml

    site = fixture_build[0]
    checked = 0
    for measurements in sorted(small_region.glob("roadmaps/*/measurements.csv")):
        package = measurements.parent
        issuer = yaml.safe_load((package / "datapackage.yaml").read_text(encoding="utf-8")).get("issuer", "")
        with measurements.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        for indicator in sorted({r["indicator"] for r in rows if r["indicator"]}):
            facts = [r for r in rows if r["indicator"] == indicator]
            if len({r["scope"] for r in facts}) < 2 or any(r["scope"] in ("", issuer) for r in facts):
                continue
            page = (site / "karty" / package.name / "pokazateli" / indicator / "index.html").read_text("utf-8")
            lead = re.search(r'<p class="rm-lead">(.*?)</p>', page, re.S).group(1)
            assert "значение составляло" not in lead and "Общего значения показателя в документе нет" in lead
            figure = json.loads(html_lib.unescape(re.search(r"data-figure='(.*?)'", page, re.S).group(1)))
            assert [t["name"] for t in figure["data"]] in (["План", "Организации"], ["Организации"])
            assert sorted(figure["data"][-1]["y"]) == sorted(float(r["value"]) for r in facts)
            table = re.search(r'<caption id="cap-values">.*?</table>', page, re.S).group(0)
            for year in sorted({r["year"] for r in facts}):
                values = [float(r["value"]) for r in facts if r["year"] == year]
                row = re.search(rf'<th scope="row"[^>]*>{year}</th>(.*?)</tr>', table, re.S).group(1)
                cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
                assert re.findall(r'data-label="([^"]+)"', row) == ["План", "Факт", "По организациям"]  # a card
                schools = len({r["scope"] for r in facts if r["year"] == year})
                assert cells[1] == "нет данных"
                assert cells[2].startswith(f"{schools}\u00a0") and ru(min(values)) in cells[2] \
                    and ru(max(values)) in cells[2]
            card = (site / "karty" / package.name / "index.html").read_text("utf-8")
            values = re.search(rf'<tr id="{indicator}" .*?<td data-label="Значения">(.*?)</td>', card, re.S).group(1)
            assert f"факт — {len(facts)}\u00a0" in values
            assert f" по {len({r['scope'] for r in facts})}\u00a0организац" in values
            checked += 1
    assert checked >= 5


def ru(value: float) -> str:
    """A number as the pages write it: a decimal comma, no «.0»."""
    return (str(int(value)) if value.is_integer() else repr(value)).replace(".", ",")
