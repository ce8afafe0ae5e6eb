"""Shared fixtures: the real data folder (one setting, $XUANTI_DATA) and a fresh data home per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Unit tests never start Prefect's temporary server; flow tests opt in with the harness fixture.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from xuanti.paths import shared_data_dir, shared_labels_dir  # noqa: E402


@pytest.fixture(scope="session")
def data_dir() -> Path:
    path = shared_data_dir()
    if not path.is_dir():
        pytest.fail(f"real data folder not found: {path} (set XUANTI_DATA)")
    return path


@pytest.fixture(scope="session")
def labels_dir() -> Path:
    return shared_labels_dir()


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh XUANTI_HOME for one test."""
    path = tmp_path / "home"
    path.mkdir()
    monkeypatch.setenv("XUANTI_HOME", str(path))
    return path


@pytest.fixture
def closed_port() -> int:
    """A port of 127.0.0.1 nothing listens on: a database or site that is down."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One temporary Prefect server (SQLite) for every flow test in the session."""
    os.environ.setdefault("PREFECT_HOME", str(tmp_path_factory.mktemp("prefect")))
    os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


# -- review app (issue 5): a store filled by the real pipeline from the bundled demo material ------------
REVIEW_NIGHT = "2026-11-20"
SCRIPT_COMPLAINT = "<script>alert('xss')</script>锦绣花园物业不作为，电梯坏了一个月没人修"


def _demo_documents() -> list:
    """The demo hotline export, the demo news pages and policy documents, parsed by our extractors."""
    from extractors.hotline import read_hotline
    from extractors.page import extract_article
    from extractors.policy import extract_policy
    from xuanti.cli import DEMO_SITE
    from xuanti.paths import DEMO_CONFIG
    from xuanti.records import Document
    from xuanti.settings import load_settings

    settings = load_settings(DEMO_CONFIG)
    export = DEMO_SITE / "hotline" / "12345_export_2026-11.csv"
    docs, _errors, _ = read_hotline(export.read_bytes(), export.name, "12345热线", settings.hotline.columns)
    base = "http://127.0.0.1/demo"
    for page in sorted((DEMO_SITE / "news").glob("2026/*/*.html")):
        if page.stem.count("_") > 1:
            continue  # a later page of a paged article: read with its first page, as the crawl reads it
        url = f"{base}/news/{page.relative_to(DEMO_SITE / 'news').as_posix()}"
        later = sorted(page.parent.glob(f"{page.stem}_*.html"))
        docs.append(extract_article(page.read_bytes(), url, "清河新闻网",
                                    continued=[(more.read_bytes(), "") for more in later]))
    for page in sorted((DEMO_SITE / "policy").glob("content_*.html")):
        if page.stem.count("_") > 1:
            continue  # a later page of a paged document
        later = sorted(page.parent.glob(f"{page.stem}_*.html"))
        docs.append(extract_policy(page.read_bytes(), f"{base}/policy/{page.name}", "清河县人民政府",
                                   continued=[(more.read_bytes(), "") for more in later]))
    first = next(doc for doc in docs if doc.kind == "hotline" and doc.published)
    docs.append(Document(id="xss-1", source="12345热线", kind="hotline", title=SCRIPT_COMPLAINT[:40],
                         text=SCRIPT_COMPLAINT, published=first.published.replace(day=19), area="城关镇",
                         url="javascript:alert(1)"))
    return docs


@pytest.fixture(scope="session")
def review_seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file after one real night (store, analyse, group, rank) of the demo material."""
    from datetime import datetime

    from xuanti import pipeline
    from xuanti.paths import DEMO_CONFIG
    from xuanti.settings import load_settings
    from xuanti.store import Store

    path = tmp_path_factory.mktemp("review-seed") / "xuanti.db"
    store = Store(f"sqlite:///{path}")
    settings = load_settings(DEMO_CONFIG)
    store.upsert_documents(_demo_documents())
    tokens = pipeline.analyse_documents(store, settings)
    pipeline.group_documents(store, settings, tokens)
    pipeline.rank(store, settings, datetime.fromisoformat(f"{REVIEW_NIGHT}T23:59:59"))
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path


@pytest.fixture()
def review_home(review_seed_db: Path, tmp_path: Path) -> Path:
    """A data folder holding a fresh copy of the seeded store (each test may change it freely)."""
    import sqlite3

    folder = tmp_path / "review-home"
    folder.mkdir()
    source = sqlite3.connect(review_seed_db)
    target = sqlite3.connect(folder / "xuanti.db")
    source.backup(target)
    source.close()
    target.close()
    return folder
