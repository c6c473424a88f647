"""Hostile and broken .aibri files (RELIABILITY item 7).

Every file that is not a valid exchange file must be refused by ``read_exchange`` with one
``ExchangeError`` whose message is a single line naming the place and the problem; nothing else
may escape, nothing may hang, memory stays bounded, and a refused import changes nothing.

Most cases start from a real exported file, change one thing and re-zip it with a recomputed
content checksum, so that the check under test is the one that fails (not the checksum).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import struct
import tracemalloc
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from aibri_desktop.cli.presenters import show_json
from aibri_desktop.domain.answers import AnswerState
from aibri_desktop.domain.framework import Framework
from aibri_desktop.exchange import aibri_file
from aibri_desktop.exchange.aibri_file import (
    ANSWER_FIELDS,
    ASSESSMENT_FIELDS,
    FORMAT,
    FORMAT_VERSION,
    HISTORY_FIELDS,
    OPTIONAL_ASSESSMENT_FIELDS,
    Exchange,
    ExchangeError,
    content_checksum,
    read_exchange,
)
from aibri_desktop.services import Services
from aibri_desktop.services.errors import InvalidInputError
from aibri_desktop.storage.models import AnswerHistoryRow
from exchange.conftest import Exported
from helpers import reference
from helpers.services import create_reference_assessment, open_services


class Entries(dict[str, bytes]):
    """The entries of a container, name -> content (with a short repr for failure reports)."""

    def __repr__(self) -> str:
        return f"<{len(self)} entries: {', '.join(name[:24] for name in self)}>"


class Blob(bytes):
    """File content with a short repr for failure reports."""

    def __repr__(self) -> str:
        return f"<{len(self):,} bytes>"


Builder = Callable[[Entries], bytes]

MANIFEST = "manifest.json"
ASSESSMENTS = "assessments.json"
STAMP = (2026, 1, 1, 0, 0, 0)
BOMB_BYTES = 50 * 2**20


# ---- taking a file apart and putting it back together ------------------------------------------


def unzip(data: bytes) -> Entries:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return Entries({info.filename: archive.read(info) for info in archive.infolist()})


def zip_pairs(pairs: list[tuple[str, bytes]], *, stored: tuple[str, ...] = ()) -> bytes:
    """A ZIP with exactly these entries, in this order (names may repeat); the ones named in
    ``stored`` are not compressed."""
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name" is the point of one case
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, content in pairs:
                info = zipfile.ZipInfo(name, date_time=STAMP)
                info.compress_type = zipfile.ZIP_STORED if name in stored \
                    else zipfile.ZIP_DEFLATED
                archive.writestr(info, content)
    return buffer.getvalue()


def with_checksum(entries: Entries) -> Entries:
    """``entries`` with the manifest's content checksum recomputed (when there is a manifest
    that is a JSON object with a checksum object: otherwise unchanged)."""
    result = Entries(entries)
    try:
        manifest = json.loads(entries[MANIFEST])
        manifest["checksum"]["content"] = aibri_file.content_checksum(entries)
    except (KeyError, TypeError, ValueError):
        return result
    result[MANIFEST] = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
    return result


def rezip(entries: Entries, *, fix_checksum: bool = True, stored: tuple[str, ...] = ()
          ) -> bytes:
    if fix_checksum:
        entries = with_checksum(entries)
    ordered = sorted(entries, key=lambda name: (name != MANIFEST, name))
    return zip_pairs([(name, entries[name]) for name in ordered], stored=stored)


def dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode()


def framework_entry(entries: Entries, framework_id: str) -> str:
    for name, content in entries.items():
        if name.startswith("frameworks/") and json.loads(content)["id"] == framework_id:
            return name
    raise AssertionError(f"no framework {framework_id} in the file")


def single_line(message: str) -> bool:
    return bool(message) and "\n" not in message and "\r" not in message


def outcome(data: bytes) -> Exchange | ExchangeError:
    """Read ``data``: the Exchange, or the ExchangeError. Anything else fails the test."""
    try:
        return read_exchange(data)
    except Exception as exc:  # any other exception is the failure looked for
        assert isinstance(exc, ExchangeError), f"{type(exc).__name__} escaped: {exc}"
        assert single_line(str(exc)), f"message is not a single line: {str(exc)!r}"
        return exc


def refused(data: bytes) -> ExchangeError:
    result = outcome(data)
    assert isinstance(result, ExchangeError), "the file was accepted"
    return result


# ---- the hand-made cases -----------------------------------------------------------------------


def entries_case(mutate: Callable[[Entries], None], *, fix_checksum: bool = True) -> Builder:
    def build(base: Entries) -> bytes:
        entries = Entries(base)
        mutate(entries)
        return rezip(entries, fix_checksum=fix_checksum)

    return build


def manifest_case(mutate: Callable[[dict[str, Any]], None]) -> Builder:
    def change(entries: Entries) -> None:
        manifest = json.loads(entries[MANIFEST])
        mutate(manifest)
        entries[MANIFEST] = json.dumps(manifest).encode()

    return entries_case(change)


def assessments_case(mutate: Callable[[list[dict[str, Any]]], None]) -> Builder:
    def change(entries: Entries) -> None:
        items = json.loads(entries[ASSESSMENTS])
        mutate(items)
        entries[ASSESSMENTS] = dump(items)

    return entries_case(change)


def text_case(old: str, new: str) -> Builder:
    """Replace the first ``old`` in assessments.json's text (for what json.dumps cannot write)."""

    def change(entries: Entries) -> None:
        text = entries[ASSESSMENTS].decode()
        assert old in text
        entries[ASSESSMENTS] = text.replace(old, new, 1).encode()

    return entries_case(change)


def reference_item(items: list[dict[str, Any]]) -> dict[str, Any]:
    return next(item for item in items if item["marking"] == "REFERENCE")


def first_answer(items: list[dict[str, Any]], state: str) -> dict[str, Any]:
    return next(a for item in items for a in item["answers"] if a["state"] == state)


def set_field(key: str, value: Any) -> Builder:
    return assessments_case(lambda items: reference_item(items).__setitem__(key, value))


def set_answer(state: str, key: str, value: Any) -> Builder:
    return assessments_case(lambda items: first_answer(items, state).__setitem__(key, value))


def add_entry(name: str, content: bytes = b"{}") -> Builder:
    return entries_case(lambda entries: entries.__setitem__(name, content))


def remove_entry(name: str) -> Builder:
    def change(entries: Entries) -> None:
        del entries[name]

    return entries_case(change)


def garbage(_: Entries) -> bytes:
    return b"This is not an AIBRI exchange file, just some text. " * 20


def empty(_: Entries) -> bytes:
    return b""


def truncated(base: Entries) -> bytes:
    data = rezip(base)
    return data[: len(data) // 2]


@cache
def zip_bomb() -> bytes:
    """One entry of 50 MB of zeros, deflated to a few dozen KB (an honest header)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(MANIFEST, b"{}", compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr(ASSESSMENTS, bytes(BOMB_BYTES), compress_type=zipfile.ZIP_DEFLATED,
                         compresslevel=9)
    data = buffer.getvalue()
    assert BOMB_BYTES / len(data) > 100
    return data


def bomb(_: Entries) -> bytes:
    return zip_bomb()


def too_many_entries(base: Entries) -> bytes:
    entries = Entries(base)
    for n in range(70):
        entries[f"extra-{n}.json"] = b"{}"
    return rezip(entries)


def duplicate_entry(base: Entries) -> bytes:
    entries = with_checksum(base)
    pairs = [(MANIFEST, entries[MANIFEST])] + [
        (name, content) for name, content in entries.items() if name != MANIFEST]
    return zip_pairs([*pairs, (ASSESSMENTS, entries[ASSESSMENTS])])


def central_directory(data: bytes) -> list[tuple[int, str]]:
    """(offset of the central directory header, name) for every entry."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        offset = archive.start_dir
        count = len(archive.infolist())
    found = []
    for _ in range(count):
        assert data[offset:offset + 4] == b"PK\x01\x02"
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", data, offset + 28)
        found.append((offset, data[offset + 46:offset + 46 + name_len].decode()))
        offset += 46 + name_len + extra_len + comment_len
    return found


def encrypted_flag(base: Entries) -> bytes:
    """Set the 'encrypted' bit of assessments.json in its local and central headers."""
    data = bytearray(rezip(base))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        local = archive.getinfo(ASSESSMENTS).header_offset
    for offset, name in central_directory(bytes(data)):
        if name == ASSESSMENTS:
            data[offset + 8] |= 0x01
    data[local + 6] |= 0x01
    return bytes(data)


def changed_after_checksum(base: Entries) -> bytes:
    entries = with_checksum(base)
    text = entries[ASSESSMENTS]
    assert b"Reference fixture" in text
    entries[ASSESSMENTS] = text.replace(b"Reference fixture", b"Reference fixturE", 1)
    return rezip(entries, fix_checksum=False)


def corrupt_deflate(base: Entries) -> bytes:
    """assessments.json's deflate stream starts with a block of the reserved type 3."""
    data = bytearray(rezip(base))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(ASSESSMENTS)
    name_len, extra_len = struct.unpack_from("<HH", data, info.header_offset + 26)
    data[info.header_offset + 30 + name_len + extra_len] |= 0b110
    return bytes(data)


def huge_integer_in_framework(base: Entries) -> bytes:
    entries = Entries(base)
    name = framework_entry(entries, "reference")
    text = entries[name].decode()
    assert '"weight": 1,' in text
    entries[name] = text.replace('"weight": 1,', f'"weight": {"1" * 5000},', 1).encode()
    return rezip(entries)


def deep_nesting(base: Entries) -> bytes:
    entries = Entries(base)
    entries[ASSESSMENTS] = b"[" * 100_000 + b"]" * 100_000
    return rezip(entries, stored=(ASSESSMENTS,))  # deflated, it would look like a zip bomb


def not_utf8(base: Entries) -> bytes:
    entries = Entries(base)
    entries[ASSESSMENTS] = b'["\xff\xfe"]'
    return rezip(entries)


def unknown_framework_hash(items: list[dict[str, Any]]) -> None:
    reference_item(items)["framework_hash"] = "0" * 64


def framework_renamed(base: Entries) -> bytes:
    """The reference framework stored under another hash name (the assessment follows it)."""
    entries = Entries(base)
    name = framework_entry(entries, "reference")
    fake = "f" * 64
    entries[f"frameworks/{fake}.json"] = entries.pop(name)
    items = json.loads(entries[ASSESSMENTS])
    reference_item(items)["framework_hash"] = fake
    entries[ASSESSMENTS] = dump(items)
    return rezip(entries)


def broken_framework(base: Entries) -> bytes:
    entries = Entries(base)
    name = framework_entry(entries, "reference")
    framework = json.loads(entries[name])
    framework["dimensions"][0]["weight"] = 0
    entries[name] = json.dumps(framework, indent=1).encode()
    return rezip(entries)


def lowercase_country(items: list[dict[str, Any]]) -> None:
    item = reference_item(items)
    item["country_code"] = item["country_code"].lower()


def duplicate_assessment_id(items: list[dict[str, Any]]) -> None:
    items[1]["id"] = items[0]["id"]


@dataclass(frozen=True)
class Case:
    build: Builder
    fragment: str


CASES: dict[str, Case] = {
    # the container
    "garbage-bytes": Case(garbage, "not a readable ZIP"),
    "empty-file": Case(empty, "not a readable ZIP"),
    "truncated-zip": Case(truncated, "not a readable ZIP"),
    "zip-bomb": Case(bomb, "zip bomb"),
    "too-many-entries": Case(too_many_entries, "entries"),
    "traversal-parent": Case(add_entry("../evil.json"), "unexpected entry"),
    "traversal-absolute": Case(add_entry("/abs.json"), "unexpected entry"),
    "traversal-inside-frameworks": Case(add_entry("frameworks/../../x.json"),
                                        "unexpected entry"),
    "framework-name-not-a-hash": Case(add_entry("frameworks/notahash.json"), "unexpected entry"),
    "entry-name-with-newline": Case(add_entry("evil\n.json"), "unexpected entry"),
    "duplicate-entry": Case(duplicate_entry, "appears twice"),
    "corrupt-deflate-data": Case(corrupt_deflate, "assessments.json"),
    "encrypted-entry": Case(encrypted_flag, "encrypted"),
    "missing-manifest": Case(remove_entry(MANIFEST), "'manifest.json' is missing"),
    "missing-assessments": Case(remove_entry(ASSESSMENTS), "'assessments.json' is missing"),
    # the manifest
    "manifest-not-json": Case(entries_case(lambda e: e.__setitem__(MANIFEST, b"{not json")),
                              "manifest.json"),
    "manifest-wrong-format": Case(manifest_case(lambda m: m.__setitem__("format", "zip")),
                                  "format"),
    "manifest-future-version": Case(
        manifest_case(lambda m: m.__setitem__("format_version", FORMAT_VERSION + 1)),
        "format_version"),
    "manifest-md5-checksum": Case(
        manifest_case(lambda m: m["checksum"].__setitem__("algorithm", "md5")), "algorithm"),
    "manifest-count-mismatch": Case(manifest_case(lambda m: m.__setitem__("count", 5)), "count"),
    "changed-after-checksum": Case(changed_after_checksum, "checksum"),
    # the JSON itself
    "nested-100000-deep": Case(deep_nesting, "nested"),
    "not-utf8": Case(not_utf8, "UTF-8"),
    "duplicate-key": Case(text_case('"title": "Reference fixture"',
                                    '"title": "Reference fixture", "title": "Other"'),
                          "appears twice"),
    "nan": Case(text_case('"level": 4', '"level": NaN'), "NaN"),
    "infinity": Case(text_case('"level": 4', '"level": Infinity'), "Infinity"),
    "huge-integer": Case(text_case('"level": 4', '"level": ' + "4" * 5000), "assessments.json"),
    "huge-integer-in-framework": Case(huge_integer_in_framework, "frameworks/"),
    # types, ranges and forms
    "title-is-number": Case(set_field("title", 5), "title"),
    "revision-is-text": Case(set_field("revision", "11"), "revision"),
    "id-with-newline": Case(set_field("id", "not\nan id"), "id"),
    "answers-is-object": Case(set_field("answers", {}), "answers"),
    "level-7": Case(set_answer("answered", "level", 7), "level"),
    "level-negative": Case(set_answer("answered", "level", -1), "level"),
    "level-true": Case(set_answer("answered", "level", True), "level"),
    "answered-without-level": Case(set_answer("answered", "level", None), "level"),
    "not-applicable-without-reason": Case(set_answer("not_applicable", "na_reason", ""),
                                          "na_reason"),
    "unknown-indicator": Case(set_answer("answered", "indicator", "ZZ-99"), "ZZ-99"),
    "unknown-framework-hash": Case(assessments_case(unknown_framework_hash), "framework_hash"),
    "framework-not-matching-its-name": Case(framework_renamed, "not the one in its name"),
    "broken-framework-inside": Case(broken_framework, "dimensions[0].weight"),
    "country-lowercase": Case(assessments_case(lowercase_country), "country_code"),
    "bad-date": Case(set_field("as_of", "2026-13-45"), "2026-13-45"),
    "unknown-field": Case(set_field("extra", 1), "extra: is not a known field"),
    "status-unknown": Case(set_field("status", "done"), "status"),
    "duplicate-assessment-id": Case(assessments_case(duplicate_assessment_id), "appears twice"),
}


@pytest.fixture(scope="module")
def base(valid_data: bytes) -> Entries:
    return unzip(valid_data)


def test_the_starting_point_is_valid_and_rezipping_keeps_it_valid(base: Entries,
                                                                 valid_data: bytes) -> None:
    assert isinstance(outcome(valid_data), Exchange)
    again = outcome(rezip(base))
    assert isinstance(again, Exchange)
    assert len(again.assessments) == 4
    assert len(again.frameworks) == 2


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_hostile_file_is_refused_with_one_clear_message(base: Entries, case: Case) -> None:
    message = str(refused(case.build(base)))
    assert case.fragment in message


def test_broken_framework_message_names_the_entry_and_the_path(base: Entries) -> None:
    name = framework_entry(base, "reference")
    message = str(refused(broken_framework(base)))
    assert message.startswith(f"{name}: dimensions[0].weight: ")


def test_assessment_problems_name_the_place(base: Entries) -> None:
    message = str(refused(set_answer("answered", "level", 7)(base)))
    assert message.startswith("assessments.json: [")
    assert "].answers[" in message
    assert message.endswith("must be a whole number from 0 to 4")


# ---- the same through the import service -------------------------------------------------------


def database_state(services: Services) -> tuple[Any, ...]:
    """What a partial import would change: the library rows and every table's content (read
    through the library's own engine: the SQLite file with its WAL, or the server)."""
    from sqlalchemy import inspect, text

    summaries = services.assessments.list_summaries(deleted=None)
    content = {}
    with services.database.engine.connect() as connection:
        for table in sorted(inspect(connection).get_table_names()):
            rows = sorted(repr(tuple(row)) for row in connection.execute(
                text(f'SELECT * FROM "{table}"')))
            content[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return summaries, content


SERVICE_CASES = ["garbage-bytes", "zip-bomb", "changed-after-checksum", "level-7",
                 "unknown-framework-hash", "broken-framework-inside"]


@pytest.mark.parametrize("name", SERVICE_CASES)
def test_import_of_hostile_file_changes_nothing(valid_file: tuple[Path, bytes], target: Services,
                                                tmp_path: Path, name: str) -> None:
    create_reference_assessment(target)  # something to lose
    before = database_state(target)
    path = tmp_path / f"{name}.aibri"
    path.write_bytes(CASES[name].build(unzip(valid_file[1])))
    with pytest.raises(InvalidInputError) as raised:
        target.exchange.import_file(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert CASES[name].fragment in message
    assert single_line(message)
    assert database_state(target) == before


def test_import_with_an_unknown_country_names_the_file_and_changes_nothing(
        valid_file: tuple[Path, bytes], target: Services, tmp_path: Path) -> None:
    """A well-formed country code that is not in the country list: refused by the service
    (read_exchange does not know the countries), with the same kind of message."""
    create_reference_assessment(target)
    before = database_state(target)
    path = tmp_path / "unknown-country.aibri"
    path.write_bytes(set_field("country_code", "QQ")(unzip(valid_file[1])))
    with pytest.raises(InvalidInputError) as raised:
        target.exchange.import_file(path)
    message = str(raised.value)
    assert message.startswith(f"{path}: ")
    assert "country_code" in message
    assert database_state(target) == before


def test_import_of_the_valid_file_does_change_the_database(valid_file: tuple[Path, bytes],
                                                           target: Services) -> None:
    before = database_state(target)
    change = target.exchange.import_file(valid_file[0])
    assert len(change.assessment_ids) == 4
    assert database_state(target) != before


# ---- fuzzing -----------------------------------------------------------------------------------
#
# A fuzzed file is either refused or read back as it was exported. Refused: the import a user
# starts says so on one line that names the file, and the database is as it was. Read: the
# reader gives back exactly what the export wrote, and an import shows every assessment as the
# database it came from did.


@pytest.fixture(scope="module")
def valid_blob(valid_data: bytes) -> Blob:
    return Blob(valid_data)


@dataclass(frozen=True)
class ImportTarget:
    """A database with something to lose, for the imports that must be refused."""

    services: Services
    folder: Path
    state: tuple[Any, ...]  # database_state() before any import


@pytest.fixture(scope="module")
def import_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ImportTarget]:
    folder = tmp_path_factory.mktemp("import-target")
    services = open_services(folder)
    try:
        create_reference_assessment(services)
        yield ImportTarget(services, folder, database_state(services))
    finally:
        services.close()


def as_written(entries: Entries) -> tuple[Any, Any, dict[str, str], dict[str, str]]:
    """The manifest, the assessments, the frameworks and the supplier profiles (content hash ->
    text) of a container, parsed with the standard json module: what the writer put there, not
    what the reader under test makes of it."""
    frameworks, suppliers = {}, {}
    for name, content in entries.items():
        if FRAMEWORK_ENTRY.fullmatch(name):
            frameworks[name.removeprefix("frameworks/").removesuffix(".json")] = content.decode()
        elif SUPPLIER_ENTRY.fullmatch(name):
            suppliers[name.removeprefix("suppliers/").removesuffix(".json")] = content.decode()
    return (json.loads(entries[MANIFEST]), json.loads(entries[ASSESSMENTS]), frameworks,
            suppliers)


def as_read(exchange: Exchange) -> tuple[Any, Any, dict[str, str], dict[str, str]]:
    return (exchange.manifest, exchange.assessments,
            {content_hash: text for content_hash, (text, _) in exchange.frameworks.items()},
            {content_hash: text for content_hash, (text, _) in exchange.suppliers.items()})


def check_refused_import(target: ImportTarget, data: bytes, error: ExchangeError) -> None:
    """Importing ``data`` through the service, as the window and `aibri import` do: refused
    with the reader's message on one line after the file's name, and nothing written."""
    path = target.folder / "fuzzed.aibri"
    path.write_bytes(data)
    with pytest.raises(InvalidInputError) as raised:
        target.services.exchange.import_file(path)
    message = str(raised.value)
    assert message == f"{path}: {error}"
    assert single_line(message) and "Traceback" not in message, message
    assert database_state(target.services) == target.state, "a refused import changed the database"


@pytest.fixture(scope="module")
def read_back_target(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ImportTarget]:
    """A database for the files that are read: each import replaces what the one before
    brought in (the same assessments, by id)."""
    folder = tmp_path_factory.mktemp("read-back-target")
    services = open_services(folder)
    try:
        yield ImportTarget(services, folder, database_state(services))
    finally:
        services.close()


def check_imported_as_exported(target: ImportTarget, data: bytes, exported: Exported) -> None:
    """Importing ``data`` brings in every assessment of the file, each shown exactly as the
    database it was exported from showed it."""
    in_file = [item["id"] for item in json.loads(unzip(data)[ASSESSMENTS])]
    path = target.folder / "read-back.aibri"
    path.write_bytes(data)
    # final and archived assessments already here (from an earlier example) are signed off:
    # `replace` leaves them alone, one line each
    locked = {s.id for s in target.services.assessments.list_summaries(deleted=None)
              if s.status in ("final", "archived")} & set(in_file)
    change = target.services.exchange.import_file(path, on_conflict="replace")
    assert sorted(change.assessment_ids) == sorted(set(in_file) - locked)
    assert change.summary.count("\nskipped: ") == len(locked)
    for assessment_id in in_file:
        shown = show_json(target.services.assessments.load(assessment_id))
        assert shown == exported.shown[assessment_id], assessment_id


@pytest.fixture(scope="module")
def small(base: Entries) -> Entries:
    """A valid container with the reference assessment and its framework only (quick to read:
    the fuzzing below is about assessments.json and the container, not the big framework)."""
    entries = Entries(base)
    items = json.loads(entries[ASSESSMENTS])
    kept = reference_item(items)
    for name in list(entries):
        if name.startswith("frameworks/") and kept["framework_hash"] not in name:
            del entries[name]
    entries[ASSESSMENTS] = dump([kept])
    manifest = json.loads(entries[MANIFEST])
    manifest["count"] = 1
    entries[MANIFEST] = json.dumps(manifest).encode()
    entries = with_checksum(entries)
    assert isinstance(outcome(rezip(entries)), Exchange)
    return entries


FUZZ = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(data=st.one_of(st.binary(max_size=2000),
                      st.binary(max_size=2000).map(lambda b: b"PK\x03\x04" + b),
                      st.binary(max_size=2000).map(lambda b: b + b"PK\x05\x06" + bytes(18))))
@pytest.mark.timeout(120)
def test_random_bytes_are_refused(data: bytes) -> None:
    refused(data)


@FUZZ
@given(flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(1, 255)),
                      min_size=1, max_size=5))
@pytest.mark.timeout(120)
def test_flipped_bytes_are_refused_or_read(valid_blob: Blob, base: Entries, exported: Exported,
                                          import_target: ImportTarget,
                                          read_back_target: ImportTarget,
                                          flips: list[tuple[int, int]]) -> None:
    changed = bytearray(valid_blob)
    for position, mask in flips:
        changed[position % len(changed)] ^= mask
    data = bytes(changed)
    result = outcome(data)
    if isinstance(result, ExchangeError):
        event("refused")
        check_refused_import(import_target, data, result)
    else:  # e.g. a flip in a ZIP header's time stamp: the content is intact
        event("read back")
        assert as_read(result) == as_written(base)
        check_imported_as_exported(read_back_target, data, exported)


@dataclass(frozen=True)
class Raw:
    """JSON text put into a document as it is (what json.dumps would not write)."""

    text: str


def to_text(value: Any) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, list):
        return "[" + ",".join(to_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(f"{json.dumps(k)}:{to_text(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


PLAIN_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30),
    st.sampled_from(["NaN", "Infinity", "-Infinity", "nan", "1e999", "", " ", "answered",
                     "not_applicable", "unknown", "unanswered", "high", "XA", "xa",
                     "2026-13-45", "2026-02-30", "2026-11-01", "2026-11-01T10:00:00+00:00",
                     "DS-01", "ZZ-99", "0" * 64, "00000000-0000-4000-8000-000000000000"]),
    st.sampled_from([0, 1, 4, 5, -1, 10**9, 10**9 + 1, 2**63, 1.5, -0.0]),
)
RAW_TOKENS = st.one_of(
    st.sampled_from([Raw("NaN"), Raw("Infinity"), Raw("-Infinity"), Raw("1e999"),
                     Raw("-1e999"), Raw("1" * 5000), Raw("-" + "9" * 4301), Raw("1." + "0" * 5000),
                     Raw('{"a": 1, "a": 2}'), Raw('"\\ud800"'), Raw('"\\u0000"')]),
    st.integers(1, 3000).map(lambda n: Raw("[" * n + "]" * n)),
    st.integers(1, 200).map(lambda n: Raw('{"a":' * n + "1" + "}" * n)),
)
PLAIN_JSON = st.recursive(
    PLAIN_SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=5),
                               st.dictionaries(st.text(max_size=12), children, max_size=5)),
    max_leaves=25,
)
HOSTILE_JSON = st.recursive(
    st.one_of(PLAIN_SCALARS, RAW_TOKENS),
    lambda children: st.one_of(st.lists(children, max_size=5),
                               st.dictionaries(st.text(max_size=12), children, max_size=5)),
    max_leaves=25,
)


@FUZZ
@given(value=HOSTILE_JSON)
@pytest.mark.timeout(120)
def test_random_json_as_assessments_is_refused(small: Entries, value: Any) -> None:
    entries = Entries(small)
    entries[ASSESSMENTS] = to_text(value).encode("utf-8", "surrogatepass")
    refused(rezip(entries))


@FUZZ
@given(data=st.data())
@pytest.mark.timeout(120)
def test_one_changed_field_is_refused_or_read(small: Entries, import_target: ImportTarget,
                                             data: st.DataObject) -> None:
    items = json.loads(small[ASSESSMENTS])
    item = items[0]
    where = data.draw(st.sampled_from(["assessment", "answer", "history"]))
    if where == "assessment":
        holder = item
        key = data.draw(st.sampled_from(ASSESSMENT_FIELDS + OPTIONAL_ASSESSMENT_FIELDS
                                        + ("extra",)))
    else:
        rows = item["answers"] if where == "answer" else item["history"]
        holder = rows[data.draw(st.integers(0, len(rows) - 1))]
        key = data.draw(st.sampled_from(ANSWER_FIELDS if where == "answer" else HISTORY_FIELDS))
    if data.draw(st.booleans()) and key in holder:
        del holder[key]
    else:
        holder[key] = data.draw(PLAIN_JSON)
    entries = Entries(small)
    entries[ASSESSMENTS] = dump(items)
    file = rezip(entries)
    result = outcome(file)
    if isinstance(result, ExchangeError):
        event("refused")
        check_refused_import(import_target, file, result)
    else:
        event("read back")
        assert result.assessments == items


def plausible_manifest_value(key: str, manifest: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values of the right type for ``key``, valid or just off (any JSON at all is mostly
    refused for its type, which leaves the checks of the values themselves untried)."""
    checksum = manifest["checksum"]["content"]
    return {
        "format": st.sampled_from([FORMAT, FORMAT.upper(), FORMAT + " ", "aibri"]),
        "format_version": st.integers(-1, FORMAT_VERSION + 2),
        "app_version": st.text(max_size=42),
        "created": st.one_of(
            st.datetimes().map(lambda moment: moment.isoformat(timespec="seconds")),
            st.sampled_from(["2026-02-30T10:00:00", "2026-11-01", "yesterday"])),
        "count": st.integers(-1, 3),
        "markings": st.lists(st.one_of(st.text(max_size=122), st.integers()), max_size=3),
        "checksum": st.fixed_dictionaries({
            "algorithm": st.sampled_from(["sha256", "SHA256", "md5", ""]),
            "content": st.sampled_from([checksum, checksum.upper(), "0" * 64, checksum[:-1]])}),
    }.get(key, st.nothing())


@FUZZ
@given(data=st.data())
@pytest.mark.timeout(120)
def test_one_changed_manifest_field_is_refused_or_read(small: Entries, exported: Exported,
                                                      import_target: ImportTarget,
                                                      read_back_target: ImportTarget,
                                                      data: st.DataObject) -> None:
    manifest = json.loads(small[MANIFEST])
    key = data.draw(st.sampled_from([*manifest, "extra"]))
    if data.draw(st.booleans()) and key in manifest:
        del manifest[key]
    else:
        manifest[key] = data.draw(st.one_of(PLAIN_JSON, plausible_manifest_value(key, manifest)))
    entries = Entries(small)
    entries[MANIFEST] = json.dumps(manifest).encode()
    file = rezip(entries, fix_checksum=key != "checksum")
    result = outcome(file)
    if isinstance(result, ExchangeError):
        event("refused")
        check_refused_import(import_target, file, result)
        return
    event("read back")
    # Only a manifest that still says truly what the file is may be read.
    read = result.manifest
    assert read["format"] == FORMAT and read["format_version"] == FORMAT_VERSION
    assert read["count"] == len(result.assessments)
    assert read["checksum"] == {"algorithm": "sha256", "content": content_checksum(unzip(file))}
    assert all(isinstance(marking, str) for marking in read.get("markings", []))
    # The manifest as it was written; the assessments and frameworks as they were exported.
    assert as_read(result) == as_written(unzip(file))
    assert as_written(unzip(file))[1:] == as_written(small)[1:]
    check_imported_as_exported(read_back_target, file, exported)


FRAMEWORK_ENTRY = re.compile(r"frameworks/[0-9a-f]{64}\.json")
SUPPLIER_ENTRY = re.compile(r"suppliers/[0-9a-f]{64}\.json")  # format 4
ALLOWED_FORMS = st.sampled_from([MANIFEST, ASSESSMENTS, "frameworks/" + "0" * 64 + ".json",
                                 "frameworks/" + "A" * 64 + ".json", "../manifest.json",
                                 "./assessments.json", "frameworks/", "frameworks//x.json",
                                 "Manifest.json", "assessments.json/", "C:\\evil.json",
                                 "assessments.json\x00.exe", "frameworks\\" + "0" * 64 + ".json",
                                 ""])
ENTRY_NAMES = st.one_of(ALLOWED_FORMS,
                        st.text(st.characters(codec="utf-8"), max_size=80))


@FUZZ
@given(name=ENTRY_NAMES, rename=st.booleans())
@pytest.mark.timeout(120)
def test_random_entry_names_are_refused(small: Entries, name: str, rename: bool) -> None:
    """An extra entry with a random name, or assessments.json renamed to it."""
    name = zipfile.ZipInfo(name).filename  # as a reader will see it (cut at a NUL)
    pairs = list(small.items())
    if rename:
        pairs = [(name if n == ASSESSMENTS else n, content) for n, content in pairs]
    else:
        pairs.append((name, b"{}"))
    names = [n for n, _ in pairs]
    if len(set(names)) == len(names):
        pairs = list(with_checksum(Entries(pairs)).items())
    data = zip_pairs(pairs)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        stored = archive.namelist()
    if sorted(stored) == sorted(small):
        assert isinstance(outcome(data), Exchange)  # renamed to itself: nothing changed
        return
    message = str(refused(data))
    odd = [n for n in stored if n not in (MANIFEST, ASSESSMENTS)
           and not FRAMEWORK_ENTRY.fullmatch(n) and not SUPPLIER_ENTRY.fullmatch(n)]
    if odd or len(set(stored)) < len(stored):
        assert "unexpected entry" in message or "appears twice" in message, message


# ---- memory ------------------------------------------------------------------------------------


def peak_memory_of_reading(data: bytes) -> tuple[int, Exchange | ExchangeError]:
    tracemalloc.start()
    try:
        result = outcome(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, result


def test_zip_bomb_is_refused_before_inflating() -> None:
    data = zip_bomb()
    peak, result = peak_memory_of_reading(data)
    assert isinstance(result, ExchangeError)
    assert "zip bomb" in str(result)
    assert peak < 64 * 2**20


def test_zip_bomb_with_understated_size_is_refused_in_bounded_memory() -> None:
    """The same bomb, but its headers claim 1,000 bytes: the ratio check cannot see it, so the
    reader must stop inflating at the claimed size instead of at its 128 MB entry limit."""
    data = bytearray(zip_bomb())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        local = archive.getinfo(ASSESSMENTS).header_offset
    struct.pack_into("<I", data, local + 22, 1000)
    for offset, name in central_directory(bytes(data)):
        if name == ASSESSMENTS:
            struct.pack_into("<I", data, offset + 24, 1000)
    peak, result = peak_memory_of_reading(bytes(data))
    assert isinstance(result, ExchangeError)
    assert peak < 64 * 2**20, f"peak {peak / 2**20:.0f} MB"


# ---- a full round trip -------------------------------------------------------------------------


def history_counts(services: Services) -> dict[str, int]:
    with services.database.session() as session:
        rows = session.execute(select(AnswerHistoryRow.assessment_id, func.count())
                               .group_by(AnswerHistoryRow.assessment_id)).all()
    return {assessment_id: count for assessment_id, count in rows}


def test_round_trip_keeps_every_assessment_identical(tmp_path: Path, target: Services) -> None:
    (tmp_path / "src").mkdir()
    source = open_services(tmp_path / "src")
    try:
        create_reference_assessment(source)
        source.demo.generate(count=3, seed=4)
        custom = json.loads(reference.FRAMEWORK_FILE.read_text(encoding="utf-8"))
        custom["id"] = "ministry-y"
        custom_path = tmp_path / "ministry-y.json"
        custom_path.write_text(json.dumps(custom, ensure_ascii=False, indent=2),
                               encoding="utf-8")
        added = source.framework_files.add_file(custom_path).payload
        assert added is not None
        framework = added.framework
        assert isinstance(framework, Framework)
        created = source.assessments.create(
            country_code="XA", title="Ministry Y review", as_of=date(2026, 10, 1),
            framework=framework, modules=reference.modules(), marking="MINISTRY")
        custom_id = created.assessment_id
        for record in [r for r in reference.answer_records()
                       if not r["indicator"].startswith("IE-")][:6]:
            source.assessments.answer(
                assessment_id=custom_id, indicator_id=record["indicator"], who="tester",
                state=AnswerState(record["state"]), level=record.get("level"),
                confidence=record.get("confidence"), na_reason=record.get("na_reason"),
                evidence=record.get("evidence", ""))
        source.assessments.mark_final(assessment_ids=[custom_id], who="reviewer")
        ids = [s.id for s in source.assessments.list_summaries(deleted=None)]
        path = tmp_path / "all.aibri"
        source.exchange.export(ids, path)
        expected = {i: show_json(source.assessments.load(i)) for i in ids}
        expected_history = history_counts(source)
    finally:
        source.close()

    assert len(ids) == 5
    assert expected[custom_id]["framework"] == {
        "id": "ministry-y", "version": framework.version, "hash": framework.content_hash}
    change = target.exchange.import_file(path)
    assert sorted(change.assessment_ids) == sorted(ids)
    for assessment_id in ids:
        assert show_json(target.assessments.load(assessment_id)) == expected[assessment_id]
    assert history_counts(target) == expected_history
