"""Which rule patterns send the most paragraphs of a corpus to spaCy.

The prefilter lets a paragraph through when it holds every slot (word form) of some pattern.
Patterns whose slots are common words let most paragraphs through and slow every run; this
report lists them with the strings that hit. Usage:
    python benchmarks/hits.py [CORPUS_DIR] [--top N] [--subject-by-words]
(default corpus: benchmarks/corpus/medium, made by benchmarks/make_corpus.py medium).
--subject-by-words: the prefilter also reads the subject switch from the words before a
match, as it may without a trained pipeline (Prefilter.subject_by_words).
"""

from __future__ import annotations

import argparse
import collections
from pathlib import Path

from tilint.document import TextView, paragraphs
from tilint.prefilter import Prefilter
from tilint.rules import builtin_rules_dir, load_rules
from tilint.runner import _derived


def main() -> None:
    """Print the share of paragraphs let through and the patterns responsible."""
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", default="benchmarks/corpus/medium")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--subject-by-words", action="store_true")
    args = parser.parse_args()
    rules = [r for r in load_rules([builtin_rules_dir()]) if r.kind != "document"]
    slots, reach = _derived(rules)  # reach: how near a pattern's two slots must stand
    texts = []
    for path in sorted(Path(args.corpus).rglob("*.*")):
        view = TextView.whole(path.read_text(encoding="utf-8", errors="replace"))
        texts += [view.text[s:e] for s, e in paragraphs(view.text)]
    everything = Prefilter({k: v or () for k, v in slots.items()}, reach)
    everything.subject_by_words = args.subject_by_words
    through = 0
    counts: collections.Counter[tuple[str, int]] = collections.Counter()
    words: dict[tuple[str, int], collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for text in texts:  # one pass: the patterns complete in each paragraph, and the strings that completed them
        found = everything.candidates(text, [(0, len(text))])
        if not found:
            continue
        through += 1
        hits = found[0].hits or ()
        for pattern in everything.complete_patterns(hits):
            counts[pattern] += 1
        for at, _, index, stop in hits:
            words[everything.patterns[index][:2]][text[at:stop].lower()] += 1
    print(f"{through} of {len(texts)} paragraphs ({through / max(len(texts), 1):.1%}) reach spaCy")
    for (rule_id, index), count in counts.most_common(args.top):
        common = ", ".join(w for w, _ in words[rule_id, index].most_common(5))
        print(f"{count:6d}  {rule_id} patterns[{index}]  {common}")

if __name__ == "__main__":
    main()
