"""The headline and the byline rows between it and the text: each rule reads what the header
says and must leave a header without it alone (fixtures/ holds the pages the rules came from)."""

from __future__ import annotations

import pytest

from pressbot import extract

URL = "https://news.example.com/2020/06/03/county-clears-roads.html"
HEADLINE = "County clears the storm's roads as power returns to the valley"
TEXT = "".join(
    f"<p>Paragraph {i}: the county emergency office said on Wednesday that crews had cleared "
    "most of the roads closed by the storm, and that power had come back to most homes.</p>"
    for i in range(5)
)


def page(header: str, head: str = "", end: str = "") -> str:
    """A story page: `header` over the text, `end` right after its last paragraph."""
    return (
        f"<html><head><title>{HEADLINE} - County News</title>"
        f'<meta property="og:title" content="{HEADLINE}">'
        f'<meta property="og:site_name" content="County News">{head}</head>'
        f"<body><header>{header}</header><div class='article-body'>{TEXT}{end}</div></body></html>"
    )


DECK = "<h2>Crews worked through the night on the mountain roads above the town.</h2>"


def test_a_headline_linking_to_its_own_page_is_the_title() -> None:
    article = extract(page(f'<h1><a href="{URL}">{HEADLINE}</a></h1>{DECK}'), URL)
    assert article.title == HEADLINE


def test_a_linked_site_name_in_an_h1_is_no_title() -> None:
    header = f'<h1><a href="/">County News</a></h1><h2 class="title">{HEADLINE}</h2>'
    assert extract(page(header), URL).title == HEADLINE


def test_the_sites_own_name_with_a_wire_names_no_writer() -> None:
    ld = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "County News With AP"}}'
    head = f'<script type="application/ld+json">{ld}</script>'
    byline = '<div class="byline"><a href="/author/cn-ap">COUNTY NEWS WITH AP</a></div>'
    header = f"<h1>{HEADLINE}</h1>{byline}"
    article = extract(page(header, head), URL)
    assert (article.authors, article.source) == ([], "AP")
    assert "COUNTY NEWS WITH AP" in article.credit_lines


def test_a_writer_named_with_a_wire_stays_the_writer() -> None:
    ld = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Jane Roe"}}'
    head = f'<script type="application/ld+json">{ld}</script>'
    article = extract(page(f"<h1>{HEADLINE}</h1>", head), URL)
    assert article.authors == ["Jane Roe"]


def test_a_writers_card_with_a_post_is_a_credit_line() -> None:
    card = (
        '<div class="author-name-row"><a class="author-name" href="/u/100231/">钟屿</a>'
        ' <span class="author-role">易车编辑</span></div>'
    )
    article = extract(page(f"<h1>{HEADLINE}</h1>{card}"), URL)
    assert article.authors == ["钟屿"]
    assert article.credit_lines == ["钟屿 易车编辑"]


def test_a_view_count_beside_the_time_is_no_source() -> None:
    row = '<div class="info"><span>2020年06月03日 17:21</span> <span>2.4k</span></div>'
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert article.source is None


def test_the_section_beside_the_time_is_no_writer_when_the_menu_names_it() -> None:
    menu = (
        '<ul class="nav"><li><a href="/life/">生活</a></li><li><a href="/news/">政治</a></li></ul>'
    )
    row = '<div class="page-title-text">2020/06/03 17:21 <a href="/life/">生活</a></div>'
    article = extract(page(f"{menu}<h1>{HEADLINE}</h1>{row}"), URL)
    assert article.authors == []


def test_a_writers_bare_name_beside_the_time_stays_the_writer() -> None:
    row = '<div class="info">宁小川 2020-06-03 10:21</div>'
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).authors == ["宁小川"]


def test_a_linked_name_before_a_comma_and_the_date_is_the_writer() -> None:
    link = '<a href="/writers/jane-roe.aspx">Jane Roe</a>'
    row = f'<div class="date">{link} , Wednesday 3 Jun 2020</div>'
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).authors == ["Jane Roe"]


def test_two_linked_writers_before_the_outlet_are_not_cut_to_one() -> None:
    ld = (
        '{"@type": "NewsArticle", "author": [{"@type": "Person", "name": "Jane Roe"}, '
        '{"@type": "Person", "name": "John Doe"}]}'
    )
    head = f'<script type="application/ld+json">{ld}</script>'
    row = (
        '<div class="bylineDetails"><a href="/a/jane">Jane Roe</a>, <a href="/a/john">John Doe'
        "</a> · County News · Posted: Jun 03, 2020 4:00 AM ET</div>"
    )
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}", head), URL)
    assert article.authors == ["Jane Roe", "John Doe"]


def test_a_deck_above_the_byline_is_no_text_and_the_byline_is_read() -> None:
    deck = "<p class='article-summary'>Crews worked through the night on the mountain roads.</p>"
    meta = (
        "<div class='article-meta'><p class='article-byline'>By Jane Roe</p>"
        "<p class='article-date'>Added 3 June 2020</p></div>"
    )
    html = page("").replace(
        "<header></header><div class='article-body'>",
        f"<div class='article-wrapper'><h1>{HEADLINE}</h1>{deck}{meta}<div class='article-body'>",
    )
    article = extract(html.replace("</body>", "</div></body>"), URL)
    assert article.body.startswith("Paragraph 0:")
    assert (article.authors, article.credit_lines) == (["Jane Roe"], ["By Jane Roe"])


def test_a_host_in_a_one_zone_country_gives_the_shown_time_its_zone() -> None:
    header = f"<h1>{HEADLINE}</h1><p>By Jane Roe</p><p>Added 3rd June 2020 05:21 PM</p>"
    url = "https://www.example.co.ug/news/roads.html"
    assert extract(page(header), url).published_at == "2020-06-03T17:21+03:00"


def test_a_buttons_words_are_no_account() -> None:
    card = (
        '<div class="expert"><p>审核专家：郦某 主任医师</p>'
        '<a class="ask-btn" href="https://ask.example.cn/ask?doctor=1">向TA提问</a></div>'
    )
    article = extract(page(f"<h1>{HEADLINE}</h1><div>2020-06-03 作者：卢某</div>{card}"), URL)
    assert article.source is None


def test_a_players_length_does_not_cut_the_metadatas_seconds() -> None:
    ld = '{"@type": "NewsArticle", "datePublished": "2020-06-03T15:21:44-07:00"}'
    head = f'<script type="application/ld+json">{ld}</script>'
    header = f"<h1>{HEADLINE}</h1><div>Jun 3, 2020</div><div>Listen County Newscast 1:12</div>"
    assert extract(page(header, head), URL).published_at == "2020-06-03T15:21:44-07:00"


def test_a_byline_of_desks_names_no_one_but_is_a_credit_line() -> None:
    header = f"<h1>{HEADLINE}</h1><div>By County News Staff and Wire Services</div>"
    article = extract(page(header), URL)
    assert article.authors == []
    assert article.credit_lines == ["By County News Staff and Wire Services"]


def test_writers_cards_name_the_writers_the_metadata_leaves_out() -> None:
    ld = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Jane Roe"}}'
    head = f'<script type="application/ld+json">{ld}</script>'
    cards = "".join(
        f'<div class="author-card"><a href="/author/{slug}/">{name}</a> {job}</div>'
        for slug, name, job in (
            ("jr", "Jane Roe", "Health Reporter"),
            ("jd", "John Doe", "Data Reporter"),
        )
    )
    article = extract(page(f"<h1>{HEADLINE}</h1>{cards}", head), URL)
    assert article.authors == ["Jane Roe", "John Doe"]
    assert article.credit_lines == []


def test_a_newsroom_account_in_the_metadata_is_no_writer() -> None:
    ld = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "MO Newsroom"}}'
    head = f'<script type="application/ld+json">{ld}</script>'
    assert extract(page(f"<h1>{HEADLINE}</h1>", head), URL).authors == []


def test_the_sites_own_name_as_the_byline_is_no_writer() -> None:
    article = extract(page(f"<h1>{HEADLINE}</h1><div>By County News</div>"), URL)
    assert article.authors == []


def test_readers_comments_authors_in_microdata_are_no_writers() -> None:
    comments = "".join(
        f'<li class="comment"><span itemprop="author">{name}</span><p>Nice.</p></li>'
        for name in ("阿梁", "海边的老周")
    )
    html = page(f"<h1>{HEADLINE}</h1>").replace("</body>", f"<ul>{comments}</ul></body>")
    assert extract(html, URL).authors == []


def test_a_platform_users_name_with_city_and_level_is_the_writer() -> None:
    card = (
        '<div class="per_info"><a class="per_name" href="/u/58219037.html">阿蛮在路上(杭州)</a> '
        '<a class="per_grade" href="/rank/">LV.9</a></div>'
    )
    article = extract(page(f"<h1>{HEADLINE}</h1>{card}"), URL)
    assert article.authors == ["阿蛮在路上"]
    assert article.credit_lines == ["阿蛮在路上(杭州) LV.9"]


def test_a_labels_slash_before_the_date_is_no_source() -> None:
    row = '<ul class="facts"><li class="time">出发时间<span>/</span>2020-05-18</li></ul>'
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).source is None


def _ld(published: str) -> str:
    return (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        f'"datePublished": "{published}"}}</script>'
    )


@pytest.mark.parametrize(
    ("row", "instant", "published"),
    [
        # a zone of its own, the metadata's instant: shown
        (
            "Press release • Jun 3, 2020 09:00 CEST",
            "2020-06-03T07:00:00Z",
            "2020-06-03T09:00+02:00",
        ),
        # no zone: the offset that makes it the metadata's instant
        ("June 3, 2020 - 17:21", "2020-06-03T12:51:04Z", "2020-06-03T17:21+04:30"),
        # another instant (a clock, another story's): the metadata's, at the page's precision
        ("June 3, 2020 - 17:22", "2020-06-03T12:51:04Z", "2020-06-03T12:51+00:00"),
    ],
)
def test_a_time_over_the_headline_counts_when_it_is_the_metadatas_instant(
    row: str, instant: str, published: str
) -> None:
    header = f'<div class="meta">{row}</div><h1>{HEADLINE}</h1>'
    assert extract(page(header, _ld(instant)), URL).published_at == published


def test_plones_effective_date_is_the_publication_time() -> None:
    head = (
        '<meta name="DC.date.modified" content="2020-06-04T09:12:40-04:00">'
        '<meta name="DC.date.created" content="2020-06-03T14:47:10-04:00">'
        '<meta name="DC.date.effective" content="2020-06-03T15:02:33-04:00">'
    )
    article = extract(page(f"<h1>{HEADLINE}</h1><div>June 3, 2020</div>", head), URL)
    assert article.published_at == "2020-06-03T15:02:33-04:00"


def test_drupals_dcterms_date_gives_the_time_a_shown_date_leaves_out() -> None:
    head = '<meta name="dcterms.date" content="2020-06-03T12:00:00-04:00">'
    article = extract(page(f"<h1>{HEADLINE}</h1><div>Wednesday, June 3, 2020</div>", head), URL)
    assert article.published_at == "2020-06-03T12:00:00-04:00"


def test_a_hong_kong_clock_with_its_part_of_the_day_is_read() -> None:
    header = f"<h1>{HEADLINE}</h1><div class='time'>2020年6月3日 星期三 下午5:21</div>"
    article = extract(page(header, _ld("2020-06-03T09:21:34.000Z")), URL)
    assert article.published_at == "2020-06-03T17:21+08:00"


def test_a_section_tab_in_traditional_chinese_is_no_account() -> None:
    tabs = '<ul class="tabs"><li><a href="/home/local?tab=video">影片</a></li></ul>'
    when = "<div class='len'>02:16</div><div>發佈時間：2020年6月3日 12:08</div>"
    header = f"<h1>{HEADLINE}</h1>{tabs}{when}"
    assert extract(page(header), URL).source is None


def test_an_open_the_app_button_over_the_headline_is_no_account() -> None:
    bar = '<div class="open-bar"><a href="https://app.example.cn/open">打开</a></div>'
    row = '<div class="wm-bar"><a href="/media/1">小城烟火气</a> · 2020-06-03 17:21</div>'
    article = extract(page(f"{bar}{row}<h1>{HEADLINE}</h1>"), URL)
    assert article.source == "小城烟火气"
    assert article.credit_lines == ["小城烟火气 · 2020-06-03 17:21"]


def test_a_persons_name_beside_the_date_over_the_headline_is_no_account() -> None:
    row = '<div class="wm-bar"><a href="/media/1">周予安</a> · 2020-06-03 17:21</div>'
    assert extract(page(f"{row}<h1>{HEADLINE}</h1>"), URL).source is None


def test_an_accounts_original_badge_is_not_part_of_its_name() -> None:
    card = (
        '<div class="kd-author-name"><a href="/mediaDocList?uid=6104557263">汉江财经说</a>'
        ' <span class="kd-icon-yc">原创</span></div><div class="time">2020年06月03日 09:46</div>'
    )
    article = extract(page(f"<h1>{HEADLINE}</h1>{card}"), URL)
    assert article.source == "汉江财经说"
    assert "汉江财经说 原创" in article.credit_lines


def test_the_publication_named_in_the_byline_is_the_source() -> None:
    byline = (
        '<div class="Byline__Author"><a href="/authors/jane-roe">Jane Roe</a></div>'
        '<div class="Byline__Publication"><a href="/capeargus">Cape Argus</a></div>'
    )
    article = extract(page(f"<h1>{HEADLINE}</h1>{byline}<div>Published Jun 3, 2020</div>"), URL)
    assert article.source == "Cape Argus"


def test_a_follow_button_by_the_source_is_no_second_source() -> None:
    row = (
        '<p class="article-published-source">June 03, 2020 09:00 ET | Source: Beta Inc.</p>'
        '<div class="follow-source"><a href="/follow">Follow</a></div>'
    )
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert (article.source, article.credit_lines) == (
        "Beta Inc.",
        ["June 03, 2020 09:00 ET | Source: Beta Inc."],
    )


def test_the_sources_name_alone_under_the_headline_is_its_credit_line() -> None:
    rows = "<div class='account'>四川观察</div><div>2020-05-18 10:21 阅读 3.2万</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{rows}", end="<p>来源：四川观察</p>"), URL)
    assert article.source == "四川观察"
    assert article.credit_lines[:1] == ["四川观察"]


def test_an_update_stamp_on_no_clock_of_the_metadatas_instant_leaves_the_metadatas() -> None:
    header = f"<h1>{HEADLINE}</h1><p>By Jane Roe</p><p>Updated June 03, 2020 5:21 PM</p>"
    article = extract(page(header, _ld("2020-06-03T12:05:44-04:00")), URL)
    assert article.published_at == "2020-06-03T12:05-04:00"


def test_the_sites_address_before_the_date_and_source_is_a_credit_line() -> None:
    row = (
        "<div class='info'><span>example.org.cn</span> <span>2020-06-03</span> "
        "<span>来源：县联合会</span></div>"
    )
    article = extract(page(f"<h2>{HEADLINE}</h2>{row}"), URL)
    assert article.source == "县联合会"
    assert article.credit_lines == ["example.org.cn 2020-06-03 来源：县联合会"]


def test_the_date_linked_to_the_story_is_no_account() -> None:
    row = f'<div class="jeg_meta_date"><a href="{URL}">2020年6月3日</a></div>'
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert (article.source, article.credit_lines) == (None, [])


def test_a_cms_login_as_the_metadatas_author_is_no_writer() -> None:
    ld = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "sibudesk"}}'
    head = f'<script type="application/ld+json">{ld}</script>'
    assert extract(page(f"<h1>{HEADLINE}</h1>", head), URL).authors == []


def test_a_follow_the_writer_button_is_no_account() -> None:
    card = (
        '<div class="author-card"><a href="/author/12">何某</a><p>科技記者</p></div>'
        '<div class="author-card"><a href="/follow/12">追蹤作者</a></div>'
        "<div>2020/06/03, 科技</div>"
    )
    assert extract(page(f"<h1>{HEADLINE}</h1>{card}"), URL).source is None


def test_a_copy_checker_is_no_editor() -> None:
    end = "<p>責任編輯：何某<br>核稿編輯：吳某</p>"
    article = extract(page(f"<h1>{HEADLINE}</h1>", end=end), URL)
    assert (article.responsible_editors, article.editors) == (["何某"], [])


def test_the_source_cell_of_a_labelled_header_table_is_no_second_credit_line() -> None:
    table = (
        "<table><tr><td>信息来源：</td><td>县监察局</td>"
        "<td>发布日期：</td><td>2020-06-03 16:20</td></tr></table>"
    )
    article = extract(page(f"<h1>{HEADLINE}</h1>{table}"), URL)
    assert article.source == "县监察局"
    assert article.credit_lines == ["信息来源： 县监察局 发布日期： 2020-06-03 16:20"]


def test_a_name_over_the_papers_reporter_line_is_the_writer() -> None:
    html = page(f"<h1>{HEADLINE}</h1>").replace(
        "<div class='article-body'>",
        "<div class='article-body'><p><b>Rutendo Mashiri</b><br><b>Herald Reporter</b></p>",
    )
    article = extract(html, URL)
    assert article.authors == ["Rutendo Mashiri"]
    assert article.body.startswith("Paragraph 0:")


def test_a_closing_print_edition_line_names_the_source() -> None:
    end = "<p><em>Published in The Valley Tribune, June 4th, 2020.</em></p>"
    article = extract(page(f"<h1>{HEADLINE}</h1>", end=end), URL)
    assert article.source == "The Valley Tribune"
    assert article.credit_lines == ["Published in The Valley Tribune, June 4th, 2020."]
    assert article.body.endswith("to most homes.")


def test_a_reporters_label_in_malaysian_simplified_chinese_names_the_writer() -> None:
    article = extract(page(f"<h1>{HEADLINE}</h1>", end="<p>报导：王某</p>"), URL)
    assert (article.authors, article.credit_lines) == (["王某"], ["报导：王某"])


def test_the_outlets_byline_with_an_agency_names_the_agency() -> None:
    byline = "<div class='itemAuthor'>By The Valley Times with Belga</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{byline}"), URL)
    assert (article.authors, article.source) == ([], "Belga")
    assert article.credit_lines == ["By The Valley Times with Belga"]


def test_an_outlet_as_the_metadatas_person_is_no_writer() -> None:
    ld = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "The Water Coolest"}}'
    head = f'<script type="application/ld+json">{ld}</script>'
    assert extract(page(f"<h1>{HEADLINE}</h1>", head), URL).authors == []


def test_a_linked_name_before_the_bare_date_is_the_writer() -> None:
    row = '<div class="author-date"><a href="/author/jane-roe">Jane Roe</a> 06.03.2020</div>'
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).authors == ["Jane Roe"]


def test_the_metadatas_utc_instant_is_written_on_the_pages_clock_when_a_tag_gives_it() -> None:
    head = _ld("2020-06-03T07:21:52+00:00") + (
        '<meta property="article:published_time" content="2020-06-03T09:21:52+02:00">'
    )
    article = extract(page(f"<h1>{HEADLINE}</h1><div>June 3, 2020</div>", head), URL)
    assert article.published_at == "2020-06-03T09:21:52+02:00"


def test_the_metadatas_utc_instant_is_written_on_the_clock_of_the_bylines_time_element() -> None:
    shown = '<time datetime="2020-06-03T11:12:31+02:00">June 3, 2020</time>'
    head = _ld("2020-06-03T09:12:31+00:00")
    article = extract(page(f"<h1>{HEADLINE}</h1><div>{shown}</div>", head), URL)
    assert article.published_at == "2020-06-03T11:12:31+02:00"


def test_another_instants_time_element_leaves_the_metadatas_form() -> None:
    shown = '<time datetime="2020-06-03T12:12:31+02:00">June 3, 2020</time>'
    head = _ld("2020-06-03T09:12:31+00:00")
    article = extract(page(f"<h1>{HEADLINE}</h1><div>{shown}</div>", head), URL)
    assert article.published_at == "2020-06-03T09:12:31+00:00"


@pytest.mark.parametrize(
    ("row", "published"),
    [
        ("Published on 03.06.2020 at 14:21 CEST", "2020-06-03T14:21+02:00"),
        # a weekday between the date and its clock; the metadata's instant gives the offset
        ("June 3, 2020, Wednesday at 7:55 PM", "2020-06-03T19:55+08:00"),
    ],
)
def test_a_clock_after_at_or_a_weekday_is_the_dates(row: str, published: str) -> None:
    header = f"<h1>{HEADLINE}</h1><div class='posted-on'>{row}</div>"
    article = extract(page(header, _ld("2020-06-03T11:55:41+00:00")), URL)
    assert article.published_at == published


def test_the_issuing_unit_is_the_source() -> None:
    rows = "<ul><li>發布日期：109-06-03</li><li>發布單位：疾病管制署</li></ul>"
    article = extract(page(f"<h2>{HEADLINE}</h2>{rows}"), URL)
    assert (article.source, article.credit_lines) == ("疾病管制署", ["發布單位：疾病管制署"])


@pytest.mark.parametrize(
    "byline",
    [
        "Story by Jane Roe",
        "By Jane Roe, Founder, Acme Labs @janeroe",
        "By Jane Roe 3 minute Read",
    ],
)
def test_a_byline_with_its_label_post_or_reading_time_names_the_writer(byline: str) -> None:
    article = extract(page(f"<h1>{HEADLINE}</h1><div class='byline'>{byline}</div>"), URL)
    assert (article.authors, article.credit_lines) == (["Jane Roe"], [byline])


def test_the_sites_brand_and_a_writer_set_off_by_slashes_name_the_writer_only() -> None:
    row = "<div class='meta'>某某网 / 阮某 / 2020-06-03 10:21</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert (article.authors, article.source) == (["阮某"], None)
    assert article.credit_lines == ["某某网 / 阮某 / 2020-06-03 10:21"]


def test_a_medical_pages_json_ld_gives_the_time_a_date_alone_leaves_out() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "MedicalWebPage", '
        '"datePublished": "2020-06-03T10:30:00-04:00"}</script>'
    )
    article = extract(page(f"<h1>{HEADLINE}</h1><p>Last Updated: June 3, 2020</p>", ld), URL)
    assert article.published_at == "2020-06-03T10:30:00-04:00"


def test_other_stories_bylines_under_the_latest_in_are_no_credits() -> None:
    latest = (
        "<h2>The Latest in Allergies</h2>"
        "<p>By Nora Feld | June 1, 2020</p><p>By Colin Mart | May 26, 2020</p>"
    )
    html = page(f"<h1>{HEADLINE}</h1><p>By Jane Roe</p>").replace(
        "</body>", f"<aside>{latest}</aside></body>"
    )
    assert extract(html, URL).credit_lines == ["By Jane Roe"]


def test_a_clips_length_in_brackets_over_the_text_keeps_the_metadatas_seconds() -> None:
    note = "<p><em>Journalists: Broadcast-quality video (1:04) is in the downloads.</em></p>"
    head = _ld("2020-06-03T11:05:12+00:00")
    article = extract(page(f"<h1>{HEADLINE}</h1><div>June 3, 2020</div>{note}", head), URL)
    assert article.published_at == "2020-06-03T11:05:12+00:00"
    assert not article.body.startswith("Journalists")


def test_a_contributors_line_with_its_writers_label_names_the_writer() -> None:
    end = "<p>（供稿：某区实验小学 撰稿：凌某 审核：包某）</p>"
    assert extract(page(f"<h1>{HEADLINE}</h1>", end=end), URL).authors == ["凌某"]


def test_a_bylines_authors_label_and_a_zone_in_brackets_after_the_time() -> None:
    rows = "<div>Author(s): Lydia Okafor, Henrik Aalto</div><div>June 3, 2020 2:21 pm (EST)</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{rows}"), URL)
    assert (article.authors, article.source) == (["Lydia Okafor", "Henrik Aalto"], None)
    assert article.credit_lines == ["Author(s): Lydia Okafor, Henrik Aalto"]


def test_the_writers_name_as_printed_beats_the_metadatas_casing() -> None:
    ld = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Kyaw Zin Htet"}}'
    head = f'<script type="application/ld+json">{ld}</script>'
    card = '<a class="author-link" href="/en/profile/kyaw-zin-htet/">KYAW ZIN HTET</a>'
    assert extract(page(f"<h1>{HEADLINE}</h1>{card}", head), URL).authors == ["KYAW ZIN HTET"]


def test_a_chinese_pages_shown_clock_takes_the_metadatas_offset_on_a_foreign_host() -> None:
    html = page(
        f"<h1>{HEADLINE}</h1><div>发表时间：03/06/2020 - 14:21</div>",
        _ld("2020-06-03T12:21:00+00:00"),
    ).replace(
        "</div></body>",
        "<p>法国的咖啡馆和餐厅从6月2日起重新营业，巴黎只允许开放露天座位。</p></div></body>",
    )
    article = extract(html, "https://www.example-rfi.fr/cn/法国/20200603-story")
    assert article.published_at == "2020-06-03T14:21+02:00"


def test_an_outlets_initials_and_agencies_are_no_writers_and_their_reporting_is_the_source() -> (
    None
):
    ld = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "RFE/RL"}}'
    head = f'<script type="application/ld+json">{ld}</script>'
    end = "<p><em>With reporting by AP and Reuters</em></p>"
    article = extract(page(f"<h1>{HEADLINE}</h1><div>By RFE/RL</div>", head, end=end), URL)
    assert (article.authors, article.source) == ([], "AP, Reuters")
    assert article.credit_lines == ["By RFE/RL", "With reporting by AP and Reuters"]
    assert "With reporting" not in article.body


def test_a_byline_of_the_outlet_and_agencies_names_no_writer() -> None:
    ld = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "TRT World and agencies"}}'
    head = f'<script type="application/ld+json">{ld}</script>'
    assert extract(page(f"<h1>{HEADLINE}</h1>", head), URL).authors == []


def test_a_contributor_writing_for_the_outlet_is_the_writer() -> None:
    row = "<div class='byline'>2020年6月3日 14:21 傅某 为某某中文网撰稿</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert article.authors == ["傅某"]


def test_the_editor_a_contact_line_names_is_the_editor() -> None:
    end = (
        "<p><em>Contact reporter Jane Roe (jroe@example.com) and editor Joshua Pelt "
        "(jpelt@example.com)</em></p>"
    )
    article = extract(page(f"<h1>{HEADLINE}</h1><p>By Jane Roe</p>", end=end), URL)
    assert article.editors == ["Joshua Pelt"]
    assert "Contact reporter" not in article.body


def test_the_paper_a_cms_account_adds_to_the_writers_name_goes() -> None:
    ld = (
        '{"@type": "NewsArticle", "author": {"@type": "Person", '
        '"name": "Thokozani Mwale - Nyasa Times"}}'
    )
    head = f'<script type="application/ld+json">{ld}</script>'
    assert extract(page(f"<h1>{HEADLINE}</h1>", head), URL).authors == ["Thokozani Mwale"]


def test_writers_cards_and_a_date_glued_to_the_next_spans_word_are_read() -> None:
    cards = (
        '<div class="author-item"><a class="author-name" href="/users/1/fang-yinuo">Fang Yinuo</a>'
        '<span class="author-job">Reporter</span></div>'
        "<div class='date'><span>Jun 03, 2020</span><span>Sichuan</span></div>"
    )
    end = "<p><em>(Header image: A night market, May 28, 2020. Wang Xi/People Visual)</em></p>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{cards}", end=end), URL)
    assert (article.authors, article.published_at) == (["Fang Yinuo"], "2020-06-03")


def test_a_desk_and_its_agency_and_the_date_row_over_the_text_are_no_text() -> None:
    rows = (
        "<p class='meta'>Le Monde with AFP</p>"
        "<p class='meta'>Published on June 3, 2020 at 2:21 pm, updated at 5:35 pm</p>"
    )
    html = page(f"<h1>{HEADLINE}</h1>").replace(
        "<div class='article-body'>", f"<div class='article-body'>{rows}"
    )
    article = extract(html, URL)
    assert (article.source, article.credit_lines) == ("AFP", ["Le Monde with AFP"])
    assert article.body.startswith("Paragraph 0:")


@pytest.mark.parametrize(
    ("end", "credits"),
    [
        ("<p>Keystone-SDA/ts</p>", ([], "Keystone-SDA")),
        (
            "<p>(Japanese original by Haruka Ozawa, City News Department)</p>",
            (["Haruka Ozawa"], None),
        ),
    ],
)
def test_an_agencys_sign_off_and_the_originals_writer_close_the_text(
    end: str, credits: tuple[list[str], str | None]
) -> None:
    article = extract(page(f"<h1>{HEADLINE}</h1>", end=end), URL)
    assert (article.authors, article.source) == credits
    assert article.body.endswith("to most homes.")


def test_bylines_under_a_more_from_the_section_heading_are_no_credits() -> None:
    more = "<h2>More Brand Marketing</h2><p>By Marcus Hale</p><p>By Tessa Lind</p>"
    html = page(f"<h1>{HEADLINE}</h1><p>By Jane Roe</p>").replace(
        "</body>", f"<aside>{more}</aside></body>"
    )
    assert extract(html, URL).credit_lines == ["By Jane Roe"]


def test_where_the_reporter_filed_from_is_no_writer() -> None:
    html = page(f"<h1>{HEADLINE}</h1>").replace(
        "<div class='article-body'>", "<div class='article-body'><p>时代周报记者 庞某 发自广州</p>"
    )
    assert extract(html, URL).authors == ["庞某"]


def test_a_platforms_account_row_names_the_source() -> None:
    row = "<div class='author'>岚城日报 2020-06-03 14:21 岚城日报官方账号</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert article.source == "岚城日报"
    assert article.credit_lines == ["岚城日报 2020-06-03 14:21 岚城日报官方账号"]


@pytest.mark.parametrize(
    ("row", "credits"),
    [
        ("Press Release by Quarry Hill Software", ([], "Quarry Hill Software")),
        ("By Marisol Vance, Head of Community", (["Marisol Vance"], None)),
    ],
)
def test_a_releases_issuer_and_a_writers_post_after_the_name(
    row: str, credits: tuple[list[str], str | None]
) -> None:
    article = extract(page(f"<h1>{HEADLINE}</h1><p class='byline'>{row}</p>"), URL)
    assert (article.authors, article.source) == credits


def _ld_author(author: str) -> str:
    ld = f'{{"@type": "NewsArticle", "author": {author}}}'
    return f'<script type="application/ld+json">{ld}</script>'


def test_the_paper_the_metadata_names_as_author_printed_over_the_text_is_the_source() -> None:
    head = _ld_author('{"@type": "Organization", "name": "The Valley Shimbun"}')
    html = page(f"<h1>{HEADLINE}</h1>", head).replace(
        "<div class='article-body'>", "<div class='article-body'><p>The Valley Shimbun</p>"
    )
    article = extract(html, URL)
    assert (article.source, article.credit_lines) == ("The Valley Shimbun", ["The Valley Shimbun"])
    assert not article.body.startswith("The Valley Shimbun")


def test_a_desks_initials_and_report_name_no_writer() -> None:
    head = _ld_author('{"@type": "Person", "name": "CNS Report"}')
    article = extract(page(f"<h1>{HEADLINE}</h1><div class='byline'>CNS Report</div>", head), URL)
    assert article.authors == []


def test_the_translator_after_the_text_is_no_writer() -> None:
    end = "<p>Translated by: Jane Roe<br>Edited by: John Doe</p>"
    article = extract(page(f"<h1>{HEADLINE}</h1>", end=end), URL)
    assert (article.authors, article.editors) == ([], ["John Doe"])
    assert article.credit_lines == ["Edited by: John Doe"]


def test_a_byline_over_the_sections_links_above_the_headline_is_a_credit_line() -> None:
    sections = "<div><a href='/news'>News</a></div>"
    header = f"<div class='byline'>By Jane Roe</div>{sections}<h1>{HEADLINE}</h1>"
    article = extract(page(header), URL)
    assert (article.authors, article.credit_lines) == (["Jane Roe"], ["By Jane Roe"])


def test_a_name_the_page_marks_as_its_publisher_beside_the_date_is_the_source() -> None:
    row = "<div class='info'><span class='publisher'>某团</span> <span>2020-06-03</span></div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert (article.authors, article.source) == ([], "某团")


def test_the_first_time_elements_value_dates_a_page_whose_shown_date_is_unreadable() -> None:
    row = '<div class="meta"><time datetime="2020-06-03T06:21:35.000Z">2.3172020.06.03</time></div>'
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), "https://blog.example.com/p/3f2a9c")
    assert article.published_at == "2020-06-03T06:21:35+00:00"


def test_a_wires_clock_without_a_year_takes_the_metadatas_and_its_offset() -> None:
    header = f'<div class="top">Business 3 JUN, 14:21</div><h1>{HEADLINE}</h1>'
    article = extract(page(header, _ld("2020-06-03T11:21:00Z")), URL)
    assert article.published_at == "2020-06-03T14:21+03:00"


def test_the_writers_cards_over_the_headline_name_all_the_metadatas_first_writer_leads() -> None:
    ld = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "Jane Roe"}}'
    head = f'<script type="application/ld+json">{ld}</script>'
    cards = "".join(
        f'<li class="author-name"><a href="/author/{n.lower().replace(" ", "-")}/">{n}</a></li>'
        for n in ("Jane Roe", "John Doe", "Ann Lee")
    )
    header = f"<div>06/03/2020</div><ul>{cards}</ul><div>6 min read</div><h1>{HEADLINE}</h1>"
    assert extract(page(header, head), URL).authors == ["Jane Roe", "John Doe", "Ann Lee"]


def test_other_stories_dates_over_the_headline_leave_the_date_row_beside_it() -> None:
    latest = "".join(
        f"<li><a href='/p/{d}'>2020年5月{d}日港大另一则新闻稿的标题</a></li>" for d in (29, 28, 26)
    )
    header = f"<ul>{latest}</ul><p><a href='/press'>更多新聞稿</a></p><div>2020年6月3日</div>"
    article = extract(page(f"{header}<h2>{HEADLINE}</h2>"), URL)
    assert (article.published_at, article.source) == ("2020-06-03", None)


def test_a_dotted_date_with_a_two_digit_year_before_its_clock_is_read() -> None:
    row = "<div>Jane Roe | Calcutta | Published 03.06.20, 02:21 AM</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}", _ld("2020-06-02T20:51:00Z")), URL)
    assert article.published_at == "2020-06-03T02:21+05:30"


def test_an_agencys_initials_closing_the_text_are_its_source() -> None:
    article = extract(page(f"<h1>{HEADLINE}</h1>", end="<p>ONA</p>"), URL)
    assert (article.source, article.credit_lines) == ("ONA", ["ONA"])


def test_a_platform_account_over_the_headline_with_its_badge_is_the_source() -> None:
    name = '<div class="author-name"><a href="/u/200418">青溪县融媒体中心</a></div>'
    card = f"{name}<div>人民号 · 政务</div>"
    row = "<div class='meta'>2020-06-03 14:21 阅读 2.1万 点赞 318</div>"
    article = extract(page(f"{card}<h1>{HEADLINE}</h1>{row}"), URL)
    assert (article.source, article.authors) == ("青溪县融媒体中心", [])


def test_a_section_link_over_the_headline_without_a_badge_is_no_account() -> None:
    crumb = '<div class="crumb"><a href="/shehui/">社会新闻</a></div><div>本站原创</div>'
    row = "<div class='meta'>2020-06-03 14:21</div>"
    assert extract(page(f"{crumb}<h1>{HEADLINE}</h1>{row}"), URL).source is None


def test_a_time_over_the_headline_on_the_hosts_clock_is_the_metadatas_instant() -> None:
    header = f"<div class='meta'>Economy Wed 03-06-2020 14:21</div><h1>{HEADLINE}</h1>"
    url = "https://www.example.ae/en/details/1395302846193"
    article = extract(page(header, _ld("2020-06-03T10:21:37Z")), url)
    assert article.published_at == "2020-06-03T14:21+04:00"


def test_a_regions_time_takes_the_metadatas_offset_an_hour_off() -> None:
    row = "<div>Published 2:21 p.m. MT June 3, 2020</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}", _ld("2020-06-03T21:21:09Z")), URL)
    assert article.published_at == "2020-06-03T14:21-07:00"  # Arizona: standard time in June
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}", _ld("2020-06-03T20:21:09Z")), URL)
    assert article.published_at == "2020-06-03T14:21-06:00"


def test_a_clock_on_a_date_in_a_byline_is_read() -> None:
    row = "<div class='byline'>By Jane Roe, 2:21 PM on Jun 3, 2020 CDT</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}", _ld("2020-06-03T19:21:40Z")), URL)
    assert article.published_at == "2020-06-03T14:21-05:00"


def test_a_gulf_hosts_bare_clock_is_on_its_countrys_time() -> None:
    header = f"<h1>{HEADLINE}</h1><div class='date'>2020-06-03 14:21:05</div>"
    url = "https://www.example.kuna.net.kw/ArticleDetails.aspx?id=2897654"
    assert extract(page(header), url).published_at == "2020-06-03T14:21:05+03:00"


def test_a_writers_post_after_a_comma_is_not_another_writer() -> None:
    row = "<p class='article-byline'>By Priya Natarajan, VP of Product Integrity</p>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert article.authors == ["Priya Natarajan"]
    assert article.body.startswith("Paragraph 0:")


@pytest.mark.parametrize(
    "byline",
    [
        "By Nora Castellano, University Communications and Marketing",
        "Written by Nora Castellano, Mercy Valley Health Marketing & Communications",
        "By Nora Castellano, Office of Public Affairs",
        "By Nora Castellano, Media Relations",
    ],
)
def test_a_writers_office_after_a_comma_is_no_writer(byline: str) -> None:
    """A university's or hospital's news office after its writer's name: where she works."""
    article = extract(page(f"<h1>{HEADLINE}</h1><p class='byline'>{byline}</p>"), URL)
    assert (article.authors, article.credit_lines) == (["Nora Castellano"], [byline])


def test_a_writer_at_the_sites_desk_is_named_without_a_credit_line() -> None:
    row = "<div class='authored-by'><a href='/staff/jroe'>Jane Roe</a> | MIT News Office</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}<div>June 3, 2020</div>"), URL)
    assert (article.authors, article.source, article.credit_lines) == (["Jane Roe"], None, [])


def test_an_agency_named_beside_the_sites_web_name_is_the_source() -> None:
    row = "<div class='authors'><a href='/a/bns'>BNS</a>, <a href='/a/lrt'>LRT.lt</a></div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert (article.source, article.credit_lines) == ("BNS", ["BNS, LRT.lt"])


def test_a_stations_byline_with_its_role_after_the_names_names_the_writers() -> None:
    row = "<div class='info'>2020/06/03 14:21 東森新聞 林某慧 陳某強 報導</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert (article.authors, article.source) == (["林某慧", "陳某強"], None)


def test_a_section_the_menu_names_beside_the_byline_is_no_account() -> None:
    menu = "<ul><li><a href='/life'>生活</a></li><li><a href='/world'>國際</a></li></ul>"
    rows = "<ul class='info'><li>2020/06/03 14:21</li><li><a href='/life'>生活</a></li></ul>"
    article = extract(page(f"{menu}<h1>{HEADLINE}</h1>{rows}"), URL)
    assert (article.source, article.credit_lines) == (None, [])


def test_a_drupal_byline_field_holding_a_name_alone_names_the_writer() -> None:
    field = "field field--name-field-p-news-display-byline field__item"
    row = f"<div class='{field}'>Théo Marchand</div><div>3 June, 2020</div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).authors == ["Théo Marchand"]


def test_a_view_counter_after_the_source_is_not_part_of_it() -> None:
    row = "<div class='info'>时间:2020-06-03 10:21 来源:环球科学 浏览:3256 次</div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).source == "环球科学"


def test_a_comment_count_in_the_date_row_is_no_writer() -> None:
    row = (
        "<div class='entry-meta'><a href='#'>2020 年 6 月 3 日</a> <a href='#c'>2 則迴響</a></div>"
    )
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert (article.authors, article.credit_lines) == ([], [])


def test_a_time_elements_seconds_go_when_it_shows_the_minute() -> None:
    stamp = '<time datetime="2020-06-03T14:21:07+00:00">Jun - 03 - 2020 , 14:21</time>'
    article = extract(page(f"<h1>{HEADLINE}</h1><div>{stamp}</div>"), URL)
    assert article.published_at == "2020-06-03T14:21+00:00"


@pytest.mark.parametrize(
    ("row", "published"),
    [
        ("<p class='date'>Published on June 03,2020</p>", "2020-06-03"),
        ("<p>UPDATED 14:21 EDT / JUNE 03 2020</p>", "2020-06-03T14:21-04:00"),
        ("<div>14:21 Wed 03 Jun 2020</div>", "2020-06-03T14:21+01:00"),
    ],
)
def test_dates_printed_tightly_or_clock_first_are_read(row: str, published: str) -> None:
    url = "https://www.example.co.uk/news/county-clears-roads.html"
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), url).published_at == published


def test_the_sites_name_under_the_writers_card_is_no_text() -> None:
    card = "<div class='author-outlet'>County News</div>"
    html = page(f"<h1>{HEADLINE}</h1><div class='author'>Jane Roe</div>").replace(TEXT, card + TEXT)
    html = html.replace('content="County News"', 'content="County News UK"')
    assert extract(html, URL).body.startswith("Paragraph 0:")


def test_the_sites_own_name_beside_an_unlabelled_writer_is_no_source() -> None:
    html = page(f"<h1>{HEADLINE}</h1><div>观点地产网 苏某晴 2020-06-03 14:21</div>")
    html = html.replace(
        f"<title>{HEADLINE} - County News</title>", "<title>某公司发债-观点地产网</title>"
    )
    assert (extract(html, URL).authors, extract(html, URL).source) == (["苏某晴"], None)
    html = html.replace("-观点地产网</title>", "-岚江新闻网</title>")
    assert extract(html, URL).source == "观点地产网"  # another site's name: the source


def test_a_source_meta_tag_naming_the_site_itself_is_no_source() -> None:
    head = '<meta name="source" content="County News">'
    assert extract(page(f"<h1>{HEADLINE}</h1>", head), URL).source is None
    head = '<meta name="source" content="Reuters">'
    assert extract(page(f"<h1>{HEADLINE}</h1>", head), URL).source == "Reuters"


@pytest.mark.parametrize("label", ["Source(s):", "Sources:", "Source:"])
def test_a_plural_source_label_is_a_source_label(label: str) -> None:
    end = f"<div class='source-text'>{label} Xinhua News Agency</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>", end=end), URL)
    assert article.source == "Xinhua News Agency"
    assert "Xinhua" not in article.body


def _from(*parts: str) -> str:
    """GOV.UK's metadata row: who a release is from, each a link, joined by "and"."""
    links = " and ".join(f"<a href='/government/x'>{part}</a>" for part in parts)
    return f"<dl><dt>From:</dt><dd>{links}</dd><dt>Published</dt><dd>3 June 2020</dd></dl>"


@pytest.mark.parametrize(
    ("parts", "source"),
    [
        (("Department for Transport", "The Rt Hon Jane Roe MP"), "Department for Transport"),
        (
            ("Ministry of Roads, Rivers and Canals", "Jane Roe MP"),
            "Ministry of Roads, Rivers and Canals",
        ),
        (("HM Treasury", "Lord Roe of Avon"), "HM Treasury"),
        (("Cabinet Office", "Baroness Roe"), "Cabinet Office"),
        (("Home Office", "Minister for Policing Jane Roe"), "Home Office"),
        (("Department for Roads", "Secretary of State for Roads"), "Department for Roads"),
        (
            ("Department for Transport", "Department for Education"),
            "Department for Transport and Department for Education",
        ),
    ],
)
def test_a_minister_beside_the_department_is_no_source(parts: tuple[str, ...], source: str) -> None:
    article = extract(page(f"<h1>{HEADLINE}</h1>{_from(*parts)}"), URL)
    assert (article.source, article.credit_lines) == (source, [f"From: {' and '.join(parts)}"])


@pytest.mark.parametrize(
    ("content", "source"),
    [("来源：新华网", "新华网"), ("来源：人民网-国际频道", "人民网-国际频道")],
)
def test_a_source_meta_tag_with_its_label_gives_the_name_alone(content: str, source: str) -> None:
    head = f'<meta name="source" content="{content}">'
    assert extract(page(f"<h1>{HEADLINE}</h1>", head), URL).source == source


@pytest.mark.parametrize("label", ["Published", "Updated", "Source", "Editor"])
def test_a_label_glued_to_the_name_before_it_ends_the_name(label: str) -> None:
    row = f"<div><span>By Jane Roe and Al Moss</span><span>{label}: June 3, 2020</span></div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).authors == ["Jane Roe", "Al Moss"]


def test_a_name_and_a_word_in_capitals_after_it_are_no_label() -> None:
    row = "<div>By Jane Roe and Al McSource</div>"  # no colon: still a name
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).authors == ["Jane Roe", "Al McSource"]


def test_a_time_glued_to_the_agency_after_a_byline_ends_it() -> None:
    row = "<div><span>By Jane Roe (Xinhua)</span><span>10:21, June 03, 2020</span></div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert (article.authors, article.source) == (["Jane Roe"], "Xinhua")


@pytest.mark.parametrize(
    "row",
    [
        "<dl><dt>Source:</dt><dd><ul><li><a href='/org/nrc'>NRC</a></li></ul></dd></dl>",
        "<div class='field'><div class='field-label'>Source:&nbsp;</div>"
        "<div class='field-items'><div class='field-item'><a href='/d'>NRC</a></div></div></div>",
    ],
)
def test_a_labels_value_in_the_next_element_is_read_with_it(row: str) -> None:
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert (article.source, article.credit_lines) == ("NRC", ["Source: NRC"])


def test_a_writer_with_a_post_before_a_slashed_date_is_named() -> None:
    row = "<div><a href='/author/iain'>Iain Corrigan</a>, Senior Editor 6/3/2020</div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).authors == ["Iain Corrigan"]


def test_a_date_labelled_us_eastern_time_is_on_that_clock() -> None:
    row = "<div class='info'>美东时间：2020-06-03 17:45:21 来源：侨报网</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert article.published_at == "2020-06-03T17:45:21-04:00"


def test_the_sites_own_desk_beside_the_date_is_a_credit_line_but_no_source() -> None:
    html = page(f"<h1>{HEADLINE}</h1><div class='meta'>欧洲时报内参 2020-06-03 14:21</div>")
    html = html.replace(
        f"<title>{HEADLINE} - County News</title>", "<title>某新闻_欧洲时报</title>"
    )
    article = extract(html, URL)
    assert (article.source, article.credit_lines) == (None, ["欧洲时报内参 2020-06-03 14:21"])


def test_a_profile_boxs_heading_under_the_text_is_no_credit_line() -> None:
    box = "<div class='author-box-title'>About the Author: Jane Roe</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>").replace("</body>", f"{box}</body>"), URL)
    assert article.credit_lines == []


def test_a_writer_before_a_dash_and_the_date_is_named() -> None:
    row = "<div class='byline'>Darren Roe - Jun 3, 2020 / 2:21 pm | Story: 301234</div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).authors == ["Darren Roe"]


def test_a_taiwanese_release_rows_date_and_unit_are_read() -> None:
    rows = "<div>發布單位：空氣品質保護處&nbsp;&nbsp;&nbsp;發布日期：109/6/3</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{rows}"), URL)
    assert (article.published_at, article.source) == ("2020-06-03", "空氣品質保護處")


def test_a_source_newsroom_label_names_the_source() -> None:
    row = "<div>Source Newsroom: Lakemont University</div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).source == "Lakemont University"


def test_the_sites_own_account_in_the_metadata_and_a_papers_byline_name_no_writer() -> None:
    ld = '{"@type": "NewsArticle", "author": {"@type": "Person", "name": "County"}}'
    head = f'<script type="application/ld+json">{ld}</script>'
    assert extract(page(f"<h1>{HEADLINE}</h1>", head), URL).authors == []
    assert extract(page(f"<h1>{HEADLINE}</h1><div>By THE NATION</div>"), URL).authors == []


def test_a_writer_filing_for_an_agency_is_the_only_writer() -> None:
    article = extract(page(f"<h1>{HEADLINE}</h1><p>By Lena Roe, dpa</p>"), URL)
    assert article.authors == ["Lena Roe"]


def test_an_update_label_beside_its_date_is_no_name() -> None:
    rows = "<div class='updated'>更新于 2020年6月3日 下午3:05</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{rows}"), URL)
    assert (article.source, article.authors) == (None, [])


def test_a_release_services_header_names_the_issuer() -> None:
    header = f"<h1>{HEADLINE}</h1><p>EQS-News: Acme Systeme AG / Key word(s): Contract/Order</p>"
    article = extract(page(header), URL)
    assert article.source == "Acme Systeme AG"
    assert article.credit_lines == ["EQS-News: Acme Systeme AG / Key word(s): Contract/Order"]


def test_an_agency_in_the_bylines_place_over_a_video_note_is_the_source() -> None:
    html = page(f"<h1>{HEADLINE}</h1>").replace(
        "<div class='article-body'>",
        "<div class='article-body'><div class='byline'>The Associated Press</div>"
        "<div class='date'>Updated: 4:21 PM EDT Jun 3, 2020</div>"
        "<p>Video above: Lawmakers field calls from frustrated claimants</p>",
    )
    article = extract(html, URL)
    assert (article.source, article.credit_lines) == (
        "The Associated Press",
        ["The Associated Press"],
    )
    assert article.published_at == "2020-06-03T16:21-04:00"
    assert article.body.startswith("Paragraph 0:")


@pytest.mark.parametrize(
    "block",
    ["<div class='writer'>Jane Roe</div>", "<div class='newsHead__author'><p>Jane Roe</p></div>"],
)
def test_a_name_alone_in_the_writers_block_is_the_writer(block: str) -> None:
    article = extract(page(f"<h1>{HEADLINE}</h1>{block}"), URL)
    assert (article.authors, article.credit_lines) == (["Jane Roe"], [])


def test_a_public_relations_bureau_in_the_byline_is_no_writer() -> None:
    article = extract(page(f"<h1>{HEADLINE}</h1><div class='meta-author'>By Humas</div>"), URL)
    assert article.authors == []


def test_where_a_post_was_sent_from_is_no_source() -> None:
    row = "<div class='meta'>2024-05-21 16:42 发布于河南</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}", end="<p>来源：某某新闻</p>"), URL)
    assert (article.source, article.credit_lines) == ("某某新闻", ["来源：某某新闻"])


def test_a_releases_issuer_linked_under_the_headline_is_its_source() -> None:
    row = "<div class='byline'><b>Press Release: <a href='/o/1'>Acme Apiarists Association</a></b>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}</div>"), URL)
    assert article.source == "Acme Apiarists Association"
    unlinked = "<div class='byline'>Press release: County crews clear the roads</div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>{unlinked}"), URL).source is None


def test_a_view_count_glued_to_its_label_is_no_source() -> None:
    row = "<div class='view_info'>2020.06.03 Views2,314</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert (article.source, article.credit_lines) == (None, [])


def test_an_article_type_label_before_the_source_is_no_lead() -> None:
    row = "<div class='artInfo'>Article Type: Original Source: MOFCOM 2020-06-03 14:21</div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).source == "MOFCOM"


def test_a_wires_tag_beside_the_date_is_the_source() -> None:
    row = "<div class='story_meta'><a href='/gnw'>Globe Newswire</a> June 3, 2020 8:00 AM EDT</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert (article.source, article.credit_lines) == (
        "Globe Newswire",
        ["Globe Newswire June 3, 2020 8:00 AM EDT"],
    )


def test_a_republishers_note_on_a_releases_content_names_the_wire() -> None:
    note = (
        "<p><em>Press release content from Business Wire. The County News newsroom was not "
        "involved in the creation of this content.</em></p>"
    )
    assert extract(page(f"<h1>{HEADLINE}</h1>{note}"), URL).source == "Business Wire"


def test_an_agency_issuing_a_release_for_a_client_names_the_client() -> None:
    row = "<div class='meta'>Issued by: Northlight PR on behalf of Spokes for All</div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).source == "Spokes for All"


def test_press_release_in_the_byline_is_no_writer() -> None:
    row = "<div class='byline'>By Press Release</div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).authors == []


def test_a_cdns_email_placeholder_after_the_byline_is_no_name() -> None:
    placeholder = "<a href='/cdn-cgi/l/email-protection'>[email&#160;protected]</a>"
    row = f"<p class='byline'>By Jane Roe, {placeholder}</p>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert article.authors == ["Jane Roe"]


def test_a_zone_printed_before_the_clock_dates_the_page_in_it() -> None:
    row = "<div class='meta'>Male | 03 June 2020, MVT 14:30</div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).published_at == "2020-06-03T14:30+05:00"


@pytest.mark.parametrize(
    ("host", "published"),
    [
        ("www.example.bw", "2020-06-03T10:21+02:00"),
        ("www.example.ge", "2020-06-03T10:21+04:00"),
        ("www.example.com", "2020-06-03"),
    ],
)
def test_a_country_domain_with_one_zone_dates_a_bare_clock(host: str, published: str) -> None:
    row = "<div class='date'>Wednesday, 03 June 2020 | 10:21</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), f"https://{host}/news/1234")
    assert article.published_at == published


@pytest.mark.parametrize(
    ("top", "title_tag"),
    [
        (f"<h1>Press Releases</h1><h2>{HEADLINE}</h2>", "HUD No. 20-085"),
        (f"<p class='section_title'>Press Releases</p><h1>{HEADLINE}</h1>", "Acme: Press Releases"),
    ],
)
def test_a_sections_name_over_the_headline_is_no_title(top: str, title_tag: str) -> None:
    html = (
        f"<html><head><title>{title_tag}</title></head><body>{top}<div>{TEXT}</div></body></html>"
    )
    assert extract(html, URL).title == HEADLINE


def test_a_byline_after_the_date_in_one_row_is_a_credit_line() -> None:
    row = "<div class='meta'>Published: Jun 03, 2020 By Jane Roe</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert (article.authors, article.credit_lines) == (
        ["Jane Roe"],
        ["Published: Jun 03, 2020 By Jane Roe"],
    )


def test_a_pictures_credit_in_its_caption_box_is_no_source() -> None:
    box = (
        "<div class='inline_image'><img src='/a.jpg' alt=''><div class='inline_image_caption'>"
        "<p class='caption'>Crews at work</p><p class='credit'>Source: Airbus</p></div></div>"
    )
    article = extract(page(f"<h1>{HEADLINE}</h1>{box}"), URL)
    assert (article.source, article.credit_lines) == (None, [])


def test_a_note_that_the_text_sums_up_anothers_article_names_its_source() -> None:
    note = (
        "<p><em>Through a special arrangement, presented here for discussion is a summary of a "
        "current article from Progressive Grocer.</em></p>"
    )
    article = extract(page(f"<h1>{HEADLINE}</h1>", end="").replace(TEXT, note + TEXT), URL)
    assert article.source == "Progressive Grocer"
    assert article.body.startswith("Paragraph 0:")


def test_the_writers_post_and_employer_under_the_byline_are_no_text() -> None:
    rows = "<div class='author'>by Jane Roe</div><div class='role'>Senior Editor, County News</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>", end="").replace(TEXT, rows + TEXT), URL)
    assert article.body.startswith("Paragraph 0:")


@pytest.mark.parametrize(
    ("row", "authors"),
    [
        ("文／陳某諺 圖／吳某霓", ["陳某諺"]),  # the photographer, in traditional characters
        ("端傳媒記者 林某澄 發自香港", ["林某澄"]),  # where she filed from
        ("2020-06-03 09:21| 来源：某中文网| 作者：王某岚| 查看: 2385| 评论: 0", ["王某岚"]),
    ],
)
def test_chinese_bylines_name_only_their_writers(row: str, authors: list[str]) -> None:
    article = extract(page(f"<h1>{HEADLINE}</h1><div class='info'>{row}</div>"), URL)
    assert article.authors == authors


def test_a_buddhist_era_date_beside_the_source_is_no_part_of_it() -> None:
    row = "<div class='meta'>來源：星暹日報 佛曆2563年6月3日 2020年6月3日</div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).source == "星暹日報"


def test_a_time_elements_own_offset_stays_on_a_chinese_page() -> None:
    ld = '{"@type": "NewsArticle", "datePublished": "2020-06-03T01:40:12+00:00"}'
    head = f'<script type="application/ld+json">{ld}</script>'
    row = "<div class='meta'><time datetime='2020-06-03T08:40:12+07:00'>2020年6月3日</time></div>"
    text = "<p>" + "泰國榴槤出口增加，東部果農迎來豐收，價格穩定上升。" * 4 + "</p>"
    html = page(f"<h1>{HEADLINE}</h1>{row}", head).replace(TEXT, text)
    assert extract(html, URL).published_at == "2020-06-03T08:40:12+07:00"


def test_a_cms_login_named_as_the_author_in_microdata_is_no_writer() -> None:
    person = (
        '<span itemprop="author" itemscope itemtype="https://schema.org/Person">'
        '<meta itemprop="name" content="ssadmin"></span>'
    )
    assert extract(page(f"<h1>{HEADLINE}</h1>{person}"), URL).authors == []


@pytest.mark.parametrize(
    ("box", "authors"),
    [
        ("ELIANA MORROW, DEREK HUANG 2020年6月3日", ["ELIANA MORROW", "DEREK HUANG"]),
        ("Jane Roe, KSTP", ["Jane Roe"]),
    ],
)
def test_names_alone_in_a_byline_box_are_the_writers(box: str, authors: list[str]) -> None:
    tabs = "<ul class='lang'><li class='active'><a href='/zh/'>中文</a></li></ul>"
    article = extract(page(f"<h1>{HEADLINE}</h1><div class='ArticleByline'>{box}</div>{tabs}"), URL)
    assert (article.authors, article.source, article.credit_lines) == (authors, None, [])


def test_a_label_set_off_by_its_own_span_names_the_editor() -> None:
    rows = (
        "<ul class='meta-list'><li><span class='meta__label'>Editor</span> "
        "<a href='/e/1'>John Doe</a></li></ul>"
    )
    article = extract(page(f"<h1>{HEADLINE}</h1>{rows}"), URL)
    assert (article.editors, article.credit_lines) == (["John Doe"], ["Editor John Doe"])


def test_a_slashed_date_with_a_us_clock_is_month_first() -> None:
    row = "<div class='date'>6/3/2020 8:21 AM ET</div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).published_at == "2020-06-03T08:21-04:00"


def test_a_brokers_research_desk_is_no_writer() -> None:
    row = "<div class='byline'>By Zacks Equity Research</div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).authors == []


def test_another_papers_name_after_the_byline_is_the_source_but_not_the_sites_own() -> None:
    wire = "<div class='byline'>By Lydia Roe | The Washington Post</div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>{wire}"), URL).source == "The Washington Post"
    own = "<div class='byline'>By Lydia Roe | County News</div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>{own}"), URL).source is None


def test_an_empty_view_counter_after_the_source_is_no_part_of_it() -> None:
    row = "<div class='info'>发布时间：2020-06-03 文章来源：行业部 浏览：<span></span></div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).source == "行业部"


def test_a_writer_and_a_photographer_marked_after_their_names_give_the_writer() -> None:
    row = "<div class='byline'>正观新闻记者 郗某远/文 蔺某琪/图</div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).authors == ["郗某远"]


def test_bangladesh_standard_time_dates_the_page() -> None:
    row = "<div class='dateline'>Published: 03 Jun 2020 09:00 PM BdST</div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL).published_at == "2020-06-03T21:00+06:00"


def test_a_clips_length_under_the_date_is_no_clock() -> None:
    ld = '{"@type": "NewsArticle", "datePublished": "2020-06-03T10:47:21Z"}'
    head = f'<script type="application/ld+json">{ld}</script>'
    rows = "<div class='meta'>3rd June 2020</div><div class='ArticleVideo_poster'>1:52</div>"
    assert extract(page(f"<h1>{HEADLINE}</h1>{rows}", head), URL).published_at.startswith(
        "2020-06-03T10:47"
    )


def test_dates_in_a_list_of_past_highlights_are_not_the_pages() -> None:
    past = (
        "<div class='wq'><p>往期精彩</p><ul><li><a href='/a/1'>省政府常务会议研究部署稳就业工作</a>"
        " 2020-06-02</li></ul></div>"
    )
    html = page(f"<h1>{HEADLINE}</h1>").replace("</body>", f"{past}</body>")
    url = "https://epaper.example.cn/html/2020-06/03/content_2541207.htm"
    assert extract(html, url).published_at == "2020-06-03"


def test_a_pictures_own_caption_naming_an_agency_is_no_source() -> None:
    figure = (
        "<figure><img src='/a.jpg' alt=''><figcaption class='caption'>Reuters/Ilse Roe"
        "</figcaption></figure>"
    )
    article = extract(page(f"<h1>{HEADLINE}</h1>{figure}"), URL)
    assert (article.source, article.credit_lines) == (None, [])


def test_an_essays_excerpted_from_line_under_its_writer_is_the_source() -> None:
    rows = "<div class='zz'>作者：林某苇</div><div class='zhai'>摘自《某州晚报》</div>"
    article = extract(page(f"<h1>{HEADLINE}</h1>{rows}"), URL)
    assert (article.source, article.authors) == ("某州晚报", ["林某苇"])


@pytest.mark.parametrize("sep", [" | ", " · ", "<br>"])
def test_an_update_stamp_after_a_byline_in_one_row_gives_way_to_the_published_date(
    sep: str,
) -> None:
    """The byline and both stamps in one row: the update's date came first in it and was taken
    for the publication date, three days late."""
    row = (
        f"<div class='entry-meta'><span>By Jane Doe and John Roe</span> | <span>Updated: June 5, "
        f"2020 3:15 PM ET{sep}Published: June 2, 2020 9:00 AM ET</span></div>"
    )
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert article.published_at == "2020-06-02T09:00-04:00"
    assert article.authors == ["Jane Doe", "John Roe"]


def test_a_published_stamp_before_an_update_in_one_row_stays() -> None:
    row = (
        "<div class='entry-meta'>By Jane Doe | Published: June 2, 2020 9:00 AM ET | Updated: "
        "June 5, 2020 3:15 PM ET</div>"
    )
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert article.published_at == "2020-06-02T09:00-04:00"


def test_a_sources_bracket_in_a_row_of_bracketed_fields_is_no_part_of_its_name() -> None:
    for row in (
        "【发布时间：2020-06-03 10:21】【来源：市统计局】【字体：】",
        "【来源：市统计局】 【作者：甲某】",
    ):
        header = f"<h1>{HEADLINE}</h1><div class='info'>{row}</div>"
        assert extract(page(header), URL).source == "市统计局", row


CATALOGUE = (
    "<ul class='xxgk-info'><li><b>索引号：</b>XC-2020-0603-01</li><li><b>主题分类：</b>交通</li>"
    "<li><b>发布机构：</b>某市交通运输局</li><li><b>成文日期：</b>2020-06-01</li>"
    "<li><b>发布日期：</b>{published}</li><li><b>有效性：</b>有效</li></ul>"
)


@pytest.mark.parametrize(
    ("published", "expected"),
    [("2020-06-03 09:30:12", "2020-06-03T09:30:12"), ("2020年6月3日", "2020-06-03")],
)
def test_a_files_signing_date_over_the_headline_is_not_its_publication(
    published: str, expected: str
) -> None:
    header = CATALOGUE.format(published=published) + f"<h1>{HEADLINE}</h1>"
    url = "http://jtj.example.gov.cn/xxgk/tzgg/index.html"
    assert extract(page(header), url).published_at.startswith(expected)


def test_a_catalogue_listed_over_the_headline_names_the_publishing_office() -> None:
    header = CATALOGUE.format(published="2020-06-03") + f"<h1>{HEADLINE}</h1>"
    article = extract(page(header), "http://jtj.example.gov.cn/xxgk/tzgg/index.html")
    assert article.source == "某市交通运输局"
    assert article.credit_lines == ["发布机构：某市交通运输局"]


def test_a_menu_over_the_headline_is_no_catalogue() -> None:
    menu = "<ul><li>首页：</li><li>新闻：</li><li>通知：</li></ul>"
    article = extract(page(f"{menu}<h1>{HEADLINE}</h1>"), URL)
    assert (article.source, article.credit_lines) == (None, [])


def test_a_policy_interpretations_office_is_no_part_of_the_source() -> None:
    row = (
        "<div class='art-info'><span>发布时间：2020-06-03 15:40</span><span>来源：市发改委</span>"
        "<span>解读机构：市发改委</span><span>解读人：部门负责人</span></div>"
    )
    article = extract(page(f"<h1>{HEADLINE}</h1>{row}"), URL)
    assert (article.source, article.authors) == ("市发改委", [])


@pytest.mark.parametrize(
    ("title_tag", "expected"),
    [
        ("衞生署 - 新聞公報", "衞生署呼籲市民注意登革熱預防措施"),
        ("新聞公報", "衞生署呼籲市民注意登革熱預防措施"),
    ],
)
def test_a_headline_in_the_texts_own_cell_under_a_sections_title_is_the_title(
    title_tag: str, expected: str
) -> None:
    html = (
        f"<html><head><title>{title_tag}</title></head><body><table><tr>"
        "<td><a href='/'>主頁</a><br><a href='/press/'>新聞公報</a><br>"
        "<a href='/use/'>實用資料</a></td>"
        "<td><h2>衞生署呼籲市民注意登革熱預防措施</h2>"
        "<p>衞生署今日呼籲市民，雨季期間須加強防蚊措施，預防登革熱，並每星期清除積水。</p>"
        "<p>中心發言人表示，今年至今共錄得十八宗外地傳入登革熱個案，本港暫未有本地個案。</p>"
        "</td></tr></table></body></html>"
    )
    article = extract(html, "https://www.dh.example.gov.hk/tc_chi/press/2020/200603.html")
    assert (article.title, article.source) == (expected, None)
    assert not article.body.startswith(expected)


@pytest.mark.parametrize(
    ("row", "published"),
    [
        ("發布日期：109年6月3日　發布單位：農業處　點閱數：86", "2020-06-03"),
        ("日期：民國109年6月3日　發布單位：農業處　瀏覽次數：86", "2020-06-03"),
    ],
)
def test_a_taiwanese_date_in_the_republics_years_and_a_counter_beside_the_unit(
    row: str, published: str
) -> None:
    article = extract(page(f"<h1>{HEADLINE}</h1><div class='info'>{row}</div>"), URL)
    assert (article.published_at, article.source) == (published, "農業處")


@pytest.mark.parametrize("declared", ["und", "zxx", "mul", "mis", "UND"])
def test_a_language_code_that_names_no_language_is_read_from_the_text(declared: str) -> None:
    """`<html lang="und">` (a CMS default), "zxx", "mul", "mis" say nothing of the text's
    language: the record says "en" for this English story, "zh" for a Chinese one, as with no
    lang at all, not "und"."""
    english = page(f"<h1>{HEADLINE}</h1>").replace("<html>", f'<html lang="{declared}">')
    assert extract(english, URL).language == "en"
    chinese = (
        f'<html lang="{declared}"><head><title>江川市开通政务服务平台</title></head><body>'
        "<h1>江川市开通政务服务平台</h1>"
        + "".join(
            f"<p>第{i}段：江川市政务服务一网通办平台正式上线运行，企业和群众办理的一千二百余项"
            "事项实现网上申请，多部门共享材料。</p>"
            for i in range(5)
        )
        + "</body></html>"
    )
    assert extract(chinese, "https://www.example.gov.cn/xwfb/202006/t20200602_1.html").language == (
        "zh"
    )
