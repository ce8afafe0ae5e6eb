"""Hypothesis: random bytes, HTML, XML and CSV into every extractor; only ExtractionError may come out."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors import ExtractionError
from extractors.bulletins import split_bulletin
from extractors.charset import decode_html
from extractors.feed import parse_feed
from extractors.hotline import read_hotline
from extractors.page import (
    article_links,
    extract_article,
    find_links,
    find_next_page,
    listed_dates,
    refresh_target,
)
from extractors.policy import extract_policy, find_attachments
from extractors.sources import read_file_document
from xuanti.records import Document
from xuanti.settings import Selectors, load_settings

# 60 examples per test keeps CI fast; XUANTI_FUZZ_EXAMPLES=1000 fuzzes deeper on demand.
FUZZ = settings(max_examples=int(os.environ.get("XUANTI_FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
COLUMNS = load_settings().hotline.columns

# Pieces real pages, feeds and exports are made of, so the fuzzer reaches past the first parser check.
_WORDS = st.sampled_from(["通知", "关于", "发布日期：", "2024年1月8日 19:30", "索引号：", "发文字号：", "国发〔2018〕41号",
                          "责任编辑：张三", "来源：新华社", "下一页", "附件", "<", ">", "&amp;", "&#", "\x00", "\ufeff",
                          "ｈｔｔｐ", "網頁", "\r\n", ",", '"', "\t", "http://x.cn/a.pdf", "12345", "13812345678"])
_TEXT = st.lists(st.one_of(_WORDS, st.text(max_size=20)), max_size=30).map("".join)
_TAGS = st.sampled_from(["p", "div", "h1", "title", "meta", "a", "td", "table", "span", "script", "time", "br",
                         "html", "body", "head", "item", "rss", "channel", "entry", "feed", "link", "pubDate",
                         "tr", "th", "Worksheet", "Table", "Row", "Cell", "Data"])
_ATTRS = st.sampled_from(['', ' href="/a.pdf"', ' class="title"', ' id="UCAP-CONTENT"', ' charset="gbk"',
                          ' name="PubDate" content="2024-01-08"', ' rel="next" href="?page=2"', ' datetime="x"',
                          ' http-equiv="Content-Type" content="text/html; charset=big5"'])


@st.composite
def markup(draw: Callable[[Any], Any]) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 25))):
        tag = draw(_TAGS)
        choice = draw(st.integers(0, 3))
        if choice == 0:
            parts.append(f"<{tag}{draw(_ATTRS)}>")
        elif choice == 1:
            parts.append(f"</{tag}>")
        else:
            parts.append(draw(_TEXT))
    prefix = draw(st.sampled_from(["", "<?xml version='1.0' encoding='gb2312'?>", "<!DOCTYPE html>", "\ufeff", "{",
                                   '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                                   'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">']))
    return prefix + "".join(parts)


@st.composite
def csv_export(draw: Callable[[Any], Any]) -> str:
    header = draw(st.lists(st.sampled_from(["工单编号", "来电时间", "诉求内容", "标题", "所属区域", "满意度", "点赞数",
                                             "来电人", "x", ""]), min_size=1, max_size=6))
    rows = [",".join(header)]
    for _ in range(draw(st.integers(0, 8))):
        rows.append(",".join(draw(_TEXT) for _ in range(draw(st.integers(0, 7)))))
    return draw(st.sampled_from(["\n", "\r\n", "\r"])).join(rows)


def _encodings(text: str) -> st.SearchStrategy[bytes]:
    return st.sampled_from(["utf-8", "gb18030", "utf-16"]).map(lambda enc: text.encode(enc, errors="replace"))


BYTES = st.one_of(st.binary(max_size=3000), markup().flatmap(_encodings), csv_export().flatmap(_encodings))


def _only_documented_errors(call: Callable[[], object]) -> None:
    try:
        call()
    except ExtractionError as exc:
        assert str(exc)  # a message an editor can read


@FUZZ
@given(BYTES)
def test_decode_html_never_raises(data: bytes) -> None:
    assert isinstance(decode_html(data), str)
    assert isinstance(decode_html(data, "text/html; charset=utf-8"), str)


@FUZZ
@given(BYTES, st.sampled_from([None, "text/html; charset=gbk", "text/html; charset=nonsense"]))
def test_article_and_policy(data: bytes, declared: str | None) -> None:
    _only_documented_errors(lambda: extract_article(data, "http://x.cn/a.html", "s", declared_charset=declared))
    _only_documented_errors(lambda: extract_article(
        data, "http://x.cn/a.html", "s", selectors=Selectors(title="h1", body="#UCAP-CONTENT, p", date="time")))
    _only_documented_errors(lambda: extract_policy(data, "http://x.cn/p.html", "s", declared_charset=declared))


@FUZZ
@given(markup())
def test_links_next_page_attachments(html: str) -> None:
    assert isinstance(find_links(html, "http://x.cn/list/", r"\.html", ["x.cn"]), list)
    assert isinstance(find_next_page(html, "http://x.cn/list/"), str)
    assert isinstance(find_attachments(html, "http://x.cn/list/"), list)
    assert isinstance(article_links(html, "http://x.cn/list/", ["x.cn"]), list)
    assert isinstance(listed_dates(html, "http://x.cn/list/"), dict)
    assert isinstance(refresh_target(html, "http://x.cn/list/"), str)


@FUZZ
@given(_TEXT, st.lists(st.one_of(_TEXT, st.sampled_from(["国内联播快讯", "1.标题；", "（1）要闻；", "记者今天获悉，新政发布。" * 3])),
                       max_size=12))
def test_bulletins(title: str, lines: list[str]) -> None:
    for kind in ("news", "policy"):
        doc = Document.from_url("s", "http://x.cn/a.html", kind=kind, title=f"[视频]快讯{title}", text="\n".join(lines))
        stories = split_bulletin(doc)
        assert stories in ([], [doc]) or all(story.url.startswith("http://x.cn/a.html#") for story in stories)


@FUZZ
@given(BYTES)
def test_feeds(data: bytes) -> None:
    _only_documented_errors(lambda: parse_feed(data, "http://x.cn/rss.xml", "s"))


@FUZZ
@given(BYTES, st.sampled_from(["export.csv", "export.xlsx", "export.xls", "export.ods", "export.jsonl", "export"]))
def test_hotline(data: bytes, name: str) -> None:
    _only_documented_errors(lambda: read_hotline(data, name, "s", COLUMNS))


@FUZZ
@given(BYTES, st.sampled_from(["a.txt", "a.docx", "a.pdf", "a.md", "a.bin", "a.doc", "a.rtf", "a.odt", "a.pptx", "a.ppt",
                                     "a.zip", "a.eml", "a.rar", "a.7z"]))
def test_files(data: bytes, name: str) -> None:
    _only_documented_errors(lambda: read_file_document(data, name, "s"))


# What Word opens under a .doc name though it is no Word 97 file, and an archive: their first bytes.
_LOOKALIKES = [b"{\\rtf1\\ansi\\ansicpg936 ", b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n',
               b'<?xml version="1.0"?><w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml">',
               b'<?xml version="1.0"?><pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">',
               b'<html xmlns:w="urn:schemas-microsoft-com:office:word"><body>',
               b"From: a@b.cn\r\nSubject: =?GBK?B?0MXPog==?=\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"]


@pytest.mark.parametrize("prefix", _LOOKALIKES)
@FUZZ
@given(tail=st.one_of(st.binary(max_size=2000), markup().map(lambda text: text.encode("utf-8"))))
def test_word_lookalikes_with_junk(prefix: bytes, tail: bytes) -> None:
    """Bytes that look like RTF, MHT, Word's XML or its web page at first glance, under a .doc name."""
    for name in ("x.doc", "x.rtf", "x.docx", "x.eml"):
        _only_documented_errors(lambda name=name: read_file_document(prefix + tail, name, "s"))


@pytest.mark.parametrize("prefix", [b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"%PDF-1.4\n",
                                    b"PK\x03\x04\x14\x00\x00\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.",
                                    b"Rar!\x1a\x07\x01\x00", b"Rar!\x1a\x07\x00", b"7z\xbc\xaf\x27\x1c\x00\x04",
                                    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"\xff\xd8\xff\xe0", b"II*\x00\x08\x00\x00\x00"])
@FUZZ
@given(tail=st.binary(max_size=2000))
def test_container_headers_with_junk(prefix: bytes, tail: bytes) -> None:
    """Bytes that look like XLSX/DOCX, XLS or PDF at first glance."""
    data = prefix + tail
    _only_documented_errors(lambda: read_hotline(data, "x.xlsx" if prefix[:2] == b"PK" else "x.xls", "s", COLUMNS))
    _only_documented_errors(lambda: read_file_document(data, "x.docx" if prefix[:2] == b"PK" else "x.pdf", "s"))
    for name in ("x.pptx", "x.ppt", "x.zip", "x.odt", "x.ods", "x.rar", "x.7z", "x.png"):
        _only_documented_errors(lambda name=name: read_file_document(data, name, "s"))


@FUZZ
@given(st.dictionaries(st.sampled_from(["a.docx", "b.doc", "c.pptx", "d.ppt", "e.rtf", "f.pdf", "g.html", "h.zip",
                                        "目录/i.txt", "j.ofd", "k"]), BYTES, max_size=4))
def test_archives_with_junk_members(members: dict[str, bytes]) -> None:
    """A well-formed ZIP of junk documents: each bad member is an error line or is passed over."""
    import io
    import zipfile

    from extractors.files import attachment_text
    from extractors.sources import read_archive_documents

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    errors: list[str] = []
    _only_documented_errors(lambda: read_archive_documents(buffer.getvalue(), "x.zip", "s", errors))
    assert all(isinstance(error, str) and error for error in errors)
    _only_documented_errors(lambda: attachment_text(buffer.getvalue(), "x.zip"))
