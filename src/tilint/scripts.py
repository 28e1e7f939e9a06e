"""Tell an intake or screening script from a case note.

Document-level (autonomy) rules apply to scripts only. A document says what it is in its front
matter (``tilint-document: script`` or ``notes``); otherwise the user's globs decide; otherwise
a file whose name mentions intake, screening, script, interview or questionnaire is a script.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fnmatch import fnmatch
from pathlib import PurePosixPath


DEFAULT_SCRIPT_NAME = re.compile(r"intake|screening|script|interview|questionnaire", re.IGNORECASE)
FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)
FRONT_MATTER_KEYS = ("tilint-document", "tilint_document")
MAX_FRONT_MATTER = 20_000  # characters; a longer block is not read


def front_matter_kind(text: str) -> str | None:
    """``script`` or ``notes`` when the document's YAML front matter says so, else None."""
    match = FRONT_MATTER.match(text[: MAX_FRONT_MATTER + 10])
    if not match:
        return None
    import yaml

    try:
        data = yaml.safe_load(match.group(1))
    except (yaml.YAMLError, RecursionError, ValueError):  # unreadable, nested too deeply, an escape beyond U+10FFFF
        return None
    if not isinstance(data, dict):
        return None
    for key in FRONT_MATTER_KEYS:
        value = data.get(key)
        if isinstance(value, str) and value.strip().lower() in ("script", "notes"):
            return value.strip().lower()
    return None


def is_script(display: str, text: str, globs: Sequence[str] = (), configured: bool | None = None) -> bool:
    """Whether the document at *display* with *text* is an intake or screening script.

    Its front matter decides first, then the command line's *globs*, then what the configuration
    file's ``scripts`` globs said (*configured*), then the file name."""
    declared = front_matter_kind(text)
    if declared is not None:
        return declared == "script"
    path = PurePosixPath(display.replace("\\", "/"))
    if globs:
        return any(fnmatch(str(path), g) or fnmatch(path.name, g) for g in globs)
    if configured is not None:
        return configured
    return bool(DEFAULT_SCRIPT_NAME.search(path.name))
