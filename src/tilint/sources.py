"""Find the files to lint and read them as text without losing their encoding."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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
    """The bytes of one file; OS errors become a short SourceError."""
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        raise SourceError("no such file") from None
    except IsADirectoryError:
        raise SourceError("is a directory") from None
    except PermissionError:
        if path.is_dir():  # Windows reports directories as permission errors
            raise SourceError("is a directory") from None
        raise SourceError("permission denied") from None
    except OSError as err:
        raise SourceError(f"cannot read: {err.strerror or type(err).__name__}") from None


# A layer of ignore rules: the spec, path parts to prepend, and how many leading
# parts (relative to the walked folder) to drop, giving the path git would match.
_Layer = tuple[Any, tuple[str, ...], int]  # (pathspec.GitIgnoreSpec, ...)


def _load_ignore(folder: Path) -> Any:
    """Parse ``folder/.gitignore`` if it is a readable file (a pathspec.GitIgnoreSpec), else None."""
    try:
        raw = (folder / ".gitignore").read_bytes()
    except OSError:
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


def _walk(
    folder: Path,
    parts: tuple[str, ...],
    layers: list[_Layer],
    extensions: frozenset[str],
    found: list[tuple[str, ...]],
    links: set[tuple[str, ...]],
) -> None:
    """Collect relative path parts of lintable files under ``folder`` (and in *links*, those of
    the files that are symbolic links; folders that are links are not entered)."""
    spec = _load_ignore(folder)
    if spec is not None:
        layers = [*layers, (spec, (), len(parts))]
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            child = (*parts, entry.name)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = not is_dir and entry.is_file()  # follows file symlinks
            except OSError:
                continue
            if not (is_dir or is_file) or _ignored(layers, child, is_dir):
                continue
            if is_dir:
                try:
                    _walk(Path(entry.path), child, layers, extensions, found, links)
                except OSError:
                    continue  # unreadable subfolder: nothing we can lint in it
            elif os.path.splitext(entry.name)[1].lower() in extensions:
                found.append(child)
                if entry.is_symlink():
                    links.add(child)


def _prefix(arg: str) -> str:
    """Display prefix for files found under the folder argument ``arg``."""
    stripped = arg.rstrip("/" + os.sep)
    if not stripped:
        return arg[:1]  # the filesystem root
    if stripped == ".":
        return ""
    return stripped + "/"


def _expand_folder(arg: str, extensions: frozenset[str]) -> list[Target]:
    """All lintable files under folder ``arg``, sorted by path parts."""
    folder = Path(arg)
    found: list[tuple[str, ...]] = []
    links: set[tuple[str, ...]] = set()
    _walk(folder, (), _parent_layers(folder), extensions, found, links)
    prefix = _prefix(arg)
    # The folders walked are no links, so a file's real path is the folder's and its own name,
    # unless the file itself is a link: one lookup per folder argument, not one per file.
    real = os.path.realpath(folder)
    return [
        Target(
            path := folder.joinpath(*parts), prefix + "/".join(parts), explicit=False,
            real=os.path.realpath(path) if parts in links else os.path.join(real, *parts),
        )
        for parts in sorted(found)
    ]


def discover(
    args: Sequence[str], extensions: frozenset[str] = TEXT_EXTENSIONS
) -> tuple[list[Target], list[tuple[str, str]]]:
    """Expand command-line arguments into targets plus (display, message) errors."""
    targets: list[Target] = []
    errors: list[tuple[str, str]] = []
    seen: set[str] = set()
    for arg in args:
        if arg == "-":
            candidates = [Target(None, "-")]
        elif arg and os.path.isdir(arg):
            try:
                candidates = _expand_folder(arg, extensions)
            except OSError as err:
                errors.append((arg, f"cannot read folder: {err.strerror or 'error'}"))
                continue
        elif arg and os.path.exists(arg):
            candidates = [Target(Path(arg), arg, real=os.path.realpath(arg))]
        else:
            errors.append((arg, "no such file or directory"))
            continue
        for target in candidates:
            key = "-" if target.real is None else target.real
            if key not in seen:
                seen.add(key)
                targets.append(target)
    return targets, errors
