"""A literal prefilter: only paragraphs that hold the words some pattern needs reach spaCy.

For every pattern of every rule, one or two *slots* are chosen: a required token, or two
adjacent ones, whose lower-cased surface forms (every inflection of a LEMMA, the words
themselves for LOWER, TEXT or ORTH) are rarest in case notes, estimated from word
frequencies. For two slots the pattern also says which way round they stand and how many
tokens it allows between them. A paragraph that lacks a slot, or holds the two only too far
apart, cannot produce a match of that pattern, so skipping it never changes a result; within
a paragraph, a pattern needs to run only on the sentences that hold its slots. The strings
are searched with Aho-Corasick automata (pyahocorasick).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

from tilint.lexicon import forms_of, word_log_probs
from tilint.model import Rule
from tilint.nlp import PUNCT_CHARS

LITERAL_ATTRS = ("LOWER", "TEXT", "ORTH", "LEMMA")
SENTENCE_FINAL = frozenset(PUNCT_CHARS)  # the characters of the tokens after which tilint.nlp starts a sentence
ALGORITHM = 15  # part of the cache key: bump when the way literals are derived (or their state stored) changes
UNSEEN_LOG_PROB = -20.0
COMMON_FLOOR = 0.01  # stop words and case-note words count as this frequent at least
PAIR_FACTOR = 2.0  # how much likelier two words are side by side than by chance (a rough guess)
MAX_PAIRS = 600
PARAGRAPH_WORDS = 60  # a typical case-note paragraph, for estimating how many paragraphs a word is in
# Words that general English rates rare but case notes use in nearly every paragraph.
CASE_NOTE_WORDS = frozenset(
    "client clients staff advocate advocates case cases manager services service program programs appointment "
    "appointments plan plans referral referrals session sessions meeting meetings note notes today week "
    "shelter housing court police worker workers resident residents participant participants".split()
)
# Words that general English rates rare (1e-5 to 7e-4) but case notes use in many paragraphs
# (several times to fifty times as often, in the evaluation sets' lines): the reporting verbs
# ("said", "told", "shared"), what a client refused, declined, failed or needs, the phone, the
# shift, the kids. Counted at least this frequent, so a rarer word of the same pattern is the
# string searched for ("said ... everything" is found by "everything", not by every "said").
# The office, the legal clinic, what was scheduled, signed or confirmed, the documents, the
# agency, a safe place, the street, the mail: ten to fifty times their general rating.
CASE_NOTE_FREQUENT = frozenset(
    "said told says stated reported shared asked refused declined needs wants failed phone shift kids baby "
    "claim victim pick bring papers office legal scheduled schedule report documents agency signed safe street "
    "mail confirmed".split()
)
CASE_NOTE_FREQUENT_FLOOR = 0.005
# Stop words that general English rates rarer than this (and not so rare that the rating is a
# gap of the table: "cannot", "n’t"): reflexives, "whom", "nobody", "upon". They count as this
# many times their rating, not as COMMON_FLOOR, so a list of them ("herself", "himself",
# "themselves") can be a pattern's searched string rather than "for" or "of" beside it.
RARE_STOP_WORD = (1e-6, 2e-4)
RARE_STOP_WORD_FACTOR = 10.0
OPTIONAL_OP = re.compile(r"^(?:[?*!]|\{0?,\d*\}|\{0\})$")

# A phrase as the compile step sees it: the (lower, lemma) pair of each token.
Tokenize = Callable[[str], Sequence[tuple[str, str]]]


def token_forms(token: dict[str, Any], common: frozenset[str] = frozenset()) -> frozenset[str] | None:
    """The lower-cased strings a token pattern can match, or None when it fixes no word."""
    if OPTIONAL_OP.match(str(token.get("OP", ""))):
        return None
    found: frozenset[str] | None = None
    for attr in LITERAL_ATTRS:
        if attr not in token:
            continue
        values = _values(token[attr])
        if values is None and attr != "LEMMA":
            values = _alternatives(token[attr])
        if values is None:
            continue
        forms = frozenset(f for v in values for f in (forms_of(v) if attr == "LEMMA" else {v.lower()}))
        if found is None or _frequency(forms, common) < _frequency(found, common):
            found = forms
    return _lower_allows(token, found)


def _lower_allows(token: dict[str, Any], forms: frozenset[str] | None) -> frozenset[str] | None:
    """*forms* without those the token's ``LOWER: {REGEX: ...}`` rules out (spaCy searches the
    expression in the token's lower-cased text, which is one of its forms): a lemma's forms with
    ``LOWER: {REGEX: "s$"}`` are its plurals only ("clients", not "client")."""
    value = token.get("LOWER")
    if forms is None or not (isinstance(value, dict) and isinstance(value.get("REGEX"), str)):
        return forms
    try:
        regex = re.compile(value["REGEX"])
    except re.error:
        return forms
    kept = frozenset(form for form in forms if regex.search(form))
    return kept or None


# A regular expression that is only a list of words: ^word$, ^(?:you|u|ya)$
_ALTERNATION = re.compile(r"\^(?:\(\?:([\w'’]+(?:\|[\w'’]+)*)\)|([\w'’]+(?:\|[\w'’]+)*))\$")


def _alternatives(value: Any) -> list[str] | None:
    """The words a ``{REGEX: ...}`` predicate that only lists whole words can match
    (``^(?:you|u|ya)$``: you, u, ya), lower-cased; None for any other value."""
    if not (isinstance(value, dict) and list(value) == ["REGEX"] and isinstance(value["REGEX"], str)):
        return None
    found = _ALTERNATION.fullmatch(value["REGEX"])
    if found is None:
        return None
    return [word.lower() for word in (found.group(1) or found.group(2)).split("|")]


# A token's shape: a slot that is not a word but a regular expression searched in the text.
# Stored among a slot's strings as SHAPE + "c" (case as written: TEXT, ORTH) or "l" (LOWER)
# + the expression; it is only ever a pattern's second slot, so it is searched only in the
# paragraphs that hold the pattern's first slot.
SHAPE = "\x01"
SHAPE_FREQUENCY = 0.02  # how often a shape's token is taken to occur (a guess: initials, digits)
SHAPE_ATTRS = {"TEXT": "c", "ORTH": "c", "LOWER": "l"}


def token_shape(token: dict[str, Any]) -> Slot | None:
    """The shape slot of a required token whose TEXT, ORTH or LOWER has a REGEX predicate
    (the vocabularies' initials, "A.R."), or None. A token's text is a piece of the paragraph,
    so wherever the token matches, the expression with its anchors and word-boundary
    assertions dropped (which can only let more text through) is found in the paragraph."""
    if OPTIONAL_OP.match(str(token.get("OP", ""))):
        return None
    for attr, case in SHAPE_ATTRS.items():
        value = token.get(attr)
        if isinstance(value, dict) and isinstance(value.get("REGEX"), str):
            loose = _loosened(value["REGEX"])
            if loose is not None:
                return frozenset({SHAPE + case + loose})
    return None


def _loosened(expression: str) -> str | None:
    """*expression* without its anchors (^, $, \\A, \\Z) and word boundaries (\\b, \\B), or
    None when it has something else that looks beyond the text it matches (a lookaround) or
    Python cannot compile it."""
    out: list[str] = []
    in_class = False
    index = 0
    while index < len(expression):
        char = expression[index]
        if char == "\\" and index + 1 < len(expression):
            pair = expression[index : index + 2]
            if in_class or pair[1] not in "AZbBz":  # an assertion of where the match stands: dropped
                out.append(pair)
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":  # a class: "[^]a]" holds "]" and "a"
            lead = 2 if expression.startswith("[^", index) else 1
            if expression[index + lead : index + lead + 1] == "]":
                lead += 1
            out.append(expression[index : index + lead])
            index += lead
            in_class = True
            continue
        elif char in "^$":
            index += 1
            continue
        elif expression.startswith(("(?=", "(?!", "(?<=", "(?<!"), index):
            return None
        out.append(char)
        index += 1
    loose = "".join(out)
    try:
        re.compile(loose)
    except re.error:
        return None
    return loose


def is_shape(slot: Iterable[str]) -> bool:
    """Whether a slot is a shape (see token_shape)."""
    return any(word.startswith(SHAPE) for word in slot)


def _values(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and isinstance(value.get("IN"), list):
        items = value["IN"]
        return [v for v in items if isinstance(v, str)] if all(isinstance(v, str) for v in items) else None
    return None


@lru_cache(maxsize=65536)  # asked again for every choice of slots a pattern is weighed on
def _frequency(forms: frozenset[str], common: frozenset[str]) -> float:
    """How often these forms occur in case notes, estimated (lower is rarer and better).

    Without word statistics (*common* empty) longer forms count as rarer."""
    if is_shape(forms):
        return SHAPE_FREQUENCY
    if not common:
        return -min(map(len, forms))
    return sum(_word_frequency(form, common) for form in forms)


def _word_frequency(form: str, common: frozenset[str]) -> float:
    if " " in form:  # two adjacent tokens: far rarer than either word alone
        first, _, second = form.partition(" ")
        return _word_frequency(first, common) * _word_frequency(second, common) * PAIR_FACTOR
    frequency = math.exp(word_log_probs().get(form, UNSEEN_LOG_PROB))
    if form in common and form.isalpha() and RARE_STOP_WORD[0] < frequency < RARE_STOP_WORD[1]:
        frequency *= RARE_STOP_WORD_FACTOR  # "herself", "whom", "nobody": not every paragraph's word
    elif form in common or form in CASE_NOTE_WORDS:
        frequency = max(frequency, COMMON_FLOOR)
    elif form in CASE_NOTE_FREQUENT:
        frequency = max(frequency, CASE_NOTE_FREQUENT_FLOOR)
    return frequency


def _join(first: frozenset[str], second: frozenset[str]) -> frozenset[str] | None:
    """The strings two adjacent tokens make in the view: one space between two words, and
    either a space or nothing next to punctuation ("did" + "n't")."""
    if len(first) * len(second) > MAX_PAIRS:
        return None
    joined = set()
    for a in first:
        for b in second:
            joined.add(f"{a} {b}")
            if not (a[-1:].isalnum() and b[:1].isalnum()):
                joined.add(a + b)
    return frozenset(joined)


Slot = frozenset[str]  # the strings one required token (or two adjacent ones) can be


def _candidates(singles: Sequence[Slot | None], common: frozenset[str]) -> list[tuple[Slot, set[int]]]:
    """Each required token's forms, and each two adjacent required tokens' joined forms, with the
    token positions they stand for."""
    found = [(forms, {i}) for i, forms in enumerate(singles) if forms]
    if common:
        for i, (a, b) in enumerate(zip(singles, singles[1:])):
            joined = _join(a, b) if a and b else None
            if joined:
                found.append((joined, {i, i + 1}))
    return found


def _hit_chance(slots: Sequence[Slot], common: frozenset[str]) -> float:
    """The estimated share of paragraphs holding every one of *slots*."""
    chance = 1.0
    for slot in slots:
        chance *= 1 - math.exp(-PARAGRAPH_WORDS * max(_frequency(slot, common), 0))
    return chance if common else -sum(-_frequency(slot, common) for slot in slots)


def _best(singles: Sequence[Slot | None], common: frozenset[str]) -> list[Slot] | None:
    """The one or two slots (not sharing a token) that the fewest paragraphs hold together.
    A match holds every required token, so a paragraph lacking any chosen slot cannot match."""
    chosen = _best_placed(singles, common)
    return [slot for slot, _ in chosen] if chosen else None


def _best_placed(
    singles: Sequence[Slot | None], common: frozenset[str], shapes: Sequence[Slot | None] = ()
) -> list[tuple[Slot, set[int]]] | None:
    """_best, with the pattern tokens each slot stands for. A token that names no word but has
    a shape (see token_shape) may be the second slot, never the first."""
    candidates = _candidates(singles, common)
    if not candidates:
        return None
    choices: list[list[tuple[Slot, set[int]]]] = [[c] for c in candidates]
    if common:
        for i, (first, used) in enumerate(candidates):
            for second, other in candidates[i + 1 :]:
                if not used & other:
                    choices.append([(first, used), (second, other)])
        for index, shape in enumerate(shapes):
            if shape and not (index < len(singles) and singles[index]):
                choices += [[c, (shape, {index})] for c in candidates if index not in c[1]]
    best = min(choices, key=lambda slots: _hit_chance([s for s, _ in slots], common))
    # rarest first: the one scanned for (a shape never is)
    return sorted(best, key=lambda slot: (is_shape(slot[0]), _frequency(slot[0], common)))


def _between(first: set[int], second: set[int]) -> tuple[int, int, list[int]]:
    """Where two slots' tokens stand apart: the last token of the earlier slot, the first of the
    later one, and the tokens that may stand between their strings: those between the slots, and
    the slots' own (a slot of two tokens may be found through a word the tokenizer splits, which
    holds only one of them: the other may stand between the slots)."""
    low, high = (max(first), min(second)) if min(second) > max(first) else (max(second), min(first))
    return low, high, [*range(low + 1, high), *first, *second]


def _reach(pattern: Sequence[dict[str, Any]], first: set[int], second: set[int]) -> list[int] | None:
    """How the second slot's tokens stand to the first's: [1, n] when they come after it with at
    most n tokens between, [-1, n] when before it; None when nothing bounds the distance. A slot
    token that may repeat ({1,3}) counts its other repetitions as tokens that may stand between."""
    order = 1 if min(second) > max(first) else -1
    low, high, indices = _between(first, second)
    most = 0
    for index in indices:
        times = _most(pattern[index])
        if times is None:
            return None
        most += times if low < index < high else times - 1
    # A slot of two tokens ("n't have") may be found through a word the tokenizer splits
    # ("don't"), which holds only one of them: the other may stand between the slots.
    most += len(first) - 1 + len(second) - 1
    return [order, most]


def _gap(pattern: Sequence[dict[str, Any]], first: set[int], second: set[int]) -> list[Any] | None:
    """What may stand between two slots' tokens, beyond how many tokens (see _reach): [n, words],
    where *words* are every string the tokens between can be that are limited to a list of words
    (LOWER/ORTH/TEXT in a list, a LEMMA's forms), and at most n tokens between may be anything
    else; None when that number has no limit. So "she ... refused", with only adverbs from the
    pattern's list allowed between, needs every word between to be one of them."""
    low, high, indices = _between(first, second)
    free = len(first) - 1 + len(second) - 1  # the other half of a pair found through a split word (see _reach)
    words: set[str] = set()
    for index in indices:
        token = pattern[index]
        times = _most(token)
        inside = low < index < high
        forms = _closed_forms(token)
        if forms is not None:
            words |= forms
        elif times is None:
            return None
        else:
            free += times if inside else times - 1
    return [free, sorted(words)]


# Characters no word-like token holds: where only such tokens may stand between two slots, one
# of these between their strings (a sentence's end, a comma) means they cannot match together.
GAP_STOPS = re.compile(r"[.,;:!?()\[\]{}\"“”…]")


def _wordy(pattern: Sequence[dict[str, Any]], first: set[int], second: set[int]) -> bool:
    """Whether every token between two slots' tokens, and the slots' own (see _reach: half of a
    split word may stand between), is word-like: IS_ALPHA, or limited to a list of strings none of
    which holds a GAP_STOPS character. Then the text between their strings holds no such character."""
    for index in _between(first, second)[2]:
        token = pattern[index]
        if str(token.get("OP", "")) == "!":  # a token that is not something: it may be anything
            return False
        if token.get("IS_ALPHA") is True:
            continue
        forms = _closed_forms(token)
        if forms is None or any(GAP_STOPS.search(form) for form in forms):
            return False
    return True


def _closed_forms(token: dict[str, Any]) -> frozenset[str] | None:
    """Every lower-cased string a token can be, when a list of words limits it, whatever its OP."""
    found: frozenset[str] | None = None
    for attr in LITERAL_ATTRS:
        if attr in token:
            values = _values(token[attr])
            if values is None and attr != "LEMMA":
                values = _alternatives(token[attr])
            if values is not None:
                forms = frozenset(f for v in values for f in (forms_of(v) if attr == "LEMMA" else {v.lower()}))
                found = forms if found is None else found & forms
    return found


def _most(token: dict[str, Any]) -> int | None:
    """How many tokens one pattern token can match at most (None: no limit)."""
    op = str(token.get("OP", ""))
    if op in ("", "?", "1", "!"):  # ("!" matches no token; counting one is on the safe side)
        return 1
    bound = re.fullmatch(r"\{(\d*)(,?)(\d*)\}", op)
    if bound is None or (bound.group(2) and not bound.group(3)):  # "*", "+", "{n,}"
        return None
    return int(bound.group(3) if bound.group(2) else bound.group(1))


def token_pattern_slots(pattern: Sequence[dict[str, Any]], common: frozenset[str] = frozenset()) -> list[Slot] | None:
    """The slots a paragraph must hold for a token pattern to match, or None when no token fixes a word."""
    return _best([token_forms(t, common) for t in pattern], common)


def phrase_slots(
    tokens: Sequence[tuple[str, str]], by_lemma: bool, common: frozenset[str] = frozenset()
) -> list[Slot] | None:
    """The slots a paragraph must hold for a tokenized phrase to match."""
    return _best(_phrase_singles(tokens, by_lemma), common)


def _phrase_singles(tokens: Sequence[tuple[str, str]], by_lemma: bool) -> list[Slot | None]:
    singles = [forms_of(lemma) | {lower} if by_lemma else frozenset({lower}) for lower, lemma in tokens]
    return [c if all(c) else None for c in singles]


def token_pattern_forms(pattern: Sequence[dict[str, Any]], common: frozenset[str] = frozenset()) -> Slot | None:
    """All the strings of a token pattern's chosen slots (for reports and tests)."""
    slots = token_pattern_slots(pattern, common)
    return frozenset().union(*slots) if slots else None


def phrase_forms(tokens: Sequence[tuple[str, str]], by_lemma: bool, common: frozenset[str] = frozenset()) -> Slot | None:
    """All the strings of a phrase's chosen slots (for reports)."""
    slots = phrase_slots(tokens, by_lemma, common)
    return frozenset().union(*slots) if slots else None


def slot_inputs(rule: Rule) -> tuple[Any, ...]:
    """What rule_slots reads of a rule; the cache of derived slots is keyed by it."""
    return (rule.id, rule.prefilter, rule.match_on, rule.patterns, rule.subject, rule.context if rule.subject else ())


def rule_slots(rule: Rule, tokenize: Tokenize, common: frozenset[str] = frozenset()) -> list[list[Any]] | None:
    """For each pattern of *rule*, the slots a paragraph must all hold for it to match, and for
    two slots how far apart their words may stand (see _reach; None: any distance); None means
    "any paragraph" (a rule with ``prefilter: off``). Reads only what slot_inputs names."""
    if not rule.prefilter:
        return None
    found: list[list[Any]] = []
    subject = _subject_words(rule)
    for pattern in rule.patterns:
        if isinstance(pattern, str):
            tokens = [{}] * len(phrase := tokenize(pattern))  # each phrase token is one token
            placed = _best_placed(_phrase_singles(phrase, rule.match_on == "lemma"), common)
        else:
            tokens = pattern
            placed = _best_placed([token_forms(t, common) for t in pattern], common, [token_shape(t) for t in pattern])
        if not placed:
            return None
        slots: list[Any] = [slot for slot, _ in placed]
        slots.append(_checks(tokens, [positions for _, positions in placed], slots[0], subject is not None))
        found.append(slots)
    if subject is not None and any(pattern[-1] and "subject" in pattern[-1] for pattern in found):
        found[0][-1] = {**(found[0][-1] or {}), "subject_words": subject}  # once per rule, for all its patterns
    return found


def _subject_words(rule: Rule) -> list[Any] | None:
    """What the prefilter needs of a rule's ``subject`` switch (see context.about): the lemmas
    that end an entry of the subject's vocabulary (one word, or the last of several), those of a
    one-word entry of another vocabulary (staff, others, relative), those that end a longer one,
    and the words the tokenizer splits inside themselves, which it cannot read as one token;
    None without a switch."""
    if not rule.subject:
        return None
    from tilint.context import SUBJECT_OTHERS, VIEW

    vocabularies = dict(rule.context)
    own = vocabularies.get(rule.subject, ())
    others = [e for name in SUBJECT_OTHERS if name != rule.subject for e in vocabularies.get(name, ())]
    # a view word ("Staff feel the outburst was ...") makes staff before it the holder of a view,
    # not the subject: the switch decides that, so a view word, like a longer entry's end, is "not known"
    views = [e for e in vocabularies.get(VIEW, ()) if not e.startswith("@")]
    return [
        sorted({e.split(" ")[-1] for e in own if not e.startswith("@")}),
        sorted({e for e in others if " " not in e and not e.startswith("@")}),
        sorted({e.split(" ")[-1] for e in others if " " in e} | {e.split(" ")[-1] for e in views}),
        sorted(_split_specials()),
    ]


@lru_cache(maxsize=1)
def _split_rules() -> dict[str, Any]:
    """The tokenizer's special cases that make a word into several tokens: text -> its tokens."""
    from tilint.nlp import pipeline

    return {text: tokens for text, tokens in pipeline().tokenizer.rules.items() if len(tokens) > 1}


@lru_cache(maxsize=1)
def _split_specials() -> frozenset[str]:
    """The words (lower-cased) that the tokenizer's special cases make into several tokens."""
    return frozenset(text.lower() for text in _split_rules())


def _checks(
    pattern: Sequence[dict[str, Any]], placed: Sequence[set[int]], first: Slot, subject: bool = False
) -> dict[str, Any] | None:
    """What else a paragraph must hold around a pattern's slots (the tokens at *placed*), as the
    Prefilter reads it: for two slots, which way round they stand and how many tokens may stand
    between ("order", "most"; see _reach), what the tokens between may be ("free", "words"; see
    _gap) and the words that must stand between ("needs"); and whether the first slot must be
    followed by punctuation ("then"), stand first in a sentence ("start"), and whether a word
    before it that names someone other than its rule's subject drops it ("subject": the rule's
    words for that, see _subject_words, are in its first pattern's checks). None when nothing
    beyond the slots themselves is known."""
    checks: dict[str, Any] = {}
    if len(placed) == 2:
        first_at, second_at = placed
        reach = _reach(pattern, first_at, second_at)
        checks["order"], checks["most"] = reach or [1 if min(second_at) > max(first_at) else -1, -1]
        gap = _gap(pattern, first_at, second_at)
        if gap is not None and (checks["most"] < 0 or gap[0] < checks["most"]):  # else the distance says as much
            checks["free"], checks["words"] = gap
        if _wordy(pattern, first_at, second_at):
            checks["wordy"] = True
        needs = _needs(pattern, first_at, second_at)
        if needs:
            checks["needs"] = needs
    if any(_most(pattern[index]) != 1 for index in placed[0]):
        return checks or None  # a slot token that repeats: what stands next to one of its words is another
    then = _then(pattern, max(placed[0]))
    if then is not None:
        checks["then"] = [then, sorted(first)]
    after = _after_punctuation(pattern, min(placed[0]))
    if after is not None:
        checks["after"] = [after, sorted(first)]
    around = _around(pattern, placed[0])
    if around:
        checks["around"] = [around, sorted(first)]
    if pattern[min(placed[0])].get("IS_SENT_START") is True:
        checks["start"] = sorted(first)
    # The subject switch looks back from the match's start (its reported words' start): known
    # here only when the first slot's first token is the pattern's first, and nothing after it
    # is reported.
    if subject and min(placed[0]) == 0 and not any("REPORT" in token for token in pattern[1:]):
        checks["subject"] = sorted(first)
    return checks or None


def _needs(pattern: Sequence[dict[str, Any]], first: set[int], second: set[int]) -> list[list[str]]:
    """For each required token between two slots' tokens, the strings one of which it must be (a
    list of words, or a shape); only where none of them is a single character, unless it is a
    letter that is a token only as a word of its own (see _lone_letter)."""
    low, high, _ = _between(first, second)
    needs = []
    for token in pattern[low + 1 : high]:
        if not _required(token):
            continue
        forms = _closed_forms(token)
        if forms is None:
            shape = token_shape(token)
            if shape is not None:
                needs.append(sorted(shape))
        elif min(map(len, forms), default=0) > 1 or (forms and all(len(f) > 1 or _lone_letter(f) for f in forms)):
            needs.append(sorted(forms))
    return needs


def _lone_letter(form: str) -> bool:
    """Whether a one-character string is a letter that stands as a token only as a word of its
    own: no special case of the tokenizer makes it out of a longer run of letters (as "d" of
    "Id", "s" of "lets"), so _Words may look for it between non-letters ("u" in "thank u")."""
    return form.isalpha() and form not in _split_letters()


@lru_cache(maxsize=1)
def _split_letters() -> frozenset[str]:
    """The letters (lower-cased) that the tokenizer's special cases make a token of, inside a
    longer word ("d" of "Idve", "a" of "ima")."""
    return frozenset(
        str(value).lower() for tokens in _split_rules().values() for token in tokens for value in token.values()
        if len(str(value)) == 1
    )


def _around(pattern: Sequence[dict[str, Any]], slot: set[int]) -> list[list[Any]]:
    """For each required token before or after the first slot's tokens that a list of words
    limits, [-1 (before) or 1 (after), how many tokens may stand between it and the slot, its
    strings] (none of a single character); only where that number has a limit. Right before
    the slot, a token that may repeat without limit but only as words of a list ("have {to,
    got}* to talk") does not end the search: [-1, n, strings, those words], which the text may
    hold any number of, whole and one space apart, before the n tokens."""
    found: list[list[Any]] = []
    for side, indexes in ((-1, range(min(slot) - 1, -1, -1)), (1, range(max(slot) + 1, len(pattern)))):
        between = 0
        skipped: list[str] = []
        for index in indexes:
            token = pattern[index]
            forms = _closed_forms(token)
            if _required(token) and forms is not None and min(map(len, forms), default=0) > 1:
                found.append([side, between, sorted(forms), *([skipped] if skipped else [])])
            times = _most(token)
            if times is None:
                if side < 0 and not between and not skipped and forms and all(w.isalnum() for w in forms):
                    skipped = sorted(forms)  # (each such token is a whole run of letters: not a split word's piece)
                    continue
                break
            between += times
    return found


def _required(token: dict[str, Any]) -> bool:
    """Whether a pattern token matches at least one token."""
    op = str(token.get("OP", ""))
    if op in ("", "+", "1"):
        return True
    bound = re.fullmatch(r"\{(\d+)(?:,\d*)?\}", op)
    return bound is not None and int(bound.group(1)) > 0


def _after_punctuation(pattern: Sequence[dict[str, Any]], first: int) -> str | None:
    """An expression for the text right before the token at *first* (searched backwards: read
    reversed) when the pattern requires a punctuation token just before it, as _then."""
    words: set[str] = set()
    optional = 0
    for token in reversed(pattern[:first]):
        op = str(token.get("OP", ""))
        if token.get("IS_PUNCT") is True and _required(token):
            if optional * (max(map(len, words), default=0) + 1) + 2 > LOOK_BACK:
                return None
            between = "(?: (?:" + "|".join(sorted(re.escape(w[::-1]) for w in words)) + f")){{0,{optional}}}" if words else ""
            return between + r" ?(?:[^\w\s]|_)"
        forms = _closed_forms(token)
        if op != "?" or forms is None or not all(_plain(f) for f in forms):
            return None
        words |= forms
        optional += 1
    return None


LOOK_BACK = 200  # characters before a first slot's string that _after_punctuation's expression may read


def _then(pattern: Sequence[dict[str, Any]], last: int) -> str | None:
    """An expression for the text right after the token at *last* when the pattern requires a
    punctuation token next ("refused." but not "refused to"), with only optional listed words
    between: spaCy's punctuation tokens are made of characters that are not letters, digits or
    spaces (or "_"); None otherwise."""
    words: set[str] = set()
    for token in pattern[last + 1 :]:
        op = str(token.get("OP", ""))
        if token.get("IS_PUNCT") is True and _required(token):
            optional = "(?: (?:" + "|".join(sorted(map(re.escape, words))) + "))*" if words else ""
            return optional + r" ?(?:[^\w\s]|_)"
        forms = _closed_forms(token)
        if op not in ("?", "*") or forms is None or not all(_plain(f) for f in forms):
            return None
        words |= forms
    return None


def fixes_a_word(pattern: Sequence[dict[str, Any]]) -> bool:
    """Whether some required token of a token pattern names its word(s), so literals can be derived."""
    return any(
        not OPTIONAL_OP.match(str(token.get("OP", "")))
        and any(
            attr in token and (_values(token[attr]) or (attr != "LEMMA" and _alternatives(token[attr])))
            for attr in LITERAL_ATTRS
        )
        for token in pattern
    )


def split_words(special_cases: dict[str, list[dict[Any, Any]]], orth: Any) -> dict[str, set[str]]:
    """Words the tokenizer splits between two letters or digits ("cannot" is "can" + "not",
    "10am" is "10" + "am"), by each of their tokens, lower-cased. A literal for "can" must also
    list "cannot", or the word-boundary check would miss the "can" inside it."""
    found: dict[str, set[str]] = {}
    for text, tokens in special_cases.items():
        words = [str(t.get(orth, t.get("ORTH", ""))).lower() for t in tokens]
        if any(a[-1:].isalnum() and b[:1].isalnum() for a, b in zip(words, words[1:])):
            for word in words:
                found.setdefault(word, set()).add(text.lower())
    return found


def split_tokens(special_cases: dict[str, list[dict[Any, Any]]], orth: Any) -> dict[str, tuple[str, ...]]:
    """The tokens, lower-cased, of each word the tokenizer splits (see split_words)."""
    return {
        text.lower(): tuple(str(t.get(orth, t.get("ORTH", ""))).lower() for t in tokens)
        for text, tokens in special_cases.items()
    }


def with_split_words(
    slot: Iterable[str], splits: Mapping[str, set[str]], tokens_of: Mapping[str, tuple[str, ...]]
) -> frozenset[str]:
    """A slot plus the words the tokenizer splits inside themselves that can hold its token(s),
    which the whole-token check would otherwise miss: for one token, every such word that holds
    it ("cannot" for "can"); for two adjacent tokens a and b, a word that holds a and b side by
    side, and a word that ends with a followed by b ("cannot tell" for "not tell") or a followed
    by a word that starts with b ("we cannot" for "we can"). So the pair "i rescued" does not
    bring "id" (I + d), which no "rescued" can follow inside the word, and "guilted i" brings
    "guilted id", not every "ID"."""
    slot = frozenset(slot)
    extra: set[str] = set()
    for literal in slot:
        if literal.startswith(SHAPE):
            continue
        parts = literal.split(" ")
        if len(parts) == 1:
            extra |= splits.get(literal, set())
            continue
        first, last = parts[0], parts[-1]
        for word in (first, last):
            for split in splits.get(word, ()):
                tokens = tokens_of.get(split, ())
                if not tokens:
                    continue
                if any(a == first and b == last for a, b in zip(tokens, tokens[1:])):
                    extra.add(split)  # the word holds both
                if len(parts) == 2 and tokens[-1] == first:  # the word ends with the first: the second follows
                    extra |= _join(frozenset({split}), frozenset({last})) or {split}
                if len(parts) == 2 and tokens[0] == last:  # the word starts with the second: the first precedes
                    extra |= _join(frozenset({first}), frozenset({split})) or {split}
                if len(parts) != 2 and (tokens[-1] == first or tokens[0] == last):
                    extra.add(split)
    return slot | extra


class Prefilter:
    """The slots of every pattern of a set of rules, searched in one scan of the text: each
    pattern's rarest slot, and for a pattern of two slots the second ("why" ... "leave"), which
    counts only in paragraphs where that pattern's first slot was found (and near it). A slot's
    string counts only where it stands as a whole token: not inside a longer run of letters or
    digits.

    Strings of letters, digits and single spaces (first and second slots' alike) are searched
    in a copy of the lower-cased text in which every other character reads as one mark (NUL),
    with that mark before (after) a string that starts (ends) with a letter or digit, so the
    word-boundary check happens inside the automaton; a space in such a string then also stands
    for any one other mark ("has-been" for "has been"): a few more paragraphs analysed, none
    missed. Strings with other characters ("didn't", "'s") are searched in the lower-cased text
    and their boundaries checked one by one.

    Where a first slot's string is found, the checks its pattern asks of the text around it
    (see _checks) are made once for every group of patterns that ask the same, not once per
    pattern (thousands of the vocabularies' expanded patterns share a first slot)."""

    # Whether the subject switch is read from the words before a match (tilint.context.about),
    # so that a first slot preceded by a word naming someone else ("The landlord refused to")
    # is no hit of a pattern whose rule has ``subject:``. Only true of the default pipeline:
    # under a trained one the parse may name another subject, so a Linter without a model
    # sets it on its prefilter; off by default.
    subject_by_words = False

    def __init__(
        self,
        slots: Mapping[str, Sequence[Sequence[Iterable[str]]]] | Iterable[str],
        reach: Mapping[str, Sequence[Sequence[int] | None] | None] | None = None,
    ) -> None:
        """*slots* maps each rule id to its patterns, each a list of at most two slots (rarest
        first), each a set of strings (or is a plain list of strings, any one of which is enough).
        *reach* gives, per rule and pattern, how far its second slot's words may stand from its
        first's (see _reach), and what else the text must hold around them (see _checks);
        without it, anywhere in the paragraph."""
        if not isinstance(slots, Mapping):
            slots = {"": [[list(slots)]]}
        self.reach: dict[int, tuple[int, int]] = {}  # pattern -> (order, most tokens between)
        self.patterns: list[tuple[str, int, bool]] = []  # (rule id, pattern number, has it a second slot)
        first: dict[str, list[int]] = {}
        seconds: dict[str, list[int]] = {}  # a second slot's string -> the patterns it is the second slot of
        self._seconds: dict[int, frozenset[str]] = _Lookup()  # pattern -> its second slot's strings
        self._shape_words: list[tuple[str, list[int]]] = []  # first slots that are shapes, and their patterns
        self._second_shape_words: dict[int, str] = {}  # pattern -> its second slot's shape
        # pattern -> (how many words between its slots may be any word, the words the others may be)
        self._gaps: dict[int, tuple[int, Any]] = _Lookup()
        self._needs: dict[int, Any] = {}  # pattern -> the strings, one of each must stand between its slots
        wordy: list[int] = []  # patterns with only word-like tokens between their slots (see _wordy)
        self._then: dict[int, Any] = {}  # pattern -> (what must follow its first slot, the strings that applies to)
        self._after: dict[int, Any] = {}  # pattern -> (what must precede its first slot, read backwards, the same)
        self._around: dict[int, Any] = _Lookup()  # pattern -> (words that must stand near its first slot (see _around), the same)
        self._start: dict[int, Any] = {}  # pattern -> the strings of its first slot that must start a sentence
        self._subject: dict[int, Any] = {}  # pattern -> the strings of its first slot the subject switch reads from
        self._subject_words: dict[str, Any] = {}  # rule id -> its subject's words (see _subject_words)
        for rule_id, patterns in slots.items():
            for number, pattern in enumerate(patterns):
                index = len(self.patterns)
                self.patterns.append((rule_id, number, len(pattern) > 1))
                for word in pattern[0]:
                    if word.startswith(SHAPE):
                        self._shape_words.append((word, [index]))
                    else:
                        first.setdefault(word, []).append(index)
                if len(pattern) > 1:
                    shape = next((w for w in pattern[1] if w.startswith(SHAPE)), None)
                    if shape is not None:
                        self._second_shape_words[index] = shape
                    else:
                        self._seconds[index] = frozenset(pattern[1])
                        for word in pattern[1]:
                            seconds.setdefault(word, []).append(index)
                checks = ((reach or {}).get(rule_id) or [None] * (number + 1))[number]
                if isinstance(checks, Sequence):  # [order, most] (before there were more checks)
                    checks = {"order": checks[0], "most": checks[1]}
                if not checks:
                    continue
                if len(pattern) > 1 and checks.get("most", -1) >= 0:
                    self.reach[index] = (int(checks["order"]), int(checks["most"]))
                if len(pattern) > 1 and ("free" in checks or "needs" in checks):
                    self.reach.setdefault(index, (int(checks["order"]), -1))
                    if "free" in checks:
                        self._gaps[index] = (int(checks["free"]), checks["words"])
                    if "needs" in checks:
                        self._needs[index] = checks["needs"]
                if len(pattern) > 1 and checks.get("wordy"):
                    self.reach.setdefault(index, (int(checks["order"]), -1))
                    wordy.append(index)
                for name, kept in (("then", self._then), ("after", self._after), ("around", self._around),
                                   ("start", self._start), ("subject", self._subject)):
                    if name in checks:
                        kept[index] = checks[name]
                if "subject_words" in checks:
                    self._subject_words[rule_id] = checks["subject_words"]
        self._subject = {i: strings for i, strings in self._subject.items() if self.patterns[i][0] in self._subject_words}
        self._wordy = frozenset(wordy)
        # The first slots' plain strings (string -> the patterns it is the first slot of) are
        # the only ones searched in the whole text: looked up word by word until this process
        # has read enough text to pay for their automaton. A second slot's plain strings are
        # looked for only in a paragraph that holds the first slot of its pattern, all at once:
        # the paragraph's words and pairs of words made a set, and that set meets each such
        # pattern's strings (a set operation, no loop over the strings in Python).
        plain: dict[str, list[int]] = {}
        exact: dict[str, list[int]] = {}
        for word, owned in first.items():
            if _plain(word):
                plain[word] = owned
            else:
                exact[word] = owned
        self._plain = plain
        self._words = max((word.count(" ") + 1 for word in plain), default=0)
        self._second_words = max((word.count(" ") + 1 for word in seconds if _plain(word)), default=0)
        self._exact = exact
        self._second_other = {w: o for w, o in seconds.items() if not _plain(w)}
        self.empty = not exact and not self._shape_words and not plain
        self._ready()

    def _ready(self) -> None:
        """What is made of the fields on every start: the shapes' expressions (a few), and empty
        tables for what is made as it is first needed."""
        self._shapes = [(*_shape_regex(word), owned) for word, owned in self._shape_words]
        self._second_shapes = {index: _shape_regex(word) for index, word in self._second_shape_words.items()}
        self._first: Any = None  # the automaton of the plain strings, searched in marked text
        self._read = 0  # characters looked up word by word so far
        self._first_exact: Any = None  # the automaton of the first slots' other strings, built when first needed
        self._second: Any = None  # the automaton of the second slots' other strings, built when first needed
        self._second_exact_of: dict[int, tuple[str, ...]] = {}  # pattern -> its second slot's strings that are not plain
        self._groups: dict[Any, dict[str, list[tuple[tuple[Any, ...], list[int]]]]] = {}  # see _grouped
        self._pattern_checks: dict[int, list[tuple[frozenset[str], tuple[Any, ...]]]] = {}  # see _checks_of
        self._made: dict[Any, Any] = {}  # each distinct check, made once
        specials: set[str] = set()
        for words in self._subject_words.values():
            specials.update(words[3])
        self._specials = frozenset(specials)

    _STATE = (
        "reach", "patterns", "_seconds", "_shape_words", "_second_shape_words", "_gaps", "_needs", "_wordy", "_then", "_after", "_around",
        "_start", "_subject", "_subject_words", "_plain", "_words", "_second_words", "_exact", "_second_other", "empty",
    )

    # The largest tables of patterns, each pattern's entry stored as marshal data of its own and
    # read only when a paragraph first asks for it (see _Packed): a run reads a few thousand of
    # their 14,000 entries, and reading the rest made up half of the start-up's load.
    _PACKED = ("_seconds", "_gaps", "_around")

    def state(self) -> tuple[Any, ...]:
        """The prefilter as plain data (for marshal): what __init__ made of its slots, before any
        text was read. A prefilter made from it (from_state) answers as this one does."""
        values = []
        for name in self._STATE:
            value = getattr(self, name)
            if name in self._PACKED:
                value = value.packed if isinstance(value, _Packed) else _Packed.pack(value)
            values.append(value)
        return _shared((ALGORITHM, *values), {})

    @classmethod
    def from_state(cls, state: Sequence[Any]) -> Prefilter:
        """The prefilter that state() described, without reading its slots again. A state from
        load_state also names the cache entry it came from: the automata this prefilter builds
        are then kept beside it, and read from there by the next run (see _built)."""
        key = None
        if len(state) == len(cls._STATE) + 2 and isinstance(state[-1], str):
            state, key = state[:-1], state[-1]
        if len(state) != len(cls._STATE) + 1 or state[0] != ALGORITHM:
            raise ValueError("not a prefilter state of this version")
        prefilter = cls.__new__(cls)
        for name, value in zip(cls._STATE, state[1:]):
            setattr(prefilter, name, _Packed(value) if name in cls._PACKED else value)
        prefilter._ready()
        prefilter._key = key
        return prefilter

    _key: str | None = None  # the cache entry of this prefilter's state, if it came from one

    def _built(self, name: str, owners: Mapping[str, Any], marked: bool = False) -> Any:
        """_automaton(owners, marked), read from the cache when an earlier run with the same state
        stored it there (under the state's key and *name*), else built and stored. Only the
        automaton is stored (what pickling it would write, as marshal data: its strings and
        numbers, no note text), not its table, which is made again from *owners* (in the
        state, in the same order): one read of the stored automaton takes a third of the time
        of building the largest one."""
        if not owners:
            return None
        if self._key is None:
            return _automaton(owners, marked)
        from tilint import cache

        entry = f"{self._key}-{name}"
        stored = cache.load_marshal(entry, AUTOMATON_SUFFIX)
        if stored is not None:
            import ahocorasick

            try:
                automaton = ahocorasick.Automaton(*stored)
            except (TypeError, ValueError):
                automaton = None
            if automaton is not None and len(automaton) == len(owners) and automaton.kind == ahocorasick.AHOCORASICK:
                return automaton, _table(owners, marked)
        built = _automaton(owners, marked)
        cache.store_marshal(entry, built[0].__reduce__()[1], STATES_KEPT * 3, AUTOMATON_SUFFIX)
        return built

    @property
    def first_exact(self) -> Any:
        """The automaton of the first slots' strings that are not plain (see _plain)."""
        if self._first_exact is None and self._exact:
            self._first_exact = self._built("exact", self._exact)
        return self._first_exact

    def rules_in(self, text: str) -> set[str]:
        """The rules one of whose patterns has every slot in *text* (case-insensitive)."""
        return set().union(*(c.rules or () for c in self.candidates(text, [(0, len(text))])))

    def hits(self, text: str) -> bool:
        """Whether some pattern has every slot in *text*."""
        return bool(self.rules_in(text))

    def candidates(
        self, text: str, spans: Sequence[tuple[int, int]], wanted: Collection[str] | None = None
    ) -> list[Candidate]:
        """The *spans* (paragraphs) of *text* in which some pattern of a *wanted* rule (default:
        any) has every slot, each with those rules and where their slots' strings stand, so the
        engine can look only at the sentences that hold every slot of some pattern."""
        if self.empty or not spans:
            return []
        wanted = frozenset(wanted) if wanted is not None else None
        lower = text.lower()
        marked = _mark(lower) if len(lower) == len(text) else None
        if marked is None or any(
            (start and marked[start] != MARK) or marked[end + 1] != MARK for start, end in spans
        ):
            # a letter whose lower case is longer ("İ") would shift offsets, and a paragraph cut
            # inside a word needs its edges read as boundaries: one paragraph at a time, whole
            found = []
            for start, end in spans:
                paragraph = text[start:end].lower()
                hits = self._hits(paragraph, _mark(paragraph), [(0, end - start)], wanted, text[start:end]).get(0)
                rules = self.complete(hits) if hits else frozenset()
                if rules:
                    found.append(Candidate(start, end, rules))
            return found
        found = []
        for index, hits in sorted(self._hits(lower, marked, spans, wanted, text).items()):
            start, end = spans[index]
            rules = self.complete(hits)
            if rules:
                found.append(Candidate(start, end, rules, tuple((at - start, slot, i, stop - start) for at, slot, i, stop in hits)))
        return found

    def _hits(
        self, lower: str, marked: str, spans: Sequence[tuple[int, int]], wanted: frozenset[str] | None, text: str = ""
    ) -> dict[int, list[Hit]]:
        """The slots' strings found in each span (by its index) of *lower* (the text lower-cased;
        *marked* made from it; *text* as written, for shapes and the subject switch), as (offset,
        slot number, pattern, end offset); of a pattern with two slots, only those with the other
        slot's word near enough (see _near)."""
        starts = [start for start, _ in spans]
        by_span: dict[int, list[Hit]] = {}
        groups = self._groups.get(wanted)
        if groups is None:
            groups = self._groups[wanted] = {}
        written = text if len(text) == len(lower) else ""  # the subject switch reads words as written
        last = -1  # the span of the previous string, and where it starts and ends
        span_start = span_end = 0
        for start, end, owned in self._plain_positions(lower, marked):
            if not (span_start <= start and end <= span_end):
                index = bisect_right(starts, start) - 1
                if index < 0 or end > spans[index][1]:
                    continue  # between paragraphs, or running into the next one
                last, (span_start, span_end) = index, spans[index]
            hits = self._first_hits(lower, written, start, end, owned, groups, wanted, span_start, span_end)
            if hits:
                by_span.setdefault(last, []).extend(hits)
        found = _exact_positions(self.first_exact, lower)
        for regex, folded, owned in self._shapes:
            if folded or not text or len(text) == len(lower):
                found += [(m.start(), m.end(), owned) for m in regex.finditer(lower if folded or not text else text)]
            elif regex.search(text):  # offsets of the text as written are not those of lower
                found.append((0, len(lower), owned))
        for start, end, owned in found:
            index = bisect_right(starts, start) - 1
            if index < 0 or end > spans[index][1]:
                continue
            hits = self._first_hits(lower, written, start, end, owned, groups, wanted, *spans[index])
            if hits:
                by_span.setdefault(index, []).extend(hits)
        patterns = self.patterns
        for index, hits in by_span.items():
            needed = {h[2] for h in hits if patterns[h[2]][2]}
            if needed:  # the second slots of the patterns found
                start, end = spans[index]
                hits += self._second_hits(lower, marked, text, start, end, needed)
                far = [i for i in needed if i in self.reach]
                if far:
                    hits[:] = self._near(lower, hits, far, text)
        return by_span

    def _first_hits(
        self, lower: str, written: str, start: int, end: int, owned: list[int],
        groups: dict[str, Any], wanted: frozenset[str] | None, paragraph: int, paragraph_end: int,
    ) -> list[Hit]:
        """The hits of the patterns *owned* whose first slot's string is lower[start:end], and
        whose checks of the text around it pass (lower[paragraph:paragraph_end]: its paragraph)."""
        word = lower[start:end]
        plan = groups.get(word)
        if plan is None or plan[2] is not owned:
            # the same text may be two strings' (a plain "you re" through the mark, and "you're"
            # of the other automaton), each the first slot of other patterns: a plan per owner list
            key = (word, id(owned))
            plan = groups.get(key)
            if plan is None:
                plan = groups[key] = self._plan(word, owned, wanted)
                groups.setdefault(word, plan)
        gate, grouped, _ = plan
        if len(grouped) == 1:  # most strings: one group, no gate
            checks, members = grouped[0]
            if checks and not self._passes(checks, lower, written, start, end, paragraph, {}, paragraph_end):
                return []
            return [(start, 0, i, end) for i in members]
        known: dict[Any, bool] = {}  # each check's answer here, for the groups that share it
        if gate is not None and not self._passes_one(gate, lower, written, start, end, paragraph, known, paragraph_end):
            return []
        hits: list[Hit] = []
        for checks, members in grouped:
            if not checks or self._passes(checks, lower, written, start, end, paragraph, known, paragraph_end):
                hits += [(start, 0, i, end) for i in members]
        return hits

    def _plan(
        self, word: str, owned: list[int], wanted: frozenset[str] | None
    ) -> tuple[Any, list[tuple[tuple[Any, ...], list[int]]], list[int]]:
        """What is checked where *word* is found as a string of the patterns *owned*: a gate (see
        _gate) and the groups of _grouped (and *owned*, which the plan is for)."""
        grouped = self._grouped(word, owned, wanted)
        return _gate(grouped), grouped, owned

    def _grouped(self, word: str, owned: list[int], wanted: frozenset[str] | None) -> list[tuple[tuple[Any, ...], list[int]]]:
        """The patterns *owned* of *wanted* rules (None: all), grouped by the checks that apply
        where *word* is their first slot's string."""
        grouped: dict[tuple[Any, ...], list[int]] = {}
        for index in owned:
            if wanted is not None and self.patterns[index][0] not in wanted:
                continue
            checks = tuple(check for strings, check in self._checks_of(index) if word in strings)
            grouped.setdefault(checks, []).append(index)
        return list(grouped.items())

    def _checks_of(self, pattern: int) -> list[tuple[frozenset[str], tuple[Any, ...]]]:
        """The checks of the text around a pattern's first slot (see _checks), each with the
        strings of the slot it applies to; equal checks are one object."""
        known = self._pattern_checks.get(pattern)
        if known is not None:
            return known
        found = []
        then = self._then.get(pattern)
        if then is not None:
            found.append((self._made_once(("strings", tuple(then[1]))), self._made_once(("then", then[0]))))
        after = self._after.get(pattern)
        if after is not None:
            found.append((self._made_once(("strings", tuple(after[1]))), self._made_once(("after", after[0]))))
        around = self._around[pattern]
        if around is not None:  # each list of words a check of its own, shared by the patterns that ask it
            strings = self._made_once(("strings", tuple(around[1])))
            found += [
                (strings, self._made_once(("around", (entry[0], entry[1], tuple(entry[2]), tuple(entry[3]) if len(entry) > 3 else ()))))
                for entry in around[0]
            ]
        start = self._start.get(pattern)
        if start is not None:
            found.append((self._made_once(("strings", tuple(start))), ("start",)))
        subject = self._subject.get(pattern)
        if subject is not None:
            found.append((self._made_once(("strings", tuple(subject))), ("subject", self.patterns[pattern][0])))
        self._pattern_checks[pattern] = found
        return found

    def _made_once(self, key: tuple[Any, ...]) -> Any:
        """A check (or a set of strings) made from its description, once."""
        made = self._made.get(key)
        if made is None:
            kind, spec = key
            if kind == "strings":
                made = frozenset(spec)
            elif kind == "around":
                side, most, forms, skipped = spec
                made = (kind, side, most, _Words(forms), frozenset(skipped))
            else:  # then, after: an expression
                made = (kind, re.compile(spec))
            self._made[key] = made
        return made

    def _passes_one(
        self, checks: tuple[Any, ...], lower: str, written: str, start: int, end: int, paragraph: int, known: dict[Any, bool],
        paragraph_end: int,
    ) -> bool:
        """Whether the first slot's string at lower[start:end] passes at least one of *checks* (see _passes)."""
        passes = self._passes
        return any(passes((check,), lower, written, start, end, paragraph, known, paragraph_end) for check in checks)

    def _passes(
        self, checks: tuple[Any, ...], lower: str, written: str, start: int, end: int, paragraph: int, known: dict[Any, bool],
        paragraph_end: int,
    ) -> bool:
        """Whether the first slot's string at lower[start:end] passes every one of *checks* (*known*:
        the answers so far at this string): it is followed and preceded by what its pattern
        requires there (see _then, _after_punctuation, _around), may start a sentence, and is not
        preceded by a word that makes the subject switch drop every match from it."""
        for check in checks:
            holds = known.get(check)
            if holds is None:
                kind = check[0]
                if kind == "then":
                    holds = check[1].match(lower, end) is not None
                elif kind == "after":
                    before = lower[max(start - LOOK_BACK, 0) : start][::-1]  # reversed: the expression reads backwards
                    holds = check[1].match(before) is not None
                elif kind == "around":  # (the most frequent check by far: its stretch read once per reach)
                    _, side, most, words, skipped = check
                    stretch = known.get((side, most, skipped))
                    if stretch is None:
                        stretch = known[side, most, skipped] = _stretch(side, most, skipped, lower, start, end, paragraph, paragraph_end)
                    holds = words.search(lower, *stretch) is not None
                elif kind == "start":
                    holds = _may_start_sentence(lower, start, paragraph)
                else:  # subject
                    holds = not (self.subject_by_words and written and self._someone_else(check[1], written, start, paragraph))
                known[check] = holds
            if not holds:
                return False
        return True

    def _someone_else(self, rule_id: str, text: str, start: int, paragraph: int) -> bool:
        """Whether the subject switch of *rule_id* (tilint.context.about, read from the words)
        drops every match that starts at text[start]: looking back over the tokens before it in
        its sentence, the nearest word of a vocabulary is a one-word entry of another one than
        the rule's subject ("The staffing agency refused to"), within SUBJECT_REACH tokens.
        Only words of letters one space apart are read, each one token unless the tokenizer
        splits it ("cannot"); anything else (punctuation, a clause's end, initials, a line
        break, the paragraph's start) and the answer is no."""
        from tilint.context import SUBJECT_REACH
        from tilint.lexicon import lemma_of

        own, others, others_longer, _ = self._subject_words[rule_id]
        if not isinstance(own, frozenset):
            own, others, others_longer = frozenset(own), frozenset(others), frozenset(others_longer)
            self._subject_words[rule_id] = (own, others, others_longer, ())
        at, after = start, ""
        for _ in range(SUBJECT_REACH):
            if at - 1 <= paragraph or text[at - 1] != " ":
                return False
            begin = max(text.rfind(" ", paragraph, at - 1) + 1, paragraph)
            word = text[begin : at - 1]
            if not word.isalpha() or word.lower() in self._specials:
                return False
            lemma = lemma_of(word)
            if word.lower() == "ones":  # "the ones who ...": context._relative_head may read the people served
                return False
            if lemma in own:  # (the switch reads the rule's own vocabulary first)
                return False
            if lemma in others:
                return not self._relative_before(text, begin, paragraph) and not self._describing(
                    text, begin, paragraph, lemma, after) and not self._maybe_verb(text, begin, paragraph, word, lemma, own)
            after = lemma
            if lemma in others_longer:  # the end of a longer entry: not known here
                return False
            at = begin
        return False

    @staticmethod
    def _maybe_verb(text: str, at: int, paragraph: int, word: str, lemma: str, own: frozenset[str]) -> bool:
        """Whether the word of another vocabulary at text[at] may be a verb the subject switch does not
        read as someone named (context.verb_use: "Client phoned and was ...", "she calls ..."): an
        inflected form, or a form after a subject word, an auxiliary or a word of the rule's own."""
        from tilint.context import VERB_LEADS
        from tilint.lexicon import lemma_of

        if word.lower() != lemma:
            return True
        before = text[max(paragraph, at - 40) : at].split()[-1:]
        return bool(before) and (before[0].lower() in VERB_LEADS or lemma_of(before[0].strip(",;:")) in own)

    @staticmethod
    def _describing(text: str, at: int, paragraph: int, lemma: str, after: str) -> bool:
        """Whether the staff word *lemma* at text[at] may stand in words that describe the people
        served before it (context._describes_served): "the women we serve ...", "clients in our
        program ...", or be one of them ("the worker"); then the switch decides."""
        from tilint.context import (AMBIGUOUS_STAFF, CONTACT_FILLERS, CONTACT_SUBJECTS, CONTACT_VERBS, MODIFIER_DETERMINERS,
                                    MODIFIER_PREPOSITIONS)

        if lemma in AMBIGUOUS_STAFF:  # "The worker maintains ..." may be the person served (context._served_worker)
            return True
        if lemma in CONTACT_SUBJECTS or after in CONTACT_VERBS:  # "the women we serve", "girls our team works with"
            return after in CONTACT_VERBS or after in CONTACT_FILLERS
        before = text[max(paragraph, at - 40) : at].lower().split()[-2:]
        return any(w in MODIFIER_PREPOSITIONS for w in before) and (before[-1] in MODIFIER_PREPOSITIONS or before[-1] in MODIFIER_DETERMINERS)

    @staticmethod
    def _relative_before(text: str, at: int, paragraph: int) -> bool:
        """Whether a "who" or "whose" may stand before text[at] in reach of the subject switch's
        look for a relative clause (context.RELATIVE_REACH): then the noun it describes, not the
        word inside it, is the subject ("Adults who return to their traffickers have to ...")."""
        from tilint.context import RELATIVE_REACH

        words = text[max(paragraph, at - 12 * RELATIVE_REACH) : at].lower().split()[-RELATIVE_REACH:]
        return any(w.strip(",;:\"'()") in ("who", "whose") for w in words)

    def _second_exact(self, pattern: int) -> tuple[str, ...]:
        """The strings of a pattern's second slot that are not plain (see _plain), once."""
        known = self._second_exact_of.get(pattern)
        if known is None:
            other = self._second_other
            known = self._second_exact_of[pattern] = tuple(sorted(w for w in self._seconds[pattern] or () if w in other))
        return known

    def _exact_lookup(self, lower: str, start: int, end: int, needed: Iterable[int]) -> list[Hit]:
        """The hits of the *needed* patterns' second slots' strings that are not plain in the
        paragraph lower[start:end], each string found by str.find (what _exact_positions finds
        with an automaton of all of them, which reports every "." of the paragraph for each
        pattern, needed or not): a string that starts (ends) with a letter or digit counts only
        without one before (after) it."""
        owners: dict[str, list[int]] = {}
        for i in needed:
            for string in self._second_exact(i):
                owners.setdefault(string, []).append(i)
        found: list[Hit] = []
        for string, patterns in owners.items():
            check_start, check_end = string[:1].isalnum(), string[-1:].isalnum()
            size = len(string)
            at = lower.find(string, start, end)
            while at >= 0:
                stop = at + size
                if not (check_start and at > start and lower[at - 1].isalnum()) and not (
                    check_end and stop < end and lower[stop].isalnum()
                ):
                    found += [(at, 1, i, stop) for i in patterns]
                at = lower.find(string, at + 1, end)
        return found

    def _exact_scan(self, lower: str, start: int, end: int, needed: set[int]) -> list[Hit]:
        """_exact_lookup with the automaton of all second slots' strings that are not plain (see
        _exact_positions), searched once in the paragraph: each string found is matched to the
        *needed* patterns once per paragraph, not once per place ("." stands in most sentences)."""
        if self._second is None:
            self._second = self._built("second", self._second_other)
        automaton, table = self._second
        seconds = self._seconds
        owners: dict[int, list[int]] = {}
        found: list[Hit] = []
        for stop, number in automaton.iter(lower, start, end):
            patterns = owners.get(number)
            if patterns is None:
                length, _, _, owned = table[number]
                if len(owned) <= len(needed):
                    patterns = [i for i in owned if i in needed]
                else:
                    word = lower[stop - length + 1 : stop + 1]
                    patterns = [i for i in needed if word in (seconds[i] or ())]
                owners[number] = patterns
            if not patterns:
                continue
            length, check_start, check_end = table[number][:3]
            stop += 1
            at = stop - length
            if (check_start and at > start and lower[at - 1].isalnum()) or (check_end and stop < end and lower[stop].isalnum()):
                continue
            found += [(at, 1, i, stop) for i in patterns]
        return found

    def _holds_needs(self, pattern: int, lower: str, text: str, start: int, end: int) -> bool:
        """Whether lower[start:end] holds one string of each of the pattern's needs (see _needs)."""
        needs = self._needs[pattern]
        if needs and not isinstance(needs[0], tuple):
            compiled = []
            for strings in needs:
                if strings[0].startswith(SHAPE):
                    compiled.append(_shape_regex(strings[0]))
                else:  # a token may be part of a longer run the tokenizer splits: no boundaries
                    compiled.append((_Words(strings), True))
            needs = self._needs[pattern] = compiled
        for regex, folded in needs:
            if folded or not text:
                found = regex.search(lower, start, end)
            elif len(text) == len(lower):
                found = regex.search(text, start, end)
            else:  # offsets of the text as written are not those of lower: anywhere in it
                found = regex.search(text)
            if found is None:
                return False
        return True

    def _second_hits(self, lower: str, marked: str, text: str, start: int, end: int, needed: set[int]) -> list[Hit]:
        """The second slots' strings of the *needed* patterns in the paragraph lower[start:end]
        (*marked* made from *lower*): the plain ones (see _word_keys), the others and the shapes."""
        found = []
        if self._second_words:
            keys = _word_keys(marked, start, end, self._second_words)
            seconds = self._seconds
            spots: dict[str, list[tuple[int, int]]] = {}  # each word's places, found once for all its patterns
            shared: dict[int, tuple[frozenset[str], list[int]]] = {}  # patterns with one set of strings: met once
            for i in needed:  # (the order of hits matters nowhere: they are read as sets)
                strings = seconds[i]
                if strings:
                    shared.setdefault(id(strings), (strings, []))[1].append(i)
            for strings, patterns in shared.values():
                for word in keys.intersection(strings):
                    places = spots.get(word)
                    if places is None:
                        places = spots[word] = _marked_positions(marked, word, start, end)
                    found += [(at, 1, i, stop) for i in patterns for at, stop in places]
        if self._second_other:  # (while little text has been read, looked up string by string)
            found += (self._exact_lookup if self._first is None else self._exact_scan)(lower, start, end, needed)
        for i in needed:
            shape = self._second_shapes.get(i)
            if shape is not None:
                regex, folded = shape
                if folded or not text:  # (finditer from a position gives offsets in the whole text)
                    found += [(m.start(), 1, i, m.end()) for m in regex.finditer(lower, start, end)]
                elif len(text) != len(lower):  # offsets of the text as written are not those of lower
                    if regex.search(text):
                        found.append((start, 1, i, end))  # somewhere in the paragraph: near any first slot
                else:
                    found += [(start + m.start(), 1, i, start + m.end()) for m in regex.finditer(text[start:end])]
        found.sort()  # one order, however they were found (by words or by the automaton, in any process)
        return found

    def _plain_positions(self, lower: str, marked: str) -> list[tuple[int, int, Any]]:
        """(start, end, the patterns it is the first slot of) of every first slot's plain string
        that stands as a whole token in *lower* (*marked* made from it), in the automaton's
        order: word by word while little text has been read, then by the automaton, built once."""
        if not self._plain:
            return []
        if self._first is None:
            self._read += len(lower)
            if self._read <= WORD_LOOKUP_CHARS:
                return _word_positions(self._plain, self._words, lower)
            self._first = self._built("plain", self._plain, marked=True)
        return _positions(self._first, marked)

    def _near(self, lower: str, hits: list[Hit], patterns: Sequence[int], text: str = "") -> list[Hit]:
        """*hits* without those of *patterns* that have no hit of the pattern's other slot within
        its reach. Tokens between two words are at least the spaces between them less one (each
        run of text between two spaces is at least one token), so nothing that could match is lost."""
        dropped: set[Hit] = set()
        wordy = self._wordy
        for pattern in patterns:
            order, most = self.reach[pattern]
            firsts = [h for h in hits if h[2] == pattern and h[1] == 0]
            seconds = [h for h in hits if h[2] == pattern and h[1] == 1]
            gap = self._gaps[pattern]
            if gap is not None and not isinstance(gap[1], frozenset):
                gap = self._gaps[pattern] = (gap[0], frozenset(gap[1]))
            kept: set[Hit] = set()
            for first in firsts:
                for second in seconds:
                    if first[0] < second[3] and second[0] < first[3]:  # one word ("cannot") holds both
                        near = True
                    else:
                        before, after = (first, second) if order == 1 else (second, first)
                        near = after[0] >= before[3] and (most < 0 or lower.count(" ", before[3], after[0]) - 1 <= most)
                        if near and gap is not None:
                            near = _free_words(lower[before[3] : after[0]], gap[1], gap[0])
                        if near and pattern in wordy:
                            near = GAP_STOPS.search(lower, before[3], after[0]) is None
                    if near and pattern in self._needs:
                        near = self._holds_needs(
                            pattern, lower, text, min(first[0], second[0]), max(first[3], second[3])
                        )
                    if near:
                        kept.update((first, second))
            dropped.update(h for h in (*firsts, *seconds) if h not in kept)
        return [h for h in hits if h not in dropped] if dropped else hits

    def complete(self, hits: Iterable[Hit]) -> frozenset[str]:
        """The rules of the patterns that have every slot among *hits*."""
        return frozenset(rule_id for rule_id, _ in self.complete_patterns(hits))

    def patterns_by_group(self, hits: Iterable[Hit], group_of: Callable[[int], int]) -> dict[int, frozenset[tuple[str, int]]]:
        """The patterns ((rule id, pattern number)) complete among *hits* (a Candidate's) within
        each group of their offsets (a sentence, as *group_of* says)."""
        grouped: dict[int, list[Hit]] = {}
        for hit in hits:
            grouped.setdefault(group_of(hit[0]), []).append(hit)
        found = {group: self.complete_patterns(hits) for group, hits in grouped.items()}
        return {group: patterns for group, patterns in found.items() if patterns}

    def complete_patterns(self, hits: Iterable[Hit]) -> frozenset[tuple[str, int]]:
        """The patterns, as (rule id, pattern number), that have every slot among *hits*."""
        firsts, seconds = set(), set()
        for hit in hits:
            (seconds if hit[1] else firsts).add(hit[2])
        return frozenset(self.patterns[i][:2] for i in firsts if not self.patterns[i][2] or i in seconds)


def _free_words(between: str, words: frozenset[str], most: int) -> bool:
    """Whether the text *between* two slots' strings holds at most *most* tokens that are none of
    *words*. Only the whole space-separated runs in it are read (the first and the last may be
    part of a slot's token), and of those only runs of letters, each one token unless the
    tokenizer splits it, which it can do only into pieces; so a run that is not one of *words*
    and cannot be cut into pieces that all are, holds a token that is none of them."""
    runs = between.split(" ")[1:-1]
    if len(runs) <= most:
        return True
    free = 0
    for run in runs:
        if run.isalpha() and run not in words and not _pieces_of(run, words):
            free += 1
            if free > most:
                return False
    return True


def _pieces_of(run: str, words: frozenset[str]) -> bool:
    """Whether *run* is two or more of *words* written together ("cannot": can + not)."""
    ends = {0}
    for end in range(1, len(run) + 1):
        if any(start < end and (start, end) != (0, len(run)) and run[start:end] in words for start in ends):
            ends.add(end)
    return len(run) in ends


class _Lookup(dict):  # type: ignore[type-arg]
    """A table of patterns (pattern -> value) that answers None for a pattern it has no entry
    for: looked up with [], which is a dict's own (C) lookup once the entry is there."""

    __slots__ = ()

    def __missing__(self, key: int) -> Any:
        return None


class _Packed(_Lookup):
    """A _Lookup whose values are kept as marshal data (see Prefilter._PACKED), each read when
    it is first asked for; patterns with equal entries share the value read."""

    __slots__ = ("packed", "_read")

    def __init__(self, packed: Mapping[int, bytes]) -> None:
        super().__init__()
        self.packed = packed
        self._read: dict[bytes, Any] = {}

    @staticmethod
    def pack(table: Mapping[int, Any]) -> dict[int, bytes]:
        """*table* with each value as marshal data."""
        import marshal

        return {key: marshal.dumps(value) for key, value in table.items()}

    def __missing__(self, key: int) -> Any:
        data = self.packed.get(key)
        if data is None:
            return None
        made = self._read.get(data)
        if made is None:
            import marshal

            made = self._read[data] = marshal.loads(data)
        self[key] = made
        return made

    def __contains__(self, key: object) -> bool:
        return key in self.packed or dict.__contains__(self, key)


class _Words:
    """A list of strings searched for anywhere in a stretch of text (inside longer words too), as
    an alternation of them would be with re.search, by an Aho-Corasick automaton: it is built in
    a fortieth of the time re.compile takes over such a list (most of the prefilter's start on a
    corpus once was compiling them) and searches several times faster."""

    __slots__ = ("words", "_automaton", "_lone")

    def __init__(self, words: Iterable[str]) -> None:
        import ahocorasick

        self.words = frozenset(words)
        self._automaton = None
        # one-letter words (see _lone_letter) count only between non-letters: their numbers
        ordered = sorted(self.words)
        self._lone = frozenset(number for number, word in enumerate(ordered) if len(word) == 1 and word.isalpha())
        if self.words and "" not in self.words:  # (else as an empty alternation: it matches everywhere)
            self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
            for number, word in enumerate(ordered):
                self._automaton.add_word(word, number)
            self._automaton.make_automaton()

    def search(self, text: str, start: int = 0, end: int | None = None) -> Any:
        """Something true when one of the strings stands in text[start:end], else None."""
        if self._automaton is None:
            return True
        if end is None:
            end = len(text)
        if not self._lone:
            return next(self._automaton.iter(text, start, end), None)
        for found in self._automaton.iter(text, start, end):
            if found[1] not in self._lone:
                return found
            at = found[0]  # the letter's offset: it counts with no letter either side
            if not (at > 0 and text[at - 1].isalpha()) and not (at + 1 < len(text) and text[at + 1].isalpha()):
                return found
        return None


def _gate(grouped: Sequence[tuple[tuple[Any, ...], list[int]]]) -> tuple[Any, ...] | None:
    """Checks one of which passes wherever some group of *grouped* (a first slot's string's groups
    of patterns, each with the checks all of which must pass) passes, so that a string where none
    of them passes is dropped at the cost of a few checks, not one round per group; None when
    there are too few groups for that to pay, or some group has no check. Of each group one check
    is taken (one for words around the string if it has one); those for words on the same side
    (and beyond the same skipped words) become one: the union of their lists within the widest of
    their reaches, which holds wherever one of them does (the text read only grows with the reach,
    and an alternation of word lists matches where any one of them does)."""
    if len(grouped) < 3:
        return None
    merged: dict[tuple[int, frozenset[str]], tuple[int, set[str]]] = {}
    others: list[tuple[Any, ...]] = []
    for checks, _ in grouped:
        if not checks:
            return None
        around = [check for check in checks if check[0] == "around"]
        if around:
            _, side, most, words, skipped = min(around, key=lambda check: check[2])
            reach, lists = merged.get((side, skipped), (0, set()))
            lists |= words.words
            merged[side, skipped] = (max(reach, most), lists)
        else:
            check = next((check for check in checks if check[0] != "subject"), checks[0])
            if check not in others:
                others.append(check)
    gate = [("around", side, most, _Words(lists), skipped) for (side, skipped), (most, lists) in merged.items()]
    gate += others
    return tuple(gate) if len(gate) < len(grouped) else None


Hit = tuple[int, int, int, int]  # where a slot's string stands: (offset, slot number, pattern, end offset)


class Candidate(NamedTuple):
    """A paragraph text[start:end] that the engine must analyse, for *rules* (None: every rule).
    *hits* are where the prefilter found a slot's string ((offset in the paragraph, slot number,
    pattern, end offset)); None when it could not tell, and the whole paragraph is analysed."""

    start: int
    end: int
    rules: frozenset[str] | None = None
    hits: tuple[Hit, ...] | None = None


def _shape_regex(shape: str) -> tuple[re.Pattern[str], bool]:
    """A shape's compiled expression, and whether it is searched in the lower-cased text."""
    return re.compile(shape[2:]), shape[1] == "l"


def _automaton(owners: Mapping[str, Any], marked: bool = False) -> Any:
    """An Aho-Corasick automaton from strings to what they are a slot of, or None.

    For *marked* text (see _mark), each string (of letters, digits and spaces only) is added
    as it reads there, with a mark on either side. The automaton stores numbers (which it
    builds several times faster than Python objects), and comes with the table they index: for
    marked text (length of the string + 1, what it is a slot of), else (length, must the start /
    the end be a word boundary, what it is a slot of)."""
    if not owners:
        return None
    import ahocorasick

    automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
    add = automaton.add_word
    if marked:  # a plain string starts and ends with a letter or digit: a mark on each side
        for number, literal in enumerate(owners):
            add(MARK + literal.replace(" ", MARK) + MARK, number)
    else:
        for number, literal in enumerate(owners):
            add(literal, number)
    automaton.make_automaton()
    return automaton, _table(owners, marked)


def _table(owners: Mapping[str, Any], marked: bool) -> list[tuple[Any, ...]]:
    """The table of _automaton(owners, marked): what each of its numbers stands for."""
    if marked:
        return [(len(literal) + 1, owned) for literal, owned in owners.items()]
    return [(len(literal), literal[:1].isalnum(), literal[-1:].isalnum(), owned) for literal, owned in owners.items()]


def _plain(literal: str) -> bool:
    """Whether a string holds only letters and digits (as str.isalnum says, like _mark), with
    single spaces between words."""
    return all(word.isalnum() for word in literal.split(" "))  # "" and "a  b" hold an empty word


MARK = "\0"


class _MarkTable(dict):  # type: ignore[type-arg]
    """str.translate's table for marking: a letter or digit stays, any other character becomes
    the mark. Filled as characters are first met, so it costs nothing to set up and covers
    every character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        self[code] = value = char if char.isalnum() else MARK
        return value


_MARK_TABLE = _MarkTable()


def _mark(lower: str) -> str:
    """*lower* (lower-cased text) with every character that is not a letter or digit made the
    mark, and one mark before and after: offset i of *lower* is offset i + 1 here."""
    return MARK + lower.translate(_MARK_TABLE) + MARK


def _positions(automaton: Any, marked: str) -> list[tuple[int, int, Any]]:
    """(start, end, what it is a slot of) of every string of *automaton* (a marked one, with its
    table: see _automaton) that stands as a whole token in the text *marked* was made from
    (offsets in that text)."""
    if automaton is None:
        return []
    automaton, table = automaton
    # a key ends at marked[end], one mark after its string, which ends at end - 1 in the text
    return [(end - entry[0], end - 1, entry[1]) for end, n in automaton.iter(marked) for entry in (table[n],)]


def _may_start_sentence(lower: str, start: int, paragraph: int) -> bool:
    """Whether a token at lower[start] may start a sentence in the paragraph that starts at
    *paragraph*, as tilint.nlp's splitter decides (on every pipeline: a trained one keeps its
    sentences): it is the paragraph's first token, or a sentence-final character stands
    between it and the word before. A token that is no punctuation holds a letter or digit
    (or is a symbol, which starts a sentence itself), so the word before is found at the last
    letter or digit before *start*; until then, only punctuation and spaces."""
    at = start - 1
    while at >= paragraph:
        char = lower[at]
        if char in SENTENCE_FINAL:
            return True
        if char.isalnum():
            return False
        at -= 1
    return True


def _stretch(
    side: int, most: int, skipped: frozenset[str], lower: str, start: int, end: int, paragraph: int, paragraph_end: int
) -> tuple[int, int]:
    """The stretch of text in which a word list of _around must stand for its check to hold:
    within *most* tokens on *side* of the first slot's string at lower[start:end], beyond any
    number of the *skipped* words right before it (a string of the list found anywhere in it
    passes; see Prefilter._passes, which keeps it for the other lists at the same string), and
    within its paragraph lower[paragraph:paragraph_end] (a match never crosses a paragraph's
    edge; a long run without spaces, a table's row, would else reach to the text's edge)."""
    # (the slot's own run, and the most + 1 runs beyond it: each token between moves one run on at most)
    if side < 0:
        begin = start
        while skipped and begin > paragraph + 1 and lower[begin - 1] == " ":  # whole runs of the skipped words, one space apart
            run = max(lower.rfind(" ", paragraph, begin - 1) + 1, paragraph)
            if lower[run : begin - 1] not in skipped:
                break
            begin = run
        for _ in range(most + 2):
            begin = lower.rfind(" ", paragraph, begin)
            if begin < 0:
                break
        stretch = (max(begin, paragraph), start)
    else:
        stop = end
        for _ in range(most + 2):
            stop = lower.find(" ", stop, paragraph_end)
            if stop < 0:
                break
            stop += 1
        stretch = (end, stop if stop >= 0 else paragraph_end)
    return stretch


WORD_LOOKUP_CHARS = 64 * 1024  # text looked up word by word before the plain strings' automaton is built (about 12 ms)
_RUN = re.compile(r"[^\W_]+")  # a run of letters and digits: what str.isalnum() accepts


def _word_positions(strings: Mapping[str, list[int]], most: int, lower: str) -> list[tuple[int, int, list[int]]]:
    """What _positions finds in *lower* with the automaton of the plain *strings* (of at most
    *most* words), without building it: in the marked text a plain string's key matches exactly
    where its words are whole runs of letters and digits, one character (any one that is not a
    letter or digit) apart. Ordered as the automaton reports them: by end, the longest first."""
    get = strings.get
    if most <= 1:  # one word each: already in the automaton's order
        return [(m.start(), m.end(), owned) for m in _RUN.finditer(lower) if (owned := get(m.group())) is not None]
    runs = [(m.start(), m.end(), m.group()) for m in _RUN.finditer(lower)]
    found = []
    count = len(runs)
    for index in range(count):
        start, end, key = runs[index]
        owned = get(key)
        if owned is not None:
            found.append((start, end, owned))
        later, last = index + 1, min(index + most, count)
        while later < last and runs[later][0] == end + 1:  # the next run, one character on
            end = runs[later][1]
            key += " " + runs[later][2]
            owned = get(key)
            if owned is not None:
                found.append((start, end, owned))
            later += 1
    found.sort(key=lambda hit: (hit[1], hit[0]))
    return found


def _word_keys(marked: str, start: int, end: int, most: int) -> set[str]:
    """Every key under which the automaton of plain strings (see _automaton) could find a string
    of *most* words or fewer in the paragraph lower[start:end] (*marked* made from *lower*): each
    run of letters and digits, and each *most* or fewer such runs one mark apart, joined by a
    space (and, harmlessly, some strings no plain string is: "", " a", "a  b"). Made without a
    loop in Python: the paragraph's marked text split at its marks, the pieces side by side."""
    pieces = marked[start + 1 : end + 1].split(MARK)
    keys = set(pieces)
    for width in range(2, most + 1):
        keys.update(map(" ".join, zip(*(pieces[shift:] for shift in range(width)))))
    return keys


def _marked_positions(marked: str, word: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of every place where the plain string *word* stands as a whole token in
    lower[start:end] (*marked* made from *lower*), as the automaton of plain strings finds it."""
    key = MARK + word.replace(" ", MARK) + MARK
    found = []
    at = marked.find(key, start, end + 2)  # (marked[i + 1] is lower[i]: from the mark before the paragraph to the one after)
    while at >= 0:
        found.append((at, at + len(word)))
        at = marked.find(key, at + 1, end + 2)
    return found


def _exact_positions(automaton: Any, lower: str) -> list[tuple[int, int, list[int]]]:
    """(start, end, patterns) of every string of *automaton* that stands as a whole token in
    *lower*: one that starts (ends) with a letter or digit may not have one before (after) it."""
    if automaton is None:
        return []
    automaton, table = automaton
    found = []
    last = len(lower) - 1
    for end, number in automaton.iter(lower):
        length, check_start, check_end, owned = table[number]
        start = end - length + 1
        if check_start and start > 0 and lower[start - 1].isalnum():
            continue
        if check_end and end < last and lower[end + 1].isalnum():
            continue
        found.append((start, end + 1, owned))
    return found


def _shared(value: Any, seen: dict[Any, Any]) -> Any:
    """*value* with every equal string, list and set one object, which marshal then writes once
    (the vocabularies' words stand in thousands of the expanded patterns' slots)."""
    if isinstance(value, (str, bytes)):  # (bytes: the packed tables' entries, see _Packed)
        return seen.setdefault(value, value)
    if isinstance(value, (list, tuple, frozenset)):
        items = [_shared(item, seen) for item in value]
        made: Any = frozenset(items) if isinstance(value, frozenset) else tuple(items) if isinstance(value, tuple) else items
        marker = (type(value).__name__, made if isinstance(value, frozenset) else tuple(items))
        try:
            return seen.setdefault(marker, made)
        except TypeError:  # holds a list: not hashable, kept as it is
            return made
    if isinstance(value, dict):
        return {_shared(k, seen): _shared(v, seen) for k, v in value.items()}
    return value


STATES_KEPT = 8  # prefilter states kept in the cache folder; each change of the rules adds one
AUTOMATON_SUFFIX = ".automaton"  # the cache entries of the automata built from a stored state (three per state)


def load_state(key: str) -> tuple[Any, ...] | None:
    """The prefilter state stored under *key* (see store_state), or None."""
    from tilint import cache

    state = cache.load_marshal(key)
    if not isinstance(state, tuple):
        return None
    return (*state, key) if state else state  # the key, for the automata kept beside it (see from_state)


def store_state(key: str, state: tuple[Any, ...]) -> None:
    """Keep a prefilter's state (or () for "no prefilter") under *key*, in marshal's format, which
    Python reads many times faster than JSON: a run that finds the rules' derived slots here
    neither parses them nor builds the prefilter's tables again. Failures are ignored."""
    from tilint import cache

    cache.store_marshal(key, state, STATES_KEPT)
