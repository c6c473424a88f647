"""Framework files: the bundled one is complete and neutral; a broken one gets one clear line."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from aibri_desktop import paths
from aibri_desktop.domain.framework_file import (
    FrameworkError,
    load_framework_file,
    loads_framework,
    parse_framework,
)
from helpers import reference

BASE: dict[str, Any] = json.loads(reference.FRAMEWORK_FILE.read_text())
SCHEMA = json.loads((paths.frameworks_dir() / "schema" / "framework.schema.json").read_text())


def _bundled() -> list[Path]:
    return paths.bundled_framework_files()


def test_both_framework_versions_are_bundled() -> None:
    # 2.0 for new assessments; 1.1.0 stays shipped for the assessments made with it
    assert [p.name for p in _bundled()] == ["aibri-2.0.0.json", "aibri.json"]
    assert [load_framework_file(p).version for p in _bundled()] == ["2.0.0", "1.1.0"]


@pytest.mark.parametrize("path", _bundled(), ids=lambda p: p.name)
def test_bundled_framework_is_complete(path: Path) -> None:
    fw = load_framework_file(path)
    schema = SCHEMA if fw.format == 1 else json.loads(
        (path.parent / "schema" / "framework-2.schema.json").read_text())
    jsonschema.validate(json.loads(path.read_text()), schema)
    core = [d for d in fw.dimensions if not d.optional]
    assert [d.id for d in core] == ["DS", "TD", "GA"]
    for dim in core:
        assert len(dim.indicators) >= 8, dim.id
    for ind in fw.indicators():
        assert len(ind.levels) == 5
        assert ind.sources, ind.id
        for text in (ind.question, ind.guidance, ind.evidence_prompt, *ind.levels):
            assert len(text.get()) > 3, ind.id
        assert len({t.get() for t in ind.levels}) == 5, f"{ind.id}: levels must differ"
    for source in fw.sources:
        assert source.publisher and source.date


@pytest.mark.parametrize("path", _bundled(), ids=lambda p: p.name)
def test_bundled_framework_is_neutral(path: Path) -> None:
    fw = load_framework_file(path)
    assert not [i.id for i in fw.dimension("GA").indicators if i.critical], (
        "no governance item may be critical on its own"
    )
    text = json.dumps(json.loads(path.read_text()), ensure_ascii=False).lower()
    assert "cloud act" in text, "compelled access must cover any foreign jurisdiction"
    assert "national intelligence law" in text
    for claim in ("700,000", "700–800", "800,000", "45%", "45 %", "37%", "37 %"):
        assert claim not in text, f"contradicted or unverifiable figure stated: {claim}"


def test_reference_fixture_is_valid_and_hash_ignores_layout() -> None:
    a = parse_framework(BASE, origin="a")
    b = loads_framework(json.dumps(BASE, indent=7, sort_keys=True), origin="b")
    assert a.content_hash == b.content_hash
    changed = copy.deepcopy(BASE)
    changed["dimensions"][0]["indicators"][0]["weight"] = 2
    assert parse_framework(changed, origin="c").content_hash != a.content_hash


Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        target: Any = doc
        parts = path.replace("[", ".").replace("]", "").split(".")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        last = parts[-1]
        if value is _DELETE:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value
    return mutate


_DELETE = object()


@pytest.mark.parametrize(
    ("mutation", "message"),
    [
        (_set("dimensions[0].indicators[1].weight", -1),
         "dimensions[0].indicators[1].weight: must be greater than 0 and at most 100 (got -1)"),
        (_set("dimensions[0].indicators[1].weight", "2"),
         "dimensions[0].indicators[1].weight: must be a number, not text"),
        (_set("dimensions[1].indicators[0].id", "DS-01"),
         "dimensions[1].indicators[0].id: 'DS-01' must start with its dimension 'TD-'"),
        (_set("dimensions[0].indicators[1].id", "DS-01"),
         "dimensions[0].indicators[1].id: 'DS-01' is used more than once"),
        (_set("dimensions[0].indicators[0].levels[4]", _DELETE),
         "dimensions[0].indicators[0].levels: must describe exactly 5 levels"),
        (_set("dimensions[0].indicators[0].question", _DELETE),
         "dimensions[0].indicators[0].question: is missing"),
        (_set("dimensions[0].indicators[0].question", {"fr": "Question ?"}),
         "dimensions[0].indicators[0].question.en: is missing"),
        (_set("dimensions[0].indicators[0].sources", ["nowhere"]),
         "dimensions[0].indicators[0].sources[0]: 'nowhere' is not listed under 'sources'"),
        (_set("dimensions[4].indicators[0].critical", True),
         "dimensions[4].indicators[0].critical: an indicator of a capacity dimension"),
        (_set("dimensions[4].optional", False),
         "dimensions[4].optional: a capacity dimension must be optional"),
        (_set("mitigation_factor", 1.5), "mitigation_factor: must be at least 0 and at most 1"),
        (_set("schema", "something-else"), "schema: must be 'aibri-framework/1'"),
        (_set("dimensions[0].kind", "risk"),
         "dimensions[0].kind: must be one of exposure, capacity"),
        (_set("dimensions[0].colour", "red"), "dimensions[0].colour: is not a known field"),
        (_set("dimensions", []), "dimensions: must have at least 1 entries"),
        (_set("dimensions[0].indicators[0].critical", "yes"),
         "dimensions[0].indicators[0].critical: must be true or false, not text"),
    ],
)
def test_a_broken_framework_names_file_path_and_problem(mutation: Mutation, message: str,
                                                        tmp_path: Path) -> None:
    doc = copy.deepcopy(BASE)
    mutation(doc)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(doc))
    with pytest.raises(FrameworkError) as info:
        load_framework_file(broken)
    assert str(info.value).startswith(f"{broken}: {message}")
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not valid JSON"),
        (b"\x89PNG\r\n", "not UTF-8"),
        (b'{"schema": "aibri-framework/1", "schema": "x"}', "appears twice"),
        (b"[1, 2]", "must be an object, not a list"),
    ],
)
def test_unreadable_framework_files(content: bytes, message: str, tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    path.write_bytes(content)
    with pytest.raises(FrameworkError, match=message):
        load_framework_file(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError, match="no such file"):
        load_framework_file(tmp_path / "absent.json")
    with pytest.raises(FrameworkError, match="is a folder"):
        load_framework_file(tmp_path)


@pytest.mark.parametrize("field", ["mitigation_factor", "weight"])
def test_a_number_too_large_for_a_float_is_named_not_a_crash(field: str, tmp_path: Path) -> None:
    """Python reads 1e999 as infinity, which crashed the exact arithmetic ("unexpected error")."""
    text = json.dumps(BASE)
    start = text.index(f'"{field}": ') + len(f'"{field}": ')
    end = min(i for i in (text.find(",", start), text.find("}", start)) if i > 0)
    broken = tmp_path / "huge.json"
    broken.write_text(text[:start] + "1e999" + text[end:])
    with pytest.raises(FrameworkError) as info:
        load_framework_file(broken)
    assert str(info.value).endswith(f"{field}: is a number too large"), str(info.value)
