"""Parsed tables and descriptors kept from load to load (``ROADMAPS_CACHE_DIR/tables/``).

A region's 1 600 CSV files are 200 MB and its 250 descriptors 3 MB of YAML; parsing them is most of a load, and
every build loads them all, also after one activity changed.  :class:`ParseMemo` reads each file's bytes as before
(through the load's reader, which records them for the validation and build keys), and when what was parsed from
the same bytes, by the same code (and, for a table, under the same name and columns) was kept, gives that
instead of parsing again.

Only what :func:`roadmaps.data.tables.read_csv` and :func:`roadmaps.data.load.read_yaml` read without a problem is
kept: a file with any problem is parsed every time, so its messages are the parser's own.  An entry is plain
values (``marshal``: strings, numbers, lists, dicts and tuples only, no objects; a YAML date as a tagged
tuple), behind a SHA-256 of those bytes; an entry that is cut short or changed is not used.  A descriptor holding
anything else (a time of day, a set, an ordered map, one node used twice through an alias) is not kept.
The key covers the file's bytes, where a table's messages point, its expected columns and the source of
:mod:`roadmaps.data.tables`, :mod:`roadmaps.data.load` and of this module.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from roadmaps import settings
from roadmaps.data import load as yaml_load
from roadmaps.data import tables as csv_tables
from roadmaps.data.load import PLAIN, Parsers, read_yaml
from roadmaps.data.tables import Reader, Row, Table, read_bytes, read_csv
from roadmaps.errors import Problem

FORMAT = 2
KEEP = 8192  # entries kept, the most recently used first (a region has about 1 850 files)
SUFFIX = ".table"
YAML_SUFFIX = ".yaml-parsed"


@lru_cache(maxsize=1)
def _code() -> bytes:
    h = hashlib.sha256(f"open-roadmaps parsed {FORMAT}\0".encode())
    for module in (csv_tables.__file__, yaml_load.__file__, __file__):
        h.update(Path(module).read_bytes())
    return h.digest()


def parsers() -> Parsers:
    """How this process's loads parse: through a memo in the cache folder, or plainly when there is none."""
    folder = settings.cache_dir()
    if folder is None:
        return PLAIN
    return ParseMemo(folder / "tables").parsers


class ParseMemo:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.counts = {"kept": 0, "parsed": 0}  # tables
        self.descriptors = {"kept": 0, "parsed": 0}
        self._pruned = False

    @property
    def parsers(self) -> Parsers:
        return Parsers(csv=self.read_csv, yaml=self.read_yaml)

    # ------------------------------------------------------------------ tables
    def read_csv(self, path: Path, rel: str, name: str, expected: list[str] | None,
                 read: Reader = read_bytes) -> tuple[Table, list[Problem]]:
        """As :func:`read_csv`: the same table and problems."""
        try:
            raw = read(path)
        except OSError:
            return read_csv(path, rel, name, expected, read)  # it says what is wrong with the file
        key = self._key(["table", rel, name, expected], raw)
        kept = self._kept(key, SUFFIX)
        if kept is not None:
            try:
                header, rows = kept
                table = Table(name=name, path=path, rel=rel, header=list(header))
                columns = {column: i for i, column in enumerate(table.header)}  # as read_csv maps them
                table.rows = [Row(number, line, cells, columns) for number, line, cells in rows]
            except (ValueError, TypeError):
                pass
            else:
                self.counts["kept"] += 1
                return table, []
        table, problems = read_csv(path, rel, name, expected, lambda _path: raw)
        self.counts["parsed"] += 1
        if not problems and table.readable:
            self._keep(key, SUFFIX, (tuple(table.header), [(r.number, r.line, r.cells) for r in table.rows]))
        return table, problems

    # ------------------------------------------------------------------ descriptors
    def read_yaml(self, path: Path, rel: str, read: Reader = read_bytes) -> tuple[Any, list[Problem]]:
        """As :func:`read_yaml`: the same value and problems."""
        try:
            raw = read(path)
        except OSError:
            return read_yaml(path, rel, read)
        key = self._key(["yaml"], raw)
        kept = self._kept(key, YAML_SUFFIX)
        if kept is not None:
            try:
                value = _from_plain(kept)
            except (ValueError, TypeError, IndexError, OverflowError):
                pass
            else:
                self.descriptors["kept"] += 1
                return value, []
        value, problems = read_yaml(path, rel, lambda _path: raw)
        self.descriptors["parsed"] += 1
        if not problems:
            plain = _to_plain(value, set())
            if plain is not _UNKEPT:
                self._keep(key, YAML_SUFFIX, plain)
        return value, problems

    # ------------------------------------------------------------------ the entries
    def _key(self, what: list, raw: bytes) -> str:
        h = hashlib.sha256(_code())
        h.update(json.dumps(what, ensure_ascii=False).encode() + b"\0")
        h.update(raw)
        return h.hexdigest()

    def _path(self, key: str, suffix: str) -> Path:
        return self.folder / f"{key}{suffix}"

    def _kept(self, key: str, suffix: str) -> Any:
        """What was kept under ``key``, or None (none, or not whole)."""
        entry = self._path(key, suffix)
        try:
            data = entry.read_bytes()
        except OSError:
            return None
        body = data[32:]
        if len(data) < 32 or hashlib.sha256(body).digest() != data[:32]:
            return None
        try:
            form, kept_key, value = marshal.loads(body)
        except (ValueError, TypeError, EOFError):
            return None
        if form != FORMAT or kept_key != key:
            return None
        try:
            os.utime(entry)  # used: kept by the next pruning
        except OSError:
            pass
        return value

    def _keep(self, key: str, suffix: str, value: Any) -> None:
        body = marshal.dumps((FORMAT, key, value))
        entry = self._path(key, suffix)
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
            entries = [p for p in self.folder.iterdir() if p.name.endswith((SUFFIX, YAML_SUFFIX))]
            entries.sort(key=lambda p: p.stat().st_mtime, reverse=True)
            for stale in entries[KEEP:]:
                stale.unlink(missing_ok=True)
        except OSError:
            pass


# ---------------------------------------------------------------------- YAML values as plain ones
_UNKEPT = object()  # a value the memo does not keep
_SCALARS = (str, int, float, bool, type(None))
_DATE = "date"  # the tag of a date: a tuple, which yaml.safe_load never gives


def _to_plain(value: Any, seen: set[int]) -> Any:
    """``value`` (what yaml.safe_load gives) in the form kept, or _UNKEPT: a date becomes («date», its ordinal);
    a time, a set, an ordered map (tuples) or bytes is not kept, nor a list or map met twice (a YAML alias:
    the copy would not share it)."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is date:
        return (_DATE, value.toordinal())
    if kind is list or kind is dict:
        if id(value) in seen:
            return _UNKEPT
        seen.add(id(value))
        if kind is list:
            items = [_to_plain(item, seen) for item in value]
            return _UNKEPT if any(item is _UNKEPT for item in items) else items
        found = {}
        for k, v in value.items():
            pk, pv = _to_plain(k, seen), _to_plain(v, seen)
            if pk is _UNKEPT or pv is _UNKEPT:
                return _UNKEPT
            found[pk] = pv
        return found
    return _UNKEPT


def _from_plain(value: Any) -> Any:
    kind = type(value)
    if kind is list:
        return [_from_plain(item) for item in value]
    if kind is dict:
        return {_from_plain(k): _from_plain(v) for k, v in value.items()}
    if kind is tuple:
        tag, ordinal = value
        if tag != _DATE:
            raise ValueError(tag)
        return date.fromordinal(ordinal)
    if kind in _SCALARS:
        return value
    raise TypeError(kind)
