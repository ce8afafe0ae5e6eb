"""Held-out accuracy of the sentiment model on ChnSentiCorp hotel reviews.

The held-out split (``models.sentiment.held_out_split``) is never trained on. With ``model`` None the
shipped artifact is scored (what the analysis uses); ``retrain=True`` fits a fresh model on the
training corpus first (slower, a minute or so). Run: ``python -m models.evaluate_sentiment``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

from models.sentiment import (
    HELD_OUT_SOURCE,
    SentimentClassifier,
    held_out_split,
    load_sentiment_model,
    train_sentiment,
)
from xuanti.paths import shared_data_dir


def evaluate_sentiment(
    data_dir: Path, seed: int = 0, model: SentimentClassifier | None = None, retrain: bool = False
) -> dict[str, Any]:
    """{"accuracy", "n_test", "source", "negative_recall", "negative_precision"} on the held-out split."""
    data_dir = Path(data_dir)
    _, _, test_texts, test_labels = held_out_split(data_dir, seed)
    if model is None:
        model = train_sentiment(data_dir, seed) if retrain else load_sentiment_model()
    negative = model.negative_texts(test_texts) >= 0.5
    gold_negative = test_labels == 0
    hits = float((negative & gold_negative).sum())
    return {
        "accuracy": float(np.mean(negative == gold_negative)),
        "n_test": len(test_texts),
        "source": f"sentiment/{HELD_OUT_SOURCE}",
        "negative_recall": hits / max(1, int(gold_negative.sum())),
        "negative_precision": hits / max(1, int(negative.sum())),
        "retrained": retrain,
    }


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    data = Path(args[0]) if args else shared_data_dir()
    print(json.dumps(evaluate_sentiment(data, retrain="--retrain" in args), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
