"""Topic lists as editors use them: a console table, CSV and XLSX (open in WPS/Excel), and one HTML page."""

from __future__ import annotations

import csv
import html
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from xuanti.records import POINT_NAMES_ZH, WARNING_NAMES_ZH, Document, Topic, is_urgent, xml_safe

WARNING_STYLE = {"alert": "bold red", "watch": "yellow", "none": "dim"}
WARNING_COLOUR = {"alert": "#c0392b", "watch": "#d68910", "none": "#7f8c8d"}
CSV_HEADER = ["排名", "选题", "要点", "预警", "热度", "趋势", "综合得分", "关键词", "地点", "文档数", "首次出现", "最近出现", "推荐理由", "编号"]


EVIDENCE_SHOWN = 8


def evidence_uids(topic: Topic, limit: int = EVIDENCE_SHOWN) -> list[str]:
    """The documents shown as a topic's evidence: its newest ``limit``, newest first. Its documents run
    oldest first, and a topic about an estate since January showed January's letters for tonight."""
    return list(reversed(topic.documents[-limit:])) if limit > 0 else []


def public_id(uid: str) -> str:
    """The document id shown to users (a hotline row keeps its export's own id)."""
    return uid.split("/", 1)[1] if "/" in uid else uid


def source_label(doc: Document) -> str:
    """Where an editor reads a document came from: the source, and for a row of a 舆情 sheet its outlet
    and the service's 负面 (舆情日报（人民网，负面）), for a work order the operator's 紧急 (12345热线（紧急）)."""
    said = [str(doc.metadata.get("outlet") or ""), "负面" if doc.metadata.get("tone") == "负面" else "",
            "紧急" if is_urgent(doc.metadata.get("urgency")) else ""]
    said = [part for part in said if part]
    return f"{doc.source}（{'，'.join(said)}）" if said else doc.source


def web_address(url: str, metadata: dict[str, Any]) -> str:
    """The address an editor can open for a document: its own http(s) URL, else the one a page saved into
    the materials folder came from (``metadata["saved_from"]``); "" for a file on the office's disk."""
    for address in (url, str(metadata.get("saved_from") or "")):
        if address.startswith(("http://", "https://")):
            return address
    return ""


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else ""


def points_zh(topic: Topic) -> str:
    return "、".join(POINT_NAMES_ZH[p] for p in topic.points) or "—"


def topic_json(topic: Topic) -> dict[str, Any]:
    """The JSON shape of ``xuanti topics --format json``."""
    return {
        "id": topic.id,
        "title": topic.title,
        "keywords": topic.keywords,
        "points": topic.points,
        "scores": {k: round(v, 4) for k, v in topic.scores.items()},
        "warning": topic.warning,
        "rank_score": round(topic.rank_score, 4),
        "heat": round(topic.heat, 4),
        "trend": round(topic.trend, 4),
        "place": topic.place,
        "reasons": topic.reasons,
        "first_seen": topic.first_seen.isoformat() if topic.first_seen else None,
        "last_seen": topic.last_seen.isoformat() if topic.last_seen else None,
        "status": topic.status,
        "documents": [public_id(uid) for uid in topic.documents],
    }


def _row(rank: int, topic: Topic) -> list[Any]:
    return [
        rank,
        topic.title,
        points_zh(topic),
        WARNING_NAMES_ZH.get(topic.warning, topic.warning),
        round(topic.heat, 2),
        round(topic.trend, 2),
        round(topic.rank_score, 3),
        "、".join(topic.keywords),
        topic.place,
        len(topic.documents),
        _when(topic.first_seen),
        _when(topic.last_seen),
        "；".join(topic.reasons),
        topic.id,
    ]


def console_table(topics: list[Topic], console: Console | None = None, limit: int = 30, title: str = "今日选题") -> None:
    """Print the ranked list with four-point labels, warning levels and reasons."""
    if console is None:
        console = Console()
        if not console.is_terminal:  # piped or captured: do not squeeze Chinese text into 80 columns
            console = Console(width=160)
    table = Table(title=f"{title}（前 {min(limit, len(topics))} 条 / 共 {len(topics)} 条）", show_lines=True)
    for name, style, ratio in (("排名", "bold", 1), ("选题", "bold", 5), ("要点", "", 2), ("预警", "", 1),
                               ("得分", "", 1), ("文档", "", 1), ("推荐理由", "", 10)):
        table.add_column(name, style=style or None, overflow="fold", ratio=ratio)
    for rank, topic in enumerate(topics[:limit], 1):
        table.add_row(
            str(rank),
            topic.title,
            points_zh(topic),
            f"[{WARNING_STYLE.get(topic.warning, '')}]{WARNING_NAMES_ZH.get(topic.warning, topic.warning)}[/]",
            f"{topic.rank_score:.2f}",
            str(len(topic.documents)),
            "\n".join(topic.reasons[:4]),
        )
    console.print(table)


def write_csv(topics: list[Topic], path: Path) -> Path:
    # UTF-8 with BOM so that Excel and WPS open the Chinese text correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        for rank, topic in enumerate(topics, 1):
            writer.writerow(_row(rank, topic))
    return path


def csv_text(topics: list[Topic]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for rank, topic in enumerate(topics, 1):
        writer.writerow(_row(rank, topic))
    return buffer.getvalue()


def append_text_row(sheet: Any, values: list[Any]) -> None:
    """Append a data row to an openpyxl sheet: text without the characters a cell refuses (a topic stored
    before they were dropped from documents may hold one), and a text starting with "=" (a crawled title,
    a letter) kept as text, never a formula; other values as they are."""
    sheet.append([xml_safe(value) if isinstance(value, str) else value for value in values])
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"


def write_xlsx(topics: list[Topic], path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = Workbook()
    sheet = book.active
    sheet.title = "今日选题"
    sheet.append(CSV_HEADER)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for rank, topic in enumerate(topics, 1):
        append_text_row(sheet, _row(rank, topic))
    widths = [6, 40, 14, 8, 8, 8, 10, 30, 16, 8, 17, 17, 80, 18]
    for column, width in zip("ABCDEFGHIJKLMN", widths, strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "C2"
    book.save(path)
    return path


def write_html(
    topics: list[Topic],
    path: Path,
    documents: dict[str, dict[str, Any]] | None = None,
    title: str = "今日选题",
    subtitle: str = "",
    caveat: str = "",
) -> Path:
    """One self-contained page (no external files): ranked topics with reasons and evidence, under a
    ``caveat`` when the night was incomplete."""
    documents = documents or {}
    esc = html.escape
    cards = []
    for rank, topic in enumerate(topics, 1):
        colour = WARNING_COLOUR.get(topic.warning, "#7f8c8d")
        tags = "".join(f'<span class="tag">{esc(POINT_NAMES_ZH[p])}</span>' for p in topic.points)
        reasons = "".join(f"<li>{esc(reason)}</li>" for reason in topic.reasons)
        evidence = []
        for uid in evidence_uids(topic):
            doc = documents.get(uid)
            if not doc:
                continue
            label = esc(doc.get("title") or public_id(uid))
            link = f'<a href="{esc(doc["url"])}">{label}</a>' if doc.get("url", "").startswith("http") else label
            evidence.append(
                f'<li>{link} <span class="meta">{esc(doc.get("source", ""))} · {esc(doc.get("published") or "")}</span></li>'
            )
        more = len(topic.documents) - len(evidence)
        if more > 0:
            evidence.append(f'<li class="meta">另有更早的 {more} 篇/件</li>')
        cards.append(
            f"""<section class="topic">
<h2><span class="rank">{rank}</span>{esc(topic.title)}</h2>
<p class="line">{tags}<span class="warn" style="background:{colour}">{esc(WARNING_NAMES_ZH.get(topic.warning, topic.warning))}</span>
<span class="meta">综合得分 {topic.rank_score:.2f} · 热度 {topic.heat:.2f} · 趋势 {topic.trend:+.2f} · {len(topic.documents)} 篇/件 · {esc(_when(topic.first_seen))} 至 {esc(_when(topic.last_seen))}</span></p>
<p class="meta">关键词：{esc("、".join(topic.keywords))}{("　地点：" + esc(topic.place)) if topic.place else ""}</p>
<h3>推荐理由</h3><ul>{reasons}</ul>
<h3>依据材料</h3><ul class="evidence">{"".join(evidence)}</ul>
</section>"""
        )
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<style>
body {{ font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; margin: 2em auto; max-width: 960px; color: #222; line-height: 1.6; }}
h1 {{ font-size: 1.6em; border-bottom: 3px solid #b22222; padding-bottom: .3em; }}
.topic {{ border: 1px solid #ddd; border-radius: 6px; padding: .8em 1.2em; margin: 1em 0; }}
.topic h2 {{ font-size: 1.2em; margin: .2em 0; }}
.topic h3 {{ font-size: 1em; margin: .6em 0 .2em; color: #555; }}
.rank {{ display: inline-block; min-width: 1.8em; color: #b22222; }}
.tag {{ background: #1f618d; color: #fff; border-radius: 3px; padding: 0 .4em; margin-right: .3em; font-size: .9em; }}
.warn {{ color: #fff; border-radius: 3px; padding: 0 .4em; margin-right: .6em; font-size: .9em; }}
.meta {{ color: #777; font-size: .9em; }}
.caveat {{ background: #fef3f2; border: 1px solid #fecdca; color: #b42318; padding: .5em .8em; border-radius: 4px; }}
</style></head><body>
<h1>{esc(title)}</h1>
<p class="meta">{esc(subtitle)}</p>
{f'<p class="caveat">{esc(caveat)}</p>' if caveat else ""}
{"".join(cards) or "<p>暂无选题。</p>"}
</body></html>
"""
    path.write_text(page, encoding="utf-8")
    return path


def write_json(topics: list[Topic], path: Path) -> Path:
    path.write_text(json.dumps([topic_json(t) for t in topics], ensure_ascii=False, indent=1), encoding="utf-8")
    return path
