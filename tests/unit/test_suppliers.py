"""Supplier profiles: the two shipped ones are complete and sourced, a broken one gets one clear
line, and the catalog finds a profile by code or hash and takes a ministry's own."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from aibri_desktop import paths
from aibri_desktop.domain.framework_file import load_framework_file
from aibri_desktop.domain.supplier_file import (
    SupplierProfileError,
    load_supplier_file,
    loads_supplier_profile,
    parse_supplier_profile,
)
from aibri_desktop.domain.suppliers import LISTS, PLACEHOLDERS, ListWords
from aibri_desktop.services.errors import InvalidInputError, NotFoundError
from aibri_desktop.services.suppliers import SupplierCatalog
from helpers.documents import DELETE, Mutation, set_at

SCHEMA = json.loads((paths.frameworks_dir() / "schema" / "supplier.schema.json").read_text())
CN_FILE = paths.suppliers_dir() / "cn.json"
BASE: dict[str, Any] = json.loads(CN_FILE.read_text())
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "frameworks" / "format-2.json"


def test_the_prc_and_the_us_are_shipped() -> None:
    assert [p.name for p in paths.bundled_supplier_files()] == ["cn.json", "us.json"]
    assert [p.id for p in SupplierCatalog().bundled] == ["CN", "US"]


@pytest.mark.parametrize("path", paths.bundled_supplier_files(), ids=lambda p: p.name)
def test_a_shipped_profile_is_complete_and_every_entry_has_a_source(path: Path) -> None:
    jsonschema.validate(json.loads(path.read_text()), SCHEMA)
    profile = load_supplier_file(path)
    assert path.stem.upper() == profile.id
    for name in LISTS:
        assert profile.lists[name], name
    for entry in profile.entries():
        assert entry.source.publisher and entry.source.title and entry.source.date, entry.id
    for law in profile.lists["laws"]:
        assert law.process is not None and "warrant" in law.process.get(), (
            f"{law.id}: say whether a court warrant is needed")
    for placeholder in PLACEHOLDERS:
        assert profile.value(placeholder), placeholder


def test_each_law_states_its_own_process() -> None:
    """A general duty to assist intelligence work and a court-warrant regime read differently."""
    catalog = SupplierCatalog()
    cn, us = catalog.get("CN"), catalog.get("US")
    nil = next(e for e in cn.lists["laws"] if e.id == "cn-nil-2017")
    cloud = next(e for e in us.lists["laws"] if e.id == "us-cloud-act-2018")
    assert nil.process is not None and cloud.process is not None
    assert "No court warrant is required" in nil.process.get()
    assert "warrant issued by a court" in cloud.process.get()
    assert "Section 702" in us.value("supplier_laws")
    assert cn.value("supplier_gnss") == "BeiDou" and us.value("supplier_gnss") == "GPS"


def test_lists_are_joined_in_the_profiles_words() -> None:
    words = ListWords(", ", " and ")
    assert words.join(["A"]) == "A"
    assert words.join(["A", "B"]) == "A and B"
    assert words.join(["A", "B", "C"]) == "A, B and C"
    us = SupplierCatalog().get("US")
    assert us.value("supplier_chip_vendors") == "NVIDIA, AMD and Intel"


def test_content_hash_ignores_layout() -> None:
    a = parse_supplier_profile(BASE, origin="a")
    b = loads_supplier_profile(json.dumps(BASE, indent=5, sort_keys=True), origin="b")
    assert a.content_hash == b.content_hash == load_supplier_file(CN_FILE).content_hash
    changed = copy.deepcopy(BASE)
    changed["as_of"] = "2027-01-01"
    assert parse_supplier_profile(changed, origin="c").content_hash != a.content_hash


@pytest.mark.parametrize(
    ("mutation", "message"),
    [
        (set_at("schema", "aibri-supplier/2"),
         "schema: must be 'aibri-supplier/1' (got 'aibri-supplier/2')"),
        (set_at("id", "cn"), "id: 'cn' is not an ISO 3166 alpha-2 code in capitals"),
        (set_at("id", "CHN"), "id: 'CHN' is not an ISO 3166 alpha-2 code in capitals"),
        (set_at("as_of", "2026"), "as_of: '2026' is not in the expected form"),
        (set_at("lists.gnss", DELETE), "lists.gnss: is missing"),
        (set_at("lists.policy_banks", []), "lists.policy_banks: must have at least 1 entries"),
        (set_at("lists.satellites", []), "lists.satellites: is not a known field"),
        (set_at("lists.laws[0].process", DELETE), "lists.laws[0].process: is missing"),
        (set_at("lists.gnss[0].process", {"en": "None."}),
         "lists.gnss[0].process: is not a known field"),
        (set_at("lists.laws[1].source.publisher", DELETE),
         "lists.laws[1].source.publisher: is missing"),
        (set_at("lists.instruments[0].source.date", "October 2023"),
         "lists.instruments[0].source.date: 'October 2023' is not in the expected form"),
        (set_at("lists.cloud_vendors[0].source.id", "alibaba"),
         "lists.cloud_vendors[0].source.id: is not a known field"),
        (set_at("lists.cloud_vendors[1].id", "cn-nil-2017"),
         "lists.cloud_vendors[1].id: 'cn-nil-2017' is used more than once"),
        (set_at("lists.cloud_vendors[1].name.en", "{supplier} Cloud"),
         "lists.cloud_vendors[1].name.en: must not hold a brace"),
        (set_at("languages", ["en", "fr"]), "name.fr: is missing"),
        (set_at("list_words.en.last", ""), "list_words.en.last: must be a short text"),
        (set_at("short_name", {"fr": "la RPC"}), "short_name.en: is missing"),
    ],
)
def test_a_broken_profile_names_file_path_and_problem(mutation: Mutation, message: str,
                                                      tmp_path: Path) -> None:
    doc = copy.deepcopy(BASE)
    mutation(doc)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(doc))
    with pytest.raises(SupplierProfileError) as info:
        load_supplier_file(broken)
    assert str(info.value).startswith(f"{broken}: {message}"), str(info.value)
    assert "\n" not in str(info.value)


def test_every_language_of_a_profile_is_required() -> None:
    doc = copy.deepcopy(BASE)
    doc["languages"] = ["en", "fr"]
    for key, french in (("name", "la République populaire de Chine"), ("short_name", "la RPC"),
                        ("adjective", "de la RPC"), ("description", "Profil.")):
        doc[key]["fr"] = french
    doc["list_words"]["fr"] = {"separator": ", ", "last": " et "}
    with pytest.raises(SupplierProfileError, match=r"^x: lists\.laws\[0\]\.name\.fr: is missing"):
        parse_supplier_profile(doc, origin="x")


def test_unreadable_profile_files(tmp_path: Path) -> None:
    with pytest.raises(SupplierProfileError, match="no such file"):
        load_supplier_file(tmp_path / "absent.json")
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"schema": "aibri-supplier/1", "schema": "x"}')
    with pytest.raises(SupplierProfileError, match="appears twice"):
        load_supplier_file(bad)


def test_the_catalog_finds_profiles_by_code_in_any_form() -> None:
    catalog = SupplierCatalog()
    assert catalog.default().id == "CN"
    assert catalog.get("cn") is catalog.get("CN") is catalog.get(" CHN ")
    assert catalog.get("usa").id == "US"
    us = catalog.get("US")
    assert catalog.by_hash(us.content_hash) is us
    with pytest.raises(NotFoundError, match="no supplier profile for 'RU'"):
        catalog.get("RU")
    with pytest.raises(NotFoundError):
        catalog.by_hash("0" * 64)


def test_a_ministry_adds_its_own_profile() -> None:
    catalog = SupplierCatalog()
    own = copy.deepcopy(BASE)
    own["version"] = "1.1.0"
    own["lists"]["gnss"][0]["note"] = {"en": "Checked again by the ministry."}
    profile = catalog.add_text(json.dumps(own), origin="ministry.json")
    assert catalog.get("CN") is profile, "the newest version of a code is the one offered"
    assert catalog.by_hash(profile.content_hash) is profile
    assert catalog.add_text(json.dumps(own, indent=2), origin="again") is profile
    assert catalog.text_of(profile.content_hash) is not None
    assert len(catalog.profiles()) == 3 and len(catalog.bundled) == 2
    own["as_of"] = "2027-01-01"
    with pytest.raises(InvalidInputError, match=r"A different supplier profile CN 1\.1\.0"):
        catalog.add_text(json.dumps(own), origin="other.json")
    with pytest.raises(InvalidInputError, match=r"^broken\.json: lists: is missing"):
        catalog.add_text(json.dumps({k: v for k, v in BASE.items() if k != "lists"}),
                         origin="broken.json")


def test_the_catalog_keeps_each_rendering() -> None:
    catalog = SupplierCatalog()
    fw = load_framework_file(FIXTURE)
    first = catalog.render(fw, catalog.get("US"))
    assert catalog.render(fw, catalog.get("US")) is first
    assert catalog.render(fw, catalog.get("CN")) is not first
    v1 = load_framework_file(paths.frameworks_dir() / "aibri.json")
    assert catalog.render(v1, catalog.default()) is v1
