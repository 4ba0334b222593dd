"""``roadmaps import results``: the rows of a results table (:mod:`.source`) → rows of ``results.csv``.

Schools by the registry's rule (:class:`roadmaps.data.registry.SchoolIndex`), numbers as typed
(:func:`roadmaps.numbers.parse_number`), privacy rules applied row by row, merged with the package's
results of other procedures and years; the rules are listed in :mod:`.source`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from roadmaps import errors as E
from roadmaps.assessments.schemas import (
    METRICS,
    MIN_PARTICIPANTS,
    PROCEDURE_SLUGS,
    PROCEDURES,
)
from roadmaps.assessments.source import (
    FIELD_TITLES,
    RESULT_FIELDS,
    Columns,
    SourceRow,
    UsageError,
    _at,
    find_header,
    load_map,
    map_columns,
    pupil_columns,
    read_source,
)
from roadmaps.data.load import ASSESSMENTS_DIR, DESCRIPTOR, display_path, read_yaml
from roadmaps.data.paths import package_dir
from roadmaps.data.registry import SchoolIndex, load_organizations
from roadmaps.data.tables import csv_text, read_csv
from roadmaps.errors import Problem
from roadmaps.numbers import format_number, parse_number

SCHOOL_KIND = "школа"


DISTRICT_WORDS = frozenset(("район", "муниципалитет", "по району", "по муниципалитету"))


TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", (
    "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u",
    "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"), strict=True))


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
    return csv_text([RESULT_FIELDS, *([row.get(name, "") for name in RESULT_FIELDS] for row in rows)])


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
    """Read, convert and merge; raise UsageError for a mistake in the command, Refused for a package id that is
    not one (or a package that is not there). Writes nothing."""
    package = package_dir(data_dir, ASSESSMENTS_DIR, package_id, column="--package", exists=False)
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
    rows, problems = read_source(source, sheet, column_map)
    if any(p.is_error for p in problems):
        conversion = Conversion(problems=problems)
    else:  # warnings of the reader (a formula counted by its value) come first
        conversion = convert(rows, column_map, schools, settings)
        conversion.problems[:0] = problems
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
