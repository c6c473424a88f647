"""Time the robustness analysis (2,000 Monte Carlo draws + equal weights + drop-one +
aggregation, mitigation factor and cut-offs) on an assessment of the bundled framework with
every module on."""

from __future__ import annotations

import statistics
import sys
import time

from figures import report

from aibri_desktop.domain.answers import Answer, AnswerState, Confidence
from aibri_desktop.domain.robustness import _monte_carlo, robustness
from aibri_desktop.services.frameworks import FrameworkCatalog


def main() -> int:
    import random

    framework = FrameworkCatalog().default()  # the one new assessments use
    modules = frozenset(framework.optional_dimension_ids)
    rng = random.Random(3)
    answers = {}
    for indicator in framework.indicators():
        if rng.random() < 0.1:
            answers[indicator.id] = Answer(indicator.id, AnswerState.UNKNOWN)
        else:
            answers[indicator.id] = Answer(indicator.id, AnswerState.ANSWERED, rng.randrange(5),
                                           rng.choice(list(Confidence)))
    full, draws_only = [], []
    for _ in range(7):
        start = time.perf_counter()
        robustness(framework, answers, modules)
        full.append(time.perf_counter() - start)
        start = time.perf_counter()
        _monte_carlo(framework, answers, modules, random.Random(1), 2000)
        draws_only.append(time.perf_counter() - start)
    print(f"robustness, {sum(1 for _ in framework.indicators())} indicators, all modules: "
          f"Monte Carlo 2,000 draws median {statistics.median(draws_only) * 1000:.0f} ms; "
          f"whole analysis (draws, equal weights, drop-one, the other checks) median "
          f"{statistics.median(full) * 1000:.0f} ms over 7 runs (target <= 300 ms)")
    report("robustness_2000", draws_only, "s")
    report("robustness_all", full, "s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
