"""The README's command table lists every command of the real parser, with its options."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from aibri_desktop.cli import build_parser

README = Path(__file__).resolve().parents[2] / "README.md"


def _commands(parser: argparse.ArgumentParser, prefix: str = "aibri"
              ) -> list[tuple[str, argparse.ArgumentParser]]:
    found: list[tuple[str, argparse.ArgumentParser]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append((f"{prefix} {name}", sub))
                found += _commands(sub, f"{prefix} {name}")
    return found


def _rows() -> list[str]:
    """The first cell of each row of the README's command table."""
    return [line.split(" | ")[0] for line in README.read_text(encoding="utf-8").splitlines()
            if line.startswith("| `aibri")]


def test_the_readme_lists_every_command_with_its_options() -> None:
    commands = _commands(build_parser())
    assert len(commands) > 20
    rows = _rows()
    missing, gaps = [], []
    for command, parser in commands:
        mine = [row for row in rows if re.search(re.escape(f"`{command}") + r"(?![\w-])", row)
                or re.search(re.escape(f"/ `{command}") + r"(?![\w-])", row)]
        if not mine:
            missing.append(command)
            continue
        text = " ".join(mine)
        gaps += [f"{command} {option}" for action in parser._actions
                 for option in action.option_strings
                 if option.startswith("--") and option != "--help"
                 and not re.search(re.escape(option) + r"(?![\w-])", text)]
    assert not missing, f"commands the README's table does not list: {missing}"
    assert not gaps, f"options the README's table leaves out: {gaps}"
