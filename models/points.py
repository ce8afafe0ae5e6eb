"""Four-point classifier: key / hot / difficult / distinctive (重点 / 热点 / 难点 / 特点), multi-label.

One linear model per point over one shared sparse feature matrix: word TF-IDF on the pre-segmented
tokens, the source kind, cue-lexicon counts (``models.cues``), P(negative) from ``models.sentiment``
and 100 latent directions learned from ~15,000 unlabelled real texts (``LatentSemantics``; measured
5-fold CV macro-F1 0.909 -> 0.918). The warning model reads the same matrix (its own columns masked),
so the analysis computes it once per batch.
Each point's regularisation, Platt calibration (per source kind where it has enough examples) and
decision threshold are learned from inner out-of-fold scores inside ``fit``, so cross-validation
around ``fit`` never sees its test fold; the point's model is the average of those inner-fold models
(0.918 -> 0.923, seed 0; see ``_select`` and ``_per_source_platt``).

Input items are dicts: ``title``, ``text``, ``source`` (news|policy|hotline|file) and optionally
``tokens`` = ``models.tokenize.tokenize(title + " " + text)``; pass tokens to segment only once.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from models.cues import ALL_CUE_GROUPS, CueScan
from models.tokenize import identity, tokenize
from models.vocab import TokenRun, lexsort, tfidf
from xuanti.records import DOCUMENT_KINDS, POINTS

ARTIFACT_DIR = Path(__file__).resolve().parent / "artifacts"
POINTS_ARTIFACT = ARTIFACT_DIR / "points.skops"

# Cue-group prefixes of the shared feature matrix (names only, so the persisted estimator holds no
# lexicon). Points and warning read one matrix; each model masks out the columns it must not use.
POINT_GROUPS: tuple[str, ...] = ("point:", "genre:")
SHARED_GROUPS: tuple[str, ...] = ("point:", "genre:", "alert:", "watch:")
# Which cue groups each point's model may use: its own lexicon plus the genre cues that argue
# against it. Giving every point every group lowered CV F1 (the groups overlap and overfit).
POINT_CUE_GROUPS: dict[str, tuple[str, ...]] = {
    "key": ("point:key", "genre:ceremony"),
    "hot": ("point:hot", "genre:ceremony"),
    "difficult": ("point:difficult", "genre:question", "genre:suggestion", "genre:success"),
    "distinctive": ("point:distinctive", "genre:success"),
}


def dense_mask(features: TextFeatures, allowed: set[str]) -> np.ndarray:
    """1 for every column a model may use: all words and sources, and the cue groups in ``allowed``
    (plus the ``negative`` column when "negative" is in ``allowed``); 0 for the rest."""
    mask = np.ones(len(features.feature_names_))
    for group in features.groups_:
        if group not in allowed:
            mask[features.column(f"cue:{group}")] = 0.0
    if "negative" not in allowed:
        mask[features.column("negative")] = 0.0
    return mask

_LINE_NOISE = re.compile(r"<!--.*?-->")


def item_text(item: dict[str, Any]) -> str:
    """Title and text as one string (markup comments from scraped pages removed)."""
    return _LINE_NOISE.sub(" ", f"{item.get('title') or ''} {item.get('text') or ''}")


def item_scan(item: dict[str, Any]) -> CueScan:
    """The cue words of the item's text: its own ``scan`` when the caller made one (so the features,
    the reasons and the warning share it), else scanned now."""
    scan = item.get("scan")
    return scan if scan is not None else CueScan(item_text(item))


def item_tokens(item: dict[str, Any]) -> list[str]:
    """The item's tokens: its own ``tokens`` when present, else segmented now."""
    tokens = item.get("tokens")
    return list(tokens) if tokens is not None else tokenize(item_text(item))


def unlabelled_corpus(data_dir: Path, news_days: int = 400, seed: int = 0) -> list[str]:
    """Texts of the real unlabelled corpora: hotline and mailbox messages, Hebei policy documents and
    a fixed sample of 新闻联播 days (about 15,000 texts; long ones cut to 3,000 characters)."""
    import csv
    import json
    import random

    csv.field_size_limit(1 << 30)
    texts: list[str] = []

    def read_csv(path: Path, *columns: str) -> None:
        if path.exists():
            with path.open(encoding="utf-8-sig", newline="") as handle:
                for row in csv.DictReader(handle):
                    texts.append(" ".join((row.get(column) or "")[:3000] for column in columns))

    read_csv(data_dir / "hotline/tipdm2020c/messages_with_votes.csv", "留言主题", "留言详情")
    read_csv(data_dir / "hotline/shangluo_mayor_mailbox/latest.csv", "title", "query")
    for path in sorted((data_dir / "policy/hebei").glob("*.csv")):
        read_csv(path, "标题", "内容")
    liuyan = data_dir / "hotline/hangzhou_liuyan/messages.jsonl"
    if liuyan.exists():
        for line in liuyan.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            texts.append(f"{row.get('title', '')} {row.get('content', '')}")
    days = sorted((data_dir / "news/xwlb/md").glob("*.md"))
    for path in random.Random(seed).sample(days, min(news_days, len(days))):
        texts.extend(block[:3000] for block in path.read_text(encoding="utf-8").split("\n### ")[1:])
    return texts


class LatentSemantics(TransformerMixin, BaseEstimator):
    """Latent semantic directions learned from unlabelled real text (TruncatedSVD of word TF-IDF).

    460 labelled items name only a fraction of the words that signal a point; the directions learned
    on ~15,000 real messages, policy documents and news stories let words never seen in training
    count through the words they co-occur with (semi-supervised). ``TextFeatures.fit`` keeps only
    the rows of its own vocabulary, so the persisted models stay small.
    """

    def __init__(self, n_components: int = 100, min_df: int = 3, max_features: int = 40000, random_state: int = 0):
        self.n_components = n_components
        self.min_df = min_df
        self.max_features = max_features
        self.random_state = random_state

    def fit(self, token_lists: Sequence[list[str]], y: Any = None) -> LatentSemantics:
        from sklearn.decomposition import TruncatedSVD

        vectorizer = TfidfVectorizer(
            analyzer=identity, sublinear_tf=True, min_df=self.min_df, max_features=self.max_features
        )
        matrix = vectorizer.fit_transform(token_lists)
        svd = TruncatedSVD(self.n_components, random_state=self.random_state).fit(matrix)
        self.vocabulary_ = {term: int(index) for term, index in vectorizer.vocabulary_.items()}
        self.components_ = svd.components_.astype(np.float32)  # (n_components, n_terms)
        self.idf_ = vectorizer.idf_.astype(np.float32)
        return self

    def term_vectors(self, terms: Sequence[str]) -> np.ndarray:
        """(len(terms), n_components): each term's direction weights times its corpus IDF (zeros for
        unknown terms), so that sublinear tf counts @ this = the SVD of the corpus TF-IDF (unnormalised)."""
        out = np.zeros((len(terms), self.components_.shape[0]), dtype=np.float32)
        for row, term in enumerate(terms):
            index = self.vocabulary_.get(term)
            if index is not None:
                out[row] = self.components_[:, index] * self.idf_[index]
        return out


@lru_cache(maxsize=2)
def latent_from_corpus(data_dir: str) -> LatentSemantics:
    """``LatentSemantics`` fitted on ``unlabelled_corpus`` (cached: evaluations fit it once)."""
    return LatentSemantics().fit([tokenize(text) for text in unlabelled_corpus(Path(data_dir))])


def _groups(prefixes: Sequence[str]) -> dict[str, tuple[str, ...]]:
    return {name: words for name, words in ALL_CUE_GROUPS.items() if name.startswith(tuple(prefixes))}


def _dense_names(groups: Sequence[str]) -> list[str]:
    return [f"source={kind}" for kind in DOCUMENT_KINDS] + [f"cue:{name}" for name in groups] + ["negative"]


class TextFeatures(TransformerMixin, BaseEstimator):
    """Sparse features of items: word TF-IDF on tokens, source one-hot and cue-group counts.

    The dense columns are scaled down (``source_weight``, ``cue_weight``) on purpose: each row of
    the L2-normalised TF-IDF block has entries of ~0.05, and unscaled dense columns took over the
    model and lowered CV F1 (measured: title char n-grams, title shape flags, text length and
    number counts all hurt at any weight tried, so they are not here).
    """

    def __init__(
        self,
        cue_prefixes: tuple[str, ...] = SHARED_GROUPS,
        min_df: int = 2,
        max_features: int | None = 20000,
        source_weight: float = 0.5,
        cue_weight: float = 0.1,
        negative_weight: float = 0.3,
        latent_weight: float = 0.3,
    ) -> None:
        self.cue_prefixes = cue_prefixes
        self.min_df = min_df
        self.max_features = max_features
        self.source_weight = source_weight
        self.cue_weight = cue_weight
        self.negative_weight = negative_weight
        self.latent_weight = latent_weight

    def fit(self, X: Sequence[dict[str, Any]], y: Any = None, latent: LatentSemantics | None = None) -> TextFeatures:
        """Learn the vocabulary; with ``latent``, keep its directions for the words of that vocabulary."""
        self.words_ = TfidfVectorizer(
            analyzer=identity, sublinear_tf=True, min_df=self.min_df, max_features=self.max_features
        ).fit([item_tokens(item) for item in X])
        # numpy int values make skops write one file per vocabulary entry (6 MB); plain ints are inline.
        self.words_.vocabulary_ = {term: int(index) for term, index in self.words_.vocabulary_.items()}
        self.groups_ = sorted(_groups(self.cue_prefixes))
        self.n_words_ = len(self.words_.vocabulary_)
        terms = list(self.words_.get_feature_names_out())
        # (n_words, k) directions of our own words: the latent block is words block @ this.
        # Divided by our own IDF: the words block holds tf * our IDF, the directions want the corpus IDF.
        self.latent_ = (
            latent.term_vectors(terms) / self.words_.idf_[:, None].astype(np.float32)
            if latent is not None
            else np.zeros((len(terms), 0), np.float32)
        )
        self.feature_names_ = np.array(
            [f"w:{term}" for term in terms]
            + _dense_names(self.groups_)
            + [f"latent:{k}" for k in range(self.latent_.shape[1])],
            dtype=object,
        )
        return self

    def fit_transform(self, X: Sequence[dict[str, Any]], y: Any = None, **fit_params: Any) -> sparse.csr_matrix:
        return self.fit(X, y, **fit_params).transform(X)

    def transform(self, X: Sequence[dict[str, Any]], tokens: TokenRun | None = None) -> sparse.csr_matrix:
        """The feature matrix (n_items, n_features).

        ``tokens``: the items' tokens as a batch run (``models.vocab``), the same matrix without a
        Python step per token; else each item's ``tokens`` (or its text, segmented now).
        """
        if tokens is not None:
            vocabulary = self.words_.vocabulary_
            counts = tokens.counts(tokens.batch.columns(vocabulary), len(self.words_.idf_))
            words = tfidf(counts, self.words_.idf_, sublinear=True)
        else:
            words = self.words_.transform([item_tokens(item) for item in X])
        dense = np.vstack([self._dense(item) for item in X]) if len(X) else np.zeros((0, 0))
        blocks = [words, sparse.csr_matrix(dense)]
        if self.latent_.shape[1]:
            latent = np.asarray(words @ self.latent_)
            norms = np.linalg.norm(latent, axis=1, keepdims=True)
            blocks.append(sparse.csr_matrix(self.latent_weight * latent / np.where(norms > 0, norms, 1.0)))
        return sparse.hstack(blocks, format="csr")

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return self.feature_names_

    def column(self, name: str) -> int:
        """Index of a named dense column (``source=news``, ``cue:point:hot`` ...)."""
        return self.n_words_ + _dense_names(self.groups_).index(name)

    def same_as(self, other: TextFeatures) -> bool:
        """Whether ``other`` computes the very same matrix (so one transform can serve both)."""
        return (
            self.get_params() == other.get_params()
            and self.groups_ == other.groups_
            and self.words_.vocabulary_ == other.words_.vocabulary_
            and np.array_equal(self.words_.idf_, other.words_.idf_)
            and np.array_equal(self.latent_, other.latent_)
        )

    def _dense(self, item: dict[str, Any]) -> np.ndarray:
        source = model_kind(item.get("source"))
        row: list[float] = [self.source_weight * (source == kind) for kind in DOCUMENT_KINDS]
        # log1p keeps a long policy document with 30 "问题" from dominating one with 3.
        row += [self.cue_weight * math.log1p(count) for count in item_scan(item).group_counts(tuple(self.groups_))]
        # P(negative) from models.sentiment, when the caller computed it.
        row.append(self.negative_weight * float(item.get("negative") or 0.0))
        return np.asarray(row, dtype=float)


def _best_threshold(y: np.ndarray, proba: np.ndarray) -> tuple[float, float]:
    """Threshold maximising F1 on out-of-fold probabilities, and that F1.

    Ties (a plateau of equal F1) are broken by taking the middle of the plateau, which is less
    sensitive to the exact fold split than its first point.
    """
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    scores = np.array([_f1(y, proba >= t) for t in grid])
    best = scores.max()
    chosen = grid[np.flatnonzero(scores >= best - 1e-9)]
    return float(np.median(chosen)), float(best)


def _f1(y: np.ndarray, pred: np.ndarray) -> float:
    tp = float(np.sum(pred & (y == 1)))
    denom = float(np.sum(pred) + np.sum(y == 1))
    return 2 * tp / denom if denom else 0.0


def model_kind(source: str | None) -> str:
    """The source kind the models read a document as: its own, except that a file (a folder's DOCX/PDF
    materials, an imported document) or a missing source is read as news.

    Why: the dev set has no labelled file, so the file column of the features never gets a weight and
    such a document is scored as if it had no kind at all. In 5-fold CV, news items read as file lose
    most of their 特点 (distinctive F1 0.89 -> 0.33, news macro-F1 0.80 -> 0.65, fold seeds 0 and 1),
    while policy items read as news score exactly as with their own kind. Warning rules that depend
    on the kind (a news lead, a policy document's none) still read the document's own."""
    source = source or "file"
    return "news" if source == "file" else source


def _kind_index(items: Sequence[dict[str, Any]]) -> np.ndarray:
    """Each item's ``model_kind`` as an index into DOCUMENT_KINDS."""
    index = {kind: k for k, kind in enumerate(DOCUMENT_KINDS)}
    fallback = index["news"]
    return np.fromiter((index.get(model_kind(item.get("source")), fallback) for item in items), dtype=np.int64,
                       count=len(items))


def _calibrate(scores: np.ndarray, platt: np.ndarray) -> np.ndarray:
    """sigmoid(a * score + b) with (a, b) per row (``platt`` (n, 2) or (n, points, 2))."""
    return _sigmoid(scores * platt[..., 0] + platt[..., 1])


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _platt(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Platt scaling parameters (a, b): p = sigmoid(a * score + b)."""
    lr = LogisticRegression(C=1e4).fit(scores.reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


class PointsClassifier(ClassifierMixin, BaseEstimator):
    """Multi-label key/hot/difficult/distinctive."""

    def __init__(
        self,
        features: TextFeatures | None = None,
        Cs: tuple[float, ...] = (4.0, 8.0, 16.0),
        inner_folds: int = 5,
        random_state: int = 0,
        min_per_source: int = 8,
    ) -> None:
        self.features = features
        self.Cs = Cs
        self.inner_folds = inner_folds
        self.random_state = random_state
        self.min_per_source = min_per_source

    def fit(self, X: Sequence[dict[str, Any]], Y: Any, latent: LatentSemantics | None = None) -> PointsClassifier:
        """Fit the features (with ``latent`` directions when given), then per point: C, Platt
        calibration and threshold from inner CV."""
        Y = np.asarray(Y, dtype=int)
        if Y.ndim != 2 or Y.shape[1] != len(POINTS):
            raise ValueError(f"Y must be (n, {len(POINTS)}) in POINTS order {POINTS}")
        self.classes_ = np.array(POINTS, dtype=object)
        self.features_ = clone(self.features) if self.features is not None else TextFeatures()
        full = self.features_.fit_transform(X, latent=latent)
        self.estimators_: list[LogisticRegression] = []
        self.C_ = np.zeros(len(POINTS))
        self.platt_ = np.zeros((len(POINTS), 2))
        self.source_platt_ = np.zeros((len(POINTS), len(DOCUMENT_KINDS), 2))
        self.thresholds_ = np.full(len(POINTS), 0.5)
        self.cv_f1_ = np.zeros(len(POINTS))
        kinds = _kind_index(X)
        for j in range(len(POINTS)):
            y = Y[:, j]
            # Zeroing the other points' cue columns during fit leaves their coefficients at 0, so
            # prediction can use the one shared matrix without masking.
            matrix = full @ sparse.diags(self._mask(POINTS[j]))
            C, platt, threshold, f1, estimator, scores = self._select(matrix, y)
            self.C_[j], self.platt_[j] = C, platt
            self.source_platt_[j] = self._per_source_platt(scores, y, kinds, platt)
            if scores is not None:  # the threshold is read off the probabilities predict_proba will give
                threshold, f1 = _best_threshold(y, _calibrate(scores, self.source_platt_[j][kinds]))
            self.thresholds_[j], self.cv_f1_[j] = threshold, f1
            self.estimators_.append(estimator if estimator is not None else self._linear(C).fit(matrix, y))
        return self

    def _per_source_platt(
        self, scores: np.ndarray | None, y: np.ndarray, kinds: np.ndarray, platt: np.ndarray
    ) -> np.ndarray:
        """Platt (a, b) per source kind, (len(DOCUMENT_KINDS), 2): the kind's own, fitted on its
        out-of-fold scores, where its training items hold ``min_per_source`` positives and negatives
        of the point; the all-sources one elsewhere.

        Why: the source kind is a feature, so a kind's scores sit on their own scale. 125 of 140
        hotline messages are difficult, and one calibration for all put news reports of a problem
        at 0.35-0.71, under a threshold of 0.785 made for hotline (the shipped model found none of
        the 13 difficult news items of its own training data). Measured, 5-fold CV: macro-F1 over
        fold seeds 0-4 0.913 -> 0.916 (each seed up), seeds 5-9 (held back) 0.910 -> 0.913 (four of
        five up); difficult 0.887 -> 0.898; expected calibration error 0.031 -> 0.022.
        """
        out = np.tile(platt, (len(DOCUMENT_KINDS), 1))
        if scores is None:
            return out
        for k in range(len(DOCUMENT_KINDS)):
            inside = kinds == k
            if min(int((y[inside] == 1).sum()), int((y[inside] == 0).sum())) >= self.min_per_source:
                out[k] = _platt(scores[inside], y[inside])
        return out

    def _mask(self, point: str) -> np.ndarray:
        """1 for every column the point's model may use, 0 for other points' cue columns."""
        return dense_mask(self.features_, set(POINT_CUE_GROUPS.get(point, ())))

    def _linear(self, C: float) -> LogisticRegression:
        # liblinear is the fastest solver at this size; a large intercept_scaling keeps it from
        # penalising the intercept (it then matches lbfgs). Balanced weights: distinctive is ~10 %.
        return LogisticRegression(
            C=C, class_weight="balanced", solver="liblinear", intercept_scaling=10.0, max_iter=1000
        )

    def _select(
        self, matrix: sparse.csr_matrix, y: np.ndarray
    ) -> tuple[float, np.ndarray, float, float, LogisticRegression | None, np.ndarray | None]:
        """Choose C by inner out-of-fold F1; return C, Platt (a, b), threshold, that F1, the model
        and its out-of-fold scores.

        The model is the average of the inner-fold models of the chosen C (one coefficient vector,
        so prediction costs the same as one model). Platt scaling and the threshold are learned on
        those very models' out-of-fold scores; a refit on all items scores on a wider scale (more
        data at the same C) than the scores they were learned on. Measured (5-fold CV, seeds 0-9,
        against one C = 4 refit on all items): macro-F1 0.918 -> 0.923 at seed 0, mean of ten
        seeds 0.910 -> 0.912 (seeds 5-9, never used to choose it: 0.911 -> 0.910).
        """
        if y.min() == y.max():  # a point never (or always) seen: constant answer
            return self.Cs[0], np.array([0.0, 10.0 if y[0] else -10.0]), 0.5, 0.0, None, None
        folds = min(self.inner_folds, int(np.bincount(y).min()))
        splitter = StratifiedKFold(max(folds, 2), shuffle=True, random_state=self.random_state)
        splits = list(splitter.split(np.zeros(len(y)), y))
        best: tuple[float, np.ndarray, float, float, LogisticRegression | None, np.ndarray | None] | None = None
        for C in self.Cs:
            scores = np.zeros(len(y))
            models = [self._linear(C).fit(matrix[train], y[train]) for train, _ in splits]
            for model, (_, test) in zip(models, splits, strict=True):
                scores[test] = model.decision_function(matrix[test])
            a, b = _platt(scores, y)
            threshold, f1 = _best_threshold(y, _sigmoid(a * scores + b))
            if best is None or f1 > best[3] + 1e-9:
                averaged = models[0]
                averaged.coef_ = np.mean([model.coef_ for model in models], axis=0)
                averaged.intercept_ = np.mean([model.intercept_ for model in models], axis=0)
                best = (C, np.array([a, b]), threshold, f1, averaged, scores)
        assert best is not None
        return best

    def decision_function(self, X: Sequence[dict[str, Any]], matrix: sparse.csr_matrix | None = None) -> np.ndarray:
        """Raw linear scores (n, 4); ``matrix`` is ``features_.transform(X)`` when already computed."""
        matrix = self.features_.transform(X) if matrix is None else matrix
        return np.column_stack([est.decision_function(matrix) for est in self.estimators_])

    def predict_proba(self, X: Sequence[dict[str, Any]], matrix: sparse.csr_matrix | None = None) -> np.ndarray:
        """Calibrated probability of each point (n, 4), POINTS order."""
        scores = self.decision_function(X, matrix)
        per_source = getattr(self, "source_platt_", None)  # absent in models trained before it
        if per_source is None:
            return _sigmoid(scores * self.platt_[:, 0] + self.platt_[:, 1])
        return _calibrate(scores, per_source[:, _kind_index(X)].transpose(1, 0, 2))

    def predict(self, X: Sequence[dict[str, Any]]) -> np.ndarray:
        """0/1 matrix (n, 4) using the per-point thresholds learned in fit."""
        return (self.predict_proba(X) >= self.thresholds_).astype(int)

    def explain(self, item: dict[str, Any], top: int = 5) -> dict[str, list[str]]:
        """For each point, the words and cues of this text that pushed its score up most."""
        return self.explain_many([item], top)[0]

    def explain_many(
        self, X: Sequence[dict[str, Any]], top: int = 5, matrix: sparse.csr_matrix | None = None
    ) -> list[dict[str, list[str]]]:
        """``explain`` for a batch: features computed once (or passed in), contributions sorted in one pass."""
        matrix = (self.features_.transform(X) if matrix is None else matrix).tocsr()
        names = self.features_.feature_names_.tolist()
        groups = _groups(self.features_.cue_prefixes)
        n_rows = matrix.shape[0]
        # Only words and cue groups are reasons an editor can check in the text; latent directions
        # and the source kind are not, so their entries are dropped before sorting.
        cue_columns = {column for column, name in enumerate(names) if name.startswith("cue:")}
        word_of = [name[2:] if name.startswith(("w:", "t:")) and name[2:].strip() else None for name in names]
        readable = np.array([column in cue_columns or word is not None for column, word in enumerate(word_of)])
        named = [word for word in word_of if word is not None]
        distinct_words = len(set(named)) == len(named)
        entry_rows = np.repeat(np.arange(n_rows), np.diff(matrix.indptr))
        # The readable entries, picked once for the four points (the latent block is most of the rest).
        kept = np.flatnonzero(readable[matrix.indices])
        entry_rows, entry_columns, entry_values = entry_rows[kept], matrix.indices[kept], matrix.data[kept]
        scans: dict[int, CueScan] = {}  # only documents whose reasons include a cue group need their cues
        described: dict[tuple[int, int], list[str]] = {}  # (row, cue column) -> its words, shared by the points
        results: list[dict[str, list[str]]] = [{} for _ in range(n_rows)]
        for point, estimator in zip(POINTS, self.estimators_, strict=True):
            contributions = entry_values * estimator.coef_[0][entry_columns]
            positive = np.flatnonzero(contributions > 0)
            # One sort for the batch: by document, then contribution (largest first).
            positive = positive[lexsort((-contributions[positive], entry_rows[positive]))]
            columns = entry_columns[positive].tolist()
            rows = entry_rows[positive]
            bounds_array = np.searchsorted(rows, np.arange(n_rows + 1))
            bounds = bounds_array.tolist()
            # Most documents' ``top`` strongest reasons are all words: those are just the first
            # ``top`` entries (distinct columns, distinct words); only the rest go through the loop.
            first = (np.arange(rows.size) - bounds_array[rows]) < top
            needs_text = np.zeros(n_rows, dtype=bool)
            if cue_columns:
                needs_text[rows[first & np.isin(entry_columns[positive], list(cue_columns))]] = True
            if not distinct_words:
                needs_text[:] = True
            for row in np.flatnonzero(~needs_text).tolist():
                results[row][point] = [word_of[column] for column in columns[bounds[row] : min(bounds[row] + top, bounds[row + 1])]]
            for row in np.flatnonzero(needs_text).tolist():
                terms: list[str] = []
                for column in columns[bounds[row] : bounds[row + 1]]:
                    word = word_of[column]
                    if word is None:  # a cue group: the cue words found in this text (once per group)
                        found = described.get((row, column))
                        if found is None:
                            if row not in scans:
                                scans[row] = item_scan(X[row])
                            found = described[row, column] = _describe(names[column], scans[row], groups)
                        for word in found:
                            if word not in terms:
                                terms.append(word)
                    elif word not in terms:
                        terms.append(word)
                    if len(terms) >= top:
                        break
                results[row][point] = terms[:top]
        return results


def _describe(name: str, scan: CueScan, groups: dict[str, tuple[str, ...]]) -> list[str]:
    """Readable words for one feature name (cue groups expand to the cue words found)."""
    kind, _, value = name.partition(":")
    if kind == "cue":
        return scan.first_distinct(groups[value], 3)
    if kind in ("w", "t"):
        return [value] if value.strip() else []
    # Structural features (source kind and the like) are not words an editor can check in the text.
    return []


def points_from_row(row: np.ndarray) -> list[str]:
    """Point names of one 0/1 prediction row."""
    return [point for point, flag in zip(POINTS, row, strict=True) if flag]


# Our own classes and functions that a shipped artifact may contain; anything else untrusted fails.
TRUSTED_TYPES: tuple[str, ...] = (
    "models.points.PointsClassifier",
    "models.points.TextFeatures",
    "models.points.LatentSemantics",
    "models.warning.WarningClassifier",
    "models.sentiment.SentimentClassifier",
    "models.tokenize.identity",
)


def dump_model(model: BaseEstimator, path: Path) -> None:
    """Write ``model`` with skops (never pickle)."""
    import skops.io as sio

    path.parent.mkdir(parents=True, exist_ok=True)
    sio.dump(model, path, compression=zipfile.ZIP_DEFLATED)


def load_trusted(path: Path) -> Any:
    """Load a skops file, refusing any untrusted type outside our allow-list."""
    import skops.io as sio

    untrusted = sio.get_untrusted_types(file=path)
    unknown = sorted(set(untrusted) - set(TRUSTED_TYPES))
    if unknown:
        raise ValueError(f"{path} holds types outside the allow-list: {unknown}")
    return sio.load(path, trusted=untrusted)


@lru_cache(maxsize=8)
def load_cached(path: str, expected: type) -> Any:
    """A trusted skops model of the ``expected`` class, loaded once per path."""
    model = load_trusted(Path(path))
    if not isinstance(model, expected):
        raise TypeError(f"{path} does not hold a {expected.__name__}")
    return model


def points_model_path(home: Path | None = None) -> Path:
    """The points model a data folder uses: one retrained from editors' decisions
    (``home/models/points.skops``, written by ``xuanti train``) when present, else the shipped one."""
    if home is not None and (Path(home) / "models" / "points.skops").is_file():
        return (Path(home) / "models" / "points.skops").resolve()
    return POINTS_ARTIFACT.resolve()


def load_points_model(path: Path | None = None, home: Path | None = None) -> PointsClassifier:
    """The points model, cached per path: ``path``, else ``points_model_path(home)``."""
    return load_cached(str(Path(path).resolve() if path else points_model_path(home)), PointsClassifier)
