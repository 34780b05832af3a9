"""Quality only moves up: extraction on the shared real-page corpus stays above pinned floors.

The corpus lives outside the project (`../shared/corpus`, never copied in); where it is absent
(a clone elsewhere) there is nothing to measure and the gate says so by skipping.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pressbot.evaluate import evaluate_dir, summarize

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
FLOORS = json.loads((Path(__file__).parent / "eval_floors.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_corpus_above_floors(name: str) -> None:
    directory = CORPUS / name
    if not directory.is_dir():
        pytest.skip(f"no shared corpus at {directory}")
    summary = summarize(evaluate_dir(directory))
    assert summary["errors"] == 0
    below = {
        k: (summary.get(k), floor) for k, floor in FLOORS[name].items() if summary.get(k, 0) < floor
    }
    assert not below, f"{name} below floors (got, floor): {below}"
