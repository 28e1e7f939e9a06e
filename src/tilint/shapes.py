"""Shapes: named templates for the constructions many rules share.

A rule names a shape in its ``patterns`` list instead of writing the token patterns itself::

    patterns:
      - shape: described-as
        words: [broken, damaged]

Each shape stands for a few token patterns that use the shared vocabularies (who the person
served is, the linking verbs, intensifiers and hedges, negation), so that every rule built on
it knows the same variants, and an agency that extends a vocabulary extends them all. Shapes
are expanded when the rules are loaded, into ordinary token patterns (which may still name
vocabularies, expanded next): the matcher and the prefilter see nothing new.

The shapes (``words`` are the rule's own words; see docs/writing-rules.md):

- ``described-as``: the person served is described as one of the words: "Client is so damaged",
  "she seems kind of broken", "Pt has been very damaged", and with the subject dropped, as notes
  do, "Seems completely broken". Only the word is reported.
- ``possessive``: my/our (up to three describing words between) and one of the words: "our
  girls", "my two older CSEC girls", "girls of ours". Not "our work with girls". With
  ``report: possessor`` only "my"/"our" is reported, so that a replacement ("the") keeps every
  describing word ("the two older CSEC girls"); "girls of ours" is still reported whole.
- ``why-did-not``: a question about why the person did not do one of the words (verbs):
  "Why didn't you leave?", "why did she not call", "why doesn't she just leave", "asked why
  she never told anyone", "how come you didn't report it".
- ``why-did``: a question about why the person did one of the words: "Why did you go back?",
  "why would she stay with him".
- ``told-must``: the person is told they must (do one of the words, or anything when no words
  are given): "you must answer", "you have to", "told her she has to", "was informed she must".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tilint.lexicon import lemma_of

Token = dict[str, Any]
Pattern = list[Token]

SUBJECT = {"VOCAB": "people-served"}
FILLER = {"VOCAB": ["intensifier", "hedge"], "OP": "{0,3}"}
NEGATION = {"VOCAB": "negation"}
SHAPE_KEYS = ("shape", "words", "report")
_PIECE = re.compile(r"[^\W_]+(?=n['’]t\b)|n['’]t|['’](?:s|re|ve|ll|d|m)\b|[^\W_]+|[^\w\s]")


def words_as_tokens(words: list[str], attr: str, report: bool = False) -> list[Pattern]:
    """The token sequences of a shape's words, as few as match exactly those words: one token
    for all the one-token words; for two-token words ("go back", "let him") one sequence per set
    of first words that share the same set of second words ("go, run, come" + "back"); for
    longer ones ("non-compliant" is non, -, compliant) one per run of leading tokens, its last
    token any of theirs. *attr* is LOWER (as written) or LEMMA (every inflection)."""
    singles: list[str] = []
    seconds: dict[str, list[str]] = {}  # first token -> the second tokens it comes with
    longer: dict[tuple[str, ...], list[str]] = {}
    for word in words:
        pieces = [_value(p, attr) for p in _PIECE.findall(word)]
        if len(pieces) == 1:
            singles.append(pieces[0])
        elif len(pieces) == 2:
            seconds.setdefault(pieces[0], []).append(pieces[1])
        else:
            longer.setdefault(tuple(pieces[:-1]), []).append(pieces[-1])
    pairs: dict[tuple[str, ...], list[str]] = {}  # the same second tokens -> their first tokens
    for first, lasts in seconds.items():
        pairs.setdefault(tuple(dict.fromkeys(lasts)), []).append(first)
    found = [[_token(singles, attr, report)]] if singles else []
    found += [[_token(firsts, attr, report), _token(list(lasts), attr, report)] for lasts, firsts in pairs.items()]
    found += [[*(_token(p, attr, report) for p in lead), _token(lasts, attr, report)] for lead, lasts in longer.items()]
    return found


def _token(value: str | list[str], attr: str, report: bool) -> Token:
    values = list(dict.fromkeys(value)) if isinstance(value, list) else [value]
    key = attr if all(v[:1].isalnum() for v in values) else "ORTH"
    return {key: values[0] if len(values) == 1 else {"IN": values}, **_flag(report)}


def _value(piece: str, attr: str) -> str:
    return lemma_of(piece) if attr == "LEMMA" and piece[:1].isalnum() else piece.lower()


def _flag(report: bool) -> Token:
    return {"REPORT": True} if report else {}


def described_as(words: list[str]) -> list[Pattern]:
    found = []
    for word in words_as_tokens(words, "LOWER", report=True):
        found.append([SUBJECT, {"VOCAB": "copula"}, FILLER, *word])
        found.append([{"VOCAB": "copula", "IS_SENT_START": True}, FILLER, *word])
    return found


POSSESSOR = {"LOWER": {"IN": ["my", "our"]}}
# A word between "our" and the noun: a describing word, a number or the hyphen of "sex-trafficked";
# never a function word, nor a noun that makes "our" belong to something else ("our staff").
MODIFIER = {"TEXT": {"REGEX": r"^(?:[A-Za-z]+|\d+|-)$"}, "NOT_VOCAB": ["function-word", "program-word"], "OP": "{0,3}"}


def possessive(words: list[str], report: str = "match") -> list[Pattern]:
    possessor = {**POSSESSOR, **_flag(report == "possessor")}
    found = []
    for word in words_as_tokens(words, "LOWER"):
        found.append([possessor, {**MODIFIER, "LOWER": {"NOT_IN": [w.lower() for w in words]}}, *word])
        found.append([*word, {"LOWER": "of"}, {"LOWER": {"IN": ["ours", "mine"]}}])
    return found


# What each shape may report instead of its whole match (``report:`` in the rule); the first is the default.
REPORTS = {"possessive": ("match", "possessor")}


WHY = {"LOWER": "why"}
THE = {"LOWER": "the", "OP": "?"}
ADVERBS = {"LOWER": {"IN": ["just", "simply", "ever", "even", "at", "least", "immediately", "first", "try", "to",
                            "then", "right", "away", "sooner", "once", "have", "still", "really", "always"]}, "OP": "{0,3}"}
AUX = {"LOWER": {"IN": ["did", "does", "do", "would", "could", "had", "has", "have", "can", "ca", "will", "wo"]}}


PAST = {"LOWER": {"IN": ["did", "would", "could", "had", "'d", "’d"]}}
PRESENT = {"LOWER": {"IN": ["does", "do", "can", "ca", "will", "wo"]}}
JUST = {"LOWER": {"IN": ["just", "simply"]}}


def why_did_not(words: list[str]) -> list[Pattern]:
    found = []
    for verb in words_as_tokens(words, "LEMMA"):
        found += [
            [WHY, PAST, NEGATION, THE, SUBJECT, ADVERBS, *verb],  # why didn't you (just) leave
            [WHY, PAST, THE, SUBJECT, NEGATION, ADVERBS, *verb],  # why did you not leave
            [WHY, PRESENT, NEGATION, THE, SUBJECT, JUST, *verb],  # why doesn't she just leave
            [WHY, THE, SUBJECT, AUX, NEGATION, ADVERBS, *verb],  # (asked) why she didn't leave
            [WHY, THE, SUBJECT, {"LOWER": "never"}, ADVERBS, *verb],  # why she never told
            [{"LOWER": "how"}, {"LOWER": "come"}, THE, SUBJECT, AUX, NEGATION, ADVERBS, *verb],
        ]
    return found


def why_did(words: list[str]) -> list[Pattern]:
    found = []
    for verb in words_as_tokens(words, "LEMMA"):
        did = {"LOWER": {"IN": ["did", "would", "'d", "’d", "do", "does"]}}
        found += [[WHY, did, THE, SUBJECT, ADVERBS, *verb], [WHY, THE, SUBJECT, ADVERBS, *verb]]
    return found


YOU = {"LOWER": {"IN": ["you", "u", "ya"]}}
TELL = {"LEMMA": {"IN": ["tell", "inform", "advise", "remind", "instruct", "warn"]}}
OBJECT = {"LOWER": {"IN": ["her", "him", "them"]}}
PRONOUN = {"LOWER": {"IN": ["she", "he", "they"]}}


def told_must(words: list[str]) -> list[Pattern]:
    verbs = words_as_tokens(words, "LEMMA") if words else [[]]
    found = []
    for verb in verbs:
        found += [
            [YOU, {"VOCAB": "obligation"}, *verb],
            *([TELL, told, {"LOWER": "that", "OP": "?"}, PRONOUN, {"VOCAB": "obligation"}, *verb] for told in (SUBJECT, OBJECT)),
            [{"LEMMA": "be"}, TELL, {"LOWER": "that", "OP": "?"}, PRONOUN, {"VOCAB": "obligation"}, *verb],  # was told she must
        ]
    return found


SHAPES: dict[str, Callable[[list[str]], list[Pattern]]] = {
    "described-as": described_as,
    "possessive": possessive,
    "why-did-not": why_did_not,
    "why-did": why_did,
    "told-must": told_must,
}


def expand_shape(entry: dict[str, Any], fail: Callable[[str], Exception]) -> list[Pattern]:
    """The token patterns (which may name vocabularies) a shape entry stands for; *fail* makes
    the error for a problem with the entry."""
    for key in entry:
        if key not in SHAPE_KEYS:
            raise fail(f"unknown key {key!r} in a shape (expected: {', '.join(SHAPE_KEYS)})")
    name = entry.get("shape")
    if name not in SHAPES:
        raise fail(f"shape {name!r} is not one of: {', '.join(SHAPES)}")
    words = entry.get("words", [])
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        raise fail("a shape's 'words' must be a list of non-empty texts")
    if not words and name != "told-must":
        raise fail(f"shape {name!r} needs 'words'")
    report = entry.get("report", REPORTS.get(name, ("match",))[0])
    if report not in REPORTS.get(name, ("match",)):
        raise fail(f"shape {name!r} cannot report {report!r} (expected: {', '.join(REPORTS.get(name, ('match',)))})")
    words = [" ".join(w.split()) for w in words]
    return SHAPES[name](words, report) if name in REPORTS else SHAPES[name](words)
