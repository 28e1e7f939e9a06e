"""Peak memory of tilint on a large archive: the main process and each worker, sampled.

tilint writes findings as each file is done and keeps none of them, so memory should not grow
with the archive. The limit this checks is 200 MB per process (resident set size). Usage:
    python benchmarks/memory.py [--size archive] [--jobs 2] [--corpus-dir DIR]
Makes the corpus when missing (archive: 20,000 files, 200 MB; export: one 50 MB file), runs
``tilint check --format json --fail-on never --jobs N`` on it, samples the resident memory of
the process tree every 0.1 s from /proc (Linux), prints the peaks and exits 1 over the limit.
Standard library only; the JSON report goes to a temporary file and is read for its summary.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LIMIT_MB = 200.0


def rss_kb(pid: int) -> int:
    """The resident set size of *pid* in kB, or 0 once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    """The direct children of *pid*."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def measure(command: list[str], output: Path) -> dict[str, float]:
    """Run *command* with stdout to *output*; the peak memory of it and of its children (MB)."""
    started = time.perf_counter()
    with output.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.PIPE)
        main = workers = 0
        while process.poll() is None:
            main = max(main, rss_kb(process.pid))
            for child in children(process.pid):
                workers = max(workers, rss_kb(child))
            time.sleep(0.1)
        stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
    if process.returncode not in (0, 1):
        raise SystemExit(f"tilint exited {process.returncode}: {stderr.strip()[:500]}")
    return {"seconds": time.perf_counter() - started, "main_mb": main / 1024, "worker_mb": workers / 1024}


def main() -> int:
    """Make the corpus if needed, measure, print, and compare with the limit."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="archive", help="corpus size from make_corpus.py (default: archive)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--corpus-dir", type=Path, default=HERE / "corpus")
    parser.add_argument("--tilint", default=str(Path(sys.executable).with_name("tilint")))
    args = parser.parse_args()
    corpus = args.corpus_dir / args.size
    if not corpus.exists():
        subprocess.run([sys.executable, str(HERE / "make_corpus.py"), args.size, str(corpus)], check=True)
    (args.corpus_dir / ".gitignore").write_text("!*\n", encoding="utf-8")  # see README: the walker reads it
    size = sum(p.stat().st_size for p in corpus.rglob("*") if p.is_file() and not p.name.startswith("."))
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "report.json"
        command = [args.tilint, "check", "--format", "json", "--fail-on", "never", "--jobs", str(args.jobs), str(corpus)]
        figures = measure(command, report)
        summary = json.loads(report.read_text(encoding="utf-8"))["summary"]
    peak = max(figures["main_mb"], figures["worker_mb"])
    print(f"{args.size}: {summary['files']:,} files, {size / 1e6:.0f} MB, {summary['findings']:,} findings, "
          f"--jobs {args.jobs}: {figures['seconds']:.1f} s ({size / 1e6 / figures['seconds']:.1f} MB/s)")
    workers = f"largest worker {figures['worker_mb']:.0f} MB" if figures["worker_mb"] else "no workers"
    print(f"peak resident memory: main process {figures['main_mb']:.0f} MB, {workers} "
          f"(limit {LIMIT_MB:.0f} MB per process)")
    return 0 if peak <= LIMIT_MB else 1


if __name__ == "__main__":
    sys.exit(main())
