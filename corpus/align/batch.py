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
from .lexicon import Lexicon
from .pair import align_pair
from .params import SIGNALS, AlignParams

#: below this many confident 1-1 pairs no table is learned at all
LEXICON_MIN_PAIRS = 100
#: the table's weight is n / (n + LEXICON_HALF_PAIRS) for n confident training pairs
LEXICON_HALF_PAIRS = 1000
#: beads at least this confident train the table
LEXICON_MIN_CONFIDENCE = 0.8

Job = tuple[Sequence[str], Sequence[str]]


def lexicon_weight(n_pairs: int) -> float:
    """How much a learned pair counts (a shared word counts 1), given its training size."""
    if n_pairs < LEXICON_MIN_PAIRS:
        return 0.0
    return n_pairs / (n_pairs + LEXICON_HALF_PAIRS)


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
) -> Lexicon | None:
    """A pooled word table from first-pass ``(src, tgt, beads)``, weighted by its training
    size; None when there is too little to learn from or nothing was learned."""
    n = training_pairs(docs)
    weight = lexicon_weight(n)
    if weight <= 0:
        return None
    lex = Lexicon.train(docs, min_confidence=LEXICON_MIN_CONFIDENCE)
    if not len(lex):
        return None
    return Lexicon(lex.table, weight)


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
    first = [align_pair(s, t, signals=signals, params=params, lexicon=lexicon) for s, t in jobs]
    if not learn or "lexicon" not in signals:
        return first
    docs = []
    for k, ((s, t), beads) in enumerate(zip(jobs, first, strict=True)):
        if k in reversed_jobs:
            docs.append((t, s, [Bead(b.tgt, b.src, b.confidence) for b in beads]))
        else:
            docs.append((s, t, beads))
    learned = learn_lexicon(docs)
    if learned is None:
        return first
    if lexicon is not None:
        learned = lexicon.merged(learned)
    return [align_pair(s, t, signals=signals, params=params, lexicon=learned) for s, t in jobs]
