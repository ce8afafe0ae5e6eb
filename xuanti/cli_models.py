"""``xuanti classify`` and ``xuanti group``: the models on JSON lines, for inspection and evaluation."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from xuanti.cli_common import Handler, line_text, output, read_jsonl, report_skipped, settings_for


def register(sub: Any) -> dict[str, Handler]:
    classify = sub.add_parser("classify", help="add points, scores and warning to JSON lines")
    classify.add_argument("input", help="JSON lines with a text (or body, content) and optional title, source, date, or a sheet "
                          "(XLSX/CSV) headed 标题, 正文, 来源, 日期 ('-' for standard input)")
    classify.add_argument("-o", "--output", help="output file: JSON lines, or a workbook if it ends in .xlsx "
                                                     "(default: standard output)")
    group = sub.add_parser("group", help="add a topic id to JSON lines (incremental grouping, as each night)")
    group.add_argument("input", help="JSON lines with a text (or body, content) and optional title, source, published, area")
    group.add_argument("-o", "--output", help="output file: JSON lines, or a workbook if it ends in .xlsx "
                                                  "(default: standard output)")
    group.add_argument("--config", help="config file ([general] area and [analysis] join_threshold, as each night)")
    return {"classify": cmd_classify, "group": cmd_group}


# The results as an editor reads them in a workbook: Chinese headers, points and warning in Chinese.
_RESULT_HEADERS = {"points": "要点", "warning": "预警", "category": "一级分类", "topic": "选题编号"}
# A line's own fields under the names an office's sheet gives them (FIELD_NAMES the other way).
_FIELD_HEADERS = {"id": "编号", "source": "来源", "date": "日期", "published": "发布时间", "title": "标题",
                  "text": "正文", "area": "区域"}
_SOURCE_ZH = {"news": "新闻", "policy": "政策", "hotline": "热线", "file": "本地材料"}


def _write_xlsx(rows: list[dict[str, Any]], path: str) -> None:
    """The lines as a workbook (``-o OUT.xlsx``): a line's own fields in their order, under the names a
    sheet gives them (标题, 正文, 来源 in Chinese…), then the results with Chinese headers; each point's
    probability a column of its own (重点概率…)."""
    from openpyxl import Workbook

    from xuanti.export import append_text_row
    from xuanti.records import POINT_NAMES_ZH, POINTS, WARNING_NAMES_ZH

    results = [*_RESULT_HEADERS, "scores"]
    own = list(dict.fromkeys(key for row in rows for key in row if key not in results))
    added = [key for key in _RESULT_HEADERS if any(key in row for row in rows)]
    scored = any("scores" in row for row in rows)
    book = Workbook()
    sheet = book.active
    sheet.title = "结果"
    sheet.append([_FIELD_HEADERS.get(key, key) for key in own] + [_RESULT_HEADERS[key] for key in added]
                 + ([f"{POINT_NAMES_ZH[point]}概率" for point in POINTS] if scored else []))
    for row in rows:
        values = [_SOURCE_ZH.get(row.get(key), row.get(key)) if key == "source" else row.get(key) for key in own]
        values = [json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value for value in values]
        for key in added:
            value = row.get(key)
            if key == "points":
                value = "、".join(POINT_NAMES_ZH.get(point, point) for point in value or []) or "无"
            elif key == "warning":
                value = WARNING_NAMES_ZH.get(str(value), value)
            values.append(value)
        if scored:
            values += [(row.get("scores") or {}).get(point) for point in POINTS]
        append_text_row(sheet, values)
    book.save(path)


def _write(rows: list[dict[str, Any]], path: str | None) -> None:
    if path and Path(path).suffix.lower() == ".xlsx":
        _write_xlsx(rows, path)
        return
    out = output(path)
    try:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    finally:
        if out is not sys.stdout:
            out.close()


def _hotline_categories(rows: list[dict[str, Any]]) -> dict[int, str]:
    """Row index -> 一级分类 for rows whose source is hotline: their own category, else the predicted one."""
    from models.category import category_text, load_category_model

    wanted = [i for i, row in enumerate(rows) if str(row.get("source") or "") == "hotline"]
    own = {i: str(rows[i].get("category") or "").strip() for i in wanted}
    missing = [i for i in wanted if not own[i]]
    if missing:
        predicted = load_category_model().predict(
            [category_text(str(rows[i].get("title") or ""), line_text(rows[i])) for i in missing]
        )
        own.update({i: str(category) for i, category in zip(missing, predicted, strict=True)})
    return own


def _published(row: dict[str, Any]) -> datetime | None:
    """A line's time as naive Beijing time: its 'published', else its 'date' (as the labelled files write
    it); ISO 8601 with or without a zone, 2024/1/8, 2024年1月8日, Unix seconds or milliseconds. None when it
    has none."""
    from extractors.text import parse_time_value

    for key in ("published", "date"):
        if (found := parse_time_value(row.get(key))) is not None:
            return found
    return None


def cmd_group(args: argparse.Namespace, home: Path) -> int:
    """Group the lines as the nightly job would: in published order, reprints with their originals."""
    rows, problems = read_jsonl(args.input)
    status = report_skipped(problems, rows)  # named at once, before the models load
    from models.dedup import NearDuplicateIndex
    from models.places import document_place
    from models.tokenize import tokenize
    from models.topics import TopicGrouper, home_area_words

    settings = settings_for(args.config)  # a bad config stops here, before any work
    categories = _hotline_categories(rows)
    items = []
    index = NearDuplicateIndex()
    order = sorted(range(len(rows)), key=lambda i: (_published(rows[i]) or datetime.min, i))
    for i in order:
        row = rows[i]
        title, text = str(row.get("title") or ""), line_text(row)
        tokens = tokenize(f"{title}\n{text}")
        uid = f"{i}"
        items.append({
            "uid": uid,
            "title": title,
            "tokens": tokens,
            "kind": str(row.get("source") or "news"),
            "place": document_place(title, text, str(row.get("source") or "news")) or str(row.get("area") or ""),
            "category": categories.get(i, ""),
            "published": _published(row),
            "duplicate_of": index.add(uid, tokens) or "",
        })
    assignment = TopicGrouper(
        join_threshold=settings.analysis.join_threshold, home_words=home_area_words(settings.general.area)
    ).assign(items)
    for i, row in enumerate(rows):
        row["topic"] = assignment[f"{i}"]
    _write(rows, args.output)
    return status


def cmd_classify(args: argparse.Namespace, home: Path) -> int:
    rows, problems = read_jsonl(args.input)
    status = report_skipped(problems, rows)  # named at once, before the models load
    from models.points import load_points_model
    from models.tokenize import tokenize
    from models.warning import SERVICE_TONES, at_least_watch, load_warning_model, marked_by_reader
    from xuanti.records import POINTS, tone_name

    points_model, warning_model = load_points_model(), load_warning_model()
    items = [
        {
            "title": str(row.get("title") or ""),
            "text": line_text(row),
            "source": str(row.get("source") or "news"),
            "tokens": tokenize(f"{row.get('title') or ''}\n{line_text(row)}"),
            "form": row.get("form"),  # 诉求类型: a letter of thanks carries no level, as in the night's analysis
        }
        for row in rows
    ]
    # A 舆情 sheet's 情感倾向 and a work order's 紧急程度 count as the night's analysis counts them (xuanti.pipeline).
    tones = [tone_name(row.get("tone")) for row in rows]
    for item, tone in zip(items, tones, strict=True):
        if tone in SERVICE_TONES:
            item["negative"] = SERVICE_TONES[tone]
    marked = [marked_by_reader(tone, row.get("urgency")) for row, tone in zip(rows, tones, strict=True)]
    labels = points_model.predict(items) if items else []
    proba = points_model.predict_proba(items) if items else []
    warnings = at_least_watch(warning_model.predict(items), items, marked) if items else []
    categories = _hotline_categories(rows)
    for number, (row, label, prob, warning) in enumerate(zip(rows, labels, proba, warnings, strict=True)):
        row["points"] = [p for p, flag in zip(POINTS, label, strict=True) if flag]
        row["scores"] = {p: round(float(v), 4) for p, v in zip(POINTS, prob, strict=True)}
        row["warning"] = str(warning)
        if number in categories:
            row["category"] = categories[number]
    _write(rows, args.output)
    return status
