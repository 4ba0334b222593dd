"""Can a person read the pages?  Audits pass on pages whose words are broken into letters
(«Кт/о/ут/вер/дил») by columns squeezed into a phone: here the words themselves are measured.

A word (four letters or more) is broken when a Range over it has client rects on more than one line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

# The share of broken words in the visible text of the main content (`.md-content`).  Skipped: text in
# elements that may wrap anywhere (URLs and identifiers: code, .rm-wrap-anywhere), visually hidden text,
# text that is not rendered (closed <details>, hidden rows).  Returns {total, broken: [words]}.
BROKEN_WORDS = r"""(selector) => {
  const root = document.querySelector(selector || ".md-content");
  if (!root) { return { total: 0, broken: [] }; }
  const SKIP = "code, kbd, samp, pre, script, style, template, .rm-wrap-anywhere, .rm-visually-hidden, .md-visually-hidden";
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let total = 0;
  const broken = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || element.closest(SKIP) || getComputedStyle(element).visibility !== "visible") { continue; }
    for (const m of node.data.matchAll(/\p{L}{4,}/gu)) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
      if (!rects.length) { continue; }  /* not rendered */
      total += 1;
      const tops = rects.map((r) => r.top), height = Math.min(...rects.map((r) => r.height));
      if (Math.max(...tops) - Math.min(...tops) > height / 2) { broken.push(m[0]); }
    }
  }
  return { total, broken };
}"""

ROOT = Path(__file__).resolve().parents[2]
HOME = "/"
CATALOGUE = "/karty/"
ROADMAPS = [f"/karty/{p.name}/" for p in sorted((ROOT / "data" / "roadmaps").iterdir()) if p.is_dir()]
SCHOOL = "/organizacii/seversky-sosh-32/"
DISTRICT = "/ocenka/seversky/"
HISTORY = "/karty/seversky-2022-2024/istoriya/"
PAGES = [HOME, CATALOGUE, *ROADMAPS, SCHOOL, DISTRICT, HISTORY]
DEMO_REPORT = "/karty/demo-2024-2026/otchety/2024-q1/"
DEMO_ROADMAP = "/karty/demo-2024-2026/"
WIDTHS = {"phone-390": {"width": 390, "height": 844}, "desktop-1280": {"width": 1280, "height": 900}}
MOST_BROKEN = 0.01  # at most 1 % of the words broken inside


def broken_share(page) -> tuple[float, dict]:
    found = page.evaluate(BROKEN_WORDS)
    assert found["total"] >= 30, f"only {found['total']} words measured on {page.url}: the measure sees nothing"
    return len(found["broken"]) / found["total"], found


def demo_visit(new_visit, demo_url, **options):
    v = new_visit(**options)
    v.base = demo_url
    return v


@pytest.mark.parametrize("width", list(WIDTHS))
def test_words_are_not_broken_inside(new_visit, width):
    visit = new_visit(viewport=WIDTHS[width])
    failures = []
    for path in PAGES:
        visit.goto(path)
        share, found = broken_share(visit.page)
        if share > MOST_BROKEN:
            failures.append(f"{path}: {share:.1%} of {found['total']} words broken, e.g. {found['broken'][:8]}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_words_of_a_report_are_not_broken_inside(new_visit, demo_url, width):
    visit = demo_visit(new_visit, demo_url, viewport=WIDTHS[width])
    for path in (DEMO_REPORT, DEMO_ROADMAP):
        visit.goto(path)
        share, found = broken_share(visit.page)
        assert share <= MOST_BROKEN, f"{path}: {share:.1%} of {found['total']} words broken, e.g. {found['broken'][:8]}"


def test_the_measure_sees_broken_words(browser):
    """The measure itself: a table squeezed as it was (overflow-wrap: anywhere) is found broken, the same
    table with words kept whole is not; an identifier allowed to wrap anywhere is not counted."""
    cells = "".join(f"<td>Ответственные исполнители {i}</td>" for i in range(7))
    html = ('<html lang="ru"><body><main class="md-content" style="width:300px">'
            f'<table style="width:100%;overflow-wrap:WRAP"><tr>{cells}</tr></table>'
            '<p style="width:60px">идентификатор <code class="rm-wrap-anywhere" style="overflow-wrap:anywhere">'
            'aaaaaaaaaaaaaaaaaaaaaaaa</code></p></main></body></html>')
    page = browser.new_page()
    try:
        page.set_content(html.replace("WRAP", "anywhere"))
        squeezed = page.evaluate(BROKEN_WORDS)
        page.set_content(html.replace("WRAP", "normal"))
        whole = page.evaluate(BROKEN_WORDS)
    finally:
        page.close()
    assert len(squeezed["broken"]) > squeezed["total"] / 2
    assert whole["broken"] == [] and whole["total"] == squeezed["total"] == 7 * 2 + 1


def test_a_path_in_a_message_breaks_between_its_folders(new_visit):
    """On a phone in the version for visually impaired readers «data/organizations/organizations.csv» is longer
    than the line: it breaks after a «/», never inside «organizations» (0.2 % of the page's words were)."""
    visit = new_visit(viewport=WIDTHS["phone-390"], a11y={"on": True, "size": "2", "scheme": "wb"})
    visit.goto("/oshibki/")
    share, found = broken_share(visit.page)
    assert found["broken"] == [], found["broken"][:10]


BROKEN_CODES = r"""() => {
  /* the parts of each identifier in a table cell (between its hyphens, dots and slashes) that the line breaks */
  const range = document.createRange();
  let total = 0;
  const broken = [];
  for (const code of document.querySelectorAll(".md-content :is(td, th) code")) {
    const node = code.firstChild;
    if (!node || node.nodeType !== Node.TEXT_NODE) { continue; }
    for (const m of node.data.matchAll(/[\p{L}\p{N}]{4,}/gu)) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
      if (!rects.length) { continue; }
      total += 1;
      const tops = rects.map((r) => r.top), height = Math.min(...rects.map((r) => r.height));
      if (Math.max(...tops) - Math.min(...tops) > height / 2) { broken.push(node.data); }
    }
  }
  return { total, broken };
}"""


@pytest.mark.parametrize("width", list(WIDTHS))
def test_codes_in_a_table_break_at_their_hyphens_only(new_visit, width):
    """The error codes' table: «table-too-large» may go over two lines at a hyphen, never «tabl e- too- larg e»."""
    visit = new_visit(viewport=WIDTHS[width])
    visit.goto("/oshibki/")
    found = visit.page.evaluate(BROKEN_CODES)
    assert found["total"] >= 100, found
    assert found["broken"] == [], found["broken"][:10]


# --------------------------------------------------------------------------- reflow: never sideways
ZOOM_200 = {"viewport": {"width": 180, "height": 370}, "device_scale_factor": 4}  # a 360 px phone at 200 %


def sideways(visit, path: str) -> list[str]:
    from .test_browser_a11y import OVERFLOW

    visit.goto(path)
    found = visit.page.evaluate(OVERFLOW)
    problems = []
    if found["scrollWidth"] > found["innerWidth"]:
        problems.append(f'{path}: page is {found["scrollWidth"]}px wide in a {found["innerWidth"]}px window; '
                        f'too wide: {found["wide"]}')
    if found["squeezed"]:
        problems.append(f'{path}: table columns squeezed to under 3 characters: {found["squeezed"]}')
    return problems


def test_no_page_scrolls_sideways_at_200_percent_zoom(new_visit):
    visit = new_visit(**ZOOM_200)
    problems = [p for path in [*PAGES, "/organizacii/", "/organizacii/seversky-uo/", "/ocenka/seversky/ege-2022/",
                               "/karty/seversky-2022-2024/pokazateli/i05/", "/poisk/", "/sotrudnikam/"]
                for p in sideways(visit, path)]
    assert not problems, "\n".join(problems)


def test_a_report_does_not_scroll_sideways_at_200_percent_zoom(new_visit, demo_url):
    visit = demo_visit(new_visit, demo_url, **ZOOM_200)
    problems = [p for path in (DEMO_REPORT, DEMO_ROADMAP) for p in sideways(visit, path)]
    assert not problems, "\n".join(problems)


def test_every_box_that_scrolls_can_be_scrolled_by_keyboard(new_visit):
    """A table wider than the page scrolls in its own box: the box takes the focus and has a name."""
    visit = new_visit(**ZOOM_200)
    for path in PAGES:
        visit.goto(path)
        boxes = visit.page.evaluate("""() => Array.from(document.querySelectorAll(".md-content *")).filter(e => {
            const s = getComputedStyle(e);
            return e.scrollWidth > e.clientWidth + 1 && /(auto|scroll)/.test(s.overflowX) && e.clientWidth > 0;
          }).map(e => ({ what: e.tagName.toLowerCase() + "." + e.className, tabindex: e.getAttribute("tabindex"),
                         role: e.getAttribute("role"),
                         name: e.getAttribute("aria-label") || (document.getElementById(e.getAttribute("aria-labelledby"))
                               || {}).textContent || "" }))""")
        bad = [b for b in boxes if b["tabindex"] != "0" or b["role"] != "region" or not b["name"].strip()]
        assert not bad, f"{path}: boxes that scroll without a focusable, named region: {bad}"


# --------------------------------------------------------------------------- axe: cards too
def axe_problems(run_axe, visit, path: str) -> list[str]:
    visit.goto(path)
    return [f'{path}: {p["id"]} ({p["impact"]}): ' + "\n    ".join(p["nodes"]) for p in run_axe(visit.page)]


@pytest.mark.parametrize("view", ["default", "dark", "a11y-large-white-on-black", "a11y-black-on-white", "a11y-blue"])
def test_axe_finds_nothing_in_the_cards_of_a_phone(new_visit, run_axe, view):
    from .test_browser_a11y import VIEWS

    visit = new_visit(viewport=WIDTHS["phone-390"], **VIEWS[view])
    problems = [p for path in (HOME, CATALOGUE, "/karty/seversky-2022-2024/", SCHOOL, DISTRICT)
                for p in axe_problems(run_axe, visit, path)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("view", ["default", "dark", "a11y-large-white-on-black", "a11y-black-on-white", "a11y-blue"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_axe_finds_nothing_on_a_report(new_visit, demo_url, run_axe, view, width):
    from .test_browser_a11y import VIEWS

    visit = demo_visit(new_visit, demo_url, viewport=WIDTHS[width], **VIEWS[view])
    problems = axe_problems(run_axe, visit, DEMO_REPORT)
    assert not problems, "\n".join(problems)


# --------------------------------------------------------------------------- a parent's task
SCHOOL_NAME = "МБОУ СОШ № 32"
STATUS_WORDS = ("выполнено", "выполнено с нарушением срока", "в работе", "просрочено", "не наступил срок", "отменено",
                "нет отметки")


def next_link(page):
    """What a parent follows: the school's own link when the page has one, else «Организации и школы»."""
    school = page.locator(".md-content a", has_text=SCHOOL_NAME)
    return school.first if school.count() else page.locator(".md-content a", has_text="Организации и школы").first


def arrive(page, target: str, before: str) -> None:
    """Wait until the page of ``target`` is shown: Material's instant navigation swaps the content without a
    full load, so wait for the address and for a new heading."""
    page.wait_for_url(target.split("#")[0] + "*")
    page.wait_for_function("(before) => { const h = document.querySelector('.md-content h1'); "
                           "return h && h.textContent !== before; }", arg=before)


def read_the_status(page) -> list[str]:
    assert page.url.endswith(SCHOOL), page.url
    shown = [t.strip() for t in page.locator(".md-content .rm-status").all_inner_texts()]
    visible = [s for s in shown if s in STATUS_WORDS]
    assert visible, "the school's page shows no status of the activities that concern it"
    assert page.locator(".md-content .rm-status").first.is_visible()
    return visible


def test_a_parent_reaches_the_school_by_keyboard_and_reads_what_is_done(new_visit):
    visit = new_visit(viewport=WIDTHS["desktop-1280"])
    visit.goto(HOME)
    page = visit.page
    steps = 0  # link activations
    while not page.url.endswith(SCHOOL) and steps < 2:
        steps += 1
        target = next_link(page).evaluate("a => a.href")
        for _ in range(400):  # Tab, as a keyboard user does, until the link is focused
            page.keyboard.press("Tab")
            if page.evaluate("() => document.activeElement && document.activeElement.href") == target:
                break
        else:
            pytest.fail(f"Tab never reached {target}")
        before = page.locator(".md-content h1").first.text_content()
        page.keyboard.press("Enter")
        arrive(page, target, before)
    read_the_status(page)  # reached in at most two steps


def test_a_parent_reaches_the_school_by_taps_on_a_phone_and_reads_what_is_done(new_visit):
    visit = new_visit(viewport=WIDTHS["phone-390"], has_touch=True, is_mobile=True, device_scale_factor=3)
    visit.goto(HOME)
    page = visit.page
    steps = 0
    while not page.url.endswith(SCHOOL) and steps < 2:
        steps += 1
        link = next_link(page)
        link.scroll_into_view_if_needed()
        target, before = link.evaluate("a => a.href"), page.locator(".md-content h1").first.text_content()
        link.tap()
        arrive(page, target, before)
    read_the_status(page)  # reached in at most two steps


# --------------------------------------------------------------------------- cards on a phone, tables above
def test_a_plan_is_cards_on_a_phone_and_a_table_on_a_desktop(new_visit):
    for width, expected in (("phone-390", "card"), ("desktop-1280", "table")):
        visit = new_visit(viewport=WIDTHS[width])
        visit.goto("/karty/seversky-2022-2024/")
        shape = visit.page.evaluate("""() => {
          const row = document.querySelector("#rm-plan tbody tr[data-status]");
          const cells = Array.from(row.cells).map(c => ({ label: getComputedStyle(c, "::before").content, text: c.innerText }));
          return { display: getComputedStyle(row).display, head: getComputedStyle(row.closest("table").tHead).display,
                   cells, width: row.getBoundingClientRect().width };
        }""")
        if expected == "card":
            assert shape["display"] in ("grid", "block") and shape["head"] == "none", shape
            labels = [c["label"] for c in shape["cells"]]
            assert '"Срок: "' in labels and '"Ответственные: "' in labels and '"Исполнение: "' in labels, labels
            assert shape["width"] <= 390
        else:
            assert shape["display"] == "table-row" and shape["head"] == "table-header-group", shape


def test_a_responsible_body_is_named_once_in_a_plan_row(new_visit):
    visit = new_visit()
    for path in ROADMAPS:
        visit.goto(path)
        repeated = visit.page.evaluate("""() => Array.from(document.querySelectorAll('#rm-plan td[data-label="Ответственные"]'))
          .filter(cell => Array.from(cell.querySelectorAll("a.rm-org")).some(a =>
             cell.textContent.split(a.textContent.trim()).length > 2))
          .map(cell => cell.closest("tr").id + ": " + cell.textContent.trim())""")
        assert repeated == [], f"{path}: the same body twice in a row: {repeated[:5]}"


def test_no_visible_caption_repeats_its_heading(new_visit):
    visit = new_visit()
    for path in [*PAGES, "/organizacii/seversky-uo/", "/ocenka/seversky/ege-2022/", "/oshibki/", "/sotrudnikam/",
                 "/otkrytye-dannye/", "/metodika/", "/roditelyam/", "/o-sajte/", "/organizacii/", "/ocenka/"]:
        visit.goto(path)
        repeats = visit.page.evaluate("""() => {
          const norm = (t) => t.replace(/¶/g, "").replace(/\\(.*?\\)/g, "").replace(/\\s+/g, " ").trim().toLowerCase();
          const found = [];
          for (const caption of document.querySelectorAll(".md-content caption")) {
            if (caption.classList.contains("rm-visually-hidden") || !caption.getClientRects().length) { continue; }
            let node = caption.closest(".rm-table-wrap") || caption.closest("table");
            while (node && !/^H[1-6]$/.test(node.tagName)) { node = node.previousElementSibling; }
            if (node && norm(node.textContent) === norm(caption.textContent)) { found.push(caption.textContent.trim()); }
          }
          return found;
        }""")
        assert repeats == [], f"{path}: captions that repeat their heading: {repeats}"


def test_the_plan_filter_works_on_the_cards_of_a_phone(new_visit, demo_url):
    visit = demo_visit(new_visit, demo_url, viewport=WIDTHS["phone-390"])
    visit.goto(DEMO_ROADMAP)
    page = visit.page
    page.select_option("select[name=status]", "просрочено")
    cards = page.locator("#rm-plan tbody tr[data-status]:visible")
    assert sorted(cards.evaluate_all("rows => rows.map(r => r.id)")) == ["s2-02", "s2-04"]
    assert all(box["width"] > 200 for box in cards.evaluate_all("rows => rows.map(r => r.getBoundingClientRect())"))
    # a section without a shown activity is hidden with its heading
    sections = page.locator("#rm-plan .rm-plan-section:visible")
    assert sections.count() == 1
    page.select_option("select[name=status]", "")
    assert page.locator("#rm-plan .rm-plan-section:visible").count() > 1


TABLES_SCROLLED = """() => [...document.querySelectorAll('.md-content .rm-table-wrap')]
  .filter((wrap) => wrap.querySelector('table.rm-cards') && wrap.scrollWidth > wrap.clientWidth + 1)
  .map((wrap) => (wrap.querySelector('caption') || wrap).textContent.trim().slice(0, 60))"""


@pytest.mark.parametrize(("view", "options"), [
    ("tablet-820", {"viewport": {"width": 820, "height": 1180}}),
    ("a11y-large-1280", {"viewport": {"width": 1280, "height": 900}, "a11y": {"on": True, "size": "2", "scheme": "wb"}}),
    ("a11y-first-size-1280", {"viewport": {"width": 1280, "height": 900},
                              "a11y": {"on": True, "size": "1", "scheme": "wb"}}),
])
def test_a_list_that_would_not_fit_is_cards_not_a_table_scrolled_sideways(new_visit, view, options):
    """A tablet's 820 px and the version for visually impaired readers (larger font) on a desktop: each list of the
    road map, the catalogue, a school, the results and the error codes fits its column — as a table where it fits,
    as cards where it would not (at 42 em the plan, the catalogue and the codes scrolled sideways there)."""
    visit = new_visit(**options)
    scrolled = {}
    for path in [*PAGES, "/ocenka/seversky/ege-2022/", "/oshibki/"]:
        visit.goto(path)
        found = visit.page.evaluate(TABLES_SCROLLED)
        if found:
            scrolled[path] = found
    assert scrolled == {}
