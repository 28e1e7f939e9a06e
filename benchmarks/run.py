#!/usr/bin/env python3
"""Time tilint against a keyword-scan floor and two peers (proselint, alex) on synthetic case notes.

Usage: run.py [--sizes small,medium,large] [--corpus-dir DIR] [--repeat N] [--tilint CMD] ...

Each measurement runs one command line as a fresh subprocess: wall-clock time by
time.perf_counter, CPU time and peak memory (max RSS) from os.wait4, and the summed RSS of
the whole process tree sampled from /proc (for tilint's worker processes). Corpora are made by
make_corpus.py when missing. Results are printed as a table and written as JSON to
benchmarks/results/<date>-<size>.json. Standard library only; the keyword floor runs in the
interpreter that runs tilint (``--floor``), because it reads tilint's own prefilter literals.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import make_corpus  # noqa: E402

MB = 1_000_000
EXTENSIONS = frozenset({".txt", ".text", ".md", ".markdown", ".mdown", ".mkd", ".mkdn"})
PEERS_DIR = Path("/tmp/bench-peers")
STARTUP_RUNS = 5


# ---------------------------------------------------------------------------------------------
# The keyword floor: tilint's prefilter strings, one compiled regex, every paragraph.


def load_literals() -> dict[str, list[str] | None]:
    """Rule id -> the strings tilint's prefilter looks for (None: the rule needs every paragraph).

    When tilint keeps its strings in slots (a pattern needs its rarest slot, then a second one),
    only the first slot of each pattern is listed: that is what the prefilter scans whole
    paragraphs for; the second slot is checked only in the paragraphs that hold the first.
    Document rules are left out, as tilint looks for their phrases in scripts only."""
    from tilint.rules import builtin_rules_dir, load_rules

    rules = load_rules([builtin_rules_dir()])  # all of them: the cache key tilint itself uses
    documents = {r.id for r in rules if getattr(r, "kind", "") == "document"}
    try:
        from tilint.runner import _slots
    except ImportError:  # an older tilint: one flat list of literals per rule
        from tilint.runner import _literals

        return {k: v for k, v in _literals(rules).items() if k not in documents}
    return {
        rule_id: None if patterns is None else sorted({w for pattern in patterns for w in pattern[0]})
        for rule_id, patterns in _slots(rules).items() if rule_id not in documents
    }


def literal_regex(literals: Sequence[str], engine: Any) -> Any:
    """One regex for *literals*, counted only as whole tokens as the prefilter does: a literal that
    starts (ends) with a letter or digit may not be preceded (followed) by one."""
    groups: dict[tuple[bool, bool], list[str]] = {}
    for literal in set(literals):
        key = (literal[:1].isalnum(), literal[-1:].isalnum())
        groups.setdefault(key, []).append(literal)
    if engine is re:  # lookarounds; [^\W_] is a letter or digit
        before, after = r"(?<![^\W_])", r"(?![^\W_])"
    else:  # RE2 has no lookarounds: consume the neighbouring character (may miss adjacent hits)
        before, after = r"(?:^|[\W_])", r"(?:[\W_]|$)"
    parts = []
    for (start, end), words in sorted(groups.items()):
        parts.append((before if start else "") + trie_pattern(words) + (after if end else ""))
    return engine.compile("|".join(parts) or "(?!)")


def trie_pattern(words: Sequence[str]) -> str:
    """An alternation of *words* factored by common prefixes ("girl(?:s)?"), so the regex engine
    tries one branch per character instead of every word at every position."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # the end of a word

    def render(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(char) + render(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:  # a word may stop here: the longer ones are tried first, greedily
            return f"(?:{body})?" if len(branches) == 1 else f"{body}?"
        return body

    return "(?:" + render(trie) + ")"


def corpus_files(root: Path) -> list[Path]:
    """The lintable files under *root* (or *root* itself), sorted, hidden ones skipped."""
    if root.is_file():
        return [root]
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(folder, f) for f in sorted(files) if not f.startswith(".") and Path(f).suffix in EXTENSIONS]
    return found


PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


class AhoCorasickScan:
    """The prefilter strings in one Aho-Corasick automaton (pyahocorasick, which tilint's own
    prefilter uses), with the same whole-token condition as the regex, checked at each raw hit."""

    __name__ = "ahocorasick"

    def __init__(self, literals: Sequence[str]) -> None:
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        for literal in set(literals):
            self.automaton.add_word(literal, (len(literal), literal[:1].isalnum(), literal[-1:].isalnum()))
        self.automaton.make_automaton()

    def finditer(self, text: str) -> Iterator[int]:
        """The start of every whole-token occurrence in *text*."""
        last = len(text) - 1
        for end, (length, check_start, check_end) in self.automaton.iter(text):
            start = end - length + 1
            if not (check_start and start > 0 and text[start - 1].isalnum()) and not (
                check_end and end < last and text[end + 1].isalnum()
            ):
                yield start


def floor_scan(root: Path, engine_name: str = "regex") -> dict[str, Any]:
    """Find every occurrence of every prefilter string in every paragraph under *root* (a full
    scan, as the automaton does, not a search that stops at the first hit); timings inside.
    *engine_name* "regex" uses RE2 when installed, else Python's re; "ahocorasick" an automaton."""
    started = time.perf_counter()
    literals = load_literals()
    strings = [w for words in literals.values() for w in words or ()]
    if engine_name == "ahocorasick":
        engine: Any = AhoCorasickScan(strings)
        pattern = engine
    else:
        try:
            import re2 as engine  # type: ignore[import-not-found]
        except ImportError:
            engine = re
        pattern = literal_regex(strings, engine)
    loaded = time.perf_counter()
    paragraphs = hit_paragraphs = occurrences = size = 0
    for path in corpus_files(root):
        data = path.read_bytes()
        size += len(data)
        for paragraph in PARAGRAPH_BREAK.split(data.decode("utf-8", errors="replace").lower()):
            if paragraph.strip():  # whitespace made plain, as in tilint's view of the text
                paragraphs += 1
                found = sum(1 for _ in pattern.finditer(" ".join(paragraph.split())))
                occurrences += found
                hit_paragraphs += found > 0
    done = time.perf_counter()
    return {
        "engine": engine.__name__, "bytes": size, "strings": sum(len(v or ()) for v in literals.values()),
        "paragraphs": paragraphs, "paragraphs_hit": hit_paragraphs, "occurrences": occurrences,
        "load_seconds": loaded - started, "scan_seconds": done - loaded,
        "everything_needed": sorted(k for k, v in literals.items() if v is None),
    }


def literal_stats(root: Path) -> dict[str, Any]:
    """How many paragraphs under *root* tilint's own prefilter sends to spaCy, and for which rules
    (untimed). Uses tilint's internals, so it may need updating when they change."""
    from tilint.document import TextView, paragraphs
    from tilint.prefilter import Prefilter
    from tilint.rules import builtin_rules_dir, load_rules
    rules = load_rules([builtin_rules_dir()])
    try:
        from tilint.runner import _derived

        derived, reach = _derived(rules)
    except ImportError:  # an older tilint: slots anywhere in the paragraph
        from tilint.runner import _slots

        derived, reach = _slots(rules), {}
    slots = {k: v for k, v in derived.items() if k not in {r.id for r in rules if r.kind == "document"}}
    rules = [r for r in rules if r.id in slots]
    everything = Prefilter({k: v or () for k, v in slots.items()}, reach) if reach else Prefilter({k: v or () for k, v in slots.items()})
    counts = {r.id: 0 for r in rules}
    total = through = 0
    for path in corpus_files(root):
        view = TextView.from_skips(path.read_text("utf-8", errors="replace"), [])
        for start, end in paragraphs(view.text):
            total += 1
            found = everything.rules_in(view.text[start:end])
            through += bool(found)
            for rule_id in found:
                counts[rule_id] += 1
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    return {
        "paragraphs": total, "paragraphs_to_spacy": through,
        "rules_per_paragraph": round(sum(counts.values()) / max(total, 1), 2),
        "share_by_rule": {rule: round(n / max(total, 1), 4) for rule, n in ranked},
        "rules_needing_every_paragraph": sorted(k for k, v in slots.items() if v is None),
    }


# ---------------------------------------------------------------------------------------------
# Measuring one command.


@dataclass
class Sample:
    """One run of one command."""

    wall: float
    cpu: float
    peak_mb: float  # largest single process (ru_maxrss from wait4)
    tree_mb: float  # largest sampled sum of RSS over the process and its descendants
    returncode: int
    output: str = field(default="", repr=False)  # stdout (only kept when asked for)
    error: str = field(default="", repr=False)


def _children(pid: int) -> list[int]:
    """Every descendant of *pid* (from /proc; empty when it has exited)."""
    found: list[int] = []
    queue = [pid]
    while queue:
        current = queue.pop()
        try:
            text = Path(f"/proc/{current}/task/{current}/children").read_text()
        except OSError:
            continue
        kids = [int(k) for k in text.split()]
        found += kids
        queue += kids
    return found


def _rss_kb(pid: int) -> int:
    """The resident set size of *pid* in kilobytes (0 when it has exited)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def measure(cmd: Sequence[str], timeout: float, keep_output: bool = False) -> Sample:
    """Run *cmd* once with its output sent to a temporary file; raise TimeoutError past *timeout*."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(list(cmd), stdout=out, stderr=err, stdin=subprocess.DEVNULL, start_new_session=True)
        tree_peak: list[int] = [0]
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(0.05):
                total = sum(_rss_kb(p) for p in [proc.pid, *_children(proc.pid)])
                tree_peak[0] = max(tree_peak[0], total)

        def kill() -> None:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except OSError:
                pass

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:  # Ctrl-C: the child has its own session, so end it here
            kill()
            proc.wait()
            raise
        wall = time.perf_counter() - started
        timer.cancel()
        stop.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if wall >= timeout and proc.returncode < 0:
            raise TimeoutError(f"{cmd[0]} took more than {timeout:.0f} s")
        out.seek(0)
        err.seek(0)
        output = out.read().decode("utf-8", errors="replace") if keep_output else ""
        error = err.read().decode("utf-8", errors="replace")[-2000:]
    peak = usage.ru_maxrss / 1024  # kilobytes on Linux
    return Sample(wall, usage.ru_utime + usage.ru_stime, peak, max(tree_peak[0] / 1024, peak), proc.returncode,
                  output, error)


# ---------------------------------------------------------------------------------------------
# The tools.


@dataclass
class Tool:
    """A command line to time: *argv* + the path to lint; *ok* are the exit statuses that mean success."""

    name: str
    argv: list[str] | None  # None: not available
    status: str = "ok"
    ok: tuple[int, ...] = (0,)
    is_tilint: bool = False

    def command(self, path: Path) -> list[str]:
        """The full command line for *path*."""
        assert self.argv is not None
        return [*self.argv, str(path)]


@dataclass
class Result:
    """What one tool did on one corpus."""

    tool: str
    status: str
    command: list[str] | None = None
    runs: list[float] = field(default_factory=list)
    seconds: float | None = None
    cpu_seconds: float | None = None
    mb_per_s: float | None = None
    peak_mb: float | None = None  # median over the runs of the largest process's max RSS
    tree_mb: float | None = None  # median over the runs of the sampled RSS of all its processes
    startup_seconds: float | None = None
    startup_runs: list[float] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)


def default_tilint() -> str:
    """The tilint next to the running interpreter, else the one on PATH."""
    beside = Path(sys.executable).parent / "tilint"
    return str(beside) if beside.exists() else (shutil.which("tilint") or "tilint")


def interpreter_of(script: str) -> str:
    """The Python that runs a console script (from its #! line), else this interpreter."""
    path = shutil.which(script) or script
    try:
        with open(path, "rb") as handle:
            first = handle.readline().decode("utf-8", errors="replace").strip()
    except OSError:
        return sys.executable
    if first.startswith("#!") and "python" in first:
        return first[2:].strip().split()[0]
    return sys.executable


def has_option(argv: Sequence[str], option: str) -> bool:
    """Whether ``tilint check --help`` lists *option*."""
    try:
        shown = subprocess.run([*argv, "check", "--help"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return False
    return re.search(rf"(^|\s){re.escape(option)}\b", shown) is not None


def accepts(argv: Sequence[str], option: str) -> bool:
    """Whether ``tilint check OPTION --help`` is accepted (true for hidden options too)."""
    try:
        return subprocess.run([*argv, "check", option, "--help"], capture_output=True, timeout=60).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def compile_tilint(python: str) -> None:
    """Byte-compile tilint's modules, as ``pip install`` does for an installed package. An
    editable checkout run with PYTHONDONTWRITEBYTECODE set (or from a read-only folder) would
    otherwise compile every module from source on each run: about 25 ms of every start-up."""
    where = subprocess.run([python, "-c", "import os, tilint; print(os.path.dirname(tilint.__file__))"],
                           capture_output=True, text=True, check=False)
    if where.returncode == 0 and where.stdout.strip():
        subprocess.run([python, "-m", "compileall", "-q", where.stdout.strip()], capture_output=True, check=False)


def build_tools(args: argparse.Namespace) -> list[Tool]:
    """Every row of the table, with unavailable tools marked."""
    tilint = shlex.split(args.tilint)
    check = [*tilint, "check", "--format", "json", "--fail-on", "never"]
    jobs = has_option(tilint, "--jobs")
    prefilter = accepts(tilint, "--no-prefilter")  # a hidden option: not listed by --help
    python = args.python or interpreter_of(tilint[0])
    tools = [
        Tool("tilint (1 job)", [*check, "--jobs", "1"] if jobs else check, is_tilint=True),
        Tool("tilint (all jobs)", [*check, "--jobs", "0"] if jobs else None, "ok" if jobs else "n/a", is_tilint=True),
        Tool("tilint --no-prefilter", [*check, *(["--jobs", "1"] if jobs else []), "--no-prefilter"] if prefilter else None,
             "ok" if prefilter else "n/a", is_tilint=True),
        Tool("keyword floor", [python, str(Path(__file__).resolve()), "--floor"]),
        Tool("keyword floor (A-C)", [python, str(Path(__file__).resolve()), "--floor-engine", "ahocorasick", "--floor"]),
    ]
    proselint = args.proselint or _first_existing(PEERS_DIR / "venv/bin/proselint", shutil.which("proselint"))
    tools.append(Tool("proselint", [proselint, "check"] if proselint else None,
                      "ok" if proselint else "not installed", ok=(0, 1)))
    alex = args.alex or _first_existing(PEERS_DIR / "npm/node_modules/.bin/alex", shutil.which("alex"))
    tools.append(Tool("alex", [alex] if alex else None, "ok" if alex else "not installed", ok=(0, 1)))
    chosen = [t for t in tools if not args.tools or any(k in t.name for k in args.tools.split(","))]
    return chosen


def _first_existing(*candidates: Path | str | None) -> str | None:
    """The first candidate path that exists."""
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return str(candidate)
    return None


def versions(tools: Sequence[Tool], tilint: Sequence[str]) -> dict[str, str]:
    """The version each tool reports."""
    asks = {"tilint": [*tilint, "--version"], "node": ["node", "--version"]}
    for tool in tools:
        if tool.argv and tool.name == "proselint":
            asks["proselint"] = [tool.argv[0], "version"]
        if tool.argv and tool.name == "alex":
            asks["alex"] = [tool.argv[0], "--version"]
    asks["tilint checkout"] = ["git", "-C", str(HERE.parent), "describe", "--always", "--dirty"]
    found = {}
    for name, cmd in asks.items():
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
            found[name] = (done.stdout or done.stderr).strip().splitlines()[0] if (done.stdout or done.stderr) else "?"
        except (OSError, subprocess.TimeoutExpired, IndexError):
            found[name] = "not found"
    return found


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": len(os.sched_getaffinity(0)), "cpu_model": model, "platform": platform.platform(),
        "python": platform.python_version(), "loadavg_before": list(os.getloadavg()),
    }


# ---------------------------------------------------------------------------------------------
# One size.


def ensure_corpus(size: str, corpus_dir: Path) -> Path:
    """The corpus folder for *size*, generated when missing. A ``.gitignore`` of ``!*`` at the top
    of the corpus folder lets tilint's walker see the files even though the repository ignores them."""
    folder = corpus_dir / size
    corpus_dir.mkdir(parents=True, exist_ok=True)
    marker = corpus_dir / ".gitignore"
    if not marker.exists():
        marker.write_text("# Read by tilint's walker, never by git (the repository ignores this folder).\n!*\n")
    if not folder.exists() or not any(folder.iterdir()):
        print(f"generating the {size} corpus in {folder} ...", flush=True)
        make_corpus.generate(size, folder)
    return folder


def summarize(result: Result, samples: Sequence[Sample], size_bytes: int) -> None:
    """Medians of the timed runs into *result*."""
    result.runs = [round(s.wall, 3) for s in samples]
    result.seconds = statistics.median(s.wall for s in samples)
    result.cpu_seconds = statistics.median(s.cpu for s in samples)
    result.mb_per_s = size_bytes / MB / result.seconds if result.seconds else None
    result.peak_mb = statistics.median(s.peak_mb for s in samples)  # a median: one cold-cache run is no peak
    result.tree_mb = statistics.median(s.tree_mb for s in samples)
    result.details["peak_mb_runs"] = [round(s.peak_mb, 1) for s in samples]


def details_of(tool: Tool, sample: Sample) -> dict[str, Any]:
    """What a run reported: tilint's summary, or the floor's counts."""
    try:
        data = json.loads(sample.output)
    except ValueError:
        return {}
    if tool.is_tilint:
        return dict(data.get("summary", {}))
    if tool.name.startswith("keyword floor"):
        return data
    return {}


def run_size(size: str, args: argparse.Namespace, tools: Sequence[Tool]) -> dict[str, Any]:
    """Time every tool on one corpus; return the JSON-ready results."""
    host = machine()  # the load average before the runs
    folder = ensure_corpus(size, args.corpus_dir)
    startup_file = ensure_corpus("small", args.corpus_dir) / "note.txt"
    files = corpus_files(folder)
    size_bytes = sum(p.stat().st_size for p in files)
    for path in files:  # the same page cache for every tool
        path.read_bytes()
    print(f"\n== {size}: {len(files)} files, {size_bytes / MB:.2f} MB ==", flush=True)
    # Warm tilint's on-disk cache of prefilter strings (the floor reads the same entry), so the
    # timed runs are steady-state.
    measure([*shlex.split(args.tilint), "check", "--format", "json", "--fail-on", "never", str(startup_file)], args.timeout)
    results = {t.name: Result(t.name, t.status, t.command(folder) if t.argv else None) for t in tools}
    samples: dict[str, list[Sample]] = {t.name: [] for t in tools}
    live = [t for t in tools if t.argv]
    for round_ in range(args.repeat):  # round-robin, so a noisy moment hits every tool alike
        for tool in list(live):
            timeout = args.timeout if tool.is_tilint or tool.name.startswith("keyword floor") else args.peer_timeout
            print(f"  [{round_ + 1}/{args.repeat}] {tool.name} ...", end=" ", flush=True)
            try:
                sample = measure(tool.command(folder), timeout, keep_output=True)
            except TimeoutError:
                print(f"timeout (> {timeout:.0f} s), skipped", flush=True)
                results[tool.name].status = f"timeout > {timeout:.0f} s"
                live.remove(tool)
                continue
            if sample.returncode not in tool.ok:
                print(f"exit {sample.returncode}: {sample.error.strip()[-300:]}", flush=True)
                results[tool.name].status = f"error (exit {sample.returncode})"
                live.remove(tool)
                continue
            print(f"{sample.wall:.2f} s", flush=True)
            samples[tool.name].append(sample)
            results[tool.name].details = details_of(tool, sample)
    for tool in live:
        if samples[tool.name]:
            summarize(results[tool.name], samples[tool.name], size_bytes)
        runs = []
        for _ in range(max(STARTUP_RUNS, args.repeat)):
            try:
                runs.append(measure(tool.command(startup_file), args.peer_timeout).wall)
            except TimeoutError:
                break
        if runs:
            results[tool.name].startup_runs = [round(r, 3) for r in runs]
            results[tool.name].startup_seconds = statistics.median(runs)
    check_counts(size, files, results)
    return {
        "size": size, "files": len(files), "bytes": size_bytes, "repeat": args.repeat,
        "date": time.strftime("%Y-%m-%dT%H:%M:%S"), "machine": {**host, "loadavg_after": list(os.getloadavg())},
        "versions": versions(tools, shlex.split(args.tilint)),
        "ratios": ratios([asdict(r) for r in results.values()]), "results": [asdict(r) for r in results.values()],
    }


def check_counts(size: str, files: Sequence[Path], results: dict[str, Result]) -> None:
    """Warn when tilint did not read every file (say, a .gitignore hid them) or the clean file is flagged."""
    for result in results.values():
        seen = result.details.get("files")
        if seen is not None and seen != len(files):
            print(f"  warning: {result.tool} read {seen} of {len(files)} files", flush=True)
        if size == "small" and result.details.get("findings"):
            print(f"  warning: {result.tool} flagged the clean start-up file", flush=True)


def ratios(rows: Sequence[dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    """How many times longer each tilint row takes than every other row (median wall-clock)."""
    seconds = {row["tool"]: row["seconds"] for row in rows}
    table: dict[str, dict[str, float | None]] = {}
    for mine in ("tilint (1 job)", "tilint (all jobs)"):
        own = seconds.get(mine)
        if not own:
            continue
        table[mine] = {tool: round(own / other, 2) if other else None for tool, other in seconds.items() if tool != mine}
    return table


def merge(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """*old* results of a size with the rows of a partial run (``--tools``) put in their place."""
    rows = {row["tool"]: row for row in old["results"]}
    rows.update({row["tool"]: row for row in new["results"]})
    merged = {**old, "results": list(rows.values())}
    merged["ratios"] = ratios(merged["results"])
    merged.setdefault("partial_runs", []).append(
        {key: new[key] for key in ("date", "machine", "versions")} | {"tools": [r["tool"] for r in new["results"]]}
    )
    return merged


def render(report: dict[str, Any]) -> str:
    """The results of one size as a plain-text table."""
    head = ["tool", "MB/s", "seconds", "runs", "cpu s", "peak MB", "tree MB", "start-up s", "tilint(1) x"]
    base = report["ratios"].get("tilint (1 job)", {})
    rows = [head]
    for r in report["results"]:
        if r["seconds"] is None:
            rows.append([r["tool"], r["status"], "", "", "", "", "", _f(r["startup_seconds"], 2), ""])
            continue
        rows.append([
            r["tool"], _f(r["mb_per_s"], 3), _f(r["seconds"], 2), str(len(r["runs"])), _f(r["cpu_seconds"], 2),
            _f(r["peak_mb"], 0),
            _f(r["tree_mb"], 0), _f(r["startup_seconds"], 2), _f(base.get(r["tool"]), 2),
        ])
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for floor in (r for r in report["results"] if r["tool"].startswith("keyword floor") and r["details"]):
        d = floor["details"]
        lines.append(f"{floor['tool']} ({d.get('engine')}, {d.get('strings')} strings): {d.get('paragraphs_hit')} of "
                     f"{d.get('paragraphs')} paragraphs hold one; the scan alone runs at "
                     f"{d.get('bytes', 0) / MB / max(d.get('scan_seconds', 0), 1e-9):.1f} MB/s")
    m = report["machine"]
    lines.append(f"{report['files']} files, {report['bytes'] / MB:.2f} MB; medians of the runs; "
                 f"{m['nproc']} CPUs ({m['cpu_model']}); load average {m['loadavg_before'][0]:.1f} -> {m['loadavg_after'][0]:.1f}")
    return "\n".join(lines)


def _f(value: float | None, digits: int) -> str:
    """A table cell: *value* rounded, or empty."""
    return "" if value is None else f"{value:.{digits}f}"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="small,medium", help="comma-separated: small, medium, large, huge")
    parser.add_argument("--corpus-dir", type=Path, default=HERE / "corpus")
    parser.add_argument("--results-dir", type=Path, default=HERE / "results")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per tool (median is reported)")
    parser.add_argument("--tilint", default=default_tilint(), help="the tilint command (default: %(default)s)")
    parser.add_argument("--python", help="interpreter for the keyword floor (default: tilint's)")
    parser.add_argument("--proselint", help=f"proselint command (default: {PEERS_DIR}/venv/bin/proselint or PATH)")
    parser.add_argument("--alex", help=f"alex command (default: {PEERS_DIR}/npm/node_modules/.bin/alex or PATH)")
    parser.add_argument("--tools", help="only the rows whose name contains one of these (comma-separated)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds before a tilint or floor run is killed")
    parser.add_argument("--peer-timeout", type=float, default=600, help="seconds before a peer's run is skipped")
    parser.add_argument("--literal-stats", action="store_true",
                        help="also report which rules' literals occur in most paragraphs (untimed)")
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--floor-engine", choices=("regex", "ahocorasick"), default="regex", help=argparse.SUPPRESS)
    parser.add_argument("--stats", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    unknown = set(args.sizes.split(",")) - set(make_corpus.SIZES)
    if unknown and not (args.floor or args.stats):
        parser.error(f"unknown size(s): {', '.join(sorted(unknown))}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks (or, with the hidden --floor/--stats, one keyword scan as a child process)."""
    args = parse_args(argv)
    if args.floor:
        print(json.dumps(floor_scan(args.floor, args.floor_engine)))
        return 0
    if args.stats:
        print(json.dumps(literal_stats(args.stats)))
        return 0
    tools = build_tools(args)
    compile_tilint(args.python or interpreter_of(shlex.split(args.tilint)[0]))
    args.results_dir.mkdir(parents=True, exist_ok=True)
    ignore = args.results_dir / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n!.gitignore\n")
    for size in args.sizes.split(","):
        report = run_size(size, args, tools)
        if args.literal_stats and size != "small":
            python = args.python or interpreter_of(shlex.split(args.tilint)[0])
            done = subprocess.run([python, str(Path(__file__).resolve()), "--stats", str(args.corpus_dir / size)],
                                  capture_output=True, text=True, check=True)
            report["literal_stats"] = json.loads(done.stdout)
        print(render(report))
        if "literal_stats" in report:
            stats = report["literal_stats"]
            top = list(stats["share_by_rule"].items())[:12]
            print(f"tilint's prefilter sends {stats['paragraphs_to_spacy']} of {stats['paragraphs']} paragraphs to spaCy, "
                  f"for {stats['rules_per_paragraph']} rules per paragraph on average; "
                  "most often: " + ", ".join(f"{k} {v:.0%}" for k, v in top))
        path = args.results_dir / f"{time.strftime('%Y-%m-%d')}-{size}.json"
        if args.tools and path.exists():  # a partial run replaces its rows in today's results
            report = merge(json.loads(path.read_text()), report)
            print(render(report))
        path.write_text(json.dumps(report, indent=2) + "\n")
        print(f"written: {path}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
