"""The built wheel, installed (not editable) into a fresh virtual environment, carries the
built-in rules and lints examples/ from there."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        check=True, capture_output=True, text=True, timeout=300,
    )
    (path,) = out.glob("tilint-*.whl")
    return path


def test_wheel_ships_the_builtin_rules(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(n for n in names if n.startswith("tilint/_rules/") and n.endswith(".yaml"))
    in_repo = sorted(p.relative_to(ROOT / "rules").as_posix() for p in (ROOT / "rules").rglob("*.yaml"))
    assert [n.removeprefix("tilint/_rules/") for n in shipped] == in_repo


@pytest.mark.slow
def test_installed_wheel_lints_examples_in_a_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    # Install only the wheel into the new environment (no editable link, no source tree), and let it
    # borrow its dependencies (spaCy, click, ...) from the test environment through a .pth file,
    # which Python reads after the environment's own packages.
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--target", purelib, str(wheel)],
        check=True, capture_output=True, text=True, timeout=300,
    )
    deps = [p for p in site.getsitepackages() if "site-packages" in p]
    Path(purelib, "borrowed-deps.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    where = subprocess.run(
        [str(python), "-c", "import tilint.rules as r; print(r.__file__); print(r.builtin_rules_dir())"],
        check=True, capture_output=True, text=True, env=env, cwd=tmp_path,
    ).stdout.split()
    assert all(line.startswith(purelib) for line in where), where
    proc = subprocess.run(
        [str(python), "-m", "tilint", "check", "--format", "json", str(ROOT / "examples")],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert report["summary"]["files"] == 4  # three documents and the CI workflow (YAML)
    assert {Path(f["path"]).name for f in report["findings"]} == {
        "case-note.md", "intake-script.md", "supervisor-email.txt"
    }
