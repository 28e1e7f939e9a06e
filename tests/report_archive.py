"""A small invented archive for the report and cluster tests: notes as files in two folders,
and a case-management export (CSV) with an author and a date column, also as JSON lines and
Parquet partitions. Every name, date and sentence is made up."""

from __future__ import annotations

import csv
import json
from pathlib import Path

CLEAN = [
    "Client arrived at 9 and chose the morning appointment.",
    "We went over the safety plan together and she kept a copy.",
    "Interpreter joined by phone; the client asked about housing options.",
]
FLAGGED = [
    "Met two of my victims at court today.",
    "Client claims she was locked in the apartment.",
    "She refused shelter placement again.",
    "Why didn't you leave when you had the chance?",
]
# Who wrote the export's notes: Dana Whitfield six, Lee Ortiz two (fewer than five), and
# when: March and April 2024 and one date that cannot be read.
AUTHORS = ["Dana Whitfield"] * 6 + ["Lee Ortiz"] * 2
DATES = ["2024-03-04", "03/18/2024", "2024-03-29T10:15:00", "2024-04-02", "April 9, 2024", "2024-04-30",
         "not recorded", "2024-04-11"]
NOTE_TEXTS = [FLAGGED[0], CLEAN[0], FLAGGED[1] + " " + FLAGGED[2], CLEAN[1], FLAGGED[3], "", FLAGGED[2], CLEAN[2]]
NAMES = ["Dana Whitfield", "Lee Ortiz", "intake-team", "outreach-team", "export.csv", "visit-1.txt"]


def sentences() -> list[str]:
    """Every sentence the archive holds (none may appear in a report)."""
    return CLEAN + FLAGGED


def export_rows() -> list[dict[str, str]]:
    return [
        {"id": str(100 + i), "case_note": text, "author": author, "note_date": when, "date_of_birth": "1990-01-01"}
        for i, (text, author, when) in enumerate(zip(NOTE_TEXTS, AUTHORS, DATES))
    ]


def make_archive(root: Path, parts: bool = False) -> Path:
    """Write the archive under *root*: intake-team/ and outreach-team/ with notes as files, and
    export.csv (or, with *parts*, the export split into CSV, JSON-lines and Parquet partitions)."""
    notes = {
        "intake-team/visit-1.txt": f"{CLEAN[0]}\n\n{FLAGGED[0]}\n",
        "intake-team/visit-2.md": f"# Visit\n\n{CLEAN[1]} {FLAGGED[1]}\n",
        "intake-team/visit-3.txt": f"{CLEAN[2]}\n",
        "outreach-team/call-1.txt": f"{FLAGGED[2]}\n\n{FLAGGED[3]}\n",
        "outreach-team/call-2.txt": f"{CLEAN[1]}\n",
    }
    for name, text in notes.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    rows = export_rows()
    if not parts:
        _write_csv(root / "export.csv", rows)
        return root
    folder = root / "export"
    folder.mkdir()
    _write_csv(folder / "part-0.csv", rows[:3])
    with (folder / "part-1.jsonl").open("w", encoding="utf-8") as stream:
        for row in rows[3:6]:
            stream.write(json.dumps(row) + "\n")
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows[6:]), folder / "part-2.parquet")
    return root


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
