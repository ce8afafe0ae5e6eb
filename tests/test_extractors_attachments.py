"""Policy attachments: a real gov.cn policy page linking a PDF, a DOCX (made here) and a DOC (the demo portal's
own policy as LibreOffice writes Word 97, ``scripts/make_doc_fixture.py``) served on 127.0.0.1."""

from __future__ import annotations

import io
import os
from datetime import datetime
from pathlib import Path

import pytest

from extractors import ExtractionError
from extractors.files import attachment_text, read_doc, read_docx
from extractors.page import extract_article
from extractors.policy import find_attachments
from extractors.sources import fetch_source, parse_source
from xuanti.localserver import LocalServer
from xuanti.settings import FetchSettings, SiteSource, load_settings

FAST = FetchSettings(connect_timeout=2, read_timeout=5, retries=1, retry_delays=[0.01], min_delay=0, per_host=2)
PAGE_PATH = "/zhengce/content/2018-11/19/content_5341736.htm"
LAST_PARAGRAPH = "在本条例施行后可以继续以专利代理机构、专利代理师的名义开展专利代理业务。</p>"
DOC_FIXTURE = Path(__file__).parent / "fixtures" / "demo_policy.doc"


def make_pdf(lines: list[str], pitch: float = 0.0) -> bytes:
    """A real one-page PDF with CJK text (matplotlib's PDF backend, the system's WenQuanYi font); with
    ``pitch`` (a fraction of the page's width), each character placed on its own, as a typesetter
    justifying a line places them."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib.figure import Figure

    fonts = [f for f in font_manager.findSystemFonts() if "wqy" in f.lower() or "noto" in f.lower() and "cjk" in f.lower()]
    if not fonts:
        pytest.skip("no CJK font installed (fonts-wqy-microhei)")
    prop = font_manager.FontProperties(fname=fonts[0])
    figure = Figure(figsize=(8.27, 11.69))
    for number, line in enumerate(lines):
        for at, piece in enumerate(line if pitch else [line]):
            figure.text(0.08 + at * pitch, 0.92 - number * 0.04, piece, fontproperties=prop, fontsize=12)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="pdf")
    return buffer.getvalue()


def make_docx(paragraphs: list[str], table: list[list[str]]) -> bytes:
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, value in enumerate(row):
            grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture()
def portal(data_dir: Path, tmp_path: Path):
    files = tmp_path / "files"
    files.mkdir()
    (files / "a.pdf").write_bytes(make_pdf(["专利代理机构执业许可申请表", "申请人应当如实填写以下内容。"]))
    (files / "b.docx").write_bytes(make_docx(["专利代理师执业备案表", "备案人应当在执业之日起30日内备案。"],
                                             [["姓名", "资格证号"], ["（填写）", "（填写）"]]))
    (files / "c.doc").write_bytes(DOC_FIXTURE.read_bytes())
    (files / "d.wps").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)  # cut short
    index = tmp_path / "index.html"
    index.write_text(f'<html><body><ul><li><a href="{PAGE_PATH}">专利代理条例</a></li></ul></body></html>',
                     encoding="utf-8")
    links = ('<p>附件：<a href="/files/a.pdf">1.专利代理机构执业许可申请表.pdf</a></p>'
             '<p><a href="/files/b.docx">2.专利代理师执业备案表.docx</a></p>'
             '<p><a href="/files/c.doc">3.重点任务分工.doc</a></p>'
             '<p><a href="/files/d.wps">4.旧版表格.wps</a></p>'
             '<p><a href="http://example.org/elsewhere.pdf">外站文件.pdf</a></p>')
    routes = {"/zhengce/zuixin.htm": index, PAGE_PATH: data_dir / "policy/govcn_2019/content_5341736.html",
              "/files/a.pdf": files / "a.pdf", "/files/b.docx": files / "b.docx", "/files/c.doc": files / "c.doc",
              "/files/d.wps": files / "d.wps"}
    # The saved page has no attachments; links are added where gov.cn puts them, after the last paragraph.
    with LocalServer(routes=routes, substitute={LAST_PARAGRAPH: LAST_PARAGRAPH + links}) as server:
        yield server


def test_attachments_become_text_of_the_policy_document(portal: LocalServer) -> None:
    source = SiteSource(name="中国政府网-最新政策", type="policy", index=[f"{portal.base_url}/zhengce/zuixin.htm"],
                        allow_private=True)
    bundle = fetch_source(source, FAST)
    assert [item.role for item in bundle.items] == ["policy", "attachment", "attachment", "attachment", "attachment"]
    assert bundle.errors == []
    assert "/elsewhere.pdf" not in "".join(portal.hits)  # another domain: never fetched
    result = parse_source(source, bundle, load_settings())
    [doc] = result.documents
    assert doc.title == "专利代理条例" and doc.metadata["发文字号"] == "国令第706号"
    assert doc.metadata["attachments"] == ["1.专利代理机构执业许可申请表.pdf", "2.专利代理师执业备案表.docx",
                                           "3.重点任务分工.doc"]
    body, _, appended = doc.text.partition("\n\n附件1：")
    # The page's own 附件 list stays in the body, then the attachments' text follows.
    assert body.endswith("专利代理师的名义开展专利代理业务。\n附件：1.专利代理机构执业许可申请表.pdf\n"
                         "2.专利代理师执业备案表.docx\n3.重点任务分工.doc\n4.旧版表格.wps\n外站文件.pdf")
    assert appended.startswith("1.专利代理机构执业许可申请表.pdf\n专利代理机构执业许可申请表")
    assert "申请人应当如实填写以下内容。" in appended
    assert "附件2：2.专利代理师执业备案表.docx\n专利代理师执业备案表" in doc.text
    assert "姓名 | 资格证号" in doc.text and "备案人应当在执业之日起30日内备案。" in doc.text
    # A Word 97 .doc is read as the others are, its table a row a line.
    assert "附件3：3.重点任务分工.doc\n清河县人民政府办公室关于印发进一步优化营商环境若干措施的通知" in doc.text
    assert "1 | 深化“一件事一次办”改革 | 县行政审批局" in doc.text
    # A broken one is named in one clear error line; the rest of the document is kept.
    [error] = result.errors
    assert "d.wps: not a readable DOC" in error and PAGE_PATH in error


def test_find_attachments_and_unreadable(portal: LocalServer) -> None:
    html = '<a href="x.PDF?id=1">通知</a><a href="/a/b.docx#p">  </a><a href="page.html">页</a>'
    assert find_attachments(html, "http://gov.test/dir/") == [
        ("http://gov.test/dir/x.PDF?id=1", "通知"), ("http://gov.test/a/b.docx", "b.docx")]
    assert find_attachments(html, "http://gov.test/", ["other.cn"]) == []
    with pytest.raises(ExtractionError, match="broken.pdf: not a readable PDF"):
        attachment_text(b"%PDF-1.4 broken", "broken.pdf")
    with pytest.raises(ExtractionError, match="x.docx: not a readable DOCX"):
        attachment_text(b"PK\x03\x04junk", "x.docx")


def test_files_linked_among_the_articles_are_documents(data_dir: Path, tmp_path: Path) -> None:
    """A 通知公告 list links a PDF, a DOCX (sent as application/octet-stream) and a Word 97 DOC among its
    pages: each is a document titled by its link and dated by its row; a PDF is never read as HTML. The DOC
    was passed over as no article."""
    (tmp_path / "n2.pdf").write_bytes(make_pdf(["关于做好冬季防火工作的通知", "各乡镇人民政府：现将有关事项通知如下。"]))
    (tmp_path / "d3").write_bytes(make_docx(["县应急管理局文件", "各单位要立即开展安全生产大检查。"], [["单位", "联系人"]]))
    (tmp_path / "list.html").write_text(
        '<html><body><ul><li><a href="/">网站首页</a></li><li><a href="/tzgg/">通知公告</a></li></ul><ul>'
        f'<li><a href="{PAGE_PATH}">国务院关于修改专利代理条例的决定</a><span>2023-12-06</span></li>'
        '<li><a href="/tzgg/202312/n2.pdf">关于做好冬季防火工作的通知.pdf</a><span>2023-12-05</span></li>'
        '<li><a href="/tzgg/download.jsp?id=3">县应急管理局关于开展安全生产大检查的通知</a></li>'
        '<li><a href="/tzgg/202312/old.doc">旧版格式的通知文件全文</a></li></ul></body></html>', encoding="utf-8")
    routes = {"/tzgg/index.html": tmp_path / "list.html", PAGE_PATH: data_dir / "policy/govcn_2019/content_5341736.html",
              "/tzgg/202312/n2.pdf": tmp_path / "n2.pdf", "/tzgg/download.jsp": tmp_path / "d3",
              "/tzgg/202312/old.doc": DOC_FIXTURE}
    with LocalServer(routes=routes) as server:
        source = SiteSource(name="县政府-通知公告", type="policy", index=[f"{server.base_url}/tzgg/index.html"],
                            allow_private=True)
        bundle = fetch_source(source, FAST)
        hits = set(server.hits)
    assert bundle.errors == [] and "/tzgg/202312/old.doc" in hits and "/tzgg/" not in hits
    result = parse_source(source, bundle, load_settings())
    assert result.errors == []
    page, pdf, docx, doc = result.documents
    assert doc.title == "旧版格式的通知文件全文" and doc.kind == "policy" and doc.metadata["file"] == "old.doc"
    assert "（二）推行“拿地即开工”。" in doc.text
    assert page.metadata["发文字号"] == "国令第706号"
    assert pdf.title == "关于做好冬季防火工作的通知" and pdf.kind == "policy" and pdf.metadata["file"] == "n2.pdf"
    assert "各乡镇人民政府：现将有关事项通知如下。" in pdf.text
    # The PDF is dated by its row in the list; the page keeps the date of its own metadata table.
    assert pdf.published == datetime(2023, 12, 5) and page.published == datetime(2018, 11, 19)
    assert docx.published is None  # no date beside its link: it counts from the night it was fetched
    assert docx.title == "县应急管理局关于开展安全生产大检查的通知" and "单位 | 联系人" in docx.text
    with pytest.raises(ExtractionError, match=r"n2\.pdf: a PDF file, not an HTML page"):
        extract_article((tmp_path / "n2.pdf").read_bytes(), "http://x/n2.pdf", "s")


def test_a_word_97_document() -> None:
    """The demo policy as LibreOffice writes Word 97: every paragraph a line, in order, the table a row a line
    (a row's end told by its paragraph properties, so empty cells do not break it);
    the same text from its .wps name and from bytes of no name. A password-protected one, one cut short and a
    web page named .doc are errors naming the file."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_doc_fixture", Path(__file__).parent.parent / "scripts" / "make_doc_fixture.py")
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)  # type: ignore[union-attr]
    from xuanti.demo.content_policy import POLICIES

    data = DOC_FIXTURE.read_bytes()
    # A table row a line, its empty cells kept in their places ("2 | 推行“拿地即开工” |  | 2027年6月底前").
    expected = [*maker.policy_lines(), *(" | ".join(row).strip() for row in maker.TASKS), POLICIES[0]["agency"],
                POLICIES[0]["written"]]
    assert read_doc(data, "demo_policy.doc").split("\n") == expected
    # The DOCX it was saved from reads the same, the table in its place before the 落款.
    docx_bytes = io.BytesIO()
    maker.policy_docx().save(docx_bytes)
    assert [line.strip() for line in read_docx(docx_bytes.getvalue(), "x.docx")[0].split("\n")] == expected
    assert attachment_text(data, "通知.wps") == attachment_text(data, "download.jsp?id=3") == "\n".join(expected)
    fib = data.find(b"\xec\xa5")  # the WordDocument stream's first bytes: its FIB
    locked = bytearray(data)
    locked[fib + 0x0B] |= 0x01  # fEncrypted
    with pytest.raises(ExtractionError, match="locked.doc: a password-protected DOC"):
        read_doc(bytes(locked), "locked.doc")
    with pytest.raises(ExtractionError, match="cut.doc: not a readable DOC"):
        read_doc(data[:4096], "cut.doc")
    with pytest.raises(ExtractionError, match="page.doc: not a readable DOC"):
        attachment_text(b"<html><body>not a document</body></html>", "page.doc")
    # A few bytes are never taken for a file name (olefile reads short bytes so): this one exists.
    with pytest.raises(ExtractionError, match=r"short.doc: not a readable DOC \(not a Word 97-2003 file\)"):
        read_doc(str(DOC_FIXTURE).encode(), "short.doc")


def test_a_file_is_told_by_what_it_is(data_dir: Path) -> None:
    """A ZIP or a compound file is named by its parts (XLSX, DOCX, OFD; XLS, DOC), from its first bytes
    too, so a workbook reached as a page or named .docx says what it is instead of failing as a DOCX."""
    import zipfile

    import docx
    import xlwt

    from extractors.files import file_kind
    from extractors.sources import read_file_document

    workbook = (data_dir / "hotline/tipdm2020c/labelled_sample.xlsx").read_bytes()
    assert file_kind(workbook) == "XLSX" and file_kind(workbook[:1 << 16]) == "XLSX"
    word = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("县应急管理局关于开展安全生产大检查的通知")
    document.save(word)
    assert file_kind(word.getvalue()) == "DOCX"
    assert file_kind(DOC_FIXTURE.read_bytes()) == "DOC"
    sheet = xlwt.Workbook(encoding="utf-8")
    sheet.add_sheet("工单").write(0, 0, "诉求内容")
    binary = io.BytesIO()
    sheet.save(binary)
    assert file_kind(binary.getvalue()) == "XLS"
    assert file_kind(binary.getvalue()[:600]) == "DOC/XLS/WPS"  # cut short: the container only
    ofd, other = io.BytesIO(), io.BytesIO()
    with zipfile.ZipFile(ofd, "w") as archive:
        archive.writestr("OFD.xml", "<ofd:OFD/>")
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("附件/名单.txt", "张三")
    assert file_kind(ofd.getvalue()) == "OFD" and file_kind(other.getvalue()) == "ZIP"

    with pytest.raises(ExtractionError, match=r"sample\.xlsx: an XLSX file, not an HTML page"):
        extract_article(workbook, "http://x/sample.xlsx", "s")
    # A portal's 附件.docx that is a workbook: named as what it is, not as a broken DOCX.
    with pytest.raises(ExtractionError, match=r"附件\.docx: unsupported file type XLSX \(valid: .*\); an export of "):
        read_file_document(workbook, "http://x/附件.docx", "s")
    assert "安全生产大检查" in read_file_document(word.getvalue(), "http://x/附件", "s").text
    with pytest.raises(ExtractionError, match=r"名单\.xlsx: XLSX attachments cannot be read"):
        attachment_text(workbook, "http://x/名单.xlsx")
    assert attachment_text(DOC_FIXTURE.read_bytes(), "download.jsp?id=3").startswith("清河县人民政府办公室")


def test_a_document_is_dated_by_its_signing_date(data_dir: Path) -> None:
    """A file's date is the one its text gives on a line of its own (its 落款's 成文日期, in Arabic or Chinese
    numerals), before a DOCX's "created", which python-docx's template (and a file made from last year's
    copy) sets years back, and where a DOC had none. 39 of the 40 real gov.cn policy texts give their
    成文日期 so; the other differs from the portal's by ten days."""
    import csv

    import docx

    from extractors.policy import extract_policy
    from extractors.sources import read_file_document
    from extractors.text import parse_date, signing_date

    folder = data_dir / "policy/govcn_2019"
    rows = list(csv.DictReader((folder / "index.csv").open(encoding="utf-8")))
    signed = [signing_date(extract_policy((folder / row["file"]).read_bytes(), row["url"], "s").text) for row in rows]
    assert sum(date == parse_date(row["成文日期"]) for date, row in zip(signed, rows, strict=True)) == 39 == len(rows) - 1

    assert read_file_document(DOC_FIXTURE.read_bytes(), "汇报.doc", "s").published == datetime(2026, 11, 10)
    word = io.BytesIO()
    document = docx.Document()
    for line in ("县应急管理局关于开展安全生产大检查的通知", "各乡镇：现就有关事项通知如下。", "县应急管理局",
                 "二〇二六年十一月二十日", "附件：检查表", "2025年12月1日"):
        document.add_paragraph(line)
    document.save(word)
    assert docx.Document(io.BytesIO(word.getvalue())).core_properties.created.year < 2020  # the template's
    assert read_file_document(word.getvalue(), "通知.docx", "s").published == datetime(2026, 11, 20)
    # A date after the night (a typo, a deadline on a line of its own) is passed over.
    assert signing_date("2036年1月1日\n2026年11月20日", latest=datetime(2026, 11, 21)) == datetime(2026, 11, 20)
    assert signing_date("请于2026年11月30日前报送") is None


OFD_FIXTURE = Path(__file__).parent / "fixtures" / "demo_policy.ofd"


def test_an_ofd_document() -> None:
    """The demo policy as an OFD with its text layer (written by easyofd from a PDF of it, its paragraphs
    wrapped at 34 characters, ``scripts/make_ofd_fixture.py``): its two pages in the order Document.xml
    gives (the ZIP holds the second first), its paragraphs whole again, dated by its 落款; a file imported
    as a document or linked as an attachment, an OFD beside a PDF of the same notice left to the PDF. It
    had been passed over."""
    import importlib.util

    from extractors.files import file_kind, read_ofd
    from extractors.sources import read_file_document
    from xuanti.demo.content_policy import POLICIES

    spec = importlib.util.spec_from_file_location(
        "make_ofd_fixture", Path(__file__).parent.parent / "scripts" / "make_ofd_fixture.py")
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)  # type: ignore[union-attr]
    data = OFD_FIXTURE.read_bytes()
    assert file_kind(data) == "OFD"
    assert len(maker.printed_lines()) == 34 and read_ofd(data, "demo_policy.ofd").split("\n") == maker.paragraphs()
    doc = read_file_document(data, "材料/营商环境措施.ofd", "本地材料")
    assert doc.title == POLICIES[0]["title"] and doc.published == datetime(2026, 11, 10)
    assert attachment_text(data, "download.jsp?id=9") == read_ofd(data, "x")
    html = '<a href="/f/P1.pdf">PDF版</a> | <a href="/f/P1.ofd">OFD版</a>'
    assert find_attachments(html, "http://gov.test/") == [("http://gov.test/f/P1.pdf", "PDF版")]
    assert find_attachments('<a href="/f/P2.ofd">附件</a>', "http://gov.test/") == [("http://gov.test/f/P2.ofd", "附件")]
    with pytest.raises(ExtractionError, match=r"cut\.ofd: not a readable OFD"):
        read_ofd(data[:2000], "cut.ofd")


def test_a_docx_with_tracked_changes_reads_as_word_shows_it() -> None:
    """A leader's 修订 (track changes) as Word keeps them until accepted: the inserted figures (w:ins) are
    read, the deleted and moved-away words (w:del, w:moveFrom) are not, in paragraphs and table cells alike;
    tab stops are no text. python-docx's paragraph.text had dropped every inserted word."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def revision(tag: str, text: str, text_tag: str = "w:t") -> OxmlElement:
        element = OxmlElement(tag)
        element.set(qn("w:id"), "1")
        element.set(qn("w:author"), "县委办")
        element.set(qn("w:date"), "2026-11-20T10:00:00Z")
        run, words = OxmlElement("w:r"), OxmlElement(text_tag)
        words.text = text
        run.append(words)
        element.append(run)
        return element

    document = docx.Document()
    paragraph = document.add_paragraph("城关镇今年")
    paragraph._p.append(revision("w:ins", "新增就业岗位1200个，"))
    paragraph._p.append(revision("w:del", "新增就业岗位800个，", "w:delText"))
    paragraph.add_run("完成全年目标。")
    moved = document.add_paragraph("下一步，")
    moved._p.append(revision("w:moveFrom", "加快项目建设。"))
    moved.paragraph_format.tab_stops.add_tab_stop(docx.shared.Cm(2))
    cell = document.add_table(rows=1, cols=2).cell(0, 1)
    cell.paragraphs[0]._p.append(revision("w:ins", "王五"))
    document.add_paragraph("加快项目建设。")
    data = io.BytesIO()
    document.save(data)
    assert read_docx(data.getvalue(), "汇报.docx")[0].split("\n") == [
        "城关镇今年新增就业岗位1200个，完成全年目标。", "下一步，", " | 王五", "加快项目建设。"]


def test_printed_lines_become_paragraphs_again(data_dir: Path) -> None:
    """The 40 real gov.cn policy texts printed as a 公文 is (28 characters a line, "— 1 —" under every 22
    lines) read back: 1,303 of their 1,528 paragraphs whole again, where the printed lines had kept only
    the 593 no longer than a line; 1,296 when each paragraph is set in by two characters, as a 公文's are. Short lines, sentence ends, closing brackets and table rows stay lines."""
    import csv
    import textwrap

    from extractors.policy import extract_policy
    from extractors.text import unwrap_printed_lines

    folder = data_dir / "policy/govcn_2019"
    texts = [extract_policy((folder / row["file"]).read_bytes(), row["url"], "s").text.split("\n")
             for row in csv.DictReader((folder / "index.csv").open(encoding="utf-8"))]
    # Set in by two characters as a 公文's paragraphs are, which OCR and many PDFs' text leave out: 653 whole before.
    for indent, least in (("", 1303), ("\u3000\u3000", 1296)):
        whole = kept = total = 0
        for paragraphs in texts:
            printed: list[str] = []
            for paragraph in paragraphs:
                printed += textwrap.wrap(indent + paragraph, 28)
            pages: list[str] = []
            for number, line in enumerate(printed, start=1):
                pages += [line, f"— {number // 22} —"] if number % 22 == 0 else [line]  # a page number under every 22
            back = set(unwrap_printed_lines("\n".join(pages)).split("\n"))
            total += len(paragraphs)
            whole += sum(paragraph in back for paragraph in paragraphs)
            kept += sum(indent + paragraph in set(printed) for paragraph in paragraphs)
        assert total == 1528 and whole >= least and kept == {"": 593}.get(indent, 547), indent
    # Too few lines to tell: as printed, but for its page number (a figure of four digits is no page's).
    assert unwrap_printed_lines("通知\n各乡镇：\n— 1 —\n第2页 共3页\n2026") == "通知\n各乡镇：\n2026"


def test_a_pdf_whose_characters_were_placed_one_by_one(data_dir: Path) -> None:
    """A real policy text printed as a justified 公文 is, each character placed on its own, reads as the same
    lines set whole do; pypdf had read it "各 乡 镇 人 民 政 府", which no word of the models matches and whose
    lines were too long to join into paragraphs. Words of Latin letters and a wide gap keep their spaces."""
    import csv
    import textwrap

    from extractors.files import read_pdf
    from extractors.policy import extract_policy
    from extractors.text import join_spaced_characters

    folder = data_dir / "policy/govcn_2019"
    row = next(csv.DictReader((folder / "index.csv").open(encoding="utf-8")))
    text = extract_policy((folder / row["file"]).read_bytes(), row["url"], "s").text
    printed = [line for paragraph in text.split("\n") for line in textwrap.wrap(paragraph, 28)][:20]
    spaced = read_pdf(make_pdf(printed, pitch=0.025), "spaced.pdf")
    assert spaced == read_pdf(make_pdf(printed), "whole.pdf") and " " not in spaced
    assert len(spaced.split("\n")) < len(printed)  # full lines joined into their paragraphs
    assert join_spaced_characters("2 0 2 6 年 1 1 月 1 0 日\n通  知\n1 张三 县局 5\nNew York City Hall") == (
        "2026年11月10日\n通  知\n1 张三 县局 5\nNew York City Hall")


def test_a_word_97_document_with_tracked_changes() -> None:
    """A report edited with 修订 on, saved as Word 97 by LibreOffice (``scripts/make_doc_fixture.py revisions``):
    the inserted figure is read and the deleted one, marked so in the character properties (sprmCFRMarkDel),
    is not. Both figures had been read, one after the other."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_doc_fixture", Path(__file__).parent.parent / "scripts" / "make_doc_fixture.py")
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)  # type: ignore[union-attr]
    shown = [start + "".join(text for kind, text in revisions if kind != "w:del") for start, revisions in maker.REVISED]
    data = (DOC_FIXTURE.parent / "revisions.doc").read_bytes()
    assert read_doc(data, "汇报.doc").split("\n") == shown
    assert "新增就业岗位800个" not in read_doc(data, "汇报.doc") and "新增就业岗位1200个" in shown[1]


def _fixture_maker(script: str = "make_doc_fixture"):  # noqa: ANN202 - the script module
    import importlib.util

    spec = importlib.util.spec_from_file_location(script, Path(__file__).parent.parent / "scripts" / f"{script}.py")
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)  # type: ignore[union-attr]
    return maker


def test_files_word_opens_under_a_doc_name(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The files OA systems' "导出Word" and web editors hand on as .doc, which Word opens though none is a
    Word 97 file, read as the DOC of the same policy does: RTF, Word 2003 XML (a FreeMarker template's
    form), Word 2007 flat XML, Word's web page as HTML or MHT, and a DOCX whose body is an MHT merged in
    (w:altChunk, html-docx-js). Each had failed as "not a readable DOC", or read as an empty DOCX. A
    login page under a .doc name stays an error, which says what it is."""
    from extractors.sources import read_file_document
    from xuanti.cli import main
    from xuanti.demo.content_policy import POLICIES

    maker = _fixture_maker()
    folder = Path(__file__).parent / "fixtures" / "lookalikes"
    expected = [" ".join(line.split()) for line in read_doc(DOC_FIXTURE.read_bytes(), "demo_policy.doc").split("\n")]
    files = {path.name: path.read_bytes() for path in sorted(folder.iterdir())}
    files["flat.doc"] = maker.flat_xml(maker.policy_docx())
    assert sorted(files) == ["altchunk.docx", "flat.doc", "mht.doc", "rtf.doc", "web.doc", "wordml.doc"]
    for name, data in files.items():
        lines = [" ".join(line.split()) for line in attachment_text(data, name).split("\n") if line.strip()]
        if name in ("altchunk.docx", "mht.doc", "web.doc"):  # a web page's row of one filled cell is that cell
            lines = [line if line != "3" else "3 | | |" for line in lines]
        assert lines == expected, name
        document = read_file_document(data, str(folder / name), "本地材料")
        assert document.title == POLICIES[0]["title"] and document.published == datetime(2026, 11, 10), name
    assert attachment_text(files["rtf.doc"], "措施.rtf") == attachment_text(files["rtf.doc"], "download.jsp?id=7")
    with pytest.raises(ExtractionError, match="login.doc: not a readable DOC .a web page without an office suite"):
        attachment_text(b"<!DOCTYPE html><html><head><title>\xe7\x99\xbb\xe5\xbd\x95</title></head><body>"
                        b"<form>user</form></body></html>", "login.doc")
    (tmp_path / "措施.doc").write_bytes(files["wordml.doc"])
    assert main(["extract", str(tmp_path / "措施.doc")]) == 0
    out, err = capsys.readouterr()
    assert POLICIES[0]["title"] in out and err == "read as --kind file (a document)\n"


def test_a_docx_form_of_content_controls_is_read() -> None:
    """A DOCX built of content controls (w:sdt: a 信息报送 form's fields, at the body's level and in its table's
    cells) reads with its fields, as Word shows them; the table of contents, the headings again with their
    page numbers, does not. python-docx had passed over every field."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def control(*blocks: OxmlElement, gallery: str = "") -> OxmlElement:
        sdt, properties, content = OxmlElement("w:sdt"), OxmlElement("w:sdtPr"), OxmlElement("w:sdtContent")
        if gallery:
            part, kind = OxmlElement("w:docPartObj"), OxmlElement("w:docPartGallery")
            kind.set(qn("w:val"), gallery)
            part.append(kind)
            properties.append(part)
        sdt.append(properties)
        sdt.append(content)
        for block in blocks:
            content.append(block)
        return sdt

    def paragraph(text: str) -> OxmlElement:
        element, run, words = OxmlElement("w:p"), OxmlElement("w:r"), OxmlElement("w:t")
        words.text = text
        run.append(words)
        element.append(run)
        return element

    document = docx.Document()
    document.add_paragraph("清河县信息报送单")
    body = document.element.body
    body.insert(len(body) - 1, control(paragraph("目录"), paragraph("一、基本情况\t1"), gallery="Table of Contents"))
    body.insert(len(body) - 1, control(paragraph("报送单位：城关镇人民政府")))
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "事件概要"
    cell = table.cell(0, 1)._tc
    cell.remove(cell.find(qn("w:p")))
    cell.append(control(paragraph("城关镇幸福小区停水两天，居民聚集反映。")))
    document.add_paragraph("报送时间：2026年11月20日")
    data = io.BytesIO()
    document.save(data)
    assert read_docx(data.getvalue(), "报送单.docx")[0].split("\n") == [
        "清河县信息报送单", "报送单位：城关镇人民政府", "事件概要 | 城关镇幸福小区停水两天，居民聚集反映。", "报送时间：2026年11月20日"]


def zip_archive(members: dict[str, bytes], utf8: bool = False) -> bytes:
    """A ZIP of ``members`` with their names in GBK and no UTF-8 flag, as Windows' 发送到压缩文件夹, WinRAR and
    360压缩 write them on a Chinese system (``utf8``: as 7-Zip and macOS write them)."""
    import zipfile

    buffer = io.BytesIO()
    stand_ins = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, (name, content) in enumerate(members.items()):
            raw = name.encode("utf-8" if utf8 else "gb18030")
            stand_in = f"@{number:03d}".encode().ljust(len(raw), b"@")  # an ASCII name of the same length
            stand_ins[stand_in] = raw
            archive.writestr(stand_in.decode(), content)
    data = buffer.getvalue()
    for stand_in, raw in stand_ins.items():
        data = data.replace(stand_in, raw)
    return data


def test_an_archive_of_materials(data_dir: Path, home: Path, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A meeting's 材料.zip, its names in GBK as Windows writes them, is read as the folder it was made from:
    each document and saved page a document under the archive's path and its own; a picture and the
    __MACOSX copies passed over, a broken file one error line and the rest kept. `xuanti import` and
    `xuanti extract` take it as it is; it had been read as a 12345 export."""
    from extractors.files import archive_members
    from extractors.sources import read_archive_documents
    from xuanti.cli import main
    from xuanti.demo.content_policy import POLICIES

    notice = make_docx(["县应急管理局关于开展安全生产大检查的通知", "各乡镇：现就有关事项通知如下。"], [["序号", "任务"]])
    page = (data_dir / "pages/gne/people/1.html").read_bytes()
    members = {"会议材料/1.营商环境措施.doc": DOC_FIXTURE.read_bytes(), "会议材料/2.安全生产通知.docx": notice,
               "会议材料/3.相关报道.html": page, "会议材料/现场照片.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
               "会议材料/4.旧表.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
               "__MACOSX/会议材料/._2.安全生产通知.docx": b"\x00\x05\x16\x07"}
    archive = zip_archive(members)
    assert [name for name, _ in archive_members(archive, "材料.zip")] == [
        name for name in members if not name.startswith("__MACOSX")]
    assert [name for name, _ in archive_members(zip_archive(members, utf8=True), "材料.zip")][0] == "会议材料/1.营商环境措施.doc"
    errors: list[str] = []
    docs = read_archive_documents(archive, "/材料/材料.zip", "本地材料", errors)
    assert [doc.title for doc in docs][:2] == [POLICIES[0]["title"], "县应急管理局关于开展安全生产大检查的通知"]
    assert len(docs) == 3 and docs[2].metadata["file"] == "3.相关报道.html"
    assert [doc.url for doc in docs][1] == "/材料/材料.zip/会议材料/2.安全生产通知.docx"
    [error] = errors
    assert error.startswith("/材料/材料.zip/会议材料/4.旧表.doc: not a readable DOC")

    path = tmp_path / "材料.zip"
    path.write_bytes(archive)
    assert main(["import", str(path)]) == 0  # the broken file is an error line, as a bad row is; the rest is stored
    out, err = capsys.readouterr()
    assert out.startswith("材料.zip: 3 imported (3 new or changed), 0 skipped, 1 errors\n")
    assert err == "read as --kind file (a document)\n"
    assert main(["extract", str(path)]) == 0
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 3 and "4.旧表.doc: not a readable DOC" in err


def test_an_archive_attached_to_a_policy() -> None:
    """A portal's 附件.zip is read as its documents, each under its name; read only where the page offers
    nothing else, since a "打包下载" packs the attachments listed beside it. A password-protected or
    oversized archive is an error naming it."""
    import zipfile

    from extractors.files import archive_members

    notice = make_docx(["县应急管理局关于开展安全生产大检查的通知", "各乡镇：现就有关事项通知如下。"], [["序号", "任务"]])
    archive = zip_archive({"附件1.docx": notice, "附件2.doc": DOC_FIXTURE.read_bytes(), "附件3.xlsx": b"PK\x03\x04"})
    text = attachment_text(archive, "download.jsp?id=9")
    assert text.startswith("附件1.docx\n县应急管理局关于开展安全生产大检查的通知\n")
    assert "\n\n附件2.doc\n清河县人民政府办公室关于印发" in text and "附件3" not in text
    html = '<a href="/f/1.pdf">通知.pdf</a><a href="/f/all.zip">打包下载</a>'
    assert find_attachments(html, "http://gov.test/") == [("http://gov.test/f/1.pdf", "通知.pdf")]
    assert find_attachments('<a href="/f/all.zip">附件</a>', "http://gov.test/") == [("http://gov.test/f/all.zip", "附件")]
    assert find_attachments('<a href="/f/all.rar">附件</a><a href="/f/b.7z">附件</a>', "http://gov.test/") == [
        ("http://gov.test/f/all.rar", "附件"), ("http://gov.test/f/b.7z", "附件")]
    locked = bytearray(zip_archive({"secret.doc": DOC_FIXTURE.read_bytes()}))
    central = locked.find(b"PK\x01\x02")
    locked[6] |= 0x1  # the encrypted flag, in the member's local header and in the central directory
    locked[central + 8] |= 0x1
    with pytest.raises(ExtractionError, match="locked.zip: secret.doc is password-protected"):
        attachment_text(bytes(locked), "locked.zip")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for number in range(3):
            bomb.writestr(f"{number}.txt", b"0" * (80 << 20))
    with pytest.raises(ExtractionError, match=r"bomb.zip: an archive of 3 files, 240 MB unpacked: too large"):
        list(archive_members(buffer.getvalue(), "bomb.zip"))


def test_a_report_as_slides(tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A town's 汇报PPT among a meeting's materials (``scripts/make_ppt_fixture.py``: python-pptx's PPTX and
    LibreOffice's PowerPoint 97 of it) reads slide by slide, a table's row a line in a PPTX, the speaker
    notes after their slide; a WPS 演示 .dps in PowerPoint 97's format too. They had been "unsupported
    file type"; titled by the deck's title and dated by its title slide."""
    from extractors.files import read_ppt, read_pptx
    from extractors.sources import read_file_document
    from xuanti.cli import main

    maker = _fixture_maker("make_ppt_fixture")
    folder = Path(__file__).parent / "fixtures"
    deck, old = (folder / "report.pptx").read_bytes(), (folder / "report.ppt").read_bytes()
    assert read_pptx(deck, "report.pptx").split("\n") == maker.slide_lines()
    # PowerPoint 97 keeps a table as a group of cells: its rows are read again from where they stand.
    assert read_ppt(old, "report.ppt").split("\n") == maker.slide_lines()
    assert attachment_text(old, "汇报.dps") == attachment_text(old, "download.jsp?id=4") == read_ppt(old, "x")
    for data, name in ((deck, "汇报.pptx"), (old, "汇报.ppt")):
        document = read_file_document(data, f"/材料/{name}", "本地材料")
        assert document.title == maker.TITLE and document.published == datetime(2026, 11, 18)
    with pytest.raises(ExtractionError, match="cut.pptx: not a readable PPTX"):
        read_pptx(deck[:2000], "cut.pptx")
    (tmp_path / "汇报.pptx").write_bytes(deck)
    assert main(["import", str(tmp_path / "汇报.pptx")]) == 0
    assert capsys.readouterr() == ("汇报.pptx: 1 imported (1 new or changed), 0 skipped, 0 errors\n",
                                   "read as --kind file (a document)\n")


def test_a_docx_text_box_is_read_once() -> None:
    """A text box (the 红头's 文件 line, a side note) is read as lines of its own after the paragraph it is
    anchored in, once: Word keeps it as a drawing and again as a VML fallback copy, WPS as VML alone. It
    had not been read at all."""
    import docx
    from lxml import etree

    namespaces = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
                  'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
                  'xmlns:v="urn:schemas-microsoft-com:vml"')

    def box(text: str) -> str:
        return f"<w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent>"

    word = (f"<w:r {namespaces}><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx>"
            f"{box('清河县人民政府办公室文件')}</wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict>"
            f"<v:shape><v:textbox>{box('清河县人民政府办公室文件')}</v:textbox></v:shape></w:pict></mc:Fallback>"
            "</mc:AlternateContent></w:r>")
    wps = f"<w:r {namespaces}><w:pict><v:shape><v:textbox>{box('注：数据截至11月底')}</v:textbox></v:shape></w:pict></w:r>"
    document = docx.Document()
    document.add_paragraph()._p.append(etree.fromstring(word))
    document.add_paragraph("城关镇今年新增市场主体1260户。")._p.append(etree.fromstring(wps))
    data = io.BytesIO()
    document.save(data)
    assert read_docx(data.getvalue(), "汇报.docx")[0].split("\n") == [
        "", "清河县人民政府办公室文件", "城关镇今年新增市场主体1260户。", "注：数据截至11月底"]


def test_opendocument_files(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """OpenDocument, as LibreOffice saves on the domestic systems (统信UOS, 麒麟) some offices run
    (``scripts/make_odf_fixtures.py``): the demo policy as .odt reads as its Word 97 DOC does, titled and
    dated alike; the demo's 12345 export as .ods, behind a 说明 sheet, its times real dates and its unused
    rest a cell repeated 16,373 times, reads as the CSV it came from. Both had been unsupported."""
    from extractors.files import read_odt
    from extractors.hotline import read_hotline
    from extractors.sources import read_file_document
    from xuanti.cli import main
    from xuanti.demo.content_policy import POLICIES

    folder = Path(__file__).parent / "fixtures"
    odt = (folder / "demo_policy.odt").read_bytes()
    expected = read_doc(DOC_FIXTURE.read_bytes(), "demo_policy.doc").split("\n")
    assert [line.strip() for line in read_odt(odt, "措施.odt").split("\n")] == expected
    document = read_file_document(odt, "/材料/措施.odt", "本地材料")
    assert document.title == POLICIES[0]["title"] and document.published == datetime(2026, 11, 10)
    with pytest.raises(ExtractionError, match="cut.odt: not a readable ODT"):
        read_odt(odt[:3000], "cut.odt")

    columns = load_settings().hotline.columns
    export = Path(__file__).parent.parent / "xuanti/demo/site/hotline/12345_export_2026-11.csv"
    letters, _, _ = read_hotline(export.read_bytes(), export.name, "12345", columns)
    docs, errors, skipped = read_hotline((folder / "demo_export.ods").read_bytes(), "工单.ods", "12345", columns)
    assert errors == [] and skipped == 0 and len(docs) == 40
    assert [(doc.id, doc.title, doc.text, doc.published, doc.area, doc.category) for doc in docs] == [
        (doc.id, doc.title, doc.text, doc.published, doc.area, doc.category) for doc in letters[:40]]
    assert docs[0].metadata["sheet"] == "工单明细"
    (tmp_path / "工单.ods").write_bytes((folder / "demo_export.ods").read_bytes())
    assert main(["import", str(tmp_path / "工单.ods")]) == 0
    assert capsys.readouterr().out.startswith("工单.ods: 40 imported (40 new or changed), 0 skipped, 0 errors\n")


def test_an_email_saved_as_eml(home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A unit's 信息 sent to the office's mailbox and saved as .eml, as Foxmail writes one (GBK body, its
    subject and the attachment's name as encoded words): titled by its subject less 转发：, its body and
    the attached document's text under 附件, dated by when it was sent; a picture attached is passed over.
    It had not been read at all. A mail forwarded as an attachment is read within the one forwarding it,
    where it had been passed over."""
    from email.message import EmailMessage

    from extractors.sources import read_file_document
    from xuanti.cli import main
    from xuanti.demo.content_policy import POLICIES

    mail = EmailMessage()
    mail["From"] = "城关镇党政办 <cgz@example.gov.cn>"
    mail["To"] = "xxk@example.gov.cn"
    mail["Subject"] = "转发：城关镇关于优化营商环境工作进展的信息"
    mail["Date"] = "Fri, 20 Nov 2026 09:30:00 +0800"
    mail.set_content("县委办信息科：\n现将我镇优化营商环境工作进展报送如下，请审阅。\n城关镇党政办", charset="gbk")
    mail.add_alternative("<p>县委办信息科：</p><p>现将我镇优化营商环境工作进展报送如下，请审阅。</p>", subtype="html",
                         charset="gbk")
    mail.add_attachment(DOC_FIXTURE.read_bytes(), maintype="application", subtype="msword", filename="营商环境措施.doc")
    mail.add_attachment(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, maintype="image", subtype="png", filename="签名.png")
    data = bytes(mail)
    assert b"=?" in data  # the subject and the file name as encoded words, as mail clients write them
    document = read_file_document(data, "/邮件/信息.eml", "本地材料")
    assert document.title == "城关镇关于优化营商环境工作进展的信息"
    assert document.published == datetime(2026, 11, 20, 9, 30)  # sent, not the attachment's 落款
    lines = document.text.split("\n")
    assert lines[1:3] == ["县委办信息科：", "现将我镇优化营商环境工作进展报送如下，请审阅。"]
    assert f"附件：营商环境措施.doc\n{POLICIES[0]['title']}" in document.text and "签名" not in document.text
    with pytest.raises(ExtractionError, match="note.eml: not a readable e-mail"):
        read_file_document("随手记的一段话".encode(), "note.eml", "本地材料")
    forward = EmailMessage()  # the office's colleague forwards it as an attachment (Foxmail's 作为附件转发)
    forward["From"], forward["To"] = "xxk@example.gov.cn", "zhuren@example.gov.cn"
    forward["Subject"], forward["Date"] = "Fw: 城关镇信息", "Fri, 20 Nov 2026 11:00:00 +0800"
    forward.set_content("请阅。", charset="gbk")
    forward.add_attachment(mail)
    assert forward.get_payload()[1].get_content_type() == "message/rfc822"
    forwarded = read_file_document(bytes(forward), "/邮件/转发.eml", "本地材料")
    assert forwarded.title == "城关镇信息" and forwarded.published == datetime(2026, 11, 20, 11, 0)
    assert forwarded.text.split("\n")[1:4] == ["请阅。", "转发的邮件：城关镇关于优化营商环境工作进展的信息", "县委办信息科："]
    assert f"附件：营商环境措施.doc\n{POLICIES[0]['title']}" in forwarded.text  # the forwarded mail's own
    (tmp_path / "信息.eml").write_bytes(data)
    assert main(["import", str(tmp_path / "信息.eml")]) == 0
    assert capsys.readouterr() == ("信息.eml: 1 imported (1 new or changed), 0 skipped, 0 errors\n",
                                   "read as --kind file (a document)\n")


def test_a_document_shown_in_a_pdf_viewer(data_dir: Path, tmp_path: Path) -> None:
    """A policy page that shows its 公文 inline, in a PDF viewer's frame (/pdfjs/web/viewer.html?file=…) or an
    <embed>, takes the PDF's text as it takes a linked attachment's; the frame had been passed over, and
    with it the document."""
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(make_pdf(["清河县人民政府关于做好冬季供暖保障工作的通知", "各乡镇人民政府：现就做好今冬供暖保障工作通知如下。"]))
    index = tmp_path / "index.html"
    index.write_text(f'<html><body><ul><li><a href="{PAGE_PATH}">专利代理条例</a></li></ul></body></html>',
                     encoding="utf-8")
    frame = '<iframe src="/pdfjs/web/viewer.html?file=/uploads/2026/notice.pdf" title="供暖保障通知"></iframe>'
    routes = {"/zhengce/zuixin.htm": index, PAGE_PATH: data_dir / "policy/govcn_2019/content_5341736.html",
              "/uploads/2026/notice.pdf": pdf}
    with LocalServer(routes=routes, substitute={LAST_PARAGRAPH: LAST_PARAGRAPH + frame}) as server:
        source = SiteSource(name="政策文件", type="policy", index=[f"{server.base_url}/zhengce/zuixin.htm"],
                            allow_private=True)
        bundle = fetch_source(source, FAST)
        result = parse_source(source, bundle, load_settings())
    assert [item.role for item in bundle.items] == ["policy", "attachment"] and bundle.errors == []
    [doc] = result.documents
    assert doc.metadata["attachments"] == ["供暖保障通知"]
    assert "附件：供暖保障通知\n清河县人民政府关于做好冬季供暖保障工作的通知" in doc.text
    assert find_attachments('<embed src="files/x.pdf"><iframe src="/video.html"></iframe>', "http://gov.test/a/") == [
        ("http://gov.test/a/files/x.pdf", "x.pdf")]


def test_a_feed_entry_that_links_its_document(tmp_path: Path) -> None:
    """A portal's 政策文件 feed whose entries link the PDF or DOC itself, with a one-line summary: the file's text
    replaces the summary, as a linked page's does, and its 落款 dates an undated entry; the file had been an
    error ("a PDF file, not an HTML page") and the entry kept its one line."""
    from xuanti.demo.content_policy import POLICIES
    from xuanti.settings import FeedSource

    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(make_pdf(["清河县人民政府关于做好冬季供暖保障工作的通知", "各乡镇人民政府：现就做好今冬供暖保障工作通知如下。",
                              "清河县人民政府", "2026年11月16日"]))
    feed = tmp_path / "rss.xml"
    with LocalServer(routes={"/rss.xml": feed, "/files/notice.pdf": pdf, "/files/measures.doc": DOC_FIXTURE}) as server:
        feed.write_text(
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>清河县政府-政策文件</title>'
            f"<item><title>关于做好冬季供暖保障工作的通知</title><link>{server.base_url}/files/notice.pdf</link>"
            "<description>供暖保障通知</description></item>"
            f"<item><title>{POLICIES[0]['title']}</title><link>{server.base_url}/files/measures.doc</link>"
            "<description>营商环境措施</description><pubDate>Tue, 10 Nov 2026 09:00:00 +0800</pubDate></item>"
            "</channel></rss>", encoding="utf-8")
        source = FeedSource(name="清河县政府-政策文件", type="feed", url=f"{server.base_url}/rss.xml", kind="policy",
                            domains=["127.0.0.1"], allow_private=True)
        bundle = fetch_source(source, FAST)
        result = parse_source(source, bundle, load_settings())
    assert result.errors == [] and len(result.documents) == 2
    notice, measures = result.documents
    assert notice.text.startswith("清河县人民政府关于做好冬季供暖保障工作的通知\n各乡镇人民政府")
    assert notice.published == datetime(2026, 11, 16) and notice.kind == "policy"
    assert "1 | 深化“一件事一次办”改革 | 县行政审批局" in measures.text
    assert measures.published == datetime(2026, 11, 10, 9, 0)  # the feed's own date first


ARCHIVES = Path(__file__).parent / "fixtures" / "archives"


def test_rar_and_7z_archives(tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A unit's materials packed as 7z (``scripts/make_archive_fixtures.py``, py7zr's) or RAR (WinRAR's own, from
    rarfile's test suite: RAR5, and RAR4 with Unicode names) read as a ZIP of them does, the ZIP of the towns'
    materials inside read through; they had been "7z attachments cannot be read" or passed over in a folder.
    A password is said as a ZIP's is, and an archive libarchive cannot unpack is an error naming it."""
    from extractors.files import archive_members
    from extractors.sources import fetch_source, parse_source, read_archive_documents
    from xuanti.cli import main
    from xuanti.demo.content_policy import POLICIES
    from xuanti.settings import FolderSource

    materials = (ARCHIVES / "materials.7z").read_bytes()
    assert [(name, len(content)) for name, content in archive_members(materials, "材料.7z")] == [
        ("会议材料/1.营商环境措施.doc", len((ARCHIVES.parent / "demo_policy.doc").read_bytes())),
        ("会议材料/2.城关镇汇报.pptx", len((ARCHIVES.parent / "report.pptx").read_bytes())),
        ("会议材料/现场照片.png", 72), ("会议材料/各乡镇材料.zip/城关镇/情况报告.txt", 157)]
    errors: list[str] = []
    docs = read_archive_documents(materials, "/收文/材料.7z", "本地材料", errors)
    assert errors == [] and [doc.title for doc in docs] == [
        POLICIES[0]["title"], "城关镇2026年优化营商环境工作汇报", "城关镇关于冬季供暖保障工作的情况报告"]
    assert docs[2].url == "/收文/材料.7z/会议材料/各乡镇材料.zip/城关镇/情况报告.txt"
    assert attachment_text(materials, "download.jsp?id=7").startswith(f"1.营商环境措施.doc\n{POLICIES[0]['title']}")

    rar5 = dict(archive_members((ARCHIVES / "rar5-crc.rar").read_bytes(), "x.rar"))
    assert list(rar5) == ["stest1.txt", "stest2.txt"] and rar5["stest1.txt"].startswith(b"000\n001\n")
    assert list(dict(archive_members((ARCHIVES / "unicode2.rar").read_bytes(), "x.rar"))) == [
        "\U0001d400\U0001d401\U0001d401\U0001d402.txt", "уииоотивл.txt"]
    with pytest.raises(ExtractionError, match="locked.7z: 营商环境措施.doc is password-protected"):
        attachment_text((ARCHIVES / "locked.7z").read_bytes(), "locked.7z")
    with pytest.raises(ExtractionError, match="hpsw.rar: password-protected; unpack the archive"):
        list(archive_members((ARCHIVES / "rar5-hpsw.rar").read_bytes(), "hpsw.rar"))
    # libarchive cannot unpack a RAR5 whose data only is under a password: The Unarchiver (unar) says so.
    with pytest.raises(ExtractionError, match="psw.rar: stest1.txt is password-protected; unpack the archive"):
        list(archive_members((ARCHIVES / "rar5-psw.rar").read_bytes(), "psw.rar"))

    folder = tmp_path / "收文"
    folder.mkdir()
    (folder / "材料.7z").write_bytes(materials)
    (folder / "旧材料.rar").write_bytes((ARCHIVES / "rar5-crc.rar").read_bytes())
    source = FolderSource(name="本地材料", type="folder", path=str(folder))
    result = parse_source(source, fetch_source(source, load_settings().fetch), load_settings())
    assert len(result.documents) == 5 and result.errors == []
    assert main(["import", str(folder / "材料.7z")]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("材料.7z: 3 imported (3 new or changed), 0 skipped, 0 errors\n")
    assert err == "read as --kind file (a document)\n"


def test_a_solid_rar4_and_chinese_names_under_the_c_locale(tmp_path: Path) -> None:
    """A solid RAR4 (WinRAR's 创建固实压缩文件; rarfile's fixture) had its first file read and then stopped on
    "RAR solid archive support unavailable": libarchive reads no more of it, The Unarchiver reads the rest.
    A nightly job under LC_ALL=C (cron, a container) read a 7z's Chinese names as 第1个文件.doc…; they are
    read as written."""
    import subprocess
    import sys

    from extractors.files import archive_members

    solid = dict(archive_members((ARCHIVES / "rar3-solid.rar").read_bytes(), "旧材料.rar"))
    assert list(solid) == ["stest1.txt", "stest2.txt"]
    assert solid["stest2.txt"] == solid["stest1.txt"] and solid["stest2.txt"].startswith(b"000\n001\n")
    assert len(solid["stest2.txt"]) == 2048
    broken = (ARCHIVES / "rar3-solid.rar").read_bytes()[:-10]  # its second file cut short
    with pytest.raises(ExtractionError, match="坏.rar: stest2.txt cannot be unpacked as RAR"):
        list(archive_members(broken, "坏.rar"))

    script = ("import sys; from extractors.files import archive_members; "
              "sys.stdout.buffer.write('|'.join(n for n, _ in archive_members(open(sys.argv[1], 'rb').read(), "
              "'材料.7z')).encode('utf-8'))")
    names = subprocess.run([sys.executable, "-c", script, str(ARCHIVES / "materials.7z")], capture_output=True,
                           env={**os.environ, "LC_ALL": "C"}, check=True, cwd=Path(__file__).parents[1]).stdout
    assert names.decode("utf-8").split("|") == ["会议材料/1.营商环境措施.doc", "会议材料/2.城关镇汇报.pptx",
                                                "会议材料/现场照片.png", "会议材料/各乡镇材料.zip/城关镇/情况报告.txt"]


def test_an_archive_in_an_archive() -> None:
    """A county's 材料.zip of the towns' own ZIPs is read through to their documents, two levels down; the
    limits count the archives inside with the one that holds them, so a bomb of nested archives is refused."""
    from extractors.files import archive_members

    notice = make_docx(["城关镇关于冬季供暖保障工作的情况报告", "入冬以来，排查管网12处。"], [["序号", "小区"]])
    town = zip_archive({"城关镇/情况报告.docx": notice})
    county = zip_archive({"各乡镇/城关镇.zip": town, "各乡镇/新城镇.zip": zip_archive({"报告.docx": notice}),
                          "说明.txt": "各乡镇材料。".encode("gb18030")})
    assert [name for name, _ in archive_members(county, "材料.zip")] == [
        "各乡镇/城关镇.zip/城关镇/情况报告.docx", "各乡镇/新城镇.zip/报告.docx", "说明.txt"]
    deepest = zip_archive({"c.zip": zip_archive({"d.zip": zip_archive({"e.zip": zip_archive({"f.docx": notice})})})})
    assert [name for name, _ in archive_members(deepest, "深.zip")] == ["c.zip/d.zip/e.zip"]  # two levels down at most
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as inner:
        inner.writestr("0.txt", b"0" * (150 << 20))
    bomb = zip_archive({"a.zip": buffer.getvalue(), "b.zip": buffer.getvalue()})
    with pytest.raises(ExtractionError, match=r"炸弹.zip/b.zip: an archive of 1 files, 150 MB unpacked: too large"):
        list(archive_members(bomb, "炸弹.zip"))


def test_a_doc_text_box_and_a_red_head() -> None:
    """A notice whose 红头 line and a side note are text boxes, a red rule a shape of no text
    (``scripts/make_doc_fixture.py textboxes``, LibreOffice's Word 97): the DOC reads as its DOCX does, each
    box a line after the paragraph it is anchored in; its boxes had not been read. So does its Word 2003 XML.
    Read as a file, the
    notice is titled by its title, not by the 红头 line above it."""
    from extractors.sources import read_file_document

    maker = _fixture_maker()
    data = (DOC_FIXTURE.parent / "text_boxes.doc").read_bytes()
    expected = [line for text, anchored in maker.TEXT_BOXED
                for line in (text, *(box for kind, box in anchored if kind == "box")) if line]
    assert read_doc(data, "通知.doc").split("\n") == expected
    docx_data = io.BytesIO()
    maker.text_boxes_docx().save(docx_data)
    assert read_docx(docx_data.getvalue(), "通知.docx")[0].split("\n") == ["", *expected]
    wordml = (DOC_FIXTURE.parent / "text_boxes_wordml.doc").read_bytes()  # a box had run into its line
    assert read_doc(wordml, "通知.doc").split("\n") == ["", *expected]
    doc = read_file_document(data, "/收文/通知.doc", "本地材料")
    assert doc.title == "关于做好冬季供暖保障工作的通知" and doc.published == datetime(2026, 11, 20)


def test_a_files_title_after_its_red_head(data_dir: Path) -> None:
    """A 公文's 版头 (份号, 密级, 紧急程度, its 文件 line, 文号, 签发人) is passed over for its title; a title
    broken after its agency is joined again; a real Hebei text that begins with its 文号 and goes on to
    whom it is sent keeps its file's name, or the 文号 where that name says nothing."""
    import csv

    from extractors.sources import file_title

    assert file_title("000123\n机密★1年\n特急\n中共清河县委办公室\n清河县人民政府办公室\n文件\n"
                      "清办发〔2026〕3号  签发人：张三\n关于印发《方案》的通知\n各乡镇：") == "关于印发《方案》的通知"
    assert file_title("清河县人民政府办公室\n关于做好冬季供暖保障工作的通知\n各乡镇：") == (
        "清河县人民政府办公室关于做好冬季供暖保障工作的通知")
    assert file_title("城关镇2026年工作汇报\n清政办〔2026〕12号") == "城关镇2026年工作汇报"
    csv.field_size_limit(1 << 30)
    with (data_dir / "policy/hebei/edu_teachers.csv").open(encoding="utf-8") as handle:
        texts = {row["标题"]: row["内容"].strip() for row in csv.DictReader(handle)}
    text = next(text for title, text in texts.items() if title.startswith("河北省教育厅关于评选中小学和幼儿园骨干教师"))
    assert text.startswith("冀教师〔2018〕17号\n")
    assert file_title(text, "关于评选中小学和幼儿园骨干教师的通知.doc") == "关于评选中小学和幼儿园骨干教师的通知"
    assert file_title(text, "2018-17.doc") == "冀教师〔2018〕17号"


def test_a_scanned_pdf_is_read_by_ocr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 公文 published as the scan of its sealed copy (``scripts/make_scan_fixture.py``: a picture of our own
    notice, askew and specked, no text) is read by OCR, 97 % of its characters right as measured when it was
    made (floor 0.95), titled by its title; it had been "no text in file". Without Tesseract the error
    says how to add it."""
    import difflib

    from extractors import ocr
    from extractors.sources import read_file_document

    if ocr.ocr_missing():
        pytest.skip(ocr.ocr_missing() + "; .ci/run installs it (scripts/setup_system.sh)")
    maker = _fixture_maker("make_scan_fixture")
    data = (DOC_FIXTURE.parent / "scanned_notice.pdf").read_bytes()
    doc = read_file_document(data, "/uploads/安全生产实施方案.pdf", "policy")
    expected = "".join("".join(maker.page_lines()).split())
    assert difflib.SequenceMatcher(None, expected, "".join(doc.text.split()), autojunk=False).ratio() >= 0.95
    assert doc.title == maker.page_lines()[0] and "重大事故隐患实现动态清零" in doc.text
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine without Tesseract
    ocr.ocr_missing.cache_clear()
    try:
        with pytest.raises(ExtractionError, match=r"安全生产实施方案.pdf: no text in file \(a scanned image\? OCR needs "
                                                  r"Tesseract \(apt-get install tesseract-ocr tesseract-ocr-chi-sim\)\)"):
            read_file_document(data, "/uploads/安全生产实施方案.pdf", "policy")
    finally:
        ocr.ocr_missing.cache_clear()


def test_macro_enabled_documents_and_templates(tmp_path: Path) -> None:
    """A 公文 kept macro-enabled (.docm, as one made with an office's 红头 macro is) or as a template (.dotx),
    LibreOffice's (``scripts/make_doc_fixture.py templates``), reads as the DOC of the same policy does; each
    had been "not a Word file" (python-docx refuses their content type). A folder source takes them, and a
    slide show (.ppsx), which it had passed over."""
    from extractors.sources import fetch_source, parse_source
    from xuanti.demo.content_policy import POLICIES
    from xuanti.settings import FolderSource

    folder = DOC_FIXTURE.parent / "templates"
    expected = [" ".join(line.split()) for line in read_doc(DOC_FIXTURE.read_bytes(), "demo_policy.doc").split("\n")]
    for name in ("policy.docm", "policy.dotx"):
        text = read_docx((folder / name).read_bytes(), name)[0]
        assert [" ".join(line.split()) for line in text.split("\n") if line.strip()] == expected, name
    materials = tmp_path / "材料"
    materials.mkdir()
    (materials / "营商环境措施.docm").write_bytes((folder / "policy.docm").read_bytes())
    (materials / "汇报.ppsx").write_bytes((DOC_FIXTURE.parent / "report.pptx").read_bytes())
    source = FolderSource(name="本地材料", type="folder", path=str(materials))
    result = parse_source(source, fetch_source(source, load_settings().fetch), load_settings())
    assert sorted(doc.title for doc in result.documents) == sorted([POLICIES[0]["title"], "城关镇2026年优化营商环境工作汇报"])


def test_a_screenshot_and_a_scanners_pages_by_ocr(tmp_path: Path, home: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A phone's screenshot of a 业主群 (``scripts/make_scan_fixture.py screenshot``: our own messages) is a
    document where a folder's patterns take pictures, or imported alone: titled by the group's name, not by
    the phone's clock, its messages read (停水, 去县政府); a scanner's TIFF is read page by page; a photo with
    no text is an error naming it. Pictures had been "unsupported file type"."""
    from PIL import Image

    from extractors import ocr
    from extractors.sources import fetch_source, parse_source
    from xuanti.cli import main
    from xuanti.settings import FolderSource

    if ocr.ocr_missing():
        pytest.skip(ocr.ocr_missing() + "; .ci/run installs it (scripts/setup_system.sh)")
    maker = _fixture_maker("make_scan_fixture")
    folder = tmp_path / "材料"
    folder.mkdir()
    (folder / "业主群截图.png").write_bytes((DOC_FIXTURE.parent / "group_chat.png").read_bytes())
    pages = [maker.scanned_page(lines).crop((0, 0, maker.WIDTH, 500))
             for lines in (["城关镇关于供水抢修情况的报告", "第一页"], ["抢修已于11月20日晚完成", "第二页"])]
    pages[0].save(folder / "报告.tif", save_all=True, append_images=pages[1:], compression="tiff_deflate")
    Image.new("RGB", (800, 600), (90, 160, 220)).save(folder / "现场照片.jpg")
    source = FolderSource(name="本地材料", type="folder", path=str(folder), patterns=["*.png", "*.tif", "*.jpg"])
    result = parse_source(source, fetch_source(source, load_settings().fetch), load_settings())
    chat, report = sorted(result.documents, key=lambda doc: doc.url)
    assert chat.title.startswith("幸福小区业主群") and "停水" in chat.text and "去县政府" in chat.text
    assert report.title == "城关镇关于供水抢修情况的报告" and report.text.index("第一页") < report.text.index("第二页")
    assert [error.split(": ", 1)[1] for error in result.errors] == ["a picture with no text to read (a photo?)"]
    assert main(["import", str(folder / "业主群截图.png")]) == 0
    assert capsys.readouterr() == ("业主群截图.png: 1 imported (1 new or changed), 0 skipped, 0 errors\n",
                                   "read as --kind file (a document)\n")


def test_a_policy_shown_as_scanned_pages(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A policy page that shows its 公文 as the pictures of its scanned pages (a real gov.cn page whose text
    is replaced by two scans of our own notice, ``scripts/make_scan_fixture.py``'s printing, and a share
    button) takes their text by OCR as its own, in order; the page had been stored with its title alone.
    Without Tesseract the crawl says so once, naming the page."""
    import re

    from extractors import ocr
    from extractors.policy import scanned_pages

    if ocr.ocr_missing():
        pytest.skip(ocr.ocr_missing() + "; .ci/run installs it (scripts/setup_system.sh)")
    maker = _fixture_maker("make_scan_fixture")
    real = (data_dir / "policy/govcn_2019/content_5341736.html").read_text(encoding="utf-8")
    pictures = ('<p><img src="/uploads/scan/1.jpg" width="800"></p><p><img data-src="/uploads/scan/2.jpg" '
                'src="/images/loading.gif"></p><p><img src="/images/share_weixin.png" width="24"></p>')
    page = tmp_path / "page.htm"
    page.write_text(re.sub(r'(id="UCAP-CONTENT">).*?(</td>)', lambda m: m[1] + pictures + m[2], real, flags=re.S),
                    encoding="utf-8")
    scans = {"1.jpg": ["清河县人民政府办公室关于做好冬季供暖保障工作的通知", "各乡镇人民政府，县直各单位："],
             "2.jpg": ["请于11月底前完成老旧小区管网排查整改。", "清河县人民政府办公室"]}
    for name, lines in scans.items():
        maker.scanned_page(lines).crop((0, 0, maker.WIDTH, 420)).save(tmp_path / name, "JPEG", quality=80)
    index = tmp_path / "index.html"
    index.write_text(f'<html><body><ul><li><a href="{PAGE_PATH}">专利代理条例</a></li></ul></body></html>',
                     encoding="utf-8")
    routes = {"/zhengce/zuixin.htm": index, PAGE_PATH: page, "/uploads/scan/1.jpg": tmp_path / "1.jpg",
              "/uploads/scan/2.jpg": tmp_path / "2.jpg"}
    assert scanned_pages(page.read_text(encoding="utf-8"), "http://gov.test/a/") == [
        ("http://gov.test/uploads/scan/1.jpg", "第1页"), ("http://gov.test/uploads/scan/2.jpg", "第2页")]
    assert scanned_pages(real, "http://gov.test/a/") == []  # a page of text shows no scans
    with LocalServer(routes=routes) as server:
        source = SiteSource(name="政策文件", type="policy", index=[f"{server.base_url}/zhengce/zuixin.htm"],
                            allow_private=True)
        bundle = fetch_source(source, FAST)
        result = parse_source(source, bundle, load_settings())
        assert [item.role for item in bundle.items] == ["policy", "attachment", "attachment"] and result.errors == []
        [doc] = result.documents
        assert doc.metadata["scanned_pages"] == 2 and "attachments" not in doc.metadata
        assert doc.text.index("冬季供暖保障工作的通知") < doc.text.index("管网排查整改")
        monkeypatch.setenv("PATH", str(tmp_path))  # a machine without Tesseract
        ocr.ocr_missing.cache_clear()
        try:
            bundle = fetch_source(source, FAST)
        finally:
            ocr.ocr_missing.cache_clear()
    assert [item.role for item in bundle.items] == ["policy"]
    assert bundle.errors == [f"{server.base_url}{PAGE_PATH}: its document is shown as 2 scanned pages; OCR needs "
                             "Tesseract (apt-get install tesseract-ocr tesseract-ocr-chi-sim)"]


def test_scans_pasted_into_a_word_file() -> None:
    """A unit's 扫描件.docx, its signed pages scanned and pasted in as pictures (``scripts/make_scan_fixture.py``'s
    printing of our own report), is read by OCR, its pages in order, titled by its title; it had been "no text
    in file". A Word file with text keeps its pictures unread."""
    import docx
    from docx.shared import Inches

    from extractors import ocr
    from extractors.sources import read_file_document

    if ocr.ocr_missing():
        pytest.skip(ocr.ocr_missing() + "; .ci/run installs it (scripts/setup_system.sh)")
    maker = _fixture_maker("make_scan_fixture")
    document = docx.Document()
    for lines in (["城关镇关于供水抢修情况的报告", "11月18日起幸福小区3号楼停水"], ["抢修已于11月20日晚完成", "城关镇人民政府"]):
        picture = io.BytesIO()
        maker.scanned_page(lines).crop((0, 0, maker.WIDTH, 640)).save(picture, "PNG")  # page-sized: 600 px at least
        document.add_picture(picture, width=Inches(6))
    data = io.BytesIO()
    document.save(data)
    doc = read_file_document(data.getvalue(), "/收文/扫描件.docx", "本地材料")
    assert doc.title == "城关镇关于供水抢修情况的报告" and doc.text.index("停水") < doc.text.index("抢修已于")
    document.add_paragraph("城关镇关于供水抢修情况的报告（文字版），正文见上。")
    data = io.BytesIO()
    document.save(data)
    assert read_docx(data.getvalue(), "报告.docx")[0].strip() == "城关镇关于供水抢修情况的报告（文字版），正文见上。"


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")  # the PDF's text is what is read, not its look
def test_a_pdf_whose_text_is_radicals() -> None:
    """A PDF whose fonts map its characters to radicals (a WPS or Pages export: "⼀、⼯作⽬标", "⼈⺠") reads as
    the characters meant, where the radicals had been words no model or search knew."""
    from extractors.files import read_pdf

    lines = ["⼀、⼯作⽬标", "到2026年底，⼈⺠群众⻓期关⼼的供⽔问题基本解决。"]
    assert read_pdf(make_pdf(lines), "方案.pdf").split("\n") == ["一、工作目标", "到2026年底，人民群众长期关心的供水问题基本解决。"]


def test_a_pdf_whose_fonts_keep_no_map_to_their_characters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PDF that shows right but whose text reads as /g0/g1/g2 (its fonts keep no map to their characters;
    ``scripts/make_scan_fixture.py garbled``, our own notice) is read by OCR of its page as drawn, where its
    glyphs' names had been stored as its text; without OCR the error says what is wrong and how to mend it."""
    from extractors import ocr
    from extractors.files import read_pdf

    if ocr.ocr_missing():
        pytest.skip(ocr.ocr_missing() + "; .ci/run installs it (scripts/setup_system.sh)")
    maker = _fixture_maker("make_scan_fixture")
    data = (DOC_FIXTURE.parent / "garbled_fonts.pdf").read_bytes()
    text = read_pdf(data, "通知.pdf")
    assert text.split("\n")[0] == maker.GARBLED_LINES[0] and "部分老旧小区室温不达标" in text and "/g" not in text
    monkeypatch.setenv("PATH", str(tmp_path))  # a machine without Tesseract
    ocr.ocr_missing.cache_clear()
    try:
        with pytest.raises(ExtractionError, match=r"通知.pdf: its text is garbled \(its fonts keep no map to their "
                                                  r"characters\); OCR needs Tesseract"):
            read_pdf(data, "通知.pdf")
    finally:
        ocr.ocr_missing.cache_clear()


def test_a_scanned_ofd() -> None:
    """An OFD of a scanned page (a picture, no text layer: ``scripts/make_ofd_fixture.py scanned``, as a
    scanner's OFD software writes one) reads by OCR, its picture found through the document's resources;
    it had been "no text in file"."""
    from extractors import ocr
    from extractors.sources import read_file_document

    if ocr.ocr_missing():
        pytest.skip(ocr.ocr_missing() + "; .ci/run installs it (scripts/setup_system.sh)")
    maker = _fixture_maker("make_scan_fixture")
    doc = read_file_document((DOC_FIXTURE.parent / "scanned_notice.ofd").read_bytes(), "/收文/实施方案.ofd", "本地材料")
    assert doc.title == maker.page_lines()[0] and "重大事故隐患实现动态清零" in doc.text


def test_a_page_scanned_sideways_or_upside_down() -> None:
    """A page a feeder scanned upside down or sideways (``scripts/make_scan_fixture.py``'s printing of our
    notice, turned) is turned upright by Tesseract's orientation detection before it is read; it had read
    as nonsense."""
    from extractors import ocr
    from extractors.files import read_pdf

    if ocr.ocr_missing():
        pytest.skip(ocr.ocr_missing() + "; .ci/run installs it (scripts/setup_system.sh)")
    maker = _fixture_maker("make_scan_fixture")
    page = maker.scanned_page(maker.page_lines()).crop((0, 0, maker.WIDTH, 900))
    for turn in (180, 90):
        pdf = io.BytesIO()
        page.rotate(turn, expand=True, fillcolor=255).save(pdf, "PDF", resolution=maker.DPI)
        text = read_pdf(pdf.getvalue(), "扫描件.pdf")
        assert text.startswith(maker.page_lines()[0]) and "重大事故隐患实现动态清零" in text, turn
