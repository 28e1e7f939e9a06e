"""YAML and JSON form templates: string values are linted at their true place in the file."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tilint.runner import Linter

from tests.format_helpers import FIXTURES, built_in, check, phrase_findings


def source_at(path: Path, line: int, column: int, end_column: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[line - 1][column - 1 : end_column - 1]


def lint(linter: Linter, text: str, name: str = "form.yaml") -> list[tuple[str, int, int, int, int]]:
    return [(f.rule, f.line, f.column, f.end_line, f.end_column) for f in linter.lint_text(text, name) if f.match]


def test_yaml_intake_form_findings_and_their_places() -> None:
    form = FIXTURES / "intake-form.yaml"
    code, report = check(form)
    assert code == 1 and report["errors"] == []
    expected = [
        ("TI301", 19, 17, 19, 42, "Why didn\\u2019t you leave"),  # double quotes, an escaped apostrophe
        ("TI402", 22, 66, 22, 72, "claims"),  # single quotes, after an escaped ''
        ("TI410", 23, 11, 23, 17, '"sold"'),  # the harm in quotation marks, on the continued line
        ("TI602", 31, 13, 31, 20, "refused"),  # a plain list item
        ("TI601", 32, 14, 32, 27, "non-compliant"),
        ("TI701", 37, 11, 37, 19, "You must"),  # a literal block
        ("TI201", 40, 53, 40, 75, "What is wrong with you"),  # the value of a key that is itself flagged text
    ]
    assert phrase_findings(report) == [row[:5] for row in expected]
    for rule, line, column, _, end_column, words in expected:
        assert source_at(form, line, column, end_column) == words, rule
    # Not read: comments (lines 1-2), keys ("my victims" on line 40), numbers and booleans.


def test_json_intake_form_findings_and_their_places() -> None:
    form = FIXTURES / "intake-form.json"
    code, report = check(form)
    assert code == 1 and report["errors"] == []
    expected = [
        ("TI301", 10, 34, 10, 59, "Why didn\\u2019t you leave"),
        ("TI402", 11, 43, 11, 49, "claims"),
        ("TI410", 11, 58, 11, 66, '\\"sold\\"'),  # the escaped quotation marks are part of the place
        ("TI602", 12, 68, 12, 75, "refused"),
        ("TI601", 12, 88, 12, 101, "non-compliant"),
        ("TI701", 18, 31, 18, 39, "You must"),
        ("TI201", 18, 73, 18, 95, "What is wrong with you"),  # after a \t escape in the same value
    ]
    assert phrase_findings(report) == [row[:5] for row in expected]
    for rule, line, column, _, end_column, words in expected:
        assert source_at(form, line, column, end_column) == words, rule
    # The key "my victims" (line 22) is not read.


def test_keys_and_other_scalars_are_left_out(linter: Linter) -> None:
    text = "my victims: 3\nour girls: true\nlist:\n  - my victims: null\n? [my victims]\n: 1\nnote: Met my victims.\n"
    assert lint(linter, text) == [("TI101", 7, 11, 7, 13)]  # "my"
    assert lint(linter, '{"my victims": 1, "a": ["our girls", 2]}', "form.json") == [("TI102", 1, 26, 1, 35)]


def test_each_value_is_a_text_of_its_own(linter: Linter) -> None:
    assert lint(linter, "a: met my\nb: victims today\n") == []
    assert lint(linter, "[met my, victims today]\n") == []
    assert lint(linter, '{"a": "met my", "b": "victims"}', "form.json") == []


def test_quoting_styles_and_escapes_keep_true_columns(linter: Linter) -> None:
    assert lint(linter, "q: 'Why didn''t you leave?'\n") == [("TI301", 1, 5, 1, 26)]
    # phrases reported whole ("my victims" reports only "my"), the space between them escaped
    assert lint(linter, 'q: "Met our\\u0020girls; our\\tgirls"\n') == [("TI102", 1, 9, 1, 23), ("TI102", 1, 25, 1, 35)]
    assert lint(linter, 'q: "Met our \\\n    girls"\n') == [("TI102", 1, 9, 2, 10)]
    assert lint(linter, '{"q": "Why didn\\u2019t you leave?"}', "form.json") == [("TI301", 1, 8, 1, 33)]


def test_block_and_multi_line_scalars_skip_indentation(linter: Linter) -> None:
    text = "help: |\r\n  First line.\r\n  Met our\r\n    girls.\r\nnote: >-\r\n  Client\r\n  claims\r\nplain: Met our\r\n  girls\r\n"
    assert lint(linter, text) == [("TI102", 3, 7, 4, 10), ("TI402", 7, 3, 7, 9), ("TI102", 8, 12, 9, 8)]


def test_several_documents(linter: Linter) -> None:
    assert lint(linter, "a: fine\n---\nb: my victims\n...\n---\n- our girls\n") == [
        ("TI101", 3, 4, 3, 6), ("TI102", 6, 3, 6, 12),
    ]


def test_aliases_are_not_expanded(linter: Linter) -> None:
    lines = ['base: &a0 ["Met my victims.", "fine"]']
    lines += [f"l{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 30)]  # 9**29 if expanded
    started = time.perf_counter()
    assert lint(linter, "\n".join(lines)) == [("TI101", 1, 17, 1, 19)]
    assert time.perf_counter() - started < 10


def test_invalid_files_are_one_line_errors_and_the_next_file_is_still_linted(tmp_path: Path) -> None:
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text('title: Intake\nlabel: "never closed\n', encoding="utf-8")
    bad_json = tmp_path / "bad.json"
    bad_json.write_text('{\n  "label": "Met my victims",\n}\n', encoding="utf-8")
    tabs = tmp_path / "tabs.yaml"
    tabs.write_text("questions:\n\t- Met my victims\n", encoding="utf-8")
    good = tmp_path / "good.yaml"
    good.write_text("label: Met my victims.\n", encoding="utf-8")
    code, report = check(bad_yaml, bad_json, tabs, good)
    assert code == 2
    assert report["errors"] == [
        {"path": str(bad_yaml), "message": "invalid YAML: found unexpected end of stream (line 3, column 1)"},
        {"path": str(bad_json), "message": "invalid JSON: Expecting property name enclosed in double quotes (line 3, column 1)"},
        {"path": str(tabs), "message": "invalid YAML: found character '\\t' that cannot start any token (line 2, column 1)"},
    ]
    assert phrase_findings(report) == [("TI101", 1, 12, 1, 14)]  # "my"
    assert all(f["path"] == str(good) for f in report["findings"])


WORDS = ["client", "met", "staff", "at", "court", "today", "and", "talked", "with", "Monday", "in", "person"]
# How the space between "our" and "girls" is written in each style (indentation follows line breaks); a phrase
# reported whole ("my victims" reports only "my"). Not "court" after it: "girls court" names a court.
AFTER = [w for w in WORDS if w != "court"]
YAML_SPACES = {
    "plain": [" ", "\n  "],
    "single": [" ", "\n  ", "\n    "],
    "double": [" ", "\\u0020", "\\x20", "\\t", "\\n", "\\_", " \\\n  ", "\n  "],  # "\\\n" alone joins words
    "literal": [" ", "\n  "],
    "folded": [" ", "\n  "],
}
TEMPLATES = {
    "plain": "label: {}\n",
    "single": "label: '{}'\n",
    "double": 'label: "{}"\n',
    "literal": "label: |\n  {}\n",
    "folded": "label: >-\n  {}\n",
}
SEPARATOR = re.compile(r"(?:\s|\\u0020|\\x20|\\t|\\n|\\_|\\(?=[\r\n]))+")


def place(text: str, line: int, column: int, end_line: int, end_column: int) -> str:
    lines = text.split("\n")
    if line == end_line:
        return lines[line - 1][column - 1 : end_column - 1]
    middle = lines[line : end_line - 1]
    return "\n".join([lines[line - 1][column - 1 :], *middle, lines[end_line - 1][: end_column - 1]])


@st.composite
def forms(draw: st.DrawFn) -> tuple[str, str]:
    style = draw(st.sampled_from(sorted(TEMPLATES)))
    space = draw(st.sampled_from(YAML_SPACES[style]))
    words = [*draw(st.lists(st.sampled_from(WORDS), max_size=5)), "our" + space + "girls"]
    words += draw(st.lists(st.sampled_from(AFTER), max_size=5))
    lead = draw(st.sampled_from(["", "# intake form\n", "id: 7\nsections:\n  - a\n", "---\n"]))
    return style, lead + TEMPLATES[style].format(" ".join(words))


@settings(max_examples=80, deadline=None)
@given(forms())
def test_yaml_findings_point_at_the_words_in_the_source(form: tuple[str, str]) -> None:
    _, text = form
    (finding,) = [f for f in built_in().lint_text(text, "form.yaml") if f.rule == "TI102"]
    source = place(text, finding.line, finding.column, finding.end_line, finding.end_column)
    assert source.startswith("our") and source.endswith("girls")
    assert SEPARATOR.fullmatch(source[3:-5])


JSON_SPACES = [" ", "\\u0020", "\\t", "\\n", "\\r\\n", "  "]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=5),
    st.sampled_from(JSON_SPACES),
    st.lists(st.sampled_from(AFTER), max_size=5),
    st.sampled_from(['{{"label": "{}"}}', '[1, "x", "{}"]', '{{\n\t"form": {{\n\t\t"help": "{}"\n\t}}\n}}', '"{}"']),
)
def test_json_findings_point_at_the_words_in_the_source(
    before: list[str], space: str, after: list[str], template: str
) -> None:
    text = template.format(" ".join([*before, "our" + space + "girls", *after]))
    assert json.loads(text)
    (finding,) = [f for f in built_in().lint_text(text, "form.json") if f.rule == "TI102"]
    source = place(text, finding.line, finding.column, finding.end_line, finding.end_column)
    assert json.loads(f'"{source}"').split() == ["our", "girls"]
