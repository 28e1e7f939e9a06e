"""Behavioural tests of rules: label-preserving variants of their examples.

A rule that flags "Why didn't you leave him?" should flag "WHY DIDN'T YOU LEAVE HIM?", "Why
didnt you leave him?" and ``Ask: "Why didn't you leave him?"`` too; a rule that passes "Staff
failed to call back" should pass "Staff really failed to call back". ``tilint test-rules
--variants`` makes such variants of every example of every rule, lints them all at once, and
reports each variant whose result differs from its example's, with an invariance rate for
flag and for pass examples.

Each variant is one small, plain edit of the example's text, made only where it is simple
and keeps the example's meaning:

========================  =============================================================
all-caps                  the whole example in capitals
first-letter              a lower-case start capitalised ("cl refused" -> "Cl refused"),
                          or a capital start lower-cased, as notes often begin
plural                    a person named in the singular after a determiner, in the plural,
                          with the verb after it agreeing ("the client is" -> "the clients are")
tense                     the first simple verb in another tense ("is" -> "was", "claims" -> "claimed")
intensifier               "very" after a linking verb, before the word that describes ("is very damaged")
shorthand                 note shorthand: "the client" -> "clt", "client" -> "cl"
no-apostrophe             contractions without their apostrophe ("didn't" -> "didnt")
subject                   another person served: "she" -> "he", "she" -> "the client",
                          "client" -> another word of the people-served vocabulary
script                    a question or a sentence to "you", as a script gives it to staff:
                          ``Ask: "..."`` or ``Say: ...``
========================  =============================================================
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from tilint.examples import SCRIPT_EXAMPLE_NAME, ExampleResult, iter_examples, lint_each, one_line
from tilint.fix import match_case
from tilint.model import Rule
from tilint.runner import Linter

WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")

# Determiners before a singular person, and what they become before the plural ("a" goes).
_PLURAL_DETERMINERS = {"the": "the", "this": "these", "that": "those", "my": "my", "our": "our", "your": "your",
                       "her": "her", "his": "his", "their": "their", "a": "", "an": ""}
_PLURALS = {"client": "clients", "resident": "residents", "victim": "victims", "survivor": "survivors",
            "participant": "participants", "patient": "patients", "guest": "guests", "girl": "girls",
            "boy": "boys", "woman": "women", "man": "men", "kid": "kids", "child": "children", "minor": "minors",
            "teen": "teens", "teenager": "teenagers", "youth": "youths", "person": "people"}
# Words that may follow a person without making the person part of a compound noun.
_AFTER_A_PERSON = frozenset(["who", "that", "and", "or", "to", "in", "at", "with", "from", "for", "on", "of", "by",
                             "said", "told", "were", "had", "did", "will", "would", "can", "could", "should",
                             "must", "may", "might", "again", "today", "here", "there", "now", "about", "into"])
# A verb agreeing with a singular subject, and with a plural one.
_AGREEMENT = {"is": "are", "was": "were", "has": "have", "does": "do", "isn't": "aren't", "wasn't": "weren't",
              "doesn't": "don't", "hasn't": "haven't", "seems": "seem", "appears": "appear"}
# Simple verbs from the present to the past (the past to the present would often make a story's
# "what was she wearing" a question about now).
_TENSES = {"is": "was", "are": "were", "has": "had", "isn't": "wasn't", "aren't": "weren't"}
# Who a verb in "-s" follows when it is a verb ("client claims"), not a plural noun ("drug screens").
_SINGULAR_SUBJECTS = frozenset(["she", "he", "it", "who", "client", "cl", "clt", "pt", "resident", "youth",
                                "participant", "survivor", "victim", "patient", "guest", "staff", "advocate"])
_LINKING = frozenset(["is", "was", "are", "were", "seems", "seemed", "became", "becomes", "appears", "appeared",
                      "looks", "looked", "feels", "felt", "been", "'s"])
# Words after a linking verb that an intensifier cannot stand before.
_NOT_DESCRIBING = frozenset([
    "a", "an", "the", "not", "no", "never", "being", "been", "going", "to", "in", "at", "on", "with", "by", "for",
    "from", "of", "her", "his", "their", "my", "our", "your", "its", "this", "that", "these", "those", "there",
    "here", "also", "still", "now", "currently", "just", "only", "always", "all", "both", "either", "neither",
    "so", "very", "really", "too", "quite", "able", "unable", "one", "someone", "something", "nothing", "who",
    "what", "when", "where", "why", "how", "and", "or", "but", "if", "as", "like", "about", "told", "asked",
    "said", "given", "placed", "sent", "taken", "made", "referred", "seen", "called", "known", "found",
])
_CONTRACTION = re.compile(r"(?i)\b([a-z]+)'(t|ll|re|ve|m|d)\b|\b(she|he|it|that|what|there|who)'(s)\b")
_FALLBACK_PEOPLE = ("client", "resident", "participant", "survivor", "youth", "guest")
_SUBJECT_PRONOUN = re.compile(r"\b(she|She|SHE)\b")
_PREFERRED = ("resident", "participant", "survivor")  # for "client": words of every kind of program


def _words(text: str) -> list[re.Match[str]]:
    return list(WORD.finditer(text))


def _splice(text: str, edits: Sequence[tuple[int, int, str]]) -> str:
    """*text* with (start, end, replacement) edits, which are in order and apart."""
    parts, position = [], 0
    for start, end, new in edits:
        parts += [text[position:start], new]
        position = end
    parts.append(text[position:])
    return "".join(parts)


def all_caps(text: str) -> str | None:
    return text.upper()


def first_letter(text: str) -> str | None:
    words = _words(text)
    if not words or words[0].start() != len(text) - len(text.lstrip()):
        return None  # the example opens with a number or punctuation
    first = words[0].group()
    if first[0].islower():
        new = first[0].upper() + first[1:]
    elif first[1:].islower() and first != "I" and not first.startswith("I'") and _common(first):
        new = first[0].lower() + first[1:]
    else:
        return None  # "I", a name, an acronym, initials
    return _splice(text, [(words[0].start(), words[0].end(), new)])


def _common(word: str) -> bool:
    """Whether *word* is an English word the inflection lexicon knows (a name is not: "Maria")."""
    from lemminflect import getAllLemmas
    from spacy.lang.en.stop_words import STOP_WORDS

    lower = word.lower()
    return lower in STOP_WORDS or lower in ("cl", "clt", "pt") or bool(getAllLemmas(lower.split("'")[0]))


def plural(text: str) -> str | None:
    words = _words(text)
    for index in range(1, len(words)):
        noun, determiner = words[index].group(), words[index - 1].group()
        if noun.lower() not in _PLURALS or determiner.lower() not in _PLURAL_DETERMINERS:
            continue
        if text[words[index - 1].end() : words[index].start()] != " ":
            continue
        new_determiner = _PLURAL_DETERMINERS[determiner.lower()]
        if not new_determiner:  # "a victim" -> "victims": the plural takes the article's place and case
            edits = [(words[index - 1].start(), words[index].end(), match_case(determiner, _PLURALS[noun.lower()]))]
        else:
            edits = [(words[index - 1].start(), words[index - 1].end(), match_case(determiner, new_determiner)),
                     (words[index].start(), words[index].end(), match_case(noun, _PLURALS[noun.lower()]))]
        if index + 1 < len(words) and text[words[index].end() : words[index + 1].start()] == " ":
            verb = words[index + 1]
            if verb.group().lower() in ("who", "that") and index + 2 < len(words):  # "victims who were"
                verb = words[index + 2]
            agreeing = _AGREEMENT.get(verb.group().lower()) or _present_plural(verb.group())
            if agreeing:
                edits.append((verb.start(), verb.end(), match_case(verb.group(), agreeing)))
            elif verb.group().lower() not in _AFTER_A_PERSON and not verb.group().lower().endswith("ed"):
                continue  # "our survivor mentor": a noun of a compound, whose plural reads otherwise
        return _splice(text, edits)
    return None


def _present_plural(word: str) -> str | None:
    """The plural present of a verb in the third person singular ("claims" -> "claim"), or None."""
    forms = _inflections(word)
    if forms and word.lower() in forms.get("VBZ", ()):
        return forms.get("VBP", forms.get("VB", (None,)))[0]
    return None


def _inflections(word: str) -> dict[str, tuple[str, ...]]:
    from lemminflect import getAllInflections

    from tilint.lexicon import lemma_of

    return getAllInflections(lemma_of(word), upos="VERB")


def tense(text: str) -> str | None:
    words = _words(text)
    for index, word in enumerate(words):
        lower = word.group().lower()
        following = words[index + 1].group().lower() if index + 1 < len(words) else ""
        new = _TENSES.get(lower) if following != "going" else None  # "is going to be okay" is a promise
        if new is None and lower.endswith("s") and len(lower) > 3 and index:
            if words[index - 1].group().lower() in _SINGULAR_SUBJECTS:
                forms = _inflections(lower)
                if lower in forms.get("VBZ", ()) and forms.get("VBD"):
                    new = forms["VBD"][0]  # "client claims" -> "client claimed"
        if new is not None:
            return _splice(text, [(word.start(), word.end(), match_case(word.group(), new))])
    return None


def intensifier(text: str) -> str | None:
    words = _words(text)
    for index in range(1, len(words)):
        verb, after = words[index - 1], words[index]
        before = words[index - 2].group().lower() if index > 1 else ""
        if verb.group().lower() not in _LINKING or before in _QUESTION_WORDS or text[verb.end() : after.start()] != " ":
            continue
        if _describes(after.group(), text[after.end() : after.end() + 1]):
            return _splice(text, [(after.start(), after.start(), "very ")])
    return None


_QUESTION_WORDS = frozenset(["what", "who", "how", "why", "where", "when", "something", "nothing", "everything"])


def _describes(word: str, next_char: str) -> bool:
    """Whether *word* (followed by *next_char*) is an adjective an intensifier can stand before:
    one the inflection lexicon knows as an adjective ("manipulative"), not a verb form
    ("acting", "used"), or a "non-" word ("non-compliant")."""
    from lemminflect import getAllInflections

    lower = word.lower()
    if lower in ("non", "un") and next_char == "-":
        return True
    if not word[:1].islower() or lower in _NOT_DESCRIBING or lower.endswith(("ing", "ly")) or lower == "used":
        return False
    return lower in getAllInflections(lower, upos="ADJ").get("JJ", ())


def shorthand(text: str) -> str | None:
    result = re.sub(r"\b([Tt]he) (client)\b", lambda m: "Clt" if m.group(1) == "The" else "clt", text)
    result = re.sub(r"\b([Cc])lient\b", lambda m: m.group(1) + "l", result)
    return result


_OTHER_WORDS = frozenset(["we'll", "i'll", "we're", "she'll", "he'll", "we'd", "i'd", "he'd", "she'd", "it'll"])


def no_apostrophe(text: str) -> str | None:
    """Contractions without their apostrophe, but not where that spells another word ("we'll": "well")."""
    def drop(match: re.Match[str]) -> str:
        word = match.group(0)
        return word if word.lower() in _OTHER_WORDS else word.replace("'", "")

    return _CONTRACTION.sub(drop, text)


def subjects(people: Sequence[str]) -> list[tuple[str, Callable[[str], str | None]]]:
    """The subject variants: she/he swapped, she/he as "the client", "client" as another word of
    the people-served vocabulary (*people*)."""
    other = next((p for p in _PREFERRED if p in people), next((p for p in people if p != "client"), "resident"))

    def swap(text: str) -> str | None:
        """She for he and he for she, in a text about one person (no "her", "him", "his")."""
        lower = {w.group().lower() for w in _words(text)}
        if lower & {"her", "hers", "him", "his"} or ({"she", "herself"} & lower and {"he", "himself"} & lower):
            return None
        table = {"she": "he", "he": "she", "herself": "himself", "himself": "herself"}
        return re.sub(r"\b(she|he|herself|himself)\b", lambda m: match_case(m.group(), table[m.group().lower()]),
                      text, flags=re.IGNORECASE)

    def the_client(text: str) -> str | None:
        """The first "she" (mostly the person served; "he" is as often the trafficker) as "the client"."""
        match = _SUBJECT_PRONOUN.search(text)
        if match is None:
            return None
        return _splice(text, [(match.start(), match.end(), match_case(match.group(), "the client"))])

    def another(text: str) -> str | None:
        return re.sub(r"\b(client)(s?)\b", lambda m: match_case(m.group(1), other) + m.group(2), text, flags=re.IGNORECASE)

    return [("subject", swap), ("subject", the_client), ("subject", another)]


def script(text: str) -> str | None:
    if any(mark in text for mark in "\"“”‘’") or "\n" in text.strip() or re.match(r"\s*\w+\s*:", text):
        return None  # quoted words or a directive already, or several lines
    if text.rstrip().endswith("?"):
        return f'Ask: "{text.strip()}"'
    if re.search(r"\b(you|your|yourself)\b", text, re.IGNORECASE):
        return f"Say: {text.strip()}"
    return None


def people_served(folder: Path | None = None) -> tuple[str, ...]:
    """The single nouns of the people-served vocabulary (of *folder*'s rules, else the built-in
    ones), or a short built-in list when there is none."""
    import yaml

    from tilint.rules import builtin_rules_dir

    words: list[str] = []
    for base in ([folder] if folder else []) + [builtin_rules_dir()]:
        try:
            data = yaml.safe_load((base / "vocabularies" / "people-served.yaml").read_text(encoding="utf-8"))
            words = [w for w in data.get("words", []) if isinstance(w, str)]
        except (OSError, yaml.YAMLError, AttributeError):
            continue
        break
    nouns = tuple(w for w in words if " " not in w and len(w) > 3 and w not in ("they", "youth"))
    return nouns or _FALLBACK_PEOPLE


def transforms(people: Sequence[str]) -> list[tuple[str, Callable[[str], str | None]]]:
    """Every variant maker, by name."""
    return [
        ("all-caps", all_caps), ("first-letter", first_letter), ("plural", plural), ("tense", tense),
        ("intensifier", intensifier), ("shorthand", shorthand), ("no-apostrophe", no_apostrophe),
        *subjects(people), ("script", script),
    ]


@dataclass(frozen=True)
class Variant(ExampleResult):
    """One variant of one example of one rule (*text*), and whether the rule fired on it: a
    variant of a flag example must fire, one of a pass example must not."""

    how: str = ""  # the transform's name
    original: str = ""  # the example's own text

    def describe(self) -> str:
        """One line for a variant whose result differs from its example's."""
        problem = "not flagged" if self.kind == "flag" else "flagged"
        return f"{self.rule.id} {self.rule.name}: {self.kind} example {self.index + 1}, {self.how} variant {problem}: {one_line(self.text)}"


def make_variants(rule: Rule, people: Sequence[str] = _FALLBACK_PEOPLE) -> Iterator[Variant]:
    """The variants of every example of *rule*: each different from its example and from the others."""
    makers = transforms(people)
    for kind, index, text in iter_examples(rule):
        seen = {text}
        for how, make in makers:
            if rule.kind == "document" and how == "script":
                continue
            new = make(text)
            if new is not None and new not in seen:
                seen.add(new)
                yield Variant(rule, kind, index, new, False, how, text)


@dataclass
class VariantReport:
    """Every variant made and linted, with the invariance rates."""

    variants: list[Variant] = field(default_factory=list)

    def changed(self) -> list[Variant]:
        """The variants whose result differs from their example's."""
        return [v for v in self.variants if not v.ok]

    def rate(self, kind: str) -> tuple[int, int, float]:
        """(variants that kept their result, variants, share kept) for flag or pass examples."""
        chosen = [v for v in self.variants if v.kind == kind]
        kept = sum(v.ok for v in chosen)
        return kept, len(chosen), kept / len(chosen) if chosen else 1.0

    def fails(self, strict: bool, minimum: float | None) -> bool:
        """Whether the variants fail the run: any changed result when *strict*, or a share kept
        below *minimum* percent for flag or for pass examples."""
        if strict and self.changed():
            return True
        return minimum is not None and any(self.rate(kind)[2] * 100 < minimum for kind in ("flag", "pass"))

    def summary(self) -> str:
        """One line per kind: how many variants kept their example's result."""
        flag_kept, flags, flag_rate = self.rate("flag")
        pass_kept, passes, pass_rate = self.rate("pass")
        return (
            f"Variants of flag examples: {flag_kept:,} of {flags:,} flagged ({flag_rate:.1%}). "
            f"Variants of pass examples: {pass_kept:,} of {passes:,} not flagged ({pass_rate:.1%})."
        )


def check_variants(linter: Linter, rules: Sequence[Rule] | None = None, people: Sequence[str] = _FALLBACK_PEOPLE) -> VariantReport:
    """Make the variants of every example of *rules* (default: the linter's) and lint them with
    the whole pack: the variants of phrase rules as one document of many parts (each read on
    its own, as an example is), those of document rules one by one, as scripts."""
    made = [v for rule in (rules if rules is not None else linter.rules) for v in make_variants(rule, people)]
    fired: list[bool] = [False] * len(made)
    batch = [(number, v) for number, v in enumerate(made) if v.rule.kind != "document"]
    for (number, v), findings in zip(batch, lint_each(linter, [v.text for _, v in batch])):
        fired[number] = any(f.rule == v.rule.id for f in findings)
    for number, v in enumerate(made):
        if v.rule.kind == "document":
            fired[number] = any(f.rule == v.rule.id for f in linter.lint_text(v.text, SCRIPT_EXAMPLE_NAME))
    return VariantReport([replace(v, fired=hit) for v, hit in zip(made, fired)])
