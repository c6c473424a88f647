"""Bringing a freshly opened database up to date with the app's reference data."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.countries import CountryIndex
from ..storage.models import Country, Meta

COUNTRIES_KEY = "countries_hash"


def countries_fingerprint(index: CountryIndex) -> str:
    rows = [(c.code, c.name, c.official_name, c.region, c.subregion, c.alt_names, c.fictional)
            for c in index]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def sync_countries(session: Session, index: CountryIndex) -> bool:
    """Write the country list when it differs from the stored one; True if it wrote."""
    fingerprint = countries_fingerprint(index)
    stored = session.get(Meta, COUNTRIES_KEY)
    if stored is not None and stored.value == fingerprint:
        return False
    existing = {c.code: c for c in session.scalars(select(Country))}
    for country in index:
        row = existing.get(country.code)
        values = {"name": country.name, "official_name": country.official_name,
                  "region": country.region, "subregion": country.subregion,
                  "alt_names": "|".join(country.alt_names), "fictional": country.fictional}
        if row is None:
            session.add(Country(code=country.code, **values))
        else:
            for key, value in values.items():
                setattr(row, key, value)
    if stored is None:
        session.add(Meta(key=COUNTRIES_KEY, value=fingerprint))
    else:
        stored.value = fingerprint
    return True
