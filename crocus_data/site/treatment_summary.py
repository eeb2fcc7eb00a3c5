"""The plain-language summary at the top of the treatment page (docs/evidence/treatment_reports.md).

A reader asking "what treatment of detainees was reported?" gets it in a few lines before the records:
who was treated so, in the document's exact words (each a link to the record below), what kind of
treatment the data records, the material it is seen in and who published it, the statement it is
reported to have followed, who is reported to have done it or that the text does not say, and who
reports it, in which document, with a link to the words highlighted there. Reports that share all of
these are one line. Counts are read from the data; nothing is typed by hand.
"""

from __future__ import annotations

from crocus_data.models import Material, TreatmentReport
from crocus_data.site.evidence_index import EvidenceIndex, link, text
from crocus_data.site.quantities import attributed

# The page is served at evidence/treatment_reports/: the site's root is two folders up.
ROOT = "../../"

Group = tuple[str, str, str, str, str, str, tuple[str, ...]]


def _group(index: EvidenceIndex, report: TreatmentReport) -> Group:
    return (
        report.actor_id,
        report.material_id or "",
        report.after_statement_id or "",
        report.inflicted_by_actor_id or "",
        report.attribution.value,
        report.statement_id or "",
        tuple(index.documents(report.treatment_id)),
    )


def _material(index: EvidenceIndex, material_id: str) -> str:
    material = index.records.get(material_id)
    words = f"seen in {index.record_link(material_id)}"
    if isinstance(material, Material) and material.publisher_actor_id:
        words += f", which the report says {text(index.actor_label(material.publisher_actor_id))} published"
    return words


def _line(index: EvidenceIndex, reports: list[TreatmentReport]) -> str:
    first = reports[0]
    said = "; ".join(
        f"{link(f'#{text(r.treatment_id)}', f'<q>{text(r.description)}</q>')} ({text(r.treatment.value)})"
        for r in reports
    )
    details = []
    if first.material_id:
        details.append(_material(index, first.material_id))
    if first.after_statement_id:
        details.append(f"reported to have followed {index.record_link(first.after_statement_id)}")
    if first.inflicted_by_actor_id:
        details.append(f"the report says it was done by {text(index.actor_label(first.inflicted_by_actor_id))}")
    else:
        details.append("the report does not say who did it")
    return (
        f"<li><strong>{text(index.actor_label(first.actor_id))}</strong>: {said}. "
        f"{_sentence(details)} "
        f'<span class="who">Reported by {attributed(index, first, ROOT)}.</span></li>'
    )


def _sentence(parts: list[str]) -> str:
    joined = "; ".join(parts)
    return joined[:1].upper() + joined[1:] + "."


def treatment_summary(index: EvidenceIndex) -> str:
    """The summary (HTML, one line of Markdown), or nothing when no treatment is reported."""
    reports = [r for r in index.by_table[TreatmentReport.table] if isinstance(r, TreatmentReport)]
    if not reports:
        return ""
    groups: dict[Group, list[TreatmentReport]] = {}
    for report in reports:
        groups.setdefault(_group(index, report), []).append(report)
    documents = {source for report in reports for source in index.documents(report.treatment_id)}
    named = sum(1 for report in reports if report.inflicted_by_actor_id)
    intro = (
        f"The data records {len(reports)} reports of treatment in custody, from {len(documents)} "
        f"{'document' if len(documents) == 1 else 'documents'} (one passage may give two, for two kinds of "
        f"treatment). Each is given here in the document's own words, with who reports it; a source names who did "
        f"it in {named} of them. Who was "
        "treated so is named as the documents name them."
    )
    lines = "".join(_line(index, group) for group in groups.values())
    return f'<div class="summary"><p>{text(intro)}</p><ul class="treatment-summary">{lines}</ul></div>'
