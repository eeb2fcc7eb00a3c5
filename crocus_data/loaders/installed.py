"""The installed package: where its data directory is, and its descriptor, read once.

The one place the loaders learn where the data is: point ``data_dir`` elsewhere (a test, a tool)
and every loader follows; ``descriptor.cache_clear()`` forgets a descriptor that was rewritten.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from crocus_data.layout import DESCRIPTOR, installed_data_dir


def data_dir() -> Path:
    """The directory holding the shipped data package (descriptor, records, parquet, sources)."""
    return installed_data_dir()


@cache
def descriptor() -> dict[str, Any]:
    document = json.loads((data_dir() / DESCRIPTOR).read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document
