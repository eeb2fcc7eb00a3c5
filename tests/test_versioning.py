"""Every promise in CHANGELOG.md's versioning section is enforced by a named test.

PROMISES maps each sentence of that section to the tests that enforce it, or to why it is not a
rule (an explanation). The section may not hold a sentence the table does not map, a mapped test
must exist, and a promise must name at least one test: a new promise fails here until it is
enforced. The tests below enforce the promises no other file does.
"""

from __future__ import annotations

import ast
import re
from functools import cache

import pytest
import yaml

import crocus_data
from crocus_data.history.gate import gate
from crocus_data.history.inputs import load
from crocus_data.history.manifest import SUFFIX

from scratch import REPO

SECTION = "## Versioning: data semver"

DIFF = "tests/test_history_diff.py::test_diff_reports_exactly_the_edits_and_the_bump_they_require"
NOT_FAR_ENOUGH = "tests/test_history_gate.py::test_fails_when_the_version_is_not_bumped_far_enough"

# (the words of the section, the tests that enforce them) or (the words, "explains: why it is no rule").
PROMISES: list[tuple[str, list[str] | str]] = [
    (
        "The version (`crocus_data.__version__`, the package metadata, `datapackage.json`, `CITATION.cff` and "
        "every Parquet file carry the same number, and tests keep them equal) says what a user's code and "
        "analyses can rely on",
        [
            "tests/test_release.py::test_the_version_is_the_same_everywhere",
            "tests/test_version_info.py::test_every_parquet_file_records_its_release",
            "tests/test_version_info.py::test_validate_flags_parquet_files_of_another_release",
        ],
    ),
    (
        "**Major** (`1.0.0` → `2.0.0`): a field is renamed, retyped or removed, a table is renamed or removed, "
        "or an enum value is removed.",
        [
            DIFF,
            NOT_FAR_ENOUGH,
            "tests/test_history_diff.py::test_a_column_that_may_now_be_empty_or_take_any_value_is_a_breaking_change",
            "tests/test_history_diff.py::test_a_changed_primary_key_is_a_breaking_change",
        ],
    ),
    ("Code written against the old version may break.", "explains: why a major bump matters"),
    (
        "An enum value that keeps its spelling but changes meaning is major too; no diff can see that, so its "
        "entry says so and the version is bumped by hand, as far as wanted beyond what the data requires.",
        # What code can hold to: the gate accepts any bump at least as large as the data requires.
        ["tests/test_history_gate.py::test_a_declared_change_passes"],
    ),
    (
        "**Minor** (`0.1.0` → `0.2.0`): records are added — a new source, new rows, a new table, column or enum value.",
        [DIFF, NOT_FAR_ENOUGH, "tests/test_history_diff.py::test_source_texts_are_compared_by_hash"],
    ),
    (
        "Existing ids keep their meaning;",
        [
            "tests/test_history_gate.py::test_fails_when_a_tombstoned_id_is_used_again",
            "tests/test_package_properties.py::test_a_retired_id_in_use_is_rejected_where_it_is_used",
        ],
    ),
    ("queries may return more rows.", "explains: what a minor bump means for a query"),
    (
        "**Retiring a record** (a row removed) is minor too, and the id leaves a tombstone.",
        [
            DIFF,
            "tests/test_history_gate.py::test_fails_when_a_record_vanishes_without_a_tombstone",
            "tests/test_history_gate.py::test_a_retired_record_with_a_tombstone_passes",
        ],
    ),
    ("A query may return fewer rows, which is at least as visible as more.", "explains: why retiring is minor"),
    (
        "**Patch** (`0.1.0` → `0.1.1`): values are fixed — a wrong date bound, a mis-typed qualifier, a "
        "corrected quote or offset, a clearer note.",
        [
            DIFF,
            "tests/test_history_gate.py::test_fails_when_the_version_is_not_bumped_at_all",
            "tests/test_history_cli.py::test_the_gate_fails_an_undeclared_fix_and_passes_it_declared",
        ],
    ),
    ("No field changes and no record is added or retired.", [DIFF, NOT_FAR_ENOUGH]),
    (
        "**Before 1.0.0**, a change that would be major takes at least a minor bump (`0.1.0` → `0.2.0`), as in "
        "Cargo and npm, so that 1.0.0 stays a deliberate promise.",
        [
            "tests/test_history_gate.py::test_the_smallest_version_each_change_allows",
            "tests/test_history_gate.py::test_a_declared_change_passes",
            NOT_FAR_ENOUGH,
        ],
    ),
    (
        "Ids are never reused for a different record: a retired id keeps its row in the `tombstones` table, and "
        "`crocus-data validate` refuses it as the id of any other row.",
        [
            "tests/test_corpus.py::test_case_is_reported_exactly",
            "tests/test_package_properties.py::test_a_retired_id_in_use_is_rejected_where_it_is_used",
            "tests/test_history_gate.py::test_fails_when_a_tombstoned_id_is_used_again",
            "tests/test_history_gate.py::test_fails_when_a_tombstone_is_removed",
        ],
    ),
    (
        "Every entry below says what changed in the data, so that a change never happens silently.",
        [
            "tests/test_versioning.py::test_the_working_tree_declares_its_change_against_the_last_release",
            "tests/test_history_gate.py::test_fails_when_the_changelogs_top_entry_is_not_the_new_version",
            "tests/test_history_gate.py::test_fails_without_a_changelog_or_with_an_empty_entry",
        ],
    ),
    (
        "`crocus-data validate --against last-release`, which CI runs on every pull request, fails a change "
        "whose version is not bumped as far as its diff requires, whose newest entry is not the new version, in "
        "which an id of the last release is gone without a tombstone, or in which a tombstone is removed.",
        [
            "tests/test_versioning.py::test_the_workflow_validates_and_gates_every_pull_request",
            "tests/test_cli.py::test_validate_against_fails_on_a_gate_problem_alone",
            NOT_FAR_ENOUGH,
            "tests/test_history_gate.py::test_fails_when_the_changelogs_top_entry_is_not_the_new_version",
            "tests/test_history_gate.py::test_fails_when_a_record_vanishes_without_a_tombstone",
            "tests/test_history_gate.py::test_fails_when_a_tombstone_is_removed",
        ],
    ),
    (
        "Each released version is recorded under `releases/`, so that `crocus-data diff` compares any later "
        "version with it offline.",
        [
            "tests/test_versioning.py::test_every_released_version_has_a_manifest",
            "tests/test_history_cli.py::test_every_manifest_under_releases_is_named_for_its_version",
            "tests/test_history_cli.py::test_a_hand_made_edit_shows_in_every_format",
        ],
    ),
]


def changelog() -> str:
    return (REPO / "CHANGELOG.md").read_text(encoding="utf-8")


def section() -> str:
    """The versioning section, its white space collapsed (so line breaks do not matter)."""
    text = changelog()
    start = text.index(SECTION) + len(SECTION)
    end = text.index("\n## ", start)
    return " ".join(text[start:end].split())


@cache
def defined_tests(path: str) -> set[str]:
    """The test functions of a test file, as ``name`` and ``Class::name``."""
    tree = ast.parse((REPO / path).read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            names |= {f"{node.name}::{item.name}" for item in node.body if isinstance(item, ast.FunctionDef)}
    return names


def test_every_sentence_of_the_versioning_section_is_mapped() -> None:
    text = section()
    for words, _ in PROMISES:
        assert words in text, f"no longer in CHANGELOG.md's versioning section: {words!r}"
        text = text.replace(words, "", 1)
    leftover = re.sub(r"[\s\-*:;,.()—]+", "", text)
    assert leftover == "", f"sentences of the versioning section with no entry in PROMISES: {text!r}"


@pytest.mark.parametrize(("words", "enforced_by"), PROMISES, ids=[words[:50] for words, _ in PROMISES])
def test_every_promise_names_tests_that_exist(words: str, enforced_by: list[str] | str) -> None:
    if isinstance(enforced_by, str):
        assert enforced_by.startswith("explains: ") and len(enforced_by) > len("explains: "), words
        return
    assert enforced_by, f"a promise no test enforces: {words!r}"
    for test in enforced_by:
        path, name = test.split("::", 1)
        assert (REPO / path).is_file(), test
        assert name in defined_tests(path), f"{test} does not exist"


def test_the_mapping_notices_an_unmapped_sentence() -> None:
    """The leftover check is not vacuous: a sentence the table does not name is left over."""
    text = section() + " Ids may be reused after ten years."
    for words, _ in PROMISES:
        text = text.replace(words, "", 1)
    assert re.sub(r"[\s\-*:;,.()—]+", "", text) == "Idsmaybereusedaftertenyears"


# --- promises no other test file enforces ----------------------------------------------------------


def test_the_working_tree_declares_its_change_against_the_last_release() -> None:
    """The repository passes its own gate: its version and changelog say what changed since the release."""
    old, new = load("last-release", cwd=REPO), load(str(REPO))
    result = gate(old.snapshot, new.snapshot, changelog())
    assert result.passed, [f"{p.code}: {p.message}" for p in result.problems]


def test_the_workflow_validates_and_gates_every_pull_request() -> None:
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "validate.yml").read_text(encoding="utf-8"))
    assert "pull_request" in workflow[True]  # YAML 1.1 reads the key `on` as true
    commands = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    gating = [c for c in commands if c.startswith("crocus-data validate") and "--against last-release" in c]
    assert gating, commands
    step = next(s for job in workflow["jobs"].values() for s in job["steps"] if s.get("run") == gating[0])
    assert "if" not in step and "continue-on-error" not in step and "||" not in gating[0]


def test_every_released_version_has_a_manifest() -> None:
    """A changelog entry not marked unreleased is a release, and a release is recorded under releases/."""
    for version, rest in re.findall(r"^## (\d+\.\d+\.\d+)(.*)$", changelog(), flags=re.MULTILINE):
        if "unreleased" not in rest:
            assert (REPO / "releases" / f"{version}{SUFFIX}").is_file(), f"release {version} has no manifest"
    recorded = {path.name.removesuffix(SUFFIX) for path in (REPO / "releases").glob(f"*{SUFFIX}")}
    assert recorded <= set(re.findall(r"^## (\d+\.\d+\.\d+)", changelog(), flags=re.MULTILINE))
    assert crocus_data.__version__ in re.findall(r"^## (\d+\.\d+\.\d+)", changelog(), flags=re.MULTILINE)
