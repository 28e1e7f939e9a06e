"""The Python API: lint_text, lint_file and Linter give plain findings, the same as the command
line's JSON, never change a file, and `import tilint` loads neither the API nor spaCy."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import tilint
from tilint.cli import cli

NOTE = "Met her at court. Client claims she was paid.\n\nThese are my victims, he said.\n"


def cli_json(*args: str, stdin: str | None = None) -> dict:
    result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "json", *args], input=stdin)
    return json.loads(result.stdout)


def test_lint_text_gives_plain_findings_with_the_json_outputs_keys() -> None:
    findings = tilint.lint_text(NOTE, config=False)
    assert all(dataclasses.is_dataclass(f) and isinstance(f, tilint.Finding) for f in findings)
    assert [(f.rule, f.line, f.column, f.match) for f in findings] == [
        ("TI402", 1, 26, "claims"), ("TI101", 3, 11, "my"),  # only "my": "the" takes its place
    ]
    assert [f.to_dict() for f in findings] == cli_json("-", stdin=NOTE)["findings"]
    assert json.dumps([f.to_dict() for f in findings])  # plain values all through
    redacted = findings[0].to_dict(redact=True)
    assert "match" not in redacted and '"claims"' not in json.dumps(redacted)  # the rule's name holds the word


def test_format_and_filename() -> None:
    markdown = "Intake notes\n\n```\nour girls\n```\n\nOur girls are safe.\n"
    as_markdown = tilint.lint_text(markdown, format="markdown", config=False)
    assert [(f.rule, f.line, f.path) for f in as_markdown] == [("TI102", 7, "-")]  # code is not prose
    by_name = tilint.lint_text(markdown, filename="notes/visit.md", config=False)
    assert [(f.rule, f.line, f.path) for f in by_name] == [("TI102", 7, "notes/visit.md")]
    assert len(tilint.lint_text(markdown, config=False)) == 2  # plain text: everything
    with pytest.raises(ValueError, match="unknown format 'word'"):
        tilint.lint_text("x", format="word")


def test_bytes_of_a_file_format(tmp_path: Path) -> None:
    from tests import pdf_samples

    data = pdf_samples.two_columns(tmp_path / "columns.pdf").read_bytes()
    findings = tilint.lint_text(data, filename="columns.pdf", config=False)
    assert [(f.rule, f.location) for f in findings] == [("TI402", "page 1, line 2"), ("TI602", "page 1, line 5")]
    with pytest.raises(tilint.LintError, match="^-: a PDF is read from its file"):
        tilint.lint_text("not bytes", format="pdf", config=False)


def test_select_ignore_rules_and_config(tmp_path: Path) -> None:
    assert [f.rule for f in tilint.lint_text(NOTE, select=["credibility"], config=False)] == ["TI402"]
    assert [f.rule for f in tilint.lint_text(NOTE, ignore="TI402,ownership", config=False)] == []
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "AG101.yaml").write_text(
        "id: AG101\nname: at-court\ncategory: judgment\nseverity: info\nmessage: Say which court.\n"
        "why: Notes are read later.\nalternatives: [at the county court]\nsource: {title: Our standard}\n"
        "patterns: [at court]\nexamples: {flag: [Met her at court.], pass: [Met her at the county court.]}\n",
        encoding="utf-8",
    )
    assert [f.rule for f in tilint.lint_text(NOTE, rules=[pack], select=["AG101"], config=False)] == ["AG101"]
    settings = {"rules": {"TI402": "error", "ownership": "off"}}
    assert [(f.rule, f.severity.label) for f in tilint.lint_text(NOTE, config=settings)] == [("TI402", "error")]
    config = tmp_path / "agency.yaml"
    config.write_text("rules: {credibility: off}\n", encoding="utf-8")
    assert [f.rule for f in tilint.lint_text(NOTE, config=config)] == ["TI101"]
    with pytest.raises(tilint.LintError, match="key 'rules.TI999'"):
        tilint.Linter(config={"rules": {"TI999": "off"}})
    with pytest.raises(tilint.LintError, match="TI999"):
        tilint.Linter(config=False, select=["TI999"])


def test_a_linter_loads_its_rules_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tilint.batch

    calls = []
    real = tilint.batch.load_rules
    monkeypatch.setattr(tilint.batch, "load_rules", lambda *a, **k: calls.append(a) or real(*a, **k))
    (tmp_path / "a.txt").write_text(NOTE, encoding="utf-8")
    (tmp_path / "b.md").write_text("Our girls are safe.\n", encoding="utf-8")
    linter = tilint.Linter(config=False)
    assert len(linter.lint_text(NOTE)) == 2 and len(linter.lint_text("Our girls.")) == 1
    assert len(linter.lint_file(tmp_path / "a.txt")) == 2
    assert linter.lint_paths([tmp_path]).files == 2
    assert linter.lint_paths(tmp_path).files == 2
    assert len(calls) == 1


def test_lint_paths_matches_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(NOTE, encoding="utf-8")
    (tmp_path / "b.md").write_text("Our girls are safe.\n", encoding="utf-8")
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 not a zip")
    results = tilint.Linter(config=False).lint_paths([tmp_path])
    expected = cli_json(str(tmp_path))
    assert results.to_dict() == expected
    assert [e.message for e in results.errors] == ["not a readable Word document (.docx)"]


def test_unreadable_files_raise_one_line_and_notes_are_warnings(tmp_path: Path) -> None:
    from tests import pdf_samples

    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(tilint.LintError) as info:
        tilint.lint_file(broken, config=False)
    assert str(info.value) == f"{broken}: not a readable Word document (.docx)"
    with pytest.raises(tilint.LintError, match="cannot read|no such file|not found"):
        tilint.lint_file(tmp_path / "missing.txt", config=False)
    scan = pdf_samples.scanned(tmp_path / "scan.pdf")
    with pytest.warns(tilint.LintNote, match="no text layer: scanned?"):
        assert tilint.lint_file(scan, config=False) == []


def test_redact_leaves_the_words_out() -> None:
    (finding, _) = tilint.Linter(config=False, redact=True).lint_text(NOTE)
    assert finding.match == "" and "Client claims" not in finding.message


def snapshot(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    return {
        str(path.relative_to(folder)): (path.read_bytes(), path.stat().st_mtime_ns, path.stat().st_mode)
        for path in sorted(folder.rglob("*")) if path.is_file()
    }


def test_the_api_changes_no_file(tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "visit.txt").write_text("Client claims she refused shelter.\n", encoding="utf-8")  # both have a safe fix
    (notes / "plan.md").write_text("# Plan\n\nShe is non-compliant.\n", encoding="utf-8")
    (tmp_path / ".tilint.yaml").write_text("rules: {judgment: error}\n", encoding="utf-8")
    before = snapshot(tmp_path)
    linter = tilint.Linter()
    assert linter.lint_file(notes / "visit.txt") and linter.lint_paths([notes]).findings
    assert tilint.lint_text((notes / "plan.md").read_text(encoding="utf-8"), filename=str(notes / "plan.md"))
    assert snapshot(tmp_path) == before


def test_import_tilint_loads_neither_the_api_nor_spacy(tmp_path: Path) -> None:
    code = (
        "import sys, tilint\n"
        "assert 'tilint.api' not in sys.modules and 'spacy' not in sys.modules, 'import'\n"
        "linter = tilint.Linter(config=False)\n"
        "assert linter.lint_text('Met at the clinic about housing.') == []\n"
        "assert 'spacy' not in sys.modules, 'a clean text'\n"
        "assert [f.rule for f in tilint.lint_text('Client claims it.', config=False)] == ['TI402']\n"
        "assert 'spacy' in sys.modules\n"
    )
    # A clean text is answered without spaCy once the rules' prefilter strings are in the cache
    # (deriving them needs spaCy): the first run fills a cache of this test's own.
    env = {**os.environ, "TILINT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("TILINT_NO_CACHE", None)
    warm = "import tilint; tilint.lint_text('Client claims it.', config=False)"
    subprocess.run([sys.executable, "-c", warm], check=True, env=env, timeout=300)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr


def test_lint_document_lints_unsaved_text_as_check_lints_the_file_at_its_path(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    (folder / "archive").mkdir(parents=True)
    (tmp_path / ".tilint.yaml").write_text("exclude: ['notes/archive/']\nrules: {TI501: off}\n", encoding="utf-8")
    linter = tilint.Linter()
    text = "<!-- tilint: disable-lines=TI501 -- typo -->\nShe was a prostitute. Client claims she was paid.\n"
    checked = linter.lint_document(text, path=folder / "note.md", format="markdown")  # the file need not exist
    assert checked is not None
    assert [(f.rule, f.line, f.path) for f in checked.findings] == [("TI402", 2, str(folder / "note.md"))]  # TI501 off there
    assert checked.problems == ["line 1: unknown suppression 'tilint: disable-lines' (did you mean 'disable-next-line'?); "
                                "it silences nothing"]
    assert linter.lint_document(text, path=folder / "archive" / "old.md") is None  # excluded there
    unsaved = tilint.Linter(config=False).lint_document(text, name="untitled", format="markdown")
    assert unsaved is not None and [f.rule for f in unsaved.findings] == ["TI501", "TI402"]
    assert {f.path for f in unsaved.findings} == {"untitled"}


def test_lint_document_raises_lint_error_for_a_broken_configuration_on_the_way(tmp_path: Path) -> None:
    linter = tilint.Linter()
    (tmp_path / ".tilint.yaml").write_text("rules: [oops\n", encoding="utf-8")
    with pytest.raises(tilint.LintError, match=r"\.tilint\.yaml"):
        linter.lint_document("Client claims she was paid.\n", path=tmp_path / "note.txt")
