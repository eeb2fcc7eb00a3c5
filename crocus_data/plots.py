"""Figures drawn from the shipped data, for the docs: reproducible byte for byte.

``python -m crocus_data.plots`` writes ``docs/img/timeline.svg`` and ``docs/img/who-said-what.svg``
(``--out DIR`` to write elsewhere); ``--check`` writes nothing and exits 1 if a committed file
differs from a fresh render. The SVGs carry no date, a fixed id salt and text as text (not glyph
outlines), so the same data and the same matplotlib give the same bytes.

- **Timeline**: one bar per incident, statement and detention, from the earliest to the latest day
  it can have happened on. A bound the documents leave open is drawn as a faded arrow running to the
  edge of the plot, never as an invented end.
- **Who said what about whom**: speakers on the left, the actors (or incidents) their statements are
  about on the right, news agencies that relayed a statement in between; one arrow per statement,
  coloured by the kind of statement.
"""

from __future__ import annotations

import argparse
import io
import itertools
import sys
from collections import defaultdict
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pandas as pd

try:
    import matplotlib as mpl
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, Patch
except ImportError as exc:  # pragma: no cover - exercised only without the plots extra
    raise ImportError("crocus_data.plots needs matplotlib: pip install 'crocus-data[plots]'") from exc

import crocus_data
from crocus_data import views
from crocus_data.layout import IMG_DIR
from crocus_data.resources.outputs import write_or_check
from crocus_data.views.labels import VOICE

OUT_DIR = IMG_DIR
METADATA = {"Date": None, "Creator": "crocus_data.plots"}
KIND_COLOURS = {"incident": "#b2182b", "statement": "#2166ac", "detention": "#4d4d4d"}
# One colour per statement kind, in the vocabulary's order (the Tableau 10 palette).
STATEMENT_COLOURS = [
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
]


EPOCH = pd.Timestamp("1970-01-01")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]  # not the locale's


def _day(when: Any) -> float:
    """A date as a number of days (matplotlib's own date numbers, from the 1970 epoch)."""
    return float((pd.Timestamp(when) - EPOCH) / pd.Timedelta(days=1))


def _style() -> AbstractContextManager[None]:
    """Fixed settings for byte-reproducible SVG: id salt, text as text, one bundled font, no simplification."""
    return mpl.rc_context(
        {
            "svg.hashsalt": "crocus-data",
            "svg.fonttype": "none",
            "font.family": "DejaVu Sans",
            "font.size": 8,
            "axes.unicode_minus": False,
            "path.simplify": False,
        }
    )


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _svg(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata=METADATA)
    return buffer.getvalue()


# --- timeline ------------------------------------------------------------------------------------


def timeline_svg() -> bytes:
    """The timeline of incidents, statements and detentions, with date uncertainty as bars."""
    frame = views.timeline()
    sources = crocus_data.load("sources")
    known = pd.concat([frame["earliest"], frame["latest"]]).dropna()
    left = _day(known.min() - pd.Timedelta(days=6))
    right = _day(known.max() + pd.Timedelta(days=12))
    with _style():
        figure = Figure(figsize=(11, 0.24 * len(frame) + 1.6), layout="constrained")
        axes = figure.add_subplot()
        for y, row in enumerate(frame.to_dict("records")):
            colour = KIND_COLOURS[str(row["kind"])]
            earliest = None if pd.isna(row["earliest"]) else _day(row["earliest"])
            # Bounds are inclusive days: a bar runs to the end of its latest day.
            latest = None if pd.isna(row["latest"]) else _day(row["latest"]) + 1
            if earliest is not None and latest is not None:
                axes.barh(y, latest - earliest, left=earliest, height=0.6, color=colour, alpha=0.85)
                if str(row["precision"]) == "day":
                    axes.plot(earliest + 0.5, y, marker="D", markersize=4, color=colour)
            else:
                start = earliest if earliest is not None else latest
                assert start is not None  # the models forbid a date with both bounds open
                end = right if earliest is not None else left
                axes.add_patch(
                    FancyArrowPatch(
                        (start, y),
                        (end, y),
                        arrowstyle="-|>,head_length=6,head_width=3",
                        linestyle=(0, (2, 2)),
                        linewidth=1.5,
                        color=colour,
                        alpha=0.45,
                        shrinkA=0,
                        shrinkB=0,
                    )
                )
                axes.plot(start, y, marker="|", markersize=9, markeredgewidth=2, color=colour)
        for source in sources.to_dict("records"):
            if pd.isna(source["published_earliest"]):
                continue
            x = _day(source["published_earliest"])
            open_ = pd.isna(source["published_latest"])
            axes.axvline(x, color="#777777", linewidth=0.8, linestyle=":" if open_ else "-")
            axes.annotate(
                f"{source['source_id']} published{' (earliest)' if open_ else ''}",
                (x, -0.9),
                fontsize=7,
                color="#555555",
                ha="left",
                xytext=(2, 0),
                textcoords="offset points",
            )
        axes.set_yticks(
            range(len(frame)),
            [f"{_short(label, 56)}  [{rid}]" for label, rid in zip(frame["label"], frame["record_id"], strict=True)],
        )
        axes.set_ylim(len(frame) - 0.4, -1.4)
        axes.set_xlim(left, right)
        days = pd.date_range(EPOCH + pd.Timedelta(days=left), EPOCH + pd.Timedelta(days=right), freq="D")
        months = [d for d in days if d.day == 1]
        axes.set_xticks([_day(d) for d in months], [f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}" for d in months])
        axes.set_xticks([_day(d) for d in days if d.day in (8, 15, 22)], minor=True)
        axes.grid(axis="x", which="both", color="#dddddd", linewidth=0.5)
        axes.set_axisbelow(True)
        axes.tick_params(axis="y", labelsize=7)
        axes.set_title(
            "Earliest to latest possible day, as the documents bound it (bars); "
            "a bound they leave open is a dashed arrow",
            fontsize=9,
            loc="right",
        )
        handles: list[Artist] = [Patch(color=c, label=k) for k, c in KIND_COLOURS.items()]
        handles.append(Line2D([], [], color="#555555", linestyle=(0, (2, 2)), alpha=0.6, label="open bound"))
        handles.append(Line2D([], [], color="#777777", linewidth=0.8, label="publication of a source"))
        figure.legend(handles=handles, loc="outside lower center", ncol=5, fontsize=7, frameon=False)
        return _svg(figure)


# --- who said what about whom --------------------------------------------------------------------


Node = tuple[int, str]  # (column: 0 speakers, 1 relays, 2 about whom; id)


def _layout(columns: dict[int, list[str]], edges: list[list[Node]], rows: int) -> dict[Node, float]:
    """Vertical positions: a few sweeps of the barycentre heuristic (ties by id), spread over ``rows``."""
    position: dict[Node, float] = {(c, n): float(i) for c, nodes in columns.items() for i, n in enumerate(nodes)}
    for _ in range(4):
        for column in (2, 1, 0):
            neighbours: dict[str, list[float]] = defaultdict(list)
            for path in edges:
                for node in path:
                    if node[0] == column:
                        neighbours[node[1]].extend(position[o] for o in path if o != node)
            ordered = sorted(
                columns[column],
                key=lambda n: (sum(neighbours[n]) / len(neighbours[n]) if neighbours[n] else 0.0, n),
            )
            count = len(ordered)
            scale = (rows - 1) / max(count - 1, 1)
            offset = 0.0 if count > 1 else (rows - 1) / 2
            position.update({(column, n): offset + i * scale for i, n in enumerate(ordered)})
    return position


def who_said_what_svg() -> bytes:
    """Speakers -> the actors or incidents their statements are about, relays in between."""
    from crocus_data.models.vocabulary import StatementKind

    statements = crocus_data.load("statements")
    labels = views.actor_labels()
    incidents = crocus_data.load("incidents").set_index("incident_id")["name"]
    kind_colour = {kind.value: STATEMENT_COLOURS[i % len(STATEMENT_COLOURS)] for i, kind in enumerate(StatementKind)}

    paths: list[list[Node]] = []  # speaker, [relay,] about
    kinds: list[str] = []
    for row in statements.to_dict("records"):
        speaker = str(row["speaker_actor_id"]) if pd.notna(row["speaker_actor_id"]) else f"voice:{row['attribution']}"
        if pd.notna(row["target_actor_id"]):
            about = str(row["target_actor_id"])
        elif pd.notna(row["incident_id"]):
            about = str(row["incident_id"])  # a claim or confession is about the incident itself
        else:
            continue
        relay = [(1, str(row["relay_actor_id"]))] if pd.notna(row["relay_actor_id"]) else []
        paths.append([(0, speaker), *relay, (2, about)])
        kinds.append(str(row["kind"]))

    def label(node: str) -> str:
        if node.startswith("voice:"):
            return VOICE[node.removeprefix("voice:")]
        if node.startswith("inc-"):
            return f"the incident: {incidents[node]}"
        return str(labels[node])

    columns = {c: sorted({n for path in paths for (side, n) in path if side == c}) for c in (0, 1, 2)}
    rows = max(len(columns[0]), len(columns[2]))
    position = _layout(columns, paths, rows)
    x = {0: 0.0, 1: 0.5, 2: 1.0}

    with _style():
        figure = Figure(figsize=(11, 0.36 * rows + 1.6), layout="constrained")
        axes = figure.add_subplot()
        seen: dict[tuple[Node, Node], int] = defaultdict(int)
        for path, kind in zip(paths, kinds, strict=True):
            for start, end in itertools.pairwise(path):
                bend = 0.06 * seen[(start, end)]  # repeated arrows between the same two nodes fan out
                seen[(start, end)] += 1
                axes.add_patch(
                    FancyArrowPatch(
                        (x[start[0]] + 0.005, position[start]),
                        (x[end[0]] - 0.005, position[end]),
                        connectionstyle=f"arc3,rad={bend}",
                        arrowstyle="-|>,head_length=5,head_width=2.5",
                        linewidth=1.3,
                        linestyle="--" if end[0] == 1 else "-",
                        color=kind_colour[kind],
                        alpha=0.85,
                        shrinkA=2,
                        shrinkB=2,
                    )
                )
        for (side, node), y in sorted(position.items()):
            axes.text(
                x[side] + {0: -0.01, 1: 0.0, 2: 0.01}[side],
                y,
                _short(label(node), 48),
                ha={0: "right", 1: "center", 2: "left"}[side],
                va="center",
                fontsize=8,
                style="italic" if node.startswith(("voice:", "inc-")) else "normal",
                bbox={"boxstyle": "round,pad=0.25", "facecolor": "#f4f4f4", "edgecolor": "#999999"}
                if side == 1
                else None,
            )
        for side, title in ((0, "who said it"), (1, "relayed by"), (2, "about whom (or which incident)")):
            axes.text(x[side], -1.1, title, ha="center", fontsize=9, weight="bold")
        axes.set_xlim(-0.42, 1.42)
        axes.set_ylim(rows - 0.4, -1.6)
        axes.axis("off")
        used = [k.value for k in StatementKind if k.value in kinds]
        legend: list[Artist] = [
            Line2D([], [], color=kind_colour[k], linewidth=2, label=k.replace("_", " ")) for k in used
        ]
        legend.append(Line2D([], [], color="#555555", linestyle="--", label="to the agency that relayed it"))
        figure.legend(handles=legend, loc="outside lower center", ncol=4, fontsize=7, frameon=False)
        return _svg(figure)


# --- command -------------------------------------------------------------------------------------

FIGURES = {"timeline.svg": timeline_svg, "who-said-what.svg": who_said_what_svg}


def render_all() -> dict[str, bytes]:
    """Every figure, by file name."""
    return {name: render() for name, render in FIGURES.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crocus_data.plots", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help=f"directory to write into (default {OUT_DIR})")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file differs")
    args = parser.parse_args(argv)
    outcome = write_or_check(
        args.out, {Path(name): content for name, content in render_all().items()}, check=args.check
    )
    for path in outcome.written:
        print(f"wrote {args.out / path}")
    for path in outcome.drifted:
        print(f"differs from a fresh render: {args.out / path} (run python -m crocus_data.plots)", file=sys.stderr)
    return 1 if outcome.drifted else 0


if __name__ == "__main__":
    raise SystemExit(main())
