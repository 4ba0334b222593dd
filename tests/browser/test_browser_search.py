"""Russian search (pagefind, self-hosted under /pagefind/): word forms, school numbers, weight."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SEARCH = "/poisk/"
RESULT_LINK = "#rm-search .rm-search-result-link"
# the results of the first page are shown together, once their fragments have arrived, and the status says so
RESULTS_SHOWN = """() => document.querySelectorAll("#rm-search .rm-search-result").length > 0 &&
  /^Найдено/.test(document.querySelector("#rm-search .rm-search-status").textContent)"""
BUDGET = 300 * 1024  # bytes from opening the search page to the first page of results


def search(visit, query: str) -> list[str]:
    """Open the search page, type the query as a reader does, wait until the first page of results is
    shown in full; the links of the results."""
    visit.goto(SEARCH)
    page = visit.page
    field = page.locator("#rm-search input")
    field.fill(query)
    field.press("End")
    page.wait_for_function(RESULTS_SHOWN, timeout=20_000)
    return page.eval_on_selector_all(RESULT_LINK, "links => links.map(a => a.getAttribute('href'))")


@pytest.mark.parametrize("query", ["наставники", "наставничества", "школам", "мониторинга"])
def test_word_forms_find_road_maps(visit, query):
    links = search(visit, query)
    assert links, f"no results for «{query}»"
    assert any("/karty/" in href for href in links), (query, links)
    assert not any(href.split("#")[0].endswith(SEARCH) for href in links), "the search page finds itself"


@pytest.mark.parametrize("query", ["СОШ № 32", "СОШ №32", "сош 32"])
def test_school_number_finds_the_school(visit, query):
    links = search(visit, query)
    assert any(href.split("#")[0].endswith("/organizacii/seversky-sosh-32/") for href in links), (query, links)


def test_search_weight_until_first_results(visit):
    """Every byte of every response (as sent: compressed where the host compresses) from opening the
    search page until the first page of results is shown in full, in a fresh context with an empty cache."""
    search(visit, "наставничества")
    requests = list(visit.requests)
    sent = decoded = 0
    rows = []
    for request in requests:
        response = request.response()
        if response is None:
            continue
        # the body as sent: the test server declares every body's length (compressed or not); chromium's
        # own count (request.sizes()) misses the worker script, so it is only the fallback
        length = response.headers.get("content-length")
        size = int(length) if length is not None else request.sizes()["responseBodySize"]
        body = len(response.body()) if 200 <= response.status < 300 else 0
        sent += size
        decoded += body
        rows.append(f"{size:>8} {body:>8}  {request.url.removeprefix(visit.base)}")
    print(f"\nsearch weight: {len(rows)} responses, {sent} bytes transferred ({sent / 1024:.0f} KB), "
          f"{decoded} bytes after decompression ({decoded / 1024:.0f} KB)")
    print("    sent  decoded  url\n" + "\n".join(rows))
    assert any("/pagefind/" in r.url for r in requests), "pagefind was not loaded from the site"
    assert sent <= BUDGET, f"{sent} bytes before the first results, budget {BUDGET}"


ALL_URLS = """async (q) => { const out = [];
  for (const r of await window.rmSearch.all(q)) { out.push((await r.data()).url); } return out.sort(); }"""
# the parts merged as pagefind merges indexes, without asking the top index which parts have the words
NAIVE_URLS = """async (q) => { const root = "/pagefind/";
  const parts = (await (await fetch(root + "roadmaps-chasti.json")).json()).parts;
  const pf = (await import(root + "pagefind.js")).createInstance({basePath: root});  /* not the page's own */
  for (const name of parts) { await pf.mergeIndex(root + "chast-" + name + "/", {mergeFilter: {chast: name}}); }
  const found = await pf.search(q, {filters: {chast: {any: parts}}}); const out = [];
  for (const r of found.results) { out.push((await r.data()).url); } return out.sort(); }"""
# word forms, a school number, two words, a phrase, a hyphenated word, a number, and words the site lacks
# (pagefind then widens them to the longest indexed word they begin with)
QUERIES = ["наставники", "северского", "СОШ № 32", "ВПР математика", "функциональной грамотности",
           '"дорожная карта"', "учителей-предметников", "2022", "образовательныхх", "зжщшгн", "мониторингование"]


def test_an_index_in_parts_finds_what_the_whole_index_finds(new_visit, site_url, parts_site_url):
    """The same pages for every query, whether the index is whole or in parts (a region's); merged the plain way
    (pagefind's mergeIndex alone) the parts find pages without the words."""
    whole = new_visit()
    whole.goto(SEARCH)
    whole.page.wait_for_function("window.rmSearch")
    parts = new_visit()
    parts.page.goto(parts_site_url + SEARCH)
    parts.page.wait_for_function("window.rmSearch")
    assert len(parts.page.evaluate("async () => (await (await fetch('/pagefind/roadmaps-chasti.json')).json())"
                                   ".parts")) > 2
    naive_differs = []
    for query in QUERIES:
        expected = whole.page.evaluate(ALL_URLS, query)
        assert parts.page.evaluate(ALL_URLS, query) == expected, query
        if parts.page.evaluate(NAIVE_URLS, query) != expected:
            naive_differs.append(query)
    assert naive_differs, "the parts merged plainly found the same pages: this test would not see the difference"
    assert whole.page.evaluate(ALL_URLS, "наставники"), "no results at all"
