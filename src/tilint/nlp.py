"""The spaCy pipeline, built lazily: spaCy is imported only when a document is analysed.

The default pipeline needs no model download: a blank English tokenizer, a
lemmatizer that reads spaCy's own lookup table (from ``spacy-lookups-data``)
case-insensitively, and a rule-based sentencizer.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from tilint.lexicon import lemma_of

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Sentence boundaries: the sentencizer's defaults plus the line break that ends a list item or a heading.
PUNCT_CHARS = [".", "!", "?", "…", "。", "؟", "۔"]


class LookupLemmatizer:
    """Set ``token.lemma_`` from the English lookup table, lower-cased, so that LEMMA patterns
    match "Victims'" and "victim" alike. Lemmas are set as one array, by word, without making a
    Token object for every token."""

    def __init__(self) -> None:
        self.by_orth: dict[int, int] = {}  # word hash -> lemma hash

    def __call__(self, doc: Doc) -> Doc:
        import numpy
        from spacy.attrs import LEMMA, ORTH

        strings = doc.vocab.strings
        by_orth = self.by_orth
        lemmas = []
        for orth in doc.to_array(ORTH).tolist():
            lemma = by_orth.get(orth)
            if lemma is None:
                # the prefilter derives word forms from the same function
                lemma = by_orth[orth] = strings.add(lemma_of(strings[orth]))
            lemmas.append(lemma)
        if lemmas:
            doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))
        return doc


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The default blank-English pipeline, built once per process."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("tilint_lemmatizer"):
        Language.factory("tilint_lemmatizer")(_make_lemmatizer)
    nlp = spacy.blank("en")
    nlp.add_pipe("tilint_lemmatizer")
    nlp.add_pipe("sentencizer", config={"punct_chars": PUNCT_CHARS})
    return nlp


def _make_lemmatizer(nlp: Language, name: str) -> LookupLemmatizer:
    return LookupLemmatizer()
