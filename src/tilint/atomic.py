"""Writing a file at once, for every file tilint writes: a fixed note, a baseline, a report, a
cache entry.

A reader sees the old file or the new one, never half of one, and a failure (a full disk, a
permission, Ctrl-C) leaves the old file as it was and no temporary file behind. The new content
goes to a temporary file ``.<name>.tilint-XXXXXXXX.tmp`` in the same folder (so the rename never
crosses a file system), is flushed to disk (fsync), then renamed over the file (os.replace). A
file that exists keeps its mode, owner, group and extended attributes, or is not written; a new
one gets the mode asked for.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from pathlib import Path

# tilint's own temporary files: ".<name>.tilint-XXXXXXXX.tmp" (mkstemp's eight characters).
TEMPORARY = re.compile(r"^\..+\.tilint-[a-z0-9_]{8}\.tmp$")


class AttributeNotKept(OSError):
    """An extended attribute of the file that its new content could not carry."""

    def __init__(self, name: str) -> None:
        super().__init__(errno.ENOTSUP, f"its extended attribute {name} cannot be kept")
        self.name = name


def write_atomically(path: Path, data: bytes, new_mode: int | None = None) -> None:
    """Replace the content of *path* (links already followed) with *data*, or leave it untouched
    and raise OSError. An existing file keeps its mode, owner, group and extended attributes
    (AttributeNotKept when one cannot be kept); a new file gets *new_mode*, by default what
    ``open()`` gives (0o666 less the umask)."""
    temporary = None
    try:
        try:
            info: os.stat_result | None = path.stat()
        except FileNotFoundError:
            info = None
        attributes = _attributes(path) if info is not None else []
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.tilint-", suffix=".tmp")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if info is None:
                os.chmod(handle, new_mode if new_mode is not None else 0o666 & ~_umask())
            else:
                if hasattr(os, "fchown") and (info.st_uid, info.st_gid) != (os.geteuid(), os.getegid()):
                    os.fchown(handle, info.st_uid, info.st_gid)
                os.chmod(handle, stat.S_IMODE(info.st_mode))  # after chown, which may clear set-id bits
                _keep_attributes(handle, attributes)
            os.fsync(handle)
        os.replace(temporary, path)
        temporary = None
    finally:  # also on Ctrl-C: no temporary file is left behind
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def remove_stale_temporaries(folder: Path) -> None:
    """Remove tilint's own temporary files that a killed run left in *folder* (they may hold a note)."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if TEMPORARY.match(entry.name) and entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
        except OSError:
            continue


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _attributes(path: Path) -> list[tuple[str, bytes]]:
    if not hasattr(os, "listxattr"):
        return []
    try:
        return [(name, os.getxattr(path, name)) for name in os.listxattr(path)]
    except OSError as err:
        if err.errno in (errno.ENOTSUP, errno.EOPNOTSUPP):
            return []
        raise


def _keep_attributes(handle: int, attributes: list[tuple[str, bytes]]) -> None:
    for name, value in attributes:
        try:
            os.setxattr(handle, name, value)
        except OSError:
            try:
                same = os.getxattr(handle, name) == value
            except OSError:
                same = False
            if not same:
                raise AttributeNotKept(name) from None
