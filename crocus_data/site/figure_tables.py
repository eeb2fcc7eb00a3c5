"""The table beside each figure (docs/analysis.md's ``figure-table-*`` sections): what the figure draws, in words.

A figure cannot shrink to a phone without its text shrinking too, and a tooltip needs a mouse; so each
figure has beside it a table that says the same, row by row, from the same views: each row's name opens
(on a tap, a click, or Enter from the keyboard) its words in the source, each a link to them
highlighted, and how it is dated or what it says. Every value from the data goes through
``evidence_index.text``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from crocus_data import views
from crocus_data.models import Source
from crocus_data.reader.package import Package
from crocus_data.site.evidence_index import FOLDER, EvidenceIndex, block, link, source_name, text
from crocus_data.site.figure_rows import who_said_what_rows
from crocus_data.views.tables import tables_of

TIMELINE = "figure-table-timeline"
WHO_SAID_WHAT = "figure-table-who-said-what"
# docs/analysis.md is served at analysis/: the browser's pages are at ../evidence/.
ROOT = "../"


def _day(when: pd.Timestamp) -> str:
    return f"{when.day} {when:%B %Y}"


def when_words(earliest: Any, latest: Any) -> str:
    """Date bounds as a reader says them: "22 March 2024", "22 March to 1 April 2024", "by 16 June 2024"."""
    first = None if pd.isna(earliest) else pd.Timestamp(earliest)
    last = None if pd.isna(latest) else pd.Timestamp(latest)
    if first is None and last is None:
        return "not reported"
    if last is None:
        return f"{_day(first)} or later"  # type: ignore[arg-type]
    if first is None:
        return f"by {_day(last)}"
    if first == last:
        return _day(first)
    if first.year == last.year:
        start = f"{first.day} {first:%B}" if first.month != last.month else f"{first.day}"
        return f"{start} to {_day(last)}"
    return f"{_day(first)} to {_day(last)}"


def _words(index: EvidenceIndex, record_id: str) -> str:
    """A record's quotes, each with a link to it highlighted in its document."""
    items = []
    for span in index.spans_of_record.get(record_id, []):
        source = index.records.get(span.source_id)
        name = source_name(source) if isinstance(source, Source) else span.source_id
        where = link(f"{ROOT}{FOLDER}/{text(span.source_id)}/#{text(span.evidence_id)}", f"<cite>{text(name)}</cite>")
        items.append(f"<li><q>{text(span.quote)}</q> in {where}</li>")
    return f'<ul class="words">{"".join(items)}</ul>' if items else "<p>No words recorded.</p>"


def _table(caption: str, headings: list[str], rows: list[str]) -> str:
    head = "".join(f'<th scope="col">{heading}</th>' for heading in headings)
    return block(
        f'<div class="figure-table"><table><caption>{caption}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def timeline_table(package: Package) -> str:
    """The timeline's rows: what happened or was said, when it can have, and (opened) its words and dating."""
    index = EvidenceIndex.of(package)
    rows = []
    for row in views.timeline(package).to_dict("records"):
        record_id = str(row["record_id"])
        dated = "" if pd.isna(row["date_note"]) else f'<p class="dating">How it is dated: {text(row["date_note"])}</p>'
        rows.append(
            f'<tr id="timeline-{text(record_id)}"><td><details><summary>{text(row["label"])}</summary>'
            f"{_words(index, record_id)}{dated}</details></td><td>{text(row['kind'])}</td>"
            f"<td>{text(when_words(row['earliest'], row['latest']))}</td></tr>"
        )
    caption = "The timeline in words. Tap or click a name for its words in the source and how it is dated."
    return _table(caption, ["what", "kind", "when it can have happened"], rows)


def who_said_what_table(package: Package) -> str:
    """Who said what about whom, one row per arrow: who, what kind (opened: what was said, in words), about whom."""
    index = EvidenceIndex.of(package)
    rows = []
    for row in who_said_what_rows(tables_of(package)):
        relay = f" <span class='relay'>(via {text(row.relay)})</span>" if row.relay else ""
        rows.append(
            f'<tr id="said-{text(row.statement_id)}"><td>{text(row.speaker_label)}{relay}</td>'
            f"<td><details><summary>{text(row.kind)}</summary><p>{text(row.summary)}</p>"
            f"{_words(index, row.statement_id)}</details></td><td>{text(row.about_label)}</td></tr>"
        )
    caption = "Who said what about whom, in words. Tap or click a statement's kind for what was said."
    return _table(caption, ["who said it", "what", "about whom (or what)"], rows)
