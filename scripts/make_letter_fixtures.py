"""Write tests/fixtures/letters/: 12345 letters handed on as Word files rather than an Excel export, our
own invented letters of the demo county (平安县), laid out as 12345 centres lay them out:

- 转办单.docx: one 工单转办单, a form of label and value cells (工单编号 | GD… | 来电时间 | …), the title and
  the 诉求内容 merged across the row, 来电人 and 联系电话 masked as the centre masks them;
- 转办单汇编.doc: three 转办单 in one Word 97 file (an OA system's .doc, as LibreOffice writes it), the
  first over two tables (its facts, then its 诉求内容 of two paragraphs and the 办理要求), one in cells
  "诉求内容：……";
- 周报.docx: a week's 12345 report, a paragraph of summary above a table of letters, a row a letter,
  headed 序号 | 工单编号 | 来电时间 | 所属镇街 | 诉求内容 | 承办单位.
- 转办单.pdf: the 转办单 printed to PDF, whose text gives each label and value apart by a space alone;
- 舆情日报.pdf: a 舆情 service's daily report as PDF (LibreOffice's), its items written as blocks: a
  numbered headline, then 来源：…　发布时间：…　情感倾向：…, 摘要：…, 原文链接：….

Needs LibreOffice for the .doc and the .pdf (`bash scripts/setup_system.sh --with-libreoffice`):
    .venv/bin/python scripts/make_letter_fixtures.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_doc_fixture import convert, write_doc  # noqa: E402

FOLDER = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "letters"
HEADING = "平安县12345政务服务便民热线工单转办单"

# (工单编号, 来电时间, 诉求类别, 所属区域, 诉求标题, paragraphs of 诉求内容)
LETTERS = [
    ("PA2611160001", "2026-11-16 09:12", "城乡建设", "城关镇", "桃源新村污水井堵塞外溢",
     ["来电人反映：城关镇桃源新村3栋楼下污水井堵塞已一周，污水外溢到人行道，气味很大，老人小孩出行不便。",
      "曾向物业反映两次未解决，希望相关部门尽快疏通并查明原因。"]),
    ("PA2611160002", "2026-11-16 10:40", "劳动和社会保障", "新城镇", "工地拖欠农民工工资",
     ["来电人称新城镇滨河路某安置房工地拖欠农民工工资三个月，涉及十余人，春节前急需用钱，要求协调支付。"]),
    ("PA2611170003", "2026-11-17 15:05", "城乡建设", "城关镇", "人民路夜间施工噪音扰民",
     ["来电人反映县城人民路管网改造工程连续多日夜间施工至凌晨，噪音很大，影响附近居民休息。"]),
]


def _form(document: docx.document.Document, letter: tuple, split: bool = False, colon: bool = False) -> None:
    """One 转办单: its facts four cells a row, then the title, the 诉求内容 and the 办理要求 across the row."""
    number, time, category, area, title, paragraphs = letter
    document.add_paragraph(HEADING)
    table = document.add_table(rows=0, cols=4)
    table.style = "Table Grid"

    def row(*cells: str) -> None:
        added = table.add_row().cells
        if len(cells) == 2:
            merged = added[1].merge(added[3])
            added[0].text = cells[0]
            merged.text = cells[1]
        else:
            for cell, value in zip(added, cells, strict=True):
                cell.text = value

    row("工单编号", number, "来电时间", time)
    row("来电人", "张**", "联系电话", "138****6721")
    row("诉求类别", category, "所属区域", area)
    row("诉求标题", title)
    if split:  # the form's second table: a page's layout often breaks it so
        document.add_paragraph("")
        table = document.add_table(rows=0, cols=4)
        table.style = "Table Grid"
    if colon:
        cell = table.add_row().cells[0].merge(table.rows[-1].cells[3])
        cell.text = "诉求内容：" + "".join(paragraphs)
    else:
        row("诉求内容", paragraphs[0])
        merged = table.rows[-1].cells[1]
        for paragraph in paragraphs[1:]:
            merged.add_paragraph(paragraph)
    row("办理要求", "请于3个工作日内联系来电人核实处理，并在平台回复办理结果。")


def transfer_form() -> docx.document.Document:
    document = docx.Document()
    _form(document, LETTERS[0])
    return document


def collected_forms() -> docx.document.Document:
    document = docx.Document()
    _form(document, LETTERS[0], split=True)
    document.add_page_break()
    _form(document, LETTERS[1])
    document.add_page_break()
    _form(document, LETTERS[2], colon=True)
    return document


def weekly_report() -> docx.document.Document:
    document = docx.Document()
    document.add_paragraph("平安县12345热线办件情况周报（2026年第47周）")
    document.add_paragraph("本周共受理群众诉求3件，涉及城乡建设2件、劳动和社会保障1件，均已转办。")
    rows = [["序号", "工单编号", "来电时间", "所属镇街", "诉求内容", "承办单位"]]
    for serial, (number, time, _, area, _, paragraphs) in enumerate(LETTERS, 1):
        rows.append([str(serial), number, time, area, "".join(paragraphs), f"{area}人民政府"])
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    document.add_paragraph("平安县12345政务服务便民热线中心　2026年11月20日")
    return document


def daily_report() -> docx.document.Document:
    document = docx.Document()
    lines = ["平安县网络舆情日报", "（2026年第218期）", "一、舆情概况",
             "今日监测到涉我县信息126条，其中负面2条，重点舆情如下：", "二、重点舆情"]
    for number, (_, time, _, area, title, paragraphs) in enumerate(LETTERS, 1):
        lines += [f"{number}．网民反映{area}{title}", f"来源：平安县论坛　　发布时间：{time}　　情感倾向：负面",
                  f"摘要：{paragraphs[0]}", f"原文链接：https://bbs.example.cn/thread-{number}.html"]
    lines += ["三、工作建议", "建议相关部门及时回应网民关切，做好解释引导。"]
    for line in lines:
        document.add_paragraph(line)
    return document


def write_pdf(document: docx.document.Document, fixture: Path) -> None:
    """``document`` printed to PDF by LibreOffice, as a service sends its report."""
    convert(document, fixture, "pdf")
    print(fixture, fixture.stat().st_size, "bytes")


def main() -> None:
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name, document in (("转办单.docx", transfer_form()), ("周报.docx", weekly_report())):
        document.save(FOLDER / name)
        print(FOLDER / name, (FOLDER / name).stat().st_size, "bytes")
    write_doc(collected_forms(), FOLDER / "转办单汇编.doc")
    write_pdf(daily_report(), FOLDER / "舆情日报.pdf")
    write_pdf(transfer_form(), FOLDER / "转办单.pdf")


if __name__ == "__main__":
    main()
