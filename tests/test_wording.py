"""Person-first or identity-first wording, as an agency chooses (``wording`` in .tilint.yaml).

The rules marked ``wording: person-first`` ask for "person who uses drugs" over "addict". Some
survivors and communities choose their own terms ("autistic person", "Deaf", a survivor who calls
herself a sex worker or an addict): an agency turns those rules off, lowers them, or names the
terms they accept. Slurs ("junkie", "psycho") are not person-first rules and stay on.
Each test lints real note text through the command line, with and without the setting.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tilint.cli import cli
from tilint.rules import builtin_rules_dir, load_rules

NOTE = (
    "Client is a recovering addict and goes to meetings on Tuesdays.\n\n"
    "Client's brother is schizophrenic and lives with their aunt.\n\n"
    "The landlord rents rooms to junkies on the second floor.\n\n"
    "Night staff said the resident in 4B went psycho after the call.\n"
)


def findings(folder: Path, config: str | None) -> dict[str, str]:
    """Lint *folder*/note.txt with *config* as its .tilint.yaml: {rule id: severity}."""
    (folder / ".git").mkdir(exist_ok=True)  # the search for a configuration stops here
    (folder / "note.txt").write_text(NOTE, encoding="utf-8")
    if config is not None:
        (folder / ".tilint.yaml").write_text(config, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(folder / "note.txt")])
    assert result.exit_code in (0, 1), result.output
    return {f["rule"]: f["severity"] for f in json.loads(result.stdout)["findings"]}


def test_without_a_setting_person_first_rules_and_slurs_are_reported(tmp_path: Path) -> None:
    found = findings(tmp_path, None)
    assert found == {"TI510": "warning", "TI504": "warning", "TI517": "error", "TI516": "warning"}


def test_person_first_false_turns_off_only_the_person_first_rules(tmp_path: Path) -> None:
    found = findings(tmp_path, "wording:\n  person-first: false\n")
    assert found == {"TI517": "error", "TI516": "warning"}  # "junkies", "psycho" are still reported


def test_identity_terms_are_accepted_and_other_words_are_not(tmp_path: Path) -> None:
    found = findings(tmp_path, "wording:\n  identity-terms: [addict]\n")
    assert "TI510" not in found  # "recovering addict": the term the people served chose
    assert found["TI504"] == "warning"  # "schizophrenic" is not in the list
    assert found["TI517"] == "error"  # a slur is not a person-first rule: the list does not reach it


def test_an_identity_term_of_several_words_matches_every_inflection(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "note.txt").write_text("Client and two other working girls came in for coffee.\n", encoding="utf-8")
    run = lambda: CliRunner().invoke(cli, ["check", "--format", "json", str(tmp_path / "note.txt")])  # noqa: E731
    assert [f["rule"] for f in json.loads(run().stdout)["findings"]] == ["TI501"]
    (tmp_path / ".tilint.yaml").write_text("wording:\n  identity-terms: [working girl]\n", encoding="utf-8")
    assert json.loads(run().stdout)["findings"] == []


def test_a_rule_named_under_rules_wins_over_person_first_false(tmp_path: Path) -> None:
    found = findings(tmp_path, "wording:\n  person-first: false\nrules:\n  TI510: info\n")
    assert found == {"TI510": "info", "TI517": "error", "TI516": "warning"}


def test_person_first_is_a_selector_that_takes_a_severity(tmp_path: Path) -> None:
    found = findings(tmp_path, "rules:\n  person-first: info\n")
    assert found == {"TI510": "info", "TI504": "info", "TI517": "error", "TI516": "warning"}


def test_person_first_off_for_one_folder_only(tmp_path: Path) -> None:
    (tmp_path / "ana").mkdir()
    (tmp_path / "ana" / "note.txt").write_text(NOTE, encoding="utf-8")
    config = "overrides:\n  - files: ['ana/**']\n    rules: {person-first: off}\n"
    assert set(findings(tmp_path, config)) == {"TI510", "TI504", "TI517", "TI516"}
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(tmp_path / "ana" / "note.txt")])
    assert {f["rule"] for f in json.loads(result.stdout)["findings"]} == {"TI517", "TI516"}


@pytest.mark.parametrize(
    ("config", "key"),
    [
        ("wording:\n  person-first: no-thanks\n", "wording.person-first"),
        ("wording:\n  identity-term: [Deaf]\n", "wording.identity-term"),
        ("wording:\n  identity-terms: [Deaf, 3]\n", "wording.identity-terms"),
        ("wording: identity-first\n", "wording"),
    ],
)
def test_a_mistake_is_one_line_naming_the_key(tmp_path: Path, config: str, key: str) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "note.txt").write_text(NOTE, encoding="utf-8")
    (tmp_path / ".tilint.yaml").write_text(config, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "note.txt")])
    assert result.exit_code == 2
    assert f"key '{key}'" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_rule_with_an_unknown_wording_is_a_rules_error(tmp_path: Path) -> None:
    rules = tmp_path / "agency"
    rules.mkdir()
    source = (builtin_rules_dir() / "labels" / "TI515-self-harm-labels.yaml").read_text(encoding="utf-8")
    text = source.replace("id: TI515", "id: AG1").replace("name: self-harm-labels", "name: agency-cutter")
    (rules / "AG1.yaml").write_text(text.replace("wording: person-first", "wording: identity-first"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-config", "--rules", str(rules), "-"], input="Hello.\n")
    assert result.exit_code == 2
    assert "AG1" in result.stderr and "key 'wording'" in result.stderr


def test_the_person_first_rules_are_the_ones_the_readme_lists() -> None:
    marked = sorted(r.id for r in load_rules([builtin_rules_dir()]) if r.wording == "person-first")
    assert marked == ["TI501", "TI504", "TI507", "TI510", "TI515", "TI520"]
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert all(rule in readme.split("person-first rules")[1][:600] for rule in marked)
