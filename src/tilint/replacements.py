"""Check that a rule's alternatives can be pasted as written.

An alternative that is not marked ``replaces: false`` is offered as a replacement for the words
the rule reports, by ``--fix --interactive``, the local page and the language server, wherever
:func:`tilint.fix.stand_in` finds that it fits there. ``tilint test-rules --replacements`` puts
every such alternative in place of every match of its rule in the rule's flag examples, where it
fits, lints the result with the whole pack and reports:

- a rule that still fires on the words put in (the replacement repeats the problem, or another);
- the rule itself still firing in that sentence (the replacement left the problem standing);
- a word written twice in a row that the example did not have ("reported reported that"), or a
  word of the alternative that the sentence already holds just after it ("unable to make the
  appointment for her 10am appointment");
- a word of the matched text that the result loses although the rule does not name it
  ("Maria claims that" -> "Reported that" loses "Maria"; "refused to go to the hospital" ->
  "declined shelter" loses "hospital"): the rule should report fewer words (``REPORT: true``)
  or the alternative should keep them;
- an alternative that fits none of the rule's flag examples: a trainer cannot tell that it is a
  replacement at all, so it should be reworded, given a flag example it fits, or marked
  ``replaces: false``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from tilint.examples import lint_each, one_line
from tilint.grammar import WORDS, grammar_breaks
from tilint.fix import AUXILIARIES, CLITIC_HOSTS, FUNCTION_WORDS, LINKING, PRONOUNS, SOFTENER_PAIRS, SOFTENERS, Edit, apply_edits, sentence_bounds, stand_in
from tilint.lexicon import lemma_of
from tilint.model import Finding, Rule
from tilint.runner import Linter

DOUBLED = re.compile(r"\b(\w+)(?:\s+|\s*[,;]\s*)\1\b", re.IGNORECASE)


@dataclass(frozen=True)
class Replaced:
    """One alternative put in place of one match in one flag example, and what went wrong, if anything."""

    rule: Rule
    index: int  # the flag example's number, from 0
    alternative: str
    example: str
    text: str  # the example with the alternative in place
    edit: Edit
    problem: str = ""

    def describe(self) -> str:
        """One line for a replacement that does not read cleanly."""
        return (f"{self.rule.id} {self.rule.name}: flag example {self.index + 1} with \"{self.alternative}\" "
                f"{self.problem}: {one_line(self.text)}")


@dataclass(frozen=True)
class Unfit:
    """A replacing alternative that fits none of its rule's flag examples."""

    rule: Rule
    alternative: str

    def describe(self) -> str:
        return (f"{self.rule.id} {self.rule.name}: \"{self.alternative}\" fits none of the flag examples; "
                "reword it, add a flag example it fits, or mark it {text: ..., replaces: false}")


@dataclass
class ReplacementReport:
    """Every replacement made and linted."""

    replaced: list[Replaced] = field(default_factory=list)
    unfit: list[Unfit] = field(default_factory=list)

    def problems(self) -> list[Replaced | Unfit]:
        return [r for r in self.replaced if r.problem] + list(self.unfit)

    def summary(self) -> str:
        bad = sum(1 for r in self.replaced if r.problem)
        return (f"Replacements: {len(self.replaced) - bad:,} of {len(self.replaced):,} read cleanly in the flag examples; "
                f"{len(self.unfit):,} alternative{'s' if len(self.unfit) != 1 else ''} fit none.")


def _named_words(rule: Rule) -> frozenset[str]:
    """Every word a rule's patterns name (phrases, and LOWER/LEMMA/TEXT/ORTH values and lists):
    the words a replacement may drop, as the rule is about them."""
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, str):
            found.update(WORDS.findall(node.lower()))
        elif isinstance(node, dict):
            for key, value in node.items():
                if key in ("LOWER", "LEMMA", "TEXT", "ORTH", "NORM", "IN"):
                    walk(value)
                elif isinstance(value, dict):
                    walk({k: v for k, v in value.items() if k == "IN"})
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)

    walk(rule.patterns)
    return frozenset(found)


def _lost(item: Replaced, named: frozenset[str]) -> list[str]:
    """Words of the replaced text that neither the rule names nor the replacement keeps."""
    gone = item.example[item.edit.start : item.edit.end]
    kept = {lemma_of(w) for w in WORDS.findall(item.edit.text.lower())}
    return [w for w in WORDS.findall(gone) if w.lower() not in named and lemma_of(w.lower()) not in named
            and lemma_of(w.lower()) not in kept and not _grammar(w.lower()) and len(w) > 2]


def _grammar(word: str) -> bool:
    """Whether a replacement may drop *word*: a function word, an auxiliary or linking verb
    (also with "n't"), or a softener ("so", "completely") that a replacement bringing its own verb
    stands in for."""
    word = word.replace("’", "'")
    if "'" in word and not word.endswith("n't"):  # "you're", "what's", "we'll": a word and a clitic
        head, _, clitic = word.partition("'")
        return clitic in ("s", "re", "ll", "ve", "d", "m") and (_grammar(head) or head in PRONOUNS or head in CLITIC_HOSTS)
    base = word[:-3] if word.endswith("n't") else word
    return (word in FUNCTION_WORDS or base in AUXILIARIES or base in LINKING or word in SOFTENERS
            or any(word in pair for pair in SOFTENER_PAIRS)
            or word.endswith("ly") or base in NEGATED)


# What stands before "n't" in a negated auxiliary ("doesn't", "won't", "can't").
NEGATED = frozenset("doesn don didn isn wasn hasn hadn can won wo ca couldn wouldn shouldn".split())


def _doubled(text: str) -> set[str]:
    return {m.group(0).lower() for m in DOUBLED.finditer(text)}


def check_replacements(linter: Linter, rules: Sequence[Rule] | None = None) -> ReplacementReport:
    """Put every replacing alternative of *rules* (default: the linter's) in place of each of
    their matches in their flag examples, and lint the results with the whole pack."""
    chosen = [r for r in (rules if rules is not None else linter.rules) if r.kind != "document"]
    examples = [(rule, index, text) for rule in chosen for index, text in enumerate(rule.flag)]
    made: list[Replaced] = []
    fitted: set[tuple[str, str]] = set()
    for (rule, index, text), findings in zip(examples, lint_each(linter, [text for _, _, text in examples])):
        for finding in findings:
            if finding.rule != rule.id:
                continue
            for alternative in rule.alternatives:
                if alternative in rule.advice:
                    continue
                edit = stand_in(alternative, text, finding.start, finding.end)
                if edit is None:
                    continue
                fitted.add((rule.id, alternative))
                made.append(Replaced(rule, index, alternative, text, apply_edits(text, [edit]), edit))
    report = ReplacementReport()
    named = {rule.id: _named_words(rule) for rule in chosen}
    for item, findings in zip(made, lint_each(linter, [r.text for r in made])):
        report.replaced.append(_judge(item, findings, named[item.rule.id]))
    report.unfit = [Unfit(rule, a) for rule in chosen for a in rule.alternatives
                    if a not in rule.advice and (rule.id, a) not in fitted]
    return report


def _judge(item: Replaced, findings: list[Finding], named: frozenset[str]) -> Replaced:
    start = item.edit.start
    end = start + len(item.edit.text)
    head, tail = sentence_bounds(item.text, start, end)
    for finding in findings:
        if finding.start < end and start < finding.end:
            return replace(item, problem=f"still gives {finding.rule} {finding.name} on \"{finding.match}\"")
    for finding in findings:
        if finding.rule == item.rule.id and finding.start < tail and head < finding.end:
            return replace(item, problem=f"leaves the rule firing on \"{finding.match}\"")
    doubled = _doubled(item.text) - _doubled(item.example)
    if doubled:
        return replace(item, problem=f"writes a word twice (\"{sorted(doubled)[0]}\")")
    lost = _lost(item, named)
    if lost:
        return replace(item, problem=f"loses \"{lost[0]}\"")
    ahead = {w.lower() for w in WORDS.findall(item.text[end:tail])}
    again = [w for w in WORDS.findall(item.edit.text) if w.lower() in ahead and w.lower() not in FUNCTION_WORDS
             and len(w) > 3 and w.lower() not in {x.lower() for x in WORDS.findall(item.example[item.edit.start:item.edit.end])}]
    if again:
        return replace(item, problem=f"says \"{again[0]}\" again later in the sentence")
    broken = grammar_breaks(item.text, start, end, item.alternative, item.example[item.edit.start : item.edit.end])
    if broken:
        return replace(item, problem=f"reads wrong: {broken[0]}")
    return item


