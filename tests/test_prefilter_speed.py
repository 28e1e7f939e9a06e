"""The prefilter's shortcuts (issue 15 item 6) skip nothing that could match: second slots found
through the paragraph's set of words, the gate before a first slot's groups of patterns, and the
automata read back from the cache."""

from __future__ import annotations

import marshal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import tilint.prefilter as prefilter_module
from tilint.prefilter import (
    Prefilter, _automaton, _mark, _marked_positions, _positions, _word_keys, load_state, store_state,
)


def _rules(prefilter: Prefilter, text: str) -> set[str]:
    return prefilter.rules_in(text)


def test_a_second_slot_found_through_punctuation_counts_however_many_patterns_share_it() -> None:
    """"you're" is the plain string 'you re' as the automaton reads it (a mark between two
    words). When more patterns have that second slot than the paragraph needs, it still counts
    for the one whose first slot is there (it was looked up as written, "you're", and missed)."""
    slots = {"R1": [[["required to"], ["you re", "youre"]]]}
    for n in range(6):  # other patterns with the same second slot, whose first slots are not in the text
        slots[f"X{n}"] = [[[f"absentword{n}"], ["you re"]]]
    prefilter = Prefilter(slots)
    assert _rules(prefilter, "You're required to sign the form.") == {"R1"}
    assert _rules(prefilter, "You-re required to sign the form.") == {"R1"}
    assert _rules(prefilter, "You are required to sign the form.") == set()
    assert _rules(prefilter, "Your requirement: you required to sign.") == set()


def _around(*entries: list) -> dict:
    return {"around": [list(entries), ["needs to"]]}


GROUPS = {  # four groups of patterns on one first slot, each with its own words around it
    "ACCEPT": [_around([1, 0, ["accept", "accepts"]])],
    "SHE": [_around([-1, 0, ["she", "he"]], [1, 1, ["their", "her", "his"]])],
    "MEDS": [_around([1, 2, ["meds", "medication"]])],
    "STILL": [_around([-1, 1, ["client"], ["still", "really"]])],  # beyond any number of "still"/"really"
    "ENDS": [{"then": [" ?(?:[^\\w\\s]|_)", ["needs to"]]}],  # "needs to." : punctuation right after
}
NEAR_MISSES = [
    "She needs to accept help.", "He needs to take his meds.", "He needs to rest.", "They needs to quickly accept it.",
    "The team needs to accept that.", "Client still really needs to rest.", "Client, still, needs to rest.",
    "Client needs to rest.", "It needs to.", "Someone she knows needs to call.", "needs to take their time",
    "We needs to take medication later.", "He needs to accept", "accept needs to", "meds needs to", "she needs to",
    "The client really still needs to rest.", "Client always still needs to rest.",
]


def test_the_gate_before_a_first_slots_groups_drops_only_what_no_group_passes(monkeypatch) -> None:
    """With the gate (a few merged checks tried first) and without it, the same rules on near
    misses where one group, several or none pass: a word of one group's list within another
    group's reach, on the wrong side, beyond skipped words, behind punctuation."""
    slots = {rule: [[["needs to"]]] for rule in GROUPS}
    gated = Prefilter(slots, GROUPS)
    plan = gated._plan("needs to", gated._plain["needs to"], None)
    assert plan[0] is not None, "the gate is made for these groups"
    expected = {  # worked out by hand from the checks above
        "She needs to accept help.": {"ACCEPT"},  # (SHE also needs their, her or his right after)
        "She needs to accept her role.": {"ACCEPT", "SHE"},
        "He needs to take his meds.": {"MEDS", "SHE"},
        "He needs to rest.": set(),
        "Client still really needs to rest.": {"STILL"},
        "It needs to.": {"ENDS"},
        "The team needs to accept that.": {"ACCEPT"},
    }
    for text, rules in expected.items():
        assert _rules(gated, text) == rules, text
    monkeypatch.setattr(prefilter_module, "_gate", lambda grouped: None)
    ungated = Prefilter(slots, GROUPS)
    assert ungated._plan("needs to", ungated._plain["needs to"], None)[0] is None
    for text in NEAR_MISSES:
        assert _rules(gated, text) == _rules(ungated, text), text


_WORDS = ["you", "re", "client", "s", "needs", "to", "co", "op", "x²", "İs", "straße"]
_TEXT = st.lists(
    st.one_of(st.sampled_from(_WORDS), st.sampled_from([" ", "  ", "-", "'", "’", ",", ".", "\n", "_", "\0", "é", "İ"])),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@example(text="You're re-referred; client's co-op", chosen=["you re", "re", "client s", "co op", "s"])
@given(text=_TEXT, chosen=st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=2).map(" ".join), max_size=8))
def test_a_paragraphs_set_of_words_finds_what_the_automaton_finds(text: str, chosen: list[str]) -> None:
    """A second slot's plain strings are found as the paragraph's words and pairs of words
    (_word_keys) met with the pattern's strings, then located: the same places as the automaton
    of plain strings finds in the marked text."""
    lower = text.lower()
    if len(lower) != len(text):
        return  # (the prefilter reads such a text one paragraph at a time, each lower-cased on its own)
    strings = {literal: [n] for n, literal in enumerate(dict.fromkeys(chosen))}
    marked = _mark(lower)
    expected = sorted((start, end, literal) for start, end, (n,) in
                      ((s, e, o) for s, e, o in _positions(_automaton(strings, marked=True), marked))
                      for literal in [list(strings)[n]])
    keys = _word_keys(marked, 0, len(lower), 2)
    found = sorted((start, end, word) for word in keys & set(strings) for start, end in _marked_positions(marked, word, 0, len(lower)))
    assert found == expected


def test_automata_read_back_from_the_cache_answer_alike(tmp_path, monkeypatch) -> None:
    """A prefilter from a stored state keeps the automata it builds beside the state; the next
    one reads them back (no note text in them) and answers alike; an entry that is not an
    automaton is ignored and the automaton built again."""
    monkeypatch.setenv("TILINT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("TILINT_NO_CACHE", raising=False)
    monkeypatch.setattr(prefilter_module, "WORD_LOOKUP_CHARS", 0)  # the automata from the first text on
    slots = {"R1": [[["required to"], ["you re"]]], "R2": [[["client's"], ["file"]]], "R3": [[["refused"], ["didn't"]]]}
    store_state("slots-test-state", Prefilter(slots).state())
    texts = ["You're required to sign.", "The client's file is here.", "She refused, didn't she?", "She refused.", "client s file"]

    def answers() -> list[set[str]]:
        state = load_state("slots-test-state")
        assert state is not None
        prefilter = Prefilter.from_state(state)
        return [_rules(prefilter, text) for text in texts]

    first = answers()
    assert first == [{"R1"}, {"R2"}, {"R3"}, set(), set()]
    stored = sorted(p.name for p in tmp_path.glob("*.automaton"))
    assert stored == ["slots-test-state-exact.automaton", "slots-test-state-plain.automaton", "slots-test-state-second.automaton"]
    assert not any(b"sign" in p.read_bytes() for p in tmp_path.glob("*.automaton")), "no note text is kept"
    assert answers() == first  # read back
    for path in tmp_path.glob("*.automaton"):
        path.write_bytes(marshal.dumps(("not", "an automaton")))
    assert answers() == first  # built again
    with pytest.raises(ValueError):
        Prefilter.from_state((0, *load_state("slots-test-state")[1:]))


def test_a_one_letter_word_between_two_slots_is_checked_as_a_word_of_its_own() -> None:
    """A word list a pattern needs between its slots may hold a letter that is a word of its own
    ("u" for "you"). It is looked for between non-letters, so the letters inside "shared" or
    "secure" do not count for it, while "saved u from" does."""
    from tilint.prefilter import _Words, _lone_letter

    assert _lone_letter("u") and not _lone_letter("d")  # "d" is a token inside "Idve", "Id"
    words = _Words(["u", "you", "her"])
    assert words.search("we saved u from that life")
    assert words.search("thank-u.")
    assert words.search("saved you")
    assert words.search("the secure shared drive") is None  # "u" only inside words
    assert words.search("sure thing", 0, 4) is None


@pytest.mark.parametrize(
    ("text", "reaches"),
    [
        ("The file was saved to the secure shared drive.", False),  # no person word between the slots
        ("Honestly we saved u from that life.", True),
        ("Together we freed u from the trafficker.", True),
    ],
)
def test_the_clean_note_sentence_no_longer_reaches_spacy(text: str, reaches: bool) -> None:
    """The benchmark's clean note went to spaCy through TI004 ("saved ... shared"), as a list
    holding "u" was not checked at all. The built-in pack's prefilter now lets it pass by, and
    still sends the sentences TI004 reports."""
    from tilint.api import Linter
    from tilint.rules import builtin_rules_dir, load_rules
    from tilint.runner import _derived

    rules = [r for r in load_rules([builtin_rules_dir()]) if r.kind != "document"]
    slots, reach = _derived(rules)
    pack = Prefilter({k: v or () for k, v in slots.items()}, reach)
    assert bool(pack.candidates(text, [(0, len(text))])) == reaches
    assert ("TI004" in [f.rule for f in Linter().lint_text(text)]) == reaches


def test_words_around_a_first_slot_count_only_within_its_paragraph() -> None:
    """The words a pattern needs near its first slot stand in the same paragraph (a match never
    crosses one), so a list word at the end of the paragraph before, or a long run without
    spaces (a table's row) before or after, does not make a paragraph a candidate; within the
    paragraph the same words still count."""
    prefilter = Prefilter({"MEDS": [[["needs to"]]], "SHE": [[["needs to"]]]}, {
        "MEDS": [_around([1, 2, ["meds", "medication"]])], "SHE": [_around([-1, 0, ["she", "he"]])],
    })
    text = "Asked about her meds\n\nneeds to rest\n\nShe needs to take meds\n\nRow,she,x,y\nneeds to"
    spans = [(0, 20), (22, 35), (37, 59), (61, 81)]
    assert [text[s:e] for s, e in spans] == ["Asked about her meds", "needs to rest", "She needs to take meds", "Row,she,x,y\nneeds to"]
    found = {(c.start, c.end): set(c.rules) for c in prefilter.candidates(text, spans)}
    assert found == {(37, 59): {"MEDS", "SHE"}, (61, 81): {"SHE"}}  # "she" is a word of the row: no boundary asked
    assert prefilter.candidates("needs to rest\n\nmeds", [(0, 13), (15, 19)]) == []


def test_a_stored_state_this_version_cannot_read_is_made_again(builtin_rules, monkeypatch):
    """A prefilter state in the cache that from_state refuses (another version's layout under the same
    key, a damaged entry) costs a rebuild, not the run: the note is still linted, with its findings."""
    from tilint.runner import Linter

    monkeypatch.setattr(prefilter_module, "load_state", lambda key: (-1, "not a state"))
    linter = Linter(builtin_rules)
    assert linter.prefilter() is not None
    findings = linter.lint_text("She claims she was locked in the back room.")
    assert [f.rule for f in findings] == ["TI402"]
