"""A generated demo data set: a fictional department with execution marks and measurements.

It exists to show every feature working (statuses, reports, charts) and is never the
default build: `make demo` builds it with ROADMAPS_DEMO=1, which marks every page as demo.
All names and numbers are fictional and say so.
"""

from __future__ import annotations

import csv
from pathlib import Path

from roadmaps.assessments.demo import write_assessment_set
from roadmaps.data.package import dump_yaml, new_package, organizations_descriptor
from roadmaps.data.schemas import ORGANIZATIONS_SCHEMA

DEMO = "[демонстрация]"
ORGS = [
    ("demo-uo", "Управление образования Демонстрационного района (вымышленное)", "УО", "орган управления образованием"),
    ("demo-imc", "Методический центр Демонстрационного района (вымышленный)", "МЦ", "методический центр"),
    ("demo-school-1", "Школа № 1 Демонстрационного района (вымышленная)", "Школа № 1", "школа"),
    ("demo-school-2", "Школа № 2 Демонстрационного района (вымышленная)", "Школа № 2", "школа"),
    ("demo-school-3", "Школа № 3 Демонстрационного района (вымышленная)", "Школа № 3", "школа"),
    ("demo-school-4", "Школа № 4 Демонстрационного района (вымышленная)", "Школа № 4", "школа"),
    ("demo-school-5", "Лицей № 5 Демонстрационного района (вымышленный)", "Лицей № 5", "школа"),
    ("demo-school-6", "Основная школа № 6 Демонстрационного района (вымышленная)", "Школа № 6", "школа"),
]
SECTIONS = [("s1", "1.", "Оценка качества образования"), ("s2", "2.", "Поддержка школ с низкими результатами"),
            ("s3", "3.", "Развитие педагогов")]
ACTIVITIES = [
    ("s1", "1.1", "Мониторинг результатов ВПР и анализ по школам", "Ежегодно: март, май", "demo-imc"),
    ("s1", "1.2", "Совещание с руководителями школ по итогам оценочных процедур", "1 раз в квартал", "demo-uo"),
    ("s1", "1.3", "Утверждение муниципального плана повышения качества образования", "до 20.02.2024 г.", "demo-uo"),
    ("s1", "1.4", "Участие в национальных исследованиях качества образования", "по графику ФИОКО", "demo-uo"),
    ("s2", "2.1", "Закрепление наставников за школами с низкими результатами", "Сентябрь 2024 г.", "demo-uo"),
    ("s2", "2.2", "Методические выезды в школы с низкими результатами", "Ежегодно: октябрь, апрель", "demo-imc"),
    ("s2", "2.3", "Консультации для родителей по подготовке к экзаменам", "в течение учебного года", "demo-school-1"),
    ("s2", "2.4", "Программы перехода школ в эффективный режим работы", "Март-апрель 2024 г.", "demo-school-2"),
    ("s3", "3.1", "Диагностика профессиональных дефицитов учителей", "Ежегодно: ноябрь", "demo-imc"),
    ("s3", "3.2", "Курсы повышения квалификации управленческих команд", "Постоянно", "demo-imc"),
    ("s3", "3.3", "Конкурс методических разработок", "до 15.12.2025 г.", "demo-imc"),
]
INDICATORS = [
    ("i01", "Доля обучающихся, не достигших базового уровня по ВПР", "%", [(2026, 10, "<=")],
     [(2023, 18.0), (2024, 15.5), (2025, 13.0)]),
    ("i02", "Доля управленческих команд, прошедших повышение квалификации", "%", [(2026, 80, ">=")],
     [(2023, 30.0), (2024, 38.0), (2025, 41.0)]),
    ("i03", "Доля педагогов с индивидуальным планом развития", "%", [(2025, 60, ">=")],
     [(2023, 20.0), (2024, 45.0), (2025, 62.0)]),
]
MARKS = [
    ("s1-01", "2024-Q1", "выполнено", "2024-03-28", "Анализ ВПР размещён на сайте", "https://example.org/demo/vpr-2024.pdf"),
    ("s1-02", "2024-Q1", "выполнено", "2024-03-15", "Протокол совещания", "https://example.org/demo/protokol-1.pdf"),
    ("s1-03", "2024-Q1", "выполнено с нарушением срока", "2024-03-01", "План утверждён позже срока",
     "https://example.org/demo/plan.pdf"),
    ("s2-04", "2024-Q2", "в работе", "2024-04-20", "Две программы из трёх готовы", ""),
    ("s1-02", "2024-Q2", "выполнено", "2024-06-10", "Протокол совещания", "https://example.org/demo/protokol-2.pdf"),
    ("s2-01", "2024-Q3", "выполнено", "2024-09-25", "Приказ о наставниках", "https://example.org/demo/prikaz.pdf"),
    ("s2-02", "2024-Q4", "не выполнено", "2024-10-30", "Выезды перенесены", ""),
    ("s3-03", "2025-Q4", "отменено", "2025-11-01", "Конкурс отменён решением управления", ""),
]


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def write_demo(out: Path) -> Path:
    """Write the demo data folder (organizations, one road map, one assessment package) into ``out``."""
    out.mkdir(parents=True, exist_ok=False)
    orgs = out / "organizations"
    orgs.mkdir()
    descriptor = organizations_descriptor()
    (orgs / "datapackage.yaml").write_text(dump_yaml(descriptor), encoding="utf-8")
    fields = [f["name"] for f in ORGANIZATIONS_SCHEMA["fields"]]
    _write(orgs / "organizations.csv", fields,
           [[oid, name, short, kind, "Демонстрационный район", "", "", "вымышленная организация"]
            for oid, name, short, kind in ORGS])
    meta = {"name": "demo-2024-2026", "title": f"Дорожная карта повышения качества образования {DEMO}",
            "kind": "дорожная карта", "version": "1.0.0",
            "sources": [{"title": "сгенерировано roadmaps.demo — вымышленные данные"}], "issuer": "demo-uo",
            "issuer_text": "Управление образования Демонстрационного района (вымышленное)",
            "order": {"number": "1-демо", "date_text": "вымышленный приказ"},
            "period": {"start": 2024, "end": 2026, "text": "2024-2026 годы"},
            "goals": ["Показать, как сайт отображает исполнение дорожной карты (данные вымышлены)."],
            "notes": ["Все сведения этого пакета вымышлены и служат только для демонстрации."]}
    pkg = out / "roadmaps" / "demo-2024-2026"
    pkg.parent.mkdir()
    new_package(pkg, meta)
    _write(pkg / "sections.csv", ["id", "number", "title", "note"], [[s, n, t, ""] for s, n, t in SECTIONS])
    counters: dict[str, int] = {}
    rows = []
    for section, number, text, deadline, org in ACTIVITIES:
        counters[section] = counters.get(section, 0) + 1
        rows.append([f"{section}-{counters[section]:02d}", section, number, "", text, deadline,
                     dict((o[0], o[2]) for o in ORGS)[org], org, "", "", ""])
    _write(pkg / "activities.csv", ["id", "section", "number", "task", "text", "deadline", "responsible",
                                    "responsible_ids", "result", "report_form", "note"], rows)
    _write(pkg / "indicators.csv", ["id", "number", "group", "title", "unit", "source", "method", "note"],
           [[i, str(n), "", title, unit, "вымышленный источник", "", ""]
            for n, (i, title, unit, _, _) in enumerate(INDICATORS, start=1)])
    _write(pkg / "targets.csv", ["indicator", "year", "value", "comparator", "text", "note"],
           [[i, y, v, c, f"{'не более' if c == '<=' else 'не менее'} {v} % к {y} году", ""]
            for i, _, _, targets, _ in INDICATORS for y, v, c in targets])
    _write(pkg / "measurements.csv", ["id", "indicator", "metric", "year", "scope", "value", "unit", "source",
                                      "quote", "note"],
           [[f"m-{i}-{y}", i, title, y, "demo-uo", v, unit, "вымышленный источник", f"{DEMO} {title}: {v}", ""]
            for i, title, unit, _, facts in INDICATORS for y, v in facts])
    _write(pkg / "progress.csv", ["activity", "period", "status", "date", "comment", "evidence", "author"],
           [[a, p, s, d, c, e, "демо"] for a, p, s, d, c, e in MARKS])
    (out / "assessments").mkdir()
    write_assessment_set(out / "assessments" / "demo", [o[0] for o in ORGS if o[3] == "школа"],
                         "Демонстрационный район", roadmap="demo-2024-2026", indicators=("i01", "i02"))
    return out
