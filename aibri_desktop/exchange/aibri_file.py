"""The .aibri exchange file: a ZIP container with a manifest, the assessments (with answers and
history) and the frameworks they use, and a SHA-256 over the content.

Reading is defensive: size, entry count, compression ratio, entry names, JSON depth, duplicate
keys, NaN, types and ranges are all checked, and the first problem is reported with the place
it was found. Nothing is written anywhere while reading.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from ..domain import strictjson
from ..domain.answers import ANSWER_FIELDS as SAVED_ANSWER_FIELDS
from ..domain.answers import NO_CONFIDENCE, AnswerError, AnswerState, Confidence, check_range
from ..domain.details import DETAIL_FIELDS, PERSPECTIVES
from ..domain.framework import LEVELS, Framework
from ..domain.framework_file import FrameworkError, loads_framework
from ..domain.judgements import CHOICES, MAX_COMMENT, MAX_KEY, MAX_KEY_TEXT
from ..domain.plain_text import lone_surrogate
from ..domain.supplier_file import SupplierProfileError, loads_supplier_profile
from ..domain.suppliers import SupplierProfile

FORMAT = "aibri-exchange"
FORMAT_VERSION = 6  # 2 added sign-off, judgements, deleted state and issued briefs;
# 3 added range answers (level_low, level_high) and the scoring-rules version of the figures;
# 4 added the supplier profile (suppliers/<hash>.json) and the perspective of each assessment;
# 5 added what the analyst decided about each suggestion from public data;
# 6 added the history of each assessment's details, and answers set aside (their module off)
MAX_FILE_BYTES = 64 * 2**20
MAX_TOTAL_BYTES = 256 * 2**20
MAX_ENTRY_BYTES = 128 * 2**20
MAX_RATIO = 100
MAX_ENTRIES = 64
MAX_ASSESSMENTS = 2_000  # per file: a larger import holds the write lock for minutes
MAX_TEXT = 100_000  # characters in any one text field (evidence, sources, history values...)
MAX_HISTORY = 10_000  # answer-history entries per assessment
MAX_BRIEFS = 10_000  # register entries of issued briefs per assessment
_FRAMEWORK_ENTRY = re.compile(r"^frameworks/([0-9a-f]{64})\.json$")
_SUPPLIER_ENTRY = re.compile(r"^suppliers/([0-9a-f]{64})\.json$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_INDICATOR = re.compile(r"^[A-Z]{2,4}-[0-9]{2,3}$")


class ExchangeError(ValueError):
    """The file cannot be imported; ``str()`` names the place and the problem, on one line
    (control characters from the file are replaced, long text is cut)."""

    def __init__(self, message: str) -> None:
        clean = "".join(ch if ch.isprintable() else "\ufffd" for ch in message)
        super().__init__(clean if len(clean) <= 400 else clean[:399] + "…")


@dataclass(frozen=True)
class Exchange:
    manifest: dict[str, Any]
    assessments: list[dict[str, Any]]
    frameworks: dict[str, tuple[str, Framework]]  # content hash -> (text, framework)
    suppliers: dict[str, tuple[str, SupplierProfile]] = field(default_factory=dict)


def content_checksum(entries: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(entries):
        if name == "manifest.json":
            continue
        digest.update(name.encode() + b"\0" + hashlib.sha256(entries[name]).digest())
    return digest.hexdigest()


def write_exchange(assessments: list[dict[str, Any]], frameworks: dict[str, str], *,
                   app_version: str, created: datetime, markings: list[str],
                   suppliers: dict[str, str] | None = None) -> bytes:
    """The bytes of a .aibri file (assessments as in :func:`read_exchange`'s output)."""
    entries: dict[str, bytes] = {
        "assessments.json": json.dumps(assessments, ensure_ascii=False, indent=1,
                                       sort_keys=True).encode("utf-8"),
    }
    for content_hash, text in frameworks.items():
        entries[f"frameworks/{content_hash}.json"] = text.encode("utf-8")
    for content_hash, text in (suppliers or {}).items():
        entries[f"suppliers/{content_hash}.json"] = text.encode("utf-8")
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "app_version": app_version,
                "created": created.isoformat(timespec="seconds"), "count": len(assessments),
                "markings": markings,
                "checksum": {"algorithm": "sha256", "content": content_checksum(entries)}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        for name in sorted(entries):
            archive.writestr(name, entries[name])
    return buffer.getvalue()


def read_exchange(data: bytes) -> Exchange:
    """Validate a .aibri file completely; raise ExchangeError with one clear message."""
    if len(data) > MAX_FILE_BYTES:
        raise ExchangeError(f"the file is larger than {MAX_FILE_BYTES // 2**20} MB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise ExchangeError("not an AIBRI exchange file (not a readable ZIP container)") \
            from None
    if len(infos) > MAX_ENTRIES:
        raise ExchangeError(f"the container has {len(infos)} entries (at most {MAX_ENTRIES})")
    total = 0
    names: set[str] = set()
    for info in infos:
        name = info.filename
        if name in names:
            raise ExchangeError(f"the entry '{name}' appears twice")
        names.add(name)
        if name not in ("manifest.json", "assessments.json") and \
                not _FRAMEWORK_ENTRY.match(name) and not _SUPPLIER_ENTRY.match(name):
            raise ExchangeError(f"unexpected entry '{name[:80]}' (only manifest.json, "
                                "assessments.json, frameworks/<hash>.json and "
                                "suppliers/<hash>.json are allowed)")
        if info.flag_bits & 0x1:
            raise ExchangeError(f"the entry '{name}' is encrypted")
        if info.file_size > MAX_ENTRY_BYTES:
            raise ExchangeError(f"the entry '{name}' unpacks to more than "
                                f"{MAX_ENTRY_BYTES // 2**20} MB")
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise ExchangeError(f"the entry '{name}' is compressed more than {MAX_RATIO}:1 "
                                "(refused as a possible zip bomb)")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise ExchangeError(f"the content unpacks to more than {MAX_TOTAL_BYTES // 2**20} MB")
    for required in ("manifest.json", "assessments.json"):
        if required not in names:
            raise ExchangeError(f"the entry '{required}' is missing")
    entries: dict[str, bytes] = {}
    for info in infos:
        entries[info.filename] = _read_entry(archive, info)
    manifest = _json(entries["manifest.json"], "manifest.json")
    _check_values(manifest, "manifest.json")
    _check_manifest(manifest)
    expected = manifest["checksum"]["content"]
    if content_checksum(entries) != expected:
        raise ExchangeError("manifest.json: checksum: the content does not match its "
                            "SHA-256 checksum (the file was changed or damaged)")
    frameworks: dict[str, tuple[str, Framework]] = {}
    for name, content in entries.items():
        match = _FRAMEWORK_ENTRY.match(name)
        if not match:
            continue
        try:
            text = content.decode("utf-8")
            framework = loads_framework(text, origin=name)
        except UnicodeDecodeError:
            raise ExchangeError(f"{name}: not UTF-8 text") from None
        except FrameworkError as exc:
            raise ExchangeError(str(exc)) from None
        if framework.content_hash != match.group(1):
            raise ExchangeError(f"{name}: the framework's content hash is "
                                f"{framework.content_hash[:12]}…, not the one in its name")
        same_label = [h for h, (_t, other) in frameworks.items()
                      if (other.id, other.version) == (framework.id, framework.version)]
        if same_label:
            raise ExchangeError(f"{name}: the file holds two different frameworks both called "
                                f"{framework.label} (the other is frameworks/"
                                f"{same_label[0][:12]}…)")
        frameworks[framework.content_hash] = (text, framework)
    suppliers: dict[str, tuple[str, SupplierProfile]] = {}
    for name, content in entries.items():
        match = _SUPPLIER_ENTRY.match(name)
        if not match:
            continue
        try:
            text = content.decode("utf-8")
            profile = loads_supplier_profile(text, origin=name)
        except UnicodeDecodeError:
            raise ExchangeError(f"{name}: not UTF-8 text") from None
        except SupplierProfileError as exc:
            raise ExchangeError(str(exc)) from None
        if profile.content_hash != match.group(1):
            raise ExchangeError(f"{name}: the supplier profile's content hash is "
                                f"{profile.content_hash[:12]}…, not the one in its name")
        suppliers[profile.content_hash] = (text, profile)
    raw = _json(entries["assessments.json"], "assessments.json")
    _check_values(raw, "assessments.json")
    assessments = _check_assessments(raw, frameworks, manifest["format_version"], suppliers)
    dependency_order(assessments)  # refuses a predecessor cycle
    if manifest["count"] != len(assessments):
        raise ExchangeError(f"manifest.json: count: says {manifest['count']} assessments, "
                            f"the file holds {len(assessments)}")
    return Exchange(manifest, assessments, frameworks, suppliers)


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Inflate in chunks and stop as soon as an entry grows past the size its header claims:
    a zip bomb that understates its size is refused before it fills memory."""
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while True:
                chunk = stream.read(1 << 16)
                if not chunk:
                    break
                size += len(chunk)
                if size > info.file_size or size > MAX_ENTRY_BYTES:
                    raise ExchangeError(f"the entry '{info.filename}' unpacks to more than the "
                                        "size it claims (refused as a possible zip bomb)")
                chunks.append(chunk)
    except ExchangeError:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, zlib.error) as exc:
        raise ExchangeError(f"the entry '{info.filename}' cannot be read ({exc})") from None
    if size != info.file_size:
        raise ExchangeError(f"the entry '{info.filename}' is not the size it claims")
    return b"".join(chunks)


def _json(content: bytes, name: str) -> Any:
    try:
        return strictjson.loads(content)
    except strictjson.StrictJSONError as exc:
        raise ExchangeError(f"{name}: {exc}") from None


_NOT_TEXT = ("holds a lone surrogate (such as the escape \\ud800), which is not text and "
             "cannot be stored")


def _check_values(document: Any, name: str) -> None:
    """Everywhere in a document, whatever the field: no number that is not finite (``1e999``
    reads as infinity, which JSON cannot write back), no text longer than MAX_TEXT and no lone
    surrogate (JSON's ``"\\ud800"`` reads as one; no database or file can encode it)."""
    stack: list[tuple[Any, str]] = [(document, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, float) and not math.isfinite(value):
            raise ExchangeError(f"{name}: {path or '(top)'}: a number too large to be finite "
                                "(such as 1e999) is not allowed")
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise ExchangeError(f"{name}: {path or '(top)'}: is longer than {MAX_TEXT:,} "
                                "characters (the limit for any text in the file)")
        if isinstance(value, str) and lone_surrogate(value) is not None:
            raise ExchangeError(f"{name}: {path or '(top)'}: {_NOT_TEXT}")
        if isinstance(value, dict):
            for key, item in value.items():
                if len(key) > 200:
                    raise ExchangeError(f"{name}: {path or '(top)'}: a key is longer than 200 "
                                        "characters")
                if lone_surrogate(key) is not None:
                    raise ExchangeError(f"{name}: {path or '(top)'}: a key {_NOT_TEXT}")
                stack.append((item, f"{path}.{key}" if path else key))
        elif isinstance(value, list):
            stack.extend((item, f"{path}[{n}]") for n, item in enumerate(value))


def too_many_assessments(count: int) -> str:
    return (f"holds {count:,} assessments; at most {MAX_ASSESSMENTS:,} fit in one file "
            "(split the export into several files)")


class _Fields:
    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, path: str, problem: str) -> ExchangeError:
        return ExchangeError(f"{self.where}: {path}: {problem}")

    def obj(self, value: Any, path: str, required: tuple[str, ...],
            optional: tuple[str, ...] = ()) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, "must be an object")
        for key in required:
            if key not in value:
                raise self.fail(f"{path}.{key}" if path else key, "is missing")
        for key in value:
            if key not in required and key not in optional:
                raise self.fail(f"{path}.{key}" if path else key, "is not a known field")
        return value

    def text(self, value: Any, path: str, *, limit: int = MAX_TEXT, empty: bool = True,
             pattern: re.Pattern[str] | None = None) -> str:
        if not isinstance(value, str):
            raise self.fail(path, "must be text")
        if len(value) > limit:
            raise self.fail(path, f"is longer than {limit:,} characters")
        if not empty and not value.strip():
            raise self.fail(path, "must not be empty")
        if pattern is not None and not pattern.match(value):
            raise self.fail(path, f"'{value[:40]}' is not in the expected form")
        return value

    def integer(self, value: Any, path: str, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(path, f"must be a whole number from {low} to {high}")
        return value

    def day(self, value: Any, path: str, *, optional: bool = False) -> str | None:
        if value is None and optional:
            return None
        text = self.text(value, path, limit=10)
        try:
            date.fromisoformat(text)
        except ValueError:
            raise self.fail(path, f"'{text}' is not a date (YYYY-MM-DD)") from None
        return text

    def moment(self, value: Any, path: str, *, optional: bool = False) -> str | None:
        if value is None and optional:
            return None
        text = self.text(value, path, limit=40)
        try:
            moment = datetime.fromisoformat(text)
            # stored as UTC: 9999-12-31T23:00-14:00 is past the last moment a date can hold
            (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
        except ValueError:
            raise self.fail(path, f"'{text}' is not a date and time") from None
        except OverflowError:
            raise self.fail(path, f"'{text}' is out of range (in UTC it falls outside the "
                                  "years 1 to 9999)") from None
        return text


def _check_manifest(manifest: Any) -> None:
    f = _Fields("manifest.json")
    f.obj(manifest, "", ("format", "format_version", "app_version", "created", "count",
                         "checksum"), ("markings",))
    if manifest["format"] != FORMAT:
        raise f.fail("format", f"must be '{FORMAT}'")
    version = f.integer(manifest["format_version"], "format_version", 1, 10**6)
    if version > FORMAT_VERSION:
        raise f.fail("format_version", f"is {version}; this version of AIBRI Desktop reads up "
                     f"to {FORMAT_VERSION}. Use a newer version of the app.")
    f.text(manifest["app_version"], "app_version", limit=40)
    f.moment(manifest["created"], "created")
    count = f.integer(manifest["count"], "count", 0, 10**9)
    if count > MAX_ASSESSMENTS:
        raise f.fail("count", f"says the file {too_many_assessments(count)}")
    checksum = f.obj(manifest["checksum"], "checksum", ("algorithm", "content"))
    if checksum["algorithm"] != "sha256":
        raise f.fail("checksum.algorithm", "must be 'sha256'")
    f.text(checksum["content"], "checksum.content", pattern=re.compile(r"^[0-9a-f]{64}$"))
    markings = manifest.get("markings", [])
    if not isinstance(markings, list) or len(markings) > 100:
        raise f.fail("markings", "must be a list of text")
    for n, marking in enumerate(markings):
        f.text(marking, f"markings[{n}]", limit=120)


ASSESSMENT_FIELDS = ("id", "revision", "country_code", "title", "assessor", "as_of", "status",
                     "marking", "framework_hash", "modules", "predecessor_id", "created_at",
                     "updated_at", "answers", "history")
OPTIONAL_ASSESSMENT_FIELDS = ("robustness",)
# format version 2: the sign-off, the analyst's judgements, the deleted state and the register
# of briefs issued from the assessment (a version-1 file reads as having none of them)
V2_ASSESSMENT_FIELDS = ("reviewed_by", "finalised_at", "judgements", "deleted_at", "briefs")
V1_DEFAULTS: dict[str, Any] = {"reviewed_by": None, "finalised_at": None, "judgements": None,
                               "deleted_at": None, "briefs": []}
# format version 3: the scoring-rules version of the assessment's figures (an older file has
# none: its drafts are scored under the app's rules, its finals keep version 1)
V3_ASSESSMENT_FIELDS = ("scoring_rules",)
# format version 4: the supplier profile a format-2 framework is read with (null for format 1)
# and the perspective (inside, outside or null); an older file has neither
V4_ASSESSMENT_FIELDS = ("supplier_hash", "perspective")
# format version 5: the suggestions from public data the analyst accepted or rejected (an older
# file has none: its answers read as the analyst's own)
V5_ASSESSMENT_FIELDS = ("suggestions",)
# format version 6: the history of the details (title, as-of date, marking, assessor,
# perspective, modules), and answers of a module turned off (kept, set aside); an older file
# has no details history, and all its answers are in modules the assessment uses
V6_ASSESSMENT_FIELDS = ("details_history",)
DETAIL_HISTORY_FIELDS = ("field", "changed_at", "changed_by", "old", "new")
SUGGESTION_FIELDS = ("indicator", "decision", "dataset_version", "dataset_hash", "by", "at")
SUGGESTION_DECISIONS = ("accepted", "rejected")
BRIEF_FIELDS = ("issued_at", "format", "marking", "file_name", "sha256", "recipient",
                "issued_by")
BRIEF_FORMATS = ("pdf", "docx")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# An answer in the file: its indicator, then its saved fields (domain/answers.py). Growing that
# list changes this format: FORMAT_VERSION and the reading of older files must follow.
ANSWER_FIELDS = ("indicator", *SAVED_ANSWER_FIELDS)
RANGE_FIELDS = ("level_low", "level_high")  # format version 3: a range answer's two levels
V2_ANSWER_FIELDS = tuple(name for name in ANSWER_FIELDS if name not in RANGE_FIELDS)
HISTORY_FIELDS = ("indicator", "changed_at", "changed_by", "old", "new")


def _check_assessments(raw: Any, frameworks: dict[str, tuple[str, Framework]],
                       version: int = FORMAT_VERSION,
                       suppliers: dict[str, tuple[str, SupplierProfile]] | None = None
                       ) -> list[dict[str, Any]]:
    """The assessments, checked; those of a version-1 file get the fields of version 2 with
    their empty values (no sign-off, no judgements, not deleted, no issued briefs)."""
    f = _Fields("assessments.json")
    required = (ASSESSMENT_FIELDS + (V2_ASSESSMENT_FIELDS if version >= 2 else ())
                + (V3_ASSESSMENT_FIELDS if version >= 3 else ())
                + (V4_ASSESSMENT_FIELDS if version >= 4 else ())
                + (V5_ASSESSMENT_FIELDS if version >= 5 else ())
                + (V6_ASSESSMENT_FIELDS if version >= 6 else ()))
    suppliers = suppliers or {}
    if not isinstance(raw, list):
        raise f.fail("(top)", "must be a list of assessments")
    if len(raw) > MAX_ASSESSMENTS:
        raise f.fail("(top)", f"the file {too_many_assessments(len(raw))}")
    seen: set[str] = set()
    for n, item in enumerate(raw):
        p = f"[{n}]"
        f.obj(item, p, required, OPTIONAL_ASSESSMENT_FIELDS)
        assessment_id = f.text(item["id"], f"{p}.id", pattern=_UUID)
        if assessment_id in seen:
            raise f.fail(f"{p}.id", f"'{assessment_id}' appears twice")
        seen.add(assessment_id)
        f.integer(item["revision"], f"{p}.revision", 1, 10**9)
        f.text(item["country_code"], f"{p}.country_code", pattern=re.compile(r"^[A-Z]{2}$"))
        f.text(item["title"], f"{p}.title", limit=300, empty=False)
        f.text(item["assessor"], f"{p}.assessor", limit=200)
        f.day(item["as_of"], f"{p}.as_of")
        if item["status"] not in ("draft", "final", "archived"):
            raise f.fail(f"{p}.status", "must be draft, final or archived")
        f.text(item["marking"], f"{p}.marking", limit=120)
        framework_hash = f.text(item["framework_hash"], f"{p}.framework_hash",
                                pattern=re.compile(r"^[0-9a-f]{64}$"))
        if framework_hash not in frameworks:
            raise f.fail(f"{p}.framework_hash", "names a framework the file does not contain")
        framework = frameworks[framework_hash][1]
        modules = item["modules"]
        if not isinstance(modules, list) or any(m not in framework.optional_dimension_ids
                                                for m in modules):
            raise f.fail(f"{p}.modules", "must list optional modules of its framework")
        if item["predecessor_id"] is not None:
            f.text(item["predecessor_id"], f"{p}.predecessor_id", pattern=_UUID)
        f.moment(item["created_at"], f"{p}.created_at")
        f.moment(item["updated_at"], f"{p}.updated_at")
        if "robustness" in item and item["robustness"] is not None and \
                not isinstance(item["robustness"], dict):
            raise f.fail(f"{p}.robustness", "must be an object or null")
        # from format 6 on, answers of a module turned off travel too (set aside)
        enabled = (frozenset(modules) if version < 6
                   else frozenset(framework.optional_dimension_ids))
        _check_answers(f, item["answers"], f"{p}.answers", framework, enabled, version)
        if version >= 3:
            rules = f.integer(item["scoring_rules"], f"{p}.scoring_rules", 1, 2)
            if rules == 1 and item["status"] == "draft":
                raise f.fail(f"{p}.scoring_rules", "a draft is scored under version 2 of the "
                             "rules (only a final assessment keeps version 1)")
        _check_history(f, item["history"], f"{p}.history", framework, enabled)
        if version >= 4:
            _check_supplier(f, item, p, framework, suppliers)
        else:
            item.update(supplier_hash=None, perspective=None)
        if version >= 5:
            _check_suggestions(f, item["suggestions"], f"{p}.suggestions", framework)
        else:
            item["suggestions"] = []
        if version >= 6:
            _check_detail_history(f, item["details_history"], f"{p}.details_history",
                                  framework)
        else:
            item["details_history"] = []
        if version < 2:
            item.update(V1_DEFAULTS)
            continue
        _check_sign_off(f, item, p)
        if item["judgements"] is not None:
            _check_judgements(f, item["judgements"], f"{p}.judgements", framework)
        f.moment(item["deleted_at"], f"{p}.deleted_at", optional=True)
        _check_briefs(f, item["briefs"], f"{p}.briefs")
    return raw


def _check_supplier(f: _Fields, item: dict[str, Any], p: str, framework: Framework,
                    suppliers: dict[str, tuple[str, SupplierProfile]]) -> None:
    """A format-2 framework is read for the supplier profile the file carries; a format-1
    framework (it names its supplier itself) takes none."""
    supplier_hash = item["supplier_hash"]
    if supplier_hash is not None:
        f.text(supplier_hash, f"{p}.supplier_hash", pattern=re.compile(r"^[0-9a-f]{64}$"))
        if framework.format < 2:
            raise f.fail(f"{p}.supplier_hash", f"{framework.label} takes no supplier profile")
        if supplier_hash not in suppliers:
            raise f.fail(f"{p}.supplier_hash", "names a supplier profile the file does not "
                         "contain")
    if item["perspective"] not in (None, "inside", "outside"):
        raise f.fail(f"{p}.perspective", "must be inside, outside or null")


def _check_sign_off(f: _Fields, item: dict[str, Any], p: str) -> None:
    """A draft has never been signed off; a final (or archived) one carries who signed it off
    and when, both or neither (neither: marked final before the app recorded sign-offs)."""
    reviewer = item["reviewed_by"]
    if reviewer is not None:
        f.text(reviewer, f"{p}.reviewed_by", limit=200, empty=False)
    moment = f.moment(item["finalised_at"], f"{p}.finalised_at", optional=True)
    if item["status"] == "draft" and (reviewer is not None or moment is not None):
        raise f.fail(f"{p}.finalised_at" if reviewer is None else f"{p}.reviewed_by",
                     "a draft has no sign-off (only a final or archived assessment has a "
                     "reviewer and a date)")
    if (reviewer is None) != (moment is None):
        raise f.fail(f"{p}.reviewed_by" if reviewer is None else f"{p}.finalised_at",
                     "a sign-off needs both the reviewer (reviewed_by) and the date "
                     "(finalised_at)")


def _check_judgements(f: _Fields, value: Any, p: str, framework: Framework) -> None:
    """The analyst's judgement: at most five key judgements, a comment per dimension of the
    framework, a keep/drop/reword choice per policy option of the framework."""
    f.obj(value, p, ("key", "comments", "options"))
    key = value["key"]
    if not isinstance(key, list) or len(key) > MAX_KEY:
        raise f.fail(f"{p}.key", f"must be a list of at most {MAX_KEY} key judgements")
    for n, text in enumerate(key):
        f.text(text, f"{p}.key[{n}]", limit=MAX_KEY_TEXT, empty=False)
    comments = value["comments"]
    if not isinstance(comments, dict):
        raise f.fail(f"{p}.comments", "must be an object")
    dimensions = {d.id for d in framework.dimensions}
    for dimension, text in comments.items():
        if dimension not in dimensions:
            raise f.fail(f"{p}.comments", f"'{dimension[:40]}' is not a dimension of "
                         f"{framework.label}")
        f.text(text, f"{p}.comments.{dimension}", limit=MAX_COMMENT)
    options = value["options"]
    if not isinstance(options, dict):
        raise f.fail(f"{p}.options", "must be an object")
    known = {o.id for i in framework.indicators() for o in i.options}
    for option_id, choice in options.items():
        if option_id not in known:
            raise f.fail(f"{p}.options", f"'{option_id[:40]}' is not a policy option of "
                         f"{framework.label}")
        q = f"{p}.options.{option_id}"
        f.obj(choice, q, ("choice", "text"))
        if choice["choice"] not in CHOICES:
            raise f.fail(f"{q}.choice", "must be keep, drop or reword")
        text = f.text(choice["text"], f"{q}.text")
        if choice["choice"] == "reword" and not text.strip():
            raise f.fail(f"{q}.text", "a reworded option needs the new wording")


def _bounded_list(f: _Fields, value: Any, path: str, limit: int) -> None:
    """A list of at most ``limit`` entries for one assessment."""
    if not isinstance(value, list):
        raise f.fail(path, "must be a list")
    if len(value) > limit:
        raise f.fail(path, f"holds {len(value):,} entries (at most {limit:,} for one "
                     "assessment)")


def _check_suggestions(f: _Fields, decisions: Any, path: str, framework: Framework) -> None:
    """What the analyst decided about each suggestion from public data: one entry per item."""
    _bounded_list(f, decisions, path, sum(1 for _i in framework.indicators()))
    seen: set[str] = set()
    for n, entry in enumerate(decisions):
        p = f"{path}[{n}]"
        f.obj(entry, p, SUGGESTION_FIELDS)
        indicator = f.text(entry["indicator"], f"{p}.indicator", pattern=_INDICATOR)
        if not framework.has_indicator(indicator):
            raise f.fail(f"{p}.indicator", f"'{indicator}' is not an item of its framework")
        if indicator in seen:
            raise f.fail(f"{p}.indicator", f"'{indicator}' appears twice")
        seen.add(indicator)
        if entry["decision"] not in SUGGESTION_DECISIONS:
            raise f.fail(f"{p}.decision", "must be accepted or rejected")
        f.text(entry["dataset_version"], f"{p}.dataset_version", limit=32, empty=False)
        f.text(entry["dataset_hash"], f"{p}.dataset_hash", pattern=_SHA256)
        f.text(entry["by"], f"{p}.by", limit=200, empty=False)
        f.moment(entry["at"], f"{p}.at")


def _check_briefs(f: _Fields, briefs: Any, path: str) -> None:
    """The register entries of the briefs issued from the assessment."""
    _bounded_list(f, briefs, path, MAX_BRIEFS)
    for n, entry in enumerate(briefs):
        p = f"{path}[{n}]"
        f.obj(entry, p, BRIEF_FIELDS)
        f.moment(entry["issued_at"], f"{p}.issued_at")
        if entry["format"] not in BRIEF_FORMATS:
            raise f.fail(f"{p}.format", "must be pdf or docx")
        f.text(entry["marking"], f"{p}.marking", limit=400)
        f.text(entry["file_name"], f"{p}.file_name", empty=False)
        f.text(entry["sha256"], f"{p}.sha256", pattern=_SHA256)
        f.text(entry["recipient"], f"{p}.recipient", limit=200)
        f.text(entry["issued_by"], f"{p}.issued_by", limit=200)


def _name(item: dict[str, Any]) -> str:
    title = item["title"] if len(item["title"]) <= 40 else item["title"][:39] + "…"
    return f"“{title}” ({item['id'][:8]})"


def dependency_order(assessments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The assessments with every predecessor that is in the file before its follow-ups (the
    file's order otherwise). A cycle of predecessors (A follows B, B follows A, or A follows
    itself) is refused, naming the assessments in it."""
    by_id = {item["id"]: item for item in assessments}
    placed: set[str] = set()
    order: list[dict[str, Any]] = []
    for item in assessments:
        chain: list[dict[str, Any]] = []
        on_chain: set[str] = set()
        current: dict[str, Any] | None = item
        while current is not None and current["id"] not in placed:
            if current["id"] in on_chain:
                cycle = chain[chain.index(current):]
                names = ", ".join(_name(c) for c in cycle[:3]) + (", …" if len(cycle) > 3
                                                                  else "")
                raise ExchangeError(
                    f"assessments.json: predecessor_id: {names} "
                    + ("is its own predecessor" if len(cycle) == 1 else
                       "are each other's predecessors (a cycle)"))
            chain.append(current)
            on_chain.add(current["id"])
            predecessor = current["predecessor_id"]
            current = by_id.get(predecessor) if predecessor is not None else None
        for link in reversed(chain):
            placed.add(link["id"])
            order.append(link)
    return order


def _indicator(f: _Fields, value: Any, path: str, framework: Framework,
               modules: frozenset[str]) -> str:
    """An indicator of the framework, in a dimension the assessment uses."""
    indicator = f.text(value, path, pattern=_INDICATOR)
    if not framework.has_indicator(indicator):
        raise f.fail(path, f"{indicator} is not an indicator of {framework.label}")
    dimension = framework.dimension(framework.indicator(indicator).dimension_id)
    if dimension.optional and dimension.id not in modules:
        raise f.fail(path, f"{indicator} belongs to the module {dimension.id}, which this "
                     "assessment does not use (answers set aside travel from format "
                     "version 6 on)")
    return indicator


def _check_answers(f: _Fields, answers: Any, path: str, framework: Framework,
                   modules: frozenset[str], version: int = FORMAT_VERSION) -> None:
    if not isinstance(answers, list):
        raise f.fail(path, "must be a list")
    seen: set[str] = set()
    for n, answer in enumerate(answers):
        p = f"{path}[{n}]"
        f.obj(answer, p, ANSWER_FIELDS if version >= 3 else V2_ANSWER_FIELDS)
        if version < 3:
            answer.update(dict.fromkeys(RANGE_FIELDS))
        indicator = _indicator(f, answer["indicator"], f"{p}.indicator", framework, modules)
        if indicator in seen:
            raise f.fail(f"{p}.indicator", f"{indicator} is answered twice")
        seen.add(indicator)
        try:
            state = AnswerState(answer["state"])
        except ValueError:
            raise f.fail(f"{p}.state", "must be answered, range, unknown, not_applicable or "
                         "unanswered") from None
        level = answer["level"]
        if state is AnswerState.ANSWERED:
            f.integer(level, f"{p}.level", LEVELS[0], LEVELS[-1])
        elif level is not None:
            raise f.fail(f"{p}.level", "only an answered indicator has a level")
        _check_range(f, answer, p, state)
        if answer["confidence"] is not None and state.value in NO_CONFIDENCE:
            if version < 3:  # an older app let an unknown carry one; it never counted
                answer["confidence"] = None
            else:
                raise f.fail(f"{p}.confidence", f"an answer in the state '{state.value}' "
                             "carries no confidence level")
        if answer["confidence"] is not None:
            try:
                Confidence(answer["confidence"])
            except ValueError:
                raise f.fail(f"{p}.confidence", "must be high, medium, low or null") from None
        reason = f.text(answer["na_reason"], f"{p}.na_reason")
        if state is AnswerState.NOT_APPLICABLE and not reason.strip():
            raise f.fail(f"{p}.na_reason", "'not applicable' needs a reason")
        f.text(answer["evidence"], f"{p}.evidence")
        f.text(answer["sources"], f"{p}.sources")
        f.day(answer["as_of"], f"{p}.as_of", optional=True)
        if not isinstance(answer["carried_over"], bool):
            raise f.fail(f"{p}.carried_over", "must be true or false")


def _check_range(f: _Fields, value: dict[str, Any], p: str, state: AnswerState) -> None:
    """A range answer's two levels (0 ≤ low < high ≤ 4, not 0–4); none for any other state."""
    low, high = value.get("level_low"), value.get("level_high")
    if state is AnswerState.RANGE:
        f.integer(low, f"{p}.level_low", LEVELS[0], LEVELS[-1])
        f.integer(high, f"{p}.level_high", LEVELS[0], LEVELS[-1])
        try:
            check_range(value.get("indicator", ""), low, high)
        except AnswerError as exc:
            raise f.fail(f"{p}.level_high", str(exc).split(": ", 1)[-1]) from None
    elif low is not None or high is not None:
        raise f.fail(f"{p}.level_low", "only a range answer has two levels")


def _check_detail_history(f: _Fields, history: Any, path: str, framework: Framework) -> None:
    """Each changed detail with its values before and after, as ``detail_history`` keeps
    them (domain/details.py ``to_json``)."""
    _bounded_list(f, history, path, MAX_HISTORY)
    for n, entry in enumerate(history):
        p = f"{path}[{n}]"
        f.obj(entry, p, DETAIL_HISTORY_FIELDS)
        name = entry["field"]
        if name not in DETAIL_FIELDS:
            raise f.fail(f"{p}.field", f"must be one of {', '.join(DETAIL_FIELDS)}")
        f.moment(entry["changed_at"], f"{p}.changed_at")
        f.text(entry["changed_by"], f"{p}.changed_by", limit=200)
        for key in ("old", "new"):
            value = entry[key]
            if name == "modules":
                if not isinstance(value, list) or any(
                        m not in framework.optional_dimension_ids for m in value):
                    raise f.fail(f"{p}.{key}", "must list optional modules of its framework")
            elif name == "as_of":
                f.day(value, f"{p}.{key}")
            elif name == "perspective":
                if value not in (None, *PERSPECTIVES):
                    raise f.fail(f"{p}.{key}", "must be inside, outside or null")
            else:
                f.text(value, f"{p}.{key}", limit=300)


def _check_history(f: _Fields, history: Any, path: str, framework: Framework,
                   modules: frozenset[str]) -> None:
    _bounded_list(f, history, path, MAX_HISTORY)
    for n, entry in enumerate(history):
        p = f"{path}[{n}]"
        f.obj(entry, p, HISTORY_FIELDS)
        _indicator(f, entry["indicator"], f"{p}.indicator", framework, modules)
        f.moment(entry["changed_at"], f"{p}.changed_at")
        f.text(entry["changed_by"], f"{p}.changed_by", limit=200)
        for key in ("old", "new"):
            _check_history_value(f, entry[key], f"{p}.{key}")


HISTORY_VALUE_FIELDS = SAVED_ANSWER_FIELDS  # an answer as the history keeps it
# the range's levels are kept only for a range answer (and were not, before format 3)
_HISTORY_REQUIRED = tuple(name for name in HISTORY_VALUE_FIELDS if name not in RANGE_FIELDS)


def _check_history_value(f: _Fields, value: Any, p: str) -> None:
    """An answer as the history keeps it: ``{}`` for none, else all of its fields."""
    if value == {}:
        return
    f.obj(value, p, _HISTORY_REQUIRED, RANGE_FIELDS)
    try:
        state = AnswerState(value["state"])
    except (ValueError, TypeError):
        raise f.fail(f"{p}.state", "must be answered, range, unknown, not_applicable or "
                     "unanswered") from None
    _check_range(f, value, p, state)
    if value["level"] is not None:
        f.integer(value["level"], f"{p}.level", LEVELS[0], LEVELS[-1])
    if value["confidence"] is not None:
        try:
            Confidence(value["confidence"])
        except (ValueError, TypeError):
            raise f.fail(f"{p}.confidence", "must be high, medium, low or null") from None
    for key in ("na_reason", "evidence", "sources"):
        f.text(value[key], f"{p}.{key}")
    f.day(value["as_of"], f"{p}.as_of", optional=True)
    if not isinstance(value["carried_over"], bool):
        raise f.fail(f"{p}.carried_over", "must be true or false")
