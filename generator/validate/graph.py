"""Loops in a directed graph, found depth-first in one pass (linear in nodes + edges).

Used by the escalation ladder (``next``) and the triage questions (answers).
"""

from __future__ import annotations

from typing import Callable, Hashable, Iterable, Iterator, Sequence, TypeVar

N = TypeVar("N", bound=Hashable)
E = TypeVar("E")


def closing_edges(nodes: Iterable[N], successors: Callable[[N], Sequence[E]],
                  head: Callable[[E], N]) -> Iterator[tuple[N, E, list[N]]]:
    """Every edge that leads back to a node on the current depth-first path: (tail, edge, loop), where
    loop lists the nodes from the edge's head round to it again. Iterative, so deep graphs are fine."""
    state: dict[N, int] = {}  # 1 = on the current path, 2 = done
    for root in nodes:
        if root in state:
            continue
        stack: list[tuple[N, int]] = [(root, 0)]
        path: list[N] = []
        while stack:
            node, index = stack.pop()
            if index == 0:
                state[node] = 1
                path.append(node)
            edges = successors(node)
            if index == len(edges):
                state[node] = 2
                path.pop()
                continue
            stack.append((node, index + 1))
            edge = edges[index]
            target = head(edge)
            if state.get(target) == 1:
                yield node, edge, path[path.index(target):] + [target]
            elif target not in state:
                stack.append((target, 0))
