"""Columns the build derives from the records, never hand-encoded: the ids of the documents each row's evidence
quotes (``source_ids``).

They are in the Parquet files, the loaders and the SQLite database; never in the CSV records contributors
edit (docs/data-dictionary.md says why). One rule, here, standard library only, applied by the build to
the records, by ``load(format="csv")`` to the evidence CSV and by ``load_package()`` to a checkout.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

SOURCE_IDS = "source_ids"
SOURCE_IDS_DESCRIPTION = (
    "The ids of the source documents this row's evidence quotes, sorted, each once (an evidence row: the document "
    "it quotes). Derived by the build from the evidence table, never hand-encoded, so it is in the Parquet files, "
    "the loaders and the SQLite database but not in the CSV records; empty when no evidence supports the row "
    "(tombstones). Filter on it to answer 'which document says this?' without a join."
)
EVIDENCE_TABLE = "evidence"


def source_ids(table: str, keys: Sequence[str], evidence: Iterable[tuple[str, str, str]]) -> list[list[str]]:
    """For each key of ``table``, in order, the sorted distinct ids of the documents quoted for it.

    ``evidence`` holds each evidence row as ``(evidence_id, record_id, source_id)``. A row's documents are
    those of the evidence whose ``record_id`` is its key; an evidence row's own document is its ``source_id``.
    """
    by = 0 if table == EVIDENCE_TABLE else 1
    found: dict[str, set[str]] = {}
    for row in evidence:
        found.setdefault(row[by], set()).add(row[2])
    return [sorted(found.get(key, ())) for key in keys]
