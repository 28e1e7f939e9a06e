"""The rules reference (docs/rules.md), generated from the rule files so it cannot drift."""

from __future__ import annotations

from collections.abc import Sequence

from tilint.model import CATEGORIES, Rule

HEADER = """# Rules reference

Generated from the rule files by `tilint rules --format markdown`; do not edit by hand.
Each rule's examples are tests: `flag` examples must fire it, `pass` examples must not.
"""


def render_reference(rules: Sequence[Rule]) -> str:
    """Markdown describing every rule, grouped by category in contract order."""
    parts = [HEADER]
    for category in CATEGORIES:
        members = sorted((r for r in rules if r.category == category), key=lambda r: r.id)
        if not members:
            continue
        parts.append(f"## {category}\n")
        parts.append("| id | name | severity |\n|---|---|---|")
        parts.extend(f"| [{r.id}](#{r.id.lower()}-{r.name}) | {r.name} | {r.severity.label} |" for r in members)
        parts.append("")
        parts.extend(_rule_section(r) for r in members)
    return "\n".join(parts).rstrip() + "\n"


def _rule_section(rule: Rule) -> str:
    source = f"[{rule.source.title}]({rule.source.url})" if rule.source.url else rule.source.title
    lines = [
        f"### {rule.id} {rule.name}\n",
        f"*{rule.category}, {rule.severity.label}*\n",
        " ".join(rule.message.replace("{match}", "…").split()) + "\n",
        f"**Why.** {' '.join(rule.why.split())}\n",
        "**Instead, consider:** " + "; ".join(f"“{a}”" for a in rule.alternatives) + "\n",
        f"**Source:** {source}\n",
        "Flagged:\n",
        *(f"- {_one_line(t)}" for t in rule.flag),
        "\nNot flagged:\n",
        *(f"- {_one_line(t)}" for t in rule.passes),
        "",
    ]
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " / ".join(line.strip() for line in text.strip().splitlines())
