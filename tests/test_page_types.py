"""Which pages are articles: the signals that refuse a page must not refuse a story that only
resembles one of them (fixtures/ holds the refused pages themselves)."""

from __future__ import annotations

import json

import pytest

from pressbot import extract

PARAGRAPH = (
    "<p>The county emergency office said on Wednesday that crews had cleared most of the roads "
    "closed by the storm, and that power had come back to nine of every ten homes, though some "
    "valleys would wait until the weekend.</p>"
)
LINKS = "".join(
    f'<li><a href="/news/story-{i}.html">Another story headline number {i}</a></li>'
    for i in range(12)
)


def page(title: str, og_type: str = "article", head: str = "") -> str:
    return (
        f'<html><head><title>{title}</title><meta property="og:type" content="{og_type}">'
        f"{head}</head>"
        f"<body><ul class='nav'>{LINKS}</ul><h1>{title}</h1>"
        f"<div class='article-body'>{PARAGRAPH * 6}</div></body></html>"
    )


@pytest.mark.parametrize(
    ("title", "url"),
    [
        ("404 people treated after the storm", "https://news.example.com/2020/06/03/storm.html"),
        ("Search gets faster maps", "https://blog.example.com/products/search/faster-maps/"),
        ("County clears roads", "https://news.example.com/local/2020/06/03/county-clears-roads/"),
        ("County clears roads", "https://blog.example.com/category/news/county-clears-roads/"),
        ("County crews clear the storm's roads", "https://news.example.com/people/county-crews/"),
    ],
)
def test_a_story_resembling_a_refused_page_stays_an_article(title: str, url: str) -> None:
    assert extract(page(title), url).is_article


@pytest.mark.parametrize(
    ("title", "url", "og_type"),
    [
        ("404 Not Found", "https://news.example.com/2020/06/03/gone.html", "article"),
        ("页面不存在", "https://news.example.cn/2020/0603/gone.html", "article"),
        ("Jane Roe", "https://news.example.com/author/jane-roe/", "profile"),
        ("Events in June", "https://city.example.gov/events/2020/06/", "website"),
    ],
)
def test_missing_pages_author_pages_and_archives_give_no_record(
    title: str, url: str, og_type: str
) -> None:
    assert not extract(page(title, og_type), url).is_article


def json_ld(*objects: str) -> str:
    return "".join(f'<script type="application/ld+json">{o}</script>' for o in objects)


PAYWALL = json_ld('{"@type": "NewsArticle", "isAccessibleForFree": false}')
STORY_URL = "https://news.example.com/2020/06/03/storm.html"


def test_a_paywalled_story_that_came_whole_stays_an_article() -> None:
    assert extract(page("County clears roads", head=PAYWALL), STORY_URL).is_article


def test_a_paywalls_teaser_is_no_article() -> None:
    html = page("County clears roads", head=PAYWALL).replace(
        PARAGRAPH * 6, PARAGRAPH + "<p>Subscribe to continue reading.</p>"
    )
    assert not extract(html, STORY_URL).is_article


def test_a_storys_timeline_of_dates_stays_an_article() -> None:
    timeline = "".join(f"<p>June {day}, 2020</p>{PARAGRAPH}" for day in range(1, 8))
    html = page("County clears roads").replace(PARAGRAPH * 6, timeline)
    assert extract(html, "https://news.example.com/2020/06/08/storm-timeline.html").is_article


def test_a_story_with_a_podcast_and_comments_stays_an_article() -> None:
    head = json_ld(
        '{"@type": "PodcastEpisode", "name": "The storm, day two"}',
        '{"@type": "NewsArticle", "headline": "County clears roads"}',
    )
    comments = "".join(f"<p>发表于 2020-06-03 10:2{i}</p><p>评论{i}</p>" for i in range(5))
    html = page("County clears roads", head=head).replace(
        "</body>", f"<div class='replies'>{comments}</div></body>"
    )
    assert extract(html, STORY_URL).is_article


def test_a_story_under_about_with_a_date_stays_an_article() -> None:
    dated = '<meta property="article:published_time" content="2020-06-03T10:00Z">'
    assert extract(
        page("County clears roads", head=dated), "https://news.example.com/about/"
    ).is_article


def _with_paragraphs(paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        "<html><head><title>Updates</title></head><body>"
        f"<h1>Updates</h1><div class='article-body'>{body}</div></body></html>"
    )


CUT = (
    "The ministry says the number of patients in hospital rose again on Wednesday, with the "
    "largest share in the north, and that testing will widen next week to schools and the …"
)


def test_an_index_of_excerpts_cut_off_gives_no_record() -> None:
    article = extract(_with_paragraphs([CUT] * 7), "https://news.example.com/liveblog/")
    assert not article.is_article
    assert article.extraction.page_type == "listing"


def test_a_story_with_a_few_trailing_ellipses_stays_an_article() -> None:
    whole = PARAGRAPH[3:-4]
    paragraphs = [CUT, whole, CUT, whole, CUT, whole, CUT, whole, whole]  # 4 of 9 cut off
    assert extract(
        _with_paragraphs(paragraphs), "https://news.example.com/2020/06/03/a/"
    ).is_article


COLLECTION = json_ld('{"@type": "CollectionPage", "name": "Housing"}')


def test_a_collection_page_gives_no_record_but_a_story_that_lists_others_stays() -> None:
    assert not extract(
        page("Housing", "website", COLLECTION), "https://n.example.com/housing"
    ).is_article
    with_story = COLLECTION + json_ld('{"@type": "NewsArticle", "headline": "County clears roads"}')
    assert extract(page("County clears roads", "website", with_story), STORY_URL).is_article
    assert extract(page("County clears roads", "article", COLLECTION), STORY_URL).is_article


BIO = (
    "葛某某，男，汉族，1973年9月出生，大学学历，1995年7月参加工作，1998年6月加入中国共产党。"
    "1995年7月起先后任某区第二中学教师、团委书记，区教育局办公室副主任、主任；2019年1月起任副区长。"
)
MEETING = "区政府召开常务会议，研究部署安全生产和防汛工作，要求各部门压实责任，确保群众安全。"
NEWS = f"<p>{MEETING * 3}</p>"


def _zh_page(paragraphs: str) -> str:
    return (
        "<html><head><title>区政府领导</title></head><body><h1>区政府领导</h1>"
        f"<div class='article-content'>{paragraphs}</div></body></html>"
    )


def test_an_officials_resume_page_gives_no_record_but_news_opening_with_one_stays() -> None:
    url = "http://www.example.gov.cn/art/2020/6/3/art_51_22.html"
    assert not extract(_zh_page(f"<p>{BIO}</p>"), url).is_article
    assert extract(_zh_page(NEWS * 2 + f"<p>{BIO}</p>"), url).is_article  # a story that quotes one
    assert extract(_zh_page(f"<p>{BIO}</p>" + NEWS * 4), url).is_article  # and goes on at length


def test_search_words_in_a_search_parameter_make_a_listing_url() -> None:
    links = "".join(
        f"<h3><a href='/p/{i}'>Fishing quota vote number {i}</a></h3>" for i in range(6)
    )
    html = page("Press room").replace("</body>", f"{links}</body>")
    url = "https://www.example.eu/news/en/press-room/search?searchQuery=fishing+quotas"
    assert not extract(html, url).is_article
    assert extract(html, "https://www.example.eu/news/en/press-room/20200603-fishing").is_article


def test_an_agencys_departments_page_gives_no_record_unless_dated() -> None:
    duties = "".join(f"<p>第{i}司：{MEETING}</p>" for i in range(6))
    html = _zh_page(duties).replace("区政府领导", "机构设置")
    url = "http://www.example.gov.cn/jgsz/index.htm"
    assert not extract(html, url).is_article
    dated = html.replace("</head>", '<meta name="PubDate" content="2020-06-03 10:00"></head>')
    assert extract(dated, url).is_article
    for title in ("业务领域", "集团简介"):  # a company's business lines, its profile
        assert not extract(html.replace("机构设置", title), url).is_article
        assert extract(dated.replace("机构设置", title), url).is_article


def test_a_gallery_a_contacts_page_and_a_quote_page_give_no_record() -> None:
    gallery = json_ld('{"@type": "ImageGallery", "name": "In pictures"}')
    captions = page("In pictures", "article", gallery).replace(PARAGRAPH * 6, PARAGRAPH * 2)
    assert not extract(captions, STORY_URL).is_article
    assert not extract(page("Media contacts"), "https://n.example.org/contact/media").is_article
    rows = "".join(f"<p>Prev. Close{400 + i}.80</p>" for i in range(12))
    quote = page("Nordvik Medical (NORDV)", "website").replace(PARAGRAPH * 6, rows + PARAGRAPH)
    assert not extract(quote, "https://www.example.com/equities/nordvik").is_article


@pytest.mark.parametrize(
    "title", ["Find an expert: Environment and climate", "会员单位", "专家介绍", "Browse Ads"]
)
def test_an_experts_guide_and_a_members_list_give_no_record(title: str) -> None:
    url = "https://www.example.org/news/experts/environment"
    assert not extract(page(title), url).is_article
    assert extract(page("County clears roads"), url).is_article  # (the same page, another title)


def test_an_e_paper_page_with_the_days_page_list_gives_no_record() -> None:
    pages = "".join(f"<li><a href='/node_A0{i}.html'>A0{i}版：要闻</a></li>" for i in range(1, 7))
    url = "http://epaper.example.com/pc/layout/202006/03/node_A01.html"
    html = _zh_page(NEWS * 2).replace("区政府领导", "某某报")
    assert extract(html, url).is_article
    assert not extract(html.replace("<h1>", f"<ul>{pages}</ul><h1>"), url).is_article
    story = _zh_page(NEWS * 5).replace("<h1>", f"<ul>{pages}</ul><h1>")  # a story's page
    assert extract(story, url).is_article


def test_an_undated_page_under_a_table_of_contents_heading_gives_no_record() -> None:
    url = "https://www.example.com/magazine/2020-23/"
    contents = page("Beijing Review No. 23").replace(
        "<div class='article-body'>", "<h2>Table of Contents</h2><div class='article-body'>"
    )
    assert not extract(contents, url).is_article
    dated = contents.replace(
        "</head>", '<meta property="article:published_time" content="2020-06-03T10:00:00Z"></head>'
    )
    assert extract(dated, url).is_article  # a dated report with its own contents


def test_an_undated_portal_page_of_bilingual_section_heads_gives_no_record() -> None:
    heads = (
        ("产业导向", "INDUSTRIAL ORIENTATION"),
        ("投资政策", "INVESTMENT POLICIES"),
        ("办事流程", "INVESTMENT PROCEDURE"),
    )
    sections = "".join(
        f"<h3>{zh}</h3><p>{en}</p><ul><li><a href='/{i}'>了解{zh}</a></li></ul>"
        for i, (zh, en) in enumerate(heads)
    )
    url = "http://www.example.gov.cn/tzzn/"
    html = _zh_page(NEWS * 2).replace("区政府领导", "开放创新的高科技园区")
    assert extract(html, url).is_article
    assert not extract(html.replace("</body>", f"{sections}</body>"), url).is_article


def test_a_stations_traffic_page_gives_no_record() -> None:
    url = "https://ewn.example.co.za/traffic"
    assert not extract(page("EWN Traffic"), url).is_article
    assert extract(page("Heavy traffic slows the valley road"), url).is_article


def test_a_list_of_press_reports_with_their_outlets_gives_no_record() -> None:
    items = "".join(
        f"<h3><a href='/info/{i}.htm'>某某大学团队在某领域取得新进展第{i}项</a></h3>"
        f"<p class='mt_ly'>来源：某某日报 2020-06-0{i}</p>"
        for i in range(1, 7)
    )
    url = "http://news.example.edu.cn/mtjd.htm"
    html = _zh_page(NEWS * 2 + items).replace("区政府领导", "媒体报道")
    assert not extract(html, url).is_article
    assert extract(_zh_page(NEWS * 2).replace("区政府领导", "媒体报道"), url).is_article
    story = _zh_page(NEWS * 5).replace("</body>", f"<div class='related'>{items}</div></body>")
    assert extract(story, url).is_article  # a story over a box of other reports


def test_a_photo_set_of_numbered_captions_gives_no_record_but_a_story_with_some_stays() -> None:
    slides = "".join(
        f"<p>{n}/6 Crews clear fallen trees from the valley road on day {n}, while residents "
        "carry sandbags away from the flooded school, the county said.</p>"
        for n in range(1, 7)
    )
    photo_set = page("In pictures: the valley road").replace(PARAGRAPH * 6, slides)
    assert not extract(photo_set, STORY_URL).is_article
    text = "".join(PARAGRAPH.replace("Wednesday", day) for day in ("Monday", "Tuesday", "Friday"))
    story = page("County clears roads").replace(PARAGRAPH * 6, text + slides)
    assert extract(story, STORY_URL).is_article
    shuffled = slides.replace("<p>2/6", "<p>5/6", 1)
    assert extract(page("In pictures").replace(PARAGRAPH * 6, shuffled), STORY_URL).is_article


def test_a_newsletters_page_gives_no_record_but_a_dated_issue_stays() -> None:
    signup = page("Politics Briefing", "website")
    assert not extract(signup, "https://news.example.com/newsletters/politics-briefing/").is_article
    issue = "https://news.example.com/newsletters/2020/06/03/politics-briefing-wage-subsidy/"
    assert extract(signup, issue).is_article


ZH_PARAGRAPH = (
    "<p>省教育考试院6月3日表示，今年全省普通高考成绩将于6月下旬公布，考生可通过官方网站、"
    "手机短信等多种方式查询本人成绩，各地招生考试机构将同步开通咨询电话，解答考生和家长的疑问。</p>"
)


def test_query_mailbox_and_feeds_pages_give_no_record_but_dated_news_of_them_stays() -> None:
    query = page("2020年某省普通高考成绩查询", "website").replace(PARAGRAPH * 6, ZH_PARAGRAPH * 3)
    assert not extract(query, "https://www.example.cn/gaokao/cx/").is_article
    news = query.replace("<h1>", "<p>2020-06-03 09:30</p><h1>")
    assert extract(news, "https://www.example.cn/gaokao/cx/").is_article
    for title in ("部长信箱", "寻找“十佳社区工作者”网络投票", "办件公示"):
        service = query.replace("2020年某省普通高考成绩查询", title)
        assert not extract(service, "https://www.example.gov.cn/hdjl/fw/").is_article
    for title in ("联系方式", "7×24小时快讯", "表格下载", "网站地图", "Site map", "Corrections"):
        # dated (the URL's date), yet a service page
        assert not extract(page(title, "website"), STORY_URL).is_article
    assert extract(page("表格下载更快了", "website"), STORY_URL).is_article  # a story about them
    # the page's h1 names it, where og:title names the site's bulletin printed in a side box
    boxed = page("Release schedule", "website").replace(
        "</head>", '<meta property="og:title" content="The Daily"></head>'
    )
    boxed = boxed.replace("<ul class='nav'>", "<h2>The Daily</h2><ul class='nav'>")
    assert extract(boxed, STORY_URL).title == "The Daily"
    assert not extract(boxed, STORY_URL).is_article
    assert extract(boxed.replace("Release schedule", "Release of the budget"), STORY_URL).is_article
    feeds = page("RSS Feeds", "website")
    assert not extract(feeds, "https://investors.example.com/rss-feeds/").is_article


def test_a_job_advert_and_a_live_score_give_no_record_but_a_match_report_stays() -> None:
    job = json_ld('{"@type": "JobPosting", "title": "Committee Specialist"}')
    assert not extract(page("Committee Specialist", "website", job), STORY_URL).is_article
    live = json_ld('{"@type": "SportsEvent", "name": "KAR vs TN"}')
    assert not extract(page("KAR vs TN live score", "website", live), STORY_URL).is_article
    webinar = json_ld('{"@type": "Event", "name": "Caregiving webinar"}')
    assert not extract(page("Caregiving webinar", "article", webinar), STORY_URL).is_article
    report = json_ld('{"@type": "SportsEvent"}', '{"@type": "NewsArticle"}')
    assert extract(page("Karnataka beat Tamil Nadu", "article", report), STORY_URL).is_article


def test_a_page_of_the_sites_writers_gives_no_record_unless_dated() -> None:
    writers = page("专栏", "website").replace(
        "<title>专栏</title>", "<title>专栏作者_专栏_某某网</title>"
    )
    assert not extract(writers, "https://www.example.cn/index/zl/zuozhe/").is_article
    dated = writers.replace("<h1>", "<p>2020-06-03 09:30</p><h1>")
    assert extract(dated, "https://www.example.cn/index/zl/zuozhe/").is_article


def test_a_shows_page_of_episodes_gives_no_record_but_a_story_with_a_clip_stays() -> None:
    episodes = "".join(
        f"<p>Guests from the county talk about the storm and the roads, part {n}.</p>"
        f"<p>Duration: 00:2{n}:41</p>"
        for n in range(1, 7)
    )
    show = page("City Matters", "website").replace(PARAGRAPH * 6, PARAGRAPH * 3 + episodes)
    assert not extract(show, "https://podcast.example.hk/podcast/item.php?pid=1174").is_article
    clip = page("County clears roads").replace("</h1>", "</h1><p>Duration: 00:02:41</p>")
    assert extract(clip, STORY_URL).is_article


def test_a_quiz_a_licensed_picture_and_an_issues_contents_give_no_record() -> None:
    quiz_url = "https://news.example.com/2020/06/news-quiz-june-5-2020.html"
    assert not extract(page("News Quiz: June 5"), quiz_url).is_article
    assert extract(page("Quiz show host retires"), STORY_URL).is_article  # no quiz in the URL
    licensed = json_ld('{"@type": "ImageObject", "license": "https://x.example/licence"}')
    assert not extract(page("COVID-19 SYDNEY", "website", licensed), STORY_URL).is_article
    lead_picture = json_ld('{"@type": "WebPage"}', '{"@type": "ImageObject", "url": "a.jpg"}')
    assert extract(page("County clears roads", "article", lead_picture), STORY_URL).is_article
    contents = page("某周刊").replace(
        "<h1>某周刊</h1>", "<h1>某周刊</h1><h2>本期目录2020年第22期</h2>"
    )
    assert not extract(contents, STORY_URL).is_article


def test_a_story_with_a_gallery_or_a_table_of_figures_stays_an_article() -> None:
    both = json_ld('{"@type": "ImageGallery"}', '{"@type": "NewsArticle"}')
    assert extract(page("County clears roads", "article", both), STORY_URL).is_article
    rows = "".join(f"<p>District {i}: {400 + i} homes</p>" for i in range(12))
    table = page("County clears roads").replace(PARAGRAPH * 6, PARAGRAPH * 3 + rows + PARAGRAPH)
    assert extract(table, STORY_URL).is_article


def test_a_survey_and_a_tv_guide_give_no_record_but_a_story_with_a_poll_stays() -> None:
    choices = "".join(f'<input type="radio" name="q{i // 4}" value="{i}">' for i in range(40))
    survey = page("Community care survey").replace("</body>", f"<form>{choices}</form></body>")
    survey = survey.replace(PARAGRAPH * 6, PARAGRAPH * 2)
    assert not extract(survey, STORY_URL).is_article
    poll = "".join(f'<input type="radio" name="poll" value="{i}">' for i in range(3))
    story = page("County clears roads").replace("</body>", f"<form>{poll}</form></body>")
    assert extract(story, STORY_URL).is_article
    assert not extract(page("TV Guide", "website"), "https://n.example.vn/tv-guide?d=1").is_article


def test_a_press_kit_a_message_board_and_a_service_guide_give_no_record() -> None:
    files = "".join(f"<li>Fact sheet {i} PDF, 2 pages, 286KB Download</li>" for i in range(4))
    kit = page("Fuel cell trucks").replace(PARAGRAPH * 6, PARAGRAPH + f"<ul>{files}</ul>")
    assert not extract(kit, STORY_URL).is_article
    posts = "".join(
        f"<div>留言人：网友{i} 留言时间：2020-05-2{i} 21:14</div><p>{MEETING}</p>" for i in range(4)
    )
    assert not extract(_zh_page(posts), "http://www.example.gov.cn/wz/list.html").is_article
    steps = "".join(f"<h3>{h}</h3><p>{MEETING}</p>" for h in ("事项名称", "办理条件", "所需材料"))
    assert not extract(_zh_page(steps), "http://zwfw.example.gov.cn/guide.do?id=1").is_article


def test_a_story_naming_a_file_or_a_message_stays_an_article() -> None:
    one_file = page("County clears roads").replace(
        PARAGRAPH * 6, PARAGRAPH * 6 + "<p>The report (PDF, 2 pages, 286KB) is online.</p>"
    )
    assert extract(one_file, STORY_URL).is_article
    quoted = _zh_page(NEWS * 3 + f"<p>留言人：网友甲</p>{NEWS}")
    assert extract(quoted, "http://www.example.gov.cn/art/2020/6/3/art_1_2.html").is_article


RATES = "".join(
    f"<tr><td>Currency {i}</td><td>{60 + i}.25</td><td>{65 + i}.10</td><td>+0.{i}%</td></tr>"
    for i in range(12)
)


def test_a_table_of_figures_under_a_name_is_no_article() -> None:
    html = page("Exchange rates", og_type="").replace(
        PARAGRAPH * 6, f"<table>{RATES}</table>{PARAGRAPH}"
    )
    assert not extract(html, "https://news.example.com/economy/rates.html").is_article


def test_a_story_around_a_table_of_figures_stays_an_article() -> None:
    title = "The peso falls for a third day as importers buy dollars"
    html = page(title).replace(PARAGRAPH * 6, f"{PARAGRAPH}<table>{RATES}</table>{PARAGRAPH}")
    assert extract(html, STORY_URL).is_article


def test_a_sections_own_page_under_its_name_is_no_article() -> None:
    html = page("Consultations", og_type="website").replace(PARAGRAPH * 6, PARAGRAPH * 2)
    url = "https://www.example.gov/regulatory-resources/consultations/"
    assert not extract(html, url).is_article


def test_a_dated_story_with_a_short_title_in_a_folder_stays_an_article() -> None:
    html = page("About bugs").replace(PARAGRAPH * 6, f"<p>June 3, 2020</p>{PARAGRAPH * 3}")
    assert extract(html, "https://games.example.com/about-bugs/").is_article


def test_a_persons_profile_under_their_name_is_no_article() -> None:
    profile = (
        "<p>郑某某，男，主任医师，教授，南州市中医院心血管内科主任。1988年毕业于某中医药大学中医系，"
        "此后一直在南州市中医院从事心血管内科临床、教学和科研工作，至今已有30余年。</p>"
    )
    html = page("郑某某", og_type="website").replace(PARAGRAPH * 6, profile)
    assert not extract(html, "https://yyk.example.cn/doctor/356912.html").is_article


def test_search_results_under_any_search_parameter_are_a_listing() -> None:
    results = "".join(
        f"<h3><a href='/research/paper-{i}'>Paper number {i} on county food prices</a></h3>"
        f"<p>{PARAGRAPH}</p>"
        for i in range(6)
    )
    html = page("Research publications", og_type="website").replace(PARAGRAPH * 6, results)
    url = "https://www.example.org/en/research?search_api_fulltext=hunger"
    assert not extract(html, url).is_article


def test_a_table_of_figures_under_a_funds_name_and_code_is_no_article() -> None:
    rows = "".join(
        f"<tr><td>2020-05-{day:02d}</td><td>2.{day:04d}</td><td>3.{day:04d}</td><td>+0.{day}%</td>"
        "<td>开放</td></tr>"
        for day in range(1, 21)
    )
    html = page("岚舟优选成长混合A(002871)", og_type="").replace(
        PARAGRAPH * 6, f"{PARAGRAPH}<table>{rows}</table>"
    )
    assert not extract(html, "https://fund.example.com/002871/lsjz.shtml").is_article


def test_a_page_of_school_closings_is_no_article() -> None:
    html = page("School Closings & Delays", og_type="website")
    assert not extract(html, "https://www.example-tv.com/closings").is_article


@pytest.mark.parametrize("title", ["Agenda", "What’s On"])
def test_a_meetings_agenda_and_a_whats_on_page_are_no_articles(title: str) -> None:
    html = page(title, og_type="website")
    assert not extract(html, "https://www.example.gov.uk/meetings/3285").is_article


NOTE_LINES = [
    "家人们！趁着天气还没热起来，周末终于把东湖绿道骑完了一整圈🥳",
    "全程大概28公里，慢慢骑加拍照用了五个多小时，真的不累，强烈推荐～",
    "🚲租车：",
    "听涛景区门口就有共享单车和租车点，双人自行车一小时30元，押金200。",
    "⏰路线：",
    "听涛 → 湖中道 → 磨山 → 落雁 → 听涛，顺时针骑，上午的太阳在背后不晒😎",
    "📍必停打卡点：",
    "1️⃣ 湖中道的长堤，两边都是水，风超级大，拍照很出片",
    "2️⃣ 磨山脚下的樱花园，花期过了但是草坪很适合野餐",
    "💡小tips：",
    "· 一定要带防晒和水！中间补给点不多",
    "骑完回来腿是软的，但是心情真的好好",
]


def _note_page(lines: list[str], *, one_element: bool) -> str:
    if one_element:
        emoji = "<img class='emoji' src='/e.png'>"
        text = f"<div class='desc'><span>{'<br>'.join(lines)}{emoji}</span></div>"
    else:
        text = "".join(
            f"<div class='desc'><a href='/n/{i}'>{line}</a></div>" for i, line in enumerate(lines)
        )
    return (
        "<html><head><title>东湖绿道骑行 - 小红书</title></head><body>"
        "<div class='slider'><img src='/a.jpg'><img src='/b.jpg'></div>"
        f"<div class='note'><div class='title'>东湖绿道骑行</div>{text}</div></body></html>"
    )


def test_a_post_written_line_by_line_in_one_element_is_an_article() -> None:
    article = extract(
        _note_page(NOTE_LINES, one_element=True), "https://www.example.com/explore/5ed7"
    )
    assert article.is_article, article.extraction
    assert article.body.split("\n") == NOTE_LINES


def test_the_same_short_lines_each_a_link_of_its_own_are_no_article() -> None:
    article = extract(
        _note_page(NOTE_LINES, one_element=False), "https://www.example.com/explore/5ed7"
    )
    assert not article.is_article


def _preview_page(extra: str) -> str:
    preview = "".join(
        f"<p>Governments across the region spent the past week lifting lockdowns at very "
        f"different speeds, and the choices they made will shape the months ahead {i}.</p>"
        for i in range(3)
    )
    return (
        "<html><head><title>The Brief: Newsletter Archive</title></head><body>"
        f"<h1>The Brief: Newsletter Archive</h1><div class='latest'>{preview}</div>{extra}"
        "</body></html>"
    )


def test_a_series_archive_page_gives_no_record_but_the_same_text_elsewhere_stays() -> None:
    issues = "".join(
        f"<li><a href='/brief/{i}'>05/{i:02d}/2020 - The Brief: what the week meant</a></li>"
        for i in range(1, 15)
    )
    html = _preview_page(f"<ul class='past'>{issues}</ul>")
    assert not extract(html, "https://www.example.com/newsletters/archive/").is_article
    assert extract(html, "https://www.example.com/newsletters/the-brief-june-2/").is_article


def test_a_list_with_its_count_and_pages_gives_no_record() -> None:
    pager = "<div class='sec-hd'>共 486 家，当前第 2/25 页</div>"
    url = "https://expo.example.cn/zsml/2.html"
    assert not extract(_zh_page(NEWS * 4 + pager), url).is_article
    assert extract(_zh_page(NEWS * 4), url).is_article


def test_a_consultations_page_gives_no_record() -> None:
    side = (
        "<aside><div>Closes 26 Aug 2020</div><div>Opened 3 Jun 2020</div>"
        "<p><a href='/respond'>Respond online</a></p></aside>"
    )
    assert not extract(_preview_page(side), "https://consult.example.gov.uk/health/aed/").is_article
    report = side.replace("Respond online", "Read the report")
    assert extract(_preview_page(report), "https://consult.example.gov.uk/health/aed/").is_article


def test_a_books_page_gives_no_record() -> None:
    ld = '<script type="application/ld+json">{"@type": "Book", "name": "Snowline"}</script>'
    assert not extract(
        page("Snowline", "book", ld), "https://www.example.com/shuku/1.html"
    ).is_article


def _rows(rows: str, prose: int) -> str:
    return (
        "<html><head><title>Fixtures and results</title></head><body><h1>Fixtures and results</h1>"
        f"<div class='entry-content'>{PARAGRAPH * prose}<table>{rows}</table></div></body></html>"
    )


def test_a_page_of_table_rows_gives_no_record_but_a_story_with_a_table_stays() -> None:
    rows = "".join(
        f"<tr><td>Sat, June {i}</td><td>3pm</td><td>Suva v Labasa</td><td>ANZ Stadium</td></tr>"
        for i in range(1, 25)
    )
    url = "https://www.example.com/fixtures-results/"
    assert not extract(_rows(rows, 1), url).is_article
    assert extract(_rows(rows, 8), url).is_article


def test_a_hotels_page_gives_no_record() -> None:
    ld = '<script type="application/ld+json">{"@type": "Hotel", "name": "Casa"}</script>'
    assert not extract(
        page("Casa do Miradouro", "website", ld), "https://www.example.com/h/1"
    ).is_article


@pytest.mark.parametrize(
    "shown", ["Showing 1 to 25 of 1,397 entries", "Showing 1–8 of 46 releases"]
)
def test_a_table_with_its_count_of_entries_gives_no_record(shown: str) -> None:
    url = "https://news.example.com/se/ekliden-medical-ab"
    assert extract(page("Ekliden Medical AB"), url).is_article  # (a story without the count)
    counted = f"<div class='dataTables_info'>{shown}</div>"
    html = page("Ekliden Medical AB").replace("</body>", f"{counted}</body>")
    assert not extract(html, url).is_article


def test_an_untitled_page_with_a_password_field_gives_an_outcome() -> None:
    html = page("").replace("<h1></h1>", "<form><input type='password' name='p'></form>")
    html = html.replace("<title></title>", "")
    article = extract(html, "https://www.example.com/a/b")
    assert article.extraction.page_type != "error", article.extraction


@pytest.mark.parametrize(
    "row",
    [
        # a calendar: each meeting's days beside its linked title
        "<tr><td>0{i} Jun 2020 to 0{j} Jun 2020</td><td><a href='/event/{i}'>Expert team on "
        "observing networks, meeting {i}</a></td><td>Virtual</td></tr>",
        # road closures: each with its start and its end
        "<tr><td><a href='/r/{i}'>Hwy {i}0</a></td><td>Lane closure</td><td>06/0{i}/2020</td>"
        "<td>08/2{i}/2020</td></tr>",
        # lectures: a linked title, its speaker, its time and its place
        "<tr><td><a href='/l/{i}'>Controlled growth of thin semiconductor films {i}</a></td>"
        "<td>Prof. Lin</td><td>2020-06-0{i} 15:00</td><td>Physics Hall 20{i}</td></tr>",
    ],
)
def test_a_table_of_dated_entries_under_a_short_note_gives_no_record(row: str) -> None:
    url = "https://www.example.int/en/events/meetings"
    story = page("Calendar of meetings").replace(PARAGRAPH * 6, PARAGRAPH * 2)
    assert extract(story, url).is_article
    rows = "".join(row.format(i=i, j=i + 2) for i in range(1, 7))
    assert not extract(story.replace("</body>", f"<table>{rows}</table></body>"), url).is_article


def test_a_docket_of_dated_entries_gives_no_record() -> None:
    entries = "".join(
        f"<tr><td>Motion {i} filed.</td></tr><tr><td>Oct {i:02d} 2019</td></tr>"
        for i in range(1, 13)
    )
    html = (
        "<html><head><title>Marlowe v. Fenwick</title></head><body><h1>Marlowe v. Fenwick</h1>"
        f"<div class='entry-content'>{PARAGRAPH}<table>{entries}</table></div></body></html>"
    )
    assert not extract(html, "https://www.example.com/case-files/cases/marlowe/").is_article


def test_a_storys_url_ending_in_its_year_and_month_is_no_archive() -> None:
    links = "".join(
        f"<h3><a href='/s/{i}'>Another story headline number {i}</a></h3>" for i in range(6)
    )
    html = page("Principals say reopening guidance leaves questions").replace(
        "</body>", f"{links}</body>"
    )
    story = "https://www.example.org/leadership/principals-say-reopening-guidance-leaves-questions/2020/06"
    assert extract(html, story).is_article
    assert not extract(html, "https://www.example.org/leadership/2020/06").is_article


@pytest.mark.parametrize(
    "shown",
    ["Displaying 1 - 15 of 1,284", "Notices 1 - 8 of 19", "共1286条 1 2 3 4 .. 43 下一页"],
)
def test_a_range_counted_or_a_counted_pager_gives_no_record(shown: str) -> None:
    html = page("Electronic Reading Room").replace("</body>", f"<p>{shown}</p></body>")
    assert not extract(html, "https://www.example.com/foia/reading-room").is_article


def test_a_story_giving_a_count_of_a_range_stays_an_article() -> None:
    shown = "<p>Rooms 1 - 15 of 120 reopened on Monday.</p>"
    html = page("Hotel reopens its rooms").replace("</body>", f"{shown}</body>")
    assert extract(html, "https://news.example.com/2020/06/03/hotel.html").is_article


def test_a_login_page_with_its_plans_under_the_form_gives_no_record() -> None:
    form = "<form><input type='text' name='u'><input type='password' name='p'></form>"
    html = page("登录电子报").replace(
        "<div class='article-body'>", f"{form}<div class='article-body'>"
    )
    assert not extract(html, "https://epaper.example.com.my/login").is_article


def test_a_story_about_logging_in_with_a_login_box_stays_an_article() -> None:
    form = "<form><input type='text' name='u'><input type='password' name='p'></form>"
    html = page("County portal adds a new way to pay taxes").replace("<ul", f"{form}<ul", 1)
    assert extract(html, "https://news.example.com/2020/06/03/portal.html").is_article


def test_a_job_board_with_its_count_of_vacancies_gives_no_record() -> None:
    shown = "<p>Vacancies found: 31 (last updated 03-Jun-20 09:42 EST)</p>"
    html = page("UNDP Jobs").replace("</body>", f"{shown}</body>")
    assert not extract(html, "https://jobs.example.org/cj_view_jobs.cfm").is_article


@pytest.mark.parametrize(
    ("title", "rows"),
    [
        ("資料集", "<p>共 417 筆資料集，第 1 / 42 頁</p>"),
        (
            "决战决胜脱贫攻坚",
            "".join(
                f"<p>第{i}个县今年种植木耳1.2亿袋，带动5800户增收。[详细]</p>" for i in range(9)
            ),
        ),
    ],
)
def test_a_catalogue_counted_in_pages_or_a_topic_of_excerpts_gives_no_record(
    title: str, rows: str
) -> None:
    html = page(title).replace("</body>", f"{rows}</body>")
    assert not extract(html, "https://www.example.gov.tw/list.aspx").is_article


def test_a_tools_page_gives_no_record() -> None:
    html = page("Symptom Checker", "website")
    assert not extract(html, "https://www.example.org/symptom-checker").is_article


def test_an_events_sign_up_page_gives_no_record() -> None:
    rows = (
        "<ul><li>活动时间：2020-06-19 13:30</li><li>活动地点：某创意园</li></ul>"
        "<p>已报名 386 人</p>"
    )
    html = page("内容产业沙龙", "website").replace(
        "<div class='article-body'>", f"{rows}<div class='article-body'>"
    )
    assert not extract(html, "https://www.example.com/activity/detail/1256.html").is_article


def test_an_events_page_gives_no_record() -> None:
    assert not extract(page("Events", "website"), "https://www.example.org/events").is_article


def test_a_recipes_page_gives_no_record() -> None:
    ld = '<script type="application/ld+json">{"@type": "Recipe", "name": "Pork belly"}</script>'
    html = page("Braised pork belly with star anise", "website", ld)
    assert not extract(html, "https://www.example.com/recipe/braised-pork-belly/").is_article


def test_a_radio_schedule_gives_no_record() -> None:
    html = page("OPB Radio Schedule", "website")
    assert not extract(html, "https://www.example.org/radio/schedule/").is_article


def test_a_page_of_cards_each_titled_as_a_page_gives_no_record() -> None:
    cards = "".join(
        f"<li><h1>{i}日</h1><p>晴</p><p>34/20℃</p><p>3-4级</p></li>" for i in range(3, 10)
    )
    html = page("北京天气预报", "website").replace("<h1>北京天气预报</h1>", f"<ul>{cards}</ul>")
    assert not extract(html, "https://www.example.com.cn/weather/101010100.shtml").is_article


def test_records_with_the_same_labelled_fields_give_no_record() -> None:
    rows = "".join(
        f"<li><a href='/jz/{i}.htm'>讲座{i}</a><p>主讲人：某教授{i}</p><p>地 点：光华楼{i}01</p>"
        f"<p>主办单位：历史学系</p></li>"
        for i in range(8)
    )
    html = page("学术讲座").replace("<div class='article-body'>", f"<ul>{rows}</ul><div>")
    assert not extract(html, "https://news.example.edu.cn/xsjz/list.htm").is_article


@pytest.mark.parametrize("kind", ["QAPage", "Dataset"])
def test_a_question_or_a_datasets_page_gives_no_record(kind: str) -> None:
    ld = f'<script type="application/ld+json">{{"@type": "{kind}", "name": "x"}}</script>'
    html = page("Spring Boot jar cannot find its resources", "website", ld)
    assert not extract(html, "https://www.example.com/question/1234").is_article


def test_a_hot_search_list_gives_no_record() -> None:
    assert not extract(page("实时热点", "website"), "https://top.example.com/buzz?b=1").is_article


def test_an_events_and_presentations_page_gives_no_record() -> None:
    html = page("Events & Presentations", "website")
    assert not extract(html, "https://ir.example.com/events-and-presentations").is_article


def test_a_reports_download_page_gives_no_record() -> None:
    rows = "<ul><li>报告页数：46页</li><li>报告格式：PDF</li></ul><div>已有 3,482 人下载</div>"
    html = page("2020中国新能源汽车产业研究报告").replace(
        "<div class='article-body'>", f"{rows}<div>"
    )
    assert not extract(html, "https://www.example.com/research/report/1234.html").is_article


CAREER = "".join(
    f"<tr><td>{1984 + 4 * i}.09—{1988 + 4 * i}.07</td><td>某省某县农业局干部、副股长</td></tr>"
    for i in range(9)
)


def _official(career: str) -> str:
    duties = (
        "<div>工作分工</div><p>负责自然资源、住房城乡建设、交通运输、水利、应急管理、防汛抗旱、"
        "林业等方面工作，协助省长负责重大项目建设和安全生产方面的工作。</p><div>分管部门</div>"
        "<p>省自然资源厅、省住房城乡建设厅、省交通运输厅、省水利厅、省应急管理厅、省林业局、"
        "省人防办、省地质矿产勘查开发局。</p>"
    )
    resume = (
        "<div>个人简历</div><p>某某，男，汉族，1966年9月出生，某省人，1988年7月参加工作，"
        "1987年6月加入中国共产党，中央党校研究生学历，管理学博士。</p>"
    )
    return (
        "<html><head><title>省政府领导</title></head><body><h1>省政府领导</h1>"
        f"<div class='leader'>{duties}{resume}{career}</div></body></html>"
    )


def test_an_officials_page_of_duties_and_a_resume_of_posts_gives_no_record() -> None:
    html = _official(f"<table>{CAREER}</table>")
    assert not extract(html, "https://www.example.gov.cn/szf/szld/ld2/index.html").is_article


def test_a_story_telling_a_career_in_sentences_stays_an_article() -> None:
    posts = ["县农业局干部", "县委办公室主任", "县委常委、副县长", "区委副书记、区长", "市委常委"]
    career = "".join(
        f"<p>{1984 + 4 * i}年9月起，他先后在{post}任上主抓农业经济工作，走遍了全县的乡镇，"
        "同干部群众一起修路、打井、建学校，当地人至今还记得他的名字。</p>"
        for i, post in enumerate(posts)
    )
    html = _official(career)
    assert extract(html, "https://www.example.gov.cn/szf/szld/ld2/index.html").is_article


def test_a_fund_drives_page_without_a_date_gives_no_record() -> None:
    html = page("Double your impact for the valley", "website")
    assert not extract(html, "https://donate.example.org/").is_article
    assert extract(html, "https://news.example.org/2020/06/03/valley-roads.html").is_article


def test_an_experts_card_over_a_biography_gives_no_record() -> None:
    rows = "<tr><th>姓 名：</th><td>罗某某</td></tr><tr><th>职 称：</th><td>研究员</td></tr>"
    card = f"<table>{rows}</table>"
    html = page("专家学者").replace("<div class='article-body'>", f"{card}<div>")
    assert not extract(html, "https://www.example.org.cn/zjxz/202006/t20200603_1.html").is_article


def test_a_list_with_its_count_per_page_and_pager_gives_no_record() -> None:
    pager = "<div>共 186 条记录 每页 10 条 当前第 1/19 页 首页 上一页 1 2 3 下一页 尾页</div>"
    html = page("科研成果").replace("</body>", f"{pager}</body>")
    assert not extract(html, "https://www.example.cn/kxyj/kycg/index.htm").is_article


def test_a_magazine_issues_contents_page_gives_no_record() -> None:
    issue = '{"@type": "PublicationIssue", "issueNumber": "700"}'
    ld = f'<script type="application/ld+json">{issue}</script>'
    html = page("國旅大進擊", "website", ld)
    assert not extract(html, "https://www.example.com.tw/magazine/700").is_article


def test_a_wires_photo_index_of_captions_under_datelines_gives_no_record() -> None:
    places = ("DHAKA", "SYLHET", "KHULNA", "BOGURA", "RAJSHAHI", "SATKHIRA")
    cards = "".join(
        f"<div class='card'><p class='caption'>{place}, June 3, 2020 (BSS) – Workers repair a "
        f"road at the town market as traffic returns after the storm.</p>"
        f"<div>BSS Photo/Staff ID: BSS-{i}</div></div>"
        for i, place in enumerate(places)
    )
    html = page("Photos of the Day", "website").replace(
        "<div class='article-body'>", cards + "<div>"
    )
    assert not extract(html, "https://photo.example.net/index.php?date=2020-06-03").is_article
    story = html.replace(
        f"<h1>Photos of the Day</h1>{cards}<div>",
        "<h1>Photos of the Day</h1><div>DHAKA, June 3, 2020 (BSS) – ",
    )
    assert extract(story, "https://www.example.net/news/893413").is_article


def test_a_newsrooms_media_kit_gives_no_record() -> None:
    html = page("Media Kit", "website")
    assert not extract(html, "https://corporate.example.com/newsroom/media-kit").is_article
    assert extract(
        page("Media kit makers see sales rise"), "https://news.example.com/2020/06/03/kits.html"
    ).is_article


def test_a_storys_number_after_its_date_is_no_archive() -> None:
    html = page("Ice is slippery").replace("<h1>", "<div>June 3, 2020</div><h1>")
    assert extract(html, "https://www.example.com/detail/2035").is_article  # no 2035 yet
    assert not extract(html, "https://www.example.com/detail/1999").is_article  # 1999's archive


@pytest.mark.parametrize(
    ("title", "rows"),
    [
        # a webinar's page
        (
            "Open RAN in rural networks: what operators learned",
            "<dl><dt>Date:</dt><dd>Thursday, June 18, 2020</dd><dt>Duration:</dt>"
            "<dd>60 minutes</dd></dl><h3>Register Now</h3>",
        ),
        # a doctor's page
        ("钱某博", "<h2>擅长</h2><p>哮喘、慢阻肺</p><h2>个人简介</h2>"),
        # a housing development's page
        (
            "溪川·云栖府",
            "<dl><dt>参考均价</dt><dd>32800元/㎡</dd></dl><dl><dt>楼盘地址</dt><dd>滨河路</dd></dl>"
            "<dl><dt>最新开盘</dt><dd>2020-05-23</dd></dl>",
        ),
    ],
)
def test_pages_for_an_event_a_person_or_a_property_give_no_record(title: str, rows: str) -> None:
    html = page(title, "website").replace("<div class='article-body'>", f"{rows}<div>")
    assert not extract(html, "https://www.example.com/p/2348812.html").is_article


def test_an_index_of_reports_each_with_its_writers_row_gives_no_record() -> None:
    rows = "".join(
        f"<p class='item-meta'>作者：薛某 乔某远发布时间：2020-06-0{i}</p>" for i in range(1, 7)
    )
    html = page("报告").replace("<div class='article-body'>", f"{rows}<div>")
    assert not extract(html, "https://www.example.com/ch/presentation").is_article


def test_a_complaints_board_of_masked_askers_gives_no_record() -> None:
    rows = "".join(f"<div>网友 天水***{i} 2020-06-0{i} 09:37 办理中</div>" for i in range(1, 7))
    html = page("您的呼声 我们传递").replace("<div class='article-body'>", f"{rows}<div>")
    assert not extract(html, "https://www.example.com/wenzheng/").is_article


def test_a_disclosure_guide_and_a_leaders_page_give_no_record() -> None:
    guide = page("某某局政府信息公开指南").replace("<h1>", "<div>更新时间：2020-06-01</div><h1>")
    assert not extract(guide, "https://www.example.gov.cn/xxgk/xxgkzn/index.shtml").is_article
    cards = "".join(f"<h4>某{i}</h4><p>工作分工：负责某某方面工作。</p>" for i in range(3))
    leaders = page("领导之窗").replace("<div class='article-body'>", f"{cards}<div>")
    assert not extract(leaders, "https://www.example.gov.cn/ldzc/ldzc.shtml").is_article


def test_a_ministers_page_gives_no_record_but_a_story_on_ministers_stays() -> None:
    url = "https://www.example.gov.au/ministers"
    assert not extract(page("Ministers", "website"), url).is_article
    assert extract(page("Ministers agree to reopen the valley roads"), url).is_article


def _release_items(count: int) -> str:
    return "".join(
        f"<li class='release'><h3><a href='/r/{i}'>Charity workshop scheme fixes bikes for "
        f"key workers {i}</a></h3>"
        f"<p class='meta'>3 June 2020 · Issued by <a href='/o/{i}'>Acme PR</a></p>"
        f"<p>Volunteer mechanics working with the charity have repaired more than 20,000 "
        f"bicycles for hospital staff, carers and shop workers since March, item {i}.</p></li>"
        for i in range(count)
    )


def test_an_index_of_releases_each_dated_under_its_title_gives_no_record() -> None:
    intro = (
        "<p>The wire carries news from agencies, companies and charities to journalists who "
        "have asked to hear about their sectors, and releases appear here as they are issued.</p>"
    )
    sectors = "".join(
        f"<section><h2><a href='/s/{s}'>Sector {s}</a></h2><ul>{_release_items(3)}</ul></section>"
        for s in range(3)
    )
    html = (
        '<html><head><title>Latest releases</title><meta property="og:type" content="website">'
        f"</head><body><h1>Latest releases</h1>{intro}{sectors}</body></html>"
    )
    assert not extract(html, "https://wire.example.com/releases/latest/").is_article
    story = page("County clears roads", "website").replace(
        "</body>", f"<ul>{_release_items(6)}</ul></body>"
    )
    assert extract(story, "https://wire.example.com/releases/latest/").is_article


def test_a_page_whose_only_text_is_its_footers_copyright_gives_no_record() -> None:
    html = (
        "<html><head><title>Parks reopen</title></head><body><h1>Parks reopen after quarantine</h1>"
        "<div class='slider'><img src='/1.jpg' alt='Parks'></div>"
        "<footer><p>© 2001-2020 Example. All rights reserved. Information agency registered with "
        "the Ministry of Justice, certificate No. 0000. Any use of materials is possible only "
        "with the permission of the editorial office.</p></footer></body></html>"
    )
    assert not extract(html, "https://www.example.kg/en/photo/1234/").is_article


def test_a_leaders_welcome_page_gives_no_record_unless_dated() -> None:
    url = "http://www.example.com.cn/zjsx/ldzc.shtml"
    assert not extract(_zh_page(NEWS * 3).replace("区政府领导", "领导致辞"), url).is_article
    dated = (
        _zh_page(NEWS * 3)
        .replace("区政府领导", "领导致辞")
        .replace("<h1>", "<p>2020-06-03</p><h1>")
    )
    assert extract(dated, url).is_article


def test_a_commoditys_live_price_page_gives_no_record() -> None:
    url = "https://www.example.com/charts/live-gold-price.html"
    assert not extract(page("Live Gold Price", "website"), url).is_article
    assert extract(page("Gold price climbs as the dollar weakens"), url).is_article


@pytest.mark.parametrize("title", ["会员服务", "捐赠信息公示", "Family Notices"])
def test_members_services_a_gifts_register_and_family_notices_give_no_record(title: str) -> None:
    assert not extract(page(title, "website"), "https://www.example.org/p/1.html").is_article


def test_a_story_beside_a_list_of_videos_each_with_its_length_stays_an_article() -> None:
    videos = "".join(
        f"<li><a href='/v/{i}'><p>【新闻】某某地开展第{i}次防汛应急演练</p></a>"
        f"<span>0{i % 10}:1{i % 6}</span></li>"
        for i in range(12)
    )
    html = page("某某地芒果进入采摘期").replace("</body>", f"<ul class='recs'>{videos}</ul></body>")
    assert extract(html, "https://www.example.cn/content/15/20200603/1013100.html").is_article


def test_a_websites_donation_page_with_a_dated_letter_gives_no_record() -> None:
    html = page("Keep the valley informed", "website").replace(
        "<div class='article-body'>", "<div class='article-body'><p>June 1, 2020</p>"
    )
    assert not extract(html, "https://www.example.org/donate/").is_article
    story_url = "https://www.example.org/news/2020/06/03/valley-roads/"
    assert extract(page("Keep the valley informed"), story_url).is_article


# Text that is no HTML at an article's URL: an API's JSON, a feed, a script, plain text.

STORY = "市政府召开常务会议，研究部署冬春农田水利建设等工作。" * 20
API_JSON = json.dumps(
    {"code": 0, "data": {"title": "常务会议", "content": STORY}}, ensure_ascii=False
)
FEED = (
    "<?xml version='1.0' encoding='utf-8'?>\n<rss version='2.0'><channel><title>新闻</title>"
    + "".join(
        f"<item><title>标题{n}</title><link>http://x.example/a/{n}.html</link>"
        f"<description>{STORY[:60]}</description></item>"
        for n in range(10)
    )
    + "</channel></rss>"
)
SCRIPT = f"var news = '{STORY}';\nfunction show() {{ return news; }}\n"


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (API_JSON, "application/json"),
        (API_JSON, "text/html; charset=utf-8"),  # an API that says it is HTML
        (API_JSON, None),  # a saved file
        (FEED, "application/rss+xml"),
        (FEED, "text/html"),
        (FEED, None),
        (FEED.replace("?>\n", "?>\n<!DOCTYPE rss SYSTEM 'rss-0.91.dtd'>"), "text/html"),
        (SCRIPT, "application/javascript"),
        (STORY, "text/plain; charset=utf-8"),
        ("body { margin: 0 }\n" * 50, "text/css"),
    ],
    ids=[
        "json",
        "json-as-html",
        "json-file",
        "rss",
        "rss-as-html",
        "rss-file",
        "rss-doctype",
        "js",
        "text",
        "css",
    ],
)
def test_text_that_is_no_html_is_refused_not_published(data: str, content_type: str | None) -> None:
    """Published before with the raw JSON or feed as its body, or the text as a story."""
    headers = {"Content-Type": content_type} if content_type else None
    article = extract(data.encode("utf-8"), "https://x.example/a/1.html", headers=headers)
    assert (article.extraction.page_type, article.is_article) == ("not-html", False)
    assert article.extraction.warnings[0].startswith("not HTML: ")


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "text/xml", None])
def test_html_served_as_another_text_type_is_still_read(content_type: str | None) -> None:
    """A server's wrong type (or none) does not refuse a page whose bytes are HTML."""
    data = ('<?xml version="1.0"?>\n' + page("County clears roads")).encode("utf-8")
    headers = {"Content-Type": content_type} if content_type else None
    article = extract(data, "https://news.example.com/2020/06/03/roads.html", headers=headers)
    assert article.is_article, article.extraction


MAINTENANCE = [
    (
        "系统维护中",
        "网站正在进行系统升级维护，预计于今日18:00恢复访问，给您带来的不便敬请谅解。"
        "如有紧急事务请拨打值班电话。",
    ),
    (
        "网站升级维护中",
        "为了给您提供更好的服务，本站正在进行升级维护，维护期间暂停访问，预计今晚22时恢复。"
        "由此给您带来的不便，我们深表歉意，感谢您的理解与支持。",
    ),
    (
        "Site under maintenance",
        "We are currently performing scheduled maintenance on our website to improve your "
        "experience. The site will be back online at 6 pm today. We apologise for any "
        "inconvenience; for urgent matters please call the duty office.",
    ),
    (
        "Service Temporarily Unavailable",
        "The server is temporarily unable to service your request due to maintenance downtime "
        "or capacity problems. Please try again later, and contact the webmaster if the "
        "problem persists for more than an hour.",
    ),
]


@pytest.mark.parametrize(("title", "text"), MAINTENANCE, ids=["zh", "zh-2", "en", "en-503"])
def test_a_maintenance_page_served_with_200_gives_no_record(title: str, text: str) -> None:
    head = f"<html><head><title>{title} - 江川市人民政府</title></head>"
    html = f"{head}<body><h1>{title}</h1><p>{text}</p></body></html>"
    found = extract(html, "http://www.example.gov.cn/xwfb/202006/t20200605_1005_2.html")
    assert found.extraction.page_type == "not-article", found.to_dict()


def test_a_notice_of_planned_maintenance_stays_an_article() -> None:
    """A government site's notice that its services will be down is a press release."""
    title = "关于网上办事大厅系统升级维护的公告"
    text = (
        "为进一步提升网上办事大厅服务能力，我局将于2020年6月6日20时至6月7日8时对系统进行升级维护。"
        "维护期间，网上申报、进度查询等功能暂停使用，给您带来的不便，敬请谅解。"
        "如有紧急事项，请拨打政务服务热线咨询办理。"
    )
    html = (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1>"
        f"<div class='info'>发布时间：2020-06-05 来源：市政务服务管理局</div>"
        f"<div class='content'><p>{text}</p></div></body></html>"
    )
    found = extract(html, "http://www.example.gov.cn/xwfb/202006/t20200605_1009.html")
    assert found.is_article, found.to_dict()
