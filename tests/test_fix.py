"""Safe fixes keep case, inflection and every other byte; --diff changes nothing; writes are atomic."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tilint.cli import cli
from tilint.fix import apply_edits, inflect_like, safe_edit
from tilint.model import Rule
from tilint.rules import builtin_rules_dir, load_rules
from tilint.runner import Linter

RULES = load_rules([builtin_rules_dir()])
FIXABLE = [r for r in RULES if r.fix is not None]


def fix_text(linter: Linter, text: str, name: str = "note.txt") -> str:
    rules = {r.id: r for r in linter.rules}
    edits = [e for f in linter.lint_text(text, name) if (e := safe_edit(f, rules[f.rule], text)) is not None]
    return apply_edits(text, edits)


@pytest.mark.parametrize(
    ("original", "lemma", "expected"),
    [("claimed", "report", "reported"), ("claims", "report", "reports"), ("Refused", "decline", "Declined"),
     ("REFUSING", "decline", "DECLINING"), ("committed", "die by", "died by"), ("commit", "die by", "die by"),
     ("claim", "report", "report")],
)
def test_inflection_and_case_follow_the_original(original: str, lemma: str, expected: str) -> None:
    assert inflect_like(original, lemma) == expected


def test_the_pack_marks_some_safe_fixes() -> None:
    assert {r.id for r in FIXABLE} >= {"TI402", "TI602", "TI505"}


@pytest.mark.parametrize(("rule", "index"), [(r, i) for r in FIXABLE for i in range(len(r.flag))],
                         ids=[f"{r.id}-{i + 1}" for r in FIXABLE for i in range(len(r.flag))])
def test_each_flag_example_is_fixed_as_the_rule_says(linter: Linter, rule: Rule, index: int) -> None:
    fixed = fix_text(linter, rule.flag[index])
    assert fixed == rule.fixed[index]
    if fixed != rule.flag[index]:
        assert rule.id not in {f.rule for f in linter.lint_text(fixed, "note.txt")}


PROSE = st.lists(st.sampled_from([
    "Client claims her boss kept the passport.", "She refused shelter placement.", "CLIENT CLAIMED IT.",
    "Her brother committed suicide.", "We met at noon.", "Met two of my victims.", "\t", "\r\n", "\n\n", " ",
    "café — “quoted”", "Client said, \"I refused.\"",
]), max_size=12).map("".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(PROSE)
def test_fixing_twice_equals_once_and_touches_only_fixed_words(linter: Linter, text: str) -> None:
    once = fix_text(linter, text)
    assert fix_text(linter, once) == once
    fixed_rules = {r.id for r in FIXABLE}
    remaining = {f.rule for f in linter.lint_text(once, "n.txt")} & fixed_rules
    for rule_id in remaining:  # whatever a fixable rule still flags is a match its fix cannot handle
        rule = next(r for r in FIXABLE if r.id == rule_id)
        assert all(safe_edit(f, rule, once) is None for f in linter.lint_text(once, "n.txt") if f.rule == rule_id)
    # Outside the replaced words nothing changes: removing the words leaves the same skeleton.
    strip = lambda s: [w for w in s.split() if w.lower().strip('.,"') not in WORDS]  # noqa: E731
    assert strip(once) == strip(text)


WORDS = {"claims", "claimed", "reports", "reported", "refused", "declined", "committed", "died", "by"}


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["check", "--no-config", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_fix_rewrites_in_place_keeping_encoding_bom_line_endings_and_mode(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    original = "\ufeffClient claims she left.\r\nMet two of my victims.\r\nShe REFUSED shelter.\r\n"
    path.write_bytes(original.encode("utf-8"))
    path.chmod(0o640)
    code, out, err = run("--fix", str(path))
    assert path.read_bytes() == (
        "\ufeffClient reports she left.\r\nMet two of my victims.\r\nShe DECLINED shelter.\r\n".encode("utf-8")
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert "Fixed 2 findings in 1 file." in err
    assert code == 1 and "TI101" in out and "TI402" not in out, "the report shows what remains"
    assert sorted(os.listdir(tmp_path)) == ["note.txt"], "no temporary file left behind"


def test_fix_keeps_utf16_and_latin1(tmp_path: Path) -> None:
    wide = tmp_path / "wide.txt"
    wide.write_bytes("\ufeffClient claimed it.\n".encode("utf-16-le"))
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("Caf\xe9 note: client claimed it.\n".encode("cp1252"))
    run("--fix", str(wide), str(legacy))
    assert wide.read_bytes() == "\ufeffClient reported it.\n".encode("utf-16-le")
    assert legacy.read_bytes() == "Caf\xe9 note: client reported it.\n".encode("cp1252")


def test_diff_shows_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("# Visit\n\nClient claimed she left.\n", encoding="utf-8")
    before = path.read_bytes()
    code, out, _ = run("--diff", str(path))
    assert path.read_bytes() == before
    assert code == 1
    assert f"--- a/{path}" in out and "-Client claimed she left." in out and "+Client reported she left." in out


def test_other_formats_are_reported_as_not_fixed(tmp_path: Path) -> None:
    path = tmp_path / "form.json"
    path.write_text('{"q1": "Client claimed it."}\n', encoding="utf-8")
    before = path.read_bytes()
    _, _, err = run("--fix", str(path))
    assert path.read_bytes() == before
    assert "not fixed: this format is not fixed" in err


def test_an_interrupted_write_leaves_the_original_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Client claimed she left.\n", encoding="utf-8")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    code, _, err = run("--fix", str(path))
    assert code == 2
    assert err.splitlines()[-1] == f"{path}: error: cannot write the fix: No space left on device"
    assert path.read_text(encoding="utf-8") == "Client claimed she left.\n"
    assert sorted(os.listdir(tmp_path)) == ["note.txt"]


def test_interactive_choices_driven_by_input(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Met two of my victims.\nClient is non-compliant with her plan.\nOur girls came.\n")
    code, out, err = run("--fix", "--interactive", str(path), stdin="1\ny\ns\nq\n")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("Met two of the victims.\n")  # "the" in place of "my"
    assert "non-compliant" in text and "Our girls" in text, "skipped, then stopped"
    assert "  1) the\n" in err
