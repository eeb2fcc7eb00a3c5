"""What several checks derive from one package, each computed once: hashes, validated texts, key indexes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from crocus_data.reader.package import Package


@dataclass
class Targets:
    """Where each evidence row points: its position among the keys of all tables laid end to end.

    Keys carry their table's prefix (a pattern every key is checked against), so one lookup
    against all keys answers for every table; the evidence and date checks share it. Only tables
    whose rows need evidence (``Record.evidenced``) are laid out: evidence cannot cite the others.
    """

    all_keys: pa.ChunkedArray
    position: pa.Array  # per evidence row, index into all_keys, or null
    spans: dict[str, tuple[int, int]]  # table -> (first position, number of rows)

    def rows_in(self, table: str) -> tuple[pa.Array, pa.Array]:
        """(evidence rows pointing into ``table``, the table rows they point at)."""
        first, count = self.spans[table]
        inside = pc.fill_null(
            pc.and_(pc.greater_equal(self.position, first), pc.less(self.position, first + count)), False
        )
        evidence_rows = pc.indices_nonzero(inside)
        return evidence_rows, pc.subtract(pc.take(self.position, evidence_rows), first)


@dataclass
class Context:
    """The package under check, and what several checks derive from it, each computed once."""

    package: Package
    _decoded: dict[str, str] = field(default_factory=dict)

    @cached_property
    def digests(self) -> dict[str, str]:
        """SHA-256 of each source text's bytes."""
        return {source_id: hashlib.sha256(raw).hexdigest() for source_id, raw in self.package.texts.items()}

    @cached_property
    def utf8(self) -> dict[str, pa.LargeStringArray]:
        """Each source text that is valid UTF-8, as a one-string Arrow array over its own bytes (no copy).

        Arrow validates the bytes; nothing is decoded into Python strings, which for a non-Latin text
        would cost up to four times its size.
        """
        texts = {}
        for source_id, raw in self.package.texts.items():
            offsets = pa.py_buffer(np.array([0, len(raw)], np.int64).tobytes())
            binary = pa.Array.from_buffers(pa.large_binary(), 1, [None, offsets, pa.py_buffer(raw)])
            try:
                texts[source_id] = binary.cast(pa.large_string())
            except pa.ArrowInvalid:
                continue  # reported by check_sources
        return texts

    def decoded(self, source_id: str) -> str:
        """A valid text as a Python string, decoded once and only when a message needs to quote it."""
        if source_id not in self._decoded:
            self._decoded[source_id] = self.package.texts[source_id].decode("utf-8")
        return self._decoded[source_id]

    @cached_property
    def keys_unique(self) -> dict[str, bool]:
        """Whether each readable table's primary keys are all different.

        Sorted, then neighbours compared: as fast as hashing a million keys, with a fraction of the memory.
        """
        return {
            name: _all_different(data.keys()) for name, data in self.package.tables.items() if data.table is not None
        }

    @cached_property
    def targets(self) -> Targets:
        tables = {
            name: data for name, data in self.package.tables.items() if data.model.evidenced and data.table is not None
        }
        all_keys = pa.chunked_array([chunk for data in tables.values() for chunk in data.keys().chunks], pa.string())
        spans, first = {}, 0
        for name, data in tables.items():
            spans[name] = (first, data.num_rows)
            first += data.num_rows
        position = pc.index_in(self.package.tables["evidence"].column("record_id"), value_set=all_keys, skip_nulls=True)
        return Targets(all_keys, position, spans)


def _all_different(keys: pa.ChunkedArray) -> bool:
    if len(keys) < 2:
        return True
    ordered = pc.take(keys, pc.sort_indices(keys))
    return not pc.any(pc.equal(ordered.slice(1), ordered.slice(0, len(ordered) - 1))).as_py()
