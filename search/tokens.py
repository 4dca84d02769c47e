"""Words of folded text: runs of letters, digits and marks; scripts without spaces as n-grams.

Han, kana, Thai, Lao, Khmer and Myanmar are written without spaces between words, so a
run of them is indexed as its single characters and its overlapping character bigrams.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterator, KeysView


def _mark_class() -> str:
    """A regex class body of every combining mark in the BMP (Mn, Mc, Me)."""
    ranges: list[tuple[int, int]] = []
    for o in range(0x300, 0x10000):
        if unicodedata.category(chr(o)) in ("Mn", "Mc", "Me"):
            if ranges and ranges[-1][1] == o - 1:
                ranges[-1] = (ranges[-1][0], o)
            else:
                ranges.append((o, o))
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


_NGRAM_RANGES = (
    (0x0E00, 0x0EFF),  # Thai, Lao
    (0x1000, 0x109F),  # Myanmar
    (0x1780, 0x17FF),  # Khmer
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3005, 0x3007),
    (0x3021, 0x3029),
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x31F0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FFFF),
)

_NGRAM_CLASS = "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in _NGRAM_RANGES)

#: Body of a character class matching one word character of folded text.
WORD_CLASS = r"\w" + _mark_class()
#: A word; longer runs are split into pieces of at most 64 characters.
WORD_RE = re.compile(f"[{WORD_CLASS}]{{1,64}}")
NGRAM_RE = re.compile(f"[{_NGRAM_CLASS}]+")
#: Characters between words, for phrase patterns.
GAP = f"[^{WORD_CLASS}]+"


def _pieces(word: str, start: int) -> Iterator[tuple[str, int, int, bool]]:
    """Split a word into plain parts and n-gram-script runs: (text, start, end, is_ngram)."""
    pos = 0
    for m in NGRAM_RE.finditer(word):
        if m.start() > pos:
            yield word[pos : m.start()], start + pos, start + m.start(), False
        yield m.group(), start + m.start(), start + m.end(), True
        pos = m.end()
    if pos < len(word):
        yield word[pos:], start + pos, start + len(word), False


def tokenize(folded: str) -> list[tuple[str, int, int]]:
    """Index tokens of folded text with their [start, end) offsets, in text order."""
    if NGRAM_RE.search(folded) is None:
        return [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(folded)]
    out: list[tuple[str, int, int]] = []
    for m in WORD_RE.finditer(folded):
        w = m.group()
        if w.isascii() or NGRAM_RE.search(w) is None:
            out.append((w, m.start(), m.end()))
            continue
        for piece, a, b, ngram in _pieces(w, m.start()):
            if not ngram:
                out.append((piece, a, b))
                continue
            for i in range(len(piece)):
                out.append((piece[i], a + i, a + i + 1))
                if i + 1 < len(piece):
                    out.append((piece[i : i + 2], a + i, a + i + 2))
    return out


def tokens_in(folded: str, wanted: Container[str]) -> list[tuple[int, str, int, int]]:
    """The tokens of :func:`tokenize` that are in ``wanted``, as (position among all the
    tokens, token, start, end), faster: without n-gram scripts the words come from one
    ``findall`` and each one's offset from ``str.find`` after the one before it (a word is
    a run of word characters: nothing of it lies between)."""
    if NGRAM_RE.search(folded) is not None:
        return [(k, *t) for k, t in enumerate(tokenize(folded)) if t[0] in wanted]
    out: list[tuple[int, str, int, int]] = []
    find, pos = folded.find, 0
    for k, w in enumerate(WORD_RE.findall(folded)):
        a = find(w, pos)
        pos = a + len(w)
        if w in wanted:
            out.append((k, w, a, pos))
    return out


def index_words(folded: str) -> KeysView[str]:
    """The distinct index tokens of folded text, in the order they first appear (not a
    set's: the build numbers words as it meets them, and the same text must always give
    the same numbers, whatever the process's string hashing)."""
    if NGRAM_RE.search(folded) is None:
        return dict.fromkeys(WORD_RE.findall(folded)).keys()
    return dict.fromkeys(t for t, _, _ in tokenize(folded)).keys()


def query_words(folded: str) -> list[tuple[str, bool]]:
    """Words of a folded query: (word, is_ngram); n-gram runs become their bigrams."""
    out: list[tuple[str, bool]] = []
    for m in WORD_RE.finditer(folded):
        for piece, _, _, ngram in _pieces(m.group(), 0):
            if not ngram:
                out.append((piece, False))
            elif len(piece) == 1:
                out.append((piece, True))
            else:
                out.extend((piece[i : i + 2], True) for i in range(len(piece) - 1))
    return out
