"""Press releases of one office share their closing sections ("About X", forward-looking
statements, a contact block, a disclaimer): that text must not make two releases near copies,
while a syndicated copy of a release, with or without those sections, still is one."""

from __future__ import annotations

import json
from pathlib import Path

from pressbot.cli import main
from pressbot.dedup.sqlite import read_duplicates

PAGE = (
    '<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
    '<nav><a href="/">Home</a> <a href="/news/">Newsroom</a></nav>'
    '<main><h1>{title}</h1><p class="date">November 20, 2026</p>'
    '<div class="article-body">{body}</div></main>'
    "<footer>Copyright 2026. All rights reserved.</footer></body></html>"
)
ABOUT = (
    "About Example Corp",
    "Example Corp is a global leader in industrial automation and digital infrastructure, "
    "serving more than twelve thousand customers in over ninety countries. Founded in 1987 and "
    "headquartered in Austin, Texas, the company designs, manufactures and services control "
    "systems, sensors, software and cloud platforms that help manufacturers, utilities and "
    "logistics operators run safer, cleaner and more productive operations. It employs about "
    "twenty-eight thousand people. For more information, visit www.example-corp.com.",
    "Forward-Looking Statements: This press release contains forward-looking statements within "
    "the meaning of the Private Securities Litigation Reform Act of 1995. These statements are "
    "based on current expectations and are subject to risks and uncertainties that could cause "
    "actual results to differ materially, including changes in economic conditions, competition "
    "and supply chain disruptions. The company undertakes no obligation to update them.",
    "Media Contact: Jane Doe, Example Corp, +1 512 555 0100, press@example-corp.com",
)
CFO = (
    "AUSTIN, Texas, Nov. 18, 2026 -- Example Corp today announced the appointment of Maria "
    "Lopez as chief financial officer, effective January 1, 2027.",
    "Lopez joins from Northwind Industries, where she led finance for the energy division.",
    '"Maria brings deep experience in capital allocation," said chief executive Tom Baker.',
)
RESULTS = (
    "AUSTIN, Texas, Nov. 20, 2026 -- Example Corp today reported third-quarter revenue of 1.7 "
    "billion dollars, up 8 percent from a year earlier, as orders for grid automation grew.",
    "Orders grew 11 percent, led by demand for grid automation equipment in North America, "
    "while sales in Europe were flat and sales in Asia fell by 2 percent.",
    "The company raised its full-year outlook for earnings per share to between 4.10 and 4.30 "
    "dollars, citing a stronger backlog and lower costs for components and freight.",
)
NOTICE_TAIL = (
    "特别提示：本网站所发布信息仅供参考，如有疑问请以正式文件为准。联系地址：某某市人民路1号"
    "市政府大楼三楼，邮政编码：100000，联系电话：010-12345678，传真：010-12345679，电子邮箱："
    "office@example.gov.cn。办公时间：工作日上午9:00至12:00，下午14:00至17:30。本单位依法保护"
    "个人信息，未经许可不得转载、摘编本网站发布的信息。如需转载请注明来源并保持内容完整。"
)


def _page(folder: Path, url: str, title: str, paragraphs: tuple[str, ...] | list[str]) -> Path:
    folder.mkdir(parents=True)
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    (folder / "body.html").write_text(PAGE.format(title=title, body=body), encoding="utf-8")
    (folder / "info.json").write_text(json.dumps({"url": url}), encoding="utf-8")
    return folder


def _parse(tmp_path: Path, pages: list[Path]) -> tuple[list[str], list[tuple[str, str]]]:
    """URLs published by `pressbot parse --dedup` (in input order), and (dropped, of) pairs."""
    out, state = tmp_path / "records.jsonl", tmp_path / "state.sqlite3"
    args = ["parse", *map(str, pages), "-j", "1", "--dedup", "--state", str(state)]
    assert main([*args, "-o", str(out)]) == 0
    published = [json.loads(line)["url"] for line in out.read_text(encoding="utf-8").splitlines()]
    return published, [(d.url, d.duplicate_of) for d in read_duplicates(state)]


def test_two_releases_sharing_their_closing_sections_are_both_published(tmp_path: Path) -> None:
    first = "http://www.example-corp.com/news/2026/11/18/cfo.html"
    second = "http://www.example-corp.com/news/2026/11/20/q3.html"
    pages = [
        _page(tmp_path / "a", first, "Example Corp names a CFO", [*CFO, *ABOUT]),
        _page(tmp_path / "b", second, "Example Corp third-quarter results", [*RESULTS, *ABOUT]),
    ]
    published, dropped = _parse(tmp_path, pages)
    assert dropped == []
    assert published == [first, second]


def test_two_short_notices_of_one_office_are_both_published(tmp_path: Path) -> None:
    first = "http://www.example.gov.cn/tzgg/202611/t20261118_1.html"
    second = "http://www.example.gov.cn/tzgg/202611/t20261120_2.html"
    to = "各区县人民政府、市直各部门："
    check = f"{to}为做好冬季安全生产工作，决定自12月1日起开展安全生产大检查。"
    holiday = f"{to}经市政府同意，2027年元旦放假时间为1月1日至1月3日，共3天。"
    pages = [
        _page(tmp_path / "a", first, "关于开展安全生产大检查的通知", [check, NOTICE_TAIL]),
        _page(tmp_path / "b", second, "关于2027年元旦放假安排的通知", [holiday, NOTICE_TAIL]),
    ]
    published, dropped = _parse(tmp_path, pages)
    assert dropped == []
    assert published == [first, second]


def test_a_copy_of_a_release_is_dropped_with_or_without_its_closing_sections(
    tmp_path: Path,
) -> None:
    original = "http://www.example-corp.com/news/2026/11/20/q3.html"
    whole = "http://wire.example.net/2026/11/20/example-corp-q3.html"
    bare = "http://portal.example.org/business/example-corp-q3.html"
    pages = [
        _page(tmp_path / "a", original, "Example Corp results", [*RESULTS, *ABOUT]),
        _page(tmp_path / "b", whole, "Example Corp results", ["(BUSINESS WIRE)", *RESULTS, *ABOUT]),
        _page(tmp_path / "c", bare, "Example Corp results", [*RESULTS, "Source: Example Corp"]),
    ]
    published, dropped = _parse(tmp_path, pages)
    assert published == [original]
    assert dropped == [(whole, original), (bare, original)]
