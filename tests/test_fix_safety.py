"""--fix loses nothing: paths after '--', the words checked before a rewrite, the writer's own
choices, --diff and standard input, links, ownership, refusals and temporary files (issue 14)."""

from __future__ import annotations

import errno
import os
import signal
import stat
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

import tilint.batch
from tilint import cli as cli_module
from tilint.cli import cli
from tilint.fix import Chooser, Stop, stand_in
from tilint.runner import Linter


def run(*args: str, stdin: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", "--no-config", *args], input=stdin)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def one_line(err: str) -> str:
    """The single line a refusal prints (after the 'Fixed ...' summary), with no traceback."""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if ": error: " in line]
    assert len(lines) == 1, err
    return lines[0]


# --- 1. everything after '--' is a path ---------------------------------------------------------


def test_paths_after_double_dash_are_files_even_when_named_like_options(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("README.md").write_text("# Notes\n", encoding="utf-8")
    Path("--write-baseline=README.md").write_text("Drove our girls to the clinic.\n", encoding="utf-8")
    Path("-").write_text("Met two of my victims.\n", encoding="utf-8")
    code, out, err = run("--", "--write-baseline=README.md", "-", stdin="Our girls came.\n")
    assert Path("README.md").read_text(encoding="utf-8") == "# Notes\n"
    assert code == 1, err
    assert "--write-baseline=README.md:1:7: warning TI102" in out
    assert "./-:1:12: warning TI101" in out, "'-' after '--' is the file named '-', not standard input"
    assert "2 findings" in out


def test_a_dash_before_double_dash_still_reads_standard_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("note.txt").write_text("Clean note.\n", encoding="utf-8")
    code, out, _ = run("-", "--", "note.txt", stdin="Our girls came.\n")
    assert code == 1 and "-:1:1: warning TI102" in out and "in 2 files" in out


# --- 2. the words are checked before a rewrite, whatever --redact prints ----------------------


def test_fix_with_redact_does_not_rewrite_a_file_that_changed_since_it_was_linted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Client claims she left.\n", encoding="utf-8")
    changed = "Claims client made: none.\n"  # "Claims" now stands where "Client claims" was linted
    real_run = tilint.batch.run
    calls = []

    def run_then_edit(options: tilint.batch.RunOptions, emit: object = None) -> object:
        result = real_run(options)
        if not calls:
            path.write_text(changed, encoding="utf-8")  # a colleague saves the note meanwhile
        calls.append(options)
        return result

    monkeypatch.setattr(tilint.batch, "run", run_then_edit)
    code, out, err = run("--fix", "--redact", str(path))
    assert path.read_text(encoding="utf-8") == changed, "no word is rewritten that was not flagged"
    assert "Fixed 0 findings in 0 files." in err
    assert "Claims client" not in out and "Client claims" not in out, "--redact still hides the words"


# --- 3. --fix --interactive ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "alternative", "expected"),
    [
        ("Client alleges that she was assaulted.", "reported", "Client reports that she was assaulted."),  # the tense of "alleges"
        ("She is unmotivated.", "is not yet ready to look for work", "She is not yet ready to look for work."),
        ("Client is a victim of depression.", "was diagnosed with", "Client was diagnosed with depression."),
        ("Met two of my victims.", "the", "Met two of the victims."),  # only "my" is reported
        ("Our survivors came.", "the", "The survivors came."),
        ("Spoke with my trafficking victim.", "the", "Spoke with the trafficking victim."),  # the describing word stays
        ("He choked her until she passed out.", "he strangled her", "He strangled her until she passed out."),
        ('Ask: "Why did you stay?"', "What made it hard to leave?", 'Ask: "What made it hard to leave?"'),
    ],
)
def test_an_alternative_replaces_only_the_words_it_stands_for(
    linter: Linter, text: str, alternative: str, expected: str
) -> None:
    finding = next(f for f in linter.lint_text(text, "n.txt") if alternative in f.suggestions)
    edit = stand_in(alternative, text, finding.start, finding.end)
    assert edit is not None
    assert text[: edit.start] + edit.text + text[edit.end :] == expected


@pytest.mark.parametrize(
    ("text", "alternative"),
    [
        ("Met two of my victims.", "the person's name or initials"),  # what to write, not words to write
        ("Client has a history of poor choices.", "the decisions available to her were limited by (circumstance)"),
        ("Why didn't you leave when you had the chance?", "What made it hard to leave?"),  # a sentence for part of one
        ("Client was choked during the assault.", "he strangled her"),  # a clause for a verb
        ("Client supposedly worked at the farm.", 'attribute the account: "per client, she ..." or "client reported that ..."'),
        ("Client has a history of poor choices.", "describe what happened and the options the person had at the time"),
    ],
)
def test_an_alternative_that_cannot_stand_in_is_advice(linter: Linter, text: str, alternative: str) -> None:
    finding = next(f for f in linter.lint_text(text, "n.txt") if alternative in f.suggestions)
    assert stand_in(alternative, text, finding.start, finding.end) is None


def test_interactive_shows_the_sentence_then_writes_only_the_replaced_words(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Client alleges that she was assaulted.\nClient is a victim of depression.\n", encoding="utf-8")
    code, _, err = run("--fix", "--interactive", str(path), stdin="1\ny\n3\ny\n")
    assert path.read_text(encoding="utf-8") == "Client reports that she was assaulted.\nClient was diagnosed with depression.\n"
    assert "becomes:  Client reports that she was assaulted." in err
    assert err.index("becomes:  Client reports") < err.index("Apply?"), "shown before it is applied"
    assert "Fixed 2 findings in 1 file." in err
    assert code == 0


def test_interactive_lists_advice_apart_and_refusing_the_preview_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Met two of my victims.\n", encoding="utf-8")
    _, _, err = run("--fix", "--interactive", str(path), stdin="1\nn\n3\ns\n")
    assert "  1) the\n" in err and "2)" not in err, "one replacement: 'the' in place of 'my'"
    advice = err.split("Advice, to put in your own words:", 1)[1]
    assert "- the people I work with, the survivors we serve" in advice
    assert "- the person's name or initials" in advice and "3)" not in err
    assert "Please answer" in err, "3 is not a choice"
    assert path.read_text(encoding="utf-8") == "Met two of my victims.\n"


def test_the_writer_can_type_their_own_wording(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Met two of my victims at court.\n", encoding="utf-8")
    code, _, err = run("--fix", "--interactive", str(path), stdin="w\nthese\ny\n")  # in place of "my"
    assert "becomes:  Met two of these victims at court." in err
    assert path.read_text(encoding="utf-8") == "Met two of these victims at court.\n"
    assert code == 0


def test_end_of_input_keeps_the_choices_confirmed_so_far(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Met two of my victims.\nOur girls came.\nShe claimed it.\n", encoding="utf-8")
    _, _, err = run("--fix", "--interactive", str(path), stdin="1\ny\n")  # then Ctrl-D
    assert path.read_text(encoding="utf-8") == "Met two of the victims.\nOur girls came.\nShe claimed it.\n"
    assert "q or Ctrl-D stops and keeps the choices confirmed so far" in err
    assert "Stopped: the choices confirmed so far are written" in err
    assert not [p for p in os.listdir(tmp_path) if p != "note.txt"]


def test_ctrl_c_discards_the_choices_for_the_file_in_hand(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    done, in_hand = tmp_path / "a.txt", tmp_path / "b.txt"
    done.write_text("Met two of my victims.\n", encoding="utf-8")
    in_hand.write_text("Our girls came.\nMet two of my victims.\n", encoding="utf-8")
    answers = iter(["1", "y", "1", "y"])

    def ask(prompt: str) -> str | None:
        answer = next(answers, None)
        if answer is None:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C, delivered to tilint's own handler
        return answer

    monkeypatch.setattr(cli_module, "_ask", ask)
    with pytest.raises(SystemExit) as stopped:
        cli_module.main(["check", "--no-config", "--fix", "--interactive", str(done), str(in_hand)])
    assert stopped.value.code == 130
    assert done.read_text(encoding="utf-8") == "Met two of the victims.\n", "a finished file is kept"
    assert in_hand.read_text(encoding="utf-8") == "Our girls came.\nMet two of my victims.\n", "discarded"
    err = capsys.readouterr().err
    assert "Ctrl-C stops and discards those for the file in hand" in err
    assert err.rstrip().endswith("tilint: interrupted") and "Traceback" not in err
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "b.txt"]


def test_a_choice_the_files_encoding_cannot_hold_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    original = "Caf\xe9 visit: met two of my victims.\n".encode("cp1252")
    path.write_bytes(original)
    code, _, err = run("--fix", "--interactive", str(path), stdin="w\nthe people I work with \u2192 A.R.\ns\n")
    assert "This file's encoding, cp1252, cannot hold '\u2192'" in err
    assert path.read_bytes() == original
    assert "Traceback" not in err and code == 1


def test_an_alternative_the_encoding_cannot_hold_is_advice(linter: Linter) -> None:
    text = "Met two of my victims.\n"
    finding = next(f for f in linter.lint_text(text, "n.txt") if f.rule == "TI101")
    finding = replace(finding, suggestions=("the people I work with", "the \u0142ódź team"))
    said: list[str] = []
    answers = iter(["2", "1", "y"])
    edit = Chooser(lambda prompt: next(answers), said.append)(finding, text, "latin-1")
    assert edit is not None and edit.text == "the people I work with"
    shown = "\n".join(said)
    assert "1) the people I work with" in shown and "2)" not in shown
    assert "- the \u0142ódź team (this file's encoding, latin-1, cannot hold '\u0142')" in shown
    with pytest.raises(Stop):
        Chooser(lambda prompt: None, said.append)(finding, text, "utf-8")


# --- 4. --diff wins; standard input; --interactive needs --fix --------------------------------


@pytest.mark.parametrize("order", [("--fix", "--diff"), ("--diff", "--fix")])
def test_diff_with_fix_writes_nothing(tmp_path: Path, order: tuple[str, str]) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Client claimed she left.\n", encoding="utf-8")
    code, out, _ = run(*order, str(path))
    assert path.read_text(encoding="utf-8") == "Client claimed she left.\n"
    assert "-Client claimed she left.\n+Client reported she left.\n" in out and code == 1


def test_diff_of_standard_input(tmp_path: Path) -> None:
    code, out, _ = run("--diff", "-", stdin="Client claimed she left.\n")
    assert out.startswith("--- a/-\n+++ b/-\n") and "+Client reported she left.\n" in out and code == 1


def test_fix_of_standard_input_prints_the_fixed_text_and_reports_on_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    on_disk = "Client claimed it on disk.\n"
    Path("note.txt").write_text(on_disk, encoding="utf-8")
    code, out, err = run("--fix", "--stdin-filename", "note.txt", "-",
                         stdin="Client claimed she left.\nMet two of my victims.\n")
    assert out == "Client reported she left.\nMet two of my victims.\n"
    assert "note.txt:2:12: warning TI101" in err and "Fixed 1 finding in 1 file." in err
    assert Path("note.txt").read_text(encoding="utf-8") == on_disk, "the file of that name is not touched"
    assert code == 1


def test_fix_of_standard_input_keeps_its_bytes() -> None:
    for given, fixed in [(b"We met at noon.\r\n", b"We met at noon.\r\n"),
                         ("She refused.\r\n".encode("utf-16"), "She declined.\r\n".encode("utf-16"))]:
        result = CliRunner().invoke(cli, ["check", "--no-config", "--fix", "-"], input=given)
        assert result.stdout_bytes == fixed and result.exit_code == 0


@pytest.mark.parametrize(
    "args",
    [("--interactive",), ("--diff", "--interactive"), ("--fix", "--interactive", "--diff"),
     ("--fix", "--interactive", "-"), ("--fix", "--interactive", "--redact")],
)
def test_interactive_without_fix_alone_is_a_usage_error(tmp_path: Path, args: tuple[str, ...]) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Client claimed she left.\n", encoding="utf-8")
    code, out, err = run(*args, str(path), stdin="")
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("tilint: error: --interactive ")
    assert path.read_text(encoding="utf-8") == "Client claimed she left.\n"


# --- 5. links, ownership, refusals, a full disk, temporary files --------------------------------


def write_notes(folder: Path) -> tuple[Path, Path]:
    """A note to fix and a second one that must be fixed whatever happens to the first."""
    first, other = folder / "note.txt", folder / "other.txt"
    first.write_text("Client claimed she left.\n", encoding="utf-8")
    other.write_text("She refused the bed.\n", encoding="utf-8")
    return first, other


def test_a_link_stays_a_link_and_its_target_is_fixed(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "note.txt"
    target.write_text("Client claimed she left.\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    code, _, err = run("--fix", str(link))
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == "Client reported she left.\n"
    assert code == 0 and "Fixed 1 finding" in err


def test_a_hard_linked_file_is_refused_and_the_others_fixed(tmp_path: Path) -> None:
    note, other = write_notes(tmp_path)
    os.link(note, tmp_path / "copy.txt")
    code, out, err = run("--fix", str(note), str(other))
    assert one_line(err) == f"{note}: error: not fixed: the file has 2 hard links, which a rewrite would split"
    assert note.read_text(encoding="utf-8") == "Client claimed she left.\n" and note.stat().st_nlink == 2
    assert other.read_text(encoding="utf-8") == "She declined the bed.\n"
    assert "TI402" in out, "the report is still printed"
    assert code == 2


def test_a_read_only_file_is_refused_and_the_others_fixed(tmp_path: Path) -> None:
    note, other = write_notes(tmp_path)
    note.chmod(0o444)
    code, out, err = run("--fix", str(note), str(other))
    assert one_line(err) == f"{note}: error: not fixed: the file is read-only"
    assert note.read_text(encoding="utf-8") == "Client claimed she left.\n"
    assert stat.S_IMODE(note.stat().st_mode) == 0o444
    assert other.read_text(encoding="utf-8") == "She declined the bed.\n"
    assert "TI402" in out and code == 2


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file to another user")
def test_a_root_run_keeps_the_owner_group_and_mode(tmp_path: Path) -> None:
    note, _ = write_notes(tmp_path)
    os.chown(note, 1234, 5678)
    note.chmod(0o640)
    code, _, _ = run("--fix", str(note))
    info = note.stat()
    assert note.read_text(encoding="utf-8") == "Client reported she left.\n"
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (1234, 5678, 0o640)
    assert code == 0


def test_extended_attributes_are_kept(tmp_path: Path) -> None:
    note, _ = write_notes(tmp_path)
    try:
        os.setxattr(note, "user.tilint.reviewed", b"2026-12-01")
    except (AttributeError, OSError) as err:
        pytest.skip(f"this filesystem keeps no user extended attributes: {err}")
    code, _, _ = run("--fix", str(note))
    assert note.read_text(encoding="utf-8") == "Client reported she left.\n"
    assert os.getxattr(note, "user.tilint.reviewed") == b"2026-12-01"
    assert code == 0


def test_a_full_disk_is_reported_naming_the_file_and_the_others_are_fixed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    note, other = write_notes(tmp_path)
    real_fsync = os.fsync

    def full_for_note(handle: int) -> None:
        if os.readlink(f"/proc/self/fd/{handle}").startswith(str(tmp_path / ".note.txt.tilint-")):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(handle)

    if not os.path.exists("/proc/self/fd"):
        pytest.skip("needs /proc to tell the files apart")
    monkeypatch.setattr(os, "fsync", full_for_note)
    code, out, err = run("--fix", str(note), str(other))
    assert one_line(err) == f"{note}: error: cannot write the fix: No space left on device"
    assert note.read_text(encoding="utf-8") == "Client claimed she left.\n"
    assert other.read_text(encoding="utf-8") == "She declined the bed.\n"
    assert "TI402" in out and code == 2
    assert sorted(os.listdir(tmp_path)) == ["note.txt", "other.txt"], "no temporary file left behind"


def test_a_temporary_file_left_by_a_killed_fix_is_removed_by_the_next(tmp_path: Path) -> None:
    note, _ = write_notes(tmp_path)
    stale = tmp_path / ".note.txt.tilint-k1ll3d_x.tmp"
    stale.write_text("Client claimed she left, and more of the note.\n", encoding="utf-8")
    unrelated = tmp_path / ".editor.tmp"
    unrelated.write_text("not tilint's\n", encoding="utf-8")
    code, _, _ = run("--fix", str(note))
    assert not stale.exists()
    assert unrelated.exists()
    assert code == 0


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="ownership as POSIX has it")
def test_a_file_of_another_user_is_refused_rather_than_taken(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    note, other = write_notes(tmp_path)
    owner = note.stat().st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 4321)  # tilint run by someone else, not root
    monkeypatch.setattr(os, "getegid", lambda: note.stat().st_gid)
    code, _, err = run("--fix", str(note))
    assert one_line(err) == f"{note}: error: not fixed: the file belongs to another user, and a rewrite would make it yours"
    assert note.read_text(encoding="utf-8") == "Client claimed she left.\n" and note.stat().st_uid == owner
    assert code == 2
