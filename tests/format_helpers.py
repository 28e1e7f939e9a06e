"""Helpers shared by the format adapter tests."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tilint.cli import cli
from tilint.rules import builtin_rules_dir, load_rules
from tilint.runner import Linter

FIXTURES = Path(__file__).parent / "fixtures"
_LINTER: list[Linter] = []


def built_in() -> Linter:
    """The built-in rules, for property tests (a fixture would be printed with every example)."""
    if not _LINTER:
        _LINTER.append(Linter(load_rules([builtin_rules_dir()])))
    return _LINTER[0]


def check(*paths: Path) -> tuple[int, dict]:
    """Exit status and JSON report of `tilint check` on *paths*, ignoring configuration files."""
    result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "json", *map(str, paths)])
    return result.exit_code, json.loads(result.stdout)


def phrase_findings(report: dict) -> list[tuple[str, int, int, int, int]]:
    """(rule, line, column, end line, end column) of findings on words (not whole-document checks)."""
    return [(f["rule"], f["line"], f["column"], f["end_line"], f["end_column"]) for f in report["findings"] if f["match"]]
