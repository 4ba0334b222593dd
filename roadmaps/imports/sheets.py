"""Reading a workbook for an import (``roadmaps import xlsx``, ``roadmaps import results``): one reader, one set
of rules, every refusal a problem of the catalogue naming the sheet and the cell.

* The file is looked at as an archive first (:mod:`.archive`): not a workbook, or one that inflates beyond
  bounds, is refused before anything is unpacked.
* Sheets are read as a stream of the cells the file holds (never padded to a claimed size): a cell beyond
  column :data:`MAX_COLUMNS` or a row beyond :data:`MAX_ROWS` holding something is refused, not expanded.
* A formula counts by the value the file stores with it (what Excel shows), with a warning naming the cell
  (``import-formula-value``); a formula stored without a value (tools that compute nothing) is refused
  (``import-formula``), one whose value is an Excel error («#Н/Д», «#ДЕЛ/0!») too (``import-formula-error``) — never
  silently empty.  Only the value is kept: no formula reaches the data, and a text cell starting with «=» is text
  (the export writes text cells only, never a formula).
* An error value without a formula (typed, or pasted as «only values» from a formula that failed) is refused as
  what it is (``import-error-value``), not as a formula.
* Merged cells (``<mergeCells>``, read with the sheet) are kept per sheet (:attr:`Book.merged`); Excel stores
  the value of a merged range in its top left cell only.  :func:`spread_down` gives it to every row a range
  covers below a header — what the person sees — with a warning naming the range (``workbook-merged-cell``);
  a range merged across columns gives nothing to the other columns (each is a field of its own).
* Every problem names the cell as Excel does (``cell``: «Мероприятия!E14», «'Отметки об исполнении'!C5»).
* A text longer than Excel's 32 767 characters (``text-too-long``) or holding a character XML cannot carry
  (``illegal-character``) is refused, so what is imported can be exported and imported again unchanged.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

from roadmaps import errors as E
from roadmaps.errors import Problem
from roadmaps.imports.archive import KINDS, archive_problems
from roadmaps.imports.cells import sheet_cell_text
from roadmaps.text import CELL_LIMIT, character_name, illegal_character

MAX_ROWS = 100_000   # rows of a sheet holding something
MAX_COLUMNS = 256    # columns of a sheet holding something
MAX_MERGED = 20_000  # merged ranges of a sheet (a plan of a thousand rows merges a few hundred)
MAX_SPREAD = 400_000  # cells given a value by merged ranges, in a sheet


def cell_ref(sheet: str, ref: str) -> str:
    """A cell as Excel names it in a formula: «Мероприятия!E14»; a sheet name with spaces or signs in quotes
    («'Отметки об исполнении'!C5»)."""
    if re.fullmatch(r"[^\W\d]\w*", sheet):
        return f"{sheet}!{ref}"
    return "'" + sheet.replace("'", "''") + f"'!{ref}"


def at_cell(problem: Problem, cell: str) -> Problem:
    """``problem`` located at ``cell`` (see :func:`cell_ref`)."""
    return replace(problem, cell=cell)


@dataclass
class SheetRow:
    number: int                 # as Excel numbers it
    cells: list[Any]            # a cell (``.value``, ``.number_format``) per column from A, None where empty

    def values(self) -> list[Any]:
        return [getattr(c, "value", None) for c in self.cells]


class _Parser(WorkSheetParser):
    """openpyxl's own sheet parser, giving each cell both its stored value and its formula."""

    def parse_cell(self, element):
        cell = super().parse_cell(element)
        formula = element.find(FORMULA_TAG)
        cell["formula"] = "=" + (formula.text or "") if formula is not None else None
        return cell


@dataclass
class Book:
    """An open workbook (read-only, stored values); :meth:`rows` reads one sheet within bounds."""

    workbook: Any
    file: str
    problems: list[Problem] = field(default_factory=list)
    merged: dict[str, list[tuple[int, int, int, int]]] = field(default_factory=dict)  # sheet → (first column,
    # first row, last column, last row) of each merged range, 1 for A and for row 1; as read by :meth:`rows`

    @property
    def sheetnames(self) -> list[str]:
        return list(self.workbook.sheetnames)

    def close(self) -> None:
        self.workbook.close()

    def rows(self, sheet: str) -> list[SheetRow]:
        """The non-empty rows of ``sheet``; problems go to :attr:`problems` (the rows read so far are kept)."""
        ws = self.workbook[sheet]
        found: list[SheetRow] = []
        try:
            with ws._get_source() as source:
                parser = self._parser(ws, source)
                for number, cells in parser.parse():
                    row = self._row(ws, number, cells)
                    if row is None:
                        break
                    if any(c is not None and c.value not in (None, "") for c in row.cells):
                        found.append(row)
                else:  # the merged ranges follow the rows in the sheet's XML
                    self.merged[sheet] = self._merged(ws, parser.merged_cells)
        except Exception:  # noqa: BLE001 - a broken sheet is the file's problem, never a traceback
            self.problems.append(E.IMPORT_DAMAGED(self.file, label=KINDS["xlsx"][1], detail=f"лист «{sheet}» не "
                                                  "читается: его часть архива испорчена"))
        return found

    def _parser(self, ws, source) -> _Parser:
        wb = self.workbook
        return _Parser(source, ws._shared_strings, data_only=True, epoch=wb.epoch, date_formats=wb._date_formats,
                       timedelta_formats=wb._timedelta_formats)

    def _merged(self, ws, merged: Any) -> list[tuple[int, int, int, int]]:
        """The merged ranges of a sheet read to its end; none (and a problem) beyond :data:`MAX_MERGED`."""
        refs = [getattr(m, "ref", "") for m in getattr(merged, "mergeCell", None) or []]
        if len(refs) > MAX_MERGED:
            self.problems.append(E.IMPORT_TOO_LARGE(self.file, what=f"лист «{ws.title}»: объединённых диапазонов",
                                                    size=str(len(refs)), limit=str(MAX_MERGED)))
            return []
        ranges = []
        for ref in refs:
            try:
                bounds = range_boundaries(str(ref))
            except (ValueError, TypeError):
                continue  # not a range Excel writes: nothing to spread
            if None not in bounds:
                ranges.append(bounds)
        return ranges

    def _row(self, ws, number: int, cells: list[dict]) -> SheetRow | None:
        """One row as cells by column, or None (and a problem) when it lies beyond the bounds."""
        held = [c for c in cells if c["value"] not in (None, "") or c["formula"]]
        if not held:
            return SheetRow(number, [])
        where = f"лист «{ws.title}»"
        if number > MAX_ROWS:
            self.problems.append(E.IMPORT_TOO_LARGE(self.file, row=number, what=f"{where}: строка {number}",
                                                    size="заполнена", limit=f"не дальше строки {MAX_ROWS}"))
            return None
        width = max(c["column"] for c in held)
        if width > MAX_COLUMNS:
            ref = f"{get_column_letter(width)}{number}"
            self.problems.append(at_cell(E.IMPORT_TOO_LARGE(
                self.file, row=number, what=f"{where}: ячейка {ref}", size="заполнена",
                limit=f"не дальше столбца {get_column_letter(MAX_COLUMNS)}"), cell_ref(ws.title, ref)))
            return None
        row: list[Any] = [None] * width
        for c in held:
            row[c["column"] - 1] = self._cell(ws, number, c)
        return SheetRow(number, row)

    def _cell(self, ws, number: int, c: dict) -> ReadOnlyCell:
        ref = f"{get_column_letter(c['column'])}{number}"
        where = cell_ref(ws.title, ref)

        def problem(error: E.ErrorType, **params: object) -> None:
            self.problems.append(at_cell(error(self.file, row=number, **params), where))

        value = c["value"]
        if c["formula"] and value is None:
            problem(E.IMPORT_FORMULA, sheet=ws.title, cell=ref, formula=c["formula"])
        elif c["formula"] and c["data_type"] == "e":
            problem(E.IMPORT_FORMULA_ERROR, where=where, formula=c["formula"], value=str(value),
                    meaning=error_meaning(str(value)))
            value = None
        elif c["data_type"] == "e":
            problem(E.IMPORT_ERROR_VALUE, where=where, value=str(value), meaning=error_meaning(str(value)))
            value = None
        elif c["formula"]:
            problem(E.IMPORT_FORMULA_VALUE, formula=c["formula"], value=str(value))
        if isinstance(value, str):
            if len(value) > CELL_LIMIT:
                problem(E.TEXT_TOO_LONG, length=len(value), limit=CELL_LIMIT)
            elif (char := illegal_character(value)) is not None:
                problem(E.ILLEGAL_CHARACTER, char=character_name(char))
        data_type = "n" if c["data_type"] == "e" else c["data_type"]
        return ReadOnlyCell(ws, number, c["column"], value, data_type, c["style_id"])


def spread_down(book: Book, sheet: str, rows: list[SheetRow], header: int = 1,
                columns: set[int] | None = None) -> list[Problem]:
    """Give the value of each range merged down below the ``header`` row to every row of ``rows`` it covers, in
    the range's first column (of ``columns``, 1 for A, when given); a ``workbook-merged-cell`` warning for each
    range that gave its value.  ``rows`` (as :meth:`Book.rows` read them) are changed in place."""
    numbers = [row.number for row in rows]
    problems: list[Problem] = []
    budget = MAX_SPREAD  # ranges overlapping each other (Excel never writes them) must not multiply the work
    for first_column, first_row, last_column, last_row in book.merged.get(sheet, []):
        if last_row <= first_row or first_row <= header or (columns is not None and first_column not in columns):
            continue
        at = bisect_left(numbers, first_row)
        top = rows[at] if at < len(rows) and numbers[at] == first_row else None
        cell = top.cells[first_column - 1] if top is not None and first_column <= len(top.cells) else None
        if cell is None or cell.value in (None, ""):
            continue
        given = 0
        covered = rows[bisect_right(numbers, first_row): bisect_right(numbers, last_row)]
        budget -= len(covered)
        if budget < 0:
            book.problems.append(E.IMPORT_TOO_LARGE(book.file, what=f"лист «{sheet}»: ячеек в объединениях",
                                                    size="больше", limit=str(MAX_SPREAD)))
            break
        for row in covered:
            row.cells += [None] * (first_column - len(row.cells))
            row.cells[first_column - 1] = ReadOnlyCell(cell.parent, row.number, first_column, cell.value,
                                                       cell.data_type, cell._style_id)
            given += 1
        if given:
            letter = get_column_letter(first_column)
            ref = f"{letter}{first_row}:{get_column_letter(last_column)}{last_row}"
            problems.append(at_cell(E.WORKBOOK_MERGED_CELL(
                book.file, row=first_row, where=cell_ref(sheet, ref), top=f"{letter}{first_row}",
                value=sheet_cell_text(cell), rows=f"строки {first_row}–{last_row}"), cell_ref(sheet, ref)))
    return problems


# Excel's error values as the file stores them, with the name Russian Excel shows and what each means
EXCEL_ERRORS = {
    "#N/A": ("#Н/Д", "значение недоступно — обычно его не нашла функция поиска, такая как ВПР"),
    "#DIV/0!": ("#ДЕЛ/0!", "деление на ноль"),
    "#REF!": ("#ССЫЛКА!", "ссылка на удалённую ячейку или лист"),
    "#VALUE!": ("#ЗНАЧ!", "значение не того вида для вычисления"),
    "#NAME?": ("#ИМЯ?", "неизвестное имя функции или диапазона"),
    "#NUM!": ("#ЧИСЛО!", "число не вычисляется"),
    "#NULL!": ("#ПУСТО!", "диапазоны не пересекаются"),
    "#SPILL!": ("#ПЕРЕНОС!", "результату формулы некуда поместиться"),
    "#CALC!": ("#ВЫЧИСЛ!", "ошибка вычисления"),
    "#GETTING_DATA": ("#ПОЛУЧЕНИЕ_ДАННЫХ", "данные ещё не получены"),
}


def error_meaning(value: str) -> str:
    """« (в русском Excel — #Н/Д: значение недоступно…)» for an error value Excel writes; "" for another."""
    shown = EXCEL_ERRORS.get(value.strip().upper())
    return f" (в русском Excel — {shown[0]}: {shown[1]})" if shown else ""


def open_book(path: Path, file: str | None = None) -> tuple[Book | None, list[Problem]]:
    """The workbook at ``path``, or the problems that keep it closed (never an exception)."""
    file = file or path.name
    problems = archive_problems(path, file, "xlsx")
    if problems:
        return None, problems
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises anything for a broken part
        return None, [E.IMPORT_DAMAGED(file, label=KINDS["xlsx"][1], detail="книга не открывается: части архива "
                                                                             "испорчены или не такие, как у книги")]
    return Book(workbook, file), []
