#!/usr/bin/env python3
"""tilint report past one machine: `tilint check --jobs 2` against `tilint report` with two local
worker processes and on a two-worker Dask LocalCluster, on the 20 MB corpus and on an export of
10,000 notes (ten CSV partitions with author and date columns).

Usage: cluster.py [--corpus-dir DIR] [--repeat N] [--only large,export]

Each timed run is a fresh `tilint` subprocess (wall-clock time, median of --repeat runs, taken
round robin so that the load of a shared machine falls on each alike). The cluster is started
once, beforehand (its start-up is reported on its own); the first report on it, timed apart,
pays for each worker importing spaCy and loading the rules, and later ones find them loaded. Needs the dask extra (pip install "tilint[dask]"). Results are
printed and written to benchmarks/results/<date>-cluster.json.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_corpus  # noqa: E402
from run import ensure_corpus  # noqa: E402 - the corpus, with the .gitignore that lets tilint see it

TILINT = str(Path(sys.executable).with_name("tilint"))
EXPORT_NOTES, EXPORT_PARTS = 10_000, 10
STAFF = [f"{a}. {b}." for a, b in zip("ABCDEFGHJKLMNOPRSTVWYZ", "MKTRSLPNBDGHWCAEFJVYZO")]


def make_export(folder: Path) -> Path:
    """10,000 invented notes of about 1 KB in ten CSV partitions: note id, case note, author
    (one of 22 made-up staff initials) and date (2022-2024). Deterministic."""
    if folder.exists():
        return folder
    folder.mkdir(parents=True)
    rng = random.Random(f"{make_corpus.SEED}-export-10k")
    per = EXPORT_NOTES // EXPORT_PARTS
    for part in range(EXPORT_PARTS):
        with (folder / f"part-{part:02d}.csv").open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(["note_id", "case_note", "author", "note_date"])
            for index in range(part * per, (part + 1) * per):
                note_rng = random.Random(f"{make_corpus.SEED}-export-10k-{index}")
                text = make_corpus.case_note(note_rng, make_corpus.Slots(note_rng), int(rng.uniform(400, 1600)),
                                             make_corpus.FLAG_RATE, markdown=False)
                when = date(2022, 1, 1) + timedelta(days=rng.randrange(3 * 365))
                writer.writerow([index, text, rng.choice(STAFF), when.strftime("%m/%d/%Y")])
    return folder


def run_once(command: list[str]) -> tuple[float, str]:
    """Wall-clock seconds of one run of *command*, and its standard output."""
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()[:500]}")
    return seconds, done.stdout


def summary(out_dir: Path) -> str:
    data = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))["summary"]
    return f"{data['notes']:,} notes, {data['notes_with_findings']:,} flagged, {data['findings']:,} findings"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus-dir", type=Path, default=HERE / "corpus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="large,export")
    args = parser.parse_args()
    from distributed import LocalCluster

    corpora = {}
    if "large" in args.only:
        corpora["large"] = ensure_corpus("large", args.corpus_dir)
    if "export" in args.only:
        ensure_corpus("small", args.corpus_dir)
        corpora["export"] = make_export(args.corpus_dir / "export-10k")
    rows: list[dict[str, object]] = [{"corpus": "-", "run": "load average before", "seconds": os.getloadavg()[0]}]
    started = time.perf_counter()
    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster, \
            tempfile.TemporaryDirectory() as scratch:
        rows.append({"corpus": "-", "run": "LocalCluster(2 workers) start", "seconds": time.perf_counter() - started})
        for name, folder in corpora.items():
            size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
            out_dir = Path(scratch) / name
            check = [TILINT, "check", "--no-config", "--jobs", "2", "--format", "json", str(folder)]
            report = [TILINT, "report", "--no-config", str(folder), "-o", str(out_dir)]
            dask = [*report, "--dask", cluster.scheduler_address]
            runs = {"tilint check --jobs 2": check, "tilint report --jobs 2": [*report, "--jobs", "2"],
                    "tilint report --dask": dask}
            # the first run on the cluster: each worker imports spaCy and loads the rules
            seconds, _ = run_once(dask)
            rows.append({"corpus": name, "bytes": size, "run": "tilint report --dask, first run", "seconds": seconds,
                         "result": summary(out_dir)})
            times: dict[str, list[float]] = {label: [] for label in runs}
            said: dict[str, str] = {}
            for _ in range(args.repeat):  # round robin, so that the load of a shared machine falls on every tool alike
                for label, command in runs.items():
                    seconds, out = run_once(command)
                    times[label].append(seconds)
                    if label.startswith("tilint check"):
                        found = json.loads(out)["summary"]
                        said[label] = f"{found['files']:,} files, {found['findings']:,} findings"
                    else:
                        said[label] = summary(out_dir)
            for label in runs:
                rows.append({"corpus": name, "bytes": size, "run": label, "seconds": statistics.median(times[label]),
                             "times": times[label], "result": said[label]})
    rows.append({"corpus": "-", "run": "load average after", "seconds": os.getloadavg()[0]})
    for row in rows:
        unit = "  " if str(row["run"]).startswith("load") else " s"
        print(f"{row['corpus']:<7} {row['run']:<38} {row['seconds']:7.2f}{unit}  {row.get('result', '')}")
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    described = subprocess.run(["git", "describe", "--always", "--dirty"], capture_output=True, text=True, cwd=HERE)
    record = {"checkout": described.stdout.strip(), "repeat": args.repeat, "rows": rows}
    path = results / f"{date.today().isoformat()}-cluster.json"
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
