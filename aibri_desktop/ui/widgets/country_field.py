"""A country entry with type-ahead over names and alternative names ("Turkey" finds Türkiye)."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from ...domain.countries import Country, CountryIndex, fold

SUGGESTIONS = 12


class CountryField(QLineEdit):
    country_changed = Signal(object)  # Country | None

    def __init__(self, countries: CountryIndex, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._countries = countries
        self._country: Country | None = None
        self._labels: dict[str, Country] = {}
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(SUGGESTIONS)
        completer.activated.connect(self._choose_label)
        self.setCompleter(completer)
        self.setPlaceholderText(self.tr("Type a country name, e.g. Kenya or Ivory Coast"))
        self.setAccessibleName(self.tr("Country"))
        self.textEdited.connect(self._suggest)
        self.editingFinished.connect(self._resolve)

    def country(self) -> Country | None:
        self._resolve()
        return self._country

    def set_country(self, country: Country | None) -> None:
        self._country = country
        self.setText(self.label(country) if country else "")
        self.country_changed.emit(country)

    @staticmethod
    def label(country: Country) -> str:
        return f"{country.name} ({country.code})"

    def suggestions(self) -> list[str]:
        return self._model.stringList()

    def _suggest(self, text: str) -> None:
        found = self._countries.search(text, SUGGESTIONS) if text.strip() else []
        self._labels = {self.label(c): c for c in found}
        self._model.setStringList(list(self._labels))
        if found:
            self.completer().complete()
        if self._country is not None and text != self.label(self._country):
            self._country = None
            self.country_changed.emit(None)

    def _choose_label(self, label: str) -> None:
        country = self._labels.get(label)
        if country is not None:
            self._country = country
            self.setText(label)
            self.country_changed.emit(country)

    def _resolve(self) -> None:
        """Accept a typed name when it names exactly one country."""
        text = self.text().strip()
        if not text or (self._country and text == self.label(self._country)):
            return
        if text in self._labels:
            self._choose_label(text)
            return
        found = self._countries.search(text)
        exact = [c for c in found if fold(text) in {fold(c.name), fold(c.code),
                                                     *map(fold, c.alt_names)}]
        pick = exact[0] if len(exact) == 1 else (found[0] if len(found) == 1 else None)
        if pick is not None:
            self._country = pick
            self.setText(self.label(pick))
            self.country_changed.emit(pick)
