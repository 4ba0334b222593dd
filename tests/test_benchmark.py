"""benchmarks/run.py end to end on a tiny generated region: every step runs and every figure is printed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_benchmark_measures_a_tiny_region(tmp_path):
    out = tmp_path / "results.json"
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--scales", "0.01", "--no-shipped",
                             "--regions", str(tmp_path / "regions"), "--output", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    (region,) = json.loads(out.read_text(encoding="utf-8"))["results"]
    assert region["counts"]["roadmaps"] == 2 and region["counts"]["activities"] > 0
    for step in ("validate", "build", "pagefind"):
        assert region[step]["rc"] == 0 and region[step]["seconds"] > 0
    build = region["build"]
    if "tree_peak_pss_mb" in build:  # Linux: the whole process tree is sampled
        assert build["tree_peak_rss_mb"] >= build["tree_peak_pss_mb"] > 10
    site = region["site"]
    assert site["pages"] > 10 and site["search_bytes"] > 0 and site["roadmap_before_charts_gzip"] > 0
    for row in ("validate + build", "build, all processes (PSS)", "search bytes before 1st result"):
        assert row in result.stdout
    assert Path(region["data"]) == tmp_path / "regions" / "region-0.01"  # generated apart from data/
