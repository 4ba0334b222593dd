"""The hook's download writer: a forked process (two CPUs) or in-process (one), same files, errors reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from hooks import build as hook
from roadmaps.site import Asset


@pytest.fixture(params=["1", "2"])
def jobs(request, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("ROADMAPS_JOBS", request.param)
    return request.param


def test_writer_writes_every_asset(tmp_path: Path, jobs: str, monkeypatch: pytest.MonkeyPatch):
    assets = [Asset("karty/a/a.zip", b"zip"), Asset("organizacii/o/o.ics", "календарь".encode())]
    monkeypatch.setattr(hook, "site_assets", lambda *args: iter(assets))
    monkeypatch.setattr(hook.rsite, "current", lambda: None)
    writer = hook.AssetWriter(str(tmp_path), "", "", "")
    writer.start()
    assert (writer.process is not None) == (jobs == "2")
    writer.wait()
    assert {p.relative_to(tmp_path).as_posix(): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == \
        {a.src_uri: a.content for a in assets}


def test_writer_reports_a_failure(tmp_path: Path, jobs: str, monkeypatch: pytest.MonkeyPatch):
    def broken(*args):
        yield Asset("karty/a/a.zip", b"zip")
        raise ValueError("сломанный пакет")

    monkeypatch.setattr(hook, "site_assets", broken)
    monkeypatch.setattr(hook.rsite, "current", lambda: None)
    writer = hook.AssetWriter(str(tmp_path), "", "", "")
    writer.start()
    with pytest.raises(PluginError, match="сломанный пакет"):
        writer.wait()
