"""A table's Parquet or CSV file as a pandas DataFrame with the documented dtypes.

The dtypes come from the descriptor's Table Schema of the Parquet resource (its types and
``categories``), mapped by the one table of column kinds (``crocus_data.kinds``): the models are not
imported, so loading a table costs pandas and pyarrow, not pydantic. A CSV file has no derived columns
(``crocus_data.derived``): they are derived from the evidence CSV beside it, by the build's own rule.
"""

from __future__ import annotations

import copy
import csv
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crocus_data.derived import EVIDENCE_TABLE, SOURCE_IDS, source_ids
from crocus_data.kinds import kind_of_field, pandas_dtype
from crocus_data.layout import PARQUET_SUFFIX
from crocus_data.loaders import installed
from crocus_data.reader.release_info import KEY

if TYPE_CHECKING:
    import pandas as pd


def _schema(table: str) -> dict[str, Any]:
    """A table's Table Schema as the installed descriptor states it for its Parquet file (derived columns
    included)."""
    name = f"{table}{PARQUET_SUFFIX}"
    resource = next(r for r in installed.descriptor()["resources"] if r["name"] == name)
    return dict(resource["schema"])


def _fields(table: str) -> list[dict[str, Any]]:
    return list(_schema(table)["fields"])


_DTYPES: dict[tuple[int, str], dict[str, Any]] = {}


def dtypes(table: str) -> dict[str, Any]:
    """The documented dtype of each column of ``table``, built once per descriptor read."""
    key = (id(installed.descriptor()), table)
    if key not in _DTYPES:
        _DTYPES[key] = {
            str(field["name"]): pandas_dtype(kind_of_field(field), field.get("categories", ()))
            for field in _fields(table)
        }
    return _DTYPES[key]


def enum_values(table: str) -> dict[str, list[str]]:
    """Each enum column of ``table`` and its vocabulary, in the descriptor's order."""
    return {
        str(field["name"]): [str(value) for value in field["categories"]]
        for field in _fields(table)
        if "categories" in field
    }


def read_parquet_frame(path: Path, table: str) -> pd.DataFrame:
    """Any crocus-data Parquet file of ``table`` as a DataFrame with the documented dtypes.

    Its ``attrs["crocus_data"]`` is the release metadata the file records, when it records any.
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrow = pq.read_table(path)
    dates = [i for i, field in enumerate(arrow.schema) if pa.types.is_date32(field.type)]
    for i in dates:  # Arrow makes day-resolution datetimes directly, without a pandas cast afterwards
        arrow = arrow.set_column(
            i, arrow.schema.field(i).with_type(pa.timestamp("s")), arrow.column(i).cast(pa.timestamp("s"))
        )
    frame: pd.DataFrame = arrow.to_pandas()
    for i, field in enumerate(arrow.schema):  # lists as Python lists, not the numpy arrays pandas makes of them
        if pa.types.is_list(field.type):
            frame[field.name] = pd.Series(arrow.column(i).to_pylist(), dtype=object)
    # pandas deep-copies attrs on every column access: clear its copy of the metadata first (the
    # schema's own key is the one to trust), and read the dtypes all at once.
    frame.attrs = {}
    have = frame.dtypes
    differ = {name: dtype for name, dtype in dtypes(table).items() if not _same_dtype(have[name], dtype)}
    if differ:  # files written by other tools: cast what differs, and only that
        frame = frame.astype(differ)
    recorded = (arrow.schema.metadata or {}).get(KEY.encode())
    if recorded is not None:
        frame.attrs[KEY] = copy.deepcopy(_release(recorded))  # the user's own copy to change
    return frame


@cache
def _release(recorded: bytes) -> dict[str, Any]:
    """The release metadata a Parquet file records, parsed once per distinct value."""
    from crocus_data.reader.release_info import VersionInfo

    return VersionInfo.from_dict(json.loads(recorded)).as_dict()


def _same_dtype(have: Any, want: Any) -> bool:
    """Whether a loaded column already has the documented dtype (categoricals: the same categories too)."""
    if have != want:
        return False
    return not hasattr(want, "categories") or list(have.categories) == list(want.categories)


def _evidence_rows(path: Path) -> list[tuple[str, str, str]]:
    """An evidence CSV file's rows as the derivation reads them: (evidence_id, record_id, source_id)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["evidence_id"], row["record_id"], row["source_id"]) for row in csv.DictReader(handle)]


def read_csv_frame(path: Path, table: str, release: Path | None = None, evidence: Path | None = None) -> pd.DataFrame:
    """Any crocus-data CSV file of ``table`` as a DataFrame with the documented dtypes.

    ``release``, a Parquet file of the same release, gives the frame its ``attrs["crocus_data"]``.
    ``evidence`` is the evidence CSV its derived columns are derived from (default: ``evidence.csv``
    beside it, as in every crocus-data package).
    """
    import pandas as pd
    import pyarrow.parquet as pq

    wanted = dtypes(table)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    spans = _evidence_rows(evidence or path.with_name(f"{EVIDENCE_TABLE}.csv"))
    keys = [str(key) for key in frame[_schema(table)["primaryKey"][0]]]
    frame[SOURCE_IDS] = pd.Series(source_ids(table, keys, spans), dtype=object)
    for column, dtype in wanted.items():
        if dtype == "boolean":
            frame[column] = frame[column].map({"true": True, "false": False})
    frame = frame.astype(wanted)
    if release is not None:
        recorded = (pq.read_schema(release).metadata or {}).get(KEY.encode())
        if recorded is not None:
            frame.attrs[KEY] = copy.deepcopy(_release(recorded))
    return frame
