"""The evidence browser's record pages as a reader meets them, as generated (no browser needed): statements
headed by who is reported to have said them, treatment in custody summed up in words, no ids or raw field
names in what is shown. Expectations are read from the data, so they hold for any valid package."""

from __future__ import annotations

import html
import re

import pandas as pd

import crocus_data
from crocus_data.views.labels import actor_labels

from pages import shown
from scratch import built

EVIDENCE = built() / "docs" / "evidence"


def shown_text(markup: str) -> str:
    """What a reader sees of some HTML: its text, without tags, comments or attribute values."""
    markup = re.sub(r"<!--.*?-->|<style>.*?</style>", "", markup, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def section(page: str, record_id: str) -> str:
    found = re.search(rf'<section class="record" id="{re.escape(record_id)}">(.*?)</section>', page)
    assert found is not None, record_id
    return found.group(1)


def document_names() -> dict[str, str]:
    """What a reader calls each document (its title and date), as the evidence browser names it."""
    from crocus_data.site.evidence_index import EvidenceIndex, source_name

    index = EvidenceIndex.of(crocus_data.load_package(built()))
    return {source.source_id: source_name(source) for source in index.sources}


def statements() -> list[dict[str, object]]:
    frame = crocus_data.load("statements")
    return [{k: (None if pd.isna(v) else v) for k, v in row.items()} for row in frame.to_dict("records")]


def documents_of(record_id: str) -> list[str]:
    evidence = crocus_data.load("evidence")
    return sorted(set(evidence.loc[evidence["record_id"] == record_id, "source_id"].astype(str)))


def test_each_statement_is_headed_by_who_is_reported_to_have_said_it() -> None:
    """ "Confessed to the camera …" alone hides whose words these are: the heading names the speaker as the
    document reports them (and the relay, and custody), and the document; the document's own statements say so."""
    page = (EVIDENCE / "statements.md").read_text(encoding="utf-8")
    labels, names = actor_labels(), document_names()
    rows = statements()
    assert rows
    for row in rows:
        heading = re.search(r"<h2>(.*?)</h2>", section(page, str(row["statement_id"])))
        assert heading is not None, row["statement_id"]
        words = shown_text(heading.group(1))
        for source_id in documents_of(str(row["statement_id"])):
            assert names[source_id] in words, words
        if row["attribution"] == "speaker" and row["rendering"] == "characterised":
            # The document's own description of what the speaker did ("attempted to link …"), not their words.
            assert words.startswith("Statement by "), words
            assert str(labels[row["speaker_actor_id"]]) in words and "as characterised by" in words, words
        elif row["attribution"] == "speaker":
            assert words.startswith("Statement attributed to "), words
            assert str(labels[row["speaker_actor_id"]]) in words and "as reported in" in words, words
            if row["relay_actor_id"]:
                assert str(labels[row["relay_actor_id"]]) in words, words
            if row["made_in_custody"]:
                assert "custody" in words, words
        elif row["attribution"] == "source":
            assert "own voice" in words, words


def test_every_link_to_a_statement_names_its_speaker() -> None:
    """On every record page, a link to a statement (the treatment page's 'after' a confession) says whose it is
    (a record's link to itself, for citing, excepted)."""
    labels = actor_labels()
    speakers = {
        str(r["statement_id"]): str(labels[r["speaker_actor_id"]]) for r in statements() if r["speaker_actor_id"]
    }
    assert speakers
    checked = 0
    for page in EVIDENCE.glob("*.md"):
        markup = page.read_text(encoding="utf-8")
        for target, label in re.findall(
            r'<a href="(?:\.\./statements/)?#(stm-[^"]+)"(?![^>]*permalink)[^>]*>(.*?)</a>', markup
        ):
            if target in speakers:
                assert speakers[target] in shown_text(label), (page.name, target, label)
                checked += 1
    assert checked


def record_ids() -> set[str]:
    ids: set[str] = set()
    for table in crocus_data.tables():
        ids |= set(crocus_data.load(table).iloc[:, 0].astype(str))
    return ids


def test_the_treatment_page_names_no_record_by_its_id_and_no_field_by_its_column() -> None:
    """A reader sees words: ids stay in link targets and anchors, column names in the data dictionary."""
    from crocus_data.models import MODELS

    page = (EVIDENCE / "treatment_reports.md").read_text(encoding="utf-8")
    shown = shown_text(page.split("-->", 1)[-1])  # the maintainers' comment at the top is not shown
    assert (
        sorted(
            record_id for record_id in record_ids() if re.search(rf"(?<![\w-]){re.escape(record_id)}(?![\w-])", shown)
        )
        == []
    )
    names = {column for model in MODELS for column in model.model_fields if "_" in column}
    assert sorted(name for name in names if re.search(rf"\b{re.escape(name)}\b", shown)) == []
    assert "Empty:" not in shown and "Row " not in shown


def test_the_treatment_page_opens_with_a_summary_of_every_report_in_its_words() -> None:
    page = (EVIDENCE / "treatment_reports.md").read_text(encoding="utf-8")
    reports = crocus_data.load("treatment_reports")
    assert len(reports)
    first_record = page.index('<section class="record"')
    summary = re.search(r'<div class="summary">(.*?)</div>', page)
    assert summary is not None and summary.start() < first_record
    words = shown_text(summary.group(1))
    for report in reports.to_dict("records"):
        assert str(report["description"]) in words, report["treatment_id"]
        assert f'href="#{report["treatment_id"]}"' in summary.group(1), report["treatment_id"]
    assert re.search(r'href="[^"]*/src-[^/"]+/#', summary.group(1)), "no link to the words in a source"


def test_the_home_page_describes_each_table_in_words_before_its_name() -> None:
    """What the data is, table by table: what a row holds, in the models' words; the table's name is a detail."""
    from crocus_data.models import MODELS
    from crocus_data.published.descriptor import table_description

    page = shown("index.md")
    lines = [html.unescape(line) for line in page.splitlines()]
    for model in MODELS:
        described = [line for line in lines if table_description(model) in line]
        assert described, model.table
        line = described[0]
        assert line.index(table_description(model)) < line.index(f"<code>{model.table}</code>"), line
        assert not line.lstrip("|<li> ").startswith(f"`{model.table}`")


def test_a_detention_is_shown_as_reported_never_as_a_finding() -> None:
    """'Arrested: gunmen' in the page's own voice read as a finding; the documents report the arrests, and
    the roles of the people held are alleged."""
    detentions = crocus_data.load("detentions")
    assert len(detentions), "the test needs a detention"
    labels = actor_labels()
    for page in ["detentions.md", "treatment_reports.md"]:
        words = shown_text((EVIDENCE / page).read_text(encoding="utf-8"))
        for row in detentions.to_dict("records"):
            status = str(row["status"])
            assert f"{status.capitalize()}: {labels[row['actor_id']]}" not in words, (page, row["detention_id"])
    page = shown_text((EVIDENCE / "detentions.md").read_text(encoding="utf-8"))
    for row in detentions.to_dict("records"):
        assert f"Reported {row['status']}: {labels[row['actor_id']]}" in page, row["detention_id"]


def test_the_treatment_summary_says_who_did_it_in_a_sentence() -> None:
    summary = shown_text((EVIDENCE / "treatment_reports.md").read_text(encoding="utf-8"))
    assert " says by " not in summary
    inflicted = crocus_data.load("treatment_reports")["inflicted_by_actor_id"].dropna()
    labels = actor_labels()
    for actor_id in inflicted:
        assert f"the report says it was done by {labels[actor_id]}".casefold() in summary.casefold(), actor_id
