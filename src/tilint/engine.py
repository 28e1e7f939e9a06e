"""Run compiled rules over a document and return positioned findings.

A bare keyword is weak evidence, so each candidate match must survive its context: it may
not cross a sentence boundary, overlap one of its rule's exceptions, start inside someone's
quoted words (unless the rule opts in, or a script tells staff to say them), or miss what its
sentence must contain. Surviving matches are mapped back to source line and column once.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Collection, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tilint.compile import EXCEPTION, EXCLUDES, REQUIRES, Compiled
from tilint.document import TextView, merge_ranges, paragraphs
from tilint.formats import Locator
from tilint.model import Finding, Rule, Severity, fill_message
from tilint.nlp import FINAL, SENTENCE_FIRSTS, WORD, sentence_role
from tilint.parse import trained
from tilint.prefilter import Candidate, Prefilter
from tilint.quotes import paragraph_quotes



@dataclass(frozen=True)
class Match:
    """A surviving match in view offsets."""

    rule: Rule
    start: int
    end: int


@dataclass
class _Candidates:
    main: list[tuple[str, int, int, tuple[int, int] | None]]
    context: dict[str, list[tuple[int, int]]]  # label -> token spans


def find_matches(
    view: TextView,
    compiled: Compiled,
    quoted: Sequence[tuple[int, int]] = (),
    active: Container[str] | None = None,
    spans: Sequence[Candidate] | None = None,
    prefilter: Prefilter | None = None,
) -> list[Match]:
    """Every match in *view* of the *active* compiled rules (default: all); *quoted* are source
    ranges of someone else's words; *spans* are the paragraphs to analyse, each with the rules
    that may match in it and where *prefilter* found their words (default: every paragraph,
    every rule)."""
    if spans is None:
        spans = [Candidate(start, end) for start, end in paragraphs(view.text)]
    quotes = _Ranges(  # only where spaCy will look
        (q.start, q.end) for span in spans for q in paragraph_quotes(view.text, span.start, span.end)
        if not q.spoken_by_staff
    )
    someone_elses = _Ranges(quoted)
    pieces = [(span, piece) for span in spans for piece in _windows(view.text, span, compiled)]
    docs = compiled.nlp.pipe(view.text[piece.start : piece.end] for _, piece in pieces)
    found: list[Match] = []
    listed = not trained(compiled.nlp)
    for (paragraph, span), doc in zip(pieces, docs):
        where = _Where(view.text, paragraph.start, paragraph.end, span.start, listed)
        for match in _doc_matches(doc, compiled, span, prefilter, where):
            if active is not None and match.rule.id not in active:
                continue
            start, end = span.start + match.start, span.start + match.end
            if match.rule.quotes == "skip" and (start in quotes or view.to_source(start) in someone_elses):
                continue
            found.append(Match(match.rule, start, end))
    return _resolve(found)


# Where a sentence may end: a sentence-final character, closing quotes or brackets, one space.
_SENTENCE_END = re.compile(r"[.!?…。؟۔][\"'”’)\]]* (?=\S)")
WINDOW_MIN = 400  # characters; a shorter paragraph goes to spaCy whole


def _windows(text: str, span: Candidate, compiled: Compiled) -> list[Candidate]:
    """The stretches of the paragraph text[span.start:span.end] that spaCy must read: the
    sentences that hold the prefilter's hits, cut only where a sentence surely starts, so that
    each stretch tokenizes and splits into sentences exactly as it does inside the paragraph.
    (Tokens never span a space; a sentence starts at a word token that follows a sentence-final
    token with only punctuation between, whatever came before. Both are checked by tokenizing
    the two words beside the space.) The whole paragraph when the prefilter did not say where
    its words are (hits None or empty), or when no sentence surely starts between the hits and
    the paragraph's edges. Only the places where a sentence may end nearest each hit are checked, outwards from it, until
    one on each side surely starts a sentence."""
    if not span.hits or span.end - span.start < WINDOW_MIN or trained(compiled.nlp):
        return [span]  # (a parse may differ with the sentences around: a trained pipeline reads it whole)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, span.start, span.end)]  # in order, inside the span
    cuts: dict[int, bool] = {}  # index in ends -> whether a sentence surely starts there

    def cut(index: int) -> bool:
        known = cuts.get(index)
        if known is None:
            known = cuts[index] = _starts_sentence(text, ends[index], span, compiled)
        return known

    bounds: set[tuple[int, int]] = set()  # the sentence around each hit: from the cut before it to the one after
    for hit in span.hits:
        before = after = bisect_right(ends, span.start + hit[0])
        before -= 1
        while before >= 0 and not cut(before):
            before -= 1
        while after < len(ends) and not cut(after):
            after += 1
        bounds.add((ends[before] if before >= 0 else span.start, ends[after] if after < len(ends) else span.end))
    if not any(cuts.values()):
        return [span]  # no sentence starts between the hits and the paragraph's edges: all of it
    chosen: list[list[int]] = []
    for start, end in sorted(bounds):
        if chosen and chosen[-1][1] == start:
            chosen[-1][1] = end  # neighbouring sentences: one stretch
        else:
            chosen.append([start, end])
    return [
        span._replace(start=start, end=end, hits=tuple(
            (h[0] + span.start - start, h[1], h[2], h[3] + span.start - start)
            for h in span.hits if start <= span.start + h[0] < end
        ))
        for start, end in chosen
    ]


def _starts_sentence(text: str, at: int, span: Candidate, compiled: Compiled) -> bool:
    """Whether the word at text[at] starts a sentence in any text where the word before the
    space at text[at - 1] stands as it is here. Answers are remembered per word, in memory only."""
    before = text[max(text.rfind(" ", span.start, at - 1) + 1, span.start) : at - 1]
    space = text.find(" ", at, span.end)
    after = text[at : space if space >= 0 else span.end]
    if not before or not after:
        return False
    known = compiled.sentence_edges
    if len(known) > 100_000:  # bounded: the words of a long run come and go
        known.clear()
    ends = known.get(("end", before))
    if ends is None:  # a sentence-final token with only punctuation after it
        roles = [sentence_role(token.text, token.is_punct) for token in compiled.nlp.tokenizer(before)]
        last_word = max((i for i, role in enumerate(roles) if role == WORD), default=-1)
        ends = known[("end", before)] = FINAL in roles[last_word + 1 :]
    if not ends:
        return False
    opens = known.get(("open", after))
    if opens is None:  # a word token first
        tokens = compiled.nlp.tokenizer(after)
        opens = known[("open", after)] = bool(len(tokens)) and sentence_role(tokens[0].text, tokens[0].is_punct) == WORD
    return opens


@dataclass(frozen=True)
class _Where:
    """Where a document analysed stands: the view's text, its paragraph and its own start."""

    text: str
    paragraph: int
    paragraph_end: int
    start: int
    listed: bool  # whether the doc's sentences are those the Annotator listed (the blank pipeline)


def _doc_matches(
    doc: Any, compiled: Compiled, span: Candidate, prefilter: Prefilter | None, where: _Where
) -> Iterable[Match]:
    sentences = _sentences(doc, where.listed)
    sentence = sentences.ids
    read: dict[int, Any] = {}  # sentence number -> its tokens as the context switches read them
    candidates = _candidates(doc, compiled, span.rules, sentences, _regions(doc, sentences, span, prefilter))
    for label, start, end, report in candidates.main:
        rule = compiled.rules[label]
        if sentence[start] != sentence[end - 1]:
            continue
        same = sentence[start]
        # Context, like a match, stays inside one sentence, so that looking only at the
        # sentences that hold a rule's words finds the same context as looking everywhere.
        context = {
            suffix: [(s, e) for s, e in candidates.context.get(label + suffix, ()) if sentence[s] == sentence[e - 1] == same]
            for suffix in (EXCEPTION, REQUIRES, EXCLUDES)
        }
        if any(s < end and start < e for s, e in context[EXCEPTION]):
            continue
        if rule.sentence_requires and not context[REQUIRES]:
            continue
        if context[EXCLUDES]:
            continue
        reported = report[0] if report else start
        if rule.context and not _switches_keep(rule, doc, sentences, (start, reported, end), where, read):
            continue
        tokens = doc[report[0] : report[1]] if report else doc[start:end]
        yield Match(rule, tokens.start_char, tokens.end_char)


def _switches_keep(
    rule: Rule, doc: Any, sentences: _Sentences, span: tuple[int, int, int], where: _Where, read: dict[int, Any]
) -> bool:
    """Whether a match of *rule* (its first token, the first it reports, the token after it) survives
    the rule's context switches (*read* keeps each sentence of *doc* as they read it, made once)."""
    from tilint.context import Sentence, about, is_minor, mentioned, negated

    start, reported, stop = span
    words = _rule_words(rule)
    number = sentences.ids[start]
    first, end = sentences.bounds[number]
    sentence = read.get(number)
    if sentence is None:
        sentence = read[number] = Sentence(doc, first, end)
    text, shift, paragraph = where.text, where.start, where.paragraph
    if rule.mention == "skip" and mentioned(sentence, start, words, text, shift + doc[start].idx, paragraph):
        return False
    if rule.negation == "cancels" and negated(sentence, start, words["negation"]):
        return False
    if rule.subject and not about(sentence, start, rule.subject, words, reported, stop):
        return False
    if rule.age == "minor":
        at = shift + doc[first].idx
        header = _header(text) if paragraph > 0 else ""
        return is_minor(
            doc[first:end].text, at, text[paragraph : where.paragraph_end], paragraph, header, words.get("minor-age"),
            sentence,
        )
    return True


_WORDS: dict[int, tuple[Rule, dict[str, Any]]] = {}  # id of a rule -> (it, its context's Words by vocabulary)


def _rule_words(rule: Rule) -> dict[str, Any]:
    """The Words of each vocabulary a rule's switches read, made once per rule, not per match."""
    known = _WORDS.get(id(rule))
    if known is None or known[0] is not rule:
        from tilint.context import words_of

        if len(_WORDS) > 4096:  # bounded: a long-lived process may load many packs
            _WORDS.clear()
        known = _WORDS[id(rule)] = (rule, {name: words_of(entries) for name, entries in rule.context})
    return known[1]


def _header(text: str) -> str:
    """The note's header: its first paragraph, when short."""
    cut = text.find("\n\n")
    head = text[: cut if cut >= 0 else len(text)]
    return head if len(head) <= 400 else ""


Region = tuple[int, int, frozenset[tuple[str, int]]]  # first token, end token, (rule id, pattern number)s


def _regions(doc: Any, sentences: _Sentences, span: Candidate, prefilter: Prefilter | None) -> list[Region] | None:
    """The sentences of *doc* that hold every slot of some pattern, with those patterns, or None
    when the prefilter did not say where its words are (look everywhere, for every pattern)."""
    if span.hits is None or prefilter is None or not len(doc):
        return None
    from spacy.attrs import IDX

    offsets = doc.to_array(IDX).tolist()
    sentence = sentences.ids
    patterns = prefilter.patterns_by_group(span.hits, lambda at: sentence[max(bisect_right(offsets, at) - 1, 0)])
    return [(*sentences.bounds[number], found) for number, found in sorted(patterns.items())]


def _candidates(
    doc: Any,
    compiled: Compiled,
    rules: Collection[str] | None,
    sentences: _Sentences,
    regions: Sequence[Region] | None = None,
) -> _Candidates:
    """Every match of the rules' own patterns, and of their context in the sentences where they
    matched. With *regions*, each token pattern runs only in the sentences that hold its words."""
    from spacy.matcher import PhraseMatcher

    strings = compiled.nlp.vocab.strings
    found = _Candidates([], defaultdict(list))

    def collect(matcher: Any, part: Any, shift: int, aligned: bool) -> None:
        if not len(matcher):  # an empty matcher only warns
            return
        for match in matcher(part) if isinstance(matcher, PhraseMatcher) else _token_matches(matcher, part, aligned):
            key, start, end = match[0], match[1] + shift, match[2] + shift
            label, _, _ = strings[key].partition("#")
            rule_id, bar, _ = label.partition("|")
            if rules is not None and rule_id not in rules:
                continue
            if bar:
                found.context[label].append((start, end))
            elif rule_id in compiled.rules:
                marked = compiled.reports.get(strings[key])
                found.main.append((label, start, end, _reported(match[3], start, marked) if marked else None))

    collect(compiled.lower, doc, 0, False)  # phrase matchers give document offsets, even for a span
    collect(compiled.lemma, doc, 0, False)
    if regions is None:
        for rule_id in sorted(compiled.rules if rules is None else rules):
            matcher = compiled.rule_matcher(rule_id) if rule_id in compiled.rules else None
            if matcher is not None:
                collect(matcher, doc, 0, compiled.reporting(rule_id))
    else:
        for first, end, patterns in regions:
            for rule_id, number in sorted(patterns):
                matcher = compiled.pattern_matcher(rule_id, number)
                if matcher is not None:  # alignments only for a pattern that marks tokens to REPORT
                    collect(matcher, doc[first:end], first, compiled.pattern_reporting(rule_id, number))
    # A rule's context patterns run only in the sentences where one of its patterns matched.
    sentence = sentences.ids
    wanted = sorted({
        (label, sentence[start]) for label, start, end, _ in found.main
        if compiled.with_context(label) and sentence[start] == sentence[end - 1]
    })
    for rule_id, number in wanted:
        first, end = sentences.bounds[number]
        tokens, phrases = compiled.context_matchers(rule_id)
        if tokens is not None:
            collect(tokens, doc[first:end], first, False)
        if phrases is not None:
            collect(phrases, doc[first:end], 0, False)
    return found


LONG_STRETCH = 256  # tokens; a token matcher sees a longer stretch in windows this long, half of it overlapping


def _token_matches(matcher: Any, part: Any, aligned: bool) -> list[Any]:
    """The matches of a token-pattern *matcher* in *part* (a span of tokens), found with work that
    grows only linearly with a long run-on sentence. A pattern with an open-ended wildcard (*, +)
    matches from every start it follows to every end: on n tokens, n * n matches. So a long stretch
    is matched in overlapping windows, each match found in the window where it starts in the first
    half (every match of up to LONG_STRETCH // 2 tokens is found; a longer one may end at its
    window's end or not be found), and where a window holds far more matches than tokens, only the
    longest match from each start is kept."""
    def run(piece: Any) -> list[Any]:
        found = matcher(piece, with_alignments=True) if aligned else matcher(piece)
        if len(found) <= 2 * len(piece) + 32:
            return found
        longest: dict[tuple[int, int], Any] = {}  # (pattern key, start) -> its longest match
        for match in found:
            if (kept := longest.get((match[0], match[1]))) is None or match[2] > kept[2]:
                longest[match[0], match[1]] = match
        return sorted(longest.values(), key=lambda m: (m[1], m[2]))

    if len(part) <= LONG_STRETCH:
        return run(part)
    half = LONG_STRETCH // 2
    found = []
    for begin in range(0, len(part), half):
        for match in run(part[begin : begin + LONG_STRETCH]):
            if match[1] < half:  # found again, and from its own start, in the next window otherwise
                found.append((match[0], match[1] + begin, match[2] + begin, *match[3:]))
    return found


def _reported(alignments: Sequence[int], start: int, marked: frozenset[int]) -> tuple[int, int] | None:
    """The tokens of a match that its pattern marks REPORT (first to last), or None for all."""
    positions = [start + i for i, pattern_token in enumerate(alignments) if pattern_token in marked]
    return (positions[0], positions[-1] + 1) if positions else None


@dataclass
class _Sentences:
    ids: list[int]  # the sentence number of every token
    bounds: list[tuple[int, int]]  # each sentence's first token and end token, by number


def _sentences(doc: Any, listed: bool = False) -> _Sentences:
    """The sentences of *doc*, from its sentence starts (the first token always opens one): as the
    Annotator *listed* them (the blank pipeline, where it sets them last), or read from the doc
    (a trained pipeline, whose parser may add sentence starts after the Annotator)."""
    firsts = doc.user_data.get(SENTENCE_FIRSTS) if listed else None
    if firsts is not None and len(doc):
        bounds = list(zip(firsts, [*firsts[1:], len(doc)]))
        ids: list[int] = []
        for number, (first, end) in enumerate(bounds):
            ids += [number] * (end - first)
        return _Sentences(ids, bounds)
    import numpy

    starts = doc.to_array("SENT_START") == 1
    if not len(starts):
        return _Sentences([], [])
    starts[0] = True
    firsts = numpy.flatnonzero(starts).tolist()
    return _Sentences((numpy.cumsum(starts) - 1).tolist(), list(zip(firsts, [*firsts[1:], len(starts)])))


class _Ranges:
    """Ranges (start, end) of offsets, merged, to ask whether an offset is inside one of them."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        merged = merge_ranges(ranges)
        self.starts = [start for start, _ in merged]
        self.ends = [end for _, end in merged]

    def __contains__(self, offset: int) -> bool:
        index = bisect_right(self.starts, offset) - 1
        return index >= 0 and offset < self.ends[index]


def _resolve(matches: list[Match]) -> list[Match]:
    """Keep the longest of overlapping matches of one rule, then drop matches a rule supersedes."""
    by_rule: dict[str, list[Match]] = defaultdict(list)
    for match in sorted(matches, key=lambda m: (m.start, -(m.end - m.start))):
        kept = by_rule[match.rule.id]
        if kept and match.start < kept[-1].end:
            continue
        kept.append(match)
    survivors = [m for group in by_rule.values() for m in group]
    superseded: set[tuple[str, int]] = set()
    for match in survivors:
        for other_id in match.rule.supersedes:
            for other in by_rule.get(other_id, ()):
                if other.start < match.end and match.start < other.end:
                    superseded.add((other.rule.id, other.start))
    return sorted(
        (m for m in survivors if (m.rule.id, m.start) not in superseded), key=lambda m: (m.start, m.rule.id)
    )


def to_findings(
    display: str,
    source: str,
    view: TextView,
    matches: Iterable[Match],
    severities: Mapping[str, Severity] | None = None,
    redact: bool = False,
    locator: Locator | None = None,
    seen: Counter[str] | None = None,
) -> list[Finding]:
    """Position each match in the source and word its finding (at the configured severity).

    *seen* counts the fingerprints of earlier matches of the same source (when it is analysed
    in stretches), so that repeats are numbered through the whole source."""
    index = locator if locator is not None else Locator(source)
    findings = []
    seen = seen if seen is not None else Counter()
    lines: dict[int, str] = {}  # each line's text, read once (a line may be megabytes long)
    for match in matches:
        start, end = view.to_source(match.start), view.to_source_end(match.end)
        line, column = index.line_col(start)
        end_line, end_column = index.line_col(end)
        text = source[start:end]
        words = " ".join(text.split())
        if line not in lines:
            lines[line] = index.line_text(line)
        key = fingerprint(match.rule.id, words, _around(lines[line], column - 1, len(text)))
        seen[key] += 1
        redacted = fill_message(match.rule.message, None)
        findings.append(
            Finding(
                path=display,
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                rule=match.rule.id,
                name=match.rule.name,
                category=match.rule.category,
                severity=severities.get(match.rule.id, match.rule.severity) if severities else match.rule.severity,
                message=redacted if redact else fill_message(match.rule.message, words),
                match="" if redact else text,
                suggestions=match.rule.alternatives,
                advice=match.rule.advice,
                start=start,
                end=end,
                message_redacted=redacted,
                fingerprint=f"{key}:{seen[key]}",
                location=index.label(start),
                source_text=text,
            )
        )
    return sorted(findings)


LONG_LINE = 2_000  # characters; of a longer line, only the text around a match counts (and is shown)


def _around(line: str, at: int, length: int) -> str:
    """*line*, or for a long one (a whole export on one line) the text around the match at
    *at*: hashing or showing megabytes for every finding would make a run quadratic."""
    if len(line) <= LONG_LINE:
        return line
    return line[max(at - LONG_LINE // 4, 0) : at + length + LONG_LINE // 4]


def fingerprint(rule_id: str, words: str, line: str) -> str:
    """A hash of the rule, the matched words and their line, case and spacing ignored.

    It stays the same when lines are added or removed elsewhere, and holds none of the text."""
    material = "\0".join((rule_id, words.lower(), " ".join(line.lower().split())))
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]
