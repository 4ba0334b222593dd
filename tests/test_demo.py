"""The demo data set: valid, fictional, never the default build, marked on every page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from roadmaps.demo import write_demo
from roadmaps.validation.validate import validate_tree

ROOT = Path(__file__).resolve().parent.parent


def test_demo_data_validates_and_says_it_is_fictional(tmp_path):
    data = write_demo(tmp_path / "demo")
    report = validate_tree(data)
    assert report.errors == []
    titles = [p.descriptor["title"] for p in report.tree.roadmaps]
    assert titles and all("[демонстрация]" in t for t in titles)


def build_demo(tmp_path: Path, today: str, search: bool = False) -> Path:
    """The demo data built into a site «on» the given day; returns the site folder."""
    data = write_demo(tmp_path / "demo")
    out = tmp_path / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", ROADMAPS_DATA=str(data), ROADMAPS_DEMO="1", ROADMAPS_TODAY=today)
    if not search:
        env["ROADMAPS_NO_SEARCH"] = "1"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    return out


@pytest.mark.slow
def test_demo_build_marks_every_page(tmp_path):
    out = build_demo(tmp_path, "2024-10-15", search=True)
    pages = list(out.rglob("*.html"))
    assert pages and [p for p in pages if "Демонстрационная версия" not in p.read_text(encoding="utf-8")] == []
    plan = (out / "karty" / "demo-2024-2026" / "index.html").read_text(encoding="utf-8")
    assert 'data-status="выполнено с нарушением срока"' in plan and 'href="otchety/2024-q1/"' in plan
    assert (out / "karty" / "demo-2024-2026" / "otchety" / "2024-q1" / "index.html").exists()
    # pagefind indexes only pages with data-pagefind-body once any page has it: reports have none (they repeat
    # the road map's activities period by period; a search should lead to the road map)
    reports = list(out.glob("karty/*/otchety/*/index.html"))
    assert reports and [p for p in reports if "data-pagefind-body" in p.read_text(encoding="utf-8")] == []
    assert "data-pagefind-body" in plan
    # pagefind is given a glob that leaves the report pages unread: it must still find every other page
    indexed = [p for p in pages if "data-pagefind-body" in p.read_text(encoding="utf-8")]
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["ru"]["page_count"] == len(indexed) > 20


@pytest.mark.slow
def test_demo_home_lists_overdue_work(tmp_path):
    out = build_demo(tmp_path, "2024-12-15")
    home = (out / "index.html").read_text(encoding="utf-8")
    # s2-02 «Ежегодно: октябрь, апрель» marked «не выполнено» for 2024-Q4: overdue after 31 October 2024
    assert "#s2-02" in home.split("Просрочено", 1)[1]
