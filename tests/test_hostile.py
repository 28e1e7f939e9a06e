"""Hostile input: every case gets one clear line, a documented exit status, no traceback,
and every other file is still linted."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tilint.cli import cli

GOOD = "Met two of my victims at court.\n"


def lint(*args: str, stdin: bytes | None = None) -> tuple[int, dict, str]:
    result = CliRunner().invoke(cli, ["check", "--no-config", "--format", "json", *args], input=stdin)
    assert "Traceback" not in result.stderr and result.exception is None or isinstance(result.exception, SystemExit)
    report = json.loads(result.stdout) if result.stdout.startswith("{") else {}
    return result.exit_code, report, result.stderr


@pytest.fixture
def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD, encoding="utf-8")
    return path


def errors_of(report: dict) -> dict[str, str]:
    return {Path(e["path"]).name: e["message"] for e in report["errors"]}


def still_linted(report: dict) -> bool:
    return any(Path(f["path"]).name == "good.txt" and f["rule"] == "TI101" for f in report["findings"])


@pytest.mark.parametrize(
    ("name", "data", "status", "message"),
    [
        ("empty.txt", b"", 1, None),
        ("blob.txt", bytes(range(256)) * 4, 2, "binary file, skipped"),
        ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", 2, "not a readable PDF"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 2, "binary file, skipped"),
        ("old.txt", "Caf\xe9 visit.\n".encode("cp1252"), 1, None),
        ("wide.txt", "Client claims it.\n".encode("utf-16-le"), 1, None),
        ("mixed.txt", b"one\r\ntwo\rthree\nfour my victims\r\n", 1, None),
        ("notes.docx", b"PK\x03\x04 not really a zip", 2, None),
        ("form.yaml", b"q1: [unclosed\n", 2, "invalid YAML"),
    ],
    ids=["empty", "binary", "pdf", "image", "invalid-utf8", "utf16-no-bom", "mixed-line-endings", "broken-docx",
         "broken-yaml"],
)
def test_bad_file_beside_a_good_one(tmp_path: Path, good: Path, name: str, data: bytes, status: int,
                                    message: str | None) -> None:
    (tmp_path / name).write_bytes(data)
    code, report, _ = lint(str(tmp_path))
    assert code == status
    assert still_linted(report)
    if message:
        assert errors_of(report)[name].startswith(message)
    if status == 2:
        assert "\n" not in errors_of(report)[name]


def test_documents_tilint_does_not_read_are_noted_in_a_folder_and_errors_when_named(tmp_path: Path,
                                                                                   good: Path) -> None:
    slides = tmp_path / "slides.pptx"
    slides.write_bytes(b"PK\x03\x04")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    code, report, _ = lint(str(tmp_path))
    assert code == 1 and still_linted(report)
    notes = {Path(n["path"]).name: n["message"] for n in report["notes"]}
    assert notes["slides.pptx"].startswith("presentation, skipped (tilint reads text, Markdown, HTML, Word (.docx)")
    assert notes["old.doc"].startswith("legacy Word file (.doc); save it as .docx, skipped")
    code, report, _ = lint(str(slides), str(good))
    assert code == 2 and errors_of(report)["slides.pptx"].startswith("presentation, skipped") and still_linted(report)


def test_mixed_line_endings_position_exactly(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"one\r\ntwo\rthree\nfour my victims\r\n")
    _, report, _ = lint(str(path))
    (finding,) = report["findings"]
    assert (finding["line"], finding["column"], finding["match"]) == (4, 6, "my")  # TI101 reports only "my"


def test_legacy_and_utf16_are_read_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_bytes("Caf\xe9: client claims it.\n".encode("cp1252"))
    (tmp_path / "wide.txt").write_bytes("Client claims it.\n".encode("utf-16-be"))
    _, report, _ = lint(str(tmp_path))
    notes = {Path(n["path"]).name: n["message"] for n in report["notes"]}
    assert notes == {"old.txt": "not valid UTF-8; read as Windows-1252",
                     "wide.txt": "no byte-order mark; read as UTF-16-BE"}
    assert {Path(f["path"]).name for f in report["findings"]} == {"old.txt", "wide.txt"}


def test_a_50_mb_file_on_one_line(tmp_path: Path, good: Path) -> None:
    big = tmp_path / "export.txt"
    sentence = "Client attended the housing meeting and signed the lease. "
    with big.open("w", encoding="utf-8") as stream:
        for _ in range(50 * 1024 * 1024 // len(sentence)):
            stream.write(sentence)
        stream.write("Met two of my victims at court.")
    code, report, _ = lint(str(big), str(good))
    assert code == 1
    last = [f for f in report["findings"] if Path(f["path"]).name == "export.txt"]
    assert [(f["line"], f["match"]) for f in last] == [(1, "my")]
    sentence_start = big.stat().st_size - len("Met two of my victims at court.")
    assert last[0]["column"] == sentence_start + len("Met two of ") + 1


def test_a_long_line_full_of_findings(tmp_path: Path) -> None:
    """An export with every note on one line and thousands of findings: each finding is
    reported once, at its column, and neither the output nor a fingerprint carries the whole
    line (which once made such a file take minutes: the line was hashed for every finding)."""
    line = tmp_path / "one-line.txt"
    sentences = ["Client arrived at noon with her sister. ", "Met two of my victims at court. "]
    line.write_text("".join(sentences[n % 2] for n in range(6000)), encoding="utf-8")
    code, report, _ = lint(str(line))
    assert code == 1 and report["summary"]["findings"] == 3000
    columns = [f["column"] for f in report["findings"]]
    before = len("Met two of ")
    assert columns[:2] == [len(sentences[0]) + before + 1, 2 * len(sentences[0]) + len(sentences[1]) + before + 1]
    text = CliRunner().invoke(cli, ["check", str(line)]).stdout
    assert len(text) < 3000 * 600, "no copy of the 216 KB line under each finding"
    sarif = json.loads(CliRunner().invoke(cli, ["check", "--format", "sarif", str(line)]).stdout)
    prints = [r["partialFingerprints"]["tilintFinding/v1"] for r in sarif["runs"][0]["results"]]
    assert len(set(prints)) == 3000, "repeats of the same words and context are numbered"


def test_missing_unreadable_and_vanishing_files(tmp_path: Path, good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gone = tmp_path / "gone.txt"
    gone.write_text(GOOD, encoding="utf-8")
    import tilint.sources as sources

    real = sources.read_bytes

    def flaky(path: Path) -> bytes:
        if path.name == "gone.txt":  # deleted between discovery and reading
            path.unlink()
        return real(path)

    monkeypatch.setattr(sources, "read_bytes", flaky)
    monkeypatch.setattr("tilint.formats.read_bytes", flaky)
    code, report, _ = lint(str(tmp_path), str(tmp_path / "never.txt"))
    assert code == 2
    assert errors_of(report) == {"gone.txt": "no such file", "never.txt": "no such file or directory"}
    assert still_linted(report)


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root reads everything")
def test_permission_denied(tmp_path: Path, good: Path) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD)
    locked.chmod(0)
    code, report, _ = lint(str(tmp_path))
    assert code == 2 and errors_of(report)["locked.txt"] == "permission denied" and still_linted(report)


def test_symlink_loop_and_special_names(tmp_path: Path) -> None:
    folder = tmp_path / "notes ünïcode $(rm -rf) 'quote' & ;"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    code, report, _ = lint(str(folder))
    assert code == 1 and still_linted(report)
    assert report["summary"]["files"] == 1


def test_ten_thousand_files(tmp_path: Path) -> None:
    for n in range(10_000):
        (tmp_path / f"n{n:05d}.txt").write_text("Visit went well." if n % 1000 else GOOD, encoding="utf-8")
    code, report, _ = lint("--jobs", "1", str(tmp_path))
    assert code == 1
    assert report["summary"]["files"] == 10_000
    assert len(report["findings"]) == 10


def test_stdin_empty_and_closed() -> None:
    code, report, _ = lint("-", stdin=b"")
    assert code == 0 and report["summary"]["files"] == 1
    proc = subprocess.run([sys.executable, "-m", "tilint", "check", "-"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr


def test_output_reader_that_goes_away(tmp_path: Path) -> None:
    for n in range(200):
        (tmp_path / f"n{n}.txt").write_text(GOOD * 20, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "tilint", "check", "--jobs", "1", str(tmp_path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(100)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 1, "click stops quietly with status 1 when its reader goes away"
    assert "Traceback" not in err and "Exception ignored" not in err


def write_rule(folder: Path, n: int, body: str = "") -> None:
    (folder / f"AG{n}.yaml").write_text(
        f"id: AG{n}\nname: agency-rule-{n}\ncategory: labels\nseverity: info\nmessage: m\nwhy: w\n"
        f"alternatives: [a]\nsource: s\n{body or f'patterns: [word{n}x]'}\n"
        f"examples: {{flag: [word{n}x here], pass: [nothing here]}}\n",
        encoding="utf-8",
    )


def test_rules_file_with_an_alias_bomb(tmp_path: Path, good: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    (rules / "bomb.yaml").write_text(bomb, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-config", "--rules", str(rules), str(good)])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"tilint: error: {rules / 'bomb.yaml'}: too large once its YAML aliases are expanded (over 200,000 values)"
    )


def test_a_pattern_that_would_make_matching_slow(tmp_path: Path, good: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    write_rule(rules, 1, 'patterns: [[{LOWER: my}, {OP: "*"}, {OP: "*"}, {OP: "*"}, {OP: "*"}, {OP: "*"}, '
                         '{LOWER: victim}]]')
    result = CliRunner().invoke(cli, ["check", "--no-config", "--no-builtin", "--rules", str(rules), str(good)])
    assert result.exit_code == 2
    assert "key 'patterns[0]': 5 repeating tokens (*, + or {n,m}); at most 4 keep matching fast" in result.stderr


def test_a_rule_pack_of_5000_rules(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    for n in range(5000):
        write_rule(rules, n)
    note = tmp_path / "note.txt"
    note.write_text("Nothing here.\n\nBut word4999x and word17x here.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-config", "--no-builtin", "--rules", str(rules),
                                      "--format", "json", str(note)])
    assert result.exit_code == 0  # the rules are info; --fail-on warning
    assert {f["rule"] for f in json.loads(result.stdout)["findings"]} == {"AG4999", "AG17"}


def test_no_network_for_a_whole_run(tmp_path: Path, good: Path) -> None:
    """Every format and the cache, in a fresh process in which opening any socket fails."""
    (tmp_path / "page.html").write_text("<p>Met two of my victims, Qwertyuiop.</p>", encoding="utf-8")
    (tmp_path / "form.json").write_text('{"q": "Client claims Qwertyuiop."}', encoding="utf-8")
    (tmp_path / "export.csv").write_text("id,notes\n1,Client refused shelter Qwertyuiop.\n", encoding="utf-8")
    guard = (
        "import socket, sys\n"
        "def refuse(*a, **k):\n    raise OSError('network access attempted')\n"
        "socket.socket.connect = refuse\nsocket.socket.connect_ex = refuse\n"
        "socket.create_connection = refuse\nsocket.getaddrinfo = refuse\n"
        "from tilint.cli import main\nmain()\n"
    )
    env = {**os.environ, "TILINT_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run([sys.executable, "-c", guard, "check", "--format", "json", "--jobs", "2", str(tmp_path)],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert {Path(f["path"]).name for f in report["findings"]} >= {"good.txt", "page.html", "form.json", "export.csv"}
    assert "network access attempted" not in proc.stderr
    cached = b"".join(p.read_bytes() for p in (tmp_path / "cache").iterdir())
    assert cached and b"qwertyuiop" not in cached.lower(), "the cache holds rule data, no note text"


def test_ctrl_c_prints_one_line_and_exits_130(tmp_path: Path) -> None:
    import signal
    import time

    for n in range(400):
        (tmp_path / f"n{n}.txt").write_text("Client claims it.\n\n" * 3000, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "tilint", "check", "--jobs", "1", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(2.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert err.strip().splitlines()[-1] == "tilint: interrupted"
    assert "Traceback" not in err


# --- the hostile suite: each case linted beside a good file, in every format ---------------------

FORMATS = ("text", "json", "sarif", "github")
GOOD_NOTE = "Met two of my victims at Zxcvbnm court.\n"
GOOD_WORDS = ("my victims", "Zxcvbnm")  # the good file's note text: never printed under --redact
RAW = ("\x1b", "\x07", "\x85", "\u202e", "\u2066")  # never printed raw, whatever a file is named
ANNOTATION = ("::error file=", "::warning file=", "::notice file=")


@dataclass(frozen=True)
class Hostile:
    """One hostile input: a file (any name, any bytes) to lint beside ``good.txt``."""

    name: str | bytes
    data: bytes
    status: int  # the exit status of the run
    error: str | None = None  # how the one error about it begins, if it has one
    secret: tuple[str, ...] = ()  # words of the file that no output may carry under --redact
    args: tuple[str, ...] = ()
    stderr_lines: int | None = None  # lines on stderr in the text format (default: 1 with an error, else 0)


def _tree(folder: Path) -> dict[bytes, tuple[str, int]]:
    """Every file under *folder* (hidden ones too): its content's hash and its mode."""
    found = {}
    for root, _, files in os.walk(os.fsencode(folder)):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as stream:
                found[os.path.relpath(path, os.fsencode(folder))] = (hashlib.sha256(stream.read()).hexdigest(),
                                                                     os.stat(path).st_mode)
    return found


def _good_finding_shown(fmt: str, out: str, good: Path) -> bool:
    if fmt == "text":
        return f"{good}:1:12: warning TI101" in out
    if fmt == "github":
        return any(line.startswith("::warning file=") and "good.txt,line=1,col=12," in line and "title=TI101" in line
                   for line in out.splitlines())
    if fmt == "json":
        return any(f["path"] == str(good) and f["rule"] == "TI101" for f in json.loads(out)["findings"])
    results = json.loads(out)["runs"][0]["results"]
    return any(r["ruleId"] == "TI101" and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
               .endswith("/good.txt") for r in results)


def lint_hostile(tmp_path: Path, case: Hostile, formats: Sequence[str] = FORMATS) -> dict[tuple[str, bool], Any]:
    """Lint *case* beside a good file with the real command line, in each format, with and without
    --redact, and check what every hostile input must keep to: the exit status; one line on
    stderr for the bad file (text format; the other formats carry it in their output) and no
    traceback; the good file's finding still reported; no file changed or added (no temp file
    left, in the tree or the temp folder); no line that a CI log would read as a workflow
    command, no raw control or bidi character; and under --redact none of the note's words.
    Returns each run's result by (format, redact) for further checks."""
    folder = tmp_path / "tree"
    folder.mkdir()
    good = folder / "good.txt"
    good.write_text(GOOD_NOTE, encoding="utf-8")
    name = case.name if isinstance(case.name, bytes) else case.name.encode("utf-8")
    with open(os.path.join(os.fsencode(folder), name), "wb") as stream:
        stream.write(case.data)
    temp = tmp_path / "temp"
    temp.mkdir()
    before = _tree(folder)
    results = {}
    saved, tempfile.tempdir = tempfile.tempdir, str(temp)
    try:
        for fmt in formats:
            for redact in (False, True):
                args = ["check", "--no-config", "--format", fmt, *(["--redact"] if redact else []), *case.args,
                        str(folder)]
                result = CliRunner().invoke(cli, args, env={"GITHUB_ACTIONS": None, "TMPDIR": str(temp)})
                results[(fmt, redact)] = result
                where = f"{fmt}{' --redact' if redact else ''}"
                assert result.exception is None or isinstance(result.exception, SystemExit), (where, result.exc_info)
                assert "Traceback" not in result.output, where
                assert result.exit_code == case.status, (where, result.output)
                expected = case.stderr_lines if case.stderr_lines is not None else int(case.error is not None)
                assert len(result.stderr.splitlines()) == (expected if fmt == "text" else 0), (where, result.stderr)
                if case.error is not None and fmt == "text":
                    assert f": error: {case.error}" in result.stderr, (where, result.stderr)
                if case.error is not None and fmt == "json":
                    (message,) = [e["message"] for e in json.loads(result.stdout)["errors"]]
                    assert message.startswith(case.error) and "\n" not in message, (where, message)
                assert _good_finding_shown(fmt, result.stdout, good), (where, result.stdout)
                for line in (result.stdout + result.stderr).splitlines():
                    assert not line.lstrip().startswith("::") or fmt == "github" and line.startswith(ANNOTATION), \
                        (where, line)
                assert not set(result.stdout + result.stderr) & set(RAW), where
                if redact:
                    for word in (*GOOD_WORDS, *case.secret):
                        assert word not in result.stdout + result.stderr, (where, word)
    finally:
        tempfile.tempdir = saved
    assert _tree(folder) == before, "no file changed, added or left behind"
    assert not list(temp.iterdir()), "no temp file left"
    return results


HOSTILE = {
    "forged-annotation-name": Hostile("x\n::error file=README.md::Forged\n::stop-commands::tok\n.txt",
                                      b"Met my victims, Qwertyuiop.\n", 1, secret=("Qwertyuiop",)),
    "escape-and-bidi-name": Hostile("a\x1b]0;pwn\x07\u202eb\u2066\x85.txt", b"Met my victims, Qwertyuiop.\n", 1,
                                    secret=("Qwertyuiop",)),
    "binary-with-forged-name": Hostile("z\n::stop-commands::t\r\n.txt", b"\x00\x01Qwertyuiop", 2,
                                       error="binary file, skipped"),
    "name-not-utf8": Hostile(b"caf\xe9.txt", b"Met my victims, Qwertyuiop.\n", 1, secret=("Qwertyuiop",)),
    "broken-yaml": Hostile("form.yaml", b'q1: "Qwertyuiop my victims\n  - [\n', 2, error="invalid YAML",
                           secret=("Qwertyuiop",)),
    "yaml-control-char": Hostile("form.yaml", b'q: "Qwertyuiop\x01 said"\n', 2, error="invalid YAML",
                                 secret=("Qwertyuiop",)),
    "yaml-alias-name": Hostile("form.yaml", b"q: *Qwertyuiop.said\n", 2, error="invalid YAML",
                               secret=("Qwertyuiop",)),
    "broken-json": Hostile("form.json", b'{"q": "Qwertyuiop", "r": Qwertyuiop}', 2, error="invalid JSON",
                           secret=("Qwertyuiop",)),
    "broken-csv": Hostile("export.csv", b'id,notes\n1,"Qwertyuiop" my victims"x\n', 2, error="malformed CSV",
                          secret=("Qwertyuiop",)),
    "broken-front-matter": Hostile("note.md", b"---\ntilint-document: [Qwertyuiop\n---\nMet my victims.\n", 1,
                                   secret=("Qwertyuiop",)),
    "suppression-typo": Hostile("typo.txt", b"tilint: disable-lines=TI101 Qwertyuiop said it\nMet my victims.\n", 2,
                                error="line 1: unknown suppression", secret=("Qwertyuiop",)),
    "reason-quotes-the-note": Hostile("reason.txt", b"tilint: disable-next-line=TI101 -- Qwertyuiop said it\n"
                                                    b"Met my victims.\n", 1, secret=("Qwertyuiop",)),
    "mistyped-suppression": Hostile("typo.txt", b"tilint: disable-lines=TI101 -- Qwertyuiop said it\n"
                                                b"Met my victims.\n", 2, error="line 1: unknown suppression",
                                    secret=("Qwertyuiop",)),
    "csv-cell-past-the-limit": Hostile("export.csv", b'id,notes\n1,"' + b"Qwertyuiop " * 100_000 + b'"\n2,ok\n', 1,
                                       secret=("Qwertyuiop",), stderr_lines=1),
    "json-form-of-a-million-strings": Hostile("form.json", b'["Qwertyuiop"' + b',"x"' * 1_000_000 + b"]", 2,
                                              error="more than 100,000 keys and values", secret=("Qwertyuiop",)),
    "front-matter-5000-deep": Hostile("deep.md", b"---\nq: " + b"[" * 5000 + b"Qwertyuiop" + b"]" * 5000
                                      + b"\n---\nFine.\n", 1, secret=("Qwertyuiop",)),
}


@pytest.mark.parametrize("case", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_suite(tmp_path: Path, case: Hostile) -> None:
    lint_hostile(tmp_path, case)


def test_a_forged_name_is_shown_escaped(tmp_path: Path) -> None:
    results = lint_hostile(tmp_path, HOSTILE["binary-with-forged-name"], formats=("text", "github"))
    assert results[("text", False)].stderr == f"{tmp_path / 'tree'}/z\\n::stop-commands::t\\r\\n.txt: error: binary file, skipped\n"
    annotations = results[("github", False)].stdout.splitlines()
    assert len(annotations) == 2, "the good file's finding and the bad file's error, nothing forged"
    assert annotations[1].startswith("::error file=") and "z%0A%3A%3Astop-commands%3A%3At%0D%0A.txt,title=" in annotations[1]


def test_a_configuration_yaml_error_is_one_line(tmp_path: Path, good: Path) -> None:
    config = tmp_path / ".tilint.yaml"
    config.write_text('rules:\n  TI101: "off\x00"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--config", str(config), str(good)])
    assert result.exit_code == 2
    assert result.stderr == (f"tilint: error: {config}: YAML syntax error (line 2, column 14): "
                             "unacceptable character #x0000\n")


def test_a_reader_failure_does_not_quote_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A library's exception can quote what it choked on; the one line names the kind of failure."""
    import tilint.batch

    real = tilint.batch.read_document

    def choke(source: Any, chosen: Any = None) -> Any:
        if source.display.endswith("odd.txt"):
            raise ValueError("cannot parse 'Qwertyuiop said it'")
        return real(source, chosen)

    monkeypatch.setattr(tilint.batch, "read_document", choke)
    results = lint_hostile(tmp_path, Hostile("odd.txt", b"Qwertyuiop said it.\n", 2,
                                             error="cannot read this file (ValueError while reading it)",
                                             secret=("Qwertyuiop",)), formats=("text", "json"))
    assert "Qwertyuiop" not in results[("json", False)].stdout
