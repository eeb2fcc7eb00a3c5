"""Evidence spans as W3C Web Annotations (JSON-LD), so annotation tools can show each quote in its source.

One ``Annotation`` per evidence row, gathered in one ``AnnotationCollection``
(https://www.w3.org/TR/annotation-model/):

- ``target``: the source text, named by its content (an RFC 6920 ``ni:`` IRI of its SHA-256, the
  hash ``sources.csv`` records), with a ``TextQuoteSelector`` (exact, prefix, suffix) and a
  ``TextPositionSelector`` (start, end in Unicode code points, as the evidence offsets are);
- ``body``: the record the words support, named ``urn:crocus-data:<table>:<id>``;
- ``motivation``: ``describing`` — the record is a structured description of what the quoted words
  say; it does not assess them (claims, not facts) nor comment on them.

Prefix and suffix start at 32 code points (what the Hypothesis client records) and grow until the
quote with its context occurs once in the text, even to a tolerant anchorer that ignores case and
the width of whitespace runs, so a tool that anchors by quote lands on the encoded span.
"""

from __future__ import annotations

import re
from base64 import urlsafe_b64encode
from typing import Any

from crocus_data.models import Evidence, Source
from crocus_data.models.keys import PREFIXES

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
COLLECTION_ID = "urn:crocus-data:annotations"
CONTEXT_STEP = 32  # code points of prefix and suffix to start with, and to add while the quote is ambiguous
_TABLE_BY_PREFIX = {prefix: table for table, prefix in PREFIXES.items()}


def source_iri(sha256: str) -> str:
    """The source text's name by content (RFC 6920): the same bytes have the same IRI wherever they are."""
    digest = urlsafe_b64encode(bytes.fromhex(sha256)).decode("ascii").rstrip("=")
    return f"ni:///sha-256;{digest}"


def record_iri(record_id: str) -> str:
    """A row's name: its table (from the key's prefix) and its key."""
    return f"urn:crocus-data:{_TABLE_BY_PREFIX[record_id.split('-', 1)[0]]}:{record_id}"


def _tolerant_pattern(passage: str) -> re.Pattern[str]:
    """Where ``passage`` could anchor for a matcher that ignores case and how much whitespace separates words."""
    words = passage.split()
    return re.compile("(?=" + r"\s*".join(re.escape(word) for word in words) + ")", re.IGNORECASE)


def quote_context(text: str, start: int, end: int) -> tuple[str, str]:
    """The shortest prefix and suffix (in steps of ``CONTEXT_STEP``) that make ``text[start:end]`` unambiguous."""
    width = CONTEXT_STEP
    while True:
        prefix, suffix = text[max(0, start - width) : start], text[end : end + width]
        if start - width <= 0 and end + width >= len(text):
            return prefix, suffix  # the whole text: nothing more to add
        if len(_tolerant_pattern(prefix + text[start:end] + suffix).findall(text)) == 1:
            return prefix, suffix
        width += CONTEXT_STEP


def annotation(evidence: Evidence, source: Source, text: str) -> dict[str, Any]:
    """One evidence span as a Web Annotation on its source text."""
    prefix, suffix = quote_context(text, evidence.start, evidence.end)
    return {
        "id": f"urn:crocus-data:evidence:{evidence.evidence_id}",
        "type": "Annotation",
        "motivation": "describing",
        "body": {"id": record_iri(evidence.record_id), "type": "Dataset"},
        "target": {
            "type": "SpecificResource",
            "source": {
                "id": source_iri(source.sha256),
                "type": "Text",
                "format": "text/plain",
                "language": source.language.value,
                "label": f"{source.source_id}: sources/{source.filename}",
            },
            "selector": [
                {"type": "TextQuoteSelector", "exact": evidence.quote, "prefix": prefix, "suffix": suffix},
                {"type": "TextPositionSelector", "start": evidence.start, "end": evidence.end},
            ],
        },
    }


def annotation_collection(evidence: list[Evidence], sources: list[Source], texts: dict[str, str]) -> dict[str, Any]:
    """Every evidence span, in the evidence table's order, as one W3C Annotation Collection of one page."""
    by_id = {source.source_id: source for source in sources}
    items = [annotation(span, by_id[span.source_id], texts[span.source_id]) for span in evidence]
    return {
        "@context": CONTEXT,
        "id": COLLECTION_ID,
        "type": "AnnotationCollection",
        "label": "crocus-data evidence spans: the words of the source texts each record rests on",
        "total": len(items),
        "first": {"id": f"{COLLECTION_ID}:page-1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }
