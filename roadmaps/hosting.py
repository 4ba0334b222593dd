"""Where the site is served from: the «О сайте» page says by it who keeps the server logs with visitors' IP addresses.

The workflow names the host in ``ROADMAPS_HOSTING`` when it builds the site (``pages`` — GitHub Pages, ``server`` —
the department's own server, ``s3`` — object storage of a Russian cloud: the values of its ``DEPLOY_TARGET``);
a build without it is for GitHub Pages, as the workflow's default.  The text is in docs/o-sajte.md.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

HOSTS = ("pages", "server", "s3")


def hosting(environ: Mapping[str, str] = os.environ) -> str:
    value = environ.get("ROADMAPS_HOSTING", "").strip() or "pages"
    if value not in HOSTS:
        raise ValueError(f"ROADMAPS_HOSTING={value!r}: ожидается одно из {', '.join(HOSTS)}")
    return value
