"""YAML and JSON form templates: the string values (questions, labels, help text) are linted.

Keys, numbers, booleans, nulls, comments and syntax are left out. PyYAML's composer (safe, no
objects built) gives every scalar's place in the source; JSON, checked first with ``json``, is
read the same way. Each value is a text of its own. Quotes, block-scalar headers and indentation
are skipped; escapes are read as what they stand for (``\\u2019`` is an apostrophe, ``''`` in
single quotes is one quote), and the locator maps every offset back to the source.

Aliases are not expanded: an alias is the node it names, and each node is read once, so a
file of nested aliases ("billion laughs") costs no more than its own length.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

import yaml
from yaml.reader import Reader, ReaderError
from yaml.scanner import Scanner

from tilint.document import LineIndex
from tilint.formats import Document, Input, Part
from tilint.formats.html import Edit, Range, spliced_part
from tilint.sources import SourceError, decode

STRING_TAG = "tag:yaml.org,2002:str"
CORE_TAGS = "tag:yaml.org,2002:"  # int, float, bool, null, timestamp, binary...: not prose
_ESCAPE = re.compile(
    r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"  # a UTF-16 surrogate pair
    r"|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}"
    r"|(?:\r\n|[\r\n\x85\u2028\u2029])[ \t]*"  # an escaped line break joins the lines
    r"|.)",
    re.DOTALL,
)
_QUOTE_PAIR = re.compile("''")
_CONTENT_LINE = re.compile(r"[^ \t\r\n][^\r\n]*")  # a line without its indentation
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_JSON_SPACE = re.compile(r"[\t\r\n]")  # JSON whitespace that YAML's scanner may refuse
_NAME = re.compile(r"\s*'[\w-]{2,}'")  # an alias or tag name quoted in a YAML error: file content


class _Loader(yaml.SafeLoader):
    """A safe loader that remembers where each scalar token begins: a node's own start mark
    is that of its anchor or tag when it has one."""

    def __init__(self, stream: str) -> None:
        self.scalar_starts: dict[int, int] = {}  # end index -> start index of scalar tokens
        super().__init__(stream)

    def get_token(self) -> yaml.Token:
        token = super().get_token()
        if isinstance(token, yaml.ScalarToken):
            self.scalar_starts[token.end_mark.index] = token.start_mark.index
            if len(self.scalar_starts) > MAX_VALUES:
                raise SourceError(TOO_MANY)
        return token


MAX_VALUES = 100_000  # keys and values of one form; reading more would take minutes (about 0.1 ms each)
TOO_MANY = f"more than {MAX_VALUES:,} keys and values: too large to be a form; not read"


def _count_values(data: object) -> int:
    """Keys and values of parsed JSON, counted up to just past MAX_VALUES."""
    count, stack = 0, [data]
    while stack and count <= MAX_VALUES:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            count += len(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count


def read_yaml(source: Input) -> Document:
    """A YAML file (several documents allowed): its string values."""
    text, encoding, bom, note = decode(source.read_bytes())
    try:
        roots, starts = _compose(text)
    except yaml.YAMLError as err:
        raise SourceError(f"invalid YAML: {_problem(err, text)}") from None
    except RecursionError:
        raise SourceError("invalid YAML: nested too deeply") from None
    except ValueError:  # PyYAML's own chr() on an escape beyond U+10FFFF
        raise SourceError("invalid YAML: a character escape beyond U+10FFFF") from None
    part = _part(text, _string_values(roots, json_only=False), starts)
    return Document(source.display, [part], note, text, encoding, bom)


def read_json(source: Input) -> Document:
    """A JSON file: its string values (keys left out)."""
    text, encoding, bom, note = decode(source.read_bytes())
    try:
        data = json.loads(text, parse_int=len, parse_float=len)  # check only: long numbers are not converted
    except json.JSONDecodeError as err:
        line, column = LineIndex(text).line_col(err.pos)
        raise SourceError(f"invalid JSON: {err.msg} (line {line}, column {column})") from None
    except RecursionError:
        raise SourceError("invalid JSON: nested too deeply") from None
    if _count_values(data) > MAX_VALUES:
        raise SourceError(TOO_MANY)
    # Same-length changes keep every index: JSON strings hold no raw tabs or line breaks, and
    # characters YAML refuses are read as spaces only to find where the strings are.
    plain = Reader.NON_PRINTABLE.sub(" ", _JSON_SPACE.sub(" ", text))
    try:
        roots, starts = _compose(plain)
    except (yaml.YAMLError, RecursionError) as err:
        problem = _problem(err, text) if isinstance(err, yaml.YAMLError) else "nested too deeply"
        raise SourceError(f"JSON layout not supported: {problem}") from None
    part = _part(text, _string_values(roots, json_only=True), starts)
    return Document(source.display, [part], note, text, encoding, bom)


def _compose(text: str) -> tuple[list[yaml.Node], dict[int, int]]:
    """The root node of every document, and where each scalar token starts."""
    loader = _Loader(text)
    try:
        roots = []
        while loader.check_node():
            roots.append(loader.get_node())
        return roots, loader.scalar_starts
    finally:
        loader.dispose()


def _problem(err: yaml.YAMLError, text: str) -> str:
    """What is wrong and where, in one line (no file content beyond a character or a name)."""
    if isinstance(err, ReaderError):
        line, column = LineIndex(text).line_col(err.position)
        return f"unacceptable character #x{err.character:04x} (line {line}, column {column})"
    if isinstance(err, yaml.MarkedYAMLError):
        problem = _NAME.sub("", err.problem or err.context or "malformed")
        mark = err.problem_mark or err.context_mark
        if mark is not None:
            line, column = LineIndex(text).line_col(mark.index)
            return f"{problem} (line {line}, column {column})"
        return problem
    return "malformed"


def _string_values(roots: Iterable[yaml.Node], json_only: bool) -> list[yaml.ScalarNode]:
    """The string scalars that are values (not keys), each once, in no particular order."""
    seen: set[int] = set()
    keys: set[int] = set()
    found: list[yaml.ScalarNode] = []
    stack = list(roots)
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue  # an alias: the node it names is read once
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys.update(id(key) for key, _ in node.value)
            stack.extend(value for _, value in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.ScalarNode) and _is_text(node, json_only):
            found.append(node)
    return [node for node in found if id(node) not in keys]


def _is_text(node: yaml.ScalarNode, json_only: bool) -> bool:
    if json_only:
        return node.style == '"'
    return node.tag == STRING_TAG or not node.tag.startswith(CORE_TAGS)


def _part(text: str, nodes: Iterable[yaml.ScalarNode], starts: dict[int, int]) -> Part:
    kept: list[Range] = []
    edits: list[Edit] = []
    breaks: list[int] = []
    for node in nodes:
        end = node.end_mark.index
        ranges, escapes = _content(text, node.style, starts.get(end, node.start_mark.index), end)
        if ranges:
            breaks.append(ranges[0][0])
        kept += ranges
        edits += escapes
    return spliced_part(text, kept, edits, breaks)


def _content(text: str, style: str | None, start: int, end: int) -> tuple[list[Range], list[Edit]]:
    """The ranges of a scalar's source that are its words, and the escapes among them."""
    if style in ("'", '"'):
        start, end = start + 1, end - 1
        if style == "'":
            return [(start, end)], [(m.start(), m.end(), "'") for m in _QUOTE_PAIR.finditer(text, start, end)]
        return [(start, end)], [(m.start(), m.end(), _unescape(m.group())) for m in _ESCAPE.finditer(text, start, end)]
    if style in ("|", ">"):
        header_end = _LINE_BREAK.search(text, start, end)
        start = header_end.end() if header_end else end
    return [m.span() for m in _CONTENT_LINE.finditer(text, start, end)], []


def _unescape(escape: str) -> str:
    """What a double-quoted escape stands for (a lone surrogate becomes U+FFFD)."""
    code = escape[1]
    if code in "xuU":
        if len(escape) == 12:
            high, low = int(escape[2:6], 16), int(escape[8:12], 16)
            return chr(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
        code_point = int(escape[2:], 16)
        return "\ufffd" if 0xD800 <= code_point <= 0xDFFF or code_point > 0x10FFFF else chr(code_point)
    if code in "\r\n\x85\u2028\u2029":
        return ""
    return Scanner.ESCAPE_REPLACEMENTS.get(code, code)
