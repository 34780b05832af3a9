"""Charsets in a real crawl: GBK pages, some behind a wrong HTTP charset, and a Big5 page that
only the site's `encoding` override decodes right.

When the HTTP charset and the page disagree, the decoding that fits the bytes wins (GB18030 for
the GB family), the record says which (`extraction.encoding`), and the stats count how often the
HTTP charset was overruled.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from conftest import Crawl, CrawlRunner
from fixture_sites import FAST, SITES_DIR, check_records, file_reply, site_root

from pressbot.document import decode_html
from pressbot.localserver import serve_directory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

GBK = {
    "gbk/2020/06/4001.html": "text/html; charset=gbk",  # right
    "gbk/2020/06/4002.html": "text/html; charset=utf-8",  # wrong; the page says gb2312
    "gbk/2020/06/4003.html": "text/html; charset=iso-8859-1",  # wrong; the page says gbk
}
BIG5 = "big5/2020/06/4101.html"


def test_gbk_pages_with_a_wrong_http_charset_are_decoded_as_gb18030(crawl: CrawlRunner) -> None:
    extra = {"/" + path: file_reply("gbk", path, content_type=kind) for path, kind in GBK.items()}
    with serve_directory(site_root("gbk"), extra=extra) as base:
        result = crawl("site=gbk", f"base_url={base}", settings=FAST)
    assert result.returncode == 0, result.describe()
    records = check_records(result, base, "gbk", list(GBK))
    assert {r["extraction"]["encoding"] for r in records} == {"gb18030"}
    stats = result.stats
    assert stats["pressbot/encoding/gb18030"] == 3
    assert stats["pressbot/encoding/http_charset_overruled"] == 2
    assert (
        "Decoded " + base + "gbk/2020/06/4002.html as gb18030, not as its HTTP charset utf-8"
        in (result.log)
    )


def _big5_crawl(crawl: CrawlRunner, settings: dict[str, str]) -> tuple[str, Crawl]:
    extra = {"/" + BIG5: file_reply("big5", BIG5, content_type="text/html; charset=iso-8859-1")}
    with serve_directory(site_root("big5"), extra=extra) as base:
        result = crawl("site=big5", f"base_url={base}", settings={**FAST, **settings})
    assert result.returncode == 0, result.describe()
    return base, result


def test_site_encoding_override_decodes_a_page_whose_charset_nobody_declares(
    crawl: CrawlRunner, tmp_path: Path
) -> None:
    # Without the override the Big5 bytes decode without errors as cp1252 (the HTTP charset):
    # mojibake, which is not an article.
    sites = tmp_path / "sites"
    sites.mkdir()
    config = (SITES_DIR / "big5.toml").read_text(encoding="utf-8")
    config = config.replace('encoding = "big5"\n', "").replace(
        'local_root = "../crawl/big5"', f'local_root = "{site_root("big5")}"'
    )
    (sites / "big5.toml").write_text(config, encoding="utf-8")
    base, result = _big5_crawl(crawl, {"PRESSBOT_SITES_DIR": str(sites)})
    assert result.records() == []
    assert result.dropped() == {"not-article": 1}
    assert result.stats["pressbot/encoding/cp1252"] == 1

    # With `encoding = "big5"` in the config.
    base, result = _big5_crawl(crawl, {})
    records = check_records(result, base, "big5", [BIG5])
    # Big5 is decoded with its superset Big5-HKSCS, as browsers (and w3lib) do.
    assert records[0]["extraction"]["encoding"] == "big5hkscs"
    assert result.stats["pressbot/encoding/big5hkscs"] == 1


def _chinese_legacy_pages() -> list[Path]:
    """The fixture pages in a GB or Big5 charset (the one their declarations name)."""
    pages = []
    for body in sorted(FIXTURES.glob("*/*/body.html")):
        data = body.read_bytes()
        if decode_html(data)[0] in ("gb18030", "big5hkscs"):
            pages.append(body)
    return pages


def test_a_gb_or_big5_page_that_declares_utf_8_is_still_read_in_its_charset() -> None:
    """With no charset that decodes it cleanly, the bytes were read as GB18030, which decodes
    Big5 without an error: as private-use characters and kana. Every GB and Big5 fixture page,
    its charset declarations made UTF-8, comes out as it does declared."""
    pages = _chinese_legacy_pages()
    kinds = Counter(decode_html(page.read_bytes())[0] for page in pages)
    assert kinds["big5hkscs"] >= 4 and kinds["gb18030"] >= 100, kinds
    for page in pages:
        data = page.read_bytes()
        declared = decode_html(data)
        lying = re.sub(rb"charset\s*=\s*[\"']?[\w-]+", b"charset=utf-8", data, flags=re.I)
        codec, text = decode_html(lying, "text/html; charset=utf-8")
        assert codec == declared[0], page
        assert text.count("\ufffd") == declared[1].count("\ufffd"), page
