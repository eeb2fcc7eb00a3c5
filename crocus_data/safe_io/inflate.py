"""Decompressing what a pull request may have compressed: bounded in size and in ratio, streamed.

A 1.5 MB gzip file can hold 3 GB of zeros; ``gzip.decompress`` would hold all of it before anything
looked at it. Here it is first counted a MiB at a time, keeping nothing, and refused past the bound:
a bomb costs a MiB of memory, and what is kept is at most the bound.
"""

from __future__ import annotations

import zlib

from crocus_data.limits import MAX_INFLATE_RATIO, MAX_MANIFEST_INFLATED

GZIP_MAGIC = b"\x1f\x8b"
_GZIP_ONLY = 16 + zlib.MAX_WBITS
_FLOOR = 1024 * 1024  # a tiny file may always inflate this far, whatever the ratio
_CHUNK = 1024 * 1024


class InflateError(ValueError):
    """The bytes are not one gzip stream within the bounds; the message says which."""


def gunzip(raw: bytes, *, limit: int = MAX_MANIFEST_INFLATED, ratio: int = MAX_INFLATE_RATIO) -> bytes:
    """The content of one gzip member, refused past ``limit`` bytes or ``ratio`` times its stored size.

    Decompressed twice: once a MiB at a time, keeping nothing, to count (so a bomb is refused having
    cost a MiB, whatever it holds), then once to keep what was counted.
    """
    bound = min(limit, max(_FLOOR, ratio * len(raw)))
    _count(raw, bound, limit, ratio)
    stream = zlib.decompressobj(_GZIP_ONLY)
    content = stream.decompress(raw, bound + 1)
    if len(content) > bound or not stream.eof:  # cannot be: it was counted
        raise InflateError("the gzip data changed as it was read")
    return content


def _count(raw: bytes, bound: int, limit: int, ratio: int) -> None:
    """Decompress RAW a chunk at a time without keeping it: InflateError past BOUND, or if it is not one gzip member."""
    stream = zlib.decompressobj(_GZIP_ONLY)
    total, pending = 0, raw
    try:
        while not stream.eof:
            chunk = stream.decompress(pending, _CHUNK)
            total += len(chunk)
            if total > bound:
                why = f"the {limit}-byte limit" if bound == limit else f"{ratio} times its {len(raw)} stored bytes"
                raise InflateError(
                    f"it decompresses to more than {bound} bytes ({why}): a compression bomb, not a manifest"
                )
            pending = stream.unconsumed_tail
            if not pending and len(chunk) < _CHUNK:
                break  # every byte read and nothing held back: the stream is cut short, or complete
    except zlib.error as exc:
        raise InflateError(f"not gzip data ({exc})") from None
    if not stream.eof:
        raise InflateError("the gzip data is cut short")
    if stream.unused_data:
        raise InflateError("bytes follow the gzip data (one gzip member is read)")
