"""The docs build step that needs the dev extra: each snippet's real output, and the highlighting CSS.

``python -m crocus_data.site.docs_build`` (in a checkout with ``.[dev]`` installed) runs the python
blocks of every docs page (and the README) and writes what each prints under it, and writes the
Pygments stylesheet the site's code highlighting uses; ``--check`` writes nothing and exits 1 if a
committed page or stylesheet differs from a fresh run. It is apart from ``crocus-data build``
because the snippets use polars and DuckDB, which the package does not depend on.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from crocus_data.layout import DOCS_DIR
from crocus_data.published.outputs import print_outcome, write_or_check
from crocus_data.site.highlight_css import CSS_FILE, highlight_css
from crocus_data.site.snippet_outputs import SnippetError, blocks, with_outputs

README = Path("README.md")


def pages_with_python(root: Path) -> list[Path]:
    """Every docs page and the README that has a python block, relative to ``root``."""
    candidates = [*sorted((root / DOCS_DIR).glob("*.md")), root / README]
    return [page.relative_to(root) for page in candidates if page.is_file() and blocks(page.read_text("utf-8"))]


def render(root: Path) -> dict[Path, bytes]:
    """The pages with fresh outputs, and the stylesheet, by path relative to ``root``."""
    outputs = {
        page: with_outputs((root / page).read_text(encoding="utf-8"), page.as_posix(), root).encode()
        for page in pages_with_python(root)
    }
    outputs[DOCS_DIR / CSS_FILE] = highlight_css()
    return outputs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crocus_data.site.docs_build", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(), help="the checkout (default: the working directory)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file differs")
    args = parser.parse_args(argv)
    try:
        outcome = write_or_check(args.root, render(args.root), check=args.check)
    except SnippetError as exc:
        print(f"crocus_data.site.docs_build: {exc}", file=sys.stderr)
        return 2
    return print_outcome(outcome, "python -m crocus_data.site.docs_build")


if __name__ == "__main__":
    raise SystemExit(main())
