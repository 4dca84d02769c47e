"""The aligner's linear algebra runs on one thread.

OpenBLAS hands even small products (the shared-word weights of every bead) to a second
thread; on a busy two-core machine each such hand-over costs milliseconds, and the last
bits of a product depend on the number of threads, so confidences would differ from one
machine to another. On one thread the aligner is twice as fast here
(``bench/align_bench.py``) and gives the same result on every machine.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@functools.cache
def _controller():  # -> threadpoolctl.ThreadpoolController, once numpy is loaded
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn`` with BLAS limited to one thread while it runs (restored after)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with _controller().limit(limits=1, user_api="blas"):
            return fn(*args, **kwargs)

    return wrapper
