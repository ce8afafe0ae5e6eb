"""Held-out accuracy of the sentiment model on ChnSentiCorp hotel reviews.

The held-out split (``models.sentiment.held_out_split``) is never trained on. With ``model`` None the
shipped artifact is scored (what the analysis uses); ``retrain=True`` fits a fresh model on the
training corpus first (slower, a minute or so). Run: ``python -m models.evaluate_sentiment``.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from extractors.files import read_text_file
from models.sentiment import (
    HELD_OUT_SOURCE,
    SentimentClassifier,
    held_out_split,
    load_sentiment_model,
    review_key,
    train_sentiment,
    training_corpus,
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
    return {**_scores(model, test_texts, test_labels), "source": f"sentiment/{HELD_OUT_SOURCE}", "retrained": retrain}


def _scores(model: SentimentClassifier, texts: list[str], labels: np.ndarray) -> dict[str, Any]:
    """Accuracy, count and negative recall/precision of ``model`` on labelled reviews (0 = negative)."""
    negative = model.negative_texts(texts) >= 0.5
    gold_negative = labels == 0
    hits = float((negative & gold_negative).sum())
    return {
        "accuracy": float(np.mean(negative == gold_negative)),
        "n_test": len(texts),
        "negative_recall": hits / max(1, int(gold_negative.sum())),
        "negative_precision": hits / max(1, int(negative.sum())),
    }


class ReviewDataError(ValueError):
    """A labelled review file that cannot be read; the message names the file and what is wrong."""


_TEXT_COLUMNS = ("review", "text", "text_a", "content", "sentence", "评论", "内容", "文本")
_LABEL_COLUMNS = ("label", "labels", "sentiment", "polarity", "标签", "情感")
# Label values read as positive (1) or negative (0); anything else is an error naming the row.
_LABEL_VALUES = {"1": 1, "0": 0, "pos": 1, "neg": 0, "positive": 1, "negative": 0, "正面": 1, "负面": 0,
                 "积极": 1, "消极": 0}


def is_review_folder(path: Path) -> bool:
    """A folder of reviews one a file under ``pos/`` and ``neg/``, as ChnSentiCorp was first released
    (ChnSentiCorp_htl_ba_2000/pos/pos.0.txt, in GB2312)."""
    return (path / "pos").is_dir() and (path / "neg").is_dir()


def _read_review_folder(path: Path) -> tuple[list[str], np.ndarray]:
    texts: list[str] = []
    labels: list[int] = []
    for label, name in ((1, "pos"), (0, "neg")):
        for file in sorted((path / name).iterdir()):
            if not file.is_file() or file.name.startswith("."):
                continue
            text = read_text_file(file.read_bytes()).strip()
            if text:  # an empty file says nothing either way
                texts.append(text)
                labels.append(label)
    if not texts:
        raise ReviewDataError(f"{path.name}: no reviews under pos/ and neg/")
    return texts, np.asarray(labels, dtype=int)


def _delimiter(first: str) -> str:
    """Tab when the first line's tab-separated cells include a known column name or label value (a
    review may hold more commas than the line has tabs), else whichever of tab and comma it has more."""
    cells = {cell.strip().lower() for cell in first.split("\t")} if "\t" in first else set()
    if cells & {*_LABEL_COLUMNS, *_TEXT_COLUMNS, *_LABEL_VALUES}:
        return "\t"
    return "\t" if first.count("\t") > first.count(",") else ","


def read_labelled_reviews(path: Path) -> tuple[list[str], np.ndarray]:
    """(texts, labels 1 positive / 0 negative) of a labelled review file: CSV or tab-separated, UTF-8
    or GB18030, with a header naming a label column (label, sentiment, 标签...) and a text column
    (review, text, text_a, content, 评论...), as ChnSentiCorp is published in its several forms, or two
    columns without a header (1<TAB>review, or review,0); or a
    folder of one review a file under ``pos/`` and ``neg/`` (:func:`is_review_folder`)."""
    path = Path(path)
    if path.is_dir() and is_review_folder(path):
        return _read_review_folder(path)
    content = read_text_file(path.read_bytes())
    first = content.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(content), delimiter=_delimiter(first))
    rows: Iterator[list[str]] = reader
    try:
        first_row = next(reader, [])
        header = [cell.strip().lower() for cell in first_row]
    except csv.Error as exc:
        raise ReviewDataError(f"{path.name} line 1: not readable as CSV/TSV ({exc})") from None
    label_at = next((header.index(name) for name in _LABEL_COLUMNS if name in header), None)
    text_at = next((header.index(name) for name in _TEXT_COLUMNS if name in header), None)
    start = 2
    if (label_at is None or text_at is None) and len(header) == 2:
        # No header: "1<TAB>review" or "review,0", as some releases write it; the label is the cell
        # that is one, and the first line is a review like the rest.
        for label_at, text_at in ((0, 1), (1, 0)):
            if header[label_at] in _LABEL_VALUES and header[text_at] not in _LABEL_VALUES:
                rows, start = itertools.chain([first_row], reader), 1
                break
        else:
            label_at = text_at = None
    if label_at is None or text_at is None:
        raise ReviewDataError(
            f"{path.name}: header {header} needs a label column ({', '.join(_LABEL_COLUMNS)}) and a text "
            f"column ({', '.join(_TEXT_COLUMNS)})")
    texts: list[str] = []
    labels: list[int] = []
    try:
        for number, row in enumerate(rows, start=start):
            if len(row) <= max(label_at, text_at) or not row[text_at].strip():
                continue  # a blank or cut-short line says nothing either way
            value = _LABEL_VALUES.get(row[label_at].strip().lower())
            if value is None:
                raise ReviewDataError(
                    f"{path.name} line {number}: label {row[label_at]!r}; expected 1/0 (or pos/neg, 正面/负面)")
            texts.append(row[text_at].strip())
            labels.append(value)
    except csv.Error as exc:
        raise ReviewDataError(f"{path.name} line {reader.line_num}: not readable as CSV/TSV ({exc})") from None
    if not texts:
        raise ReviewDataError(f"{path.name}: no labelled reviews")
    return texts, np.asarray(labels, dtype=int)


def evaluate_sentiment_file(
    path: Path, model: SentimentClassifier | None = None, training_dir: Path | None = None
) -> dict[str, Any]:
    """The shipped model, as it is, on every review of a labelled file (all of it held out): the
    same figures as :func:`evaluate_sentiment`, and ``seen_in_training``, the reviews that are also in
    the training corpus of ``training_dir`` (the shared data folder by default)."""
    texts, labels = read_labelled_reviews(path)
    training_dir = Path(training_dir) if training_dir is not None else shared_data_dir()
    seen: set[str] = set()
    if (training_dir / "sentiment" / HELD_OUT_SOURCE).is_file():
        seen = {review_key(text) for text in training_corpus(training_dir)[0]}
    return {
        **_scores(model or load_sentiment_model(), texts, labels),
        "source": Path(path).name,
        "retrained": False,
        "seen_in_training": sum(review_key(text) in seen for text in texts),
    }


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    data = Path(args[0]) if args else shared_data_dir()
    print(json.dumps(evaluate_sentiment(data, retrain="--retrain" in args), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
