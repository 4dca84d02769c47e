"""Word pairs the corpus itself teaches, as extra anchors for grouping.

Anchors (names, numbers) are few in a short news item. Once the clearest pairs of
documents are known (a first grouping pass), the words that keep occurring together across
those pairs, one in each language, are translations of each other: ``refugees`` on one
side wherever ``pakolaiset`` is on the other. Each such word pair becomes a shared anchor of
every document of either language that uses it, and the pairs are scored again. Only
pairs seen in several confident pairs, and nearly always together, are kept; a language
pair needs enough confident pairs to learn from at all.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .anchors import has_case

_WORD = re.compile(r"[^\W\d_]{4,}")

#: Words are compared on this many folded characters (inflections meet).
STEM = 6
#: Stems of a document kept for learning: its first this many distinct ones.
STEMS_PER_DOC = 120
#: A language pair needs this many confident pairs of documents to learn from ...
MIN_PAIRS = 12
#: ... a word pair must occur together in this many of them ...
MIN_TOGETHER = 2
#: ... and together in this share of the confident pairs where either word occurs.
MIN_ASSOCIATION = 0.75
#: At most this many confident pairs of one language pair are read (time stays bounded).
MAX_PAIRS = 1000
#: Words in more than this share of a language's confident documents are too common.
MAX_DOC_SHARE = 0.25


def stems(texts: Iterable[str], limit_chars: int = 2500) -> frozenset[str]:
    """Distinct lower-case word stems of a text sample (names left out: anchors have them)."""
    found: list[str] = []
    seen: set[str] = set()
    size = 0
    for text in texts:
        cased = has_case(text)
        for word in _WORD.findall(text):
            if cased and word[0].isupper():
                continue
            stem = word.casefold()[:STEM]
            if stem not in seen:
                seen.add(stem)
                found.append(stem)
        size += len(text)
        if size >= limit_chars or len(found) >= STEMS_PER_DOC:
            break
    return frozenset(found[:STEMS_PER_DOC])


@dataclass
class WordTable:
    """Word pairs learned per language pair: each pair is one key, given to a text of either
    language that has the word of its side."""

    #: (first language, second language) -> {stem of the first: key}, {stem of the second: keys}
    sides: dict[tuple[str, str], tuple[dict[str, str], dict[str, list[str]]]] = field(
        default_factory=dict
    )

    def keys(self, lang: str, words: Iterable[str]) -> frozenset[str]:
        """The keys of the word pairs that ``words`` (stems) of a text in ``lang`` hold."""
        found: set[str] = set()
        for (la, lb), (left, right) in self.sides.items():
            if lang == la:
                found.update(left[u] for u in words if u in left)
            elif lang == lb:
                for v in words:
                    found.update(right.get(v, ()))
        return frozenset(found)

    def __bool__(self) -> bool:
        return bool(self.sides)


def learn_table(
    pairs: Sequence[tuple[int, int]], langs: Sequence[str], doc_stems: Sequence[frozenset[str]]
) -> WordTable:
    """The word pairs that confident ``pairs`` (positions) of documents teach."""
    by_langs: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for i, j in pairs:
        if langs[i] == langs[j]:
            continue
        a, b = (i, j) if langs[i] < langs[j] else (j, i)
        by_langs[langs[a], langs[b]].append((a, b))
    learned = WordTable()
    for (la, lb), found in sorted(by_langs.items()):
        if len(found) < MIN_PAIRS:
            continue
        table = _associate(found[:MAX_PAIRS], doc_stems)
        if not table:
            continue
        left = {u: f"%{la}-{lb}:{u}" for u in table}
        right: dict[str, list[str]] = defaultdict(list)
        for u, v in table.items():
            right[v].append(left[u])
        learned.sides[la, lb] = (left, dict(right))
    return learned


def learn(
    pairs: Sequence[tuple[int, int]], langs: Sequence[str], doc_stems: Sequence[frozenset[str]]
) -> dict[int, frozenset[str]]:
    """Extra anchors per document position, from confident ``pairs`` (positions)."""
    table = learn_table(pairs, langs, doc_stems)
    if not table:
        return {}
    extra = {k: table.keys(lang, doc_stems[k]) for k, lang in enumerate(langs)}
    return {position: keys for position, keys in extra.items() if keys}


def _associate(
    pairs: Sequence[tuple[int, int]], doc_stems: Sequence[frozenset[str]]
) -> Mapping[str, str]:
    """Stem u (first language) -> stem v (second) that occur together across ``pairs``.

    Counted one stem u at a time (the stems v of the partners of its documents), never as
    one table of every (u, v) met: that held 120 x 120 tuples per pair, 600 MB on 10,000
    Bible documents."""
    df_a: Counter[str] = Counter()
    df_b: Counter[str] = Counter()
    for a, b in pairs:
        df_a.update(doc_stems[a])
        df_b.update(doc_stems[b])
    most = MAX_DOC_SHARE * len(pairs)
    partners_of: dict[str, list[int]] = defaultdict(list)  # u -> the pairs whose a has it
    right: list[list[str]] = []  # per pair: the usable stems of its b
    for k, (a, b) in enumerate(pairs):
        right.append([v for v in doc_stems[b] if MIN_TOGETHER <= df_b[v] <= most])
        for u in doc_stems[a]:
            if MIN_TOGETHER <= df_a[u] <= most:
                partners_of[u].append(k)
    best: dict[str, tuple[float, str]] = {}
    for u in sorted(partners_of):
        together = Counter(v for k in partners_of[u] for v in right[k])
        for v, count in sorted(together.items()):
            if count < MIN_TOGETHER:
                continue
            association = count / max(df_a[u], df_b[v])
            if association < MIN_ASSOCIATION:
                continue
            if association > best.get(u, (0.0, ""))[0]:
                best[u] = (association, v)
    taken: dict[str, tuple[float, str]] = {}
    table = {}
    for u, (association, v) in sorted(best.items()):
        if association > taken.get(v, (0.0, ""))[0]:
            taken[v] = (association, u)
    for v, (_, u) in taken.items():
        table[u] = v
    return table
