"""The briefing as DOCX in the style of a county office's paper (after GB/T 9704 公文格式).

A4 with the standard margins, 仿宋_GB2312 三号 body with 28 pt exact line spacing, 黑体 first-level
headings (一、二、…), 楷体_GB2312 second-level headings, a 方正小标宋 title, and page numbers "— 1 —".
Chinese fonts are set on ``w:eastAsia`` (Word ignores the Latin name for CJK text). The ZIP is
written with fixed timestamps so that the same briefing gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from docx import Document as new_document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from xuanti.briefing.builder import NUMERALS, Block, Briefing
from xuanti.records import xml_safe

BODY_FONT = "仿宋_GB2312"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体_GB2312"
TITLE_FONT = "方正小标宋简体"
LATIN_FONT = "Times New Roman"
BODY_SIZE = Pt(16)  # 三号
TABLE_SIZE = Pt(10.5)  # 五号
LINE = Pt(28)
RED = RGBColor(0xC0, 0x00, 0x00)
FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
TEXT_WIDTH_CM = 15.6  # A4 minus 2.8 cm and 2.6 cm margins


def _fonts(run_or_style: object, east_asia: str, size: Pt | None = None, bold: bool | None = None) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = LATIN_FONT
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    element = run_or_style._element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    rfonts.set(qn("w:eastAsia"), east_asia)


def _spacing(paragraph: Paragraph, first_line: bool = True, exact: Pt = LINE, align: int | None = None) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = exact
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if first_line:
        fmt.first_line_indent = Pt(32)  # two characters of 三号
    if align is not None:
        paragraph.alignment = align


def _text(document: object, text: str, east_asia: str = BODY_FONT, size: Pt = BODY_SIZE, **options: object) -> Paragraph:
    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    run = paragraph.add_run(xml_safe(text))
    _fonts(run, east_asia, size, options.pop("bold", None))  # type: ignore[arg-type]
    if options.pop("red", False):
        run.font.color.rgb = RED
    _spacing(paragraph, **options)  # type: ignore[arg-type]
    return paragraph


def _bottom_border(paragraph: Paragraph, colour: str = "C00000", size: int = 12) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", str(size)), ("space", "4"), ("color", colour)):
        bottom.set(qn(f"w:{key}"), value)
    borders.append(bottom)
    ppr.append(borders)


def _page_number_footer(section: object) -> None:
    paragraph = section.footer.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in ("— ", None, " —"):
        if text is None:
            field = OxmlElement("w:fldSimple")
            field.set(qn("w:instr"), "PAGE")
            run = OxmlElement("w:r")
            value = OxmlElement("w:t")
            value.text = "1"
            run.append(value)
            field.append(run)
            paragraph._p.append(field)
        else:
            _fonts(paragraph.add_run(text), BODY_FONT, Pt(14))


def _table(document: object, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # The first column carries the text (a topic's title); the figures share the rest of the width.
    columns = len(rows[0])
    first = TEXT_WIDTH_CM * (0.34 if columns > 4 else 0.4)
    widths = [Cm(first)] + [Cm((TEXT_WIDTH_CM - first) / (columns - 1))] * (columns - 1)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice and WPS lay out by
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.width = widths[c]
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(xml_safe(value))
            _fonts(run, HEADING_FONT if r == 0 else BODY_FONT, TABLE_SIZE)
            _spacing(paragraph, first_line=False, exact=Pt(18),
                     align=WD_ALIGN_PARAGRAPH.LEFT if c == 0 and r else WD_ALIGN_PARAGRAPH.CENTER)
    # A little air after the table before the next paragraph.
    _spacing(document.add_paragraph(), first_line=False, exact=Pt(8))  # type: ignore[attr-defined]


def _block(document: object, block: Block, images: dict[str, bytes]) -> None:
    if block.kind == "subheading":
        _text(document, block.text, SUBHEADING_FONT).paragraph_format.keep_with_next = True
    elif block.kind in ("paragraph", "item"):
        _text(document, block.text)
    elif block.kind == "note":
        _text(document, block.text, size=Pt(14))
    elif block.kind == "table" and block.rows:
        _table(document, block.rows)
    elif block.kind == "chart" and block.chart in images:
        paragraph = document.add_paragraph()  # type: ignore[attr-defined]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run().add_picture(io.BytesIO(images[block.chart]), width=Cm(15.0))


def _deterministic_zip(data: bytes) -> bytes:
    """Re-pack with fixed member timestamps (python-docx stamps the current time)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return output.getvalue()


def briefing_docx(briefing: Briefing, images: dict[str, bytes]) -> bytes:
    """The DOCX bytes of a briefing."""
    document = new_document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(2.5)
    normal = document.styles["Normal"]
    _fonts(normal, BODY_FONT, BODY_SIZE)

    properties = document.core_properties
    properties.title = briefing.title
    properties.author = briefing.issuer
    properties.last_modified_by = briefing.issuer
    properties.subject = f"{briefing.month} 信息选题参考"
    properties.keywords = "信息选题;重点;热点;难点;特点"
    properties.comments = ""
    properties.revision = 1
    properties.created = briefing.date
    properties.modified = briefing.date
    properties.last_printed = briefing.date

    _text(document, briefing.title, TITLE_FONT, Pt(22), first_line=False, exact=Pt(40), align=WD_ALIGN_PARAGRAPH.CENTER,
          red=True)
    dateline = _text(document, f"{briefing.issuer}　　　　{briefing.date_text}", SUBHEADING_FONT, first_line=False,
                     exact=Pt(32), align=WD_ALIGN_PARAGRAPH.CENTER)
    _bottom_border(dateline)
    _spacing(document.add_paragraph(), first_line=False, exact=Pt(14))
    _text(document, briefing.summary)
    for number, part in enumerate(briefing.sections):
        # A heading never ends a page alone.
        _text(document, f"{NUMERALS[number]}、{part.title}", HEADING_FONT).paragraph_format.keep_with_next = True
        for block in part.blocks:
            _block(document, block, images)
    _spacing(document.add_paragraph(), first_line=False)
    _text(document, f"（{briefing.issuer}根据本系统数据整理，供内部参考）", size=Pt(14), first_line=False,
          align=WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number_footer(section)
    buffer = io.BytesIO()
    document.save(buffer)
    return _deterministic_zip(buffer.getvalue())


def write_docx(briefing: Briefing, images: dict[str, bytes], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(briefing_docx(briefing, images))
    return path
