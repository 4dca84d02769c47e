"""Group documents into articles: the documents that are translations of one another.

Documents are compared by their language-neutral anchors (anchors.py), weighted by how
rare each anchor is in the corpus, with the overlap coefficient (shared weight over the
smaller document's weight) so that a language that capitalises every noun (German) or
writes in another script is not penalised. Candidate pairs come from an inverted index
of anchors (frequent anchors skipped), never from all pairs. What the texts themselves
show adds to that (group_signals.py): the numbers in the same order, paragraphs of
matching lengths in the same order, the parallel-corpus folder layout (``en/x.txt``
beside ``fi/x.txt``), and for texts of 20 paragraphs or more their long shape
(long_shape.py: the paragraph lengths rise and fall together; no shared word needed, so
it joins scripts that share no name), compared with each text's few nearest in
paragraph count in every language. Documents are then merged greedily, best pair first,
by average linkage, never putting two documents of one language in one article, where
"one language" is one language code or common words mostly shared (language ID gives
languages it does not know varying codes); a same-language document nearly identical to
a member is kept with it as a duplicate.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TypeVar

import numpy as np

from . import long_shape, word_table
from .group_signals import (
    SHAPE_UNITS,
    numbers_agreement,
    parallel_key,
    same_language,
    shape_similarity,
)
from .language import UNDETERMINED
from .unknown_languages import is_undetermined

#: ``progress(done, total)``: how much of the grouping is done, in per cent (``PHASES``)
Progress = Callable[[int, int], None]
#: ``tick(done, total)``: steps of one phase done, of its ``total``
Tick = Callable[[int, int], None]
#: The grouping's phases and their shares of its work, in per cent: a compromise, as the
#: shares vary with the corpus (measured: 10k short documents, no word table, anchors 91%
#: of 6.7 s, merging 9%; the Bible books, 324 long texts, long shapes 76% of 4.2 s).
#: Progress is told within each phase (about a second apart at most on both), so that a long
#: grouping shows it moving and an app that is left stops it within a moment.
PHASES = (("anchors", 35), ("word table", 5), ("long shapes", 30), ("rescored", 25), ("merged", 5))
#: Within a phase, progress is told every this many steps (pairs, blocks of documents).
TICK_EVERY = 512

#: Two documents whose score reaches this are translations of each other.
THRESHOLD = 0.32
#: Language ID below this confidence is unsure (see one_language).
SURE_LANGUAGE = 0.9
#: Pairs scoring this much teach the word table (word_table.py).
CONFIDENT = 0.5
#: A pair that is each document's best in the other's language by CLEAR_MARGIN over the
#: runner-up needs only this score (and clusters joined by it this average linkage).
CLEAR_THRESHOLD = 0.18
CLEAR_MARGIN = 1.5
CLEAR_LINKAGE = 0.12
CLEAR_SHAPE = 0.5
#: In a corpus of four languages or more, a mutual-best pair scoring at least
#: SUPPORTED_FLOOR whose two documents are also the mutual best of SUPPORTED_WITNESSES
#: third documents (each in a language of its own, each pair of at least the floor) is
#: joined as a clear pair is, and its clusters need an average linkage of only the floor:
#: translations into many languages are each other's best all round, chance pairs rarely
#: are. Chosen on bible-nt (bench/group_bench.py bible): books in verse order 31.8% ->
#: 47.2% of documents in their book's largest article, 0 articles mixing books; shuffled
#: chunks (720, 2,280 and twelve small corpora of 36-72) 0 false articles. Two witnesses
#: or a floor of 0.06 gave false ones on the shuffled chunks.
SUPPORTED_FLOOR = 0.1
SUPPORTED_WITNESSES = 3
#: ... and whose first paragraph lengths match as a translation's this well (without it,
#: shuffled chunks formed such triangles).
SUPPORTED_SHAPE = 0.45
#: Same language and an overlap this high: a near-duplicate.
DUPLICATE_THRESHOLD = 0.9
#: A shared source URL adds this much to a pair's score.
SOURCE_BONUS = 0.25
#: The overlap is taken over at least this share of the larger document's anchor weight.
MIN_WEIGHT_SHARE = 0.25
#: Anchors in more documents than this are too common to propose candidates (they still
#: count in the score): the work of finding candidates grows with this times the anchors.
MAX_POSTING = 100
#: At most this many files under sibling language folders share one relative path.
MAX_PARALLEL = 200
#: Candidate pairs: each document's this many best in each language (by anchors).
CANDIDATES_PER_LANGUAGE = 6
#: ... scoring at least this much on anchors: lower scores decide nothing (a pair needs
#: CLEAR_THRESHOLD, a runner-up matters above CLEAR_THRESHOLD / CLEAR_MARGIN, and in an
#: average linkage they weigh next to nothing), and the numbers that could still add to
#: them are shared anchors too.
CANDIDATE_FLOOR = 0.02
#: Fewest shared anchors for a candidate pair on anchors alone (with fewer, the texts'
#: own evidence must add to them).
MIN_SHARED = 3
#: The texts' own evidence is read for this many best candidates of each document.
EVIDENCE_CANDIDATES = 4
#: The numbers of both texts in the same order add up to this much ...
NUMBERS_BONUS = 0.2
#: ... once at least this many of them agree.
MIN_NUMBERS = 2
#: Paragraph lengths that align as a translation's add up to this much ...
SHAPE_BONUS = 0.12
#: ... from this shape similarity on (reaching the bonus at 1.0) ...
SHAPE_FROM = 0.7
#: ... when both documents have at least this many content paragraphs, in a ratio of at
#: least this, and some other evidence (numbers, or anchors worth this much) exists: the
#: shape alone is too often alike by chance, and costs a small alignment to measure.
SHAPE_MIN_PARAGRAPHS = 3
SHAPE_MIN_COUNT_RATIO = 0.6
SHAPE_MIN_BASE = 0.08
#: Texts of at least this many paragraphs each whose shape is below SHAPE_VETO are
#: another article: their score is multiplied by SHAPE_VETO_FACTOR.
SHAPE_VETO_PARAGRAPHS = 4
SHAPE_VETO = 0.2
SHAPE_VETO_FACTOR = 0.25
#: The same relative path under sibling language folders (``en/x.txt``, ``fi/x.txt``):
#: at least this score, unless their lengths are far apart (see [grouping] in config.toml).
PARALLEL_SCORE = 0.9
#: Two titles sharing this many rare words or numbers add TITLE_BONUS (fewer: a share) ...
TITLE_FULL = 2
TITLE_BONUS = 0.15
#: ... a word or number in more than this share of the titles is not rare.
TITLE_RARE_SHARE = 0.05
#: Two texts whose paragraph lengths rise and fall together as a translation's
#: (long_shape.translations) score at least this, and such a pair joins clusters whose
#: average linkage reaches LONG_SHAPE_LINKAGE (a third of their pairs that sure): a text
#: of a book of verses merged or left out is sure of only some of the book's others, and
#: two different books were never sure of each other (bench/group_bench.py bible).
LONG_SHAPE_SCORE = 0.6
LONG_SHAPE_LINKAGE = 0.2
#: Texts with a long shape are compared with this many others of each language, those
#: nearest in paragraph count (a translation has about as many) ...
LONG_SHAPE_NEIGHBOURS = 4
#: ... and at most this many pairs in all, the nearest in count first (each costs a
#: millisecond or so; the pairs compared grow with the documents, not their square).
LONG_SHAPE_BUDGET = 20_000


@dataclass(frozen=True)
class DocInfo:
    id: int
    lang: str
    anchors: frozenset[str]
    content_chars: int
    source_url: str | None = None
    date: str | None = None
    path: str | None = None
    #: Most frequent word types, names left out (group_signals.common_words).
    common: frozenset[str] = frozenset()
    #: Content paragraph lengths in characters, in order.
    lengths: tuple[int, ...] = ()
    #: The numbers of the content, in order.
    numbers: tuple[str, ...] = ()
    lang_confidence: float = 1.0
    #: Lower-case word stems of the content (word_table.stems).
    stems: frozenset[str] = frozenset()
    #: The title's words and numbers (group_signals.title_keys).
    title: frozenset[str] = frozenset()
    #: Every content paragraph's length (uint16, capped) when the text has enough of them
    #: for a shape (long_shape.SHORT_MIN); empty otherwise (``packed_lengths``).
    shape_lengths: bytes = b""

    def paragraph_count(self) -> int:
        """Content paragraphs, when ``shape_lengths`` holds them (0 otherwise)."""
        return len(self.shape_lengths) // 2


@dataclass
class Group:
    members: list[int]  # one document per language, by id
    duplicates: dict[int, int] = field(default_factory=dict)  # duplicate -> member it copies


def _length_factor(a: DocInfo, b: DocInfo) -> float:
    """Translations have comparable lengths; a 1:3 ratio halves the score."""
    if not a.content_chars or not b.content_chars:
        return 0.0
    ratio = min(a.content_chars, b.content_chars) / max(a.content_chars, b.content_chars)
    return min(1.0, ratio / 0.6) ** 0.5


def _date_factor(a: DocInfo, b: DocInfo) -> float:
    if not a.date or not b.date or a.date == b.date:
        return 1.0
    try:
        from datetime import date

        days = abs((date.fromisoformat(a.date) - date.fromisoformat(b.date)).days)
    except ValueError:
        return 1.0
    return 1.0 if days <= 3 else 0.7 if days <= 30 else 0.4


def _evidence(a: DocInfo, b: DocInfo, base: float) -> float:
    """What the two texts themselves add to their anchors' score ``base``."""
    bonus = 0.0
    agreement = numbers_agreement(a.numbers, b.numbers)
    if agreement * max(len(a.numbers), len(b.numbers)) >= MIN_NUMBERS - 1e-9:
        bonus += NUMBERS_BONUS * agreement
    n, m = len(a.lengths), len(b.lengths)
    if (
        min(n, m) >= SHAPE_MIN_PARAGRAPHS
        and min(n, m) >= SHAPE_MIN_COUNT_RATIO * max(n, m)
        and (bonus or base >= SHAPE_MIN_BASE)
        and base + bonus < THRESHOLD + SHAPE_BONUS
    ):
        shape = shape_similarity(a.lengths, b.lengths)
        bonus += SHAPE_BONUS * max(0.0, (shape - SHAPE_FROM) / (1 - SHAPE_FROM))
    return bonus


def _title_bonus(a: DocInfo, b: DocInfo, common: frozenset[str]) -> float:
    """What the two titles add: the rare words and numbers they share (``common``: those of
    too many titles). Another article on a story has its names, rarely its title's words."""
    shared = len((a.title & b.title) - common)
    return TITLE_BONUS * min(1.0, shared / TITLE_FULL)


def _numbers_only(a: DocInfo, b: DocInfo) -> bool:
    """Whether all the two texts share are numbers. Such a pair counts as much as its
    numbers agree in order: a translation keeps them in order, while a text of verse
    references or statistics shares a few small numbers with many others by chance."""
    shared = a.anchors & b.anchors
    return bool(shared) and all(anchor.startswith("#") for anchor in shared)


def _shape_veto(a: DocInfo, b: DocInfo) -> float:
    """A factor below 1 when two texts of as many paragraphs have lengths that do not
    match at all: names say "one story", the shape says "another article" (translations
    measured 0.38 at the lowest, the seeds and the demo 0.47)."""
    n, m = len(a.lengths), len(b.lengths)
    if min(n, m) < SHAPE_VETO_PARAGRAPHS or min(n, m) < SHAPE_MIN_COUNT_RATIO * max(n, m):
        return 1.0
    if max(n, m) >= SHAPE_UNITS:  # lengths cut short: an early shift would misjudge them
        return 1.0
    return SHAPE_VETO_FACTOR if shape_similarity(a.lengths, b.lengths) < SHAPE_VETO else 1.0


def packed_lengths(lengths: Sequence[int]) -> bytes:
    """``DocInfo.shape_lengths`` of a text of content paragraphs of these ``lengths``."""
    if len(lengths) < long_shape.SHORT_MIN:
        return b""
    return np.minimum(np.asarray(lengths, dtype=np.int64), 65535).astype("<u2").tobytes()


def _long_pairs(docs: Sequence[DocInfo]) -> list[tuple[int, int]]:
    """Pairs (i < j) of texts in different languages worth a long-shape comparison: each
    text's LONG_SHAPE_NEIGHBOURS nearest in paragraph count in every other language, when
    ``long_shape.comparable``; at most LONG_SHAPE_BUDGET pairs, the nearest in count first
    (then by position)."""
    by_lang: dict[str, list[int]] = defaultdict(list)
    for position, doc in enumerate(docs):
        if doc.shape_lengths:
            by_lang[doc.lang].append(position)
    if len(by_lang) < 2:
        return []
    count = np.array([doc.paragraph_count() for doc in docs], dtype=np.int64)
    by_count = {
        lang: np.array(sorted(mine, key=lambda p: (count[p], p)), dtype=np.int64)
        for lang, mine in by_lang.items()
    }
    found_i: list[np.ndarray] = []
    found_j: list[np.ndarray] = []
    for lang, here in sorted(by_count.items()):
        for other, ordered in sorted(by_count.items()):
            if other == lang:
                continue
            sizes = count[ordered]
            at = np.searchsorted(sizes, count[here])
            # the 2 K texts around each one's place hold its K nearest
            near = at[:, None] + np.arange(-LONG_SHAPE_NEIGHBOURS, LONG_SHAPE_NEIGHBOURS)
            inside = (near >= 0) & (near < len(ordered))
            near = np.clip(near, 0, len(ordered) - 1)
            gap = np.where(
                inside, np.abs(sizes[near] - count[here][:, None]), np.iinfo(np.int64).max
            )
            pick = np.argsort(gap, axis=1, kind="stable")[:, :LONG_SHAPE_NEIGHBOURS]
            usable = np.take_along_axis(inside, pick, axis=1)
            chosen = ordered[np.take_along_axis(near, pick, axis=1)]
            found_i.append(np.broadcast_to(here[:, None], chosen.shape)[usable])
            found_j.append(chosen[usable])
    if not found_i:
        return []
    i, j = np.concatenate(found_i), np.concatenate(found_j)
    i, j = np.minimum(i, j), np.maximum(i, j)
    low, high = np.minimum(count[i], count[j]), np.maximum(count[i], count[j])
    keep = np.fromiter(
        (long_shape.comparable(x, y) for x, y in zip(low.tolist(), high.tolist(), strict=True)),
        bool,
        len(low),
    )
    key = np.unique(i[keep] * len(docs) + j[keep])  # sorted: by i, then j
    i, j = key // len(docs), key % len(docs)
    ratio = np.minimum(count[i], count[j]) / np.maximum(count[i], count[j])
    order = np.argsort(-ratio, kind="stable")[:LONG_SHAPE_BUDGET]
    return list(zip(i[order].tolist(), j[order].tolist(), strict=True))


def long_shape_pairs(
    docs: Sequence[DocInfo], tick: Tick | None = None
) -> frozenset[tuple[int, int]]:
    """The pairs of ``_long_pairs`` whose long shapes say they are translations."""
    sure = set()
    profiles: dict[int, np.ndarray] = {}

    def profile(p: int) -> np.ndarray:
        if p not in profiles:
            profiles[p] = long_shape.profile(np.frombuffer(docs[p].shape_lengths, "<u2"))
        return profiles[p]

    for i, j in _told(_long_pairs(docs), tick):
        if one_language(docs[i], docs[j]):
            continue
        if long_shape.translations(profile(i), profile(j)):
            sure.add((i, j))
    return frozenset(sure)


def _parallel_pairs(docs: Sequence[DocInfo]) -> list[tuple[int, int]]:
    """Pairs (i < j) at the same relative path under sibling language-named folders."""
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for position, doc in enumerate(docs):
        if (key := parallel_key(doc.path)) is not None:
            by_key[key].append(position)
    return sorted(
        (x, y)
        for _, positions in sorted(by_key.items())
        if len(positions) <= MAX_PARALLEL
        for x, y in itertools.combinations(positions, 2)
    )


class _Anchors:
    """The documents' anchors as numbers (sorted order of the anchor strings): each
    document's in ascending order (``by_doc``, from ``doc_start[d]``) and each anchor's
    documents in ascending order (``flat``, from ``offset[a]``, ``length[a]`` of them).
    Every sum below runs in one order, whatever the hash-seeded order of a set's elements."""

    def __init__(self, docs: Sequence[DocInfo]) -> None:
        n = len(docs)
        vocabulary = sorted(set().union(*(doc.anchors for doc in docs)))
        self.number = {a: k for k, a in enumerate(vocabulary)}
        sizes = np.array([len(doc.anchors) for doc in docs], dtype=np.int64)
        every = np.fromiter(
            map(self.number.__getitem__, itertools.chain.from_iterable(d.anchors for d in docs)),
            np.int64,
            int(sizes.sum()),
        )
        owner = np.repeat(np.arange(n, dtype=np.int64), sizes)
        by_doc = np.lexsort((every, owner))
        self.by_doc, self.owner = every[by_doc], owner
        self.doc_start = np.r_[0, np.cumsum(sizes)]
        self.flat = owner[np.lexsort((owner, every))]
        self.length = np.bincount(every, minlength=len(vocabulary))
        self.offset = np.r_[0, np.cumsum(self.length)[:-1]]
        self.idf = np.log1p(n / np.maximum(self.length, 1))
        self.weight = np.bincount(owner, weights=self.idf[self.by_doc], minlength=n)

    def of(self, doc: int) -> np.ndarray:
        return self.by_doc[self.doc_start[doc] : self.doc_start[doc + 1]]


#: Pairs counted at once in the candidate search, at most (memory stays bounded) ...
BLOCK_CELLS = 4_000_000
#: ... and postings entries gathered at once (a block of long documents with many anchors
#: each: 1,800 Bible documents of 100 paragraphs took 425 MB in one block).
BLOCK_LINKS = 4_000_000


def _blocks(n: int, links: np.ndarray) -> list[tuple[int, int]]:
    """Consecutive ranges of documents holding at most ``BLOCK_CELLS // n`` documents and
    ``BLOCK_LINKS`` postings entries (``links[d]`` of document ``d``), at least one each."""
    most = max(1, BLOCK_CELLS // max(n, 1))
    ends = np.cumsum(links)
    out: list[tuple[int, int]] = []
    low = 0
    while low < n:
        before = ends[low - 1] if low else 0
        high = int(np.searchsorted(ends, before + BLOCK_LINKS, side="right"))
        high = min(n, low + most, max(high, low + 1))
        out.append((low, high))
        low = high
    return out


def _ranked(key: np.ndarray, rough: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Order of the entries by ``key``, then best ``rough`` first, then as they come; and
    each entry's rank within its key, in that order."""
    order = np.lexsort((-rough, key))
    grouped = key[order]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]])
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return order, rank


def _candidates(
    docs: Sequence[DocInfo], index: _Anchors, tick: Tick | None = None
) -> dict[tuple[int, int], tuple[float, int]]:
    """Candidate pairs (i < j) -> (shared weight of the anchors in at most MAX_POSTING
    documents, their number): each document's CANDIDATES_PER_LANGUAGE best in every
    language by the overlap of those anchors (what the score will mostly be), from
    CANDIDATE_FLOOR on.

    A block of documents at a time, their anchors' postings are counted in one vectorised
    sum; only the best few of each are kept, so the pairs scored grow with the documents,
    not with their square (documents sharing one or two anchors are many).
    """
    n = len(docs)
    usable = (index.length >= 2) & (index.length <= MAX_POSTING)
    chars = np.array([doc.content_chars for doc in docs], dtype=np.float64)
    codes = {lang: k for k, lang in enumerate(sorted({doc.lang for doc in docs}))}
    lang = np.array([codes[doc.lang] for doc in docs], dtype=np.int64)
    weight = index.weight
    found: dict[tuple[int, int], tuple[float, int]] = {}
    # postings entries each document's usable anchors gather (``owner`` is in ``by_doc``'s order)
    entries = np.where(usable[index.by_doc], index.length[index.by_doc], 0)
    links = np.bincount(index.owner, weights=entries, minlength=n).astype(np.int64)
    blocks = _blocks(n, links)
    for done, (low, high) in enumerate(blocks):
        if tick:
            tick(done, len(blocks))
        span = slice(index.doc_start[low], index.doc_start[high])
        mine, owner = index.by_doc[span], index.owner[span]
        keep = usable[mine]
        mine, owner = mine[keep], owner[keep]
        if not len(mine):
            continue
        sizes = index.length[mine]
        ends = np.cumsum(sizes)
        others = index.flat[
            np.repeat(index.offset[mine] - (ends - sizes), sizes) + np.arange(ends[-1])
        ]
        cell = np.repeat(owner - low, sizes) * n + others
        cells = (high - low) * n
        shared = np.bincount(cell, weights=np.repeat(index.idf[mine], sizes), minlength=cells)
        counts = np.bincount(cell, minlength=cells)
        hit = np.flatnonzero(shared)  # in the order of (i, j)
        i, j = hit // n + low, hit % n
        larger = np.maximum(weight[i], weight[j])
        smaller = np.maximum(np.minimum(weight[i], weight[j]), larger * MIN_WEIGHT_SHARE)
        ratio = np.minimum(chars[i], chars[j]) / np.maximum(np.maximum(chars[i], chars[j]), 1.0)
        rough = (
            shared[hit]
            / np.maximum(smaller, 1e-9)
            * np.minimum(1.0, ratio / 0.6) ** 0.5
            * np.minimum(1.0, counts[hit] / MIN_SHARED)
        )
        kept = np.flatnonzero((rough >= CANDIDATE_FLOOR) & (i != j))
        hit, i, j, rough = hit[kept], i[kept], j[kept], rough[kept]
        order, rank = _ranked(i * len(codes) + lang[j], rough)
        chosen = np.sort(order[rank < CANDIDATES_PER_LANGUAGE])
        for x, y, gained, count in zip(
            i[chosen].tolist(),
            j[chosen].tolist(),
            shared[hit[chosen]].tolist(),
            counts[hit[chosen]].tolist(),
        ):
            found[min(x, y), max(x, y)] = (gained, count)
    return found


def pair_scores(
    docs: Sequence[DocInfo],
    parallel_folders: bool = True,
    long_sure: frozenset[tuple[int, int]] = frozenset(),
    tick: Tick | None = None,
) -> dict[tuple[int, int], float]:
    """Scores of the candidate pairs (i < j, positions in ``docs``); ``long_sure``: the
    pairs whose long shapes say they are translations (``long_shape_pairs``); ``tick``
    is told the steps done of 100 (the candidates take about a third of the time)."""
    index = _Anchors(docs)
    length = index.length
    idf, weight = index.idf.tolist(), index.weight.tolist()
    candidates = _candidates(docs, index, within(tick, 0, 30))
    # Anchors too common to propose candidates still count in the overlap.
    frequent = [
        frozenset(mine[length[mine] > MAX_POSTING].tolist())
        for mine in map(index.of, range(len(docs)))
    ]
    shared: dict[tuple[int, int], int] = {}
    parallel = set(_parallel_pairs(docs)) if parallel_folders else set()
    strong = parallel | long_sure  # evidence that needs no shared anchor
    base: dict[tuple[int, int], float] = {}
    for i, j in _told(sorted(candidates.keys() | strong), within(tick, 30, 50)):
        a, b = docs[i], docs[j]
        if (i, j) in candidates:
            gained, shared[i, j] = candidates[i, j]
        else:  # a parallel or long-shape pair no anchor proposed
            rare = [index.number[t] for t in a.anchors & b.anchors]
            rare = [k for k in rare if length[k] <= MAX_POSTING]
            gained, shared[i, j] = math.fsum(map(idf.__getitem__, rare)), len(rare)
        if both := frequent[i] & frequent[j]:  # fsum: exact, in any order
            gained += math.fsum(map(idf.__getitem__, both))
        # The smaller document's weight, but not below a share of the larger's: a text
        # with a handful of anchors is otherwise "contained" in any long one.
        smaller = max(min(weight[i], weight[j]), max(weight[i], weight[j]) * MIN_WEIGHT_SHARE)
        overlap = gained / (smaller or 1)
        score = overlap * _length_factor(a, b) * _date_factor(a, b)
        if a.source_url and a.source_url == b.source_url:
            score += SOURCE_BONUS
        base[i, j] = score
    # The texts' own evidence is read for each document's best few candidates only.
    best: dict[int, list[tuple[float, tuple[int, int]]]] = defaultdict(list)
    for pair, score in base.items():
        for end in pair:
            best[end].append((-score, pair))
    examined = {
        pair for ranked in best.values() for _, pair in sorted(ranked)[:EVIDENCE_CANDIDATES]
    }
    title_df = Counter(key for doc in docs for key in doc.title)
    rare_most = max(2.0, TITLE_RARE_SHARE * len(docs))
    common_titles = frozenset(key for key, df in title_df.items() if df > rare_most)
    scores = {}
    for pair, score in _told(base.items(), within(tick, 50, 100)):
        i, j = pair
        if shared[pair] < MIN_SHARED:  # few anchors: a tiny anchor set overlaps by chance
            score *= shared[pair] / MIN_SHARED
        if pair in examined:
            evidence = _evidence(docs[i], docs[j], score)
            evidence += _title_bonus(docs[i], docs[j], common_titles)
            if shared[pair] < MIN_SHARED and not evidence and pair not in strong:
                continue  # too few anchors alone, and nothing else says they belong together
            score = (score + evidence) * _shape_veto(docs[i], docs[j])
        elif shared[pair] < MIN_SHARED and pair not in strong:
            continue
        if score >= CLEAR_THRESHOLD / CLEAR_MARGIN and _numbers_only(docs[i], docs[j]):
            score *= numbers_agreement(docs[i].numbers, docs[j].numbers)
        if (
            pair in parallel
            and _length_factor(docs[i], docs[j]) >= 0.5
            and not one_language(docs[i], docs[j])
        ):
            score = max(score, PARALLEL_SCORE)
        if pair in long_sure:
            score = max(score, LONG_SHAPE_SCORE)
        scores[pair] = score
    return scores


Item = TypeVar("Item")


def _told(items: Collection[Item], tick: Tick | None) -> Iterator[Item]:
    """``items`` one by one, telling ``tick`` how many are done every ``TICK_EVERY``."""
    for k, item in enumerate(items):
        if tick and k % TICK_EVERY == 0:
            tick(k, len(items))
        yield item


def within(tick: Tick | None, low: int, high: int) -> Tick | None:
    """A tick for a part of a whole of 100 steps: the part's own steps told to ``tick`` as
    ``low .. high`` of 100."""
    if tick is None:
        return None
    return lambda done, total: tick(low + (high - low) * done // max(total, 1), 100)


class _Phases:
    """Tells ``progress`` how much of the grouping is done, phase by phase (``PHASES``)."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.spans: dict[str, tuple[int, int]] = {}
        start = 0
        for name, share in PHASES:
            self.spans[name] = (start, start + share)
            start += share

    def tick(self, name: str) -> Tick | None:
        """A tick for the phase ``name``: its steps told within its share."""
        return within(self.progress, *self.spans[name])

    def done(self, name: str) -> None:
        if self.progress is not None:
            self.progress(self.spans[name][1], 100)


def _mutual_best(
    docs: Sequence[DocInfo], scores: dict[tuple[int, int], float]
) -> dict[tuple[int, int], bool]:
    """Pairs where each document is the other's best candidate in the other's language,
    and whether that best is a clear one: CLEAR_MARGIN times the runner-up on both sides,
    and paragraphs whose lengths match as a translation's (CLEAR_SHAPE; between texts
    that are not translations, shapes measured up to 0.38 on Bible chunks and books).

    A document has one translation per language: when it is the best of two others of one
    language, the lesser is another article (on the same story, or a longer text that
    contains its names) and must not join it through it. When several share a document's
    best score (its few anchors all in each), the pair is the one of them that has it as
    its best in return, if only one does (copies of one text count as one).
    """
    ranked: dict[tuple[int, str], list[tuple[float, int]]] = defaultdict(list)
    for (i, j), score in sorted(scores.items()):
        if docs[i].lang == docs[j].lang:
            continue
        ranked[i, docs[j].lang].append((-score, j))
        ranked[j, docs[i].lang].append((-score, i))
    best: dict[tuple[int, str], tuple[list[int], float, float]] = {}
    for key, candidates in ranked.items():
        candidates.sort()
        high = candidates[0][0]
        tied = [k for score, k in candidates if score == high]
        runner_up = -candidates[len(tied)][0] if len(candidates) > len(tied) else 0.0
        best[key] = (tied, -high, -high if len(tied) > 1 else runner_up)

    def each_best(i: int, j: int) -> bool:
        """``j`` is among ``i``'s best in ``j``'s language, and ``i`` among ``j``'s."""
        a, b = best.get((i, docs[j].lang)), best.get((j, docs[i].lang))
        return bool(a and b and j in a[0] and i in b[0])

    mutual = {}
    for i, j in scores:
        if not each_best(i, j):
            continue
        (tied_i, top_i, second_i), (tied_j, top_j, second_j) = (
            best[i, docs[j].lang],
            best[j, docs[i].lang],
        )
        # Equal best scores (a few anchors, all shared): the pair counts only when no other
        # of the tied (but a copy) is best in return.
        if any(
            each_best(i, k) for k in tied_i if k != j and not _near_duplicate(docs[j], docs[k])
        ) or any(
            each_best(k, j) for k in tied_j if k != i and not _near_duplicate(docs[i], docs[k])
        ):
            continue
        mutual[i, j] = (
            top_i >= CLEAR_MARGIN * second_i
            and top_j >= CLEAR_MARGIN * second_j
            and top_i < THRESHOLD  # above it the pair needs no clarity
            and min(len(docs[i].lengths), len(docs[j].lengths)) >= SHAPE_MIN_PARAGRAPHS
            and shape_similarity(docs[i].lengths, docs[j].lengths) >= CLEAR_SHAPE
        )
    mutual.update(_second_round(docs, scores, ranked, mutual))
    return mutual


def _second_round(
    docs: Sequence[DocInfo],
    scores: dict[tuple[int, int], float],
    ranked: dict[tuple[int, str], list[tuple[float, int]]],
    first: dict[tuple[int, int], bool],
) -> dict[tuple[int, int], bool]:
    """Mutual best again among the documents the first round left without a partner in a
    language, each choosing only among those still free in its own: a short text whose
    best is a longer one on the same story (whose names it contains) loses it to that
    text's own translation, and falls back to its next. Such pairs need THRESHOLD and
    are never clear."""
    taken = {(i, docs[j].lang) for i, j in first} | {(j, docs[i].lang) for i, j in first}
    best: dict[tuple[int, str], int] = {}
    for (i, lang), candidates in ranked.items():
        if (i, lang) in taken:
            continue
        free = [(score, k) for score, k in candidates if (k, docs[i].lang) not in taken]
        if free and (len(free) == 1 or free[0][0] < free[1][0]):  # sorted, scores negated
            best[i, lang] = free[0][1]
    return {
        (i, j): False
        for (i, j), score in scores.items()
        if score >= THRESHOLD
        and (i, j) not in first
        and docs[i].lang != docs[j].lang
        and best.get((i, docs[j].lang)) == j
        and best.get((j, docs[i].lang)) == i
    }


def _near_duplicate(a: DocInfo, b: DocInfo) -> bool:
    """Most anchors shared both ways, and lengths alike: one text, not one contained in
    another (a short text's few anchors are all in a long one on the same subject)."""
    larger = max(len(a.anchors), len(b.anchors))
    return (
        larger > 0
        and len(a.anchors & b.anchors) >= DUPLICATE_THRESHOLD * larger
        and _length_factor(a, b) >= DUPLICATE_THRESHOLD
    )


def _supported(
    docs: Sequence[DocInfo],
    scores: dict[tuple[int, int], float],
    mutual: dict[tuple[int, int], bool],
) -> list[tuple[int, int]]:
    """Mutual-best pairs (of at least SUPPORTED_FLOOR) closed into triangles by at least
    SUPPORTED_WITNESSES third documents, each the mutual best of both in its language."""
    linked: dict[int, set[int]] = defaultdict(set)
    for i, j in mutual:
        if scores[i, j] >= SUPPORTED_FLOOR:
            linked[i].add(j)
            linked[j].add(i)
    found = []
    for i, j in sorted(mutual):
        if scores[i, j] < SUPPORTED_FLOOR:
            continue
        witnesses = {
            docs[k].lang
            for k in linked[i] & linked[j]
            if docs[k].lang not in (docs[i].lang, docs[j].lang)
        }
        if (
            len(witnesses) >= SUPPORTED_WITNESSES
            and min(len(docs[i].lengths), len(docs[j].lengths)) >= SHAPE_MIN_PARAGRAPHS
            and shape_similarity(docs[i].lengths, docs[j].lengths) >= SUPPORTED_SHAPE
        ):
            found.append((i, j))
    return found


def one_language(a: DocInfo, b: DocInfo) -> bool:
    """One language code, or texts that share most of their common words (many, when
    language ID is unsure of either). A text of an unknown language too short to tell
    which (plain ``und``) may be in any other unknown one (``und-x-N``)."""
    if a.lang == b.lang:
        return True
    unknown = is_undetermined(a.lang), is_undetermined(b.lang)
    if all(unknown) and UNDETERMINED in (a.lang, b.lang):
        return True
    unsure = min(a.lang_confidence, b.lang_confidence) < SURE_LANGUAGE or any(unknown)
    return same_language(a.common, b.common, unsure)


def group_documents(
    docs: Sequence[DocInfo], parallel_folders: bool = True, progress: Progress | None = None
) -> list[Group]:
    """Articles: every document in exactly one group; groups ordered by their first member.
    ``parallel_folders``: the folder layout counts as evidence (``[grouping]`` of the
    config, which the caller reads); ``progress(done, 100)`` as the work goes (it may
    raise to stop it)."""
    phases = _Phases(progress)
    if progress is not None:
        progress(0, 100)
    # The word table is learnt from what shared anchors and the folders say: long shapes
    # join texts that may share no word at all, and taught it chance pairings of words.
    scores = pair_scores(docs, parallel_folders, tick=phases.tick("anchors"))
    phases.done("anchors")
    table = word_table.learn_table(
        [pair for pair, score in sorted(scores.items()) if score >= CONFIDENT],
        [doc.lang for doc in docs],
        [doc.stems for doc in docs],
    )
    if table:  # score again with the word pairs as anchors, in the texts and the titles
        docs = [
            replace(
                doc,
                anchors=doc.anchors | table.keys(doc.lang, doc.stems),
                title=doc.title | table.keys(doc.lang, doc.title),
            )
            for doc in docs
        ]
    phases.done("word table")
    long_sure = long_shape_pairs(docs, phases.tick("long shapes"))
    phases.done("long shapes")
    if table or long_sure:
        scores = pair_scores(docs, parallel_folders, long_sure, phases.tick("rescored"))
    phases.done("rescored")
    mutual = _mutual_best(docs, scores)
    supported = set(_supported(docs, scores, mutual))
    for pair in supported:
        mutual[pair] = True
    cluster_of = list(range(len(docs)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(docs))}
    duplicates: dict[int, int] = {}

    def linkage(x: int, y: int) -> float:
        total = sum(scores.get((min(a, b), max(a, b)), 0.0) for a in members[x] for b in members[y])
        return total / (len(members[x]) * len(members[y]))

    by_score = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    for (i, j), score in _told(by_score, phases.tick("merged")):
        if score < min(CLEAR_THRESHOLD, SUPPORTED_FLOOR):
            break  # below every pair that can join
        if score < CLEAR_THRESHOLD and (i, j) not in supported:
            continue
        clear = mutual.get((i, j), False)
        if score < THRESHOLD and not clear:
            continue
        if i in duplicates or j in duplicates:
            continue
        x, y = cluster_of[i], cluster_of[j]
        if x == y:
            continue
        if one_language(docs[i], docs[j]):
            if (
                score >= DUPLICATE_THRESHOLD
                and _near_duplicate(docs[i], docs[j])
                and len(members[cluster_of[j]]) == 1
            ):
                duplicates[j] = i
            continue
        if (i, j) not in mutual:
            continue
        if any(one_language(docs[p], docs[q]) for p in members[x] for q in members[y]):
            continue
        least = SUPPORTED_FLOOR if (i, j) in supported else CLEAR_LINKAGE if clear else THRESHOLD
        if (i, j) in long_sure:
            least = min(least, LONG_SHAPE_LINKAGE)
        if linkage(x, y) < least:
            continue
        for k in members[y]:
            cluster_of[k] = x
        members[x] += members.pop(y)
    phases.done("merged")

    groups = []
    for positions in members.values():
        if all(p in duplicates for p in positions):
            continue
        ids = sorted(docs[p].id for p in positions if p not in duplicates)
        groups.append(Group(ids))
    by_member = {doc_id: g for g in groups for doc_id in g.members}
    for dup, original in duplicates.items():
        root = original
        while root in duplicates:
            root = duplicates[root]
        group = by_member.get(docs[root].id)
        if group is None:  # its original's own cluster was also emptied; stand alone
            group = Group([docs[dup].id])
            groups.append(group)
        else:
            group.duplicates[docs[dup].id] = docs[original].id
    return sorted(groups, key=lambda g: g.members[0])
