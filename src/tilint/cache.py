"""A small on-disk cache of what tilint derives from its rules (never any note text).

Entries live in the user's cache folder (``TILINT_CACHE_DIR`` overrides it; ``TILINT_NO_CACHE=1``
turns the cache off) and are keyed by a hash of the rules, tilint's version and the versions of
the libraries that shape tokenization. A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from tilint import __version__

LIBRARIES = ("spacy", "spacy-lookups-data", "pyahocorasick")


def cache_dir() -> Path | None:
    """The folder for tilint's cache, or None when caching is off."""
    if os.environ.get("TILINT_NO_CACHE"):
        return None
    override = os.environ.get("TILINT_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("tilint", appauthor=False))


def cache_key(kind: str, material: str) -> str:
    """A key for *material* (a description of the rules) that changes with every version involved."""
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=?")
    digest = hashlib.sha256("\0".join([kind, __version__, *versions, material]).encode("utf-8"))
    return f"{kind}-{digest.hexdigest()[:40]}"


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
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(value, stream)
        os.replace(temporary, folder / f"{key}.json")
    except OSError:
        pass
