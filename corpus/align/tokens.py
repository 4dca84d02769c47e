"""Per-unit word keys: accent-folded, transliterated words and numbers, and lengths."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

_MARKS = "".join(
    re.escape(chr(c)) for c in range(0x300, 0x10000) if unicodedata.category(chr(c))[0] == "M"
)
#: a word: letters and digits with their combining marks (Indic vowel signs are marks)
_TOKEN = re.compile(rf"[\w{_MARKS}]+")
#: Words shorter than this (after folding) carry no evidence; numbers always do.
MIN_WORD = 4
#: digit runs split a token: ``18歳`` (no spaces in Japanese) is the number 18 and a word
_DIGITS = re.compile(r"(\d+)")
_DIGIT = re.compile(r"\d")
_NOT_ALNUM = re.compile(r"[^0-9a-z]")


@lru_cache(maxsize=200_000)
def fold(token: str) -> str:
    """Lower-case, strip accents and transliterate to ASCII (``Ісус`` -> ``isus``)."""
    if not token.isascii():  # ASCII is its own NFC form and transliteration
        token = anyascii(unicodedata.normalize("NFC", token))
    return _NOT_ALNUM.sub("", token.lower())


@dataclass(frozen=True)
class UnitKeys:
    """The evidence of one unit: its folded words and its numbers (as sets)."""

    words: frozenset[str]
    numbers: frozenset[str]


@lru_cache(maxsize=200_000)
def _token_keys(token: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words and the numbers one token gives ``unit_keys``, in its order."""
    words: list[str] = []
    numbers: list[str] = []
    for tok in _DIGITS.split(token) if _DIGIT.search(token) else (token,):
        f = fold(tok)
        if not f:
            continue
        if f.isdigit():
            numbers.append(f.lstrip("0") or "0")
        elif len(f) >= MIN_WORD and f.isalpha():
            words.append(f)
    return tuple(words), tuple(numbers)


@lru_cache(maxsize=50_000)
def unit_keys(text: str) -> UnitKeys:
    """Words of at least ``MIN_WORD`` folded characters, and digit runs (also inside a
    token)."""
    words: set[str] = set()
    numbers: set[str] = set()
    for token in _TOKEN.findall(text):
        w, n = _token_keys(token)
        if w:
            words.update(w)  # in the order of the tokens, as the sets have always been built
        if n:
            numbers.update(n)
    return UnitKeys(frozenset(words), frozenset(numbers))


@lru_cache(maxsize=50_000)
def _length(unit: str) -> int:
    return len(" ".join(unit.split()))


def lengths(units: Sequence[str]) -> list[int]:
    """Length of each unit in characters, whitespace runs counted once."""
    return [_length(u) for u in units]
