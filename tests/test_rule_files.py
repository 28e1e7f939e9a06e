"""The built-in rule files, checked like code: layout, examples, sources, and the generated reference."""

from __future__ import annotations

from pathlib import Path

import pytest

from tilint.model import SENTENCE_CATEGORIES, Rule
from tilint.reference import render_reference
from tilint.rules import builtin_rules_dir, load_rules

ROOT = Path(__file__).resolve().parents[1]
RULES = load_rules([builtin_rules_dir()])
IDS = [r.id for r in RULES]


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_file_is_named_after_the_rule_and_sits_in_its_category_folder(rule: Rule) -> None:
    path = Path(rule.file)
    assert path.name == f"{rule.id}-{rule.name}.yaml"
    assert path.parent.name == rule.category


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_rule_is_complete_enough_to_teach(rule: Rule) -> None:
    assert len(rule.flag) >= 3, "at least three examples that must fire"
    assert len(rule.passes) >= 3, "at least three near-misses that must not fire"
    assert 1 <= len(rule.alternatives) <= 3
    assert rule.source.url.startswith("https://") or "judgment" in rule.source.title
    assert len(rule.message.split()) <= 60, "messages stay brief"
    assert len(set(rule.flag + rule.passes)) == len(rule.flag) + len(rule.passes), "no repeated example"


def test_every_sentence_category_has_rules() -> None:
    assert {r.category for r in RULES} >= set(SENTENCE_CATEGORIES)


def test_id_hundreds_digit_names_the_category() -> None:
    digit = {c: str(i + 1) for i, c in enumerate(SENTENCE_CATEGORIES[:9])} | {"rescue": "0", "autonomy": "0"}
    assert [r.id for r in RULES if r.id[2] != digit[r.category]] == []


def test_supersedes_names_existing_rules() -> None:
    assert {s for r in RULES for s in r.supersedes} <= set(IDS)


def test_rules_reference_is_up_to_date() -> None:
    expected = render_reference(RULES)
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == expected, "regenerate with: tilint rules --format markdown > docs/rules.md"


def test_builtin_token_patterns_pass_spacys_own_validation(builtin_rules: list) -> None:
    """tilint compiles its own rules without spaCy's (slow) pattern check, so it runs here."""
    from spacy.matcher import Matcher

    from tilint.compile import REPORT
    from tilint.nlp import pipeline

    vocab = pipeline().vocab
    checked = 0
    for rule in builtin_rules:
        for key in ("patterns", "exceptions", "sentence_requires", "sentence_excludes"):
            for index, pattern in enumerate(getattr(rule, key)):
                if isinstance(pattern, str):
                    continue
                matcher = Matcher(vocab, validate=True)
                matcher.add(f"{rule.id}-{key}-{index}", [[{k: v for k, v in t.items() if k != REPORT} for t in pattern]])
                checked += 1
    assert checked > 300
