"""OCR of scanned 公文 pages: the share of characters read right, and seconds a page.

    python -m benchmarks.ocr [--texts 5] [--json]

Each page is the start of a real State Council text (policy/govcn_2019 in the shared data folder,
$XUANTI_DATA) printed as ``scripts/make_scan_fixture.py`` prints the test fixture: 28 characters a line
on A4 at 150 dpi, a little askew, specked as a scanner leaves it, put in a PDF of pictures. The PDF is read
by :func:`extractors.files.read_pdf` (the path every attachment and folder document takes); a page's
score is difflib's ratio of its characters to the printed ones, spaces aside.
"""

from __future__ import annotations

import argparse
import difflib
import importlib.util
import io
import json
import sys
import textwrap
import time
from pathlib import Path
from statistics import mean

from xuanti.paths import shared_data_dir


def _maker():  # noqa: ANN202 - the fixture script, which prints the pages
    script = Path(__file__).resolve().parent.parent / "scripts" / "make_scan_fixture.py"
    spec = importlib.util.spec_from_file_location("make_scan_fixture", script)
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)  # type: ignore[union-attr]
    return maker


def page_lines(html: bytes) -> list[str]:
    """A gov.cn policy page's title and the start of its text, set 28 characters a line."""
    from extractors.policy import extract_policy

    doc = extract_policy(html, "http://www.gov.cn/zhengce/content.htm", "benchmark")
    lines = [doc.title[:26]]
    for paragraph in doc.text.split("\n"):
        lines += textwrap.wrap("\u3000\u3000" + paragraph.strip(), 28)
    return lines[:24]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--texts", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    from extractors.files import read_pdf
    from extractors.ocr import ocr_missing

    if ocr_missing():
        print(ocr_missing(), file=sys.stderr)
        return 2
    maker = _maker()
    pages = sorted((shared_data_dir() / "policy/govcn_2019").glob("content_*.html"))[: args.texts]
    scores, seconds = [], []
    for page in pages:
        lines = page_lines(page.read_bytes())
        pdf = io.BytesIO()
        maker.scanned_page(lines).save(pdf, "PDF", resolution=maker.DPI, quality=60)
        started = time.perf_counter()
        text = read_pdf(pdf.getvalue(), page.name)
        seconds.append(time.perf_counter() - started)
        printed = "".join("".join(lines).split())
        scores.append(difflib.SequenceMatcher(None, printed, "".join(text.split()), autojunk=False).ratio())
    result = {"pages": len(scores), "characters_right_mean": round(mean(scores), 4),
              "characters_right_min": round(min(scores), 4), "seconds_a_page": round(mean(seconds), 2)}
    if args.json:
        print(json.dumps(result))
    else:
        for name, score, took in zip((page.name for page in pages), scores, seconds, strict=True):
            print(f"{name}: {score:.3f} of characters right, {took:.1f} s")
        print(f"{result['pages']} pages: mean {result['characters_right_mean']:.3f} "
              f"(lowest {result['characters_right_min']:.3f}), {result['seconds_a_page']:.1f} s a page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
