"""A CSV table as staff produce it: rows with their physical line numbers, and every structural problem (encoding, delimiter, quotes, header) as a problem of the catalogue."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from roadmaps import errors as E
from roadmaps.data.paths import read_regular
from roadmaps.errors import Problem


@dataclass(slots=True)
class Row:
    """One record: its cells in header order, read through the table's shared ``columns`` map
    (a region holds hundreds of thousands of rows: no dict per row)."""

    number: int  # record number, header = 1 (as frictionless counts)
    line: int    # physical line where the record starts
    cells: tuple[str, ...]
    columns: dict[str, int]  # column name -> position, one dict per table

    @property
    def values(self) -> dict[str, str]:
        return {name: self.cells[i] for name, i in self.columns.items() if i < len(self.cells)}

    def get(self, name: str, default: str = "") -> str:
        i = self.columns.get(name)
        return default if i is None or i >= len(self.cells) else self.cells[i]

    def __getitem__(self, name: str) -> str:
        return self.get(name)


@dataclass
class Table:
    name: str
    path: Path  # absolute
    rel: str    # path as shown to users (relative to the repository / data folder)
    header: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    readable: bool = True  # structure ok: frictionless can run on it

    def column_number(self, name: str) -> int | None:
        return self.header.index(name) + 1 if name in self.header else None

    def column(self, name: str) -> list[str]:
        """The cells of one column, row by row (as ``row.get(name)``: "" where the header lacks it)."""
        if name not in self.header:
            return [""] * len(self.rows)
        index = len(self.header) - 1 - self.header[::-1].index(name)  # a repeated name: the last one, as Row
        return [row.cells[index] if index < len(row.cells) else "" for row in self.rows]


# The csv module refuses a field over 128 KiB unless told otherwise, and frictionless tells it so (2 GiB) when its
# CSV parser is imported: a long cell was text-too-long or an «unterminated quote» by what had run before.  Every
# reader of the project's CSV reads whole files already in memory: the limit is frictionless's, from the start.
FIELD_LIMIT = 2**31 - 2
csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))

Reader = Callable[[Path], bytes]
# read_csv's signature: how a load reads each table (the build passes one that remembers parsed tables)
TableReader = Callable[[Path, str, str, "list[str] | None", Reader], "tuple[Table, list[Problem]]"]


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """Rows as the package's CSV (UTF-8, comma, LF, minimal quoting), as ``csv.writer`` writes them — except
    that a cell holding a carriage return is quoted too (``csv.writer`` with an LF terminator leaves it bare,
    and every reader then splits the record there)."""
    out, line = [], io.StringIO()
    writer = csv.writer(line, lineterminator="\r\n")  # «\r» and «\n» both make a cell quoted
    for row in rows:
        line.seek(0)
        line.truncate()
        writer.writerow(row)
        out.append(line.getvalue()[:-2] + "\n")
    return "".join(out)


def one_newline(text: str) -> str:
    """Every line break as «\\n»: a cell Excel on Windows saved keeps «\\r\\n» inside its quotes, a text pasted
    from Word a lone «\\r», and both would reach the workbook, the open data and the pages.  Every reader of a
    package's text goes through here (:func:`read_csv`, frictionless's reader, the downloads, YAML scalars);
    a text with no «\\r» is returned as it is, unscanned."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def csv_text_of(raw: bytes) -> str:
    """A package's CSV file as text, as every reader takes it: UTF-8 (a BOM skipped), line breaks as «\\n»
    (:func:`one_newline`).  UnicodeDecodeError for another encoding."""
    return one_newline(raw.decode("utf-8-sig"))


def read_bytes(path: Path) -> bytes:
    """A file's bytes; a link is never followed (OSError): the data folder holds regular files only."""
    return read_regular(path)


def _utf16(head: bytes) -> bool:
    """Text saved as UTF-16 without its mark: every other byte of Latin letters, digits and punctuation is zero."""
    return len(head) >= 8 and max(head[0::2].count(0), head[1::2].count(0)) > len(head) // 4


def _guess_encoding(raw: bytes) -> str:
    """What a file that is not UTF-8 looks like, in the words of the program that saved it (the end of «похоже
    на …»)."""
    head = raw[:4096]
    if head.startswith(b"PK\x03\x04"):
        return "книгу Excel или документ Word (.xlsx, .docx), а не текст: файл переименован"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "книгу Excel старого формата (.xls), а не текст: файл переименован"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16(head):
        return "UTF-16 (так сохраняет Excel «Текст Юникод»)"
    if head.count(0) or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 20:
        return "двоичный файл, а не текст"
    try:
        raw.decode("cp1251")
        return "Windows-1251 (так сохраняет русский Excel)"
    except UnicodeDecodeError:
        return "неизвестную кодировку"


def read_csv(path: Path, rel: str, name: str, expected: list[str] | None,
             read: Reader = read_bytes) -> tuple[Table, list[Problem]]:
    """Read a CSV the way staff produce it; report structural problems precisely."""
    table = Table(name=name, path=path, rel=rel)
    problems: list[Problem] = []
    try:
        raw = read(path)
    except OSError:
        table.readable = False
        return table, [E.FILE_MISSING(rel, path=rel)]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a BOM from Excel's "CSV UTF-8": accepted
    if not raw.strip():
        table.readable = False
        return table, [E.FILE_EMPTY(rel, line=1, row=1)]
    try:
        if _utf16(raw[:4096]):  # zeros between the letters decode as UTF-8, but are no text of a table
            raise UnicodeDecodeError("utf-8", raw, 0, 1, "UTF-16")
        text = csv_text_of(raw)
    except UnicodeDecodeError as exc:
        table.readable = False
        line = raw[: exc.start].count(b"\n") + 1
        found = [E.ENCODING(rel, line=line, row=line, guess=_guess_encoding(raw))]
        header = raw.split(b"\n", 1)[0]
        if b"," not in header and b";" in header:  # Russian Excel: cp1251 and «;» together
            found.append(E.DELIMITER(rel, line=1, row=1, delimiter=";"))
        return table, found
    first_line = text.split("\n", 1)[0]
    if "," not in first_line and first_line.count(";") >= 1:
        table.readable = False
        return table, [E.DELIMITER(rel, line=1, row=1, delimiter=";")]

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error:
        table.readable = False
        line, number = _broken_record(text)
        return table, [E.UNTERMINATED_QUOTE(rel, line=line, row=number)]
    if not records:
        table.readable = False
        return table, [E.FILE_EMPTY(rel, line=1, row=1)]
    # record i starts on line i + 1 unless a quoted cell spans lines (then count them)
    starts = range(1, len(records) + 1) if reader.line_num == len(records) else _record_lines(text)

    ignored = blank_tail(records)
    if ignored:  # Excel's «,,» after the last column: read as if they were not there
        records = cut_tail(records, ignored)
        first = len(records[0]) + 1
        problems.append(_with_column_number(E.EMPTY_COLUMNS(rel, line=1, row=1, columns=_columns_named(
            first, first + ignored - 1)), first))
    header = [h.strip() for h in records[0]]
    table.header = header
    if expected is not None:
        found = _header_problems(rel, header, expected)
        if found:
            problems.extend(found)
            table.readable = False
    width = len(header)
    columns = {name: i for i, name in enumerate(header)}  # a repeated name: the last one, as dict(zip()) did
    rows = table.rows
    same: dict[str, str] = {}  # one string object per distinct cell value (units, years, names repeat a lot)
    share = same.setdefault
    for index in range(1, len(records)):
        record = records[index]
        if not (record and record[0].strip()) and not "".join(record).strip():  # every cell empty or spaces
            if record:
                problems.append(E.BLANK_ROW(rel, line=starts[index], row=index + 1))
                table.readable = False
            continue
        if len(record) != width:
            problems.append(E.ROW_LENGTH(rel, line=starts[index], row=index + 1, actual=len(record), expected=width))
            table.readable = False
            continue
        rows.append(Row(index + 1, starts[index], tuple(map(share, record, record)), columns))
    return table, problems


def blank_tail(records: list[list[str]]) -> int:
    """How many columns at the end of a CSV have neither a name nor a value (Excel writes «,,» after the last
    column when cells beyond it were ever touched): most often none, seen at the header's last cell."""
    header = records[0] if records else []
    width = len(header)
    if not width or header[-1].strip():
        return 0
    keep = width
    while keep and not header[keep - 1].strip():
        keep -= 1
    for record in records[1:]:
        if len(record) > keep and "".join(record[keep:width]).strip():
            keep = max(i for i in range(keep, min(len(record), width)) if record[i].strip()) + 1
            if keep == width:
                return 0
    return width - keep


def cut_tail(records: list[list[str]], ignored: int) -> list[list[str]]:
    """The records without the ``ignored`` empty columns :func:`blank_tail` found (a longer record keeps what
    it has beyond them: its length is reported as it is)."""
    keep = len(records[0]) - ignored
    width = len(records[0])
    return [record[:keep] if keep < len(record) <= width else record for record in records]


def column_letter(number: int) -> str:
    """The letter(s) of a column as a spreadsheet shows it: 1 → A, 27 → AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _columns_named(first: int, last: int) -> str:
    """«12 (L)» or «12–13 (L–M)»: columns by number and letter."""
    if first == last:
        return f"{first} ({column_letter(first)})"
    return f"{first}–{last} ({column_letter(first)}–{column_letter(last)})"


def _record_lines(text: str) -> list[int]:
    """The physical line where each record of a CSV text starts."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    starts = []
    line_start = 1
    for _record in reader:
        starts.append(line_start)
        line_start = reader.line_num + 1
    return starts


def _broken_record(text: str) -> tuple[int, int]:
    """(line, record number) of the record where the csv module gives up (an unterminated quote)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    count, line_start = 0, 1
    try:
        for _record in reader:
            count += 1
            line_start = reader.line_num + 1
    except csv.Error:
        pass
    return line_start, count + 1


def _header_problems(rel: str, header: list[str], expected: list[str]) -> list[Problem]:
    problems: list[Problem] = []
    missing = [n for n in expected if n not in header]
    extra = [n for n in header if n not in expected and n]
    for name in missing:
        problems.append(E.MISSING_COLUMN(rel, line=1, row=1, column=name, name=name))
    for name in extra:
        p = E.EXTRA_COLUMN(rel, line=1, row=1, column=name, name=name)
        problems.append(_with_column_number(p, header.index(name) + 1))
    for number, name in enumerate(header, start=1):
        if not name and "" not in expected:
            problems.append(_with_column_number(E.BLANK_HEADER(rel, line=1, row=1, number=number,
                                                               letter=column_letter(number)), number))
    if not missing and not extra and header != expected:
        for position, (got, want) in enumerate(zip(header, expected, strict=False), start=1):
            if got != want:
                p = E.COLUMN_ORDER(rel, line=1, row=1, column=got, name=got, position=position, expected=want)
                problems.append(_with_column_number(p, position))
                break
    return problems


def _with_column_number(problem: Problem, number: int | None) -> Problem:
    return replace(problem, column_number=number)


def with_column(problem: Problem, table: Table | None) -> Problem:
    """Fill the column number of a problem from the table's header."""
    if table is None or not problem.column:
        return problem
    return _with_column_number(problem, table.column_number(problem.column))
