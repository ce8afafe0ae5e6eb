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


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One temporary Prefect server (SQLite) for every flow test in the session."""
    os.environ.setdefault("PREFECT_HOME", str(tmp_path_factory.mktemp("prefect")))
    os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield
