"""``tilint lsp`` end to end: a real LSP client (pytest-lsp) starts ``python -m tilint lsp`` over
stdio, opens and edits documents, and checks what an editor would show."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tilint.api import Linter

# Line 3 has an emoji (two UTF-16 code units, one code point) before "prostitute": at code
# point 24 on its line, at UTF-16 unit 25.
NOTE = "# Intake note\n\nMet at the shelter today.\n\U0001F600 Client said she was a prostitute before.\n"
FLAGGED = types.Range(types.Position(3, 25), types.Position(3, 35))
WAIT = 120  # seconds: the first lint loads spaCy


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "tilint", "lsp"]))
async def client(lsp_client: LanguageClient):
    await lsp_client.initialize_session(
        types.InitializeParams(capabilities=client_capabilities("visual-studio-code"))
    )
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # the configuration search stops here
    return tmp_path


async def diagnostics_for(client: LanguageClient, uri: str, version: int) -> list[types.Diagnostic]:
    """The diagnostics the server publishes for *version* of the document at *uri*."""
    async def published() -> list[types.Diagnostic]:
        while True:
            params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
            if params.uri == uri and params.version == version:
                return list(params.diagnostics)

    return await asyncio.wait_for(published(), WAIT)


async def open_document(client: LanguageClient, path: Path, text: str, language: str = "markdown") -> list[types.Diagnostic]:
    path.write_text("", encoding="utf-8")  # the editor's buffer, not the file, is linted
    uri = path.as_uri()
    waiting = asyncio.ensure_future(diagnostics_for(client, uri, 1))
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, language, 1, text)))
    return await waiting


async def change_document(client: LanguageClient, uri: str, version: int, text: str) -> list[types.Diagnostic]:
    waiting = asyncio.ensure_future(diagnostics_for(client, uri, version))
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        types.VersionedTextDocumentIdentifier(version, uri),
        [types.TextDocumentContentChangeWholeDocument(text)],
    ))
    return await waiting


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """*text* with *edits* applied as an editor applies them (positions in UTF-16 code units)."""
    lines = text.split("\n")

    def offset(position: types.Position) -> int:
        line = lines[position.line].encode("utf-16-le")[: position.character * 2].decode("utf-16-le")
        return sum(len(part) + 1 for part in lines[: position.line]) + len(line)

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def edits_of(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    assert action.edit is not None
    if action.edit.document_changes:
        return [e for change in action.edit.document_changes if change.text_document.uri == uri for e in change.edits]
    return list(action.edit.changes[uri])


async def code_actions(client: LanguageClient, uri: str, where: types.Range) -> list[types.CodeAction]:
    found = await client.text_document_code_action_async(types.CodeActionParams(
        types.TextDocumentIdentifier(uri), where, types.CodeActionContext(diagnostics=[]),
    ))
    return [a for a in found or [] if isinstance(a, types.CodeAction)]


@pytest.mark.asyncio
async def test_diagnostics_in_utf16_positions_and_updated_on_change(client: LanguageClient, folder: Path):
    uri = (folder / "note.md").as_uri()
    found = await open_document(client, folder / "note.md", NOTE)
    assert [(d.code, d.range) for d in found] == [("TI501", FLAGGED)]
    diagnostic = found[0]
    assert diagnostic.source == "tilint"
    assert diagnostic.severity == types.DiagnosticSeverity.Warning  # TI501 is a warning, as tilint check says
    assert "prostitute" in diagnostic.message
    rule = {r.id: r for r in Linter(config=False).rules()}["TI501"]
    assert diagnostic.code_description is not None and diagnostic.code_description.href == rule.source.url

    found = await change_document(client, uri, 2, "Client claims she was paid.\n")
    assert [(d.code, d.range) for d in found] == [("TI402", types.Range(types.Position(0, 7), types.Position(0, 13)))]

    found = await change_document(client, uri, 3, "Client reported she was paid.\n")
    assert found == []
    said = [m.message for m in [*client.log_messages, *client.messages]]
    assert not any("prostitute" in m or "claims" in m for m in said)  # no note text in the server's messages


@pytest.mark.asyncio
async def test_hover_shows_message_why_and_source(client: LanguageClient, folder: Path):
    uri = (folder / "note.md").as_uri()
    await open_document(client, folder / "note.md", NOTE)
    hover = await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(3, 27)))
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    rule = {r.id: r for r in Linter(config=False).rules()}["TI501"]
    text = hover.contents.value
    assert "TI501" in text and '"prostitute" defines the person' in text
    assert rule.why.split()[0] in text and " ".join(rule.why.split()) in " ".join(text.split())
    assert rule.source.title in text and rule.source.url in text
    assert hover.range == FLAGGED
    elsewhere = await client.text_document_hover_async(types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(3, 5)))
    assert elsewhere is None


@pytest.mark.asyncio
async def test_quick_fix_replaces_exactly_the_flagged_words(client: LanguageClient, folder: Path):
    uri = (folder / "note.md").as_uri()
    await open_document(client, folder / "note.md", NOTE)
    actions = await code_actions(client, uri, FLAGGED)
    titles = [a.title for a in actions]
    # the two alternatives that can stand in for "prostitute"; "the client's own term ..." is advice
    assert titles[:2] == ["Replace with 'person in the sex trade'", "Replace with 'person who experienced sex trafficking'"]
    assert not any("own term" in title for title in titles)
    assert all(a.kind == types.CodeActionKind.QuickFix for a in actions)
    revised = apply(NOTE, edits_of(actions[0], uri))
    assert revised == NOTE.replace("a prostitute before", "a person in the sex trade before")
    assert await change_document(client, uri, 2, revised) == []


@pytest.mark.asyncio
async def test_quick_fix_title_shows_the_flagged_words_as_they_will_read(client: LanguageClient, folder: Path):
    # the edit rewrites only the words that change ("Why didn't you" -> "What made it hard to"),
    # but the title names the whole question as it will read, not a fragment of it
    text = "# Script\n\nAsk: Why didn't you leave?\n"
    uri = (folder / "script.md").as_uri()
    found = await open_document(client, folder / "script.md", text)
    question = next(d for d in found if d.code == "TI301")
    actions = await code_actions(client, uri, question.range)
    titles = [a.title for a in actions]
    assert "Replace with 'What made it hard to leave?'" in titles
    assert "Replace with 'What made it hard to'" not in titles
    chosen = actions[titles.index("Replace with 'What made it hard to leave?'")]
    assert apply(text, edits_of(chosen, uri)) == "# Script\n\nAsk: What made it hard to leave?\n"


@pytest.mark.asyncio
async def test_suppression_action_silences_the_finding(client: LanguageClient, folder: Path):
    uri = (folder / "note.md").as_uri()
    await open_document(client, folder / "note.md", NOTE)
    actions = await code_actions(client, uri, types.Range(types.Position(3, 30), types.Position(3, 30)))
    suppress = [a for a in actions if a.title.startswith("Suppress")]
    assert len(suppress) == 1
    revised = apply(NOTE, edits_of(suppress[0], uri))
    lines = NOTE.split("\n")
    assert revised.split("\n") == [*lines[:3], "<!-- tilint: disable-next-line=TI501 -- reason -->", *lines[3:]]
    assert await change_document(client, uri, 2, revised) == []


@pytest.mark.asyncio
@pytest.mark.parametrize(("name", "language", "text", "comment"), [
    ("handout.yaml", "yaml", "questions:\n  - \U0001F600 Was she a prostitute?\n",
     "  # tilint: disable-next-line=TI501 -- reason"),
    ("note.txt", "plaintext", "\U0001F600 She was a prostitute.\n", "tilint: disable-next-line=TI501 -- reason"),
    ("page.html", "html", "<p>\U0001F600 She was a prostitute.</p>\n", "<!-- tilint: disable-next-line=TI501 -- reason -->"),
])
async def test_other_formats_and_their_suppression_comments(client: LanguageClient, folder: Path, name: str,
                                                            language: str, text: str, comment: str):
    uri = (folder / name).as_uri()
    found = await open_document(client, folder / name, text, language)
    assert [d.code for d in found] == ["TI501"]
    line = found[0].range.start.line
    flagged = text.split("\n")[line]
    prefix = flagged[: flagged.index("prostitute")]
    assert found[0].range.start.character == len(prefix.encode("utf-16-le")) // 2
    actions = await code_actions(client, uri, found[0].range)
    suppress = [a for a in actions if a.title.startswith("Suppress")]
    revised = apply(text, edits_of(suppress[0], uri))
    assert revised.split("\n")[line] == comment
    assert await change_document(client, uri, 2, revised) == []


@pytest.mark.asyncio
async def test_configuration_found_from_the_documents_folder(client: LanguageClient, folder: Path):
    (folder / ".tilint.yaml").write_text("rules:\n  TI501: off\n", encoding="utf-8")
    text = NOTE + "Client claims she was paid.\n"
    found = await open_document(client, folder / "note.md", text)
    assert [d.code for d in found] == ["TI402"]  # TI501 is off in this folder, as tilint check would say


@pytest.mark.asyncio
async def test_mistyped_suppression_is_shown_on_its_line(client: LanguageClient, folder: Path):
    text = "<!-- tilint: disable-lines=TI501 -- typo -->\nShe was a prostitute.\n"
    found = await open_document(client, folder / "note.md", text)
    assert sorted((d.code, d.range.start.line) for d in found) == [("TI501", 1), ("suppression", 0)]


def test_without_pygls_the_command_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch):
    from click.testing import CliRunner

    from tilint.cli import cli

    monkeypatch.delitem(sys.modules, "tilint.lsp", raising=False)
    monkeypatch.setitem(sys.modules, "pygls", None)  # as if pygls were not installed
    monkeypatch.setitem(sys.modules, "pygls.lsp.server", None)
    result = CliRunner().invoke(cli, ["lsp"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == ['tilint: error: tilint lsp needs pygls, the language server library: '
                                                  'pip install "tilint[lsp]"']


@pytest.mark.asyncio
async def test_saving_a_configuration_relints_the_open_documents(client: LanguageClient, folder: Path):
    note = folder / "note.md"
    assert [d.code for d in await open_document(client, note, NOTE)] == ["TI501"]
    config = folder / ".tilint.yaml"
    config.write_text("rules:\n  TI501: off\n", encoding="utf-8")
    waiting = asyncio.ensure_future(diagnostics_for(client, note.as_uri(), 1))
    client.text_document_did_save(types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(config.as_uri())))
    assert await waiting == []


@pytest.mark.asyncio
async def test_an_unknown_language_id_is_read_by_the_files_extension(client: LanguageClient, folder: Path):
    text = "<!-- She was a prostitute. -->\nShe was a prostitute.\n"  # Markdown leaves the comment out
    found = await open_document(client, folder / "note.md", text, "markdown-notes")
    assert [(d.code, d.range.start.line) for d in found] == [("TI501", 1)]


def test_a_missing_configuration_file_is_one_line_and_status_2(tmp_path: Path):
    import subprocess

    done = subprocess.run([sys.executable, "-m", "tilint", "lsp", "--config", str(tmp_path / "none.yaml")],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and done.stdout == ""  # stdout is the protocol's: nothing else on it
    assert done.stderr.splitlines() == [f"tilint: error: {tmp_path / 'none.yaml'}: no such file"]
