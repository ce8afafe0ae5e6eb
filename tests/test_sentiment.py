"""The shipped sentiment model on the held-out ChnSentiCorp hotel split, and its place in the analysis."""

from __future__ import annotations

import tomllib
from pathlib import Path

import skops.io as sio

from models.evaluate_sentiment import evaluate_sentiment
from models.points import TRUSTED_TYPES
from models.sentiment import (
    SENTIMENT_ARTIFACT,
    held_out_split,
    load_sentiment_model,
    review_key,
    training_corpus,
)

# Measured 2026-11-22: accuracy 0.883 on 1,553 held-out hotel reviews (never trained on; the 0.943 of
# 2026-11-21 had 1,120 of them in training through another corpus). The floor lives in
# tests/eval_floors.toml ([sentiment]); the issue asks for >= 0.90, which this model does not reach.
_FLOOR = tomllib.loads((Path(__file__).parent / "eval_floors.toml").read_text(encoding="utf-8"))["sentiment"]


def test_artifact_is_small_and_allow_listed() -> None:
    assert SENTIMENT_ARTIFACT.stat().st_size < 5_000_000
    assert set(sio.get_untrusted_types(file=SENTIMENT_ARTIFACT)) <= set(TRUSTED_TYPES)


def test_held_out_accuracy(data_dir: Path) -> None:
    report = evaluate_sentiment(data_dir, seed=0)
    assert report["source"].endswith("ChnSentiCorp_htl_all.csv")
    assert report["n_test"] > 1500
    assert report["accuracy"] >= _FLOOR["accuracy"], report


def test_no_held_out_review_is_trained_on(data_dir: Path) -> None:
    """The held-out split stays held out whatever corpus a review comes through (online shopping's
    酒店 category repeats the hotel corpus word for word)."""
    texts, labels, weights = training_corpus(data_dir)
    _, _, held_out, _ = held_out_split(data_dir)
    assert not {review_key(text) for text in held_out} & {review_key(text) for text in texts}
    assert len(texts) == len(labels) == len(weights) > 50_000


def test_clear_texts() -> None:
    model = load_sentiment_model()
    negative = model.negative_texts(
        ["物业多次推诿，问题一直得不到解决，业主非常气愤，太差了", "房间干净，服务热情，早餐丰富，非常满意"]
    )
    assert negative[0] > 0.5 > negative[1]
