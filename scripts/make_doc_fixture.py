"""Write tests/fixtures/demo_policy.doc: the demo portal's first policy document (our own invented text,
xuanti.demo.content_policy) as Word 97-2003, the way LibreOffice writes it, for extractors.files.read_doc;
with ``revisions``, tests/fixtures/revisions.doc instead: a short report of ours edited with 修订 (track
changes) on, a figure inserted and the old one deleted; with ``textboxes``, tests/fixtures/text_boxes.doc:
a notice of ours whose 红头 line and a side note are text boxes, a red rule beneath the 红头 a shape of no
text, as a 红头 template is laid out (``TEXT_BOXED``), and the same as Word 2003 XML in
tests/fixtures/text_boxes_wordml.doc; with ``templates``, the policy document as LibreOffice saves it
macro-enabled (tests/fixtures/templates/policy.docm, as a 公文 made with an office's 红头 macro is kept) and
as a template (policy.dotx); with ``lookalikes``, the same policy document in
tests/fixtures/lookalikes/ as the files named .doc that OA systems' "导出Word" and editors hand on, which
Word opens though none is a Word 97 file (its flat XML, ``flat_xml``, is 0.8 MB of styles: the tests
build it):

- rtf.doc: RTF, as LibreOffice writes it;
- wordml.doc: Word 2003 XML (WordprocessingML), as LibreOffice writes it, the form a FreeMarker template fills;
- web.doc: Word's web page (HTML with Word's namespaces and a 仿宋 style), as a template writes it;
- mht.doc: a single-file web page (MIME, quoted-printable), as html-docx-js and Word's .mht write it;
- altchunk.docx: a DOCX whose body is that MHT merged in (w:altChunk), html-docx-js's form.

Needs LibreOffice (`bash scripts/setup_system.sh --with-libreoffice`):
    .venv/bin/python scripts/make_doc_fixture.py [revisions|textboxes|templates|lookalikes]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx

from xuanti.demo.content_policy import POLICIES

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "demo_policy.doc"
# A table as policy documents end with one: the 附件's 任务分工表, with the empty cells such tables have
# (a 备注 left blank, a unit not yet named), which Word writes as a cell mark alone.
TASKS = [["序号", "重点任务", "责任单位", "备注"], ["1", "深化“一件事一次办”改革", "县行政审批局", ""],
         ["2", "推行“拿地即开工”", "", "2027年6月底前"], ["3", "", "", ""]]


def policy_lines() -> list[str]:
    """The document's paragraphs in order, as the fixture holds them (the table aside)."""
    policy = POLICIES[0]
    lines = [policy["title"], policy["doc_no"], *policy["intro"].split("\n")]
    for heading, paragraphs in policy["sections"]:
        lines += [heading, *paragraphs]
    return [*lines, "附件：重点任务分工表"]


def policy_docx() -> docx.document.Document:
    """The fixture's DOCX: paragraphs, the 附件 table, then the 落款 (agency and date)."""
    document = docx.Document()
    for line in policy_lines():
        document.add_paragraph(line)
    table = document.add_table(rows=len(TASKS), cols=len(TASKS[0]))
    for r, row in enumerate(TASKS):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph(POLICIES[0]["agency"])
    document.add_paragraph(POLICIES[0]["written"])
    return document


# The report as Word shows it with its revisions in, and the revisions: (kind, text) after each line's start.
REVISED = [("清河县2026年就业工作情况汇报", []),
           ("城关镇今年", [("w:ins", "新增就业岗位1200个，"), ("w:del", "新增就业岗位800个，"), ("", "完成全年目标。")]),
           ("清河县人力资源和社会保障局", []), ("2026年11月20日", [])]


def revisions_docx() -> docx.document.Document:
    """The report with its 修订 as Word keeps them (w:ins, w:del with w:delText)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    for start, revisions in REVISED:
        paragraph = document.add_paragraph(start)
        for kind, text in revisions:
            if not kind:
                paragraph.add_run(text)
                continue
            mark, run, words = OxmlElement(kind), OxmlElement("w:r"), OxmlElement(
                "w:delText" if kind == "w:del" else "w:t")
            for key, value in (("w:id", "1"), ("w:author", "县委办"), ("w:date", "2026-11-20T10:00:00Z")):
                mark.set(qn(key), value)
            words.text = text
            run.append(words)
            mark.append(run)
            paragraph._p.append(mark)
    return document


# The notice as Word shows it, a line a paragraph: (its text, what is anchored in it: "box" text or a "rule").
TEXT_BOXED = [("", [("box", "清河县人民政府办公室文件")]), ("清政办〔2026〕12号", [("rule", "")]),
              ("关于做好冬季供暖保障工作的通知", []),
              ("各乡镇人民政府，县直各单位：入冬以来，全县供暖总体平稳，部分老旧小区室温不达标。",
               [("box", "注：数据截至2026年11月18日")]),
              ("一、排查老旧小区供暖管网，11月底前完成整改。", []),
              ("清河县人民政府办公室", []), ("2026年11月20日", [])]


def text_boxes_docx() -> docx.document.Document:
    """The notice with its boxes and rule as floating VML shapes, as Word and WPS keep them."""
    from lxml import etree

    namespaces = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
                  'xmlns:v="urn:schemas-microsoft-com:vml"')
    shapes = {"box": ('<w:r {ns}><w:pict><v:shape style="position:absolute;margin-top:{top}pt;width:400pt;height:40pt">'
                      '<v:textbox><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></v:textbox>'
                      '</v:shape></w:pict></w:r>'),
              "rule": '<w:r {ns}><w:pict><v:line from="0,0" to="440pt,0" strokecolor="red" strokeweight="2pt"/></w:pict></w:r>'}
    document = docx.Document()
    for number, (line, anchored) in enumerate(TEXT_BOXED):
        paragraph = document.add_paragraph(line)
        for kind, text in anchored:
            paragraph._p.append(etree.fromstring(shapes[kind].format(ns=namespaces, top=40 * number, text=text)))
    return document


def write_doc(document: docx.document.Document, fixture: Path) -> None:
    """``document`` saved as Word 97 by LibreOffice to ``fixture``."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / fixture.with_suffix(".docx").name
        document.save(source)
        subprocess.run(["soffice", "--headless", "--convert-to", "doc:MS Word 97", "--outdir", folder, str(source)],
                       check=True, capture_output=True)
        fixture.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(Path(folder) / fixture.name, fixture)
    print(fixture, fixture.stat().st_size, "bytes")


def convert(document: docx.document.Document, target: Path, soffice_filter: str) -> None:
    """``document`` converted by LibreOffice with ``soffice_filter`` ("rtf", "xml:MS Word 2003 XML") to ``target``."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "policy.docx"
        document.save(source)
        subprocess.run(["soffice", "--headless", "--convert-to", soffice_filter, "--outdir", folder, str(source)],
                       check=True, capture_output=True)
        written = next(path for path in Path(folder).iterdir() if path.name != source.name)
        shutil.copy(written, target)


def flat_xml(document: docx.document.Document) -> bytes:
    """The DOCX's parts in one Word 2007 flat XML file (pkg:package): XML parts inline, others in base64."""
    import base64
    import io
    import zipfile
    from xml.sax.saxutils import quoteattr

    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        types = archive.read("[Content_Types].xml").decode("utf-8")
        parts = []
        for name in archive.namelist():
            if name == "[Content_Types].xml":
                continue
            content = archive.read(name)
            extension = name.rsplit(".", 1)[-1]
            override = f'PartName="/{name}" ContentType="'
            content_type = (types.split(override, 1)[1].split('"', 1)[0] if override in types else
                            types.split(f'Extension="{extension}" ContentType="', 1)[1].split('"', 1)[0])
            if name.endswith((".xml", ".rels")):
                body = content.decode("utf-8").split("?>", 1)[-1] if content.startswith(b"<?xml") else content.decode()
                inner = f"<pkg:xmlData>{body}</pkg:xmlData>"
            else:
                inner = f"<pkg:binaryData>{base64.b64encode(content).decode()}</pkg:binaryData>"
            parts.append(f"<pkg:part pkg:name={quoteattr('/' + name)} pkg:contentType={quoteattr(content_type)}>"
                         f"{inner}</pkg:part>")
    return ('<?xml version="1.0" standalone="yes"?>\n<?mso-application progid="Word.Document"?>\n'
            '<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">'
            + "".join(parts) + "</pkg:package>").encode("utf-8")


def web_page() -> str:
    """The policy as Word's web page: Word's namespaces, a 仿宋 style, paragraphs as MsoNormal, the table."""
    from html import escape

    paragraphs = "".join(f'<p class=MsoNormal><span style="font-family:仿宋_GB2312">{escape(line)}</span>'
                         "<o:p></o:p></p>\n" for line in policy_lines())
    rows = "".join("<tr>" + "".join(f"<td><p class=MsoNormal>{escape(cell)}<o:p></o:p></p></td>" for cell in row)
                   + "</tr>\n" for row in TASKS)
    closing = "".join(f"<p class=MsoNormal style='text-align:right'>{escape(POLICIES[0][key])}<o:p></o:p></p>\n"
                      for key in ("agency", "written"))
    return ('<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">\n'
            '<head><meta http-equiv=Content-Type content="text/html; charset=utf-8">'
            "<meta name=ProgId content=Word.Document><meta name=Generator content=\"Microsoft Word 15\">"
            "<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]-->"
            "<style>p.MsoNormal{font-family:仿宋_GB2312;font-size:16.0pt}</style></head>\n"
            f"<body lang=ZH-CN><div class=WordSection1>\n{paragraphs}"
            f"<table class=MsoTableGrid border=1>\n{rows}</table>\n{closing}</div></body></html>")


def mht(html: str) -> bytes:
    """``html`` as a single-file web page, as html-docx-js writes the chunk it merges in."""
    import quopri

    body = quopri.encodestring(html.encode("utf-8")).decode("ascii")
    return ("MIME-Version: 1.0\r\nContent-Type: multipart/related;\r\n    type=\"text/html\";\r\n"
            '    boundary="----=mhtDocumentPart"\r\n\r\n\r\n------=mhtDocumentPart\r\n'
            'Content-Type: text/html;\r\n    charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n'
            "Content-Location: file:///C:/fake/document.html\r\n\r\n"
            f"{body}\r\n\r\n------=mhtDocumentPart--\r\n").encode("ascii")


def altchunk_docx(chunk: bytes) -> bytes:
    """A DOCX whose body is one w:altChunk of ``chunk`` (an MHT), as html-docx-js builds it."""
    import io
    import zipfile

    with zipfile.ZipFile(buffer := io.BytesIO(), "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/word/afchunk.mht" ContentType="message/rfc822"/></Types>'))
        archive.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Target="/word/document.xml" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
            "</Relationships>"))
        archive.writestr("word/_rels/document.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="htmlChunk" Target="/word/afchunk.mht" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"/>'
            "</Relationships>"))
        archive.writestr("word/document.xml", (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<w:body><w:altChunk r:id="htmlChunk"/><w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
            "</w:body></w:document>"))
        archive.writestr("word/afchunk.mht", chunk)
    return buffer.getvalue()


def write_lookalikes(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    convert(policy_docx(), folder / "rtf.doc", "rtf")
    convert(policy_docx(), folder / "wordml.doc", "xml:MS Word 2003 XML")
    (folder / "web.doc").write_text(web_page(), encoding="utf-8")
    (folder / "mht.doc").write_bytes(mht(web_page()))
    (folder / "altchunk.docx").write_bytes(altchunk_docx(mht(web_page())))
    for path in sorted(folder.iterdir()):
        print(path, path.stat().st_size, "bytes")


def main() -> None:
    if sys.argv[1:] == ["revisions"]:
        write_doc(revisions_docx(), FIXTURE.with_name("revisions.doc"))
    elif sys.argv[1:] == ["textboxes"]:
        write_doc(text_boxes_docx(), FIXTURE.with_name("text_boxes.doc"))
        convert(text_boxes_docx(), FIXTURE.with_name("text_boxes_wordml.doc"), "xml:MS Word 2003 XML")
    elif sys.argv[1:] == ["templates"]:
        folder = FIXTURE.with_name("templates")
        folder.mkdir(exist_ok=True)
        convert(policy_docx(), folder / "policy.docm", "docm:MS Word 2007 XML VBA")
        convert(policy_docx(), folder / "policy.dotx", "dotx:MS Word 2007 XML Template")
    elif sys.argv[1:] == ["lookalikes"]:
        write_lookalikes(FIXTURE.with_name("lookalikes"))
    else:
        write_doc(policy_docx(), FIXTURE)


if __name__ == "__main__":
    main()
