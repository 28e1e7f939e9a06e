"""Fixes: safe fixes, the writer's own choices, and writing a file back without losing anything.

A rule marks its one safe alternative with ``fix: {replace: claim, with: report}``: in each
match, the first word whose lemma is ``claim`` becomes ``report`` inflected the same way
("claimed" becomes "reported", "Claims" becomes "Reports"). Everything outside the replaced
words stays byte for byte.

With ``--interactive`` the writer may pick one of a rule's other alternatives, or type their
own wording. An alternative replaces only the words it stands for (see :func:`stand_in`); one
that cannot stand in for the matched words (a placeholder, an instruction, a whole sentence
for part of one, another part of speech) is shown as advice instead.

Before a file is rewritten, each finding's words must still be where they were linted
(compared with the source text the finding keeps, whatever ``--redact`` prints). A file is
written atomically: a temporary file ``.<name>.tilint-XXXXXXXX.tmp`` beside it, given the
original's owner, group, mode and extended attributes, then renamed over it. A link is
followed (its target is rewritten, the link stays); a file with other hard links, a read-only
file, or one a rewrite would hand to another owner is refused.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tilint.lexicon import lemma_of
from tilint.model import Finding, Rule
from tilint.rules import PLACEHOLDER as RULES_PLACEHOLDER

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
    from tilint.document import normal_view

    span = normal_view(source[finding.start : finding.end])  # "re\u00adfused" reads "refused"
    for word in WORD.finditer(span.text):
        if lemma_of(word.group()) == target:
            text = inflect_like(word.group(), replacement)
            if text is None:
                return None
            # the whole source word, soft hyphen and all
            return Edit(finding.start + span.to_source(word.start()), finding.start + span.to_source_end(word.end()), text)
    return None


# --- alternatives the writer picks ------------------------------------------------------------

# What makes an alternative advice here: a placeholder or an ellipsis (rules.PLACEHOLDER, which a
# replacing alternative may not hold: "(name)", "[date]", "…"), and, as a rule file may not be
# told, an example or words that stand for the writer's own: "e.g.", "the person's name".
PLACEHOLDER = re.compile(rf"{RULES_PLACEHOLDER.pattern}|\be\.g\.|\b(?:name|names|initials|own term|own words?)\b", re.IGNORECASE)
# An alternative that starts with one of these tells the writer what to do rather than what to write.
INSTRUCTIONS = frozenset("describe described quote attribute leave drop use name say ask state write add".split())
PRONOUNS = frozenset("i you he she we they it me him her us them".split())
# Words whose part of speech tells nothing about fit (lemminflect files some of them as nouns).
FUNCTION_WORDS = frozenset(
    "the a an my our your their his its this that these those to of in on with for at by from and or but as per "
    "than so if whether who whom which what when where while not".split()
)
# Words besides pronouns that a clitic attaches to: "what's", "there's", "let's" (a subject and its verb).
CLITIC_HOSTS = frozenset("what who where when why how that there here it let".split())
AUXILIARIES = frozenset(
    "am is are was were be been being has have had do does did will would can could shall should may might must".split()
)
# After these, a noun phrase must follow ("a survivor", not "a was trafficked" or "a the").
ARTICLES = frozenset("a an the this that these those my our your his her its their".split())
# Every word that opens a noun phrase: the articles, possessives and quantities ("each", "no", "both").
DETERMINERS = ARTICLES | frozenset("each every any another no some several many few both all".split())
BEFORE_NOUN = ARTICLES | {"as", "of"}
TOKEN = re.compile(r"[\w'’-]+|[^\w\s]")
SENTENCE_END = re.compile(r"[.?!…]+[\"'”’)\]]*")


def _classes(word: str) -> frozenset[str]:
    """The parts of speech *word* can be (VERB for auxiliaries); empty when that tells nothing."""
    lower = word.lower().replace("’", "'")
    if lower in PRONOUNS or (lower.partition("'")[0] in PRONOUNS | CLITIC_HOSTS and lower.partition("'")[2]):
        return frozenset({"PRON"})  # "it's already arranged" starts with its subject
    if lower in FUNCTION_WORDS or not WORD.fullmatch(word):
        return frozenset()
    from lemminflect import getAllLemmas

    found = frozenset("VERB" if tag == "AUX" else tag for tag in getAllLemmas(lower))
    if not found and lower.startswith("non") and len(lower) > 6:
        return _classes(lower[4:] if lower[3] == "-" else lower[3:])  # "non-compliant" is what "compliant" is
    return found


def _fits(words: list[str], alternative: list[str]) -> bool:
    """Whether *alternative* can take the place of *words*: where the part of speech of the first
    (and of the last) word of each can be told, they share one."""
    opening = alternative[0]
    if len(alternative) > 1 and opening.lower().endswith("ly") and "ADV" in _classes(opening):
        opening = alternative[1]  # "sexually abused": the verb after the adverb tells
    for mine, theirs in ((words[0], opening), (words[-1], alternative[-1])):
        a, b = _classes(mine), _classes(theirs)
        if a and b and not a & b and {a, b} != {frozenset({"PRON"}), frozenset({"NOUN"})}:  # "You're" -> "Everyone"
            if len(words) == 1 and a == {"NOUN"} and "NOUN" in _classes(alternative[-1]) and "ADJ" in b:
                continue  # "illegals" with "undocumented immigrant": a describing word before the noun
            return False
    return True


def _follows(previous: str, first: str) -> bool:
    """Whether a phrase starting with *first* can follow the word *previous*: not a verb after
    an article, a possessive or "as", nor an auxiliary after an auxiliary ("has been has")."""
    previous, first = previous.lower(), first.lower()
    if previous in BEFORE_NOUN:
        unfit = AUXILIARIES | PRONOUNS | (ARTICLES if previous in ARTICLES else frozenset())
        return first not in unfit and _classes(first) != {"VERB"}
    return not (previous in AUXILIARIES and first in AUXILIARIES)


def _line_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if line_end < 0 else line_end


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (within its line) around text[start:end]."""
    first, last = _line_bounds(text, start, end)
    head = first
    for found in re.finditer(r"[.?!]+[\"'”’)\]]*\s+", text[first:start]):
        head = first + found.end()
    tail = re.search(r"[.?!]+[\"'”’)\]]*", text[end:last])
    return head, end + tail.end() if tail else last


def stand_in(alternative: str, text: str, start: int, end: int) -> Edit | None:
    """The edit putting *alternative* in place of the words text[start:end] stand for, or None
    when it cannot stand in for them (then it is advice for the writer).

    Advice: an alternative with a placeholder or an ellipsis, one that starts with an instruction
    ("describe ...", "leave ..."), a whole sentence offered for part of a sentence, or one whose
    first or last word is another part of speech than the match's. Words the alternative shares
    with the text just before or after the match are not written twice ("Client alleges that"
    with "client reported that" becomes "Client reported that").

    The alternative is fitted to the sentence: a verb takes the tense and number of the one it
    replaces, a noun for people names as many as the match ("two prostitutes" -> "two people in
    the sex trade", "a homeless man" -> "a person experiencing homelessness"), "a" becomes "an"
    before a vowel sound and the other way round, a person noun gets the "a" it needs ("is a
    person living with ..."), "his" and "her" follow the person named before, "was" keeps a
    perfect ("has been escorting since" -> "has been ... exploited since"). Where the sentence
    would still read wrong (:func:`tilint.grammar.grammar_breaks`: "to was", "for uses a
    wheelchair", "PTSD lives with"), the alternative is advice there. An alternative made only of
    determiners ("the") stands in only for determiners or possessive words ("my", "our")."""
    from tilint.grammar import grammar_breaks

    named, offered = {w.lower() for w in WORD.findall(text[start:end])}, {w.lower() for w in WORD.findall(alternative)}
    if named & YOUNG and not offered & YOUNG and offered & GROWN:
        return None  # "CSEC kids" is not "people with a felony conviction": a child stays a child
    if offered & YOUNG and not named & (YOUNG | YOUTHFUL):
        from tilint.grammar import states_minor

        head, tail = sentence_bounds(text, start, end)
        if not {w.lower() for w in WORD.findall(text[head:tail])} & YOUNG and not states_minor(text[head:tail]):
            return None  # "felon" is not "youth involved with juvenile court" unless the note says she is young
    if named & BEFORE_NOW and not offered & (BEFORE_NOW | PAST_SENSE):
        return None  # "former addict" is not "person who uses drugs": the alternative would say she uses now
    if offered and offered <= ARTICLES and not named <= ARTICLES:
        return None  # "the" stands in for "my", not for "survivors of mine" ("Two the testified")
    edit = _stand_in(alternative, text, start, end)
    if edit is None:
        return None
    if edit.start and text[edit.start - 1].isalnum() and edit.text[:1].isalnum():
        edit = Edit(edit.start, edit.end, " " + edit.text)  # "She's still in denial that": "She is ...", not "Sheis"
    edit = _fit_article(text, edit)
    after = text[: edit.start] + edit.text + text[edit.end :]
    if grammar_breaks(after, edit.start, edit.start + len(edit.text), alternative, text[edit.start : edit.end]):
        return None
    return _narrowed(text, edit)


def _narrowed(text: str, edit: Edit) -> Edit:
    """*edit* without the words at either end that it writes just as they stand: "the\ngirls"
    with "the women" rewrites "girls" only, so the line break between them stays where it was."""
    old = list(TOKEN.finditer(text, edit.start, edit.end))
    new = list(TOKEN.finditer(edit.text))
    lead = 0
    while lead < min(len(old), len(new)) - 1 and old[lead].group() == new[lead].group():
        lead += 1
    trail = 0
    while trail < min(len(old), len(new)) - lead - 1 and old[-1 - trail].group() == new[-1 - trail].group():
        trail += 1
    if not lead and not trail:
        return edit
    start = old[lead].start() if lead else edit.start
    end = old[-1 - trail].end() if trail else edit.end
    return Edit(start, end, edit.text[new[lead].start() if lead else 0 : new[-1 - trail].end() if trail else len(edit.text)])


def _fit_article(text: str, edit: Edit) -> Edit:
    """*edit* with the "a" or "an" just before it (or opening it) fitted to the sound that follows."""
    from tilint.grammar import vowel_sound

    opening = re.match(r"(an?)(\s+)([\w-]+)", edit.text, re.IGNORECASE)
    if opening:
        wanted = "an" if vowel_sound(opening.group(3)) else "a"
        if opening.group(1).lower() != wanted:
            edit = Edit(edit.start, edit.end, match_case(opening.group(1), wanted) + edit.text[len(opening.group(1)):])
    word = re.match(r"[\w-]+", edit.text)
    article = re.search(r"\b(an?)(\s+)$", text[max(0, edit.start - 10) : edit.start], re.IGNORECASE)
    if word and article:
        wanted = "an" if vowel_sound(word.group()) else "a"
        if article.group(1).lower() != wanted:
            at = edit.start - len(article.group(0))
            return Edit(at, edit.end, match_case(article.group(1), wanted) + article.group(2) + edit.text)
    return edit


def _stand_in(alternative: str, text: str, start: int, end: int) -> Edit | None:
    alternative = " ".join(alternative.split())
    tokens = TOKEN.findall(alternative)
    words = TOKEN.findall(text[start:end])
    if not tokens or not words or PLACEHOLDER.search(alternative) or tokens[0].lower() in INSTRUCTIONS:
        return None
    if SENTENCE_END.fullmatch(tokens[-1]) and tokens[-1] not in ",;":
        head, tail = sentence_bounds(text, start, end)
        rest = text[end:tail]
        lead_in = text[head:start].strip(" \t\"'“‘")
        if (lead_in and not lead_in.endswith(":")) or rest.strip(".?!…\"'”’ \t"):
            return None  # a sentence can only take the place of a whole sentence
        closing = rest.lstrip(".?!…")  # the closing quotation mark, if any, stays
        return Edit(start, end + len(rest) - len(closing), alternative)
    head, tail = sentence_bounds(text, start, end)
    if SENTENCE_END.fullmatch(words[-1]):
        if not text[head:start].strip(" \t\"'“‘") or len(words) == 1:
            return None  # a whole sentence ("These are the rules.") takes only a sentence
        end = start + len(text[start:end].rstrip(".?!…\"'”’)] \t"))  # "and choose the life." keeps its full stop
    if len(tokens) == 1 and tokens[0].lower() in RELATIVES and len(words) > 1 and words[-1].lower() in RELATIVES:
        tail = list(TOKEN.finditer(text, start, end))[-1]  # "a woman that" with "who": "a woman who"
        return Edit(tail.start(), tail.end(), match_case(tail.group(), tokens[0]))
    first, last = _line_bounds(text, start, end)
    before, after = TOKEN.findall(text[first:start]), TOKEN.findall(text[end:last])
    lead = next((k for k in range(len(tokens) - 1, 0, -1)
                 if [t.lower() for t in tokens[:k]] == [t.lower() for t in before[-k:]]), 0)
    trail = next((k for k in range(len(tokens) - lead - 1, 0, -1)
                  if [t.lower() for t in tokens[-k:]] == [t.lower() for t in after[:k]]), 0)
    kept = tokens[lead : len(tokens) - trail]
    if kept[-1] == "," and text[sentence_bounds(text, start, end)[0] : start].strip(" \t\"'“‘"):
        return None  # a lead-in ("per client,") opens a sentence
    replacement = _slice_tokens(alternative, lead, len(tokens) - trail)
    finite = _finite_verb(kept)
    if finite:  # "confined to a wheelchair" with "uses a wheelchair": the match's own noun may end both
        finite = _classes(words[0]) != {"NOUN"} and (words[-1].lower() == kept[-1].lower() or _classes(words[-1]) != {"NOUN"})
    if not lead and (finite or (kept[0].lower() in AUXILIARIES and all(_classes(w) != {"NOUN"} for w in words))):
        linked = _linking_verb_before(text, first, start)
        if linked is not None:  # "is so damaged" with "is coping with ..." -> "is coping with ..."
            verb_start, verb = linked
            if finite:  # "is wheelchair-bound" with "uses a wheelchair": the verb takes the place of "is"
                replacement = _after_be(text[verb_start:start], verb, replacement)
                if replacement is None:
                    return None
            else:
                replacement = _agree(verb, replacement)
            if text[verb_start] in "'’":  # "she's so damaged" -> "she is coping with ..."
                return Edit(verb_start, end, " " + replacement)
            return Edit(verb_start, end, match_case(text[verb_start:verb_start + len(verb)], replacement))
    if not _fits(words, kept) or (before and not lead and not _follows(before[-1], kept[0])):
        return None
    if text[end:end + 1] in ("'", "’") and words[-1].lower().endswith("s") and not replacement.lower().endswith("s"):
        return None  # "my victims' children": a possessive the replacement cannot carry
    if not lead:
        replacement = _inflect_first(words, kept, replacement)
        replacement = _fit_number(words, replacement, before)
        replacement = _keep_perfect(words, replacement)
    replacement = _fit_pronouns(text[sentence_bounds(text, start, end)[0] : start], replacement)
    if replacement is None:
        return None  # "her" where the sentence is about "they" or several people: advice there
    return Edit(start, end, replacement if lead else _case_like(text, start, end, replacement))


# Words between a linking verb and the word it links, which a replacement bringing its own verb drops.
SOFTENERS = frozenset("so very really too quite pretty just rather fairly extremely completely totally utterly "
                      "deeply truly somewhat".split())
SOFTENER_PAIRS = frozenset([("kind", "of"), ("sort", "of"), ("a", "bit"), ("a", "little")])  # read as one word
# Linking verbs (and auxiliaries) with the form a replacement's first verb takes after them.
PAST_PLURAL = {"was": ("past", "one"), "were": ("past", "many"), "had": ("past", ""), "seemed": ("past", ""),
               "appeared": ("past", ""), "looked": ("past", ""), "became": ("past", ""), "remained": ("past", ""),
               "are": ("", "many"), "'re": ("", "many"), "’re": ("", "many"), "have": ("", "many")}
LINKING = frozenset(["is", "'s", "’s", "seems", "appears", "looks", "becomes", "remains", "has", *PAST_PLURAL])
TENSE = {("past", "one"): {"is": "was", "has": "had", "seems": "seemed"},
         ("past", "many"): {"is": "were", "has": "had", "seems": "seemed", "are": "were"},
         ("past", ""): {"is": "was", "has": "had", "seems": "seemed", "are": "were"},
         ("", "many"): {"is": "are", "was": "were", "has": "have", "seems": "seem"}}


def _linking_verb_before(text: str, line_start: int, start: int) -> tuple[int, str] | None:
    """Where the linking verb before text[start:] begins, and the verb, when only softeners
    ("so", "completely", "kind of") stand between them: "is so |damaged", "has been very |".
    None when no linking verb comes before."""
    found = list(re.finditer(r"[\w'’-]+", text[line_start:start]))
    words = [match.group().lower() for match in found]
    index = len(found) - 1
    while index >= 0:
        if words[index] in SOFTENERS or words[index].endswith("ly"):
            index -= 1
        elif index > 0 and (words[index - 1], words[index]) in SOFTENER_PAIRS:  # "kind of", not a lone "a"
            index -= 2
        else:
            break
    if index < 0 or len(found) - 1 - index > 3:
        return None
    if re.search(r"[^\w\s'’-]", text[line_start + found[index].start() : start]):
        return None  # punctuation between: "is, honestly, damaged" is left alone
    word = found[index].group().lower()
    if word == "been" and index and found[index - 1].group().lower() in ("has", "have", "had"):
        index -= 1
        word = found[index].group().lower()
    if word.endswith(("'s", "’s", "'re", "’re")) and word not in LINKING:  # "she's": the clitic only
        clitic = word[word.index("'") if "'" in word else word.index("’"):]
        return line_start + found[index].end() - len(clitic), clitic
    if word not in LINKING:
        return None
    return line_start + found[index].start(), word


RELATIVES = frozenset(["who", "which", "that", "whom"])
# Words that name a child or a teenager in a match, and words for anyone in an alternative.
YOUNG = frozenset("minor minors child children kid kids youth youths teen teens teenager teenagers teenage juvenile "
                  "juveniles underage preteen adolescent adolescents csec".split())
# Words that put what the match says in the past, and words of an alternative that keep it there.
BEFORE_NOW = frozenset("former formerly ex recovering recovered reformed past previous one-time onetime".split())
PAST_SENSE = frozenset("recovery history used was were had once".split())
YOUTHFUL = frozenset("runaway runaways runner runners delinquent delinquents".split())  # said of the young
GROWN = frozenset("person people adult adults man men woman women individual individuals".split())
MASCULINE = frozenset("he him his himself man boy son brother father husband boyfriend uncle nephew grandfather "
                      "dad stepfather stepson grandson".split())
# The person last named is "they" or several people: a replacement with "her" or "his" cannot follow.
SEVERAL_PEOPLE = frozenset("they them their theirs themselves themself women girls men boys people clients residents "
                           "survivors victims participants kids children teens workers families".split())
FEMININE = frozenset("she her hers herself woman girl daughter sister mother wife girlfriend aunt niece "
                     "grandmother mom mum stepmother stepdaughter granddaughter".split())
HER_FORMS = ("she", "her", "hers", "herself")  # the pronouns _fit_pronouns turns for a man, and back
HIS_FORMS = ("he", "his", "him", "himself")


def _finite_verb(kept: list[str]) -> bool:
    """Whether the alternative starts with a main verb in its "-s" form ("uses a wheelchair",
    "lives with"), not an auxiliary or a plural noun ("uses" before "a" is a verb)."""
    from lemminflect import getAllLemmas

    word = kept[0].lower()
    if word in AUXILIARIES or not word.endswith("s") or "VERB" not in getAllLemmas(word):
        return False
    following = kept[1].lower() if len(kept) > 1 else ""
    return following in FUNCTION_WORDS | PRONOUNS | {"a", "an", "the"}


def _after_be(between: str, verb: str, replacement: str) -> str | None:
    """*replacement* (a main verb in its "-s" form first) in the tense of the "be" it takes the place
    of: "is" -> "uses", "are" -> "use", "was" -> "used", "has been" -> "has used"; None after
    another linking verb ("seems")."""
    from lemminflect import getInflection

    first, _, rest = replacement.partition(" ")
    lemma = lemma_of(first)
    verb = verb.replace("’", "'")
    perfect = re.match(r"(ha[sdv]e?)\s+been\b", between.strip(), re.IGNORECASE)
    if perfect:
        form, lead = getInflection(lemma, "VBN"), perfect.group(1) + " "
    elif verb in ("is", "'s"):
        form, lead = (first,), ""
    elif verb in ("are", "'re"):
        form, lead = getInflection(lemma, "VBP"), ""
    elif verb in ("was", "were"):
        form, lead = getInflection(lemma, "VBD"), ""
    else:
        return None
    if not form:
        return None
    return f"{lead}{form[0]} {rest}".strip()


# Words before a describing word that make it name several: "both illegal", "were all illegal".
SEVERAL_BEFORE = frozenset("two three four five six seven eight nine ten several many few both all multiple are were "
                           "these those".split())


def _several(words: list[str]) -> bool | None:
    """True when the matched words name several people ("prostitutes", "street walkers", "the
    homeless", "JDs"), False when one ("a homeless man", "alcoholic"), None when that cannot be told."""
    named = [w for w in words if WORD.fullmatch(w)]
    if not named:
        return None
    last = named[-1]
    lower = last.lower()
    classes = _classes(last)
    if lower in ("people", "women", "men", "children", "youths") or (
            "NOUN" in classes and lemma_of(lower) != lower and not lower.endswith("s") and lower not in FUNCTION_WORDS):
        return True  # "women": a plural without "-s"
    if len(named) > 1 and named[0].lower() == "the" and "ADJ" in classes and lemma_of(lower) == lower:
        return True  # "the homeless", "the mentally ill"
    if re.fullmatch(r"[A-Z]{2,}s", last):
        return True  # "JDs"
    if lower.endswith("s") and not lower.endswith(("ss", "us", "is")) and (
            ("NOUN" in classes and lemma_of(lower) != lower) or not classes):
        return True
    if "NOUN" in classes and lemma_of(lower) == lower:
        return False
    return None


def _fit_number(words: list[str], replacement: str, before: list[str]) -> str:
    """*replacement*'s first noun made plural or singular like the match's, its "who uses" agreeing
    ("people who use drugs"), and "a" put before a lone person noun that has no determiner ("is a
    person ...")."""
    from lemminflect import getInflection

    from tilint.grammar import COUNT_PERSONS, _determined

    several = _several(words)
    if not several and before and before[-1].lower() in SEVERAL_BEFORE:
        several = True  # "both illegal", "they were all illegal"
    tokens = replacement.split(" ")
    head = _head(tokens)
    if several is None or head is None:
        return replacement
    token = tokens[head]
    lower = token.lower()
    if not _names_people(lower):
        return replacement
    singular = lemma_of(lower) if lower != "people" else "person"
    if several and lemma_of(lower) == lower and lower != "people":
        tokens[head] = match_case(token, "people" if lower == "person" else (getInflection(lower, "NNS") or [token])[0])
        if head and tokens[head - 1].lower() in ("a", "an"):
            del tokens[head - 1]
            head -= 1
    elif not several and (lower == "people" or (lower.endswith("s") and singular != lower)):
        tokens[head] = match_case(token, singular)
    plural_now = several
    for index in range(head + 1, len(tokens) - 1):  # "who uses" -> "who use", "who is" -> "who are"
        if tokens[index].lower() in ("who", "that"):
            verb = tokens[index + 1]
            wanted = {"is": "are", "has": "have", "was": "were"} if plural_now else {"are": "is", "have": "has", "were": "was"}
            if verb.lower() in wanted:
                tokens[index + 1] = wanted[verb.lower()]
            elif plural_now and verb.lower().endswith("s") and ("VERB" in _classes(verb) or "-" in verb):
                tokens[index + 1] = lemma_of(verb) if "-" not in verb else verb[:-1]
            elif not plural_now and "VERB" in _classes(verb) and lemma_of(verb) == verb.lower():
                tokens[index + 1] = (getInflection(verb.lower(), "VBZ") or [verb])[0]
            break
    if not several and lemma_of(tokens[head]) in COUNT_PERSONS | {"youth"} and \
            not any(t.lower() in ARTICLES for t in tokens[:head]) and not _determined([b.lower() for b in before]):
        tokens.insert(0, "a")  # fitted to "an" by _fit_article
    return " ".join(tokens)


def _head(tokens: list[str]) -> int | None:
    """The index of the head noun of a noun phrase: the word before its first preposition, "who"
    or "-ing" word ("person without ...", "people experiencing ..."), else its last word."""
    for index, token in enumerate(tokens):
        lower = token.lower()
        if index and (lower in RELATIVES or lower in ("with", "without", "in", "of", "from", "for", "on", "at", "involved")
                      or (lower.endswith("ing") and "VERB" in _classes(lower))):
            return index - 1
    return len(tokens) - 1 if tokens and tokens[-1].lower() not in FUNCTION_WORDS else None


def _names_people(word: str) -> bool:
    """Whether a noun names people: "person", "girls", "youth", "trafficker", "immigrants"."""
    from tilint.grammar import COUNT_PERSONS, PLURAL_PERSONS

    base = "person" if word == "people" else lemma_of(word)
    return word in PLURAL_PERSONS or base in COUNT_PERSONS or base in ("youth", "kid", "teen", "adult") or \
        base.endswith(("er", "or", "ist", "ant", "ent")) and "NOUN" in _classes(base)


def _keep_perfect(words: list[str], replacement: str) -> str:
    """"has been escorting" with "was trafficked for sex" -> "has been trafficked for sex"."""
    first, _, rest = replacement.partition(" ")
    if words[0].lower() in ("has", "have") and first.lower() in ("was", "were") and rest:
        return f"{words[0].lower()} been {rest}"
    return replacement


def _fit_pronouns(before: str, replacement: str) -> str | None:
    """"his"/"her" (and "he"/"she", "him") in *replacement* for the person last named before it in
    the sentence: "Client's brother" + "ended her life" -> "ended his life"; "I" for "we" where the
    sentence speaks as "we" ("we look after ours" -> "we look after the people we work with").
    None where the person last named is "they" or several people ("They made poor choices",
    "the women ..."): "her" cannot follow them without changing the verbs, so it is advice there."""
    spoken = set(re.findall(r"[a-z]+", before.lower()))
    if spoken & {"we", "our", "us"} and not spoken & {"i", "my", "me"}:
        replacement = re.sub(r"\bI\b", "we", replacement)
    named = [w for w in re.findall(r"[a-z]+", before.lower()) if w in MASCULINE | FEMININE | SEVERAL_PEOPLE]
    if not named:
        return replacement
    tokens = replacement.split(" ")
    if named[-1] in SEVERAL_PEOPLE:
        return None if any(t.lower().strip(".,;:?!") in HER_FORMS + HIS_FORMS for t in tokens) else replacement
    male = named[-1] in MASCULINE
    for index, token in enumerate(tokens):
        lower = token.lower()
        if male and lower in HER_FORMS:
            following = tokens[index + 1].lower() if index + 1 < len(tokens) else ""
            # "her life" -> "his life"; "for her to leave", "put her at risk" -> "him"
            possessive = bool(following) and following not in FUNCTION_WORDS and "VERB" not in _classes(tokens[index + 1])
            swapped = {"she": "he", "hers": "his", "herself": "himself"}.get(lower) or ("his" if possessive else "him")
        elif not male and lower in HIS_FORMS:
            swapped = {"he": "she", "his": "her", "him": "her", "himself": "herself"}[lower]
        else:
            continue
        tokens[index] = match_case(token, swapped)
    return " ".join(tokens)


def _case_like(text: str, start: int, end: int, replacement: str) -> str:
    """*replacement* in the case of text[start:end]; an acronym ("OCD", "JDs") in a line of small
    letters gives no case: the replacement keeps its own, with a capital only to open a sentence."""
    original = text[start:end]
    letters = original.replace("s", "") if original.endswith("s") else original
    line_start, line_end = _line_bounds(text, start, end)
    if len(letters) > 1 and letters.isalpha() and letters.isupper() and len(letters) <= 5 and \
            re.search(r"[a-z]", text[line_start:start] + text[end:line_end]):
        opens = not text[sentence_bounds(text, start, end)[0] : start].strip(" \t\"'“‘")
        return replacement[:1].upper() + replacement[1:] if opens else replacement
    first_word = original.split(" ")[0]
    if len(first_word) > 1 and first_word.isupper() and not original.isupper():  # "CSEC kids"
        opens = not text[sentence_bounds(text, start, end)[0] : start].strip(" \t\"'“‘")
        return replacement[:1].upper() + replacement[1:] if opens else replacement
    if original[:1].islower() and _capital_opening(replacement):
        # written to open a sentence ("Everyone is asked not to"), pasted after "During phase 1,": "everyone ..."
        return replacement[:1].lower() + replacement[1:]
    return match_case(original, replacement)


def _capital_opening(replacement: str) -> bool:
    """Whether *replacement* opens with a capital only because it was written as a sentence: a
    capitalised common word ("Everyone", "You"), not "I", an acronym or a name."""
    word = re.match(r"[A-Za-z][\w'’]*", replacement)
    if word is None or not word.group()[0].isupper() or word.group() == "I" or word.group().startswith(("I'", "I’")):
        return False
    rest = word.group()[1:]
    if rest and not rest.islower():
        return False  # "CSEC", "McKinney"
    from lemminflect import getAllLemmas

    lower = word.group().lower()
    return lower in FUNCTION_WORDS or lower in PRONOUNS or lower in DETERMINERS or bool(getAllLemmas(lower))


def _agree(verb: str, replacement: str) -> str:
    """*replacement* with its first verb in the tense and number of *verb* ("was" + "is coping"
    -> "was coping"; "are" + "is coping" -> "are coping")."""
    first, _, rest = replacement.partition(" ")
    changed = TENSE.get(PAST_PLURAL.get(verb, ("", "")), {}).get(first.lower())
    return f"{changed} {rest}".strip() if changed else replacement


def _inflect_first(words: list[str], kept: list[str], replacement: str) -> str:
    """The replacement's first word inflected like the match's first word where both are verbs
    ("refuses" with "declined" -> "declines"), and its first noun made plural where the match
    names several people ("prostitutes" with "person in the sex trade" -> "people in the sex trade")."""
    from lemminflect import getInflection

    mine, theirs = words[0], kept[0]
    if theirs.lower() in ("was", "is") and mine.lower() not in AUXILIARIES and "VERB" in _classes(mine):
        from lemminflect import getAllInflections  # "girls ... choose the life" with "was exploited": "are exploited"

        if mine.lower() != lemma_of(mine) and mine.lower() in getAllInflections(lemma_of(mine)).get("VBZ", ()):
            return match_case(theirs, "is") + replacement[len(theirs):]
        if mine.lower() == lemma_of(mine):
            return match_case(theirs, "are") + replacement[len(theirs):]
    if "VERB" in _classes(mine) and "VERB" in _classes(theirs) and theirs.lower() not in AUXILIARIES | PRONOUNS:
        inflected = inflect_like(mine, lemma_of(theirs))
        if inflected:
            return inflected + replacement[len(theirs):]
    last = words[-1]
    if "NOUN" in _classes(last) and lemma_of(last) != last.lower() and last.lower().endswith("s") and len(words) == 1:
        tokens = replacement.split(" ")
        if tokens[0].lower() in ("a", "an"):
            tokens = tokens[1:]
        for index, token in enumerate(tokens):
            if token.lower() in FUNCTION_WORDS:
                continue
            if ("NOUN" in _classes(token) or not _classes(token)) and lemma_of(token) == token.lower():
                plural = "people" if token.lower() == "person" else (getInflection(token.lower(), "NNS") or [token])[0]
                tokens[index] = match_case(token, plural)
            break
        return " ".join(tokens)
    return replacement


def replacement(finding: Finding, alternative: str, text: str, start: int, end: int) -> Edit | None:
    """The edit that puts one of *finding*'s suggestions in place of text[start:end], or None where
    it is advice: marked ``replaces: false`` in its rule, or unable to stand in there (:func:`stand_in`)."""
    if alternative in finding.advice:
        return None
    return stand_in(alternative, text, start, end)


def label(start: int, end: int, edit: Edit, alternative: str, text: str) -> str:
    """The reported words text[start:end] as they will read once *edit* (made from *alternative*)
    is applied: an edit rewrites only the words that change, so "Why didn't you leave?" with "What
    made it hard to leave?" rewrites "Why didn't you" and keeps "leave"; what a button or a quick
    fix shows is "What made it hard to leave?", not "What made it hard to"."""
    low, high = min(start, edit.start), max(end, edit.end)
    shown = text[low : edit.start] + edit.text + text[edit.end : high]
    if alternative[-1:] in ("?", "!", ".") and text[high : high + 1] == alternative[-1:] and not shown.endswith(alternative[-1:]):
        shown += alternative[-1:]
    return " ".join(shown.split())


def _slice_tokens(text: str, first: int, last: int) -> str:
    """The part of *text* from its token number *first* up to (not including) token *last*."""
    spans = [m.span() for m in TOKEN.finditer(text)]
    return text[spans[first][0] : spans[last - 1][1]]


def encodable(text: str, encoding: str) -> str | None:
    """None when *encoding* can hold *text*, else the first character it cannot hold."""
    try:
        text.encode(encoding)
    except UnicodeEncodeError as err:
        return text[err.start]
    except LookupError:
        return None
    return None


class Stop(Exception):
    """The writer chose to stop (q, or the end of input)."""


Ask = Callable[[str], "str | None"]  # shows a prompt, returns the line typed (None at end of input)


@dataclass
class Chooser:
    """Asks the writer what to do with each finding that has no safe fix (``--interactive``).

    *ask* shows a prompt and returns the answer (None at the end of input, Ctrl-D); *say* shows
    a line. Both speak on standard error, so the report on standard output stays clean."""

    ask: Ask
    say: Callable[[str], None]
    greeted: bool = False

    def __call__(self, finding: Finding, text: str, encoding: str) -> Edit | None:
        if not self.greeted:
            self.greeted = True
            self.say("For each finding: a number picks a replacement, w writes your own wording, s skips, "
                     "q stops. A file is written once its findings are decided; q or Ctrl-D stops and keeps "
                     "the choices confirmed so far, Ctrl-C stops and discards those for the file in hand.")
        start, end = finding.start, finding.end
        head, tail = sentence_bounds(text, start, end)
        self.say("")
        self.say(f"{finding.path}:{finding.line}:{finding.column}: {finding.rule} {finding.name}")
        self.say(f"  {finding.message}")
        self.say(f"  now:      {_one_line(text[head:tail])}")
        offered: list[Edit] = []
        advice: list[str] = []
        for alternative in finding.suggestions:
            edit = replacement(finding, alternative, text, start, end)
            missing = encodable(alternative, encoding) if edit is not None else None
            if edit is None or missing is not None:
                why = f" (this file's encoding, {encoding}, cannot hold {missing!r})" if missing else ""
                advice.append(alternative + why)
            elif all(_result(text, edit) != _result(text, other) for other in offered):
                offered.append(edit)  # not twice: "girl" and "girls" fitted to the same words read the same
        for number, edit in enumerate(offered, 1):
            self.say(f"  {number}) {edit.text}")
        if advice:
            self.say("  Advice, to put in your own words:")
            for alternative in advice:
                self.say(f"   - {alternative}")
        numbers = f"1-{len(offered)}, " if len(offered) > 1 else "1, " if offered else ""
        while True:
            answer = self._answer(f"  Choose {numbers}w, s or q: ")
            if answer == "s":
                return None
            if answer == "w":
                edit = self._own_wording(text, start, end, encoding)
            elif answer.isdigit() and 1 <= int(answer) <= len(offered):
                edit = offered[int(answer) - 1]
            else:
                self.say(f"  Please answer {numbers}w (your own wording), s (skip) or q (stop).")
                continue
            if edit is not None and self._confirm(text, head, tail, edit):
                return edit

    def _answer(self, prompt: str) -> str:
        answer = self.ask(prompt)
        if answer is None or answer.strip().lower() == "q":
            raise Stop
        return answer.strip().lower()

    def _own_wording(self, text: str, start: int, end: int, encoding: str) -> Edit | None:
        typed = self.ask(f"  Your wording for \"{_one_line(text[start:end])}\" (empty to go back): ")
        if typed is None:
            raise Stop
        typed = " ".join(typed.split())
        if not typed:
            return None
        missing = encodable(typed, encoding)
        if missing is not None:
            self.say(f"  This file's encoding, {encoding}, cannot hold {missing!r}; please word it another way.")
            return None
        return Edit(start, end, typed)

    def _confirm(self, text: str, head: int, tail: int, edit: Edit) -> bool:
        self.say(f"  becomes:  {_one_line(text[head:edit.start] + edit.text + text[edit.end:tail])}")
        return self._answer("  Apply? y (yes) or n (choose again): ") in ("y", "yes")


def _result(text: str, edit: Edit) -> str:
    return text[: edit.start] + edit.text + text[edit.end :]


def _one_line(text: str) -> str:
    return " ".join(text.split())


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


# --- writing a file back ----------------------------------------------------------------------


def writable_target(path: Path) -> Path:
    """The file a fix of *path* rewrites (the target, when *path* is a link), or FixError saying
    in one line why it is left alone."""
    real = Path(os.path.realpath(path))
    try:
        info = real.stat()
    except OSError as err:
        raise FixError(f"not fixed: {(err.strerror or str(err)).lower()}") from None
    if not stat.S_ISREG(info.st_mode):
        raise FixError("not fixed: not a regular file")
    if info.st_nlink > 1:
        raise FixError(f"not fixed: the file has {info.st_nlink} hard links, which a rewrite would split")
    if not info.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise FixError("not fixed: the file is read-only")
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        if info.st_uid != os.geteuid():
            raise FixError("not fixed: the file belongs to another user, and a rewrite would make it yours")
        if info.st_gid != os.getegid() and info.st_gid not in os.getgroups():
            raise FixError("not fixed: the file's group is not yours, and a rewrite would change it")
    return real


def write_atomically(path: Path, data: bytes) -> None:
    """Replace the content of *path* (a regular file, links already followed) with *data*,
    keeping its owner, group, mode and extended attributes (:func:`tilint.atomic.write_atomically`),
    or leave it untouched and raise FixError."""
    from tilint.atomic import AttributeNotKept, write_atomically as write

    try:
        write(path, data)
    except AttributeNotKept as err:
        raise FixError(f"not fixed: its extended attribute {err.name} cannot be kept") from None
    except OSError as err:
        raise FixError(f"cannot write the fix: {err.strerror or err}") from None


def unified_diff(display: str, before: str, after: str) -> str:
    """A unified diff of one file's fix, line endings kept."""
    import difflib

    from tilint.formatters import printable  # a file name cannot end the header line and forge another

    name = printable(display)
    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}")
    return "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)


# --- a run's fixes ----------------------------------------------------------------------------


@dataclass
class FixOutcome:
    """What fixing one run did."""

    fixed: int = 0  # findings fixed
    files: list[str] = field(default_factory=list)  # files changed (or that would change, for --diff)
    diffs: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why a file was not fixed): notes
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, why it could not be written): errors
    stdin: bytes | None = None  # standard input as fixed, when it was
    stopped: bool = False  # the writer chose to stop


Choose = Callable[[Finding, str, str], "Edit | None"]


def fix_findings(
    findings: Sequence[Finding],
    rules: dict[str, Rule],
    write: bool,
    choose: Choose | None = None,
    stdin: tuple[str, bytes] | None = None,
) -> FixOutcome:
    """Apply safe fixes (and, with *choose*, the writer's choices for the other findings) file by file.

    *choose(finding, text, encoding)* returns an edit, None to skip, or raises Stop. *stdin* is
    (name, bytes) of standard input: its findings are fixed in those bytes, never on disk. With
    *write* false nothing is changed and the outcome carries diffs. A file that cannot be
    written is an entry of ``failed``; the other files are still fixed."""
    outcome = FixOutcome()
    by_path: dict[str, list[Finding]] = {}
    for finding in findings:
        by_path.setdefault(finding.path, []).append(finding)
    cleaned: set[Path] = set()
    for display, group in by_path.items():
        from_stdin = stdin is not None and display == stdin[0]
        try:
            _fix_file(display, group, rules, write, choose, stdin[1] if from_stdin else None, outcome, cleaned)  # type: ignore[index]
        except FixError as err:
            outcome.failed.append((display, str(err)))
        except Stop:
            outcome.stopped = True
            break
    return outcome


def _fix_file(
    display: str, findings: list[Finding], rules: dict[str, Rule], write: bool, choose: Choose | None,
    data: bytes | None, outcome: FixOutcome, cleaned: set[Path],
) -> None:
    from tilint.formats import Input, read_document
    from tilint.sources import SourceError, encode

    target = None
    if write and data is None:
        target = writable_target(Path(display))  # refused before the writer is asked anything
        if target.parent not in cleaned:
            cleaned.add(target.parent)
            from tilint.atomic import remove_stale_temporaries

            remove_stale_temporaries(target.parent)
    try:
        document = read_document(Input(display, None if data is not None else Path(display), data))
    except SourceError as err:
        outcome.skipped.append((display, str(err)))
        return
    if not document.fixable:
        outcome.skipped.append((display, "this format is not fixed; the findings above stand"))
        return
    edits: list[Edit] = []
    stopped = _collect_edits(findings, rules, document.text, document.encoding, choose, edits)
    if edits:  # on Stop, what was confirmed is written; Ctrl-C (an exception) leaves the file as it was
        after = apply_edits(document.text, edits)
        try:
            fixed = encode(after, document.encoding, document.bom)
        except UnicodeEncodeError as err:
            raise FixError(f"not fixed: its encoding, {document.encoding}, cannot hold {after[err.start]!r}") from None
        if target is not None:
            write_atomically(target, fixed)
        if data is not None:
            outcome.stdin = fixed
        outcome.fixed += len(edits)
        outcome.files.append(display)
        outcome.diffs.append(unified_diff(display, document.text, after))
    if stopped:
        raise Stop

def _collect_edits(
    findings: Sequence[Finding], rules: dict[str, Rule], text: str, encoding: str, choose: Choose | None,
    edits: list[Edit],
) -> bool:
    """Add to *edits* the safe fix or the writer's choice for each finding; True when the writer
    chose to stop (what is in *edits* then stands)."""
    taken = 0  # the end of the last edit: a finding overlapping it is not asked about
    for finding in sorted(findings):
        if finding.end <= finding.start or text[finding.start : finding.end] != finding.source_text:
            continue  # a document-level finding, or the file changed since it was linted
        if finding.start < taken:
            continue
        rule = rules.get(finding.rule)
        edit = safe_edit(finding, rule, text) if rule is not None else None
        if edit is None and choose is not None:
            try:
                edit = choose(finding, text, encoding)
            except Stop:
                return True
        if edit is not None:
            edits.append(edit)
            taken = max(taken, edit.end)
    return False
