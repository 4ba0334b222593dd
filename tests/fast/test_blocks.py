"""roadmaps.fast.blocks: a macro's block is held only where Markdown would have passed it through, as Markdown
would have passed it; its placeholder is put back where it cannot stay; data cannot forge one."""

from __future__ import annotations

import random
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest

from roadmaps.fast import blocks
from roadmaps.fast.blocks import LateBlocks, hold, markdown_form

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def convert():
    """Markdown with the extensions and settings of mkdocs.yml, as MkDocs makes it for a page."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return lambda text: markdown.Markdown(extensions=config["markdown_extensions"],
                                          extension_configs=config["mdx_configs"] or {}).convert(text)


def page(src_uri: str = "index.md", title: str = "Главная"):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), title=title)


PIECES = ["<p>a</p>", '<div class="w">x<div>y</div>z</div>', '<h2 id="q">Раздел</h2>', "<h1>Свой</h1>",
          "<ul><li>a<ul><li>b</li></ul></li></ul>", "<table>\n<tr><td>1</td></tr>\n</table>", "<span>s</span>",
          "text *em*", "<hr>", "<hr />", "<br>", "<div/>", "<p>a &amp; b &#34;c&#x27;</p>", "<p>R&D</p>", "<!-- c -->",
          '<p markdown="1">*x*</p>', "<section><h3>s</h3>\n<p>p</p></section>", "<DIV>u</DIV>",
          "<div>\n\n<p>inner blank</p>\n\n</div>", "<div>\n    indented\n</div>", "<p>a</p >", "<pre>  x\n\n  y</pre>",
          "<p>unclosed", "</p>", "<div\n  class=\"multi\">line</div >", "<p>a\tb</p>", "<div>\n   \n</div>",
          "<script>x</script>", "<details><summary>s</summary><p>d</p></details>"]
GAPS = ["", "\n", "\n\n", " ", "\n\n\n", "\t", "\n  \n", "\r\n"]


def test_a_block_as_markdown_form_tells_it_is_what_markdown_makes_of_it(convert):
    """Random sequences of elements, text and blanks: wherever markdown_form answers, Python-Markdown (with the
    site's extensions) makes exactly that of the block, alone and between paragraphs."""
    rng = random.Random(20231)
    told = 0
    for _ in range(3000):
        html = "".join(rng.choice(PIECES) + rng.choice(GAPS) for _ in range(rng.randint(1, 4)))
        html = html.rstrip(" \t\r\n") + rng.choice(["", "\n"])
        form = markdown_form(html)
        if form is None:
            continue
        told += 1
        assert convert(html) == form, html
        assert convert(f"Текст\n\n{html}\n\nЕщё") == f"<p>Текст</p>\n{form}\n\n<p>Ещё</p>", html
    assert told > 300  # the test sees blocks markdown_form does tell


def test_the_shapes_markdown_would_change_are_not_told():
    assert markdown_form("<p>а</p><h3>б</h3>") == "<p>а</p>\n<h3>б</h3>"  # Markdown's line break between them
    for html in ["<span>inline</span>", "<p>a</p>\ntext", "text", '<div markdown="1">*x*</div>', "<p>R&D</p>",
                 "<div><!-- c --></div>", "<p>a\tb</p>", "<div>\n  \n</div>", "<hr>", "<p>a</p><div/>", "  <p>a</p>",
                 "<p>a</p> ", "<p>unclosed", "<style>p{}</style>", ""]:
        assert markdown_form(html) is None, html


@pytest.mark.parametrize("text, held", [
    ("# Заголовок\n\n{}\n\nТекст\n", True),
    ("{}", True),
    ("{}\n", True),
    ("Текст\n  \n{}\n\t\n", True),
    ("Текст\n{}\n\nТекст\n", False),  # no blank line before
    ("{}\nТекст\n", False),  # nor after
    ("Текст {} текст\n", False),  # in a paragraph
    ("- пункт\n- {}\n", False),  # in a list
    ("- пункт\n\n    {}\n", False),  # in a list item of its own
    ("> {}\n", False),  # in a quotation
    ("| а | б |\n|---|---|\n| {} | в |\n", False),  # in a table
    ("!!! note\n\n    {}\n", False),  # in an admonition
    ("{}\n\n{}\n", False),  # twice, as a Jinja variable put twice
    (" {}\n", False),
])
def test_a_block_is_held_only_where_its_placeholder_stands_alone(convert, text, held):
    late = LateBlocks()
    late.open(page())
    block = '<div class="rm-table-wrap"><table><tr><td>1</td></tr></table></div>'
    placeholder = late.hold(block)
    assert placeholder.startswith("<!-- roadmaps:block ") and late.token in placeholder
    source = late.close(text.replace("{}", placeholder), page())
    assert (placeholder in source) == held
    assert (block in source) == (not held)  # put back as the macro gave it: Markdown parses it as it always did
    if held:  # and Markdown passes the placeholder through, a comment of its own
        html = convert(source)
        assert html.count(placeholder) == 1 and placeholder in blocks._top_comments(html)


def test_a_placeholder_inside_html_makes_markdown_convert_the_page_again(convert):
    """Alone on its line, but inside an element (raw HTML, md_in_html): the page converted with its blocks."""
    late = LateBlocks()
    late.open(page())
    block = "<table><tr><td>1</td></tr></table>"
    placeholder = late.hold(block)
    source = late.close(f'<div markdown="1">\n\n{placeholder}\n\n</div>\n', page())
    assert placeholder in source  # alone on its line: held so far

    p = Page(file=SimpleNamespace(src_uri="index.md"), markdown=source, convert=convert)
    p.render(None, None)
    html = late.rendered(p.content, p, None, None)
    assert html == convert(f'<div markdown="1">\n\n{block}\n\n</div>\n') and late.held == {}
    assert late.counts == {"late": 0, "parsed": 1}


class Page(SimpleNamespace):
    """A hand-written page as LateBlocks sees it; rendered by Markdown."""

    def render(self, config, files):
        self.content = self.convert(self.markdown)


def test_a_block_goes_in_place_once_and_nothing_it_brings_is_replaced():
    late = LateBlocks()
    late.open(page())
    first, second = late.hold("<p>первый</p>"), late.hold("<p>второй</p>")
    source = late.close(f"{first}\n\n{second}\n", page())
    assert source == f"{first}\n\n{second}\n"  # both held
    other = "<!-- roadmaps:block 00000000000000000000000000000000 1 -->"  # another build's
    output = f"<main>{first}\n{second}\n{first}{other}</main>"
    assert late.after_theme(output, page()) == f"<main><p>первый</p>\n<p>второй</p>\n{first}{other}</main>"
    assert late.after_theme(output, page()) == output  # the page's blocks are gone with it


def test_a_block_carrying_a_placeholder_token_and_all_is_parsed_and_replaces_nothing(convert):
    """No template lets data write a placeholder (data is escaped, the token is drawn when the data is read);
    even a block that did, is parsed, not held, and never puts a block where its text has a placeholder."""
    late = LateBlocks()
    late.open(page())
    forged = f"<!-- roadmaps:block {late.token} {late.count + 2} -->"
    carrier = late.hold(f"<div><p>{forged}</p></div>")
    second = late.hold("<p>второй</p>")
    assert second == forged
    source = late.close(f"{carrier}\n\n{second}\n", page())
    assert source == f"<div><p>{forged}</p></div>\n\n{second}\n"  # the carrier put back: it has a comment
    p = Page(file=SimpleNamespace(src_uri="index.md"), markdown=source, convert=convert)
    p.render(None, None)
    html = late.rendered(p.content, p, None, None)  # the placeholder twice in the HTML: converted again
    assert html == convert(f"<div><p>{forged}</p></div>\n\n<p>второй</p>\n")
    assert late.held == {} and late.after_theme(html, p) == html


def test_a_block_with_its_own_h1_says_so_in_its_placeholder():
    """Material adds the page's title as <h1> unless page.content has one."""
    late = LateBlocks()
    late.open(page())
    assert "<h1" in late.hold("<h1>Свой заголовок</h1>")
    assert "<h1" not in late.hold("<h2>Раздел</h2>")


def test_outside_a_page_and_for_an_empty_block_the_block_itself():
    late = LateBlocks()
    assert late.hold("<p>а</p>") == "<p>а</p>"
    late.open(page())
    assert late.hold("") == ""
    assert hold("<p>а</p>") == "<p>а</p>"  # no build: the macro's block as it is
    blocks.activate(late)
    try:
        assert hold("<p>а</p>").startswith("<!-- roadmaps:block ")
    finally:
        blocks.activate(None)
    assert LateBlocks().token != late.token  # every build its own


def test_a_placeholder_in_the_title_is_put_back():
    """The macros plugin renders a page's title too: a block there is the block, as before."""
    late = LateBlocks()
    p = page()
    late.open(p)
    p.title = late.hold("<p>а</p>")
    late.close("Текст\n", p)
    assert p.title == "<p>а</p>"
