"""Inline suppressions with reasons, unused-suppression reports, and baselines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tilint.cli import cli


def lint(path: Path, *args: str) -> tuple[int, dict, str]:
    result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "json", *args, str(path)])
    return result.exit_code, json.loads(result.stdout) if result.stdout.startswith("{") else {}, result.stderr


def lines_of(report: dict) -> list[tuple[int, str]]:
    return [(f["line"], f["rule"]) for f in report["findings"]]


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("n.txt", "Met my victims.\ntilint: disable-next-line=TI101 -- court order wording\nMet my victims.\n",
         [(1, "TI101")]),
        ("n.md", "<!-- tilint: disable-next-line=possessive-victims -- court order -->\nMet my victims.\n"
         "Met my victims.\n", [(3, "TI101")]),
        ("n.txt", "tilint: disable=ownership -- training handout\nMet my victims.\nOur girls came.\n"
         "tilint: enable=ownership\nMet my victims.\n", [(5, "TI101")]),
        ("n.md", "<!-- tilint: disable-file -- list of phrases to avoid -->\nMet my victims.\nClient claims it.\n",
         []),
        ("n.txt", "tilint: disable-file=TI402 -- client's own word\nMet my victims.\nClient claims it.\n",
         [(2, "TI101")]),
        ("n.txt", "tilint: disable -- whole region\nMet my victims.\nClient claims it.\n", []),
    ],
    ids=["next-line-text", "next-line-markdown-by-name", "region-by-category", "whole-file", "whole-file-one-rule",
         "region-all-rules"],
)
def test_suppressions(tmp_path: Path, name: str, text: str, expected: list[tuple[int, str]]) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _, report, _ = lint(path)
    assert lines_of(report) == expected


def test_the_directive_line_itself_is_not_linted(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text("tilint: disable-next-line=TI402 -- she said my victims, quoting him\nClient claims it.\n")
    _, report, _ = lint(path)
    assert report["findings"] == []


def test_suppressions_are_listed_with_their_reasons(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text("tilint: disable-next-line=TI101 -- court order wording\nMet my victims.\n")
    _, report, _ = lint(path)
    assert report["suppressions"] == [{
        "path": str(path), "line": 1, "directive": "tilint: disable-next-line=TI101",
        "reason": "court order wording", "used": True,
    }]


def test_require_reason(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text("tilint: disable-next-line=TI101\nMet my victims.\n")
    code, report, err = lint(path)
    assert code == 0 and report["findings"] == []
    code, report, _ = lint(path, "--require-reason")
    assert code == 2
    assert lines_of(report) == [(2, "TI101")], "a suppression without a reason does not apply"
    assert report["errors"] == [{"path": str(path), "message": "line 1: suppression without a reason (add '-- why')"}]


def test_unknown_rule_in_a_suppression_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text("tilint: disable-next-line=TI1O1 -- typo\nMet my victims.\n")
    code, report, _ = lint(path)
    assert code == 2
    assert report["errors"][0]["message"] == "line 1: suppression names no rule: TI1O1"


def test_report_unused(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text("tilint: disable-next-line=TI101 -- no longer needed\nClient chose the morning slot.\n")
    assert lint(path)[0] == 0
    result = CliRunner().invoke(cli, ["check", "--no-config", "--report-unused", str(path)])
    assert result.exit_code == 1
    assert f"{path}:1: unused suppression: tilint: disable-next-line=TI101" in result.stdout


def test_baseline_fails_only_on_new_findings_and_holds_no_text(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.txt").write_text("Met my victims.\nClient claims she left.\n", encoding="utf-8")
    baseline = tmp_path / "tilint-baseline.json"
    result = CliRunner().invoke(cli, ["check", "--no-config", "--write-baseline", str(baseline), str(notes)])
    assert result.exit_code == 0
    recorded = baseline.read_text(encoding="utf-8")
    assert "victims" not in recorded and "claims" not in recorded
    assert len(json.loads(recorded)["findings"]) == 2

    code, report, _ = lint(notes, "--baseline", str(baseline))
    assert code == 0 and report["findings"] == []
    (notes / "a.txt").write_text("New first line.\nMet my victims.\nClient claims she left.\nOur girls came.\n")
    code, report, _ = lint(notes, "--baseline", str(baseline))
    assert code == 1
    assert lines_of(report) == [(4, "TI102")]


def test_bad_baseline_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "b.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    note = tmp_path / "n.txt"
    note.write_text("Met my victims.\n", encoding="utf-8")
    for baseline in (bad, tmp_path / "missing.json"):
        code, _, err = lint(note, "--baseline", str(baseline))
        assert code == 2
        assert err.startswith(f"tilint: error: {baseline}: ") and err.count("\n") == 1


TYPOS = [
    "tilint: disable-lines=TI402",
    "tilint: disable-nextline=",
    "tilint: disable-next-line=",
    "tilint: disable TI402",
    "tilint: disable=TI402,",
    "tilint: disable=TI402 TI101",
    "tilint: disable=TI402;TI101 -- two rules",
    "Tilint: Disable-Line=TI402",
    "She was tired today. # tilint: disable-line=TI402",
    "She was tired today. tilint: disable-next-line=TI402 -- trailing, so it is not on a line of its own",
    "<!-- tilint: disable-next-line=TI402 --> She was tired today.",
]


@pytest.mark.parametrize("directive", TYPOS)
def test_a_mistyped_suppression_is_an_error_and_silences_nothing(tmp_path: Path, directive: str) -> None:
    """Each of these once read as a bare 'disable' of every rule to the end of the file."""
    path = tmp_path / "n.txt"
    path.write_text(f"{directive}\nClient claims it.\nMet my victims.\n", encoding="utf-8")
    code, report, _ = lint(path)
    assert code == 2
    assert [e["message"].split(":")[0] for e in report["errors"]] == ["line 1"]
    assert report["errors"][0]["message"].endswith("it silences nothing")
    assert {rule for _, rule in lines_of(report)} == {"TI402", "TI101"}, "every rule still applies below it"
    assert report["suppressions"] == []


def test_a_mistyped_suppression_is_one_line_on_stderr_and_the_other_files_are_linted(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("tilint: disable-lines=TI402\nClient claims it.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Met my victims.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-config", str(tmp_path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.stderr.splitlines() == [
        f"{tmp_path}/a.txt: error: line 1: unknown suppression 'tilint: disable-lines' "
        "(did you mean 'disable-next-line'?); it silences nothing"
    ]
    assert "a.txt:2:8: warning TI402" in result.stdout and "b.txt:1:5: warning TI101" in result.stdout


def test_disable_line_points_at_the_directive_that_exists(tmp_path: Path) -> None:
    path = tmp_path / "n.txt"
    path.write_text("Client claims it. # tilint: disable-line=TI402\n", encoding="utf-8")
    _, report, _ = lint(path)
    assert report["errors"][0]["message"] == (
        "line 1: unknown suppression 'tilint: disable-line' (did you mean 'disable-next-line', on the line "
        "before?); it silences nothing"
    )


@pytest.mark.parametrize(
    ("name", "directive"),
    [
        ("n.md", "<!-- tilint: disable-next-line=TI101 -- court order -->"),
        ("n.md", "<!--tilint: disable-next-line=TI101--court order-->"),
        ("n.md", "<!-- tilint: disable-next-line = TI101 , possessive-girls --court order -->"),
        ("n.html", "<!-- tilint: disable-next-line=TI101 -- court order -->"),
        ("n.txt", "tilint: disable-next-line=TI101-- court order"),
        ("n.txt", "tilint: disable-next-line=possessive-victims -- court order"),
        ("n.txt", "/* tilint: disable-next-line=TI101 -- court order */"),
        ("n.txt", "// tilint: disable-next-line=TI101 -- court order"),
        ("n.txt", "tilint: disable-next-line=TI101 \u2013 court order"),  # a word processor's dash
        ("n.txt", "tilint: disable-next-line=TI101 \u2014 court order"),
        ("n.yaml", "# tilint: disable-next-line=TI101 -- court order"),
    ],
)
def test_require_reason_finds_the_reason_in_every_comment_style(tmp_path: Path, name: str, directive: str) -> None:
    path = tmp_path / name
    line = "q: Met my victims." if name.endswith(".yaml") else "<p>Met my victims.</p>" if name.endswith(".html") \
        else "Met my victims."
    path.write_text(f"{directive}\n{line}\n", encoding="utf-8")
    code, report, _ = lint(path, "--require-reason")
    assert (code, report["errors"], report["findings"]) == (0, [], [])
    assert [s["reason"] for s in report["suppressions"]] == ["court order"]


@pytest.mark.parametrize("directive", ["<!-- tilint: disable-next-line=TI101 -->", "<!-- tilint: disable-file-->",
                                       "tilint: disable-next-line=TI101 --"])
def test_a_comment_closer_is_no_reason(tmp_path: Path, directive: str) -> None:
    path = tmp_path / "n.md"
    path.write_text(f"{directive}\nMet my victims.\n", encoding="utf-8")
    code, report, _ = lint(path, "--require-reason")
    assert code == 2
    assert report["errors"][0]["message"] == "line 1: suppression without a reason (add '-- why')"
    assert lines_of(report) == [(2, "TI101")]


def test_tilint_mentioned_in_prose_is_no_directive(tmp_path: Path) -> None:
    path = tmp_path / "n.md"
    path.write_text("We lint notes with tilint: a linter. Write `tilint: disable-file -- why` to skip one.\n\n"
                    "Met my victims.\n", encoding="utf-8")
    code, report, _ = lint(path)
    assert (code, report["errors"], lines_of(report)) == (1, [], [(3, "TI101")])


def test_a_directive_inside_a_code_span_is_a_mention(tmp_path: Path) -> None:
    """A handout that shows the syntax in code spans (`# tilint: ...`, `<!-- tilint: ... -->`)
    is not mistyping a directive; the same words after text outside a code span still are."""
    path = tmp_path / "n.md"
    path.write_text("A trailing `# tilint: disable-line=TI101` after text is an error.\n"
                    "Offer a line to fill in (`<!-- tilint: disable-next-line=TI101 -- reason -->`).\n\n"
                    "Met my victims.\n", encoding="utf-8")
    code, report, _ = lint(path)
    assert (code, report["errors"], lines_of(report)) == (1, [], [(4, "TI101")])
    path.write_text("Met my victims. # tilint: disable-line=TI101\n", encoding="utf-8")
    code, report, _ = lint(path)
    assert code == 2 and "line 1: unknown suppression" in report["errors"][0]["message"]
