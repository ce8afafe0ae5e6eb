"""PNG screenshots of the review page (list and topic detail) from the demo data, in headless Chromium.

    /tmp/xv/bin/python scripts/screenshot_review.py OUT_DIR [--home DIR]

``--home``: a data folder whose SQLite store already holds a ranking (e.g. ``~/.xuanti/demo`` after
``xuanti demo``); it is copied first, never changed. Without it the bundled demo material (12345
export, news pages, policy documents) is parsed and run through the nightly pipeline into a
temporary folder. A throw-away editor account logs in; the pages are served on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import secrets
import socket
import sqlite3
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DEMO_NIGHT = datetime(2026, 11, 20, 23, 59, 59)


def demo_store(folder: Path) -> None:
    """Parse the bundled demo material and run one night of the pipeline (no Prefect, no HTTP)."""
    from extractors.hotline import read_hotline
    from extractors.page import extract_article
    from extractors.policy import extract_policy
    from xuanti import pipeline
    from xuanti.cli import DEMO_SITE
    from xuanti.paths import DEMO_CONFIG
    from xuanti.settings import load_settings
    from xuanti.store import Store

    settings = load_settings(DEMO_CONFIG)
    export = DEMO_SITE / "hotline" / "12345_export_2026-11.csv"
    docs, _, _ = read_hotline(export.read_bytes(), export.name, "12345热线", settings.hotline.columns)
    for page in sorted((DEMO_SITE / "news").glob("2026/*/*.html")):
        url = f"http://127.0.0.1/news/{page.relative_to(DEMO_SITE / 'news').as_posix()}"
        docs.append(extract_article(page.read_bytes(), url, "清河新闻网"))
    for page in sorted((DEMO_SITE / "policy").glob("content_*.html")):
        docs.append(extract_policy(page.read_bytes(), f"http://127.0.0.1/policy/{page.name}", "清河县人民政府"))
    store = Store(Store.default_url(folder))
    store.upsert_documents(docs)
    tokens = pipeline.analyse_documents(store, settings)
    pipeline.group_documents(store, settings, tokens)
    pipeline.rank(store, settings, DEMO_NIGHT)
    store.close()


def copy_store(home: Path, folder: Path) -> None:
    source = home / "xuanti.db"
    if not source.is_file():
        sys.exit(f"{source}: no SQLite store there (run `xuanti demo` first, or leave out --home)")
    with sqlite3.connect(source) as src, sqlite3.connect(folder / "xuanti.db") as dst:
        src.backup(dst)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for list.png and detail.png")
    parser.add_argument("--home", type=Path, help="data folder with a ranked SQLite store (copied, not changed)")
    parser.add_argument("--width", type=int, default=1440)
    args = parser.parse_args(argv)

    import uvicorn
    from playwright.sync_api import sync_playwright

    from xuanti.review.app import create_app
    from xuanti.review.auth import add_user
    from xuanti.settings import load_settings
    from xuanti.store import Store

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        if args.home:
            copy_store(args.home.expanduser(), folder)
        else:
            demo_store(folder)
        store = Store(Store.default_url(folder))
        password = secrets.token_urlsafe(12)
        add_user(store, "bianji", password)
        settings = load_settings(None)
        settings.general.area = "清河县"
        app = create_app(settings, folder, store=store)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        url = f"http://127.0.0.1:{port}"
        top = store.topics()[0]
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": args.width, "height": 900}, locale="zh-CN")
                page.goto(url + "/login")
                page.fill('input[name="username"]', "bianji")
                page.fill('input[name="password"]', password)
                page.click('button[type="submit"]')
                page.wait_for_selector("table.topics")
                page.screenshot(path=str(args.out / "list.png"), full_page=False)
                page.goto(f"{url}/topics/{top.id}")
                page.wait_for_selector("#topic-title")
                page.screenshot(path=str(args.out / "detail.png"), full_page=True)
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            store.close()
    for name in ("list.png", "detail.png"):
        print(args.out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
