"""Split pure work across forked workers, for large knowledge bases.

Workers are forked, so they inherit the task and its data instead of receiving
them pickled; only each worker's result travels back, in worker order. A task
that needs its input order kept takes a contiguous ``part`` of the input.

Each worker is one process with its own pipe: there is no queue shared between
workers, so no worker can die holding a lock another one (or the parent) waits
for. Workers start with SIGINT and SIGTERM blocked, reset both to their
defaults (a worker never runs the build's handlers), then ignore SIGINT: Ctrl-C
reaches the parent, which stops every worker with SIGTERM and waits for it.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import traceback
from multiprocessing.connection import Connection, wait
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")

PARALLEL_FROM = 400
"""Below this many files or pages, forking costs more than it saves."""

_HELD = {signal.SIGINT, signal.SIGTERM}


class WorkerFailed(Exception):
    """A forked worker stopped without a result (killed, or its error could not be sent back)."""


def workers_for(count: int, workers: int | None = None) -> int:
    """Workers to use for ``count`` independent pieces of work: one per core (at most four, or
    ``workers``), or 1, meaning do it here, for small jobs or where fork is unavailable."""
    workers = workers or min(os.cpu_count() or 1, 4)
    if count < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return workers


def in_forks(task: Callable[[int, int], T], workers: int) -> list[T]:
    """``[task(0, workers), ..., task(workers - 1, workers)]``, each run in its own forked process.

    An exception in a worker is raised here; on any exception or interruption here, every
    worker still running is stopped (SIGTERM) and reaped before this returns."""
    context = multiprocessing.get_context("fork")
    procs: list = []
    readers: dict[Connection, int] = {}
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)  # no handler runs in a child before its reset
    try:
        for index in range(workers):
            reader, writer = context.Pipe(duplex=False)
            proc = context.Process(target=_child, args=(task, index, workers, writer), daemon=True)
            proc.start()
            writer.close()
            procs.append(proc)
            readers[reader] = index
    except BaseException:
        _stop(procs, readers)
        raise
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    try:
        return _collect(readers, workers)
    finally:
        _stop(procs, readers)


def _collect(readers: dict[Connection, int], workers: int) -> list:
    """Every worker's result, in worker order; a worker's exception is raised here."""
    results: list = [None] * workers
    pending = dict(readers)
    while pending:
        for conn in wait(list(pending)):
            index = pending.pop(conn)
            try:
                ok, value = conn.recv()
            except EOFError:
                raise WorkerFailed(f"worker {index} of {workers} stopped without a result") from None
            if not ok:
                raise value
            results[index] = value
    return results


def _stop(procs: list, readers: dict[Connection, int]) -> None:
    """Stop workers still running (SIGTERM, their default action), reap all, close the pipes."""
    for proc in procs:
        if proc.exitcode is None:
            proc.terminate()
    for proc in procs:
        proc.join()
    for conn in readers:
        conn.close()


def _child(task: Callable[[int, int], object], index: int, workers: int, writer: Connection) -> None:
    """Run in the forked worker: default signal actions, then the task; send (ok, result or error)."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the whole group; the parent stops us
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _HELD)
    try:
        message = (True, task(index, workers))
    except Exception as exc:  # sent to the parent, which raises it
        message = (False, exc)
    try:
        writer.send(message)
    except Exception as exc:  # the result or the error cannot be pickled: send the reason as text
        failed = message[1] if not message[0] else exc
        writer.send((False, WorkerFailed("".join(traceback.format_exception(failed)))))
    writer.close()


def map_parts(task: Callable[[list], T], items: Sequence, interleaved: bool = False, size: int | None = None,
              workers: int | None = None) -> list[T]:
    """``task`` over parts of ``items``: ``[task(items)]`` for a small job (``size`` pieces of work, by default
    one per item; see workers_for), else one part per forked worker (at most one per item), in worker order.

    Parts are contiguous slices in order (``part``), or with ``interleaved`` every ``count``-th item from the
    worker's index, so costly items that sit together are shared out; ``interleave`` puts the results of such
    parts back in the order of the items."""
    count = min(workers_for(len(items) if size is None else size, workers), len(items)) or 1
    if count == 1:
        return [task(list(items))]
    if interleaved:
        return in_forks(lambda index, total: task(list(items[index::total])), count)
    return in_forks(lambda index, total: task(part(list(items), index, total)), count)


def interleave(parts: list[list[T]]) -> list[T]:
    """The results of ``map_parts(..., interleaved=True)``, one per item, back in the order of the items."""
    merged: list = [None] * sum(len(found) for found in parts)
    for index, found in enumerate(parts):
        merged[index::len(parts)] = found
    return merged


def part(items: list, index: int, workers: int) -> list:
    """The index-th of ``workers`` contiguous, near-equal slices of items."""
    size, extra = divmod(len(items), workers)
    start = index * size + min(index, extra)
    return items[start:start + size + (index < extra)]
