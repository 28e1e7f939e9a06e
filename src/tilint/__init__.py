"""tilint: a trauma-informed language linter for case notes and intake scripts.

The Python API (``lint_text``, ``lint_file``, ``Linter``; see tilint.api) is imported on first
use, so that ``import tilint`` and ``tilint --version`` stay quick and never load spaCy.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing itself is not imported: `import tilint` stays quick

__version__ = "0.1.0"

__all__ = ["Finding", "LintError", "LintNote", "Linter", "Results", "__version__", "lint_file", "lint_text"]

_API = {"lint_text", "lint_file", "Linter", "LintError", "LintNote", "Results"}

if TYPE_CHECKING:
    from tilint.api import LintError, LintNote, Linter, Results, lint_file, lint_text
    from tilint.model import Finding


def __getattr__(name: str) -> object:
    """The API's names, imported when first asked for."""
    if name in _API:
        from tilint import api

        return getattr(api, name)
    if name == "Finding":
        from tilint.model import Finding

        return Finding
    raise AttributeError(f"module 'tilint' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
