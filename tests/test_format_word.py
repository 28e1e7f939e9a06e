"""Word (.docx) documents: body, tables, headers and footers, located as Word users find them.

Fixtures are built with python-docx at test time (no binary files in the repository)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tilint.cli import cli
from tilint.formats import Input
from tilint.formats.word import read_docx
from tilint.runner import Linter
from tilint.sources import SourceError

SOFT_BREAK = "Supervisor says these are our\ngirls from the farm case."  # "\n" is a soft line break in Word


def check(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "json", *args])
    return result.exit_code, json.loads(result.output)


def span(text: str, phrase: str) -> tuple[int, int]:
    """(column, end column) of *phrase* in a paragraph's text, found by hand."""
    column = text.replace("\n", " ").index(phrase) + 1
    return column, column + len(phrase)


def case_note(path: Path) -> Path:
    """A case note as an agency worker writes one in Word."""
    document = docx.Document()
    document.add_heading("Case note: Hillside farm referral", level=1)  # paragraph 1
    document.add_paragraph("Date: 2 March 2024. Worker: J. Ortiz. Interpreter present (Tigrinya).")
    document.add_paragraph("")  # paragraph 3, empty
    first = document.add_paragraph("Met with client at the clinic. Client claims she was paid for the farm work.")
    document.add_paragraph(SOFT_BREAK)  # paragraph 5
    document.add_paragraph("These are my victims, he told the inspector.", style="Quote")  # someone else's words
    contacts = document.add_table(rows=3, cols=3)  # table 1
    for cell, text in zip(contacts.rows[0].cells, ["Date", "Contact", "Note"]):
        cell.text = text
    for cell, text in zip(contacts.rows[1].cells, ["3/2", "Phone", "She refused services."]):
        cell.text = text
    merged = contacts.cell(2, 0).merge(contacts.cell(2, 1))  # one cell over two columns: row 3 has 2 cells
    merged.text = "Follow-up"
    note = contacts.cell(2, 2)
    note.text = "Left voicemail."
    note.add_paragraph("She is non-compliant with the safety plan.")
    document.add_paragraph("Between visits she stayed with a cousin.")  # paragraph 7
    program = document.add_table(rows=2, cols=2)  # table 2
    tall = program.cell(0, 0).merge(program.cell(1, 0))  # one cell over two rows
    tall.text = "Our girls are at the shelter."
    nested = program.cell(1, 1).add_table(rows=1, cols=1)  # the cell: empty paragraph, table, empty paragraph
    nested.cell(0, 0).text = "Why didn't you leave?"
    second = document.add_section()  # paragraph 8: the empty paragraph that ends section 1
    document.add_paragraph("Plan: call about housing on Friday.")  # paragraph 9
    document.sections[0].header.paragraphs[0].text = "Confidential: Hillside farm case"
    document.sections[0].footer.paragraphs[0].text = "My victims list, draft"
    second.footer.is_linked_to_previous = False
    second.footer.paragraphs[0].text = "What is wrong with you? (questions to drop)"
    document.add_comment(first.runs, text="Rephrase: these are my victims", author="Supervisor")
    document.save(path)
    return path


def test_agency_case_note_findings_and_locations(tmp_path: Path) -> None:
    path = case_note(tmp_path / "case-note.docx")
    status, report = check(str(path))
    assert status == 1 and report["errors"] == []
    # Reading order: body paragraphs 1-6 are lines 1-6 (the Quote paragraph is line 6); table 1 is
    # lines 7-15 (row 3: the merged cell, then the two paragraphs of cell 2); paragraph 7 is line
    # 16; table 2 is lines 17-21 (cell 1 spans both rows and is read once; row 2 cell 2 holds an
    # empty paragraph, the nested table, an empty paragraph); paragraphs 8 and 9 are lines 22-23;
    # then header 1 (24), footer 1 (25), footer 2 (26). Section 2's header is section 1's.
    expected = [
        ("TI402", 4, *span("Met with client at the clinic. Client claims she", "claims"), "paragraph 4"),
        ("TI102", 5, *span(SOFT_BREAK, "our girls"), "paragraph 5"),  # reported whole, over the break
        ("TI602", 12, *span("She refused services.", "refused"), "table 1, row 2, cell 3"),
        ("TI601", 15, *span("She is non-compliant with", "is non-compliant with"), "table 1, row 3, cell 2, paragraph 2"),
        ("TI102", 17, *span("Our girls are at", "Our girls"), "table 2, row 1, cell 1"),
        ("TI301", 20, *span("Why didn't you leave?", "Why didn't you leave"),
         "table 2, row 2, cell 2, table 1, row 1, cell 1"),
        ("TI101", 25, *span("My victims list", "My"), "footer (section 1)"),  # TI101 reports only "My"
        ("TI201", 26, *span("What is wrong with you?", "What is wrong with you"), "footer (section 2)"),
    ]
    found = [(f["rule"], f["line"], f["column"], f["end_column"], f.get("location")) for f in report["findings"]]
    assert found == expected
    assert report["findings"][1]["match"] == "our girls"  # the soft line break reads as a space


def test_paragraph_text_and_comments(tmp_path: Path, linter: Linter) -> None:
    path = case_note(tmp_path / "case-note.docx")
    part = next(iter(read_docx(Input(str(path), path)).parts))
    locator = part.locate()
    assert locator.line_text(5) == SOFT_BREAK.replace("\n", " ")
    assert locator.line_text(3) == "" and locator.label(part.text.index("Plan: call")) == "paragraph 9"
    assert locator.line_text(24) == "Confidential: Hillside farm case"
    assert locator.label(part.text.index("Confidential")) == "header (section 1)"
    assert "Rephrase" not in part.text  # comments are left out unless asked for
    with_comments = read_docx(Input(str(path), path, options={"docx_comments": True}))
    findings = linter.lint_document(with_comments).findings
    comment = [f for f in findings if f.location == "comment 1"]
    assert [(f.rule, f.line, f.column) for f in comment] == [("TI101", 27, 1 + len("Rephrase: these are "))]


def test_tabs_and_first_page_headers(tmp_path: Path, linter: Linter) -> None:
    document = docx.Document()
    document.add_paragraph("Name:\tM.\tThese are my victims.")
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Client claims, draft"
    section.header.paragraphs[0].text = "Page header"
    path = tmp_path / "note.docx"
    document.save(path)
    findings = linter.lint_document(read_docx(Input(str(path), path))).findings
    assert [(f.rule, f.line, f.column, f.location) for f in findings] == [
        ("TI101", 1, len("Name: M. These are ") + 1, "paragraph 1"),
        ("TI402", 3, len("Client ") + 1, "first-page header (section 1)"),
    ]


def script(path: Path, lines: list[str]) -> Path:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(path)
    return path


QUESTIONS = ["Intake questions", "1. Where are you staying tonight?", "2. Who brought you to the United States?"]


def test_an_intake_script_in_word_gets_the_autonomy_checks(tmp_path: Path) -> None:
    bare = script(tmp_path / "intake-script.docx", QUESTIONS)
    status, report = check(str(bare))
    assert {(f["rule"], f["line"]) for f in report["findings"]} == {("TI091", 1), ("TI092", 1)}
    kind = tmp_path / "kind" / "intake-script.docx"
    kind.parent.mkdir()
    offers = ["Say: You can skip any question you don't want to answer.", "Say: You can stop at any time."]
    status, report = check(str(script(kind, [*offers, *QUESTIONS])))
    assert status == 0 and report["findings"] == []
    status, report = check(str(script(tmp_path / "visit-notes.docx", QUESTIONS)))  # not a script by name
    assert report["findings"] == []


def test_intake_notes_in_word_are_not_a_script(tmp_path: Path) -> None:
    notes = ["Intake notes, 3/4", "Client (34) arrived at 2pm with her son after a referral from the ER.",
             "CM completed the intake paperwork with her and explained the house rules.",
             "3/6: Client met with her victim advocate about the protective order."]
    status, report = check(str(script(tmp_path / "intake-notes.docx", notes)))
    assert status == 0 and report["findings"] == []  # named like a script, read as notes


def good(path: Path) -> Path:
    return script(path, ["These are my victims."])


def test_truncated_docx_is_one_error_and_other_files_are_still_linted(tmp_path: Path) -> None:
    whole = good(tmp_path / "whole.docx").read_bytes()
    broken = tmp_path / "broken.docx"
    broken.write_bytes(whole[: len(whole) // 2])
    fine = good(tmp_path / "fine.docx")
    status, report = check(str(broken), str(fine))
    assert status == 2
    assert report["errors"] == [{"path": str(broken), "message": "not a readable Word document (.docx)"}]
    assert [(f["path"], f["rule"]) for f in report["findings"]] == [(str(fine), "TI101")]


def zipped(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [b"These are my victims.", b"", zipped({"hello.txt": "hi"}), zipped({"[Content_Types].xml": "<Types"})],
    ids=["text", "empty", "zip-without-word-parts", "malformed-xml"],
)
def test_not_a_word_document(data: bytes) -> None:
    with pytest.raises(SourceError, match=r"^not a readable Word document \(\.docx\)$"):
        read_docx(Input("x.docx", data=data))


def test_legacy_doc_is_refused_with_a_hint() -> None:
    with pytest.raises(SourceError, match=r"only \.docx is read"):
        read_docx(Input("x.docx", data=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512))


def test_empty_document(tmp_path: Path) -> None:
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag.endswith("}p"):
            body.remove(child)
    path = tmp_path / "empty.docx"
    document.save(path)
    assert list(read_docx(Input(str(path), path)).parts) == []


VOCABULARY = ["met", "client", "at", "the", "clinic", "housing", "we", "talked", "about", "work", "plan"]
prose = st.lists(
    st.tuples(st.sampled_from(VOCABULARY), st.sampled_from([" ", ", ", ". ", "\n", "\t"])), max_size=8
).map(lambda pairs: "".join(word + gap for word, gap in pairs))
# Where the words go, with the paragraph's line (reading order) and the label Word users find.
PLACES = [
    ("body", 0, 1, "paragraph 1"), ("body", 2, 3, "paragraph 3"),
    ("cell", (0, 0), 4, "table 1, row 1, cell 1"), ("cell", (1, 1), 7, "table 1, row 2, cell 2"),
    ("header", 0, 9, "header (section 1)"), ("footer", 0, 10, "footer (section 1)"),
]


@settings(max_examples=40, deadline=None)
@given(before=prose, after=prose, place=st.sampled_from(PLACES))
def test_a_finding_names_the_place_and_the_words(
    linter: Linter, before: str, after: str, place: tuple
) -> None:
    kind, where, line, label = place
    text = f"{before}my victims {after}"
    document = docx.Document()
    paragraphs = [document.add_paragraph("Visit notes.") for _ in range(3)]
    table = document.add_table(rows=2, cols=2)
    document.add_paragraph("End.")  # line 8
    section = document.sections[0]
    section.header.paragraphs[0].text = "Header."
    section.footer.paragraphs[0].text = "Footer."
    target = {
        "body": lambda: paragraphs[where],
        "cell": lambda: table.cell(*where).paragraphs[0],
        "header": lambda: section.header.paragraphs[0],
        "footer": lambda: section.footer.paragraphs[0],
    }[kind]()
    target.text = text
    out = io.BytesIO()
    document.save(out)
    part_document = read_docx(Input("note.docx", data=out.getvalue()))
    findings = linter.lint_document(part_document).findings
    assert [(f.rule, f.line, f.location) for f in findings] == [("TI101", line, label)]
    shown = text.replace("\n", " ").replace("\t", " ")
    assert shown[findings[0].column - 1 : findings[0].end_column - 1] == "my"  # TI101 reports only "my"
    assert findings[0].column == len(before) + 1


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_what_word_shows_is_read_and_what_it_hides_is_not(tmp_path: Path, linter: Linter) -> None:
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("Visit notes.")
    tracked = (  # a tracked deletion (hidden), a tracked insertion and a hyperlink (shown)
        f'<w:p {W}><w:r><w:t xml:space="preserve">She </w:t></w:r>'
        '<w:del w:id="1" w:author="A"><w:r><w:delText>is non-compliant</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="A"><w:r><w:t>declined</w:t></w:r></w:ins>'
        '<w:r><w:t xml:space="preserve"> the referral. See </w:t></w:r>'
        '<w:hyperlink><w:r><w:t>our girls</w:t></w:r></w:hyperlink></w:p>'
    )
    control = f'<w:sdt {W}><w:sdtContent><w:p><w:r><w:t>Client claims she left.</w:t></w:r></w:p></w:sdtContent></w:sdt>'
    body = document.element.body
    body.insert(1, parse_xml(tracked))
    body.insert(2, parse_xml(control))
    path = tmp_path / "tracked.docx"
    document.save(path)
    part = next(iter(read_docx(Input(str(path), path)).parts))
    assert part.locate().line_text(2) == "She declined the referral. See our girls"
    findings = linter.lint_document(read_docx(Input(str(path), path))).findings
    assert [(f.rule, f.line, f.column, f.location) for f in findings] == [
        ("TI102", 2, len("She declined the referral. See ") + 1, "paragraph 2"),
        ("TI402", 3, len("Client ") + 1, "paragraph 3"),
    ]


def test_a_suppression_in_a_paragraph_applies_to_the_next_one(tmp_path: Path, linter: Linter) -> None:
    path = script(tmp_path / "note.docx", [
        "tilint: disable-next-line=TI101 -- quoting the trafficker's own words", "These are my victims.",
        "These are my victims.",
    ])
    findings = linter.lint_document(read_docx(Input(str(path), path))).findings
    assert [(f.rule, f.line, f.location) for f in findings] == [("TI101", 3, "paragraph 3")]
