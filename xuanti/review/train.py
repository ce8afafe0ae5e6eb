"""Learning from editors' decisions: the four-point classifier and the ranking weights.

How decisions become labels (documented here and in the README):

* **Four points.** The labelled dev set is the base. A topic editors *accepted* confirms what the
  models saw: each member document's predicted points become its labels. A topic editors *rejected*
  says none of the four points made it worth a report: its members are labelled with no points.
  At most ``MAX_DOCS_PER_TOPIC`` (the most recent) members per topic are used, so one large topic
  cannot outweigh the hand-labelled set; documents already in the dev set keep their hand labels.
* **Ranking.** Each topic's latest accept/reject (not undone) is one example; its features are the
  rank components the ranking used that night. A logistic regression of accept vs reject on those
  components gives their relative importance; the coefficients (negative ones clipped to 0) are
  scaled to the same total as the current weights and blended with them, trusting the decisions more
  as they grow (``n / (n + PRIOR_DECISIONS)``). Too few of either kind: the weights are not changed.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import select

from xuanti.records import POINTS
from xuanti.review.db import decisions, ensure_tables
from xuanti.settings import RankWeights, Settings
from xuanti.store import Store, documents, topics

log = logging.getLogger("xuanti")

MAX_DOCS_PER_TOPIC = 20
MIN_EACH = 3
PRIOR_DECISIONS = 20
COMPONENTS: tuple[str, ...] = (*POINTS, "heat", "trend", "warning", "incident", "recency", "novelty")
_WARNING_VALUE = {"none": 0.0, "watch": 0.5, "alert": 1.0}


def models_dir(home: Path) -> Path:
    return home / "models"


def decision_examples(store: Store) -> list[tuple[str, str, dict[str, Any]]]:
    """(topic id, "accept"|"reject", features) of each topic's latest standing accept/reject."""
    ensure_tables(store)
    stmt = (
        select(decisions.c.topic_id, decisions.c.action, decisions.c.features)
        .where(decisions.c.action.in_(("accept", "reject")), decisions.c.undone.is_(False))
        .order_by(decisions.c.id)
    )
    latest: dict[str, tuple[str, dict[str, Any]]] = {}
    with store.engine.connect() as conn:
        for topic_id, action, features in conn.execute(stmt):
            latest[topic_id] = (action, features or {})
    return [(topic_id, action, features) for topic_id, (action, features) in sorted(latest.items())]


def feature_vector(features: dict[str, Any]) -> list[float]:
    """Rank components in ``COMPONENTS`` order (the ranking's own 0..1 values)."""
    scores = features.get("scores") or {}
    components = features.get("components") or {}
    values = [float(scores.get(point, 0.0)) for point in POINTS]
    values.append(float(components.get("heat", features.get("heat") or 0.0)))
    values.append(float(components.get("trend", 0.0)))
    values.append(float(components.get("warning", _WARNING_VALUE.get(str(features.get("warning")), 0.0))))
    values.append(float(components.get("incident", 0.0)))  # decisions taken before it was a component: none
    values.append(float(components.get("recency", 0.0)))
    values.append(float(components.get("novelty", 1.0)))
    return values


def learn_rank_weights(examples: list[tuple[str, str, dict[str, Any]]], current: RankWeights) -> dict[str, Any] | None:
    """New weights from accept/reject examples, or None when there are too few of either kind."""
    from sklearn.linear_model import LogisticRegression

    labels = np.array([1 if action == "accept" else 0 for _, action, _ in examples])
    if labels.sum() < MIN_EACH or (len(labels) - labels.sum()) < MIN_EACH:
        return None
    matrix = np.array([feature_vector(features) for _, _, features in examples])
    model = LogisticRegression(C=1.0, max_iter=1000).fit(matrix, labels)
    coef = np.clip(model.coef_[0], 0.0, None)
    base = np.array([getattr(current, name) for name in COMPONENTS])
    learned = coef / coef.sum() * base.sum() if coef.sum() > 0 else base
    trust = len(labels) / (len(labels) + PRIOR_DECISIONS)
    blended = (1 - trust) * base + trust * learned
    return {
        "weights": {name: round(float(value), 4) for name, value in zip(COMPONENTS, blended, strict=True)},
        "decisions": int(len(labels)),
        "accepted": int(labels.sum()),
        "trust": round(trust, 3),
        "train_accuracy": round(float(model.score(matrix, labels)), 3),
        "trained": datetime.now().replace(microsecond=0).isoformat(),
    }


def load_rank_weights(home: Path) -> RankWeights | None:
    """Weights learned by ``xuanti train`` (``home/models/rank_weights.json``), if any."""
    path = models_dir(home) / "rank_weights.json"
    if not path.is_file():
        return None
    try:
        return RankWeights(**json.loads(path.read_text(encoding="utf-8"))["weights"])
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("忽略无法读取的排序权重 %s：%s", path, exc)
        return None


def decision_items(store: Store, exclude_ids: set[str]) -> list[dict[str, Any]]:
    """Labelled items from accepted and rejected topics (see the module docstring for the rule)."""
    with store.engine.connect() as conn:
        decided = {
            topic_id: status
            for topic_id, status in conn.execute(
                select(topics.c.id, topics.c.status).where(topics.c.status.in_(("accepted", "rejected")))
            )
        }
        items: list[dict[str, Any]] = []
        for topic_id, status in sorted(decided.items()):
            rows = conn.execute(
                select(documents.c.id, documents.c.kind, documents.c.title, documents.c.text, documents.c.analysis)
                .where(documents.c.topic_id == topic_id, documents.c.analysis.is_not(None))
                .order_by(documents.c.published.desc(), documents.c.uid)
                .limit(MAX_DOCS_PER_TOPIC)
            )
            for doc_id, kind, title, text, analysis in rows:
                if doc_id in exclude_ids:
                    continue
                points = list((analysis or {}).get("points") or []) if status == "accepted" else []
                items.append({"id": doc_id, "source": kind, "title": title or "", "text": text or "",
                              "points": points, "from_decision": status})
    return items


def train(store: Store, settings: Settings, home: Path, labels_path: Path) -> dict[str, Any]:
    """Retrain both models from the dev set and the decisions; write them to ``home/models``."""
    from models.evaluate_points import extra_items, label_matrix, load_labelled
    from models.points import PointsClassifier, dump_model, load_trusted
    from models.tokenize import tokenize
    from xuanti.paths import shared_data_dir

    out = models_dir(home)
    out.mkdir(parents=True, exist_ok=True)
    report: dict[str, Any] = {}

    dev = load_labelled(labels_path)
    # The stories and letters we labelled that the shipped model also learnt from, where the shared data is.
    ours, _ = extra_items(shared_data_dir(), dev)
    extra = decision_items(store, {str(item.get("id")) for item in dev})
    for item in extra:
        item["tokens"] = tokenize(f"{item['title']} {item['text']}")
    items = dev + ours + extra
    model = PointsClassifier().fit(items, label_matrix(items))
    points_path = out / "points.skops"
    tmp = out / "points.skops.tmp"
    dump_model(model, tmp)
    reloaded = load_trusted(tmp)  # never install an artifact that does not load
    assert np.allclose(reloaded.predict_proba(items[:10]), model.predict_proba(items[:10]))
    tmp.replace(points_path)
    from models.points import load_cached

    load_cached.cache_clear()  # this process (e.g. ``xuanti serve``) picks up the new file next time
    report["points"] = {
        "path": str(points_path), "dev_items": len(dev), "labelled_items": len(ours), "decision_items": len(extra),
        "accepted_items": sum(1 for item in extra if item["from_decision"] == "accepted"),
        "rejected_items": sum(1 for item in extra if item["from_decision"] == "rejected"),
        "thresholds": {point: round(float(t), 3) for point, t in zip(POINTS, model.thresholds_, strict=True)},
    }

    examples = decision_examples(store)
    learned = learn_rank_weights(examples, settings.rank.weights)
    if learned is None:
        report["rank"] = {"changed": False, "decisions": len(examples),
                          "why": f"采用和不采用的决定各需至少{MIN_EACH}条"}
    else:
        weights_path = out / "rank_weights.json"
        weights_path.write_text(json.dumps(learned, ensure_ascii=False, indent=1), encoding="utf-8")
        report["rank"] = {"changed": True, "path": str(weights_path), **learned}
    return report
