"""Class 7: formulas in downloads.  The CSVs people open in Excel (a table's CSV, the tables in the ZIP) write a
free-text cell that Excel would read as a formula with a leading apostrophe; the repository's package and the
open-data set (read by programs) keep the exact text; the XLSX downloads stay text cells."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import PACKAGE

from roadmaps.data.tables import csv_text, one_newline
from roadmaps.downloads.opendata import data_csv
from roadmaps.downloads.packages import assets_for
from roadmaps.site.context import load_site_data

FORMULAS = ['=HYPERLINK("https://evil.example/","Отчёт")', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]


def _rows(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


@pytest.fixture
def hostile(data: Path) -> Path:
    path = data / "roadmaps" / PACKAGE / "activities.csv"
    rows = _rows(path.read_bytes())
    text, result = rows[0].index("text"), rows[0].index("result")
    for n, formula in enumerate(FORMULAS):
        row = list(rows[1])
        row[0], row[text], row[result] = f"z{n}", formula, "-"  # a lone sign is left as it is
        rows.append(row)
    path.write_text(csv_text(rows), encoding="utf-8")
    return data


def _downloads(data: Path) -> dict[str, bytes]:
    site = load_site_data(data)
    [roadmap] = site.catalogue.roadmaps
    return {a.src_uri: a.content for a in assets_for(roadmap)}, roadmap


def test_downloaded_csvs_neutralise_formulas_the_package_stays_exact(hostile):
    before = (hostile / "roadmaps" / PACKAGE / "activities.csv").read_bytes()
    files, roadmap = _downloads(hostile)
    table = _rows(files[f"karty/{PACKAGE}/data/activities.csv"])
    with zipfile.ZipFile(io.BytesIO(files[f"karty/{PACKAGE}/{PACKAGE}.zip"])) as zf:
        zipped = _rows(zf.read(f"{PACKAGE}/activities.csv"))
    for rows in (table, zipped):
        texts = [row[rows[0].index("text")] for row in rows[1:]]
        assert texts[-len(FORMULAS):] == ["'" + f for f in FORMULAS]
        assert not [cell for row in rows[1:] for cell in row if cell and cell[0] in "=+@\t\r"]
        assert {row[rows[0].index("result")] for row in rows[-len(FORMULAS):]} == {"-"}
    assert (hostile / "roadmaps" / PACKAGE / "activities.csv").read_bytes() == before
    # programs read the open-data set: the document's texts, exactly (a line break as «\n», as every reader has it)
    opendata = _rows(data_csv(roadmap))
    assert [row[opendata[0].index("text")] for row in opendata[-len(FORMULAS):]] == list(map(one_newline, FORMULAS))


def test_the_neutralised_zip_still_validates_with_stock_frictionless(hostile, tmp_path):
    files, _roadmap = _downloads(hostile)
    with zipfile.ZipFile(io.BytesIO(files[f"karty/{PACKAGE}/{PACKAGE}.zip"])) as zf:
        zf.extractall(tmp_path / "unzipped")
    frictionless = Path(sys.executable).parent / "frictionless"
    done = subprocess.run([str(frictionless), "validate", "datapackage.yaml"], cwd=tmp_path / "unzipped" / PACKAGE,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "INVALID" not in done.stdout, done.stdout[-2000:]


def test_the_workbook_download_keeps_formulas_as_text(hostile):
    files, _roadmap = _downloads(hostile)
    with zipfile.ZipFile(io.BytesIO(files[f"karty/{PACKAGE}/{PACKAGE}.xlsx"])) as zf:
        sheets = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/")]
        texts = zf.read("xl/sharedStrings.xml").decode()  # a package's texts are its shared strings
    assert not [s for s in sheets if "<f>" in s or "<f " in s]  # no cell is a formula
    assert "=HYPERLINK(" in texts and "<f" not in texts
