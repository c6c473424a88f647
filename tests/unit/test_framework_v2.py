"""Framework format 2: the supplier state is a placeholder, every item has a short title, says
who can answer it and why it weighs what it weighs; a broken file gets one clear line."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from aibri_desktop import paths
from aibri_desktop.domain.framework import PreviousIndicator
from aibri_desktop.domain.framework_file import (
    FrameworkError,
    load_framework_file,
    parse_framework,
)
from aibri_desktop.domain.supplier_file import load_supplier_file
from aibri_desktop.domain.suppliers import (
    PLACEHOLDERS,
    framework_texts,
    render,
    unfilled_placeholders,
)
from helpers import reference
from helpers.documents import DELETE, Mutation, set_at

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "frameworks" / "format-2.json"
BASE: dict[str, Any] = json.loads(FIXTURE.read_text())
SCHEMA_DIR = paths.frameworks_dir() / "schema"
SCHEMA_2 = json.loads((SCHEMA_DIR / "framework-2.schema.json").read_text())
PROFILES = [load_supplier_file(p) for p in paths.bundled_supplier_files()]


def test_the_fixture_reads_with_every_new_field() -> None:
    fw = load_framework_file(FIXTURE)
    jsonschema.validate(BASE, SCHEMA_2)
    assert (fw.format, fw.previous_version) == (2, "1.0.0")
    ds01 = fw.indicator("DS-01")
    assert ds01.title_or_id() == "Hosting with supplier clouds"
    assert ds01.answerable_from == ("government", "specialist")
    assert not ds01.answerable_from_public_sources
    assert (ds01.supplier_specific, ds01.supplier_symmetric) == (True, True)
    assert ds01.previous == PreviousIndicator("DS-04", unchanged=True)
    assert ds01.weight_reason is not None and "Weight 3" in ds01.weight_reason.get()
    assert [o.audience for i in fw.indicators() for o in i.options] == [
        "assessed_state", "partners", "assessed_state", "assessed_state", "assessed_state",
        "partners"]
    ds02, ds03 = fw.indicator("DS-02"), fw.indicator("DS-03")
    assert (ds02.supplier_specific, ds02.supplier_symmetric, ds02.previous) == (True, False, None)
    assert (ds03.supplier_specific, ds03.supplier_reason) == (False, None)
    assert fw.sources[0].accessed == "2026-11-30"
    assert "accessed 2026-11-30" in fw.sources[0].citation()


@pytest.mark.parametrize(("path", "value"), [
    (("dimensions", 0, "indicators", 0, "question", "en"), "Uses {supplier_name}?"),
    (("dimensions", 0, "indicators", 0, "short_title", "en"), "{supplier_adj} hosting"),
    (("dimensions", 0, "indicators", 0, "options", 0, "audience"), "donors"),
])
def test_the_format_2_schema_file_says_the_same(path: tuple[Any, ...], value: str) -> None:
    doc = copy.deepcopy(BASE)
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, SCHEMA_2)


def test_format_1_is_read_as_before() -> None:
    fw = parse_framework(json.loads(reference.FRAMEWORK_FILE.read_text()), origin="ref")
    assert (fw.format, fw.previous_version) == (1, None)
    ind = next(fw.indicators())
    assert ind.short_title is None and ind.title_or_id() == ind.id
    assert (ind.answerable_from, ind.supplier_specific, ind.supplier_symmetric) == ((), False,
                                                                                   True)
    assert all(o.audience is None for i in fw.indicators() for o in i.options)


def test_format_1_knows_none_of_the_new_fields(tmp_path: Path) -> None:
    doc = json.loads(reference.FRAMEWORK_FILE.read_text())
    doc["dimensions"][0]["indicators"][0]["short_title"] = {"en": "Something"}
    with pytest.raises(FrameworkError, match=r"indicators\[0\]\.short_title: is not a known field"):
        parse_framework(doc, origin="f")


DS01 = "dimensions[0].indicators[0]"
DS03 = "dimensions[0].indicators[2]"


@pytest.mark.parametrize(
    ("mutation", "message"),
    [
        (set_at(f"{DS01}.question.en", "Is {supplier_name} used?"),
         f"{DS01}.question.en: '{{supplier_name}}' is not a supplier placeholder (known: "
         "supplier, supplier_short"),
        (set_at(f"{DS01}.guidance.en", "Count {supplier} workloads {like this."),
         f"{DS01}.guidance.en: has a brace that is not part of a placeholder"),
        (set_at(f"{DS01}.levels[2].en", "A {} pair of braces."),
         f"{DS01}.levels[2].en: '{{}}' is not a supplier placeholder"),
        (set_at("description.en", "Names {nobody}."),
         "description.en: '{nobody}' is not a supplier placeholder"),
        (set_at(f"{DS01}.short_title.en", "{supplier_adj} cloud hosting"),
         f"{DS01}.short_title.en: must not hold a placeholder or brace"),
        (set_at(f"{DS01}.short_title.en", "Government workloads hosted by providers abroad"),
         f"{DS01}.short_title.en: is longer than 40 characters"),
        (set_at(f"{DS03}.short_title.en", "hosting with supplier CLOUDS"),
         f"{DS03}.short_title.en: 'hosting with supplier CLOUDS' is also the short title of "
         "DS-01"),
        (set_at(f"{DS01}.short_title", DELETE), f"{DS01}.short_title: is missing"),
        (set_at(f"{DS03}.question.en", "How concentrated is {supplier_cloud_vendors}' share?"),
         f"{DS03}.supplier_specific: must be true: its question uses {{supplier_cloud_vendors}}"),
        (set_at(f"{DS03}.options[0].rationale.en", "{supplier} dominates."),
         f"{DS03}.supplier_specific: must be true: its options[0].rationale uses {{supplier}}"),
        (set_at(f"{DS03}.supplier_specific", True),
         f"{DS03}.supplier_specific: must be false: no text of the item uses a supplier "
         "placeholder"),
        (set_at(f"{DS03}.supplier_symmetric", False),
         f"{DS03}.supplier_symmetric: must be true: an item that is not supplier-specific "
         "means the same for every supplier"),
        (set_at(f"{DS03}.supplier_reason", {"en": "Because."}),
         f"{DS03}.supplier_reason: is only for supplier-specific items"),
        (set_at(f"{DS01}.supplier_reason", DELETE),
         f"{DS01}.supplier_reason: is missing (a supplier-specific item says why"),
        (set_at(f"{DS03}.weight_reason.en", "Weight 2, as for {supplier}."),
         f"{DS03}.weight_reason: uses a supplier placeholder, but the item is not "
         "supplier-specific"),
        (set_at(f"{DS01}.weight_reason", DELETE), f"{DS01}.weight_reason: is missing"),
        (set_at(f"{DS01}.answerable_from", []),
         f"{DS01}.answerable_from: must have at least 1 entries"),
        (set_at(f"{DS01}.answerable_from", ["outsiders"]),
         f"{DS01}.answerable_from[0]: must be one of public, government, specialist"),
        (set_at(f"{DS01}.answerable_from", ["public", "public"]),
         f"{DS01}.answerable_from[1]: 'public' is listed twice"),
        (set_at(f"{DS01}.options[0].audience", DELETE), f"{DS01}.options[0].audience: is missing"),
        (set_at(f"{DS01}.options[0].audience", "donors"),
         f"{DS01}.options[0].audience: must be one of assessed_state, partners"),
        (set_at(f"{DS01}.previous.id", "DS-4"),
         f"{DS01}.previous.id: 'DS-4' does not look like an indicator id (such as DS-01)"),
        (set_at(f"{DS01}.previous", {"id": "DS-04"}), f"{DS01}.previous.unchanged: is missing"),
        (set_at("previous", DELETE),
         f"{DS01}.previous: names an earlier indicator, but the framework has no 'previous' "
         "version"),
        (set_at("previous", {"version": "2.0.0"}),
         "previous.version: '2.0.0' is this framework's own version"),
        (set_at("sources[0].accessed", "November 2026"),
         "sources[0].accessed: must be a day written YYYY-MM-DD (got 'November 2026')"),
        (set_at("schema", "aibri-framework/3"),
         "schema: must be 'aibri-framework/1' or 'aibri-framework/2' (got 'aibri-framework/3')"),
    ],
)
def test_a_broken_format_2_file_names_the_place_and_the_rule(mutation: Mutation, message: str,
                                                              tmp_path: Path) -> None:
    doc = copy.deepcopy(BASE)
    mutation(doc)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(doc))
    with pytest.raises(FrameworkError) as info:
        load_framework_file(broken)
    assert str(info.value).startswith(f"{broken}: {message}"), str(info.value)
    assert "\n" not in str(info.value)


def test_the_template_lists_its_placeholders_and_a_rendering_fills_them() -> None:
    template = load_framework_file(FIXTURE)
    left = unfilled_placeholders(template)
    assert "DS-01 question (en): {supplier_cloud_vendors}, {supplier_adj}" in left
    used = {name for line in left for name in PLACEHOLDERS if "{" + name + "}" in line}
    assert used == set(PLACEHOLDERS), "the fixture must use every placeholder"
    for profile in PROFILES:
        rendered = render(template, profile)
        assert unfilled_placeholders(rendered) == []
        assert rendered.content_hash == template.content_hash
        assert rendered.indicator("DS-01").supplier_specific  # only texts change
    assert unfilled_placeholders(template) == left, "render must not change the template"


def test_a_rendering_reads_as_written_for_each_supplier() -> None:
    fw = load_framework_file(FIXTURE)
    cn, us = (next(p for p in PROFILES if p.id == code) for code in ("CN", "US"))
    assert render(fw, cn).indicator("DS-01").question.get() == (
        "What share of central-government workloads runs on Alibaba Cloud, Huawei Cloud and "
        "Tencent Cloud or other PRC-headquartered clouds?")
    assert render(fw, us).indicator("DS-01").question.get() == (
        "What share of central-government workloads runs on Amazon Web Services, Microsoft "
        "Azure, Google Cloud and Oracle Cloud or other US-headquartered clouds?")
    # A value that starts a sentence starts with a capital.
    assert render(fw, us).indicator("DS-01").guidance.get().startswith("The US is the supplier")
    assert render(fw, cn).indicator("IE-01").levels[4].get() == (
        "BeiDou is the only timing source everywhere.")
    assert "in the People's Republic of China." in (
        render(fw, cn).indicator("DS-01").options[0].rationale.get())
    assert render(fw, us).overlaps[0].handling.get().startswith(
        "DS-01 counts where the United States reaches")


def test_a_format_1_framework_is_returned_unchanged() -> None:
    for path in paths.bundled_framework_files():
        fw = load_framework_file(path)
        if fw.format == 1:
            for profile in PROFILES:
                assert render(fw, profile) is fw


def _format_2_files() -> list[Path]:
    bundled = [p for p in paths.bundled_framework_files()
               if json.loads(p.read_text(encoding="utf-8"))["schema"] == "aibri-framework/2"]
    return [*bundled, FIXTURE]


def test_the_shipped_framework_2_is_among_those_checked() -> None:
    assert "aibri-2.0.0.json" in [p.name for p in _format_2_files()]


@pytest.mark.parametrize("path", _format_2_files(), ids=lambda p: p.name)
def test_no_placeholder_reaches_a_user_for_any_supplier(path: Path) -> None:
    """Every text of every format-2 framework (bundled or the fixture) read for every bundled
    supplier profile holds no brace at all."""
    fw = load_framework_file(path)
    assert PROFILES, "no supplier profile is bundled"
    for profile in PROFILES:
        rendered = render(fw, profile)
        leftovers = [f"{where} ({lang})" for where, text in framework_texts(rendered)
                     for lang, value in text.values.items() if "{" in value or "}" in value]
        assert leftovers == [], f"{profile.label}: {leftovers[:5]}"
