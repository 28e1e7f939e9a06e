"""HTML pages: what a reader sees is linted, at its true line and column in the file."""

from __future__ import annotations

import html
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tilint.document import TextView
from tilint.formats import Input
from tilint.formats.html import read_html
from tilint.runner import Linter

from tests.format_helpers import FIXTURES, built_in, check, phrase_findings


def source_at(path: Path, line: int, column: int, end_column: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[line - 1][column - 1 : end_column - 1]


def test_intake_page_findings_and_their_places() -> None:
    page = FIXTURES / "intake-page.html"
    code, report = check(page)
    assert code == 1
    assert report["errors"] == []
    expected = [
        ("TI102", 5, 53, 5, 62, "our girls"),  # <title>: shown in the browser tab
        ("TI301", 25, 4, 25, 30, "Why didn&rsquo;t you leave"),  # a reference read as an apostrophe
        ("TI402", 28, 11, 28, 17, "claims"),  # the verb only: "Client says" can be pasted
        ("TI602", 39, 27, 39, 34, "refused"),  # a table cell; the verb only, "declined" replaces it
        ("TI701", 44, 19, 44, 27, "You must"),  # a form label
        ("TI201", 45, 31, 45, 53, "What is wrong with you"),  # placeholder attribute
        ("TI102", 46, 42, 46, 56, "our&nbsp;girls"),  # alt attribute, no-break space
        ("TI601", 55, 8, 55, 30, "was non-compliant with"),  # in a <p> never closed
    ]
    assert phrase_findings(report) == [row[:5] for row in expected]
    for rule, line, column, _, end_column, words in expected:
        assert source_at(page, line, column, end_column) == words, rule
    assert all(f.get("location", "") == "" for f in report["findings"])
    # Left out: <meta> content, <style>, <script>, a comment, <blockquote>, <q>, <template>,
    # and "Keep my" / "victims of ..." in two separate list items.
    lines = {f["line"] for f in report["findings"] if f["match"]}
    assert not lines & {6, 8, 12, 13, 18, 30, 31, 33, 34, 49, 52, 53}


def lint(linter: Linter, text: str) -> list[tuple[str, int, int, int]]:
    return [(f.rule, f.line, f.column, f.end_column) for f in linter.lint_text(text, "page.html") if f.match]


def test_blocks_separate_texts_and_inline_elements_do_not(linter: Linter) -> None:
    assert lint(linter, "<p>met my</p><p>victims today</p>") == []
    assert lint(linter, "<td>my</td><td>victims</td>") == []
    assert lint(linter, "<label>my</label><input><label>victims</label>") == []
    assert lint(linter, "<p>met our <b>girls</b> today</p>") == [("TI102", 1, 8, 20)]
    assert lint(linter, "<p>met our<!-- note --> girls today</p>") == [("TI102", 1, 8, 30)]


def test_hidden_content_and_other_attributes_are_left_out(linter: Linter) -> None:
    page = (
        "<head><title>Intake</title><meta name='keywords' content='my victims'>"
        "<script>var a = 'my victims';</script><style>.my-victims{}</style></head>"
        "<body><template>my victims</template><a href='/my victims' data-x='my victims'>link</a>"
        "<div class='my victims'></div></body>"
    )
    assert lint(linter, page) == []


def test_text_in_head_is_read_only_in_title(linter: Linter) -> None:
    assert lint(linter, "<head><title>Notes on my victims</title></head>") == [("TI101", 1, 23, 25)]  # "my"
    assert lint(linter, "<html><head><link rel=x>\nmy victims") == [("TI101", 2, 1, 3)]  # text ends the head


def test_read_attributes_keep_their_own_positions(linter: Linter) -> None:
    text = '<p>Hello</p>\n<img src="a.png"\n     alt="Team with my victims"><abbr title=\'our girls\'>OG</abbr>'
    assert lint(linter, text) == [("TI101", 3, 21, 23), ("TI102", 3, 46, 55)]


def test_quotations_are_someone_elses_words(linter: Linter) -> None:
    assert lint(linter, "<blockquote><p>They were my victims.</p></blockquote>") == []
    assert lint(linter, "<p>He said <q>my victims</q> twice.</p>") == []
    assert lint(linter, "<blockquote>He said so.</blockquote><p>my victims</p>") == [("TI101", 1, 40, 42)]


def test_references_are_read_as_characters_at_true_columns(linter: Linter) -> None:
    text = "<p>Caf&eacute; &amp; more. Why didn&#8217;t you leave? Met our&#160;girls.</p>"
    found = lint(linter, text)
    assert found == [("TI301", 1, 28, 54), ("TI102", 1, 60, 74)]
    assert text[27:53] == "Why didn&#8217;t you leave" and text[59:73] == "our&#160;girls"


def test_line_endings_and_unclosed_markup(linter: Linter) -> None:
    assert lint(linter, "<div>\r\n<p>Client claims\r\nmore</div>\r\n<p>my victims") == [
        ("TI402", 2, 11, 17), ("TI101", 4, 4, 6),
    ]
    assert lint(linter, "<p>fine</p><!-- my victims, never closed") == []
    assert lint(linter, "<p>fine</p><script>my victims") == []
    assert lint(linter, "<p>my victims</p><![odd[ section ]]><p>our girls") == [("TI101", 1, 4, 6), ("TI102", 1, 40, 49)]


def test_suppression_in_a_comment(linter: Linter) -> None:
    text = "<!-- tilint: disable-next-line=TI101 -- quoting the court order -->\n<p>my victims</p>\n<p>my victims</p>"
    assert lint(linter, text) == [("TI101", 3, 4, 6)]


WORDS = ["client", "met", "staff", "at", "court", "today", "and", "talked", "with", "Monday", "in", "person"]
SPACES = [" ", "  ", "\n", "\r\n", "\n    ", "&nbsp;", "&#32;", "&#x20;"]
TAGS = [" <b></b>", " <span class=x>", "<em> ", " <a href='/x'>"]
ELEMENTS = ["<p>{}</p>", "<li>{}", "<td>{}</td>", "<div><span>{}</span></div>", "<label>{}</label>", "{}"]
ATTRIBUTES = ["<title>{}</title>", '<img alt="{}">', "<abbr title='{}'>x</abbr>", '<input placeholder="{}">']


@st.composite
def pages(draw: st.DrawFn) -> str:
    """Prose holding "our girls" (split by spaces, references or inline tags) somewhere readers see it;
    a phrase reported whole ("my victims" reports only "my"). Not "court" after it: "girls court" names a court."""
    place = draw(st.sampled_from(ELEMENTS + ATTRIBUTES))
    space = draw(st.sampled_from(SPACES + (TAGS if place in ELEMENTS else [])))
    before = draw(st.lists(st.sampled_from(WORDS), max_size=6))
    after = draw(st.lists(st.sampled_from([w for w in WORDS if w != "court"]), max_size=6))
    prose = " ".join([*before, "our" + space + "girls", *after])
    lead = draw(st.sampled_from(["", "<!DOCTYPE html>\n", "<p>Hello.</p>\r\n", "<!-- x -->\n\n<h1>Notes</h1>\n"]))
    return lead + place.format(prose) + draw(st.sampled_from(["", "\n", "</body>"]))


@settings(max_examples=60, deadline=None)
@given(pages())
def test_findings_point_at_the_words_in_the_source(page: str) -> None:
    (finding,) = [f for f in built_in().lint_text(page, "page.html") if f.rule == "TI102"]
    lines = page.replace("\r\n", "\n").split("\n")
    if finding.line == finding.end_line:
        source = lines[finding.line - 1][finding.column - 1 : finding.end_column - 1]
    else:
        source = "\n".join(
            [lines[finding.line - 1][finding.column - 1 :], *lines[finding.line : finding.end_line - 1],
             lines[finding.end_line - 1][: finding.end_column - 1]]
        )
    assert " ".join(html.unescape(re.sub("<[^>]*>", "", source)).split()) == "our girls"
    assert source.startswith("our") and source.endswith("girls")


ALPHABET = list("<>/!-?[]&#;=\"' \n\rabpqx") + [
    "<p>", "</p>", "<!--", "-->", "<script>", "</script>", "&amp;", "&#82", "<q>", "<head>", "<title>",
    "alt=", "<img ", "&nbsp;", "<!doctype", "<![foo[", "]]>", "<![CDATA[", "my victims",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join))
def test_any_markup_reads_and_every_kept_character_is_the_sources(source: str) -> None:
    (part,) = read_html(Input("x.html", data=source.encode("utf-8"))).parts
    view = TextView.from_skips(part.text, part.skip, part.breaks)
    locator = part.locate()
    for offset, char in enumerate(view.text):
        if not char.isspace():
            at = view.to_source(offset)
            assert char in (part.text[at], part.text[at].lower())  # an ALL-CAPS word reads as lower case ("RR" from "&#82&#82")
            line, column = locator.line_col(at)
            assert 1 <= column <= len(locator.line_text(line)) + 1


def test_unreadable_file_is_one_error_and_the_next_file_is_still_linted(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_bytes(b"<html>\x00\x01\x02\x89PNG")
    good = tmp_path / "good.html"
    good.write_text("<p>Met my victims at court.</p>\n", encoding="utf-8")
    code, report = check(broken, good)
    assert code == 2
    assert report["errors"] == [{"path": str(broken), "message": "binary file, skipped"}]
    assert phrase_findings(report) == [("TI101", 1, 8, 1, 10)]  # "my"
