"""Check that every internal link and resource of a built site resolves to a file.

Usage: python scripts/check_links.py SITE_DIR   (exit 1 and a list of broken links if any)
Absolute links are read relative to the path of `site_url` in mkdocs.yml (the 404 page uses them).
"""

from __future__ import annotations

import os
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key):
                self.links.append(a[key])


def base_path(config: Path = Path("mkdocs.yml")) -> str:
    """The path part of site_url: where the site lives on its host (ROADMAPS_SITE_URL overrides it,
    as the `!ENV` tag in mkdocs.yml does)."""
    url = os.environ.get("ROADMAPS_SITE_URL", "")
    if not url and config.exists():
        m = re.search(r"""^site_url:\s*(?:!ENV\s*\[\s*\w+\s*,\s*)?["']?([^\s"'\]]+)""",
                      config.read_text(encoding="utf-8"), re.M)
        url = m.group(1) if m else ""
    return urlsplit(url).path or "/"


def target_of(page: Path, site: Path, link: str, base: str = "/") -> tuple[Path, str] | None:
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith(("mailto:", "tel:", "javascript:", "data:")):
        return None
    path = unquote(parts.path)
    if path.startswith("/") and base != "/" and path.startswith(base.rstrip("/") + "/"):
        path = "/" + path[len(base.rstrip("/")) + 1:]
    base = page.parent
    target = (site / path.lstrip("/")) if path.startswith("/") else (base / path if path else page)
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target.resolve(), parts.fragment


def check(site: Path, base: str = "/") -> list[str]:
    site = site.resolve()
    parsed: dict[Path, _Links] = {}
    for page in site.rglob("*.html"):
        p = _Links()
        p.feed(page.read_text(encoding="utf-8", errors="replace"))
        parsed[page.resolve()] = p
    broken = []
    for page, p in parsed.items():
        for link in p.links:
            found = target_of(page, site, link, base)
            if found is None:
                continue
            target, fragment = found
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {link}")
            elif fragment and target in parsed and fragment not in parsed[target].ids:
                broken.append(f"{page.relative_to(site)}: {link} (нет якоря #{fragment})")
    return sorted(set(broken))


def main(argv: list[str]) -> int:
    site = Path(argv[1] if len(argv) > 1 else "site")
    broken = check(site, base_path())
    for line in broken:
        print(f"битая ссылка: {line}")
    print(f"Проверено страниц: {len(list(site.rglob('*.html')))}, битых ссылок: {len(broken)}.")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
