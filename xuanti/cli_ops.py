"""Operations commands: ``serve`` (scheduled runs), ``runs`` (what they did), ``briefing`` (the monthly
briefing), ``alerts test``."""

from __future__ import annotations

import argparse
import logging
import os
import re
from pathlib import Path

from xuanti.cli_common import Handler, UsageError, open_store, settings_for
from xuanti.records import RUN_STATUS_ZH

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

    runs = sub.add_parser("runs", help="the last nightly runs: each source's counts, and the errors of the latest")
    runs.add_argument("--config", help="config file (store URL)")
    runs.add_argument("--last", type=int, default=5, help="how many runs to list (default: 5)")
    runs.add_argument("--run", help="show the errors of this run id (default: the latest run)")
    runs.add_argument("--errors", type=int, default=20, help="errors to print per source (default: 20; 0 for all)")
    runs.add_argument("--json", action="store_true", help="print the runs as JSON")

    alerts = sub.add_parser("alerts", help="alert channels: send a test message to each")
    alerts.add_argument("action", choices=["test"])
    alerts.add_argument("--config", help="config file with [[alerts.channels]]")
    return {"serve": cmd_serve, "runs": cmd_runs, "briefing": cmd_briefing, "alerts": cmd_alerts}




def cmd_runs(args: argparse.Namespace, home: Path) -> int:
    """What the nightly runs did: scheduled runs have no console, so the IT person looks here."""
    import json
    from dataclasses import asdict

    store = open_store(settings_for(args.config), home)
    runs = store.runs()
    holder = store.lock_holder()
    if args.last < 1 or args.errors < 0:
        raise UsageError("--last must be at least 1 and --errors at least 0")
    chosen = runs[0] if runs else None
    if args.run:
        chosen = next((run for run in runs if run.id == args.run), None)
        if chosen is None:
            raise UsageError(f"no run with id {args.run}; recent ids: {', '.join(run.id for run in runs[:5]) or 'none'}")
    if args.json:
        print(json.dumps([asdict(run) for run in runs[: args.last]], ensure_ascii=False, default=str, indent=1))
        return 0
    if not runs:
        print("还没有夜间任务记录（xuanti run 或 xuanti serve 运行后可查）。")
        return 0
    if holder is not None:
        print(f"正在运行：任务 {holder.run_id}（{holder.acquired:%Y-%m-%d %H:%M} 在 {holder.host} 上开始，"
              f"最近活动 {holder.heartbeat:%H:%M}）")
    print(f"最近 {min(args.last, len(runs))} 次夜间任务（共 {len(runs)} 次）：")
    for run in runs[: args.last]:
        finished = f"{run.finished:%m-%d %H:%M}" if run.finished else "—"
        counts = "；".join(f"{r.source} {r.fetched}/{r.stored}/{r.failed}" for r in run.sources)
        status = RUN_STATUS_ZH.get(run.status, run.status)
        if run.status == "running" and (holder is None or holder.run_id != run.id):
            status = "已中断"  # it no longer holds the store: it died without saying so
        # A run for a historical export (--date) says which night it ranked.
        night = f"（排序日 {run.night:%Y-%m-%d}）" if run.night and run.night.date() != run.started.date() else ""
        print(f"  {run.id}  {run.started:%Y-%m-%d %H:%M} → {finished}  {status}  选题 {run.topics} 条{night}")
        print(f"      来源 文件或网页/入库/错误：{counts or '无'}")
    assert chosen is not None
    for report in chosen.sources:
        for note in report.notes:
            print(f"  提示：来源「{report.source}」{note}，请检查来源（导出文件或网址）是否更新")
    failing = [report for report in chosen.sources if report.errors]
    if not failing:
        print(f"\n{chosen.id}（{chosen.started:%Y-%m-%d %H:%M}）没有错误。")
        return 0
    print(f"\n{chosen.id}（{chosen.started:%Y-%m-%d %H:%M}）的错误：")
    for report in failing:
        shown = report.errors if args.errors == 0 else report.errors[: args.errors]
        print(f"  来源「{report.source}」{len(report.errors)} 条：")
        for error in shown:
            print(f"    {error}")
        if len(shown) < len(report.errors):
            print(f"    ……另有 {len(report.errors) - len(shown)} 条（--errors 0 显示全部）")
    return 0


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
