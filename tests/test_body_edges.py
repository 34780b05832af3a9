"""Where the body ends and what a picture, a story card or a footer leaves in it: each rule that
drops a line must keep the line where it is the story's own text (fixtures/ holds the pages the
rules came from)."""

from __future__ import annotations

import pytest

from pressbot import Article, extract

URL = "https://news.example.com/2020/06/03/county-clears-roads.html"
SENTENCES = [
    "The county emergency office said on Wednesday that crews had cleared most of the roads "
    "closed by the storm.",
    "Power came back to nine of every ten homes overnight, though some valleys would wait "
    "until the weekend, the utility said.",
    "Schools in the valley will open again on Monday, and buses will run on their winter "
    "routes until the bridges are checked.",
    "The office asked drivers to keep off the mountain roads at night while the crews are at "
    "work on the slopes above them.",
]
PICTURE = '<img src="/img/a.jpg" alt="">'


def body(html: str) -> list[str]:
    page = f"<html><head><title>County clears roads</title></head><body>{html}</body></html>"
    article = extract(page, URL)
    assert article.is_article, article.extraction
    return article.body.split("\n")


def story(middle: str = "", end: str = "", footer: str = "") -> str:
    paragraphs = [f"<p>{text}</p>" for text in SENTENCES]
    return (
        f"<h1>County clears roads</h1><div class='content'>{paragraphs[0]}{paragraphs[1]}"
        f"{middle}{paragraphs[2]}{paragraphs[3]}{end}</div><footer>{footer}</footer>"
    )


def test_a_caption_in_a_picture_box_inside_the_text_goes() -> None:
    box = f"<div class='pics'><a href='/a.jpg'>{PICTURE}</a><p>Crews at work on the road</p></div>"
    assert body(story(middle=box)) == SENTENCES


def test_a_photo_storys_captions_stay() -> None:
    captions = [f"Picture {i}: {text.rstrip('.')}" for i, text in enumerate(SENTENCES, 1)]
    boxes = "".join(f"<div class='pics'>{PICTURE}<p>{caption}</p></div>" for caption in captions)
    assert body(f"<h1>County clears roads</h1><div class='content'>{boxes}</div>") == captions


def test_a_closing_line_printed_again_in_the_footer_is_the_sites() -> None:
    tagline = "County news…Serving the valley®"
    assert body(story(end=f"<p>{tagline}</p>", footer=f"<p>{tagline}</p>")) == SENTENCES


def test_a_closing_line_printed_only_once_stays() -> None:
    closing = "The roads reopen at noon."
    assert body(story(end=f"<p>{closing}</p>")) == [*SENTENCES, closing]


def test_a_story_card_does_not_shield_its_read_more_box() -> None:
    card = (
        "<div class='inline-related'><div>Read more</div><article class='story'>"
        "<h2><a href='/news/other.html'>Traders want longer hours</a></h2>"
        "<div>Markets say an early closing time is driving customers away.</div></article></div>"
    )
    assert body(story(middle=card)) == SENTENCES


def test_a_whole_post_in_a_sidebar_layout_class_is_still_text() -> None:
    post = "".join(f"<p>{text}</p>" for text in SENTENCES)
    layout = f"<div class='sidebar-layout'><article>{post}</article></div>"
    assert body(f"<h1>County clears roads</h1>{layout}") == SENTENCES


def _noted(notes: str) -> str:
    marked = [
        f"<p>{text}<sup><a href='#n{i}'>[{i}]</a></sup></p>" for i, text in enumerate(SENTENCES, 1)
    ]
    return (
        f"<h1>County clears roads</h1><div class='content'>{''.join(marked[:2])}</div>"
        f"<div class='notes'><hr>{notes}</div><div class='related'><h2>Related</h2></div>"
    )


def test_the_texts_own_footnotes_below_it_join_it_and_other_numbered_lines_do_not() -> None:
    notes = (
        "<p><a href='#r1'>[1]</a> County report, June 2020.</p>"
        "<p><a href='#r2'>[2]</a> Utility data.</p>"
    )
    marked = [f"{SENTENCES[0]}[1]", f"{SENTENCES[1]}[2]"]
    assert body(_noted(notes)) == [*marked, "[1] County report, June 2020.", "[2] Utility data."]
    # numbers the text does not point to, or out of order: another list, not its notes
    assert body(_noted(notes.replace("[1]", "[3]"))) == marked
    assert body(_noted("<p>[2] Utility data.</p><p>[1] County report.</p>")) == marked


def test_a_registered_sign_after_the_last_sentence_ends_the_text_but_not_after_a_name() -> None:
    ended = story(end=f"<p>{SENTENCES[0][:-1]} again. ®</p><p>Sponsored</p><p>Get the ebook</p>")
    assert body(ended)[-1] == f"{SENTENCES[0][:-1]} again."
    named = story(
        end="<p>It is sold as ProLine ®</p><p>Shipping starts in July for all of them.</p>"
    )
    assert body(named)[-2:] == [
        "It is sold as ProLine ®",
        "Shipping starts in July for all of them.",
    ]


PRICE_CARD = (
    "<div class='car-card'><div class='car-card-info'><a href='/models/sx5/'>Roe SX5</a>"
    "<span>compact SUV</span><p>Maker's price: $21,590-$28,490</p></div>"
    "<div class='car-card-btns'><a href='/quote/5872/'>Get a quote</a></div></div>"
)


def test_a_products_price_card_between_paragraphs_goes() -> None:
    assert body(story(middle=PRICE_CARD)) == SENTENCES


def test_a_short_box_of_prices_written_as_sentences_stays() -> None:
    box = "<div class='fares'><a href='/fares/'>Fares</a><p>Day passes now cost $5.</p></div>"
    assert body(story(middle=box)) == [*SENTENCES[:2], "Day passes now cost $5.", *SENTENCES[2:]]


def test_a_closing_line_of_handles_and_hashtags_goes() -> None:
    assert body(story(end="<p>@CountyPRESS #Storm #Roads</p>")) == SENTENCES


def test_a_closing_line_naming_the_wire_and_the_desk_is_a_credit() -> None:
    article = extract(story(end="<p>— TIMES/AFP</p>"), URL)
    assert article.body.split("\n") == SENTENCES
    assert article.source == "TIMES/AFP"
    assert article.credit_lines == ["— TIMES/AFP"]


def test_an_affiliate_disclosure_after_the_text_goes() -> None:
    disclosure = (
        "All products recommended by County News are selected by our editors. Some of our "
        "stories include affiliate links. If you buy something through one of these links, we "
        "may earn an affiliate commission."
    )
    assert body(story(end=f"<p>{disclosure}</p>")) == SENTENCES


def test_a_caption_ending_in_its_photographers_credit_goes() -> None:
    caption = "<p>Crews clear the road above the valley.（摄影：黄志豪）</p>"
    assert body(story(middle=caption)) == SENTENCES


def test_an_issuers_signature_with_its_written_date_stays() -> None:
    signature = "<p>COUNTY EMERGENCY OFFICE</p><p>03 June 2020</p>"
    assert body(story(end=signature)) == [*SENTENCES, "COUNTY EMERGENCY OFFICE", "03 June 2020"]


def test_a_part_of_the_article_named_for_its_block_stays() -> None:
    note = "References in square brackets are to paragraphs in the judgment"
    html = (
        "<h1>County clears roads</h1><article class='press-summary'>"
        "<div class='press-summary__body'>"
        + "".join(f"<p>{text}</p>" for text in SENTENCES)
        + f"<p class='press-summary__references'>{note}</p></div></article>"
    )
    assert body(html) == [*SENTENCES, note]


def test_an_ad_labelled_sponsored_goes() -> None:
    assert body(story(middle="<div class='ad'><p>Sponsored</p></div>")) == SENTENCES


def test_a_note_on_the_grants_behind_the_coverage_goes() -> None:
    note = (
        "<p><em>County News’ health coverage is supported by grants from the Valley Trust.</em></p>"
    )
    assert body(story(end=note)) == SENTENCES


def test_a_source_under_a_chart_is_neither_text_nor_the_storys_source() -> None:
    chart = (
        "<figure><img src='/chart.png' alt=''></figure>"
        "<p class='chart-source'>Source: Survey of county residents conducted May 4-10, 2020.</p>"
    )
    article = extract(story(middle=chart), URL)
    assert article.body.split("\n") == SENTENCES
    assert (article.source, article.credit_lines) == (None, [])


def test_a_source_line_of_the_text_stays_a_credit() -> None:
    article = extract(story(end="<p>Source: County Emergency Office</p>"), URL)
    assert article.source == "County Emergency Office"


def test_the_notes_after_ends_stay_and_a_pointer_to_the_media_library_goes() -> None:
    end = (
        "<p>ENDS</p><p><strong>Notes:</strong></p><p>[1] The count ran from 11 to 24 May.</p>"
        "<p>Photos and video from the count are available in the County Media Library.</p>"
    )
    assert body(story(end=end)) == [*SENTENCES, "Notes:", "[1] The count ran from 11 to 24 May."]


def test_a_pointer_to_the_surveys_questions_goes() -> None:
    pointer = (
        "<p><em>Note: Here are the questions used for this analysis, and its methodology.</em></p>"
    )
    assert body(story(end=pointer)) == SENTENCES


def test_an_opening_paragraph_in_a_box_of_its_own_above_the_text_is_text() -> None:
    html = (
        "<h1>County clears roads</h1>"
        f"<div class='article-first-paragraph'><p>{SENTENCES[0]}</p></div>"
        "<div class='article-body'>" + "".join(f"<p>{t}</p>" for t in SENTENCES[1:]) + "</div>"
    )
    assert body(html) == SENTENCES


def test_a_sentence_ending_in_a_web_address_stays_in_chinese_too() -> None:
    address = "www.example-county-news.cn"
    closing = f"欲了解更多信息，请访问县新闻在线：<a href='https://{address}'>{address}</a>"
    assert (
        body(story(end=f"<p>{closing}</p>"))[-1] == f"欲了解更多信息，请访问县新闻在线：{address}"
    )


def test_an_apps_plug_after_the_text_goes() -> None:
    plug = "<p>Never miss a story! Stay informed with County News. Download our App Now!!</p>"
    assert body(story(end=plug)) == SENTENCES


def test_a_closing_credit_for_the_top_photo_goes() -> None:
    assert body(story(end="<p>(Top photo: Courtesy of the County Office)</p>")) == SENTENCES


def test_a_caption_ending_in_its_pictures_source_goes() -> None:
    assert body(story(middle="<p>午后迅速发展的积雨云（图片来源：图虫创意）</p>")) == SENTENCES


def test_a_caption_ending_in_a_bracketed_handout_credit_goes() -> None:
    assert body(story(middle="<p>观众在展厅内参观（主办方供图）</p>")) == SENTENCES


def test_a_caption_ending_in_an_unbracketed_handout_credit_stays() -> None:
    caption = "学员在培训学校练习母婴护理技能。受访者供图"
    assert body(story(middle=f"<p>{caption}</p>")) == [*SENTENCES[:2], caption, *SENTENCES[2:]]


def test_the_outlets_writer_opening_the_text_is_a_credit() -> None:
    article = extract(
        story(middle="").replace(
            "<div class='content'>", "<div class='content'><p>《县新闻》鄢某某</p>"
        ),
        URL,
    )
    assert article.body.split("\n") == SENTENCES
    assert (article.authors, article.credit_lines) == (["鄢某某"], ["《县新闻》鄢某某"])


NOTICES = (
    "<p><em>People must stay at least 1.5 metres away from others.</em></p>"
    "<p><em>County News informs the valley in 12 languages at "
    "<a href='/coronavirus'>county.example/coronavirus</a>.</em></p>"
)


def test_the_sites_standing_notices_in_italics_after_the_text_go() -> None:
    assert body(story(end=NOTICES)) == SENTENCES


def test_a_storys_own_closing_paragraphs_in_italics_stay() -> None:
    closing = [f"{text} The office repeated the warning on Thursday." for text in SENTENCES[:2]]
    end = "".join(f"<p><em>{text}</em></p>" for text in closing)
    assert body(story(end=end)) == [*SENTENCES, *closing]


def test_a_caption_ending_in_a_bracketed_photo_credit_goes() -> None:
    caption = "<p>A farmer picks tea leaves in the county, June 2, 2020. [Photo/Xinhua]</p>"
    assert body(story(middle=caption)) == SENTENCES


def test_a_releases_hashtag_line_and_issuers_disclaimer_go() -> None:
    end = (
        "<p>Hashtag: #County #Roads</p>"
        "<p>The issuer is solely responsible for the content of this announcement.</p>"
    )
    assert body(story(end=end)) == SENTENCES


def test_the_headline_again_in_capitals_and_its_italic_sub_headline_go() -> None:
    html = (
        "<h1>County Clears Roads</h1><div class='content'><p>COUNTY CLEARS ROADS</p>"
        "<p><em>Crews worked through the night on the mountain roads</em></p>"
        + "".join(f"<p>{text}</p>" for text in SENTENCES)
        + "</div>"
    )
    page = f"<html><head><title>County Clears Roads</title></head><body>{html}</body></html>"
    assert extract(page, URL).body.split("\n") == SENTENCES


def test_a_wires_closing_line_with_its_desk_is_a_credit() -> None:
    article = extract(story(end="<p>MDT/Lusa</p>"), URL)
    assert (article.body.split("\n"), article.source) == (SENTENCES, "MDT/Lusa")


def test_a_wires_enditem_line_with_its_writers_is_a_credit() -> None:
    article = extract(story(end="<p>(By Jane Roe) Enditem/AW</p>"), URL)
    assert article.body.split("\n") == SENTENCES
    assert article.credit_lines == ["(By Jane Roe) Enditem/AW"]


def test_another_storys_excerpt_set_into_the_text_goes() -> None:
    box = (
        "<div class='inline-box'><a href='/other'>Another story</a>"
        "<p class='inline-box__excerpt'>The fund has money to lend, but no mandate.</p></div>"
    )
    assert body(story(middle=box)) == SENTENCES


def test_a_sign_up_form_set_into_the_text_goes() -> None:
    form = (
        "<form class='signup'><ul><li><label><input type='checkbox'> Morning Call Our daily "
        "guide to the county's politics</label></li></ul><p>Thank you for signing up.</p></form>"
    )
    assert body(story(middle=form)) == SENTENCES


def test_a_texts_own_first_heading_stays() -> None:
    html = story().replace("<div class='content'>", "<div class='content'><h3>前言</h3>")
    assert body(html) == ["前言", *SENTENCES]


def test_a_pictures_place_tag_and_caption_go() -> None:
    picture = (
        "<div class='add_pic'><img src='/a.jpg'><a class='pic_tag' href='/poi/1'>才村码头</a>"
        "<span class='img_desc'>环海西路，左边田野右边湖</span></div>"
    )
    assert body(story(middle=picture)) == SENTENCES


def test_a_dateline_lead_in_a_summary_box_over_the_text_opens_the_text() -> None:
    lead = "TEHRAN – " + SENTENCES[0]
    page = (
        f"<h1>County clears roads</h1><p class='summary'>{lead}</p>{PICTURE}"
        f"<div class='body'>{''.join(f'<p>{s}</p>' for s in SENTENCES[1:])}</div>"
    )
    assert body(page) == [lead, *SENTENCES[1:]]


def test_the_bylines_of_a_read_more_list_after_the_text_are_no_credits() -> None:
    cards = (
        "<div class='section-title'>Read More About Israel News</div>"
        "<div class='card'><a href='/a'>Roads reopen in the north</a>"
        "<div class='author'>By JONATHAN KEREN</div></div>"
    )
    page = f"<html><head><title>County clears roads</title></head><body>{story(footer=cards)}"
    article = extract(page + "</body></html>", URL)
    assert (article.authors, article.credit_lines) == ([], [])


def test_an_outlets_tag_and_contributors_over_the_text_are_credits() -> None:
    page = (
        "<html><head><title>长文档问答新方法</title></head><body><h1>长文档问答新方法</h1>"
        "<div class='content'><p>机器之心报道</p><p>参与：魏岚、阿澜</p>"
        "<p>在长文档问答任务上，研究者提出了一种先检索证据、再逐段阅读的新方法，效果显著提升。</p>"
        "<p>论文链接：<a href='https://arxiv.example.org/abs/2006.03127'>"
        "https://arxiv.example.org/abs/2006.03127</a></p>"
        "<p>研究者表示，该方法在三个基准上均超过了此前最好的结果，代码已经公开发布。</p>"
        "<table><caption>表 1：三个基准上的结果（F1）。</caption>"
        "<tr><td>基准</td><td>F1</td></tr><tr><td>甲</td><td>71.2</td></tr></table>"
        "<p>研究者还计划把这一方法用到更长的法律和医学文档上，以检验其泛化能力。</p></div>"
        "</body></html>"
    )
    article = extract(page, URL)
    assert article.authors == ["魏岚", "阿澜"]
    assert article.credit_lines == ["机器之心报道", "参与：魏岚、阿澜"]
    assert "论文链接：https://arxiv.example.org/abs/2006.03127" in article.body.split("\n")
    assert "表 1：三个基准上的结果（F1）。" not in article.body
    assert "甲 71.2" in article.body.split("\n")


def test_another_sections_cards_bylines_after_the_text_are_no_credits() -> None:
    cards = (
        "<h3>Also in Biology</h3><div class='card'><a href='/a'>Cells that count</a>"
        "<p>By Ines Carvalho</p></div>"
    )
    page = f"<html><head><title>County clears roads</title></head><body>{story(footer=cards)}"
    assert extract(page + "</body></html>", URL).credit_lines == []


def test_a_sentence_giving_an_address_as_its_link_stays() -> None:
    address = "www.example-environment.gov.au/bushfire-recovery"  # the link: most of the line
    more = f"<p>More information is available at <a href='https://{address}'>{address}</a>.</p>"
    assert body(story(end=more))[-1] == f"More information is available at {address}."


def test_a_plug_to_follow_the_sites_handles_closes_the_text() -> None:
    plug = (
        "<p><em>For all chart news, follow @billboard and @charts on both Twitter and "
        "Instagram.</em></p>"
    )
    assert body(story(end=plug)) == SENTENCES


def test_a_video_players_words_in_the_text_go() -> None:
    player = (
        "<section class='pmc-contextual-player'><div><span>Popular on Variety</span></div>"
        "<div class='pmc-contextual-player__now-playing'><span>Up Next</span>"
        "<h3><a href='/v'>Directors on Directors</a></h3><span>2:30</span></div></section>"
    )
    assert body(story(middle=player)) == SENTENCES


def test_a_read_next_cards_section_and_date_go() -> None:
    card = (
        "<div class='read-next'><h3>Read Next</h3><div class='package'>"
        "<div class='kicker'>Environment"
        "</div><h3><a href='/b'>Cities weigh higher stormwater fees</a></h3>"
        "<time>June 02, 2020 6:14 PM</time></div></div>"
    )
    assert body(story(middle=card)) == SENTENCES


def test_a_listening_time_and_the_first_publication_stamp_are_no_text() -> None:
    listen = "<div class='listen'><span>Listen to this article</span><div>5 min</div></div>"
    stamp = (
        "<p>This story was originally published June 03, 2020 12:05 PM.</p>"
        "<p>Jane Roe covers the county.</p>"
    )
    page = (
        f"<h1>County clears roads</h1>{listen}<div class='content'>"
        + "".join(f"<p>{s}</p>" for s in SENTENCES)
        + f"{stamp}</div>"
    )
    assert body(page) == SENTENCES


def test_a_review_stamp_closes_the_text_before_the_sources() -> None:
    end = (
        "<div>Last medically reviewed on June 3, 2020</div><ul><li><a href='/t/1'>Hypertension</a>"
        "</li><li><a href='/t/2'>Sleep</a></li></ul><p>Medical News Today has strict sourcing "
        "guidelines and draws only from peer-reviewed studies and academic research.</p>"
    )
    assert body(story(end=end)) == SENTENCES


def test_a_releases_quick_facts_after_its_text_are_text() -> None:
    facts = (
        "<div class='quick-facts'><h2>Quick Facts</h2>"
        "<ul><li>The service opens on June 8, 2020.</li>"
        "<li>Calls are free from anywhere in the province.</li></ul></div>"
        "<div class='resources'><h2>Additional Resources</h2><ul><li><a href='/x'>Mental health</a>"
        "</li></ul></div>"
    )
    html = story() + facts
    assert body(html) == [
        *SENTENCES,
        "Quick Facts",
        "The service opens on June 8, 2020.",
        "Calls are free from anywhere in the province.",
    ]


def test_a_paywalls_note_ends_the_free_text() -> None:
    wall = (
        "<p>This article is for Crikey subscribers. To keep reading, subscribe today.</p>"
        "<ul><li>Unlimited access to every article</li></ul>"
    )
    assert body(story(end=wall)) == SENTENCES


def test_the_writers_bio_a_disclosure_and_where_it_first_appeared_close_the_text() -> None:
    end = (
        "<p><em>Jane Q. Roe is a senior fellow with the Energy Program at the Center.</em></p>"
        "<p><em>This commentary originally appeared on The Hill on June 2, 2020. Commentary "
        "gives researchers a platform.</em></p>"
    )
    page = f"<html><head><title>County clears roads</title></head><body>{story(end=end)}"
    article = extract(page + "</body></html>", URL)
    assert article.body.split("\n") == SENTENCES
    assert article.source == "The Hill"
    disclosure = "<p>Jane Roe has no position in any of the stocks mentioned.</p>"
    assert body(story(end=disclosure)) == SENTENCES


def test_a_paragraph_in_plain_type_about_who_someone_is_stays() -> None:
    who = "<p>Jane Q. Roe is a professor of economics at the state university.</p>"
    assert body(story(middle=who)) == [
        *SENTENCES[:2],
        "Jane Q. Roe is a professor of economics at the state university.",
        *SENTENCES[2:],
    ]


def test_a_premium_walls_note_and_an_appeal_for_support_are_no_text() -> None:
    wall = "<p>This premium content is reserved for The American Lawyer subscribers.</p>"
    assert body(story(end=wall)) == SENTENCES
    appeal = (
        "<p><em>If you value what this story gives you, please consider supporting the Daily "
        "Press. Click the link in the orange box below for details.</em></p>"
    )
    assert body(story(end=appeal)) == SENTENCES


def test_more_stories_cards_bylines_after_the_text_are_no_credits() -> None:
    cards = (
        "<h2>More Stories</h2><div class='card'><a href='/a'>Rivers rise</a>"
        "<p>By Tom Hale · June 2, 2020</p></div>"
    )
    page = f"<html><head><title>County clears roads</title></head><body>{story(footer=cards)}"
    assert extract(page + "</body></html>", URL).credit_lines == []


def test_a_sentence_about_scanning_a_qr_code_stays() -> None:
    sentence = "他也提醒乘客，搭乘巴士时必须戴上口罩，并在上车前扫描二维码登记，座位也会隔位就座。"
    assert body(story(middle=f"<p>{sentence}</p>")) == [*SENTENCES[:2], sentence, *SENTENCES[2:]]


def test_a_members_only_reprint_ban_goes() -> None:
    ban = (
        "本新聞文字、照片、影片專供本刊會員閱覽，"
        "未經本刊授權，任何媒體、論壇均不得引用、改寫、轉貼，以免訟累。"
    )
    assert body(story(end=f"<p class='copyright'>{ban}</p>")) == SENTENCES


def test_a_what_you_need_to_know_box_above_the_text_goes() -> None:
    box = (
        "<p><b>What you need to know:</b></p>"
        "<ul><li>Officials counted the damage.</li><li>Farmers wait for help.</li></ul>"
    )
    text = "".join(f"<p>{sentence}</p>" for sentence in SENTENCES)
    assert body(f"<h1>County clears roads</h1><div class='content'>{box}{text}</div>") == SENTENCES


def test_a_sentence_that_is_mostly_links_stays() -> None:
    sentence = (
        "<p>Learn more about the county's <a href='/roads'>Office of Roads and Bridges</a> and "
        "the <a href='/emergency'>Office of Emergency Management</a>.</p>"
    )
    kept = (
        "Learn more about the county's Office of Roads and Bridges and the Office of Emergency "
        "Management."
    )
    assert body(story(end=sentence)) == [*SENTENCES, kept]


def test_a_related_links_label_and_headline_go() -> None:
    related = (
        "<p>Read more: <a href='/roads-2'>County crews begin clearing the storm's roads</a></p>"
    )
    assert body(story(end=related)) == SENTENCES


def test_an_equal_opportunity_notice_goes() -> None:
    end = "<p><em>The County is an equal opportunity provider, employer and lender.</em></p>"
    assert body(story(end=end)) == SENTENCES


def test_the_small_print_goes() -> None:
    small = "<p>The Small Print: Results vary by use, configuration and other factors.</p>"
    assert body(story(end=small)) == SENTENCES


def test_a_donate_box_set_into_the_text_goes() -> None:
    box = (
        "<div class='support-box'><h3>Support sound science and smart stories</h3>"
        "<p>Help us make scientific knowledge accessible to all</p>"
        "<a href='/donate'>Donate today</a></div>"
    )
    assert body(story(middle=box)) == SENTENCES


def test_a_cms_intro_block_beside_the_text_is_its_first_paragraph() -> None:
    intro, *rest = SENTENCES
    tags = "".join(
        f"<li><a href='/t/{i}'>Another story about the county and its roads number {i}</a></li>"
        for i in range(12)
    )
    html = (
        "<h1>County clears roads</h1><div class='item'>"
        "<div class='itemImageBlock'><span>A road. Credit: Belga</span></div>"
        f"<div class='itemIntroText'><p>{intro}</p></div><div class='itemFullText'>"
        + "".join(f"<p>{text}</p>" for text in rest * 2)
        + f"</div><ul class='itemTags'>{tags}</ul></div>"
    )
    assert body(html) == [intro, *rest * 2]


@pytest.mark.parametrize(
    "note",
    [
        "This article was produced as part of the Valley Reporting Programme, supported by "
        "the Example Fund. Its content is the sole responsibility of the publisher.",
        "Main image credit: Jo Lin/County News",
        "This report by The Canadian Press was first published June 3, 2020.",
    ],
)
def test_a_funding_note_a_main_image_credit_and_an_agency_tagline_end_the_text(note: str) -> None:
    assert body(story(end=f"<p><em>{note}</em></p>")) == SENTENCES


def test_a_metered_sites_free_to_read_note_goes() -> None:
    note = (
        "<p>This article is free to read. The County News is an independent, ad-free news site "
        "that depends on reader support. Please subscribe.</p>"
    )
    html = story().replace("<div class='content'>", f"<div class='content'>{note}")
    assert body(html) == SENTENCES


def test_a_copyright_notice_banning_downloads_goes() -> None:
    notice = (
        "本网站所刊登的各种新闻、信息和各种专题专栏资料，均为本网版权所有，"
        "未经协议授权，禁止下载使用。"
    )
    assert body(story(end=f"<p>{notice}</p>")) == SENTENCES


def test_an_end_mark_between_dashes_ends_the_text() -> None:
    end = "<p>— 完 —</p><p>量子位 QbitAI · 头条号签约</p>"
    assert body(story(end=end)) == SENTENCES


def test_a_summary_box_the_writers_filed_from_line_and_the_desks_tag_go() -> None:
    top = (
        "<div class='zhaiyao'>只用了1/5的标注数据</div>"
        "<p>青禾 发自 凹非寺<br>量子位 报道 | 公众号 QbitAI</p>"
    )
    html = story().replace("<div class='content'>", f"<div class='content'>{top}")
    article = extract(html, URL)
    assert article.body.split("\n") == SENTENCES
    assert article.authors == ["青禾"]
    assert article.credit_lines == ["青禾 发自 凹非寺", "量子位 报道 | 公众号 QbitAI"]


@pytest.mark.parametrize(
    "end",
    [
        "<h4>Got a story?</h4><p>Email us at news@example.com or call the newsdesk.</p>",
        "<p><em>Do you have a medical bill you'd like to share with us? Tell us about it.</em></p>",
        "<p>KHN (Kaiser Health News) is a national newsroom that produces journalism.</p>",
    ],
)
def test_a_newsdesks_plea_for_stories_and_a_newsrooms_note_end_the_text(end: str) -> None:
    assert body(story(end=end)) == SENTENCES


def test_a_videos_label_and_title_set_into_the_text_go() -> None:
    video = "<div class='embed'><div>KMTV</div><p>Watch: KMTV's report on the roads</p></div>"
    assert body(story(middle=video)) == SENTENCES


def test_a_membership_boxs_pitch_over_its_button_goes() -> None:
    box = (
        "<div class='cta'><h3>Support independent journalism</h3>"
        "<p>County News relies on the support of its readers. Become a member today for "
        "unlimited access to our stories and our weekly newsletter.</p>"
        "<p class='button'><a href='/join'>Become a member</a></p></div>"
    )
    assert body(story(middle=box)) == SENTENCES


@pytest.mark.parametrize(
    "end",
    [
        "<p>译者/周某</p><p>（本文仅代表作者本人观点。责任编辑邮箱：zhou@example.com）</p>",
        "<p>本网站所刊载信息，不代表本台观点。转载本网站原创内容，请注明出处“某台”。</p>",
        "<p><strong>Follow and Subscribe Nyasa TV :</strong></p>",
    ],
)
def test_a_translators_line_a_views_note_a_reprint_note_and_a_channel_plug_go(end: str) -> None:
    assert body(story(end=end)) == SENTENCES


def test_an_apps_card_set_into_the_text_goes() -> None:
    card = (
        "<div class='app-guide'><div class='app-guide-txt'><p>某某孕育APP</p>"
        "<p>记录宝宝每一颗牙，出牙时间早知道</p></div>"
        "<a href='/app/' class='app-guide-btn'>立即打开</a></div>"
    )
    assert body(story(middle=card)) == SENTENCES


def test_a_translation_note_over_the_text_goes() -> None:
    note = (
        "<p class='note'><em>This article was translated from the Chinese by Owen Hartley. "
        "<a href='/zh/1'>Read the original article.</a></em></p>"
    )
    html = story().replace("<div class='content'>", f"<div class='content'>{note}")
    assert body(html) == SENTENCES


@pytest.mark.parametrize(
    "end",
    [
        "<p><em>This article originally appeared in German in issue 23/2020 of the paper.</em></p>",
        "<p><em>A version of this article appeared in the 06/08/2020 issue of County Weekly under "
        "the headline: Crews Clear Roads</em></p>",
    ],
)
def test_notes_on_where_the_text_first_ran_end_it(end: str) -> None:
    assert body(story(end=end)) == SENTENCES


def test_a_sub_heading_over_a_promo_and_more_text_stays() -> None:
    middle = (
        "<h2>Reservoirs back in the debate</h2>"
        "<section class='catcher'><a href='/other'>Read more In western France, the battle</a>"
        "</section>"
    )
    assert body(story(middle=middle)) == [
        *SENTENCES[:2],
        "Reservoirs back in the debate",
        *SENTENCES[2:],
    ]


@pytest.mark.parametrize(
    "noise",
    [
        "<p>Advertisement - Continue Reading Below</p>",
        "<p>FTC: We use income earning auto affiliate links. More.</p>",
    ],
)
def test_an_ad_label_and_an_affiliate_notice_in_the_text_go(noise: str) -> None:
    assert body(story(middle=noise)) == SENTENCES


def test_an_ownership_disclosure_ends_the_text() -> None:
    end = "<h5>Disclosure</h5><p>The leader in news on money, County News is owned by a group.</p>"
    assert body(story(end=end)) == SENTENCES


def test_a_translation_note_over_a_statement_goes() -> None:
    html = story().replace(
        "<div class='content'>",
        "<div class='content'><p><em>Transcript translated from Mandarin</em></p>",
    )
    assert body(html) == SENTENCES


def test_a_reader_poll_set_into_the_text_goes() -> None:
    poll = (
        "<div class='poll-container'><h3 class='poll-question'>Poll: Should the valley roads "
        "close at night?</h3><ul class='poll-options'><li>Yes</li><li>No</li></ul></div>"
    )
    assert body(story(middle=poll)) == SENTENCES


def test_a_support_box_named_for_the_site_ends_the_text() -> None:
    box = (
        "<div class='support-box'><h3>Support ValleyNews</h3><p>Thank you for donating to "
        "ValleyNews.</p><p>We could not keep the valley's news free without our readers.</p></div>"
    )
    assert body(story(end=box)) == SENTENCES


def test_a_reporters_sign_off_with_an_address_ends_the_text() -> None:
    sign_off = "<p>— Jane Roe; jroe@example.com; 555-0188; @janeroe</p>"
    appeal = "<p>Our journalism needs your support. Please subscribe today.</p>"
    assert body(story(end=sign_off + appeal)) == SENTENCES


def test_a_releases_safe_harbour_paragraphs_between_its_about_sections_go() -> None:
    about = "<p>About the valley</p><p>The valley is home to 40,000 people and three schools.</p>"
    safe_harbour = (
        "<p>This press release contains forward-looking statements that can be identified by "
        "words such as expect or plan.</p><p>Such forward-looking statements are based on our "
        "current beliefs and expectations.</p>"
    )
    closing = "<p>About the county</p><p>The county runs the valley's roads and bridges.</p>"
    lines = body(story(end=about + safe_harbour + closing))
    assert not any("forward-looking" in line for line in lines)
    assert lines[-1] == "The county runs the valley's roads and bridges."


def test_a_social_plug_after_the_text_ends_it() -> None:
    plug = "<p>The county is on Twitter. Sign up to follow @CountyNews at https://x.example/c</p>"
    notes = "<p>References</p><p>County report on storm damage, 2020.</p>"
    assert body(story(end=plug + notes)) == SENTENCES


def test_a_reader_funded_newsrooms_note_between_paragraphs_goes() -> None:
    box = (
        "<div class='isb'><p>Valley News is an independent, reader-funded newsroom. We have no "
        "paywall on stories like this one.</p><div><a href='/donate'>Support us</a></div></div>"
    )
    assert body(story(middle=box)) == SENTENCES


def test_a_captions_words_over_its_bracketed_credit_go_with_it() -> None:
    caption = "<p class='photo'>Crews on the pass road on Tuesday.<br>(AP Photo/Jane Roe)</p>"
    assert body(story(middle=caption)) == SENTENCES


SUMMARY = "摘要：周三亚市早盘，美元指数延续跌势，现货黄金在1725美元附近窄幅震荡，报1727美元。"


def test_a_labelled_summary_that_is_the_texts_first_paragraph_stays() -> None:
    html = f"<h1>金价窄幅震荡</h1><div class='content'><p>{SUMMARY}</p>"
    html += "".join(f"<p>{text}</p>" for text in SENTENCES) + "</div>"
    assert body(html) == [SUMMARY, *SENTENCES]


def test_a_labelled_summary_in_a_box_above_the_text_goes() -> None:
    html = f"<h1>金价窄幅震荡</h1><div class='summary-box'><p>{SUMMARY}</p></div>{story()}"
    assert body(html) == SENTENCES


def test_a_risk_notice_after_the_text_goes() -> None:
    notice = "<p>风险提示：以上数据仅供参考，不构成投资建议。投资有风险，入市需谨慎。</p>"
    assert body(story(end=notice)) == SENTENCES


def test_an_appeals_heading_its_pitch_and_its_button_go_together() -> None:
    box = (
        "<div class='support-box'><h3>Local news matters</h3><p>Media diversity is under threat "
        "in the valley, and the county needs more independent journalism, not less, so that the "
        "people who run it are held to account and readers can find out what is going on.</p>"
        "<p><a href='/donate'>Please donate now</a></p></div>"
    )
    assert body(story(end=box)) == SENTENCES


@pytest.mark.parametrize(
    "end",
    [
        "<p>媒体联系</p><p>某团公关部</p><p>邮箱：pr@example.com</p>",
        "<p>Support Valley TODAY</p><p>Valley TODAY keeps you informed at no cost to you.</p>",
        "<p>Results powered by ExampleStats.com</p>",
    ],
)
def test_a_closing_contact_appeal_or_data_credit_goes(end: str) -> None:
    assert body(story(end=end)) == SENTENCES


@pytest.mark.parametrize(
    "middle",
    [
        "<div class='hint'>Swipe to scroll horizontally</div>",
        "<p>A post shared by Jane Roe (@janeroe) on Jun 2, 2020 at 6:41pm PDT</p>",
    ],
)
def test_a_tables_scroll_hint_or_an_embeds_credit_goes(middle: str) -> None:
    assert body(story(middle=middle)) == SENTENCES


@pytest.mark.parametrize(
    "end",
    [
        "<p>This story was funded by readers and by a grant from the Valley Fund.</p>",
        "<p>Valley News’s coverage of the county’s roads is supported in part by grants from the "
        "Valley Fund.</p>",
        "<p>Do you want to respond to this article? If so, click here to submit your thoughts.</p>",
        "<p>Sign up here to get the latest stories from Valley News delivered to you each "
        "morning.</p>",
        "<p>（作者系某研究院欧洲研究所研究员）</p>",
        "<ul><li>資料更新日期：2020-06-04</li><li>瀏覽人次：2876</li></ul>",
    ],
)
def test_a_closing_funding_note_invitation_or_page_stamp_goes(end: str) -> None:
    assert body(story(end=end)) == SENTENCES


def test_a_read_this_next_label_over_a_card_between_paragraphs_goes() -> None:
    link = "<div><a href='/a'>Bridges reopen in the north</a></div>"
    card = f"<div class='next'>Read this next:</div>{link}"
    assert body(story(middle=card)) == SENTENCES


def test_a_membership_box_of_a_title_two_lines_and_a_join_button_goes() -> None:
    box = (
        "<div class='join'><h3>Investigations like this take time</h3><p>This story took four "
        "months of requests and data work.</p><p>If you value local journalism, become a member "
        "today.</p><div><a href='/join'>Join from £1 a month</a></div></div>"
    )
    assert body(story(middle=box)) == SENTENCES


def test_a_code_listing_keeps_its_lines_and_its_closing_brace() -> None:
    listing = "<pre><code>type rtt struct {\n  colo string\n}\n</code></pre>"
    lines = body(story(middle=listing))
    assert lines[2:5] == ["type rtt struct {", "colo string", "}"]


def test_a_press_releases_media_enquiries_end_it() -> None:
    contact = "<p>傳媒查詢：</p><p>某大學傳訊部</p><p>麥女士（電話：2819 0000）</p>"
    assert body(story(end=contact)) == SENTENCES


@pytest.mark.parametrize(
    "end",
    [
        "<p>Catch up on all the latest valley news, and also a complete guide to events across the "
        "valley.</p>",
        "<p>本文出自某某周刊第1223期</p>",
        "<p>Get in touch with our news team by emailing us at news@example.com.</p><p>For more "
        "stories like this, check our news page.</p>",
    ],
)
def test_a_sites_closing_plug_or_issue_note_goes(end: str) -> None:
    assert body(story(end=end)) == SENTENCES


def test_a_newsletter_signup_box_set_into_the_text_goes() -> None:
    box = (
        "<div><h3 class='signup-title'>Get the latest news from Valley News</h3>"
        "<p class='signup-legal'>Your information will be used in accordance with our Privacy "
        "Policy.</p></div>"
    )
    assert body(story(middle=box)) == SENTENCES


def _wire(dateline: str, end: str) -> str:
    paragraphs = [f"<p>{text}</p>" for text in SENTENCES]
    paragraphs[0] = f"<p>{dateline} {SENTENCES[0]}</p>"
    return f"<h1>County clears roads</h1><div class='content'>{''.join(paragraphs)}{end}</div>"


@pytest.mark.parametrize(
    ("dateline", "sign_off", "credits"),
    [
        ("Hanoi (VNA) –", "VNA", ([], [], "VNA")),
        ("DHAKA, June 3, 2020 (BSS) –", "BSS/JD/1421 hrs", ([], [], "BSS")),
        (
            "ABU DHABI, 3rd June, 2020 (WAM) --",
            "WAM/Jane Roe/John Doe",
            (["Jane Roe"], ["John Doe"], "WAM"),
        ),
    ],
)
def test_an_agencys_sign_off_by_its_datelines_initials_is_a_credit(
    dateline: str, sign_off: str, credits: tuple[list[str], list[str], str]
) -> None:
    page = f"<html><body>{_wire(dateline, f'<p>{sign_off}</p>')}</body></html>"
    article = extract(page, URL)
    assert (article.authors, article.editors, article.source) == credits
    assert article.credit_lines == [sign_off]
    assert article.body.endswith(SENTENCES[3])


def test_initials_under_a_text_with_no_such_dateline_are_no_credit() -> None:
    assert body(_wire("HANOI –", "<p>VNA</p>"))[-1] == SENTENCES[3]
    article = extract(f"<html><body>{_wire('HANOI –', '<p>VNA</p>')}</body></html>", URL)
    assert (article.source, article.credit_lines) == (None, [])


def test_an_agencys_initials_closing_the_last_sentence_and_a_reports_from_line() -> None:
    end = (
        "<p>Roads reopen on Friday. (PNA)</p><p><em>(With reports from Ramon L. Enriquez)</em></p>"
    )
    page = f"<html><body><p class='by'>By Jane Roe</p>{_wire('MANILA –', end)}</body></html>"
    article = extract(page, URL)
    assert article.body.endswith("\nRoads reopen on Friday.")
    assert (article.source, article.authors) == ("PNA", ["Jane Roe", "Ramon L. Enriquez"])


def test_a_wires_end_mark_and_its_desk_code_go() -> None:
    end = "<p>Roads reopen on Friday, the office added. (end)</p><p class='code'>ajd.gb</p>"
    assert body(story(end=end))[-1] == "Roads reopen on Friday, the office added."


def test_a_bylines_rows_one_under_another_name_one_team() -> None:
    rows = "<p>南国早报记者 韦某华</p><p>通讯员 覃某新 蓝某燕</p>"
    text = "".join(f"<p>{sentence}</p>" for sentence in SENTENCES)
    html = f"<h1>County clears roads</h1><div class='content'>{rows}{text}</div>"
    article = extract(f"<html><body>{html}</body></html>", URL)
    assert article.authors == ["韦某华", "覃某新", "蓝某燕"]


def test_an_agencys_initials_after_its_dated_dateline_leave_the_date() -> None:
    html = story().replace("<p>The county", "<p>Riyadh, June 03, 2020, SPA -- The county")
    article = extract(
        f"<html><body>{html}</body></html>", "https://www.example.com/viewstory.php?id=1"
    )
    assert article.published_at == "2020-06-03"


def test_a_gallery_set_into_the_text_leaves_its_label_and_title_out() -> None:
    gallery = (
        "<div class='gallery'><div><span>See Gallery</span><h3>Empty ballparks across "
        "America</h3></div><a href='/gallery/1'>See Gallery</a></div>"
    )
    assert body(story(middle=gallery)) == SENTENCES


def test_a_wires_filing_time_on_local_and_gmt_clocks_times_its_dateline() -> None:
    end = "<p>--SPA</p><p>14:21 LOCAL TIME 11:21 GMT</p>"
    html = story(end=end).replace("<p>The county", "<p>Riyadh, June 03, 2020, SPA -- The county")
    article = extract(f"<html><body>{html}</body></html>", "https://www.example.com/story?id=1")
    assert article.published_at == "2020-06-03T14:21+03:00"


def test_a_stations_byline_closing_the_text_is_a_credit_line() -> None:
    html = story(end="<p>劉某妤 吳某德 / 台北報導</p>")
    article = extract(f"<html><body>{html}</body></html>", URL)
    assert article.body.split("\n")[-1] == SENTENCES[3]
    assert (article.authors, article.credit_lines) == (
        ["劉某妤", "吳某德"],
        ["劉某妤 吳某德 / 台北報導"],
    )


def test_a_paragraph_classed_as_the_deck_over_the_date_row_is_no_text() -> None:
    dek = "<p class='story-hero__dek'>In 90 days, stores moved shelving to keep up.</p>"
    top = f"{dek}<div>June 3, 2020 5 min read</div>"
    assert (
        body(story().replace("<div class='content'>", f"<div class='content'>{top}")) == SENTENCES
    )


def test_a_lead_in_its_own_box_inside_the_marked_article_body_is_text() -> None:
    lead = f"<div class='lead'><p><strong>{SENTENCES[0]}</strong></p></div>"
    rest = "".join(f"<p>{s}</p>" for s in SENTENCES[1:]) * 2
    marked = f"<div itemprop='articleBody'>{lead}<div class='body'>{rest}</div></div>"
    html = f"<h1>County clears roads</h1>{marked}"
    assert body(html)[0] == SENTENCES[0]


@pytest.mark.parametrize(
    "end",
    [
        # a wire's filing time and serial under its sign-off
        "<p>--SPA</p><p>14:21 LOCAL TIME 11:21 GMT</p><p>0020</p>",
        # a funded desk's note
        "<p><i>The Education Lab is a community-funded initiative, with support from the Roe "
        "Foundation. The News retains full editorial control of the Lab’s journalism.</i></p>",
        # a site's note that a company's piece is not its word
        "<p>本文为企业宣传，不代表本网观点。</p>",
        # a translated release's trademark notice
        "<p>Acme和Acme标志是Acme Inc.在美国和其他国家/地区的商标或注册商标。"
        "所有其他商标均为其各自所有者的财产。</p>",
        # a public account's standing tips under its pieces
        "<p>特别提示</p><p>1. 进入公众号底部菜单可查阅不同主题系列科普文章。</p>",
        # the magazine issue a piece ran in
        "<p>本文来自《环球科学》2020年6月刊</p>",
        # a nonprofit's standing note, a series note, the print edition's note, a newsletter plug
        "<p><i>The Valley Sun is a nonpartisan news organization. We rely on readers.</i></p>",
        "<p><i>This story is part of Hanging On, a series on households in the valley.</i></p>",
        "<p><i>A version of this article appears in e-paper on June 4, 2020.</i></p>",
        "<p><i>Don't miss a thing. Sign up here to get our weekly email on health.</i></p>",
        # a trader's disclosure, a statement's enquiries, an appeal, a company's follow button
        "<p><i>At the time of publication, Roe had no positions in any securities "
        "mentioned.</i></p>",
        "<p><b>Enquiries:</b></p><p>Jane Roe</p><p>Cell: 082 000 0000</p>",
        "<h4>Since you’re here …</h4><p>Show your support for our mission.</p>",
        "<p>Want to know more about Acme Minerals PLC? Follow the company</p>",
        "<p>No investment advice</p><p>The Company is a publisher.</p>",
        # the writer's name and post signing off; the full text's issue; a medical site's note
        "<p>— Jane Roe, Senior Editor, Light Reading</p>",
        "<p>（全文见《南方人物周刊》2020年第17期）</p>",
        # a site's appeal opening on what it is; a closing note of the story's update
        "<p>Valley Reports is independent and free to read. We depend on our readers.</p>",
        "<p><i>Updated June 3 at 4:05 p.m. to include a statement from the board.</i></p>",
        # a club site's note, a risk notice, the paper's issue note, a Hong Kong release's end
        "<p><i>This story was not subject to the approval of the league or its clubs.</i></p>",
        "<p>风险提示：本文所提到的观点仅代表个人的意见，所涉及标的不作推荐，据此买卖，风险自负。</p>",
        "<p>（本文已刊发于5月30日出版的《某某周刊》，文中提及个股仅为举例分析，不做买卖推荐。）</p>",
        "<p>Ends/Wednesday, June 3, 2020<br>Issued at HKT 14:21</p>",
        # the writer's note with their address
        "<p><i>Jane Roe is a San Francisco Chronicle staff writer. Email: jroe@example.com</i></p>",
        # the writer's handle; a listed company's adviser and its market-abuse notice
        "<p><i>Follow the author on Twitter: @JaneRoe_Tr</i></p>",
        "<p>Acme Capital AB is the Company’s Certified Adviser on Nasdaq First North.</p>",
        "<p><em>This information is information that Acme AB (publ) is obliged to make public "
        "pursuant to the EU Market Abuse Regulation.</em></p>",
        # an office's desk codes; a release's trademark notice; its contacts' heading
        "<p>(FID/EP) (RI/MUR)</p>",
        "<p>All trademarks used or mentioned in this release are protected by law.</p>",
        "<h4>Contacts</h4><p>For details on how to reach the Investor Relations Team, click "
        "here.</p><h4>References</h4><ol><li>Bray F, Ferlay J. Global cancer statistics.</li></ol>",
        # a closing photo credit; a site's reprint notice; a release platform's notice
        "<p><em>(Photo source: Shutterstock)</em></p>",
        "<p>Featured photo illustration by Jane Roe/MTI</p><p>via MTI</p>",
        "<p>Information on example.com may not be republished without permission.</p>",
        "<p>This release was distributed by Medianet on behalf of the issuing organisation.</p>",
        # a magazine's address for readers' comments; a translated site's reference note
        "<p>Comments to janeroe@example.com</p>",
        "<p>(All information published in this website is authentic in Chinese. English is "
        "provided for reference only.)</p>",
        # a release's contacts on the label's own line
        "<p>For further information contact: Jane Roe, Media Officer, Strategic Communications "
        "Office. Email: jroe@example.int. Cell +41 79 000 00 00</p><p>John Doe, Tel +41 22 000</p>",
        # a wire's note on which language version of the release holds
        "<p>The source language in which this announcement is originally published is the "
        "official, authoritative, and legally valid version. Translations are provided as an "
        "accommodation only.</p>",
        # an agency's plug for its accounts, one word naming it, two networks
        "<p>Follow UNICEF on <a href='#'>Twitter</a> and <a href='#'>Facebook</a></p>",
    ],
)
def test_a_house_notice_under_the_text_goes(end: str) -> None:
    assert body(story(end=end))[-1] == SENTENCES[3]


def test_a_releases_about_section_after_its_contacts_stays() -> None:
    about = (
        "Acme Medical AB develops wearable sensors for patients with heart disease. The company "
        "was founded in 2014 and has 34 employees."
    )
    contacts = (
        "<p><strong>For further information, please contact:</strong></p>"
        "<p>Jane Roe, CEO<br>Phone: +46 70 000 00 00<br>E-mail: jane@acme.example</p>"
    )
    end = f"{contacts}<p><strong>About Acme Medical</strong><br>{about}</p>"
    assert body(story(end=end))[-3:] == [SENTENCES[3], "About Acme Medical", about]
    assert body(story(end=contacts + f"<p>{about}</p>"))[-1] == SENTENCES[3]


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Contributed by Selam Haile from Dire Dawa", "Selam Haile"),
        ("Compiled by Lerato Maseko", "Lerato Maseko"),
    ],
)
def test_a_contributors_line_closing_the_text_names_a_writer(line: str, name: str) -> None:
    article = extract(f"<html><body>{story(end=f'<p><i>{line}</i></p>')}</body></html>", URL)
    assert article.body.split("\n")[-1] == SENTENCES[3]
    assert (article.authors, article.credit_lines) == ([name], [line])


@pytest.mark.parametrize(
    "card",
    [
        "<div class='x'><div class='lbl'>Also Read</div>"
        "<div class='lnk'><a href='/b'>Another story about the storm's damage</a></div></div>",
        "<div class='card'><span>Related Article</span>"
        "<h3><a href='/c'>Valley bridge reopens after repairs</a></h3></div>",
    ],
)
def test_a_card_of_another_story_set_into_the_text_goes_with_its_label(card: str) -> None:
    assert body(story(middle=card)) == SENTENCES


def test_a_reprint_note_closing_the_text_names_its_source() -> None:
    note = "（本文轉載自《某某街坊報》第42期）"
    article = extract(f"<html><body>{story(end=f'<p>{note}</p>')}</body></html>", URL)
    assert (article.source, article.credit_lines) == ("某某街坊報", [note])
    assert article.body.split("\n")[-1] == SENTENCES[3]


@pytest.mark.parametrize("mark", ["ENDS", "[End]"])
def test_a_releases_about_section_after_its_end_mark_stays(mark: str) -> None:
    about = "Acme Nurses Alliance is the national voice for nurses in rural and remote areas."
    end = f"<p>{mark}</p><h3>About Acme Nurses Alliance</h3><p>{about}</p>"
    assert body(story(end=end))[-3:] == [SENTENCES[3], "About Acme Nurses Alliance", about]


NOTE = "The plant received planning consent in 2023 and will employ about 40 people when open."
ABOUT = "Acme Energy plc is a listed renewable energy company with 3.8GW of wind and solar farms."


def test_a_releases_notes_and_about_after_ends_and_its_contacts_stay() -> None:
    end = (
        "<p><strong>ENDS</strong></p><p><strong>For further information, please contact:</strong>"
        "</p><p>Acme Energy Press Office<br>+44 (0)20 7946 0321<br>press@acme.example</p>"
        f"<p><strong>Notes to editors</strong></p><p>{NOTE}</p>"
        f"<p><strong>About Acme Energy</strong></p><p>{ABOUT}</p>"
    )
    release = [*SENTENCES, "Notes to editors", NOTE, "About Acme Energy", ABOUT]
    assert body(story(end=end)) == release


@pytest.mark.parametrize("mark", ["###", "# # #", "-30-"])
def test_a_us_releases_notes_after_its_end_mark_stay(mark: str) -> None:
    end = (
        f"<p style='text-align:center'>{mark}</p><p><strong>Notes to editors</strong></p>"
        f"<p>{NOTE}</p><p><strong>Media contact:</strong> Jane Roe, +1 555 0100</p>"
    )
    assert body(story(end=end)) == [*SENTENCES, "Notes to editors", NOTE]


@pytest.mark.parametrize(
    "section",
    [
        "<h3>County media enquiries</h3><p>Media enquiries 020 7946 0199</p>"
        "<p>Out of hours media enquiries 020 7946 0200</p>",
        "<p><strong>Cautionary statement</strong></p><p>This announcement contains certain "
        "forward-looking statements with respect to the county's plans.</p>",
        "<h3>Investor enquiries</h3><p>For more information, please contact:</p>"
        "<p>Jane Roe, +44 20 7946 0100</p>",
    ],
)
def test_the_heading_of_a_section_cut_from_the_end_goes_with_it(section: str) -> None:
    assert body(story(end=section)) == SENTENCES


def test_a_short_last_line_of_text_above_a_cut_section_stays() -> None:
    end = "<p>More details will follow next week</p><p>Media contact: Jane Roe, +1 555 0100</p>"
    assert body(story(end=end)) == [*SENTENCES, "More details will follow next week"]


def test_a_table_row_with_a_clock_in_a_cell_reads_as_one_line() -> None:
    rows = "".join(
        f"<tr><td>June {i} – June {i + 9}</td><td>Eastbound Hwy 10, Motley to Hwy 210</td>"
        f"<td>Single-lane closure, flaggers 7 a.m. to 7 p.m.</td><td>None</td></tr>"
        for i in (8, 20)
    )
    lines = body(story(middle=f"<table>{rows}</table>"))
    assert lines[2].startswith("June 8 – June 17 Eastbound Hwy 10") and lines[2].endswith("None")


def test_a_note_on_whom_the_press_may_call_goes() -> None:
    note = (
        "<p>For interviews or images, please contact the University News Office on "
        "+44 (0)1865 000000 or at news.office@example.ac.uk.</p>"
    )
    assert body(story(middle=note)) == SENTENCES


def test_a_subscription_promotion_set_into_the_text_goes() -> None:
    promo = (
        "<div class='s t'><div class='a b'><span>Valley News Subscription</span>"
        "<p>The valley news you won't find anywhere else. Get unlimited access for $1.</p>"
        "<a href='/subscribe'>Subscribe now</a> <span>Already a subscriber? "
        "<a href='/login'>Log in</a></span></div></div>"
    )
    assert body(story(middle=promo)) == SENTENCES


def test_a_reporters_credit_closing_the_last_paragraph_is_cut() -> None:
    text = "".join(f"<p>{line}</p>" for line in ZH_STORY[:-1])
    last = f"<p>{ZH_STORY[-1]}（记者 顾某帆 见习记者 钱某桐）</p>"
    html = (
        f"<html><body><h1>梁溪河步道贯通</h1><div class='content'>{text}{last}</div></body></html>"
    )
    article = extract(html, "https://www.example.com/doc/2020/06/03/61837.shtml")
    assert article.body.split("\n") == ZH_STORY
    assert article.authors == ["顾某帆", "钱某桐"]
    assert article.credit_lines == ["（记者 顾某帆 见习记者 钱某桐）"]


def _zh_story_ending(glued: str) -> Article:
    """The story with `glued` added to the end of its last paragraph, extracted."""
    text = "".join(f"<p>{line}</p>" for line in ZH_STORY[:-1])
    last = f"<p>{ZH_STORY[-1]}{glued}</p>"
    html = f"<html><body><h1>梁溪河步道</h1><div class='content'>{text}{last}</div></body></html>"
    return extract(html, "https://www.example.com/doc/2020/06/03/61837.shtml")


def test_an_editors_bracket_glued_to_the_last_paragraph_is_cut() -> None:
    """ "…(完)【编辑:甲】" in no block of its own: the credit is cut, the end mark stays."""
    for glued, credit, editors, responsible in (
        ("(完)【编辑:唐某舟】", "【编辑:唐某舟】", ["唐某舟"], []),
        ("【责任编辑：唐某舟】", "【责任编辑：唐某舟】", [], ["唐某舟"]),
        ("(完) [责任编辑：唐某舟]", "[责任编辑：唐某舟]", [], ["唐某舟"]),
    ):
        article = _zh_story_ending(glued)
        end = "(完)" if glued.startswith("(完)") else ""
        assert article.body.split("\n") == [*ZH_STORY[:-1], ZH_STORY[-1] + end]
        assert (article.editors, article.responsible_editors) == (editors, responsible)
        assert article.credit_lines == [credit]


def test_a_bracketed_control_closing_the_last_paragraph_stays() -> None:
    article = _zh_story_ending("【详细】")
    assert article.body.split("\n")[-1] == ZH_STORY[-1] + "【详细】"
    assert article.credit_lines == []


ZH_STORY = [
    "6月2日，梁溪河滨水步道一期工程全线贯通，沿线新建的六座驿站同步向市民开放，步道全长约5公里。",
    "工程还同步实施了沿线雨污管网改造，新建截流管道3.6公里，整治排口23个，水质有望稳定达标。",
    "按照计划，二期工程将于今年下半年开工，届时步道将向西延伸至运河公园，全长达到9公里。",
]


def test_an_agencys_input_line_closing_the_text_is_its_source() -> None:
    for line, agency in (
        ("— With input from APP", "APP"),
        ("Additional report from NAN", "NAN"),
        ("via MTI", "MTI"),
        ("Novinite.com (Sofia News Agency)", "Novinite.com"),
        ("(With files from Reuters)", "Reuters"),
    ):
        article = extract(f"<html><body>{story(end=f'<p>{line}</p>')}</body></html>", URL)
        assert (article.source, article.credit_lines) == (agency, [line])
        assert article.body.split("\n")[-1] == SENTENCES[3]


def test_a_nonprofits_appeal_box_set_into_the_text_goes() -> None:
    box = (
        "<div class='callout'><div><h3>Did you know the Valley Digger is a nonprofit?</h3>"
        "<p>Our journalism is made possible by member donations. Please contribute today.</p>"
        "<a href='/donate'>Make a donation</a></div></div>"
    )
    assert body(story(middle=box)) == SENTENCES


def test_an_advertisement_label_set_into_the_text_goes() -> None:
    assert body(story(middle="<p>- 广告 -</p>")) == SENTENCES


def test_a_layout_editor_and_a_photographer_name_no_writer_or_editor() -> None:
    top = "<p>文／梁某敏</p><p>攝／黃某朗</p>"
    end = "<p>责编 | 陈某溪</p><p>制版编辑 | 卢某舟</p>"
    html = story(end=end).replace("<div class='content'>", f"<div class='content'>{top}")
    article = extract(f"<html><body>{html}</body></html>", URL)
    assert article.body.split("\n") == SENTENCES
    assert (article.authors, article.editors) == (["梁某敏"], [])
    assert article.responsible_editors == ["陈某溪"]


def test_a_notice_that_the_text_is_for_professionals_goes() -> None:
    top = "<p class='only-pro'>*仅供医学专业人士阅读参考</p>"
    assert (
        body(story().replace("<div class='content'>", f"<div class='content'>{top}")) == SENTENCES
    )


def test_a_pictures_box_with_its_marked_caption_and_credit_is_no_text() -> None:
    figure = (
        "<div class='image-content'><img src='/a.jpg' alt=''><span class='caption'>A tower near "
        "Kearney. The operator plans 120 sites.<br>(Source: Plainsview Wireless)</span></div>"
        "<div class='cmp-image'><img src='/b.jpg' alt=''><span itemprop='caption'>Staff deliver "
        "learning kits. Photo: Jo Lind / Save the Children</span></div>"
    )
    html = f"<html><body>{story(middle=figure)}</body></html>"
    article = extract(html, URL)
    assert (article.body.split("\n"), article.source) == (SENTENCES, None)


def test_a_summary_box_with_its_label_glued_on_is_no_text() -> None:
    box = "<div class='article-summary'><b>摘要</b>法国政府公布餐饮业重启扶持计划。</div>"
    assert (
        body(story().replace("<div class='content'>", f"<div class='content'>{box}")) == SENTENCES
    )


def test_a_perex_box_over_the_text_is_its_first_paragraph() -> None:
    perex = f"<div class='field--name-field-perex'><p><strong>{SENTENCES[0]}</strong></p></div>"
    rest = "".join(f"<p>{sentence}</p>" for sentence in SENTENCES[1:]) * 2
    html = f"<h1>County clears roads</h1>{perex}<div class='field--name-body'>{rest}</div>"
    assert body(html)[0] == SENTENCES[0]


def test_a_photo_tables_caption_with_a_bracketed_provider_is_no_text() -> None:
    caption = "<tr><td>疏運措施示意圖（高速公路局提供）</td></tr>"
    figure = f"<table><tr><td><img src='/a.jpg'></td></tr>{caption}</table>"
    assert body(story(middle=figure)) == SENTENCES


@pytest.mark.parametrize(
    ("closing", "line", "source"),
    [("<strong>WITH PNA</strong>", "WITH PNA", "PNA"), ("FIFA.com", "FIFA.com", "FIFA.com")],
)
def test_an_agency_or_a_web_name_closing_the_text_is_the_source(
    closing: str, line: str, source: str
) -> None:
    article = extract(f"<html><body>{story(end=f'<p>{closing}</p>')}</body></html>", URL)
    assert (article.source, article.credit_lines) == (source, [line])
    assert article.body.split("\n")[-1] == SENTENCES[3]


def test_a_press_office_named_in_a_releases_header_is_no_text() -> None:
    top = "<p>For Immediate Release<br>DHS Press Office<br>Contact: 202-555-0190</p>"
    assert (
        body(story().replace("<div class='content'>", f"<div class='content'>{top}")) == SENTENCES
    )


def test_a_dateline_opening_with_its_date_then_the_place_dates_the_page() -> None:
    html = story().replace("<p>The county", "<p>3 June 2020, Rome – The county")
    article = extract(f"<html><body>{html}</body></html>", "https://www.example.org/news/story/1")
    assert article.published_at == "2020-06-03"


def test_a_players_elapsed_and_total_times_set_into_the_text_go() -> None:
    assert (
        body(story().replace("<div class='content'>", "<div class='content'><p>0:00 / 2:14</p>"))
        == SENTENCES
    )


def test_a_closing_originally_published_note_names_the_wire_unless_it_is_the_site() -> None:
    note = "<p><em>Originally published on ABNewswire</em></p>"
    article = extract(f"<html><body>{story(end=note)}</body></html>", URL)
    assert (article.body.split("\n"), article.source) == (SENTENCES, "ABNewswire")
    assert article.credit_lines == ["Originally published on ABNewswire"]
    own = "<p><em>Originally published on County News.</em></p>"
    title = "<title>County clears roads | County News</title>"
    article = extract(f"<html><head>{title}</head><body>{story(end=own)}</body></html>", URL)
    assert (article.body.split("\n"), article.source) == (
        [*SENTENCES, "Originally published on County News."],
        None,
    )


def test_a_closing_line_of_the_ministers_office_and_its_phone_goes() -> None:
    assert body(story(end="<p>Minister's office - 6552 5000</p>")) == SENTENCES
    figure = "<p>The office - open all night - took 6552 calls.</p>"
    assert body(story(end=figure)) == [*SENTENCES, "The office - open all night - took 6552 calls."]


@pytest.mark.parametrize("bold", ["Jane Roe", "Jane Roe | Thimphu"])
def test_a_name_alone_in_bold_over_the_text_is_its_writer(bold: str) -> None:
    article = extract(
        story().replace(
            "<div class='content'>", f"<div class='content'><p><strong>{bold}</strong></p>"
        ),
        URL,
    )
    assert (article.authors, article.body.split("\n")) == (["Jane Roe"], SENTENCES)


@pytest.mark.parametrize("bold", ["Media Release", "Key Findings"])
def test_a_heading_in_bold_over_the_text_names_no_writer(bold: str) -> None:
    article = extract(
        story().replace(
            "<div class='content'>", f"<div class='content'><p><strong>{bold}</strong></p>"
        ),
        URL,
    )
    assert bold not in article.authors


def test_a_place_outlet_and_writer_line_over_the_text_is_a_byline() -> None:
    lead = "Bishkek - 24.kg news agency, by Jane Roe"
    article = extract(
        story().replace("<div class='content'>", f"<div class='content'><p>{lead}</p>"), URL
    )
    assert (article.authors, article.credit_lines) == (["Jane Roe"], [lead])
    assert article.body.split("\n") == SENTENCES


def test_reporters_named_before_the_day_in_an_opening_are_its_authors() -> None:
    opening = "本报讯 记者方某秋 通讯员齐某 6月2日凌晨，某某铁路局完成了夜间施工，线路恢复运行。"
    html = (
        "<html><body><h1>某某铁路完成施工</h1>"
        f"<div class='content'><p>{opening}</p><p>{opening}</p></div></body></html>"
    )
    assert extract(html, "http://www.example.com/rail/show-1.html").authors == ["方某秋", "齐某"]


def test_a_centred_caption_under_a_picture_closing_on_its_photographer_goes() -> None:
    caption = "<p style='text-align:center'>评价组成员在平台查看画面。（通讯员 邝某远）</p>"
    picture = f"<p style='text-align:center'>{PICTURE}</p>"
    assert body(story(middle=picture + caption)) == SENTENCES
    unpictured = "<p style='text-align:center'>评价组成员在平台查看画面。（通讯员 邝某远）</p>"
    assert "评价组成员在平台查看画面。（通讯员 邝某远）" in body(story(middle=unpictured))


def test_a_releases_deck_over_its_dateline_goes_but_a_sentence_stays() -> None:
    dateline = "SACRAMENTO — " + SENTENCES[0]
    deck = "<p>Settlement returns $11.6 million to borrowers and cancels their balances</p>"
    html = story().replace(f"<p>{SENTENCES[0]}</p>", f"{deck}<p>{dateline}</p>")
    assert body(html) == [dateline, *SENTENCES[1:]]
    lead = "<p>Crews worked through the night on the roads above the town.</p>"
    html = story().replace(f"<p>{SENTENCES[0]}</p>", f"{lead}<p>{dateline}</p>")
    assert body(html)[0] == "Crews worked through the night on the roads above the town."


def test_a_paywalls_subscription_required_heading_ends_the_text() -> None:
    wall = (
        "<h3>Subscription Required</h3><p>This content requires a subscription to one of our "
        "bundles.</p><p>Already a subscriber? Login</p>"
    )
    assert body(story(end=wall)) == SENTENCES


@pytest.mark.parametrize(
    "closing",
    [
        "Follow me on Twitter: @janeroe",
        "For comments and feedback contact: editorial@example.com",
        "The views and opinions expressed herein are the views and opinions of the author and do "
        "not necessarily reflect those of Example, Inc.",
        "Want the latest recommendations from Example Research? Download the free report.",
    ],
)
def test_a_closing_handle_contact_disclaimer_or_promotion_goes(closing: str) -> None:
    assert body(story(end=f"<p>{closing}</p>")) == SENTENCES


def _zh_story(end: str) -> Article:
    paragraphs = "".join(
        f"<p>某某协会近日举办培训活动，来自各地的{i}百余名会员参加，活动持续两天，内容丰富。</p>"
        for i in range(4)
    )
    html = (
        "<html><body><h1>某某协会举办培训</h1>"
        f"<div class='content'>{paragraphs}{end}</div></body></html>"
    )
    return extract(html, URL)


def test_a_reprint_note_or_a_translations_note_closing_the_text_goes() -> None:
    article = _zh_story("<p>本文授權轉載自：某某經營學</p>")
    assert (article.source, article.body.count("\n")) == ("某某經營學", 3)
    assert _zh_story("<p>本文最初发表于2020年6月2日。</p>").body.count("\n") == 3


def test_a_web_editor_in_the_closing_row_is_an_editor() -> None:
    article = _zh_story("<p>记者：石某岚 责编：唐某远 网编：马某溪</p>")
    assert (article.editors, article.responsible_editors) == (["马某溪"], ["唐某远"])


def test_an_offer_or_a_story_status_in_the_text_goes() -> None:
    offer = "<h4>Get unlimited digital access</h4><p>Subscribe now for only $1 for 6 months.</p>"
    assert body(story(middle=offer, end="<p><strong>More to come.</strong></p>")) == SENTENCES


@pytest.mark.parametrize(
    "tail",
    [
        "<h2>Subscribe to read</h2><p>This story is for subscribers. Get unlimited access.</p>",
        "<h3>Get involved with the news in your community</h3><p>Send your stories in.</p>",
    ],
)
def test_a_paywall_or_a_readers_appeal_ends_the_text(tail: str) -> None:
    assert body(story(end=tail)) == SENTENCES


def test_a_label_of_the_texts_parts_and_a_cover_images_notice_go() -> None:
    label = "<p>Article content</p>"
    notice = "<p><em>This article's cover image was used for illustrative purposes only.</em></p>"
    assert body(story(middle=label, end=notice)) == SENTENCES


def test_a_unit_and_its_writer_closing_the_text_are_a_credit() -> None:
    article = _zh_story("<p>（中电联 规划发展部 韩某舟）</p>")
    assert (article.authors, article.body.count("\n")) == (["韩某舟"], 3)
    assert article.credit_lines == ["（中电联 规划发展部 韩某舟）"]


def test_an_intern_who_helped_joins_the_writers() -> None:
    html = _zh_story("<p>（实习生 阮某诺 对本文亦有贡献）</p>")
    assert html.authors == ["阮某诺"]
    bylined = _zh_story("<p>作者：邵某禾</p><p>（实习生 阮某诺 对本文亦有贡献）</p>")
    assert bylined.authors == ["邵某禾", "阮某诺"]


def test_a_papers_link_closing_a_research_story_stays() -> None:
    url = "https://journals.example.org/prl/abstract/10.0000/124.000000"
    closing = _zh_story(f"<p>文章链接：<a href='{url}'>{url}</a></p>")
    assert closing.body.endswith(f"文章链接：{url}")


@pytest.mark.parametrize(
    "tail",
    [
        "<p>Why are you making commenting on The Courier only available to subscribers?</p>",
        "<p><em>* This report appeared in the print and online editions of The Courier and has "
        "been rewritten in English by Jane Roe</em></p>",
    ],
)
def test_a_comments_pitch_or_a_rewriting_note_ends_the_text(tail: str) -> None:
    assert body(story(end=tail)) == SENTENCES


def test_a_promotions_heading_goes_with_its_box_but_a_sub_heading_stays() -> None:
    box = (
        "<div class='subscriber-box'><h4>Get critical information for your business</h4>"
        "<p>This news item is free to read. Subscribers also get project updates.</p></div>"
    )
    assert body(story(middle=box)) == SENTENCES


def test_a_pictures_own_caption_goes_even_as_a_sentence() -> None:
    box = f"<div class='img-box'>{PICTURE}<p class='img-desc'>首钢京唐3号高炉出铁场。</p></div>"
    assert body(story(middle=box)) == SENTENCES


def test_an_underwriters_label_in_the_text_goes() -> None:
    assert body(story(middle="<p>Underwriter Message</p>")) == SENTENCES


def test_the_issue_an_essay_was_selected_from_closes_it_as_a_credit() -> None:
    article = _zh_story("<p>选自《读者》2020年第12期</p>")
    assert (article.body.count("\n"), article.credit_lines) == (3, ["选自《读者》2020年第12期"])


@pytest.mark.parametrize(
    "history",
    [
        "<p>Published 2 June 2020<br>Last updated 3 June 2020 <a href='#h'>+ show all updates</a>"
        "</p><ol><li>3 June 2020 — Corrected the date the roads reopen.</li>"
        "<li>2 June 2020 — First published.</li></ol>",
        "<p>Published 2 June 2020</p><ol><li>2 June 2020 — First published.</li></ol>",
    ],
    ids=["updated", "published"],
)
def test_a_government_pages_publication_history_after_the_text_goes(history: str) -> None:
    """gov.uk prints when a page was published and each update under the text: the dated items
    read like sentences, and they ended the body."""
    lines = body(story(end=f"<div class='published-dates'>{history}</div>"))
    assert lines == SENTENCES


def test_a_sentence_opening_with_published_and_a_date_stays() -> None:
    said = "Published 2 June 2020, the county's report counts forty roads closed by the storm."
    assert body(story(end=f"<p>{said}</p>"))[-1] == said


def test_a_trainee_editors_label_leaks_into_no_name() -> None:
    """见习编辑 and 实习编辑 are editors of the text (as 见习记者 is a writer): their label ends
    the responsible editor's value before them."""
    for trainee in ("见习编辑", "实习编辑"):
        article = _zh_story_ending(f"（责任编辑：钱某桐 {trainee}：顾某帆）")
        assert article.responsible_editors == ["钱某桐"]
        assert article.editors == ["顾某帆"]
        assert article.body.split("\n") == ZH_STORY


def test_a_photographers_reporter_title_after_the_picture_label_names_no_writer() -> None:
    """In "图/记者 乙", 记者 is the photographer's title under 图, not a new writer's label."""
    for byline, authors in (
        ("文/记者 顾某帆 图/记者 钱某桐", ["顾某帆"]),
        ("记者 顾某帆 摄影 记者 钱某桐", ["顾某帆"]),
        ("摄影： 作者：顾某帆", ["顾某帆"]),  # an empty field, then the writer's
    ):
        text = "".join(f"<p>{line}</p>" for line in ZH_STORY)
        html = (
            "<html><body><h1>梁溪河步道</h1><div class='content'>"
            f"<p>{byline}</p>{text}</div></body></html>"
        )
        article = extract(html, "https://www.example.com/doc/2020/06/03/61837.shtml")
        assert article.authors == authors, byline
        assert article.body.split("\n") == ZH_STORY


def test_a_note_of_where_the_text_was_copied_from_is_its_source() -> None:
    """A portal's "本文转自：某报" or "本文转自【某报】；" over or under the text it copied."""
    text = "".join(f"<p>{line}</p>" for line in ZH_STORY)
    for top, bottom, credit in (
        ("本文转自：某江晚报", "", "本文转自：某江晚报"),
        ("本文转自【某江晚报】；", "", "本文转自【某江晚报】；"),
        ("", "文章转自【某江晚报】", "文章转自【某江晚报】"),
    ):
        html = (
            "<html><body><h1>梁溪河步道</h1><div class='content'>"
            + (f"<p>{top}</p>" if top else "")
            + text
            + (f"<p>{bottom}</p>" if bottom else "")
            + "</div></body></html>"
        )
        article = extract(html, "https://www.example.com/doc/2020/06/03/61837.shtml")
        assert article.source == "某江晚报", credit
        assert article.credit_lines == [credit]
        assert article.body.split("\n") == ZH_STORY


def test_an_original_headline_glued_to_the_last_sentence_is_cut() -> None:
    """The original headline "（原标题：…）" glued to the text's end goes, as on its own line; a
    bracket naming no original headline stays."""
    article = _zh_story_ending("（原标题：梁溪河步道一期贯通）")
    assert article.body.split("\n") == ZH_STORY
    assert article.credit_lines == []
    inside = "（标题：梁溪河步道一期贯通）"
    assert _zh_story_ending(inside).body.split("\n")[-1] == ZH_STORY[-1] + inside


def test_a_trainees_bracketed_rank_after_an_editors_name_is_no_name() -> None:
    """ "责任编辑：甲(实习生)": the rank goes, and its 实习生 labels nothing."""
    for line in ("【责任编辑：钱某桐(实习生)】", "责任编辑：钱某桐（实习）"):
        article = _zh_story_ending(f"</p><p>{line}")
        assert article.responsible_editors == ["钱某桐"], line
        assert article.body.split("\n") == ZH_STORY


def test_a_bare_further_information_label_ends_a_release() -> None:
    contacts = (
        "<p><b>For further information:</b><br>Nadia Osei, CEO<br>Phone: 416-555-0148<br>"
        "Email: investors@example.com</p>"
    )
    assert body(story(end=contacts))[-1] == SENTENCES[3]


def test_a_contact_label_above_a_release_takes_its_name_and_number_with_it() -> None:
    contact = (
        "<p><strong>CONTACT:</strong><br>Emily Sandoval, Press Secretary<br>(555) 555-0162<br>"
        "emily.sandoval@example.gov</p>"
    )
    page = story().replace("<div class='content'>", f"<div class='content'>{contact}", 1)
    assert body(page)[0] == SENTENCES[0]


def test_short_lines_under_a_contact_label_with_no_number_stay() -> None:
    lines = "<p>Contact:</p><p>Highlights</p><p>Roads reopened</p>"
    page = story().replace("<div class='content'>", f"<div class='content'>{lines}", 1)
    assert body(page)[:2] == ["Highlights", "Roads reopened"]


def test_the_issuers_paragraph_after_the_end_mark_its_name_in_bold_stays() -> None:
    about = (
        "<strong>The Acme Relief Agency</strong> is the largest humanitarian organization in the "
        "region, saving lives in emergencies."
    )
    end = f"<p># # #</p><p>{about}</p><p>Follow us on Twitter @acme</p>"
    assert body(story(end=end))[-2:] == [
        SENTENCES[3],
        "The Acme Relief Agency is the largest humanitarian organization in the region, saving "
        "lives in emergencies.",
    ]
    plain = end.replace("<strong>", "").replace("</strong>", "")
    assert body(story(end=plain))[-1] == SENTENCES[3]


def test_an_unlabelled_contact_card_closing_a_release_goes() -> None:
    card = "<p>Jane Roe<br>Acme Corp<br>+1 512-555-0100<br><a href='/c/1'>email us here</a></p>"
    assert body(story(end=card))[-1] == SENTENCES[3]
    rows = "<p>Route 9 reopened at noon<br>Route 12 reopens on Friday</p>"
    assert body(story(end=rows))[-2:] == ["Route 9 reopened at noon", "Route 12 reopens on Friday"]
