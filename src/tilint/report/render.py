"""A tally made into tables, and the tables into JSON, CSV and one self-contained HTML page
with charts (static SVG drawn by matplotlib: no JavaScript, nothing fetched, text drawn as
paths so that no font is needed).

Small counts are suppressed: in the folder, worker and month tables every count from 1 to
``min_count - 1`` is written "<N" (with N = min_count), and a share made from such a count is
left out, so that nobody can be singled out by a small number.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from tilint import __version__
from tilint.model import CATEGORIES
from tilint.report.tally import Tally

REPORT_VERSION = 1
SEVERITIES = ("error", "warning", "info")
Value = Any  # int, float, str ("<5") or None


@dataclass
class Table:
    """One table of the report: its name (JSON key, CSV 'table' column), title and rows."""

    name: str
    title: str
    columns: list[str]
    rows: list[dict[str, Value]] = field(default_factory=list)


@dataclass
class Report:
    """Everything a report shows."""

    generated: str
    summary: dict[str, Value]
    tables: list[Table]
    names: str  # "hashed" or "shown"
    min_count: int
    since: str | None = None  # when the previous report was made

    def table(self, name: str) -> Table | None:
        return next((t for t in self.tables if t.name == name), None)


class PreviousError(ValueError):
    """A --since file that is not a tilint report's JSON."""


def load_previous(text: str) -> dict[str, Any]:
    """A previous report's JSON, checked enough to compare with (raises PreviousError)."""
    try:
        data = json.loads(text)
    except ValueError as err:
        raise PreviousError(f"not JSON ({err})") from None
    if not isinstance(data, dict) or not isinstance(data.get("tables"), dict) or not isinstance(data.get("summary"), dict):
        raise PreviousError("not a tilint report's JSON (no summary and tables)")
    return data


def _share(flagged: int, notes: int) -> float | None:
    return round(flagged / notes, 4) if notes else None


def _small(value: int, min_count: int) -> Value:
    return f"<{min_count}" if 0 < value < min_count else value


def _before(previous: Mapping[str, Any] | None, table: str, key: str) -> dict[str, int]:
    """findings by *key* in the previous report's *table* (only exact counts)."""
    rows = (previous or {}).get("tables", {}).get(table) or []
    return {str(r.get(key)): r["findings"] for r in rows if isinstance(r, dict) and isinstance(r.get("findings"), int)}


def _change(now: int, before: Mapping[str, int] | None, name: str) -> int | None:
    return None if before is None else now - before.get(name, 0)


def build(tally: Tally, min_count: int = 5, show_names: bool = False, previous: Mapping[str, Any] | None = None) -> Report:
    """The report's tables from *tally*; with *previous* (a report's JSON), the change since."""
    share = _share(tally.flagged, tally.notes)
    summary: dict[str, Value] = {
        "files": tally.files, "files_not_read": len(tally.errors), "notes": tally.notes,
        "notes_with_findings": tally.flagged, "share_with_findings": share, "findings": tally.findings,
    }
    if previous is not None:
        old = previous.get("summary", {})
        for key in ("notes", "notes_with_findings", "findings"):
            if isinstance(old.get(key), int):
                summary[f"{key}_change"] = summary[key] - old[key]
        if share is not None and isinstance(old.get("share_with_findings"), (int, float)):
            summary["share_with_findings_change"] = round(share - old["share_with_findings"], 4)
    tables = [_counted("category", "Findings by category", tally.categories, previous,
                       order=[c for c in CATEGORIES if tally.categories[c] or c in _before(previous, "category", "category")]),
              _rules(tally, previous),
              _counted("severity", "Findings by severity", tally.severities, previous, order=list(SEVERITIES))]
    for group, title in (("folder", "Notes by folder"), ("worker", "Notes by worker"), ("month", "Notes by month")):
        if tally.groups.get(group):
            tables.append(_grouped(group, title, tally.groups[group], min_count))
    since = str(previous.get("generated") or "an earlier date") if previous is not None else None
    generated = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return Report(generated, summary, tables, "shown" if show_names else "hashed", min_count, since)


def _counted(name: str, title: str, counts: Mapping[str, int], previous: Mapping[str, Any] | None,
             order: Sequence[str]) -> Table:
    before = _before(previous, name, name) if previous is not None else None
    table = Table(name, title, [name, "findings", "change"])
    for key in sorted(order, key=lambda k: (-counts.get(k, 0), order.index(k))) if name != "severity" else order:
        table.rows.append({name: key, "findings": counts.get(key, 0), "change": _change(counts.get(key, 0), before, key)})
    return table


def _rules(tally: Tally, previous: Mapping[str, Any] | None) -> Table:
    before = _before(previous, "rule", "rule") if previous is not None else None
    names = dict(tally.rule_names)
    for row in ((previous or {}).get("tables", {}).get("rule") or []):  # a rule that no longer fires
        if isinstance(row, dict) and str(row.get("rule")) not in names:
            names[str(row.get("rule"))] = (str(row.get("name", "")), str(row.get("category", "")))
    table = Table("rule", "Findings by rule", ["rule", "name", "category", "findings", "change"])
    for rule in sorted(names, key=lambda r: (-tally.rules[r], r)):
        table.rows.append({"rule": rule, "name": names[rule][0], "category": names[rule][1],
                           "findings": tally.rules[rule], "change": _change(tally.rules[rule], before, rule)})
    return table


def _grouped(name: str, title: str, groups: Mapping[str, Sequence[int]], min_count: int) -> Table:
    table = Table(name, title, [name, "notes", "notes_with_findings", "share_with_findings", "findings"])
    keys = sorted(groups) if name == "month" else sorted(groups, key=lambda k: (-groups[k][0], k))
    for key in keys:
        notes, flagged, findings = groups[key]
        hidden = 0 < notes < min_count or 0 < flagged < min_count
        table.rows.append({
            name: key, "notes": _small(notes, min_count), "notes_with_findings": _small(flagged, min_count),
            "share_with_findings": None if hidden else _share(flagged, notes), "findings": _small(findings, min_count),
        })
    return table


# Outputs -------------------------------------------------------------------------------------


def to_json(report: Report) -> str:
    data = {
        "tilint": __version__, "report": REPORT_VERSION, "generated": report.generated, "since": report.since,
        "names": report.names, "min_count": report.min_count, "summary": report.summary,
        "tables": {t.name: t.rows for t in report.tables},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = ["table", "key", "name", "category", "notes", "notes_with_findings", "share_with_findings", "findings",
               "change"]


def to_csv(report: Report) -> str:
    """Every table in one CSV: a 'table' column says which, 'key' holds the row's category,
    rule, severity, folder, worker or month. Opens in any spreadsheet."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    summary = report.summary
    writer.writerow({"table": "summary", "key": "all", **{k: summary.get(k) for k in CSV_COLUMNS[4:8]},
                     "change": summary.get("findings_change")})
    for table in report.tables:
        for row in table.rows:
            cells = {"table": table.name, "key": row[table.columns[0]], **row}
            writer.writerow({k: _inert(v) for k, v in cells.items()})
    return out.getvalue()


def _inert(value: Value) -> Value:
    """A text cell that a spreadsheet would run as a formula (=, +, -, @ first), quoted with an
    apostrophe, as spreadsheets themselves do: a name shown with --show-names is only read."""
    return f"'{value}" if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _number(value: Value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1%}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _signed(value: Value, percent: bool = False) -> str:
    if value is None:
        return ""
    if percent:
        return f"{value * 100:+.1f} pts"
    return f"{value:+,}" if value else "±0"


COUNTS = frozenset({"notes", "notes_with_findings", "share_with_findings", "findings", "change"})


def _html_table(table: Table) -> str:
    heads = {"notes_with_findings": "notes with a finding", "share_with_findings": "share with a finding"}
    shown = [c for c in table.columns if c != "change" or any(r.get("change") is not None for r in table.rows)]
    head = "".join(f'<th scope="col">{html.escape(heads.get(c, c))}</th>' for c in shown)
    body = []
    for row in table.rows:
        cells = []
        for column in shown:
            value = row.get(column)
            text = _signed(value) if column == "change" else _number(value)
            cells.append(f'<td class="{"n" if column in COUNTS else "t"}">{html.escape(text)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    if not body:
        body.append(f'<tr><td colspan="{len(shown)}">nothing found</td></tr>')
    return f'<table id="table-{table.name}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def _chart(table: Table, number: int) -> str:
    """The SVG chart for *table*, or '' when it has nothing to draw."""
    from tilint.report.charts import bar_chart

    name = table.name
    if name in ("category", "rule", "severity"):
        rows = [r for r in table.rows if r["findings"]][:10]
        labels = [f'{r["rule"]} {r["name"]}' if name == "rule" else r[name] for r in rows]
        values = [r["findings"] for r in rows]
        return bar_chart(labels, values, "findings", number) if rows else ""
    rows = [r for r in table.rows if isinstance(r["share_with_findings"], float)]
    if name != "month":
        rows = sorted(rows, key=lambda r: -r["share_with_findings"])[:20]
    values = [r["share_with_findings"] * 100 for r in rows]
    return bar_chart([r[name] for r in rows], values, "% of notes with a finding", number,
                     vertical=name == "month", percent=True) if rows else ""


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;margin:0;color:#1d2330;background:#fff}
main{max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.2rem;margin:2rem 0 .6rem;border-bottom:1px solid #d5dae3;padding-bottom:.3rem}
.meta{color:#4a5568;margin:0 0 1rem}
.cards{display:flex;flex-wrap:wrap;gap:.8rem}.card{border:1px solid #d5dae3;border-radius:.4rem;padding:.7rem 1rem;min-width:10rem}
.card b{display:block;font-size:1.5rem}.card span{color:#4a5568;font-size:.9rem}
figure{margin:.5rem 0 1rem}figure svg{max-width:100%;height:auto}
table{border-collapse:collapse;margin:.4rem 0 1rem;font-size:.92rem}
th,td{border-bottom:1px solid #e2e6ee;padding:.3rem .7rem;text-align:left}th{background:#f3f5f9}td.n{text-align:right;font-variant-numeric:tabular-nums}
.privacy{background:#f3f5f9;border-radius:.4rem;padding:.6rem 1.2rem}
@media print{main{max-width:none}}
"""


def to_html(report: Report) -> str:
    """One page that opens offline: inline CSS and SVG, no script, and a policy that forbids
    the page to load anything."""
    s = report.summary
    cards = [
        (_number(s["notes"]), "notes read", _signed(s.get("notes_change"))),
        (_number(s["notes_with_findings"]), "notes with a finding", _signed(s.get("notes_with_findings_change"))),
        (_number(s["share_with_findings"]), "of notes have a finding",
         _signed(s.get("share_with_findings_change"), percent=True)),
        (_number(s["findings"]), "findings", _signed(s.get("findings_change"))),
    ]
    card_html = "".join(
        f'<div class="card"><b>{html.escape(big)}</b><span>{html.escape(label)}'
        f'{" (" + html.escape(change) + " since the last report)" if change else ""}</span></div>'
        for big, label, change in cards
    )
    since = f" Changes are since the report of {html.escape(report.since)}." if report.since else ""
    sections = []
    for number, table in enumerate(report.tables, 1):
        chart = _chart(table, number)
        figure = (f'<figure role="img" aria-label="{html.escape(table.title)}">{chart}</figure>' if chart else "")
        note = _table_note(table)
        sections.append(f'<section id="{table.name}"><h2>{html.escape(table.title)}</h2>{note}{figure}'
                        f"{_html_table(table)}</section>")
    names = ("Folder and worker names are shown as they are (--show-names)." if report.names == "shown" else
             "Folder and worker names are replaced by a code made with a key drawn for this report and "
             "never saved: the same name has the same code within this report, and nobody can work out "
             "or test a name from its code.")
    privacy = (
        '<section id="privacy" class="privacy"><h2>What this report never shows</h2><ul>'
        "<li>No note text and no matched words: only counts, rule names and categories.</li>"
        "<li>No file names.</li>"
        f"<li>{html.escape(names)}</li>"
        f"<li>In the folder, worker and month tables, a count from 1 to {report.min_count - 1} is shown as "
        f"&lt;{report.min_count}, and no share is given for it, so that nobody can be singled out.</li>"
        "</ul></section>"
    )
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>tilint report, {html.escape(report.generated)}</title><style>{STYLE}</style></head><body><main>"
        "<h1>Language in case notes: audit report</h1>"
        f'<p class="meta">Made by tilint {__version__} on {html.escape(report.generated)} from '
        f'{_number(s["files"])} files ({_number(s["files_not_read"])} could not be read).{since}</p>'
        f'<section id="summary"><div class="cards">{card_html}</div></section>'
        + "".join(sections) + privacy + "</main></body></html>\n"
    )


def _table_note(table: Table) -> str:
    notes = {
        "rule": "Most frequent first. 'tilint explain RULE' tells why a rule exists and what to write instead.",
        "worker": "Workers are found in the export's author column.",
        "month": "Months are read from the export's date column ('unknown': a date that could not be read).",
    }
    text = notes.get(table.name, "")
    return f"<p>{html.escape(text)}</p>" if text else ""


_ID = re.compile(r'\bid="([^"]+)"')


def prefixed_ids(svg: str, prefix: str) -> str:
    """*svg* with every id (and every reference to one) prefixed, so that several charts can sit
    in one page without their glyph and clip-path ids colliding."""
    ids = set(_ID.findall(svg))
    if not ids:
        return svg
    pattern = re.compile(r'(id="|#)(' + "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True)) + r')(?=["\)])')
    return pattern.sub(lambda m: f"{m.group(1)}{prefix}{m.group(2)}", svg)
