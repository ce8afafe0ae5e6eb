"""The store on SQLite (WAL) and, when a server is given, PostgreSQL: idempotent upserts, no loss."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from xuanti.records import Analysis, Document, Run, SourceReport, Topic
from xuanti.store import Store


def _pg_url() -> str:
    url = os.environ.get("XUANTI_TEST_PG_URL", "")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("XUANTI_TEST_PG_URL is not set: .ci/run must start PostgreSQL")
        pytest.skip("no PostgreSQL (set XUANTI_TEST_PG_URL, see .ci/start_postgres.sh)")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        db = Store(f"sqlite:///{tmp_path / 'xuanti.db'}")
    else:
        db = Store(_pg_url())
        with db.engine.begin() as conn:
            for table in ("documents", "topics", "topic_states", "runs", "seen", "run_lock"):
                conn.execute(text(f"DELETE FROM {table}"))
    yield db
    db.close()


def docs(n: int, text_suffix: str = "") -> list[Document]:
    return [
        Document(
            id=str(188000 + i),
            source="12345热线",
            kind="hotline",
            title=f"锦绣花园暖气不热{i}",
            text=f"锦绣花园小区暖气不热，物业不作为{text_suffix}",
            published=datetime(2026, 11, 18, 9, i),
            metadata={"likes": i, "row": i + 2},
        )
        for i in range(n)
    ]


def test_upsert_is_idempotent(store: Store) -> None:
    assert store.upsert_documents(docs(5)) == 5
    assert store.upsert_documents(docs(5)) == 0  # same night again: nothing new
    assert store.count_documents() == 5
    stored = store.documents()
    assert [d.id for d in stored] == [str(188000 + i) for i in range(5)]
    assert stored[0].metadata == {"likes": 0, "row": 2}
    assert stored[0].title == "锦绣花园暖气不热0"


def test_changed_content_is_updated_and_reanalysed(store: Store) -> None:
    store.upsert_documents(docs(2))
    store.save_analyses({d.uid: Analysis(points=["hot"], scores={"hot": 0.9}, warning="watch") for d in docs(2)})
    assert store.documents(unanalysed=True) == []
    assert store.upsert_documents(docs(2, text_suffix="，已多次反映")) == 2
    assert len(store.documents(unanalysed=True)) == 2
    assert store.count_documents() == 2


def test_same_row_id_in_two_sources_does_not_collide(store: Store) -> None:
    other = docs(1)[0]
    other.source = "市长信箱"
    store.upsert_documents([*docs(1), other])
    assert store.count_documents() == 2


def test_committed_batches_survive_a_crash(store: Store) -> None:
    store.upsert_documents(docs(3))
    with pytest.raises(ZeroDivisionError):
        for batch in (docs(3), [1 / 0]):  # the night dies after the first batch
            store.upsert_documents(batch)  # type: ignore[arg-type]
    reopened = Store(store.url)
    assert reopened.count_documents() == 3
    reopened.close()


def test_topics_runs_and_editor_status(store: Store) -> None:
    store.upsert_documents(docs(2))
    store.assign_topics({d.uid: "t1" for d in docs(2)})
    night = datetime(2026, 11, 20, 23, 59, 59)
    topic = Topic(
        id="t1", title="锦绣花园暖气不热", keywords=["暖气", "物业"], documents=[], scores={"hot": 0.9},
        points=["hot"], warning="watch", heat=2.0, trend=1.5, rank_score=3.2, reasons=["热点"],
        first_seen=night, last_seen=night,
    )
    store.upsert_topics([topic], ranked_on=night)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE topics SET status = 'accepted' WHERE id = 't1'"))
    store.upsert_topics([topic], ranked_on=night)  # the next run must not undo an editor's decision
    [loaded] = store.topics()
    assert loaded.status == "accepted"
    assert loaded.documents == [d.uid for d in docs(2)]
    # A rerun of the night that no longer ranks t1 (its documents left the window) replaces the list;
    # the topic itself, and the editor's decision, stay.
    other = Topic(id="t2", title="滨河苑停水", keywords=[], documents=[], scores={}, points=[], warning="none",
                  heat=0.1, trend=0.0, rank_score=1.0, reasons=[], first_seen=night, last_seen=night)
    store.upsert_topics([other], ranked_on=night)
    assert [t.id for t in store.topics()] == ["t2"]
    assert [t.id for t in store.topics(ranked_on=night)] == ["t2"]
    store.upsert_topics([topic, other], ranked_on=night)
    assert [t.id for t in store.topics()] == ["t1", "t2"] and store.topics()[0].status == "accepted"
    run = Run(id="r1", started=night, sources=[SourceReport(source="12345热线", fetched=2, stored=2)])
    store.save_run(run)
    run.status = "ok"
    store.save_run(run)
    [saved] = store.runs()
    assert saved.status == "ok" and saved.sources[0].stored == 2


def test_sqlite_uses_wal(tmp_path: Path) -> None:
    db = Store(f"sqlite:///{tmp_path / 'x.db'}")
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    db.close()


def _dead_pid() -> int:
    """The id of a process of this machine that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_one_run_holds_the_store_at_a_time(store: Store) -> None:
    hours = timedelta(hours=6)
    assert store.acquire_run_lock("r1", hours) == (True, None)
    taken, holder = store.acquire_run_lock("r2", hours)
    assert not taken and holder is not None and holder.run_id == "r1" and holder.pid == os.getpid()
    assert holder.alive_here() is True
    store.release_run_lock("r2")  # not the holder: nothing happens
    assert store.acquire_run_lock("r2", hours)[0] is False
    store.release_run_lock("r1")
    assert store.acquire_run_lock("r2", hours) == (True, None)
    store.release_run_lock("r2")
    # Of eight runs starting at once, exactly one gets the store.
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda i: store.acquire_run_lock(f"s{i}", hours)[0], range(8)))
    assert results.count(True) == 1


def test_a_dead_runs_lock_is_taken_over(store: Store) -> None:
    hours = timedelta(hours=6)
    store.save_run(Run(id="crashed", started=datetime(2026, 11, 20, 2, 0)))
    assert store.acquire_run_lock("crashed", hours)[0]
    # Its process is gone from this machine: the next run takes over at once and says so in the record.
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE run_lock SET pid = :pid"), {"pid": _dead_pid()})
    taken, holder = store.acquire_run_lock("next", hours)
    assert taken and holder is not None and holder.run_id == "crashed"
    store.mark_run_interrupted(holder.run_id)
    assert {run.id: run.status for run in store.runs()}["crashed"] == "interrupted"
    # A run on another machine is taken over only once it has been silent for the stale time.
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE run_lock SET host = 'other-host'"))
    assert store.acquire_run_lock("third", hours)[0] is False
    store.touch_run_lock("next")
    assert store.acquire_run_lock("third", timedelta(seconds=30))[0] is False  # it showed life just now
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE run_lock SET heartbeat = :old"), {"old": datetime.now() - timedelta(hours=7)})
    taken, holder = store.acquire_run_lock("third", hours)
    assert taken and holder is not None and holder.run_id == "next"


def test_an_empty_night_says_why(store: Store) -> None:
    """No topics tonight is explained: nothing stored yet, an old export (and which --date), or a wrong date."""
    from xuanti.pipeline import empty_list_reason
    from xuanti.settings import load_settings

    settings = load_settings(None)
    assert "还没有任何材料" in empty_list_reason(store, settings, datetime(2026, 11, 20))
    store.upsert_documents(docs(3))  # 2026-11-18 09:00 to 09:02
    assert store.newest_date() == datetime(2026, 11, 18, 9, 2)
    late = empty_list_reason(store, settings, datetime(2027, 3, 1))
    assert "2027-01-30 至 2027-03-01" in late and "--date 2026-11-18" in late
    early = empty_list_reason(store, settings, datetime(2026, 1, 1))
    assert "都晚于 2026-01-01" in early and "2026-11-18" in early


def test_a_store_made_by_an_older_version_gains_the_new_columns(store: Store) -> None:
    """An office upgrades xuanti over its existing store: a column added since (runs.night) is added
    to it on opening, and what the store held is still there."""
    store.save_run(Run(id="before-upgrade", started=datetime(2026, 11, 19, 2), topics=12))
    with store.engine.begin() as conn:
        conn.execute(text("ALTER TABLE runs DROP COLUMN night"))  # the store as an older xuanti made it
    reopened = Store(store.url)
    try:
        old = next(run for run in reopened.runs() if run.id == "before-upgrade")
        assert old.topics == 12 and old.night is None
        reopened.save_run(Run(id="after-upgrade", started=datetime(2026, 12, 4, 2), night=datetime(2022, 5, 10, 23)))
        assert next(run for run in reopened.runs() if run.id == "after-upgrade").night == datetime(2022, 5, 10, 23)
        Store(store.url).close()  # opening it again finds nothing to add
    finally:
        reopened.close()


def test_a_page_met_again_under_another_address_is_not_stored_again(store: Store) -> None:
    """The demo's site on another port, or a site moved to https, gives every story a new address: the
    same title and text from the same source is the stored page, not a new one to analyse and count.
    Letters are each a letter, however alike their words."""
    def page(address: str, text: str, source: str = "清河新闻网") -> Document:
        return Document(id=address, source=source, kind="news", url=address, title="全县推进老旧小区改造",
                        text=text, published=datetime(2026, 11, 18, 9))

    assert store.upsert_documents([page("http://127.0.0.1:4001/a.html", "正文一"),
                                   page("http://127.0.0.1:4001/b.html", "正文二")]) == 2
    again = [
        page("http://127.0.0.1:4002/a.html", "正文一"),  # moved: not stored
        page("http://127.0.0.1:4002/b.html", "正文二，已更新"),  # new words: a page of its own
        page("http://127.0.0.1:4002/a2.html", "正文一"),  # the same page at a third address tonight
        page("http://127.0.0.1:4002/a.html", "正文一", source="江州日报"),  # another source's reprint
    ]
    assert store.upsert_documents(again) == 2
    assert sorted(doc.url for doc in store.documents()) == [
        "http://127.0.0.1:4001/a.html", "http://127.0.0.1:4001/b.html",
        "http://127.0.0.1:4002/a.html", "http://127.0.0.1:4002/b.html",
    ]
    letters = docs(2)
    letters[1] = replace(letters[1], title=letters[0].title)  # the same words, another letter
    assert store.upsert_documents(letters) == 2


def test_a_store_made_by_an_older_version_gains_the_new_indexes(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    with store.engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_documents_source_content"))  # the store as an older xuanti made it
    with caplog.at_level("INFO", logger="xuanti.store"):
        Store(store.url).close()
        assert "建立索引 ix_documents_source_content（升级后仅此一次）" in caplog.text
        caplog.clear()
        Store(store.url).close()  # opening it again builds nothing
        assert "建立索引" not in caplog.text
    from sqlalchemy import inspect

    assert "ix_documents_source_content" in {index["name"] for index in inspect(store.engine).get_indexes("documents")}


def test_a_source_with_nothing_new_for_days_is_noted(store: Store) -> None:
    """A 12345 export no one refreshed reads like a calm county: the night notes each source whose
    newest material is older than it may be (3 days for a hotline by default), or that has none."""
    from xuanti.pipeline import quiet_advice, quiet_sources
    from xuanti.settings import FeedSource, HotlineSource

    store.upsert_documents(docs(2))  # 12345热线, 2026-11-18
    hotline = HotlineSource(name="12345热线", type="hotline", path="export.xlsx")
    feed = FeedSource(name="江州日报", type="feed", url="http://127.0.0.1/rss.xml")
    assert store.newest_by_source(until=datetime(2026, 11, 20)) == {"12345热线": datetime(2026, 11, 18, 9, 1)}
    assert quiet_sources(store, [hotline], datetime(2026, 11, 20)) == {}
    quiet = quiet_sources(store, [hotline, feed], datetime(2026, 11, 25))
    assert quiet["12345热线"] == "已 6 天没有新内容（最新材料 2026-11-18）"
    assert "导出文件" in quiet_advice(hotline) and "网址" in quiet_advice(feed)
    assert "还没有取得任何材料" in quiet["江州日报"]
    relaxed = HotlineSource(name="12345热线", type="hotline", path="export.xlsx", stale_days=0)
    assert quiet_sources(store, [relaxed], datetime(2027, 1, 1)) == {}


def test_a_reader_that_cannot_add_the_new_columns_still_reads(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A database account that may not alter tables (here SQLite opened read-only) still opens an older
    store and reads it; the missing column is named in one warning for the owner to add."""
    import sqlite3

    path = tmp_path / "old.db"
    made = Store(f"sqlite:///{path}")
    made.upsert_documents(docs(2))
    with made.engine.begin() as conn:
        conn.execute(text("ALTER TABLE runs DROP COLUMN night"))
    made.close()
    sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)").connection.close()
    reader = Store(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        assert reader.count_documents() == 2
        assert "runs 表缺少新列 night" in caplog.text
    finally:
        reader.close()
