"""Which articles a filter text matches: every title of the article, folded, typo-tolerant.

The same folding as search (case, accents, scripts) and the same typo rules (one typo
from 4 letters, two from 8; a transposition is one typo; the last word may be a prefix),
so that `nigth` finds "Night train" and `τρενο` finds "Το τρένο". Pure: no Textual.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import OSA

from polyglance.search import fold


def typo_budget(word: str) -> int:
    """Typos forgiven in a query word of this length."""
    return 0 if len(word) < 4 else 1 if len(word) < 8 else 2


def _word_matches(wanted: str, words: Sequence[str], last: bool) -> bool:
    budget = typo_budget(wanted)
    for word in words:
        if word == wanted or (last and word.startswith(wanted)):
            return True
        if budget and OSA.distance(wanted, word, score_cutoff=budget) <= budget:
            return True
        if budget and last and len(word) > len(wanted):
            prefix = word[: len(wanted)]
            if OSA.distance(wanted, prefix, score_cutoff=budget) <= budget:
                return True
    return False


def folded_words(titles: Sequence[str]) -> list[str]:
    """The folded words of ``titles``, as :func:`matches` wants them."""
    return sorted({w for title in titles for w in fold(title).split()})


def matches(query: str, words: Sequence[str]) -> bool:
    """Whether every word of ``query`` occurs (typos and a last-word prefix allowed) in ``words``."""
    wanted = fold(query).split()
    return all(_word_matches(w, words, last=k == len(wanted) - 1) for k, w in enumerate(wanted))
