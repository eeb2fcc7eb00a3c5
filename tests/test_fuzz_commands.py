"""Fuzzing every command a pull request can reach beyond ``validate``: diff, gate, validate --against,
add-source and fill-offsets, on any bytes in any file they read, and on files swapped for links.

Hypothesis picks a command and a format, then one file it reads — a release manifest (its JSON, or its
compressed bytes), NEW's or OLD's descriptor, a CSV table, a source text, the changelog, the document
to add — and mutates it as tests/test_fuzz_validate.py mutates a package file (bit flips, hostile
snippets of tests/corpus/hostile.json, deletions, truncations, duplications); or it swaps a file or a
folder for a link to /dev/zero, /proc/self/environ, a secret outside the tree, a folder, or a pipe.
For every example, as for ``validate``:

- the exit status is 0, 1 or 2, and nothing reaches the catch-all in ``cli.main`` (no traceback);
- ``--format json`` prints one JSON document;
- no output holds a raw control or bidi character, the secret, or the environment;
- nothing outside the tree changes, and only add-source and fill-offsets change the tree.

The ``ci`` profile runs 20 examples; ``HYPOTHESIS_PROFILE=deep`` runs 2,000.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_command_corpus import RAW, make_sandbox, outside_the_tree
from test_fuzz_validate import Hung, mutate, mutations, wall_clock_guard

from crocus_data.cli import main

from scratch import tree_snapshot as snapshot

DATA = "tree/crocus_data/data"
COMMANDS: dict[str, tuple[list[str], list[str]]] = {  # command line, its formats
    "diff": (["diff", "{old}", "{tree}"], ["text", "json", "markdown"]),
    "diff-release": (["diff", "last-release", "{tree}"], ["text", "json", "markdown"]),
    "gate": (["gate", "last-release", "{tree}"], ["text", "json", "markdown", "github"]),
    "validate-against": (["validate", "{tree}", "--against", "last-release"], ["text", "json", "github"]),
    "add-source": (["add-source", "{doc}", "{tree}"], ["text", "json"]),
    "fill-offsets": (["fill-offsets", "{tree}"], ["text", "json", "github"]),
}
WRITERS = {"add-source", "fill-offsets"}
# What each file a command reads is, relative to the sandbox (the first manifest is found when used).
FILES = [
    "manifest-json",
    "manifest-bytes",
    "tree/datapackage.json",
    f"{DATA}/datapackage.json",
    "old/datapackage.json",
    f"{DATA}/records/evidence.csv",
    f"{DATA}/records/sources.csv",
    f"{DATA}/records/actors.csv",
    "old/crocus_data/data/records/actors.csv",
    "tree/CHANGELOG.md",
    "doc.txt",
    "source-text",
]
LINKS = ["/dev/zero", "/proc/self/environ", "outside/secret.txt", "outside", "pipe"]
LINKED = [
    f"{DATA}/records/evidence.csv",
    f"{DATA}/records",
    f"{DATA}/sources",
    "tree/releases",
    "release",
    "tree/CHANGELOG.md",
    "tree/datapackage.json",
    "old/crocus_data/data/records/actors.csv",
]
DOCUMENT = b"2024-07-01 A fictional report\n\nIt was written to test crocus-data and never ships. It has words.\n"


def first_release(sandbox: Path) -> Path:
    return sorted((sandbox / "tree" / "releases").glob("*.json.gz"))[0]


def resolve(sandbox: Path, name: str) -> Path:
    if name in ("manifest-json", "manifest-bytes", "release"):
        return first_release(sandbox)
    if name == "source-text":
        return sorted((sandbox / DATA / "sources").glob("*.txt"))[0]
    return sandbox / name


def mutate_file(sandbox: Path, name: str, changes: list[tuple[str, float, Any]]) -> None:
    path = resolve(sandbox, name)
    content = gzip.decompress(path.read_bytes()) if name == "manifest-json" else path.read_bytes()
    for change in changes:
        content = mutate(content, change)
    path.write_bytes(gzip.compress(content, mtime=0) if name == "manifest-json" else content)


def link(sandbox: Path, name: str, target: str) -> None:
    path = resolve(sandbox, name)
    if path.is_dir():
        path.rename(sandbox / "outside" / f"moved-{path.name}")
    else:
        path.unlink()
    if target == "pipe":
        os.mkfifo(path)
    else:
        path.symlink_to(target if target.startswith("/") else sandbox / target)


def run(argv: list[str], cwd: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        with wall_clock_guard(60), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(argv)
    finally:
        os.chdir(previous)
    return status, out.getvalue(), err.getvalue()


@st.composite
def commands(draw: st.DrawFn) -> list[str]:
    name = draw(st.sampled_from(sorted(COMMANDS)))
    line, formats = COMMANDS[name]
    return [*line, "--format", draw(st.sampled_from(formats))]


def survives(
    command: list[str], file: str, changes: list[tuple[str, float, Any]], linked: tuple[str, str] | None
) -> None:
    """The command, on a sandbox with ``file`` mutated (and a file linked out), ends in a status, in its words."""
    with tempfile.TemporaryDirectory() as temporary:
        sandbox = make_sandbox(Path(temporary))
        tmp = sandbox.tmp
        (tmp / "doc.txt").write_bytes(DOCUMENT)
        mutate_file(tmp, file, changes)
        if linked is not None:
            link(tmp, *linked)
        argv = [sandbox.fill(part) for part in command]
        fenced, tree = outside_the_tree(sandbox), snapshot(sandbox.tree)

        try:
            status, out, err = run(argv, sandbox.tree)
        except Hung:
            pytest.fail(f"{argv[0]} blocked for 60 s")

        said = out + err
        assert "unexpected error" not in err and "Traceback" not in said, f"catch-all: {err[-1500:]}"
        assert status in (0, 1, 2)
        if "json" in argv:
            json.loads(out)
        raw = RAW.search(said)
        assert raw is None, f"a raw {raw.group()!r}: {said[max(0, raw.start() - 60) : raw.end() + 60]!r}"
        assert "SECRET-CANARY" not in said and "PATH=" not in said
        assert outside_the_tree(sandbox) == fenced, "changed something outside the tree"
        if argv[0] not in WRITERS:
            assert snapshot(sandbox.tree) == tree, "changed the tree"


GIVEN = given(
    command=commands(),
    file=st.sampled_from(FILES),
    changes=st.lists(mutations, min_size=1, max_size=4),
    linked=st.none() | st.tuples(st.sampled_from(LINKED), st.sampled_from(LINKS)),
)


# Plain pytest: a quarter of the profile's examples and the two fixed ones; the deep tier runs twice it.
@settings(max_examples=max(25, settings().max_examples // 4))
@GIVEN
# A manifest nested 100,000 deep, and the releases folder a link to /dev/zero, as fixed examples.
@example(
    command=["gate", "last-release", "{tree}", "--format", "json"],
    file="manifest-json",
    changes=[("insert", 0.0, b"[" * 100_000)],
    linked=None,
)
@example(
    command=["fill-offsets", "{tree}", "--format", "github"],
    file=f"{DATA}/records/evidence.csv",
    changes=[("insert", 0.5, b",")],
    linked=("release", "/dev/zero"),
)
def test_every_command_survives_any_mutation(
    command: list[str], file: str, changes: list[tuple[str, float, Any]], linked: tuple[str, str] | None
) -> None:
    survives(command, file, changes, linked)


@pytest.mark.deep
@settings(max_examples=max(200, settings().max_examples * 2))
@GIVEN
def test_every_command_survives_any_mutation_deeply(
    command: list[str], file: str, changes: list[tuple[str, float, Any]], linked: tuple[str, str] | None
) -> None:
    """The deep tier: the same property, 200 examples on every CI run."""
    survives(command, file, changes, linked)
