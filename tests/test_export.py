"""The feed exporter writes exactly the bytes Scrapy's own JSON-lines exporter writes."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from scrapy.exporters import JsonLinesItemExporter

from pipelines.export import RecordExporter
from pressbot import extract
from pressbot.items import Article

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures/seed/ministry-rumors/body.html"


def _article() -> Article:
    article = extract(FIXTURE.read_bytes(), "http://www.example.cn/202006/t20200602_1.html")
    article.fetched_at = "2026-11-29T10:00:00+00:00"
    article.authors, article.editors = ["王小明", 'Jo "JJ" Smith'], ["李华"]
    article.extraction.warnings.append("title: a doubt\nover two lines")
    return article


@dataclass
class Other:
    url: str = "http://x/"
    extraction: dict[str, str] | None = None


def _lines(exporter_class: type[JsonLinesItemExporter], items: list[Any], **options: Any) -> bytes:
    out = io.BytesIO()
    exporter = exporter_class(out, **options)
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    return out.getvalue()


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"encoding": "utf-8"},
        {"encoding": "utf-8", "fields_to_export": Article.field_names()},
        {"fields_to_export": ["title", "nope", "url"]},
        {"fields_to_export": ["title", "nope"], "export_empty_fields": True},
        {"fields_to_export": {"title": "headline", "body": "text", "nope": "x"}},
        {"encoding": "utf-8", "indent": 2},
    ],
    ids=["default", "utf-8", "all fields", "some", "empty fields", "renamed", "indent"],
)
def test_same_bytes_as_scrapys_exporter(options: dict[str, Any]) -> None:
    items = [_article(), Article(url="http://x/a", body="正文"), Other()]
    assert _lines(RecordExporter, items, **options) == _lines(
        JsonLinesItemExporter, items, **options
    )
