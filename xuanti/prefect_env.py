"""Prefect settings for xuanti; call before the first ``import prefect``."""

from __future__ import annotations

import logging
import os
from pathlib import Path


def configure_prefect(home: Path) -> None:
    """Keep Prefect's own state inside the data folder and quiet, unless the user set otherwise."""
    os.environ.setdefault("PREFECT_HOME", str(home / "prefect"))
    # Offline machines: the telemetry job would only log errors.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    # Editors read our own progress lines; Prefect's run logs stay in its database / UI.
    os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # The first run on a fresh data folder migrates Prefect's own database before its temporary API
    # answers. Prefect waits 20 s for that; on this two-core machine, cold, it took longer and the run stopped
    # with "Timed out while attempting to connect to ephemeral Prefect API server".
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


class _NoTracebackForFetchErrors(logging.Filter):
    """Prefect logs a failed task with its traceback; a source that cannot be fetched is no bug, and
    its one-line reason is printed by the flow in our words. Other failures keep their traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        from extractors import FetchError

        if record.exc_info and isinstance(record.exc_info[1], FetchError):
            record.exc_info = None
            record.exc_text = None
        return True


def quiet_fetch_tracebacks() -> None:
    """Install ``_NoTracebackForFetchErrors`` on Prefect's task-run logger (console runs)."""
    logger = logging.getLogger("prefect.task_runs")
    if not any(isinstance(existing, _NoTracebackForFetchErrors) for existing in logger.filters):
        logger.addFilter(_NoTracebackForFetchErrors())
