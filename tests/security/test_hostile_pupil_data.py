"""Class 9: personal data under another header.  The pupil-data rule matches header words after folding case,
punctuation, «ё», invisible characters and look-alike letters: the whole file is refused, nothing is written."""

from __future__ import annotations

import csv

import pytest
from conftest import codes, run, snapshot

from roadmaps.assessments.schemas import is_pupil_column
from roadmaps.data.tables import csv_text

HEADERS = ["ФИО", "Ф.И.О. обучающегося", "Ф. И. О.", "фио участника", "ФИO", "Ф\u00adИО", "Фамилия", "Имя",
           "Отчество", "Фамилия, имя, отчество", "Дата рождения", "Дата_рождения", "ДатаРождения", "СНИЛС",
           "С.Н.И.Л.С.", "Серия и номер паспорта", "Код участника", "Обучающийся", "Full name", "snіls"]


@pytest.mark.parametrize("header", HEADERS)
def test_a_results_file_naming_pupils_is_refused(shipped, tmp_path, capsys, header):
    source = tmp_path / "vpr.csv"
    with source.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([["Школа", "Предмет", "Число участников", "Средний балл", header],
                                                 ["МБОУ СОШ №2", "Математика", "25", "3,8", "Иванов Иван"]])
    before = snapshot(tmp_path / "work")
    code, printed = run(["import", "results", str(source), "--package", "seversky", "--procedure", "ВПР",
                         "--year", "2024", "--data", str(shipped)], capsys)
    assert (code, codes(printed)) == (1, ["pupil-data"])
    assert snapshot(tmp_path / "work") == before


@pytest.mark.parametrize("header", ["Ф.И.О. обучающегося", "Дата_рождения"])
def test_a_package_column_naming_pupils_is_refused(shipped, capsys, header):
    path = shipped / "assessments" / "seversky" / "risks.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[0].append(header)
    for row in rows[1:]:
        row.append("x")
    path.write_text(csv_text(rows), encoding="utf-8")
    code, printed = run(["validate", "--data", str(shipped), "--format", "text"], capsys)
    assert code == 1 and "pupil-data" in codes(printed)


@pytest.mark.parametrize("header", ["Школа", "Наименование ОО", "Предмет", "Число участников", "Участники",
                                    "Средний балл", "Доля «4» и «5», %", "Класс", "Параллель"])
def test_ordinary_headers_are_not_pupil_data(header):
    assert not is_pupil_column(header)


def test_a_negative_number_of_participants_is_told_once(shipped, capsys):
    """«-3» participants is refused for what it is (a count below 0), not also as a group too small to publish."""
    results = shipped / "assessments" / "seversky" / "results.csv"
    text = results.read_text(encoding="utf-8")
    assert ",high_score_share,12,," in text
    results.write_text(text.replace(",high_score_share,12,,", ",high_score_share,12,-3,", 1), encoding="utf-8")
    code, printed = run(["validate", "--data", str(shipped)], capsys)
    assert code == 1 and [c for c in codes(printed) if c != "deadline-invalid"] == ["constraint-error"], printed
    assert "«-3» не подходит: должно быть не меньше 0" in printed
