"""Source texts: present, unaltered (SHA-256, size), UTF-8, NFC, and cited by some evidence row."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import pyarrow.compute as pc

from crocus_data.checks.context import Context
from crocus_data.problems import Problem
from crocus_data.reader.cells import nfc_suspects
from crocus_data.rule_registry import Rule


def check_sources(context: Context) -> Iterator[Problem]:
    """Each source text is present, unaltered (SHA-256, size), UTF-8 and NFC, and cited by some row."""
    package = context.package
    if not package.readable("sources"):
        return
    sources = package.tables["sources"]
    cited: set[str] = set()
    if package.readable("evidence"):
        cited = set(pc.unique(package.tables["evidence"].column("source_id")).drop_null().to_pylist())
    for index, row in enumerate(package.rows("sources")):
        source_id = str(row["source_id"])
        raw = package.texts.get(source_id)
        if raw is None:
            if source_id not in package.text_files:
                message = (
                    f"the descriptor lists no text resource named '{source_id}'; run `crocus-data build`, which "
                    "lists every source of sources.csv"
                )
                yield sources.problem(index, "source_id", Rule.SOURCE_MISSING, message)
            continue
        where = package.text_files[source_id]
        digest = context.digests.get(source_id)
        if digest != row["sha256"] or len(raw) != row["bytes"]:
            yield Problem(
                where,
                None,
                None,
                Rule.SOURCE_HASH,
                f"the text has SHA-256 {digest} and {len(raw)} bytes, but sources.csv records {row['sha256']} "
                f"and {row['bytes']}; source texts must stay byte for byte as received",
            )
        text = context.utf8.get(source_id)
        if text is None:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Problem(where, None, None, Rule.SOURCE_ENCODING, f"byte {exc.start} is not UTF-8")
            continue
        suspect = pc.any(pc.match_substring_regex(text, nfc_suspects())).as_py()
        if suspect and not unicodedata.is_normalized("NFC", context.decoded(source_id)):
            yield Problem(where, None, None, Rule.SOURCE_NFC, "the text is not in Unicode NFC form")
        if source_id not in cited:
            message = f"no evidence row quotes {source_id}; encode what it reports or drop it"
            yield sources.problem(index, "source_id", Rule.SOURCE_UNCITED, message)
