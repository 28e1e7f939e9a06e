"""Hostile inputs around finding and reading files (issue 14, items 8, 10 and 14, and the
tracebacks list): each is one line (a note, or an error with exit status 2), never a traceback
or a hang, and the good file beside it is still linted."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tilint.cli import cli

GOOD = "Met two of my victims at court.\n"
GOOD_FINDING = "good.txt:1:12: warning TI101"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="named pipes, devices and modes are POSIX's")


@contextlib.contextmanager
def deadline(seconds: int = 120) -> Iterator[None]:
    """Fail (rather than hang the test run) when what is inside takes longer than *seconds*."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check(tree: Path, *args: str, cwd: Path | None = None) -> tuple[int, str, list[str]]:
    """Run 'tilint check ARGS' (the text format); (status, stdout, stderr lines), having made
    sure that it ended without a traceback."""
    old = Path.cwd()
    os.chdir(cwd or tree)
    try:
        with deadline():
            result = CliRunner().invoke(cli, ["check", "--format", "text", *args])
    finally:
        os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout, result.stderr.splitlines()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A repository holding good.txt, whose finding every run must still report."""
    root = tmp_path / "tree"
    (root / ".git").mkdir(parents=True)
    (root / "good.txt").write_text(GOOD, encoding="utf-8")
    return root


def _nest(top: Path, name: str, depth: int, last: str, text: str) -> None:
    """*depth* folders named *name*, one inside the other, under *top*, with the file *last* at
    the bottom; made with folder descriptors, so that no path handed to the system is too long."""
    top.mkdir()
    folder = os.open(top, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=folder)
            inner = os.open(name, os.O_RDONLY, dir_fd=folder)
            os.close(folder)
            folder = inner
        handle = os.open(last, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=folder)
        os.write(handle, text.encode())
        os.close(handle)
    finally:
        os.close(folder)


def _unnest(top: Path, name: str, depth: int, last: str) -> None:
    """Remove what _nest made (pytest's own clean-up recurses, and would fail on 1,100 levels)."""
    folders = [os.open(top, os.O_RDONLY)]
    try:
        for _ in range(depth):
            folders.append(os.open(name, os.O_RDONLY, dir_fd=folders[-1]))
        os.unlink(last, dir_fd=folders[-1])
        while len(folders) > 1:
            os.close(folders.pop())
            os.rmdir(name, dir_fd=folders[-1])
    finally:
        for folder in folders:
            os.close(folder)


@pytest.fixture
def nested() -> Iterator[Callable[[Path, str, int, str, str], None]]:
    """_nest, with what it made removed after the test."""
    made: list[tuple[Path, str, int, str]] = []

    def nest(top: Path, name: str, depth: int, last: str, text: str) -> None:
        _nest(top, name, depth, last, text)
        made.append((top, name, depth, last))

    yield nest
    for top, name, depth, last in made:
        _unnest(top, name, depth, last)


# --- item 8: what a folder walk skips is said -----------------------------------------------------


@posix_only
@pytest.mark.parametrize(
    ("make", "note"),
    [
        (lambda t: (t / "gone.txt").symlink_to(t / "nowhere.txt"),
         "gone.txt: note: broken symbolic link (it points to nothing), skipped"),
        (lambda t: (t / "loop.txt").symlink_to(t / "loop.txt"), "loop.txt: note: symbolic link loop, skipped"),
        (lambda t: (t / "elsewhere").symlink_to(t.parent, target_is_directory=True),
         "elsewhere: note: link to a folder, not followed (name it on the command line to lint it)"),
        (lambda t: os.mkfifo(t / "pipe.txt"), "pipe.txt: note: not a regular file (a named pipe); not read"),
        (lambda t: (t / "empty").mkdir(), None),
    ],
    ids=["dangling-link", "looping-link", "link-to-folder", "named-pipe", "empty-subfolder"],
)
def test_what_a_folder_walk_skips_is_a_note(tree: Path, make: Callable[[Path], object], note: str | None) -> None:
    make(tree)
    status, out, err = check(tree, ".")
    assert status == 1 and GOOD_FINDING in out
    assert err == ([note] if note else [])


def test_an_unreadable_subfolder_is_an_error(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tree / "locked").mkdir()
    (tree / "locked" / "note.txt").write_text(GOOD, encoding="utf-8")
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if str(path).endswith("locked"):  # as for a folder of another user's, mode 700 (root reads it anyway)
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    status, out, err = check(tree, ".")
    assert status == 2 and GOOD_FINDING in out
    assert err == ["locked: error: cannot read this folder (permission denied); the files in it are not linted"]


@posix_only
def test_a_path_too_long_for_the_system_is_an_error(tree: Path, nested: Callable[..., None]) -> None:
    nested(tree / "deep", "x" * 250, 20, "note.txt", GOOD)  # about 5,000 characters: more than PATH_MAX
    status, out, err = check(tree, ".")
    assert status == 2 and GOOD_FINDING in out
    (line,) = err
    assert line.startswith("deep/" + "x" * 250 + "/") and line.endswith(
        ": error: cannot read this folder (path too long for this system); the files in it are not linted")


def test_folders_nested_deeper_than_python_recursion(tree: Path, nested: Callable[..., None]) -> None:
    nested(tree / "deep", "d", 1_100, "bottom.txt", "Client claims she left.\n")
    status, out, err = check(tree, ".")
    assert (status, err) == (1, [])
    assert GOOD_FINDING in out and "/d/d/bottom.txt:1:8: warning TI402" in out


def test_a_folder_holding_nothing_to_lint_is_a_note_and_a_run_of_no_file_is_an_error(tree: Path) -> None:
    (tree / "scans").mkdir()
    (tree / "scans" / "intake.xyz").write_bytes(b"scanned")  # an extension tilint does not know
    status, out, err = check(tree, "scans", "good.txt")
    assert status == 1 and GOOD_FINDING in out
    assert err == ["scans: note: no file tilint reads in this folder (hidden and .gitignored files are skipped)"]
    status, out, err = check(tree, "scans")
    assert status == 2
    assert err == ["scans: note: no file tilint reads in this folder (hidden and .gitignored files are skipped)",
                   "scans: error: no file was linted (the notes say why)"]


def test_a_run_whose_files_are_all_excluded_says_so(tree: Path) -> None:
    (tree / ".tilint.yaml").write_text("exclude: ['good.txt', 'archive/']\n", encoding="utf-8")
    (tree / "archive").mkdir()
    (tree / "archive" / "old.txt").write_text(GOOD, encoding="utf-8")
    status, _, err = check(tree, "archive")
    assert (status, err) == (2, ["archive: error: no file was linted: 1 found, all excluded by the configuration"])
    # named one by one, as pre-commit names the files of a commit: a note each, and no failure
    status, _, err = check(tree, "good.txt", "archive/old.txt")
    assert status == 0
    assert err == [f"good.txt: note: excluded by {tree / '.tilint.yaml'}, not linted",
                   f"archive/old.txt: note: excluded by {tree / '.tilint.yaml'}, not linted"]


def test_a_custom_extension_in_formats_is_linted_where_its_folder_is(tree: Path) -> None:
    (tree / ".tilint.yaml").write_text("formats: {'*.note': text}\n", encoding="utf-8")
    (tree / "visits").mkdir()
    (tree / "visits" / "a.note").write_text("Client claims she left.\n", encoding="utf-8")
    status, out, err = check(tree, ".")
    assert (status, err) == (1, [])
    assert GOOD_FINDING in out and "visits/a.note:1:8: warning TI402" in out


def test_files_of_a_rule_folder_are_said_to_be_read_as_rules(tree: Path) -> None:
    from tests.test_rule_loading import GOOD as RULE

    (tree / "agency").mkdir()
    (tree / "agency" / "AG101.yaml").write_text(RULE, encoding="utf-8")
    (tree / "agency" / "README.md").write_text("Avoid: my victims.\n", encoding="utf-8")
    (tree / ".tilint.yaml").write_text("extra_rules: [agency]\n", encoding="utf-8")
    status, out, err = check(tree, ".")
    assert status == 1 and GOOD_FINDING in out and "README.md" not in out
    assert err == [f"{tree / 'agency'}: note: 2 files in this rule folder read as rules, not linted"]


# --- item 10: named pipes and devices are never read ------------------------------------------------


@posix_only
@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
def test_a_pipe_or_device_named_on_the_command_line_is_refused(tree: Path, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(tree / "pipe.txt")
    name = "pipe.txt" if kind == "fifo" else kind
    what = "a named pipe" if kind == "fifo" else "a character device"
    status, out, err = check(tree, name, "good.txt")
    assert status == 2 and GOOD_FINDING in out
    assert err == [f"{name}: error: not a regular file ({what}); not read"]


@posix_only
@pytest.mark.parametrize("option", ["--config", "--baseline"])
@pytest.mark.parametrize("kind", ["fifo", "/dev/zero"])
def test_config_or_baseline_of_a_pipe_or_device_is_one_line(tree: Path, option: str, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(tree / "settings")
    name = "settings" if kind == "fifo" else kind
    what = "a named pipe" if kind == "fifo" else "a character device"
    status, _, err = check(tree, option, name, "good.txt")
    assert (status, err) == (2, [f"tilint: error: {name}: not a regular file ({what}); not read"])


# --- the tracebacks list -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "error"),
    [
        ("pyproject.toml", "tool = 'tilint'\n", "key 'tool': expected a table, such as [tool.tilint]"),
        ("pyproject.toml", "[tool.tilint]\nrules = " + "[" * 5000 + "]" * 5000 + "\n",
         "nested too deeply to be a configuration"),
        ("deep.yaml", "rules: " + "[" * 5000 + "]" * 5000 + "\n", "YAML syntax error"),
        ("root.yaml", "extra_rules: ['/']\n",
         "key 'extra_rules': '/' is the top of the file system, not a folder of rules"),
        ("long.yaml", f"extra_rules: ['{'r' * 5000}']\n", "key 'extra_rules': '" + "r" * 60 + "…': path too long"),
    ],
    ids=["tool-is-text", "toml-5000-deep", "yaml-5000-deep", "extra-rules-root", "extra-rules-too-long"],
)
def test_a_broken_configuration_is_one_line(tree: Path, name: str, text: str, error: str) -> None:
    (tree / name).write_text(text, encoding="utf-8")
    status, _, err = check(tree, "--config", name, "good.txt")
    assert status == 2 and len(err) == 1
    assert err[0].startswith(f"tilint: error: {name}: {error}")


def test_a_pyproject_whose_tool_is_text_is_not_tilints(tree: Path) -> None:
    (tree / "pyproject.toml").write_text("tool = 'tilint'\n", encoding="utf-8")
    status, out, err = check(tree, ".")
    assert (status, err) == (1, []) and GOOD_FINDING in out


def test_a_baseline_nested_100000_deep_is_one_line(tree: Path) -> None:
    (tree / "baseline.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    status, _, err = check(tree, "--baseline", "baseline.json", "good.txt")
    assert (status, err) == (2, ["tilint: error: baseline.json: not a tilint baseline: nested too deeply"])


def test_front_matter_nested_too_deeply_is_passed_over(tree: Path) -> None:
    """Front matter is not linted; it is read only for a 'tilint-document' key, which a block
    nested 5,000 deep cannot hold where it counts."""
    (tree / "note.md").write_text("---\na: " + "[" * 5000 + "]" * 5000 + "\n---\nClient claims she left.\n")
    status, out, err = check(tree, ".")
    assert (status, err) == (1, [])
    assert GOOD_FINDING in out and "note.md:4:8: warning TI402" in out


# --- item 14: bounded resources ----------------------------------------------------------------------


def test_jobs_are_capped_at_the_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    from tilint import batch
    from tilint.sources import Target

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(os, "process_cpu_count", lambda: 2, raising=False)
    targets = [Target(Path(f"n{i}.txt"), f"n{i}.txt") for i in range(64)]
    sizes = [batch.BYTES_PER_JOB] * 64
    assert batch._workers(16, targets, sizes) == 2
    assert batch._workers(0, targets, sizes) == 2
    assert batch._workers(1, targets, sizes) == 1


def test_no_config_makes_one_setup_for_the_whole_run(tmp_path: Path) -> None:
    """A new setup per file held 880 MB at 40,000 files."""
    from tilint.batch import Run, RunOptions
    from tilint.sources import discover

    for n in range(200):
        (tmp_path / f"n{n:03d}.txt").write_text("Visit went well.\n", encoding="utf-8")
    state = Run(RunOptions(paths=(str(tmp_path),), use_config=False))
    targets, _ = discover([str(tmp_path)])
    assert len(state.plan(targets)) == 200
    for target in targets:
        state.prepare(target)
    assert len(state._setups) == 1 and len(state._linters) == 1


def test_a_word_zip_bomb_part_is_skipped_with_a_note_and_the_rest_linted(tree: Path) -> None:
    import io
    import zipfile

    import docx

    from tilint.formats.word import PART_LIMIT

    made = docx.Document()
    made.add_paragraph("Client claims she left.")
    made.sections[0].header.paragraphs[0].text = "Our girls came."
    plain = io.BytesIO()
    made.save(plain)
    with zipfile.ZipFile(plain) as original, zipfile.ZipFile(tree / "bomb.docx", "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "word/header1.xml":  # 40 MB once uncompressed, a few kilobytes in the file
                data = data.replace(b"<w:p>", b" " * (PART_LIMIT + 2**20) + b"<w:p>", 1)
            bomb.writestr(info.filename, data)
        bomb.writestr("word/media/image9.png", b"\0" * (2 * PART_LIMIT))
    assert (tree / "bomb.docx").stat().st_size < 1_000_000
    status, out, err = check(tree, ".")
    assert status == 1 and GOOD_FINDING in out and "bomb.docx:1:8 (paragraph 1): warning TI402" in out
    assert "TI102" not in out, "the header was not read"
    assert err == ["bomb.docx: note: not read, larger than 32 MB once uncompressed: word/header1.xml, "
                   "word/media/image9.png"]


def test_a_json_form_of_a_million_strings_is_refused_at_once(tree: Path) -> None:
    (tree / "form.json").write_text(json.dumps({"questions": ["Why?"] * 1_000_000}), encoding="utf-8")
    status, out, err = check(tree, ".")
    assert status == 2 and GOOD_FINDING in out
    assert err == ["form.json: error: more than 100,000 keys and values: too large to be a form; not read"]


def test_a_yaml_form_of_too_many_values_is_refused(tree: Path) -> None:
    (tree / "form.yaml").write_text("q:\n" + "- Why?\n" * 100_001, encoding="utf-8")
    status, out, err = check(tree, ".")
    assert status == 2 and GOOD_FINDING in out
    assert err == ["form.yaml: error: more than 100,000 keys and values: too large to be a form; not read"]


def test_csv_cells_past_the_csv_modules_limit(tree: Path) -> None:
    """A cell over 131,072 characters (the csv module's limit) is linted; a cell over tilint's own
    limit skips its row, with a note, and every other row is linted."""
    from tilint.formats.table import CELL_LIMIT

    long_cell = "x " * 70_000 + "Client claims she left."
    huge_cell = "y " * (CELL_LIMIT // 2) + "\nits second line, with \"\"quotes\"\"\n"
    (tree / "export.csv").write_text(
        f'id,notes\n1,Met my victims.\n2,"{long_cell}"\n3,"{huge_cell}"\n4,Our girls came.\n', encoding="utf-8")
    status, out, err = check(tree, ".")
    assert status == 1 and GOOD_FINDING in out
    assert "export.csv:2:7 (row 1, column notes): warning TI101" in out
    assert "export.csv:3:140011 (row 2, column notes): warning TI402" in out
    assert "export.csv:7:3 (row 4, column notes): warning TI102" in out, "row 4 is found after the skipped one"
    assert err == [f"export.csv: note: row 3 not linted: a cell longer than {CELL_LIMIT:,} characters"]
