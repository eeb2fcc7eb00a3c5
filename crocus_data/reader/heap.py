"""Give freed memory back to the system at once, so a validation's peak is what it holds, not what it held.

glibc's malloc serves a large block (numpy's temporaries, Python's strings) with its own mapping,
returned when freed, until the first such block is freed: it then raises its threshold to that
block's size and keeps later blocks of that size on its heap, which it rarely gives back. A million
quotes make many 10-50 MB temporaries in turn, so the heap kept growing by ~150 MB over a
validation. Fixing the threshold keeps every large block a mapping of its own. Arrow's own memory
is jemalloc's (``cli._lean_memory_pool``); this is for everything else. Elsewhere than glibc it
does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from functools import cache

_M_MMAP_THRESHOLD = -3  # mallopt parameters, from glibc's malloc.h
_THRESHOLD = 128 * 1024  # glibc's own starting value


@cache
def return_freed_memory() -> bool:
    """Fix glibc's mmap threshold (once per process); whether it was set."""
    if not sys.platform.startswith("linux"):
        return False
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError, TypeError):  # not glibc (musl has no mallopt), or no C library found
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, _THRESHOLD))
