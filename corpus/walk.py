"""Find the text files of a corpus folder, and say why every other file is left out."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")

#: Characters shown as escapes in reported paths: they could reorder or hide what a
#: terminal shows (bidi controls, line and paragraph separators).
_INVISIBLE = frozenset(
    "\u061c\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


@dataclass(frozen=True)
class Candidate:
    """A file to read: its absolute path, its path relative to the root, and its stat."""

    abspath: str
    relpath: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Skip:
    relpath: str
    reason: str


def shown_name(name: str) -> str:
    """A file name as it is reported and stored: printable, one line, no terminal controls.

    Bytes that are not UTF-8 (decoded with surrogateescape) become ``\\xNN``, control
    characters ``\\xNN``, bidi controls and line separators ``\\uNNNN``.
    """
    if name.isprintable() and not _INVISIBLE.intersection(name):
        return name
    out = []
    for ch in name:
        o = ord(ch)
        if 0xDC80 <= o <= 0xDCFF:  # an undecodable byte, kept by surrogateescape
            out.append(f"\\x{o - 0xDC00:02x}")
        elif o < 0x20 or 0x7F <= o <= 0x9F:
            out.append(f"\\x{o:02x}")
        elif ch in _INVISIBLE or 0xD800 <= o <= 0xDFFF:
            out.append(f"\\u{o:04x}")
        else:
            out.append(ch)
    return "".join(out)


def _relative(root: str, path: str) -> str:
    return shown_name(os.path.relpath(path, root).replace(os.sep, "/"))


def _inside(root: str, path: str) -> bool:
    return os.path.commonpath([root, path]) == root


def _link_skip(root: str, link: str, rel: str) -> Skip:
    """Why the symbolic link ``link`` is not followed."""
    try:
        os.stat(link)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Skip(rel, "symbolic link loop")
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return Skip(rel, "broken symbolic link")
        return Skip(rel, f"cannot follow symbolic link: {exc.strerror}")
    target = os.path.realpath(link)
    if not _inside(root, target):
        return Skip(rel, "symbolic link out of the corpus")
    if _inside(target, os.path.dirname(os.path.abspath(link))):
        return Skip(rel, "symbolic link loop")
    where = _relative(root, target)
    return Skip(rel, f"symbolic link to {where} (in the corpus already; links are not followed)")


def _entries(directory: str) -> list[os.DirEntry[str]]:
    with os.scandir(directory) as it:
        return sorted(it, key=lambda e: e.name)


def walk(root: str | os.PathLike[str]) -> Iterator[Candidate | Skip]:
    """Every file under ``root``, recursively, depth first, in a stable order.

    Symbolic links are never followed: a link to something inside the corpus is
    reported (its target is indexed at its own place), as are loops, broken links and
    links that lead out of the corpus. No depth of folders overflows the stack.
    """
    root_real = os.path.realpath(root)
    seen_dirs: set[tuple[int, int]] = set()
    stack: list[Iterator[os.DirEntry[str]]] = []

    def enter(directory: str) -> Skip | None:
        try:
            st = os.stat(directory)
            if (st.st_dev, st.st_ino) in seen_dirs:
                return Skip(_relative(root_real, directory) + "/", "folder seen before (loop)")
            seen_dirs.add((st.st_dev, st.st_ino))
            stack.append(iter(_entries(directory)))
        except OSError as exc:
            shown = _relative(root_real, directory) + "/"
            return Skip(shown, f"cannot list folder: {exc.strerror}")
        return None

    if skip := enter(root_real):
        yield skip
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        rel = _relative(root_real, entry.path)
        try:
            if entry.is_symlink():
                yield _link_skip(root_real, entry.path, rel)
                continue
            if entry.is_dir(follow_symlinks=False):
                if entry.name.startswith("."):
                    yield Skip(rel + "/", "hidden folder")
                elif skip := enter(entry.path):
                    yield skip
                continue
            if not entry.is_file(follow_symlinks=False):
                yield Skip(rel, "not a regular file")
                continue
            if not entry.name.lower().endswith(TEXT_SUFFIXES):
                suffix = os.path.splitext(entry.name)[1]
                yield Skip(rel, f"not a text file ({shown_name(suffix) or 'no suffix'})")
                continue
            st = entry.stat(follow_symlinks=False)
        except OSError as exc:
            yield Skip(rel, f"cannot read: {exc.strerror}")
            continue
        if not stat.S_ISREG(st.st_mode):
            yield Skip(rel, "not a regular file")
            continue
        yield Candidate(entry.path, rel, st.st_size, st.st_mtime_ns)
