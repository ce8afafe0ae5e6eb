"""Hotline category (一级分类) for exports without one: character n-gram TF-IDF and linear SVMs (NBSVM).

Characters rather than words: complaint texts are full of estate, road and company names the
segmenter has never seen, and 1-3 character grams catch 噪音/拖欠/学位 whatever surrounds them.
Trained by ``scripts/train_category.py``; shipped as ``models/artifacts/category.skops``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

ARTIFACT = Path(__file__).resolve().parent / "artifacts" / "category.skops"
_SPACES = re.compile(r"\s+")

# The only types a category artifact may hold besides scikit-learn/numpy ones skops trusts by default.
TRUSTED_TYPES: tuple[str, ...] = ("models.category.HotlineCategoryClassifier",)


def category_text(title: str, text: str) -> str:
    """What the classifier reads: title and text without the exports' whitespace noise."""
    return _SPACES.sub("", f"{title}{text}")


class HotlineCategoryClassifier(ClassifierMixin, BaseEstimator):
    """Predicts a hotline message's 一级分类 (交通运输, 城乡建设, ...) from its title and text.

    With ``nb_scaling`` (NBSVM, Wang & Manning 2012) each class has its own linear SVM over the
    n-gram features scaled by their log-count ratio for that class against the rest: grams that
    mark a class weigh more before the SVM sees them (5-fold CV accuracy 0.905 -> 0.912).
    ``class_weight`` applies to the single multi-class SVM used without ``nb_scaling``; with it, the
    per-class ratios already set each class against the rest.
    """

    def __init__(
        self,
        C: float = 3.0,
        max_ngram: int = 3,
        min_df: int = 2,
        class_weight: str | None = "balanced",
        nb_scaling: bool = True,
    ) -> None:
        self.C = C
        self.max_ngram = max_ngram
        self.min_df = min_df
        self.class_weight = class_weight
        self.nb_scaling = nb_scaling

    def fit(self, X: Sequence[str], y: Sequence[str]) -> HotlineCategoryClassifier:
        texts = [_SPACES.sub("", text) for text in X]
        labels = np.asarray(list(y), dtype=object)
        self.vectorizer_ = TfidfVectorizer(analyzer="char", ngram_range=(1, self.max_ngram), sublinear_tf=True,
                                           min_df=self.min_df, dtype=np.float32)
        matrix = self.vectorizer_.fit_transform(texts)
        self.vectorizer_.stop_words_ = None  # the pruned grams: megabytes in the artifact, never used
        self.classes_ = np.array(sorted(set(labels)), dtype=object)
        if not self.nb_scaling:
            # Minority classes (交通运输 is a twentieth of the data) would otherwise be read as 城乡建设.
            self.svm_ = LinearSVC(C=self.C, class_weight=self.class_weight).fit(matrix, labels)
            return self
        present = (matrix > 0).astype(np.float32)
        ratios, machines = [], []
        for label in self.classes_:
            inside = labels == label
            p = np.asarray(present[inside].sum(axis=0)).ravel() + 1.0  # add-one smoothed gram counts
            q = np.asarray(present[~inside].sum(axis=0)).ravel() + 1.0
            ratio = np.log((p / p.sum()) / (q / q.sum())).astype(np.float32)
            ratios.append(ratio)
            machines.append(LinearSVC(C=self.C).fit(matrix.multiply(ratio).tocsr(), inside.astype(int)))
        self.ratios_ = np.vstack(ratios)
        self.svms_ = machines
        return self

    def decision_function(self, X: Sequence[str]) -> np.ndarray:
        matrix = self.vectorizer_.transform([_SPACES.sub("", text) for text in X])
        if not self.nb_scaling:
            return self.svm_.decision_function(matrix)
        return np.column_stack([
            machine.decision_function(matrix.multiply(ratio).tocsr())
            for machine, ratio in zip(self.svms_, self.ratios_, strict=True)
        ])

    def predict(self, X: Sequence[str]) -> np.ndarray:
        if len(X) == 0:
            return np.array([], dtype=object)
        return self.classes_[self.decision_function(X).argmax(axis=1)]


def dump_category_model(model: HotlineCategoryClassifier, path: Path = ARTIFACT) -> None:
    import zipfile

    import skops.io as sio

    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(model, path, compression=zipfile.ZIP_DEFLATED)


def load_category_model(path: Path | None = None) -> HotlineCategoryClassifier:
    """The shipped classifier (cached), refusing any type outside the allow-list."""
    return _load(str(path or ARTIFACT))


@lru_cache(maxsize=4)
def _load(path: str) -> HotlineCategoryClassifier:
    import skops.io as sio

    untrusted = sio.get_untrusted_types(file=path)
    unknown = sorted(set(untrusted) - set(TRUSTED_TYPES) - {"numpy.dtype", "scipy.sparse._csr.csr_matrix"})
    if unknown:
        raise ValueError(f"{path} holds types outside the allow-list: {unknown}")
    model = sio.load(path, trusted=untrusted)
    if not isinstance(model, HotlineCategoryClassifier):
        raise ValueError(f"{path}: not a HotlineCategoryClassifier")
    return model


def fill_missing_categories(docs: Iterable[Any]) -> int:
    """Predict 一级分类 for hotline documents that have none; returns how many were filled.

    The prediction is marked ``metadata["category_predicted"] = True`` so editors can tell it from
    the export's own category.
    """
    missing = [doc for doc in docs if doc.kind == "hotline" and not (doc.category or "").strip()]
    if not missing:
        return 0
    model = load_category_model()
    predicted = model.predict([category_text(doc.title, doc.text) for doc in missing])
    for doc, category in zip(missing, predicted, strict=True):
        doc.category = str(category)
        doc.metadata = {**(doc.metadata or {}), "category_predicted": True}
    return len(missing)
