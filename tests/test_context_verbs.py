"""The subject switch reads words of the others vocabulary as someone or something named only where
they are nouns ("the phone", "her test", "the detective called"): as verbs ("Client phoned twice and was
...", "Several residents tested ...") they name no one, and the person served stays the subject. A clause
joined by ", and" with a subject of its own is read apart from the words before the comma."""

from __future__ import annotations

import pytest

from tests.test_context import found, rule

MANIPULATIVE = rule("V1", ["manipulative"], subject="people-served")
LOSE = rule("V2", [[{"LOWER": "lose"}, {"LOWER": "your"}, {"LOWER": "bed"}]], subject="people-served", category="control")


@pytest.mark.parametrize(
    "text",
    [
        "Client phoned twice and was manipulative.",
        "Client called and was manipulative.",
        "The client phoned the office and was manipulative.",
        "Resident checked in late and was manipulative with staff.",
        "Several residents tested the rules and were manipulative.",
        "She calls every night and is manipulative.",
        "Client calls daily and is manipulative.",
        "Cl will phone later and is often manipulative.",
        "Residents test boundaries and are manipulative.",
    ],
)
def test_a_verb_of_the_others_vocabulary_names_no_one(text: str) -> None:
    assert found([MANIPULATIVE], text) == ["V1"]


@pytest.mark.parametrize(
    "text",
    [
        "The detective called and was manipulative.",  # the detective is named before the verb
        "Her phone was manipulative about notifications.",  # a noun after a possessive
        "The test was manipulative in its wording.",
        "Her boyfriend phoned twice and was manipulative.",
        "The landlord checked in and was manipulative.",
        "The drug testing was manipulative.",  # a noun after a noun
    ],
)
def test_a_noun_of_the_others_vocabulary_still_names_someone_else(text: str) -> None:
    assert found([MANIPULATIVE], text) == []


@pytest.mark.parametrize(
    "text",
    [
        "You will submit to random drug testing, and a positive result means you lose your bed.",
        "The landlord inspects rooms weekly, and any damage means you lose your bed.",
        "Phones are collected at the door, but a second missed curfew means you lose your bed.",
    ],
)
def test_a_clause_after_comma_and_has_its_own_subject(text: str) -> None:
    assert found([LOSE], text) == ["V2"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Client missed group, and the landlord was manipulative.", []),  # the new clause names him
        ("Client missed group, and her boyfriend was manipulative.", []),
        ("Client missed group, and was manipulative.", ["V1"]),  # no subject of its own: hers
        ("The landlord called, and she was manipulative.", ["V1"]),
        ("The landlord called, and was manipulative.", []),  # the clause goes on about him
    ],
)
def test_the_clause_after_comma_and_is_read_on_its_own(text: str, expected: list[str]) -> None:
    assert found([MANIPULATIVE], text) == expected


MUST = rule("V3", [[{"LOWER": "you"}, {"LOWER": "must"}]], subject="staff", category="control")


@pytest.mark.parametrize(
    "text",
    [
        "Note to night staff: you must lock the med cart.",
        "Staff code of conduct: You must knock before entering a room.",
        "Volunteers: you must sign in at the front desk.",
        "All staff: you must log every call.",
        "Reminder for case managers: you must finish notes by Friday.",
    ],
)
def test_a_header_that_speaks_to_staff_makes_you_staff(text: str) -> None:
    assert found([MUST], text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Note to resident: you must be back by curfew.",
        "Program rules: you must be back by curfew.",  # the program is not whom it speaks to
        "What we ask of you: you must attend group.",
        "Staff rules for residents: you must be back by curfew.",  # the residents are named
        'Staff: "You must be in your room by 9."',  # who speaks, in a script
        "Advocate: you must tell me everything.",  # a speaker's label
    ],
)
def test_a_header_that_speaks_to_her_keeps_you_hers(text: str) -> None:
    assert found([MUST], text) == ["V3"]


CONSENT = rule("V4", ["consented"], age="minor", category="minors")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our teens consented to the trips.", ["V4"]),  # the agency's teens: the people served
        ("Our teen girls consented to the trips.", ["V4"]),
        ("Our youth consented to the trips.", ["V4"]),
        ("Her teens consented to the trips.", []),  # her own children, not the person served
        ("My kids consented to the trips.", []),
        ("Girls in the 12–17 unit consented to the trips.", ["V4"]),
        ("Girls in the 15-24 program consented to the trips.", ["V4"]),  # 15 is a minor's age
        ("Women in the 16–24 program consented to the trips.", []),  # a young adults' program
        ("Women in the 17-24 group consented to the trips.", []),
        ("Girls in the 16-18 unit consented to the trips.", ["V4"]),
    ],
)
def test_our_teens_and_age_ranges(text: str, expected: list[str]) -> None:
    assert found([CONSENT], text) == expected
