"""Safe fixes: replace one word of a finding, keeping the original's case and inflection.

A rule marks its one safe alternative with ``fix: {replace: claim, with: report}``: in each
match, the first word whose lemma is ``claim`` becomes ``report`` inflected the same way
("claimed" becomes "reported", "Claims" becomes "Reports"). Everything outside the replaced
words stays byte for byte. Files are written atomically: a temporary file beside the original,
then a rename, keeping the encoding, byte-order mark, line endings and file mode.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tilint.lexicon import lemma_of
from tilint.model import Finding, Rule

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# When a form could be several parts of speech, the first of these that fits decides.
TAG_ORDER = ("VBD", "VBN", "VBZ", "VBG", "VBP", "VB", "NNS", "NN", "JJ", "RB")


@dataclass(frozen=True)
class Edit:
    """Replace source[start:end] with text."""

    start: int
    end: int
    text: str


class FixError(Exception):
    """A file that could not be written back; ``str(err)`` is one line."""


def inflect_like(original: str, lemma: str) -> str | None:
    """*lemma* in the form *original* has ("claimed", "report" -> "reported"), in its case.

    A replacement of several words inflects the first ("committed", "die by" -> "died by").
    None when the form of *original* cannot be told."""
    from lemminflect import getAllInflections, getInflection

    first, _, rest = lemma.partition(" ")
    base = lemma_of(original)
    lower = original.lower()
    if lower == base:
        word = first
    else:
        forms = getAllInflections(base)
        tags = [tag for tag in TAG_ORDER if lower in forms.get(tag, ())]
        inflected = getInflection(first, tags[0]) if tags else None
        if not inflected:
            return None
        word = inflected[0]
    return match_case(original, word + (" " + rest if rest else ""))


def match_case(original: str, replacement: str) -> str:
    """*replacement* in the case of *original*: all capitals, a capital first letter, or as is."""
    if len(original) > 1 and original.isupper():
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def safe_edit(finding: Finding, rule: Rule, source: str) -> Edit | None:
    """The edit a safe fix makes to *finding* in *source*, or None when the rule has no safe fix
    or the word cannot be inflected with certainty."""
    if rule.fix is None:
        return None
    target, replacement = rule.fix
    span = source[finding.start : finding.end]
    for word in WORD.finditer(span):
        if lemma_of(word.group()) == target:
            text = inflect_like(word.group(), replacement)
            if text is None:
                return None
            return Edit(finding.start + word.start(), finding.start + word.end(), text)
    return None


def chosen_edit(finding: Finding, source: str, alternative: str) -> Edit:
    """Replace the whole match with an alternative the writer picked, in the match's case."""
    return Edit(finding.start, finding.end, match_case(source[finding.start : finding.end], alternative))


def apply_edits(source: str, edits: Sequence[Edit]) -> str:
    """*source* with *edits* applied; an edit overlapping an earlier one is left out."""
    parts: list[str] = []
    position = 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position:
            continue
        parts.append(source[position : edit.start])
        parts.append(edit.text)
        position = edit.end
    parts.append(source[position:])
    return "".join(parts)


def write_atomically(path: Path, data: bytes) -> None:
    """Replace *path*'s content with *data*, or leave it untouched if anything fails."""
    try:
        mode = path.stat().st_mode
    except OSError as err:
        raise FixError(f"cannot write fix: {err.strerror or err}") from None
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tilint-fix")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode & 0o7777)
        os.replace(temporary, path)
    except OSError as err:
        raise FixError(f"cannot write fix: {err.strerror or err}") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def unified_diff(display: str, before: str, after: str) -> str:
    """A unified diff of one file's fix, line endings kept."""
    import difflib

    from tilint.formatters import printable  # a file name cannot end the header line and forge another

    name = printable(display)
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}")
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


@dataclass
class FixOutcome:
    """What fixing one run did."""

    fixed: int = 0  # findings fixed
    files: list[str] | None = None  # files changed (or that would change, for --diff)
    diffs: list[str] | None = None
    skipped: list[tuple[str, str]] | None = None  # (path, why a file was not fixed)
    stopped: bool = False  # the writer chose to stop


def fix_findings(
    findings: Sequence[Finding],
    rules: dict[str, Rule],
    write: bool,
    choose: object = None,
) -> FixOutcome:
    """Apply safe fixes (and, with *choose*, the writer's choices for the other findings) file by file.

    *choose(finding, line)* returns an alternative's text, None to skip, or False to stop.
    With *write* false nothing is changed and the outcome carries diffs."""
    from tilint.formats import Input, read_document
    from tilint.sources import SourceError, encode

    outcome = FixOutcome(files=[], diffs=[], skipped=[])
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    for display, group in by_path.items():
        if display == "-":
            outcome.skipped.append((display, "standard input is not fixed; --diff shows the change"))  # type: ignore[union-attr]
            continue
        path = Path(display)
        try:
            document = read_document(Input(display, path))
        except SourceError as err:
            outcome.skipped.append((display, str(err)))  # type: ignore[union-attr]
            continue
        if not document.fixable:
            outcome.skipped.append((display, "this format is not fixed; the findings above stand"))  # type: ignore[union-attr]
            continue
        edits, stopped = _edits_for(group, rules, document.text, choose)
        if edits:
            after = apply_edits(document.text, edits)
            data = encode(after, document.encoding, document.bom)
            if write:
                write_atomically(path, data)
            outcome.fixed += len(edits)
            outcome.files.append(display)  # type: ignore[union-attr]
            outcome.diffs.append(unified_diff(display, document.text, after))  # type: ignore[union-attr]
        if stopped:
            outcome.stopped = True
            break
    return outcome


def _edits_for(
    findings: Sequence[Finding], rules: dict[str, Rule], text: str, choose: object
) -> tuple[list[Edit], bool]:
    edits: list[Edit] = []
    for finding in sorted(findings):
        if finding.end <= finding.start or (finding.match and text[finding.start : finding.end] != finding.match):
            continue  # a document-level finding, or the file changed since it was linted
        rule = rules.get(finding.rule)
        edit = safe_edit(finding, rule, text) if rule is not None else None
        if edit is None and choose is not None and finding.suggestions:
            picked = choose(finding, text)  # type: ignore[operator]
            if picked is False:
                return edits, True
            if picked:
                edit = chosen_edit(finding, text, str(picked))
        if edit is not None:
            edits.append(edit)
    return edits, False
