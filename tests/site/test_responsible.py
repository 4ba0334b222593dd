"""A responsible body is printed once: the document's words with the organisations they name linked."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from roadmaps.site.responsible import responsible_links
from roadmaps.site.templates import environment


@dataclass
class Org:
    name: str
    short_name: str = ""
    aliases: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.short_name or self.name


ORGS = {
    "imc": Org("Муниципальное казенное учреждение «Информационно-методический центр»", "МКУ ИМЦ",
               ("МКУ ИМЦ", "Специалисты МКУ ИМЦ", "ИМЦ")),
    "oo": Org("Общеобразовательные организации района", "ОО", ("Руководители ОО", "ОО")),
    "uo": Org("Управление образования администрации района", "УО", ("управление образования",)),
    "nolink": Org("Министерство", "МО"),
}
LINKS = {"imc": "../imc/", "oo": "../oo/", "uo": "../uo/"}


def test_the_named_body_is_linked_where_it_stands_and_not_repeated():
    html = responsible_links("Ганина Е.В. Специалисты МКУ ИМЦ", ("imc",), ORGS, LINKS)
    assert html == "Ганина\u00a0Е.В. " + '<a class="rm-org" href="../imc/">Специалисты МКУ ИМЦ</a>'
    assert isinstance(html, Markup)


def test_each_named_body_once_the_longest_name_wins():
    html = responsible_links("Руководители ОО, Управление образования", ("oo", "uo"), ORGS, LINKS)
    assert html == ('<a class="rm-org" href="../oo/">Руководители ОО</a>, '
                    '<a class="rm-org" href="../uo/">Управление образования</a>')


def test_a_body_the_words_do_not_name_is_added_by_its_label():
    html = responsible_links("Кочнева С.А.", ("imc",), ORGS, LINKS)
    assert html == "Кочнева\u00a0С.А." + '<br><a class="rm-org" href="../imc/">МКУ ИМЦ</a>'
    assert responsible_links("", ("oo",), ORGS, LINKS) == '<a class="rm-org" href="../oo/">ОО</a>'


def test_no_link_without_a_page_and_dash_for_nothing():
    assert responsible_links("МО", ("nolink",), ORGS, LINKS) == "МО"
    assert responsible_links("", (), ORGS, LINKS) == "—"
    assert responsible_links("ОО", ("oo",), ORGS, lambda oid: None) == "ОО"


def test_not_inside_a_longer_word_lines_kept_and_escaped():
    html = responsible_links("ОООО <b>x</b>\nОО", ("oo",), ORGS, LINKS)
    assert html == 'ОООО &lt;b&gt;x&lt;/b&gt;<br><a class="rm-org" href="../oo/">ОО</a>'


def test_the_jinja_filter():
    template = environment().from_string("{{ t|responsible_links(ids, orgs, links) }}")
    assert template.render(t="ИМЦ <i>", ids=["imc"], orgs=ORGS, links=LINKS) == (
        '<a class="rm-org" href="../imc/">ИМЦ</a> &lt;i&gt;')


def test_a_surname_keeps_its_initials_on_its_line():
    html = responsible_links("Кочнева С.А. Седова Е.И., Руководители ОО", ("oo",), ORGS, LINKS)
    assert html == ('Кочнева\u00a0С.А. Седова\u00a0Е.И., <a class="rm-org" href="../oo/">Руководители ОО</a>')
