"""`pressbot.extract` as a Python caller meets it: a bad page gives a record that says why
(never an exception), but a caller's mistake (a value of the wrong type, a URL that is no URL)
is an exception that names the argument, not a page_type "error" record whose warning quotes an
AttributeError from inside extraction. `pressbot parse` refuses such a URL as bad usage."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pressbot import extract
from pressbot.schema import record_errors

ROOT = Path(__file__).resolve().parent.parent
PAGE = (
    "<html lang='en'><head><title>Harbour plan</title></head><body><article>"
    "<h1>Harbour plan approved</h1><p>The harbour board approved a two-phase expansion plan on "
    "Monday, setting aside land north of the old pier for container storage and a rail spur.</p>"
    "<p>Phase one will dredge the approach channel to fourteen metres so that larger vessels can "
    "call without waiting for high tide, the board's chair told reporters.</p></article></body>"
    "</html>"
)
URL = "https://www.example.com/news/harbour-plan.html"


@pytest.mark.parametrize("html", [None, 42, bytearray(PAGE.encode()), ["<p>a</p>"]])
def test_html_of_another_type_is_a_type_error_naming_it(html: object) -> None:
    with pytest.raises(TypeError, match=r"html must be str or bytes, not \w+"):
        extract(html, URL)  # type: ignore[arg-type]


def test_headers_that_are_no_mapping_are_a_type_error() -> None:
    with pytest.raises(TypeError, match="headers must be a mapping"):
        extract(PAGE.encode(), URL, headers=[("Content-Type", "text/html")])  # type: ignore[arg-type]


@pytest.mark.parametrize("url", ["http://[::1/news.html", "http://example.com:99999/a.html"])
def test_a_url_that_is_no_url_is_a_value_error_naming_it(url: str) -> None:
    with pytest.raises(ValueError, match=r"url '.*' is no URL: "):
        extract(PAGE, url)


def test_an_empty_url_is_no_url() -> None:
    """The schema has no empty URL: "" is taken as no URL, and the record stays valid."""
    article = extract(PAGE, "")
    assert article.is_article
    assert (article.url, article.canonical_url) == (None, None)
    assert not list(record_errors(article.to_dict()))


def _parse(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pressbot.cli", "parse", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("url", ["harbour-plan.html", "www.example.com/a.html", "http://[::1/a"])
def test_parse_refuses_a_url_option_that_is_no_absolute_url(tmp_path: Path, url: str) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    done = _parse(page, "--url", url)
    assert done.returncode == 2, done.stderr
    assert "--url" in done.stderr and "no absolute URL" in done.stderr
    assert done.stdout == ""


def test_parse_reports_an_info_json_whose_url_is_no_absolute_url(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    (folder / "body.html").write_text(PAGE, encoding="utf-8")
    (folder / "info.json").write_text(json.dumps({"url": "news/harbour-plan.html"}), "utf-8")
    errors = tmp_path / "errors.jsonl"
    done = _parse(folder, "--errors", errors)
    assert done.returncode == 1
    assert done.stdout == "", "a record with a relative URL was published"
    [problem] = [json.loads(line) for line in errors.read_text("utf-8").splitlines()]
    assert problem["reason"] == "bad_info_json"
    assert "no absolute URL" in problem["detail"]
