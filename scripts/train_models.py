"""Retrain the sentiment, points and warning models and write the skops artifacts.

    /tmp/xv/bin/python scripts/train_models.py [--labels PATH] [--data DIR] [--out DIR] [--no-eval]
        [--skip-sentiment]

Sentiment first (its P(negative) is an input of the other two): trained on the review corpora of
``$XUANTI_DATA/sentiment`` without the held-out ChnSentiCorp split, whose accuracy it prints. Then
reads ``$XUANTI_LABELS/points_dev.jsonl`` (``../shared/labels``), prints the 5-fold CV scores (the
numbers the shipped models are judged by), fits on all items and on the news stories and letters we
labelled (``models/resources/news_labels.tsv``, ``letter_labels.tsv``; their text read from
``$XUANTI_DATA``) and writes ``models/artifacts/points.skops`` and ``warning.skops``, both on the same
features so the analysis computes one matrix for both.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from models.evaluate_points import evaluate_points, extra_items, label_matrix, load_labelled, warning_levels
from models.evaluate_sentiment import evaluate_sentiment
from models.points import (
    ARTIFACT_DIR,
    PointsClassifier,
    dump_model,
    latent_from_corpus,
    load_cached,
    load_trusted,
)
from models.sentiment import train_sentiment
from models.warning import WarningClassifier
from xuanti.paths import shared_data_dir, shared_labels_dir


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=shared_labels_dir() / "points_dev.jsonl")
    parser.add_argument("--data", type=Path, default=None, help="shared data folder (sentiment corpora)")
    parser.add_argument("--out", type=Path, default=ARTIFACT_DIR)
    parser.add_argument("--no-eval", action="store_true", help="skip the cross-validation report")
    parser.add_argument("--skip-sentiment", action="store_true", help="keep the shipped sentiment model")
    args = parser.parse_args(argv)
    data = args.data or shared_data_dir()

    if not args.skip_sentiment:
        sentiment = train_sentiment(data)
        path = args.out / "sentiment.skops"
        dump_model(sentiment, path)
        reloaded = load_trusted(path)
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")
        print("sentiment held-out:", json.dumps(evaluate_sentiment(data, model=reloaded), ensure_ascii=False))
        load_cached.cache_clear()  # the points features below read P(negative) from the new artifact

    data = args.data or shared_data_dir()
    if not args.no_eval:
        print(json.dumps(evaluate_points(args.labels, data_dir=data), ensure_ascii=False, indent=2))
    items = load_labelled(args.labels)
    # The stories and letters we labelled (models.extra_labels) join the dev set: news of other years,
    # letters of other cities.
    more, lacking = extra_items(data, items)
    print(f"training on {len(items)} dev-set items and {len(more)} stories and letters we labelled"
          + (f" ({lacking} not found under {data})" if lacking else ""))
    dev_count = len(items)
    items = items + more
    # Latent directions from the unlabelled corpora (semi-supervised); both models get the same
    # features, so the analysis computes one matrix for both.
    latent = latent_from_corpus(str(data))
    points = PointsClassifier().fit(items, label_matrix(items), latent)
    # They shape the warning model's features (shared with the points model) but teach it no
    # level: with their levels, alert recall fell (models.extra_labels). A dev item without a level is
    # left out of the warning models' training, as the evaluation leaves it out.
    levels = np.concatenate([warning_levels(items[:dev_count]), np.full(len(more), None, dtype=object)])
    warning = WarningClassifier().fit(items, levels, latent)
    assert points.features_.same_as(warning.features_)
    for name, model in (("points.skops", points), ("warning.skops", warning)):
        path = args.out / name
        dump_model(model, path)
        # Round trip through the allow-listed loader so a bad artifact never ships.
        reloaded = load_trusted(path)
        assert np.allclose(reloaded.predict_proba(items[:20]), model.predict_proba(items[:20]))
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")
    print("points thresholds:", dict(zip(points.classes_, np.round(points.thresholds_, 2), strict=True)))
    print(f"warning thresholds: alert {warning.alert_threshold_:.3f}, watch {warning.watch_threshold_:.2f}")


if __name__ == "__main__":
    main()
