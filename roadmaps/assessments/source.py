"""``roadmaps import results``: a table of results as a district receives it → ``results.csv``.

Results of an assessment procedure (ВПР, ОГЭ…) arrive as a CSV or XLSX table, one row per school
and subject (and grade), with one column per figure.  The import turns each non-empty figure into
one row of the package's ``results`` resource (wide → long), names schools by their id in the
organisations registry and writes nothing at all if any row is wrong; every problem names the row
and the column of the imported file.

Column map
----------
Which header of the file holds which of our fields.  The default map below covers the usual
Russian headers; headers are compared ignoring case, ё/е, spaces and quotes («», "").  A YAML file
given with ``--map`` overrides keys of the default (``null`` switches a key off); a value is one
header or a list of alternatives::

    school: Школа                        # название, краткое название, написание из aliases или id
    subject: Предмет
    grade: Класс                         # необязательный столбец
    participants: Число участников
    mean_score: Средний балл
    below_basic_share: Доля «2», %
    high_score_share: Доля «4» и «5», %
    fail_share: Доля не справившихся, %
    passed_count: Справились, чел.
    failed_count: Не справились, чел.
    top_score_count: 100 баллов, чел.

Default headers (any one of them is recognised):

- ``school``: Школа, ОО, Образовательная организация, Наименование ОО, Наименование
  образовательной организации, Организация, Учреждение
- ``subject``: Предмет, Учебный предмет
- ``grade``: Класс, Параллель
- ``participants``: Число участников, Количество участников, Кол-во участников, Участников, Участники
- ``mean_score``: Средний балл, Средняя отметка, Средний тестовый балл
- ``below_basic_share``: Доля «2», %; Доля 2, %; Доля ниже базового уровня, %; Ниже базового, %
- ``high_score_share``: Доля «4» и «5», %; Доля 4 и 5, %; Качество знаний, %; Доля высоких результатов, %
- ``fail_share``: Доля не справившихся, %; Не справились, %; Доля не сдавших, %; Не сдали, %
- ``passed_count``: Справились, чел.; Сдали, чел.; Сдали
- ``failed_count``: Не справились, чел.; Не сдали, чел.; Не сдали
- ``top_score_count``: 100 баллов, чел.; Получили 100 баллов; 100 баллов

Rules
-----
- Numbers as staff type them: «12,5», «12.5», «12,5 %», «1 234»; «—», «-», «н/д», «х» mean no value.
  A share outside 0–100 is an error.  An XLSX cell formatted as a percentage (0,125 shown as 12,5 %)
  is read as 12.5.
- Privacy: a column whose header names a person (ФИО, дата рождения, СНИЛС, код участника…) refuses
  the whole file.  A row with fewer than 10 participants keeps its number of participants but no
  value (warning); a count of people under 10 at one school is not written either (warning).
  A school row with values but no participants is an error.
- A row whose school cell reads «Итого…», «Всего…», «район», «муниципалитет» or the package's
  district is the district as a whole (empty ``school``).
- Subject as written, spaces collapsed, a capital first letter lowered («Математика» → «математика»;
  «ОБЖ» stays).  Grade: «5», «5 класс», «5 кл.».
- Rows of the same procedure and year already in ``results.csv`` are replaced only with ``--replace``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from roadmaps import errors as E
from roadmaps.assessments.schemas import (
    ASSESSMENT_SCHEMAS,
    METRICS,
    is_pupil_column,
)
from roadmaps.data.load import safe_load, yaml_problem
from roadmaps.errors import Problem
from roadmaps.imports.sheets import open_book, spread_down
from roadmaps.numbers import format_number

RESULT_FIELDS = [f["name"] for f in ASSESSMENT_SCHEMAS["results"]["fields"]]


ROW_FIELDS = ("school", "subject", "grade", "participants")


REQUIRED_FIELDS = ("school", "subject", "participants")


FIELD_TITLES = {"school": "школа", "subject": "предмет", "grade": "класс", "participants": "число участников"}


MAX_CSV_BYTES = 32 * 2**20  # a district's results take well under 1 MB
HEADER_SEARCH_ROWS = 20  # a title above the header row is allowed: the header is looked for this far


DEFAULT_MAP: dict[str, tuple[str, ...]] = {
    "school": ("Школа", "ОО", "Образовательная организация", "Наименование ОО",
               "Наименование образовательной организации", "Организация", "Учреждение"),
    "subject": ("Предмет", "Учебный предмет"),
    "grade": ("Класс", "Параллель"),
    "participants": ("Число участников", "Количество участников", "Кол-во участников", "Участников",
                     "Участники"),
    "mean_score": ("Средний балл", "Средняя отметка", "Средний тестовый балл"),
    "below_basic_share": ("Доля «2», %", "Доля 2, %", "Доля ниже базового уровня, %", "Ниже базового, %"),
    "high_score_share": ("Доля «4» и «5», %", "Доля 4 и 5, %", "Качество знаний, %",
                         "Доля высоких результатов, %"),
    "fail_share": ("Доля не справившихся, %", "Не справились, %", "Доля не сдавших, %", "Не сдали, %"),
    "passed_count": ("Справились, чел.", "Сдали, чел.", "Сдали"),
    "failed_count": ("Не справились, чел.", "Не сдали, чел.", "Не сдали"),
    "top_score_count": ("100 баллов, чел.", "Получили 100 баллов", "100 баллов"),
}




class UsageError(Exception):
    """A mistake in the command itself (exit code 2): no file, no package, a bad map."""


# --- reading the file ------------------------------------------------------------------
@dataclass
class SourceRow:
    number: int  # row as Excel shows it (header of a plain table = 1)
    line: int    # physical line of a CSV (differs only with multi-line cells)
    cells: list[str]


def read_source(path: Path, sheet: str | None = None, column_map: dict[str, tuple[str, ...]] | None = None,
                ) -> tuple[list[SourceRow], list[Problem]]:
    """Rows of a .csv or .xlsx file as text; an unreadable file is a problem, never an exception.  With
    ``column_map``, a workbook's cells merged down below the header (a school's name over the rows of its subjects,
    as results are tabled) give their value to every row they cover, as the person sees them, with a warning
    (``workbook-merged-cell``)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if sheet is not None:
            raise UsageError(f"--sheet задан, но {path.name} — CSV, в нём нет листов")
        return _read_csv_rows(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx_rows(path, sheet, column_map)
    raise UsageError(f"файл {path.name}: поддерживаются .csv и .xlsx (файл .xls пересохраните в Excel как .xlsx)")


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1251")  # Russian Excel's «CSV (разделители — точка с запятой)»


def _delimiter(text: str) -> str:
    """«;», «,» or a tab: whichever splits some line of the file's start into the most cells
    (a title above the header has none)."""
    lines = text.splitlines()[:HEADER_SEARCH_ROWS]
    counts = {d: max((line.count(d) for line in lines), default=0) for d in (";", ",", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _read_csv_rows(path: Path) -> tuple[list[SourceRow], list[Problem]]:
    name = path.name
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        return [], [E.IMPORT_TOO_LARGE(name, what="файл", size=f"{size / 2**20:.1f} МБ".replace(".", ","),
                                       limit=f"{MAX_CSV_BYTES // 2**20} МБ")]
    try:
        text = _decode(path.read_bytes())
    except UnicodeDecodeError:
        return [], [E.IMPORT_UNREADABLE(name, detail="кодировка не UTF-8 и не Windows-1251")]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    rows: list[SourceRow] = []
    line = 1
    try:
        for number, record in enumerate(reader, start=1):
            rows.append(SourceRow(number, line, [cell.strip() for cell in record]))
            line = reader.line_num + 1
    except csv.Error:
        return [], [E.UNTERMINATED_QUOTE(name, row=len(rows) + 1, line=line)]
    return rows, []


def _read_xlsx_rows(path: Path, sheet: str | None, column_map: dict[str, tuple[str, ...]] | None = None,
                    ) -> tuple[list[SourceRow], list[Problem]]:
    book, problems = open_book(path)
    if book is None:
        return [], problems
    spread: list[Problem] = []
    try:
        if sheet is not None and sheet not in book.sheetnames:
            return [], [E.IMPORT_UNREADABLE(path.name, column="--sheet", detail=f"в книге нет листа «{sheet}»; "
                                                                                  f"листы: {', '.join(book.sheetnames)}")]
        name = sheet if sheet is not None else book.sheetnames[0]
        read = book.rows(name)

        def as_text() -> list[SourceRow]:
            return [SourceRow(row.number, row.number, [_xlsx_text(c) for c in row.cells]) for row in read]

        rows = as_text()
        if column_map is not None and rows:
            header = find_header(rows, column_map)
            spread = spread_down(book, name, read[header + 1:], header=rows[header].number)
            if spread:
                rows = as_text()
    finally:
        book.close()
    return rows, book.problems + spread


def _xlsx_text(cell: object) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if "%" in str(getattr(cell, "number_format", "") or ""):
            value = value * 100  # 0,125 shown as «12,5 %»
        return format_number(float(value))
    return str(value).strip()


# --- numbers -----------------------------------------------------------------------------




# --- the column map ----------------------------------------------------------------------
def _header_key(text: str) -> str:
    return re.sub(r"[\s«»\"'“”„]", "", text.lower().replace("ё", "е"))


def load_map(path: Path | None) -> dict[str, tuple[str, ...]]:
    """The default map, with the keys of a YAML file (if given) replacing its own."""
    column_map = dict(DEFAULT_MAP)
    if path is None:
        return column_map
    if not path.is_file():
        raise UsageError(f"нет файла карты столбцов {path}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UsageError(f"карта столбцов {path.name} сохранена не в UTF-8") from exc
    try:
        loaded = safe_load(text)
    except (yaml.YAMLError, ValueError) as exc:
        problem = yaml_problem(path.name, exc, text)
        where = f", строка {problem.line}" if problem.line is not None else ""
        raise UsageError(f"карта столбцов {path.name}{where}: {problem.message}") from exc
    if not isinstance(loaded, dict):
        raise UsageError(f"карта столбцов {path.name}: ожидается «поле: заголовок» по строке на поле")
    for key, value in loaded.items():
        if key not in DEFAULT_MAP:
            known = ", ".join(DEFAULT_MAP)
            raise UsageError(f"карта столбцов {path.name}: неизвестное поле «{key}»; допустимы: {known}")
        headers = value if isinstance(value, list) else [] if value is None else [value]
        if not all(isinstance(h, str | int | float) for h in headers):
            raise UsageError(f"карта столбцов {path.name}: поле «{key}» — заголовок или список заголовков")
        column_map[key] = tuple(str(h) for h in headers)
    return column_map


def _matches(header: list[str], names: tuple[str, ...]) -> list[int]:
    wanted = {_header_key(n) for n in names}
    return [i for i, h in enumerate(header) if h and _header_key(h) in wanted]


def find_header(rows: list[SourceRow], column_map: dict[str, tuple[str, ...]]) -> int:
    """Index of the header row: the first with the school and subject columns, else the first non-empty."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _matches(row.cells, column_map["school"]) and _matches(row.cells, column_map["subject"]):
            return index
    return next((i for i, row in enumerate(rows) if any(row.cells)), 0)


@dataclass
class Columns:
    index: dict[str, int]  # our field or metric code → column index in the file
    ignored: list[str]     # headers the map does not name


def map_columns(header: SourceRow, column_map: dict[str, tuple[str, ...]], file: str
                ) -> tuple[Columns, list[Problem]]:
    problems: list[Problem] = []
    index: dict[str, int] = {}
    where = {"row": header.number, "line": header.line}
    for key, names in column_map.items():
        found = _matches(header.cells, names)
        if len(found) > 1:
            listed = ", ".join(f"«{header.cells[i]}»" for i in found)
            problem = E.IMPORT_COLUMN_AMBIGUOUS(file, column=header.cells[found[1]], field=field_label(key),
                                                headers=listed, **where)
            problems.append(_at(problem, found[1] + 1))
        if found:
            index[key] = found[0]
    for key in REQUIRED_FIELDS:
        if key not in index:
            tried = "; ".join(f"«{n}»" for n in column_map[key]) or "не заданы"
            problems.append(E.IMPORT_COLUMN_MISSING(file, field=field_label(key), headers=tried, **where))
    if not any(code in index for code in METRICS):
        tried = "; ".join(f"«{n}»" for code in METRICS for n in column_map[code][:1])
        problems.append(E.IMPORT_COLUMN_MISSING(file, field="показатель (хотя бы один)", headers=tried, **where))
    used = set(index.values())
    ignored = [h for i, h in enumerate(header.cells) if h and i not in used]
    return Columns(index, ignored), problems


def field_label(key: str) -> str:
    """«школа (school)», «Средний балл (отметка) (mean_score)»: how a field is named in messages."""
    title = FIELD_TITLES.get(key) or METRICS[key].title
    return f"{title} ({key})"


def pupil_columns(header: SourceRow, file: str) -> list[Problem]:
    return [_at(E.PUPIL_DATA(file, row=header.number, line=header.line, column=name, name=name), number)
            for number, name in enumerate(header.cells, start=1) if name and is_pupil_column(name)]


def _at(problem: Problem, column_number: int | None) -> Problem:
    return replace(problem, column_number=column_number)
