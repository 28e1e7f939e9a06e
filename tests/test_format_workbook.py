"""Excel workbooks (.xlsx, .xlsm): the note columns of every sheet, located by sheet, row (as Excel
numbers it) and column, and by line and character inside the cell.

Workbooks are built at test time with xlsxwriter and openpyxl (no binary files in the repository)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from click.testing import CliRunner

from tests.format_helpers import bad_beside_good, check_output as check
from tilint.cli import cli
from tilint.formats import Input
from tilint.formats.workbook import ENCRYPTED, NO_SHEET_COLUMN, UNREADABLE, read_workbook
from tilint.formats.table import NO_COLUMN

def located(report: dict) -> list[tuple[str, int, int, int, int, str]]:
    return [(f["rule"], f["line"], f["column"], f["end_line"], f["end_column"], f["location"]) for f in report["findings"]]


def report_export(path: Path) -> Path:
    """A case-management report export, as a report builder writes one: title and filter rows above
    the header, dates, a formula column, a note over two merged rows, a note of several lines, a
    sheet without notes, an empty sheet, and a second sheet of notes under another header name."""
    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    notes = book.add_worksheet("Notes")
    notes.write(0, 0, "Contact notes report")  # row 1: a title
    notes.write(1, 0, "Filtered by: program = all")  # row 2: the filter
    notes.write_row(3, 0, ["case_id", "contact_date", "worker", "case_note", "words"])  # row 4: the header
    notes.write_row(4, 0, [1041, None, "J. Ortiz"])
    notes.write_datetime(4, 1, datetime(2024, 3, 2), dates)
    notes.write_string(4, 3, "Met at the clinic. Client claims she was paid.")  # row 5
    notes.write_formula(4, 4, "=LEN(D5)", None, 46)
    notes.write_row(5, 0, [1042, None, "J. Ortiz", "Called her.\nShe refused services today."])  # row 6: two lines
    notes.write_datetime(5, 1, date(2024, 3, 3), dates)
    notes.write_row(6, 0, [1043, None, "A. Lee", 17])  # row 7: a number is not a note
    notes.merge_range(7, 3, 8, 3, "Our girls are at the shelter.")  # rows 8-9 merged: read once, in row 8
    # A formula is not a note; what it shows is: its cached value here is text (row 10), and a
    # formula whose words are flagged but whose value is empty reads as empty (row 11).
    notes.write_formula(9, 3, '="Why didn\'t you "&"leave?"', None, "Why didn't you leave?")
    notes.write_formula(10, 3, '=IF(A11="","","my victims")', None, "")
    lookup = book.add_worksheet("Lookup")
    lookup.write_row(0, 0, ["worker", "remarks"])
    lookup.write_row(1, 0, ["J. Ortiz", "Client claims to be on leave."])  # no note column: not read
    book.add_worksheet("Empty")
    older = book.add_worksheet("Older")
    older.write_row(0, 0, ["id", "Narrative"])
    older.write_row(1, 0, [900, "These are my victims, he said."])  # row 2
    book.close()
    return path


def test_report_export_findings_and_locations(tmp_path: Path) -> None:
    path = report_export(tmp_path / "export.xlsx")
    status, report, _ = check(str(path))
    assert status == 1 and report["errors"] == []
    # Lines count the note cells' lines in reading order: row 5 is line 1, row 6's two lines are
    # lines 2-3, row 8 line 4, row 10 line 5, then sheet Older's row 2 line 6.
    assert located(report) == [
        ("TI402", 1, 27, 1, 33, "sheet Notes, row 5, column case_note"),
        ("TI602", 3, 5, 3, 12, "sheet Notes, row 6, column case_note, line 2"),
        ("TI102", 4, 1, 4, 10, "sheet Notes, row 8, column case_note"),
        ("TI301", 5, 1, 5, 21, "sheet Notes, row 10, column case_note"),
        ("TI101", 6, 11, 6, 13, "sheet Older, row 2, column Narrative"),  # "my"
    ]
    assert [f["match"] for f in report["findings"]] == [
        "claims", "refused", "Our girls", "Why didn't you leave", "my",
    ]
    assert report["notes"] == [{"path": str(path), "message": "no note column in sheet Lookup; not read"}]


def test_the_line_under_a_finding_is_the_cells_own_line(tmp_path: Path) -> None:
    path = report_export(tmp_path / "export.xlsx")
    result = CliRunner().invoke(cli, ["check", "--no-config", "--select", "TI602", str(path)])
    assert "   3 | She refused services today.\n" in result.stdout
    assert f"{path}:3:5 (sheet Notes, row 6, column case_note, line 2): warning TI602" in result.stdout


def test_columns_named_in_the_configuration_apply_per_sheet(tmp_path: Path) -> None:
    path = report_export(tmp_path / "export.xlsx")
    # "Lookup!remarks" reads the Lookup sheet's remarks column; once a column is named, the other
    # sheets (which hold none of that name) are left out, with a note.
    status, report, _ = check("--csv-column", "Lookup!remarks", str(path))
    assert status == 1
    assert located(report) == [("TI402", 1, 8, 1, 14, "sheet Lookup, row 2, column remarks")]
    assert report["notes"][0]["message"] == "no note column in sheets Notes, Older; not read"
    (tmp_path / ".tilint.yaml").write_text("csv_columns: [narrative]\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(path)])
    assert [f["location"] for f in json.loads(result.stdout)["findings"]] == ["sheet Older, row 2, column Narrative"]


def test_macro_workbook_written_by_openpyxl(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Intake"
    sheet.append(["Client", "Date", "Intake notes"])
    sheet.append(["M.", date(2024, 5, 1), None])
    sheet.append(["R.", date(2024, 5, 2), "Alleged victim of labor trafficking; says the boss kept her pay."])
    sheet.merge_cells("A4:B4")
    sheet["C4"] = "=C3"  # a formula openpyxl saves without a value: empty, never its text
    path = tmp_path / "intake.xlsm"
    book.save(path)
    status, report, _ = check(str(path))
    assert status == 1
    assert located(report) == [("TI401", 1, 1, 1, 15, "sheet Intake, row 3, column Intake notes")]
    assert report["findings"][0]["match"] == "Alleged victim"


def test_parts_are_read_as_they_are_asked_for(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Notes")
    sheet.write_row(0, 0, ["id", "note"])
    for row in range(1, 2001):
        sheet.write_row(row, 0, [row, f"Note {row}: called about housing."])
    book.close()
    document = read_workbook(Input(str(path), path))
    parts = iter(document.parts)
    assert parts is document.parts  # a generator: a sheet's cells are not all made up front
    first = next(parts)
    assert first.text == "Note 1: called about housing." and first.locate().label(0) == "sheet Notes, row 2, column note"
    assert sum(1 for _ in parts) == 1999


def test_a_workbook_from_standard_input(tmp_path: Path) -> None:
    data = report_export(tmp_path / "export.xlsx").read_bytes()
    status, report, _ = check("--stdin-filename", "export.xlsx", "-", stdin=data)
    assert status == 1 and [f["rule"] for f in report["findings"]] == ["TI402", "TI602", "TI102", "TI301", "TI101"]


def _no_notes(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Totals").write_row(0, 0, ["worker", "contacts"])
    book.add_worksheet("Staff").write_row(0, 0, ["name", "team"])
    book.close()
    return path


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("encrypted.xlsx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096), ENCRYPTED),
        ("archive.xlsx", lambda p: _zip(p, {"notes.txt": "my victims"}), UNREADABLE),
        ("truncated.xlsm", lambda p: p.write_bytes(report_export(p.with_suffix(".tmp")).read_bytes()[:3000]), UNREADABLE),
        ("not-a-zip.xlsx", lambda p: p.write_text("case_note\nmy victims\n", encoding="utf-8"), UNREADABLE),
        ("totals.xlsx", _no_notes, NO_SHEET_COLUMN),
    ],
    ids=["encrypted", "zip-not-workbook", "truncated", "text", "no-note-column"],
)
def test_a_bad_workbook_is_one_line_and_the_others_are_linted(tmp_path: Path, name: str, make, message: str) -> None:
    bad = tmp_path / name
    make(bad)
    bad_beside_good(bad, message)


def test_one_sheet_without_a_note_column_says_so_as_csv_does(tmp_path: Path) -> None:
    path = tmp_path / "one.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["worker", "contacts"])
    book.save(path)
    status, report, _ = check(str(path))
    assert status == 2 and report["errors"][0]["message"] == NO_COLUMN


def test_empty_workbook_and_empty_sheets_have_nothing_to_lint(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("Notes")
    book.add_worksheet("More")
    book.close()
    status, report, _ = check(str(path))
    assert (status, report["findings"], report["errors"], report["notes"]) == (0, [], [], [])
    assert report["summary"]["files"] == 1


def test_folder_walk_finds_workbooks(tmp_path: Path) -> None:
    report_export(tmp_path / "export.xlsx")
    status, report, _ = check(str(tmp_path))
    assert status == 1 and {Path(f["path"]).name for f in report["findings"]} == {"export.xlsx"}


def _zip(path: Path, files: dict[str, str]) -> None:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    path.write_bytes(data.getvalue())


def test_the_pre_commit_hook_passes_workbooks_and_pdfs() -> None:
    import re

    import yaml

    (hook,) = yaml.safe_load((Path(__file__).resolve().parents[1] / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    wanted = re.compile(hook["files"])
    assert all(wanted.search(name) for name in ("export.xlsx", "macros.xlsm", "notes/intake.pdf"))
    assert not wanted.search("old.xls")


def test_rows_are_numbered_as_excel_numbers_them_when_the_sheet_starts_lower(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Contacts"
    sheet["C3"], sheet["D3"] = "id", "Contact note"  # nothing in rows 1-2 or columns A-B
    sheet["C4"], sheet["D4"] = 7, "Phoned about housing."
    sheet["C5"], sheet["D5"] = 8, "Client claims she was paid."
    path = tmp_path / "contacts.xlsx"
    book.save(path)
    status, report, _ = check(str(path))
    assert located(report) == [("TI402", 2, 8, 2, 14, "sheet Contacts, row 5, column Contact note")]
