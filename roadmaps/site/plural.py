"""Russian plurals: «1 мероприятие», «2 мероприятия», «5 мероприятий», «11 мероприятий», «21 мероприятие».

``plural(n, one, few, many)`` gives the form of the noun for the number; ``count(n, one, few, many)`` the
number and the noun, as a page prints them (a non-breaking space between: they never part at a line end).
In templates the ``plural`` filter is ``count``: ``{{ acts|length|plural("мероприятие", "мероприятия",
"мероприятий") }}``; a noun used often has its forms here: ``{{ n|plural("мероприятие") }}``.
"""

from __future__ import annotations

NBSP = "\u00a0"

# the forms of the nouns the site counts most: one (1, 21), few (2–4, 22–24), many (0, 5–20, 25–30)
FORMS: dict[str, tuple[str, str, str]] = {
    "мероприятие": ("мероприятие", "мероприятия", "мероприятий"),
    "показатель": ("показатель", "показателя", "показателей"),
    "школа": ("школа", "школы", "школ"),
    "организация": ("организация", "организации", "организаций"),
    "отчёт": ("отчёт", "отчёта", "отчётов"),
    "документ": ("документ", "документа", "документов"),
    "пункт": ("пункт", "пункта", "пунктов"),
    "значение": ("значение", "значения", "значений"),
    "запись": ("запись", "записи", "записей"),
    "срок": ("срок", "срока", "сроков"),
    "контрольная точка": ("контрольная точка", "контрольные точки", "контрольных точек"),
    "примечание": ("примечание", "примечания", "примечаний"),
    "год": ("год", "года", "лет"),
    "строка": ("строка", "строки", "строк"),
    "участник": ("участник", "участника", "участников"),
}


def plural(n: int, one: str, few: str | None = None, many: str | None = None) -> str:
    """The form of a noun for the count ``n``: ``one`` for 1, 21, 101; ``few`` for 2–4, 22–24; ``many`` for
    0, 5–20, 25–30, 111.  Given only ``one``, a noun of ``FORMS`` takes its forms from there."""
    if few is None or many is None:
        try:
            one, few, many = FORMS[one]
        except KeyError:
            raise ValueError(f"plural: the forms of «{one}» are not known; give all three") from None
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def count(n: int, one: str, few: str | None = None, many: str | None = None) -> str:
    """The number and the noun: «21 мероприятие», «1 234 мероприятия» (digits grouped, non-breaking spaces)."""
    number = f"{int(n):,}".replace(",", NBSP)
    return f"{number}{NBSP}{plural(n, one, few, many)}"
