"""The built-in rules keep no private copies of shared word lists.

Lists that several rules need (who the sentence is about, intensifiers, the cues of a training
text that mentions a phrase, ages, relatives) live once, in ``rules/vocabularies/``. A list of
five or more words that two rule files hold (the same, or four in five of the words alike) has
drifted out of a vocabulary: the two copies will disagree one day, and an agency that extends
the vocabulary will not reach them.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import yaml

RULES = Path(__file__).resolve().parent.parent / "rules"
SMALLEST = 5  # shorter lists ("her, his, their, the") are ordinary grammar, not shared knowledge
ALIKE = 0.8


def _lists(node: object, found: list[frozenset[str]]) -> list[frozenset[str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("IN", "NOT_IN") and isinstance(value, list) and len(value) >= SMALLEST:
                found.append(frozenset(str(word).lower() for word in value))
            _lists(value, found)
    elif isinstance(node, list):
        for value in node:
            _lists(value, found)
    return found


def shared_lists() -> list[tuple[str, str, frozenset[str]]]:
    """Each pair of rule files holding the same list, or lists four in five alike, with the words they share."""
    lists: list[tuple[str, frozenset[str]]] = []
    for path in sorted(RULES.glob("*/*.yaml")):
        if path.parent.name == "vocabularies":
            continue
        for words in set(_lists(yaml.safe_load(path.read_text(encoding="utf-8")), [])):
            lists.append((path.name.split("-")[0], words))
    pairs = {}
    for (a, words_a), (b, words_b) in itertools.combinations(lists, 2):
        if a != b and len(words_a & words_b) >= ALIKE * max(len(words_a), len(words_b)):
            pairs.setdefault((min(a, b), max(a, b)), words_a & words_b)
    return [(a, b, words) for (a, b), words in sorted(pairs.items())]


def test_no_two_rule_files_keep_the_same_word_list():
    pairs = shared_lists()
    report = "\n".join(f"{a} ~ {b}: {', '.join(sorted(words)[:10])}" for a, b, words in pairs[:60])
    assert not pairs, f"{len(pairs)} pairs of rule files share a word list; move it to a vocabulary:\n{report}"


def test_the_check_finds_a_copied_list(tmp_path):
    """The check itself can fail: two copies of an intensifier list are found."""
    words = ["so", "very", "really", "completely", "totally", "extremely"]
    first = _lists([{"LOWER": {"IN": words}}], [])
    second = _lists({"patterns": [[{"LOWER": {"NOT_IN": [*words[:5], "utterly"]}}]]}, [])
    assert len(first) == len(second) == 1
    assert len(first[0] & second[0]) >= ALIKE * max(len(first[0]), len(second[0]))
    assert _lists([{"LOWER": {"IN": words[:4]}}], []) == []
