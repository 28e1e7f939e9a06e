"""The on-disk cache: entries by key, written atomically, and old entries pruned."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tilint import cache


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TILINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TILINT_NO_CACHE", raising=False)
    return tmp_path / "cache"


def test_a_value_comes_back_under_its_key(folder: Path) -> None:
    cache.store("slots-abc", {"TI101": [["victims"]]})
    assert cache.load("slots-abc") == {"TI101": [["victims"]]}
    assert cache.load("slots-other") is None
    assert not [p for p in folder.iterdir() if p.name.startswith(".tmp-")], "no temporary file left"


def test_the_cache_keeps_only_the_most_recent_entries(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "MAX_ENTRIES", 5)
    for number in range(12):
        cache.store(f"rules-{number:02d}", [number])
        os.utime(folder / f"rules-{number:02d}.json", ns=(number * 10**9, number * 10**9))
    names = sorted(p.name for p in folder.iterdir())
    assert names == [f"rules-{n:02d}.json" for n in range(7, 12)]
    assert cache.load("rules-11") == [11]


def test_no_cache_means_nothing_is_written(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TILINT_NO_CACHE", "1")
    cache.store("rules-x", [1])
    assert cache.load("rules-x") is None and not folder.exists()
