"""Any package, not only the installed one: a checkout or an older release, read, checked and turned into
frames with the documented dtypes, so that the views can analyse it.

``load_package(path)`` gives the reader's ``Package`` (the one in-memory form of a package the checks,
the build and the views share); ``frame(package, table)`` is the thin adapter to pandas.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from crocus_data.layout import installed_data_dir

if TYPE_CHECKING:
    import pandas as pd

    from crocus_data.reader.package import Package


class InvalidPackageError(ValueError):
    """The package has problems; ``problems`` lists them as ``crocus-data validate`` would."""

    def __init__(self, path: Path, problems: list[object]) -> None:
        shown = "\n".join(f"  {problem}" for problem in problems[:5])
        more = f"\n  ... and {len(problems) - 5} more" if len(problems) > 5 else ""
        super().__init__(
            f"the package at {path} has {len(problems)} problem(s); run `crocus-data validate {path}`, or pass "
            f"check=False to read it as it is:\n{shown}{more}"
        )
        self.problems = problems


def load_package(path: str | Path | None = None, *, check: bool = True) -> Package:
    """The package at ``path`` (a checkout, a data directory or a ``datapackage.json``; default: the installed
    one), with every table read and typed.

    With ``check`` (the default) it is validated first, and a package with problems raises
    ``InvalidPackageError``; ``check=False`` reads it as it is (cells that do not type are empty).
    """
    from crocus_data.checks.runner import run_checks
    from crocus_data.reader.package import descriptor_of, from_descriptor

    where = installed_data_dir() if path is None else Path(path)
    descriptor = descriptor_of(where)
    if descriptor is None:
        raise FileNotFoundError(f"no datapackage.json at {where}: name a checkout, a data directory or a descriptor")
    package = from_descriptor(descriptor)
    problems = run_checks(package) if check else []
    if problems:
        raise InvalidPackageError(where, list(problems))
    return package


def frame(package: Package, table: str) -> pd.DataFrame:
    """A table of ``package`` as ``crocus_data.load()`` gives the installed one: the documented dtypes, and the
    derived columns derived from its evidence by the build's rule."""
    import pandas as pd

    from crocus_data.derived import EVIDENCE_TABLE, SOURCE_IDS, source_ids
    from crocus_data.models.columns import pandas_dtypes

    data, evidence = package.tables[table], package.tables[EVIDENCE_TABLE]
    if data.table is None or evidence.table is None:
        raise ValueError(f"table {table!r} or the evidence could not be read: validate the package to see why")
    result: pd.DataFrame = data.table.to_pandas()
    spans = zip(*(evidence.table.column(c).to_pylist() for c in ("evidence_id", "record_id", "source_id")), strict=True)
    keys = [str(key) for key in result[data.model.primary_key]]
    result[SOURCE_IDS] = pd.Series(source_ids(table, keys, list(spans)), dtype=object)
    dtypes = pandas_dtypes(data.model)
    for name, dtype in dtypes.items():
        if str(dtype).startswith("datetime64"):
            result[name] = result[name].astype("datetime64[s]")
    return result.astype(dtypes)
