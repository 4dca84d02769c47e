"""Words of a text and their lemmas (simplemma's tables), as folded keys.

``poliisin`` and ``poliisille`` both become ``poliisi``; a language simplemma does not
know keeps the folded word. Loading a language's table costs seconds (Finnish: the
largest), so callers that can (the translation lookup) store the forms they met.
"""

from __future__ import annotations

import functools
import re

from .fold import fold

#: A word: letters (and marks), no digits, no underscore.
WORD = re.compile(r"[^\W\d_]+")


def words(text: str) -> list[tuple[str, int, int]]:
    """Words of ``text`` with their [start, end) offsets, one-letter words left out."""
    return [(m.group(), m.start(), m.end()) for m in WORD.finditer(text) if m.end() - m.start() > 1]


@functools.cache
def _supported() -> frozenset[str]:
    try:
        from simplemma.strategies.dictionaries.dictionary_factory import SUPPORTED_LANGUAGES
    except ImportError:  # pragma: no cover - an older simplemma
        return frozenset()
    return frozenset(SUPPORTED_LANGUAGES)


def supported(lang: str) -> bool:
    """Whether simplemma has a lemma table for ``lang``."""
    return lang in _supported()


@functools.lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    """The lemma of ``word`` in ``lang`` as simplemma gives it (the word where unknown)."""
    if not supported(lang):
        return word
    import simplemma

    try:
        return simplemma.lemmatize(word, lang=lang) or word
    except (ValueError, KeyError):
        return word


def key(word: str, lang: str) -> str:
    """The folded lemma: what forms of one word share."""
    return fold(lemma(word, lang))
