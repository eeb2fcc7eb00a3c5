"""Coverage notes name sentences by their first words, in near-linear time however alike the sentences are.

Two kinds of test. What a note names, whether it is ambiguous, and a sentence's suggested key are
compared with their definitions written plainly (every sentence looked at, as docs/coverage.md words
them) on texts of few distinct words, where sentences share long beginnings. And the work done is
counted, not timed: the number of Python calls made (profiled) when the sentences double must not
quadruple, as it did (10,000 similar sentences took 142 s to validate and 448 s to add; the
figures are in benchmarks/README.md, from benchmarks/coverage_notes.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st

from crocus_data.checks.coverage import KEY_WORDS, Split, coverage
from crocus_data.reader.package import Package

WORDS = st.sampled_from(["The", "report", "said", "that", "ten", "were", "held", "the"])
SENTENCES = st.lists(st.lists(WORDS, min_size=1, max_size=9).map(" ".join), min_size=1, max_size=12)


def text_of(sentences: list[str]) -> str:
    return " ".join(f"{sentence}." for sentence in sentences)


def named_plainly(split: Split, words: str) -> tuple[set[int], bool]:
    """docs/coverage.md: words equal to a sentence name it and its copies; other words name the
    sentences they begin, which must all have one text."""
    exact = {s.number for s in split.sentences if s.text == words}
    if exact:
        return exact, False
    begun = [s for s in split.sentences if s.text.startswith(words)]
    if len({s.text for s in begun}) > 1:
        return set(), True
    return {s.number for s in begun}, False


def key_plainly(split: Split, text: str) -> str:
    """The fewest first words (at least KEY_WORDS) that begin no sentence with other words."""
    words = text.split(" ")
    for count in range(min(KEY_WORDS, len(words)), len(words)):
        key = " ".join(words[:count])
        if all(s.text == text for s in split.sentences if s.text.startswith(key)):
            return key
    return text


@given(SENTENCES, st.data())
def test_what_a_note_names_is_what_the_rule_says(sentences: list[str], data: st.DataObject) -> None:
    split = Split("src-x", text_of(sentences))
    texts = [s.text for s in split.sentences]
    words = data.draw(st.sampled_from(texts).flatmap(lambda t: st.integers(1, len(t)).map(lambda n: t[:n])) | WORDS)
    named, ambiguous = split.named_by(words)
    assert ({s.number for s in named}, ambiguous) == named_plainly(split, words)
    run = split.named_run(words)
    assert (run is None) == (not named), words
    assert sorted(split.numbers(*run) if run else []) == sorted(s.number for s in named)


@given(SENTENCES)
def test_each_key_is_the_shortest_that_names_its_sentence(sentences: list[str]) -> None:
    split = Split("src-x", text_of(sentences))
    for sentence in split.sentences:
        assert split.key(sentence) == key_plainly(split, sentence.text)


def calls(work: Callable[[], object]) -> int:
    """Python and C calls made by WORK: a count of the work done, the same on any machine."""
    count = 0

    def profile(frame: object, event: str, argument: object) -> None:
        nonlocal count
        count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def similar(count: int, *, same: bool = False) -> str:
    """COUNT sentences sharing their first dozen words (all the same sentence, if SAME)."""
    return " ".join(
        f"The fictional report says that in the great hall the count of chairs was {'many' if same else n}."
        for n in range(count)
    )


def growth(work: Callable[[int], Callable[[], object]], size: int = 400) -> float:
    """How much more work doubling the sentences costs (2: linear; 4: quadratic)."""
    return calls(work(2 * size)) / calls(work(size))


def keys_of(count: int) -> Callable[[], object]:
    split = Split("src-x", similar(count))
    return lambda: [split.key(sentence) for sentence in split.sentences]


def notes_on(count: int, words: int | None, same: bool = False) -> Callable[[], object]:
    """coverage() of a text with a note per sentence, naming it by WORDS first words (None: all of it)."""
    text = similar(count, same=same)
    split = Split("src-x", text)
    lines = ["source_id,sentence,reason"]
    for sentence in split.sentences:
        named = sentence.text if words is None else " ".join(sentence.text.split(" ")[:words])
        lines.append(f'src-x,"{named}",a note')
    package = Package(texts={"src-x": text.encode()}, notes="\n".join(lines).encode())
    return lambda: coverage(package)


def test_suggesting_keys_grows_linearly_with_similar_sentences() -> None:
    assert growth(keys_of) < 2.6


def test_ambiguous_notes_cost_linear_work() -> None:
    assert growth(lambda count: notes_on(count, words=6)) < 2.6


def test_notes_on_a_sentence_repeated_cost_linear_work() -> None:
    assert growth(lambda count: notes_on(count, words=None, same=True)) < 2.6


def test_notes_naming_whole_sentences_stay_linear() -> None:
    assert growth(lambda count: notes_on(count, words=None)) < 2.6


def test_notes_are_given_the_reason_of_the_first_note_naming_them() -> None:
    text = "One sentence. One sentence. Another one."
    notes = b"source_id,sentence,reason\nsrc-x,One sentence.,first\nsrc-x,One,second\nsrc-x,Another,third\n"
    reasons = {c.sentence.number: c.reason for c in coverage(Package(texts={"src-x": text.encode()}, notes=notes))}
    assert reasons == {1: "first", 2: "first", 3: "third"}
