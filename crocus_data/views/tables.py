"""The tables a view reads: one mapping of table name -> frame, each loaded the first time a view asks for it.

Every view takes ``data``: nothing (the installed package, as ``crocus_data.load()`` gives it), a
``Package`` (``crocus_data.load_package("path/to/checkout")``: a checkout, or an older release's), a
mapping of table names to frames (frames of any release, read however you like), or a :class:`Tables`.
:func:`tables_of` turns each into a :class:`Tables`, and one view call reads every table through it,
so a view never mixes the package it was given with the installed one, and reads each table once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Union

import pandas as pd

from crocus_data import loaders

if TYPE_CHECKING:
    from crocus_data.reader.package import Package

# What a view accepts as its tables (None: the installed package).
TableSource = Union[None, "Package", Mapping[str, pd.DataFrame], "Tables"]


class Tables(Mapping[str, pd.DataFrame]):
    """Table name -> frame with the documented dtypes, read on first use; and each source document's text."""

    def __init__(
        self,
        names: list[str],
        read: Callable[[str], pd.DataFrame],
        text: Callable[[str], str | None],
        where: str,
    ) -> None:
        self._names = names
        self._read = read
        self._text = text
        self._frames: dict[str, pd.DataFrame] = {}
        self.where = where  # the package, in words, for messages

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            if name not in self._names:
                has = ", ".join(self._names)
                raise KeyError(f"the views need the table {name!r}, missing from {self.where} (it has: {has})")
            self._frames[name] = self._read(name)
        return self._frames[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def text(self, source_id: str) -> str | None:
        """The verbatim text of a source document, or None when the tables were given without their texts."""
        return self._text(source_id)


def installed() -> Tables:
    """The installed package's tables, loaded as ``crocus_data.load()`` loads them."""

    def text(source_id: str) -> str | None:
        return loaders.source_text(source_id) if source_id in loaders.source_ids() else None

    return Tables(loaders.tables(), loaders.load, text, "the installed package")


def of_package(package: Package) -> Tables:
    """A package read by ``load_package()`` (a checkout, an older release): its tables and its texts."""
    from crocus_data.loaders.package import frame

    names = [name for name, data in package.tables.items() if data.table is not None]
    return Tables(names, lambda name: frame(package, name), package.text, "the package given")


def of_frames(frames: Mapping[str, pd.DataFrame], texts: Mapping[str, str] | None = None) -> Tables:
    """Frames given by name (and, if given, the source texts, for ``provenance``'s check of each quote)."""
    given = dict(frames)
    known = dict(texts or {})
    return Tables(list(given), given.__getitem__, known.get, "the frames given")


def tables_of(data: TableSource) -> Tables:
    """Whatever a view was given, as the one mapping every view reads."""
    from crocus_data.reader.package import Package

    if data is None:
        return installed()
    if isinstance(data, Tables):
        return data
    if isinstance(data, Package):
        return of_package(data)
    if isinstance(data, Mapping):
        return of_frames(data)
    raise TypeError(
        f"a view takes a package (crocus_data.load_package(...)), a mapping of table names to frames, or nothing "
        f"(the installed package), not {type(data).__name__}"
    )
