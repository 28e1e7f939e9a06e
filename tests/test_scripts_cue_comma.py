"""A script's cue written with a comma ('Ask, "Why ..."') is a cue like 'Ask: "Why ..."'.

The quoted words after it are what staff are told to say, so the rules lint them (a quotation is
otherwise someone's own words and skipped); and a file of such lines reads as a script. Someone
reported asking ('Client asked, "..."', 'She wanted to ask, "..."') stays her own words.
"""

from __future__ import annotations

import pytest

from tilint.api import lint_text
from tilint.quotes import paragraph_quotes
from tilint.scripts import reads_as_script


def spoken_by_staff(text: str) -> list[bool]:
    return [q.spoken_by_staff for q in paragraph_quotes(text, 0, len(text))]


@pytest.mark.parametrize("text", [
    'Ask, "Why didn\'t you leave him?"',
    'Say, "You have to tell me everything."',
    '- Then ask, "Why did you go back?"',
    '3. Ask her, "Why didn\'t you call the police?"',
    '**Ask,** "Why did you stay?"',
    'Q2. Ask, "Where did you sleep that night?"',
])
def test_a_cue_with_a_comma_introduces_words_for_staff_to_say(text: str) -> None:
    assert spoken_by_staff(text) == [True]


@pytest.mark.parametrize("text", [
    'Client asked, "Can you help me find a bed?"',
    'She wanted to ask, "Can I stay another night?"',
    'I didn\'t want to ask, "Why did you go back?"',
    'Don\'t ask, "Why didn\'t you leave?"',
    'Her mother would say, "You have to tell me everything."',
])
def test_someone_asking_or_a_warning_is_not_a_cue(text: str) -> None:
    assert spoken_by_staff(text) == [False]


def rules_found(text: str) -> set[str]:
    return {f.rule for f in lint_text(text)}


def test_the_quoted_question_after_ask_comma_is_linted() -> None:
    assert "TI301" in rules_found('Ask, "Why didn\'t you leave him?"')
    assert "TI301" in rules_found('Ask: "Why didn\'t you leave him?"')  # as with the colon


def test_her_own_words_after_asked_comma_are_not_linted() -> None:
    assert "TI301" not in rules_found('Client asked, "Why didn\'t I leave him sooner?"')


def test_lines_with_comma_cues_read_as_a_script() -> None:
    script = 'Intake, first visit\n\nAsk, "Where are you staying tonight?"\nSay, "You can skip any question."\n'
    assert reads_as_script(script)


def test_a_note_that_reports_asking_is_not_a_script() -> None:
    note = 'Client asked, "Can I see the room?"\nShe said, "I can stay until Friday."\nAsk, she said, if unsure.\n'
    assert not reads_as_script(note)


def test_a_header_before_the_cue_or_the_words_still_reads_as_a_script() -> None:
    from tilint.scripts import reads_as_script

    # 'Interview guide: Ask, "..."' and 'Intake: "..."' are lines of a script
    assert reads_as_script("Interview guide: Ask, 'Where are you staying tonight?'\nIntake: \"Do you feel safe?\"\n")
    assert reads_as_script('Screening questions: "Have you been paid for your work?"\nTake your time.\n')
    # a note that quotes her and someone asking is not
    assert not reads_as_script('Intake notes: she said she was tired.\nShe asked, "Can you help me?"\nCl asked, "Where do I go?"\n')
