"""Text of local documents and policy attachments: TXT, DOCX (python-docx) and PDF (pypdf)."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from extractors import ExtractionError
from extractors.charset import byte_order_mark
from xuanti.records import xml_safe_values

log = logging.getLogger(__name__)

# Attachments whose text can be read; legacy .doc/.wps are listed but reported as unreadable.
READABLE_SUFFIXES = (".pdf", ".docx", ".txt")
ATTACHMENT_SUFFIXES = (".pdf", ".docx", ".doc", ".wps", ".txt")


def read_text_file(data: bytes) -> str:
    """Text of a file: by its byte-order mark's codec (UTF-8, UTF-16 as Excel's "Unicode 文本" export,
    GB18030) where it has one, else UTF-8, else GB18030."""
    marked = byte_order_mark(data)
    if marked is not None:
        encoding, length = marked
        return data[length:].decode(encoding, errors="replace")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("gb18030", errors="replace")


def json_object_lines(path: Path, error: type[ValueError]) -> Iterator[tuple[str, dict[str, Any]]]:
    """("NAME line N", object) for each non-blank line of a JSON-lines file (UTF-8 with or without
    BOM, or GB18030); a line that is not a JSON object raises ``error`` naming the file and line."""
    for number, line in enumerate(read_text_file(path.read_bytes()).splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.name} line {number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise error(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(value, dict):
            raise error(f"{where}: expected a JSON object")
        # Half an emoji ("\ud83d") in a file cut short cannot be segmented or written out again.
        yield where, xml_safe_values(value)


def read_docx(data: bytes, name: str) -> tuple[str, datetime | None]:
    """Paragraphs, then table rows (cells joined by " | "), and the creation time of a DOCX."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises zip/xml errors of several kinds
        raise ExtractionError(f"{name}: not a readable DOCX ({exc})") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text.strip() for cell in row.cells))
    try:
        created = document.core_properties.created
    except (ValueError, TypeError):  # a malformed date in docProps/core.xml
        created = None
    return "\n".join(lines), created.replace(tzinfo=None) if created else None


def read_pdf(data: bytes, name: str) -> str:
    try:
        import pypdf
    except ImportError:
        raise ExtractionError(f"{name}: reading PDF needs the 'pypdf' package (pip install pypdf)") from None
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it warns on every slightly broken file
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except Exception as exc:  # pypdf raises PdfReadError and others on broken files
        raise ExtractionError(f"{name}: not a readable PDF ({exc})") from None


# A fetched file by its first bytes: servers send PDFs as application/octet-stream or even text/html.
_FILE_MAGIC = ((b"%PDF", "PDF"), (b"PK\x03\x04", "DOCX"), (b"\xd0\xcf\x11\xe0", "DOC/XLS/WPS"), (b"\x89PNG", "PNG"),
               (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"), (b"Rar!", "RAR"), (b"7z\xbc\xaf", "7z"))


# Bytes no text has (C0 controls but tab, newline, form feed and carriage return): in the first 4 KB
# of a page they mean a binary file (an archive, a program, a cut-short download), not HTML.
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x20)) | {0x0B}
_BINARY_SHARE = 0.05


def file_kind(data: bytes) -> str:
    """"PDF", "DOCX", … for a binary file, "binary" for one of no known kind; "" for text (an HTML
    page, a feed; UTF-16 text with its byte-order mark too)."""
    head = data[:16].lstrip(b" \t\r\n")
    kind = next((kind for magic, kind in _FILE_MAGIC if head.startswith(magic)), "")
    if kind or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return kind
    sample = data[:4096]
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return "binary" if sample and controls > _BINARY_SHARE * len(sample) else ""


def attachment_suffix(name: str) -> str:
    return PurePosixPath(name.split("?", 1)[0]).suffix.lower()


def attachment_text(data: bytes, name: str) -> str:
    """Text of one attachment by its file name; ExtractionError for formats that cannot be read."""
    suffix = attachment_suffix(name)
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        return read_pdf(data, name)
    if suffix == ".docx" or data.startswith(b"PK\x03\x04"):
        return read_docx(data, name)[0]
    if suffix == ".txt":
        return read_text_file(data)
    raise ExtractionError(f"{name}: {suffix or 'this'} attachments cannot be read "
                          f"(readable: {', '.join(READABLE_SUFFIXES)})")
