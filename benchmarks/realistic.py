"""The realistic profile of the synthetic region: shaped like real regions, not like the uniform profile.

Where the uniform profile (``generate.py``) gives every road map the same number of short, made-up
activities, this one follows what real regions look like (issue «region scale»):

* road maps of 40 to 400 activities, skewed: most small, a few very large (a Pareto draw);
* activity texts, deadlines, results and responsible texts recombined from the five real documents in
  ``data/roadmaps/`` — long and short, every printed deadline form, multi-line cells, people named as
  responsible — with schools named in texts and responsible cells;
* ~45 districts; schools named as documents name them, so the same short name («МБОУ СОШ № 12») stands
  in every district (mentions must keep to their district);
* execution marks with https evidence for about 40 % of activities, over up to 8 quarters, so most
  road maps have reports;
* an assessment package per district: ВПР, ОГЭ, ЕГЭ results per school, subject, grade and year.

Everything is still marked «[синтетические данные]» and lives outside ``data/``.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from roadmaps.assessments.demo import write_assessment_set
from roadmaps.schedule import parse

ROOT = Path(__file__).resolve().parents[1]
DISTRICTS = 45
MIN_ACTIVITIES, MAX_ACTIVITIES = 40, 400
MARK_SHARE = 0.4     # activities with execution marks
QUARTERS = 8         # the last quarters of a road map's period that get marks
PEOPLE = ("Н.Е. Байрачный", "К.А. Федоренко", "Б.С. Муртазов", "Е.В. Ганина", "С.Л. Кустова", "А.П. Иванова")


@dataclass
class SeedTexts:
    """Texts of the real documents, to recombine: each list is what their activities print."""
    texts: list[str]
    deadlines: list[str]
    results: list[str]
    responsible: list[str]

    @classmethod
    def load(cls, data: Path = ROOT / "data") -> SeedTexts:
        texts, deadlines, results, responsible = [], [], [], []
        for path in sorted((data / "roadmaps").glob("*/activities.csv")):
            with path.open(encoding="utf-8", newline="") as fh:
                for row in csv.DictReader(fh):
                    texts.append(row["text"])
                    results.append(row.get("result", ""))
                    responsible.append(row.get("responsible", ""))
                    deadlines += [v for k, v in row.items() if (k == "deadline" or k.startswith("deadline_")) and v]
        return cls([t for t in texts if t], [d for d in deadlines if parse(d).is_known] or ["Постоянно"],
                   results, [r for r in responsible if r])


def activity_counts(rng: random.Random, roadmaps: int, total: int) -> list[int]:
    """``roadmaps`` sizes between 40 and 400 summing to about ``total``: a Pareto draw, most small."""
    raw = [MIN_ACTIVITIES * rng.paretovariate(1.3) for _ in range(roadmaps)]
    target = max(MIN_ACTIVITIES * roadmaps, min(MAX_ACTIVITIES * roadmaps, total))
    factor = target / sum(raw)
    for _ in range(20):  # clipping to 40..400 loses some: scale again until the sum is close
        sizes = [max(MIN_ACTIVITIES, min(MAX_ACTIVITIES, round(x * factor))) for x in raw]
        if abs(sum(sizes) - target) <= roadmaps:
            break
        factor *= target / sum(sizes)
    return sizes


def school_names(owner_short: str, owner_long: str, type_short: str, type_long: str, k: int, place: str,
                 mark: str) -> tuple[str, str, str]:
    """(name, short name, alias) as the shipped registry names schools («МБОУ СОШ № 32», «СОШ № 32»,
    «СОШ 32»): no place in them, so the same names stand in district after district."""
    return f"{owner_short} {type_short} № {k} {mark}", f"{type_short} № {k}", f"{owner_short} {type_short} № {k}"


def activity_text(rng: random.Random, seeds: SeedTexts, school_labels: list[str]) -> str:
    text = rng.choice(seeds.texts)
    if rng.random() < 0.25:  # a multi-line cell: two printed activities in one
        text = f"{text}\n{rng.choice(seeds.texts)}"
    if school_labels and rng.random() < 0.2:
        text += f" ({', '.join(rng.sample(school_labels, min(len(school_labels), rng.randint(1, 3))))})"
    return text


def responsible_text(rng: random.Random, seeds: SeedTexts, printed: str) -> str:
    """What a responsible cell prints: the bodies the ids name, and often people, as real plans do."""
    pick = rng.random()
    if pick < 0.3:
        return f"{printed}\n{' '.join(rng.sample(PEOPLE, rng.randint(1, 3)))}"
    if pick < 0.45:
        return f"{rng.choice(seeds.responsible)}; {printed}"
    return printed


def marks(rng: random.Random, rid: str, host: str, activity_ids: list[str], start: int, end: int) -> list[list[str]]:
    """Marks for about 40 % of the activities, each in one to three of the period's last eight quarters."""
    quarters = [(y, q) for y in range(start, end + 1) for q in range(1, 5)][-QUARTERS:]
    rows = []
    for aid in activity_ids:
        if rng.random() >= MARK_SHARE:
            continue
        for y, q in sorted(rng.sample(quarters, rng.randint(1, min(3, len(quarters))))):
            status = rng.choice(("выполнено", "выполнено", "в работе", "выполнено с нарушением срока",
                                 "не выполнено"))
            evidence = f"https://{host}.example.org/docs/{rid}/{aid}-{y}q{q}.pdf" if status.startswith("выполнено") \
                or rng.random() < 0.4 else ""
            rows.append([aid, f"{y}-Q{q}", status, f"{y}-{3 * q:02d}-{rng.randint(1, 28):02d}",
                         "Отметка внесена по итогам отчёта ОО." if rng.random() < 0.5 else "", evidence,
                         "Специалист ИМЦ"])
    return rows


def assessment_package(out: Path, district_latin: str, district_name: str, schools: list[str], roadmap: str,
                       seed: int, mark: str) -> int:
    """The district's assessment package: results per school, subject, grade and year; the rows written."""
    made = write_assessment_set(out / "assessments" / f"{district_latin}-ocenka", schools, district_name,
                                years=(2022, 2023, 2024), roadmap=roadmap, seed=seed, label=mark)
    return made.rows
