"""Site rules: selectors in a site config override generic extraction, field by field."""

from __future__ import annotations

from pathlib import Path

from pressbot import extract
from pressbot.sites import load_site_file

DECOY = "<p>这是页面上另一段很长的文字，通用提取会把它当作正文，因为它有很多标点，很多字。</p>"
PAGE = f"""<html><head><title>Wrong title - Site</title></head><body>
<h1>Wrong title</h1>
<div class="lead">{DECOY}{DECOY}</div>
<div id="story"><p>真正的正文只有这一段，它比较短，但网站配置指明了它。</p></div>
<span class="real-title">真正的标题</span>
<div class="meta">值班主任 <span class="duty">王五</span> | 时间 2020年6月2日 10:31</div>
</body></html>"""


def test_selectors_override_generic_fields(tmp_path: Path) -> None:
    config = tmp_path / "rules.toml"
    config.write_text(
        '[selectors]\ntitle = "span.real-title"\nbody = "#story"\n'
        "responsible_editors = \"//span[@class='duty']\"\n"
        'published_at = "div.meta"\n',
        encoding="utf-8",
    )
    site = load_site_file(config)
    generic = extract(PAGE, "http://example.cn/a.html", raise_errors=True)
    ruled = extract(PAGE, "http://example.cn/a.html", site=site, raise_errors=True)
    assert generic.title == "Wrong title"
    assert ruled.title == "真正的标题"
    assert ruled.body == "真正的正文只有这一段，它比较短，但网站配置指明了它。"
    assert ruled.published_at == "2020-06-02T10:31+08:00"
    assert generic.responsible_editors == []
    assert ruled.responsible_editors == ["王五"]
    assert ruled.extraction.methods["title"] == "site"
    assert ruled.extraction.methods["body"] == "site"
    assert ruled.site == "rules"
