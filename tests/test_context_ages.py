"""Ages as police reports, referrals and news write them: "16M", "F15", "15 y.o. F", "are 15 and 16",
"as young as 13" (issue 16); and the numbers that only look like them."""

from __future__ import annotations

import pytest

from tilint.context import stated_ages
from tilint.rules import builtin_rules_dir, load_rules
from tilint.runner import Linter


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("16M had been turning tricks out of the bus depot since spring.", [16]),
        ("Per the officer, 15F was found at the motel with two adults.", [15]),
        ("F15 was located at the truck stop.", [15]),
        ("Referral: M16, reports sleeping at the park.", [16]),
        ("15 y.o. F, brought in by patrol.", [15]),
        ("The sisters are 15 and 16 and share a room.", [15, 16]),
        ("Both girls were 14 and 17 when the recruiter found them.", [14, 17]),
        ("Girls as young as 13 are recruited online.", [13]),
        ("children as young as eleven", [11]),
        ("A 34M has been seen at the motel.", [34]),
    ],
)
def test_shorthand_ages_are_read(text: str, ages: list[int]) -> None:
    assert [age for _, age in stated_ages(text)] == ages


@pytest.mark.parametrize(
    "text",
    [
        "Room 16F was cleaned before move-in.",
        "Apt 12F has a leak under the sink.",
        "The grant of $16M was announced on Monday.",
        "He carried an M16 and a knife, she said.",
        "The F15 flew over the parade.",
        "We were 10 and 20 minutes late because of the bus.",
        "Bus 15M was late again.",
    ],
)
def test_rooms_sums_and_things_are_not_ages(text: str) -> None:
    assert stated_ages(text) == []


@pytest.fixture(scope="module")
def tricks() -> Linter:
    return Linter([r for r in load_rules([builtin_rules_dir()]) if r.id == "TI904"])


@pytest.mark.parametrize(
    ("text", "minor"),
    [
        ("16M had been turning tricks out of the bus depot since spring.", True),
        ("F15 has been turning tricks at the truck stop.", True),
        ("15 y.o. F has been turning tricks at the truck stop.", True),
        ("The sisters are 15 and 16 and have been turning tricks for a year.", True),
        ("34F has been turning tricks at the truck stop.", False),
        ("Client, 34, has been turning tricks at the truck stop.", False),
    ],
)
def test_a_minors_rule_applies_to_a_shorthand_age(tricks: Linter, text: str, minor: bool) -> None:
    assert bool(tricks.lint_text(text, "note.txt")) is minor


@pytest.fixture(scope="module")
def chose() -> Linter:
    return Linter([r for r in load_rules([builtin_rules_dir()]) if r.id == "TI908"])


@pytest.mark.parametrize(
    ("text", "minor"),
    [
        ("Youth, 16, chose that life and went back to him.", True),
        ("Youth, 19, chose that life and went back to him.", False),  # youth programs serve young adults too
        ("The teen, with a 25-year-old she met online, chose that life.", True),  # the adult age is his
        ("Youth chose that life and went back to him.", True),
    ],
)
def test_an_adult_age_outweighs_youth_but_not_teen(chose: Linter, text: str, minor: bool) -> None:
    assert bool(chose.lint_text(text, "note.txt")) is minor


@pytest.mark.parametrize(
    ("text", "ages"),
    [
        ("Keep an eye on the 12–17 unit tonight.", [12]),  # en dash
        ("Keep an eye on the 12-17 unit tonight.", [12]),  # hyphen
        ("Residents of the 12—17 wing go to bed at nine.", [12]),  # em dash
        ("Group for girls 13–15 meets on Tuesdays.", [13]),
        ("Youth (14–17) may sign out with a guardian.", [14]),
        ("The 13-15 age group had art today.", [13]),
        ("Teens 14 to 17 meet on Fridays.", [14]),
        ("A new cohort of 15–17-year-olds starts in May.", [15, 17]),
        ("Ages 12–17 are placed in the youth house.", [12]),
    ],
)
def test_a_range_of_ages_counts_its_youngest(text: str, ages: list[int]) -> None:
    assert [age for _, age in stated_ages(text)] == ages


@pytest.mark.parametrize(
    "text",
    [
        "On 12-17 she called the hotline twice.",  # a date
        "Open hours 9–11 am and 2–4 pm.",
        "We have 5–10 beds open this week.",
        "The team won 12–17 points behind.",
        "Group 10–12 sessions run through the spring.",
        "The 18–24 unit had a house meeting.",  # adults
        "Room 12-17 was repainted.",
        "Read pages 12–17 before the training.",
    ],
)
def test_other_ranges_are_not_ages(text: str) -> None:
    assert [age for _, age in stated_ages(text) if age < 18] == []


@pytest.mark.parametrize(
    ("text", "minor"),
    [
        ("Keep a close eye on the 12–17 unit; some of these girls are promiscuous.", True),
        ("Girls 13—15 in the night log were described as promiscuous.", True),
        ("The 18–24 unit: some of these women are described as promiscuous.", False),
        ("Open hours 9–11 am; the report calls her promiscuous.", False),
    ],
)
def test_a_minors_rule_applies_to_a_range_of_ages(text: str, minor: bool) -> None:
    promiscuous = Linter([r for r in load_rules([builtin_rules_dir()]) if r.id == "TI905"])
    assert bool(promiscuous.lint_text(text, "note.txt")) is minor
