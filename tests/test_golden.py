"""Golden fixtures: every page in fixtures/<site>/<case>/ against its hand-written expected.json.

A failure names the case and the field. Fixture bytes are raw as served (GBK stays GBK).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pressbot import extract
from pressbot.schema import record_errors

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = sorted(p.parent for p in FIXTURES.glob("*/*/expected.json"))
DEMO = FIXTURES / "demo"
DEMO_CASES = sorted((DEMO / "expected").glob("*.json"))


def load_case(case: Path) -> tuple[bytes, dict[str, Any], dict[str, Any]]:
    info = json.loads((case / "info.json").read_text(encoding="utf-8"))
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    return (case / "body.html").read_bytes(), info, expected


def test_fixtures_exist() -> None:
    assert len(CASES) >= 13


def assert_matches(case: str, record: dict[str, Any], expected: dict[str, Any]) -> None:
    mismatches = [
        f"{key}:\n  expected {value!r}\n  got      {record[key]!r}"
        for key, value in expected.items()
        if key not in ("note", "url_path", "unchecked") and record[key] != value
    ]
    assert not mismatches, f"{case}:\n" + "\n".join(mismatches)
    assert not list(record_errors(record)), f"{case}: {list(record_errors(record))}"


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden(case: Path) -> None:
    data, info, expected = load_case(case)
    article = extract(data, info["url"], headers=info.get("headers"), raise_errors=True)
    assert "\ufffd" not in article.body, f"{case}: a replacement character (wrong charset?)"
    if expected.get("article") is False:
        assert not article.is_article, f"{case}: a {expected.get('reason')} page gave a record"
        return
    assert article.is_article, f"{case}: no record ({article.extraction})"
    assert_matches(str(case), article.to_dict(), expected)


def test_demo_has_articles() -> None:
    assert len(DEMO_CASES) >= 10


@pytest.mark.parametrize("gold", DEMO_CASES, ids=lambda p: p.stem)
def test_demo_golden(gold: Path) -> None:
    """The demo site's pages parsed offline with the demo site config."""
    expected = json.loads(gold.read_text(encoding="utf-8"))
    page = DEMO / "site" / expected["url_path"]
    article = extract(page.read_bytes(), page.as_uri(), site="demo", raise_errors=True)
    assert article.is_article, f"{gold.stem}: no record ({article.extraction})"
    assert_matches(gold.stem, article.to_dict(), expected)
