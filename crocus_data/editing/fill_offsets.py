"""``crocus-data fill-offsets``: the empty start and end cells of evidence.csv, filled from the quotes.

The file is rewritten only if the validator's reader accepts it (``editing.rewrite``), only inside the
checkout, atomically and keeping its mode; a file the reader rejects gets the reader's problems back.
"""

from __future__ import annotations

from pathlib import Path

from crocus_data.editing.rewrite import rows_to_rewrite
from crocus_data.layout import record_file
from crocus_data.locate import fill_offsets
from crocus_data.problems import Problem
from crocus_data.published.csv_codec import render_rows
from crocus_data.reader.package import from_layout
from crocus_data.safe_io.files import write_inside


def fill_offsets_in(data_dir: Path, display_prefix: str = "", root: Path | None = None) -> list[Problem]:
    """Fill the empty offsets of ``records/evidence.csv`` under ``data_dir``, writing it atomically.

    Nothing is written unless every empty offset can be filled; the file keeps its canonical form.
    ``root`` is the tree no write may leave (the checkout; by default ``data_dir``); a write it
    refuses is a ``RefusedError``.
    """
    relative = record_file("evidence")
    display = f"{display_prefix}{relative}"
    package = from_layout(data_dir, display_prefix)
    table = rows_to_rewrite(package, data_dir, "evidence", display_prefix)
    if isinstance(table, list):
        return table
    texts = {source_id: raw.decode("utf-8", errors="replace") for source_id, raw in package.texts.items()}
    rows = [dict(zip(table.header, row, strict=True)) for row in table.rows]
    problems = fill_offsets(rows, table.lines, texts, display)
    if not problems:
        tree = data_dir if root is None else root
        path = (data_dir / relative).relative_to(tree)
        write_inside(tree, path, render_rows(table.header, ([row[name] for name in table.header] for row in rows)))
    return problems
