"""tilint: a trauma-informed language linter for case notes and intake scripts."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
