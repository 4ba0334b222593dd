"""A new assessment package: its descriptor and the empty tables."""

from __future__ import annotations

from pathlib import Path

from roadmaps.assessments.schemas import ASSESSMENT_RESOURCE_TITLES, ASSESSMENT_RESOURCES, assessment_schema
from roadmaps.data.load import DESCRIPTOR
from roadmaps.data.package import dump_yaml, ordered_metadata, write_header


def assessment_resource_descriptor(name: str) -> dict:

    return {"name": name, "title": ASSESSMENT_RESOURCE_TITLES[name], "path": f"{name}.csv",
            "profile": "tabular-data-resource", "format": "csv", "encoding": "utf-8",
            "schema": assessment_schema(name)}


def write_assessment_descriptor(directory: Path, meta: dict) -> Path:
    """An assessment package's descriptor: its metadata plus every standard resource."""

    descriptor = ordered_metadata(meta)
    descriptor["resources"] = [assessment_resource_descriptor(name) for name in ASSESSMENT_RESOURCES]
    path = directory / DESCRIPTOR
    path.write_text(dump_yaml(descriptor), encoding="utf-8")
    return path


def new_assessment_package(directory: Path, meta: dict) -> Path:
    """Scaffold an empty, valid assessment package (CSV files with headers only)."""

    directory.mkdir(parents=True, exist_ok=False)
    for name in ASSESSMENT_RESOURCES:
        write_header(directory / f"{name}.csv", assessment_schema(name)["fields"])
    return write_assessment_descriptor(directory, meta)
