"""Operations commands: ``serve`` (scheduled runs), ``briefing`` (the monthly briefing), ``alerts test``."""

from __future__ import annotations

import argparse
import logging
import os
import re
from pathlib import Path

from xuanti.cli_common import Handler, UsageError, open_store, settings_for

log = logging.getLogger("xuanti")

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    serve = sub.add_parser("serve", help="serve the nightly run and the monthly briefing on cron schedules (Prefect)")
    serve.add_argument("--config", help="TOML file overriding configs/default.toml (passed to every run)")
    serve.add_argument("--nightly-cron", help="cron for the nightly run (default: [schedule].nightly_cron)")
    serve.add_argument("--briefing-cron", help="cron for the monthly briefing (default: [schedule].briefing_cron)")
    serve.add_argument("--work-pool", help="register for this Prefect process work pool instead of serving here")

    briefing = sub.add_parser("briefing", help="write the monthly briefing (信息选题参考) as DOCX and HTML")
    briefing.add_argument("--month", required=True, help="the month, YYYY-MM")
    briefing.add_argument("--config", help="config file (store URL, title, issuer)")
    briefing.add_argument("--out", help="output folder (default: [output].dir or output/ in the data folder)")

    alerts = sub.add_parser("alerts", help="alert channels: send a test message to each")
    alerts.add_argument("action", choices=["test"])
    alerts.add_argument("--config", help="config file with [[alerts.channels]]")
    return {"serve": cmd_serve, "briefing": cmd_briefing, "alerts": cmd_alerts}


def _prefect_api_url() -> str:
    from prefect.settings import PREFECT_API_URL

    return os.environ.get("PREFECT_API_URL") or (PREFECT_API_URL.value() or "")


def cmd_serve(args: argparse.Namespace, home: Path) -> int:
    settings = settings_for(args.config)
    from xuanti.prefect_env import configure_prefect

    configure_prefect(home)
    if not _prefect_api_url():
        raise UsageError(
            "xuanti serve needs a Prefect server: run `prefect server start` and set "
            "PREFECT_API_URL=http://127.0.0.1:4200/api"
        )
    work_pool = args.work_pool or settings.schedule.work_pool
    if work_pool:
        from flows.deploy import deploy_to_pool

        ids = deploy_to_pool(settings, args.config, home, work_pool, args.nightly_cron, args.briefing_cron)
        print(f"已向工作池「{work_pool}」登记 {len(ids)} 个定时任务；运行：prefect worker start --pool {work_pool}")
        return 0

    import prefect

    from flows.deploy import build_deployments

    deployments = build_deployments(settings, args.config, home, args.nightly_cron, args.briefing_cron)
    for deployment in deployments:
        cron = deployment.schedules[0].schedule.cron if deployment.schedules else ""
        log.info("定时任务 %s：%s（%s）", deployment.name, cron, settings.schedule.timezone)
    prefect.serve(*deployments, print_starting_message=False)
    return 0


def _month(value: str) -> str:
    if not _MONTH.match(value):
        raise UsageError(f"--month {value!r}: expected YYYY-MM")
    return value


def cmd_briefing(args: argparse.Namespace, home: Path) -> int:
    from xuanti.briefing import write_briefing

    month = _month(args.month)
    settings = settings_for(args.config)
    store = open_store(settings, home)
    out_dir = Path(args.out) if args.out else (Path(settings.output.dir) if settings.output.dir else home / "output")
    paths = write_briefing(store, settings, month, out_dir)
    for kind, path in sorted(paths.items()):
        print(f"  {kind:5s} {path}")
    return 0


def cmd_alerts(args: argparse.Namespace, home: Path) -> int:
    from xuanti.alerts import send_test_message

    settings = settings_for(args.config)
    results = send_test_message(settings)
    if not results:
        raise UsageError("no alert channels configured ([[alerts.channels]])")
    for name, error in sorted(results.items()):
        print(f"  {name}: {'OK' if error is None else 'FAILED ' + error}")
    return 0 if all(error is None for error in results.values()) else 1
