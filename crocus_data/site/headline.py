"""The home page's headline numbers (docs/index.md's ``headline`` section): a card per casualty count.

Each card is one quantity the sources count (people killed, injured, hostage-takers killed, hostages
injured: the measures in :data:`HEADLINE_MEASURES`, for every incident the data has them for): first
each assertion in the source's own words, who says it, and a link to those words highlighted in the
source; then a verdict in plain words; last, labelled as the dataset's reading, the interval the
estimate rule derives from every assertion. Nothing on a card is typed by hand: the build renders it from the data.
"""

from __future__ import annotations

from crocus_data.models import Figure
from crocus_data.models.vocabulary import Measure
from crocus_data.reader.package import Package
from crocus_data.site.evidence_index import EvidenceIndex, block, link, text
from crocus_data.site.quantities import (
    DERIVED_LABEL,
    NO_NUMERAL,
    Quantity,
    attributed,
    interval_words,
    measure_name,
    quantities,
    title,
)
from crocus_data.site.quantities import verdict as verdict_of

SECTION = "headline"
# The counts a reader asks for first, in this order: the people killed and injured.
HEADLINE_MEASURES = (Measure.KILLED, Measure.INJURED, Measure.HOSTAGE_TAKERS_KILLED, Measure.HOSTAGES_INJURED)
# The other measures, as the line under the cards names them.
OTHER_NAMES = {
    Measure.ATTACKERS: "attackers",
    Measure.DETAINED: "people detained",
    Measure.ARRESTED: "people arrested",
    Measure.GROUP_SIZE: "the size of groups",
    Measure.HOSTAGES_TAKEN: "hostages taken",
    Measure.HOSTAGES_FREED: "hostages freed",
    Measure.HOSTAGE_TAKERS: "hostage-takers",
    Measure.PAYMENT: "a payment",
}
# The home page is the site's root: the browser's pages are under evidence/.
PREFIX = ""


def _assertion(index: EvidenceIndex, figure: Figure) -> str:
    return (
        f'<li><q class="words">{text(figure.wording)}</q> '
        f'<span class="who">— {attributed(index, figure, PREFIX)}</span></li>'
    )


def card(index: EvidenceIndex, quantity: Quantity) -> str:
    """One quantity as a card (HTML): what each source says, in its words and attributed, first and largest; then
    how they relate, in words; last, in small print and labelled, the interval the rule derives from them."""
    result = quantity.result
    incident = title(index, quantity).split(": ", 1)[-1]
    how = f", {NO_NUMERAL}" if result.derived else ""
    items = "".join(_assertion(index, figure) for figure in quantity.figures)
    return (
        '<article class="headline-card">'
        f"<h3>{text(measure_name(quantity.measure))}</h3>"
        f'<p class="incident">{text(incident)}</p>'
        f'<ul class="assertions" aria-label="what each source says">{items}</ul>'
        f'<p class="verdict">{text(verdict_of(quantity))}</p>'
        f'<p class="derived-reading"><span class="label">{text(DERIVED_LABEL)}:</span> what the quotes above allow: '
        f'<span class="derived-number">{text(interval_words(result.low, result.high))}</span>{how}</p>'
        "</article>"
    )


def headline(package: Package) -> str:
    """The cards, then a line on the other numbers the sources give (Markdown with raw HTML)."""
    index = EvidenceIndex.of(package)
    found = quantities(index)
    order = {measure.value: n for n, measure in enumerate(HEADLINE_MEASURES)}
    shown = sorted((q for q in found if q.measure in order), key=lambda q: order[q.measure])
    others = [
        OTHER_NAMES.get(m, m.value.replace("_", " "))
        for m in Measure
        if m.value not in order and any(q.measure == m.value for q in found)
    ]
    lines = []
    if shown:
        lines.append(block('<div class="headline-cards">' + "".join(card(index, q) for q in shown) + "</div>"))
    else:
        lines.append("No casualty figures are recorded in this version of the data.")
    lines.append("")
    interval = link("analysis/#figures-every-assertion-beside-a-derived-low-best-and-high", "the estimate rule")
    lines.append(
        block(
            '<p class="headline-how">Each quote is a source\'s own words, with who says them; it links to its '
            "place in the source, highlighted. The derived reading under them is the dataset's, not a source's: "
            f"what all the quotes allow together, by {interval}, never an average.</p>"
        )
    )
    if others:
        lines += [
            "",
            block(
                f"<p>The sources also give numbers for {text(', '.join(others))}: "
                f"{link('evidence/figures/', 'every number, in its words')}, and "
                f"{link('evidence/contested/', 'what the sources disagree on')}.</p>"
            ),
        ]
    return "\n".join(lines)
