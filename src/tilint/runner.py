"""Lint one document: its parts through the prefilter and the engine, suppressions applied,
document-level checks for scripts. The engine knows only text views; this layer knows parts.
spaCy is loaded on the first paragraph that the prefilter lets through.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tilint.document import TextView, paragraphs
from tilint.formats import Document, Input, Part, read_document
from tilint.model import Finding, Rule, Severity, fill_message
from tilint.prefilter import (
    ALGORITHM, Candidate, Prefilter, rule_slots, split_tokens, split_words, with_split_words,
)
from tilint.rules import needs_model, rule_fingerprint
from tilint.scripts import is_script
from tilint.suppress import Suppressions, parse_suppressions

_COMPILED: dict[str, object] = {}


@dataclass
class Linter:
    """Rules compiled on first use, so a run with nothing to read never imports spaCy."""

    rules: Sequence[Rule] = field(repr=False)
    redact: bool = False
    script_globs: Sequence[str] = ()
    use_prefilter: bool = True
    model: str = ""  # a trained spaCy pipeline (package name or folder), or "" for the blank default
    _compiled: object = field(default=None, repr=False)
    _prefilter: object = field(default=None, repr=False)
    skipped: list[Rule] = field(init=False, repr=False)  # rules that need a trained pipeline

    def __post_init__(self) -> None:
        self.skipped = [] if self.model else [rule for rule in self.rules if needs_model(rule)]
        if self.skipped:  # the blank pipeline has no tags or parse: spaCy would refuse to match them
            self.rules = [rule for rule in self.rules if rule not in self.skipped]

    def compiled(self) -> object:
        """The compiled matchers for this linter's rules (shared by linters with the same rules)."""
        if self._compiled is None:
            from tilint.compile import compile_rules
            from tilint.nlp import pipeline
            from tilint.parse import trained_pipeline, uses_entities

            key = repr((self.model, [rule_fingerprint(rule) for rule in self.rules]))
            if key not in _COMPILED:
                while len(_COMPILED) >= 4:  # a process rarely lints with more than a few packs
                    _COMPILED.pop(next(iter(_COMPILED)))
                nlp = trained_pipeline(self.model, uses_entities(self.rules)) if self.model else pipeline()
                _COMPILED[key] = compile_rules(self.rules, nlp)
            self._compiled = _COMPILED[key]
        return self._compiled

    def prefilter(self) -> Prefilter | None:
        """The literal prefilter for these rules, or None when some rule needs every paragraph.

        Deriving the literals tokenizes phrases with spaCy, so they are cached on disk: a later
        run whose files hold none of them never imports spaCy."""
        if self._prefilter is None:
            from tilint.prefilter import load_state, store_state

            key = _slots_key(self.rules) + "-state" if self.use_prefilter else ""
            state = load_state(key) if key else None
            if state:
                try:  # the prefilter as a run with these rules made it
                    self._prefilter = Prefilter.from_state(state)
                except (ValueError, TypeError):  # a stored state this version cannot read: made again below
                    state = None
            elif state is not None:  # () for none
                self._prefilter = False
            if state is None:
                slots, reach = _derived(self.rules)
                usable = self.use_prefilter and all(v is not None for v in slots.values())
                self._prefilter = Prefilter({k: v or () for k, v in slots.items()}, reach) if usable else False
                if key:
                    store_state(key, self._prefilter.state() if self._prefilter else ())
            if self._prefilter:  # the word before a match names its subject, unless a parse decides
                self._prefilter.subject_by_words = not self.model
        return self._prefilter or None  # type: ignore[return-value]

    def lint_text(
        self,
        text: str,
        display: str = "-",
        severities: Mapping[str, Severity] | None = None,
        script: bool | None = None,
    ) -> list[Finding]:
        """The findings in *text*, read as the format its *display* name suggests."""
        document = read_document(Input(display, text=text))
        return self.lint_document(document, severities, script).findings

    def lint_document(
        self,
        document: Document,
        severities: Mapping[str, Severity] | None = None,
        script: bool | None = None,
        require_reason: bool = False,
        share: tuple[int, int] | None = None,
    ) -> LintResult:
        """Lint every part of *document*.

        *severities* are the rules that are on, with their severity (default: every rule as
        written); *script* is what the configuration says about the file, if anything.

        *share* (k, n) lints only the k-th of n runs of whole paragraphs of a one-part document
        (for spreading one huge file over processes); the shares' findings together are the
        document's. A script, or a document of several parts, is linted whole by share 0 and
        not at all by the others."""
        return self.finish(self.prepare(document, severities, script, require_reason, share))

    def prepare(
        self,
        document: Document,
        severities: Mapping[str, Severity] | None = None,
        script: bool | None = None,
        require_reason: bool = False,
        share: tuple[int, int] | None = None,
    ) -> Prepared:
        """The first half of lint_document, which needs no spaCy: suppressions read, the text
        made a view, and the prefilter run over its paragraphs."""
        active = dict(severities) if severities is not None else {r.id: r.severity for r in self.rules}
        in_script = document.scriptable and is_script(document.display, _readable(document), self.script_globs, script)
        document_rules = [r.id for r in self.rules if r.kind == "document" and r.id in active] if in_script else []
        prepared = Prepared(document.display, active, document_rules, [], LintResult([], []))
        if share is not None and (document_rules or len(document.parts) != 1):
            if share[0]:
                return prepared
            share = None
        # Document rules matter only in scripts; elsewhere their phrases need not reach spaCy.
        wanted = {r.id for r in self.rules if r.id in active and (in_script or r.kind != "document")}
        for part in document.parts:
            prepared.parts.append(self._prepare_part(part, active, wanted, require_reason, share))
            prepared.result.suppressions.append(prepared.parts[-1].suppressions)
        return prepared

    def _prepare_part(
        self,
        part: Part,
        active: dict[str, Severity],
        wanted: set[str],
        require_reason: bool,
        share: tuple[int, int] | None = None,
    ) -> PreparedPart:
        locator = part.locate()
        suppressions = parse_suppressions(part.text, self.resolve, require_reason, locator.line_col)
        prepared = PreparedPart(part.text, part.quoted, locator, suppressions)
        if not active:
            return prepared
        view = TextView.from_skips(part.text, [*part.skip, *suppressions.spans()], part.breaks)
        prefilter = self.prefilter()
        chosen = paragraphs(view.text)
        if share is not None:  # the paragraphs that start in the k-th n-th of the text
            number, count = share
            low, high = len(view.text) * number // count, len(view.text) * (number + 1) // count
            chosen = [(start, end) for start, end in chosen if low <= start < high]
        for batch in _batches(chosen, BATCH_CHARS):  # a huge file is analysed a stretch at a time
            if prefilter is not None:
                first, last = batch[0][0], batch[-1][1]  # only this stretch is searched
                spans = [
                    c._replace(start=c.start + first, end=c.end + first)
                    for c in prefilter.candidates(view.text[first:last], [(s - first, e - first) for s, e in batch], wanted)
                ]
            else:
                spans = [Candidate(start, end) for start, end in batch]
            if spans:
                prepared.batches.append(spans)
        if prepared.batches:
            prepared.view = view
        return prepared

    def finish(self, prepared: Prepared) -> LintResult:
        """The second half of lint_document: spaCy reads what the prefilter let through."""
        result = prepared.result
        present: set[str] = set()
        for part in prepared.parts:
            present |= self._finish_part(prepared.display, part, prepared.active, result)
        by_id = {r.id: r for r in self.rules}
        for rule in (by_id[i] for i in prepared.document_rules if i not in present):
            finding = document_finding(prepared.display, rule, prepared.active[rule.id])
            if all(s.apply([finding]) for s in result.suppressions):
                result.findings.append(finding)
        result.findings.sort()
        return result

    def _finish_part(self, display: str, part: PreparedPart, active: dict[str, Severity], result: LintResult) -> set[str]:
        """Analyse one prepared part into *result*; return the ids of document rules whose phrases it holds."""
        present: set[str] = set()
        if not part.batches:
            return present
        from tilint.engine import LONG_LINE, find_matches, to_findings  # with spaCy, only when needed

        assert part.view is not None
        view, locator, suppressions = part.view, part.locator, part.suppressions
        prefilter = self.prefilter()
        seen: Counter[str] = Counter()  # fingerprints so far, numbered across batches
        for spans in part.batches:
            matches = find_matches(view, self.compiled(), part.quoted, active, spans, prefilter)  # type: ignore[arg-type]
            found = [m for m in matches if m.rule.kind != "document"]
            findings = to_findings(display, part.text, view, found, active, self.redact, locator, seen)
            result.findings.extend(suppressions.apply(findings))
            if not self.redact:  # the lines to show under the findings; not one megabytes long
                for line in {f.line for f in findings}:
                    if (display, line) not in result.lines and len(text := locator.line_text(line)) <= LONG_LINE:
                        result.lines[display, line] = text
            present |= {m.rule.id for m in matches if m.rule.kind == "document"}
        return present

    def resolve(self, name: str) -> set[str]:
        """The ids of the rules a suppression's rule id, name or category names."""
        return {r.id for r in self.rules if name.upper() == r.id.upper() or name in (r.name, r.category)}


BATCH_CHARS = 1_000_000  # paragraphs are analysed in stretches of about this much text


def _batches(spans: Sequence[tuple[int, int]], size: int) -> Iterator[Sequence[tuple[int, int]]]:
    """*spans* (paragraphs, in order) in runs of about *size* characters of text; matches never
    cross a paragraph, so each run can be analysed on its own."""
    begin = 0
    for index, (start, end) in enumerate(spans):
        if end - spans[begin][0] > size and index > begin:
            yield spans[begin:index]
            begin = index
    if begin < len(spans):
        yield spans[begin:]


def _readable(document: Document) -> str:
    """The text that tells whether *document* reads as a script: its source, or for a Word file or
    a PDF (which keep none) the text of its parts. Parts that are read as they come (a table's rows)
    are left unread here."""
    if document.text or not isinstance(document.parts, (list, tuple)):
        return document.text
    return "\n".join(part.text for part in document.parts)


def _slots(rules: Sequence[Rule]) -> dict[str, list[list[list[str]]] | None]:
    """The prefilter slots of each rule's patterns, from the cache or derived (which loads spaCy)."""
    return _derived(rules)[0]


def _slots_key(rules: Sequence[Rule]) -> str:
    """The cache key of the prefilter slots derived from *rules*: a hash of what the prefilter reads
    of each (rules.slot_digest: a rule from the rules cache brings its digest, so start-up never
    writes out its patterns for this), with the prefilter's code and Python's version."""
    import sys

    from tilint import cache
    from tilint.rules import slot_digest

    inputs = cache._blake2b(b"".join(slot_digest(rule) for rule in rules), digest_size=20).hexdigest()
    material = [cache.module_stamp("tilint.prefilter"), inputs, sys.version]
    return cache.cache_key(f"slots{ALGORITHM}", "\0".join(material))


def _derived(rules: Sequence[Rule]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The prefilter slots of each rule's patterns, and for each pattern how far apart the words
    of its two slots may stand (None: any distance, or one slot); from the cache, or derived
    (which loads spaCy)."""
    from tilint import cache

    key = _slots_key(rules)
    cached = cache.load(key)
    ids = {r.id for r in rules}
    if isinstance(cached, dict) and set(cached.get("slots", ())) == ids and set(cached.get("reach", ())) == ids:
        return cached["slots"], cached["reach"]
    from tilint.nlp import pipeline

    nlp = pipeline()  # first, as it imports spaCy
    from spacy.attrs import ORTH
    from spacy.lang.en.stop_words import STOP_WORDS

    def tokenize(phrase: str) -> list[tuple[str, str]]:
        return [(t.lower_, t.lemma_) for t in nlp(phrase)]

    common = frozenset(STOP_WORDS)
    splits = split_words(nlp.tokenizer.rules, ORTH)
    tokens_of = split_tokens(nlp.tokenizer.rules, ORTH)
    slots: dict[str, list[list[list[str]]] | None] = {}
    reach: dict[str, list[list[int] | None] | None] = {}
    for rule in rules:
        patterns = rule_slots(rule, tokenize, common)
        slots[rule.id] = None if patterns is None else [
            [sorted(with_split_words(slot, splits, tokens_of)) for slot in pattern[:-1]] for pattern in patterns
        ]
        # the checks beyond the slots: how near two slots stand, what stands between, what follows
        reach[rule.id] = None if patterns is None else [pattern[-1] for pattern in patterns]
    cache.store(key, {"slots": slots, "reach": reach})
    return slots, reach


def _literals(rules: Sequence[Rule]) -> dict[str, list[str] | None]:
    """Every prefilter string of each rule, all slots together (for reports and benchmarks)."""
    return {
        rule_id: None if patterns is None else sorted({w for pattern in patterns for slot in pattern for w in slot})
        for rule_id, patterns in _slots(rules).items()
    }


@dataclass
class LintResult:
    """What linting one document gave: findings, the suppressions it holds, its source lines."""

    findings: list[Finding]
    suppressions: list[Suppressions]
    lines: dict[tuple[str, int], str] = field(default_factory=dict)


@dataclass
class PreparedPart:
    """One part of a document after the prefilter: the paragraphs left for spaCy, in batches."""

    text: str
    quoted: Sequence[tuple[int, int]]
    locator: Any  # formats.Locator
    suppressions: Suppressions
    view: TextView | None = None  # only when there is something to analyse
    batches: list[list[Candidate]] = field(default_factory=list)


@dataclass
class Prepared:
    """A document read and prefiltered (Linter.prepare), waiting for Linter.finish."""

    display: str
    active: dict[str, Severity]
    document_rules: list[str]  # ids of the document rules that apply (the file is a script)
    parts: list[PreparedPart]
    result: LintResult  # the suppressions so far

    def needs_spacy(self) -> bool:
        """Whether finishing it analyses any text (imports spaCy), or only settles document rules."""
        return any(part.batches for part in self.parts)


def document_finding(display: str, rule: Rule, severity: Severity) -> Finding:
    """A document-level finding, placed at the top of the file."""
    message = fill_message(rule.message, None)
    return Finding(
        path=display, line=1, column=1, end_line=1, end_column=1, rule=rule.id, name=rule.name,
        category=rule.category, severity=severity, message=message, match="", suggestions=rule.alternatives,
        advice=rule.advice,
        message_redacted=message, fingerprint=f"{rule.id}:document",
    )
