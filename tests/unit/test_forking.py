"""Forked workers: results in worker order, errors raised in the parent, a killed worker reported,
and no worker runs the parent's signal handlers."""

from __future__ import annotations

import os
import signal

import pytest

from generator.forking import WorkerFailed, in_forks


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
