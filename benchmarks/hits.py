"""Which rule patterns send the most paragraphs of a corpus to spaCy.

The prefilter lets a paragraph through when it holds every slot (word form) of some pattern.
Patterns whose slots are common words let most paragraphs through and slow every run; this
report lists them with the strings that hit. Usage:
    python benchmarks/hits.py [CORPUS_DIR] [--top N]
(default corpus: benchmarks/corpus/medium, made by benchmarks/make_corpus.py medium)
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
    args = parser.parse_args()
    rules = [r for r in load_rules([builtin_rules_dir()]) if r.kind != "document"]
    slots, reach = _derived(rules)  # reach: how near a pattern's two slots must stand
    texts = []
    for path in sorted(Path(args.corpus).rglob("*.*")):
        view = TextView.whole(path.read_text(encoding="utf-8", errors="replace"))
        texts += [view.text[s:e] for s, e in paragraphs(view.text)]
    everything = Prefilter({k: v or () for k, v in slots.items()}, reach)
    through = sum(1 for t in texts if everything.rules_in(t))
    print(f"{through} of {len(texts)} paragraphs ({through / max(len(texts), 1):.1%}) reach spaCy")
    rows = []
    for rule_id, patterns in slots.items():
        for index, pattern in enumerate(patterns or ()):
            one = Prefilter({rule_id: [pattern]}, {rule_id: [(reach.get(rule_id) or [None] * (index + 1))[index]]})
            hits = [t for t in texts if one.rules_in(t)]
            if hits:
                words = collections.Counter(
                    w for t in hits[:400] for slot in pattern for w in slot if Prefilter([w]).hits(t)
                )
                rows.append((len(hits), rule_id, index, [w for w, _ in words.most_common(5)]))
    for count, rule_id, index, words in sorted(rows, reverse=True)[: args.top]:
        print(f"{count:6d}  {rule_id} patterns[{index}]  {', '.join(words)}")


if __name__ == "__main__":
    main()
