"""``crocus-data fill-offsets``: the empty start and end cells of evidence.csv, filled from the quotes."""

from __future__ import annotations

import csv
from pathlib import Path

from crocus_data.layout import record_file
from crocus_data.locate import fill_offsets
from crocus_data.problems import Problem
from crocus_data.published.csv_codec import render_rows
from crocus_data.reader.package import from_layout
from crocus_data.safe_io.files import write_atomically


def fill_offsets_in(data_dir: Path, display_prefix: str = "") -> list[Problem]:
    """Fill the empty offsets of ``records/evidence.csv`` under ``data_dir``, writing it atomically.

    Nothing is written unless every empty offset can be filled; the file keeps its canonical form.
    """

    relative = record_file("evidence")
    path, display = data_dir / relative, f"{display_prefix}{relative}"
    texts = {source_id: raw.decode("utf-8", errors="replace") for source_id, raw in from_layout(data_dir).texts.items()}
    with path.open(encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        header = list(reader.fieldnames or [])
        rows, lines = [], []
        line = reader.line_num + 1
        for row in reader:
            rows.append(row)
            lines.append(line)
            line = reader.line_num + 1
    problems = fill_offsets(rows, lines, texts, display)
    if not problems:
        write_atomically(path, render_rows(header, ([row.get(name) or "" for name in header] for row in rows)))
    return problems
