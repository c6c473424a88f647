"""A lone surrogate (JSON's ``"\\ud800"`` escape reads as one) is not text: no database or file
can encode it. An .aibri file holding one anywhere, in an assessment or in a framework, is
refused in one line naming the place, and nothing is imported."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.exchange.aibri_file import ExchangeError, content_checksum, read_exchange
from helpers.services import open_services

LONE = "\\ud800"  # as written in the JSON text


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The entries of a small exported file: one assessment, one answer with evidence."""
    folder = tmp_path_factory.mktemp("src")
    services = open_services(folder)
    try:
        assessment_id = services.assessments.create(
            country_code="FR", title="Plain title", as_of=date(2026, 1, 1),
            marking="PLAIN MARKING").assessment_id
        record = services.assessments.load(assessment_id)
        indicator = record.framework.enabled_dimensions(record.modules)[0].indicators[0].id
        services.assessments.answer(assessment_id=assessment_id, indicator_id=indicator,
                                    who="tester", state=AnswerState.ANSWERED, level=1,
                                    evidence="plain evidence")
        path = folder / "one.aibri"
        services.exchange.export([assessment_id], path)
    finally:
        services.close()
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _rezip(entries: dict[str, bytes]) -> bytes:
    manifest = json.loads(entries["manifest.json"])
    manifest["checksum"]["content"] = content_checksum(entries)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        for name, content in entries.items():
            if name != "manifest.json":
                archive.writestr(name, content)
    return buffer.getvalue()


def _with(entries: dict[str, bytes], name: str, old: str, new: str) -> bytes:
    text = entries[name].decode("utf-8")
    assert old in text, old
    return _rezip({**entries, name: text.replace(old, new, 1).encode("utf-8")})


def _framework(entries: dict[str, bytes]) -> str:
    return next(name for name in entries if name.startswith("frameworks/"))


@pytest.mark.parametrize(("old", "new", "place"), [
    ('"Plain title"', f'"Plain {LONE} title"', "title"),
    ('"PLAIN MARKING"', f'"PLAIN {LONE}"', "marking"),
    ('"plain evidence"', f'"plain {LONE} evidence"', "evidence"),
    ('"title"', f'"title{LONE}"', "a key"),
])
def test_an_assessment_with_a_lone_surrogate_is_refused(exported: dict[str, bytes], old: str,
                                                        new: str, place: str) -> None:
    with pytest.raises(ExchangeError) as raised:
        read_exchange(_with(exported, "assessments.json", old, new))
    message = str(raised.value)
    assert "\n" not in message
    assert message.startswith("assessments.json: ")
    assert "lone surrogate" in message
    assert place in message


def test_a_framework_with_a_lone_surrogate_is_refused(exported: dict[str, bytes]) -> None:
    name = _framework(exported)
    framework = json.loads(exported[name])
    question = framework["dimensions"][0]["indicators"][0]["question"]["en"]
    escaped = json.dumps(question)  # as the text holds it
    text = exported[name].decode("utf-8")
    assert escaped in text
    hostile = _rezip({**exported, name: text.replace(
        escaped, escaped[:-1] + LONE + '"', 1).encode("utf-8")})
    with pytest.raises(ExchangeError) as raised:
        read_exchange(hostile)
    message = str(raised.value)
    assert "\n" not in message and "lone surrogate" in message
    assert "dimensions[0].indicators[0].question.en" in message


@pytest.mark.sqlite_file  # opens the SQLite file by its path
def test_aibri_import_refuses_it_and_writes_nothing(exported: dict[str, bytes],
                                                    tmp_path: Path) -> None:
    path = tmp_path / "hostile.aibri"
    path.write_bytes(_with(exported, "assessments.json", '"plain evidence"',
                           f'"plain {LONE} evidence"'))
    target = open_services(tmp_path)
    db = target.database.path
    target.close()
    assert db is not None
    env = {**os.environ, "AIBRI_DATA_DIR": str(tmp_path / "data"),
           "QT_QPA_PLATFORM": "offscreen"}
    env.pop("AIBRI_DB", None)
    result = subprocess.run([sys.executable, "-m", "aibri_desktop", "--db", str(db), "import",
                             str(path)], capture_output=True, text=True, env=env, timeout=120,
                            check=False)
    assert result.returncode == 1, result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert "lone surrogate" in result.stderr and "evidence" in result.stderr
    reopened = open_services(tmp_path)
    try:
        assert reopened.assessments.list_summaries(deleted=None) == []
    finally:
        reopened.close()
