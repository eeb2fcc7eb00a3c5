"""Figures drawn from the shipped data, for the docs: legible where the site shows them, reproducible byte for byte.

``python -m crocus_data.site.figures`` writes ``docs/img/timeline.svg`` and ``docs/img/who-said-what.svg``
(``--out DIR`` to write elsewhere); ``--check`` writes nothing and exits 1 if a committed file
differs from a fresh render. The SVGs carry no date, a fixed id salt and text as text (not glyph
outlines), so the same data and the same matplotlib give the same bytes.

Each figure is laid out in CSS pixels for the width the site shows it at (``DISPLAY_WIDTH``, the
theme's content column), so a label of ``MIN_LABEL_PX`` is that big on screen; labels are wrapped,
never cut. Colours are Okabe and Ito's colour-blind-safe palette, and every mark carries an SVG
``<title>`` (a tooltip) with the words of the record it draws.

- **Timeline**: one bar per incident, statement and detention, from the earliest to the latest day it can
  have happened on. A bound the documents leave open is a dashed arrow to the plot's edge, never an invented end.
- **Who said what about whom**: one arrow per statement, from who said it to the actor (or incident)
  it is about, its kind written on it and a box on it naming the agency that relayed it.
"""

from __future__ import annotations

import argparse
import io
import textwrap
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pandas as pd

try:
    import matplotlib as mpl
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, Patch
except ImportError as exc:  # pragma: no cover - exercised only without the plots extra
    raise ImportError("crocus_data.site.figures needs matplotlib: pip install 'crocus-data[plots]'") from exc

from crocus_data import views
from crocus_data.layout import IMG_DIR
from crocus_data.published.outputs import print_outcome, write_or_check
from crocus_data.site.figure_rows import who_said_what_rows
from crocus_data.views.tables import Tables, TableSource, tables_of

OUT_DIR = IMG_DIR
METADATA = {"Date": None, "Creator": "crocus_data.site.figures"}

# Sizes in CSS pixels. The site shows a figure at exactly this width (Material's content column on a
# desktop; on a narrower screen it scrolls sideways in its own box), so its sizes are the sizes on screen.
DISPLAY_WIDTH = 680
MIN_LABEL_PX = 12  # the smallest text the figures may show (the site never shrinks them: they scroll)
FONT_PX = 12
LINE_PX = 15  # one line of text with its leading
TICK_LABEL_PX = 96  # room for one date label on the time axis ("01 Apr 2024" and the gap beside it)
CSS_PX_PER_INCH, POINTS_PER_INCH = 96, 72
FONT_PT = FONT_PX * POINTS_PER_INCH / CSS_PX_PER_INCH

# Okabe & Ito, "Color Universal Design" (2008): told apart with any common colour-vision deficiency.
BLUE, VERMILLION, BLACK, GREY = "#0072B2", "#D55E00", "#000000", "#666666"
KIND_COLOURS = {"incident": VERMILLION, "statement": BLUE, "detention": BLACK}
KIND_MEANING = {
    "incident": "incident: earliest to latest day it can have happened",
    "statement": "statement: earliest to latest day it can have been said",
    "detention": "detention: earliest to latest day it can have begun",
}

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
            "font.size": FONT_PT,
            "axes.unicode_minus": False,
            "path.simplify": False,
        }
    )


def _wrap(text: str, width: int) -> str:
    """Lines of at most ``width`` characters, words (and ids) never cut: nothing is truncated."""
    return textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)


def _figure(height_px: float) -> Figure:
    """A figure ``DISPLAY_WIDTH`` CSS pixels wide: its SVG is shown at its own size, unscaled."""
    return Figure(figsize=(DISPLAY_WIDTH / CSS_PX_PER_INCH, height_px / CSS_PX_PER_INCH))


def _axes_px(figure: Figure, left: float, top: float, width: float, height: float) -> Axes:
    """Axes placed in pixels from the figure's top left."""
    total_w, total_h = DISPLAY_WIDTH, figure.get_figheight() * CSS_PX_PER_INCH
    return figure.add_axes((left / total_w, 1 - (top + height) / total_h, width / total_w, height / total_h))


def _quotes(tables: Tables) -> dict[str, str]:
    """Each record's evidence, as the reader would check it: the quotes and where they stand."""
    grouped: dict[str, list[str]] = {}
    for row in tables["evidence"].to_dict("records"):
        grouped.setdefault(str(row["record_id"]), []).append(f"“{row['quote']}” ({row['source_id']})")
    return {record: "\n".join(quotes) for record, quotes in grouped.items()}


def _svg(figure: Figure, titles: dict[str, str]) -> bytes:
    """The figure as SVG, each mark whose gid is in ``titles`` given that text as a tooltip."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", metadata=METADATA)
    svg = buffer.getvalue()
    for gid, title in titles.items():
        opening = f'<g id="{gid}">'.encode()
        if svg.count(opening) != 1:
            raise ValueError(f"the SVG has not one mark {gid!r} to give a tooltip")
        svg = svg.replace(opening, opening + f"\n   <title>{escape(title)}</title>".encode())
    return svg


# --- timeline ------------------------------------------------------------------------------------

TIMELINE_LABEL_PX = 250  # the label column; the plot takes the rest
TIMELINE_LABEL_CHARS = 33
ROW_GAP_PX = 9
BAR_PX = 10


def timeline_svg(data: TableSource = None) -> bytes:
    """The timeline of incidents, statements and detentions, with date uncertainty as bars (``data``: see views)."""
    tables = tables_of(data)
    frame = views.timeline(tables)
    sources = tables["sources"]
    published = sources[sources["published_earliest"].notna()].to_dict("records")
    quotes = _quotes(tables)
    known = pd.concat([frame["earliest"], frame["latest"]]).dropna()
    left = _day(known.min() - pd.Timedelta(days=6))
    right = _day(known.max() + pd.Timedelta(days=12))
    labels = [_wrap(str(label), TIMELINE_LABEL_CHARS) for label in frame["label"]]
    heights = [LINE_PX * (label.count("\n") + 1) + ROW_GAP_PX for label in labels]
    centres = [sum(heights[:i]) + h / 2 for i, h in enumerate(heights)]
    plot_h = sum(heights)
    top = LINE_PX * len(published) + 12
    legend_h = LINE_PX * (len(KIND_COLOURS) + 3) + 16
    bottom = 36 + legend_h
    titles: dict[str, str] = {}
    with _style():
        figure = _figure(top + plot_h + bottom)
        plot_left = TIMELINE_LABEL_PX + 10
        axes = _axes_px(figure, plot_left, top, DISPLAY_WIDTH - plot_left - 14, plot_h)
        axes.set_ylim(plot_h, 0)  # pixels, downwards
        axes.set_xlim(left, right)
        for y, row in zip(centres, frame.to_dict("records"), strict=True):
            colour = KIND_COLOURS[str(row["kind"])]
            record_id = str(row["record_id"])
            gid = f"timeline:{record_id}"
            when = f"{_date(row['earliest'])} to {_date(row['latest'])} ({row['precision']})"
            titles[gid] = f"{row['label']}, {when}\n{quotes.get(record_id, '')}".strip()
            earliest = None if pd.isna(row["earliest"]) else _day(row["earliest"])
            # Bounds are inclusive days: a bar runs to the end of its latest day.
            latest = None if pd.isna(row["latest"]) else _day(row["latest"]) + 1
            if earliest is not None and latest is not None:
                bars = axes.barh(y, latest - earliest, left=earliest, height=BAR_PX, color=colour, alpha=0.85)
                bars.patches[0].set_gid(gid)
                if str(row["precision"]) == "day":
                    axes.plot(earliest + 0.5, y, marker="D", markersize=5, color=colour, markeredgecolor="white")
            else:
                # One bound open: an arrow from the other one. Both open ('not_reported'): across the plot.
                start = earliest if earliest is not None else latest if latest is not None else left
                end = right if earliest is not None or latest is None else left
                head = "<|-|>" if earliest is None and latest is None else "-|>"
                arrow = FancyArrowPatch(
                    (start, y),
                    (end, y),
                    arrowstyle=f"{head},head_length=6,head_width=3",
                    linestyle=(0, (2, 2)),
                    linewidth=1.5,
                    color=colour,
                    alpha=0.6,
                    shrinkA=0,
                    shrinkB=0,
                    gid=gid,
                )
                axes.add_patch(arrow)
                if earliest is not None or latest is not None:  # the bound that is known
                    axes.plot(start, y, marker="|", markersize=10, markeredgewidth=2.5, color=colour)
        for number, source in enumerate(published):
            x = _day(source["published_earliest"])
            open_ = pd.isna(source["published_latest"])
            axes.axvline(x, color=GREY, linewidth=1, linestyle=":" if open_ else "-")
            on_left = x < (left + right) / 2
            axes.annotate(
                f"{_source_name(source)} published{' (earliest)' if open_ else ''}",
                (x, -LINE_PX * (len(published) - number - 0.5) - 4),
                color=GREY,
                ha="left" if on_left else "right",
                va="center",
                xytext=(3 if on_left else -3, 0),
                textcoords="offset points",
                annotation_clip=False,
            )
        axes.set_yticks(centres, labels)
        axes.tick_params(axis="y", length=0)
        days = pd.date_range(EPOCH + pd.Timedelta(days=left), EPOCH + pd.Timedelta(days=right), freq="D")
        months = [d for d in days if d.day == 1]
        # As many month labels as the plot's width holds ("01 Apr 2024" takes about 80 px): every month over a
        # few months, every second or third over a year, so that no two labels overlap whatever the data spans.
        step = max(1, -(-len(months) // max(1, (DISPLAY_WIDTH - plot_left - 14) // TICK_LABEL_PX)))
        labelled = months[::step]
        axes.set_xticks([_day(d) for d in labelled], [f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}" for d in labelled])
        minor = [d for d in days if d.day in (8, 15, 22)] if step == 1 else [d for d in months if d not in labelled]
        axes.set_xticks([_day(d) for d in minor], minor=True)
        axes.grid(axis="x", which="both", color="#dddddd", linewidth=0.6)
        axes.set_axisbelow(True)
        handles: list[Artist] = [Patch(color=c, alpha=0.85, label=KIND_MEANING[k]) for k, c in KIND_COLOURS.items()]
        handles.append(
            Line2D(
                [],
                [],
                color=BLACK,
                marker="D",
                linestyle="none",
                label="the day is known (a diamond in its bar's colour)",
            )
        )
        handles.append(
            Line2D([], [], color=BLACK, linestyle=(0, (2, 2)), alpha=0.6, label="a bound the documents leave open")
        )
        handles.append(
            Line2D([], [], color=GREY, linewidth=1, label="a source published (dotted: its earliest possible day)")
        )
        total_h = top + plot_h + bottom
        figure.legend(
            handles=handles,
            loc="lower left",
            bbox_to_anchor=(4 / DISPLAY_WIDTH, 4 / total_h),
            ncol=1,
            frameon=False,
            handlelength=2.5,
            borderaxespad=0,
        )
        return _svg(figure, titles)


def _source_name(source: Mapping[Any, Any]) -> str:
    """A document as a reader calls it: its title, quoted, else "an untitled report"."""
    return "an untitled report" if pd.isna(source["title"]) else f"“{source['title']}”"


def _date(when: Any) -> str:
    return "open" if pd.isna(when) else pd.Timestamp(when).strftime("%Y-%m-%d")


# --- who said what about whom --------------------------------------------------------------------

SPEAKER_RIGHT_PX, ARROW_FROM_PX, RELAY_CENTRE_PX, ARROW_TO_PX, ABOUT_LEFT_PX = 178, 186, 418, 478, 486
SPEAKER_CHARS, RELAY_CHARS, ABOUT_CHARS = 21, 13, 24
STATEMENT_ROW_GAP_PX = 26  # room above each arrow for its kind
EXPLANATION = (
    "Each arrow is one statement, from who said it to whom or what it is about, with its kind written "
    'above it ("read as made in custody": the document speaks of the speaker as held, and may not say '
    "where or when the statement was made). A box on an arrow names the news "
    "agency that relayed the statement. In italics: the "
    "document's own voice, or an incident. The table under the figure gives each statement's words."
)


def who_said_what_svg(data: TableSource = None) -> bytes:
    """Who said what about whom: one arrow per statement, its kind on it, its relay (if any) a box on it."""
    tables = tables_of(data)
    quotes = _quotes(tables)
    rows = who_said_what_rows(tables)
    texts = [(_wrap(r.speaker_label, SPEAKER_CHARS), _wrap(r.about_label, ABOUT_CHARS)) for r in rows]
    heights = [LINE_PX * max(s.count("\n"), a.count("\n"), 0) + LINE_PX + STATEMENT_ROW_GAP_PX for s, a in texts]
    # The arrow sits low in its row: its kind is written in the room above it.
    arrows_y = [sum(heights[:i]) + h - LINE_PX for i, h in enumerate(heights)]
    explanation = _wrap(EXPLANATION, 90)
    top = LINE_PX + 12
    plot_h = sum(heights)
    bottom = LINE_PX * (explanation.count("\n") + 1) + 16
    titles: dict[str, str] = {}
    with _style():
        figure = _figure(top + plot_h + bottom)
        axes = _axes_px(figure, 0, top, DISPLAY_WIDTH, plot_h)
        axes.set_xlim(0, DISPLAY_WIDTH)
        axes.set_ylim(plot_h, 0)
        axes.axis("off")
        for entry, (speaker, about), y in zip(rows, texts, arrows_y, strict=True):
            gid = f"statement:{entry.statement_id}"
            relayed = f", relayed by {entry.relay}" if entry.relay else ""
            titles[gid] = f"{entry.speaker_label}: {entry.kind}{relayed}\n{entry.summary}\n"
            titles[gid] += quotes.get(entry.statement_id, "")
            axes.add_patch(
                FancyArrowPatch(
                    (ARROW_FROM_PX, y),
                    (ARROW_TO_PX, y),
                    arrowstyle="-|>,head_length=7,head_width=3.5",
                    linewidth=1.6,
                    color=BLUE,
                    shrinkA=0,
                    shrinkB=0,
                    gid=gid,
                )
            )
            axes.text(
                SPEAKER_RIGHT_PX,
                y,
                speaker,
                ha="right",
                va="center",
                style="italic" if entry.speaker.startswith("voice:") else "normal",
            )
            axes.text(
                ABOUT_LEFT_PX,
                y,
                about,
                ha="left",
                va="center",
                style="italic" if entry.about_label.startswith("the incident: ") else "normal",
            )
            axes.text(ARROW_FROM_PX + 6, y - 5, entry.kind, ha="left", va="bottom", color=BLUE)
            if entry.relay:
                axes.text(
                    RELAY_CENTRE_PX,
                    y,
                    _wrap(entry.relay, RELAY_CHARS),
                    ha="center",
                    va="center",
                    gid=f"relay:{entry.statement_id}",
                    bbox={"boxstyle": "round,pad=0.3", "facecolor": "#f4f4f4", "edgecolor": BLACK, "linewidth": 1},
                )
        for x, title, ha in (
            (SPEAKER_RIGHT_PX, "who said it", "right"),
            (ARROW_FROM_PX + 6, "what kind; relayed by (box)", "left"),
            (ABOUT_LEFT_PX, "about whom (or what)", "left"),
        ):
            axes.text(x, -top + 4, title, ha=ha, va="top", weight="bold")
        axes.text(4, plot_h + 12, explanation, ha="left", va="top")
        return _svg(figure, titles)


# --- command -------------------------------------------------------------------------------------

FIGURES = {"timeline.svg": timeline_svg, "who-said-what.svg": who_said_what_svg}


def render_all(data: TableSource = None) -> dict[str, bytes]:
    """Every figure, by file name, drawn from one reading of the package (the installed one by default)."""
    tables = tables_of(data)
    return {name: render(tables) for name, render in FIGURES.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crocus_data.site.figures", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT_DIR, help=f"directory to write into (default {OUT_DIR})")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file differs")
    args = parser.parse_args(argv)
    figures = {Path(name): content for name, content in render_all().items()}
    if not args.check:
        args.out.mkdir(parents=True, exist_ok=True)
    outcome = write_or_check(args.out, figures, check=args.check)
    return print_outcome(outcome, "python -m crocus_data.site.figures", args.out)


if __name__ == "__main__":
    raise SystemExit(main())
