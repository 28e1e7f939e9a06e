"""The subject switch and people in general: "Women who answer job ads should have known" is about
the women (the people served, as public documents name them), whatever the relative clause names;
"Traffickers who ...", "Staff who ..." and "those who hurt her" are about someone else (issue 16)."""

from __future__ import annotations

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
