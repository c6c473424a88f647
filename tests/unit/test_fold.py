"""fold() is what search compares: its fast path for plain text must agree with the full one."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from aibri_desktop.domain.countries import fold


def _full(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@given(st.text())
def test_fold_agrees_with_the_full_normalisation(text: str) -> None:
    assert fold(text) == _full(text)


def test_fold_examples() -> None:
    assert fold("Côte d’Ivoire") == "cote d'ivoire"
    assert fold("TÜRKIYE") == "turkiye"
    assert fold("Avalon REVIEW 2025") == "avalon review 2025"
