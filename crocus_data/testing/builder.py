"""What one package draw shares between the per-table row helpers: the draw, the keys taken, the evidence."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from crocus_data.models import MODEL_BY_TABLE
from crocus_data.testing.generated import Package
from crocus_data.testing.text import NUMBER_START, TEXT, date_bounds, slug, written_days


class Builder:
    """What one package draw shares between the per-table helpers: the draw, the keys taken, the evidence."""

    def __init__(self, draw: st.DrawFn) -> None:
        self.draw = draw
        self.package = Package()
        self.taken: set[str] = set()
        self.evidence: list[dict[str, Any]] = []
        self.spans: dict[str, tuple[str, str, int]] = {}  # a verbatim piece -> (source, text, start)
        self.dated: dict[str, str] = {}  # a record -> the words its stated date is read from, to quote

    def key(self, prefix: str) -> str:
        return slug(self.draw, prefix, self.taken)

    def keys(self, table: str) -> list[str]:
        return self.package.keys(table)

    def text(self, source_id: str) -> str:
        return self.package.texts[source_id].decode("utf-8")

    def quote(self, record_id: str, *pieces: str | None, own_source: str | None = None) -> None:
        """Verbatim spans for a record: one for each piece given (a name, a wording ...), then one or two more.

        A source record's spans come from its own text (``own_source``), so every source is cited.
        """
        draw = self.draw
        for piece in pieces:
            if piece is not None:
                source_id, text, start = self.spans[piece]
                self.evidence.append({"record_id": record_id, "source_id": source_id, "start": start,
                                      "end": start + len(piece), "quote": piece})  # fmt: skip
        for _ in range(draw(st.integers(0 if any(pieces) else 1, 2))):
            source_id = own_source or draw(st.sampled_from(sorted(self.package.texts)))
            text = self.text(source_id)
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, min(len(text), start + draw(st.sampled_from([20, 200, 1000])))))
            if text[start] in "=+-@" or text[start:end].isspace():
                continue  # a quote may not start with a formula sign, nor be only spaces; the record has another span
            self.evidence.append({"record_id": record_id, "source_id": source_id, "start": start, "end": end,
                                  "quote": text[start:end]})  # fmt: skip
        if not any(e["record_id"] == record_id for e in self.evidence):
            source_id = own_source or sorted(self.package.texts)[0]
            text = self.text(source_id)
            start = next(i for i, c in enumerate(text) if c not in "=+-@" and not c.isspace())
            self.evidence.append({"record_id": record_id, "source_id": source_id, "start": start, "end": start + 1,
                                  "quote": text[start]})  # fmt: skip

    def verbatim(self, source_id: str | None = None) -> str:
        """A piece of a source text to use as a verbatim cell (a name, a wording, a place), so it can be quoted."""
        source_id = source_id or self.draw(st.sampled_from(sorted(self.package.texts)))
        text = self.text(source_id)
        allowed = [i for i, c in enumerate(text) if c not in "=+-@" and not c.isspace()] or [0]
        start = self.draw(st.sampled_from(allowed))
        end = self.draw(st.integers(start + 1, min(len(text), start + 30)))
        piece = text[start:end]
        self.spans[piece] = (source_id, text, start)
        return piece

    def day_bounds(
        self, earliest: date, latest: date, *, allow_open: bool = True, source_id: str | None = None
    ) -> tuple[dict[str, Any], str | None]:
        """Date bounds inside [earliest, latest], and the words to quote when they are read from a text.

        Now and then a day a text writes ("March 22, 2024"), then ``stated`` (or its day and month read,
        the year from elsewhere): the words are returned as a verbatim piece the row must quote, since a
        stated date is written in its row's evidence. Otherwise computed bounds (``date_bounds``). A
        source's own date (``source_id``) is read from its own text only.
        """
        sources = [source_id] if source_id else sorted(self.package.texts)
        written = [
            (day, phrase, source, start)
            for source in sources
            for day, phrase, start in written_days(self.text(source))
            if earliest <= day <= latest
        ]
        if not written or not self.draw(st.integers(0, 3)):
            return date_bounds(self.draw, earliest, latest, allow_open=allow_open), None
        day, phrase, source, start = self.draw(st.sampled_from(written))
        self.spans[phrase] = (source, self.text(source), start)
        derivation = self.draw(st.sampled_from(["stated", "year_from_publication", "year_inferred"]))
        note = None if derivation == "stated" else self.draw(TEXT)
        return {"earliest": day, "latest": day, "precision": "day", "derivation": derivation, "note": note}, phrase

    def wording(self) -> str:
        """A verbatim piece for a figure's wording: most often one that starts at a number a text writes
        ("500,000 people", "six"), else any piece."""
        starts = [
            (source, match.start())
            for source in sorted(self.package.texts)
            for match in NUMBER_START.finditer(self.text(source))
        ]
        if not starts or not self.draw(st.integers(0, 3)):
            return self.verbatim()
        source, start = self.draw(st.sampled_from(starts))
        text = self.text(source)
        piece = text[start : self.draw(st.integers(start + 1, min(len(text), start + 30)))]
        self.spans[piece] = (source, text, start)
        return piece

    def maybe_verbatim(self) -> str | None:
        return self.verbatim() if self.draw(st.booleans()) else None

    def attribution(self) -> dict[str, Any]:
        statement_ids = self.keys("statements")
        options = ["source", "unattributed"] + (["speaker"] if statement_ids else [])
        chosen = self.draw(st.sampled_from(options))
        return {
            "attribution": chosen,
            "statement_id": self.draw(st.sampled_from(statement_ids)) if chosen == "speaker" else None,
        }

    def add(self, table: str, rows: list[dict[str, Any]]) -> None:
        self.package.records[table] = [MODEL_BY_TABLE[table].model_validate(row) for row in rows]


def maybe(keys: list[str]) -> st.SearchStrategy[str | None]:
    """No reference, or one of the keys (if there are any)."""
    return st.none() | st.sampled_from(keys) if keys else st.none()
