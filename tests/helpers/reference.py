"""The reference fixture (tests/fixtures/reference) in the forms tests need."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from aibri_desktop.domain.answers import Answer, AnswerState, Confidence
from aibri_desktop.domain.bands import Band
from aibri_desktop.domain.framework import Framework
from aibri_desktop.domain.framework_file import load_framework_file

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "reference"
FRAMEWORK_FILE = REFERENCE_DIR / "framework.json"


def framework() -> Framework:
    return load_framework_file(FRAMEWORK_FILE)


CASES = ("", "_v2", "_v2_settled")  # answers{case}.json with expected{case}.json


def answer_records(case: str = "") -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(
        (REFERENCE_DIR / f"answers{case}.json").read_text())["answers"]
    return records


def modules(case: str = "") -> list[str]:
    return list(json.loads((REFERENCE_DIR / f"answers{case}.json").read_text())["modules"])


def answers(case: str = "") -> dict[str, Answer]:
    result = {}
    for record in answer_records(case):
        low, high = record.get("range") or (None, None)
        result[record["indicator"]] = Answer(
            indicator_id=record["indicator"],
            state=AnswerState(record["state"]),
            level=record.get("level"),
            confidence=Confidence(record["confidence"]) if record.get("confidence") else None,
            na_reason=record.get("na_reason"),
            evidence=record.get("evidence", ""),
            level_low=low, level_high=high,
        )
    return result


def expected(case: str = "") -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REFERENCE_DIR / f"expected{case}.json").read_text())
    return data


def shown_band(figures: dict[str, Any]) -> str | None:
    """The band the app, the command line and the briefs print beside a score today.

    Under version 2 of the rules ``band`` is null when the verdict is open (the fixture says
    so). The results page, the score strip, the library and ``aibri show`` lead with the
    verdict already; the JSON ``band`` field, the briefs and compare still carry the band of
    the score until they show the verdict in its place, so for an open verdict this is the
    band of the expected (rounded) score."""
    if figures.get("band") is not None or figures.get("score") is None or (
            "verdict" in figures and figures["verdict"] is None):  # capacity: no band at all
        band: str | None = figures.get("band")
        return band
    return Band.of(Decimal(str(figures["score"]))).label
