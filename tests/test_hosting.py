"""«О сайте» says, for the host the site is built for, who keeps the server logs with visitors' IP addresses."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, StrictUndefined

from roadmaps.settings import HOSTS, hosting

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "docs" / "o-sajte.md").read_text(encoding="utf-8")
SAYS = {"pages": "за пределами России", "server": "на собственном сервере органа управления образованием",
        "s3": "в объектном хранилище российского облачного провайдера"}


def test_the_host_comes_from_the_environment():
    assert hosting({}) == "pages" == hosting({"ROADMAPS_HOSTING": " "})  # as the workflow's default target
    assert [hosting({"ROADMAPS_HOSTING": h}) for h in HOSTS] == ["pages", "server", "s3"]
    with pytest.raises(ValueError, match="ожидается одно из pages, server, s3"):
        hosting({"ROADMAPS_HOSTING": "github"})


@pytest.mark.parametrize("host", HOSTS)
def test_the_page_names_where_the_logs_are(host):
    """The page as mkdocs-macros renders it (a Jinja template with the ``hosting`` macro)."""
    assert "render_macros: true" in PAGE
    body = PAGE.split("---", 2)[2]
    text = Environment(undefined=StrictUndefined).from_string(body).render(hosting=lambda: host)
    assert SAYS[host] in text and all(SAYS[h] not in text for h in HOSTS if h != host)
    assert "счётчиков посещений" in text and "сторонних" in text and "IP-адрес" in text
    assert ("в России" in text) == (host != "pages")
