"""The docs site's MkDocs hook (``hooks:`` in mkdocs.yml): ``mkdocs build`` makes every generated part.

Nothing generated is committed under ``docs/``: when the site is built (or served) this hook runs
the build on the checkout the site belongs to (checks, then the package's derived files and the
pages made from the data, written gitignored), adds the evidence browser to the nav, serves the
figures and the highlighting stylesheet, and fills each hand-written page's generated sections and
the output of its python snippets as MkDocs reads it. Bad data stops the site build with the
validator's report.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from crocus_data.build import build
from crocus_data.checks.report import FORMATS, Report
from crocus_data.layout import DATA_DIR
from crocus_data.reader.package import Package, from_layout
from crocus_data.safe_io.files import RefusedError
from crocus_data.site.build import assets, fill_sections, with_evidence_nav
from crocus_data.site.snippet_outputs import SnippetError, blocks, with_outputs


def _root(config: MkDocsConfig) -> Path:
    """The checkout: where mkdocs.yml is."""
    return Path(str(config.config_file_path)).resolve().parent


@contextmanager
def _loading_from(data: Path) -> Iterator[None]:
    """``crocus_data.load`` reads ``data`` (the checkout being built) instead of the installed package."""
    from crocus_data.loaders import installed

    previous = installed.data_dir
    installed.data_dir = lambda: data
    installed.descriptor.cache_clear()
    try:
        yield
    finally:
        installed.data_dir = previous
        installed.descriptor.cache_clear()


# The checkout's package as the last build read it, for the pages' sections (one read per site build).
_built: dict[Path, Package] = {}


def _package(root: Path) -> Package:
    if root not in _built:
        _built[root] = from_layout(root / DATA_DIR)
    return _built[root]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = _root(config)
    try:
        result = build(root)
    except RefusedError as exc:
        raise PluginError(f"the site is not built: {exc}") from None
    if result.problems:
        report = Report(result.problems, package=f"the checkout at {root}")
        raise PluginError(f"the data has problems; the site is not built:\n{FORMATS['text'](report)}")
    _built.pop(root, None)
    nav: list[Any] = list(config.nav or [])
    config.nav = with_evidence_nav(nav, _package(root))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    with _loading_from(_root(config) / DATA_DIR):
        made = assets()
    for src_uri, content in made.items():
        stale = files.get_file_from_path(src_uri)
        if stale is not None:  # left over in docs/ from before these were made here
            files.remove(stale)
        files.append(File.generated(config, src_uri, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    root, src_uri = _root(config), page.file.src_uri
    try:
        markdown = fill_sections(markdown, src_uri, root, _package(root))
    except RefusedError as exc:
        raise PluginError(str(exc)) from None
    if blocks(markdown):
        try:
            markdown = with_outputs(markdown, f"docs/{src_uri}", root)
        except SnippetError as exc:
            raise PluginError(str(exc)) from exc
    return markdown
