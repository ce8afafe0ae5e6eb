"""Retrain the points and warning models on the whole labelled dev set and write the skops artifacts.

    /tmp/xv/bin/python scripts/train_models.py [--labels PATH] [--out DIR] [--no-eval]

By default reads ``$XUANTI_LABELS/points_dev.jsonl`` (``../shared/labels``), prints the 5-fold CV
scores first (the numbers the shipped model is judged by), then fits on all items and writes
``models/artifacts/points.skops`` and ``warning.skops``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from models.evaluate_points import evaluate_points, label_matrix, load_labelled
from models.points import ARTIFACT_DIR, PointsClassifier, dump_model, load_trusted
from models.warning import WarningClassifier
from xuanti.paths import shared_labels_dir


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=shared_labels_dir() / "points_dev.jsonl")
    parser.add_argument("--out", type=Path, default=ARTIFACT_DIR)
    parser.add_argument("--no-eval", action="store_true", help="skip the cross-validation report")
    args = parser.parse_args(argv)

    if not args.no_eval:
        print(json.dumps(evaluate_points(args.labels), ensure_ascii=False, indent=2))
    items = load_labelled(args.labels)
    points = PointsClassifier().fit(items, label_matrix(items))
    warning = WarningClassifier().fit(items, [item.get("warning", "none") for item in items])
    for name, model in (("points.skops", points), ("warning.skops", warning)):
        path = args.out / name
        dump_model(model, path)
        # Round trip through the allow-listed loader so a bad artifact never ships.
        reloaded = load_trusted(path)
        assert np.allclose(reloaded.predict_proba(items[:20]), model.predict_proba(items[:20]))
        print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")
    print("points thresholds:", dict(zip(points.classes_, np.round(points.thresholds_, 2), strict=True)))
    print(f"warning thresholds: alert {warning.alert_threshold_:.3f}, watch {warning.watch_threshold_:.2f}")


if __name__ == "__main__":
    main()
