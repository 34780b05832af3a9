"""Near-duplicate lookup at scale: the SQLite indexes of both stages, and a linear scan.

For each size, in a fresh child process (so peak RSS is that size's own): bulk-load N documents
with a random 64-bit SimHash and a random MinHash signature into a new SQLite dedup store, then
look each probe up as `check_and_add` does for a new record (stage 1 SimHash, then stage 2
MinHash). A quarter of the probes are stored fingerprints with 1-3 bits flipped (planted stage-1
copies), a quarter stored signatures with 14 of 32 values changed but one band intact (planted
stage-2 copies, estimate 18/32); all must be found. The rest are random (almost all misses).
Then `check_and_add` of 1,000 new records (one transaction each, as a crawl writes them). Prints
lookups per second, p50 and p99 latency, add latency (ms), load time, database size, peak RSS and
planted copies missed per stage; then a linear SimHash scan (every stored fingerprint read and
compared) on smaller sizes, measured in the same run, with its answers checked against the
index's.

    python bench/dedup_scale.py                      # 10k, 100k, 1M; scan at 10k and 100k
    python bench/dedup_scale.py --sizes 10000 --scan-sizes 10000
"""

from __future__ import annotations

import argparse
import hashlib
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

from pressbot.dedup.keys import BANDS, PERMUTATIONS, ROWS, hamming, to_unsigned64
from pressbot.dedup.sqlite import SQLiteDedupStore

NEAR, SIMILAR, NEW = "near", "similar", "new"


def signature(n: int) -> bytes:
    """Document n's random signature, recomputed on demand instead of held: RSS stays the
    store's."""
    return hashlib.shake_128(n.to_bytes(8, "big")).digest(4 * PERMUTATIONS)


def similar_copy(original: bytes, rng: random.Random) -> bytes:
    """14 of 32 values changed, one band intact: estimate 18/32, findable through that band."""
    values = [original[i : i + 4] for i in range(0, len(original), 4)]
    kept = rng.randrange(BANDS)
    band = range(kept * ROWS, (kept + 1) * ROWS)
    for i in rng.sample([i for i in range(PERMUTATIONS) if i not in band], 14):
        values[i] = rng.randbytes(4)
    return b"".join(values)


def probes(stored: list[int], count: int, rng: random.Random) -> list[tuple[int, bytes, str, int]]:
    """(fingerprint, signature, kind, stored document it copies or -1)."""
    out = []
    for n in range(count):
        doc = rng.randrange(len(stored))
        fingerprint, sig, kind = rng.getrandbits(64), rng.randbytes(4 * PERMUTATIONS), NEW
        if n % 4 == 0:
            fingerprint, kind = stored[doc], NEAR
            for bit in rng.sample(range(64), rng.randint(1, 3)):
                fingerprint ^= 1 << bit
        elif n % 4 == 1:
            sig, kind = similar_copy(signature(doc), rng), SIMILAR
        out.append((fingerprint, sig, kind, doc if kind != NEW else -1))
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
            store.bulk_add_near(
                (f"http://x/{i}", fp, signature(i)) for i, fp in enumerate(fingerprints)
            )
            load_s = time.perf_counter() - started
            store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size_bytes = sum(p.stat().st_size for p in Path(folder).iterdir())
            queries = probes(fingerprints, lookups, rng)
            latencies, missed = [], {NEAR: 0, SIMILAR: 0}
            for fingerprint, sig, kind, doc in queries:
                t0 = time.perf_counter_ns()
                found = store.find_near(fingerprint) or store.find_similar(sig)
                latencies.append((time.perf_counter_ns() - t0) / 1e6)
                if kind != NEW:
                    missed[kind] += found is None or found[0] != f"http://x/{doc}"
            adds = []
            for n in range(1000):
                url = f"http://new/{n}"
                content = f"{n:064x}"
                sig = rng.randbytes(4 * PERMUTATIONS)
                t0 = time.perf_counter_ns()
                store.check_and_add(url, content, url, rng.getrandbits(64), signature=sig)
                adds.append((time.perf_counter_ns() - t0) / 1e6)
            result: dict[str, object] = {
                "size": size,
                "load_s": round(load_s, 1),
                "lookups_per_s": round(len(latencies) / (sum(latencies) / 1000)),
                "p50_ms": round(statistics.median(latencies), 3),
                "p99_ms": round(percentile(latencies, 0.99), 3),
                "add_p50_ms": round(statistics.median(adds), 3),
                "add_p99_ms": round(percentile(adds, 0.99), 3),
                "db_mb": round(size_bytes / 2**20, 1),
                "planted_missed": f"{missed[NEAR]}/{missed[SIMILAR]}",
            }
            if scan:
                scan_latencies, disagreements = [], 0
                for probe, *_ in queries[:scan_lookups]:
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
        f"{'size':>9} {'load s':>7} {'lookups/s':>10} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'add p50':>7} {'add p99':>7} {'db MB':>6} {'RSS MB':>6} {'missed 1/2':>10}   "
        "linear scan: p50 ms, lookups/s, disagreements"
    )
    for size in sorted(set(args.sizes) | set(args.scan_sizes)):
        command = [sys.executable, __file__, "--one", str(size), "--lookups", str(args.lookups)]
        command += ["--scan-lookups", str(args.scan_lookups), "--scan-sizes"]
        command += [str(s) for s in args.scan_sizes]
        r = json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
        line = (
            f"{r['size']:>9} {r['load_s']:>7} {r['lookups_per_s']:>10} {r['p50_ms']:>7} "
            f"{r['p99_ms']:>7} {r['add_p50_ms']:>7} {r['add_p99_ms']:>7} {r['db_mb']:>6} "
            f"{r['peak_rss_mb']:>6} {r['planted_missed']:>10}"
        )
        if "scan_p50_ms" in r:
            line += (
                f"   {r['scan_p50_ms']} ms, {r['scan_lookups_per_s']}/s, "
                f"{r['scan_disagreements']} disagreements"
            )
        print(line, flush=True)


if __name__ == "__main__":
    main()
