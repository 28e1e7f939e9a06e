"""tilint report: the counts a supervisor reads, checked against what `tilint check` finds on the
same files, and what the report must never show (note text, matched words, names, small counts)."""

from __future__ import annotations

import csv
import html
import io
import json
import os
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from tilint.cli import cli
from tests.format_helpers import check
from tests.report_archive import DATES, FLAGGED, NAMES, export_rows, make_archive, sentences

ROOT = Path(__file__).resolve().parents[1]


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["report", "--no-config", "--jobs", "1", *args])
    return result.exit_code, result.stdout, result.stderr


def outputs(folder: Path) -> dict[str, str]:
    return {name: (folder / name).read_text(encoding="utf-8") for name in ("report.html", "report.csv", "report.json")}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_archive(tmp_path_factory.mktemp("archive"))


@pytest.fixture(scope="module")
def checked(archive: Path) -> dict:
    return check(archive)[1]


def report_json(*args: str, out: Path) -> dict:
    code, _, err = invoke(*args, "-o", str(out))
    assert code == 0, err
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def rows(data: dict, table: str) -> dict[str, dict]:
    return {row[table]: row for row in data["tables"][table]}


def test_counts_are_those_check_finds(archive: Path, checked: dict, tmp_path: Path) -> None:
    data = report_json("--min-count", "1", "--show-names", str(archive), out=tmp_path / "r")
    findings = checked["findings"]
    assert findings and not checked["errors"]
    assert data["summary"]["findings"] == len(findings)
    assert {r: row["findings"] for r, row in rows(data, "rule").items()} == Counter(f["rule"] for f in findings)
    assert {c: row["findings"] for c, row in rows(data, "category").items()} == Counter(f["category"] for f in findings)
    by_severity = {s: row["findings"] for s, row in rows(data, "severity").items() if row["findings"]}
    assert by_severity == Counter(f["severity"] for f in findings)
    # a note is a file, or a row of the export with a note in it (one of its 8 rows is empty)
    flagged = {(f["path"], f.get("location", "").rpartition(", column")[0]) for f in findings}
    assert data["summary"]["notes"] == 5 + 7
    assert data["summary"]["notes_with_findings"] == len(flagged) == 7
    assert data["summary"]["files"] == checked["summary"]["files"] == 6


def test_worker_month_and_folder_tables(archive: Path, tmp_path: Path) -> None:
    data = report_json("--min-count", "1", "--show-names", str(archive), out=tmp_path / "r")
    counts = lambda table: {k: (r["notes"], r["notes_with_findings"], r["findings"]) for k, r in rows(data, table).items()}  # noqa: E731
    # Dana Whitfield wrote rows 1-6 (row 6 is empty; 1, 3 and 5 are flagged, 3 twice), Lee Ortiz rows 7-8 (7 flagged)
    assert counts("worker") == {"Dana Whitfield": (5, 3, 4), "Lee Ortiz": (2, 1, 1)}
    assert rows(data, "worker")["Dana Whitfield"]["share_with_findings"] == 0.6
    # March: rows 1-3; April: rows 4, 5 and 8 (6 is empty); row 7's date cannot be read
    assert counts("month") == {"2024-03": (3, 2, 3), "2024-04": (3, 1, 1), "unknown": (1, 1, 1)}
    assert list(rows(data, "month")) == ["2024-03", "2024-04", "unknown"]
    assert counts("folder") == {str(archive): (7, 4, 5), f"{archive}/intake-team": (3, 2, 2),
                                f"{archive}/outreach-team": (2, 1, 2)}


def test_nothing_identifying_in_any_output(archive: Path, checked: dict, tmp_path: Path) -> None:
    code, _, _ = invoke(str(archive), "-o", str(tmp_path / "r"))
    assert code == 0
    texts = outputs(tmp_path / "r")
    texts["report.html"] = html.unescape(texts["report.html"])
    matches = {f["match"] for f in checked["findings"]}
    assert matches >= {"my", "claims", "refused"}  # TI101 reports only "my"
    assert any(" " in match for match in matches), "a phrase of several words to look for below"
    for name, text in texts.items():
        lowered = text.lower()
        # a one-word match ('claims', 'refused') is also in rule names such as client-claims, and
        # identifies no one; the sentences and the phrases must never appear
        phrases = [match for match in matches if " " in match]
        for secret in [*sentences(), *phrases, *NAMES, str(archive), "1990-01-01", *DATES]:
            assert secret.lower() not in lowered, f"{name} shows {secret!r}"
    data = json.loads(texts["report.json"])
    assert data["names"] == "hashed"
    assert all(key.startswith("worker ") for key in rows(data, "worker"))
    assert all(key.startswith("folder ") for key in rows(data, "folder"))


def test_small_counts_are_suppressed(archive: Path, tmp_path: Path) -> None:
    data = report_json(str(archive), out=tmp_path / "r")
    workers = sorted(rows(data, "worker").values(), key=lambda r: str(r["notes"]))
    # Dana's 5 notes are shown; her 3 flagged notes and 4 findings, and all of Lee's, are not
    assert [(r["notes"], r["notes_with_findings"], r["share_with_findings"], r["findings"]) for r in workers] == [
        (5, "<5", None, "<5"), ("<5", "<5", None, "<5")]
    assert all(r["notes"] == "<5" for r in rows(data, "month").values())
    with_two = report_json("--min-count", "2", str(archive), out=tmp_path / "r2")
    assert {r["notes"] for r in rows(with_two, "worker").values()} == {5, 2}
    assert {r["notes"] for r in rows(with_two, "month").values()} == {3, "<2"}
    table = list(csv.DictReader(io.StringIO((tmp_path / "r" / "report.csv").read_text(encoding="utf-8"))))
    assert {r["notes"] for r in table if r["table"] == "worker"} == {"5", "<5"}
    page = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "&lt;5" in page and "<5" not in page.replace("&lt;5", "")


def test_change_since_the_last_report(archive: Path, tmp_path: Path) -> None:
    before = tmp_path / "before"
    report_json("--min-count", "1", str(archive), out=before)
    later = tmp_path / "later"
    later.mkdir()
    make_archive(later)
    (later / "intake-team" / "visit-4.txt").write_text(FLAGGED[0] + "\n", encoding="utf-8")
    data = report_json("--since", str(before / "report.json"), str(later), out=tmp_path / "after")
    summary = data["summary"]
    assert (summary["notes_change"], summary["notes_with_findings_change"], summary["findings_change"]) == (1, 1, 1)
    assert rows(data, "rule")["TI101"]["change"] == 1 and rows(data, "rule")["TI602"]["change"] == 0
    assert rows(data, "category")["ownership"]["change"] == 1
    assert data["since"] == json.loads((before / "report.json").read_text(encoding="utf-8"))["generated"]
    assert "+1" in (tmp_path / "after" / "report.html").read_text(encoding="utf-8")


def test_a_bad_since_file_is_one_line(archive: Path, tmp_path: Path) -> None:
    bad = tmp_path / "old.json"
    bad.write_text("this is not json", encoding="utf-8")
    code, _, err = invoke("--since", str(bad), str(archive), "-o", str(tmp_path / "r"))
    assert code == 2
    assert err.startswith("tilint: error: ") and err.count("\n") == 1 and "not JSON" in err
    assert not (tmp_path / "r").exists()
    code, _, err = invoke("--since", str(tmp_path / "missing.json"), str(archive), "-o", str(tmp_path / "r"))
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err


def test_a_folder_with_nothing_to_read_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    code, _, err = invoke(str(tmp_path / "empty"), "-o", str(tmp_path / "r"))
    assert (code, err) == (2, f"tilint: error: no file to read in {tmp_path / 'empty'} (hidden and .gitignored files "
                              "are skipped)\n")
    assert not (tmp_path / "r").exists()


def test_unreadable_files_are_one_line_each_and_the_rest_is_counted(archive: Path, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    make_archive(folder)
    (folder / "broken.csv").write_bytes(b"\x00\x01binary\x00")
    (folder / "no-notes.csv").write_text("id,amount\n1,20\n", encoding="utf-8")
    code, out, err = invoke(str(folder), "-o", str(tmp_path / "r"))
    assert code == 2
    lines = err.splitlines()
    assert lines == [f"{folder}/broken.csv: error: binary file, skipped",
                     f"{folder}/no-notes.csv: error: no note column found; name one with --csv-column or csv_columns "
                     "in the configuration"]
    data = json.loads((tmp_path / "r" / "report.json").read_text(encoding="utf-8"))
    assert data["summary"]["notes"] == 12 and data["summary"]["files_not_read"] == 2
    assert "12 notes" in out


def test_a_missing_author_column_is_named(archive: Path, tmp_path: Path) -> None:
    code, _, err = invoke("--author-column", "Assigned To", str(archive / "export.csv"), "-o", str(tmp_path / "r"))
    assert code == 2
    assert err == f"{archive}/export.csv: error: no author column named 'Assigned To' in the header\n"


def test_columns_named_on_the_command_line(archive: Path, tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    with export.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Narrative Text", "Assigned To", "Contact Date"])
        for number, row in enumerate(export_rows()):
            writer.writerow([row["case_note"], row["author"], "04/03/2024" if number == 0 else row["note_date"]])
    asked = ("--min-count", "1", "--show-names", "--author-column", "assigned to", "--date-column", "Contact Date")
    data = report_json(*asked, "--day-first", str(export), out=tmp_path / "r")
    assert {k: r["notes"] for k, r in rows(data, "worker").items()} == {"Dana Whitfield": 5, "Lee Ortiz": 2}
    # day first, the first note (04/03/2024) is from March; otherwise from April
    assert {k: r["notes"] for k, r in rows(data, "month").items()} == {"2024-03": 3, "2024-04": 3, "unknown": 1}
    data = report_json(*asked, str(export), out=tmp_path / "r")
    assert {k: r["notes"] for k, r in rows(data, "month").items()} == {"2024-03": 2, "2024-04": 4, "unknown": 1}


def test_json_lines_parquet_and_excel_exports_count_as_the_csv_does(archive: Path, tmp_path: Path) -> None:
    whole = report_json("--min-count", "1", "--show-names", str(archive / "export.csv"), out=tmp_path / "csv")
    parts = make_archive(tmp_path / "parts", parts=True) / "export"
    split = report_json("--min-count", "1", "--show-names", str(parts), out=tmp_path / "parts-report")
    assert split["summary"]["files"] == 3
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Cover"  # a sheet without a note column is left out
    book.active.append(["Agency export", None])
    sheet = book.create_sheet("Notes")
    rows_ = export_rows()
    sheet.append(list(rows_[0]))
    for row in rows_:
        sheet.append(list(row.values()))
    sheet["D2"] = datetime(2024, 3, 4, 9, 30)  # a date cell, not text: the same month
    book.save(tmp_path / "export.xlsx")
    excel = report_json("--min-count", "1", "--show-names", str(tmp_path / "export.xlsx"), out=tmp_path / "xlsx")
    checked = check(tmp_path / "export.xlsx")[1]["findings"]  # the workbook as tilint check reads it
    assert excel["summary"]["findings"] == len(checked)
    assert excel["summary"]["notes_with_findings"] == len({f["location"].rpartition(", column")[0] for f in checked})
    for data in (split, excel):
        for key in ("notes", "notes_with_findings", "findings"):
            assert data["summary"][key] == whole["summary"][key]
        for table in ("rule", "category", "severity", "worker", "month"):
            assert data["tables"][table] == whole["tables"][table], table


def test_examples_make_all_three_files(tmp_path: Path) -> None:
    code, out, _ = invoke(str(ROOT / "examples"), "-o", str(tmp_path / "r"))
    assert code == 0 and "report.html" in out
    texts = outputs(tmp_path / "r")
    assert texts["report.html"].count("<svg") >= 3 and "<script" not in texts["report.html"]
    assert json.loads(texts["report.json"])["summary"]["findings"] > 0
    assert next(csv.reader(io.StringIO(texts["report.csv"])))[:2] == ["table", "key"]


def _run_report(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    code = (
        "import sys\nfrom tilint.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit as exit:\n    code = exit.code\n"
        "print('dask' in sys.modules or 'distributed' in sys.modules, code)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    return subprocess.run([sys.executable, "-c", code], env=env, timeout=300, **kwargs)  # type: ignore[call-overload]


def test_dask_is_not_imported_without_dask(archive: Path, tmp_path: Path) -> None:
    done = _run_report(["report", "--no-config", str(archive), "-o", str(tmp_path / "r")], capture_output=True)
    assert done.stdout.decode().splitlines()[-1] == "False 0", done.stderr.decode()


def test_progress_bar_only_on_a_terminal(archive: Path, tmp_path: Path) -> None:
    piped = _run_report(["report", "--no-config", str(archive), "-o", str(tmp_path / "a")], capture_output=True)
    assert b"Reading notes" not in piped.stderr and b"\r" not in piped.stderr
    import pty

    main, secondary = pty.openpty()
    try:
        shown = _run_report(["report", "--no-config", str(archive), "-o", str(tmp_path / "b")],
                            stdout=subprocess.PIPE, stderr=secondary)
        os.close(secondary)
        seen = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal's other end is closed: all read
                break
            if not chunk:
                break
            seen += chunk
    finally:
        os.close(main)
    assert shown.returncode == 0
    assert b"Reading notes" in seen and b"6/6" in seen


def test_worker_processes_count_what_one_process_counts(tmp_path: Path) -> None:
    from tilint.batch import RunOptions
    from tilint.report import collect
    from tilint.report.tally import Settings

    archive = make_archive(tmp_path / "archive")
    paragraph = " ".join(sentences()) + "\n\n"
    for number in range(40):  # 40 files of 16 KB: enough text (over 1 MB) for two processes
        (archive / "intake-team" / f"long-{number:02d}.txt").write_text(paragraph * (16_000 // len(paragraph)))
    settings = Settings(RunOptions(paths=(str(archive),), use_config=False, redact=True), key=b"k" * 32)
    seen: list[int] = []
    one, two = collect(settings, [str(archive)], jobs=1), collect(settings, [str(archive)], 2, lambda n, _: seen.append(n))
    assert (two.notes, two.flagged, two.findings, two.rules, two.groups) == (one.notes, one.flagged, one.findings,
                                                                             one.rules, one.groups)
    assert one.notes == 52 and one.findings > 40 * 4
    assert sum(seen) == 46 and max(seen) > 1  # every file, reported a chunk at a time: by worker processes


RULE = """id: AG101
name: our-clients
category: ownership
severity: {severity}
message: Consider "the people we serve" rather than "{{match}}".
why: Possessive words echo the control a trafficker had.
alternatives: [the people we serve]
source: {{title: "Our agency's documentation standard"}}
patterns:
  - our clients
examples:
  flag: [We drove our clients home.]
  pass: [The client portal is down.]
"""


def test_a_process_that_keeps_its_rules_loads_them_again_when_they_change(tmp_path: Path) -> None:
    from tilint.batch import RunOptions
    from tilint.report import tally
    from tilint.report.tally import Settings, discover_files, tally_files

    rules, notes = tmp_path / "rules", tmp_path / "notes"
    rules.mkdir()
    notes.mkdir()
    (notes / "a.txt").write_text("We drove our clients home.\n", encoding="utf-8")
    asked = Settings(RunOptions(rule_dirs=(rules,), no_builtin=True, use_config=False, redact=True))

    def count() -> tuple[dict[str, int], int]:
        _, targets, _, settings = discover_files(asked, [str(notes)])
        counted = tally_files([(str(t.path), t.display) for t in targets], settings)
        return dict(counted.severities), tally.RUNS_MADE

    (rules / "AG101.yaml").write_text(RULE.format(severity="warning"), encoding="utf-8")
    first, made = count()
    assert first == {"warning": 1}
    assert count() == (first, made)  # the same rules: the Run made before serves again
    (rules / "AG101.yaml").write_text(RULE.format(severity="error"), encoding="utf-8")
    assert count() == ({"error": 1}, made + 1)


def test_names_shown_are_text_not_markup(tmp_path: Path) -> None:
    export = tmp_path / "export.csv"
    export.write_text('case_note,author\n"Met two of my victims at court today.","--><img src=x> Dana"\n',
                      encoding="utf-8")
    code, _, err = invoke("--show-names", "--min-count", "1", str(export), "-o", str(tmp_path / "r"))
    assert code == 0, err
    page = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "--&gt;&lt;img src=x&gt; Dana" in page  # in the worker table, as text
    assert "<img" not in page and "<!--" not in page
    table = (tmp_path / "r" / "report.csv").read_text(encoding="utf-8")
    assert "\nworker,'--><img src=x> Dana," in table  # a spreadsheet shows it, never runs it


def test_a_broken_partition_is_named_without_its_text(tmp_path: Path) -> None:
    (tmp_path / "part-0.jsonl").write_text('{"case_note": "She refused shelter placement again."}\n'
                                           '{"case_note": "Met two of my victims at court', encoding="utf-8")
    (tmp_path / "part-1.parquet").write_bytes(b"PAR1 Met two of my victims at court PAR1")
    code, _, err = invoke(str(tmp_path), "-o", str(tmp_path / "r"))
    assert code == 2
    assert err.splitlines() == [f"{tmp_path}/part-0.jsonl: error: line 2 is not JSON",
                                f"{tmp_path}/part-1.parquet: error: cannot read this export (ArrowInvalid)"]
