"""The wheel's build hook: the package's derived files are rendered from the records as it is built.

Git holds what a person writes (the records, the texts, the coverage notes, the top-level descriptor
and the JSON Schemas); the Parquet files, the package's descriptor, Croissant, the Web Annotations and
the package's copy of the schemas are made here, by ``crocus_data.build``, the one build:

- a wheel (``pip install .``, ``pip wheel .``, a release): the records are checked, every derived
  file is rendered into a temporary directory and put into the wheel. A check that fails, or a
  committed file that is not what the build makes (run ``crocus-data build``), stops the build.
- an editable install (``pip install -e .``): the build writes the derived files into the tree, as
  ``crocus-data build`` does (they are gitignored), so the package is complete where it lies. Data
  with problems only warns: the environment still installs, and ``crocus-data build`` says what to fix.

The hook needs the package's own dependencies to run (``require-runtime-dependencies``).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

PACKAGE = "crocus_data"


class PublishedFilesHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        sys.path.insert(0, str(root))  # this tree's crocus_data, not one installed in the build environment
        try:
            from crocus_data.build import build, render_checkout
            from crocus_data.checks.report import FORMATS, Report
            from crocus_data.layout import is_committed
            from crocus_data.published.content import same_content
        finally:
            sys.path.remove(str(root))
        if version == "editable":
            result = build(root)
            if result.problems:
                report = FORMATS["text"](Report(result.problems, package="this checkout"))
                self.app.display_warning(
                    f"crocus-data: the data has problems; its derived files were not made:\n{report}"
                )
            return
        rendered = render_checkout(root, pages=False)
        if rendered.problems:
            report = FORMATS["text"](Report(rendered.problems, package="this checkout"))
            raise RuntimeError(f"crocus-data: the data has problems; no wheel is built:\n{report}")
        stale = [
            path.as_posix()
            for path, content in rendered.files.items()
            if is_committed(path)
            and not ((root / path).is_file() and same_content(path, (root / path).read_bytes(), content))
        ]
        if stale:
            raise RuntimeError(f"crocus-data: out of date: {', '.join(stale)}; run `crocus-data build` and commit them")
        self.folder = Path(tempfile.mkdtemp(prefix="crocus-data-wheel-"))
        for path, content in rendered.files.items():
            if is_committed(path) or path.parts[0] != PACKAGE:
                continue  # committed files come from the tree; the top-level ones are not in the package
            target = self.folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            build_data["force_include"][str(target)] = path.as_posix()

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        folder = getattr(self, "folder", None)
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
