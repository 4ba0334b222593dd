"""The command line speaks Russian to the staff who type it: a mistyped command, a wrong value, a missing
argument and the help are told in Russian (argparse's own words translated), with exit code 2 and no English
sentence of argparse left."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

ARGPARSE_ENGLISH = re.compile(r"usage:|error:|invalid choice|choose from|unrecognized arguments|required:|"
                              r"expected one argument|invalid int value|show this help|positional arguments|"
                              r"^options:", re.M)


def roadmaps(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "roadmaps", *argv], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(("argv", "said"), [
    (["repair"], "нет такого варианта: 'repair'; можно: 'validate'"),
    (["validate", "--format", "xml"], "--format: нет такого варианта: 'xml'"),
    (["diff", "--max-bytes", "много", "x"], "--max-bytes: значение 'много' не подходит: нужно целое число"),
    (["validate", "--bogus"], "непонятные аргументы: --bogus"),
    (["import"], "не указано обязательное"),
    (["validate", "--data"], "--data: после параметра нужно одно значение"),
])
def test_a_wrong_command_line_is_told_in_russian(argv, said):
    done = roadmaps(*argv)
    assert done.returncode == 2
    assert said in done.stderr and "ошибка:" in done.stderr and "как запускать: roadmaps" in done.stderr
    assert not ARGPARSE_ENGLISH.search(done.stdout + done.stderr), done.stderr
    assert "Traceback" not in done.stderr


def test_the_help_is_in_russian():
    done = roadmaps("validate", "--help")
    assert done.returncode == 0
    assert "параметры:" in done.stdout and "показать эту справку и выйти" in done.stdout
    assert not ARGPARSE_ENGLISH.search(done.stdout), done.stdout


def test_the_command_without_a_command_shows_the_help_in_russian():
    done = roadmaps()
    assert done.returncode == 2 and "как запускать: roadmaps" in done.stdout
    assert not ARGPARSE_ENGLISH.search(done.stdout), done.stdout


def test_other_parsers_of_the_process_keep_their_words(capsys):
    """The Russian words are argparse's only while ``roadmaps`` reads its command line."""
    import argparse

    from roadmaps.cli.main import main

    assert main(["validate", "--format", "xml"]) == 2
    assert "ошибка:" in capsys.readouterr().err
    other = argparse.ArgumentParser(prog="other")
    assert other.format_usage().startswith("usage: other")
