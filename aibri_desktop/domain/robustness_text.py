"""The robustness sentence: one content wherever it is read (results page, command line,
PDF and DOCX briefs). Translated with the caller's ``_`` (see :mod:`.translate`)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from .bands import band_name
from .robustness import Robustness
from .translate import Translate, untranslated

SHOWN_SHARE = 0.005  # a band with fewer draws than this (under 0.5 %) is not named


def _n(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _percent(share: float) -> str:
    """Half up, so a band shown (at least 0.5 % of the draws) never reads "0 %"."""
    return str(Decimal(str(share * 100)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def robustness_sentence(result: Robustness | None, *, stored: bool = False,
                        _: Translate = untranslated) -> str:
    """How robust the score of the answered indicators is, in a few sentences: the band most
    draws over weights and confidence give and the others, the draws' 5–95 % range and median,
    the score with equal indicator and dimension weights and the geometric mean, the most
    influential indicator (drop-one), that the unknowns are left to the verdict, and
    ``stored``: that the figures were stored when the assessment was marked final."""
    d = result.overall if result is not None else None
    if result is None or d is None:
        return _("No score yet, so no robustness figures.")
    shares = sorted(((band, share) for band, share in d.band_shares.items()
                     if share >= SHOWN_SHARE), key=lambda item: -item[1])
    if not shares:  # cannot happen for a distribution of draws; kept total for stored data
        shares = [(d.main_band(), d.band_shares.get(d.main_band(), 0.0))]
    (main, main_share), others = shares[0], shares[1:]
    bands = [_("{band} in {share} % of {draws} draws").format(
        band=band_name(main, _=_), share=_percent(main_share), draws=f"{result.draws:,}")]
    bands += [_("{share} % {band}").format(share=_percent(share), band=band_name(band, _=_))
              for band, share in others]
    if result.geometric is None:  # figures stored before the geometric mean was computed
        weights = _("With equal indicator and dimension weights: {equal}.").format(
            equal=_n(result.equal_weights))
    else:
        weights = _("With equal indicator and dimension weights: {equal}; geometric mean of "
                    "the dimensions: {geometric}.").format(
            equal=_n(result.equal_weights), geometric=_n(result.geometric))
    sentences = [_("Score of the answered indicators, weights and confidence varied: "
                   "{bands}.").format(bands="; ".join(bands)),
                 _("Between {p5} and {p95} in 90 % of draws (median {median}).").format(
                     p5=_n(d.p5), p95=_n(d.p95), median=_n(d.median)),
                 weights]
    if result.drop_one:
        top = result.drop_one[0]
        sentences.append(_("Most influential: {id} ({delta} if dropped).").format(
            id=top.indicator_id, delta=f"{top.delta:+.1f}"))
    u = result.unknowns_answered
    if u is not None:  # stored under version 1 of the rules: kept, and said to be its own
        sentences.append(_("Stored under version 1 of the rules, which also drew the unknowns: "
                           "{band} in {share} % (version 2 no longer does: independent draws "
                           "of many unknowns overstate robustness; the verdict covers "
                           "them).").format(band=band_name(u.main_band(), _=_),
                                            share=_percent(u.band_shares[u.main_band()])))
    else:
        sentences.append(_("The unknowns are not drawn: the verdict covers them."))
    if stored:
        sentences.append(_("Stored when marked final."))
    return " ".join(sentences)
