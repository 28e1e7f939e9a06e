"""Core value types shared by every layer: severities, categories, rules and findings.

Nothing here imports spaCy, so the command line can list rules and report
configuration errors without loading a language pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    """How strongly a finding asks for attention; higher is stronger."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        """The lower-case name used in files, options and output."""
        return self.name.lower()

    @classmethod
    def parse(cls, value: str) -> Severity:
        """Read ``error``, ``warning`` or ``info`` (case-insensitive)."""
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (use error, warning or info)") from None


# Category ids are a contract (DESIGN.md): other tools read them.
SENTENCE_CATEGORIES: tuple[str, ...] = (
    "ownership",
    "deficit",
    "blame",
    "credibility",
    "labels",
    "judgment",
    "control",
    "disclosure",
    "minors",
    "rescue",
)
DOCUMENT_CATEGORIES: tuple[str, ...] = ("autonomy",)
CATEGORIES: tuple[str, ...] = SENTENCE_CATEGORIES + DOCUMENT_CATEGORIES

# How a phrase pattern is compared with the text.
MATCH_ON = ("lower", "lemma")
# Pattern rules report each match; document rules report a script in which none of their patterns occur.
KINDS = ("pattern", "document")
# What a rule does with a match that lies inside quotation marks.
QUOTES = ("skip", "lint")
# Context switches (the first is the default): a match in training text that names the phrase to
# warn against it; a match after a negation ("she is not non-compliant"); the person's age.
MENTION = ("skip", "lint")
NEGATION = ("ignored", "cancels")
AGE = ("any", "minor")
# What wording a rule asks for: "person-first" rules ask for "person who uses drugs" over "addict";
# an agency whose people choose identity-first terms turns them off or names the terms they accept
# (``wording`` in .tilint.yaml, see tilint.config).
WORDING = ("any", "person-first")


@dataclass(frozen=True)
class Citation:
    """Where a rule's advice comes from: a public source or the project's own judgment."""

    title: str
    url: str = ""


@dataclass(frozen=True)
class Rule:
    """One rule as loaded from YAML and validated; compiled later against a vocabulary."""

    id: str
    name: str
    category: str
    severity: Severity
    message: str
    why: str
    alternatives: tuple[str, ...]  # every alternative, as shown to the writer
    source: Citation
    patterns: tuple[Any, ...]  # str (phrase) or list[dict] (token pattern)
    match_on: str = "lower"
    exceptions: tuple[Any, ...] = ()
    quotes: str = "skip"
    flag: tuple[str, ...] = ()
    passes: tuple[str, ...] = ()
    file: str = ""
    supersedes: tuple[str, ...] = ()  # rule ids this rule wins over where both match
    sentence_requires: tuple[Any, ...] = ()  # the match's sentence must contain one of these
    sentence_excludes: tuple[Any, ...] = ()  # ... and none of these
    kind: str = "pattern"  # "pattern": report each match; "document": report a script lacking all matches
    prefilter: bool = True  # False: every paragraph goes to spaCy (for patterns that fix no word)
    fix: tuple[str, str] | None = None  # the one safe fix: (lemma of the word to replace, replacement)
    fixed: tuple[str, ...] = ()  # each flag example as the safe fix leaves it
    subject: str = ""  # a vocabulary: the match counts only when its sentence is about one of its words
    advice: tuple[str, ...] = ()  # the alternatives marked ``replaces: false``: shown, never pasted
    mention: str = "skip"  # "skip": not in training text that mentions the phrase ("avoid saying ...")
    negation: str = "ignored"  # "cancels": not after a negation ("is not", "never")
    age: str = "any"  # "minor": only where the paragraph gives a minor's age, and no adult's
    needs: str = ""  # "parse": the rule needs a trained pipeline (--model); skipped without one
    wording: str = "any"  # "person-first": the rule asks for person-first wording (see WORDING)
    # The words the engine needs for these switches: (vocabulary name, its entries as lemmas
    # joined by spaces, and "@shape" for a word shape), from the vocabularies the rule was loaded with.
    context: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Where shapes and vocabularies made several patterns of one: (group, the number of the
    # written pattern each expanded one comes from), for groups where the numbers differ.
    written: tuple[tuple[str, tuple[int, ...]], ...] = ()

    def written_number(self, group: str, index: int) -> int:
        """The number, as written in the rule file, of the pattern *index* of *group*."""
        numbers = dict(self.written).get(group)
        return numbers[index] if numbers is not None and index < len(numbers) else index


def close_match(word: str, known: Iterable[str]) -> str | None:
    """The known word most like *word*, for a "did you mean ...?" hint, or None."""
    import difflib  # only when a mistake is reported

    found = difflib.get_close_matches(word, list(known), n=1)
    return found[0] if found else None


REDACTED_MATCH = "this wording"
_MATCH_SLOT = re.compile(r"[\"'“‘]?\{match\}[\"'”’]?")


def fill_message(template: str, match: str | None) -> str:
    """The message with its ``{match}`` slot filled by the matched words, or by "this wording"
    (quotation marks dropped) when the words must not be shown."""
    if match is not None:
        return " ".join(template.replace("{match}", " ".join(match.split())).split())
    text = " ".join(_MATCH_SLOT.sub(REDACTED_MATCH, template).split())
    return text[:1].upper() + text[1:]


@dataclass(frozen=True, order=True)
class Finding:
    """A place where a rule matched. Field order is the sort order of a report."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    name: str = field(compare=False)
    category: str = field(compare=False)
    severity: Severity = field(compare=False)
    message: str = field(compare=False)
    match: str = field(compare=False)
    suggestions: tuple[str, ...] = field(compare=False)
    start: int = field(default=0, compare=False)  # offset of the match in the source text
    end: int = field(default=0, compare=False)
    message_redacted: str = field(default="", compare=False)  # the message without the matched words
    fingerprint: str = field(default="", compare=False)  # stable across edits elsewhere; holds no text
    location: str = field(default="", compare=False)  # e.g. "table 1, row 2, cell 3" where lines are not enough
    # The source text the match covers, kept (whatever --redact prints) so that --fix can check
    # that the file still holds it before rewriting; never written out.
    source_text: str = field(default="", compare=False, repr=False)
    # The suggestions that are advice for the writer (``replaces: false`` in the rule), never pasted.
    advice: tuple[str, ...] = field(default=(), compare=False, repr=False)

    def to_dict(self, redact: bool = False) -> dict[str, object]:
        """This finding as ``--format json`` gives it: the same keys in the same order (with
        *redact*, the message without the matched words and no ``match``; ``location`` only where
        there is one)."""
        item: dict[str, object] = {
            "path": self.path, "line": self.line, "column": self.column, "end_line": self.end_line,
            "end_column": self.end_column, "rule": self.rule, "name": self.name, "category": self.category,
            "severity": self.severity.label, "message": (self.message_redacted or self.message) if redact else self.message,
        }
        if not redact:
            item["match"] = self.match
        item["suggestions"] = list(self.suggestions)
        if self.location:
            item["location"] = self.location
        return item


@dataclass(frozen=True)
class FileError:
    """An input that could not be linted, or a note about how it was read."""

    path: str
    message: str
