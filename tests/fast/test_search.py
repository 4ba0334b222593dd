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


# --------------------------------------------------------------------------- an index in parts
def _tree(folder):
    import hashlib
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _indexed(tmp_path, name, monkeypatch, by_glob: bool):
    from roadmaps.fast import search

    if not by_glob:
        monkeypatch.setattr(search, "part_glob", lambda uris: None)
    source = search.SearchSource()
    pages = {"index.html": "<h1>Главная</h1><p>дорожные карты района</p>",
             "metodika/index.html": "<h1>Методика</h1><p>как считаются показатели</p>"}
    for n in range(12):
        pages[f"karty/karta-{n}/index.html"] = f"<h1>Карта {n}</h1><p>мероприятие {n} школа № {n} отчёт</p>"
        pages[f"karty/karta-{n}/pokazateli/i0{n % 3}/index.html"] = f"<h1>Показатель {n}</h1><p>доля {n} %</p>"
        pages[f"organizacii/shkola-{n}/index.html"] = f"<h1>Школа № {n}</h1><p>упоминается в карте {n}</p>"
    for uri, body in pages.items():
        source.add(uri, page(body))
    out = tmp_path / name / "pagefind"
    try:
        assert source.index(str(out)) is None
    finally:
        source.close()
    return _tree(out)


def test_a_part_read_by_glob_is_the_index_of_a_folder_of_that_part_alone(tmp_path, monkeypatch):
    """pagefind told which documents of the folder are the part's (--glob) writes the same files, byte for byte,
    as pagefind over a folder that holds that part's documents only (the way before)."""
    pytest.importorskip("pagefind")
    monkeypatch.setenv("ROADMAPS_SEARCH_PARTS", "3")
    by_glob = _indexed(tmp_path, "glob", monkeypatch, by_glob=True)
    with monkeypatch.context() as m:
        by_folder = _indexed(tmp_path, "folder", m, by_glob=False)
    assert any(name.startswith("chast-") for name in by_glob)
    assert len([n for n in by_glob if "/fragment/" in n]) == 12 * 3 + 2
    assert by_glob == by_folder


def test_a_glob_names_plain_addresses_only():
    from roadmaps.fast.search import GLOB_LIMIT, part_glob

    assert part_glob(["karty/a-1/index.html"]) == "karty/a-1/index.html"
    assert part_glob(["a/index.html", "b/index.html"]) == "{a/index.html,b/index.html}"
    for odd in ("o sajte/index.html", "a{b}/index.html", "a*/index.html", "a,b/index.html", "страница/index.html",
                "a[1]/index.html", "a!/index.html"):
        assert part_glob(["a/index.html", odd]) is None, odd
    assert part_glob([]) is None
    assert part_glob([f"karty/karta-{n:06d}/index.html" for n in range(GLOB_LIMIT // 20)]) is None
