"""Find quoted passages, and tell the person's own words from a line a script tells staff to say.

Words inside quotation marks are someone's own words ("Client said, 'my pimp took it'") or a
mention of a phrase ("Avoid 'our girls'"). Rules skip them unless a rule opts in. A quotation
that a script introduces as something staff should say ("Ask: 'Why didn't you leave?'") is
linted like any other text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN = {'"': '"', "“": "”", "«": "»", "„": "“"}
SINGLE_OPEN = {"'": "'", "‘": "’"}
OPENING = re.compile("[" + re.escape("".join({**DOUBLE_OPEN, **SINGLE_OPEN})) + "]")
OPEN_CONTEXT = " \t\r\n([{<—–-/:;,*_>"
MAX_QUOTE = 2000  # characters; an opening mark with no close this near is not a quotation

# "Ask: ", "Say to the client: ", "Staff:", "Q3:", "Read aloud:" just before the opening mark.
DIRECTIVE = re.compile(
    r"(?:^|[\s(\[*>•\-–—])(?:(?:ask|say|read|tell|prompt|script)\b[^:\"“”‘’\n.!?]{0,40}"
    r"|staff|worker|advocate|interviewer|case\s+manager|intake\s+worker|screener|q\s*\d*|question\s*\d*)"
    r"\s*:\s*$",
    re.IGNORECASE,
)
# "Ask, " opening its sentence (a script's cue with a comma): 'Ask, "Why ..."', '- Then say, "..."'; not a
# report of someone asking ('She wanted to ask, "Can I stay?"', 'Client asked, "..."').
DIRECTIVE_COMMA = re.compile(
    r"^\s*(?:[-*+•>]|\d{1,3}[.)])?\s*[*_]{0,2}\s*(?:[A-Za-z][\w ’'/-]{0,30}:\s*[*_]{0,2}\s*)?"  # "Interview guide: Ask, '...'"
    r"(?:(?:then|now|next|gently|also|and)\s+)?"
    r"(?:ask|say|read\s+aloud|prompt)(?:\s+(?:her|him|them|the\s+client|the\s+survivor|the\s+caller))?\s*[*_]{0,2}\s*,\s*[*_]{0,2}\s*$",
    re.IGNORECASE,
)
# A line opened by the name of a script or of its part, then a quotation put to "you": 'Intake: "Why
# didn't you leave?"', 'Screening script: "Have you ever ..."'. Not a note's quotation of her words
# ('Intake: "I want to go home"'), which speaks to no one.
GENRE = re.compile(
    r"^\s*(?:[-*+•>]|\d{1,3}[.)])?\s*[*_]{0,2}\s*(?:intake|screening|interview|assessment|orientation|phone\s+screen|"
    r"hotline|first\s+contact|opening)(?:\s+(?:script|guide|questions?|form|call|worker|staff))?\s*[*_]{0,2}\s*:\s*[*_]{0,2}\s*$",
    re.IGNORECASE,
)
# her words, reported: '"... you just leave," client said.'
SAID_AFTER = re.compile(r"\s*,?\s*(?:the\s+)?[\w.]+\s+(?:said|says|stated|states|reported|reports|told|added|recalled|explained)\b",
                        re.IGNORECASE)
TO_YOU = re.compile(r"\b(?:you|your|yourself|u)\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?](?=\s)")
# Advice to use the quoted words, not a warning against them: 'calling them "honey" or "sweetie" helps
# them feel cared for', 'Staff should call residents "sweetheart"', 'Use warm names like "hon"', 'We call
# our girls "princess"'. Earlier quoted words of the same list ('"honey" or ') may stand between.
_QUOTED_ITEM = r"(?:[\"“‘'][^\"“”‘’\n]{1,40}[\"”’']\s*(?:,\s*)?(?:(?:or|and)\s+)?)"
ADVICE = re.compile(
    r"(?:(?:^|[(\[*>•\-–—;:,])\s*(?:(?:always|please|just|also|then|so|and|by)\s+)?(?:calling|addressing|using|call|address|use|try)"
    # 'calling them ...' opening its sentence or clause, an instruction ('Call them ...'); not 'the employer kept calling them'
    r"|\b(?:we|staff|volunteers|advocates|everyone|you|should|can|may|will|always|please|(?:try|remember|fine|okay|ok|"
    r"encouraged|free|important|good|nice|helpful)\s+to)\s+(?:(?:always|usually|often|"
    r"just|also|should|can|may|will|like\s+to|love\s+to|get\s+to)\s+)?(?:call|address|use|try))"
    r"\s+(?:(?!(?:not|never|no)\b)[\w'’-]+\s+){0,3}(?:(?:like|such\s+as|as)\s+)?" + _QUOTED_ITEM + r"*$",
    re.IGNORECASE,
)
# Her own choice of name: 'She asked staff to call her "Angel"', 'prefers that we call her "Mama"'.
CHOSEN = re.compile(r"\b(?:ask|asks|asked|asking|want|wants|wanted|prefer|prefers|preferred|likes|liked|would\s+like|chose|chooses|request|requests|requested)\b",
                    re.IGNORECASE)
# What the words after such a quotation say when it is a warning after all ('... sounds patronising').
WARNING = re.compile(
    r"\b(?:patroni|condescend|demean|infantili|disrespect|inappropriate|harm|hurt|offen[cs]|offend|belittl|unprofessional|"
    r"retraumati|trigger|echo|trafficker|pimp|groom|avoid|never|not|n't|no\s+longer|problem|risk|wrong|shame|uncomfortable|"
    r"unsafe|childish|like\s+a\s+child|minimi|dismiss|stigma|label|instead|rather)",
    re.IGNORECASE,
)
NEGATED = re.compile(r"\b(?:don'?t|do\s+not|never|avoid|instead\s+of|not)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Quote:
    """A quoted passage: ``start`` is the opening mark, ``end`` is just after the closing mark."""

    start: int
    end: int
    spoken_by_staff: bool  # introduced by a script directive such as "Ask:"


def paragraph_quotes(text: str, start: int, end: int) -> list[Quote]:
    """The quoted passages of the paragraph text[start:end]."""
    found: list[Quote] = []
    index = start
    while index < end:
        mark = OPENING.search(text, index, end)  # the next character that may open a quotation
        if mark is None:
            break
        index = mark.start()
        char = text[index]
        close_at = -1
        if char in DOUBLE_OPEN and (char != '"' or _opens(text, index, start)):
            close_at = _find_close(text, index + 1, end, DOUBLE_OPEN[char], single=False)
        elif char in SINGLE_OPEN and _opens(text, index, start):
            close_at = _find_close(text, index + 1, end, SINGLE_OPEN[char], single=True)
        if close_at < 0:
            index += 1
            continue
        found.append(Quote(index, close_at + 1, _introduced_by_directive(text, start, index, close_at)
                           or _advised(text, start, index, close_at + 1, end)))
        index = close_at + 1
    return found


def _opens(text: str, index: int, floor: int) -> bool:
    """An opening mark starts a word: it follows a space or opening punctuation and precedes a non-space."""
    before = text[index - 1] if index > floor else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return before in OPEN_CONTEXT and not after.isspace()


def _find_close(text: str, index: int, end: int, closer: str, single: bool) -> int:
    limit = min(end, index + MAX_QUOTE)
    while index < limit:
        found = text.find(closer, index, limit)
        if found < 0:
            return -1
        before = text[found - 1] if found > 0 else " "
        after = text[found + 1] if found + 1 < len(text) else " "
        if not before.isspace() and not (single and after.isalnum()):
            return found
        index = found + 1
    return -1


def _lead(text: str, floor: int, opening: int, reach: int) -> str:
    """What leads up to the quotation opening at *opening* in its sentence, on its line, at most
    *reach* characters back (and not before *floor*, where its paragraph starts)."""
    line_start = max(text.rfind("\n", floor, opening) + 1, floor, opening - reach)
    return SENTENCE_END.split(text[line_start:opening])[-1]


def _introduced_by_directive(text: str, floor: int, opening: int, closing: int = -1) -> bool:
    lead = _lead(text, floor, opening, 120)
    if GENRE.match(lead) and closing > opening and TO_YOU.search(text, opening, closing) and not SAID_AFTER.match(
            text, closing + 1, min(len(text), closing + 60)):
        return True  # 'Intake: "Why didn't you leave?"'
    return bool(DIRECTIVE.search(lead) or DIRECTIVE_COMMA.match(lead)) and not NEGATED.search(lead)


def _advised(text: str, floor: int, opening: int, closing: int, end: int) -> bool:
    """Whether the quotation from *opening* to *closing* holds words a sentence advises staff to
    use ('calling them "honey" helps them feel cared for', 'Staff should call residents "sweetie"'):
    its sentence leads up to it with ADVICE, no negation or warning before it ('Avoid calling them
    "honey"', 'never call ...', 'instead of "our girls"'), and none after it in the sentence
    ('calling them "honey" can sound patronising')."""
    lead = _lead(text, floor, opening, 160)
    if not ADVICE.search(lead) or NEGATED.search(lead) or WARNING.search(lead) or CHOSEN.search(lead):
        return False
    stop = SENTENCE_END.search(text, closing, min(end, closing + 240))
    return not WARNING.search(text, closing, stop.start() if stop else min(end, closing + 240))
