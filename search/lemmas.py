"""Words of a text and their lemmas (simplemma's tables), as folded keys.

``poliisin`` and ``poliisille`` both become ``poliisi``; a language simplemma does not
know keeps the folded word. Loading a language's table costs seconds (Finnish, Swahili:
the largest), so callers that can (the translation lookup) store the forms they met.

The tables are read with simplemma's ``StreamDictionaryFactory``: looked up in the
decompressed stream instead of unpacked into a dict, which gives the same lemmas in
about a tenth of the memory (Swahili: 52 MB instead of 607 MB; Finnish 48 MB instead of
about 350 MB) and loads the largest tables twice as fast.
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


#: Languages whose tables are kept loaded at once (a pair being learned, and the next).
TABLES_KEPT = 4


@functools.cache
def _lemmatizer():  # -> simplemma.Lemmatizer (imported lazily: seconds per language)
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy
    from simplemma.strategies.dictionaries.stream_dictionary_factory import (
        StreamDictionaryFactory,
    )

    factory = StreamDictionaryFactory(cache_max_size=TABLES_KEPT)
    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory))


@functools.lru_cache(maxsize=200_000)
def lemma(word: str, lang: str) -> str:
    """The lemma of ``word`` in ``lang`` as simplemma gives it (the word where unknown)."""
    if not supported(lang):
        return word
    try:
        return str(_lemmatizer().lemmatize(word, lang=lang)) or word
    except (ValueError, KeyError):
        return word


def key(word: str, lang: str) -> str:
    """The folded lemma: what forms of one word share."""
    return fold(lemma(word, lang))
