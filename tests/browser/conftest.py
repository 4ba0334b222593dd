"""Browser tests: the real site, built once per session, served on 127.0.0.1, seen in headless chromium.

Nothing is downloaded: the browser is Debian's chromium (``scripts/ensure-chromium.sh`` installs it),
axe-core is vendored in ``vendor/``.  Every request a page makes is recorded; one to any host but
127.0.0.1 is aborted, and fails the test that made it, as does any console error or uncaught exception.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from roadmaps import settings

ROOT = Path(__file__).resolve().parents[2]
VENDOR = Path(__file__).resolve().parent / "vendor"
CHROMIUM = settings.chromium()
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
HOST = "127.0.0.1"
# compressed by the test server as a static host does (GitHub Pages gzips text); pagefind's own
# index files (.pf_*, .pagefind) are stored gzip-compressed already and are sent as they are
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".yaml"}


# --------------------------------------------------------------------------- the site and its server
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def site_port() -> int:
    """The port the real site is served on, known before the build: its site_url (and so the sitemap
    Material's instant navigation follows) names it, as the published site's names its host."""
    return free_port()


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory, site_port: int) -> Path:
    """`mkdocs build --strict` of the real data into a temporary directory (search index included)."""
    out = tmp_path_factory.mktemp("site")
    mkdocs = Path(sys.executable).with_name("mkdocs")
    command = str(mkdocs) if mkdocs.exists() else shutil.which("mkdocs")
    assert command, "mkdocs is not installed (make setup)"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ROADMAPS_SITE_URL": f"http://{HOST}:{site_port}/"}
    for name in ("ROADMAPS_NO_SEARCH", "ROADMAPS_DATA"):  # the real site: its data, with the search index
        env.pop(name, None)
    result = subprocess.run([command, "build", "--strict", "-d", str(out)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, "mkdocs build failed:\n" + (result.stdout + result.stderr)[-4000:]
    assert (out / "pagefind" / "pagefind.js").is_file(), "the pagefind index was not built"
    return out


class _StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site like a static host: text files gzip-compressed when the browser accepts it."""

    _cache: dict[Path, bytes] = {}
    _lock = threading.Lock()

    def log_message(self, *args: object) -> None:  # quiet: pytest shows what matters
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        if path.suffix in COMPRESSED and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
            with self._lock:
                body = self._cache.get(path)
                if body is None:
                    body = self._cache[path] = gzip.compress(path.read_bytes(), compresslevel=6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


def serve(directory: Path, port: int = 0) -> Iterator[str]:
    """A threaded http.server on 127.0.0.1 and the port (0: a free one), in a background thread
    (a generator: yields the URL)."""
    handler = functools.partial(_StaticHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer((HOST, port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def site_url(site_dir: Path, site_port: int) -> Iterator[str]:
    yield from serve(site_dir, site_port)


@pytest.fixture(scope="session")
def parts_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site built with its search index in three parts (ROADMAPS_SEARCH_PARTS=3, as a region's comes),
    served on a free port."""
    out = tmp_path_factory.mktemp("parts-site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ROADMAPS_SEARCH_PARTS": "3", "ROADMAPS_CACHE_DIR": "off"}
    for name in ("ROADMAPS_NO_SEARCH", "ROADMAPS_DATA"):
        env.pop(name, None)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    yield from serve(out)


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo data set (`make demo`: fictitious, with execution marks and quarterly reports), built once per
    session as of 2024-12-15, served on a free port."""
    from roadmaps.demo import write_demo

    tmp = tmp_path_factory.mktemp("demo")
    data = write_demo(tmp / "data")
    out = tmp / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "ROADMAPS_NO_SEARCH": "1", "ROADMAPS_DATA": str(data),
           "ROADMAPS_DEMO": "1", "ROADMAPS_TODAY": "2024-12-15"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    yield from serve(out)


# --------------------------------------------------------------------------- the browser
@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless chromium for the whole session (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (bash scripts/ensure-chromium.sh)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def _is_foreign(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return False
    return parts.hostname != HOST


@dataclass
class Visit:
    """One browser context and its page, with every request and every error the page produced."""

    context: object
    page: object
    base: str
    requests: list = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def goto(self, path: str, idle: bool = False) -> None:
        """Open a page and wait until the site's script has set it up (idle: and until the network has
        been quiet for half a second, to catch late requests)."""
        self.page.goto(self.url(path), wait_until="load")
        self.page.wait_for_selector(".rm-a11y-toggle[data-ready]", state="attached")
        if idle:
            self.page.wait_for_load_state("networkidle")

    def requested(self, fragment: str) -> list[str]:
        return [r.url for r in self.requests if fragment in r.url]

    def foreign(self) -> list[str]:
        return [r.url for r in self.requests if _is_foreign(r.url)]


def a11y_settings_script(settings: dict) -> str:
    """An init script that stores the visually-impaired settings before the site's own script reads them
    (only when none are stored, so that the reader's later choices survive a reload)."""
    value = json.dumps(json.dumps(settings))
    return f"try {{ if (!localStorage.getItem('rm-a11y')) localStorage.setItem('rm-a11y', {value}); }} catch (e) {{}}"


@pytest.fixture
def new_visit(browser, site_url: str) -> Iterator[Callable[..., Visit]]:
    """Make a fresh browser context (no cache, no storage); at the end of the test each one must have made
    no request to another host and logged no console error and no uncaught exception."""
    visits: list[Visit] = []

    def make(a11y: dict | None = None, **options) -> Visit:
        context = browser.new_context(locale="ru-RU", **options)
        visit = Visit(context=context, page=None, base=site_url)
        context.on("request", lambda request: visit.requests.append(request))
        context.route(_is_foreign, lambda route: route.abort())  # nothing leaves the machine
        if a11y is not None:
            context.add_init_script(a11y_settings_script(a11y))
        page = context.new_page()
        page.on("console", lambda m: visit.errors.append(f"console {m.type} on {page.url}: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: visit.errors.append(f"uncaught exception on {page.url}: {e}"))
        visit.page = page
        visits.append(visit)
        return visit

    yield make
    for visit in visits:
        visit.context.close()
    foreign = [u for v in visits for u in v.foreign()]
    errors = [e for v in visits for e in v.errors]
    assert not foreign, "requests to other hosts:\n" + "\n".join(foreign)
    assert not errors, "errors in the browser:\n" + "\n".join(errors)


@pytest.fixture
def visit(new_visit: Callable[..., Visit]) -> Visit:
    """A default view: desktop-sized viewport, light colour scheme, no stored settings."""
    return new_visit()


# --------------------------------------------------------------------------- axe-core
@pytest.fixture(scope="session")
def axe_source() -> str:
    return (VENDOR / "axe.min.js").read_text(encoding="utf-8")


AXE_RUN = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations", "incomplete"] });
  const brief = (v) => v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " — " +
      (n.failureSummary || n.any.map((c) => c.message).join("; ")).replace(/\\s+/g, " ").slice(0, 300));
  const problems = result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: brief(v) }));
  /* axe files text whose colour equals its background (1:1) under "needs review", not as a violation;
     invisible text is what a broken colour scheme produces, so such findings count too */
  result.incomplete.filter((v) => v.id === "color-contrast").forEach((v) => {
    const nodes = v.nodes.filter((n) => n.any.some((c) => /contrast ratio/.test(c.message || "")));
    if (nodes.length) { problems.push({ id: "color-contrast (1:1)", impact: "serious", nodes: brief({ nodes }) }); }
  });
  return problems;
}"""


@pytest.fixture
def run_axe(axe_source: str) -> Callable[[object], list[dict]]:
    """Inject axe-core into the page and return its violations (any impact)."""

    def run(page) -> list[dict]:
        page.add_script_tag(content=axe_source)
        return page.evaluate(AXE_RUN)

    return run
