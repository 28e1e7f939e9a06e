"""Which library reads agencies' PDFs better and faster: pypdf or pdfplumber?

Makes the PDFs of tests/pdf_samples.py (printed notes with a header and footer on every page and
a word hyphenated across lines, a page in two columns, an intake form with a table) and checks
what each library's text gives tilint: the two columns in reading order, the hyphenated word's
halves at a line end and the start of the next line (so that tilint can join them), the header
as a line of its own on each page (so that tilint can drop its repeats), each table row on one
line. Then times each library, in a fresh process, on ``--paragraphs`` paragraphs of two-column
notes (default 600, about 55 pages), ``--repeat`` times (default 3), and prints the medians.
Usage (from the repository root):
    python benchmarks/pdf_readers.py [--paragraphs 600] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import pdf_samples  # noqa: E402 - the repository's own PDF builders

READERS = {
    "pypdf": """
import pypdf
pages = [page.extract_text() for page in pypdf.PdfReader(PATH).pages]
""",
    "pypdf (layout mode)": """
import pypdf
pages = [page.extract_text(extraction_mode="layout") for page in pypdf.PdfReader(PATH).pages]
""",
    "pdfplumber": """
import pdfplumber
with pdfplumber.open(PATH) as pdf:
    pages = [page.extract_text() for page in pdf.pages]
""",
}

MEASURE = """
import json, resource, sys, time
PATH = sys.argv[1]
wall, cpu = time.perf_counter(), time.process_time()
{body}
print(json.dumps({{"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "pages": pages,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def extract(reader: str, path: Path) -> dict:
    body = READERS[reader]
    out = subprocess.run([sys.executable, "-c", MEASURE.format(body=body), str(path)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def plain(text: str) -> str:
    return " ".join(text.split())


def checks(reader: str, folder: Path) -> dict[str, bool]:
    notes = extract(reader, pdf_samples.printed_notes(folder / "notes.pdf"))["pages"]
    columns = plain(extract(reader, pdf_samples.two_columns(folder / "columns.pdf"))["pages"][0])
    form = extract(reader, pdf_samples.intake_form(folder / "form.pdf"))["pages"][0]
    lines = [[line.strip() for line in page.splitlines() if line.strip()] for page in notes]
    return {
        "two columns in reading order": plain(" ".join(pdf_samples.LEFT_COLUMN + pdf_samples.RIGHT_COLUMN)) in columns,
        "hyphen at a line end, next half on the next line": "non-com-\npliant" in notes[0].replace(" \n", "\n"),
        "header a line of its own on every page": all(page[0] == pdf_samples.HEADER for page in lines),
        "each table row on one line": all(
            " ".join(row) in [" ".join(line.split()) for line in form.splitlines()] for row in pdf_samples.FORM_ROWS
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        long = pdf_samples.long_notes(folder / "long.pdf", args.paragraphs)
        for reader in READERS:
            passed = checks(reader, folder)
            runs = [extract(reader, long) for _ in range(args.repeat)]
            wall = statistics.median(r["wall"] for r in runs)
            cpu = statistics.median(r["cpu"] for r in runs)
            pages = len(runs[0]["pages"])
            print(f"{reader:20} {wall:6.2f} s wall ({pages / wall:5.0f} pages/s), {cpu:6.2f} s CPU, "
                  f"peak {max(r['rss_mb'] for r in runs):4.0f} MB on {pages} pages; "
                  f"checks passed {sum(passed.values())}/{len(passed)}"
                  + "".join(f"\n    {'ok  ' if ok else 'FAIL'} {name}" for name, ok in passed.items()))


if __name__ == "__main__":
    main()
