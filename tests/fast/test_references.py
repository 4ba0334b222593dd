"""Foreign keys checked from the tables' cells, and plain tables read without a dialect guess, give the report
stock frictionless gives: the same errors, in the same order, within the same limit — on the shipped packages,
on those packages broken, and on hostile tables made to tell the two apart."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from roadmaps.fast import csvread, references
from roadmaps.validation import frictionless as F
from roadmaps.validation.frictionless import FrictionlessJob, frictionless_errors

ROOT = Path(__file__).resolve().parents[2]


def _stock(job: FrictionlessJob) -> list:
    """What frictionless says with its own reader and its own foreign-key check."""
    from frictionless import system

    csvread.install()
    plugin = system.plugins[csvread.PLUGIN]
    real = references.plan
    references.plan = lambda descriptor, directory: references.Plan(descriptor)
    system.deregister(csvread.PLUGIN)
    try:
        return frictionless_errors(job)
    finally:
        references.plan = real
        system.register(csvread.PLUGIN, plugin)


def _job(folder: Path) -> FrictionlessJob:
    descriptor = yaml.safe_load((folder / "datapackage.yaml").read_text(encoding="utf-8"))
    return FrictionlessJob(descriptor, folder, folder.name)


def _same(folder: Path) -> list:
    job = _job(folder)
    expected = _stock(job)
    assert frictionless_errors(job) == expected
    return expected


SHIPPED = sorted(p.parent for p in (ROOT / "data").glob("**/datapackage.yaml"))


@pytest.mark.parametrize("folder", SHIPPED, ids=[str(p.relative_to(ROOT / "data")) for p in SHIPPED])
def test_shipped_packages_give_the_stock_report(folder: Path):
    _same(folder)


def test_a_shipped_road_map_broken_gives_the_stock_report(tmp_path: Path):
    source = ROOT / "data" / "roadmaps" / "gavrilov-yam-2021-2023"
    folder = tmp_path / source.name
    shutil.copytree(source, folder)
    activities = folder / "activities.csv"
    lines = activities.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\r\n").split(",")
    section = header.index("section")
    broken = []
    for number, line in enumerate(lines[1:], start=1):
        if number % 3 == 0 and line.count(",") >= section:
            cells = line.split(",")
            cells[section] = "no-such-section" if number % 2 else ""
            line = ",".join(cells)
        broken.append(line)
    activities.write_text(lines[0] + "".join(broken) + "\n\n", encoding="utf-8")
    report = _same(folder)
    assert any(e.kind == "foreign-key" for e in report)  # the comparison is of a failing report


# ---------------------------------------------------------------- hostile tables

def _field(name: str, **extra) -> dict:
    return {"name": name, "type": "string", **extra}


def _package(folder: Path, parents: str, children: str, *, child_fields=None, keys=None, extra=None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "parents.csv").write_bytes(parents.encode("utf-8") if isinstance(parents, str) else parents)
    (folder / "children.csv").write_bytes(children.encode("utf-8") if isinstance(children, str) else children)
    child_schema = {
        "fields": child_fields or [_field("id"), _field("parent"), _field("note")],
        "foreignKeys": keys if keys is not None else [
            {"fields": "parent", "reference": {"resource": "parents", "fields": "id"}}],
    }
    resources = [
        {"name": "parents", "path": "parents.csv", "format": "csv", "encoding": "utf-8",
         "profile": "tabular-data-resource",
         "schema": {"fields": [_field("id", constraints={"required": True, "unique": True}), _field("name")],
                    "primaryKey": ["id"]}},
        {"name": "children", "path": "children.csv", "format": "csv", "encoding": "utf-8",
         "profile": "tabular-data-resource", "schema": child_schema},
    ]
    descriptor = {"name": "hostile", "resources": resources + (extra or [])}
    (folder / "datapackage.yaml").write_text(yaml.safe_dump(descriptor, allow_unicode=True), encoding="utf-8")
    return folder


PARENTS = "id,name\na,Первая\nb,Вторая\n,пустой ключ\nc,\"многострочное\nимя\"\n"

HOSTILE = {
    "missing ids": (PARENTS, "id,parent,note\n1,a,\n2,x,\n3,b,\n4,y,\n5,A,\n"),
    "empty and absent cells": (PARENTS, "id,parent,note\n1,,\n2\n3,x\n,,\n"),
    "blank lines between rows": (PARENTS, "id,parent,note\n\n1,x,\n\n\n2,a,\n3,z,\n"),
    "long and short rows": (PARENTS, "id,parent,note\n1,x,a,b,c\n2\n3,a,b,c,d,e\n4,q\n"),
    "a BOM on both tables": ("\ufeff" + PARENTS, "\ufeffid,parent,note\n1,a,\n2,x,\n"),
    "quoted cells with commas and lines": (PARENTS, 'id,parent,note\n1,"a",""\n2,"x,y","z\nw"\n3,"c",\n'),
    "a key with spaces": (PARENTS, "id,parent,note\n1, a,\n2,a ,\n3,  ,\n"),
    "a key that is a missing-value look-alike": (PARENTS, "id,parent,note\n1,NA,\n2,null,\n3,None,\n"),
    "duplicate and empty parent ids": ("id,name\na,1\na,2\n,3\n", "id,parent,note\n1,a,\n2,,\n3,b,\n"),
    "an empty parent table": ("id,name\n", "id,parent,note\n1,a,\n2,,\n"),
    "a parent table of only a header and blank lines": ("id,name\n\n\n", "id,parent,note\n1,a,\n"),
    "headers that are not the schema's": ("key,label\na,x\n", "num,ref,comment,extra\n1,a,,\n2,b,,\n"),
    "a header shorter than the schema": ("id\na\n", "id,parent\n1,a\n2,b\n"),
    "CRLF line ends": (PARENTS.replace("\n", "\r\n"), "id,parent,note\r\n1,x,\r\n2,a,\r\n"),
    "only a header": (PARENTS, "id,parent,note\n"),
    "an empty file": (PARENTS, ""),
    "errors of other kinds in the same rows": (
        PARENTS, "id,parent,note\n1,x,\n1,y,\n,z\n2,a,,,\n"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_tables_give_the_stock_report(tmp_path: Path, name: str):
    parents, children = HOSTILE[name]
    folder = _package(tmp_path / "p", parents, children)
    job = _job(folder)
    assert references.plan(job.descriptor, folder).keys  # the key is checked here, not by frictionless
    _same(folder)


def test_more_errors_than_the_limit_are_cut_where_frictionless_cuts(tmp_path: Path):
    rows = []
    for i in range(1, 1400):
        if i % 5 == 0:
            rows.append(f"{i},a,,extra")  # an extra cell and a good key
        elif i % 7 == 0:
            rows.append(f"{i},missing-{i},,extra")  # both in one row
        else:
            rows.append(f"{i},missing-{i},")
    report = _same(_package(tmp_path / "p", PARENTS, "id,parent,note\n" + "\n".join(rows) + "\n"))
    assert len([e for e in report if e.resource == "children"]) == F.ERROR_LIMIT


def test_the_limit_reached_by_other_errors_alone(tmp_path: Path):
    rows = [f"{i},a,,x,y" for i in range(1, 1200)] + ["9999,missing,"]
    _same(_package(tmp_path / "p", PARENTS, "id,parent,note\n" + "\n".join(rows) + "\n"))


@pytest.mark.parametrize("case", ["typed", "two fields", "self", "formatted", "own missing values",
                                  "unknown resource", "named twice", "a list key", "two keys"])
def test_keys_of_other_kinds_are_left_to_frictionless_and_agree(tmp_path: Path, case: str):
    fields = [_field("id"), _field("parent"), _field("note")]
    keys = [{"fields": "parent", "reference": {"resource": "parents", "fields": "id"}}]
    extra = None
    children = "id,parent,note\n1,a,\n2,x,b\n3,b,zz\n"
    if case == "typed":
        fields[0] = {"name": "id", "type": "integer"}
        keys = [{"fields": "id", "reference": {"resource": "parents", "fields": "id"}}]
    elif case == "two fields":
        keys = [{"fields": ["parent", "note"], "reference": {"resource": "parents", "fields": ["id", "name"]}}]
    elif case == "self":
        keys = [{"fields": "parent", "reference": {"resource": "", "fields": "id"}}]
    elif case == "formatted":
        fields[1] = _field("parent", format="email")
    elif case == "own missing values":
        fields[1] = _field("parent", missingValues=["-"])
    elif case == "unknown resource":
        keys = [{"fields": "parent", "reference": {"resource": "nowhere", "fields": "id"}}]
    elif case == "named twice":
        extra = [{"name": "parents", "path": "children.csv", "schema": {"fields": fields}}]
    elif case == "a list key":
        keys = [{"fields": ["parent"], "reference": {"resource": "parents", "fields": ["id"]}}]
    elif case == "two keys":
        keys = [{"fields": "parent", "reference": {"resource": "parents", "fields": "id"}},
                {"fields": "note", "reference": {"resource": "parents", "fields": "name"}}]
    folder = _package(tmp_path / "p", PARENTS, children, child_fields=fields, keys=keys, extra=extra)
    _same(folder)


def test_unreadable_tables_are_left_to_frictionless(tmp_path: Path):
    bad_parents = b"id,name\n\xff\xfe,x\n"
    _same(_package(tmp_path / "a", bad_parents, "id,parent,note\n1,a,\n"))
    _same(_package(tmp_path / "b", PARENTS, b"id,parent,note\n1,\xff,\n"))
    folder = _package(tmp_path / "c", PARENTS, "id,parent,note\n1,a,\n")
    (folder / "parents.csv").unlink()
    _same(folder)


def test_a_linked_table_is_not_read(tmp_path: Path):
    outside = tmp_path / "outside.csv"
    outside.write_text("id,name\nsecret,1\n", encoding="utf-8")
    folder = _package(tmp_path / "p", PARENTS, "id,parent,note\n1,secret,\n")
    (folder / "parents.csv").unlink()
    os.symlink(outside, folder / "parents.csv")
    with pytest.raises(OSError):
        csvread.cells(folder / "parents.csv")
    found = frictionless_errors(_job(folder))
    assert found  # the table behind the link is not read: frictionless says it cannot be
    assert not any("secret" in f"{e.message} {e.note} {e.cell}" for e in found)
    assert all(e.kind != "foreign-key" for e in found)


def test_the_plan_takes_out_only_the_keys_it_checks(tmp_path: Path):
    folder = _package(tmp_path / "p", PARENTS, "id,parent,note\n1,x,\n", keys=[
        {"fields": "parent", "reference": {"resource": "parents", "fields": "id"}},
        {"fields": ["parent", "note"], "reference": {"resource": "parents", "fields": ["id", "name"]}}])
    job = _job(folder)
    plan = references.plan(job.descriptor, folder)
    left = plan.descriptor["resources"][1]["schema"]["foreignKeys"]
    assert left == [job.descriptor["resources"][1]["schema"]["foreignKeys"][1]]
    assert job.descriptor["resources"][1]["schema"]["foreignKeys"][0]["fields"] == "parent"  # not changed
    assert [k.field for k in plan.keys] == ["parent"]
    assert sorted(plan.found["children"]) == [2]


def test_the_reader_is_used_only_for_plain_tables(tmp_path: Path):
    from frictionless import Resource, system

    csvread.install()
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "t.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    plugin = system.plugins[csvread.PLUGIN]
    plain = Resource({"name": "t", "path": "t.csv"}, basepath=str(folder))
    assert plugin.create_parser(plain) is not None
    for descriptor in ({"path": "t.csv", "dialect": {"csv": {"delimiter": ";"}}},
                       {"path": "t.csv", "encoding": "cp1251"}, {"path": "t.csv", "bytes": 12},
                       {"path": "t.csv.gz"}, {"path": "t.txt", "format": "csv"}):
        resource = Resource({"name": "t", **descriptor}, basepath=str(folder))
        assert plugin.create_parser(resource) is None, descriptor
    for path in ("../t.csv", "/etc/t.csv", "a/../../t.csv", "C:t.csv", "a\\t.csv", "t.xlsx", None):
        assert not csvread.plain_path(path), path
    assert csvread.plain_path("tables/t.CSV")
