"""The night's analysis in one process against the same analysis on a Dask cluster (``[dask]``).

    python -m benchmarks.dask_analysis [--docs N] [--workers W] [--batch B] [--json]

The same real documents (hotline/tipdm2020c messages, then 新闻联播 stories, as ``benchmarks.analysis``)
are stored unanalysed in two SQLite stores. One is analysed by ``pipeline.analyse_documents`` in this
process, the other by the nightly flow's ``analyse_on_dask`` on a running local cluster of W worker
processes, reached by its tcp address as a province's scheduler would be. The cluster's start and its
workers' first model loading are timed apart (a standing cluster pays them once). Both stores must end
with the same analyses. On a machine with as many cores as workers, the nightly process competes with
the workers for them: the cluster pays off with workers on other machines.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks.analysis import load_documents
from xuanti.paths import shared_data_dir


def _load_models() -> None:
    """What a worker does on its first batch: import the flow's module, load the shipped models."""
    import flows.nightly  # noqa: F401
    from xuanti.pipeline import Analyser

    Analyser()


def run(limit: int, workers: int, batch: int) -> dict[str, Any]:
    import distributed

    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    from flows.nightly import analyse_on_dask, dask_task_runner
    from xuanti import pipeline
    from xuanti.settings import DaskSettings, load_settings
    from xuanti.store import Store

    docs = load_documents(shared_data_dir(), limit)
    settings = load_settings()
    with tempfile.TemporaryDirectory() as folder:
        stores = {name: Store(f"sqlite:///{Path(folder) / name}.db") for name in ("here", "dask")}
        for store in stores.values():
            store.upsert_documents(docs)

        pipeline.Analyser()  # the models this process loads are not timed (a worker's are)
        start = time.perf_counter()
        pipeline.analyse_documents(stores["here"], settings, batch=batch)
        here_seconds = time.perf_counter() - start

        start = time.perf_counter()
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           dashboard_address=None)
        cluster_seconds = time.perf_counter() - start
        client = distributed.Client(cluster)
        try:
            start = time.perf_counter()
            client.run(_load_models)
            warm_seconds = time.perf_counter() - start
            dask = DaskSettings(address=cluster.scheduler_address, batch=batch)
            on_dask = settings.model_copy(update={"dask": dask})
            flow = analyse_on_dask.with_options(task_runner=dask_task_runner(dask))
            from prefect.testing.utilities import prefect_test_harness

            with prefect_test_harness(server_startup_timeout=60):  # a temporary Prefect server, not timed
                start = time.perf_counter()
                flow(on_dask, stores["dask"].url)
                dask_seconds = time.perf_counter() - start
        finally:
            client.close()
            cluster.close()
        expected, got = stores["here"].analyses(), stores["dask"].analyses()
        same = {uid: asdict(a) for uid, a in got.items()} == {uid: asdict(a) for uid, a in expected.items()}
    return {
        "documents": len(docs),
        "characters": sum(len(d.title) + len(d.text) for d in docs),
        "batch": batch,
        "workers": workers,
        "cores": os.cpu_count(),
        "one_process_seconds": round(here_seconds, 2),
        "dask_seconds": round(dask_seconds, 2),
        "dask_cluster_start_seconds": round(cluster_seconds, 2),
        "dask_workers_load_models_seconds": round(warm_seconds, 2),
        "speedup": round(here_seconds / dask_seconds, 2),
        "same_analyses": same,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20000, help="how many documents (default 20000)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="Dask worker processes")
    parser.add_argument("--batch", type=int, default=2000, help="documents per task (default 2000)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    result = run(args.docs, args.workers, args.batch)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"{result['documents']} documents, {result['characters']:,} characters, batches of {result['batch']}")
        print(f"one process        {result['one_process_seconds']:8.2f} s")
        print(f"Dask, {result['workers']} workers     {result['dask_seconds']:8.2f} s "
              f"(not included: cluster start {result['dask_cluster_start_seconds']:.1f} s, "
              f"models loaded in the workers {result['dask_workers_load_models_seconds']:.1f} s)")
        print(f"speed-up {result['speedup']}x; same analyses: {result['same_analyses']}")
    return 0 if result["same_analyses"] else 1


if __name__ == "__main__":
    sys.exit(main())
