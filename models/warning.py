"""Early-warning classifier: none / watch / alert (无 / 关注 / 预警).

A multinomial logistic regression over word TF-IDF, source and risk-cue counts (``models.cues``:
disasters, health, safety hazards, stability, wage arrears; repeated complaints, anger, disputes,
livelihood). Missing an alert is the costly error, so ``fit`` learns an alert threshold from inner
out-of-fold probabilities: the highest threshold that still keeps ``alert_recall`` of the training
alerts. "Watch or worse" gets the threshold that maximises its out-of-fold F1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from models.cues import (
    ABROAD_INSIDE_A_WORD,
    ABROAD_SHORT,
    ABROAD_WORDS,
    ALERT_WORDS,
    GENRE_CUES,
    HOME_WORDS,
    QUESTION_COMPLAINTS,
    WATCH_CUES,
    CueScan,
    is_alert_evidence,
    reported_as_work,
    unique,
)
from models.places import names_a_thing_at
from models.points import (
    ARTIFACT_DIR,
    LatentSemantics,
    TextFeatures,
    dense_mask,
    item_scan,
    item_text,
    load_cached,
)
from models.sentiment import SENTIMENT_ARTIFACT, load_sentiment_model
from xuanti.records import NEWS_LEAD_CHARS, WARNING_LEVELS, is_urgent

WARNING_ARTIFACT = ARTIFACT_DIR / "warning.skops"
_ALERT_WORDS = tuple(sorted(ALERT_WORDS))
_WATCH_WORDS = tuple(sorted({word for words in WATCH_CUES.values() for word in words}))
_QUESTION_WORDS = tuple(sorted(GENRE_CUES["question"]))
WARNING_GROUPS: tuple[str, ...] = ("alert:", "watch:", "point:difficult", "point:hot", "genre:question")


def default_warning_features() -> TextFeatures:
    """The same features as the points model (cue weight 0.1: 0, 0.03, 0.3 and 1.0 all did worse in
    CV), so the analysis computes one matrix for both; ``fit`` masks the groups warnings do not use."""
    return TextFeatures()


def warning_mask(features: TextFeatures) -> np.ndarray:
    """Columns the warning models use: words, source, risk cue groups and negative sentiment."""
    allowed = {group for group in features.groups_ if group.startswith(WARNING_GROUPS)} | {"negative"}
    return dense_mask(features, allowed)


class WarningClassifier(ClassifierMixin, BaseEstimator):
    """none / watch / alert with a recall-first alert threshold.

    Two binary models share one feature matrix: "alert" and "watch or worse". Nested binary
    models beat one multinomial model here (measured: same recall, higher precision, 50x faster
    with liblinear), and give each decision its own threshold.
    """

    def __init__(
        self,
        features: TextFeatures | None = None,
        C: float = 4.0,
        alert_recall: float = 0.9,
        inner_folds: int = 5,
        random_state: int = 0,
        require_alert_cue: bool = True,
        letter_alert_scale: float = 0.5,
    ) -> None:
        self.features = features
        self.C = C
        self.alert_recall = alert_recall
        self.require_alert_cue = require_alert_cue
        self.letter_alert_scale = letter_alert_scale
        self.inner_folds = inner_folds
        self.random_state = random_state

    def fit(
        self, X: Sequence[dict[str, Any]], y: Sequence[str | None], latent: LatentSemantics | None = None
    ) -> WarningClassifier:
        """Fit features (with ``latent`` directions) and both models; learn the alert and watch
        thresholds from inner CV. An item whose level is None shapes the features (vocabulary, IDF)
        but not the models: so the warning model can share the points model's features, fitted on
        items it does not learn levels from (``models.extra_labels``)."""
        labels = np.asarray(list(y), dtype=object)
        unknown = set(labels) - set(WARNING_LEVELS) - {None}
        if unknown:
            raise ValueError(f"unknown warning levels: {sorted(unknown)}")
        levelled = labels != None  # noqa: E711 - elementwise on an object array
        self.classes_ = np.array(WARNING_LEVELS, dtype=object)
        codes = np.array([WARNING_LEVELS.index(label) for label in labels[levelled]])
        self.features_ = clone(self.features) if self.features is not None else default_warning_features()
        # Masked columns get zero coefficients, so prediction can use the unmasked shared matrix.
        matrix = self.features_.fit_transform(X, latent=latent) @ sparse.diags(warning_mask(self.features_))
        matrix = sparse.csr_matrix(matrix)[np.flatnonzero(levelled)]
        is_alert = (codes == 2).astype(int)
        is_watch = (codes >= 1).astype(int)
        self.alert_threshold_ = _recall_threshold(self._oof(matrix, is_alert), is_alert == 1, self.alert_recall)
        self.watch_threshold_ = _f1_threshold(self._oof(matrix, is_watch), is_watch == 1)
        self.alert_model_ = self._fit_binary(matrix, is_alert)
        self.watch_model_ = self._fit_binary(matrix, is_watch)
        return self

    def _linear(self) -> LogisticRegression:
        # liblinear with a large intercept_scaling (so the intercept is barely penalised).
        return LogisticRegression(
            C=self.C, class_weight="balanced", solver="liblinear", intercept_scaling=10.0, max_iter=1000
        )

    def _fit_binary(self, matrix: Any, y: np.ndarray) -> LogisticRegression | None:
        return self._linear().fit(matrix, y) if 0 < y.sum() < len(y) else None

    def _oof(self, matrix: Any, y: np.ndarray) -> np.ndarray:
        """Out-of-fold P(y=1) for threshold learning (zeros when a class is too rare to split)."""
        oof = np.zeros(len(y))
        folds = min(self.inner_folds, int(y.sum()), int(len(y) - y.sum()))
        if folds < 2:
            return oof
        splitter = StratifiedKFold(folds, shuffle=True, random_state=self.random_state)
        for train, test in splitter.split(np.zeros(len(y)), y):
            oof[test] = self._linear().fit(matrix[train], y[train]).predict_proba(matrix[test])[:, 1]
        return oof

    def predict_proba(self, X: Sequence[dict[str, Any]], matrix: sparse.csr_matrix | None = None) -> np.ndarray:
        """Scores (n, 3) in ``classes_`` order none, watch, alert; rows sum to 1.

        P(alert) comes from the alert model, P(watch or alert) from the other (raised to at least
        P(alert) so the two stay nested). Class-balanced, so they overstate rare levels: read them
        as risk scores; ``predict`` applies the learned thresholds.
        """
        matrix = self.features_.transform(with_negative(X)) if matrix is None else matrix
        n = matrix.shape[0]
        alert = self.alert_model_.predict_proba(matrix)[:, 1] if self.alert_model_ else np.zeros(n)
        watch = self.watch_model_.predict_proba(matrix)[:, 1] if self.watch_model_ else np.zeros(n)
        watch = np.maximum(watch, alert)
        return np.column_stack([1.0 - watch, watch - alert, alert])

    def predict(self, X: Sequence[dict[str, Any]], matrix: sparse.csr_matrix | None = None) -> np.ndarray:
        """Levels: alert when P(alert) passes its threshold, else watch when P(watch or alert) does."""
        return self.levels_for(X, self.predict_proba(X, matrix))

    def levels_for(
        self,
        X: Sequence[dict[str, Any]],
        proba: np.ndarray,
        found: Sequence[tuple[list[str], list[str]]] | None = None,
    ) -> np.ndarray:
        """``levels`` of ``X`` from its ``predict_proba`` output and its ``cues_with_alerts`` (read here
        unless given: the analysis has them already)."""
        found = [self.cues_with_alerts(item) for item in X] if found is None else found
        return self.levels(
            proba,
            [bool(alert) for _, alert in found],
            [has_no_level(item) for item in X],
            [only_asks(item, cues) for item, (cues, _) in zip(X, found, strict=True)],
            [item.get("source") == "hotline" for item in X],
        )

    def levels(
        self,
        proba: np.ndarray,
        has_alert_cue: Sequence[bool] | None = None,
        no_level: Sequence[bool] | None = None,
        asks: Sequence[bool] | None = None,
        letters: Sequence[bool] | None = None,
    ) -> np.ndarray:
        """Levels from ``predict_proba`` output (so the analysis computes the probabilities once);
        rows flagged in ``no_level`` (``has_no_level``: policy, news from abroad) are "none" whatever
        their scores.

        With ``require_alert_cue`` an alert also needs an alert cue word in the text (fire, collapse,
        gathering, arrears...; ``has_alert_cue`` per row), else it is a watch: the rubric's alerts
        name an imminent risk, and 23 labelled alerts are too few for the words model alone
        (5-fold CV: precision 0.25 -> 0.33 at recall 1.00 -> 0.96).

        Rows flagged in ``asks`` (``only_asks``: a question naming no cue word) are no watch: the
        rubric's watch is a sign of trouble, and a letter asking when a road opens or how to enrol a
        child names none. Warning accuracy, 5-fold CV: 0.854 -> 0.863 at fold seed 0, higher at each of
        seeds 0-9 (by 0.004-0.016); alerts are untouched.

        Rows flagged in ``letters`` (hotline letters) that name an alert cue need only
        ``letter_alert_scale`` of the alert threshold. The dev set's 13 letter alerts are of one city's
        board, and their words do not carry: on the 240 letters of two other cities we labelled
        (``models.extra_labels``; levels never learnt), the shipped model found 29 of their 46 alerts;
        12 of its 17 misses named an alert cue (危房, 滑坡, 消防, 打人...) at a P(alert) under the
        threshold. At half of it, 40 (0.63 -> 0.87, precision 0.63 -> 0.54). On the dev set (5-fold CV,
        fold seeds 0-4) alert recall mean 0.931 -> 0.991, precision mean 0.431 -> 0.430: the fold models
        had missed a letter alert of the dev set's own board at four of the five seeds.
        """
        out = np.full(len(proba), "none", dtype=object)
        out[proba[:, 1] + proba[:, 2] >= self.watch_threshold_] = "watch"
        threshold = np.full(len(proba), self.alert_threshold_)
        if letters is not None and has_alert_cue is not None:
            named = np.asarray(letters, dtype=bool) & np.asarray(has_alert_cue, dtype=bool)
            threshold[named] *= self.letter_alert_scale
        alert = proba[:, 2] >= threshold
        if self.require_alert_cue and has_alert_cue is not None:
            out[alert & ~np.asarray(has_alert_cue, dtype=bool)] = "watch"
            alert &= np.asarray(has_alert_cue, dtype=bool)
        if asks is not None:
            out[(out == "watch") & np.asarray(asks, dtype=bool)] = "none"
        out[alert] = "alert"
        if no_level is not None:
            out[np.asarray(no_level, dtype=bool)] = "none"
        return out

    def cues(self, item: dict[str, Any]) -> list[str]:
        """Risk cue words found in the item: alert cues first, then watch cues."""
        return self.cues_with_alerts(item)[0]

    def cues_with_alerts(self, item: dict[str, Any]) -> tuple[list[str], list[str]]:
        """(``cues``, ``alert_cues``) of the item from its one cue scan; a policy document has none at
        all (``is_policy``: its risk words are no sign of risk)."""
        if is_policy(item):
            return [], []
        scan = item_scan(item)
        return unique(scan.find(_ALERT_WORDS) + scan.find(_WATCH_WORDS)), _alert_cues(item, scan)

    def alert_cues(self, item: dict[str, Any]) -> list[str]:
        """The alert cue words that let the item be an alert: words of an imminent risk (disaster,
        health, safety, stability, arrears) that are evidence of one (``is_alert_evidence``: not 工资
        or 全体 alone), in a news story's headline or lead (``NEWS_LEAD_CHARS``). None for news from
        abroad (``is_abroad``) or a policy document; the other cue words stay among the ``cues``."""
        return [] if is_policy(item) else _alert_cues(item, item_scan(item))


def _alert_cues(item: dict[str, Any], scan: CueScan) -> list[str]:
    """``WarningClassifier.alert_cues`` of a document that is no policy, from its cue scan."""
    if is_abroad(item):
        return []
    # A news story names the fire, epidemic or flood it reports in its headline or lead. Commentary,
    # features and service pieces name risks further down ("筑牢安全生产防线", a quake survivor's life
    # story, winter driving tips): of 30 alerts on 627 real 人民日报/央视网/光明 feed articles, 22 had
    # their only alert words after the lead, and none of those 22 reported an event; 8 remain, the
    # 香港大埔火灾 relief and the quake emergency response among them. Every dev-set news alert names its
    # risk within its first 100 characters: alert recall is unchanged (5-fold CV, fold seeds 0-4).
    news = item.get("source") == "news"
    end = len(str(item.get("title") or "")) + 1 + NEWS_LEAD_CHARS if news else None
    words = [word for word in unique(scan.find(_ALERT_WORDS, end)) if is_alert_evidence(word, scan.text)]
    if news:
        # A city committee's meeting, "加强农民工工资支付监管，坚决防止因欠薪引发群体性事件", was a 预警
        # lead of the demo: its risk words report work (``reported_as_work``).
        lead = scan.text[:end]
        words = [word for word in words if not reported_as_work(word, lead)]
    return words


def is_abroad(item: dict[str, Any]) -> bool:
    """Whether the headline is about a country or place abroad and not about home (美国夏威夷大火 is;
    中国公民在日本遇险 and 我市援助土耳其地震灾区 are not). Such news may be watched, never an alert:
    the rubric's alerts are risks to local safety and stability, and the 21 dev-set items it matches are
    all labelled none. 5-fold CV, fold seeds 0-4: alert precision up ~0.02 at every seed (0.333 -> 0.355
    at seed 0), false news alerts 15 -> 11, alert recall unchanged.

    A letter never is: its matter is the writer's own, whatever country its headline names (tipdm's
    "A市58车贷老板跑路美国，经侦拖延办案" is a local fraud)."""
    if item.get("source") == "hotline":
        return False
    title = str(item.get("title") or "")
    # Not a name inside a word of home (中东部地区, 青海地震) nor one naming a dish, a road or a disease
    # at home ("城关镇一韩国烤肉店发生火灾", 非洲猪瘟).
    abroad = any(
        not names_a_thing_at(title, match.end()) and not ABROAD_INSIDE_A_WORD.match(title, match.start())
        for match in _ABROAD_NAMED.finditer(title)
    )
    return (abroad or ABROAD_SHORT.search(title) is not None) and _HOME_NAMED.search(title) is None


# Any of the words, as one search of the headline (a test per word took a sixth of the warning's time);
# the longest first, so that the words after a name are read after all of it (印度尼西亚, not 印度).
_ABROAD_NAMED = re.compile("|".join(map(re.escape, sorted(ABROAD_WORDS, key=len, reverse=True))))
_HOME_NAMED = re.compile("|".join(map(re.escape, HOME_WORDS)))


def only_asks(item: dict[str, Any], cues: Sequence[str]) -> bool:
    """Whether a document with these ``cues`` (``WarningClassifier.cues``) names none and asks something
    (请问, 咨询, 何时, 能否, 是否...): a question, no sign of trouble. Of Hangzhou's 1,661 letters, 54 such
    watches became none ("流感疫苗何时有货？", "道路何时通车？", "老旧小区加梯审批咨询"). A question that
    names a sign ("何时能解决？一直没人管") or a problem in its own words (``QUESTION_COMPLAINTS``: "出行
    不便", "收费不合理") stays a watch."""
    if cues:
        return False
    scan = item_scan(item)
    return bool(scan.first_distinct(_QUESTION_WORDS, 1)) and not scan.first_distinct(QUESTION_COMPLAINTS, 1)


# P(negative) for a tone a reader gave (records.tone_name's names): a 舆情 service's 情感倾向 stands for
# the sentiment model's reading.
SERVICE_TONES = {"负面": 1.0, "正面": 0.0, "中性": 0.0}


def marked_by_reader(tone: str, urgency: Any) -> bool:
    """Whether a person already flagged the item: a 舆情 service's 负面 (``records.tone_name``), or a
    hotline operator's 紧急 or 特急 (``records.is_urgent``)."""
    return tone == "负面" or is_urgent(urgency)


def at_least_watch(levels: np.ndarray, items: Sequence[dict[str, Any]], marked: Sequence[bool]) -> np.ndarray:
    """``levels`` with each item a reader marked (``marked_by_reader``) at least a watch: what a 舆情 service
    or an operator flags is for an editor to mind, unless no level applies (``has_no_level``: news from
    abroad, policy)."""
    for row, flagged in enumerate(marked):
        if flagged and levels[row] == "none" and not has_no_level(items[row]):
            levels[row] = "watch"
    return levels


def has_no_level(item: dict[str, Any]) -> bool:
    """Whether the item carries no warning level, whatever its scores and cues: a policy document
    (``is_policy``) or a news story from abroad (``is_abroad``). The rubric's watch is trouble that
    could grow here; all 21 dev-set stories from abroad are labelled none, and 4 of them (a fire in
    Hawaii, a quake in Papua New Guinea, covid cases in America) had been read as watches. A letter
    is never from abroad (``is_abroad``). Nor does a letter of thanks (``is_thanks``)."""
    return is_policy(item) or is_thanks(item) or is_abroad(item)


# A letter that thanks or praises reports a matter settled, no sign of trouble: of the six real letters
# whose title opens so (感恩信, 感谢信：感谢商洛卫计局工作人员认真答复, a worker thanking the district once
# his wages were paid, a community thanked for removing old flue pipes), four had been watches on the
# problem they thank someone for solving. A 12345 export's 诉求类型 says so as 表扬 or 感谢.
_THANKS_TITLE = re.compile(r"\W*(?:感谢|表扬|致谢|点赞|赞扬|致敬|谢谢|感恩)")
_THANKS_FORM = re.compile(r"(?:表扬|感谢|致谢|点赞)(?:信|类)?")


def is_thanks(item: dict[str, Any]) -> bool:
    """Whether the item is a letter of thanks or praise: a hotline letter whose title opens with 感谢,
    表扬, 点赞… or whose export names its form (``form``: ``metadata["form"]``, from a 诉求类型 column) 表扬
    or 感谢. It carries no warning level (``has_no_level``), whatever it names: a fire put out is
    thanked for, not feared."""
    if item.get("source") != "hotline":
        return False
    return bool(_THANKS_TITLE.match(str(item.get("title") or ""))
                or _THANKS_FORM.fullmatch(str(item.get("form") or "").strip()))


def is_policy(item: dict[str, Any]) -> bool:
    """Whether the item is a policy document: it carries no warning level. A regulation or work plan
    is the government's answer to a risk, not a sign of one (the rubric's watch and alert are signs
    of trouble growing), and all 100 policy documents of the dev set are labelled none. Their risk
    words made the model alert on 57 of 600 real Hebei policy documents (河北省森林防火规定,
    河北省工资支付规定, 河北省学校安全条例...), 9.5 % of a policy portal flagged 预警."""
    return str(item.get("source") or "") == "policy"


def with_negative(items: Sequence[dict[str, Any]]) -> Sequence[dict[str, Any]]:
    """``items`` with P(negative) filled in from the shipped sentiment model where it is missing
    (callers such as ``xuanti classify`` pass bare items; the analysis computes it in its one pass)."""
    missing = [k for k, item in enumerate(items) if "negative" not in item]
    if not missing or not SENTIMENT_ARTIFACT.exists():
        return items
    scores = load_sentiment_model().negative_texts([item_text(items[k]) for k in missing])
    filled = list(items)
    for k, score in zip(missing, scores, strict=True):
        filled[k] = {**items[k], "negative": float(score)}
    return filled


def _recall_threshold(score: np.ndarray, positive: np.ndarray, recall: float) -> float:
    """The highest threshold that keeps at least ``recall`` of the positives' out-of-fold scores."""
    if not positive.any():
        return 1.0
    ranked = np.sort(score[positive])[::-1]
    keep = max(1, int(np.ceil(recall * len(ranked))))
    return float(max(ranked[keep - 1], 1e-6))


def _f1_threshold(score: np.ndarray, positive: np.ndarray) -> float:
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    f1 = []
    for t in grid:
        pred = score >= t
        denom = pred.sum() + positive.sum()
        f1.append(2 * float((pred & positive).sum()) / denom if denom else 0.0)
    f1 = np.array(f1)
    return float(np.median(grid[f1 >= f1.max() - 1e-9]))


def load_warning_model(path: Path | None = None) -> WarningClassifier:
    """The shipped warning model (``models/artifacts/warning.skops`` by default), cached per path."""
    return load_cached(str(Path(path or WARNING_ARTIFACT).resolve()), WarningClassifier)
