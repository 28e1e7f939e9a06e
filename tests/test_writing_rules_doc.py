"""docs/writing-rules.md's samples are true: the sample rule passes its own examples and
replacements, every YAML sample reads, and the vocabulary samples do what the text says."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from click.testing import CliRunner

from tilint.cli import cli

DOC = Path(__file__).resolve().parents[1] / "docs" / "writing-rules.md"
SAMPLES = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def _sample(starting: str) -> str:
    return next(s for s in SAMPLES if s.lstrip().startswith(starting))


def test_every_yaml_sample_reads() -> None:
    assert len(SAMPLES) >= 8
    for sample in SAMPLES:  # the "before" excerpt of TI202 is the inside of its patterns list
        assert yaml.safe_load(sample if not sample.startswith(" ") else "patterns:\n" + sample) is not None


def test_the_sample_rule_passes_its_examples_and_replacements(tmp_path: Path) -> None:
    (tmp_path / "TI101-possessive-victims.yaml").write_text(_sample("id: TI101"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["test-rules", str(tmp_path), "--replacements"])
    assert result.exit_code == 0, result.output
    assert "1 rules, 5 examples, 0 failed." in result.output
    assert "Replacements: 3 of 3 read cleanly" in result.output  # "the" in place of "my" and "your"


def test_the_vocabulary_samples_add_member_and_remove_guest(tmp_path: Path) -> None:
    (tmp_path / "our-rules" / "vocabularies").mkdir(parents=True)
    (tmp_path / "our-rules" / "vocabularies" / "people-served.yaml").write_text(
        _sample("# our-rules/vocabularies/people-served.yaml"), encoding="utf-8")
    note = tmp_path / "note.txt"
    note.write_text("Member is so damaged.\n\nGuest is so damaged.\n", encoding="utf-8")

    def flagged(*args: str) -> list[int]:
        result = CliRunner().invoke(cli, ["check", "--format", "json", "--select", "TI202", *args, str(note)])
        return [f["line"] for f in json.loads(result.stdout)["findings"]]

    assert flagged("--no-config") == [3]
    assert flagged("--no-config", "--rules", str(tmp_path / "our-rules")) == [1]
    config = tmp_path / ".tilint.yaml"
    config.write_text(_sample("vocabularies:"), encoding="utf-8")
    assert flagged("--config", str(config)) == [1, 3]
