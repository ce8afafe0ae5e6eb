"""The whole nightly flow under a real (temporary) Prefect server, on the bundled demo served over HTTP;
its parse and store tasks on a real headerless export.
"""

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
    # The demo's safety plan and wage rules name every risk they guard against; they are no sign of one.
    policy = [doc.uid for doc in store.documents() if doc.kind == "policy"]
    analyses = store.analyses(policy)
    assert len(policy) >= 5 and {a.warning for a in analyses.values()} == {"none"}
    assert not any("warning" in a.cues for a in analyses.values())
    assert any("hot" in t.points for t in topics) and any("key" in t.points for t in topics)
    # The article the news site writes across two pages is one document, whole.
    from xuanti.demo.build_demo import PAGED_TITLE

    [paged] = [doc for doc in store.documents() if doc.title == PAGED_TITLE]
    assert paged.text.endswith("新能源产业链条不断延伸。")
    assert not any(doc.url.endswith("_1.html") for doc in store.documents())
    [paged_policy] = [doc for doc in store.documents() if doc.url.endswith("/policy/content_4821.html")]
    assert paged_policy.text.endswith("（此件公开发布）")
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

    # After an upgrade or `xuanti train`: the window's documents are analysed again with the models of
    # the day; with the same models, the same list.
    from datetime import timedelta

    from flows.nightly import nightly

    third = nightly(config=str(DEMO_CONFIG), home=str(home), date="2026-11-20", reanalyse=True)
    window = load_settings(DEMO_CONFIG).analysis.window_days
    assert third["reanalysed"] == len(again.active_uids(third["night"] - timedelta(days=window))) > 300
    assert not again.documents(unanalysed=True) and again.count_documents() == documents
    assert [(t.id, t.title, round(t.rank_score, 6)) for t in again.topics()] == [
        (t.id, t.title, round(t.rank_score, 6)) for t in topics
    ]
    assert second["reanalysed"] == 0


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
    assert main(["--home", str(home), "topics", "--limit", "3", "--config", str(config)]) == 0
    assert "2026-11-20 选题（前 3 条" in capsys.readouterr().out  # which night the list is of


def test_parse_task_streams_hotline_into_store(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A headerless export without 一级分类 goes into the store in batches, categorised, counted as before."""
    from extractors.hotline import read_hotline
    from extractors.sources import fetch_source, parse_source
    from flows.nightly import parse_task, store_task
    from xuanti.settings import HotlineSource

    config = tmp_path / "night.toml"
    config.write_text(f'[store]\nurl = "sqlite:///{tmp_path / "x.db"}"\n[hotline]\nbatch_size = 400\n',
                      encoding="utf-8")
    settings = load_settings(str(config))
    path = data_dir / "hotline/tipdm2020c/labelled_category_text.tsv"
    # Its first column is the category: ignored here, it is what the prediction is checked against.
    source = HotlineSource(name="12345热线", type="hotline", path=str(path), area="A市",
                           fieldnames=["", "text"])
    bundle = fetch_source(source, settings.fetch)
    in_memory = parse_source(source, bundle, settings)  # the whole list, as without a store

    batches: list[int] = []
    upsert = Store.upsert_documents

    def recording(self: Store, docs: list) -> int:
        docs = list(docs)
        batches.append(len(docs))
        return upsert(self, docs)

    monkeypatch.setattr(Store, "upsert_documents", recording)
    parsed = parse_task.fn(source, bundle, settings, settings.store.url)
    count = parsed.streamed
    assert batches == [400] * (count // 400) + [count % 400]  # never the whole export at once
    assert parsed.documents == [] and store_task.fn(parsed.documents, settings.store.url) == 0
    # The run report's figures are those of the in-memory parse.
    assert parsed.parsed == count == parsed.stored == len(in_memory.documents) > 1800
    assert (parsed.errors, parsed.skipped) == (in_memory.errors, in_memory.skipped)

    truth = {doc.id: doc.category for doc in read_hotline(path, path.name, "s", settings.hotline.columns,
                                                          fieldnames=["category", "text"])[0]}
    stored = Store(settings.store.url).documents()
    # The same documents as the in-memory parse, the source's area where a row names none.
    assert {(d.uid, d.text, d.area) for d in stored} == {(d.uid, d.text, d.area) for d in in_memory.documents}
    assert any(doc.area == "A市" for doc in stored) and all(doc.fetched for doc in stored)
    assert all(doc.metadata.get("category_predicted") for doc in stored)
    assert sum(doc.category == truth[doc.id] for doc in stored) >= 0.9 * len(stored)
    # A rerun of the night stores nothing again.
    again = parse_task.fn(source, bundle, settings, settings.store.url)
    assert (again.streamed, again.stored) == (parsed.streamed, 0)


def test_run_prints_the_list_of_the_night_it_ran(
    prefect_harness: None, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A rerun of an earlier night (a backfill) printed the latest night's list, not its own."""
    import csv

    with open(data_dir / "hotline/tipdm2020c/messages_with_votes.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    june = [row for row in rows if row["留言时间"].startswith("2019/6/2")][:15]
    december = [row for row in rows if row["留言时间"].startswith("2019/12/2")][:15]
    # The same complaint again in December joins the June letter's topic.
    again = dict(june[0], 留言编号="999001", 留言时间="2019/12/26 09:00:00")
    export = tmp_path / "export.csv"
    with open(export, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([*june, *december, again])
    config = tmp_path / "hotline.toml"
    config.write_text(f'[[sources]]\nname = "12345热线"\ntype = "hotline"\npath = "{export}"\n', encoding="utf-8")
    home = tmp_path / "home"
    assert main(["--home", str(home), "run", "--config", str(config), "--date", "2019-12-31", "--top", "50"]) == 0
    assert main(["--home", str(home), "run", "--config", str(config), "--date", "2019-06-30", "--top", "50"]) == 0
    printed = capsys.readouterr().out.split("今日选题")[-1]
    assert any(row["留言主题"][:8] in printed for row in june)
    assert not any(row["留言主题"][:8] in printed for row in december if row["留言主题"] != june[0]["留言主题"])
    # Stored as ranked that night: no document dated later is among a June topic's documents.
    from datetime import datetime

    store = Store(Store.default_url(home))
    night = datetime(2019, 6, 30, 23, 59, 59)
    listed = [uid for topic in store.topics(ranked_on=night) for uid in topic.documents]
    assert len(listed) >= 10 and all(doc.published and doc.published <= night for doc in store.documents(uids=listed))


def test_one_run_at_a_time_and_a_crashed_run_is_taken_over(
    prefect_harness: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two runs over one store would group the same new documents twice: the second is refused with
    the holder named, and a run whose process died is taken over and recorded as interrupted."""
    import subprocess
    import sys
    from datetime import datetime, timedelta

    from xuanti.records import Run

    config = tmp_path / "office.toml"
    config.write_text('sources = []\n\n[general]\narea = "清河县"\n', encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    store = Store(Store.default_url(home))
    store.save_run(Run(id="earlier", started=datetime(2026, 11, 20, 2, 0)))
    assert store.acquire_run_lock("earlier", timedelta(hours=6))[0]  # held by this live process
    run = ["--home", str(home), "run", "--config", str(config), "--date", "2026-11-20"]

    assert main(run) == 3
    refused = capsys.readouterr().err
    assert "另一次夜间任务正在使用数据库" in refused and "earlier" in refused and "本次未运行" in refused
    assert [r.id for r in store.runs()] == ["earlier"]

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    with store.engine.begin() as conn:  # the holder's process has ended (killed, power cut)
        conn.exec_driver_sql("UPDATE run_lock SET pid = ?", (child.pid,))
    assert main(run) == 0
    statuses = {r.id: r.status for r in store.runs()}
    assert statuses.pop("earlier") == "interrupted" and list(statuses.values()) == ["ok"]
    assert store.lock_holder() is None
    capsys.readouterr()
    assert main(["--home", str(home), "runs", "--config", str(config)]) == 0
    listed = capsys.readouterr().out
    assert "已中断" in listed and "正常" in listed


def test_a_run_that_fails_says_so_and_frees_the_store(prefect_harness: None, tmp_path: Path) -> None:
    """A night that stops on an error is recorded as failed, with the error, not as running for ever;
    the next run is not locked out."""
    home = tmp_path / "home"
    occupied = tmp_path / "output"
    occupied.write_text("not a folder", encoding="utf-8")  # [output] dir names a file: the export fails
    config = tmp_path / "office.toml"
    config.write_text(f'sources = []\n\n[output]\ndir = "{occupied}"\n', encoding="utf-8")
    with pytest.raises(FileExistsError):
        main(["--home", str(home), "run", "--config", str(config), "--date", "2026-11-20"])
    store = Store(Store.default_url(home))
    [failed] = store.runs()
    assert failed.status == "failed" and failed.finished is not None
    assert any("FileExistsError" in error for report in failed.sources for error in report.errors)
    assert store.lock_holder() is None


def test_a_run_whose_database_is_down_says_so_in_one_line(
    prefect_harness: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], closed_port: int
) -> None:
    config = tmp_path / "office.toml"
    config.write_text(f'sources = []\n\n[store]\nurl = "postgresql+psycopg2://xuanti@127.0.0.1:{closed_port}/x"\n',
                      encoding="utf-8")
    assert main(["--home", str(tmp_path / "home"), "run", "--config", str(config), "--date", "2026-11-20"]) == 3
    said = capsys.readouterr().err
    assert "无法打开数据库" in said and "Connection refused" in said
