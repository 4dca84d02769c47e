"""The aligner runs its linear algebra on one thread, and gives the thread count back."""

from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from polyglance.corpus.align.blas import one_blas_thread


def _blas_threads() -> list[int]:
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_one_blas_thread_while_the_function_runs_and_the_count_restored_after() -> None:
    np.ones((4, 4)) @ np.ones((4, 4))  # BLAS loaded
    seen: list[list[int]] = []

    @one_blas_thread
    def work() -> str:
        seen.append(_blas_threads())
        return "done"

    with threadpool_limits(limits=2, user_api="blas"):  # two where the machine has them
        before = _blas_threads()
        assert before
        assert work() == "done"
        assert _blas_threads() == before
    assert seen == [[1] * len(before)]
