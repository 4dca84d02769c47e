"""Regular-expression terms (``re:``, ``case:``): narrowing by the word index, then a scan.

A pattern is checked on the stored text of paragraphs. Literal runs that every match
must contain (``re:lyn.x`` must contain ``lyn``) narrow the paragraphs to those holding a
word that contains them; the rest are read in chunks, ``cancelled`` polled between.

Every match is bounded in time (:class:`BoundedPattern`): a pattern that backtracks
without end on some text (``re:(a+)+$`` on a long run of a's) gives up on that text,
and after a few such texts matches nothing more, so no query can hang the app or the
command line.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from collections.abc import Callable, Iterator

import numpy as np
import regex as _regex

if sys.version_info >= (3, 11):
    import re._parser as _parser
else:  # pragma: no cover - Python 3.10
    import sre_parse as _parser

from .fold import fold
from .tokens import query_words

#: Paragraphs read per query while scanning.
SCAN_CHUNK = 2000
#: Time one match of a pattern may take on one text (seconds of this thread's work).
MATCH_TIMEOUT_S = 0.05
#: Matches cut short after which a pattern matches nothing more (in this parsed query).
TIMEOUTS_ALLOWED = 3
#: Paragraphs matched between two polls of ``cancelled`` within a chunk.
POLL_EVERY = 200


class BoundedPattern:
    """A regular expression (Python's syntax, as ``re``) whose every match is bounded in
    time. Compiled by the ``regex`` module, which can stop a match; ``re.error`` is raised
    for a pattern either module refuses, as ``re.compile`` would."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags & re.IGNORECASE
        re.compile(pattern, self.flags)  # the same syntax as re: what re refuses is text
        try:
            self._compiled = _regex.compile(
                pattern, _regex.VERSION0 | (_regex.IGNORECASE if self.flags else 0)
            )
        except _regex.error as exc:
            raise re.error(str(exc)) from exc
        #: Matches given up (too long) so far; at TIMEOUTS_ALLOWED the pattern is spent.
        self.timeouts = 0

    @property
    def spent(self) -> bool:
        """Whether it has given up too often: it matches nothing more."""
        return self.timeouts >= TIMEOUTS_ALLOWED

    def search(self, text: str) -> _regex.Match | None:
        """The first match in ``text``, or None (also when the match took too long)."""
        if self.spent:
            return None
        try:
            return self._compiled.search(text, timeout=MATCH_TIMEOUT_S)
        except TimeoutError:
            self.timeouts += 1
            return None

    def finditer(self, text: str) -> Iterator[_regex.Match]:
        """The matches in ``text``, as far as found in time."""
        if self.spent:
            return
        try:
            yield from self._compiled.finditer(text, timeout=MATCH_TIMEOUT_S)
        except TimeoutError:
            self.timeouts += 1

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BoundedPattern):
            return NotImplemented
        return (self.pattern, self.flags) == (other.pattern, other.flags)

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"BoundedPattern({self.pattern!r}, {self.flags})"


def compile_pattern(pattern: str, ignore_case: bool) -> BoundedPattern:
    """A bounded pattern; raises ``re.error`` (or what ``re.compile`` raises) if invalid."""
    return BoundedPattern(pattern, re.IGNORECASE if ignore_case else 0)


def required_pieces(regex: BoundedPattern | re.Pattern[str]) -> list[str]:
    """Folded ASCII words of 3+ characters inside literal runs every match contains."""
    try:
        parsed = _parser.parse(regex.pattern, regex.flags)
    except Exception:  # the pattern compiled; its parse is only a hint
        return []
    runs: list[str] = []
    current: list[str] = []
    for op, av in parsed.data:  # (opcode, argument) pairs
        if op is _parser.LITERAL:
            assert isinstance(av, int)  # a literal's argument is its code point
            current.append(chr(av))
            continue
        runs.append("".join(current))
        current = []
    runs.append("".join(current))
    pieces = []
    for run in runs:
        if not run.isascii():  # folding of non-ASCII case variants is left to the scan
            continue
        pieces += [w for w, ngram in query_words(fold(run)) if not ngram and len(w) >= 3]
    return sorted(set(pieces))


def scan(
    conn: sqlite3.Connection,
    regex: BoundedPattern,
    ids: np.ndarray,
    check: Callable[[], bool],
    cancelled: type[Exception],
) -> np.ndarray:
    """The ids (sorted) among ``ids`` whose stored text ``regex`` matches (those where
    it gave up, none once it is spent)."""
    found: list[int] = []
    polled = 0

    def search(text: str) -> bool:
        nonlocal polled
        polled += 1
        if polled % POLL_EVERY == 0 and check():
            raise cancelled
        return regex.search(text) is not None

    for i in range(0, len(ids), SCAN_CHUNK):
        if check():
            raise cancelled
        if regex.spent:
            break
        chunk = ids[i : i + SCAN_CHUNK]
        lo, hi = int(chunk[0]), int(chunk[-1])
        if hi - lo < 4 * len(chunk):  # dense: a range read, filtered here
            wanted = set(chunk.tolist())
            rows = conn.execute(
                "SELECT id, text FROM paragraphs WHERE id BETWEEN ? AND ?", (lo, hi)
            )
            found += [pid for pid, text in rows if pid in wanted and search(text)]
        else:
            marks = ",".join("?" * len(chunk))
            rows = conn.execute(
                f"SELECT id, text FROM paragraphs WHERE id IN ({marks})", chunk.tolist()
            )
            found += [pid for pid, text in rows if search(text)]
    return np.array(sorted(found), dtype=np.int64)
