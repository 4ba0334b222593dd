"""Parsed tables kept from load to load (``ROADMAPS_CACHE_DIR/tables/``).

A region's 1 600 CSV files are 200 MB; parsing them is most of a load, and every build loads them all, also
after one activity changed.  :class:`TableMemo` reads each file's bytes as before (through the load's reader,
which records them for the validation and build keys), and when a table parsed from the same bytes, by the
same code, under the same name and columns was kept, gives that table instead of parsing again.

Only a table that :func:`roadmaps.data.tables.read_csv` read without a problem is kept: a file with any problem
is parsed every time, so its messages are read_csv's own.  An entry is the table's header and rows
(``marshal``: strings, numbers and tuples only, no objects), behind a SHA-256 of those bytes; an entry that is
cut short or changed is not used.  The key covers the file's bytes, where its messages point, the expected
columns and the source of :mod:`roadmaps.data.tables` and of this module.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
from functools import lru_cache
from pathlib import Path

from roadmaps import settings
from roadmaps.data import tables as csv_tables
from roadmaps.data.tables import Reader, Row, Table, TableReader, read_bytes, read_csv
from roadmaps.errors import Problem

FORMAT = 1
KEEP = 8192  # entries kept, the most recently used first (a region has about 1 600 tables)
SUFFIX = ".table"


@lru_cache(maxsize=1)
def _code() -> bytes:
    h = hashlib.sha256(f"open-roadmaps tables {FORMAT}\0".encode())
    for module in (csv_tables.__file__, __file__):
        h.update(Path(module).read_bytes())
    return h.digest()


def table_reader() -> TableReader:
    """How this process's loads read tables: through a memo in the cache folder, or plainly when there is none."""
    folder = settings.cache_dir()
    return read_csv if folder is None else TableMemo(folder / "tables").read_csv


class TableMemo:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.counts = {"kept": 0, "parsed": 0}
        self._pruned = False

    def read_csv(self, path: Path, rel: str, name: str, expected: list[str] | None,
                 read: Reader = read_bytes) -> tuple[Table, list[Problem]]:
        """As :func:`read_csv`: the same table and problems."""
        try:
            raw = read(path)
        except OSError:
            return read_csv(path, rel, name, expected, read)  # it says what is wrong with the file
        key = self._key(rel, name, expected, raw)
        table = self._kept(key, path, rel, name)
        if table is not None:
            self.counts["kept"] += 1
            return table, []
        table, problems = read_csv(path, rel, name, expected, lambda _path: raw)
        self.counts["parsed"] += 1
        if not problems and table.readable:
            self._keep(key, table)
        return table, problems

    def _key(self, rel: str, name: str, expected: list[str] | None, raw: bytes) -> str:
        h = hashlib.sha256(_code())
        h.update(json.dumps([rel, name, expected], ensure_ascii=False).encode() + b"\0")
        h.update(raw)
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}{SUFFIX}"

    def _kept(self, key: str, path: Path, rel: str, name: str) -> Table | None:
        entry = self._path(key)
        try:
            data = entry.read_bytes()
        except OSError:
            return None
        body = data[32:]
        if len(data) < 32 or hashlib.sha256(body).digest() != data[:32]:
            return None
        try:
            form, kept_key, header, rows = marshal.loads(body)
            if form != FORMAT or kept_key != key:
                return None
            table = Table(name=name, path=path, rel=rel, header=list(header))
            columns = {column: i for i, column in enumerate(table.header)}  # as read_csv maps them
            table.rows = [Row(number, line, cells, columns) for number, line, cells in rows]
        except (ValueError, TypeError, EOFError):
            return None
        try:
            os.utime(entry)  # used: kept by the next pruning
        except OSError:
            pass
        return table

    def _keep(self, key: str, table: Table) -> None:
        body = marshal.dumps((FORMAT, key, tuple(table.header), [(r.number, r.line, r.cells) for r in table.rows]))
        entry = self._path(key)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = entry.with_name(f"{entry.name}.{os.getpid()}.tmp")
            tmp.write_bytes(hashlib.sha256(body).digest() + body)
            os.replace(tmp, entry)
        except OSError:
            return
        if not self._pruned:
            self._pruned = True
            self._prune()

    def _prune(self) -> None:
        """At most :data:`KEEP` entries: the least recently used go."""
        try:
            entries = sorted(self.folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True)
            for stale in entries[KEEP:]:
                stale.unlink(missing_ok=True)
        except OSError:
            pass
