"""Shared fixtures: the built-in rules, compiled once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tilint.model import Rule
from tilint.rules import builtin_rules_dir, load_rules
from tilint.runner import Linter

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def builtin_rules() -> list[Rule]:
    return load_rules([builtin_rules_dir()])


@pytest.fixture(scope="session")
def linter(builtin_rules: list[Rule]) -> Linter:
    return Linter(builtin_rules)


def write_rule(folder: Path, name: str, body: str) -> Path:
    """Write a rule file for a test and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path
