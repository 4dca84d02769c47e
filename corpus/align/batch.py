"""Batch alignment: many document pairs of one language pair, with word evidence pooled.

A first pass aligns every pair alone; a word table (``Lexicon``) is learned from the
confident 1-1 beads of all of them together; a second pass aligns every pair again with
it. The table's weight fades in with the amount of data it was learned from
(``lexicon_weight``): learned from a few hundred pairs it counts little, from thousands
as much as a shared word. The index pools the same way over a corpus (``articles``).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from .beads import Bead
from .lexical import build_concepts
from .lexicon import Lexicon
from .pair import BeadCosts, align_pairs_costs
from .params import SIGNALS, AlignParams
from .tokens import unit_keys

#: below this many confident 1-1 pairs no table is learned at all
LEXICON_MIN_PAIRS = 100
#: the table's weight is n / (n + LEXICON_HALF_PAIRS) for n confident training pairs
LEXICON_HALF_PAIRS = 100
#: beads at least this confident train the table
LEXICON_MIN_CONFIDENCE = 0.9
#: the table pairs stems of this many letters (0: whole words)
LEXICON_STEM = 5

Job = tuple[Sequence[str], Sequence[str]]


#: units of the training pairs looked at to estimate the share (``pairs_share``)
SHARE_SAMPLE = 300
#: the weight falls as (1 - share) ** LEXICON_SHARE_POWER with what the texts already share
LEXICON_SHARE_POWER = 2.0


def lexicon_weight(n_pairs: int, share: float = 0.0, min_pairs: int | None = None) -> float:
    """How much a learned pair counts (a shared word counts 1), given its training size and
    how much the texts share already (``Concepts.share``: texts of related languages that
    share many words need a learned table less, and a small one mostly adds noise)."""
    if n_pairs < (LEXICON_MIN_PAIRS if min_pairs is None else min_pairs):
        return 0.0
    fade = n_pairs / (n_pairs + LEXICON_HALF_PAIRS)
    return fade * (1.0 - min(max(share, 0.0), 1.0)) ** LEXICON_SHARE_POWER


def training_pairs(docs: Sequence[tuple[Sequence[str], Sequence[str], Sequence[Bead]]]) -> int:
    """The number of beads ``Lexicon.train`` would learn from."""
    return sum(
        1
        for _, _, beads in docs
        for b in beads
        if b.kind == (1, 1) and b.confidence >= LEXICON_MIN_CONFIDENCE
    )


def learn_lexicon(
    docs: Sequence[tuple[Sequence[str], Sequence[str], Sequence[Bead]]],
    share: float = 0.0,
    min_pairs: int | None = None,
) -> Lexicon | None:
    """A pooled word table from first-pass ``(src, tgt, beads)``, weighted by its training
    size and ``share`` (see ``lexicon_weight``); None when there is too little to learn
    from or nothing was learned."""
    n = training_pairs(docs)
    weight = lexicon_weight(n, share, min_pairs)
    if weight <= 0:
        return None
    lex = Lexicon.train(docs, min_confidence=LEXICON_MIN_CONFIDENCE, stem=LEXICON_STEM)
    if not len(lex):
        return None
    return Lexicon(lex.table, weight, lex.stem)


def pairs_share(src: Sequence[str], tgt: Sequence[str]) -> float:
    """``Concepts.share`` of aligned 1-1 unit pairs taken as two texts (at most the first
    ``SHARE_SAMPLE``), for when the texts' own share is not at hand (the index)."""
    src, tgt = list(src[:SHARE_SAMPLE]), list(tgt[:SHARE_SAMPLE])
    if not src or not tgt:
        return 0.0
    keys = [unit_keys(u) for u in src], [unit_keys(u) for u in tgt]
    return build_concepts(*keys).share


def pooled_lexicon(
    jobs: Sequence[Job],
    first: Sequence[tuple[Sequence[Bead], BeadCosts]],
    reversed_jobs: Collection[int] = (),
) -> Lexicon | None:
    """The word table learned from the first pass of all ``jobs`` (``align_pair_costs``
    results), weighted by its size and the texts' mean share (see ``lexicon_weight``)."""
    units = [len(s) + len(t) for s, t in jobs]
    share = sum(c.share * u for (_, c), u in zip(first, units, strict=True)) / max(sum(units), 1)
    docs: list[tuple[Sequence[str], Sequence[str], Sequence[Bead]]] = []
    for k, ((s, t), (beads, _)) in enumerate(zip(jobs, first, strict=True)):
        if k in reversed_jobs:
            docs.append((t, s, [Bead(b.tgt, b.src, b.confidence) for b in beads]))
        else:
            docs.append((s, t, beads))
    return learn_lexicon(docs, share)


def align_batch(
    jobs: Sequence[Job],
    *,
    signals: Collection[str] = SIGNALS,
    params: AlignParams | None = None,
    lexicon: Lexicon | None = None,
    learn: bool = True,
    reversed_jobs: Collection[int] = (),
) -> list[list[Bead]]:
    """Align each ``(src, tgt)`` job (all of one language pair); with ``learn``, a second
    pass uses a word table learned from all the jobs' first pass (merged with
    ``lexicon`` if given). ``reversed_jobs``: positions of jobs whose source is in the
    pair's second language (they are turned round to train the table)."""
    pairs = [(s, t, None) for s, t in jobs]
    # of the costs only the texts' share is used (by ``pooled_lexicon``)
    done = align_pairs_costs(pairs, signals=signals, params=params, lexicon=lexicon, keep_kinds=())
    first = [beads for beads, _ in done]
    if not learn or "lexicon" not in signals or not jobs:
        return first
    learned = pooled_lexicon(jobs, done, reversed_jobs)
    if learned is None:
        return first
    if lexicon is not None:
        learned = lexicon.merged(learned)
    again = align_pairs_costs(pairs, signals=signals, params=params, lexicon=learned, keep_kinds=())
    return [beads for beads, _ in again]
