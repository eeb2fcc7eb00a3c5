"""The ``crocus-data`` command: one module per group of subcommands, on top of every other layer.

``main`` parses the command line and hands over; the convention every subcommand follows (how it
names the package, ``--format``, where messages go, exit codes) is in ``convention`` and docs/cli.md.
"""

from __future__ import annotations

from crocus_data.cli.entry_point import main

__all__ = ["main"]
