"""The indexing run's worker processes' manners (those reading the files, indexer.py, and
those of ordered_pool.py): they start from wherever indexing is called (the app
included), print nothing onto the user's terminal, leave Ctrl-C to their parent, and
die with it.

The parent side: :func:`ensure_resource_tracker` and :func:`quiet_broken_pool_races`
before the pool starts, :func:`interrupts_deferred` around the spawning of the workers,
:func:`stop_workers` when the run ends early. The worker side: :func:`init_worker`, the pool's initializer.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from types import FrameType
from typing import Any

#: prctl(2) option: the signal a process gets when its parent (thread) ends (Linux).
PR_SET_PDEATHSIG = 1

#: What the resource tracker is started with: its warnings about semaphores left by a
#: killed indexer are not the user's business (it cleans them up).
_TRACKER_WARNINGS = "ignore::UserWarning:multiprocessing.resource_tracker"


def quiet_broken_pool_races() -> None:
    """Before Python 3.12, a process pool whose workers are stopped while some of its
    futures are already cancelled (``Executor.map`` cancels what is left when the run
    ends early) makes the pool's manager thread raise InvalidStateError, a traceback
    on the user's terminal as the process ends. Python 3.12 ignores that error there;
    so does this hook, for that thread and that error only (installed once)."""
    global _hook_installed
    if _hook_installed or sys.version_info >= (3, 12):
        return
    from concurrent.futures import InvalidStateError
    from concurrent.futures.process import _ExecutorManagerThread

    previous = threading.excepthook

    def hook(args: threading.ExceptHookArgs) -> None:
        if not (
            isinstance(args.thread, _ExecutorManagerThread)
            and isinstance(args.exc_value, InvalidStateError)
        ):
            previous(args)

    threading.excepthook = hook
    _hook_installed = True


_hook_installed = False


def ensure_resource_tracker() -> None:
    """Start multiprocessing's resource tracker now, in a way that works inside the app.

    The tracker passes ``sys.stderr.fileno()`` to its process; Textual's captured
    stderr answers -1, which makes the start fail ("bad value(s) in fds_to_keep").
    A real descriptor (of os.devnull) is passed instead, whatever sys.stderr is.
    """
    from multiprocessing import resource_tracker

    saved_stderr, saved_options = sys.stderr, list(sys.warnoptions)
    with open(os.devnull, "w", encoding="utf-8") as devnull:
        sys.stderr = devnull
        sys.warnoptions.append(_TRACKER_WARNINGS)
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = saved_stderr
            sys.warnoptions[:] = saved_options


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Ctrl-C (and SIGTERM) deferred until the block ends, around the start of the workers.

    An interrupt in the middle of starting a worker would leave it waiting for data that
    never comes (an EOFError traceback on the terminal). SIGINT is also blocked in this
    thread meanwhile: processes started here inherit the mask, so a Ctrl-C while they
    start stays pending until :func:`init_worker` ignores it.
    """
    deferred: list[int] = []
    previous: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}
    if threading.current_thread() is threading.main_thread():  # Python handlers run there
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, lambda n, _f: deferred.append(n))
    mask = None
    if hasattr(signal, "pthread_sigmask"):
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        for signum in dict.fromkeys(deferred):
            signal.raise_signal(signum)  # now handled as it would have been


def init_worker(parent_pid: int) -> None:
    """Initializer of a worker (runs in it)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent to handle
    _quiet()
    _die_with_parent(parent_pid)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a pending one is dropped


def _quiet() -> None:
    """The worker's standard streams go to os.devnull: never onto the user's terminal."""
    with contextlib.suppress(OSError):
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        if null > 2:
            os.close(null)


def _die_with_parent(parent_pid: int) -> None:
    """Linux: the kernel kills this process when its parent ends, however it ends
    (SIGKILL included). Elsewhere nothing: the pool's own shutdown has to do."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent_pid:  # the parent ended before the line above
        os._exit(0)


def stop_workers(pool: ProcessPoolExecutor) -> None:
    """End the pool's workers now (the run is interrupted: their work is not wanted)."""
    processes = getattr(pool, "_processes", None) or {}
    for process in list(processes.values()):
        with contextlib.suppress(Exception):
            process.terminate()
