"""Write tests/fixtures/report.pptx and tests/fixtures/report.ppt: a town's work report as slides (our own
invented text), as an office's 汇报PPT is among a meeting's materials: a title slide, a slide of points,
a slide with a table and speaker notes. The PPTX is python-pptx's; the PPT is LibreOffice's conversion of
it to PowerPoint 97-2003, for extractors.files.read_pptx and read_ppt.

Needs python-pptx (not a dependency of the project) and LibreOffice:
    .venv/bin/pip install python-pptx && .venv/bin/python scripts/make_ppt_fixture.py
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "report.pptx"
TITLE, SUBTITLE = "城关镇2026年优化营商环境工作汇报", "城关镇人民政府\n2026年11月18日"
POINTS = ("一、主要成效", ["新增市场主体1260户，同比增长12.5%", "企业开办时间压缩至0.5个工作日",
                        "“一件事一次办”事项扩展到18项"])
TABLE = [["指标", "目标", "完成"], ["新增市场主体（户）", "1000", "1260"], ["帮办代办事项（项）", "15", "18"]]
TABLE_TITLE = "二、主要指标完成情况"
NOTES = "讲话要点：市场主体增长主要来自个体工商户，下一步重点抓企业培育。"


def slide_lines() -> list[str]:
    """The deck's text as read: each slide's lines in order, then its notes."""
    return [TITLE, *SUBTITLE.split("\n"), POINTS[0], *POINTS[1], TABLE_TITLE,
            *(" | ".join(row) for row in TABLE), NOTES]


def write_pptx(path: Path) -> None:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    first = deck.slides.add_slide(deck.slide_layouts[0])
    first.shapes.title.text = TITLE
    first.placeholders[1].text = SUBTITLE
    second = deck.slides.add_slide(deck.slide_layouts[1])
    second.shapes.title.text = POINTS[0]
    body = second.placeholders[1].text_frame
    body.text = POINTS[1][0]
    for point in POINTS[1][1:]:
        body.add_paragraph().text = point
    third = deck.slides.add_slide(deck.slide_layouts[5])
    third.shapes.title.text = TABLE_TITLE
    table = third.shapes.add_table(len(TABLE), len(TABLE[0]), Inches(1), Inches(2), Inches(8), Inches(2)).table
    for r, row in enumerate(TABLE):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    third.notes_slide.notes_text_frame.text = NOTES
    deck.save(str(path))


def main() -> None:
    write_pptx(FIXTURE)
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["soffice", "--headless", "--convert-to", "ppt", "--outdir", folder, str(FIXTURE)],
                       check=True, capture_output=True)
        shutil.copy(Path(folder) / "report.ppt", FIXTURE.with_suffix(".ppt"))
    for path in (FIXTURE, FIXTURE.with_suffix(".ppt")):
        print(path, path.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
