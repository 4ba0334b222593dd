"""What frictionless says in English about a descriptor or a table it could not read, in plain Russian — and which
property of the descriptor it is about, so that the message names its line.

frictionless checks a descriptor part by part (the package, each resource, schema and field) and names the
property relative to the part it checked («at property 'constraints/unique'»), or not at all.  :func:`describe`
reads its message; :func:`locate` finds the property in the whole descriptor by that tail and the value quoted.
A message not in the table is still told in Russian (:data:`UNKNOWN`), never in English.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

ANY = None  # in a tail: any key or index
Path = tuple[str | int, ...]

_TYPES = {"string": "текст", "boolean": "true или false", "object": "словарь полей", "array": "список",
          "integer": "целое число", "number": "число", "null": "пусто"}
_NUMERIC = ("minimum", "maximum", "minLength", "maxLength", "exclusiveMinimum", "exclusiveMaximum")
# frictionless wraps what went wrong in what it was checking: «[package-error] The data package has an error:
# descriptor is not valid (Field is not valid: …)»
_WRAPPER = re.compile(r"^\s*(?:\[[\w-]+\]\s*|(?P<part>The data \w+|\w+) (?:has an error|is not valid):\s*"
                      r"|descriptor is not valid\s*\(\s*)")
# where the part frictionless checked sits in a package's descriptor
_PARTS: dict[str, Path] = {"The data package": (), "Package": (), "The data resource": ("resources", ANY),
                           "Resource": ("resources", ANY), "Schema": ("resources", ANY, "schema"),
                           "Field": ("resources", ANY, "schema", "fields", ANY),
                           "Dialect": ("resources", ANY, "dialect")}
_AT = r"(?: at property '(?P<at>[^']*)')?$"
UNKNOWN = "описание не прошло проверку по стандарту табличных данных: сверьте его с образцом (roadmaps new)"
UNKNOWN_TABLE = "таблица не прошла проверку по стандарту табличных данных"


@dataclass(frozen=True)
class Told:
    """frictionless's message in Russian, and how to find the property it is about (:func:`locate`)."""

    detail: str
    tail: Path = ()  # the end of the property's path (ANY: any key or index there)
    test: Callable[[Any], bool] | None = None  # which of the properties with that tail; None: not known
    anchored: bool = False  # ``tail`` is the whole path


def _core(message: str) -> tuple[str, Path | None]:
    """The message without the parts frictionless wraps it in, and where the innermost part it names (a field,
    a schema…) sits in the descriptor (None: not said)."""
    text, part = " ".join(message.split()), None
    while m := _WRAPPER.match(text):
        if m["part"] in _PARTS:
            part = _PARTS[m["part"]]
        text = text[m.end():]
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip()
    return text, part


def _tail(at: str | None) -> Path:
    return tuple(int(p) if p.isdigit() else p for p in at.split("/")) if at else ()


def _shown(tail: Path, default: str = "описание") -> str:
    return ".".join(str(p) for p in tail) if tail else default


def _repr_is(text: str) -> Callable[[Any], bool]:
    return lambda value: repr(value) == text


def _names(text: str) -> list[str]:
    return re.findall(r"'([^']*)'", text)


def describe(message: str, hint: str = "") -> Told:
    """frictionless's message about a descriptor in Russian; ``hint``: «regex» for a pattern Python's ``re``
    refused, «python» for another exception frictionless let through."""
    if hint == "regex":
        return Told("образец записи (pattern) не читается как регулярное выражение: проверьте скобки",
                    ("pattern",), _bad_pattern)
    if hint == "python":
        return Told("ограничение поля (minimum, maximum…) не того типа: нужно число или дата, как значения поля",
                    ("constraints",), _bad_bound)
    core, part = _core(message)
    told = _describe(core)
    if part is not None and told.anchored:
        return Told(told.detail, part + told.tail, told.test, True)
    return Told(told.detail, told.tail, told.test) if told.anchored else told


def _describe(core: str) -> Told:
    """:func:`describe` of a message without its wrappers; ``anchored``: the tail is relative to the part checked."""
    if m := re.match(r"(?P<value>.+?) is not of type (?P<types>'\w+'(?:, '\w+')*)" + _AT, core):
        tail = _tail(m["at"])
        wanted = " или ".join(_TYPES.get(t, t) for t in _names(m["types"]))
        return Told(f"«{_shown(tail)}»: значение {m['value']}, а нужно {wanted}", tail, _repr_is(m["value"]), True)
    if m := re.match(r"'(?P<name>[^']+)' is a required property" + _AT, core):
        name, tail = m["name"], _tail(m["at"])
        return Told(f"нет обязательного поля «{name}»" + (f" в «{_shown(tail)}»" if tail else ""), tail,
                    lambda value: isinstance(value, dict) and name not in value, True)
    if m := re.match(r"(?P<value>.+?) is not one of \[(?P<options>.*)\]" + _AT, core):
        tail, options = _tail(m["at"]), ", ".join(f"«{o}»" for o in _names(m["options"]))
        return Told(f"«{_shown(tail)}»: значение {m['value']} не из допустимых ({options})", tail,
                    _repr_is(m["value"]), True)
    if m := re.match(r"(?P<value>.+?) does not match '.*'" + _AT, core):
        tail = _tail(m["at"])
        rule = (": допустимы строчные латинские буквы, цифры и знаки «-», «.», «_», «/»"
                if tail and tail[-1] == "name" else " записи")
        return Told(f"«{_shown(tail)}»: значение {m['value']} не по образцу{rule}", tail, _repr_is(m["value"]), True)
    if m := re.match(r"(?P<value>.+?) (?:is too short|should be non-empty)" + _AT, core):
        tail = _tail(m["at"])
        return Told(f"«{_shown(tail)}» пусто", tail, _repr_is(m["value"]), True)
    if m := re.match(r"(?P<value>.+?) is not valid under any of the given schemas" + _AT, core):
        tail = _tail(m["at"])
        return Told(f"«{_shown(tail)}»: значение {m['value']} не подходит", tail, _repr_is(m["value"]), True)
    if m := re.match(r"Additional properties are not allowed \((?P<names>.*) (?:was|were) unexpected\)" + _AT,
                     core):
        names = _names(m["names"])
        return Told("лишние поля: " + ", ".join(f"«{n}»" for n in names), _tail(m["at"]),
                    lambda value: isinstance(value, dict) and any(n in value for n in names), True)
    if m := re.search(r'field type "(?P<type>[^"]*)" is not supported', core):
        kind = m["type"]
        return Told(f"тип поля «{kind}» не поддерживается", ("type",), lambda value: value == kind)
    if m := re.search(r'(?P<what>primary|foreign) key "(?P<key>[^"]*)" does not match the fields "(?P<fields>[^"]*)"',
                      core):
        missing = [k for k in _names(m["key"]) if k not in _names(m["fields"])]
        key = "первичный ключ (primaryKey)" if m["what"] == "primary" else "внешний ключ (foreignKeys)"
        tail: Path = ("primaryKey",) if m["what"] == "primary" else ("foreignKeys", ANY, "fields")
        return Told(f"{key} называет поле, которого нет в таблице: " + ", ".join(f"«{k}»" for k in missing), tail,
                    lambda value: any(k in (value if isinstance(value, list) else [value]) for k in missing))
    if m := re.search(r'foreign key for resource "(?P<source>[^"]*)" as resource "(?P<target>[^"]*)" does not exist',
                      core):
        target = m["target"]
        return Told(f"внешний ключ таблицы «{m['source']}» ссылается на таблицу «{target}», которой нет в пакете",
                    ("reference", "resource"), lambda value: value == target)
    if m := re.search(r"unknown encoding: (?P<encoding>\S+)", core):
        encoding = m["encoding"]
        return Told(f"неизвестная кодировка «{encoding}»: таблицы пакета — в UTF-8 (encoding: utf-8)",
                    ("encoding",), lambda value: value == encoding)
    if re.search(r'Please install "frictionless\[\w+\]"', core):
        return Told("формат таблицы не поддерживается: таблицы пакета — файлы CSV (format: csv)", ("format",),
                    lambda value: isinstance(value, str) and value.lower() != "csv")
    return Told(UNKNOWN)


TABLE_KINDS = {  # frictionless's errors of a whole table, in Russian
    "scheme-error": "файл таблицы не читается (его нет или это не обычный файл)",
    "encoding-error": "файл таблицы не читается в кодировке, указанной в описании (encoding)",
    "format-error": "файл таблицы не читается как CSV",
    "source-error": "файл таблицы не читается как таблица",
    "compression-error": "сжатый файл таблицы не распаковывается",
    "hash-count": "контрольная сумма файла не совпадает с указанной в описании (hash)",
    "byte-count": "размер файла не совпадает с указанным в описании (bytes)",
    "field-count": "число столбцов не совпадает с указанным в описании",
    "row-count": "число строк не совпадает с указанным в описании",
    "table-dimensions": "размеры таблицы не совпадают с указанными в описании",
    "row-constraint": "строка нарушает ограничение, записанное в описании",
    "deviated-value": "значение сильно отличается от остальных в столбце",
    "forbidden-value": "значение запрещено описанием",
    "sequential-value": "значения столбца идут не подряд",
    "ascii-value": "в значении знаки не из латиницы",
    "truncated-value": "значение, похоже, обрезано",
    "deviated-cell": "ячейка намного длиннее остальных",
    "duplicate-row": "строка повторяет другую",
}


def describe_table(kind: str, message: str) -> Told:
    """frictionless's error of a table (not of one cell) in Russian."""
    told = describe(message)
    if told.detail != UNKNOWN:
        return told
    return Told(TABLE_KINDS.get(kind, UNKNOWN_TABLE))


def locate(descriptor: object, told: Told) -> Path | None:
    """The path of the property :func:`describe` told of, in the whole descriptor: the first whose path ends in
    ``told.tail`` and whose value passes ``told.test``; None when not found (or not known)."""
    if told.test is None:
        return None
    for path, value in _walk(descriptor, ()):
        if (len(path) == len(told.tail) or not told.anchored) and _ends(path, told.tail):
            try:
                if told.test(value):
                    return path
            except Exception:  # noqa: BLE001, S112 - a test of a value of any type: no answer is no match
                continue
    return None


def _walk(value: object, path: Path) -> Iterator[tuple[Path, object]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))


def _ends(path: Path, tail: Path) -> bool:
    if len(tail) > len(path):
        return False
    return all(want is ANY or got == want for got, want in zip(path[len(path) - len(tail):], tail, strict=True))


def _bad_pattern(value: object) -> bool:
    try:
        re.compile(str(value))
    except re.error:
        return True
    return False


def _bad_bound(value: object) -> bool:
    """Constraints with a bound that is neither a number nor a date («minimum: abc»)."""
    return isinstance(value, dict) and any(
        isinstance(value.get(k), bool) or isinstance(value.get(k), str) and not re.fullmatch(r"[\d.:T+-]+", value[k])
        for k in _NUMERIC)
