"""The record check: a compiled fast path that must never accept what the schema rejects."""

from __future__ import annotations

import copy
import dataclasses
import subprocess
import sys
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest

from pressbot import extract
from pressbot.items import Article
from pressbot.schema import _fast_check, record_errors

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures/seed/ministry-rumors/body.html"


def _record() -> dict[str, Any]:
    article = extract(FIXTURE.read_bytes(), "http://www.example.cn/202006/t20200602_1.html")
    article.fetched_at = "2026-11-29T10:00:00+00:00"
    return article.to_dict()


def _set(path: str, value: Any) -> Any:
    def mutate(record: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        target = record
        for key in parents:
            target = target[key]
        target[last] = value

    return mutate


def _drop(key: str) -> Any:
    return lambda record: record.pop(key)


MUTATIONS = {
    "schema version": _set("schema", "pressbot.article/2"),
    "url type": _set("url", 5),
    "empty url": _set("url", ""),
    "site name": _set("site", "Bad Site"),
    "language tag": _set("language", "chinese!"),
    "empty title": _set("title", ""),
    "body missing": _drop("body"),
    "empty body": _set("body", ""),
    "body type": _set("body", ["text"]),
    "published_at shape": _set("published_at", "2020/06/02"),
    "published_at zone-less time": _set("published_at", "2020-06-02T10:31"),
    "author padded": _set("authors", [" 王小明"]),
    "author empty": _set("authors", [""]),
    "editors type": _set("editors", "王小明"),
    "empty credit line": _set("credit_lines", [""]),
    "fetched_at not a time": _set("fetched_at", "yesterday"),
    "content_hash case": _set("content_hash", "A" * 64),
    "simhash length": _set("simhash", "abc"),
    "extra field": _set("comment", "x"),
    "extra extraction field": _set("extraction/score", 1),
    "page_type": _set("extraction/page_type", "listing"),
    "method type": _set("extraction/methods/title", 3),
    "warnings type": _set("extraction/warnings", [1]),
    "extraction missing": _drop("extraction"),
    # The schema's patterns are ECMA-262's, whose `$` is the end of the string; Python's `$`
    # also matches before a final newline.
    "site with a final newline": _set("site", "demo\n"),
    "published_at with a final newline": _set("published_at", "2020-06-02\n"),
    "content_hash with a final newline": _set("content_hash", "a" * 64 + "\n"),
    "author with a final newline": _set("authors", ["王小明\n"]),
    # RFC 3339 date-times, as `jsonschema`'s format check reads them
    "fetched_at offset without colon": _set("fetched_at", "2026-11-29T10:00:00+0000"),
    "fetched_at second 60": _set("fetched_at", "2026-11-29T00:00:60+00:00"),
}


def test_a_real_record_passes_both_checks() -> None:
    record = _record()
    _fast_check()(record)
    assert list(record_errors(record)) == []


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_every_breach_is_reported_and_the_fast_path_never_waves_it_through(name: str) -> None:
    record = copy.deepcopy(_record())
    MUTATIONS[name](record)
    assert list(record_errors(record)), f"{name}: accepted"
    with pytest.raises(fastjsonschema.JsonSchemaException):
        _fast_check()(record)


def test_all_errors_are_listed_not_only_the_first() -> None:
    record = _record()
    record["url"] = 5
    record["simhash"] = "abc"
    errors = list(record_errors(record))
    assert [e.split(":", 1)[0] for e in errors] == ["simhash", "url"]


def test_to_dict_is_asdict_and_shares_nothing_with_the_article() -> None:
    """`Article.to_dict` skips `dataclasses.asdict`'s deep copies: it must still give the same
    record, and a record changed downstream must not change the article."""
    article = extract(FIXTURE.read_bytes(), "http://www.example.cn/202006/t20200602_1.html")
    article.fetched_at = "2026-11-29T10:00:00+00:00"
    article.extraction.warnings.append("title: a doubt")
    article.authors, article.editors = ["王小明"], ["李华"]
    article.responsible_editors, article.credit_lines = ["张三"], ["（责任编辑：张三）"]
    assert article.extraction.methods
    record = article.to_dict()
    assert record == dataclasses.asdict(article)
    assert list(record) == Article.field_names()
    for key in ("authors", "editors", "responsible_editors", "credit_lines"):
        record[key].append("x")
    record["extraction"]["methods"]["x"] = "y"
    record["extraction"]["warnings"].append("x")
    assert article.to_dict() == dataclasses.asdict(article) != record


def test_an_uncopied_record_is_the_same_record_over_the_articles_own_lists() -> None:
    """`to_dict(copy=False)`, for validation and serialisation: the same keys and values in the
    same order, the lists and dicts the article's own (what makes it cheaper)."""
    article = extract(FIXTURE.read_bytes(), "http://www.example.cn/202006/t20200602_1.html")
    article.authors, article.extraction.warnings = ["王小明"], ["title: a doubt"]
    shared = article.to_dict(copy=False)
    assert shared == article.to_dict() == dataclasses.asdict(article)
    assert list(shared) == Article.field_names()
    assert list(shared["extraction"]) == list(article.to_dict()["extraction"])
    assert shared["authors"] is article.authors
    assert shared["extraction"]["warnings"] is article.extraction.warnings
    assert article.to_dict()["authors"] is not article.authors


def test_the_full_validator_is_imported_only_for_a_record_that_fails() -> None:
    """`jsonschema` takes 75 ms to import: no command pays for it until a record fails the
    compiled check (a fresh interpreter, since this one imported it long ago)."""
    script = (
        "import sys, pressbot.cli, pressbot.offline.work, pipelines.validate\n"
        "from pressbot.schema import record_errors\n"
        "print('jsonschema' in sys.modules)\n"
        "print(list(record_errors({'url': 5}))[-1])\n"
        "print('jsonschema' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=root, check=True
    )
    assert done.stdout.splitlines() == [
        "False",
        "url: 5 is not of type 'string', 'null'",
        "True",
    ]
