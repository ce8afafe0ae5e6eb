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


class _NoTracebackFor(logging.Filter):
    """Prefect logs a failed task or flow with its traceback. A source that cannot be fetched, or a
    store that is busy or unreachable, is no bug: the flow or the CLI says why in our words (a fetch
    error's line stays, without its traceback; a store's is the CLI's alone). Other failures keep theirs."""

    def __init__(self, expected: str) -> None:
        super().__init__()
        self.expected = expected  # "fetch" or "busy": imported late, after configure_prefect

    def _types(self) -> tuple[type[BaseException], ...]:
        if self.expected == "fetch":
            from extractors import FetchError

            return (FetchError,)
        from xuanti.store import StoreError

        return (StoreError,)

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], self._types()):
            if self.expected == "busy":
                return False  # the CLI prints the reason once, itself
            record.exc_info = None
            record.exc_text = None
        return True


def quiet_expected_tracebacks() -> None:
    """Drop the traceback of a ``FetchError`` (Prefect's task-run logger) and the line of a
    ``StoreError`` (its flow-run logger: the CLI says it) on the console."""
    for name, expected in (("prefect.task_runs", "fetch"), ("prefect.flow_runs", "busy")):
        logger = logging.getLogger(name)
        if not any(isinstance(existing, _NoTracebackFor) for existing in logger.filters):
            logger.addFilter(_NoTracebackFor(expected))
