"""Selected topics as the office's 选题单: a DOCX in the usual official style, and an XLSX sheet."""

from __future__ import annotations

import io
from collections import Counter
from datetime import datetime
from typing import Any

from xuanti.export import append_text_row
from xuanti.records import POINT_NAMES_ZH, WARNING_NAMES_ZH, xml_safe

BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
TITLE_FONT = "方正小标宋简体"
_KIND_ZH = {"hotline": ("12345热线", "件"), "news": ("新闻", "篇"), "policy": ("政策文件", "份"), "file": ("本地材料", "份")}


def evidence_text(counts: Counter[str], hotline: str = "12345热线") -> str:
    """材料 counts by kind, e.g. 12345热线5件、新闻2篇; ``hotline`` names the office's citizen letters."""
    names = {**_KIND_ZH, "hotline": (hotline, "件")}
    parts = [f"{names.get(kind, (kind, '件'))[0]}{n}{names.get(kind, ('', '件'))[1]}"
             for kind, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    return "、".join(parts) or "无"


def _points_zh(points: list[str]) -> str:
    return "、".join(POINT_NAMES_ZH.get(p, p) for p in points) or "—"


def _set_font(run: Any, name: str, size_pt: float, bold: bool = False) -> None:
    """Word picks the East Asian font from w:eastAsia; setting only run.font.name leaves Chinese in 宋体."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        fonts.set(qn(attribute), name)


def docx_bytes(rows: list[dict[str, Any]], office: str, day: datetime, editor: str = "",
               hotline: str = "12345热线") -> bytes:
    """信息选题单: title, date line, then numbered items with 要点/理由, evidence counts and notes."""
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Docx()
    section = doc.sections[0]
    # GB/T 9704 page margins: top 3.7 cm, bottom 3.5 cm, left 2.8 cm, right 2.6 cm.
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", BODY_FONT
    )

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(title.add_run("信息选题单"), TITLE_FONT, 22)
    dateline = doc.add_paragraph()
    dateline.alignment = WD_ALIGN_PARAGRAPH.CENTER
    line = f"{office}　　{day.year}年{day.month}月{day.day}日" if office else f"{day.year}年{day.month}月{day.day}日"
    _set_font(dateline.add_run(line), BODY_FONT, 16)
    summary = doc.add_paragraph()
    _set_font(summary.add_run(f"共{len(rows)}条选题。"), BODY_FONT, 16)
    summary.paragraph_format.first_line_indent = Pt(32)

    for number, row in enumerate(rows, 1):
        heading = doc.add_paragraph()
        heading.paragraph_format.space_before = Pt(6)
        _set_font(heading.add_run(xml_safe(f"{_cn_number(number)}、{row['display_title']}")), HEADING_FONT, 16)
        lines = [
            ("要点", f"{_points_zh(row.get('points') or [])}；预警：{WARNING_NAMES_ZH.get(row.get('warning') or 'none', '无')}"),
            ("理由", "；".join(row.get("reasons") or []) or "—"),
            ("材料", f"{evidence_text(row['evidence'], hotline)}，共{sum(row['evidence'].values())}件"),
        ]
        if row.get("place"):
            lines.append(("地点", row["place"]))
        if row.get("unit") or row.get("assignee"):
            lines.append(("承办", "　".join(x for x in (row.get("unit"), row.get("assignee")) if x)))
        if row.get("note"):
            lines.append(("备注", row["note"]))
        for label, text in lines:
            paragraph = doc.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(32)
            paragraph.paragraph_format.space_after = Pt(0)
            _set_font(paragraph.add_run(f"{label}："), BODY_FONT, 16, bold=True)
            _set_font(paragraph.add_run(xml_safe(text)), BODY_FONT, 16)
    if editor:
        sign = doc.add_paragraph()
        sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _set_font(sign.add_run(f"整理：{editor}"), BODY_FONT, 16)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _cn_number(n: int) -> str:
    """一、二、… 九十九 (the numbering of official documents)."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    return str(n)


def xlsx_bytes(rows: list[dict[str, Any]], day: datetime, hotline: str = "12345热线") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = f"选题单{day:%m%d}"
    header = ["序号", "选题", "要点", "预警", "热度", "综合得分", "材料", "地点", "承办单位", "编辑", "备注", "推荐理由", "状态", "编号"]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, 1):
        append_text_row(sheet, [
            number, row["display_title"], _points_zh(row.get("points") or []),
            WARNING_NAMES_ZH.get(row.get("warning") or "none", "无"), round(float(row.get("heat") or 0), 3),
            round(float(row.get("rank_score") or 0), 3), evidence_text(row["evidence"], hotline), row.get("place") or "",
            row.get("unit") or "", row.get("assignee") or "", row.get("note") or "",
            "\n".join(row.get("reasons") or []), row.get("status") or "new", row["id"],
        ])
    for column, width in zip("ABCDEFGHIJKLMN", (6, 36, 14, 8, 8, 10, 22, 16, 14, 10, 24, 60, 10, 18), strict=True):
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
