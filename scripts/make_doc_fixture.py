"""Write tests/fixtures/demo_policy.doc: the demo portal's first policy document (our own invented text,
xuanti.demo.content_policy) as Word 97-2003, the way LibreOffice writes it, for extractors.files.read_doc.

Needs LibreOffice (`bash scripts/setup_system.sh --with-libreoffice`):
    .venv/bin/python scripts/make_doc_fixture.py
"""

from __future__ import annotations

import shutil
import subprocess
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


def main() -> None:
    document = policy_docx()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "demo_policy.docx"
        document.save(source)
        subprocess.run(["soffice", "--headless", "--convert-to", "doc:MS Word 97", "--outdir", folder, str(source)],
                       check=True, capture_output=True)
        FIXTURE.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(Path(folder) / "demo_policy.doc", FIXTURE)
    print(FIXTURE, FIXTURE.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
