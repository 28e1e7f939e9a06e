"""SARIF 2.1.0 and GitHub workflow-command output, for code scanning and pull-request annotations.

Neither format carries note text unless asked: messages name the rule and what to write
instead, and the matched words and source line appear only with ``--show-snippets``.
"""

from __future__ import annotations

from collections.abc import Sequence

from tilint import __version__
from tilint.formatters import Report, indented_json, json_safe, printable
from tilint.model import Finding, Rule, Severity, fill_message

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/tilint/"
SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
GITHUB_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
PLAIN_FINGERPRINT = "tilintFinding/v1"  # a hash of rule, words and line
KEYED_FINGERPRINT = "tilintKeyedFinding/v1"  # the same, hashed with the owner's fingerprint key


def finding_message(finding: Finding, snippets: bool) -> str:
    """The message, with what to write instead; without the matched words unless *snippets*."""
    text = finding.message if snippets else finding.message_redacted
    if finding.suggestions:
        text += " Instead, consider: " + "; ".join(f'"{s}"' for s in finding.suggestions) + "."
    return " ".join(text.split())


def format_sarif(report: Report, rules: Sequence[Rule], snippets: bool = False) -> str:
    """One SARIF run with every loaded rule's metadata and one result per finding."""
    ordered = sorted(rules, key=lambda r: r.id)
    index = {rule.id: i for i, rule in enumerate(ordered)}
    results = [_result(f, index.get(f.rule, -1), report, snippets) for f in report.findings]
    notifications = [
        {
            "level": "error",
            "message": {"text": error.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(error.path)}}}],
        }
        for error in report.errors
    ]
    run = {
        "tool": {
            "driver": {
                "name": "tilint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": [_rule_descriptor(rule) for rule in ordered],
            }
        },
        "invocations": [
            {"executionSuccessful": not report.errors, "toolExecutionNotifications": notifications}
        ],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return json_safe(indented_json({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]})) + "\n"


def _rule_descriptor(rule: Rule) -> dict[str, object]:
    alternatives = "; ".join(f'"{a}"' for a in rule.alternatives)
    source = rule.source.title + (f" ({rule.source.url})" if rule.source.url else "")
    short = fill_message(rule.message, None)
    descriptor: dict[str, object] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": " ".join(rule.why.split())},
        "help": {
            "text": f"{short}\nWhy: {' '.join(rule.why.split())}\nInstead, consider: {alternatives}\nSource: {source}",
            "markdown": (
                f"{short}\n\n**Why.** {' '.join(rule.why.split())}\n\n**Instead, consider:** {alternatives}\n\n"
                f"**Source:** " + (f"[{rule.source.title}]({rule.source.url})" if rule.source.url else rule.source.title)
            ),
        },
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
        "properties": {"category": rule.category, "tags": ["trauma-informed-language", rule.category]},
    }
    if rule.source.url:
        descriptor["helpUri"] = rule.source.url
    return descriptor


def _result(finding: Finding, rule_index: int, report: Report, snippets: bool) -> dict[str, object]:
    region: dict[str, object] = {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": max(finding.end_column, finding.column + 1) if finding.end_line == finding.line else finding.end_column,
    }
    if snippets and finding.match:
        region["snippet"] = {"text": finding.match}
    result: dict[str, object] = {
        "ruleId": finding.rule,
        "level": SARIF_LEVELS[finding.severity],
        "message": {"text": finding_message(finding, snippets)},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(finding.path)}, "region": region}}],
    }
    if report.fingerprint_key:  # keyed: only the key's holder can tell which words made it
        from tilint.baseline import keyed_fingerprint

        result["partialFingerprints"] = {KEYED_FINGERPRINT: keyed_fingerprint(finding.fingerprint, report.fingerprint_key)}
    elif not report.redact:  # a plain hash of words and line can be guessed back: not under --redact
        result["partialFingerprints"] = {PLAIN_FINGERPRINT: finding.fingerprint}
    if rule_index >= 0:
        result["ruleIndex"] = rule_index
    if finding.location:
        result["locations"][0]["message"] = {"text": finding.location}  # type: ignore[index]
    return result


def _uri(path: str) -> str:
    """A relative URI reference: the name's bytes percent-encoded (a name that is not UTF-8
    keeps its own bytes, from the surrogates Python reads them as)."""
    from urllib.parse import quote

    return quote(path.replace("\\", "/").removeprefix("./").encode("utf-8", "surrogateescape"), safe="/")


def format_github(report: Report, snippets: bool = False) -> str:
    """GitHub Actions workflow commands: one annotation per finding and per unreadable input."""
    return "".join(github_line(f, snippets) + "\n" for f in report.findings) + github_error_lines(report)


def github_line(f: Finding, snippets: bool = False) -> str:
    """The annotation of one finding."""
    props = {
        "file": f.path,
        "line": str(f.line),
        "col": str(f.column),
        "endLine": str(f.end_line),
        "endColumn": str(f.end_column),
        "title": f"{f.rule} {f.name}" + (f" ({f.location})" if f.location else ""),
    }
    return _command(GITHUB_LEVELS[f.severity], props, finding_message(f, snippets))


def github_error_lines(report: Report) -> str:
    """The annotations of the inputs tilint could not read."""
    return "".join(
        _command("error", {"file": error.path, "title": "tilint could not read this file"}, error.message) + "\n"
        for error in report.errors
    )


def _command(level: str, props: dict[str, str], message: str) -> str:
    rendered = ",".join(f"{key}={_escape(value, property_value=True)}" for key, value in props.items())
    return f"::{level} {rendered}::{_escape(message)}"


def _escape(value: str, property_value: bool = False) -> str:
    """GitHub's escapes for a workflow command's data (or property), then the other control,
    bidi and separator characters as backslash escapes, so that nothing in a file name can end
    the line and start a command of its own."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return printable(value)
