"""Independent jobs of the indexing run done in worker processes, results in job order.

Used where each job is pure computation and the caller stores the results in order (the
alignment of articles, align_pool.py; the translation tables, search/translation_model.py).
The jobs are handed over a few at a time, bounded by their size, so that the inputs
waiting in the queue stay small however many there are; whatever goes wrong with the
pool (it cannot start, a worker dies, a result cannot be passed back) costs only speed:
what is left is done in this process. The workers have the reading workers' manners
(workerproc.py): Ctrl-C is for the parent, and they die with it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from typing import Any, TypeVar

from . import workerproc

J = TypeVar("J")
R = TypeVar("R")

#: Most worker processes started (more would cost memory for little on most machines).
MAX_WORKERS = 4
#: How often the caller's ``waiting`` is called while a result is awaited (seconds).
WAIT_S = 0.5


def worker_count() -> int:
    """The workers a pool would have here; under 2, jobs are done in this process."""
    return min(os.cpu_count() or 1, MAX_WORKERS)


def ordered_results(
    jobs: Iterable[J],
    in_worker: Callable[[J], R],
    here: Callable[[J], R],
    *,
    size: Callable[[J], int],
    ahead: int,
    setup: Callable[..., None] | None = None,
    setup_args: tuple[Any, ...] = (),
    waiting: Callable[[], None] | None = None,
) -> Iterator[R]:
    """The result of each job, in order: ``in_worker(job)`` in a worker process (a
    top-level function, as ``setup``, which runs once in each worker with ``setup_args``),
    or ``here(job)`` in this process when the pool fails. Jobs of total ``size`` up to
    ``ahead`` are handed over before their results are taken (at least two per worker).
    ``waiting()`` is called every WAIT_S while a result is awaited: what it raises (the
    caller's progress, told to stop) ends the run, workers with it."""
    pending: deque[J] = deque()  # handed over, result not yet yielded
    source = iter(jobs)
    try:
        for result in _pooled(source, pending, in_worker, size, ahead, setup, setup_args, waiting):
            pending.popleft()
            yield result
        return
    except Exception:  # never KeyboardInterrupt or GeneratorExit: those end the run
        pass
    for job in (*pending, *source):
        yield here(job)


def _pooled(
    source: Iterator[J],
    pending: deque[J],
    in_worker: Callable[[J], R],
    size: Callable[[J], int],
    ahead: int,
    setup: Callable[..., None] | None,
    setup_args: tuple[Any, ...],
    waiting: Callable[[], None] | None,
) -> Iterator[R]:
    workers = worker_count()
    # spawn, not fork: the app runs indexing from a thread, and forking threads is unsafe.
    context = multiprocessing.get_context("spawn")
    workerproc.ensure_resource_tracker()
    workerproc.quiet_broken_pool_races()
    pool = ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=_init,
        initargs=(os.getpid(), setup, setup_args),
    )
    futures: deque[Future[R]] = deque()
    handed = 0  # the size of the jobs in ``pending``

    def fill() -> None:
        nonlocal handed
        while len(pending) < 2 * workers or handed < ahead:
            job = next(source, None)
            if job is None:
                return
            pending.append(job)
            handed += size(job)
            futures.append(pool.submit(in_worker, job))

    try:
        with workerproc.interrupts_deferred():  # no worker is left half-started
            fill()
        while futures:
            future = futures.popleft()
            while waiting is not None and not wait([future], timeout=WAIT_S).done:
                waiting()
            result = future.result()
            handed -= size(pending[0])
            fill()
            yield result
    except BaseException:
        # Workers first, then the pool: its manager fails what was left (cancelling it
        # first makes the manager trip over the cancelled futures, a traceback on the
        # terminal while the process ends).
        workerproc.stop_workers(pool)
        pool.shutdown(wait=True)
        raise
    pool.shutdown(wait=True)


def _init(parent_pid: int, setup: Callable[..., None] | None, setup_args: tuple[Any, ...]) -> None:
    """Initializer of a worker (runs in it)."""
    workerproc.init_worker(parent_pid)
    if setup is not None:
        setup(*setup_args)
