"""Shared fixtures: the built-in rules, compiled once per test session."""

from __future__ import annotations

from pathlib import Path

import os

import pytest
from hypothesis import settings

from tilint.model import Rule
from tilint.rules import builtin_rules_dir, load_rules
from tilint.runner import Linter

ROOT = Path(__file__).resolve().parents[1]

# In CI each property test runs the same examples every time (seeded from the test itself), so
# a run fails only for a change, never for a draw; local runs keep exploring new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


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
