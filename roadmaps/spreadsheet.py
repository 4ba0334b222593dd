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
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .errors import Problem
from .load import DESCRIPTOR, read_yaml
from .schemas import RESOURCE_TITLES

META_SHEET = "_пакет"


def _fields(descriptor: dict, resource: str) -> list[dict]:
    for r in descriptor.get("resources", []):
        if r.get("name") == resource:
            return [f for f in r.get("schema", {}).get("fields", []) if isinstance(f, dict)]
    return []


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def export_xlsx(package_dir: Path, out: Path | BinaryIO) -> Path | BinaryIO:
    """Write the workbook (streamed: a road map of any size costs little memory)."""
    descriptor, problems = read_yaml(package_dir / DESCRIPTOR, str(package_dir / DESCRIPTOR))
    if problems or not isinstance(descriptor, dict):
        raise ValueError(f"не удалось прочитать {package_dir / DESCRIPTOR}")
    wb = Workbook(write_only=True)
    sheets = []
    for resource in descriptor.get("resources", []):
        name = resource["name"]
        fields = _fields(descriptor, name)
        rows = read_rows(package_dir / resource["path"])
        ws = wb.create_sheet(RESOURCE_TITLES.get(name, name)[:31])
        sheets.append([ws.title, name, *[f["name"] for f in fields]])
        titles = [f.get("title", f["name"]) for f in fields]
        widths = [len(str(t)) for t in titles]
        for row in rows[1:]:
            for c, value in enumerate(row[: len(widths)]):
                widths[c] = max(widths[c], max((len(x) for x in value.split("\n")), default=0))
        ws.freeze_panes = "A2"
        for c, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(c)].width = min(60, max(10, width + 2))
        last = max(len(rows) + 200, 1000)
        for c, f in enumerate(fields, start=1):
            enum = f.get("constraints", {}).get("enum")
            if enum:
                dv = DataValidation(type="list", formula1='"' + ",".join(enum) + '"', allow_blank=True,
                                    showErrorMessage=True, errorTitle="Недопустимое значение",
                                    error="Выберите значение из списка")
                dv.add(f"{get_column_letter(c)}2:{get_column_letter(c)}{last}")
                ws.data_validations.append(dv)
        ws.append(titles)
        for row in rows[1:]:
            ws.append([_text_cell(ws, value) for value in row])
    meta = wb.create_sheet(META_SHEET)
    meta.sheet_state = "hidden"
    meta.append(["package", descriptor.get("name", package_dir.name)])
    meta.append(["Не меняйте этот лист: по нему импорт находит пакет и столбцы."])
    for sheet in sheets:
        meta.append(["sheet", *sheet])
    wb.save(out)
    return out


def _text_cell(ws, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = TYPE_STRING  # text, never a number or a formula
    return cell


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def workbook_tables(path: Path) -> tuple[str, dict[str, list[list[str]]]]:
    """(package id, {resource: rows with the header of field names}) from an exported workbook."""
    wb = load_workbook(path, read_only=False, data_only=True)
    if META_SHEET not in wb.sheetnames:
        raise ValueError("в книге нет служебного листа «_пакет»: выгрузите книгу командой roadmaps export xlsx")
    package_id = ""
    tables: dict[str, list[list[str]]] = {}
    for row in wb[META_SHEET].iter_rows(values_only=True):
        if row and row[0] == "package":
            package_id = str(row[1])
        elif row and row[0] == "sheet":
            sheet, resource, names = row[1], row[2], [n for n in row[3:] if n]
            ws = wb[sheet]
            body = []
            for values in ws.iter_rows(min_row=2, values_only=True):
                cells = [_cell_text(v) for v in values[: len(names)]]
                cells += [""] * (len(names) - len(cells))
                if any(cells):
                    body.append(cells)
            tables[resource] = [list(names), *body]
    return package_id, tables


def import_xlsx(path: Path, data_dir: Path, package_id: str | None = None) -> tuple[Path, list[Problem]]:
    """Write the workbook back into the package CSVs if — and only if — the result validates."""
    from .validate import validate_tree

    found_id, tables = workbook_tables(path)
    package_id = package_id or found_id
    target = data_dir / "roadmaps" / package_id
    if not (target / DESCRIPTOR).exists():
        raise ValueError(f"пакета «{package_id}» нет в {data_dir / 'roadmaps'}")
    with tempfile.TemporaryDirectory(prefix="roadmaps-import-") as tmp:
        trial = Path(tmp) / "data"
        shutil.copytree(data_dir, trial)
        trial_pkg = trial / "roadmaps" / package_id
        for resource, rows in tables.items():
            (trial_pkg / f"{resource}.csv").write_text(csv_text(rows), encoding="utf-8")
        report = validate_tree(trial, root=trial.parent)
        if not report.ok:
            return target, report.errors
        for resource in tables:
            staged = target / f".{resource}.csv.new"
            shutil.copyfile(trial_pkg / f"{resource}.csv", staged)
        for resource in tables:
            os.replace(target / f".{resource}.csv.new", target / f"{resource}.csv")
    return target, []
