"""Write tests/fixtures/locked_export.xlsx: the first letters of the demo's own 12345 export (our invented
letters) as an XLSX saved with a password (123456), as an office keeps an export that carries callers'
numbers. Excel and WPS keep such a file as a compound file holding the encrypted package.

Needs msoffcrypto-tool (not a dependency of the project):
    .venv/bin/pip install msoffcrypto-tool && .venv/bin/python scripts/make_locked_fixture.py
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXPORT = ROOT / "xuanti" / "demo" / "site" / "hotline" / "12345_export_2026-11.csv"
FIXTURE = ROOT / "tests" / "fixtures" / "locked_export.xlsx"


def main() -> None:
    import msoffcrypto.format.ooxml
    import openpyxl

    book = openpyxl.Workbook()
    with EXPORT.open(encoding="utf-8-sig", newline="") as handle:
        for _, row in zip(range(11), csv.reader(handle), strict=False):
            book.active.append(row)
    plain = io.BytesIO()
    book.save(plain)
    plain.seek(0)
    with FIXTURE.open("wb") as locked:
        msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt("123456", locked)
    print(FIXTURE, FIXTURE.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
