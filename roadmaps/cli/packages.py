"""The package commands: a new road map or assessment package, refresh, export, demo; and the registration of every subcommand but validate and diff."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from roadmaps import errors as E
from roadmaps.assessments.package import new_assessment_package
from roadmaps.assessments.schemas import PROCEDURES
from roadmaps.cli.imports import cmd_import
from roadmaps.data.load import ASSESSMENTS_DIR, ROADMAPS_DIR
from roadmaps.data.package import new_package, refresh
from roadmaps.data.paths import DESCRIPTOR, Refused, entry_kind, package_dir
from roadmaps.data.schemas import ORG_KINDS, ROADMAP_KINDS
from roadmaps.demo import write_demo
from roadmaps.downloads.workbook import ExportRefused, export_xlsx
from roadmaps.errors import format_problem


def _ask(prompt: str, value: str | None) -> str:
    if value:
        return value
    if not sys.stdin.isatty():
        raise ValueError(f"не указано: {prompt} (задайте флагом)")
    return input(f"{prompt}: ").strip()


def cmd_new(args: argparse.Namespace) -> int:
    try:
        package_id = _ask("Идентификатор (латиницей, например petrovsky-2023-2025)", args.id)
        title = _ask("Название документа (как напечатано)", args.title)
        issuer = _ask("Идентификатор издавшей организации из реестра", args.issuer)
        start = int(_ask("Год начала", args.start and str(args.start)))
        end = int(_ask("Год окончания", args.end and str(args.end)))
    except ValueError as exc:
        print(f"roadmaps new: {exc}", file=sys.stderr)
        return 2
    try:
        directory = package_dir(Path(args.data), ROADMAPS_DIR, package_id, column="--id", exists=False)
    except Refused as refused:
        return _refused(refused)
    if os.path.lexists(directory):
        print(f"roadmaps new: папка {directory} уже есть — выберите другой идентификатор", file=sys.stderr)
        return 2
    order = None
    if args.order_number or args.order_date:
        order = {"number": args.order_number}
        if args.order_date:
            order["date"] = date.fromisoformat(args.order_date)
    meta = {"name": package_id, "title": title, "kind": args.kind, "version": "0.1.0",
            "sources": [{"title": args.source or "документ не указан"}], "issuer": issuer,
            "order": order, "period": {"start": start, "end": end, "text": f"{start}-{end} годы"}}
    years = [int(y) for y in args.years.split(",")] if args.years else []
    path = new_package(directory, meta, years)
    print(f"Создан пакет {path}. Заполните CSV-файлы и запустите roadmaps validate.")
    return 0


def cmd_new_assessment(args: argparse.Namespace) -> int:
    """An empty, valid assessment package data/assessments/ID/ (tables with headers only)."""

    try:
        directory = package_dir(Path(args.data), ASSESSMENTS_DIR, args.id, column="--id", exists=False)
    except Refused as refused:
        return _refused(refused)
    if os.path.lexists(directory):
        print(f"roadmaps new-assessment: папка {directory} уже есть — выберите другой идентификатор",
              file=sys.stderr)
        return 2
    meta = {"name": args.id, "title": args.title, "version": "0.1.0",
            "sources": [{"title": args.source or "документ не указан"}], "district": args.district}
    if args.district_org:
        meta["district_org"] = args.district_org
    if args.roadmap:
        meta["roadmap"] = args.roadmap
    path = new_assessment_package(directory, meta)
    print(f"Создан пакет оценки качества {path}. Результаты загружайте командой "
          f"roadmaps import results ФАЙЛ --package {args.id} --procedure ВПР --year ГОД.")
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    for directory in args.packages:
        for path in (Path(directory), Path(directory) / DESCRIPTOR):
            if entry_kind(path):  # a link is never written through
                print(format_problem(E.NOT_REGULAR(str(path), path=str(path), what=entry_kind(path)), "text"),
                      file=sys.stderr)
                return 2
    for directory in args.packages:
        try:
            print(f"Обновлены схемы: {refresh(Path(directory))}")
        except Refused as refused:
            return _refused(refused)
    return 0


def _refused(refused: Refused) -> int:
    print(format_problem(refused.problem, "text"), file=sys.stderr)
    return 2


def cmd_export(args: argparse.Namespace) -> int:
    try:
        package = package_dir(Path(args.data), ROADMAPS_DIR, args.id, column="ID")
    except Refused as refused:
        return _refused(refused)
    try:
        out = export_xlsx(package, Path(args.out or f"{args.id}.xlsx"))
    except ExportRefused as refused:
        for problem in refused.problems:
            print(format_problem(problem, "text"), file=sys.stderr)
        print(f"Книга не записана: ошибок {len(refused.problems)}.", file=sys.stderr)
        return 1
    print(f"Книга записана: {out}. Правьте значения, не меняйте заголовки и названия листов.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.exists():
        print(f"roadmaps demo: {out} уже существует", file=sys.stderr)
        return 2
    write_demo(out)
    print(f"Демонстрационные (вымышленные) данные записаны в {out}. "
          f"Сборка: ROADMAPS_DATA={out} ROADMAPS_DEMO=1 mkdocs build")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("new", help="создать пустой пакет дорожной карты")
    p.add_argument("--data", default="data")
    p.add_argument("--id")
    p.add_argument("--title")
    p.add_argument("--kind", choices=ROADMAP_KINDS, default="дорожная карта")
    p.add_argument("--issuer")
    p.add_argument("--start", type=int)
    p.add_argument("--end", type=int)
    p.add_argument("--order-number")
    p.add_argument("--order-date", help="дата приказа, 2023-02-21")
    p.add_argument("--source", help="имя файла документа")
    p.add_argument("--years", help="годы отдельных столбцов сроков, например 2021,2022,2023")
    p.set_defaults(func=cmd_new)
    p = sub.add_parser("export", help="выгрузить пакет в книгу Excel для правки")
    p.add_argument("format", choices=("xlsx",))
    p.add_argument("id", help="идентификатор дорожной карты")
    p.add_argument("--out", help="имя файла (по умолчанию ID.xlsx)")
    p.add_argument("--data", default="data")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("import", help="загрузить исправленную книгу Excel обратно в пакет "
                                      "или документ Word — в новый черновик пакета; "
                                      "таблицу результатов ВПР, ОГЭ… — в пакет оценки качества")
    p.add_argument("format", choices=("xlsx", "docx", "results"))
    p.add_argument("file", help="файл .xlsx, выгруженный roadmaps export, утверждённый документ .docx "
                                "или таблица результатов .csv/.xlsx (results)")
    p.add_argument("--id", help="идентификатор дорожной карты (xlsx: по умолчанию — из книги; "
                                "docx: обязателен, папки с таким именем ещё не должно быть)")
    p.add_argument("--data", default="data")
    p.add_argument("--title", help="docx: название документа (по умолчанию — из начала документа)")
    p.add_argument("--start", type=int, help="docx: год начала (по умолчанию — из заголовка: «на 2023-2025 годы», "
                                             "«в 2016 году»)")
    p.add_argument("--end", type=int, help="docx: год окончания")
    p.add_argument("--issuer", help="docx: идентификатор издавшей организации из реестра "
                                    "(по умолчанию — названная в заголовке: «к приказу …», «утверждено приказом …»)")
    p.add_argument("--kind", choices=ROADMAP_KINDS, help="docx: вид документа (по умолчанию — по названию)")
    p.add_argument("--add-issuer", action="store_true", help="docx: добавить в реестр организаций издателя, "
                   "напечатанного в заголовке, если его там нет (с --issuer ID — под этим идентификатором)")
    p.add_argument("--issuer-kind", choices=ORG_KINDS, help="docx: вид добавляемой организации (по умолчанию — "
                   "«орган управления образованием» для министерства, управления, отдела образования)")
    p.add_argument("--package", help="results: пакет оценки качества (папка data/assessments/ID)")
    p.add_argument("--procedure", choices=PROCEDURES, help="results: оценочная процедура, например ВПР")
    p.add_argument("--year", type=int, help="results: год проведения процедуры")
    p.add_argument("--map", help="results: карта столбцов YAML (по умолчанию — стандартные русские заголовки)")
    p.add_argument("--sheet", help="results: лист книги .xlsx (по умолчанию — первый)")
    p.add_argument("--replace", action="store_true",
                   help="results: заменить уже загруженные результаты той же процедуры и года")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("new-assessment", help="создать пустой пакет оценки качества образования")
    p.add_argument("--data", default="data")
    p.add_argument("--id", required=True, help="идентификатор, например seversky")
    p.add_argument("--title", required=True, help="название, например «Оценка качества образования в …»")
    p.add_argument("--district", required=True, help="муниципалитет, как в реестре организаций")
    p.add_argument("--district-org", help="идентификатор органа управления образованием из реестра")
    p.add_argument("--roadmap", help="идентификатор дорожной карты района")
    p.add_argument("--source", help="имя файла документа или выгрузки")
    p.set_defaults(func=cmd_new_assessment)
    p = sub.add_parser("demo", help="создать демонстрационный набор вымышленных данных (не для публикации)")
    p.add_argument("--out", default="build/demo-data")
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("refresh", help="обновить схемы таблиц пакета до текущего стандарта")
    p.add_argument("packages", nargs="+", help="папки пакетов")
    p.set_defaults(func=cmd_refresh)
