"""tilint imports spaCy without spaCy's command-line package, and falls back to the ordinary
import when that cannot be done. Each case runs in a fresh interpreter, as spaCy is imported
once per process."""

from __future__ import annotations

import subprocess
import sys
import textwrap

LINT = """
from tilint.rules import builtin_rules_dir, load_rules
from tilint.runner import Linter

linter = Linter(load_rules([builtin_rules_dir()]))
text = "Why didn't you leave? She claims he kept her passport. Our girls were rescued by me."
print([(f.rule, f.column) for f in linter.lint_text(text, "note.txt")])
"""


def _run(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()


def test_spacy_is_imported_without_its_command_line_package() -> None:
    light, absent, real = _run(LINT + """
import sys
print(sorted(m for m in ("spacy.cli", "typer", "weasel", "requests", "httpx") if m in sys.modules))
import spacy.cli  # asked for later, it is the real package
print(hasattr(spacy.cli, "download"), callable(spacy.info))
""")
    assert absent == "[]"
    assert real == "True True"
    # the same findings as with spaCy imported the ordinary way first
    (ordinary,) = _run("import spacy\n" + LINT)
    assert light == ordinary
    assert "TI" in light  # not an empty list: the sentence has findings


def test_falls_back_to_the_ordinary_import() -> None:
    # A spaCy whose __init__ needs more of spacy.cli than the stand-ins offer (here: stand-ins
    # without `info`): tilint imports spaCy the ordinary way and finds the same.
    findings, real = _run("""
import types
import tilint.nlp as nlp

def lacking():
    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []
    return {"spacy.cli": cli, "spacy.cli.info": types.ModuleType("spacy.cli.info")}

nlp._stand_ins = lacking
""" + LINT + """
import sys
print(hasattr(sys.modules.get("spacy.cli"), "download"))
""")
    assert real == "True"  # imported the ordinary way, command-line package and all
    (ordinary,) = _run("import spacy\n" + LINT)
    assert findings == ordinary
