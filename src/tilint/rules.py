"""Load rules from YAML files and validate them before anything is compiled.

A rule file holds one rule (a mapping) or several (a list of mappings). Every
mistake is reported as one line naming the file, the rule and the key, so that
a trainer editing an agency's own pack can fix it without reading a traceback.
This module never imports spaCy.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from tilint.model import (
    AGE, CATEGORIES, DOCUMENT_CATEGORIES, KINDS, MATCH_ON, MENTION, NEGATION, QUOTES, WORDING, Citation, Rule,
    Severity, close_match,
)
from tilint.vocab import (
    SLOT, VOCAB_FOLDER, Vocabularies, Vocabulary, VocabularyError, build, builtin_vocabulary_dir, expand_all, names_in,
    vocabulary_files,
)

RULE_SUFFIXES = (".yaml", ".yml")
ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*[0-9]+$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")

REQUIRED_KEYS = ("id", "name", "category", "severity", "message", "why", "alternatives", "source", "examples")
OPTIONAL_KEYS = (
    "kind",
    "prefilter",
    "fix",
    "patterns",
    "match_on",
    "exceptions",
    "quotes",
    "supersedes",
    "sentence_requires",
    "sentence_excludes",
    "subject",
    "mention",
    "negation",
    "age",
    "needs",
    "wording",
)
ALL_KEYS = REQUIRED_KEYS + OPTIONAL_KEYS

# Token attributes spaCy's Matcher accepts. Those in MODEL_ATTRS need a trained pipeline.
TOKEN_ATTRS = frozenset(
    "ORTH TEXT NORM LOWER LEMMA LENGTH SHAPE PREFIX SUFFIX IS_ALPHA IS_ASCII IS_DIGIT IS_LOWER IS_UPPER "
    "IS_TITLE IS_PUNCT IS_SPACE IS_STOP IS_SENT_START IS_BRACKET IS_QUOTE IS_LEFT_PUNCT IS_RIGHT_PUNCT "
    "IS_CURRENCY LIKE_NUM LIKE_URL LIKE_EMAIL SPACY OP POS TAG MORPH DEP ENT_TYPE ENT_IOB ENT_ID "
    "ENT_KB_ID REPORT VOCAB NOT_VOCAB".split()
)
MODEL_ATTRS = frozenset({"POS", "TAG", "MORPH", "DEP", "ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID"})
OP_RE = re.compile(r"^(?:[!?+*]|\{\d*(?:,\d*)?\})$")


@lru_cache(maxsize=1)
def rule_loader() -> Any:
    """The YAML loader for rule and configuration files (built on first use: a run whose rules
    come from the cache never imports PyYAML). YAML 1.2 booleans: only true/false. In YAML 1.1
    the words on, off, yes, no, y and n are booleans, which would silently turn the pattern word
    "on" into True."""
    import yaml

    class RuleLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc] - libyaml when present
        pass

    RuleLoader.yaml_implicit_resolvers = {
        key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
        for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    RuleLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return RuleLoader


class RuleError(Exception):
    """A rule file that cannot be used. ``str(err)`` is one line naming file, rule and key."""


def builtin_rules_dir() -> Path:
    """Where the built-in rules live: inside the installed wheel, or the checkout's ``rules/``."""
    here = Path(__file__).resolve().parent  # tilint runs from files (spaCy cannot be zip-imported)
    packaged = here / "_rules"
    if packaged.is_dir():
        return packaged
    return here.parents[1] / "rules"


MAX_RULE_ENTRIES = 10_000  # files and folders a rules folder may hold: more, and it is no rules folder


def rule_files(folder: Path) -> list[Path]:
    """Every YAML file under *folder*, in a stable order. A folder that cannot be read (its path
    too long for the system, say) or one of more than MAX_RULE_ENTRIES entries (a home folder
    named by mistake) is one RuleError line."""
    import os

    from tilint.sources import os_problem

    found: list[Path] = []
    entries = 0
    try:
        if not folder.is_dir():
            raise RuleError(f"{folder}: rules folder not found")
        for root, folders, files in os.walk(folder, onerror=_raise):
            entries += len(folders) + len(files)
            if entries > MAX_RULE_ENTRIES:
                raise RuleError(f"{folder}: more than {MAX_RULE_ENTRIES:,} files and folders; is it a rules folder?")
            found += [Path(root, name) for name in files if os.path.splitext(name)[1] in RULE_SUFFIXES]
    except OSError as err:
        raise RuleError(f"{folder}: cannot read rules folder: {os_problem(err)}") from None
    return sorted(
        p for p in found if p.is_file() and VOCAB_FOLDER not in p.relative_to(folder).parts[:-1]
    )


def _raise(err: OSError) -> None:
    raise err


def load_vocabularies(folders: Iterable[Path], settings: Mapping[str, Any] | None = None) -> dict[str, Vocabulary]:
    """The built-in vocabularies, extended by each rule folder's ``vocabularies/`` files in turn,
    then by a configuration's ``vocabularies`` *settings*."""
    return _vocabularies(_vocabulary_texts(folders), settings)


def _vocabulary_texts(folders: Iterable[Path]) -> list[tuple[Path, str]]:
    builtin = builtin_vocabulary_dir().parent
    paths = vocabulary_files(builtin) + [p for f in folders if f.resolve() != builtin.resolve() for p in vocabulary_files(f)]
    return [(path, _read_rule_file(path)) for path in paths]


def _vocabularies(texts: list[tuple[Path, str]], settings: Mapping[str, Any] | None) -> dict[str, Vocabulary]:
    try:
        return build(((str(path), _parse_yaml(path, text)) for path, text in texts), settings)
    except VocabularyError as err:
        raise RuleError(str(err)) from None


@lru_cache(maxsize=1)
def builtin_vocabularies() -> dict[str, Vocabulary]:
    """The vocabularies shipped with the rules (for a rule parsed on its own)."""
    return load_vocabularies([])


def load_rules(folders: Iterable[Path], vocabularies: Mapping[str, Any] | None = None) -> list[Rule]:
    """Load and validate every rule in *folders*; ids and names must be unique across all of them.
    Their vocabularies are the built-in ones, extended by each folder's ``vocabularies/`` and
    by *vocabularies* (a configuration's settings).

    The validated rules, vocabularies expanded, are cached on disk by the files' paths and
    content, the settings, the code that validates them and the Python version, since parsing
    YAML and checking every pattern is most of start-up (see StoredRule). The cache holds rule
    data only."""
    import sys

    from tilint import cache

    folders = list(folders)
    paths = [path for folder in folders for path in rule_files(folder)]
    texts = [_read_rule_file(path) for path in paths]
    vocab_texts = _vocabulary_texts(folders)
    material = "\0".join(f"{path}\0{text}" for path, text in [*zip(paths, texts), *vocab_texts])
    material += "\0" + json.dumps(vocabularies, sort_keys=True, default=str)
    stamps = [
        cache.module_stamp(name)
        for name in ("tilint.rules", "tilint.model", "tilint.prefilter", "tilint.vocab", "tilint.shapes", "tilint.document",
                     "tilint.context")  # context.vocabularies_for names the words a rule keeps (Rule.context)
    ]
    key = cache.cache_key("rules", "\0".join([*stamps, sys.version, material]), libraries=False)
    stored = stored_rules(cache.load_marshal(key, RULES_SUFFIX))
    if stored is not None:
        return stored
    vocab = _vocabularies(vocab_texts, vocabularies)
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path, text in zip(paths, texts):
        for rule in _rules_of(_parse_yaml(path, text), path, vocab):
            for name in (rule.id.upper(), rule.name):
                if name in seen:
                    raise RuleError(
                        f"{path}: rule {rule.id}: key 'id': {name} is already used by a rule in {seen[name]}"
                    )
                seen[name] = str(path)
            rules.append(rule)
    entry = rules_entry(rules)
    if entry is not None and stored_rules(entry) == rules:  # not when YAML held what marshal cannot (dates)
        cache.store_marshal(key, entry, RULES_KEPT, RULES_SUFFIX)
    return rules


RULES_SUFFIX = ".rules"  # the rules cache's entries: marshal, pruned apart from other entries
RULES_FORMAT = 3  # the layout of an entry (see rules_entry)
RULES_KEPT = 8  # rules entries kept (7 MB each for today's pack); each edit of an agency's rules adds one
# The fields of a rule read from the cache only when first used: a note with no trigger word
# needs none of them, and they are most of the entry (the patterns with vocabularies expanded).
LAZY_FIELDS = (
    "patterns", "exceptions", "sentence_requires", "sentence_excludes", "flag", "passes", "fixed", "context", "written",
)


class StoredRule(Rule):
    """A rule read back from the rules cache. It equals the rule it was stored from; its
    LAZY_FIELDS are decoded from marshal on first use, so that start-up on a note the prefilter
    clears never builds its thousands of pattern dictionaries. Its digest of what the prefilter
    reads (slot_digest), needs_model's answer and its phrase patterns (phrase_patterns) were
    worked out when it was stored."""

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Rule):
            return NotImplemented
        return all(getattr(self, f.name) == getattr(other, f.name) for f in dataclasses.fields(Rule) if f.compare)

    __hash__ = Rule.__hash__

    def __repr__(self) -> str:
        shown = (f"{f.name}={getattr(self, f.name)!r}" for f in dataclasses.fields(Rule) if f.repr)
        return f"Rule({', '.join(shown)})"

    def _decode(self) -> None:
        from tilint.cache import marshal_loads

        blob = self.__dict__.get("_lazy")
        if blob is not None:  # else another thread has just decoded them
            self.__dict__.update(marshal_loads(blob))
            self.__dict__.pop("_lazy", None)


def _lazy_field(name: str) -> property:
    def read(self: StoredRule) -> Any:
        try:
            return self.__dict__[name]
        except KeyError:
            self._decode()
            return self.__dict__[name]

    def write(self: StoredRule, value: Any) -> None:  # only dataclasses' __init__ (dataclasses.replace) writes
        self.__dict__[name] = value

    return property(read, write)


for _name in LAZY_FIELDS:
    setattr(StoredRule, _name, _lazy_field(_name))


def rules_entry(rules: list[Rule]) -> tuple[Any, ...] | None:
    """The rules cache's entry for *rules*: (RULES_FORMAT, its check (entry_check), a digest of the
    payload, the payload), the payload a marshal of one record per rule: its eager fields, its LAZY_FIELDS as marshal
    bytes, the digest of what the prefilter reads of it, whether it needs a trained pipeline,
    and its phrase patterns. None when a value cannot be written (a YAML date, say)."""
    import marshal

    from tilint import cache
    from tilint.prefilter import slot_inputs

    records = []
    try:
        for rule in rules:
            data = rule_to_data(rule)
            lazy = {name: data.pop(name) for name in LAZY_FIELDS}
            digest = cache._blake2b(marshal.dumps(slot_inputs(rule), 2), digest_size=20).digest()
            phrases = tuple(phrase_patterns(rule))
            records.append((data, marshal.dumps(lazy), digest, needs_model(rule), phrases))
        payload = marshal.dumps(records)
    except ValueError:  # a value marshal cannot write
        return None
    digest = cache._blake2b(payload, digest_size=20).digest()
    return (RULES_FORMAT, entry_check(digest, payload), digest, payload)


def entry_check(digest: bytes, payload: bytes) -> int:
    """The CRC-32 of a rules entry's digest and payload, checked on every start-up: it finds a
    damaged or truncated entry as surely as the digest would, in a tenth of the time (BLAKE2
    over today's 13 MB payload was 17 ms of every start-up). The digest, made once when the
    entry is written, names the rules' content (their fingerprints), where 32 bits would not
    be enough to tell packs apart."""
    import zlib

    return zlib.crc32(digest, zlib.crc32(payload))


_EAGER = frozenset(f.name for f in dataclasses.fields(Rule)) - set(LAZY_FIELDS)


def stored_rules(entry: Any) -> list[Rule] | None:
    """The rules a rules_entry holds, or None when *entry* is not one (damaged, truncated, of
    another layout): the rules are then loaded from their files again."""
    from tilint import cache

    try:
        version, check, digest, payload = entry
        if version != RULES_FORMAT or not isinstance(digest, bytes) or entry_check(digest, payload) != check:
            return None
        rules: list[Rule] = []
        for data, lazy, slots, model, phrases in cache.marshal_loads(payload):
            if set(data) != _EAGER or not isinstance(lazy, bytes) or not isinstance(phrases, tuple):
                return None
            rule = object.__new__(StoredRule)
            fingerprint = f"stored:{digest.hex()}:{len(rules)}"  # the entry's digest names its content
            rule.__dict__.update(
                data, _lazy=lazy, _slot_digest=slots, _needs_model=model, _phrases=phrases, _fingerprint=fingerprint,
            )
            rule.__dict__["severity"] = Severity(data["severity"])
            rule.__dict__["source"] = Citation(**data["source"])
            rules.append(rule)
        return rules
    except (TypeError, ValueError, EOFError, KeyError, AttributeError):
        return None


def phrase_patterns(rule: Rule) -> list[str]:
    """The rule's own patterns that are phrases (not token patterns); a rule from the rules cache
    brings them apart, so that listing every rule's phrases decodes none of its patterns."""
    known = rule.__dict__.get("_phrases")
    if isinstance(known, tuple):
        return list(known)
    return [pattern for pattern in rule.patterns if isinstance(pattern, str)]


def slot_digest(rule: Rule) -> bytes:
    """A digest of what the prefilter reads of *rule* (prefilter.slot_inputs), for the cache key
    of its derived slots; a rule from the rules cache brings it along."""
    import marshal

    from tilint import cache
    from tilint.prefilter import slot_inputs

    known = rule.__dict__.get("_slot_digest")
    if isinstance(known, bytes):
        return known
    try:  # version 2 writes every value in full (later versions write a repeated object as a
        # reference, so the bytes would depend on which equal strings happen to be one object)
        written = marshal.dumps(slot_inputs(rule), 2)
    except ValueError:  # a value marshal cannot write
        written = repr(slot_inputs(rule)).encode("utf-8")
    return cache._blake2b(written, digest_size=20).digest()


def rule_fingerprint(rule: Rule) -> str:
    """A text that equal rules share (for sharing their compiled matchers): a digest of the
    cache's record for a rule read from it, else the rule's repr."""
    known = rule.__dict__.get("_fingerprint")
    return known if isinstance(known, str) else repr(rule)


def rule_to_data(rule: Rule) -> dict[str, Any]:
    """A validated rule as plain data (dictionaries, lists, tuples, strings, numbers), for the
    cache (see rules_entry). The values are the rule's own, not copies (dataclasses.asdict copies
    every leaf of the patterns: seconds for today's pack); only the enum and the citation change."""
    data = {f.name: getattr(rule, f.name) for f in dataclasses.fields(Rule)}
    data["severity"] = int(rule.severity)
    data["source"] = dataclasses.asdict(rule.source)
    return data


def _read_rule_file(path: Path) -> str:
    from tilint.sources import SourceError, read_bytes  # a regular file: never a pipe or a device

    try:
        return read_bytes(path).decode("utf-8")
    except (SourceError, UnicodeDecodeError) as err:
        raise RuleError(f"{path}: cannot read rules file: {err}") from None


MAX_NODES = 200_000  # a rule file that expands to more values than this is refused (YAML alias bombs)


def _parse_yaml(path: Path, text: str) -> Any:
    import yaml

    try:
        data = yaml.load(text, Loader=rule_loader())  # noqa: S506 - a SafeLoader
        if not _within(data, MAX_NODES):
            raise RuleError(f"{path}: too large once its YAML aliases are expanded (over {MAX_NODES:,} values)")
        return data
    except yaml.YAMLError as err:
        raise RuleError(yaml_error(path, text, err)) from None


def yaml_error(path: Path, text: str, err: Exception) -> str:
    """One line for a YAML syntax error in a rule or configuration file: file, line, column and
    the problem, without PyYAML's multi-line excerpt of the text around it."""
    from yaml.reader import ReaderError

    if isinstance(err, ReaderError):
        line = text.count("\n", 0, err.position) + 1
        column = err.position - text.rfind("\n", 0, err.position)
        code = err.character if isinstance(err.character, int) else ord(err.character[:1] or b"\0")
        return f"{path}: YAML syntax error (line {line}, column {column}): unacceptable character #x{code:04x}"
    mark = getattr(err, "problem_mark", None)
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
    return f"{path}: YAML syntax error{where}: {getattr(err, 'problem', None) or 'invalid YAML'}"


def _within(data: Any, limit: int) -> bool:
    """Whether *data* has at most *limit* values counted with every alias expanded; the count
    stops at the limit, so a billion-laughs file is judged in bounded time."""
    count = 0
    stack = [data]
    while stack:
        item = stack.pop()
        count += 1
        if count > limit:
            return False
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return True


def _rules_of(data: Any, path: Path, vocab: Vocabularies) -> Iterator[Rule]:
    entries = data if isinstance(data, list) else [data]
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise RuleError(f"{path}: rule #{index + 1}: expected a mapping of keys, got {type(entry).__name__}")
        yield parse_rule(entry, str(path), vocab)


def parse_rule(data: dict[str, Any], file: str, vocab: Vocabularies | None = None) -> Rule:
    """Check one rule's keys and values and build the Rule, its shapes and vocabularies
    (*vocab*, default the built-in ones) expanded into token patterns."""
    vocab = builtin_vocabularies() if vocab is None else vocab
    rid = data.get("id")
    label = f"{file}: rule {rid if isinstance(rid, str) and rid else '?'}"

    def fail(key: str, problem: str) -> RuleError:
        return RuleError(f"{label}: key '{key}': {problem}")

    for key in data:
        if key not in ALL_KEYS:
            hint = close_match(str(key), ALL_KEYS)
            raise fail(str(key), "unknown key" + (f" (did you mean '{hint}'?)" if hint else ""))
    for key in REQUIRED_KEYS:
        if key not in data:
            raise fail(key, "missing")
    rid = _text(data, "id", fail)
    if not ID_RE.match(rid):
        raise fail("id", f"{rid!r} should be letters then digits, like TI101 or AGENCY12")
    name = _text(data, "name", fail)
    if not NAME_RE.match(name):
        raise fail("name", f"{name!r} should be lower-case words joined by hyphens, like possessive-victims")
    category = _text(data, "category", fail)
    if category not in CATEGORIES:
        raise fail("category", f"{category!r} is not one of: {', '.join(CATEGORIES)}")
    kind = _choice(data, "kind", KINDS, fail)
    if (category in DOCUMENT_CATEGORIES) != (kind == "document"):
        raise fail("kind", f"category {category!r} needs kind: {'document' if kind == 'pattern' else 'pattern'}")
    try:
        severity = Severity.parse(_text(data, "severity", fail))
    except ValueError as err:
        raise fail("severity", str(err)) from None
    match_on = _choice(data, "match_on", MATCH_ON, fail)
    origins: dict[str, list[int]] = {}  # group -> the written pattern each expanded one comes from
    patterns = _patterns(data.get("patterns"), "patterns", fail, True, vocab, match_on, origins)
    examples = data["examples"]
    if not isinstance(examples, dict) or set(examples) - {"flag", "pass", "fixed"}:
        raise fail("examples", "expected a mapping with 'flag' and 'pass' lists (and 'fixed' for a rule with a fix)")
    flag = _strings(examples.get("flag"), "examples.flag", fail, minimum=1)
    passes = _strings(examples.get("pass"), "examples.pass", fail, minimum=1)
    alternatives, advice = _alternatives(data["alternatives"], fail)
    fix = _fix(data.get("fix"), alternatives, fail)
    fixed = _strings(examples.get("fixed"), "examples.fixed", fail, minimum=0)
    if fix is not None and len(fixed) != len(flag):
        raise fail("examples.fixed", "a rule with a fix lists each flag example as the fix leaves it, in order")
    if fix is None and fixed:
        raise fail("examples.fixed", "only a rule with a fix has fixed examples")
    wording = _choice(data, "wording", WORDING, fail)
    return Rule(
        id=rid,
        name=name,
        category=category,
        severity=severity,
        message=_text(data, "message", fail),
        why=_text(data, "why", fail),
        alternatives=alternatives,
        advice=advice,
        source=_citation(data["source"], fail),
        patterns=patterns,
        match_on=match_on,
        exceptions=_patterns(_accepting(data.get("exceptions"), wording, vocab), "exceptions", fail, False, vocab, origins=origins),
        # A script quotes what staff say, so a document check finds its phrases inside quotes too.
        quotes=_choice(data, "quotes", QUOTES[::-1] if kind == "document" else QUOTES, fail),
        flag=flag,
        passes=passes,
        file=file,
        supersedes=_strings(data.get("supersedes", []), "supersedes", fail, minimum=0),
        sentence_requires=_patterns(data.get("sentence_requires"), "sentence_requires", fail, False, vocab, origins=origins),
        sentence_excludes=_patterns(data.get("sentence_excludes"), "sentence_excludes", fail, False, vocab, origins=origins),
        written=tuple((key, tuple(found)) for key, found in origins.items() if found != list(range(len(found)))),
        **_switches(data, vocab, fail),
        needs=_needs(data, fail),
        kind=kind,
        prefilter=_prefilter(data, patterns, fail),
        fix=fix,
        fixed=fixed,
        wording=wording,
    )


# The terms an agency, or the people it serves, choose for themselves ("autistic", "Deaf", "sex
# worker"): a vocabulary made by ``wording: {identity-terms: [...]}`` in .tilint.yaml (or a
# ``vocabularies/identity-term.yaml`` in an agency's rule folder). A person-first rule does not
# report a match that holds one of them.
IDENTITY_TERMS = "identity-term"


def _accepting(exceptions: Any, wording: str, vocab: Vocabularies) -> Any:
    """A person-first rule's exceptions, with the identity terms the agency accepts, if any."""
    if wording != "person-first" or IDENTITY_TERMS not in vocab or not isinstance(exceptions, (list, type(None))):
        return exceptions
    return [*(exceptions or []), "{" + IDENTITY_TERMS + "}"]


# A placeholder to fill in, or an ellipsis: "(name)", "[date]", "…", "...". Such an alternative
# cannot be pasted as it stands, so it must say ``replaces: false``.
PLACEHOLDER = re.compile(r"[(\[…]|\.\.\.")


def _alternatives(value: Any, fail: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Every alternative's text, and those of them that are advice (``replaces: false``).

    An alternative is a text, which replaces the words the rule reports wherever it fits there, or
    ``{text: ..., replaces: false}``: advice for the writer ("describe what happened instead"),
    shown but never pasted into the note."""
    if not isinstance(value, list) or not value:
        raise fail("alternatives", "expected a list of at least one alternative")
    texts: list[str] = []
    advice: list[str] = []
    for item in value:
        replaces = True
        if isinstance(item, dict):
            if set(item) - {"text", "replaces"} or "text" not in item:
                raise fail("alternatives", "an alternative is a text, or {text: ..., replaces: true|false}")
            replaces = item.get("replaces", True)
            if not isinstance(replaces, bool):
                raise fail("alternatives", f"replaces: expected true or false, not {replaces!r}")
            item = item["text"]
        if not isinstance(item, str) or not item.strip():
            raise fail("alternatives", "an alternative must be a non-empty text")
        text = " ".join(item.split())
        if replaces and PLACEHOLDER.search(text):
            raise fail("alternatives", f"{text!r} holds a placeholder or an ellipsis, so it cannot replace the "
                       "words as written; reword it, or mark it {text: ..., replaces: false} to show it as advice")
        texts.append(text)
        if not replaces:
            advice.append(text)
    return tuple(texts), tuple(advice)


def _fix(value: Any, alternatives: tuple[str, ...], fail: Any) -> tuple[str, str] | None:
    """A safe fix names the word to replace (by lemma) and its replacement, one of the alternatives."""
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) != {"replace", "with"}:
        raise fail("fix", "expected {replace: LEMMA, with: REPLACEMENT}, such as {replace: claim, with: report}")
    target, replacement = value["replace"], value["with"]
    if not (isinstance(target, str) and target.strip() and isinstance(replacement, str) and replacement.strip()):
        raise fail("fix", "'replace' and 'with' must be non-empty texts")
    first = replacement.split()[0].lower()
    if not any(first in alternative.lower() for alternative in alternatives):
        raise fail("fix", f"the replacement {replacement!r} should be one of the alternatives")
    return target.strip().lower(), replacement.strip()


def _prefilter(data: dict[str, Any], patterns: tuple[Any, ...], fail: Any) -> bool:
    """Whether the literal prefilter may judge this rule; a token pattern that fixes no word
    must be declared with ``prefilter: off``, so that nobody slows every run by accident."""
    from tilint.prefilter import fixes_a_word

    value = data.get("prefilter", True)
    if value not in (True, False, "on", "off"):
        raise fail("prefilter", "expected on or off")
    if value in (False, "off"):
        return False
    for index, pattern in enumerate(patterns):
        if not isinstance(pattern, str) and not fixes_a_word(pattern):
            raise fail(
                f"patterns[{index}]",
                "no required token fixes a word (LOWER, TEXT, ORTH or LEMMA), so tilint cannot tell which "
                "paragraphs to analyse; name a word, or add 'prefilter: off' to analyse every paragraph",
            )
    return True


def _text(data: dict[str, Any], key: str, fail: Any) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise fail(key, "expected non-empty text")
    return value.strip()


def _choice(data: dict[str, Any], key: str, allowed: tuple[str, ...], fail: Any) -> str:
    value = data.get(key, allowed[0])
    if value not in allowed:
        raise fail(key, f"{value!r} is not one of: {', '.join(allowed)}")
    return str(value)


def _strings(value: Any, key: str, fail: Any, minimum: int) -> tuple[str, ...]:
    if value is None:
        value = []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise fail(key, "expected a list of non-empty texts")
    if len(value) < minimum:
        raise fail(key, f"needs at least {minimum} entr{'y' if minimum == 1 else 'ies'}")
    return tuple(v.strip() for v in value)


def _citation(value: Any, fail: Any) -> Citation:
    if isinstance(value, str) and value.strip():
        return Citation(title=value.strip())
    if isinstance(value, dict) and isinstance(value.get("title"), str) and not set(value) - {"title", "url"}:
        url = value.get("url", "")
        if not isinstance(url, str):
            raise fail("source", "'url' must be text")
        return Citation(title=value["title"].strip(), url=url.strip())
    raise fail("source", "expected text, or a mapping with 'title' and optional 'url'")


def _switches(data: dict[str, Any], vocab: Vocabularies, fail: Any) -> dict[str, Any]:
    """A rule's context switches, and the words of the vocabularies they need in the engine."""
    switches = {
        "subject": _subject(data, vocab, fail),
        "mention": _choice(data, "mention", MENTION, fail),
        "negation": _choice(data, "negation", NEGATION, fail),
        "age": _choice(data, "age", AGE, fail),
    }
    from tilint.context import vocabularies_for

    names = [n for n in vocabularies_for(switches, switches["subject"]) if n in vocab]
    switches["context"] = tuple((name, vocab[name].entries()) for name in names)
    return switches


def _needs(data: dict[str, Any], fail: Any) -> str:
    """``needs: parse``: the rule needs a trained pipeline (``--model``), for part-of-speech tags or
    the parse; without one it is skipped, with one notice for all such rules."""
    value = data.get("needs", "")
    if value not in ("", "parse"):
        raise fail("needs", f"{value!r} is not something a rule can need (the one there is: parse, a trained pipeline)")
    return str(value)


def _subject(data: dict[str, Any], vocab: Vocabularies, fail: Any) -> str:
    value = data.get("subject", "")
    if value and value not in vocab:
        raise fail("subject", f"{value!r} is not a vocabulary (such as people-served)")
    if not isinstance(value, str):
        raise fail("subject", "expected the name of a vocabulary, such as people-served")
    return value


def _patterns(
    value: Any,
    key: str,
    fail: Any,
    required: bool,
    vocab: Vocabularies | None = None,
    match_on: str = "lemma",
    origins: dict[str, list[int]] | None = None,
) -> tuple[Any, ...]:
    """A group of patterns, checked, with its shapes and vocabularies expanded (context phrases
    match on lemmas, so *match_on* is only the rule's own); *origins* gets, under *key*, the
    number of the written pattern each expanded one comes from."""
    if value is None:
        if required:
            raise fail(key, "missing")
        return ()
    if not isinstance(value, list) or (required and not value):
        raise fail(key, "expected a list of phrases (text), token patterns (lists of token mappings) or shapes")
    vocab = builtin_vocabularies() if vocab is None else vocab
    expanded: list[Any] = []
    for index, pattern in enumerate(value):
        where = f"{key}[{index}]"
        written = _written(pattern, where, fail, vocab)
        try:
            found = expand_all(written, vocab, match_on)[0]
        except ValueError as err:
            raise fail(where, str(err)) from None
        expanded += found
        if origins is not None:
            origins.setdefault(key, []).extend([index] * len(found))
    from tilint.document import normal_patterns  # the words as the view holds them ("didn’t": "didn't")

    return tuple(normal_patterns(expanded))


def _written(pattern: Any, where: str, fail: Any, vocab: Vocabularies) -> list[Any]:
    """One written pattern, checked: as it stands, or the patterns its shape stands for."""
    if isinstance(pattern, dict):
        from tilint.shapes import expand_shape

        written = expand_shape(pattern, lambda problem: fail(where, problem))
        for tokens in written:
            _check_pattern(tokens, where, fail, vocab)
        return written
    if isinstance(pattern, str):
        if not pattern.strip():
            raise fail(where, "empty phrase")
        if len(pattern.split()) > MAX_PHRASE_WORDS:
            raise fail(where, f"{len(pattern.split())} words; a phrase may have at most {MAX_PHRASE_WORDS}")
        for name in SLOT.findall(pattern):
            if name not in vocab:
                raise fail(where, _unknown_vocabulary(name, vocab))
        return [pattern]
    _check_pattern(pattern, where, fail, vocab)
    return [pattern]


def _unknown_vocabulary(name: Any, vocab: Vocabularies) -> str:
    hint = close_match(str(name), vocab)
    return f"unknown vocabulary {name!r}" + (f" (did you mean {hint!r}?)" if hint else "")


def _check_pattern(pattern: Any, where: str, fail: Any, vocab: Vocabularies) -> None:
    if not isinstance(pattern, list) or not pattern:
        raise fail(where, "expected a phrase, a shape or a non-empty list of token mappings")
    if len(pattern) > MAX_PATTERN_TOKENS:
        raise fail(where, f"{len(pattern)} tokens; a pattern may have at most {MAX_PATTERN_TOKENS}")
    for position, token in enumerate(pattern):
        _check_token(token, f"{where}[{position}]", fail)
        for name in names_in(token):
            if name not in vocab:
                raise fail(f"{where}[{position}]", _unknown_vocabulary(name, vocab))
    repeating = sum(1 for t in pattern if _repeats(t.get("OP")))
    if repeating > MAX_REPEATS:
        raise fail(where, f"{repeating} repeating tokens (*, + or {{n,m}}); at most {MAX_REPEATS} keep matching fast")
    wildcards = [t for t in pattern if not _names_words(t)]
    unbounded = sum(1 for t in wildcards if _unbounded(t.get("OP")))
    if unbounded > 1:
        raise fail(where, f"{unbounded} open-ended wildcards (*, + or {{n,}} on a token that names no word); one at "
                          "most keeps matching fast on a long sentence: give the others a limit, such as {0,3}")
    optional = sum(_optional(t.get("OP")) for t in wildcards)
    if optional > MAX_RANGE:
        raise fail(where, f"its {{n,m}} wildcards leave {optional} tokens optional; at most {MAX_RANGE} in all keep "
                          "matching fast")


MAX_PATTERN_TOKENS = 40
MAX_PHRASE_WORDS = 12  # deriving a phrase's prefilter takes time and memory with the square of its length
MAX_REPEATS = 4
MAX_RANGE = 12  # the largest m in an {n,m} operator, and the optional tokens of all of a pattern's {n,m}
# Limits on wildcards, the tokens that name no word and so match nearly any word of a sentence.
# spaCy's Matcher unrolls {n,m} into m - n optional tokens, and follows every way they can match: the
# work per word grows about as 2 ** (m - n), so the optional tokens of a pattern are counted together.
# An open-ended token (*, +) matches from every start it follows to every end: two of them on a long
# run-on sentence make the work grow with the cube of its length.
WORD_ATTRS = ("ORTH", "TEXT", "LOWER", "LEMMA", "NORM")


def _names_words(token: dict[str, Any]) -> bool:
    """Whether *token* matches only words it names (a word, an IN list or a vocabulary)."""
    values = [token.get(attr) for attr in WORD_ATTRS]
    return "VOCAB" in token or any(
        isinstance(value, str) or (isinstance(value, dict) and ("IN" in value or "VOCAB" in value)) for value in values
    )


def _unbounded(op: Any) -> bool:
    """Whether an OP lets a token repeat without limit."""
    return op in ("*", "+") or (isinstance(op, str) and op.startswith("{") and op.rstrip("}").endswith(","))


def _optional(op: Any) -> int:
    """How many optional tokens spaCy makes of a bounded {n,m} operator."""
    if not (isinstance(op, str) and op.startswith("{") and "," in op) or _unbounded(op):
        return 0
    low, _, high = op.strip("{}").partition(",")
    return max(int(high) - int(low or 0), 0)


def _repeats(op: Any) -> bool:
    """Whether an OP lets a token repeat (what makes matching slow when many do)."""
    if op in ("*", "+"):
        return True
    if isinstance(op, str) and op.startswith("{"):
        low, _, high = op.strip("{}").partition(",")
        return "," in op and (high == "" or int(high or 0) > 1)
    return False


def _check_token(token: Any, where: str, fail: Any) -> None:
    if not isinstance(token, dict):
        raise fail(where, "expected a token mapping such as {LOWER: victim}")
    for attr, value in token.items():
        if attr not in TOKEN_ATTRS:
            hint = close_match(str(attr), TOKEN_ATTRS)
            raise fail(where, f"unknown token attribute {attr!r}" + (f" (did you mean {hint!r}?)" if hint else ""))
        if attr == "OP" and not (isinstance(value, str) and OP_RE.match(value)):
            raise fail(where, f"OP {value!r} is not one of !, ?, +, *, {{n}}, {{n,m}}")
        if attr == "OP" and value.startswith("{") and max(int(n or 0) for n in value.strip("{}").split(",")) > MAX_RANGE:
            raise fail(where, f"OP {value!r} repeats too often; use at most {{0,{MAX_RANGE}}}")
        if isinstance(value, dict):
            for predicate in ("IN", "NOT_IN"):
                if predicate in value and not isinstance(value[predicate], list):
                    raise fail(where, f"{attr} {predicate} expects a list, such as {{{predicate}: [my, our]}}")
            if "REGEX" in value:
                _check_regex(attr, value["REGEX"], where, fail)
        if attr in REGEX_ATTRS:
            words = value.get("IN", []) + value.get("NOT_IN", []) if isinstance(value, dict) else [value]
            for bad in (w for w in words if not isinstance(w, str)):
                written = str(bad).lower() if isinstance(bad, bool) else bad
                kind = "a bool" if isinstance(bad, bool) else "a number" if isinstance(bad, (int, float)) else "something other than text"
                raise fail(where, f"{attr} {written!r} is read by YAML as {kind}, not a word; quote it: \"{written}\"")


# The text attributes a REGEX may test, and how to read each from a spaCy token.
REGEX_ATTRS = {
    "ORTH": "orth_", "TEXT": "text", "NORM": "norm_", "LOWER": "lower_", "LEMMA": "lemma_", "SHAPE": "shape_",
    "PREFIX": "prefix_", "SUFFIX": "suffix_", "POS": "pos_", "TAG": "tag_", "DEP": "dep_", "ENT_TYPE": "ent_type_",
}


def linear_regex(expression: str) -> Any:
    """*expression* compiled by RE2, whose matching time grows only with the length of the text
    (Python's re can take exponential time, as on ``^(a+)+$``). RE2 has no look-behind and no
    back-references, and its \\w, \\d and \\b are ASCII. Raises ValueError with RE2's reason."""
    import re2

    options = re2.Options()
    options.log_errors = False  # the reason is raised here, not logged on standard error
    try:
        return re2.compile(expression, options)
    except re2.error as err:
        reason = err.args[0] if err.args else "invalid"
        raise ValueError(reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)) from None


def _check_regex(attr: str, expression: Any, where: str, fail: Any) -> None:
    if attr not in REGEX_ATTRS:
        raise fail(where, f"REGEX tests text: use it with {', '.join(REGEX_ATTRS)}, not {attr}")
    if not isinstance(expression, str) or not expression:
        raise fail(where, f"{attr} REGEX expects a regular expression, such as {{REGEX: '^vict'}}")
    try:
        linear_regex(expression)
    except ValueError as err:
        raise fail(where, f"{attr} REGEX {expression!r} is not a regular expression tilint can run ({err}); "
                          "tilint runs them with RE2, which has no look-behind or back-references") from None


def needs_model(rule: Rule) -> bool:
    """True when a rule says ``needs: parse`` or its token patterns use attributes only a trained pipeline sets."""
    known = rule.__dict__.get("_needs_model")
    if isinstance(known, bool):  # worked out when a StoredRule was stored
        return known
    groups = (rule.patterns, rule.exceptions, rule.sentence_requires, rule.sentence_excludes)
    return rule.needs == "parse" or any(
        isinstance(pattern, list) and any(MODEL_ATTRS & set(token) for token in pattern)
        for group in groups
        for pattern in group
    )


def select_rules(rules: Iterable[Rule], select: Iterable[str], ignore: Iterable[str]) -> list[Rule]:
    """Keep the rules named by *select* (all when empty) minus those named by *ignore*.

    Each entry is a rule id, a rule name or a category id; an entry that names nothing is an error.
    """
    rules = list(rules)
    chosen = _resolve_names(rules, select, "--select") if select else {r.id for r in rules}
    dropped = _resolve_names(rules, ignore, "--ignore")
    return [r for r in rules if r.id in chosen and r.id not in dropped]


def _resolve_names(rules: list[Rule], names: Iterable[str], option: str) -> set[str]:
    ids: set[str] = set()
    for name in names:
        key = name.strip()
        hits = {r.id for r in rules if key.upper() == r.id.upper() or key == r.name or key == r.category}
        if not hits and key not in CATEGORIES:
            known = [r.id for r in rules] + [r.name for r in rules] + list(CATEGORIES)
            hint = close_match(key, known)
            raise RuleError(
                f"{option}: {key!r} is not a rule id, rule name or category"
                + (f" (did you mean {hint!r}?)" if hint else "")
            )
        ids |= hits
    return ids


def find_rule(rules: Iterable[Rule], key: str) -> Rule | None:
    """The rule whose id (any case) or name is *key*."""
    return next((r for r in rules if key.upper() == r.id.upper() or key == r.name), None)
