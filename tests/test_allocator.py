"""`kg-service` re-runs itself under jemalloc when the system has it (kg_service.allocator)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kg_service import allocator

PROBE = """
import sys
from kg_service import allocator
allocator.reexec_under_jemalloc()
print(sys.argv[1:], "libjemalloc" in open("/proc/self/maps").read())
"""


def test_preload_names_the_library_before_what_was_preloaded(tmp_path):
    library = tmp_path / "libjemalloc.so.2"
    library.write_bytes(b"")
    env = allocator.preload_environment({"LD_PRELOAD": "/opt/other.so", "PATH": "/bin"}, [str(library)])
    assert env == {"LD_PRELOAD": f"{library} /opt/other.so", "PATH": "/bin"}
    assert allocator.describe(env) == f"jemalloc ({library})"
    assert allocator.describe({"LD_PRELOAD": "/opt/other.so"}) == "the system's malloc"


@pytest.mark.parametrize("environ", [{"KG_SERVICE_JEMALLOC": "0"}, {"LD_PRELOAD": "/usr/lib/libjemalloc.so.2"}])
def test_no_second_start_when_switched_off_or_already_preloaded(tmp_path, environ):
    library = tmp_path / "libjemalloc.so.2"
    library.write_bytes(b"")
    assert allocator.preload_environment(environ, [str(library)]) is None


def test_no_second_start_without_the_library(tmp_path):
    assert allocator.preload_environment({}, [str(tmp_path / "missing.so")]) is None


@pytest.mark.skipif(allocator.library() is None, reason="needs Debian's libjemalloc2 (.ci/run installs it)")
def test_the_process_restarts_once_with_its_arguments_under_jemalloc():
    done = subprocess.run([sys.executable, "-c", PROBE, "check", "--year", "2024"], capture_output=True,
                          text=True, timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "['check', '--year', '2024'] True"
    off = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", "KG_SERVICE_JEMALLOC": "0"})
    assert off.stdout.strip() == "[] False"
