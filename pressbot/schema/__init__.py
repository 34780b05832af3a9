"""The JSON Schema of a record, and a validator built once."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import fastjsonschema

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator


@cache
def article_schema() -> dict[str, Any]:
    text = files(__package__).joinpath("article.schema.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def _python_patterns(node: Any) -> Any:
    """The schema with each pattern's closing `$` written `\\Z`. Its patterns are ECMA-262's,
    as JSON Schema's are, whose `$` is the end of the string; Python's `$` also matches before
    a final newline, so both validators took "demo\\n" for a site name."""
    if isinstance(node, dict):
        return {
            key: value[:-1] + r"\Z"
            if key == "pattern"
            and isinstance(value, str)
            and value.endswith("$")
            and not value.endswith(r"\$")
            else _python_patterns(value)
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_python_patterns(value) for value in node]
    return node


@cache
def _python_schema() -> dict[str, Any]:
    return _python_patterns(article_schema())  # type: ignore[no-any-return]


@cache
def property_pattern(name: str) -> re.Pattern[str]:
    """The pattern of the record's property `name`, matching as the schema's validators do."""
    return re.compile(_python_schema()["properties"][name]["pattern"])


@cache
def _validator() -> Draft202012Validator:
    """The full validator, imported only when a record fails the compiled check: importing
    `jsonschema` costs 75 ms, a tenth of every `pressbot` command's start."""
    from jsonschema import Draft202012Validator  # noqa: PLC0415 (deliberately lazy)

    return Draft202012Validator(
        _python_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@cache
def _fast_check() -> Callable[[Mapping[str, Any]], Any]:
    """The schema compiled to Python code: about 30x faster than `jsonschema` on a valid
    record, which is what a crawl sees on every page. Its date-time check is the one
    `jsonschema` uses (its own took "+0000" offsets and a 60th second)."""
    from rfc3339_validator import validate_rfc3339  # noqa: PLC0415 (with the compiled check)

    return fastjsonschema.compile(  # type: ignore[no-any-return]
        _python_schema(), formats={"date-time": validate_rfc3339}
    )


def record_errors(record: Mapping[str, Any]) -> Iterator[str]:
    """Each way `record` breaks the schema, as "path: message"; nothing when it is valid.

    A record the compiled check accepts is valid; anything else goes to `jsonschema`, which
    has the last word and lists every error (the compiled check stops at the first).
    """
    try:
        _fast_check()(record)
    except fastjsonschema.JsonSchemaException:
        pass
    else:
        return
    for error in sorted(_validator().iter_errors(record), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in error.path) or "(record)"
        yield f"{where}: {error.message}"


_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89abcdefABCDEF]")


def lone_surrogates(line: bytes, record: Any) -> Iterator[str]:
    """Each string of `record` (read from the JSON text `line`) that holds a lone surrogate, as
    "path: ...". JSON text may escape one (`"\\ud800"`) and Python reads it, but it is no
    Unicode character: a strict consumer rejects the line, jq prints U+FFFD. The schema cannot
    say so; the crawl never writes one (normalisation drops them)."""
    if _SURROGATE_ESCAPE.search(line):  # (only an escape can carry one: UTF-8 text cannot)
        yield from _surrogates(record, "")


def _surrogates(value: Any, where: str) -> Iterator[str]:
    if isinstance(value, str):
        if found := _SURROGATE.search(value):
            code = ord(found.group())
            yield f"{where or '(record)'}: a lone surrogate (U+{code:04X}), not a Unicode character"
    elif isinstance(value, dict | list):
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            yield from _surrogates(item, f"{where}/{key}" if where else str(key))
