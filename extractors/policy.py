"""Policy portal pages (www.gov.cn/zhengce style) -> Document of kind "policy".

The metadata table (索引号, 主题分类, 发文机关, 成文日期, 标题, 发文字号, 发布日期) and TRS CMS meta
tags (ArticleTitle, PubDate, ContentSource, ColumnName) go into ``metadata`` under the names the page
uses, so editors see the same labels as on the portal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import time
from urllib.parse import parse_qs, unquote, urldefrag, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from extractors import ExtractionError
from extractors.charset import decode_html
from extractors.page import (
    _generic_body,
    _parse_html,
    _Selection,
    _title,
    document_tree,
    host_allowed,
    join_pages,
    later_page_trees,
    refuse_files,
)
from extractors.page import _meta as page_meta
from extractors.sites import has_selectors
from extractors.text import clean_line, clean_text, element_text, normalize_document, parse_date, simplify
from xuanti.records import Document
from xuanti.settings import Selectors

POLICY_FIELDS: tuple[str, ...] = ("索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期")
# Older and newer gov.cn templates, provincial portals: same facts, slightly different labels.
_LABEL_ALIASES = {"主题词": "主题词", "主题分类": "主题分类", "分类": "主题分类", "发布机构": "发文机关",
                  "发文单位": "发文机关", "文号": "发文字号", "成文时间": "成文日期", "发布时间": "发布日期",
                  "名称": "标题", "生效日期": "生效日期", "有效性": "有效性"}
TRS_META: tuple[str, ...] = ("ArticleTitle", "PubDate", "ContentSource", "ColumnName")
_CONTENT_IDS = ("//*[@id='UCAP-CONTENT']", "//*[contains(@class,'pages_content')]",
                "//*[contains(@class,'TRS_Editor')]", "//*[contains(@class,'TRS_UEDITOR')]",
                "//*[@id='zoom']", "//*[contains(@class,'article-content')]")


def _label(text: str) -> str | None:
    """A table label like '索 引 号：' or '标　　题:' normalised to its field name, else None."""
    compact = re.sub(r"[\s\u3000\u00a0]+", "", text)
    if not compact.endswith(("：", ":")):
        return None
    name = compact.rstrip("：:")
    if name in POLICY_FIELDS:
        return name
    return _LABEL_ALIASES.get(name)


def _table_fields(root: lxml_html.HtmlElement) -> dict[str, str]:
    """Label cell followed by value cell, in tables and in the newer div/span layouts alike."""
    fields: dict[str, str] = {}
    for cell in root.xpath("//td|//th|//span|//li|//div[not(*)]|//b|//strong|//label"):
        text = clean_line(cell.text_content())
        if not text or len(text) > 80:
            continue
        # "发布日期：2018年12月24日" in one cell
        inline = re.match(r"^([^：:]{2,8}[：:])\s*(.+)$", text)
        if inline and _label(inline.group(1)) and cell.tag in ("td", "th", "span", "li", "div"):
            name = _label(inline.group(1))
            if name and name not in fields:
                fields[name] = clean_line(inline.group(2))
            continue
        name = _label(text)
        if not name or name in fields:
            continue
        holder = cell if cell.tag in ("td", "th", "span", "li", "div", "label") else cell.getparent()
        sibling = holder.getnext() if holder is not None else None
        while sibling is not None and not isinstance(sibling.tag, str):
            sibling = sibling.getnext()
        if sibling is not None:
            fields[name] = clean_line(sibling.text_content())
    return fields


def _trs_meta(root: lxml_html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        name = (meta.get("name") or "").strip()
        if name in TRS_META and name not in found:
            found[name] = clean_line(meta.get("content") or "")
    return found


def extract_policy(data: bytes, url: str, source: str, declared_charset: str | None = None,
                   selectors: Selectors | None = None, continued: Sequence[tuple[bytes, str]] = ()) -> Document:
    """A policy document page to a Document with the portal's metadata table in ``metadata``.

    ``selectors`` (configs/sites.toml) pick body and date where the portal's template needs them; the
    metadata table, when present, wins for the title. ``continued``: a paged document's later pages as
    (bytes, declared charset), in order; their text follows the first page's.
    """
    refuse_files(data, url)
    text = decode_html(data, declared_charset)
    root = _parse_html(text, url)
    selection = _Selection(text) if selectors and has_selectors(selectors) else None
    metadata: dict[str, str] = {}
    metadata.update(_trs_meta(root))
    metadata.update(_table_fields(root))
    picked_title = clean_line(selection.text(selectors.title)) if selection and selectors else ""
    title = (metadata.get("标题") or metadata.get("ArticleTitle") or picked_title
             or _title(root, page_meta(root))[0])
    published = (
        parse_date(metadata.get("发布日期", ""))
        or parse_date(metadata.get("PubDate", ""))
        or parse_date(metadata.get("成文日期", ""))
    )
    # The table's 发布日期 gives the day; a Hanweb or TRS page's PubDate tag often the hour too.
    stamped = parse_date(metadata.get("PubDate", ""))
    if published and stamped and stamped.date() == published.date() and published.time() == time.min:
        published = stamped
    if selection is not None and selectors is not None:
        published = published or selection.date(selectors.date)
    body = _policy_body(root, selection, selectors, title)
    if not title and not body:
        raise ExtractionError(f"{url}: no policy title, metadata or text found")
    if continued:
        later = [_policy_body(more_root, _Selection(more_text) if selection is not None else None, selectors, title)
                 for more_text, more_root in later_page_trees(continued)]
        body = join_pages(body, later)
    return normalize_document(Document.from_url(source, url, kind="policy", title=title, text=body,
                                                published=published, category=metadata.get("主题分类", ""),
                                                metadata=metadata))


def _policy_body(root: lxml_html.HtmlElement, selection: _Selection | None, selectors: Selectors | None,
                 title: str) -> str:
    """The document's text on one page: the body selector, else the portals' content blocks, else the
    generic guess."""
    body = selection.text(selectors.body) if selection is not None and selectors is not None else ""
    for xpath in _CONTENT_IDS if not body else ():
        nodes = root.xpath(xpath)
        if nodes:
            return element_text(nodes[0]) or _generic_body(root, title)
    return body or _generic_body(root, title)


_ATTACHMENT_HREF = re.compile(r"\.(?:pdf|docx?|wps|ofd|rtf|odt|pptx?|dps|txt|zip|rar|7z)(?:$|[?#])", re.I)
# An OFD is most often the same document as a PDF beside it ("PDF版 | OFD版"), and an archive the page's
# other attachments packed together ("打包下载"): each is read where the page offers no other form.
_OFD_HREF = re.compile(r"\.(?:ofd|zip|rar|7z)(?:$|[?#])", re.I)


def _embedded_file(element: lxml_html.HtmlElement) -> str:
    """The file a page shows inline: an <iframe>'s or <embed>'s src, an <object>'s data, or the file a
    PDF viewer is given (/pdfjs/web/viewer.html?file=/uploads/通知.pdf)."""
    source = (element.get("src") or element.get("data") or "").strip()
    shown = parse_qs(urlsplit(source).query).get("file", [""])[0]
    return shown if _ATTACHMENT_HREF.search(shown) else source


def _page_tree(html: str) -> lxml_html.HtmlElement | None:
    """A policy page's tree; None for an empty page or one lxml cannot parse."""
    if not html.strip():
        return None
    try:
        return document_tree(html)
    except (etree.ParserError, ValueError):
        return None


def find_attachments(html: str, base_url: str, domains: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(absolute URL, name) of every PDF/DOCX/DOC/OFD/RTF/TXT/ZIP/RAR/7z link on a policy page, and every
    such file the page shows inline (a 公文 published as a PDF in a viewer), within ``domains``, in page
    order (an OFD or an archive only where the page offers no other form)."""
    root = _page_tree(html)
    if root is None:
        return []
    found: dict[str, str] = {}
    for element in root.iter("a", "iframe", "embed", "object"):
        href = _embedded_file(element) if element.tag != "a" else (element.get("href") or "").strip()
        if not href or not _ATTACHMENT_HREF.search(href):
            continue
        url = urldefrag(urljoin(base_url, href))[0]
        if urlsplit(url).scheme not in ("http", "https") or not host_allowed(url, domains):
            continue
        text = element.text_content() if element.tag == "a" else element.get("title") or ""
        name = clean_line(text) or unquote(urlsplit(url).path.rsplit("/", 1)[-1])
        found.setdefault(url, name)
    if any(not _OFD_HREF.search(url) for url in found):
        return [(url, name) for url, name in found.items() if not _OFD_HREF.search(url)]
    return list(found.items())


# A 公文 a portal shows as the pictures of its scanned pages (the sealed copy, a page a picture): <img> in
# the document's block of a page with almost no text there. Logos, QR codes, share and print buttons aside.
_PICTURE_SRC = re.compile(r"\.(?:jpe?g|png)(?:$|[?#])", re.I)
_NOT_A_PAGE = re.compile(r"logo|icon|qrcode|qr_|ewm|erweima|share|banner|weixin|weibo|wechat|print|close|arrow|"
                         r"button|btn|bg_|background|spacer|blank", re.I)
_SCAN_BLOCKS = (*_CONTENT_IDS, "//*[contains(@class,'content') or contains(@id,'content')]")
SCAN_PAGE_LETTERS = 80  # a document's block with fewer letters than this around its pictures is their caption
MAX_SCANNED_PAGES = 10
_SMALL_PICTURE = 300  # pixels: a picture the page sets smaller than this is no page


def scanned_pages(html: str, base_url: str, domains: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(absolute URL, "第N页") of each picture a policy page shows its document as, in order, within
    ``domains``; none when the document's block holds text (SCAN_PAGE_LETTERS letters or more)."""
    from extractors.text import letter_count

    root = _page_tree(html)
    if root is None:
        return []
    block = next((nodes[0] for xpath in _SCAN_BLOCKS if (nodes := root.xpath(xpath))), None)
    if block is None or letter_count(element_text(block)) >= SCAN_PAGE_LETTERS:
        return []
    found: dict[str, None] = {}
    for image in block.iter("img"):
        source = (image.get("data-original") or image.get("data-src") or image.get("src") or "").strip()
        sizes = [int(value) for value in (image.get("width", ""), image.get("height", "")) if value.isdigit()]
        if not _PICTURE_SRC.search(source) or _NOT_A_PAGE.search(source) or any(size < _SMALL_PICTURE for size in sizes):
            continue
        url = urldefrag(urljoin(base_url, source))[0]
        if urlsplit(url).scheme in ("http", "https") and host_allowed(url, domains):
            found.setdefault(url, None)
    return [(url, f"第{number}页") for number, url in enumerate(list(found)[:MAX_SCANNED_PAGES], 1)]


def append_attachments(doc: Document, attachments: list[tuple[str, str]]) -> Document:
    """Append each attachment's text under a 附件 heading; names go to ``metadata["attachments"]``."""
    if not attachments:
        return doc
    parts = [doc.text] if doc.text else []
    for number, (name, text) in enumerate(attachments, 1):
        heading = f"附件{number}：{name}" if len(attachments) > 1 else f"附件：{name}"
        parts.append(heading + "\n" + clean_text(text))
    doc.text = simplify("\n\n".join(parts))
    doc.metadata["attachments"] = [name for name, _text in attachments]
    return doc
