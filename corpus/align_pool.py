"""Aligning many articles on every core, the results in the order of the articles.

Indexing aligns each article once, then again with the word pairs learned from the
corpus. Each alignment is independent of the others and runs on one BLAS thread
(align/blas.py), so a large corpus is aligned in worker processes (ordered_pool.py), one
article at a time each; a small one in this process, where starting workers would cost
more than it saves. The rows are the same either way (the aligner's floats do not depend
on the process or its hash seed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from .align import Lexicon, align_multi
from .align.multi import Row
from .ordered_pool import ordered_results, worker_count

Texts = Sequence[Sequence[str]]

#: Below this much work (see ``work``) the articles are aligned in this process.
POOL_MIN_WORK = 20_000
#: Paragraphs handed to the workers ahead of the article being stored: enough that a long
#: article at the head of the queue does not leave the other workers idle, few enough
#: that the texts waiting (and the rows done but not yet stored) stay small.
AHEAD_UNITS = 100_000

_lexicon: Lexicon | None = None  # a worker's copy of the word table (set by _set_lexicon)


def work(lengths: Sequence[int]) -> int:
    """The aligner's work for one article of texts of ``lengths`` units, in units: every
    pair of its texts is aligned (one text alone costs nothing)."""
    return sum(lengths) * (len(lengths) - 1)


def align_articles(
    articles: Iterable[Texts],
    total_work: int,
    lexicon: Lexicon | None = None,
    waiting: Callable[[], None] | None = None,
) -> Iterator[list[Row]]:
    """``align_multi`` of each article's texts, in order; ``total_work``: the sum of their
    ``work``, which decides whether worker processes are worth starting; ``waiting``: as
    for ``ordered_pool.ordered_results``."""
    if worker_count() < 2 or total_work < POOL_MIN_WORK:
        yield from (_align(texts, lexicon) for texts in articles)
        return
    yield from ordered_results(
        articles,
        _align_in_worker,
        lambda texts: _align(texts, lexicon),
        size=lambda texts: sum(map(len, texts)),
        ahead=AHEAD_UNITS,
        setup=_set_lexicon,
        setup_args=(lexicon,),
        waiting=waiting,
    )


def _align(texts: Texts, lexicon: Lexicon | None) -> list[Row]:
    return align_multi(texts, lexicon=lexicon) if lexicon is not None else align_multi(texts)


def _set_lexicon(lexicon: Lexicon | None) -> None:
    global _lexicon
    _lexicon = lexicon


def _align_in_worker(texts: Texts) -> list[Row]:
    return _align(texts, _lexicon)
