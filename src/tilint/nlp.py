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
    match "Victims'" and "victim" alike."""

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            token.lemma_ = lemma_of(token.text)  # the prefilter derives word forms from the same function
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
