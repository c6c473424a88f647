"""Illustrative assessments of fictional countries, for samples, demos and scale tests.

Everything is invented and says so: fictional countries (codes XA–XZ), titles and evidence that
name the data as illustrative, and a "DEMO" marking. Rows go in with bulk inserts so that
10,000 assessments take seconds, not minutes.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from ..domain.answers import Answer, AnswerState, Confidence
from ..domain.countries import CountryIndex
from ..domain.roles import Action
from ..domain.scoring import SCORING_RULES
from ..i18n import ngettext
from ..storage.bulk import bulk_cache, prepare_insert, table_of
from ..storage.checksums import sealer
from ..storage.database import Database
from ..storage.models import AnswerHistoryRow, AnswerRow, Assessment
from ..storage.types import utcnow
from .changes import Change, ChangeKind
from .conversions import answer_fields, answer_json, format_modules, rescore
from .frameworks import FrameworkCatalog
from .suppliers import SupplierCatalog

DEMO_MARKING = "DEMO — FICTIONAL DATA"
DEMO_EVIDENCE = "Illustrative answer for a fictional country; invented, not research."
BATCH = 500
Progress = Callable[[int, int], None]


class DemoService:
    def __init__(self, database: Database, catalog: FrameworkCatalog,
                 countries: CountryIndex, suppliers: SupplierCatalog | None = None) -> None:
        self._db = database
        self._catalog = catalog
        self._suppliers = suppliers or SupplierCatalog()
        self._fictional = [c for c in countries if c.fictional]

    def generate(self, *, count: int = 3, seed: int = 1, who: str = "demo",
                 progress: Progress | None = None) -> Change[None]:
        self._db.require(Action.EDIT)
        if count < 1 or count > 100_000:
            raise ValueError("count must be between 1 and 100,000")
        rng = random.Random(seed)
        framework = self._catalog.default()
        all_modules = frozenset(framework.optional_dimension_ids)
        now = utcnow()
        ids: list[str] = []
        # a format-2 framework measures exposure to a supplier state: the default one (the PRC)
        supplier = self._suppliers.default() if framework.format >= 2 else None
        supplier_fields = {
            "supplier_id": supplier.id if supplier else None,
            "supplier_version": supplier.version if supplier else None,
            "supplier_hash": supplier.content_hash if supplier else None, "perspective": None}
        with self._db.session(write=True) as session:
            self._catalog.ensure_stored(session, framework)
            if supplier is not None:
                self._suppliers.ensure_stored(session, supplier)
            session.flush()
            # the same seed gives the same ids in a new library; in one that already has them
            # (demo run twice) the next ids of the same sequence are taken instead
            taken = set(session.scalars(select(Assessment.id)))
            seal = sealer(session)
            as_json: dict[tuple[Any, ...], str] = {}
            with bulk_cache(session.connection()):  # one larger cache for it all
                for start in range(0, count, BATCH):
                    assessments: list[dict[str, Any]] = []
                    answers: list[dict[str, Any]] = []
                    history: list[dict[str, Any]] = []
                    for n in range(start, min(count, start + BATCH)):
                        new_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                        while new_id in taken:
                            new_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
                        taken.add(new_id)
                        ids.append(new_id)
                        country = self._fictional[n % len(self._fictional)]
                        as_of = date(2023, 1, 1) + timedelta(days=rng.randrange(0, 1400))
                        modules = all_modules if n % 3 == 2 else frozenset()
                        indicator_ids = [i.id for d in framework.enabled_dimensions(modules)
                                         for i in d.indicators]
                        made = _answers(rng, indicator_ids, as_of)
                        _, scores = rescore(framework, made, modules)
                        status = rng.choices(("draft", "final", "archived"), (7, 2, 1))[0]
                        stamp = now - timedelta(minutes=count - n)
                        row = {
                            "id": new_id, "revision": 1 + len(made), "country_code": country.code,
                            "title": f"{country.name} exposure review {as_of.year} "
                                     f"(demo #{n + 1}, fictional)",
                            "assessor": "", "as_of": as_of, "status": status,
                            "marking": DEMO_MARKING, "framework_id": framework.id,
                            "framework_version": framework.version,
                            "framework_hash": framework.content_hash,
                            "modules": format_modules(modules), "predecessor_id": None,
                            "created_at": stamp, "updated_at": stamp, "deleted_at": None,
                            "robustness": None, "scoring_rules": SCORING_RULES,
                            **supplier_fields, **scores,
                        }
                        row["checksum"] = seal(Assessment, row) if seal else None
                        assessments.append(row)
                        for answer in made.values():
                            answer_row = {"assessment_id": new_id,
                                          "indicator_id": answer.indicator_id,
                                          "updated_at": stamp, **answer_fields(answer)}
                            answer_row["checksum"] = seal(AnswerRow, answer_row) if seal else None
                            answers.append(answer_row)
                            # many answers of one assessment say the same: one JSON text each
                            same = (answer.state, answer.level, answer.confidence, answer.as_of,
                                    answer.na_reason, answer.evidence, answer.sources,
                                    answer.carried_over, answer.level_low, answer.level_high)
                            text = as_json.get(same)
                            if text is None:
                                text = as_json[same] = answer_json(answer)
                            history.append({"assessment_id": new_id,
                                            "indicator_id": answer.indicator_id,
                                            "changed_at": stamp, "changed_by": who,
                                            "old_value": "{}", "new_value": text})
                            if seal:
                                history[-1]["checksum"] = seal(AnswerHistoryRow, history[-1])
                    # the driver's own executemany, parameters converted once: no ORM bookkeeping
                    # and none of SQLAlchemy's per-row parameter processing
                    connection = session.connection()
                    engine = self._db.engine
                    for model, rows in ((Assessment, assessments), (AnswerRow, answers),
                                        (AnswerHistoryRow, history)):
                        prepare_insert(engine, table_of(model), rows).run(connection)
                    if progress is not None:
                        progress(min(count, start + BATCH), count)
        return Change(ChangeKind.BULK, tuple(ids), scores_changed=True,
                      summary=ngettext(
                          "Added {count:,} illustrative assessment of a fictional country.",
                          "Added {count:,} illustrative assessments of fictional countries.",
                          count).format(count=count))


def _answers(rng: random.Random, indicator_ids: list[str], as_of: date) -> dict[str, Answer]:
    profile = rng.uniform(0.4, 3.4)
    made: dict[str, Answer] = {}
    for indicator_id in indicator_ids:
        roll = rng.random()
        if roll < 0.05:
            continue  # unanswered: no row
        confidence = rng.choices((Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW),
                                 (5, 3.5, 1.5))[0]
        if roll < 0.13:
            made[indicator_id] = Answer(indicator_id, AnswerState.UNKNOWN, evidence=DEMO_EVIDENCE,
                                        as_of=as_of)
        elif roll < 0.16:
            made[indicator_id] = Answer(indicator_id, AnswerState.NOT_APPLICABLE,
                                        na_reason="Illustrative: does not apply in this "
                                                  "fictional country.", as_of=as_of)
        else:
            level = min(4, max(0, round(rng.gauss(profile, 1.0))))
            made[indicator_id] = Answer(indicator_id, AnswerState.ANSWERED, level, confidence,
                                        evidence=DEMO_EVIDENCE, as_of=as_of)
    return made


