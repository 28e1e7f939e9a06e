"""--jobs spreads files over processes; the report is the same as with one process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tilint.cli import cli

PARAGRAPHS = [
    "Met with A.R. at the drop-in center. She chose the small room and we reviewed her housing application.",
    "Drove two of my victims to court for the protective order hearing.",
    "Client claims her employer kept her passport; we called the consulate together.",
    "Interpreter joined by phone. We talked through the safety plan and her options for the weekend.",
    "Client refused shelter placement and will stay with her cousin.",
]


def test_jobs_give_the_same_report(tmp_path: Path) -> None:
    for n in range(24):
        body = "\n\n".join(PARAGRAPHS[(n + i) % len(PARAGRAPHS)] for i in range(520))
        (tmp_path / f"note-{n:02d}.txt").write_text(body + "\n", encoding="utf-8")
    assert sum(p.stat().st_size for p in tmp_path.iterdir()) > 1_000_000, "enough text to start workers"

    def report(jobs: str) -> dict:
        result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "json", "--jobs", jobs, str(tmp_path)])
        assert result.exit_code == 1, result.output
        return json.loads(result.stdout)

    one, two = report("1"), report("2")
    assert one == two
    assert one["summary"]["files"] == 24
    assert {f["rule"] for f in one["findings"]} >= {"TI101", "TI402", "TI602"}
    paths = [f["path"] for f in one["findings"]]
    assert paths == sorted(paths)


def test_one_huge_file_is_shared_between_workers(tmp_path: Path, monkeypatch) -> None:
    """A file far larger than the others is linted in shares of whole paragraphs, one per worker;
    the findings, their positions, fingerprints and suppressions are those of one process."""
    from tilint import batch

    monkeypatch.setattr(batch, "SPLIT_BYTES", 200_000)
    monkeypatch.setattr(batch, "BYTES_PER_JOB", 1)
    body = "\n\n".join(PARAGRAPHS[i % len(PARAGRAPHS)] + f" Visit {i}." for i in range(2400))
    body += "\n\n<!-- tilint: disable-next-line=TI101 -- quoting the old form -->\nDrove my victims home.\n"
    huge = tmp_path / "export.md"
    huge.write_text("Intro line with\na wrapped sentence about my\nvictims.\n\n" + body, encoding="utf-8")
    assert batch._shares(batch.Target(huge, "export.md", True), huge.stat().st_size, 2) == 2, "the file is split in two"

    def report(jobs: str, fmt: str = "json") -> dict:
        result = CliRunner().invoke(cli, ["check", "--no-config", "--format", fmt, "--jobs", jobs, str(huge)])
        assert result.exit_code == 1, result.output
        return json.loads(result.stdout)

    one, two = report("1"), report("2")
    assert one == two
    assert one["summary"]["findings"] > 1000
    fingerprints = [r["partialFingerprints"] for r in report("2", "sarif")["runs"][0]["results"]]
    assert fingerprints == [r["partialFingerprints"] for r in report("1", "sarif")["runs"][0]["results"]]
    assert [s["used"] for s in one["suppressions"]] == [True], "the directive at the end silenced the last line"
    lines = [f["line"] for f in one["findings"]]
    assert lines[0] == 2 and lines[-1] > 4000, "findings from the first and the last share, on their own lines"


def test_workers_started_without_fork_load_the_run_afresh(tmp_path: Path) -> None:
    """Where workers are spawned (macOS, Windows), they get the options and load rules and
    settings themselves; the report is that of one process."""
    import subprocess
    import sys

    from tilint import batch

    for n in range(8):
        body = "\n\n".join(PARAGRAPHS[(n + i) % len(PARAGRAPHS)] for i in range(1000))
        (tmp_path / f"note-{n}.txt").write_text(body + "\n", encoding="utf-8")
    assert sum(p.stat().st_size for p in tmp_path.iterdir()) > batch.BYTES_PER_JOB, "enough text for 2 workers"
    script = (
        "import multiprocessing, sys\n"
        "multiprocessing.set_start_method(sys.argv[1])\n"
        "from tilint.cli import main\n"
        "main(['check', '--no-config', '--format', 'json', '--jobs', sys.argv[2], sys.argv[3]])\n"
    )

    def report(method: str, jobs: str) -> dict:
        done = subprocess.run([sys.executable, "-c", script, method, jobs, str(tmp_path)],
                              capture_output=True, text=True, timeout=600, check=False)
        assert done.returncode == 1, done.stderr
        return json.loads(done.stdout)

    spawned = report("spawn", "2")
    assert spawned == report("fork", "1")
    assert spawned["summary"]["files"] == 8 and spawned["summary"]["findings"] > 100


def test_chunks_take_every_file_once_in_order_and_shrink_at_the_end() -> None:
    from tilint import batch

    tasks = [(f"file-{i}", None) for i in range(203)]
    chunks = list(batch._chunks(tasks, 2))  # type: ignore[arg-type]
    assert [t for chunk in chunks for t in chunk] == tasks
    sizes = [len(c) for c in chunks]
    assert max(sizes) == batch.MAX_CHUNK and sizes == sorted(sizes, reverse=True)
    assert sizes[-batch.AHEAD * 2 :] == [1] * (batch.AHEAD * 2)  # the last ones one file each


def _notes(folder: Path, count: int, paragraphs: list[str], repeat: int = 520) -> None:
    for n in range(count):
        body = "\n\n".join(paragraphs[(n + i) % len(paragraphs)] for i in range(repeat))
        (folder / f"note-{n:02d}.txt").write_text(body + "\n", encoding="utf-8")


def _report(folder: Path, jobs: str) -> dict:
    result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "json", "--jobs", jobs, str(folder)])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_files_read_ahead_while_spacy_loads_are_finished_by_the_workers(tmp_path: Path, monkeypatch) -> None:
    """With workers, a forked reader reads and prefilters the first files while this process
    loads spaCy; the workers finish them. Here loading is made slow, so the reader gets through
    every file: the report is still that of one process."""
    import os
    import time

    from tilint import batch
    from tilint.runner import Linter

    _notes(tmp_path, 24, PARAGRAPHS)
    # Markdown, a script (its document rules), and a suppression: each part of the work the reader prepares
    script = Path(__file__).parents[1] / "examples" / "intake-script.md"
    (tmp_path / "intake-script.md").write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "note-zz.md").write_text(
        "# Visit\n\nDrove `my victims` home.\n\n<!-- tilint: disable-next-line=TI101 -- the old form -->\n"
        "Drove my victims home.\n\nClient claims she\nwas **not paid**.\n", encoding="utf-8",
    )
    # every other format, whose parts and locators travel from the reader to a worker too
    fixtures = Path(__file__).parent / "fixtures"
    for name in ("case-export.csv", "intake-form.json", "intake-form.yaml", "intake-page.html"):
        (tmp_path / name).write_bytes((fixtures / name).read_bytes())
    from tests.test_format_word import case_note

    case_note(tmp_path / "case-note.docx")
    one = _report(tmp_path, "1")
    assert {f["rule"] for f in one["findings"] if f["path"].endswith("intake-script.md") and f["line"] == 1}, \
        "a document rule's finding"
    formats = {Path(f["path"]).suffix for f in one["findings"]}
    assert formats >= {".csv", ".json", ".yaml", ".html", ".docx", ".md", ".txt"}, formats
    assert any(f.get("location") for f in one["findings"] if f["path"].endswith(".docx")), "a place in the document"
    assert [s["used"] for s in one["suppressions"]] == [True]
    here = os.getpid()
    compiled = Linter.compiled
    slowed: list[bool] = []

    def slow_compiled(self: Linter) -> object:
        if os.getpid() == here and not slowed:  # the main process, once: time for the reader
            slowed.append(True)
            time.sleep(3)
        return compiled(self)

    read_ahead = batch._read_ahead
    received: list[list] = []

    def recording(*args: object) -> list:
        received.append(read_ahead(*args))  # type: ignore[arg-type]
        return received[-1]

    monkeypatch.setattr(Linter, "compiled", slow_compiled)
    monkeypatch.setattr(batch, "_read_ahead", recording)
    two = _report(tmp_path, "2")
    assert two == one
    assert one["summary"]["files"] == 31 and one["summary"]["findings"] > 1000
    assert len(received[0]) == 31, "the reader prepared every file"
    assert all(isinstance(item, bytes) for item in received[0]), "each with text left for spaCy"


def test_a_reader_that_fails_leaves_the_files_to_the_workers(tmp_path: Path, monkeypatch) -> None:
    """Whatever stops the reader (here, the third file it reads), the workers lint what it did not send."""
    from tilint import batch

    _notes(tmp_path, 24, PARAGRAPHS)
    one = _report(tmp_path, "1")
    prepare_ahead, prepare = batch._prepare_ahead, batch.Run.prepare
    calls: list[int] = []

    def in_reader(*args: object) -> None:
        calls.append(0)  # only the reader, forked from here, counts its files
        prepare_ahead(*args)  # type: ignore[arg-type]

    def failing(self: batch.Run, *args: object, **kwargs: object) -> object:
        if calls:
            calls.append(1)
            if len(calls) > 3:
                raise RuntimeError("the reader fails")
        return prepare(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "_prepare_ahead", in_reader)
    monkeypatch.setattr(batch.Run, "prepare", failing)
    assert _report(tmp_path, "2") == one
    assert not calls, "the reader is a process of its own: this one never read ahead"


def test_clean_files_never_load_spacy_in_the_main_process(tmp_path: Path) -> None:
    """When the first files the reader reads hold nothing for spaCy, the main process does not
    load it for the workers (a corpus the prefilter clears never pays for spaCy)."""
    import subprocess
    import sys

    clean = [
        "Met with A.R. at the drop-in center. She chose the small room and we reviewed her housing application.",
        "Interpreter joined by phone. We talked through the safety plan and her options for the weekend.",
    ]
    _notes(tmp_path, 12, clean, repeat=1000)
    from tilint import batch

    assert sum(p.stat().st_size for p in tmp_path.iterdir()) > 2 * batch.BYTES_PER_JOB, "enough text for workers"
    script = (
        "import sys\n"
        "from tilint.cli import main\n"
        "try:\n"
        "    main(['check', '--no-config', '--format', 'json', '--jobs', '2', sys.argv[1]])\n"
        "finally:\n"
        "    print('spacy' in sys.modules, file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True,
                          timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)["summary"]
    assert (summary["files"], summary["findings"]) == (12, 0)
    assert done.stderr.strip().splitlines()[-1] == "False"


def test_workers_are_forked_on_linux_unless_the_program_chose_otherwise() -> None:
    """Forked workers inherit the loaded rules and spaCy. Python 3.14 made forkserver Linux's
    default, so tilint asks for fork there itself; a start method the program set is kept."""
    import subprocess
    import sys

    script = (
        "import multiprocessing, multiprocessing.context as c, sys\n"
        "if sys.argv[1] == 'default-forkserver':  # as Python 3.14 has it on Linux, without setting it\n"
        "    multiprocessing.context._default_context._default_context = c._concrete_contexts['forkserver']\n"
        "elif sys.argv[1] != 'unset':\n"
        "    multiprocessing.set_start_method(sys.argv[1])\n"
        "from tilint.batch import _process_context\n"
        "print(_process_context().get_start_method())\n"
    )

    def method(chosen: str) -> str:
        done = subprocess.run([sys.executable, "-c", script, chosen], capture_output=True, text=True, timeout=120, check=True)
        return done.stdout.strip()

    assert method("spawn") == "spawn"
    assert method("forkserver" if sys.platform != "win32" else "spawn") != "fork"
    if sys.platform.startswith("linux"):
        assert method("unset") == "fork"
        assert method("default-forkserver") == "fork"


# --- a killed run leaves no process behind ----------------------------------------------------------

# The main process of a run whose every file takes a second to prepare (in the reader and in the
# workers alike), so that there is time to kill it while its other processes are busy.
SLOW_RUN = """
import sys, time
from tilint import batch
from tilint.cli import main

prepare = batch.Run.prepare
def slow(self, *args, **kwargs):
    time.sleep(1)
    return prepare(self, *args, **kwargs)
batch.Run.prepare = slow
main(sys.argv[1:])
"""


def _descendants(pid: int) -> set[int]:
    """The processes below *pid*, by their parent ids in /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue  # ended meanwhile
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    """Whether *pid* is a process still running (a zombie waiting for its parent is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the processes")
@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="--jobs 2 starts no worker on one core")
@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
@pytest.mark.parametrize("when", ["reader", "workers"])
def test_no_process_outlives_a_killed_run(tmp_path: Path, how: str, when: str) -> None:
    """Killed while its reader prepares the first files, or while two workers lint: the reader and
    the workers (which hold note text) end with the main process. SIGTERM exits 143 with one line."""
    _notes(tmp_path, 40, PARAGRAPHS, repeat=200)
    assert sum(p.stat().st_size for p in tmp_path.iterdir()) > 600_000, "enough text to start two workers"
    env = {**os.environ, "TILINT_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen([sys.executable, "-c", SLOW_RUN, "check", "--no-config", "--jobs", "2", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    seen: set[int] = set()
    try:
        wanted = 1 if when == "reader" else 2
        deadline = time.monotonic() + 120
        while len(seen) < wanted and proc.poll() is None and time.monotonic() < deadline:
            seen = {pid for pid in _descendants(proc.pid) if _alive(pid)}
            time.sleep(0.05)
        assert len(seen) >= wanted, f"the run started {len(seen)} other processes (exit status {proc.poll()})"
        seen |= _descendants(proc.pid)
        proc.send_signal(getattr(signal, how))
        _, err = proc.communicate(timeout=60)
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in seen) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in seen if _alive(pid)], "processes of the run are still alive"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pid in seen:  # whatever a failure left behind
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    if how == "SIGTERM":
        assert proc.returncode == 143
        assert err.strip().splitlines() == ["tilint: stopped by SIGTERM"], err
    else:
        assert proc.returncode == -signal.SIGKILL
