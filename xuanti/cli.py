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

    extract = sub.add_parser("extract", help="print the documents extracted from a file or URL as JSON lines")
    extract.add_argument("target", help="a local file or an http(s) URL")
    extract.add_argument("--kind", choices=["page", "policy", "feed", "hotline", "file"], default="page")
    extract.add_argument("--url", default="", help="the page's original URL (for links and dates)")
    extract.add_argument("--config", help="config file (hotline column synonyms, fetch settings)")

    imp = sub.add_parser("import", help="import a local hotline export or document into the store")
    imp.add_argument("file", help="CSV/XLSX/XLS export, or a DOCX/PDF/TXT document")
    imp.add_argument("--kind", choices=["hotline", "file"], default="hotline")
    imp.add_argument("--source", default="", help="source name (default: 12345热线 for hotline, 本地材料 for files)")
    imp.add_argument("--config", help="config file (store URL, column synonyms)")

    evaluate = sub.add_parser("eval", help="evaluate the models on labelled data")
    eval_sub = evaluate.add_subparsers(dest="evaluation", required=True, parser_class=Parser, metavar="EVALUATION")
    extract_eval = eval_sub.add_parser("extract", help="article body/date on gold pages, policy metadata")
    extract_eval.add_argument("--gold", help="folder with original/, cleaned/, date/ (default: shared pages/extraction_gold)")
    extract_eval.add_argument("--policy", help="folder with index.csv + pages (default: shared policy/govcn_2019)")
    extract_eval.add_argument("--json", action="store_true", help="print one JSON object")
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


def _read_target(target: str, config: str | None) -> tuple[bytes, str]:
    """Bytes of a local file or an http(s) URL (fetched with the polite fetcher), and a charset hint."""
    if target.startswith(("http://", "https://")):
        from extractors import FetchError
        from extractors.fetch import Fetcher

        fetcher = Fetcher(_settings(config).fetch, allow_private=True)
        try:
            response = fetcher.get(target)
        except FetchError as exc:
            raise UsageError(str(exc)) from None
        finally:
            fetcher.close()
        charset = response.content_type.partition("charset=")[2].strip().strip('"')
        return response.content, charset
    path = Path(target)
    if not path.is_file():
        raise UsageError(f"{target}: file not found")
    return path.read_bytes(), ""


def cmd_extract(args: argparse.Namespace, home: Path) -> int:
    from extractors import ExtractionError
    from extractors.feed import parse_feed
    from extractors.hotline import read_hotline
    from extractors.page import extract_article
    from extractors.policy import extract_policy
    from extractors.sources import read_file_document

    data, charset = _read_target(args.target, args.config)
    url = args.url or (args.target if "://" in args.target else Path(args.target).resolve().as_uri())
    source = "extract"
    errors: list[str] = []
    try:
        if args.kind == "page":
            docs = [extract_article(data, url, source, declared_charset=charset or None)]
        elif args.kind == "policy":
            docs = [extract_policy(data, url, source, declared_charset=charset or None)]
        elif args.kind == "feed":
            docs = parse_feed(data, url, source)
        elif args.kind == "hotline":
            docs, errors, _ = read_hotline(data, Path(args.target).name, source, _settings(args.config).hotline.columns)
        else:
            docs = [read_file_document(data, args.target, source)]
    except ExtractionError as exc:
        raise UsageError(str(exc)) from None
    for doc in docs:
        record = doc.to_dict()
        record["author"] = doc.metadata.get("author", "") or doc.metadata.get("发文机关", "")
        print(json.dumps(record, ensure_ascii=False))
    for line in errors:
        print(f"skipped: {line}", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace, home: Path) -> int:
    """Import through the same path as the nightly flow: source config -> fetch -> parse -> store."""
    from extractors.sources import fetch_source, parse_source
    from xuanti.settings import FolderSource, HotlineSource

    path = Path(args.file)
    if not path.is_file():
        raise UsageError(f"{args.file}: file not found")
    settings = _settings(args.config)
    store = _open_store(settings, home)
    if args.kind == "hotline":
        source = HotlineSource(name=args.source or "12345热线", type="hotline", path=str(path.resolve()))
    else:
        source = FolderSource(name=args.source or "本地材料", type="folder", path=str(path.parent.resolve()),
                              patterns=[path.name])
    bundle = fetch_source(source, settings.fetch, store)
    result = parse_source(source, bundle, settings)
    stored = store.upsert_documents(result.documents)
    print(f"{path.name}: {len(result.documents)} imported ({stored} new or changed), "
          f"{result.skipped} skipped, {len(result.errors) + len(bundle.errors)} errors")
    for line in [*bundle.errors, *result.errors]:
        print(f"  {line}")
    return 0 if not bundle.errors else 1


def cmd_eval(args: argparse.Namespace, home: Path) -> int:
    if args.evaluation == "extract":
        from extractors.evaluate import evaluate_gold, evaluate_policy
        from xuanti.paths import shared_data_dir

        gold = Path(args.gold) if args.gold else shared_data_dir() / "pages/extraction_gold"
        policy = Path(args.policy) if args.policy else shared_data_dir() / "policy/govcn_2019"
        for folder in (gold, policy):
            if not folder.is_dir():
                raise UsageError(f"{folder}: folder not found")
        pages, policies = evaluate_gold(gold), evaluate_policy(policy)
        figures = {
            "gold": {k: v for k, v in pages.items() if k != "rows"},
            "policy": {k: v for k, v in policies.items() if k != "mismatches"},
        }
        if args.json:
            print(json.dumps(figures, ensure_ascii=False))
        else:
            g, p = figures["gold"], figures["policy"]
            print(f"pages   {gold}: {g['pages']} pages, body char-F1 {g['body_f1']:.3f}, "
                  f"date accuracy {g['date_accuracy']:.3f} ({g['date_pages']} pages with a gold date)")
            print(f"policy  {policy}: {p['pages']} pages, field accuracy {p['accuracy']:.3f}")
            for name, value in p["fields"].items():
                print(f"  {name:6s} {value:.3f}")
        return 0
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

    lines = [f"Four points, 5-fold cross-validation on {result.get('n', '?')} items"]
    header = f"{'':10s}" + "".join(f"{p + ' ' + POINT_NAMES_ZH[p]:>18s}" for p in POINTS) + f"{'macro-F1':>12s}"
    lines.append(header)

    def row(name: str, figures: dict[str, Any]) -> str:
        per = figures.get("per_point", {})
        # None: the source has no true example of that point, so F1 is undefined there.
        cells = "".join(f"{per[p]:18.3f}" if per.get(p) is not None else f"{'—':>18s}" for p in POINTS)
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
    "extract": cmd_extract,
    "import": cmd_import,
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
