"""Charsets in a real crawl: GBK pages, some behind a wrong HTTP charset, and a Big5 page that
only the site's `encoding` override decodes right.

When the HTTP charset and the page disagree, the decoding that fits the bytes wins (GB18030 for
the GB family), the record says which (`extraction.encoding`), and the stats count how often the
HTTP charset was overruled.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import Crawl, CrawlRunner
from fixture_sites import FAST, SITES_DIR, check_records, file_reply, site_root

from pressbot.document import decode_html
from pressbot.extract import extract
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


# An English news page in Windows-1252 (curly quotes 0x93/0x94, en and em dashes 0x96/0x97,
# no-break spaces 0xA0) that declares no charset, or a false UTF-8 one. GB18030 decodes such
# bytes almost without an error: 0x93 and the ASCII letter after it are one GB18030 character.
WIN1252_QUOTE = (
    "“He did exactly what we tell every family to do — he got everyone out,” "
    "Fire Chief Dana Morales said."
)
WIN1252_PARAGRAPHS = [
    "Firefighters spent the early hours of Tuesday on Elm Street, where a fire that started "
    "in a garage spread to the kitchen of a two-storey home before crews arrived.",
    WIN1252_QUOTE,
    "The family of five – two adults, three children and a dog – waited across the street "
    "while 24 firefighters from Station\u00a07 and Station\u00a012 brought the fire under "
    "control in 35–40 minutes.",
    "Morales said the smoke alarm in the hallway woke the father, who checked the garage door "
    "with the back of his hand, found it hot and led the children out through the front door "
    "without stopping to collect anything.",
    "“People want to grab their phones, their photos, their pets,” she said. “Every second "
    "you spend on that is a second the smoke gets to spend on you.”",
    "The cause of the fire is under investigation. The Red Cross is helping the family with "
    "a place to stay; no one was hurt, the department said — not even the dog.",
]
CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\ue000-\uf8ff\uff00-\uffef]")


def _english_page(meta: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in WIN1252_PARAGRAPHS)
    return (
        f"<!DOCTYPE html><html lang='en'><head>{meta}<title>Fire crews praise family’s quick "
        "escape – Example News</title></head><body><header><nav><a href='/'>Home</a> "
        "<a href='/news/'>News</a></nav></header><article><h1>Fire crews praise family’s "
        "quick escape</h1><p class='byline'>By Sam Lee — June 2, 2020</p>"
        f"{paragraphs}</article><footer>© 2020 Example News</footer></body></html>"
    )


ENGLISH_URL = "https://news.example.com/2020/06/02/fire-crews-praise-family.html"


@pytest.mark.parametrize(
    ("meta", "content_type"),
    [
        ("", None),  # no charset anywhere
        ("", "text/html"),
        ("", "text/html; charset=utf-8"),  # a false HTTP charset
        ('<meta charset="utf-8">', "text/html"),  # a false meta charset
        ('<meta http-equiv="Content-Type" content="text/html; charset=utf-8">', None),
    ],
)
def test_an_english_windows_1252_page_is_read_as_cp1252(meta: str, content_type: str) -> None:
    data = _english_page(meta).encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    codec, text = decode_html(data, content_type)
    assert (codec, text) == ("cp1252", _english_page(meta))

    headers = {"Content-Type": content_type} if content_type else None
    record = extract(data, ENGLISH_URL, headers=headers, raise_errors=True).to_dict()
    assert record["extraction"]["page_type"] == "article"
    assert record["extraction"]["encoding"] == "cp1252"
    assert WIN1252_QUOTE in record["body"]
    assert "35–40 minutes" in record["body"]
    assert record["title"].startswith("Fire crews praise family’s quick escape")
    for value in (record["title"], record["body"]):
        assert "\ufffd" not in value and not CJK.search(value), value
    # The same record as from the page's UTF-8 bytes.
    narrow = extract(_english_page().encode("utf-8"), ENGLISH_URL, raise_errors=True).to_dict()
    assert {k: v for k, v in record.items() if k != "extraction"} == {
        k: v for k, v in narrow.items() if k != "extraction"
    }


def test_a_windows_1252_page_behind_a_latin_1_charset_is_still_cp1252() -> None:
    """The WHATWG reads latin-1 and ASCII labels as windows-1252; 0x81, undefined in Python's
    cp1252, sends the page past the declared charsets."""
    data = _english_page().encode("cp1252").replace(b"Elm Street", b"Elm\x81Street")
    for content_type in ("text/html; charset=iso-8859-1", "text/html; charset=us-ascii"):
        codec, text = decode_html(data, content_type)
        assert codec == "cp1252"
        assert WIN1252_QUOTE in text and not CJK.search(text)


def _utf8_fixture_pages_in_windows_1252() -> list[tuple[Path, str, bytes]]:
    """Every UTF-8 fixture page whose text Windows-1252 can hold and that has a character
    past ASCII: (page, text, its Windows-1252 bytes with its charset declarations made
    UTF-8)."""
    pages = []
    for body in sorted(FIXTURES.glob("*/*/body.html")):
        data = body.read_bytes()
        codec, text = decode_html(data)
        if codec != "utf_8" or text.isascii():
            continue
        try:
            narrow = text.encode("cp1252")
        except UnicodeEncodeError:
            continue
        pages.append((body, text, narrow))
    return pages


def test_every_english_fixture_page_in_windows_1252_is_read_as_cp1252() -> None:
    pages = _utf8_fixture_pages_in_windows_1252()
    assert len(pages) >= 200, len(pages)
    for page, text, data in pages:
        codec, decoded = decode_html(data, "text/html; charset=utf-8")
        assert (codec, decoded) == ("cp1252", text), page


ZH_PARAGRAPHS = [
    "新闻发布会上，发言人介绍了有关情况，并回答了记者提问。" * 3,
    "据介绍，今年以来全市共新建改建农村公路一千二百公里，完成投资三十五亿元。" * 2,
    "下一步，有关部门将继续加大工作力度，确保各项任务按期完成。" * 2,
]


def _chinese_page(meta: str = "", stray: str = "") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in ZH_PARAGRAPHS)
    return (
        f"<html><head>{meta}<title>全市农村公路建设取得新进展</title></head><body>"
        f"<h1>全市农村公路建设取得新进展</h1><div class='article'>{paragraphs}"
        f"<p>{stray}来源：本报</p></div></body></html>"
    )


def _gbk_page_with_a_stray_curly_quote(meta: str = "") -> bytes:
    """A GBK news page into which one quotation was pasted in Windows-1252: “Reporter” as
    0x93 Reporter 0x94."""
    return _chinese_page(meta, "STRAY ").encode("gbk").replace(b"STRAY", b"\x93Reporter\x94 says")


@pytest.mark.parametrize(
    ("meta", "content_type"),
    [
        ("", None),
        ("", "text/html; charset=utf-8"),
        ("", "text/html; charset=big5"),
        ("", "text/html; charset=euc-kr"),
        ('<meta charset="utf-8">', None),
        ('<meta charset="gbk">', "text/html; charset=utf-8"),
    ],
)
def test_a_gbk_page_with_one_windows_1252_quote_stays_gb18030(meta: str, content_type: str) -> None:
    data = _gbk_page_with_a_stray_curly_quote(meta)
    codec, text = decode_html(data, content_type)
    assert codec == "gb18030"
    for paragraph in ZH_PARAGRAPHS:
        assert paragraph in text
    headers = {"Content-Type": content_type} if content_type else None
    record = extract(data, "http://news.example.cn/2020/0602/a.html", headers=headers).to_dict()
    assert record["extraction"]["encoding"] == "gb18030"
    assert record["title"] == "全市农村公路建设取得新进展"
    assert ZH_PARAGRAPHS[1] in record["body"]


WIDE_PAGES = {
    "English": _english_page(),
    "ASCII": _english_page().encode("ascii", "replace").decode("ascii"),  # valid UTF-8 in UTF-16
    "Chinese": _chinese_page(),
}
WIDE_PAGE = WIDE_PAGES["English"]


@pytest.mark.parametrize("page", WIDE_PAGES)
@pytest.mark.parametrize(
    ("charset", "codec", "expected"),
    [
        ("utf-16le", "utf-16-le", "utf_16_le"),
        ("UTF-16LE", "utf-16-le", "utf_16_le"),
        ("utf-16be", "utf-16-be", "utf_16_be"),
        ("utf-16", "utf-16-le", "utf_16_le"),  # the WHATWG reads a bare utf-16 as LE
        ("utf-16", "utf-16-be", "utf_16_be"),  # ... where BE bytes say otherwise
        ("utf-32le", "utf-32-le", "utf_32_le"),
        ("utf-32", "utf-32-le", "utf_32_le"),
        ("utf-32be", "utf-32-be", "utf_32_be"),
    ],
)
def test_a_utf_16_page_without_a_bom_declared_in_http_is_read(
    page: str, charset: str, codec: str, expected: str
) -> None:
    html = WIDE_PAGES[page]
    data = html.encode(codec)
    assert not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    content_type = f"text/html; charset={charset}"
    assert decode_html(data, content_type) == (expected, html)
    wide = extract(data, ENGLISH_URL, headers={"Content-Type": content_type}).to_dict()
    assert wide["extraction"]["page_type"] == "article", wide["extraction"]
    assert wide["extraction"]["encoding"] == expected
    narrow = extract(html.encode("utf-8"), ENGLISH_URL).to_dict()
    assert {k: v for k, v in wide.items() if k != "extraction"} == {
        k: v for k, v in narrow.items() if k != "extraction"
    }


def test_a_charset_of_utf_16_is_honoured_only_when_the_bytes_are_utf_16() -> None:
    # Undeclared, UTF-16 bytes without a BOM are still no page.
    data = WIDE_PAGE.encode("utf-16-le")
    for headers in (
        None,
        {"Content-Type": "text/html"},
        {"Content-Type": "text/html; charset=utf-8"},
    ):
        record = extract(data, ENGLISH_URL, headers=headers).to_dict()
        assert record["extraction"]["page_type"] == "binary"
        assert record["extraction"]["warnings"] == ["not HTML: NUL bytes"]
    # A UTF-8 page behind a false UTF-16 charset is read as UTF-8.
    utf8 = WIDE_PAGE.encode("utf-8")
    assert decode_html(utf8, "text/html; charset=utf-16le") == ("utf_8", WIDE_PAGE)
    record = extract(utf8, ENGLISH_URL, headers={"Content-Type": "text/html; charset=utf-16"})
    assert record.extraction.encoding == "utf_8" and record.is_article
    # Binary bytes behind a UTF-16 charset stay binary, decodable or not.
    for blob in (bytes(range(256)) * 64, b"\x00\x01\x02\x03" * 4096):
        record = extract(blob, ENGLISH_URL, headers={"Content-Type": "text/html; charset=utf-16"})
        assert record.extraction.page_type == "binary", record.extraction
