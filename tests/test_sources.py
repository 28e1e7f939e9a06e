"""Tests for tilint.sources: reading case-note files and finding them on disk."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tilint.sources import (
    TEXT_EXTENSIONS,
    Source,
    SourceError,
    Target,
    decode,
    discover,
    encode,
    read_source,
)

# ---------------------------------------------------------------- decode


def test_empty_bytes() -> None:
    assert decode(b"") == ("", "utf-8", b"", None)


def test_plain_utf8() -> None:
    assert decode("café – ok\n".encode()) == ("café – ok\n", "utf-8", b"", None)


def test_utf8_bom_is_stripped_and_recorded() -> None:
    text, encoding, bom, note = decode(b"\xef\xbb\xbfcaf\xc3\xa9\n")
    assert (text, encoding, bom, note) == ("café\n", "utf-8-sig", b"\xef\xbb\xbf", None)


@pytest.mark.parametrize(
    ("bom", "codec"), [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")]
)
def test_utf16_with_bom(bom: bytes, codec: str) -> None:
    original = "Client said “I’m fine”.\r\nNext line\n"
    text, encoding, got_bom, note = decode(bom + original.encode(codec))
    assert (text, encoding, got_bom, note) == (original, codec, bom, None)


@pytest.mark.parametrize(
    "data",
    [b"one\r\ntwo\r\n", b"one\rtwo\r", b"mixed\r\nold mac\runix\n"],
)
def test_line_endings_kept_verbatim(data: bytes) -> None:
    assert decode(data)[0] == data.decode("ascii")


def test_line_endings_kept_after_bom() -> None:
    assert decode(b"\xef\xbb\xbfa\r\nb\rc")[0] == "a\r\nb\rc"


def test_latin1_bytes_fall_back_to_windows_1252() -> None:
    assert decode(b"caf\xe9\r\n") == (
        "café\r\n",
        "cp1252",
        b"",
        "not valid UTF-8; read as Windows-1252",
    )


def test_windows_1252_smart_quotes() -> None:
    # 0x93/0x94 are curly quotes in Windows-1252 but control codes in Latin-1.
    text, encoding, _, note = decode(b"\x93I was scared\x94")
    assert text == "“I was scared”"
    assert encoding == "cp1252"
    assert note is not None and "Windows-1252" in note


def test_bytes_undefined_in_windows_1252_still_decode() -> None:
    text, encoding, bom, note = decode(b"x\x81y\xe9")
    assert text == "x\x81y\xe9"
    assert encode(text, encoding, bom) == b"x\x81y\xe9"
    assert note is not None and note.startswith("not valid UTF-8")


@pytest.mark.parametrize(
    "data",
    [b"text\x00more", b"\x00\x01\x02\x03", b"MZ\x90\x00\x03", b"A" * 8000 + b"\x00"],
)
def test_nul_bytes_mean_binary(data: bytes) -> None:
    with pytest.raises(SourceError) as info:
        decode(data)
    assert str(info.value) == "binary file, skipped"


def test_nul_after_sniff_window_is_not_binary() -> None:
    data = b"a" * 9000 + b"\x00"
    assert decode(data)[0] == data.decode("ascii")


def test_pdf_is_rejected_with_one_line() -> None:
    with pytest.raises(SourceError) as info:
        decode(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    message = str(info.value)
    assert message.startswith("PDF file, skipped")
    assert "\n" not in message


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x14\x00\x06\x00word/document.xml",  # .docx
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"GIF89a\x01\x00\x01\x00",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # legacy .doc
    ],
    ids=["docx", "png", "jpeg", "gif", "doc"],
)
def test_binary_magic_numbers(data: bytes) -> None:
    with pytest.raises(SourceError, match=r"^binary file, skipped$"):
        decode(data)


def test_utf16_bom_is_not_mistaken_for_binary() -> None:
    data = b"\xff\xfe" + "plain ascii".encode("utf-16-le")
    assert b"\x00" in data
    assert decode(data)[0] == "plain ascii"


@pytest.mark.parametrize("bom", [b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"])
def test_utf32_is_refused(bom: bytes) -> None:
    with pytest.raises(SourceError, match="UTF-32"):
        decode(bom + "hi".encode("utf-32-le" if bom[0] == 0xFF else "utf-32-be"))


def test_broken_utf16_is_refused() -> None:
    with pytest.raises(SourceError, match="UTF-16"):
        decode(b"\xff\xfeabc")  # odd number of bytes after the BOM


def test_error_message_never_contains_file_content() -> None:
    secret = b"Client DOB 1990-01-01 disclosed abuse"
    for data in (secret + b"\x00", b"%PDF-" + secret, b"\xef\xbb\xbf\xff" + secret):
        with pytest.raises(SourceError) as info:
            decode(data)
        assert "Client" not in str(info.value)


@given(st.binary(max_size=200))
def test_decoded_bytes_write_back_identically(data: bytes) -> None:
    try:
        text, encoding, bom, _ = decode(data)
    except SourceError:
        return
    assert encode(text, encoding, bom) == data


@given(st.text(max_size=100), st.sampled_from(["utf-8-sig", "utf-16-le", "utf-16-be"]))
def test_any_text_with_a_bom_round_trips(text: str, codec: str) -> None:
    # A UTF-16-LE BOM followed by U+0000 is indistinguishable from a UTF-32-LE BOM.
    assume(not (codec == "utf-16-le" and text.startswith("\x00")))
    boms = {"utf-8-sig": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}
    data = encode(text, codec, boms[codec])
    assert data.startswith(boms[codec])
    assert decode(data) == (text, codec, boms[codec], None)


# ---------------------------------------------------------------- read_source


def test_read_source_keeps_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(b"\xef\xbb\xbfline one\r\nline two\r\n")
    source = read_source(path, "notes/note.txt")
    assert source == Source(
        "notes/note.txt", "line one\r\nline two\r\n", "utf-8-sig", b"\xef\xbb\xbf", None
    )


def test_read_source_legacy_note(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(b"r\xe9sum\xe9")
    source = read_source(path, "old.txt")
    assert source.text == "résumé"
    assert source.note == "not valid UTF-8; read as Windows-1252"


def test_read_source_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_bytes(b"")
    assert read_source(path, "empty.md") == Source("empty.md", "", "utf-8", b"", None)


def test_read_source_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"^no such file$"):
        read_source(tmp_path / "nope.txt", "nope.txt")


def test_read_source_directory(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"^is a directory$"):
        read_source(tmp_path, ".")


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="needs POSIX permissions, non-root"
)
def test_read_source_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("x")
    path.chmod(0)
    try:
        with pytest.raises(SourceError, match=r"^permission denied$"):
            read_source(path, "locked.txt")
    finally:
        path.chmod(0o600)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (PermissionError(13, "Permission denied"), "permission denied"),
        (OSError(5, "Input/output error"), "cannot read: Input/output error"),
    ],
)
def test_read_source_os_errors_become_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, message: str
) -> None:
    path = tmp_path / "note.txt"
    path.write_text("x")

    def fail(*args: object, **kwargs: object) -> int:
        raise error

    monkeypatch.setattr(os, "open", fail)
    with pytest.raises(SourceError) as info:
        read_source(path, "note.txt")
    assert str(info.value) == message


def test_read_source_binary(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(SourceError, match=r"^PDF file, skipped"):
        read_source(path, "scan.pdf")


# ---------------------------------------------------------------- discover


def make(root: Path, *names: str) -> None:
    """Create files (with parents) under root."""
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("note\n")


def displays(args: list[str], **kwargs: frozenset[str]) -> list[str]:
    """Display names discover() returns, asserting there were no errors."""
    targets, errors = discover(args, **kwargs)
    assert errors == []
    return [t.display for t in targets]


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_default_extensions() -> None:
    assert {".txt", ".md", ".markdown", ".text", ".mdown", ".mkd", ".mkdn"} == TEXT_EXTENSIONS


def test_recursion_and_extension_filter(in_tmp: Path) -> None:
    make(in_tmp, "notes/a.md", "notes/b.TXT", "notes/c.docx", "notes/d.py",
         "notes/sub/deep/e.markdown", "notes/README")
    assert displays(["notes"]) == ["notes/a.md", "notes/b.TXT", "notes/sub/deep/e.markdown"]


def test_custom_extensions(in_tmp: Path) -> None:
    make(in_tmp, "notes/a.md", "notes/b.rst")
    assert displays(["notes"], extensions=frozenset({".rst"})) == ["notes/b.rst"]


def test_hidden_files_and_folders_skipped(in_tmp: Path) -> None:
    make(in_tmp, "notes/a.md", "notes/.draft.md", "notes/.cache/b.md", "notes/ok/.x/c.md")
    assert displays(["notes"]) == ["notes/a.md"]


def test_explicit_files_always_linted(in_tmp: Path) -> None:
    make(in_tmp, ".git/x", "notes/.draft.md", "notes/intake.rtf", "notes/private.md")
    (in_tmp / ".gitignore").write_text("private.md\n")
    args = ["notes/.draft.md", "notes/intake.rtf", "notes/private.md"]
    targets, errors = discover(args)
    assert errors == []
    assert targets == [Target(Path(a), a) for a in args]
    assert displays(["notes"]) == []


def test_display_paths(in_tmp: Path) -> None:
    make(in_tmp, "notes/sub/a.md")
    assert displays(["notes"]) == ["notes/sub/a.md"]
    assert displays(["notes/"]) == ["notes/sub/a.md"]
    assert displays(["./notes"]) == ["./notes/sub/a.md"]
    assert displays(["."]) == ["notes/sub/a.md"]
    assert displays(["notes/sub/a.md"]) == ["notes/sub/a.md"]


def test_targets_point_at_readable_files(in_tmp: Path) -> None:
    make(in_tmp, "notes/sub/a.md")
    (target,), _ = discover(["notes/"])
    assert target.path is not None
    assert read_source(target.path, target.display).text == "note\n"


def test_deterministic_order(in_tmp: Path) -> None:
    for name in ["z.md", "b.md", "b/c.md", "a.md", "B.md", "b/a/z.md", "b-c.md"]:
        make(in_tmp / "notes", name)
    expected = ["B.md", "a.md", "b/a/z.md", "b/c.md", "b-c.md", "b.md", "z.md"]
    assert displays(["notes"]) == [f"notes/{e}" for e in expected]


def test_nested_gitignore_negation_and_dir_patterns(in_tmp: Path) -> None:
    make(in_tmp, "top.md", "sub/top.md", "a.txt", "keep.txt", "sub/b.txt",
         "drafts/x.md", "sub/drafts/y.md", "sub/old", "old/z", "sub/c.md", "sub/inner/d.md")
    (in_tmp / ".gitignore").write_text(
        "# comment\n/top.md\n*.txt\n!keep.txt\ndrafts/\n!drafts/x.md\nold/\n"
    )
    (in_tmp / "sub" / ".gitignore").write_text("!*.txt\ninner\n")
    exts = frozenset({".md", ".txt", ""})
    assert displays(["."], extensions=exts) == [
        "keep.txt",  # negated in the same file
        "sub/b.txt",  # re-included by the deeper .gitignore
        "sub/c.md",
        "sub/old",  # 'old/' only matches folders
        "sub/top.md",  # '/top.md' is anchored to the root
    ]


def test_parent_gitignore_up_to_repo_root(tmp_path: Path) -> None:
    (tmp_path / ".gitignore").write_text("*.md\n")  # above the repo: not honoured
    repo = tmp_path / "repo"
    make(repo, ".git/HEAD", "case/notes/a.md", "case/notes/secret.md", "case/notes/anchored.md",
         "case/notes/s/anchored.md", "case/notes/scratch/b.md")
    (repo / ".gitignore").write_text("secret.md\n/case/notes/anchored.md\n")
    (repo / "case" / ".gitignore").write_text("scratch/\n")
    notes = repo / "case" / "notes"
    targets, errors = discover([str(notes)])
    assert errors == []
    assert [t.path for t in targets] == [notes / "a.md", notes / "s" / "anchored.md"]


def test_git_file_marks_repo_root(tmp_path: Path) -> None:
    make(tmp_path, "wt/.git", "wt/notes/a.md", "wt/notes/b.md")  # worktree: .git is a file
    (tmp_path / "wt" / ".gitignore").write_text("b.md\n")
    targets, _ = discover([str(tmp_path / "wt" / "notes")])
    assert [t.path.name for t in targets if t.path] == ["a.md"]


def test_parent_gitignore_ignored_without_repo(tmp_path: Path) -> None:
    if any((p / ".git").exists() for p in tmp_path.parents):
        pytest.skip("temporary folder is inside a git repository")
    (tmp_path / ".gitignore").write_text("*.md\n")
    make(tmp_path, "notes/a.md")
    targets, _ = discover([str(tmp_path / "notes")])
    assert [t.path for t in targets] == [tmp_path / "notes" / "a.md"]


def test_stdin_passthrough_in_order(in_tmp: Path) -> None:
    make(in_tmp, "a.md", "b.md")
    targets, errors = discover(["a.md", "-", "b.md"])
    assert errors == []
    assert targets == [Target(Path("a.md"), "a.md"), Target(None, "-"), Target(Path("b.md"), "b.md")]


def test_missing_path_reported_and_rest_continues(in_tmp: Path) -> None:
    make(in_tmp, "a.md")
    targets, errors = discover(["gone.md", "a.md", "gone/", ""])
    assert [t.display for t in targets] == ["a.md"]
    assert errors == [
        ("gone.md", "no such file or directory"),
        ("gone/", "no such file or directory"),
        ("", "no such file or directory"),
    ]


def test_duplicates_linted_once(in_tmp: Path) -> None:
    make(in_tmp, "notes/a.md", "notes/b.md")
    assert displays(["./notes/a.md", "notes", "notes/b.md", "notes/"]) == [
        "./notes/a.md",
        "notes/b.md",
    ]


def test_symlink_loop_does_not_hang(in_tmp: Path) -> None:
    make(in_tmp, "notes/a.md", "elsewhere/real.md")
    try:
        os.symlink(in_tmp / "notes", in_tmp / "notes" / "loop", target_is_directory=True)
        os.symlink(in_tmp / "elsewhere", in_tmp / "notes" / "linked_dir", target_is_directory=True)
        os.symlink(in_tmp / "elsewhere" / "real.md", in_tmp / "notes" / "link.md")
    except (OSError, NotImplementedError):
        pytest.skip("symlinks not available")
    assert displays(["notes"]) == ["notes/a.md", "notes/link.md"]


def test_discovered_files_know_their_real_path(in_tmp: Path) -> None:
    """Discovery gives each file its path with links resolved (what duplicates and rule folders
    are judged by), reading the folder's real path once rather than every file's."""
    make(in_tmp, "notes/2024/a.md", "notes/b.txt", "elsewhere/real.md")
    try:
        os.symlink(in_tmp / "elsewhere" / "real.md", in_tmp / "notes" / "link.md")
        os.symlink(in_tmp / "notes", in_tmp / "notes-link", target_is_directory=True)
    except (OSError, NotImplementedError):
        pytest.skip("symlinks not available")
    targets, _ = discover(["notes", "notes-link/b.txt", "./notes-link"], TEXT_EXTENSIONS)
    assert [t.display for t in targets] == ["notes/2024/a.md", "notes/b.txt", "notes/link.md"]
    for target in targets:
        assert target.real == os.path.realpath(target.path)
    assert targets[2].real == str((in_tmp / "elsewhere" / "real.md").resolve())


def test_a_name_that_is_no_file_to_read_is_one_error(in_tmp: Path) -> None:
    make(in_tmp, "a.md")
    os.symlink(in_tmp / "nowhere.md", in_tmp / "gone.md")
    too_long = "x" * 300  # longer than a file name may be (255)
    targets, errors = discover(["gone.md", too_long, "a.md"])
    assert [t.display for t in targets] == ["a.md"]
    assert errors == [("gone.md", "broken symbolic link (it points to nothing)"),
                      (too_long, "path too long for this system")]


def test_an_extension_the_configuration_maps_is_found_in_folders(in_tmp: Path) -> None:
    make(in_tmp, "notes/a.note", "notes/b.other", "notes/c.md")
    targets, _ = discover(["notes"], wanted=lambda path: path.suffix == ".note")
    assert [t.display for t in targets] == ["notes/a.note", "notes/c.md"]
