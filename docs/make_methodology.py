"""Render the methodology from its template and the default bundled framework.

    .venv/bin/python docs/make_methodology.py

Writes resources/help/en/methodology.md (shown in the app) and docs/methodology.md (the same
text). The framework described is the default one for new assessments
(``FrameworkCatalog().default()``), read for the default supplier profile
(``SupplierCatalog().default()``, the People's Republic of China). A test renders it again and
fails if the committed files differ, so the published tables can never drift from the framework
or the profiles.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

if TYPE_CHECKING:
    from aibri_desktop.domain.framework import Framework, Indicator
    from aibri_desktop.domain.suppliers import SupplierProfile

TARGETS = (ROOT / "resources" / "help" / "en" / "methodology.md", ROOT / "docs" / "methodology.md")

SOURCE_KINDS = {"public": "public sources", "government": "the government's records",
                "specialist": "specialist data"}
PLACEHOLDER_MEANING = {
    "supplier": "the state's name",
    "supplier_short": "its short name",
    "supplier_adj": "its adjective",
    "supplier_laws": "laws under which its authorities can compel data or assistance",
    "supplier_instruments": "AI and data governance instruments its government leads",
    "supplier_cloud_vendors": "its main cloud providers",
    "supplier_chip_vendors": "its AI-chip vendors",
    "supplier_policy_banks": "its state development-finance and export-credit bodies",
    "supplier_gnss": "its satellite navigation system",
}


def percent(share: Fraction, places: int = 0) -> str:
    """``share`` (0–1) as a percentage rounded half up: percent(Fraction(5, 9)) == "56 %"."""
    value = Decimal(share.numerator * 100) / Decimal(share.denominator)
    quantum = Decimal(1).scaleb(-places)
    return f"{value.quantize(quantum, rounding=ROUND_HALF_UP)} %"


def cell(text: str) -> str:
    """A text as one Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def ids(items: Iterable[str]) -> str:
    return ", ".join(items) or "none"


def render() -> str:
    from aibri_desktop.domain.robustness import DEFAULT_SEED, robustness
    from aibri_desktop.domain.suppliers import render as render_for
    from aibri_desktop.services.frameworks import FrameworkCatalog
    from aibri_desktop.services.suppliers import SupplierCatalog
    from helpers import reference

    catalog = FrameworkCatalog()
    suppliers = SupplierCatalog()
    profile = suppliers.default()
    framework = render_for(catalog.default(), profile)
    earlier = [f for f in catalog.bundled if f.id == framework.id
               and f.version == framework.previous_version]
    previous = earlier[0] if earlier else None

    ref = robustness(reference.framework(), reference.answers(), reference.modules())
    assert ref.overall is not None
    shares = "; ".join(f"{band} {share * 100:.1f} %" for band, share
                       in ref.overall.band_shares.items() if share)
    first = ref.drop_one[0]
    residuals = ", ".join(f"{value} at m = {key}" for key, value
                          in ref.mitigation_factors.items())
    moved = {key: verdict.words() if verdict is not None else "none"
             for key, verdict in ref.cutoffs_shifted.items()}
    ref_text = (f"median **{ref.overall.median}**, 5–95 % **{ref.overall.p5}**–"
                f"**{ref.overall.p95}**; bands {shares}; equal weights **{ref.equal_weights}**; "
                f"the most influential indicator is {first.indicator_id} (overall "
                f"{first.overall} without it, {first.delta:+.1f}); geometric mean "
                f"{ref.geometric}; residual {residuals}; verdict with the cut-offs 5 points "
                f"lower {moved['-5']}, 5 points higher {moved['+5']}.")

    template = (ROOT / "docs" / "methodology.template.md").read_text(encoding="utf-8")
    values = {
        "FRAMEWORK_SUMMARY": _summary(framework, profile, previous),
        "SUPPLIER_PARAMETER": _supplier_parameter(framework, suppliers.bundled, profile),
        "SOURCE_TYPES": _source_types(framework),
        "DIMENSION_WEIGHTS": _dimension_weights(framework),
        "EFFECTIVE_WEIGHTS": _effective_weights(framework),
        "WEIGHT_RULE": _weight_rule(framework, previous),
        "OVERLAPS": "\n".join(f"- **{o.id}** ({', '.join(o.indicators)}): {o.handling.get()}"
                              for o in framework.overlaps) or "- None declared.",
        "OPTION_AUDIENCES": _option_audiences(framework),
        "CHANGES": _changes(framework, previous, profile),
        "SOURCES": "\n".join(f"- {s.citation()}" for s in framework.sources),
        "SOURCE_COUNT": str(len(framework.sources)),
        "MITIGATION_FACTOR": f"{float(framework.mitigation_factor):g}",
        "SEED": str(DEFAULT_SEED),
        "REFERENCE_ROBUSTNESS": ref_text,
        "PLAIN_EXAMPLE": _plain_example(reference.expected()),
        **_reference(framework),
    }
    for key, value in values.items():
        template = template.replace("{{" + key + "}}", value)
    assert "{{" not in template, "a template placeholder was left"
    return "<!-- Generated by docs/make_methodology.py from docs/methodology.template.md. -->\n" \
        + template


def _plain_example(expected: dict[str, Any]) -> str:
    """The reference case (section 10) in words, for the plain-language part: the numbers come
    from the fixture the tests check the engine against, so they cannot drift from it."""
    import textwrap

    from aibri_desktop.domain.bands import Band

    overall = expected["overall"]
    bands = overall["verdict"]["bands"]
    verdict = (bands[0] if overall["verdict"]["settled"]
               else f"at least {bands[0]}, at most {bands[-1]}")
    score_band = Band.of(Decimal(overall["score"])).label
    items = overall["settle_by"]
    count = {1: "one question is", 2: "two questions are", 3: "three questions are"}.get(
        len(items), f"{len(items)} questions are")
    shares = [f"{item['indicator']} {item['share']:.1f}" for item in items]
    holds = shares[0] if len(shares) == 1 else f"{', '.join(shares[:-1])} and {shares[-1]}"
    needed = overall["must_answer"]
    must = (f"{needed[0]} is" if len(needed) == 1
            else f"{', '.join(needed[:-1])} and {needed[-1]} are")
    width = Decimal(overall["high"]) - Decimal(overall["low"])
    text = (f"In the reference case the app is tested against (section 10), the score of the "
            f"answered indicators is {overall['score']}, inside the {score_band} band, but "
            f"{count} still open and the range runs from {overall['low']} to "
            f"{overall['high']}. So the verdict is \"{verdict}\", not \"{score_band}\". Of the "
            f"range's {width} points the open questions hold {holds}: the band cannot settle "
            f"unless at least {must} answered.")
    return "## An example\n\n" + textwrap.fill(text, width=96, break_on_hyphens=False)


def _reference(framework: Framework) -> dict[str, str]:
    from aibri_desktop.services.reference import bundled_dataset, bundled_rules

    dataset = bundled_dataset()
    lists = [f"Dataset {dataset.version} of {dataset.date}: {len(dataset.lists)} lists, "
             f"{sum(len(x.facts) for x in dataset.lists)} facts.", "",
             "| list | status | complete | facts | as of | maximum age | route |",
             "|---|---|---|---|---|---|---|"]
    for item in dataset.lists:
        supplier = f" (supplier {item.supplier} only)" if item.supplier else ""
        lists.append(f"| {cell(item.name.get())}{supplier} | {item.status} | "
                     f"{'yes' if item.complete else 'no'} | {len(item.facts)} | {item.as_of} | "
                     f"{item.max_age_months} months | {cell(item.source.citation())} |")
    rules = next((r for r in bundled_rules() if (r.framework_id, r.framework_version)
                  == (framework.id, framework.version)), None)
    if rules is None:
        return {"REFERENCE_LISTS": "\n".join(lists),
                "REFERENCE_RULES_FOR": framework.label,
                "REFERENCE_RULES": "- None: this framework has no rules."}
    lines = []
    for rule in rules.rules:
        mapping = ", ".join(
            f"{value} → {low if low == high else f'{low}–{high}'}"
            for value, (low, high) in rule.mapping.items()) or "counted (see rationale)"
        supplier = f" (supplier {rule.supplier} only)" if rule.supplier else ""
        lines.append(f"- **{rule.indicator}** from {', '.join(rule.lists)}{supplier}: "
                     f"{mapping}. {rule.rationale.get()}")
    return {"REFERENCE_LISTS": "\n".join(lists), "REFERENCE_RULES_FOR": framework.label,
            "REFERENCE_RULES": "\n".join(lines)}


def _title(indicator: Indicator) -> str:
    return cell(indicator.title_or_id())


def _summary(framework: Framework, profile: SupplierProfile,
             previous: Framework | None) -> str:
    lines = []
    for d in framework.dimensions:
        kind = "capacity, optional module" if d.kind == "capacity" else (
            "exposure, optional module" if d.optional else "exposure, core")
        lines.append(f"- **{d.id} — {d.name.get()}** ({kind}, dimension weight {d.weight}): "
                     f"{len(d.indicators)} indicators.")
    count = sum(1 for _i in framework.indicators())
    critical = [i.id for i in framework.indicators() if i.critical]
    text = (f"The framework for new assessments is **{framework.name.get()}**, version "
            f"{framework.version}, with {count} indicators. This methodology reads it for the "
            f"default supplier state, {profile.name.get()} (supplier profile {profile.label}); "
            "section 2 explains how another profile changes the wording and nothing else.")
    if previous is not None:
        old_count = sum(1 for _i in previous.indicators())
        text += (f" Version {previous.version} ({old_count} indicators, the supplier state "
                 "named in its texts) stays shipped: assessments made with it keep it and "
                 f"their figures, and can be carried to {framework.version} as a follow-up "
                 "(section 14).")
    governance = [i for i in critical if framework.indicator(i).dimension_id == "GA"]
    return (text + "\n\n" + "\n".join(lines) + f"\n\nCritical indicators: {ids(critical)}"
            + (" — none in governance." if not governance else "."))


def _supplier_parameter(framework: Framework, profiles: list[SupplierProfile],
                        default: SupplierProfile) -> str:
    from aibri_desktop.domain.suppliers import PLACEHOLDERS, _indicator_texts, placeholders_in

    used: dict[str, list[str]] = {name: [] for name in PLACEHOLDERS}
    template = _template_of(framework)
    for indicator in template.indicators():
        names = {n for _w, t in _indicator_texts(indicator) for v in t.values.values()
                 for n in placeholders_in(v)}
        for name in PLACEHOLDERS:
            if name in names:
                used[name].append(indicator.id)
    head = ("| placeholder | what the profile gives | "
            + " | ".join(f"{p.name.get()} ({p.id})" for p in profiles) + " | used in |\n"
            "|---|---|" + "---|" * len(profiles) + "---|")
    rows = [head]
    for name in PLACEHOLDERS:
        values = " | ".join(cell(p.value(name)) for p in profiles)
        rows.append(f"| `{{{name}}}` | {PLACEHOLDER_MEANING.get(name, name)} | {values} | "
                    f"{ids(used[name]) if used[name] else 'no item (reference only)'} |")
    placeholders = "\n".join(rows)

    shipped = ["| profile | supplier state | version | as of | entries, each with a source |",
               "|---|---|---|---|---|"]
    for p in profiles:
        mark = " (default)" if p.content_hash == default.content_hash else ""
        shipped.append(f"| {p.id}{mark} | {p.name.get()} | {p.version} | {p.as_of} | "
                       f"{sum(1 for _e in p.entries())} |")

    laws = ["| profile | law | the process it requires | source |", "|---|---|---|---|"]
    for p in profiles:
        for entry in p.lists["laws"]:
            process = cell(entry.process.get()) if entry.process is not None else "–"
            laws.append(f"| {p.id} | {cell(entry.name.get())} | {process} | "
                        f"{cell(entry.source.citation())} |")
    laws_text = (
        ("No item's text names the supplier's laws: compelled access (DS-07) covers every "
         "foreign jurisdiction whose laws reach the state's data, and ranks the process each "
         "law requires — type A, an individual court warrant the provider can challenge; type "
         "B, court or independent approval of a programme rather than of each demand, or a "
         "demand challengeable in court only afterwards; type C, a duty to assist on demand "
         "with neither court authorisation nor a route to challenge. The profiles list their "
         "state's laws, with that process and a source, as reference for answering it:")
        if not used["supplier_laws"] else
        "The laws the profiles list, with the process each requires:")
    specific = [i for i in framework.indicators() if i.supplier_specific]
    table = ["| indicator | short title | symmetric | why it names the supplier state |",
             "|---|---|---|---|"]
    for i in specific:
        reason = cell(i.supplier_reason.get()) if i.supplier_reason is not None else "–"
        table.append(f"| {i.id} | {_title(i)} | {'yes' if i.supplier_symmetric else 'no'} | "
                     f"{reason} |")
    others = [i.id for i in framework.indicators() if not i.supplier_specific]
    asymmetric = [i.id for i in specific if not i.supplier_symmetric]
    count = len(specific) + len(others)
    return (
        f"{placeholders}\n\nThe shipped profiles:\n\n" + "\n".join(shipped) + "\n\n"
        + laws_text + "\n\n" + "\n".join(laws) + "\n\n"
        f"**Supplier-specific items.** {len(specific)} of the {count} items name the supplier "
        f"state through a placeholder; {len(asymmetric)} of them ({ids(asymmetric)}) are not "
        "supplier-symmetric:\n\n" + "\n".join(table) + "\n\n"
        f"The other {len(others)} items ({ids(others)}) name no supplier at all. They rate "
        "what matters whoever the supplier is: the data-protection law and its enforcement, "
        "compelled access under any foreign jurisdiction's law (DS-07), where government data "
        "and AI services are hosted, concentration on any single supplier, lock-in, exit and "
        "second sources, engagement in open intergovernmental frameworks, domestic safeguards "
        "and the state's capacity to act. An answer to one of them holds for every supplier "
        "profile.")


def _template_of(framework: Framework) -> Framework:
    """The unrendered framework with ``framework``'s hash (render keeps the template's hash)."""
    from aibri_desktop.services.frameworks import FrameworkCatalog

    for candidate in FrameworkCatalog().bundled:
        if candidate.content_hash == framework.content_hash:
            return candidate
    raise LookupError(framework.label)


def _source_types(framework: Framework) -> str:
    from aibri_desktop.domain.framework import ANSWERABLE_FROM
    from aibri_desktop.domain.weights import effective_weights

    head = ("| dimension | indicators | sum of weights | "
            + " | ".join(SOURCE_KINDS[k] for k in ANSWERABLE_FROM) + " |\n|---|---|---|"
            + "---|" * len(ANSWERABLE_FROM))
    rows = [head]
    for d in framework.dimensions:
        total = sum((i.weight for i in d.indicators), Fraction(0))
        shares = " | ".join(
            percent(sum((i.weight for i in d.indicators if kind in i.answerable_from),
                        Fraction(0)) / total)
            for kind in ANSWERABLE_FROM)
        rows.append(f"| {d.id} — {d.name.get()} | {len(d.indicators)} | {total} | {shares} |")
    core = effective_weights(framework)
    public = sum((r.share for r in core
                  if framework.indicator(r.indicator_id).answerable_from_public_sources),
                 Fraction(0))
    items = ["| indicator | short title | answerable from |", "|---|---|---|"]
    for i in framework.indicators():
        sources = ", ".join(SOURCE_KINDS[k] for k in i.answerable_from) or "–"
        items.append(f"| {i.id} | {_title(i)} | {sources} |")
    return ("\n".join(rows) + f"\n\nWeighted by effective weight (section 11), "
            f"{percent(public)} of the core exposure (DS, TD, GA) is answerable from public "
            "sources.\n\n" + "\n".join(items))


def _dimension_weights(framework: Framework) -> str:
    exposure = [d for d in framework.dimensions if d.kind == "exposure"]
    if len({d.weight for d in exposure}) == 1:
        return "The dimension weights *v*_d are equal in this framework."
    return ("The dimension weights *v*_d in this framework: "
            + ", ".join(f"{d.id} {d.weight}" for d in exposure)
            + ". Governance weighs half as much as each other exposure dimension, because "
            "commitments on paper are weaker evidence of exposure than where data and systems "
            "sit (section 11).")


def _effective_weights(framework: Framework) -> str:
    from aibri_desktop.domain.weights import effective_weights

    core = {r.indicator_id: r.share for r in effective_weights(framework)}
    modules = [d.id for d in framework.dimensions if d.optional and d.kind == "exposure"]
    every = {r.indicator_id: r.share for r in effective_weights(framework, modules)}
    rows = ["| indicator | short title | weight | share, core only | share, with "
            + (", ".join(modules) or "modules") + " | why this weight |",
            "|---|---|---|---|---|---|"]
    for indicator in framework.indicators():
        exposure = framework.dimension(indicator.dimension_id).kind == "exposure"
        share_core = (f"{float(core[indicator.id]) * 100:.2f} %" if indicator.id in core
                      else "–")
        share_all = f"{float(every[indicator.id]) * 100:.2f} %" if exposure else "– (capacity)"
        rows.append(f"| {indicator.id} | {_title(indicator)} | {indicator.weight} | "
                    f"{share_core} | {share_all} | {_weight_reason(indicator)} |")
    return "\n".join(rows)


def _weight_reason(indicator: Indicator) -> str:
    """The framework's reason, without the weight it starts with ("3: ...")."""
    if indicator.weight_reason is None:
        return "–"
    text = cell(indicator.weight_reason.get())
    prefix = f"{indicator.weight}: "
    if text.startswith(prefix):
        text = text[len(prefix):]
        text = text[:1].upper() + text[1:]
    return text


def _largest(framework: Framework, dimension_ids: set[str]) -> tuple[Fraction, list[str]]:
    from aibri_desktop.domain.weights import effective_weights

    rows = [r for r in effective_weights(framework) if r.dimension_id in dimension_ids]
    top = max(r.share for r in rows)
    return top, [r.indicator_id for r in rows if r.share == top]


def _weight_rule(framework: Framework, previous: Framework | None) -> str:
    ga, ga_ids = _largest(framework, {"GA"})
    dstd, dstd_ids = _largest(framework, {"DS", "TD"})
    holds = ga <= dstd
    text = (f"**No governance item outweighs a data or technology item.** The largest "
            f"effective weight of a governance item is {float(ga) * 100:.2f} % "
            f"({ids(ga_ids)}); the largest of a DS or TD item is {float(dstd) * 100:.2f} % "
            f"({ids(dstd_ids)}). ")
    text += ("No governance item's effective weight exceeds the largest DS or TD item's."
             if holds else "This framework breaks that rule.")
    if previous is not None:
        old_ga, old_ga_ids = _largest(previous, {"GA"})
        old_dstd, _ids = _largest(previous, {"DS", "TD"})
        text += (f" In {previous.version}, with equal dimension weights, {ids(old_ga_ids)} "
                 f"carried {float(old_ga) * 100:.2f} % each, above every DS and TD item "
                 f"(largest {float(old_dstd) * 100:.2f} %)." if old_ga > old_dstd else "")
    return text


def _option_audiences(framework: Framework) -> str:
    options = [o for i in framework.indicators() for o in i.options]
    state = [o for o in options if o.audience == "assessed_state"]
    partners = [o for o in options if o.audience == "partners"]
    return (f"The framework has {len(options)} options: {len(state)} address the assessed "
            f"state and {len(partners)} its partners ({ids(o.id for o in partners)}).")


def _split_from(framework: Framework, new: Indicator) -> str | None:
    """The earlier item a new one was split from, as the shipped lineage file records it."""
    from aibri_desktop.services.assessments import bundled_lineages

    for lineage in bundled_lineages():
        if lineage.applies_to(framework) and new.id in lineage.split_from:
            return lineage.split_from[new.id].earlier_id
    return None


def _changes(framework: Framework, previous: Framework | None,
             profile: SupplierProfile) -> str:
    if previous is None:
        return "This framework continues no earlier version."
    indicators = list(framework.indicators())
    unchanged = [i.id for i in indicators if i.previous is not None and i.previous.unchanged]
    changed = [i for i in indicators if i.previous is not None and not i.previous.unchanged]
    new = [i for i in indicators if i.previous is None]
    counts = ", ".join(
        f"{d.id} {len(previous.dimension(d.id).indicators) if d.id in _dim_ids(previous) else 0}"
        f" → {len(d.indicators)}" for d in framework.dimensions)
    rows = [f"| {framework.version} item | short title | {previous.version} item | change | "
            "in a follow-up |", "|---|---|---|---|---|"]
    for i in indicators:
        if i.previous is not None and i.previous.unchanged:
            continue
        if i.previous is not None:
            splits = [n.id for n in new if _split_from(framework, n) == i.id]
            change = ("split: part of the question moved to " + ids(splits) if splits
                      else "reworded or narrowed")
            rows.append(f"| {i.id} | {_title(i)} | {i.previous.id} | {change} | starts "
                        f"unanswered; the {previous.version} answer is shown beside it |")
        else:
            origin = _split_from(framework, i)
            change = f"new, split from {origin}" if origin else "new"
            follow = (f"starts unanswered; the {previous.version} answer to {origin} is shown "
                      "beside it" if origin else "starts unanswered")
            rows.append(f"| {i.id} | {_title(i)} | – | {change} | {follow} |")
    dropped = sorted({i.id for i in previous.indicators()}
                     - {i.previous.id for i in indicators if i.previous is not None})
    text = (f"Indicators per dimension, {previous.version} → {framework.version}: {counts}. "
            f"Every {previous.version} indicator is continued by a {framework.version} item"
            + ("." if not dropped else f", except {ids(dropped)}.")
            + f"\n\n**Unchanged** ({len(unchanged)}): an answer to the {previous.version} "
            f"item still answers the {framework.version} item read for "
            f"{profile.short_name.get()}, the supplier {previous.version} names; the wording "
            "may differ (the supplier is now a placeholder, a guidance note is clarified): "
            + ids(unchanged) + ".\n\n"
            f"**Changed** ({len(changed)}) and **new** ({len(new)}):\n\n" + "\n".join(rows))
    return text


def _dim_ids(framework: Framework) -> set[str]:
    return {d.id for d in framework.dimensions}


def main() -> None:
    text = render()
    for target in TARGETS:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
