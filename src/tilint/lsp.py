"""``tilint lsp``: a Language Server (pygls) for notes and scripts written in an editor.

Markdown, plain text, HTML and YAML documents (told by the editor's language id, else by the
file's extension) are linted as the writer types, with the rules, configuration (found from
the document's own folder, as ``tilint check`` finds it) and suppressions of ``tilint check``:

- diagnostics on open and on each change (debounced), with the rule id as code and its source
  as a link; a mistyped suppression is a warning on its line;
- hover over a flagged span: the rule's message, why, and source;
- code actions: each alternative that can stand in for the flagged words (:func:`tilint.fix.replacement`)
  as a quick fix, titled with the flagged words as they will read after it (:func:`tilint.fix.label`),
  and a suppression comment with a reason to fill in, on the line before.
- saving a configuration file (``.tilint.yaml``, ``pyproject.toml``) reads configuration and
  rules again and lints the open documents anew.

Positions: tilint counts columns in code points on lines as ``str.splitlines`` breaks them;
an editor counts UTF-16 code units (or what the client and pygls agreed) on lines broken at
``\\n``, ``\\r\\n`` and ``\\r`` only; every range is converted through the offset in the text.

The server speaks over stdio only: no network, nothing written to disk, and nothing of the
note text logged (log messages name the document and the problem, never its words).
"""

from __future__ import annotations

import asyncio
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlparse

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from tilint import __version__
from tilint.document import LineIndex
from tilint.model import Finding, Rule, Severity

# The editor's language ids tilint reads, and the format each is read as.
LANGUAGES = {"markdown": "markdown", "plaintext": "text", "text": "text", "html": "html", "yaml": "yaml"}
FORMATS = frozenset(LANGUAGES.values())
DEBOUNCE = 0.25  # seconds of quiet after a change before the document is linted again
SOURCE = "tilint"
SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}
# How a suppression comment is written, by format: (before, after) the directive.
COMMENTS = {"markdown": ("<!-- ", " -->"), "html": ("<!-- ", " -->"), "yaml": ("# ", ""), "text": ("", "")}
REASON = "reason"  # the placeholder the writer replaces with why the wording stays
_LSP_BREAK = re.compile(r"\r\n|\r|\n")  # the line breaks of the protocol
_PROBLEM = re.compile(r"line (\d+): ")


@dataclass
class Linted:
    """A document as last linted: its text and version, and what was found in it."""

    version: int | None
    text: str
    format: str
    findings: list[tuple[Finding, types.Range]]


class Positions:
    """Offsets of a text as tilint's line and column, and as protocol positions in client units."""

    def __init__(self, text: str, units: Any) -> None:
        self.text = text
        self.lines = LineIndex(text)
        self.starts = [0, *(m.end() for m in _LSP_BREAK.finditer(text))]
        self.units = units  # counts a string's client code units (UTF-16 unless agreed otherwise)

    def offset(self, line: int, column: int) -> int:
        """The offset of tilint's 1-based *line* and *column* (code points)."""
        return min(self.lines.starts[line - 1] + column - 1, len(self.text))

    def position(self, offset: int) -> types.Position:
        line = bisect_right(self.starts, offset) - 1
        return types.Position(line, self.units(self.text[self.starts[line] : offset]))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(self.position(start), self.position(end))


def document_format(document: TextDocument) -> str | None:
    """The format tilint reads *document* as, or None for a language it does not read."""
    from tilint.formats import EXTENSIONS

    if document.language_id in LANGUAGES:
        return LANGUAGES[document.language_id]
    chosen = EXTENSIONS.get(PurePosixPath(_name(document.uri)).suffix.lower())
    return chosen if chosen in FORMATS else None


class TilintServer(LanguageServer):
    """The language server; *linter* is a tilint.Linter holding the command line's settings, and
    *reload* makes a new one (configuration and rules read again) when a configuration is saved."""

    def __init__(self, linter: Any, reload: Callable[[], Any] | None = None) -> None:
        super().__init__("tilint", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.linter = linter
        self.reload = reload
        self.linted: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tilint-lint")  # one linter, one thread
        self.said: set[str] = set()  # problems already shown to the writer

    def rule(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.linter.rules() if rule.id == rule_id), None)

    def schedule(self, uri: str, delay: float) -> None:
        """Lint *uri* after *delay* seconds, unless another change comes first."""
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._lint_later(uri, delay))

    async def reload_linter(self) -> None:
        """Read configuration and rules again (a configuration file was saved), then lint every
        open document; a mistake in them is shown, and the rules read before stay in use."""
        from tilint.api import LintError

        if self.reload is None:
            return
        try:
            self.linter = await asyncio.get_running_loop().run_in_executor(self.executor, self.reload)
        except LintError as err:
            self.tell(str(err))
            return
        self.said.clear()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)

    async def _lint_later(self, uri: str, delay: float) -> None:
        await asyncio.sleep(delay)
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return
        fmt = document_format(document)
        if fmt is None:
            return
        text, version = document.source, document.version
        outcome = await asyncio.get_running_loop().run_in_executor(self.executor, self._lint, uri, text, fmt)
        current = self.workspace.text_documents.get(uri)
        if current is None or current.version != version:
            return  # changed or closed while linting: the newer text is linted in turn
        self.publish(uri, version, text, fmt, outcome)

    def _lint(self, uri: str, text: str, fmt: str) -> Any:
        """Lint *text* as tilint check lints the file at *uri* (its folder's configuration): the
        linter's Checked, None where the configuration excludes the file, or a problem to tell."""
        from tilint.api import LintError

        path = Path(to_fs_path(uri)) if uri.startswith("file:") else None
        try:
            return self.linter.lint_document(text, path=path, name=_name(uri) or "untitled", format=fmt)
        except LintError as err:
            return str(err)

    def publish(self, uri: str, version: int | None, text: str, fmt: str, outcome: Any) -> None:
        positions = Positions(text, self.workspace.position_codec.client_num_units)
        findings: list[tuple[Finding, types.Range]] = []
        diagnostics: list[types.Diagnostic] = []
        if isinstance(outcome, str):
            self.tell(outcome)
        elif outcome is not None:
            for finding in outcome.findings:
                where = positions.range(positions.offset(finding.line, finding.column),
                                        positions.offset(finding.end_line, finding.end_column))
                findings.append((finding, where))
                diagnostics.append(self.diagnostic(finding, where))
            diagnostics.extend(self.problem(problem, positions) for problem in outcome.problems)
        self.linted[uri] = Linted(version, text, fmt, findings)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, diagnostics, version))

    def diagnostic(self, finding: Finding, where: types.Range) -> types.Diagnostic:
        rule = self.rule(finding.rule)
        url = rule.source.url if rule is not None else ""
        return types.Diagnostic(
            where, finding.message, SEVERITIES[finding.severity], finding.rule,
            types.CodeDescription(url) if url else None, SOURCE,
        )

    @staticmethod
    def problem(problem: str, positions: Positions) -> types.Diagnostic:
        """A mistyped suppression (``line 3: unknown directive ...``), shown on its line."""
        found = _PROBLEM.match(problem)
        line = int(found.group(1)) if found else 1
        start = positions.offset(line, 1)
        end = start + len(positions.lines.line_text(line)) if line <= len(positions.lines.starts) else start
        message = problem[found.end() :] if found else problem
        return types.Diagnostic(positions.range(start, end), message, types.DiagnosticSeverity.Warning,
                                "suppression", source=SOURCE)

    def tell(self, message: str) -> None:
        """Show a problem (a configuration mistake, an unreadable document) once."""
        if message not in self.said:
            self.said.add(message)
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"tilint: {message}"))

    def at(self, uri: str, where: types.Range) -> tuple[Linted | None, list[tuple[Finding, types.Range]]]:
        """The document as linted, and its findings that *where* touches, if it is still current."""
        linted, document = self.linted.get(uri), self.workspace.text_documents.get(uri)
        if linted is None or document is None or linted.text != document.source:
            return None, []
        key = _key
        return linted, [(f, r) for f, r in linted.findings
                        if key(r.start) <= key(where.end) and key(where.start) <= key(r.end)]

    def hover_text(self, finding: Finding) -> str:
        rule = self.rule(finding.rule)
        parts = [f"**{finding.rule}** {finding.name} ({finding.category}, {finding.severity.label})", finding.message]
        if rule is not None:
            parts.append(f"*Why:* {rule.why}")
            if finding.suggestions:
                parts.append("*Instead:* " + "; ".join(finding.suggestions))
            title = rule.source.title
            parts.append(f"*Source:* [{title}]({rule.source.url})" if rule.source.url else f"*Source:* {title}")
        return "\n\n".join(parts)

    def actions(self, uri: str, linted: Linted, hits: Sequence[tuple[Finding, types.Range]]) -> list[types.CodeAction]:
        from tilint.fix import label, replacement

        positions = Positions(linted.text, self.workspace.position_codec.client_num_units)
        actions: list[types.CodeAction] = []
        for finding, where in hits:
            diagnostic = self.diagnostic(finding, where)
            start = positions.offset(finding.line, finding.column)
            end = positions.offset(finding.end_line, finding.end_column)
            for alternative in finding.suggestions:
                edit = replacement(finding, alternative, linted.text, start, end)
                if edit is not None:
                    # the reported words as they will read, not only the words the edit rewrites
                    title = f"Replace with '{label(start, end, edit, alternative, linted.text)}'"
                    actions.append(_action(title, uri, linted.version,
                                           positions.range(edit.start, edit.end), edit.text, diagnostic, preferred=not actions))
            line_start = positions.lines.starts[finding.line - 1]
            indent = re.match(r"[ \t]*", linted.text[line_start:]).group() if linted.format == "yaml" else ""
            opener, closer = COMMENTS[linted.format]
            newline = "\r\n" if "\r\n" in linted.text else "\n"
            comment = f"{indent}{opener}tilint: disable-next-line={finding.rule} -- {REASON}{closer}{newline}"
            actions.append(_action(f"Suppress {finding.rule} on this line (give the reason)", uri, linted.version,
                                   positions.range(line_start, line_start), comment, diagnostic))
        return actions


def _name(uri: str) -> str:
    """The file name at the end of *uri* (``untitled:Untitled-1`` gives ``Untitled-1``)."""
    return PurePosixPath(unquote(urlparse(uri).path)).name


def _key(position: types.Position) -> tuple[int, int]:
    return position.line, position.character


def _action(title: str, uri: str, version: int | None, where: types.Range, text: str,
            diagnostic: types.Diagnostic, preferred: bool = False) -> types.CodeAction:
    edit = types.TextEdit(where, text)
    if version is None:
        change = types.WorkspaceEdit(changes={uri: [edit]})
    else:
        change = types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
            types.OptionalVersionedTextDocumentIdentifier(uri, version), [edit])])
    return types.CodeAction(title, types.CodeActionKind.QuickFix, [diagnostic], is_preferred=preferred or None, edit=change)


def make_server(linter: Any, reload: Callable[[], Any] | None = None) -> TilintServer:
    """The server with its features registered, around *linter* (a tilint.Linter); *reload*
    makes a new one when a configuration file is saved."""
    server = TilintServer(linter, reload)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: TilintServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: TilintServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, DEBOUNCE)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: TilintServer, params: types.DidSaveTextDocumentParams) -> None:
        from tilint.config import CONFIG_NAMES

        if _name(params.text_document.uri) in CONFIG_NAMES:
            await ls.reload_linter()

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: TilintServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.linted.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, []))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: TilintServer, params: types.HoverParams) -> types.Hover | None:
        point = types.Range(params.position, params.position)
        _, hits = ls.at(params.text_document.uri, point)
        if not hits:
            return None
        text = "\n\n---\n\n".join(ls.hover_text(finding) for finding, _ in hits)
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, text), hits[0][1])

    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
    )
    def code_action(ls: TilintServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        linted, hits = ls.at(params.text_document.uri, params.range)
        if linted is None or not hits:
            return None
        return ls.actions(params.text_document.uri, linted, hits)

    return server


def serve(*, config: Any = None, select: Iterable[str] = (), ignore: Iterable[str] = (),
          rules: Iterable[str] = (), no_builtin: bool = False) -> None:
    """Run the server over stdio until the editor ends it. Setup mistakes raise tilint.api.LintError."""
    from tilint.api import Linter

    def make_linter() -> Linter:
        return Linter(config=config, select=select, ignore=ignore, rules=rules, no_builtin=no_builtin)

    make_server(make_linter(), make_linter).start_io()
