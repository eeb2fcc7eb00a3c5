"""The table of types in docs/other-tools.md: what each reader gives for each kind of column, rendered from
``crocus_data.kinds.READERS`` (the statement tests/test_reader_types.py checks against every reader)."""

from __future__ import annotations

from crocus_data.kinds import KINDS, READERS

SECTION = "reader-types"

# The kinds as the table names them: what a column of that kind holds.
KIND_WORDS = {
    "string": "text",
    "enum": "a vocabulary (enum)",
    "integer": "a whole number",
    "boolean": "true / false",
    "date": "a date",
    "string_list": "a list of ids (`source_ids`)",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def types_table() -> str:
    """One row per reader, one column per kind of column, then how it shows a missing value; and why some differ."""
    assert set(KIND_WORDS) == set(KINDS)
    lines = [
        "| reader | " + " | ".join(KIND_WORDS.values()) + " | a missing value |",
        "|---" * (len(KIND_WORDS) + 2) + "|",
    ]
    for reader in READERS:
        types = " | ".join(f"`{_cell(reader.types[kind])}`" for kind in KIND_WORDS)
        lines.append(f"| {reader.library}: `{_cell(reader.call)}` | {types} | {_cell(reader.missing)} |")
    lines += ["", "Where a reader does not give the documented types, or shows a missing value two ways:", ""]
    lines += [f"- `{_cell(reader.call)}` ({reader.library}): {reader.differs}" for reader in READERS if reader.differs]
    return "\n".join(lines)
