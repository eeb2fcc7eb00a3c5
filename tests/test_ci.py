"""CI runs what the README tells a reader to run: its test command is a line of .ci/run, every tier included."""

from __future__ import annotations

import re

from scratch import REPO


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL)]


def test_the_readmes_test_command_is_what_ci_runs() -> None:
    test_command = readme_commands()[1]  # the second: install and run the tests
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test_command in script
    assert test_command.endswith("pytest --all-tiers")  # every tier: nothing CI runs is left out
