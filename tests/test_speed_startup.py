"""What start-up does with a warm cache: a note with no trigger word is answered without
importing spaCy and without decoding any rule's patterns; a note with one finding decodes only
the rules the prefilter sends text to. Each case runs `tilint check` in a fresh interpreter with
a cache folder of the module's own, warmed by a first run. (Counts of work done, never timings.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

# Runs `tilint check NOTE` in-process, then prints what it loaded and decoded.
CHECK = """
import json, sys
from tilint import rules
decoded = []
decode = rules.StoredRule._decode
def counted(rule):
    decoded.append(rule.id)
    decode(rule)
rules.StoredRule._decode = counted
from tilint.cli import main
try:
    main(["check", "--no-config", "--format", "json", "--fail-on", "never", sys.argv[1]])
except SystemExit:
    pass
print(json.dumps({"spacy": "spacy" in sys.modules, "decoded": sorted(set(decoded))}), file=sys.stderr)
"""


@pytest.fixture(scope="module")
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")  # one for the module: filling it derives the prefilter (slow)


@pytest.fixture
def check(tmp_path: Path, cache_folder: Path):
    env = {**os.environ, "TILINT_CACHE_DIR": str(cache_folder)}
    env.pop("TILINT_NO_CACHE", None)

    def run(text: str) -> tuple[list[str], dict]:
        note = tmp_path / "note.txt"
        note.write_text(text, encoding="utf-8")
        runs = [
            subprocess.run(
                [sys.executable, "-c", textwrap.dedent(CHECK), str(note)],
                capture_output=True, text=True, timeout=600, env=env, check=False,
            )
            for _ in range(2)  # the first fills the cache (a rules file edited meanwhile would empty it)
        ]
        done = runs[-1]
        findings = [f["rule"] for f in json.loads(done.stdout)["findings"]]
        return findings, json.loads(done.stderr.strip().splitlines()[-1])

    return run


def test_a_clean_note_needs_neither_spacy_nor_any_rules_patterns(check) -> None:
    findings, seen = check("Met with client at the office. We went over the housing forms and the bus pass.\n")
    assert findings == []
    assert seen == {"spacy": False, "decoded": []}


def test_a_note_with_one_finding_decodes_few_rules(check) -> None:
    findings, seen = check("Met with client at the office. Client claims she was never paid for two weeks.\n")
    assert findings == ["TI402"]
    assert seen["spacy"] is True
    assert "TI402" in seen["decoded"] and len(seen["decoded"]) <= 10, seen["decoded"]
