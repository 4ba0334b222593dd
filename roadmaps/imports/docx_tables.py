"""Tables of a Word document as a grid (merged cells spread over the cells they cover) and how a plan's columns are recognised by their headers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from roadmaps.data.schemas import YEAR_COLUMN_PREFIX
from roadmaps.text import plain_words

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


_SKIP = {_w("pPr"), _w("rPr"), _w("del"), _w("moveFrom"), _w("instrText"), _w("delInstrText"), f"{{{MC_NS}}}Fallback"}


def _lines(element) -> Iterator[str]:
    """The lines of a cell's (or a text box's) content, in order: each paragraph's text, and a table nested in it
    row by row (:func:`_table_lines`); the empty paragraph Word puts after a nested table (a cell must end with a
    paragraph) is no line.  A text box's lines are left to the paragraph that holds the box."""
    after_table = False
    for child in element:
        if child.tag == _w("p"):
            text = paragraph_text(child)
            if text.strip() or not after_table:
                yield text
            after_table = False
        elif child.tag == _w("tbl"):
            yield from _table_lines(child)
            after_table = True
        elif isinstance(child.tag, str):  # content controls, custom XML, revisions around paragraphs
            yield from _lines(child)


def _table_lines(tbl) -> Iterator[str]:
    """A table nested in a cell as lines of the cell: a line a row, its cells joined with « — » (the lines of one
    cell with «; »); a cell that continues a merged one is skipped — its text is said once, where it begins."""
    for tr in _table_rows(tbl):
        texts = []
        for tc in _row_cells(tr):
            tc_pr = tc.find(_w("tcPr"))
            if any(_val(tc_pr, tag) not in (None, "restart") for tag in ("vMerge", "hMerge")):
                continue
            text = "; ".join(line.strip() for line in cell_text(tc).split("\n") if line.strip())
            if text:
                texts.append(text)
        if texts:
            yield " — ".join(texts)


def paragraph_text(p) -> str:
    """Visible text of a ``w:p``: runs, tabs, line breaks; not deleted text nor field codes.  The lines of a text box
    anchored in it (``w:txbxContent``) follow its own text, each on a line."""
    parts: list[str] = []
    boxes: list[str] = []

    def walk(element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == _w("t"):
                parts.append(child.text or "")
            elif tag == _w("tab"):
                parts.append("\t")
            elif tag == _w("br"):
                if child.get(_w("type")) != "page":
                    parts.append("\n")
            elif tag == _w("cr"):
                parts.append("\n")
            elif tag == _w("noBreakHyphen"):
                parts.append("-")
            elif tag == _w("txbxContent"):
                boxes.extend(line.strip() for line in _lines(child))
            else:
                walk(child)

    walk(p)
    return "\n".join(filter(None, ["".join(parts), *boxes]))


def cell_text(tc) -> str:
    """A cell's lines (:func:`_lines`: its paragraphs, a nested table row by row) joined with «\\n», outer blank
    space removed."""
    return "\n".join(_lines(tc)).strip()


@dataclass
class Cell:
    start: int          # first grid column
    span: int           # grid columns covered
    text: str
    origin: int         # row index (0-based) where a vertically merged cell starts; its own row otherwise


@dataclass
class GridRow:
    index: int                 # 0-based row in the table
    values: list[str]          # one value per grid column (merged cells repeated)
    cells: list[Cell]          # physical cells
    repeat_header: bool        # w:tblHeader

    @property
    def number(self) -> int:
        return self.index + 1


def _val(element, tag: str) -> str | None:
    """``w:val`` of a child property; "" when the property is present without a value; None when absent."""
    if element is None:
        return None
    child = element.find(_w(tag))
    if child is None:
        return None
    return child.get(_w("val"), "")


def _row_cells(tr) -> Iterator:
    for child in tr:
        if child.tag == _w("tc"):
            yield child
        elif child.tag in (_w("sdt"), _w("customXml")):  # cells wrapped in content controls
            content = child.find(_w("sdtContent")) if child.tag == _w("sdt") else child
            if content is not None:
                yield from _row_cells(content)


def _table_rows(tbl) -> Iterator:
    for child in tbl:
        if child.tag == _w("tr"):
            yield child
        elif child.tag in (_w("sdt"), _w("customXml")):
            content = child.find(_w("sdtContent")) if child.tag == _w("sdt") else child
            if content is not None:
                yield from _table_rows(content)


MAX_GRID_COLUMNS = 512       # Word itself makes at most 63 columns; converted documents a few more
MAX_GRID_CELLS = 2_000_000   # cells of a document's tables once merged cells are spread (a plan: a few thousand)


class GridTooLarge(ValueError):
    """A table whose grid would be larger than the bounds: refused before it is spread out."""

    def __init__(self, row: int, what: str, size: str, limit: str):
        super().__init__(f"строка {row}: {what} {size} (допустимо {limit})")
        self.row, self.what, self.size, self.limit = row, what, size, limit


def _count(element, tag: str, row: int) -> int:
    """A count property (gridSpan, gridBefore): an integer within the bounds, or GridTooLarge."""
    text = _val(element, tag)
    if not text:
        return 0
    if not text.strip().isdigit():
        raise GridTooLarge(row, f"значение {tag}", f"«{text[:20]}»", "целое число")
    value = int(text)
    if value > MAX_GRID_COLUMNS:
        raise GridTooLarge(row, f"объединение ячеек ({tag})", f"на {value} столбцов", f"{MAX_GRID_COLUMNS}")
    return value


def table_grid(tbl, max_cells: int = MAX_GRID_CELLS) -> list[GridRow]:
    """Rows of a ``w:tbl`` on its column grid, merges resolved.  Spans, widths and the number of cells once
    spread are bounded before anything is spread (GridTooLarge)."""
    grid = tbl.find(_w("tblGrid"))
    width = len(grid.findall(_w("gridCol"))) if grid is not None else 0
    if width > MAX_GRID_COLUMNS:
        raise GridTooLarge(1, "сетка таблицы", f"из {width} столбцов", f"{MAX_GRID_COLUMNS}")
    raw: list[tuple[list[Cell], bool]] = []
    above_text: dict[int, str] = {}
    above_origin: dict[int, int] = {}
    spread = 0
    for index, tr in enumerate(_table_rows(tbl)):
        tr_pr = tr.find(_w("trPr"))
        header = tr_pr is not None and tr_pr.find(_w("tblHeader")) is not None \
            and _val(tr_pr, "tblHeader") not in ("0", "false", "off")
        column = _count(tr_pr, "gridBefore", index + 1) if tr_pr is not None else 0
        cells: list[Cell] = []
        for tc in _row_cells(tr):
            tc_pr = tc.find(_w("tcPr"))
            span = max(1, _count(tc_pr, "gridSpan", index + 1))
            if column + span > MAX_GRID_COLUMNS:
                raise GridTooLarge(index + 1, "строка шириной", f"{column + span} столбцов", f"{MAX_GRID_COLUMNS}")
            vmerge, hmerge = _val(tc_pr, "vMerge"), _val(tc_pr, "hMerge")
            if hmerge is not None and hmerge != "restart" and cells:  # old-style horizontal merge
                cells[-1].span += span
                column += span
                continue
            if vmerge is not None and vmerge != "restart":  # continued: the value of the cell above
                text = above_text.get(column, "")
                origin = above_origin.get(column, index)
            else:
                text, origin = cell_text(tc), index
            cells.append(Cell(column, span, text, origin))
            column += span
        width = max(width, column)
        spread += max(width, 1)
        if spread > max_cells:
            raise GridTooLarge(index + 1, "таблицы документа вместе", "больше", f"{max_cells} ячеек")
        for cell in cells:
            for k in range(cell.start, cell.start + cell.span):
                above_text[k], above_origin[k] = cell.text, cell.origin
        raw.append((cells, header))
    if len(raw) * max(width, 1) > max_cells:
        raise GridTooLarge(len(raw), "таблица", f"из {len(raw) * width} ячеек", f"{max_cells}")
    rows = []
    for index, (cells, header) in enumerate(raw):
        values = [""] * width
        for cell in cells:
            for k in range(cell.start, min(width, cell.start + cell.span)):
                values[k] = cell.text
        rows.append(GridRow(index, values, cells, header))
    return rows


_NUMBER_HEADER = re.compile(r"(?:(?:№|n|no|номер)\s*(?:п\s*[/\\]\s*п|пп|п\.\s*п\.?)?|п\s*[/\\]\s*п)\.?")


_YEAR_HEADER = re.compile(r"(?:.*\b(?:срок|год)\w*\W*)?(20\d\d)\s*(?:г\.?|год\w*)?\.?", re.S)


_REPORT_FORM = re.compile(r"форм\w*.{0,25}?отч[её]т|отч[её]тн\w*\s+документ|форм\w*\s+представлени", re.S)


# a column of activity texts headed by other words than «мероприятие»: taken only when no column says «мероприятие»
_OTHER_TEXT = re.compile(r"направлени\w*\s+(?:деятельност|работ)|содержани\w*\s+(?:работ|деятельност)|"
                         r"наименовани\w*\s+работ|виды?\s+(?:работ|деятельност)")


# a header of one general word («Наименование»): the activity texts only when no other column is, beside a deadline
_PLAIN_TEXT = re.compile(r"(?:наименование|содержание|действия)[.:]?")


_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("text", r"мероприяти"),
    ("text", _OTHER_TEXT.pattern),
    ("deadline", r"срок|дата\s+(?:реализации|исполнения|выполнения|проведения)|^дат[аы]\.?$|"
                 r"период\w*\s+(?:реализации|исполнения|выполнения|проведения)|"
                 r"^время\s+(?:реализации|исполнения|выполнения|проведения)|^когда\??$"),
    ("responsible", r"ответствен|исполнител|\bотв\.|кто\s+(?:отвечает|исполняет|выполняет)"),
    ("result", r"показател|результат|индикатор|контрольн\w*\s+событи|ожидаем\w*\s+эффект"),
    ("task", r"задач"),
    ("note", r"^(?:примечани|комментари|пояснени)"),
)


def column_field(header: str) -> str | None:
    """The activity field of a plan-table column from its header text, None if not recognised."""
    h = plain_words(header)
    if not h:
        return None
    if _NUMBER_HEADER.fullmatch(h):
        return "number"
    year = _YEAR_HEADER.fullmatch(h)
    if year:
        return f"{YEAR_COLUMN_PREFIX}{year.group(1)}"
    if re.search(r"планов\w*\s+значени", h):
        return "planned_value"
    if _REPORT_FORM.search(h):
        return "report_form"
    if "задач" in h and "мероприяти" in h:  # «Наименование задачи/мероприятия»: one row = one activity
        return "text"
    found = [(m.start(), name) for name, pattern in _KEYWORDS if (m := re.search(pattern, h))]
    return min(found)[1] if found else None


@dataclass
class Column:
    start: int
    span: int
    header: str          # full header text (all header rows)
    field: str | None    # None: not recognised (or a second column for a field already taken)


@dataclass
class TableLayout:
    header_rows: int
    columns: list[Column]

    @property
    def fields(self) -> list[str]:
        return [c.field for c in self.columns if c.field]

    @property
    def is_plan(self) -> bool:
        fields = self.fields
        return "text" in fields and any(f == "deadline" or f.startswith(YEAR_COLUMN_PREFIX) for f in fields)


def _header_row_count(rows: list[GridRow]) -> int:
    """Leading w:tblHeader rows (at least the first row), extended while a header cell is merged down.  A row of
    column numbers ends the header, though it is repeated on every page with it: it numbers the headings."""
    count = 0
    while count < len(rows) and rows[count].repeat_header and not _is_column_numbers(rows[count]):
        count += 1
    count = max(count, 1)
    while count < len(rows) and any(c.origin < count for c in rows[count].cells):
        count += 1
    return count


def _distinct(values: list[str]) -> list[str]:
    seen: list[str] = []
    for v in values:
        if v and v not in seen:
            seen.append(v)
    return seen


def table_layout(rows: list[GridRow]) -> TableLayout:
    if not rows:
        return TableLayout(0, [])
    count = _header_row_count(rows)
    header, bottom = rows[:count], rows[count - 1]
    columns: list[Column] = []
    taken: set[str] = set()
    found = []
    for cell in bottom.cells:
        span = range(cell.start, cell.start + cell.span)
        full = " ".join(_distinct([v for row in header for v in _distinct([row.values[k] for k in span])]))
        found.append((cell, full, column_field(cell.text) or column_field(full)))
    if sum(1 for _c, _f, name in found if name == "text") > 1:  # «Направления деятельности» beside «Мероприятия»
        found = [(c, f, "task" if n == "text" and _OTHER_TEXT.search(plain_words(f)) and "мероприяти" not in plain_words(f)
                  else n) for c, f, n in found]
    if not any(n == "text" for _c, _f, n in found) and any(n == "deadline" for _c, _f, n in found):
        found = [(c, f, "text" if n is None and _PLAIN_TEXT.fullmatch(plain_words(f)) else n) for c, f, n in found]
    for cell, full, name in found:
        if name in taken:
            name = None
        if name:
            taken.add(name)
        columns.append(Column(cell.start, cell.span, full, name))
    if "planned_value" in taken and not any(n.startswith(YEAR_COLUMN_PREFIX) for n in taken):
        for col in columns:  # the schema has «planned_value» only beside per-year deadline columns
            if col.field == "planned_value":
                col.field = None
    return TableLayout(count, columns)


def continued_layout(rows: list[GridRow], plan: TableLayout) -> TableLayout | None:
    """The plan's columns for a table that continues it with no copy of its header, as converted documents print it:
    the table begins with the row of column numbers, one number per column of the plan.  None for another table."""
    if not rows or not _is_column_numbers(rows[0]) or len(rows[0].cells) != len(plan.columns):
        return None
    return TableLayout(1, [Column(cell.start, cell.span, col.header, col.field)
                           for cell, col in zip(rows[0].cells, plan.columns, strict=True)])


_SECTION_NUMBER = re.compile(r"(?:[Рр]аздел|РАЗДЕЛ)?\s*((?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}\.?)\)?)\s+(\S.*)", re.S)


_NUMBER_CELL = re.compile(r"(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXLC]{1,6}\.?)\)?")


def split_section_title(text: str) -> tuple[str, str]:
    """«1. Название» → («1.», «Название»), «Раздел 2. Название» → («2.», «Название»); a title without a printed number
    keeps number ""."""
    m = _SECTION_NUMBER.fullmatch(text.strip())
    return (m.group(1), m.group(2).strip()) if m else ("", text.strip())


def _column_values(row: GridRow, layout: TableLayout) -> list[str]:
    out = []
    for col in layout.columns:
        parts = _distinct([row.values[k] for k in range(col.start, min(len(row.values), col.start + col.span))])
        out.append("\n".join(parts))
    return out


def _section_of(row: GridRow, layout: TableLayout, values: list[str]) -> tuple[str, str] | None:
    """(number, title) when the row is a section header spanning the table."""
    if len(row.cells) == 1 and row.cells[0].text and len(layout.columns) > 1:
        return split_section_title(row.cells[0].text)
    if len(values) > 1 and values[0] and len(set(values)) == 1:
        return split_section_title(values[0])
    fields = [c.field for c in layout.columns]
    rest = values[1:]
    if fields and fields[0] == "number" and len(rest) >= 2 and rest[0] and len(set(rest)) == 1 \
            and _NUMBER_CELL.fullmatch(values[0] or "1"):
        return values[0], rest[0]
    return None


def _lone_column(row: GridRow, layout: TableLayout, values: list[str]) -> int | None:
    """The position of the only filled column of a row of three or more columns, typed in that row (not merged down
    from above); None otherwise."""
    filled = [k for k, v in enumerate(values) if v]
    if len(filled) != 1 or len(layout.columns) < 3:
        return None
    col = layout.columns[filled[0]]
    if any(c.origin != row.index for c in row.cells if col.start <= c.start < col.start + col.span):
        return None
    return filled[0]


def section_by_shape(row: GridRow, layout: TableLayout, values: list[str]) -> tuple[str, str] | None:
    """(number, title) of a section row typed without merging: the row's only filled cell, in the first column when
    it is the number's or an unrecognised one («I. Организационные мероприятия», or a title with no number), or in
    the text column with a printed number («1. …», «Раздел 2. …»).  The title begins with a capital letter: the rest
    of a sentence broken by a page does not."""
    k = _lone_column(row, layout, values)
    if k is None or _NUMBER_CELL.fullmatch(values[k]):
        return None
    number, title = split_section_title(values[k])
    if not title.lstrip("«\"“„")[:1].isupper():
        return None
    field = layout.columns[k].field
    if (k == 0 and field in (None, "number")) or (field == "text" and number):
        return number, title
    return None


def _is_column_numbers(row: GridRow) -> bool:
    texts = [c.text for c in row.cells]
    return bool(texts) and all(t.isdigit() for t in texts) and [int(t) for t in texts] == list(range(1, len(texts) + 1))
