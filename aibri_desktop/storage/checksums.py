"""Keyed per-row checksums of everything that records work, kept by an ORM hook on every write.

SQLite's integrity_check finds structural damage but not a changed byte inside a row's text;
comparing each row with its checksum does. The checksum is a keyed BLAKE2b (a message
authentication code, the role HMAC plays elsewhere) over the row's fields, so a row changed
with another program cannot be re-sealed without this computer's key (see :mod:`.keys`).

Rules: rows are sealed under the rule the meta row ``checksum_rule`` names. Rule 1 (schema 3
and 4) was an unkeyed digest of assessments and answers only; rule 2 keys every table. After
the upgrade to schema 5 the app verifies each row under rule 1 and re-seals only those that
pass (:func:`bring_up_to_rule`): a row changed outside the app before the upgrade stays
reported. The meta row ``checksum_key`` names the key the library is sealed with; on another
computer (another key) its rows "cannot be verified here" until someone adopts it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, event, select, update
from sqlalchemy.orm import Session

from .keys import SealKey
from .models import (
    AnswerHistoryRow,
    AnswerRow,
    Assessment,
    DetailHistoryRow,
    FrameworkRecord,
    IssuedBrief,
    LibraryLogRow,
    Meta,
    SuggestionDecision,
    SupplierProfileRecord,
)

RULE = "2"
SEAL_KEY = "seal_key"  # where a session's info holds the SealKey

# Every field that carries meaning, per table (not the surrogate integer ids, which are given
# at insert, after the seal is computed).
FIELDS: dict[type[Any], tuple[str, ...]] = {
    Assessment: ("id", "revision", "country_code", "title", "assessor", "as_of", "status",
                 "marking", "framework_id", "framework_version", "framework_hash", "modules",
                 "predecessor_id", "overall_score", "overall_low", "overall_high",
                 "overall_band", "coverage", "provisional", "red_flags", "dimension_scores",
                 "robustness", "judgements", "reviewed_by", "finalised_at", "created_at",
                 "updated_at", "deleted_at"),
    AnswerRow: ("assessment_id", "indicator_id", "state", "level", "na_reason", "confidence",
                "evidence", "sources", "as_of", "carried_over", "updated_at"),
    AnswerHistoryRow: ("assessment_id", "indicator_id", "changed_at", "changed_by",
                       "old_value", "new_value"),
    IssuedBrief: ("assessment_id", "issued_at", "format", "marking", "file_name", "sha256",
                  "recipient", "issued_by"),
    FrameworkRecord: ("content_hash", "framework_id", "version", "content", "origin",
                      "added_at"),
    SupplierProfileRecord: ("content_hash", "supplier_id", "version", "content", "origin",
                            "added_at"),
    LibraryLogRow: ("at", "by", "event", "detail"),
    SuggestionDecision: ("assessment_id", "indicator_id", "decision", "dataset_version",
                         "dataset_hash", "by", "at"),  # schema 9
    DetailHistoryRow: ("assessment_id", "field", "changed_at", "changed_by", "old_value",
                       "new_value"),  # schema 10
}
# Fields added after rule 2 existed (schema 6): they count only when they differ from the value
# every older row had, so the rows sealed before keep verifying as they are, and a value set
# since (a range, the scoring-rules version) is sealed like every other field.
LATER: dict[type[Any], tuple[tuple[str, Any], ...]] = {
    Assessment: (("scoring_rules", None), ("supplier_id", None), ("supplier_version", None),
                 ("supplier_hash", None), ("perspective", None)),  # schema 6, 7
    AnswerRow: (("level_low", None), ("level_high", None)),
}
# Every sealed field per table: what a row's values must hold for its checksum.
SEALED: dict[type[Any], tuple[str, ...]] = {
    table: (*fields, *(name for name, _old in LATER.get(table, ())))
    for table, fields in FIELDS.items()}
# The primary key each table's rows are re-sealed by.
_KEYS: dict[type[Any], tuple[str, ...]] = {
    Assessment: ("id",), AnswerRow: ("id",), AnswerHistoryRow: ("id",), IssuedBrief: ("id",),
    FrameworkRecord: ("content_hash",), SupplierProfileRecord: ("content_hash",),
    LibraryLogRow: ("id",), SuggestionDecision: ("assessment_id", "indicator_id"),
    DetailHistoryRow: ("id",)}
# Tables given a checksum column after rule 2 existed, with the schema version that added it:
# their rows written before are sealed once, when the upgraded library is first opened.
SEALED_SINCE: dict[type[Any], int] = {SuggestionDecision: 9}

# Rule 1: assessments and answers, unkeyed; fields added after it existed count only when set.
_RULE1_FIELDS: dict[type[Any], tuple[str, ...]] = {
    Assessment: ("id", "revision", "country_code", "title", "assessor", "as_of", "status",
                 "marking", "framework_hash", "modules", "predecessor_id", "overall_score",
                 "overall_band", "coverage", "dimension_scores", "robustness", "deleted_at",
                 "judgements", "reviewed_by", "finalised_at"),
    AnswerRow: ("assessment_id", "indicator_id", "state", "level", "na_reason", "confidence",
                "evidence", "sources", "as_of", "carried_over"),
}
_RULE1_LATER = frozenset({"judgements", "reviewed_by", "finalised_at"})
# The schema version that added checksums: rows of a file upgraded from an older one had none.
CHECKSUMS_SINCE = 3


def _canonical(value: Any) -> str:
    kind = type(value)
    if kind is str:  # most fields: the same text the chain below would give, sooner
        return value  # type: ignore[no-any-return]
    if kind is int:
        return str(value)
    if value is None:
        return "\x00"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return _moment(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(round(value, 6))
    return str(value)


@lru_cache(maxsize=4096)
def _moment(value: datetime) -> str:
    # rows written together share their time stamps: strftime once per stamp, not per row
    moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")


def _text(values: Mapping[Any, Any], fields: tuple[str, ...]) -> bytes:
    # Each field's canonical text followed by a unit separator, hashed in one update (~3x
    # faster at 360,000 rows than one update per field).
    return ("\x1f".join(map(_canonical, map(values.get, fields))) + "\x1f").encode(
        "utf-8", "surrogatepass")


@dataclass(frozen=True)
class Sealer:
    """Computes rows' checksums under one rule (``key`` None: rule 1, unkeyed)."""

    key: SealKey | None

    def __call__(self, table: type[Any], values: Mapping[Any, Any]) -> str:
        if self.key is None:
            fields = _RULE1_FIELDS[table]
            text = "".join(_canonical(value) + "\x1f" for name in fields
                           if (value := values.get(name)) is not None
                           or name not in _RULE1_LATER)
            return hashlib.blake2b(text.encode("utf-8", "surrogatepass"),
                                   digest_size=12).hexdigest()
        # the table's name first: a row's fields copied into another table do not verify
        data = _text(values, FIELDS[table])
        later = LATER.get(table)
        if later:
            data += "".join(f"{name}={_canonical(value)}\x1f" for name, old in later
                            if (value := values.get(name)) != old).encode()
        return hashlib.blake2b(table.__tablename__.encode() + b"\x1e" + data,
                               key=self.key.secret, digest_size=16).hexdigest()

    def tables(self) -> tuple[type[Any], ...]:
        return tuple(_RULE1_FIELDS if self.key is None else FIELDS)

    def fields(self, table: type[Any]) -> tuple[str, ...]:
        return (_RULE1_FIELDS if self.key is None else SEALED)[table]


def sealer(session: Session) -> Sealer | None:
    """The sealer for new rows written in ``session`` (None: the database has no key)."""
    key = session.info.get(SEAL_KEY)
    return Sealer(key) if key is not None else None


@event.listens_for(Session, "before_flush")
def _seal(session: Session, _context: Any, _instances: Any) -> None:
    seal = sealer(session)
    if seal is None:
        return  # a bare storage session (tests of the storage layer): rows stay unsealed
    for row in session.new:  # the INSERT would fill a column's default after the seal
        for column in type(row).__table__.columns:
            default = column.default
            if (default is not None and default.is_scalar
                    and getattr(row, column.key, None) is None):
                setattr(row, column.key, default.arg)
    for row in [*session.new, *session.dirty]:
        table = type(row)
        if table in FIELDS:
            row.checksum = seal(table, {name: getattr(row, name) for name in SEALED[table]})


# ---- which key and rule a library is sealed with --------------------------------------------

@dataclass(frozen=True)
class KeyState:
    rule: str  # the rule the rows are sealed under ("1" until the re-seal after upgrade)
    library_key: str | None  # the id of the key the library is sealed with
    our_key: str | None  # this computer's key id

    @property
    def sealed_elsewhere(self) -> bool:
        """Sealed with another computer's key: its rows cannot be verified here."""
        return (self.rule == RULE and self.library_key is not None
                and self.library_key != self.our_key)


def _meta(session: Session, key: str) -> str | None:
    row = session.get(Meta, key)
    return row.value if row is not None else None


def _set_meta(session: Session, key: str, value: str) -> None:
    row = session.get(Meta, key)
    if row is None:
        session.add(Meta(key=key, value=value))
    else:
        row.value = value


def key_state(session: Session) -> KeyState:
    key: SealKey | None = session.info.get(SEAL_KEY)
    return KeyState(_meta(session, "checksum_rule") or RULE, _meta(session, "checksum_key"),
                    key.id if key is not None else None)


def _verifier(session: Session, state: KeyState) -> Sealer:
    key: SealKey | None = session.info.get(SEAL_KEY)
    if state.rule != RULE:
        return Sealer(None)
    if key is None:
        raise RuntimeError("a keyed library checked without a key")
    return Sealer(key)


def bring_up_to_rule(session: Session, upgraded_from: int | None) -> int:
    """Re-seal a library still under rule 1 with this computer's key; returns the rows re-sealed.

    Only rows that verify under rule 1 are re-sealed (and, right after an upgrade from before
    checksums existed, rows that had none): a row changed outside the app keeps its old
    checksum and so stays reported. Tables that had no checksum before are sealed as found.
    One transaction: interrupted, the library is still wholly under rule 1 and this runs again.
    """
    key: SealKey | None = session.info.get(SEAL_KEY)
    if key is None or _meta(session, "checksum_rule") in (None, RULE):
        return 0
    old, new = Sealer(None), Sealer(key)
    seal_missing = upgraded_from is not None and upgraded_from < CHECKSUMS_SINCE
    count = 0
    for table in FIELDS:
        def eligible(values: Mapping[Any, Any], table: type[Any] = table) -> bool:
            if table not in _RULE1_FIELDS:
                return True
            if values["checksum"] is None:
                return seal_missing
            return bool(values["checksum"] == old(table, values))
        count += _reseal(session, table, new, eligible)
    _set_meta(session, "checksum_rule", RULE)
    _set_meta(session, "checksum_key", key.id)
    return count


def adopt(session: Session, who: str, when: datetime) -> tuple[str | None, int]:
    """Re-seal every row with this computer's key and record it in the library log.

    For a library sealed elsewhere (copied from another laptop) after a person has confirmed
    that they trust this copy; returns (the previous key's id, rows re-sealed)."""
    key: SealKey | None = session.info.get(SEAL_KEY)
    if key is None:
        raise RuntimeError("adopting needs this computer's key")
    state = key_state(session)
    new = Sealer(key)
    count = sum(_reseal(session, table, new, lambda _v: True) for table in FIELDS)
    _set_meta(session, "checksum_rule", RULE)
    _set_meta(session, "checksum_key", key.id)
    session.add(LibraryLogRow(at=when, by=who, event="adopted", detail=(
        f"sealed before with key {state.library_key or 'none'}; {count} rows re-sealed with "
        f"key {key.id}")))
    session.flush()
    return state.library_key, count


def seal_new_tables(session: Session, upgraded_from: int | None) -> int:
    """Seal the rows of tables that had no checksum column before this upgrade (see
    :data:`SEALED_SINCE`) with this computer's key; returns the rows sealed. Only in a library
    sealed with this key: a copy from another computer keeps them for whoever adopts it."""
    key: SealKey | None = session.info.get(SEAL_KEY)
    state = key_state(session)
    if upgraded_from is None or key is None or state.rule != RULE or state.sealed_elsewhere:
        return 0
    seal = Sealer(key)
    return sum(_reseal(session, table, seal, lambda values: values["checksum"] is None)
               for table, since in SEALED_SINCE.items() if upgraded_from < since)


def _reseal(session: Session, table: type[Any], seal: Sealer,
            eligible: Callable[[Mapping[Any, Any]], bool]) -> int:
    columns = table.__table__.c
    keys = _KEYS[table]
    names = dict.fromkeys((*keys, *seal.fields(table), *SEALED[table]))
    query = select(*[columns[n] for n in names], columns.checksum)
    updates = [{**{f"_k_{k}": values[k] for k in keys}, "_sum": seal(table, values)}
               for values in (row._mapping for row in session.execute(query))
               if eligible(values)]
    if updates:
        session.connection().execute(
            update(table.__table__).where(*[columns[k] == bindparam(f"_k_{k}") for k in keys])
            .values(checksum=bindparam("_sum")), updates)
    return len(updates)


# ---- verifying ------------------------------------------------------------------------------

def mismatches(session: Session, limit: int = 20) -> Iterator[str]:
    """Rows whose content no longer matches their checksum, or that have none, in words.

    Reads plain column tuples (with the columns' types), not ORM objects: the check runs at
    every start, behind the window, and at 10,000 assessments with 360,000 answers building
    objects took 9 s of the interpreter's time that the window needed too. A library sealed
    with another computer's key is not compared at all (see :class:`KeyState`)."""
    state = key_state(session)
    if state.sealed_elsewhere:
        return
    seal = _verifier(session, state)
    found = 0
    for table in seal.tables():
        for values in _changed(session, table, seal):
            found += 1
            yield _describe(table, values)
            if found >= limit:
                return


def assessment_failures(session: Session, assessment_id: str) -> list[str]:
    """The rows of one assessment (itself, its answers and their history, its register
    entries, its framework) that fail their checksum, in words ([]: all verified)."""
    state = key_state(session)
    if state.sealed_elsewhere:
        return [f"every row (the library was sealed on another computer, key "
                f"{state.library_key}, and cannot be verified here)"]
    seal = _verifier(session, state)
    framework = session.scalar(select(Assessment.framework_hash).where(
        Assessment.id == assessment_id))
    wheres: dict[type[Any], Any] = {
        Assessment: Assessment.__table__.c.id == assessment_id,
        AnswerRow: AnswerRow.__table__.c.assessment_id == assessment_id,
        AnswerHistoryRow: AnswerHistoryRow.__table__.c.assessment_id == assessment_id,
        IssuedBrief: IssuedBrief.__table__.c.assessment_id == assessment_id,
        FrameworkRecord: FrameworkRecord.__table__.c.content_hash == framework,
        SuggestionDecision: SuggestionDecision.__table__.c.assessment_id == assessment_id,
        DetailHistoryRow: DetailHistoryRow.__table__.c.assessment_id == assessment_id,
    }
    return [_describe(table, values, own=True) for table in seal.tables() if table in wheres
            for values in _changed(session, table, seal, wheres[table])]


def _describe(table: type[Any], values: Mapping[Any, Any], own: bool = False) -> str:
    missing = ", whose checksum is missing" if values["checksum"] is None else ""
    of = "" if own else f" of assessment {values.get('assessment_id')}"
    if table is Assessment:
        what = ("the assessment row" if own
                else f"assessment {values['id']} (“{values['title'][:60]}”)")
    elif table is AnswerRow:
        what = f"answer {values['indicator_id']}{of}"
    elif table is AnswerHistoryRow:
        what = f"history entry {values['id']} of answer {values['indicator_id']}{of}"
    elif table is IssuedBrief:
        what = f"register entry {values['id']} ({values['file_name'][:60]})"
    elif table is FrameworkRecord:
        what = f"stored framework {values['framework_id']} {values['version']}"
    elif table is SupplierProfileRecord:
        what = f"stored supplier profile {values['supplier_id']} {values['version']}"
    elif table is SuggestionDecision:
        what = (f"the {values['decision']} suggestion for {values['indicator_id']}"
                + ("" if own else f" of assessment {values['assessment_id']}"))
    elif table is DetailHistoryRow:
        what = f"history entry {values['id']} of the details ({values['field']}){of}"
    else:
        what = f"library log entry {values['id']}"
    return what + missing


def _changed(session: Session, table: Any, seal: Sealer,
             where: Any = None) -> Iterator[Mapping[Any, Any]]:
    """The rows of a table (those ``where`` selects, or all) whose stored checksum is missing
    or differs from their content's."""
    columns = table.__table__.c
    names = dict.fromkeys((*_KEYS[table], *seal.fields(table), *SEALED[table]))
    query = select(*[columns[n] for n in names], columns.checksum)
    if where is not None:
        query = query.where(where)
    result = session.execute(query.execution_options(yield_per=2000))
    try:  # a caller that stops early (a limit) closes the server-side cursor too
        for row in result:
            values = row._mapping
            if values["checksum"] is None or values["checksum"] != seal(table, values):
                yield values
    finally:
        result.close()


def verified_ids(session: Session, table: type[Any], where: Any = None) -> set[Any] | None:
    """The keys of the rows (those ``where`` selects, or all) whose content matches their
    checksum; None when the library's rows cannot be verified here (sealed on another
    computer, or no key): a step that rewrites rows must then leave them as they are, so that
    a row changed outside the app is never re-sealed as if it were ours."""
    state = key_state(session)
    if state.sealed_elsewhere or session.info.get(SEAL_KEY) is None:
        return None
    seal = _verifier(session, state)
    columns = table.__table__.c
    keys = _KEYS[table]
    names = dict.fromkeys((*keys, *seal.fields(table), *SEALED[table]))
    query = select(*[columns[n] for n in names], columns.checksum)
    if where is not None:
        query = query.where(where)
    return {(values[keys[0]] if len(keys) == 1 else tuple(values[k] for k in keys))
            for values in (row._mapping for row in session.execute(query))
            if values["checksum"] is not None and values["checksum"] == seal(table, values)}
