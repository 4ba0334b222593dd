"""Run the stock frictionless validation and translate its report into our catalogue."""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import errors as E
from .errors import Problem
from .load import LoadedPackage, with_column

ERROR_LIMIT = 1000  # frictionless's own default; said to the user when reached

_TYPES_RU = {
    "integer": "целое число", "number": "число (с точкой: 12.5)", "date": "дата в виде 2023-02-21",
    "year": "год (четыре цифры)", "boolean": "да/нет (true/false)", "string": "текст",
    "datetime": "дата и время", "list": "список через «;»",
}


def _constraint_detail(note: str, field: dict | None) -> tuple[str, str]:
    """(code, Russian detail) for a frictionless constraint note."""
    m = re.search(r'constraint "(\w+)" is "(.*)"', note or "")
    name, value = (m.group(1), m.group(2)) if m else ("", "")
    if name == "required":
        return "required-value", ""
    if name == "unique":
        return "duplicate-id", ""
    if name == "enum":
        options = (field or {}).get("constraints", {}).get("enum", [])
        return "constraint-error", "допустимы только: " + ", ".join(f"«{o}»" for o in options)
    if name == "pattern":
        return "constraint-error", "не соответствует образцу записи"
    if name == "minimum":
        return "constraint-error", f"должно быть не меньше {value}"
    if name == "maximum":
        return "constraint-error", f"должно быть не больше {value}"
    return "constraint-error", f"нарушено ограничение {name}"


def frictionless_problems(pkg: LoadedPackage) -> Iterable[Problem]:
    """Validate one readable package with frictionless; yield translated problems."""
    from frictionless import Package, system  # imported lazily: heavy

    try:
        with system.use_context(trusted=False):
            package = Package(pkg.descriptor, basepath=str(pkg.directory))
            report = package.validate(limit_errors=ERROR_LIMIT)
    except Exception as exc:  # noqa: BLE001 - frictionless raises FrictionlessException for bad descriptors
        yield E.DESCRIPTOR_INVALID(pkg.rel, detail=_short(str(exc)))
        return
    for error in report.errors:
        yield E.DESCRIPTOR_INVALID(pkg.rel, detail=_short(error.message))
    count = 0
    for task in report.tasks:
        name = task.name
        table = pkg.tables.get(name)
        rel = table.rel if table else pkg.rel
        fields = {f.get("name"): f for f in _resource_fields(pkg, name)}
        lines = {r.number: r.line for r in table.rows} if table else {}
        errors = list(task.errors)
        # a duplicate single-column key is reported twice (unique-error and primary-key): say it once
        unique_rows = {getattr(e, "row_number", None) for e in errors if e.type == "unique-error"}
        for error in errors:
            if error.type == "primary-key" and getattr(error, "row_number", None) in unique_rows:
                continue
            count += 1
            yield _translate(error, rel, lines, fields, table)
    if count >= ERROR_LIMIT:
        yield E.TOO_MANY_ERRORS(pkg.rel, limit=ERROR_LIMIT)


def _resource_fields(pkg: LoadedPackage, name: str) -> list[dict]:
    for resource in (pkg.descriptor or {}).get("resources", []):
        if resource.get("name") == name:
            return [f for f in resource.get("schema", {}).get("fields", []) if isinstance(f, dict)]
    return []


def _short(message: str) -> str:
    return message.replace("\n", " ")[:300]


def _translate(error, rel: str, lines: dict[int, int], fields: dict, table) -> Problem:
    row = getattr(error, "row_number", None)
    line = lines.get(row, row) if row is not None else None
    column = getattr(error, "field_name", None)
    value = getattr(error, "cell", None)
    kind = error.type
    if kind == "type-error":
        ftype = (fields.get(column) or {}).get("type", "")
        p = E.TYPE_ERROR(rel, row=row, line=line, column=column, value=value,
                         expected=_TYPES_RU.get(ftype, ftype))
    elif kind == "constraint-error":
        code, detail = _constraint_detail(getattr(error, "note", ""), fields.get(column))
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
        col, val, target = (m.group(1), m.group(2), m.group(3)) if m else (None, "", "")
        p = E.REFERENCE(rel, row=row, line=line, column=col, value=val, target=f"{target}.csv")
    elif kind == "blank-row":
        p = E.BLANK_ROW(rel, row=row, line=line)
    elif kind in ("missing-cell", "extra-cell"):
        p = E.ROW_LENGTH(rel, row=row, line=line, actual="другое число", expected="по заголовку")
    elif kind in ("missing-label", "extra-label", "incorrect-label", "duplicate-label", "blank-label"):
        p = E.MISSING_COLUMN(rel, row=1, line=1, column=column, name=column or "?")
    else:
        p = E.FRICTIONLESS_OTHER(rel, row=row, line=line, column=column, detail=_short(error.message))
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
