"""RSS 0.9x/1.0/2.0, Atom (feedparser) and JSON Feed -> Documents, one per entry."""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime
from typing import Any

import feedparser

from extractors import ExtractionError
from extractors.charset import byte_order_mark, normalize_charset
from extractors.text import (
    ANTI_BOT_CHECK,
    CHINA_CST,
    anti_bot_check,
    clean_line,
    drop_boilerplate_lines,
    html_to_text,
    normalize_document,
    parse_date,
    parse_system_time,
    utc_struct_to_local,
)
from xuanti.records import Document, DocumentKind

log = logging.getLogger(__name__)


def _is_json_feed(data: bytes) -> dict[str, Any] | None:
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{"):
        return None
    try:
        parsed = json.loads(head.decode("utf-8", errors="replace"))
    except json.JSONDecodeError:
        return None
    if isinstance(parsed, dict) and "jsonfeed" in str(parsed.get("version", "")):
        return parsed
    return None


# The first element of an RSS 2.0, Atom or RSS 1.0 (RDF) document, after the prolog and comments.
_FEED_ROOT = re.compile(r"<(?:[\w-]+:)?(?:rss|feed|RDF)\b")
_XML_PROLOG = re.compile(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", re.S | re.I)


def looks_like_feed(data: bytes) -> bool:
    """An RSS, Atom or RDF document or a JSON Feed, by its first element: what ``parse_feed`` reads."""
    if _is_json_feed(data):
        return True
    head = data[:4096]
    marked = byte_order_mark(head)
    text = head[marked[1]:].decode(marked[0], "ignore") if marked else head.decode("utf-8", "ignore")
    return bool(_FEED_ROOT.match(_XML_PROLOG.sub("", text).lstrip()))


# A newspaper's feed prefixes each headline with its page ("05版 - ", "07版国际新闻 - ", "第3版："): a
# label of the print layout, not part of the headline an editor would keep. It goes to metadata.
_PAGE_LABEL = re.compile(r"^\s*(第?\s*\d{1,3}\s*版[\u4e00-\u9fff·（）]{0,16})\s*[-－—–:：|｜]\s*(?=\S)")


# Items of a newspaper's feed that are page furniture, not articles: the page's editor credits
# (本版责编：…, 一版责编：… 二版责编：…), an advertisement, the page guide: 57 of 人民日报's 514 items. With
# only a copyright line for text, its credits made one 56-document topic. Checked on the headline as
# ``feed_headline`` leaves it (without its page label).
_PAGE_FURNITURE = re.compile(r"^(?:(?:第?[\d一二三四五六七八九十]+版|本版)?\s*(?:责编|责任编辑|版式设计)\s*[:：\s]|(?:广告|导读|本版导读|目录)$)")


def is_page_furniture(title: str) -> bool:
    """Whether a feed item's title marks page credits, an advertisement or a page guide."""
    return bool(_PAGE_FURNITURE.match(title.strip()))


def headline(title: str, metadata: dict[str, Any]) -> str:
    """``title`` without a leading newspaper page label, which is kept as ``metadata["page"]``."""
    match = _PAGE_LABEL.match(title)
    if not match:
        return title
    metadata["page"] = re.sub(r"\s+", "", match.group(1))
    return title[match.end():]


# Labels that stand for a headline in newspapers' feeds: 人民日报's has about twenty "图片报道" a week,
# each a different photo story, and a topic titled 图片报道 tells an editor nothing.
_LABEL_HEADLINES = frozenset({"图片报道", "图片新闻", "组图", "图说", "图文", "视频", "新闻图片"})
_DATE_LINE = re.compile(r"^\s*\d{4}年\d{1,2}月\d{1,2}日(?:\s*星期[一二三四五六日天])?\s*(?:\n|$)")
_FIRST_SENTENCE = re.compile(r"[^。！？!?\n]{4,}")
_DATE_CLAUSE = re.compile(r"^(?:(?:\d{4}年)?\d{1,2}月)?\d{1,2}日[，,]")
_CLAUSE_AFTER = re.compile(r"(?<=.{10})[，,；;]")


# A news headline's column tag at its end: 人民日报 and 光明日报 write "县域更友好 青年更有为（有所思）",
# "让劳动者放心打拼（中国道路中国梦·青春为中国式现代化挺膺担当㉞）". The tag is kept as metadata; its
# words are no part of the story (they became topic keywords: 有所思, 微观, 守望). A policy title's
# qualifier is never a tag: （试行）, （2020-2022年）, （第三批）, （2017年版）, （征求意见稿）.
_COLUMN_TAG = re.compile(r"\s*（([^（）]{2,60})）\s*$")
_QUALIFIER = re.compile(r"试行|暂行|修订|修正|草案|征求意见|全文|摘要|节选|[版批]$|^[\d\s\-－—~～年度至]+$|^[上中下续]$|之[一二三四五六七八九十]")


def without_column_tag(title: str, metadata: dict[str, Any]) -> str:
    """A news headline without the column tag at its end, which is kept as ``metadata["column"]``."""
    match = _COLUMN_TAG.search(title)
    if not match or match.start() < 4 or _QUALIFIER.search(match.group(1)):
        return title
    metadata["column"] = match.group(1)
    return title[: match.start()]


def feed_headline(title: str, text: str, metadata: dict[str, Any], kind: str) -> str:
    """An entry's headline as an editor would keep it: no print page label (``headline``), no column
    tag of a news story (``without_column_tag``), a caption's words for a label (``labelled_headline``)."""
    title = headline(title, metadata)
    if kind == "news":
        title = without_column_tag(title, metadata)
    return labelled_headline(title, text, metadata)


def without_date_line(text: str) -> str:
    """``text`` without a first line that is only the issue's date (2026年02月01日 星期日)."""
    return _DATE_LINE.sub("", text, count=1)


def labelled_headline(title: str, text: str, metadata: dict[str, Any]) -> str:
    """The headline of an item titled only by a label (图片报道): its text's first sentence without a
    leading date, up to the first comma after ten characters and at most 40 characters; the label is
    kept as ``metadata["label"]``."""
    if title not in _LABEL_HEADLINES:
        return title
    sentence = _FIRST_SENTENCE.search(text)
    if not sentence:
        return title
    metadata["label"] = title
    words = _DATE_CLAUSE.sub("", sentence.group().strip())
    return _CLAUSE_AFTER.split(words, maxsplit=1)[0][:40]


def _json_feed(feed: dict[str, Any], url: str, source: str, kind: DocumentKind) -> list[Document]:
    docs = []
    for item in feed.get("items") or []:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url") or ""
        html = item.get("content_html") or ""
        text = html_to_text(html) if html else (item.get("content_text") or "").strip()
        if not text:
            text = html_to_text(item.get("summary") or "")
        text = without_date_line(drop_boilerplate_lines(text))
        title = clean_line(item.get("title") or "") or text[:30]
        if not (title or text):
            continue
        published = parse_date(item.get("date_published") or item.get("date_modified") or "")
        key = link or str(item.get("id") or "") or title
        authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        metadata: dict[str, Any] = {"feed": url}
        names = [a.get("name", "") for a in authors if isinstance(a, dict) and a.get("name")]
        if names:
            metadata["author"] = "、".join(names)
        if item.get("id"):
            metadata["guid"] = str(item["id"])
        title = feed_headline(title, text, metadata, kind)
        if is_page_furniture(title):
            log.info("%s: skipped item %r: page credits or furniture, not an article", url, title)
            continue
        docs.append(Document.from_url(source, key, kind=kind, title=title, text=text, published=published,
                                      metadata=metadata))
        docs[-1].url = link
    return docs


def _entry_text(entry: Any) -> str:
    """The longest of the entry's content blocks and summary, as plain text."""
    candidates = [block.get("value", "") for block in entry.get("content") or []]
    candidates.append(entry.get("summary", ""))
    texts = [html_to_text(value) for value in candidates if value]
    return max(texts, key=len, default="")


_XML_ENCODING = re.compile(rb"""^(\s*<\?xml[^>]*?encoding\s*=\s*["'])([A-Za-z0-9._:-]+)(["'])""")


def utf8_feed(data: bytes) -> bytes:
    """A feed's bytes as UTF-8 with a declaration that says so.

    feedparser trusts the XML declaration and, without one, UTF-8 then windows-1252: a county site's
    GBK feed with no declaration, or one declaring UTF-8, came out as mojibake ("éF»ùÍ¬Ö¾"). Bytes that
    are valid UTF-8 are UTF-8 whatever they declare; others are read by their declared codec if it is
    not UTF-8, else as GB18030 (GBK and GB2312 alike).
    """
    marked = byte_order_mark(data)
    declared = _XML_ENCODING.match(data[marked[1]:] if marked else data)
    if marked is not None:
        text = data[marked[1]:].decode(marked[0], errors="replace")
    else:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            codec = normalize_charset(declared[2].decode("ascii")) if declared else None
            text = data.decode(codec if codec not in (None, "utf-8") else "gb18030", errors="replace")
        else:
            if declared is None or normalize_charset(declared[2].decode("ascii")) == "utf-8":
                return data
            text = data.decode("utf-8")
    encoded = text.encode("utf-8")
    return _XML_ENCODING.sub(rb"\1utf-8\3", encoded, count=1)


# A time zone at the end of a feed's date: "+0800", "+08:00", "GMT", "Z", "EST"...
_ZONE = re.compile(r"(?:[+-]\d{2}:?\d{2}|\b(?:GMT|UTC?|[ECMP][SD]T)|\dZ)\s*$", re.I)


def entry_date(entry: Any) -> datetime | None:
    """An entry's date as naive Beijing time.

    feedparser reads a date without a zone as UTC (a county site's "2026-11-03 09:05:00" is 09:05 in
    Beijing, not 17:05), CST as US Central, and misreads Chinese forms ("2026年11月04日" and "2026/11/3"
    became 1 December). So its reading is used only for a date that names another zone; the rest are
    read as local time by ``parse_date``, as RFC 822 or Java dates, or by feedparser's fields.
    """
    for key in ("published", "updated", "created"):
        raw = str(entry.get(key) or "").strip()
        struct = entry.get(f"{key}_parsed")
        if not raw and not struct:
            continue
        zone = _ZONE.search(raw)
        if struct and zone and not CHINA_CST.search(raw):
            return utc_struct_to_local(struct)
        published = parse_date(raw) or parse_system_time(raw)
        if published is None and struct and not zone:
            try:
                published = datetime(*struct[:6])
            except (TypeError, ValueError):
                published = None
        if published is not None:
            return published
    return None


def parse_feed(data: bytes, url: str, source: str, kind: DocumentKind = "news") -> list[Document]:
    """Entries of a feed as Documents (text cleaned of HTML, naive Asia/Shanghai ``published``).

    A malformed ("bozo") feed is logged and still used if it yields entries; a feed with no usable
    entry raises :class:`ExtractionError`.
    """
    if not data or not data.strip():
        raise ExtractionError(f"{url}: empty feed")
    as_json = _is_json_feed(data)
    if as_json is not None:
        docs = _json_feed(as_json, url, source, kind)
        if not docs:
            raise ExtractionError(f"{url}: JSON Feed has no usable items")
        return [normalize_document(doc) for doc in docs]
    # Without a Content-Type feedparser flags every feed as malformed; the bytes say what they are.
    parsed = feedparser.parse(utf8_feed(data),
                              response_headers={"content-location": url, "content-type": "application/xml"})
    if parsed.bozo:
        reason = parsed.get("bozo_exception")
        if not parsed.entries:
            raise _no_feed(data, url, f"not a readable RSS/Atom/JSON feed ({reason})")
        log.warning("%s: malformed feed, using its %d entries anyway (%s)", url, len(parsed.entries), reason)
    docs = []
    for entry in parsed.entries:
        link = entry.get("link") or ""
        text = without_date_line(drop_boilerplate_lines(_entry_text(entry)))
        title = html_to_text(entry.get("title", "")).replace("\n", " ") or text[:30]
        if not (title or text):
            continue
        published = entry_date(entry)
        metadata: dict[str, Any] = {"feed": url}
        if entry.get("author"):
            metadata["author"] = clean_line(entry["author"])
        if entry.get("id"):
            metadata["guid"] = entry["id"]
        tags = [tag.get("term") for tag in entry.get("tags") or [] if tag.get("term")]
        key = link or entry.get("id") or title
        title = feed_headline(title, text, metadata, kind)
        if is_page_furniture(title):
            log.info("%s: skipped item %r: page credits or furniture, not an article", url, title)
            continue
        doc = Document.from_url(source, key, kind=kind, title=title, text=text, published=published,
                                category=tags[0] if tags else "", metadata=metadata)
        doc.url = link
        docs.append(doc)
    if not docs:
        raise _no_feed(data, url, "feed has no usable entries")
    return [normalize_document(doc) for doc in docs]


def _no_feed(data: bytes, url: str, why: str) -> ExtractionError:
    """The error for a feed address that gave no entries: an anti-bot check page is named as such."""
    if anti_bot_check(data[:65536].decode("utf-8", errors="replace")):
        return ExtractionError(f"{url}: {ANTI_BOT_CHECK}")
    return ExtractionError(f"{url}: {why}")
