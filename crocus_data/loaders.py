"""Load the shipped tables into pandas, offline, from the installed package.

Only the standard library is imported at module level; pandas and pyarrow are imported by
``load`` itself, so ``import crocus_data`` stays fast and light.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from crocus_data.layout import DESCRIPTOR, installed_data_dir

if TYPE_CHECKING:
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    from crocus_data.metadata import VersionInfo


def data_dir() -> Path:
    """The directory holding the shipped data package (descriptor, records, parquet, sources)."""
    return installed_data_dir()


@cache
def _descriptor() -> dict[str, Any]:
    document = json.loads((data_dir() / DESCRIPTOR).read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def _resource(name: str) -> dict[str, Any]:
    for resource in _descriptor()["resources"]:
        if resource["name"] == name:
            assert isinstance(resource, dict)
            return resource
    raise KeyError(name)


def tables() -> list[str]:
    """Names of the tables, in the order of the descriptor."""
    return [r["name"] for r in _descriptor()["resources"] if r.get("format") == "csv"]


def _check_table(name: str) -> None:
    if name not in tables():
        raise KeyError(f"no table named {name!r}; the tables are: {', '.join(tables())}")


def parquet_path(name: str) -> Path:
    """Path of a table's Parquet file, for polars (``pl.read_parquet``) or DuckDB (``FROM 'path'``)."""
    _check_table(name)
    return data_dir() / str(_resource(f"{name}-parquet")["path"])


def csv_path(name: str) -> Path:
    """Path of a table's CSV file (the hand-encoded form)."""
    _check_table(name)
    return data_dir() / str(_resource(name)["path"])


def source_text(source_id: str) -> str:
    """The verbatim text of a source document; evidence offsets index its characters."""
    try:
        resource = _resource(source_id)
    except KeyError:
        raise KeyError(f"no source text {source_id!r}") from None
    return (data_dir() / str(resource["path"])).read_bytes().decode("utf-8")


@overload
def load(
    name: str, format: Literal["parquet", "csv"] = "parquet", backend: Literal["pandas"] = "pandas"
) -> pd.DataFrame: ...
@overload
def load(name: str, format: Literal["parquet"] = "parquet", *, backend: Literal["pyarrow"]) -> pa.Table: ...
@overload
def load(name: str, format: Literal["parquet"] = "parquet", *, backend: Literal["polars"]) -> pl.DataFrame: ...


def load(
    name: str,
    format: Literal["parquet", "csv"] = "parquet",
    backend: Literal["pandas", "pyarrow", "polars"] = "pandas",
) -> pd.DataFrame | pa.Table | pl.DataFrame:
    """A table as a pandas DataFrame with the documented dtypes (see docs/data-dictionary.md).

    ``backend="pyarrow"`` gives a ``pyarrow.Table`` and ``backend="polars"`` a ``polars.DataFrame``
    (polars installed separately), with the same types: see ``crocus_data.backends``.

    Enums are categoricals with every allowed value as a category, integers and booleans are
    nullable (``Int64``, ``boolean``), dates are ``datetime64[s]`` (NaT when a bound is open), and
    text is ``string``. ``format="csv"`` reads the CSV file instead and gives an equal frame.

    ``frame.attrs["crocus_data"]`` says which release the frame came from: the package version, the
    table's and each column's description, and the SHA-256 of every source text (see
    ``crocus_data.version_info``). From Parquet it is what the file records; from CSV, what the
    descriptor records.
    """
    _check_table(name)
    if backend != "pandas":
        if format != "parquet":
            raise ValueError(f"backend={backend!r} reads the Parquet file; leave format at 'parquet'")
        from crocus_data.backends import load_arrow, load_polars

        if backend == "pyarrow":
            return load_arrow(parquet_path(name), name)
        if backend == "polars":
            return load_polars(parquet_path(name), name)
        raise ValueError(f"backend must be 'pandas', 'pyarrow' or 'polars', not {backend!r}")
    if format == "parquet":
        return read_parquet_frame(parquet_path(name), name)
    if format == "csv":
        return read_csv_frame(csv_path(name), name, _release_info(name))
    raise ValueError(f"format must be 'parquet' or 'csv', not {format!r}")


def _release_info(table: str) -> VersionInfo:
    """The metadata of a shipped table as the descriptor states it (version, source hashes)."""
    from crocus_data.metadata import describe
    from crocus_data.models import MODEL_BY_TABLE

    hashes = {
        str(resource["name"]): str(resource["hash"]).removeprefix("sha256:")
        for resource in _descriptor()["resources"]
        if str(resource["name"]).startswith("src-") and "hash" in resource
    }
    return describe(MODEL_BY_TABLE[table], str(_descriptor()["version"]), hashes)


def read_parquet_frame(path: Path, table: str) -> pd.DataFrame:
    """Any crocus-data Parquet file of ``table`` as a DataFrame with the documented dtypes.

    Its ``attrs["crocus_data"]`` is the release metadata the file records, when it records any.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    from crocus_data.metadata import KEY

    arrow = pq.read_table(path)
    dates = [i for i, field in enumerate(arrow.schema) if pa.types.is_date32(field.type)]
    for i in dates:  # Arrow makes day-resolution datetimes directly, without a pandas cast afterwards
        arrow = arrow.set_column(
            i, arrow.schema.field(i).with_type(pa.timestamp("s")), arrow.column(i).cast(pa.timestamp("s"))
        )
    frame: pd.DataFrame = arrow.to_pandas()
    # pandas deep-copies attrs on every column access: clear its copy of the metadata first (the
    # schema's own key is the one to trust), and read the dtypes all at once.
    frame.attrs = {}
    have = frame.dtypes
    differ = {name: dtype for name, dtype in _dtypes(table).items() if not _same_dtype(have[name], dtype)}
    if differ:  # files written by other tools: cast what differs, and only that
        frame = frame.astype(differ)
    recorded = (arrow.schema.metadata or {}).get(KEY.encode())
    if recorded is not None:
        frame.attrs[KEY] = copy.deepcopy(_release(recorded))  # the user's own copy to change
    return frame


@cache
def _release(recorded: bytes) -> dict[str, Any]:
    """The release metadata a Parquet file records, parsed once per distinct value."""
    import pyarrow as pa

    from crocus_data.metadata import KEY, version_info

    return version_info(pa.schema([], metadata={KEY: recorded})).as_dict()


@cache
def _dtypes(table: str) -> dict[str, Any]:
    """The documented dtypes of a table's columns, built once per process."""
    from crocus_data.models import MODEL_BY_TABLE
    from crocus_data.models.columns import pandas_dtypes

    return pandas_dtypes(MODEL_BY_TABLE[table])


def _same_dtype(have: Any, want: Any) -> bool:
    """Whether a loaded column already has the documented dtype (categoricals: the same categories too)."""
    if have != want:
        return False
    return not hasattr(want, "categories") or list(have.categories) == list(want.categories)


def read_csv_frame(path: Path, table: str, info: VersionInfo | None = None) -> pd.DataFrame:
    """Any crocus-data CSV file of ``table`` as a DataFrame with the documented dtypes (and ``info`` in attrs)."""
    import pandas as pd

    from crocus_data.metadata import KEY
    from crocus_data.models import MODEL_BY_TABLE
    from crocus_data.models.columns import pandas_dtypes

    dtypes = pandas_dtypes(MODEL_BY_TABLE[table])
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    for column, dtype in dtypes.items():
        if dtype == "boolean":
            frame[column] = frame[column].map({"true": True, "false": False})
    frame = frame.astype(dtypes)
    if info is not None:
        frame.attrs[KEY] = info.as_dict()
    return frame
