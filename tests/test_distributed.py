"""Distributed crawling: real `scrapy crawl` processes sharing one Redis frontier and dedup state.

A generated press site (distinct articles, exact copies and near copies in other templates, one
article that always answers 500) is served on 127.0.0.1 with a small delay per article, so the
processes overlap. Redis is a `redis-server` started on a loopback port for this module; without
the binary these tests skip, except under CI (CI=true), where `.ci/run` installs it.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from conftest import crawl_command, crawl_env, require_distributed

from pressbot.dedup.keys import hamming
from pressbot.dedup.testing import RedisServer
from pressbot.extract import extract

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 180
DISTINCT = 24
EXACT = {1: 101, 2: 102, 3: 103}  # original -> exact copy (same text, other template)
NEAR = {4: 201, 5: 202, 6: 203}  # original -> near copy (other template, a few words changed)
BROKEN = 99  # always answers 500
WORDS = (
    "市政府新闻办公室今天举行发布会介绍全市经济运行情况上半年地区生产总值同比增长工业投资消费"
    "出口就业物价民生教育医疗养老住房交通环境治理科技创新营商企业服务农业农村乡村振兴文化旅游"
    "港口航运铁路公路机场水利电力能源煤炭石油天然气钢铁化工建材纺织食品药品森林草原湖泊河流"
    "海洋渔业气象地震应急消防安全生产法院检察公安司法审计统计税务海关金融银行保险证券财政预算"
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def _paragraphs(rng: random.Random) -> list[str]:
    """Four paragraphs on a topic of their own: each article draws from its own characters."""
    topic = rng.sample(WORDS, 30)

    def clause() -> str:
        return "".join(rng.choice(topic) for _ in range(rng.randint(8, 14)))

    return [
        "".join(f"{clause()}，{clause()}。" for _ in range(rng.randint(3, 4))) for _ in range(4)
    ]


def _page(title: str, paragraphs: list[str], template: int) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    wrappers = [
        ('<div class="nav"><a href="../index.html">首页</a></div><div class="article">', "</div>"),
        ('<header>转载频道</header><section class="main"><div class="txt">', "</div></section>"),
    ]
    head, tail = wrappers[template]
    return (
        f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>'
        f'</head><body>{head}<h1>{title}</h1><div class="info">发布时间：2026-03-0{template + 1}'
        f" 10:00</div>{body}{tail}<footer>版权所有 测试网</footer></body></html>"
    )


@dataclass
class Site:
    root: Path
    sites_dir: Path
    groups: list[set[str]]
    """URL paths that are one story: exactly one of each must be published."""
    broken: str


def _write_site(folder: Path) -> Site:
    rng = random.Random(7)
    (folder / "a").mkdir(parents=True)
    texts = {n: _paragraphs(rng) for n in range(1, DISTINCT + 1)}
    for n, paragraphs in texts.items():
        (folder / "a" / f"{n}.html").write_text(_page(f"新闻{n}", paragraphs, 0), "utf-8")
    for original, copy in EXACT.items():
        page = _page(f"新闻{original}（转载）", texts[original], 1)
        (folder / "a" / f"{copy}.html").write_text(page, "utf-8")
    for original, copy in NEAR.items():
        edited = list(texts[original])
        edited[1] = edited[1][:10] + "据了解" + edited[1][13:]
        (folder / "a" / f"{copy}.html").write_text(_page(f"新闻{original}", edited, 1), "utf-8")
    numbers = [*texts, *EXACT.values(), *NEAR.values(), BROKEN]
    links = "".join(f'<li><a href="a/{n}.html">新闻{n}</a></li>' for n in numbers)
    (folder / "index.html").write_text(f"<html><body><ul>{links}</ul></body></html>", "utf-8")
    sites_dir = folder.parent / "sites"
    sites_dir.mkdir()
    (sites_dir / "synd.toml").write_text(
        'name = "synd"\nstart_urls = ["index.html"]\n'
        "listing_allow = ['/index\\.html$']\narticle_allow = ['/a/\\d+\\.html$']\n"
        'max_pages = 5\ntimezone = "Asia/Shanghai"\n',
        "utf-8",
    )
    groups = [{f"a/{n}.html"} for n in texts if n not in EXACT and n not in NEAR]
    for original, copy in (*EXACT.items(), *NEAR.items()):
        groups.append({f"a/{original}.html", f"a/{copy}.html"})
    # The fixture is only meaningful if the copies really are what they claim to be.
    for original, copy in NEAR.items():
        a, b = (
            extract((folder / "a" / f"{n}.html").read_bytes(), f"http://x/a/{n}.html")
            for n in (original, copy)
        )
        assert a.content_hash != b.content_hash
        assert a.simhash and b.simhash
        assert hamming(int(a.simhash, 16), int(b.simhash, 16)) <= 3, (original, copy)
    return Site(folder, sites_dir, groups, f"a/{BROKEN}.html")


class _SlowHandler(SimpleHTTPRequestHandler):
    delay = 0.0
    fetched: list[str]

    def do_GET(self) -> None:
        self.fetched.append(self.path)
        if self.path == f"/a/{BROKEN}.html":
            self.send_error(500)
            return
        if self.path.startswith("/a/"):
            time.sleep(self.delay)
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:
        """Silent."""


@dataclass
class Served:
    base_url: str
    fetched: list[str]


def _serve(site: Site, delay: float) -> Iterator[Served]:
    fetched: list[str] = []
    handler = type("Handler", (_SlowHandler,), {"delay": delay, "fetched": fetched})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site.root)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(f"http://127.0.0.1:{server.server_address[1]}/", fetched)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return _write_site(tmp_path / "site")


@pytest.fixture
def served(site: Site) -> Iterator[Served]:
    yield from _serve(site, delay=0.15)


def _crawl_command(
    base_url: str, site: Site, redis_url: str, out: Path, extra: dict[str, str] | None = None
) -> list[str]:
    settings = {
        "PRESSBOT_REDIS_URL": redis_url,
        "PRESSBOT_SITES_DIR": str(site.sites_dir),
        "PRESSBOT_OUTPUT_DIR": str(out / "output"),
        "PRESSBOT_STATE_PATH": str(out / "unused.sqlite3"),
        "PRESSBOT_STATS_PATH": str(out / "stats.json"),
        "PRESSBOT_REDIS_HEARTBEAT": "0.5",
        "AUTOTHROTTLE_ENABLED": "False",
        "CONCURRENT_REQUESTS": "2",
        "RETRY_TIMES": "1",
        "LOG_LEVEL": "INFO",
        **(extra or {}),
    }
    return crawl_command(["site=synd", f"base_url={base_url}"], settings)


def _start(command: list[str], out: Path) -> subprocess.Popen[bytes]:
    out.mkdir(parents=True, exist_ok=True)
    with (out / "log.txt").open("wb") as log:
        return subprocess.Popen(
            command, cwd=REPO, env=crawl_env(), stdout=log, stderr=subprocess.STDOUT
        )


def _log(out: Path) -> str:
    return (out / "log.txt").read_text("utf-8", errors="replace")


def _records(out: Path) -> list[dict[str, Any]]:
    """Every published record under `out`; a torn or invalid line fails, naming file and line."""
    records = []
    for path in sorted((out / "output").rglob("*.jsonl")):
        raw = path.read_bytes()
        assert not raw or raw.endswith(b"\n"), f"{path}: last line is not terminated"
        for number, line in enumerate(raw.decode("utf-8").splitlines(), 1):
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                pytest.fail(f"{path}:{number}: torn line ({exc}): {line[:120]!r}")
    return records


def _redis_client(url: str) -> Any:
    import redis as redis_lib  # noqa: PLC0415

    return redis_lib.Redis.from_url(url)


def test_two_processes_publish_each_story_exactly_once(
    tmp_path: Path, site: Site, served: Served, redis: RedisServer
) -> None:
    outs = [tmp_path / f"worker-{n}" for n in (1, 2)]
    workers = [_start(_crawl_command(served.base_url, site, redis.url, o), o) for o in outs]
    for worker, out in zip(workers, outs, strict=True):
        assert worker.wait(timeout=TIMEOUT) == 0, _log(out)[-4000:]
        assert "Traceback" not in _log(out), _log(out)[-4000:]

    records = [r for out in outs for r in _records(out)]
    paths = [r["url"][len(served.base_url) :] for r in records]
    assert len(paths) == len(set(paths)), f"published twice: {sorted(paths)}"
    assert len({r["content_hash"] for r in records}) == len(records)
    published = set(paths)
    for group in site.groups:
        assert len(group & published) == 1, f"{sorted(group)}: published {group & published}"
    assert published <= set().union(*site.groups), published - set().union(*site.groups)
    fetched = [p.lstrip("/") for p in served.fetched if p.startswith("/a/")]
    assert sorted(p for p in set(fetched) if p != site.broken) == sorted(
        set().union(*site.groups)
    ), "every article is fetched"
    assert len([p for p in fetched if p != site.broken]) == len(set().union(*site.groups)), (
        "no article is fetched twice: the frontier is shared"
    )
    assert served.fetched.count("/index.html") == len(outs), "once for each process"

    stats = [json.loads((out / "stats.json").read_text("utf-8")) for out in outs]
    dropped: dict[str, int] = {}
    for s in stats:
        for key, value in s.items():
            if key.startswith("pressbot/dropped/duplicate_"):
                dropped[key] = dropped.get(key, 0) + value
    assert dropped == {
        "pressbot/dropped/duplicate_content": len(EXACT),
        "pressbot/dropped/duplicate_near": len(NEAR),
    }

    client = _redis_client(redis.url)
    failed = [json.loads(x) for x in client.lrange("pressbot:crawl:synd:failed", 0, -1)]
    assert [(f["url"], f["reason"]) for f in failed] == [
        (served.base_url + site.broken, "http_500")
    ]
    assert not client.exists("pressbot:crawl:synd:requests", "pressbot:crawl:synd:seen"), (
        "a finished crawl clears its frontier for the next run"
    )
    assert client.hlen("pressbot:dedup:url") == len(site.groups)


def test_unreachable_redis_stops_before_fetching(tmp_path: Path, site: Site) -> None:
    require_distributed()
    out = tmp_path / "worker"
    command = _crawl_command("http://127.0.0.1:9/", site, "redis://127.0.0.1:9/0", out)
    worker = _start(command, out)
    assert worker.wait(timeout=TIMEOUT) == 1, "could not start"
    log = _log(out)
    assert "redis://127.0.0.1:9/0: cannot use Redis for dedup state" in log, log[-3000:]
    assert "Spider opened" not in log
    assert not _records(out)


def test_redis_lost_mid_crawl_stops_with_failure_and_no_torn_line(
    tmp_path: Path, site: Site, redis: RedisServer
) -> None:
    for served in _serve(site, delay=0.5):
        out = tmp_path / "worker"
        command = _crawl_command(
            served.base_url, site, redis.url, out, {"CONCURRENT_REQUESTS": "1"}
        )
        worker = _start(command, out)
        deadline = time.monotonic() + TIMEOUT
        while len([p for p in served.fetched if p.startswith("/a/")]) < 4:
            assert worker.poll() is None, _log(out)[-3000:]
            assert time.monotonic() < deadline, "the crawl never got going"
            time.sleep(0.05)
        redis.kill()
        code = worker.wait(timeout=TIMEOUT)
    log = _log(out)
    assert code == 3, f"exit {code}, not 3 (the run did not finish): {log[-4000:]}"
    assert json.loads((out / "stats.json").read_text("utf-8"))["pressbot/health/exit_status"] == 3
    assert "stopping the crawl" in log, log[-4000:]
    records = _records(out)
    assert len(records) < len(site.groups), "the crawl stopped early"
    urls = [r["url"] for r in records]
    assert len(urls) == len(set(urls))
    assert not list((out / "output").rglob("*.part")), "the spider closed cleanly"


def _wait_for_articles(served: Served, worker: subprocess.Popen[bytes], out: Path, n: int) -> None:
    deadline = time.monotonic() + TIMEOUT
    while len([p for p in served.fetched if p.startswith("/a/")]) < n:
        assert worker.poll() is None, _log(out)[-3000:]
        assert time.monotonic() < deadline, "the crawl never got going"
        time.sleep(0.05)


def _wait_for_checks(redis_url: str, worker: subprocess.Popen[bytes], out: Path, n: int) -> None:
    """Until `n` records are in the dedup state. One article at a time, each served slowly:
    the next check is a while off, so a restart now meets no command in flight (which would
    fail as a lost connection)."""
    client = _redis_client(redis_url)
    deadline = time.monotonic() + TIMEOUT
    while client.hlen("pressbot:dedup:url") < n:
        assert worker.poll() is None, _log(out)[-3000:]
        assert time.monotonic() < deadline, "the crawl never got going"
        time.sleep(0.02)
    client.close()


def _stopped(out: Path, code: int) -> dict[str, Any]:
    """The stats of a crawl that stopped early, with status 3 (the run did not finish); its
    records are checked."""
    log = _log(out)
    assert code == 3, log[-4000:]
    assert "stopping the crawl" in log, log[-4000:]
    assert "Traceback" not in log, log[-4000:]
    urls = [r["url"] for r in _records(out)]
    assert len(urls) == len(set(urls))
    assert not list((out / "output").rglob("*.part")), "the spider closed cleanly"
    stats: dict[str, Any] = json.loads((out / "stats.json").read_text("utf-8"))
    return stats


def test_a_redis_that_may_evict_keys_stops_the_crawl_before_fetching(
    tmp_path: Path, site: Site, served: Served, redis: RedisServer
) -> None:
    client = _redis_client(redis.url)
    client.config_set("maxmemory", 100_000_000)
    client.config_set("maxmemory-policy", "allkeys-lru")
    out = tmp_path / "worker"
    worker = _start(_crawl_command(served.base_url, site, redis.url, out), out)
    assert worker.wait(timeout=TIMEOUT) == 1
    log = _log(out)
    cannot = [line for line in log.splitlines() if "The crawl cannot start" in line]
    assert len(cannot) == 1, log[-3000:]
    assert "maxmemory-policy is allkeys-lru" in cannot[0]
    assert "pressbot needs maxmemory-policy noeviction" in cannot[0]
    assert "Spider opened" not in log
    assert not served.fetched
    assert not client.keys("*")


def _disrupted_crawl(
    tmp_path: Path,
    site: Site,
    redis: RedisServer,
    ready: Callable[[Any, subprocess.Popen[bytes], Path], None],
    disrupt: Callable[[], object],
) -> tuple[Path, dict[str, Any]]:
    """A crawl of one article at a time, each served slowly, that Redis fails under once
    `ready` returns: `disrupt` does it. The crawl's output folder and its stats."""
    for served in _serve(site, delay=0.5):
        out = tmp_path / "worker"
        command = _crawl_command(
            served.base_url, site, redis.url, out, {"CONCURRENT_REQUESTS": "1"}
        )
        worker = _start(command, out)
        ready(served, worker, out)
        disrupt()
        code = worker.wait(timeout=TIMEOUT)
    return out, _stopped(out, code)


def test_a_full_redis_mid_crawl_stops_the_crawl_saying_so(
    tmp_path: Path, site: Site, redis: RedisServer
) -> None:
    out, stats = _disrupted_crawl(
        tmp_path,
        site,
        redis,
        lambda served, worker, out: _wait_for_articles(served, worker, out, 3),
        # noeviction: writes are refused
        lambda: _redis_client(redis.url).config_set("maxmemory", 1),
    )
    log = _log(out)
    assert "Redis is full (maxmemory)" in log, log[-4000:]
    assert "Redis lost" not in log, log[-4000:]
    # The frontier (redis_full) or the dedup check (dedup_state_error) meets it first.
    assert stats["pressbot/failed"] in ("redis_full", "dedup_state_error"), stats


def test_redis_restarted_empty_mid_crawl_stops_the_crawl(
    tmp_path: Path, site: Site, redis: RedisServer
) -> None:
    """redis-py reconnects by itself: without the check the crawl would go on against an empty
    frontier and dedup state, end healthy, and the next run publish the stories again."""
    out, stats = _disrupted_crawl(
        tmp_path,
        site,
        redis,
        lambda _served, worker, out: _wait_for_checks(redis.url, worker, out, 3),
        redis.restart,  # no persistence: it comes back empty
    )
    # The next record's check (dedup_state_error) or the heartbeat (redis_restarted) sees it;
    # on a loaded machine a command may meet the server while it is down (redis_unavailable).
    reason = stats["pressbot/failed"]
    assert reason in ("redis_restarted", "dedup_state_error", "redis_unavailable"), stats
    if reason != "redis_unavailable":
        assert "Redis restarted" in _log(out), _log(out)[-4000:]
    assert len(_records(out)) < len(site.groups), "the crawl stopped early"


def test_redis_restarted_from_a_snapshot_is_noticed_at_the_heartbeat(
    tmp_path: Path, site: Site, redis: RedisServer
) -> None:
    """Its data (dedup marker included) is as of the snapshot: the new run_id gives it away."""

    def restart_from_snapshot() -> None:
        _redis_client(redis.url).save()
        redis.restart()  # loads dump.rdb

    out, stats = _disrupted_crawl(
        tmp_path,
        site,
        redis,
        lambda _served, worker, out: _wait_for_checks(redis.url, worker, out, 3),
        restart_from_snapshot,
    )
    reason = stats["pressbot/failed"]
    assert reason in ("redis_restarted", "redis_unavailable"), stats  # (down: see above)
    if reason == "redis_restarted":
        assert "Redis restarted (run_id " in _log(out)
    assert len(_records(out)) < len(site.groups), "the crawl stopped early"


def test_leases_of_a_killed_worker_are_fetched_by_another(
    tmp_path: Path, site: Site, redis: RedisServer
) -> None:
    """scrapy-redis marks requests seen when queued: a killed worker's requests are not lost."""
    for served in _serve(site, delay=0.4):
        first, second = tmp_path / "killed", tmp_path / "survivor"
        worker = _start(_crawl_command(served.base_url, site, redis.url, first), first)
        deadline = time.monotonic() + TIMEOUT
        while len([p for p in served.fetched if p.startswith("/a/")]) < 2:
            assert worker.poll() is None, _log(first)[-3000:]
            assert time.monotonic() < deadline, "the crawl never got going"
            time.sleep(0.05)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        held = _redis_client(redis.url).keys("pressbot:crawl:synd:leases:*")
        assert held, "the killed worker held leases"
        survivor = _start(_crawl_command(served.base_url, site, redis.url, second), second)
        assert survivor.wait(timeout=TIMEOUT) == 0, _log(second)[-4000:]
        fetched = {p.lstrip("/") for p in served.fetched}
    assert "queued again" in _log(second)
    assert set().union(*site.groups) <= fetched, "every article was fetched by someone"
    published = {r["url"][len(served.base_url) :] for r in _records(second)}
    # The killed worker's accepted records sit in its unpublished .part file.
    orphaned = [json.loads(line) for p in (first / "output").rglob("*.part") for line in p.open()]
    published |= {r["url"][len(served.base_url) :] for r in orphaned}
    for group in site.groups:
        assert len(group & published) == 1, f"{sorted(group)}: {group & published}"


def _second_listing(site: Site) -> None:
    """index.html links the broken article first and a second listing, more.html, last: that
    one is parsed once the broken article failed, and links it again."""
    index = (site.root / "index.html").read_text("utf-8")
    broken = f'<li><a href="{site.broken}">broken</a></li>'
    # The broken article first, the second listing last: it is parsed once the broken one failed.
    index = index.replace("<ul>", f"<ul>{broken}").replace(
        "</ul>", '<li><a href="more.html">more</a></li></ul>'
    )
    (site.root / "index.html").write_text(index, "utf-8")
    (site.root / "more.html").write_text(f"<html><body><ul>{broken}</ul></body></html>", "utf-8")
    config = site.sites_dir / "synd.toml"
    config.write_text(
        config.read_text("utf-8").replace("/index\\.html$", "/(index|more)\\.html$"), "utf-8"
    )


def test_a_request_that_failed_is_not_queued_again_by_a_later_listing(
    tmp_path: Path, site: Site, served: Served, redis: RedisServer
) -> None:
    """As Scrapy's own duplicate filter does within a run: a URL that failed for good stays seen,
    so a listing parsed after its failure does not send the crawl to it again."""
    _second_listing(site)
    out = tmp_path / "worker"
    command = _crawl_command(served.base_url, site, redis.url, out, {"RETRY_TIMES": "0"})
    assert _start(command, out).wait(timeout=TIMEOUT) == 0, _log(out)[-4000:]
    assert served.fetched.count("/more.html") == 1, "the second listing was read"
    assert served.fetched.count("/" + site.broken) == 1, served.fetched
    client = _redis_client(redis.url)
    failed = [json.loads(x) for x in client.lrange("pressbot:crawl:synd:failed", 0, -1)]
    assert [f["url"] for f in failed] == [served.base_url + site.broken]


def test_a_run_resuming_an_unfinished_frontier_asks_again_for_what_failed(
    tmp_path: Path, site: Site, served: Served, redis: RedisServer
) -> None:
    """A process forgets the fingerprints of its failed requests as it closes: the next run,
    which resumes the frontier the first left unfinished, may fetch them again."""
    _second_listing(site)
    first = tmp_path / "first"
    extra = {"RETRY_TIMES": "0", "CONCURRENT_REQUESTS": "1", "CLOSESPIDER_ITEMCOUNT": "3"}
    command = _crawl_command(served.base_url, site, redis.url, first, extra)
    assert _start(command, first).wait(timeout=TIMEOUT) == 3, _log(first)[-4000:]  # unfinished
    assert served.fetched.count("/" + site.broken) == 1, served.fetched
    client = _redis_client(redis.url)
    assert client.llen("pressbot:crawl:synd:requests"), "the first run left work in the frontier"
    second = tmp_path / "second"
    command = _crawl_command(served.base_url, site, redis.url, second, {"RETRY_TIMES": "0"})
    assert _start(command, second).wait(timeout=TIMEOUT) == 0, _log(second)[-4000:]
    assert served.fetched.count("/" + site.broken) == 2, served.fetched
