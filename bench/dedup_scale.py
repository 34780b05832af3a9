"""Near-duplicate lookup at scale: the SQLite block-permutation index against a linear scan.

For each size, in a fresh child process (so peak RSS is that size's own): bulk-load N random
64-bit fingerprints into a new SQLite dedup store, then look up probes of which half are stored
fingerprints with 1-3 bits flipped (planted near neighbours, all must be found) and half are
random (almost all misses). Prints lookups per second, p50 and p99 latency, load time, database
size and peak RSS; then a linear scan (every stored fingerprint read and compared) on smaller
sizes, measured in the same run, with its answers checked against the index's.

    python bench/dedup_scale.py                      # 10k, 100k, 1M; scan at 10k and 100k
    python bench/dedup_scale.py --sizes 10000 --scan-sizes 10000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pressbot.dedup.keys import hamming, to_unsigned64
from pressbot.dedup.sqlite import SQLiteDedupStore


def probes(stored: list[int], count: int, rng: random.Random) -> list[tuple[int, bool]]:
    out = []
    for n in range(count):
        if n % 2 == 0:
            base = stored[rng.randrange(len(stored))]
            for bit in rng.sample(range(64), rng.randint(1, 3)):
                base ^= 1 << bit
            out.append((base, True))
        else:
            out.append((rng.getrandbits(64), False))
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def one_size(size: int, lookups: int, scan: bool, scan_lookups: int) -> dict[str, object]:
    rng = random.Random(size)
    fingerprints = [rng.getrandbits(64) for _ in range(size)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "state.sqlite3"
        with SQLiteDedupStore(path) as store:
            started = time.perf_counter()
            store.bulk_add_simhashes((f"http://x/{i}", fp) for i, fp in enumerate(fingerprints))
            load_s = time.perf_counter() - started
            store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size_bytes = sum(p.stat().st_size for p in Path(folder).iterdir())
            queries = probes(fingerprints, lookups, rng)
            latencies, missed_planted = [], 0
            for probe, planted in queries:
                t0 = time.perf_counter_ns()
                found = store.find_near(probe)
                latencies.append((time.perf_counter_ns() - t0) / 1e6)
                missed_planted += planted and found is None
            result: dict[str, object] = {
                "size": size,
                "load_s": round(load_s, 1),
                "lookups_per_s": round(len(latencies) / (sum(latencies) / 1000)),
                "p50_ms": round(statistics.median(latencies), 3),
                "p99_ms": round(percentile(latencies, 0.99), 3),
                "db_mb": round(size_bytes / 2**20, 1),
                "planted_missed": missed_planted,
            }
            if scan:
                scan_latencies, disagreements = [], 0
                for probe, _ in queries[:scan_lookups]:
                    t0 = time.perf_counter_ns()
                    best = None
                    for (signed,) in store._db.execute("SELECT simhash FROM near_docs"):
                        distance = hamming(probe, to_unsigned64(signed))
                        if distance <= 3 and (best is None or distance < best):
                            best = distance
                    scan_latencies.append((time.perf_counter_ns() - t0) / 1e6)
                    found = store.find_near(probe)
                    disagreements += (found[1] if found else None) != best
                result["scan_p50_ms"] = round(statistics.median(scan_latencies), 2)
                result["scan_lookups_per_s"] = round(
                    len(scan_latencies) / (sum(scan_latencies) / 1000), 1
                )
                result["scan_disagreements"] = disagreements
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--scan-sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--lookups", type=int, default=5_000)
    parser.add_argument("--scan-lookups", type=int, default=40)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        scan = args.one in args.scan_sizes
        print(json.dumps(one_size(args.one, args.lookups, scan, args.scan_lookups)))
        return
    print(
        f"{'size':>9} {'load s':>7} {'lookups/s':>10} {'p50 ms':>7} {'p99 ms':>7} {'db MB':>6} "
        f"{'RSS MB':>6} {'planted missed':>14}   linear scan: p50 ms, lookups/s, disagreements"
    )
    for size in sorted(set(args.sizes) | set(args.scan_sizes)):
        command = [sys.executable, __file__, "--one", str(size), "--lookups", str(args.lookups)]
        command += ["--scan-lookups", str(args.scan_lookups), "--scan-sizes"]
        command += [str(s) for s in args.scan_sizes]
        r = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
        line = (
            f"{r['size']:>9} {r['load_s']:>7} {r['lookups_per_s']:>10} {r['p50_ms']:>7} "
            f"{r['p99_ms']:>7} {r['db_mb']:>6} {r['peak_rss_mb']:>6} {r['planted_missed']:>14}"
        )
        if "scan_p50_ms" in r:
            line += (
                f"   {r['scan_p50_ms']} ms, {r['scan_lookups_per_s']}/s, "
                f"{r['scan_disagreements']} disagreements"
            )
        print(line, flush=True)


if __name__ == "__main__":
    main()
