"""A scratch checkout with the workbench's fictional source added (tests/fixtures/workbench-hard-characters.txt).

The source exists only in the scratch copy, made in a temporary folder: it is fictional and never ships.
Its text holds the characters offsets drift on: an emoji of five code points, combining marks with no
precomposed form, curly quotes, a doubled space and line breaks.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from crocus_data.editing.add_source import add_source

from processes import printed_document
from scratch import REPO, ScratchRepo

FIXTURE = REPO / "tests" / "fixtures" / "workbench-hard-characters.txt"
SOURCE_ID = "src-901"
TEXT = FIXTURE.read_text(encoding="utf-8")
# The fictional actor the tests save: a name with combining marks that have no precomposed form.
ACTOR = {
    "actor_id": "act-bena-quill",
    "actor_kind": "person",
    "name": "Ben̈a Q̇uill",
    "label": "Ben̈a Q̇uill",
    "description": "'A fictional spokeswoman' (a fictional test document).",
}


def checkout_with_fixture(root: Path) -> ScratchRepo:
    """A copy of the checkout's data with the fictional source added by ``add-source``, as a contributor adds it."""
    scratch = ScratchRepo.copy_to(root)
    add_source(scratch.root, FIXTURE, SOURCE_ID)
    return scratch


def units(text: str) -> int:
    """UTF-16 code units, as a browser's string positions count them."""
    return len(text.encode("utf-16-le")) // 2


def selected(quote: str, occurrence: int = 1) -> dict[str, int]:
    """The selection a browser reports for the ``occurrence``-th ``quote`` of the fixture: UTF-16 positions."""
    start = -1
    for _ in range(occurrence):
        start = TEXT.index(quote, start + 1)
    return {"start_utf16": units(TEXT[:start]), "end_utf16": units(TEXT[: start + len(quote)])}


def at(quote: str, occurrence: int = 1) -> tuple[int, int]:
    """The code-point offsets of the ``occurrence``-th ``quote`` of the fixture (the oracle: str.index)."""
    start = -1
    for _ in range(occurrence):
        start = TEXT.index(quote, start + 1)
    return start, start + len(quote)


def command() -> list[str]:
    """``crocus-data`` as a user runs it: the installed script beside this Python, else the module."""
    script = Path(sys.executable).with_name("crocus-data")
    return [str(script)] if script.exists() else [sys.executable, "-m", "crocus_data.cli"]


def start_workbench(root: Path) -> tuple[subprocess.Popen[str], str]:
    """`crocus-data annotate` on the fictional source of ``root``, on a free port, no browser; (process, its URL)."""
    argv = [*command(), "annotate", SOURCE_ID, str(root), "--no-browser", "--port", "0", "--format", "json"]
    process = subprocess.Popen(argv, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return process, str(printed_document(process, "annotate")["url"])


def stop_workbench(process: subprocess.Popen[str]) -> int:
    """Ctrl-C, as a user stops it; the exit status."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    return process.wait(timeout=30)
