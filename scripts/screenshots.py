"""Screenshots of every kind of page, as a reader sees them: phone and desktop, light, dark and the version
for visually impaired readers, in Debian's chromium.  Look at them: audits do not see a word broken into
letters, a card without its deadline or a caption that repeats its heading.

Usage:
    python scripts/screenshots.py [--build] [--site DIR] [--demo DIR] [--out DIR] [--only NAME ...]
                                  [--sizes 390x844 1280x900] [--views light dark a11y] [--full] [--paths PATH ...]

--build   builds the real site into --site and the demo site into --demo first (otherwise they must exist:
          `mkdocs build --strict -d build/read-site`, `make demo`).
Each page is shot at the top and at its anchors (one viewport each: a long page is not one unreadable strip);
--full adds a full-page shot capped at 8 000 CSS px.  Files: OUT/<page>-<anchor>-<width>-<view>.png, and
OUT/index.txt lists them with the page's broken-word share and width (the measure of tests/browser/test_browser_reading.py).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.test_browser_reading import BROKEN_WORDS  # noqa: E402  (the measure of the tests)

CHROMIUM = os.environ.get("ROADMAPS_CHROMIUM", "/usr/bin/chromium")

# name: (site, path, anchors to shoot besides the top, text to type into the search field)
PAGES: dict[str, tuple[str, str, list[str]]] = {
    "home": ("real", "/", ["#найти-свою-школу", "#дорожные-карты"]),
    "catalogue": ("real", "/karty/", []),
    "roadmap-seversky": ("real", "/karty/seversky-2022-2024/", ["#indicators", "#control-points", "#plan", "#calendar"]),
    "roadmap-petrovsky": ("real", "/karty/petrovsky-2023-2025/", ["#passport", "#plan"]),
    "roadmap-gavrilov-yam": ("real", "/karty/gavrilov-yam-2021-2023/", ["#plan", "#annual"]),
    "indicator": ("real", "/karty/seversky-2022-2024/pokazateli/i05/", []),
    "organizations": ("real", "/organizacii/", []),
    "organization": ("real", "/organizacii/seversky-uo/", ["#mentions"]),
    "school": ("real", "/organizacii/seversky-sosh-32/", ["#mentions", "#district-plan", "#ocenka"]),
    "school-petrovsky": ("real", "/organizacii/petrovsky-sosh-9/", ["#mentions", "#district-plan"]),
    "district": ("real", "/ocenka/seversky/", ["#statuses", "#objectivity", "#risks"]),
    "procedure": ("real", "/ocenka/seversky/ege-2022/", ["#rm-results"]),
    "search": ("real", "/poisk/", []),
    "staff": ("real", "/sotrudnikam/", []),
    "history": ("real", "/karty/petrovsky-2023-2025/istoriya/", []),
    "report": ("demo", "/karty/demo-2024-2026/otchety/2024-q1/", ["#po-razdelam", "#otmetki-za-period"]),
    "demo-roadmap": ("demo", "/karty/demo-2024-2026/", ["#plan"]),
}
SEARCH_QUERY = "СОШ № 32"
VIEWS = {
    "light": {"color_scheme": "light"},
    "dark": {"color_scheme": "dark"},
    "a11y": {"color_scheme": "light", "a11y": {"on": True, "size": "2", "scheme": "wb"}},
    "a11y-blue": {"color_scheme": "light", "a11y": {"on": True, "size": "3", "scheme": "blue"}},
}


def build(site: Path, demo: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    subprocess.run([*mkdocs, "-d", str(site)], cwd=ROOT, env=env, check=True)
    from roadmaps.demo import write_demo

    data = write_demo(demo.parent / "demo-data")
    subprocess.run([*mkdocs, "-d", str(demo)], cwd=ROOT, check=True,
                   env={**env, "ROADMAPS_NO_SEARCH": "1", "ROADMAPS_DATA": str(data), "ROADMAPS_DEMO": "1",
                        "ROADMAPS_TODAY": "2024-12-15"})


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def settle(page, path: str) -> None:
    page.wait_for_selector(".rm-a11y-toggle[data-ready]", state="attached")
    if "/pokazateli/" in path:
        page.wait_for_selector('.rm-chart[data-rendered="1"] svg', timeout=20_000)
    if path == "/poisk/":
        field = page.locator("#rm-search input")
        try:
            field.wait_for(timeout=10_000)
            field.fill(SEARCH_QUERY)
            field.press("End")
            page.wait_for_selector("#rm-search .rm-search-result-link", timeout=20_000)
        except Exception:  # noqa: BLE001 — a site built without the index (ROADMAPS_NO_SEARCH): shoot what is there
            print("search: no pagefind index in this build", file=sys.stderr)
    page.wait_for_timeout(200)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "build" / "read-site")
    parser.add_argument("--demo", type=Path, default=ROOT / "build" / "demo-site")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "screenshots")
    parser.add_argument("--build", action="store_true")
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--sizes", nargs="*", default=["390x844", "1280x900"])
    parser.add_argument("--views", nargs="*", default=["light", "dark", "a11y"])
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--paths", nargs="*", default=[],
                        help="more pages of --site to shoot (a generated region's, say), with anchors to shoot "
                             "after #: /karty/x/pokazateli/i01/#cap-values")
    args = parser.parse_args()
    for given in args.paths:  # named after their path: karty-x-pokazateli-i01
        path, *anchors = given.split("#")
        PAGES[path.strip("/").replace("/", "-") or "top"] = ("real", path, [f"#{a}" for a in anchors])
    if args.build:
        build(args.site, args.demo)
    args.out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    servers = {}
    for name, directory in (("real", args.site), ("demo", args.demo)):
        if directory.is_dir():
            servers[name] = serve(directory)
    index = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for size in args.sizes:
            width, height = (int(x) for x in size.split("x"))
            for view in args.views:
                options = dict(VIEWS[view])
                a11y = options.pop("a11y", None)
                context = browser.new_context(viewport={"width": width, "height": height}, locale="ru-RU", **options)
                if a11y:
                    value = json.dumps(json.dumps(a11y))
                    context.add_init_script(f"try {{ localStorage.setItem('rm-a11y', {value}); }} catch (e) {{}}")
                page = context.new_page()
                for name, (which, path, anchors) in PAGES.items():
                    if args.only and name not in args.only:
                        continue
                    if which not in servers:
                        print(f"skip {name}: no {which} site", file=sys.stderr)
                        continue
                    page.goto(servers[which][1] + path, wait_until="load")
                    settle(page, path)
                    measure = page.evaluate(BROKEN_WORDS)
                    wide = page.evaluate("document.documentElement.scrollWidth")
                    stem = f"{name}-%s-{width}-{view}"
                    page.screenshot(path=args.out / (stem % "top" + ".png"))
                    shots = [stem % "top"]
                    for anchor in anchors:
                        if page.locator(anchor).count():
                            # below the sticky header, as a reader arriving by the link sees it
                            page.locator(anchor).first.evaluate("""e => { e.scrollIntoView({block: 'start'});
                                const header = document.querySelector('.md-header');
                                window.scrollBy(0, -(header ? header.getBoundingClientRect().height + 8 : 0)); }""")
                            page.wait_for_timeout(100)
                            page.screenshot(path=args.out / (stem % anchor.lstrip("#") + ".png"))
                            shots.append(stem % anchor.lstrip("#"))
                    if args.full:
                        full = min(page.evaluate("document.documentElement.scrollHeight"), 8000)
                        page.set_viewport_size({"width": width, "height": full})
                        page.screenshot(path=args.out / (stem % "full" + ".png"))
                        page.set_viewport_size({"width": width, "height": height})
                        shots.append(stem % "full")
                    share = 100 * len(measure["broken"]) / max(1, measure["total"])
                    line = (f"{name:<22} {width:>5} {view:<6} broken {share:5.1f}% of {measure['total']:>5} words, "
                            f"page {wide}px wide; e.g. {measure['broken'][:5]}")
                    print(line)
                    index.append(line + "\n    " + " ".join(s + ".png" for s in shots))
                context.close()
        browser.close()
    for server, _ in servers.values():
        server.shutdown()
    (args.out / "index.txt").write_text("\n".join(index) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
