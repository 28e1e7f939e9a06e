"""The real pre-commit runs the hook from this repository against a fresh git repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1", "GIT_CONFIG_NOSYSTEM": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "tilint", "--all-files", "--color", "never"],
        cwd=repo, env=env, capture_output=True, text=True, timeout=1200,
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_hook_fails_on_the_offending_file_and_passes_once_it_is_clean(tmp_path: Path, pre_commit_home: Path) -> None:
    repo = tmp_path / "docs-repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "docs@example.org")
    git(repo, "config", "user.name", "Docs Lead")
    (repo / "welcome.md").write_text("# Welcome\n\nYou can skip any question.\n", encoding="utf-8")
    (repo / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")  # not passed to the hook
    for number in range(6):  # enough files for pre-commit to split them between processes, if let
        (repo / f"note-{number}.md").write_text("Met with A.R. at the drop-in center.\n", encoding="utf-8")
    offending = repo / "guide.txt"
    offending.write_text("Staff notes\n\nDrove two of my victims to court.\n", encoding="utf-8")
    git(repo, "add", ".")

    failed = try_repo(repo, pre_commit_home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "guide.txt:3:14: warning TI101 possessive-victims" in failed.stdout
    assert "welcome.md" not in failed.stdout.split("- hook id: tilint", 1)[-1]
    assert "logo.png" not in failed.stdout, "only documents tilint reads are passed to it"
    # one tilint for all the files (it has workers of its own), so one summary for all eight
    assert re.findall(r" in (\d+) files?\.", failed.stdout) == ["8"], failed.stdout

    offending.write_text("Staff notes\n\nDrove two of the people I work with to court.\n", encoding="utf-8")
    git(repo, "add", ".")
    passed = try_repo(repo, pre_commit_home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_file_names_that_look_like_options_are_linted_as_files(tmp_path: Path, pre_commit_home: Path) -> None:
    """A committed file named "--write-baseline=README.md" once made the hook overwrite README.md
    (and skip the real finding); one named "--config=quiet.yaml" once turned the hook off."""
    repo = tmp_path / "hostile-repo"
    repo.mkdir()
    git(repo, "init", "-q")
    readme = "# Intake scripts\n\nHow we write notes.\n"
    (repo / "README.md").write_text(readme, encoding="utf-8")
    (repo / "quiet.yaml").write_text("no_builtin: true\n", encoding="utf-8")  # a configuration with no rules
    (repo / "--config=quiet.yaml").write_text("title: Visit log\n", encoding="utf-8")
    (repo / "--write-baseline=README.md").write_text("Drove our girls to the clinic.\n", encoding="utf-8")
    (repo / "guide.txt").write_text("Staff notes\n\nDrove two of my victims to court.\n", encoding="utf-8")
    git(repo, "add", ".")

    result = try_repo(repo, pre_commit_home)
    assert (repo / "README.md").read_text(encoding="utf-8") == readme, "README.md is not overwritten"
    assert result.returncode == 1, result.stdout + result.stderr
    assert "guide.txt:3:14: warning TI101 possessive-victims" in result.stdout, "the rules stay on"
    assert "--write-baseline=README.md:1:7: warning TI102 possessive-girls" in result.stdout, "linted as a file"
    assert "Recorded" not in result.stdout
