"""Check rules against their own examples: each ``flag`` example must fire the rule, each
``pass`` example must not. Used by ``tilint test-rules`` and by the test suite."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tilint.formats import Document, Locator, Part
from tilint.model import Finding, Rule
from tilint.runner import Linter

EXAMPLE_NAME = "example.txt"
SCRIPT_EXAMPLE_NAME = "example-intake-script.txt"  # document rules judge scripts only


@dataclass(frozen=True)
class ExampleResult:
    """The outcome of one example of one rule."""

    rule: Rule
    kind: str  # "flag" or "pass"
    index: int
    text: str
    fired: bool

    @property
    def ok(self) -> bool:
        """A flag example must fire; a pass example must not."""
        return self.fired == (self.kind == "flag")

    def describe(self) -> str:
        """One line for a failing example."""
        problem = "did not fire on" if self.kind == "flag" else "fired on"
        return f"{self.rule.id} {self.rule.name}: {self.kind} example {self.index + 1} {problem}: {one_line(self.text)}"


def one_line(text: str) -> str:
    """An example's lines on one line, joined by " / "."""
    return " / ".join(line.strip() for line in text.strip().splitlines())


def iter_examples(rule: Rule) -> Iterator[tuple[str, int, str]]:
    """(kind, index, text) for every example of *rule*."""
    for kind, texts in (("flag", rule.flag), ("pass", rule.passes)):
        for index, text in enumerate(texts):
            yield kind, index, text


def check_example(linter: Linter, rule: Rule, kind: str, index: int, text: str) -> ExampleResult:
    """Lint one example with every rule of the pack and see whether *rule* fired."""
    name = SCRIPT_EXAMPLE_NAME if rule.kind == "document" else EXAMPLE_NAME
    fired = any(f.rule == rule.id for f in linter.lint_text(text, name))
    return ExampleResult(rule, kind, index, text, fired)


def check_all(linter: Linter) -> list[ExampleResult]:
    """Every example of every rule in *linter*."""
    return [
        check_example(linter, rule, kind, index, text)
        for rule in linter.rules
        for kind, index, text in iter_examples(rule)
    ]


class _Numbered(Locator):
    """The locator of one text in a batch: its label is the text's number."""

    def __init__(self, text: str, number: int) -> None:
        super().__init__(text)
        self.number = number

    def label(self, offset: int) -> str:
        return str(self.number)


def lint_each(linter: Linter, texts: list[str]) -> list[list[Finding]]:
    """The findings of each of *texts*, linted with the whole pack as one document of many parts
    (each read on its own, as an example is, and far faster than one by one). Offsets are
    within each text."""
    found: list[list[Finding]] = [[] for _ in texts]
    if texts:
        parts = [Part(text, locator=_Numbered(text, number)) for number, text in enumerate(texts)]
        for finding in linter.lint_document(Document(EXAMPLE_NAME, parts, scriptable=False)).findings:
            if finding.location:
                found[int(finding.location)].append(finding)
    return found
