"""`pressbot parse --site auto`: an archive of several sites' pages, each page parsed with the
config of the site its URL is on, as that site's crawl would have parsed it."""

from __future__ import annotations

import json
from pathlib import Path

from test_offline import HTML, run, write_warc

PAGE = (
    "<html><head><title>Port reopens after the storm</title></head><body>"
    "<h1>Port reopens after the storm</h1><div class='meta'>Published: 2020-06-02 09:30</div>"
    "<div class='content'>"
    + "".join(
        f"<p>Paragraph {i}: the port authority said on Tuesday that the harbour had reopened to "
        "ships after the storm, and that the cranes were working again.</p>"
        for i in range(5)
    )
    + "</div></body></html>"
).encode()

CONFIGS = {
    "ny": 'start_urls = ["https://news.ny.example/"]\ntimezone = "America/New_York"\n',
    # Its allowed domain holds news.ny.example too, less closely than ny's start URL's host.
    "nyc": 'allowed_domains = ["ny.example"]\nstart_urls = ["https://ny.example/policy/"]\n'
    "article_allow = ['/policy/']\ntimezone = \"America/Chicago\"\n",
    "sh": 'start_urls = ["https://www.sh.example.gov.cn/xwfb/"]\ntimezone = "Asia/Shanghai"\n',
    # The same host as sh: it takes the pages its article_allow names.
    "sh-zc": 'start_urls = ["https://www.sh.example.gov.cn/zcjd/"]\n'
    "article_allow = ['/zcjd/']\ntimezone = \"Asia/Tokyo\"\n",
    # A crawl would refuse it (its start is off its domains): left out, with a warning.
    "zz-broken": 'allowed_domains = ["other.example"]\nstart_urls = ["https://elsewhere.example/"]\n',
}

# URL -> (the config a crawl of it uses, the page's 09:30 in that config's zone in June)
EXPECTED = {
    "https://news.ny.example/2020/a.html": ("ny", "2020-06-02T09:30-04:00"),
    "https://ny.example/policy/b.html": ("nyc", "2020-06-02T09:30-05:00"),
    "https://www.ny.example/policy/c.html": ("nyc", "2020-06-02T09:30-05:00"),
    "https://www.sh.example.gov.cn/xwfb/d.html": ("sh", "2020-06-02T09:30+08:00"),
    "https://www.sh.example.gov.cn/zcjd/e.html": ("sh-zc", "2020-06-02T09:30+09:00"),
    "https://sh.example.gov.cn/zcjd/f.html": ("sh-zc", "2020-06-02T09:30+09:00"),  # bare name
    "https://other.example/g.html": (None, "2020-06-02"),  # no config: no zone, no time
}


def test_each_page_of_a_mixed_archive_gets_its_sites_config(tmp_path: Path) -> None:
    sites = tmp_path / "sites"
    sites.mkdir()
    for name, text in CONFIGS.items():
        (sites / f"{name}.toml").write_text(text, encoding="utf-8")
    warc = tmp_path / "mixed.warc.gz"
    entries = [("response", url, 200, [("Content-Type", HTML)], PAGE) for url in EXPECTED]
    write_warc(warc, entries, "2020-06-03T00:00:00Z")

    done = run("parse", "--site", "auto", "--sites-dir", sites, "-j", "2", warc)

    assert done.returncode == 0, done.stderr
    got = {
        r["url"]: (r["site"], r["published_at"])
        for r in map(json.loads, done.stdout.split("\n")[:-1])
    }
    assert got == EXPECTED
    assert (
        "pressbot parse: site configs sh, sh-zc all hold www.sh.example.gov.cn: a page there "
        "gets the one whose article_allow names its URL, else sh"
    ) in done.stderr
    assert "pressbot parse: site config 'zz-broken' is left out: " in done.stderr, done.stderr


def test_one_site_for_every_page_is_still_one_site(tmp_path: Path) -> None:
    """`--site NAME` applies that config to every page, whatever its host, as before."""
    sites = tmp_path / "sites"
    sites.mkdir()
    (sites / "ny.toml").write_text(CONFIGS["ny"], encoding="utf-8")
    warc = tmp_path / "mixed.warc"
    urls = ["https://news.ny.example/2020/a.html", "https://other.example/g.html"]
    entries = [("response", url, 200, [("Content-Type", HTML)], PAGE) for url in urls]
    write_warc(warc, entries, "2020-06-03T00:00:00Z")

    done = run("parse", "--site", "ny", "--sites-dir", sites, "-j", "1", warc)

    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [(r["site"], r["published_at"]) for r in records] == [
        ("ny", "2020-06-02T09:30-04:00")
    ] * 2
