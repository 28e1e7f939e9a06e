"""The engine on small, purpose-made rules: exact positions, quotation, context and overlaps."""

from __future__ import annotations

from typing import Any

import pytest

from tilint.model import Finding
from tilint.rules import parse_rule
from tilint.runner import Linter


def rule(rid: str, patterns: list[Any], **extra: Any) -> Any:
    data = {
        "id": rid,
        "name": f"rule-{rid.lower()}",
        "category": extra.pop("category", "ownership"),
        "severity": "warning",
        "message": "Consider other words than {match}.",
        "why": "Test rule.",
        "alternatives": ["the people we serve"],
        "source": "test",
        "patterns": patterns,
        "examples": {"flag": ["x"], "pass": ["y"]},
        **extra,
    }
    return parse_rule(data, "test.yaml")


POSSESSIVE = rule(
    "T1",
    [[{"LOWER": {"IN": ["my", "our"]}}, {"IS_ALPHA": True, "OP": "{0,2}"}, {"LEMMA": "victim"}]],
    exceptions=["victim advocate"],
)
WRONG = rule("T2", ["what is wrong with you", "what's wrong with you"], category="deficit")


@pytest.fixture(scope="module")
def lint() -> Any:
    linter = Linter([POSSESSIVE, WRONG])

    def run(text: str, name: str = "note.txt") -> list[Finding]:
        return linter.lint_text(text, name)

    return run


def where(findings: list[Finding]) -> list[tuple[int, int, int, int, str]]:
    return [(f.line, f.column, f.end_line, f.end_column, f.match) for f in findings]


def test_line_and_column_are_one_based_with_exclusive_end(lint: Any) -> None:
    assert where(lint("Met my victims today.")) == [(1, 5, 1, 15, "my victims")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("First line.\r\nSaw my victims.\r\n", (2, 5, 2, 15)),
        ("First line.\rSaw my victims.\r", (2, 5, 2, 15)),
        ("\tSaw\tmy victims.", (1, 6, 1, 16)),
        ("Café — naïve 😀 notes: my victims.", (1, 23, 1, 33)),
        ("第一行。\n見た my victims", (2, 4, 2, 14)),
    ],
    ids=["crlf", "cr", "tabs", "non-ascii", "cjk"],
)
def test_columns_count_code_points_after_tabs_crlf_and_non_ascii(lint: Any, text: str, expected: tuple) -> None:
    findings = lint(text)
    assert where(findings) == [(*expected, "my victims")]
    # The reported position points at the matched words in the source.
    f = findings[0]
    line = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[f.line - 1]
    assert line[f.column - 1 : f.end_column - 1] == "my victims"
    assert text[f.start : f.end] == "my victims"


def test_inflection_and_inserted_modifiers(lint: Any) -> None:
    text = "Took my victims' kids home. Our two young victims slept."
    assert [f.match for f in lint(text)] == ["my victims", "Our two young victims"]


def test_a_match_wrapped_over_two_lines_is_found_and_positioned(lint: Any) -> None:
    text = "Two of my\r\n    victims called.\n\nNext paragraph: my\n\nvictims."
    findings = lint(text)
    assert where(findings) == [(1, 8, 2, 12, "my\r\n    victims")]
    assert "my victims" in findings[0].message, "the message shows the words, not the line break"


def test_exception_cancels_an_overlapping_match(lint: Any) -> None:
    assert lint("I called my victim advocate.") == []
    assert lint("I called my victim advocates.") == [], "exceptions match on lemmas"


def test_match_does_not_cross_a_sentence(lint: Any) -> None:
    assert lint("That was our choice. Victims came later.") == []


@pytest.mark.parametrize(
    "text",
    [
        'Client said, "He called us my victims."',
        "Client said, “my victims were fine.”",
        "Client said, ‘my victims’ is what he called us.",
        "Client said, 'my victims' is what he called us.",
        "Training slide: avoid 'what is wrong with you' and 'my victims'.",
        "Do not ask: 'What is wrong with you?'",
        "Staff should never ask this. Instead of: 'What is wrong with you?'",
    ],
)
def test_quoted_words_are_not_linted(lint: Any, text: str) -> None:
    assert lint(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Ask: 'What is wrong with you?'",
        'Say to the client: "What\'s wrong with you?"',
        "Staff: “What is wrong with you?”",
        'Q4: "What is wrong with you?"',
    ],
)
def test_a_line_staff_are_told_to_say_is_linted(lint: Any, text: str) -> None:
    assert [f.rule for f in lint(text)] == ["T2"]


def test_apostrophes_are_not_quotes(lint: Any) -> None:
    text = "The victims' lawyer didn't call; my victims' kids did."
    assert [f.match for f in lint(text)] == ["my victims"]


def test_unclosed_quote_does_not_hide_the_rest(lint: Any) -> None:
    assert [f.match for f in lint('She wrote "notes. Later my victims arrived.')] == ["my victims"]


def test_rule_may_opt_in_to_quotes() -> None:
    scare = rule("T3", [[{"LOWER": "her"}, {"ORTH": '"'}, {"IS_ALPHA": True}, {"ORTH": '"'}]], quotes="lint")
    linter = Linter([scare])
    assert [f.match for f in linter.lint_text('Her "uncle" dropped her off.', "n.txt")] == ['Her "uncle"']


def test_sentence_requires_and_excludes() -> None:
    minor = rule(
        "T4",
        ["engaged in prostitution"],
        category="minors",
        sentence_requires=[[{"TEXT": {"REGEX": "^(1[0-7]|[1-9])$"}}, {"ORTH": "-"}, {"LOWER": "year"}]],
        sentence_excludes=["statute"],
    )
    linter = Linter([minor])
    assert len(linter.lint_text("The 15-year-old engaged in prostitution.", "n.txt")) == 1
    assert linter.lint_text("The 25-year-old engaged in prostitution.", "n.txt") == []
    assert linter.lint_text("A 15-year-old. She engaged in prostitution.", "n.txt") == []
    assert linter.lint_text("The 15-year-old engaged in prostitution under the statute.", "n.txt") == []


def test_supersedes_keeps_only_the_more_specific_rule() -> None:
    general = rule("T5", ["prostitute"], category="labels")
    child = rule("T6", ["child prostitute"], category="minors", supersedes=["T5"])
    linter = Linter([general, child])
    assert [f.rule for f in linter.lint_text("She is a child prostitute.", "n.txt")] == ["T6"]
    assert [f.rule for f in linter.lint_text("She is a prostitute.", "n.txt")] == ["T5"]


def test_message_names_the_match_and_redact_hides_it() -> None:
    assert Linter([WRONG]).lint_text("What is wrong with you?", "n.txt")[0].message == (
        "Consider other words than What is wrong with you."
    )
    redacted = Linter([WRONG], redact=True).lint_text("What is wrong with you?", "n.txt")[0]
    assert redacted.match == ""
    assert "wrong" not in redacted.message


def test_empty_and_whitespace_documents(lint: Any) -> None:
    assert lint("") == []
    assert lint("  \n\t\r\n") == []


def test_a_pattern_may_report_only_some_of_its_tokens() -> None:
    broken = rule("T7", [[{"LOWER": {"IN": ["she", "client"]}}, {"LEMMA": "be"}, {"LOWER": "a", "OP": "?"},
                          {"LOWER": "broken", "REPORT": True}, {"LOWER": {"IN": ["woman", "person"]}, "REPORT": True}]],
                 category="deficit", exceptions=["broken person of interest"])
    linter = Linter([broken])
    (finding,) = linter.lint_text("Honestly, she is a broken woman.", "n.txt")
    assert (finding.match, finding.column) == ("broken woman", 20)
    assert "broken woman" in finding.message


def test_an_exception_does_not_reach_into_the_next_sentence() -> None:
    claims = rule("TX001", ["claims"], exceptions=[[{"LOWER": "claims"}, {"IS_PUNCT": True}, {"LOWER": "office"}]])
    for linter in (Linter([claims]), Linter([claims], use_prefilter=False)):
        assert [f.match for f in linter.lint_text("She claims. Office staff agreed.")] == ["claims"]
        assert [f.match for f in linter.lint_text("See the claims , office hours.")] == []


def test_sentence_starts_are_those_of_spacys_sentencizer() -> None:
    """tilint marks sentences from token arrays; the boundaries must be the sentencizer's own."""
    import random

    import spacy

    from tilint.nlp import PUNCT_CHARS, pipeline

    reference = spacy.blank("en")
    reference.add_pipe("sentencizer", config={"punct_chars": PUNCT_CHARS})
    pieces = [*".!?…,;:'\"()-", "Dr.", "U.S.", "etc.", "...", "?!", "3.5", "“", "”", "—", "\n", "She left", "Why", "a"]
    rng = random.Random(7)
    texts = ["", ".", "Hello. World", ". Hello", "Dr. Smith saw her. She left!", "Why? Because… no. OK"]
    texts += ["".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(1, 20))) for _ in range(3000)]
    for text, ours, theirs in zip(texts, pipeline().pipe(texts), reference.pipe(texts)):
        assert ours.to_array("SENT_START").tolist() == theirs.to_array("SENT_START").tolist(), text


def test_a_long_text_analysed_in_stretches_gives_the_same_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paragraphs are analysed about a megabyte at a time; repeats of one line in different
    stretches are still numbered through the whole text."""
    from tilint import runner
    from tilint.rules import builtin_rules_dir, load_rules

    linter = Linter(load_rules([builtin_rules_dir()]))
    text = "\n\n".join(["Drove my victims home.", "She claims he kept her ID.", "Drove my victims home."] * 4)
    whole = linter.lint_text(text)
    monkeypatch.setattr(runner, "BATCH_CHARS", 30)
    assert list(runner._batches([(0, 20), (22, 40), (42, 60)], 30)) == [[(0, 20)], [(22, 40)], [(42, 60)]]
    pieces = linter.lint_text(text)
    assert pieces == whole and len(whole) == 12
    repeats = sorted(f.fingerprint for f in whole if f.rule == "TI101")
    assert [p.rsplit(":", 1)[1] for p in repeats] == [str(n) for n in range(1, 9)]


@pytest.mark.parametrize(
    ("shape", "text", "expected"),
    [
        ({"shape": "described-as", "words": ["manipulative"]}, "Client is so manipulative.", ["manipulative"]),
        ({"shape": "described-as", "words": ["manipulative"]}, "Seems kind of manipulative at times.", ["manipulative"]),
        ({"shape": "described-as", "words": ["manipulative"]}, "The trafficker was manipulative.", []),
        ({"shape": "described-as", "words": ["non-compliant"]}, "Pt has been very non-compliant.", ["non-compliant"]),
        ({"shape": "told-must"}, "You must answer every question.", ["You must"]),
        ({"shape": "told-must", "words": ["answer"]}, "Staff told her she has to answer.", ["told her she has to answer"]),
        ({"shape": "told-must", "words": ["answer"]}, "You have to sign in.", []),
        ({"shape": "told-must", "words": ["sign"]}, "Youth was informed she must sign the contract.", ["was informed she must sign"]),
        ({"shape": "why-did-not", "words": ["leave"]}, "WHY DIDN'T YOU LEAVE HIM?", ["WHY DIDN'T YOU LEAVE"]),
        ({"shape": "why-did", "words": ["go back"]}, "Asked why she went back.", ["why she went back"]),
        ({"shape": "possessive", "words": ["girls"]}, "Our two older girls; our work with girls.", ["Our two older girls"]),
        # only the possessive word, so that "the" can take its place and keep "two older"; "girls of ours" stays whole
        ({"shape": "possessive", "words": ["girls"], "report": "possessor"}, "Our two older girls; two girls of mine.",
         ["Our", "girls of mine"]),
    ],
)
def test_shapes_stand_for_the_constructions_rules_share(shape: dict[str, Any], text: str, expected: list[str]) -> None:
    shaped = rule("S1", [shape], category="judgment")
    assert [f.match for f in Linter([shaped]).lint_text(text, "note.txt")] == expected


def test_windows_are_the_sentences_around_the_hits_or_the_whole_paragraph() -> None:
    """A long paragraph goes to spaCy as the sentences that hold the prefilter's hits; without
    hits to go by (None, or none at all) it goes whole, whether or not sentences start inside it
    (an empty tuple of hits once gave no stretch at all, so nothing was analysed)."""
    from tilint.engine import WINDOW_MIN, _windows
    from tilint.prefilter import Candidate

    compiled = Linter([POSSESSIVE]).compiled()
    first = "We met at the office on Main Street and went over the housing forms together. " * 3
    second = "Drove my victims home after the hearing. "
    third = "Then the caseworker called the landlord about the deposit and the repairs. " * 3
    text = first + second + third
    assert len(text) >= WINDOW_MIN
    whole = Candidate(0, len(text), frozenset({"T1"}))
    assert _windows(text, whole, compiled) == [whole]
    assert _windows(text, whole._replace(hits=()), compiled) == [whole._replace(hits=())]
    at = text.index("my victims")
    hit = (at, 0, 0, at + len("my"))
    [window] = _windows(text, whole._replace(hits=(hit,)), compiled)
    assert text[window.start : window.end] == second
    assert window.hits == ((at - window.start, 0, 0, at + len("my") - window.start),)
    # "Dr." and "a.m." end no sentence: with no sure sentence start anywhere, the paragraph is read whole
    run_on = "Met with Dr. Lee and Dr. Ruiz at 10 a.m. about my victims and their housing forms " * 6
    at = run_on.index("my victims")
    span = Candidate(0, len(run_on), frozenset({"T1"}), ((at, 0, 0, at + 2),))
    assert _windows(run_on, span, compiled) == [span]


def test_sentences_listed_by_the_annotator_are_those_of_the_doc() -> None:
    """The engine reads a doc's sentences from the Annotator's list, not from its token array;
    both give the same sentence of every token and the same bounds."""
    import random

    from tilint.engine import _sentences
    from tilint.nlp import SENTENCE_FIRSTS, pipeline

    pieces = [*".!?…,;:'\"()-", "Dr.", "U.S.", "...", "?!", "\n", "She left", "Why", "a", "my victims"]
    rng = random.Random(11)
    texts = ["", ".", "Hello. World", ". Hello", "Drove my victims home. She left! Why? OK"]
    texts += ["".join(rng.choice(pieces) + rng.choice(["", " "]) for _ in range(rng.randint(1, 30))) for _ in range(2000)]
    several = 0
    for text, doc in zip(texts, pipeline().pipe(texts)):
        assert SENTENCE_FIRSTS in doc.user_data or not len(doc)
        listed, read = _sentences(doc, listed=True), _sentences(doc, listed=False)
        assert (listed.ids, listed.bounds) == (read.ids, read.bounds), text
        several += len(read.bounds) > 2
    assert several > 100
