"""PDF intake forms and printed notes: the text layer, located by page and line.

PDFs are made at test time with fpdf2 (tests/pdf_samples.py); every line is placed by hand, so
each expected page, line and column below is counted from the lines as written there."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests import pdf_samples
from tests.format_helpers import bad_beside_good, check_output as check
from tilint.cli import cli
from tilint.formats import Input
from tilint.formats.pdf import ENCRYPTED, SCANNED, UNREADABLE, read_pdf

def located(report: dict) -> list[tuple[str, int, int, int, int, str, str]]:
    return [
        (f["rule"], f["line"], f["column"], f["end_line"], f["end_column"], f.get("location", ""), f["match"])
        for f in report["findings"]
    ]


def col(line: str, phrase: str) -> int:
    return line.index(phrase) + 1


def test_printed_notes_pages_lines_hyphens_and_running_header(tmp_path: Path) -> None:
    path = pdf_samples.printed_notes(tmp_path / "notes.pdf")
    status, report, _ = check(str(path))
    assert status == 1 and report["errors"] == [] and report["notes"] == []
    page1, page2 = pdf_samples.NOTES_PAGES[0], pdf_samples.NOTES_PAGES[1]
    # Each page's text: the header (line 1), the body, the footer. Page 1 has 7 lines (lines 1-7
    # of the extracted text), page 2 has 6 (lines 8-13), page 3 has 3 (lines 14-16).
    assert located(report) == [
        # the header, on every page, is one finding: where it first appears
        ("TI102", 1, col(pdf_samples.HEADER, "our girls"), 1, col(pdf_samples.HEADER, "our girls") + 9,
         "page 1, line 1", "our girls"),
        # "non-com-" / "pliant" is one word, matched across the two lines with "was" and "with"
        ("TI601", 4, col(page1[2], "was non-com-"), 5, len("pliant with") + 1, "page 1, line 4",
         "was non-compliant with"),
        # a match may cross a line break (TI102 reports "our girls" whole)
        ("TI102", 10, col(page2[1], "our"), 11, len("girls") + 1, "page 2, line 3", "our\ngirls"),
        ("TI402", 12, 8, 12, 14, "page 2, line 5", "claims"),
    ]


def test_the_line_under_a_finding_is_the_extracted_line(tmp_path: Path) -> None:
    path = pdf_samples.printed_notes(tmp_path / "notes.pdf")
    result = CliRunner().invoke(cli, ["check", "--no-config", "--select", "TI601", str(path)])
    assert f"{path}:4:12 (page 1, line 4): warning TI601" in result.stdout
    assert "   4 | The client was non-com-\n" in result.stdout


def test_two_columns_read_left_column_first(tmp_path: Path) -> None:
    path = pdf_samples.two_columns(tmp_path / "columns.pdf")
    status, report, _ = check(str(path))
    left, right = pdf_samples.LEFT_COLUMN, pdf_samples.RIGHT_COLUMN
    assert located(report) == [
        ("TI402", 2, col(left[1], "claims"), 2, col(left[1], "claims") + 6, "page 1, line 2", "claims"),
        ("TI602", 5, col(right[1], "refused"), 5, col(right[1], "refused") + 7, "page 1, line 5", "refused"),
    ]


def test_intake_form_table_and_script_rules(tmp_path: Path) -> None:
    path = pdf_samples.intake_form(tmp_path / "intake-form.pdf")
    status, report, _ = check(str(path))
    assert status == 1
    # Lines: 1 header, 2 title, 3-7 the table's rows (a row's cells on one line), 8 footer.
    # Line 3, the table's header, is a text of its own: "Staff notes" does not run on into line 4's
    # question (as "noted why she left" would, which is no finding).
    plan = "Safety plan She is non-compliant with it."
    assert [f for f in located(report) if f[1] > 1] == [
        ("TI301", 4, 1, 4, 21, "page 1, line 4", "Why didn't you leave"),
        ("TI601", 6, col(plan, "is non-compliant with"), 6, col(plan, "is non-compliant with") + 21, "page 1, line 6",
         "is non-compliant with"),
    ]
    # Named like one, and read as one (two questions to "you"), the form is a script: it never
    # says the person may skip a question or stop.
    assert {f["rule"] for f in report["findings"] if f["line"] == 1} == {"TI091", "TI092"}


def test_text_of_a_document_and_its_locator(tmp_path: Path) -> None:
    path = pdf_samples.printed_notes(tmp_path / "notes.pdf")
    document = read_pdf(Input(str(path), path))
    (part,) = document.parts
    body = "\n".join(pdf_samples.NOTES_PAGES[0] + pdf_samples.NOTES_PAGES[1] + pdf_samples.NOTES_PAGES[2])
    # The body flows on from page to page, broken words joined; the header and footer follow once.
    assert part.text == (
        body.replace("non-com-\n", "non-com") + "\n\n" + pdf_samples.HEADER + "\n"
        + "Printed 2024-03-04 by J. Ortiz - page 1\n"
    )
    locator = part.locate()
    plan = part.text.index("Plan: legal aid")
    assert locator.line_col(plan) == (15, 1) and locator.label(plan) == "page 3, line 2"
    assert locator.line_text(14) == pdf_samples.HEADER  # page 3's header, left out of the linted text


def test_scanned_pdf_gets_a_note_never_a_silent_pass(tmp_path: Path) -> None:
    scan = pdf_samples.scanned(tmp_path / "scan.pdf")
    status, report, stderr = check(str(scan))
    assert status == 0 and report["findings"] == [] and report["errors"] == []
    assert report["notes"] == [{"path": str(scan), "message": SCANNED}]
    assert SCANNED.startswith("no text layer: scanned?")
    result = CliRunner().invoke(cli, ["check", "--no-config", str(scan)])
    assert f"{scan}: note: no text layer: scanned?" in result.stderr


def test_some_scanned_pages_are_named(tmp_path: Path) -> None:
    from fpdf import FPDF

    scan = pdf_samples.scanned(tmp_path / "scan.pdf")
    mixed = FPDF()
    mixed.add_page()
    mixed.set_font("Helvetica", size=11)
    mixed.text(20, 30, "Client claims she was paid.")
    mixed.add_page()  # page 2: an image only
    mixed.image(str(_png(tmp_path)), x=10, y=10, w=100)
    mixed.output(str(tmp_path / "mixed.pdf"))
    status, report, _ = check(str(tmp_path / "mixed.pdf"))
    assert status == 1 and [f["location"] for f in report["findings"]] == ["page 1, line 1"]
    assert report["notes"][0]["message"] == "no text layer on page 2: scanned? That page was not linted"
    assert scan.exists()


def _png(folder: Path) -> Path:
    from PIL import Image

    path = folder / "scan.png"
    Image.new("L", (200, 100), 200).save(path)
    return path


def test_pdf_from_standard_input(tmp_path: Path) -> None:
    data = pdf_samples.printed_notes(tmp_path / "notes.pdf").read_bytes()
    status, report, _ = check("--stdin-filename", "notes.pdf", "-", stdin=data)
    assert status == 1 and [f["location"] for f in report["findings"]][1:] == [
        "page 1, line 4", "page 2, line 3", "page 2, line 5",
    ]


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("locked.pdf", lambda p: pdf_samples.encrypted(p), ENCRYPTED),
        ("truncated.pdf", lambda p: p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), UNREADABLE),
        ("cut.pdf", lambda p: p.write_bytes(pdf_samples.printed_notes(p.with_suffix(".tmp")).read_bytes()[:700]),
         UNREADABLE),
        ("word.pdf", lambda p: p.write_bytes(b"PK\x03\x04 a zip, not a PDF"), UNREADABLE),
    ],
    ids=["encrypted", "truncated", "cut-short", "not-a-pdf"],
)
def test_a_bad_pdf_is_one_line_and_the_others_are_linted(tmp_path: Path, name: str, make, message: str) -> None:
    bad = tmp_path / name
    make(bad)
    stderr = bad_beside_good(bad, message)
    assert stderr == ""  # pypdf's own warnings about the damage are not printed


def test_a_pdf_locked_only_against_changes_is_read(tmp_path: Path) -> None:
    path = pdf_samples.encrypted(tmp_path / "restricted.pdf", user_password="")
    status, report, _ = check(str(path))
    assert status == 1
    assert [(f["rule"], f["location"]) for f in report["findings"]] == [("TI102", "page 1, line 1"), ("TI402", "page 1, line 2")]


def test_a_scanned_page_under_the_systems_running_header_is_named(tmp_path: Path) -> None:
    pdf = pdf_samples.Printed()
    pdf.add_page()
    pdf.lines(["Client claims she was paid."])
    pdf.add_page()  # page 2: a scanned letter, with the header and footer the system stamps on every page
    pdf.image(str(_png(tmp_path)), x=20, y=30, w=150)
    pdf.add_page()  # page 3: a page of text again
    pdf.lines(["Plan: call on Friday."])
    path = tmp_path / "attachments.pdf"
    pdf.output(str(path))
    status, report, _ = check(str(path))
    assert [(f["rule"], f["location"]) for f in report["findings"]] == [("TI102", "page 1, line 1"), ("TI402", "page 1, line 2")]
    assert report["notes"] == [{"path": str(path), "message": "no text layer on page 2: scanned? That page was not linted"}]
