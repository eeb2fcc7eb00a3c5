"""Honest history: compare two versions of the data, gate a change on data semver, record releases.

Everything is read from the published form (a ``datapackage.json``, its CSV tables and its source
texts) or from a release manifest, never from the models or the build, so that two versions with
different code can still be compared. See docs/history.md.
"""

from __future__ import annotations

from crocus_data.history.diff import Diff, SchemaChange, TableDiff, diff
from crocus_data.history.gate import GateProblem, GateResult, gate
from crocus_data.history.inputs import Loaded, load
from crocus_data.history.manifest import read_manifest, write_manifest
from crocus_data.history.semver import Bump, Version
from crocus_data.history.snapshot import Snapshot, SnapshotError

__all__ = [
    "Bump",
    "Diff",
    "GateProblem",
    "GateResult",
    "Loaded",
    "SchemaChange",
    "Snapshot",
    "SnapshotError",
    "TableDiff",
    "Version",
    "diff",
    "gate",
    "load",
    "read_manifest",
    "write_manifest",
]
