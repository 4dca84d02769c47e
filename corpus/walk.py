"""Find the text files of a corpus folder, and say why every other file is left out."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".md")


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


def _relative(root: str, path: str) -> str:
    rel = os.path.relpath(path, root)
    # Names that are not valid UTF-8 are kept reversibly (surrogateescape) but shown readably.
    rel = rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return Path(rel).as_posix()


def walk(root: str | os.PathLike[str]) -> Iterator[Candidate | Skip]:
    """Every file under ``root``, recursively, in a stable order.

    Symbolic links are followed only when they stay inside the corpus; loops and links
    that lead out of it are reported, never followed.
    """
    root_real = os.path.realpath(root)
    seen_dirs: set[str] = set()

    def visit(directory: str) -> Iterator[Candidate | Skip]:
        real = os.path.realpath(directory)
        if real in seen_dirs:
            yield Skip(_relative(root_real, directory), "symbolic link loop")
            return
        seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            yield Skip(_relative(root_real, directory) + "/", f"cannot list folder: {exc.strerror}")
            return
        for entry in entries:
            rel = _relative(root_real, entry.path)
            try:
                if entry.is_symlink():
                    target = os.path.realpath(entry.path)
                    if os.path.commonpath([root_real, target]) != root_real:
                        yield Skip(rel, "symbolic link out of the corpus")
                        continue
                    if not os.path.exists(target):
                        yield Skip(rel, "broken symbolic link")
                        continue
                if entry.is_dir():
                    if entry.name.startswith("."):
                        yield Skip(rel + "/", "hidden folder")
                    else:
                        yield from visit(entry.path)
                    continue
                if not entry.is_file():
                    yield Skip(rel, "not a regular file")
                    continue
                if not entry.name.lower().endswith(TEXT_SUFFIXES):
                    yield Skip(rel, f"not a text file ({Path(entry.name).suffix or 'no suffix'})")
                    continue
                stat = entry.stat()
            except OSError as exc:
                yield Skip(rel, f"cannot read: {exc.strerror}")
                continue
            yield Candidate(entry.path, rel, stat.st_size, stat.st_mtime_ns)

    yield from visit(str(root))
