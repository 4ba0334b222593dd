"""People named in «responsible» cells as real plans write them (:mod:`roadmaps.people`): full names either way
round, with job titles, one initial, the cases of «в лице директора Петрова П.П.», several people in one cell — and
the bodies that only look like people (a school named after one, three capitalised words without a patronymic)."""

from __future__ import annotations

from pathlib import Path

import pytest

from roadmaps.data.registry import load_organizations, match_organizations
from roadmaps.people import people_in

ROOT = Path(__file__).resolve().parents[1]
ORGS = load_organizations(ROOT / "data")


def _match(text: str):
    return match_organizations(text, ORGS, "Петровский городской округ", "petrovsky")


# (the cell, the persons as the filter names them): each one a person, nothing left to report as an organisation
PEOPLE = [
    # full names, either way round; the label is one form whichever way and whichever case the plan wrote
    ("Иванова Ирина Ивановна", ["Иванова И.И."]),
    ("Ирина Ивановна Иванова", ["Иванова И.И."]),
    ("Петров Пётр Петрович", ["Петров П.П."]),
    ("Ёлкина Алёна Фёдоровна", ["Ёлкина А.Ф."]),
    ("Смирнов Андрей Ильич", ["Смирнов А.И."]),                        # -ич
    ("Кузьмина Ольга Ильинична", ["Кузьмина О.И."]),                   # -инична
    ("Сидорова Анна Никитична – методист МКУ ИМЦ", ["Сидорова А.Н."]),  # -ична, a title after a dash
    ("Лукашевич Игорь Евгеньевич", ["Лукашевич И.Е."]),                # a surname ending like a patronymic
    ("Петрова-Водкина Елена Сергеевна", ["Петрова-Водкина Е.С."]),
    # with a job title before or after
    ("заместитель начальника управления образования Иванова Ирина Ивановна", ["Иванова И.И."]),
    ("Иванова Ирина Ивановна, директор МБОУ СОШ № 1", ["Иванова И.И."]),
    ("Директор МБОУ СОШ № 5 Кузнецов Константин Константинович", ["Кузнецов К.К."]),
    ("ответственная: начальник отдела Петрова Анна Сергеевна", ["Петрова А.С."]),
    ("Методист Анна Петровна Сидорова", ["Сидорова А.П."]),   # a title starting the line is no surname
    ("Директор И.И. Иванова", ["Иванова И.И."]),
    # initials: one, spaced, either way round
    ("Иванова И.", ["Иванова И."]),
    ("Иванова И. И.", ["Иванова И.И."]),
    ("И. И. Иванова", ["Иванова И.И."]),
    ("отв. Иванова И.И.", ["Иванова И.И."]),
    # the cases plans use: with initials the surname stays as printed, a full name's patronymic tells its case
    ("ответственный — Ивановой И.И.", ["Ивановой И.И."]),
    ("в лице директора Петрова П.П.", ["Петрова П.П."]),
    ("в лице заместителя начальника Петрова Петра Петровича", ["Петров П.П."]),
    ("Ивановой Ирины Ивановны", ["Иванова И.И."]),
    ("Сидоровым Сергеем Николаевичем", ["Сидоров С.Н."]),
    ("Ответственный исполнитель — Петрову Петру Петровичу", ["Петров П.П."]),
    # several people
    ("Иванова Ирина Ивановна, Петров Пётр Петрович", ["Иванова И.И.", "Петров П.П."]),
    ("Иванова Ирина Ивановна; Петров Пётр Петрович", ["Иванова И.И.", "Петров П.П."]),
    ("Иванова Ирина Ивановна\nПетров Пётр Петрович", ["Иванова И.И.", "Петров П.П."]),
    ("Иванова Ирина Ивановна и Петров Пётр Петрович", ["Иванова И.И.", "Петров П.П."]),
    ("Ирина Ивановна Иванова Пётр Петрович Петров", ["Иванова И.И.", "Петров П.П."]),  # a run, no separator
    ("Иванова И.И., Петрова П.П. и Сидорова С.С.", ["Иванова И.И.", "Петрова П.П.", "Сидорова С.С."]),
    ("Иванова Ирина Ивановна, заместитель начальника; Сидорова А.А., методист",
     ["Иванова И.И.", "Сидорова А.А."]),
    ("Иванова Ирина Ивановна, Иванова И.И.", ["Иванова И.И."]),  # one person, written two ways: named once
    # a title in the dative or instrumental before the name, as «поручить …» and «… назначен» write it
    ("заместителю начальника управления образования Ивановой И.И.", ["Ивановой И.И."]),
    ("Заместителю директора по УВР Смирновой А.А.", ["Смирновой А.А."]),
    ("начальником отдела общего образования Петровым П.П.", ["Петровым П.П."]),
    # a surname in capitals, as documents set it off: labelled as a name is written
    ("ИВАНОВА И.И.", ["Иванова И.И."]),
    ("И.И. ПЕТРОВ, методист", ["Петров И.И."]),
    ("ИВАНОВА Ирина Ивановна, заместитель начальника", ["Иванова И.И."]),
    ("ШЕВЧЕНКО Анна Петровна", ["Шевченко А.П."]),
    ("в лице ИВАНОВОЙ Ирины Ивановны", ["Иванова И.И."]),
    ("ПОКРОВСКАЯ А.А., ЛУКАШЕВИЧ И.Е.", ["Покровская А.А.", "Лукашевич И.Е."]),
    ("директор МБОУ СОШ № 1 КУЗНЕЦОВ К.К.", ["Кузнецов К.К."]),
    ("директор МБОУ СОШ Анна Петровна Иванова", ["Иванова А.П."]),  # «СОШ» is no surname beside a first name
]


@pytest.mark.parametrize(("text", "people"), PEOPLE)
def test_a_person_is_recognised(text, people):
    assert [p.label for p in people_in(text)] == people
    found = _match(text)
    assert ([p.label for p in found.people], found.unmatched) == (people, [])


def test_a_person_beside_an_organisation_of_the_registry():
    found = _match("Петров Пётр Петрович, методист МКУ ЦР и ПСО; МКУ ЦР и ПСО, Иванова Ирина Ивановна")
    assert ([p.label for p in found.people], found.ids, found.unmatched) == (
        ["Петров П.П.", "Иванова И.И."], ["petrovsky-tsr-pso"], [])


def test_the_key_of_a_full_name_is_that_of_its_initials():
    assert people_in("Ивановой Ирины Ивановны")[0].key == people_in("И.И. Иванова")[0].key == "иванова-и-и"
    assert people_in("Ирина Ивановна Иванова")[0].printed == "Ирина Ивановна Иванова"  # the text as printed


# bodies, and what is no name: not a person
NOT_PEOPLE = [
    "Управление образования",
    "МБОУ СОШ № 1 им. Иванова И.И.",
    "МБОУ СОШ имени Ивана Ивановича Иванова",
    "МБОУ «СОШ им. Героя Советского Союза И.И. Иванова»",
    "МБОУ ЦДТ им. Петра Петровича Петрова",
    "ГБОУ ИРО Краснодарского края",
    "Центр оценки качества образования",
    "Министерство просвещения",
    "Министерство просвещения Российской Федерации",
    "Отдел общего образования",       # three capitalised words, no patronymic
    "Заместитель Начальника Управления",
    "Директор Основной Общеобразовательной Школы № 3",  # «-овной» ends adjectives too: no first name in its case
    "Иванова ИИ",                     # initials without dots
    "Руководители ОО",
    "МКОУ ООШ посёлка Ильича",
    "МБОУ СОШ ИМЦ",                   # abbreviations in capitals, no initials
    "по графику ФИОКО",
    "МСОКО, РСОКО",
]


@pytest.mark.parametrize("text", NOT_PEOPLE)
def test_an_organisation_is_no_person(text):
    assert people_in(text) == ()
    assert _match(text).people == []


@pytest.mark.parametrize("text", ["руководителям ОО Петровского городского округа Ивановой И.И.",
                                  "директорам школ Петровой П.П."])
def test_a_title_in_the_plural_beside_a_person_is_still_a_group(text):
    """«руководителям ОО», «директорам школ» name a group (perhaps a body of the registry), not a person's title."""
    found = _match(text)
    assert found.people and found.unmatched, found
