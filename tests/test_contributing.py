"""CONTRIBUTING.md's walkthrough, run as written on a fictional source in a scratch copy of the checkout.

Its shell commands are read from the page, in order, and run in-process (the way test_docs.py runs
the docs' Python snippets); the reading and typing a contributor does between them is
tests/fictional.py's. Then every check that depends on the data runs on the result: the validator and
frictionless, coverage, the drift check, the gate, the views and the figures. The fictional source
exists only in the scratch copy.
"""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import frictionless
import pytest

import crocus_data
import crocus_data.version
from crocus_data import views
from crocus_data.build import build
from crocus_data.checks import run_checks
from crocus_data.checks.coverage import coverage
from crocus_data.cli import main
from crocus_data.layout import DATA_DIR
from crocus_data.loaders import installed as loaders
from crocus_data.models import MODELS
from crocus_data.reader.package import from_descriptor, from_layout
from crocus_data.site import figures as plots

import fictional
from scratch import REPO, ScratchRepo, ignored_patterns, is_ignored

PAGE = REPO / "CONTRIBUTING.md"
SETUP = 0  # the section whose commands make the environment this test already runs in


def sections(page: Path) -> list[tuple[int, str, list[str]]]:
    """(number, title, shell command lines) of each numbered section, in order."""
    found = []
    for match in re.finditer(r"^## (\d+)\. (.+?)\n(.*?)(?=^## |\Z)", page.read_text(encoding="utf-8"), re.M | re.S):
        blocks = re.findall(r"```sh\n(.*?)```", match.group(3), flags=re.S)
        lines = [line for block in blocks for line in block.splitlines() if line.strip()]
        found.append((int(match.group(1)), match.group(2), lines))
    return found


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ScratchRepo]:
    """A clone after `pip install -e .` (built), with what the walkthrough touches; the package reads its data there."""
    scratch = ScratchRepo.copy_to(tmp_path / "checkout")
    shutil.copy2(REPO / "CHANGELOG.md", scratch.root / "CHANGELOG.md")
    shutil.copytree(REPO / "releases", scratch.root / "releases")
    shutil.copy2(REPO / ".gitignore", scratch.root / ".gitignore")
    monkeypatch.chdir(scratch.root)
    monkeypatch.setattr(loaders, "data_dir", lambda: scratch.data)
    loaders.descriptor.cache_clear()
    yield scratch
    loaders.descriptor.cache_clear()


def run_walkthrough(scratch: ScratchRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Run every command of CONTRIBUTING.md after its set-up, with the hand work between; return what ran."""
    document = fictional.write_document(tmp_path)

    def record_the_change() -> None:
        version = fictional.record_change(scratch.root)
        if version is not None:  # what editing crocus_data/__init__.py and reinstalling does
            monkeypatch.setattr(crocus_data, "__version__", version)
            monkeypatch.setattr(crocus_data.version, "__version__", version)

    hand_work: dict[int, Callable[[], None]] = {
        2: lambda: fictional.encode(scratch.root),  # the rows, and their evidence with empty offsets
        4: lambda: fictional.explain(scratch.root),
        5: record_the_change,
    }
    ran = []
    numbers = [number for number, _, _ in sections(PAGE)]
    assert numbers == list(range(len(numbers))) and set(hand_work) <= set(numbers), "renumber hand_work"
    for number, title, lines in sections(PAGE):
        if number in hand_work:
            hand_work[number]()
        if number == SETUP:
            continue
        for line in lines:
            argv = shlex.split(line, comments=True)
            source_id = fictional.added_source_id(scratch.root)
            argv = [
                {"path/to/report.txt": str(document), "src-005": source_id, "exact words": "Test Speaker"}.get(a, a)
                for a in argv
            ]
            loaders.descriptor.cache_clear()  # a command may have just rewritten the descriptor
            if argv[0] == "crocus-data":
                status = main(argv[1:])
            elif argv[:3] == ["python", "-m", "crocus_data.site.figures"]:
                status = plots.main(argv[3:])
            elif argv == ["pytest"]:
                continue  # this test is part of it; the checks that depend on the data follow below
            else:
                raise AssertionError(f"section {number} ({title}) runs {line!r}, which this test cannot run")
            assert status == 0, f"section {number} ({title}): {line!r} exited {status}"
            ran.append(" ".join(argv[:2]))
    return ran


def files_under(root: Path) -> dict[Path, bytes]:
    return {path.relative_to(root): path.read_bytes() for path in root.rglob("*") if path.is_file()}


def shipped_texts() -> set[bytes]:
    return {path.read_bytes() for path in (REPO / DATA_DIR / "sources").iterdir()}


def test_the_walkthrough_takes_a_fictional_source_through_every_check(
    checkout: ScratchRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if fictional.TEXT.encode("utf-8") in shipped_texts():
        pytest.skip("the fictional source is already in this checkout's data (tests/fictional.py was applied)")
    before = files_under(checkout.root)
    ran = run_walkthrough(checkout, tmp_path, monkeypatch)
    assert [command for command in ran if command.startswith("crocus-data")] == [
        "crocus-data add-source",
        "crocus-data fill-offsets",
        "crocus-data locate",
        "crocus-data build",
        "crocus-data validate",
        "crocus-data gate",
    ]
    source_id = fictional.added_source_id(checkout.root)
    loaders.descriptor.cache_clear()

    # The validator, coverage included, and frictionless agree the package is valid.
    assert run_checks(from_descriptor(checkout.root / "datapackage.json")) == []
    report = frictionless.Package(str(checkout.root / "datapackage.json")).validate()
    assert report.valid, [(task.name, error.type, error.note) for task in report.tasks for error in task.errors]
    assert len(report.tasks) == 2 * len(MODELS) + len(crocus_data.load("sources"))
    assert source_id in {task.name for task in report.tasks}

    # Every sentence of the new text backs a record or has its note; the coverage page says which.
    mine = [entry for entry in coverage(from_layout(checkout.data)) if entry.sentence.source_id == source_id]
    assert mine and all(entry.records or entry.reason for entry in mine)
    assert f"## {source_id}" in (checkout.root / "docs" / "coverage.md").read_text(encoding="utf-8")

    # Nothing generated is out of date; the figures draw the new statement.
    assert build(checkout.root, check=True).drifted == []
    label = next(row["label"] for row in checkout.read_rows("actors")[1] if row["actor_id"] == fictional.SPEAKER)
    assert label in plots.render_all()["who-said-what.svg"].decode("utf-8")

    # The diff git would show holds only what the contributor wrote: everything else changed is gitignored.
    changed = {path for path, content in files_under(checkout.root).items() if before.get(path) != content}
    patterns = ignored_patterns(checkout.root)
    written = {path for path in changed if not is_ignored(path, patterns)}
    sources = checkout.data / "sources"
    person_written = {p.relative_to(checkout.root) for p in sources.iterdir()} | {
        DATA_DIR / "records" / f"{table}.csv" for table in ("sources", "actors", "statements", "figures", "evidence")
    }
    person_written |= {DATA_DIR / "coverage_notes.csv", Path("CHANGELOG.md"), Path("datapackage.json")}
    assert written and written <= person_written, sorted(written - person_written)
    assert any(is_ignored(path, patterns) for path in changed)  # the build did make something

    # The views see the new assertions beside the old ones.
    killed = views.figure_estimates().set_index(["incident_id", "measure"]).loc[(fictional.CROCUS, "killed")]
    figures = crocus_data.load("figures")
    assert (
        killed["n_assertions"]
        == ((figures["incident_id"] == fictional.CROCUS) & (figures["measure"] == "killed")).sum()
    )
    assert f"fig-crocus-killed-{source_id}" in set(views.figures_summary()["figure_id"])
    trail = views.provenance(fictional.STATEMENT)
    assert set(trail["source_id"]) == {source_id} and trail["verified"].all()
    assert fictional.STATEMENT in set(views.timeline()["record_id"])
    assert f"fig-crocus-injured-{source_id}" in set(views.contested()["record_id"])
    assert source_id in set(views.provenance("stm-isis-claim")["source_id"])


def test_the_fictional_source_never_ships() -> None:
    """Fails, as it should, on a clone to which tests/fictional.py was applied (docs/testing.md)."""
    assert fictional.TEXT.encode("utf-8") not in shipped_texts()
    assert fictional.SPEAKER not in (REPO / DATA_DIR / "records" / "actors.csv").read_text(encoding="utf-8")


def test_every_command_of_the_walkthrough_is_one_the_test_runs() -> None:
    """A command added to CONTRIBUTING.md is run by the walkthrough test, or the test says which it cannot run."""
    known = ("crocus-data ", "python -m crocus_data.site.figures", "pytest")
    for number, title, lines in sections(PAGE):
        if number != SETUP:
            assert all(line.startswith(known) for line in lines), (number, title, lines)


def test_the_workbench_finishes_with_the_walkthroughs_commands() -> None:
    """docs/workbench.md's finishing commands are CONTRIBUTING.md's 'Build and check', line for line: a contributor
    who finishes from the workbench's page runs what CI checks, and nothing the builds make for them."""
    step = next(lines for _, title, lines in sections(PAGE) if title == "Build and check")
    page = (REPO / "docs" / "workbench.md").read_text(encoding="utf-8")
    finish = page[page.index("## When every sentence is done") :]
    finish = finish[: finish.index("\n## ", 1)]
    blocks = re.findall(r"```sh\n(.*?)```", finish, flags=re.S)

    def commands(lines: list[str]) -> list[str]:
        return [line.split("#")[0].strip() for line in lines]

    assert commands([line for block in blocks for line in block.splitlines() if line.strip()]) == commands(step)
    assert {"crocus-data validate .", "crocus-data gate last-release .", "pytest"} <= set(commands(step))
    assert "docs_build" not in finish and "site.figures" not in finish
