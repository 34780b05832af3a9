"""How fast `pressbot parse` is, against a bare lxml parse of the same bytes, and how it scales.

    python bench/speed.py                          # pages of ../shared/corpus
    python bench/speed.py DIR ... --pages 10000 --compare-pages 1000 --rounds 7

Prints, on the corpus pages (every `*.html` / `*.html.gz`, with the URL of the gold `.json`
beside it when there is one):

1. one process: pages/s and time relative to `lxml.html.fromstring` of the same bytes, for
   `pressbot.extract`, for the whole per-page work of a `pressbot parse` worker (extract, the
   crawl's publishing gate, JSON), and for trafilatura's `bare_extraction` when it is installed.
   Each round runs every extractor on a block of ten pages before the next block, in an order
   that turns by one from block to block, and adds up each extractor's time: a shared
   machine's speed drifts by a third from one minute to the next, and so all extractors see
   the same spells (timing each over all pages in turn gave rounds from 3.4 to 6.2 times the
   bare parse for the same code, blocks 4.5 to 5.3, with the same medians; blocks rather than
   single pages, so that each extractor runs on its own warm caches, as in a real run). A
   ratio is the median over the rounds of the extractor's time over the bare parse's in the
   same round, pages/s the median round;
2. `pressbot parse -j 2` against `-j 1`, the real command on a WARC of `--compare-pages` pages,
   run back to back in pairs (the median ratio of seven pairs), with Python's bytecode cached
   before the runs (`bytecode_env`);
3. peak RSS of `pressbot parse -j 2` over a WARC of `--pages` pages (the corpus pages cycled):
   the parent, the largest worker, and the whole process tree summed (sampled from /proc).

Nothing here is a test: it measures, in one run, and prints the targets beside the figures. The
machine's load average is printed too, since other work on the machine moves every figure.
"""

from __future__ import annotations

import argparse
import gzip
import io
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lxml.html
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pressbot import extract
from pressbot.offline.pages import Page
from pressbot.offline.work import parse_page

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
TARGET_RATIO = 5.0
TARGET_VS_TRAFILATURA = 3.0
TARGET_SCALING = 1.8
TARGET_RSS_MB = 300
BLOCK = 10
"""Pages an extractor runs on in a row (`_interleaved`): its caches warm, as in a real run, and
all extractors take their turn within a second or so."""

Corpus = list[tuple[str, bytes]]


def load_corpus(dirs: list[Path]) -> Corpus:
    pages = []
    for directory in dirs:
        for path in sorted(directory.rglob("*.htm*")):
            if not path.name.endswith((".html", ".htm", ".html.gz", ".htm.gz")):
                continue
            data = path.read_bytes()
            if path.name.endswith(".gz"):
                data = gzip.decompress(data)
            gold = path.with_name(path.name.split(".")[0] + ".json")
            url = None
            if gold.exists():
                url = json.loads(gold.read_text(encoding="utf-8")).get("url")
            # An http URL in any case: WARC readers give HTTP headers only to http(s) records.
            pages.append((url or f"http://corpus.invalid/{directory.name}/{path.name}", data))
    return pages


def _interleaved(extractors: list[Callable[[str, bytes], object]], pages: Corpus) -> list[float]:
    """Each extractor's seconds over `pages`, taken `BLOCK` pages at a time: every extractor
    runs on a block before the next block, the first of them turning from block to block."""
    seconds = [0.0] * len(extractors)
    order = list(range(len(extractors)))
    for number, start in enumerate(range(0, len(pages), BLOCK)):
        block = pages[start : start + BLOCK]
        turn = number % len(order)
        for which in order[turn:] + order[:turn]:
            fn = extractors[which]
            started = time.perf_counter()
            for url, data in block:
                fn(url, data)
            seconds[which] += time.perf_counter() - started
    return seconds


def _trafilatura() -> Callable[[str, bytes], object] | None:
    try:
        from trafilatura import bare_extraction  # noqa: PLC0415
    except ImportError:
        return None
    return lambda url, data: bare_extraction(data, url=url, with_metadata=True)


def single_process(pages: Corpus, rounds: int) -> None:
    extractors: dict[str, Callable[[str, bytes], object]] = {
        "lxml.html.fromstring(bytes)": lambda url, data: lxml.html.fromstring(data),
        "pressbot extract()": lambda url, data: extract(data, url),
        "pressbot parse worker, per page": lambda url, data: parse_page(
            Page("bench", url=url, data=data), None
        ),
    }
    traf = _trafilatura()
    if traf is not None:
        extractors["trafilatura bare_extraction()"] = traf
    functions = list(extractors.values())
    _interleaved(functions, pages[:5])  # warm up: imports, regex compilation, caches
    seconds: dict[str, list[float]] = {name: [] for name in extractors}
    for _ in range(rounds):
        for name, spent in zip(extractors, _interleaved(functions, pages), strict=True):
            seconds[name].append(spent)
    base = seconds["lxml.html.fromstring(bytes)"]
    print(f"\n1. one process, {len(pages)} pages, {rounds} round(s)")
    print(f"   {'':<34} {'pages/s':>8} {'x bare lxml parse':>18}   rounds")
    ratios = {}
    for name, times in seconds.items():
        each = sorted(t / b for t, b in zip(times, base, strict=True))
        ratios[name] = statistics.median(each)
        rate = len(pages) / statistics.median(times)
        spread = f"{each[0]:.1f}-{each[-1]:.1f}"
        print(f"   {name:<34} {rate:8.1f} {ratios[name]:18.1f}   {spread}")
    ours = ratios["pressbot extract()"]
    verdict = "met" if ours <= TARGET_RATIO else "NOT met"
    print(
        f"   target: extract() within {TARGET_RATIO:.0f}x the bare parse: {verdict} ({ours:.1f}x)"
    )
    if traf is None:
        print("   trafilatura: not installed (python -m pip install trafilatura lxml_html_clean)")
    else:
        faster = ratios["trafilatura bare_extraction()"] / ours
        verdict = "met" if faster >= TARGET_VS_TRAFILATURA else "NOT met"
        print(
            f"   target: at least {TARGET_VS_TRAFILATURA:.0f}x faster than trafilatura: "
            f"{verdict} ({faster:.2f}x)"
        )


def write_warc(path: Path, pages: Corpus, count: int) -> None:
    """`count` response records cycling through the corpus pages, each record its own member."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, data in itertools.islice(itertools.cycle(pages), count):
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(data),
                length=len(data),
                http_headers=headers,
            )
            writer.write_record(record)


def _tree_rss(root: int) -> tuple[int, dict[int, int]]:
    """(sum of RSS in bytes over `root` and its descendants, RSS per pid), from /proc.

    Follows /proc/<pid>/task/<tid>/children down from `root` instead of reading every process
    on the machine: the sampler shares the cores with the workers it measures.
    """
    page = os.sysconf("SC_PAGE_SIZE")
    members: dict[int, int] = {}
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
                members[pid] = int(handle.read().split()[1]) * page
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                    todo += [int(child) for child in handle.read().split()]
        except (OSError, IndexError, ValueError):
            continue
    return sum(members.values()), members


def bytecode_env(
    work: Path, modules: str = "pressbot.cli, pressbot.offline.work"
) -> dict[str, str]:
    """The environment of the timed runs: Python's bytecode cached in `work` and made before
    them (importing `modules`), as an installed package has it after its first run; with it,
    the extraction code's compiled patterns (`pressbot.patterncache`). Where
    PYTHONDONTWRITEBYTECODE is set (as in this project's sandbox), each run would otherwise
    compile pressbot's source and patterns again, 0.2 s of its start that no installed copy
    pays."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    subprocess.run([sys.executable, "-c", f"import {modules}"], cwd=ROOT, env=env, check=True)
    return env


def run_parse(warc: Path, jobs: int, env: dict[str, str], sample: bool = True) -> dict[str, Any]:
    """`pressbot parse WARC -j N -o /dev/null`: wall time and, with `sample`, peak RSS (sampled
    every 0.1 s; timing runs do without, so the sampler takes no CPU from the workers)."""
    command = [sys.executable, "-m", "pressbot.cli", "parse", str(warc), "-j", str(jobs)]
    command += ["-o", os.devnull]
    peaks = {"tree": 0, "parent": 0, "worker": 0}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    done = threading.Event()

    def sample_rss() -> None:
        while not done.is_set():
            total, members = _tree_rss(process.pid)
            peaks["tree"] = max(peaks["tree"], total)
            peaks["parent"] = max(peaks["parent"], members.get(process.pid, 0))
            others = [v for pid, v in members.items() if pid != process.pid]
            peaks["worker"] = max([peaks["worker"], *others])
            done.wait(0.1)

    sampler = threading.Thread(target=sample_rss, daemon=True)
    if sample:
        sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    if sample:
        sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"pressbot parse failed ({process.returncode}):\n{stderr[-2000:]}")
    return {"seconds": seconds, **{k: v / 2**20 for k, v in peaks.items()}}


def parallel(pages: Corpus, count: int, work: Path, env: dict[str, str], pairs: int = 7) -> None:
    """`-j 2` against `-j 1`, run back to back `pairs` times: the ratio of each pair, then their
    median, so that a slow or fast spell of a shared machine falls on both runs of a pair."""
    warc = work / f"compare-{count}.warc.gz"
    write_warc(warc, pages, count)
    times = [
        (
            run_parse(warc, 1, env, sample=False)["seconds"],
            run_parse(warc, 2, env, sample=False)["seconds"],
        )
        for _ in range(pairs)
    ]
    ratios = sorted(one / two for one, two in times)
    ratio = statistics.median(ratios)
    print(f"\n2. pressbot parse on a WARC of {count} pages, -o /dev/null ({pairs} pairs of runs)")
    print("   (bytecode cached before the runs, as an installed package has it)")
    for jobs in (1, 2):
        seconds = statistics.median(pair[jobs - 1] for pair in times)
        print(f"   -j {jobs}: {seconds:6.1f} s  {count / seconds:6.1f} pages/s (median)")
    print(f"   ratio of each pair: {', '.join(f'{r:.2f}' for r in ratios)}")
    verdict = "met" if ratio >= TARGET_SCALING else "NOT met"
    print(f"   target: -j 2 at least {TARGET_SCALING}x -j 1: {verdict} (median {ratio:.3f}x)")


def memory(pages: Corpus, counts: list[int], work: Path, env: dict[str, str]) -> None:
    print("\n3. peak RSS of pressbot parse -j 2 (MB; the tree sum counts shared pages twice)")
    print(f"   {'pages':>6} {'parent':>8} {'largest worker':>15} {'whole tree':>11} {'pages/s':>8}")
    last: dict[str, Any] = {}
    for count in counts:
        warc = work / f"memory-{count}.warc.gz"
        write_warc(warc, pages, count)
        last = run_parse(warc, 2, env)
        warc.unlink()
        print(
            f"   {count:6} {last['parent']:8.0f} {last['worker']:15.0f} {last['tree']:11.0f} "
            f"{count / last['seconds']:8.1f}"
        )
    verdict = "met" if last["tree"] < TARGET_RSS_MB else "NOT met"
    print(f"   target: under {TARGET_RSS_MB} MB at {counts[-1]} pages: {verdict}")


def _load() -> str:
    return "load average " + " ".join(f"{v:.2f}" for v in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, default=[DEFAULT_CORPUS])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--compare-pages", type=int, default=1000)
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument(
        "--skip", choices=["single", "parallel", "memory"], action="append", default=[]
    )
    args = parser.parse_args(argv)
    missing = [d for d in args.dirs if not d.is_dir()]
    if missing:
        print(f"no corpus at {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    pages = load_corpus(args.dirs)
    size = sum(len(d) for _, d in pages) / max(len(pages), 1) / 1024
    print(f"pressbot speed on {len(pages)} pages ({size:.0f} KB on average) of {args.dirs}")
    print(f"machine: {os.cpu_count()} cores, {_load()} at start")
    if "single" not in args.skip:
        single_process(pages, args.rounds)
    with tempfile.TemporaryDirectory(prefix="pressbot-bench-") as folder:
        env = bytecode_env(Path(folder))  # (for both: one warm-up run)
        if "parallel" not in args.skip:
            parallel(pages, args.compare_pages, Path(folder), env)
        if "memory" not in args.skip:
            memory(pages, [args.compare_pages, args.pages], Path(folder), env)
    print(f"\n{_load()} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
