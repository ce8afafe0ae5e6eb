"""End to end in real headless Chromium (Debian's, driven by Playwright) against uvicorn on 127.0.0.1.

An editor logs in, filters the list, opens a topic, accepts it, rejects another, exports the DOCX
选题单, and the store shows the decisions. Skipped locally without /usr/bin/chromium; fails in CI.
"""

from __future__ import annotations

import io
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from xuanti.review.auth import add_user
from xuanti.review.db import decisions
from xuanti.settings import load_settings
from xuanti.store import Store, topics

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PASSWORD = "editor-pass-1"

if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium for the end-to-end test",
                    pytrace=False)
    pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium); the end-to-end test needs it",
                allow_module_level=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerThread:
    """uvicorn serving the app in a thread, stopped cleanly at the end."""

    def __init__(self, app: object, port: int) -> None:
        import uvicorn

        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture()
def served(review_home: Path) -> Iterator[tuple[str, Store]]:
    from xuanti.review.app import create_app

    store = Store(Store.default_url(review_home))
    add_user(store, "zhou", PASSWORD)
    app = create_app(load_settings(None), review_home, store=store)
    with ServerThread(app, free_port()) as server:
        yield server.url, store
    store.close()


def test_editor_morning_review_in_chromium(served: tuple[str, Store], tmp_path: Path) -> None:
    from docx import Document as Docx
    from playwright.sync_api import expect, sync_playwright

    url, store = served
    ranked = store.topics()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(accept_downloads=True, locale="zh-CN")
        page.on("dialog", lambda dialog: dialog.accept())
        try:
            page.goto(url + "/")
            expect(page).to_have_url(url + "/login?next=/")
            page.fill('input[name="username"]', "zhou")
            page.fill('input[name="password"]', PASSWORD)
            page.click('button[type="submit"]:has-text("登录")')
            expect(page.locator("h1")).to_have_text("今日选题")
            expect(page.locator("a.topic-link").first).to_have_text(ranked[0].title)

            # Filter: alert-level topics only.
            page.select_option('select[name="warning"]', "alert")
            page.click('button:has-text("筛选")')
            expect(page).to_have_url(url + "/?q=&date_from=&date_to=&point=&warning=alert&kind=&area=&scope=&status=")
            alerts = [t for t in ranked if t.warning == "alert"]
            expect(page.locator("a.topic-link")).to_have_count(min(len(alerts), 30))
            first, second = alerts[0], alerts[1]

            # Open the first and accept it.
            page.click(f'a.topic-link[href="/topics/{first.id}"]')
            expect(page.locator("#topic-title")).to_have_text(first.title)
            expect(page.locator("ol.evidence > li")).to_have_count(len(first.documents))
            page.click("#accept-btn")
            expect(page.locator(".notice")).to_have_text("已采用")
            expect(page.locator("ul.history li").first).to_contain_text("zhou 采用")

            # Open the second and reject it with a reason.
            page.goto(f"{url}/topics/{second.id}")
            page.fill(".reject-form textarea", "已于上周报送，无新情况")
            page.click("#reject-btn")
            expect(page.locator(".notice")).to_have_text("已标记为不采用")

            # Back to the list: tick both and export the DOCX 选题单.
            page.goto(url + "/?warning=alert")
            page.check(f'input[name="ids"][value="{first.id}"]')
            page.check(f'input[name="ids"][value="{second.id}"]')
            with page.expect_download() as info:
                page.click('button[value="docx"]')
            saved = tmp_path / "xuantidan.docx"
            info.value.save_as(saved)
        finally:
            browser.close()

    texts = [p.text for p in Docx(io.BytesIO(saved.read_bytes())).paragraphs]
    assert texts[0] == "信息选题单"
    assert any(first.title in text for text in texts) and any(second.title in text for text in texts)
    with store.engine.connect() as conn:
        statuses = dict(conn.execute(select(topics.c.id, topics.c.status).where(topics.c.id.in_([first.id, second.id]))).all())
        made = conn.execute(select(decisions.c.topic_id, decisions.c.action, decisions.c.username, decisions.c.reason)
                            .order_by(decisions.c.id)).all()
    assert statuses == {first.id: "accepted", second.id: "rejected"}
    assert [tuple(row) for row in made] == [(first.id, "accept", "zhou", ""),
                                            (second.id, "reject", "zhou", "已于上周报送，无新情况")]
