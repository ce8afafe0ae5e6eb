"""Text of local documents and policy attachments: TXT, DOCX (python-docx), PDF (pypdf), Word 97-2003
DOC (olefile and the format's piece table), RTF (striprtf), OFD, ODT, PowerPoint (PPTX, PPT), e-mail
(EML), ZIP archives of them, and the files named .doc that Word opens though they are none: its web page (HTML, MHT) and its
XML (2003 WordprocessingML, 2007 flat XML)."""

from __future__ import annotations

import bisect
import io
import json
import logging
import os
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any

from extractors import ExtractionError
from extractors.charset import byte_order_mark
from extractors.text import letter_count, printed_text
from xuanti.records import xml_safe, xml_safe_values

log = logging.getLogger(__name__)

# Attachments whose text can be read. A .wps (WPS 文字) is read when it is in Word 97's format, as WPS
# saves it; a Word 6/95 file or a Kingsoft format of its own is named as unreadable. Templates and
# macro-enabled files (a 公文 made with the office's 红头 macro, .docm; a slide show, .ppsx) are the same
# formats under other names.
READABLE_SUFFIXES = (".pdf", ".docx", ".doc", ".wps", ".ofd", ".rtf", ".odt", ".pptx", ".ppt", ".dps", ".eml",
                     ".txt", ".docm", ".dotx", ".dotm", ".dot", ".wpt", ".pptm", ".ppsx", ".pps")
# Archives of such files: a meeting's 材料.zip, a portal's 附件.zip, a unit's 材料.rar or .7z (WinRAR's and
# 7-Zip's own formats, read by libarchive).
ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z")
# What ``file_kind`` calls an archive of files (an XLSX or DOCX is a ZIP too, but is its own kind).
ARCHIVE_KINDS = ("ZIP", "RAR", "7z")
# Plain-text documents, known by their names only (their bytes are any text's).
TEXT_DOCUMENT_SUFFIXES = (".txt", ".md", ".text")
ATTACHMENT_SUFFIXES = (*READABLE_SUFFIXES, *ARCHIVE_SUFFIXES)


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


def _object_lines(text: str, name: str, error: type[ValueError]) -> Iterator[tuple[str, dict[str, Any]]]:
    """("NAME line N", object) for each non-blank line of JSON lines; a line that is not a JSON object
    raises ``error`` naming the file and line."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise error(f"{where}: not JSON ({exc.msg})") from None
        if not isinstance(value, dict):
            raise error(f"{where}: expected a JSON object")
        # Half an emoji ("\ud83d") in a file cut short cannot be segmented or written out again.
        yield where, xml_safe_values(value)


# Workbooks by their names: Excel's, WPS's own .et (a compound file as an XLS is, read as one), and
# OpenDocument's .ods (LibreOffice's, on domestic systems).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".ods")
# A file kept as a table: a workbook or a CSV an editor filled in (labels, items to classify).
TABLE_SUFFIXES = (*WORKBOOK_SUFFIXES, ".csv", ".tsv")


def labelled_records(path: Path, error: type[ValueError]) -> Iterator[tuple[str, dict[str, Any]]]:
    """("NAME line N" or "NAME row N", record) of a labelled file: JSON lines (UTF-8 with or without BOM,
    or GB18030), a JSON array of objects, or a workbook or CSV/TSV whose first row of two cells or more names
    the fields (as an editor keeps labels in Excel, under a title). A file that cannot be read raises ``error`` naming it."""
    path = Path(path)
    if path.suffix.lower() not in TABLE_SUFFIXES:
        text = read_text_file(path.read_bytes())
        if text.lstrip().startswith("[") and path.suffix.lower() == ".json":
            try:
                values = json.loads(text)
            except json.JSONDecodeError as exc:
                raise error(f"{path.name}: not JSON ({exc.msg}, line {exc.lineno})") from None
            for number, value in enumerate(values, start=1):
                if not isinstance(value, dict):
                    raise error(f"{path.name} item {number}: expected a JSON object")
                yield f"{path.name} item {number}", xml_safe_values(value)
            return
        yield from _object_lines(text, path.name, error)
        return
    from extractors.hotline import table_rows

    header: list[str] = []
    try:
        for number, row in enumerate(table_rows(path, path.name), start=1):
            cells = ["" if cell is None else cell for cell in row]
            filled = sum(bool(str(cell).strip()) for cell in cells)
            if not filled:
                continue
            if not header:
                if filled > 1:  # a report's title merged across the columns above the header is one cell
                    header = [str(cell).strip() for cell in cells]
                continue
            record = {name: cell.strip() if isinstance(cell, str) else cell
                      for name, cell in zip(header, cells, strict=False) if name}
            yield f"{path.name} row {number}", xml_safe_values(record)
    except ExtractionError as exc:
        raise error(str(exc)) from None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# What a reader of the page sees of a paragraph: its runs, and the runs inserted while 修订 (track
# changes) was on, which python-docx's paragraph.text leaves out (a leader's added figures stay inside
# w:ins until someone accepts them). Deleted and moved-away text (w:del, w:moveFrom) is not read, nor
# the paragraph properties' tab stops; a text box's content is read as lines of its own after the
# paragraph it is anchored in (``_text_boxes``), its drawing's fallback copy not at all.
_UNSEEN = frozenset({_W + "del", _W + "moveFrom", _W + "pPr", _W + "txbxContent",
                     "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"})
_RUN_TEXT = {_W + "t": None, _W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n"}


def _ancestors_within(node: Any, top: Any) -> Iterator[Any]:
    """A node's ancestors up to ``top`` (a text box's paragraph is read whole within the box)."""
    for ancestor in node.iterancestors():
        if ancestor is top:
            return
        yield ancestor


def _paragraph_text(paragraph: Any) -> str:
    """The text of a w:p element as Word shows it with its revisions in (``_UNSEEN``)."""
    parts = []
    for node in paragraph.iter(*_RUN_TEXT):
        if any(ancestor.tag in _UNSEEN for ancestor in _ancestors_within(node, paragraph)):
            continue
        parts.append(node.text or "" if _RUN_TEXT[node.tag] is None else _RUN_TEXT[node.tag])
    return "".join(parts)


def _is_table_of_contents(sdt: Any) -> bool:
    """A content control holding Word's table of contents (its headings again, with page numbers)."""
    gallery = sdt.find(f"{_W}sdtPr/{_W}docPartObj/{_W}docPartGallery")
    return gallery is not None and (gallery.get(_W + "val") or "").lower().startswith("table of contents")


def _block_lines(parent: Any, part: Any, container: Any) -> Iterator[str]:
    """The lines of a body or table cell's blocks in order: a paragraph a line, a table a line per row
    (cells joined by " | "). Content controls (w:sdt: a form's fields, a cover page) and custom-XML
    wrappers are read through, as Word shows them, except a table of contents; a chunk of HTML, MHT or
    another document (w:altChunk, as "导出Word" of many web systems writes a file) is read from its part."""
    from docx.table import Table

    for child in parent.iterchildren():
        tag = child.tag
        if tag == _W + "p":
            yield _paragraph_text(child)
            for box in _text_boxes(child):
                yield from _block_lines(box, part, container)
        elif tag == _W + "tbl":
            for row in Table(child, container).rows:
                yield " | ".join("\n".join(_block_lines(cell._tc, part, cell)).strip() for cell in row.cells)
        elif tag == _W + "sdt" and not _is_table_of_contents(child):
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _block_lines(content, part, container)
        elif tag == _W + "customXml":
            yield from _block_lines(child, part, container)
        elif tag == _W + "altChunk":
            yield from _chunk_lines(part, child.get(_R_ID) or "")


_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _text_boxes(paragraph: Any) -> list[Any]:
    """The text boxes (w:txbxContent) anchored in a paragraph: a 红头's 文件 line, a figure's caption, a
    side note; not those inside another, which that one reads, nor a drawing's fallback copy (the same
    box again, in VML, for older Word)."""
    return [box for box in paragraph.iter(_W + "txbxContent")
            if not any(ancestor.tag in (_FALLBACK, _W + "txbxContent") for ancestor in box.iterancestors())]


def _chunk_lines(part: Any, relationship: str) -> Iterator[str]:
    """The lines of a DOCX's w:altChunk part: HTML or MHT (html-docx-js, many OA systems), RTF, plain
    text or a DOCX, as Word merges it in when it opens the file."""
    chunk = part.related_parts.get(relationship) if relationship else None
    if chunk is None:
        return
    blob: bytes = chunk.blob
    content_type = (chunk.content_type or "").lower()
    name = str(chunk.partname)
    if "wordprocessingml" in content_type or blob.startswith(b"PK"):
        text = read_docx(blob, name)[0]
    elif "text/plain" in content_type:
        text = read_text_file(blob)
    else:
        text = read_word_lookalike(blob, name, marked=False)
        if text is None:
            return
    yield from text.split("\n")


def read_docx(data: bytes, name: str) -> tuple[str, datetime | None]:
    """Paragraphs and table rows (cells joined by " | ") in the document's order, text inserted with 修订
    on included, content controls and merged-in chunks read (``_block_lines``), and the creation time of
    a DOCX. Word's web page or XML under a .docx name is read too (``read_word_lookalike``)."""
    import docx

    if not data.startswith(b"PK") and (text := read_word_lookalike(data, name)) is not None:
        return text, None
    try:
        document = docx.Document(io.BytesIO(_plain_docx(data)))
        # In order: a 附件 table is followed by the 落款 (agency and date), which must stay last.
        lines = list(_block_lines(document.element.body, document.part, document._body))
    except ExtractionError:
        raise
    except Exception as exc:  # python-docx raises zip/xml errors of several kinds
        raise ExtractionError(f"{name}: not a readable DOCX ({exc})") from None
    try:
        created = document.core_properties.created
    except (ValueError, TypeError):  # a malformed date in docProps/core.xml
        created = None
    text = "\n".join(lines)
    if letter_count(text) < _SCANNED_DOCUMENT_LETTERS:  # scanned pages pasted in as pictures, read by OCR
        text = "\n".join(filter(None, [text, _pasted_scans_text(document, name)]))
    return text, created.replace(tzinfo=None) if created else None


def word_tables(data: bytes, name: str, grid: bool = False) -> tuple[list[list[list[str]]], list[str]]:
    """A DOCX's tables (rows of cell texts, a cell merged across columns once, one merged down given on
    each row it spans) and its paragraphs outside them, in order: a 12345 centre's 转办单 or 周报 in Word,
    read as an export (``extractors.hotline``). With ``grid``, a cell merged across columns is followed
    by an empty cell for each further column it spans, so a row's cells stand in its table's columns (a
    header of two rows, 来电信息 over 来电时间 and 所属镇街)."""
    import docx
    from docx.table import Table

    def blocks(parent: Any) -> Iterator[Any]:
        """The body's paragraphs and tables in order, those inside a content control (a 转办单 template's
        form wrapped in one) or custom XML too, as ``_block_lines`` reads them."""
        for child in parent.iterchildren():
            if child.tag in (_W + "p", _W + "tbl"):
                yield child
            elif child.tag == _W + "sdt" and (content := child.find(_W + "sdtContent")) is not None:
                yield from blocks(content)
            elif child.tag == _W + "customXml":
                yield from blocks(child)

    try:
        document = docx.Document(io.BytesIO(_plain_docx(data)))
        tables, paragraphs = [], []
        for child in blocks(document.element.body):
            if child.tag == _W + "p":
                paragraphs.append(_paragraph_text(child))
                continue
            rows = []
            for row in Table(child, document._body).rows:
                cells, seen = [], None
                for cell in row.cells:
                    if cell._tc is not seen:  # python-docx gives a merged cell once per grid column
                        cells.append("\n".join(_block_lines(cell._tc, document.part, cell)).strip())
                    elif grid:
                        cells.append("")
                    seen = cell._tc
                rows.append(cells)
            tables.append(rows)
    except ExtractionError:
        raise
    except Exception as exc:  # python-docx raises zip/xml errors of several kinds
        raise ExtractionError(f"{name}: not a readable DOCX ({exc})") from None
    return tables, [line for line in paragraphs if line.strip()]


# A Word file of fewer letters than this is scans pasted in as pictures (a unit's 扫描件.docx), if its
# pictures are page-sized.
_SCANNED_DOCUMENT_LETTERS = 20


def _pasted_scans_text(document: Any, name: str) -> str:
    """The OCR text of a DOCX's page-sized pictures, in the order the document shows them; "" where this
    machine has no OCR."""
    from PIL import Image

    from extractors.ocr import MAX_OCR_PAGES, ocr_missing, ocr_picture

    if ocr_missing():
        return ""
    embed = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
    seen: set[str] = set()
    pages = []
    for blip in document.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip"):
        rid = blip.get(embed, "")
        part = document.part.related_parts.get(rid) if rid and rid not in seen else None
        seen.add(rid)
        if part is None or len(pages) >= MAX_OCR_PAGES:
            continue
        try:
            picture = Image.open(io.BytesIO(part.blob))
            picture.load()
        except Exception:  # a picture Pillow cannot open (EMF, WMF) is no scan
            continue
        if min(picture.size) >= _SCAN_SIDE:
            log.info("%s: OCR of pasted page %d", name, len(pages) + 1)
            pages.append(ocr_picture(picture, name))
    return printed_text("\n".join(pages)) if pages else ""


# The main part's content type of a macro-enabled document (.docm) and of templates (.dotx, .dotm), which
# python-docx refuses ("is not a Word file"); the package is a DOCX's but for it.
_WORD_MAIN_TYPES = (b"application/vnd.ms-word.document.macroEnabled.main+xml",
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
                    b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml")
_DOCX_MAIN_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def _plain_docx(data: bytes) -> bytes:
    """A .docm, .dotx or .dotm package as the DOCX it is but for its main part's content type; any other
    bytes as they are."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            types = source.read("[Content_Types].xml")
            if not any(kind in types for kind in _WORD_MAIN_TYPES):
                return data
            plain = io.BytesIO()
            with zipfile.ZipFile(plain, "w", zipfile.ZIP_DEFLATED) as target:
                for info in source.infolist():
                    content = source.read(info)
                    if info.filename == "[Content_Types].xml":
                        for kind in _WORD_MAIN_TYPES:
                            content = content.replace(kind, _DOCX_MAIN_TYPE)
                    target.writestr(info, content)
            return plain.getvalue()
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, NotImplementedError):
        return data  # python-docx names what is wrong with it


# Marks of a web page that Word, WPS or LibreOffice wrote (Save as 网页, or an OA system's "导出Word"
# template), as against a login or error page served under a .doc name.
_OFFICE_PAGE = re.compile(rb"urn:schemas-microsoft-com:office:word|name=\"?ProgId\"?\s+content=\"?Word\.Document|"
                          rb"name=\"?Generator\"?\s+content=\"?(?:Microsoft Word|WPS|LibreOffice|OpenOffice)", re.I)
_WORDML_2003 = "http://schemas.microsoft.com/office/word/2003/wordml"
_FLAT_OPC = "http://schemas.microsoft.com/office/2006/xmlPackage"


def read_word_lookalike(data: bytes, name: str, marked: bool = True) -> str | None:
    """Text of a file Word opens as a document though it is no DOC or DOCX, as many OA systems' "导出Word"
    and web editors write one under a .doc name: Word's web page (HTML, or single-file MHT), Word 2003
    XML (WordprocessingML, the FreeMarker template's output), Word 2007 flat XML, or RTF. None for
    anything else; an HTML page counts only with an office suite's marks (``marked``), since a portal's
    login or error page comes under the file's name too."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{\\rtf"):
        return read_rtf(data, name)
    if head[:40].lower().startswith(b"mime-version"):
        page = mht_html(data, name)
        return None if page is None else _html_document_text(page[0], name)
    if head.startswith(b"<?xml") or head.startswith(b"<w:wordDocument") or head.startswith(b"<pkg:package"):
        if _WORDML_2003.encode() in head:
            return _wordml_text(data, name)
        if _FLAT_OPC.encode() in head:
            return _flat_opc_text(data, name)
    if re.match(rb"(?:<!--.*?-->\s*)*<(?:!doctype html|html|head|body|meta|div|p)\b", head, re.I | re.S) and (
            not marked or _OFFICE_PAGE.search(data[:1 << 16])):
        from extractors.charset import decode_html

        return _html_document_text(decode_html(data, None), name)
    return None


def mht_html(data: bytes, name: str) -> tuple[str, str] | None:
    """(the HTML, the address it was saved from) of a single-file web page (MHT: a browser's, Word's, or
    html-docx-js's chunk): its first text/html part in its own charset; None when it has none."""
    import email
    from email import policy

    message = email.message_from_bytes(data, policy=policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            try:
                html = str(part.get_content())
            except (LookupError, ValueError) as exc:  # an unknown charset, a broken encoding
                raise ExtractionError(f"{name}: not a readable MHT page ({exc})") from None
            return html, str(message.get("Snapshot-Content-Location") or part.get("Content-Location") or "")
    return None


def _html_document_text(html: str, name: str) -> str:
    """A Word web page's text: a paragraph a line, a table row a line (cells joined by " | ")."""
    from lxml import html as lxml_html

    from extractors.text import element_text

    try:
        # Control characters (a broken export) make lxml refuse to set text when a node is dropped.
        root = lxml_html.document_fromstring(xml_safe(html))
    except Exception as exc:  # lxml raises several types on junk
        raise ExtractionError(f"{name}: not a readable Word web page ({exc})") from None
    for node in root.xpath("//head|//script|//style"):
        node.drop_tree()
    return element_text(root)


def _wordml_text(data: bytes, name: str) -> str:
    """Word 2003 XML (WordprocessingML): its body's paragraphs and table rows as a DOCX's read."""
    from lxml import etree

    w = "{" + _WORDML_2003 + "}"
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(huge_tree=True, resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        raise ExtractionError(f"{name}: not a readable Word XML ({exc})") from None
    body = root.find(f"{w}body")
    if body is None:
        raise ExtractionError(f"{name}: not a readable Word XML (no w:body)")

    def paragraph(node: Any) -> str:
        # w:delText (a deletion under 修订) is another tag and so not read; w:instrText (a field's code) too.
        # A text box's text is its own lines after the paragraph, as a DOCX's.
        return "".join(part.text or "" if part.tag == w + "t" else "\t" if part.tag == w + "tab" else "\n"
                       for part in node.iter(w + "t", w + "tab", w + "br", w + "cr")
                       if not any(above.tag == w + "txbxContent" for above in _ancestors_within(part, node)))

    def lines(parent: Any) -> Iterator[str]:
        for child in parent.iterchildren():
            if child.tag == w + "p":
                yield paragraph(child)
                for box in child.iter(w + "txbxContent"):
                    if not any(above.tag == w + "txbxContent" for above in _ancestors_within(box, child)):
                        yield from lines(box)
            elif child.tag == w + "tbl":
                for row in child.iterfind(f"{w}tr"):
                    yield " | ".join("\n".join(lines(cell)).strip() for cell in row.iterfind(f"{w}tc"))
            elif isinstance(child.tag, str) and not child.tag.endswith(("Pr", "}sectPr")):
                yield from lines(child)  # wx:sect and wx:sub-section hold the body's blocks

    return "\n".join(lines(body))


def _flat_opc_text(data: bytes, name: str) -> str:
    """Word 2007 flat XML (one XML file of the DOCX's parts, pkg:package) read as the DOCX it holds."""
    import base64
    import zipfile

    from lxml import etree

    pkg = "{" + _FLAT_OPC + "}"
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(huge_tree=True, resolve_entities=False))
        parts = root.findall(f"{pkg}part")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            types = ['<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">']
            for part in parts:
                partname = part.get(f"{pkg}name") or ""
                types.append(f'<Override PartName="{partname}" ContentType="{part.get(f"{pkg}contentType")}"/>')
                xml, binary = part.find(f"{pkg}xmlData"), part.find(f"{pkg}binaryData")
                if xml is not None and len(xml):
                    content = etree.tostring(xml[0], xml_declaration=True, encoding="UTF-8", standalone=True)
                else:
                    content = base64.b64decode(binary.text or "") if binary is not None else b""
                archive.writestr(partname.lstrip("/"), content)
            archive.writestr("[Content_Types].xml", "".join([*types, "</Types>"]))
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise ExtractionError(f"{name}: not a readable Word XML ({exc})") from None
    return read_docx(buffer.getvalue(), name)[0]


def read_rtf(data: bytes, name: str) -> str:
    """Text of an RTF file (WordPad's, or Word's saved as RTF; a .doc may be one): a paragraph a line, a
    table row's cells joined by " | " as in a DOCX. Its code page is its own (\\ansicpg936, a font's
    \\fcharset134 for GBK)."""
    # striprtf ends each cell with "|": a row "序号|任务|" reads "序号 | 任务".
    return "\n".join(" | ".join(line[:-1].split("|")) if line.endswith("|") else line
                     for line in _rtf_text(data.decode("latin-1"), name).split("\n"))


def _rtf_text(source: str, name: str) -> str:
    """An RTF's text by striprtf, its code page its own; raises ExtractionError naming a broken file."""
    from striprtf.striprtf import rtf_to_text

    try:
        return rtf_to_text(source, encoding="gb18030", errors="replace")
    except Exception as exc:  # striprtf raises IndexError and others on a broken file
        raise ExtractionError(f"{name}: not a readable RTF ({exc})") from None


def rtf_tables(data: bytes, name: str) -> tuple[list[list[list[str]]], list[str]]:
    """An RTF's tables and its paragraphs outside them, as ``word_tables`` gives a DOCX's (a 周报 or 转办单
    an OA system's "导出Word" writes as RTF): a cell's paragraphs joined by line breaks, a cell merged down
    over rows (\\clvmrg) given to each row it spans."""
    source = data.decode("latin-1")
    text = _rtf_text(source, name)
    tables: list[list[list[str]]] = []
    paragraphs: list[str] = []
    row: str | None = None  # a row read so far: striprtf ends each cell with "|", a cell's paragraphs "\n"
    rows: list[list[str]] = []
    for line in text.split("\n"):
        if row is None and "|" not in line:
            if line.strip():
                paragraphs.append(line)
            if rows:
                tables.append(rows)
                rows = []
            continue
        row = line if row is None else f"{row}\n{line}"
        if row.endswith("|"):
            rows.append([cell.strip() for cell in row[:-1].split("|")])
            row = None
    if rows:
        tables.append(rows)
    merged = _rtf_merged_cells(source)
    if len(merged) == sum(map(len, tables)):  # each \\row of the file read as a row: fill merged cells down
        flags = iter(merged)
        for rows in tables:
            for number, cells in enumerate(rows):
                for column in next(flags):
                    if number and column < len(cells) and column < len(rows[number - 1]) and not cells[column]:
                        cells[column] = rows[number - 1][column]
    return tables, paragraphs


_RTF_ROW_END = re.compile(r"\\row(?![a-z])")
_RTF_CELL_DEFINITION = re.compile(r"\\(clvmrg|cellx)-?\d*(?![a-z])")


def _rtf_merged_cells(source: str) -> list[set[int]]:
    """For each table row of an RTF (each \\row), the columns whose cell goes on a cell above it (\\clvmrg
    in its row's definition, \\trowd … \\cellxN a cell)."""
    merged: list[set[int]] = []
    for chunk in _RTF_ROW_END.split(source)[:-1]:
        definition = chunk[chunk.rfind("\\trowd"):] if "\\trowd" in chunk else ""
        columns: set[int] = set()
        column, continued = 0, False
        for found in _RTF_CELL_DEFINITION.finditer(definition):
            if found.group(1) == "clvmrg":
                continued = True
            else:
                if continued:
                    columns.add(column)
                column, continued = column + 1, False
        merged.append(columns)
    return merged


# Word 97-2003 (.doc), [MS-DOC]: the text is in the WordDocument stream as pieces the table stream's
# piece table (Clx) places; the FIB gives where that table is and how long the main text runs.
_FIB_FLAGS, _FIB_CCP_TEXT, _FIB_FC_CLX, _FIB_LCB_CLX = 0x0A, 0x4C, 0x1A2, 0x1A6
_FIB_FC_BTE_PAPX, _FIB_LCB_BTE_PAPX = 0x102, 0x106  # where paragraph properties are found (PlcBtePapx)
_FIB_FC_BTE_CHPX, _FIB_LCB_BTE_CHPX = 0xFA, 0xFE  # and character properties (PlcBteChpx)
# Text boxes (a 红头's 文件 line, a side note): their text is a story after the main text, footnotes,
# headers, comments and endnotes (the ccp* counts); PlcftxbxTxt cuts it into boxes, PlcSpaMom lists the
# shapes anchored in the main text (by shape id) and the drawing data (DggInfo) gives each shape its box.
_FIB_CCP_STORIES = (0x50, 0x54, 0x5C, 0x60)  # ccpFtn, ccpHdd, ccpAtn, ccpEdn (0x58, ccpMcr, is unused)
_FIB_CCP_TXBX = 0x64
_FIB_PLC_SPA_MOM, _FIB_DGG_INFO, _FIB_PLCF_TXBX_TXT = 0x1DA, 0x22A, 0x25A  # each an fc, then its lcb
_FSPA_SIZE, _FTXBXS_SIZE = 26, 22
_SHAPE_TEXT_ID = 0x0080  # lTxid, the OfficeArt property naming a shape's text box: its index + 1, << 16
_ANCHOR = 0xF0000  # a shape's anchor stands in the text as this code point + its number until placed
_SPRM_DELETED = 0x0800  # sprmCFRMarkDel: text deleted while 修订 (track changes) was on
_SPRM_TABLE_ROW_END = 0x2417  # sprmPFTtp: this paragraph mark ends a table row
_SPRM_IN_TABLE = 0x2416  # sprmPFInTable: this paragraph is in a table's cell
_CELL_BREAK = "\x1c"  # stands for a paragraph's end inside a table cell until it becomes a line break
_ROW_END = "\x1d"  # stands for a row's end mark in the text until it becomes a line break
_WORD_MAGIC = 0xA5EC
_COMPOUND_FILE = b"\xd0\xcf\x11\xe0"  # an OLE2 compound file: DOC, XLS, WPS, PPT
# Word's marks in its text stream: paragraph and cell ends, line and page breaks, field codes (the
# instruction between 0x13 and 0x14 is hidden; the result between 0x14 and 0x15 is what the page shows),
# pictures and footnote marks, which show nothing.
_FIELD_INSTRUCTION = re.compile("\x13[^\x13\x14\x15]*\x14|\x13[^\x13\x14\x15]*\x15")
_WORD_MARKS = str.maketrans({"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x0e": "\n", "\x1e": "-", "\xa0": " ",
                             "\x01": None, "\x02": None, "\x05": None, "\x08": None, "\x14": None, "\x15": None,
                             "\x1f": None, "\x00": None})


def read_doc(data: bytes, name: str) -> str:
    """The main text of a Word 97-2003 document (.doc, and WPS Writer's .wps in that format): paragraphs
    a line each, a table row's cells joined by " | ". A password-protected, Word 6/95 or broken file
    raises ExtractionError naming it."""
    if not data.startswith(_COMPOUND_FILE):
        if (text := read_word_lookalike(data, name)) is not None:  # Word's web page or XML named .doc
            return text
    return _joined_lines(_word_lines(*_doc_story(data, name)))


def doc_tables(data: bytes, name: str) -> tuple[list[list[list[str]]], list[str]]:
    """A Word 97-2003 document's tables (rows of cell texts, a cell's paragraphs a line each) and its
    paragraphs outside them, as ``word_tables`` gives a DOCX's."""
    tables: list[list[list[str]]] = []
    paragraphs: list[str] = []
    previous: list[str] | str = ""
    for line in _word_lines(*_doc_story(data, name)):
        if isinstance(line, list):
            if not isinstance(previous, list):
                tables.append([])
            tables[-1].append(line)
        else:
            paragraphs.append(line)
        previous = line
    return tables, paragraphs


def _doc_story(data: bytes, name: str) -> tuple[str, bool]:
    """A DOC's main text with Word's marks in it, and whether its table rows' ends are marked."""
    import olefile

    if not data.startswith(_COMPOUND_FILE):
        page = re.match(rb"\s*<(?:!doctype html|html)\b", data[:512], re.I)
        raise ExtractionError(f"{name}: not a readable DOC (" + (
            "a web page without an office suite's marks: a login or error page?)" if page else
            "not a Word 97-2003 file)"))
    try:
        # A file object, never the bytes: olefile reads bytes shorter than a sector as a file name.
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError) as exc:  # olefile raises OSError for a file that is no compound file
        raise ExtractionError(f"{name}: not a readable DOC ({exc})") from None
    with ole:
        if ole.exists("EncryptedPackage"):
            raise ExtractionError(f"{name}: {PASSWORD_PROTECTED}")
        if not ole.exists("WordDocument"):
            found = "an Excel workbook" if ole.exists("Workbook") or ole.exists("Book") else "no Word document"
            raise ExtractionError(f"{name}: not a readable DOC ({found})")
        word = ole.openstream("WordDocument").read()
        if len(word) < _FIB_LCB_CLX + 4 or int.from_bytes(word[:2], "little") != _WORD_MAGIC:
            raise ExtractionError(f"{name}: not a readable DOC (a Word 6/95 file or a broken one)")
        flags = int.from_bytes(word[_FIB_FLAGS:_FIB_FLAGS + 2], "little")
        if flags & 0x0100:
            raise ExtractionError(f"{name}: a password-protected DOC; save it without a password")
        table_name = "1Table" if flags & 0x0200 else "0Table"
        if not ole.exists(table_name):
            raise ExtractionError(f"{name}: not a readable DOC (no {table_name} stream)")
        table = ole.openstream(table_name).read()
    text_length = int.from_bytes(word[_FIB_CCP_TEXT:_FIB_CCP_TEXT + 4], "little")
    clx_at = int.from_bytes(word[_FIB_FC_CLX:_FIB_FC_CLX + 4], "little")
    clx_length = int.from_bytes(word[_FIB_LCB_CLX:_FIB_LCB_CLX + 4], "little")
    pieces = _piece_table(table[clx_at:clx_at + clx_length], name)
    row_ends, in_table = _paragraph_runs(word, table, _SPRM_TABLE_ROW_END, _SPRM_IN_TABLE) or (None, None)
    deleted = _deleted_runs(word, table)

    def story(first: int, stop: int, anchors: dict[int, int] | None = None) -> str:
        """The text from character position ``first`` to ``stop``; each of ``anchors`` (position: number)
        as ``_ANCHOR`` + its number."""
        chunks = []
        for start, end, fc, compressed in pieces:
            begin, finish = max(start, first), min(end, stop)
            if finish <= begin:
                continue
            count, skip = finish - begin, begin - start
            if compressed:  # one byte a character, cp1252: Word's way with Western text
                at, width = fc // 2 + skip, 1
                chunk = word[at:at + count].decode("cp1252", errors="replace")
            else:
                at, width = fc + 2 * skip, 2
                chunk = word[at:at + 2 * count].decode("utf-16-le", errors="replace")
            if anchors and any(begin <= cp < finish for cp in anchors):
                chunk = "".join(chr(_ANCHOR + anchors[begin + k]) if begin + k in anchors else char
                                for k, char in enumerate(chunk))
            if row_ends is not None and "\x07" in chunk:
                chunk = "".join(_ROW_END if char == "\x07" and _in_runs(at + width * k, row_ends) else char
                                for k, char in enumerate(chunk))
            if in_table and "\r" in chunk:  # a paragraph's end inside a cell: the cell goes on
                chunk = "".join(_CELL_BREAK if char == "\r" and _in_runs(at + width * k, in_table) else char
                                for k, char in enumerate(chunk))
            if deleted:  # Word shows the text as if the deletions were accepted: so is it read
                chunk = "".join(char for k, char in enumerate(chunk) if not _in_runs(at + width * k, deleted))
            chunks.append(chunk)
        return "".join(chunks)

    boxes = _doc_text_boxes(word, table, text_length, story)
    text = story(0, text_length, {cp: number for number, (cp, _) in enumerate(boxes)})
    return _place_text_boxes(text, [box for _, box in boxes]), row_ends is not None


def _doc_text_boxes(word: bytes, table: bytes, text_length: int,
                story: Callable[[int, int], str]) -> list[tuple[int, str]]:
    """(the character position of its anchor, its text) of each text box in the main text, in its order;
    none where the file's drawing data cannot be read."""
    def pair(at: int) -> tuple[int, int]:
        return int.from_bytes(word[at:at + 4], "little"), int.from_bytes(word[at + 4:at + 8], "little")

    if len(word) < _FIB_PLCF_TXBX_TXT + 8 or not int.from_bytes(word[_FIB_CCP_TXBX:_FIB_CCP_TXBX + 4], "little"):
        return []
    fc, lcb = pair(_FIB_PLC_SPA_MOM)
    shapes = table[fc:fc + lcb]
    count = (len(shapes) - 4) // (4 + _FSPA_SIZE)
    fc, lcb = pair(_FIB_PLCF_TXBX_TXT)
    plc = table[fc:fc + lcb]
    box_count = (len(plc) - 4) // (4 + _FTXBXS_SIZE)
    if count <= 0 or box_count <= 0 or len(shapes) != 4 + count * (4 + _FSPA_SIZE) \
            or len(plc) != 4 + box_count * (4 + _FTXBXS_SIZE):
        return []
    fc, lcb = pair(_FIB_DGG_INFO)
    text_ids = _shape_text_ids(table[fc:fc + lcb])
    first = text_length + sum(int.from_bytes(word[at:at + 4], "little") for at in _FIB_CCP_STORIES)
    bounds = [int.from_bytes(plc[4 * k:4 * k + 4], "little") for k in range(box_count + 1)]
    found = []
    for number in range(count):
        cp = int.from_bytes(shapes[4 * number:4 * number + 4], "little")
        shape = int.from_bytes(shapes[4 * (count + 1) + _FSPA_SIZE * number:][:4], "little")
        box = (text_ids.get(shape, 0) >> 16) - 1
        if 0 <= box < box_count and cp < text_length and bounds[box] < bounds[box + 1]:
            found.append((cp, story(first + bounds[box], first + bounds[box + 1])))
    return found


def _shape_text_ids(drawing: bytes) -> dict[int, int]:
    """Each shape's id: its lTxid, from a DOC's OfficeArt drawing data (a drawing group, then each drawing
    after a byte saying whether it is the main text's or the headers')."""
    found: dict[int, int] = {}

    def walk(at: int, stop: int, depth: int = 0) -> None:
        shape = None
        while at + 8 <= stop and depth < 8:  # a drawing nests groups a few deep; a broken file, without end
            head = int.from_bytes(drawing[at:at + 2], "little")
            kind = int.from_bytes(drawing[at + 2:at + 4], "little")
            length = int.from_bytes(drawing[at + 4:at + 8], "little")
            body, end = at + 8, min(at + 8 + length, stop)
            if head & 0x000F == 0x000F:  # a container: its records within
                walk(body, end, depth + 1)
            elif kind == 0xF00A and length >= 4:  # OfficeArtFSP: the shape's id
                shape = int.from_bytes(drawing[body:body + 4], "little")
            elif kind == 0xF00B and shape is not None:  # OfficeArtFOPT: its properties, six bytes each
                for k in range(min(head >> 4, length // 6)):
                    if int.from_bytes(drawing[body + 6 * k:body + 6 * k + 2], "little") & 0x3FFF == _SHAPE_TEXT_ID:
                        found[shape] = int.from_bytes(drawing[body + 6 * k + 2:body + 6 * k + 6], "little")
            at = end

    at = 0
    while at + 8 <= len(drawing):  # the drawing group, then (a byte, a drawing) after (a byte, a drawing)
        length = int.from_bytes(drawing[at + 4:at + 8], "little")
        walk(at + 8, min(at + 8 + length, len(drawing)))
        at += 8 + length + 1
    return found


def _place_text_boxes(text: str, boxes: list[str]) -> str:
    """The main text with each text box as lines of its own after the paragraph its anchor is in, as a
    DOCX's are read."""
    if not boxes:
        return text
    out: list[str] = []
    waiting: list[str] = []
    for char in text:
        if ord(char) >= _ANCHOR:
            if ord(char) - _ANCHOR < len(boxes):
                waiting.append(boxes[ord(char) - _ANCHOR].rstrip("\r") + "\r")
            continue
        out.append(char)
        if char == "\r" and waiting:
            out += waiting
            waiting = []
        elif char == _CELL_BREAK and waiting:  # in a table's cell: its lines stay in the cell
            out += [box.replace("\r", _CELL_BREAK) for box in waiting]
            waiting = []
    return "".join(out + (["\r", *waiting] if waiting else []))


def _paragraph_runs(word: bytes, table: bytes, *sprms: int) -> list[list[tuple[int, int]]] | None:
    """For each of ``sprms``, the file-offset runs of paragraphs whose properties set it to 1 (sprmPFTtp:
    "end of a table row"; sprmPFInTable: in a table), from one walk of the paragraph property pages
    (PapxFkp) the PlcBtePapx lists; None if those cannot be read."""
    fc_plc = int.from_bytes(word[_FIB_FC_BTE_PAPX:_FIB_FC_BTE_PAPX + 4], "little")
    lcb_plc = int.from_bytes(word[_FIB_LCB_BTE_PAPX:_FIB_LCB_BTE_PAPX + 4], "little")
    plc = table[fc_plc:fc_plc + lcb_plc]
    count = (len(plc) - 4) // 8
    if count <= 0 or len(plc) != 4 + 8 * count:
        return None
    runs: list[list[tuple[int, int]]] = [[] for _ in sprms]
    for k in range(count):
        page = int.from_bytes(plc[4 * (count + 1) + 4 * k:4 * (count + 1) + 4 * k + 4], "little") & 0x3FFFFF
        fkp = word[page * 512:page * 512 + 512]
        if len(fkp) < 512:
            return None
        paragraphs = fkp[511]
        for i in range(paragraphs):
            offset = 2 * fkp[4 * (paragraphs + 1) + 13 * i]  # BxPap.bOffset, in words
            for found, sprm in zip(runs, sprms, strict=True):
                if offset and _paragraph_sets(fkp, offset, sprm):
                    found.append((int.from_bytes(fkp[4 * i:4 * i + 4], "little"),
                                  int.from_bytes(fkp[4 * i + 4:4 * i + 8], "little")))
    return [sorted(found) for found in runs]


def _deleted_runs(word: bytes, table: bytes) -> list[tuple[int, int]]:
    """The file-offset runs of text marked deleted (sprmCFRMarkDel) in the character property pages
    (ChpxFkp) the PlcBteChpx lists; none if those cannot be read."""
    fc_plc = int.from_bytes(word[_FIB_FC_BTE_CHPX:_FIB_FC_BTE_CHPX + 4], "little")
    lcb_plc = int.from_bytes(word[_FIB_LCB_BTE_CHPX:_FIB_LCB_BTE_CHPX + 4], "little")
    plc = table[fc_plc:fc_plc + lcb_plc]
    count = (len(plc) - 4) // 8
    if count <= 0 or len(plc) != 4 + 8 * count:
        return []
    runs = []
    for k in range(count):
        page = int.from_bytes(plc[4 * (count + 1) + 4 * k:4 * (count + 1) + 4 * k + 4], "little") & 0x3FFFFF
        fkp = word[page * 512:page * 512 + 512]
        if len(fkp) < 512:
            return []
        spans = fkp[511]
        for i in range(spans):
            offset = 2 * fkp[4 * (spans + 1) + i]  # the Chpx's place, in words; 0: default properties
            if offset and 0 < offset < 511 and _sprm_value(fkp, offset + 1, offset + 1 + fkp[offset], _SPRM_DELETED) == 1:
                runs.append((int.from_bytes(fkp[4 * i:4 * i + 4], "little"),
                             int.from_bytes(fkp[4 * i + 4:4 * i + 8], "little")))
    return sorted(runs)


def _sprm_value(fkp: bytes, start: int, end: int, wanted: int) -> int | None:
    """The one-byte operand of sprm ``wanted`` among the property modifiers in fkp[start:end], if set."""
    at = start
    while at + 2 <= min(end, 511):
        sprm = int.from_bytes(fkp[at:at + 2], "little")
        at += 2
        spra = sprm >> 13
        if sprm == wanted:
            return fkp[at] if at < 511 else None
        if spra == 6:  # an operand of its own length (sprmPChgTabs' is longer only past 255 bytes)
            if at >= 511:
                break
            at += 1 + fkp[at]
        else:
            at += (1, 1, 2, 4, 2, 2, 0, 3)[spra]
    return None


def _paragraph_sets(fkp: bytes, offset: int, sprm: int) -> bool:
    """Whether the PapxInFkp at ``offset`` holds ``sprm`` set to 1."""
    size = fkp[offset]
    start, end = (offset + 2, offset + 2 + 2 * fkp[offset + 1]) if size == 0 else (offset + 1, offset + 2 * size)
    return _sprm_value(fkp, start + 2, end, sprm) == 1  # past the style index


def _in_runs(offset: int, runs: list[tuple[int, int]]) -> bool:
    """Whether a file offset falls in one of the sorted [start, end) runs."""
    k = bisect.bisect_right(runs, (offset, 1 << 62)) - 1
    return k >= 0 and runs[k][0] <= offset < runs[k][1]


def _piece_table(clx: bytes, name: str) -> list[tuple[int, int, int, bool]]:
    """(first cp, end cp, file offset, one byte a character) of each piece of a Clx."""
    at = 0
    while at < len(clx) and clx[at] == 0x01:  # property runs before the piece table: skipped
        at += 3 + int.from_bytes(clx[at + 1:at + 3], "little")
    if at + 5 > len(clx) or clx[at] != 0x02:
        raise ExtractionError(f"{name}: not a readable DOC (no piece table)")
    size = int.from_bytes(clx[at + 1:at + 5], "little")
    plc = clx[at + 5:at + 5 + size]
    count = (len(plc) - 4) // 12
    if count <= 0:
        raise ExtractionError(f"{name}: not a readable DOC (an empty piece table)")
    cps = [int.from_bytes(plc[4 * k:4 * k + 4], "little") for k in range(count + 1)]
    pieces = []
    for k in range(count):
        descriptor = plc[4 * (count + 1) + 8 * k:4 * (count + 1) + 8 * k + 8]
        fc = int.from_bytes(descriptor[2:6], "little")
        pieces.append((cps[k], cps[k + 1], fc & 0x3FFFFFFF, bool(fc & 0x40000000)))
    return pieces


def _word_text(raw: str, rows_marked: bool = False) -> str:
    """Word's text stream as plain text: field instructions dropped, marks turned into line breaks.
    ``rows_marked``: each table row's end mark is already _ROW_END (else it is told by two cell marks)."""
    return _joined_lines(_word_lines(raw, rows_marked))


def _joined_lines(lines: list[str | list[str]]) -> str:
    """``_word_lines`` as text: a table row's cells joined by " | ", a row of empty cells left out."""
    rows = (" | ".join(line).strip() if isinstance(line, list) else line for line in lines)
    return "\n".join(row for row in rows if row)


def _word_lines(raw: str, rows_marked: bool = False) -> list[str | list[str]]:
    """Word's text stream as its lines: a paragraph as its text, a table row as its cells' texts (a cell's
    paragraphs a line each); empty paragraphs left out. See ``_word_text``."""
    while "\x13" in raw:
        shown = _FIELD_INSTRUCTION.sub("", raw)
        if shown == raw:
            raw = raw.replace("\x13", "")
            break
        raw = shown
    if rows_marked:
        raw = raw.replace(_ROW_END, "\n")
    else:
        # Without paragraph properties, a row's end is guessed: a cell ends with 0x07 and so does its row,
        # right after the last cell's. (An empty cell is 0x07 alone, so a row with one ends a line early.)
        raw = raw.replace("\x07\x07", "\x07\n")
    lines: list[str | list[str]] = []
    for line in raw.translate(_WORD_MARKS).split("\n"):
        if "\x07" in line:  # a table row's cells
            cells = (line[:-1] if line.endswith("\x07") else line).split("\x07")  # an empty last cell stays
            lines.append(["\n".join(part for part in map(str.strip, cell.split(_CELL_BREAK)) if part)
                          for cell in cells])
        elif line := "\n".join(part for part in map(str.strip, line.split(_CELL_BREAK)) if part):
            lines.append(line)
    return lines


# A scanned page's picture is a page wide: at 100 dpi an A4 page is 827 pixels by 1,169.
_SCAN_SIDE = 600


def read_pdf(data: bytes, name: str, as_printed: bool = False) -> str:
    """A PDF's text, its printed lines joined into paragraphs again (``as_printed``: each line as printed,
    for lines of fields); a scanned page's, or one whose fonts keep no map to their characters (its text
    garbled), by OCR where this machine has it."""
    try:
        import pypdf
    except ImportError:
        raise ExtractionError(f"{name}: reading PDF needs the 'pypdf' package (pip install pypdf)") from None
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # it warns on every slightly broken file
    garbled: list[int] = []
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        pages = [_pdf_page_text(data, page, number, len(reader.pages), name, garbled)
                 for number, page in enumerate(reader.pages)]
        text = printed_text("\n".join(pages), unwrap=not as_printed)
        if not as_printed:  # a run that began a printed line ("…达到\n2000 人") now stands between Chinese
            text = _run_spacing(text)
    except ExtractionError:
        raise
    except Exception as exc:  # pypdf raises PdfReadError and others on broken files
        raise ExtractionError(f"{name}: not a readable PDF ({exc})") from None
    if garbled and not text.strip():
        from extractors.ocr import ocr_missing

        raise ExtractionError(f"{name}: its text is garbled (its fonts keep no map to their characters); "
                              f"{ocr_missing() or _RENDER_MISSING}")
    return text


def pdf_first_pages(data: bytes, count: int) -> bytes | None:
    """A PDF cut to its first ``count`` pages (as it is when it has no more), for a look at what a long file
    holds; None when none of them has text of its own (a scan, garbled fonts: looking would mean OCR) or
    it cannot be read (reading it says why)."""
    import pypdf

    from extractors.ocr import SCANNED_PAGE_LETTERS

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        pages = reader.pages[:count]
        if not any(letter_count(text := page.extract_text() or "") >= SCANNED_PAGE_LETTERS and not _garbled(text)
                   for page in pages):
            return None
        if len(reader.pages) <= count:
            return data
        writer = pypdf.PdfWriter()
        for page in pages:
            writer.add_page(page)
        buffer = io.BytesIO()
        writer.write(buffer)
    except Exception:  # pypdf raises PdfReadError and others on broken files
        return None
    return buffer.getvalue()


def pdf_tables(data: bytes, name: str, pages: int | None = None, ruled: bool = True) -> list[list[list[str]]]:
    """A PDF's tables as rows of cells (a 周报's table of letters printed from Word or Excel), of its first
    ``pages`` pages or all: a table running over pages is one, its header row repeated atop a page dropped
    and a row broken by the page joined again; a cell's wrapped lines are joined, and a cell merged over
    rows counts for each. Ruled tables (their grid printed) by their lines; else (``ruled=False``) tables
    by their text's columns, a row's wrapped lines (its first cell empty) joined to it. [] for none."""
    try:
        import pdfplumber
    except ImportError:
        raise ExtractionError(f"{name}: reading a PDF's tables needs the 'pdfplumber' package "
                              f"(pip install pdfplumber)") from None
    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # it warns on every slightly broken file
    strategy = {} if ruled else {"vertical_strategy": "text", "horizontal_strategy": "text"}
    tables: list[list[list[str]]] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages[:pages]:
                found = [_ruled_rows(page, table) if ruled else _text_rows(table.extract())
                         for table in page.find_tables(strategy)]
                found = [rows for rows in found if len(rows) > 1 and len(rows[0]) > 1]
                if found and tables and _continues(tables[-1], found[0]):
                    _join_continued(tables[-1], found.pop(0))
                tables.extend(found)
                page.close()  # its parsed objects: a long report is read a page at a time
    except Exception as exc:  # pdfminer raises PDFSyntaxError and others on broken files
        raise ExtractionError(f"{name}: not a readable PDF ({exc})") from None
    return tables


def _ruled_rows(page: Any, table: Any) -> list[list[str]]:
    """A ruled table's rows: each cell's text, a cell merged down over rows (a 所属镇街 for a block of
    letters) given to each row it covers, one merged across columns (a 小计 row) to its first."""
    lefts = [min((row.cells[column][0] for row in table.rows if row.cells[column] is not None), default=0.0)
             for column in range(len(table.rows[0].cells))]
    rows: list[list[str]] = []
    above: dict[int, tuple[float, str]] = {}  # column -> (bottom, text) of the last cell in it
    for row in table.rows:
        top = min(cell[1] for cell in row.cells if cell is not None)
        values = []
        for column, cell in enumerate(row.cells):
            if cell is None:  # covered by a merged cell: from above when one reaches down over this row
                left = next((other for other in reversed(row.cells[:column]) if other is not None), None)
                bottom, text = above.get(column, (0.0, ""))
                from_left = left is not None and left[2] > lefts[column] + 1
                values.append(text if bottom > top + 1 and not from_left else "")
                continue
            text = _cell_lines(page, cell)
            above[column] = (cell[3], text)
            values.append(text)
        if any(values):
            rows.append(values)
    return rows


def _cell_lines(page: Any, box: tuple[float, float, float, float]) -> str:
    """A ruled cell's text, its lines joined: a line the cell's width broke mid-way (a number or a link
    longer than the cell, or after a hyphen) goes on the next with nothing between, as Chinese does; a
    shorter line (wrapped at a space, or a date before its time) with a space between letters or figures."""
    lines = [line for line in page.crop(box).extract_text_lines()
             if line["bottom"] - line["top"] >= 0.5 * line["chars"][-1]["size"]]  # not a sliver of the next row
    text, mid_way = "", True
    for line in lines:
        piece = line["text"].strip()
        words = (text[-1:] + piece[:1]).isascii() and (text[-1:] + piece[:1]).isalnum()
        text += (" " if words and not mid_way else "") + piece
        size = line["chars"][-1]["size"]
        mid_way = piece.endswith(("-", "/", "_", ".", "?", "&", "=")) or (
            " " not in piece and box[2] - line["x1"] < 2 * size)
    return text


def _text_rows(table: list[list[str | None]]) -> list[list[str]]:
    """A table found by its text's columns (no grid): a line each, a row's wrapped lines (its first cell,
    序号 or 编号, empty) joined to the row above, as a ruled cell's are."""
    rows: list[list[str]] = []
    for row in table:
        values = [(cell or "").strip() for cell in row]
        if not any(values):
            continue
        if rows and not values[0]:
            rows[-1] = [_pdf_cell(f"{above}\n{more}") if above and more else above or more
                        for above, more in zip(rows[-1], values, strict=True)]
        else:
            rows.append(values)
    return rows


# A date at a line's end, its time on the next: a cell wrapped at the space between them.
_WRAPPED_DATE = re.compile(r"\d{4}[-/年.]\d{1,2}[-/月.]\d{1,2}日?$")


def _pdf_cell(cell: str | None) -> str:
    """A cell's text, its lines (wrapped by the cell's width) joined: Chinese, a number or a link broken
    mid-way joined as one, English words (a line with a space in it) and a date and its time by a space."""
    lines = [line.strip() for line in (cell or "").split("\n")]
    text = lines[0]
    for before, line in zip(lines, lines[1:], strict=False):
        joint = (text[-1:] + line[:1]).isascii() and (text[-1:] + line[:1]).isalnum()
        text += " " + line if joint and (" " in before or _WRAPPED_DATE.search(before)) else line
    return text.strip()


def _continues(table: list[list[str]], below: list[list[str]]) -> bool:
    """Whether a page's first table goes on the last one of the page before: as many columns."""
    return len(table[0]) == len(below[0]) and len(table) > 1


def _join_continued(table: list[list[str]], below: list[list[str]]) -> None:
    """Add a table's rows on the next page to it: its header printed again on that page left out, and a
    row the page broke (its first cell, 序号 or 编号, empty, fewer cells filled) joined to the row above."""
    if below[0] == table[0]:
        below = below[1:]
    if below and table and not below[0][0] and table[-1][0] and sum(map(bool, below[0])) < sum(map(bool, table[-1])):
        table[-1] = [above + more for above, more in zip(table[-1], below[0], strict=True)]
        below = below[1:]
    table.extend(below)


# pypdf puts a space where a run of Latin letters or figures ends and Chinese goes on: Word and LibreOffice
# set figures in a Western font (Times New Roman) within Chinese, so "村3栋" reads "村3 栋" and "2026年11月"
# "2026 年11 月". Such a run between Chinese on both sides is joined again; a run a space or an ideographic
# space sets apart (工单编号　PA2611160001 来电时间, a form's label and value) is left as it is.
_SPACED_RUN = re.compile(r"(?<=[\u4e00-\u9fff\u3001-\u303f\uff01-\uff5e])([0-9A-Za-z][0-9A-Za-z.%:/-]*) "
                         r"(?=[\u4e00-\u9fff\u3001-\u303f\uff01-\uff5e])")


def _run_spacing(text: str) -> str:
    """A PDF page's text as pypdf gives it, without the space it adds after a Western run (``_SPACED_RUN``)."""
    return _SPACED_RUN.sub(r"\1", text)


# A page's text is garbled when its fonts map no glyph to a character: pypdf gives their names (/g12/g13)
# or the bytes as Latin-1, private-use or replacement characters, and almost no Chinese.
_GLYPH_NAME = re.compile(r"/[A-Za-z][\w.]*")
_CJK_IDEOGRAPH = re.compile("[\u4e00-\u9fff]")
_RENDER_MISSING = "OCR of a drawn page needs pdftoppm (apt-get install poppler-utils)"


def _garbled(text: str) -> bool:
    compact = "".join(text.split())
    if len(compact) < 20:
        return False
    odd = sum(len(found) for found in _GLYPH_NAME.findall(compact)) + sum(
        1 for char in compact if char == "\ufffd" or 0xE000 <= ord(char) <= 0xF8FF or 0x80 <= ord(char) <= 0xFF
        or ord(char) < 0x20)
    return len(_CJK_IDEOGRAPH.findall(compact)) < 0.1 * len(compact) and odd > 0.3 * len(compact)


def _pdf_page_text(data: bytes, page: Any, number: int, count: int, name: str, garbled: list[int]) -> str:
    """A PDF page's text; a scanned page's (a picture, no text) by OCR where this machine has it
    (``extractors.ocr``), its first MAX_OCR_PAGES pages; a garbled page's by OCR of the page as drawn
    (pdftoppm), else nothing (its number added to ``garbled``)."""
    from extractors.ocr import MAX_OCR_PAGES, SCANNED_PAGE_LETTERS, ocr_missing, ocr_picture, page_picture

    text = _run_spacing(page.extract_text() or "")
    if _garbled(text):
        garbled.append(number)
        picture = _drawn_page(data, number, name) if number < MAX_OCR_PAGES and not ocr_missing() else None
        if picture is None:
            return ""
        log.info("%s: OCR of garbled page %d of %d", name, number + 1, count)
    elif letter_count(text) >= SCANNED_PAGE_LETTERS or number >= MAX_OCR_PAGES or ocr_missing():
        return text
    else:
        picture = page_picture(page)
        if picture is None or min(picture.size) < _SCAN_SIDE:  # no picture, or a logo or a seal alone
            return text
        log.info("%s: OCR of scanned page %d of %d", name, number + 1, min(count, MAX_OCR_PAGES))
    return ocr_picture(picture, name)  # its printed lines are joined into paragraphs by read_pdf


def _drawn_page(data: bytes, number: int, name: str) -> Any | None:
    """A PDF page as drawn, at 150 dpi (poppler's pdftoppm), for OCR; None without pdftoppm."""
    import shutil
    import subprocess

    from PIL import Image

    if not shutil.which("pdftoppm"):
        return None
    try:
        drawn = subprocess.run(["pdftoppm", "-f", str(number + 1), "-l", str(number + 1), "-r", "150", "-gray",
                                "-png", "-singlefile", "-"], input=data, capture_output=True, timeout=120)
        return Image.open(io.BytesIO(drawn.stdout)) if drawn.returncode == 0 and drawn.stdout else None
    except Exception as exc:  # the program's failure or timeout, or Pillow's on a broken drawing
        log.warning("%s: page %d cannot be drawn for OCR (%s)", name, number + 1, exc)
        return None


# OFD (GB/T 33190): a ZIP whose OFD.xml names each document's Document.xml, which lists its pages'
# Content.xml. Text stands in TextCode elements of TextObjects placed by their Boundary ("x y w h", in
# millimetres from the page's top left): a line a TextObject (easyofd), or a character each (Suwell's
# and Foxit's OFD printers), so lines are made by position. Namespaces vary by writer: names are matched
# without them.
_OFD_LINE = 0.5  # two pieces of text are on one line when their baselines differ by under half their height


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _ofd_part(archive: Any, path: str) -> Any:
    from xml.etree import ElementTree

    return ElementTree.fromstring(archive.read(path.lstrip("/")))


def _ofd_numbers(value: str | None, count: int) -> list[float]:
    numbers = [float(part) for part in (value or "").split()]
    return numbers if len(numbers) == count else []


def _page_lines(page: Any) -> list[str]:
    """A page's text a line a baseline, left to right; a gap wider than the text's height is a space."""
    pieces: list[tuple[float, float, float, float, str]] = []  # (baseline, left, right, height, text)
    for item in page.iter():
        if _local(item.tag) != "TextObject":
            continue
        box = _ofd_numbers(item.get("Boundary"), 4) or [0.0, 0.0, 0.0, 0.0]
        ctm = _ofd_numbers(item.get("CTM"), 6) or [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
        for code in item:
            if _local(code.tag) != "TextCode" or not (code.text or "").strip():
                continue
            x, y = float(code.get("X") or 0), float(code.get("Y") or 0)
            left = box[0] + ctm[0] * x + ctm[2] * y + ctm[4]
            baseline = box[1] + ctm[1] * x + ctm[3] * y + ctm[5]
            pieces.append((baseline, left, box[0] + box[2], box[3] or 1.0, code.text))
    lines: list[list[tuple[float, float, float, float, str]]] = []
    for piece in sorted(pieces):
        if lines and piece[0] - lines[-1][0][0] < _OFD_LINE * max(piece[3], lines[-1][0][3]):
            lines[-1].append(piece)
        else:
            lines.append([piece])
    text_lines = []
    for line in lines:
        parts: list[str] = []
        right = None
        for _, left, end, height, text in sorted(line, key=lambda piece: piece[1]):
            if right is not None and left - right > height:
                parts.append(" ")
            parts.append(text)
            right = end
        text_lines.append("".join(parts).strip())
    return [line for line in text_lines if line]


def read_ofd(data: bytes, name: str) -> str:
    """The text of an OFD (版式文档: 电子公文 and many portals' downloads), its pages in order, a line of the
    page a line of text. A broken file raises ExtractionError naming it."""
    import posixpath
    import zipfile
    from xml.etree import ElementTree

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        lines: list[str] = []
        for root in _ofd_part(archive, "OFD.xml").iter():
            if _local(root.tag) != "DocRoot" or not (root.text or "").strip():
                continue
            document_path = root.text.strip().lstrip("/")
            folder = posixpath.dirname(document_path)
            document = _ofd_part(archive, document_path)
            media: dict[str, str] | None = None  # read only for a scanned page
            for number, page in enumerate(item for item in document.iter() if _local(item.tag) == "Page"
                                          and item.get("BaseLoc")):
                location = page.get("BaseLoc", "")
                path = location.lstrip("/") if location.startswith("/") else posixpath.join(folder, location)
                content = _ofd_part(archive, posixpath.normpath(path))
                page_lines = _page_lines(content)
                if not page_lines:  # a scanned page (a 电子公文 scanned to OFD): its picture by OCR
                    media = _ofd_media(archive, document, folder) if media is None else media
                    page_lines = _ofd_scanned_page(archive, content, media, number, name)
                lines += page_lines
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, ValueError) as exc:
        raise ExtractionError(f"{name}: not a readable OFD ({exc})") from None
    return printed_text("\n".join(lines))


def _ofd_media(archive: Any, document: Any, folder: str) -> dict[str, str]:
    """Each picture resource's ID: its file's path in the archive, from the document's resource files."""
    import posixpath

    found: dict[str, str] = {}
    for node in document.iter():
        if _local(node.tag) not in ("DocumentRes", "PublicRes") or not (node.text or "").strip():
            continue
        res_path = posixpath.normpath(posixpath.join(folder, node.text.strip()))
        if res_path not in archive.namelist():
            continue
        res = _ofd_part(archive, res_path)
        base = posixpath.join(posixpath.dirname(res_path), res.get("BaseLoc", ""))
        for item in res.iter():
            if _local(item.tag) == "MultiMedia":
                file = next((child.text or "" for child in item if _local(child.tag) == "MediaFile"), "").strip()
                if file:
                    found[item.get("ID", "")] = (file.lstrip("/") if file.startswith("/")
                                                 else posixpath.normpath(posixpath.join(base, file)))
    return found


def _ofd_scanned_page(archive: Any, content: Any, media: dict[str, str], number: int, name: str) -> list[str]:
    """The OCR lines of a text-less OFD page's largest picture; none where there is none or no OCR."""
    from PIL import Image

    from extractors.ocr import MAX_OCR_PAGES, ocr_missing, ocr_picture

    if number >= MAX_OCR_PAGES or ocr_missing():
        return []
    best, area = None, 0
    for item in content.iter():
        path = media.get(item.get("ResourceID", "")) if _local(item.tag) == "ImageObject" else None
        if path is None or path not in archive.namelist():
            continue
        try:
            picture = Image.open(io.BytesIO(archive.read(path)))
            picture.load()
        except Exception:  # a picture Pillow cannot open (JBIG2 in an OFD) is passed over
            continue
        if picture.width * picture.height > area:
            best, area = picture, picture.width * picture.height
    if best is None or min(best.size) < _SCAN_SIDE:
        return []
    log.info("%s: OCR of scanned page %d", name, number + 1)
    return ocr_picture(best, name).split("\n")


# OpenDocument's namespaces (ODT here, ODS in extractors.hotline).
ODF_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
ODF_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
ODF_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
# Not the text a reader sees: a footnote's body (read where it stands it would split the sentence), the
# tracked changes' store of deleted text, a frame's (a picture's caption box), an index's copy of headings.
_ODF_UNSEEN = frozenset({ODF_TEXT + "note", ODF_TEXT + "tracked-changes", ODF_TEXT + "table-of-content",
                         "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}frame"})


def _odf_paragraph(node: Any) -> str:
    """A text:p or text:h as shown: its text, text:s as its count of spaces, tabs and line breaks."""
    parts: list[str] = [node.text or ""]
    for child in node:
        if child.tag not in _ODF_UNSEEN:
            if child.tag == ODF_TEXT + "s":
                parts.append(" " * int(child.get(ODF_TEXT + "c") or 1))
            elif child.tag == ODF_TEXT + "tab":
                parts.append("\t")
            elif child.tag == ODF_TEXT + "line-break":
                parts.append("\n")
            else:
                parts.append(_odf_paragraph(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _odf_lines(parent: Any) -> Iterator[str]:
    """An OpenDocument text's blocks in order: a paragraph or heading a line, a table a line per row."""
    for child in parent:
        if child.tag in _ODF_UNSEEN or not isinstance(child.tag, str):
            continue
        if child.tag in (ODF_TEXT + "p", ODF_TEXT + "h"):
            yield _odf_paragraph(child)
        elif child.tag == ODF_TABLE + "table":
            for row in child.iter(ODF_TABLE + "table-row"):
                if next(row.iterancestors(ODF_TABLE + "table")) is child:  # a nested table reads in its cell
                    yield " | ".join("\n".join(_odf_lines(cell)).strip() for cell in row
                                     if cell.tag == ODF_TABLE + "table-cell")
        else:  # lists, sections, headers of a table: their blocks
            yield from _odf_lines(child)


def _odt_body(data: bytes, name: str) -> Any:
    """An ODT's office:text element; raises ExtractionError naming the file when it cannot be read."""
    import zipfile

    from lxml import etree

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            root = etree.fromstring(archive.read("content.xml"), parser=etree.XMLParser(resolve_entities=False,
                                                                                          huge_tree=True))
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as exc:
        raise ExtractionError(f"{name}: not a readable ODT ({exc})") from None
    body = root.find(f"{ODF_OFFICE}body/{ODF_OFFICE}text")
    if body is None:
        raise ExtractionError(f"{name}: not a readable ODT (no office:text)")
    return body


def read_odt(data: bytes, name: str) -> str:
    """The text of an OpenDocument text (.odt: LibreOffice's and WPS's on domestic systems, 统信UOS and 麒麟),
    as a DOCX's: a paragraph a line, a table's row a line (cells joined by " | "), deleted text and
    footnotes left out."""
    return "\n".join(_odf_lines(_odt_body(data, name)))


def odt_tables(data: bytes, name: str, grid: bool = False) -> tuple[list[list[list[str]]], list[str]]:
    """An ODT's tables and its paragraphs outside them, as ``word_tables`` gives a DOCX's: a cell merged
    across columns once (with ``grid``, followed by an empty cell for each further column), one merged
    down given on each row it spans (a 周报 or 转办单 saved as ODT)."""
    tables: list[list[list[str]]] = []
    paragraphs: list[str] = []

    def walk(parent: Any) -> None:
        for child in parent:
            if child.tag in _ODF_UNSEEN or not isinstance(child.tag, str):
                continue
            if child.tag in (ODF_TEXT + "p", ODF_TEXT + "h"):
                paragraphs.append(_odf_paragraph(child))
            elif child.tag == ODF_TABLE + "table":
                tables.append(_odf_table_rows(child, grid))
            else:  # lists, sections: their blocks
                walk(child)

    walk(_odt_body(data, name))
    return tables, [line for line in paragraphs if line.strip()]


def _odf_table_rows(table: Any, grid: bool = False) -> list[list[str]]:
    """An ODF table's rows of cell texts: a covered cell under one spanning rows given its text, one beside
    a cell spanning columns left out (with ``grid``, empty)."""
    rows: list[list[str]] = []
    spans: dict[int, tuple[int, str]] = {}  # column -> (rows it still covers, text) of a cell spanning rows
    for row in table.iter(ODF_TABLE + "table-row"):
        if next(row.iterancestors(ODF_TABLE + "table")) is not table:
            continue  # a nested table reads in its cell
        cells: list[str] = []
        column = 0
        for cell in row:
            if cell.tag not in (ODF_TABLE + "table-cell", ODF_TABLE + "covered-table-cell"):
                continue
            for _ in range(min(int(cell.get(ODF_TABLE + "number-columns-repeated") or 1), 64)):
                left, text = spans.get(column, (0, ""))
                if cell.tag == ODF_TABLE + "covered-table-cell":
                    if left:
                        cells.append(text)
                        spans[column] = (left - 1, text)
                    elif grid:
                        cells.append("")
                else:
                    text = "\n".join(_odf_lines(cell)).strip()
                    below = int(cell.get(ODF_TABLE + "number-rows-spanned") or 1) - 1
                    spans[column] = (below, text)
                    cells.append(text)
                column += 1
        rows.append(cells)
    return rows


_DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_PRESENTATION = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_PACKAGE_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _drawing_lines(root: Any) -> Iterator[str]:
    """A slide's text in its order: a paragraph (a:p) a line, a table's row a line (cells joined by " | ").
    A field (a:fld: the slide number, the date) is no text of the slide's."""
    def paragraph(node: Any) -> str:
        return "".join("\n" if part.tag == _DRAWING + "br" else part.text or ""
                       for part in node.iter(_DRAWING + "t", _DRAWING + "br")
                       if not any(ancestor.tag == _DRAWING + "fld" for ancestor in part.iterancestors()))

    for node in root.iter(_DRAWING + "p", _DRAWING + "tr"):
        if node.tag == _DRAWING + "tr":
            yield " | ".join("\n".join(paragraph(p) for p in cell.iter(_DRAWING + "p")).strip()
                             for cell in node.iter(_DRAWING + "tc"))
        elif not any(ancestor.tag == _DRAWING + "tbl" for ancestor in node.iterancestors()):
            yield paragraph(node)


def read_pptx(data: bytes, name: str) -> str:
    """The text of a PowerPoint deck (.pptx, and WPS 演示's .dps saved so), slide by slide in the deck's
    order, each slide's speaker notes after it: a 汇报PPT among a meeting's materials."""
    import posixpath
    import zipfile

    from lxml import etree

    def part(archive: zipfile.ZipFile, path: str) -> Any:
        return etree.fromstring(archive.read(path), parser=etree.XMLParser(resolve_entities=False))

    def targets(archive: zipfile.ZipFile, path: str) -> dict[str, tuple[str, str]]:
        """Relationship id -> (type's last word, the target's path) of a part."""
        folder, file = posixpath.split(path)
        rels = posixpath.join(folder, "_rels", file + ".rels")
        if rels not in archive.namelist():
            return {}
        return {rel.get("Id", ""): (rel.get("Type", "").rsplit("/", 1)[-1],
                                    posixpath.normpath(posixpath.join(folder, rel.get("Target", ""))))
                for rel in part(archive, rels).iter(_PACKAGE_RELATIONSHIPS + "Relationship")}

    lines: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            slides = targets(archive, "ppt/presentation.xml")
            order = [node.get(_R_ID, "") for node in part(archive, "ppt/presentation.xml").iter(_PRESENTATION + "sldId")]
            for relationship in order:
                kind, path = slides.get(relationship, ("", ""))
                if kind != "slide" or path not in archive.namelist():
                    continue
                lines += _drawing_lines(part(archive, path))
                for kind, notes in targets(archive, path).values():
                    if kind == "notesSlide" and notes in archive.namelist():
                        # The notes page repeats the slide as a picture; its text is the body placeholder's.
                        for shape in part(archive, notes).iter(_PRESENTATION + "sp"):
                            placeholder = shape.find(f"{_PRESENTATION}nvSpPr/{_PRESENTATION}nvPr/{_PRESENTATION}ph")
                            if placeholder is not None and placeholder.get("type") == "body":
                                lines += _drawing_lines(shape)
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as exc:
        raise ExtractionError(f"{name}: not a readable PPTX ({exc})") from None
    return "\n".join(line for line in lines if line.strip())


# PowerPoint 97-2003 (.ppt, WPS 演示's .dps), [MS-PPT]: records of an 8-byte header (version and instance,
# type, length) in the "PowerPoint Document" stream, containers (version 0xF) holding others. Text is in
# TextCharsAtom (UTF-16) and TextBytesAtom (one byte a character) records; a master's (单击此处编辑母版
# 标题样式) is passed over.
_PPT_TEXT_CHARS, _PPT_TEXT_BYTES = 0x0FA0, 0x0FA8
_PPT_MASTERS = frozenset({0x03F8, 0x0FC9, 0x0F07})  # MainMaster, Handout, RoundTripMainMaster
_PPT_SLIDE_LIST, _PPT_MASTER_LIST = 0x0FF0, 1  # SlideListWithText, its instance listing the masters' text
# OfficeArt in a slide's drawing: a group of shapes (a table is one, a cell a shape), a shape, its anchor
# within the group (left, top, right, bottom) and its text box.
_PPT_GROUP, _PPT_SHAPE, _PPT_CHILD_ANCHOR, _PPT_CLIENT_TEXTBOX = 0xF003, 0xF004, 0xF00F, 0xF00D


def read_ppt(data: bytes, name: str) -> str:
    """The text of a PowerPoint 97-2003 deck (.ppt, and a WPS 演示 .dps in that format), its slides' and
    notes' text in the file's order, a paragraph a line."""
    import struct

    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError) as exc:
        raise ExtractionError(f"{name}: not a readable PPT ({exc})") from None
    with ole:
        if not ole.exists("PowerPoint Document"):
            raise ExtractionError(f"{name}: not a readable PPT (no PowerPoint Document stream)")
        stream = ole.openstream("PowerPoint Document").read()
        if ole.exists("EncryptedSummary"):
            raise ExtractionError(f"{name}: a password-protected PPT; save it without a password")
    texts: list[str] = []

    def text_of(kind: int, body: int, stop: int) -> str:
        return stream[body:stop].decode("utf-16-le" if kind == _PPT_TEXT_CHARS else "latin-1", errors="replace")

    def shape_cell(start: int, end: int) -> tuple[tuple[int, int] | None, str]:
        """((top, left) of a grouped shape's child anchor, or None; its text)."""
        anchor, parts = None, []
        at = start
        while at + 8 <= end:
            version, kind, length = struct.unpack_from("<HHI", stream, at)
            body, stop = at + 8, min(at + 8 + length, end)
            if kind == _PPT_CHILD_ANCHOR and length >= 16:
                left, top = struct.unpack_from("<ii", stream, body)
                anchor = (top, left)
            elif kind == _PPT_CLIENT_TEXTBOX or version & 0xF == 0xF:
                parts.append(shape_cell(body, stop)[1])
            elif kind in (_PPT_TEXT_CHARS, _PPT_TEXT_BYTES):
                parts.append(text_of(kind, body, stop))
            at = stop
        return anchor, "".join(parts)

    def table_rows(start: int, end: int) -> list[str]:
        """A group of shapes laid out as a grid (a table, which PowerPoint 97 keeps as a group of cells):
        its rows, cells joined by " | ", top to bottom; none for any other group."""
        cells = []
        at = start
        while at + 8 <= end:
            version, kind, length = struct.unpack_from("<HHI", stream, at)
            body, stop = at + 8, min(at + 8 + length, end)
            if kind == _PPT_GROUP:
                return []
            if kind == _PPT_SHAPE:
                anchor, text = shape_cell(body, stop)
                if anchor is not None and text.strip():
                    cells.append((*anchor, " ".join(text.replace("\x0b", "\r").split("\r")).strip()))
                elif text.strip():
                    return []
            at = stop
        rows: dict[int, list[tuple[int, str]]] = {}
        for top, left, text in cells:
            rows.setdefault(top, []).append((left, text))
        if len(cells) < 4 or len(rows) < 2 or sum(len(row) >= 2 for row in rows.values()) * 2 < len(rows):
            return []
        return [" | ".join(text for _, text in sorted(row)) for _, row in sorted(rows.items())]

    def walk(start: int, end: int, depth: int, parent: int = 0) -> None:
        at = start
        while at + 8 <= end:
            version, kind, length = struct.unpack_from("<HHI", stream, at)
            body, stop = at + 8, min(at + 8 + length, end)
            if version & 0xF == 0xF:
                skip = kind in _PPT_MASTERS or kind == _PPT_SLIDE_LIST and version >> 4 == _PPT_MASTER_LIST
                rows = table_rows(body, stop) if kind == _PPT_GROUP and parent == _PPT_GROUP else []
                if rows:
                    texts.append("\r".join(rows))
                elif not skip and depth < 32:
                    walk(body, stop, depth + 1, kind)
            elif kind in (_PPT_TEXT_CHARS, _PPT_TEXT_BYTES):
                texts.append(text_of(kind, body, stop))
            at = stop

    walk(0, len(stream), 0)
    lines: list[str] = []
    seen: set[str] = set()
    for text in texts:
        # A placeholder's text stands in the slide list and again in an older save's records: once (a
        # short one, a table's "0" or "—", may be another cell's).
        if text in seen and len(text) >= 10 or text.strip() in ("", "*"):
            continue
        seen.add(text)
        lines += text.replace("\r", "\n").replace("\x0b", "\n").split("\n")
    return "\n".join(line for line in lines if line.strip())


# A fetched file by its first bytes: servers send PDFs as application/octet-stream or even text/html.
_FILE_MAGIC = ((b"%PDF", "PDF"), (b"PK\x03\x04", "ZIP"), (_COMPOUND_FILE, "DOC/XLS/WPS"), (b"\x89PNG", "PNG"),
               (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"), (b"Rar!", "RAR"), (b"7z\xbc\xaf", "7z"),
               (b"{\\rtf", "RTF"), (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"))
# Office files in a ZIP by the folder their parts are in; OFD (the national 版式文档 standard many
# portals publish beside PDF) by its root file. Each entry's name stands uncompressed in its local
# header, so the first bytes of a file are enough.
_ZIP_PARTS = (("xl/", "XLSX"), ("word/", "DOCX"), ("ppt/", "PPTX"), ("OFD.xml", "OFD"))
_ODF_TYPES = ((b"opendocument.spreadsheet", "ODS"), (b"opendocument.text", "ODT"))
_ZIP_SCAN = 1 << 20
# Compound (OLE) files by their main stream's name, as the directory writes it (UTF-16LE): WPS
# saves its own .et spreadsheets and .wps documents in the same container as Excel and Word.
_COMPOUND_STREAMS = (("EncryptedPackage", "ENCRYPTED"), ("WordDocument", "DOC"), ("Workbook", "XLS"),
                     ("Book", "XLS"), ("PowerPoint Document", "PPT"))
# An XLSX, DOCX or PPTX saved with a password is a compound file holding the encrypted package: exports
# carrying callers' numbers often are. Said so, where it had read as a broken XLS or "no Word document".
PASSWORD_PROTECTED = ("password-protected (加密): open it, remove the password (文件 → 信息 → 保护/文档加密) "
                      "and save it again")


# Bytes no text has (C0 controls but tab, newline, form feed and carriage return): in the first 4 KB
# of a page they mean a binary file (an archive, a program, a cut-short download), not HTML.
_CONTROL_BYTES = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x20)) | {0x0B}
_BINARY_SHARE = 0.05


def file_kind(data: bytes) -> str:
    """"PDF", "DOCX", … for a binary file, "binary" for one of no known kind; "" for text (an HTML
    page, a feed; UTF-16 text with its byte-order mark too)."""
    head = data[:16].lstrip(b" \t\r\n")
    kind = next((kind for magic, kind in _FILE_MAGIC if head.startswith(magic)), "")
    if kind == "ZIP":
        return _zip_kind(data)
    if kind == "DOC/XLS/WPS":
        return _compound_kind(data)
    if kind or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return kind
    sample = data[:4096]
    controls = sum(1 for byte in sample if byte in _CONTROL_BYTES)
    return "binary" if sample and controls > _BINARY_SHARE * len(sample) else ""


def _zip_kind(data: bytes) -> str:
    """"XLSX", "DOCX", "PPTX", "OFD", "ODS" or "ODT" by the names of a ZIP's entries, else "ZIP"."""
    head = data[:_ZIP_SCAN]
    for marker, kind in _ODF_TYPES:  # ODF's first entry is its mimetype, stored uncompressed
        if marker in head[:200]:
            return kind
    at = head.find(b"PK\x03\x04")
    while at >= 0 and at + 30 <= len(head):
        length = int.from_bytes(head[at + 26:at + 28], "little")
        name = head[at + 30:at + 30 + length].decode("utf-8", "replace")
        for prefix, kind in _ZIP_PARTS:
            if name.startswith(prefix):
                return kind
        at = head.find(b"PK\x03\x04", at + 30 + length)
    return "ZIP"


def _compound_kind(data: bytes) -> str:
    """"DOC", "XLS" or "PPT" by a compound file's main stream, else "DOC/XLS/WPS" (a file cut short, or
    one of WPS's own)."""
    import olefile

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            streams = {entry[0] for entry in ole.listdir(streams=True, storages=True) if len(entry) == 1}
    except Exception:  # olefile raises OSError and others on a file cut short or broken
        return "DOC/XLS/WPS"
    return next((kind for stream, kind in _COMPOUND_STREAMS if stream in streams), "DOC/XLS/WPS")


def attachment_suffix(name: str) -> str:
    return PurePosixPath(name.split("?", 1)[0]).suffix.lower()


_DOCUMENT_SUFFIXES = {".docx": "DOCX", ".pdf": "PDF", ".doc": "DOC", ".wps": "DOC", ".ofd": "OFD", ".rtf": "RTF", ".odt": "ODT",
                      ".pptx": "PPTX", ".ppt": "PPT", ".dps": "PPT", ".eml": "EML", ".docm": "DOCX", ".dotx": "DOCX",
                      ".dotm": "DOCX", ".dot": "DOC", ".wpt": "DOC", ".pptm": "PPTX", ".ppsx": "PPTX", ".pps": "PPT"}


def document_type(data: bytes, name: str) -> str:
    """"PDF", "DOCX" or "DOC" for a document, by what its bytes are, else by its name where they do not
    tell (a ZIP, a compound file cut short, text); what else the bytes are otherwise ("XLSX", "PNG"; ""
    for text). A portal's 附件.docx that is a workbook is an XLSX, and download.jsp?id=3 a DOC."""
    found = file_kind(data)
    if found in ("", "ZIP", "DOC/XLS/WPS"):
        return _DOCUMENT_SUFFIXES.get(attachment_suffix(name), "DOC" if found == "DOC/XLS/WPS" else found)
    return found


# An archive is unpacked only so far: a meeting's 材料.zip holds tens of files, a zip bomb millions.
_ARCHIVE_MEMBERS, _ARCHIVE_BYTES = 500, 200 << 20


def _member_name(info: Any) -> str:
    """A ZIP member's name. Without ZIP's UTF-8 flag Python reads it as CP437; Windows' 压缩文件夹, WinRAR
    and 360压缩 write it in the system's code page, GBK in China ("֪ͨ.doc" for "通知.doc")."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437", errors="replace")
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return info.filename


def archive_members(data: bytes, name: str) -> Iterator[tuple[str, bytes]]:
    """(path in the archive, bytes) of each file in a ZIP, RAR or 7z archive (a meeting's 材料.zip, a
    portal's 附件.zip, a unit's 材料.rar), in its order, its names read as written (``_member_name``). An
    archive in it (各乡镇材料.zip holding each town's own) is read through, its files under its path
    ("城关镇.zip/汇报.docx"), two levels down at most. Folders, the __MACOSX copies a Mac adds, hidden and
    lock files are passed over; an encrypted member, an archive that cannot be read, or one that would
    unpack to more than 500 files or 200 MB (the archives in it counted in), raises ExtractionError naming
    it."""
    yield from _unpacked(data, name, [_ARCHIVE_MEMBERS, _ARCHIVE_BYTES], 0)


# Archives in archives are read this deep: a county's 材料.zip of the towns' zips of their own folders.
_ARCHIVE_DEPTH = 2


def _unpacked(data: bytes, name: str, budget: list[int], depth: int) -> Iterator[tuple[str, bytes]]:
    """``archive_members`` of one archive, ``budget`` the files and bytes still allowed to be unpacked."""
    kind = file_kind(data)
    members = _zip_members(data, name, budget) if kind == "ZIP" else _libarchive_members(data, name, kind, budget)
    for path, content in members:
        # An archive in it by its bytes, a ZIP by its name too (a broken 附件.xlsx is a ZIP of no known parts).
        if depth < _ARCHIVE_DEPTH and file_kind(content[:_ZIP_SCAN]) in (
                ARCHIVE_KINDS if attachment_suffix(path) in ARCHIVE_SUFFIXES else ("RAR", "7z")):
            for inner, inner_content in _unpacked(content, f"{name}/{path}", budget, depth + 1):
                yield f"{path}/{inner}", inner_content
        else:
            yield path, content


def _passed_over(path: str) -> bool:
    """A Mac's __MACOSX copy, a hidden file or an Office lock file (~$通知.docx): no member of its own."""
    return path.startswith("__MACOSX/") or PurePosixPath(path).name.startswith(("~$", "."))


def _too_large(name: str, files: int, size: int) -> ExtractionError:
    return ExtractionError(f"{name}: an archive of {files} files, {size >> 20} MB unpacked: too large to read "
                           f"(at most {_ARCHIVE_MEMBERS} files, {_ARCHIVE_BYTES >> 20} MB)")


def _zip_members(data: bytes, name: str, budget: list[int]) -> Iterator[tuple[str, bytes]]:
    import zipfile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [info for info in archive.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ExtractionError(f"{name}: not a readable ZIP archive ({exc})") from None
    members = [(info, path) for info, path in ((info, _member_name(info)) for info in members)
               if not _passed_over(path)]
    size = sum(info.file_size for info, _ in members)
    if len(members) > budget[0] or size > budget[1]:  # by the sizes the archive declares, before unpacking
        raise _too_large(name, len(members), size)
    budget[0] -= len(members)
    budget[1] -= size
    with archive:
        for info, path in members:
            if info.flag_bits & 0x1:
                raise ExtractionError(f"{name}: {path} is password-protected; unpack the archive and add its files")
            try:
                content = archive.read(info)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
                raise ExtractionError(f"{name}: {path} cannot be unpacked ({exc})") from None
            yield path, content


def _libarchive_members(data: bytes, name: str, kind: str, budget: list[int]) -> Iterator[tuple[str, bytes]]:
    """The files of a RAR or 7z archive, by libarchive, which Linux has (the libarchive13 package) and
    libarchive-c binds. Its sizes are known only as it unpacks, so the budget is counted as it goes. A RAR
    it cannot unpack (a solid RAR4, WinRAR's 创建固实压缩文件) is read by The Unarchiver where it is installed
    (``_unar_members``)."""
    try:
        import ctypes

        import libarchive
        from libarchive import ffi
    except (ImportError, OSError, AttributeError, TypeError):  # the library is not on this machine
        raise ExtractionError(f"{name}: a {kind} archive needs libarchive (Debian/Ubuntu: apt-get install "
                              "libarchive13); or unpack it and add its files") from None
    entry_path = ffi.libarchive.archive_entry_pathname_utf8
    entry_path.argtypes, entry_path.restype = [ctypes.c_void_p], ctypes.c_char_p
    is_encrypted = ffi.libarchive.archive_entry_is_encrypted
    is_encrypted.argtypes, is_encrypted.restype = [ctypes.c_void_p], ctypes.c_int
    path = ""
    files = size = 0
    given: set[str] = set()  # paths already yielded: a RAR read on by unar does not give them twice
    try:
        with _utf8_names(), libarchive.memory_reader(data) as archive:
            for number, entry in enumerate(archive, 1):
                if not entry.isfile:
                    continue
                raw = entry_path(entry._entry_p)
                path = raw.decode("utf-8", "replace") if raw else ""
                if path and _passed_over(path):
                    continue
                if is_encrypted(entry._entry_p):
                    raise ExtractionError(f"{name}: {path or f'第{number}个文件'} is password-protected; "
                                          "unpack the archive and add its files")
                files += 1
                content = bytearray()
                for block in entry.get_blocks():
                    content += block
                    if files > budget[0] or size + len(content) > budget[1]:
                        raise _too_large(name, files, size + len(content))
                size += len(content)
                if not path:  # a 7z's UTF-16 names have none in the C locale: its place, its kind by its bytes
                    kind_found = file_kind(bytes(content[:_ZIP_SCAN]))
                    path = f"第{number}个文件" + (f".{kind_found.lower()}" if kind_found.isalnum() else "")
                given.add(path)
                yield path, bytes(content)
    except libarchive.ArchiveError as exc:
        reason = str(getattr(exc, "msg", None) or exc).split(" (errno=")[0]
        if "ncrypt" in reason or "assphrase" in reason:
            raise ExtractionError(f"{name}: password-protected; unpack the archive and add its files") from None
        if kind != "RAR" or shutil.which("unar") is None:
            raise ExtractionError(f"{name}: {path + ' ' if path else ''}cannot be unpacked as {kind} ({reason}); "
                                  "unpack it with WinRAR or 7-Zip and add its files") from None
    else:
        return
    finally:
        budget[0] -= files
        budget[1] -= size
    yield from _unar_members(data, name, budget, reason, given)


# The Unarchiver's commands (Debian's unar package) are given this long for one archive.
_UNAR_SECONDS = 300


def _unar_members(
    data: bytes, name: str, budget: list[int], reason: str, given: set[str]
) -> Iterator[tuple[str, bytes]]:
    """The files of a RAR that libarchive could not unpack (``reason``) but those ``given`` already, by The
    Unarchiver's ``lsar`` and ``unar``: its own free RAR code reads solid RAR4 archives (libarchive reads
    only their first file), and says which files are encrypted."""
    import subprocess
    import tempfile

    # Names are written in UTF-8 whatever the caller's locale (a nightly job under LC_ALL=C).
    environment = {**os.environ, "LC_ALL": "C.UTF-8"}
    with tempfile.TemporaryDirectory(prefix="xuanti-unar-") as folder:
        archive = Path(folder) / "archive.rar"
        archive.write_bytes(data)
        try:
            listing = subprocess.run(["lsar", "-j", str(archive)], capture_output=True, stdin=subprocess.DEVNULL,
                                     env=environment, timeout=_UNAR_SECONDS, check=False)
            entries = json.loads(listing.stdout.decode("utf-8", "replace"))["lsarContents"]
        except (OSError, subprocess.TimeoutExpired, ValueError, KeyError, TypeError):
            entries = None
        if not entries:
            raise ExtractionError(f"{name}: cannot be unpacked as RAR ({reason}); unpack it with WinRAR or 7-Zip "
                                  "and add its files")
        files = [entry for entry in entries if not entry.get("XADIsDirectory") and not entry.get("XADIsLink")
                 and not _passed_over(str(entry.get("XADFileName") or "")) and entry.get("XADFileName") not in given]
        for entry in files:
            if entry.get("XADIsEncrypted"):
                raise ExtractionError(f"{name}: {entry.get('XADFileName')} is password-protected; unpack the "
                                      "archive and add its files")
        size = sum(int(entry.get("XADFileSize") or 0) for entry in files)
        if len(files) > budget[0] or size > budget[1]:  # by the sizes the archive declares, before unpacking
            raise _too_large(name, len(files), size)
        budget[0] -= len(files)
        budget[1] -= size
        unpacked = Path(folder) / "files"
        try:
            run = subprocess.run(["unar", "-D", "-f", "-o", str(unpacked), str(archive)], capture_output=True,
                                 stdin=subprocess.DEVNULL, env=environment, timeout=_UNAR_SECONDS, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ExtractionError(f"{name}: cannot be unpacked as RAR ({exc})") from None
        # unar reports a file it could not unpack as "  vols/报告.doc  (205000 B, corrupted)... Failed! (why)"
        # and may leave part of it written; the files before it are given, as libarchive gives them.
        report = [line.strip() for line in run.stdout.decode("utf-8", "replace").splitlines()]
        for entry in files:
            path = str(entry["XADFileName"])
            target = unpacked / path
            failed = next((line for line in report if line.startswith(f"{path}  (") and "Failed!" in line), "")
            # A name leading outside the folder (../) is never followed.
            if failed or not target.is_file() or not target.resolve().is_relative_to(unpacked.resolve()):
                why = failed.rpartition("Failed!")[2].strip(" ()") or (report[-1] if report else reason)
                raise ExtractionError(f"{name}: {path} cannot be unpacked as RAR ({why}); unpack it with WinRAR or "
                                      "7-Zip and add its files")
            yield path, target.read_bytes()


@contextmanager
def _utf8_names() -> Iterator[None]:
    """libarchive gives a 7z's or RAR's Unicode member names in the locale's charset: under LC_ALL=C (a
    cron job, a container) that is ASCII, and every Chinese name would be lost. This thread reads in
    C.UTF-8 meanwhile (uselocale: the process's locale is left alone)."""
    import ctypes
    import locale
    import sys

    if sys.platform != "linux" or locale.nl_langinfo(locale.CODESET).upper().replace("-", "") == "UTF8":
        yield
        return
    try:
        libc = ctypes.CDLL(None)
        libc.newlocale.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p]
        libc.newlocale.restype = ctypes.c_void_p
        libc.uselocale.argtypes, libc.uselocale.restype = [ctypes.c_void_p], ctypes.c_void_p
        libc.freelocale.argtypes, libc.freelocale.restype = [ctypes.c_void_p], None
        utf8 = libc.newlocale(1 << locale.LC_CTYPE, b"C.UTF-8", None)  # LC_CTYPE_MASK, glibc's
    except (OSError, AttributeError):
        utf8 = None
    if not utf8:
        yield
        return
    previous = libc.uselocale(utf8)
    try:
        yield
    finally:
        libc.uselocale(previous)
        libc.freelocale(utf8)


# What a mail client puts before a forwarded or answered subject.
_MAIL_PREFIX = re.compile(r"^(?:\s*(?:re|fw|fwd|回复|答复|转发)\s*[:：]\s*)+", re.I)


# A forwarded mail is read this deep: one forwarded, and one it forwards in turn.
_MAIL_DEPTH = 2


def read_eml(data: bytes, name: str) -> tuple[str, datetime | None]:
    """An e-mail saved as .eml (a unit's 信息 sent to the office's 政务邮箱, kept from Foxmail or webmail):
    its subject (less 转发：, Re:) as the first line, its body (the plain part, else the HTML's text), then
    each attached document's text under 附件：its name, and a mail forwarded as an attachment read so under
    转发的邮件; and the time it was sent."""
    import email
    from email import policy

    message = email.message_from_bytes(data, policy=policy.default)
    if not any(message.get(header) for header in ("From", "Subject", "Date", "Message-ID")):
        raise ExtractionError(f"{name}: not a readable e-mail (no From, Subject or Date)")
    return _mail_text(message, name, 0)


def _mail_text(message: Any, name: str, depth: int) -> tuple[str, datetime | None]:
    from email.utils import parsedate_to_datetime

    from extractors.text import to_naive_local

    lines = [_MAIL_PREFIX.sub("", str(message.get("Subject") or "")).strip()]
    body = message.get_body(preferencelist=("plain", "html"))
    if body is not None:
        try:
            content = str(body.get_content())
        except (LookupError, ValueError):  # an unknown or wrong charset: its bytes as GB18030 read them
            content = (body.get_payload(decode=True) or b"").decode("gb18030", errors="replace")
        lines.append(_html_document_text(content, name) if body.get_content_type() == "text/html" else content)
    for part in message.iter_attachments():
        filename = part.get_filename() or ""
        if part.get_content_type() == "message/rfc822":
            # A mail forwarded as an attachment (Foxmail's, Outlook's 作为附件转发): the unit's own 信息,
            # and one it forwards in turn.
            inner = part.get_payload()
            inner = inner[0] if isinstance(inner, list) and inner else inner
            if depth < _MAIL_DEPTH and hasattr(inner, "iter_attachments"):
                try:
                    lines.append("转发的邮件：" + _mail_text(inner, f"{name}/{filename or '转发的邮件.eml'}", depth + 1)[0])
                except ExtractionError as exc:
                    log.warning("%s: %s", name, exc)
            continue
        payload = part.get_payload(decode=True) or b""
        if not isinstance(payload, bytes) or document_type(payload, filename) not in (*DOCUMENT_READERS, *ARCHIVE_KINDS):
            continue  # a picture, a signature, a workbook
        try:
            lines.append(f"附件：{filename}\n{attachment_text(payload, filename)}")
        except ExtractionError as exc:
            log.warning("%s: %s", name, exc)
    try:
        sent = to_naive_local(parsedate_to_datetime(str(message.get("Date") or "")))
    except (TypeError, ValueError):
        sent = None
    return "\n".join(line for line in lines if line.strip()), sent


# The reader of each kind of document ``document_type`` tells: (bytes, name) -> text.
DOCUMENT_READERS: dict[str, Callable[[bytes, str], str]] = {
    "PDF": read_pdf, "DOCX": lambda data, name: read_docx(data, name)[0], "DOC": read_doc, "OFD": read_ofd,
    "RTF": read_rtf, "ODT": read_odt, "PPTX": read_pptx, "PPT": read_ppt,
    "EML": lambda data, name: read_eml(data, name)[0]}


def attachment_text(data: bytes, name: str) -> str:
    """Text of one attachment by what it is (``document_type``); ExtractionError for formats that cannot
    be read."""
    kind = document_type(data, name)
    if reader := DOCUMENT_READERS.get(kind):
        return reader(data, name)
    if kind == "ENCRYPTED":
        raise ExtractionError(f"{name}: {PASSWORD_PROTECTED}")
    if kind in ARCHIVE_KINDS:  # a portal's 附件.zip or .rar: each document in it under its name
        parts = []
        for path, content in archive_members(data, name):
            if attachment_suffix(path) not in READABLE_SUFFIXES and document_type(content, path) not in DOCUMENT_READERS:
                continue
            try:
                parts.append(f"{PurePosixPath(path).name}\n{attachment_text(content, path)}")
            except ExtractionError as exc:
                log.warning("%s: %s", name, exc)
        if not parts:
            raise ExtractionError(f"{name}: no readable document in the archive (readable: "
                                  f"{', '.join(READABLE_SUFFIXES)})")
        return "\n\n".join(parts)
    suffix = attachment_suffix(name)
    if suffix == ".txt" and not kind:
        return read_text_file(data)
    raise ExtractionError(f"{name}: {kind or suffix or 'this'} attachments cannot be read "
                          f"(readable: {', '.join(READABLE_SUFFIXES)})")
