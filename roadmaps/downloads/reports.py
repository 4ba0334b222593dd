"""The workbook of a report: totals by status, then every activity with its status and mark."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from roadmaps.data.model import Roadmap
from roadmaps.downloads.xlsx import (
    Cells,
    Member,
    Sheet,
    Strings,
    row_cells,
    rows_xml,
    shared_strings_part,
    workbook_bytes,
)
from roadmaps.reports import Report, reports_for
from roadmaps.site.outputs import Asset
from roadmaps.site.report import report_file_name, report_url
from roadmaps.status import (
    STATUSES,
)


@dataclass(frozen=True)
class ActivityColumns:
    """The columns every report of a road map shares (section, number, activity, deadline), written once:
    one :class:`~roadmaps.downloads.xlsx.Cells` per activity, for rows 2, 3, … of the «Мероприятия» sheet,
    their texts shared strings in a part deflated once (each report's workbook carries the same part; the
    marks and statuses of a report are its own, inline)."""

    cells: list[Cells]
    strings: Member | None


def activity_cells(r: Roadmap) -> ActivityColumns:
    sections = {s.id: s.label for s in r.sections}
    strings = Strings()
    cells = row_cells([[sections.get(a.section_id, ""), a.number, a.text, a.deadline] for a in r.activities], 2,
                      strings)
    return ActivityColumns(cells, shared_strings_part(strings))


def report_xlsx(report: Report, shared: ActivityColumns | None = None,
                date_time: tuple[int, ...] | None = None) -> bytes:
    """Totals by status, then every activity with its status and mark (text cells: see roadmaps.xlsx).
    ``shared``: :func:`activity_cells` of the report's road map, when already written."""
    columns = shared or activity_cells(report.roadmap)
    counts = report.totals
    totals: list[list[object]] = [[report.title], ["Статус", "Мероприятий"]]
    totals += [[status, counts[status]] for status in STATUSES]
    rows: list[list[object]] = [["Раздел", "Номер", "Мероприятие", "Срок", "Статус", "Отметка", "Подтверждение"]]
    marks = {m.activity_id: m for m in report.marks}
    statuses = report.statuses
    for a, cells in zip(report.roadmap.activities, columns.cells, strict=True):
        m = marks.get(a.id)
        rows.append([cells, None, None, None, statuses[a.id],
                     m.comment if m else "", " ".join(m.evidence) if m else ""])
    return workbook_bytes([Sheet("Итоги", rows_xml(totals)), Sheet("Мероприятия", rows_xml(rows))], date_time,
                          columns.strings)


def report_files(site) -> Iterator:
    """The XLSX file of every report (roadmaps.site.Asset), without rendering the pages; one by one (a
    region's reports are tens of megabytes)."""
    for r in site.catalogue.roadmaps:
        yield from roadmap_report_files(r)


def roadmap_report_files(r: Roadmap, date_time: tuple[int, ...] | None = None) -> Iterator:
    """The XLSX files of one road map's reports, the columns they share made once."""
    reports = reports_for(r)
    shared = activity_cells(r) if reports else None
    for rep in reports:
        yield Asset(f"{report_url(rep)}{report_file_name(rep)}", report_xlsx(rep, shared, date_time))
