"""Spreadsheets both ways: a workbook a clerk can edit, and back into the package's CSVs.

The round trip is lossless: every cell is written as text (so «1.» stays «1.» and
«=…» never becomes a formula) and the CSVs are written back in the canonical
form (UTF-8, comma, LF, minimal quoting).  An import that does not validate
writes nothing.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import BinaryIO

from roadmaps.data.load import DESCRIPTOR, is_safe_path, read_yaml
from roadmaps.data.paths import read_regular
from roadmaps.data.schemas import RESOURCE_TITLES
from roadmaps.downloads.xlsx import Sheet, list_validation, rows_xml, validations_xml, workbook_bytes

META_SHEET = "_пакет"


def _fields(descriptor: dict, resource: str) -> list[dict]:
    for r in descriptor.get("resources", []):
        if r.get("name") == resource:
            return [f for f in r.get("schema", {}).get("fields", []) if isinstance(f, dict)]
    return []


def read_rows(path: Path) -> list[list[str]]:
    """The rows of a package's CSV (a regular file: a link is never followed)."""
    text = read_regular(path).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def export_xlsx(package_dir: Path, out: Path | BinaryIO, date_time: tuple[int, ...] | None = None) -> Path | BinaryIO:
    """Write the workbook: a sheet per table (frozen header, widths, drop-down lists for enums) and
    the hidden «_пакет» sheet the import reads (see :mod:`roadmaps.xlsx`)."""
    descriptor, problems = read_yaml(package_dir / DESCRIPTOR, str(package_dir / DESCRIPTOR))
    if problems or not isinstance(descriptor, dict):
        raise ValueError(f"не удалось прочитать {package_dir / DESCRIPTOR}")
    sheets: list[Sheet] = []
    index: list[list[object]] = []
    for resource in descriptor.get("resources", []):
        name = resource["name"]
        if not is_safe_path(resource.get("path")):
            raise ValueError(f"путь «{resource.get('path')}» ведёт за пределы папки пакета: запустите roadmaps validate")
        fields = _fields(descriptor, name)
        rows = read_rows(package_dir / resource["path"])
        title = _unique_title(RESOURCE_TITLES.get(name, name)[:31], [s.title for s in sheets])
        index.append(["sheet", title, name, *[f["name"] for f in fields]])
        titles = [f.get("title", f["name"]) for f in fields]
        last = max(len(rows) + 200, 1000)
        lists = [list_validation(c, 2, last, f["constraints"]["enum"]) for c, f in enumerate(fields, start=1)
                 if f.get("constraints", {}).get("enum")]
        sheets.append(Sheet(title, rows_xml([titles, *rows[1:]]), widths=_widths(titles, rows[1:]),
                            frozen_header=True, validations=validations_xml(lists)))
    meta = [["package", descriptor.get("name", package_dir.name)],
            ["Не меняйте этот лист: по нему импорт находит пакет и столбцы."], *index]
    sheets.append(Sheet(META_SHEET, rows_xml(meta), hidden=True))
    data = workbook_bytes(sheets, date_time)
    if isinstance(out, str | os.PathLike):
        Path(out).write_bytes(data)
    else:
        out.write(data)
    return out


def _widths(titles: list[str], rows: list[list[str]]) -> list[int]:
    """Column widths: the longest line of a column (title included), between 10 and 60 characters."""
    widths = [len(str(t)) for t in titles]
    for row in rows:
        for c, value in enumerate(row[: len(widths)]):
            longest = max(map(len, value.split("\n"))) if "\n" in value else len(value)
            if longest > widths[c]:
                widths[c] = longest
    return [min(60, max(10, width + 2)) for width in widths]


def _unique_title(title: str, taken: list[str]) -> str:
    """Sheet names are unique in a workbook: a repeated one gets a number, as openpyxl does."""
    n, candidate = 0, title
    while candidate in taken:
        n += 1
        candidate = f"{title}{n}"
    return candidate
