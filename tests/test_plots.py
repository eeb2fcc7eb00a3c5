"""The figures in the docs are drawn from the data, byte for byte reproducibly, and kept up to date."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from crocus_data import plots, views

from scratch import REPO

IMG = REPO / "docs" / "img"


@pytest.fixture(scope="module")
def rendered() -> dict[str, bytes]:
    return plots.render_all()


def test_rendering_twice_gives_the_same_bytes(rendered: dict[str, bytes]) -> None:
    assert plots.render_all() == rendered


def test_a_fresh_process_gives_the_same_bytes(rendered: dict[str, bytes], tmp_path: Path) -> None:
    code = (
        "import hashlib, json\nfrom crocus_data import plots\n"
        "print(json.dumps({n: hashlib.sha256(b).hexdigest() for n, b in plots.render_all().items()}))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert json.loads(result.stdout) == {name: hashlib.sha256(b).hexdigest() for name, b in rendered.items()}


def test_committed_figures_equal_a_fresh_render(rendered: dict[str, bytes]) -> None:
    for name, content in rendered.items():
        assert (IMG / name).read_bytes() == content, f"run `python -m crocus_data.plots` and commit docs/img/{name}"


def test_check_reports_drift_and_writes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "img"
    shutil.copytree(IMG, out)
    assert plots.main(["--check", "--out", str(out)]) == 0
    stale = out / "timeline.svg"
    stale.write_bytes(stale.read_bytes().replace(b"inc-rostov-hostage-taking", b"inc-rostov-hostage-takin"))
    before = stale.read_bytes()
    assert plots.main(["--check", "--out", str(out)]) == 1
    assert "timeline.svg" in capsys.readouterr().err
    assert stale.read_bytes() == before
    assert plots.main(["--out", str(out)]) == 0
    assert plots.main(["--check", "--out", str(out)]) == 0


def test_the_command_runs_as_a_module(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "crocus_data.plots", "--out", str(tmp_path)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(plots.FIGURES)


def test_svgs_carry_no_date(rendered: dict[str, bytes]) -> None:
    for content in rendered.values():
        assert b"<dc:date>" not in content and content.startswith(b"<?xml")


def test_timeline_draws_every_incident_statement_and_detention(rendered: dict[str, bytes]) -> None:
    svg = rendered["timeline.svg"].decode("utf-8")
    for record_id in views.timeline()["record_id"]:
        assert f"[{record_id}]" in svg, record_id


def test_who_said_what_shows_speakers_relays_and_targets(rendered: dict[str, bytes]) -> None:
    svg = rendered["who-said-what.svg"].decode("utf-8")
    for name in ["Interfax", "TASS", "RIA Novosti", "Alexander Bortnikov", "Ukraine", "Khorasan group", "ISIS"]:
        assert name in svg, name
    assert "allegation of involvement" in svg and "claim of responsibility" in svg


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
        "try:\n    import crocus_data.plots\nexcept ImportError as exc:\n    print(exc)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install 'crocus-data[plots]'" in result.stdout
