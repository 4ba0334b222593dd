"""A road map's downloads: the package as ZIP, its tables as CSV, the editable workbook."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

from roadmaps.data.model import (
    Roadmap,
)
from roadmaps.data.schemas import RESOURCE_TITLES
from roadmaps.downloads.workbook import export_xlsx
from roadmaps.downloads.xlsx import DEFLATE_LEVEL
from roadmaps.site.outputs import Asset
from roadmaps.site.urls import roadmap_url


# --------------------------------------------------------------------------- downloads
def downloads_for(r: Roadmap) -> list[dict]:
    files = [{"href": f"{r.id}.zip", "title": "Пакет данных целиком (ZIP, Frictionless Data)"},
             {"href": f"{r.id}.xlsx", "title": "Все таблицы в одной книге (XLSX)"}]
    for name in r.resources:
        files.append({"href": f"data/{name}.csv", "title": f"{RESOURCE_TITLES.get(name, name)} (CSV)"})
    return files


def xlsx_bytes(r: Roadmap, date_time: tuple[int, ...] | None = None) -> bytes:
    """The package as the same editable workbook `roadmaps export xlsx` writes (re-importable)."""

    out = io.BytesIO()
    export_xlsx(Path(r.directory), out, date_time)
    return out.getvalue()


def zip_bytes(directory: Path, name: str) -> bytes:
    """Every file of a package folder, in a ZIP under ``name/``."""

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=DEFLATE_LEVEL) as zf:
        for path in sorted(directory.iterdir()):
            if path.is_file():
                zf.write(path, f"{name}/{path.name}")
    return out.getvalue()


def package_assets(base: str, name: str, directory: Path, resources: Iterable[str]) -> list[Asset]:
    """A package's downloads under the page URL ``base``: the whole package as ZIP, each resource's CSV
    (as it is in the repository) and the descriptor."""
    assets = [Asset(f"{base}{name}.zip", zip_bytes(directory, name))]
    assets.extend(Asset(f"{base}data/{res}.csv", (directory / f"{res}.csv").read_bytes()) for res in resources)
    assets.append(Asset(f"{base}data/datapackage.yaml", (directory / "datapackage.yaml").read_bytes()))
    return assets


def assets_for(r: Roadmap, date_time: tuple[int, ...] | None = None) -> list[Asset]:
    base = roadmap_url(r)
    assets = package_assets(base, r.id, Path(r.directory), r.resources)
    assets.insert(1, Asset(f"{base}{r.id}.xlsx", xlsx_bytes(r, date_time)))
    return assets
