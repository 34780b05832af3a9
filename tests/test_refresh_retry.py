"""A page that refreshes to itself, and a server's Retry-After, in real crawls of a loopback site.

- Many Chinese news pages reload themselves with `<meta http-equiv="refresh" content="60;
  url=<the page's own URL>">`. Scrapy's MetaRefreshMiddleware made that a redirect to the same
  URL, which the duplicate filter dropped: the article was lost. A refresh to the page itself is
  no redirect (`pipelines.refresh`), while a refresh to another page still is one.
- A 503 or 429 with `Retry-After` is retried no sooner than the server asked, up to
  `PRESSBOT_RETRY_AFTER_MAX`; a longer wait is not made: the request is given up, logged and
  counted (`pipelines.retry`).

Each site is written here: a listing and a few article pages of distinct text (near-duplicate
dedup would drop look-alikes), modelled on fixtures/crawl/*, configured by a site TOML in a
temporary PRESSBOT_SITES_DIR.
"""

from __future__ import annotations

import re
import time
from email.utils import formatdate
from pathlib import Path

import pytest
from conftest import CrawlRunner

from pressbot.localserver import Reply, RequestLog, serve_directory
from pressbot.schema import record_errors

FAST = {"PRESSBOT_RETRY_BACKOFF": "0.2"}
HTML = {"Content-Type": "text/html; charset=utf-8"}

ARTICLES = {
    "001": (
        "江川市开通政务服务一网通办平台",
        "江川市政务服务一网通办平台正式上线运行，企业和群众办理的一千二百余项事项实现网上申请。",
        "平台整合了公安、税务、人社、不动产登记等部门的业务系统，申请材料一次提交，多部门共享。",
        "市政务服务管理局表示，年底前将实现高频事项掌上办理，群众办事平均跑动次数降到零点三次以下。",
    ),
    "002": (
        "江川市启动农村生活污水治理三年行动",
        "江川市生态环境局印发农村生活污水治理三年行动方案，到二〇二二年底行政村治理率达到百分之八十。",
        "方案根据村庄布局分类施策，人口集中的村庄建设集中式处理设施，居住分散的村庄推广一体化设备。",
        "市财政安排专项资金三亿元，对设施建设和运行维护给予补助，并请第三方机构定期检测出水水质。",
    ),
    "003": (
        "江川市开展职业技能提升培训",
        "江川市人力资源和社会保障局启动职业技能提升培训计划，全年计划培训企业职工和求职人员两万人次。",
        "培训覆盖电工、焊工、养老护理、电子商务等三十个工种，参训人员取得证书后可申领培训补贴。",
        "市里还将组织技能大赛，获奖选手按规定晋升职业技能等级，优秀选手推荐参加省级比赛。",
    ),
    "004": (
        "江川市加快新能源汽车充电设施建设",
        "江川市发展和改革委员会发布充电基础设施建设规划，今年新建公共充电桩三千个，覆盖全部乡镇。",
        "新建住宅小区停车位全部预留充电设施安装条件，老旧小区结合改造工程统一建设共享充电桩。",
        "对社会资本投资建设的公共充电站，市里按照设备投资额的百分之二十给予一次性建设补贴。",
    ),
    "005": (
        "江川市举办消费扶贫产品展销会",
        "江川市消费扶贫产品展销会在会展中心开幕，来自对口帮扶地区的三百余家企业带来两千多种产品。",
        "展销会为期三天，设置农副产品、手工艺品和特色食品三个展区，同时开通线上直播带货专场。",
        "市商务局介绍，展销会期间签订采购协议金额一点二亿元，帮助脱贫地区群众稳定增收。",
    ),
    "006": (
        "江川市公布城市更新第一批项目",
        "江川市住房和城乡建设局公布城市更新第一批项目清单，共涉及老旧街区改造和公共空间提升二十项。",
        "项目总投资约四十五亿元，包括背街小巷整治、历史建筑修缮、口袋公园建设和地下管网更新。",
        "市里将建立项目推进台账，实行月调度季通报，并邀请居民代表参与设计方案的讨论和工程监督。",
    ),
}


def _page(number: str, head: str = "") -> str:
    title, *paragraphs = ARTICLES[number]
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">{head}
<title>{title}_江川市人民政府</title></head>
<body>
<div class="nav"><a href="/index.html">首页</a> &gt; <a href="/index.html">新闻发布</a></div>
<h1>{title}</h1>
<div class="info">发布时间：2020-06-{number[1:]} 09:30　来源：江川市人民政府办公室</div>
<div class="content">
{body}
</div>
<p class="credit">编辑：罗兰 责任编辑：蒋涛</p>
<div class="footer">版权所有：江川市人民政府办公室</div>
</body></html>
"""


def _write_site(root: Path, linked: list[str]) -> None:
    """The listing (linking `linked`) and every article page, without refresh tags."""
    news = root / "news" / "2020"
    news.mkdir(parents=True)
    links = "\n".join(
        f'<li><a href="/news/2020/{n}.html">{ARTICLES[n][0]}</a></li>' for n in linked
    )
    (root / "index.html").write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>新闻发布_江川市人民政府</title>"
        f"</head><body><h2>新闻发布</h2><ul class='news-list'>{links}</ul></body></html>",
        encoding="utf-8",
    )
    for number in ARTICLES:
        (news / f"{number}.html").write_text(_page(number), encoding="utf-8")


def _site_config(sites_dir: Path, name: str, base_url: str) -> dict[str, str]:
    sites_dir.mkdir(exist_ok=True)
    (sites_dir / f"{name}.toml").write_text(
        f'name = "{name}"\nstart_urls = ["{base_url}index.html"]\n'
        "article_allow = ['/news/2020/\\d+\\.html$']\nlanguage = \"zh\"\n",
        encoding="utf-8",
    )
    return {**FAST, "PRESSBOT_SITES_DIR": str(sites_dir)}


def _url(base_url: str, number: str) -> str:
    return f"{base_url}news/2020/{number}.html"


def _check_published(records: list[dict[str, object]], base_url: str, want: list[str]) -> None:
    """Exactly the articles `want`, each once, valid, with its own title and body."""
    by_url = {str(r["url"]): r for r in records}
    assert len(by_url) == len(records), f"published twice: {sorted(map(str, by_url))}"
    assert sorted(by_url) == sorted(_url(base_url, n) for n in want)
    for number in want:
        record = by_url[_url(base_url, number)]
        title, *paragraphs = ARTICLES[number]
        assert list(record_errors(record)) == [], number
        assert record["title"] == title, number
        assert record["body"] == "\n".join(paragraphs), number


def test_a_page_refreshing_to_itself_is_published_and_one_refreshing_away_is_followed(
    tmp_path: Path, crawl: CrawlRunner
) -> None:
    """001: absolute URL of itself; 002: relative URL in quotes (`URL='…'`); 003: a reload with
    no URL (`content="300"`); 004: its own path with a fragment. 005 refreshes to 006 (which no
    listing links): 005 is a redirect, 006 is published once."""
    site = tmp_path / "site"
    _write_site(site, ["001", "002", "003", "004", "005"])
    log = RequestLog()
    with serve_directory(site, log=log) as base_url:
        news = site / "news" / "2020"
        heads = {
            "001": f'<meta http-equiv="refresh" content="60; url={_url(base_url, "001")}">',
            "002": '<meta http-equiv="refresh" content="5;URL=\'002.html\'">',
            "003": '<meta http-equiv="refresh" content="300">',
            "004": '<meta http-equiv="Refresh" content="30; url=/news/2020/004.html#main">',
            "005": '<meta http-equiv="refresh" content="0; url=/news/2020/006.html">',
        }
        for number, head in heads.items():
            (news / f"{number}.html").write_text(_page(number, head), encoding="utf-8")
        settings = _site_config(tmp_path / "sites", "refresh", base_url)
        result = crawl("site=refresh", settings=settings)

    assert result.returncode == 0, result.describe()
    assert "Traceback" not in result.log, result.describe()
    assert "which was requested already" not in result.log, result.describe()
    _check_published(result.records(), base_url, ["001", "002", "003", "004", "006"])
    for number in ("001", "002", "003", "004", "005", "006"):
        assert log.count(f"/news/2020/{number}.html") == 1, (number, log.paths())
    assert result.stats.get("pressbot/refresh/self") == 3  # 003 declares no URL
    assert result.stats.get("pressbot/published") == 5
    assert "pressbot/skipped/redirect_seen" not in result.stats


def test_retry_after_is_waited_for_before_the_retry(tmp_path: Path, crawl: CrawlRunner) -> None:
    """002: 503 with `Retry-After: 2`, then the page; 003: 429 with `Retry-After: 2`, then the
    page; 004: 503 with an unparseable Retry-After, retried after the normal backoff (0.2 s)."""
    site = tmp_path / "site"
    _write_site(site, ["001", "002", "003", "004"])
    busy = b"<html><body>Service unavailable</body></html>"
    extra = {
        "/news/2020/002.html": [Reply(503, {**HTML, "Retry-After": "2"}, busy), None],
        "/news/2020/003.html": [Reply(429, {**HTML, "Retry-After": " 2 "}, busy), None],
        "/news/2020/004.html": [Reply(503, {**HTML, "Retry-After": "soon"}, busy), None],
    }
    log = RequestLog()
    with serve_directory(site, extra=extra, log=log) as base_url:
        settings = _site_config(tmp_path / "sites", "retryafter", base_url)
        result = crawl("site=retryafter", settings=settings)

    assert result.returncode == 0, result.describe()
    assert "Traceback" not in result.log, result.describe()
    _check_published(result.records(), base_url, ["001", "002", "003", "004"])
    for number in ("002", "003"):
        first, second = log.times(f"/news/2020/{number}.html")
        assert second - first >= 1.95, f"{number}: retried after {second - first:.2f} s"
    first, second = log.times("/news/2020/004.html")
    assert second - first >= 0.2, f"004: retried after {second - first:.2f} s"  # the backoff
    stats = result.stats
    assert stats["retry/count"] == 3
    assert stats["pressbot/retry/retry_after"] == 2
    assert stats["pressbot/retry/retry_after_invalid"] == 1
    url = _url(base_url, "002")
    assert re.search(rf"Retrying {re.escape(url)} in 2(\.0)? s \(Retry-After: 2\)", result.log), (
        result.describe()
    )


def test_retry_after_over_the_cap_gives_the_request_up(tmp_path: Path, crawl: CrawlRunner) -> None:
    """PRESSBOT_RETRY_AFTER_MAX = 1: 002 answers 503 with `Retry-After: 5` (seconds), 003 429
    with an HTTP date a day ahead. Neither is retried (nor does the crawl wait): each is given up
    at once with a logged reason and a stat, and counted as a failed request."""
    site = tmp_path / "site"
    _write_site(site, ["001", "002", "003", "004", "005", "006"])
    busy = b"<html><body>Busy</body></html>"
    tomorrow = formatdate(time.time() + 86400, usegmt=True)
    extra = {
        "/news/2020/002.html": Reply(503, {**HTML, "Retry-After": "5"}, busy),
        "/news/2020/003.html": Reply(429, {**HTML, "Retry-After": tomorrow}, busy),
    }
    log = RequestLog()
    with serve_directory(site, extra=extra, log=log) as base_url:
        settings = _site_config(tmp_path / "sites", "toolong", base_url)
        settings |= {"PRESSBOT_RETRY_AFTER_MAX": "1", "PRESSBOT_MAX_ERROR_RATE": "0.5"}
        started = time.monotonic()
        result = crawl("site=toolong", settings=settings)
        took = time.monotonic() - started

    assert result.returncode == 0, result.describe()
    assert "Traceback" not in result.log, result.describe()
    _check_published(result.records(), base_url, ["001", "004", "005", "006"])
    assert log.count("/news/2020/002.html") == 1, log.paths()
    assert log.count("/news/2020/003.html") == 1, log.paths()
    assert took < 5 + 15, f"the crawl took {took:.1f} s"  # 15: the crawl's own start and stop
    for number, status in (("002", 503), ("003", 429)):
        url = re.escape(_url(base_url, number))
        assert re.search(
            rf"Gave up {url}: {status} with Retry-After: .* wait longer than "
            r"PRESSBOT_RETRY_AFTER_MAX \(1 s\)",
            result.log,
        ), result.describe()
    stats = result.stats
    assert stats["pressbot/retry/retry_after_too_long"] == 2
    assert "retry/count" not in stats
    assert stats["pressbot/errors/http_503"] == 1
    assert stats["pressbot/errors/http_429"] == 1


def test_a_429_slows_down_every_later_request_to_its_host(
    tmp_path: Path, crawl: CrawlRunner
) -> None:
    """The listing answers 429 once. Without the slowdown the six articles it links were asked
    for together, 10 ms apart at most; now every request after the 429 is at least the backoff
    (0.2 s, Scrapy's random 0.5x-1.5x of it off) after the one before, and one more 429 would
    double that."""
    site = tmp_path / "site"
    numbers = ["001", "002", "003", "004", "005", "006"]
    _write_site(site, numbers)
    busy = b"<html><body>Too many requests</body></html>"
    log = RequestLog()
    with serve_directory(site, extra={"/index.html": [Reply(429, HTML, busy), None]}, log=log) as (
        base_url
    ):
        settings = _site_config(tmp_path / "sites", "toomany", base_url)
        result = crawl("site=toomany", settings={**settings, "DOWNLOAD_DELAY_JITTER": "0"})

    assert result.returncode == 0, result.describe()
    _check_published(result.records(), base_url, numbers)
    refused = log.times("/index.html")[0]
    later = [hit.at for hit in log.hits if hit.at > refused]
    assert len(later) == 1 + len(numbers), log.paths()  # the listing again, then the articles
    gaps = [b - a for a, b in zip([refused, *later], later, strict=False)]
    assert min(gaps) >= 0.19, gaps
    assert result.stats["pressbot/retry/slowed_down"] == 1
    assert result.stats["pressbot/retry/slowed_down_to"] == 0.2
    host = base_url.split("/")[2]
    assert f"Slowing down {host}: 0.2 s between requests (HTTP 429 for {base_url}index.html)" in (
        result.log
    ), result.describe()


def test_after_a_429_autothrottle_brings_the_delay_back_down(
    tmp_path: Path, crawl: CrawlRunner
) -> None:
    """The README's promise after the slowdown: with AutoThrottle on, as the host answers well,
    the delay comes back down. The listing answers 429 once; the first request after it waits
    the slowed delay (0.2 s), and each good answer after that shortens the wait, until the last
    articles go out far sooner than the slowed delay."""
    site = tmp_path / "site"
    numbers = sorted(ARTICLES)
    _write_site(site, numbers)
    busy = b"<html><body>Too many requests</body></html>"
    log = RequestLog()
    with serve_directory(site, extra={"/index.html": [Reply(429, HTML, busy), None]}, log=log) as (
        base_url
    ):
        settings = {
            **_site_config(tmp_path / "sites", "toomany", base_url),
            "AUTOTHROTTLE_ENABLED": "True",
            "AUTOTHROTTLE_START_DELAY": "0.01",
            "AUTOTHROTTLE_TARGET_CONCURRENCY": "1",
            "DOWNLOAD_DELAY_JITTER": "0",
        }
        result = crawl("site=toomany", settings=settings)

    assert result.returncode == 0, result.describe()
    _check_published(result.records(), base_url, numbers)
    assert result.stats["pressbot/retry/slowed_down"] == 1
    refused = log.times("/index.html")[0]
    later = [hit.at for hit in log.hits if hit.at > refused]
    gaps = [b - a for a, b in zip([refused, *later], later, strict=False)]
    assert len(gaps) == 1 + len(numbers), log.paths()
    assert gaps[0] >= 0.19, gaps  # (the listing again, after the slowed delay)
    assert max(gaps[-3:]) < 0.1, gaps
    assert sum(gaps) < 0.2 * len(gaps) / 2, gaps


@pytest.mark.parametrize(
    ("value", "date", "seconds"),
    [
        ("2", None, 2.0),
        (" 120 ", None, 120.0),
        ("0", None, 0.0),
        ("Wed, 21 Oct 2015 07:28:30 GMT", "Wed, 21 Oct 2015 07:28:00 GMT", 30.0),
        ("Wednesday, 21-Oct-15 07:28:30 GMT", "Wed, 21 Oct 2015 07:28:00 GMT", 30.0),
        ("Wed, 21 Oct 2015 07:27:00 GMT", "Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # past: now
        ("soon", None, None),
        ("-5", None, None),
        ("1.5", None, None),
        ("", None, None),
        ("Wed, 32 Oct 2015 07:28:30 GMT", None, None),
    ],
)
def test_retry_after_values(value: str, date: str | None, seconds: float | None) -> None:
    """delta-seconds or an HTTP date (measured from the response's Date, the server's clock);
    anything else is no value (the normal backoff applies)."""
    from pipelines.retry import retry_after_seconds  # noqa: PLC0415

    now = 1445412480.0  # Wed, 21 Oct 2015 07:28:00 GMT, if the response has no Date
    assert retry_after_seconds(value.encode(), date and date.encode(), now=now) == seconds


def test_an_article_lost_in_a_redirect_loop_or_chain_is_a_failure(
    tmp_path: Path, crawl: CrawlRunner
) -> None:
    """001 redirects to a page that redirects back, 002 to itself, 003 down a chain longer than
    REDIRECT_MAX_TIMES (20). Each was a quiet skip (`redirect_seen`, `ignored`: "none of them
    an error"), the last one logged under the chain's 20th hop, not the article; a site whose
    articles all loop was a healthy run publishing nothing. Each is now a failed request of the
    article, named in a warning, counted in the error rate and asked for again next run."""
    site = tmp_path / "site"
    _write_site(site, ["001", "002", "003", "004"])
    extra: dict[str, Reply] = {
        f"/hop/{n}.html": Reply(302, {"Location": f"/hop/{n + 1}.html"}) for n in range(30)
    }
    extra |= {
        "/news/2020/001.html": Reply(302, {"Location": "/news/2020/back.html"}),
        "/news/2020/back.html": Reply(302, {"Location": "/news/2020/001.html"}),
        "/news/2020/002.html": Reply(301, {"Location": "/news/2020/002.html"}),
        "/news/2020/003.html": Reply(302, {"Location": "/hop/0.html"}),
    }
    with serve_directory(site, extra=extra) as base_url:
        settings = _site_config(tmp_path / "sites", "loops", base_url)
        result = crawl("site=loops", settings=settings)

    assert result.returncode == 3, result.describe()  # 3 of 5 requests failed
    _check_published(result.records(), base_url, ["004"])
    stats = result.stats
    assert stats["pressbot/errors/redirect_loop"] == 2
    assert stats["pressbot/errors/too_many_redirects"] == 1
    assert "pressbot/skipped/redirect_seen" not in stats
    assert "pressbot/skipped/ignored" not in stats
    for number in ("001", "002"):
        assert f"Failed: redirect_loop: {_url(base_url, number)} (redirected back to " in (
            result.log
        ), result.describe()
    assert f"Failed: too_many_redirects: {_url(base_url, '003')} (" in result.log
    assert "Unhealthy run: 3 of 5 requests failed" in result.log, result.describe()
