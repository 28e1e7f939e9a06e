"""PDFs like an agency's intake forms and printed notes, made with fpdf2 at test time (the tests
and benchmarks/pdf_readers.py use them; nothing is downloaded or stored).

Every line is placed by hand, so a test knows the page and line of each phrase: a page's lines
are listed top to bottom (header first, footer last), a two-column page left column first."""

from __future__ import annotations

import io
from pathlib import Path

from fpdf import FPDF

HEADER = "Hillside Family Services - Confidential - case notes for our girls"
LINE_HEIGHT = 6


class Printed(FPDF):
    """A page with the agency's header and a 'page N of M' footer, as a case system prints notes."""

    def __init__(self, header: str = HEADER) -> None:
        super().__init__(format="Letter")
        self.header_text = header
        self.set_auto_page_break(False)
        self.set_margins(20, 20)

    def header(self) -> None:  # noqa: D102 - fpdf2 calls it on every page
        if self.header_text:
            self.set_font("Helvetica", size=9)
            self.text(20, 12, self.header_text)

    def footer(self) -> None:  # noqa: D102
        self.set_font("Helvetica", size=9)
        self.text(20, 270, f"Printed 2024-03-04 by J. Ortiz - page {self.page_no()}")

    def lines(self, lines: list[str], x: float = 20, y: float = 30, size: int = 11) -> None:
        """Write *lines* one below the other, each exactly as given."""
        self.set_font("Helvetica", size=size)
        for number, line in enumerate(lines):
            self.text(x, y + number * LINE_HEIGHT, line)


# Page by page, the lines of the body (header and footer are added around them).
NOTES_PAGES = [
    [
        "Case note: Hillside farm referral",
        "Met with client at the clinic with an interpreter present.",
        "The client was non-com-",
        "pliant with the curfew on Saturday and said she",
        "felt safer with her cousin. We talked about options.",
    ],
    [
        "Follow-up call on Tuesday about housing.",
        "She told me again that these are our",
        "girls' belongings, the employer said.",
        "Client claims she was paid for the farm work.",
    ],
    [
        "Plan: legal aid referral, call on Friday.",
    ],
]

LEFT_COLUMN = [
    "Left column. The advocate met",
    "the client at court. Client claims",
    "she was never paid for the work.",
]
RIGHT_COLUMN = [
    "Right column. Housing options were",
    "discussed. She refused services",
    "at the shelter this week.",
]

FORM_ROWS = [
    ("Question", "Staff notes"),
    ("Why didn't you leave?", "Do not ask; let her lead."),
    ("Housing today", "Staying with a cousin."),
    ("Safety plan", "She is non-compliant with it."),
    ("Is it safe to call you at this number?", "Yes, texts only."),
]


def printed_notes(path: Path) -> Path:
    """Three pages of printed case notes: header and footer on each, a word hyphenated across lines."""
    pdf = Printed()
    for page in NOTES_PAGES:
        pdf.add_page()
        pdf.lines(page)
    pdf.output(str(path))
    return path


def two_columns(path: Path) -> Path:
    """A newsletter-style page in two columns, written (like a word processor) column by column."""
    pdf = Printed(header="")
    pdf.add_page()
    pdf.lines(LEFT_COLUMN, x=20)
    pdf.lines(RIGHT_COLUMN, x=112)
    pdf.output(str(path))
    return path


def intake_form(path: Path) -> Path:
    """An intake form: a title, then a table of questions and staff notes with ruled cells."""
    pdf = Printed(header="Intake form v3")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(20, 25)
    pdf.cell(0, 8, "Intake interview", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(col_widths=(60, 100), text_align="LEFT", line_height=8) as table:
        for row in FORM_ROWS:
            cells = table.row()
            for value in row:
                cells.cell(value)
    pdf.output(str(path))
    return path


def long_notes(path: Path, paragraphs: int) -> Path:
    """*paragraphs* paragraphs of flowing notes in two columns, over as many pages as they take
    (fpdf2 wraps them); about 11 paragraphs a page."""
    text = (
        "Met with the client at the drop-in centre. She described the work at the farm and the hours. "
        "We discussed housing, legal aid and a safety plan; she chose to think about the shelter. "
        "Her employer kept her documents. The client was non-compliant with the curfew, staff wrote."
    )
    pdf = Printed()
    pdf.set_auto_page_break(True, margin=25)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    with pdf.text_columns(ncols=2, gutter=8) as columns:
        for _ in range(paragraphs):
            columns.write(text)
            columns.ln()
            columns.ln()
    pdf.output(str(path))
    return path


def scanned(path: Path) -> Path:
    """A scanned page: an image of a note and no text layer."""
    from PIL import Image, ImageDraw

    image = Image.new("L", (850, 1100), 255)
    ImageDraw.Draw(image).text((60, 60), "Client claims she was paid.", fill=0)
    data = io.BytesIO()
    image.save(data, format="PNG")
    pdf = FPDF(format="Letter")
    pdf.add_page()
    pdf.image(data, x=0, y=0, w=pdf.w, h=pdf.h)
    pdf.output(str(path))
    return path


def encrypted(path: Path, user_password: str = "s3cret") -> Path:
    """A note that opens only with a password."""
    from fpdf.enums import EncryptionMethod

    pdf = Printed()
    pdf.set_encryption(owner_password="owner", user_password=user_password, encryption_method=EncryptionMethod.AES_128)
    pdf.add_page()
    pdf.lines(["Client claims she was paid."])
    pdf.output(str(path))
    return path
