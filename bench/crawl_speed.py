"""Crawl throughput: the full press spider and pipelines against a spider that only follows links.

    python bench/crawl_speed.py                       # 500 and 2,000 article pages
    python bench/crawl_speed.py --pages 500 2000 5000 --concurrency 16

Generates a site of N article pages from the demo site's article templates (every paragraph
rewritten with seeded random text, so neither exact nor near-duplicate dedup drops a page),
listing pages of 50 links that link each other, serves it on 127.0.0.1 from memory over
persistent HTTP/1.1 connections (`pressbot.localserver.serve_files`: as real servers do; a new
connection per page cost both the server and the crawl process more CPU than the page, and the
test server's CPU is taken from the cores the crawl runs on, which a real site's is not), and
crawls it in a fresh process each time, with the project's settings (AutoThrottle off,
concurrency as given):

- full: `spiders.press.PressSpider` with every pipeline and the feed export, as `scrapy crawl`;
- no-op: the same spider with `parse_article` doing nothing, so it fetches the same pages.

Each size is crawled `--rounds` times both ways, back to back (no-op first in odd rounds, full
first in even ones): this machine's speed drifts by a third between minutes, so a ratio of two
crawls run minutes apart says little. Prints, per round, pages/s of both (responses over
Scrapy's elapsed time), the crawl process's own CPU per page, the same with its extraction
workers' CPU added (both from the spider's opening to its closing), the CPU the test server
spent per page (it shares the cores), peak RSS, and how busy the whole machine's cores were
meanwhile (from /proc/stat, all processes); then the median of the per-round ratios
with their range, and two bounds. The cores: a crawl whose processes spend C ms of CPU per page
cannot fetch more than cores * 1000 / C pages a second. The reactor: the crawl process runs on
one core, so with a core for each extraction worker the full crawl could reach (no-op's CPU per
page / full crawl's) of the no-op rate; that share says whether extraction and pipelines stall
the reactor, whatever the machine. Targets: full >= 70 % of the no-op rate; peak RSS flat as
the site grows. The last two columns say which bound a crawl met: the crawl process's CPU over
the crawl's time (its one core, near 100 %), and the machine's cores busy over the same time
(all of them, near 100 %: every cycle the crawl's processes and the server did not get went
to nothing, so only less CPU per page makes that crawl faster). Nothing here is a test: it
measures, in one run.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "fixtures/demo/site/news/2020").glob("*/article-*.html"))
PER_LISTING = 50
TARGET_SHARE = 0.70
_WARM = "scrapy.crawler, spiders.press, pressbot.workerhost, pressbot.extract.preload"
"""What a crawl and its extraction workers import: their bytecode and compiled patterns are
made before the timed crawls (`speed.bytecode_env`)."""
_PARAGRAPH = re.compile(r"(<p[^>]*>)([^<]{40,})(</p>)")
_HEADING = re.compile(r"(<(?:title|h1)[^>]*>)([^<]+)(</(?:title|h1)>)")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _rewrite(
    text: str, rng: random.Random, pool: list[str], weights: list[float], cjk: bool
) -> str:
    """Random text as long as `text`, in its script, with sentence punctuation."""
    out: list[str] = []
    length = 0
    while length < len(text):
        sentence = rng.choices(pool, weights, k=rng.randint(8, 18))
        if cjk:
            piece = "".join(sentence) + rng.choice("，。。；")
        else:
            piece = " ".join(sentence).capitalize() + ". "
        out.append(piece)
        length += len(piece)
    joined = "".join(out).rstrip(" ，；")
    return joined if joined.endswith(("。", ".")) else joined + ("。" if cjk else ".")


def make_site(root: Path, count: int, seed: int = 20261129) -> None:
    """`count` article pages and the listing pages that link them, under `root`."""
    templates = [p.read_text(encoding="utf-8") for p in TEMPLATES]
    pools = []
    for page in templates:
        text = " ".join(m[1] for m in _PARAGRAPH.findall(page))
        cjk = bool(_CJK.search(text))
        pools.append((sorted(set(_CJK.findall(text))) if cjk else text.split(), cjk))
    folder = root / "news" / "2020" / "06"
    folder.mkdir(parents=True)
    links = []
    for number in range(count):
        rng = random.Random(seed + number)
        which = number % len(templates)
        pool, cjk = pools[which]
        # Skewed word frequencies of its own: pages differ in their word profile too, which is
        # what SimHash compares.
        weights = [rng.random() ** 4 for _ in pool]

        def paragraph(match: re.Match[str], rng: random.Random = rng) -> str:
            new = _rewrite(html.unescape(match[2]), rng, pool, weights, cjk)  # noqa: B023
            return match[1] + html.escape(new, quote=False) + match[3]

        page = _PARAGRAPH.sub(paragraph, templates[which])
        page = _HEADING.sub(lambda m, n=number: f"{m[1]}{m[2].strip()} {n}{m[3]}", page)
        name = f"a{number:05}-{TEMPLATES[which].stem}.html"
        # Relative links of the template (CSS, home, list) point two levels up from here too.
        (folder / name).write_text(page, encoding="utf-8")
        links.append(f"2020/06/{name}")
    listings = [links[i : i + PER_LISTING] for i in range(0, len(links), PER_LISTING)]
    names = ["index.html"] + [f"index_{n}.html" for n in range(1, len(listings))]
    pager = " ".join(f'<a href="{name}">{n + 1}</a>' for n, name in enumerate(names))
    for name, chunk in zip(names, listings, strict=True):
        items = "\n".join(f'<li><a href="{link}">Article {link}</a></li>' for link in chunk)
        (root / "news" / name).write_text(
            f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>News</title></head>"
            f"<body><ul class='news-list'>\n{items}\n</ul><div class='pager'>{pager}</div>"
            "</body></html>",
            encoding="utf-8",
        )


def write_config(folder: Path, base_url: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bench.toml").write_text(
        'name = "bench"\n'
        f'start_urls = ["{base_url}news/index.html"]\n'
        "listing_allow = ['/news/index(_\\d+)?\\.html$']\n"
        "article_allow = ['/news/2020/']\n"
        "max_pages = 100000\n"
        'timezone = "Asia/Shanghai"\n',
        encoding="utf-8",
    )


def _descendants_cpu(root: int, seen: dict[int, tuple[int, float]]) -> None:
    """Record in `seen` the depth below `root` and the CPU seconds so far of each of its
    descendants (from /proc): the extraction workers (depth 2) start from a forkserver (depth 1)
    and end unreaped by this process."""
    tick = os.sysconf("SC_CLK_TCK")
    todo = [(root, 0)]
    while todo:
        pid, depth = todo.pop()
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                    todo += [(int(found), depth + 1) for found in handle.read().split()]
            if pid != root:
                with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
                    fields = handle.read().rpartition(")")[2].split()
                cpu = (int(fields[11]) + int(fields[12])) / tick
                seen[pid] = (depth, max(seen.get(pid, (depth, 0.0))[1], cpu))
        except (OSError, ValueError, IndexError):
            continue


def machine_ticks() -> tuple[int, int] | None:
    """(busy, total) clock ticks of all cores since boot, from /proc/stat (None elsewhere):
    busy is all but idle and I/O wait."""
    try:
        with open("/proc/stat", encoding="ascii") as handle:
            fields = [int(value) for value in handle.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    total = sum(fields[:8])  # (guest time is counted in user time already)
    return total - fields[3] - fields[4], total


def child(kind: str, sites_dir: str, work: str, concurrency: int, extra: list[str]) -> None:
    """One crawl in this (fresh) process; prints its figures as one JSON line.

    CPU is counted from the spider's opening to its closing, as the rate is (Scrapy's elapsed
    time): the imports before and the forkserver's (its one import of the extraction code) are
    a start-up cost that a long crawl spreads over many more pages. The workers' CPU is sampled
    every 0.2 s and at the end, so a worker's last moments may be missed."""
    import resource  # noqa: PLC0415

    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    from scrapy import signals  # noqa: PLC0415
    from scrapy.crawler import CrawlerProcess  # noqa: PLC0415
    from scrapy.http import Response  # noqa: PLC0415
    from scrapy.utils.project import get_project_settings  # noqa: PLC0415

    from spiders.press import PressSpider  # noqa: PLC0415

    class NoopSpider(PressSpider):
        """Follows exactly the links the press spider follows; does nothing with articles."""

        def parse_article(self, response: Response) -> Any:
            yield from ()

    settings = get_project_settings()
    overrides = {
        "PRESSBOT_SITES_DIR": sites_dir,
        "PRESSBOT_OUTPUT_DIR": f"{work}/output",
        "PRESSBOT_STATE_PATH": f"{work}/state.sqlite3",
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "LOG_LEVEL": "WARNING",
        "TELNETCONSOLE_ENABLED": False,
    }
    overrides.update(item.split("=", 1) for item in extra)
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(NoopSpider if kind == "noop" else PressSpider)
    own: dict[str, float] = {}

    def cpu_now() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    ticks: dict[str, tuple[int, int] | None] = {}

    def opened() -> None:
        own["opened"] = cpu_now()
        ticks["opened"] = machine_ticks()

    def closed() -> None:
        own["closed"] = cpu_now()
        ticks["closed"] = machine_ticks()

    # Scrapy keeps weak references to receivers: these live as long as this function runs.
    crawler.signals.connect(opened, signals.spider_opened)
    crawler.signals.connect(closed, signals.spider_closed)
    process.crawl(crawler, site="bench")
    descendants: dict[int, tuple[int, float]] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            _descendants_cpu(os.getpid(), descendants)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    process.start()
    done.set()
    sampler.join()
    _descendants_cpu(os.getpid(), descendants)
    stats = crawler.stats.get_stats()
    window = own["closed"] - own["opened"]
    workers = sum(cpu for depth, cpu in descendants.values() if depth >= 2)
    start, end = ticks.get("opened"), ticks.get("closed")
    machine = None
    if start and end and end[1] > start[1]:
        machine = (end[0] - start[0]) / (end[1] - start[1])
    print(
        json.dumps(
            {
                "pages": stats.get("response_received_count", 0),
                "items": stats.get("item_scraped_count", 0),
                "seconds": stats.get("elapsed_time_seconds", 0.0),
                "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "cpu_s": window,
                "tree_cpu_s": window + workers,
                "machine_busy": machine,
            }
        )
    )


def crawl(
    kind: str, sites_dir: Path, concurrency: int, extra: list[str], env: dict[str, str]
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"pressbot-crawl-{kind}-") as work:
        command = [sys.executable, __file__, "--child", kind, "--sites-dir", str(sites_dir)]
        command += ["--work", work, "--concurrency", str(concurrency)]
        command += [f"--set={item}" for item in extra]
        done = subprocess.run(
            command, capture_output=True, text=True, check=False, timeout=3600, env=env
        )
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"{kind} crawl failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _cpu_ceiling(rounds: list[dict[str, dict[str, Any]]]) -> str:
    """What the cores allow: a crawl whose processes (crawl, workers and the test server) spend
    C ms of CPU per page cannot fetch more than cores * 1000 / C pages a second, however the
    work is spread; set against the no-op rate, that bounds the share the full crawl can reach."""
    cores = os.cpu_count() or 1

    def per_page(run: dict[str, Any]) -> float:
        return 1000 * (run["tree_cpu_s"] + run["server_s"]) / max(run["pages"], 1)

    full = statistics.median(per_page(runs["full"]) for runs in rounds)
    noop = statistics.median(per_page(runs["noop"]) for runs in rounds)
    ceiling = cores * 1000 / full
    share = ceiling / statistics.median(runs["noop"]["rate"] for runs in rounds)
    own = statistics.median(
        (runs["noop"]["cpu_s"] / runs["noop"]["pages"])
        / (runs["full"]["cpu_s"] / runs["full"]["pages"])
        for runs in rounds
    )
    return (
        f"the full crawl spends {full:.2f} ms of CPU per page in all its processes and the "
        f"server's (the no-op {noop:.2f}): {cores} cores allow it at most {ceiling:.0f} "
        f"pages/s, {share:.0%} of the no-op rate; its crawl process alone (the reactor, one "
        f"core) allows {own:.0%} of the no-op rate"
    )


def _rounds(
    count: int, args: argparse.Namespace, env: dict[str, str], serve_files: Any
) -> list[dict[str, dict[str, Any]]]:
    """`args.rounds` rounds of both crawls of a site of `count` articles, each round's figures
    printed as it ends."""
    rounds: list[dict[str, dict[str, Any]]] = []
    with tempfile.TemporaryDirectory(prefix="pressbot-site-") as folder:
        site = Path(folder) / "site"
        make_site(site, count)
        with serve_files(site) as base_url:
            write_config(Path(folder) / "sites", base_url)
            for round_ in range(1, args.rounds + 1):
                runs: dict[str, dict[str, Any]] = {}
                for kind in ("noop", "full") if round_ % 2 else ("full", "noop"):
                    served = time.process_time()  # this process only serves meanwhile
                    found = crawl(kind, Path(folder) / "sites", args.concurrency, args.set, env)
                    found["server_s"] = time.process_time() - served
                    found["rate"] = found["pages"] / max(found["seconds"], 1e-9)
                    runs[kind] = found
                    print(
                        f"   {count:8} {round_:5} {kind:>7} {found['pages']:6} "
                        f"{found['items']:8} {found['rate']:8.1f} "
                        f"{1000 * found['cpu_s'] / max(found['pages'], 1):12.2f} "
                        f"{1000 * found['tree_cpu_s'] / max(found['pages'], 1):9.2f} "
                        f"{1000 * found['server_s'] / max(found['pages'], 1):10.2f} "
                        f"{found['rss_mb']:12.0f} "
                        f"{found['cpu_s'] / max(found['seconds'], 1e-9):10.0%} "
                        f"{_share(found['machine_busy']):>10}",
                        flush=True,
                    )
                rounds.append(runs)
    return rounds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3, help="crawls of each kind per size")
    parser.add_argument(
        "-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="a Scrapy setting"
    )
    parser.add_argument("--child", choices=["full", "noop"], help=argparse.SUPPRESS)
    parser.add_argument("--sites-dir", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.sites_dir, args.work, args.concurrency, args.set)
        return 0

    sys.path.insert(0, str(ROOT))
    from speed import bytecode_env  # noqa: PLC0415 - (bench/, this script's folder)

    from pressbot.localserver import serve_files  # noqa: PLC0415

    print(
        f"crawl throughput, concurrency {args.concurrency}, settings {args.set or 'as is'}, "
        f"{os.cpu_count()} cores, "
        f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())} at start"
    )
    print(
        f"   {'articles':>8} {'round':>5} {'spider':>7} {'pages':>6} {'records':>8} "
        f"{'pages/s':>8} {'CPU ms/page':>12} {'+workers':>9} {'server ms':>10} {'peak RSS MB':>12} "
        f"{'crawl busy':>10} {'cores busy':>10}"
    )
    results: dict[int, list[dict[str, dict[str, Any]]]] = {}
    with tempfile.TemporaryDirectory(prefix="pressbot-bytecode-") as cache:
        env = bytecode_env(Path(cache), _WARM)
        for count in args.pages:
            results[count] = _rounds(count, args, env, serve_files)
    print()
    for count, rounds in results.items():
        shares = [runs["full"]["rate"] / runs["noop"]["rate"] for runs in rounds]
        share = statistics.median(shares)
        verdict = "met" if share >= TARGET_SHARE else "NOT met"
        print(
            f"   {count} articles: full crawl at {share:.0%} of the no-op rate, median of "
            f"{len(shares)} rounds ({min(shares):.0%}-{max(shares):.0%}) "
            f"(target >= {TARGET_SHARE:.0%}: {verdict})"
        )
        print(f"   {count} articles: {_cpu_ceiling(rounds)}")
    sizes = sorted(results)
    if len(sizes) > 1:
        small = max(runs["full"]["rss_mb"] for runs in results[sizes[0]])
        large = max(runs["full"]["rss_mb"] for runs in results[sizes[-1]])
        print(
            f"   full crawl peak RSS {small:.0f} MB at {sizes[0]} articles, "
            f"{large:.0f} MB at {sizes[-1]} ({large / small:.2f}x)"
        )
    print(f"   load average {' '.join(f'{v:.2f}' for v in os.getloadavg())} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
