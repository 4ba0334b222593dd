"""frictionless reads a plain CSV table of a package the way the Table Dialect says, without guessing.

For every CSV file it opens, stock frictionless samples the text and runs ``csv.Sniffer`` over it to guess the
delimiter, the quote and whether spaces after a delimiter are skipped, and it reads the bytes through a loader
that counts and hashes them.  Our tables have no dialect in their descriptors, so the dialect is the standard's
default (comma, double quote, no skipped spaces): the very dialect our own loader reads them with
(:func:`roadmaps.data.tables.read_csv` rejects a file that is not UTF-8 or is separated by «;»).  A guess can only
disagree with that, never improve on it.

:func:`install` registers a frictionless plugin whose parser reads such a table — a local ``.csv`` path, no
dialect, no declared encoding other than UTF-8, no compression, no declared hash or size (those need the
loader's count) — as UTF-8 text (a BOM skipped, as Excel writes it) with the default dialect; the file is opened
without following a link, as every read of the data folder is.  Everything else frictionless reads as before.
frictionless still turns every cell into a typed value and checks every row: only the guess and the byte count
are gone (about a twelfth of its work on a region).
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from roadmaps.data.load import is_safe_path
from roadmaps.data.paths import read_regular
from roadmaps.data.tables import blank_tail, csv_text_of, cut_tail

_installed = False
PLUGIN = "roadmaps-csv"


def cells(path: str | os.PathLike) -> list[list[str]]:
    """The rows of cells of a UTF-8 CSV file with the default dialect, as frictionless's CSV parser yields them
    (a blank line is an empty row), as our loader reads them: line breaks as «\\n», without the empty columns
    Excel leaves at the end (:func:`roadmaps.data.tables.blank_tail`).  OSError for a link or a missing file, UnicodeDecodeError,
    csv.Error."""
    rows = list(csv.reader(io.StringIO(csv_text_of(read_regular(Path(path))), newline="")))
    ignored = blank_tail(rows)
    return cut_tail(rows, ignored) if ignored else rows


def plain_path(path: object) -> bool:
    """A path of a table our parser reads: a safe path inside the package (:func:`is_safe_path`) of a «.csv»."""
    return isinstance(path, str) and is_safe_path(path) and path.lower().endswith(".csv")


def utf8(encoding: object) -> bool:
    """A declared encoding that is UTF-8 (none declared: UTF-8, the standard's default)."""
    return encoding is None or (isinstance(encoding, str) and encoding.lower().replace("_", "-") in ("utf-8", "utf8"))


def install() -> None:
    """Register the parser with frictionless (in this process, once): dynamic plugins are asked first."""
    global _installed
    if _installed:
        return
    from frictionless import Plugin, errors, system
    from frictionless.exception import FrictionlessException
    from frictionless.formats.csv.parser import CsvParser

    class DefaultDialectCsvParser(CsvParser):
        """A plain CSV table read with the default dialect (no loader: the file is read here)."""

        requires_loader = False

        def read_cell_stream_create(self):  # type: ignore[override]
            try:
                rows = cells(self.resource.normpath)
            except (OSError, UnicodeDecodeError, csv.Error) as exc:
                # what the stock loader says of a file it cannot read or decode
                error = errors.EncodingError if isinstance(exc, UnicodeDecodeError) else errors.SchemeError
                raise FrictionlessException(error(note=str(exc))) from exc
            yield from rows

    class DefaultDialectCsv(Plugin):
        def create_parser(self, resource):
            if (resource.format == "csv" and resource.scheme == "file" and not resource.compression
                    and not resource.innerpath and plain_path(resource.path)
                    and not resource.dialect.list_defined() and resource.hash is None and resource.bytes is None
                    and utf8(resource.encoding)):
                return DefaultDialectCsvParser(resource)
            return None

    system.register(PLUGIN, DefaultDialectCsv())
    _installed = True
