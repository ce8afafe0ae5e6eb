"""Text of PDFs printed from Word: the spaces the reading adds between a figure or Latin word and the Chinese
after it ("村3 栋", "2026 年11 月"), against the text as written.

    python -m benchmarks.printed_pdf [--texts 40] [--json]

Each PDF is a real State Council text (policy/govcn_2019 in the shared data folder, $XUANTI_DATA) written
as a DOCX as Word sets Chinese (仿宋 for Chinese, Times New Roman for figures and Latin) and printed to PDF
by LibreOffice (needs `soffice`). It is read by :func:`extractors.files.read_pdf`, the path every
attachment and folder document takes; pypdf's own text is counted beside it.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from xuanti.paths import shared_data_dir

_CHINESE = "\u4e00-\u9fff\u3001-\u303f\uff01-\uff5e"
# A run of figures or Latin letters between Chinese, and the same with a space after it.
_RUN = re.compile(rf"(?<=[{_CHINESE}])[0-9A-Za-z][0-9A-Za-z.%:/-]*(?=[{_CHINESE}])")
_SPACED = re.compile(rf"(?<=[{_CHINESE}])[0-9A-Za-z][0-9A-Za-z.%:/-]* (?=[{_CHINESE}])")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--texts", type=int, default=40)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not shutil.which("soffice"):
        print("printing to PDF needs LibreOffice (bash scripts/setup_system.sh --with-libreoffice)", file=sys.stderr)
        return 2
    import docx
    import pypdf
    from docx.oxml.ns import qn

    from extractors.files import read_pdf
    from extractors.policy import extract_policy

    pages = sorted((shared_data_dir() / "policy/govcn_2019").glob("content_*.html"))[: args.texts]
    figures = {"pdfs": 0, "runs_written": 0, "spaced_written": 0, "spaced_by_pypdf": 0, "spaced_read": 0}
    with tempfile.TemporaryDirectory() as folder:
        written: dict[str, str] = {}
        for page in pages:
            text = extract_policy(page.read_bytes(), f"http://www.gov.cn/{page.name}", "benchmark").text
            document = docx.Document()
            normal = document.styles["Normal"]
            normal.font.name = "Times New Roman"
            normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
            for paragraph in text.split("\n"):
                document.add_paragraph(paragraph)
            document.save(Path(folder) / f"{page.stem}.docx")
            written[page.stem] = text
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", folder,
                        *sorted(str(path) for path in Path(folder).glob("*.docx"))], check=True, capture_output=True)
        for stem, text in written.items():
            pdf = Path(folder) / f"{stem}.pdf"
            if not pdf.exists():
                continue
            data = pdf.read_bytes()
            raw = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(pdf).pages)
            figures["pdfs"] += 1
            figures["runs_written"] += len(_RUN.findall(text))
            figures["spaced_written"] += len(_SPACED.findall(text))
            figures["spaced_by_pypdf"] += len(_SPACED.findall(raw))
            figures["spaced_read"] += len(_SPACED.findall(read_pdf(data, pdf.name)))
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"{figures['pdfs']} PDFs, {figures['runs_written']} figures or Latin words between Chinese "
              f"({figures['spaced_written']} written with a space after): pypdf spaced {figures['spaced_by_pypdf']}, "
              f"read_pdf {figures['spaced_read']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
