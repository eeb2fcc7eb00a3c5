"""The documentation site: it builds strictly, its pages say what they must, and the quickstart works installed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml
from test_docs import PAGES, offline_hugging_face, python_blocks

import crocus_data
from crocus_data.layout import DATA_DIR
from crocus_data.models import MODELS, Record
from crocus_data.models.columns import columns, published_columns
from crocus_data.reader.package import from_layout
from crocus_data.site.build import with_evidence_nav
from crocus_data.site.dictionary_page import render_dictionary
from crocus_data.site.highlight_css import CSS_FILE

from scratch import REPO, built

DOCS = REPO / "docs"  # what a person writes


def mkdocs_build(project: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
    )


def nav_pages(config: dict[str, object]) -> list[str]:
    """Every page the nav lists, sections (a list of entries) included."""

    def pages(entries: object) -> list[str]:
        assert isinstance(entries, list)
        found: list[str] = []
        for entry in entries:
            for value in entry.values():
                found += pages(value) if isinstance(value, list) else [value]
        return found

    return pages(config["nav"])


@pytest.fixture(scope="module")
def config() -> dict[str, object]:
    loaded = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


# --- the site ------------------------------------------------------------------------------------


def test_the_site_builds_strictly(site: Path, config: dict[str, object]) -> None:
    for page in nav_pages(config):
        stem = page.removesuffix(".md")  # index.md is served as the folder's index.html, any other page as a folder
        folder = stem.removesuffix("index") if Path(stem).name == "index" else f"{stem}/"
        html = site / f"{folder}index.html"
        assert html.is_file(), page
    for image in ["timeline.svg", "who-said-what.svg"]:
        assert (site / "img" / image).is_file()
    assert 'src="../img/timeline.svg"' in (site / "analysis" / "index.html").read_text(encoding="utf-8")


# The attribute by which each element makes the browser fetch a URL by itself.
FETCHED = {"script": "src", "img": "src", "link": "href", "source": "src", "iframe": "src", "embed": "src"}


class ExternalResources(HTMLParser):
    """Every URL a page makes the browser fetch by itself (not the links a reader may follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = FETCHED.get(tag)
        for name, value in attrs:
            if value and (name == wanted or name == "srcset" or (tag == "object" and name == "data")):
                self.found.append(value)


def is_remote(url: str) -> bool:
    return re.match(r"\s*(https?:)?//", url, flags=re.IGNORECASE) is not None


def test_the_site_fetches_nothing_from_the_network(site: Path) -> None:
    """No script, stylesheet, image or font from a CDN: the site works offline (and leaks no visits)."""
    pages = sorted(site.rglob("*.html"))
    assert pages
    remote = []
    for page in pages:
        parser = ExternalResources()
        parser.feed(page.read_text(encoding="utf-8"))
        remote += [f"{page.relative_to(site)}: {url}" for url in parser.found if is_remote(url)]
    for sheet in sorted(site.rglob("*.css")):
        text = sheet.read_text(encoding="utf-8")
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text)
        remote += [f"{sheet.relative_to(site)}: {url}" for url in urls if is_remote(url)]
    assert remote == []


def test_the_remote_resource_finder_finds_a_cdn_script() -> None:
    parser = ExternalResources()
    parser.feed(
        '<script src="https://cdn.example/x.js"></script><link rel="stylesheet" href="//cdn.example/x.css">'
        '<a href="https://example.org/">a link is not fetched</a><img src="img/local.svg">'
    )
    assert [url for url in parser.found if is_remote(url)] == ["https://cdn.example/x.js", "//cdn.example/x.css"]


def test_code_is_highlighted_at_build_time(site: Path) -> None:
    """codehilite marks the python blocks up with Pygments' classes, and the site ships their stylesheet."""
    page = (site / "quickstart" / "index.html").read_text(encoding="utf-8")
    assert '<div class="codehilite">' in page and '<span class="kn">import</span>' in page
    stylesheet = (site / CSS_FILE).read_text(encoding="utf-8")
    assert ".codehilite .kn" in stylesheet
    assert f'href="../{CSS_FILE}"' in page


BROKEN_LINKS = {
    "[a missing page](no-such-page.md)": "no-such-page.md",
    "[a missing anchor](data-dictionary.md#no-such-table)": "no-such-table",
    "![a missing image](img/no-such-figure.svg)": "no-such-figure.svg",
}


def test_a_broken_link_fails_the_build(tmp_path: Path, config: dict[str, object]) -> None:
    """With the site's own strictness and link checks (mkdocs.yml), on two pages of their own: each broken
    link is named, and the build fails."""
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Home\n\n" + "\n\n".join(BROKEN_LINKS) + "\n", encoding="utf-8")
    (project / "docs" / "data-dictionary.md").write_text("# Data dictionary\n\n## sources\n", encoding="utf-8")
    shutil.copytree(REPO / "overrides", project / "overrides")  # the theme's custom_dir
    left_out = ("hooks", "nav", "extra_css", "extra_javascript", "not_in_nav")
    trimmed = {key: value for key, value in config.items() if key not in left_out}
    trimmed["nav"] = [{"Home": "index.md"}, {"Data dictionary": "data-dictionary.md"}]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(trimmed), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    for complaint in BROKEN_LINKS.values():
        assert complaint in result.stdout + result.stderr, complaint


def test_every_link_check_is_on_and_strict(config: dict[str, object]) -> None:
    validation = config["validation"]
    assert isinstance(validation, dict) and config["strict"] is True
    assert {validation[key] for key in ("omitted_files", "absolute_links", "unrecognized_links", "anchors")} == {"warn"}


def test_strict_material_offline_and_every_page_in_the_nav(config: dict[str, object]) -> None:
    assert config["strict"] is True
    theme = config["theme"]
    assert isinstance(theme, dict)
    assert theme["name"] == "material"
    assert theme["font"] is False  # Google Fonts otherwise: a request to another site on every visit
    assert "analytics" not in str(config.get("extra", ""))
    # The nav as the site build makes it: mkdocs.yml's, its Evidence entry replaced by the evidence browser.
    nav = config["nav"]
    assert isinstance(nav, list)
    listed = nav_pages({"nav": with_evidence_nav(nav, from_layout(built() / DATA_DIR))})
    docs = built() / "docs"
    unlisted = [p for p in docs.rglob("*.md") if p.parent.name == "data-dictionary"]  # reached from the index
    assert unlisted
    assert sorted(listed) == sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if p not in unlisted)
    for page in ["index.md", "quickstart.md", "examples.md", "data-dictionary.md", "datasheet.md", "encoding.md"]:
        assert page in listed
    assert {"coverage.md", "changelog.md", "citing.md", "licensing.md", "analysis.md", "contributing.md"} <= set(listed)


def test_the_nav_has_two_levels_readers_first(config: dict[str, object]) -> None:
    """Home, then the reader's sections, the maintainers' last; no section holds another (the nav as the site
    build makes it, the evidence browser in its place)."""
    written = config["nav"]
    assert isinstance(written, list)
    nav = with_evidence_nav(written, from_layout(built() / DATA_DIR))
    titles = [next(iter(entry)) for entry in nav]
    assert titles == ["Home", "Use the data", "Evidence", "About the data", "For contributors"]
    for entry in nav[1:]:
        (pages,) = entry.values()
        assert isinstance(pages, list)
        assert all(isinstance(value, str) for page in pages for value in page.values()), entry
    (maintainers,) = nav[-1].values()
    for page in [
        "contributing.md",
        "validation.md",
        "testing.md",
        "coverage.md",
        "annotations.md",
        "cli.md",
        "architecture.md",
    ]:
        assert page in [value for entry in maintainers for value in entry.values()], page


def test_the_contributing_page_is_contributing_md_with_its_links_into_docs_made_neighbours() -> None:
    original = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    page = (built() / "docs" / "contributing.md").read_text(encoding="utf-8")
    assert "](docs/" in original and "](docs/" not in page
    assert page == original.replace("](docs/", "](")


def test_the_readme_works_on_a_package_index_page() -> None:
    """The README is the wheel's long description: a link relative to the repository would break there."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)", readme) + re.findall(r"^\[[^\]]+\]:\s*(\S+)", readme, flags=re.MULTILINE)
    targets += re.findall(r"""(?:href|src)=["']([^"']+)""", readme)
    assert [target for target in targets if not target.startswith("https://")] == []
    named = re.findall(r"`((?:docs/)?[A-Za-z_-]+\.md)`", readme)  # the files it names instead, from the source archive
    assert "docs/quickstart.md" in named
    for name in named:  # what git holds, or a page the build makes from the data
        assert (REPO / name).is_file() or (built() / name).is_file(), name


def test_the_changelog_page_is_the_changelog() -> None:
    assert (built() / "docs" / "changelog.md").read_bytes() == (REPO / "CHANGELOG.md").read_bytes()


def test_every_page_with_python_is_run_by_the_tests() -> None:
    pages = {
        page.relative_to(REPO).as_posix() for page in [*DOCS.glob("*.md"), REPO / "README.md"] if python_blocks(page)
    }
    assert pages <= set(PAGES), f"add to tests/test_docs.py PAGES: {sorted(pages - set(PAGES))}"
    assert "docs/quickstart.md" in pages and "docs/analysis.md" in pages


# --- the quickstart, installed -------------------------------------------------------------------

QUICKSTART = DOCS / "quickstart.md"
# The shell commands the quickstart gives, each exercised below.
FRICTIONLESS = (
    "cd \"$(python -c 'import crocus_data; print(crocus_data.data_dir())')\" && frictionless validate datapackage.json"
)
COMMANDS = [
    "python -m pip install .",
    "python -m pip install polars duckdb datasets",
    "crocus-data validate",
    "python -m pip install '.[serve]'",
    "crocus-data serve",  # tests/test_serve.py
    "python -m pip install 'frictionless[parquet]'",
    FRICTIONLESS,
]


def shell_commands(page: Path) -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_the_quickstart_gives_the_commands_tested_here() -> None:
    assert shell_commands(QUICKSTART) == COMMANDS


@pytest.mark.wheel
def test_the_quickstart_works_from_an_installed_copy(tmp_path: Path) -> None:
    """`pip install .` (offline: the dependencies are the test environment's), then every snippet, elsewhere."""
    target = tmp_path / "installed"
    offline = ["--quiet", "--no-deps", "--no-build-isolation", "--no-index"]
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", *offline, "--target", str(target), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    env = {**os.environ, "PYTHONPATH": str(target), **offline_hugging_face(tmp_path)}
    work = tmp_path / "elsewhere"
    work.mkdir()

    blocks = python_blocks(QUICKSTART)
    script = "import crocus_data, pathlib\n"
    script += f"assert pathlib.Path(crocus_data.__file__).is_relative_to({str(target)!r}), crocus_data.__file__\n"
    for number, block in enumerate(blocks, start=1):
        script += f"exec(compile({block!r}, 'quickstart block {number}', 'exec'))\n"
    run = subprocess.run([sys.executable, "-c", script], cwd=work, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "injured" in run.stdout or "fig-crocus-injured" in run.stdout

    command = [sys.executable, str(target / "bin" / "crocus-data"), "validate"]
    validate = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert str(target) in validate.stdout

    # frictionless, as the quickstart runs it: `python` is this interpreter, `frictionless` the dev extra's.
    shim = tmp_path / "shim"
    shim.mkdir()
    (shim / "python").symlink_to(sys.executable)
    path = os.pathsep.join([str(shim), str(Path(sys.executable).parent), env.get("PATH", "")])
    friction = subprocess.run(
        ["bash", "-c", FRICTIONLESS], cwd=work, env={**env, "PATH": path}, capture_output=True, text=True
    )
    assert friction.returncode == 0, friction.stdout + friction.stderr
    assert "VALID" in friction.stdout.upper() and "INVALID" not in friction.stdout.upper(), friction.stdout


# --- the data dictionary -------------------------------------------------------------------------


def normalise_arrow(type_name: str) -> str:
    if type_name.startswith("dictionary<values=string"):
        return "dictionary<string>"
    if type_name.startswith("list<"):  # pyarrow names the item field (list<element: string>)
        return "list<string>"
    return type_name.removesuffix("[day]")


def table_page(model: type[Record]) -> str:
    return (built() / "docs" / "data-dictionary" / f"{model.table}.md").read_text(encoding="utf-8")


def test_the_dictionary_is_generated_from_the_models() -> None:
    pages = render_dictionary()
    assert {path.relative_to("docs").as_posix() for path in pages} == {
        "data-dictionary.md",
        *(f"data-dictionary/{model.table}.md" for model in MODELS),
    }
    for path, content in pages.items():
        assert (built() / path).read_bytes() == content, path


def test_the_dictionary_index_is_short_and_links_every_table() -> None:
    index = (built() / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    for model in MODELS:
        assert f"(data-dictionary/{model.table}.md)" in index
    assert len(index.splitlines()) < 100
    for page in [index, *(table_page(model) for model in MODELS)]:
        assert "do not edit" not in re.sub(r"<!--.*?-->", "", page, flags=re.DOTALL)  # for maintainers: a comment


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.table)
def test_the_dictionary_gives_each_columns_real_types_and_rules(model: type[Record]) -> None:
    table = table_page(model)
    assert f"Primary key: `{model.primary_key}`" in table
    frame = crocus_data.load(model.table)
    schema = pq.read_schema(crocus_data.parquet_path(model.table))
    column_table = table[table.index("| column |") :].split("\n\n")[0]
    rows = {
        cells[0].strip("`"): cells
        for line in column_table.splitlines()[2:]
        for cells in [[cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]]
    }
    for column in published_columns(model):
        cells = rows[column.name]
        assert cells[1] == str(frame[column.name].dtype), column.name  # what load() really gives
        shown = cells[2].replace("&lt;", "<")  # escaped in the Markdown, so that '<string>' is not read as a tag
        assert shown == normalise_arrow(str(schema.field(column.name).type)), column.name  # what the file holds
        assert cells[3] == ("yes" if column.required else ""), column.name
        if column.enum:
            assert f"[{column.enum.__name__}](#{column.enum.__name__.lower()})" in cells[4]
        if column.references:
            assert f"→ [{column.references}]({column.references}.md)" in cells[4]
        if column.pattern:
            assert column.pattern.replace("|", "\\|") in cells[4]
        assert (f"verbatim: stands in one of the row's evidence quotes (`{column.verbatim}`)" in cells[4]) == bool(
            column.verbatim
        ), column.name
    assert list(rows) == [c.name for c in published_columns(model)]
    for rule in model.row_rules:
        assert f"| `{rule.rule}` |" in table and rule.message.replace("|", "\\|") in table


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.table)
def test_each_table_page_defines_every_value_of_its_vocabularies(model: type[Record]) -> None:
    page = table_page(model)
    for enum in {column.enum for column in columns(model) if column.enum}:
        assert enum is not None
        vocabulary = page[page.index(f"\n### {enum.__name__}\n") :]
        for member in enum:
            assert f"| `{member.value}` | {member.definition} |" in vocabulary, member


# --- the datasheet and licences ------------------------------------------------------------------


def test_the_datasheet_has_every_heading_and_the_notes_users_need() -> None:
    sheet = (DOCS / "datasheet.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", sheet, flags=re.MULTILINE)
    for heading in [
        "Motivation",
        "Composition",
        "Collection process",
        "Preprocessing and encoding",
        "Uses",
        "Distribution",
        "Maintenance",
        "How disagreements are represented",
    ]:
        assert heading in headings
    for phrase in ["Content note", "Not fit for", "no conviction", "around 550", "one row per assertion"]:
        assert phrase.lower() in sheet.lower(), phrase


def test_the_licences_are_stated_plainly() -> None:
    page = (DOCS / "licensing.md").read_text(encoding="utf-8")
    assert "MIT" in page and "CC BY 4.0" in page
    assert "not licensed by this project" in page and "crocus_data/data/sources/*.txt" in page
    assert "MIT License" in (REPO / "LICENSE").read_text(encoding="utf-8")
    statement = " ".join((REPO / "LICENSE-DATA.md").read_text(encoding="utf-8").split())
    assert "They are **not** covered by either licence above" in statement
