"""The on-disk cache: entries by key, written atomically, and old entries pruned."""

from __future__ import annotations

import os
import sys
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


def test_rules_read_back_from_the_cache_equal_the_validated_rules(folder: Path) -> None:
    from tilint.rules import builtin_rules_dir, load_rules

    first = load_rules([builtin_rules_dir()])  # parsed, checked and stored
    (entry,) = [p for p in folder.iterdir() if p.name.startswith("rules-")]
    again = load_rules([builtin_rules_dir()])  # read back
    assert again == first and len(first) > 50
    assert [type(r.severity) for r in again] == [type(r.severity) for r in first]

    entry.write_text('[{"id": "TI101"}]', encoding="utf-8")  # damaged: the files are read again
    assert load_rules([builtin_rules_dir()]) == first


def test_an_edited_rules_file_is_not_read_from_the_cache(folder: Path, tmp_path: Path) -> None:
    import re

    from tilint.rules import builtin_rules_dir, load_rules

    rules = tmp_path / "rules"
    rules.mkdir()
    text = sorted(builtin_rules_dir().rglob("*.yaml"))[0].read_text(encoding="utf-8")
    (rules / "one.yaml").write_text(text, encoding="utf-8")
    (before,) = load_rules([rules])
    changed = "info" if before.severity.label != "info" else "error"
    (rules / "one.yaml").write_text(re.sub(r"(?m)^severity: \w+", f"severity: {changed}", text), encoding="utf-8")
    (after,) = load_rules([rules])
    assert (before.id, after.severity.label) == (after.id, changed)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the XDG rule is Linux's")
@pytest.mark.parametrize("xdg", [None, "", "   ", "/tmp/xdg-cache", "relative/cache"])
@pytest.mark.parametrize("home", [None, "/home/case-manager", "/home/case-manager/", "", "relative"])
def test_the_cache_folder_is_the_one_platformdirs_names(
    xdg: str | None, home: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from platformdirs import user_cache_dir

    monkeypatch.delenv("TILINT_CACHE_DIR", raising=False)
    monkeypatch.delenv("TILINT_NO_CACHE", raising=False)
    for name, value in (("XDG_CACHE_HOME", xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert cache.cache_dir() == Path(user_cache_dir("tilint", appauthor=False))
