"""The literal prefilter never changes a result: the whole rule pack over the evaluation
sentences, every rule example and the example documents, with and without it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tilint.examples import iter_examples
from tilint.model import Finding, Rule
from tilint.prefilter import (
    MARK, _RUN, Prefilter, _automaton, _mark, _plain, _positions, _word_positions, split_words, token_pattern_forms,
)
from tilint.rules import parse_rule
from tilint.runner import Linter

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "dev.tsv"


def corpus(rules: list[Rule]) -> list[tuple[str, str]]:
    texts = [(f"example-{r.id}-{k}-{i}.txt", t) for r in rules for k, i, t in iter_examples(r)]
    texts += [(f"intake-script-{r.id}-{i}.md", t) for r in rules if r.kind == "document" for i, t in enumerate(r.flag)]
    texts += [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "examples").glob("*.*"))]
    texts += [(p.stem + ".txt", p.read_text(encoding="utf-8")) for p in sorted((ROOT / "tests" / "data").glob("*.tsv"))]
    if EVAL.exists():
        lines = [line.partition("\t")[2] for line in EVAL.read_text(encoding="utf-8").splitlines() if "\t" in line]
        texts += [(f"eval-{n}.txt", line) for n, line in enumerate(lines)]
        texts.append(("eval-all.txt", "\n\n".join(lines)))
    return texts


def key(findings: list[Finding]) -> list[tuple]:
    return [(f.path, f.line, f.column, f.end_line, f.end_column, f.rule, f.severity, f.match) for f in findings]


def test_prefilter_changes_no_finding(builtin_rules: list[Rule]) -> None:
    filtered = Linter(builtin_rules)
    unfiltered = Linter(builtin_rules, use_prefilter=False)
    assert filtered.prefilter() is not None, "every built-in rule has literals"
    texts = corpus(builtin_rules)
    assert len(texts) > 1000
    total = 0
    for name, text in texts:
        expected = key(unfiltered.lint_text(text, name))
        assert key(filtered.lint_text(text, name)) == expected, name
        total += len(expected)
    assert total > 500, "the corpus exercises the rules"


def test_prefilter_skips_paragraphs_without_any_literal(builtin_rules: list[Rule]) -> None:
    prefilter = Linter(builtin_rules).prefilter()
    assert prefilter is not None
    assert not prefilter.hits("Client arrived at noon with her sister. We reviewed the application together.")
    assert prefilter.hits("Met two of my VICTIMS at court.")


def test_whole_token_boundaries() -> None:
    prefilter = Prefilter(["ho", "can", "cannot", "didn't", "'s"])
    assert not prefilter.hits("the housing office; echo")
    assert prefilter.hits("Ho, said the note") and prefilter.hits("she cannot") and prefilter.hits("She didn't.")
    assert prefilter.hits("the client's bag"), "a literal that starts with punctuation needs no boundary before it"
    assert not Prefilter(["can"]).hits("she cannot"), "without the split word, 'can' inside 'cannot' is no token"
    assert not Prefilter(["n't"]).hits("didn't"), "which is why the tokenizer's split words are added to literals"
    assert Prefilter(["victims"]).hits("my victims\U0001F600") and Prefilter(["victims"]).hits("\u00a0victims."), (
        "any character that is not a letter or digit is a boundary, beyond the Basic Multilingual Plane too"
    )
    assert not Prefilter(["victims"]).hits("\U0001D400victims"), "a mathematical letter is a letter"
    text = "Trip to İzmir.\n\nMet my victims."  # lower-casing "İ" adds a character: read paragraph by paragraph
    assert [(c.start, c.end) for c in Prefilter(["victims"]).candidates(text, [(0, 14), (16, 31)])] == [(16, 31)]


def test_split_words_lists_what_the_tokenizer_splits_inside_a_word() -> None:
    from spacy.attrs import ORTH

    from tilint.nlp import pipeline

    splits = split_words(pipeline().tokenizer.rules, ORTH)
    assert "cannot" in splits["can"]
    assert "gonna" in splits["gon"]


def test_lemma_tokens_list_every_inflection() -> None:
    forms = token_pattern_forms([{"LOWER": "my"}, {"LEMMA": {"IN": ["victim", "refuse"]}}])
    assert forms is not None and {"victims", "refused", "refusing"} <= forms


def test_a_pattern_that_names_no_word_must_say_so() -> None:
    data = {
        "id": "AG1", "name": "quoted-word", "category": "credibility", "severity": "info", "message": "m",
        "why": "w", "alternatives": ["a"], "source": "s", "examples": {"flag": ["x"], "pass": ["y"]},
        "patterns": [[{"IS_QUOTE": True}, {"IS_ALPHA": True}, {"IS_QUOTE": True}]],
    }
    from tilint.rules import RuleError

    with pytest.raises(RuleError, match=r"key 'patterns\[0\]': no required token fixes a word"):
        parse_rule(data, "agency.yaml")
    assert parse_rule({**data, "prefilter": "off"}, "agency.yaml").prefilter is False


def test_only_sentences_holding_every_slot_are_analysed(builtin_rules: list[Rule]) -> None:
    linter = Linter(builtin_rules)
    prefilter = linter.prefilter()
    assert prefilter is not None
    text = "We talked about why. She did not leave the flat that day. Why didn't you leave?"
    (candidate,) = prefilter.candidates(text, [(0, len(text))])
    sentences = [(0, 20), (21, 57), (58, len(text))]

    def sentence_of(offset: int) -> int:
        return next(n for n, (start, end) in enumerate(sentences) if start <= offset < end)

    by_sentence = {n: {r for r, _ in found} for n, found in prefilter.patterns_by_group(candidate.hits, sentence_of).items()}
    assert 2 in by_sentence and "TI301" in by_sentence[2], "the question holds 'why' and 'leave'"
    assert "TI301" not in by_sentence.get(0, ()) and "TI301" not in by_sentence.get(1, ()), (
        "'why' and 'leave' in different sentences cannot make one match"
    )
    assert [f.rule for f in linter.lint_text(text)] == ["TI301"]



def test_words_of_two_slots_must_stand_near_enough() -> None:
    """'client' ... 'evasive' can only match as 'Client was evasive' (at most two tokens between
    them), so a paragraph where they stand far apart is not analysed for that rule. (An agency
    rule of its own: the built-in TI406 now also matches initials, "A.R. was evasive", whose
    pattern names no word before the verb, so any "was evasive" reaches it.)"""
    rule = parse_rule({
        "id": "AG1", "name": "evasive", "category": "credibility", "severity": "info", "message": "m",
        "why": "w", "alternatives": ["a"], "source": "s",
        "examples": {"flag": ["Client was evasive."], "pass": ["The answer was evasive."]},
        "patterns": [[{"LOWER": "client"}, {"IS_ALPHA": True, "OP": "{0,2}"}, {"LOWER": "evasive"}]],
    }, "agency.yaml")
    linter = Linter([rule])
    prefilter = linter.prefilter()
    assert prefilter is not None
    far = "Client came in at noon and we talked about the long bus ride home, which was evasive."
    near = "Client has been evasive about the dates."
    assert "AG1" not in prefilter.rules_in(far)
    assert "AG1" in prefilter.rules_in(near)
    assert [f.rule for f in linter.lint_text(near)] == ["AG1"]
    assert linter.lint_text(far) == Linter([rule], use_prefilter=False).lint_text(far) == []


def test_reach_counts_the_tokens_a_pattern_allows_between_its_slots() -> None:
    from tilint.prefilter import _reach

    pattern = [{"LOWER": "a"}, {"IS_ALPHA": True, "OP": "{0,3}"}, {"LOWER": "b", "OP": "?"}, {"LOWER": "c"}]
    assert _reach(pattern, {0}, {3}) == [1, 4]
    assert _reach(pattern, {3}, {0}) == [-1, 4]
    assert _reach([{"LOWER": "a"}, {"OP": "*"}, {"LOWER": "c"}], {0}, {2}) is None
    assert _reach([{"LOWER": "a", "OP": "{1,2}"}, {"LOWER": "c"}], {1}, {0}) == [-1, 1]
    assert _reach([{"LOWER": "a"}, {"LOWER": "b"}, {"LOWER": "c"}], {0, 1}, {2}) == [1, 1], "a pair may be half-found"


def test_a_pair_of_tokens_brings_only_the_split_words_that_can_hold_it() -> None:
    from spacy.attrs import ORTH

    from tilint.nlp import pipeline
    from tilint.prefilter import split_tokens, with_split_words

    rules = pipeline().tokenizer.rules
    splits, tokens_of = split_words(rules, ORTH), split_tokens(rules, ORTH)
    assert {"id", "im"} <= with_split_words({"i"}, splits, tokens_of), "'I' alone may be inside 'Id' (I + d)"
    assert not {"id", "im"} & with_split_words({"i rescued"}, splits, tokens_of), "no 'rescued' follows the I of 'Id'"
    assert "cannot tell" in with_split_words({"not tell"}, splits, tokens_of), "'cannot tell': the pair starts inside the word"
    assert "we cannot" in with_split_words({"we can"}, splits, tokens_of), "'we cannot': the pair ends inside the word"
    assert "cannot" in with_split_words({"can not"}, splits, tokens_of), "the word holds the pair"
    assert "id" not in with_split_words({"guilted i"}, splits, tokens_of), "not every 'ID': only 'guilted id'"
    assert "guilted id" in with_split_words({"guilted i"}, splits, tokens_of)


def test_reading_only_the_sentences_with_hits_changes_no_finding(builtin_rules: list[Rule], monkeypatch) -> None:
    """Long paragraphs go to spaCy as the stretches of sentences that hold the prefilter's hits,
    cut only where a sentence surely starts (not after "Dr." or "U.S.", not before a quotation's
    closing mark). Every paragraph of this corpus is cut, and the findings are those of a run
    that reads every paragraph whole."""
    from tilint import engine

    monkeypatch.setattr(engine, "WINDOW_MIN", 0)
    filtered = Linter(builtin_rules)
    unfiltered = Linter(builtin_rules, use_prefilter=False)
    lines = [t for _, t in corpus(builtin_rules) if "\n" not in t.strip()]
    tricky = [
        "Met Dr. Lee at 10 a.m. today. She claims he kept her ID. \"Why didn't you leave?\" he asked.",
        "We drove to the U.S. Attorney's office. My victims were there! Then (briefly) we left.",
        "She said: 'I am not a prostitute.' Staff called her an addict… The interpreter was late.",
    ]
    paragraphs = [" ".join(lines[i : i + 7]) for i in range(0, len(lines), 7)] + tricky
    assert sum(len(p) for p in paragraphs) > 20_000
    total = 0
    for number, paragraph in enumerate(paragraphs):
        expected = key(unfiltered.lint_text(paragraph, f"long-{number}.txt"))
        assert key(filtered.lint_text(paragraph, f"long-{number}.txt")) == expected, paragraph
        total += len(expected)
    assert total > 200


def test_plain_strings_are_those_marking_leaves_as_they_are() -> None:
    """A plain string is searched in marked text, so every character of it but the spaces must
    come through _mark unchanged: on every code point, _plain and _mark agree; and a run of
    letters and digits (how strings are looked up word by word) is what str.isalnum() accepts."""
    for code in range(0x110000):
        char = chr(code)
        assert _plain(char) == (char != MARK and _mark(char) == MARK + char + MARK), hex(code)
        assert (_RUN.fullmatch(char) is not None) == char.isalnum(), hex(code)
    for literal in ["my victims", "x² 1st"]:
        assert _plain(literal) and _mark(literal) == MARK + literal.replace(" ", MARK) + MARK
    for literal in ["", " ", "my  victims", " my", "my ", "didn't", "co_worker", "my\tvictims"]:
        assert not _plain(literal), literal




WORDS = ["my", "victims", "girls", "had", "been", "x²", "1st", "İs", "straße", "co", "op", "ll"]
_TEXT = st.lists(
    st.one_of(st.sampled_from(WORDS), st.sampled_from([" ", "  ", "-", "'", "’", ",", ".", "\n", "\t", "_", "\0", "é", "İ"])),
    max_size=40,
).map("".join)


@settings(max_examples=400, deadline=None)
@example(text="Two of my victims-had been", chosen=["victims", "my victims", "victims had", "had been", "had"])
@given(text=_TEXT, chosen=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join), max_size=8))
def test_looking_up_words_finds_what_the_automaton_finds(text: str, chosen: list[str]) -> None:
    """Before its automaton is built, the plain strings are looked up word by word: the same
    positions, patterns and order, whatever the text (runs of marks, underscores, letters whose
    lower case is longer, words that contain a string)."""
    strings = {literal: [n] for n, literal in enumerate(dict.fromkeys(chosen))}
    most = max((s.count(" ") + 1 for s in strings), default=0)
    for sample in (text, text.lower()):
        assert _word_positions(strings, most, sample) == _positions(_automaton(strings, marked=True), _mark(sample))


def test_the_prefilter_answers_alike_before_and_after_its_automaton_is_built(builtin_rules: list[Rule], monkeypatch) -> None:
    import tilint.prefilter as prefilter_module

    texts = [text for _, text in corpus(builtin_rules)]
    wanted = {r.id for r in builtin_rules}

    def candidates(limit: int) -> list:
        monkeypatch.setattr(prefilter_module, "WORD_LOOKUP_CHARS", limit)
        prefilter = Linter(builtin_rules).prefilter()
        assert prefilter is not None
        found = [[c[:4] for c in prefilter.candidates(text, [(0, len(text))], wanted)] for text in texts]
        assert (prefilter._first is None) == (limit > sum(map(len, texts))), "the path asked for was taken"
        return found

    by_words = candidates(10**12)
    assert sum(map(len, by_words)) > 500
    assert by_words == candidates(0)


def test_realistic_notes_give_the_same_findings_with_and_without_the_prefilter(builtin_rules: list[Rule], tmp_path) -> None:
    """benchmarks/make_realistic.py: case-note paragraphs full of harmless trigger words
    ("declined", "admitted to the hospital", "victim advocate", "wage claim", a landlord who
    "refused", "must", "need to"), one flagged sentence in 40: the notes where the prefilter's
    checks beyond its words (initials, what stands between two words, what follows) decide most."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import make_realistic
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    make_realistic.generate(tmp_path, files=16)
    filtered = Linter(builtin_rules)
    unfiltered = Linter(builtin_rules, use_prefilter=False)
    total = 0
    for path in sorted(tmp_path.rglob("*.txt")):
        text = path.read_text(encoding="utf-8")
        expected = key(unfiltered.lint_text(text, path.name))
        assert key(filtered.lint_text(text, path.name)) == expected, path.name
        total += len(expected)
    assert total > 20, "the notes hold flagged sentences"


def _agency_rule(patterns: list) -> Rule:
    return parse_rule({
        "id": "AG1", "name": "checks", "category": "judgment", "severity": "info", "message": "m",
        "why": "w", "alternatives": ["a"], "source": "s", "examples": {"flag": ["x"], "pass": ["y"]},
        "patterns": patterns,
    }, "agency.yaml")


def test_a_word_list_written_as_a_regex_is_a_slot_and_initials_are_a_shape() -> None:
    from tilint.prefilter import _alternatives, _loosened, token_shape

    assert _alternatives({"REGEX": "^(?:you|u|ya)$"}) == ["you", "u", "ya"]
    assert _alternatives({"REGEX": "^(?:1[89])$"}) is None and _alternatives({"REGEX": "^you"}) is None
    assert _loosened(r"^(?:[A-Z]\.){2,3}$") == r"(?:[A-Z]\.){2,3}" and _loosened(r"\bfoo\b") == "foo"
    assert _loosened("^[^$]x$") == "[^$]x", "a class keeps its characters"
    assert _loosened("(?<=a)b") is None, "a lookaround reads beyond the token: no shape"
    assert token_shape({"TEXT": {"REGEX": r"^(?:[A-Z]\.){2,3}$"}, "OP": "?"}) is None
    # "A.R. refused." and "Client refused." flag; any other "refused." does not reach spaCy for this rule
    rule = _agency_rule([[{"VOCAB": "people-served"}, {"LEMMA": "refuse"}, {"LOWER": "again", "OP": "?"}, {"IS_PUNCT": True}]])
    linter = Linter([rule])
    prefilter = linter.prefilter()
    assert prefilter is not None
    assert prefilter.hits("A.R. refused.") and prefilter.hits("Met A.R. today. She refused again.")
    assert not prefilter.hits("The landlord refused to fix the heat."), "no punctuation after 'refused'"
    assert not prefilter.hits("Met a.r. today; the landlord refused."), "initials are capitals: no shape, no word before"
    for text in ["A.R. refused.", "J.M.K. refused again!", "The landlord refused.", "Met A.R. today. Landlord refused."]:
        assert key(linter.lint_text(text)) == key(Linter([rule], use_prefilter=False).lint_text(text)), text


def test_only_listed_words_may_stand_between_two_slots() -> None:
    from tilint.prefilter import _free_words

    words = frozenset({"again", "also", "can", "not"})
    assert _free_words(" again also ", words, 0) and not _free_words(" again today ", words, 0)
    assert _free_words(" again today ", words, 1), "one word may be any word"
    assert _free_words(" cannot ", words, 0), "a run the tokenizer may split into listed words"
    assert _free_words("xyz again ", words, 0), "the first run may belong to the slot's own token"
    assert _free_words(" today, ", words, 0), "a run with punctuation is several tokens: not counted"
    rule = _agency_rule([[{"LOWER": {"IN": ["client", "she"]}}, {"LOWER": {"IN": ["again", "still"]}, "OP": "*"}, {"LOWER": "refuses"}]])
    linter = Linter([rule])
    prefilter = linter.prefilter()
    assert prefilter is not None
    assert prefilter.hits("She still refuses.") and prefilter.hits("Client again still refuses")
    assert not prefilter.hits("She said the landlord refuses to fix it.")
    assert [f.rule for f in linter.lint_text("She still refuses.")] == ["AG1"]


def test_a_prefilter_made_from_its_stored_state_answers_alike(builtin_rules: list[Rule]) -> None:
    """A run stores the prefilter's state (marshal) and the next run starts from it instead of
    the derived slots: the same paragraphs, rules and hits, word by word and by automaton."""
    import marshal

    import tilint.prefilter as prefilter_module

    from tilint.runner import _derived

    slots, reach = _derived(builtin_rules)
    original = prefilter_module.Prefilter({k: v or () for k, v in slots.items()}, reach)  # from the slots, not a state
    state = marshal.loads(marshal.dumps(original.state()))
    texts = [text for _, text in corpus(builtin_rules)][:400]
    wanted = {r.id for r in builtin_rules}
    restored = prefilter_module.Prefilter.from_state(state)
    fresh = prefilter_module.Prefilter.from_state(state)
    assert [[c[:4] for c in restored.candidates(t, [(0, len(t))], wanted)] for t in texts] == [
        [c[:4] for c in original.candidates(t, [(0, len(t))], wanted)] for t in texts
    ]
    with pytest.raises(ValueError):
        prefilter_module.Prefilter.from_state((0, *state[1:]))
    assert not fresh.empty
