"""The bearer-selection queries of one check run, each run once and shared by the obligations.

Five leader-* obligations ask the same selection with the same values: the first one runs it,
the others wait for its rows. Selections of one query with different values (the four Qingdao
obligations over counting members) can also be answered by one run of the query, when its
header declares a `selection` row column: each set of values becomes a VALUES row tagged with
its own selection id, so the members are read once instead of four times (measured at 100k
members: 3.4 s -> 1.1 s). The post-holder selections of the leader and secretary obligations
are shared the same way (1.2 s -> 0.8 s).

Rows hold plain strings (Store.select_text): the selections return up to one row per member,
and rdflib terms would cost more than the query.
"""

from __future__ import annotations

import threading
from concurrent.futures import Executor, Future
from typing import Iterable

from rdflib import Literal

from ..queries import insert_values_block, load_query, sparql_term, values_block
from ..store.base import Store

SELECTION = "selection"
"""The row column through which one run answers several selections (see the module doc)."""


def _key(name: str, values: dict) -> tuple:
    return name, tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items()))


class BearerCache:
    def __init__(self, store: Store, graph: str):
        self.store, self.graph = store, graph
        self._lock = threading.Lock()
        self._results: dict[tuple, Future] = {}
        self._used: dict[str, list[str]] = {}

    def rows(self, name: str, values: dict, code: str) -> list[dict]:
        """The rows of selection `name` with `values`, run now unless already run or running."""
        key = _key(name, values)
        with self._lock:
            self._note(code, name)
            future = self._results.get(key)
            runs_here = future is None
            if runs_here:
                future = self._results[key] = Future()
        if runs_here:
            try:
                future.set_result(self._select(load_query(name).bind(values)))
            except BaseException as exc:
                future.set_exception(exc)
        return future.result()

    def share(self, pool: Executor, requests: Iterable[tuple[str, str, dict]]) -> None:
        """Start, on `pool`, one run per query for the selections `requests` (code, query
        name, values) whose query has a `selection` row column and is asked more than once;
        `rows` then waits for those answers instead of running the query again."""
        by_query: dict[str, list[tuple[str, dict]]] = {}
        for code, name, values in requests:
            if SELECTION in load_query(name).row_columns:
                by_query.setdefault(name, []).append((code, values))
        for name, asked in by_query.items():
            pending: dict[tuple, tuple[dict, Future]] = {}
            with self._lock:
                for code, values in asked:
                    self._note(code, name)
                    key = _key(name, values)
                    if key not in self._results:
                        pending[key] = (values, Future())
                        self._results[key] = pending[key][1]
            if len(pending) > 1:
                pool.submit(self._run_shared, name, list(pending.values()))
            else:  # nothing to share: the obligation runs its own query
                with self._lock:
                    for key in pending:
                        del self._results[key]

    def _run_shared(self, name: str, asked: list[tuple[dict, Future]]) -> None:
        query = load_query(name)
        rows = []
        for number, (values, _) in enumerate(asked):
            names, parameter_rows = query.parameter_rows(values)
            rows += [(sparql_term(Literal(str(number))), *row) for row in parameter_rows]
        try:
            answer = self._select(insert_values_block(query.text, values_block([SELECTION, *names], rows), name))
        except BaseException as exc:  # each obligation waiting on this run sees the error
            for _, future in asked:
                future.set_exception(exc)
            return
        by_selection: dict[str, list[dict]] = {str(n): [] for n in range(len(asked))}
        for row in answer:
            by_selection[row.pop(SELECTION)].append(row)
        for number, (_, future) in enumerate(asked):
            future.set_result(by_selection[str(number)])

    def _select(self, text: str) -> list[dict]:
        return self.store.select_text(text, default_graph=[self.graph]).dicts()

    def _note(self, code: str, name: str) -> None:
        used = self._used.setdefault(code, [])
        if name not in used:
            used.append(name)

    def queries_of(self, code: str) -> list[str]:
        """The bearer queries an obligation used, for the run's provenance."""
        return list(self._used.get(code, []))
