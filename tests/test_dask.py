"""The night's analysis on a real Dask cluster (``[dask]``): the same analyses and list as in one process.

A ``distributed.LocalCluster`` of two worker processes stands in for a province's machines: the flow
reaches it by its tcp address, exactly as it would reach ``dask scheduler`` on another host.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest

from xuanti.cli import DEMO_SITE
from xuanti.localserver import LocalServer
from xuanti.paths import DEMO_CONFIG
from xuanti.settings import ConfigError, DaskSettings, load_settings
from xuanti.store import Store

distributed = pytest.importorskip("distributed", reason="prefect-dask is in the test extra")


@pytest.fixture(scope="module")
def demo_server() -> Iterator[LocalServer]:
    with LocalServer(root=DEMO_SITE, substitute={}) as server:
        os.environ["XUANTI_DEMO_URL"] = server.base_url
        yield server


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local.scheduler_address


def demo_config(tmp_path: Path, dask: str) -> Path:
    config = tmp_path / "demo-dask.toml"
    config.write_text(DEMO_CONFIG.read_text(encoding="utf-8") + f"\n[dask]\n{dask}\n", encoding="utf-8")
    return config


def test_analysis_on_dask_matches_one_process(
    prefect_harness: None, demo_server: LocalServer, cluster: str, tmp_path: Path
) -> None:
    from flows.nightly import nightly

    here = nightly(config=str(DEMO_CONFIG), home=str(tmp_path / "here"), date="2026-11-20", export=False)
    # Small batches: several tasks on each worker, reprints linked across batches.
    config = demo_config(tmp_path, f'address = "{cluster}"\nbatch = 60')
    there = nightly(config=str(config), home=str(tmp_path / "dask"), date="2026-11-20", export=False)
    assert there["status"] == here["status"]
    local, remote = Store(here["store"]), Store(there["store"])
    expected, got = local.analyses(), remote.analyses()
    assert len(got) == len(expected) > 300
    assert {uid: asdict(a) for uid, a in got.items()} == {uid: asdict(a) for uid, a in expected.items()}
    assert any(a.duplicate_of for a in got.values())  # the demo's reprints are found across batches
    assert [(t.title, round(t.rank_score, 6)) for t in remote.topics()] == [
        (t.title, round(t.rank_score, 6)) for t in local.topics()
    ]
    [run] = remote.runs()
    assert not any(report.source == "Dask 分析" for report in run.sources)
    with distributed.Client(cluster) as client:  # the batches were measured in the workers' processes
        assert any(client.run(_has_analysed).values())


def _has_analysed() -> bool:
    import sys

    return "xuanti.pipeline" in sys.modules


def test_unreachable_scheduler_leaves_the_night_to_this_process(
    prefect_harness: None, demo_server: LocalServer, closed_port: int, tmp_path: Path
) -> None:
    from flows.nightly import nightly

    config = demo_config(tmp_path, f'address = "tcp://127.0.0.1:{closed_port}"')
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}):  # not the default 30 s
        result = nightly(config=str(config), home=str(tmp_path / "home"), date="2026-11-20", export=False)
    assert result["topics"] > 5 and result["status"] == "partial"
    store = Store(result["store"])
    assert not store.documents(unanalysed=True)
    [run] = store.runs()
    [report] = [r for r in run.sources if r.source == "Dask 分析"]
    assert f"127.0.0.1:{closed_port}" in report.errors[0] and "改在本机进行" in report.errors[0]


def test_a_worker_with_other_models_refuses(tmp_path: Path) -> None:
    from xuanti import pipeline
    from xuanti.records import Document

    docs = [Document(id="1", source="12345热线", kind="hotline", title="小区停水三天", text="无人处理")]
    here = pipeline.models_digest(None)
    assert pipeline.measure_batch(docs, None, here).analyses  # the same models: measured
    # The office retrained its points model from editors' decisions; a worker that cannot read it refuses.
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "points.skops").write_bytes(b"retrained")
    retrained = pipeline.models_digest(tmp_path)
    assert retrained != here
    with pytest.raises(RuntimeError, match="模型与夜间任务不同"):
        pipeline.measure_batch(docs, None, retrained)


def test_dask_address_is_checked(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text('[dask]\naddress = "10.0.0.5:8786"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r'dask\.address.*"local" or "tcp://host:8786"'):
        load_settings(config)
    assert DaskSettings(address=" tcp://10.0.0.5:8786 ").address == "tcp://10.0.0.5:8786"
