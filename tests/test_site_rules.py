"""Site rules: selectors in a site config override generic extraction, field by field."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressbot import extract
from pressbot.sites import SiteConfig, load_site_file

ROOT = Path(__file__).resolve().parent.parent

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


def rules(tmp_path: Path, **selectors: str) -> SiteConfig:
    lines = "".join(f"{field} = {selector!r}\n" for field, selector in selectors.items())
    config = tmp_path / "rules.toml"
    config.write_text(f"[selectors]\n{lines}", encoding="utf-8")
    return load_site_file(config)


def test_exslt_prefixes_work_as_in_parsel(tmp_path: Path) -> None:
    """`re:` loaded, then failed on every page ("Undefined namespace prefix")."""
    site = rules(
        tmp_path,
        title="//span[re:test(@class, '^real-')]",
        responsible_editors="//span[set:has-same-node(., //div[@class='meta']/*)]",
    )
    ruled = extract(PAGE, "http://example.cn/a.html", site=site, raise_errors=True)
    assert ruled.title == "真正的标题"
    assert ruled.responsible_editors == ["王五"]


def test_a_selector_failing_on_a_page_leaves_the_field_to_generic_extraction() -> None:
    """A config built in code is not checked by the loader; its XPath failing on the page made
    the page an `error` (every article dropped, the run still "healthy")."""
    site = SiteConfig(name="rules", selectors={"title": "//h1[$x]", "source": "div.release-meta"})
    generic = extract(DEMO.read_bytes(), DEMO_URL, raise_errors=True)
    ruled = extract(DEMO.read_bytes(), DEMO_URL, site=site, raise_errors=True)
    assert ruled.extraction.page_type == generic.extraction.page_type == "article"
    assert (ruled.title, ruled.body) == (generic.title, generic.body)
    assert ruled.extraction.methods["title"] == generic.extraction.methods["title"]
    assert ruled.extraction.methods["source"] == "site"  # the other selectors still apply
    assert ruled.extraction.warnings == [
        "title: the site's selector failed (Undefined variable); generic value kept"
    ]


DATED = """<html><head><title>Generic title - Site</title>
<meta name="pubdate" content="2021-03-04 08:15">
</head><body>
<h1>City opens new <b>riverside</b> park after three years of work</h1>
<div class="date" data-ts="2021-03-04T08:15:00+01:00">Published 5 hours ago</div>
<div id="story">
<p>The city council opened the new riverside park on Saturday, after three years of work.</p>
<p>The park covers forty hectares along the river and includes playgrounds and cafes.</p>
</div></body></html>"""


@pytest.mark.parametrize(
    ("selectors", "title"),
    [
        ({"published_at": "//div[@class='date']/@data-ts"}, None),
        ({"title": "//h1/text()"}, "City opens new park after three years of work"),
        ({"title": "(string(//h1))"}, "City opens new riverside park after three years of work"),
    ],
)
def test_xpath_selecting_attributes_or_text(
    tmp_path: Path, selectors: dict[str, str], title: str | None
) -> None:
    """Only elements were kept: `@data-ts` was ignored, and the metadata's time on the wrong
    clock published (08:15+08:00, not 08:15+01:00), with no warning."""
    site = rules(tmp_path, **selectors)
    ruled = extract(DATED, "http://example.org/news/park.html", site=site, raise_errors=True)
    field = next(iter(selectors))
    assert ruled.extraction.methods[field] == "site"
    if title is None:
        assert ruled.published_at == "2021-03-04T08:15:00+01:00"
    else:
        assert ruled.title == title


DEMO = ROOT / "fixtures/demo/site/news/2020/06/article-01.html"
DEMO_URL = "http://127.0.0.1/news/2020/06/article-01.html"


@pytest.mark.parametrize(
    ("field", "selector", "value"),
    [
        ("responsible_editors", "div.release-credit", ["周宁"]),
        ("editors", "div.release-credit", ["林晓"]),
        ("source", "div.release-meta", "港城市人力资源和社会保障局"),
    ],
)
def test_a_credit_selector_including_its_label_reads_it_with_the_credit_grammar(
    tmp_path: Path, field: str, selector: str, value: list[str] | str
) -> None:
    """Labelled parts were dropped as names (`[]`, wiping out the generic value) and the
    source kept the whole row, "发布时间：2020-06-12 09:30 来源：…"."""
    ruled = extract(DEMO.read_bytes(), DEMO_URL, site=rules(tmp_path, **{field: selector}))
    assert getattr(ruled, field) == value
    assert ruled.extraction.methods[field] == "site"
    assert ruled.extraction.warnings == []


def test_an_english_byline_selector_keeps_the_name_after_by(tmp_path: Path) -> None:
    page = PAGE.replace("<h1>", '<div class="by">By Jane Roe</div><h1>')
    ruled = extract(page, "http://example.cn/a.html", site=rules(tmp_path, authors="div.by"))
    assert ruled.authors == ["Jane Roe"]


def test_a_selector_matching_nothing_usable_keeps_the_generic_value(tmp_path: Path) -> None:
    """The date row names no editor: the override gave `[]`, replacing the generic editor; an
    element without text made the title empty."""
    generic = extract(DEMO.read_bytes(), DEMO_URL)
    site = rules(tmp_path, editors="div.release-meta", title="meta[charset]")
    ruled = extract(DEMO.read_bytes(), DEMO_URL, site=site)
    assert (ruled.editors, ruled.title) == (generic.editors, generic.title)
    assert ruled.editors == ["林晓"]
    assert ruled.extraction.methods["title"] == generic.extraction.methods["title"]
    assert ruled.extraction.methods.get("editors") is None
    assert ruled.extraction.warnings == [
        f"{field}: the site's selector matched nothing usable; generic value kept"
        for field in ("title", "editors")
    ]
