"""Countries and the type-ahead search over their names and alternative names."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


def fold(text: str) -> str:
    """Case- and accent-insensitive form: 'Côte d’Ivoire' → 'cote d'ivoire'."""
    if text.isascii():  # nothing to decompose: the common case, ~20× faster
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class Country:
    code: str  # ISO 3166-1 alpha-2, or a user-assigned code XA–XZ for fictional countries
    name: str
    official_name: str
    region: str
    subregion: str
    alt_names: tuple[str, ...] = ()
    fictional: bool = False
    alpha_3: str = ""

    def search_text(self) -> str:
        """Everything a user might type to find this country, folded, one string."""
        parts = [self.name, self.official_name, *self.alt_names, self.code, self.alpha_3]
        return " | ".join(fold(p) for p in parts if p)


class CountryIndex:
    """Finds countries by any of their names; prefix matches of a name rank first."""

    def __init__(self, countries: Iterable[Country]) -> None:
        self._countries = sorted(countries, key=lambda c: (c.fictional, fold(c.name)))
        self._by_code = {c.code: c for c in self._countries}
        self._names = {c.code: [fold(n) for n in (c.name, c.official_name, *c.alt_names)]
                       for c in self._countries}

    def __len__(self) -> int:
        return len(self._countries)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._countries)

    def get(self, code: str) -> Country | None:
        """By ISO 3166 alpha-2 code, or alpha-3 (as every command accepts)."""
        wanted = code.strip().upper()
        found = self._by_code.get(wanted)
        if found is None and len(wanted) == 3:
            found = next((c for c in self._countries if c.alpha_3.upper() == wanted), None)
        return found

    def search(self, query: str, limit: int | None = None) -> list[Country]:
        q = fold(query.strip())
        if not q:
            return list(self._countries)[:limit]
        ranked: list[tuple[int, str, Country]] = []
        for country in self._countries:
            names = self._names[country.code]
            if country.code.casefold() == q or country.alpha_3.casefold() == q or q in names:
                rank = 0
            elif any(n.startswith(q) for n in names):
                rank = 1
            elif any(f" {q}" in f" {n}" for n in names):
                rank = 2  # start of a later word: "korea" finds "Republic of Korea"
            elif any(q in n for n in names):
                rank = 3
            else:
                continue
            ranked.append((rank, fold(country.name), country))
        ranked.sort(key=lambda item: (item[0], item[1]))
        found = [c for _r, _n, c in ranked]
        return found[:limit] if limit is not None else found
