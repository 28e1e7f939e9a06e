"""A trained spaCy pipeline (``--model``), and what its parse decides: who a sentence is about.

The default pipeline is spaCy's blank English with tilint's lookup lemmas and sentence splitter
(tilint.nlp). A trained pipeline adds part-of-speech tags and a dependency parse. It is loaded
by name (an installed package such as ``en_core_web_sm``) or by folder, with ``spacy.load``;
tilint never downloads one. Everything the rules and the prefilter rely on stays as the
default pipeline makes it: the tokenizer is spaCy's English one, sentences are split by
tilint's splitter before the parser runs (the parser keeps them), and lemmas are tilint's
lookup lemmas (the pipeline's own lemmatizer is left out, and the lemmas its attribute ruler
sets are put back), so that a rule matches the same words with or without a model.

``subject: people-served`` under a trained pipeline: the subject of the matched predicate
(its ``nsubj`` or ``nsubjpass``, through ``xcomp``, ``conj`` and the words that hang on the
predicate; the object of "asked her to attend"; the owner in "her poor choices"; the noun a
relative clause describes) is looked up in the vocabularies. A word of the subject's
vocabulary: about the person served. A word of ``staff``, ``others`` or ``relative``, another
noun, or a pronoun such as "it": about someone or something else ("The man who recruited her
was manipulative" is about the man, where the words before the match would name "her"). A
name: about the person served, as the vocabulary rule reads a name. People in general (the
``group`` vocabulary) as a group or described by a clause ("Women who answer job ads", "Girls
meeting men online", "Some of the women"): about the people served, unless the clause says they
act on them ("those who hurt her", "the man she met"), as tilint.context reads the noun before
"who". (For another subject
vocabulary, such as ``subject: staff``, only the vocabularies' words decide.) Where the parse
names no subject, or none of these, the vocabulary rule of tilint.context decides; so it does
where the parse found no main clause, a subject across a colon, or a "his" or "her" owner
where someone else does what the clause says.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tilint.context import (
    ACTS_ON, CLAUSE_ENDS, CONTACT_SUBJECTS, CONTACT_VERBS, GROUP, PEOPLE_PRONOUNS, VIEW, YOU, _argued_for_the_defence, _served_worker,
    in_someone_elses_words,
)
from tilint.lexicon import lemma_of

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from tilint.context import Sentence, Words
    from tilint.model import Rule

OFFICIAL = "en_core_web_sm"
INSTALL = f"python -m spacy download {OFFICIAL}"
LEMMAS = "tilint_lemmas"  # the component that puts tilint's lemmas back, last in a trained pipeline


class ModelError(Exception):
    """A trained pipeline that cannot be used; ``str(err)`` is one line."""


def looks_like_path(name: str) -> bool:
    """Whether *name* names a folder rather than an installed package."""
    return name.startswith((".", "~")) or "/" in name or os.sep in name or Path(name).is_dir()


def check_model(name: str) -> None:
    """Raise ModelError unless *name* is an installed pipeline package or a pipeline folder.
    Cheap: nothing is imported or loaded."""
    if looks_like_path(name):
        folder = Path(name).expanduser()
        if not folder.is_dir():
            raise ModelError(f"no folder {name} (a trained spaCy pipeline is a folder with a config.cfg)")
        if not (folder / "config.cfg").is_file():
            raise ModelError(f"{name} is not a trained spaCy pipeline (the folder has no config.cfg)")
        return
    try:
        found = name.isidentifier() and importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        found = False
    if not found:
        hint = f"install it with '{INSTALL}'" if name == OFFICIAL else (
            f"install it, or the official English one with '{INSTALL}'"
        )
        raise ModelError(f"no spaCy pipeline named {name} is installed; {hint} (tilint never downloads one)")


@lru_cache(maxsize=4)
def trained_pipeline(name: str, entities: bool = False) -> Language:
    """The trained pipeline *name* (a package or a folder), made to read text as tilint's
    default pipeline does (see the module's description), loaded once per process. Its entity
    recognizer, which about doubles the time a parse takes, only when *entities* (a rule uses
    ``ENT_TYPE`` or the like)."""
    check_model(name)
    from tilint.nlp import _make_annotator, import_spacy

    spacy = import_spacy()
    source = str(Path(name).expanduser()) if looks_like_path(name) else name
    try:
        # The pipeline's lemmatizer is left out (tilint's lookup lemmas are used), and so is a
        # sentence recognizer that would overrule tilint's sentence splitter.
        nlp = spacy.load(source, exclude=["lemmatizer", "senter", *([] if entities else ["ner"])])
    except Exception as err:  # noqa: BLE001 - whatever a broken or mismatched package raises, as one line
        detail = " ".join(str(err).split())
        raise ModelError(f"the spaCy pipeline {name} cannot be loaded: {detail[:300]}") from None
    if nlp.lang != "en":
        raise ModelError(f"the spaCy pipeline {name} is for '{nlp.lang}'; tilint's rules are English")
    from spacy.util import registry

    nlp.tokenizer = registry.tokenizers.get("spacy.Tokenizer.v1")()(nlp)  # the blank pipeline's tokenizer
    from spacy.language import Language

    if not Language.has_factory("tilint_annotator"):
        Language.factory("tilint_annotator")(_make_annotator)
    nlp.add_pipe("tilint_annotator", first=True)  # sentences and lemmas as the default pipeline makes them
    if not Language.has_factory(LEMMAS):
        Language.factory(LEMMAS)(_make_lemmas)
    nlp.add_pipe(LEMMAS, last=True)  # the attribute ruler sets some lemmas ("I"): tilint's again
    return nlp


def uses_entities(rules: Sequence[Rule]) -> bool:
    """Whether a token pattern of *rules* asks for named entities (ENT_TYPE, ENT_IOB, ...)."""
    groups = ("patterns", "exceptions", "sentence_requires", "sentence_excludes")
    return any(
        isinstance(pattern, list) and any(key.startswith("ENT_") for token in pattern for key in token)
        for rule in rules for group in groups for pattern in getattr(rule, group)
    )


def trained(nlp: Any) -> bool:
    """Whether *nlp* is a trained pipeline tilint loaded (not the blank default)."""
    return nlp.has_pipe(LEMMAS)


class _Lemmas:
    """Set each token's lemma to tilint's lookup lemma (as the default pipeline does)."""

    def __init__(self) -> None:
        self.by_orth: dict[int, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        import numpy
        from spacy.attrs import LEMMA, ORTH

        if not len(doc):
            return doc
        strings, by_orth = doc.vocab.strings, self.by_orth
        lemmas = []
        for orth in doc.to_array(ORTH).tolist():
            lemma = by_orth.get(orth)
            if lemma is None:
                lemma = by_orth[orth] = strings.add(lemma_of(strings[orth]))
            lemmas.append(lemma)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))
        return doc


def _make_lemmas(nlp: Language, name: str) -> _Lemmas:
    return _Lemmas()


# --- who the sentence is about ----------------------------------------------------------------

SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# A word with one of these relations to its head belongs to its head's clause: the head's subject is its subject.
SHARED = frozenset({
    "xcomp", "conj", "acomp", "attr", "oprd", "aux", "auxpass", "neg", "advmod", "amod", "dobj", "pobj", "prep",
    "prt", "compound", "det", "dative", "pcomp", "nummod", "quantmod", "cc", "preconj", "predet", "case",
})
RELATIVE = frozenset({"who", "that", "which", "whom"})
NOUNS = frozenset({"NOUN", "PROPN"})
REACH = 10  # heads climbed at most
# For this subject, a noun or pronoun the vocabularies do not name is someone or something else.
PEOPLE_SERVED = "people-served"


def subject_token(doc: Any, start: int) -> Any | None:
    """The token the parse gives as the subject of the predicate the match at token *start*
    belongs to, or None where the parse names none."""
    token = doc[start]
    for _ in range(REACH):
        if token.pos_ in NOUNS:
            owner = next((c for c in token.children if c.dep_ == "poss"), None)
            if owner is not None:  # "her poor choices", "the trafficker's bad attitude"
                return owner
        subject = next((c for c in token.children if c.dep_ in SUBJECTS), None)
        if subject is not None:
            if subject.lower_ in RELATIVE and token.dep_ == "relcl":  # "the client who failed to attend"
                return token.head
            return subject
        if token.dep_ in SUBJECTS:  # the match is in the subject ("Poor choices led to ..."), owned by no one
            return None
        if token.dep_ == "acl" and token.head.pos_ in NOUNS:  # "a client failing to attend"
            return token.head
        if token.dep_ not in SHARED or token.head is token:
            return None
        if token.head.lower_ == "as" and token.head.dep_ == "prep" and token.head is not token:
            # "described client as drug-seeking", "labeled her as manipulative": the object is it
            obj = next((c for c in token.head.head.children if c.dep_ == "dobj" and c.i < token.head.i), None)
            if obj is not None:
                return obj
        if token.dep_ == "xcomp":  # "asked her to attend": the object does it
            head = token.head
            obj = next((c for c in head.children if c.dep_ == "dobj" and c.i < token.i), None)
            if obj is not None:
                return obj
        token = token.head
    return None


def parsed_about(sentence: Sentence, start: int, subject: str, words: Mapping[str, Words], others: tuple[str, ...]) -> bool | None:
    """Whether the match at token *start* is about a word of the *subject* vocabulary, as the
    parse says; None where the parse gives no subject, or one it cannot place."""
    doc = sentence.doc
    if not doc.has_annotation("DEP"):
        return None
    if _no_main_clause(doc[start].sent):
        return None
    found = subject_token(doc, start)
    if found is None or not sentence.first <= found.i < sentence.end:
        return None
    if found.tag_ in ("WP", "WDT") or (found.lower_ == "it" and _extraposed(found)):
        # a question's "What made you think ...", "Who told you to ...", or the "it" of "Didn't it
        # seem odd that ...", "Did it not occur to you that ...": no one named, as the vocabulary rule reads it
        return None
    found = _described(sentence, found, words) or found
    if found.dep_ == "attr" and found.head.lemma_ == "be" and (found.lower_ in PEOPLE_PRONOUNS or (
            GROUP in words and _names(sentence, found, words[GROUP]))):
        # "Staff are the ones who gamed the schedule": the ones are staff, the subject of "are"
        found = next((c for c in found.head.children if c.dep_ in SUBJECTS), found)
    quantity = found.lower_ in PARTITIVE
    if quantity:  # "Some of the women are lazy", "Many of our clients": the women, the clients
        of = next((c for c in found.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        found = next((c for c in of.children if c.dep_ == "pobj"), found) if of is not None else found
    if any(doc[i].lower_ in CLAUSE_ENDS for i in range(found.i + 1, start)):
        # a subject across a colon or a dash: "Newsletter: Some women are simply not ready and
        # sabotage ..." is not about the newsletter; the vocabulary rule reads the clause
        return None
    if found.dep_ == "poss" and found.lower_ in ("his", "her", "their") and _done_by(sentence, found.head, words, others):
        # "Her trafficker sold her to support his habit": whose habit the pronoun does not say,
        # where someone else does what the clause says; the vocabulary rule decides
        return None
    owner = next((c for c in found.children if c.dep_ == "poss"), None) if found.pos_ in NOUNS else None
    # a noun no vocabulary knows speaks for its owner: "her reaction was ...", "Client's drug screens
    # have been ..." ("her mother" is her mother, a relative)
    for token in (found, *(c for c in found.children if c.dep_ == "compound"), *([owner] if owner is not None else [])):
        if _names(sentence, token, words[subject]) or (subject == PEOPLE_SERVED and _served_worker(sentence, token.i)):
            # ("These workers need ...", "the farm workers": the people served, as tilint.context reads "worker"),
            # unless named in what the defence argues, or "you" in what someone else says (as tilint.context reads them)
            if subject == PEOPLE_SERVED and token.lower_ in YOU and in_someone_elses_words(sentence, token.i, words):
                return False
            return not _argued_for_the_defence(sentence, token.i + 1, words.get(VIEW))
        if any(_names(sentence, token, w) for n, w in words.items() if n in others and n != subject):
            return False
    if subject != PEOPLE_SERVED:  # ("subject: staff": only the vocabularies' words decide)
        return None
    if found.lemma_ in NEWCOMER:
        return None  # "New intake gamed the process", "new admit refused ...": shelter shorthand the vocabulary rule reads
    if found.lower_ == "ones" and not any(c.dep_ in ("relcl", "acl") for c in found.children):
        return None  # "the new ones" (phones or people), or a clause the parse put elsewhere: the vocabulary rule decides
    group = _group(sentence, found, words)
    if group is not None:
        return group
    if quantity or found.dep_ == "dobj":
        # "half of them", "a few of the guys": people no vocabulary names; "see the shelter as three hots and a
        # cot", "asked the man to ...": an object no vocabulary names, not who holds the view; the vocabulary rule decides
        return None
    if found.pos_ == "PROPN":  # a name, as notes name the person served
        return True
    if found.pos_ in ("NOUN", "PRON"):  # "the man", "it", "someone": another person or a thing
        return False
    return None


def _extraposed(it: Any) -> bool:
    """Whether *it* stands for a clause that follows ("Didn't it seem odd that they kept your
    passport?", "Did it not occur to you that ..."): its verb has a clause of its own after it."""
    return any(c.dep_ in ("ccomp", "csubj") and c.i > it.i for c in it.head.children)


def _described(sentence: Sentence, found: Any, words: Mapping[str, Words]) -> Any | None:
    """The noun a clause of staff doing for them describes, where the parse gives staff ("we",
    "I", "our team") as the subject: "The girls we work with made bad decisions", which the
    small pipeline reads as "we work with made bad decisions". As tilint.context reads "the
    women we serve": a clause with a staff subject and a verb of CONTACT_VERBS on a word of
    the people served or of people in general. None where *found* is no such subject."""
    clause = found.head
    if clause.dep_ != "relcl" or found.dep_ not in SUBJECTS or not (lemma_of(clause.lower_) in CONTACT_VERBS
                                                                     or clause.lower_ in CONTACT_VERBS):
        return None
    staff = words.get("staff")
    if not (found.lower_ in CONTACT_SUBJECTS or (staff is not None and _names(sentence, found, staff))):
        return None
    noun = clause.head
    if not sentence.first <= noun.i < sentence.end:
        return None
    group = words.get(GROUP)
    own = words.get(PEOPLE_SERVED)
    if (own is not None and _names(sentence, noun, own)) or (group is not None and _names(sentence, noun, group)):
        return noun
    return None


def _done_by(sentence: Sentence, token: Any, words: Mapping[str, Words], others: tuple[str, ...]) -> bool:
    """Whether the nearest subject above *token* in the parse is a word of *others* (staff,
    others, relative): "Her trafficker" in "Her trafficker sold her to support his habit"."""
    for _ in range(REACH):
        subject = next((c for c in token.children if c.dep_ in SUBJECTS), None)
        if subject is not None:
            return sentence.first <= subject.i < sentence.end and any(
                _names(sentence, subject, w) for n, w in words.items() if n in others)
        if token.head is token:
            return False
        token = token.head
    return False


POSSESSIVE = {"her": "she", "his": "he", "their": "they", "your": "you", "my": "i", "our": "we", "its": "it"}


def _names(sentence: Sentence, token: Any, words: Words) -> bool:
    """Whether *token* ends one of the vocabulary's entries ("her" as its owner counts as "she")."""
    if token.dep_ == "poss" and token.lower_ in POSSESSIVE:
        return POSSESSIVE[token.lower_] in words.singles
    return bool(words.ending_at(sentence.lemmas, sentence.texts, token.i + 1, sentence.first))


# people in general, whatever their number ("Anyone who ...", "Those who ...", "People ...")
GENERAL = frozenset({"people", "those", "anyone", "anybody"})
# what one abuses, sells or buys that is no person: "individuals currently abusing substances"
SUBSTANCES = frozenset("substance drug alcohol pill meth heroin opioid opiate crack cocaine weed marijuana fentanyl "
                       "painkiller medication prescription".split())


def _on_a_thing(verb: Any) -> bool:
    """Whether *verb* ("abusing") has a substance for its object, not a person."""
    return any(c.dep_ == "dobj" and lemma_of(c.lower_) in SUBSTANCES for c in verb.children)


# a new resident as shelter notes name her ("New intake refused ...", "new admits"): no vocabulary's word
# (the intake form and the intake office are no one), so the vocabulary rule decides
NEWCOMER = frozenset({"intake", "admit", "arrival"})
# a group word that, alone, names someone in particular who is not the person served ("The man was ...")
SOMEONE_ELSE = frozenset({"man", "someone", "somebody"})
# "Some of the women", "Many of them": the people the quantity is of are the subject
PARTITIVE = frozenset({"some", "many", "most", "all", "few", "several", "none", "both", "half", "one", "each", "any", "lots",
                       "majority", "number", "couple"})
# the tags of a verb that makes a clause of its own (an imperative's bare "Ask" included)
FINITE = frozenset({"VBZ", "VBD", "VBP", "MD", "VB"})


def _no_main_clause(sent: Any) -> bool:
    """Whether the parse of *sent* found no main clause while a finite verb stands in it: the
    small pipeline takes a long subject with a participle ("Anyone answering an ad that promises
    that much money ought to have guessed ...") for the sentence, its root "answering" or
    "Anyone", and puts the real predicate in a clause under the ad ("that much money ought to
    have guessed"). Its subject there is no one's; the vocabulary rule decides. A note's
    fragment ("Client manipulative during group.") has no finite verb and keeps its parse."""
    root = sent.root
    if root.tag_ in FINITE or root.tag_ == "VBN" or any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE for c in root.children
    ):
        return False
    return any(t.tag_ in FINITE and t is not root for t in sent)


def _group(sentence: Sentence, found: Any, words: Mapping[str, Words]) -> bool | None:
    """For people-served: whether *found*, a word for people in general (the ``group``
    vocabulary: "Women who answer job ads ...", "Those who ...", "Anyone answering ...") that a
    relative clause or a participle describes, is the people served, as tilint.context reads
    the noun before "who": yes, unless the clause says they act on the people served ("those
    who hurt her", "anyone who works with victims", "the man who recruited her", "the man she
    met"). None where *found* is no such word or no clause describes it (a bare "The man was
    ..." stays someone else, as any other noun)."""
    group = words.get(GROUP)
    if group is None or not (_names(sentence, found, group) or found.lower_ in PEOPLE_PRONOUNS):
        return None
    clause = next((c for c in found.children if c.dep_ in ("relcl", "acl")), None)
    if clause is None:
        # people as a group ("Women are ...", "The girls in group keep ...", "Anyone should ...")
        # are the people served, as the vocabulary rule reads them (nobody it knows named), and so
        # is one girl, woman or teen ("The girl looked like ..."); one "man" in a note is someone in
        # particular: someone else ("The man was ...")
        return None if found.lower_ in SOMEONE_ELSE else True
    lemmas, texts, own = sentence.lemmas, sentence.texts, words[PEOPLE_SERVED]
    staff = words.get("staff")
    doer = next((c for c in clause.children if c.dep_ in SUBJECTS), None)
    if doer is not None and staff is not None and (doer.lower_ in CONTACT_SUBJECTS or _names(sentence, doer, staff)):
        return True  # "the women we serve", "girls our team works with": what staff do for them describes them
    inside = [t.i for t in clause.subtree if sentence.first <= t.i < sentence.end]
    # as tilint.context reads the clause: a verb of ACTS_ON, or the people served named in it
    # ("anyone who works with victims"; "her", "him", "them" are the group's own, and so is "their")
    acts_on = any(lemmas[i] in ACTS_ON and not _on_a_thing(found.doc[i]) for i in inside) or any(
        own.ending_at(lemmas, texts, i + 1, inside[0]) and texts[i].lower() not in ("her", "him", "them") for i in inside
    )
    return not acts_on
