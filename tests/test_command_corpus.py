"""The corpus of hostile inputs for every command a pull request can reach (tests/corpus/commands.json).

Each case builds a sandbox — ``tree`` (a copy of the checkout: NEW, the working directory), ``old``
(another copy: OLD), ``outside`` (files that are not the tree's, one holding a secret) and a
document to add — breaks it in one way, runs one command, and checks what the issue "Every command
a pull request can reach is a security boundary" promises, for every case:

- the exit status is the one listed, and nothing reaches the catch-all (``unexpected error``), no traceback;
- nothing outside the tree changes, and the tree changes only when the case says the command writes;
- no output holds a raw control or bidi character, a lone surrogate, or a ``::`` line carrying the payload;
- ``--format json`` prints one JSON document; Markdown output renders to nothing active (tests/page_safety.py);

and what the case adds: text that must not be printed (``lacks``), that must (``has``), file modes
kept (``modes``), memory traced in-process (``max_traced_mb``), generated pages that must render to
nothing active (``pages``). A case with ``isolate`` runs as a child process under a memory limit,
its peak resident memory compared with ``max_rss_mb``: bombs that would take the test run down.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import hashlib
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tracemalloc
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from page_safety import dangers, elements
from test_fuzz_validate import wall_clock_guard

from crocus_data.cli import main

from bombs import write_gzip_bomb
from scratch import REPO, ScratchRepo
from scratch import tree_snapshot as snapshot

CORPUS: dict[str, Any] = json.loads((REPO / "tests" / "corpus" / "commands.json").read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = CORPUS["cases"]
CATCH_ALL = "unexpected error"
MARKER = "PWNED"
CASE_SECONDS = 60  # wall-clock guard per case: a command blocked on a pipe fails the case, not the suite
# Characters no output may carry raw: C0 and C1 controls (but line breaks and tabs), the bidi controls,
# line and paragraph separators, and lone surrogates.
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def unescape(text: str) -> bytes:
    """Corpus text as bytes: \\xNN stands for one raw byte (the convention of cases.json)."""
    return text.encode("utf-8").decode("unicode_escape").encode("latin-1")


@dataclass
class Sandbox:
    """Where a case runs: ``tmp`` holds ``tree`` (NEW, the working directory), ``old``, ``outside``, ``doc.txt``."""

    tmp: Path

    @property
    def tree(self) -> Path:
        return self.tmp / "tree"

    def places(self) -> dict[str, str]:
        doc = self.tmp / "doc.txt"
        places = {
            "tmp": str(self.tmp),
            "tree": str(self.tree),
            "old": str(self.tmp / "old"),
            "outside": str(self.tmp / "outside"),
            "doc": str(doc),
            "doc_sha256": hashlib.sha256(doc.read_bytes()).hexdigest() if doc.is_file() else "",
            "first_release": str(sorted((self.tree / "releases").glob("*.json.gz"))[0]) if self._released() else "",
        }
        return places

    def added_id(self) -> str:
        """The id of the last row of the tree's sources.csv: the source a case's "before" command added."""
        with (self.tree / "crocus_data" / "data" / "records" / "sources.csv").open(
            encoding="utf-8", newline=""
        ) as stream:
            return list(csv.reader(stream))[-1][0]

    def _released(self) -> bool:
        releases = self.tree / "releases"
        return releases.is_dir() and not releases.is_symlink() and any(releases.glob("*.json.gz"))

    def fill(self, value: str) -> str:
        if "{" not in value:
            return value
        for name, place in self.places().items():
            value = value.replace("{" + name + "}", place)
        return value.replace("{added_id}", self.added_id()) if "{added_id}" in value else value

    def path(self, value: str) -> Path:
        filled = self.fill(value)
        return Path(filled) if filled.startswith("/") else self.tmp / filled


def make_sandbox(tmp: Path) -> Sandbox:
    sandbox = Sandbox(tmp)
    for name in ("tree", "old"):
        ScratchRepo.copy_to(tmp / name)
        for extra in ("CHANGELOG.md", "mkdocs.yml"):
            shutil.copy2(REPO / extra, tmp / name / extra)
    shutil.copytree(REPO / "releases", sandbox.tree / "releases")
    outside = tmp / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"SECRET-CANARY {MARKER}\n", encoding="utf-8")
    return sandbox


def _scratch(sandbox: Sandbox, where: str) -> ScratchRepo:
    return ScratchRepo(sandbox.tmp / where)


def _key(scratch: ScratchRepo, table: str, key: str, sandbox: Sandbox) -> str:
    """A row's key: ``#first`` and ``#second`` name rows by place, so no case names an id of the shipped data."""
    if key in ("#first", "#second"):
        header, rows = scratch.read_rows(table)
        return rows[0 if key == "#first" else 1][header[0]]
    return sandbox.fill(key)


def _manifest_text(sandbox: Sandbox, source: str) -> str:
    return gzip.decompress(sandbox.path(source).read_bytes()).decode("utf-8")


def apply(sandbox: Sandbox, edit: dict[str, Any]) -> None:
    kind = edit["do"]
    path = sandbox.path(edit["path"]) if "path" in edit else None
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "symlink":
        assert path is not None
        target = sandbox.path(edit["to"])
        if edit.get("move") and (path.exists() or path.is_symlink()):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(path, target)
        elif path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        path.symlink_to(target)
    elif kind == "write":
        assert path is not None
        content = unescape(sandbox.fill(edit["text"])) * edit.get("repeat", 1)
        path.write_bytes(gzip.compress(content, mtime=0) if edit.get("gzip") else content)
    elif kind == "gzip_bomb":
        assert path is not None
        write_gzip_bomb(path, edit["megabytes"], edit.get("byte", " ").encode())
    elif kind == "manifest":
        assert path is not None
        text = _manifest_text(sandbox, edit.get("from", "{first_release}"))
        for old, new in edit.get("replace", []):
            assert old in text, old
            text = text.replace(old, new, 1)
        path.write_bytes(gzip.compress(text.encode("utf-8", "surrogatepass"), mtime=0))
    elif kind == "set_cell":
        scratch = _scratch(sandbox, edit.get("in", "tree"))
        value = unicodedata.normalize("NFC", sandbox.fill(edit["value"]))
        scratch.set_cell(edit["table"], _key(scratch, edit["table"], edit["key"], sandbox), edit["column"], value)
    elif kind == "set_version":
        for descriptor in ("datapackage.json", "crocus_data/data/datapackage.json"):
            target = sandbox.tmp / edit.get("in", "tree") / descriptor
            document = json.loads(target.read_text(encoding="utf-8"))
            document["version"] = "{VERSION}"
            text = json.dumps(document, indent=2).replace('"{VERSION}"', edit["json"])
            target.write_text(text, encoding="utf-8")
    elif kind == "append_note":
        notes = sandbox.tree / "crocus_data" / "data" / "coverage_notes.csv"
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow([sandbox.fill(cell) for cell in edit["cells"]])
        with notes.open("a", encoding="utf-8", newline="") as stream:
            stream.write(buffer.getvalue())
    elif kind == "replace":
        assert path is not None
        content = path.read_bytes()
        old, new = unescape(sandbox.fill(edit["old"])), unescape(sandbox.fill(edit["new"]))
        assert old in content, edit
        path.write_bytes(content.replace(old, new, 1))
    elif kind == "stray_cells":  # cells after the last row's last one: a stray comma, as typed in an editor
        assert path is not None
        path.write_bytes(path.read_bytes().rstrip(b"\n") + unescape(edit["text"]) + b"\n")
    elif kind == "mkfifo":
        assert path is not None
        path.unlink(missing_ok=True)
        os.mkfifo(path)
    elif kind == "chmod":
        assert path is not None
        path.chmod(int(edit["mode"], 8))
    elif kind == "parquet":
        assert path is not None
        _rewrite_parquet(path, edit)
    else:
        raise ValueError(kind)


def _rewrite_parquet(path: Path, edit: dict[str, Any]) -> None:
    """Replace a Parquet file's column with one dictionary value repeated (a bomb), or its crocus_data metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    if "megabytes" in edit:
        name = edit["column"]
        rows = table.num_rows
        values = pa.DictionaryArray.from_arrays(
            pa.array([0] * rows, pa.int32()), pa.array(["x" * (edit["megabytes"] << 20)])
        )
        table = table.set_column(table.schema.get_field_index(name), pa.field(name, values.type), values)
    if "metadata" in edit:
        metadata = dict(table.schema.metadata or {})
        metadata[b"crocus_data"] = (edit["metadata"] * edit.get("repeat", 1)).encode()
        table = table.replace_schema_metadata(metadata)
    pq.write_table(table, path, compression="zstd")


@dataclass
class Outcome:
    status: int
    out: str
    err: str
    traced_mb: float = 0.0
    peak_rss_mb: float = 0.0


def _deny(*args: object, **kwargs: object) -> None:
    raise PermissionError(13, "Permission denied (the test denies every rename)")


def run_in_process(argv: list[str], sandbox: Sandbox, case: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Outcome:
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.chdir(sandbox.tree)
    traced = case.get("max_traced_mb") is not None
    with monkeypatch.context() as patch:
        if case.get("deny_replace"):
            patch.setattr(os, "replace", _deny)
        if traced:
            tracemalloc.start()
        try:
            with wall_clock_guard(CASE_SECONDS), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = main(argv)
        finally:
            peak = tracemalloc.get_traced_memory()[1] / (1 << 20) if traced else 0.0
            if traced:
                tracemalloc.stop()
    return Outcome(status, out.getvalue(), err.getvalue(), traced_mb=peak)


def run_isolated(argv: list[str], sandbox: Sandbox, limit_mb: int) -> Outcome:
    """The command as a child process under an address-space limit: its status, output and peak RSS."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit_mb << 20, limit_mb << 20))

    with (sandbox.tmp / "stdout").open("w+b") as out, (sandbox.tmp / "stderr").open("w+b") as err:
        child = subprocess.Popen(
            [sys.executable, "-m", "crocus_data.cli", *argv], cwd=sandbox.tree, stdout=out, stderr=err,
            stdin=subprocess.DEVNULL, preexec_fn=limit,
        )  # fmt: skip
        with wall_clock_guard(CASE_SECONDS):
            _, code, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(code)
        out.seek(0)
        err.seek(0)
        return Outcome(
            child.returncode,
            out.read().decode("utf-8", "backslashreplace"),
            err.read().decode("utf-8", "backslashreplace"),
            peak_rss_mb=usage.ru_maxrss / 1024,
        )


def mode_of(path: Path) -> int:
    return path.stat().st_mode & 0o777


def outside_the_tree(sandbox: Sandbox) -> dict[str, object]:
    """Everything in the sandbox but the tree (OLD, outside, the document) and what the top level holds."""
    found: dict[str, object] = {
        "entries": sorted(p.name for p in sandbox.tmp.iterdir() if p.name not in ("stdout", "stderr"))
    }
    for name in ("old", "outside"):
        found[name] = snapshot(sandbox.tmp / name)
    return found


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case(case: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sandbox = make_sandbox(tmp_path)
    for edit in case.get("setup", []):
        apply(sandbox, edit)
    monkeypatch.chdir(sandbox.tree)
    for before in case.get("before", []):
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            assert main([sandbox.fill(part) for part in before]) == 0, before
    for edit in case.get("then", []):
        apply(sandbox, edit)
    argv = [sandbox.fill(part) for part in case["run"]]
    fenced = outside_the_tree(sandbox)
    tree = snapshot(sandbox.tree)
    isolate = case.get("isolate")
    if isolate:
        outcome = run_isolated(argv, sandbox, isolate["rlimit_mb"])
    else:
        outcome = run_in_process(argv, sandbox, case, monkeypatch)
    said = outcome.out + outcome.err

    assert CATCH_ALL not in outcome.err and "Traceback" not in said, f"reached the catch-all: {outcome.err[-2000:]}"
    statuses = case["status"] if isinstance(case["status"], list) else [case["status"]]
    assert outcome.status in statuses, f"exit {outcome.status}, not {statuses}: {outcome.err[-1500:]}"
    said.encode("utf-8")  # no lone surrogate reached the output (a real stdout could not print it)
    raw = RAW.search(said)
    assert raw is None, f"a raw {raw.group()!r} in the output: {said[max(0, raw.start() - 80) : raw.end() + 80]!r}"
    commands = [line for line in said.splitlines() if line.lstrip().startswith("::") and MARKER in line]
    assert not commands, f"a workflow command from the data: {commands[:3]}"
    for text in case.get("lacks", []):
        assert sandbox.fill(text) not in said, f"printed {text!r}"
    for text in case.get("has", []):
        assert sandbox.fill(text) in said, f"does not say {text!r}: {said[-1500:]}"
    if "json" in argv:
        json.loads(outcome.out)
    if "markdown" in argv:
        assert dangers(elements(outcome.out)) == []
    assert outside_the_tree(sandbox) == fenced, "the command changed something outside the tree"
    if not case.get("writes"):
        assert snapshot(sandbox.tree) == tree, "the command changed the tree"
    for relative, mode in case.get("modes", {}).items():
        assert mode_of(sandbox.path(relative)) == int(mode, 8), (
            f"{relative}: mode {oct(mode_of(sandbox.path(relative)))}"
        )
    for page in case.get("pages", []):
        found = dangers(elements(sandbox.path(page).read_text(encoding="utf-8")), MARKER)
        assert found == [], f"{page}: {found}"
    if case.get("max_traced_mb") is not None:
        assert outcome.traced_mb <= case["max_traced_mb"], f"{outcome.traced_mb:.0f} MiB traced"
    if isolate and "max_rss_mb" in isolate:
        assert outcome.peak_rss_mb <= isolate["max_rss_mb"], f"peak {outcome.peak_rss_mb:.0f} MiB"


def test_every_class_of_the_issue_has_cases() -> None:
    classes = {case["class"] for case in CASES}
    assert classes == set(CORPUS["classes"]), classes ^ set(CORPUS["classes"])
    assert all(case["name"] for case in CASES) and len({c["name"] for c in CASES}) == len(CASES)
