"""The prefilter's checks of the words around a first slot: a token that must start a sentence,
and the subject switch read from the words before a match. Each may only skip a paragraph where
no match could survive, so every sentence here gives the same findings with and without the
prefilter, including the near misses where skipping would be wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from tilint.model import Finding, Rule
from tilint.prefilter import Prefilter, _may_start_sentence
from tilint.rules import parse_rule
from tilint.runner import Linter

ROOT = Path(__file__).resolve().parents[1]
DEV2 = ROOT.parent / "shared" / "eval" / "dev2.tsv"


def key(findings: list[Finding]) -> list[tuple]:
    return [(f.path, f.line, f.column, f.end_line, f.end_column, f.rule, f.match) for f in findings]


def _rule(patterns: list, **extra: object) -> Rule:
    return parse_rule({
        "id": "AG1", "name": "checks", "category": "judgment", "severity": "info", "message": "m",
        "why": "w", "alternatives": ["a"], "source": "s", "examples": {"flag": ["x"], "pass": ["y"]},
        "patterns": patterns, **extra,
    }, "agency.yaml")


def _filtered(rules: list[Rule]) -> Linter:
    """A linter whose prefilter reads the subject switch from the words, as it may without a
    trained pipeline."""
    linter = Linter(rules)
    prefilter = linter.prefilter()
    assert prefilter is not None
    prefilter.subject_by_words = True
    return linter


def _same(rules: list[Rule], texts: list[str]) -> int:
    filtered, unfiltered = _filtered(rules), Linter(rules, use_prefilter=False)
    total = 0
    for text in texts:
        expected = key(unfiltered.lint_text(text))
        assert key(filtered.lint_text(text)) == expected, text
        total += len(expected)
    return total


SENTENCE_STARTS = [
    "Baby.", "Thanks. Baby!", "She left... baby.", "Hi!  baby.", "Hi.\nbaby.", "Hi. 😀 baby.", "3. baby.",
    "\"Baby.\"", "(Baby.)", "Is that you? (baby).", "Mr. Baby.", "Called Dr. Baby.", "She said: baby.",
    "item 1) baby.", "“Okay.” Baby.", "Okay…baby.", "help with the baby.", "the baby.", "a baby. Baby. baby.",
    "U.S. baby.", "Fine?! baby.", "Fine.. baby.", "Fine -- baby.", "Fine; baby.",
]


def test_a_token_that_must_start_a_sentence() -> None:
    """"Baby." flags at a sentence's start: after a sentence-final character with only
    punctuation and spaces since the word before, or first in the paragraph. "help with the
    baby." cannot, so the prefilter skips it; every case gives what spaCy's reading gives."""
    rule = _rule([[{"IS_SENT_START": True, "LOWER": {"IN": ["baby", "honey"]}}, {"IS_PUNCT": True}]])
    prefilter = _filtered([rule]).prefilter()
    assert prefilter is not None
    assert not prefilter.hits("She is moving in to help with the baby.")
    assert prefilter.hits("Baby.")
    assert prefilter.hits("We talked. Baby.") and prefilter.hits("We talked! (Baby.)")
    assert _same([rule], SENTENCE_STARTS) >= 10
    assert _may_start_sentence("one. two", 5, 0) and not _may_start_sentence("one two", 4, 0)
    assert _may_start_sentence("one two", 4, 4), "the paragraph's first token starts a sentence"


SUBJECTS = [
    "The landlord refused to return the deposit.",
    "The staffing agency refused to return her passport until we called.",
    "Building management has refused to return the keys.",
    "The landlord said client refused to return the keys.",
    "The landlord said she refused to return the keys.",
    "The landlord, she refused to return the keys.",
    "Landlord: refused to return the keys.",
    "The landlord's son refused to return the keys.",
    "The landlord and A.R. refused to return the keys.",
    "My landlord cannot refused to return it.",
    "Her mother refused to return the car.",
    "Her mother and her refused to return the car.",
    "Staff refused to return the call.",
    "Staff member refused to return the call.",
    "The case manager refused to return the call.",
    "The police officer refused to give her name.",
    "Police refused to give the report. Client refused to give a statement.",
    "The landlord who rents to the client refused to return the deposit.",
    "Mother of two refused to return to the shelter.",
    "Landlord was called. Refused to return the deposit.",
    "The landlord\nrefused to return the deposit.",
    "The landlord  refused to return the deposit.",
    "The LANDLORD REFUSED TO RETURN the deposit.",
    "Landlords refused to return deposits.",
    "the employer in the end refused to return her passport",
    "one two three four five six seven eight nine ten eleven twelve landlord x y z refused to return it",
    "landlord one two three four five six seven eight nine ten eleven refused to return it",
    "landlord one two three four five six seven eight nine ten eleven twelve refused to return it",
    "The employer wont refuse to return it.",
    "Client refused to return the form.",
    "Refused to return the form.",
    "Staff feel she refused to return the form.",
    "Staff feel the way it went refused to return the form.",
    "Staff think the texts from him refused to return it.",
]


def test_the_subject_switch_read_from_the_words_before_a_match() -> None:
    """A rule with ``subject: people-served`` drops a match whose nearest named person before it
    is someone else ("The landlord refused to return the deposit"), so the prefilter may skip
    that paragraph; not where someone served is named nearer, a clause ends between, the words
    between are not plain words, or the other person stands beyond the switch's reach."""
    rule = _rule(
        [[{"LEMMA": "refuse", "REPORT": True}, {"LOWER": "to"}, {"LEMMA": {"IN": ["return", "give"]}}]],
        subject="people-served",
    )
    linter = _filtered([rule])
    prefilter = linter.prefilter()
    assert prefilter is not None
    assert not prefilter.hits("The landlord refused to return the deposit.")
    assert not prefilter.hits("The staffing agency refused to return her passport.")
    assert prefilter.hits("Client refused to return the form.")
    assert prefilter.hits("The landlord said she refused to return the keys."), "'she' is nearer"
    assert prefilter.hits("The landlord, she refused to return the keys."), "punctuation: not read"
    # staff who hold a view are not the subject of what they say of her: the switch decides
    assert prefilter.hits("Staff feel the outcome refused to return the form.")
    assert _same([rule], SUBJECTS) >= 5
    assert not Prefilter.subject_by_words, "off unless the linter has no trained pipeline"
    prefilter.subject_by_words = False  # a trained pipeline's parse may name another subject
    assert prefilter.hits("The landlord refused to return the deposit.")


def test_a_reported_word_after_the_first_slot_leaves_the_subject_to_spacy() -> None:
    """The subject switch looks back from the reported words; where they are not the first
    slot's first token, the prefilter does not read the subject."""
    rule = _rule(
        [[{"LEMMA": "refuse"}, {"LOWER": "to"}, {"LEMMA": {"IN": ["return", "give"]}, "REPORT": True}]],
        subject="people-served",
    )
    prefilter = _filtered([rule]).prefilter()
    assert prefilter is not None
    assert prefilter.hits("The landlord refused to return the deposit.")
    assert _same([rule], SUBJECTS) >= 5


@pytest.mark.skipif(not DEV2.exists(), reason="the shared evaluation set is not here")
def test_the_pack_gives_the_same_findings_on_the_evaluation_lines_and_near_misses(builtin_rules: list[Rule]) -> None:
    """Every line of dev2 (one paragraph each), the near misses above and the sentences of the
    realistic notes' harmless landlords and babies, with the whole pack."""
    lines = [line.partition("\t")[2] for line in DEV2.read_text(encoding="utf-8").splitlines() if "\t" in line]
    extra = [
        "The staffing agency refused to return his passport until we called their lawyer.",
        "Y.K.'s sister is moving in to help with the baby.", "Baby. Come here.", "Come here, baby.",
        "Thanks, honey.", "Honey. Sit down.", "The volunteer driver refused to drive on the highway.",
        "Her employer refused to give her the final check.", "Client refused to give a statement to police.",
        "Staff said she refused services.", "The landlord refused the voucher at first.",
        "Residents need to sign in. The landlord needs to fix the heat.",
    ]
    filtered, unfiltered = _filtered(builtin_rules), Linter(builtin_rules, use_prefilter=False)
    total = 0
    for number, text in enumerate([*lines, *extra, *SUBJECTS, *SENTENCE_STARTS]):
        expected = key(unfiltered.lint_text(text, f"line-{number}.txt"))
        assert key(filtered.lint_text(text, f"line-{number}.txt")) == expected, text
        total += len(expected)
    assert total > 100
    # and as one document, one paragraph a line: a shape searched as a second slot in a paragraph
    # that does not start the text ("free victims" after 200 other lines) was once looked for
    # at twice its offset, and four findings were lost
    document = "\n\n".join([*lines, *extra])
    expected = key(unfiltered.lint_text(document, "dev2.txt"))
    assert key(filtered.lint_text(document, "dev2.txt")) == expected
    assert len(expected) > 100


def test_one_text_found_as_two_first_slot_strings_keeps_the_patterns_of_both() -> None:
    """"You're" is found twice at one place: as the plain string "you re" (through the mark that
    the apostrophe becomes) and as the string "you're" itself. Each is the first slot of other
    patterns, so the plan of checks made at the first must not stand for the second (it did:
    the plans were kept by the text found, and TI709's "You're going to ..., I already booked
    it" was skipped once its first slot became "you're")."""
    prefilter = Prefilter({"PLAIN": [[["you re"]]], "EXACT": [[["you're"]]]}, {})
    for text in ["You're late.", "Say: you're going, I booked it.", "you re late"]:
        expected = {"PLAIN", "EXACT"} if "'" in text else {"PLAIN"}
        assert prefilter.rules_in(text) == expected, text
        assert prefilter.rules_in(text) == expected, text  # the plans made by the first call
