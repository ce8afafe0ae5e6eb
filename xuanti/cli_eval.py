"""``xuanti eval``: every evaluation on labelled data, each also a subcommand with its data path as an option."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xuanti.cli_common import Handler, UsageError

FLOORS_FILE = Path(__file__).resolve().parent.parent / "tests" / "eval_floors.toml"


SHIPPED_HELP = ("score the shipped models as they are on --data (no cross-validation, no refit): how they do "
                "on held-out labelled data; the report counts the items that were in their training data")
REPEATS_HELP = ("repeat the cross-validation with fold seeds 0..N-1 and add each figure's mean, min and max "
                "(the report itself is seed 0's; 460 or 1,842 items move by ~0.01 between fold seeds)")
# The figures summarised over fold seeds: dotted names (``flatten``) or their prefixes.
REPEATED_FIGURES: dict[str, tuple[str, ...]] = {
    "points": ("macro_f1", "per_point.", "calibration.ece", "calibration.brier", "warning.alert_recall",
               "warning.alert_precision", "later_news.macro_f1", "other_boards.alert_recall",
               "other_boards.alert_precision", "other_stories.alert_recall", "other_stories.alert_precision"),
    "category": ("accuracy", "per_class."),
    "sentiment": ("accuracy", "negative_recall", "negative_precision"),
}


def over_seeds(name: str, evaluate: Callable[[int], dict[str, Any]], repeats: int) -> dict[str, Any]:
    """Seed 0's figures; with ``repeats`` > 1 also ``over_seeds``: {figure: {mean, min, max}} over
    fold seeds 0..repeats-1 for the figures of ``REPEATED_FIGURES[name]``."""
    import sys

    if repeats < 1:
        raise UsageError(f"--repeats must be at least 1, not {repeats}")
    results = []
    for seed in range(repeats):
        if repeats > 1:
            print(f"[{name}] 第 {seed + 1}/{repeats} 轮 (seed {seed})…", file=sys.stderr, flush=True)
        results.append(evaluate(seed))
    first = results[0]
    if repeats > 1:
        flats = [flatten(result) for result in results]
        summary: dict[str, Any] = {"seeds": repeats}
        for figure, value in flats[0].items():
            if not figure.startswith(REPEATED_FIGURES.get(name, ())) or not isinstance(value, int | float):
                continue
            values = [flat.get(figure) for flat in flats]
            if all(isinstance(v, int | float) for v in values):
                summary[figure] = {"mean": round(sum(values) / len(values), 4),
                                   "min": round(min(values), 4), "max": round(max(values), 4)}
        first["over_seeds"] = summary
    return first


def register(sub: Any) -> dict[str, Handler]:
    evaluate = sub.add_parser("eval", help="evaluate the models on labelled data")
    eval_sub = evaluate.add_subparsers(dest="evaluation", required=True, parser_class=sub._parser_class, metavar="EVALUATION")
    extract_eval = eval_sub.add_parser("extract", help="article body/date on gold pages, policy metadata, "
                                                        "article links on index pages")
    extract_eval.add_argument("--gold", help="folder with original/, cleaned/, date/ (default: shared pages/extraction_gold)")
    extract_eval.add_argument("--policy", help="folder with index.csv + pages (default: shared policy/govcn_2019)")
    extract_eval.add_argument("--links", help="index pages with their article-link regex, JSON (default: "
                                              "extractors/gold/index_links.json; pages under --data)")
    extract_eval.add_argument("--data", help="folder the --links pages and the 新闻联播 site, feed and transcripts "
                                             "are under (default: the shared data folder)")
    extract_eval.add_argument("--json", action="store_true", help="print one JSON object")
    points = eval_sub.add_parser("points", help="four-point F1 by 5-fold cross-validation")
    points.add_argument("--data", help="labelled JSON lines, or a sheet (XLSX/CSV) headed 标题, 正文, 来源, "
                        "四点, 预警 (default: the shared dev set)")
    points.add_argument("--folds", type=int, default=5)
    points.add_argument("--repeats", type=int, default=1, help=REPEATS_HELP)
    points.add_argument("--shipped", action="store_true", help=SHIPPED_HELP)
    points.add_argument("--no-extra", action="store_true",
                        help="train each fold on --data alone, without the news stories and letters we labelled "
                             "(models/resources/news_labels.tsv, letter_labels.tsv) that the shipped models "
                             "also learn from")
    points.add_argument("--json", action="store_true", help="print one JSON object")
    warning = eval_sub.add_parser("warning", help="complaint-burst alerts on a hotline timeline with injected bursts")
    warning.add_argument("--hotline", help="hotline export, XLSX/CSV (default: shared tipdm2020c messages_with_votes.xlsx)")
    warning.add_argument("--seed", type=int, default=0)
    warning.add_argument("--rounds", type=int, default=3, help="injection rounds (bursts at different days)")
    warning.add_argument("--json", action="store_true", help="print one JSON object")
    sentiment = eval_sub.add_parser("sentiment", help="negative-sentiment accuracy on the held-out ChnSentiCorp split")
    sentiment.add_argument("--data", help="data folder holding sentiment/ (default: the shared data folder), or "
                           "a labelled review file (CSV/TSV, JSON lines or a sheet, with label or 情感倾向 and review/text "
                           "or 正文 columns; 中性 rows are left out) or a folder of one review a file under pos/ "
                           "and neg/ (ChnSentiCorp's first form), all of it held out")
    sentiment.add_argument("--repeats", type=int, default=1,
                           help="also hold out the splits of seeds 1..N-1, retraining for each (about 10 s a split), "
                           "and add each figure's mean, min and max; the report itself is the shipped model's "
                           "(split seed 0)")
    sentiment.add_argument("--json", action="store_true", help="print one JSON object")
    topics = eval_sub.add_parser("topics", help="grouping ARI and reprint precision/recall on labelled event news")
    topics.add_argument("--data", help="JSON lines with event, date, title, body (default: shared event_news.jsonl)")
    topics.add_argument("--hotline", help="hotline export whose hot issues the --hot-issues file lists (default: "
                        "shared tipdm2020c messages_with_votes.xlsx; none with --data unless given)")
    topics.add_argument("--hot-issues", dest="hot_issues", help="issue<TAB>estate<TAB>message id lines (default: "
                        "models/gold/hot_issues.tsv)")
    topics.add_argument("--area", help="the export's own city, never a reason to group (default: A市)")
    topics.add_argument("--json", action="store_true", help="print one JSON object")
    category = eval_sub.add_parser("category", help="hotline 一级分类 accuracy by 5-fold cross-validation")
    category.add_argument("--data", help="category<TAB>text lines, or a hotline export (XLSX/XLS/CSV/JSON) with a "
                          "一级分类 column (default: shared labelled_category_text.tsv)")
    category.add_argument("--extra", help="extra labelled workbook used for training only (default: shared "
                          "labelled_sample.xlsx next to the default data; none with --data)")
    category.add_argument("--taxonomy", help="category-name workbook (一级/二级/三级分类) for the classifier's lexicon "
                          "(default: the shared taxonomy.xlsx; its names join training only for classes the data has)")
    category.add_argument("--folds", type=int, default=5)
    category.add_argument("--repeats", type=int, default=1, help=REPEATS_HELP)
    category.add_argument("--shipped", action="store_true", help=SHIPPED_HELP)
    category.add_argument("--json", action="store_true", help="print one JSON object")
    places = eval_sub.add_parser("places", help="place extraction on hand-labelled real hotline messages")
    places.add_argument("--gold", help="split/file/id/places TSV (default: models/gold/places.tsv)")
    places.add_argument("--data", help="folder the gold file's exports are under (default: the shared data folder)")
    places.add_argument("--json", action="store_true", help="print one JSON object")
    every = eval_sub.add_parser("all", help="every evaluation on the shared data, one table (same as plain 'eval')")
    every.add_argument("--json", action="store_true", help="print one JSON object")
    # 'xuanti eval' alone runs everything.
    evaluate.add_argument("--json", action="store_true", help="with no evaluation named: print one JSON object")
    eval_sub.required = False
    return {"eval": cmd_eval}


def cmd_eval(args: argparse.Namespace, home: Path) -> int:
    if args.evaluation in (None, "all"):
        return run_all(args.json)
    if args.evaluation in RUNNERS:
        figures = RUNNERS[args.evaluation](args)
        if args.json:
            print(json.dumps(figures, ensure_ascii=False, default=str))
        else:
            print(format_figures(args.evaluation, figures, floors=not _other_data(args)))
        return 0
    if args.evaluation == "extract":
        figures = run_extract(args)
        if args.json:
            print(json.dumps(figures, ensure_ascii=False))
        else:
            g, p, k = figures["gold"], figures["policy"], figures["links"]
            print(f"pages   {figures['folders']['gold']}: {g['pages']} pages, body char-F1 {g['body_f1']:.3f}, "
                  f"date accuracy {'-' if g['date_accuracy'] is None else format(g['date_accuracy'], '.3f')} "
                  f"({g['date_pages']} pages with a gold date)")
            for line in g.get("unread", []):  # the extractor's misses, scored as such
                print(f"  unread: {line}")
            if g.get("no_gold_body"):
                print(f"  {len(g['no_gold_body'])} pages without a cleaned/ text, counted for the date only: "
                      + ", ".join(g["no_gold_body"][:5]))
            print(f"policy  {figures['folders']['policy']}: {p['pages']} pages, field accuracy {p['accuracy']:.3f}")
            for name, value in p["fields"].items():
                print(f"  {name:6s} {value:.3f}")
            print(f"links   {figures['folders']['links']}: {k['pages']} index pages of {k['sites']} sites, article "
                  f"links without a link_pattern: precision {k['precision']:.3f}, recall {k['recall']:.3f} "
                  f"(every link: precision {k['all_links_precision']:.3f})")
            b = figures["bulletins"]
            print(f"bulletins {b['stories']} stories of 新闻联播's 快讯 pages and 文字版 feed: headlines precision "
                  f"{b['precision']:.3f}, recall {b['recall']:.3f}; {b['contents_pages']} programme contents pages "
                  f"dropped {b['contents_dropped']:.3f}")
        return 0
    if args.evaluation == "points":
        from models.evaluate_points import LabelledDataError, evaluate_points, evaluate_shipped_points
        from xuanti.paths import shared_labels_dir

        path = Path(args.data) if args.data else shared_labels_dir() / "points_dev.jsonl"
        if not path.is_file():
            raise UsageError(f"{path}: file not found")
        try:
            if getattr(args, "shipped", False):
                _no_repeats_when_shipped(args)
                result = evaluate_shipped_points(path)
            else:
                result = over_seeds(
                    "points",
                    lambda seed: evaluate_points(path, folds=args.folds, seed=seed, extra=not args.no_extra),
                    getattr(args, "repeats", 1),
                )
        except LabelledDataError as exc:
            raise UsageError(str(exc)) from None
        print(json.dumps(result, ensure_ascii=False) if args.json else format_points_report(result))
    return 0


def format_points_report(result: dict[str, Any]) -> str:
    """The points evaluation as a small plain-text table."""
    from xuanti.records import POINT_NAMES_ZH, POINTS

    if result.get("protocol") == "shipped":
        lines = [f"Four points, the shipped models on {result.get('n', '?')} items (no refit)"]
        lines += _seen_line(result)
    else:
        lines = [f"Four points, 5-fold cross-validation on {result.get('n', '?')} items"]
    header = f"{'':10s}" + "".join(f"{p + ' ' + POINT_NAMES_ZH[p]:>18s}" for p in POINTS) + f"{'macro-F1':>12s}"
    lines.append(header)

    def row(name: str, figures: dict[str, Any], counts: bool = False) -> str:
        per, positives = figures.get("per_point", {}), figures.get("positives", {})

        def cell(point: str) -> str:
            # None: the source has no true example of that point, so F1 is undefined there.
            if per.get(point) is None:
                return f"{'—':>18s}"
            shown = f"{per[point]:.3f}" + (f" ({positives[point]})" if counts and point in positives else "")
            return f"{shown:>18s}"

        return f"{name:10s}{''.join(cell(p) for p in POINTS)}{figures.get('macro_f1', float('nan')):12.3f}"

    lines.append(row("all", result))
    for source, figures in sorted(result.get("per_source", {}).items()):
        lines.append(row(source, figures, counts=True))
    if result.get("per_source"):
        # A source's F1 over one or five labelled items says little; the count shows how little.
        lines.append("(n): items of that source labelled with the point")
    calibration = result.get("calibration")
    if calibration:
        # Out-of-fold probabilities against what happened: 0 is perfect, Brier also counts sharpness.
        lines.append(
            f"calibration: ECE {calibration['ece']:.3f}, Brier {calibration['brier']:.3f} ("
            + ", ".join(f"{p} {figures['ece']:.3f}" for p, figures in calibration["per_point"].items())
            + ")"
        )
    warning = result.get("warning")
    if warning:
        lines.append(
            "warning: "
            + ", ".join(f"{k} {v:.3f}" for k, v in warning.items() if isinstance(v, int | float))
        )
    for name, what in (("other_boards", "letters of other cities' boards"), ("other_stories", "news stories")):
        unlearnt = result.get(name)
        if unlearnt:
            lines.append(f"warning on {unlearnt['n']} {what} we labelled ({unlearnt['alerts']} alerts; levels never "
                         f"learnt, mean of the fold models): alert recall {unlearnt['alert_recall']:.3f}, "
                         f"precision {unlearnt['alert_precision']:.3f}, accuracy {unlearnt['accuracy']:.3f}")
    later = result.get("later_news")
    if later:
        lines.append(f"later news: fitted without the {later['n']} news items dated from {later['since']} and "
                     f"scored on them, macro-F1 {later['macro_f1']:.3f} ("
                     + ", ".join(f"{p} {v:.3f}" for p, v in later["per_point"].items() if v is not None) + ")")
    if result.get("extra_training") is not None:
        lines.append(f"each fold also trained on {result['extra_training']} news stories and letters we labelled "
                     "(models/resources/news_labels.tsv, letter_labels.tsv), as the shipped models are; "
                     "--no-extra leaves them out")
    if result.get("extra_missing"):
        lines.append(f"note: {result['extra_missing']} of those were left out: the data folder has no "
                     "transcript or export with their text, or --data holds them")
    if result.get("latent_skipped"):
        lines.append(f"note: no unlabelled corpora at {result['latent_skipped']}: the refitted models went without "
                     "the latent block the shipped ones have (on the dev set, macro-F1 0.910 rather than 0.916 "
                     "over fold seeds 0-4); set XUANTI_DATA to the shared data folder")
    if result.get("source_missing"):
        # The source kind is one of the models' strongest inputs: hotline letters read as news lose most.
        lines.append(f"note: {result['source_missing']} items have no source; they were read as news, so any "
                     "hotline letters or policy documents among them score lower than they would with theirs")
    if result.get("warning_unlabelled"):
        lines.append(f"warning: {result['warning_unlabelled']} items have no warning level; they are left out of "
                     "the warning figures" + ("" if warning else " (so there are none)"))
    return "\n".join(lines + _spread_lines(result))


def _seen_line(result: dict[str, Any]) -> list[str]:
    """A warning line when held-out figures were partly measured on the models' own training data."""
    seen = result.get("seen_in_training")
    if not seen:
        return []
    total = result.get("n", result.get("n_test"))
    return [f"note: {seen} of {total} items are in the models' training data; on those the "
            "figures measure fit, not how the models do on new data"]


def _no_repeats_when_shipped(args: argparse.Namespace) -> None:
    if getattr(args, "repeats", 1) != 1:
        raise UsageError("--repeats repeats a cross-validation; --shipped scores the shipped models once")


def _pad(text: str, width: int = 28) -> str:
    """``text`` padded to ``width`` terminal columns: a Chinese character takes two (per_class.交通运输)."""
    import unicodedata

    shown = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(1, width - shown)


def _spread_lines(figures: dict[str, Any]) -> list[str]:
    """The spread over fold seeds (``over_seeds`` in the figures) as text lines; none without repeats."""
    repeated = figures.get("over_seeds")
    if not repeated:
        return []
    lines = [f"over {repeated['seeds']} seeds (mean, min-max; fold seeds, or held-out split seeds for sentiment):"]
    for figure, spread in repeated.items():
        if isinstance(spread, dict):
            lines.append(f"  {_pad(figure)}{spread['mean']:.3f}  {spread['min']:.3f}-{spread['max']:.3f}")
    return lines


# -- the evaluations added for issue 4 ---------------------------------------------------------------
def _existing(path: Path, what: str = "file") -> Path:
    if not (path.is_file() if what == "file" else path.is_dir()):
        raise UsageError(f"{path}: {what} not found")
    return path


def run_warning(args: argparse.Namespace) -> dict[str, Any]:
    from models.evaluate_warning import evaluate_warning
    from xuanti.paths import shared_data_dir

    default = shared_data_dir() / "hotline/tipdm2020c/messages_with_votes.xlsx"
    path = _existing(Path(getattr(args, "hotline", None) or default))
    try:
        return evaluate_warning(path, seed=getattr(args, "seed", 0), rounds=getattr(args, "rounds", 3))
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def run_sentiment(args: argparse.Namespace) -> dict[str, Any]:
    from models.evaluate_sentiment import (
        ReviewDataError,
        evaluate_sentiment,
        evaluate_sentiment_file,
        is_review_folder,
    )
    from xuanti.paths import shared_data_dir

    data = getattr(args, "data", None)
    if data and (Path(data).is_file() or is_review_folder(Path(data))):
        if getattr(args, "repeats", 1) != 1:
            raise UsageError("--repeats holds out other splits of the shared corpus; a file or review folder is "
                             "scored once")
        try:
            return evaluate_sentiment_file(Path(data))
        except ReviewDataError as exc:
            raise UsageError(str(exc)) from None
    folder = _existing(Path(data or shared_data_dir()), "folder")
    if not (folder / "sentiment").is_dir() and folder.name == "sentiment":
        folder = folder.parent  # the sentiment folder itself was given
    from models.sentiment import HELD_OUT_SOURCE

    _existing(folder / "sentiment" / HELD_OUT_SOURCE, "file")  # named as a usage error, not a traceback
    # Seed 0's split is the shipped model's; any other split needs a model that never saw it.
    return over_seeds(
        "sentiment", lambda seed: evaluate_sentiment(folder, seed=seed, retrain=seed != 0), getattr(args, "repeats", 1)
    )


def run_topics(args: argparse.Namespace) -> dict[str, Any]:
    from models.topics import EventNewsDataError, evaluate_grouping
    from xuanti.paths import shared_data_dir

    data = getattr(args, "data", None)
    path = _existing(Path(data or shared_data_dir() / "news/event_news/event_news.jsonl"))
    try:
        figures = evaluate_grouping(path)
    except EventNewsDataError as exc:
        raise UsageError(str(exc)) from None
    hotline = getattr(args, "hotline", None)
    if hotline or not data:
        from models.evaluate_hot_issues import DEFAULT_AREA, GOLD_FILE, HotIssueDataError, evaluate_hot_issues

        export = _existing(Path(hotline or shared_data_dir() / "hotline/tipdm2020c/messages_with_votes.xlsx"))
        gold = _existing(Path(getattr(args, "hot_issues", None) or GOLD_FILE))
        try:
            figures["hot_issues"] = evaluate_hot_issues(export, gold, area=getattr(args, "area", None) or DEFAULT_AREA)
        except HotIssueDataError as exc:
            raise UsageError(str(exc)) from None
    return figures


def run_category(args: argparse.Namespace) -> dict[str, Any]:
    from models.evaluate_category import CategoryDataError, evaluate_category
    from xuanti.paths import shared_data_dir

    folder = shared_data_dir() / "hotline/tipdm2020c"
    data = getattr(args, "data", None)
    path = _existing(Path(data) if data else folder / "labelled_category_text.tsv")
    extra = getattr(args, "extra", None)
    extra_path = _existing(Path(extra)) if extra else (None if data else folder / "labelled_sample.xlsx")
    taxonomy = getattr(args, "taxonomy", None)
    # The taxonomy is the classifier's lexicon of category names, not data: used with --data too (only
    # the names of classes the data has join training), so the model measured is the one shipped.
    taxonomy_path = _existing(Path(taxonomy)) if taxonomy else folder / "taxonomy.xlsx"
    try:
        if getattr(args, "shipped", False):
            from models.evaluate_category import evaluate_shipped_category

            _no_repeats_when_shipped(args)
            return evaluate_shipped_category(
                path, training=(folder / "labelled_category_text.tsv", folder / "labelled_sample.xlsx")
            )
        return over_seeds(
            "category",
            lambda seed: evaluate_category(
                path, extra=extra_path, folds=getattr(args, "folds", 5), seed=seed,
                taxonomy=taxonomy_path if taxonomy_path.is_file() else None,
            ),
            getattr(args, "repeats", 1),
        )
    except CategoryDataError as exc:
        raise UsageError(str(exc)) from None


def run_points(args: argparse.Namespace) -> dict[str, Any]:
    from models.evaluate_points import evaluate_points
    from xuanti.paths import shared_labels_dir

    return evaluate_points(_existing(shared_labels_dir() / "points_dev.jsonl"))


def run_extract(args: argparse.Namespace) -> dict[str, Any]:
    from extractors.evaluate import (
        INDEX_LINKS_GOLD,
        GoldDataError,
        evaluate_bulletins,
        evaluate_gold,
        evaluate_links,
        evaluate_policy,
    )
    from xuanti.paths import shared_data_dir

    gold = _existing(Path(getattr(args, "gold", None) or shared_data_dir() / "pages/extraction_gold"), "folder")
    policy = _existing(Path(getattr(args, "policy", None) or shared_data_dir() / "policy/govcn_2019"), "folder")
    links = _existing(Path(getattr(args, "links", None) or INDEX_LINKS_GOLD))
    data = _existing(Path(getattr(args, "data", None) or shared_data_dir()), "folder")
    try:
        pages, policies, linked = evaluate_gold(gold), evaluate_policy(policy), evaluate_links(links, data)
    except GoldDataError as exc:
        raise UsageError(str(exc)) from None
    return {
        "gold": {k: v for k, v in pages.items() if k != "rows"},
        "policy": {k: v for k, v in policies.items() if k != "mismatches"},
        "links": {k: v for k, v in linked.items() if k != "per_site"},
        "bulletins": evaluate_bulletins(data),
        "folders": {"gold": str(gold), "policy": str(policy), "links": str(links)},
    }


def run_places(args: argparse.Namespace) -> dict[str, Any]:
    from models.evaluate_places import PLACES_GOLD, PlacesGoldError, evaluate_places
    from xuanti.paths import shared_data_dir

    gold = _existing(Path(getattr(args, "gold", None) or PLACES_GOLD))
    data = _existing(Path(getattr(args, "data", None) or shared_data_dir()), "folder")
    try:
        return evaluate_places(gold, data)
    except PlacesGoldError as exc:
        raise UsageError(str(exc)) from None


RUNNERS: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "warning": run_warning,
    "sentiment": run_sentiment,
    "topics": run_topics,
    "category": run_category,
    "places": run_places,
}
# Everything, in the order of the issue; points and extract keep their own subcommand reports.
ALL: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "points": run_points,
    "warning": run_warning,
    "sentiment": run_sentiment,
    "topics": run_topics,
    "category": run_category,
    "places": run_places,
    "extract": run_extract,
}
# Figures shown in the summary table besides those with a floor.
HEADLINES: dict[str, tuple[str, ...]] = {
    "points": ("macro_f1", "warning.alert_recall"),
    "warning": ("recall", "false_alarms_per_month", "mean_delay_days"),
    "sentiment": ("accuracy",),
    "topics": ("ari", "reprint_precision", "reprint_recall", "hot_issues.ari", "hot_issues.recall",
               "hot_issues.precision", "hot_issues.apart"),
    "category": ("accuracy",),
    "places": ("accuracy", "wrong_place"),
    "extract": ("gold.body_f1", "gold.date_accuracy", "policy.accuracy", "links.precision", "links.recall",
                "bulletins.precision", "bulletins.recall"),
}


def load_floors(path: Path = FLOORS_FILE) -> dict[str, dict[str, float]]:
    """{evaluation: {figure: floor}}; a figure named ``*_max`` is a ceiling (lower is better)."""
    import tomllib

    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    return {name: {k: float(v) for k, v in section.items()} for name, section in data.items()}


def flatten(figures: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested figures as dotted names: {"per_point": {"key": 0.9}} -> {"per_point.key": 0.9}."""
    flat: dict[str, Any] = {}
    for key, value in figures.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def check(name: str, figures: dict[str, Any], floors: dict[str, dict[str, float]]) -> list[dict[str, Any]]:
    """Rows (evaluation, figure, value, floor, passed) of one evaluation's headline and floored figures."""
    flat = flatten(figures)
    section = floors.get(name, {})
    names = list(HEADLINES.get(name, ()))
    names += [key.removesuffix("_max") for key in section if key.removesuffix("_max") not in names]
    rows = []
    for figure in names:
        value = flat.get(figure)
        bound, ceiling = section.get(figure), section.get(f"{figure}_max")
        passed: bool | None = None
        if isinstance(value, int | float):
            if bound is not None:
                passed = value >= bound
            elif ceiling is not None:
                passed = value <= ceiling
        rows.append({"evaluation": name, "figure": figure, "value": value,
                     "floor": bound if bound is not None else (f"<= {ceiling}" if ceiling is not None else None),
                     "passed": passed})
    return rows


def run_all(as_json: bool) -> int:
    """Every evaluation on the shared data: one table (or one JSON object); exit 1 if a figure misses its floor."""
    floors = load_floors()
    defaults = argparse.Namespace(json=as_json)
    results: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    for name, runner in ALL.items():
        try:
            results[name] = runner(defaults)
        except (UsageError, ImportError, FileNotFoundError) as exc:
            results[name] = {"error": str(exc)}
            rows.append({"evaluation": name, "figure": "error", "value": str(exc), "floor": None, "passed": False})
            continue
        rows.extend(check(name, results[name], floors))
    failed = any(row["passed"] is False for row in rows)
    if as_json:
        print(json.dumps({"results": results, "table": rows, "passed": not failed}, ensure_ascii=False, default=str))
    else:
        print(f"{'evaluation':12s}{'figure':28s}{'value':>10s}{'floor':>12s}  pass")
        for row in rows:
            value = row["value"]
            shown = f"{value:.3f}" if isinstance(value, float) else str(value)
            floor = row["floor"]
            floor_text = f"{floor:.3f}" if isinstance(floor, float) else (floor or "—")
            mark = {True: "yes", False: "NO", None: "—"}[row["passed"]]
            print(f"{row['evaluation']:12s}{_pad(row['figure'])}{shown:>10s}{floor_text:>12s}  {mark}")
    return 1 if failed else 0


# The options that point an evaluation at data other than the shared folder's.
DATA_OPTIONS: tuple[str, ...] = ("data", "hotline", "hot_issues", "gold", "extra", "taxonomy", "policy", "links")


def _other_data(args: argparse.Namespace) -> bool:
    """Whether the evaluation was pointed at other data (its floors then do not apply)."""
    return any(getattr(args, option, None) for option in DATA_OPTIONS)


def format_figures(name: str, figures: dict[str, Any], floors: bool = True) -> str:
    """One evaluation's figures as plain text: the headline table, then the other numbers; the CI
    floors beside them when ``floors`` (they pin the figures on the shared data only)."""
    shipped = figures.get("protocol") == "shipped"
    lines = [f"{name} (the shipped model, no refit):" if shipped else f"{name}:"] + _seen_line(figures)
    if figures.get("unknown_classes"):
        lines.append(f"note: categories the model does not have: {', '.join(figures['unknown_classes'])}")
    rows = check(name, figures, load_floors())
    for row in rows:
        value = row["value"]
        shown = f"{value:.3f}" if isinstance(value, float) else "—" if value is None else str(value)  # — not measured
        # The floors pin the cross-validated figures; they say nothing about other data.
        floor = f" (floor {row['floor']})" if floors and row["floor"] is not None and not shipped else ""
        lines.append(f"  {_pad(row['figure'])}{shown}{floor}")
    shown_names = {row["figure"] for row in rows}
    for key, value in flatten(figures).items():
        if key not in shown_names and not isinstance(value, list) and not key.startswith("over_seeds."):
            lines.append(f"  {_pad(key)}{value:.3f}" if isinstance(value, float) else f"  {_pad(key)}{value}")
    for error in figures.get("errors") or []:  # the messages read wrongly, to look up by file and row
        lines.append(f"  {error['split']:5s} {error['file']} {error['id']}: "
                     f"found {error['found'] or '-'}, accepted {error['accepted']}")
    return "\n".join(lines + _spread_lines(figures))
