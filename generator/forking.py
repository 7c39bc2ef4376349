"""Split pure work across forked workers, for large knowledge bases.

Workers are forked, so they inherit the task and its data instead of receiving
them pickled; only each worker's result travels back, in worker order. A task
that needs its input order kept takes a contiguous ``part`` of the input.
"""

from __future__ import annotations

import multiprocessing
import os
from typing import Callable, TypeVar

T = TypeVar("T")

_TASK: list[Callable[[int, int], object]] = []
"""The running task, inherited by the forked workers (a function cannot be pickled, but need not be)."""

PARALLEL_FROM = 400
"""Below this many files or pages, forking costs more than it saves."""


def workers_for(count: int, workers: int | None = None) -> int:
    """Workers to use for ``count`` independent pieces of work: one per core (at most four, or
    ``workers``), or 1, meaning do it here, for small jobs or where fork is unavailable."""
    workers = workers or min(os.cpu_count() or 1, 4)
    if count < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return workers


def in_forks(task: Callable[[int, int], T], workers: int) -> list[T]:
    """``[task(0, workers), ..., task(workers - 1, workers)]``, each run in its own forked process."""
    _TASK.append(task)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_run, [(index, workers) for index in range(workers)])
    finally:
        _TASK.clear()


def _run(args: tuple[int, int]) -> object:
    index, workers = args
    return _TASK[-1](index, workers)


def part(items: list, index: int, workers: int) -> list:
    """The index-th of ``workers`` contiguous, near-equal slices of items."""
    size, extra = divmod(len(items), workers)
    start = index * size + min(index, extra)
    return items[start:start + size + (index < extra)]
