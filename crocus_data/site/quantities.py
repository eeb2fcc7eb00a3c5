"""The quantities the figures count, as a reader meets them on the home page and the contested page.

A quantity is one measure of one incident, in one unit, of one counted group (the estimate rule's
definition, ``views/estimates.py``). Here each is put in words: its name ("People killed"), the
interval the rule derives from its assertions ("at least 144"), a verdict in plain words, and for
each assertion who says it, in which document, with a link to its words highlighted there. Every
value from the data goes through ``evidence_index.text`` before it reaches a page.
"""

from __future__ import annotations

from dataclasses import dataclass

from crocus_data.models import Evidence, Figure, Incident, Record, Source
from crocus_data.models.vocabulary import Attribution, Measure
from crocus_data.site.evidence_index import FOLDER, EvidenceIndex, link, source_name, text
from crocus_data.views.estimates import Assertion, BestReason, Estimate, estimate

Key = tuple[str, str, str, str]


def _key(figure: Figure) -> Key:
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


@dataclass(frozen=True)
class Quantity:
    """One quantity: its figures in table order, each as the rule reads it, and what the rule derives."""

    key: Key
    figures: tuple[Figure, ...]
    reads: tuple[Assertion, ...]
    result: Estimate

    @property
    def measure(self) -> str:
        return self.key[1]


def quantities(index: EvidenceIndex) -> list[Quantity]:
    """Every quantity the figures count, in the order of its first figure in the table."""
    groups: dict[Key, list[Figure]] = {}
    for figure in index.by_table[Figure.table]:
        if isinstance(figure, Figure):
            groups.setdefault(_key(figure), []).append(figure)
    found = []
    for key, figures in groups.items():
        reads = tuple(assertion(index, figure) for figure in figures)
        found.append(Quantity(key, tuple(figures), reads, estimate(reads)))
    return found


def measure_name(measure: str) -> str:
    """A measure as a heading: its definition without the incident ("People killed", "Hostage-takers killed")."""
    definition = Measure(measure).definition
    return (
        definition.removesuffix(".").removesuffix(" in the incident").removesuffix(" in connection with the incident")
    )


def title(index: EvidenceIndex, quantity: Quantity) -> str:
    """What is counted, where: "People killed: Attack on the Crocus City Hall" (plain text, not escaped)."""
    incident_id, measure, unit, actor_id = quantity.key
    incident = index.records.get(incident_id)
    name = incident.name if isinstance(incident, Incident) else incident_id
    counted = f" ({index.actor_label(actor_id)})" if actor_id and measure == Measure.GROUP_SIZE.value else ""
    money = f", in {unit}" if unit != "people" else ""
    return f"{measure_name(measure)}{counted}{money}: {name}"


def interval_words(low: int | None, high: int | None) -> str:
    """The derived interval as a reader says it: "at least 144", "at most 6", "4", "495 to 605"."""
    if low is None and high is None:
        return "no number"
    if high is None:
        return f"at least {low:,}"
    if low is None:
        return f"at most {high:,}"
    return f"{low:,}" if low == high else f"{low:,} to {high:,}"


# How a derived interval is introduced wherever it is shown: it is the package's reading, never a quote.
DERIVED_LABEL = "The dataset's derived reading, not a source's words"


# Why a derived interval may give a number no quote writes: "without injury" is read as 0.
NO_NUMERAL = "read from words that give no numeral"


def derived_words(quantity: Quantity) -> str:
    """The interval the rule derives, in words, with why it may differ from every quote ("0, read from words that
    give no numeral"); shown only after :data:`DERIVED_LABEL`, never as a source's number."""
    result = quantity.result
    allowed = interval_words(result.low, result.high)
    return f"{allowed}, {NO_NUMERAL}" if result.derived else allowed


def verdict(quantity: Quantity) -> str:
    """What the assertions about a quantity amount to, in one plain sentence: no rule vocabulary, and no number
    (a number here would be the rule's, said as if a source had said it: :func:`derived_words` gives it, labelled)."""
    result = quantity.result
    if result.contested:
        return "The sources disagree: no single number fits everything they say."
    if result.contested_if_exact:
        return (
            "The sources disagree, unless one number is read as a floor (“at least”), as its wording allows; "
            "read that way, every number given fits."
        )
    if result.best_reason is BestReason.UNCLEAR:
        opening = "A number is given, but" if result.n_numeric else "No number is given, and"
        return f"{opening} a source says how many is unclear: nothing singles one number out."
    if result.best_reason is BestReason.NO_NUMBER:
        return "It is reported, but no source gives a number."
    if result.best_reason is BestReason.IN_CUSTODY:
        return "Only a statement made in custody, which may have been coerced, gives a number."
    if len(quantity.figures) == 1:
        return "Only one assertion gives it: nothing else confirms or contradicts it."
    given = {(a.qualifier, a.value, a.value_low, a.value_high, a.alternative) for a in quantity.reads if a.gives_number}
    if len(given) == 1 and result.n_voices > 1:
        return "The sources give the same number."
    return "What the sources say fits together."


def attributed(index: EvidenceIndex, figure: Record, prefix: str) -> str:
    """Who asserts a figure (or any record with an attribution) and where, as HTML: "Russian media, as reported
    in <document>", or "<document>, in its own voice"; each document a link to the record's words highlighted in it."""
    documents = in_document(index, figure, prefix)
    statement = index.statement_of(figure)
    attribution = getattr(figure, "attribution", None)
    if attribution == Attribution.SPEAKER and statement is not None and statement.speaker_actor_id:
        words = text(index.actor_label(statement.speaker_actor_id))
        if statement.relay_actor_id:
            words += f", via {text(index.actor_label(statement.relay_actor_id))}"
        if statement.made_in_custody:
            words += " (read as said in custody)"
        return f"{words}, as reported in {documents}"
    if attribution == Attribution.UNATTRIBUTED:
        return f"{documents}, without saying who"
    return f"{documents}, in its own voice"


def in_document(index: EvidenceIndex, figure: Record, prefix: str) -> str:
    """The documents a figure (or any record) is read in, each a link to its words highlighted there (HTML)."""
    first: dict[str, Evidence] = {}  # one link per document: to the record's first span in it
    for span in index.spans_of_record.get(figure.key, []):
        first.setdefault(span.source_id, span)
    links = []
    for span in first.values():
        source = index.records.get(span.source_id)
        name = source_name(source) if isinstance(source, Source) else span.source_id
        href = f"{prefix}{FOLDER}/{text(span.source_id)}/#{text(span.evidence_id)}"
        links.append(link(href, f"<cite>{text(name)}</cite>"))
    return ", ".join(links) or "no document"
