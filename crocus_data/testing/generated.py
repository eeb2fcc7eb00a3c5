"""A generated package: records by table, source texts and coverage notes, written as a contributor would."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from crocus_data.models import MODELS, Record, Source


@dataclass
class Package:
    """A generated package: records by table and source texts by source id."""

    records: dict[str, list[Record]] = field(default_factory=dict)
    texts: dict[str, bytes] = field(default_factory=dict)
    # Coverage notes (source_id, sentence, reason): one for each sentence no evidence span falls in.
    notes: list[tuple[str, str, str]] = field(default_factory=list)

    def write(self, directory: Path) -> Path:
        """Write the hand-encoded layout, the coverage notes and a CSV-only descriptor; return the descriptor's path."""
        from crocus_data.checks.coverage import NOTE_COLUMNS
        from crocus_data.published.csv_codec import render_rows, render_table
        from crocus_data.published.descriptor import descriptor
        from crocus_data.published.outputs import json_bytes

        (directory / "records").mkdir(parents=True, exist_ok=True)
        (directory / "sources").mkdir(exist_ok=True)
        for model in MODELS:
            (directory / "records" / f"{model.table}.csv").write_bytes(
                render_table(model, self.records.get(model.table, []))
            )
        sources = [source for source in self.records.get("sources", []) if isinstance(source, Source)]
        for source in sources:
            (directory / "sources" / source.filename).write_bytes(self.texts[source.key])
        (directory / "coverage_notes.csv").write_bytes(render_rows(NOTE_COLUMNS, self.notes))
        document = descriptor(sources)
        document["resources"] = [r for r in document["resources"] if r.get("format") != "parquet"]
        path = directory / "datapackage.json"
        path.write_bytes(json_bytes(document))
        return path

    def keys(self, table: str) -> list[str]:
        return [record.key for record in self.records.get(table, [])]
