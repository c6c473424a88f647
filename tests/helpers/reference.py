"""The reference fixture (tests/fixtures/reference) in the forms tests need."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aibri_desktop.domain.answers import Answer, AnswerState, Confidence
from aibri_desktop.domain.framework import Framework
from aibri_desktop.domain.framework_file import load_framework_file

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "reference"
FRAMEWORK_FILE = REFERENCE_DIR / "framework.json"


def framework() -> Framework:
    return load_framework_file(FRAMEWORK_FILE)


def answer_records() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads((REFERENCE_DIR / "answers.json").read_text())[
        "answers"
    ]
    return records


def modules() -> list[str]:
    return list(json.loads((REFERENCE_DIR / "answers.json").read_text())["modules"])


def answers() -> dict[str, Answer]:
    result = {}
    for record in answer_records():
        result[record["indicator"]] = Answer(
            indicator_id=record["indicator"],
            state=AnswerState(record["state"]),
            level=record.get("level"),
            confidence=Confidence(record["confidence"]) if record.get("confidence") else None,
            na_reason=record.get("na_reason"),
            evidence=record.get("evidence", ""),
        )
    return result


def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REFERENCE_DIR / "expected.json").read_text())
    return data
