"""The CSV people download for Excel: a table is read cell by cell only where a cell may start as a formula.

The quick look (a formula's first character at the start of a cell, as the text has it) may send a table to be read
that needs nothing; it must never let through one that does.  Compared here with reading every table, on tables
written by every writer staff meet: ours, Excel's «CSV UTF-8» (CRLF, a BOM, every cell quoted) and csv.writer's.
"""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmaps.data.tables import csv_text
from roadmaps.downloads.packages import every_cell_read, spreadsheet_csv

CELL = st.text(alphabet=st.sampled_from(list('=+-@\t\r\n",; a1-2.')), max_size=6)
TABLE = st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=0, max_size=6)


def written(rows: list[list[str]], how: str) -> bytes:
    table = [["id", "text", "value"], *rows]
    if how == "ours":
        return csv_text(table).encode("utf-8")
    out = io.StringIO()
    if how == "excel":  # «CSV UTF-8» of Excel: BOM, CRLF; here every cell quoted as well
        csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows(table)
        return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")
    csv.writer(out).writerows(table)  # the csv module's defaults: CRLF, minimal quoting
    return out.getvalue().encode("utf-8")


@settings(max_examples=400, deadline=None)
@given(TABLE, st.sampled_from(["ours", "excel", "plain"]), st.sampled_from([{"text"}, {"text", "value"}, set()]))
def test_the_quick_look_never_lets_a_formula_through(rows, how, columns):
    raw = written(rows, how)
    assert spreadsheet_csv(raw, columns) == every_cell_read(raw, raw.decode("utf-8-sig"), columns)


def test_a_table_of_dates_and_numbers_is_given_back_unread():
    raw = "id,date,value,text\nm1,2024-01-01,12.5,обычный текст\nm2,2025-12-31,3,\n".encode()
    assert spreadsheet_csv(raw, {"text"}) is raw  # the same bytes, not a copy rewritten


def test_formulas_at_each_place_a_cell_starts_get_their_apostrophe():
    raw = ('text,other\n=1+1,x\n"-2+3",y\nz,@SUM(1)\n"мно-\nго\n+строк",q\n"\t=x",w\n'.encode())
    got = list(csv.reader(io.StringIO(spreadsheet_csv(raw, {"text", "other"}).decode(), newline="")))
    assert [r[0] for r in got[1:]] == ["'=1+1", "'-2+3", "z", "мно-\nго\n+строк", "'\t=x"]
    assert got[3][1] == "'@SUM(1)"
