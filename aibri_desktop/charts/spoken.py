"""A chart's values in words: its accessible description, which a screen reader says for it
("Data sovereignty 36.4, Guarded; Technology dependency 52.0, Elevated …").

A chart is a picture to assistive technology; these words carry what it shows, each value
with its verdict and range as the page gives them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("Chart", text)


def spoken_value(name: str, value: float | None, verdict: str = "",
                 low: float | None = None, high: float | None = None) -> str:
    """"Data sovereignty 36.4, Guarded (range 30.1–42.0)"; "Governance: no score"."""
    if value is None:
        text = _tr("{name}: no score").format(name=name)
    elif verdict:
        text = _tr("{name} {value}, {verdict}").format(name=name, value=f"{value:.1f}",
                                                      verdict=verdict)
    else:
        text = _tr("{name} {value}").format(name=name, value=f"{value:.1f}")
    if value is not None and low is not None and high is not None and low != high:
        text += " " + _tr("(range {low}–{high})").format(low=f"{low:.1f}", high=f"{high:.1f}")
    return text


def spoken_points(name: str, points: float | None) -> str:
    """A driver: "DS-03 Transfer rules 12.4 points"."""
    return _tr("{name} {points} points").format(name=name, points=f"{points or 0:.1f}")


def spoken_list(values: Sequence[str]) -> str:
    return "; ".join(values)


def spoken_series(name: str, values: Sequence[str], *, named: bool) -> str:
    """One series of several ("Kenya, 2026-01-01: Data sovereignty 36.4, …"), or the only one
    (its values alone)."""
    listed = spoken_list(values)
    return _tr("{series}: {values}").format(series=name, values=listed) if named else listed


def at(items: Sequence[str], index: int) -> str:
    """The item at ``index``, or "" where the page gave none."""
    return items[index] if index < len(items) else ""


def at_value(values: Sequence[float | None], index: int) -> float | None:
    return values[index] if index < len(values) else None


def at_row(rows: Sequence[Sequence[str]], index: int) -> Sequence[str]:
    return rows[index] if index < len(rows) else ()
