"""The README names what a user can set: every `PRESSBOT_*` setting the code reads, every spider
argument and every `pressbot` option is documented there, and every setting it names is read."""

from __future__ import annotations

import argparse
import ast
import re
from collections.abc import Iterator
from pathlib import Path

from pressbot import settings
from pressbot.cli import build_parser
from pressbot.setting import RUNTIME_DEFAULTS
from spiders.press import SPIDER_ARGUMENTS

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
SETTING = re.compile(r"PRESSBOT_[A-Z_]+")
TYPO_EXAMPLE = "PRESSBOT_OUTPTU_DIR"  # the README's example of the unknown-setting warning


def _names_in_code() -> dict[str, str]:
    """Every `PRESSBOT_*` name written as a string in the crawl's code (read with `settings.get`,
    `number`, `integer`, `flag`), with a file that reads it; docstrings left out."""
    found: dict[str, str] = {}
    for folder in ("pressbot", "pipelines", "spiders"):
        for path in sorted((REPO / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            docstrings = {
                id(node.body[0].value)
                for node in ast.walk(tree)
                if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
                and node.body
                and isinstance(node.body[0], ast.Expr)
            }
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Constant)
                    and isinstance(node.value, str)
                    and id(node) not in docstrings
                    and SETTING.fullmatch(node.value)
                ):
                    found.setdefault(node.value, str(path.relative_to(REPO)))
    return found


def _options(parser: argparse.ArgumentParser, command: str = "pressbot") -> Iterator[list[str]]:
    """The option strings (`-o`, `--output`) of every option of every subcommand, --help and
    --version left out."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _options(sub, f"{command} {name}")
        elif action.option_strings and not isinstance(
            action, argparse._HelpAction | argparse._VersionAction
        ):
            yield action.option_strings


def test_every_setting_the_code_reads_is_documented_and_known() -> None:
    """A setting read in the code but missing from the README is one nobody can find; missing
    from `pressbot.settings` (and `RUNTIME_DEFAULTS`), the crawl calls it unknown when given."""
    known = {n for n in vars(settings) if n.startswith("PRESSBOT_")} | set(RUNTIME_DEFAULTS)
    read = _names_in_code()
    assert read, "no setting found: the scan is broken"
    documented = set(SETTING.findall(README))
    undocumented = {n: where for n, where in read.items() if n not in documented}
    assert not undocumented, f"read but not in README.md: {undocumented}"
    unknown = {n: where for n, where in read.items() if n not in known}
    assert not unknown, f"read but not in pressbot.settings or RUNTIME_DEFAULTS: {unknown}"


def test_every_setting_the_readme_names_is_read() -> None:
    named = set(SETTING.findall(README)) - {TYPO_EXAMPLE}
    not_read = named - set(_names_in_code())
    assert not not_read, f"README.md names settings no code reads: {sorted(not_read)}"


def test_every_spider_argument_is_documented() -> None:
    missing = [a for a in SPIDER_ARGUMENTS if f"-a {a}=" not in README]
    assert not missing, f"spider arguments not in README.md as `-a NAME=`: {missing}"


def test_every_pressbot_option_is_documented() -> None:
    """Each option of each `pressbot` subcommand appears in the README by one of its names
    (`-j` or `--jobs`); a command's `--help` is where its default is given."""
    options = list(_options(build_parser()))
    assert ["--dedup"] in options, "no option found: the scan is broken"
    missing = [
        "/".join(names)
        for names in options
        if not any(re.search(rf"(?<![\w-]){name}(?![\w-])", README) for name in names)
    ]
    assert not missing, f"pressbot options not in README.md: {sorted(set(missing))}"
