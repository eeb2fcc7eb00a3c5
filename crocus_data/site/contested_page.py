"""docs/evidence/contested.md: the figures the sources disagree on, side by side, in their own words.

A quantity is listed when the estimate rule (``views/estimates.py``) finds its assertions contested,
contested but for an alternative reading, or one of them unclear beside a number: the same test as
``views.contested``. It is read from the dataset being built, not the installed package, so the page
always shows the data it is built with. Each assertion is a card with its words in context, its
qualifier, the interval it allows and who asserts it; under them, the interval the rule derives.
"""

from __future__ import annotations

from collections.abc import Sequence

from crocus_data.models import Figure, Incident
from crocus_data.models.vocabulary import Attribution
from crocus_data.site.anonymous_sources import anonymous_sources
from crocus_data.site.evidence_index import EvidenceIndex, attribution_chain, block, html_value, text
from crocus_data.views.estimates import READING_BY_QUALIFIER, Assertion, Estimate, Interval, estimate

Quantity = tuple[str, str, str, str]


def _quantity(figure: Figure) -> Quantity:
    return (figure.incident_id, figure.measure.value, figure.unit.value, figure.actor_id or "")


def assertion(index: EvidenceIndex, figure: Figure) -> Assertion:
    """A figure as the estimate rule reads it, with its voice as ``views.figures.voices`` names it."""
    statement = index.statement_of(figure)
    documents = ", ".join(index.documents(figure.figure_id)) or figure.figure_id
    if figure.attribution == Attribution.SPEAKER:
        speaker = statement.speaker_actor_id if statement else None
        voice = f"actor:{speaker}" if speaker else f"statement:{figure.statement_id}"
    else:
        voice = f"{figure.attribution.value}:{documents}"
    whole = index.records.get(figure.out_of_figure_id or "")
    return Assertion(
        figure.qualifier.value,
        figure.value,
        figure.value_low,
        figure.value_high,
        alternative=figure.alternative_qualifier.value if figure.alternative_qualifier else None,
        total=whole.value if isinstance(whole, Figure) else None,
        voice=voice,
        in_custody=bool(statement and statement.made_in_custody),
        derived=figure.value_derived,
    )


def _bound(value: int | None) -> str:
    return "open" if value is None else f"{value:,}"


def _allows(interval: Interval | None) -> str:
    return "any value (no number)" if interval is None else f"[{_bound(interval.low)}, {_bound(interval.high)}]"


def _says(index: EvidenceIndex, figure: Figure) -> str:
    """The card's title: which document, and its words for the number."""
    documents = " and ".join(index.documents(figure.figure_id)) or "no document"
    return f"{text(documents)}: “{text(figure.wording)}”"


def _card(index: EvidenceIndex, figure: Figure, read: Assertion) -> str:
    quotes = "".join(index.in_context(span) for span in index.spans_of_record.get(figure.figure_id, []))
    alternative = (
        f" or <strong>{text(figure.alternative_qualifier.value)}</strong>" if figure.alternative_qualifier else ""
    )
    reading = READING_BY_QUALIFIER[figure.qualifier.value]
    note = f'<p class="note"><strong>Note:</strong> {text(figure.note)}</p>' if figure.note else ""
    return (
        f'<article class="card" data-figure="{text(figure.figure_id)}"><h3>{_says(index, figure)}</h3>'
        f'<p class="record-ref">{index.record_link(figure.figure_id)}</p>{quotes}'
        f"<dl><dt>wording</dt><dd>“{text(figure.wording)}”</dd>"
        f"<dt>qualifier</dt><dd><strong>{text(figure.qualifier.value)}</strong>{alternative}: {text(reading.why)}</dd>"
        f"<dt>allows</dt><dd>{_allows(read.interval)}</dd></dl>"
        f"{attribution_chain(index, figure)}{note}</article>"
    )


def in_plain_words(result: Estimate) -> str:
    """The estimate's flags as one sentence a reader without the rule's vocabulary can follow."""
    if result.contested:
        return "In plain words: the numbers given cannot all be right at once."
    if result.contested_if_exact:
        return (
            "In plain words: the numbers agree only if one of them is read as a floor (“at least”); "
            "read exactly, they conflict."
        )
    if result.n_assertions > 1:
        return "In plain words: the numbers given are compatible with one another."
    return "In plain words: one assertion gives this number; nothing here confirms or contradicts it."


def _derived(result: Estimate) -> str:
    best = "none" if result.best is None else f"{result.best:,}"
    return (
        f'<div class="derived"><p class="plain"><strong>{text(in_plain_words(result))}</strong></p>'
        "<p><strong>Derived by the estimate rule</strong> (never encoded, never a finding): "
        f"low <strong>{_bound(result.low)}</strong>, best <strong>{best}</strong>, high "
        f"<strong>{_bound(result.high)}</strong>.</p>"
        f"<p>best_reason <code>{text(result.best_reason.value)}</code>: {text(result.best_reason.definition)} "
        f"Contested: {html_value(result.contested)}; contested if read exactly: "
        f"{html_value(result.contested_if_exact)}; "
        f"{result.n_assertions} assertions, {result.n_voices} voices.</p></div>"
    )


def _title(index: EvidenceIndex, quantity: Quantity) -> str:
    incident_id, measure, unit, actor_id = quantity
    incident = index.records.get(incident_id)
    name = incident.name if isinstance(incident, Incident) else incident_id
    counted = f", counting {index.actor_label(actor_id)}" if actor_id else ""
    return f"{measure.replace('_', ' ')} ({unit}) in {name}{counted}"


def render_contested(index: EvidenceIndex) -> bytes:
    figures = [f for f in index.by_table[Figure.table] if isinstance(f, Figure)]
    groups: dict[Quantity, list[Figure]] = {}
    for figure in figures:
        groups.setdefault(_quantity(figure), []).append(figure)
    lines = [
        "# Contested figures",
        "",
        "Generated by `crocus-data build` from the data; do not edit by hand. Where the sources give figures "
        "that do not agree, each assertion is shown beside the others: its exact words in context (follow the "
        "link to see them highlighted in the full source), its qualifier, the values it allows and who asserts "
        "it. Under them, the interval the package derives by [the estimate rule](../analysis.md), which never "
        "says more than its sources.",
        "",
        anonymous_sources(index.sources),
        "",
    ]
    shown = 0
    for quantity, group in groups.items():
        reads: Sequence[Assertion] = [assertion(index, f) for f in group]
        result = estimate(reads)
        if not result.disputed:
            continue
        shown += 1
        cards = "".join(_card(index, figure, read) for figure, read in zip(group, reads, strict=True))
        lines += [f"## {_title(index, quantity)}", "", block(f'<div class="side-by-side">{cards}</div>'), ""]
        lines += [block(_derived(result)), ""]
    if not shown:
        lines += ["No figures are contested in this version of the data.", ""]
    return "\n".join(lines).encode("utf-8")
