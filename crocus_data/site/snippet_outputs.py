"""What each Python block of a docs page prints, shown under it, so the shown output is the real one.

The site build (``crocus_data.docs_site``) runs each page's blocks as it reads the page; the
committed pages hold only the code.

A page's ``python`` blocks run in order in one namespace, in a fresh interpreter per page (no state
leaks between pages or from the caller), with fixed display settings and hash seed. Whatever a block
prints goes into a generated section right after it::

    ```python
    print(1 + 1)
    ```

    <!-- generated:output start: ... -->

    *Output:*

    ```text
    2
    ```

    <!-- generated:output end -->

A block that prints nothing gets no section. A block with ``<!-- no-output: why -->`` on the line
above its fence is neither run nor touched (illustrative code, or code needing what the docs step
does not have); the test suite still runs it (tests/test_docs.py). Output that would differ between
runs or machines (a memory address, a path of this machine) is refused with the block named.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

OUTPUT_START = "<!-- generated:output start: what the block above prints; the site build writes it -->"
OUTPUT_END = "<!-- generated:output end -->"
OPT_OUT = "<!-- no-output:"
# Display settings the blocks run with: the same on every machine, about as wide as the site's code column.
WIDTH = 100
ENVIRONMENT = {"PYTHONHASHSEED": "0", "COLUMNS": str(WIDTH), "LINES": "50", "POLARS_TABLE_WIDTH": str(WIDTH)}

BLOCK = re.compile(
    r"(?P<opt_out>^" + re.escape(OPT_OUT) + r"[^\n]*-->\n)?"
    r"^```python\n(?P<code>.*?)^```\n"
    r"(?P<output>\n" + re.escape(OUTPUT_START) + r".*?" + re.escape(OUTPUT_END) + r"\n)?",
    flags=re.DOTALL | re.MULTILINE,
)
# Output that differs between runs or machines: a memory address.
UNSTABLE = re.compile(r"0x[0-9a-fA-F]{6,}")


class SnippetError(Exception):
    """A block failed, or printed something that would not be the same on the next run."""


@dataclass(frozen=True)
class Block:
    code: str
    opted_out: bool


def blocks(page: str) -> list[Block]:
    """The page's python blocks, in order, each with whether it opted out of having its output shown."""
    return [Block(match["code"], match["opt_out"] is not None) for match in BLOCK.finditer(page)]


def output_section(printed: str) -> str:
    """The generated section for what a block printed (empty if it printed nothing)."""
    lines = [line.rstrip() for line in printed.rstrip("\n").splitlines()]
    if not any(lines):
        return ""
    fence = "```"
    while fence in printed:
        fence += "`"
    body = "\n".join(lines)
    return f"\n{OUTPUT_START}\n\n*Output:*\n\n{fence}text\n{body}\n{fence}\n\n{OUTPUT_END}\n"


# Run in a fresh interpreter: reads the blocks as JSON on stdin, prints what each printed as JSON.
RUNNER = f"""
import contextlib, io, json, sys, traceback
import pandas as pd
pd.set_option("display.width", {WIDTH})
pd.set_option("display.max_columns", None)
pd.set_option("display.max_colwidth", 60)
request = json.load(sys.stdin)
namespace = {{"__name__": "__main__"}}
printed = []
for number, code in request["blocks"]:
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer):
            exec(compile(code, f"{{request['page']}} block {{number}}", "exec"), namespace)
    except BaseException:
        sys.stderr.write(traceback.format_exc())
        sys.exit(3)
    printed.append(buffer.getvalue())
sys.__stdout__.write(json.dumps(printed))
"""


def run_blocks(page_name: str, codes: Sequence[tuple[int, str]], cwd: Path) -> list[str]:
    """What each (number, code) block prints when run in order in one fresh interpreter."""
    result = subprocess.run(
        [sys.executable, "-c", RUNNER],
        input=json.dumps({"page": page_name, "blocks": list(codes)}),
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **ENVIRONMENT},
    )
    if result.returncode != 0:
        raise SnippetError(
            f"{page_name}: a python block failed (fix it, or mark it with `{OPT_OUT} why -->` on the line "
            f"above its fence if it cannot run here):\n{result.stderr}"
        )
    printed: list[str] = json.loads(result.stdout)
    return printed


def _unstable(printed: str, machine_paths: Sequence[str]) -> str | None:
    """Why ``printed`` would not be the same on another run or machine, or None."""
    if match := UNSTABLE.search(printed):
        return f"a memory address ({match.group()})"
    for path in machine_paths:
        if len(path) > 1 and path in printed:
            return f"a path of this machine ({path})"
    return None


def with_outputs(page: str, page_name: str, cwd: Path) -> str:
    """The page with a fresh output section under each block that prints; opted-out blocks untouched."""
    matches = list(BLOCK.finditer(page))
    runnable = [(number, match["code"]) for number, match in enumerate(matches, start=1) if not match["opt_out"]]
    printed = dict(zip([n for n, _ in runnable], run_blocks(page_name, runnable, cwd), strict=True))
    machine_paths = [str(cwd.resolve()), tempfile.gettempdir(), str(Path.home()), sys.prefix]
    pieces: list[str] = []
    position = 0
    for number, match in enumerate(matches, start=1):
        pieces.append(page[position : match.start()])
        if match["opt_out"]:
            pieces.append(match.group())
        else:
            if reason := _unstable(printed[number], machine_paths):
                raise SnippetError(
                    f"{page_name} block {number} prints {reason}, which differs between runs or machines: "
                    f"print something stable, or mark the block `{OPT_OUT} why -->`"
                )
            head = match.group()[: match.start("output") - match.start()] if match["output"] else match.group()
            pieces.append(head + output_section(printed[number]))
        position = match.end()
    pieces.append(page[position:])
    return "".join(pieces)
