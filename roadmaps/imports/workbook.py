"""``roadmaps import xlsx``: a workbook made by ``roadmaps export xlsx`` back into the package's CSVs; nothing is written unless the result validates."""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from pathlib import Path

from openpyxl import load_workbook

from roadmaps.data.load import DESCRIPTOR
from roadmaps.downloads.workbook import META_SHEET
from roadmaps.errors import Problem
from roadmaps.validation.validate import validate_tree


def csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


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
