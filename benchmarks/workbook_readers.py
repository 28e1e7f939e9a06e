"""Which library reads a large Excel export faster: openpyxl (read-only mode) or python-calamine?

Writes a workbook like a case-management report export (xlsxwriter, seeded random notes):
``--rows`` rows (default 20,000) of case id, date, worker, a note of 200-600 characters, a
formula column and a second, short sheet. Then, each in a fresh process, reads every cell of
every sheet with each library, ``--repeat`` times (default 3), and prints the median wall time,
CPU time and peak resident memory (ru_maxrss) of each. Usage:
    python benchmarks/workbook_readers.py [--rows 20000] [--repeat 3] [--keep DIR]
Needs xlsxwriter, openpyxl and python-calamine (the test extras and tilint's dependencies).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

WORDS = ("client", "met", "at", "the", "office", "discussed", "housing", "options", "and", "safety", "plan",
         "she", "said", "her", "employer", "kept", "documents", "court", "date", "interpreter", "present",
         "referred", "to", "legal", "aid", "follow", "up", "next", "week", "by", "phone", "declined", "shelter")

READERS = {
    "openpyxl read-only": """
import openpyxl
book = openpyxl.load_workbook(PATH, read_only=True, data_only=True)
cells = chars = 0
for sheet in book.worksheets:
    for row in sheet.iter_rows(values_only=True):
        for value in row:
            if isinstance(value, str):
                cells += 1; chars += len(value)
book.close()
""",
    "python-calamine": """
import python_calamine
book = python_calamine.CalamineWorkbook.from_path(PATH)
cells = chars = 0
for name in book.sheet_names:
    for row in book.get_sheet_by_name(name).iter_rows():
        for value in row:
            if isinstance(value, str) and value:
                cells += 1; chars += len(value)
book.close()
""",
}

MEASURE = """
import json, resource, sys, time
PATH = sys.argv[1]
wall, cpu = time.perf_counter(), time.process_time()
{body}
print(json.dumps({{"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu,
                  "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "cells": cells, "chars": chars}}))
"""


def make_workbook(path: Path, rows: int) -> None:
    """A report export: a header row, then one contact note per row."""
    import xlsxwriter

    rng = random.Random("tilint-workbook-benchmark")
    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet("Case notes")
    sheet.write_row(0, 0, ["case_id", "contact_date", "worker", "case_note", "words"])
    start = date(2023, 1, 1)
    for row in range(1, rows + 1):
        note = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 110))).capitalize() + "."
        sheet.write_number(row, 0, 10_000 + row)
        sheet.write_datetime(row, 1, start + timedelta(days=row % 700), dates)
        sheet.write_string(row, 2, f"worker {rng.randint(1, 40)}")
        sheet.write_string(row, 3, note)
        sheet.write_formula(row, 4, f'=LEN(D{row + 1})-LEN(SUBSTITUTE(D{row + 1}," ",""))+1', None, note.count(" ") + 1)
    summary = book.add_worksheet("Summary")
    summary.write_row(0, 0, ["worker", "notes"])
    for worker in range(1, 41):
        summary.write_row(worker, 0, [f"worker {worker}", rng.randint(100, 900)])
    book.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the workbook into this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        path = folder / f"export-{args.rows}.xlsx"
        make_workbook(path, args.rows)
        print(f"{path.name}: {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB")
        for name, body in READERS.items():
            runs = [
                json.loads(subprocess.run([sys.executable, "-c", MEASURE.format(body=body), str(path)], check=True,
                                          capture_output=True, text=True).stdout)
                for _ in range(args.repeat)
            ]
            wall = statistics.median(r["wall"] for r in runs)
            cpu = statistics.median(r["cpu"] for r in runs)
            rss = max(r["rss_mb"] for r in runs)
            print(f"{name:20} {wall:6.2f} s wall, {cpu:6.2f} s CPU, peak {rss:5.0f} MB, "
                  f"{runs[0]['cells']:,} text cells, {runs[0]['chars']:,} characters")


if __name__ == "__main__":
    main()
