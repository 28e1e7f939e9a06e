"""CSV and TSV exports: note columns, row and column locations, true line and column in the file."""

from __future__ import annotations

import csv
import io
import json
import re
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tilint.cli import cli
from tilint.formats import Input, read_document
from tilint.formats.table import NO_COLUMN, read_csv
from tilint.runner import Linter
from tilint.sources import SourceError

FIXTURE = Path(__file__).parent / "fixtures" / "case-export.csv"


def physical_lines(raw: str) -> list[str]:
    """The file's lines as a CSV reader sees them (\\r\\n, \\r or \\n end a line), with their ends."""
    return [m.group() for m in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", raw)]


def check(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "json", *args])
    return result.exit_code, json.loads(result.output)


def at(raw: str, finding: dict) -> str:
    """The source text a finding's line, column and end column point at."""
    assert finding["end_line"] == finding["line"]
    line = physical_lines(raw)[finding["line"] - 1]
    return line[finding["column"] - 1 : finding["end_column"] - 1]


def where(raw: str, phrase: str) -> tuple[int, int, int]:
    """(line, column, end column) of the only occurrence of *phrase* in *raw*, found by hand."""
    assert raw.count(phrase) == 1
    for number, line in enumerate(physical_lines(raw), 1):
        if phrase in line:
            column = line.index(phrase) + 1
            return number, column, column + len(phrase)
    raise AssertionError(phrase)


def summary(findings: list[dict]) -> list[tuple]:
    return [(f["rule"], f["line"], f["column"], f["end_column"], f.get("location")) for f in findings]


def test_agency_export_findings_point_at_row_column_and_the_words_in_the_file() -> None:
    raw = FIXTURE.read_text(encoding="utf-8")
    status, report = check(str(FIXTURE))
    assert status == 1 and report["errors"] == []
    line, column, _ = where(raw, "my victims")  # TI101 reports only "my", so "the" pastes in
    # Only "Case Note" is a note column: "Why didn't you leave?" under "Next Steps" is not read.
    assert summary(report["findings"]) == [
        # TI402 reports "claims" alone, so "reported" pastes in as written
        ("TI402", *where(raw, "claims"), "row 1, column Case Note"),
        # a quoted cell over three lines; line 5 is its third line
        ("TI101", line, column, column + len("my"), "row 2, column Case Note"),
        # after two doubled quotes on the same line; TI602 reports "refused", so "declined" pastes in
        ("TI602", *where(raw, "refused"), "row 4, column Case Note"),
        ("TI601", *where(raw, "is non-compliant with"), "row 5, column Case Note"),
    ]
    assert [f["line"] for f in report["findings"]] == [2, 5, 7, 8]
    assert all(at(raw, f) == f["match"] for f in report["findings"])


def test_named_columns_are_case_insensitive_and_replace_the_guess() -> None:
    status, report = check("--csv-column", "next steps", str(FIXTURE))
    assert [(f["rule"], f["location"]) for f in report["findings"]] == [("TI301", "row 3, column Next Steps")]
    document = read_csv(Input(str(FIXTURE), FIXTURE, options={"csv_columns": ["CASE NOTE", "next steps"]}))
    labels = {part.locate().label(0) for part in document.parts}
    assert "row 3, column Next Steps" in labels and "row 1, column Case Note" in labels


def test_guessed_note_columns() -> None:
    data = b"id,Narrative,Worker Comments,Case_Note,summary_text,Description,Notes,name\n1,a,b,c,d,e,f,g\n"
    document = read_csv(Input("x.csv", data=data))
    assert [part.locate().label(0) for part in document.parts] == [
        f"row 1, column {name}"
        for name in ("Narrative", "Worker Comments", "Case_Note", "summary_text", "Description", "Notes")
    ]


def test_no_note_column_is_one_error_and_other_files_are_still_linted(tmp_path: Path) -> None:
    bad = tmp_path / "export.csv"
    bad.write_text("id,date,worker\n1,2024-01-01,These are my victims\n", encoding="utf-8")
    status, report = check(str(bad), str(FIXTURE))
    assert report["errors"] == [{"path": str(bad), "message": NO_COLUMN}]
    assert {f["path"] for f in report["findings"]} == {str(FIXTURE)}
    with pytest.raises(SourceError, match="no column named notes"):
        read_csv(Input("x.csv", data=b"id,comment\n1,x\n", options={"csv_columns": ["Notes"]}))


def test_malformed_quote_is_an_error_with_its_line_and_other_files_are_still_linted(tmp_path: Path) -> None:
    bad = tmp_path / "broken.csv"
    bad.write_text('id,notes\n1,fine\n2,"my victims" she said\n3,more\n', encoding="utf-8")
    status, report = check(str(bad), str(FIXTURE))
    assert status == 2
    assert len(report["errors"]) == 1
    error = report["errors"][0]
    assert error["path"] == str(bad)
    assert error["message"].startswith("malformed CSV at line 3:") and "\n" not in error["message"]
    assert {f["path"] for f in report["findings"]} == {str(FIXTURE)}
    unclosed = b'id,notes\n1,fine\n2,"never closed\nmy victims\n'
    with pytest.raises(SourceError, match=r"^malformed CSV at lines 3-4: unexpected end of data$"):
        list(read_csv(Input("x.csv", data=unclosed)).parts)


def test_ragged_rows_lint_what_is_there(linter: Linter) -> None:
    data = b"id,date,notes,worker\n1,2024-01-01\n2,2024-01-02,These are my victims\n3\n"
    findings = linter.lint_document(read_csv(Input("x.csv", data=data))).findings
    assert [(f.rule, f.line, f.column, f.location) for f in findings] == [("TI101", 3, 24, "row 2, column notes")]


def test_crlf_bom_and_multiline_cells(linter: Linter) -> None:
    raw = 'id,notes\r\n1,"First line\r\nsecond ""line"", and my victims"\r\n2,ok\r\n'
    findings = linter.lint_document(read_csv(Input("x.csv", data=b"\xef\xbb\xbf" + raw.encode()))).findings
    line, column, _ = where(raw, "my victims")
    assert [(f.rule, f.line, f.column, f.end_column, f.location) for f in findings] == [
        ("TI101", line, column, column + len("my"), "row 1, column notes")
    ]
    old_mac = 'id,notes\r1,ok\r2,"First line\rand my victims"\r'
    findings = linter.lint_document(read_csv(Input("x.csv", data=old_mac.encode()))).findings
    assert [(f.line, f.column, f.location) for f in findings] == [(4, 5, "row 2, column notes")]


def test_tsv_and_semicolon_exports(linter: Linter) -> None:
    tsv = "id\tcase_note\n1\tClient claims, she said, it was fine\n"
    findings = linter.lint_document(read_document(Input("export.tsv", data=tsv.encode()))).findings
    assert [(f.rule, f.line, f.column, f.location) for f in findings] == [("TI402", 2, len("1\tClient ") + 1, "row 1, column case_note")]
    semicolons = "id;date;notes\n1;2024-01-01;Client claims, she said, it was fine\n"
    findings = linter.lint_document(read_csv(Input("export.csv", data=semicolons.encode()))).findings
    assert [(f.rule, f.line, f.column, f.location) for f in findings] == [("TI402", 2, len("1;2024-01-01;Client ") + 1, "row 1, column notes")]


def test_windows_1252_export_is_read_with_a_note(linter: Linter) -> None:
    data = "id,notes\n1,Café visit. These are my victims.\n".encode("cp1252")
    document = read_csv(Input("x.csv", data=data))
    assert document.note == "not valid UTF-8; read as Windows-1252"
    findings = linter.lint_document(document).findings
    assert [(f.line, f.column, f.match) for f in findings] == [(2, 25, "my")]


def test_late_invalid_utf8_is_read_as_windows_1252_and_noted() -> None:
    head = "id,notes\n" + "1,fine\n" * 20000  # more than the first chunk the encoding is decided on
    data = head.encode() + "2,Café\n".encode("cp1252")
    document = read_csv(Input("x.csv", data=data))
    assert document.note is None
    parts = list(document.parts)
    assert parts[-1].text == "Café" and parts[-1].locate().line_col(3) == (20002, 6)
    assert document.note == "not valid UTF-8 in places; those bytes were read as Windows-1252"


def test_utf16_export() -> None:
    data = "id\tnotes\n1\tmy victims\n".encode("utf-16")
    parts = list(read_csv(Input("x.tsv", data=data)).parts)
    assert [(p.text, p.locate().line_col(0)) for p in parts] == [("my victims", (2, 3))]


def test_utf16_without_byte_order_mark_is_read_with_a_note() -> None:
    document = read_csv(Input("x.csv", data="id,notes\n1,my victims\n".encode("utf-16-le")))
    assert document.note == "no byte-order mark; read as UTF-16-LE"
    assert [(p.text, p.locate().line_col(0)) for p in document.parts] == [("my victims", (2, 3))]


def test_spreadsheet_and_empty_files() -> None:
    with pytest.raises(SourceError, match="not CSV text"):
        read_csv(Input("x.csv", data=b"PK\x03\x04rest"))
    assert list(read_csv(Input("x.csv", data=b"")).parts) == []


cells = st.lists(st.sampled_from(list('ab ,;"\t\né') + ["\r\n", '""']), max_size=12).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    rows=st.lists(st.lists(cells, min_size=1, max_size=4), min_size=1, max_size=5),
    quote_all=st.booleans(),
    tab=st.booleans(),
    crlf=st.booleans(),
)
def test_every_character_of_a_cell_is_located_in_the_file(
    rows: list[list[str]], quote_all: bool, tab: bool, crlf: bool
) -> None:
    out = io.StringIO(newline="")
    writer = csv.writer(
        out, delimiter="\t" if tab else ",", lineterminator="\r\n" if crlf else "\n",
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerow(["notes", "comment", "summary", "narrative"])
    writer.writerows(rows)
    raw = out.getvalue()
    lines = physical_lines(raw)
    parts = list(read_csv(Input("x.tsv" if tab else "x.csv", data=raw.encode())).parts)
    expected = [(r, c) for r, row in enumerate(rows, 1) for c, cell in enumerate(row) if cell.strip()]
    names = ["notes", "comment", "summary", "narrative"]
    assert [p.locate().label(0) for p in parts] == [f"row {r}, column {names[c]}" for r, c in expected]
    for part in parts:
        locator = part.locate()
        for offset, char in enumerate(part.text):
            line, column = locator.line_col(offset)
            assert lines[line - 1][column - 1] == char
            assert locator.line_text(line) == lines[line - 1].rstrip("\r\n")


VOCABULARY = ["met", "client", "at", "the", "clinic", "housing", "we", "talked", "about", "work", "today", "plan"]
prose = st.lists(
    st.tuples(st.sampled_from(VOCABULARY), st.sampled_from([" ", ", ", ". ", "\n", "\r\n"])), max_size=8
).map(lambda pairs: "".join(word + gap for word, gap in pairs))


@settings(max_examples=40, deadline=None)
@given(
    before=prose, after=prose, others=st.lists(cells, min_size=3, max_size=3),
    row=st.integers(1, 3), column=st.sampled_from(["Case Notes", "Narrative"]),
)
def test_a_finding_points_at_the_words_in_the_file(
    linter: Linter, before: str, after: str, others: list[str], row: int, column: str
) -> None:
    header = ["Client", "Case Notes", "Worker", "Narrative"]
    rows = [[others[0], "", others[1], others[2]] for _ in range(3)]
    rows[row - 1][header.index(column)] = f"{before}my victims {after}"
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows([header, *rows])
    raw = out.getvalue()
    # the other cells may hold findings of their own (a quoted word, 'a "a"', is scare quotes)
    findings = [f for f in linter.lint_document(read_csv(Input("x.csv", data=raw.encode()))).findings if f.rule == "TI101"]
    assert [(f.rule, f.location) for f in findings] == [("TI101", f"row {row}, column {column}")]
    line = physical_lines(raw)[findings[0].line - 1]
    assert line[findings[0].column - 1 : findings[0].end_column - 1] == "my"  # TI101 reports only "my"


def test_a_large_export_streams_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    note = "Met with her at the drop-in centre; we talked about housing, work and a safety plan. " * 2
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_id", "worker", "case_note"])
        for number in range(100_000):
            writer.writerow([number, "J. Ortiz", note + ("These are my victims." if number == 99_999 else "")])
    assert path.stat().st_size > 18_000_000
    tracemalloc.start()
    try:
        document = read_csv(Input(str(path), path))
        parts = iter(document.parts)
        first = next(parts)
        assert first.locate().label(0) == "row 1, column case_note"
        count = 1
        for last in parts:
            count += 1
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 100_000
    assert last.locate().label(0) == "row 100000, column case_note"
    column = len('99999,J. Ortiz,"') + len(note) + len("These are ") + 1  # the cell holds commas: quoted
    assert last.locate().line_col(last.text.index("my victims")) == (100_001, column)
    assert peak < 5_000_000  # the file is over 18 MB; a reader that held it would need far more


def test_a_csv_export_is_never_an_intake_script(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tilint.cli import cli

    path = tmp_path / "screening-interview-export.csv"
    path.write_text("id,notes\n1,Asked where she is staying tonight.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "json", str(path)])
    assert result.exit_code == 0, result.stdout
    assert '"findings": []' in result.stdout
