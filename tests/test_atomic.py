"""One way to write a file at once (tilint.atomic), used by --fix, baselines, reports and the cache."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from tilint import atomic
from tilint.atomic import write_atomically


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_the_new_content_replaces_the_old_through_a_temporary_file_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(b"old\n")
    path.chmod(0o640)
    renamed: list[tuple[str, str]] = []
    synced: list[int] = []
    real_replace, real_fsync = os.replace, os.fsync
    monkeypatch.setattr(os, "replace", lambda a, b: (renamed.append((str(a), str(b))), real_replace(a, b))[1])
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    write_atomically(path, b"new\n")
    assert path.read_bytes() == b"new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    (source, target), = renamed
    assert Path(source).parent == tmp_path and atomic.TEMPORARY.match(Path(source).name) and target == str(path)
    assert synced, "flushed to disk before the rename"
    assert _hidden(tmp_path) == []


@pytest.mark.parametrize("failure", [OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)), KeyboardInterrupt()])
def test_a_failure_leaves_the_original_as_it_was_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: BaseException
) -> None:
    path = tmp_path / "baseline.json"
    path.write_bytes(b"the original\n")
    path.chmod(0o604)

    def fail(fd: int) -> None:
        raise failure

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(type(failure)):
        write_atomically(path, b"half of something new")
    assert path.read_bytes() == b"the original\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o604
    assert _hidden(tmp_path) == []


def test_a_new_file_gets_the_mode_asked_for_or_the_umasks(tmp_path: Path) -> None:
    write_atomically(tmp_path / "private.json", b"{}", new_mode=0o600)
    assert stat.S_IMODE((tmp_path / "private.json").stat().st_mode) == 0o600
    mask = os.umask(0o027)
    try:
        write_atomically(tmp_path / "shared.json", b"{}")
    finally:
        os.umask(mask)
    assert stat.S_IMODE((tmp_path / "shared.json").stat().st_mode) == 0o640


def test_a_baseline_that_cannot_be_written_leaves_the_old_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tilint.baseline import BaselineError, write_baseline

    path = tmp_path / "baseline.json"
    path.write_text('{"old": true}\n', encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(BaselineError, match="cannot write baseline: No space left on device"):
        write_baseline(path, [])
    assert path.read_text(encoding="utf-8") == '{"old": true}\n'
    assert _hidden(tmp_path) == []


def test_stale_temporaries_of_tilint_only_are_removed(tmp_path: Path) -> None:
    (tmp_path / ".note.txt.tilint-abcd1234.tmp").write_text("a note", encoding="utf-8")
    (tmp_path / ".note.txt.swp").write_text("the editor's", encoding="utf-8")
    atomic.remove_stale_temporaries(tmp_path)
    assert _hidden(tmp_path) == [".note.txt.swp"]
