"""The example documents against their reviewed findings: a finding that appears or
disappears fails this test. After a deliberate rule change, review the new findings as a case
manager would, then regenerate with:  python tests/test_examples_golden.py > tests/golden/examples.txt
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def current() -> str:
    from click.testing import CliRunner

    from tilint.cli import cli

    result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "json", str(ROOT / "examples")])
    report = json.loads(result.stdout)
    lines = [
        f"{Path(f['path']).relative_to(ROOT).as_posix()}:{f['line']}:{f['column']} {f['rule']} {f['name']} "
        f"{json.dumps(f['match'])}"
        for f in report["findings"]
    ]
    return "\n".join(lines) + "\n"


def test_examples_match_the_reviewed_findings() -> None:
    expected = (ROOT / "tests" / "golden" / "examples.txt").read_text(encoding="utf-8")
    assert current() == expected


if __name__ == "__main__":
    sys.stdout.write(current())
