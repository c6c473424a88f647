"""The help a user reads: the user guide (F1) covers every part of the app and every command
the real command line has, its links all lead somewhere, and the methodology page reads in
plain language before its annex of formulas."""

from __future__ import annotations

import argparse
import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from aibri_desktop.cli import build_parser
from aibri_desktop.paths import resources_dir
from aibri_desktop.ui.dialogs.help_dialogs import GuideDialog, MethodologyDialog

ROOT = Path(__file__).resolve().parents[2]
GUIDE = resources_dir() / "help" / "en" / "guide.html"
METHODOLOGY = resources_dir() / "help" / "en" / "methodology.md"

# Every topic the guide must explain: its anchor, and words its heading must contain.
TOPICS = {
    "getting-started": "getting started",
    "library": "library",
    "new-assessment": "new assessment",
    "supplier-perspective": "supplier",
    "edit-details": "details",
    "questionnaire": "questionnaire",
    "suggestions": "suggestions from public data",
    "keyboard": "keyboard",
    "results": "results",
    "scores": "how scores are built",
    "judgement": "analyst judgement",
    "compare": "compare",
    "briefs": "briefs",
    "mark-final": "mark final",
    "register": "register",
    "exchange": ".aibri",
    "backups": "backups and restore",
    "purge": "purge",
    "settings": "settings",
    "command-line": "command line",
    "neutrality": "neutrality",
}
# What the plain-language part of the methodology explains, in this order, before its annex.
PLAIN_HEADINGS = ("## What the score means", "## What the verdict means",
                  "## What unknowns do", "## What would settle it")
ANNEX = "# Annex: formulas and details"
FORMULA_MARKERS = ("Σ", "_{", "random.Random", "seed")
FIRST_SCREEN_LINES = 60


class _Guide(HTMLParser):
    """The guide's anchors, internal links, headings (with the anchor each one carries) and
    the text of the command-line section's tables, row by row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.anchors: set[str] = set()
        self.links: list[str] = []
        self.headings: list[tuple[str, str, str]] = []  # (tag, anchor, text)
        self._heading: tuple[str, str] | None = None
        self._heading_text: list[str] = []
        self._section = ""  # the anchor of the h2 being read
        self.rows: dict[str, list[list[str]]] = {}  # section anchor -> rows of cell texts
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self.section_text: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        anchor = found.get("id") or (found.get("name") if tag == "a" else None) or ""
        if anchor:
            self.anchors.add(anchor)
        href = found.get("href")
        if tag == "a" and href is not None:
            self.links.append(href)
        if tag in ("h1", "h2", "h3"):
            self._heading = (tag, anchor)
            self._heading_text = []
            if tag == "h2":
                self._section = anchor
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append((*self._heading, " ".join("".join(self._heading_text).split())))
            self._heading = None
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.setdefault(self._section, []).append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading_text.append(data)
        if self._cell is not None:
            self._cell.append(data)
        self.section_text.setdefault(self._section, []).append(data)


def _guide() -> _Guide:
    parsed = _Guide()
    parsed.feed(GUIDE.read_text(encoding="utf-8"))
    parsed.close()
    return parsed


def _commands(parser: argparse.ArgumentParser, prefix: str = "aibri"
              ) -> list[tuple[str, argparse.ArgumentParser]]:
    """Every command and sub-command of the real parser, as typed: ("aibri framework add",
    its parser). Read from the parser itself, so a command added later is checked too."""
    found: list[tuple[str, argparse.ArgumentParser]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            choices = action.choices
            assert isinstance(choices, dict)
            for name, sub in choices.items():
                found.append((f"{prefix} {name}", sub))
                found += _commands(sub, f"{prefix} {name}")
    return found


def _long_options(parser: argparse.ArgumentParser) -> list[str]:
    return [option for action in parser._actions for option in action.option_strings
            if option.startswith("--") and option != "--help"]


def _names(command: str) -> re.Pattern[str]:
    """``command`` as typed, and not the start of a longer name ("aibri export" is not
    "aibri export-csv")."""
    return re.compile(re.escape(command) + r"(?![\w-])")


# ---- the user guide ------------------------------------------------------------------------

def test_every_command_of_the_real_parser_is_in_the_command_line_section() -> None:
    commands = _commands(build_parser())
    assert len(commands) > 20  # the parser was read, not an empty list
    rows = _guide().rows["command-line"]
    missing = [command for command, _parser in commands
               if not any(_names(command).match(row[0]) for row in rows)]
    assert not missing, f"commands the guide's command-line table does not list: {missing}"


def test_every_option_of_every_command_is_in_its_row() -> None:
    rows = _guide().rows["command-line"]
    gaps = []
    for command, parser in _commands(build_parser()):
        text = " ".join(" ".join(row) for row in rows if _names(command).match(row[0]))
        gaps += [f"{command} {option}" for option in _long_options(parser)
                 if not re.search(re.escape(option) + r"(?![\w-])", text)]
    assert not gaps, f"options the guide's command table leaves out: {gaps}"


def test_the_command_line_section_gives_the_global_options_and_an_example_each() -> None:
    guide = _guide()
    text = unescape(" ".join(guide.section_text["command-line"]))
    for option in _long_options(build_parser()):  # --version, --db, --smoke-test
        assert option in text, option
    assert "AIBRI_DB" in text
    rows = [row for row in guide.rows["command-line"] if row[0] != "Command"]
    assert rows
    for row in rows:  # the second cell: what it does, then an example of it
        assert len(row) == 2 and row[1].count("aibri ") >= 1, row


@pytest.mark.parametrize(("anchor", "words"), sorted(TOPICS.items()))
def test_every_topic_has_its_heading(anchor: str, words: str) -> None:
    headings = {a: text for tag, a, text in _guide().headings if tag == "h2"}
    assert anchor in headings, f"no section #{anchor}"
    assert words in headings[anchor].lower(), headings[anchor]


def test_the_contents_list_every_section_in_order() -> None:
    guide = _guide()
    sections = [a for tag, a, _text in guide.headings if tag == "h2" and a != "contents"]
    contents = [href[1:] for href in guide.links if href.startswith("#")]
    listed = contents[:len(sections)]
    assert listed == sections


def test_every_internal_link_has_its_anchor() -> None:
    guide = _guide()
    broken = sorted({href for href in guide.links if href.startswith("#")
                     and href[1:] not in guide.anchors})
    assert not broken
    assert not [href for href in guide.links if not href.startswith("#")], \
        "the guide links only inside itself: the app makes no network connection"


def _anchors_opened_by_code() -> set[str]:
    """The anchors the app (and its tests) open the guide at: show_guide("x"), GuideDialog("x")."""
    call = re.compile(r"(?:show_guide|GuideDialog)\(\s*(?:anchor\s*=\s*)?[\"']([\w-]+)[\"']")
    found: set[str] = set()
    for folder in (ROOT / "aibri_desktop", ROOT / "tests"):
        for path in folder.rglob("*.py"):
            if path.name != Path(__file__).name:
                found |= set(call.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_anchor_the_app_opens_the_guide_at_exists() -> None:
    opened = _anchors_opened_by_code()
    assert "keyboard" in opened  # the search finds the calls there are
    assert not opened - _guide().anchors


def test_the_guide_names_no_band_beside_the_reference_cases_open_verdict() -> None:
    """Scoring rules version 2: the worked example's overall is a bound, not "High"."""
    rows = _guide().rows["scores"]
    overall = next(row for row in rows if row[0] == "Overall")
    assert overall[1] == "at least Elevated, at most High"


# ---- the methodology -----------------------------------------------------------------------

def test_the_methodology_reads_in_plain_language_first() -> None:
    text = METHODOLOGY.read_text(encoding="utf-8")
    positions = [text.index(heading + "\n") for heading in PLAIN_HEADINGS]
    assert positions == sorted(positions)
    annex = text.index("\n" + ANNEX + "\n")
    assert positions[-1] < annex < text.index("## 1. The framework")
    plain = text[:annex]
    assert not [m for m in FORMULA_MARKERS if m in plain], "formula notation before the annex"
    first_screen = "\n".join(text.splitlines()[:FIRST_SCREEN_LINES])
    assert not [m for m in FORMULA_MARKERS if m in first_screen]
    flat = " ".join(plain.split())
    assert "not counted as zero" in flat and "widen the range" in flat
    assert "at least Elevated, at most High" in flat
    assert "the band cannot settle unless at least" in flat


def test_the_annex_keeps_every_numbered_section_and_its_formulas() -> None:
    text = METHODOLOGY.read_text(encoding="utf-8")
    annex = text[text.index(ANNEX):]
    numbers = [int(n) for n in re.findall(r"^## (\d+)\. ", annex, re.MULTILINE)]
    assert numbers == list(range(1, 18))
    assert "Σ_{A∪R∪K}" in annex and "random.Random" in annex


def test_the_docs_copy_is_the_apps_copy() -> None:
    assert (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8") == \
        METHODOLOGY.read_text(encoding="utf-8")


# ---- the dialogs ---------------------------------------------------------------------------

def test_the_guide_opens_at_an_anchor_and_shows_the_new_sections(qtbot: QtBot) -> None:
    top = GuideDialog()
    qtbot.addWidget(top)
    top.resize(1024, 768)
    top.show()
    qtbot.waitExposed(top)
    assert top.browser.verticalScrollBar().value() == 0
    text = top.browser.toPlainText()
    for heading in ("Results", "Compare", "Exporting briefs (PDF and Word)",
                    "Analyst judgement", "Mark final", "The register of issued briefs",
                    "Import and export: the .aibri file", "Backups and restore",
                    "Delete, restore and purge", "Suggestions from public data",
                    "Supplier state and perspective", "Editing an assessment's details",
                    "Command line"):
        assert heading in text, heading
    assert "aibri edit ID" in text
    assert top.browser.horizontalScrollBar().maximum() == 0, "something is wider than the page"

    at = GuideDialog("command-line")
    qtbot.addWidget(at)
    at.resize(1024, 768)
    at.show()
    qtbot.waitExposed(at)
    assert at.browser.verticalScrollBar().value() > 0
    shown = at.browser.cursorForPosition(at.browser.viewport().rect().topLeft())
    assert "Command line" in shown.block().text()


def test_the_methodology_dialog_shows_the_plain_part_first(qtbot: QtBot) -> None:
    dialog = MethodologyDialog()
    qtbot.addWidget(dialog)
    dialog.resize(1024, 768)
    dialog.show()
    qtbot.waitExposed(dialog)
    text = dialog.browser.toPlainText()
    places = [text.index(h.removeprefix("## ")) for h in PLAIN_HEADINGS]
    assert places == sorted(places)
    assert places[-1] < text.index("Annex: formulas and details")
    # the first screen: what a reader sees on opening holds no formula
    bottom = dialog.browser.cursorForPosition(dialog.browser.viewport().rect().bottomLeft())
    first_screen = text[:bottom.position()]
    assert "What the score means" in first_screen
    assert not [m for m in FORMULA_MARKERS if m in first_screen]
