"""The ``tilint`` command: check, config, rules, explain, test-rules, report, serve and lsp.

Exit status (contract): 0 nothing at or above ``--fail-on``; 1 findings at or above it;
2 a usage, configuration, rules or input error, each reported as one line on stderr.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn
from pathlib import Path

import click

from tilint import __version__
from tilint.formatters import FORMAT_NAMES, STREAMING_FORMATS, StreamWriter, printable
from tilint.model import Finding, Rule, Severity

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_TERMINATED = 128 + 15  # stopped by SIGTERM, as a shell reports a process SIGTERM ended
FAIL_ON = ("error", "warning", "info", "never")


class Failure(click.ClickException):
    """A one-line error that ends the run with exit status 2."""

    exit_code = EXIT_ERROR

    def show(self, file: object = None) -> None:  # noqa: D102 - one plain line, no usage text
        click.echo(f"tilint: error: {printable(self.format_message())}", err=True)


def _split(values: Sequence[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _load(extra: Sequence[str], no_builtin: bool, use_config: bool = True) -> list[Rule]:
    """The rules the command line and the current folder's configuration ask for."""
    from tilint.batch import rule_folders
    from tilint.config import Config, ConfigError, find_config, load_config
    from tilint.rules import RuleError, load_rules

    try:
        found = find_config(Path.cwd()) if use_config else None
        config = load_config(found) if found else Config()
        return load_rules(rule_folders(config, no_builtin, [Path(p) for p in extra]), config.vocabulary_settings())
    except (RuleError, ConfigError) as err:
        raise Failure(str(err)) from None


def _use_colour(option: bool | None) -> bool:
    if option is not None:
        return option
    if os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


rules_option = click.option(
    "--rules", "rule_dirs", multiple=True, type=click.Path(file_okay=False), metavar="DIR",
    help="Also load the rules in DIR (an agency's own pack). Repeatable.",
)
no_builtin_option = click.option("--no-builtin", is_flag=True, help="Do not load the built-in rules.")


def rule_choice_options(config_help: str) -> Any:
    """--select, --ignore, --config, --no-config, --rules and --no-builtin, as the commands that
    lint (report, serve, lsp) share them; *config_help* says where configuration is found."""
    options = (
        click.option("--select", multiple=True, metavar="RULES", help="Only these rule ids, rule names or categories."),
        click.option("--ignore", multiple=True, metavar="RULES", help="Skip these rule ids, rule names or categories."),
        click.option("--config", "config_file", type=click.Path(dir_okay=False), metavar="FILE", help=config_help),
        click.option("--no-config", is_flag=True, help="Ignore configuration files."),
        rules_option,
        no_builtin_option,
    )

    def apply(command: Any) -> Any:
        for option in reversed(options):
            command = option(command)
        return command

    return apply


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="tilint")
def cli() -> None:
    """tilint finds phrasing in case notes and intake scripts that repeats what a trafficker
    did (owning, blaming, doubting, labelling, controlling) and suggests person-centred words."""


class CheckCommand(click.Command):
    """'check', remembering how many arguments came after '--': they are paths, even '-'."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if "--" in args:
            ctx.meta["tilint.after_dashes"] = len(args) - args.index("--") - 1
        return super().parse_args(ctx, args)


def _literal_paths(paths: tuple[str, ...]) -> tuple[str, ...]:
    """The paths, with a '-' given after '--' naming the file '-' rather than standard input."""
    after = click.get_current_context().meta.get("tilint.after_dashes", 0)
    cut = len(paths) - after
    return paths[:cut] + tuple("./-" if path == "-" else path for path in paths[cut:])


def _check_fix_usage(paths: Sequence[str], fix_mode: bool, diff_mode: bool, interactive: bool, redact: bool) -> None:
    """--interactive goes with --fix alone, asks on the terminal and shows the words it asks about."""
    if not interactive:
        return
    if not fix_mode or diff_mode:
        raise Failure("--interactive asks before each change, so it goes with --fix (and not --diff)")
    if "-" in paths:
        raise Failure("--interactive reads your answers from standard input, so it cannot fix text read from '-'")
    if redact:
        raise Failure("--interactive shows the words it asks about, so it does not go with --redact")


@cli.command(cls=CheckCommand)
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default=None,
              help="Output format (default: github under GitHub Actions, else text).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="warning", show_default=True,
              help="Lowest severity that makes the exit status 1.")
@click.option("--select", multiple=True, metavar="RULES",
              help="Only these rule ids, rule names or categories (comma-separated).")
@click.option("--ignore", multiple=True, metavar="RULES",
              help="Skip these rule ids, rule names or categories (comma-separated).")
@click.option("--stdin-filename", metavar="NAME", help="Name (and format) to give text read from '-'.")
@click.option("--redact", is_flag=True, help="Leave matched text and source lines out of the output.")
@click.option("--redact-paths", is_flag=True,
              help="Also hide file names behind a short hash (extension kept), in every output. Implies --redact.")
@click.option("--fingerprint-key", "key_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Key fingerprints (baseline, SARIF) with the key in FILE (default: $TILINT_FINGERPRINT_KEY).")
@click.option("--show-snippets", is_flag=True,
              help="Let the sarif and github formats carry the matched words and message text.")
@click.option("--scripts", "script_globs", multiple=True, metavar="GLOB",
              help="Files that are intake or screening scripts, whatever their text (default: a file named "
                   "with intake, screening, script, interview or questionnaire is one when its text reads as "
                   "one: lines spoken to the person, Ask:/Say: cues). Repeatable.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Use this configuration file instead of looking for .tilint.yaml or pyproject.toml.")
@click.option("--no-config", is_flag=True, help="Ignore configuration files.")
@click.option("--require-reason", is_flag=True,
              help="A suppression without a reason ('-- why') is an error and does not apply.")
@click.option("--report-unused", is_flag=True, help="Report suppressions that silence nothing (exit status 1).")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Report only findings that FILE does not record.")
@click.option("--write-baseline", "write_baseline_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="Record today's findings in FILE (no note text) and exit.")
@click.option("--csv-column", "csv_columns", multiple=True, metavar="NAME",
              help="The note column of CSV exports and Excel workbooks (Sheet!NAME: of one sheet only; default: "
                   "columns named like notes, narrative, comment). Repeatable.")
@click.option("--fix", "fix_mode", is_flag=True,
              help="Rewrite files in place with each rule's safe fix, then report what remains.")
@click.option("--diff", "diff_mode", is_flag=True, help="Print the safe fixes as a unified diff; change nothing.")
@click.option("--interactive", "-i", is_flag=True,
              help="With --fix: for findings without a safe fix, pick an alternative, skip, or stop.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default="0: one per core",
              help="Worker processes for large runs (small runs use one).")
@click.option("--no-prefilter", is_flag=True, hidden=True,
              help="Send every paragraph to spaCy (for benchmarks and the equivalence test).")
@click.option("--model", metavar="NAME_OR_PATH",
              help="A trained spaCy pipeline, installed (en_core_web_sm) or a folder: its parse decides who a sentence "
                   "is about, and rules that need one run. Slower. Never downloaded (default: the configuration's, "
                   "else none).")
@click.option("--color/--no-color", "colour", default=None, help="Force colour on or off (default: on a terminal).")
@rules_option
@no_builtin_option
def check(
    paths: tuple[str, ...], fmt: str | None, fail_on: str, select: tuple[str, ...], ignore: tuple[str, ...],
    stdin_filename: str | None, redact: bool, redact_paths: bool, key_file: str | None, show_snippets: bool,
    script_globs: tuple[str, ...],
    config_file: str | None, no_config: bool, require_reason: bool, report_unused: bool,
    baseline_file: str | None, write_baseline_file: str | None, csv_columns: tuple[str, ...], fix_mode: bool, diff_mode: bool, interactive: bool, jobs: int, no_prefilter: bool, model: str | None, colour: bool | None, rule_dirs: tuple[str, ...], no_builtin: bool,
) -> None:
    """Lint files and folders (default: the current folder); '-' reads standard input."""
    from tilint.config import ConfigError
    from tilint.formatters import render
    from tilint.rules import RuleError
    from tilint.batch import RunOptions, run

    redact = redact or redact_paths
    paths = _literal_paths(paths)
    _check_fix_usage(paths, fix_mode, diff_mode, interactive, redact)
    key = _fingerprint_key(key_file, redact, write_baseline_file)
    hide = _hide_paths(key) if redact_paths else None
    options = RunOptions(
        paths=paths or (".",), stdin_name=stdin_filename, rule_dirs=tuple(Path(p) for p in rule_dirs),
        no_builtin=no_builtin, select=_split(select), ignore=_split(ignore), redact=redact,
        script_globs=script_globs, config=Path(config_file) if config_file else None, use_config=not no_config,
        require_reason=require_reason, use_prefilter=not no_prefilter, jobs=jobs, model=model or None,
        formats={"csv_columns": list(_split(csv_columns))} if csv_columns else {},
    )
    if fmt is None:
        fmt = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if fmt in STREAMING_FORMATS and not (fix_mode or diff_mode or write_baseline_file):
        # findings are written as each file is done, so memory stays flat on any number of files
        _check_streaming(options, fmt, fail_on, redact, show_snippets, report_unused, baseline_file, colour, key, hide)
    if (fix_mode or diff_mode) and "-" in options.paths:  # read once: fixed, shown, then linted again
        from dataclasses import replace

        from tilint.batch import read_stdin
        from tilint.sources import SourceError

        try:
            options = replace(options, stdin=read_stdin())
        except SourceError as err:
            raise Failure(str(err)) from None
    try:
        report, rules = run(options)
    except (RuleError, ConfigError) as err:
        raise Failure(str(err)) from None
    report.report_unused = report_unused
    if fix_mode or diff_mode:  # --diff wins over --fix: it shows the fixes and writes nothing
        report, rules = _fix(options, report, rules, write=fix_mode and not diff_mode, interactive=interactive)
    from tilint.baseline import BaselineError, new_findings, write_baseline
    from tilint.formatters import hide_paths

    try:
        if write_baseline_file:
            write_baseline(Path(write_baseline_file), report.findings, key)
            click.echo(f"Recorded {len(report.findings)} findings in {printable(write_baseline_file)}.")
            sys.exit(EXIT_ERROR if report.errors else EXIT_OK)
        if baseline_file:
            report.findings = new_findings(report.findings, Path(baseline_file), key)
    except BaselineError as err:
        raise Failure(str(err)) from None
    report.fingerprint_key = key
    if hide:
        hide_paths(report, hide)
    output = render(fmt, report, colour=_use_colour(colour), rules=rules, snippets=show_snippets)
    # --fix of standard input prints the fixed text on standard output, so the report goes to stderr
    click.echo(output, nl=False, color=_use_colour(colour), err=fix_mode and options.stdin is not None)
    _finish(report, fmt, fail_on)


def _check_streaming(
    options: object, fmt: str, fail_on: str, redact: bool, snippets: bool, report_unused: bool,
    baseline_file: str | None, colour: bool | None, key: bytes | None = None, hide: Callable[[str], str] | None = None,
) -> None:
    """Run 'check' writing each file's findings as soon as it is done; exits."""
    from tilint.baseline import BaselineError, baseline_filter
    from tilint.batch import run
    from tilint.config import ConfigError
    from tilint.rules import RuleError

    use_colour = _use_colour(colour)
    try:
        keep = baseline_filter(Path(baseline_file), key) if baseline_file else None
    except BaselineError as err:
        raise Failure(str(err)) from None

    def write(text: str) -> None:
        click.echo(text, nl=False, color=use_colour)

    writer = StreamWriter(fmt, write, redact=redact, colour=use_colour, snippets=snippets and not redact, hide=hide)

    def emit(findings: list[Finding], lines: dict[tuple[str, int], str]) -> None:
        writer.add(keep(findings) if keep else findings, lines)

    try:  # rule and configuration problems are found while planning, before anything is written
        report, _ = run(options, emit=emit)  # type: ignore[arg-type]
    except (RuleError, ConfigError) as err:
        raise Failure(str(err)) from None
    report.report_unused = report_unused
    writer.close(report)
    _finish(report, fmt, fail_on)


def _fingerprint_key(key_file: str | None, redact: bool, write_baseline_file: str | None) -> bytes | None:
    """The owner's fingerprint key (from --fingerprint-key FILE, else $TILINT_FINGERPRINT_KEY), or
    None. A baseline written under --redact needs one: plain hashes can be guessed back."""
    from tilint.baseline import KEY_ENV, BaselineError, load_key

    try:
        key = load_key(Path(key_file) if key_file else None)
    except BaselineError as err:
        raise Failure(str(err)) from None
    if key is None and redact and write_baseline_file:
        raise Failure(f"--write-baseline with --redact needs a fingerprint key ({KEY_ENV} or --fingerprint-key "
                      "FILE), so that the words cannot be guessed back from their hashes")
    return key


def _hide_paths(key: bytes | None) -> Callable[[str], str]:
    """--redact-paths: file names hashed (keyed when there is a key) in everything printed."""
    from tilint.baseline import path_hasher

    hide = path_hasher(key)
    click.get_current_context().meta["tilint.hide_path"] = hide
    return hide


def _shown(path: str) -> str:
    """A file name as this run prints it: hashed under --redact-paths, escaped always."""
    context = click.get_current_context(silent=True)
    hide = context.meta.get("tilint.hide_path") if context else None
    return printable(hide(path) if hide else path)


def _finish(report: Any, fmt: str, fail_on: str) -> NoReturn:
    """After the report: notes and input errors on standard error (the text format only; the
    others carry them), then exit with the run's status."""
    if fmt == "text":
        for note in report.notes:
            click.echo(printable(f"{note.path}: note: {note.message}"), err=True)
        for error in report.errors:
            click.echo(printable(f"{error.path}: error: {error.message}"), err=True)
    sys.exit(exit_status(report.severity_counts(), report.errors, fail_on, unused=bool(report.unused())))


def _fix(options: object, report: object, rules: list[Rule], write: bool, interactive: bool) -> tuple[object, list[Rule]]:
    """Apply or show the fixes, then (after a rewrite) lint again to report what remains."""
    from dataclasses import replace

    from tilint.batch import run
    from tilint.fix import Chooser, fix_findings
    from tilint.model import FileError

    choose = Chooser(_ask, lambda line: click.echo(printable(line), err=True)) if interactive else None
    stdin = options.stdin  # type: ignore[attr-defined]
    named = (options.stdin_name or "-", stdin) if stdin is not None else None  # type: ignore[attr-defined]
    outcome = fix_findings(report.findings, {r.id: r for r in rules}, write=write, choose=choose, stdin=named)  # type: ignore[attr-defined]
    for path, why in outcome.skipped:
        click.echo(printable(f"{_shown(path)}: note: not fixed: {why}"), err=True)
    if not write:
        for path, why in outcome.failed:
            click.echo(printable(f"{_shown(path)}: error: {why}"), err=True)
        if options.redact:  # type: ignore[attr-defined] # the diff's lines are note text: only where they are
            from tilint.formatters import redacted_diff

            click.echo(redacted_diff(outcome.files, outcome.diffs, show=_shown), nl=False)
        else:
            click.echo("".join(outcome.diffs), nl=False)
        sys.exit(EXIT_ERROR if outcome.failed else EXIT_FINDINGS if outcome.diffs else EXIT_OK)
    if outcome.stopped:
        click.echo("Stopped: the choices confirmed so far are written; the rest are left as they were.", err=True)
    click.echo(f"Fixed {outcome.fixed} finding{'s' if outcome.fixed != 1 else ''} in "
               f"{len(outcome.files)} file{'s' if len(outcome.files) != 1 else ''}.", err=True)
    if stdin is not None:  # standard input comes back fixed (or as it was) on standard output
        click.echo(outcome.stdin if outcome.stdin is not None else stdin, nl=False)  # bytes: as they were encoded
        options = replace(options, stdin=outcome.stdin if outcome.stdin is not None else stdin)  # type: ignore[type-var]
    report, rules = run(options) if outcome.fixed else (report, rules)  # type: ignore[arg-type]
    report.errors.extend(FileError(path, why) for path, why in outcome.failed)  # type: ignore[attr-defined]
    return report, rules


def _ask(prompt: str) -> str | None:
    """--interactive: show *prompt* on standard error and read one answer (None at end of input)."""
    click.echo(prompt, nl=False, err=True)
    line = sys.stdin.readline()
    return line.rstrip("\r\n") if line else None


def exit_status(severities: Iterable[Severity], errors: Sequence[object], fail_on: str, unused: bool = False) -> int:
    """2 on any input error, else 1 when a finding's severity (*severities*: those of the
    reported findings) is at or above *fail_on* (or a suppression went unused under
    --report-unused), else 0."""
    if errors:
        return EXIT_ERROR
    if fail_on == "never":
        return EXIT_OK
    if unused:
        return EXIT_FINDINGS
    bar = Severity.parse(fail_on)
    return EXIT_FINDINGS if any(severity >= bar for severity in severities) else EXIT_OK


@cli.command(name="rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="markdown prints the rules reference (docs/rules.md).")
@rules_option
@no_builtin_option
def list_rules(fmt: str, rule_dirs: tuple[str, ...], no_builtin: bool) -> None:
    """List the rules: id, severity, category and name."""
    import json

    rules = sorted(_load(rule_dirs, no_builtin), key=lambda r: r.id)
    if fmt == "markdown":
        from tilint.reference import render_reference

        click.echo(render_reference(rules), nl=False)
        return
    if fmt == "json":
        rows = [{"id": r.id, "name": r.name, "category": r.category, "severity": r.severity.label,
                 "message": r.message, "alternatives": list(r.alternatives)} for r in rules]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for r in rules:
        click.echo(f"{r.id:<8} {r.severity.label:<8} {r.category:<12} {r.name}")
    click.echo(f"{len(rules)} rules. 'tilint explain RULE' tells more about one.")


@cli.command()
@click.argument("rule")
@rules_option
@no_builtin_option
def explain(rule: str, rule_dirs: tuple[str, ...], no_builtin: bool) -> None:
    """Show a rule's message, why it matters, what to write instead, its source and examples."""
    from tilint.rules import find_rule

    rules = _load(rule_dirs, no_builtin)
    found = find_rule(rules, rule)
    if found is None:
        raise Failure(f"no rule named {rule!r}; 'tilint rules' lists them")
    click.echo(explain_text(found))


def explain_text(rule: Rule) -> str:
    """The full description of one rule, as ``tilint explain`` prints it."""
    source = rule.source.title + (f"\n  {rule.source.url}" if rule.source.url else "")
    notes = []
    if rule.wording == "person-first":
        notes.append("Asks for person-first wording; '.tilint.yaml' can turn this off "
                     "(wording: {person-first: false}) or accept the terms people choose (wording: {identity-terms: [...]}).")
    if rule.needs == "parse":
        notes.append("Runs only with a trained pipeline (check --model).")
    parts = [
        f"{rule.id} {rule.name} ({rule.category}, {rule.severity.label})",
        f"Message:\n  {rule.message.replace('{match}', '…')}",
        f"Why:\n  {rule.why}",
        *(["Note:\n" + "\n".join(f"  {n}" for n in notes)] if notes else []),
        "Instead, consider:\n" + "\n".join(
            f"  - {a}" + (" (advice: not pasted by --fix)" if a in rule.advice else "") for a in rule.alternatives),
        f"Source:\n  {source}",
        "Flagged:\n" + "\n".join(f"  - {t}" for t in rule.flag),
        "Not flagged:\n" + "\n".join(f"  - {t}" for t in rule.passes),
    ]
    return "\n\n".join(parts)


@cli.command(name="config")
@click.argument("paths", nargs=-1)
@click.option("--config", "config_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="The configuration file 'check --config FILE' would use.")
def show_config(paths: tuple[str, ...], config_file: str | None) -> None:
    """Say which configuration file applies to each PATH (default: the current folder), where it
    was looked for, and what it sets there."""
    from tilint.config import ConfigError, describe_config

    try:
        for index, path in enumerate(paths or (".",)):
            click.echo(("\n" if index else "") + describe_config(Path(path), Path(config_file) if config_file else None),
                       nl=False)
    except ConfigError as err:
        raise Failure(str(err)) from None


@cli.command(name="test-rules")
@click.argument("folder", required=False, type=click.Path(file_okay=False))
@click.option("--select", multiple=True, metavar="RULES", help="Only test these rule ids, names or categories.")
@click.option("--variants/--no-variants", default=None,
              help="Also lint variants of every example (ALL CAPS, plural, tense, shorthand, another subject, ...) "
                   "and report those whose result changes (default: on under CI for the built-in rules).")
@click.option("--strict-variants", is_flag=True, help="Fail (exit status 1) when any variant changes result.")
@click.option("--min-invariance", type=click.FloatRange(0, 100), metavar="PERCENT",
              help="Fail (exit status 1) when fewer variants of flag, or of pass, examples keep their result.")
@click.option("--replacements", is_flag=True,
              help="Also put every alternative that is not advice in place of the words each flag example is "
                   "flagged for, and fail (exit status 1) where the result still gets a finding there, writes a "
                   "word twice, or where an alternative fits no flag example.")
@click.option("--model", metavar="NAME_OR_PATH",
              help="Lint the examples with this trained spaCy pipeline (see check --model).")
def test_rules(
    folder: str | None, select: tuple[str, ...], variants: bool | None, strict_variants: bool,
    min_invariance: float | None, replacements: bool, model: str | None,
) -> None:
    """Check every rule in FOLDER (default: the built-in rules) against its own examples.

    Each example is linted with the whole pack, as a user's text would be. With --variants,
    so is each variant of each example; they are reported, and fail the run only with
    --strict-variants or below --min-invariance. With --replacements, every alternative that
    is not advice is pasted into the flag examples and the results are linted again."""
    from tilint.examples import check_all
    from tilint.rules import RuleError, select_rules
    from tilint.runner import Linter

    rules = _load([folder] if folder else [], no_builtin=bool(folder), use_config=not folder)
    if variants is None:  # on in CI for the built-in pack; asked for by a threshold
        variants = strict_variants or min_invariance is not None or (not folder and _in_ci())
    try:
        selected = select_rules(rules, _split(select), [])
        chosen = {r.id for r in selected}
        if model:
            from tilint.parse import ModelError, check_model

            try:
                check_model(model)
            except ModelError as err:
                raise Failure(f"--model: {err}") from None
        linter = Linter(rules, model=model or "")
        results = [r for r in check_all(linter) if r.rule.id in chosen]
        if variants:
            from tilint.variants import check_variants, people_served

            report = check_variants(linter, [r for r in linter.rules if r.id in chosen], people_served(Path(folder) if folder else None))
        if replacements:
            from tilint.replacements import check_replacements

            pasted = check_replacements(linter, [r for r in linter.rules if r.id in chosen])
    except RuleError as err:
        raise Failure(str(err)) from None
    failures = [r for r in results if not r.ok]
    for failure in failures:
        click.echo(failure.describe())
    failed = bool(failures)
    if variants:  # reported before the examples' verdict, which stays the last line
        for variant in report.changed():
            click.echo(variant.describe())
        click.echo(report.summary())
        failed = failed or report.fails(strict_variants, min_invariance)
    if replacements:
        for problem in pasted.problems():
            click.echo(problem.describe())
        click.echo(pasted.summary())
        failed = failed or bool(pasted.problems())
    click.echo(f"{len(rules)} rules, {len(results)} examples, {len(failures)} failed.")
    sys.exit(EXIT_FINDINGS if failed else EXIT_OK)


def _in_ci() -> bool:
    """Whether the CI environment variable says this runs in continuous integration."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--out", "-o", "out_dir", default="tilint-report", show_default=True, metavar="DIR",
              type=click.Path(file_okay=False), help="Folder for report.html, report.csv and report.json.")
@click.option("--author-column", metavar="NAME", help="The column naming who wrote each note (default: author, "
              "worker, staff, created_by, case_manager, ...).")
@click.option("--date-column", metavar="NAME", help="The column with each note's date (default: date, note_date, "
              "created, service_date, ...).")
@click.option("--day-first", is_flag=True, help="Read 03/04/2024 as 3 April (default: 4 March).")
@click.option("--csv-column", "csv_columns", multiple=True, metavar="NAME",
              help="The note column of exports (default: columns named like notes, narrative, comment). Repeatable.")
@click.option("--show-names", is_flag=True, help="Show folder and worker names instead of codes.")
@click.option("--min-count", type=click.IntRange(min=1), default=5, show_default=True, metavar="N",
              help="Folder, worker and month counts below N are shown as '<N' (1 shows them all).")
@click.option("--since", type=click.Path(dir_okay=False), metavar="FILE",
              help="A previous report.json: show the change since then.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default="0: one per core",
              help="Worker processes on this machine.")
@click.option("--dask", "dask_address", metavar="ADDRESS",
              help="Count on a Dask cluster (tcp://scheduler:8786); needs pip install \"tilint[dask]\".")
@rule_choice_options("Use this configuration file instead of looking for .tilint.yaml or pyproject.toml.")
def report(
    paths: tuple[str, ...], out_dir: str, author_column: str | None, date_column: str | None, day_first: bool,
    csv_columns: tuple[str, ...], show_names: bool, min_count: int, since: str | None, jobs: int,
    dask_address: str | None, select: tuple[str, ...], ignore: tuple[str, ...], config_file: str | None,
    no_config: bool, rule_dirs: tuple[str, ...], no_builtin: bool,
) -> None:
    """An audit of folders or exports for supervisors: counts by category, rule, severity,
    folder, worker and month, as HTML with charts, CSV and JSON. No note text, no matched words."""
    from tilint.batch import RunOptions
    from tilint.config import ConfigError
    from tilint.report.command import ReportError, Request, make_report
    from tilint.report.rows import Columns
    from tilint.rules import RuleError

    options = RunOptions(
        paths=paths or (".",), rule_dirs=tuple(Path(p) for p in rule_dirs), no_builtin=no_builtin,
        select=_split(select), ignore=_split(ignore), redact=True, config=Path(config_file) if config_file else None,
        use_config=not no_config, formats={"csv_columns": _split(csv_columns)} if csv_columns else {},
    )
    request = Request(
        paths or (".",), Path(out_dir), options, Columns(tuple(_split(csv_columns)), author_column, date_column, day_first),
        show_names, min_count, Path(since) if since else None, jobs, dask_address,
    )
    try:
        sys.exit(make_report(request))
    except (ReportError, RuleError, ConfigError) as err:
        raise Failure(str(err)) from None


@cli.command()
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default="0: a free one", help="The port to serve on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@rule_choice_options("Use this configuration file (default: found from the current folder).")
def serve(
    port: int, open_browser: bool, select: tuple[str, ...], ignore: tuple[str, ...], config_file: str | None,
    no_config: bool, rule_dirs: tuple[str, ...], no_builtin: bool,
) -> None:
    """A page on this computer for writing notes: findings appear as you type. It listens on
    127.0.0.1 only, keeps nothing and logs no note text."""
    import webbrowser

    from tilint.api import LintError, Linter
    from tilint.serve import make_server

    try:
        linter = Linter(config=False if no_config else config_file, select=select, ignore=ignore, rules=rule_dirs,
                        no_builtin=no_builtin)
        server = make_server(linter, port)
    except LintError as err:
        raise Failure(str(err)) from None
    except OSError as err:
        import errno

        hint = "; leave out --port and a free one is chosen" if err.errno == errno.EADDRINUSE else ""
        raise Failure(f"cannot serve on port {port}: {err.strerror or err}{hint}") from None
    click.echo(f"tilint: the page is at {server.url} (Ctrl-C to stop)", err=True)
    if open_browser:
        webbrowser.open(server.url)
    try:
        server.serve_forever()
    finally:
        server.server_close()


@cli.command()
@rule_choice_options("Use this configuration file (default: found from each document's folder).")
def lsp(
    select: tuple[str, ...], ignore: tuple[str, ...], config_file: str | None, no_config: bool,
    rule_dirs: tuple[str, ...], no_builtin: bool,
) -> None:
    """A language server for editors (VS Code, Neovim, Emacs), speaking over stdio: findings
    as you type in Markdown, text, HTML and YAML, with quick fixes. Needs pip install "tilint[lsp]"."""
    try:
        from tilint.lsp import serve as serve_lsp
    except ImportError:
        raise Failure('tilint lsp needs pygls, the language server library: pip install "tilint[lsp]"') from None
    from tilint.api import LintError

    try:
        serve_lsp(config=False if no_config else config_file, select=select, ignore=ignore, rules=rule_dirs,
                  no_builtin=no_builtin)
    except LintError as err:
        raise Failure(str(err)) from None


class Interrupted(BaseException):
    """Ctrl-C, raised past click (which would print "Aborted!" and exit 1)."""


class Terminated(BaseException):
    """SIGTERM: the run is stopped as for Ctrl-C, with the exit status of a terminated process."""


def _interrupt(signum: int, frame: object) -> None:
    _stop_workers()
    raise Interrupted


def _terminate(signum: int, frame: object) -> None:
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a second SIGTERM ends tilint at once
    _stop_workers()
    raise Terminated


def _stop_workers() -> None:
    """End the worker processes now, before the run unwinds (which would wait for them); a run
    that started none has not imported tilint.batch's multiprocessing at all."""
    batch = sys.modules.get("tilint.batch")
    if batch is not None:
        batch.stop_workers()


def main(argv: Sequence[str] | None = None, prog_name: str = "tilint") -> None:
    """Entry point for the console script and ``python -m tilint``."""
    import signal

    previous = signal.signal(signal.SIGINT, _interrupt)
    previous_term = signal.signal(signal.SIGTERM, _terminate)
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name=prog_name)
    except Terminated:
        click.echo("tilint: stopped by SIGTERM", err=True)
        sys.exit(EXIT_TERMINATED)
    except (Interrupted, KeyboardInterrupt):
        click.echo("tilint: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (`tilint check notes | head`): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_ERROR)
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.signal(signal.SIGTERM, previous_term)
