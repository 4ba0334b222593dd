"""Class 8: links that look like one host and go to another.  One link rule (http/https, a host, no user@, no
backslash, one script in the host) for every link field — evidence, the registry's websites, a descriptor's
homepage and sources/licenses/contributors paths; what it accepts the site shows as a link."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml
from conftest import PACKAGE, codes, run

from roadmaps.data.tables import csv_text
from roadmaps.links import link_problem
from roadmaps.site.context import load_site_data
from roadmaps.site.roadmap import roadmap_page

BAD = ["https://minobr.gov.ru@evil.example/prikaz.pdf", "https://minоbr.gov.ru/prikaz.pdf",  # Cyrillic «о»
       "https://xn--mnobr-0ve.gov.ru/", "javascript:alert(1)", "JavaScript://%0Aalert(1)", "data:text/html,x",
       "file:///etc/passwd", "https://evil.example\\@minobr.gov.ru/", "https://", "https:minobr.gov.ru",
       "https://minobr.gov.ru\u200b/", "https://ｍinobr.gov.ru/", "//evil.example/x"]
GOOD = ["https://minobr.gov.ru/prikaz.pdf", "HTTPS://MINOBR.GOV.RU/PRIKAZ.PDF", "http://school1.edu.ru:8080/a?b=c",
        "https://минобрнауки.рф/документы", "https://xn--80abucjiibhv9a.xn--p1ai/"]


@pytest.mark.parametrize("link", BAD)
def test_the_rule_refuses(link):
    assert link_problem(link)


@pytest.mark.parametrize("link", GOOD)
def test_the_rule_accepts(link):
    assert link_problem(link) is None


def _set(path: Path, row: int, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[row][rows[0].index(column)] = value
    path.write_text(csv_text(rows), encoding="utf-8")


@pytest.mark.parametrize("link", BAD[:4])
def test_evidence_and_websites_by_the_rule(data, capsys, link):
    _set(data / "roadmaps" / PACKAGE / "progress.csv", 1, "evidence", link)
    _set(data / "organizations" / "organizations.csv", 1, "website", link.replace("javascript:", "https://x@"))
    code, printed = run(["validate", "--data", str(data), "--format", "text"], capsys)
    assert code == 1
    assert [c for c in codes(printed) if c != "constraint-error"] == ["bad-link", "bad-link"]


@pytest.mark.parametrize(("key", "value"), [("homepage", "javascript:alert(1)"),
                                            ("sources", [{"title": "Приказ", "path": "javascript:alert(1)"}]),
                                            ("sources", [{"title": "Приказ", "path": "https://a@evil.example/"}]),
                                            ("licenses", [{"name": "x", "path": "../../secret"}]),
                                            ("contributors", [{"title": "x", "path": "vbscript:x"}])])
def test_descriptor_links_by_the_rule(data, capsys, key, value):
    path = data / "roadmaps" / PACKAGE / "datapackage.yaml"
    descriptor = yaml.safe_load(path.read_text(encoding="utf-8"))
    descriptor[key] = value
    path.write_text(yaml.safe_dump(descriptor, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, printed = run(["validate", "--data", str(data), "--format", "text"], capsys)
    assert (code, codes(printed)) == (1, ["bad-link"])
    assert f"[столбец «{key}" in printed


def test_an_upper_case_scheme_is_shown_as_a_link(data):
    _set(data / "roadmaps" / PACKAGE / "progress.csv", 1, "evidence", "HTTPS://example.org/report.pdf")
    site = load_site_data(data)
    [roadmap] = site.catalogue.roadmaps
    html = roadmap_page(site, roadmap).html
    assert 'href="https://example.org/report.pdf"' in html


def test_a_link_with_spaces_is_one_link_told_so(data, capsys):
    """A file name with spaces pasted as shown: one link refused for its space, not three «links» of its words; two
    links one after another stay two."""
    _set(data / "roadmaps" / PACKAGE / "progress.csv", 1, "evidence",
         "https://school.ru/отчёт за 2023.pdf\nhttps://school.ru/b.pdf")
    code, printed = run(["validate", "--data", str(data), "--format", "text"], capsys)
    assert code == 1 and codes(printed) == ["bad-link"], printed
    assert "«https://school.ru/отчёт за 2023.pdf» не принимается: в ссылке пробел — замените его на %20" in printed


@pytest.mark.parametrize(("link", "where"), [
    ("http://127.0.0.1/admin", "на этот же компьютер"), ("http://localhost:8080/otchet.pdf", "на компьютер или в сеть"),
    ("https://192.168.1.10/docs/plan.pdf", "в локальную сеть"), ("https://10.0.0.5/x", "в локальную сеть"),
    ("http://fileserver/otchety/2023.pdf", "на компьютер «fileserver» сети учреждения"),
    ("https://portal.school.local/x", "на компьютер или в сеть"), ("http://0.0.0.0/x", "на этот же компьютер"),
])
def test_a_link_into_the_office_network_is_a_warning(data, capsys, link, where):
    _set(data / "roadmaps" / PACKAGE / "progress.csv", 1, "evidence", link)
    code, printed = run(["validate", "--data", str(data), "--format", "text"], capsys)
    assert code == 0 and codes(printed) == ["link-internal"], printed
    assert where in printed and "читатели сайта её не откроют" in printed


@pytest.mark.parametrize("link", ["https://school.ru/x", "https://8.8.8.8/x", "https://минобрнауки.рф/"])
def test_a_link_on_the_internet_is_no_warning(data, capsys, link):
    _set(data / "roadmaps" / PACKAGE / "progress.csv", 1, "evidence", link)
    code, printed = run(["validate", "--data", str(data), "--format", "text"], capsys)
    assert code == 0 and codes(printed) == [], printed
