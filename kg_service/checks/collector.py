"""Python's cyclic garbage collector, paused while a check runs.

A check at 100k members makes a few hundred thousand small acyclic objects (answer rows,
instances, findings) that live until the run ends. Each full collection walked all of them
again: nine full collections took 1.4 s of a check, with the interpreter lock held. Nothing a
run makes needs the cyclic collector (reference counting frees it), so it is paused for the
run and resumed after; runs in several threads share one pause.
"""

from __future__ import annotations

import contextlib
import gc
import threading

_lock = threading.Lock()
_pausing = 0
_was_enabled = False


@contextlib.contextmanager
def collector_paused():
    global _pausing, _was_enabled
    with _lock:
        if _pausing == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pausing += 1
    try:
        yield
    finally:
        with _lock:
            _pausing -= 1
            if _pausing == 0 and _was_enabled:
                gc.enable()
