"""Search excerpts show a text as it is written in the data: markup in it stays text, entities stay as typed.

pagefind keeps a page's text as text and escapes only «<» and «>» in an excerpt (not «&»): the page's script
turns back exactly that, so «&amp;» typed in a cell is shown as «&amp;», «<b>» as «<b>», and no tag of the data
ever becomes an element (a build of the small fixture with such a text, served, searched in chromium).
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.browser.conftest import serve

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
GOOD = ROOT / "tests" / "fixtures" / "good" / "data"
TEXT = "Зюзюкинский семинар &amp; &lt;i&gt; <b>жирный</b> AT&T <img src=x onerror=alert(1)> &#x41; итог"


def test_an_excerpt_shows_markup_and_entities_of_the_data_as_typed(browser, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(GOOD, data)
    [activities] = list((data / "roadmaps").glob("*/activities.csv"))
    with activities.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1][rows[0].index("text")] = TEXT
    with activities.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ROADMAPS_DATA": str(data), "ROADMAPS_CACHE_DIR": "off"}
    env.pop("ROADMAPS_NO_SEARCH", None)
    site = tmp_path / "site"
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=ROOT,
                           env=env, capture_output=True, text=True, timeout=600, check=False)
    assert built.returncode == 0, built.stderr[-3000:]
    server = serve(site)
    url = next(server)
    context = browser.new_context(locale="ru-RU")
    try:
        page = context.new_page()
        page.goto(url + "/poisk/")
        field = page.locator("#rm-search input")
        field.fill("зюзюкинский")
        field.press("End")
        page.wait_for_function("""() => document.querySelectorAll("#rm-search .rm-search-excerpt mark").length > 0""",
                               timeout=20_000)
        shown = page.eval_on_selector_all(
            "#rm-search .rm-search-excerpt",
            "nodes => nodes.map(n => ({text: n.textContent, tags: [...n.querySelectorAll('*')].map(e => e.localName)}))")
    finally:
        context.close()
        server.close()
    hit = [s for s in shown if "семинар" in s["text"]]
    assert hit, shown
    for excerpt in hit:
        assert set(excerpt["tags"]) <= {"mark"}, excerpt  # no element from the data
        text = " ".join(excerpt["text"].split())
        assert "&amp; &lt;i&gt; <b>жирный</b> AT&T <img src=x onerror=alert(1)> &#x41;" in text, text
