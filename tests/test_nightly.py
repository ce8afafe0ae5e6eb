"""The whole nightly flow under a real (temporary) Prefect server, on the bundled demo served over HTTP."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from xuanti.cli import DEMO_SITE, main
from xuanti.localserver import LocalServer
from xuanti.paths import DEMO_CONFIG
from xuanti.settings import load_settings
from xuanti.store import Store


@pytest.fixture(scope="module")
def demo_server() -> Iterator[LocalServer]:
    with LocalServer(root=DEMO_SITE, substitute={}) as server:
        os.environ["XUANTI_DEMO_URL"] = server.base_url
        yield server


def run_demo(home: Path) -> dict:
    from flows.nightly import nightly

    return nightly(config=str(DEMO_CONFIG), home=str(home), date="2026-11-20")


def test_nightly_on_demo_twice_gives_same_list(
    prefect_harness: None, demo_server: LocalServer, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    first = run_demo(home)
    assert first["topics"] > 5
    store = Store(first["store"])
    documents = store.count_documents()
    topics = store.topics()
    assert documents > 300  # news + feed + policy + hotline rows
    assert all(t.reasons for t in topics)
    assert {t.warning for t in topics} >= {"alert", "none"}
    assert any("hot" in t.points for t in topics) and any("key" in t.points for t in topics)
    [run] = store.runs()
    assert run.status in {"ok", "partial"} and {r.source for r in run.sources} == {
        s.name for s in load_settings(DEMO_CONFIG).sources
    }
    assert all(r.stored > 0 for r in run.sources)
    for kind in ("csv", "xlsx", "html", "json"):
        assert Path(first["outputs"][kind]).is_file()
    html = Path(first["outputs"]["html"]).read_text(encoding="utf-8")
    assert "今日选题" in html and topics[0].title in html

    second = run_demo(home)
    again = Store(second["store"])
    assert again.count_documents() == documents  # nothing stored twice
    assert [(t.id, t.title, round(t.rank_score, 6)) for t in again.topics()] == [
        (t.id, t.title, round(t.rank_score, 6)) for t in topics
    ]
    assert len(again.runs()) == 2


def test_demo_command_and_topics_json(
    prefect_harness: None, demo_server: LocalServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    assert main(["--home", str(home), "demo"]) == 0
    out = capsys.readouterr().out
    assert "今日选题" in out and "topics-2026-11-20.html" in out
    config = tmp_path / "demo-store.toml"
    config.write_text(f'[store]\nurl = "sqlite:///{home / "demo" / "xuanti.db"}"\n', encoding="utf-8")
    assert main(["--home", str(home), "topics", "--format", "json", "--config", str(config)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed and {"id", "title", "keywords", "points", "scores", "warning", "rank_score", "reasons",
                       "first_seen", "last_seen", "documents"} <= set(listed[0])
    hotline_ids = {doc for topic in listed for doc in topic["documents"] if doc.startswith("QH2026")}
    assert hotline_ids  # hotline rows keep the export's own 工单编号
