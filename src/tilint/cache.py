"""A small on-disk cache of what tilint derives from its rules (never any note text).

Entries live in the user's cache folder (``TILINT_CACHE_DIR`` overrides it; ``TILINT_NO_CACHE=1``
turns the cache off) and are keyed by a hash of the rules, tilint's version and the versions of
the libraries that shape tokenization. A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import json
import os
import sys
import importlib.util
from pathlib import Path
from typing import Any

from tilint import __version__

# Libraries whose version shapes what is derived (tokenizer exceptions, lemma tables), by module.
LIBRARIES = ("spacy", "spacy_lookups_data", "ahocorasick")


def cache_dir() -> Path | None:
    """The folder for tilint's cache, or None when caching is off."""
    if os.environ.get("TILINT_NO_CACHE"):
        return None
    override = os.environ.get("TILINT_CACHE_DIR")
    if override:
        return Path(override)
    if sys.platform.startswith("linux"):  # the XDG rule platformdirs follows, without its 5 ms import
        base = os.environ.get("XDG_CACHE_HOME", "")
        if not os.path.isabs(base):
            home = os.environ.get("HOME", "")
            base = os.path.join(home, ".cache") if os.path.isabs(home) else ""
        if base:  # else (no usable home folder) platformdirs decides
            return Path(base, "tilint")
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tilint", appauthor=False))


def cache_key(kind: str, material: str, libraries: bool = True) -> str:
    """A key for *material* (a description of the rules) that changes with tilint's version and,
    when *libraries*, with any change to the installed libraries that shape tokenization."""
    parts = [kind, __version__, *(module_stamp(name) for name in LIBRARIES if libraries), material]
    digest = _blake2b("\0".join(parts).encode("utf-8"), digest_size=20)
    return f"{kind}-{digest.hexdigest()}"


try:  # hashlib's BLAKE2 comes from this module; importing hashlib also loads OpenSSL (3 ms of start-up)
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - an interpreter without it
    from hashlib import blake2b as _blake2b


def module_stamp(module: str) -> str:
    """Where a module is installed and when its file last changed, without importing it
    (reading package metadata costs more than the rest of start-up). For a library that shapes
    tokenization, and for tilint's own modules whose code shapes a cached value, so that an
    edited checkout never reads a stale entry."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return f"{module}=?"
    try:
        stat = os.stat(spec.origin)
    except OSError:
        return f"{module}=?"
    return f"{module}={spec.origin}:{stat.st_size}:{stat.st_mtime_ns}"


def load(key: str) -> Any | None:
    """The cached value for *key*, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def store(key: str, value: Any) -> None:
    """Remember *value* under *key*, written atomically; failures are ignored."""
    try:
        _write(f"{key}.json", json.dumps(value).encode("utf-8"), MAX_ENTRIES)
    except (TypeError, ValueError):  # a value JSON cannot hold
        pass


def load_marshal(key: str, suffix: str = ".marshal") -> Any | None:
    """The value stored under *key* (with *suffix*) by :func:`store_marshal`, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        return marshal_loads((folder / f"{key}{suffix}").read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None


def marshal_loads(data: bytes) -> Any:
    """marshal.loads with the cyclic garbage collector paused: the values are plain (no cycles),
    but the collector, woken every few hundred new containers, would scan the growing heap again
    and again; reading the prefilter's state (6 MB) took twice as long, decoding every rule's
    patterns four times."""
    import gc
    import marshal

    enabled = gc.isenabled()
    gc.disable()
    try:
        return marshal.loads(data)
    finally:
        if enabled:
            gc.enable()


def store_marshal(key: str, value: Any, kept: int, suffix: str = ".marshal") -> None:
    """Remember *value* under *key* in marshal's format, which Python reads many times faster than
    JSON, keeping the *kept* newest entries that end in *suffix* (one suffix per kind of entry,
    so that one kind's pruning leaves the others alone); failures are ignored."""
    import marshal

    try:
        _write(f"{key}{suffix}", marshal.dumps(value), kept)
    except ValueError:  # a value marshal cannot hold
        pass


def _write(name: str, data: bytes, kept: int) -> None:
    """Write *data* to the cache entry *name* atomically, then prune the entries of its kind
    beyond *kept*; an unwritable folder is ignored."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        from tilint.atomic import write_atomically  # only when something is stored

        suffix = os.path.splitext(name)[1]
        write_atomically(folder / name, data, new_mode=0o600)
        _prune(folder, keep=name, suffix=suffix, kept=kept)
    except OSError:
        pass


MAX_ENTRIES = 64  # entries kept; each edit of an agency's rules adds one, so old ones go


def _prune(folder: Path, keep: str, suffix: str, kept: int) -> None:
    """Remove the least recently written entries ending in *suffix* beyond *kept* (never *keep*)."""
    entries = []
    with os.scandir(folder) as found:
        for entry in found:
            if entry.name.endswith(suffix) and not entry.name.startswith(".") and entry.name != keep:
                try:
                    entries.append((entry.stat().st_mtime_ns, entry.path))
                except OSError:
                    continue
    for _, path in sorted(entries)[: max(len(entries) + 1 - kept, 0)]:
        try:
            os.unlink(path)
        except OSError:
            pass
