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

import argparse
import csv
import io
import os
import re
import sys
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

from . import errors as E
from .assessment_schemas import (
    ASSESSMENT_SCHEMAS,
    METRICS,
    MIN_PARTICIPANTS,
    PROCEDURE_SLUGS,
    PROCEDURES,
    is_pupil_column,
)
from .errors import Problem
from .load import ASSESSMENTS_DIR, DESCRIPTOR, ORGANIZATIONS_DIR, display_path, read_csv, read_yaml

RESULT_FIELDS = [f["name"] for f in ASSESSMENT_SCHEMAS["results"]["fields"]]
ROW_FIELDS = ("school", "subject", "grade", "participants")
REQUIRED_FIELDS = ("school", "subject", "participants")
FIELD_TITLES = {"school": "школа", "subject": "предмет", "grade": "класс", "participants": "число участников"}
SCHOOL_KIND = "школа"
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
EMPTY_MARKS = frozenset(("-", "—", "–", "н/д", "нет данных", "x", "х"))
DISTRICT_WORDS = frozenset(("район", "муниципалитет", "по району", "по муниципалитету"))
TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", (
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
    "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"), strict=True))


class UsageError(Exception):
    """A mistake in the command itself (exit code 2): no file, no package, a bad map."""


# --- reading the file ------------------------------------------------------------------
@dataclass
class SourceRow:
    number: int  # row as Excel shows it (header of a plain table = 1)
    line: int    # physical line of a CSV (differs only with multi-line cells)
    cells: list[str]


def read_source(path: Path, sheet: str | None = None) -> tuple[list[SourceRow], list[Problem]]:
    """Rows of a .csv or .xlsx file as text; an unreadable file is a problem, never an exception."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if sheet is not None:
            raise UsageError(f"--sheet задан, но {path.name} — CSV, в нём нет листов")
        return _read_csv_rows(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx_rows(path, sheet)
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


def _read_xlsx_rows(path: Path, sheet: str | None) -> tuple[list[SourceRow], list[Problem]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        return [], [E.IMPORT_UNREADABLE(path.name, detail=f"это не книга Excel .xlsx ({type(exc).__name__})")]
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise UsageError(f"в книге {path.name} нет листа «{sheet}»; листы: " + ", ".join(wb.sheetnames))
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]
        rows = [SourceRow(number, number, [_xlsx_text(c) for c in cells])
                for number, cells in enumerate(ws.iter_rows(), start=1)]
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        return [], [E.IMPORT_UNREADABLE(path.name, detail=f"лист не читается ({type(exc).__name__})")]
    finally:
        wb.close()
    return rows, []


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
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


def parse_number(text: str) -> float | None:
    """«12,5», «12.5», «12,5 %», «1 234» → float; empty or «—» → None; anything else → ValueError."""
    compact = re.sub(r"[\s\u00a0\u202f]", "", text).rstrip("%")
    if not compact or compact.lower() in EMPTY_MARKS:
        return None
    if not _NUMBER.fullmatch(compact):
        raise ValueError(text)
    return float(compact.replace(",", "."))


def format_number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))


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
        loaded = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UsageError(f"карта столбцов {path.name} не читается как YAML: {exc}") from exc
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


# --- schools -----------------------------------------------------------------------------
def _name_key(text: str) -> str:
    text = text.lower().replace("ё", "е")
    text = re.sub(r"(?:№+|\bn|\bno\.?)\s*(?=\d)", "", text)  # «№ 2», «№2», «N 2», «No. 2» → «2»
    return re.sub(r"[\s«»\"'“”„]", "", text)


@dataclass
class SchoolIndex:
    ids: dict[str, str]                                         # id → kind, every organisation
    own: set[str] = field(default_factory=set)                  # schools the import may name
    by_name: dict[str, set[str]] = field(default_factory=dict)  # normalised name → school ids
    district: str = ""

    @classmethod
    def from_registry(cls, organizations: Iterable[dict[str, str]], district: str = "") -> SchoolIndex:
        organizations = list(organizations)
        index = cls(ids={o.get("id", ""): o.get("kind", "") for o in organizations}, district=district)
        wanted = _name_key(district)
        for org in organizations:
            if org.get("kind") != SCHOOL_KIND or (wanted and _name_key(org.get("district", "")) != wanted):
                continue
            index.own.add(org.get("id", ""))
            names = [org.get("name", ""), org.get("short_name", ""), *org.get("aliases", "").split(";")]
            for name in names:
                if _name_key(name):
                    index.by_name.setdefault(_name_key(name), set()).add(org["id"])
        return index

    def is_district(self, value: str) -> bool:
        key = value.lower().replace("ё", "е").strip()
        return (key.startswith(("итого", "всего")) or " ".join(key.split()) in DISTRICT_WORDS
                or bool(self.district and _name_key(value) == _name_key(self.district)))

    def resolve(self, value: str, file: str, where: dict) -> tuple[str | None, Problem | None]:
        """School id for a cell; None and a problem if it is unknown, not a school or ambiguous."""
        if value in self.own:
            return value, None
        if value in self.ids and self.ids[value] != SCHOOL_KIND:
            return None, E.NOT_A_SCHOOL(file, value=value, kind=self.ids[value], **where)
        found = sorted(self.by_name.get(_name_key(value), ()))
        if len(found) == 1:
            return found[0], None
        if found:
            return None, E.IMPORT_SCHOOL_AMBIGUOUS(file, value=value, ids=", ".join(found), **where)
        scope = f" среди школ: {self.district}" if self.district else ""
        return None, E.IMPORT_SCHOOL_UNKNOWN(file, value=value, scope=scope, **where)


def load_organizations(data_dir: Path) -> list[dict[str, str]]:
    path = data_dir / ORGANIZATIONS_DIR / "organizations.csv"
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return list(csv.DictReader(fh))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"не удалось прочитать реестр организаций {path}: {exc}") from exc


# --- rows → results ------------------------------------------------------------------------
def slug(text: str, limit: int = 40) -> str:
    """«Русский язык» → «russkiy-yazyk»: lower-case Latin letters, digits and hyphens."""
    latin = "".join(TRANSLIT.get(ch, ch) for ch in text.lower())
    words = re.findall(r"[a-z0-9]+", latin)
    result = ""
    for word in words:
        if result and len(result) + 1 + len(word) > limit:
            break
        result = f"{result}-{word}" if result else word[:limit]
    return result


def clean_subject(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        text = text[0].lower() + text[1:]
    return text


_GRADE = re.compile(r"(\d{1,2})\s*(?:-?\s*й)?\s*(?:кл(?:асс\w*|\.)?)?", re.I)


def parse_grade(text: str) -> int | None:
    """«5», «5 класс», «5 кл.» → 5; empty → None; anything else (or not 1–11) → ValueError."""
    text = text.strip()
    if not text:
        return None
    match = _GRADE.fullmatch(text)
    if not match or not 1 <= int(match.group(1)) <= 11:
        raise ValueError(text)
    return int(match.group(1))


@dataclass
class Conversion:
    rows: list[dict[str, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    schools: set[str] = field(default_factory=set)
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]


@dataclass(frozen=True)
class Settings:
    procedure: str
    year: int
    file: str           # the imported file's name, for messages and the source column
    school_prefix: str  # stripped from school ids in row ids («seversky-» → «sosh-2»)


class RowReader:
    """One row of the file → its results rows, or problems naming the row and the column."""

    def __init__(self, header: SourceRow, columns: Columns, schools: SchoolIndex, settings: Settings):
        self.header, self.columns, self.schools, self.settings = header, columns, schools, settings

    def problem(self, error: E.ErrorType, row: SourceRow, key: str | None, **params: object) -> Problem:
        index = self.columns.index.get(key) if key else None
        column = self.header.cells[index] if index is not None else None
        made = error(self.settings.file, row=row.number, line=row.line, column=column, **params)
        return _at(made, index + 1 if index is not None else None)

    def cell(self, row: SourceRow, key: str) -> str:
        index = self.columns.index.get(key)
        return row.cells[index].strip() if index is not None and index < len(row.cells) else ""

    def read(self, row: SourceRow, out: Conversion) -> None:
        before = len(out.errors)
        school_cell, subject = self.cell(row, "school"), clean_subject(self.cell(row, "subject"))
        for key, value in (("school", school_cell), ("subject", subject)):
            if not value:
                out.problems.append(self.problem(E.IMPORT_VALUE_MISSING, row, key, field=FIELD_TITLES[key]))
        school = self._school(row, school_cell, out) if school_cell else None
        grade = self._grade(row, out)
        participants = self._participants(row, out)
        values = self._values(row, out)
        if len(out.errors) > before:
            return
        at_school = school != ""
        if at_school and participants is None and values:
            out.problems.append(self.problem(E.PARTICIPANTS_REQUIRED, row, "participants"))
            return
        if participants is not None and participants < MIN_PARTICIPANTS and values:
            out.problems.append(self.problem(E.IMPORT_SMALL_GROUP, row, "participants", participants=participants))
            values = {code: None for code in values}
        for code, value in values.items():
            if (value is not None and at_school and METRICS[code].kind == "count"
                    and 0 < value < MIN_PARTICIPANTS):
                out.problems.append(self.problem(E.IMPORT_SMALL_COUNT, row, code, value=format_number(value)))
                value = None
            out.rows.append(self._result(row, school or "", subject, grade, code, value, participants))
        if school:
            out.schools.add(school)

    def _school(self, row: SourceRow, value: str, out: Conversion) -> str | None:
        if self.schools.is_district(value):
            return ""
        where = {"row": row.number, "line": row.line, "column": self.header.cells[self.columns.index["school"]]}
        school, problem = self.schools.resolve(value, self.settings.file, where)
        if problem is not None:
            out.problems.append(_at(problem, self.columns.index["school"] + 1))
        return school

    def _grade(self, row: SourceRow, out: Conversion) -> int | None:
        try:
            return parse_grade(self.cell(row, "grade"))
        except ValueError:
            out.problems.append(self.problem(E.IMPORT_BAD_VALUE, row, "grade", value=self.cell(row, "grade"),
                                             detail="класс — число от 1 до 11"))
            return None

    def _participants(self, row: SourceRow, out: Conversion) -> int | None:
        text = self.cell(row, "participants")
        try:
            number = parse_number(text)
        except ValueError:
            number = -1.0
        if number is not None and (number < 0 or not number.is_integer()):
            out.problems.append(self.problem(E.IMPORT_BAD_VALUE, row, "participants", value=text,
                                             detail="число участников — целое число"))
            return None
        return int(number) if number is not None else None

    def _values(self, row: SourceRow, out: Conversion) -> dict[str, float | None]:
        values: dict[str, float | None] = {}
        for code, metric in METRICS.items():
            if code not in self.columns.index:
                continue
            text = self.cell(row, code)
            try:
                value = parse_number(text)
            except ValueError:
                out.problems.append(self.problem(E.IMPORT_BAD_VALUE, row, code, value=text,
                                                 detail=f"ожидается число ({metric.unit})"))
                continue
            if value is None:
                continue
            if metric.kind == "share" and value > 100:
                out.problems.append(self.problem(E.PERCENT_RANGE, row, code, value=text))
            elif metric.kind == "count" and not value.is_integer():
                out.problems.append(self.problem(E.IMPORT_BAD_VALUE, row, code, value=text,
                                                 detail="число человек — целое число"))
            else:
                values[code] = value
        return values

    def _result(self, row: SourceRow, school: str, subject: str, grade: int | None, code: str,
                value: float | None, participants: int | None) -> dict[str, str]:
        s = self.settings
        short_school = school.removeprefix(s.school_prefix) if s.school_prefix else school
        parts = [PROCEDURE_SLUGS[s.procedure], str(s.year), slug(short_school), slug(subject) or "predmet",
                 str(grade or ""), code.replace("_", "-")]
        return {"id": "-".join(p for p in parts if p), "procedure": s.procedure, "subject": subject,
                "grade": str(grade or ""), "year": str(s.year), "school": school, "metric": code,
                "value": format_number(value) if value is not None else "",
                "participants": str(participants) if participants is not None else "",
                "source": f"{s.file}, строка {row.number}", "quote": "", "note": ""}


def convert(rows: list[SourceRow], column_map: dict[str, tuple[str, ...]], schools: SchoolIndex,
            settings: Settings) -> Conversion:
    """The file's rows → results rows (wide → long), with every problem found."""
    out = Conversion()
    if not any(any(r.cells) for r in rows):
        out.problems.append(E.FILE_EMPTY(settings.file, row=1, line=1))
        return out
    start = find_header(rows, column_map)
    header = rows[start]
    out.problems.extend(pupil_columns(header, settings.file))
    if out.problems:
        return out  # pupil data: nothing of the file is read further
    columns, problems = map_columns(header, column_map, settings.file)
    out.ignored_columns = columns.ignored
    out.problems.extend(problems)
    if problems:
        return out
    reader = RowReader(header, columns, schools, settings)
    seen: dict[tuple[str, ...], int] = {}
    for row in rows[start + 1:]:
        if not any(row.cells):
            continue
        if any(cell for i, cell in enumerate(row.cells) if i >= len(header.cells)):
            out.problems.append(E.ROW_LENGTH(settings.file, row=row.number, line=row.line,
                                             actual=len(row.cells), expected=len(header.cells)))
            continue
        first = len(out.rows)
        reader.read(row, out)
        for result in out.rows[first:]:
            _check_repeat(result, row, seen, settings.file, out)
    return out


def _check_repeat(result: dict[str, str], row: SourceRow, seen: dict[tuple[str, ...], int], file: str,
                  out: Conversion) -> None:
    key = tuple(result[k] for k in ("subject", "grade", "school", "metric"))
    if key in seen and seen[key] != row.number:
        label = ", ".join(part for part in key if part)
        out.problems.append(E.DUPLICATE_RESULT(file, row=row.number, line=row.line, key=label, other=seen[key]))
    seen.setdefault(key, row.number)


# --- merging into results.csv --------------------------------------------------------------
class ResultsExist(Exception):
    """Rows of the same procedure and year are in results.csv and --replace was not given."""

    def __init__(self, count: int):
        super().__init__(count)
        self.count = count


def merge(existing: list[dict[str, str]], new: list[dict[str, str]], procedure: str, year: int,
          replace_old: bool) -> tuple[list[dict[str, str]], int]:
    """Existing rows with those of the same procedure and year swapped for the new ones (in place of
    the first of them, else at the end); ids made unique.  Returns (rows, how many were replaced)."""
    same = [r.get("procedure") == procedure and r.get("year", "").strip() == str(year) for r in existing]
    if any(same) and not replace_old:
        raise ResultsExist(sum(same))
    kept = [row for row, old in zip(existing, same, strict=True) if not old]
    new = _unique_ids(new, {r.get("id", "") for r in kept})
    at = same.index(True) if any(same) else len(existing)
    before = sum(1 for old in same[:at] if not old)
    return kept[:before] + new + kept[before:], sum(same)


def _unique_ids(rows: list[dict[str, str]], taken: set[str]) -> list[dict[str, str]]:
    taken = set(taken)
    result = []
    for row in rows:
        base, number, candidate = row["id"], 2, row["id"]
        while candidate in taken:
            candidate, number = f"{base}-{number}", number + 1
        taken.add(candidate)
        result.append({**row, "id": candidate})
    return result


def results_text(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(RESULT_FIELDS)
    writer.writerows([row.get(name, "") for name in RESULT_FIELDS] for row in rows)
    return out.getvalue()


def write_atomically(path: Path, data: bytes) -> None:
    staged = path.with_name(f".{path.name}.new")
    staged.write_bytes(data)
    os.replace(staged, path)


# --- the command ----------------------------------------------------------------------------
@dataclass
class Plan:
    """Everything the import will write, worked out before anything is written."""
    package: Path
    conversion: Conversion
    merged: list[dict[str, str]] = field(default_factory=list)
    replaced: int = 0


def package_meta(package: Path) -> dict:
    meta, problems = read_yaml(package / DESCRIPTOR, str(package / DESCRIPTOR))
    if problems or not isinstance(meta, dict):
        raise UsageError(f"не удалось прочитать {package / DESCRIPTOR}: запустите roadmaps validate")
    return meta


def plan_import(source: Path, data_dir: Path, package_id: str, procedure: str, year: int,
                map_path: Path | None = None, sheet: str | None = None, replace_old: bool = False) -> Plan:
    """Read, convert and merge; raise UsageError for a mistake in the command. Writes nothing."""
    package = data_dir / ASSESSMENTS_DIR / package_id
    if not (package / DESCRIPTOR).is_file():
        raise UsageError(f"нет пакета оценки качества {package}; создайте его командой "
                         f"roadmaps new-assessment --id {package_id} --title «…» --district «…»")
    if not source.is_file():
        raise UsageError(f"нет файла {source}")
    if procedure not in PROCEDURES:
        raise UsageError(f"процедура «{procedure}» не из списка: {', '.join(PROCEDURES)}")
    if not 2000 <= year <= 2100:
        raise UsageError(f"год {year} вне 2000–2100")
    column_map = load_map(map_path)
    meta = package_meta(package)
    schools = SchoolIndex.from_registry(load_organizations(data_dir), str(meta.get("district") or ""))
    prefix = f"{meta.get('name') or package_id}-"
    settings = Settings(procedure, year, source.name, prefix)
    rows, problems = read_source(source, sheet)
    conversion = Conversion(problems=problems) if problems else convert(rows, column_map, schools, settings)
    plan = Plan(package, conversion)
    if conversion.errors:
        return plan
    results = package / "results.csv"
    table, table_problems = read_csv(results, display_path(results, data_dir.parent), "results", RESULT_FIELDS)
    if table_problems:
        conversion.problems.extend(table_problems)
        return plan
    existing = [dict(row.values) for row in table.rows]
    try:
        plan.merged, plan.replaced = merge(existing, conversion.rows, procedure, year, replace_old)
    except ResultsExist as exc:
        rel = display_path(results, data_dir.parent)
        conversion.problems.append(E.IMPORT_RESULTS_EXIST(rel, procedure=procedure, year=year, count=exc.count))
    return plan


def cmd_import_results(args: argparse.Namespace) -> int:
    """``roadmaps import results FILE --package ID --procedure ВПР --year 2024``."""
    from .cli import format_problem

    def fail(message: str) -> int:
        print(f"roadmaps import results: {message}", file=sys.stderr)
        return 2

    if not args.package:
        return fail("укажите пакет оценки качества: --package ID (папка data/assessments/ID)")
    if not args.procedure or args.year is None:
        return fail("укажите процедуру и год: --procedure ВПР --year 2024")
    data = Path(args.data)
    try:
        plan = plan_import(Path(args.file), data, args.package, args.procedure, args.year,
                           Path(args.map) if args.map else None, args.sheet, args.replace)
    except UsageError as exc:
        return fail(str(exc))
    conversion = plan.conversion
    for problem in conversion.problems:
        print(format_problem(problem, "text"))
    results = plan.package / "results.csv"
    if conversion.errors:
        print(f"Файл не импортирован: ошибок {len(conversion.errors)}. {results} не изменён.")
        return 1
    if conversion.ignored_columns:
        print("Не перенесены столбцы (их нет в карте столбцов): "
              + ", ".join(f"«{h}»" for h in conversion.ignored_columns))
    return _write_and_validate(plan, data, format_problem)


def _write_and_validate(plan: Plan, data: Path, format_problem) -> int:
    from .validate import validate_tree

    results = plan.package / "results.csv"
    before = results.read_bytes()
    write_atomically(results, results_text(plan.merged).encode("utf-8"))
    report = validate_tree(data)
    prefix = display_path(plan.package, report.tree.root) + "/"
    mine = [p for p in report.problems if p.file.startswith(prefix)]
    for problem in mine:
        print(format_problem(problem, "text"))
    if any(p.is_error for p in mine):
        write_atomically(results, before)
        print(f"Проверка пакета нашла ошибки: {results} возвращён к прежнему виду.")
        return 1
    conversion = plan.conversion
    hidden = sum(1 for r in conversion.rows if not r["value"])
    print(f"Записано строк: {len(conversion.rows)} (школ: {len(conversion.schools)}, без значения: {hidden}); "
          f"заменено прежних: {plan.replaced}. Файл: {results}. "
          "Не забудьте увеличить version в datapackage.yaml пакета.")
    return 0
