"""Text of scanned pages and pictures by OCR: Tesseract with its Simplified Chinese model (Debian's
tesseract-ocr and tesseract-ocr-chi-sim). Many portals publish a 公文 as the scan of its signed and sealed
copy, a PDF of pictures with no text to read; a unit sends a screenshot of a 群聊 or a photographed 通知."""

from __future__ import annotations

import functools
import io
import itertools
import logging
import re
import shutil
import subprocess
import warnings
from typing import Any

from extractors import ExtractionError

log = logging.getLogger(__name__)

OCR_LANGUAGE = "chi_sim"
# A scanned file is read so far: about 10 s a page on two cores, and a 公文's substance is in its first pages.
MAX_OCR_PAGES = 20
# A page with fewer letters than this in its text layer is a scan (a page number or a watermark aside).
SCANNED_PAGE_LETTERS = 10
_OCR_TIMEOUT = 120
_INSTALL = "apt-get install tesseract-ocr tesseract-ocr-chi-sim"


@functools.cache
def ocr_missing() -> str:
    """Why scans cannot be read on this machine ("" when they can): Tesseract or its Chinese model missing."""
    if not shutil.which("tesseract"):
        return f"OCR needs Tesseract ({_INSTALL})"
    try:
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"OCR needs a working Tesseract ({exc})"
    if OCR_LANGUAGE not in (listed.stdout + listed.stderr).split():  # Tesseract 4 lists them on stderr
        return f"OCR needs Tesseract's Simplified Chinese model ({_INSTALL})"
    return ""


def ocr_picture(picture: Any, name: str) -> str:
    """The text of one scanned page (a PIL image), a line a printed line as Tesseract reads it (the blank
    lines it leaves between the blocks it finds dropped)."""
    from PIL import ImageFilter

    # A scanner's specks read as strokes; a 3-pixel median takes them off (0.90 → 0.97 of the characters
    # right on the fixture's page) and leaves a character's strokes at 150 dpi and above.
    png = _upright(_png(picture.convert("L").filter(ImageFilter.MedianFilter(3))))
    try:
        done = subprocess.run(["tesseract", "stdin", "stdout", "-l", OCR_LANGUAGE, "--psm", "3"],
                              input=png, capture_output=True, timeout=_OCR_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise ExtractionError(f"{name}: OCR took longer than {_OCR_TIMEOUT} s for a page") from None
    except OSError as exc:
        raise ExtractionError(f"{name}: OCR could not run ({exc})") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no reason given"]
        raise ExtractionError(f"{name}: OCR failed ({reason[0]})")
    return "\n".join(line for line in done.stdout.decode("utf-8", "replace").split("\n") if line.strip())


def _png(picture: Any) -> bytes:
    encoded = io.BytesIO()
    picture.save(encoded, "PNG")
    return encoded.getvalue()


# Tesseract's orientation detection (its osd model): how far a page must turn clockwise to stand upright,
# and how sure it is. Below this confidence the page is read as it is.
_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_ORIENTATION_CONFIDENCE = re.compile(r"Orientation confidence:\s*([\d.]+)")
_SURE_ENOUGH = 1.5


def _upright(png: bytes) -> bytes:
    """A scanned page (PNG) turned upright: a page scanned sideways or upside down, as a feeder or a hurried
    hand leaves one, had read as nonsense. About a second a page; as it is where Tesseract cannot tell."""
    from PIL import Image

    try:
        found = subprocess.run(["tesseract", "stdin", "stdout", "--psm", "0"], input=png,
                               capture_output=True, timeout=_OCR_TIMEOUT)
    except (OSError, subprocess.SubprocessError):
        return png
    said = found.stdout.decode("utf-8", "replace")
    rotate, sure = _ROTATE.search(said), _ORIENTATION_CONFIDENCE.search(said)
    if found.returncode != 0 or not rotate or not sure or int(rotate[1]) % 360 == 0 or float(sure[1]) < _SURE_ENOUGH:
        return png
    return _png(Image.open(io.BytesIO(png)).rotate(-int(rotate[1]), expand=True, fillcolor=255))


def page_picture(page: Any) -> Any | None:
    """The largest picture on a PDF page (a scan is one picture a page), or None."""
    best, best_area = None, 0
    try:
        for image in page.images:
            picture = image.image
            if picture is not None and picture.width * picture.height > best_area:
                best, best_area = picture, picture.width * picture.height
    except Exception as exc:  # pypdf and Pillow raise many kinds on a picture they cannot decode
        log.warning("a page's picture cannot be decoded (%s)", exc)
    return best


# Pictures read as documents, by ``extractors.files.file_kind``: a screenshot (PNG), a photographed or
# scanned page (JPEG), a scanner's or fax's pages (TIFF, one frame a page).
PICTURE_KINDS = ("PNG", "JPEG", "TIFF")
# Fewer letters than this from a picture: a photo of a scene, not of a text.
PICTURE_LETTERS = 20


def read_picture(data: bytes, name: str) -> str:
    """The text of a picture by OCR, a TIFF's pages in order (its first MAX_OCR_PAGES). Raises
    ExtractionError when this machine has no OCR, for a picture that cannot be opened, and for one with
    no text to read (a photo of a meeting)."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    from extractors.text import letter_count

    if missing := ocr_missing():
        raise ExtractionError(f"{name}: a picture; {missing}")
    try:
        with warnings.catch_warnings():  # "Corrupt EXIF data": a phone's or scanner's tags, not the picture
            warnings.simplefilter("ignore")
            picture = Image.open(io.BytesIO(data))
            frames = [frame.copy() for frame in itertools.islice(ImageSequence.Iterator(picture), MAX_OCR_PAGES)]
    except (UnidentifiedImageError, Image.DecompressionBombError, Exception) as exc:  # Pillow raises SyntaxError,
        raise ExtractionError(f"{name}: not a readable picture ({exc})") from None  # struct.error… on broken files
    pages = []
    for number, frame in enumerate(frames, 1):
        if len(frames) > 1:
            log.info("%s: OCR of page %d of %d", name, number, len(frames))
        pages.append(ocr_picture(frame, name))
    text = "\n".join(pages)
    if letter_count(text) < PICTURE_LETTERS:
        raise ExtractionError(f"{name}: a picture with no text to read (a photo?)")
    return text
