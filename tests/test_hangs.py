"""An agency's rules cannot hang a run: regular expressions run in RE2 (linear time), wildcards
and phrases are limited, and a rule that breaks a limit or holds a bad regex is one line and
exit status 2 when the rules are loaded, whatever the notes say."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tilint.cli import cli

RULE = """\
id: AG101
name: agency-rule
category: ownership
severity: warning
message: Consider other words than "{{match}}".
why: A test rule.
alternatives: [the people we serve]
source: {{title: "Agency style guide"}}
{extra}
patterns:
{patterns}
examples:
  flag: [{flag}]
  pass: [We drove the clients home.]
"""


def _rules(folder: Path, patterns: str, flag: str = "We drove our clients home.", extra: str = "") -> Path:
    rules = folder / "rules"
    rules.mkdir(exist_ok=True)
    (rules / "AG101.yaml").write_text(RULE.format(patterns=patterns, flag=flag, extra=extra), encoding="utf-8")
    return rules


def _check(folder: Path, rules: Path, note: str) -> subprocess.CompletedProcess[str]:
    """tilint check of one note with *rules* only, in its own process (so that a hang fails the
    test at its timeout instead of hanging the suite)."""
    target = folder / "note.txt"
    target.write_text(note, encoding="utf-8")
    env = {**os.environ, "TILINT_CACHE_DIR": str(folder / "cache")}
    return subprocess.run(
        [sys.executable, "-m", "tilint", "check", "--no-config", "--no-builtin", "--format", "json",
         "--rules", str(rules), str(target)],
        capture_output=True, text=True, timeout=60, env=env,
    )


def test_a_catastrophic_regex_runs_in_linear_time(tmp_path: Path) -> None:
    """'^(a+)+$' takes Python's re 2 ** n steps on n a's and a b; RE2 answers at once."""
    rules = _rules(tmp_path, '  - [{LOWER: {REGEX: "^(a+)+$"}}, {LOWER: clients}]', flag="Met aaa clients.",
                   extra="prefilter: off")
    result = _check(tmp_path, rules, "Met " + "a" * 40 + "b clients today, and aaaa clients.\n")
    assert result.returncode == 1, result.stderr
    [finding] = json.loads(result.stdout)["findings"]
    assert finding["match"] == "aaaa clients"


def test_regex_predicates_keep_their_other_predicates(tmp_path: Path) -> None:
    rules = _rules(tmp_path, '  - [{LOWER: {REGEX: "^cl", NOT_IN: [clowns]}}, {LOWER: home}]',
                   flag="The clients home.", extra="prefilter: off")
    result = _check(tmp_path, rules, "The clients home. The clowns home. The staff home.\n")
    assert [f["match"] for f in json.loads(result.stdout)["findings"]] == ["clients home"]


@pytest.mark.parametrize(
    "regex, reason",
    [("(", "missing )"), ("(?<=a+)b", "no look-behind"), ("(a)\\\\1", "invalid escape")],
)
def test_a_bad_regex_is_a_rules_error_when_loaded(tmp_path: Path, regex: str, reason: str) -> None:
    rules = _rules(tmp_path, f'  - [{{LOWER: our}}, {{LOWER: {{REGEX: "{regex}"}}}}]')
    result = _check(tmp_path, rules, "Nothing here holds the rule's words.\n")
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("tilint: error: ") and "rule AG101" in line and "patterns[0][1]" in line
    assert reason in line, line
    assert "Traceback" not in result.stderr


def test_two_open_ended_wildcards_are_refused(tmp_path: Path) -> None:
    rules = _rules(tmp_path, '  - [{LOWER: our}, {OP: "*"}, {LOWER: clients}, {IS_ALPHA: true, OP: "+"}, {LOWER: home}]')
    result = _check(tmp_path, rules, "We drove our clients home.\n")
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert "rule AG101" in line and "patterns[0]" in line and "2 open-ended wildcards" in line


def test_optional_wildcards_are_limited(tmp_path: Path) -> None:
    rules = _rules(tmp_path, '  - [{LOWER: our}, {OP: "{0,8}"}, {LOWER: clients}, {OP: "{0,8}"}, {LOWER: home}]')
    result = _check(tmp_path, rules, "We drove our clients home.\n")
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert "rule AG101" in line and "16 tokens optional" in line


def test_one_wildcard_and_named_words_still_load(tmp_path: Path) -> None:
    """One open-ended wildcard, and open-ended tokens that name their words (as the built-in rules
    have), keep matching fast and are accepted."""
    rules = _rules(
        tmp_path,
        '  - [{LOWER: our}, {IS_ALPHA: true, OP: "*"}, {LOWER: {IN: [new, old]}, OP: "+"}, {LOWER: clients}]',
        flag="We drove our very new clients home.",
    )
    result = _check(tmp_path, rules, "We met our very new clients.\n")
    assert result.returncode == 1, result.stderr
    assert [f["match"] for f in json.loads(result.stdout)["findings"]] == ["our very new clients"]


def test_a_3000_word_phrase_is_refused(tmp_path: Path) -> None:
    """Deriving the prefilter of a phrase takes time and memory with the square of its words
    (20,000 words took 24 GB): a phrase has at most 12 words."""
    phrase = " ".join(["our"] * 3000)
    rules = _rules(tmp_path, f'  - "{phrase}"\n  - our clients')
    result = _check(tmp_path, rules, "We drove our clients home.\n")
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert "rule AG101" in line and "patterns[0]" in line and "3000 words; a phrase may have at most 12" in line


@pytest.mark.parametrize("glob", ["[z-a]", "notes/[z-a]*.md"])
def test_a_bad_exclude_glob_is_a_configuration_error(tmp_path: Path, glob: str) -> None:
    (tmp_path / ".tilint.yaml").write_text(f"exclude: ['{glob}']\n", encoding="utf-8")
    (tmp_path / "note.txt").write_text("We drove my victims home.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "note.txt")])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert "key 'exclude'" in line and "bad character range z-a" in line
    assert "Traceback" not in result.output


def test_one_wildcard_on_a_long_run_on_sentence_stays_linear(tmp_path: Path) -> None:
    """'our * clients' matches from every 'our' to every 'clients' after it: on a run-on sentence of
    600 of each, 360,000 matches, each checked in its context (this took over ten minutes with 500
    of each). Matched in overlapping windows, keeping the longest match from each start, the run
    ends at once, with the finding."""
    from tilint.engine import LONG_STRETCH

    rules = _rules(tmp_path, '  - [{LOWER: our}, {OP: "*"}, {LOWER: clients}]', flag="We drove our new clients home.")
    note = "Staff met " + "our " * 600 + "clients " * 600 + "today.\n\nWe drove our new clients home.\n"
    result = _check(tmp_path, rules, note)
    assert result.returncode == 1, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert [f["line"] for f in findings] == [1, 3]
    words = findings[0]["match"].split()
    assert words[0] == "our" and words[-1] == "clients" and set(words) == {"our", "clients"}
    assert len(words) <= LONG_STRETCH
    assert findings[1]["match"] == "our new clients"
