"""Every command follows the one convention of docs/cli.md: how it names its package, one --format
vocabulary, JSON always a document on stdout, messages on stderr, and the exit codes --help lists.

The commands are read from the parser itself, so a command added later is held to the convention
without this file being edited.
"""

from __future__ import annotations

import argparse
import io
import json
import re
from pathlib import Path

import pytest

from crocus_data.cli import entry_point as cli_main_module
from crocus_data.cli import main
from crocus_data.cli.convention import EXIT_CODES, FORMATS
from crocus_data.cli.entry_point import parser

import anchors
from scratch import REPO, ScratchRepo

# The arguments a command needs besides its package, to reach the point where it reads the package.
NEEDS = {
    "add-source": ["{missing}/report.txt"],
    "annotate": [anchors.rows("sources")[0]["source_id"]],
    "locate": [anchors.rows("sources")[0]["source_id"], "the"],
    "diff": ["{missing}", "."],
    "gate": ["{missing}", "."],
}


def subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def option(command: argparse.ArgumentParser, flag: str) -> argparse.Action | None:
    return next((a for a in command._actions if flag in a.option_strings), None)


def positionals(command: argparse.ArgumentParser) -> list[str]:
    return [a.dest for a in command._actions if not a.option_strings]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_the_docs_list_every_command_and_the_help_lists_every_command_and_exit_code(
    capsys: pytest.CaptureFixture[str],
) -> None:
    page = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    table = page[page.index("| command |") : page.index("\n\n", page.index("| command |"))]
    documented = set(re.findall(r"^\| `([a-z-]+)[ `]", table, re.M))
    assert documented == set(subcommands())
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    help_text = capsys.readouterr().out
    for name in subcommands():
        assert name in help_text
    for code in EXIT_CODES:
        assert re.search(rf"^\s+{code}\s+\S", help_text, re.M), f"exit status {code} is not in --help"


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_command_offers_only_the_one_format_vocabulary(name: str) -> None:
    action = option(subcommands()[name], "--format")
    assert action is not None, f"{name} reports something, so it takes --format"
    assert action.choices is not None and "text" in action.choices and "json" in action.choices
    assert set(action.choices) <= set(FORMATS)
    assert action.default == "text"


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_a_command_on_one_package_names_it_last_as_path(name: str) -> None:
    names = positionals(subcommands()[name])
    if name in ("diff", "gate"):
        assert names[:2] == ["old", "new"]
    else:
        assert names[-1] == "path", f"{name}: the package is the last positional argument, PATH"


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_json_is_a_document_on_stdout_even_when_the_package_does_not_exist(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = str(tmp_path / "nowhere")
    needs = [argument.format(missing=missing) for argument in NEEDS.get(name, [])]
    package = [] if name in ("diff", "gate") else [missing]
    status, out, err = run(capsys, name, *needs, *package, "--format", "json")
    assert status == 2, (out, err)
    document = json.loads(out)
    assert isinstance(document, dict) and document["exit_status"] == 2
    assert err.strip(), "a person is told why, on stderr"
    assert len(err.strip().splitlines()) <= 2 and "Traceback" not in err


def test_a_bad_command_line_with_json_asked_for_still_gives_a_document(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--format", "json", "--no-such-option"])
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["exit_status"] == 2 and "no-such-option" in captured.err


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "{root}"],
        ["info", "{root}"],
        ["build", "--check", "{root}"],
        ["locate", anchors.rows("sources")[0]["source_id"], " ", "--occurrence", "1", "{root}"],
        ["fill-offsets", "{root}"],
        ["diff", "{root}", "{root}"],
        ["gate", "{root}", "{root}"],
    ],
    ids=lambda argv: argv[0],
)
def test_stdout_holds_only_the_document_and_messages_go_to_stderr(
    argv: list[str], scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, *[a.format(root=scratch.root) for a in argv], "--format", "json")
    assert status in (0, 1), out
    json.loads(out)  # nothing but the one document


def test_text_progress_goes_to_stderr(scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, err = run(capsys, "validate", str(scratch.root))
    assert "validating" in err and "validating" not in out and "valid:" in out


def test_the_deprecated_root_option_still_names_the_package_and_says_so(
    scratch: ScratchRepo, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _, err = run(capsys, "build", "--check", "--root", str(scratch.root))
    assert status == 0 and "deprecated" in err


def test_a_writing_command_refuses_to_run_outside_a_checkout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("build", "fill-offsets", "release-manifest"):
        status, _, err = run(capsys, name)
        assert status == 2 and "checkout" in err, name


def _raising(error: BaseException) -> object:
    def run(args: argparse.Namespace) -> int:
        raise error

    return run


def _with_run(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    """Make `info` raise ``error`` when it runs, as a bug or a signal would."""
    original = cli_main_module.parser

    def patched() -> argparse.ArgumentParser:
        top = original()
        subcommands_action = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
        subcommands_action.choices["info"].set_defaults(run=_raising(error))
        return top

    monkeypatch.setattr(cli_main_module, "parser", patched)


def test_an_unexpected_error_is_one_line_and_debug_shows_the_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _with_run(monkeypatch, RuntimeError("boom \x1b[31m"))
    status, out, err = run(capsys, "info")
    assert status == 2 and out == "" and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "\x1b" not in err and "--debug" in err
    status, out, err = run(capsys, "info", "--format", "json")
    assert status == 2 and json.loads(out)["exit_status"] == 2
    for argv in (["--debug", "info"], ["info", "--debug"]):
        status, _, err = run(capsys, *argv)
        assert status == 2 and "Traceback" in err and "RuntimeError" in err


def test_ctrl_c_exits_130(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _with_run(monkeypatch, KeyboardInterrupt())
    status, _, err = run(capsys, "info")
    assert status == 130 and "interrupted" in err


def test_a_reader_that_leaves_gives_141_not_the_data_invalid_status(monkeypatch: pytest.MonkeyPatch) -> None:
    class Gone(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError

    monkeypatch.setattr("sys.stdout", Gone())
    assert main(["info"]) == 141
