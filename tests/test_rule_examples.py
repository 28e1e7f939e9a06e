"""Every built-in rule against its own examples: a `flag` example must fire the rule, a `pass`
example must not. One test per example, with ids like TI101-flag-1."""

from __future__ import annotations

import pytest

from tilint.examples import check_example, iter_examples
from tilint.rules import builtin_rules_dir, load_rules
from tilint.runner import Linter

RULES = load_rules([builtin_rules_dir()])
CASES = [(rule, kind, index, text) for rule in RULES for kind, index, text in iter_examples(rule)]


@pytest.mark.parametrize(
    ("rule", "kind", "index", "text"), CASES, ids=[f"{r.id}-{k}-{i + 1}" for r, k, i, _ in CASES]
)
def test_rule_example(linter: Linter, rule, kind: str, index: int, text: str) -> None:
    result = check_example(linter, rule, kind, index, text)
    assert result.ok, result.describe()
