"""Coverage is a rule of validate: every sentence backs a record or is explained, and every note names one.

The expectations are read from the data (which sentences exist, which evidence falls in them), so a new
source that is encoded correctly passes unchanged, and so does a retired one: the sources and sentences
below are picked by what they are (tests/anchors.py).
"""

from __future__ import annotations

import csv
import re

from hypothesis import given
from hypothesis import strategies as st

from crocus_data.checks.coverage import Split, coverage, sentence_ends, sentences
from crocus_data.layout import DATA_DIR
from crocus_data.problems import Problem
from crocus_data.reader.package import from_layout
from crocus_data.rule_registry import Rule
from crocus_data.site.coverage_page import render_coverage

import anchors
from scratch import ScratchRepo, built

SOURCE = anchors.rows("sources")[0]
SOURCE_ID, TEXT = SOURCE["source_id"], f"sources/{SOURCE['filename']}"


def backed_sentence() -> tuple[int, int, str]:
    """(number, line, text) of a sentence of SOURCE past its first line that evidence backs."""
    text = anchors.text_of(SOURCE_ID)
    spans = [(int(r["start"]), int(r["end"])) for r in anchors.rows("evidence") if r["source_id"] == SOURCE_ID]
    for sentence in sentences(SOURCE_ID, text):
        line = text.count("\n", 0, sentence.start) + 1
        if line > 1 and any(start < sentence.end and end > sentence.start for start, end in spans):
            return sentence.number, line, sentence.text
    raise AssertionError(f"no sentence of {SOURCE_ID} past its first line is quoted: the test needs one")


def coverage_problems(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.rule.startswith("coverage.")]


def strip_evidence_of(scratch: ScratchRepo, source_id: str, starts_with: str) -> int:
    """Delete every evidence row that falls in the sentence; return the sentence's number."""
    dataset = from_layout(scratch.data)
    sentence = next(s for s in sentences(source_id, dataset.text(source_id) or "") if s.text.startswith(starts_with))
    header, rows = scratch.read_rows("evidence")
    kept = [
        row
        for row in rows
        if not (row["source_id"] == source_id and int(row["start"]) < sentence.end and int(row["end"]) > sentence.start)
    ]
    assert len(kept) < len(rows)
    scratch.write_rows("evidence", header, kept)
    return sentence.number


def add_notes(scratch: ScratchRepo, *lines: str) -> None:
    with (scratch.data / "coverage_notes.csv").open("a", encoding="utf-8", newline="") as stream:
        stream.writelines(f"{line}\n" for line in lines)


def test_every_sentence_of_the_shipped_sources_backs_a_record_or_is_explained() -> None:
    dataset = from_layout(built() / DATA_DIR)
    entries = coverage(dataset)
    assert len(entries) == sum(len(sentences(key, dataset.text(key) or "")) for key in dataset.texts) > 0
    assert [e.sentence.text for e in entries if not e.records and not e.reason] == []


def test_a_sentence_that_backs_nothing_is_a_problem_that_spells_out_its_note(scratch: ScratchRepo) -> None:
    number, line, text = backed_sentence()
    assert strip_evidence_of(scratch, SOURCE_ID, text) == number
    (problem,) = coverage_problems(scratch.problems())
    assert (problem.file, problem.row, problem.column, problem.rule) == (TEXT, line, None, Rule.COVERAGE_UNEXPLAINED)
    assert problem.message.startswith(f"sentence {number} ('{text[:20]}")
    suggested = problem.message.split("with the line ", 1)[1]
    source, words, reason = next(csv.reader([suggested]))  # a line of CSV, quoted where the words need it
    assert (source, reason) == (SOURCE_ID, "<why it encodes nothing>") and text.startswith(words), suggested
    # The line it spells out, with a reason, explains the sentence: the note works as given.
    add_notes(scratch, suggested.replace("<why it encodes nothing>", "A test: this sentence is explained instead."))
    assert coverage_problems(scratch.problems()) == []
    page = render_coverage(from_layout(scratch.data)).decode("utf-8")
    assert "   Not encoded: A test: this sentence is explained instead." in page


def test_a_note_names_its_sentence_by_first_words_that_survive_edits_elsewhere() -> None:
    text = "Fictional. The first sentence.\nA typo here: teh end. The noted sentence, which backs nothing."
    key = "The noted sentence"
    before = Split("src-x", text).named_by(key)[0]
    edited = "A new opening sentence. " + text.replace("teh", "the").replace("first", "1st")
    after = Split("src-x", edited).named_by(key)[0]
    assert [s.text for s in before] == [s.text for s in after] == ["The noted sentence, which backs nothing."]
    assert (before[0].number, after[0].number) == (4, 5)


def test_a_note_equal_to_a_sentence_names_it_and_its_copies_even_if_it_begins_a_longer_one() -> None:
    split = Split("src-x", "Headline.\nHeadline.\nHeadline. And more.\nHeadline and more words.")
    assert [s.number for s in split.named_by("Headline.")[0]] == [1, 2, 3]
    assert split.named_by("Headline") == ([], True)
    assert [s.number for s in split.named_by("Headline and")[0]] == [5]


def test_a_note_that_names_no_sentence_or_several_is_a_problem(scratch: ScratchRepo) -> None:
    last = (scratch.data / "coverage_notes.csv").read_bytes().count(b"\n")  # the notes already there
    _, _, text = backed_sentence()
    typo = f"{text[:12]}x{text[13:25]}"  # a character of the sentence's first words changed
    repeated = anchors.source_with_a_repeated_first_word()
    word, several = repeated["word"], repeated["source_id"]
    numbers = [s.number for s in sentences(several, anchors.text_of(several)) if s.text.split()[:1] == [word]]
    add_notes(
        scratch,
        f"{SOURCE_ID},{typo},a typo in the note",
        "src-999,Any words,a source that is not listed",
        f"{several},{word},too few words",
    )
    assert coverage_problems(scratch.problems()) == [
        Problem(
            "coverage_notes.csv",
            last + 2,
            "source_id",
            Rule.COVERAGE_NOTE_ORPHAN,
            "names the source 'src-999', which sources.csv does not list; fix the source_id",
        ),
        Problem(
            "coverage_notes.csv",
            last + 1,
            "sentence",
            Rule.COVERAGE_NOTE_ORPHAN,
            f"'{typo}' begins no sentence of {SOURCE_ID}; copy the sentence's first words "
            "exactly (docs/coverage.md lists the sentences), or delete the note",
        ),
        Problem(
            "coverage_notes.csv",
            last + 3,
            "sentence",
            Rule.COVERAGE_NOTE_AMBIGUOUS,
            f"'{word}' begins several different sentences of {several} (numbers {', '.join(map(str, numbers))}); "
            "copy more of the sentence's first words",
        ),
    ]


def test_a_malformed_notes_file_is_located(scratch: ScratchRepo) -> None:
    path = scratch.data / "coverage_notes.csv"
    notes = path.read_text(encoding="utf-8")
    path.write_text(notes.replace("source_id,", "source,", 1), encoding="utf-8")
    assert [(p.file, p.row, p.rule) for p in scratch.problems()] == [("coverage_notes.csv", 1, "file.header")]
    path.write_text(notes + f"{SOURCE_ID},{backed_sentence()[2][:20]},\n", encoding="utf-8")
    found = [(p.file, p.row, p.column, p.rule) for p in scratch.problems()]
    assert found == [("coverage_notes.csv", notes.count("\n") + 1, "reason", "cell.required")]


def test_a_source_no_evidence_quotes_is_reported_once_not_sentence_by_sentence(scratch: ScratchRepo) -> None:
    header, rows = scratch.read_rows("evidence")
    scratch.write_rows("evidence", header, [row for row in rows if row["source_id"] != SOURCE_ID])
    rules = [p.rule for p in scratch.problems() if p.file == TEXT or p.file == "records/sources.csv"]
    assert "source.uncited" in rules and "coverage.unexplained" not in rules


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


_REGEX_BOUNDARY = re.compile(r"[.!?][\"”’)]*(?=\s)")  # noqa: RUF001 (the splitter's rule, as a regex)


@given(st.text(st.sampled_from([".", "!", "?", '"', "”", "’", ")", " ", "\n", "\u00a0", "\u3000", "\x1c", "a", "ж"])))  # noqa: RUF001
def test_sentence_ends_are_the_regex_rule(text: str) -> None:
    assert sorted(sentence_ends(text)) == [match.end() for match in _REGEX_BOUNDARY.finditer(text)]
