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


def load_case(case: Path) -> tuple[bytes, dict[str, Any], dict[str, Any]]:
    info = json.loads((case / "info.json").read_text(encoding="utf-8"))
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    return (case / "body.html").read_bytes(), info, expected


def test_fixtures_exist() -> None:
    assert len(CASES) >= 13


def test_fixture_pages_hold_no_replacement_characters() -> None:
    for case in CASES:
        data, info, _ = load_case(case)
        article = extract(data, info["url"], headers=info.get("headers"), raise_errors=True)
        assert "\ufffd" not in article.body, case.name


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_golden(case: Path) -> None:
    data, info, expected = load_case(case)
    article = extract(data, info["url"], headers=info.get("headers"), raise_errors=True)
    if expected.get("article") is False:
        assert not article.is_article, f"{case}: a {expected.get('reason')} page gave a record"
        return
    assert article.is_article, f"{case}: no record ({article.extraction})"
    record = article.to_dict()
    mismatches = [
        f"{key}:\n  expected {value!r}\n  got      {record[key]!r}"
        for key, value in expected.items()
        if key != "note" and record[key] != value
    ]
    assert not mismatches, f"{case}:\n" + "\n".join(mismatches)
    assert not list(record_errors(record)), f"{case}: {list(record_errors(record))}"
