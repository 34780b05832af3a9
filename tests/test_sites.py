"""Site configs are data, checked once at load: every bad key or value names the file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from pressbot.cli import main
from pressbot.plan import CrawlArgumentError, CrawlPlan
from pressbot.sites import SiteConfigError, load_site, load_site_file, site_paths


def write(tmp_path: Path, text: str, name: str = "example") -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_demo_loads() -> None:
    demo = load_site("demo")
    assert demo.name == "demo"
    assert demo.start_urls == ("index.html",)
    assert str(demo.tz) == "Asia/Shanghai"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('nmae = "x"', "nmae"),
        ('article_allow = ["(unclosed"]', "article_allow"),
        ('start_urls = "http://x/"', "start_urls"),
        ('timezone = "Mars/Olympus"', "timezone"),
        ("max_pages = 0", "max_pages"),
        ('next_page = "a[[["', "next_page"),
        ('[selectors]\ntitle = "//h1[("', "selectors.title"),
        ('[selectors]\nheadline = "h1"', "selectors.headline"),
        ("[selectors]\ntitle = \"//h1[zz:test(., 'x')]\"", "selectors.title"),
        ('[selectors]\ntitle = "//h1[$x]"', "selectors.title"),
        ('[selectors]\ntitle = "//h1[foo(.)]"', "selectors.title"),
        ('[selectors]\ntitle = "(count(//h1))"', "selectors.title"),
        ('[selectors]\ntitle = "h1::text"', "selectors.title"),
        ('name = "Bad Name"', "name"),
        ('name = "other"', "name"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SiteConfigError) as info:
        load_site_file(path)
    assert str(path) in str(info.value)
    assert f"key '{key}'" in str(info.value)


@pytest.mark.parametrize(
    ("selector", "why"),
    [
        ("//h1[zz:test(., 'x')]", "unknown namespace prefix 'zz' (known: re, set, xml)"),
        ("//h1[$x]", "XPath variable $x is never set"),
        ("//h1[foo(.)]", "unknown XPath function foo()"),
        ("//h1[re:tset(., 'x')]", "unknown XPath function re:tset()"),
        ("(count(//h1))", "selects a number, not elements, attributes or text"),
        ("h1::text", "CSS pseudo-elements (::text, ::attr()) are not supported"),
    ],
)
def test_a_field_selector_that_would_fail_on_a_page_is_refused_at_load(
    tmp_path: Path, selector: str, why: str
) -> None:
    """These compiled, then failed on every page in the crawl, making each an `error` drop
    (the prefix, variable and function in a predicate that the loader never evaluated)."""
    path = write(tmp_path, f"[selectors]\ntitle = {selector!r}")
    with pytest.raises(SiteConfigError) as info:
        load_site_file(path)
    assert str(info.value).startswith(f"{path}: key 'selectors.title': bad selector ")
    assert why in str(info.value)


LINK_PROBLEMS = [
    ("//a[foo()]", "unknown XPath function foo()"),
    ("//a[$next]", "XPath variable $next is never set"),
    ("//a[zz:test(@href, 'p')]", "unknown namespace prefix 'zz'"),
    ("(count(//a))", "selects a number"),
    ("//a[@rel='next']/@href", "selects attributes or text, not links"),
    ("(//div[@class='pager']//a)[last()]/text()", "selects attributes or text, not links"),
    ("//a/@href | //link[@rel='next']", "selects attributes or text, not links"),
    ("//a/attribute::href", "selects attributes or text, not links"),
    ("a.next::attr(href)", "select the link"),
    ("a.next::text", "select the link"),
    ("a:no-such-state", "no-such-state"),
]


@pytest.mark.parametrize("key", ["next_page", "article_next_page"])
@pytest.mark.parametrize(("selector", "why"), LINK_PROBLEMS)
def test_a_link_selector_that_finds_no_link_is_refused_at_load(
    tmp_path: Path, key: str, selector: str, why: str
) -> None:
    """These loaded, then raised on every listing page (an unknown function, prefix or variable)
    or found no link on any (`discovery.hrefs` reads links from elements, so an attribute or
    text result gave none): pagination stopped at page 1 with no word why."""
    path = write(tmp_path, f"{key} = {selector!r}")
    with pytest.raises(SiteConfigError) as info:
        load_site_file(path)
    assert str(info.value).startswith(f"{path}: key '{key}': bad selector ")
    assert why in str(info.value)


@pytest.mark.parametrize(
    "selector",
    [
        "//a[re:test(@href, 'index_[0-9]+')]",
        "(//div[@class='pager']//a)[last()]",
        "//a[@rel='next'] | //a[text()='Next']",
        "//div[@class='pager']",
        "//a[contains(@href, '/@') or @title='text()']",
        "div.pager a.next",
    ],
)
def test_link_selectors_that_pick_elements_load(tmp_path: Path, selector: str) -> None:
    assert load_site_file(write(tmp_path, f"next_page = {selector!r}")).next_page == selector


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "name = ")
    with pytest.raises(SiteConfigError, match=r"example\.toml: cannot read site config"):
        load_site_file(path)


def test_user_folder_overrides_bundled_and_unknown_site_lists_known(tmp_path: Path) -> None:
    write(tmp_path, 'name = "demo"\ntimezone = "Europe/Berlin"', name="demo")
    assert site_paths((tmp_path,))["demo"].parent == tmp_path
    assert str(load_site("demo", (tmp_path,)).tz) == "Europe/Berlin"
    with pytest.raises(SiteConfigError, match=r"no site config named 'nope' \(known: .*demo"):
        load_site("nope", (tmp_path,))


def test_a_config_named_unlike_its_file_is_broken_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`sites` listed mismatch.toml as `other`, which `check-site other` could not find, while
    a crawl of `site=mismatch` wrote its feeds under output/other/."""
    path = write(tmp_path, 'name = "other"\nstart_urls = ["https://example.org/"]', "mismatch")
    with pytest.raises(SiteConfigError, match=r"'other' must be the file name.*'mismatch'"):
        load_site("mismatch", (tmp_path,))
    assert main(["sites", "--sites-dir", str(tmp_path)]) == 1
    assert f"mismatch             BROKEN: {path}: key 'name'" in capsys.readouterr().out


def test_sites_flags_what_the_crawl_refuses_at_its_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both were listed as usable ("no start points", or as fine) while a crawl refused them."""
    nostart = write(tmp_path, "start_urls = []", "nostart")
    noroot = write(tmp_path, 'start_urls = ["index.html"]\nlocal_root = "/nonexistent"', "noroot")
    write(tmp_path, 'feeds = ["https://example.org/rss.xml"]', "fine")
    assert main(["sites", "--sites-dir", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "fine                 1 feed(s); any language" in out
    assert f"noroot               BROKEN: {noroot}: key 'local_root': " in out
    assert (
        f"nostart              BROKEN: {nostart}: site 'nostart' has no start_urls, sitemaps or"
        " feeds: add one\n" in out
    )


def test_no_start_points_advice_fits_the_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """check-site was told to "pass -a start_url=URL", an option only the crawl has."""
    write(tmp_path, "start_urls = []", "nostart")
    assert main(["check-site", "nostart", "--sites-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "add one, or pass --base-url URL" in err and "-a start_url" not in err
    with pytest.raises(CrawlArgumentError, match=r"add one, or pass -a start_url=URL$"):
        CrawlPlan.build(site="nostart", sites_dirs=(tmp_path,))
