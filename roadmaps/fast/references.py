"""A package's foreign keys between its plain CSV tables, checked from the tables' cells instead of by
frictionless re-reading the referenced tables.

To check a foreign key, frictionless copies the referenced resource (every field's metadata exported and
imported again) and reads it whole through a second row stream — cell types, constraints and all — only to
collect the key values; for a road map that is the indicators twice and the activities once: a quarter of
frictionless's work on a region.  The values it collects are plain: for a text field with no format, a
cell's value is the cell itself, or none when the cell is empty or missing.

:func:`plan` takes such keys out of the descriptor frictionless gets — a key of one text field of a plain
table (:func:`roadmaps.fast.csvread.plain_path`, the default dialect, no declared counts) naming one text field
of another plain table of the package, both without a format or missing values of their own — and
:meth:`Plan.merged` puts the errors frictionless would have reported for them into its report, in its order (a
row's foreign-key error after the row's other errors) and within its error limit.  The cells are read the way
frictionless's parser reads them (:func:`roadmaps.fast.csvread.cells`), by position in the schema, as
frictionless maps them.  Any other key — several fields, a typed field, a table of another kind, a file that
cannot be read here — is left to frictionless, as are all keys of a table whose reading frictionless reported
as failed.
"""

from __future__ import annotations

import copy
import csv
import os
from dataclasses import dataclass, field
from typing import Any

from roadmaps.fast.csvread import cells, plain_path, utf8

_COUNTS = ("hash", "bytes", "rows", "fields", "dialect", "data", "compression", "innerpath", "scheme")


@dataclass(frozen=True)
class Key:
    """One foreign key checked here: ``resource``'s field at ``position`` names ``target``'s field at
    ``target_position``."""

    resource: str
    field: str
    position: int
    target: str
    target_field: str
    target_position: int


@dataclass
class Plan:
    """The descriptor for frictionless (the keys checked here taken out) and what was found for those keys."""

    descriptor: dict[str, Any]
    keys: list[Key] = field(default_factory=list)
    # resource name -> row number -> frictionless ForeignKeyError objects, in the keys' order
    found: dict[str, dict[int, list[Any]]] = field(default_factory=dict)

    def merged(self, resource: str, errors: list[Any], limit: int) -> list[Any]:
        """frictionless's ``errors`` of one table with the foreign-key errors found here for it, as frictionless
        would have reported them: each after the other errors of its row, the list cut at ``limit`` after the
        row that reaches it.  Left as they are when frictionless could not read the table (an error that is
        neither of a row nor of the header)."""
        rows = self.found.get(resource)
        if not rows:
            return errors
        from frictionless.errors import HeaderError, RowError

        if not all(isinstance(e, RowError | HeaderError) for e in errors):
            return errors
        # frictionless reports the header's errors first, then each row's errors in row order
        merged = [e for e in errors if not isinstance(e, RowError)]
        by_row: dict[int, list[Any]] = {}
        for error in errors:
            if isinstance(error, RowError):
                by_row.setdefault(error.row_number, []).append(error)
        for number in sorted(by_row.keys() | rows.keys()):
            merged += by_row.get(number, []) + rows.get(number, [])
            if len(merged) >= limit:
                break
        return merged[:limit]


def plan(descriptor: dict[str, Any], directory: str | os.PathLike) -> Plan:
    """The keys of ``descriptor`` (a package in ``directory``) checked here, checked; the rest left in the
    descriptor for frictionless.  The descriptor itself is not changed."""
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list):
        return Plan(descriptor)
    by_name: dict[str, dict] = {}
    for resource in resources:
        name = resource.get("name") if isinstance(resource, dict) else None
        if isinstance(name, str):
            by_name[name] = resource if name not in by_name else {}  # a repeated name: nothing checked here
    keys: list[tuple[int, int, Key]] = []
    for r_index, resource in enumerate(resources):
        if not isinstance(resource, dict) or not _plain(resource) or by_name.get(resource.get("name")) is not resource:
            continue
        foreign = resource["schema"].get("foreignKeys")
        if not isinstance(foreign, list):
            continue
        for k_index, fk in enumerate(foreign):
            key = _simple_key(resource, fk, by_name)
            if key is not None:
                keys.append((r_index, k_index, key))
    if not keys:
        return Plan(descriptor)
    tables: dict[str, list[list[str]]] = {}
    try:
        for _, _, key in keys:
            for name in (key.resource, key.target):
                if name not in tables:
                    tables[name] = cells(os.path.join(directory, by_name[name]["path"]))
    except (OSError, UnicodeDecodeError, csv.Error, ValueError):
        return Plan(descriptor)  # frictionless reads them and says what is wrong
    reduced = copy.deepcopy(descriptor)
    taken: dict[int, set[int]] = {}
    for r_index, k_index, _ in keys:
        taken.setdefault(r_index, set()).add(k_index)
    for r_index, k_indexes in taken.items():
        schema = reduced["resources"][r_index]["schema"]
        left = [fk for i, fk in enumerate(schema["foreignKeys"]) if i not in k_indexes]
        if left:
            schema["foreignKeys"] = left
        else:
            del schema["foreignKeys"]
    result = Plan(reduced, [key for _, _, key in keys])
    for key in result.keys:
        _check(key, tables, result.found.setdefault(key.resource, {}))
    return result


def _check(key: Key, tables: dict[str, list[list[str]]], found: dict[int, list[Any]]) -> None:
    from frictionless import errors

    target_rows = tables[key.target][1:]
    tp = key.target_position
    lookup = {row[tp] for row in target_rows if len(row) > tp and row[tp] != ""}
    p = key.position
    for row_number, row in enumerate(tables[key.resource][1:], start=2):
        value = row[p] if len(row) > p else ""
        if value == "" or value in lookup:
            continue
        note = (f'for "{key.field}": values "{value}" not found in the lookup table "{key.target}" '
                f'as "{key.target_field}"')
        found.setdefault(row_number, []).append(errors.ForeignKeyError(
            note=note, cells=list(row), row_number=row_number, field_names=[key.field], field_cells=[value],
            reference_name=key.target, reference_field_names=[key.target_field]))


def _plain(resource: dict) -> bool:
    """A table frictionless reads with our parser and whose values of text fields are its cells."""
    schema = resource.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        return False
    if any(k in resource for k in _COUNTS) or resource.get("format", "csv") != "csv":
        return False
    if not utf8(resource.get("encoding")):
        return False
    missing = schema.get("missingValues", [""])
    return plain_path(resource.get("path")) and missing == [""] and "fieldsMatch" not in schema


def _single(value: object) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str):
        return value[0]
    return None


def _text_field(resource: dict, name: str) -> int | None:
    """The position of ``name`` in the schema when it is a text field whose values are its cells."""
    fields = resource["schema"]["fields"]
    positions = [i for i, f in enumerate(fields) if isinstance(f, dict) and f.get("name") == name]
    if len(positions) != 1:
        return None
    f = fields[positions[0]]
    if f.get("type", "string") != "string" or f.get("format", "default") != "default" or "missingValues" in f:
        return None
    return positions[0]


def _simple_key(resource: dict, fk: object, by_name: dict[str, dict]) -> Key | None:
    if not isinstance(fk, dict) or not isinstance(fk.get("reference"), dict):
        return None
    name = _single(fk.get("fields"))
    target_name = fk["reference"].get("resource")
    target_field = _single(fk["reference"].get("fields"))
    if name is None or target_field is None or not isinstance(target_name, str) or not target_name:
        return None
    target = by_name.get(target_name)
    if not target or target is resource or not _plain(target):
        return None
    position = _text_field(resource, name)
    target_position = _text_field(target, target_field)
    if position is None or target_position is None:
        return None
    return Key(resource["name"], name, position, target_name, target_field, target_position)
