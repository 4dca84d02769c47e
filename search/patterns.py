"""Regular-expression terms (``re:``, ``case:``): narrowing by the word index, then a scan.

A pattern is checked on the stored text of paragraphs. Literal runs that every match
must contain (``re:lyn.x`` must contain ``lyn``) narrow the paragraphs to those holding a
word that contains them; the rest are read in chunks, ``cancelled`` polled between.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from collections.abc import Callable

import numpy as np

if sys.version_info >= (3, 11):
    import re._parser as _parser
else:  # pragma: no cover - Python 3.10
    import sre_parse as _parser

from .fold import fold
from .tokens import query_words

#: Paragraphs read per query while scanning.
SCAN_CHUNK = 2000


def required_pieces(regex: re.Pattern[str]) -> list[str]:
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
    regex: re.Pattern[str],
    ids: np.ndarray,
    check: Callable[[], bool],
    cancelled: type[Exception],
) -> np.ndarray:
    """The ids (sorted) among ``ids`` whose stored text ``regex`` matches."""
    found: list[int] = []
    search = regex.search
    for i in range(0, len(ids), SCAN_CHUNK):
        if check():
            raise cancelled
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
