"""The text view: every character the engine sees maps back to the same character in the source."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tilint.document import LineIndex, TextView, paragraphs

TEXTS = st.text(alphabet=st.sampled_from(list("ab my victims\t\r\n\u00a0é😀*`\"'")), max_size=200)


@st.composite
def text_and_skips(draw: st.DrawFn) -> tuple[str, list[tuple[int, int]]]:
    text = draw(TEXTS)
    points = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    return text, [(points[i], points[i + 1]) for i in range(0, len(points) - 1, 2)]


@given(text_and_skips())
def test_view_characters_map_back_to_the_same_source_characters(case: tuple[str, list[tuple[int, int]]]) -> None:
    source, skips = case
    view = TextView.from_skips(source, skips)
    for offset, char in enumerate(view.text):
        if not char.isspace():
            mapped = view.to_source(offset)
            assert source[mapped] == char
            assert not any(s <= mapped < e for s, e in skips)


@given(TEXTS)
def test_view_of_plain_text_keeps_every_word(source: str) -> None:
    view = TextView.whole(source)
    assert view.text.split() == source.replace("\u00a0", " ").split()


def test_paragraphs_split_at_blank_lines_only() -> None:
    text = "one\ntwo\n\nthree\r\n \r\nfour\n"
    assert [text[s:e].strip() for s, e in paragraphs(text)] == ["one\ntwo", "three", "four"]


def test_line_index() -> None:
    index = LineIndex("ab\r\ncd\ref\ngh")
    assert [index.line_col(i) for i in (0, 2, 4, 7, 10)] == [(1, 1), (1, 3), (2, 1), (3, 1), (4, 1)]
    assert index.line_text(2) == "cd"


def test_soft_spaces_are_the_matches_of_the_soft_space_pattern() -> None:
    """The fast search for whitespace runs finds exactly what SOFT_SPACE finds."""
    import random

    from tilint.document import SOFT_SPACE, soft_spaces

    rng = random.Random(11)
    pieces = [" ", "  ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u2028", "\f", "a", "word", "."]
    texts = ["", " ", "a b", "a \n b", "\n", "a\u00a0 \nb"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(5000)]
    for text in texts:
        assert soft_spaces(text) == [m.span() for m in SOFT_SPACE.finditer(text)], repr(text)
