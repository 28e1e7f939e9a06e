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
UNSEEN_LOG_PROB = -20.0
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
        if found is None or _score(forms, common) > _score(found, common):
            found = forms
    return found


def _values(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and isinstance(value.get("IN"), list):
        items = value["IN"]
        return [v for v in items if isinstance(v, str)] if all(isinstance(v, str) for v in items) else None
    return None


def _score(forms: frozenset[str], common: frozenset[str]) -> tuple[bool, float]:
    """Rarer is better: no very common word among the forms, then the least total word frequency."""
    common = common | CASE_NOTE_WORDS if common else common
    probs = word_log_probs() if common else {}
    frequency = sum(math.exp(probs.get(f, UNSEEN_LOG_PROB)) for f in forms) if probs else -min(map(len, forms))
    return (not (forms & common), -frequency)


def token_pattern_forms(
    pattern: Sequence[dict[str, Any]], common: frozenset[str] = frozenset()
) -> frozenset[str] | None:
    """The forms of the best required token of a token pattern, or None when no token fixes a word."""
    choices = [forms for forms in (token_forms(t, common) for t in pattern) if forms]
    return max(choices, key=lambda c: _score(c, common)) if choices else None


def phrase_forms(
    tokens: Sequence[tuple[str, str]], by_lemma: bool, common: frozenset[str] = frozenset()
) -> frozenset[str] | None:
    """The forms of the best token of a tokenized phrase."""
    choices = [forms_of(lemma) | {lower} if by_lemma else frozenset({lower}) for lower, lemma in tokens]
    choices = [c for c in choices if all(c)]
    return max(choices, key=lambda c: _score(c, common)) if choices else None


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
