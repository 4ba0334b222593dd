"""roadmaps.search_docs: the part of a page pagefind indexes, without what it would skip."""

from __future__ import annotations

import pytest

from roadmaps.fast.search import BODY_END, BODY_OPEN, search_document, strip_ignored


def page(body: str) -> str:
    return f"<html><head><title>T</title></head><body><nav>меню</nav>{BODY_OPEN}{body}{BODY_END}</div>" \
           "<footer>подвал</footer></body></html>"


def test_only_the_searchable_part_goes_in():
    doc = search_document(page("<h1>Заголовок</h1><p>текст</p>"))
    assert "<h1>Заголовок</h1><p>текст</p>" in doc
    assert "меню" not in doc and "подвал" not in doc and "<title>" not in doc
    assert '<html lang="ru">' in doc and doc.count(BODY_OPEN) == 1


def test_a_page_without_a_searchable_part_has_no_document():
    assert search_document("<html><body><p>отчёт</p></body></html>") is None


def test_a_searchable_part_without_its_end_mark_is_an_error():
    with pytest.raises(ValueError, match="search-end"):
        search_document(f"<body>{BODY_OPEN}<p>x</p></div></body>")


def test_ignored_elements_go_with_their_content_and_nested_elements_of_the_same_name():
    body = ('<p>до</p><div class="a" data-pagefind-ignore tabindex="0"><div><div>внутри</div></div>'
            "<table><tr><td>ячейка</td></tr></table></div><p>после</p>")
    assert strip_ignored(body) == "<p>до</p><p>после</p>"


def test_several_ignored_elements_of_different_kinds_and_a_valued_attribute():
    body = ("<ul data-pagefind-ignore><li>1</li></ul><p>a</p><details class=rm-year data-pagefind-ignore open>"
            "<summary>2023</summary></details><p>b</p><section data-pagefind-ignore=\"all\">c</section><p>d</p>")
    assert strip_ignored(body) == "<p>a</p><p>b</p><p>d</p>"


def test_the_attribute_name_in_text_or_in_another_attribute_changes_nothing():
    body = ('<p>текст data-pagefind-ignore и &lt;div data-pagefind-ignore&gt;</p>'
            '<div title="x data-pagefind-ignore y" data-figure="{&#34;a&#34;: &#34; data-pagefind-ignore&#34;}">'
            "график</div><p data-pagefind-ignored-not>остаётся</p>")
    assert strip_ignored(body) == body


def test_a_void_element_and_an_unclosed_one():
    assert strip_ignored('<p>a<img src="x.png" data-pagefind-ignore alt="">b</p>') == "<p>ab</p>"
    assert strip_ignored("<p>a</p><div data-pagefind-ignore><p>до конца") == "<p>a</p>"


def test_end_tags_in_other_case_and_similar_names_are_matched_right():
    body = "<DIV data-pagefind-ignore><divx>не div</divx><div>x</DIV></div><p>после</p>"
    assert strip_ignored(body) == "<p>после</p>"
