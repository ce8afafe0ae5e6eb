"""Write tests/fixtures/demo_policy.doc: the demo portal's first policy document (our own invented text,
xuanti.demo.content_policy) as Word 97-2003, the way LibreOffice writes it, for extractors.files.read_doc;
with ``revisions``, tests/fixtures/revisions.doc instead: a short report of ours edited with 修订 (track
changes) on, a figure inserted and the old one deleted.

Needs LibreOffice (`bash scripts/setup_system.sh --with-libreoffice`):
    .venv/bin/python scripts/make_doc_fixture.py [revisions]
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


def main() -> None:
    if sys.argv[1:] == ["revisions"]:
        write_doc(revisions_docx(), FIXTURE.with_name("revisions.doc"))
    else:
        write_doc(policy_docx(), FIXTURE)


if __name__ == "__main__":
    main()
