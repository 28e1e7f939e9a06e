"""A baseline: today's findings recorded so that only new ones fail a run.

The file holds, for each finding, its rule, its path (relative to the baseline file) and a
fingerprint: a hash of the matched words and their line. It never holds the text itself.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from tilint import __version__
from tilint.model import Finding

FORMAT = "tilint-baseline/1"


class BaselineError(Exception):
    """A baseline file that cannot be read or written; ``str(err)`` is one line."""


def _key(finding: Finding, folder: Path) -> tuple[str, str, str]:
    if finding.path == "-":
        path = "-"
    else:
        path = Path(os.path.relpath(Path(finding.path).resolve(), folder.resolve())).as_posix()
    return finding.rule, path, finding.fingerprint


def write_baseline(path: Path, findings: Sequence[Finding]) -> None:
    """Record *findings* in *path*, written atomically."""
    folder = path.resolve().parent
    entries = sorted({_key(f, folder) for f in findings})
    data = {
        "format": FORMAT,
        "tilint": __version__,
        "findings": [{"rule": r, "path": p, "fingerprint": h} for r, p, h in entries],
    }
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        temporary.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError as err:
        temporary.unlink(missing_ok=True)
        raise BaselineError(f"{path}: cannot write baseline: {err.strerror or err}") from None


def read_baseline(path: Path) -> set[tuple[str, str, str]]:
    """The (rule, path, fingerprint) keys recorded in *path*."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise BaselineError(f"{path}: not a tilint baseline: {err}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a tilint baseline (expected format {FORMAT})")
    try:
        return {(e["rule"], e["path"], e["fingerprint"]) for e in data["findings"]}
    except (TypeError, KeyError):
        raise BaselineError(f"{path}: a baseline entry lacks rule, path or fingerprint") from None


def new_findings(findings: Iterable[Finding], baseline: Path) -> list[Finding]:
    """The findings that *baseline* does not record."""
    return baseline_filter(baseline)(findings)


def baseline_filter(baseline: Path) -> Callable[[Iterable[Finding]], list[Finding]]:
    """A function that keeps the findings *baseline* does not record (the file is read once)."""
    known = read_baseline(baseline)
    folder = baseline.resolve().parent
    return lambda findings: [f for f in findings if _key(f, folder) not in known]
