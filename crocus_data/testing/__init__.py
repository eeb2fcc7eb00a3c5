"""Hypothesis strategies for crocus-data: valid records and whole valid packages.

For downstream users who test code that consumes the dataset, and for this project's property
tests. Hypothesis is an optional dependency (the ``test`` extra); importing this module without it
raises ImportError with a hint.

>>> from hypothesis import given
>>> from crocus_data.testing import packages
>>> @given(packages())
... def test_my_analysis(package): ...

A generated package is internally consistent the way the validator demands: keys unique and
references resolving, every row of claims backed by evidence that stands verbatim in a generated
source text, date bounds ordered, nothing dated after the documents that report it, statements
and detentions not before their incident, tombstones only for ids no row uses, every sentence of a
text backed by evidence or explained by a coverage note. It includes awkward but legal values:
non-ASCII and curly-quoted text, multi-line quotes, empty optional fields, open date bounds and long
quotes.
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401
except ImportError as exc:  # pragma: no cover - exercised only without the testing extra
    raise ImportError("crocus_data.testing needs hypothesis: pip install 'crocus-data[testing]'") from exc

from crocus_data.testing.generated import Package
from crocus_data.testing.strategies import packages, records
from crocus_data.testing.text import source_texts

__all__ = ["Package", "packages", "records", "source_texts"]
