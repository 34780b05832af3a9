"""The atomic feed storage: a feed is visible under its final name only once complete."""

from __future__ import annotations

import json
from pathlib import Path

from scrapy.exporters import JsonLinesItemExporter

from pipelines.feeds import AtomicFileFeedStorage, new_run_id, run_date
from pressbot.items import Article


def test_writes_part_then_renames_on_store(tmp_path: Path) -> None:
    final = tmp_path / "out" / "demo" / "2026-11-29" / "demo-run.jsonl"
    storage = AtomicFileFeedStorage(str(final))
    assert not final.parent.exists(), "building the storage must not touch the disk"

    file = storage.open(spider=None)
    file.write(b'{"a": 1}\n')
    part = final.with_name(final.name + ".part")
    assert part.exists()
    assert not final.exists(), "the final name must not appear before the feed is complete"

    storage.store(file)
    assert file.closed
    assert not part.exists()
    assert final.read_bytes() == b'{"a": 1}\n'


def test_failure_before_close_leaves_no_final_file(tmp_path: Path) -> None:
    final = tmp_path / "feed.jsonl"
    storage = AtomicFileFeedStorage(str(final))
    file = storage.open(spider=None)
    file.write(b'{"complete": true}\n{"torn": ')
    file.close()  # the process dies here: store() never runs

    assert not final.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["feed.jsonl.part"]


def test_file_uri(tmp_path: Path) -> None:
    final = tmp_path / "dir with space" / "feed.jsonl"
    storage = AtomicFileFeedStorage(final.as_uri())
    file = storage.open(spider=None)
    storage.store(file)
    assert final.exists()
    assert final.read_bytes() == b""


def test_exported_lines_are_utf8_in_schema_order(tmp_path: Path) -> None:
    """What the feed settings ask of Scrapy's exporter: raw UTF-8, keys in schema order."""
    final = tmp_path / "feed.jsonl"
    storage = AtomicFileFeedStorage(str(final))
    file = storage.open(spider=None)
    exporter = JsonLinesItemExporter(file, encoding="utf-8", fields_to_export=Article.field_names())
    exporter.start_exporting()
    exporter.export_item(Article(url="http://127.0.0.1/a.html", title="新闻发布会", body="正文"))
    exporter.finish_exporting()
    storage.store(file)

    raw = final.read_bytes()
    assert "新闻发布会".encode() in raw
    assert b"\\u" not in raw
    record = json.loads(raw)
    assert list(record) == Article.field_names()
    assert record["extraction"]["page_type"] == "article"


def test_run_ids_sort_by_time_and_name_their_date() -> None:
    run = new_run_id()
    assert run_date(run) == f"{run[:4]}-{run[4:6]}-{run[6:8]}"


def test_a_feed_without_overwrite_appends_to_the_file_there(tmp_path: Path) -> None:
    """`scrapy crawl -o FILE` appends (Scrapy's `overwrite` false, its default for files);
    the storage replaced the file, and the records of earlier runs were gone for good. The
    append stays atomic: the file changes only when the new records are all written."""
    final = tmp_path / "items.jsonl"
    final.write_bytes(b'{"a": 1}\n{"a": 2}')  # a last line without its newline, too
    storage = AtomicFileFeedStorage(str(final), feed_options={"format": "jsonlines"})
    file = storage.open(spider=None)
    file.write(b'{"a": 3}\n')
    assert final.read_bytes() == b'{"a": 1}\n{"a": 2}', "unchanged until the feed is complete"
    storage.store(file)
    assert final.read_bytes() == b'{"a": 1}\n{"a": 2}\n{"a": 3}\n'

    overwrite = AtomicFileFeedStorage(str(final), feed_options={"overwrite": True})
    file = overwrite.open(spider=None)
    file.write(b'{"a": 4}\n')
    overwrite.store(file)
    assert final.read_bytes() == b'{"a": 4}\n', "-O replaces it"
