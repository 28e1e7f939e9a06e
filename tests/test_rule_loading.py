"""A mistake in a rules file is one line naming the file, the rule and the key, and exit status 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tilint.cli import cli
from tilint.rules import RuleError, load_rules
from tilint.runner import Linter

GOOD = """\
id: AG101
name: our-clients
category: ownership
severity: warning
message: Consider "the people we serve" rather than "{match}".
why: Possessive words echo a trafficker's control.
alternatives: [the people we serve]
source: {title: "Agency style guide"}
patterns: ["our clients"]
examples:
  flag: [We drove our clients home.]
  pass: [We drove the clients home.]
"""


def run_check(folder: Path, *args: str) -> tuple[int, str]:
    runner = CliRunner()
    target = folder / "note.txt"
    target.write_text("We drove our clients home.\n", encoding="utf-8")
    result = runner.invoke(cli, ["check", "--no-builtin", "--rules", str(folder / "rules"), *args, str(target)])
    return result.exit_code, result.output


def write(folder: Path, text: str, name: str = "AG101.yaml") -> Path:
    rules = folder / "rules"
    rules.mkdir(exist_ok=True)
    (rules / name).write_text(text, encoding="utf-8")
    return rules / name


def test_good_agency_rule_is_loaded_and_fires(tmp_path: Path) -> None:
    write(tmp_path, GOOD)
    code, output = run_check(tmp_path)
    assert code == 1
    assert "AG101 our-clients" in output
    assert 'rather than "our clients"' in output


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("patterns:", "patern:"), "rule AG101: key 'patern': unknown key (did you mean 'patterns'?)"),
        (("category: ownership", "category: possessive"), "rule AG101: key 'category': 'possessive' is not one of"),
        (("severity: warning", "severity: fatal"), "rule AG101: key 'severity': unknown severity 'fatal'"),
        (("name: our-clients", "name: Our Clients"), "rule AG101: key 'name': 'Our Clients' should be lower-case"),
        (("  pass: [We drove the clients home.]\n", ""), "rule AG101: key 'examples.pass': needs at least 1 entry"),
        (('patterns: ["our clients"]', "patterns: [[{LOWR: our}]]"),
         "rule AG101: key 'patterns[0][0]': unknown token attribute 'LOWR' (did you mean 'LOWER'?)"),
        (('patterns: ["our clients"]', 'patterns: [[{LOWER: our, OP: "++"}]]'),
         "rule AG101: key 'patterns[0][0]': OP '++' is not one of"),
        (("alternatives: [the people we serve]\n", ""), "rule AG101: key 'alternatives': missing"),
        (('patterns: ["our clients"]', "patterns: [[{LOWER: {IN: our}}]]"),
         "rule AG101: key 'patterns[0][0]': LOWER IN expects a list"),
        (('patterns: ["our clients"]', "patterns: [{shape: described-az, words: [broken]}]"),
         "rule AG101: key 'patterns[0]': shape 'described-az' is not one of: described-as, possessive"),
        (('patterns: ["our clients"]', "patterns: [{shape: described-as}]"),
         "rule AG101: key 'patterns[0]': shape 'described-as' needs 'words'"),
        (('patterns: ["our clients"]', "patterns: [{shape: possessive, word: [clients]}]"),
         "rule AG101: key 'patterns[0]': unknown key 'word' in a shape (expected: shape, words, report)"),
        (('patterns: ["our clients"]', "patterns: [{shape: possessive, words: [clients], report: owner}]"),
         "rule AG101: key 'patterns[0]': shape 'possessive' cannot report 'owner' (expected: match, possessor)"),
        (('patterns: ["our clients"]', "patterns: [{shape: described-as, words: [broken], report: possessor}]"),
         "rule AG101: key 'patterns[0]': shape 'described-as' cannot report 'possessor' (expected: match)"),
        (('patterns: ["our clients"]', 'subject: people\npatterns: ["our clients"]'),
         "rule AG101: key 'subject': 'people' is not a vocabulary (such as people-served)"),
        (('patterns: ["our clients"]', 'negation: cancel\npatterns: ["our clients"]'),
         "rule AG101: key 'negation': 'cancel' is not one of: ignored, cancels"),
        (('patterns: ["our clients"]', 'patterns: ["our {clients}"]'),
         "rule AG101: key 'patterns[0]': unknown vocabulary 'clients'"),
        (('patterns: ["our clients"]', "patterns: [[{LOWER: our}, {LOWER: {IN: [clients, false]}}]]"),
         "rule AG101: key 'patterns[0][1]': LOWER 'false' is read by YAML as a bool, not a word; quote it: \"false\""),
        (('patterns: ["our clients"]', "patterns: [[{LOWER: our}, {ORTH: 15}]]"),
         "rule AG101: key 'patterns[0][1]': ORTH 15 is read by YAML as a number, not a word; quote it: \"15\""),
    ],
    ids=["unknown-key", "bad-category", "bad-severity", "bad-name", "no-pass-example", "bad-token-attr",
         "bad-op", "missing-key", "in-not-a-list", "unknown-shape", "shape-without-words", "shape-key", "shape-report",
         "shape-report-unknown",
         "unknown-subject", "bad-switch", "unknown-vocabulary", "unquoted-bool-word", "unquoted-number-word"],
)
def test_one_line_error_naming_file_rule_and_key(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    path = write(tmp_path, GOOD.replace(*change))
    code, output = run_check(tmp_path)
    assert code == 2
    lines = output.strip().splitlines()
    assert len(lines) == 1, output
    assert lines[0].startswith(f"tilint: error: {path}: ")
    assert expected in lines[0]
    assert "Traceback" not in output


def test_invalid_spacy_pattern_is_reported_when_compiled(tmp_path: Path) -> None:
    # Structurally fine, but spaCy rejects a value of the wrong type.
    path = write(tmp_path, GOOD.replace('patterns: ["our clients"]', 'patterns: [[{LOWER: our}, {LENGTH: "five"}]]'))
    code, output = run_check(tmp_path)
    assert code == 2
    line = output.strip()
    assert "\n" not in line
    assert f"{path}: rule AG101: key 'patterns[0]': invalid pattern" in line


def test_an_invalid_pattern_after_a_vocabulary_is_named_as_written(tmp_path: Path) -> None:
    # the first pattern becomes several (one per entry of several words), the second keeps its number
    bad = 'patterns: [[{VOCAB: people-served}, {LOWER: claims}], [{LOWER: our}, {LENGTH: "five"}]]'
    path = write(tmp_path, GOOD.replace('patterns: ["our clients"]', bad))
    code, output = run_check(tmp_path)
    assert code == 2
    assert f"{path}: rule AG101: key 'patterns[1]': invalid pattern" in output.strip()


def test_duplicate_id_names_both_files(tmp_path: Path) -> None:
    first = write(tmp_path, GOOD)
    write(tmp_path, GOOD.replace("name: our-clients", "name: our-clients-again"), name="AG101-copy.yaml")
    with pytest.raises(RuleError) as err:
        load_rules([tmp_path / "rules"])
    assert "key 'id': AG101 is already used by a rule in" in str(err.value)
    assert str(first) in str(err.value)


def test_yaml_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("alternatives: [the people we serve]", "alternatives: [the people"))
    code, output = run_check(tmp_path)
    assert code == 2
    assert output.startswith(f"tilint: error: {path}: YAML syntax error (line ")


def test_missing_rules_folder(tmp_path: Path) -> None:
    code, output = run_check(tmp_path, "--rules", str(tmp_path / "nowhere"))
    assert code == 2
    assert "rules folder not found" in output


def test_several_rules_in_one_file(tmp_path: Path) -> None:
    second = GOOD.replace("AG101", "AG102").replace("our-clients", "my-clients").replace("our clients", "my clients")
    indented = "- " + GOOD.replace("\n", "\n  ").rstrip()
    write(tmp_path, indented + "\n" + "- " + second.replace("\n", "\n  ").rstrip() + "\n", name="pack.yaml")
    rules = load_rules([tmp_path / "rules"])
    assert [r.id for r in rules] == ["AG101", "AG102"]


def test_a_rule_needing_a_trained_pipeline_is_skipped_with_one_note(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace('patterns: ["our clients"]', "patterns: [[{LOWER: our}, {LOWER: clients, POS: NOUN}]]"))
    note = tmp_path / "note.txt"
    note.write_text("We drove our clients home.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-builtin", "--rules", str(tmp_path / "rules"), str(note)])
    assert result.exit_code == 0
    assert "Traceback" not in result.output
    assert result.stderr.strip() == (
        f"{tmp_path / 'rules' / 'AG101.yaml'}: note: rule AG101 our-clients needs a trained pipeline "
        "(part-of-speech tags or a parse), which the default pipeline does not have; skipped (name one with "
        "--model, such as --model en_core_web_sm)"
    )


def test_rules_that_say_needs_parse_are_skipped_with_one_notice_for_all(tmp_path: Path) -> None:
    second = GOOD.replace("AG101", "AG102").replace("our-clients", "my-clients").replace("our clients", "my clients")
    write(tmp_path, GOOD.replace("category:", "needs: parse\ncategory:"))
    write(tmp_path, second.replace("category:", "needs: parse\ncategory:"), name="AG102.yaml")
    note = tmp_path / "note.txt"
    note.write_text("We drove our clients home. I met my clients.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "--no-builtin", "--rules", str(tmp_path / "rules"), str(note)])
    assert result.exit_code == 0, "both rules are skipped: nothing is found"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{tmp_path / 'rules'}: note: rules AG101 our-clients, AG102 my-clients need")


def test_needs_takes_only_parse(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace("category:", "needs: tagger\ncategory:"))
    with pytest.raises(RuleError, match="key 'needs': 'tagger' is not something a rule can need"):
        load_rules([tmp_path / "rules"])


def test_an_agency_rule_on_a_shape_and_a_vocabulary_fires(tmp_path: Path) -> None:
    shaped = GOOD.replace('patterns: ["our clients"]', "patterns: [{shape: possessive, words: [clients, members]}]")
    write(tmp_path, shaped.replace("We drove our clients home.", "We drove our new members home."))
    (tmp_path / "rules" / "vocabularies").mkdir()
    (tmp_path / "rules" / "vocabularies" / "program-word.yaml").write_text("name: program-word\nadd: [van]\n")
    code, output = run_check(tmp_path)
    assert code == 1
    assert 'rather than "our clients"' in output
    assert tilint_test_rules(tmp_path / "rules") == 0
    rules = load_rules([tmp_path / "rules"])
    texts = [f.match for f in Linter(rules).lint_text("Our two new members came. Our van members met.", "a.txt")]
    assert texts == ["Our two new members"]


def tilint_test_rules(folder: Path) -> int:
    return CliRunner().invoke(cli, ["test-rules", str(folder)]).exit_code
