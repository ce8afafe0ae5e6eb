"""Write tests/fixtures/scanned_notice.pdf: the first page of the demo portal's second policy document (our
own text, xuanti.demo.content_policy) as a portal publishes the scan of a signed, sealed 公文: a picture of
the page and no text, set as GB/T 9704 sets it (28 characters a line), a little askew and specked as a
scanner leaves it. ``page_lines()`` are its printed lines.

Needs Pillow and a CJK font (`bash scripts/setup_system.sh` adds fonts-wqy-microhei):
    .venv/bin/python scripts/make_scan_fixture.py
"""

from __future__ import annotations

import random
import textwrap
from pathlib import Path
from typing import Any

from xuanti.demo.content_policy import POLICIES

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "scanned_notice.pdf"
FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
DPI, WIDTH, HEIGHT = 150, 1240, 1754  # A4
LINE_CHARACTERS = 28


def page_lines() -> list[str]:
    """The page's printed lines: title, 文号, then the text broken at 28 characters as a 公文 is set."""
    policy = POLICIES[1]
    lines = [policy["title"], policy["doc_no"]]
    paragraphs = [policy["intro"]] + [part for heading, texts in policy["sections"][:2] for part in (heading, *texts)]
    for paragraph in paragraphs:
        lines += textwrap.wrap("\u3000\u3000" + paragraph, LINE_CHARACTERS)
    return lines[:24]


def scanned_page(lines: list[str], seed: int = 2026) -> Any:
    """A picture of ``lines`` printed on an A4 page at 150 dpi (the first two centred, as a title and a 文号),
    a little askew and specked as a scanner leaves it."""
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("L", (WIDTH, HEIGHT), 255)
    draw = ImageDraw.Draw(page)
    body, title = ImageFont.truetype(FONT, 33), ImageFont.truetype(FONT, 44)
    top = 180
    for number, line in enumerate(lines):
        font = title if number == 0 else body
        left = (WIDTH - draw.textlength(line, font=font)) / 2 if number < 2 else 150
        draw.text((left, top), line, font=font, fill=20)
        top += 80 if number < 2 else 56
    specks = random.Random(seed)
    for _ in range(1500):  # the scanner's dust
        x, y = specks.randrange(WIDTH), specks.randrange(HEIGHT)
        draw.point((x, y), fill=specks.randrange(120, 200))
    return page.rotate(0.4, resample=Image.BICUBIC, fillcolor=255)


def main() -> None:
    scanned_page(page_lines()).save(FIXTURE, "PDF", resolution=DPI, quality=60)
    print(FIXTURE, FIXTURE.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
