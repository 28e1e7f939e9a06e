"""A literal prefilter: only paragraphs that contain a word some rule needs reach spaCy.

For every pattern of every rule, one of its required tokens is chosen (the one whose word forms
are longest, so rarest), and every lower-cased surface form that token can match is listed:
all inflections for a LEMMA, the words themselves for LOWER, TEXT or ORTH. A paragraph holding
none of these strings cannot produce a match, so skipping it never changes a result. The
strings are searched with one Aho-Corasick automaton over the lower-cased text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from tilint.lexicon import forms_of, word_log_probs
from tilint.model import Rule

LITERAL_ATTRS = ("LOWER", "TEXT", "ORTH", "LEMMA")
ALGORITHM = 2  # part of the cache key: bump when the way literals are derived changes
UNSEEN_LOG_PROB = -20.0
COMMON_FLOOR = 0.01  # stop words and case-note words count as this frequent at least
PAIR_FACTOR = 20.0  # how much likelier two words are side by side than by chance
MAX_PAIRS = 600
# Words that general English rates rare but case notes use in nearly every paragraph.
CASE_NOTE_WORDS = frozenset(
    "client clients staff advocate advocates case cases manager services service program programs appointment "
    "appointments plan plans referral referrals session sessions meeting meetings note notes today week "
    "shelter housing court police worker workers resident residents participant participants".split()
)
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
        if values is None:
            continue
        forms = frozenset(f for v in values for f in (forms_of(v) if attr == "LEMMA" else {v.lower()}))
        if found is None or _frequency(forms, common) < _frequency(found, common):
            found = forms
    return found


def _values(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and isinstance(value.get("IN"), list):
        items = value["IN"]
        return [v for v in items if isinstance(v, str)] if all(isinstance(v, str) for v in items) else None
    return None


def _frequency(forms: frozenset[str], common: frozenset[str]) -> float:
    """How often these forms occur in case notes, estimated (lower is rarer and better).

    Without word statistics (*common* empty) longer forms count as rarer."""
    if not common:
        return -min(map(len, forms))
    return sum(_word_frequency(form, common) for form in forms)


def _word_frequency(form: str, common: frozenset[str]) -> float:
    if " " in form:  # two adjacent tokens: far rarer than either word alone
        first, _, second = form.partition(" ")
        return _word_frequency(first, common) * _word_frequency(second, common) * PAIR_FACTOR
    frequency = math.exp(word_log_probs().get(form, UNSEEN_LOG_PROB))
    if form in common or form in CASE_NOTE_WORDS:
        frequency = max(frequency, COMMON_FLOOR)
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


def _best(singles: Sequence[frozenset[str] | None], common: frozenset[str]) -> frozenset[str] | None:
    """The rarest of the required tokens' forms, or of two adjacent required tokens' joined forms."""
    choices = [forms for forms in singles if forms]
    if common:
        pairs = (_join(a, b) for a, b in zip(singles, singles[1:]) if a and b)
        choices += [pair for pair in pairs if pair]
    return min(choices, key=lambda c: _frequency(c, common)) if choices else None


def token_pattern_forms(
    pattern: Sequence[dict[str, Any]], common: frozenset[str] = frozenset()
) -> frozenset[str] | None:
    """The forms of the best required token (or adjacent pair) of a token pattern, or None when
    no token fixes a word."""
    return _best([token_forms(t, common) for t in pattern], common)


def phrase_forms(
    tokens: Sequence[tuple[str, str]], by_lemma: bool, common: frozenset[str] = frozenset()
) -> frozenset[str] | None:
    """The forms of the best token (or adjacent pair) of a tokenized phrase."""
    singles = [forms_of(lemma) | {lower} if by_lemma else frozenset({lower}) for lower, lemma in tokens]
    return _best([c if all(c) else None for c in singles], common)


def rule_literals(rule: Rule, tokenize: Tokenize, common: frozenset[str] = frozenset()) -> frozenset[str] | None:
    """Every string one of whose occurrences a match of *rule* needs; None means "any paragraph"."""
    if not rule.prefilter:
        return None
    literals: set[str] = set()
    for pattern in rule.patterns:
        if isinstance(pattern, str):
            forms = phrase_forms(tokenize(pattern), rule.match_on == "lemma", common)
        else:
            forms = token_pattern_forms(pattern, common)
        if not forms:
            return None
        literals |= forms
    return frozenset(literals)


def fixes_a_word(pattern: Sequence[dict[str, Any]]) -> bool:
    """Whether some required token of a token pattern names its word(s), so literals can be derived."""
    return any(
        not OPTIONAL_OP.match(str(token.get("OP", "")))
        and any(attr in token and _values(token[attr]) for attr in LITERAL_ATTRS)
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


class Prefilter:
    """One automaton over the literals of a set of rules. A literal counts only where it stands
    as a whole token: not inside a longer run of letters or digits."""

    def __init__(self, literals: Iterable[str] | Mapping[str, Iterable[str]]) -> None:
        """*literals* are plain strings, or rule ids mapped to the strings each rule needs."""
        import ahocorasick

        by_rule = literals if isinstance(literals, Mapping) else {"": literals}
        owners: dict[str, set[str]] = {}
        for rule_id, words in by_rule.items():
            for word in words:
                owners.setdefault(word, set()).add(rule_id)
        self.automaton = ahocorasick.Automaton()
        for literal, rule_ids in owners.items():
            # (length, must the start / the end be a word boundary, the rules that need it)
            value = (len(literal), literal[:1].isalnum(), literal[-1:].isalnum(), frozenset(rule_ids))
            self.automaton.add_word(literal, value)
        self.empty = len(self.automaton) == 0
        if not self.empty:
            self.automaton.make_automaton()

    def rules_in(self, text: str) -> set[str]:
        """The rules some of whose literals *text* holds as whole tokens (case-insensitive)."""
        found: set[str] = set()
        if self.empty:
            return found
        lower = text.lower()
        last = len(lower) - 1
        for end, (length, check_start, check_end, rule_ids) in self.automaton.iter(lower):
            start = end - length + 1
            if check_start and start > 0 and lower[start - 1].isalnum():
                continue
            if check_end and end < last and lower[end + 1].isalnum():
                continue
            found |= rule_ids
        return found

    def hits(self, text: str) -> bool:
        """Whether *text* holds any literal as a whole token."""
        return bool(self.rules_in(text))

    def candidates(
        self, text: str, spans: Sequence[tuple[int, int]]
    ) -> list[tuple[int, int, frozenset[str]]]:
        """The *spans* of *text* that hold a literal, each with the rules it may match."""
        found = []
        for start, end in spans:
            rules = self.rules_in(text[start:end])
            if rules:
                found.append((start, end, frozenset(rules)))
        return found
