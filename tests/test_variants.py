"""`tilint test-rules --variants`: label-preserving variants of every example, and the ones whose
result changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from tilint.cli import cli
from tilint.examples import EXAMPLE_NAME
from tilint.rules import parse_rule
from tilint.runner import Linter
from tilint.variants import check_variants, make_variants, people_served

PEOPLE = ("client", "patient", "resident", "participant")


def toy(rule_id: str, patterns: list[Any], flag: list[str], passes: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "id": rule_id, "name": f"toy-{rule_id.lower()}", "category": "judgment", "severity": "warning",
        "message": "Consider other words than {match}.", "why": "A test rule.", "alternatives": ["other words"],
        "source": "test", "patterns": patterns, "examples": {"flag": flag, "pass": passes}, **extra,
    }


def test_variants_of_a_toy_rule_are_the_simple_label_preserving_edits() -> None:
    rule = parse_rule(toy(
        "AG1", ["non-compliant"],
        ["The client is non-compliant with her plan.", "Why didn't she leave?", "Client claims she was locked in."],
        ["You're doing great."],
    ), "agency.yaml")
    made = [(v.kind, v.index, v.how, v.text) for v in make_variants(rule, PEOPLE)]
    assert made == [
        ("flag", 0, "all-caps", "THE CLIENT IS NON-COMPLIANT WITH HER PLAN."),
        ("flag", 0, "first-letter", "the client is non-compliant with her plan."),
        ("flag", 0, "plural", "The clients are non-compliant with her plan."),
        ("flag", 0, "tense", "The client was non-compliant with her plan."),
        ("flag", 0, "intensifier", "The client is very non-compliant with her plan."),
        ("flag", 0, "shorthand", "Clt is non-compliant with her plan."),
        ("flag", 0, "subject", "The resident is non-compliant with her plan."),  # "her": no she/he swap
        ("flag", 1, "all-caps", "WHY DIDN'T SHE LEAVE?"),
        ("flag", 1, "first-letter", "why didn't she leave?"),
        ("flag", 1, "no-apostrophe", "Why didnt she leave?"),
        ("flag", 1, "subject", "Why didn't he leave?"),
        ("flag", 1, "subject", "Why didn't the client leave?"),
        ("flag", 1, "script", 'Ask: "Why didn\'t she leave?"'),
        ("flag", 2, "all-caps", "CLIENT CLAIMS SHE WAS LOCKED IN."),
        ("flag", 2, "first-letter", "client claims she was locked in."),
        ("flag", 2, "tense", "Client claimed she was locked in."),
        ("flag", 2, "shorthand", "Cl claims she was locked in."),
        ("flag", 2, "subject", "Client claims he was locked in."),
        ("flag", 2, "subject", "Client claims the client was locked in."),
        ("flag", 2, "subject", "Resident claims she was locked in."),
        ("pass", 0, "all-caps", "YOU'RE DOING GREAT."),
        ("pass", 0, "first-letter", "you're doing great."),
        ("pass", 0, "no-apostrophe", "Youre doing great."),
        ("pass", 0, "script", "Say: You're doing great."),
    ]


@pytest.mark.parametrize(("example", "variants"), [
    ("A victim who was here.", {"plural": "Victims who were here."}),
    ("Our survivor mentor met her.", {}),  # a compound: "our survivors mentor" reads otherwise
    ("Maria said so.", {}),  # a name keeps its capital
    ("Everything is going to be okay.", {}),  # a promise stays a promise: no "was going to"
    ("We'll decide later, she said.", {}),  # "well" is another word
    ("She is acting out.", {"tense": "She was acting out."}),  # and no "very acting"
    ("Her story doesn't add up.", {"no-apostrophe": "Her story doesnt add up."}),
])
def test_variants_are_made_only_where_the_edit_is_simple(example: str, variants: dict[str, str]) -> None:
    rule = parse_rule(toy("AG2", ["word"], [example], ["other"]), "agency.yaml")
    made = {v.how: v.text for v in make_variants(rule, PEOPLE) if v.how not in ("all-caps", "first-letter", "subject")}
    assert made == variants


def _write(folder: Path, *rules: dict[str, Any]) -> Path:
    folder.mkdir(exist_ok=True)
    for rule in rules:
        (folder / f"{rule['id']}.yaml").write_text(yaml.safe_dump(rule), encoding="utf-8")
    return folder


# A rule that leans on capitals: a title and a capitalised name. In ALL CAPS the name is gone.
NAME_RULE = toy("AG3", [[{"LOWER": "ms"}, {"TEXT": {"REGEX": "^[A-Z][a-z]+$"}}]], ["Met Ms Alvarez today."], ["Met her today."])
# A rule on note shorthand: "cl refused", whose pass example's shorthand variant is flagged.
SHORTHAND_RULE = toy("AG4", [[{"LOWER": "cl"}, {"LOWER": "refused"}]], ["Cl refused."], ["Client refused the portal."])


def test_a_rule_that_breaks_in_all_caps_is_reported_and_fails_only_when_asked(tmp_path: Path) -> None:
    folder = _write(tmp_path / "rules", NAME_RULE, SHORTHAND_RULE)
    runner = CliRunner()
    result = runner.invoke(cli, ["test-rules", str(folder), "--variants"])
    lines = result.output.splitlines()
    assert "toy-ag3" in result.output
    assert "AG3 toy-ag3: flag example 1, all-caps variant not flagged: MET MS ALVAREZ TODAY." in lines
    assert "AG4 toy-ag4: pass example 1, shorthand variant flagged: Cl refused the portal." in lines
    assert result.exit_code == 0, "variants are reported; they fail the run only when asked"
    # flag: both rules' all-caps and first-letter variants ("met Ms Alvarez today.", "cl refused."),
    # AG3's all-caps lost; pass: AG3's all-caps and first-letter, AG4's all-caps, first-letter,
    # shorthand and subject ("Resident refused the portal."), the shorthand flagged
    assert lines[-2] == "Variants of flag examples: 3 of 4 flagged (75.0%). Variants of pass examples: 5 of 6 not flagged (83.3%)."
    assert lines[-1] == "2 rules, 4 examples, 0 failed.", "the examples' verdict stays last"
    assert runner.invoke(cli, ["test-rules", str(folder), "--strict-variants"]).exit_code == 1
    assert runner.invoke(cli, ["test-rules", str(folder), "--min-invariance", "99"]).exit_code == 1
    assert runner.invoke(cli, ["test-rules", str(folder), "--min-invariance", "1"]).exit_code == 0


def test_the_rates_count_variants_that_keep_their_example_s_result() -> None:
    rules = [parse_rule(NAME_RULE, "a.yaml"), parse_rule(SHORTHAND_RULE, "b.yaml")]
    report = check_variants(Linter(rules), people=PEOPLE)
    flags = [v for v in report.variants if v.kind == "flag"]
    passes = [v for v in report.variants if v.kind == "pass"]
    assert report.rate("flag") == (sum(v.fired for v in flags), len(flags), sum(v.fired for v in flags) / len(flags))
    assert report.rate("pass")[:2] == (sum(not v.fired for v in passes), len(passes))
    assert {(v.rule.id, v.how) for v in report.changed()} == {("AG3", "all-caps"), ("AG4", "shorthand")}


def test_variants_linted_in_one_batch_fire_as_each_would_alone(linter: Linter, builtin_rules: list[Any]) -> None:
    chosen = [r for r in linter.rules if r.id in ("TI101", "TI301", "TI602", "TI905", "TI091")]
    report = check_variants(linter, chosen, people_served())
    assert len(report.variants) > 100
    for variant in report.variants:
        name = "example-intake-script.txt" if variant.rule.kind == "document" else EXAMPLE_NAME
        alone = any(f.rule == variant.rule.id for f in linter.lint_text(variant.text, name))
        assert variant.fired == alone, variant.describe()


def test_variants_are_on_under_ci_for_the_built_in_rules_only(tmp_path: Path) -> None:
    folder = _write(tmp_path / "rules", NAME_RULE)
    runner = CliRunner()
    built_in = runner.invoke(cli, ["test-rules", "--select", "TI101"], env={"CI": "true"})
    assert "Variants of flag examples" in built_in.output
    assert "Variants of" not in runner.invoke(cli, ["test-rules", "--select", "TI101", "--no-variants"], env={"CI": "true"}).output
    assert "Variants of" not in runner.invoke(cli, ["test-rules", str(folder)], env={"CI": "true"}).output
    assert "Variants of" not in runner.invoke(cli, ["test-rules", str(folder)], env={"CI": ""}).output
