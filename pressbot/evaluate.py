"""Accuracy against gold records, by the metric of the shared corpus README.

Body: 4-token shingles (a CJK ideograph is a token, other word runs are tokens), per-page
precision and recall, mean of each, F1 of the two means. Fields: title exact after trimming,
names as sets, times to the minute (naive times read as +08:00 for Chinese pages), and a field
whose gold is empty is right only when the prediction is empty too.

A gold record that cannot be scored (not JSON, a field of the wrong type, no page beside it, a
truncated `.html.gz`) is a result with an error, never skipped: it counts against the run.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from pressbot.extract import extract
from pressbot.items import Article
from pressbot.schema import record_errors

_TOKEN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\W\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+"
)
NAME_FIELDS = {
    "author": "authors",
    "editor": "editors",
    "responsible_editor": "responsible_editors",
}
CN_ZONE = timezone(timedelta(hours=8))
TEXT_FIELDS = ("id", "url", "language", "title", "body", "published", "source")


class GoldError(ValueError):
    """A gold record or its page that cannot be read; the message names the file."""


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    toks = _TOKEN.findall(text)
    if len(toks) < size:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i : i + size]) for i in range(len(toks) - size + 1))


def body_pr(predicted: str, gold: str) -> tuple[float, float]:
    """(precision, recall) of one page's body.

    >>> body_pr("a b c d e", "a b c d e")
    (1.0, 1.0)
    >>> body_pr("", "a b c d")
    (0.0, 0.0)
    """
    pred, ref = shingles(predicted), shingles(gold)
    tp = sum((pred & ref).values())
    precision = tp / sum(pred.values()) if pred else (1.0 if not ref else 0.0)
    recall = tp / sum(ref.values()) if ref else (1.0 if not pred else 0.0)
    return precision, recall


def body_diff(predicted: str, gold: str, size: int = 4) -> tuple[list[str], list[str]]:
    """(gold text the prediction misses, predicted text the gold lacks), as spans of the
    original texts in reading order: what `body_pr` counts against a page, made readable.

    A token is matched when some shingle holding it occurs in the other text, so a span is a
    run of unmatched tokens, cut from the first one's start to the next matched token (so it
    keeps its closing punctuation), whitespace stripped.

    >>> body_diff("a b c d e f g h", "a b c d x y z w")
    (['x y z w'], ['e f g h'])
    """
    return _unmatched(gold, predicted, size), _unmatched(predicted, gold, size)


def _unmatched(text: str, other: str, size: int) -> list[str]:
    spans = [(m.start(), m.end(), m[0]) for m in _TOKEN.finditer(text)]
    theirs = set(shingles(other, size))
    matched = [False] * len(spans)
    tokens = [token for _, _, token in spans]
    if len(tokens) < size:
        if tuple(tokens) in theirs:
            matched = [True] * len(spans)
    else:
        for i in range(len(tokens) - size + 1):
            if tuple(tokens[i : i + size]) in theirs:
                matched[i : i + size] = [True] * size
    runs: list[str] = []
    start: int | None = None
    for i, ok in enumerate([*matched, True]):
        if not ok and start is None:
            start = i
        elif ok and start is not None:
            end = spans[i][0] if i < len(spans) else len(text)
            runs.append(text[spans[start][0] : end].strip())
            start = None
    return runs


def _minute(value: str | None, language: str | None) -> tuple[str, str | None] | None:
    """(date, UTC minute or None when no time) for comparing published times."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return (value[:10], None)
    if "T" not in value and " " not in value.strip():
        return (parsed.date().isoformat(), None)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=CN_ZONE if language == "zh" else UTC)
    return (value[:10], parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M"))


@dataclass
class PageResult:
    """One page's scores; `error` when extraction raised or the record broke the schema."""

    id: str
    language: str | None
    precision: float | None = None
    recall: float | None = None
    fields: dict[str, bool] = field(default_factory=dict)
    """field -> whether the prediction is right."""
    gold_has: dict[str, bool] = field(default_factory=dict)
    """field -> whether the gold has a value (for "where present" and false-positive rates)."""
    diffs: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    body_missing: list[str] = field(default_factory=list)
    """Spans of the gold body that the record lacks (`body_diff`)."""
    body_extra: list[str] = field(default_factory=list)
    """Spans of the record's body that the gold lacks."""
    error: str | None = None


def score_page(gold: dict[str, Any], article: Article) -> PageResult:
    result = PageResult(gold.get("id", "?"), gold.get("language"))
    if "body" in gold and gold["body"] is not None:
        body = article.body if article.is_article else ""
        result.precision, result.recall = body_pr(body, gold["body"])
        if (result.precision, result.recall) != (1.0, 1.0):
            result.body_missing, result.body_extra = body_diff(body, gold["body"])
    record = article.to_dict()
    if "title" in gold:
        ok = (article.title or "").strip() == (gold["title"] or "").strip()
        result.fields["title"] = ok
        if not ok:
            result.diffs["title"] = (gold["title"], article.title)
    if "published" in gold:
        want = _minute(gold["published"], gold.get("language"))
        got = _minute(article.published_at, gold.get("language"))
        ok = (want is None) == (got is None) and (want is None or want[0] == got[0])
        result.fields["date"] = ok
        if want is not None and want[1] is not None:
            result.fields["date+time"] = got is not None and got[1] == want[1]
            ok = ok and result.fields["date+time"]
        if not ok:
            result.diffs["published"] = (gold["published"], article.published_at)
    for gold_key, record_key in NAME_FIELDS.items():
        if gold_key in gold:
            want_set, got_set = set(gold[gold_key] or []), set(record[record_key])
            result.gold_has[gold_key] = bool(want_set)
            result.fields[gold_key] = want_set == got_set
            if want_set != got_set:
                result.diffs[gold_key] = (sorted(want_set), sorted(got_set))
    if "source" in gold:
        ok = (gold["source"] or None) == (article.source or None)
        result.gold_has["source"] = bool(gold["source"])
        result.fields["source"] = ok
        if not ok:
            result.diffs["source"] = (gold["source"], article.source)
    if gold.get("is_article", True) != article.is_article:
        result.diffs["is_article"] = (gold.get("is_article", True), article.extraction.page_type)
    return result


def _gold_problem(gold: Any) -> str | None:
    """What keeps a parsed gold record from being scored, if anything."""
    if not isinstance(gold, dict):
        return "not a JSON object"
    for key in TEXT_FIELDS:
        if not isinstance(gold.get(key), str | None):
            return f"{key!r} is not a string or null"
    for key in NAME_FIELDS:
        names = gold.get(key)
        if names is not None and not (
            isinstance(names, list) and all(isinstance(name, str) for name in names)
        ):
            return f"{key!r} is not a list of strings"
    if not isinstance(gold.get("is_article", True), bool):
        return "'is_article' is not true or false"
    return None


def read_gold(gold_path: Path) -> tuple[dict[str, Any], bytes]:
    """The gold record at `gold_path` and the bytes of `<id>.html` or `<id>.html.gz` beside it;
    GoldError says what is wrong."""
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise GoldError(f"{gold_path.name}: cannot read the gold record: {exc}") from None
    if problem := _gold_problem(gold):
        raise GoldError(f"{gold_path.name}: bad gold record: {problem}")
    gold.setdefault("id", gold_path.stem)
    stem = gold_path.with_suffix("")
    for page in (stem.with_suffix(".html"), Path(f"{stem}.html.gz")):
        if page.exists():
            try:
                data = page.read_bytes()
                return gold, gzip.decompress(data) if page.suffix == ".gz" else data
            except (OSError, EOFError, zlib.error) as exc:
                raise GoldError(f"{page.name}: cannot read the page: {exc}") from None
    raise GoldError(f"{gold_path.name}: no {stem.name}.html or {stem.name}.html.gz beside it")


def gold_pages(directory: Path) -> Iterator[tuple[dict[str, Any], bytes]]:
    """(gold record, page bytes) for every `<id>.json` in `directory`; GoldError on a bad one."""
    for gold_path in sorted(directory.glob("*.json")):
        yield read_gold(gold_path)


def _evaluate(gold: dict[str, Any], data: bytes) -> PageResult:
    try:
        article = extract(data, gold.get("url"), raise_errors=True)
    except Exception as exc:
        return PageResult(gold["id"], gold.get("language"), 0.0, 0.0, error=repr(exc))
    result = score_page(gold, article)
    if article.is_article and (errors := list(record_errors(article.to_dict()))):
        result.error = f"record breaks the schema: {errors[0]}"
    return result


def evaluate_dir(directory: Path) -> list[PageResult]:
    """One result per `<id>.json` in `directory`, one that cannot be read with its error."""
    results = []
    for gold_path in sorted(directory.glob("*.json")):
        try:
            results.append(_evaluate(*read_gold(gold_path)))
        except GoldError as exc:
            results.append(PageResult(gold_path.stem, None, error=str(exc)))
    return results


def read_floors(path: str) -> dict[str, dict[str, float]]:
    """`--floors`: {dir name: {metric: minimum}}; ValueError names what is wrong."""
    try:
        floors = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError) as exc:
        raise ValueError(f"{path}: cannot read floors: {exc}") from None
    if not isinstance(floors, dict) or not all(
        isinstance(metrics, dict)
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in metrics.values())
        for metrics in floors.values()
    ):
        raise ValueError(f"{path}: floors must be {{dir name: {{metric: number}}}}")
    return floors


def summarize(results: list[PageResult]) -> dict[str, Any]:
    """Per-field scores: body P/R/F1, exact-match rates, and for credits the accuracy where the
    gold has a value and the share left empty where it has none (1 - false-positive rate)."""
    summary: dict[str, Any] = {"pages": len(results), "errors": sum(1 for r in results if r.error)}
    scored = [r for r in results if r.precision is not None]
    if scored:
        p = sum(r.precision or 0 for r in scored) / len(scored)
        r_ = sum(r.recall or 0 for r in scored) / len(scored)
        summary["body_precision"], summary["body_recall"] = round(p, 4), round(r_, 4)
        summary["body_f1"] = round(2 * p * r_ / (p + r_), 4) if p + r_ else 0.0
    names = {"title", "date", "date+time", "source", *NAME_FIELDS}
    for name in sorted(names):
        values = [r.fields[name] for r in results if name in r.fields]
        if values:
            summary[name] = round(sum(1 for v in values if v) / len(values), 4)
    for key in ("editor", "responsible_editor", "author", "source"):
        present = [r.fields[key] for r in results if r.gold_has.get(key)]
        absent = [r.fields[key] for r in results if key in r.gold_has and not r.gold_has[key]]
        if present:
            summary[f"{key}_where_present"] = round(sum(present) / len(present), 4)
        if absent:
            summary[f"{key}_empty_where_absent"] = round(sum(absent) / len(absent), 4)
    return summary
