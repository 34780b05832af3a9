"""A crawl process imports what its crawl uses, and no more: every scheduled run pays for each
import at its start (a second, before these were left out).

The crawl is the real `scrapy crawl press -a site=demo`; a `sitecustomize` put first on its
PYTHONPATH writes the crawl process's modules as it exits (its forkserver and workers, which
do import extraction, run another script).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, crawl_command, crawl_env
from scrapy.settings import Settings
from scrapy.utils.project import get_project_settings

from pipelines.addons import REMOTE_CONTROL, RemoteControlWhenEnabled

PROBE = """
import atexit, json, os, sys

def _report():
    if sys.argv and sys.argv[0].endswith(os.path.join("scrapy", "__main__.py")):
        with open(os.environ["PRESSBOT_TEST_MODULES"], "w") as out:
            json.dump(sorted(sys.modules), out)

atexit.register(_report)
"""

NOT_IMPORTED = {
    # Scrapy's remote control, turned off, imports aiohttp all the same (pipelines.addons)
    "aiohttp",
    # only a crawl given PRESSBOT_REDIS_URL needs these (pipelines.addons)
    "redis",
    "scrapy_redis",
    "pipelines.distributed",
    # the workers extract, and compute the near keys (pressbot.extract._page)
    "pressbot.extract.page",
    "numpy",
}


def crawl_modules(tmp_path: Path, workers: int) -> set[str]:
    probe = tmp_path / "probe"
    probe.mkdir(exist_ok=True)
    (probe / "sitecustomize.py").write_text(PROBE, encoding="utf-8")
    modules = tmp_path / f"modules-{workers}.json"
    run = tmp_path / f"run-{workers}"
    settings = {
        "PRESSBOT_OUTPUT_DIR": str(run / "output"),
        "PRESSBOT_STATE_PATH": str(run / "state.sqlite3"),
        "PRESSBOT_EXTRACT_WORKERS": str(workers),
        "AUTOTHROTTLE_ENABLED": "False",
    }
    env = {
        **crawl_env(),
        "PYTHONPATH": os.pathsep.join([str(probe), os.environ.get("PYTHONPATH", "")]),
        "PRESSBOT_TEST_MODULES": str(modules),
    }
    done = subprocess.run(
        crawl_command(["site=demo"], settings),
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    feeds = list((run / "output").rglob("*.jsonl"))
    assert len(feeds) == 1 and len(feeds[0].read_text(encoding="utf-8").splitlines()) == 11
    return set(json.loads(modules.read_text(encoding="utf-8")))


def test_a_crawl_whose_workers_extract_imports_no_extraction_redis_or_aiohttp(
    tmp_path: Path,
) -> None:
    assert crawl_modules(tmp_path, workers=1) & NOT_IMPORTED == set()


def test_a_crawl_that_extracts_in_its_own_process_imports_extraction(tmp_path: Path) -> None:
    """The probe sees what the crawl imports: without workers, the crawl process extracts."""
    assert {"pressbot.extract.page", "numpy"} <= crawl_modules(tmp_path, workers=0)


@pytest.mark.parametrize(("enabled", "listed"), [(False, False), (True, True)])
def test_remote_control_is_an_extension_only_when_enabled(enabled: bool, listed: bool) -> None:
    settings = Settings(get_project_settings().copy_to_dict())
    settings.set("REMOTE_CONTROL_ENABLED", enabled, "cmdline")
    RemoteControlWhenEnabled().update_settings(settings)
    assert (REMOTE_CONTROL in settings.getwithbase("EXTENSIONS")) is listed
    assert "scrapy.extensions.corestats.CoreStats" in settings.getwithbase("EXTENSIONS")
