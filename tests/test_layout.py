"""The layering the design relies on: Scrapy stays outside `pressbot/`, and names resolve here."""

from __future__ import annotations

import fnmatch
import json
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def _python(code: str, cwd: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_pressbot_never_imports_scrapy() -> None:
    code = """
import importlib, json, pkgutil, sys
import pressbot
names = ["pressbot"] + [m.name for m in pkgutil.walk_packages(pressbot.__path__, "pressbot.")]
for name in names:
    importlib.import_module(name)
outer = sorted(m for m in sys.modules if m.split(".")[0] in ("scrapy", "twisted"))
print(json.dumps({"modules": names, "scrapy": outer}))
"""
    result = json.loads(_python(code, REPO))
    assert "pressbot.settings" in result["modules"]
    assert "pressbot.localserver" in result["modules"]
    assert result["scrapy"] == [], f"imported under pressbot/: {result['scrapy'][:5]}"


def test_spiders_and_pipelines_resolve_to_this_repo() -> None:
    """PyPI has packages called `spiders` and `pipelines`; Scrapy must load ours."""
    code = """
import json, spiders, pipelines, spiders.press, pipelines.dedup
print(json.dumps([m.__file__ for m in (spiders, pipelines, spiders.press, pipelines.dedup)]))
"""
    for path in json.loads(_python(code, REPO)):
        assert Path(path).resolve().is_relative_to(REPO), path


def test_nothing_installed_shadows_spiders_or_pipelines(tmp_path: Path) -> None:
    """Scrapy appends the project folder to sys.path, so an installed namesake would win."""
    code = """
import importlib.util, json
print(json.dumps({n: bool(importlib.util.find_spec(n)) for n in ("spiders", "pipelines")}))
"""
    found = json.loads(_python(code, tmp_path))
    assert found == {"spiders": False, "pipelines": False}


def test_wheel_ships_only_pressbot() -> None:
    """Apply the setuptools package-discovery patterns of pyproject.toml to the repo's packages."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    find = config["tool"]["setuptools"]["packages"]["find"]
    include, exclude = find.get("include", ["*"]), find.get("exclude", [])
    packages = [
        ".".join(init.parent.relative_to(REPO).parts)
        for init in REPO.rglob("__init__.py")
        if not any(part.startswith(".") for part in init.relative_to(REPO).parts)
    ]
    shipped = [
        name
        for name in packages
        if any(fnmatch.fnmatchcase(name, p) for p in include)
        and not any(fnmatch.fnmatchcase(name, p) for p in exclude)
    ]
    assert {"spiders", "pipelines"} <= set(packages)
    assert "pressbot" in shipped
    assert all(name == "pressbot" or name.startswith("pressbot.") for name in shipped), shipped
    assert not (REPO / "fixtures" / "__init__.py").exists(), "fixtures/ is data, not a package"
