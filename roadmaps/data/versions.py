"""A package's version: read it, and raise it by one step without touching the rest of the descriptor.

Data packages follow semantic versioning as frictionless recommends it: a change of the data is a new
minor version (1.2.0 → 1.3.0; a draft 0.1.0 → 0.2.0). The version line is edited in place, so the
descriptor's comments, key order and line breaks stay as the person left them.
"""

from __future__ import annotations

import re
from pathlib import Path

from roadmaps.data.paths import DESCRIPTOR

SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
# a top-level ``version:`` line, its value bare or quoted
VERSION_LINE = re.compile(r"^version:[ \t]*(['\"]?)(?P<value>[^'\"\s#]*)\1[ \t]*(#.*)?$", re.MULTILINE)


def next_version(version: str) -> str:
    """The next minor version (1.2.3 → 1.3.0); a version not in the form 1.2.3 is refused."""
    match = SEMVER.match(version.strip())
    if not match:
        raise ValueError(f"версия «{version}» не в виде 1.2.3")
    major, minor, _ = (int(g) for g in match.groups())
    return f"{major}.{minor + 1}.0"


def version_line(text: str) -> tuple[int, str] | None:
    """(1-based line number, value) of the descriptor's top-level version, or None when there is none."""
    match = VERSION_LINE.search(text)
    if not match:
        return None
    return text.count("\n", 0, match.start()) + 1, match.group("value")


def bump_text(text: str) -> tuple[str, str, str]:
    """The descriptor text with its version raised: (new text, old version, new version)."""
    match = VERSION_LINE.search(text)
    if not match:
        raise ValueError("в описании пакета нет строки version:")
    old = match.group("value")
    new = next_version(old)
    start, end = match.span("value")
    return text[:start] + new + text[end:], old, new


def bump_package(directory: Path) -> tuple[str, str]:
    """Raise the version in ``directory/datapackage.yaml`` by one minor step; returns (old, new)."""
    path = directory / DESCRIPTOR
    text, old, new = bump_text(path.read_text(encoding="utf-8-sig"))
    path.write_text(text, encoding="utf-8")
    return old, new
