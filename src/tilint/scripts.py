"""Tell an intake or screening script from a case note.

Document-level (autonomy) rules apply to scripts only. A document says what it is in its front
matter (``tilint-document: script`` or ``notes``); otherwise the user's globs decide (``--scripts``,
then ``scripts:`` in the configuration); otherwise a file whose name mentions intake, screening,
script, interview or questionnaire is a script when its text reads as one (``reads_as_script``):
"intake-notes-2026-03.md" holding case notes is not, "intake-script.md" holding questions is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fnmatch import fnmatch
from pathlib import PurePosixPath


DEFAULT_SCRIPT_NAME = re.compile(r"intake|screening|script|interview|questionnaire", re.IGNORECASE)
FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
FRONT_MATTER_KEYS = ("tilint-document", "tilint_document")
MAX_FRONT_MATTER = 20_000  # characters; a longer block is not read
READ_CHARS = 200_000  # a script shows itself in its first pages; a longer text is judged on these
READ_LINES = 2_000

# What a line may open with before its words: a list marker, a quote block, Markdown emphasis
# ("- **Ask:**", "3) ", "> ").
_MARKER = r"^[ \t>]*(?:[-*+•]|\d{1,3}[.)]|\(?[a-z][.)])?[ \t]*[*_]{0,2}[ \t]*"
# A line that tells staff what to say or ask: "Ask: ...", "Say: ...", "Q1: ...", "Q 3. ...",
# "Question 2: ...", "Read aloud: ...", and with a comma before the words in quotation marks:
# 'Ask, "Why ..."', 'Say, "You can stop at any time."'.
CUE = re.compile(
    _MARKER + r"(?:(?:ask|say|read(?:[ \t]+aloud)?|prompt|probe|follow[ -]?up|script|q(?:uestion)?)"
    r"[ \t]*[*_]{0,2}[ \t]*:"
    r"|(?:[a-z][\w ’'/-]{0,30}:[ \t]*[*_]{0,2}[ \t]*)?"  # "Interview guide: Ask, '...'"
    r"(?:ask|say|read(?:[ \t]+aloud)?|prompt)[ \t]*[*_]{0,2}[ \t]*,(?=[ \t]*[*_]{0,2}[ \t]*[\"“'‘])"
    r"|q(?:uestion)?[ \t]*\d{1,3}[a-z]?[ \t]*[*_]{0,2}[ \t]*[:.)])[ \t]*[*_]{0,2}[ \t]*(?=\S)",
    re.IGNORECASE,
)
# A speaker's line that gives the words to say: 'Staff: "..."', "Interviewer: 'Are you ...'"
SPEAKER = re.compile(
    _MARKER + r"(?:staff|interviewer|advocate|counselor|counsellor|caseworker|case manager|screener|worker|"
    r"(?:intake|screening|interview|phone screen)(?:[ \t]+(?:script|guide|questions?))?)"  # 'Intake: "..."'
    r"[ \t]*[*_]{0,2}[ \t]*:[ \t]*[*_]{0,2}[ \t]*[\"“'‘]",
    re.IGNORECASE,
)
# A question put to the person opens its line (after a marker or a quotation mark) and speaks to
# "you": "1. Where are you staying tonight?", "Do you feel safe at home?"
QUESTION_START = re.compile(
    _MARKER + r"[\"“'‘]?(?:what|where|when|who|whom|whose|why|how|which|do|does|did|are|is|was|were|have|has|had|"
    r"can|could|would|will|may|might|should|shall|tell|please)\b",
    re.IGNORECASE,
)
SECOND_PERSON = re.compile(r"\b(?:you|your|yours|yourself|u)\b", re.IGNORECASE)
# A sentence to the person: "You can skip any question.", "Take your time.", "Tell me about ..."
PROMPT = re.compile(
    _MARKER + r"[\"“'‘]?(?:you(?:'re| are)? (?:can|may|don't|do not|are welcome|are free|will|won't|will not)|"
    r"take your time|tell me|tell us|let me know|feel free|share (?:as|only|what)|"
    r"please (?:tell|describe|share|answer|let)|"
    r"if you (?:need|want|would|'d|feel|prefer))\b",
    re.IGNORECASE,
)
LONGEST_LINE = 2_000  # characters of a line looked at


def _question(line: str) -> bool:
    """Whether *line* opens with a question to "you" (its first "?" ends it)."""
    start = QUESTION_START.match(line)
    if start is None:
        return False
    mark = line.find("?", start.end())
    return mark > 0 and SECOND_PERSON.search(line, start.start(), mark) is not None


def _asks(line: str) -> bool:
    """Whether *line* tells staff what to ask or say, or puts a question to the person."""
    cue = CUE.match(line)
    if cue is not None:
        return True
    return SPEAKER.match(line) is not None or _question(line)


def front_matter_kind(text: str) -> str | None:
    """``script`` or ``notes`` when the document's YAML front matter says so, else None."""
    match = FRONT_MATTER.match(text[: MAX_FRONT_MATTER + 10])
    if not match:
        return None
    import yaml

    try:
        data = yaml.safe_load(match.group(1))
    except (yaml.YAMLError, RecursionError, ValueError):  # unreadable, nested too deeply, an escape beyond U+10FFFF
        return None
    if not isinstance(data, dict):
        return None
    for key in FRONT_MATTER_KEYS:
        value = data.get(key)
        if isinstance(value, str) and value.strip().lower() in ("script", "notes"):
            return value.strip().lower()
    return None


def reads_as_script(text: str) -> bool:
    """Whether *text* reads as a script of questions to the person rather than a case note.

    It does when two of its lines speak to the person or tell staff what to say, and at least
    one of those is a cue (``Ask:``, ``Say:``, ``Q1:``, ``Staff: "..."``) or a question to
    "you": two cues, two questions ("1. Where are you staying tonight?"), or one with a sentence
    to the person ("You can skip any question.", "Tell me about your work."). Narrative that
    reports a question ('Client asked, "Can you help me?"') is not one, nor a lone line
    addressed to "you"."""
    text = text.lstrip("\ufeff")
    match = FRONT_MATTER.match(text[: MAX_FRONT_MATTER + 10])
    if match:
        text = text[match.end() :]
    strong = weak = 0
    for line in text[:READ_CHARS].splitlines()[:READ_LINES]:
        line = line[:LONGEST_LINE]
        if _asks(line):
            strong += 1
        elif PROMPT.match(line):
            weak += 1
        if strong >= 2 or (strong and weak):
            return True
    return False


def is_script(display: str, text: str, globs: Sequence[str] = (), configured: bool | None = None) -> bool:
    """Whether the document at *display* with *text* is an intake or screening script.

    Its front matter decides first, then the command line's *globs*, then what the configuration
    file's ``scripts`` globs said (*configured*); these marks are taken as they are. Without any,
    a file whose name suggests a script is one when its text reads as one (``reads_as_script``),
    or, when there is no *text* to read (a Word file or a PDF keeps none), by its name alone."""
    declared = front_matter_kind(text)
    if declared is not None:
        return declared == "script"
    path = PurePosixPath(display.replace("\\", "/"))
    if globs:
        return any(fnmatch(str(path), g) or fnmatch(path.name, g) for g in globs)
    if configured is not None:
        return configured
    return bool(DEFAULT_SCRIPT_NAME.search(path.name)) and (not text or reads_as_script(text))
