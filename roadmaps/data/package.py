"""Writing package descriptors: canonical schemas plus the document's metadata."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml

from roadmaps.data.load import DESCRIPTOR, safe_load
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
    descriptor = safe_load((directory / DESCRIPTOR).read_text(encoding="utf-8-sig"))
    names = [r["name"] for r in descriptor.get("resources", [])]
    years: list[int] = []
    for r in descriptor.get("resources", []):
        if r["name"] == "activities":
            years = year_columns([f["name"] for f in r.get("schema", {}).get("fields", [])])
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
