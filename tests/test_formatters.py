"""The JSON contract (DESIGN.md) has one producer: ``--format json``, its streamed form and
``tilint.Results.to_dict`` give the same object, written the same way."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import tilint
from tilint.cli import cli


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text("Met her at court. Client claims she was paid.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text(
        "<!-- tilint: disable-next-line=TI102 -- her own words, “our girls” -->\nOur girls are safe.\n\n"
        "<!-- tilint: disable-next-line=TI501 -- nothing to silence -->\nShe is at work.\n", encoding="utf-8")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    return tmp_path


def test_the_json_output_is_the_api_object_written_as_the_contract_says(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    printed = CliRunner().invoke(cli, ["check", "--no-config", "--format", "json", "--jobs", "1", str(folder)]).stdout
    results = tilint.Linter(config=False).lint_paths([folder])
    assert printed == json.dumps(results.to_dict(), indent=2, ensure_ascii=False) + "\n"
    reported = json.loads(printed)
    assert list(reported) == ["tilint", "findings", "errors", "notes", "suppressions", "summary"]
    assert [(s["line"], s["used"]) for s in reported["suppressions"]] == [(1, True), (4, False)]
    assert reported["summary"] == {"files": 2, "findings": 1, "errors": 1}  # the broken file is an error


def test_redacted_json_leaves_the_words_out_the_same_way(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    printed = CliRunner().invoke(cli, ["check", "--no-config", "--format", "json", "--redact", str(folder)]).stdout
    results = tilint.Linter(config=False, redact=True).lint_paths([folder])
    assert printed == json.dumps(results.to_dict(), indent=2, ensure_ascii=False) + "\n"
    assert "\"match\"" not in printed and "her own words" not in printed
