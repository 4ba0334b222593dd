"""Generate a synthetic region for benchmarks: the same package format as data/, at a scale factor.

Scale 1.0 is a large region: 200 road maps, 30 000 activities, 2 000 schools in the
organisations registry, 300 000 measurements.  Text is Russian, built from word
lists with a seeded random generator, so a scale and a seed always give the same
files.  Everything generated is marked «[синтетические данные]» in its title and
lives outside data/ (by default in benchmarks/out/region-<scale>/):

    python benchmarks/generate.py --scale 0.05
    roadmaps validate --data benchmarks/out/region-0.05

Descriptors are written by roadmaps.package, so the schemas are the canonical ones.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from roadmaps.data.package import dump_yaml, new_package, organizations_descriptor  # noqa: E402
from roadmaps.data.schemas import ORGANIZATIONS_SCHEMA  # noqa: E402
from roadmaps.schedule import MONTHS_NOMINATIVE, parse  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import realistic as realistic_profile  # noqa: E402

MARK = "[синтетические данные]"
MARKER_FILE = "SYNTHETIC.txt"
DEFAULT_SEED = 20240601

# totals at scale 1.0
ROADMAPS = 200
ACTIVITIES = 30_000
SCHOOLS = 2_000
MEASUREMENTS = 300_000
DISTRICTS = 40          # 5 road maps and 50 schools per district at every scale
INDICATORS_PER_ROADMAP = 10
CONTROL_POINTS_PER_ROADMAP = 5
PROGRESS_SHARE = 0.2    # activities with an execution mark

# ----------------------------------------------------------------------------- word lists
DISTRICT_STEMS = (
    "Иванов", "Петров", "Соснов", "Берёзов", "Камен", "Озёр", "Николь", "Покров", "Успен", "Вознесен",
    "Красногор", "Белоречен", "Первомай", "Октябрь", "Совет", "Киров", "Ленин", "Мичурин", "Ольгин",
    "Архангель", "Воскресен", "Знамен", "Ильин", "Михайлов", "Никифоров", "Новосёлов", "Павлов", "Семёнов",
    "Сергиев", "Дмитров", "Григорьев", "Алексеев", "Андреев", "Борисов", "Васильев", "Городищен", "Данилов",
    "Егорьев", "Жуков", "Захаров", "Зубов", "Калинин", "Кольцов", "Лебедев", "Макаров", "Медведев",
)
SETTLEMENTS = (
    "с. Александровка", "с. Берёзовка", "с. Васильевка", "п. Горки", "х. Дубки", "д. Ельники", "с. Заречное",
    "ст. Каменская", "с. Липовка", "с. Михайловка", "с. Никольское", "х. Ольховка", "с. Покровка",
    "п. Раздолье", "с. Сосновка", "с. Троицкое", "с. Успенка", "с. Фёдоровка", "д. Холмы", "п. Черёмушки",
    "с. Юрьевка", "х. Яблоневка", "с. Луговое", "с. Полевое", "п. Садовый", "с. Степное", "с. Озёрное",
    "п. Лесной", "с. Кленовка", "с. Рябиновка", "х. Вишнёвка", "с. Дубровка", "п. Ключи", "с. Родники",
    "с. Красный Яр", "п. Белый Ключ", "д. Новосёлки", "с. Приозёрное", "х. Зелёный Гай", "п. Светлый",
    "ст. Отрадная", "ст. Марьинская", "с. Высокое", "п. Южный", "п. Северный", "с. Большие Дворы",
)
SCHOOL_OWNERS = (
    ("МБОУ", "Муниципальное бюджетное общеобразовательное учреждение"),
    ("МАОУ", "Муниципальное автономное общеобразовательное учреждение"),
    ("МКОУ", "Муниципальное казённое общеобразовательное учреждение"),
)
SCHOOL_TYPES = (
    ("СОШ", "Средняя общеобразовательная школа", 6),
    ("ООШ", "Основная общеобразовательная школа", 3),
    ("НОШ", "Начальная общеобразовательная школа", 1),
    ("лицей", "Лицей", 1),
    ("гимназия", "Гимназия", 1),
)
TOPICS = (
    ("kachestvo", "по повышению качества образования"),
    ("nor", "по поддержке школ с низкими образовательными результатами"),
    ("obektivnost", "по обеспечению объективности процедур оценки качества образования"),
    ("fg", "по формированию и оценке функциональной грамотности обучающихся"),
    ("gia", "по подготовке к государственной итоговой аттестации"),
    ("kadry", "по развитию кадрового потенциала педагогических работников"),
)
ROADMAP_KIND_TITLES = {"дорожная карта": "Дорожная карта", "программа": "Программа",
                       "план мероприятий": "План мероприятий"}
ROADMAP_KIND_GENITIVE = {"дорожная карта": "дорожной карты", "программа": "программы",
                         "план мероприятий": "плана мероприятий"}
DIRECTIONS = (
    "Система оценки качества подготовки обучающихся",
    "Повышение объективности оценочных процедур",
    "Поддержка школ с низкими образовательными результатами",
    "Развитие кадрового потенциала",
    "Формирование функциональной грамотности",
    "Подготовка к государственной итоговой аттестации",
    "Работа с обучающимися с высокой мотивацией к обучению",
    "Взаимодействие с родителями (законными представителями)",
    "Методическое сопровождение педагогов",
    "Мониторинг и анализ результатов",
)
TASKS = (
    "Обеспечение функционирования внутренней системы оценки качества образования",
    "Выявление профессиональных дефицитов педагогических работников",
    "Создание условий для объективного проведения оценочных процедур",
    "Организация адресной методической помощи школам",
    "Совершенствование управленческих механизмов на муниципальном уровне",
    "Повышение мотивации обучающихся к обучению",
    "Развитие сетевого взаимодействия образовательных организаций",
)
ACTIONS = (
    "Проведение мониторинга", "Организация семинара по вопросам", "Анализ результатов",
    "Разработка методических рекомендаций по вопросам", "Проведение совещания с руководителями ОО по вопросам",
    "Организация курсов повышения квалификации по вопросам", "Подготовка аналитической справки по итогам",
    "Проведение выездных проверок по вопросам", "Обобщение опыта работы по вопросам",
    "Организация наставничества по вопросам", "Проведение круглого стола по вопросам",
    "Корректировка планов работы ОО по итогам", "Проведение родительских собраний по вопросам",
    "Организация общественного наблюдения при проведении", "Размещение на сайтах ОО информации о",
)
OBJECTS = (
    "результатов всероссийских проверочных работ", "объективности оценивания образовательных результатов",
    "подготовки обучающихся к ГИА-9 и ГИА-11", "формирования функциональной грамотности",
    "профессиональных дефицитов учителей", "работы с обучающимися группы риска",
    "реализации программ антирисковых мер", "использования результатов оценочных процедур",
    "внутришкольного контроля качества преподавания", "адаптации молодых педагогов",
    "организации индивидуальных образовательных маршрутов", "преемственности начального и основного общего образования",
    "региональных диагностических работ", "национальных исследований качества образования",
    "школьного этапа всероссийской олимпиады школьников", "читательской грамотности обучающихся 5–9 классов",
)
QUALIFIERS = (
    "в общеобразовательных организациях района", "в школах с низкими образовательными результатами",
    "на муниципальном уровне", "с участием руководителей методических объединений",
    "для заместителей директоров по учебно-воспитательной работе", "в рамках работы муниципальной команды",
    "с привлечением специалистов ГАУ ДПО ИРО", "по итогам учебного года", "в дистанционном формате", "",
)
RESULTS = (
    "Аналитическая справка", "Протокол совещания", "Методические рекомендации", "Приказ управления образования",
    "Отчёт о проведении мероприятия", "План мероприятий ОО", "Сертификаты о прохождении курсов",
    "Информация на сайте управления образования", "Доля ОО, принявших участие, — 100 %",
    "Снижение доли обучающихся, не освоивших программу на базовом уровне",
)
REPORT_FORMS = ("Справка", "Приказ", "Протокол", "Отчёт", "Информационное письмо", "")
INDICATOR_TITLES = (
    ("Доля обучающихся, не освоивших программу начального общего образования на базовом уровне (по результатам ВПР)", "<="),
    ("Доля обучающихся, имеющих результаты ВПР на уровне выше базового", ">="),
    ("Доля обучающихся, подтвердивших годовые отметки по результатам ВПР", ">="),
    ("Доля выпускников 9 классов, получивших аттестат об основном общем образовании", ">="),
    ("Доля выпускников 11 классов, получивших на ЕГЭ по русскому языку не менее 70 баллов", ">="),
    ("Доля выпускников 11 классов, не преодолевших минимальный порог по математике", "<="),
    ("Доля педагогов, прошедших диагностику профессиональных дефицитов", ">="),
    ("Доля педагогов, прошедших курсы повышения квалификации по функциональной грамотности", ">="),
    ("Доля ОО, в которых проведены оценочные процедуры с общественным наблюдением", ">="),
    ("Доля обучающихся, участвующих в олимпиадах и конкурсах", ">="),
    ("Доля школ с признаками необъективности результатов", "<="),
    ("Доля молодых педагогов, закреплённых за наставниками", ">="),
    ("Доля обучающихся 8 классов с читательской грамотностью не ниже базового уровня", ">="),
    ("Доля родителей, удовлетворённых качеством образования", ">="),
)
SOURCES = ("ФИС ОКО", "РИС ГИА", "Мониторинг ИМЦ", "Отчёты ОО о самообследовании", "Данные ГАУ ДПО ИРО")
METHODS = ("анализ статистической отчётности", "анкетирование", "таблица Excel с автоматизированной обработкой",
           "аудит документационного обеспечения")
AUTHORS = ("Специалист ИМЦ", "Заместитель начальника управления образования", "Методист ИМЦ")
STATUSES = ("выполнено", "выполнено с нарушением срока", "в работе", "не выполнено", "отменено")
POSITIONS = ("Начальник управления образования", "Заместитель главы администрации", "Руководитель ИМЦ")
SURNAMES = ("Иванова", "Петрова", "Смирнова", "Кузнецова", "Соколова", "Попова", "Лебедева", "Козлова", "Новикова",
            "Морозова", "Волкова", "Соловьёва", "Васильева", "Зайцева", "Павлова", "Семёнова", "Голубева")

TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s",
                     "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya"], strict=True))


def translit(text: str) -> str:
    return "".join(TRANSLIT.get(c, c) for c in text.lower())


# ----------------------------------------------------------------------------- the region
@dataclass
class District:
    latin: str
    stem: str
    town: bool
    schools: list[str] = field(default_factory=list)         # organisation ids
    school_labels: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.stem}ский городской округ" if self.town else f"{self.stem}ский муниципальный район"

    @property
    def genitive(self) -> str:
        return f"{self.stem}ского городского округа" if self.town else f"{self.stem}ского муниципального района"

    @property
    def genitive_short(self) -> str:
        return f"{self.stem}ского городского округа" if self.town else f"{self.stem}ского района"

    @property
    def prepositional(self) -> str:
        return f"{self.stem}ском городском округе" if self.town else f"{self.stem}ском муниципальном районе"

    @property
    def uo(self) -> str:
        return f"{self.latin}-uo"

    @property
    def imc(self) -> str:
        return f"{self.latin}-imc"

    @property
    def group(self) -> str:
        return f"{self.latin}-schools"


REGIONAL = (
    ("region-minobr", "Министерство образования области", "Минобразования области", "орган управления образованием"),
    ("region-iro", "Государственное автономное учреждение дополнительного профессионального образования "
                   "«Институт развития образования»", "ГАУ ДПО ИРО", "региональный институт"),
    ("region-coko", "Государственное казённое учреждение «Центр оценки качества образования»", "ГКУ ЦОКО",
     "иная организация"),
    ("fioko", "ФГБУ «Федеральный институт оценки качества образования»", "ФИОКО", "федеральная организация"),
    ("region-council", "Координационный совет по вопросам повышения качества образования",
     "Координационный совет", "коллегиальный орган"),
)


def split(total: int, parts: int) -> list[int]:
    """total spread over parts as evenly as possible (the first parts get the remainder)."""
    base, rest = divmod(total, parts)
    return [base + (1 if i < rest else 0) for i in range(parts)]


def counts(scale: float, realistic: bool = False) -> dict[str, int]:
    n_roadmaps = max(1, round(ROADMAPS * scale))
    districts = realistic_profile.DISTRICTS if realistic else DISTRICTS
    return {"districts": max(1, min(round(districts * scale), n_roadmaps)), "roadmaps": n_roadmaps,
            "activities": max(n_roadmaps, round(ACTIVITIES * scale)), "schools": max(1, round(SCHOOLS * scale)),
            "measurements": round(MEASUREMENTS * scale)}


def make_districts(rng: random.Random, n: int) -> list[District]:
    stems = list(DISTRICT_STEMS)
    rng.shuffle(stems)
    districts = []
    for i in range(n):
        stem = stems[i % len(stems)]
        latin = translit(stem) + "sky"
        if i >= len(stems):
            latin += f"-{i // len(stems) + 1}"
        districts.append(District(latin=latin, stem=stem, town=rng.random() < 0.3))
    return districts


def organizations(rng: random.Random, districts: list[District], n_schools: int,
                  realistic: bool = False) -> list[list[str]]:
    rows = []
    note = f"Синтетическая запись для нагрузочного теста {MARK}."
    for oid, name, short, kind in REGIONAL:
        rows.append([oid, f"{name} {MARK}", short, kind, "", short, "", note])
    weights = [t[2] for t in SCHOOL_TYPES]
    for district, n in zip(districts, split(n_schools, len(districts)), strict=True):
        rows.append([district.uo, f"Управление образования администрации {district.genitive} {MARK}",
                     f"УО {district.genitive_short}",
                     "орган управления образованием", district.name,
                     f"Управление образования {district.genitive_short};УО {district.genitive_short}", "", note])
        rows.append([district.imc, f"Муниципальное казённое учреждение «Информационно-методический центр» "
                     f"{district.genitive} {MARK}", f"ИМЦ {district.genitive_short}", "методический центр",
                     district.name, f"МКУ ИМЦ {district.genitive_short}", "", note])
        rows.append([district.group, f"Общеобразовательные организации: {district.name} {MARK}",
                     "Руководители ОО", "группа организаций", district.name, "", "", note])
        settlements = list(SETTLEMENTS)
        rng.shuffle(settlements)
        for k in range(1, n + 1):
            owner_short, owner_long = rng.choice(SCHOOL_OWNERS)
            type_short, type_long, _w = rng.choices(SCHOOL_TYPES, weights)[0]
            place = settlements[(k - 1) % len(settlements)]
            oid = f"{district.latin}-sch{k:03d}"
            short = f"{owner_short} {type_short} № {k} {place}"
            name = f"{owner_long} «{type_long} № {k}» {place} {MARK}"
            alias = f"{owner_short} {type_short} №{k} {place}"
            if realistic:  # as documents name them: the short name repeats from district to district
                name, short, alias = realistic_profile.school_names(owner_short, owner_long, type_short, type_long,
                                                                    k, place, MARK)
            website = f"https://sch{k}-{district.latin}.example.org" if rng.random() < 0.7 else ""
            rows.append([oid, name, short, "школа", district.name, alias, website, note])
            district.schools.append(oid)
            district.school_labels[oid] = short
    return rows


# ----------------------------------------------------------------------------- deadlines
def _months(rng: random.Random, k: int) -> list[str]:
    return [MONTHS_NOMINATIVE[m] for m in sorted(rng.sample(range(12), k))]


def deadline(rng: random.Random, start: int, end: int) -> str:
    year = rng.randint(start, end)
    kind = rng.randrange(16)
    if kind == 0:
        return "Ежегодно: " + ", ".join(_months(rng, rng.randint(1, 3)))
    if kind == 1:
        return f"до {rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{year} г."
    if kind == 2:
        return rng.choice(("по графику ФИОКО", "По плану ГАУ ДПО ИРО", "в соответствии с графиком ГКУ ЦОКО",
                           "По графику проведения ВПР"))
    if kind == 3:
        return rng.choice(("в течение учебного года", "В течение учебного года"))
    if kind == 4:
        return rng.choice(("Постоянно", "постоянно", "В течение срока реализации"))
    if kind == 5:
        return rng.choice(("1 раз в квартал", "Ежеквартально", "Один раз в четверть"))
    if kind == 6:
        first = rng.randint(0, 10)
        return f"{MONTHS_NOMINATIVE[first].capitalize()}-{MONTHS_NOMINATIVE[first + 1]} {year} г."
    if kind == 7:
        return f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{year}"
    if kind == 8:
        return ", ".join(_months(rng, rng.randint(1, 2))).capitalize()
    if kind == 9:
        return rng.choice(("2 раза в год", "Ежемесячно", "Ежегодно", "1 раз в год"))
    if kind == 10:
        return f"Сентябрь {year} – май {min(year + 1, end)}" if year < end else f"Май {year} г."
    if kind == 11:
        return rng.choice(("По мере необходимости", "По согласованию", "по запросу ОО"))
    if kind == 12:
        return f"{MONTHS_NOMINATIVE[rng.randrange(12)].capitalize()} {year} г."
    if kind == 13:
        return f"{start}-{end}"
    if kind == 14:
        return "Ежегодно, " + ", ".join(_months(rng, 2))
    return f"до {rng.randint(1, 28)} {rng.choice(('марта', 'мая', 'сентября', 'декабря'))} {year} г."


def year_deadline(rng: random.Random, year: int) -> str:
    return rng.choice((", ".join(_months(rng, rng.randint(1, 2))).capitalize(), "в течение учебного года",
                       f"до {rng.randint(1, 28):02d}.12.{year}", "1 раз в квартал", "Постоянно", ""))


def known_deadline(make, *args) -> str:
    """A deadline the parser understands (the generator never publishes an «unknown» one)."""
    while True:
        text = make(*args)
        if not text or parse(text).is_known:
            return text


# ----------------------------------------------------------------------------- one road map
def write_rows(path: Path, rows: list[list]) -> None:
    with path.open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def percent(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def roadmap(rng: random.Random, out: Path, district: District, index: int, n_activities: int, n_measurements: int,
            used_ids: set[str], seeds: realistic_profile.SeedTexts | None = None) -> dict[str, int]:
    """One road map package; with ``seeds`` (the realistic profile) its texts are recombined from the real
    documents' and its marks spread over quarters."""
    topic_id, topic = TOPICS[index % len(TOPICS)]
    start = rng.randint(2019, 2024)
    end = start + rng.choice((2, 2, 3))
    years = list(range(start, end + 1))
    rid = f"{district.latin}-{topic_id}-{start}-{end}"
    while rid in used_ids:
        rid += "-b"
    used_ids.add(rid)
    kind = rng.choice(("дорожная карта", "дорожная карта", "программа", "план мероприятий"))
    order_date = date(start - 1 if rng.random() < 0.5 else start, rng.randint(1, 12), rng.randint(1, 28))
    title = f"{ROADMAP_KIND_TITLES[kind]} {topic} в {district.prepositional} на {start}–{end} годы {MARK}"
    per_year = index % 10 == 3  # some documents print a deadline per year (deadline_<year> columns)
    sections = [DIRECTIONS[i] for i in sorted(rng.sample(range(len(DIRECTIONS)), 6))]
    meta = {
        "name": rid, "title": title, "kind": kind, "version": "1.0.0",
        "sources": [{"title": f"Синтетический документ, сгенерирован benchmarks/generate.py {MARK}"}],
        "issuer": district.uo,
        "issuer_text": f"Управление образования администрации {district.genitive}",
        "order": {"number": str(rng.randint(10, 1500)), "date": order_date,
                  "date_text": order_date.strftime("%d.%m.%Y"), "place": district.name,
                  "title": f"Об утверждении {ROADMAP_KIND_GENITIVE[kind]} {topic} в {district.prepositional} "
                           f"на {start}–{end} годы",
                  "signatories": [{"position": rng.choice(POSITIONS),
                                   "name": f"{rng.choice('АЕИНОСТ')}.{rng.choice('ВГЛМНП')}. {rng.choice(SURNAMES)}"}]},
        "period": {"start": start, "end": end, "text": f"{start}–{end} годы"},
        "goals": [f"Повышение качества общего образования в {district.prepositional}"],
        "tasks": rng.sample(TASKS, 3),
        "expected_results": [rng.choice(RESULTS) for _ in range(2)],
    }
    directory = out / "roadmaps" / rid
    new_package(directory, meta, years if per_year else ())

    schools = district.schools
    labels = district.school_labels

    def responsible() -> tuple[str, str]:
        pick = rng.random()
        if pick < 0.3:
            return "Управление образования", district.uo
        if pick < 0.5:
            return "ИМЦ; руководители ОО", f"{district.imc};{district.group}"
        if pick < 0.6:
            return "ГАУ ДПО ИРО, ИМЦ", f"region-iro;{district.imc}"
        chosen = sorted(rng.sample(schools, min(len(schools), rng.randint(1, 3))))
        return "; ".join(labels[s] for s in chosen), ";".join(chosen)

    write_rows(directory / "sections.csv", [[f"s{i}", f"{i}.", t, ""] for i, t in enumerate(sections, 1)])

    activities = []
    per_section = split(n_activities, len(sections))
    for i, n in enumerate(per_section, 1):
        task = rng.choice(TASKS)
        for k in range(1, n + 1):
            who, ids = responsible()
            if seeds is not None:
                text = realistic_profile.activity_text(rng, seeds, [labels[x] for x in schools])
                when, result = rng.choice(seeds.deadlines), rng.choice(seeds.results)
                who = realistic_profile.responsible_text(rng, seeds, who)
            else:
                text = f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}".strip()
                if rng.random() < 0.1 and schools:
                    text += f" на базе {labels[rng.choice(schools)]}"
                when, result = known_deadline(deadline, rng, start, end), rng.choice(RESULTS)
            row = [f"s{i}-{k:02d}", f"s{i}", f"{i}.{k}.", task, text, when, who, ids, result,
                   rng.choice(REPORT_FORMS), "Срок уточнён по тексту приказа." if rng.random() < 0.03 else ""]
            if per_year:
                row.append(f"{rng.randint(50, 100)} %")
                row.extend(known_deadline(year_deadline, rng, y) for y in years)
            activities.append(row)
    write_rows(directory / "activities.csv", activities)

    indicator_rows, target_rows = [], []
    chosen = rng.sample(INDICATOR_TITLES, INDICATORS_PER_ROADMAP)
    for n, (ititle, comparator) in enumerate(chosen, 1):
        iid = f"i{n:02d}"
        indicator_rows.append([iid, str(n), rng.choice(sections), ititle, "%", rng.choice(SOURCES),
                               rng.choice(METHODS), ""])
        value = rng.randint(1, 15) if comparator == "<=" else rng.randint(40, 95)
        for y in years:
            value = max(0, value - 1) if comparator == "<=" else min(100, value + rng.randint(0, 3))
            word = "Не более" if comparator == "<=" else "Не менее"
            target_rows.append([iid, str(y), str(value), comparator, f"{word} {value} % в {y} году", ""])
    write_rows(directory / "indicators.csv", indicator_rows)
    write_rows(directory / "targets.csv", target_rows)

    cps = []
    for n in range(1, CONTROL_POINTS_PER_ROADMAP + 1):
        who, ids = responsible()
        cps.append([f"cp{n:02d}", f"{n}.", f"{rng.choice(ACTIONS)} {rng.choice(OBJECTS)}", who, ids,
                    known_deadline(deadline, rng, start, end), ""])
    write_rows(directory / "control_points.csv", cps)

    measurements = []
    combos = [(ind, y, s) for ind in indicator_rows for y in years for s in schools]
    for n in range(n_measurements):
        ind, y, school = combos[n % len(combos)]
        value = round(rng.uniform(0, 100), 1)
        quote = (f"По данным мониторинга, в {labels[school]} показатель «{ind[3][0].lower()}{ind[3][1:]}» "
                 f"в {y} году составил {percent(value)} %.")
        measurements.append([f"m{n + 1:05d}", ind[0], ind[3], str(y), school, str(value), "%",
                             f"Отчёт ОО о самообследовании за {y} год", quote, ""])
    write_rows(directory / "measurements.csv", measurements)

    marks = []
    if seeds is not None:
        marks = realistic_profile.marks(rng, rid, district.latin, [row[0] for row in activities], start, end)
    for row in activities if seeds is None else ():
        if rng.random() >= PROGRESS_SHARE:
            continue
        y = rng.randint(start, end)
        status = rng.choice(STATUSES)
        evidence = f"https://{district.latin}.example.org/docs/{rid}/{row[0]}.pdf" \
            if status.startswith("выполнено") or rng.random() < 0.3 else ""
        marks.append([row[0], rng.choice((str(y), f"{y}-Q{rng.randint(1, 4)}", f"{y}-H{rng.randint(1, 2)}")), status,
                      f"{y}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                      "Отметка внесена по итогам отчёта ОО." if rng.random() < 0.5 else "", evidence,
                      rng.choice(AUTHORS)])
    write_rows(directory / "progress.csv", marks)
    return {"activities": len(activities), "measurements": len(measurements), "indicators": len(indicator_rows),
            "targets": len(target_rows), "control_points": len(cps), "progress": len(marks)}


# ----------------------------------------------------------------------------- the whole tree
PROFILES = ("realistic", "uniform")


def default_out(scale: float, profile: str = "realistic") -> Path:
    return ROOT / "benchmarks" / "out" / region_name(scale, profile)


def region_name(scale: float, profile: str = "realistic") -> str:
    """«region-1» (realistic), «region-uniform-1» (uniform)."""
    return f"region-{scale:g}" if profile == "realistic" else f"region-{profile}-{scale:g}"


def prepare(out: Path) -> None:
    """An empty output folder; refuses data/ and folders this script did not create."""
    resolved = out.resolve()
    data = (ROOT / "data").resolve()
    if resolved == data or data in resolved.parents or resolved in data.parents:
        raise SystemExit(f"refusing {out}: it is or holds data/; synthetic data is written outside data/ only")
    if resolved.exists() and any(resolved.iterdir()):
        if not (resolved / MARKER_FILE).exists():
            raise SystemExit(f"refusing {out}: not empty and not made by this script (no {MARKER_FILE})")
        shutil.rmtree(resolved)
    resolved.mkdir(parents=True, exist_ok=True)


def generate(scale: float, out: Path | None = None, seed: int = DEFAULT_SEED, profile: str = "realistic") -> dict:
    """A region at ``scale`` in ``profile``: «realistic» (shaped like real regions, see benchmarks/realistic.py)
    or «uniform» (every road map alike: the profile of the earlier benchmarks)."""
    if profile not in PROFILES:
        raise ValueError(f"profile {profile!r}: one of {', '.join(PROFILES)}")
    realistic = profile == "realistic"
    out = Path(out) if out else default_out(scale, profile)
    prepare(out)
    rng = random.Random(f"{seed}:{scale}" if not realistic else f"{seed}:{scale}:{profile}")
    c = counts(scale, realistic)
    (out / MARKER_FILE).write_text(
        f"{MARK}\nСинтетический регион для нагрузочного теста: benchmarks/generate.py --scale {scale:g} "
        f"--seed {seed}.\nНе копируйте эти данные в data/.\n", encoding="utf-8")

    districts = make_districts(rng, c["districts"])
    orgs_dir = out / "organizations"
    orgs_dir.mkdir(parents=True)
    descriptor = organizations_descriptor()
    descriptor["title"] = f"{descriptor['title']} {MARK}"
    (orgs_dir / "datapackage.yaml").write_text(dump_yaml(descriptor), encoding="utf-8")
    org_rows = organizations(rng, districts, c["schools"], realistic)
    with (orgs_dir / "organizations.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([f["name"] for f in ORGANIZATIONS_SCHEMA["fields"]])
        writer.writerows(org_rows)

    totals: dict[str, int] = {"organizations": len(org_rows),
                              "schools": sum(1 for r in org_rows if r[3] == "школа")}
    used: set[str] = set()
    seeds = realistic_profile.SeedTexts.load() if realistic else None
    activity_split = (realistic_profile.activity_counts(rng, c["roadmaps"], c["activities"]) if realistic
                      else split(c["activities"], c["roadmaps"]))
    measurement_split = split(c["measurements"], c["roadmaps"])
    first_of: dict[str, str] = {}  # district -> its first road map
    for i in range(c["roadmaps"]):
        district = districts[i % len(districts)]
        before = set(used)
        made = roadmap(rng, out, district, i // len(districts), activity_split[i], measurement_split[i], used, seeds)
        first_of.setdefault(district.latin, next(iter(used - before)))
        for key, value in made.items():
            totals[key] = totals.get(key, 0) + value
    if realistic:  # an assessment package per district: ВПР, ОГЭ, ЕГЭ per school, subject, grade and year
        for n, district in enumerate(districts):
            rows = realistic_profile.assessment_package(out, district.latin, district.name, district.schools,
                                                        first_of.get(district.latin, ""), seed + n, MARK)
            totals["assessment_results"] = totals.get("assessment_results", 0) + rows
    totals["profile"] = profile
    totals["roadmaps"] = c["roadmaps"]
    totals["districts"] = c["districts"]
    return {"out": str(out), "scale": scale, "seed": seed, "counts": totals}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a synthetic region for benchmarks (outside data/).")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="share of the full scale: 1 = 200 road maps, 30 000 activities, 2 000 schools, "
                             "300 000 measurements (e.g. 0.25, 0.5, 1)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default benchmarks/out/region-<scale>)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--profile", choices=PROFILES, default="realistic",
                        help="realistic (shaped like real regions; default) or uniform (every road map alike)")
    args = parser.parse_args(argv)
    if args.scale <= 0:
        parser.error("--scale must be positive")
    started = time.perf_counter()
    result = generate(args.scale, args.out, args.seed, args.profile)
    counts_text = ", ".join(f"{k}: {v}" for k, v in result["counts"].items())
    print(f"{result['out']}: {counts_text} ({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
