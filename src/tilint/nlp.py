"""The spaCy pipeline, built lazily: spaCy is imported only when a document is analysed.

The default pipeline needs no model download: a blank English tokenizer, a
lemmatizer that reads spaCy's own lookup table (from ``spacy-lookups-data``)
case-insensitively, and the rule-based sentencizer (both done in one pass by word hash).
"""

from __future__ import annotations

import sys
import types
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tilint.lexicon import lemma_of

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Sentence boundaries: the sentencizer's defaults plus the line break that ends a list item or a heading.
PUNCT_CHARS = [".", "!", "?", "…", "。", "؟", "۔"]


WORD, PUNCT, FINAL = 0, 1, 2  # what a token is to the sentence splitter


def sentence_role(text: str, is_punct: bool) -> int:
    """WORD, PUNCT or FINAL: what a token is to the sentence splitter. A sentence starts at a
    WORD that follows a FINAL token with only PUNCT between (and at the first token)."""
    return FINAL if text in _FINAL else PUNCT if is_punct else WORD


_FINAL = frozenset(PUNCT_CHARS)


class Annotator:
    """Set each token's lemma and sentence start in one pass over the word hashes, without
    making a Token object for every token.

    Lemmas come from the English lookup table, lower-cased, so that LEMMA patterns match
    "Victims'" and "victim" alike. Sentence starts are exactly those of spaCy's rule-based
    ``sentencizer`` with these punctuation characters: a sentence starts at a token that is
    neither punctuation nor sentence-final when a sentence-final character stands since the
    previous such word (and at the first token). Both are looked up by word, once per word."""

    def __init__(self) -> None:
        self.by_orth: dict[int, tuple[int, int]] = {}  # word hash -> (lemma hash, WORD/PUNCT/FINAL)

    def __call__(self, doc: Doc) -> Doc:
        import numpy
        from spacy.attrs import LEMMA, ORTH, SENT_START

        if not len(doc):
            return doc
        strings = doc.vocab.strings
        by_orth = self.by_orth
        lemmas: list[int] = []
        starts: list[int] = []  # 1: starts a sentence; -1: does not
        firsts = [0]  # the tokens that start a sentence
        seen = False  # a sentence-final character since the last word
        for number, orth in enumerate(doc.to_array(ORTH).tolist()):
            known = by_orth.get(orth)
            if known is None:
                text = strings[orth]
                kind = sentence_role(text, doc.vocab[orth].is_punct)
                # the prefilter derives word forms from the same lemma function
                known = by_orth[orth] = (strings.add(lemma_of(text)), kind)
            lemma, kind = known
            lemmas.append(lemma)
            if kind == WORD and seen:
                starts.append(1)
                firsts.append(number)
                seen = False
            else:
                starts.append(-1)
                seen = seen or kind == FINAL
        starts[0] = 1
        rows = numpy.empty((len(lemmas), 2), dtype="uint64")
        rows[:, 0] = lemmas
        rows[:, 1] = numpy.array(starts, dtype="int64").view("uint64")  # -1 is read as "not a start"
        doc.from_array([LEMMA, SENT_START], rows)
        doc.user_data[SENTENCE_FIRSTS] = firsts  # (the engine reads sentences from it, not from an array)
        return doc


SENTENCE_FIRSTS = "tilint_sentence_firsts"  # a doc's user_data: the first token of each of its sentences, from the Annotator


def import_spacy() -> Any:
    """spaCy, imported without its command-line package when that can be done.

    ``import spacy`` runs ``from .cli.info import info``, and ``spacy.cli`` imports every spaCy
    command with their libraries (typer, weasel, requests, httpx, jinja2...): about 0.2 s of
    each process's 0.5 s import, for nothing tilint uses. While spaCy's ``__init__`` runs, a
    stand-in answers for ``spacy.cli`` and ``spacy.cli.info``; it is taken away at once, so a
    later ``import spacy.cli`` gets the real package, and ``spacy.info()`` still works (it
    imports the real one when called). Should a spaCy version need more of its ``cli`` package
    while importing, the stand-ins are dropped and spaCy is imported the ordinary way."""
    if "spacy" in sys.modules:
        import spacy

        return spacy
    stand_ins = _stand_ins()
    sys.modules.update(stand_ins)
    try:
        import spacy
    except Exception:  # noqa: BLE001 - whatever a spaCy that wants more of its cli package raises
        for name in ("spacy", *stand_ins):  # spaCy's other modules stay: they were imported whole
            sys.modules.pop(name, None)
        import spacy
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    return spacy


def _stand_ins() -> dict[str, types.ModuleType]:
    """Modules that answer for spaCy's command-line package while spaCy is imported."""
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # a package, so "spacy.cli.info" can be looked up under it
    info = types.ModuleType("spacy.cli.info")
    info.info = _info  # type: ignore[attr-defined]
    return {"spacy.cli": cli, "spacy.cli.info": info}


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``, imported from spaCy's command-line package when first called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The default blank-English pipeline, built once per process."""
    import_spacy()
    from spacy.lang.en import English
    from spacy.language import Language

    # English() is spacy.blank("en") without the look-up of the language class in spaCy's
    # registry, which reads every installed package's entry points (15 ms of 100): the same
    # tokenizer, vocabulary and (empty) pipeline.
    nlp = English()
    if not Language.has_factory("tilint_annotator"):
        Language.factory("tilint_annotator")(_make_annotator)
    nlp.add_pipe("tilint_annotator")
    return nlp


def _make_annotator(nlp: Language, name: str) -> Annotator:
    return Annotator()
