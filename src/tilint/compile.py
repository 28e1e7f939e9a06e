"""Compile validated rules into spaCy matchers.

A rule's own phrases become ``PhraseMatcher`` patterns on ``LOWER`` or ``LEMMA``, shared by all
rules, as they run over every analysed stretch. Everything else is built for one rule when
first needed: its own token patterns (each alone, for the sentences that hold its words, or all
together when the prefilter is off), and its context (exceptions and the patterns a sentence
must or must not contain), which runs only in the sentences where the rule matched. Matches
are told apart by their label: the rule id, with a suffix for each kind of context.

An agency's rules are built whole at once, with spaCy's pattern check, so that a pattern spaCy
rejects is reported when the rules are loaded; the built-in rules are checked by the tests.
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
CONTEXT = GROUPS[1:]


@dataclass
class Compiled:
    """The matchers for a set of rules, bound to one pipeline's vocabulary. A built-in rule's
    token patterns are prepared only when the prefilter first sends text for them: a run reads
    a few dozen of the pack's thousands of patterns, and a rule from the rules cache whose
    patterns are never needed is never decoded (rules.StoredRule)."""

    nlp: Language
    rules: dict[str, Rule]
    lower: PhraseMatcher  # the rules' own phrases matched on LOWER
    lemma: PhraseMatcher  # ... and on LEMMA
    reports: dict[str, frozenset[int]] = field(default_factory=dict)  # label -> pattern tokens to report
    # (rule id, pattern number) -> (label, tokens) of a rule's own token pattern, or None for a phrase
    _prepared: dict[tuple[str, int], tuple[str, list[dict[str, Any]]] | None] = field(default_factory=dict)
    _reporting: dict[str, bool] = field(default_factory=dict)  # rule id -> whether a pattern marks REPORT
    _with_context: dict[str, bool] = field(default_factory=dict)  # rule id -> whether it has context patterns
    _single: dict[tuple[str, int], Matcher] = field(default_factory=dict)
    _tokens: dict[str, Matcher | None] = field(default_factory=dict)
    _context: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    # ("end" | "open", word) -> whether the word ends / opens a sentence (engine._starts_sentence)
    sentence_edges: dict[tuple[str, str], bool] = field(default_factory=dict)

    def token_pattern(self, rule_id: str, number: int) -> tuple[str, list[dict[str, Any]]] | None:
        """(label, tokens as spaCy's Matcher takes them) of a rule's own token pattern, or None for a
        phrase or a number the rule does not have. The label is the rule id, or for a pattern
        that marks tokens to REPORT, ``id#number`` (its marked tokens are then in self.reports)."""
        key = (rule_id, number)
        if key not in self._prepared:
            patterns = self.rules[rule_id].patterns
            pattern = patterns[number] if 0 <= number < len(patterns) else None
            self._prepared[key] = None if pattern is None or isinstance(pattern, str) else self._prepare(key, pattern)
        return self._prepared[key]

    def _prepare(self, key: tuple[str, int], pattern: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
        rule_id, index = key
        marked = frozenset(i for i, token in enumerate(pattern) if token.get(REPORT))
        label = rule_id
        if marked:  # its own label, so the match tells which tokens to report
            label = f"{rule_id}#{index}"
            self.reports[label] = marked
        return label, [_linear({k: v for k, v in token.items() if k != REPORT}) for token in pattern]

    def reporting(self, rule_id: str) -> bool:
        """Whether some token pattern of the rule marks tokens to REPORT (its matches need alignments)."""
        known = self._reporting.get(rule_id)
        if known is None:
            known = self._reporting[rule_id] = any(
                not isinstance(pattern, str) and any(token.get(REPORT) for token in pattern)
                for pattern in self.rules[rule_id].patterns
            )
        return known

    def pattern_reporting(self, rule_id: str, number: int) -> bool:
        """Whether one of a rule's own token patterns marks tokens to REPORT (its matches need
        alignments; a rule's other patterns are matched without them)."""
        prepared = self.token_pattern(rule_id, number)
        return prepared is not None and prepared[0] in self.reports

    def with_context(self, rule_id: str) -> bool:
        """Whether the rule has context patterns (exceptions, sentence_requires or sentence_excludes)."""
        known = self._with_context.get(rule_id)
        if known is None:
            rule = self.rules.get(rule_id)
            known = self._with_context[rule_id] = rule is not None and any(getattr(rule, key) for _, key in CONTEXT)
        return known

    def pattern_matcher(self, rule_id: str, number: int) -> Matcher | None:
        """A matcher of one of a rule's own token patterns (None for a phrase), for sentences
        where the prefilter found the words of that pattern only."""
        matcher = self._single.get((rule_id, number))
        if matcher is None and (prepared := self.token_pattern(rule_id, number)) is not None:
            from spacy.matcher import Matcher

            label, pattern = prepared
            matcher = self._single[rule_id, number] = Matcher(self.nlp.vocab)
            matcher.add(label, [pattern])
        return matcher

    def rule_matcher(self, rule_id: str) -> Matcher | None:
        """A matcher of all of a rule's own token patterns (None when it has only phrases),
        for text the prefilter did not narrow down."""
        if rule_id not in self._tokens:
            rule = self.rules[rule_id]
            entries = [
                ("patterns", n, *prepared) for n in range(len(rule.patterns))
                if (prepared := self.token_pattern(rule_id, n)) is not None
            ]
            self._tokens[rule_id] = _matcher(self, rule, entries) if entries else None
        return self._tokens[rule_id]

    def context_matchers(self, rule_id: str) -> tuple[Any, ...]:
        """The matchers of a rule's context: a token-pattern Matcher (whose matches count from
        the start of the text it is given) and a lemma PhraseMatcher (whose matches count from
        the start of the document), each only if the rule has such patterns."""
        found = self._context.get(rule_id)
        if found is None:
            found = self._context[rule_id] = _context_matchers(self, self.rules[rule_id])
        return found


def compile_rules(rules: Sequence[Rule], nlp: Language) -> Compiled:
    """Build the shared phrase matchers, and every matcher of an agency's rules; a pattern
    spaCy rejects becomes a RuleError naming file, rule and key. A built-in rule's token
    patterns are prepared when first needed (Compiled.token_pattern)."""
    from spacy.matcher import PhraseMatcher

    from tilint.rules import phrase_patterns

    compiled = Compiled(
        nlp=nlp,
        rules={rule.id: rule for rule in rules},
        lower=PhraseMatcher(nlp.vocab, attr="LOWER"),
        lemma=PhraseMatcher(nlp.vocab, attr="LEMMA"),
    )
    for rule in rules:
        phrases = phrase_patterns(rule)
        if phrases:
            if rule.match_on == "lemma":
                compiled.lemma.add(rule.id, list(nlp.pipe(phrases)))
            else:
                compiled.lower.add(rule.id, [nlp.make_doc(p) for p in phrases])
        if not _builtin(rule):  # spaCy checks an agency's patterns now, not mid-run
            compiled.rule_matcher(rule.id)
            compiled.context_matchers(rule.id)
    return compiled


Entry = tuple[str, int, str, list[dict[str, Any]]]  # key, index in it, label, token pattern


def _matcher(compiled: Compiled, rule: Rule, entries: Sequence[Entry]) -> Matcher:
    """One Matcher of some of a rule's token patterns."""
    from spacy.matcher import Matcher

    # spaCy's own check of a pattern costs more than the rest of compiling; the built-in
    # rules are checked by the test suite, an agency's rules every time they are loaded
    matcher = Matcher(compiled.nlp.vocab, validate=not _builtin(rule))
    for key, index, label, pattern in entries:
        try:
            matcher.add(label, [pattern])
        except ValueError as err:
            detail = " ".join(str(err).split())
            where = f"{key}[{rule.written_number(key, index)}]"
            raise RuleError(f"{rule.file}: rule {rule.id}: key '{where}': invalid pattern: {detail}") from None
    return matcher


def _context_matchers(compiled: Compiled, rule: Rule) -> tuple[Any, ...]:
    """(token Matcher or None, lemma PhraseMatcher or None) of a rule's context. Context phrases
    always match on lemmas, so that "victim advocates" is covered by the exception "victim advocate"."""
    from spacy.matcher import PhraseMatcher

    entries: list[Entry] = []
    phrases: PhraseMatcher | None = None
    for suffix, key in CONTEXT:
        patterns = getattr(rule, key)
        texts = [p for p in patterns if isinstance(p, str)]
        if texts:
            phrases = phrases or PhraseMatcher(compiled.nlp.vocab, attr="LEMMA")
            phrases.add(rule.id + suffix, list(compiled.nlp.pipe(texts)))
        entries += [
            (key, i, rule.id + suffix, [_linear(token) for token in p]) for i, p in enumerate(patterns)
            if not isinstance(p, str)
        ]
    return (_matcher(compiled, rule, entries) if entries else None), phrases


def _builtin(rule: Rule) -> bool:
    """Whether *rule* comes from tilint's own rule files."""
    return _builtin_file(rule.file)


@lru_cache(maxsize=1024)
def _builtin_file(file: str) -> bool:
    try:
        return Path(file).resolve().is_relative_to(_builtin_folder())
    except (OSError, ValueError):
        return False


@lru_cache(maxsize=1)
def _builtin_folder() -> Path:
    from tilint.rules import builtin_rules_dir

    return builtin_rules_dir().resolve()


def _linear(token: dict[str, Any]) -> dict[str, Any]:
    """*token* with each REGEX predicate (which spaCy runs with Python's re, in exponential time
    on a pattern such as ``^(a+)+$``) replaced by a token extension that runs it with RE2."""
    regexes = [attr for attr, value in token.items() if isinstance(value, dict) and "REGEX" in value]
    if not regexes:
        return token
    token = dict(token)
    extensions = dict(token.get("_", {}))
    for attr in regexes:
        predicates = dict(token.pop(attr))
        extensions[_regex_extension(attr, predicates.pop("REGEX"))] = True
        if predicates:  # IN, NOT_IN and the like stay spaCy's
            token[attr] = predicates
    token["_"] = extensions
    return token


_EXTENSIONS: dict[tuple[str, str], str] = {}  # (attribute, expression) -> name of its token extension


def _regex_extension(attr: str, expression: str) -> str:
    """The name of a boolean token extension: whether RE2 finds *expression* in the token's *attr*
    (registered once per process; a forked worker inherits it)."""
    name = _EXTENSIONS.get((attr, expression))
    if name is None:
        from operator import attrgetter

        from spacy.tokens import Token

        from tilint.rules import REGEX_ATTRS, linear_regex

        name = _EXTENSIONS[attr, expression] = f"tilint_regex_{len(_EXTENSIONS)}"
        Token.set_extension(name, getter=_regex_getter(linear_regex(expression).search, attrgetter(REGEX_ATTRS[attr])), force=True)
    return name


REGEX_MEMO = 50_000  # strings whose answer a regex extension remembers (a long run's words come and go)


def _regex_getter(search: Any, read: Any) -> Any:
    """A token getter: whether *search* finds its expression in the string *read* takes from a
    token. The answer depends on that string only, so it is remembered per string: the matcher
    asks it of every token of every stretch a pattern runs over, and one RE2 search costs as much
    as some hundred dictionary look-ups."""
    known: dict[str, bool] = {}

    def get(token: Any) -> bool:
        value = read(token)
        found = known.get(value)
        if found is None:
            if len(known) >= REGEX_MEMO:
                known.clear()
            found = known[value] = search(value) is not None
        return found

    return get
