"""Find the files to lint and read them as text without losing their encoding."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO


__all__ = [
    "TEXT_EXTENSIONS", "Source", "SourceError", "Target",
    "decode", "discover", "encode", "read_bytes", "read_source",
]

TEXT_EXTENSIONS: frozenset[str] = frozenset(
    {".txt", ".text", ".md", ".markdown", ".mdown", ".mkd", ".mkdn"}
)

_BINARY_SNIFF = 8192
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_PDF_MESSAGE = "PDF file, skipped (tilint reads plain text and Markdown files)"
_BINARY_MESSAGE = "binary file, skipped"
# Magic numbers of common binary formats; all long enough not to start real text.
_BINARY_MAGIC = (
    b"\x89PNG\r\n\x1a\n",  # PNG
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"PK\x03\x04",  # ZIP, including .docx/.xlsx/.odt
    b"PK\x05\x06",  # empty ZIP
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE2: legacy .doc/.xls/.msg
    b"\x1f\x8b",  # gzip
    b"7z\xbc\xaf\x27\x1c",  # 7-Zip
    b"Rar!\x1a\x07",  # RAR
    b"\x7fELF",  # ELF executable
)
_LEGACY_NOTE = "not valid UTF-8; read as Windows-1252"
_LATIN1_NOTE = "not valid UTF-8; read as Latin-1"


class SourceError(Exception):
    """A file that cannot be linted; str(err) is one short lower-case line."""


@dataclass(frozen=True)
class Source:
    """A decoded file plus what is needed to write it back byte-for-byte."""

    display: str
    text: str
    encoding: str
    bom: bytes
    note: str | None


@dataclass(frozen=True)
class Target:
    """A file to lint; ``path`` None means standard input."""

    path: Path | None
    display: str
    explicit: bool = True  # named on the command line, rather than found in a folder
    real: str | None = field(default=None, compare=False)  # the path with symlinks resolved, once found


def _sniff_binary(data: bytes) -> None:
    """Raise SourceError if ``data`` looks like a binary file."""
    if data.startswith(b"%PDF-"):
        raise SourceError(_PDF_MESSAGE)
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data[:_BINARY_SNIFF]:
        raise SourceError(_BINARY_MESSAGE)


def _utf16_without_bom(data: bytes) -> tuple[str, str, bytes, str | None] | None:
    """Text saved as UTF-16 without a byte-order mark: mostly ASCII, so every other byte is NUL."""
    sample = data[:_BINARY_SNIFF]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    for zeros, others, codec in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros.count(0) >= 0.9 * len(zeros) and others.count(0) == 0:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            if sum(ch.isprintable() or ch in "\r\n\t" for ch in text[:2000]) >= 0.95 * min(len(text), 2000):
                return text, codec, b"", f"no byte-order mark; read as {codec.upper()}"
    return None


def decode(data: bytes) -> tuple[str, str, bytes, str | None]:
    """Return (text, encoding, bom, note) for raw file bytes, or raise SourceError."""
    if not data:
        return "", "utf-8", b"", None
    if data.startswith(_UTF32_BOMS):
        raise SourceError("UTF-32 text is not supported")
    if data.startswith(_UTF8_BOM):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig", _UTF8_BOM, None
        except UnicodeDecodeError:
            raise SourceError("not valid UTF-8 despite its byte-order mark") from None
    for bom, codec in _UTF16_BOMS:
        if data.startswith(bom):
            try:
                return data[2:].decode(codec), codec, bom, None
            except UnicodeDecodeError:
                raise SourceError("not valid UTF-16 despite its byte-order mark") from None
    wide = _utf16_without_bom(data)
    if wide is not None:
        return wide
    _sniff_binary(data)
    try:
        return data.decode("utf-8"), "utf-8", b"", None
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252", b"", _LEGACY_NOTE
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1", b"", _LATIN1_NOTE


def encode(text: str, encoding: str, bom: bytes) -> bytes:
    """Inverse of decode(): the bytes to write ``text`` back in its original form."""
    if encoding == "utf-8-sig":
        return text.encode("utf-8-sig")  # the codec writes the BOM itself
    return bom + text.encode(encoding)


def read_source(path: Path, display: str) -> Source:
    """Read and decode one file; OS errors become a short SourceError."""
    text, encoding, bom, note = decode(read_bytes(path))
    return Source(display, text, encoding, bom, note)


def read_bytes(path: Path) -> bytes:
    """The bytes of one regular file; OS errors, and anything that is not a regular file (a
    named pipe, a device: reading would wait for ever, or never end), become a short SourceError."""
    with open_regular(path) as stream:
        try:
            return stream.read()
        except OSError as err:
            raise SourceError(f"cannot read: {err.strerror or type(err).__name__}") from None


_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"))


def not_regular(mode: int) -> str | None:
    """Why a file of this mode is not read (one phrase), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory"
    kind = next((name for test, name in _KINDS if test(mode)), "not a file")
    return f"not a regular file ({kind}); not read"


def open_regular(path: Path | str) -> BinaryIO:
    """*path* opened for reading in binary, when it is a regular file (else a one-line
    SourceError). The file is looked at before it is opened, so that a named pipe or a device
    is never opened, and again once opened, in case it was swapped in between."""
    try:
        why = not_regular(os.stat(path).st_mode)
        if why is None:
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
            try:
                why = not_regular(os.fstat(descriptor).st_mode)
                if why is None:
                    return os.fdopen(descriptor, "rb")
            except BaseException:
                os.close(descriptor)
                raise
            os.close(descriptor)
    except OSError as err:
        raise SourceError(os_problem(err, path)) from None
    raise SourceError(why)


def os_problem(err: OSError, path: Path | str | None = None) -> str:
    """One short lower-case line for an OS error about a path."""
    number = err.errno
    if isinstance(err, (FileNotFoundError, NotADirectoryError)):
        if path is not None and os.path.islink(path):
            return "broken symbolic link (it points to nothing)"
        return "no such file"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    if isinstance(err, PermissionError):
        if path is not None and os.path.isdir(path):  # Windows reports directories as permission errors
            return "is a directory"
        return "permission denied"
    if number == errno.ENAMETOOLONG:
        return "path too long for this system"
    if number == errno.ELOOP:
        return "symbolic link loop"
    return f"cannot read: {err.strerror or type(err).__name__}"


# A layer of ignore rules: the spec, path parts to prepend, and how many leading
# parts (relative to the walked folder) to drop, giving the path git would match.
_Layer = tuple[Any, tuple[str, ...], int]  # (pathspec.GitIgnoreSpec, ...)


def _load_ignore(folder: Path) -> Any:
    """Parse ``folder/.gitignore`` if it is a readable file (a pathspec.GitIgnoreSpec), else None."""
    try:
        with open_regular(folder / ".gitignore") as stream:
            raw = stream.read()
    except (SourceError, OSError):
        return None
    import pathspec  # only when there is a .gitignore to read

    lines = raw.decode("utf-8", errors="replace").splitlines()
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _parent_layers(folder: Path) -> list[_Layer]:
    """Ignore layers from the folder's ancestors up to the nearest `.git` root."""
    root = Path(os.path.realpath(folder))
    chain = [root, *root.parents]
    repo = next((i for i, anc in enumerate(chain) if os.path.lexists(anc / ".git")), None)
    if repo is None:
        return []
    layers: list[_Layer] = []
    for anc in reversed(chain[1 : repo + 1]):  # outermost first
        spec = _load_ignore(anc)
        if spec is not None:
            layers.append((spec, root.relative_to(anc).parts, 0))
    return layers


def _ignored(layers: Sequence[_Layer], parts: tuple[str, ...], is_dir: bool) -> bool:
    """Git semantics: the deepest .gitignore with a matching pattern decides."""
    for spec, lead, drop in reversed(layers):
        rel = "/".join(lead + parts[drop:]) + ("/" if is_dir else "")
        verdict = spec.check_file(rel).include
        if verdict is not None:
            return verdict
    return False


Wanted = Callable[[Path], bool]  # whether a file of an extension tilint does not read is to be linted
Said = list[tuple[str, str]]  # (display name, message)


@dataclass
class _Walk:
    """What one folder argument's walk found: the relative parts of the files to lint (and of
    those that are links), and what it could not enter or skipped, with why."""

    extensions: frozenset[str]
    wanted: Wanted | None = None
    found: list[tuple[str, ...]] = field(default_factory=list)
    links: set[tuple[str, ...]] = field(default_factory=set)
    errors: list[tuple[tuple[str, ...], str]] = field(default_factory=list)
    notes: list[tuple[tuple[str, ...], str]] = field(default_factory=list)


def _walk(root: Path, layers: list[_Layer], walk: _Walk) -> None:
    """Collect into *walk* the lintable files under *root*, folder by folder (no recursion, so
    that no depth of nesting is too deep). Folders that are links are not entered; a folder
    that cannot be read is an error, a broken or looping link, a link to a folder and anything
    that is not a regular file are notes, and the walk goes on. Only a failure to read *root*
    itself is raised (OSError)."""
    stack: list[tuple[Path, tuple[str, ...], list[_Layer]]] = [(root, (), layers)]
    while stack:
        folder, parts, layers = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as err:
            if not parts:
                raise
            walk.errors.append((parts, f"cannot read this folder ({os_problem(err)}); the files in it are not linted"))
            continue
        spec = _load_ignore(folder)
        if spec is not None:
            layers = [*layers, (spec, (), len(parts))]
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = (*parts, entry.name)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = not is_dir and entry.is_file()  # follows file symlinks
            except OSError as err:
                walk.notes.append((child, f"{os_problem(err, entry.path)}, skipped"))
                continue
            if _ignored(layers, child, is_dir):
                continue
            if is_dir:
                stack.append((Path(entry.path), child, layers))
            elif not is_file:
                walk.notes.append((child, _odd_entry(entry)))
            elif os.path.splitext(entry.name)[1].lower() in walk.extensions or (
                walk.wanted is not None and walk.wanted(Path(entry.path))
            ):
                walk.found.append(child)
                if entry.is_symlink():
                    walk.links.add(child)


def _odd_entry(entry: os.DirEntry[str]) -> str:
    """Why a folder entry that is neither a folder nor a regular file is skipped."""
    try:
        if entry.is_symlink():
            mode = os.stat(entry.path).st_mode
            if stat.S_ISDIR(mode):
                return "link to a folder, not followed (name it on the command line to lint it)"
        else:
            mode = entry.stat(follow_symlinks=False).st_mode
    except OSError as err:
        return f"{os_problem(err, entry.path)}, skipped"
    return not_regular(mode) or "skipped"


def _prefix(arg: str) -> str:
    """Display prefix for files found under the folder argument ``arg``."""
    stripped = arg.rstrip("/" + os.sep)
    if not stripped:
        return arg[:1]  # the filesystem root
    if stripped == ".":
        return ""
    return stripped + "/"


def _expand_folder(arg: str, walk: _Walk) -> list[Target]:
    """All lintable files under folder ``arg``, sorted by path parts (what could not be read or
    was skipped is left in *walk*)."""
    folder = Path(arg)
    _walk(folder, _parent_layers(folder), walk)
    prefix = _prefix(arg)
    # The folders walked are no links, so a file's real path is the folder's and its own name,
    # unless the file itself is a link: one lookup per folder argument, not one per file.
    real = os.path.realpath(folder)
    return [
        Target(
            path := folder.joinpath(*parts), prefix + "/".join(parts), explicit=False,
            real=os.path.realpath(path) if parts in walk.links else os.path.join(real, *parts),
        )
        for parts in sorted(walk.found)
    ]


NOTHING_HERE = "no file tilint reads in this folder (hidden and .gitignored files are skipped)"


def discover(
    args: Sequence[str],
    extensions: frozenset[str] = TEXT_EXTENSIONS,
    wanted: Wanted | None = None,
    notes: Said | None = None,
) -> tuple[list[Target], Said]:
    """Expand command-line arguments into targets plus (display, message) errors. In folders,
    files with one of *extensions* are found, and those *wanted* says yes to; what was skipped
    there, and a folder holding no such file, is added to *notes*."""
    targets: list[Target] = []
    errors: Said = []
    notes = [] if notes is None else notes
    seen: set[str] = set()
    for arg in args:
        if arg == "-":
            candidates = [Target(None, "-")]
        else:
            try:
                mode = os.stat(arg).st_mode  # an empty name is no file either
            except OSError as err:
                missing = isinstance(err, FileNotFoundError) and not os.path.islink(arg)
                errors.append((arg, "no such file or directory" if missing else os_problem(err, arg)))
                continue
            if stat.S_ISDIR(mode):
                walk = _Walk(extensions, wanted)
                try:
                    candidates = _expand_folder(arg, walk)
                except OSError as err:
                    errors.append((arg, f"cannot read folder: {os_problem(err, arg)}"))
                    continue
                prefix = _prefix(arg)
                errors.extend((prefix + "/".join(parts), message) for parts, message in sorted(walk.errors))
                notes.extend((prefix + "/".join(parts), message) for parts, message in sorted(walk.notes))
                if not candidates and not walk.errors:
                    notes.append((arg, NOTHING_HERE))
            elif stat.S_ISREG(mode):
                candidates = [Target(Path(arg), arg, real=os.path.realpath(arg))]
            else:
                errors.append((arg, not_regular(mode) or "not a regular file; not read"))
                continue
        for target in candidates:
            key = "-" if target.real is None else target.real
            if key not in seen:
                seen.add(key)
                targets.append(target)
    return targets, errors
