"""Run `kg-service` under jemalloc when the system has it (Linux, Debian's libjemalloc2).

pyoxigraph (Rust over RocksDB) allocates and frees a block buffer or a tuple for almost every
index look-up. Under glibc's malloc that was about a fifth of a check's CPU time (perf, 100k
members: _int_malloc, _int_free, unlink_chunk, malloc_consolidate); under jemalloc a check
took 16% less time (two sequential checks: 45.3-50.2 s -> 38.3-42.9 s; glibc's tunables
made no difference). A process picks its allocator when it starts, so the command line
replaces itself once, at the very start, with the same command and LD_PRELOAD naming
jemalloc. Without the library, or with KG_SERVICE_JEMALLOC=0, nothing changes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SWITCH = "KG_SERVICE_JEMALLOC"
"""Set to 0 to keep the system allocator."""

CANDIDATES = (
    "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2",
    "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2",
    "/usr/lib64/libjemalloc.so.2",
    "/usr/lib/libjemalloc.so.2",
)


def library(candidates=CANDIDATES) -> str | None:
    """The jemalloc shared library to preload, or None."""
    return next((path for path in candidates if Path(path).is_file()), None)


def in_use(environ=os.environ) -> bool:
    return "libjemalloc" in environ.get("LD_PRELOAD", "")


def preload_environment(environ=os.environ, candidates=CANDIDATES) -> dict | None:
    """The environment to re-run this process under jemalloc with, or None to stay as it is."""
    if not sys.platform.startswith("linux") or environ.get(SWITCH, "1") == "0" or in_use(environ):
        return None
    path = library(candidates)
    if path is None:
        return None
    preload = environ.get("LD_PRELOAD", "")
    return {**environ, "LD_PRELOAD": f"{path} {preload}".strip()}


def describe(environ=os.environ) -> str:
    """The allocator this process runs with, for benchmark reports."""
    if in_use(environ):
        return "jemalloc (" + next(p for p in environ["LD_PRELOAD"].split() if "libjemalloc" in p) + ")"
    return "the system's malloc"


def reexec_under_jemalloc() -> None:
    """Replace this process with the same command under jemalloc, when that applies.

    Call it first thing in a program's entry point: the new process starts from scratch with
    the same interpreter, options and arguments (sys.orig_argv). The new environment names
    jemalloc in LD_PRELOAD, so the second start does not re-execute again."""
    environ = preload_environment()
    if environ is None or not sys.executable or not sys.orig_argv:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, sys.orig_argv, environ)
