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
  numbered headline, then 来源：…　发布时间：…　情感倾向：…, 摘要：…, 原文链接：…;
- 分片周报.pdf: the week's letters grouped by 镇街 printed to PDF, the 镇街 cell merged down over its
  letters and a 小计 row merged across the table;
- 分片周报.odt: the same saved as OpenDocument (LibreOffice's, WPS's on 统信UOS and 麒麟), and 分片周报.rtf as
  RTF (the "导出Word" of many OA systems), its merged cells marked \\clvmrg;
- 舆情周报.pdf: a 舆情 service's list of articles in a table without its grid, printed to PDF;
- 月报.pdf: a month's 12345 report printed to PDF, its table of 15 letters over five pages, its header row
  printed again atop each page and rows broken by the page, as Word and LibreOffice print a long table.

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


# (所属镇街, 诉求内容) of a month's further letters, for a table long enough to run over pages.
MONTH_LETTERS = [
    ("城关镇", "来电人反映：城关镇幸福路与建设路交叉口红绿灯损坏已三天，早晚高峰车辆拥堵严重，学生过马路存在安全隐患，"
              "希望交警部门尽快修复，并在修复前安排人员疏导交通。"),
    ("新城镇", "来电人反映新城镇东湖小区二期自今年九月起多次停水，每次停水前未提前通知，居民生活用水困难，"
              "家中老人行动不便，无法外出取水，要求供水公司说明原因并保障正常供水。"),
    ("城关镇", "来电人称其在城关镇某培训机构为孩子报名课外辅导，预交学费一万二千元，现机构突然停课关门，负责人联系不上，"
              "涉及家长四十余人，要求有关部门介入，帮助追回预交费用。"),
    ("桃花乡", "来电人反映桃花乡李家村村道两侧的路灯大部分不亮，村民夜间出行只能摸黑，上月已有老人摔伤，"
              "曾向村委会反映，答复等待乡里统一维修，至今未见动静。"),
    ("新城镇", "来电人反映新城镇工业园区某化工企业夜间排放刺鼻气体，附近居民晚上不敢开窗，有人出现咳嗽头晕，"
              "怀疑企业偷排废气，要求环保部门夜间突击检查。"),
    ("城关镇", "来电人反映城关镇锦绣花园小区物业将小区公共绿地改建为收费停车位，未经业主大会表决，"
              "业主多次交涉无果，要求住建部门核查物业行为是否合规。"),
    ("石门镇", "来电人称石门镇中心小学门口早晚放学时段流动摊贩占道经营，油炸食品卫生堪忧，学生围聚，"
              "车辆无法通行，希望市场监管和城管部门联合整治。"),
    ("桃花乡", "来电人反映桃花乡王家湾一处山体在连续降雨后出现裂缝，坡下有五户村民居住，村民担心发生滑坡，"
              "要求国土部门尽快派人查看并采取防范措施。"),
    ("城关镇", "来电人反映其父亲在城关镇某养老院入住期间摔伤，养老院未及时告知家属，也未送医治疗，"
              "现要求卫健部门调查养老院的护理责任，并督促其承担医疗费用。"),
    ("新城镇", "来电人反映新城镇至县城的12路公交车近一个月班次明显减少，等车时间超过四十分钟，"
              "上班族和学生通勤困难，希望交通运输部门恢复原有班次。"),
    ("石门镇", "来电人称石门镇某砂石场运输车辆超载严重，沿途撒落砂石，乡村道路被压坏，晴天扬尘雨天泥泞，"
              "村民多次拦车协商未果，担心引发冲突，请求相关部门处理。"),
    ("城关镇", "来电人反映城关镇老街片区棚户区改造项目的安置房逾期两年仍未交付，涉及安置户三百余户，"
              "过渡费已停发半年，群众意见很大，有人提出要集体到县里反映。"),
]


def monthly_report() -> docx.document.Document:
    """A month's 12345 report: its table of letters running over pages, its header row marked to repeat."""
    from docx.oxml import OxmlElement

    document = docx.Document()
    document.add_paragraph("平安县12345热线办件情况月报（2026年11月）")
    letters = [(number, time, area, "".join(paragraphs)) for number, time, _, area, _, paragraphs in LETTERS]
    letters += [(f"PA26112{serial:05d}", f"2026-11-{18 + serial % 12:02d} {8 + serial % 10:02d}:{serial * 7 % 60:02d}",
                 area, text) for serial, (area, text) in enumerate(MONTH_LETTERS, 4)]
    document.add_paragraph(f"本月共受理群众诉求{len(letters)}件，均已转办，详见下表。")
    rows = [["序号", "工单编号", "来电时间", "所属镇街", "诉求内容", "承办单位"]]
    rows += [[str(serial), number, time, area, text, f"{area}人民政府"]
             for serial, (number, time, area, text) in enumerate(letters, 1)]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(OxmlElement("w:tblHeader"))  # "重复标题行": printed again atop each page
    document.add_paragraph("平安县12345政务服务便民热线中心　2026年12月1日")
    return document


def grouped_report() -> docx.document.Document:
    """The week's letters by 镇街: each 镇街's cell merged down over its letters, a 小计 row merged across."""
    document = docx.Document()
    document.add_paragraph("平安县12345热线分镇街办件情况（2026年第47周）")
    rows: list[list[str]] = [["所属镇街", "工单编号", "来电时间", "诉求内容"]]
    merges: list[tuple[int, int]] = []
    for area in ("城关镇", "新城镇"):
        mine = [letter for letter in LETTERS if letter[3] == area]
        merges.append((len(rows), len(rows) + len(mine) - 1))
        rows += [[area, number, time, "".join(paragraphs)] for number, time, _, _, _, paragraphs in mine]
        rows.append([f"{area}小计：{len(mine)}件", "", "", ""])
    table = document.add_table(rows=len(rows), cols=4)
    table.style = "Table Grid"
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            if value and not (c == 0 and any(first < r <= last for first, last in merges)):
                table.cell(r, c).text = value
    for first, last in merges:
        if last > first:
            table.cell(first, 0).merge(table.cell(last, 0))
    for r, values in enumerate(rows):
        if values[0].endswith("件"):
            table.cell(r, 0).merge(table.cell(r, 3))
    return document


def articles_list() -> docx.document.Document:
    """A 舆情 service's week as a table without its grid (Word's plain table): 序号 | 标题 | 来源 | 发布时间 |
    情感倾向 | 链接, a long headline or link wrapped in its cell."""
    document = docx.Document()
    document.add_paragraph("平安县网络舆情周报（2026年第47周）")
    document.add_paragraph("本周监测到涉我县重点舆情3条，详见下表。")
    rows = [["序号", "标题", "来源", "发布时间", "情感倾向", "链接"]]
    for number, (_, time, _, area, title, _) in enumerate(LETTERS, 1):
        rows.append([str(number), f"网民反映{area}{title}", "平安县论坛", time, "负面",
                     f"https://bbs.example.cn/thread-{number}.html"])
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
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
    write_pdf(monthly_report(), FOLDER / "月报.pdf")
    write_pdf(grouped_report(), FOLDER / "分片周报.pdf")
    convert(grouped_report(), FOLDER / "分片周报.odt", "odt")
    convert(grouped_report(), FOLDER / "分片周报.rtf", "rtf")
    write_pdf(articles_list(), FOLDER / "舆情周报.pdf")


if __name__ == "__main__":
    main()
