"""Write tests/fixtures/scanned_notice.pdf: the first page of the demo portal's second policy document (our
own text, xuanti.demo.content_policy) as a portal publishes the scan of a signed, sealed 公文: a picture of
the page and no text, set as GB/T 9704 sets it (28 characters a line), a little askew and specked as a
scanner leaves it. ``page_lines()`` are its printed lines. With ``screenshot``, tests/fixtures/group_chat.png instead: a phone's
screenshot of a 业主群 (our own invented messages, ``CHAT``), as a unit hands one on. With ``garbled``,
tests/fixtures/garbled_fonts.pdf: a PDF of our own notice (``GARBLED_LINES``) whose fonts keep no map to their
characters (no ToUnicode, glyphs named g0, g1…), as some typesetting and "print to PDF" tools write one: it
shows right and its text reads as /g0/g1/g2.

Needs Pillow and a CJK font (`bash scripts/setup_system.sh` adds fonts-wqy-microhei):
    .venv/bin/python scripts/make_scan_fixture.py [screenshot|garbled]
"""

from __future__ import annotations

import random
import sys
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


# The group's name, then (who, what they wrote): residents of an estate whose water has been off for days.
CHAT = ("幸福小区业主群（326）",
        [("张阿姨", "3号楼又停水了，已经第三天了，物业电话一直没人接"),
         ("李先生", "明天上午九点大家一起去街道办反映，不解决就去县政府"),
         ("王女士", "孩子上学都没法洗漱，老人也受不了，太不像话了"),
         ("物业小刘", "管道抢修中，预计今晚恢复供水，给大家添麻烦了")])


def screenshot() -> Any:
    """A phone's screenshot of the group: its clock and battery, the group's name, each message in a
    bubble under its sender's name, wrapped as the phone wraps it."""
    from PIL import Image, ImageDraw, ImageFont

    shot = Image.new("RGB", (1080, 1500), (237, 237, 237))
    draw = ImageDraw.Draw(shot)
    small, name, text = (ImageFont.truetype(FONT, size) for size in (30, 32, 42))
    draw.text((40, 20), "14:05", font=small, fill=(0, 0, 0))
    draw.text((900, 20), "5G 85%", font=small, fill=(0, 0, 0))
    group, members = CHAT
    draw.text(((1080 - draw.textlength(group, font=text)) / 2, 110), group, font=text, fill=(0, 0, 0))
    top = 230
    for sender, message in members:
        draw.text((170, top), sender, font=name, fill=(120, 120, 120))
        lines = textwrap.wrap(message, 17)
        draw.rounded_rectangle((160, top + 45, 160 + 40 + 44 * max(len(line) for line in lines),
                                top + 75 + 58 * len(lines)), radius=12, fill=(255, 255, 255))
        for number, line in enumerate(lines):
            draw.text((180, top + 60 + 58 * number), line, font=text, fill=(0, 0, 0))
        draw.rectangle((40, top + 45, 130, top + 135), fill=(90, 160, 220))  # the sender's picture
        top += 120 + 58 * len(lines)
    return shot


GARBLED_LINES = ["清河县人民政府办公室关于做好冬季供暖保障工作的通知", "各乡镇人民政府，县直各单位：",
                 "入冬以来，全县供暖总体平稳，部分老旧小区室温不达标。"]


def garbled_pdf() -> bytes:
    """``GARBLED_LINES`` printed by matplotlib's PDF writer, then its fonts' character map taken out and
    their glyphs renamed, so nothing in the file says which character a glyph is."""
    import io

    import matplotlib
    import pypdf
    from matplotlib import font_manager
    from matplotlib.figure import Figure
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    matplotlib.use("Agg")
    figure = Figure(figsize=(8.27, 11.69))
    for number, line in enumerate(GARBLED_LINES):
        figure.text(0.08, 0.92 - number * 0.04, line, fontproperties=font_manager.FontProperties(fname=FONT),
                    fontsize=14)
    printed = io.BytesIO()
    figure.savefig(printed, format="pdf")
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(printed))
    for page in writer.pages:
        for key in page["/Resources"]["/Font"]:
            font = page["/Resources"]["/Font"][key].get_object()
            font.pop("/ToUnicode", None)
            encoding, glyphs = font["/Encoding"].get_object(), font["/CharProcs"].get_object()
            renamed, drawn = ArrayObject(), DictionaryObject()
            for item in encoding["/Differences"]:
                if isinstance(item, NameObject):
                    name = NameObject(f"/g{len(drawn)}")
                    drawn[name] = glyphs[item]
                    item = name
                renamed.append(item)
            encoding[NameObject("/Differences")], font[NameObject("/CharProcs")] = renamed, drawn
    written = io.BytesIO()
    writer.write(written)
    return written.getvalue()


def main() -> None:
    if sys.argv[1:] == ["garbled"]:
        target = FIXTURE.with_name("garbled_fonts.pdf")
        target.write_bytes(garbled_pdf())
    elif sys.argv[1:] == ["screenshot"]:
        target = FIXTURE.with_name("group_chat.png")
        screenshot().save(target, "PNG", optimize=True)
    else:
        target = FIXTURE
        scanned_page(page_lines()).save(FIXTURE, "PDF", resolution=DPI, quality=60)
    print(target, target.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
