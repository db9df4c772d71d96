"""Keep freed memory in the process, so the arrays of each rerun and Monte Carlo reuse it.

glibc's malloc gives the top of its heap back to the system whenever more than 128 kB is free
there, and maps every block above a (moving) threshold afresh: each 10^4-element numpy array of
a Monte Carlo then page-faults in again on the next call (about 850 faults per 10,000-draw run
here, more than half its time). Raising the two thresholds keeps up to TRIM_THRESHOLD bytes of
freed heap for reuse. A process-wide setting, applied once at start (app.py, the benchmarks).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

_LOG = logging.getLogger(__name__)

# mallopt parameters, from glibc's <malloc.h>
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
TRIM_THRESHOLD = 64 * 1024 * 1024  # freed heap kept for reuse, bytes
MMAP_THRESHOLD = 16 * 1024 * 1024  # blocks below this come from the heap (a 10^4 x 14 draw table is 1.1 MB)

_tuned: bool | None = None


def tune() -> bool:
    """Raise malloc's trim and mmap thresholds (glibc only); True when applied. Idempotent.

    Anywhere else (musl, macOS, Windows) it logs one line and changes nothing: only speed differs.
    """
    global _tuned
    if _tuned is not None:
        return _tuned
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
        mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
        _tuned = bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    except (OSError, AttributeError) as err:
        _LOG.info("malloc tuning not applied (%s); the app runs the same, a little slower", err)
        _tuned = False
    return _tuned
