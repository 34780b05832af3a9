"""Client-rendered pages: the article a page carries only as data in a script is read from
there, and only when the served HTML holds no article."""

from __future__ import annotations

import json

from pressbot import extract

URL = "https://www.example.cn/detail/index.html?id=1358"
TEXT = "基层是国家治理的最末梢，也是服务群众的最前沿。" * 12


def shell(data: dict[str, object], visible: str = "<div id='root'>正在加载…</div>") -> str:
    return (
        "<html><head><title>某平台</title></head><body>"
        f"{visible}<script>var cache = window.cache || {{}};\n"
        f"cache['1358'] = {json.dumps(data, ensure_ascii=False)};\nrender(cache['1358']);"
        "</script></body></html>"
    )


ARTICLE = {
    "title": "以微治理激活基层治理新动能",
    "show_source": "某某日报",
    "source": "mmrb",
    "publish_time": "2020-06-03 05:02:37",
    "content": f"<p>{TEXT}</p><p>{TEXT}</p>"
    "<p style='text-align:right'>（作者：钟某，系某大学教授）</p>",
    "editors": ["邵某"],
}


def test_a_shell_page_gives_the_article_of_its_script_data() -> None:
    article = extract(shell(ARTICLE), URL)
    assert article.is_article
    assert (article.title, article.source, article.published_at) == (
        "以微治理激活基层治理新动能",
        "某某日报",  # the name shown, not the internal code "mmrb"
        "2020-06-03T05:02:37+08:00",
    )
    assert article.body == f"{TEXT}\n{TEXT}"
    assert (article.authors, article.editors) == (["钟某"], ["邵某"])
    assert article.extraction.methods["body"] == "script-data"


def test_a_page_whose_html_holds_the_article_keeps_it() -> None:
    visible = f"<h1>页面上的标题</h1><div class='article'><p>{TEXT}</p><p>{TEXT}</p></div>"
    article = extract(shell(ARTICLE, visible), URL)
    assert article.title == "页面上的标题"
    assert article.extraction.methods["body"] == "generic"


def test_script_data_without_an_article_gives_no_record() -> None:
    assert not extract(shell({**ARTICLE, "content": "<p>太短。</p>"}), URL).is_article
    assert not extract(shell({"items": [1, 2, 3], "content": TEXT}), URL).is_article
