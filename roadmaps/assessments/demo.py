"""Generated assessment data for the demo build, tests and benchmarks: never published as real.

``write_assessment_set`` writes a complete assessment package for a list of (fictional) schools:
ВПР, ОГЭ and ЕГЭ results over several years with a share of small groups, the yearly status
lists (some schools leave them), risk profiles and an effectiveness assessment.  Small groups are
written the way the import writes them — participants kept, value empty — and the values they
would have had are returned in :attr:`Generated.withheld`, so a test can prove none of them is
ever published.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

from roadmaps.assessments.package import new_assessment_package
from roadmaps.assessments.schemas import MIN_PARTICIPANTS, assessment_schema

# procedure → (grades, subjects, metrics with a value range)
PLAN = {
    "ВПР": ((4, 5), ("русский язык", "математика"),
            {"mean_score": (2.9, 4.3), "below_basic_share": (2.0, 35.0), "high_score_share": (10.0, 60.0)}),
    "ОГЭ": ((9,), ("русский язык", "математика"), {"mean_score": (2.9, 4.4), "fail_share": (0.0, 25.0)}),
    "ЕГЭ": ((11,), ("русский язык", "математика (профильный уровень)"),
            {"mean_score": (45.0, 80.0), "high_score_share": (0.0, 30.0)}),
}
RISK_FACTORS = ("низкий уровень оснащения школы", "дефицит педагогических кадров",
                "высокая доля обучающихся с рисками учебной неуспешности",
                "низкое качество преодоления языковых и культурных барьеров",
                "пониженный уровень качества школьной образовательной и воспитательной среды")
LEVELS = ("низкий", "средний", "высокий")
SMALL_GROUP_SHARE = 0.15


@dataclass
class Generated:
    directory: Path
    withheld: list[float] = field(default_factory=list)  # values of groups under 10: never written
    rows: int = 0


def _slug(text: str) -> str:
    table = str.maketrans({"р": "r", "у": "u", "с": "s", "к": "k", "и": "i", "й": "y", "я": "ya", "з": "z",
                           "ы": "y", "м": "m", "а": "a", "т": "t", "е": "e", "п": "p", "о": "o", "ф": "f",
                           "л": "l", "н": "n", "ь": "", "в": "v", "ч": "ch", "х": "h", "д": "d", "г": "g",
                           "б": "b", "ш": "sh", "ж": "zh", "ц": "ts", "щ": "sch", "э": "e", "ю": "yu", "ъ": ""})
    return "-".join("".join(ch for ch in text.lower().translate(table) if ch.isalnum() or ch == " ").split())


def _write(path: Path, resource: str, rows: list[list[object]]) -> None:
    header = [f["name"] for f in assessment_schema(resource)["fields"]]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            assert len(row) == len(header), (resource, row)
            writer.writerow(row)


def write_assessment_set(directory: Path, schools: list[str], district: str, years: tuple[int, ...] = (2023, 2024, 2025),
                         roadmap: str = "", indicators: tuple[str, ...] = (), seed: int = 1,
                         label: str = "[демонстрация]") -> Generated:
    """Write a generated assessment package into ``directory`` (which must not exist)."""
    rng = random.Random(seed)
    meta = {"name": directory.name, "title": f"Оценка качества образования {label}", "version": "1.0.0",
            "district": district, "sources": [{"title": "сгенерировано roadmaps.assessment_demo — вымышленные данные"}],
            "notes": ["Все значения этого пакета сгенерированы и вымышлены."]}
    if roadmap:
        meta["roadmap"] = roadmap
    new_assessment_package(directory, meta)
    out = Generated(directory)
    results: list[list[object]] = []
    for procedure, (grades, subjects, metrics) in PLAN.items():
        for year in years:
            for grade in grades:
                for subject in subjects:
                    for school in schools:
                        small = rng.random() < SMALL_GROUP_SHARE
                        participants = rng.randint(3, MIN_PARTICIPANTS - 1) if small else rng.randint(12, 95)
                        for metric, (low, high) in metrics.items():
                            value = round(rng.uniform(low, high), 2)
                            if small:  # three decimals: a withheld value is told apart from any published one
                                value = round(value + 0.003, 3)
                                out.withheld.append(value)
                            rid = f"{_slug(procedure)}-{year}-{school}-{_slug(subject)}-{grade}-{metric.replace('_', '-')}"
                            results.append([rid, procedure, subject, grade, year, school, metric,
                                            "" if small else value, participants, f"{label} генератор", "", ""])
    # one stated district figure, as a document would print it
    results.append([f"ege-{years[-1]}-district-high", "ЕГЭ", "русский язык", 11, years[-1], "", "high_score_share",
                    round(rng.uniform(5, 25), 1), "", f"{label} генератор", f"{label} Доля высокобалльников по району.", ""])
    statuses: list[list[object]] = []
    for i, school in enumerate(schools):
        if i % 3 == 2:
            continue  # a third of the schools never listed
        status = "ШНОР" if i % 2 == 0 else "зона риска"
        left_year = years[-1] if i % 4 == 0 else None
        for year in years:
            if left_year and year == left_year:
                statuses.append([f"st-{year}-{school}", school, year, "вышла из списка",
                                 f"{label} по итогам {year - 1} года", f"{label} генератор", "", ""])
                break
            statuses.append([f"st-{year}-{school}", school, year, status, f"{label} по итогам {year - 1} года",
                             f"{label} генератор", f"{label} Школа включена в список.", ""])
    risks = [[f"rk-{school}-{n}", school, years[-1], factor, rng.choice(LEVELS), f"{label} генератор", ""]
             for school in schools[::2] for n, factor in enumerate(rng.sample(RISK_FACTORS, 3), start=1)]
    objectivity = [[f"obj-{years[0]}-{schools[0]}", schools[0], "ВПР", years[0], "математика", 5,
                    "маркер по математике в 5 классе", f"{label} генератор", "", ""]]
    effectiveness = [[f"ef-{n}", roadmap, indicator, str(years[-1]), f"{label} критерий {n}",
                      str(rng.randint(40, 100)), "%", f"{label} генератор", ""]
                     for n, indicator in enumerate(indicators, start=1)] if roadmap else []
    for resource, rows in (("results", results), ("statuses", statuses), ("objectivity", objectivity),
                           ("risks", risks), ("effectiveness", effectiveness)):
        _write(directory / f"{resource}.csv", resource, rows)
    out.rows = len(results)
    return out
