"""The shipped tables by name: which there are, where their files are, and each as a frame.

Everything is read from the installed package's descriptor, never from the models: ``load()``
imports pandas and pyarrow (when a table is loaded), not pydantic. Only the standard library is
imported at module level, so ``import crocus_data`` stays fast and light.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from crocus_data.loaders import installed
from crocus_data.loaders.frames import read_csv_frame, read_parquet_frame

if TYPE_CHECKING:
    import datasets
    import pandas as pd
    import polars as pl
    import pyarrow as pa


def _resource(name: str) -> dict[str, Any]:
    for resource in installed.descriptor()["resources"]:
        if resource["name"] == name:
            assert isinstance(resource, dict)
            return resource
    raise KeyError(name)


def tables() -> list[str]:
    """Names of the tables, in the order of the descriptor."""
    return [r["name"] for r in installed.descriptor()["resources"] if r.get("format") == "csv"]


def _check_table(name: str) -> None:
    if name not in tables():
        raise KeyError(f"no table named {name!r}; the tables are: {', '.join(tables())}")


def parquet_path(name: str) -> Path:
    """Path of a table's Parquet file, for polars (``pl.read_parquet``) or DuckDB (``FROM 'path'``)."""
    _check_table(name)
    return installed.data_dir() / str(_resource(f"{name}-parquet")["path"])


def csv_path(name: str) -> Path:
    """Path of a table's CSV file (the hand-encoded form)."""
    _check_table(name)
    return installed.data_dir() / str(_resource(name)["path"])


def source_ids() -> list[str]:
    """Ids of the source documents, in the order of the descriptor."""
    return [str(r["name"]) for r in installed.descriptor()["resources"] if r.get("format") == "txt"]


def source_text(source_id: str) -> str:
    """The verbatim text of a source document; evidence offsets index its characters.

    Only a source id is accepted (``src-000``); a table name is not a document.
    """
    ids = source_ids()
    if source_id not in ids:
        raise KeyError(f"no source text {source_id!r}; the sources are: {', '.join(ids)}")
    return (installed.data_dir() / str(_resource(source_id)["path"])).read_bytes().decode("utf-8")


@overload
def load(
    name: str, format: Literal["parquet", "csv"] = "parquet", backend: Literal["pandas"] = "pandas"
) -> pd.DataFrame: ...
@overload
def load(name: str, format: Literal["parquet"] = "parquet", *, backend: Literal["pyarrow"]) -> pa.Table: ...
@overload
def load(name: str, format: Literal["parquet"] = "parquet", *, backend: Literal["polars"]) -> pl.DataFrame: ...
@overload
def load(name: str, format: Literal["parquet"] = "parquet", *, backend: Literal["datasets"]) -> datasets.Dataset: ...


def load(
    name: str,
    format: Literal["parquet", "csv"] = "parquet",
    backend: Literal["pandas", "pyarrow", "polars", "datasets"] = "pandas",
) -> pd.DataFrame | pa.Table | pl.DataFrame | datasets.Dataset:
    """A table as a pandas DataFrame with the documented dtypes (see docs/data-dictionary.md).

    ``backend="pyarrow"`` gives a ``pyarrow.Table``, ``backend="polars"`` a ``polars.DataFrame`` and
    ``backend="datasets"`` a Hugging Face ``datasets.Dataset`` (polars and datasets installed separately),
    with the same types as far as each library has them: see ``crocus_data.loaders.backends`` and the
    table of types in docs/other-tools.md.

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
        from crocus_data.loaders.backends import load_arrow, load_datasets, load_polars

        if backend == "pyarrow":
            return load_arrow(parquet_path(name), name)
        if backend == "polars":
            return load_polars(parquet_path(name), name)
        if backend == "datasets":
            return load_datasets(parquet_path(name), name)
        raise ValueError(f"backend must be 'pandas', 'pyarrow', 'polars' or 'datasets', not {backend!r}")
    if format == "parquet":
        return read_parquet_frame(parquet_path(name), name)
    if format == "csv":
        return read_csv_frame(csv_path(name), name, release=parquet_path(name))
    raise ValueError(f"format must be 'parquet' or 'csv', not {format!r}")
