"""What the source documents do not say about themselves, in one sentence made from the ``sources`` table.

A journalist who follows a figure to "the document's own voice" needs to know that the document names
no outlet: no publisher, no address, for one of them no title or date. The home page, the datasheet
and the contested-figures page say so in the same generated sentence, so it changes with the data.
"""

from __future__ import annotations

from crocus_data.echo import markdown_text
from crocus_data.models import Source
from crocus_data.models.vocabulary import DateDerivation
from crocus_data.reader.package import Package
from crocus_data.reader.table_data import to_records
from crocus_data.site.evidence_index import source_name

SECTION = "anonymous-sources"


def named(source: Source) -> str:
    """A document as a reader calls it (its title, else "Untitled report", and its date), never its id."""
    return f"“{markdown_text(source_name(source))}”"


def _names(sources: list[Source]) -> str:
    names = [named(source) for source in sources]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _all(sources: list[Source]) -> str:
    """The subject for every source, in words: "The source document", "Neither source document", "None of the N"."""
    if len(sources) == 1:
        return "The source document"
    return "Neither source document" if len(sources) == 2 else f"None of the {len(sources)} source documents"


def _undated(source: Source) -> bool:
    """A document that states no date of its own: its publication date is not read from its text."""
    return source.published.derivation is not DateDerivation.STATED


def _missing(source: Source) -> list[str]:
    found = [] if source.title else ["no title"]
    return found + (["no date"] if _undated(source) else [])


def anonymous_sources(sources: list[Source]) -> str:
    """One sentence: which documents name no publisher or address, and which have no title or date of their own.

    >>> anonymous_sources([])
    'The package has no source documents.'
    """
    if not sources:
        return "The package has no source documents."
    unnamed = [s for s in sources if not s.publisher and not s.url]
    if len(unnamed) == len(sources):
        verb = "names" if len(sources) > 1 else "names no publisher and gives no address"
        opening = (
            f"{_all(sources)} {verb} a publisher or gives an address (URL)"
            if len(sources) > 1
            else f"{_all(sources)} {verb} (URL)"
        )
    elif unnamed:
        opening = f"{_names(unnamed)} {'names' if len(unnamed) == 1 else 'name'} no publisher and no address (URL)"
    else:
        opening = "Every source document names its publisher or its address (URL)"
    details = [f"{_names([s])} has {' and '.join(_missing(s))} of its own" for s in sources if _missing(s)]
    also = f", and {'; '.join(details)}" if details else ""
    consequence = (
        ": a figure given in a document's own voice can be traced to that document (its text and SHA-256), and to "
        "no named outlet."
        if unnamed
        else "."
    )
    return f"{opening}{also}{consequence}"


def of_package(package: Package) -> str:
    """The sentence for a package as read (the build's)."""
    data = package.tables.get(Source.table)
    return anonymous_sources([] if data is None else [s for s in to_records(data) if isinstance(s, Source)])
