from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tilint.markdown import MarkdownRegions, markdown_regions

Ranges = tuple[tuple[int, int], ...]


def kept(text: str, regions: MarkdownRegions) -> str:
    """The text the linter will see: ``text`` with the skip ranges removed."""
    pieces: list[str] = []
    pos = 0
    for start, end in regions.skip:
        pieces.append(text[pos:start])
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)


def quoted_text(text: str, regions: MarkdownRegions) -> list[str]:
    return [text[start:end] for start, end in regions.quoted]


def skipped_text(text: str, regions: MarkdownRegions) -> list[str]:
    return [text[start:end] for start, end in regions.skip]


def assert_well_formed(text: str, ranges: Ranges) -> None:
    """Inside the text, sorted, non-empty, non-overlapping and merged."""
    previous_end = -1
    for start, end in ranges:
        assert 0 <= start < end <= len(text)
        assert start > previous_end, f"{ranges} not sorted/merged"
        previous_end = end


INTAKE = """---
title: "our girls"
---
# Intake notes

Staff met `my victims` and [our girls](http://x.org/my-victims "my victims").

```text
what is wrong with you
```

<!-- TODO: my victims -->
> She said our girls were fine.
"""


def test_intake_document() -> None:
    regions = markdown_regions(INTAKE)
    text = kept(INTAKE, regions)
    assert "Intake notes" in text
    assert "Staff met" in text
    assert "our girls" in text
    assert text.count("our girls") == 2  # the link text and the blockquote
    assert "my victims" not in text  # code span, URL, title, comment
    assert "what is wrong" not in text
    assert "title:" not in text
    assert "x.org" not in text
    assert "TODO" not in text
    assert "#" not in text
    assert quoted_text(INTAKE, regions) == [" She said our girls were fine."]
    for start, end in regions.quoted:  # the `>` marker is skipped, not quoted
        assert ">" not in INTAKE[start:end]
    assert_well_formed(INTAKE, regions.skip)
    assert_well_formed(INTAKE, regions.quoted)


def test_plain_prose_is_untouched() -> None:
    text = "She told staff she felt safe at the shelter, and that she\nwanted to go home soon.\n"
    assert markdown_regions(text) == MarkdownRegions(skip=(), quoted=())


def test_empty_document() -> None:
    assert markdown_regions("") == MarkdownRegions(skip=(), quoted=())


# Front matter -------------------------------------------------------------


def test_yaml_front_matter_with_dot_closer() -> None:
    doc = "---\nauthor: my victims\n...\nBody text.\n"
    regions = markdown_regions(doc)
    assert skipped_text(doc, regions) == ["---\nauthor: my victims\n..."]
    assert kept(doc, regions) == "\nBody text.\n"


def test_toml_front_matter() -> None:
    doc = '+++\ntitle = "my victims"\n+++\n\nBody text.\n'
    assert kept(doc, markdown_regions(doc)) == "\n\nBody text.\n"


def test_front_matter_only_at_the_very_start() -> None:
    doc = "Intro line.\n\n---\nnot: front matter\n---\n"
    assert "not: front matter" in kept(doc, markdown_regions(doc))
    unclosed = "---\nno closing fence here\n"
    assert "no closing fence here" in kept(unclosed, markdown_regions(unclosed))


# Code ---------------------------------------------------------------------


def test_double_backtick_code_span_containing_a_backtick() -> None:
    doc = "Do not write ``what ` is wrong`` in notes.\n"
    regions = markdown_regions(doc)
    assert skipped_text(doc, regions) == ["``what ` is wrong``"]
    assert kept(doc, regions) == "Do not write  in notes.\n"


def test_code_span_needs_a_closing_run_of_the_same_length() -> None:
    doc = "A ``run` that never closes stays prose.\n"
    assert "that never closes stays prose" in kept(doc, markdown_regions(doc))


def test_escaped_backticks_are_not_code() -> None:
    doc = "She wrote \\`not code\\` in the form.\n"
    regions = markdown_regions(doc)
    assert kept(doc, regions) == "She wrote `not code` in the form.\n"
    assert skipped_text(doc, regions) == ["\\", "\\"]


def test_unclosed_fence_runs_to_end_of_document() -> None:
    doc = "Intro paragraph.\n\n~~~\nmy victims\n\nstill code per CommonMark\n"
    text = kept(doc, markdown_regions(doc))
    assert "Intro paragraph." in text
    assert "my victims" not in text
    assert "still code" not in text


def test_indented_code_block() -> None:
    doc = "Paragraph first.\n\n    what is wrong with you\n\nAfter.\n"
    text = kept(doc, markdown_regions(doc))
    assert "what is wrong" not in text
    assert "Paragraph first." in text and "After." in text


def test_nested_list_with_code() -> None:
    doc = (
        "- Visit notes\n"
        "  - Met `our girls` at home\n"
        "    ```\n"
        "    what is wrong with you\n"
        "    ```\n"
        "  - Follow up next week\n"
    )
    text = kept(doc, markdown_regions(doc))
    for phrase in ("Visit notes", "Met", "at home", "Follow up next week"):
        assert phrase in text
    assert "our girls" not in text
    assert "what is wrong" not in text
    assert "-" not in text  # list bullets are skipped


# HTML ---------------------------------------------------------------------


def test_html_block_keeps_text_between_tags() -> None:
    doc = '<div class="our-girls">\n<p>our girls</p><br/>\n</div>\n'
    regions = markdown_regions(doc)
    assert kept(doc, regions).split() == ["our", "girls"]
    assert skipped_text(doc, regions) == ['<div class="our-girls">', "<p>", "</p><br/>", "</div>"]


def test_multiline_html_comment_inside_paragraph() -> None:
    doc = "Staff met the family <!-- my\nvictims --> today.\n"
    regions = markdown_regions(doc)
    assert kept(doc, regions) == "Staff met the family  today.\n"


def test_html_comment_block_spanning_blank_lines() -> None:
    doc = "<!--\nmy victims\n\nour girls\n-->\nVisible.\n"
    assert kept(doc, markdown_regions(doc)) == "\nVisible.\n"


def test_unclosed_html_comment_block() -> None:
    doc = "Visible.\n\n<!-- my victims\n"
    assert kept(doc, markdown_regions(doc)) == "Visible.\n\n\n"


def test_script_and_style_content_is_skipped() -> None:
    doc = (
        "<script>\nvar victims = 1;\n</script>\n"
        "<style>\n.victims { color: red }\n</style>\nAfter.\n"
    )
    text = kept(doc, markdown_regions(doc))
    assert "victims" not in text
    assert "After." in text


def test_inline_html_tags_keep_their_text() -> None:
    doc = 'She is <em class="x">not</em> a victim.\n'
    assert kept(doc, markdown_regions(doc)) == "She is not a victim.\n"


# Links, URLs --------------------------------------------------------------


def test_inline_link_destination_and_title() -> None:
    doc = "See [our girls](<http://x.org/a b> 'my victims') and [case](/p(1)/x).\n"
    regions = markdown_regions(doc)
    assert kept(doc, regions) == "See our girls and case.\n"
    assert "](<http://x.org/a b> 'my victims')" in skipped_text(doc, regions)


def test_link_title_on_the_next_line() -> None:
    doc = '[the family](http://x.org\n"my victims") was seen.\n'
    assert kept(doc, markdown_regions(doc)) == "the family was seen.\n"


def test_image_keeps_alt_text() -> None:
    doc = "![our girls at the park](photos/my-victims.png)\n"
    assert kept(doc, markdown_regions(doc)) == "our girls at the park\n"


def test_reference_links_and_definitions() -> None:
    doc = (
        "Read [the guide][my-victims], the [Policy][] and [intake].\n\n"
        "[my-victims]: http://x.org \"my victims\"\n"
        "[policy]: <http://y.org>\n"
        "[Intake]: http://z.org\n"
    )
    regions = markdown_regions(doc)
    assert kept(doc, regions).rstrip() == "Read the guide, the Policy and intake."
    assert "][my-victims]" in skipped_text(doc, regions)
    assert '[my-victims]: http://x.org "my victims"' in skipped_text(doc, regions)


def test_undefined_reference_and_escaped_brackets_stay_literal() -> None:
    doc = "Not a link: [our girls][nowhere] and \\[x\\](y).\n"
    text = kept(doc, markdown_regions(doc))
    assert text == "Not a link: [our girls][nowhere] and [x](y).\n"


def test_autolinks_and_bare_urls() -> None:
    doc = (
        "Mail <a@b.org>, see <https://x.org/my-victims>, "
        "https://y.org/my_victims. (www.z.org/victims)\n"
    )
    regions = markdown_regions(doc)
    assert kept(doc, regions) == "Mail , see , . ()\n"


# Emphasis and other markup -------------------------------------------------


def test_emphasis_delimiters_are_skipped_but_not_intraword_underscores() -> None:
    doc = "**our** girls, _my_ victims, ~~bad~~ and snake_case_name stay.\n"
    regions = markdown_regions(doc)
    assert kept(doc, regions) == "our girls, my victims, bad and snake_case_name stay.\n"


def test_literal_asterisks_are_kept() -> None:
    doc = "Score 5 * 3 and a lone * here.\n"
    assert markdown_regions(doc).skip == ()


def test_nested_emphasis() -> None:
    doc = "***our** girls* and *foo**bar*\n"
    assert kept(doc, markdown_regions(doc)) == "our girls and foo**bar\n"


def test_headings() -> None:
    doc = "## Safety plan ##\n\nSetext title\n============\n"
    regions = markdown_regions(doc)
    assert kept(doc, regions).split() == ["Safety", "plan", "Setext", "title"]


def test_table() -> None:
    doc = "| Name | Note |\n|---|:---:|\n| A | `my victims` fine |\n"
    text = kept(doc, markdown_regions(doc))
    assert "---" not in text
    assert "my victims" not in text
    assert "Name" in text and "fine" in text


# Blockquotes ---------------------------------------------------------------


def test_blockquote_with_lazy_continuation_and_nesting() -> None:
    doc = "Intro.\n\n> She said our girls\nwere fine.\n> > He replied.\n\nAfter.\n"
    regions = markdown_regions(doc)
    quotes = quoted_text(doc, regions)
    assert quotes == [" She said our girls\nwere fine.\n", " He replied."]
    expected = "Intro.\n\n She said our girls\nwere fine.\n  He replied.\n\nAfter.\n"
    assert kept(doc, regions) == expected


def test_quote_markers_are_never_quoted() -> None:
    doc = "- > In a list\n  > still quoted\n\n> ```\n> code\n> ```\n"
    regions = markdown_regions(doc)
    for i, ch in enumerate(doc):
        if ch == ">":
            assert any(s <= i < e for s, e in regions.skip)
            assert not any(s <= i < e for s, e in regions.quoted)


# Offsets: line endings, tabs, non-ASCII -------------------------------------


def test_crlf_and_lf_give_the_same_kept_text() -> None:
    doc_lf = INTAKE + "\n| a | b |\n|---|---|\n| `c` | d |\n\n- item *one*\n  - [two](u 't')\n"
    doc_crlf = doc_lf.replace("\n", "\r\n")
    lf, crlf = markdown_regions(doc_lf), markdown_regions(doc_crlf)
    assert kept(doc_crlf, crlf).replace("\r", "") == kept(doc_lf, lf)
    assert [q.replace("\r", "") for q in quoted_text(doc_crlf, crlf)] == quoted_text(doc_lf, lf)
    assert "title:" not in kept(doc_crlf, crlf)


def test_non_ascii_and_tabs_do_not_shift_offsets() -> None:
    prefix = "Café “quoted” 😀 中文\t"
    doc = f"{prefix}`my victims` and <!-- x --> [girls](http://é.org).\n"
    regions = markdown_regions(doc)
    assert skipped_text(doc, regions) == ["`my victims`", "<!-- x -->", "[", "](http://é.org)"]
    assert kept(doc, regions) == f"{prefix} and  girls.\n"


def test_non_ascii_and_tab_inside_a_blockquote() -> None:
    doc = "Intro 中文.\n\n>\t“Our girls” 😀 said `my victims` twice.\n"
    regions = markdown_regions(doc)
    assert skipped_text(doc, regions) == [">", "`my victims`"]
    assert quoted_text(doc, regions) == ["\t“Our girls” 😀 said `my victims` twice."]


def test_markup_inside_image_alt_text_is_skipped_at_its_own_place() -> None:
    doc = "![`my victims` at *home*](x.png) and [![a *b*](i.png) `c`](u)\n"
    regions = markdown_regions(doc)
    assert kept(doc, regions) == " at home and a b \n"
    assert skipped_text(doc, regions)[:3] == ["![`my victims`", "*", "*](x.png)"]


def test_reference_link_in_a_list_in_a_blockquote_with_crlf() -> None:
    doc = "> - see [*our* girls][r]\r\n>   again\r\n\r\n[r]: /x\r\n"
    regions = markdown_regions(doc)
    assert kept(doc, regions).split() == ["see", "our", "girls", "again"]
    assert " ".join(quoted_text(doc, regions)).split() == ["-", "see", "[*our*", "girls][r]", "again"]


def test_backslash_hard_break_is_markup() -> None:
    doc = "She said no\\\nand left.\n"
    assert kept(doc, markdown_regions(doc)) == "She said no\nand left.\n"


# Growth: the inline parser must stay linear on hostile input ------------------


def _cpu_seconds(text: str) -> float:
    """The least CPU time of three parses of *text* (CPU time: other processes do not count)."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        markdown_regions(text)
        best = min(best, time.process_time() - start)
    return best


def _backtick_runs(size: int) -> str:
    """Runs of one, two, three ... backticks, none of them closed."""
    parts, total, width = [], 0, 1
    while total < size:
        parts.append("`" * width + "a")
        total += width + 1
        width += 1
    return "".join(parts)[:size]


# (input, size, factor, bound): the input *factor* times as large must take less than *bound*
# times as long. Quadratic scanners took 14x, 10x and 58x here (240 KB of "_a a* " took 187 s);
# backtick runs grow as size ** 1.5 at worst, so they are compared at 16 times the size.
GROWTH: dict[str, tuple[Callable[[int], str], int, int, int]] = {
    "emphasis runs": (lambda n: "".join("_a " if i % 2 else "a* " for i in range(n // 3)), 6000, 4, 8),
    "image openers, then links": (lambda n: "![" * (n // 12) + "[x](y)" * (n // 12), 6000, 4, 8),
    "brackets, then closing brackets": (lambda n: "[" * (n // 2) + "]" * (n // 2), 3000, 4, 8),
    "backtick runs of growing width": (_backtick_runs, 20000, 16, 32),
}


@pytest.mark.parametrize("name", GROWTH)
def test_inline_parsing_time_grows_linearly(name: str) -> None:
    make, size, factor, bound = GROWTH[name]
    small, large = _cpu_seconds(make(size)), _cpu_seconds(make(size * factor))
    assert large < bound * max(small, 0.002), f"{name}: {small:.3f} s, then {large:.3f} s at {factor}x the size"


# Property-based -------------------------------------------------------------

MARKDOWNISH = st.lists(
    st.sampled_from(
        list("`*_~[]()<>!#-+=|\\:/.\"' \t\n\rabé“😀中1")
        + ["http://x.y", "www.", "<!--", "-->", "```", "~~~", "> ", "---", "+++", "    ", "\r\n"]
        + ["<div>", "</div>", "<script>", "[a]: /u", "1. ", "- ", "# ", "](", "``", "|---|"]
        + ["<a@b.c>", "\\`", "![", '"t"', "\t"]
    ),
    max_size=60,
).map("".join)

PROSE_WORD = st.text(st.characters(categories=("Lu", "Ll", "Lo")), min_size=1, max_size=10)
PROSE_LINE = st.lists(PROSE_WORD, min_size=1, max_size=8).map(" ".join)
PROSE = st.lists(PROSE_LINE, min_size=1, max_size=5).map(lambda ls: "\n".join(ls) + ".")


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), MARKDOWNISH))
def test_fuzz_ranges_are_well_formed(text: str) -> None:
    regions = markdown_regions(text)
    assert_well_formed(text, regions.skip)
    assert_well_formed(text, regions.quoted)


@settings(max_examples=300, deadline=None)
@given(MARKDOWNISH.map(lambda t: t.replace("\r", "")))
def test_fuzz_crlf_matches_lf(text: str) -> None:
    crlf = text.replace("\n", "\r\n")
    lf_regions, crlf_regions = markdown_regions(text), markdown_regions(crlf)
    assert kept(crlf, crlf_regions).replace("\r", "") == kept(text, lf_regions)


@given(PROSE)
def test_prose_paragraph_is_never_skipped(text: str) -> None:
    assert markdown_regions(text) == MarkdownRegions(skip=(), quoted=())


@given(PROSE)
def test_quoted_prose_is_quoted_and_kept(text: str) -> None:
    doc = "".join(f"> {line}\n" for line in text.split("\n"))
    regions = markdown_regions(doc)
    assert kept(doc, regions).replace("\n ", "\n").strip() == text
    assert "".join(quoted_text(doc, regions)).replace("\n ", "\n").strip() == text
