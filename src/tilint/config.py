"""Configuration: ``.tilint.yaml`` or ``[tool.tilint]`` in ``pyproject.toml``, found by walking up
from each linted file, validated with one clear line per mistake. Never imports spaCy.

```yaml
rules:                      # by rule id, rule name or category; the more specific wins
  judgment: info            # off | error | warning | info
  TI101: off
  possessive-girls: {severity: error}
extra_rules: [agency-rules] # folders of an agency's own rules, relative to this file
csv_columns: [case_note]    # the note columns of CSV exports
no_builtin: false
exclude: ["archive/**"]     # gitignore-style globs, relative to this file
scripts: ["intake/**"]      # which files are intake or screening scripts
overrides:                  # per-path settings, later entries win
  - files: ["notes/**"]
    rules: {credibility: off}
wording:                    # the terms the agency or the people it serves choose
  person-first: false       # the rules marked `wording: person-first` are off (same as rules: {person-first: off})
  identity-terms: [autistic, Deaf, sex worker]   # ... or they stay on and accept these terms
```
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any


from tilint.model import CATEGORIES, Rule, Severity, close_match

CONFIG_NAMES = (".tilint.yaml", ".tilint.yml", "pyproject.toml")
TOP_KEYS = (
    "rules", "extra_rules", "no_builtin", "exclude", "scripts", "formats", "csv_columns", "overrides", "vocabularies",
    "model",
    "wording",
)
OVERRIDE_KEYS = ("files", "rules")
OFF = "off"
# A selector of ``rules:`` naming every rule marked ``wording: person-first``, like a category.
PERSON_FIRST = "person-first"
WORDING_KEYS = ("person-first", "identity-terms")


class ConfigError(Exception):
    """A configuration mistake; ``str(err)`` is one line naming the file and the key."""


@dataclass(frozen=True)
class Setting:
    """What the configuration says about one rule selector: off, or a severity."""

    selector: str
    severity: Severity | None  # None means off


@dataclass(frozen=True)
class Override:
    files: tuple[str, ...]
    settings: tuple[Setting, ...]


@dataclass(frozen=True)
class Config:
    """One configuration file's settings. ``root`` is the folder its globs are relative to."""

    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    settings: tuple[Setting, ...] = ()
    extra_rules: tuple[Path, ...] = ()
    no_builtin: bool = False
    exclude: tuple[str, ...] = ()
    scripts: tuple[str, ...] = ()
    formats: tuple[tuple[str, str], ...] = ()  # (glob, adapter name); the last matching glob wins
    csv_columns: tuple[str, ...] = ()  # the note columns of CSV exports
    model: str = ""  # a trained spaCy pipeline: a package name, or a folder (made absolute); --model wins
    # changes to shared vocabularies: (name, ((add | remove | words, (word, ...)), ...)), see tilint.vocab
    vocabularies: tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...] = ()

    def vocabulary_settings(self) -> dict[str, dict[str, list[str]]]:
        """The ``vocabularies`` setting as tilint.vocab.build reads it."""
        return {name: {key: list(words) for key, words in change} for name, change in self.vocabularies}
    overrides: tuple[Override, ...] = ()

    def format_for(self, path: Path) -> str | None:
        """The adapter the ``formats`` setting names for *path*, if any."""
        if not self.formats:
            return None
        relative = self.relative(path) if path.is_absolute() or path.exists() else path.as_posix()
        chosen = None
        for glob, name in self.formats:
            if relative is not None and (_matches((glob,), relative) or _matches((glob,), path.name)):
                chosen = name
        return chosen

    def relative(self, path: Path) -> str | None:
        """*path* relative to this configuration's folder, or None when outside it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None

    def excludes(self, path: Path) -> bool:
        """Whether *path* matches an ``exclude`` glob."""
        if not self.exclude:
            return False
        relative = self.relative(path)
        return relative is not None and _matches(self.exclude, relative)

    def is_script_path(self, path: Path) -> bool | None:
        """True or False when ``scripts`` globs are set, else None (use the default)."""
        if not self.scripts:
            return None
        relative = self.relative(path)
        return relative is not None and _matches(self.scripts, relative)

    def severities(self, rules: Sequence[Rule], path: Path | None) -> dict[str, Severity]:
        """The rules that are on for *path*, with their severity."""
        relative = self.relative(path) if path is not None and self.overrides else None
        chosen = tuple(o for o in self.overrides if relative is not None and _matches(o.files, relative))
        return dict(_severities(rules, self.settings + tuple(s for o in chosen for s in o.settings)))


_SEVERITIES: dict[tuple[tuple[tuple[str, str, str, Severity], ...], tuple[Setting, ...]], dict[str, Severity]] = {}


def _severities(rules: Sequence[Rule], settings: tuple[Setting, ...]) -> dict[str, Severity]:
    """The rules that *settings* leave on, with their severity (remembered: files share settings)."""
    key = (tuple((rule.id, rule.name, rule.category, rule.severity, rule.wording) for rule in rules), settings)
    if key in _SEVERITIES:
        return _SEVERITIES[key]
    active = {rule.id: rule.severity for rule in rules}
    for specific in (False, True):  # categories (and person-first) first, then rule ids and names
        for setting in settings:
            if (setting.selector in CATEGORIES or setting.selector == PERSON_FIRST) == specific:
                continue
            for rule in rules:
                if (setting.selector in (rule.category, rule.name) or setting.selector.upper() == rule.id.upper()
                        or (setting.selector == PERSON_FIRST and rule.wording == PERSON_FIRST)):
                    if setting.severity is None:
                        active.pop(rule.id, None)
                    else:
                        active[rule.id] = setting.severity
    if len(_SEVERITIES) >= 64:
        _SEVERITIES.clear()
    _SEVERITIES[key] = active
    return active


def _matches(globs: Iterable[str], relative: str) -> bool:
    return _spec(tuple(globs)).match_file(relative)


@lru_cache(maxsize=256)
def _spec(globs: tuple[str, ...]) -> Any:
    from pathspec import GitIgnoreSpec

    return GitIgnoreSpec.from_lines(globs)


REPOSITORY_ROOT = "the repository root (it holds .git)"
TOP = "the top of the file system"


def find_config(start: Path, known: dict[Path, Path | None] | None = None) -> Path | None:
    """The nearest configuration file in *start*'s folder or above (a pyproject.toml counts only
    when it has a [tool.tilint] table), no higher than the repository root (see _look_in).

    *known* remembers the answer for every folder looked at, so that the folders of one run,
    which share their parents, look at each parent once."""
    folder = start if start.is_dir() else start.parent
    resolved = folder.resolve()
    known = {} if known is None else known
    passed = []
    found: Path | None = None
    for candidate in [resolved, *resolved.parents]:
        if candidate in known:
            found = known[candidate]
            break
        passed.append(candidate)
        found, stop = _look_in(candidate)
        if found is not None or stop:
            break
    known.update(dict.fromkeys(passed, found))
    return found


@dataclass(frozen=True)
class Search:
    """How the configuration of a folder was found: the file (None: none applies), the folders
    looked in, nearest first, and why the search ended there."""

    found: Path | None
    looked: tuple[Path, ...]
    stop: str


def search_config(start: Path) -> Search:
    """find_config, telling the folders it looked in and why it stopped (``tilint config``)."""
    folder = (start if start.is_dir() else start.parent).resolve()
    looked: list[Path] = []
    for candidate in [folder, *folder.parents]:
        found, stop = _look_in(candidate)
        looked.append(candidate)
        if found is not None:
            return Search(found, tuple(looked), "")
        if stop:
            return Search(None, tuple(looked), stop)
    return Search(None, tuple(looked), TOP)


def _look_in(folder: Path) -> tuple[Path | None, str]:
    """The configuration file in *folder*, if any, and why the search goes no higher ('' when it
    goes on): *folder* is the repository root (it holds ``.git``, a folder or, in a submodule or
    worktree, a file). In a folder anyone may write to (like /tmp), a file another user owns
    could have been left by anyone: it is passed over. A configuration above the repository
    applies only when named with ``--config``."""
    open_to_all = _open_to_all(folder)
    found = next(
        (path for name in CONFIG_NAMES if (path := folder / name).is_file()
         and (not open_to_all or _mine(path)) and (name != "pyproject.toml" or _has_tool_table(path))),
        None,
    )
    return found, REPOSITORY_ROOT if os.path.lexists(folder / ".git") else ""


def _open_to_all(folder: Path) -> bool:
    """Whether any user may write to *folder* (on Windows, modes do not say)."""
    try:
        return os.name == "posix" and bool(folder.stat().st_mode & stat.S_IWOTH)
    except OSError:
        return False


def _mine(path: Path) -> bool:
    """Whether the user running tilint owns *path* (a network share may show every folder open
    to all, but the files there as the user's own)."""
    try:
        return path.stat().st_uid == os.geteuid()
    except (OSError, AttributeError):
        return False


def _has_tool_table(path: Path) -> bool:
    try:
        if b"tilint" not in _read_bytes(path):  # no table can be named without the word
            return False
        tool = _read_toml(path).get("tool", {})
        return isinstance(tool, dict) and "tilint" in tool  # (tool = 'tilint' names no table)
    except ConfigError:
        return True  # report the unreadable or broken file rather than skip past it


def _read_bytes(path: Path) -> bytes:
    """The bytes of a configuration file, if it is a regular file (a named pipe or a device would
    be read for ever)."""
    from tilint.sources import SourceError, read_bytes

    try:
        return read_bytes(path)
    except SourceError as err:
        raise ConfigError(f"{path}: {err}") from None


def _read_text(path: Path) -> str:
    """The text of a configuration file, in UTF-8."""
    try:
        return _read_bytes(path).decode("utf-8")
    except UnicodeDecodeError as err:
        raise ConfigError(f"{path}: cannot read: {err}") from None


NESTED = "nested too deeply to be a configuration"


def _read_toml(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(_read_text(path))
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: TOML syntax error: {err}") from None
    except RecursionError:
        raise ConfigError(f"{path}: {NESTED}") from None


def load_config(path: Path) -> Config:
    """Read and validate one configuration file."""
    if path.name == "pyproject.toml":
        tool = _read_toml(path).get("tool", {})
        if not isinstance(tool, dict):
            raise ConfigError(f"{path}: key 'tool': expected a table, such as [tool.tilint]")
        data = tool.get("tilint", {})
    else:
        import yaml

        from tilint.rules import MAX_NODES, _within, rule_loader, yaml_error

        text = _read_text(path)
        try:
            data = yaml.load(text, Loader=rule_loader())  # noqa: S506 - a SafeLoader
            if not _within(data, MAX_NODES):
                raise ConfigError(f"{path}: too large once its YAML aliases are expanded")
        except yaml.YAMLError as err:
            raise ConfigError(yaml_error(path, text, err)) from None
        except RecursionError:
            raise ConfigError(f"{path}: {NESTED}") from None
    return parse_config(data if data is not None else {}, path)


def parse_config(data: Any, path: Path) -> Config:
    """Validate the settings of one configuration file."""

    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{path}: key '{key}': {problem}")

    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings")
    _known_keys(data, TOP_KEYS, "", fail)
    root = path.parent
    overrides = []
    for index, item in enumerate(_list(data, "overrides", fail, kind=dict)):
        where = f"overrides[{index}]"
        _known_keys(item, OVERRIDE_KEYS, where + ".", fail)
        files = _globs(item, "files", fail, prefix=where + ".")
        if not files:
            raise fail(where + ".files", "needs at least one glob")
        overrides.append(Override(files, _settings(item.get("rules", {}), where + ".rules", fail)))
    no_builtin = data.get("no_builtin", False)
    if not isinstance(no_builtin, bool):
        raise fail("no_builtin", "expected true or false")
    wording_settings, identity_terms = _wording(data.get("wording", {}), fail)
    return Config(
        path=path,
        root=root,
        # wording first, so that a rule named under ``rules:`` (or ``rules: {person-first: ...}``) wins
        settings=wording_settings + _settings(data.get("rules", {}), "rules", fail),
        extra_rules=_rule_folders(root, _list(data, "extra_rules", fail, kind=str), fail),
        no_builtin=no_builtin,
        exclude=_globs(data, "exclude", fail),
        scripts=_globs(data, "scripts", fail),
        formats=_formats(data.get("formats", {}), fail),
        csv_columns=tuple(_list(data, "csv_columns", fail, kind=str)),
        model=_model(data.get("model", ""), root, fail),
        overrides=tuple(overrides),
        vocabularies=_vocabularies(data.get("vocabularies", {}), fail) + identity_terms,
    )


def _wording(value: Any, fail: Any) -> tuple[tuple[Setting, ...], tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]]:
    """``wording: {person-first: false, identity-terms: [autistic, Deaf]}``: the rules marked
    ``wording: person-first`` are off, or they accept the terms the agency or the people it serves
    choose (an ``identity-term`` vocabulary, see tilint.rules.IDENTITY_TERMS)."""
    from tilint.rules import IDENTITY_TERMS

    if not isinstance(value, dict):
        raise fail("wording", "expected a mapping such as {person-first: false} or {identity-terms: [autistic, Deaf]}")
    _known_keys(value, WORDING_KEYS, "wording.", fail)
    person_first = value.get("person-first", True)
    if not isinstance(person_first, bool):
        raise fail("wording.person-first", "expected true or false (false turns the person-first rules off)")
    terms = value.get("identity-terms", [])
    if isinstance(terms, str):
        terms = [terms]
    if not isinstance(terms, list) or not all(isinstance(t, str) and t.strip() for t in terms):
        raise fail("wording.identity-terms", "expected a list of words, such as [autistic, Deaf, disabled]")
    settings = () if person_first else (Setting(PERSON_FIRST, None),)
    vocabularies = ((IDENTITY_TERMS, (("add", tuple(t.strip() for t in terms)),)),) if terms else ()
    return settings, vocabularies


def _model(value: Any, root: Path, fail: Any) -> str:
    """``model: en_core_web_sm`` (an installed spaCy pipeline) or ``model: ./pipelines/notes`` (a
    folder, relative to the configuration's folder). Whether it is installed is checked when used."""
    if not isinstance(value, str):
        raise fail("model", "expected the name of an installed spaCy pipeline, such as en_core_web_sm, or a folder")
    name = value.strip()
    if not name:
        return ""
    if name.startswith("~"):
        return str(Path(name).expanduser())
    if name.startswith(".") or "/" in name or os.sep in name or (root / name).is_dir():
        return str(root / name)  # (an absolute path stays as it is)
    return name


VOCABULARY_KEYS = ("add", "remove", "words")


def _vocabularies(value: Any, fail: Any) -> tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]:
    """``vocabularies: {people-served: {add: [member]}}``: words added to, removed from or
    replacing a shared vocabulary, for every rule that uses it."""
    if not isinstance(value, dict):
        raise fail("vocabularies", "expected a mapping such as {people-served: {add: [member]}}")
    found = []
    for name, change in value.items():
        where = f"vocabularies.{name}"
        if not isinstance(change, dict) or not change:
            raise fail(where, "expected a mapping with add, remove or words, such as {add: [member]}")
        _known_keys(change, VOCABULARY_KEYS, where + ".", fail)
        lists = []
        for key, words in change.items():
            if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
                raise fail(f"{where}.{key}", "expected a list of words")
            lists.append((key, tuple(words)))
        found.append((str(name), tuple(lists)))
    return tuple(found)


def _rule_folders(root: Path, names: list[str], fail: Any) -> tuple[Path, ...]:
    """The ``extra_rules`` folders, relative to the configuration's folder: each one a folder
    that can be read, and not the top of the file system (whose every YAML file would be read)."""
    from tilint.sources import os_problem

    folders = []
    for name in names:
        folder = root / name
        shown = name if len(name) <= 80 else name[:60] + "…"
        try:
            if not folder.is_dir():
                raise fail("extra_rules", f"{shown!r}: rules folder not found")
            top = folder.resolve()
        except OSError as err:
            raise fail("extra_rules", f"{shown!r}: {os_problem(err)}") from None
        if top.parent == top:
            raise fail("extra_rules", f"{shown!r} is the top of the file system, not a folder of rules")
        folders.append(folder)
    return tuple(folders)


def _known_keys(data: dict[str, Any], known: tuple[str, ...], prefix: str, fail: Any) -> None:
    for key in data:
        if key not in known:
            hint = close_match(str(key), known)
            raise fail(f"{prefix}{key}", "unknown setting" + (f" (did you mean '{hint}'?)" if hint else ""))


def _list(data: dict[str, Any], key: str, fail: Any, kind: type) -> list[Any]:
    value = data.get(key, [])
    if isinstance(value, str) and kind is str:
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, kind) for v in value):
        raise fail(key, f"expected a list of {'texts' if kind is str else 'mappings'}")
    return value


def _globs(data: dict[str, Any], key: str, fail: Any, prefix: str = "") -> tuple[str, ...]:
    from re import error as RegexError

    from pathspec import GitIgnoreSpec

    globs = _list(data, key, lambda k, p: fail(prefix + k, p), kind=str)
    for glob in globs:
        try:
            (pattern,) = GitIgnoreSpec.from_lines([glob]).patterns or (None,)
        except ValueError as err:
            raise fail(prefix + key, f"bad glob {glob!r}: {err}") from None
        except RegexError as err:  # pathspec's regex of the glob: "[z-a]" is a bad character range
            raise fail(prefix + key, f"bad glob {glob!r}: {err.msg}") from None
        if pattern is None or getattr(pattern, "regex", None) is None:
            problem = "'[' is never closed" if "[" in glob and "]" not in glob else "it can never match a file"
            raise fail(prefix + key, f"bad glob {glob!r}: {problem}")
    return tuple(globs)


def _formats(value: Any, fail: Any) -> tuple[tuple[str, str], ...]:
    from tilint.formats import ADAPTERS

    if not isinstance(value, dict):
        raise fail("formats", "expected a mapping of globs to formats, such as {'*.note': text}")
    pairs = []
    for glob, name in value.items():
        _globs({"formats": [glob]}, "formats", fail)
        if name not in ADAPTERS:
            raise fail(f"formats.{glob}", f"{name!r} is not one of: {', '.join(sorted(ADAPTERS))}")
        pairs.append((str(glob), str(name)))
    return tuple(pairs)


def _settings(value: Any, key: str, fail: Any) -> tuple[Setting, ...]:
    if not isinstance(value, dict):
        raise fail(key, "expected a mapping of rule ids, rule names or categories to off, error, warning or info")
    settings = []
    for selector, setting in value.items():
        where = f"{key}.{selector}"
        if isinstance(setting, dict):
            if set(setting) != {"severity"}:
                raise fail(where, "expected off, error, warning, info or {severity: ...}")
            setting = setting["severity"]
        if setting is False or (isinstance(setting, str) and setting.strip().lower() == OFF):
            settings.append(Setting(str(selector), None))
            continue
        if not isinstance(setting, str):
            raise fail(where, f"{setting!r} is not off, error, warning or info")
        try:
            settings.append(Setting(str(selector), Severity.parse(setting)))
        except ValueError:
            raise fail(where, f"{setting!r} is not off, error, warning or info") from None
    return tuple(settings)


def check_selectors(config: Config, rules: Sequence[Rule]) -> None:
    """Every selector in *config* must name a loaded rule or a category."""
    known = {r.id.upper() for r in rules} | {r.name for r in rules} | set(CATEGORIES) | {PERSON_FIRST}
    groups = [("rules", config.settings)] + [(f"overrides[{i}].rules", o.settings) for i, o in enumerate(config.overrides)]
    for key, settings in groups:
        for setting in settings:
            if setting.selector not in known and setting.selector.upper() not in known:
                names = [r.id for r in rules] + [r.name for r in rules] + list(CATEGORIES)
                hint = close_match(setting.selector, names)
                raise ConfigError(
                    f"{config.path}: key '{key}.{setting.selector}': not a rule id, rule name or category"
                    + (f" (did you mean '{hint}'?)" if hint else "")
                )


def describe_config(path: Path, explicit: Path | None = None) -> str:
    """Which configuration applies to *path*, where it was looked for, and what it sets for that
    path, briefly (``tilint config PATH``). Raises ConfigError for a broken file."""
    from tilint.formats import adapter_name

    if explicit is not None:
        found, where = explicit, "named with --config"
    else:
        search = search_config(path)
        found = search.found
        looked = ", ".join(str(folder) for folder in search.looked) or "no folder"
        where = f"looked in {looked}" + (f"; stopped at {search.stop}" if search.stop else "")
    if found is None:
        return f"{path}\n  configuration: none ({where}); the built-in settings apply\n"
    config = load_config(found)

    def said(settings: Iterable[Setting]) -> str:
        return ", ".join(f"{s.selector} {OFF if s.severity is None else s.severity.label}" for s in settings) or "none"

    relative = config.relative(path)
    chosen = [(i, o) for i, o in enumerate(config.overrides) if relative is not None and _matches(o.files, relative)]
    script = config.is_script_path(path)
    lines = [
        str(path),
        f"  configuration: {found} ({where})",
        f"  rules: {said(config.settings)}",
        *(f"  overrides[{i}] ({', '.join(o.files)}): {said(o.settings)}" for i, o in chosen),
        f"  excluded: {'yes' if config.excludes(path) else 'no'}",
    ]
    if not path.is_dir():
        lines.append(f"  read as: {adapter_name(path.name, config.format_for(path))}")
        lines.append("  intake script: " + ("decided by its name and text" if script is None else "yes" if script else "no"))
    terms = [words for name, change in config.vocabularies if name == "identity-term" for _, words in change]
    if terms:
        lines.append(f"  identity terms the person-first rules accept: {', '.join(w for ws in terms for w in ws)}")
    if config.model:
        lines.append(f"  trained pipeline: {config.model} (check --model overrides it)")
    if config.extra_rules or config.no_builtin:
        folders = ([] if config.no_builtin else ["built-in"]) + [str(p) for p in config.extra_rules]
        lines.append(f"  rule folders: {', '.join(folders) or 'none'}")
    return "\n".join(lines) + "\n"
