"""``xuanti review`` (the web app), ``xuanti user ...`` (editors' accounts) and ``xuanti train``."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path

from xuanti.cli_common import Handler, UsageError, open_store, settings_for


def register(sub: argparse._SubParsersAction) -> dict[str, Handler]:
    review = sub.add_parser("review", help="serve the editors' review web page (default http://127.0.0.1:8765)")
    review.add_argument("--config", help="config file ([review] host/port, store URL)")
    review.add_argument("--host", help="address to bind (default from [review], 127.0.0.1)")
    review.add_argument("--port", type=int, help="port (default from [review], 8765)")

    user = sub.add_parser("user", help="editors' accounts for the review page: add, passwd, disable")
    user.add_argument("--config", help="config file (for the store URL)")
    actions = user.add_subparsers(dest="user_action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="create an editor account")
    add.add_argument("name")
    add.add_argument("--admin", action="store_true", help="administrator")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    passwd = actions.add_parser("passwd", help="set a new password (also lifts a lockout)")
    passwd.add_argument("name")
    passwd.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    disable = actions.add_parser("disable", help="disable an account and end its sessions")
    disable.add_argument("name")

    train = sub.add_parser("train", help="retrain the four-point model and the ranking from editors' decisions")
    train.add_argument("--config", help="config file (store URL, current rank weights)")
    train.add_argument("--labels", help="labelled dev set (default: $XUANTI_LABELS/points_dev.jsonl)")
    train.add_argument("--json", action="store_true", help="print the report as JSON")
    return {"review": cmd_review, "user": cmd_user, "train": cmd_train}


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("密码 (password): ")
        if getpass.getpass("再输入一次 (again): ") != password:
            raise UsageError("两次输入的密码不一致 (passwords differ)")
    if not password:
        raise UsageError("密码为空 (empty password)")
    return password


def cmd_user(args: argparse.Namespace, home: Path) -> int:
    from xuanti.review.auth import AuthError, add_user, disable_user, set_password

    store = open_store(settings_for(args.config), home)
    try:
        if args.user_action == "add":
            add_user(store, args.name, _password(args), admin=args.admin)
            print(f"已添加用户 {args.name}{'（管理员）' if args.admin else ''}")
        elif args.user_action == "passwd":
            set_password(store, args.name, _password(args))
            print(f"已修改 {args.name} 的密码")
        else:
            disable_user(store, args.name)
            print(f"已停用用户 {args.name}")
    except AuthError as exc:
        raise UsageError(str(exc)) from None
    return 0


def cmd_review(args: argparse.Namespace, home: Path) -> int:
    import uvicorn

    from xuanti.review.app import create_app

    settings = settings_for(args.config)
    host = args.host or settings.review.host
    port = args.port if args.port is not None else settings.review.port
    app = create_app(settings, home)
    print(f"选题审阅页面：http://{host}:{port}/  （Ctrl+C 停止）", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning", proxy_headers=False)
    return 0


def cmd_train(args: argparse.Namespace, home: Path) -> int:
    from xuanti.paths import shared_labels_dir
    from xuanti.review.train import train

    settings = settings_for(args.config)
    labels = Path(args.labels) if args.labels else shared_labels_dir() / "points_dev.jsonl"
    if not labels.is_file():
        raise UsageError(f"{labels}: labelled dev set not found (--labels or XUANTI_LABELS)")
    from models.evaluate_points import LabelledDataError

    try:
        report = train(open_store(settings, home), settings, home, labels)
    except LabelledDataError as exc:  # a labelled file that is not the rubric's shape: its line and why
        raise UsageError(str(exc)) from None
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    points = report["points"]
    print(f"四要素模型：开发集 {points['dev_items']} 条 + 补充标注 {points['labelled_items']} 条 + 编辑决定 "
          f"{points['decision_items']} 条（采用 {points['accepted_items']}，不采用 {points['rejected_items']}） → "
          f"{points['path']}")
    # A document is analysed once: without this, only new documents would read the new model.
    print(f"  之后入库的文档按新模型分析；已分析的近 {settings.analysis.window_days} 天文档如需按新模型重新评估："
          "xuanti run --reanalyse")
    rank = report["rank"]
    if rank["changed"]:
        print(f"排序权重：由 {rank['decisions']} 条决定学得（可信度 {rank['trust']}） → {rank['path']}")
        print("  " + "，".join(f"{name}={value}" for name, value in rank["weights"].items()))
    else:
        print(f"排序权重未改变：{rank['why']}（现有 {rank['decisions']} 条）")
    return 0
