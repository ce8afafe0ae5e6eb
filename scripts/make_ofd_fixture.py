"""Write tests/fixtures/demo_policy.ofd: the demo portal's first policy document (our own invented text,
xuanti.demo.content_policy) as an OFD with its text layer, the way easyofd converts a PDF, for
extractors.files.read_ofd. OFD (GB/T 33190) is the format of 电子公文 and of many portals' downloads.

Needs easyofd and matplotlib in some virtual environment (not the project's: easyofd pulls PyMuPDF):
    python -m venv /tmp/ofd && /tmp/ofd/bin/pip install easyofd matplotlib
    PYTHONPATH=. /tmp/ofd/bin/python scripts/make_ofd_fixture.py
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "demo_policy.ofd"
LINE_CHARS, PAGE_LINES = 34, 20


def paragraphs() -> list[str]:
    """The document's paragraphs in order, the 落款 (agency, date) last."""
    from xuanti.demo.content_policy import POLICIES

    policy = POLICIES[0]
    lines = [policy["title"], policy["doc_no"], *policy["intro"].split("\n")]
    for heading, texts in policy["sections"]:
        lines += [heading, *texts]
    return [*lines, policy["agency"], policy["written"]]


def printed_lines() -> list[str]:
    """The document's lines as the fixture prints them: paragraphs wrapped at 34 characters."""
    return [piece for paragraph in paragraphs() for piece in textwrap.wrap(paragraph, LINE_CHARS)]


def policy_pdf(lines: list[str]) -> bytes:
    """An A4 PDF of the lines in a CJK font (matplotlib's PDF backend), 20 lines a page (two pages)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    font = next(f for f in font_manager.findSystemFonts() if "wqy" in f.lower() or "notosanscjk" in f.lower())
    prop = font_manager.FontProperties(fname=font)
    buffer = io.BytesIO()
    with PdfPages(buffer) as pdf:
        for start in range(0, len(lines), PAGE_LINES):
            figure = Figure(figsize=(8.27, 11.69))
            for number, line in enumerate(lines[start:start + PAGE_LINES]):
                figure.text(0.08, 0.94 - number * 0.025, line, fontproperties=prop, fontsize=12)
            pdf.savefig(figure)
    return buffer.getvalue()


def main() -> None:
    import os
    import tempfile

    from easyofd.ofd import OFD

    pdf = policy_pdf(printed_lines())
    here = Path.cwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)  # easyofd writes its parts into ./test of the working folder
        try:
            data = OFD().pdf2ofd(pdf, optional_text=True)
        finally:
            os.chdir(here)
    FIXTURE.parent.mkdir(parents=True, exist_ok=True)
    FIXTURE.write_bytes(data)
    print(FIXTURE, len(data), "bytes")


if __name__ == "__main__":
    main()
