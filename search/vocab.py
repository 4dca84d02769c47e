"""The vocabulary in memory, and the expansion of a query word to matching index words.

A query word of three characters or more is looked up through the trigram postings of
the vocabulary: words holding all of its trigrams are checked for containing it (exact,
prefix, infix), words holding enough of them are scored with rapidfuzz (typos). Shorter
words and n-grams are looked up by prefix in the ``search_words`` index.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel

from . import store
from .build import trigrams
from .query import Term

EXACT = 100.0
#: At most this many fuzzy candidates (by shared trigrams) are scored with rapidfuzz.
MAX_FUZZY_CANDIDATES = 1000
#: At most this many index words per query word (the best by score, then frequency).
MAX_TERM_WORDS = 200
#: At most this many prefix expansions of a short word (the most frequent).
MAX_PREFIX_WORDS = 200
#: The best typo score (one typo in a long word approaches it).
TYPO_TOP = 80.0
#: A typo in the prefix of a longer word scores this much less than in the whole word.
PREFIX_TYPO_PENALTY = 5.0
#: Query words this short (or shorter) are also compared with every index word of about
#: their length: a typo can leave them without a trigram in common with their word.
SHORT_WORD = 6
#: Query words this short forgive only a missing letter or two swapped letters.
STRICT_SHORT = 4
COMPOUND_SCORE = 85.0
#: Postings read per query word at most (words beyond, by falling score, are skipped).
POSTINGS_BUDGET = 2_000_000
#: Once this many postings are read for a query word, weaker words (5 points below its
#: best) are skipped.
COVERED = 5000


def prefix_score(term: str, word: str) -> float:
    """A word starting with the term: 90..98, higher when the rest is short."""
    return 90.0 + 8.0 * len(term) / len(word)


def infix_score(term: str, word: str) -> float:
    """A word containing the term elsewhere: 80..88."""
    return 80.0 + 8.0 * len(term) / len(word)


def contain_score(term: str, word: str) -> float:
    """Score of a word that contains the term (or 0)."""
    if word == term:
        return EXACT
    if word.startswith(term):
        return prefix_score(term, word)
    if term in word:
        return infix_score(term, word)
    return 0.0


def max_edits(n: int) -> int:
    """Typos forgiven in a query word of ``n`` characters (a transposition is one)."""
    return 1 if n < 8 else 2


def typo_score(n: int, edits: int) -> float:
    """Score of a whole-word match with ``edits`` typos for a query word of ``n`` characters:
    below every exact, prefix or infix score (80), higher for longer words."""
    return TYPO_TOP - 40.0 * edits / n


def edits(term: str, word: str) -> int:
    """Typos between a query word and an index word (optimal string alignment distance:
    insertions, deletions, substitutions and transpositions of neighbours count one each),
    or ``max_edits + 1`` when there are more than forgiven. A query word of four
    characters or fewer forgives a missing letter or two swapped letters, not a wrong or
    an extra one (too many short words are one such typo away from each other)."""
    n, k = len(term), max_edits(len(term))
    d = OSA.distance(term, word, score_cutoff=k)
    if d > k or n > STRICT_SHORT or d == 0:
        return d
    if len(word) == n + 1 and Indel.distance(term, word) == 1:
        return 1  # a letter missing from the query
    if len(word) == n and sorted(word) == sorted(term):
        return 1  # two letters swapped
    return k + 1


def fuzzy_score(term: str, word: str) -> float:
    """Score of a typo match (below every exact, prefix or infix score), or 0: the whole
    word with typos, or (5 less) a prefix of a longer word with typos (one word of
    :func:`fuzzy_matches`, which holds the rule)."""
    found = fuzzy_matches(term, [word])
    return found[0][1] if found else 0.0


def fuzzy_matches(term: str, words: list[str]) -> list[tuple[int, float]]:
    """(index, typo score) of the words scoring above 0, in order: the whole word with
    typos, or (``PREFIX_TYPO_PENALTY`` less) a prefix of a longer word with typos. The
    typos of every word, whole and as prefixes, are counted by rapidfuzz in one pass each."""
    if not words:
        return []
    n, k = len(term), max_edits(len(term))
    whole = process.cdist([term], words, scorer=OSA.distance, score_cutoff=k, dtype=np.int32)[0]
    head = np.full(len(words), k + 1, dtype=np.int32)  # the fewest typos of a prefix
    if n >= 4:
        longer = np.flatnonzero(np.fromiter(map(len, words), np.int64, len(words)) > n)
        if len(longer):
            heads = [words[i] for i in longer.tolist()]
            for m in (n - 1, n, n + 1):
                d = process.cdist(
                    [term],
                    [w[:m] for w in heads],
                    scorer=OSA.distance,
                    score_cutoff=k,
                    dtype=np.int32,
                )[0]
                head[longer] = np.minimum(head[longer], d)
    out = []
    maybe = np.flatnonzero((whole <= k) | (head <= k)).tolist()
    for i, d, h in zip(maybe, whole[maybe].tolist(), head[maybe].tolist(), strict=True):
        if 0 < d <= k and n <= STRICT_SHORT:
            d = edits(term, words[i])  # a short word forgives fewer kinds of typo
        best = typo_score(n, d) if 0 < d <= k else 0.0
        if 0 < h <= k:
            best = max(best, typo_score(n, h) - PREFIX_TYPO_PENALTY)
        if best > 0:
            out.append((i, best))
    return out


def intersect_sorted(lists: list[np.ndarray]) -> np.ndarray:
    """The values in every one of ``lists`` (each sorted and distinct, as the word ids of a
    trigram are), sorted: the shortest list looked up in the others by bisection."""
    lists = sorted(lists, key=len)
    out = lists[0]
    for other in lists[1:]:
        if not len(out):
            break
        at = np.searchsorted(other, out)
        at[at == len(other)] = 0
        out = out[other[at] == out]
    return out


def choose_words(scores: dict[int, float], dfs: np.ndarray) -> list[tuple[int, float]]:
    """The words (id, score) whose postings make a query word's score bound, best first
    (equal scores: the more frequent): within ``POSTINGS_BUDGET`` postings, and once
    ``COVERED`` are read, none 5 points or more below the best."""
    order = sorted(scores.items(), key=lambda kv: (-kv[1], -dfs[kv[0]]))
    chosen: list[tuple[int, float]] = []
    covered = 0
    top = order[0][1] if order else 0.0
    for wid, s in order:
        df = int(dfs[wid])
        if chosen and (covered + df > POSTINGS_BUDGET or (covered >= COVERED and s < top - 5)):
            continue
        covered += df
        chosen.append((wid, s))
    return chosen


def leaves_out_typos(scores: dict[int, float], dfs: np.ndarray) -> bool:
    """Whether :func:`choose_words` would leave out every typo match whatever they are:
    the words given cover ``COVERED`` postings and even the best typo (below
    ``TYPO_TOP``) is 5 points or more below the best of them."""
    if not scores or max(scores.values()) - 5 < TYPO_TOP:
        return False
    return sum(int(dfs[w]) for w, _ in choose_words(scores, dfs)) >= COVERED


@dataclass
class Expansion:
    """Index words matching one query word: word id -> score, and compound splits."""

    scores: dict[int, float] = field(default_factory=dict)
    compounds: list[tuple[int, int]] = field(default_factory=list)  # word ids, adjacent
    #: Typo matches were not looked for (``expand(..., typos_if_needed=True)``).
    typos_skipped: bool = False


class Vocabulary:
    """Words by id with their lengths and document frequencies; trigram lookups."""

    def __init__(self, lazy: bool = False) -> None:
        self.lazy = lazy  # words from the blob as asked (store.WordList), not a list
        self.words: list[str] | store.WordList = []
        self.lens = np.zeros(0, dtype=np.int32)
        self.dfs = np.zeros(0, dtype=np.int64)
        self._grams: dict[str, np.ndarray] = {}
        self._by_len: dict[int, tuple[np.ndarray, list[str]]] = {}
        self._ends_by_len: dict[int, tuple[_ByEnd, _ByEnd]] = {}
        self._heads: np.ndarray | None = None  # (words, 2) first two code points, 0-padded

    def refresh(self, conn: sqlite3.Connection) -> None:
        """Load words added since the last load; forget cached trigram postings."""
        self._grams.clear()
        self._by_len.clear()
        self._ends_by_len.clear()
        self._heads = None
        if not self.words:
            blob = store.load_vocab(conn, lazy=self.lazy)
            if blob is not None:
                self.words, self.lens, self.dfs = blob.words, blob.lens, blob.dfs
        known = len(self.words)
        rows = conn.execute(
            "SELECT id, word, df FROM search_words WHERE id >= ? ORDER BY id", (known,)
        ).fetchall()
        if not rows:
            return
        for wid, word, _ in rows:
            while len(self.words) < wid:  # ids are dense; keep alignment if not
                self.words.append("")
            self.words.append(word)
        added = [len(self.words[i]) for i in range(known, len(self.words))]
        self.lens = np.concatenate([self.lens[:known], np.array(added, dtype=np.int32)])
        dfs = np.zeros(len(self.words), dtype=np.int64)
        dfs[: len(self.dfs)] = self.dfs
        dfs[[r[0] for r in rows]] = [r[2] for r in rows]
        self.dfs = dfs

    def gram_ids(self, conn: sqlite3.Connection, gram: str) -> np.ndarray:
        ids = self._grams.get(gram)
        if ids is None:
            self.load_grams(conn, [gram])
            ids = self._grams[gram]
        return ids

    def load_grams(self, conn: sqlite3.Connection, grams: Iterable[str]) -> None:
        """Read the word ids of the trigrams not yet in memory, in one query per 500."""
        missing = sorted({g for g in grams if g not in self._grams})
        if len(self._grams) + len(missing) > 20000:
            self._grams.clear()
        empty = np.zeros(0, np.uint32)
        for i in range(0, len(missing), 500):
            chunk = missing[i : i + 500]
            found = dict(
                conn.execute(
                    f"SELECT gram, ids FROM search_grams WHERE gram IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
            )
            for g in chunk:
                blob = found.get(g)
                self._grams[g] = store.decode_word_ids(blob) if blob is not None else empty

    def containing(self, conn: sqlite3.Connection, sub: str) -> dict[int, float]:
        """Words containing ``sub`` (exact, prefix, infix) with their scores."""
        if len(sub) < 3:
            return self._prefixed(conn, sub)
        counts = self._gram_counts(conn, sub)
        if counts is None:
            return {}
        n = len(trigrams(sub))
        words = self.words
        out: dict[int, float] = {}
        for wid in np.flatnonzero(counts == n).tolist():
            s = contain_score(sub, words[wid])
            if s:
                out[wid] = s
        return out

    def expand(
        self, conn: sqlite3.Connection, term: Term, typos_if_needed: bool = False
    ) -> Expansion:
        """All index words matching a query word, with scores in (0, 100]. With
        ``typos_if_needed``, typo matches are looked for only when the score bound could
        use them (:func:`leaves_out_typos`): a search of a frequent word does not pay for
        a lookup whose words it would not read."""
        t = term.word
        if term.ngram:
            return Expansion(self._prefixed(conn, t, exact_only=True))
        if len(t) < 3:
            return Expansion(self._prefixed(conn, t))
        grams = trigrams(t)
        if not term.exact:  # the typo lookup's too (see _swapped_prefixes): one query
            grams = grams.union(*(trigrams(v) for v in _swaps(t)))
        self.load_grams(conn, grams)
        counts = self._gram_counts(conn, t)
        exp = Expansion()
        if counts is not None:
            n = len(trigrams(t))
            words = self.words
            full = np.flatnonzero(counts == n)
            for wid in full.tolist():
                s = contain_score(t, words[wid])
                if s:
                    exp.scores[wid] = s
        if not term.exact and len(t) >= 3:
            exp.scores = self.best(exp.scores)  # as the typos would leave them
            if typos_if_needed and leaves_out_typos(exp.scores, self.dfs):
                exp.typos_skipped = True
            else:
                self._fuzzy(conn, t, counts, len(trigrams(t)), exp.scores)
        if not term.exact and len(t) >= 6:
            exp.compounds = self._compounds(conn, t)
        exp.scores = self.best(exp.scores)
        return exp

    def best(self, scores: dict[int, float], n: int = MAX_TERM_WORDS) -> dict[int, float]:
        """The ``n`` best words by score, then by document frequency."""
        if len(scores) <= n:
            return scores
        dfs = self.dfs
        top = sorted(scores.items(), key=lambda kv: (-kv[1], -dfs[kv[0]]))[:n]
        return dict(top)

    def _gram_counts(self, conn: sqlite3.Connection, t: str) -> np.ndarray | None:
        lists = [self.gram_ids(conn, g) for g in trigrams(t)]
        lists = [x for x in lists if len(x)]
        if not lists or not self.words:
            return None
        return np.bincount(np.concatenate(lists), minlength=len(self.words))

    def _fuzzy(
        self,
        conn: sqlite3.Connection,
        t: str,
        counts: np.ndarray | None,
        n: int,
        out: dict[int, float],
    ) -> None:
        """Typo matches: candidates sharing trigrams, and for short words every index word
        of about their length; each scored with :func:`fuzzy_score`."""
        k = max_edits(len(t))
        thr = max(1, n - 3 * k)
        cand = np.flatnonzero(counts >= thr) if counts is not None else np.zeros(0, np.int64)
        cand = cand[self.lens[cand] >= len(t) - k]
        if counts is not None and len(cand) > MAX_FUZZY_CANDIDATES:  # else cand is empty
            top = np.argpartition(-counts[cand], MAX_FUZZY_CANDIDATES)[:MAX_FUZZY_CANDIDATES]
            cand = cand[top]
        # a swap of two letters breaks up to four trigrams: look for the swapped word too
        extra = [self._swapped_prefixes(conn, t)]
        if len(t) <= SHORT_WORD:
            extra.append(self._near_length(t, k))
        cand = store.unique(np.concatenate([cand.astype(np.int64), *extra]))
        if out:
            known = np.fromiter(out, dtype=np.int64, count=len(out))
            cand = cand[~np.isin(cand, known, kind="table")]  # word ids: a small range
        words = self.words
        wids = np.sort(cand).tolist()
        for i, s in fuzzy_matches(t, [words[w] for w in wids]):
            out[wids[i]] = s

    def _swapped_prefixes(self, conn: sqlite3.Connection, t: str) -> np.ndarray:
        """Ids of index words holding every trigram of ``t`` with two neighbours swapped
        (``luhcs`` -> ``luchse``: no trigram of ``luhcs`` is in ``luchse``)."""
        found = [np.zeros(0, np.int64)]
        for v in _swaps(t):
            lists = [self.gram_ids(conn, g) for g in sorted(trigrams(v))]
            if lists and all(len(x) for x in lists):
                found.append(intersect_sorted(lists).astype(np.int64))
        return store.unique(np.concatenate(found))

    def _near_length(self, t: str, k: int) -> np.ndarray:
        """Ids of index words of length ``len(t) ± k`` within ``k`` typos of ``t`` (OSA).

        With one typo and ``len(t) >= 3`` only words sharing the first or the last letter of
        ``t`` are compared: the one edit either leaves index 0 alone (the first letters are
        equal) or touches it — a substitution, deletion or insertion at 0, or the swap of
        indices 0 and 1 — and then the tail of ``t`` from index 2 is the tail of the word,
        so the last letters are equal."""
        found = []
        edges = k == 1 and len(t) >= 3
        for m in range(max(1, len(t) - k), len(t) + k + 1):
            ids, choices = self._length_bucket(m)
            if not choices:
                continue
            groups: tuple[tuple[np.ndarray, list[str]], ...] = ((ids, choices),)
            if edges:
                first, last = self._bucket_ends(m)
                groups = (first.starting(ord(t[0])), last.starting(ord(t[-1])))
            for gids, gwords in groups:
                if not gwords:
                    continue
                d = process.cdist([t], gwords, scorer=OSA.distance, score_cutoff=k, dtype=np.int32)
                found.append(gids[np.flatnonzero(d[0] <= k)])
        # a word with both ends of t is in both of its bucket's groups: once
        return store.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)

    def _length_bucket(self, m: int) -> tuple[np.ndarray, list[str]]:
        """Ids and words of the index words of exactly ``m`` characters (built on first use)."""
        bucket = self._by_len.get(m)
        if bucket is None:
            ids = np.flatnonzero(self.lens == m)
            words = self.words
            bucket = self._by_len[m] = (ids, [words[i] for i in ids.tolist()])
        return bucket

    def _bucket_ends(self, m: int) -> tuple[_ByEnd, _ByEnd]:
        """The length bucket ``m`` grouped by first and by last code point."""
        ends = self._ends_by_len.get(m)
        if ends is None:
            ids, choices = self._length_bucket(m)
            joined = "".join(choices)  # every word has m code points: slices pick the ends
            firsts = np.frombuffer(joined[0::m].encode("utf-32-le"), dtype=np.uint32)
            lasts = np.frombuffer(joined[m - 1 :: m].encode("utf-32-le"), dtype=np.uint32)
            ends = self._ends_by_len[m] = (
                _ByEnd.make(firsts, ids, choices),
                _ByEnd.make(lasts, ids, choices),
            )
        return ends

    def _word_heads(self) -> np.ndarray:
        """First two code points of every word ((n, 2) uint32, 0 past a word's end)."""
        if self._heads is None:
            if isinstance(self.words, store.WordList):
                self._heads = self.words.heads()
            else:
                joined = "".join([w[:2].ljust(2, "\0") for w in self.words])
                cps = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), np.uint32)
                self._heads = cps.reshape(-1, 2)
        return self._heads

    def _prefixed(
        self, conn: sqlite3.Connection, t: str, exact_only: bool = False
    ) -> dict[int, float]:
        if exact_only:
            row = conn.execute("SELECT id FROM search_words WHERE word=?", (t,)).fetchone()
            return {row[0]: EXACT} if row else {}
        if 0 < len(t) <= 2 and self.words:
            return self._short_prefixed(t)
        rows = conn.execute(
            "SELECT id, word FROM search_words WHERE word >= ? AND word < ? "
            "ORDER BY df DESC, id LIMIT ?",
            (t, t + "\U0010ffff", MAX_PREFIX_WORDS),
        ).fetchall()
        rows += conn.execute("SELECT id, word FROM search_words WHERE word=?", (t,)).fetchall()
        return {wid: contain_score(t, w) for wid, w in rows}

    def _short_prefixed(self, t: str) -> dict[int, float]:
        """Words starting with a query word of one or two characters: the word itself and
        the ``MAX_PREFIX_WORDS`` most frequent others (equal counts: lower id first), from
        memory (in SQL the sort of thousands of words by count took milliseconds)."""
        heads = self._word_heads()
        cps = [ord(c) for c in t]
        hit = heads[:, 0] == cps[0]
        if len(cps) == 2:
            hit &= heads[:, 1] == cps[1]
        ids = np.flatnonzero(hit)
        if len(ids) > MAX_PREFIX_WORDS:
            top = ids[np.lexsort((ids, -self.dfs[ids]))][:MAX_PREFIX_WORDS]
            ids = np.concatenate([top, ids[self.lens[ids] == len(t)]])  # and t itself
        words = self.words
        return {wid: contain_score(t, words[wid]) for wid in ids.tolist()}

    def _compounds(self, conn: sqlite3.Connection, t: str) -> list[tuple[int, int]]:
        """Splits of ``t`` into two index words (``superintelligence`` → super intelligence)."""
        halves = {t[:i] for i in range(3, len(t) - 2)} | {t[i:] for i in range(3, len(t) - 2)}
        marks = ",".join("?" * len(halves))
        ids = dict(
            conn.execute(f"SELECT word, id FROM search_words WHERE word IN ({marks})", [*halves])
        )
        return [
            (ids[t[:i]], ids[t[i:]]) for i in range(3, len(t) - 2) if t[:i] in ids and t[i:] in ids
        ]


def _swaps(t: str) -> list[str]:
    """``t`` with two neighbouring characters swapped, each way that changes it."""
    out = [t[:i] + t[i + 1] + t[i] + t[i + 2 :] for i in range(len(t) - 1)]
    return [v for v in out if v != t]


@dataclass
class _ByEnd:
    """One length bucket's words sorted by one end code point (first or last)."""

    cps: np.ndarray  # sorted
    ids: np.ndarray
    words: list[str]

    @classmethod
    def make(cls, cps: np.ndarray, ids: np.ndarray, words: list[str]) -> _ByEnd:
        order = np.argsort(cps, kind="stable")
        picked = [words[k] for k in order.tolist()]
        return cls(cps[order], ids[order], picked)

    def starting(self, cp: int) -> tuple[np.ndarray, list[str]]:
        """Ids and words whose end code point is ``cp``."""
        a, b = np.searchsorted(self.cps, [cp, cp + 1]).tolist()
        return self.ids[a:b], self.words[a:b]
