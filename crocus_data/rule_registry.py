"""Every validation rule: its id, what it checks, how bad it is and how to fix it.

The one source of truth for rule ids, the way frictionless-py's error classes and pydantic's error
codes are: ``Problem.rule`` is a :class:`Rule`, the exit status follows from the rule's
:class:`Category`, and the rule table in docs/validation.md is generated from this module by the
build (and drift-checked). A rule id is part of the JSON output's contract: ids are only added.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self


class Category(StrEnum):
    """How far a problem reaches, which decides the exit status."""

    CELL = "cell"  # one cell is wrong
    ROW = "row"  # the cells of one row disagree with each other
    TABLE = "table"  # rows or files disagree with each other or with the source texts
    PACKAGE = "package"  # the package as a whole (its files, its descriptor) is inconsistent
    UNUSABLE = "unusable"  # the input cannot be validated at all: exit status 2


class Rule(StrEnum):
    """A validation rule, declared as ``NAME = "id", category, "what it checks", "how to fix it"``."""

    category: Category
    summary: str
    fix: str

    def __new__(cls, value: str, category: Category = Category.CELL, summary: str = "", fix: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.category = category
        member.summary = summary
        member.fix = fix
        return member

    PACKAGE_NOT_FOUND = (
        "package.not-found",
        Category.UNUSABLE,
        "the path given names a checkout, a data directory or a `datapackage.json`",
        "check the path; in a checkout, run the command at its top",
    )
    PACKAGE_DESCRIPTOR = (
        "package.descriptor",
        Category.UNUSABLE,
        "the descriptor is JSON with a `resources` list",
        "restore `datapackage.json` (run `crocus-data build` in a checkout)",
    )
    PACKAGE_PATH_OUTSIDE = (
        "package.path-outside",
        Category.UNUSABLE,
        "resource paths are relative and stay inside the package (no `/…`, no `..`, no URLs: nothing is fetched)",
        "use a relative path inside the package",
    )
    PACKAGE_RESOURCE_MISSING = (
        "package.resource-missing",
        Category.UNUSABLE,
        "the descriptor lists a CSV resource for every table",
        "run `crocus-data build` to regenerate the descriptor",
    )
    FILE_TOO_LARGE = (
        "file.too-large",
        Category.UNUSABLE,
        "a table file is refused, before it is read, when over `--max-bytes`",
        "split the contribution, or raise `--max-bytes`",
    )
    PACKAGE_DUPLICATE_RESOURCE = (
        "package.duplicate-resource",
        Category.UNUSABLE,
        "no two resources share a name or a file (each file is read once, whatever the descriptor says)",
        "remove the repeated resource; run `crocus-data build`",
    )
    PACKAGE_DESCRIPTOR_MISMATCH = (
        "package.descriptor-mismatch",
        Category.PACKAGE,
        "the descriptor agrees with the tree: a text's recorded hash and size, and the descriptor inside the "
        "package and the one at the top of a checkout",
        "run `crocus-data build`",
    )
    FILE_MISSING = ("file.missing", Category.TABLE, "the table's file exists", "restore the file")
    FILE_NOT_REGULAR = (
        "file.not-regular",
        Category.TABLE,
        "a table or text is a regular file (not a directory, a pipe, a device or a symlink loop); it is never opened",
        "replace it with the file itself",
    )
    FILE_UNREADABLE = (
        "file.unreadable",
        Category.TABLE,
        "the file can be opened and read",
        "fix the file's permissions",
    )
    FILE_ENCODING = (
        "file.encoding",
        Category.TABLE,
        "the file is UTF-8 without a byte-order mark (the line of the first bad byte is given)",
        "save the file as UTF-8 without BOM",
    )
    FILE_HEADER = (
        "file.header",
        Category.TABLE,
        "the header names exactly the table's columns, in order (missing, unknown, misordered)",
        "copy the header from the data dictionary",
    )
    ROW_LENGTH = (
        "row.length",
        Category.ROW,
        "the file parses as CSV and every record has one cell per column (a stray comma or an unclosed quote)",
        "quote cells that hold commas; close every quote",
    )
    CELL_REQUIRED = (
        "cell.required",
        Category.CELL,
        "a required column is not empty (an empty cell means *absent*); for an empty evidence `start` or `end`, "
        "the offsets `crocus-data fill-offsets` would write are given",
        "fill the cell (evidence offsets: run `crocus-data fill-offsets`)",
    )
    CELL_TYPE_INTEGER = ("cell.type.integer", Category.CELL, "whole numbers are digits only", "write digits only")
    CELL_TYPE_BOOLEAN = ("cell.type.boolean", Category.CELL, "booleans are `true` or `false`", "write true or false")
    CELL_TYPE_DATE = (
        "cell.type.date",
        Category.CELL,
        "dates are real calendar dates written `YYYY-MM-DD`",
        "write the date as YYYY-MM-DD",
    )
    CELL_ENUM = (
        "cell.enum",
        Category.CELL,
        "the value is one of the vocabulary's (see the data dictionary)",
        "use one of the listed values",
    )
    CELL_PATTERN = (
        "cell.pattern",
        Category.CELL,
        "ids and hashes match their documented pattern (e.g. `^act-[a-z0-9]+(?:-[a-z0-9]+)*$`)",
        "use lower-case letters, digits and hyphens after the table's prefix",
    )
    CELL_MINIMUM = ("cell.minimum", Category.CELL, "numbers are not below their minimum", "fix the number")
    HYGIENE_FORMULA = (
        "hygiene.formula",
        Category.CELL,
        "no text cell starts with `=`, `+`, `-`, `@`, a tab or a carriage return, which spreadsheets may run as "
        "formulas (OWASP's CSV-injection list)",
        "reword the cell, or quote more words, so it does not start with a formula sign",
    )
    CELL_NUL = (
        "cell.nul",
        Category.CELL,
        "no cell holds a NUL character (or another control character than tab and line breaks)",
        "delete the control character",
    )
    TEXT_NFC = (
        "text.nfc",
        Category.CELL,
        "text is Unicode NFC, so quotes compare equal to the source character by character",
        "normalise the cell to NFC",
    )
    DATE_ORDER = ("date.order", Category.ROW, "`<date>_earliest` ≤ `<date>_latest`", "swap the bounds or fix the date")
    DATE_PRECISION = (
        "date.precision",
        Category.ROW,
        "precision `open` exactly when a bound is empty; `day` only when both bounds are one day",
        "make the precision agree with the bounds",
    )
    DATE_NOTE = (
        "date.note",
        Category.ROW,
        "a date not stated in full says how it was derived",
        "write the reasoning in the `<date>_note` cell",
    )
    FIGURE_VALUE = (
        "figure.value",
        Category.ROW,
        "vague / unquantified / unclear figures have no value; the others have one",
        "make value agree with the qualifier",
    )
    FIGURE_RANGE = (
        "figure.range",
        Category.ROW,
        "`value_low` and `value_high` are set exactly when the qualifier is `range`",
        "make the bounds agree with the qualifier",
    )
    FIGURE_ORDER = ("figure.order", Category.ROW, "`value_low` ≤ `value` ≤ `value_high`", "fix the numbers")
    FIGURE_ALTERNATIVE = (
        "figure.alternative",
        Category.ROW,
        "an `alternative_qualifier` differs from the qualifier, and both give a number (`bare`, `at_least`, "
        "`at_most`, `approximately`)",
        "clear the alternative, or make it another reading of the same number",
    )
    FIGURE_DERIVED = (
        "figure.derived",
        Category.ROW,
        "a figure whose value is derived (`value_derived`) has a value and a note saying how it was derived",
        "fill the value and the note, or set value_derived to false",
    )
    CLAIM_ROLE = (
        "claim.role",
        Category.ROW,
        "an actor claim has a `role` exactly when its attribute is `role`",
        "set or clear the role",
    )
    STATEMENT_SPEAKER = (
        "statement.speaker",
        Category.ROW,
        "a statement names its speaker exactly when attributed to one",
        "set or clear speaker_actor_id",
    )
    STATEMENT_RENDERING = (
        "statement.rendering",
        Category.ROW,
        "a statement's rendering is `own_voice` exactly when it is attributed to the document (`source`)",
        "make rendering agree with attribution",
    )
    ATTRIBUTION_STATEMENT = (
        "attribution.statement",
        Category.ROW,
        "a claim names its statement exactly when attributed to a speaker",
        "set or clear statement_id",
    )
    LINK_SELF_LOOP = (
        "link.self-loop",
        Category.ROW,
        "a link or relation relates two different rows (an incident link two incidents, an actor link two actors, "
        "a statement relation two statements)",
        "point the related column at the other row",
    )
    RELATION_TARGET = (
        "relation.target",
        Category.ROW,
        "a statement relation has exactly one target: a statement, a claim, a figure or a material",
        "fill exactly one of the to_* columns",
    )
    TOMBSTONE_TABLE = (
        "tombstone.table",
        Category.ROW,
        "a tombstone names the table its id was in: a table of the package, the one whose prefix the retired id has",
        "write the table the id's prefix belongs to (stm- is statements, ev- is evidence …)",
    )
    KEY_DUPLICATE = (
        "key.duplicate",
        Category.TABLE,
        "primary keys are unique (the line of the first use is given)",
        "give the row a new id; never reuse a retired one",
    )
    KEY_FOREIGN = (
        "key.foreign",
        Category.TABLE,
        "every reference names an existing row (the nearest existing id is suggested)",
        "add the row referred to, or fix the reference",
    )
    TOMBSTONE_REUSED = (
        "tombstone.reused",
        Category.TABLE,
        "a retired id (one with a row in `tombstones.csv`) is never the id of a row again, in any table",
        "give the row a new id; a retired id stays retired",
    )
    TOMBSTONE_REPLACED_BY = (
        "tombstone.replaced-by",
        Category.TABLE,
        "a tombstone's `replaced_by` names a row of some table, or another retired id; never the retired id itself",
        "point replaced_by at the id that carries the row on, or leave it empty",
    )
    ACTOR_PART_OF_CYCLE = (
        "actor.part-of-cycle",
        Category.TABLE,
        "no actor is, through `part_of_actor_id`, part of itself",
        "break the cycle: one of the actors is the larger group",
    )
    EVIDENCE_RECORD = (
        "evidence.record",
        Category.TABLE,
        "every evidence row points at an existing row of some table (the nearest existing id is suggested)",
        "fix the record_id",
    )
    EVIDENCE_VERBATIM = (
        "evidence.verbatim",
        Category.TABLE,
        "a cell the data dictionary marks *verbatim* (a claim's value, a place, a setting, a treatment's "
        "description ...) stands in one of the row's evidence quotes",
        "write the cell in the document's exact words, or quote the words that contain it",
    )
    EVIDENCE_MISSING = (
        "evidence.missing",
        Category.TABLE,
        "every row of every table of claims has at least one evidence row (tombstones, the project's own "
        "record of retired ids, need none)",
        "add an evidence row quoting the words that support the row",
    )
    EVIDENCE_OFFSETS = (
        "evidence.offsets",
        Category.ROW,
        "`end - start` equals the quote's length, and the span lies inside the text",
        "clear start and end and run `crocus-data fill-offsets`",
    )
    EVIDENCE_WORDS = (
        "evidence.words",
        Category.ROW,
        "the quote holds something other than whitespace: a span of only spaces and line breaks (of any kind) "
        "backs nothing, and no quote selector can place it",
        "quote the words the row stands on",
    )
    EVIDENCE_QUOTE = (
        "evidence.quote",
        Category.TABLE,
        "the quote stands verbatim at its offsets, and `fill-offsets` can find it: the right offsets are suggested "
        "when the quote occurs once elsewhere, the closest text and the first character that differs when it "
        "occurs nowhere, the offsets of each occurrence when it occurs more than once",
        "copy the quote exactly, or use the offsets suggested",
    )
    EVIDENCE_NAME = (
        "evidence.name",
        Category.TABLE,
        "a named actor's name appears in one of its evidence quotes",
        "quote the words that contain the name",
    )
    EVIDENCE_WORDING = (
        "evidence.wording",
        Category.TABLE,
        "a figure's wording appears in one of its evidence quotes",
        "quote the words that contain the wording",
    )
    SOURCE_MISSING = (
        "source.missing",
        Category.PACKAGE,
        "every source has its text listed in the descriptor, and the text file exists",
        "run `crocus-data build` (it lists every source), or restore the text file",
    )
    SOURCE_HASH = (
        "source.hash",
        Category.PACKAGE,
        "the text's SHA-256 and size are those recorded in `sources.csv`",
        "restore the text byte for byte as received",
    )
    SOURCE_FILENAME = (
        "source.filename",
        Category.PACKAGE,
        "a source's `filename` is the file the descriptor lists for it",
        "run `crocus-data build`, or fix the filename",
    )
    SOURCE_ENCODING = ("source.encoding", Category.PACKAGE, "the text is UTF-8", "restore the text as received")
    SOURCE_NFC = (
        "source.nfc",
        Category.PACKAGE,
        "the text is Unicode NFC",
        "normalise the text to NFC before adding it",
    )
    SOURCE_UNCITED = (
        "source.uncited",
        Category.PACKAGE,
        "every source is quoted by some evidence row",
        "encode what the source reports, or drop it",
    )
    COVERAGE_UNEXPLAINED = (
        "coverage.unexplained",
        Category.TABLE,
        "every sentence of every source backs a record (an evidence span falls in it) or is explained in "
        "`coverage_notes.csv`; the problem names the text's line, the sentence's number and first words",
        "quote the sentence for the records it supports, or add the note the message spells out",
    )
    COVERAGE_NOTE_ORPHAN = (
        "coverage.note-orphan",
        Category.TABLE,
        "each line of `coverage_notes.csv` names a listed source and begins one of its sentences",
        "copy the sentence's first words exactly (docs/coverage.md lists the sentences), or delete the note",
    )
    COVERAGE_NOTE_AMBIGUOUS = (
        "coverage.note-ambiguous",
        Category.TABLE,
        "a note's words begin only one sentence of its source (or copies of one sentence)",
        "copy more of the sentence's first words",
    )
    DATE_AFTER_PUBLICATION = (
        "date.after-publication",
        Category.TABLE,
        "nothing a document reports is dated after the document's latest publication date",
        "check the date bounds against the source's publication date",
    )
    DATE_BEFORE_INCIDENT = (
        "date.before-incident",
        Category.TABLE,
        "statements and detentions about an incident do not end before it began",
        "check the date bounds against the incident's",
    )
    FIGURE_OUT_OF = (
        "figure.out-of",
        Category.TABLE,
        "a figure's `out_of_figure_id` names another figure, of the same incident and unit, that gives a value",
        "point out_of_figure_id at the figure that gives the whole ('the six hostage-takers')",
    )
    STATEMENT_CUSTODY = (
        "statement.custody",
        Category.TABLE,
        "a statement made in custody names a speaker who has a detention row",
        "add the speaker's detention, or set made_in_custody to false",
    )
    RELATION_ORDER = (
        "relation.order",
        Category.TABLE,
        "a statement said to precede another is not dated entirely after it",
        "check the relation's direction and both statements' date bounds",
    )
    RELATION_CYCLE = (
        "relation.cycle",
        Category.TABLE,
        "no statement precedes itself through a chain of `precedes` relations",
        "break the cycle: one of the statements came first",
    )
    FIGURE_WORDING_NUMBER = (
        "figure.wording-number",
        Category.ROW,
        "a figure's `value`, `value_low` and `value_high` are numbers its `wording` writes: digits, with or "
        'without thousands separators ("360", "500,000"), or number words ("six", "nearly three"); '
        "unless `value_derived` is true, with the reasoning in the note",
        "write the number the wording gives, or set value_derived to true and say in the note how the words give it",
    )
    DATE_STATED = (
        "date.stated",
        Category.TABLE,
        "a date marked `stated` is written, with its year, in one of the row's evidence quotes (\"March 22, "
        '2024", "22 March 2024", "2024-03-22"; a source\'s publication date in its own text, as a '
        "dateline); one whose year comes from the dateline or is inferred has its day and month written there",
        "quote the words that give the date, or mark it as computed (`relative`, `year_inferred`, "
        "`bounded_by_context`) with the reasoning in the note: a weekday or 'nearly three months later' states no day",
    )
    TOMBSTONE_CYCLE = (
        "tombstone.cycle",
        Category.TABLE,
        "no chain of tombstones' `replaced_by` leads a retired id back to itself",
        "point replaced_by at the id that carries the record on now",
    )
    FIGURE_OUT_OF_CYCLE = (
        "figure.out-of-cycle",
        Category.TABLE,
        "no figure is, through a chain of `out_of_figure_id`, counted out of itself",
        "break the cycle: one of the figures gives the whole",
    )
    STATEMENT_CUSTODY_DATE = (
        "statement.custody-date",
        Category.TABLE,
        "a statement made in custody is not dated entirely before every detention of its speaker (its "
        "`said_latest` is not before the `detained_earliest` of each of them)",
        "check the statement's and the detentions' date bounds, or made_in_custody",
    )
    HISTORY_MANIFEST = (
        "history.manifest",
        Category.PACKAGE,
        "in a checkout, every release manifest under `releases/` is readable, named `MAJOR.MINOR.PATCH.json.gz` "
        "in ASCII digits after the version it records, and unchanged and still there since the base commit",
        "restore the manifest as released; a new one is written by `crocus-data release-manifest` when releasing",
    )
    HISTORY_VERSION = (
        "history.version",
        Category.PACKAGE,
        "the version is `MAJOR.MINOR.PATCH` in ASCII digits, never below a release, and bumped since the last "
        "release at or below it as far as the change requires (data semver); each release likewise after the one "
        "before it",
        "bump the version as the message says (docs/history.md)",
    )
    HISTORY_TOMBSTONE_MISSING = (
        "history.tombstone-missing",
        Category.PACKAGE,
        "an id of the last release is in some table or has a tombstone (and each release keeps the ids of the one "
        "before it the same way)",
        "add a row to tombstones.csv (retired_id, table_name, retired_in, reason, replaced_by), or restore the row",
    )
    HISTORY_ID_REUSED = (
        "history.id-reused",
        Category.PACKAGE,
        "an id retired in a release is not the id of a row again",
        "give the row a new id; a retired id stays retired",
    )
    HISTORY_TOMBSTONE_REMOVED = (
        "history.tombstone-removed",
        Category.PACKAGE,
        "a tombstone of a release is kept in every later version",
        "restore the tombstone row",
    )
    HISTORY_CHANGELOG = (
        "history.changelog",
        Category.PACKAGE,
        "in a checkout with releases, CHANGELOG.md's newest entry is the version's, and a change to the data since "
        "the base commit (`--base`, by default the last commit) changes that entry's **Data** part",
        "add the line the message suggests under **Data** in the version's entry",
    )
    PARQUET_UNREADABLE = (
        "parquet.unreadable",
        Category.PACKAGE,
        "each Parquet resource is a readable Parquet file with the table's columns",
        "run `crocus-data build`",
    )
    PARQUET_MISMATCH = (
        "parquet.mismatch",
        Category.PACKAGE,
        "each Parquet resource holds exactly the rows of its CSV table, and records the descriptor's version "
        "and the sources' SHA-256 in its metadata",
        "run `crocus-data build`",
    )
    REPORT_TRUNCATED = (
        "report.truncated",
        Category.TABLE,
        "a file with very many problems has only the first ones listed, and the count of the rest",
        "fix the problems shown (they are often one mistake repeated), then validate again",
    )


def exit_status(rules: list[Rule]) -> int:
    """0 when there is no problem, 2 when any makes the input unusable, 1 otherwise."""
    if any(rule.category is Category.UNUSABLE for rule in rules):
        return 2
    return 1 if rules else 0
