"""The command line in Russian: argparse's own words — «usage», «options», its error messages — in the words of
the staff who type the commands (a mistyped command printed «error: argument КОМАНДА: invalid choice: …»).

argparse takes each of its texts through ``gettext``; while ``roadmaps`` makes its parser and reads its command line
(:func:`spoken`) they go through :data:`WORDS` instead (a text it does not know stays as it is), and a type's name
in «invalid int value» is said in Russian.
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

WORDS = {
    "usage: ": "как запускать: ",
    "positional arguments": "что указать",
    "options": "параметры",
    "show this help message and exit": "показать эту справку и выйти",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "непонятные аргументы: %s",
    "not allowed with argument %s": "нельзя указывать вместе с %s",
    "ignored explicit argument %r": "у параметра не бывает значения: %r",
    "the following arguments are required: %s": "не указано обязательное: %s",
    "one of the arguments %s is required": "укажите один из параметров: %s",
    "expected one argument": "после параметра нужно одно значение",
    "expected at most one argument": "нужно не больше одного значения",
    "expected at least one argument": "нужно хотя бы одно значение",
    "ambiguous option: %(option)s could match %(matches)s": "неоднозначный параметр %(option)s: подходят %(matches)s",
    "unexpected option string: %s": "неожиданный параметр: %s",
    "invalid %(type)s value: %(value)r": "значение %(value)r не подходит: нужно %(type)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "нет такого варианта: %(value)r; можно: %(choices)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: ошибка: %(message)s\n",
}
TYPES = {"int": "целое число", "float": "число"}


def _say(text: str) -> str:
    return WORDS.get(text, text)


def _ngettext(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "после параметра нужно значений: %s"
    return singular if n == 1 else plural


class Parser(argparse.ArgumentParser):
    """An ArgumentParser that speaks Russian (its subcommands' parsers too)."""

    def _get_value(self, action, arg_string):
        try:
            return super()._get_value(action, arg_string)
        except argparse.ArgumentError as exc:
            for name, said in TYPES.items():
                exc.message = exc.message.replace(f"нужно {name}", f"нужно {said}")
            raise


@contextlib.contextmanager
def spoken() -> Iterator[None]:
    """argparse's texts in Russian while the parser is made and reads the command line (its module looks ``_``
    and ``ngettext`` up when it speaks); as they were afterwards, for any other parser of the process."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _say, _ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved
