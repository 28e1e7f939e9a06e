"""Quoted words a sentence advises staff to use are linted; quoted words it warns against, someone
else's name-calling and a person's own chosen name stay quotations (tilint.quotes)."""

from __future__ import annotations

import pytest

from tilint.quotes import paragraph_quotes
from tilint.rules import builtin_rules_dir, load_rules
from tilint.runner import Linter


def linted(text: str) -> list[bool]:
    """For each quotation in *text*: whether it is linted (spoken or advised by staff)."""
    return [q.spoken_by_staff for q in paragraph_quotes(text, 0, len(text))]


@pytest.mark.parametrize(
    "text",
    [
        'Address residents warmly; calling them "honey" or "sweetie" helps them feel cared for.',
        'Calling the women "sweetheart" makes them feel at home.',
        'Staff should call residents "sweetheart" at breakfast.',
        'We call our girls "princess" here.',
        'Use warm names like "hon" with the women.',
        '- Call the women "love" at check-in.',
        'It is fine to call them "sweetie" when they arrive.',
        'Volunteers can address guests as "baby girl" to break the ice.',
    ],
)
def test_words_a_sentence_advises_using_are_linted(text: str) -> None:
    assert linted(text) and all(linted(text))


@pytest.mark.parametrize(
    "text",
    [
        'Avoid calling them "honey" or "sweetie".',  # a warning
        'Never call residents "sweetie".',
        'Do not use terms like "our girls".',
        'Calling residents "sweetie" can sound patronising.',  # a warning after the words
        'Calling them "honey" instead of their names feels cold.',
        'Client said her grandmother used to call her "poor thing" and she hated it.',  # someone else's words
        "On the recorded call the employer kept calling them 'my workers' and 'my boys'.",
        'The men call her "princess" at the motel.',
        'She asked staff to call her "Angel".',  # her own choice of name
        'Client said, "my pimp took it."',
        'Use "reported" or "shared" in place of "claims".',  # only the first two are advised
    ],
)
def test_warned_reported_and_chosen_words_stay_quotations(text: str) -> None:
    quoted = linted(text)
    assert quoted and not quoted[-1]


@pytest.fixture(scope="module")
def endearments() -> Linter:
    return Linter([r for r in load_rules([builtin_rules_dir()]) if r.id == "TI002"])


def test_an_advised_pet_name_is_reported_and_a_warned_one_is_not(endearments: Linter) -> None:
    advised = 'Address residents warmly; calling them "honey" or "sweetie" helps them feel cared for.'
    assert {f.rule for f in endearments.lint_text(advised, "guide.md")} == {"TI002"}
    assert any(f.match == "sweetie" for f in endearments.lint_text(advised, "guide.md"))
    for warned in ('Avoid calling them "honey" or "sweetie".', 'She asked staff to call her "Angel".'):
        assert endearments.lint_text(warned, "guide.md") == []


@pytest.mark.parametrize(
    "text",
    [
        'Intake: "Why didn\'t you just leave?"',
        'Screening script: "Have you ever been paid less than you were promised?"',
        'Phone screen: "Where are you staying tonight?"',
        "Interview guide: Ask, 'Why didn't you leave?'",
        'Section 2: Say, "You can stop at any time."',
    ],
)
def test_a_script_header_before_words_to_you_makes_them_a_script_line(text: str) -> None:
    assert linted(text) == [True]


@pytest.mark.parametrize(
    "text",
    [
        'Intake: "I want to go home."',  # her words: they speak to no one
        'Intake: "I asked him why didn\'t you just leave," client said.',  # her words, reported
        'Client asked, "Why didn\'t you leave?"',
        'She wanted to ask, "Can you help me?"',
        'Note: client said, "you never listen."',
    ],
)
def test_her_words_after_a_header_stay_quotations(text: str) -> None:
    assert linted(text) == [False]
