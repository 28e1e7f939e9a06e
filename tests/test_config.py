"""Configuration files: found by walking up, applied per path, and every mistake one clear line."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tilint.cli import cli

NOTE = "Met two of my victims at court.\nClient claims she was not paid.\n"


def lint(*args: str, cwd: Path = Path("/")) -> tuple[int, dict | str, str]:
    """Run from *cwd* (by default far from the repository, so only the file's own config counts)."""
    with _chdir(cwd):
        result = CliRunner().invoke(cli, ["check", "--format", "json", *args])
    try:
        return result.exit_code, json.loads(result.stdout), result.stderr
    except json.JSONDecodeError:
        return result.exit_code, result.stdout, result.stderr


class _chdir:
    def __init__(self, path: Path) -> None:
        self.path, self.old = path, Path.cwd()

    def __enter__(self) -> None:
        import os

        os.chdir(self.path)

    def __exit__(self, *exc: object) -> None:
        import os

        os.chdir(self.old)


def rules_of(report: dict) -> dict[str, str]:
    return {f["rule"]: f["severity"] for f in report["findings"]}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "notes" / "2024").mkdir(parents=True)
    (tmp_path / "notes" / "2024" / "a.txt").write_text(NOTE, encoding="utf-8")
    return tmp_path


def test_config_is_found_by_walking_up_from_the_file(repo: Path) -> None:
    (repo / ".tilint.yaml").write_text("rules:\n  TI101: off\n  credibility: error\n", encoding="utf-8")
    _, report, _ = lint(str(repo / "notes" / "2024" / "a.txt"), cwd=Path("/"))
    assert rules_of(report) == {"TI402": "error"}


def test_pyproject_tool_table(repo: Path) -> None:
    (repo / "pyproject.toml").write_text('[tool.tilint]\nrules = {"possessive-victims" = "info"}\n')
    _, report, _ = lint(str(repo / "notes"))
    assert rules_of(report)["TI101"] == "info"


def test_pyproject_without_a_tilint_table_is_passed_over(repo: Path) -> None:
    (repo / ".tilint.yaml").write_text("rules: {TI101: error}\n", encoding="utf-8")
    (repo / "notes" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    _, report, _ = lint(str(repo / "notes"))
    assert rules_of(report)["TI101"] == "error"


def test_a_broken_pyproject_that_never_names_tilint_is_passed_over(repo: Path) -> None:
    # another project's file, beside the notes: not tilint's to judge
    (repo / ".tilint.yaml").write_text("rules: {TI101: error}\n", encoding="utf-8")
    (repo / "notes" / "pyproject.toml").write_text("[project\nname = 'x'\n")
    code, report, _ = lint(str(repo / "notes"))
    assert code != 2
    assert rules_of(report)["TI101"] == "error"


def test_the_more_specific_setting_wins(repo: Path) -> None:
    (repo / ".tilint.yaml").write_text("rules:\n  TI101: error\n  ownership: off\n", encoding="utf-8")
    _, report, _ = lint(str(repo))
    assert rules_of(report)["TI101"] == "error"


def test_per_path_overrides_and_exclusions(repo: Path) -> None:
    (repo / "archive").mkdir()
    (repo / "archive" / "old.txt").write_text(NOTE, encoding="utf-8")
    (repo / "intake").mkdir()
    (repo / "intake" / "form.md").write_text(NOTE, encoding="utf-8")
    (repo / ".tilint.yaml").write_text(
        "exclude: ['archive/']\n"
        "overrides:\n"
        "  - files: ['notes/**']\n"
        "    rules: {credibility: off}\n"
        "  - files: ['intake/*.md']\n"
        "    rules: {TI101: error}\n",
        encoding="utf-8",
    )
    _, report, _ = lint(str(repo))
    by_path = {}
    for f in report["findings"]:
        by_path.setdefault(Path(f["path"]).relative_to(repo).as_posix(), {})[f["rule"]] = f["severity"]
    assert "archive/old.txt" not in by_path
    assert "TI402" not in by_path["notes/2024/a.txt"]
    assert by_path["intake/form.md"]["TI101"] == "error"
    assert by_path["notes/2024/a.txt"]["TI101"] == "warning"


def test_agency_rules_and_no_builtin(repo: Path) -> None:
    from tests.test_rule_loading import GOOD

    (repo / "agency").mkdir()
    (repo / "agency" / "AG101.yaml").write_text(GOOD, encoding="utf-8")
    (repo / "notes" / "b.txt").write_text("We drove our clients home.\n", encoding="utf-8")
    (repo / ".tilint.yaml").write_text("extra_rules: [agency]\nno_builtin: true\n", encoding="utf-8")
    _, report, _ = lint(str(repo))
    assert rules_of(report) == {"AG101": "warning"}


def test_scripts_globs_in_config(repo: Path) -> None:
    (repo / "forms").mkdir()
    (repo / "forms" / "questions.md").write_text('Ask: "Where are you staying?"\n', encoding="utf-8")
    (repo / ".tilint.yaml").write_text("scripts: ['forms/']\n", encoding="utf-8")
    _, report, _ = lint(str(repo / "forms"))
    assert set(rules_of(report)) == {"TI091", "TI092"}


def test_explicit_config_and_no_config(repo: Path) -> None:
    (repo / ".tilint.yaml").write_text("rules: {TI101: off}\n", encoding="utf-8")
    other = repo / "strict.yaml"
    other.write_text("rules: {TI101: error}\n", encoding="utf-8")
    assert rules_of(lint("--config", str(other), str(repo / "notes"))[1])["TI101"] == "error"
    assert rules_of(lint("--no-config", str(repo / "notes"))[1])["TI101"] == "warning"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rules:\n  TI9999: off\n", "key 'rules.TI9999': not a rule id, rule name or category"),
        ("rules:\n  possesive-victims: off\n",
         "key 'rules.possesive-victims': not a rule id, rule name or category (did you mean 'possessive-victims'?)"),
        ("rules:\n  TI101: loud\n", "key 'rules.TI101': 'loud' is not off, error, warning or info"),
        ("rules:\n  TI101: {level: error}\n", "key 'rules.TI101': expected off, error, warning, info"),
        ("exclude: ['notes/[abc']\n", "key 'exclude': bad glob 'notes/[abc'"),
        ("exclude: ['!']\n", "key 'exclude': bad glob '!'"),
        ("rules: [TI101]\n", "key 'rules': expected a mapping"),
        ("rule:\n  TI101: off\n", "key 'rule': unknown setting (did you mean 'rules'?)"),
        ("overrides:\n  - rules: {TI101: off}\n", "key 'overrides[0].files': needs at least one glob"),
        ("overrides:\n  - files: [a]\n    paths: [b]\n", "key 'overrides[0].paths': unknown setting"),
        ("no_builtin: yes\n", "key 'no_builtin': expected true or false"),
        ("rules:\n  TI101: off\n   TI102: off\n", "YAML syntax error (line"),
    ],
    ids=["unknown-rule", "misspelt-rule", "bad-severity", "bad-setting-shape", "bad-glob-bracket", "bad-glob-negation",
         "rules-not-mapping", "unknown-key", "override-without-files", "unknown-override-key", "bad-boolean",
         "yaml-syntax"],
)
def test_each_configuration_mistake_is_one_line_and_status_2(repo: Path, text: str, expected: str) -> None:
    config = repo / ".tilint.yaml"
    config.write_text(text, encoding="utf-8")
    code, out, err = lint(str(repo / "notes"))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith(f"tilint: error: {config.resolve()}: ") or err.startswith(f"tilint: error: {config}: ")
    assert expected in err


def test_toml_syntax_error(repo: Path) -> None:
    (repo / "pyproject.toml").write_text("[tool.tilint\nrules = 1\n")
    code, _, err = lint(str(repo / "notes"))
    assert code == 2
    assert "pyproject.toml: TOML syntax error" in err and err.count("\n") == 1


def test_files_in_an_agency_rule_folder_are_not_linted_even_through_a_link(repo: Path) -> None:
    """An agency's rule folder inside the linted tree holds data for tilint (its README may list
    the very phrases to avoid); a link to one of its files elsewhere in the tree is not linted either."""
    from tests.test_rule_loading import GOOD

    (repo / "agency").mkdir()
    (repo / "agency" / "AG101.yaml").write_text(GOOD, encoding="utf-8")
    (repo / "agency" / "README.md").write_text("Avoid: my victims, client claims.\n", encoding="utf-8")
    (repo / ".tilint.yaml").write_text("extra_rules: [agency]\n", encoding="utf-8")
    try:
        (repo / "notes" / "phrases.md").symlink_to(repo / "agency" / "README.md")
    except (OSError, NotImplementedError):
        pytest.skip("symlinks not available")
    _, report, _ = lint(str(repo))
    assert {f["path"] for f in report["findings"]} == {f"{repo}/notes/2024/a.txt"}
    assert report["summary"]["files"] == 1


def test_each_folder_of_one_run_gets_its_nearest_configuration(repo: Path) -> None:
    """Folders of one run share their parents, which are looked in once: a deeper folder's own
    configuration still wins, and its siblings, before and after it, get their parent's."""
    for name in ("a", "b", "c"):
        (repo / "notes" / name).mkdir()
        (repo / "notes" / name / "note.txt").write_text(NOTE, encoding="utf-8")
    (repo / ".tilint.yaml").write_text("rules: {TI101: error}\n", encoding="utf-8")
    (repo / "notes" / "b" / ".tilint.yaml").write_text("rules: {TI101: off}\n", encoding="utf-8")
    _, report, _ = lint(str(repo))
    by_path: dict[str, dict[str, str]] = {}
    for f in report["findings"]:
        by_path.setdefault(f["path"].removeprefix(f"{repo}/"), {})[f["rule"]] = f["severity"]
    assert by_path["notes/a/note.txt"]["TI101"] == by_path["notes/c/note.txt"]["TI101"] == "error"
    assert by_path["notes/2024/a.txt"]["TI101"] == "error"
    assert "TI101" not in by_path["notes/b/note.txt"] and "TI402" in by_path["notes/b/note.txt"]


@pytest.mark.parametrize(
    ("name", "text"),
    [(".tilint.yaml", "rules: {TI101: off}\n"), ("pyproject.toml", "[tool.tilint]\nrules = {TI101 = 'off'}\n")],
)
def test_a_configuration_above_the_repository_root_does_not_apply(tmp_path: Path, name: str, text: str) -> None:
    """A file in a parent of the checkout could turn rules off for everyone below it."""
    checkout = tmp_path / "checkout"
    (checkout / ".git").mkdir(parents=True)
    (checkout / "notes").mkdir()
    (checkout / "notes" / "a.txt").write_text(NOTE, encoding="utf-8")
    (tmp_path / name).write_text(text, encoding="utf-8")
    _, report, _ = lint(str(checkout / "notes"))
    assert rules_of(report) == {"TI101": "warning", "TI402": "warning"}
    (checkout / name).write_text(text, encoding="utf-8")  # the repository's own is read
    _, report, _ = lint(str(checkout / "notes"))
    assert rules_of(report) == {"TI402": "warning"}


def test_a_git_file_marks_the_root_of_a_submodule_or_worktree(tmp_path: Path) -> None:
    (tmp_path / ".tilint.yaml").write_text("rules: {TI101: off}\n", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / ".git").write_text("gitdir: ../.git/modules/sub\n", encoding="utf-8")
    (tmp_path / "sub" / "a.txt").write_text(NOTE, encoding="utf-8")
    _, report, _ = lint(str(tmp_path / "sub"))
    assert "TI101" in rules_of(report)


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="file owners are POSIX's")
def test_another_users_configuration_in_a_folder_anyone_may_write_to_does_not_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Like /tmp: anyone could have left the file there."""
    shared = tmp_path / "shared"
    (shared / "mine" / "notes").mkdir(parents=True)
    shared.chmod(0o1777)
    (shared / ".tilint.yaml").write_text("rules: {TI101: off}\n", encoding="utf-8")
    (shared / "mine" / "notes" / "a.txt").write_text(NOTE, encoding="utf-8")
    _, report, _ = lint(str(shared / "mine" / "notes"))
    assert "TI101" not in rules_of(report), "one's own file applies (a network share shows every folder open)"
    owner = (shared / ".tilint.yaml").stat().st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)  # the file is another user's
    _, report, _ = lint(str(shared / "mine" / "notes"))
    assert "TI101" in rules_of(report)


def test_a_named_configuration_applies_wherever_it_is(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    (checkout / ".git").mkdir(parents=True)
    (checkout / "a.txt").write_text(NOTE, encoding="utf-8")
    (tmp_path / "agency.yaml").write_text("rules: {TI101: off}\n", encoding="utf-8")
    _, report, _ = lint("--config", str(tmp_path / "agency.yaml"), str(checkout))
    assert rules_of(report) == {"TI402": "warning"}


def test_tilint_config_says_which_file_applies_and_what_it_sets(tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    (checkout / ".git").mkdir(parents=True)
    (checkout / "notes").mkdir()
    (checkout / "notes" / "a.txt").write_text(NOTE, encoding="utf-8")
    (tmp_path / ".tilint.yaml").write_text("rules: {TI101: off}\n", encoding="utf-8")
    note = checkout / "notes" / "a.txt"
    result = CliRunner().invoke(cli, ["config", str(note)])
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        str(note),
        f"  configuration: none (looked in {checkout / 'notes'}, {checkout}; stopped at the repository root "
        "(it holds .git)); the built-in settings apply",
    ]
    (checkout / ".tilint.yaml").write_text(
        "rules: {credibility: info}\nexclude: ['archive/']\noverrides:\n  - files: ['notes/**']\n"
        "    rules: {TI101: error}\n  - files: ['forms/**']\n    rules: {TI101: off}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["config", str(note)])
    assert result.stdout.splitlines() == [
        str(note),
        f"  configuration: {checkout / '.tilint.yaml'} (looked in {checkout / 'notes'}, {checkout})",
        "  rules: credibility info",
        "  overrides[0] (notes/**): TI101 error",
        "  excluded: no",
        "  read as: text",
        "  intake script: decided by its name and text",
    ]


def test_tilint_config_reports_a_broken_file_in_one_line(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".tilint.yaml").write_text("rule: {TI101: off}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["config", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == (f"tilint: error: {tmp_path / '.tilint.yaml'}: key 'rule': unknown setting "
                             "(did you mean 'rules'?)\n")
