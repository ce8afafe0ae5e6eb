"""Negative-sentiment classifier (正面 / 负面), one input of the per-document early warning.

Logistic regression over TF-IDF of word unigrams and bigrams. The words are jieba tokens *with*
stopwords (``models.tokenize.sentiment_words``): "不", "没", "太" carry the polarity that the
content tokens used by the other models drop. The analysis segments each document once and derives
both token lists from that one segmentation.

Trained on the review corpora in ``sentiment/`` of the shared data (hotel, take-away, online shopping,
weibo); the held-out test split of ChnSentiCorp hotel reviews (``held_out_split``) is never trained on.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from models.points import ARTIFACT_DIR, load_cached
from models.tokenize import identity, segment, sentiment_words
from models.vocab import TokenRun, tfidf

SENTIMENT_ARTIFACT = ARTIFACT_DIR / "sentiment.skops"
HELD_OUT_SOURCE = "ChnSentiCorp_htl_all.csv"
TRAIN_SOURCES: tuple[str, ...] = ("waimai_10k.csv", "online_shopping_10_cats.csv", "weibo_senti_100k_first2399.csv")
HELD_OUT_FRACTION = 0.2


def read_reviews(path: Path) -> tuple[list[str], np.ndarray]:
    """(reviews, labels 1 positive / 0 negative) of one corpus file (columns label, review)."""
    texts: list[str] = []
    labels: list[int] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            review = (row.get("review") or "").lstrip("\ufeff").strip()
            if review and row.get("label") in ("0", "1"):
                texts.append(review)
                labels.append(int(row["label"]))
    return texts, np.asarray(labels, dtype=int)


def held_out_split(data_dir: Path, seed: int = 0) -> tuple[list[str], np.ndarray, list[str], np.ndarray]:
    """ChnSentiCorp hotel reviews as (train texts, train labels, test texts, test labels), stratified."""
    texts, labels = read_reviews(data_dir / "sentiment" / HELD_OUT_SOURCE)
    train_x, test_x, train_y, test_y = train_test_split(
        texts, labels, test_size=HELD_OUT_FRACTION, stratify=labels, random_state=seed
    )
    return list(train_x), np.asarray(train_y), list(test_x), np.asarray(test_y)


def training_corpus(data_dir: Path, seed: int = 0) -> tuple[list[str], np.ndarray]:
    """Every training review: the hotel training split plus the other corpora."""
    texts, labels, _, _ = held_out_split(data_dir, seed)
    label_parts = [labels]
    for name in TRAIN_SOURCES:
        path = data_dir / "sentiment" / name
        if path.exists():
            more, more_labels = read_reviews(path)
            texts.extend(more)
            label_parts.append(more_labels)
    return texts, np.concatenate(label_parts)


def _bigrams(words: Sequence[str]) -> list[str]:
    """Words plus adjacent word pairs ("不 干净" keeps the negation with what it negates)."""
    return [*words, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))]


class SentimentClassifier(ClassifierMixin, BaseEstimator):
    """P(negative) of a text from its words; ``fit``/``predict_proba`` take word lists.

    ``max_features`` bounds the vocabulary (and so the artifact: ~1 MB at 60,000 terms).
    """

    def __init__(self, C: float = 8.0, min_df: int = 2, max_features: int = 60000) -> None:
        self.C = C
        self.min_df = min_df
        self.max_features = max_features

    def fit(self, X: Sequence[Sequence[str]], y: Any) -> SentimentClassifier:
        """X: word lists (``sentiment_words``); y: 1 positive, 0 negative."""
        y = np.asarray(y, dtype=int)
        self.vectorizer_ = TfidfVectorizer(
            analyzer=identity, sublinear_tf=True, min_df=self.min_df, max_features=self.max_features
        )
        matrix = self.vectorizer_.fit_transform([_bigrams(words) for words in X])
        # Plain ints keep skops from writing one file per vocabulary entry.
        self.vectorizer_.vocabulary_ = {term: int(index) for term, index in self.vectorizer_.vocabulary_.items()}
        self.vectorizer_.stop_words_ = None
        self.model_ = LogisticRegression(C=self.C, solver="liblinear", max_iter=1000).fit(matrix, y)
        self.classes_ = self.model_.classes_
        return self

    def predict_proba(self, X: Sequence[Sequence[str]]) -> np.ndarray:
        """(n, 2): P(negative), P(positive)."""
        return self.model_.predict_proba(self.vectorizer_.transform([_bigrams(words) for words in X]))

    def predict(self, X: Sequence[Sequence[str]]) -> np.ndarray:
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def negative(self, X: Sequence[Sequence[str]]) -> np.ndarray:
        """P(negative) per word list."""
        return self.predict_proba(X)[:, list(self.classes_).index(0)]

    def negative_run(self, run: TokenRun) -> np.ndarray:
        """``negative`` for a batch's word tokens (``sentiment_words``, already cut to length).

        Builds the same TF-IDF matrix as the vectoriser from term ids: unigram columns are looked up
        once per distinct term, bigrams once per distinct pair whose two words can start and end a
        bigram of the vocabulary at all.
        """
        vocabulary = self.vectorizer_.vocabulary_
        idf = self.vectorizer_.idf_
        batch = run.batch
        counts = run.counts(batch.columns(vocabulary), len(idf))
        firsts, seconds = _bigram_ends(vocabulary)
        starts = batch.per_term(("bigram-start", id(vocabulary)), firsts.__contains__, bool)
        ends = batch.per_term(("bigram-end", id(vocabulary)), seconds.__contains__, bool)
        left, right, rows = run.pairs()
        possible = starts[left] & ends[right]
        left, right, rows = left[possible], right[possible], rows[possible]
        if rows.size:
            size = len(batch.terms)
            codes, inverse = np.unique(left * size + right, return_inverse=True)
            terms = batch.terms
            columns = np.fromiter(
                (vocabulary.get(f"{terms[code // size]} {terms[code % size]}", -1) for code in codes.tolist()),
                dtype=np.int64,
                count=codes.size,
            )[inverse]
            found = columns >= 0
            counts = counts + sparse.csr_matrix(
                (np.ones(int(found.sum()), dtype=np.int64), (rows[found], columns[found])), shape=counts.shape
            )
        matrix = tfidf(counts, idf, sublinear=True)
        return self.model_.predict_proba(matrix)[:, list(self.classes_).index(0)]

    def negative_texts(self, texts: Sequence[str]) -> np.ndarray:
        """P(negative) per raw text (segmented here)."""
        return self.negative([sentiment_words(segment(text)) for text in texts])


_BIGRAM_ENDS: dict[int, tuple[dict[str, int], frozenset[str], frozenset[str]]] = {}


def _bigram_ends(vocabulary: dict[str, int]) -> tuple[frozenset[str], frozenset[str]]:
    """The words that open and the words that close some bigram of ``vocabulary`` (cached)."""
    cached = _BIGRAM_ENDS.get(id(vocabulary))
    if cached is None or cached[0] is not vocabulary:
        pairs = [term.split(" ", 1) for term in vocabulary if " " in term]
        cached = (vocabulary, frozenset(p[0] for p in pairs), frozenset(p[1] for p in pairs))
        _BIGRAM_ENDS[id(vocabulary)] = cached  # holds the vocabulary, so its id is never reused
    return cached[1], cached[2]


def train_sentiment(data_dir: Path, seed: int = 0) -> SentimentClassifier:
    """A classifier fitted on ``training_corpus`` (never on the held-out hotel split)."""
    texts, labels = training_corpus(data_dir, seed)
    return SentimentClassifier().fit([sentiment_words(segment(text)) for text in texts], labels)


def load_sentiment_model(path: Path | None = None) -> SentimentClassifier:
    """The shipped sentiment model (``models/artifacts/sentiment.skops`` by default), cached per path."""
    return load_cached(str(Path(path or SENTIMENT_ARTIFACT).resolve()), SentimentClassifier)
