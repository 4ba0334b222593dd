"""Run the stock frictionless validation and translate its report into our catalogue."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from roadmaps import errors as E
from roadmaps.corrections import correction
from roadmaps.data.load import LoadedPackage
from roadmaps.data.schemas import ID_LIST_SEPARATOR, ID_PATTERN, is_id_list, why_not_an_id
from roadmaps.data.tables import column_letter, with_column
from roadmaps.errors import Problem
from roadmaps.fast import csvread, descriptors, references
from roadmaps.text import plain_words
from roadmaps.validation.frictionless_text import Told, describe, describe_table, locate

ERROR_LIMIT = 1000  # frictionless's own default; said to the user when reached

_TYPES_RU = {
    "integer": "целое число", "number": "число (с точкой: 12.5)", "date": "дата в виде 2023-02-21",
    "year": "год (четыре цифры)", "boolean": "да/нет (true/false)", "string": "текст",
    "datetime": "дата и время", "list": "список через «;»", "time": "время в виде 14:30:00",
    "yearmonth": "год и месяц в виде 2023-05", "duration": "продолжительность в виде P1Y2M",
    "object": "словарь JSON", "array": "список JSON", "geopoint": "координаты", "geojson": "объект GeoJSON",
    "any": "любое значение",
}


def _written_as(ftype: str, value: object) -> str:
    """The end of a type error's «ожидается …»: what to write instead, when the cell means one value (as Excel
    writes a date, a decimal comma, «40%»…; :func:`roadmaps.corrections.correction`)."""
    meant = correction(ftype, value) if isinstance(value, str) else None
    if meant is None:
        if ftype == "date" and isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\d|\d\d?\.\d\d?\.\d{4}", value.strip()):
            return "; такого дня нет в календаре"
        return ""
    if ftype == "date" and value.strip().isdigit():
        return f"; если это число дня из Excel, напишите «{meant}»"
    return f" — напишите «{meant}»"


def _near(value: str, options: list) -> str | None:
    """The option of an enum that ``value`` differs from only in letter case, spaces or «ё» («Выполнено »)."""
    found = [o for o in options if plain_words(str(o)) == plain_words(value)]
    return str(found[0]) if len(found) == 1 and found[0] != value else None


def _constraint_detail(note: str, field: dict | None, cell: object = None) -> tuple[str, str]:
    """(code, Russian detail) for a frictionless constraint note on ``cell``."""
    m = re.search(r'constraint "(\w+)" is "(.*)"', note or "")
    name, value = (m.group(1), m.group(2)) if m else ("", "")
    if name == "required":
        return "required-value", ""
    if name == "unique":
        return "duplicate-id", ""
    if name == "enum":
        options = (field or {}).get("constraints", {}).get("enum", [])
        allowed = "допустимы только: " + ", ".join(f"«{o}»" for o in options)
        near = _near(cell, options) if isinstance(cell, str) else None
        return "constraint-error", f"напишите «{near}» ({allowed})" if near else allowed
    if name == "pattern":
        if isinstance(cell, str) and (field or {}).get("constraints", {}).get("pattern") == ID_PATTERN:
            why = why_not_an_id(cell)
            if why:
                return "constraint-error", f"{why}; идентификатор пишется латинскими строчными буквами, цифрами и дефисом"
        return "constraint-error", "не соответствует образцу записи"
    if name == "minimum":
        return "constraint-error", f"должно быть не меньше {value}"
    if name == "maximum":
        return "constraint-error", f"должно быть не больше {value}"
    if name == "minLength":
        return "constraint-error", f"должно быть не короче {value} знаков"
    if name == "maxLength":
        return "constraint-error", f"должно быть не длиннее {value} знаков"
    return "constraint-error", f"нарушено ограничение {name}"


@dataclass(frozen=True)
class FrictionlessJob:
    """What frictionless needs to validate one package: a worker gets this, never the loaded rows
    (frictionless reads the files itself)."""

    descriptor: dict[str, Any]
    directory: Path
    rel: str

    @classmethod
    def of(cls, pkg: LoadedPackage) -> FrictionlessJob:
        return cls(descriptor=pkg.descriptor or {}, directory=pkg.directory, rel=pkg.rel)


@dataclass(frozen=True)
class RawError:
    """One frictionless error reduced to plain values (it crosses the process boundary)."""

    kind: str  # frictionless error type; DESCRIPTOR for a descriptor or package-level problem
    message: str
    resource: str | None = None  # the task (resource) name of a row-level error
    row_number: int | None = None
    field_name: str | None = None
    cell: Any = None
    note: str = ""


DESCRIPTOR = "descriptor"
_LABELS = ("missing-label", "extra-label", "incorrect-label", "duplicate-label", "blank-label")


def frictionless_errors(job: FrictionlessJob) -> list[RawError]:
    """Validate one readable package with frictionless (in a worker or here): its errors, in report order.

    A duplicate single-column key is reported by frictionless twice (unique-error and primary-key):
    the primary-key twin is left out here.
    """
    from frictionless import Package, system  # imported lazily: heavy
    from frictionless.exception import FrictionlessException

    descriptors.install()  # each distinct descriptor's schema check once per process
    csvread.install()  # plain tables read with the default dialect, not guessed
    plan = references.plan(job.descriptor, job.directory)  # keys between plain tables checked from their cells
    try:
        with system.use_context(trusted=False):
            package = Package(plan.descriptor, basepath=str(job.directory))
            report = package.validate(limit_errors=ERROR_LIMIT)
    except Exception as exc:  # noqa: BLE001 - frictionless raises FrictionlessException for bad descriptors
        # what frictionless let through unexplained: a pattern Python's re refuses, a comparison of a bound
        hint = "" if isinstance(exc, FrictionlessException) else "regex" if isinstance(exc, re.error) else "python"
        return [RawError(DESCRIPTOR, _short(str(exc)), note=hint)]
    found = [RawError(DESCRIPTOR, _short(error.message)) for error in report.errors]
    for task in report.tasks:
        errors = plan.merged(task.name, list(task.errors), ERROR_LIMIT)
        unique_rows = {getattr(e, "row_number", None) for e in errors if e.type == "unique-error"}
        for error in errors:
            row = getattr(error, "row_number", None)
            if error.type == "primary-key" and row in unique_rows:
                continue
            found.append(RawError(error.type, error.message, task.name, row, getattr(error, "field_name", None),
                                  getattr(error, "cell", None), getattr(error, "note", "") or ""))
    return found


def translate(pkg: LoadedPackage, errors: list[RawError]) -> list[Problem]:
    """frictionless's errors as problems of our catalogue, with the files and physical lines of ``pkg``."""
    problems: list[Problem] = []
    lines_of: dict[str | None, dict[int, int]] = {}  # row number -> physical line, for tables with errors
    fields_of: dict[str | None, dict] = {}
    rows_of: dict[str | None, dict] = {}  # row number -> row, for tables with primary-key errors
    count = 0
    for error in errors:
        if error.kind == DESCRIPTOR:
            problems.append(_descriptor_problem(pkg, describe(error.message, error.note)))
            continue
        if error.row_number is None and error.kind not in _LABELS:
            told = describe_table(error.kind, error.message)
            if told.test is not None:  # a table frictionless cannot open for what its descriptor says
                problems.append(_descriptor_problem(pkg, told))
                continue
        name = error.resource
        table = pkg.tables.get(name) if name is not None else None
        if name not in lines_of:
            lines_of[name] = {r.number: r.line for r in table.rows} if table else {}
            fields_of[name] = {f.get("name"): f for f in _resource_fields(pkg, name)}
        if error.kind == "primary-key" and not any(_key_cells(pkg, rows_of, error)):
            continue  # an empty key is already «required-value»: it repeats no other row
        count += 1
        problems.extend(_translated(error, table.rel if table else pkg.rel, lines_of[name], fields_of[name], table))
    if count >= ERROR_LIMIT:
        problems.append(E.TOO_MANY_ERRORS(pkg.rel, limit=ERROR_LIMIT))
    return problems


def _descriptor_problem(pkg: LoadedPackage, told: Told) -> Problem:
    """frictionless's word on the descriptor, at the line of the value it is about when that is found."""
    path = locate(pkg.descriptor, told)
    line = pkg.descriptor_line(path) if path else None
    return E.DESCRIPTOR_INVALID(pkg.rel, line=line, row=line, detail=told.detail)


def frictionless_problems(pkg: LoadedPackage) -> list[Problem]:
    """Validate one readable package with frictionless in this process; its problems."""
    return translate(pkg, frictionless_errors(FrictionlessJob.of(pkg)))


def _key_cells(pkg: LoadedPackage, rows_of: dict[str | None, dict], error: RawError) -> list[str]:
    """The primary-key cells of the row of a ``primary-key`` error (["?"] when the row is not known)."""
    table = pkg.tables.get(error.resource) if error.resource is not None else None
    if table is None:
        return ["?"]
    if error.resource not in rows_of:
        rows_of[error.resource] = {r.number: r for r in table.rows}
    resource = next((r for r in (pkg.descriptor or {}).get("resources", []) if r.get("name") == error.resource), {})
    key = (resource.get("schema") or {}).get("primaryKey") or []
    row = rows_of[error.resource].get(error.row_number)
    return [row.get(name) for name in ([key] if isinstance(key, str) else key)] if row is not None else ["?"]


def _resource_fields(pkg: LoadedPackage, name: str | None) -> list[dict]:
    for resource in (pkg.descriptor or {}).get("resources", []):
        if resource.get("name") == name:
            return [f for f in resource.get("schema", {}).get("fields", []) if isinstance(f, dict)]
    return []


def _short(message: str) -> str:
    return message.replace("\n", " ")[:300]


def _translated(error: RawError, rel: str, lines: dict[int, int], fields: dict, table) -> list[Problem]:
    """:func:`_translate`; a list of ids breaking its pattern is told by each item that is not an id."""
    field = fields.get(error.field_name)
    if error.kind == "constraint-error" and 'constraint "pattern"' in (error.note or "") and is_id_list(field) \
            and isinstance(error.cell, str):
        row = error.row_number
        line = lines.get(row, row) if row is not None else None
        bad = [(item, why) for item in error.cell.split(ID_LIST_SEPARATOR) if (why := why_not_an_id(item))]
        if bad:
            return [with_column(E.ID_LIST_ITEM(rel, row=row, line=line, column=error.field_name, value=item,
                                               detail=why), table) for item, why in bad]
    return [_translate(error, rel, lines, fields, table)]


def _translate(error: RawError, rel: str, lines: dict[int, int], fields: dict, table) -> Problem:
    row = error.row_number
    line = lines.get(row, row) if row is not None else None
    column = error.field_name
    value = error.cell
    kind = error.kind
    if kind == "type-error":
        ftype = (fields.get(column) or {}).get("type", "")
        p = E.TYPE_ERROR(rel, row=row, line=line, column=column, value=value,
                         expected=_TYPES_RU.get(ftype, ftype) + _written_as(ftype, value))
    elif kind == "constraint-error":
        code, detail = _constraint_detail(error.note, fields.get(column), value)
        if code == "required-value":
            p = E.REQUIRED(rel, row=row, line=line, column=column, name=column)
        elif code == "duplicate-id":
            p = E.DUPLICATE_ID(rel, row=row, line=line, column=column, value=value, first_row="выше")
        else:
            p = E.CONSTRAINT(rel, row=row, line=line, column=column, value=value, detail=detail)
    elif kind == "unique-error":
        p = E.DUPLICATE_ID(rel, row=row, line=line, column=column, value=value,
                           first_row=_first_line(error.message, lines))
    elif kind == "primary-key":
        first = _first_line(error.message, lines)
        keys = ", ".join(_primary_key_values(table, row))
        p = E.DUPLICATE_ID(rel, row=row, line=line, value=keys, first_row=first)
    elif kind == "foreign-key":
        m = re.search(r'for "([^"]+)": values "([^"]*)" not found in the lookup table "([^"]+)"', error.message)
        col, val, target = (m.group(1), m.group(2), f"{m.group(3)}.csv") if m else (None, "", "другой таблице")
        p = E.REFERENCE(rel, row=row, line=line, column=col, value=val or str(value or ""), target=target)
    elif kind == "blank-row":
        p = E.BLANK_ROW(rel, row=row, line=line)
    elif kind in ("missing-cell", "extra-cell"):
        p = E.ROW_LENGTH(rel, row=row, line=line, actual="другое число", expected="по заголовку")
    elif kind in _LABELS and not column:  # a header cell left empty (in a table our loader did not read)
        m = re.search(r'position "(\d+)"', error.message)
        number = int(m.group(1)) if m else 0
        p = replace(E.BLANK_HEADER(rel, row=1, line=1, number=number or "?", letter=column_letter(number) or "?"),
                    column_number=number or None)
    elif kind in _LABELS:
        p = E.MISSING_COLUMN(rel, row=1, line=1, column=column, name=column)
    else:
        p = E.FRICTIONLESS_OTHER(rel, row=row, line=line, column=column,
                                 detail=describe_table(kind, error.message).detail)
    return with_column(p, table)


def _first_line(message: str, lines: dict[int, int]) -> str:
    """The physical line of the earlier row a duplicate repeats («row at position N»)."""
    m = re.search(r"row at position (\d+)", message)
    return str(lines.get(int(m.group(1)), m.group(1))) if m else "выше"


def _primary_key_values(table, row_number: int | None) -> list[str]:
    if table is None or row_number is None:
        return []
    for r in table.rows:
        if r.number == row_number:
            return [v for v in list(r.values.values())[:1]]
    return []
