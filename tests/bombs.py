"""Gzip bombs for the tests that check a command bounds what it decompresses (about 1,000 to 1).

A bomb is a gzip member holding many MiB of one byte. It is made in a fraction of a second, without
deflating every MiB: one MiB is deflated once by a fresh compressor and flushed (so nothing after it
refers back into it), and those bytes are repeated, then closed with the CRC and size gzip requires.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # deflate, no name, no time, best compression, OS unknown


def gzip_bomb(megabytes: int, byte: bytes = b" ") -> bytes:
    """A well-formed gzip member of ``megabytes`` MiB of ``byte`` (gzip.decompress reads it back)."""
    assert len(byte) == 1, "one byte, repeated"
    mib = byte * (1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = deflate.compress(mib) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(mib, crc)
    last = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()  # an empty final block
    size = (megabytes << 20) & 0xFFFFFFFF
    return GZIP_HEADER + block * megabytes + last + struct.pack("<II", crc, size)


def write_gzip_bomb(path: Path, megabytes: int, byte: bytes = b" ") -> None:
    path.write_bytes(gzip_bomb(megabytes, byte))
