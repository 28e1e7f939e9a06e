"""How long ``tilint lsp`` takes from a change to its diagnostics, on a note of about 2 KB.

    python benchmarks/lsp_latency.py [--changes 20]

Starts ``python -m tilint lsp`` over stdio with a pytest-lsp client, opens a Markdown note
(the first lint loads spaCy: reported as start-up), then sends changes one at a time, each
waiting for its diagnostics, and prints the median and slowest time. The server waits
``tilint.lsp.DEBOUNCE`` seconds of quiet before it lints; the figures are given with and
without that wait.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pytest_lsp import client_capabilities, make_test_lsp_client

from tilint.lsp import DEBOUNCE

PARAGRAPH = ("Met with client at the drop-in centre. Client claims she was paid for the work but her "
             "employer kept her passport. She was a prostitute before she came to the shelter, per intake. "
             "We discussed safety planning and she chose to call her sister.\n\n")


async def main(changes: int) -> None:
    note = PARAGRAPH * (2048 // len(PARAGRAPH) + 1)
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / ".git").mkdir()
        uri = (Path(folder) / "note.md").as_uri()
        client = make_test_lsp_client()
        await client.start_io(sys.executable, "-m", "tilint", "lsp")
        await client.initialize_session(types.InitializeParams(capabilities=client_capabilities("visual-studio-code")))

        async def published(version: int) -> int:
            while True:
                params = await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
                if params.version == version:
                    return len(params.diagnostics)

        began = time.perf_counter()
        waiting = asyncio.ensure_future(published(1))
        client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "markdown", 1, note)))
        found = await waiting
        print(f"note: {len(note.encode())} bytes, {found} findings; first diagnostics (start-up, spaCy loaded): "
              f"{time.perf_counter() - began:.2f} s")
        times = []
        for version in range(2, changes + 2):
            text = note + f"Follow-up {version}.\n"
            waiting = asyncio.ensure_future(published(version))
            began = time.perf_counter()
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version, uri), [types.TextDocumentContentChangeWholeDocument(text)]))
            await waiting
            times.append(time.perf_counter() - began)
        await client.shutdown_session()
    median, slowest = statistics.median(times), max(times)
    print(f"{changes} changes: median {median * 1000:.0f} ms, slowest {slowest * 1000:.0f} ms from change to diagnostics; "
          f"without the {DEBOUNCE * 1000:.0f} ms debounce: median {(median - DEBOUNCE) * 1000:.0f} ms, "
          f"slowest {(slowest - DEBOUNCE) * 1000:.0f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=20)
    asyncio.run(main(parser.parse_args().changes))
