"""A pool of query worker processes, with a timeout that really stops a query.

A request takes an idle worker, sends it a Job and waits at most until its deadline. When
the deadline passes the worker is killed (its work ends with it) and a fresh one is started
in the background, so the other workers keep serving meanwhile. Workers are fresh
interpreters (`python -m kg_service.endpoint.worker`) talking over a socket pair: forking a
server that runs threads is unsafe, and multiprocessing's `spawn` would re-run the caller's
main script in every worker.
"""

from __future__ import annotations

import queue
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection

from ..errors import QueryTimeout, StoreError
from .worker import Answer, Job


class _Worker:
    def __init__(self, store_path: str):
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "kg_service.endpoint.worker", str(theirs.fileno()), store_path],
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL, close_fds=True)
        theirs.close()
        self.conn = Connection(ours.detach())

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(5)
        self.conn.close()


class QueryPool:
    """`size` workers reading the pyoxigraph store at `store_path`."""

    def __init__(self, store_path: str, size: int = 2):
        self.store_path = store_path
        self.size = size
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._all: set[_Worker] = set()
        self._closed = False
        self.generation = 0
        self.killed = 0
        """How many workers were killed for running past their deadline (for tests and logs)."""
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        w = _Worker(self.store_path)
        with self._lock:
            self._all.add(w)
        return w

    def _replace(self, w: _Worker) -> None:
        with self._lock:
            self._all.discard(w)
        w.kill()
        if not self._closed:
            # start the replacement off the request's thread: the caller answers at once
            threading.Thread(target=lambda: self._idle.put(self._start()), daemon=True).start()

    def invalidate(self) -> None:
        """The store was written: workers reopen their read-only view before the next query."""
        with self._lock:
            self.generation += 1

    def run(self, job: Job, timeout_s: float) -> Answer:
        deadline = time.monotonic() + timeout_s
        try:
            w = self._idle.get(timeout=timeout_s)
        except queue.Empty:
            raise QueryTimeout(f"the server is busy: no query worker became free within "
                               f"{timeout_s:g} s; try again later") from None
        job = Job(**{**job.__dict__, "generation": self.generation})
        try:
            w.conn.send(job)
            if not w.conn.poll(max(0.0, deadline - time.monotonic())):
                self.killed += 1
                self._replace(w)
                raise QueryTimeout(f"the query ran longer than the limit of {timeout_s:g} s and "
                                   "was stopped; narrow it down or add LIMIT")
            answer = w.conn.recv()
        except (EOFError, OSError, BrokenPipeError) as exc:
            self._replace(w)
            raise StoreError("the query worker ended unexpectedly; the query was not answered") from exc
        self._idle.put(w)
        return answer

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers, self._all = list(self._all), set()
        for w in workers:
            w.kill()
