"""The methodology is generated from the framework and states the reference case's numbers."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from helpers import reference

ROOT = Path(__file__).resolve().parents[2]


def _generator():
    spec = importlib.util.spec_from_file_location("make_methodology",
                                                  ROOT / "docs" / "make_methodology.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_methodology_matches_the_framework() -> None:
    text = _generator().render()
    for target in (ROOT / "docs" / "methodology.md",
                   ROOT / "resources" / "help" / "en" / "methodology.md"):
        assert target.read_text(encoding="utf-8") == text, (
            f"{target} is stale: run docs/make_methodology.py")


def test_worked_example_states_the_reference_numbers() -> None:
    text = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    section = text[text.index("## 8. Worked example"):text.index("## 9.")]
    bold = set(re.findall(r"\*\*([0-9.]+)\*\*", section))
    want = reference.expected()
    values = [want["overall"][k] for k in ("score", "low", "high", "coverage")]
    values += [want["residual"][k] for k in ("score", "low", "high")]
    for dim in want["dimensions"].values():
        values += [dim[k] for k in ("score", "low", "high", "coverage")]
    assert not [v for v in values if v not in bold]
    assert "**High**" in section and "**Elevated**" in section
    for flag in want["red_flags"]:
        assert flag["indicator"] in section
    # version 2: the overall verdict as a bound, never the band of the score on its own, and
    # what must be answered with the shown shares
    flat = " ".join(section.split())
    bands = want["overall"]["verdict"]["bands"]
    assert f"at least **{bands[0]}**, at most **{bands[-1]}**" in flat
    assert want["overall"]["band"] is None and "band **High**" not in flat
    for item in want["overall"]["settle_by"]:
        assert item["indicator"] in flat and f"{item['share']:.1f}" in flat
    assert f"at least {want['overall']['must_answer'][0]} is answered" in flat
    assert "Threshold 60: open" in flat and want["overall"]["threshold_60"] == "open"


def test_every_overlap_and_effective_weight_is_published() -> None:
    from aibri_desktop.domain.framework_file import load_framework_file
    from aibri_desktop.domain.weights import effective_weights
    from aibri_desktop.paths import bundled_framework_files

    framework = load_framework_file(bundled_framework_files()[0])
    text = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    for overlap in framework.overlaps:
        assert f"**{overlap.id}**" in text
    for row in effective_weights(framework):
        assert f"| {row.indicator_id} | {row.weight} | {float(row.share) * 100:.2f} % |" in text
