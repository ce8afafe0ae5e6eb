"""``xuanti classify`` and ``xuanti group``: the models on JSON lines, for inspection and evaluation."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from xuanti.cli_common import Handler, output, read_jsonl


def register(sub: Any) -> dict[str, Handler]:
    classify = sub.add_parser("classify", help="add points, scores and warning to JSON lines")
    classify.add_argument("input", help="JSON lines with at least id and text ('-' for standard input)")
    classify.add_argument("-o", "--output", help="output file (default: standard output)")

    return {"classify": cmd_classify}


def cmd_classify(args: argparse.Namespace, home: Path) -> int:
    rows = [item for _, item in read_jsonl(args.input)]  # bad input fails before models load
    from models.points import load_points_model
    from models.tokenize import tokenize
    from models.warning import load_warning_model
    from xuanti.records import POINTS

    points_model, warning_model = load_points_model(), load_warning_model()
    items = [
        {
            "title": str(row.get("title") or ""),
            "text": str(row.get("text") or ""),
            "source": str(row.get("source") or "news"),
            "tokens": tokenize(f"{row.get('title') or ''}\n{row.get('text') or ''}"),
        }
        for row in rows
    ]
    labels = points_model.predict(items) if items else []
    proba = points_model.predict_proba(items) if items else []
    warnings = warning_model.predict(items) if items else []
    out = output(args.output)
    try:
        for row, label, prob, warning in zip(rows, labels, proba, warnings, strict=True):
            row["points"] = [p for p, flag in zip(POINTS, label, strict=True) if flag]
            row["scores"] = {p: round(float(v), 4) for p, v in zip(POINTS, prob, strict=True)}
            row["warning"] = str(warning)
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()
    return 0
