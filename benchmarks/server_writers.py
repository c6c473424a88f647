"""Several analysts saving answers at once into one assessment: 5 writers × 200 answers, on a
PostgreSQL server started for the run and on the SQLite file (same run), as
tests/team/test_concurrent_writers.py has them write.

Each writer is a process of its own with its own ``Services`` (on the server its own login in
the ``aibri_analyst`` role, as each analyst's app connects). All write into the same new
assessment of a real country (Kenya, the default framework and modules). A writer reads the
assessment, picks an indicator and a level at random, and saves the answer through the service
with the values it saw as ``expected``, as the questionnaire window does. Counted:

- **saved**: the service took the answer (a level equal to the stored one is taken and writes
  nothing; it counts as saved);
- **refused**: ``ChangedSinceError``: another writer changed that answer between this writer's
  read and its save, so nothing was written and the writer was told who changed it. This is
  the app working as designed, not an error; how many there are depends on how often two
  writers pick the same indicator at once;
- **failed**: any other exception (a busy timeout, a lock timeout, a lost connection, a bug).
  The target is 0.

Throughput is saved answers per second of wall time, from the moment every writer was told to
start until the last one finished (each writer also reads the assessment before each save, as
a window shows it, so that time is in the wall time). Latency is that of each save call alone
(saved or refused), median and 95th percentile (nearest rank) over all writers. Afterwards the
assessment's history is checked: as many entries as answers that changed something.

The server keeps PostgreSQL's default durability (server_scale.py's ``_Server``), on a Unix
socket of this machine: a server across a network adds a round trip to each query. Timings are
noisy on a shared 2-core machine where other work runs.

    .venv/bin/python benchmarks/server_writers.py [--writers 5] [--answers 200]
                                                  [--engine both|server|sqlite]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import IO, Any

from figures import report

ENGINES = {"server": "PostgreSQL server", "sqlite": "SQLite file"}
GROUPS = ("CREATE ROLE aibri_reader NOLOGIN",
          "CREATE ROLE aibri_analyst NOLOGIN IN ROLE aibri_reader",
          "CREATE ROLE aibri_reviewer NOLOGIN IN ROLE aibri_analyst")


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]  # nearest rank


def _login(n: int) -> str:
    return f"bench_writer{n}"


def _as_login(url: str, login: str) -> str:
    """The same server database's URL for another login (the bench server trusts its
    socket)."""
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{login}@{rest.split('@', 1)[1]}"


# ---- one writer (a child process) ------------------------------------------------------------


def _write(spec: str, assessment_id: str, writer: int, answers: int) -> dict[str, Any]:
    """One analyst's app: open the library, say READY, wait for GO on stdin, then save
    ``answers`` answers as the test's writers do."""
    from aibri_desktop.domain.answers import ANSWER_FIELDS, Answer
    from aibri_desktop.services import Services
    from aibri_desktop.services.errors import ChangedSinceError

    services = Services.open(spec)
    record = services.assessments.load(assessment_id)
    indicators = [i.id for d in record.framework.enabled_dimensions(record.modules)
                  for i in d.indicators]
    rng = random.Random(writer)
    latencies: list[float] = []
    saved = changed = 0
    refusals: list[str] = []
    failures: list[str] = []
    print("READY", flush=True)
    sys.stdin.readline()  # GO
    try:
        for _ in range(answers):
            indicator = rng.choice(indicators)
            level = rng.randint(0, 4)
            try:
                seen = services.assessments.load(assessment_id).answers.get(indicator)
            except Exception as exc:  # the read failed: the save is not attempted
                failures.append(f"reading: {type(exc).__name__}: {exc}")
                continue
            current = seen or Answer(indicator)
            expected = {name: getattr(current, name) for name in ANSWER_FIELDS}
            started = time.perf_counter()
            try:
                change = services.assessments.answer(
                    assessment_id=assessment_id, indicator_id=indicator,
                    who=f"writer {writer}", level=level, expected=expected)
            except ChangedSinceError as exc:  # another writer changed it in between
                refusals.append(str(exc))
            except Exception as exc:
                failures.append(f"{type(exc).__name__}: {exc}")
            else:
                saved += 1
                changed += change.payload is not None
            finally:
                latencies.append(time.perf_counter() - started)
    finally:
        services.close()
    return {"latencies": latencies, "saved": saved, "changed": changed,
            "refusals": refusals, "failures": failures}


# ---- the run ---------------------------------------------------------------------------------


def _prepare(spec: str) -> str:
    """A new assessment of a real country in the library; its id."""
    from aibri_desktop.services import Services

    services = Services.open(spec)
    try:
        made = services.assessments.create(country_code="KE", title="Five writers",
                                           as_of=date(2026, 1, 1))
        return made.assessment_id
    finally:
        services.close()


def _history_entries(spec: str, assessment_id: str) -> int:
    from sqlalchemy import func, select

    from aibri_desktop.services import Services
    from aibri_desktop.storage.models import AnswerHistoryRow

    services = Services.open(spec)
    try:
        with services.database.session() as session:
            return int(session.scalar(select(func.count()).select_from(AnswerHistoryRow).where(
                AnswerHistoryRow.assessment_id == assessment_id)) or 0)
    finally:
        services.close()


def _run(specs: list[str], assessment_id: str, answers: int) -> tuple[float, list[dict[str, Any]]]:
    """Every writer in a process of its own, started together; the wall time from GO to the
    last one's end, and each writer's results."""
    children = [subprocess.Popen(
        [sys.executable, __file__, "--write", spec, "--assessment", assessment_id,
         "--writer", str(n), "--answers", str(answers)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for n, spec in enumerate(specs)]

    def line(child: subprocess.Popen[str]) -> str:
        out: IO[str] | None = child.stdout
        assert out is not None
        text = out.readline()
        if not text:
            raise RuntimeError(f"a writer ended early (exit {child.wait()})")
        return text

    try:
        for child in children:  # every writer has opened the library
            if line(child).strip() != "READY":
                raise RuntimeError("a writer did not start")
        started = time.perf_counter()
        for child in children:
            assert child.stdin is not None
            child.stdin.write("GO\n")
            child.stdin.flush()
        results = []
        for child in children:
            text = line(child)
            results.append(json.loads(text[len("DONE "):]))
        elapsed = time.perf_counter() - started
    except BaseException:
        for child in children:  # a writer waiting for GO would wait for ever
            child.kill()
        raise
    finally:
        for child in children:
            child.wait()
    return elapsed, results


def _measure(engine: str, spec: str, writers: int, answers: int) -> dict[str, Any]:
    assessment_id = _prepare(spec)
    specs = ([_as_login(spec, _login(n)) for n in range(writers)] if engine == "server"
             else [spec] * writers)
    elapsed, results = _run(specs, assessment_id, answers)
    latencies = [x for r in results for x in r["latencies"]]
    return {
        "elapsed": elapsed, "latencies": latencies,
        "saved": sum(r["saved"] for r in results),
        "changed": sum(r["changed"] for r in results),
        "refusals": [x for r in results for x in r["refusals"]],
        "failures": [x for r in results for x in r["failures"]],
        "history": _history_entries(spec, assessment_id),
    }


def _server_library(server: Any, writers: int) -> str:
    """A database on the bench server made by its owner, with the team's group roles and a
    login in the analyst role for each writer (created before the owner's first open, which
    grants the roles their rights)."""
    import psycopg

    with psycopg.connect(host=str(server.sockets), port=server.port, user=server.user,
                         dbname="postgres", autocommit=True) as connection:
        for statement in (*GROUPS, *(f"CREATE ROLE {_login(n)} LOGIN IN ROLE aibri_analyst"
                                     for n in range(writers))):
            connection.execute(statement.encode())
    url: str = server.new_database("writers")
    from aibri_desktop.services import Services

    Services.open(url).close()  # the owner migrates and grants
    return url


def _summary(label: str, m: dict[str, Any], writers: int, answers: int) -> None:
    latencies, elapsed = m["latencies"], m["elapsed"]
    attempts = writers * answers
    print(f"{label}: {writers} writers × {answers} answers into one assessment")
    print(f"  wall time      {elapsed:.2f} s")
    print(f"  throughput     {m['saved'] / elapsed:.1f} answers saved/s "
          f"({attempts / elapsed:.1f} attempts/s)")
    print(f"  save latency   median {statistics.median(latencies) * 1000:.1f} ms, "
          f"p95 {_p95(latencies) * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms "
          f"(n={len(latencies)})")
    print(f"  saved          {m['saved']} ({m['changed']} changed an answer, "
          f"{m['saved'] - m['changed']} gave the level already stored)")
    print(f"  refused        {len(m['refusals'])} (changed by another writer since read: "
          "expected, nothing written)")
    if m["refusals"]:
        print(f"    e.g. {m['refusals'][0]}")
    print(f"  failed         {len(m['failures'])} (any other error; target 0)")
    for text in sorted(set(m["failures"]))[:5]:
        print(f"    {text}")
    verdict = "as many" if m["history"] == m["changed"] else "MISMATCH:"
    print(f"  history        {m['history']} entries for {m['changed']} changed answers "
          f"({verdict})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument("--answers", type=int, default=200, help="answers per writer")
    parser.add_argument("--engine", choices=("both", *ENGINES), default="both")
    parser.add_argument("--write", metavar="SPEC", help=argparse.SUPPRESS)  # a writer
    parser.add_argument("--assessment", help=argparse.SUPPRESS)
    parser.add_argument("--writer", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.write:
        done = _write(args.write, args.assessment, args.writer, args.answers)
        print("DONE " + json.dumps(done), flush=True)
        return 0
    if args.writers > 15:
        parser.error("at most 15 writers (the bench server allows 20 connections)")
    engines = list(ENGINES) if args.engine == "both" else [args.engine]
    measured: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="aibri-writers-bench-") as name:
        for engine in engines:
            if engine == "sqlite":
                measured[engine] = _measure(engine, str(Path(name) / "library.sqlite3"),
                                            args.writers, args.answers)
                continue
            from server_scale import _Server

            try:
                server = _Server()
            except RuntimeError as exc:  # ServerUnavailable: say why in one line
                print(f"server_writers: no PostgreSQL server: {exc}", file=sys.stderr)
                continue
            try:
                url = _server_library(server, args.writers)
                measured[engine] = _measure(engine, url, args.writers, args.answers)
            finally:
                server.stop()
    for engine, m in measured.items():
        _summary(ENGINES[engine], m, args.writers, args.answers)
        print()
    for engine, m in measured.items():
        report(f"{engine}_writers_throughput", m["saved"] / m["elapsed"], "answers/s")
        report(f"{engine}_writers_median", m["latencies"], "s")
        report(f"{engine}_writers_p95", _p95(m["latencies"]), "s")
        report(f"{engine}_writers_refused", len(m["refusals"]), "writes")
        report(f"{engine}_writers_failed", len(m["failures"]), "writes")
        report(f"{engine}_writers_wall", m["elapsed"], "s")
    return 0 if measured else 1


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.exit(main())
