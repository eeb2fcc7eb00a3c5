"""Fuzzing ``crocus-data validate``: any bytes a pull request can put in any file of the package.

Hypothesis picks one file of a scratch copy of the checkout — a CSV table, a descriptor (the data
directory's or the top-level one), a source text or a Parquet file — mutates its bytes (flip a bit,
insert bytes or a hostile snippet from tests/corpus/hostile.json, anywhere or at the start of a
cell or JSON value, delete a run, truncate, duplicate a chunk), validates the data directory or
the checkout with ``--format json`` and asserts, for every example, the promises of the issue
"The validator survives anything a pull request can contain":

- the exit status is 0, 1 or 2;
- nothing reaches the catch-all in ``cli.main`` (no "unexpected error", no traceback);
- the output is the documented JSON report, and every problem carries a file and a documented rule id;
- nothing in the tree changes.

Plain ``pytest`` runs 25 examples; the deep tier (``pytest --all-tiers``, .ci/run) runs 1,000.
Inputs stay small (the shipped package, at most a few KiB inserted), and each example runs under a
wall-clock guard, so a run that blocks fails that example instead of hanging the suite.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import signal
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from crocus_data.cli import main
from crocus_data.layout import DATA_DIR
from crocus_data.rule_registry import Rule

from budgets import whole_copies
from pages import shown
from scratch import REPO, ScratchRepo, built
from scratch import tree_snapshot as snapshot
from statuses import expected_status

HOSTILE: dict[str, Any] = json.loads((REPO / "tests" / "corpus" / "hostile.json").read_text(encoding="utf-8"))
CATCH_ALL = "unexpected error"
EXAMPLE_SECONDS = 60  # wall-clock guard per example (not a speed requirement: a hang detector)


def documented_rules() -> set[str]:
    """Rule ids from the rule table of docs/validation.md as the site shows it (rows like "| `rule.id` | ...")."""
    return set(re.findall(r"^\| `([a-z0-9.-]+)` \|", shown("validation.md"), flags=re.MULTILINE))


def unescape(text: str) -> bytes:
    """hostile.json's snippets: text, with \\xNN standing for one raw byte (as in cases.json)."""
    return text.encode("utf-8").decode("unicode_escape").encode("latin-1")


SNIPPETS = [unescape(snippet) for snippet in HOSTILE["fuzz_snippets"]]


def package_files() -> list[str]:
    """Every file of the package a pull request can touch (or the build makes), relative to the checkout root."""
    root = built()
    data = root / DATA_DIR
    files = [path for pattern in ("records/*.csv", "sources/*", "parquet/*.parquet") for path in data.glob(pattern)]
    files += [data / "datapackage.json", root / "datapackage.json"]
    return sorted(str(path.relative_to(root)) for path in files if path.is_file())


FILES = package_files()


# A mutation is a tuple: (kind, where as a fraction of the file's length, argument).
mutations = st.one_of(
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(0, 7)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.binary(min_size=1, max_size=16) | st.sampled_from(SNIPPETS)),
    # A snippet at the start of a cell or a JSON value: right after a comma, a newline or a colon.
    st.tuples(st.just("at_boundary"), st.floats(0, 1), st.sampled_from(SNIPPETS)),
    st.tuples(st.just("delete"), st.floats(0, 1), st.integers(1, 64)),
    st.tuples(st.just("truncate"), st.floats(0, 1), st.just(0)),
    st.tuples(st.just("duplicate"), st.floats(0, 1), st.tuples(st.integers(1, 256), st.integers(1, 16))),
)


def mutate(content: bytes, mutation: tuple[str, float, Any]) -> bytes:
    kind, where, argument = mutation
    at = min(int(where * len(content)), max(len(content) - 1, 0))
    if kind == "flip":
        if not content:
            return content
        return content[:at] + bytes([content[at] ^ (1 << argument)]) + content[at + 1 :]
    if kind == "insert":
        return content[:at] + argument + content[at:]
    if kind == "at_boundary":
        boundaries = [i + 1 for i, byte in enumerate(content) if byte in b",\n:"] or [0]
        at = boundaries[min(int(where * len(boundaries)), len(boundaries) - 1)]
        return content[:at] + argument + content[at:]
    if kind == "delete":
        return content[:at] + content[at + argument :]
    if kind == "truncate":
        return content[: int(where * len(content))]
    if kind == "duplicate":
        length, times = argument
        chunk = content[at : at + length]
        return content[:at] + chunk * (times + 1) + content[at + len(chunk) :]
    raise ValueError(kind)


class Hung(BaseException):  # not Exception: cli.main's catch-all must not swallow it
    """The run took longer than EXAMPLE_SECONDS."""


@contextlib.contextmanager
def wall_clock_guard(seconds: int) -> Iterator[None]:
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield  # no alarm signal here (Windows, or a worker thread): run unguarded
        return

    def expire(signum: int, frame: object) -> None:
        raise Hung(f"validate ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def validate_quietly(target: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with wall_clock_guard(EXAMPLE_SECONDS), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(["validate", str(target), "--format", "json"])
    return status, out.getvalue(), err.getvalue()


def test_the_fuzzed_files_cover_every_kind() -> None:
    """The fuzz picks among CSV tables, both descriptors, source texts and Parquet files."""
    kinds = {Path(name).suffix for name in FILES}
    assert {".csv", ".json", ".txt", ".parquet"} <= kinds, FILES
    assert {"datapackage.json", f"{DATA_DIR.as_posix()}/datapackage.json"} <= set(FILES)
    assert len(SNIPPETS) > 20 and all(SNIPPETS), "hostile.json's fuzz snippets did not load"


def test_the_documented_rules_are_the_registry() -> None:
    """The rule table the site shows parses, and lists every rule a problem can carry."""
    assert documented_rules() == {rule.value for rule in Rule}


MUTATIONS = {
    "file": st.sampled_from(FILES),
    "changes": st.lists(mutations, min_size=1, max_size=4),
    "target": st.sampled_from(["data directory", "checkout"]),
}


def survives(file: str, changes: list[tuple[str, float, Any]], target: str) -> None:
    """Whatever bytes one file holds: never the catch-all; a JSON report whose every problem names a
    file, and whose exit status is the one the corpus gives its rules; and the tree untouched."""
    with tempfile.TemporaryDirectory() as temporary:
        scratch = ScratchRepo.copy_to(Path(temporary) / "checkout")
        path = scratch.root / file
        content = path.read_bytes()
        for change in changes:
            content = mutate(content, change)
        path.write_bytes(content)
        before = snapshot(scratch.root)

        status, out, err = validate_quietly(scratch.data if target == "data directory" else scratch.root)

        assert CATCH_ALL not in err, f"reached the catch-all in cli.main: {err.strip()[:500]}"
        assert "Traceback" not in out + err
        report = json.loads(out)
        rules = [problem["rule"] for problem in report["problems"]]
        # The status the corpus gives these rules (tests/statuses.py), not one read from the code.
        assert status == report["exit_status"] == expected_status(rules), (status, rules)
        for problem in report["problems"]:
            assert isinstance(problem["file"], str) and problem["file"], f"a problem without a file: {problem}"
        assert snapshot(scratch.root) == before, "the validator changed the tree it checked"


@whole_copies
@given(**MUTATIONS)
# Known crashes of an earlier validator, kept as fixed examples: a CR before the header's first name
# (csv.Error from the header parser), and a descriptor nested 100,000 deep (RecursionError).
@example(file="crocus_data/data/records/figures.csv", changes=[("insert", 0.0, b"\r")], target="data directory")
@example(
    file="crocus_data/data/datapackage.json",
    changes=[("insert", 0.0, b'{"x": ' + b"[" * 100_000)],
    target="data directory",
)
def test_validate_survives_any_mutation(file: str, changes: list[tuple[str, float, Any]], target: str) -> None:
    survives(file, changes, target)


@pytest.mark.deep
@settings(max_examples=max(1000, settings().max_examples))
@given(**MUTATIONS)
def test_validate_survives_any_mutation_deeply(file: str, changes: list[tuple[str, float, Any]], target: str) -> None:
    """The deep tier: the same property, 1,000 examples on every CI run."""
    survives(file, changes, target)
