"""Normalised matching: Unicode cannot hide a phrase, shouting matches as ordinary text, and
every finding and fix still points at the true source characters."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tilint.document import TextView, normal_view, normalise, unshout
from tilint.fix import apply_edits, safe_edit
from tilint.rules import parse_rule
from tilint.runner import Linter

FORMAT_CHARACTERS = [
    "\u00ad",  # soft hyphen
    "\u200b", "\u200c", "\u200d",  # zero-width space, non-joiner, joiner
    "\u2060", "\ufeff",  # word joiner, byte-order mark / zero-width no-break space
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",  # bidi embeddings and overrides
    "\u2066", "\u2067", "\u2068", "\u2069",  # bidi isolates
    "\u200e", "\u200f",  # left-to-right and right-to-left marks
]
SPACES = ["\u00a0", "\u2002", "\u2009", "\u200a", "\u202f", "\u205f", "\u3000", "\u1680"]
HYPHENS = ["\u2010", "\u2011", "\u2012", "\u2013", "\u2212", "\ufe63", "\uff0d"]
APOSTROPHES = ["\u2019", "\u02bc", "\u2018", "\uff07", "\u2032"]

# phrase -> (a text with {} where the phrase goes, the rule that flags it)
PHRASES = {
    "our girls": ("Monday.\nWe drove {} to court.", "TI102"),
    "survivors of ours": ("Monday.\nI met {} at court.", "TI101"),  # reported whole ("my victims": only "my")
    "non-compliant": ("Monday.\nShe is {} with the plan.", "TI601"),
    "didn't": ("Monday.\nWhy {} you leave him?", "TI301"),
}


INSIDE = {"our girls": 6, "survivors of ours": 4, "non-compliant": 8, "didn't": 2}  # "our gi|rls", "surv|ivors"


def _cases() -> list[Any]:
    cases = []
    for phrase in PHRASES:
        middle = INSIDE[phrase]
        for char in FORMAT_CHARACTERS:
            cases.append(pytest.param(phrase, phrase[:middle] + char + phrase[middle:], id=f"{phrase}-U+{ord(char):04X}"))
        if " " in phrase:
            for char in SPACES:
                cases.append(pytest.param(phrase, phrase.replace(" ", char), id=f"{phrase}-U+{ord(char):04X}"))
        if "-" in phrase:
            for char in HYPHENS:
                cases.append(pytest.param(phrase, phrase.replace("-", char), id=f"{phrase}-U+{ord(char):04X}"))
        if "'" in phrase:
            for char in APOSTROPHES:
                cases.append(pytest.param(phrase, phrase.replace("'", char), id=f"{phrase}-U+{ord(char):04X}"))
        fullwidth = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" for c in phrase)
        bold = "".join(unicodedata.lookup(f"MATHEMATICAL BOLD SMALL {c.upper()}") if c.isalpha() else c for c in phrase)
        cases.append(pytest.param(phrase, fullwidth, id=f"{phrase}-fullwidth"))
        cases.append(pytest.param(phrase, bold, id=f"{phrase}-mathematical-bold"))
    return cases


def _found(linter: Linter, text: str) -> list[tuple[str, int, int, int, str]]:
    return [(f.rule, f.line, f.column, f.end_column, f.match) for f in linter.lint_text(text)]


@pytest.mark.parametrize(("phrase", "written"), _cases())
def test_a_hidden_character_hides_no_phrase_and_the_finding_points_at_the_source(
    linter: Linter, phrase: str, written: str
) -> None:
    template, rule_id = PHRASES[phrase]
    text = template.format(written)
    plain = _found(linter, template.format(phrase))
    found = _found(linter, text)
    assert [f[0] for f in found] == [f[0] for f in plain] and rule_id in [f[0] for f in found]
    (rule, line, column, end_column, match) = next(f for f in found if f[0] == rule_id)
    # the match starts where the plain phrase's match starts, and ends as many source
    # characters later as the written phrase is longer than the plain one
    (_, plain_line, plain_column, plain_end, plain_match) = next(f for f in plain if f[0] == rule_id)
    assert (line, column) == (plain_line, plain_column) == (2, text.split("\n")[1].find(match) + 1)
    assert end_column == plain_end + len(written) - len(phrase)
    assert match == plain_match.replace(phrase, written)
    assert text.split("\n")[1][column - 1 : end_column - 1] == match


SHOUTED = [
    ("WHY DIDN'T YOU LEAVE HIM?", "TI301"),
    ("WE DROVE OUR GIRLS TO COURT.", "TI102"),
    ("OUR GIRLS", "TI102"),
    ("I MET MY VICTIMS AT COURT.", "TI101"),
    ("SHE IS NON-COMPLIANT WITH THE PLAN.", "TI601"),
    ("CL IS 15. SHE IS VERY PROMISCUOUS.", "TI905"),
]


@pytest.mark.parametrize(("text", "rule_id"), SHOUTED)
def test_all_caps_flags_as_its_lower_case_form_does(linter: Linter, text: str, rule_id: str) -> None:
    lower = text.lower()
    shouted = _found(linter, text)
    assert rule_id in [f[0] for f in shouted]
    assert [f[:4] for f in shouted] == [f[:4] for f in _found(linter, lower)]
    assert all(f[4] == text[f[2] - 1 : f[3] - 1] for f in shouted), "the match is the source's own capitals"


@pytest.mark.parametrize("text", [
    "SHE MET THE VICTIM ADVOCATE AT COURT.",
    "THE CLIENT DECLINED SHELTER AT THIS TIME.",
    "WE TALKED ABOUT WHAT HAPPENED TO HER.",
    "CSEC UNIT REFERRAL SENT.",
])
def test_all_caps_passes_as_its_lower_case_form_passes(linter: Linter, text: str) -> None:
    assert _found(linter, text) == _found(linter, text.lower()) == []


def test_unshout_reads_runs_of_capitals_in_lower_case_and_leaves_acronyms() -> None:
    assert unshout("WHY DIDN'T YOU LEAVE HIM?") == "Why didn't you leave him?"
    assert unshout("We drove OUR GIRLS home. SHE IS A RUNAWAY.") == "We drove our girls home. She is a runaway."
    assert unshout("Referred to CSEC unit; ICE was not called.") == "Referred to CSEC unit; ICE was not called."
    assert unshout("DOB 2010, CPS notified") == "DOB 2010, CPS notified"  # a number between: two acronyms
    assert unshout("McDONALD AND SONS") == "McDONALD and sons"


def test_the_view_is_the_same_object_for_ascii_text_and_text_that_needs_nothing() -> None:
    for text in ("plain ascii text", "café “quoted” 😀"):
        assert normalise(text).text is text


@pytest.mark.parametrize(("source", "view"), [
    ("our gir\u00adls", "our girls"),
    ("my\u00a0victims", "my victims"),
    ("my \u200b victims", "my victims"),  # a dropped character leaves no double space
    ("my\u2009 victims", "my victims"),
    ("non\u2013compliant, ages 13\u201317 \u2013 yes", "non-compliant, ages 13\u201317 \u2013 yes"),
    ("cafe\u0301 \ufb01ne", "caf\u00e9 fine"),
    ("\u2026 \u00bd", "\u2026 \u00bd"),  # an ellipsis ends a sentence; a fraction is no word
])
def test_the_view_of_unicode_text(source: str, view: str) -> None:
    assert TextView.whole(source).text == view


@pytest.mark.parametrize("source", ["cafe\u0301 is", "\ufb01ne day", "a\u00adb\u00adc d", "x\u0308\u0301y"])
def test_every_view_character_maps_to_the_source_characters_it_stands_for(source: str) -> None:
    view = TextView.whole(source)
    for offset, char in enumerate(view.text):
        start, end = view.to_source(offset), view.to_source_end(offset + 1)
        assert char in unicodedata.normalize("NFKC", source[start:end]).replace("\u00ad", ""), (offset, char)


TRICKY = st.text(
    alphabet=st.sampled_from(list("ab my VICTIMS\n'\u00ad\u200b\u00a0\u3000\u2019\u2013\u0301\u0308\ufb01\uff41\u2026")),
    max_size=80,
)


@given(TRICKY)
def test_views_map_every_character_into_the_source_in_order(source: str) -> None:
    view = TextView.whole(source)
    starts = [view.to_source(i) for i in range(len(view.text))]
    ends = [view.to_source_end(i + 1) for i in range(len(view.text))]
    assert starts == sorted(starts) and ends == sorted(ends)
    for offset, char in enumerate(view.text):
        if not char.isspace():
            piece = source[starts[offset] : ends[offset]]  # a dash is a hyphen only between letters
            assert char.lower() in normalise(piece).text.lower() or (char == "-" and piece == "\u2013")


@st.composite
def _tricky_with_skips(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]], list[int]]:
    text = draw(TRICKY)
    points = sorted(draw(st.lists(st.integers(0, len(text)), max_size=6)))
    breaks = draw(st.lists(st.integers(0, len(text)), max_size=2))
    return text, [(points[i], points[i + 1]) for i in range(0, len(points) - 1, 2)], breaks


@given(_tricky_with_skips())
def test_views_with_skips_map_every_character_outside_the_skips(case: tuple[str, list[tuple[int, int]], list[int]]) -> None:
    source, skips, breaks = case
    view = TextView.from_skips(source, skips, breaks)
    for offset, char in enumerate(view.text):
        if char.isspace():
            continue
        start, end = view.to_source(offset), view.to_source_end(offset + 1)
        assert start < end and not any(s <= start < e for s, e in skips), (offset, char)
        assert char.lower() in normalise(source[start:end]).text.lower() or source[start:end] == "\u2013"


def _rule(patterns: list[Any], **extra: Any) -> Any:
    return parse_rule({
        "id": "AG1", "name": "agency-words", "category": "labels", "severity": "warning",
        "message": "Consider other words than {match}.", "why": "Test rule.", "alternatives": ["other words"],
        "source": "test", "patterns": patterns, "examples": {"flag": ["x"], "pass": ["y"]}, **extra,
    }, "agency.yaml")


def test_a_rule_written_with_curly_apostrophes_or_decomposed_accents_matches_any_form() -> None:
    linter = Linter([_rule(["she didn\u2019t try", "nai\u0308ve girl"])])
    for text in ("She didn't try.", "She didn\u2019t try.", "She didn\u02bct try.", "SHE DIDN'T TRY."):
        assert [f.column for f in linter.lint_text(text)] == [1], text
    for text, end in (("A na\u00efve girl.", 13), ("A nai\u0308ve girl.", 14)):
        (finding,) = linter.lint_text(text)
        assert (finding.column, finding.end_column) == (3, end), text


def test_findings_are_the_same_with_and_without_the_prefilter(linter: Linter, builtin_rules: list[Any]) -> None:
    unfiltered = Linter(builtin_rules, use_prefilter=False)
    texts = [template.format(written) for phrase, written in (c.values for c in _cases()) for template in [PHRASES[phrase][0]]]
    texts += [text for text, _ in SHOUTED] + ["WE MET OUR GIRLS.\n\nShe re\u00adfused shelter; my\u00a0victims."]
    for text in texts:
        assert linter.lint_text(text) == unfiltered.lint_text(text), text


@pytest.mark.parametrize(("source", "fixed"), [
    ("She re\u00adfused shelter placement.", "She declined shelter placement."),
    ("SHE REFUSED SHELTER PLACEMENT.", "SHE DECLINED SHELTER PLACEMENT."),
    ("She ｒｅｆｕｓｅｄ shelter placement.", "She declined shelter placement."),
    ("Client re\u200bfused\u200b shelter.", "Client declined\u200b shelter."),
])
def test_a_fix_over_a_normalised_match_replaces_exactly_the_source_word(
    linter: Linter, builtin_rules: list[Any], source: str, fixed: str
) -> None:
    by_id = {rule.id: rule for rule in builtin_rules}
    findings = [f for f in linter.lint_text(source) if by_id[f.rule].fix is not None]
    assert findings, source
    edits = [edit for f in findings if (edit := safe_edit(f, by_id[f.rule], source)) is not None]
    assert apply_edits(source, edits) == fixed


def test_normal_view_keeps_case_and_spacing() -> None:
    view = normal_view("WHY  DIDN\u2019T")
    assert view.text == "WHY  DIDN'T"
    assert (view.to_source(0), view.to_source_end(len(view.text))) == (0, 11)


def test_capitals_are_found_as_the_regex_finds_them() -> None:
    """The byte-marking search for runs of capitals finds exactly what the _CAPS regex finds."""
    import random

    from tilint.document import _CAPS, _capital_pairs

    rng = random.Random(12)
    pieces = ["A", "B", "Z", "a", "z", " ", "'", "AB", "\u00e9", "\u00c9", "\U0001f600", "[", "@", "İ"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        assert list(_capital_pairs(text)) == [m.span() for m in _CAPS.finditer(text)], text


HIDDEN = "We met our gi\u00adrls at court. WHY DIDN\u2019T YOU LEAVE HIM?"


def _write_formats(folder: Any) -> dict[str, tuple[int, int]]:
    """The hidden phrase in a file of every format, with the line and the column where the
    sentence starts in it (Word and CSV: counted in the paragraph or the cell)."""
    import docx

    files = {
        "note.txt": (f"Visit.\n{HIDDEN}\n", (2, 1)),
        "note.md": (f"# Visit\n\n{HIDDEN}\n", (3, 1)),
        "page.html": (f"<html><body>\n<p>{HIDDEN}</p>\n</body></html>\n", (2, 4)),
        "form.yaml": (f"q1: {HIDDEN}\n", (1, 5)),
        "form.json": ('{"q1": "' + HIDDEN.replace("\u00ad", "\\u00ad") + '"}\n', (1, 9)),
        "export.csv": (f"id,notes\n1,{HIDDEN}\n", (2, 3)),
    }
    for name, (text, _) in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    document = docx.Document()
    document.add_paragraph(HIDDEN)
    document.save(str(folder / "note.docx"))
    return {**{name: where for name, (_, where) in files.items()}, "note.docx": (1, 1)}


def test_every_format_reads_the_normalised_view(tmp_path: Any) -> None:
    from tests.format_helpers import check

    where = _write_formats(tmp_path)
    _, report = check(tmp_path)
    by_file: dict[str, list[tuple[str, int, int, int]]] = {}
    for f in report["findings"]:
        by_file.setdefault(f["path"].rsplit("/", 1)[-1], []).append((f["rule"], f["line"], f["column"], f["end_column"]))
    for name, (line, column) in where.items():
        girls = HIDDEN.index("our") + column  # "our gi\u00adrls": 10 characters in the source
        why = HIDDEN.index("WHY") + column
        if name == "form.json":  # the soft hyphen is written "\u00ad", five characters more
            expected = [("TI102", line, girls, girls + 15), ("TI301", line, why + 5, why + 5 + 20)]
        else:
            expected = [("TI102", line, girls, girls + 10), ("TI301", line, why, why + 20)]
        assert sorted(by_file[name]) == expected, name


def test_a_title_case_line_reads_in_lower_case_and_prose_with_names_stays() -> None:
    """A headline in Title Case is read as a sentence (issue 16: "Woman Claims She Was Held ...",
    "Our Kids Opened 46 Presents" read as a program's name); prose with a few names keeps them."""
    from tilint.document import untitle

    assert untitle("How Our Girls Found Their Voices") == "How our girls found their voices"
    assert untitle("Woman Claims She Was Held Captive in Nail Salon") == "Woman claims she was held captive in nail salon"
    assert untitle("News\nMan, 41, Accused of Having Sex With Girl He Met Online") == (
        "News\nMan, 41, accused of having sex with girl he met online"
    )
    assert untitle("FBI Says Agents Found Six Women") == "FBI says agents found six women"  # the acronym stays
    prose = "Maria Lopez met with Ana at the Hope Youth House on Friday about her lease."
    assert untitle(prose) == prose
    assert untitle("Referred to Our Kids on Monday.") == "Referred to Our Kids on Monday."  # too few words
    assert untitle("Referred Her to Our Kids on Monday.") == "Referred Her to Our Kids on Monday."  # a full stop: seven
    assert len(untitle("A Title Case Line Of Words Here\nnext")) == len("A Title Case Line Of Words Here\nnext")


def test_a_title_case_headline_is_linted_like_the_sentence(tmp_path) -> None:
    from tilint.api import Linter

    linter = Linter()
    headline = [f.rule for f in linter.lint_text("Christmas at the Youth House: Our Kids Opened 46 Presents This Year!")]
    sentence = [f.rule for f in linter.lint_text("Christmas at the Youth House: our kids opened 46 presents this year!")]
    assert headline == sentence == ["TI102"]
    assert [f.rule for f in linter.lint_text("We referred her to Our Kids for mentoring.")] == []  # a program's name
