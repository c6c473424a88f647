"""Reading and validating supplier-profile files ("aibri-supplier/1").

A ministry can write its own profile, so a profile is checked like a framework: every field,
the first problem reported as ``FILE: lists.laws[2].process: is missing``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from . import strictjson
from .framework import DEFAULT_LANGUAGE, Text
from .framework_file import (
    MAX_FILE_BYTES,
    FrameworkError,
    _Checker,
    _join,
    content_hash,
    parse_source,
)
from .suppliers import LISTS, ListWords, SupplierEntry, SupplierProfile

SUPPLIER_SCHEMA = "aibri-supplier/1"
_CODE = re.compile(r"^[A-Z]{2}$")
_ENTRY_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")
_VERSION = re.compile(r"^[0-9]+(\.[0-9]+){0,2}([.-][A-Za-z0-9]+)?$")
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_NAME_LIMIT = 300  # a name is read inside a sentence of the framework


class SupplierProfileError(FrameworkError):
    """A supplier-profile file is not acceptable; ``str()`` is one line for the user."""


def parse_supplier_profile(data: Any, *, origin: str) -> SupplierProfile:
    """Validate a decoded supplier profile and build it; raise SupplierProfileError."""
    c = _Checker(origin, error=SupplierProfileError)
    top = c.obj(data, "", ("schema", "id", "version", "languages", "name", "short_name",
                           "adjective", "list_words", "description", "as_of", "lists"))
    if top["schema"] != SUPPLIER_SCHEMA:
        raise c.fail("schema", f"must be '{SUPPLIER_SCHEMA}' (got {top['schema']!r})")
    languages = tuple(
        c.string(v, _join("languages", n), pattern=_LANG, limit=12)
        for n, v in enumerate(c.array(top["languages"], "languages", minimum=1)))
    if DEFAULT_LANGUAGE not in languages:
        raise c.fail("languages", f"must include '{DEFAULT_LANGUAGE}'")
    if len(set(languages)) != len(languages):
        raise c.fail("languages", "names a language twice")
    code = top["id"]
    if not isinstance(code, str) or not _CODE.match(code):
        raise c.fail("id", f"{code!r} is not an ISO 3166 alpha-2 code in capitals "
                           "(such as CN or US)")
    version = c.string(top["version"], "version", pattern=_VERSION, limit=32)
    as_of = c.string(top["as_of"], "as_of", pattern=_DAY, limit=10)

    def name(raw: Any, path: str) -> Text:
        text = c.text(raw, path, languages, limit=_NAME_LIMIT, complete=True)
        for lang, value in text.values.items():
            if "{" in value or "}" in value:
                raise c.fail(_join(path, lang), "must not hold a brace: it is read inside the "
                                                "framework's sentences")
        return text

    names = {key: name(top[key], key) for key in ("name", "short_name", "adjective")}
    words = c.obj(top["list_words"], "list_words", languages)
    list_words = {lang: _list_words(c, words[lang], f"list_words.{lang}") for lang in languages}
    description = c.text(top["description"], "description", languages, complete=True)
    lists = c.obj(top["lists"], "lists", LISTS)
    seen: set[str] = set()
    entries = {key: _parse_list(c, lists[key], f"lists.{key}", key, languages, name, seen)
               for key in LISTS}
    return SupplierProfile(
        id=code, version=version, languages=languages,
        name=names["name"], short_name=names["short_name"], adjective=names["adjective"],
        list_words=MappingProxyType(list_words), description=description, as_of=as_of,
        lists=MappingProxyType(entries), content_hash=content_hash(data),
    )


def _list_words(c: _Checker, raw: Any, path: str) -> ListWords:
    item = c.obj(raw, path, ("separator", "last"))
    found: list[str] = []
    for key in ("separator", "last"):
        value = item[key]
        if not isinstance(value, str) or not value or len(value) > 20:
            raise c.fail(_join(path, key), "must be a short text such as ', ' or ' and '")
        if "{" in value or "}" in value:
            raise c.fail(_join(path, key), "must not hold a brace")
        found.append(value)
    return ListWords(separator=found[0], last=found[1])


def _parse_list(c: _Checker, raw: Any, path: str, key: str, languages: tuple[str, ...],
                name: Callable[[Any, str], Text], seen: set[str]) -> tuple[SupplierEntry, ...]:
    found: list[SupplierEntry] = []
    for n, raw_entry in enumerate(c.array(raw, path, minimum=1)):
        where = f"{path}[{n}]"
        laws = key == "laws"
        item = c.obj(raw_entry, where, ("id", "name", "source", *(("process",) if laws else ())),
                     ("note",))
        entry_id = c.string(item["id"], _join(where, "id"), pattern=_ENTRY_ID, limit=64)
        if entry_id in seen:
            raise c.fail(_join(where, "id"), f"'{entry_id}' is used more than once")
        seen.add(entry_id)
        found.append(SupplierEntry(
            id=entry_id,
            name=name(item["name"], _join(where, "name")),
            source=parse_source(c, item["source"], _join(where, "source"), source_id=entry_id),
            note=(c.text(item["note"], _join(where, "note"), languages, complete=True)
                  if "note" in item else None),
            process=(c.text(item["process"], _join(where, "process"), languages, complete=True)
                     if laws else None),
        ))
    return tuple(found)


def loads_supplier_profile(content: bytes | str, *, origin: str) -> SupplierProfile:
    """Parse profile text strictly (duplicate keys, NaN, depth) and validate it."""
    if len(content) > MAX_FILE_BYTES:
        raise SupplierProfileError(origin, "",
                                   f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    try:
        data = strictjson.loads(content)
    except strictjson.StrictJSONError as exc:
        raise SupplierProfileError(origin, "", str(exc)) from None
    return parse_supplier_profile(data, origin=origin)


def load_supplier_file(path: Path) -> SupplierProfile:
    """Read and validate one supplier-profile file; every failure is a SupplierProfileError."""
    return loads_supplier_profile(_read(path), origin=str(path))


def document_schema(path: Path) -> str | None:
    """The "schema" a JSON file declares, or None when it cannot be read or declares none
    (the full reading then reports why)."""
    try:
        data = strictjson.loads(_read(path))
    except (FrameworkError, strictjson.StrictJSONError):
        return None
    schema = data.get("schema") if isinstance(data, dict) else None
    return schema if isinstance(schema, str) else None


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise SupplierProfileError(str(path), "",
                                       f"is larger than {MAX_FILE_BYTES // 2**20} MB")
        return path.read_bytes()
    except FileNotFoundError:
        raise SupplierProfileError(str(path), "", "no such file") from None
    except IsADirectoryError:
        raise SupplierProfileError(str(path), "", "is a folder, not a supplier profile") from None
    except OSError as exc:
        raise SupplierProfileError(str(path), "", f"cannot be read ({exc.strerror})") from None
