"""Folding: one canonical form of text for matching, with a map back to the original.

Folding lowercases (``casefold``: ß→ss), applies compatibility forms (full-width
letters, ligatures), drops diacritics of Latin, Greek, Cyrillic, Hebrew, Arabic and
Syriac, transliterates special Latin letters (æ→ae, ø→o, đ→d, ł→l), drops invisible
format characters and turns ``_`` into a space. Every original character maps to zero
or more folded characters, independently of its neighbours, so offsets map back.
Indic vowel signs, Hangul syllables and CJK are kept as they are.
"""

from __future__ import annotations

import unicodedata

import numpy as np
from anyascii import anyascii

#: Combining marks that are dropped (diacritics, Hebrew points, Arabic harakat, Syriac vowels).
_STRIP_RANGES = (
    (0x0300, 0x036F),
    (0x0483, 0x0489),
    (0x0591, 0x05C7),
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06ED),
    (0x0730, 0x074A),
    (0x1AB0, 0x1AFF),
    (0x1DC0, 0x1DFF),
    (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
)

#: Latin letters outside ASCII, transliterated with anyascii.
_LATIN_RANGES = (
    (0x00C0, 0x024F),
    (0x0250, 0x02AF),
    (0x1D00, 0x1DBF),
    (0x1E00, 0x1EFF),
    (0x2C60, 0x2C7F),
    (0xA720, 0xA7FF),
    (0xAB30, 0xAB6F),
)


def _in(ranges: tuple[tuple[int, int], ...], o: int) -> bool:
    return any(lo <= o <= hi for lo, hi in ranges)


def _strip(s: str) -> str:
    return "".join(
        x for x in s if not (_in(_STRIP_RANGES, ord(x)) and unicodedata.category(x) == "Mn")
    )


def fold_char(c: str) -> str:
    """Fold one character (the unit of the offset map)."""
    o = ord(c)
    if o < 128:
        return " " if c == "_" else c.lower()
    if 0xAC00 <= o <= 0xD7A3:  # Hangul syllables: NFKD would split them into jamo
        return c
    cat = unicodedata.category(c)
    if cat == "Cf" or (cat == "Mn" and _in(_STRIP_RANGES, o)):
        return ""
    d = _strip(unicodedata.normalize("NFKD", c)).casefold()
    d = _strip(unicodedata.normalize("NFKD", d))
    out = []
    for x in d:
        if ord(x) < 128:
            out.append(" " if x == "_" else x)
        elif _in(_LATIN_RANGES, ord(x)) and unicodedata.category(x).startswith("L"):
            out.append(anyascii(x).lower())
        else:
            out.append(x)
    return unicodedata.normalize("NFC", "".join(out))


class _FoldTable(dict):
    """``str.translate`` table that folds characters lazily and remembers them."""

    def __missing__(self, o: int) -> str:
        v = fold_char(chr(o))
        self[o] = v
        return v


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Fold ``text`` for matching (see the module docstring)."""
    if text.isascii():
        return text.lower().replace("_", " ")
    return text.translate(_TABLE)


#: For :func:`fold_many`, by code point: 0 not looked up yet, ``_NONE`` when it folds to
#: nothing, ``_SEVERAL`` when to several characters, else the one it folds to plus one.
#: Made on first use (zeros: the pages of code points never seen are not touched).
_ONE: np.ndarray | None = None
_NONE = 0xFFFFFFFE
_SEVERAL = 0xFFFFFFFF


def _one_per_char(cps: np.ndarray) -> np.ndarray:
    """The ``_ONE`` entry of each code point (looked up and remembered where new)."""
    global _ONE
    if _ONE is None:
        _ONE = np.zeros(0x110000, dtype=np.uint32)
    one = _ONE
    got = one[cps]
    if not got.all():
        for o in sorted(set(cps[got == 0].tolist())):  # np.unique would import numpy.ma
            f = _TABLE[o]
            one[o] = ord(f) + 1 if len(f) == 1 else _NONE if not f else _SEVERAL
        got = one[cps]
    return got


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)


def fold_many(texts: list[str]) -> list[str]:
    """``[fold(t) for t in texts]``, faster for many texts outside ASCII: characters that
    fold to one character or to none are mapped through a table in one numpy pass (a
    text with a character folding to several is folded by :func:`fold`)."""
    out = [fold(t) if t.isascii() else "" for t in texts]
    rest = [i for i, t in enumerate(texts) if not t.isascii()]
    if len(rest) < 2:
        return [fold(texts[i]) if i in rest else f for i, f in enumerate(out)]
    got = _one_per_char(_code_points("".join(texts[i] for i in rest)))
    starts = np.cumsum([0] + [len(texts[i]) for i in rest[:-1]])
    several = np.add.reduceat(got == _SEVERAL, starts).tolist()
    keep = got < _NONE
    kept = np.add.reduceat(keep, starts).tolist()
    folded = (got[keep] - 1).tobytes().decode("utf-32-le", "surrogatepass")
    start = 0
    for i, n, bad in zip(rest, kept, several, strict=True):
        out[i] = texts[i].translate(_TABLE) if bad else folded[start : start + n]
        start += n
    return out


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` and return, for each folded character, its index in ``text``.

    The map has one extra entry, ``len(text)``, for the end position.
    """
    if text.isascii():
        return fold(text), [*range(len(text) + 1)]
    got = _one_per_char(_code_points(text))
    if not (got == _SEVERAL).any():  # each character folds to one or to none: numpy
        keep = got < _NONE
        folded = (got[keep] - 1).tobytes().decode("utf-32-le", "surrogatepass")
        if len(folded) == len(text):
            return folded, [*range(len(text) + 1)]
        return folded, [*np.flatnonzero(keep).tolist(), len(text)]
    parts: list[str] = []
    index: list[int] = []
    table = _TABLE
    for i, c in enumerate(text):
        f = table[ord(c)]
        if f:
            parts.append(f)
            if len(f) == 1:
                index.append(i)
            else:
                index.extend([i] * len(f))
    index.append(len(text))
    return "".join(parts), index


def map_span(index: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a folded [start, end) span to the original text through ``index``."""
    if end <= start:
        return index[start], index[start]
    a = index[start]
    b = max(index[end], index[end - 1] + 1)
    return a, b
