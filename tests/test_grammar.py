"""The grammar checks' own pieces: which ages say that someone is a child now."""

from __future__ import annotations

import pytest

from tilint.grammar import states_minor


@pytest.mark.parametrize("text", [
    "The 14-year-old was at the motel.",
    "Pt is a 15yo female.",
    "Client (16) came in with her aunt.",
    "Youth, 15, was placed on Friday.",
    "Her brother, aged fifteen, is on probation.",
    "Referred a fifteen-year-old from the school.",
])
def test_an_age_under_18_said_of_someone_now(text: str) -> None:
    assert states_minor(text)


@pytest.mark.parametrize("text", [
    "Client, 32, was first trafficked at 14.",  # how old she was then
    "Trafficked at the age of fifteen, she now lives alone.",
    "Her boyfriend (34) drove her there.",
    "The 19-year-old starts work on Monday.",
    "Session ran 15 minutes at 10 am.",
    "Client is 24 and lives with her cousin.",
])
def test_no_age_under_18_now(text: str) -> None:
    assert not states_minor(text)
