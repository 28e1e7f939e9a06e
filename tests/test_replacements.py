"""Alternatives that can be pasted as written (issue 16, item 3).

A rule's alternative is a replacement unless it says ``replaces: false``; a replacement is put in
place of exactly the words the rule reports, where it fits, and must leave a sentence no rule
fires on, with no word doubled and no word of the note lost.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from tilint.cli import cli
from tilint.fix import apply_edits, stand_in
from tilint.replacements import check_replacements
from tilint.rules import RuleError, builtin_rules_dir, load_rules
from tilint.runner import Linter


def _rule(folder: Path, alternatives: str, flag: str = "Client is so uncooperative today.", fid: str = "AG1") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        f"id: {fid}", f"name: agency-uncooperative-{fid.lower()}", "category: judgment", "severity: warning",
        "message: '\"{match}\" judges the person.'", "why: A label hides what happened.", "alternatives:",
        *("  " + line for line in alternatives.splitlines()),
        "source: our own judgment", "patterns:", "  - uncooperative", "examples:", "  flag:", f"    - {flag}",
        "  pass:", "    - Client cooperated with the detective.",
    ]
    (folder / f"{fid}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _paste(text: str, words: str, alternative: str) -> str | None:
    start = text.index(words)
    edit = stand_in(alternative, text, start, start + len(words))
    return None if edit is None else apply_edits(text, [edit])


# --- the rule file ---------------------------------------------------------------------------


def test_a_replacement_with_a_placeholder_is_a_rules_error(tmp_path: Path) -> None:
    _rule(tmp_path, "- described what (name) asked for\n")
    with pytest.raises(RuleError, match=r"placeholder.*replaces: false"):
        load_rules([tmp_path], None)


def test_advice_may_hold_a_placeholder_and_is_kept_apart(tmp_path: Path) -> None:
    _rule(tmp_path, '- {text: "describe what (name) asked for", replaces: false}\n- had other plans\n')
    rule = next(r for r in load_rules([tmp_path], None) if r.id == "AG1")
    assert rule.alternatives == ("describe what (name) asked for", "had other plans")
    assert rule.advice == ("describe what (name) asked for",)


def test_replaces_must_be_true_or_false(tmp_path: Path) -> None:
    _rule(tmp_path, "- {text: had other plans, replaces: maybe}\n")
    with pytest.raises(RuleError, match="replaces: expected true or false"):
        load_rules([tmp_path], None)


def test_advice_is_never_offered_as_a_replacement_in_interactive_fix(tmp_path: Path) -> None:
    rules = _rule(tmp_path / "rules", "- {text: was reluctant, replaces: false}\n- was hesitant\n")
    note = tmp_path / "note.txt"
    note.write_text("Client was uncooperative at intake.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-config", "--no-color", "--rules", str(rules), "--select", "AG1",
                                      "--fix", "--interactive", str(note)], input="2\n")
    assert "1) hesitant" in result.output  # "was" is already in the note
    assert "2)" not in result.output  # the advice has no number to pick
    assert "- was reluctant" in result.output
    assert note.read_text(encoding="utf-8") == "Client was uncooperative at intake.\n"


# --- putting an alternative in place ---------------------------------------------------------


@pytest.mark.parametrize(("text", "words", "alternative", "expected"), [
    # an alternative that brings its own verb takes the place of the linking verb and softeners
    ("Client is so damaged right now.", "damaged", "is coping with a lot", "Client is coping with a lot right now."),
    ("She seems kind of broken.", "broken", "is rebuilding", "She is rebuilding."),  # "kind of" is one softener
    ("Honestly she's completely broken.", "broken", "is rebuilding", "Honestly she is rebuilding."),
    # ... in the tense and number of the verb it replaces
    ("Client was completely broken when she arrived.", "broken", "is coping with a lot",
     "Client was coping with a lot when she arrived."),
    ("All three kids are deeply damaged.", "damaged", "is coping with a lot", "All three kids are coping with a lot."),
    # a verb is inflected like the one it replaces
    ("She refuses shelter every night.", "refuses", "declined", "She declines shelter every night."),
    ("Resident keeps refusing referrals.", "refusing", "declined", "Resident keeps declining referrals."),
    # a noun names as many people as the one it replaces
    ("Several prostitutes were staying at the motel.", "prostitutes", "person in the sex trade",
     "Several people in the sex trade were staying at the motel."),
    ("Two victims came in.", "victims", "a survivor", "Two survivors came in."),
])
def test_an_alternative_fits_the_sentence(text: str, words: str, alternative: str, expected: str) -> None:
    assert _paste(text, words, alternative) == expected


@pytest.mark.parametrize(("text", "words", "alternative"), [
    ("Took three of my victims' children to school.", "my victims", "the people I work with"),  # possessive
    ("Client is, honestly, damaged.", "damaged", "is coping with a lot"),  # no verb to take the place of
    ("Client is a victim of depression.", "a victim of depression", "was diagnosed with"),  # would lose a word
    # "a" is no softener: no linking verb stands just before "broken", so "is struggling" cannot take its place
    ("She is a broken young woman.", "broken", "is struggling"),
])
def test_an_alternative_that_cannot_fit_is_advice_there(text: str, words: str, alternative: str) -> None:
    assert _paste(text, words, alternative) is None


# --- the check -------------------------------------------------------------------------------


def _check(folder: Path) -> list[str]:
    linter = Linter(load_rules([folder], None))
    report = check_replacements(linter, [r for r in linter.rules if r.id.startswith("AG")])
    return [problem.describe() for problem in report.problems()]


def test_the_check_passes_an_alternative_that_reads_cleanly(tmp_path: Path) -> None:
    assert _check(_rule(tmp_path, "- hesitant\n")) == []


@pytest.mark.parametrize(("alternatives", "flag", "problem"), [
    ("- uncooperative and tired\n", "Client is so uncooperative today.", "still gives AG1"),
    ("- hesitant\n", "Client seemed uncooperative, hesitant at intake.", "writes a word twice"),
    ("- hesitant\n", "Client is so uncooperative today; so uncooperative.", "leaves the rule firing"),
    ("- What happened today?\n", "Client is so uncooperative today.", "fits none of the flag examples"),
])
def test_the_check_reports_an_alternative_that_does_not(tmp_path: Path, alternatives: str, flag: str, problem: str) -> None:
    problems = _check(_rule(tmp_path, alternatives, flag))
    assert problems and problem in problems[0], problems


def test_the_check_reports_a_word_lost(tmp_path: Path) -> None:
    (tmp_path / "AG2.yaml").write_text(textwrap.dedent("""\
        id: AG2
        name: agency-claims
        category: credibility
        severity: warning
        message: '"{match}" doubts the person.'
        why: Doubt silences.
        alternatives:
          - reported that
        source: our own judgment
        patterns:
          - [{IS_TITLE: true}, {LOWER: claims}, {LOWER: that}]
        examples:
          flag:
            - Maria claims that the recruiter took her passport.
          pass:
            - Maria reported that the recruiter took her passport.
        """), encoding="utf-8")
    problems = _check(tmp_path)
    assert problems and 'loses "Maria"' in problems[0], problems


def test_test_rules_fails_on_a_bad_replacement(tmp_path: Path) -> None:
    _rule(tmp_path, "- uncooperative and tired\n")
    result = CliRunner().invoke(cli, ["test-rules", "--no-variants", "--replacements", str(tmp_path)])
    assert result.exit_code == 1
    assert "AG1 agency-uncooperative-ag1: flag example 1" in result.output
    assert "Replacements: 0 of 1 read cleanly" in result.output


# Open: TI101's "the people I work with" drops a describing word ("my trafficking victim" ->
# "the people I work with" loses "trafficking"). The possessive shape should report only "my"/"our"
# so that "the" stands in; until then these losses are known, and only these.
KNOWN = {("TI101", "loses")}


def test_every_built_in_replacement_reads_cleanly() -> None:
    linter = Linter(load_rules([builtin_rules_dir()], None))
    problems = [p.describe() for p in check_replacements(linter).problems()
                if not any(p.rule.id == rule and getattr(p, "problem", "").startswith(kind) for rule, kind in KNOWN)]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])
