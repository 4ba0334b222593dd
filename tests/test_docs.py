"""Docs cover the code: every CLI command, macro, hook and error code is documented."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from roadmaps.cli.main import build_parser
from roadmaps.errors import CATALOGUE

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_cli_command_is_in_the_readme():
    parser = build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    missing = [name for name in sub.choices if f"roadmaps {name}" not in README]
    assert missing == []


def test_every_macro_is_in_the_readme():
    tree = ast.parse((ROOT / "macros" / "main.py").read_text(encoding="utf-8"))
    macros = [f.name for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)
              and any(getattr(d, "id", None) == "macro" for d in f.decorator_list)]
    assert macros, "no macros found: the test would be vacuous"
    assert [m for m in macros if f"`{m}()`" not in README] == []


def test_every_hook_is_in_the_readme():
    tree = ast.parse((ROOT / "hooks" / "build.py").read_text(encoding="utf-8"))
    hooks = [f.name for f in tree.body if isinstance(f, ast.FunctionDef) and f.name.startswith("on_")]
    assert hooks and [h for h in hooks if f"`{h}`" not in README] == []


def test_error_page_is_generated_from_the_catalogue():
    page = (ROOT / "docs" / "oshibki.md").read_text(encoding="utf-8")
    assert "{{ error_catalogue() }}" in page and "render_macros: true" in page
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", code) for code in CATALOGUE)
