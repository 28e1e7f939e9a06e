"""Shared vocabularies: named word classes that every rule can use.

A vocabulary is a YAML file in a rule folder's ``vocabularies/`` folder::

    name: people-served
    description: The people an agency serves, as notes name them.
    words: [client, cl, resident, she, these women]
    shapes: [initials]

Words are base forms, matched by lemma ("client" also matches "clients", "Client's"); an entry
may have several words ("these women"). ``shapes`` names word shapes (see SHAPES) for words no
list can hold, such as initials ("A.R."). An agency extends a vocabulary with a file of the same
name in its own rule folder (``add:`` and ``remove:`` lists, or ``words:`` to replace it), or in
its configuration (``vocabularies: {people-served: {add: [member]}}``); every rule that uses the
vocabulary follows.

A token pattern uses one as ``{VOCAB: people-served}`` and a phrase as ``"{people-served} claims"``.
Both are expanded into ordinary spaCy token patterns when the rules are loaded, so the matcher
and the prefilter see nothing new. This module never imports spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tilint.lexicon import lemma_of

VOCAB_FOLDER = "vocabularies"
VOCAB_KEY = "VOCAB"
NOT_VOCAB_KEY = "NOT_VOCAB"  # the token is none of the vocabularies' words
# Word shapes a vocabulary may name: a token pattern (without OP) for words no list can hold.
SHAPES: dict[str, dict[str, Any]] = {
    "initials": {"TEXT": {"REGEX": r"^(?:[A-Z]\.){1,3}$"}},  # K., A.R., J.M.K.
    "victim-number": {"TEXT": {"REGEX": r"^V[1-9]?$"}},  # V, V1, V2: a victim as police and court notes number them
    "possessive-mark": {"ORTH": {"IN": ["'s", "\u2019s", "'", "\u2019"]}},  # the client's, the girls'
}
FILE_KEYS = ("name", "description", "words", "shapes", "add", "remove")
MAX_EXPANSIONS = 400  # token patterns one written pattern may become
SLOT = re.compile(r"\{([a-z][a-z0-9-]*)\}")
# Clitics the tokenizer splits off a word, so that a phrase word like "didn't" becomes did + n't.
_CLITIC = re.compile(r"(?i)(n't|n’t|'s|’s|'re|’re|'ve|’ve|'ll|’ll|'d|’d|'m|’m)$")
_PUNCT = re.compile(r"^([^\w'’]*)(.*?)([^\w'’]*)$")


class VocabularyError(Exception):
    """A vocabulary file or setting that cannot be used; one line naming the file and key."""


@dataclass(frozen=True)
class Vocabulary:
    """One named word class."""

    name: str
    description: str
    words: tuple[str, ...]  # entries, each one or more words, base forms
    shapes: tuple[str, ...] = ()

    def lemmas(self) -> list[tuple[str, ...]]:
        """The lemmas of the tokens of each entry ("don't say" is do, not, say), without repeats."""
        return list(_entry_lemmas(self.words))

    def singles(self) -> list[str]:
        """The lemmas of the one-token entries, in order."""
        return [e[0] for e in self.lemmas() if len(e) == 1]

    def multis(self) -> list[tuple[str, ...]]:
        """The lemmas of each entry of several tokens."""
        return [e for e in self.lemmas() if len(e) > 1]

    def entries(self) -> tuple[str, ...]:
        """Every entry as its lemmas joined by spaces, and each word shape as "@shape" (what the
        engine's context checks look up)."""
        return tuple([*(" ".join(e) for e in self.lemmas()), *(f"@{s}" for s in self.shapes)])

    def all_words(self) -> list[str]:
        """The lemma of every token of every entry (for a slot that repeats)."""
        return list(dict.fromkeys(lemma for e in self.lemmas() for lemma in e))


@lru_cache(maxsize=256)
def _entry_lemmas(words: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """Vocabulary.lemmas, made once per list of entries (expanding a rule's patterns asks for
    them several times per vocabulary token, and every rule asks again)."""
    return tuple(dict.fromkeys(tuple(lemma_of(p) for p in entry_tokens(w)) for w in words))


_CLITIC_SPLIT = re.compile(r"(?i)(?<=\w)(n['’]t|['’](?:s|re|ve|ll|d|m))\b")


def entry_tokens(entry: str) -> list[str]:
    """The tokens of a vocabulary entry as the tokenizer makes them: its words, with the clitics
    split off ("don't" is do + n't, "she's" is she + 's)."""
    return _CLITIC_SPLIT.sub(r" \1", entry).split()


Vocabularies = Mapping[str, Vocabulary]


def builtin_vocabulary_dir() -> Path:
    from tilint.rules import builtin_rules_dir

    return builtin_rules_dir() / VOCAB_FOLDER


def vocabulary_files(folder: Path) -> list[Path]:
    """The vocabulary files of one rule folder (its ``vocabularies/`` folder), in a stable order."""
    found = folder / VOCAB_FOLDER
    if not found.is_dir():
        return []
    return sorted(p for p in found.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def build(documents: Iterable[tuple[str, Any]], settings: Mapping[str, Any] | None = None, where: str = "configuration") -> dict[str, Vocabulary]:
    """The vocabularies from parsed files (label, data), in order, then *settings* (a
    configuration's ``vocabularies`` mapping): a later file or setting of the same name adds to,
    removes from or (with ``words``) replaces what came before."""
    found: dict[str, Vocabulary] = {}
    for label, data in documents:
        if not isinstance(data, dict):
            raise VocabularyError(f"{label}: expected a mapping with 'name' and 'words'")
        name = data.get("name")
        if not isinstance(name, str) or not SLOT.fullmatch("{" + name + "}"):
            raise VocabularyError(f"{label}: key 'name': expected lower-case words joined by hyphens, like people-served")
        found[name] = _merge(found.get(name), name, data, label)
    for name, change in (settings or {}).items():
        if not isinstance(name, str) or not SLOT.fullmatch("{" + name + "}"):
            raise VocabularyError(f"{where}: key 'vocabularies': {name!r} is not a vocabulary name like people-served")
        if not isinstance(change, dict):
            raise VocabularyError(f"{where}: key 'vocabularies.{name}': expected a mapping such as {{add: [member]}}")
        found[name] = _merge(found.get(name), name, change, f"{where}: key 'vocabularies.{name}'", config=True)
    return found


def _merge(old: Vocabulary | None, name: str, data: dict[str, Any], label: str, config: bool = False) -> Vocabulary:
    allowed = FILE_KEYS[2:] if config else FILE_KEYS
    for key in data:
        if key not in allowed:
            raise VocabularyError(f"{label}: unknown key {key!r} (expected one of: {', '.join(allowed)})")
    lists = {key: _entries(data.get(key), key, label) for key in ("words", "add", "remove", "shapes")}
    for shape in lists["shapes"]:
        if shape not in SHAPES:
            raise VocabularyError(f"{label}: key 'shapes': {shape!r} is not one of: {', '.join(SHAPES)}")
    if old is None and "words" not in data and not lists["add"]:
        raise VocabularyError(f"{label}: a new vocabulary needs 'words'")
    words = lists["words"] if "words" in data or old is None else old.words
    removed = {w.lower() for w in lists["remove"]}
    words = tuple(dict.fromkeys(w for w in (*words, *lists["add"]) if w.lower() not in removed))
    shapes = lists["shapes"] if "shapes" in data or old is None else old.shapes
    description = data.get("description") or (old.description if old else "")
    if not words and not shapes:
        raise VocabularyError(f"{label}: vocabulary {name!r} has no words left")
    return Vocabulary(name, str(description).strip(), words, tuple(shapes))


def _entries(value: Any, key: str, label: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise VocabularyError(f"{label}: key '{key}': expected a list of non-empty texts")
    return tuple(" ".join(v.lower().split()) for v in value)


# --- expansion ---------------------------------------------------------------------------------

Token = dict[str, Any]
Pattern = list[Token]


def uses_vocabulary(pattern: Any) -> bool:
    """Whether a phrase or token pattern names a vocabulary."""
    if isinstance(pattern, str):
        return bool(SLOT.search(pattern))
    return isinstance(pattern, list) and any(
        isinstance(t, dict) and (VOCAB_KEY in t or NOT_VOCAB_KEY in t) for t in pattern
    )


def names_in(token: dict[str, Any]) -> list[Any]:
    """The vocabulary names a token mentions (VOCAB and NOT_VOCAB take a name or a list)."""
    found: list[Any] = []
    for key in (VOCAB_KEY, NOT_VOCAB_KEY):
        value = token.get(key)
        if value is not None:
            found += value if isinstance(value, list) else [value]
    return found


def union(names: Any, vocab: Vocabularies) -> Vocabulary:
    """One vocabulary, or several as one."""
    if isinstance(names, str):
        return vocab[names]
    parts = [vocab[n] for n in names]
    return Vocabulary(
        "+".join(names), "", tuple(w for p in parts for w in p.words), tuple(s for p in parts for s in p.shapes)
    )


def phrase_tokens(phrase: str, vocab: Vocabularies, match_on: str) -> Pattern:
    """A phrase with ``{vocabulary}`` slots as a token pattern: each slot a VOCAB token, each
    word matched by its lemma (``match_on: lemma``) or lower case, clitics and punctuation split
    off as the tokenizer does ("didn't" is did + n't)."""
    tokens: Pattern = []
    for word in phrase.split():
        slot = SLOT.fullmatch(word)
        if slot:
            tokens.append({VOCAB_KEY: slot.group(1)})
            continue
        lead, core, trail = _PUNCT.match(word).groups()  # type: ignore[union-attr] - always matches
        parts = [*lead]
        clitic = _CLITIC.search(core)
        if clitic and clitic.start() > 0:
            parts += [core[: clitic.start()], clitic.group(1)]
        elif core:
            parts.append(core)
        parts += [*trail]
        for part in parts:
            if match_on == "lemma" and part[:1].isalnum():
                tokens.append({"LEMMA": lemma_of(part)})
            else:
                tokens.append({"LOWER": part.lower()})
    return tokens


def expand(pattern: Pattern, vocab: Vocabularies) -> list[Pattern]:
    """The ordinary token patterns a pattern with VOCAB tokens stands for.

    A VOCAB token becomes a token matching the lemmas of the vocabulary's one-word entries (and
    one pattern per word shape), plus one pattern per entry of several words. NOT_VOCAB and LEMMA
    beside VOCAB narrow the vocabulary (its entries that are not the other vocabularies' words,
    that pass the LEMMA test) instead of replacing it. A VOCAB token that repeats (OP ``*``,
    ``+`` or ``{n,m}``) matches a run of the vocabulary's one-word entries, or such a run with
    one entry of several words in it, whole ("kind of so"; not "women" alone for "these women")."""
    results: list[Pattern] = [[]]
    for token in pattern:
        if VOCAB_KEY not in token:
            if NOT_VOCAB_KEY in token:
                token = _without(token, vocab)
            results = [r + [token] for r in results]
            continue
        vocabulary = union(token[VOCAB_KEY], vocab)
        rest = {k: v for k, v in token.items() if k not in (VOCAB_KEY, NOT_VOCAB_KEY, "LEMMA")}
        if token.get(NOT_VOCAB_KEY):
            vocabulary = _minus(vocabulary, union(token[NOT_VOCAB_KEY], vocab))
        if "LEMMA" in token:
            vocabulary = _passing(vocabulary, token["LEMMA"])
        choices = _choices(rest, vocabulary)
        if not choices:
            raise ValueError(f"no word of {token[VOCAB_KEY]!r} is left by the token's NOT_VOCAB or LEMMA")
        results = [r + choice for r in results for choice in choices]
        if len(results) > MAX_EXPANSIONS:
            raise ValueError(
                f"expands to more than {MAX_EXPANSIONS} patterns; use fewer vocabularies with entries of "
                "several words in one pattern"
            )
    return results


def _without(token: Token, vocab: Vocabularies) -> Token:
    """A NOT_VOCAB token as a LEMMA NOT_IN the lemmas of every word of the vocabularies (added to
    the token's own LEMMA test, if it has one)."""
    rest = {k: v for k, v in token.items() if k != NOT_VOCAB_KEY}
    words = union(token[NOT_VOCAB_KEY], vocab).all_words() if token[NOT_VOCAB_KEY] else []
    if not words:
        return rest
    own = rest.get("LEMMA")
    if own is None:
        rest["LEMMA"] = {"NOT_IN": words}
    elif isinstance(own, str):
        rest["LEMMA"] = own if own not in words else {"IN": []}
    else:
        merged = dict(own)
        if "IN" in merged:
            merged["IN"] = [w for w in merged["IN"] if w not in words]
        merged["NOT_IN"] = list(dict.fromkeys([*merged.get("NOT_IN", []), *words]))
        rest["LEMMA"] = merged
    return rest


def _minus(vocabulary: Vocabulary, other: Vocabulary) -> Vocabulary:
    """The entries of *vocabulary* a NOT_VOCAB of *other* leaves: a one-word entry that is none of
    *other*'s words, an entry of several words that is not one of *other*'s entries."""
    words = set(other.all_words())
    entries = set(other.lemmas())
    kept = tuple(
        w for w, lemmas in zip(vocabulary.words, (_entry_lemmas((w,))[0] for w in vocabulary.words))
        if (lemmas[0] not in words if len(lemmas) == 1 else lemmas not in entries)
    )
    return Vocabulary(vocabulary.name, vocabulary.description, kept, tuple(s for s in vocabulary.shapes if s not in other.shapes))


def _passing(vocabulary: Vocabulary, test: Any) -> Vocabulary:
    """The entries of *vocabulary* whose (first) word passes a LEMMA test beside VOCAB: a lemma,
    or {IN: [...]} / {NOT_IN: [...]}, written in any inflection."""
    kept = tuple(w for w in vocabulary.words if _lemma_passes(_entry_lemmas((w,))[0][0], test))
    return Vocabulary(vocabulary.name, vocabulary.description, kept, ())


def _lemma_passes(lemma: str, test: Any) -> bool:
    if isinstance(test, str):
        return lemma == lemma_of(test)
    if isinstance(test, dict):
        if "IN" in test and lemma not in {lemma_of(w) for w in test["IN"]}:
            return False
        if "NOT_IN" in test and lemma in {lemma_of(w) for w in test["NOT_IN"]}:
            return False
        return True
    return False


def _choices(rest: Token, vocabulary: Vocabulary) -> list[Pattern]:
    """The token sequences one VOCAB token (*rest*: its keys but VOCAB) stands for."""
    rest = dict(rest)
    op = str(rest.get("OP", ""))
    singles = vocabulary.singles()
    report = {"REPORT": True} if rest.get("REPORT") else {}
    extra = {k: v for k, v in rest.items() if k not in ("OP", "REPORT")}
    if op in ("*", "+") or op.startswith("{") and "," in op:
        return _runs(op, singles, vocabulary.multis(), rest, report, extra)
    choices: list[Pattern] = []
    if singles:
        choices.append([{"LEMMA": {"IN": singles}, **rest}])
    choices += [[{**_merged(SHAPES[shape], rest)}] for shape in vocabulary.shapes]
    for words in vocabulary.multis():
        if op == "!":
            continue
        sequence = [{"LEMMA": lemma, **report} for lemma in words]
        sequence[0].update(extra)  # e.g. IS_SENT_START applies to the entry's first word
        choices.append(sequence)
    if op == "?" and not singles and not vocabulary.shapes:
        choices.append([])
    return choices


def _runs(op: str, singles: list[str], multis: list[tuple[str, ...]], rest: Token, report: Token, extra: Token) -> list[Pattern]:
    """A repeating VOCAB token: a run of one-word entries, or such a run with one entry of several
    words in it. The entries of several words stand as one sequence, a first word of one of them
    then later words of them ("kind of", "a little", "come across as"), which keeps the patterns
    few and never lets a word of such an entry stand alone ("women" of "these women", "manager"
    of "case manager")."""
    low, high = _bounds(op)
    if high == 0:
        return [[]]
    choices: list[Pattern] = []
    if singles:
        choices.append([{"LEMMA": {"IN": singles}, **rest}])
    elif low == 0:
        choices.append([])
    if multis:
        firsts = list(dict.fromkeys(m[0] for m in multis))
        laters = list(dict.fromkeys(w for m in multis for w in m[1:]))
        longest = max(len(m) for m in multis)
        later_op = "" if longest == 2 else f"{{1,{longest - 1}}}"
        sequence: Pattern = [{"LEMMA": {"IN": firsts}, **extra, **report}, {"LEMMA": {"IN": laters}, **report}]
        if later_op:
            sequence[1]["OP"] = later_op
        around = "*" if high is None else f"{{0,{high - 1}}}"
        if singles and around != "{0,0}":
            side = {"LEMMA": {"IN": singles}, **extra, **report, "OP": around}
            sequence = [dict(side), *sequence, dict(side)]
        choices.append(sequence)
    return choices


def _bounds(op: str) -> tuple[int, int | None]:
    """The least and most repeats of an OP that repeats: * is (0, None), + is (1, None)."""
    if op == "*":
        return 0, None
    if op == "+":
        return 1, None
    low, _, high = op.strip("{}").partition(",")
    return int(low or 0), (int(high) if high else None)


def _merged(shape: Token, rest: Token) -> Token:
    merged = dict(shape)
    merged.update(rest)
    return merged


def expand_all(patterns: Sequence[Any], vocab: Vocabularies, match_on: str) -> tuple[list[Any], list[int]]:
    """Every pattern of a group with its vocabularies expanded (phrases without one stay
    phrases), and for each result the number of the written pattern it came from."""
    out: list[Any] = []
    origins: list[int] = []
    for index, pattern in enumerate(patterns):
        if isinstance(pattern, str) and uses_vocabulary(pattern):
            pattern = phrase_tokens(pattern, vocab, match_on)
        if isinstance(pattern, list) and uses_vocabulary(pattern):
            expanded = expand(pattern, vocab)
        else:
            expanded = [pattern]
        expanded = [lemmatised(p) if isinstance(p, list) else p for p in expanded]
        out += expanded
        origins += [index] * len(expanded)
    return out, origins


def lemmatised(pattern: Pattern) -> Pattern:
    """A token pattern whose LEMMA words are lemmas: a token's lemma is always a base form
    ("victims" is victim, "rent" is rend), so a LEMMA word written in another form ("victims",
    "housing") would never match, not even the word as written. Each becomes the lemma tilint
    gives that word, which matches it and its other forms."""
    out: Pattern = []
    for token in pattern:
        value = token.get("LEMMA") if isinstance(token, dict) else None
        if isinstance(value, str):
            token = {**token, "LEMMA": lemma_of(value)}
        elif isinstance(value, dict) and any(k in value for k in ("IN", "NOT_IN")):
            value = {
                k: list(dict.fromkeys(lemma_of(w) if isinstance(w, str) else w for w in v)) if k in ("IN", "NOT_IN") and isinstance(v, list) else v
                for k, v in value.items()
            }
            token = {**token, "LEMMA": value}
        out.append(token)
    return out
