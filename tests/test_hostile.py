"""Hostile input: every case gets one clear line, a documented exit status, no traceback,
and every other file is still linted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
        ("scan.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", 1, None),
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
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.7\n")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    code, report, _ = lint(str(tmp_path))
    assert code == 1 and still_linted(report)
    notes = {Path(n["path"]).name: n["message"] for n in report["notes"]}
    assert notes["scan.pdf"].startswith("PDF file, skipped (tilint reads text, Markdown, HTML, Word (.docx)")
    assert notes["old.doc"].startswith("legacy Word file (.doc); save it as .docx, skipped")
    code, report, _ = lint(str(scan), str(good))
    assert code == 2 and errors_of(report)["scan.pdf"].startswith("PDF file, skipped") and still_linted(report)


def test_mixed_line_endings_position_exactly(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"one\r\ntwo\rthree\nfour my victims\r\n")
    _, report, _ = lint(str(path))
    (finding,) = report["findings"]
    assert (finding["line"], finding["column"], finding["match"]) == (4, 6, "my victims")


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
    assert [(f["line"], f["match"]) for f in last] == [(1, "my victims")]
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
