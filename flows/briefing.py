"""The monthly briefing flow (信息选题参考): a thin wrapper over ``xuanti.briefing``.

Scheduled by ``xuanti serve`` (default the 25th, 08:00 Asia/Shanghai). Without ``month`` it briefs
the month the run falls in ([schedule].briefing_month = "current": on the 25th most of the month is
in, and the briefing guides the month ahead) or the month before ("previous", for a run on the 1st).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from xuanti.briefing import write_briefing
from xuanti.paths import home_dir
from xuanti.settings import Settings, load_settings
from xuanti.store import Store


def month_for_run(moment: datetime, which: str) -> str:
    """``YYYY-MM`` of the run's month, or of the month before it."""
    if which == "previous":
        year, month = (moment.year, moment.month - 1) if moment.month > 1 else (moment.year - 1, 12)
        return f"{year:04d}-{month:02d}"
    return f"{moment:%Y-%m}"


@task(name="write briefing", cache_policy=NO_CACHE)
def write_task(settings: Settings, store_url: str, month: str, out_dir: Path) -> dict[str, str]:
    paths = write_briefing(Store.shared(store_url), settings, month, out_dir)
    return {kind: str(path) for kind, path in paths.items()}


@flow(name="briefing", log_prints=True)
def briefing(config: str | None = None, home: str | None = None, month: str | None = None) -> dict[str, str]:
    """Write the month's briefing as DOCX and HTML into the output folder; returns their paths."""
    settings = load_settings(config)
    home_path = home_dir(home)
    store_url = settings.store.url or Store.default_url(home_path)
    month = month or month_for_run(datetime.now(ZoneInfo(settings.schedule.timezone)), settings.schedule.briefing_month)
    out_dir = Path(settings.output.dir) if settings.output.dir else home_path / "output"
    return write_task(settings, store_url, month, out_dir)
