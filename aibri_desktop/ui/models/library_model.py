"""The library as a table model over stored scores, and the proxy that filters and sorts it.

The model is a thin adapter over a list of :class:`AssessmentSummary`; searchable text and the
facets (region, band, status) are kept in plain lists beside it so that a keystroke filters
10,000 rows with one cheap Python test per row, and sorting happens on precomputed keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from ...domain.bands import Band
from ...domain.countries import fold
from ...services.summaries import AssessmentSummary
from ..style import band_colour, band_label, follow_palette, status_label, tone_colour
from ..words import translate

Index = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2

COUNTRY, TITLE, SCORE, BAND, COVERAGE, STATUS, FRAMEWORK, CHANGED = range(8)
# the roles the model answers, as plain ints (comparing with Qt's enum members costs more)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_DECORATION = int(Qt.ItemDataRole.DecorationRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
          | Qt.ItemFlag.ItemNeverHasChildren)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_ALIGNMENTS = tuple(_RIGHT if column in (SCORE, COVERAGE) else None for column in range(8))
ACTIVE = "active"  # the status filter meaning "every status but deleted"


class LibraryTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[AssessmentSummary] = []
        self.version = 0  # changes whenever rows or their search data change (the proxy's cache)
        self._row_of: dict[str, int] = {}
        # per assessment id, what a repaint draws (worked out on first paint, dropped on change)
        self._painted: dict[str, dict[int, tuple[Any, ...]]] = {}
        follow_palette(self, self._palette_changed)  # deleted rows' muted text follows the theme
        self.search_texts: list[str] = []
        self.regions: list[str] = []
        self.bands: list[str] = []
        self.statuses: list[str] = []
        self._headers = [self.tr("Country"), self.tr("Title"), self.tr("Exposure"),
                         self.tr("Verdict"), self.tr("Coverage"), self.tr("Status"),
                         self.tr("Framework"), self.tr("Last change")]

    # ---- Qt interface ----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, position: int, column: int, role: int) -> Any:
        """What ``data`` gives for a row and column, without an index (the proxy's fast path:
        a repaint asks some 1,500 times, so what it paints is worked out once per row)."""
        row = self._rows[position]
        values = self.painted(position).get(role)
        if values is not None:
            return values[column]
        if role == _TOOLTIP:
            return self._tooltip(row, column)
        if role == SORT_ROLE:
            return self._sort_key(row, column)
        if role == ID_ROLE:
            return row.id
        return None

    def painted(self, position: int) -> dict[int, tuple[Any, ...]]:
        """Per painted role (display, alignment, decoration, foreground), each column's value
        for the row at a position: worked out on its first paint and kept until it changes."""
        row = self._rows[position]
        painted = self._painted.get(row.id)
        if painted is None:
            painted = self._painted[row.id] = self._paint_values(row)
        return painted

    def _paint_values(self, row: AssessmentSummary) -> dict[int, tuple[Any, ...]]:
        """Per painted role, the value of each column for one row."""
        values: dict[int, tuple[Any, ...]] = {
            _DISPLAY: tuple(self._display(row, column) for column in range(len(self._headers))),
            _ALIGNMENT: _ALIGNMENTS,
        }
        verdict = row.verdict  # one colour only for a settled verdict, none for open
        if verdict is None or verdict.settled:
            colour = band_colour(verdict.lowest if verdict is not None else None)
            values[_DECORATION] = tuple(colour if column == BAND else None
                                        for column in range(len(self._headers)))
        if row.deleted:
            values[_FOREGROUND] = (tone_colour("muted"),) * len(self._headers)
        return values

    def _palette_changed(self) -> None:
        self._painted.clear()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rows) - 1, len(self._headers) - 1))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort on precomputed Python keys (fast at 10,000 rows)."""
        reverse = order == Qt.SortOrder.DescendingOrder
        keys = [self._sort_key(r, column) for r in self._rows]
        order_ = sorted(range(len(keys)), key=keys.__getitem__, reverse=reverse)
        if order_ == list(range(len(keys))):
            return  # already in this order (rows load newest first): nothing moves
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [self._rows[i.row()].id for i in persistent]
        self._reorder(order_)
        self.changePersistentIndexList(
            persistent, [self.index(self._row_of[i], p.column()) for i, p in
                         zip(ids, persistent, strict=True)])
        self.layoutChanged.emit()

    # ---- our interface ---------------------------------------------------------------------

    def set_summaries(self, rows: Iterable[AssessmentSummary]) -> None:
        self.beginResetModel()
        self._set(list(rows))
        self.endResetModel()

    def upsert(self, rows: Iterable[AssessmentSummary]) -> None:
        """Replace rows with the same id, add new ones at the top."""
        new: list[AssessmentSummary] = []
        for summary in rows:
            position = self._row_of.get(summary.id)
            if position is None:
                new.append(summary)
                continue
            self._rows[position] = summary
            self._index_row(position, summary)
            self.dataChanged.emit(self.index(position, 0),
                                  self.index(position, self.columnCount() - 1))
        if new:
            self.beginInsertRows(QModelIndex(), 0, len(new) - 1)
            self._set(new + self._rows)
            self.endInsertRows()

    def summary(self, row: int) -> AssessmentSummary:
        return self._rows[row]

    def row_of(self, assessment_id: str) -> int | None:
        return self._row_of.get(assessment_id)

    def region_names(self) -> list[str]:
        return sorted(set(self.regions))

    # ---- internals -------------------------------------------------------------------------

    def _set(self, rows: list[AssessmentSummary]) -> None:
        self.version += 1
        self._painted.clear()
        self._rows = rows
        self._row_of = {r.id: i for i, r in enumerate(rows)}
        self.search_texts = [""] * len(rows)
        self.regions = [""] * len(rows)
        self.bands = [""] * len(rows)
        self.statuses = [""] * len(rows)
        for position, summary in enumerate(rows):
            self._index_row(position, summary)

    def _reorder(self, positions: list[int]) -> None:
        """Put the rows in a new order, moving their precomputed search data with them."""
        self.version += 1
        self._rows = [self._rows[i] for i in positions]
        self._row_of = {r.id: i for i, r in enumerate(self._rows)}
        self.search_texts = [self.search_texts[i] for i in positions]
        self.regions = [self.regions[i] for i in positions]
        self.bands = [self.bands[i] for i in positions]
        self.statuses = [self.statuses[i] for i in positions]

    def _index_row(self, position: int, r: AssessmentSummary) -> None:
        self.version += 1
        self._painted.pop(r.id, None)
        self.search_texts[position] = (_folded_country(r.country, r.alt_names, r.country_code)
                                       + "|" + fold(r.title))
        self.regions[position] = r.region
        verdict = r.verdict  # the filter reads the verdict: "at least" its lowest band
        self.bands[position] = "none" if verdict is None else (
            verdict.lowest.key + ("" if verdict.settled else OPEN_MARK))
        self.statuses[position] = "deleted" if r.deleted else r.status

    def _display(self, r: AssessmentSummary, column: int) -> str:
        if column == COUNTRY:
            return r.country
        if column == TITLE:
            return r.title
        if column == FRAMEWORK:
            return f"{r.framework_id} {r.framework_version}"
        if column == STATUS:
            return status_label("deleted" if r.deleted else r.status)
        if column == SCORE:
            return "–" if r.overall_score is None else f"{r.overall_score:.1f}"
        if column == BAND:  # the verdict: a band only as far as the stored range allows
            verdict = r.verdict
            text = verdict.words(_=translate) if verdict is not None else band_label(None)
            # "(p)" keeps the column narrow; the tooltip says what it means.
            return f"{text} (p)" if r.provisional and verdict is not None else text
        if column == COVERAGE:
            return "–" if r.coverage is None else f"{r.coverage * 100:.0f} %"
        return r.updated_at.astimezone().strftime("%Y-%m-%d %H:%M")

    @staticmethod
    def _sort_key(r: AssessmentSummary, column: int) -> Any:
        if column == SCORE:
            return -1.0 if r.overall_score is None else r.overall_score
        if column == COVERAGE:
            return -1.0 if r.coverage is None else r.coverage
        if column == BAND:  # by the lowest band the verdict allows, then the highest
            verdict = r.verdict
            if verdict is None:
                return (-1, -1, -1.0)
            bands = list(Band)
            return (bands.index(verdict.lowest), bands.index(verdict.highest),
                    r.overall_score if r.overall_score is not None else -1.0)
        if column == CHANGED:
            return r.updated_at.timestamp()
        if column == COUNTRY:
            return (fold(r.country), fold(r.title))
        if column == TITLE:
            return fold(r.title)
        if column == FRAMEWORK:
            return f"{r.framework_id} {r.framework_version}"
        return r.status

    def _tooltip(self, r: AssessmentSummary, column: int) -> str | None:
        if column == BAND and r.verdict is not None:
            text = self.tr("The band the stored range allows (score of the answered "
                           "indicators: {score}; range {low}–{high}).").format(
                score="–" if r.overall_score is None else f"{r.overall_score:.1f}",
                low=r.overall_low, high=r.overall_high)
            if r.provisional:
                text += " " + self.tr("(p) Provisional: less than 70 % of the weight is "
                                      "answered.")
            return text
        if column == COUNTRY:
            return f"{r.country} ({r.country_code}) · {r.region}"
        if column == TITLE:
            return r.title
        return None


class LibraryFilterProxy(QAbstractProxyModel):
    """Search as you type plus region, band and status filters; sorting goes to the model.

    A filter change recomputes the list of accepted rows in one Python pass (narrowing the
    previous list when a search only grew longer) and announces it as a layout change, which
    keeps the selection and current row where they still show. Qt's QSortFilterProxyModel asked
    Python once per row for each keystroke and rebuilt its own mapping: 10,000 calls that made
    the filter miss its 30 ms target.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._query = ""
        self._region: str | None = None
        self._band: str | None = None
        self._status = ACTIVE
        self._rows: list[int] = []  # the source rows shown, in source order
        self._shown_at: list[int] = []  # per source row: its row here, or -1 when hidden
        self._state: tuple[Any, ...] | None = None  # what _rows was computed from
        self._saved: list[tuple[Index, str, int]] = []
        self._model: LibraryTableModel | None = None

    # ---- wiring ------------------------------------------------------------------------------

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        old = self.sourceModel()
        if old is not None:
            old.disconnect(self)
        self.beginResetModel()
        super().setSourceModel(model)
        assert isinstance(model, LibraryTableModel)
        self._model = model
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._source_reset)
        model.layoutAboutToBeChanged.connect(self._before_change)
        model.layoutChanged.connect(self._after_change)
        model.rowsAboutToBeInserted.connect(self._before_change)
        model.rowsInserted.connect(self._after_change)
        model.rowsAboutToBeRemoved.connect(self._before_change)
        model.rowsRemoved.connect(self._after_change)
        model.dataChanged.connect(self._source_data_changed)
        self._recompute()
        self.endResetModel()

    def library(self) -> LibraryTableModel:
        assert self._model is not None
        return self._model

    # ---- Qt interface ------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        model = self.sourceModel()
        return 0 if parent.isValid() or model is None else model.columnCount()

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and bool(self._rows)

    def index(self, row: int, column: int,
              parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if parent.isValid() or not 0 <= row < len(self._rows) \
                or not 0 <= column < self.columnCount():
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def sibling(self, row: int, column: int, index: Index) -> QModelIndex:
        return self.index(row, column)

    def mapToSource(self, proxy_index: Index) -> QModelIndex:
        model = self.sourceModel()
        if model is None or not proxy_index.isValid() or proxy_index.row() >= len(self._rows):
            return QModelIndex()
        return model.index(self._rows[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: Index) -> QModelIndex:
        if not source_index.isValid() or source_index.row() >= len(self._shown_at):
            return QModelIndex()
        row = self._shown_at[source_index.row()]
        return QModelIndex() if row < 0 else self.createIndex(row, source_index.column())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if row < 0 or row >= len(self._rows) or self._model is None:  # row -1: invalid index
            return None
        return self._model.cell(self._rows[row], index.column(), role)

    def painted(self, row: int) -> dict[int, tuple[Any, ...]]:
        """What the delegate paints for a shown row (see :meth:`LibraryTableModel.painted`)."""
        return self._model.painted(self._rows[row])  # type: ignore[union-attr]

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            return self.library().headerData(section, orientation, role)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.library().sort(column, order)

    # ---- filters -----------------------------------------------------------------------------

    def set_search(self, text: str) -> None:
        self._refilter(query=fold(" ".join(text.split())))

    def set_region(self, region: str | None) -> None:
        self._refilter(region=region)

    def set_band(self, band_key: str | None) -> None:
        self._refilter(band=band_key)

    def set_status(self, status: str) -> None:
        self._refilter(status=status)

    @property
    def status(self) -> str:
        return self._status

    def _refilter(self, **changes: Any) -> None:
        query = changes.get("query", self._query)
        region = changes.get("region", self._region)
        band = changes.get("band", self._band)
        status = changes.get("status", self._status)
        if (query, region, band, status) == (self._query, self._region, self._band, self._status):
            return
        self._before_change()
        self._query, self._region, self._band, self._status = query, region, band, status
        self._after_change()

    # ---- keeping the mapping -----------------------------------------------------------------

    def _before_change(self, *_: object) -> None:
        self.layoutAboutToBeChanged.emit()
        # which assessment each persistent index (selection, current row) shows: source rows
        # move when the source sorts or inserts, ids do not
        model = self.library()
        self._saved = [(p, model.summary(self._rows[p.row()]).id, p.column())
                       for p in self.persistentIndexList()
                       if p.isValid() and p.row() < len(self._rows)]

    def _after_change(self, *_: object) -> None:
        saved, self._saved = self._saved, []
        model = self.library()
        self._recompute()
        old: list[QModelIndex | QPersistentModelIndex] = []
        new: list[QModelIndex | QPersistentModelIndex] = []
        for persistent, assessment_id, column in saved:
            source_row = model.row_of(assessment_id)
            shown = -1 if source_row is None else self._shown_at[source_row]
            old.append(persistent)
            new.append(QModelIndex() if shown < 0 else self.createIndex(shown, column))
        self.changePersistentIndexList(old, new)  # type: ignore[arg-type]
        self.layoutChanged.emit()

    def _source_reset(self) -> None:
        self._recompute()
        self.endResetModel()

    def _source_data_changed(self, top: QModelIndex, bottom: QModelIndex,
                             roles: list[int] | None = None) -> None:
        before = self._rows
        if self._accepted_rows() != before:  # a status or band change moved a row in or out
            self._before_change()
            self._after_change()
            return
        for source_row in range(top.row(), bottom.row() + 1):
            row = self._shown_at[source_row]
            if row >= 0:
                self.dataChanged.emit(self.index(row, top.column()),
                                      self.index(row, bottom.column()), roles or [])

    def _recompute(self) -> None:
        self._rows = self._accepted_rows()
        self._state = self._filter_state()
        shown_at = [-1] * self.library().rowCount()
        for position, source_row in enumerate(self._rows):
            shown_at[source_row] = position
        self._shown_at = shown_at

    def _filter_state(self) -> tuple[Any, ...]:
        return (self.library().version, self._region, self._band, self._status, self._query)

    def _accepted_rows(self) -> list[int]:
        """The source rows the filters accept (self._rows and self._state stay as they are)."""
        model = self.library()
        query, region, band, wanted = self._query, self._region, self._band, self._status
        texts = model.search_texts
        state = self._filter_state()
        if self._state is not None and self._state[:4] == state[:4] and query.startswith(
                self._state[4]):
            # the same rows, a longer search: only rows shown now can still match
            rows = [row for row in self._rows if query in texts[row]]
        else:
            accepted = _band_filter(band)
            rows = [row for row, (status, row_region, row_band, text) in enumerate(zip(
                model.statuses, model.regions, model.bands, texts, strict=True))
                if (status != "deleted" if wanted == ACTIVE else status == wanted)
                and (region is None or row_region == region)
                and (accepted is None or row_band in accepted)
                and (not query or query in text)]
        return rows


@cache
def _folded_country(country: str, alt_names: str, code: str) -> str:
    """The folded country part of a row's search text: a few hundred countries, 10,000 rows."""
    return fold(f"{country}|{alt_names}|{code}")


OPEN_MARK = "+"  # a row's band facet: its verdict's lowest band, marked when still open
OPEN = "open"  # the band filter's choice for every open verdict


def _band_filter(choice: str | None) -> frozenset[str] | None:
    """The row facets a band filter choice accepts: a band means "at least that band" (the
    verdict's lowest band is it or above), "open" every open verdict, "none" no score yet."""
    if choice is None:
        return None
    keys = [band.key for band in Band]
    if choice == OPEN:
        return frozenset(key + OPEN_MARK for key in keys)
    if choice not in keys:
        return frozenset({choice})
    at_least = keys[keys.index(choice):]
    return frozenset([*at_least, *(key + OPEN_MARK for key in at_least)])
