"""Which item of an earlier framework version a new item was split from.

A framework file records, for each item it changed, the item of the previous version it
continues (``Indicator.previous``). An item that is new because an earlier question asked two
things at once and was split has no such entry; a lineage file
(``resources/frameworks/lineage/<id>-<version>.json``) names, per new half, the earlier item it
was split from. It is for reference only: a follow-up shows that item's earlier answer beside
the new half. It changes no score, no answer and no framework hash.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from .framework import Framework, Text

SCHEMA = "aibri-lineage/1"
_ID = re.compile(r"^[A-Z]{2,3}-\d{2}$")
_HASH = re.compile(r"^[0-9a-f]{64}$")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


class LineageError(ValueError):
    """A lineage file that cannot be used; ``str()`` says where and why."""


@dataclass(frozen=True)
class Split:
    earlier_id: str  # the item of the earlier version this new item was split from
    why: Text


@dataclass(frozen=True)
class Lineage:
    framework_id: str
    framework_version: str
    framework_hash: str
    from_version: str
    split_from: Mapping[str, Split]

    def applies_to(self, framework: Framework) -> bool:
        return framework.content_hash == self.framework_hash


def loads_lineage(text: str, origin: str = "lineage") -> Lineage:
    try:
        raw = json.loads(text)
    except ValueError as exc:
        raise LineageError(f"{origin}: not JSON ({exc})") from None
    top = _object(raw, origin, {"schema", "framework", "from_version", "note", "split_from"})
    if top.get("schema") != SCHEMA:
        raise LineageError(f"{origin}: schema must be '{SCHEMA}'")
    target = _object(top.get("framework"), f"{origin}: framework", {"id", "version", "hash"})
    framework_id, version, content_hash = (target.get(k) for k in ("id", "version", "hash"))
    if not isinstance(framework_id, str) or not framework_id:
        raise LineageError(f"{origin}: framework.id must be text")
    for name, value, pattern in (("framework.version", version, _VERSION),
                                 ("framework.hash", content_hash, _HASH),
                                 ("from_version", top.get("from_version"), _VERSION)):
        if not isinstance(value, str) or not pattern.match(value):
            raise LineageError(f"{origin}: {name} is missing or malformed")
    splits: dict[str, Split] = {}
    for new_id, entry in _object(top.get("split_from"), f"{origin}: split_from", None).items():
        where = f"{origin}: split_from.{new_id}"
        item = _object(entry, where, {"id", "why"})
        earlier = item.get("id")
        if not _ID.match(new_id) or not isinstance(earlier, str) or not _ID.match(earlier):
            raise LineageError(f"{where}: item ids look like DS-01")
        why = _object(item.get("why"), f"{where}.why", None)
        if not isinstance(why.get("en"), str) or not all(
                isinstance(v, str) and v.strip() for v in why.values()):
            raise LineageError(f"{where}.why: needs an English text")
        splits[new_id] = Split(earlier, Text(MappingProxyType(dict(why))))
    return Lineage(framework_id, str(version), str(content_hash), str(top["from_version"]),
                   MappingProxyType(splits))


def check_lineage(lineage: Lineage, framework: Framework, earlier: Framework) -> list[str]:
    """What does not fit the two frameworks it links (empty: it fits)."""
    problems = []
    if not lineage.applies_to(framework):
        problems.append(f"it names framework hash {lineage.framework_hash[:12]}, not "
                        f"{framework.label} ({framework.content_hash[:12]})")
    if earlier.version != lineage.from_version:
        problems.append(f"it links from {lineage.from_version}, not {earlier.version}")
    for new_id, split in lineage.split_from.items():
        if not framework.has_indicator(new_id):
            problems.append(f"{new_id} is not an item of {framework.label}")
        elif framework.indicator(new_id).previous is not None:
            problems.append(f"{new_id} already continues an item; only a new half is split")
        if not earlier.has_indicator(split.earlier_id):
            problems.append(f"{split.earlier_id} is not an item of {earlier.label}")
    return problems


def _object(raw: Any, where: str, allowed: set[str] | None) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise LineageError(f"{where}: must be an object")
    if allowed is not None and set(raw) - allowed:
        raise LineageError(f"{where}: unknown field {sorted(set(raw) - allowed)[0]!r}")
    return raw
