"""Context the engine knows, so that a rule says what it means with one key instead of lists.

After a rule's patterns match, its context switches decide whether the match counts:

- ``mention: skip`` (every rule, unless it says ``lint``): training text that names a phrase to
  warn against it is not a use of it: a ``mention-cue`` earlier in the sentence ("avoid saying",
  "terms like"), a ``mention-lead`` just before the match ("instead of", "avoid:"), or a list
  under a heading that holds one ("Do not say:", "Avoid:").
- ``negation: cancels``: a ``negation`` word in the few words before the match, in the same
  clause ("she is not non-compliant", "we never ask why she didn't leave").
- ``subject: people-served`` (or another vocabulary): the nearest person or thing named before
  the reported words in their clause is one of the vocabulary's words, or nobody is named (notes drop
  the subject: "Claims she was locked in"). A word of ``staff``, ``others`` or ``relative``
  there means the sentence is about someone else ("Staff failed to call back").
- ``age: minor``: the match counts only where the person is a minor: an age under 18 stated in
  its sentence, else a ``minor-age`` word there, else the nearest age stated in the paragraph,
  else in the note's header (its first paragraph). An adult age (18 or more) turns it off.

Each works on the vocabularies' words, on the blank pipeline (no trained model). The words a
rule needs travel with it (``Rule.context``), so an agency's extended vocabularies apply here too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tilint.lexicon import lemma_of
from tilint.vocab import SHAPES

SUBJECT_OTHERS = ("staff", "others", "relative")  # whoever a sentence is about when not the person served
VIEW = "reported-view"
SERVED = "people-served"
GROUP = "group"  # "Women who answer job ads should have known": people in general, before a relative clause
RELATIVE = frozenset({"who", "whose"})
RELATIVE_REACH = 16  # tokens looked back for the "who" of a relative clause
# a pronoun that starts a clause of its own inside the span after "who": "The officer who took the
# report said she refused" is about her, not the officer
NEW_SUBJECT = frozenset({"she", "he", "they", "i", "we", "you"})
# a group that does these to someone is not the people served: "those who hurt her", "men who buy sex"
ACTS_ON = frozenset(
    "exploit traffic buy sell pimp recruit abuse hurt harm rape groom target lure prey purchase hire employ control "
    "coerce force threaten beat assault attack trick deceive smuggle profit serve help support treat assist "
    "protect rescue counsel".split()
)  # "Staff feel the outburst was ...": what follows is the view of whoever comes before
# in the clause that states a view, words that leave it about someone or something else ("the texts from
# him", "it", "our rules") or deny it ("the cutting is not for attention")
ASIDE = frozenset({"him", "his", "it", "its", "them", "their", "me", "my", "us", "our", "not", "n't", "never", "no"})
# A staff word inside words that describe the people served before it: a clause with "we" or "I" and
# one of these verbs ("the women we serve", "clients (that) I see", "the girls we work with") or a
# phrase opened by a preposition ("the women in our program", "residents at the shelter"). The
# sentence is about the people served then, not about staff.
CONTACT_VERBS = frozenset(
    "serve see work support help house shelter meet assist care treat place host interview counsel know get take "
    "have visit refer accompany follow reach advocate mentor case-manage".split()
)
CONTACT_SUBJECTS = frozenset({"we", "i"})
CONTACT_LINKS = frozenset({"that", "whom"})
CONTACT_FILLERS = frozenset({"'ve", "’ve", "have", "has", "had", "'d", "will", "'ll", "currently", "also", "often", "usually", "now",
                             "regularly", "still"})  # "the women that we serve", "clients whom I see"
MODIFIER_PREPOSITIONS = frozenset({"in", "at", "from", "of", "with", "on", "under", "through", "by", "into"})
MODIFIER_DETERMINERS = frozenset({"our", "my", "the", "this", "your", "their", "his", "her", "a", "an", "each", "every"})
# "worker" is staff in a case note ("Worker met with client", "her case worker", "this worker") and the
# person served in labour trafficking ("The worker maintains he was never paid", "the workers were
# housed in a barn", "a domestic worker"). The staff vocabulary holds it; it counts as the people served
# after a word of SERVED_WORKER, an article, a quantity or a number, and as a plural opening a sentence.
AMBIGUOUS_STAFF = frozenset({"worker"})
SERVED_WORKER = frozenset(
    "farm domestic migrant factory restaurant salon sex construction agricultural garment seasonal guest hotel "
    "foreign undocumented day temporary temp contract trafficked exploited enslaved fellow other field poultry "
    "meatpacking dairy cannery fishing landscaping cleaning kitchen warehouse plant nail massage bar club "
    "immigrant h-2a h2a laundry textile brick mine mining fishery boat deckhand".split()
)
WORKER_DETERMINERS = frozenset(
    "the a an each every these those that two three four five six seven eight nine ten dozen several many "
    "some all both few most other another one no".split()
)
NEGATION_REACH = 4  # tokens before a match where a negation cancels it
LEAD_REACH = 2  # tokens a mention lead may stand before the match
SUBJECT_REACH = 12  # tokens looked back for the subject
CLAUSE_ENDS = frozenset({";", ":", "—", "–", "(", ")"})
NEGATION_ENDS = CLAUSE_ENDS | {",", "but", "because", "so", "and"}
# the word shapes a vocabulary may name that are an expression of the text (initials "K.", "A.R.";
# a victim's number "V", "V1"), as the subject switch reads them: vocab.SHAPES' own expressions
SHAPE_REGEXES = {
    "@" + name: re.compile(spec["TEXT"]["REGEX"]) for name, spec in SHAPES.items() if "REGEX" in spec.get("TEXT", {})
}


def vocabularies_for(rule_switches: Mapping[str, str], subject: str) -> list[str]:
    """The vocabularies whose words a rule with these switches needs in the engine."""
    names: list[str] = []
    if rule_switches.get("mention") == "skip":
        names += ["mention-cue", "mention-lead"]
    if rule_switches.get("negation") == "cancels":
        names.append("negation")
    if subject:
        names += [subject, *(n for n in SUBJECT_OTHERS if n != subject), VIEW, GROUP]
        if SERVED not in names:
            names.append(SERVED)  # a header naming them keeps "you" theirs (_you_are_staff)
    if rule_switches.get("age") == "minor":
        names.append("minor-age")
    return names


@dataclass(frozen=True)
class Words:
    """A vocabulary's entries as lemma sequences, for looking them up in a document."""

    singles: frozenset[str]
    multis: Mapping[str, tuple[tuple[str, ...], ...]]  # entries of several words, by their last word
    shapes: tuple[re.Pattern[str], ...] = ()  # the word shapes it names (SHAPE_REGEXES), matched on the text

    @classmethod
    def of(cls, entries: Sequence[str]) -> Words:
        singles = {e for e in entries if " " not in e and not e.startswith("@")}
        multis: dict[str, list[tuple[str, ...]]] = {}
        for entry in entries:
            if " " in entry:
                words = tuple(entry.split())
                multis.setdefault(words[-1], []).append(words)
        shapes = tuple(SHAPE_REGEXES[e] for e in entries if e in SHAPE_REGEXES)
        return cls(frozenset(singles), {k: tuple(v) for k, v in multis.items()}, shapes)

    def ending_at(self, lemmas: Sequence[str], texts: Sequence[str], end: int, first: int) -> int:
        """The length of an entry that ends just before token *end* (not before *first*), or 0."""
        index = end - 1
        if index < first:
            return 0
        last = lemmas[index]
        if last in self.singles or any(shape.match(texts[index]) for shape in self.shapes):
            return 1
        for words in self.multis.get(last, ()):
            start = end - len(words)
            if start >= first and tuple(lemmas[start:end]) == words:
                return len(words)
        return 0


@lru_cache(maxsize=256)
def words_of(entries: tuple[str, ...]) -> Words:
    """The Words of a vocabulary's entries (as Rule.context holds them), made once."""
    return Words.of(entries)


class Sentence:
    """The tokens of one sentence of a document, as the context checks read them."""

    def __init__(self, doc: Any, first: int, end: int) -> None:
        from spacy.attrs import LEMMA, LOWER, ORTH

        self.first, self.end = first, end
        self.doc = doc  # its parse, where a trained pipeline made one (tilint.parse)
        strings = doc.vocab.strings
        rows = doc[first:end].to_array([LEMMA, LOWER, ORTH]).tolist() if end > first else []
        self.lemmas = _From(first, [strings[row[0]] for row in rows])
        self.lower = _From(first, [strings[row[1]] for row in rows])
        self.texts = _From(first, [strings[row[2]] for row in rows])
        self._ends: dict[int, tuple[Words, list[int]]] = {}  # id of a Words -> (it, where its entries end)

    def ends(self, words: Words) -> list[int]:
        """The token numbers just after every entry of *words* in this sentence, made once."""
        known = self._ends.get(id(words))
        if known is None:
            found = [end for end in range(self.first + 1, self.end + 1) if words.ending_at(self.lemmas, self.texts, end, self.first)]
            known = self._ends[id(words)] = (words, found)
        return known[1]


class _From:
    """A sentence's values indexed by token number in the document (the first is *first*)."""

    def __init__(self, first: int, values: list[str]) -> None:
        self.first, self.values = first, values

    def __len__(self) -> int:
        return self.first + len(self.values)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return self.values[index.start - self.first : index.stop - self.first]
        return self.values[index - self.first]


def mentioned(sentence: Sentence, start: int, words: Mapping[str, Words], text: str, at: int, paragraph: int) -> bool:
    """Whether the match that starts at token *start* (offset *at* in *text*, whose paragraph
    starts at *paragraph*) is named in training text to warn against it."""
    cues, leads = words.get("mention-cue"), words.get("mention-lead")
    # where the sentence's cues and leads end is found once per sentence, not again for each match
    if cues and any(end <= start and not _advised(sentence, end, cues, start) for end in sentence.ends(cues)):
        return True
    if leads:
        for end in sentence.ends(leads):
            if end > start:
                break
            if start - end <= LEAD_REACH or (end < len(sentence.texts) and sentence.texts[end] == ":"):
                return True
    return bool(cues or leads) and _under_heading(text, paragraph, words)


# "Use warm terms like sweetie and honey so residents feel welcome": a cue that names words (NAMING_CUE)
# after a verb that advises using them, with nothing in the sentence that warns, is advice to use them.
ADVISING = frozenset({"use", "try", "choose"})
NAMING_CUE = frozenset({"term", "word", "phrase", "label", "language"})
WARNS = frozenset("not n't never no avoid instead rather than patronising patronizing condescending demeaning harmful "
                  "offensive stigmatising stigmatizing inappropriate disrespectful hurtful infantilising infantilizing "
                  "problematic outdated stop quit ban drop retire replace misuse overuse careful careless".split())


def _advised(sentence: Sentence, end: int, cues: Words, start: int) -> bool:
    """Whether the mention cue ending just before token *end* names words that its sentence advises
    using ("Use terms like sweetie and honey to ...", "try using words like ..."), not a warning:
    a word of ADVISING at most three tokens before it, and no word of WARNS anywhere in the sentence."""
    first, lemmas, lower = sentence.first, sentence.lemmas, sentence.lower
    size = cues.ending_at(lemmas, sentence.texts, end, first)
    if not size or not any(lemmas[i] in NAMING_CUE for i in range(end - size, end)):
        return False
    if not any(lemmas[i] in ADVISING for i in range(max(first, end - size - 3), end - size)):
        return False
    return not any(lower[i] in WARNS or lemmas[i] in WARNS for i in range(first, sentence.end))


HEADING_ITEM = 120  # characters: a longer paragraph is prose, not an item of a list


def _under_heading(text: str, paragraph: int, words: Mapping[str, Words]) -> bool:
    """Whether the paragraph starting at *paragraph* is an item of a list under a heading that
    warns ("Do not say:", "Avoid:"), with blank lines between (as Markdown lists have). Only
    the short paragraphs just before it are read, never the whole text."""
    lemmas = _heading(text, paragraph)
    return lemmas is not None and any(_holds(lemmas, w) for w in words.values())


@lru_cache(maxsize=8)  # every match of a paragraph asks again; a few texts are held
def _heading(text: str, paragraph: int) -> tuple[str, ...] | None:
    """The lemmas of the heading (a short paragraph ending with ":") that the paragraph starting
    at *paragraph* is an item under, or None (see _under_heading)."""
    end = paragraph
    for _ in range(30):
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if end == 0:
            return None
        floor = max(end - HEADING_ITEM - 2, 0)
        start = max(text.rfind("\n\n", floor, end), text.rfind("\n \n", floor, end))
        if start < 0 and floor > 0:
            return None  # a long paragraph: prose, not an item
        previous = text[start + 1 : end].strip()
        if previous.endswith(":"):
            return tuple(lemma_of(w) for w in re.findall(r"[\w'’]+", previous.lower()))
        if len(previous) > HEADING_ITEM or start < 0:
            return None
        end = start
    return None


def _holds(lemmas: Sequence[str], words: Words) -> bool:
    return any(words.ending_at(lemmas, lemmas, end, 0) for end in range(1, len(lemmas) + 1))


def negated(sentence: Sentence, start: int, words: Words) -> bool:
    """Whether a negation stands in the few tokens before token *start*, in the same clause."""
    for end in range(start, max(sentence.first, start - NEGATION_REACH), -1):
        if sentence.lower[end - 1] in NEGATION_ENDS:
            return False
        if words.ending_at(sentence.lemmas, sentence.texts, end, sentence.first):
            return True
    return False


def about(
    sentence: Sentence, start: int, subject: str, words: Mapping[str, Words], reported: int | None = None,
    end: int | None = None,
) -> bool:
    """Whether the match from token *start* to *end*, whose reported words start at token
    *reported* (by default *start*), is about one of the *subject* vocabulary's words: the nearest person or
    thing named before the reported words in their clause (the match's own words before them
    included) is one, or nobody is named. So "Staff feel she is manipulative" reported at
    "manipulative" is about "she", whether or not the match begins at "Staff" or "she". Under a
    trained pipeline the parse decides where it gives the subject of the reported words
    (tilint.parse)."""
    at = start if reported is None else max(reported, start)
    if _you_are_staff(sentence, start, at if end is None else max(end, at), words):
        return False
    verdict, viewed = _named_before(sentence, start, at, end, subject, words)
    if sentence.doc.has_annotation("DEP"):
        from tilint.parse import parsed_about

        parsed = parsed_about(sentence, at, subject, words, SUBJECT_OTHERS)
        # the parse takes "the outburst" in "Staff feel the outburst was ..." for someone else; a
        # view staff hold of what no one named did is hers, as below
        if parsed is not None and not (viewed and verdict):
            return parsed
    return verdict


# A header before a colon that names staff as whom it speaks to makes "you" after it staff: "Note to night
# staff: you have to lock the med cart", "Staff code of conduct: You must knock", "Volunteers: you must
# sign in". "we", "I", the program or the agency there do not ("What we ask of you:", "Program rules:"),
# and a word of the people served there keeps "you" hers ("Note to resident:", "Staff rules for residents:").
NOT_ADDRESSEES = frozenset({"i", "we", "program", "agency", "team", "writer", "shelter"})
QUOTE_MARKS = frozenset({'"', "'", "“", "‘", "«"})
HEADER_REACH = 8  # tokens a header before its colon may hold
YOU = frozenset({"you", "your", "yourself", "you'll", "you're", "you’ll", "you’re"})


def _you_are_staff(sentence: Sentence, start: int, end: int, words: Mapping[str, Words]) -> bool:
    """Whether the match from token *start* to *end* speaks to "you" after a header naming staff
    (see NOT_ADDRESSEES) in its sentence."""
    first, lower, lemmas, texts = sentence.first, sentence.lower, sentence.lemmas, sentence.texts
    colon = next((i for i in range(start - 1, max(first, start - SUBJECT_REACH) - 1, -1) if lower[i] == ":"), None)
    if colon is None or colon - first > HEADER_REACH or colon == first:
        return False
    if not any(lower[i] in YOU for i in range(colon + 1, min(end, sentence.end))):
        return False
    if colon + 1 < sentence.end and lower[colon + 1] in QUOTE_MARKS:
        return False  # 'Staff: "You have to ..."': who speaks, in a script
    staff, served = words.get("staff"), words.get(SERVED)
    if staff is None or served is None:
        return False
    named = False
    for index in range(first + 1, colon + 1):
        if served.ending_at(lemmas, texts, index, first):
            return False
        size = staff.ending_at(lemmas, texts, index, first)
        if size and not (size == 1 and lemmas[index - 1] in NOT_ADDRESSEES) and not _served_worker(sentence, index - 1):
            if index - size == first and index == colon and lower[index - 1] == lemmas[index - 1]:
                return False  # "Staff: you have to ...", "Advocate: you need to ...": a speaker's label
            named = True
    return named


def _named_before(
    sentence: Sentence, start: int, at: int, end: int | None, subject: str, words: Mapping[str, Words]
) -> tuple[bool, bool]:
    """about() by the vocabularies: the verdict, and whether staff who hold a view gave it."""
    first, lemmas, texts = sentence.first, sentence.lemmas, sentence.texts
    head = _relative_head(sentence, start, at, subject, words)
    if head is not None:
        return head, False
    view = words.get(VIEW)
    # Staff who hold a view ("Staff feel the outburst was aggressive", "I think the crying is for
    # attention") are not the subject of the clause that states it: the reported words there are
    # about her, whom the clause names or not. Someone else's view ("her mother feels") is theirs.
    # So is a view that names someone else or denies it: "Staff think the texts from him were ...".
    viewed, aside = False, any(w in ASIDE for w in sentence.lower[at:end]) if end is not None and end > at else False
    # the words looked back over: those of the match before the reported ones, then as many
    # before the match as for a match reported whole
    for index in range(at, max(first, start - SUBJECT_REACH), -1):
        lower = sentence.lower[index - 1]
        if lower in CLAUSE_ENDS:
            return True, False
        if words[subject].ending_at(lemmas, texts, index, first) or (
                subject == "people-served" and _served_worker(sentence, index - 1)):  # "The worker maintains that ..."
            if subject == SERVED and lower in YOU and in_someone_elses_words(sentence, index - 1, words):
                return False, False  # "The landlord said that if the rent is late you lose your bed": his words
            return not _argued_for_the_defence(sentence, index, view), False
        if lower in CLAUSE_LINKS and index - 1 > first and sentence.lower[index - 2] == "," and index < at and (
                sentence.lower[index] in CLAUSE_OPENERS):
            return True, False  # "..., and a positive result means you lose your bed": a clause of its own
        for name, others in words.items():
            size = others.ending_at(lemmas, texts, index, first) if name in SUBJECT_OTHERS and name != subject else 0
            if size == 1 and name == "others" and verb_use(sentence.lower, lemmas, index - 1, first, words[subject]):
                continue  # "Client phoned twice and was ...", "Several residents tested ...": a verb, not a phone or a test
            if size:
                if name == "staff" and subject == "people-served" and _describes_served(sentence, index - size, index, words, subject):
                    return True, False  # "Many of the women we serve made ...", "clients in our program ..."
                return viewed and name == "staff", viewed and name == "staff"
        if viewed:
            continue
        if view is not None and index < at and not aside and view.ending_at(lemmas, texts, index, first):
            viewed = True
        aside = aside or lower in ASIDE
    return True, False


# Words of the others vocabulary are nouns ("the phone", "her test"); as verbs ("Client phoned twice
# and was ...", "called and was ...", "Several residents tested ...") they name no one. Read as a verb: a
# past or -ing form (not after a determiner: "the testing", "her calling"), or a form after a subject
# word, an auxiliary or "to" ("she calls", "will call", "to phone"), or an -s form or any form after
# a people-served word ("Client calls", "Residents test").
VERB_LEADS = frozenset(
    "she he they i we you it will would did does do can could should may might must to 'll ’ll 'd ’d not n't never "
    "also just then often always repeatedly again".split()
)
# a clause joined by ", and" (", but", ", so", ", or") that opens with a subject of its own: "You will
# submit to drug testing, and a positive result means you lose your bed"; the words before the
# comma are not its subject
CLAUSE_LINKS = frozenset({"and", "but", "so", "or", "yet"})
CLAUSE_OPENERS = frozenset(
    "a an the this that these those any she he they i we you it her his their my your our its each every no "
    "one some".split()
)


def verb_use(lower: Sequence[str], lemmas: Sequence[str], index: int, first: int, own: Words | None = None) -> bool:
    """Whether the one-word others entry at token *index* is used as a verb (see VERB_LEADS)."""
    word, before = lower[index], lower[index - 1] if index > first else ""
    if before in MODIFIER_DETERMINERS or before in ("'s", "’s", "drug", "random", "urine", "blood"):
        return False
    if word != lemmas[index] and word.endswith(("ed", "ing")):
        return True
    if before in VERB_LEADS:
        return True
    return (own is not None and index > first and bool(own.ending_at(lemmas, lemmas, index, first))
            and (word.endswith("s") or before != lemmas[index - 1]))


def _relative_head(sentence: Sentence, start: int, at: int, subject: str, words: Mapping[str, Words]) -> bool | None:
    """Whether the noun a relative clause before the reported words describes is the subject:
    in "Adults who return to their traffickers have to take responsibility" and "Survivors who
    did not report it to staff share ..." the words inside the clause ("traffickers", "staff")
    are not who the sentence is about; the noun before "who" is. A word of the subject's
    vocabulary there: yes; of staff, others or relative ("Traffickers who ...", "Staff who
    ..."): no; a word of people in general (the ``group`` vocabulary: "Women who ...", "Those
    who ...", "Anyone who ..."), for people-served: yes, unless the clause says they act on the
    people served ("those who hurt her", "anyone who works with victims"). None where no such
    clause stands before the reported words in their clause, where a clause of its own starts
    inside it ("The officer who took the report said she refused"), or where the noun is none
    of these: the nearest word decides, as before."""
    first, lower, lemmas, texts = sentence.first, sentence.lower, sentence.lemmas, sentence.texts
    who = None
    for index in range(at - 1, max(first, at - RELATIVE_REACH) - 1, -1):
        if lower[index] in CLAUSE_ENDS:
            return None
        if lower[index] in RELATIVE:
            who = index
            break
    if who is None or who < start - SUBJECT_REACH:
        return None
    inside = range(who + 1, at)
    view = words.get(VIEW)
    if any(lower[i] in NEW_SUBJECT for i in inside) or (
        view is not None and any(view.ending_at(lemmas, texts, i + 1, who + 1) for i in inside)
    ):
        return None
    end = who - 1 if who - 1 > first and lower[who - 1] == "," else who
    if end <= first:
        return None
    own = words[subject]
    if own.ending_at(lemmas, texts, end, first):
        return True
    described = subject == "people-served" and _served_worker(sentence, end - 1)  # "Workers who were housed ..."
    for name, others in words.items():
        size = others.ending_at(lemmas, texts, end, first) if name in SUBJECT_OTHERS and name != subject else 0
        if size and not described:
            if not (name == "staff" and subject == "people-served" and _describes_served(sentence, end - size, end, words, subject)):
                return False
            described = True
            break
    group = words.get(GROUP)
    if not described and (subject != "people-served" or group is None or
                          not (group.ending_at(lemmas, texts, end, first) or lower[end - 1] in PEOPLE_PRONOUNS)):
        return None
    if not described and _predicate(sentence, end - max(group.ending_at(lemmas, texts, end, first), 1)):
        return None  # "Staff are the ones who gamed the schedule", "We were the people who ...": staff, we
    acts_on = any(lemmas[i] in ACTS_ON for i in inside) or any(
        own.ending_at(lemmas, texts, i + 1, who + 1) and lower[i] not in ("her", "him", "them") for i in inside
    )
    return not acts_on


# "those who ...", "the ones who ...": people, as the group vocabulary's words are, before a relative clause
PEOPLE_PRONOUNS = frozenset({"those", "ones"})
COPULA = frozenset({"is", "are", "was", "were", "be", "been", "being", "am", "'re", "’re", "'m", "’m"})
PREDICATE_FILLERS = frozenset({"the", "only", "same", "very", "real", "just", "exactly", "not", "all", "usually", "often",
                               "always", "also", "still"})


def _predicate(sentence: Sentence, index: int) -> bool:
    """Whether the words for people at token *index* ("the ones", "people") follow a form of "be"
    (after at most two of PREDICATE_FILLERS): they say who the subject before it is ("Staff are the
    ones who ...", "We are not the people who ..."), and are not themselves the subject."""
    first, lower = sentence.first, sentence.lower
    for at in range(index - 1, max(first, index - 4) - 1, -1):
        if lower[at] in COPULA:
            return True
        if lower[at] not in PREDICATE_FILLERS:
            return False
    return False


# What someone says, writes or threatens: "you" in the words that follow is in their words, not the writer's
SPEECH = frozenset("say tell warn threaten explain write text texted message promise insist claim yell shout scream add "
                   "state announce inform remind".split())
# a word before "manager", "owner" ... that makes them the program's: "the house manager said you ..."
PROGRAM_SIDE = frozenset("house program shelter residential floor shift night day site dorm unit case".split())
SPEECH_REACH = 4  # tokens before a speech verb where whoever speaks may stand ("The landlord always said")
# where reported words end, looking back: a clause's end, but not a colon ("The landlord texted: you ...")
SPEECH_ENDS = CLAUSE_ENDS - {":"}


def in_someone_elses_words(sentence: Sentence, index: int, words: Mapping[str, Words]) -> bool:
    """Whether "you" at token *index* stands in what someone other than staff or the person served
    says (a word of others or relative before a verb of SPEECH, or "per the landlord"): "The landlord
    said that if the rent is late you lose your bed", "Her employer told the workers you get
    deported if you talk", "Per the foreman, you work until the debt is paid". Their words, reported,
    do not speak to the person served; "Staff said you lose your bed", "She said you were kind" do."""
    first, lower, lemmas, texts = sentence.first, sentence.lower, sentence.lemmas, sentence.texts
    others = [w for n, w in words.items() if n in ("others", "relative")]
    if not others:
        return False
    for at in range(index - 1, max(first, index - 2 * SUBJECT_REACH) - 1, -1):
        if lower[at] in SPEECH_ENDS:
            return False
        if lemmas[at] in SPEECH or lower[at] in SPEECH or lower[at] == "per":
            speaker = range(at + 2, min(at + 5, index + 1)) if lower[at] == "per" else range(at, max(first, at - SPEECH_REACH), -1)
            for end in speaker:
                if lower[end - 1] in CLAUSE_ENDS or lower[end - 1] == ",":  # the speaker stands in the same clause
                    break
                if words[SERVED].ending_at(lemmas, texts, end, first) or ("staff" in words and words["staff"].ending_at(
                        lemmas, texts, end, first)):
                    return False
                if (any(w.ending_at(lemmas, texts, end, first) for w in others) and not verb_use(lower, lemmas, end - 1, first)
                        and not (end - 2 >= first and lower[end - 2] in PROGRAM_SIDE)):
                    return True
    return False


# Who argues a case for the accused: what they say of the people served is their argument, reported
# ("The employer's lawyer says the workers were asking for trouble"), not the writer's judgment.
DEFENCE = frozenset({"lawyer", "attorney", "counsel", "defense", "defence", "defendant"})


def _argued_for_the_defence(sentence: Sentence, index: int, view: Words | None) -> bool:
    """Whether the people served named just before token *index* are named in what a lawyer or the
    defence says, argues or claims (DEFENCE, then a reported-view word or "that": "the defense
    theory that ..."), in the same clause."""
    if view is None:
        return False
    first, lower, lemmas, texts = sentence.first, sentence.lower, sentence.lemmas, sentence.texts
    stated = False  # a view word or "that" between the defence and the people served
    for end in range(index - 1, max(first, index - SUBJECT_REACH), -1):
        if lower[end - 1] in CLAUSE_ENDS:
            return False
        if lemmas[end - 1] in DEFENCE and stated:
            return True  # "the defense theory that the workers ...", "the employer's lawyer says the workers ..."
        stated = stated or lower[end - 1] == "that" or bool(view.ending_at(lemmas, texts, end, first))
    return False


def _served_worker(sentence: Sentence, index: int) -> bool:
    """Whether token *index* is "worker" or "workers" naming the person served, not staff (see
    AMBIGUOUS_STAFF): after a word of SERVED_WORKER ("farm workers", "the domestic worker"), an
    article, a quantity or a number ("The worker maintains", "two workers"), or as a plural opening
    the sentence ("Workers were housed in a barn"). Staff: "Worker met with client", "her worker",
    "this worker", "the case worker", "social workers"."""
    if sentence.lemmas[index] not in AMBIGUOUS_STAFF:
        return False
    first, lower = sentence.first, sentence.lower
    before = lower[index - 1] if index > first else ""
    if before in SERVED_WORKER or before in WORKER_DETERMINERS or before.isdigit():
        return True
    if before == "-" and index - 1 > first and lower[index - 2] in SERVED_WORKER:
        return True  # "H-2A worker" read as h, -, 2a is rare; "farm-worker"
    return not before and lower[index] != "worker"


def _describes_served(sentence: Sentence, start: int, end: int, words: Mapping[str, Words], subject: str) -> bool:
    """Whether the staff words from token *start* to *end* stand inside words that describe the
    people served named just before them: a clause of "we" or "I" and a verb of CONTACT_VERBS
    ("Many of the women we serve made ...", "clients that I see often ...", "the girls we've worked
    with are ..."), or a phrase a preposition opens ("the women in our program who ...", "residents
    of the shelter's program"). The noun before is a word of *subject* or of the group vocabulary."""
    first, lower, lemmas, texts = sentence.first, sentence.lower, sentence.lemmas, sentence.texts
    noun_end = None
    verb = end
    if verb < sentence.end and lower[verb] in CONTACT_FILLERS:
        verb += 1  # "we've served", "I currently see", "our team has helped"
    if verb < sentence.end and (lemmas[verb] in CONTACT_VERBS or lower[verb] in CONTACT_VERBS) and (
            (end - start == 1 and lower[start] in CONTACT_SUBJECTS) or (start > first and lower[start - 1] in MODIFIER_DETERMINERS)):
        # "the women we serve", "clients that I see", "the girls our team works with", "women this agency helps"
        noun_end = start - 1 if start > first and lower[start - 1] in MODIFIER_DETERMINERS else start
        noun_end = noun_end - 1 if noun_end - 1 > first and lower[noun_end - 1] in CONTACT_LINKS else noun_end
    else:
        at = start - 1 if start - 1 > first and lower[start - 1] in MODIFIER_DETERMINERS else start
        if at - 1 > first and lower[at - 1] in MODIFIER_PREPOSITIONS:
            noun_end = at - 1
    if noun_end is None or noun_end <= first:
        return False
    if words[subject].ending_at(lemmas, texts, noun_end, first) and lower[noun_end - 1] not in NEW_SUBJECT:
        return True
    group = words.get(GROUP)
    return group is not None and bool(group.ending_at(lemmas, texts, noun_end, first) or lower[noun_end - 1] in PEOPLE_PRONOUNS)


# --- age ---------------------------------------------------------------------------------------

_NUMBER_WORDS = {
    w: n for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty".split()
    )
}
_N = r"(\d{1,2}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
# The age of a partner or an adult named just before it is not the person's: "her boyfriend (34)".
_PARTNER = "".join(f"(?<!\\b{w}{tail})" for w in ("boyfriend", "husband", "partner", "man", "guy", "pimp", "trafficker", "buyer")
                   for tail in (" ", " who "))  # "her boyfriend (34)", "boyfriend, 34,", "boyfriend who is 34"
_PARTNER_AFTER = r"(?![\s-]*(?:boyfriend|husband|partner|man|men|guy|pimp|trafficker|buyer)s?\b)"
# A place or a thing numbered like an age with a sex: "Room 12F", "Apt 16F", "unit 3M".
_NOT_A_PLACE = "".join(f"(?<!\\b{w} )" for w in ("room", "rm", "apt", "unit", "suite", "floor", "bed", "bus", "route", "gate",
                                                   "seat", "row", "locker", "lot", "size", "no.", "flat", "cell"))
# What follows a shorthand age and sex in a note or a police report: "16M had been", "F15 was found", "15F w/ ..."
_SEX_AGE_WORD = (r"\s+(?:had|has|have|was|is|been|who|reports?|reported|states?|stated|said|says|found|located|arrested|"
                 r"picked|brought|seen|admitted|disclosed|ran|came|arrived|identified|recovered|told|presents|presenting|"
                 r"with|w/|c/o|hx|h/o|referred|pt|client|cl)\b")
# Not a count of minutes, points or money after a number: "were 10 and 20 minutes late"
_NOT_A_MEASURE = r"(?!\s*(?:%|percent|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|am|pm|a\.m|p\.m|:|th\b|dollars?|points?|miles?|pounds?|lbs?|kg))"
# A range of ages, written with a hyphen, an en dash, an em dash or "to": "12-17", "13–15", "12—17", "14 to 17";
# its lower end is read (an age under 18 makes it about minors). Not a date, a time or a score.
_RANGE = (r"(?<![\d.$/:#,-])([5-9]|1[0-5]|1[67](?=\s*(?:[-–—]|to)\s*1[6-8]\b))\s*(?:[-–—]|to)\s*(?:[6-9]|1\d|2[0-4])(?![\d./:%,]|\s*(?:%|percent|"
          r"(?:minutes?|mins?|hours?|hrs|days?|weeks?|months?|am|pm|a\.m|p\.m|o'?clock|dollars?|points?|times|people|"
          r"members?|sessions?|beds?|miles?)\b))")
_RANGE_BEFORE = (r"\b(?:girls?|boys?|kids?|children|youths?|teens?|teenagers?|minors?|students?|adolescents?|clients?|"
                 r"residents?|survivors?|victims?|participants?|females?|males?)\s*[:(,]?\s*")
_RANGE_AFTER = (r"(?:\s*-)?\s*(?:units?|wings?|groups?|age\s+groups?|age\s+range|age\s+bracket|cottages?|dorms?|pods?|"
                r"cohorts?|programs?|programmes?|population|bracket|girls|boys|kids|youth|teens|crowd|side|halls?|"
                r"[-\s]*(?:year|yr)s?[-\s]*olds?|yos?|y/o)\b")
AGE_PATTERNS = (
    _RANGE_BEFORE + _RANGE,  # girls 13–15, youth (12—17), teens 14 to 17
    _NOT_A_PLACE + _RANGE + _RANGE_AFTER,  # the 12–17 unit, the 13-15 age group, 14 to 17 year olds
    _N + r"[\s-]*(?:years?|yrs?)[\s-]*olds?\b" + _PARTNER_AFTER,  # 15 years old, a 13-year-old; not her 31-year-old boyfriend
    r"\b(\d{1,2})\s*(?:yo|y/o|y\.o\.?|yoa|yrs?)(?![\w/])",  # 15yo, 14 y/o, 16 yrs
    r"\bage[sd]?\s*:?\s*(?:of\s+)?" + _N + r"\b",  # age 15, aged 15, age: 15, at the age of 14
    _PARTNER + r"\((\d{1,2})\)",  # Client (16); not her boyfriend (34), whose age is not hers
    r"(?<![\w.$])(\d{1,2})(?-i:[FM])(?=[,;:)]|\s+(?:presents|presenting|pt|client|cl|with|w/|hx|h/o|referred|reports)\b)",  # 16F, hx ...; 15M presents
    # 16M had been ..., 15F was found ...; not a room, a flat or a sum ("Room 12F is free", "$16M was raised")
    _NOT_A_PLACE + r"(?<![\w.$#])(\d{1,2})(?-i:[FM])(?=" + _SEX_AGE_WORD + ")",
    # F15, M16 ...: the sex before the age; not a jet or a rifle ("an M16", "the F15 flew over")
    _NOT_A_PLACE + r"(?<![\w.$#-])(?<!\ban )(?<!\ba )(?<!\bthe )(?<!\bhis )(?<!\bher )(?-i:[FM])(\d{1,2})(?=[,;:)]|" + _SEX_AGE_WORD + ")",

    r"^[A-Za-z][\w.]*,\s*(\d{1,2})\s*,",  # Youth, 15, ...
    r"[A-Za-z]\.?" + _PARTNER.replace(" )", ")") + r",\s*(\d{1,2})\s*,(?=\s*[a-z])",  # Client, 19, is ...; K., 14, with ...; not boyfriend, 34,
    _PARTNER + r"\b(?:is|was|turned|turns|'s|’s|hes|shes)\s+(?:only\s+|just\s+|barely\s+)?(\d{1,2})\b(?!\s*(?:%|percent|minutes|hours|days|weeks|months|am|pm|:|th\b))",
    # "are 15 and 16", "were 14 and 17": two ages, each read (not "are 2 and 0 this season", "were 10 and 20 minutes late")
    r"\b(?:are|were)\s+(?:only\s+|just\s+|both\s+|now\s+)?(\d{1,2})\s+and\s+\d{1,2}\b" + _NOT_A_MEASURE,
    r"\b(?:are|were)\s+(?:only\s+|just\s+|both\s+|now\s+)?\d{1,2}\s+and\s+(\d{1,2})\b" + _NOT_A_MEASURE,
    # "girls as young as 13", "children as young as eleven"
    r"\bas\s+(?:young|little)\s+as\s+" + _N + r"\b" + _NOT_A_MEASURE,
    # at 14 she ...; not a clock time (at 10, at 14:00), a street number or a measure
    r"\bat\s+(1[3-9]|[2-9]\d|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\b(?![\s-]*(?:[%:]|\.\d|(?:percent|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?|am|pm|a\.m|p\.m|o'?clock|mph|miles?|dollars?|degrees?|th|st|nd|rd)\b|[\w-]+\s+(?:st|street|ave|avenue|rd|road|blvd|dr|drive|lane|ln|way|ct|court|pl|place)\b))",
)
DOB = r"\b(?:DOB|D\.O\.B\.|date of birth|born)\b\s*:?\s*(?:on\s+|in\s+)?([\d/.-]{4,10}|\w+ \d{1,2},? \d{4})"
YEAR = r"\b(19[5-9]\d|20[0-4]\d)\b"
ADULT = 18
GRADE = r"\b(?:(?:[1-9]|1[0-2])(?:st|nd|rd|th)|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)[\s-]*grade"


@lru_cache(maxsize=1)
def _age_regexes() -> tuple[list[re.Pattern[str]], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The age, date-of-birth, year and school-grade expressions, compiled when first needed."""
    ages = [re.compile(p, re.IGNORECASE) for p in AGE_PATTERNS]
    return ages, re.compile(DOB, re.IGNORECASE), re.compile(YEAR), re.compile(GRADE, re.IGNORECASE)
POSSESSIVES = frozenset({"her", "his", "their", "my", "your", "our", "'s", "’s", "'"})


# Program words that also name young adults (youth programs serve people up to 24): with an adult age stated in the
# sentence they do not make it about a minor ("Youth, 19, chose that life"), where "teen" or "child" still does.
LOOSE_MINOR_WORDS = frozenset({"youth", "yp"})
# After the agency's "our", these name the people served ("our teens", "our teen girls"), not someone's own children
PROGRAM_MINORS = frozenset({"teen", "teens", "teenager", "youth", "adolescent", "minor", "juvenile", "yp"})


def _minor_word(sentence: Sentence, words: Words, loose: bool = True) -> bool:
    """Whether the sentence names a child or teen, not as someone's own ("her kids"); with *loose* false,
    a word of LOOSE_MINOR_WORDS does not count."""
    for end in range(sentence.first + 1, sentence.end + 1):
        size = words.ending_at(sentence.lemmas, sentence.texts, end, sentence.first)
        if not size or (end - size > sentence.first and sentence.lower[end - size - 1] in POSSESSIVES and not (
                sentence.lower[end - size - 1] == "our" and sentence.lemmas[end - size] in PROGRAM_MINORS)):
            continue  # "her kids", "my son"; not "our teens", "our teen girls", "our youth" (the agency's)
        if not loose and size == 1 and sentence.lemmas[end - 1] in LOOSE_MINOR_WORDS:
            continue
        if not (end < sentence.end and sentence.lemmas[end - 1] == "minor" and sentence.lemmas[end] in NOT_A_MINOR):
            return True
    return False


# "minor" as an adjective: "a minor injury", "minor changes"
NOT_A_MINOR = frozenset(
    "issue injury offense offence change problem concern detail incident infraction violation role part amount "
    "adjustment cut bruise bruising scratch error league setback delay surgery procedure accident edit point fee "
    "conflict disagreement argument key chord in".split()
)


def stated_ages(text: str) -> list[tuple[int, int]]:
    """(offset, age) of every age stated in *text*: numbers in age phrases, and ages from a
    date of birth (against the latest other year the text names, else this year)."""
    return list(_stated_ages(text))


@lru_cache(maxsize=256)  # a paragraph and a header are asked again for every match in them
def _stated_ages(text: str) -> tuple[tuple[int, int], ...]:
    from datetime import date

    ages, dob, year_re, _ = _age_regexes()
    found = {}  # by where the number stands, so two patterns that find one age count it once
    for pattern in ages:
        for match in pattern.finditer(text):
            value = match.group(1).lower()
            age = _NUMBER_WORDS[value] if value in _NUMBER_WORDS else int(value)
            if 0 < age < 100:
                found[match.start(1)] = age
    for match in dob.finditer(text):
        born = year_re.search(match.group(1)) or re.search(r"(\d{2})$", match.group(1))
        if born is None:
            continue
        year = int(born.group(1))
        year += 2000 if year < 100 and year <= date.today().year % 100 else 1900 if year < 100 else 0
        others = [int(y) for y in year_re.findall(text[: match.start()] + text[match.end() :])]
        now = max(others, default=date.today().year)
        if now >= year:
            found[match.start()] = now - year
    return tuple(sorted(found.items()))


def is_minor(
    sentence_text: str, sentence_at: int, paragraph_text: str, paragraph_at: int, header: str, words: Words | None,
    sentence: Sentence | None = None,
) -> bool:
    """Whether the sentence (at offset *sentence_at*) is about a minor, from the ages stated in
    it (any under 18), the minor-age words in it ("youth" only where no adult age is stated there), then
    the ages stated in its paragraph (the nearest before it, else after), then in the note's header."""
    own = _stated_ages(sentence_text)
    if any(age < ADULT for _, age in own):
        return True
    if _age_regexes()[3].search(sentence_text) or (words is not None and sentence is not None and _minor_word(
            sentence, words, loose=not own)):
        return True
    if own:
        return False
    ages = _stated_ages(paragraph_text)
    if ages:
        offset = sentence_at - paragraph_at
        before = [age for at, age in ages if at < offset]
        return (before[-1] if before else ages[0][1]) < ADULT
    ages = _stated_ages(header)
    return bool(ages) and ages[0][1] < ADULT
