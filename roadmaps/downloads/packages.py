"""A road map's downloads: the package as ZIP, its tables as CSV, the editable workbook.

The ZIP packs the descriptor and the files it names — nothing else that lies in the folder.

Formulas in CSV downloads.  A spreadsheet opening a CSV reads a cell starting with =, +, -, @ (or a tab or a
carriage return) as a formula: ``=HYPERLINK(…)`` becomes a live link, ``-2+3+cmd|…`` a command.  Road maps
print such texts on purpose («- проведение мониторинга…» is a list item of a real document), so validation
cannot refuse them, and the package in the repository stays exactly as the document says.  The CSV files
people download from a page — each table and the tables inside the ZIP — are for opening in Excel: there a
free-text cell that would be read as a formula is written with a leading apostrophe (``'- проведение…``), as
OWASP advises; cells of typed, enumerated or patterned fields (numbers, dates, ids, «=» of a comparator) are
never changed, so the ZIP still validates with stock frictionless.  The open-data set
(:mod:`.opendata`) is read by programs, by the standard: it keeps the exact texts.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from roadmaps.data.load import safe_load
from roadmaps.data.model import (
    Roadmap,
)
from roadmaps.data.paths import DESCRIPTOR, read_regular
from roadmaps.data.schemas import RESOURCE_TITLES
from roadmaps.data.tables import csv_text
from roadmaps.downloads.workbook import export_xlsx
from roadmaps.downloads.xlsx import DEFLATE_LEVEL
from roadmaps.site.outputs import Asset
from roadmaps.site.urls import roadmap_url
from roadmaps.text import FORMULA_START, starts_formula


# --------------------------------------------------------------------------- downloads
def downloads_for(r: Roadmap) -> list[dict]:
    files = [{"href": f"{r.id}.zip", "title": "Пакет данных целиком (ZIP, Frictionless Data)"},
             {"href": f"{r.id}.xlsx", "title": "Все таблицы в одной книге (XLSX)"}]
    for name in r.resources:
        files.append({"href": f"data/{name}.csv", "title": f"{RESOURCE_TITLES.get(name, name)} (CSV)"})
    return files


def xlsx_bytes(r: Roadmap, date_time: tuple[int, ...] | None = None, descriptor: dict | None = None,
               tables: Mapping[str, Sequence[Sequence[str]]] | None = None) -> bytes:
    """The package as the same editable workbook `roadmaps export xlsx` writes (re-importable); ``descriptor``:
    its descriptor, already read (:func:`read_descriptor`); ``tables``: its tables as loaded (see export_xlsx)."""

    out = io.BytesIO()
    export_xlsx(Path(r.directory), out, date_time, descriptor, tables)
    return out.getvalue()


def free_text_columns(resource: dict) -> set[str]:
    """Fields of a resource whose cells are free text (a string with no enum, pattern or format)."""
    schema = resource.get("schema") if isinstance(resource.get("schema"), dict) else {}
    found = set()
    for f in schema.get("fields") or []:
        if not isinstance(f, dict) or f.get("type", "string") != "string" or f.get("format", "default") != "default":
            continue
        constraints = f.get("constraints") if isinstance(f.get("constraints"), dict) else {}
        if "enum" not in constraints and "pattern" not in constraints:
            found.add(f.get("name"))
    return found


# where a cell may start with a formula's first character: after a delimiter or a line break, inside its quote or
# not (and the text's first cell, _FIRST_CELL).  Every cell that starts so is found (and a line break or delimiter
# inside a quoted text too: then the table is read to be sure); a date's or an id's «-» is never at a cell's start
_MAY_START_FORMULA = re.compile('[,\r\n]"?[' + re.escape("".join(FORMULA_START)) + "]")
_FIRST_CELL = tuple(start + mark for start in ("", '"') for mark in FORMULA_START)


def spreadsheet_csv(raw: bytes, columns: set[str]) -> bytes:
    """The CSV as people download it: a free-text cell Excel would read as a formula gets a leading «'»;
    the bytes are unchanged when no cell needs it."""
    text = raw.decode("utf-8-sig")
    if not text.startswith(_FIRST_CELL) and _MAY_START_FORMULA.search(text) is None:
        return raw  # a region's measurements (150 MB of dates and numbers): not read cell by cell
    return every_cell_read(raw, text, columns)


def every_cell_read(raw: bytes, text: str, columns: set[str]) -> bytes:
    """:func:`spreadsheet_csv` of ``raw`` (decoded: ``text``) with every cell read, whatever the quick look says."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return raw
    positions = [i for i, name in enumerate(rows[0]) if name in columns]
    changed = False
    for row in rows[1:]:
        for i in positions:
            if i < len(row) and starts_formula(row[i]):
                row[i], changed = "'" + row[i], True
    if not changed:
        return raw
    return csv_text(rows).encode("utf-8")


def package_files(directory: Path, descriptor: dict | None = None) -> list[tuple[str, str, bytes]]:
    """(resource name, path, bytes as downloaded) of each file the descriptor names, and the descriptor
    itself (resource name ""); a resource's CSV as people download it (:func:`spreadsheet_csv`).
    ``descriptor``: the descriptor's parsed text, where the caller has it (:func:`read_descriptor`)."""
    raw = read_regular(directory / DESCRIPTOR)
    if descriptor is None:
        descriptor = read_descriptor(raw)
    files = [("", DESCRIPTOR, raw)]
    for resource in descriptor.get("resources") or []:
        path = resource["path"]  # validated: a file inside the package (roadmaps.data.load)
        files.append((resource["name"], path, spreadsheet_csv(read_regular(directory / path),
                                                              free_text_columns(resource))))
    return files


def read_descriptor(raw: bytes) -> dict:
    """A validated package's descriptor from its bytes (libyaml: 7x the pure-Python parser)."""
    descriptor = safe_load(raw.decode("utf-8-sig")) or {}
    return descriptor if isinstance(descriptor, dict) else {}


def zip_bytes(directory: Path, name: str, files: list[tuple[str, str, bytes]]) -> bytes:
    """The descriptor and the files it names, in a ZIP under ``name/`` (dated and moded as the files are)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=DEFLATE_LEVEL) as zf:
        for _resource, path, data in sorted(files, key=lambda f: f[1]):
            info = zipfile.ZipInfo.from_file(directory / path, f"{name}/{path}")
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data, compresslevel=DEFLATE_LEVEL)
    return out.getvalue()


def package_assets(base: str, name: str, directory: Path, resources: Iterable[str],
                   descriptor: dict | None = None) -> list[Asset]:
    """A package's downloads under the page URL ``base``: the whole package as ZIP, each resource's CSV and
    the descriptor (``descriptor``: its parsed text, where the caller has read it)."""
    files = package_files(directory, descriptor)
    by_name = {resource: data for resource, _path, data in files if resource}
    assets = [Asset(f"{base}{name}.zip", zip_bytes(directory, name, files))]
    assets.extend(Asset(f"{base}data/{res}.csv", by_name[res]) for res in resources)
    assets.append(Asset(f"{base}data/{DESCRIPTOR}", files[0][2]))
    return assets


def assets_for(r: Roadmap, date_time: tuple[int, ...] | None = None,
               tables: Mapping[str, Sequence[Sequence[str]]] | None = None) -> list[Asset]:
    """The package's downloads (``tables``: its tables as validation loaded them, for the workbook)."""
    base = roadmap_url(r)
    # as loaded for the site (a region's 200 descriptors parsed again took 0.65 s), else parsed once for both
    descriptor = r.descriptor or read_descriptor(read_regular(Path(r.directory) / DESCRIPTOR))
    assets = package_assets(base, r.id, Path(r.directory), r.resources, descriptor)
    assets.insert(1, Asset(f"{base}{r.id}.xlsx", xlsx_bytes(r, date_time, descriptor, tables)))
    return assets
