"""Decode HTML bytes: BOM, HTTP header, <meta>, then detection; GBK/GB2312 always as GB18030."""

from __future__ import annotations

import codecs
import re

# Byte-order marks and the codec of what follows each. Excel's and WPS's "Unicode 文本" export is UTF-16
# with its mark; GB18030 has one too (U+FEFF in GB18030), which its codec would read as a character.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (b"\x84\x31\x95\x33", "gb18030"),
)
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# GB18030 is a superset of GBK and GB2312; pages declaring those use GBK characters all the time.
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
            "gb_2312-80": "gb18030", "euc-cn": "gb18030", "big5": "big5hkscs", "utf8": "utf-8"}


def normalize_charset(name: str | None) -> str | None:
    """A Python codec name for a declared charset, or None when unknown."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type, re.I)
    return match.group(1) if match else None


def byte_order_mark(data: bytes) -> tuple[str, int] | None:
    """(codec, length of the mark) when ``data`` starts with a byte-order mark, else None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_utf8(data: bytes) -> bool:
    """Valid UTF-8 with real multibyte text: GBK bytes almost never pass this by chance."""
    if _strict(data, "utf-8") is None:
        return False
    return sum(1 for byte in data[:200_000] if byte >= 0xE0) >= 3


def decode_html(data: bytes, declared: str | None = None) -> str:
    """HTML bytes to text. Never raises: undecodable bytes become U+FFFD.

    Order: BOM, HTTP header charset (``declared``), ``<meta charset>``/http-equiv, detection. Pages
    lie (gb2312 declared, UTF-8 served, or the reverse), so a declaration is trusted only if the bytes
    decode cleanly with it, and valid UTF-8 wins over a non-UTF-8 declaration.
    """
    marked = byte_order_mark(data)
    if marked is not None:
        encoding, length = marked
        return data[length:].decode(encoding, errors="replace")
    candidates: list[str] = []
    header = normalize_charset(charset_from_content_type(declared) or declared)
    if header:
        candidates.append(header)
    match = META_CHARSET.search(data[:8192])
    if match:
        meta = normalize_charset(match.group(1).decode("ascii", "replace"))
        if meta and meta not in candidates:
            candidates.append(meta)
    utf8 = _looks_utf8(data)
    for encoding in candidates:
        if encoding != "utf-8" and utf8:
            return data.decode("utf-8")
        text = _strict(data, encoding)
        if text is not None:
            return text
    if utf8 or _strict(data, "ascii") is not None:
        return data.decode("utf-8")
    from charset_normalizer import from_bytes  # only here: importing it costs every command 20 ms

    best = from_bytes(data[:500_000]).best()
    if best is not None and best.encoding:
        encoding = normalize_charset(best.encoding) or "utf-8"
        # Detection often says big5/cp1252 for short GBK pages; prefer GB18030 when it decodes cleanly.
        if encoding not in ("utf-8", "gb18030") and _strict(data, "gb18030") is not None:
            encoding = "gb18030"
        return data.decode(encoding, errors="replace")
    # Nothing decodes cleanly: the declaration (or GB18030, the common case here) with replacements.
    fallback = candidates[0] if candidates else "gb18030"
    return data.decode(fallback, errors="replace")
