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
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")], "no temporary file left"


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
    import dataclasses
    import pickle

    from tilint.rules import builtin_rules_dir, load_rules, needs_model
    from tilint.runner import _slots_key

    first = load_rules([builtin_rules_dir()])  # parsed, checked and stored
    (entry,) = [p for p in folder.iterdir() if p.name.startswith("rules-")]
    again = load_rules([builtin_rules_dir()])  # read back
    assert again == first and first == again and len(first) > 50
    assert [type(r.severity) for r in again] == [type(r.severity) for r in first]
    assert [repr(r) for r in again] == [repr(r) for r in first]
    assert [needs_model(r) for r in again] == [needs_model(r) for r in first]
    assert _slots_key(again) == _slots_key(first), "the prefilter's cached slots are found with either"
    assert pickle.loads(pickle.dumps(again)) == first, "a worker gets the same rules"
    changed = dataclasses.replace(again[0], severity=first[1].severity, patterns=first[1].patterns)
    assert (changed.patterns, changed.severity, changed.id) == (first[1].patterns, first[1].severity, first[0].id)


def _damaged_entries(entry: bytes) -> dict[str, bytes]:
    import marshal

    from tilint.rules import entry_check

    version, check, digest, payload = marshal.loads(entry)
    records = marshal.loads(payload)
    changed = payload[:-9] + (b"y" if payload[-9:-8] == b"x" else b"x") + payload[-8:]
    other = bytes([digest[0] ^ 1]) + digest[1:]
    return {
        "truncated": entry[: len(entry) // 2],
        "not marshal": b"\xff" * 64,
        "empty": b"",
        "a JSON list of the old layout": b'[{"id": "TI101"}]',
        "another layout": marshal.dumps((version + 1, check, digest, payload)),
        "the layout before the check": marshal.dumps((2, digest, payload)),
        "a byte of the rules changed": marshal.dumps((version, check, digest, changed)),
        "a byte of the digest changed": marshal.dumps((version, check, other, payload)),
        "records of another shape": marshal.dumps(
            (version, entry_check(digest, p := marshal.dumps([r[:2] for r in records])), digest, p)
        ),
    }


def test_a_damaged_rules_entry_is_read_again_from_the_files_and_rewritten(folder: Path, tmp_path: Path) -> None:
    import shutil

    from tilint.rules import StoredRule, builtin_rules_dir, load_rules

    pack = tmp_path / "pack"  # a still copy of a few rule files: others may be editing the built-in ones
    for path in sorted(builtin_rules_dir().glob("*/TI1*.yaml"))[:4]:
        (pack / path.parent.name).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, pack / path.parent.name / path.name)
    first = load_rules([pack])
    (entry,) = [p for p in folder.iterdir() if p.name.startswith("rules-")]
    good = entry.read_bytes()
    assert all(isinstance(r, StoredRule) for r in load_rules([pack])), "read back from the cache"
    for damage, data in _damaged_entries(good).items():
        entry.write_bytes(data)
        assert load_rules([pack]) == first, damage
        assert entry.read_bytes() == good, f"{damage}: the entry is written again"


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


def test_marshal_entries_are_read_with_the_collector_paused_and_restored(folder: Path) -> None:
    """Reading a marshal entry pauses cyclic garbage collection (it makes no cycles, and the
    collector would scan the growing heap again and again); the collector is as it was after,
    even when the entry is damaged, and a caller that had switched it off keeps it off."""
    import gc
    import marshal

    value = {"slots": [("a", (1, 2)), ("b", None)], "reach": {"TI001": [[0, 3], None]}}
    cache.store_marshal("state-key", value, 4)
    seen: list[bool] = []
    real = marshal.loads

    def spy(data: bytes) -> object:
        seen.append(gc.isenabled())
        return real(data)

    assert gc.isenabled()
    try:
        marshal.loads = spy  # type: ignore[assignment]
        assert cache.load_marshal("state-key") == value
    finally:
        marshal.loads = real  # type: ignore[assignment]
    assert seen == [False] and gc.isenabled()
    with pytest.raises(ValueError):
        cache.marshal_loads(b"\xff not marshal")
    assert gc.isenabled()
    gc.disable()
    try:
        assert cache.marshal_loads(marshal.dumps(value)) == value
        assert not gc.isenabled()
    finally:
        gc.enable()
