"""Cross-validated evaluation of the points and warning models on a labelled JSONL file.

Folds are stratified on source + point combination (rare combinations pooled), with a fixed seed.
Every threshold, C and calibration is learned inside ``fit`` on the training folds only, so the
numbers are honest out-of-sample estimates. Run: ``python -m models.evaluate_points [PATH]``.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, recall_score
from sklearn.model_selection import StratifiedKFold

from extractors.files import labelled_records
from models.points import PointsClassifier, item_text, latent_from_corpus
from models.sentiment import SENTIMENT_ARTIFACT, SENTIMENT_WORDS, load_sentiment_model
from models.tokenize import content_words, segment, sentiment_words
from models.warning import WarningClassifier
from xuanti.paths import shared_data_dir, shared_labels_dir
from xuanti.records import DOCUMENT_KINDS, POINTS, SOURCE_NAMES, WARNING_LEVELS, text_key, with_field_codes


class LabelledDataError(ValueError):
    """A labelled file that cannot be read as the dev set's format; the message names file and line."""


# Set on an item read without a source: it is scored as news, and the report counts it.
SOURCE_MISSING = "source_missing"


# The rubric's labels as an office writes them in Chinese: a file labelled by its own editors reads as one
# in the rubric's codes.
POINT_NAMES = {"重点": "key", "热点": "hot", "难点": "difficult", "特点": "distinctive"}
WARNING_NAMES = {"无": "none", "关注": "watch", "苗头": "watch", "预警": "alert"}


# A points cell saying "none of the four".
_NO_POINTS = frozenset({"无", "none", "-", "—"})


def _label_names(points: Any) -> Any:
    """A points label as the rubric's codes: ["重点", "热点"], "key,hot" and "重点、热点" read as ["key",
    "hot"]; anything else is returned as it is, for the caller to name."""
    if points is None:  # an empty cell of a sheet
        return []
    if isinstance(points, str):
        points = [part for part in re.split(r"[,，、;；/\s]+", points) if part and part.lower() not in _NO_POINTS]
    if not isinstance(points, list) or not all(isinstance(point, str) for point in points):
        return points
    return [POINT_NAMES.get(point.strip(), point.strip().lower()) for point in points]


def read_labelled(path: Path) -> list[dict[str, Any]]:
    """The labelled items of a JSON-lines file in the dev set's format (see the rubric), or of a sheet an
    editor filled in (XLSX/XLS/CSV, its first row naming the fields in the codes or in Chinese: 标题, 正文,
    来源, 四点, 预警…, ``FIELD_NAMES``), checked: a line that is not a JSON object, has neither title nor
    text (its 'text', else 'body', 'content', 正文 or 内容: ``TEXT_KEYS``), has no points, or names a point
    or warning level outside the rubric's is an error naming the file and line. Labels and sources may be
    written in Chinese (重点、热点 or 无, 预警, 热线: ``POINT_NAMES``, ``WARNING_NAMES``, ``SOURCE_NAMES``). An
    item without a warning level is labelled for the points only (see ``warning_levels``)."""
    path = Path(path)
    items = []
    for where, item in labelled_records(path, LabelledDataError):
        with_field_codes(item)  # a sheet's Chinese column names, where the code is absent
        key = text_key(item)  # 'text', else 'body', 'content', 正文 or 内容 as other files write it
        if key not in (None, "text"):
            item["text"] = str(item[key])
        if not str(item.get("title") or "").strip() and not str(item.get("text") or "").strip():
            raise LabelledDataError(f"{where}: no title or text")
        if "points" not in item:
            raise LabelledDataError(f"{where}: no points (an empty list [] means none of the four)")
        points = _label_names(item["points"])
        if not isinstance(points, list) or set(points) - set(POINTS):
            raise LabelledDataError(f"{where}: points {item['points']!r}; expected a list of: {', '.join(POINTS)}"
                                    f" (or {'、'.join(POINT_NAMES)})")
        item["points"] = points
        if isinstance(item.get("warning"), str) and not item["warning"].strip():
            item["warning"] = None  # a sheet's empty cell: no level given
        if item.get("warning") is not None:
            warning = WARNING_NAMES.get(str(item["warning"]).strip(), str(item["warning"]).strip().lower())
            if warning not in WARNING_LEVELS:
                raise LabelledDataError(f"{where}: warning {item.get('warning')!r}; expected one of: "
                                        f"{', '.join(WARNING_LEVELS)} (or {'、'.join(WARNING_NAMES)})")
            item["warning"] = warning
        source = str(item.get("source") or "").strip()
        source = SOURCE_NAMES.get(source, source.lower())
        if source and source not in DOCUMENT_KINDS:
            # The models read the source kind; one they do not know would be scored as no kind at all.
            raise LabelledDataError(f"{where}: source {source!r}; expected one of: {', '.join(DOCUMENT_KINDS)}"
                                    f" (or {'、'.join(SOURCE_NAMES)})")
        item[SOURCE_MISSING] = not source
        item["source"] = source or "news"
        items.append(item)
    if not items:
        raise LabelledDataError(f"{path.name}: no labelled items")
    return items


def load_labelled(path: Path) -> list[dict[str, Any]]:
    """Labelled items with tokens and P(negative) added (segmented once, here).

    P(negative) comes from the shipped sentiment model, which never saw these items.
    """
    return with_features(read_labelled(path))


def with_features(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``items`` with their tokens and P(negative) added in place, from one segmentation each."""
    if not items:
        return items
    segments = [segment(item_text(item)) for item in items]
    negative = negative_scores(segments)
    for item, words, score in zip(items, segments, negative, strict=True):
        item["tokens"] = content_words(words)
        item["negative"] = float(score)
    return items


def negative_scores(segments: list[list[str]]) -> np.ndarray:
    """P(negative) per segmented text from the shipped sentiment model (zeros when it is not built yet)."""
    if not SENTIMENT_ARTIFACT.exists():
        return np.zeros(len(segments))
    return load_sentiment_model().negative([sentiment_words(words)[:SENTIMENT_WORDS] for words in segments])


def label_matrix(items: list[dict[str, Any]]) -> np.ndarray:
    """(n, 4) 0/1 in POINTS order."""
    rows = [[point in item.get("points", []) for point in POINTS] for item in items]
    return np.array(rows, dtype=int).reshape(len(rows), len(POINTS))


def warning_levels(items: list[dict[str, Any]]) -> np.ndarray:
    """Each item's warning level, None where the item has none: such an item is left out of the
    warning model's training and figures, not counted as "none"."""
    return np.array([item.get("warning") for item in items], dtype=object)


def strata(items: list[dict[str, Any]], folds: int) -> list[str]:
    """Source + sorted points; combinations with fewer than ``folds`` items share one stratum."""
    keys = [f"{item['source']}|{','.join(sorted(item.get('points', [])))}" for item in items]
    counts = Counter(keys)
    return [key if counts[key] >= folds else "rare" for key in keys]


def _point_scores(Y: np.ndarray, pred: np.ndarray) -> dict[str, Any]:
    """F1 per point and their mean. Within one source a point with no gold positives has no F1
    (None) and is left out of the mean: it would count as 0 however few false positives there are."""
    per_point: dict[str, float | None] = {}
    for j, point in enumerate(POINTS):
        per_point[point] = float(f1_score(Y[:, j], pred[:, j], zero_division=0)) if Y[:, j].any() else None
    scored = [value for value in per_point.values() if value is not None]
    false_positives = {p: int(((pred[:, j] == 1) & (Y[:, j] == 0)).sum()) for j, p in enumerate(POINTS)}
    return {
        "macro_f1": float(np.mean(scored)) if scored else 0.0,
        "per_point": per_point,
        "positives": {p: int(Y[:, j].sum()) for j, p in enumerate(POINTS)},
        "false_positives": false_positives,
    }


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Mean gap between predicted probability and observed frequency over ``bins`` equal-width
    probability bins, weighted by how many items fall in each (0 = perfectly calibrated)."""
    which = np.minimum((p * bins).astype(int), bins - 1)
    gap = 0.0
    for b in range(bins):
        inside = which == b
        if inside.any():
            gap += inside.sum() * abs(float(p[inside].mean()) - float(y[inside].mean()))
    return float(gap / len(y)) if len(y) else 0.0


def calibration(Y: np.ndarray, proba: np.ndarray) -> dict[str, Any]:
    """How far the out-of-fold probabilities can be taken at their word: expected calibration
    error (10 bins) and Brier score per point, and their means over the four points."""
    per_point = {
        point: {
            "ece": expected_calibration_error(Y[:, j], proba[:, j]),
            "brier": float(np.mean((proba[:, j] - Y[:, j]) ** 2)),
        }
        for j, point in enumerate(POINTS)
    }
    return {
        "ece": float(np.mean([figures["ece"] for figures in per_point.values()])),
        "brier": float(np.mean([figures["brier"] for figures in per_point.values()])),
        "per_point": per_point,
    }


def evaluate_points(
    path: Path, folds: int = 5, seed: int = 0, data_dir: Path | None = None, extra: bool = True
) -> dict[str, Any]:
    """Out-of-fold macro-F1 (overall, per point, per source), calibration of the four points'
    probabilities, warning recall/accuracy/macro-F1, and the four points on the latest year's news
    fitted on the rest (``later_news``).

    The latent directions are learned from the unlabelled corpora of ``data_dir`` (the shared data
    folder by default): no labels, so no fold leaks into them. Where that folder is missing they are
    left out, and ``latent_skipped`` names it. With ``extra``, the news stories and letters we labelled
    (``models.extra_labels``) whose text ``data_dir`` holds join every fold's training, as they join the
    shipped models'; their points are never scored (``extra_training`` counts them), but the letters'
    warning levels and the stories', which no model learns, are (``other_boards``, ``other_stories``).
    """
    items = load_labelled(path)
    corpus_dir = Path(data_dir) if data_dir is not None else shared_data_dir()
    latent = latent_from_corpus(str(corpus_dir)) if corpus_dir.exists() else None
    more, lacking = extra_items(corpus_dir, items) if extra else ([], 0)
    Y = label_matrix(items)
    Y_more = label_matrix(more)
    # They shape the warning model's features but teach it no level (see models.extra_labels).
    unlevelled = np.full(len(more), None, dtype=object)
    levels = warning_levels(items)
    labelled = levels != None  # noqa: E711 - elementwise on an object array
    pred = np.zeros_like(Y)
    proba = np.zeros(Y.shape)
    warn = np.empty(len(items), dtype=object)
    # Our letters of other cities' boards and our news stories, with the level we gave each: the warning
    # models never learn these levels, so every fold's model is scored on them.
    unlearnt = {name: [item for item in more if item["source"] == source and item.get("warning") in WARNING_LEVELS]
                for name, source in (("other_boards", "hotline"), ("other_stories", "news"))}
    unlearnt_warn: dict[str, list[np.ndarray]] = {name: [] for name in unlearnt}
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(np.zeros(len(items)), strata(items, folds)):
        train_items = [items[i] for i in train] + more
        test_items = [items[i] for i in test]
        model = PointsClassifier(random_state=seed).fit(train_items, np.vstack([Y[train], Y_more]), latent)
        proba[test] = model.predict_proba(test_items)
        pred[test] = (proba[test] >= model.thresholds_).astype(int)
        warned = train[labelled[train]]
        if warned.size:
            warning_model = WarningClassifier(random_state=seed).fit(
                [items[i] for i in warned] + more, np.concatenate([levels[warned], unlevelled]), latent)
            warn[test] = warning_model.predict(test_items)
            for name, scored in unlearnt.items():
                if scored:
                    unlearnt_warn[name].append(warning_model.predict(scored))
    result = _report(items, Y, pred, proba, levels, warn)
    for name, scored in unlearnt.items():
        if unlearnt_warn[name]:
            levels_given = np.array([item["warning"] for item in scored], dtype=object)
            result[name] = unlearnt_levels(levels_given, unlearnt_warn[name])
    later = later_news(items)
    if later is not None:
        since, test = later
        train = np.flatnonzero(~test)
        # Nor do the stories we labelled of that year or later teach it (ours are of 2022 and 2024-2026).
        before = [k for k, item in enumerate(more) if item["source"] != "news" or str(item.get("date")) < since]
        model = PointsClassifier(random_state=seed).fit([items[i] for i in train] + [more[k] for k in before],
                                                        np.vstack([Y[train], Y_more[before]]), latent)
        scores = _point_scores(Y[test], model.predict([items[i] for i in np.flatnonzero(test)]))
        result["later_news"] = {"since": since, "n": int(test.sum()), **scores}
    if latent is None:  # said, since the figures then fall short of the shipped models' setup
        result["latent_skipped"] = str(corpus_dir)
    if extra:
        result["extra_training"] = len(more)
        if lacking:
            result["extra_missing"] = lacking
    return result


def unlearnt_levels(levels: np.ndarray, predictions: list[np.ndarray]) -> dict[str, Any]:
    """Warning figures on items we labelled whose levels no model learns (``models.extra_labels``), the
    mean over the fold models' ``predictions``: letters of other cities' boards than the dev set's one
    (tipdm's A市, 2019-2020), and 新闻联播 stories outside the dev set (2022-2026)."""
    scores = np.array([[((levels == "alert") & (warn == "alert")).sum() / max(1, (levels == "alert").sum()),
                        ((levels == "alert") & (warn == "alert")).sum() / max(1, (warn == "alert").sum()),
                        (levels == warn).mean()] for warn in predictions])
    recall, precision, accuracy = scores.mean(axis=0)
    return {"n": len(levels), "alerts": int((levels == "alert").sum()), "alert_recall": float(recall),
            "alert_precision": float(precision), "accuracy": float(accuracy)}


# Fewer news items than this in the latest year, or in the years before it: no later-news figure.
LATER_NEWS_MIN = 20


def later_news(items: list[dict[str, Any]]) -> tuple[str, np.ndarray] | None:
    """The news items dated in the latest year any news item is (a mask), with that year's first day.

    Cross-validation mixes the years, so a word or a campaign of one year helps score its own year. A
    model fitted on everything before it (``evaluate_points``: the rest of the file, and our labelled
    items but for news of that year or later) and scored on the latest year's news is a test of news
    written after all the model learnt from, as the office's own nights are: on the dev set, its 102
    news items of 2023. None when that year or the years before hold fewer than ``LATER_NEWS_MIN`` news items.
    """
    years = np.array([str(item.get("date") or "")[:4] if item["source"] == "news" else "" for item in items])
    dated = {year for year in years if len(year) == 4 and year.isdigit()}
    if not dated:
        return None
    latest = max(dated)
    test = years == latest
    if test.sum() < LATER_NEWS_MIN or np.isin(years, sorted(dated - {latest})).sum() < LATER_NEWS_MIN:
        return None
    return f"{latest}-01-01", test


def extra_items(data_dir: Path, scored: list[dict[str, Any]] | None = None) -> tuple[list[dict[str, Any]], int]:
    """The stories and letters we labelled (``models.extra_labels``) whose text ``data_dir`` holds, less
    any that is also an item of ``scored`` (an evaluation never trains on what it scores); and how many
    the folder lacks or ``scored`` holds."""
    from models.extra_labels import extra_label_items

    more, lacking = extra_label_items(Path(data_dir))
    if scored:
        seen = same_item_keys(scored)
        kept = [item for item in more if not same_item_keys([item]) & seen]
        lacking, more = lacking + len(more) - len(kept), kept
    return with_features(more), lacking


_NOT_WORDS = re.compile(r"[\W_]+")


def same_item_keys(items: list[dict[str, Any]]) -> set[str]:
    """Keys that one item has in any file it is in: its text fingerprint (``text_fingerprint``), and for
    a dated news item, its day and headline without spaces or punctuation. A story of the same broadcast
    saved with another cut or markup (the dev set keeps 新闻联播's ``<!--repaste-->`` marks) is the same
    story, and an evaluation must not train on it."""
    keys = set()
    for item in items:
        keys.add(text_fingerprint(item))
        day, headline = str(item.get("date") or "")[:10], _NOT_WORDS.sub("", str(item.get("title") or ""))
        if item.get("source") == "news" and len(day) == 10 and len(headline) >= 6:
            keys.add(f"{day} {headline}")
    return keys


def _report(
    items: list[dict[str, Any]], Y: np.ndarray, pred: np.ndarray, proba: np.ndarray, levels: np.ndarray,
    warn: np.ndarray,
) -> dict[str, Any]:
    """The figures of predictions ``pred``/``proba``/``warn`` against labels ``Y``/``levels``."""
    sources = np.array([item["source"] for item in items])
    result: dict[str, Any] = {"n": len(items), **_point_scores(Y, pred)}
    result["per_source"] = {
        source: {"n": int((sources == source).sum()), **_point_scores(Y[sources == source], pred[sources == source])}
        for source in sorted(set(sources))
    }
    result["calibration"] = calibration(Y, proba)
    missing = sum(bool(item.get(SOURCE_MISSING)) for item in items)
    if missing:
        result["source_missing"] = missing
    labelled = levels != None  # noqa: E711 - elementwise on an object array
    if not labelled.all():
        result["warning_unlabelled"] = int((~labelled).sum())
    if labelled.any():
        levels, warn = levels[labelled].astype(str), warn[labelled].astype(str)
        result["warning"] = {
            "alert_recall": float(recall_score(levels == "alert", warn == "alert", zero_division=0)),
            "alert_precision": float(
                ((levels == "alert") & (warn == "alert")).sum() / max(1, (warn == "alert").sum())
            ),
            "accuracy": float(accuracy_score(levels, warn)),
            "macro_f1": float(f1_score(levels, warn, labels=list(WARNING_LEVELS), average="macro", zero_division=0)),
        }
    return result


def text_fingerprint(item: dict[str, Any]) -> str:
    """Title and text without whitespace: the same item in two files, however it was re-wrapped."""
    return "".join(item_text(item).split())


def evaluate_shipped_points(path: Path, training: Path | None = None) -> dict[str, Any]:
    """The shipped points and warning models, as they are, on the labelled items of ``path``: no
    refit, so this is how they do on data they never saw (held-out data of the dev set's shape).

    ``seen_in_training`` counts the items that are also in ``training`` (the shared dev set the
    models were trained on, by default) or among the stories and letters we labelled that they also
    learnt from (``models.extra_labels``): on those the figures measure fit, not generalisation.
    """
    from models.extra_labels import extra_label_items
    from models.points import load_points_model
    from models.warning import load_warning_model

    items = load_labelled(path)
    points_model, warning_model = load_points_model(), load_warning_model()
    Y = label_matrix(items)
    levels = warning_levels(items)
    proba = points_model.predict_proba(items)  # read_labelled refuses a file without items
    pred = (proba >= points_model.thresholds_).astype(int)
    warn = warning_model.predict(items)
    result = {"protocol": "shipped", **_report(items, Y, pred, proba, levels, warn)}
    training = training if training is not None else shared_labels_dir() / "points_dev.jsonl"
    seen = same_item_keys(extra_label_items(shared_data_dir())[0])
    if training.is_file():
        seen |= same_item_keys(read_labelled(training))
    if seen:
        result["seen_in_training"] = sum(bool(same_item_keys([item]) & seen) for item in items)
    return result


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else shared_labels_dir() / "points_dev.jsonl"
    print(json.dumps(evaluate_points(path), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
