"""The ``xuanti`` command line: one parser, subcommands, one clear line and exit code 2 on bad input."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from xuanti import __version__
from xuanti.paths import DEMO_CONFIG, home_dir

log = logging.getLogger("xuanti")

DEMO_DATE = "2026-11-20"
DEMO_SITE = Path(__file__).resolve().parent / "demo" / "site"


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit code 2."""


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One clear line instead of argparse's usage block.
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> Parser:
    parser = Parser(prog="xuanti", description="选题：夜间读取新闻、政策与12345热线，为信息科推荐选题。")
    parser.add_argument("--version", action="version", version=f"xuanti {__version__}")
    parser.add_argument("--home", help="data folder (default: $XUANTI_HOME or ~/.xuanti)")
    parser.add_argument("-q", "--quiet", action="store_true", help="only print results and errors")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser, metavar="COMMAND")

    demo = sub.add_parser("demo", help="serve the bundled demo on 127.0.0.1 and run the nightly job on it")
    demo.add_argument("--port", type=int, default=0, help="port for the demo site (default: any free port)")
    demo.add_argument("--top", type=int, default=15, help="how many topics to print")

    run = sub.add_parser("run", help="run the nightly job once")
    run.add_argument("--config", help="TOML file overriding configs/default.toml")
    run.add_argument("--date", help="the night to process, YYYY-MM-DD (default: now)")
    run.add_argument("--top", type=int, default=20, help="how many topics to print")

    topics = sub.add_parser("topics", help="print the ranked topics of the latest (or a given) night")
    topics.add_argument("--format", choices=["table", "csv", "json"], default="table")
    topics.add_argument("--date", help="latest ranking on or before YYYY-MM-DD")
    topics.add_argument("--limit", type=int, default=0, help="at most this many (0: all)")
    topics.add_argument("--config", help="config file (for the store URL)")

    classify = sub.add_parser("classify", help="add points, scores and warning to JSON lines")
    classify.add_argument("input", help="JSON lines with at least id and text ('-' for standard input)")
    classify.add_argument("-o", "--output", help="output file (default: standard output)")

    evaluate = sub.add_parser("eval", help="evaluate the models on labelled data")
    eval_sub = evaluate.add_subparsers(dest="evaluation", required=True, parser_class=Parser, metavar="EVALUATION")
    points = eval_sub.add_parser("points", help="four-point F1 by 5-fold cross-validation")
    points.add_argument("--data", help="labelled JSON lines (default: the shared dev set)")
    points.add_argument("--folds", type=int, default=5)
    points.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


# -- helpers ---------------------------------------------------------------------------------------
def _setup_logging(quiet: bool) -> None:
    from rich.logging import RichHandler

    handler = RichHandler(show_path=False, show_time=False, markup=False, console=_stderr_console())
    log.handlers[:] = [handler]
    log.setLevel(logging.WARNING if quiet else logging.INFO)
    log.propagate = False


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(stderr=True)


def _settings(config: str | None) -> Any:
    from xuanti.settings import load_settings

    return load_settings(config)


def _open_store(settings: Any, home: Path) -> Any:
    from xuanti.store import Store

    return Store(settings.store.url or Store.default_url(home))


def _read_jsonl(path: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Lines of a JSON-lines file; a bad line is a UsageError naming its line number."""
    if path == "-":
        handle: TextIO = sys.stdin
    else:
        if not Path(path).is_file():
            raise UsageError(f"{path}: file not found")
        handle = open(path, encoding="utf-8-sig")  # noqa: SIM115 (closed below)
    try:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UsageError(f"{path}: line {number}: not valid JSON ({exc.msg})") from None
            if not isinstance(item, dict) or "id" not in item or "text" not in item:
                raise UsageError(f"{path}: line {number}: each line needs an object with 'id' and 'text'")
            yield number, item
    finally:
        if handle is not sys.stdin:
            handle.close()


def _output(path: str | None) -> TextIO:
    return open(path, "w", encoding="utf-8") if path else sys.stdout  # noqa: SIM115


# -- commands --------------------------------------------------------------------------------------
def _run_nightly(config: str | None, home: Path, date: str | None) -> dict[str, Any]:
    from xuanti.prefect_env import configure_prefect

    configure_prefect(home)
    from flows.nightly import nightly

    return nightly(config=config, home=str(home), date=date)


def _print_topics(store: Any, top: int) -> None:
    from xuanti.export import console_table

    console_table(store.topics(), limit=top)


def cmd_demo(args: argparse.Namespace, home: Path) -> int:
    from xuanti.localserver import LocalServer

    demo_home = home / "demo"
    demo_home.mkdir(parents=True, exist_ok=True)
    previous = os.environ.get("XUANTI_DEMO_URL")
    with LocalServer(root=DEMO_SITE, port=args.port, substitute={}) as server:
        os.environ["XUANTI_DEMO_URL"] = server.base_url
        log.info("演示网站已在 %s 启动（新闻网站、RSS、政策文件、12345热线导出）", server.base_url)
        try:
            result = _run_nightly(str(DEMO_CONFIG), demo_home, DEMO_DATE)
        finally:
            if previous is None:
                os.environ.pop("XUANTI_DEMO_URL", None)
            else:
                os.environ["XUANTI_DEMO_URL"] = previous
    settings = _settings(str(DEMO_CONFIG))
    store = _open_store(settings, demo_home)
    _print_topics(store, args.top)
    print(f"\n结果文件 (outputs): {demo_home / 'output'}")
    for kind, path in sorted(result["outputs"].items()):
        print(f"  {kind:5s} {path}")
    print(f"数据库 (store): {result['store']}")
    return 0


def cmd_run(args: argparse.Namespace, home: Path) -> int:
    settings = _settings(args.config)  # fail fast on a bad config, before Prefect starts
    result = _run_nightly(args.config, home, args.date)
    _print_topics(_open_store(settings, home), args.top)
    for kind, path in sorted(result["outputs"].items()):
        print(f"  {kind:5s} {path}")
    return 0 if result["status"] == "ok" else 1


def cmd_topics(args: argparse.Namespace, home: Path) -> int:
    from datetime import datetime, timedelta

    from xuanti.export import console_table, csv_text, topic_json

    store = _open_store(_settings(args.config), home)
    ranked_on = None
    if args.date:
        try:
            day = datetime.strptime(args.date, "%Y-%m-%d")
        except ValueError:
            raise UsageError(f"--date {args.date!r}: expected YYYY-MM-DD") from None
        ranked_on = store.latest_ranking(until=day + timedelta(days=1))
        if ranked_on is None:
            raise UsageError(f"no ranking on or before {args.date}")
    topics = store.topics(ranked_on=ranked_on, limit=args.limit or None)
    if args.format == "json":
        json.dump([topic_json(t) for t in topics], sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif args.format == "csv":
        sys.stdout.write(csv_text(topics))
    else:
        console_table(topics, limit=args.limit or len(topics) or 1)
    return 0


def cmd_classify(args: argparse.Namespace, home: Path) -> int:
    rows = [item for _, item in _read_jsonl(args.input)]  # bad input fails before models load
    from models.points import load_points_model
    from models.tokenize import tokenize
    from models.warning import load_warning_model
    from xuanti.records import POINTS

    points_model, warning_model = load_points_model(), load_warning_model()
    items = [
        {
            "title": str(row.get("title") or ""),
            "text": str(row.get("text") or ""),
            "source": str(row.get("source") or "news"),
            "tokens": tokenize(f"{row.get('title') or ''}\n{row.get('text') or ''}"),
        }
        for row in rows
    ]
    labels = points_model.predict(items) if items else []
    proba = points_model.predict_proba(items) if items else []
    warnings = warning_model.predict(items) if items else []
    out = _output(args.output)
    try:
        for row, label, prob, warning in zip(rows, labels, proba, warnings, strict=True):
            row["points"] = [p for p, flag in zip(POINTS, label, strict=True) if flag]
            row["scores"] = {p: round(float(v), 4) for p, v in zip(POINTS, prob, strict=True)}
            row["warning"] = str(warning)
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0


def cmd_eval(args: argparse.Namespace, home: Path) -> int:
    if args.evaluation == "points":
        from models.evaluate_points import evaluate_points
        from xuanti.paths import shared_labels_dir

        path = Path(args.data) if args.data else shared_labels_dir() / "points_dev.jsonl"
        if not path.is_file():
            raise UsageError(f"{path}: file not found")
        result = evaluate_points(path, folds=args.folds)
        print(json.dumps(result, ensure_ascii=False) if args.json else format_points_report(result))
    return 0


def format_points_report(result: dict[str, Any]) -> str:
    """The points evaluation as a small plain-text table."""
    from xuanti.records import POINT_NAMES_ZH, POINTS

    lines = [f"Four points, {result.get('folds', 5)}-fold cross-validation on {result.get('n', '?')} items"]
    header = f"{'':10s}" + "".join(f"{p + ' ' + POINT_NAMES_ZH[p]:>18s}" for p in POINTS) + f"{'macro-F1':>12s}"
    lines.append(header)

    def row(name: str, figures: dict[str, Any]) -> str:
        per = figures.get("per_point", {})
        cells = "".join(f"{per.get(p, float('nan')):18.3f}" for p in POINTS)
        return f"{name:10s}{cells}{figures.get('macro_f1', float('nan')):12.3f}"

    lines.append(row("all", result))
    for source, figures in sorted(result.get("per_source", {}).items()):
        lines.append(row(source, figures))
    warning = result.get("warning")
    if warning:
        lines.append(
            "warning: "
            + ", ".join(f"{k} {v:.3f}" for k, v in warning.items() if isinstance(v, int | float))
        )
    return "\n".join(lines)


COMMANDS = {
    "demo": cmd_demo,
    "run": cmd_run,
    "topics": cmd_topics,
    "classify": cmd_classify,
    "eval": cmd_eval,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _setup_logging(args.quiet)
    from xuanti.settings import ConfigError

    try:
        home = home_dir(args.home)
        return COMMANDS[args.command](args, home)
    except (UsageError, ConfigError) as exc:
        print(f"xuanti: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("xuanti: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
