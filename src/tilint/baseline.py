"""A baseline: today's findings recorded so that only new ones fail a run.

The file holds, for each finding, its rule, its path (relative to the baseline file) and a
fingerprint: a hash of the matched words and their line. It never holds the text itself.

A plain hash of a few words and their line can be reversed by guessing (a list of likely
phrases hashed in seconds). With a fingerprint key (``TILINT_FINGERPRINT_KEY`` or
``--fingerprint-key FILE``), fingerprints are keyed hashes that only the key's holder can
recompute; such a baseline records which key it needs (by a check value, never the key).
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from tilint import __version__
from tilint.model import Finding

FORMAT = "tilint-baseline/1"  # plain fingerprints, as every version has written
KEYED_FORMAT = "tilint-baseline/2"  # fingerprints keyed with the owner's key; earlier versions refuse it
KEY_ENV = "TILINT_FINGERPRINT_KEY"
MIN_KEY_LENGTH = 16  # characters; a shorter key can be guessed like the words it hides
MAX_KEY_FILE = 4096  # bytes read from a key file

try:  # hashlib's BLAKE2 comes from this module; importing hashlib also loads OpenSSL
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - an interpreter without it
    from hashlib import blake2b as _blake2b


class BaselineError(Exception):
    """A baseline file that cannot be read or written; ``str(err)`` is one line."""


def load_key(file: Path | None = None) -> bytes | None:
    """The fingerprint key: the first line of *file*, else ``TILINT_FINGERPRINT_KEY``, else None."""
    if file is None:
        raw = os.environ.get(KEY_ENV, "").encode("utf-8", "surrogateescape")
        where = KEY_ENV
        if not raw.strip():
            return None
    else:
        where = str(file)
        try:
            if not stat.S_ISREG(os.stat(file).st_mode):
                raise BaselineError(f"{file}: the fingerprint key must be a regular file")
            with open(file, "rb") as stream:
                raw = stream.read(MAX_KEY_FILE)
        except OSError as err:
            raise BaselineError(f"{file}: cannot read the fingerprint key: {err.strerror or err}") from None
    lines = raw.strip().splitlines()
    key = lines[0].strip() if lines else b""
    if len(key) < MIN_KEY_LENGTH:
        raise BaselineError(
            f"{where}: the fingerprint key is too short; use {MIN_KEY_LENGTH} characters or more "
            "(for example: python -c \"import secrets; print(secrets.token_hex(32))\")"
        )
    return key


def _subkey(key: bytes, purpose: bytes) -> bytes:
    return _blake2b(key, digest_size=64, person=b"tilint-" + purpose).digest()


def keyed_fingerprint(fingerprint: str, key: bytes) -> str:
    """*fingerprint* hashed with *key*: the same length, and only the key's holder can make it."""
    return _blake2b(fingerprint.encode("utf-8"), key=_subkey(key, b"finding"), digest_size=16).hexdigest()


def key_id(key: bytes) -> str:
    """A check value that tells which key a baseline needs, without giving the key away."""
    return _blake2b(b"tilint fingerprint key", key=_subkey(key, b"key-id"), digest_size=8).hexdigest()


def path_hasher(key: bytes | None) -> Callable[[str], str]:
    """A function that hides a file's name behind a short stable hash, keeping its extension
    (``notes/A.R. intake.md`` -> ``file-9b90ade834.md``); keyed when *key* is given."""
    secret = _subkey(key, b"path") if key else b""

    def hide(path: str) -> str:
        if path == "-":
            return path
        digest = _blake2b(path.encode("utf-8", "surrogateescape"), key=secret, digest_size=5).hexdigest()
        suffix = os.path.splitext(path)[1]
        return f"file-{digest}{suffix if suffix[1:].isalnum() and suffix.isascii() and len(suffix) <= 10 else ''}"

    return hide


def _key(finding: Finding, folder: Path, key: bytes | None = None) -> tuple[str, str, str]:
    if finding.path == "-":
        path = "-"
    else:
        path = Path(os.path.relpath(Path(finding.path).resolve(), folder.resolve())).as_posix()
    return finding.rule, path, keyed_fingerprint(finding.fingerprint, key) if key else finding.fingerprint


def write_baseline(path: Path, findings: Sequence[Finding], key: bytes | None = None) -> None:
    """Record *findings* in *path*, written atomically; with *key*, their fingerprints keyed."""
    folder = path.resolve().parent
    entries = sorted({_key(f, folder, key) for f in findings})
    data: dict[str, object] = {"format": KEYED_FORMAT if key else FORMAT, "tilint": __version__}
    if key:
        data["key_id"] = key_id(key)
    data["findings"] = [{"rule": r, "path": p, "fingerprint": h} for r, p, h in entries]
    from tilint.atomic import write_atomically

    try:  # stopped (SIGTERM, Ctrl-C) while writing: no partial copy is left behind
        write_atomically(path, (json.dumps(data, indent=2) + "\n").encode("utf-8"))
    except OSError as err:
        raise BaselineError(f"{path}: cannot write baseline: {err.strerror or err}") from None


def read_baseline(path: Path, key: bytes | None = None) -> tuple[set[tuple[str, str, str]], bytes | None]:
    """The (rule, path, fingerprint) keys recorded in *path*, and the key its fingerprints were
    made with (None for a plain baseline, which is read with or without a key)."""
    from tilint.sources import SourceError, read_bytes

    try:
        data = json.loads(read_bytes(path).decode("utf-8"))  # a regular file: never a pipe or a device
    except SourceError as err:
        if str(err) == "no such file":
            raise BaselineError(f"{path}: baseline file not found (create it with --write-baseline)") from None
        raise BaselineError(f"{path}: {err}") from None
    except RecursionError:
        raise BaselineError(f"{path}: not a tilint baseline: nested too deeply") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BaselineError(f"{path}: not a tilint baseline: {err}") from None
    if (not isinstance(data, dict) or data.get("format") not in (FORMAT, KEYED_FORMAT)
            or not isinstance(data.get("findings"), list)):
        raise BaselineError(f"{path}: not a tilint baseline (expected format {FORMAT})")
    used = None
    if data["format"] == KEYED_FORMAT:
        if key is None:
            raise BaselineError(f"{path}: this baseline's fingerprints are keyed; give its key with "
                                f"{KEY_ENV} or --fingerprint-key FILE")
        if data.get("key_id") != key_id(key):
            raise BaselineError(f"{path}: this baseline was written with a different fingerprint key")
        used = key
    try:
        return {(e["rule"], e["path"], e["fingerprint"]) for e in data["findings"]}, used
    except (TypeError, KeyError):
        raise BaselineError(f"{path}: a baseline entry lacks rule, path or fingerprint") from None


def new_findings(findings: Iterable[Finding], baseline: Path, key: bytes | None = None) -> list[Finding]:
    """The findings that *baseline* does not record."""
    return baseline_filter(baseline, key)(findings)


def baseline_filter(baseline: Path, key: bytes | None = None) -> Callable[[Iterable[Finding]], list[Finding]]:
    """A function that keeps the findings *baseline* does not record (the file is read once)."""
    known, used = read_baseline(baseline, key)
    folder = baseline.resolve().parent
    return lambda findings: [f for f in findings if _key(f, folder, used) not in known]
