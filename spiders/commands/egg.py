"""`scrapy egg -o FILE`: the project as a Python egg for scrapyd.

scrapyd runs a project from an egg that holds its packages and a `scrapy` entry point naming the
settings module. `scrapyd-deploy`'s own egg builder goes through setuptools, where the
`pyproject.toml` package list (only `pressbot`, so the wheel ships only the library) wins over
the `setup.py` it writes: its egg lacks `spiders`, `pipelines` and the entry point. This command
writes the egg directly: `pressbot`, `spiders` and `pipelines` (Python files and the package data
the code reads: schema, bundled site configs), plus EGG-INFO. Deploy it with
`scrapyd-deploy TARGET -p pressbot --egg FILE` or scrapyd's `addversion.json`.
"""

from __future__ import annotations

import argparse
import zipfile
from pathlib import Path
from typing import ClassVar

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.utils.conf import closest_scrapy_cfg

from pressbot import __version__

PACKAGES = ("pressbot", "spiders", "pipelines")
DATA = ("*.py", "*.json", "*.toml", "py.typed")


def build_egg(root: Path, target: Path, settings_module: str = "pressbot.settings") -> list[str]:
    """Write the egg; return the archive names it holds."""
    names: list[str] = []
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as egg:
        for package in PACKAGES:
            for pattern in DATA:
                for path in sorted((root / package).rglob(pattern)):
                    if "__pycache__" in path.parts:
                        continue
                    name = path.relative_to(root).as_posix()
                    egg.write(path, name)
                    names.append(name)
        info = {
            "PKG-INFO": f"Metadata-Version: 2.1\nName: pressbot\nVersion: {__version__}\n",
            "entry_points.txt": f"[scrapy]\nsettings = {settings_module}\n",
            "top_level.txt": "\n".join(PACKAGES) + "\n",
            "zip-safe": "",
        }
        for name, text in info.items():
            egg.writestr(f"EGG-INFO/{name}", text)
            names.append(f"EGG-INFO/{name}")
    return names


class Command(ScrapyCommand):
    requires_project = True
    requires_crawler_process = False
    default_settings: ClassVar[dict[str, object]] = {"LOG_ENABLED": False}

    def syntax(self) -> str:
        return "-o FILE"

    def short_desc(self) -> str:
        return "Build an egg of this project for scrapyd"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("-o", "--output", metavar="FILE", help="where to write the egg")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not opts.output:
            raise UsageError("pass -o FILE")
        config = closest_scrapy_cfg()
        root = Path(config).parent if config else Path.cwd()
        names = build_egg(root, Path(opts.output))
        print(f"{opts.output}: {len(names)} files")
