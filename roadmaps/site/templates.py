"""The Jinja environment of the generated pages (autoescaped templates in ``templates/``) and its filters."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from roadmaps.schedule import KIND_TITLES, Schedule, human_date
from roadmaps.site.plural import count as plural_count
from roadmaps.site.responsible import responsible_links


# --------------------------------------------------------------------------- templates
@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("roadmaps", "site/templates"), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["ru_number"] = ru_number
    env.filters["ru_date"] = ru_date
    env.filters["lines"] = lines
    env.filters["multiline"] = multiline
    env.filters["plural"] = plural_count  # {{ n|plural("мероприятие") }}: «21 мероприятие», «22 мероприятия»
    env.filters["responsible_links"] = responsible_links
    env.filters["json_attribute"] = json_attribute  # data-figure='{{ figure|json_attribute }}'
    env.filters["path_breaks"] = path_breaks
    env.globals["KIND_TITLES"] = KIND_TITLES
    env.globals["schedule_cell"] = schedule_cell
    return env


@lru_cache(maxsize=16384)
def schedule_cell(text: str, schedule: Schedule) -> Markup:
    """A deadline as printed and as understood: the ``schedule_cell`` macro of ``_macros.html``, rendered
    once per distinct deadline (road maps repeat theirs: «Ежегодно», «Постоянно», «Декабрь 2024 г.»)."""
    return environment().get_template("_macros.html").module.schedule_cell(text, schedule)


def render(template: str, **context: Any) -> str:
    html = environment().get_template(template).render(**context)
    # Markdown ends a raw HTML block at a blank line: keep generated HTML blank-line free
    return "\n".join(filter(str.strip, html.splitlines()))


def path_breaks(text: Any) -> Markup:
    """A text escaped, a line allowed to end after each «/»: a path («data/organizations/organizations.csv») longer
    than a phone's line breaks between its folders, not inside a word."""
    return Markup(str(escape(str(text or ""))).replace("/", "/<wbr>"))


def lines(text: Any) -> list[str]:
    """The non-blank lines of a text."""
    return [x for x in str(text or "").split("\n") if x.strip()]


def multiline(text: Any) -> Markup:
    """A text as HTML keeping its line breaks: each non-blank line escaped, joined by <br>."""
    text = str(text or "")
    if "\n" not in text:  # most cells: one line
        return escape(text) if text.strip() else Markup()
    return Markup("<br>").join(lines(text))


@lru_cache(maxsize=8192)  # indicator pages print the same values many times (a value per school and year)
def ru_number(value: float | int | None) -> str:
    if value is None:
        return "—"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", "\u00a0")
    return f"{value:,.1f}".replace(",", "\u00a0").replace(".", ",")


def ru_date(value: Any) -> str:
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, date):
        return human_date(value)
    return "" if value is None else str(value)


def json_attribute(text: str) -> Markup:
    """JSON (as :func:`~roadmaps.site.figures.figure_json` writes it: ``<`` already ``\\u003c``) for an attribute
    value in single quotes: ``'`` and ``&`` written as JSON escapes, so nothing in it ends the value or reads as a
    character reference, and its double quotes stay one byte each (escaped as ``&#34;`` they were a third of a
    chart's bytes).  Outside its strings JSON has neither character, inside them the escapes read back the same."""
    return Markup(str(text).replace("&", "\\u0026").replace("'", "\\u0027").replace("<", "\\u003c"))


def markup(html: str) -> Markup:
    return Markup(html)
