"""A small XLSX writer for text workbooks: the parts openpyxl's write-only mode writes, without its cost.

A site build writes thousands of workbooks (one per road map, one per report); openpyxl spends
most of that time on its object model, temporary files and XML serialiser.  Here the sheets are
plain strings in the same SpreadsheetML openpyxl writes (same cells, column widths, frozen header
row, drop-down lists, hidden sheets); the parts that never change (styles, theme, document
properties) are taken once from a workbook openpyxl saved.  Cells are text: a value starting
with «=» stays text, never a formula.
"""

from __future__ import annotations

import io
import re
import struct
import sys
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from functools import lru_cache

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CELL_LIMIT = 32767  # characters in a cell; openpyxl cuts longer text the same way
# Deflate level of every download the site zips (workbooks, package ZIPs).  Measured on the region
# benchmark (x1: 900 MB of parts): level 5 writes 2-4 % more bytes than zlib's default 6 in 27 % less
# time (6.2 s instead of 8.5 s); level 3 would save 4.8 s but write 14-24 % more, level 9 would take
# two to four times as long for 3-5 % less.
DEFLATE_LEVEL = 5
_PRESERVE = ' xml:space="preserve"'  # on a text with leading or trailing whitespace
_W3CDTF = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")  # the created and modified dates of docProps/core.xml
STATIC_PARTS = ("docProps/app.xml", "docProps/core.xml", "xl/theme/theme1.xml", "xl/styles.xml", "_rels/.rels")


class Strings:
    """The shared strings of one workbook: each distinct text once, its cells naming it by number (what Excel
    itself writes).  A package's workbook repeats a few texts thousands of times (an indicator's metric, unit
    and source in every measurement): written once, they are read once, deflated once and take their bytes
    once.  The texts are checked and escaped once, when they first come."""

    __slots__ = ("numbers", "references")

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.references = 0

    def xml(self) -> str:
        """The ``xl/sharedStrings.xml`` part."""
        texts = xml_texts(list(self.numbers))
        items = "".join(f"<si><t{_PRESERVE if raw != raw.strip() else ''}>{text}</t></si>"
                        for raw, text in zip(self.numbers, texts, strict=True))
        return f'<sst xmlns="{MAIN}" count="{self.references}" uniqueCount="{len(texts)}">{items}</sst>'


@dataclass
class Sheet:
    title: str
    rows: str = ""                  # <row> elements (see rows_xml)
    widths: list[int] = field(default_factory=list)  # column widths, first column first
    frozen_header: bool = False     # the first row stays in view
    validations: str = ""           # a <dataValidations> element, or ""
    hidden: bool = False


# --------------------------------------------------------------------------- cells
def xml_text(value: str) -> str:
    """Character data escaped as lxml escapes it (``&``, ``<``, ``>``; a carriage return as ``&#13;``)."""
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("\r", "&#13;") if "\r" in value else value


def xml_texts(texts: list[str]) -> list[str]:
    """:func:`xml_text` of each of ``texts`` (already :func:`check_all`-ed), escaped in one go when one needs it."""
    joined = "\0".join(texts)  # NUL is an illegal character: here it can only be the separator
    if "&" in joined or "<" in joined or ">" in joined or "\r" in joined:
        return xml_text(joined).split("\0")
    return texts


def xml_attr(value: str) -> str:
    return xml_text(value).replace('"', "&quot;")


def text_cell(ref: str, value: str) -> str:
    """One text cell as openpyxl writes it: inline string, xml:space="preserve" with outer whitespace."""
    if value == "":
        return f'<c r="{ref}" t="inlineStr"></c>'
    space = _PRESERVE if value != value.strip() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{xml_text(value)}</t></is></c>'


def number_cell(ref: str, value: int | float) -> str:
    return f'<c r="{ref}" t="n"><v>{value}</v></c>'


def checked(value: object) -> str:
    text = str(value)[:CELL_LIMIT]
    if ILLEGAL_CHARACTERS_RE.search(text):
        raise IllegalCharacterError(f"{text} cannot be used in worksheets.")
    return text


def check_all(texts: list[str]) -> None:
    """IllegalCharacterError for the first of ``texts`` that has a character a worksheet cannot hold, as
    :func:`checked` reports it (the texts searched at once, one by one only when one of them has it)."""
    if ILLEGAL_CHARACTERS_RE.search("".join(texts)):
        for text in texts:
            checked(text)


class Cells(str):
    """Cells of one row already written (see :func:`row_cells`): :func:`rows_xml` puts them into the row as
    they are.  They take the columns they were written for, so the row leaves those columns None."""


def rows_xml(rows: list[list[object]], first: int = 1, strings: Strings | None = None) -> str:
    """``<row>`` elements, the first numbered ``first``: numbers as numbers, :class:`Cells` as they are,
    everything else as text (None: no cell, as in openpyxl); with ``strings``, a text that is not empty is
    a shared string of the workbook (see :class:`Strings`), otherwise an inline one.

    The cells :func:`text_cell` and :func:`number_cell` write, without a call per cell: ``parts``
    alternates markup and raw text (markup, text, markup, text, …), so the texts are ``parts[1::2]``
    and are checked — and, when one of them needs it, escaped — all at once.
    """
    if strings is not None:
        return _shared_rows_xml(rows, first, strings)
    width = max((len(row) for row in rows), default=0)
    letters = [get_column_letter(c) for c in range(1, width + 1)]
    parts: list[str] = []
    append = parts.append
    tail = ""  # markup after the last text so far
    for number, row in enumerate(rows, start=first):
        tail += f'<row r="{number}">'
        for letter, value in zip(letters, row, strict=False):  # a row may be shorter than the widest
            if type(value) is not str:
                if value is None:
                    continue
                if type(value) is Cells:
                    tail += value
                    continue
                if isinstance(value, int | float) and not isinstance(value, bool):
                    tail += number_cell(f"{letter}{number}", value)
                    continue
                value = str(value)
            if len(value) > CELL_LIMIT:
                value = value[:CELL_LIMIT]
            if not value:
                tail += f'<c r="{letter}{number}" t="inlineStr"></c>'
                continue
            space = _PRESERVE if value != value.strip() else ""
            append(f'{tail}<c r="{letter}{number}" t="inlineStr"><is><t{space}>')
            append(value)
            tail = "</t></is></c>"
        tail += "</row>"
    texts = parts[1::2]
    check_all(texts)
    parts[1::2] = xml_texts(texts)
    append(tail)
    return "".join(parts)


def _shared_rows_xml(rows: list[list[object]], first: int, strings: Strings) -> str:
    """:func:`rows_xml` with the texts as shared strings: a new text is checked when it first comes."""
    width = max((len(row) for row in rows), default=0)
    letters = [get_column_letter(c) for c in range(1, width + 1)]
    numbers = strings.numbers
    known = len(numbers)
    parts: list[str] = []
    append = parts.append
    references = 0
    for number, row in enumerate(rows, start=first):
        append(f'<row r="{number}">')
        for letter, value in zip(letters, row, strict=False):
            if type(value) is not str:
                if value is None:
                    continue
                if type(value) is Cells:
                    append(value)
                    continue
                if isinstance(value, int | float) and not isinstance(value, bool):
                    append(number_cell(f"{letter}{number}", value))
                    continue
                value = str(value)
            index = numbers.get(value)
            if index is None:  # a text not met before (or one cut to a cell's length)
                if not value:
                    append(f'<c r="{letter}{number}" t="inlineStr"></c>')
                    continue
                value = value[:CELL_LIMIT]
                index = numbers.get(value)
                if index is None:
                    index = numbers[value] = len(numbers)
            references += 1
            append(f'<c r="{letter}{number}" t="s"><v>{index}</v></c>')
        append("</row>")
    check_all(list(numbers)[known:])
    strings.references += references
    return "".join(parts)


def row_cells(rows: list[list[object]], first: int = 1, strings: Strings | None = None) -> list[Cells]:
    """The cells of each row as :func:`rows_xml` writes them (without the ``<row>`` element), for rows
    numbered from ``first``: a part of many sheets written once (the columns a road map's reports share)."""
    # an escaped text holds no «<» or «>»: every «</row>» ends a row, the first «>» of a row ends its tag
    return [Cells(row[row.index(">") + 1:]) for row in rows_xml(rows, first, strings).split("</row>")[:-1]]


def list_validation(column: int, first_row: int, last_row: int, options: list[str]) -> str:
    """One drop-down list (the ``<dataValidation>`` openpyxl writes for a ``DataValidation(type="list")``)."""
    letter = get_column_letter(column)
    formula = xml_text('"' + ",".join(options) + '"')
    return (f'<dataValidation sqref="{letter}{first_row}:{letter}{last_row}" showDropDown="0" '
            f'showInputMessage="0" showErrorMessage="1" allowBlank="1" errorTitle="Недопустимое значение" '
            f'error="Выберите значение из списка" type="list"><formula1>{formula}</formula1></dataValidation>')


def formula_ref(sheet: str, column: int, first_row: int, last_row: int) -> str:
    """Cells of another sheet in a formula, absolute: «'Разделы плана'!$A$2:$A$7» (the name always quoted)."""
    letter = get_column_letter(column)
    return "'" + sheet.replace("'", "''") + f"'!${letter}${first_row}:${letter}${last_row}"


def range_validation(column: int, first_row: int, last_row: int, source: str, error: str) -> str:
    """A drop-down list of the values of other cells (``source``: :func:`formula_ref`), as openpyxl writes a
    ``DataValidation(type="list", formula1=source, errorStyle="warning")``: a value not in the list is asked
    about («Продолжить?»), not refused — it may be a row just added to the other sheet."""
    letter = get_column_letter(column)
    return (f'<dataValidation sqref="{letter}{first_row}:{letter}{last_row}" showDropDown="0" '
            f'showInputMessage="0" showErrorMessage="1" allowBlank="1" errorTitle="Нет в списке" '
            f'error="{xml_attr(error)}" type="list" errorStyle="warning"><formula1>{xml_text(source)}</formula1>'
            '</dataValidation>')


def validations_xml(items: list[str]) -> str:
    return f'<dataValidations count="{len(items)}">{"".join(items)}</dataValidations>' if items else ""


# --------------------------------------------------------------------------- parts
def sheet_xml(sheet: Sheet) -> str:
    if sheet.frozen_header:
        view = ('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
                '<selection pane="bottomLeft" activeCell="A1" sqref="A1"/>')
    else:
        view = '<selection activeCell="A1" sqref="A1"/>'
    cols = "".join(f'<col width="{w}" customWidth="1" min="{c}" max="{c}"/>'
                   for c, w in enumerate(sheet.widths, start=1))
    return (f'<worksheet xmlns="{MAIN}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/><pageSetUpPr/>'
            f'</sheetPr><sheetViews><sheetView workbookViewId="0">{view}</sheetView></sheetViews>'
            f'<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>{f"<cols>{cols}</cols>" if cols else ""}'
            f'<sheetData>{sheet.rows}</sheetData>{sheet.validations}'
            '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>')


def workbook_xml(sheets: list[Sheet]) -> str:
    items = "".join(f'<sheet xmlns:r="{REL}" name="{xml_attr(s.title)}" sheetId="{n}" '
                    f'state="{"hidden" if s.hidden else "visible"}" r:id="rId{n}"/>'
                    for n, s in enumerate(sheets, start=1))
    return (f'<workbook xmlns="{MAIN}"><workbookPr/><workbookProtection/><bookViews><workbookView '
            'visibility="visible" minimized="0" showHorizontalScroll="1" showVerticalScroll="1" '
            'showSheetTabs="1" tabRatio="600" firstSheet="0" activeTab="0" autoFilterDateGrouping="1"/>'
            f'</bookViews><sheets>{items}</sheets><definedNames/><calcPr calcId="124519" fullCalcOnLoad="1"/>'
            '</workbook>')


def workbook_rels(count: int, shared: bool = False) -> str:
    sheets = "".join(f'<Relationship Type="{REL}/worksheet" Target="/xl/worksheets/sheet{n}.xml" Id="rId{n}"/>'
                     for n in range(1, count + 1))
    strings = (f'<Relationship Type="{REL}/sharedStrings" Target="sharedStrings.xml" Id="rId{count + 3}"/>'
               if shared else "")
    return ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'{sheets}<Relationship Type="{REL}/styles" Target="styles.xml" Id="rId{count + 1}"/>'
            f'<Relationship Type="{REL}/theme" Target="theme/theme1.xml" Id="rId{count + 2}"/>{strings}'
            '</Relationships>')


def content_types(count: int, shared: bool = False) -> str:
    office = "application/vnd.openxmlformats-officedocument"
    sheets = "".join(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{office}.spreadsheetml.'
                     'worksheet+xml"/>' for n in range(1, count + 1))
    return ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{office}.spreadsheetml.styles+xml"/>'
            f'<Override PartName="/xl/theme/theme1.xml" ContentType="{office}.theme+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.'
            'core-properties+xml"/>'
            f'<Override PartName="/docProps/app.xml" ContentType="{office}.extended-properties+xml"/>'
            f'{sheets}<Override PartName="/xl/workbook.xml" ContentType="{office}.spreadsheetml.sheet.main+xml"/>'
            + (f'<Override PartName="/xl/sharedStrings.xml" ContentType="{office}.spreadsheetml.sharedStrings+xml"/>'
               if shared else "")
            + '</Types>')


@lru_cache(maxsize=1)
def static_parts() -> dict[str, bytes]:
    """Styles, theme and document properties of a workbook openpyxl writes (taken once per process)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    wb.create_sheet("x")
    out = io.BytesIO()
    wb.save(out)
    with zipfile.ZipFile(out) as zf:
        return {name: zf.read(name) for name in STATIC_PARTS}


@lru_cache(maxsize=1)
def _static_members() -> dict[str, Member]:
    """:func:`static_parts`, deflated once per process."""
    return {name: deflated(name, data) for name, data in static_parts().items()}


def workbook_bytes(sheets: list[Sheet], date_time: tuple[int, ...] | None = None,
                   strings: Strings | Member | None = None) -> bytes:
    """The XLSX file, parts in the order openpyxl writes them (``date_time``: see :func:`zip_archive`);
    ``strings``: the shared strings the sheets' rows were written with (:func:`rows_xml`), or their part
    already deflated (:func:`shared_strings_part`: the same for several workbooks)."""
    if isinstance(strings, Strings):
        strings = shared_strings_part(strings)
    static = _static_members()
    members = [static[name] for name in STATIC_PARTS[:3]]
    if date_time is not None:  # the document's dates too, not those of the process that took the parts
        members[1] = deflated(STATIC_PARTS[1], _W3CDTF.sub(
            "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*date_time[:6]).encode("ascii"),
            static_parts()[STATIC_PARTS[1]]))
    members += [deflated(f"xl/worksheets/sheet{n}.xml", sheet_xml(s).encode("utf-8"))
                for n, s in enumerate(sheets, start=1)]
    if strings is not None:
        members.append(strings)
    members += [static["xl/styles.xml"], static["_rels/.rels"],
                deflated("xl/workbook.xml", workbook_xml(sheets).encode("utf-8")),
                deflated("xl/_rels/workbook.xml.rels", workbook_rels(len(sheets), strings is not None).encode("utf-8")),
                deflated("[Content_Types].xml", content_types(len(sheets), strings is not None).encode("utf-8"))]
    return zip_archive(members, date_time)


def shared_strings_part(strings: Strings) -> Member | None:
    """The deflated ``xl/sharedStrings.xml`` of ``strings``; None when no text was shared."""
    return deflated("xl/sharedStrings.xml", strings.xml().encode("utf-8")) if strings.numbers else None


# --------------------------------------------------------------------------- the ZIP container
# The records zipfile.ZipFile.writestr writes for a deflated member (APPNOTE 4.3.7, 4.3.12, 4.3.16); without
# zipfile's bookkeeping per member, which costs more than deflating a small workbook, and with the parts that
# never change deflated once.
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_VERSION = 20                                 # «2.0»: deflate
_SYSTEM = 0 if sys.platform == "win32" else 3  # made on MS-DOS or Unix, as zipfile says
_ATTRIBUTES = 0o600 << 16                     # rw-------, as zipfile.writestr gives a file
_LIMIT = (1 << 31) - 1                        # zipfile switches to ZIP64 beyond this


@dataclass(frozen=True)
class Member:
    """A part of a ZIP file, deflated: its name, CRC-32, size and the deflated bytes."""
    name: str
    crc: int
    size: int
    data: bytes


def deflated(name: str, data: bytes) -> Member:
    """``data`` deflated at :data:`DEFLATE_LEVEL` (the raw stream zipfile writes)."""
    compressor = zlib.compressobj(DEFLATE_LEVEL, zlib.DEFLATED, -15)
    return Member(name, zlib.crc32(data), len(data), compressor.compress(data) + compressor.flush())


def day_stamp(day: str) -> tuple[int, ...] | None:
    """A date «2023-02-21» as a member time (midnight), for files whose bytes must not depend on when they
    are made (the site's downloads: two builds of the same data give the same files); None for no date."""
    try:
        return tuple(int(part) for part in day.split("-")) + (0, 0, 0) if day else None
    except ValueError:
        return None


def zip_archive(members: list[Member], date_time: tuple[int, ...] | None = None) -> bytes:
    """A ZIP file of deflated members, the bytes zipfile writes for them (``date_time``: of every member,
    by default now, as zipfile.writestr stamps a member)."""
    year, month, day, hour, minute, second = (date_time or time.localtime(time.time()))[:6]
    dos_date = (year - 1980) << 9 | month << 5 | day
    dos_time = hour << 11 | minute << 5 | second // 2
    records: list[bytes] = []
    directory: list[bytes] = []
    offset = 0
    for m in members:
        try:
            name, flags = m.name.encode("ascii"), 0
        except UnicodeEncodeError:
            name, flags = m.name.encode("utf-8"), 0x800  # the name is UTF-8
        if max(m.size * 1.05, len(m.data), offset) > _LIMIT:
            raise ValueError(f"{m.name}: файл больше 2 ГБ, такой ZIP (ZIP64) здесь не пишется")
        fields = (flags, zipfile.ZIP_DEFLATED, dos_time, dos_date, m.crc, len(m.data), m.size, len(name))
        records += [_LOCAL.pack(b"PK\x03\x04", _VERSION, 0, *fields, 0), name, m.data]
        directory += [_CENTRAL.pack(b"PK\x01\x02", _VERSION, _SYSTEM, _VERSION, 0, *fields, 0, 0, 0, 0,
                                    _ATTRIBUTES, offset), name]
        offset += _LOCAL.size + len(name) + len(m.data)
    if len(members) > 0xFFFF:
        raise ValueError("больше 65535 файлов в одном ZIP: такой ZIP здесь не пишется")
    size = sum(map(len, directory))
    end = _END.pack(b"PK\x05\x06", 0, 0, len(members), len(members), size, offset, 0)
    return b"".join([*records, *directory, end])
