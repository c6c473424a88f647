"""The country list: ISO 3166-1 from pycountry, regions and alternative names from resources/."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from ..domain.countries import Country, CountryIndex
from ..paths import countries_dir


def _read(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((countries_dir() / name).read_text(encoding="utf-8"))
    return data


@cache
def country_index() -> CountryIndex:
    """Every ISO 3166-1 country plus the fictional sample countries (loaded once)."""
    import pycountry

    regions = _read("regions.json")["regions"]
    alt_names = _read("alt_names.json")["names"]
    countries: list[Country] = []
    for entry in pycountry.countries:
        code = entry.alpha_2
        name = getattr(entry, "common_name", None) or entry.name
        extra = [n for n in (entry.name, getattr(entry, "common_name", None)) if n and n != name]
        region = regions.get(code, {"region": "Unknown", "subregion": "Unknown"})
        countries.append(Country(
            code=code,
            name=name,
            official_name=getattr(entry, "official_name", None) or entry.name,
            region=region["region"],
            subregion=region["subregion"],
            alt_names=tuple(dict.fromkeys([*extra, *alt_names.get(code, [])])),
            alpha_3=entry.alpha_3,
        ))
    fictional = _read("fictional.json")
    for item in fictional["countries"]:
        countries.append(Country(
            code=item["code"], name=item["name"], official_name=item["name"],
            region=fictional["region"], subregion=item["subregion"], fictional=True,
        ))
    return CountryIndex(countries)
