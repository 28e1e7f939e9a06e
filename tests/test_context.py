"""Context the engine knows: mentions, negation, the subject and the person's age, one switch per rule."""

from __future__ import annotations

from typing import Any

import pytest

from tilint.context import stated_ages
from tilint.rules import builtin_rules_dir, load_rules, parse_rule
from tilint.runner import Linter


def rule(rid: str, patterns: list[Any], **extra: Any) -> Any:
    data = {
        "id": rid, "name": f"rule-{rid.lower()}", "category": extra.pop("category", "judgment"), "severity": "warning",
        "message": "Consider other words than {match}.", "why": "Test rule.", "alternatives": ["declined"],
        "source": "test", "patterns": patterns, "examples": {"flag": ["x"], "pass": ["y"]}, **extra,
    }
    return parse_rule(data, "test.yaml")


GIRLS = rule("C1", ["our girls"], category="ownership")
GIRLS_LINTED = rule("C2", ["our girls"], category="ownership", mention="lint")
NONCOMPLIANT = rule("C3", ["non-compliant"], negation="cancels")
NONCOMPLIANT_ANYWAY = rule("C4", ["non-compliant"])
FAILED = rule("C5", [[{"LEMMA": "fail"}]], subject="people-served")
LEAVE = rule("C6", ["why she didn't leave"], category="blame", negation="cancels")


def found(rules: list[Any], text: str) -> list[str]:
    return [f.rule for f in Linter(rules).lint_text(text, "note.txt")]


@pytest.mark.parametrize(
    "text",
    [
        "Training slide: avoid saying our girls; say the residents.",
        "Terms like our girls make adults sound like children.",
        "Instead of our girls, write the residents.",
        "Avoid: our girls, my ladies.",
        "Do not say:\n- my victims\n- our girls\n",
        "Do not say:\n\n- my victims\n\n- our girls\n",
    ],
    ids=["avoid-saying", "terms-like", "instead-of", "avoid-colon", "list-under-heading", "markdown-list"],
)
def test_a_mention_in_training_text_is_skipped_for_every_rule(text: str) -> None:
    assert found([GIRLS], text) == []
    assert found([GIRLS_LINTED], text) == ["C2"]


def test_a_use_after_a_warning_elsewhere_is_still_reported() -> None:
    text = "Do not say: my victims.\n\nStaff drove our girls to the clinic today, and everyone was on time for group."
    assert found([GIRLS], text) == ["C1"]
    assert found([GIRLS], "We avoided traffic. Staff drove our girls home.") == ["C1"]
    assert found([GIRLS], "E.G. drove our girls home.") == ["C1"]  # initials, not "e.g."


@pytest.mark.parametrize(
    ("text", "cancelled"),
    [
        ("She is non-compliant with the house rules.", False),
        ("She is not non-compliant; she is scared.", True),
        ("Client was never non-compliant.", True),
        ("Client is not in group, and she is non-compliant.", False),  # the negation is in another clause
    ],
)
def test_negation_cancels_a_match_when_the_rule_says_so(text: str, cancelled: bool) -> None:
    assert found([NONCOMPLIANT], text) == ([] if cancelled else ["C3"])
    assert found([NONCOMPLIANT_ANYWAY], text) == ["C4"]


def test_a_negation_inside_the_match_does_not_cancel_it() -> None:
    assert found([LEAVE], "Staff asked why she didn't leave.") == ["C6"]
    assert found([LEAVE], "We never ask why she didn't leave.") == []


@pytest.mark.parametrize(
    ("text", "about_the_person"),
    [
        ("Cl failed to attend group.", True),
        ("Client failed her drug screen.", True),
        ("Failed to attend group again.", True),  # the subject dropped, as notes do
        ("A.R. failed to return the form.", True),
        ("Staff failed to call back.", False),
        ("The heater failed overnight.", False),
        ("The trafficker failed to pay her.", False),
        ("Client said staff failed to call back.", False),
        ("Her mother failed to pick her up.", False),
    ],
)
def test_subject_keeps_judgments_about_the_person_served(text: str, about_the_person: bool) -> None:
    assert found([FAILED], text) == (["C5"] if about_the_person else [])


# a rule that reports a verb after a long prefix: the subject is the one named before the verb
AFTER_REFUSED = rule(
    "C7", [[{"LOWER": {"IN": ["after", "when"]}}, {"IS_ALPHA": True, "OP": "{0,8}"}, {"LEMMA": "refuse", "REPORT": True}]],
    subject="people-served",
)
# a rule that reports only a describing word, with no one named in its match
AGGRESSIVE = rule("C8", [[{"LOWER": "aggressive"}]], subject="people-served")


@pytest.mark.parametrize(
    ("text", "about_the_person"),
    [
        ("After the meeting client refused the referral.", True),
        ("When we called she refused to come to the phone.", True),
        ("After the meeting the landlord refused to fix the heat.", False),
        ("When asked the officer refused to take a report.", False),
        ("After her mother visited staff refused to open the door.", False),
    ],
)
def test_subject_is_read_back_from_the_reported_words_not_the_start_of_the_match(text: str, about_the_person: bool) -> None:
    assert found([AFTER_REFUSED], text) == (["C7"] if about_the_person else [])


@pytest.mark.parametrize(
    ("text", "about_the_person"),
    [
        # staff who hold a view are not the subject of the clause that states it
        ("Staff feel the outburst was aggressive.", True),
        ("Night staff believe that the way she spoke was aggressive.", True),
        ("I think the behavior was aggressive.", True),
        ("Staff feel she was aggressive.", True),
        # someone else's view is theirs; a view about someone or something else is not about her
        ("Her mother feels the outburst was aggressive.", False),
        ("The officer said the outburst was aggressive.", False),
        ("Staff think the texts from him were aggressive.", False),
        ("Staff feel it was an aggressive letter from the landlord.", False),
        ("Staff said the landlord was aggressive.", False),
        # a view that denies it
        ("I think the outburst was not aggressive; she was scared.", False),
        # staff as the subject of the described clause itself
        ("Client said staff were aggressive.", False),
    ],
)
def test_a_view_staff_hold_is_about_the_person_served(text: str, about_the_person: bool) -> None:
    assert found([AGGRESSIVE], text) == (["C8"] if about_the_person else [])


# a rule written with people-served alone, as most are: the note shorthand for the person served
# ("Res", "Vic", "V1") is hers too, in the rule's words and in the subject switch
LYING = rule("C9", ["{people-served} is lying about"], subject="people-served")


@pytest.mark.parametrize(
    ("text", "about_the_person"),
    [
        ("Res is lying about where she went Friday.", True),
        ("Vic is lying about the money.", True),
        ("V1 is lying about her age.", True),
        ("Client is lying about the visit.", True),
        ("Resident said the recruiter is lying about the wages.", False),  # not her: no served word before "is lying"
        ("Hi-res photo is lying about the room size.", False),
    ],
)
def test_note_shorthand_names_the_person_served_in_every_rule(text: str, about_the_person: bool) -> None:
    assert found([LYING], text) == (["C9"] if about_the_person else [])


@pytest.mark.parametrize(
    ("text", "about_the_person"),
    [
        ("The detective said V was aggressive in the interview.", True),  # V is the nearest person named
        ("Officer Diaz noted V2 was aggressive.", True),
        ("The officer said K. was aggressive.", True),
        ("V said the officer was aggressive.", False),
    ],
)
def test_a_numbered_victim_is_the_person_served_in_the_subject_switch(text: str, about_the_person: bool) -> None:
    assert found([AGGRESSIVE], text) == (["C8"] if about_the_person else [])


@pytest.mark.parametrize(
    ("text", "about_the_person"),
    [
        # a staff title of several words is staff, though "manager" alone is the employer's
        ("House manager feels the outburst was aggressive.", True),
        ("The program manager thinks the way she spoke was aggressive.", True),
        ("Her manager feels the outburst was aggressive.", False),
        ("Resident said the house manager was aggressive.", False),
    ],
)
def test_a_staff_title_of_several_words_wins_over_an_others_word(text: str, about_the_person: bool) -> None:
    assert found([AGGRESSIVE], text) == (["C8"] if about_the_person else [])


@pytest.fixture(scope="module")
def minors() -> Linter:
    return Linter([r for r in load_rules([builtin_rules_dir()]) if r.id == "TI905"])


@pytest.mark.parametrize(
    ("text", "minor"),
    [
        ("Cl is 15. She is very promiscuous.", True),
        ("Youth, 15, is promiscuous per the school.", True),
        ("Client (16) was described as seductive.", True),
        ("Client is a 15yo who is described as promiscuous.", True),
        ("Intake: 14 y/o female. Foster mom says she is promiscuous.", True),
        ("The 8th grader was called promiscuous by the officer.", True),
        ("Client, 19, is promiscuous per the hospital note.", False),
        ("Client is 24. The report calls her promiscuous.", False),
        ("The report calls her promiscuous.", False),
        ("Client, 24, had a minor injury; the ER note calls her promiscuous.", False),
        ("At 14 she was described as promiscuous.", True),
        ("Cl is 14. Her boyfriend (34) calls her seductive.", True),
        ("Hes 15 and the school calls him promiscuous.", True),
        ("Group at 14:00. The report calls her promiscuous.", False),
        ("Client is 14. She has an older boyfriend who is 26 and calls her seductive.", True),
        ("Client DOB 05/11/2011, seen 2025. Her 31-year-old boyfriend calls her seductive.", True),
    ],
)
def test_age_minor_reads_the_age_anywhere_in_the_paragraph(minors: Linter, text: str, minor: bool) -> None:
    assert bool(minors.lint_text(text, "note.txt")) is minor


def test_age_minor_reads_the_note_header(minors: Linter) -> None:
    note = "Client: J.M.\nDOB: 03/14/2011\nDate: 06/02/2025\n\nFoster mom says she is promiscuous."
    assert [f.rule for f in minors.lint_text(note, "note.txt")] == ["TI905"]
    adult = note.replace("2011", "1990")
    assert minors.lint_text(adult, "note.txt") == []


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("a 13-year-old", [13]),
        ("fifteen years old", [15]),
        ("15yo", [15]),
        ("14 y/o", [14]),
        ("age: 16", [16]),
        ("Youth, 15, arrived", [15]),
        ("Client (17)", [17]),
        ("she was 15 when", [15]),
        ("DOB 2010, seen in 2025", [15]),
        ("Client was 5 minutes late at 10 am.", []),
        ("Intake: 16F, hx of running away", [16]),
        ("15M presents with a cut", [15]),
        ("She's only 14 but acts like she's 25", [14, 25]),
        ("Room 12F is free; the grant is $16M, total.", []),
        ("At 14 she had a sugar daddy", [14]),
        ("first sold at 15, she says", [15]),
        ("Hes 14 and looks older", [14]),
        ("Group starts at 14:00; we meet at 15 Elm Street at 10.", []),
        ("Her boyfriend (34) drives her; the man, 40, was arrested", []),
        ("Her boyfriend is 34; the pimp who is 30 ran", []),
        ("The woman is 40 and her friend is 22", [40, 22]),
        ("her 31-year-old boyfriend and two 40 year old men; a 15-year-old girl", [15]),
    ],
)
def test_stated_ages(text: str, ages: list[int]) -> None:
    assert [age for _, age in stated_ages(text)] == ages


SWEETIE = rule("C9", ["sweetie"], category="rescue")


@pytest.mark.parametrize(
    ("text", "mention"),
    [
        # a cue that names words, after a verb that advises using them: advice to use them
        ("Use terms like sweetie and honey so residents feel welcome.", False),
        ("Try using warm words like sweetie at check-in.", False),
        ("We use the word sweetie with every new resident.", False),
        # the same cue in training text that warns
        ("Avoid words like sweetie and honey.", True),
        ("Do not use terms like sweetie with adults.", True),
        ("Please stop using the word sweetie in the lobby.", True),
        ("Use the residents' names instead of terms like sweetie.", True),
        ("Terms like sweetie can sound patronizing to adults.", True),
        ("Use terms like sweetie carefully; some find them patronizing.", True),
    ],
)
def test_a_cue_that_advises_using_the_words_is_no_mention(text: str, mention: bool) -> None:
    assert found([SWEETIE], text) == ([] if mention else ["C9"])
