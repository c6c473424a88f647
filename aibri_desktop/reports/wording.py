"""What the PDF and DOCX briefs say about a figure, in one place: its verdict, the word
"provisional", the version-1 figures of a final assessment, what must be answered before the
band can settle, the decision threshold's answer, and the red flags (docs/scoring.md, sections
4–6 and 9).

The headline of an exposure figure is its verdict, never a bare band: ``figures["band"]`` is
None whenever the verdict is open and is not read here. The point score is always labelled
:data:`score_label`; on the executive page of an open verdict it is left out altogether.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from ..domain.bands import Band, band_name
from ..domain.suppliers import perspective_words
from ..domain.verdict import Verdict
from ..i18n import _
from .model import BriefData, BriefDimension, BriefRow


def n1(value: object) -> str:
    return "–" if value is None else f"{value:.1f}" if isinstance(value, float) else str(value)


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.1f} %"


def score_label() -> str:
    return _("score of the answered indicators (ranges at their middle)")


def verdict(figures: dict[str, Any] | None) -> Verdict | None:
    """The figure's verdict; None for the capacity dimension and without a range."""
    if not figures:
        return None
    return Verdict.from_json(figures.get("verdict"))


def verdict_labels(figures: dict[str, Any] | None) -> list[str]:
    """The bands of the figure's verdict, lowest first (none without one)."""
    found = verdict(figures)
    return [band.label for band in found.bands] if found is not None else []


def verdict_words(figures: dict[str, Any] | None) -> str:
    """"High", "at least Elevated, at most High", or "no score"."""
    found = verdict(figures)
    return found.words(_=_) if found is not None else _("no score")


def band_of_score(figures: dict[str, Any]) -> Band | None:
    """The band of the displayed score: the headline under version 1 of the rules (a final
    assessment kept as signed off). Taken from the score itself, not from ``band``."""
    score = figures.get("score")
    return None if score is None else Band.of(Decimal(str(score)))


def v1_words(figures: dict[str, Any]) -> str:
    """A figure as version 1 printed it: "73.1 High"."""
    band = band_of_score(figures)
    if band is None:
        return _("no score")
    return _("{score} {band}").format(score=n1(figures["score"]),
                                      band=band_name(band.label, _=_))


def under_v2(figures: dict[str, Any]) -> str:
    return _("Under version 2: {verdict}").format(verdict=verdict_words(figures))


def v1_label() -> str:
    return _("Figures under scoring rules version 1, as signed off")


def provisional_word() -> str:
    return _("provisional")


def headline_words(figures: dict[str, Any], rules: int) -> str:
    """A figure's headline in a heading or a table cell: the verdict (version 2), or the
    version-1 figures with the version-2 verdict beside them, and "provisional"."""
    if rules == 1:
        text = _("{figures} (version 1) · {verdict}").format(
            figures=v1_words(figures), verdict=under_v2(figures))
    else:
        text = verdict_words(figures)
    if figures.get("provisional"):
        text = _("{text}, provisional").format(text=text)
    return text


def dimension_headline(x: BriefDimension, rules: int) -> str:
    if x.left_out:
        return _("left out of the overall exposure (every indicator is not applicable)")
    if x.kind != "exposure":
        text = _("capacity {score} (higher = more capacity; no band)").format(
            score=n1(x.figures.get("score")))
        if x.figures.get("provisional"):
            text = _("{text}, provisional").format(text=text)
        return text
    return headline_words(x.figures, rules)


def chart_caption(x: BriefDimension, rules: int) -> list[str]:
    """The lines under a dimension's bar in the chart: its verdict (and "provisional"), or
    under version 1 its figures as signed off with the version-2 verdict under them."""
    if x.left_out:
        return [_("left out: every indicator not applicable")]
    if rules == 1:
        return [_("{figures} (version 1)").format(figures=v1_words(x.figures)),
                under_v2(x.figures)]
    text = verdict_words(x.figures)
    if x.figures.get("provisional"):
        text = _("{text}, provisional").format(text=text)
    return [text]


def must_answer_sentence(overall: dict[str, Any]) -> str:
    """What must be answered before the band can settle — never a promise that answering it
    will settle it. Empty when the verdict is settled (or there is none)."""
    found = verdict(overall)
    if found is None or found.settled:
        return ""
    needed = list(overall.get("must_answer") or ())
    if not needed:
        return _("The range is narrower than a band but crosses a band line: no single answer "
                 "is needed before the band can settle, and answering the open indicators may "
                 "still leave it open.")
    if len(needed) == 1:
        return _("The band cannot settle unless at least this one is answered: {id}.").format(
            id=needed[0])
    return _("The band cannot settle unless at least these are answered: {ids}.").format(
        ids=", ".join(needed))


def needs_kind(answerable_from: tuple[str, ...]) -> str:
    """What an item needs when public sources cannot answer it: "government" (the assessed
    government's records), "specialist" (specialist data) or "either"; "" when public sources
    can, or the framework does not say (format 1)."""
    if not answerable_from or "public" in answerable_from:
        return ""
    government, specialist = "government" in answerable_from, "specialist" in answerable_from
    return "either" if government and specialist else "government" if government \
        else "specialist"


def needs_words(kind: str) -> str:
    """"needs the assessed government's records", beside an item ("" when public sources
    can answer it)."""
    return {"government": _("needs the assessed government's records"),
            "specialist": _("needs specialist data"),
            "either": _("needs the assessed government's records or specialist data")
            }.get(kind, "")


def must_answer_marks(d: BriefData) -> dict[str, str]:
    """Each item of the must-answer list that public sources cannot answer, and what it needs
    (:func:`needs_kind`): without it an outside-in analyst cannot settle the band. Format 2
    only: format 1 does not say which sources answer an item."""
    if d.framework_format < 2:
        return {}
    marks = {}
    for indicator_id in d.overall.get("must_answer") or ():
        row = d.row(indicator_id)
        if row is not None and (kind := needs_kind(row.answerable_from)):
            marks[indicator_id] = kind
    return marks


def must_answer_needs(d: BriefData) -> list[str]:
    """Under the must-answer sentence: its items that public sources cannot answer, grouped
    by what they need, in the list's order (none for format 1)."""
    marks = must_answer_marks(d)
    sentences = []
    for kind in ("government", "either", "specialist"):
        ids = ", ".join(i for i, k in marks.items() if k == kind)
        if not ids:
            continue
        sentences.append({
            "government": _("Not answerable from public sources, needs the assessed "
                            "government's records: {ids}."),
            "either": _("Not answerable from public sources, needs the assessed government's "
                        "records or specialist data: {ids}."),
            "specialist": _("Not answerable from public sources, needs specialist data: "
                            "{ids}."),
        }[kind].format(ids=ids))
    return sentences


# ---- what the brief measures, and for whom (format 2) ----------------------------------------


def measured_words(d: BriefData) -> str:
    """"Exposure to the United States · outside-in view (another country)": what the brief
    measures and, when recorded, from where the analyst sits. "" for a format-1 brief, whose
    texts name the supplier state themselves."""
    if not d.exposure:
        return ""
    text = d.exposure[:1].upper() + d.exposure[1:]
    if view := perspective_words(d.perspective, _=_):
        return _("{exposure} · {perspective}").format(exposure=text, perspective=view)
    return text


def audience_words(audience: str | None) -> str:
    """Whom an option addresses, beside it: "for partners" ("" for format 1)."""
    if audience == "partners":
        return _("for partners")
    if audience == "assessed_state":
        return _("for the assessed state")
    return ""


def audience_heading(audience: str) -> str:
    if audience == "partners":
        return _("Options for partners")
    return _("Options for the assessed state")


READER_FIRST = {"inside": ("assessed_state", "partners"), "outside": ("partners", "assessed_state")}


def option_groups(d: BriefData, options: Sequence[dict[str, Any]] | None = None
                  ) -> list[tuple[str, list[dict[str, Any]]]]:
    """The options as the brief leads with them: for its reader first (inside view: the
    assessed state's; outside-in view: partners', the analyst's own government among them),
    each group under its heading. One group without a heading, in the framework's order, when
    the perspective is not recorded or the options say no audience (format 1)."""
    found = list(d.options if options is None else options)
    order = READER_FIRST.get(d.perspective or "")
    if order is None or not any(o.get("audience") for o in found):
        return [("", found)] if found else []
    groups = []
    for audience in order:
        group = [o for o in found if (o.get("audience") or "assessed_state") == audience]
        if group:
            groups.append((audience_heading(audience), group))
    return groups


def threshold_words(d: BriefData) -> tuple[str, str] | None:
    """The library's decision threshold as a question and its answer (docs/scoring.md, "The
    decision threshold"): ("Is exposure High or above?", "Open: the open indicators allow
    either."). An open answer is never a promise either way. None without a threshold."""
    threshold = d.threshold
    if threshold is None:
        return None
    question = _("Is exposure {band} or above?").format(
        band=band_name(threshold["band"], _=_))
    o = d.overall
    figures = {"low": n1(o.get("low")), "high": n1(o.get("high")),
               "t": f"{threshold['lower']:g}"}
    answer = {
        "yes": _("Yes: the whole range ({low}–{high}) is at or above {t}."),
        "no": _("No: the whole range ({low}–{high}) is below {t}."),
        "open": _("Open: the open indicators allow either."),
    }.get(threshold["answer"], _("No answer: nothing applicable has been scored.")).format(
        **figures)
    if d.scoring_rules == 1:  # the signed-off figures beside it are version 1's
        answer += " " + _("(Answered under version 2 of the scoring rules, as the verdict.)")
    return question, answer


def residual_sentence(residual: dict[str, Any], *, rules: int, with_score: bool) -> str:
    """The residual exposure with its own verdict and provisional mark; its score only when
    ``with_score`` (never on the executive page of an open verdict)."""
    if rules == 1:
        head = _("{figures} (version 1); under version 2: {verdict}").format(
            figures=v1_words(residual), verdict=verdict_words(residual))
    else:
        head = verdict_words(residual)
    if residual.get("provisional"):
        head = _("{text}, provisional").format(text=head)
    range_ = _("range {low}–{high}").format(low=n1(residual.get("low")),
                                            high=n1(residual.get("high")))
    if with_score and rules != 1:
        range_ = _("{label} {score}, {range}").format(
            label=score_label(), score=n1(residual.get("score")), range=range_)
    return _("Residual exposure after mitigation capacity: {head} ({range}; capacity "
             "{capacity}, factor m = {m:g}).").format(
        head=head, range=range_, capacity=n1(residual.get("capacity")),
        m=residual.get("mitigation_factor", 0.0))


def left_out_sentence(d: BriefData) -> str:
    names = [f"{x.id} — {x.name}" for x in d.left_out]
    if not names:
        return ""
    return _("Left out of the overall exposure, every indicator not applicable: "
             "{names}.").format(names="; ".join(names))


def flag_words(flag: dict[str, Any]) -> str:
    """A red flag's kind in words; a possible one says whether the indicator is unknown or
    not yet answered (an unknown is never called "not answered")."""
    kind = flag.get("kind")
    if kind == "red":
        return _("Red flag")
    if kind == "provisional":
        return _("Provisional red flag (low confidence)")
    if flag.get("state") == "unknown":
        return _("Possible red flag (unknown)")
    return _("Possible red flag (not yet answered)")


def open_state(d: BriefData, indicator_id: str) -> str:
    """An open indicator's state for the settle-by table."""
    row = d.row(indicator_id)
    if row is None or row.state == "unanswered":
        return _("not yet answered")
    if row.state == "unknown":
        return _("unknown")
    if row.state == "range":
        return _("range {low}–{high}").format(low=row.level_low, high=row.level_high)
    return row.state


def settle_by_rows(d: BriefData) -> list[tuple[str, str, str, str, bool]]:
    """Every open indicator: (id, dimension, state, share in points, must be answered),
    largest share first, the shares adding up to the displayed high − low."""
    needed = set(d.overall.get("must_answer") or ())
    return [(item["indicator"], item["dimension"], open_state(d, item["indicator"]),
             f"{item['share']:.1f}", item["indicator"] in needed)
            for item in d.overall.get("settle_by") or ()]


def settle_by_title(d: BriefData) -> str:
    found = verdict(d.overall)
    if found is not None and found.settled:
        return _("The open indicators and their share of the range")
    return _("What must be answered before the band can settle")


def settle_by_note(d: BriefData) -> str:
    o = d.overall
    low, high = o.get("low"), o.get("high")
    width = f"{Decimal(str(high)) - Decimal(str(low)):.1f}" if low is not None \
        and high is not None else "–"
    text = _("Each open indicator's share of the overall range, in points: together they make "
             "up its whole width, {high} − {low} = {width} (shares rounded by the largest "
             "remainder so that they add up to it).").format(high=n1(high), low=n1(low),
                                                              width=width)
    found = verdict(o)
    if found is not None and found.settled:
        return text + " " + _("The verdict is settled: whatever these turn out to be, the "
                              "figure stays in one band.")
    if o.get("must_answer"):
        return text + " " + _("Marked ●: the fewest, largest first, without which the band "
                              "cannot settle; answering them narrows the range but does not by "
                              "itself settle it.")
    return text


def methodology(d: BriefData) -> list[str]:
    """The annex's account of how the figures are made (docs/scoring.md, version 2)."""
    texts = [
        _("Each answered indicator at level L counts 25 × L points (0–100). A range answer "
          "(\"between level a and level b\") counts at its middle in the score and at its two "
          "ends in the range. A dimension's score of the answered indicators is the weighted "
          "mean of its answered and range indicators; the overall exposure's is the weighted "
          "mean of the enabled exposure dimensions that have one."),
        _("Unknown and unanswered indicators are never given a level: they leave a range "
          "open (low = each at level 0, high = each at level 4; a range answer at its bottom "
          "and its top). Coverage is the share of the applicable weight the answers have "
          "resolved (a range resolves part of its weight); below 70 % a figure is "
          "provisional. Not applicable removes an indicator and needs a reason; a dimension "
          "whose every indicator is not applicable is left out of the overall exposure."),
        _("The headline of each exposure figure is its verdict: the bands from the band of "
          "its low to the band of its high. Whatever the open indicators turn out to be, the "
          "figure stays inside its range, so the verdict holds: settled when it is one band, "
          "otherwise worded as a bound, \"at least Elevated, at most High\". The point score "
          "is the score of the answered indicators (ranges at their middle); it never stands "
          "alone beside a band."),
        _("Values are rounded half up to one decimal once, at the end, and bands come from "
          "the rounded values: Low below 20, Guarded 20–40, Elevated 40–60, High 60–80, Severe "
          "80 and above. Red flags stand beside the verdict and never change a figure."),
        _("Residual exposure = overall × (1 − m × C/100), with mitigation capacity C and the "
          "framework's mitigation factor m = {m:g}. Its range runs from the overall low with "
          "the most capacity to the overall high with the least; it has a verdict of its own "
          "and is provisional when the overall exposure or the capacity is. The capacity "
          "dimension has no band and no verdict.").format(m=d.mitigation_factor),
    ]
    if d.scoring_rules == 1:
        texts.append(_("This assessment was signed off under version 1 of the scoring rules: "
                       "its figures are printed as they were then (the score with the band of "
                       "the score), with the version-2 verdict beside them, until a reviewer "
                       "rescores it."))
    return texts


def not_measured() -> str:
    return _("Approval of or alignment with any partner; the quality or security of any "
             "product or vendor; benefits of the technology; anything unknown or not yet "
             "answered (it widens the range, it is not guessed).")


# ---- findings, not questions ------------------------------------------------------------------

EVIDENCE_LINE = 280  # characters of evidence a finding or a table cell shows in one line


def item_title(row: BriefRow) -> str:
    """An item as a minister reads it: its short title (format 2), else its question whole."""
    return row.short_title or row.question


def answer_words(row: BriefRow) -> str:
    """The answer as a finding: "level 4 — <the level's description>", "between level 1 and
    level 3", "unknown", "not applicable: <reason>", "not yet answered"."""
    if row.state == "answered" and row.level is not None:
        description = row.answer.split(" — ", 1)[-1]
        return _("level {level} — {description}").format(level=row.level,
                                                          description=description)
    if row.state == "not_applicable" and row.na_reason:
        return _("{answer}: {reason}").format(answer=row.answer.lower(), reason=row.na_reason)
    return row.answer[:1].lower() + row.answer[1:]


def evidence_line(text: str, limit: int = EVIDENCE_LINE) -> str:
    """Evidence in one line: its first sentence, whole. A first sentence longer than
    ``limit`` ends at a word, saying where the rest is — never an ellipsis that cuts a word."""
    text = " ".join(text.split())
    if not text:
        return ""
    end = next((k + 1 for k in range(len(text) - 1)
                if text[k] in ".!?" and text[k + 1] == " " and k >= 20), len(text))
    first = text[:end]
    if len(first) <= limit:
        return first
    cut = first.rfind(" ", 0, limit)
    return _("{start} (continued in the evidence)").format(
        start=first[:cut if cut > 0 else limit].rstrip(" ,;:"))


def finding(row: BriefRow, *, evidence: bool = True) -> str:
    """An indicator as a finding: "TD-03 Concentration in critical layers: level 4 — one
    vendor holds most of the layer. Evidence: <its first sentence>" (plain text)."""
    if row.short_title:
        text = _("{id} {title}: {answer}").format(id=row.indicator_id, title=row.short_title,
                                                  answer=answer_words(row))
    else:  # format 1 has no short titles, and a finding never shows the question
        text = _("{id}: {answer}").format(id=row.indicator_id, answer=answer_words(row))
    line = evidence_line(row.evidence) if evidence else ""
    if line:
        text = _("{finding}. Evidence: {evidence}").format(finding=text.rstrip("."),
                                                            evidence=line)
    return text


def dimension_verdict_line(x: BriefDimension, rules: int) -> str:
    """A dimension's verdict in one line for the executive page: its name, its headline
    (the verdict, or "no band" for capacity) and its coverage."""
    text = _("{id} — {name}: {headline}").format(id=x.id, name=x.name,
                                                 headline=dimension_headline(x, rules))
    if x.left_out:
        return text
    return _("{text} (coverage {coverage})").format(text=text,
                                                    coverage=pct(x.figures.get("coverage")))


def sign_off_words(d: BriefData) -> str:
    """The sign-off as recorded, for the cover: "Final: signed off by R. Reviewer on
    2026-11-30", "Draft: not signed off"; a final assessment whose reviewer the app could not
    record says so rather than inventing one."""
    if d.status == "draft":
        return _("Draft: not signed off")
    state = _("Final") if d.status == "final" else _("Archived (final)")
    if d.finalised_at is None:
        return _("{state}: signed off before the app recorded sign-offs").format(state=state)
    return _("{state}: signed off by {reviewer} on {date}").format(
        state=state, reviewer=d.reviewed_by or _("a reviewer the app could not name"),
        date=d.finalised_at.date().isoformat())


def brief_title(d: BriefData) -> str:
    """The brief's title (document properties, every page's footer): the country once —
    "Country brief: Kenya AI dependency review 2026", not "Kenya — Kenya AI …"."""
    if d.country.casefold() in d.title.casefold():
        return _("Country brief: {title}").format(title=d.title)
    return _("Country brief: {country} — {title}").format(country=d.country, title=d.title)


def no_judgements() -> str:
    """Under "Key judgements" when the analyst recorded none: a minister sees that they are
    missing, not a page without them."""
    return _("None recorded: the analyst has not written key judgements for this assessment "
             "(Assessment → Analyst judgement).")


def driver_legend(d: BriefData, count: int = 10) -> list[tuple[str, str, str]]:
    """The drivers chart's colours: (dimension id, name, colour) of each dimension among its
    bars, in the framework's order — the chart's colours are the dimensions', not the bands'."""
    shown = {dimension for *_rest, dimension in d.drivers[:count]}
    return [(x.id, x.name, d.dimension_colours.get(x.id, "#5f6368")) for x in d.dimensions
            if x.id in shown]


def driver_label(d: BriefData, indicator_id: str) -> str:
    """A driver in the chart: its id and short title (format 2), the id alone otherwise (the
    question is too long for a chart label and is never cut)."""
    row = d.row(indicator_id)
    return f"{indicator_id} {row.short_title}" if row is not None and row.short_title \
        else indicator_id
