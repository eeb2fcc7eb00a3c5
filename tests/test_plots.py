"""The figures in the docs are drawn from the data, byte for byte reproducibly, and kept up to date."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text
from matplotlib.transforms import Bbox

import crocus_data
from crocus_data import views
from crocus_data.site import figures as plots

from scratch import REPO


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return plots.render_all()


FRESH_PROCESS = (
    "import hashlib, json\nfrom crocus_data.site import figures as plots\n"
    "print(json.dumps({n: hashlib.sha256(b).hexdigest() for n, b in plots.render_all().items()}))"
)


# A second seed is CI's (the deep tier): one other interpreter already shows what set and dict order change.
@pytest.mark.parametrize("seed", ["0", pytest.param("1234", marks=pytest.mark.deep)])
def test_a_fresh_process_gives_the_same_bytes(rendered: dict[str, bytes], tmp_path: Path, seed: str) -> None:
    """Another interpreter, with another hash seed (other set orders), draws the same bytes as this one."""
    environment = {**os.environ, "PYTHONHASHSEED": seed}
    result = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS], cwd=tmp_path, env=environment, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == {name: hashlib.sha256(b).hexdigest() for name, b in rendered.items()}


def test_the_site_serves_the_figures_the_data_draws(site: Path, rendered: dict[str, bytes]) -> None:
    for name, content in rendered.items():
        assert (site / "img" / name).read_bytes() == content, name


def test_check_reports_drift_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "img"
    assert plots.main(["--out", str(out)]) == 0
    assert plots.main(["--check", "--out", str(out)]) == 0
    stale = out / "timeline.svg"
    stale.write_bytes(stale.read_bytes().replace(b"<title>", b"<title>stale ", 1))
    before = stale.read_bytes()
    assert plots.main(["--check", "--out", str(out)]) == 1
    assert "timeline.svg" in capsys.readouterr().err
    assert stale.read_bytes() == before
    assert plots.main(["--out", str(out)]) == 0
    assert plots.main(["--check", "--out", str(out)]) == 0


def test_the_command_runs_as_a_module(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "crocus_data.site.figures", "--out", str(tmp_path)],
        cwd=tmp_path,  # the installed package, not the checkout's copy (which `pip install .` leaves unbuilt)
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(plots.FIGURES)


def test_svgs_carry_no_date(rendered: dict[str, bytes]) -> None:
    for content in rendered.values():
        assert b"<dc:date>" not in content and content.startswith(b"<?xml")


def test_timeline_draws_every_incident_statement_and_detention(rendered: dict[str, bytes]) -> None:
    svg = rendered["timeline.svg"].decode("utf-8")
    for record_id in views.timeline()["record_id"]:
        assert f'id="timeline:{record_id}"' in svg, record_id
        assert f"[{record_id}]" not in svg and f"{record_id} " not in svg, record_id  # no id where a reader looks


def test_a_date_the_text_does_not_bound_at_all_is_drawn_open_at_both_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both bounds empty is valid (derivation 'not_reported'): the row keeps its mark and tooltip."""
    frame = views.timeline()
    undated = frame.assign(
        earliest=frame["earliest"].mask(frame.index == frame.index[0]),
        latest=frame["latest"].mask(frame.index == frame.index[0]),
    )
    monkeypatch.setattr(plots.views, "timeline", lambda *_: undated)
    root = ElementTree.fromstring(plots.timeline_svg())
    gid = f"timeline:{undated['record_id'].iloc[0]}"
    (group,) = [g for g in root.iter(f"{SVG}g") if g.attrib.get("id") == gid]
    assert "open to open" in (group.findtext(f"{SVG}title") or "")


WORD = r"[\w'\u2019-]+"  # a word of a label, apostrophes (straight or curly) and hyphens included


def test_who_said_what_shows_speakers_relays_and_kinds(rendered: dict[str, bytes]) -> None:
    """Every statement's speaker, relay and kind are drawn (read from the tables; labels may wrap, so by word)."""
    svg = rendered["who-said-what.svg"].decode("utf-8")
    shown = set(re.findall(WORD, svg))
    statements = crocus_data.load("statements")
    labels = views.actor_labels()
    drawn = statements[statements["target_actor_id"].notna() | statements["incident_id"].notna()]
    assert not drawn.empty
    for row in drawn.to_dict("records"):
        for actor in (row["speaker_actor_id"], row["relay_actor_id"]):
            if isinstance(actor, str):
                assert set(re.findall(WORD, str(labels[actor]))) <= shown, (row["statement_id"], actor)
        assert str(row["kind"]).replace("_", " ") in svg, row["statement_id"]


def test_the_docs_embed_both_figures() -> None:
    page = (REPO / "docs" / "analysis.md").read_text(encoding="utf-8")
    for name in plots.FIGURES:
        assert f"](img/{name})" in page


def test_without_matplotlib_the_import_error_names_the_extra() -> None:
    """plots is an extra: without matplotlib, importing it says what to install instead of a bare error."""
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "try:\n    import crocus_data.site.figures\nexcept ImportError as exc:\n    print(exc)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install 'crocus-data[plots]'" in result.stdout


# --- legible where the site shows them -----------------------------------------------------------

SITE_COLUMN_PX = 680  # Material's content column on a desktop; narrower screens scroll the figure, unshrunk
MIN_TEXT_PX = 12
CSS_PX_PER_PT = 96 / 72
# Okabe & Ito, "Color Universal Design" (2008): the colour-blind-safe palette; greys are safe too.
OKABE_ITO = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000"}


@dataclass
class Drawn:
    """A figure as the site shows it: its texts' extents in screen pixels and its SVG."""

    figure: Figure
    renderer: RendererAgg
    scale: float  # screen px per figure display unit
    font_scale: float  # screen px per point of font size
    svg: bytes


def shown_scale(svg: bytes) -> float:
    """Screen pixels per SVG user unit: the image is shown at its own width, at most the column's."""
    root = ElementTree.fromstring(svg)
    width_pt = float(root.attrib["width"].removesuffix("pt"))
    view_width = float(root.attrib["viewBox"].split()[2])
    return min(width_pt * CSS_PX_PER_PT, SITE_COLUMN_PX) / view_width


def draw(render: Callable[[], bytes], monkeypatch: pytest.MonkeyPatch) -> Drawn:
    """Render a figure, keeping the matplotlib figure its SVG was written from."""
    captured: list[Figure] = []
    original = plots._svg

    def keep(figure: Figure, *args: Any) -> bytes:
        captured.append(figure)
        return original(figure, *args)

    monkeypatch.setattr(plots, "_svg", keep)
    svg = render()
    (figure,) = captured
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    scale = shown_scale(svg)  # an SVG user unit is a point: matplotlib writes 72 per inch
    return Drawn(figure, canvas.get_renderer(), scale * 72 / figure.dpi, scale, svg)


def texts(drawn: Drawn) -> list[tuple[Text, Bbox]]:
    """Every text shown, with its extent (its box, if drawn in one) in screen pixels."""
    found = []
    for text in drawn.figure.findobj(Text):
        if not (text.get_visible() and text.get_text().strip()):
            continue
        patch = text.get_bbox_patch()
        extent = (patch if patch is not None else text).get_window_extent(drawn.renderer)
        found.append((text, Bbox(extent.get_points() * drawn.scale)))
    assert found, "no text found: the figure was not drawn as expected"
    return found


@pytest.fixture(scope="module", params=sorted(plots.FIGURES))
def drawn(request: pytest.FixtureRequest) -> Iterator[Drawn]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield draw(plots.FIGURES[request.param], monkeypatch)


def test_every_label_is_at_least_12_px_on_screen(drawn: Drawn) -> None:
    small = {t.get_text(): round(t.get_fontsize() * drawn.font_scale, 1) for t, _ in texts(drawn)}
    assert {label: px for label, px in small.items() if px < MIN_TEXT_PX} == {}


def test_no_label_is_cut_off_or_shortened(drawn: Drawn) -> None:
    width, height = drawn.figure.bbox.width * drawn.scale, drawn.figure.bbox.height * drawn.scale
    for text, extent in texts(drawn):
        assert extent.x0 >= -0.5 and extent.y0 >= -0.5, text.get_text()
        assert extent.x1 <= width + 0.5 and extent.y1 <= height + 0.5, text.get_text()
        assert "…" not in text.get_text() and "..." not in text.get_text(), text.get_text()


def test_no_two_labels_overlap(drawn: Drawn) -> None:
    shown = texts(drawn)
    overlapping = [
        (a.get_text(), b.get_text())
        for (a, box_a), (b, box_b) in itertools.combinations(shown, 2)
        if _overlap_area(box_a, box_b) > 1.0
    ]
    assert overlapping == []


def _overlap_area(a: Bbox, b: Bbox) -> float:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return max(width, 0.0) * max(height, 0.0)


def test_the_palette_is_colour_blind_safe(drawn: Drawn) -> None:
    colours = {c.lower() for c in re.findall(rb"#[0-9a-fA-F]{6}\b", drawn.svg) for c in [c.decode()]}
    greys = {c for c in colours if c[1:3] == c[3:5] == c[5:7]}
    assert colours - greys <= OKABE_ITO


def test_each_relay_box_sits_on_its_own_arrow_and_no_other(monkeypatch: pytest.MonkeyPatch) -> None:
    figure = draw(plots.who_said_what_svg, monkeypatch)
    arrows = {
        str(patch.get_gid()).removeprefix("statement:"): patch.get_window_extent(figure.renderer)
        for patch in figure.figure.findobj(FancyArrowPatch)
        if str(patch.get_gid()).startswith("statement:")
    }
    relays = {
        str(text.get_gid()).removeprefix("relay:"): text.get_bbox_patch().get_window_extent(figure.renderer)  # type: ignore[union-attr]
        for text in figure.figure.findobj(Text)
        if str(text.get_gid()).startswith("relay:")
    }
    statements = crocus_data.load("statements")
    assert set(relays) == set(statements.loc[statements["relay_actor_id"].notna(), "statement_id"])
    for statement_id, box in relays.items():
        arrow = arrows[statement_id]
        centre_x, arrow_y = (box.x0 + box.x1) / 2, (arrow.y0 + arrow.y1) / 2
        assert arrow.x0 < centre_x < arrow.x1 and box.y0 < arrow_y < box.y1, statement_id
        others = [other for other, extent in arrows.items() if other != statement_id and extent.overlaps(box)]
        assert others == [], statement_id


def test_the_legends_say_what_the_marks_mean(monkeypatch: pytest.MonkeyPatch) -> None:
    timeline = draw(plots.timeline_svg, monkeypatch)
    (legend,) = timeline.figure.legends
    entries = " ".join(text.get_text() for text in legend.get_texts())
    for kind in set(views.timeline()["kind"]):
        assert f"{kind}: earliest to latest day" in entries, kind
    assert "open" in entries and "published" in entries
    said = " ".join(t.get_text() for t, _ in texts(draw(plots.who_said_what_svg, monkeypatch)))
    assert "Each arrow is one statement" in " ".join(said.split()) and "relayed" in said


def test_each_mark_carries_its_records_words_as_a_tooltip(rendered: dict[str, bytes]) -> None:
    evidence = crocus_data.load("evidence")
    statements = crocus_data.load("statements")
    about_something = statements[statements["target_actor_id"].notna() | statements["incident_id"].notna()]
    expected = {
        "timeline.svg": [f"timeline:{record_id}" for record_id in views.timeline()["record_id"]],
        # The figure draws each statement about someone or an incident (an arrow needs an end).
        "who-said-what.svg": [f"statement:{s}" for s in about_something["statement_id"]],
    }
    for name, gids in expected.items():
        root = ElementTree.fromstring(rendered[name])
        titles = {
            group.attrib["id"]: title.text or ""
            for group in root.iter(f"{SVG}g")
            if "id" in group.attrib
            for title in group.findall(f"{SVG}title")
        }
        for gid in gids:
            record_id = gid.split(":", 1)[1]
            quotes = evidence.loc[evidence["record_id"] == record_id, "quote"]
            assert gid in titles, gid
            assert all(quote in titles[gid] for quote in quotes), gid


SVG = "{http://www.w3.org/2000/svg}"


def test_a_statement_made_in_custody_is_marked_so_on_its_arrow(rendered: dict[str, bytes]) -> None:
    """A confession given in custody must not look like a free claim (the sources report torture)."""
    statements = crocus_data.load("statements")
    held = statements[statements["made_in_custody"].fillna(False).astype(bool)]
    drawn = held[held["target_actor_id"].notna() | held["incident_id"].notna()]
    svg = rendered["who-said-what.svg"].decode("utf-8")
    assert svg.count("made in custody") >= 2 * len(drawn)  # on the arrow and in its tooltip
    for statement_id in drawn["statement_id"]:
        title = re.search(rf'id="statement:{re.escape(str(statement_id))}".*?<title>(.*?)</title>', svg, re.S)
        assert title is not None and "made in custody" in title.group(1), statement_id


@pytest.mark.parametrize("years", [1, 3])
def test_the_time_axis_labels_do_not_overlap_whatever_the_data_spans(years: int) -> None:
    """A contribution dated a year or more after the attack widens the axis: its month labels must thin out."""
    frame = views.timeline()
    later = frame["latest"].max() + pd.Timedelta(days=365 * years)
    widened = frame.assign(latest=frame["latest"].mask(frame.index == frame.index[-1], later))
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(plots.views, "timeline", lambda *_: widened)
        drawn = draw(plots.FIGURES["timeline.svg"], monkeypatch)
    dates = [(t, box) for t, box in texts(drawn) if re.fullmatch(r"\d\d \w{3} \d{4}", t.get_text())]
    assert len(dates) >= 2
    overlapping = [
        (a.get_text(), b.get_text())
        for (a, ba), (b, bb) in itertools.combinations(dates, 2)
        if _overlap_area(ba, bb) > 1
    ]
    assert overlapping == []
