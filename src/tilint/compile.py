"""Compile validated rules into spaCy matchers, once per run.

Phrases become ``PhraseMatcher`` patterns on ``LOWER`` or ``LEMMA``; token patterns go to one
``Matcher`` (validated by spaCy). Each rule contributes up to four kinds of pattern, told
apart by the match label: the rule's own patterns, its exceptions, and the patterns a
sentence must or must not contain for a match to count.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tilint.model import Rule
from tilint.rules import RuleError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher, PhraseMatcher

# Label suffixes: what a match of a rule's pattern group means.
MAIN, EXCEPTION, REQUIRES, EXCLUDES = "", "|exception", "|requires", "|excludes"
REPORT = "REPORT"  # a token key of tilint's own: report only the marked tokens of a match
GROUPS: tuple[tuple[str, str], ...] = (
    (MAIN, "patterns"),
    (EXCEPTION, "exceptions"),
    (REQUIRES, "sentence_requires"),
    (EXCLUDES, "sentence_excludes"),
)


@dataclass
class Compiled:
    """The matchers for a set of rules, bound to one pipeline's vocabulary."""

    nlp: Language
    rules: dict[str, Rule]
    lower: PhraseMatcher
    lemma: PhraseMatcher
    tokens: dict[str, Matcher]  # a rule's own token patterns, so a paragraph runs only the rules it may match
    context: dict[str, Matcher] = field(default_factory=dict)  # a rule's context token patterns
    reports: dict[str, frozenset[int]] = field(default_factory=dict)  # label -> pattern tokens to report
    reporting: set[str] = field(default_factory=set)  # rules with such labels
    # (rule id, pattern number) -> (label, tokens) of each token pattern, and its own matcher once needed
    token_patterns: dict[tuple[str, int], tuple[str, list[dict[str, Any]]]] = field(default_factory=dict)
    _single: dict[tuple[str, int], Matcher] = field(default_factory=dict)
    # ("end" | "open", word) -> whether the word ends / opens a sentence (engine._starts_sentence)
    sentence_edges: dict[tuple[str, str], bool] = field(default_factory=dict)

    def pattern_matcher(self, rule_id: str, number: int) -> Matcher | None:
        """A matcher of one of a rule's own token patterns (None for a phrase), for sentences
        where the prefilter found the words of that pattern only."""
        matcher = self._single.get((rule_id, number))
        if matcher is None and (rule_id, number) in self.token_patterns:
            from spacy.matcher import Matcher

            label, pattern = self.token_patterns[rule_id, number]
            matcher = self._single[rule_id, number] = Matcher(self.nlp.vocab)
            matcher.add(label, [pattern])
        return matcher


def compile_rules(rules: Sequence[Rule], nlp: Language) -> Compiled:
    """Build the matchers; a pattern spaCy rejects becomes a RuleError naming file, rule and key."""
    from spacy.matcher import PhraseMatcher

    compiled = Compiled(
        nlp=nlp,
        rules={rule.id: rule for rule in rules},
        lower=PhraseMatcher(nlp.vocab, attr="LOWER"),
        lemma=PhraseMatcher(nlp.vocab, attr="LEMMA"),
        tokens={},
    )
    for rule in rules:
        for suffix, key in GROUPS:
            _add(compiled, rule, suffix, key, _group(rule, key))
    return compiled


def _group(rule: Rule, key: str) -> tuple[Any, ...]:
    return tuple(getattr(rule, key))


def _add(compiled: Compiled, rule: Rule, suffix: str, key: str, patterns: Sequence[Any]) -> None:
    label = rule.id + suffix
    phrases = [p for p in patterns if isinstance(p, str)]
    if phrases:
        # A rule's own phrases follow its match_on; context phrases always match on lemmas,
        # so that "victim advocates" is covered by the exception "victim advocate".
        by_lemma = rule.match_on == "lemma" or suffix != MAIN
        matcher = compiled.lemma if by_lemma else compiled.lower
        docs = list(compiled.nlp.pipe(phrases)) if by_lemma else [compiled.nlp.make_doc(p) for p in phrases]
        matcher.add(label, docs)
    matchers = compiled.tokens if suffix == MAIN else compiled.context
    for index, pattern in enumerate(patterns):
        if isinstance(pattern, str):
            continue
        if rule.id not in matchers:
            from spacy.matcher import Matcher

            # spaCy's own check of a pattern costs more than the rest of compiling; the built-in
            # rules are checked by the test suite, an agency's rules every time they are loaded
            matchers[rule.id] = Matcher(compiled.nlp.vocab, validate=not _builtin(rule))
        marked = frozenset(i for i, token in enumerate(pattern) if token.get(REPORT))
        target = label
        if marked and suffix == MAIN:  # its own label, so the match tells which tokens to report
            target = f"{label}#{index}"
            compiled.reports[target] = marked
            compiled.reporting.add(rule.id)
        stripped = [{k: v for k, v in token.items() if k != REPORT} for token in pattern]
        try:
            matchers[rule.id].add(target, [stripped])
        except ValueError as err:
            detail = " ".join(str(err).split())
            raise RuleError(f"{rule.file}: rule {rule.id}: key '{key}[{index}]': invalid pattern: {detail}") from None
        if suffix == MAIN:
            compiled.token_patterns[rule.id, index] = (target, stripped)


def _builtin(rule: Rule) -> bool:
    """Whether *rule* comes from tilint's own rule files."""
    try:
        return Path(rule.file).resolve().is_relative_to(_builtin_folder())
    except (OSError, ValueError):
        return False


@lru_cache(maxsize=1)
def _builtin_folder() -> Path:
    from tilint.rules import builtin_rules_dir

    return builtin_rules_dir().resolve()
