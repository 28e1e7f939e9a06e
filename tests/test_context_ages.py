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
