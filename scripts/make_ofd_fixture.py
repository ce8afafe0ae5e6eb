"""Write tests/fixtures/demo_policy.ofd: the demo portal's first policy document (our own invented text,
xuanti.demo.content_policy) as an OFD with its text layer, the way easyofd converts a PDF, for
extractors.files.read_ofd. OFD (GB/T 33190) is the format of 电子公文 and of many portals' downloads.

Needs easyofd and matplotlib in some virtual environment (not the project's: easyofd pulls PyMuPDF):
    python -m venv /tmp/ofd && /tmp/ofd/bin/pip install easyofd matplotlib
    PYTHONPATH=. /tmp/ofd/bin/python scripts/make_ofd_fixture.py

With ``scanned``, tests/fixtures/scanned_notice.ofd instead, written here part by part as a scanner's OFD
software writes one: a page that is a picture (the top of scripts/make_scan_fixture.py's scanned page) and
no text layer. Needs only Pillow: .venv/bin/python scripts/make_ofd_fixture.py scanned
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


_OFD = "http://www.ofdspec.org/2016"
SCANNED_PARTS = {
    "OFD.xml": f'<ofd:OFD xmlns:ofd="{_OFD}" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>'
               '<ofd:DocID>scan-2026-30</ofd:DocID><ofd:Creator>扫描仪</ofd:Creator></ofd:DocInfo>'
               '<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>',
    "Doc_0/Document.xml": f'<ofd:Document xmlns:ofd="{_OFD}"><ofd:CommonData><ofd:MaxUnitID>20</ofd:MaxUnitID>'
                          '<ofd:PageArea><ofd:PhysicalBox>0 0 210 99</ofd:PhysicalBox></ofd:PageArea>'
                          '<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes></ofd:CommonData><ofd:Pages>'
                          '<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>',
    "Doc_0/DocumentRes.xml": f'<ofd:Res xmlns:ofd="{_OFD}" BaseLoc="Res"><ofd:MultiMedias>'
                             '<ofd:MultiMedia ID="10" Type="Image"><ofd:MediaFile>image_10.jpg</ofd:MediaFile>'
                             '</ofd:MultiMedia></ofd:MultiMedias></ofd:Res>',
    "Doc_0/Pages/Page_0/Content.xml": f'<ofd:Page xmlns:ofd="{_OFD}"><ofd:Content><ofd:Layer ID="2">'
                                      '<ofd:ImageObject ID="3" ResourceID="10" Boundary="0 0 210 99" '
                                      'CTM="210 0 0 99 0 0"/></ofd:Layer></ofd:Content></ofd:Page>',
}


def write_scanned() -> None:
    import importlib.util
    import zipfile

    spec = importlib.util.spec_from_file_location("make_scan_fixture", Path(__file__).with_name("make_scan_fixture.py"))
    scan = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scan)  # type: ignore[union-attr]
    picture = io.BytesIO()
    scan.scanned_page(scan.page_lines()).crop((0, 0, scan.WIDTH, 780)).save(picture, "JPEG", quality=70)
    target = FIXTURE.with_name("scanned_notice.ofd")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, xml in SCANNED_PARTS.items():
            archive.writestr(path, '<?xml version="1.0" encoding="UTF-8"?>' + xml)
        archive.writestr("Doc_0/Res/image_10.jpg", picture.getvalue())
    print(target, target.stat().st_size, "bytes")


def main() -> None:
    import os
    import sys
    import tempfile

    if sys.argv[1:] == ["scanned"]:
        write_scanned()
        return

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
