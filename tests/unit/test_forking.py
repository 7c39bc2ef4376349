"""Forked workers: results in worker order, errors raised in the parent, a killed worker reported,
and no worker runs the parent's signal handlers; map_parts splits the work as its callers need."""

from __future__ import annotations

import os
import signal

import pytest

from generator.forking import PARALLEL_FROM, WorkerFailed, in_forks, interleave, map_parts


def test_results_come_back_in_worker_order() -> None:
    assert in_forks(lambda index, count: (index, count, os.getpid() != PARENT), 3) == [
        (0, 3, True), (1, 3, True), (2, 3, True)]


def test_an_error_in_a_worker_is_raised_in_the_parent() -> None:
    def task(index: int, count: int) -> int:
        if index == 1:
            raise ValueError("bad input in worker 1")
        return index

    with pytest.raises(ValueError, match="^bad input in worker 1$"):
        in_forks(task, 2)


def test_a_killed_worker_is_reported() -> None:
    def task(index: int, count: int) -> int:
        if index == 1:
            os.kill(os.getpid(), signal.SIGKILL)
        return index

    with pytest.raises(WorkerFailed, match="^worker 1 of 2 stopped without a result$"):
        in_forks(task, 2)


def test_workers_do_not_inherit_the_parents_signal_handlers() -> None:
    def handler(signum, frame):  # what the build installs: SIGTERM -> KeyboardInterrupt
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        seen = in_forks(lambda index, count: (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT),
                                              signal.pthread_sigmask(signal.SIG_BLOCK, [])), 2)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert seen == [(signal.SIG_DFL, signal.SIG_IGN, set())] * 2


PARENT = os.getpid()


def where(chunk: list[int]) -> tuple[list[int], bool]:
    """A part as a worker saw it, and whether it ran in a forked worker."""
    return chunk, os.getpid() != PARENT


def test_a_small_job_is_one_part_run_here() -> None:
    items = list(range(PARALLEL_FROM - 1))
    assert map_parts(where, items, workers=2) == [(items, False)]
    assert map_parts(where, [], workers=2) == [([], False)]


def test_a_large_job_is_split_into_contiguous_parts_in_order() -> None:
    items = list(range(PARALLEL_FROM + 1))
    half = (PARALLEL_FROM + 2) // 2
    assert map_parts(where, items, workers=2) == [(items[:half], True), (items[half:], True)]


def test_interleaved_parts_deal_the_items_out_and_interleave_restores_their_order() -> None:
    items = list(range(PARALLEL_FROM + 1))
    parts = map_parts(lambda chunk: [n * 10 for n in chunk], items, interleaved=True, workers=3)
    assert [part[:2] for part in parts] == [[0, 30], [10, 40], [20, 50]]
    assert interleave(parts) == [n * 10 for n in items]


def test_the_size_of_the_work_decides_and_no_worker_gets_an_empty_part() -> None:
    checks = ["a", "b", "c"]
    assert map_parts(where, checks, interleaved=True, size=PARALLEL_FROM, workers=4) == [
        (["a"], True), (["b"], True), (["c"], True)]
    assert map_parts(where, checks, interleaved=True, size=PARALLEL_FROM - 1, workers=4) == [(checks, False)]
