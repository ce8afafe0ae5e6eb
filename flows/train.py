"""Retrain the four-point classifier and the ranking weights from editors' decisions (thin flow)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from xuanti.paths import home_dir, shared_labels_dir
from xuanti.review.train import train
from xuanti.settings import load_settings
from xuanti.store import Store


@task(name="train", cache_policy=NO_CACHE)
def train_task(config: str | None, home: str, labels: str) -> dict[str, Any]:
    settings = load_settings(config)
    store = Store.shared(settings.store.url or Store.default_url(Path(home)))
    return train(store, settings, Path(home), Path(labels))


@flow(name="train", log_prints=True)
def retrain(config: str | None = None, home: str | None = None, labels: str | None = None) -> dict[str, Any]:
    """What ``xuanti train`` does, as a flow the scheduler can run (``[schedule].train_cron``)."""
    home_path = home_dir(home)
    return train_task(config, str(home_path), labels or str(shared_labels_dir() / "points_dev.jsonl"))
