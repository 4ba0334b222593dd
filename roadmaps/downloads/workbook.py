"""Spreadsheets both ways: a workbook a clerk can edit, and back into the package's CSVs.

The round trip is lossless: every cell is written as text (so «1.» stays «1.» and
«=…» never becomes a formula) and the CSVs are written back in the canonical
form (UTF-8, comma, LF, minimal quoting).  An import that does not validate
writes nothing.

* A sheet a table, named by :data:`SHEET_TITLES` — every name within Excel's 31 characters as it is, none cut
  (the import finds a sheet by the name the «_пакет» sheet gives it, so workbooks with the former, cut names
  «Фактические значения показателе» are still read).
* Drop-down lists: the values of an enum («Статус»), and for a column referring to another table (the section
  of an activity, the activity of a mark, the indicator of a target) the ids of that table's sheet.
* A text longer than a cell holds (32 767 characters) is refused (``text-too-long``, the package's file, row and
  column): a workbook never holds a cut text.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from itertools import chain
from pathlib import Path
from typing import BinaryIO

from roadmaps import errors as E
from roadmaps.data.load import DESCRIPTOR, display_path, is_safe_path, read_yaml
from roadmaps.data.paths import read_regular
from roadmaps.data.schemas import RESOURCE_TITLES
from roadmaps.data.tables import blank_tail, csv_text_of, cut_tail
from roadmaps.downloads.xlsx import (
    CELL_LIMIT,
    Sheet,
    Strings,
    formula_ref,
    list_validation,
    range_validation,
    rows_xml,
    validations_xml,
    workbook_bytes,
)
from roadmaps.errors import Problem

META_SHEET = "_пакет"
SHEET_NAME_LIMIT = 31  # characters of a sheet name in Excel
# a sheet's name: the table's title, shortened where it is longer than Excel allows
SHEET_TITLES = {**RESOURCE_TITLES, "measurements": "Факт. значения показателей",
                "annual_structure": "Структура по годам"}


class ExportRefused(ValueError):
    """The package cannot be written as a workbook; ``problems`` say where (the package's files)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.text() for p in problems[:3]))
        self.problems = problems


def _fields(descriptor: dict, resource: str) -> list[dict]:
    for r in descriptor.get("resources", []):
        if r.get("name") == resource:
            return [f for f in r.get("schema", {}).get("fields", []) if isinstance(f, dict)]
    return []


def read_rows(path: Path) -> list[list[str]]:
    """The rows of a package's CSV (a regular file: a link is never followed) as validation reads them: line
    breaks as «\\n», without the empty columns Excel leaves at the end (:func:`roadmaps.data.tables.blank_tail`)."""
    rows = list(csv.reader(io.StringIO(csv_text_of(read_regular(path)), newline="")))
    ignored = blank_tail(rows)
    return cut_tail(rows, ignored) if ignored else rows


def _too_long(path: Path, names: list[str], root: Path) -> list[Problem]:
    """``text-too-long`` for every cell of a CSV over :data:`CELL_LIMIT`, at its record and physical line as
    validation names them."""
    found: list[Problem] = []
    reader = csv.reader(io.StringIO(csv_text_of(read_regular(path)), newline=""))
    line = 1
    for number, row in enumerate(reader, start=1):
        for column, value in enumerate(row, start=1):
            if number > 1 and len(value) > CELL_LIMIT:
                name = names[column - 1] if column <= len(names) else None
                found.append(replace(E.TEXT_TOO_LONG(display_path(path, root), row=number, line=line, column=name,
                                                     length=len(value), limit=CELL_LIMIT), column_number=column))
        line = reader.line_num + 1
    return found


def export_xlsx(package_dir: Path, out: Path | BinaryIO, date_time: tuple[int, ...] | None = None,
                descriptor: dict | None = None, loaded: Mapping[str, Sequence[Sequence[str]]] | None = None,
                ) -> Path | BinaryIO:
    """Write the workbook: a sheet per table (frozen header, widths, drop-down lists) and the hidden
    «_пакет» sheet the import reads.  :class:`ExportRefused` for a text no cell can hold.  ``descriptor``: the
    package's descriptor as the caller has just read it (else it is read here); ``loaded``: a table's rows,
    header first, as validation loaded them from its file (else the file is read here: of a valid package, the
    same rows — the site's build passes them, saving a second reading of a region's 177 MB of tables)."""
    if descriptor is None:
        descriptor, problems = read_yaml(package_dir / DESCRIPTOR, str(package_dir / DESCRIPTOR))
        if problems or not isinstance(descriptor, dict):
            raise ValueError(f"не удалось прочитать {package_dir / DESCRIPTOR}")
    tables: list[tuple[dict, str, list[dict], list[list[str]]]] = []
    too_long: list[Problem] = []
    for resource in descriptor.get("resources", []):
        if not is_safe_path(resource.get("path")):
            raise ValueError(f"путь «{resource.get('path')}» ведёт за пределы папки пакета: запустите roadmaps validate")
        fields = _fields(descriptor, resource["name"])
        given = loaded.get(resource["name"]) if loaded is not None else None
        rows = list(given) if given is not None else read_rows(package_dir / resource["path"])
        if max(map(len, chain.from_iterable(rows)), default=0) > CELL_LIMIT:
            too_long += _too_long(package_dir / resource["path"], [f["name"] for f in fields],
                                  package_dir.parent.parent.parent)
        title = sheet_title(resource["name"], [t for _r, t, _f, _rows in tables])
        tables.append((resource, title, fields, rows))
    if too_long:
        raise ExportRefused(too_long)
    sheets: list[Sheet] = []
    strings = Strings()  # the texts of all sheets, each once (see roadmaps.downloads.xlsx.Strings)
    index: list[list[object]] = []
    where = {r["name"]: (title, fields, rows) for r, title, fields, rows in tables}
    for resource, title, fields, rows in tables:
        index.append(["sheet", title, resource["name"], *[f["name"] for f in fields]])
        titles = [f.get("title", f["name"]) for f in fields]
        last = max(len(rows) + 200, 1000)
        lists = [list_validation(c, 2, last, f["constraints"]["enum"]) for c, f in enumerate(fields, start=1)
                 if f.get("constraints", {}).get("enum")]
        lists += _reference_lists(resource, fields, where, last)
        sheets.append(Sheet(title, rows_xml([titles, *rows[1:]], strings=strings), widths=_widths(titles, rows[1:]),
                            frozen_header=True, validations=validations_xml(lists)))
    meta = [["package", descriptor.get("name", package_dir.name)],
            ["Не меняйте этот лист: по нему импорт находит пакет и столбцы."], *index]
    sheets.append(Sheet(META_SHEET, rows_xml(meta, strings=strings), hidden=True))
    data = workbook_bytes(sheets, date_time, strings)
    if isinstance(out, str | os.PathLike):
        Path(out).write_bytes(data)
    else:
        out.write(data)
    return out


def _reference_lists(resource: dict, fields: list[dict], where: dict, last: int) -> list[str]:
    """A drop-down of the referred ids for each column of a one-column foreign key to a table of the workbook
    with rows (activities → sections, progress → activities, targets → indicators)."""
    names = [f["name"] for f in fields]
    found = []
    schema = resource.get("schema") if isinstance(resource.get("schema"), dict) else {}
    for key in schema.get("foreignKeys") or []:
        local, reference = key.get("fields"), key.get("reference") or {}
        other, remote = reference.get("resource") or resource["name"], reference.get("fields")
        local, remote = ([v] if isinstance(v, str) else v for v in (local, remote))
        if not (isinstance(local, list) and isinstance(remote, list) and len(local) == len(remote) == 1):
            continue
        if local[0] not in names or other not in where:
            continue
        title, other_fields, other_rows = where[other]
        other_names = [f["name"] for f in other_fields]
        if remote[0] not in other_names or len(other_rows) < 2:
            continue
        source = formula_ref(title, other_names.index(remote[0]) + 1, 2, len(other_rows))
        error = (f"Такого значения нет в столбце «{other_fields[other_names.index(remote[0])].get('title')}» листа "
                 f"«{title}». Если вы только что добавили его туда, нажмите «Да»; иначе — «Нет» и выберите из списка.")
        found.append(range_validation(names.index(local[0]) + 1, 2, last, source, error))
    return found


def sheet_title(resource: str, taken: list[str]) -> str:
    """The sheet of a table: its title (:data:`SHEET_TITLES`); a table of its own name cut to Excel's 31
    characters; unique in the workbook (a repeated one gets a number, as openpyxl does)."""
    title = SHEET_TITLES.get(resource, resource)[:SHEET_NAME_LIMIT]
    n, candidate = 0, title
    while candidate in taken:
        n += 1
        candidate = f"{title[:SHEET_NAME_LIMIT - len(str(n))]}{n}"
    return candidate


def _widths(titles: list[str], rows: list[list[str]]) -> list[int]:
    """Column widths: the longest line of a column (title included), between 10 and 60 characters."""
    widths = [len(str(t)) for t in titles]
    for row in rows:
        for c, value in enumerate(row[: len(widths)]):
            longest = max(map(len, value.split("\n"))) if "\n" in value else len(value)
            if longest > widths[c]:
                widths[c] = longest
    return [min(60, max(10, width + 2)) for width in widths]
