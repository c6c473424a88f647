"""Several analysts at once on one assessment on the server: 5 writers (each their own login,
in the analyst role) × 200 answers. No update is lost, every refusal says who changed what,
and the stored scores equal a recomputation from the stored answers."""

from __future__ import annotations

import json
import random
import threading
import time
from pathlib import Path

from aibri_desktop.domain.answers import ANSWER_FIELDS, Answer
from aibri_desktop.domain.scoring import score_assessment
from aibri_desktop.services import Services
from aibri_desktop.services.errors import ChangedSinceError
from aibri_desktop.storage.models import AnswerHistoryRow
from helpers.pgserver import PostgresServer
from helpers.services import create_reference_assessment
from team.conftest import as_login

WRITERS, ANSWERS = 5, 200


def test_five_writers_lose_no_update(pg_server: PostgresServer, team_url: str,
                                     tmp_path: Path) -> None:
    pg_url = team_url
    for n in range(WRITERS):  # five analysts, each with a login of their own
        pg_server.admin(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
                        f"'t_writer{n}') THEN CREATE ROLE t_writer{n} LOGIN IN ROLE "
                        f"aibri_analyst; END IF; END $$")
    setup = Services.open(pg_url)
    assessment_id = create_reference_assessment(setup)
    record = setup.assessments.load(assessment_id)
    indicators = [i.id for d in record.framework.enabled_dimensions(record.modules)
                  for i in d.indicators]
    setup.close()
    refusals: list[str] = []
    saved: list[tuple[str, str, int]] = []  # (writer, indicator, level) as each was saved
    latencies: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def writer(n: int) -> None:
        services = Services.open(as_login(pg_url, f"t_writer{n}"))
        rng = random.Random(n)
        try:
            for _ in range(ANSWERS):
                indicator = rng.choice(indicators)
                seen = services.assessments.load(assessment_id).answers.get(indicator)
                level = rng.randint(0, 4)
                started = time.perf_counter()
                try:
                    services.assessments.answer(
                        assessment_id=assessment_id, indicator_id=indicator,
                        who=f"typed name {n}", level=level,
                        expected=_values(seen, indicator))
                except ChangedSinceError as exc:  # another writer changed it in between
                    with lock:
                        refusals.append(str(exc))
                    continue
                finally:
                    with lock:
                        latencies.append(time.perf_counter() - started)
                with lock:
                    saved.append((f"t_writer{n}", indicator, level))
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            services.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    assert not errors, errors

    check = Services.open(pg_url)
    try:
        final = check.assessments.load(assessment_id)
        with check.database.session() as session:
            history = session.query(AnswerHistoryRow).filter_by(
                assessment_id=assessment_id).order_by(AnswerHistoryRow.id).all()
        summary = {x.id: x for x in check.assessments.list_summaries()}[assessment_id]
        report = check.safety.check()
    finally:
        check.close()
    # every save is in the history, in the order the saves committed, and the last saved
    # value of each indicator is what the answer holds: nothing overwritten unseen
    assert len(saved) + len(refusals) == WRITERS * ANSWERS
    # the history names each analyst's login, never the name their app passed
    written = [h for h in history if h.changed_by.startswith("t_writer")]
    assert not [h for h in history if h.changed_by.startswith("typed name")]
    last: dict[str, int] = {}
    for entry in written:
        last[entry.indicator_id] = json.loads(entry.new_value)["level"]
    for indicator, level in last.items():
        assert final.answers[indicator].level == level, indicator
    assert len(written) <= len(saved)  # a save of the level already there writes nothing
    for message in refusals:
        assert "was changed elsewhere since by t_writer" in message, message
    # the stored figures are those of the stored answers
    again = score_assessment(final.framework, final.answers, final.modules)
    assert summary.overall_score == round(float(again.overall.score or 0), 1)
    assert final.revision == 1 + len(history)  # each saved change: one revision, one entry
    assert report.ok
    latencies.sort()
    p95 = latencies[int(len(latencies) * 0.95)]
    print(f"\n{WRITERS} writers x {ANSWERS} answers on the server: {len(saved)} saved, "
          f"{len(refusals)} refused (changed in between), {elapsed:.1f} s, "
          f"{len(saved) / elapsed:.0f} saves/s, p95 {p95 * 1000:.0f} ms")


def _values(answer: Answer | None, indicator: str) -> dict[str, object]:
    """The answer's saved fields as this writer saw them (what the window sends as
    ``expected``)."""
    current = answer or Answer(indicator)
    return {name: getattr(current, name) for name in ANSWER_FIELDS}
