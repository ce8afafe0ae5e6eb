"""Write tests/fixtures/demo_export.ods, hidden_sheets.ods and demo_policy.odt: the demo's own 12345 export
(xuanti/demo/site/hotline, our invented letters) and the demo portal's first policy document as LibreOffice
saves them in OpenDocument, the default of offices on domestic systems (统信UOS, 麒麟) that run LibreOffice.
The export is a workbook of a 说明 sheet and the letters' sheet, its times real date cells; the policy is
the DOCX of scripts/make_doc_fixture.py. hidden_sheets.ods is a clerk's workbook of the first two letters
whose template sheet (a 示例 row) is hidden, as 隐藏工作表 in LibreOffice or WPS leaves it.

Needs LibreOffice Writer and Calc:
    .venv/bin/python scripts/make_odf_fixtures.py
"""

from __future__ import annotations

import csv
import importlib.util
import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPORT = ROOT / "xuanti" / "demo" / "site" / "hotline" / "12345_export_2026-11.csv"
FIXTURES = ROOT / "tests" / "fixtures"
LETTERS = 40


def export_rows() -> list[list[str]]:
    """The demo export's header and first letters, as the CSV gives them."""
    with EXPORT.open(encoding="utf-8-sig", newline="") as handle:
        return [row for _, row in zip(range(LETTERS + 1), csv.reader(handle), strict=False)]


def convert(source: Path, target: Path, soffice_filter: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["soffice", "--headless", "--convert-to", soffice_filter, "--outdir", folder, str(source)],
                       check=True, capture_output=True)
        shutil.copy(next(Path(folder).iterdir()), target)


def hidden_sheets(folder: Path) -> None:
    """hidden_sheets.ods: a sheet of two letters shown, a 模板 sheet with its 示例 row hidden."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "11月明细"
    rows = export_rows()
    for row in rows[:3]:
        book.active.append(row)
    template = book.create_sheet("模板")
    template.sheet_state = "hidden"
    template.append(rows[0])
    template.append(["示例：反映某小区路灯不亮（此行为填写示例，请勿删除）。" if name == "诉求内容" else "示例"
                     for name in rows[0]])
    workbook = folder / "hidden_sheets.xlsx"
    book.save(workbook)
    convert(workbook, FIXTURES / "hidden_sheets.ods", "ods")


def main() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本表由12345热线系统导出（2026年11月），请勿修改表头。"])
    letters = book.create_sheet("工单明细")
    rows = export_rows()
    time_at = rows[0].index("来电时间")
    for number, row in enumerate(rows):
        cells: list[object] = list(row)
        if number:
            cells[time_at] = datetime.strptime(row[time_at], "%Y/%m/%d %H:%M:%S")
        letters.append(cells)
    with tempfile.TemporaryDirectory() as folder:
        workbook = Path(folder) / "demo_export.xlsx"
        book.save(workbook)
        convert(workbook, FIXTURES / "demo_export.ods", "ods")
        spec = importlib.util.spec_from_file_location("make_doc_fixture", ROOT / "scripts" / "make_doc_fixture.py")
        maker = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(maker)  # type: ignore[union-attr]
        document = Path(folder) / "demo_policy.docx"
        maker.policy_docx().save(document)
        convert(document, FIXTURES / "demo_policy.odt", "odt")
        hidden_sheets(Path(folder))
    for name in ("demo_export.ods", "hidden_sheets.ods", "demo_policy.odt"):
        print(FIXTURES / name, (FIXTURES / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
