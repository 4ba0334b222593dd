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
    realistic, uniform = json.loads(out.read_text(encoding="utf-8"))["results"]  # both profiles
    assert (realistic["profile"], uniform["profile"]) == ("realistic", "uniform")
    assert Path(uniform["data"]) == tmp_path / "regions" / "region-uniform-0.01"
    assert (Path(realistic["data"]) / "assessments").is_dir()  # the realistic profile has assessment packages
    region = realistic
    assert region["counts"]["roadmaps"] == 2 and region["counts"]["activities"] > 0
    for step in ("validate", "build", "pagefind"):
        assert region[step]["rc"] == 0 and region[step]["seconds"] > 0
    build = region["build"]
    if "tree_peak_pss_mb" in build:  # Linux: the whole process tree is sampled
        assert build["tree_peak_rss_mb"] >= build["tree_peak_pss_mb"] > 10
    site = region["site"]
    assert site["pages"] > 10 and site["search_bytes"] > 0 and site["roadmap_before_charts_gzip"] > 0
    for row in ("validate + build", "build, all processes (PSS)", "search bytes before 1st result",
                "rebuild, one activity edited", "files"):
        assert row in result.stdout
    # the rebuilds with the first build's caches: nothing rendered when nothing changed, a part after an edit
    assert region["rebuild_same"]["rc"] == 0 and region["rebuild_same"]["bodies_rendered"] == 0
    assert 0 < region["rebuild_edit"]["bodies_rendered"] < region["build"]["bodies_rendered"]
    data = Path(region["data"])
    assert not [p for p in data.rglob("activities.csv") if "уточнено" in p.read_text(encoding="utf-8")]  # restored
    assert Path(region["data"]) == tmp_path / "regions" / "region-0.01"  # generated apart from data/


def test_the_realistic_profile_is_shaped_like_real_regions(tmp_path):
    """Skewed road-map sizes, texts of the real documents, short school names shared across districts, marks
    for about 40 % of activities over several quarters, an assessment package per district."""
    import csv

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    made = generate(0.1, tmp_path / "region")
    root = Path(made["out"])
    sizes, texts, marked, periods = [], set(), 0, set()
    for package in sorted((root / "roadmaps").iterdir()):
        with (package / "activities.csv").open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        sizes.append(len(rows))
        texts.update(r["text"].split("\n")[0] for r in rows)
        with (package / "progress.csv").open(encoding="utf-8") as fh:
            marks = list(csv.DictReader(fh))
        marked += len({m["activity"] for m in marks})
        periods.update(m["period"] for m in marks)
    assert min(sizes) >= 40 and max(sizes) <= 400 and max(sizes) >= 3 * sorted(sizes)[len(sizes) // 2]
    seeds = set()
    for path in (ROOT / "data" / "roadmaps").glob("*/activities.csv"):
        with path.open(encoding="utf-8") as fh:
            seeds.update(r["text"] for r in csv.DictReader(fh))
    assert len(texts & seeds) > 50  # recombined from the real documents
    assert 0.3 < marked / sum(sizes) < 0.5 and len(periods) >= 8
    with (root / "organizations" / "organizations.csv").open(encoding="utf-8") as fh:
        schools = [r for r in csv.DictReader(fh) if r["kind"] == "школа"]
    shorts = [s["short_name"] for s in schools]
    from collections import Counter
    assert len(set(shorts)) < 0.75 * len(shorts) and Counter(shorts).most_common(1)[0][1] >= 3  # «СОШ № 12» repeats
    districts = {s["district"] for s in schools}
    assert len(list((root / "assessments").iterdir())) == len(districts) >= 4
