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
from typing import Any, NamedTuple

import numpy as np

from extractors.files import WORKBOOK_SUFFIXES, labelled_records, read_text_file
from extractors.hotline import clean_cell, match_header
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
from xuanti.records import TONE_NAMES


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


# Column names, the earlier preferred: a 舆情 sheet has 标题 and 正文 and is judged on 正文; a sheet's
# header may carry a remark ("情感倾向（正面/负面）") and is read as the hotline reader reads one.
_TEXT_COLUMNS = ("review", "text", "text_a", "content", "sentence", "评论", "评论内容", "评价", "评价内容",
                 "正文", "内容", "文本", "句子", "微博内容", "摘要", "标题")
_LABEL_COLUMNS = ("label", "labels", "sentiment", "polarity", "标签", "情感", "情感倾向", "倾向性", "倾向",
                  "情感极性", "极性", "正负面", "情感属性", "情感类别", "情感分类", "调性")
_COLUMNS = {"label": list(_LABEL_COLUMNS), "text": list(_TEXT_COLUMNS)}
# Label values read as positive (1) or negative (0); neutral ones are left out and counted; anything
# else is an error naming the row. A file whose labels include -1 is read -1/0/1 (negative, neutral,
# positive), as some Weibo corpora write them, not 0 as negative.
_LABEL_VALUES = {"1": 1, "0": 0, **{word: int(tone == "正面") for word, tone in TONE_NAMES.items() if tone != "中性"}}
_NEUTRAL_VALUES = frozenset(word for word, tone in TONE_NAMES.items() if tone == "中性")
_SIGNED_VALUES = {"-1": 0, "+1": 1}
_ANY_LABEL = frozenset({*_LABEL_VALUES, *_SIGNED_VALUES, *_NEUTRAL_VALUES})


class Reviews(NamedTuple):
    """Labelled reviews as read: texts, labels (1 positive, 0 negative), and the neutral ones left out."""

    texts: list[str]
    labels: np.ndarray
    neutral: int = 0


def is_review_folder(path: Path) -> bool:
    """A folder of reviews one a file under ``pos/`` and ``neg/``, as ChnSentiCorp was first released
    (ChnSentiCorp_htl_ba_2000/pos/pos.0.txt, in GB2312)."""
    return (path / "pos").is_dir() and (path / "neg").is_dir()


def _read_review_folder(path: Path) -> Reviews:
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
    return Reviews(texts, np.asarray(labels, dtype=int))


def _delimiter(first: str) -> str:
    """Tab when the first line's tab-separated cells include a known column name or label value (a
    review may hold more commas than the line has tabs), else whichever of tab and comma it has more."""
    cells = first.split("\t") if "\t" in first else []
    if match_header(cells, _COLUMNS) or {cell.strip().lower() for cell in cells} & _ANY_LABEL:
        return "\t"
    return "\t" if first.count("\t") > first.count(",") else ","


def _header_error(name: str, header: list[Any]) -> ReviewDataError:
    return ReviewDataError(
        f"{name}: header {[str(cell) for cell in header]} needs a label column ({', '.join(_LABEL_COLUMNS)}) "
        f"and a text column ({', '.join(_TEXT_COLUMNS)})")


def _csv_reviews(path: Path) -> Iterator[tuple[str, Any, str]]:
    """(where, label cell, text) of a CSV or tab-separated file, with a header or, in two columns,
    without one."""
    content = read_text_file(path.read_bytes())
    first = content.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(content), delimiter=_delimiter(first))
    rows: Iterator[list[str]] = reader
    try:
        first_row = next(reader, [])
    except csv.Error as exc:
        raise ReviewDataError(f"{path.name} line 1: not readable as CSV/TSV ({exc})") from None
    found = match_header(first_row, _COLUMNS)
    start = 2
    if len(found) < 2 and len(first_row) == 2:
        # No header: "1<TAB>review" or "review,0", as some releases write it; the label is the cell
        # that is one, and the first line is a review like the rest.
        cells = [cell.strip().lower() for cell in first_row]
        for label_at, text_at in ((0, 1), (1, 0)):
            if cells[label_at] in _ANY_LABEL and cells[text_at] not in _ANY_LABEL:
                found, rows, start = {"label": label_at, "text": text_at}, itertools.chain([first_row], reader), 1
                break
    if len(found) < 2:
        raise _header_error(path.name, first_row)
    label_at, text_at = found["label"], found["text"]
    try:
        for number, row in enumerate(rows, start=start):
            if len(row) > max(label_at, text_at):  # a blank or cut-short line says nothing either way
                yield f"{path.name} line {number}", row[label_at], row[text_at]
    except csv.Error as exc:
        raise ReviewDataError(f"{path.name} line {reader.line_num}: not readable as CSV/TSV ({exc})") from None


def _record_reviews(path: Path) -> Iterator[tuple[str, Any, str]]:
    """(where, label cell, text) of JSON lines, a JSON array or a workbook (an editor's sheet, a 舆情
    service's daily sheet with its 情感倾向)."""
    for where, record in labelled_records(path, ReviewDataError):
        keys = list(record)
        found = match_header(keys, _COLUMNS)
        if len(found) < 2:
            raise _header_error(where, keys)
        text = record[keys[found["text"]]]
        yield where, record[keys[found["label"]]], "" if text is None else str(text)


def read_labelled_reviews(path: Path) -> Reviews:
    """Labelled reviews of a file or folder: CSV or tab-separated (UTF-8 or GB18030) with a header naming
    a label column (label, sentiment, 标签, 情感倾向...) and a text column (review, text, text_a, content,
    评论, 正文...), as ChnSentiCorp is published in its several forms, or two columns without a header
    (1<TAB>review, or review,0); JSON lines, a JSON array or a workbook with such fields; or a folder of
    one review a file under ``pos/`` and ``neg/`` (:func:`is_review_folder`). Labels are 1/0, -1/0/1,
    pos/neg or 正面/负面/中性; neutral reviews are left out and counted."""
    path = Path(path)
    if path.is_dir() and is_review_folder(path):
        return _read_review_folder(path)
    as_records = path.suffix.lower() in (*WORKBOOK_SUFFIXES, ".json", ".jsonl")
    # A label cell as a key: a workbook's 1.0 is "1" (clean_cell), and case does not count.
    rows = [(where, clean_cell(label).lower(), text.strip()) for where, label, text in
            (_record_reviews(path) if as_records else _csv_reviews(path)) if text and text.strip()]
    # A file whose labels include -1 reads 0 as neutral (-1/0/1); elsewhere 0 is negative.
    signed = any(label == "-1" for _, label, _ in rows)
    texts: list[str] = []
    labels: list[int] = []
    neutral = 0
    for where, label, text in rows:
        if label in _NEUTRAL_VALUES or (signed and label == "0"):
            neutral += 1
            continue
        value = _LABEL_VALUES.get(label, _SIGNED_VALUES.get(label))
        if value is None:
            expected = "-1/0/1" if signed else "1/0 (or pos/neg, 正面/负面; 中性 is left out)"
            raise ReviewDataError(f"{where}: label {label!r}; expected {expected}")
        texts.append(text)
        labels.append(value)
    if not texts:
        raise ReviewDataError(f"{path.name}: no labelled reviews" + (f" ({neutral} neutral left out)" if neutral else ""))
    return Reviews(texts, np.asarray(labels, dtype=int), neutral)


def evaluate_sentiment_file(
    path: Path, model: SentimentClassifier | None = None, training_dir: Path | None = None
) -> dict[str, Any]:
    """The shipped model, as it is, on every review of a labelled file (all of it held out): the
    same figures as :func:`evaluate_sentiment`, and ``seen_in_training``, the reviews that are also in
    the training corpus of ``training_dir`` (the shared data folder by default)."""
    texts, labels, neutral = read_labelled_reviews(path)
    training_dir = Path(training_dir) if training_dir is not None else shared_data_dir()
    seen: set[str] = set()
    if (training_dir / "sentiment" / HELD_OUT_SOURCE).is_file():
        seen = {review_key(text) for text in training_corpus(training_dir)[0]}
    return {
        **_scores(model or load_sentiment_model(), texts, labels),
        "source": Path(path).name,
        "retrained": False,
        "seen_in_training": sum(review_key(text) in seen for text in texts),
        "neutral_left_out": neutral,
    }


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    data = Path(args[0]) if args else shared_data_dir()
    print(json.dumps(evaluate_sentiment(data, retrain="--retrain" in args), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
