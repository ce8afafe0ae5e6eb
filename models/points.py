"""Four-point classifier: key / hot / difficult / distinctive (重点 / 热点 / 难点 / 特点), multi-label.

One linear model per point over one shared sparse feature matrix:
word TF-IDF on the pre-segmented tokens, character n-grams of the title (titles carry the genre:
"各地……", "【走进县城看发展】", "请问……？"), the source kind, and cue-lexicon counts (``models.cues``).
Each point's regularisation, Platt calibration and decision threshold are learned from inner
out-of-fold scores inside ``fit``, so cross-validation around ``fit`` never sees its test fold.

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

from models.cues import ALL_CUE_GROUPS, find_cues, unique
from models.tokenize import identity, tokenize
from xuanti.records import DOCUMENT_KINDS, POINTS

ARTIFACT_DIR = Path(__file__).resolve().parent / "artifacts"
POINTS_ARTIFACT = ARTIFACT_DIR / "points.skops"

# Cue-group prefixes each model looks at (names only, so the persisted estimator holds no lexicon).
POINT_GROUPS: tuple[str, ...] = ("point:", "genre:")
# Which cue groups each point's model may use: its own lexicon plus the genre cues that argue
# against it. Giving every point every group lowered CV F1 (the groups overlap and overfit).
POINT_CUE_GROUPS: dict[str, tuple[str, ...]] = {
    "key": ("point:key", "genre:ceremony"),
    "hot": ("point:hot", "genre:ceremony"),
    "difficult": ("point:difficult", "genre:question", "genre:suggestion", "genre:success"),
    "distinctive": ("point:distinctive", "genre:success"),
}

_LINE_NOISE = re.compile(r"<!--.*?-->")


def item_text(item: dict[str, Any]) -> str:
    """Title and text as one string (markup comments from scraped pages removed)."""
    return _LINE_NOISE.sub(" ", f"{item.get('title') or ''} {item.get('text') or ''}")


def item_tokens(item: dict[str, Any]) -> list[str]:
    """The item's tokens: its own ``tokens`` when present, else segmented now."""
    tokens = item.get("tokens")
    return list(tokens) if tokens is not None else tokenize(item_text(item))


def _groups(prefixes: Sequence[str]) -> dict[str, tuple[str, ...]]:
    return {name: words for name, words in ALL_CUE_GROUPS.items() if name.startswith(tuple(prefixes))}


def _dense_names(groups: Sequence[str]) -> list[str]:
    return [f"source={kind}" for kind in DOCUMENT_KINDS] + [f"cue:{name}" for name in groups]


class TextFeatures(TransformerMixin, BaseEstimator):
    """Sparse features of items: word TF-IDF on tokens, source one-hot and cue-group counts.

    The dense columns are scaled down (``source_weight``, ``cue_weight``) on purpose: each row of
    the L2-normalised TF-IDF block has entries of ~0.05, and unscaled dense columns took over the
    model and lowered CV F1 (measured: title char n-grams, title shape flags, text length and
    number counts all hurt at any weight tried, so they are not here).
    """

    def __init__(
        self,
        cue_prefixes: tuple[str, ...] = POINT_GROUPS,
        min_df: int = 2,
        max_features: int | None = 20000,
        source_weight: float = 0.5,
        cue_weight: float = 0.1,
    ) -> None:
        self.cue_prefixes = cue_prefixes
        self.min_df = min_df
        self.max_features = max_features
        self.source_weight = source_weight
        self.cue_weight = cue_weight

    def fit(self, X: Sequence[dict[str, Any]], y: Any = None) -> TextFeatures:
        """Learn the vocabulary."""
        self.words_ = TfidfVectorizer(
            analyzer=identity, sublinear_tf=True, min_df=self.min_df, max_features=self.max_features
        ).fit([item_tokens(item) for item in X])
        # numpy int values make skops write one file per vocabulary entry (6 MB); plain ints are inline.
        self.words_.vocabulary_ = {term: int(index) for term, index in self.words_.vocabulary_.items()}
        self.groups_ = sorted(_groups(self.cue_prefixes))
        self.n_words_ = len(self.words_.vocabulary_)
        self.feature_names_ = np.array(
            [f"w:{term}" for term in self.words_.get_feature_names_out()] + _dense_names(self.groups_),
            dtype=object,
        )
        return self

    def transform(self, X: Sequence[dict[str, Any]]) -> sparse.csr_matrix:
        """The feature matrix (n_items, n_features)."""
        words = self.words_.transform([item_tokens(item) for item in X])
        dense = np.vstack([self._dense(item) for item in X]) if len(X) else np.zeros((0, 0))
        return sparse.hstack([words, sparse.csr_matrix(dense)], format="csr")

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return self.feature_names_

    def column(self, name: str) -> int:
        """Index of a named dense column (``source=news``, ``cue:point:hot`` ...)."""
        return self.n_words_ + _dense_names(self.groups_).index(name)

    def _dense(self, item: dict[str, Any]) -> np.ndarray:
        groups = _groups(self.cue_prefixes)
        text = item_text(item)
        source = item.get("source") or "file"
        row: list[float] = [self.source_weight * (source == kind) for kind in DOCUMENT_KINDS]
        # log1p keeps a long policy document with 30 "问题" from dominating one with 3.
        row += [self.cue_weight * math.log1p(len(find_cues(text, groups[name]))) for name in self.groups_]
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
        Cs: tuple[float, ...] = (4.0,),
        inner_folds: int = 5,
        random_state: int = 0,
    ) -> None:
        self.features = features
        self.Cs = Cs
        self.inner_folds = inner_folds
        self.random_state = random_state

    def fit(self, X: Sequence[dict[str, Any]], Y: Any) -> PointsClassifier:
        """Fit the features, then per point: C, Platt calibration and threshold from inner CV."""
        Y = np.asarray(Y, dtype=int)
        if Y.ndim != 2 or Y.shape[1] != len(POINTS):
            raise ValueError(f"Y must be (n, {len(POINTS)}) in POINTS order {POINTS}")
        self.classes_ = np.array(POINTS, dtype=object)
        self.features_ = clone(self.features) if self.features is not None else TextFeatures()
        full = self.features_.fit_transform(X)
        self.estimators_: list[LogisticRegression] = []
        self.C_ = np.zeros(len(POINTS))
        self.platt_ = np.zeros((len(POINTS), 2))
        self.thresholds_ = np.full(len(POINTS), 0.5)
        self.cv_f1_ = np.zeros(len(POINTS))
        for j in range(len(POINTS)):
            y = Y[:, j]
            # Zeroing the other points' cue columns during fit leaves their coefficients at 0, so
            # prediction can use the one shared matrix without masking.
            matrix = full @ sparse.diags(self._mask(POINTS[j]))
            C, platt, threshold, f1 = self._select(matrix, y)
            self.C_[j], self.platt_[j], self.thresholds_[j], self.cv_f1_[j] = C, platt, threshold, f1
            self.estimators_.append(self._linear(C).fit(matrix, y))
        return self

    def _mask(self, point: str) -> np.ndarray:
        """1 for every column the point's model may use, 0 for other points' cue columns."""
        mask = np.ones(len(self.features_.feature_names_))
        allowed = set(POINT_CUE_GROUPS.get(point, ()))
        for group in self.features_.groups_:
            if group not in allowed:
                mask[self.features_.column(f"cue:{group}")] = 0.0
        return mask

    def _linear(self, C: float) -> LogisticRegression:
        # liblinear is the fastest solver at this size; a large intercept_scaling keeps it from
        # penalising the intercept (it then matches lbfgs). Balanced weights: distinctive is ~10 %.
        return LogisticRegression(
            C=C, class_weight="balanced", solver="liblinear", intercept_scaling=10.0, max_iter=1000
        )

    def _select(self, matrix: sparse.csr_matrix, y: np.ndarray) -> tuple[float, np.ndarray, float, float]:
        """Choose C by inner out-of-fold F1; return C, Platt (a, b), threshold and that F1."""
        if y.min() == y.max():  # a point never (or always) seen: constant answer
            return self.Cs[0], np.array([0.0, 10.0 if y[0] else -10.0]), 0.5, 0.0
        folds = min(self.inner_folds, int(np.bincount(y).min()))
        splitter = StratifiedKFold(max(folds, 2), shuffle=True, random_state=self.random_state)
        splits = list(splitter.split(np.zeros(len(y)), y))
        best: tuple[float, np.ndarray, float, float] | None = None
        for C in self.Cs:
            scores = np.zeros(len(y))
            for train, test in splits:
                scores[test] = self._linear(C).fit(matrix[train], y[train]).decision_function(matrix[test])
            a, b = _platt(scores, y)
            threshold, f1 = _best_threshold(y, _sigmoid(a * scores + b))
            if best is None or f1 > best[3] + 1e-9:
                best = (C, np.array([a, b]), threshold, f1)
        assert best is not None
        return best

    def decision_function(self, X: Sequence[dict[str, Any]]) -> np.ndarray:
        """Raw linear scores (n, 4)."""
        matrix = self.features_.transform(X)
        return np.column_stack([est.decision_function(matrix) for est in self.estimators_])

    def predict_proba(self, X: Sequence[dict[str, Any]]) -> np.ndarray:
        """Calibrated probability of each point (n, 4), POINTS order."""
        scores = self.decision_function(X)
        return _sigmoid(scores * self.platt_[:, 0] + self.platt_[:, 1])

    def predict(self, X: Sequence[dict[str, Any]]) -> np.ndarray:
        """0/1 matrix (n, 4) using the per-point thresholds learned in fit."""
        return (self.predict_proba(X) >= self.thresholds_).astype(int)

    def explain(self, item: dict[str, Any], top: int = 5) -> dict[str, list[str]]:
        """For each point, the words and cues of this text that pushed its score up most."""
        return self.explain_many([item], top)[0]

    def explain_many(self, X: Sequence[dict[str, Any]], top: int = 5) -> list[dict[str, list[str]]]:
        """``explain`` for a batch: features are computed once, contributions row by row."""
        matrix = self.features_.transform(X).tocsr()
        names = self.features_.feature_names_
        groups = _groups(self.features_.cue_prefixes)
        coefs = [est.coef_[0] for est in self.estimators_]
        results: list[dict[str, list[str]]] = []
        for row_index, item in enumerate(X):
            start, end = matrix.indptr[row_index], matrix.indptr[row_index + 1]
            columns, values = matrix.indices[start:end], matrix.data[start:end]
            text = item_text(item)
            out: dict[str, list[str]] = {}
            for point, coef in zip(POINTS, coefs, strict=True):
                contrib = values * coef[columns]
                terms: list[str] = []
                for k in np.argsort(-contrib):
                    if contrib[k] <= 0:
                        break
                    terms = unique([*terms, *_describe(str(names[columns[k]]), text, groups)])
                    if len(terms) >= top:
                        break
                out[point] = terms[:top]
            results.append(out)
        return results


def _describe(name: str, text: str, groups: dict[str, tuple[str, ...]]) -> list[str]:
    """Readable words for one feature name (cue groups expand to the cue words found)."""
    kind, _, value = name.partition(":")
    if kind == "cue":
        return unique(find_cues(text, groups[value]))[:3]
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
    "models.warning.WarningClassifier",
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


def load_points_model(path: Path | None = None) -> PointsClassifier:
    """The shipped points model (``models/artifacts/points.skops`` by default), cached per path."""
    return load_cached(str(Path(path or POINTS_ARTIFACT).resolve()), PointsClassifier)
