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


def _view_piece_by_piece(source: str, skips: list[tuple[int, int]], breaks: list[int]) -> tuple[str, list[int]]:
    """The view as TextView.from_skips made it before lone line breaks were kept in place: every
    skip, lone line break included, cut a piece and was replaced by its joint. (text, source
    offset of every view character.)"""
    from bisect import bisect_left, bisect_right

    from tilint.document import _joint, merge_ranges, soft_spaces

    hard = sorted(set(breaks))
    ranges = sorted([*merge_ranges([*skips, *soft_spaces(source)]), *((b, b) for b in hard)])
    parts: list[str] = []
    offsets: list[int] = []
    position = gap_start = 0
    for start, end in [*ranges, (len(source), len(source))]:
        start = max(start, position)
        if start > position:
            piece = source[position:start]
            if parts:
                forced = bisect_right(hard, position) > bisect_left(hard, gap_start)
                joint = "\n\n" if forced else _joint(parts[-1], source[gap_start:position], piece)
                if joint:
                    parts.append(joint)
                    offsets += [gap_start + i for i in range(len(joint))]
            parts.append(piece)
            offsets += range(position, start)
            gap_start = start
        position = max(position, end)
    return "".join(parts), offsets


def test_lone_line_breaks_kept_in_place_give_the_view_made_piece_by_piece() -> None:
    import random

    rng = random.Random(5)
    pieces = [" ", "  ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u2028", "\u3000", "\n\n", "a", "my", "victims", ".", "*", "`"]
    for _ in range(4000):
        source = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        points = sorted(rng.randint(0, len(source)) for _ in range(rng.choice([0, 2, 4, 6])))
        skips = [(points[i], points[i + 1]) for i in range(0, len(points) - 1, 2)]
        breaks = sorted(rng.randint(0, len(source)) for _ in range(rng.choice([0, 0, 1, 2])))
        text, offsets = _view_piece_by_piece(source, skips, breaks)
        view = TextView._from_skips(source, skips, breaks)  # before normalisation (which maps "\u3000")
        assert view.text == text, (source, skips, breaks)
        assert [view.to_source(i) for i in range(len(text))] == offsets, (source, skips, breaks)


def test_soft_spaces_come_in_order_apart_and_never_empty() -> None:
    """What from_skips relies on to use them as they are when nothing else is skipped."""
    import random

    from tilint.document import merge_ranges, soft_spaces

    rng = random.Random(6)
    pieces = [" ", "  ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u2028", "\u3000", "\n\n", "a", "my", "."]
    for _ in range(4000):
        source = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        soft = soft_spaces(source)
        assert merge_ranges(soft) == soft and all(end > start for start, end in soft), source
        assert all(end < next_start for (_, end), (next_start, _) in zip(soft, soft[1:])), source


def test_line_starts_are_those_of_the_line_break_pattern() -> None:
    """LineIndex adds up str.splitlines' lines where that gives LINE_BREAK's breaks exactly."""
    import random

    from tilint.document import LINE_BREAK

    rng = random.Random(7)
    pieces = ["a", "word ", "\n", "\r\n", "\r", "\n\n", " ", "é", "\x85", "\u2028", "\f", "\v"]
    texts = ["", "\n", "a", "a\n", "a\r", "\r\n", "a\nb", "\n\na"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 25))) for _ in range(5000)]
    for text in texts:
        expected = [0, *(m.end() for m in LINE_BREAK.finditer(text))]
        assert list(LineIndex(text).starts) == expected, repr(text)


def test_untitle_tells_prose_from_headlines_at_the_edges() -> None:
    """untitle's quick test (too few words, or four that start with a small letter) lets through
    every line the full rule lowers: three small words in twenty still make a headline, four do not;
    five words are enough, four are not; minor words ("of", "The") never count either way."""
    from tilint.document import untitle

    capitals = " ".join(f"Word{chr(97 + i)}" for i in range(16))  # with "Alpha" and three more: twenty
    assert untitle(f"Alpha {capitals} and plain small words") == f"Alpha {capitals.lower()} and plain small words"
    fewer = capitals.rsplit(" ", 1)[0]
    assert untitle(f"Alpha {fewer} plain small words extra") == f"Alpha {fewer} plain small words extra"
    assert untitle("Survivors Tell Their Stories Today") == "Survivors tell their stories today"
    assert untitle("Survivors Tell Their Stories") == "Survivors Tell Their Stories"
    assert untitle("The Story of a Survivor Who Came to the City") == "The story of a survivor who came to the city"
    assert untitle("The Story of a Survivor in the City") == "The Story of a Survivor in the City"  # four words that count
    assert untitle("the story of a survivor who came to the city") == "the story of a survivor who came to the city"


def test_untitle_agrees_with_its_rule_on_random_lines() -> None:
    """The quick test never changes an answer: untitle against the rule written out word by word
    (the words, the capitalised share, the full stop, two sentences on a line), on random lines
    of capitalised, small, minor and upper-case words."""
    import random

    from tilint import document

    def reference(line: str) -> bool:  # whether the rule makes the line a headline
        words = [
            w for w in document._TITLE_WORD.findall(line)
            if len(w) > 1 and w.lower() not in document._MINOR_WORDS and not w.isupper()
        ]
        capitalised = [w for w in words if w[0].isupper()]
        least = 7 if line.rstrip().endswith(".") else 5
        return (
            least <= len(words) <= 20 and len(capitalised) >= 0.85 * len(words)
            and not document._SENTENCE_THEN_LOWER.search(line)
        )

    rng = random.Random(15)
    pool = ["Court", "Client", "housing", "the", "Of", "an", "FBI", "I", "a", "Met", "met", "O'Neil", "x", "It's", "3rd", "-", "."]
    for _ in range(6000):
        line = " ".join(rng.choice(pool) for _ in range(rng.randint(0, 24)))
        assert (document.untitle(line) != line) <= reference(line), line
        if reference(line):
            assert document.untitle(line).lower() == line.lower(), line
        else:
            assert document.untitle(line) == line, line
