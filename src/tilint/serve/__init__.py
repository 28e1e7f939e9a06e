"""``tilint serve``: a small page on this computer where a case manager types or pastes a note
and sees findings as they write.

Offline and confidential by construction: the page's HTML, CSS and JavaScript come from this
package, a Content-Security-Policy forbids loading anything from elsewhere, the server listens
on 127.0.0.1 only, keeps nothing (no file written, no note text logged), and answers only
requests whose Host (and Origin, when sent) is the address it serves, so that another web page
open in the browser cannot read notes through it (cross-site requests, DNS rebinding).
"""

from __future__ import annotations

import json
import threading
import warnings
from functools import lru_cache
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from typing import Any

from tilint.api import Linter
from tilint.fix import label, replacement
from tilint.model import Finding, Rule, Severity

MAX_BODY = 1_000_000  # bytes of a POST body: far more than any note, far less than a nuisance
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
}
STATIC = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/app.css": ("app.css", "text/css; charset=utf-8"),
}


@lru_cache(maxsize=None)
def _static(name: str) -> bytes:
    """The page's file *name*, read once per process (the package's files do not change under it)."""
    return files(__package__).joinpath("static", name).read_bytes()


WARM_UP = "Client claims she was not forced to stay. Why didn't you leave?"


class Page:
    """What the page's server knows: a Linter (rules loaded once) and its rules by id."""

    def __init__(self, linter: Linter) -> None:
        self.linter = linter
        self.rules: dict[str, Rule] = {rule.id: rule for rule in linter.rules()}
        self._lock = threading.Lock()  # one text at a time through spaCy

    def meta(self) -> dict[str, Any]:
        """The categories and severities the page offers as a filter and a legend."""
        return {
            "categories": sorted({rule.category for rule in self.rules.values()}),
            "severities": [severity.label for severity in sorted(Severity, reverse=True)],
        }

    def lint(self, text: str) -> dict[str, Any]:
        """The findings in *text* as the page shows them; offsets count characters (code points)."""
        with self._lock, warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            findings = self.linter.lint_text(text)
        return {
            "findings": [self._finding(finding, text) for finding in findings],
            "notes": [str(warning.message).removeprefix("-: ") for warning in caught],
        }

    def _finding(self, finding: Finding, text: str) -> dict[str, Any]:
        rule = self.rules.get(finding.rule)
        alternatives = []
        for alternative in finding.suggestions:
            edit = replacement(finding, alternative, text, finding.start, finding.end)
            item: dict[str, Any] = {"text": alternative, "kind": "replacement" if edit else "advice"}
            if edit is not None:
                item.update({"start": edit.start, "end": edit.end, "with": edit.text, "label": label(finding.start, finding.end, edit, alternative, text)})
            alternatives.append(item)
        return {
            "rule": finding.rule, "name": finding.name, "category": finding.category,
            "severity": finding.severity.label, "message": finding.message, "why": rule.why if rule else "",
            "line": finding.line, "column": finding.column, "end_line": finding.end_line,
            "end_column": finding.end_column, "start": finding.start, "end": finding.end, "match": finding.match,
            "alternatives": alternatives,
        }


class Handler(BaseHTTPRequestHandler):
    """Serves the page and answers POST /api/lint; refuses requests from anywhere else."""

    server: PageServer
    server_version = "tilint"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out at once, not 40 ms apart (delayed ACK)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        """Nothing is logged: a request line or an error could carry words of a note."""

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if not self._allowed():
            return
        path = self.path.split("?", 1)[0]
        if path == "/api/meta":
            self._send_json(HTTPStatus.OK, self.server.page.meta())
        elif path in STATIC:
            name, kind = STATIC[path]
            self._send(HTTPStatus.OK, _static(name), kind)
        else:
            self._send_json(HTTPStatus.NOT_FOUND, {"error": "nothing here"})

    def do_POST(self) -> None:  # noqa: N802
        if not self._allowed():
            return
        if self.path != "/api/lint":
            self._send_json(HTTPStatus.NOT_FOUND, {"error": "nothing here"})
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._send_json(HTTPStatus.LENGTH_REQUIRED, {"error": "the request needs a Content-Length"})
            return
        if length > MAX_BODY or length < 0:
            self.close_connection = True  # the body is not read
            self._send_json(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": "that note is too long for this page (over 1 MB)"})
            return
        if self.headers.get_content_type() != "application/json":
            self.close_connection = True
            self._send_json(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, {"error": "send the note as JSON"})
            return
        try:
            request = json.loads(self.rfile.read(length).decode("utf-8"))
            text = request["text"]
            if not isinstance(text, str):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            self._send_json(HTTPStatus.BAD_REQUEST, {"error": 'send {"text": "the note"}'})
            return
        self._send_json(HTTPStatus.OK, self.server.page.lint(text))

    def _allowed(self) -> bool:
        """Only requests addressed to this server by its own name, from its own page."""
        port = self.server.server_address[1]
        host = self.headers.get("Host", "")
        origin = self.headers.get("Origin")
        if host not in (f"127.0.0.1:{port}", f"localhost:{port}") or (origin is not None and origin != f"http://{host}"):
            self.close_connection = True
            self._send_json(HTTPStatus.FORBIDDEN, {"error": "this page answers only itself, at its own address"})
            return False
        return True

    def end_headers(self) -> None:
        """Every answer, http.server's own errors included, forbids loading from elsewhere."""
        for name, value in HEADERS.items():
            self.send_header(name, value)
        super().end_headers()

    def _send_json(self, status: HTTPStatus, value: object) -> None:
        self._send(status, json.dumps(value, ensure_ascii=False).encode("utf-8"), "application/json")

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class PageServer(ThreadingHTTPServer):
    """The page's server, bound to 127.0.0.1 (port 0: a free one)."""

    daemon_threads = True

    def __init__(self, page: Page, port: int = 0) -> None:
        self.page = page
        super().__init__(("127.0.0.1", port), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Say nothing: the default prints a traceback, whose locals could hold a note."""


def make_server(linter: Linter, port: int = 0) -> PageServer:
    """A server for the page, its linter warmed up (spaCy loaded) so that the first note is quick."""
    page = Page(linter)
    page.lint(WARM_UP)
    return PageServer(page, port)
