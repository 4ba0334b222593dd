"""Writing package descriptors: canonical schemas plus the document's metadata."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml

from roadmaps import errors as E
from roadmaps.data.load import DESCRIPTOR, display_path, read_yaml
from roadmaps.data.paths import Refused
from roadmaps.data.schemas import ORGANIZATIONS_SCHEMA, RESOURCE_TITLES, STANDARD_RESOURCES, schema_for, year_columns

# metadata keys in the order they are written (others follow, then resources)
META_ORDER = ("name", "title", "title_printed", "kind", "version", "sources", "issuer", "issuer_text", "order",
              "period", "goals", "tasks", "expected_results", "directions")


def resource_descriptor(name: str, years: list[int] | tuple[int, ...] = ()) -> dict:
    return {"name": name, "title": RESOURCE_TITLES.get(name, name), "path": f"{name}.csv",
            "profile": "tabular-data-resource", "format": "csv", "encoding": "utf-8",
            "schema": schema_for(name, years)}


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)


def ordered_metadata(meta: dict) -> dict:
    ordered = {k: meta[k] for k in META_ORDER if k in meta}
    ordered.update({k: v for k, v in meta.items() if k not in ordered and k != "resources"})
    return ordered


def write_descriptor(directory: Path, meta: dict, resources: list[str], years: list[int] | tuple[int, ...] = ()) -> Path:
    descriptor = ordered_metadata(meta)
    descriptor["resources"] = [resource_descriptor(r, years if r == "activities" else ()) for r in resources]
    path = directory / DESCRIPTOR
    path.write_text(dump_yaml(descriptor), encoding="utf-8")
    return path


def write_header(path: Path, fields: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerow([f["name"] for f in fields])


def refresh(directory: Path) -> Path:
    """Rewrite a package's resource schemas to the current standard, keeping its metadata."""
    path = directory / DESCRIPTOR
    descriptor, problems = read_yaml(path, display_path(path, directory.parent))
    if problems:
        raise Refused(problems[0])  # a key twice, a broken line: refreshed, the descriptor would lose a value
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise Refused(E.DESCRIPTOR_INVALID(display_path(path, directory.parent), detail="нет списка resources"))
    resources = [r for r in descriptor["resources"] if isinstance(r, dict) and isinstance(r.get("name"), str)]
    names = [r["name"] for r in resources]
    years: list[int] = []
    for r in resources:
        schema = r.get("schema") if isinstance(r.get("schema"), dict) else {}
        if r["name"] == "activities" and isinstance(schema.get("fields"), list):
            years = year_columns([str(f.get("name")) for f in schema["fields"] if isinstance(f, dict)])
    return write_descriptor(directory, descriptor, names, years)


def new_package(directory: Path, meta: dict, years: list[int] | tuple[int, ...] = (),
                extra: tuple[str, ...] = ()) -> Path:
    """Scaffold an empty, valid package: descriptor plus CSV files with headers only."""
    directory.mkdir(parents=True, exist_ok=False)
    resources = list(STANDARD_RESOURCES) + list(extra)
    for name in resources:
        write_header(directory / f"{name}.csv", schema_for(name, years if name == "activities" else ())["fields"])
    return write_descriptor(directory, meta, resources, years)


def organizations_descriptor() -> dict:
    return {"name": "organizations", "title": "Реестр организаций", "version": "1.0.0",
            "resources": [{"name": "organizations", "title": "Организации", "path": "organizations.csv",
                           "profile": "tabular-data-resource", "format": "csv", "encoding": "utf-8",
                           "schema": ORGANIZATIONS_SCHEMA}]}
