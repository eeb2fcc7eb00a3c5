"""A floor for `crocus-data validate`: the same checks, written directly in DuckDB, counting problems.

How fast could validation be? This answers with a competent, not pretty, implementation of every
rule `crocus-data validate` runs on a package like the benchmark's (benchmarks/README.md lists them):
each table is loaded once into DuckDB (all text, parallel CSV reader), then one aggregate scan per
table counts the cell rules (required, types, enums, patterns, minimums, formula hygiene) and the
row rules (dates, figures, attribution, rendering, self-loops, relation targets, tombstones), and
joins count duplicate keys, broken references, evidence that resolves to no row, rows without
evidence, verbatim cells missing from their quotes, dates after publication or before the
incident, figures out of a wrong whole, custody without detention, precedes against the dates,
and reused or dangling retired ids. NFC, control characters and UTF-8 are checked on each file's
bytes in one pass (cells are delimited by ASCII, so a file with no suspect character has no
suspect cell; only a file that has one is examined cell by cell). Source texts are hashed, decoded
and NFC-checked in Python (hashlib releases the GIL, so this overlaps the loading). Quotes are
compared in bulk: numpy maps each text's code-point offsets to byte offsets once, every evidence
row becomes an Arrow string *view* into the text's bytes (no copy), and DuckDB compares the views
with the quotes in one join. Cycles (part-of, precedes) are strongly connected components found in
Python; coverage splits each text into sentences (numpy for the line breaks, a regex for . ! ?),
finds the sentences the evidence spans overlap with numpy, and looks the notes up by bisection.

The schema (columns, types, enums, patterns, keys) comes from the shipped descriptor, as crocus-data's
comes from its models; paths and source texts come from the package's own descriptor.

    python benchmarks/floor_duckdb.py PKG [--verbose]     # prints the number of problems; exit 1 if any
"""

from __future__ import annotations

import argparse
import codecs
import csv
import hashlib
import itertools
import json
import re
import sys
import unicodedata
from bisect import bisect_left
from collections import Counter, defaultdict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from package_layout import DESCRIPTOR, csv_resources, read_descriptor, shipped_data_dir

MAX_BYTES = 512 * 1024 * 1024
MAX_SOURCE_BYTES = 16 * 1024 * 1024
DATED = {"incidents": "date", "statements": "said", "detentions": "detained"}
# Cells the data dictionary marks verbatim (they must stand in one of the row's evidence quotes), by rule.
VERBATIM = {
    "sources": {"title": "evidence.verbatim"},
    "incidents": {"time_of_day": "evidence.verbatim"},
    "actors": {"name": "evidence.name", "label": "evidence.verbatim", "position": "evidence.verbatim"},
    "statements": {"setting": "evidence.verbatim"},
    "incident_places": {"place": "evidence.verbatim"},
    "actor_claims": {"value": "evidence.verbatim"},
    "materials": {"description": "evidence.verbatim", "circulation": "evidence.verbatim"},
    "detentions": {"place": "evidence.verbatim", "charges": "evidence.verbatim"},
    "treatment_reports": {"description": "evidence.verbatim", "timing": "evidence.verbatim"},
    "figures": {"wording": "evidence.wording"},
}
NOT_EVIDENCED = ("evidence", "tombstones")  # tables whose rows need no evidence (crocus-data: Record.evidenced)
NO_NUMBER = ("vague", "unquantified", "unclear")
WITH_NUMBER = ("bare", "at_least", "at_most", "approximately")  # qualifiers an alternative reading may take
SELF_LOOPS = {  # link.self-loop: the two columns of a row that must differ
    "incident_links": ("incident_id", "related_incident_id"),
    "actor_links": ("actor_id", "related_actor_id"),
    "statement_relations": ("from_statement_id", "to_statement_id"),
}
TARGETS = ("to_statement_id", "to_claim_id", "to_figure_id", "to_material_id")  # relation.target: exactly one
CONTROL = "[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]"  # cell.nul: control characters other than tab and line breaks
SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019)]*(?=\s)")  # coverage: . ! ? and closing quotes, before white space
CHUNK = 16 << 20


def q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def lit(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


@dataclass
class Field:
    name: str
    type: str
    required: bool = False
    enum: tuple[str, ...] = ()
    pattern: str | None = None
    minimum: int | None = None
    reference: str | None = None  # the table a foreign key points to

    @property
    def text(self) -> bool:
        """A free text or id column: hygiene and NFC apply (not to enums, numbers, dates, booleans)."""
        return self.type == "string" and not self.enum

    def typed(self, alias: str = "") -> str:
        """SQL for the typed value (of table ``alias``), null where empty or not well formed."""
        c = f"{alias}.{q(self.name)}" if alias else q(self.name)
        if self.type == "integer":
            return f"TRY_CAST(CASE WHEN regexp_full_match({c}, '-?[0-9]{{1,18}}') THEN {c} END AS BIGINT)"
        if self.type == "date":
            return (
                f"CASE WHEN regexp_full_match({c}, '[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}') THEN TRY_CAST({c} AS DATE) END"
            )
        if self.type == "boolean":
            return f"CASE {c} WHEN 'true' THEN true WHEN 'false' THEN false END"
        return c


@dataclass
class Table:
    name: str
    fields: list[Field]
    key: str
    path: Path | None = None
    loaded: bool = False

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    def t(self, name: str, alias: str = "") -> str:
        return self.field(name).typed(alias)

    @property
    def prefix(self) -> str:
        """The prefix of the table's keys, from their pattern ('stm' for statements)."""
        return (self.field(self.key).pattern or "").lstrip("^").split("-", 1)[0]


def reference_tables(schema: dict[str, Any]) -> dict[str, Table]:
    """Each table's fields, constraints, key and references, from a descriptor's CSV resources."""
    tables = {}
    for resource in csv_resources(schema):
        table_schema = resource["schema"]
        references = {}
        for foreign in table_schema.get("foreignKeys", []):
            # Data Package v2 lists key fields as arrays and omits `resource` for a table's reference to
            # itself; v1 used a string and "" for the same. Every key here is one column.
            fields = foreign["fields"]
            column = fields[0] if isinstance(fields, list) else fields
            references[column] = foreign["reference"].get("resource") or resource["name"]
        fields = []
        for spec in table_schema["fields"]:
            constraints = spec.get("constraints", {})
            fields.append(
                Field(
                    spec["name"],
                    spec["type"],
                    bool(constraints.get("required")),
                    tuple(constraints.get("enum", ())),
                    constraints.get("pattern"),
                    constraints.get("minimum"),
                    references.get(spec["name"]),
                )
            )
        key = table_schema["primaryKey"]
        tables[resource["name"]] = Table(resource["name"], fields, key[0] if isinstance(key, list) else key)
    return tables


def row_rules(table: Table, prefixes: dict[str, str]) -> list[tuple[str, str]]:
    """(rule, SQL true where a row breaks it) for the rules across the columns of one row (prefixes: table ->
    its keys' prefix)."""
    rules: list[tuple[str, str]] = []
    names = {f.name for f in table.fields}

    def present(column: str) -> str:
        return f"({q(column)} IS NOT NULL)"

    def equals(column: str, value: str) -> str:
        return f"coalesce({q(column)} = {lit(value)}, false)"

    for prefix in ("published", "date", "said", "detained"):
        if f"{prefix}_earliest" not in names:
            continue
        earliest, latest = table.t(f"{prefix}_earliest"), table.t(f"{prefix}_latest")
        precision, derivation, note = f"{prefix}_precision", f"{prefix}_derivation", f"{prefix}_note"
        rules += [
            ("date.order", f"{earliest} > {latest}"),
            ("date.precision", f"(({earliest}) IS NULL OR ({latest}) IS NULL) <> {equals(precision, 'open')}"),
            ("date.precision", f"{equals(precision, 'day')} AND {earliest} <> {latest}"),
            ("date.note", f"NOT {equals(derivation, 'stated')} AND {q(note)} IS NULL"),
        ]
    if table.name == "statements":
        rules.append(("statement.speaker", f"{present('speaker_actor_id')} <> {equals('attribution', 'speaker')}"))
        own_voice = f"{equals('rendering', 'own_voice')} <> {equals('attribution', 'source')}"
        rules.append(("statement.rendering", own_voice))
    elif "statement_id" in names and "attribution" in names:
        rules.append(("attribution.statement", f"{present('statement_id')} <> {equals('attribution', 'speaker')}"))
    if table.name == "actor_claims":
        rules.append(("claim.role", f"{present('role')} <> {equals('attribute', 'role')}"))
    if table.name == "figures":
        value, low, high = table.t("value"), table.t("value_low"), table.t("value_high")
        no_number = ", ".join(lit(v) for v in NO_NUMBER)
        numeric = ", ".join(lit(v) for v in WITH_NUMBER)
        is_range = equals("qualifier", "range")
        rules += [
            ("figure.value", f"coalesce(qualifier IN ({no_number}), false) AND ({value}) IS NOT NULL"),
            ("figure.value", f"NOT coalesce(qualifier IN ({no_number}, 'range'), false) AND ({value}) IS NULL"),
            ("figure.range", f"(({low}) IS NOT NULL) <> {is_range} OR (({high}) IS NOT NULL) <> {is_range}"),
            ("figure.order", f"{low} > {value} OR {value} > {high} OR {low} > {high}"),
            (
                "figure.alternative",
                f"alternative_qualifier IS NOT NULL AND NOT coalesce(qualifier IN ({numeric}) AND "
                f"alternative_qualifier IN ({numeric}) AND alternative_qualifier <> qualifier, false)",
            ),
            ("figure.derived", f"coalesce({table.t('value_derived')}, false) AND (({value}) IS NULL OR note IS NULL)"),
        ]
    if table.name in SELF_LOOPS:
        one, other = SELF_LOOPS[table.name]
        rules.append(("link.self-loop", f"{q(one)} = {q(other)}"))
    if table.name == "statement_relations":
        filled = " + ".join(f"({q(c)} IS NOT NULL)::INTEGER" for c in TARGETS)
        rules.append(("relation.target", f"{filled} <> 1"))
    if table.name == "tombstones":
        rules.append(("tombstone.replaced-by", "replaced_by = retired_id"))
        owners = " ".join(f"WHEN {lit(prefix)} THEN {lit(name)}" for name, prefix in prefixes.items())
        owner = f"CASE split_part(retired_id, '-', 1) {owners} END"
        rules.append(("tombstone.table", f"table_name IS DISTINCT FROM ({owner})"))
    if table.name == "evidence":
        rules.append(("evidence.offsets", f"{table.t('end')} - {table.t('start')} <> length(quote)"))
    return rules


def maybe_not_nfc() -> str:
    """An RE2 class of the code points that can make a string not NFC; a string without any is NFC.

    NFC's quick check answers YES for a string whose characters all have canonical combining class 0
    and NFC_Quick_Check=Yes. The others are: combining marks, characters NFC replaces (singletons,
    exclusions), second halves of canonical compositions (Maybe) and Hangul vowel and trailing jamo.
    Planes 4-13 have no characters, so they are skipped.
    """
    points: set[int] = {*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)}
    for cp in [*range(0xD800), *range(0xE000, 0x40000), *range(0xE0000, 0xE1000)]:
        ch = chr(cp)
        if unicodedata.combining(ch) or unicodedata.normalize("NFC", ch) != ch:
            points.add(cp)
        decomposition = unicodedata.decomposition(ch).split()
        if len(decomposition) == 2 and not decomposition[0].startswith("<"):
            points.add(int(decomposition[1], 16))
    ranges: list[list[int]] = []
    for cp in sorted(points):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return "[" + "".join(f"\\x{{{a:x}}}" + (f"-\\x{{{b:x}}}" if b > a else "") for a, b in ranges) + "]"


def scan_file(path: Path, pattern: str) -> bool:
    """Whether a whole CSV file is NFC: no character that may break NFC occurs in it (RE2, GIL released).

    Cells are delimited by ASCII characters (comma, quote, newline) that nothing composes with, so a
    file in NFC has every cell in NFC. Chunks are cut after a newline, never inside a character.
    UTF-8 itself is checked by DuckDB's reader.
    """
    carry = b""
    with path.open("rb") as stream:
        while True:
            chunk = stream.read(CHUNK)
            data = carry + chunk
            cut = data.rfind(b"\n") + 1 if chunk else len(data)
            carry, data = data[cut:], data[:cut]
            if data:
                text = pa.array([data], pa.large_binary()).cast(pa.large_string(), safe=False)
                if pc.any(pc.match_substring_regex(text, pattern)).as_py():
                    return False
            if not chunk:
                return True


@dataclass
class SourceCheck:
    raw: bytes | None
    digest: str | None
    utf8: bool
    normal: bool


def check_text(path: Path) -> SourceCheck:
    """Hash, decode and NFC-check one source text (None if unreadable or over the size limit)."""
    try:
        if path.stat().st_size > MAX_SOURCE_BYTES:
            return SourceCheck(None, None, True, True)
        raw = path.read_bytes()
    except OSError:
        return SourceCheck(None, None, True, True)
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return SourceCheck(raw, digest, False, False)
    return SourceCheck(raw, digest, True, unicodedata.is_normalized("NFC", text))


def inside(root: Path, relative: str) -> Path | None:
    """A descriptor path resolved inside the package, or None (absolute, URL, or leaving it)."""
    if "://" in relative or "\\" in relative or relative.startswith("/"):
        return None
    if ".." in PurePosixPath(relative).parts:
        return None
    path = (root / relative).resolve()
    return path if path.is_relative_to(root.resolve()) else None


def string_views(n: int, rows: np.ndarray, starts: np.ndarray, lengths: np.ndarray, buffers: list[bytes],
                 which: np.ndarray) -> pa.Array:  # fmt: skip
    """An Arrow string_view array of length n: row rows[i] is bytes starts[i]:+lengths[i] of buffers[which[i]].

    Each view is 16 bytes: length, then the bytes inline if at most 12, else a 4-byte prefix, the
    buffer index and the offset. Other rows are null. The text bytes are shared, not copied.
    """
    views = np.zeros((n, 4), np.int32)
    validity = np.zeros(n, bool)
    validity[rows] = True
    views[rows, 0] = lengths
    big = lengths > 12
    for number, raw in enumerate(buffers):
        data = np.frombuffer(raw, np.uint8)
        padded = np.concatenate([data, np.zeros(12, np.uint8)])
        mine = which == number
        long_rows, short_rows = mine & big, mine & ~big
        offsets = starts[long_rows]
        prefix = np.stack([padded[offsets + k] for k in range(4)], axis=1)
        views[rows[long_rows], 1] = prefix.copy().view(np.int32).ravel()
        views[rows[long_rows], 2] = number
        views[rows[long_rows], 3] = offsets
        offsets, size = starts[short_rows], lengths[short_rows]
        inline = np.stack([np.where(k < size, padded[offsets + k], 0) for k in range(12)], axis=1).astype(np.uint8)
        views[rows[short_rows], 1:] = inline.copy().view(np.int32).reshape(-1, 3)
    bitmap = pa.py_buffer(np.packbits(validity, bitorder="little").tobytes())
    data_buffers = [pa.py_buffer(raw) for raw in buffers]
    return pa.Array.from_buffers(
        pa.string_view(), n, [bitmap, pa.py_buffer(views.tobytes()), *data_buffers], null_count=int(n - len(rows))
    )


class Floor:
    def __init__(self, descriptor: Path, schema: dict[str, Any], max_bytes: int) -> None:
        self.descriptor, self.root, self.max_bytes = descriptor, descriptor.parent, max_bytes
        self.tables = reference_tables(schema)
        self.prefixes = {name: table.prefix for name, table in self.tables.items() if name != "tombstones"}
        self.resources: dict[str, dict[str, Any]] = {}  # source id -> its text resource in the descriptor
        self.text_checks: dict[str, SourceCheck] = {}
        self.problems: Counter[str] = Counter()
        self.con = duckdb.connect()
        self.pool = ThreadPoolExecutor(max_workers=2)

    def add(self, rule: str, count: int | None = 1) -> None:
        if count:
            self.problems[rule] += int(count)

    def row(self, sql: str, params: list[Any] | None = None) -> tuple[Any, ...]:
        """The first row of a query's result (fetched whole: DuckDB wants each result finished)."""
        rows = self.con.execute(sql, params or []).fetchall()
        return tuple(rows[0])

    def one(self, sql: str, params: list[Any] | None = None) -> Any:
        return self.row(sql, params)[0]

    def run(self) -> Counter[str]:
        try:
            descriptor = json.loads(self.descriptor.read_bytes().decode("utf-8"))
            resources = descriptor["resources"]
            assert isinstance(resources, list)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, AssertionError):
            self.add("package.descriptor")
            return self.problems
        texts: dict[str, Future[SourceCheck]] = {}
        for resource in resources:
            name, relative = str(resource.get("name")), resource.get("path")
            path = inside(self.root, relative) if isinstance(relative, str) else None
            if path is None:
                self.add("package.path-outside")
            elif name in self.tables and resource.get("format") == "csv":
                self.tables[name].path = path
            elif name.startswith("src-"):
                texts[name] = self.pool.submit(check_text, path)
                self.resources[name] = resource
        pattern = "[" + CONTROL[1:-1] + maybe_not_nfc()[1:-1] + "]"
        scans = {}
        for name, table in self.tables.items():
            if self.open(table) and table.path is not None:
                scans[name] = self.pool.submit(scan_file, table.path, pattern)
        for table in self.tables.values():
            if table.name in scans:
                self.load(table)
        for name, scan in scans.items():
            self.after_scan(self.tables[name], scan.result())
        for table in self.tables.values():
            if table.loaded:
                self.cells(table)
        self.keys()
        self.evidence()
        checked = self.sources({name: future.result() for name, future in texts.items()})
        self.quotes(checked)
        self.verbatim()
        self.dates()
        self.tombstones()
        self.figures_out_of()
        self.custody()
        self.relations()
        self.part_of_cycles()
        self.source_filenames()
        self.coverage(checked)
        if not self.problems:  # as crocus-data: the descriptor's facts are compared once the records are clean
            self.descriptor_facts()
        self.pool.shutdown()
        return self.problems

    def open(self, table: Table) -> bool:
        """File-level checks before reading: present, size, byte-order mark, header."""
        if table.path is None:
            self.add("package.resource-missing")
            return False
        if not table.path.is_file():
            self.add("file.missing")
            return False
        if table.path.stat().st_size > self.max_bytes:
            self.add("file.too-large")
            return False
        with table.path.open("rb") as stream:
            first = stream.readline()
        if first.startswith(codecs.BOM_UTF8):
            self.add("file.encoding")
            return False
        try:
            names = next(csv.reader([first.decode("utf-8").rstrip("\r\n")]), [])
        except UnicodeDecodeError:
            self.add("file.encoding")
            return False
        if names != [f.name for f in table.fields]:
            self.add("file.header")
            return False
        return True

    def load(self, table: Table) -> None:
        """The table into DuckDB, every cell as text (empty = NULL); rows of the wrong length are counted.

        Empty cells are read as '' and only then made NULL: DuckDB forgives one extra field on a line
        when it is null, which would hide a stray trailing comma.
        """
        columns = "{" + ", ".join(f"{lit(f.name)}: 'VARCHAR'" for f in table.fields) + "}"
        cells = ", ".join(f"nullif({q(f.name)}, '') AS {q(f.name)}" for f in table.fields)
        self.con.execute(
            f"CREATE TABLE {q(table.name)} AS SELECT {cells} FROM read_csv(?, header = true, auto_detect = false, "
            f"delim = ',', quote = '\"', escape = '\"', columns = {columns}, nullstr = '\x01', "
            "allow_quoted_nulls = false, strict_mode = true, store_rejects = true, rejects_table = 'rejects', "
            "rejects_scan = 'reject_scans')",
            [str(table.path)],
        )
        rejected = self.row("SELECT count(*) FILTER (WHERE error_type = 'INVALID ENCODING'), count(*) FROM rejects")
        if rejected[1]:  # a structurally broken file is reported as such, and its rows are not used
            self.add("file.encoding", min(rejected[0], 1))
            self.add("row.length", rejected[1] - rejected[0])
            self.con.execute(f"DROP TABLE {q(table.name)}")
        else:
            table.loaded = True
        self.con.execute("DELETE FROM rejects")

    def after_scan(self, table: Table, normal: bool) -> None:
        """NFC and control characters, cell by cell, only in a file that may hold either (ids are left to their
        pattern or their key)."""
        if table.loaded and not normal:
            free = [f for f in table.fields if f.text and not f.pattern and not f.reference]
            nfc = [f"count(*) FILTER (WHERE {q(f.name)} <> nfc_normalize({q(f.name)}))" for f in free]
            control = [f"count(*) FILTER (WHERE regexp_matches({q(f.name)}, {lit(CONTROL)}))" for f in free]
            if free:
                self.add("text.nfc", sum(self.row(f"SELECT {', '.join(nfc)} FROM {q(table.name)}")))
                self.add("cell.nul", sum(self.row(f"SELECT {', '.join(control)} FROM {q(table.name)}")))

    def cells(self, table: Table) -> None:
        """One scan per table: every cell rule, every row rule, and duplicate keys."""
        checks: list[tuple[str, str]] = []
        for f in table.fields:
            c = q(f.name)
            if f.required:
                checks.append(("cell.required", f"{c} IS NULL"))
            if f.type in ("integer", "date", "boolean"):
                checks.append((f"cell.type.{f.type}", f"{c} IS NOT NULL AND ({f.typed()}) IS NULL"))
            elif f.enum:
                checks.append(("cell.enum", f"{c} NOT IN ({', '.join(lit(v) for v in f.enum)})"))
            elif f.pattern and not f.reference:  # a reference is checked against the keys instead
                checks.append(("cell.pattern", f"NOT regexp_full_match({c}, {lit(f.pattern)})"))
            if f.minimum is not None:
                checks.append(("cell.minimum", f"({f.typed()}) < {int(f.minimum)}"))
            if f.text:
                formula = " OR ".join(f"starts_with({c}, {lit(s)})" for s in "=+-@\t\r")
                checks.append(("hygiene.formula", formula))
        checks += row_rules(table, self.prefixes)
        aggregates = [f"count(*) FILTER (WHERE {condition})" for _, condition in checks]
        aggregates.append(f"count({q(table.key)}) - count(DISTINCT {q(table.key)})")
        counts = self.row(f"SELECT {', '.join(aggregates)} FROM {q(table.name)}")
        for (rule, _), count in zip(checks, counts, strict=False):
            self.add(rule, count)
        self.add("key.duplicate", counts[-1])

    def ready(self, *names: str) -> bool:
        return all(self.tables[name].loaded for name in names)

    def keys(self) -> None:
        for table in self.tables.values():
            for f in table.fields:
                if f.reference and table.loaded and self.ready(f.reference):
                    parent = self.tables[f.reference]
                    self.add(
                        "key.foreign",
                        self.one(
                            f"SELECT count(*) FROM {q(table.name)} c ANTI JOIN {q(parent.name)} p "
                            f"ON c.{q(f.name)} = p.{q(parent.key)} WHERE c.{q(f.name)} IS NOT NULL"
                        ),
                    )

    def evidence(self) -> None:
        """Every evidence row points at a row of some table; every row of every table of claims has evidence.

        Evidence and tombstones (the project's record of retired ids) are not claims and need none.
        """
        if not self.ready("evidence"):
            return
        others = [t for t in self.tables.values() if t.name not in NOT_EVIDENCED and t.loaded]
        union = " UNION ALL ".join(f"SELECT {q(t.key)} AS k FROM {q(t.name)}" for t in others) or "SELECT NULL AS k"
        self.con.execute(f"CREATE TABLE all_keys AS {union}")
        unreadable = [t.prefix for t in self.tables.values() if not t.loaded and t.name not in NOT_EVIDENCED]
        skip = "".join(f" AND NOT starts_with(e.record_id, {lit(p + '-')})" for p in unreadable)
        self.add(
            "evidence.record",
            self.one(
                "SELECT count(*) FROM evidence e ANTI JOIN all_keys a ON e.record_id = a.k "
                f"WHERE e.record_id IS NOT NULL{skip}"
            ),
        )
        self.add(
            "evidence.missing",
            self.one("SELECT count(*) FROM all_keys a ANTI JOIN evidence e ON a.k = e.record_id WHERE a.k IS NOT NULL"),
        )

    def sources(self, texts: dict[str, SourceCheck]) -> dict[str, bytes]:
        """Each source's text: listed, unaltered (SHA-256, size), UTF-8, NFC, cited. Returns the usable ones."""
        if not self.ready("sources"):
            return {}
        rows = self.con.execute(
            f"SELECT source_id, sha256, {self.tables['sources'].t('bytes')} FROM sources"
        ).fetchall()
        cited: set[str] = set()
        if self.ready("evidence"):
            cited = {r[0] for r in self.con.execute("SELECT DISTINCT source_id FROM evidence").fetchall()}
        usable = {}
        self.text_checks = texts
        for source_id, sha256, size in rows:
            check = texts.get(source_id)
            if source_id not in cited:
                self.add("source.uncited")
            if check is None:
                self.add("source.missing")
                continue
            if check.raw is None:
                self.add("file.too-large")
                continue
            if check.digest != sha256 or len(check.raw) != size:
                self.add("source.hash")
            if not check.utf8:
                self.add("source.encoding")
                continue
            if not check.normal:
                self.add("source.nfc")
            if check.digest == sha256:
                usable[source_id] = check.raw
        return usable

    def quotes(self, texts: dict[str, bytes]) -> None:
        """Every quote verbatim at its code-point offsets: offsets mapped to bytes with numpy, compared in DuckDB."""
        if not self.ready("evidence") or not texts:
            return
        ev = self.tables["evidence"]
        start, end = ev.t("start"), ev.t("end")
        # Per row: which usable text (1-based, 0 for none), offsets, and whether end - start fits the
        # quote (rows where it does not are reported by the row rule already).
        rows = self.con.execute(
            f"SELECT coalesce(list_position(?, source_id), 0)::INTEGER AS text, coalesce({start}, 0) AS s, "
            f"coalesce({end}, 0) AS e, coalesce({end} - {start} = length(quote) AND {start} >= 0, false) AS ok "
            "FROM evidence",
            [list(texts)],
        ).fetchnumpy()
        text, first, last = rows["text"], np.asarray(rows["s"]), np.asarray(rows["e"])
        checked = np.asarray(rows["ok"]) & (text > 0)
        picked, byte_starts, byte_lengths, which = [], [], [], []
        for number, raw in enumerate(texts.values()):
            mine = np.flatnonzero(checked & (text == number + 1))
            leads = (np.frombuffer(raw, np.uint8) & 0xC0) != 0x80
            to_byte = np.flatnonzero(np.append(leads, True))  # code point -> byte offset, and the end
            past_end = last[mine] > len(to_byte) - 1
            self.add("evidence.offsets", int(past_end.sum()))
            mine = mine[~past_end]
            byte_start = to_byte[first[mine]]
            picked.append(mine)
            byte_starts.append(byte_start)
            byte_lengths.append(to_byte[last[mine]] - byte_start)
            which.append(np.full(len(mine), number))
        expected = string_views(
            len(text), np.concatenate(picked), np.concatenate(byte_starts), np.concatenate(byte_lengths),
            list(texts.values()), np.concatenate(which),
        )  # fmt: skip
        self.con.register("spans", pa.table({"expected": expected}))
        self.add(
            "evidence.quote", self.one("SELECT count(*) FROM evidence POSITIONAL JOIN spans WHERE quote <> expected")
        )
        self.con.unregister("spans")

    def verbatim(self) -> None:
        """Each verbatim cell (a name, a wording, a place ...) stands in one of the row's evidence quotes."""
        if not self.ready("evidence"):
            return
        for name, cells in VERBATIM.items():
            if not self.ready(name):
                continue
            key = q(self.tables[name].key)
            found = ", ".join(
                f"bool_or(contains(e.quote, t.{q(column)})) FILTER (WHERE t.{q(column)} IS NOT NULL) AS {q(column)}"
                for column in cells
            )
            missing = ", ".join(f"count(*) FILTER (WHERE NOT {q(column)})" for column in cells)
            counts = self.row(
                f"SELECT {missing} FROM (SELECT {found} FROM {q(name)} t JOIN evidence e ON e.record_id = t.{key} "
                "WHERE e.quote IS NOT NULL GROUP BY t.rowid)"
            )
            for rule, count in zip(cells.values(), counts, strict=True):
                self.add(rule, count)

    def dates(self) -> None:
        """Nothing reported after its report's publication; nothing ends before its incident began."""
        for name, prefix in DATED.items():
            if not self.ready(name):
                continue
            table = self.tables[name]
            key = q(table.key)
            typed = table.t(f"{prefix}_earliest", "t")
            if self.ready("evidence", "sources"):
                published = self.tables["sources"].t("published_latest", "s")
                self.add(
                    "date.after-publication",
                    self.one(
                        f"SELECT count(DISTINCT t.{key}) FROM evidence e JOIN {q(name)} t ON e.record_id = t.{key} "
                        f"JOIN sources s ON e.source_id = s.source_id WHERE {typed} > {published}"
                    ),
                )
            if name != "incidents" and self.ready("incidents"):
                latest = table.t(f"{prefix}_latest")
                began = self.tables["incidents"].t("date_earliest")
                self.add(
                    "date.before-incident",
                    self.one(
                        f"SELECT count(*) FROM (SELECT {latest} AS latest, incident_id FROM {q(name)}) t "
                        f"JOIN (SELECT incident_id, {began} AS began FROM incidents) i USING (incident_id) "
                        "WHERE t.latest < i.began"
                    ),
                )

    def tombstones(self) -> None:
        """No row of any table has a retired id; a replacement names a row of some table or another retired id."""
        if not self.ready("tombstones") or not self.one("SELECT count(*) FROM tombstones"):
            return
        live = [t for t in self.tables.values() if t.loaded and t.name != "tombstones"]
        keys = " UNION ALL ".join(f"SELECT {q(t.key)} AS k FROM {q(t.name)}" for t in live) or "SELECT NULL AS k"
        self.add("tombstone.reused", self.one(f"SELECT count(*) FROM ({keys}) SEMI JOIN tombstones ON k = retired_id"))
        self.add(
            "tombstone.replaced-by",
            self.one(
                f"SELECT count(*) FROM tombstones g ANTI JOIN ({keys} UNION ALL SELECT retired_id FROM tombstones) a "
                "ON g.replaced_by = a.k WHERE g.replaced_by IS NOT NULL"
            ),
        )

    def figures_out_of(self) -> None:
        """A figure counted out of another names another figure, of its incident and unit, that gives a value."""
        if not self.ready("figures"):
            return
        value = self.tables["figures"].t("value", "w")
        self.add(
            "figure.out-of",
            self.one(
                "SELECT count(*) FROM figures f JOIN figures w ON f.out_of_figure_id = w.figure_id WHERE "
                f"f.out_of_figure_id = f.figure_id OR w.incident_id IS DISTINCT FROM f.incident_id OR "
                f"w.unit IS DISTINCT FROM f.unit OR ({value}) IS NULL"
            ),
        )

    def custody(self) -> None:
        """A statement made in custody names a speaker who has a detention row."""
        if not self.ready("statements", "detentions"):
            return
        custody = self.tables["statements"].t("made_in_custody", "s")
        self.add(
            "statement.custody",
            self.one(
                f"SELECT count(*) FROM statements s WHERE coalesce({custody}, false) AND (s.speaker_actor_id IS NULL "
                "OR s.speaker_actor_id NOT IN (SELECT actor_id FROM detentions WHERE actor_id IS NOT NULL))"
            ),
        )

    def relations(self) -> None:
        """A statement said to precede another is not dated after it, and no chain of precedes comes back."""
        if not self.ready("statement_relations", "statements"):
            return
        statements = self.tables["statements"]
        began, ended = statements.t("said_earliest", "a"), statements.t("said_latest", "b")
        self.add(
            "relation.order",
            self.one(
                "SELECT count(*) FROM statement_relations r JOIN statements a ON r.from_statement_id = a.statement_id "
                "JOIN statements b ON r.to_statement_id = b.statement_id "
                f"WHERE r.relation = 'precedes' AND {began} > {ended}"
            ),
        )
        edges = self.con.execute(
            "SELECT from_statement_id, to_statement_id FROM statement_relations WHERE relation = 'precedes' "
            "AND from_statement_id IS NOT NULL AND to_statement_id IS NOT NULL"
        ).fetchall()
        component = components(edges)
        self.add("relation.cycle", sum(a != b and component[a] == component[b] for a, b in edges))

    def part_of_cycles(self) -> None:
        """No actor is, through part_of_actor_id, part of itself."""
        if not self.ready("actors"):
            return
        edges = self.con.execute(
            "SELECT actor_id, part_of_actor_id FROM actors WHERE actor_id IS NOT NULL AND part_of_actor_id IS NOT NULL"
        ).fetchall()
        component = components(edges)
        self.add("actor.part-of-cycle", len({a for a, b in edges if a == b or component[a] == component[b]}))

    def descriptor_facts(self) -> None:
        """A text's hash and size in the descriptor are the file's."""
        for source_id, resource in self.resources.items():
            check = self.text_checks.get(source_id)
            if check is None or check.raw is None:
                continue
            if resource.get("hash") is not None and resource["hash"] != f"sha256:{check.digest}":
                self.add("package.descriptor-mismatch")
            if resource.get("bytes") is not None and resource["bytes"] != len(check.raw):
                self.add("package.descriptor-mismatch")

    def source_filenames(self) -> None:
        """A source's filename is the file the descriptor lists for it."""
        if self.ready("sources"):
            for source_id, filename in self.con.execute("SELECT source_id, filename FROM sources").fetchall():
                path = str(self.resources.get(source_id, {}).get("path", f"sources/{filename}"))
                if path != f"sources/{filename}" and not path.endswith(f"/sources/{filename}"):
                    self.add("source.filename")

    def coverage(self, usable: dict[str, bytes]) -> None:
        """Every sentence of every source backs a record (a span overlaps it) or has a note; every note names one.

        Sentences: a text cut at its line breaks and after . ! ? (and closing quotes) before white
        space, each piece stripped. A note's words name the sentences they begin (or the one they
        equal); several different ones is ambiguous, none is an orphan.
        """
        if not self.ready("sources", "evidence"):
            return
        notes = self.notes()
        if notes is None:
            return
        listed = {row[0] for row in self.con.execute("SELECT source_id FROM sources").fetchall()}
        by_source: dict[str, list[str]] = defaultdict(list)
        for source_id, words in notes:
            if source_id in listed:
                by_source[source_id].append(words)
            else:
                self.add("coverage.note-orphan")
        spans = self.con.execute(
            f"SELECT source_id, {self.tables['evidence'].t('start')} AS s, {self.tables['evidence'].t('end')} AS e "
            "FROM evidence WHERE source_id IN (SELECT unnest(?))",
            [list(usable)],
        ).fetchnumpy()
        source_of = np.asarray(spans["source_id"])
        for source_id, raw in usable.items():
            text = raw.decode("utf-8")
            starts, ends, texts = split_sentences(text)
            ordered = sorted(range(len(texts)), key=texts.__getitem__)
            keys = [texts[i] for i in ordered]
            explained = np.zeros(len(texts), bool)
            for words in by_source.get(source_id, []):
                begun = []
                for position in range(bisect_left(keys, words), len(keys)):
                    if not keys[position].startswith(words):
                        break
                    begun.append(ordered[position])
                exact = [i for i in begun if texts[i] == words]
                if not exact and len({texts[i] for i in begun}) > 1:
                    self.add("coverage.note-ambiguous")
                elif not begun:
                    self.add("coverage.note-orphan")
                else:
                    explained[exact or begun] = True
            mine = source_of == source_id
            first, last = spans["s"][mine], spans["e"][mine]  # masked where empty
            if not mine.any() or np.ma.is_masked(first) or np.ma.is_masked(last) or not len(texts):
                continue  # uncited, or offsets to fill first: reported as such
            low = np.searchsorted(ends, np.asarray(first, np.int64), side="right")
            high = np.searchsorted(starts, np.asarray(last, np.int64), side="left") - 1
            hit = low <= high
            marks = np.zeros(len(texts) + 1, np.int64)
            np.add.at(marks, low[hit], 1)
            np.add.at(marks, high[hit] + 1, -1)
            backed = np.cumsum(marks[:-1]) > 0
            self.add("coverage.unexplained", int((~backed & ~explained).sum()))

    def notes(self) -> list[tuple[str, str]] | None:
        """(source id, first words) of each coverage note; None when the file cannot be read (that is counted)."""
        path = inside(self.root, "coverage_notes.csv")
        if path is None or not path.is_file():
            return []
        try:
            with path.open(encoding="utf-8", newline="") as stream:
                header, *rows = list(csv.reader(stream))
        except (UnicodeDecodeError, csv.Error, ValueError):
            self.add("file.encoding")
            return None
        if header != ["source_id", "sentence", "reason"]:
            self.add("file.header")
            return None
        bad = [row for row in rows if len(row) != 3 or not all(row)]
        if bad:
            self.add("row.length", len(bad))
            return None
        return [(row[0], row[1]) for row in rows]


def split_sentences(text: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The sentences of a text: (starts, ends) in code points, and their stripped texts."""
    points = np.frombuffer(text.encode("utf-32-le"), np.uint32)
    cuts = {0, len(text), *np.flatnonzero(points == 10).tolist()}
    cuts.update(match.end() for match in SENTENCE_END.finditer(text))
    ordered = sorted(cuts)
    starts, ends, texts = [], [], []
    for start, end in itertools.pairwise(ordered):
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            first = start + len(piece) - len(piece.lstrip())
            starts.append(first)
            ends.append(first + len(stripped))
            texts.append(stripped)
    return np.array(starts, np.int64), np.array(ends, np.int64), texts


def components(edges: list[tuple[str, str]]) -> dict[str, int]:
    """Strongly connected components of a directed graph (Kosaraju, iterative): node -> component number."""
    forward: dict[str, list[str]] = defaultdict(list)
    backward: dict[str, list[str]] = defaultdict(list)
    for a, b in edges:
        forward[a].append(b)
        backward[b].append(a)
    nodes = list(dict.fromkeys([node for edge in edges for node in edge]))
    seen: set[str] = set()
    order: list[str] = []
    for root in nodes:
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, iter(forward[root]))]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                order.append(node)
            elif child not in seen:
                seen.add(child)
                stack.append((child, iter(forward[child])))
    component: dict[str, int] = {}
    for root in reversed(order):
        if root in component:
            continue
        component[root] = len(component)
        number = component[root]
        todo = [root]
        while todo:
            for parent in backward[todo.pop()]:
                if parent not in component:
                    component[parent] = number
                    todo.append(parent)
    return component


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="a package directory or its datapackage.json")
    parser.add_argument("--schema", type=Path, help="descriptor giving the tables' schema (default: the shipped one)")
    parser.add_argument("--max-bytes", type=int, default=MAX_BYTES)
    parser.add_argument("--verbose", action="store_true", help="count problems by rule")
    args = parser.parse_args(argv)
    descriptor = args.path / DESCRIPTOR if args.path.is_dir() else args.path
    schema = json.loads(args.schema.read_text("utf-8")) if args.schema else read_descriptor(shipped_data_dir())
    problems = Floor(descriptor, schema, args.max_bytes).run()
    total = sum(problems.values())
    print(f"{total} problems")
    if args.verbose:
        for rule, count in sorted(problems.items()):
            print(f"  {rule}: {count}")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
