"""mkdocs-macros functions for hand-written pages: blocks rendered by roadmaps.site templates.

Every macro returns autoescaped HTML from a Jinja template, never a string built from data.  A macro's block
(``@block``) reaches the page without the Markdown parser, wherever Markdown would have passed it through as it is
(``roadmaps.fast.blocks``): write it as ``{{ macro() }}`` alone on its line.  Through a Jinja filter (``| length``…)
it is not the block itself.
"""

from __future__ import annotations

import functools

from markupsafe import Markup

from roadmaps import settings
from roadmaps.errors import describe_catalogue
from roadmaps.fast.blocks import hold
from roadmaps.site.catalogue import catalogue_html, due_html
from roadmaps.site.context import SiteData, current
from roadmaps.site.opendata import opendata_page_html
from roadmaps.site.plural import count as plural_count
from roadmaps.site.school_plan import districts_with_schools
from roadmaps.site.templates import render, ru_date, ru_number
from roadmaps.site.urls import indicator_url, org_url, rel, roadmap_url

MACROS: dict[str, str] = {}


def _site() -> SiteData:
    return current()  # loaded and validated by hooks/build.py in on_config


def define_env(env):
    def macro(func):
        MACROS[func.__name__] = (func.__doc__ or "").strip()
        env.macro(func)
        return func

    def block(func):
        """A macro whose result is a block of HTML for the page as it is (see the module's docstring)."""
        @functools.wraps(func)
        def held(*args, **kwargs) -> Markup:
            return Markup(hold(func(*args, **kwargs)))
        return macro(held)

    def page_url() -> str:
        return env.page.url if env.page else ""

    @block
    def roadmap_catalogue() -> Markup:
        """Таблица всех дорожных карт: кто утвердил, срок, состояние, доля мероприятий с отметками."""
        return Markup(catalogue_html(_site(), page_url()))

    @block
    def due_soon() -> Markup:
        """Мероприятия со сроком в этом и следующем месяце по всем дорожным картам."""
        return Markup(due_html(_site(), page_url()))

    @block
    def error_catalogue() -> Markup:
        """Таблица всех кодов ошибок проверки данных с сообщениями и способами исправления."""
        return Markup(render("errors.html", errors=describe_catalogue()))

    @macro
    def site_counts() -> dict:
        """Числа для текста страниц: дорожных карт, мероприятий, показателей, организаций."""
        c = _site().catalogue
        return {"roadmaps": len(c.roadmaps), "activities": sum(len(r.activities) for r in c.roadmaps),
                "indicators": sum(len(r.indicators) for r in c.roadmaps), "organizations": len(c.organizations)}

    def _fact_summary(facts, years: int = 3) -> list[str]:
        """The facts of the last few years, one line a year: the document's own value («2022: 12»), and how many
        organisations have their own values that year («2023: по 40 организациям» — never one school's value as
        the indicator's, :func:`~roadmaps.attainment.split_facts`): the full series is on the indicator's page."""
        own: dict[int, list] = {}
        others: dict[int, set] = {}
        for m in facts.own:
            own.setdefault(m.year, []).append(m)
        for m in facts.others:
            others.setdefault(m.year, set()).add(m.scope)
        known = sorted(own.keys() | others.keys())
        lines = []
        for year in known[-years:]:
            parts = []
            if year in own:
                values = own[year]
                parts.append(ru_number(values[0].value) if len(values) == 1
                             else plural_count(len(values), "значение"))
            if year in others:
                parts.append("по " + plural_count(len(others[year]), "организации", "организациям", "организациям"))
            lines.append(f"{year}: " + ", ".join(parts))
        if len(known) > years:
            lines.insert(0, f"… ещё {len(known) - years} г.")
        return lines

    @block
    def attainment_table() -> Markup:
        """Оценка достижения цели по каждому показателю, у которого в документе есть план или факт."""
        from roadmaps.attainment import assess_facts, split_facts
        rows = []
        for r in _site().catalogue.roadmaps:
            for ind in r.indicators:
                targets, facts = r.targets_of(ind.id), split_facts(r.measurements_of(ind.id), r.issuer)
                if targets or facts.own or facts.others:
                    rows.append({"r": r, "ind": ind, "targets": targets, "facts": _fact_summary(facts),
                                 "a": assess_facts(targets, facts), "url": indicator_url(r, ind)})
        return Markup(render("attainment.html", rows=rows, rel=lambda to: rel(page_url(), to)))

    @block
    def overdue() -> Markup:
        """Просроченные мероприятия по всем дорожным картам (по отметкам об исполнении)."""
        from roadmaps.status import OVERDUE, statuses_as_of
        site = _site()
        items = []
        for r in site.catalogue.roadmaps:
            statuses = statuses_as_of(r, site.today)
            items += [(r, a) for a in r.activities if statuses[a.id] == OVERDUE]
        return Markup(render("overdue.html", items=items, rel=lambda to: rel(page_url(), to),
                                   roadmap_url=roadmap_url))

    @block
    def schools_by_district() -> Markup:
        """Школы по районам: с главной страницы к странице школы — одна ссылка."""
        return Markup(render("home_schools.html", districts=districts_with_schools(_site().catalogue), limit=12,
                             rel=lambda to: rel(page_url(), to), org_url=org_url))

    @macro
    def build_date() -> str:
        """Дата, на которую собран сайт (для «сроки в этом месяце»)."""
        return ru_date(_site().today)

    @block
    def opendata_sets() -> Markup:
        """Реестр наборов открытых данных и паспорт каждого набора (страница «Открытые данные»)."""
        return Markup(opendata_page_html(_site(), page_url(), env.conf["site_url"] or ""))

    @macro
    def hosting() -> str:
        """Где размещён сайт: pages, server или s3 (ROADMAPS_HOSTING); страница «О сайте» говорит по нему, где журналы сервера."""
        return settings.hosting()
