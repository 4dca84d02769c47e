"""Split normalised text into paragraphs, keeping their offsets in the text.

Scraped files come in two shapes: one paragraph per line, or blank-line separated
blocks whose lines are hard-wrapped. A block is joined into one paragraph only when
its lines look wrapped (similar lengths, no list markers); otherwise each line stands
alone. Very long paragraphs are cut into bounded pieces so that one huge line cannot
blow up memory or time further down.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Longest paragraph kept whole; longer ones are cut near a sentence end.
MAX_PARAGRAPH_CHARS = 4000

_LIST_MARKER = re.compile(r"^\s*(?:[-*•·–—>#|]|\d{1,3}[.)]\s|!\[)")
_SENTENCE_END = re.compile(r"[.!?。！？…»”\"')\]]\s|[。！？]")
#: Characters a cut must not fall before: they belong to the preceding character.
_JOINERS = frozenset("\u200c\u200d\ufe0e\ufe0f")


@dataclass(frozen=True)
class RawParagraph:
    start: int  # offset of the first character in the text
    end: int  # offset just after the last character
    text: str  # the lines joined, white space collapsed


def collapse(text: str) -> str:
    """The documented normalisation of a paragraph: runs of white space become one space.

    White space is what ``str.isspace`` says (the same as ``\\s`` in a regular expression).
    """
    return " ".join(text.split())


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line, without the newline."""
    spans = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        spans.append((pos, end))
        if nl < 0:
            break
        pos = nl + 1
    return spans


def _looks_wrapped(text: str, block: list[tuple[int, int]]) -> bool:
    if len(block) < 2:
        return False
    lengths = [len(text[s:e].rstrip()) for s, e in block]
    longest = max(lengths)
    if longest < 40 or longest > 110:
        return False
    if any(_LIST_MARKER.match(text[s:e]) for s, e in block):
        return False
    return all(length >= 0.6 * longest for length in lengths[:-1])


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    piece = text[start:end]
    left = piece.lstrip()
    return start + len(piece) - len(left), start + len(left.rstrip()) + len(piece) - len(left)


def _attached(ch: str) -> bool:
    """A character that belongs to the one before it (a mark, a joiner, a skin tone)."""
    return ch in _JOINERS or unicodedata.category(ch) in ("Mn", "Mc", "Me", "Sk")


def _safe_cut(text: str, low: int, cut: int) -> int:
    """``cut`` moved back so as not to split a character from its marks or a joined emoji."""
    at = cut
    low = max(low, cut - 32)
    while at > low and (_attached(text[at]) or text[at - 1] in _JOINERS):
        at -= 1
    return at if at > low else cut


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut [start, end) into pieces of at most MAX_PARAGRAPH_CHARS, preferring sentence ends."""
    pieces = []
    half = MAX_PARAGRAPH_CHARS // 2
    while end - start > MAX_PARAGRAPH_CHARS:
        limit = start + MAX_PARAGRAPH_CHARS
        cut = -1
        for match in _SENTENCE_END.finditer(text, start + half, limit):
            cut = match.end()
        if cut < 0:
            space = text.rfind(" ", start + half, limit)
            cut = space + 1 if space > 0 else _safe_cut(text, start + half, limit)
        s, e = _trimmed(text, start, cut)
        if e > s:
            pieces.append((s, e))
        start = cut
    s, e = _trimmed(text, start, end)
    if e > s:
        pieces.append((s, e))
    return pieces


def split_paragraphs(text: str) -> list[RawParagraph]:
    """Paragraphs of ``text`` in order, each with its [start, end) offsets."""
    blocks: list[list[tuple[int, int]]] = [[]]
    for start, end in _lines(text):
        if end > start and not text[start:end].isspace():
            blocks[-1].append((start, end))
        elif blocks[-1]:
            blocks.append([])
    spans: list[tuple[int, int]] = []
    for block in blocks:
        if not block:
            continue
        if _looks_wrapped(text, block):
            spans.append((block[0][0], block[-1][1]))
        else:
            spans.extend(block)
    paragraphs = []
    for start, end in spans:
        for s, e in _bounded(text, start, end):
            paragraphs.append(RawParagraph(s, e, collapse(text[s:e])))
    return paragraphs
