"""tilint serve over HTTP: the page's own address only (Host and Origin checked), the page's
headers forbid anything from elsewhere, bodies are capped, no note text is logged, and
POST /api/lint answers with the findings, their offsets and which alternatives can replace the words."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tilint.api import Linter
from tilint.cli import cli
from tilint.serve import MAX_BODY, PageServer, make_server
from tests.test_wheel import wheel  # noqa: F401 - the fixture: tilint's wheel, built once

NOTE = "Why didn't you leave?"


def start(linter: Linter) -> PageServer:
    server = make_server(linter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def server() -> Iterator[PageServer]:
    running = start(Linter(config=False))
    yield running
    running.shutdown()
    running.server_close()


def ask(server: PageServer, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None,
        ) -> tuple[int, dict[str, str], bytes]:
    port = server.server_address[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        sent = {"Host": f"127.0.0.1:{port}", **(headers or {})}
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in sent.items():
            connection.putheader(name, value)
        if body is not None and "Content-Length" not in sent:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def lint(server: PageServer, text: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, object]]:
    status, _, body = ask(server, "POST", "/api/lint", json.dumps({"text": text}).encode(),
                          {"Content-Type": "application/json", **(headers or {})})
    return status, json.loads(body)


def test_the_answer_for_why_didnt_you_leave(server: PageServer) -> None:
    status, answer = lint(server, NOTE)
    assert status == 200
    [finding] = answer["findings"]
    assert (finding["rule"], finding["category"], finding["severity"]) == ("TI301", "blame", "warning")
    assert (finding["line"], finding["column"], finding["start"], finding["end"]) == (1, 1, 0, 20)
    assert NOTE[finding["start"] : finding["end"]] == "Why didn't you leave"
    assert "blame" in finding["message"] and "trafficker" in finding["why"]
    first = finding["alternatives"][0]
    assert first["text"] == "What made it hard to leave?" and first["kind"] == "replacement"
    # the question takes the place of the whole question, its mark included
    assert NOTE[: first["start"]] + first["with"] + NOTE[first["end"] :] == "What made it hard to leave?"


def test_the_button_reads_the_whole_question_on_one_line(server: PageServer) -> None:
    # the label is fix.label's, as the editor's quick fix shows it: the reported words as they will
    # read, the kept "leave" and the question mark included, a line break inside them as a space
    first = lint(server, NOTE)[1]["findings"][0]["alternatives"][0]
    assert first["label"] == "What made it hard to leave?"
    text = "Why didn't\nyou leave?"
    [finding] = lint(server, text)[1]["findings"]
    [wrapped] = [a for a in finding["alternatives"] if a["text"] == "What made it hard to leave?"]
    assert wrapped["label"] == "What made it hard to leave?" and "\n" not in wrapped["label"]


def test_alternatives_that_cannot_stand_in_are_advice(server: PageServer) -> None:
    text = "Client claims she was paid."
    [finding] = lint(server, text)[1]["findings"]
    assert text[finding["start"] : finding["end"]] == "claims"
    # a replacement is fitted to the words it takes the place of: "reported" as "reports"
    offered = {a["text"]: a for a in finding["alternatives"]}
    assert offered["reported"]["kind"] == "replacement" and offered["reported"]["with"] == "reports"
    # an alternative the rule marks as advice (replaces: false) is never offered to paste
    rules = {rule.id: rule for rule in server.page.linter.rules()}
    [finding] = lint(server, "Client is non-compliant with her meds.")[1]["findings"]
    marked = set(rules[finding["rule"]].advice)
    assert marked
    assert all(a["kind"] == "advice" and "with" not in a for a in finding["alternatives"] if a["text"] in marked)


def test_offsets_count_characters_not_bytes(server: PageServer) -> None:
    text = "Note 😀 café.\nWhy didn't you leave?"
    [finding] = lint(server, text)[1]["findings"]
    assert text[finding["start"] : finding["end"]] == "Why didn't you leave"
    assert (finding["line"], finding["column"]) == (2, 1)


def test_every_answer_forbids_loading_from_elsewhere(server: PageServer) -> None:
    for method, path, body, headers in [("GET", "/", None, {}), ("GET", "/app.js", None, {}),
                                        ("POST", "/api/lint", b'{"text": "x"}', {"Content-Type": "application/json"}),
                                        ("GET", "/nothing", None, {}), ("PUT", "/api/lint", b"{}", {})]:
        status, sent, _ = ask(server, method, path, body, headers)
        assert status == {"/nothing": 404, "PUT": 501}.get(path if method != "PUT" else method, 200)
        policy = sent["content-security-policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert sent["x-content-type-options"] == "nosniff" and sent["cache-control"] == "no-store"


def test_the_page_refers_to_nothing_outside_itself(server: PageServer) -> None:
    for path in ("/", "/app.js", "/app.css"):
        status, _, body = ask(server, "GET", path)
        assert status == 200 and body
        assert b"http://" not in body and b"https://" not in body and b"//" + b"cdn" not in body


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1", "127.0.0.1:1", "localhost.evil:{port}",
                                  "0.0.0.0:{port}"])
def test_another_host_is_refused(server: PageServer, host: str) -> None:
    """A page of another site whose name points at 127.0.0.1 (DNS rebinding) sends its own name."""
    port = server.server_address[1]
    status, _, body = ask(server, "POST", "/api/lint", json.dumps({"text": NOTE}).encode(),
                          {"Host": host.format(port=port), "Content-Type": "application/json"})
    assert status == 403 and b"blame" not in body
    assert ask(server, "GET", "/", headers={"Host": host.format(port=port)})[0] == 403


def test_localhost_by_name_is_served(server: PageServer) -> None:
    port = server.server_address[1]
    assert lint(server, NOTE, {"Host": f"localhost:{port}", "Origin": f"http://localhost:{port}"})[0] == 200


@pytest.mark.parametrize("origin", ["http://evil.example", "null", "http://127.0.0.1:1", "https://127.0.0.1:{port}",
                                    "http://localhost:{port}"])
def test_another_origin_is_refused(server: PageServer, origin: str) -> None:
    """Another page open in the browser posting a note (its Origin is its own; Host is ours)."""
    status, answer = lint(server, NOTE, {"Origin": origin.format(port=server.server_address[1])})
    assert status == 403 and "findings" not in answer


def test_the_served_origin_is_answered(server: PageServer) -> None:
    status, answer = lint(server, NOTE, {"Origin": f"http://127.0.0.1:{server.server_address[1]}"})
    assert status == 200 and answer["findings"][0]["rule"] == "TI301"


def test_a_body_over_the_cap_is_refused_unread(server: PageServer) -> None:
    status, _, body = ask(server, "POST", "/api/lint", b"", {"Content-Type": "application/json",
                                                              "Content-Length": str(MAX_BODY + 1)})
    assert status == 413 and b"too long" in body
    at_cap = json.dumps({"text": "a" * (MAX_BODY - 20)}).encode()
    assert len(at_cap) <= MAX_BODY and lint(server, "a" * (MAX_BODY - 20))[0] == 200


@pytest.mark.parametrize("body, kind", [(b"not json", "application/json"), (b'{"note": "x"}', "application/json"),
                                        (b'{"text": 3}', "application/json"), (b'{"text": "x"}', "text/plain")])
def test_a_malformed_request_is_refused(server: PageServer, body: bytes, kind: str) -> None:
    status = ask(server, "POST", "/api/lint", body, {"Content-Type": kind})[0]
    assert status in (400, 415)


def test_no_note_text_is_logged(server: PageServer, capfd: pytest.CaptureFixture[str]) -> None:
    secret = "Maria Lopez said her employer kept her passport."
    lint(server, secret)
    ask(server, "POST", "/api/lint", secret.encode(), {"Content-Type": "application/json"})  # an error, too
    ask(server, "GET", "/" + secret.replace(" ", "%20"))
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_the_configuration_of_the_current_folder_applies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".tilint.yaml").write_text("rules:\n  blame: off\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    running = start(Linter())
    try:
        assert lint(running, NOTE + " Client claims she was paid.")[1]["findings"][0]["rule"] == "TI402"
        assert len(lint(running, NOTE)[1]["findings"]) == 0
    finally:
        running.shutdown()
        running.server_close()


def test_the_command_serves_on_127_0_0_1_and_says_where(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    with subprocess.Popen([sys.executable, "-m", "tilint", "serve", "--no-config"], cwd=tmp_path, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) as process:
        try:
            line = process.stderr.readline()
            assert line.startswith("tilint: the page is at http://127.0.0.1:"), line
            port = int(line.split("127.0.0.1:")[1].split("/")[0])
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", "/")
            assert connection.getresponse().status == 200
            connection.close()
        finally:
            process.terminate()
            process.wait(timeout=30)
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_a_configuration_mistake_is_one_line() -> None:
    result = subprocess.run([sys.executable, "-m", "tilint", "serve", "--config", "/nonexistent/.tilint.yaml"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.startswith("tilint: error: ") and result.stderr.count("\n") == 1


def test_open_shows_the_page_in_the_default_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", opened.append)
    monkeypatch.setattr(PageServer, "serve_forever", lambda self, poll_interval=0.5: None)  # stop at once
    result = CliRunner().invoke(cli, ["serve", "--open", "--no-config"])
    assert result.exit_code == 0, result.output
    assert len(opened) == 1 and opened[0].startswith("http://127.0.0.1:")
    assert result.stderr == f"tilint: the page is at {opened[0]} (Ctrl-C to stop)\n"


def test_a_port_in_use_is_one_line() -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--no-config", "--port", str(port)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"tilint: error: cannot serve on port {port}: ")
    assert result.stderr.count("\n") == 1


def test_the_wheel_ships_the_page(wheel: Path) -> None:  # noqa: F811 - the fixture
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"tilint/serve/static/{name}" for name in ("index.html", "app.js", "app.css")} <= names
