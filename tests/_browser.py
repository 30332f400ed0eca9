"""Headless Chromium for the page tests, and the served demo data they look at.

`chrome_driver()` starts Debian's chromium through /usr/bin/chromedriver (selenium) with the
flags that keep it from reaching for the network (the test machines have none) and a fresh
profile. `demo_server(tmp)` builds a store with the regulation, a small generated demo
dataset imported and a check run stored (compliant findings included), and serves it on a
free 127.0.0.1 port with real query workers. `screenshot_dir()` is where screenshots go.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from _endpoint_support import serve

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("KG_CHROMEDRIVER", "/usr/bin/chromedriver")
DATASET = "示范机关"
"""A dataset name in Chinese: it must never appear in what an anonymous visitor is shown."""
DEMO_MEMBERS = 200
DEMO_YEAR = 2024


def screenshot_dir() -> Path:
    path = Path(os.environ.get("KG_SCREENSHOT_DIR") or Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def chrome_missing() -> str | None:
    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists():
            return f"{path} is not installed (apt-get install chromium chromium-driver fonts-noto-cjk)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


@contextlib.contextmanager
def chrome_driver():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1366,900", f"--user-data-dir={profile}",
                 "--lang=zh-CN"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.set_window_size(1366, 900)
        driver.set_page_load_timeout(120)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def build_demo_store(store_dir: Path, work: Path) -> dict:
    """Regulation + the demo dataset + one stored check run; returns the demo's manifest."""
    from kg_service.checks.engine import run_checks
    from kg_service.checks.provenance import record_run
    from kg_service.config import Settings
    from kg_service.demo.generator import generate_demo
    from kg_service.importers.csv_import import import_csv_dataset
    from kg_service.store import open_store

    demo = generate_demo(work / "demo", members=DEMO_MEMBERS, year=DEMO_YEAR)
    store = open_store(Settings(store=str(store_dir)))
    try:
        import_csv_dataset(store, demo.directory, DATASET)
        as_of = dt.date.fromisoformat(demo.manifest["as_of"])
        run = run_checks(store, DATASET, DEMO_YEAR, as_of=as_of, include_compliant=True)
        record_run(store, run, include_compliant=True)
    finally:
        store.close()
    return demo.manifest


@contextlib.contextmanager
def demo_server(work: Path):
    store_dir = work / "store"
    manifest = build_demo_store(store_dir, work)
    with serve(store_dir, sample=False, workers=1) as server:
        server.manifest = manifest
        yield server
