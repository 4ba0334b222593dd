"""Class 6: a package larger than its pages can show.  A road map of 100 000 activities (an export that dragged
Excel's rows along) validated into a page of 165 MB; it is refused by `roadmaps validate` — and so by the build —
naming the table and the first row beyond the limit, and nothing is written."""

from __future__ import annotations

import subprocess
import sys

from conftest import PACKAGE, ROOT, codes, run, snapshot

from roadmaps.checks.sizes import LIMITS


def test_a_road_map_of_more_activities_than_a_page_shows_is_refused(data, tmp_path, capsys):
    table = data / "roadmaps" / PACKAGE / "activities.csv"
    limit = LIMITS["activities"]
    lines = table.read_text(encoding="utf-8").splitlines()
    rows = [f"a{n},s1,1.{n},,Мероприятие {n},Ежегодно: март,Школа,test-school,,," for n in range(1, limit + 2)]
    table.write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    code, printed = run(["validate", "--data", str(data)], capsys)
    assert code == 1 and codes(printed) == ["table-too-large"], printed[-2000:]
    assert f"activities.csv:{limit + 2}:" in printed and f"строк в таблице: {limit + 1}" in printed and str(limit) in printed

    before = snapshot(tmp_path)
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                          cwd=ROOT, capture_output=True, text=True, timeout=600,
                          env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "ROADMAPS_DATA": str(data),
                               "ROADMAPS_NO_SEARCH": "1", "ROADMAPS_CACHE_DIR": "off", "HOME": str(tmp_path)})
    assert done.returncode != 0 and "table-too-large" in done.stderr and "Traceback" not in done.stderr
    assert snapshot(tmp_path) == before


def test_a_road_map_of_a_few_hundred_activities_is_accepted(data, capsys):
    table = data / "roadmaps" / PACKAGE / "activities.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    rows = [f"a{n},s1,1.{n},,Мероприятие {n},Ежегодно: март,Школа,test-school,,," for n in range(1, 200)]
    table.write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    code, printed = run(["validate", "--data", str(data)], capsys)
    assert code == 0 and "table-too-large" not in printed, printed[-2000:]
