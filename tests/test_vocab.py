"""Shared vocabularies: named word classes usable in any rule, extended by an agency."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tilint.cli import cli
from tilint.rules import RuleError, builtin_rules_dir, builtin_vocabularies, load_rules, parse_rule, rule_files
from tilint.runner import Linter
from tilint.vocab import VocabularyError, build


def rule(patterns: list[Any], vocab: Any = None, **extra: Any) -> Any:
    data = {
        "id": "V1", "name": "vocab-rule", "category": "credibility", "severity": "warning",
        "message": "Consider other words than {match}.", "why": "Test rule.", "alternatives": ["reports"],
        "source": "test", "patterns": patterns, "examples": {"flag": ["x"], "pass": ["y"]}, **extra,
    }
    return parse_rule(data, "test.yaml", vocab)


def matches(rules: list[Any], text: str, prefilter: bool = True) -> list[str]:
    return [f.match for f in Linter(rules, use_prefilter=prefilter).lint_text(text, "note.txt")]


CLAIMS = [{"VOCAB": "people-served"}, {"LEMMA": "claim", "REPORT": True}]


@pytest.mark.parametrize(
    "text",
    ["Client claims he took her ID.", "Clients claimed the house was locked.", "Cl claims she was hit.",
     "CLT claims so.", "These women claim they were not paid.", "A.R. claims the boss kept her passport."],
)
def test_a_vocabulary_in_a_token_pattern_matches_every_entry_and_inflection(text: str) -> None:
    assert matches([rule([CLAIMS])], text) in (["claims"], ["claimed"], ["claim"])


@pytest.mark.parametrize("text", ["Staff claims the form was sent.", "The landlord claims rent is due."])
def test_a_vocabulary_leaves_out_words_it_does_not_hold(text: str) -> None:
    assert matches([rule([CLAIMS])], text) == []


def test_a_vocabulary_in_a_phrase_is_a_slot() -> None:
    phrase = rule(["{people-served} claims"], match_on="lemma")
    assert matches([phrase], "Resident claimed she was never paid.") == ["Resident claimed"]
    assert matches([phrase], "These women claim they were locked in.") == ["These women claim"]
    assert matches([phrase], "The employer claims she quit.") == []


def test_a_repeated_slot_matches_runs_of_multi_word_entries() -> None:
    damaged = rule([[{"LEMMA": "be"}, {"VOCAB": ["intensifier", "hedge"], "OP": "{0,2}"}, {"LOWER": "damaged"}]])
    assert matches([damaged], "She is kind of so damaged.") == ["is kind of so damaged"]


def test_not_vocab_keeps_a_token_out_of_a_vocabulary() -> None:
    anyone_but_staff = rule([[{"IS_ALPHA": True, "NOT_VOCAB": "staff"}, {"LEMMA": "claim"}]])
    assert matches([anyone_but_staff], "Staff claims it.") == []
    assert matches([anyone_but_staff], "Client claims it.") == ["Client claims"]


def test_findings_are_the_same_with_and_without_the_prefilter() -> None:
    rules = [rule([CLAIMS]), rule(["{people-served} insists"], match_on="lemma", id="V2", name="insists")]
    text = "Cl claims he hit her.\n\nThe landlord claims she owes rent.\n\nThese women insisted they were paid nothing."
    assert matches(rules, text) == matches(rules, text, prefilter=False) == ["claims", "These women insisted"]


def test_vocabulary_files_are_not_rules() -> None:
    files = rule_files(builtin_rules_dir())
    assert not [f for f in files if "vocabularies" in f.parts]
    assert {"people-served", "staff", "others", "negation", "mention-cue", "minor-age"} <= set(builtin_vocabularies())


def agency(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "agency"
    (folder / "vocabularies").mkdir(parents=True)
    (folder / "vocabularies" / "people-served.yaml").write_text(text, encoding="utf-8")
    return folder


def damaged(rules: list[Any], text: str = "Member is so damaged since the move.") -> list[str]:
    return [f.rule for f in Linter([r for r in rules if r.id == "TI202"]).lint_text(text, "note.txt")]


def test_an_agency_extends_a_vocabulary_and_the_built_in_rules_follow(tmp_path: Path) -> None:
    assert damaged(load_rules([builtin_rules_dir()])) == []
    folder = agency(tmp_path, "name: people-served\nadd: [member]\n")
    assert damaged(load_rules([builtin_rules_dir(), folder])) == ["TI202"]


def test_an_agency_removes_a_word(tmp_path: Path) -> None:
    folder = agency(tmp_path, "name: people-served\nremove: [client]\n")
    assert damaged(load_rules([builtin_rules_dir(), folder]), "Client is so damaged.") == []
    assert damaged(load_rules([builtin_rules_dir(), folder]), "Cl is so damaged.") == ["TI202"]


def test_configuration_extends_a_vocabulary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("Member is so damaged since the move.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli, ["check", "--select", "TI202", "a.txt"]).exit_code == 0
    (tmp_path / ".tilint.yaml").write_text("vocabularies:\n  people-served: {add: [member]}\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", "--select", "TI202", "a.txt"])
    assert result.exit_code == 1
    assert "TI202 broken-damaged" in result.output


def test_a_bad_vocabulary_setting_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("Client is well.\n", encoding="utf-8")
    (tmp_path / ".tilint.yaml").write_text("vocabularies:\n  people-served: {ad: [member]}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "a.txt"])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"tilint: error: {tmp_path / '.tilint.yaml'}: key 'vocabularies.people-served.ad': unknown setting (did you mean 'add'?)"
    ]


@pytest.mark.parametrize(
    ("documents", "problem"),
    [
        ([("a.yaml", {"name": "Bad Name", "words": ["x"]})], "key 'name'"),
        ([("a.yaml", {"name": "fresh", "add": ["x"], "colour": 1})], "unknown key 'colour'"),
        ([("a.yaml", {"name": "fresh", "description": "no words"})], "a new vocabulary needs 'words'"),
        ([("a.yaml", {"name": "fresh", "words": ["x"], "shapes": ["freckles"]})], "'freckles' is not one of"),
        ([("a.yaml", {"name": "fresh", "words": ["x"]}), ("b.yaml", {"name": "fresh", "remove": ["x"]})], "no words left"),
    ],
)
def test_a_bad_vocabulary_file_names_the_file_and_key(documents: list[Any], problem: str) -> None:
    with pytest.raises(VocabularyError) as err:
        build(documents)
    assert problem in str(err.value)


def test_an_unknown_vocabulary_is_one_line_with_a_hint() -> None:
    with pytest.raises(RuleError) as err:
        rule([[{"VOCAB": "people-serve"}, {"LEMMA": "claim"}]])
    assert str(err.value) == (
        "test.yaml: rule V1: key 'patterns[0][0]': unknown vocabulary 'people-serve' (did you mean 'people-served'?)"
    )
    with pytest.raises(RuleError, match=r"key 'patterns\[0\]': unknown vocabulary 'stuff'"):
        rule(["{stuff} claims"])


SMALL = build([
    ("people.yaml", {"name": "people-served", "words": ["client", "resident", "she", "these women"]}),
    ("others.yaml", {"name": "others", "words": ["resident", "landlord"]}),
    ("staff.yaml", {"name": "staff", "words": ["case manager", "staff"]}),
])


def test_not_vocab_beside_vocab_narrows_the_vocabulary_instead_of_replacing_it() -> None:
    claims = rule([[{"VOCAB": "people-served", "NOT_VOCAB": "others"}, {"LEMMA": "claim"}]], SMALL)
    assert matches([claims], "Client claims it.") == ["Client claims"]
    assert matches([claims], "These women claim it.") == ["These women claim"]
    assert matches([claims], "Resident claims it.") == []  # a word of both vocabularies
    assert matches([claims], "The tenant claims it.") == []  # a word of neither: it is no VOCAB word


def test_lemma_beside_vocab_narrows_the_vocabulary_instead_of_replacing_it() -> None:
    claims = rule([[{"VOCAB": "people-served", "LEMMA": {"NOT_IN": ["she"]}}, {"LEMMA": "claim"}]], SMALL)
    assert matches([claims], "Client claims it.") == ["Client claims"]
    assert matches([claims], "She claims it.") == []
    assert matches([claims], "The tenant claims it.") == []
    only = rule([[{"VOCAB": "people-served", "LEMMA": {"IN": ["residents"]}}, {"LEMMA": "claim"}]], SMALL)
    assert matches([only], "Residents claimed it.") == ["Residents claimed"]
    assert matches([only], "Client claims it.") == []


def test_not_vocab_beside_lemma_keeps_both_tests() -> None:
    claims = rule([[{"LEMMA": {"IN": ["client", "staff", "tenant"]}, "NOT_VOCAB": "staff"}, {"LEMMA": "claim"}]], SMALL)
    assert matches([claims], "Client claims it.") == ["Client claims"]
    assert matches([claims], "Staff claim it.") == []
    assert matches([claims], "The landlord claims it.") == []


def test_vocab_and_lemma_that_leave_no_word_are_a_rules_error() -> None:
    with pytest.raises(RuleError, match="no word of 'people-served' is left"):
        rule([[{"VOCAB": "people-served", "LEMMA": "landlord"}, {"LEMMA": "claim"}]], SMALL)


@pytest.mark.parametrize(
    ("written", "text"),
    [(["victims"], "Two victims were present."), (["housing"], "She was offered housing."),
     (["rent"], "Rent was due."), (["refused"], "Cl refuses it.")],
)
def test_lemma_words_written_in_another_form_match_the_word_and_its_forms(written: list[str], text: str) -> None:
    as_list = rule([[{"LEMMA": {"IN": written}}]])
    as_word = rule([[{"LEMMA": written[0]}]])
    assert len(matches([as_list], text)) == len(matches([as_word], text)) == 1
    excepted = rule([[{"LEMMA": {"IN": ["present", "offer", "due", "it"]}}]], exceptions=[[{"IS_ALPHA": True, "OP": "{0,3}"}, {"LEMMA": {"IN": written}}, {"IS_ALPHA": True, "OP": "{0,3}"}]])
    assert matches([excepted], text) == []


def test_a_repeated_slot_never_matches_one_word_of_an_entry_of_several() -> None:
    runs = rule([[{"VOCAB": ["people-served", "staff"], "OP": "+"}, {"LEMMA": "claim"}]], SMALL)
    assert matches([runs], "These women claim it.") == ["These women claim"]
    assert matches([runs], "The women claim it.") == []
    assert matches([runs], "The manager claims it.") == []
    assert matches([runs], "Client and case manager claim it.") == ["case manager claim"]
    assert matches([runs], "She case manager claims it.") == ["She case manager claims"]


def test_a_repeated_slot_keeps_runs_with_an_entry_of_several_words_on_either_side() -> None:
    damaged = rule([[{"LEMMA": "be"}, {"VOCAB": ["intensifier", "hedge"], "OP": "{0,2}"}, {"LOWER": "damaged"}]])
    assert matches([damaged], "She is so kind of damaged.") == ["is so kind of damaged"]
    assert matches([damaged], "She is a little damaged.") == ["is a little damaged"]
    assert matches([damaged], "She is little damaged.") == []  # "little" only as "a little"
