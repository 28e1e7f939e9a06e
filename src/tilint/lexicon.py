"""English word forms and lemmas, read from spaCy's own lookup table in ``spacy-lookups-data``.

Reading the table directly (not through spaCy) gives the lemmatizer a plain dict and lets the
prefilter list every inflection of a lemma without importing spaCy.
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import lru_cache
from typing import Any

# Clitics whose lookup lemma is ambiguous or wrong for matching ("'s" is "is", "has" or a possessive).
CLITICS = {
    "n't": "not", "'re": "be", "'m": "be", "'ve": "have", "'ll": "will", "'s": "'s", "'d": "'d",
    "ca": "can", "wo": "will", "sha": "shall", "’s": "'s", "n’t": "not", "’re": "be", "’m": "be",
    "’ve": "have", "’ll": "will", "’d": "'d",
}


def _table(name: str) -> Any:
    import gzip
    from importlib import resources

    data = resources.files("spacy_lookups_data").joinpath("data", name).read_bytes()
    return json.loads(gzip.decompress(data))


@lru_cache(maxsize=1)
def word_log_probs() -> dict[str, float]:
    """Log probabilities of English words (about a million), for choosing rare prefilter anchors."""
    table: dict[str, float] = _table("en_lexeme_prob.json.gz")
    return table


@lru_cache(maxsize=1)
def lemma_lookup() -> dict[str, str]:
    """The English form -> lemma table (about 41,000 entries)."""
    table: dict[str, str] = _table("en_lemma_lookup.json.gz")
    return table


@lru_cache(maxsize=65536)
def lemma_of(text: str) -> str:
    """The lower-cased lemma tilint gives a token with this text."""
    lower = text.lower()
    table = lemma_lookup()
    return (CLITICS.get(lower) or table.get(lower) or table.get(text) or lower).lower()


@lru_cache(maxsize=1)
def _forms_index() -> dict[str, frozenset[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for form in lemma_lookup():
        index[lemma_of(form)].add(form.lower())
    for clitic in CLITICS:
        index[lemma_of(clitic)].add(clitic)
    return {lemma: frozenset(forms) for lemma, forms in index.items()}


def forms_of(lemma: str) -> frozenset[str]:
    """Every lower-cased word form whose lemma is *lemma*, the lemma itself included."""
    lemma = lemma.lower()
    return _forms_index().get(lemma, frozenset()) | {lemma}
