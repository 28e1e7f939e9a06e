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


MANIPULATIVE = rule("G4", [[{"LOWER": "manipulative"}]], subject="people-served")
MADE_CHOICES = rule("G5", [[{"LEMMA": "make"}, {"LOWER": "poor"}, {"LOWER": "choices", "REPORT": True}]],
                    subject="people-served", category="blame")


@pytest.mark.parametrize(
    "text",
    [
        # "we" or "I" in a clause that describes the people served: the sentence is about them
        "Many of the women we serve made poor choices early in life.",
        "The girls we work with are manipulative.",
        "Clients we see on Tuesdays are manipulative.",
        "Survivors that we support are manipulative at first.",
        "Most of the residents I currently see are manipulative.",
        "Honestly, the youth we've worked with this year are manipulative.",
        "Everyone knows the teens we house are manipulative.",
        # a phrase about where they are served
        "The women in our program are manipulative.",
        "Residents at the agency made poor choices before they came.",
        "Some of the girls in our care made poor choices.",
        "Proud of the women in our program who are manipulative.",  # the noun before "who" is the program's
        "The women our agency serves made poor choices early on.",
        "Girls this program works with are manipulative.",
        "The clients our team has helped are manipulative.",
    ],
)
def test_staff_words_that_describe_the_people_served_leave_the_sentence_about_them(text: str) -> None:
    assert found([MANIPULATIVE, MADE_CHOICES], text) != []
    # the prefilter keeps what the switch keeps
    from tilint.runner import Linter

    assert [f.rule for f in Linter([MANIPULATIVE, MADE_CHOICES], use_prefilter=False).lint_text(text, "a.txt")] == \
        found([MANIPULATIVE, MADE_CHOICES], text)


@pytest.mark.parametrize(
    "text",
    [
        "The women told us we are manipulative.",  # "we" is the subject of its own clause
        "Client said we were manipulative with her.",
        "The staff we hired last spring are manipulative.",  # staff described by staff
        "The landlord we work with is manipulative.",  # someone else described
        "She argued with staff who are manipulative.",
        "We made poor choices in planning the move.",
        "Clients say the staff in our program made poor choices.",
        "Client met with our team, who made poor choices about the schedule.",
        "Our team made poor choices about the schedule.",
    ],
)
def test_staff_as_the_subject_still_passes(text: str) -> None:
    assert found([MANIPULATIVE, MADE_CHOICES], text) == []


MAINTAINS = rule("G6", [[{"LEMMA": {"IN": ["maintain", "insist"]}}]], subject="people-served", category="credibility")


@pytest.mark.parametrize(
    "text",
    [
        # labour trafficking: "worker" after an article, a quantity or a trade is the person served
        "The worker maintains that he was never paid for his shifts.",
        "A worker insists the crew boss kept his passport.",
        "Two farm workers maintain they were locked in at night.",
        "The domestic worker insists she was not allowed out.",
        "Workers insisted they had never signed a contract.",
        "Each of the restaurant workers maintains the wages were withheld.",
        "The nail salon workers, who arrived in May, insist they were never paid.",
        "Migrant workers who were housed in the barn maintain they had no keys.",
    ],
)
def test_a_worker_in_labour_trafficking_is_the_person_served(text: str) -> None:
    assert found([MAINTAINS], text) == ["G6"]
    from tilint.runner import Linter

    assert [f.rule for f in Linter([MAINTAINS], use_prefilter=False).lint_text(text, "a.txt")] == ["G6"]


@pytest.mark.parametrize(
    "text",
    [
        # staff: a case note's "Worker ...", someone's worker, a compound of the profession
        "Worker maintains contact with the client weekly.",
        "Her case worker insists the form was sent.",
        "The social workers maintain a waiting list.",
        "This worker maintains the referral was made on time.",
        "Client says her worker insists on weekly meetings.",
        "Outreach workers maintain the van's first-aid kit.",
        "The youth worker insisted on driving her home.",
    ],
)
def test_a_worker_on_staff_is_not(text: str) -> None:
    assert found([MAINTAINS], text) == []


@pytest.mark.parametrize(
    ("text", "about_the_person"),
    [
        ("The employer's lawyer says the workers were asking for trouble.", False),
        ("The jury rejected the defense theory that the workers should have known.", False),
        ("Defense counsel argued that the client was asking for trouble.", False),
        ("The workers were asking for trouble, the supervisor wrote.", True),
        ("The lawyer met the workers, who were asking for trouble.", True),
    ],
)
def test_what_the_defence_argues_is_its_argument(text: str, about_the_person: bool) -> None:
    trouble = rule("G7", [[{"LOWER": "asking"}, {"LOWER": "for"}, {"LOWER": "trouble"}]], subject="people-served")
    known = rule("G8", [[{"LOWER": "should"}, {"LOWER": "have"}, {"LOWER": "known", "REPORT": True}]], subject="people-served")
    assert bool(found([trouble, known], text)) is about_the_person
