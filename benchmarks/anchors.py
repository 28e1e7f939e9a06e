"""List each rule pattern's prefilter anchor (the word forms it needs) with how common they are.

Patterns whose anchors are common English words send most paragraphs to spaCy and slow every
run; this report shows which ones to give a rarer required word. Usage: python benchmarks/anchors.py [N]
"""

from __future__ import annotations

import sys

from spacy.lang.en.stop_words import STOP_WORDS

from tilint.lexicon import word_log_probs
from tilint.nlp import pipeline
from tilint.prefilter import UNSEEN_LOG_PROB, _frequency, phrase_forms, token_pattern_forms
from tilint.rules import builtin_rules_dir, load_rules


def main() -> None:
    """Print the N patterns with the most common anchors."""
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    nlp = pipeline()
    probs = word_log_probs()
    common = frozenset(STOP_WORDS)
    rows = []
    for rule in load_rules([builtin_rules_dir()]):
        for index, pattern in enumerate(rule.patterns):
            if isinstance(pattern, str):
                tokens = [(t.lower_, t.lemma_) for t in nlp(pattern)]
                forms = phrase_forms(tokens, rule.match_on == "lemma", common)
            else:
                forms = token_pattern_forms(pattern, common)
            if not forms:
                continue
            frequency = _frequency(forms, common)
            rows.append((frequency, rule.id, index, sorted(forms, key=lambda f: -probs.get(f, UNSEEN_LOG_PROB))[:5]))
    for frequency, rule_id, index, forms in sorted(rows, reverse=True)[:limit]:
        print(f"{frequency:10.6f}  {rule_id} patterns[{index}]  {', '.join(forms)}")


if __name__ == "__main__":
    main()
