"""Prefect deployments for ``xuanti serve``: the nightly run and the monthly briefing on cron schedules.

Two ways to run them (see the README):

* served: ``build_deployments`` + ``prefect.serve`` in one long-running process (``xuanti serve``)
  against a Prefect server (``prefect server start``, SQLite);
* a shared server (PostgreSQL) with a process work pool: ``deploy_to_pool`` registers the same
  deployments from this source folder, and ``prefect worker start --pool NAME`` runs them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

from flows.briefing import briefing
from flows.nightly import nightly
from xuanti.paths import PROJECT_ROOT
from xuanti.settings import Settings

NIGHTLY = "xuanti-nightly"
BRIEFING = "xuanti-briefing"


def schedule_plan(
    settings: Settings,
    config: str | None,
    home: Path,
    nightly_cron: str | None = None,
    briefing_cron: str | None = None,
) -> list[dict[str, Any]]:
    """What to deploy: flow, entrypoint, deployment name, cron and the parameters each run gets."""
    # Absolute paths: the served process and a worker may start runs from another working directory.
    parameters = {"config": str(Path(config).resolve()) if config else None, "home": str(home.resolve())}
    # One office: xuanti-nightly. Many counties on one server: xuanti-nightly-<[schedule].name> each.
    suffix = f"-{settings.schedule.name}" if settings.schedule.name else ""
    area = f"（{settings.general.area}）" if settings.schedule.name else ""
    plan = [
        {"flow": nightly, "entrypoint": "flows/nightly.py:nightly", "name": NIGHTLY + suffix,
         "cron": nightly_cron or settings.schedule.nightly_cron, "description": f"夜间任务{area}：抓取、分析、归并、排序、预警"},
        {"flow": briefing, "entrypoint": "flows/briefing.py:briefing", "name": BRIEFING + suffix,
         "cron": briefing_cron or settings.schedule.briefing_cron, "description": f"每月信息选题参考{area}"},
    ]
    for item in plan:
        item["parameters"] = dict(parameters)
    return [item for item in plan if item["cron"]]


def _schedule(item: dict[str, Any], timezone: str) -> Any:
    return Cron(item["cron"], timezone=timezone, parameters=item["parameters"])


def _one_at_a_time() -> ConcurrencyLimitConfig:
    """One run of a deployment at a time: a night still running when the next is due (a slow source,
    a backlog) makes Prefect cancel the new one instead of running two over the same store. The flow's
    own store lock also covers runs started by hand or by another deployment."""
    return ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW)


def build_deployments(
    settings: Settings,
    config: str | None,
    home: Path,
    nightly_cron: str | None = None,
    briefing_cron: str | None = None,
) -> list[RunnerDeployment]:
    """Deployments for ``prefect.serve``: cron in [schedule].timezone, parameters on schedule and deployment."""
    timezone = settings.schedule.timezone
    return [
        item["flow"].to_deployment(
            name=item["name"],
            schedules=[_schedule(item, timezone)],
            parameters=item["parameters"],
            description=item["description"],
            tags=["xuanti"],
            concurrency_limit=_one_at_a_time(),
        )
        for item in schedule_plan(settings, config, home, nightly_cron, briefing_cron)
    ]


def deploy_to_pool(
    settings: Settings,
    config: str | None,
    home: Path,
    work_pool: str,
    nightly_cron: str | None = None,
    briefing_cron: str | None = None,
) -> list[str]:
    """Register the deployments on the server for a process work pool; returns their ids."""
    from prefect import Flow

    timezone = settings.schedule.timezone
    ids = []
    for item in schedule_plan(settings, config, home, nightly_cron, briefing_cron):
        # The worker loads the flow from this project folder (same machine or a shared path).
        remote = Flow.from_source(source=str(PROJECT_ROOT), entrypoint=item["entrypoint"])
        deployment_id = remote.deploy(
            name=item["name"],
            work_pool_name=work_pool,
            schedules=[_schedule(item, timezone)],
            parameters=item["parameters"],
            description=item["description"],
            tags=["xuanti"],
            concurrency_limit=_one_at_a_time(),
            build=False,
            push=False,
            print_next_steps=False,
            ignore_warnings=True,  # a process pool is the documented choice here
        )
        ids.append(str(deployment_id))
    return ids
