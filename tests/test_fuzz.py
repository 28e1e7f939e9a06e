"""Fuzzing the whole engine with the built-in rules, in plain text and Markdown: no exception
escapes, every finding lies inside the document, and the source text at its place is its match."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tilint.document import LineIndex
from tilint.runner import Linter

PIECES = [
    "Met two of my victims", "Client claims", "Why didn't you leave?", "what's wrong with you", "our girls",
    "refused services", "non-compliant", "The 14-year-old", "engaged in prostitution", "victim advocate",
    " ", "\t", "\n", "\r\n", "\n\n", "\u00a0", '"', "'", "“", "”", "’", "**", "`", "```", "<!--", "-->",
    "[link](http://x/my-victims)", "> ", "# ", "- ", "tilint: disable-next-line=TI101 -- why", "Ask: ",
    "café", "😀", "第一", "e\u0301", "\x00", "\ufeff",
]
DOCUMENTS = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(DOCUMENTS, st.sampled_from(["note.txt", "note.md", "intake-script.md"]))
def test_every_finding_points_at_its_match(linter: Linter, text: str, name: str) -> None:
    findings = linter.lint_text(text, name)
    index = LineIndex(text)
    last_line = len(index.starts)
    for f in findings:
        assert 1 <= f.line <= f.end_line <= last_line
        assert 0 <= f.start <= f.end <= len(text)
        assert text[f.start : f.end] == f.match
        assert index.line_col(f.start) == (f.line, f.column)
        if f.match:
            assert index.line_col(f.end) == (f.end_line, f.end_column)
            assert f.match.strip() == f.match, "a match neither starts nor ends with a space"
