"""Build resources/reference/aibri-reference.json from a verification bundle.

The bundle (reference-lists.json, gci_2024_data360.csv, unctad_cyberlaw_2026_data.csv) was
compiled on 2026-11-28 from the public sources each list names; resources/reference/README.md
says where each list comes from and resources/reference/VERIFICATION.md what was re-checked
against the publishers' own data. Run: python tools/build_reference.py BUNDLE_DIR

A list is "verified" only when the whole list was read from its publisher; otherwise it is
"reconstructed", and its source names the real route. "complete" says whether absence from
the list means "no" (only for lists that cover every country they could); an incomplete list
can only confirm a "yes".
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path
from typing import Any

import pycountry

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "resources" / "reference" / "aibri-reference.json"
ACCESSED = "2026-11-28"  # when the bundle was compiled


def en(text: str) -> dict[str, str]:
    return {"en": text}


def source(publisher: str, title: str, date: str, url: str | None, note: str | None = None,
           accessed: str | None = ACCESSED) -> dict[str, Any]:
    item: dict[str, Any] = {"publisher": publisher, "title": title, "date": date}
    if url:
        item["url"] = url
    if accessed:
        item["accessed"] = accessed
    if note:
        item["note"] = note
    return item


def facts(countries: list[dict[str, Any]], value: Any, as_of: str,
          note_key: str | None = "basis") -> list[dict[str, Any]]:
    out = []
    for c in countries:
        fact: dict[str, Any] = {"country": c["iso3"], "value": value, "as_of": as_of}
        if note_key and c.get(note_key):
            fact["note"] = c[note_key]
        out.append(fact)
    return out


def main(bundle: Path) -> int:
    raw = json.loads((bundle / "reference-lists.json").read_text(encoding="utf-8"))
    lists = {item["id"]: item for item in raw["lists"]}
    out: list[dict[str, Any]] = []

    unctad_rows = list(csv.DictReader((bundle / "unctad_cyberlaw_2026_data.csv").open(
        encoding="utf-8")))
    unctad = lists["unctad_data_protection_legislation"]
    by_status = {"Legislation": "legislation", "Draft Legislation": "draft",
                 "No Legislation": "none", "No Data": None}
    unctad_facts = []
    for row in unctad_rows:  # countries by UN M49 code, which is ISO 3166-1 numeric
        value = by_status[row["Privacy and Data Protection"]]
        country = pycountry.countries.get(numeric=row["code"].zfill(3))
        if country is None:
            raise SystemExit(f"UNCTAD row {row['code']} {row['country']}: no ISO 3166 code")
        if value is not None:
            unctad_facts.append({"country": country.alpha_3, "value": value,
                                 "as_of": "2026-03-05"})
    listed = {c["iso3"] for key in ("countries", "draft_legislation", "no_legislation")
              for c in unctad.get(key, [])}
    if listed != {f["country"] for f in unctad_facts}:
        raise SystemExit("UNCTAD: the data file and the bundle's list disagree")
    out.append({
        "id": "unctad-data-protection",
        "name": en("Data-protection and privacy legislation (UNCTAD Global Cyberlaw Tracker)"),
        "measures": en("Whether a country has enacted data-protection and privacy legislation "
                       "(legislation), has a draft (draft) or has none (none). UNCTAD codes "
                       "enacted legislation; it does not judge how comprehensive a law is or "
                       "whether it covers public bodies."),
        "status": "verified", "complete": True, "absent_means": None,
        "values": ["legislation", "draft", "none"],
        "coverage": en(f"{len(unctad_facts)} of 195 economies coded; 2 coded 'No Data' "
                       "(no fact here)."),
        "licence": en("UNCTAD data, published openly by UNCTAD; cite UNCTAD."),
        "known_gaps": en("A sectoral law counts as legislation (the United States is coded "
                         "'Legislation'); the coding says nothing about a regulator or "
                         "enforcement."),
        "max_age_months": 24, "as_of": "2026-03-05", "supplier": None,
        "source": source("UNCTAD", "Global Cyberlaw Tracker 2026, data.csv", "2026-03-05",
                         "https://github.com/unctad-infovis/2026-cyberlaw_tracker/blob/main/"
                         "public/assets/data/data.csv",
                         "UNCTAD's own data file (repository unctad-infovis/2026-cyberlaw_"
                         "tracker, data last changed 2026-03-05); read whole"),
        "facts": sorted(unctad_facts, key=lambda f: f["country"]),
    })

    gci = lists["itu_gci_2024_tiers"]
    gci_facts = []
    for c in gci["countries"]:
        fact: dict[str, Any] = {"country": c["iso3"], "value": c["tier"], "as_of": "2024-09",
                                "score": c["score"]}
        if any(abs(c["score"] - t) <= 1.0 for t in (95, 85, 55, 20)):
            fact["near_threshold"] = True
        gci_facts.append(fact)
    out.append({
        "id": "itu-gci-2024",
        "name": en("ITU Global Cybersecurity Index 2024: tier"),
        "measures": en("The country's tier in the ITU Global Cybersecurity Index 2024 (1 "
                       "role-modelling, score 95 or more; 2 advancing, 85 or more; 3 "
                       "establishing, 55 or more; 4 evolving, 20 or more; 5 building). A "
                       "country within one point of a tier threshold gets a two-level range."),
        "status": "reconstructed", "complete": True, "absent_means": None,
        "values": [1, 2, 3, 4, 5],
        "coverage": en(f"{len(gci_facts)} countries (every country the index scores)."),
        "licence": en("ITU data as distributed by the World Bank Data360 (CC BY 4.0)."),
        "known_gaps": en("Scores via a third-party mirror of Data360; Data360 differs from "
                         "the printed report for some scores; the lower bound of tier 4 (20) "
                         "is inferred from the report's tier counts; tiers derived by AIBRI."),
        "max_age_months": 24, "as_of": "2024-09", "supplier": None,
        "source": source("ITU; World Bank Data360",
                         "Global Cybersecurity Index 2024, overall score "
                         "(ITU_GCI_GCI_OVRL_SCRE)", "2024-09",
                         "https://data360.worldbank.org/en/indicator/ITU_GCI_GCI_OVRL_SCRE",
                         "ITU GCI 2024 scores via World Bank Data360, third-party mirror "
                         "(GitHub joaolucasoliv/Homework-Questions-6---Gov-50, commit "
                         "260a5213); tiers derived by AIBRI with ITU's thresholds"),
        "facts": gci_facts,
    })

    def membership(list_id: str, key: str, name: str, measures: str, value: str,
                   status: str, complete: bool, gaps: str, src: dict[str, Any], as_of: str,
                   max_age: int = 12, supplier: str | None = None,
                   extra: list[dict[str, Any]] | None = None,
                   absent_means: str | None = None, values: list[str] | None = None,
                   coverage: str | None = None) -> None:
        item = lists[key]
        listed = facts(item["countries"], value, as_of) + (extra or [])
        out.append({
            "id": list_id, "name": en(name), "measures": en(measures), "status": status,
            "complete": complete, "absent_means": absent_means,
            "values": values or [value],
            "coverage": en(coverage or f"{len(listed)} countries listed; "
                           + item.get("count_note", item["confidence"])),
            "licence": en("Facts taken from public official documents and news; the list "
                          "is compiled by AIBRI."),
            "known_gaps": en(gaps + (" A signature does not lapse, but a declaration can gain "
                                     "signatories later: the list is flagged after 36 months."
                                     if max_age == 36 else "")),
            "max_age_months": max_age, "as_of": as_of,
            "supplier": supplier, "source": src,
            "facts": sorted(listed, key=lambda f: f["country"]),
        })

    membership(
        "oecd-ai-principles", "oecd_ai_principles_adherents",
        "Adherents to the OECD AI Principles (OECD/LEGAL/0449)",
        "Governments that adhere to the OECD Recommendation on Artificial Intelligence: every "
        "OECD member, and non-members that adhered individually.",
        "adherent", "reconstructed", False,
        "The OECD's adherents table was not read: 43 adherents are confirmed (38 members and "
        "5 non-members); reported totals are 47 (2024) and more since. Absence means nothing.",
        source("OECD", "Recommendation of the Council on Artificial Intelligence "
               "(OECD/LEGAL/0449)", "2019-05-22",
               "https://legalinstruments.oecd.org/en/instruments/OECD-LEGAL-0449",
               "reconstructed from OECD membership (38) and the OECD press release of 22 May "
               "2019 plus a 2021 report for non-member adherents; the official adherents "
               "table not read"), "2021-05")
    membership(
        "gpai-members", "gpai_members",
        "Members of the Global Partnership on AI (after the July 2024 integration with the "
        "OECD)", "Countries that are members of GPAI.",
        "member", "reconstructed", False,
        "Reconstructed as the 38 OECD members plus the 6 non-OECD members before the "
        "integration, which matches the official count of 44; the official roster was not "
        "read, and later members are missing. Absence means nothing.",
        source("OECD", "OECD.AI – About GPAI ('44 member countries')", "2025",
               "https://oecd.ai/en/about/what-we-do",
               "GPAI roster reconstructed from OECD membership plus the pre-2024 members; "
               "official roster not read"), "2025-01")
    membership(
        "summit-bletchley-2023", "summit_bletchley_declaration_2023",
        "Signatories of the Bletchley Declaration (AI Safety Summit, 1–2 November 2023)",
        "Countries that endorsed the Bletchley Declaration.",
        "signed", "reconstructed", True,
        "The signatory paragraph of the official text was not read; the list is the union of "
        "two independent compilations and matches the official count (28 countries and the "
        "EU). A later association (New Zealand, reported) is not included.",
        source("UK Government", "The Bletchley Declaration by Countries Attending the AI "
               "Safety Summit, 1-2 November 2023", "2023-11-01",
               "https://www.gov.uk/government/publications/ai-safety-summit-2023-the-"
               "bletchley-declaration",
               "signatories from two independent compilations whose union matches the "
               "official count; official signatory paragraph not read"), "2023-11-01",
        max_age=36, absent_means="not_signed", values=["signed", "not_signed"],
        coverage="28 countries (complete by the official count of 28 countries and the EU)")
    membership(
        "summit-seoul-2024", "summit_seoul_declaration_2024",
        "Signatories of the Seoul Declaration (AI Seoul Summit, 21 May 2024)",
        "Countries whose leaders adopted the Seoul Declaration for safe, innovative and "
        "inclusive AI (not the wider Seoul Ministerial Statement).",
        "signed", "verified", True,
        "The Seoul Ministerial Statement of 22 May 2024 (about 27 countries) is a different "
        "text and is not counted.",
        source("Prime Minister of Canada; UK Government", "Seoul Declaration for safe, "
               "innovative and inclusive AI", "2024-05-21", "https://pm.gc.ca/fr/node/50154",
               "official text and its annex read whole"), "2024-05-21",
        max_age=36, absent_means="not_signed", values=["signed", "not_signed"],
        coverage="10 countries (complete: the leaders' session had 10 countries and the EU)")
    paris = lists["summit_paris_statement_2025"]
    membership(
        "summit-paris-2025", "summit_paris_statement_2025",
        "Signatories of the Paris AI Action Summit statement (10–11 February 2025)",
        "Countries that signed the Statement on Inclusive and Sustainable Artificial "
        "Intelligence for People and the Planet.",
        "signed", "reconstructed", False,
        "Only 6 signatories and 2 non-signatories are confirmed by name of a reported 58 to "
        "61 signatories; the official list was not read. Absence means nothing.",
        source("Présidence de la République française", "Statement on Inclusive and "
               "Sustainable Artificial Intelligence for People and the Planet", "2025-02-11",
               "https://www.elysee.fr/en/emmanuel-macron/2025/02/11/statement-on-inclusive-"
               "and-sustainable-artificial-intelligence-for-people-and-the-planet",
               "signatories confirmed one by one from news reports; official list not read"),
        "2025-02-11", max_age=36, values=["signed", "not_signed"],
        extra=[{"country": c["iso3"], "value": "not_signed", "as_of": "2025-02-11",
                "note": "confirmed non-signatory (widely reported)"}
               for c in paris["confirmed_non_signatories"]])
    coe = lists["coe_cets225_framework_convention_ai"]
    coe_facts = []
    for c in coe["countries"]:
        when = c.get("ratified") or c["signed"]
        day = re.findall(r"\d{4}-\d{2}-\d{2}", when)[-1]  # "by 2026-01-27": the latest date
        fact = {"country": c["iso3"], "value": "ratified" if c.get("ratified") else "signed",
                "as_of": day}
        if when != day:
            fact["note"] = f"signed {when}"
        coe_facts.append(fact)
    out.append({
        "id": "coe-cets-225", "name": en("Council of Europe Framework Convention on AI (CETS "
                                         "No. 225): signatures"),
        "measures": en("States that signed (or ratified) the Framework Convention on "
                       "Artificial Intelligence and Human Rights, Democracy and the Rule of "
                       "Law."),
        "status": "reconstructed", "complete": False, "absent_means": None,
        "values": ["signed", "ratified"],
        "coverage": en(f"{len(coe_facts)} signatory states to 27 January 2026; no state "
                       "ratification found."),
        "licence": en("Facts from Council of Europe press releases; compiled by AIBRI."),
        "known_gaps": en("The Treaty Office chart was not read; signatures after January 2026 "
                         "and ratifications may be missing. Absence means nothing."),
        "max_age_months": 12, "as_of": "2026-01-27", "supplier": None,
        "source": source("Council of Europe", "Framework Convention on Artificial "
                         "Intelligence (CETS No. 225): signatures", "2026-01-27",
                         "https://www.coe.int/en/web/conventions/full-list?module="
                         "signatures-by-treaty&treatynum=225",
                         "signatures from Council of Europe press releases (Sep 2024 to Sep "
                         "2025) and the Armenian MFA release of 27 Jan 2026; Treaty Office "
                         "chart not read"),
        "facts": sorted(coe_facts, key=lambda f: f["country"]),
    })
    ram = lists["unesco_ram_countries"]

    def ram_value(text: str) -> str | None:
        if text == "completed":
            return "completed"
        if text.startswith(("in progress", "in process")):
            return "in_progress"
        if text == "in preparation":
            return "planned"
        return None  # "assessed (status not stated)": no value to use

    ram_facts = []
    for c in ram["countries"]:
        value = ram_value(c["ram_status"])
        if value is not None:
            ram_facts.append({"country": c["iso3"], "value": value, "as_of": "2026-01",
                              "note": c.get("evidence", "")[:300]})
    out.append({
        "id": "unesco-ram", "name": en("UNESCO AI Readiness Assessment (RAM): countries"),
        "measures": en("Countries that completed, are running or prepare a UNESCO Readiness "
                       "Assessment."),
        "status": "reconstructed", "complete": False, "absent_means": None,
        "values": ["completed", "in_progress", "planned"],
        "coverage": en(f"{len(ram_facts)} countries with a stated status; UNESCO cited about "
                       "60 countries in November 2024."),
        "licence": en("Facts from UNESCO and partner reports; compiled by AIBRI."),
        "known_gaps": en("The UNESCO Global Hub was not read; statuses may be stale; three "
                         "'completed' marks rest on one secondary brief. Absence means "
                         "nothing."),
        "max_age_months": 12, "as_of": "2026-01", "supplier": None,
        "source": source("UNESCO", "Global AI Ethics and Governance Observatory – Readiness "
                         "Assessment Methodology", "2026",
                         "https://www.unesco.org/ethics-ai/en/global-hub",
                         "statuses from UNESCO country news and partner reports; the Global "
                         "Hub not read"),
        "facts": sorted(ram_facts, key=lambda f: f["country"]),
    })
    bri = lists["bri_cooperation_document_signatories"]
    membership(
        "bri-cooperation-documents", "bri_cooperation_document_signatories",
        "Belt and Road cooperation documents with the People's Republic of China",
        "Countries that signed an intergovernmental Belt and Road cooperation document, and "
        "countries that formally withdrew.",
        "signed", "reconstructed", False,
        "17 signatories are confirmed by name of about 150; the official tables were not "
        "read; some memoranda may have lapsed. Absence means nothing.",
        source("Green Finance & Development Center", "Countries of the Belt and Road "
               "Initiative (BRI)", "2022-03",
               "https://greenfdc.org/countries-of-the-belt-and-road-initiative-bri/",
               "signatories confirmed from official Chinese outcome lists and news, "
               "2018–2022; the GFDC and Belt and Road Portal tables not read"),
        "2022-12", max_age=12, supplier="CN", values=["signed", "withdrawn"],
        extra=[{"country": c["iso3"], "value": "withdrawn", "as_of": "2025-02" if
                c["iso3"] == "PAN" else "2023-12", "note": c["note"]}
               for c in bri["withdrawn"]])
    document = {
        "schema": "aibri-reference/1",
        "version": "2026.11.28",
        "date": "2026-11-28",
        "description": en("Dated, cited facts about real countries from public sources, "
                          "used to suggest answers. Every suggestion needs the analyst's "
                          "action; an incomplete list can only confirm a 'yes'."),
        "lists": out,
    }
    TARGET.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n",
                      encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}: {len(out)} lists, "
          f"{sum(len(x['facts']) for x in out)} facts")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
