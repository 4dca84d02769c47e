"""Aligning many articles on every core, the results in the order of the articles.

Indexing aligns each article once, then again with the word pairs learned from the
corpus. Each alignment is independent of the others and runs on one BLAS thread
(align/blas.py), so a large corpus is aligned in worker processes, one article at a time
each; a small one in this process, where starting workers would cost more than it saves.
The rows are the same either way (the aligner's floats do not depend on the process or
its hash seed). Whatever goes wrong with the pool costs only speed: what is left is
aligned in this process. The workers have the reading workers' manners (workerproc.py).
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from . import workerproc
from .align import Lexicon, align_multi
from .align.multi import Row

Texts = Sequence[Sequence[str]]

#: Below this much work (see ``work``) the articles are aligned in this process.
POOL_MIN_WORK = 20_000
#: Paragraphs handed to the workers ahead of the article being stored: enough that a long
#: article at the head of the queue does not leave the other workers idle, few enough
#: that the texts waiting (and the rows done but not yet stored) stay small. At least
#: two articles per worker are ahead, however long they are.
AHEAD_UNITS = 100_000
AHEAD_PER_WORKER = 2

_lexicon: Lexicon | None = None  # a worker's copy of the word table (set by _init)


def work(lengths: Sequence[int]) -> int:
    """The aligner's work for one article of texts of ``lengths`` units, in units: every
    pair of its texts is aligned (one text alone costs nothing)."""
    return sum(lengths) * (len(lengths) - 1)


def align_articles(
    articles: Iterable[Texts], total_work: int, lexicon: Lexicon | None = None
) -> Iterator[list[Row]]:
    """``align_multi`` of each article's texts, in order; ``total_work``: the sum of their
    ``work``, which decides whether worker processes are worth starting."""
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or total_work < POOL_MIN_WORK:
        yield from (_align(texts, lexicon) for texts in articles)
        return
    pending: deque[Texts] = deque()  # sent to the pool, result not yet yielded
    source = iter(articles)
    try:
        for rows in _pooled(source, pending, workers, lexicon):
            pending.popleft()
            yield rows
        return
    except Exception:  # never KeyboardInterrupt or GeneratorExit: those end the run
        pass
    for texts in (*pending, *source):
        yield _align(texts, lexicon)


def _pooled(
    source: Iterator[Texts], pending: deque[Texts], workers: int, lexicon: Lexicon | None
) -> Iterator[list[Row]]:
    # spawn, not fork: the app runs indexing from a thread, and forking threads is unsafe.
    context = multiprocessing.get_context("spawn")
    workerproc.ensure_resource_tracker()
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init, initargs=(os.getpid(), lexicon)
    )
    futures: deque[Future[list[Row]]] = deque()
    ahead = 0  # paragraphs of the articles in ``pending``

    def fill() -> None:
        nonlocal ahead
        while len(pending) < workers * AHEAD_PER_WORKER or ahead < AHEAD_UNITS:
            texts = next(source, None)
            if texts is None:
                return
            pending.append(texts)
            ahead += sum(map(len, texts))
            futures.append(pool.submit(_align_in_worker, texts))

    try:
        with workerproc.interrupts_deferred():  # no worker is left half-started
            fill()
        while futures:
            rows = futures.popleft().result()
            ahead -= sum(map(len, pending[0]))
            fill()
            yield rows
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        workerproc.stop_workers(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _align(texts: Texts, lexicon: Lexicon | None) -> list[Row]:
    return align_multi(texts, lexicon=lexicon) if lexicon is not None else align_multi(texts)


def _init(parent_pid: int, lexicon: Lexicon | None) -> None:
    """Initializer of an aligning worker (runs in it)."""
    global _lexicon
    workerproc.init_worker(parent_pid)
    _lexicon = lexicon


def _align_in_worker(texts: Texts) -> list[Row]:
    return _align(texts, _lexicon)
