"""``xuanti eval``: every evaluation on labelled data, each also a subcommand with its data path as an option."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from xuanti.cli_common import Handler, UsageError


def register(sub: Any) -> dict[str, Handler]:
    evaluate = sub.add_parser("eval", help="evaluate the models on labelled data")
    eval_sub = evaluate.add_subparsers(dest="evaluation", required=True, parser_class=sub._parser_class, metavar="EVALUATION")
    extract_eval = eval_sub.add_parser("extract", help="article body/date on gold pages, policy metadata")
    extract_eval.add_argument("--gold", help="folder with original/, cleaned/, date/ (default: shared pages/extraction_gold)")
    extract_eval.add_argument("--policy", help="folder with index.csv + pages (default: shared policy/govcn_2019)")
    extract_eval.add_argument("--json", action="store_true", help="print one JSON object")
    points = eval_sub.add_parser("points", help="four-point F1 by 5-fold cross-validation")
    points.add_argument("--data", help="labelled JSON lines (default: the shared dev set)")
    points.add_argument("--folds", type=int, default=5)
    points.add_argument("--json", action="store_true", help="print one JSON object")
    return {"eval": cmd_eval}


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
