"""``roadmaps new`` and ``roadmaps refresh``: scaffolding and keeping schemas current."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import date
from pathlib import Path

from .package import new_package, refresh
from .schemas import ID_PATTERN, ROADMAP_KINDS


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
    if not re.fullmatch(ID_PATTERN, package_id):
        print("roadmaps new: идентификатор — строчные латинские буквы, цифры и дефисы", file=sys.stderr)
        return 2
    directory = Path(args.data) / "roadmaps" / package_id
    if directory.exists():
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


def cmd_refresh(args: argparse.Namespace) -> int:
    for directory in args.packages:
        print(f"Обновлены схемы: {refresh(Path(directory))}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .spreadsheet import export_xlsx
    package = Path(args.data) / "roadmaps" / args.id
    if not package.is_dir():
        print(f"roadmaps export: нет пакета {package}", file=sys.stderr)
        return 2
    out = export_xlsx(package, Path(args.out or f"{args.id}.xlsx"))
    print(f"Книга записана: {out}. Правьте значения, не меняйте заголовки и названия листов.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .cli import format_problem
    from .spreadsheet import import_xlsx
    try:
        target, problems = import_xlsx(Path(args.file), Path(args.data), args.id)
    except (ValueError, OSError, KeyError) as exc:
        print(f"roadmaps import: {exc}", file=sys.stderr)
        return 2
    if problems:
        for p in problems:
            print(format_problem(p, "text"))
        print(f"Книга не импортирована: ошибок {len(problems)}. Файлы пакета {target} не изменены.")
        return 1
    print(f"Импортировано в {target}. Не забудьте увеличить version в datapackage.yaml.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import write_demo
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
    p = sub.add_parser("import", help="загрузить исправленную книгу Excel обратно в пакет")
    p.add_argument("format", choices=("xlsx",))
    p.add_argument("file", help="файл .xlsx, выгруженный roadmaps export")
    p.add_argument("--id", help="идентификатор дорожной карты (по умолчанию — из книги)")
    p.add_argument("--data", default="data")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("demo", help="создать демонстрационный набор вымышленных данных (не для публикации)")
    p.add_argument("--out", default="build/demo-data")
    p.set_defaults(func=cmd_demo)
    p = sub.add_parser("refresh", help="обновить схемы таблиц пакета до текущего стандарта")
    p.add_argument("packages", nargs="+", help="папки пакетов")
    p.set_defaults(func=cmd_refresh)
