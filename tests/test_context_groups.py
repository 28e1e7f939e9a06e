"""The subject switch and people in general: "Women who answer job ads should have known" is about
the women (the people served, as public documents name them), whatever the relative clause names;
"Traffickers who ...", "Staff who ..." and "those who hurt her" are about someone else (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.test_context import found, rule

KNEW = rule("G1", [[{"LOWER": "should"}, {"LOWER": "have"}, {"LOWER": "known", "REPORT": True}]],
            subject="people-served", category="blame")


@pytest.mark.parametrize(
    "text",
    [
        "Women who answer overseas job ads on social media should have known.",
        "Adults who return to their traffickers should have known.",  # "traffickers" is inside the clause
        "Girls who run away from their foster homes should have known.",
        "People who take these jobs should have known.",
        "Those who engage in risky online chats should have known.",
        "Migrants who pay a recruiter's fee should have known.",  # the recruiter, named inside, is not the subject
        "Survivors, who often stay in touch with their employer, should have known.",
        "Women whose employers took their passports should have known.",
        "The client, who met her landlord twice, should have known.",
        "The officer who took the report said she should have known.",  # a clause of its own: about her
    ],
)
def test_a_group_before_a_relative_clause_is_the_people_served(text: str) -> None:
    assert found([KNEW], text) == ["G1"]


@pytest.mark.parametrize(
    "text",
    [
        "Traffickers who lure women online should have known.",
        "Staff who work nights should have known.",
        "Those who hurt her should have known.",
        "Anyone who works with victims should have known.",
        "Men who buy sex should have known.",
        "The man who recruited her should have known.",
        "Her employer, who met her twice, should have known.",
        "The landlord who rents to clients should have known.",
    ],
)
def test_someone_else_before_a_relative_clause_is_not(text: str) -> None:
    assert found([KNEW], text) == []


def test_the_prefilter_keeps_what_the_switch_keeps() -> None:
    # the prefilter reads the words before a one-word match too (without a trained pipeline): an
    # "others" word inside a relative clause must not make it drop the paragraph the switch keeps
    from tilint.runner import Linter

    overreacted = rule("G2", [[{"LOWER": "overreacted"}]], subject="people-served")
    texts = ["Adults who return to their traffickers overreacted.",
             "Migrants who answer a recruiter overreacted.",
             "Traffickers who lure women overreacted."]
    with_prefilter = [[f.rule for f in Linter([overreacted]).lint_text(t, "a.txt")] for t in texts]
    without = [[f.rule for f in Linter([overreacted], use_prefilter=False).lint_text(t, "a.txt")] for t in texts]
    assert with_prefilter == without == [["G2"], ["G2"], []]


LATE = rule("G3", [[{"VOCAB": "people-served"}, {"LOWER": "is"}, {"LOWER": "late", "REPORT": True}]])


@pytest.mark.parametrize("text", ["K. is late again.", "Update: J. is late again.", "A.R. is late again."])
def test_a_single_initial_names_the_person_served_as_initials_do(text: str) -> None:
    assert found([LATE], text) == ["G3"]


@pytest.fixture(scope="module")
def builtin() -> Any:
    from tilint.rules import builtin_rules_dir, load_rules
    from tilint.runner import Linter

    return Linter(load_rules([builtin_rules_dir()]))


@pytest.mark.parametrize(
    ("headline", "rule_id"),
    [
        ("Woman Claims She Was Held Captive in Nail Salon for Three Years", "TI402"),
        ("Farmworker Claims He Was Kept in a Shed Without Pay", "TI402"),
        ("Alleged Victim Testifies Against Former Employer", "TI401"),
        ("Why Didn't She Just Leave? Survivors Answer the Question", "TI301"),
        ("Women Who Answer Job Ads Should Have Realised It Was a Scam", "TI310"),
    ],
)
def test_a_title_case_headline_is_read_as_its_words(builtin: Any, headline: str, rule_id: str) -> None:
    # Title Case needs no lower-case view (unlike a run of ALL CAPS): words are matched on their
    # lower case and lemmas, and capitals are left for names; the headline and the same words in
    # sentence case give the same findings
    title = [f.rule for f in builtin.lint_text(headline, "h.txt")]
    sentence = [f.rule for f in builtin.lint_text(headline[0] + headline[1:].lower(), "h.txt")]
    assert rule_id in title
    assert title == sentence
