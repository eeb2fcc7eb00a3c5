"""Every sentence of every source backs some record or is explained; the splitter does what it says."""

from __future__ import annotations

from crocus_data.checks.coverage import coverage, read_notes, sentences
from crocus_data.checks.package import from_layout
from crocus_data.layout import DATA_DIR

from scratch import REPO, ScratchRepo


def test_every_sentence_is_covered_or_explained() -> None:
    entries = coverage(from_layout(REPO / DATA_DIR), read_notes(REPO / DATA_DIR))
    assert len(entries) > 20
    unexplained = [e.sentence.text for e in entries if not e.records and not e.reason]
    assert unexplained == []


def test_no_explanation_is_left_for_a_sentence_that_no_longer_exists() -> None:
    dataset = from_layout(REPO / DATA_DIR)
    texts = {(s.source_id, s.text) for sid in dataset.texts for s in sentences(sid, dataset.text(sid) or "")}
    assert set(read_notes(REPO / DATA_DIR)) <= texts


def test_a_sentence_whose_evidence_is_removed_shows_as_unexplained(scratch: ScratchRepo) -> None:
    target = "The Russian media first alleged"
    dataset = from_layout(scratch.data)
    sentence = next(s for s in sentences("src-000", dataset.text("src-000") or "") if s.text.startswith(target))
    header, rows = scratch.read_rows("evidence")
    kept = [
        r
        for r in rows
        if not (r["source_id"] == "src-000" and int(r["start"]) < sentence.end and int(r["end"]) > sentence.start)
    ]
    assert len(kept) < len(rows)
    scratch.write_rows("evidence", header, kept)
    entries = coverage(from_layout(scratch.data), read_notes(scratch.data))
    assert [e.sentence for e in entries if not e.records] == [sentence]


def test_sentence_splitter_handles_quotes_headings_and_paragraphs() -> None:
    text = ' date 2024-04-01 Title\n\nHe said "no." Then: it ended. Next line?\nLast "one,"  said X.'
    assert [s.text for s in sentences("src-x", text)] == [
        "date 2024-04-01 Title",
        'He said "no."',
        "Then: it ended.",
        "Next line?",
        'Last "one,"  said X.',
    ]
    for s in sentences("src-x", text):
        assert text[s.start : s.end] == s.text
