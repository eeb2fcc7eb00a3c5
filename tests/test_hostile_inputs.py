"""The validator survives anything a pull request can contain.

Each test breaks a scratch copy of the checkout the way a hostile or merely unlucky contribution
could, runs ``crocus-data validate --format json`` in-process, and checks one promise of the issue
"The validator survives anything a pull request can contain":

1. ``TestEverydayInputsDoNotCrash``: no input reaches the catch-all in ``cli.main``; every failure
   to open, decode or parse a file is a located problem with a rule id.
2. ``TestSmallInputsStayCheap``: memory, time and report size stay proportionate to the input
   (each file read once, duplicate resources refused, problems per file capped, hints budgeted).
3. ``TestValidAgreesWithTheBuild``: ``validate`` does not say "valid" where the descriptor and the
   tree disagree (duplicate resources, hashes, file names, Parquet, inner vs top-level descriptor).
4. ``TestOutputCannotAttackTheReader``: echoed values are escaped in every output format; the
   formula rule covers OWASP's list; NUL cells, link self-loops and part-of cycles are problems.

``TestHelpersOnOrdinaryInputs`` checks the helpers on inputs today's validator handles, so that a
failure in 1-4 is the validator's, not the test's.

Rule ids the issue introduces (``file.not-regular``, ``cell.nul`` ...) are named as the issue's
brief names them; see ``NEW_RULES`` in test_fuzz_validate.py. Every test also asserts that the tree
it validated is unchanged and that nothing reached the catch-all.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from crocus_data.cli import main

import anchors
from scratch import REPO, ScratchRepo
from scratch import tree_snapshot as snapshot
from statuses import expected_status

HOSTILE: dict[str, Any] = json.loads((REPO / "tests" / "corpus" / "hostile.json").read_text(encoding="utf-8"))

# A source whose text has curly quotes (so a Windows code page changes its bytes), and its file.
SOURCE = anchors.first("sources", lambda row: "\u2019" in anchors.text_of(row["source_id"]), "a text with curly quotes")
SOURCE_ID, TEXT = SOURCE["source_id"], f"sources/{SOURCE['filename']}"
FIGURES = "records/figures.csv"
FIGURE = anchors.plain_figure()
KILLED = FIGURE["figure_id"]  # a figure giving one number, in the document's voice
CATCH_ALL = "unexpected error"
# How long a test waits for a run blocked on a named pipe before unblocking it (and failing).
PIPE_PATIENCE_SECONDS = 10.0


# ---------------------------------------------------------------------------------------------
# Helpers: run the validator, snapshot the tree, locate problems.
# ---------------------------------------------------------------------------------------------


@dataclass
class Run:
    status: int
    out: str
    err: str

    @property
    def report(self) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(self.out)
        return document

    @property
    def problems(self) -> list[dict[str, Any]]:
        problems: list[dict[str, Any]] = self.report["problems"]
        return problems

    def located(self) -> list[tuple[str, int | None, str | None, str]]:
        return sorted(((p["file"], p["row"], p["column"], p["rule"]) for p in self.problems), key=repr)

    def rules(self) -> set[str]:
        return {p["rule"] for p in self.problems}

    def with_rule(self, rule: str) -> list[dict[str, Any]]:
        return [p for p in self.problems if p["rule"] == rule]


def validate(
    capsys: pytest.CaptureFixture[str], target: Path, output: str = "json", *, tree: Path | None = None
) -> Run:
    """Run ``crocus-data validate TARGET --format OUTPUT``; assert the promises every run keeps."""
    tree = tree or target
    before = snapshot(tree)
    status = main(["validate", str(target), "--format", output])
    out, err = capsys.readouterr()
    assert CATCH_ALL not in err, f"reached the catch-all in cli.main: {err.strip()}"
    assert "Traceback" not in out + err
    assert snapshot(tree) == before, "the validator changed the tree it checked"
    run = Run(status, out, err)
    if output == "json":
        # The status the corpus gives these rules (tests/statuses.py), not one read from the code.
        assert status == run.report["exit_status"] == expected_status(sorted(run.rules())), (status, run.rules())
    else:
        assert status in (0, 1, 2)
    return run


def edit_descriptors(scratch: ScratchRepo, change: Any) -> None:
    """Apply ``change(descriptor)`` to both descriptors (data directory and checkout root)."""
    for path in (scratch.data / "datapackage.json", scratch.root / "datapackage.json"):
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        change(descriptor)
        path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def edit_data_descriptor(scratch: ScratchRepo, change: Any) -> None:
    path = scratch.data / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def resource(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(r for r in descriptor["resources"] if r.get("name") == name)
    return found


def rehash_text(scratch: ScratchRepo, raw: bytes, *, descriptors: bool) -> None:
    """Record a new text for SOURCE in sources.csv (and, if asked, in both descriptors)."""
    digest = hashlib.sha256(raw).hexdigest()
    scratch.set_cell("sources", SOURCE_ID, "sha256", digest)
    scratch.set_cell("sources", SOURCE_ID, "bytes", str(len(raw)))
    if descriptors:

        def change(descriptor: dict[str, Any]) -> None:
            resource(descriptor, SOURCE_ID).update(bytes=len(raw), hash=f"sha256:{digest}")

        edit_descriptors(scratch, change)


def quoted(field: str) -> str:
    """A CSV field as a spreadsheet writes it: quoted when it holds a comma, a quote, CR or LF."""
    return '"' + field.replace('"', '""') + '"' if any(c in field for c in ',"\r\n') else field


def set_cell_exactly(scratch: ScratchRepo, table: str, key: str, column: str, value: str) -> int:
    """Like ScratchRepo.set_cell, but quoting a cell that holds a bare CR.

    Python's csv writer (lineterminator "\n") leaves a bare CR unquoted, which splits the row; a
    contributor's spreadsheet quotes it. Returns the row's line number.
    """
    header, rows = scratch.read_rows(table)
    lines = [",".join(map(quoted, header))]
    found = None
    for number, row in enumerate(rows):
        if row[header[0]] == key:
            row[column], found = value, number + 2
        lines.append(",".join(quoted(row[name]) for name in header))
    assert found is not None, key
    scratch.table_path(table).write_bytes(("\n".join(lines) + "\n").encode("utf-8"))
    return found


def is_file_rule(rule: str) -> bool:
    """A rule about a file's kind or readability: the issue's file.not-regular / file.unreadable,
    or another ``file.`` id the implementer chooses. Not file.missing: the file is there, and
    "restore it" would mislead."""
    return rule.startswith("file.") and rule != "file.missing"


@contextlib.contextmanager
def pipe_unblocker(pipe: Path) -> Iterator[list[bool]]:
    """If a run blocks opening ``pipe`` for longer than PIPE_PATIENCE_SECONDS, open its other end
    (and close it) so the run sees end-of-file and the test can fail instead of hanging."""
    done, fired = threading.Event(), []

    def unblock() -> None:
        if done.wait(PIPE_PATIENCE_SECONDS):
            return
        fired.append(True)
        while not done.is_set():
            with contextlib.suppress(OSError):
                os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
            done.wait(0.1)

    thread = threading.Thread(target=unblock, daemon=True)
    thread.start()
    try:
        yield fired
    finally:
        done.set()
        thread.join()


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need os.mkfifo (POSIX)")
needs_symlinks = pytest.mark.skipif(sys.platform == "win32", reason="creating symlinks needs privileges on Windows")


# Control characters that must never reach a reader raw: C0, DEL and C1.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
OUR_ANNOTATION = re.compile(r"^::error file=[^:]*?(,line=\d+)?,title=[A-Za-z0-9.%-]+::")


def all_outputs(capsys: pytest.CaptureFixture[str], target: Path) -> dict[str, Run]:
    return {output: validate(capsys, target, output) for output in ("text", "json", "github")}


def assert_nothing_attacks_the_reader(runs: dict[str, Run]) -> None:
    """No ESC anywhere; no raw control character in any JSON value; no line of text or stderr
    output starts with '::'; in github output only our own annotations do, one per problem."""
    for output, run in runs.items():
        assert "\x1b" not in run.out + run.err, f"ESC reached the {output} output"
        assert "\x9b" not in run.out + run.err, f"a C1 CSI reached the {output} output"
        for line in run.err.splitlines():
            assert not line.lstrip().startswith("::"), f"stderr line starts a workflow command: {line!r}"
    for problem in runs["json"].problems:
        for key in ("file", "column", "rule", "message"):
            value = problem[key] or ""
            assert not CONTROL.search(value), f"raw control character in JSON {key}: {value!r}"
    for line in runs["text"].out.splitlines():
        assert not line.lstrip().startswith("::"), f"text output line starts a workflow command: {line!r}"
    commands = [line for line in runs["github"].out.splitlines() if line.lstrip().startswith("::")]
    assert all(OUR_ANNOTATION.match(line) for line in commands), commands
    assert len(commands) == len(runs["json"].problems), commands


class TestHelpersOnOrdinaryInputs:
    """The helpers above, on inputs today's validator already handles (these pass today), so that a
    failure below is the validator's and not the test's."""

    def test_a_clean_copy_is_valid_untouched_and_harmless_in_every_format(
        self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The scratch copy validates (exit 0) in every format, and the reader checks hold."""
        runs = all_outputs(capsys, scratch.data)
        assert {output: run.status for output, run in runs.items()} == {"text": 0, "json": 0, "github": 0}
        assert_nothing_attacks_the_reader(runs)

    def test_an_ordinary_problem_passes_the_reader_checks(
        self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An ordinary problem gives one of our github annotations and nothing the reader checks refuse."""
        line = scratch.set_cell("figures", KILLED, "value", f"{FIGURE['value']}.0")
        runs = all_outputs(capsys, scratch.data)
        assert runs["json"].located() == [(FIGURES, line, "value", "cell.type.integer")]
        assert_nothing_attacks_the_reader(runs)

    def test_set_cell_exactly_writes_csv_the_validator_reads(
        self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A cell written by set_cell_exactly with commas, quotes and a line break reads back as written."""
        value = 'a note, with "quotes"\nand a second line'
        lines = scratch.table_path("figures").read_text(encoding="utf-8").splitlines()
        where = next(number for number, text in enumerate(lines, start=1) if text.startswith(f"{KILLED},"))
        line = set_cell_exactly(scratch, "figures", KILLED, "note", value)
        assert line == where and scratch.cell("figures", KILLED, "note") == value
        # The build reads the edited CSV too, and regenerates the Parquet file the edit made stale.
        assert main(["build", str(scratch.root)]) == 0
        capsys.readouterr()
        assert validate(capsys, scratch.data).status == 0


# ---------------------------------------------------------------------------------------------
# 1. Everyday inputs crash it.
# ---------------------------------------------------------------------------------------------


class TestEverydayInputsDoNotCrash:
    """No input reaches the catch-all: each failure is a problem with file, line, column and rule."""

    @pytest.mark.parametrize("value", list(HOSTILE["non_ascii_digits"].values()), ids=list(HOSTILE["non_ascii_digits"]))
    def test_non_ascii_digits_in_an_integer_cell(
        self, value: str, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Integer cells accept ASCII digits only: a fullwidth 144 or a superscript two is a
        cell.type.integer problem on its line and column, not a crash in the cast (Unicode digits pass
        the digit test, then the cast to int64 raises ArrowInvalid)."""
        line = scratch.set_cell("figures", KILLED, "value", value)
        run = validate(capsys, scratch.data)
        assert run.located() == [(FIGURES, line, "value", "cell.type.integer")]
        assert run.status == 1

    def test_source_text_resaved_in_a_windows_code_page(
        self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A source text re-saved as cp1252 with its hash and size updated everywhere is reported once
        as an encoding problem of that file; its quotes are not decoded as UTF-8 (today they are, and
        the UnicodeDecodeError ends the run)."""
        path = scratch.data / TEXT
        raw = path.read_text(encoding="utf-8").encode("cp1252")  # the curly apostrophes become 0x92
        assert raw != path.read_bytes()
        path.write_bytes(raw)
        rehash_text(scratch, raw, descriptors=True)
        run = validate(capsys, scratch.data)
        assert [(p["file"], p["rule"]) for p in run.problems] in (
            [(TEXT, "source.encoding")],
            [(TEXT, "file.encoding")],
        ), run.problems
        assert run.status == 1

    def test_csv_with_cr_only_line_ends(self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
        """A table saved with CR-only (classic Mac) line ends is one ``file.`` problem (file.line-ends)
        of that file, not a csv.Error from the header parser."""
        path = scratch.table_path("figures")
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
        run = validate(capsys, scratch.data)
        assert len(run.problems) == 1, run.problems
        (problem,) = run.problems
        assert problem["file"] == FIGURES and problem["rule"].startswith("file."), problem  # file.line-ends
        assert run.status in (1, 2)

    def test_cr_inside_the_header(self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
        """A stray CR inside the header line is a problem on line 1 of the file (the header parser
        reports it), not a csv.Error."""
        path = scratch.table_path("figures")
        path.write_bytes(path.read_bytes().replace(b"figure_id,", b"figure_id\r,", 1))
        run = validate(capsys, scratch.data)
        assert run.problems, "a header with a CR in it is not valid"
        assert all(p["file"] == FIGURES for p in run.problems), run.problems
        assert any(p["rule"].startswith("file.") and p["row"] == 1 for p in run.problems), run.problems
        assert run.status in (1, 2)

    @needs_symlinks
    @pytest.mark.parametrize("where", [FIGURES, TEXT])
    def test_symlink_loop(self, where: str, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
        """A table or source text that is a symlink loop is a file.not-regular problem of that file
        (today Path.resolve raises RuntimeError 'Symlink loop')."""
        path = scratch.data / where
        path.unlink()
        path.symlink_to(path.name)
        run = validate(capsys, scratch.data)
        assert run.problems and all(p["file"] == where for p in run.problems), run.problems
        assert any(is_file_rule(p["rule"]) for p in run.problems), run.problems
        assert run.status in (1, 2)

    @pytest.mark.parametrize("where", [FIGURES, TEXT])
    def test_directory_where_a_file_should_be(
        self, where: str, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A directory where a table or text should be is a file.not-regular problem of that path
        (a text: today IsADirectoryError; a table: today file.missing, 'restore it')."""
        path = scratch.data / where
        path.unlink()
        path.mkdir()
        run = validate(capsys, scratch.data)
        assert run.problems and all(p["file"] == where for p in run.problems), run.problems
        assert any(is_file_rule(p["rule"]) for p in run.problems), run.problems
        assert run.status in (1, 2)

    @needs_fifo
    @pytest.mark.parametrize("where", [FIGURES, TEXT])
    def test_named_pipe_where_a_file_should_be(
        self, where: str, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A named pipe where a table or text should be is a file.not-regular problem, found without
        opening it (today a text pipe is opened and read: the run blocks until a writer comes)."""
        path = scratch.data / where
        path.unlink()
        os.mkfifo(path)
        with pipe_unblocker(path) as fired:
            run = validate(capsys, scratch.data)
        assert not fired, f"the run blocked opening the named pipe {where}; it had to be unblocked"
        assert run.problems and all(p["file"] == where for p in run.problems), run.problems
        assert any(is_file_rule(p["rule"]) for p in run.problems), run.problems

    @pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix domain sockets")
    def test_socket_where_a_table_should_be(
        self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A Unix socket where a table should be is file.not-regular, not file.missing."""
        path = scratch.table_path("figures")
        path.unlink()
        monkeypatch.chdir(path.parent)  # bound by its name: a socket's path is limited to ~100 bytes
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(path.name)
            run = validate(capsys, scratch.data)
        assert [p["file"] for p in run.problems] == [FIGURES], run.problems
        assert is_file_rule(run.problems[0]["rule"]), run.problems

    @pytest.mark.non_root  # root reads any file whatever its permissions: .ci/run runs this as an ordinary user
    @pytest.mark.parametrize("where", [FIGURES, TEXT])
    def test_unreadable_file(self, where: str, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
        """A table or text the validator may not read (permission denied) is a file.unreadable
        problem of that file, not a PermissionError."""
        path = scratch.data / where
        path.chmod(0)
        try:
            run = validate(capsys, scratch.data)
        finally:
            path.chmod(0o644)
        assert run.problems and all(p["file"] == where for p in run.problems), run.problems
        assert any(is_file_rule(p["rule"]) for p in run.problems), run.problems
        assert run.status in (1, 2)

    def test_descriptor_nested_very_deeply(self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
        """A descriptor under 1 MiB nested 100,000 deep is a package.descriptor problem, exit 2
        (today json.loads raises RecursionError)."""
        depth = 100_000
        (scratch.data / "datapackage.json").write_text(
            '{"resources": [], "x": ' + "[" * depth + "]" * depth + "}", encoding="utf-8"
        )
        run = validate(capsys, scratch.data)
        assert "package.descriptor" in run.rules(), run.problems
        assert {p["file"] for p in run.problems} == {"datapackage.json"}
        assert run.status == 2

    def test_descriptor_holding_a_huge_integer(self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
        """An integer of 5,000 digits in the descriptor is a package.descriptor problem, exit 2
        (today int() refuses it with ValueError, which is not a JSONDecodeError)."""
        path = scratch.data / "datapackage.json"
        content = path.read_text(encoding="utf-8")
        assert content.startswith("{")
        path.write_text('{"n": ' + "9" * 5000 + "," + content[1:], encoding="utf-8")
        run = validate(capsys, scratch.data)
        assert "package.descriptor" in run.rules(), run.problems
        assert {p["file"] for p in run.problems} == {"datapackage.json"}
        assert run.status == 2

    @pytest.mark.parametrize(
        "bad_path", ["records/fig\u0000ures.csv", "records/\ud800.csv"], ids=["nul byte", "lone surrogate"]
    )
    def test_resource_path_the_os_cannot_take(
        self, bad_path: str, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A resource path with a NUL byte (or a lone surrogate, which no file system encoding takes) is
        a package.descriptor problem of the descriptor, exit 2 (today ValueError: embedded null byte /
        UnicodeEncodeError from Path.resolve)."""
        path = scratch.data / "datapackage.json"
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        resource(descriptor, "figures")["path"] = bad_path
        path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")  # ASCII: \u escapes
        run = validate(capsys, scratch.data)
        assert "package.descriptor" in run.rules(), run.problems
        assert all(p["file"] == "datapackage.json" for p in run.problems), run.problems
        assert run.status == 2


# ---------------------------------------------------------------------------------------------
# 2. Small inputs cost huge memory or time.
# ---------------------------------------------------------------------------------------------

# Report budget the tests hold the validator to (the issue: "at most ~a few hundred" per file).
MAX_SHOWN_PER_FILE = 1000
MAX_JSON_BYTES_FOR_A_CAPPED_FILE = 500_000

PEAK_RSS_SCRIPT = """
import contextlib, io, resource, sys
from crocus_data.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    status = main(["validate", sys.argv[1], "--format", "json"])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(status, peak if sys.platform == "darwin" else peak * 1024)
"""


def peak_rss(target: Path, runs: int = 2) -> tuple[int, int]:
    """(exit status, peak resident memory in bytes) of a whole ``validate`` process on ``target``.

    The least of ``runs`` runs: the allocator's thread-dependent peaks vary a little between runs.
    """
    peaks, statuses = [], set()
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", PEAK_RSS_SCRIPT, str(target)], capture_output=True, text=True, timeout=1800
        )
        assert CATCH_ALL not in result.stderr and result.returncode == 0, result.stderr[-2000:]
        status, peak = result.stdout.split()
        statuses.add(int(status))
        peaks.append(int(peak))
    assert len(statuses) == 1, statuses
    return statuses.pop(), min(peaks)


def numbers_in(message: str) -> list[int]:
    return [int(match.replace(",", "").replace("_", "")) for match in re.findall(r"\d[\d,_]*", message)]


def write_junk_table(path: Path, header: bytes, size: int) -> None:
    """About ``size`` bytes of rows that are wrong in every way a CSV row can be, after a good header."""
    rng = random.Random(0)
    templates = [
        b"a,b,c\n",
        b"fig-x,inc-x,killed,people,x,,,at_least,w,,source,,\n",
        b"fig-y,inc-y,killed,people,\xef\xbc\x91,,,nearly,=w,,nobody,stm-x,\n",
        b",,,,,,,,,,,,,,,,,,,,,,,,\n",
        b"junk junk junk junk junk junk junk junk junk junk junk junk\n",
    ]
    with path.open("wb") as stream:
        stream.write(header + b"\n")
        written = 0
        while written < size:
            chunk = b"".join(rng.choice(templates) for _ in range(4096))
            stream.write(chunk)
            written += len(chunk)


class TestSmallInputsStayCheap:
    """Memory, time and report size follow the input's size, whatever the descriptor says."""

    def test_a_text_listed_many_times_is_a_duplicate(
        self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A descriptor listing the same text under 100 more names is a package.duplicate-resource
        problem of the descriptor (today: valid, and the text is read 101 times)."""

        def change(descriptor: dict[str, Any]) -> None:
            for i in range(100):
                descriptor["resources"].append(dict(resource(descriptor, SOURCE_ID), name=f"src-dup-{i}"))

        edit_data_descriptor(scratch, change)
        run = validate(capsys, scratch.data)
        duplicates = run.with_rule("package.duplicate-resource")
        assert duplicates and {p["file"] for p in duplicates} == {"datapackage.json"}, run.problems
        assert run.status in (1, 2)

    def test_a_table_file_listed_again_as_a_text_is_a_duplicate(
        self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A text resource whose path is a table's file is a package.duplicate-resource problem:
        every file is one resource (today figures.csv is read twice and reported as a bad text hash)."""
        edit_data_descriptor(scratch, lambda d: resource(d, anchors.any_source()["source_id"]).update(path=FIGURES))
        run = validate(capsys, scratch.data)
        assert "package.duplicate-resource" in run.rules(), run.problems
        assert run.status in (1, 2)

    def test_a_text_listed_many_times_is_read_once(self, scratch: ScratchRepo) -> None:
        """A 4 MiB text listed 100 times costs no more memory than listed once (within 64 MiB);
        today every listing holds its own copy (~ +400 MB)."""
        big = scratch.data / "sources" / "big.txt"
        with big.open("wb") as stream:
            stream.truncate(4 << 20)  # sparse: cheap on disk, 4 MiB of zeros when read

        def listing(times: int) -> Any:
            def change(descriptor: dict[str, Any]) -> None:
                descriptor["resources"] = [r for r in descriptor["resources"] if not r["name"].startswith("src-big")]
                for i in range(times):
                    descriptor["resources"].append({"name": f"src-big-{i}", "path": "sources/big.txt", "format": "txt"})

            return change

        edit_data_descriptor(scratch, listing(1))
        _, once = peak_rss(scratch.data)
        edit_data_descriptor(scratch, listing(100))
        status, many = peak_rss(scratch.data)
        assert status in (1, 2)  # the duplicates are problems
        assert many - once < 64 << 20, f"listing the text 100 times cost {(many - once) >> 20} MiB more"

    @pytest.mark.parametrize(
        "size",
        [
            8 << 20,
            pytest.param(100 << 20, marks=pytest.mark.deep),  # a 100 MB junk table: the deep tier
        ],
        ids=["8MiB", "100MiB"],
    )
    def test_peak_memory_on_a_junk_table(self, size: int, scratch: ScratchRepo) -> None:
        """Validating a table of junk rows peaks at most 3x the file's size above a clean run (plus
        32 MiB of slack). Today 8 MiB of this junk peaks ~150-190 MiB above a clean run, and 20 MiB of
        'a,b,c' rows peaks at ~5.6 GB and prints a 565 MB report."""
        _, baseline = peak_rss(scratch.data)
        path = scratch.table_path("figures")
        write_junk_table(path, path.read_bytes().split(b"\n", 1)[0], size)
        actual = path.stat().st_size
        status, peak = peak_rss(scratch.data)
        assert status == 1
        allowed = 3 * actual + (32 << 20)
        assert peak - baseline <= allowed, (
            f"{actual >> 20} MiB of junk: peak {peak >> 20} MiB, {(peak - baseline) >> 20} MiB above a clean run "
            f"(allowed {allowed >> 20} MiB)"
        )

    def test_problems_per_file_are_capped(self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
        """5,000 bad cells in one file give at most a few hundred problem entries for it, plus one
        report.truncated entry naming the file and saying how many more there were; the JSON stays
        small (today: 10,000 entries, 2.2 MB)."""
        header, rows = scratch.read_rows("figures")
        first = rows[0]
        rows += [dict(first, figure_id=f"fig-bulk-{i}", value="x") for i in range(5000)]
        scratch.write_rows("figures", header, rows)
        run = validate(capsys, scratch.data)
        assert run.status == 1
        mine = [p for p in run.problems if p["file"] == FIGURES]
        truncated = [p for p in mine if p["rule"] == "report.truncated"]
        shown = [p for p in mine if p["rule"] != "report.truncated"]
        assert len(shown) <= MAX_SHOWN_PER_FILE, f"{len(shown)} problems listed for {FIGURES}"
        assert len(truncated) == 1, truncated
        # The bad cells are all accounted for: those shown plus the count the truncation states.
        assert any(len(shown) + n >= 5000 for n in numbers_in(truncated[0]["message"])), truncated
        assert len(run.out.encode("utf-8")) <= MAX_JSON_BYTES_FOR_A_CAPPED_FILE, f"{len(run.out)} bytes of JSON"

    def test_quote_hints_stay_within_budget(self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
        """3,000 evidence rows whose quote is not at its offsets are each reported as evidence.quote
        (or counted in a report.truncated entry for evidence.csv), and no message grows with the
        source text: each stays within 300 characters plus four times its quote (today the hint lists
        every occurrence of the quote, 1,100 characters for a one-letter quote)."""
        header, rows = scratch.read_rows("evidence")
        bad = [
            dict(
                rows[0],
                evidence_id=f"ev-bulk-{i}",
                record_id=SOURCE_ID,
                source_id=SOURCE_ID,
                start="0",
                end="1",
                quote="e",
            )
            for i in range(3000)
        ]
        first_bad_line = len(rows) + 2
        scratch.write_rows("evidence", header, rows + bad)
        run = validate(capsys, scratch.data)
        assert run.status == 1
        quotes = run.with_rule("evidence.quote")
        lines = {p["row"] for p in quotes if p["file"] == "records/evidence.csv"}
        assert lines <= set(range(first_bad_line, first_bad_line + len(bad)))
        truncated = [p for p in run.with_rule("report.truncated") if p["file"] == "records/evidence.csv"]
        missing = len(bad) - len(lines)
        if missing:
            assert truncated and any(n >= missing for n in numbers_in(truncated[0]["message"])), (missing, truncated)
        for problem in quotes:
            assert len(problem["message"]) <= 300 + 4 * len("e"), problem["message"][:400]


# ---------------------------------------------------------------------------------------------
# 3. It says "valid" where `build --check` would fail.
# ---------------------------------------------------------------------------------------------


class TestValidAgreesWithTheBuild:
    """Every integrity fact the descriptor and the tree state is checked: no "valid" on inconsistent data."""

    def test_second_resource_with_the_same_table_name(
        self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A second 'figures' resource pointing at a clean copy while records/figures.csv is broken is
        a package.duplicate-resource problem (today the clean copy wins and the run says valid)."""
        shutil.copy2(scratch.table_path("figures"), scratch.data / "records" / "figures-clean.csv")
        scratch.set_cell("figures", KILLED, "value", "x")

        def change(descriptor: dict[str, Any]) -> None:
            copy = dict(resource(descriptor, "figures"), path="records/figures-clean.csv")
            descriptor["resources"].append(copy)

        edit_data_descriptor(scratch, change)
        run = validate(capsys, scratch.data)
        assert "package.duplicate-resource" in run.rules(), run.problems
        assert run.status in (1, 2)

    def test_text_edited_with_only_sources_csv_rehashed(
        self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A source text edited with its hash and size updated in sources.csv but not in the descriptor
        is a package.descriptor-mismatch problem (today the descriptor's hash is never compared)."""
        path = scratch.data / TEXT
        raw = path.read_bytes() + b" An edit after the fact."
        path.write_bytes(raw)
        rehash_text(scratch, raw, descriptors=False)
        with (scratch.data / "coverage_notes.csv").open("a", encoding="utf-8") as notes:
            notes.write(
                f"{SOURCE_ID},An edit after the fact.,the edit encodes nothing\n"
            )  # or the new sentence is the problem
        run = validate(capsys, scratch.data)
        mismatches = run.with_rule("package.descriptor-mismatch")
        assert mismatches and {p["file"] for p in mismatches} <= {"datapackage.json", TEXT}, run.problems
        assert run.status in (1, 2)

    @pytest.mark.parametrize(
        "field, value",
        [("hash", "sha256:" + "0" * 64), ("bytes", 1)],
        ids=["hash", "bytes"],
    )
    def test_descriptor_hash_or_size_differs_from_the_text(
        self, field: str, value: object, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The descriptor's recorded hash or byte count of a text, if it differs from the file (which
        agrees with sources.csv), is a package.descriptor-mismatch problem."""
        edit_data_descriptor(scratch, lambda d: resource(d, SOURCE_ID).update({field: value}))
        run = validate(capsys, scratch.data)
        mismatches = run.with_rule("package.descriptor-mismatch")
        assert mismatches and {p["file"] for p in mismatches} <= {"datapackage.json", TEXT}, run.problems
        assert run.status in (1, 2)

    def test_sources_csv_filename_is_not_the_described_file(
        self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A ``filename`` in sources.csv that is not the file the descriptor names for that source is a
        source.filename problem on that row and column (today the filename is never compared)."""
        shutil.copy2(scratch.data / TEXT, scratch.data / "sources" / "000_renamed.txt")
        line = scratch.set_cell("sources", SOURCE_ID, "filename", "000_renamed.txt")
        run = validate(capsys, scratch.data)
        assert ("records/sources.csv", line, "filename", "source.filename") in run.located(), run.problems
        assert run.status in (1, 2)

    def test_corrupt_parquet_file(self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
        """A Parquet resource that is not Parquet is a parquet.unreadable problem of that file
        (today Parquet files are never opened)."""
        (scratch.data / "parquet" / "figures.parquet").write_bytes(b"PAR1 not really parquet")
        run = validate(capsys, scratch.data)
        assert [(p["file"], p["rule"]) for p in run.problems] == [("parquet/figures.parquet", "parquet.unreadable")]
        assert run.status in (1, 2)

    def test_missing_parquet_file(self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
        """A Parquet resource the descriptor lists but the tree lacks is a problem of that file."""
        (scratch.data / "parquet" / "figures.parquet").unlink()
        run = validate(capsys, scratch.data)
        assert [p["file"] for p in run.problems] == ["parquet/figures.parquet"], run.problems
        assert run.problems[0]["rule"] in ("file.missing", "parquet.unreadable"), run.problems
        assert run.status in (1, 2)

    def test_parquet_disagrees_with_its_csv(self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
        """A valid edit of a CSV cell without rebuilding leaves the Parquet file stale: a
        parquet.mismatch problem (today valid, though `build --check` fails). A note, not the value: a value its
        wording does not write is no valid edit (figure.wording-number)."""
        scratch.set_cell("figures", KILLED, "note", "A note edited without rebuilding.")
        run = validate(capsys, scratch.data)
        mismatches = run.with_rule("parquet.mismatch")
        assert mismatches and {p["file"] for p in mismatches} <= {"parquet/figures.parquet", FIGURES}, run.problems
        assert run.rules() == {"parquet.mismatch"}, run.problems
        assert run.status in (1, 2)

    def test_inner_descriptor_differs_from_the_top_level_one(
        self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Validating a checkout, the descriptor shipped in the package must say what the top-level one
        says (apart from the path prefix): a difference is package.descriptor-mismatch."""
        edit_data_descriptor(scratch, lambda d: d.update(version="9.9.9"))
        run = validate(capsys, scratch.root)
        assert "package.descriptor-mismatch" in run.rules(), run.problems
        assert run.status in (1, 2)

    @needs_symlinks
    def test_descriptor_symlinked_to_outside_the_tree(
        self, scratch: ScratchRepo, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A checkout whose datapackage.json is a symlink to a descriptor outside it is refused (the
        tree does not state what it contains); today the outside descriptor is followed and 'valid'."""
        outside = tmp_path / "elsewhere"
        outside.mkdir()
        descriptor = scratch.root / "datapackage.json"
        shutil.copy2(descriptor, outside / "datapackage.json")
        descriptor.unlink()
        descriptor.symlink_to(outside / "datapackage.json")
        before = snapshot(outside)
        status = main(["validate", str(scratch.root), "--format", "json"])
        out, err = capsys.readouterr()
        assert CATCH_ALL not in err and "Traceback" not in out + err
        assert snapshot(outside) == before
        assert status in (1, 2), "a descriptor that lies outside the tree was followed"
        if out.strip():
            rules = {p["rule"] for p in json.loads(out)["problems"]}
            assert rules & {"package.path-outside", "file.not-regular", "package.descriptor"}, rules


# ---------------------------------------------------------------------------------------------
# 4. Its output can attack the reader.
# ---------------------------------------------------------------------------------------------


class TestOutputCannotAttackTheReader:
    """Values echoed from the data are escaped in every format; the hygiene rules cover what readers run."""

    @pytest.mark.parametrize("value", list(HOSTILE["echo_attacks"].values()), ids=list(HOSTILE["echo_attacks"]))
    def test_echoed_cell_values_are_escaped(
        self, value: str, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A cell holding a workflow command or ANSI escapes, echoed in a problem message, reaches no
        output raw: control characters are shown escaped (``\\x1b``, ``\\n``) and no output line starts
        with ``::`` apart from our own github annotations."""
        line = set_cell_exactly(scratch, "figures", KILLED, "value", value)
        runs = all_outputs(capsys, scratch.data)
        assert runs["json"].located() == [(FIGURES, line, "value", "cell.type.integer")]
        assert_nothing_attacks_the_reader(runs)
        if "\x1b" in value:
            assert "\\x1b" in runs["text"].out, "the escape character should stay visible, escaped"

    def test_echoed_file_names_are_escaped(self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
        """A resource path holding escapes and a newline, echoed as the file of a problem, reaches no
        output raw either."""
        source = anchors.any_source()["source_id"]
        edit_data_descriptor(scratch, lambda d: resource(d, source).update(path="sources/\x1b[2J\n::error::x.txt"))
        runs = all_outputs(capsys, scratch.data)
        assert runs["json"].problems, "a text that is not there is a problem"
        assert_nothing_attacks_the_reader(runs)

    @pytest.mark.parametrize(
        "value", list(HOSTILE["owasp_formula_starts"].values()), ids=list(HOSTILE["owasp_formula_starts"])
    )
    def test_formula_rule_covers_owasp_list(
        self, value: str, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A text cell starting with a tab or a carriage return (OWASP's CSV-injection list, besides
        = + - @) is a hygiene.formula problem on its line and column."""
        line = set_cell_exactly(scratch, "figures", KILLED, "note", value)
        run = validate(capsys, scratch.data)
        assert run.located() == [(FIGURES, line, "note", "hygiene.formula")]
        assert run.status == 1

    def test_nul_in_a_cell(self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
        """A NUL character in a cell is a cell.nul problem on its line and column (today it passes)."""
        line = set_cell_exactly(scratch, "figures", KILLED, "note", "before\x00after")
        run = validate(capsys, scratch.data)
        assert run.located() == [(FIGURES, line, "note", "cell.nul")]
        assert run.status == 1

    def test_incident_link_to_itself(self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
        """An incident link from an incident to itself is a link.self-loop problem on its line."""
        link = anchors.any_incident_link()
        line = scratch.set_cell("incident_links", link["link_id"], "related_incident_id", link["incident_id"])
        run = validate(capsys, scratch.data)
        assert [(p["file"], p["row"], p["rule"]) for p in run.problems] == [
            ("records/incident_links.csv", line, "link.self-loop")
        ]
        assert run.problems[0]["column"] in ("incident_id", "related_incident_id")
        assert run.status == 1

    def test_actor_part_of_itself(self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
        """An actor that is part of itself is an actor.part-of-cycle problem on its line."""
        actor = anchors.any_actor()["actor_id"]
        line = scratch.set_cell("actors", actor, "part_of_actor_id", actor)
        run = validate(capsys, scratch.data)
        assert run.located() == [("records/actors.csv", line, "part_of_actor_id", "actor.part-of-cycle")]
        assert run.status == 1

    def test_actors_part_of_each_other(self, scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
        """Two actors each part of the other (a cycle through part_of_actor_id) is an
        actor.part-of-cycle problem on a line of the cycle (once per cycle or once per actor)."""
        child = anchors.actor_part_of_another()
        line = scratch.set_cell("actors", child["part_of_actor_id"], "part_of_actor_id", child["actor_id"])
        cycle = {line, scratch.line_of("actors", child["actor_id"])}
        run = validate(capsys, scratch.data)
        assert run.rules() == {"actor.part-of-cycle"}, run.problems
        assert {(p["file"], p["column"]) for p in run.problems} == {("records/actors.csv", "part_of_actor_id")}
        assert {p["row"] for p in run.problems} <= cycle
        assert run.status == 1
