"""The command line as users and other tools rely on it (DESIGN.md contract)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tilint import __version__
from tilint.cli import cli

NOTE = "Client arrived at 9.\nMet two of my victims at court today.\n"


def invoke(*args: str, stdin: str | bytes | None = None, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin, env=env)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(NOTE, encoding="utf-8")
    (tmp_path / "clean.md").write_text("# Visit\n\nClient chose the morning slot.\n", encoding="utf-8")
    return tmp_path


def test_json_output_follows_the_contract(notes: Path) -> None:
    (notes / "b.txt").write_bytes(b"\x00\x01\x02binary")
    code, out, _ = invoke("check", "--format", "json", str(notes / "a.txt"), str(notes / "b.txt"))
    report = json.loads(out)
    assert code == 2, "an unreadable input makes the exit status 2"
    assert report["tilint"] == __version__
    (finding,) = [f for f in report["findings"] if f["rule"] == "TI101"]
    assert finding == {
        "path": str(notes / "a.txt"),
        "line": 2,
        "column": 12,
        "end_line": 2,
        "end_column": 14,
        "rule": "TI101",
        "name": "possessive-victims",
        "category": "ownership",
        "severity": "warning",
        "message": finding["message"],
        "match": "my",
        "suggestions": finding["suggestions"],
    }
    assert '"my"' in finding["message"] and finding["suggestions"]
    assert report["errors"] == [{"path": str(notes / "b.txt"), "message": "binary file, skipped"}]
    assert report["summary"] == {"files": 1, "findings": len(report["findings"]), "errors": 1}


def test_exit_status_follows_fail_on(notes: Path) -> None:
    target = str(notes / "a.txt")
    assert invoke("check", target)[0] == 1
    assert invoke("check", "--fail-on", "error", target)[0] == 0
    assert invoke("check", "--fail-on", "info", target)[0] == 1
    assert invoke("check", "--fail-on", "never", target)[0] == 0
    assert invoke("check", str(notes / "clean.md"))[0] == 0


def test_text_output_reads_like_a_report(notes: Path) -> None:
    code, out, _ = invoke("check", str(notes / "a.txt"))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{notes / 'a.txt'}:2:12: warning TI101 possessive-victims"
    source = next(i for i, line in enumerate(lines) if line.endswith("| Met two of my victims at court today."))
    caret_line = lines[source + 1]
    assert caret_line.index("^") == lines[source].index("my victims")
    assert caret_line.count("^") == len("my")
    assert any(line.strip().startswith("Instead, consider:") for line in lines)
    assert lines[-1] == "1 finding (1 warning) in 1 file."
    assert "\x1b[" not in out, "no colour when output is not a terminal"


def test_colour_can_be_forced_and_no_color_wins_over_auto(notes: Path) -> None:
    assert "\x1b[" in invoke("check", "--color", str(notes / "a.txt"))[1]
    assert "\x1b[" not in invoke("check", str(notes / "a.txt"), env={"NO_COLOR": "1"})[1]


def test_redact_leaves_out_matched_words_and_source_lines(notes: Path) -> None:
    _, out, _ = invoke("check", "--redact", str(notes / "a.txt"))
    assert "my victims" not in out and "court" not in out
    _, out, _ = invoke("check", "--redact", "--format", "json", str(notes / "a.txt"))
    finding = json.loads(out)["findings"][0]
    assert "match" not in finding and "my victims" not in json.dumps(finding)


def test_select_and_ignore_by_id_name_and_category(notes: Path) -> None:
    target = str(notes / "a.txt")
    for selector in ("TI101", "ti101", "possessive-victims", "ownership"):
        _, out, _ = invoke("check", "--format", "json", "--select", selector, target)
        assert {f["rule"] for f in json.loads(out)["findings"]} == {"TI101"}, selector
        code, out, _ = invoke("check", "--format", "json", "--ignore", selector, target)
        assert "TI101" not in {f["rule"] for f in json.loads(out)["findings"]}, selector


def test_unknown_selector_is_one_line_and_status_2(notes: Path) -> None:
    code, out, err = invoke("check", "--select", "possesive-victims", str(notes / "a.txt"))
    assert code == 2
    assert err.strip() == (
        "tilint: error: --select: 'possesive-victims' is not a rule id, rule name or category "
        "(did you mean 'possessive-victims'?)"
    )


def test_missing_path_is_reported_and_other_files_still_linted(notes: Path) -> None:
    code, out, err = invoke("check", str(notes / "gone.txt"), str(notes / "a.txt"))
    assert code == 2
    assert "TI101" in out
    assert err.strip() == f"{notes / 'gone.txt'}: error: no such file or directory"


def test_standard_input_with_a_name(notes: Path) -> None:
    code, out, _ = invoke("check", "--format", "json", "--stdin-filename", "visit-notes.md", "-", stdin=NOTE)
    report = json.loads(out)
    assert code == 1
    assert report["findings"][0]["path"] == "visit-notes.md"
    assert report["findings"][0]["line"] == 2


def test_folders_recurse_skip_hidden_and_gitignored(tmp_path: Path) -> None:
    (tmp_path / "notes" / "2024").mkdir(parents=True)
    (tmp_path / "notes" / "2024" / "june.md").write_text(NOTE, encoding="utf-8")
    (tmp_path / ".drafts").mkdir()
    (tmp_path / ".drafts" / "x.txt").write_text(NOTE, encoding="utf-8")
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "y.txt").write_text(NOTE, encoding="utf-8")
    (tmp_path / ".gitignore").write_text("old/\n", encoding="utf-8")
    _, out, _ = invoke("check", "--format", "json", str(tmp_path))
    report = json.loads(out)
    assert {f["path"] for f in report["findings"]} == {f"{tmp_path}/notes/2024/june.md"}
    assert report["summary"]["files"] == 1


def test_legacy_encoding_is_read_with_a_note(tmp_path: Path) -> None:
    target = tmp_path / "old.txt"
    target.write_bytes("Caf\xe9 visit. Met my victims.\n".encode("cp1252"))
    code, out, err = invoke("check", str(target))
    assert code == 1
    assert ":1:17: warning TI101" in out
    assert "note: not valid UTF-8; read as Windows-1252" in err


def test_utf16_with_bom(tmp_path: Path) -> None:
    target = tmp_path / "w.txt"
    target.write_bytes("\ufeffMet my victims.\r\n".encode("utf-16-le"))
    code, out, _ = invoke("check", "--format", "json", str(target))
    finding = json.loads(out)["findings"][0]
    assert (finding["line"], finding["column"], finding["match"]) == (1, 5, "my")


def test_rules_explain_and_test_rules() -> None:
    code, out, _ = invoke("rules")
    assert code == 0 and "TI101    warning  ownership    possessive-victims" in out
    code, out, _ = invoke("explain", "possessive-victims")
    assert code == 0
    for heading in ("Message:", "Why:", "Instead, consider:", "Source:", "Flagged:", "Not flagged:"):
        assert heading in out
    assert invoke("explain", "TI999999")[0] == 2
    code, out, _ = invoke("test-rules", "--select", "TI101")
    assert code == 0 and out.strip().endswith("0 failed.")


def test_explain_says_what_a_trainer_can_configure_and_what_fix_will_not_paste() -> None:
    code, out, _ = invoke("explain", "TI501")  # person-first, with an advice alternative
    assert code == 0
    assert "wording: {person-first: false}" in out and "identity-terms" in out
    assert "  - person in the sex trade\n" in out  # a replacement, pasted as written
    assert "the client's own term for their experience (advice: not pasted by --fix)" in out
    code, out, _ = invoke("explain", "TI301")  # no wording switch
    assert code == 0 and "person-first" not in out


def test_test_rules_reports_a_failing_example(tmp_path: Path) -> None:
    from tests.test_rule_loading import GOOD

    (tmp_path / "AG101.yaml").write_text(GOOD.replace("[We drove the clients home.]", "[Ask our clients.]"))
    code, out, _ = invoke("test-rules", str(tmp_path))
    assert code == 1
    assert "AG101 our-clients: pass example 1 fired on: Ask our clients." in out


def run_module(*args: str) -> subprocess.CompletedProcess[str]:
    code = "import sys, runpy; sys.argv = ['tilint', *sys.argv[1:]]; " \
           "import tilint.cli as c\ntry:\n c.main()\nexcept SystemExit as e:\n " \
           "print('spacy' in sys.modules, file=sys.stderr); raise"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args", [["--version"], ["rules"], ["check", "--select", "nonsense", "."]])
def test_answers_without_importing_spacy(args: list[str]) -> None:
    proc = run_module(*args)
    assert proc.stderr.strip().endswith("False"), proc.stderr


def test_python_dash_m(notes: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "tilint", "check", str(notes / "a.txt")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "TI101 possessive-victims" in proc.stdout
    assert "Traceback" not in proc.stderr


SCRIPT = 'Say: "Thank you for coming in."\nAsk: "Where are you staying tonight?"\n'


@pytest.mark.parametrize(
    ("name", "args", "text", "expected"),
    [
        ("intake-questions.md", [], SCRIPT, {"TI091", "TI092"}),
        ("visit-notes.md", [], SCRIPT, set()),
        ("visit-notes.md", ["--scripts", "visit-*.md"], SCRIPT, {"TI091", "TI092"}),
        ("intake-questions.md", ["--scripts", "forms/*.md"], SCRIPT, set()),
        ("notes.md", [], "---\ntilint-document: script\n---\n" + SCRIPT, {"TI091", "TI092"}),
        ("intake.md", [], "---\ntilint-document: notes\n---\n" + SCRIPT, set()),
        ("intake.md", [], 'Say: "You can skip any question, and we can stop at any time."\n' + SCRIPT, set()),
        ("intake.md", [], 'Say: "You can skip any question."\n' + SCRIPT, {"TI092"}),
    ],
    ids=["name", "notes-name", "glob", "glob-replaces-default", "front-matter-script", "front-matter-notes",
         "offers-both", "offers-skip-only"],
)
def test_document_checks_apply_to_scripts(name: str, args: list[str], text: str, expected: set[str]) -> None:
    _, out, _ = invoke("check", "--format", "json", "--select", "autonomy", "--stdin-filename", name, *args, "-",
                       stdin=text)
    findings = json.loads(out)["findings"]
    assert {f["rule"] for f in findings} == expected
    assert all((f["line"], f["column"]) == (1, 1) for f in findings)
