"""The site as the department's own server serves it: Debian's nginx with deploy/nginx.conf over the built site,
precompressed as `scripts/deploy.py server` uploads it, seen in chromium with the Content-Security-Policy enforced.

nginx runs in the foreground (``daemon off``) on 127.0.0.1 with a configuration written here: one server with
deploy/nginx.conf (gzip_static: what chromium is shown), and, where Debian's brotli_static module is installed,
a second one that also includes deploy/nginx-brotli.conf.  ``scripts/ensure-deploy-tools.sh`` installs nginx and
the module (``make test`` runs it).
"""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import local_nginx  # noqa: E402
import pytest

from .conftest import HOST, free_port

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SECURITY_HEADERS = {"content-security-policy", "x-content-type-options", "x-frame-options", "referrer-policy",
                    "permissions-policy"}
SEARCH = "/poisk/"
INDICATOR = "/karty/seversky-2022-2024/pokazateli/i05/"
ROADMAP = "/karty/seversky-2022-2024/"
ROADMAP_FILE = "karty/seversky-2022-2024/index.html"
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  const text = `CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || "inline"} in ${e.sourceFile || ""}` +
    `:${e.lineNumber || 0} ${e.sample || ""}`;
  console.error(text);
});
"""

@pytest.fixture(scope="module")
def nginx_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def served_site(site_dir: Path, site_port: int, nginx_port: int, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the built site as `deploy.py server` uploads it (precompressed), published at nginx's address:
    its sitemap, which Material's instant navigation follows, names that address instead of the test server's."""
    out = tmp_path_factory.mktemp("nginx") / "site"
    shutil.copytree(site_dir, out)
    sitemap = out / "sitemap.xml"
    sitemap.write_text(sitemap.read_text(encoding="utf-8").replace(f"http://{HOST}:{site_port}/",
                                                                   f"http://{HOST}:{nginx_port}/"), encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "deploy.py"), "precompress", str(out)],
                            capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="module")
def brotli_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def nginx(served_site: Path, nginx_port: int, brotli_port: int) -> Iterator[dict[str, str]]:
    """The running nginx: the URL of its gzip-only server and (where the module is) of its brotli one."""
    tmp = served_site.parent / "nginx-run"
    try:
        with local_nginx.running(served_site, tmp, nginx_port, brotli_port) as urls:
            yield urls
    except local_nginx.NginxError as exc:
        pytest.fail(str(exc))
    errors = local_nginx.errors_logged(tmp)
    assert not errors, errors


@pytest.fixture(scope="module")
def nginx_url(nginx: dict[str, str]) -> str:
    return nginx["gzip"]


@pytest.fixture
def site_url(nginx_url: str) -> str:
    """The browser fixtures of conftest.py (``new_visit``, ``visit``) open the site through nginx here."""
    return nginx_url


def fetch(url: str, encoding: str | None = "gzip") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def one_file(site: Path, pattern: str) -> str:
    found = sorted(site.glob(pattern))
    assert found, f"no {pattern} in the site"
    return found[0].relative_to(site).as_posix()


# --------------------------------------------------------------------------- headers
def test_pages_are_served_precompressed_with_security_headers(nginx_url, served_site):
    status, headers, body = fetch(f"{nginx_url}{ROADMAP}")
    assert status == 200
    assert headers["content-encoding"] == "gzip" and headers["vary"] == "Accept-Encoding"
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert gzip.decompress(body) == (served_site / ROADMAP_FILE).read_bytes()
    assert body == (served_site / f"{ROADMAP_FILE}.gz").read_bytes()  # the file itself, not gzip on the fly
    assert SECURITY_HEADERS <= headers.keys()
    assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["cache-control"] == "max-age=300"
    status, headers, body = fetch(f"{nginx_url}{ROADMAP}", encoding=None)  # a client that takes no gzip
    assert status == 200 and "content-encoding" not in headers
    assert body == (served_site / ROADMAP_FILE).read_bytes()


@pytest.mark.skipif(not local_nginx.BROTLI_MODULE.exists(), reason="Debian's libnginx-mod-http-brotli-static is not installed")
def test_brotli_where_the_browser_takes_it(nginx, served_site):
    status, headers, body = fetch(f"{nginx['brotli']}{ROADMAP}", encoding="gzip, deflate, br")
    assert status == 200 and headers["content-encoding"] == "br" and SECURITY_HEADERS <= headers.keys()
    assert body == (served_site / f"{ROADMAP_FILE}.br").read_bytes()
    status, headers, body = fetch(f"{nginx['brotli']}{ROADMAP}", encoding="gzip")
    assert headers["content-encoding"] == "gzip" and body == (served_site / f"{ROADMAP_FILE}.gz").read_bytes()
    status, headers, _ = fetch(f"{nginx['gzip']}{ROADMAP}", encoding="gzip, deflate, br")  # without the module
    assert headers["content-encoding"] == "gzip"


def test_fingerprinted_files_are_cached_for_a_year(nginx_url, served_site):
    bundle = one_file(served_site, "assets/javascripts/bundle.*.min.js")
    for path, media in [(bundle, "application/javascript; charset=utf-8"),
                        (one_file(served_site, "assets/stylesheets/main.*.min.css"), "text/css; charset=utf-8"),
                        (one_file(served_site, "pagefind/fragment/*.pf_fragment"), "application/octet-stream"),
                        (one_file(served_site, "pagefind/index/*.pf_index"), "application/octet-stream"),
                        (one_file(served_site, "pagefind/pagefind.*.pf_meta"), "application/octet-stream")]:
        status, headers, body = fetch(f"{nginx_url}/{path}")
        assert status == 200, path
        assert headers["cache-control"] == "public, max-age=31536000, immutable", path
        assert headers["content-type"] == media, path
        assert SECURITY_HEADERS <= headers.keys(), path  # repeated in the location: nginx would not inherit them
        assert "expires" not in headers, path
        if path.startswith("pagefind/"):  # pagefind's own compressed files, sent as they are
            assert "content-encoding" not in headers and body == (served_site / path).read_bytes(), path
    status, headers, _ = fetch(f"{nginx_url}/assets/site.js")  # no hash in its name: short caching
    assert headers["cache-control"] == "max-age=300" and headers["content-encoding"] == "gzip"


def test_types_of_calendars_tables_and_the_search_index(nginx_url, served_site):
    calendar = one_file(served_site, "karty/*/*.ics")
    table = one_file(served_site, "opendata/*/meta.csv")
    for path, media in [(calendar, "text/calendar; charset=utf-8"), (table, "text/csv; charset=utf-8"),
                        ("opendata/list.csv", "text/csv; charset=utf-8"),
                        ("pagefind/wasm.ru.pagefind", "application/octet-stream"),
                        ("data.json", "application/json; charset=utf-8"),
                        ("feed.atom", "application/atom+xml; charset=utf-8")]:
        status, headers, body = fetch(f"{nginx_url}/{path}")
        assert status == 200 and headers["content-type"] == media, (path, headers.get("content-type"))
        assert SECURITY_HEADERS <= headers.keys() and headers["cache-control"] == "max-age=300", path
        if (served_site / f"{path}.gz").exists():
            assert headers["content-encoding"] == "gzip", path
            assert gzip.decompress(body) == (served_site / path).read_bytes(), path


def test_a_missing_page_is_the_sites_404_with_the_headers(nginx_url):
    status, headers, body = fetch(f"{nginx_url}/net-takoj-stranicy/")
    assert status == 404 and SECURITY_HEADERS <= headers.keys()
    assert b"<h1>404 - Not found</h1>" in gzip.decompress(body)  # Material's 404.html


def test_the_csp_names_exactly_the_inline_scripts_of_the_site(site_dir):
    """Every inline script of every page is allowed by its hash and nothing else is: after a change of a theme
    template or of Material, this says which hash to put in deploy/nginx.conf."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import deploy
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    hashes, handlers = deploy.site_csp_hashes(site_dir)
    assert handlers == []  # onclick="…" would need 'unsafe-hashes'
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    policies = set(re.findall(r'add_header Content-Security-Policy "([^"]+)" always;', conf))
    assert len(policies) == 1, "every location repeats the same policy"
    script_src = next(d for d in policies.pop().split("; ") if d.startswith("script-src "))
    allowed = set(re.findall(r"'sha256-[^']+'", script_src))
    assert allowed == set(hashes), f"inline scripts of the site: {sorted(hashes)}; deploy/nginx.conf allows {allowed}"


# --------------------------------------------------------------------------- the browser
def test_search_chart_and_accessible_version_under_the_csp(new_visit, nginx_url):
    """Search (pagefind's WebAssembly), a plotly chart, the version for visually impaired readers and Material's
    instant navigation, all with nginx's CSP enforced: no violation is reported, and the pages came gzip'ed."""
    visit = new_visit()
    visit.context.add_init_script(CSP_LISTENER)
    documents: list[dict] = []
    violations: list[str] = []  # chromium's own report, and the page's securitypolicyviolation events
    visit.page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text
                  or m.text.startswith("CSP violation") else None)
    visit.page.on("response", lambda r: documents.append(r.all_headers()) if r.request.resource_type == "document"
                  else None)
    page = visit.page

    visit.goto(SEARCH)
    field = page.locator("#rm-search input")
    field.fill("наставники")
    field.press("End")  # a Cyrillic fill() fires no keyup
    page.wait_for_function("""() => document.querySelectorAll("#rm-search .rm-search-result-link").length > 0 &&
      /^Найдено/.test(document.querySelector("#rm-search .rm-search-status").textContent)""", timeout=20_000)
    assert any("/pagefind/" in u and u.endswith(".pf_fragment") for u in visit.requested("/pagefind/"))

    visit.goto(INDICATOR)
    page.wait_for_selector('.rm-chart[data-rendered="1"] svg.main-svg', timeout=20_000)

    page.locator(".rm-a11y-toggle").click()  # «Версия для слабовидящих»
    assert page.locator(".rm-a11y-toggle").text_content().strip() == "Версия для слабовидящих"
    page.locator("#rm-a11y-panel button[data-rm-scheme=wb]").click()
    page.locator("#rm-a11y-panel button[data-rm-size='3']").click()
    assert page.evaluate("document.documentElement.classList.contains('rm-a11y')")
    assert page.evaluate("document.documentElement.getAttribute('data-rm-scheme')") == "wb"
    page.wait_for_selector('.rm-chart[data-rendered="1"] svg.main-svg')  # redrawn in the new colours

    page.evaluate("window.rmSamePage = true")  # survives only if Material swaps the page in (no reload)
    page.locator(".rm-breadcrumbs a").nth(1).click()
    page.wait_for_url(f"**{ROADMAP}")
    page.select_option("select[name=status]", "нет отметки")
    page.wait_for_function("document.querySelector('.rm-filter-count').textContent.includes('Показано')")
    assert page.evaluate("window.rmSamePage") is True, "instant navigation fell back to a full reload"
    page.reload()  # the accessible version is applied before the first paint, by the allowed inline script
    page.wait_for_selector(".rm-a11y-toggle[data-ready]", state="attached")
    assert page.evaluate("document.documentElement.getAttribute('data-rm-size')") == "3"

    assert violations == [], violations
    assert documents and all(h.get("content-encoding") == "gzip" for h in documents), documents
    assert all(SECURITY_HEADERS <= h.keys() for h in documents)
    assert all("'unsafe-inline'" not in h["content-security-policy"].split("script-src")[1].split(";")[0]
               for h in documents)


@pytest.mark.parametrize("path", ["/", "/organizacii/seversky-sosh-32/", "/ocenka/seversky/", "/otkrytye-dannye/",
                                  "/karty/petrovsky-2023-2025/"])
def test_other_kinds_of_pages_under_the_csp(new_visit, path):
    visit = new_visit()
    visit.context.add_init_script(CSP_LISTENER)
    violations: list[str] = []
    visit.page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text
                  or m.text.startswith("CSP violation") else None)
    visit.goto(path)
    if visit.page.locator(".rm-chart").count():  # plotly starts after the load event
        visit.page.wait_for_selector('.rm-chart[data-rendered="1"] svg.main-svg', timeout=20_000)
    assert violations == [], violations
