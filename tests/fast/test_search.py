"""roadmaps.fast.search: the part of a page pagefind indexes, without what it would skip or never read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from roadmaps.fast import search
from roadmaps.fast.search import BODY_END, BODY_OPEN, DOCUMENT, SearchSource, search_document, slim, strip_ignored


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


# --- slimming: only what pagefind reads stays, and real pagefind makes the same index of it ----------------------

def test_attributes_pagefind_never_reads_go_ids_stay():
    body = ('<p class="rm-lead">a <a href="../x/" title="t">b</a></p>'
            '<tr id="s1-01" class="rm-row" data-status="done"><td data-label="Срок">2023</td></tr>'
            "<h2 class=x id=plan>План</h2><br class=x /><td\tclass='a>b'\nid=\"q\"/>")
    assert slim(body) == ('<p>a <a>b</a></p><tr id="s1-01"><td>2023</td></tr><h2 id=plan>План</h2><br />'
                          '<td\nid="q"/>')


def test_comments_and_bogus_comments_are_emptied():
    assert slim("a<!-- <p id=x>не текст</p> -->b<!---->c<!-- x --!>d<? php ?>e<!DOCTYPE x>f</ 3>g") == \
        "a<!---->b<!---->c<!----!>d<?>e<!>f</>g"


def test_a_nav_goes_unless_something_in_it_is_read():
    assert slim('<p>a</p><nav class="rm-page-nav" aria-label="Разделы"><ul><li><a href="#m">М</a> '
                "<span>(1)</span></li></ul></nav><p>b</p>") == "<p>a</p><p>b</p>"
    for kept in ("<nav id=n>x</nav>", "<nav><h1>x</h1></nav>", "<nav><p>x</nav>", "<navx>y</navx>"):
        assert slim(kept) == kept
    assert slim("<nav><p class=x>y</p></nav a=b><p>z</p>") == "<p>z</p>"  # an end tag's attributes are never read


def test_what_is_read_another_way_is_kept_from_there_on():
    for rest in ('<textarea class=x><b class="y">не тег</b></textarea><p class=z>',
                 '<script src="a.js">var t = "<b class=x></script>";</script><p class=z>',
                 '<img src="/a.png" alt="A" class="x"><p class=z>',
                 '<span data-pagefind-filter="район">А</span><p class=z>',
                 "<svg><![CDATA[<b class=x>]]></svg><p class=z>",
                 '<p title="never closed><b class=x>'):
        assert slim(f'<p class="before">{rest}') == f"<p>{rest}"


HOSTILE = [
    # quoting, ">" and "<" in values, glued and repeated attributes, odd names, separators
    """<h1 class='a"b' title=x"y data-x = "1" id = 'top'>Школа «О'Нил» &amp; сад</h1>
<p a="1"b='2'id="glued" c=3>склеенные атрибуты</p><p ="x" id=eq>имя «=»</p><p a=>пустое</p>
<div data-figure='{"a": ">", "b": "<p id=no>"}' class="rm-chart">график</div>
<a href=../x/ >ссылка/</a><H2 ID=Upper CLASS=X>Заглавные</H2><h3 id=a id=b>дважды</h3><h4 id="">пустой id</h4>
<h5 id=" с пробелом ">пробел</h5><h6 id="a&amp;b">сущность в id</h6><my-el data-x=1>своё</my-el><x:y z=1>ns</x:y>
<p\tclass="t"\nid="nl"\f>разделители</p><p class=q/>после</p><div/>открыт</div>""",
    # comments, entities, text that looks like tags, br
    """<h1>Комментарии</h1><p>до<!-- <p id=fake>не текст</p> -->после</p><p>&am<!-- -->p; и &lt;b class="x"&gt;</p>
<p>a < b, 3 <= 4, <3, x</ 3>y, <? php ?>z</>w<!---->раз<!-->два<!--->три<!-- a --!>четыре<!-- b --->пять</p>
<h2 id=br>один<br class=x>два<br/>три<BR>четыре</h2><p>&nbsp;&#34;&#x41;&quot; пробелы   и\r\nстроки</p>""",
    # nesting, anchors on inline elements, malformed nesting
    """<h1>Вложенность</h1><p>a<span class=x>b<div class=y>c</div>d</span>e</p>
<ul class=u><li id=l1><a href="#">x<strong class=s>y</strong></a> <small>z</small></li><li>w</li></ul>
<p><span id=s1 class=q>якорь <em class=e>внутри</em></span> после</p>
<table class=t><tr id=r1 class=row><th scope=row>Строка</th><td data-label=x>ячейка</td></tr></table>
<p><b class=x>x</p>y</b><p>z</p><section class=s aria-labelledby=h><h3 id=h>Раздел</h3><div><p>текст</p></div></section>""",
    # navs: skipped, kept when something in them is read; a searchable part that ignores some of itself
    """<h1>Навигация</h1><nav class="rm-page-nav" aria-label="Разделы"><ul><li><a href="#m">М</a></li></ul></nav>
<nav id=n><a href=#>с id</a></nav><nav><p>незакрытый</nav><p>после</p>
<div data-pagefind-ignore class=x><p id=ig>скрыто</p></div><p class=v>видно</p>""",
    # data-pagefind attributes (the rest of the page is kept as it is from the first); one filter with one value:
    # pagefind 1.5.2 writes several in an order of its own (pf_meta differs from run to run, issue #638)
    """<h1 class=t>Метаданные</h1><p class=a>до</p><span class=c data-pagefind-filter="район">Берёзовский</span>
<p data-pagefind-meta="kind:школа, cls[class]" class=cl>мета</p><p data-pagefind-sort="year:2023">2023</p>
<div data-pagefind-weight="3" class=w>вес</div><abbr title="Фонд" data-pagefind-index-attrs="title">ФФ</abbr>
<span DATA-PAGEFIND-META="uc:верх">верхний регистр</span><p class=after>после</p>""",
    # read another way: raw text, script, images, SVG, MathML, an unclosed tag at the end
    """<h1>Сырой текст</h1><p class=a>до</p><img src="/a.png" alt="Картинка" class=i><p class=b>после</p>""",
    """<h1>Скрипт</h1><p class=a>до</p><textarea class=t><b class=x>не тег</b></textarea>
<script>var s = "</p><b class=x>";</script><title>заголовок</title><p class=c>после</p>""",
    """<h1>SVG</h1><p class=a>до</p><svg viewBox="0 0 1 1"><path d="M0/"/><g class=g><text>в svg</text></g></svg>
<p class=b>между</p><svg><![CDATA[<b class=x>cdata</b>]]></svg><math><mi>x</mi></math><p class=c>после</p>""",
    """<h1>Незакрытый</h1><p class=a>до</p><p title="никогда не закрыт><b class=x>""",
    """<h1>Незакрытый комментарий</h1><p class=a>до</p><!-- не закрыт <p class=x>текст</p>""",
    """<h1>Незакрытый апостроф</h1><p class=a>до</p><p title='нет конца>текст</p>""",
    # skipped elements: a nav before the h1 gives the page its title; ids, nesting, entities around them
    """<nav class=n><h1 class=x>Заголовок в nav</h1></nav><h1>Второй</h1><p>&am<nav class=x>м</nav>p; и</p>
<nav><nav class=i>вложенный</nav></nav><nav><ul><li><ul><li><ul><li><ul><li><ul><li><ul><li><ul><li><ul><li>
<span>глубоко</span></li></ul></li></ul></li></ul></li></ul></li></ul></li></ul></li></ul></li></ul></nav>
<label id=lb class=l><span class=s>текст метки</span></label><label class=l>метка</label>
<form class=f><input name=q value=x><button class=b>найти</button></form><footer class=x>подвал в теле</footer>
<template><p id=t>шаблон</p></template><svg class=s><path d="M0"/></svg><p>после</p>""",
    # stray and odd tags
    """<h1>Странные теги</h1><p class=a>раз</p></br><br></br></p class=x><p/id=x>после слэша</p><p id>без</p>
<p id=>пусто</p><p\fid=f>перевод</p><p id='a'id='b'>два</p><a id=x/>самозакрытый</a><p-1 id=k>имя</p-1>
<p>a > b &#60;p&#62;</p><svg><font color=red>шрифт</font></svg><p class=c>c</p>""",
    # "<svg/>" leaves lol_html in SVG content: pagefind finds no data-pagefind-body in this page, either way
    """<h1>SVG без конца</h1><p class=a>до</p><svg/><p class=b>после</p>""",
    """<h1>Заглавные</h1><P CLASS=A>до</P><SCRIPT>var x = "<b class=x>";</SCRIPT><p class=b>после</p>""",
    """<h1>Язык</h1><p class=a>до</p><html lang=en><p class=b>после</p><link href=x><noscript><b class=x></b>""",
]


def _whole_page(body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="ru"><head><meta charset="utf-8"><title>Страница</title></head><body>'
            f'<header class="md-header"><nav class="md-nav">Меню сайта</nav></header>{BODY_OPEN}{body}'
            f"{BODY_END}</div><footer>подвал</footer></body></html>\n")


def _index(site: Path, out: Path) -> dict[str, bytes]:
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(out),
                             "--force-language", "ru", "--silent"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_pagefind_indexes_slimmed_hostile_markup_as_the_whole_pages(tmp_path: Path):
    """Each page's search document (slimmed) and the whole page give pagefind 1.5.2 the same index, byte for
    byte, on markup made to trip the slimming up."""
    whole, documents = tmp_path / "whole", tmp_path / "documents"
    slimmed = 0
    for n, body in enumerate(HOSTILE):
        html = _whole_page(body)
        for folder, text in ((whole, html), (documents, search_document(html))):
            (folder / f"p{n}").mkdir(parents=True)
            (folder / f"p{n}" / "index.html").write_text(text, encoding="utf-8")
        slimmed += len(search_document(html)) < len(DOCUMENT.format(body=strip_ignored(body)))
    assert slimmed == len(HOSTILE)  # each page lost something
    built, expected = _index(documents, tmp_path / "built"), _index(whole, tmp_path / "expected")
    assert sum(name.startswith("fragment/") for name in built) == len(HOSTILE) - 1  # all but "<svg/>"
    assert sorted(built) == sorted(expected)
    assert [name for name in built if built[name] != expected[name]] == []


def test_an_incremental_folder_slims_again_only_the_parts_that_changed(tmp_path: Path, monkeypatch):
    class KeptIndex:  # the build cache has the index of these documents: pagefind does not run
        def restore_index(self, key: str, output_path: str) -> bool:
            return True

    kept = tmp_path / "documents"
    first = SearchSource(str(kept), incremental=True)
    first.add("a/index.html", page('<p class="x">раз</p>'))
    first.add("b/index.html", page('<p class="y">два</p>'))
    assert first.index(str(tmp_path / "pagefind"), KeptIndex()) is None
    slimmed: list[str] = []
    monkeypatch.setattr(search, "slim", lambda body: slimmed.append(body) or slim(body))
    again = SearchSource(str(kept), incremental=True)
    again.add("a/index.html", page('<p class="x">раз</p>'))
    again.add("b/index.html", page('<p class="y">два, исправлено</p>'))
    assert slimmed == ['<p class="y">два, исправлено</p>']  # the same part as before is not slimmed again
    assert again.current["a/index.html"] == first.current["a/index.html"]
    assert again.current["b/index.html"] != first.current["b/index.html"]
    assert "<p>раз</p>" in (kept / "a" / "index.html").read_text(encoding="utf-8")
    assert "<p>два, исправлено</p>" in (kept / "b" / "index.html").read_text(encoding="utf-8")
    assert again.digest() != first.digest()
