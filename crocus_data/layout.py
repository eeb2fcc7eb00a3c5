"""Where everything lives: the one place that spells the package layout.

A data directory (``crocus_data/data`` in a checkout, or the installed package's copy) holds the
descriptor, the hand-encoded CSV records, the Parquet files built from them, the verbatim source
texts, the coverage notes and the evidence as Web Annotations. A checkout adds the top-level
descriptor and the JSON Schemas (``schemas/``), which the package also carries (``crocus_data/schemas``),
so an installed package has them too. Every other module asks this one for a path.

What git holds is what a person writes or reviews (:func:`is_committed`); every other file the build
writes is made where it is needed (at install, at site build, at release) and is gitignored
(docs/building.md says why).
"""

from __future__ import annotations

from pathlib import Path

# Inside a data directory.
DESCRIPTOR = "datapackage.json"
CROISSANT = "croissant.json"  # the MLCommons Croissant description, beside the descriptor
RECORDS_DIR = "records"
SOURCES_DIR = "sources"
PARQUET_DIR = "parquet"
COVERAGE_NOTES = "coverage_notes.csv"
ANNOTATIONS = "annotations.jsonld"  # every evidence span as a W3C Web Annotation
SQLITE = "crocus.sqlite"  # every table and the source texts in one SQLite database, for Datasette
DATASETTE_METADATA = "datasette.json"  # what Datasette shows beside it: descriptions, licences, canned queries
PARQUET_SUFFIX = "-parquet"  # a table's Parquet resource is named <table>-parquet

# Inside a checkout, relative to its root.
DATA_DIR = Path("crocus_data") / "data"
SCHEMAS_DIR = Path("schemas")  # the one committed copy, at the top level where users look for it
PACKAGE_SCHEMAS_DIR = Path("crocus_data") / "schemas"  # the package's copy: the wheel ships it, the build makes it
DOCS_DIR = Path("docs")
IMG_DIR = DOCS_DIR / "img"


def record_file(table: str) -> str:
    """A table's hand-encoded CSV file, relative to the data directory (POSIX, as the descriptor writes it)."""
    return f"{RECORDS_DIR}/{table}.csv"


def parquet_file(table: str) -> str:
    """A table's Parquet file, relative to the data directory."""
    return f"{PARQUET_DIR}/{table}.parquet"


def source_file(filename: str) -> str:
    """A source text, relative to the data directory."""
    return f"{SOURCES_DIR}/{filename}"


def schema_file(table: str) -> Path:
    """A table's JSON Schema, relative to the checkout root (the committed copy)."""
    return SCHEMAS_DIR / f"{table}.json"


def package_schema_file(table: str) -> Path:
    """A table's JSON Schema inside the package (what ``importlib.resources`` finds), relative to the checkout root."""
    return PACKAGE_SCHEMAS_DIR / f"{table}.json"


def is_committed(path: Path) -> bool:
    """Whether a file the build writes is one git holds, relative to the checkout root.

    Git holds the records (the build only puts them in canonical form), the top-level descriptor and
    the JSON Schemas: small text a reviewer reads, which changes with the models or the list of
    sources, never with a row. Everything else the build writes is derived and gitignored.
    """
    return path == Path(DESCRIPTOR) or path.parent in (SCHEMAS_DIR, DATA_DIR / RECORDS_DIR)


def installed_data_dir() -> Path:
    """The data directory shipped inside the installed package (read with importlib.resources)."""
    from importlib.resources import files  # only when asked: `crocus-data --help` never is

    return Path(str(files("crocus_data") / "data"))
