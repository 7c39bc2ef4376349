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


def worker_count() -> int:
    """Workers to use: one per core, at most four."""
    return min(os.cpu_count() or 1, 4)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


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
