"""Scripts and notes: the autonomy checks (TI091 skip, TI092 stop) judge intake scripts only.

A file whose name says "intake" holds case notes as often as a script; tilint reads it to
decide. Front matter, ``--scripts`` and the configuration's ``scripts`` globs decide without
reading. Checked through the command line, on real files.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from tilint.cli import cli
from tilint.rules import builtin_rules_dir, load_rules
from tilint.scripts import reads_as_script

NOTES = """\
# Intake notes, March 2026

3/4: Client (34) arrived at 2pm with her son after a referral from the ER social worker.
CM completed the intake paperwork with her and explained the house rules. Client asked,
"Can you help me find a bed for tonight?" CM confirmed a bed on the second floor.

3/6: Client met with her victim advocate about the protective order. She said she would
like to start the GED class in April. Next steps: call DHS about the food benefits.
Staff: J. Ortiz
"""

SCRIPT = """\
# Intake script, first visit

Say: "Thank you for coming in. I'm going to ask you some questions about your situation."

1. What is your full name, and what would you like us to call you?
2. Where are you staying tonight?
3. Do you have a phone you can use safely?
4. Who brought you to this country, and who paid for your travel?
"""

GENTLE = SCRIPT.replace(
    "about your situation.\"",
    "about your situation. If you need a break, just tell me. You don't have to answer anything you'd "
    "rather not.\"",
)


def check(path: Path, *args: str) -> set[str]:
    """The autonomy rules reported for *path*, run from its folder."""
    with _chdir(path.parent):
        result = CliRunner().invoke(cli, ["check", "--format", "json", "--select", "autonomy", *args, str(path)])
    assert result.exit_code in (0, 1), result.output
    return {f["rule"] for f in json.loads(result.stdout)["findings"]}


@contextmanager
def _chdir(path: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the configuration search stops here
    return tmp_path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_intake_notes_are_not_a_script(folder: Path) -> None:
    assert check(write(folder, "intake-notes-2026-03.md", NOTES)) == set()


def test_an_intake_script_is_one(folder: Path) -> None:
    assert check(write(folder, "intake-script.md", SCRIPT)) == {"TI091", "TI092"}


def test_a_script_that_offers_both_passes(folder: Path) -> None:
    assert check(write(folder, "intake-script.md", GENTLE)) == set()


@pytest.mark.parametrize(
    ("offer", "missing"),
    [
        ("If you need a break, just tell me.", {"TI091"}),
        ("Let me know if you want to stop.", {"TI091"}),
        ("We can pause any time.", {"TI091"}),
        ("Would you like to keep going, or pick this up next week?", {"TI091"}),
        ("You can skip any question.", {"TI092"}),
        ("If a question doesn't feel right, just say pass.", {"TI092"}),
        ("You don't have to answer.", {"TI092"}),
        ("All of these questions are optional.", {"TI092"}),
        ("Take your time.", {"TI091", "TI092"}),  # pacing, not an offer to stop or skip
    ],
)
def test_the_ways_scripts_offer_to_stop_or_skip(folder: Path, offer: str, missing: set[str]) -> None:
    text = SCRIPT.replace("about your situation.\"", f"about your situation. {offer}\"")
    assert check(write(folder, "screening-questions.txt", text)) == missing


def test_cue_lines_make_a_script(folder: Path) -> None:
    text = "Hotline screening\n\n- **Ask:** Are you safe to talk right now?\n- **Say:** We need full answers.\n"
    assert check(write(folder, "hotline-screening.md", text)) == {"TI091", "TI092"}
    numbered = "Q1: Where were you born?\nQ2: How did you travel here?\n"
    assert check(write(folder, "interview-guide.txt", numbered)) == {"TI091", "TI092"}


def test_a_name_without_intake_is_never_read_as_a_script(folder: Path) -> None:
    assert check(write(folder, "visit-2026-03-04.md", SCRIPT)) == set()


def test_front_matter_decides_without_reading(folder: Path) -> None:
    notes_marked_script = "---\ntilint-document: script\n---\n" + NOTES
    assert check(write(folder, "intake-notes-2026-03.md", notes_marked_script)) == {"TI091", "TI092"}
    script_marked_notes = "---\ntilint-document: notes\n---\n" + SCRIPT
    assert check(write(folder, "intake-script.md", script_marked_notes)) == set()


def test_command_line_globs_decide_without_reading(folder: Path) -> None:
    notes = write(folder, "intake-notes-2026-03.md", NOTES)
    assert check(notes, "--scripts", "intake-notes-*.md") == {"TI091", "TI092"}
    script = write(folder, "intake-script.md", SCRIPT)
    assert check(script, "--scripts", "forms/*.md") == set()


def test_configuration_globs_decide_without_reading(folder: Path) -> None:
    write(folder, ".tilint.yaml", "scripts: ['forms/**']\n")
    notes = write(folder, "forms/intake-notes-2026-03.md", NOTES)
    assert check(notes) == {"TI091", "TI092"}
    script = write(folder, "intake-script.md", SCRIPT)
    assert check(script) == set()


@pytest.mark.parametrize(
    "text",
    [
        'Client asked, "Do you have a bed?" Staff said yes.\nClient asked, "Can you call my sister?"\n',
        "Where is she staying? Unknown.\nWho is her emergency contact? Her aunt.\n",
        "You can reach me at the front desk.\nPlease call if anything changes.\n",
    ],
    ids=["reported-questions", "questions-about-her", "a-letter"],
)
def test_notes_that_only_look_like_questions(text: str) -> None:
    assert not reads_as_script(text)


def test_every_example_of_a_document_rule_reads_as_a_script() -> None:
    """Otherwise a pass example would pass for being notes, not for offering to stop or skip."""
    rules = [r for r in load_rules([builtin_rules_dir()]) if r.kind == "document"]
    assert {r.id for r in rules} >= {"TI091", "TI092"}
    for rule in rules:
        for text in (*rule.flag, *rule.passes):
            assert reads_as_script(text), f"{rule.id}: {text!r}"
