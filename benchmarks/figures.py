"""How a benchmark script hands its figures to the runner (benchmarks/run.py): one line
``FIGURE {"key": ..., "value": ..., "unit": ..., "runs": ...}`` per figure on stdout, beside the
script's own readable lines. Values are medians where a figure has several runs."""

from __future__ import annotations

import json
import statistics
from collections.abc import Sequence


def report(key: str, values: Sequence[float] | float, unit: str) -> None:
    runs = list(values) if isinstance(values, Sequence) else [values]
    print("FIGURE " + json.dumps({"key": key, "value": statistics.median(runs), "unit": unit,
                                  "runs": len(runs)}), flush=True)
