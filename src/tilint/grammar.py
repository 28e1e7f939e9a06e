"""Grammar around a pasted replacement, told without a parser.

:func:`grammar_breaks` reads the sentence a replacement was pasted into and says what reads wrong
where the replaced words meet the rest: "a" or "an" before the wrong sound ("an person"), a verb
form after "to", a modal or "do" ("to was", "would not declines"), a subject and verb that do not
agree ("She decline", "images is", "people who uses"), a verb where a noun or describing word
stood ("a total is having", "for uses a wheelchair", "PTSD lives with"), a person noun without
its determiner or number ("is person", "two person"), a noun phrase where a describing word stood
("her person living with a mental illness mother"), "so ... that" or "too ... to" or a passive's
"by" left without their partner, a perfect lost before "since", a pronoun of the other sex or
person, a passive that turns round who did what to a child, a clause that lost its "that" ("not
ready to talk about what happened was"), a "to" with no verb after it, a word the sentence has just
said, "everyone" in a sentence spoken to "you", and a choice the rest of the sentence takes back
("You can choose whether to answer ... before we can assign you a bed").

It looks only at word pairs that touch the replacement, so a sentence's own slips are not blamed
on it. ``tilint test-rules --replacements`` reports these; :func:`tilint.fix.stand_in` first
fits what it can (number, "a"/"an", tense) and then refuses to paste where one is left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tilint.fix import AUXILIARIES, DETERMINERS, FEMININE, FUNCTION_WORDS, MASCULINE, PRONOUNS, sentence_bounds
from tilint.lexicon import lemma_of

WORDS = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")

GRAMMAR_TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’.-][A-Za-z0-9]+)*|[^\w\s]")
MODALS = frozenset("will would can could shall should may might must".split())
DO_FORMS = frozenset("do does did".split())
# Finite forms that never follow "to", a modal or "do".
FINITE_AUX = frozenset("is was are were am has had does did".split())
SINGULAR_VERBS = frozenset("is was has does".split())
PLURAL_VERBS = frozenset("are were have do".split())
BE_FORMS = frozenset("is was are were am be been being 's 're ’s ’re".split())
# Adverbs that may stand between a subject or auxiliary and its verb.
ADVERBS = frozenset("not never also still just only really ever always often already now then finally "
                    "eventually again usually sometimes".split())
PREPOSITIONS = frozenset("for to of in on at with about from by into onto over under after before since during "
                         "without within through toward towards like as per".split())
NUMBERS = frozenset("two three four five six seven eight nine ten eleven twelve several many few both multiple "
                    "other".split())
# Verbs after which a "that"-less clause may start: "Client reports a john assaulted her".
CLAUSE_VERBS = frozenset("say report state think believe know find feel claim hear tell worry fear notice note "
                         "learn mention disclose share write realize realise suspect confirm remember explain "
                         "say add insist deny admit agree suggest show reveal see".split())
# Verbs, adjectives and nouns that "to" + a verb follows: "continues to", "chose to", "ready to".
TO_TAKERS = frozenset("continue choose want need try refuse decline begin start agree hope plan seem appear go "
                      "able unable ready have use like afraid willing ask tell expect fail learn decide prefer "
                      "tend wish manage love hate promise offer threaten attempt forget remember struggle "
                      "likely unlikely allow force make help".split())
# Words that cannot be the subject of "lives with" or "has": conditions, not people.
CONDITIONS = frozenset("ptsd cptsd depression anxiety adhd ocd bipolar schizophrenia asthma diabetes epilepsy "
                       "hiv aids cancer addiction illness disorder disease trauma autism dementia psychosis "
                       "condition diagnosis syndrome".split())
# Adjectives that sit between an article and the noun they intensify: "a total mess".
NOUN_INTENSIFIERS = frozenset("total complete absolute real utter huge big hot long-time longtime".split())
INTENSIFIERS = frozenset("so very too quite extremely really pretty rather fairly".split())
# Nouns not counted, which "a" does not go with: "domestic violence", "substance use".
MASS_NOUNS = frozenset("violence use abuse material housing exploitation trafficking homelessness help support "
                       "advice information care treatment recovery".split())
# Nouns for one person that need a determiner: "is a person", not "is person".
COUNT_PERSONS = frozenset("person individual woman man girl boy child survivor immigrant trafficker exploiter "
                          "participant resident".split())
PLURAL_PERSONS = frozenset("people persons individuals women men girls boys children survivors immigrants "
                           "traffickers exploiters participants residents youths".split())
# Nouns that take a plural verb although singular in form: "staff are", "police were".
COLLECTIVES = frozenset("staff police people youth team family crew couple group majority number none "
                        "personnel".split())
SILENT_H = ("honest", "hour", "honor", "honour", "heir")
# Words whose first vowel letter is said as "you" (or "w"): "a union", "a user", "a one-time".
YOU_SOUND = re.compile(r"^(?:uni(?!n|d|mp|nt|ll)|use|usu|uti|ur[aeiou]|eu|ewe|one\b|once|ubiq|ukr|uran)")
# Letters whose name starts with a vowel sound: "an SUD", "an HIV test", "an LGBTQ youth".
VOWEL_LETTERS = frozenset("AEFHILMNORSX")
# Verbs of abuse that an active alternative may bring ("sexually abused a 14-year-old"): the child must
# follow them, never come before.
ABUSE_VERBS = frozenset("abused exploited raped trafficked assaulted molested groomed".split())
YOUNG_WORDS = frozenset("minor child kid youth teen teenager juvenile girl boy student player daughter son".split())
# "at 14", "at the age of 14" just before an age: how old she was then ("first trafficked at 14"), not now.
EVENT_AGE = re.compile(r"\bat\s+(?:the\s+age\s+of\s+)?$", re.IGNORECASE)


# An age written as one word, which notes put before a noun without "a": "23yo", "16F", "14-year-old".
AGE_WORD = re.compile(r"\d{1,2}(?:yo|y/o|yrs?|[fm]|-?years?-old)|[a-z]+-years?-old", re.IGNORECASE)


def states_minor(text: str) -> bool:
    """Whether *text* says someone is under 18, by the ages :func:`tilint.context.stated_ages`
    reads ("a 14-year-old", "15yo", "Youth, 15,", "(16)", "aged fifteen", a date of birth), leaving
    out an age at an event ("first trafficked at 14", "at the age of 14"): a replacement for a child
    ("youth involved with juvenile court") or a check on who did what to a child is about the
    person as she is, and an adult's note may say how old she was when it began."""
    from tilint.context import ADULT, stated_ages

    return any(age < ADULT and not EVENT_AGE.search(text[:at]) for at, age in stated_ages(text))


def _tags(word: str) -> frozenset[str]:
    """The Penn tags *word* (lower-cased) can have: {"VBZ", "NNS"} for "declines"; empty when unknown."""
    return _tags_of(word.lower())


@lru_cache(maxsize=16384)
def _tags_of(lower: str) -> frozenset[str]:
    from lemminflect import getAllInflections, getAllLemmas, getInflection

    found: set[str] = set()
    for upos, lemmas in getAllLemmas(lower).items():
        for lemma in lemmas:
            for tag, forms in getAllInflections(lemma, upos=upos).items():
                if lower in forms:
                    found.add(tag)
            if upos in ("VERB", "AUX") and lower in (getInflection(lemma, "VBN") or ()):
                found.add("VBN")  # lemminflect lists a regular past participle under VBD only
    return frozenset(found)


def vowel_sound(word: str) -> bool:
    """Whether *word* starts with a vowel sound, so takes "an": "an hour", "an SUD", "a user", "an 18-year-old"."""
    word = word.split("-")[0] or word
    if word[:1].isdigit():
        digits = re.match(r"\d+", word).group()  # type: ignore[union-attr]
        return digits[0] == "8" or (digits[:2] in ("11", "18") and len(digits) % 3 == 2)
    if len(word) > 1 and word.isupper() and word.isalpha():  # an acronym, said letter by letter
        return word[0] in VOWEL_LETTERS
    lower = word.lower()
    if lower.startswith(SILENT_H):
        return True
    return lower[:1] in "aeiou" and not YOU_SOUND.match(lower)


@dataclass(frozen=True)
class _Words:
    """The words and marks of one sentence with the replacement in it."""

    words: list[str]
    inside: list[bool]  # whether the replacement wrote the word
    text: str = ""  # the text with the replacement in it
    spans: tuple[tuple[int, int], ...] = ()  # where each word stands in it

    def lower(self, index: int) -> str:
        return self.words[index].lower() if 0 <= index < len(self.words) else ""

    def source(self, first: int, last: int) -> str:
        """The text from word *first* up to (not including) word *last*, as written ("(16)", "Youth, 15,")."""
        first, last = max(first, 0), min(last, len(self.words))
        if not self.spans:
            return " ".join(self.words[first:last])
        return self.text[self.spans[first][0] : self.spans[last - 1][1]] if first < last else ""

    def touched(self, *indexes: int) -> bool:
        return any(0 <= i < len(self.inside) and self.inside[i] for i in indexes)


def grammar_breaks(text: str, start: int, end: int, alternative: str, original: str) -> list[str]:
    """What reads wrong around text[start:end], the words a replacement wrote in place of
    *original*, written from *alternative*: each a short description ("a before 'undocumented'").
    Only word pairs that touch the replacement are looked at."""
    head, tail = sentence_bounds(text, start, end)
    spans = [(m.start() + head, m.end() + head, m.group()) for m in GRAMMAR_TOKEN.finditer(text[head:tail])]
    if not spans:
        return []
    seen = _Words([w for _, _, w in spans], [s < end and start < e for s, e, _ in spans], text,
                  tuple((s, e) for s, e, _ in spans))
    if not any(seen.inside):
        return []
    first = seen.inside.index(True)
    last = len(seen.inside) - 1 - seen.inside[::-1].index(True)
    found: list[str] = []
    for check in (_article_break, _verb_form_break, _agreement_break):
        for index in range(max(first - 3, 0), min(last + 3, len(seen.words))):
            problem = check(seen, index)
            if problem and problem not in found:
                found.append(problem)
    found += _phrase_breaks(seen, first, last, alternative, original)
    return found


def _article_break(seen: _Words, index: int) -> str | None:
    article = seen.lower(index)
    if article not in ("a", "an") or not seen.touched(index, index + 1) or index + 1 >= len(seen.words):
        return None
    following = seen.words[index + 1]
    if not re.match(r"[A-Za-z0-9]", following):
        return None
    wanted = "an" if vowel_sound(following) else "a"
    return None if wanted == article else f"\"{seen.words[index]} {following}\" (\"{wanted}\" before that sound)"


def _next_verb(seen: _Words, index: int) -> int:
    """The index of the first word after *index* that is not an adverb ("would not really decline")."""
    j = index + 1
    while j < len(seen.words) and (seen.lower(j) in ADVERBS or seen.lower(j) == "n't" or
                                   (seen.lower(j).endswith("ly") and "RB" in _tags(seen.lower(j)) | {"RB"}
                                    and not _tags(seen.lower(j)) & {"NN", "VB", "JJ"})):
        j += 1
    return j


def _verb_form_break(seen: _Words, index: int) -> str | None:
    """A modal, "do" or "to" with a verb that is not in its base form: "would not declines", "to has"."""
    head = seen.lower(index).replace("’", "'")
    base = head[:-3] if head.endswith("n't") else head
    if base in ("wo", "ca", "sha"):
        base = {"wo": "will", "ca": "can", "sha": "shall"}[base]
    if base not in MODALS | DO_FORMS and head != "to":
        return None
    j = _next_verb(seen, index)
    if j >= len(seen.words) or not seen.touched(index, j):
        return None
    verb = seen.lower(j)
    tags = _tags(verb)
    if verb in FINITE_AUX or verb == "been":
        wrong = True
    elif head == "to":
        before = lemma_of(seen.lower(index - 1)) if index else ""
        wrong = bool(tags & {"VBZ", "VBD", "VBG"}) and "VB" not in tags and (
            not tags & {"NN", "NNS", "JJ"} or before in TO_TAKERS)
    else:
        wrong = bool(tags & {"VBZ", "VBD", "VBG", "VBN"}) and "VB" not in tags
    return f"\"{seen.words[index]} {seen.words[j]}\" (a verb's base form goes there)" if wrong else None


def _agreement_break(seen: _Words, index: int) -> str | None:
    """A subject and the verb just after it that do not agree: "She decline", "they declines",
    "images is", "people who uses", "person ... are"."""
    subject = seen.lower(index)
    j = index + 1
    relative = seen.lower(j) in ("who", "that", "which")
    if relative:
        j += 1
    j = _next_verb(seen, j - 1)
    if j >= len(seen.words) or not seen.touched(index, j):
        return None
    verb = seen.lower(j).replace("’", "'")
    tags = _tags(verb)
    before = seen.lower(index - 1)
    pair = f"\"{seen.words[index]} {' '.join(seen.words[index + 1 : j + 1])}\""
    if subject in ("he", "she", "it"):
        if before in AUXILIARIES | MODALS | {"make", "let", "help", "have", "watch", "see", "hear", "makes", "lets",
                                             "helps", "made", "had"}:
            return None  # a question ("did she decline") or a causative ("let it go")
        if verb in PLURAL_VERBS | {"am", "'re"} or ("VB" in tags and not tags & {"VBD", "VBN", "VBZ"}
                                                     and verb not in MODALS and "RB" not in tags):
            return f"{pair} (the verb does not agree with its subject)"
        return None
    if subject in NUMBERS - {"other", "few", "many"} and verb in SINGULAR_VERBS:
        return f"{pair} (a plural subject with a singular verb)"
    if subject in ("they", "we", "you"):
        if before in AUXILIARIES | MODALS:
            return None
        if verb in SINGULAR_VERBS or (verb == "was") or ("VBZ" in tags and verb not in ("'s",)):
            return f"{pair} (the verb does not agree with its subject)"
        return None
    if not re.fullmatch(r"[a-z][a-z-]*", subject) or subject in FUNCTION_WORDS or subject in PRONOUNS:
        return None
    subject_tags = _tags(subject)
    plural = subject in PLURAL_PERSONS or ("NNS" in subject_tags and lemma_of(subject) != subject
                                           and subject.endswith("s") and not subject.endswith("ss"))
    singular = (subject in COUNT_PERSONS or ("NN" in subject_tags and "NNS" not in subject_tags)) and \
        subject not in COLLECTIVES and not plural
    if plural and (verb in SINGULAR_VERBS or (relative and "VBZ" in tags)):
        return f"{pair} (a plural subject with a singular verb)"
    if singular and verb in PLURAL_VERBS - {"do"}:
        return f"{pair} (a singular subject with a plural verb)"
    return None


def _verb_first(alternative: str) -> str:
    """How *alternative* starts: "finite" ("uses a wheelchair", "was diagnosed with", "declined"),
    "participle" ("seeking connection"), "base" ("help you decide") or "" (a noun phrase, an adjective...)."""
    words = [w.lower() for w in WORDS.findall(alternative)]
    if not words:
        return ""
    word, following = words[0], words[1] if len(words) > 1 else ""
    tags = _tags(word)
    if word in FINITE_AUX | MODALS:
        return "finite"
    if "VBD" in tags and not tags & {"NN", "JJ"}:
        return "finite"
    if "VBZ" in tags and ("NNS" not in tags or following in PREPOSITIONS | DETERMINERS | PRONOUNS | {"the"}):
        return "finite"
    if "VBG" in tags and not tags & {"NN"}:
        return "participle"
    if "VB" in tags and following in PRONOUNS:
        return "base"
    return ""


def _determined(before: list[str]) -> bool:
    """Whether the words just before a noun give it a determiner: "a", "the", "her", "Client's", "one",
    also across describing words and numbers ("a known", "an IV", "a 15 yo"); a note's age just
    before it does too ("23yo person", "Intake: 14-year-old girl")."""
    if before and AGE_WORD.fullmatch(before[-1]):
        return True
    for word in reversed(before[-4:]):
        if word in DETERMINERS | {"one", "another"} or word.endswith(("'s", "’s")):
            return True
        tags = _tags(word)
        if word in PREPOSITIONS | AUXILIARIES or not re.match(r"\w", word) or (
                tags & {"NN", "NNS", "VBZ", "VBP", "VB"} and not tags & {"JJ", "VBN"}) or (
                tags & {"VBD"} and not tags & {"VBN", "JJ"}) or word in PRONOUNS:
            return False
    return False


def _noun_head(lower: list[str], first: int, last: int) -> int | None:
    """The head of a noun phrase written at lower[first:last + 1]: the word before its first
    preposition, "who" or "-ing" word ("person without ...", "people experiencing ..."), else its last."""
    for index in range(first + 1, last + 1):
        word = lower[index]
        if word in PREPOSITIONS | {"who", "that", "involved"} or (word.endswith("ing") and "VBG" in _tags(word)):
            return index - 1
    return last if re.match(r"\w", lower[last]) else None


# What makes something a condition of help: "before we can", "or you lose your bed", "no exceptions".
CONDITION = re.compile(r"\b(?:before (?:we|staff|i|you) (?:can|will|could|return|release|give|assign)|unless|otherwise|or else|"
                       r"or (?:you|she|he|they)(?:'ll| will)? (?:lose|be)|or (?:this|it|that) (?:won't|will not|can't|cannot)|"
                       r"if you want (?:my|our|any) help|no exceptions|don't you think)\b", re.IGNORECASE)


def _verb_before(lower: list[str], first: int) -> int | None:
    """The index of an auxiliary just before *first* across adverbs ("was already |"), else None."""
    index = first - 1
    while index >= 0 and (lower[index] in ADVERBS or (lower[index].endswith("ly") and "RB" in _tags(lower[index]))):
        index -= 1
    return index if index < first - 1 and index >= 0 and lower[index] in BE_FORMS | AUXILIARIES | MODALS else None


def _phrase_breaks(seen: _Words, first: int, last: int, alternative: str, original: str) -> list[str]:
    found: list[str] = []
    words, lower = seen.words, [w.lower() for w in seen.words]
    previous = lower[first - 1] if first else ""
    before_previous = lower[first - 2] if first > 1 else ""
    following = lower[last + 1] if last + 1 < len(words) else ""
    pasted = lower[first]
    kind = _verb_first(" ".join(words[first : last + 1]))  # the words written, after any the text already had
    original_words = [w.lower() for w in WORDS.findall(original)]
    # a verb that needs a subject, after a word that cannot be one
    if kind == "finite" and previous:
        previous_tags = _tags(previous)
        if previous in PREPOSITIONS | DETERMINERS - {"that"} or previous in NOUN_INTENSIFIERS:
            found.append(f"\"{words[first - 1]} {words[first]}\" (a verb where a noun should be)")
        elif previous in BE_FORMS | AUXILIARIES | MODALS and pasted in FINITE_AUX | MODALS:
            found.append(f"\"{words[first - 1]} {words[first]}\" (two verbs)")
        elif pasted in FINITE_AUX and _verb_before(lower, first) is not None:  # "was already was sexually abused"
            found.append(f"\"{words[_verb_before(lower, first)]} ... {words[first]}\" (two verbs)")
        elif previous in INTENSIFIERS:  # "arrive so is struggling that"
            found.append(f"\"{words[first - 1]} {words[first]}\" (a verb after \"{words[first - 1]}\")")
        elif previous in BE_FORMS | {"has", "have", "had"} and not _tags(pasted) & {"VBG", "VBN"}:
            found.append(f"\"{words[first - 1]} {words[first]}\" (two verbs)")
        elif previous in BE_FORMS and "VBN" in _tags(pasted) and first + 1 <= last and \
                lower[first + 1] in DETERMINERS | PRONOUNS - {"her"} | {"the"}:
            found.append(f"\"{words[first - 1]} {words[first]} {words[first + 1]}\" (a passive with an object)")
        elif previous in CONDITIONS or (words[first - 1].isupper() and len(previous) > 1 and previous in CONDITIONS | {"ptsd"}):
            found.append(f"\"{words[first - 1]} {words[first]}\" (a person's verb after a condition)")
        elif previous_tags and previous_tags <= {"VB", "VBD", "VBN", "VBP", "VBZ", "VBG"} and \
                lemma_of(previous) not in CLAUSE_VERBS and previous not in ADVERBS | AUXILIARIES | BE_FORMS:
            found.append(f"\"{words[first - 1]} {words[first]}\" (two verbs)")
        elif previous in NUMBERS and before_previous in PREPOSITIONS | DETERMINERS:
            found.append(f"\"{words[first - 2]} {words[first - 1]} {words[first]}\" (a verb where a noun should be)")
    # a verb alternative made into a noun: "The client's claim that" -> "The client's state that"
    if kind != "finite" and _verb_first(alternative) == "finite" and (
            previous in DETERMINERS - {"that"} or previous.endswith(("'s", "’s"))):
        found.append(f"\"{words[first - 1]} {words[first]}\" (a verb where a noun should be)")
    # "a who", "the that": a relative word after a determiner
    if pasted in ("who", "which", "whom") and previous in DETERMINERS:
        found.append(f"\"{words[first - 1]} {words[first]}\" (\"{words[first]}\" needs the noun it stands for)")
    # "a" or "an" before something that is not counted: "a domestic violence", "a former substance use"
    head = next((lower[i - 1] for i in range(first + 1, last + 1)
                 if lower[i] in PREPOSITIONS | {"who", "that"} or _tags(lower[i]) & {"VBG"}), lower[last])
    if head in MASS_NOUNS and lower[first] not in DETERMINERS:
        article = next((w for w in reversed(lower[max(first - 3, 0) : first]) if w in DETERMINERS or w in PREPOSITIONS
                        or w in AUXILIARIES or not re.match(r"\w", w)), "")
        if article in ("a", "an"):
            found.append(f"\"{article} ... {head}\" (\"{head}\" is not counted)")
    # a noun phrase in the place of a describing word, or after "so"/"very"
    noun_first = "NN" in _tags(pasted) or "NNS" in _tags(pasted) or pasted in COUNT_PERSONS | PLURAL_PERSONS
    if kind == "" and noun_first and pasted not in FUNCTION_WORDS:
        if previous in INTENSIFIERS:
            found.append(f"\"{words[first - 1]} {words[first]}\" (a noun after \"{words[first - 1]}\")")
    head = _noun_head(lower, first, last)
    if kind == "" and head is not None and lower[head] in COUNT_PERSONS and not any(w in DETERMINERS for w in lower[first:head]):
        if previous in NUMBERS - {"other"} or (previous == "other" and before_previous in NUMBERS):
            found.append(f"\"{words[first - 1]} {' '.join(words[first : head + 1])}\" (a number with one person)")
        elif not _determined(lower[:first]):
            found.append(f"\"{' '.join(words[max(first - 1, 0) : head + 1])}\" (\"{words[head]}\" needs \"a\" or \"the\")")
    if previous in INTENSIFIERS and pasted in DETERMINERS:
        found.append(f"\"{words[first - 1]} {words[first]}\" (a noun after \"{words[first - 1]}\")")
    if kind == "" and noun_first and pasted not in FUNCTION_WORDS:
        if (pasted in PLURAL_PERSONS or (pasted.endswith("s") and "NNS" in _tags(pasted) and last == first)) and \
                previous in ("a", "an", "one", "each", "every", "another"):
            found.append(f"\"{words[first - 1]} {words[first]}\" (one with several)")
        several = pasted in PLURAL_PERSONS or (pasted.endswith("s") and "NNS" in _tags(pasted))
        if last > first + 1 and following and (re.fullmatch(r"[A-Z][a-z]+", words[last + 1]) or (
                _tags(following) & {"NN", "NNS"} and not _tags(following) & {"VBZ", "VBD", "VBN", "VBG", "RB"}
                and not (several and _tags(following) & {"VBP"})
                and following not in FUNCTION_WORDS | PREPOSITIONS | AUXILIARIES)):
            found.append(f"\"{words[last]} {words[last + 1]}\" (a noun phrase where a describing word was)")
    # words that dropped their partner: "so ... that" (or "so ... she can"), "too ... to", "too ... for", a passive's "by"
    rest = lower[last + 1 :]
    if ("so" in original_words or "such" in original_words) and "so" not in lower[first : last + 1] and (
            "that" in rest or rest[:1] in (["she"], ["he"], ["they"], ["it"], ["i"], ["we"], ["you"])):
        found.append("\"so ... that\" lost its \"so\"")
    if "too" in original_words and "too" not in lower[first : last + 1] and ("to" in rest[:3] or rest[:1] == ["for"]):
        found.append("\"too ... to\" lost its \"too\"")
    # "that" opened a clause, which a preposition cannot take: "in denial that what happened was" -> "about what happened was"
    if original_words[-1:] == ["that"] and lower[last] not in ("that", "who", "which", "whom") and lemma_of(lower[last]) not in CLAUSE_VERBS and \
            re.match(r"\w", following):
        found.append(f"\"{words[last]} {words[last + 1]}\" (a clause after \"{words[last]}\")")
    # "everyone" for "you" while the sentence goes on speaking to "you": "Everyone is asked not to use your phone"
    if {"everyone", "everybody"} & set(lower[first : last + 1]) and {"you", "your", "yours", "yourself"} & set(rest):
        found.append("\"everyone\" in a sentence spoken to \"you\"")
    # a word the sentence has just said: "Youth is a known runner" -> "Youth is a youth who left home"
    said = {w for w in lower[max(first - 5, 0) : first] if len(w) > 3 and w not in FUNCTION_WORDS}
    again = next((w for w in words[first : last + 1] if w.lower() in said and w.lower() not in original_words), None)
    if again:
        found.append(f"\"{again}\" twice")
    # a "to" the pasted words end on that needs a verb: "asked not to with me", "Everyone is asked not to."
    if lower[last] == "to" and last > first and (lower[last - 1] in ("not", "whether") or lemma_of(lower[last - 1]) in TO_TAKERS | {"ask"}) \
            and (not re.match(r"\w", following) or "VB" not in _tags(following)):
        found.append(f"\"{words[last]}\" without the verb it needs")
    # a choice the rest of the sentence takes back: "You can choose whether to answer ... before we can assign you a bed"
    if {"whether", "choose"} & set(lower[first : last + 1]) and CONDITION.search(seen.source(last + 1, len(words))):
        found.append("a choice the rest of the sentence makes a condition")
    if following == "by" and original_words and "VBN" in _tags(original_words[-1]) and "VBN" not in _tags(lower[last]) \
            and lower[last] not in PREPOSITIONS:
        found.append(f"\"{words[last]} by\" (the passive's \"by\" is left without one)")
    if kind and lower[last] in PREPOSITIONS - {"like", "as", "per"} and (not following or not re.match(r"\w", following)):
        found.append(f"\"{words[last]}\" ends the sentence")
    # the perfect lost: "has been escorting since" -> "was trafficked since"
    if original_words[:1] in (["has"], ["have"], ["had"]) and pasted in ("was", "were") and "since" in rest:
        found.append(f"\"{words[first]} ... since\" (the perfect is lost)")
    # "her" for a man, "you" in a sentence about her
    pronouns = [w for w in lower[first : last + 1] if w in MASCULINE | FEMININE | {"you", "your"}]
    outside = lower[:first] + lower[last + 1 :]
    for word in pronouns:
        if word in ("you", "your"):
            if not {"you", "your", "yourself"} & set(outside) and {"she", "he", "her", "him", "his"} & set(outside):
                found.append(f"\"{word}\" in a sentence about someone else")
            continue
        nearest = next((w for w in reversed(lower[:first]) if w in MASCULINE | FEMININE), "")
        if nearest and (word in MASCULINE) != (nearest in MASCULINE):
            found.append(f"\"{word}\" for someone named \"{nearest}\" before")
        elif {"you", "your"} & set(outside) and not (MASCULINE | FEMININE) & set(outside):
            found.append(f"\"{word}\" in a sentence spoken to \"you\"")
    # a passive that turns round who did what: "The coach, 41, was sexually abused by a 14-year-old"
    if lower[last] == "by" and states_minor(seen.source(last + 1, last + 6)):
        found.append("\"by\" a child: the sentence says the child did it")
    doer = next((i for i in range(first, last + 1) if lower[i] in ABUSE_VERBS), None)
    if doer is not None:
        passive = bool((BE_FORMS | {"get", "got", "gets"}) & set(lower[max(first - 2, 0) : doer]))
        if passive and doer == last and following and re.match(r"\w", following) and \
                following not in PREPOSITIONS | ADVERBS | {"and", "or", "but"}:
            found.append(f"\"{words[doer]} {words[last + 1]}\" (a passive with an object)")
        elif not passive:
            young_before = states_minor(seen.source(0, first)) or YOUNG_WORDS & set(lower[:first])
            young_after = states_minor(seen.source(last + 1, last + 7)) or \
                YOUNG_WORDS & set(lower[last + 1 : last + 7])
            if young_before and not young_after:
                found.append(f"\"{words[doer]}\" makes the child the one who did it")
    return found
