"""Time and peak memory of `extract` on the hostile pages of tests/test_hostile.py.

    python bench/hostile.py

Each case runs in a fresh process, so each peak RSS is its own; "of it extract" is the growth
during extraction (the rest is the interpreter and the test pages held in memory).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent / "tests" / "test_hostile.py"


def cases() -> dict[str, bytes]:
    spec = importlib.util.spec_from_file_location("test_hostile", TESTS)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.CASES)


def run_one(name: str) -> dict[str, object]:
    from pressbot import extract  # noqa: PLC0415 - imported in the child only

    data = cases()[name]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    article = extract(data, "http://example.cn/a.html")
    return {
        "case": name,
        "mb": round(len(data) / 1e6, 1),
        "seconds": round(time.perf_counter() - started, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0),
        "rss_before_mb": round(before / 1024, 0),
        "outcome": article.extraction.page_type,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", metavar="CASE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one), ensure_ascii=False))
        return 0
    print(
        f"{'case':32} {'MB':>6} {'seconds':>8} {'peak RSS MB':>12} {'of it extract':>14}  outcome"
    )
    for name in cases():
        out = subprocess.run(
            [sys.executable, __file__, "--one", name], capture_output=True, text=True, check=True
        ).stdout
        row = json.loads(out)
        grown = row["peak_rss_mb"] - row["rss_before_mb"]
        print(
            f"{name:32} {row['mb']:>6} {row['seconds']:>8} {row['peak_rss_mb']:>12} "
            f"{grown:>14}  {row['outcome']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
