"""Write the 7z fixtures of tests/fixtures/archives/ with py7zr, a writer independent of the libarchive
that reads them:

- materials.7z: a meeting's materials as a unit sends them, names in Chinese: the demo policy's Word 97
  DOC, the town's 汇报 slides, a picture, and the towns' own ZIP (its names in GBK, as Windows writes
  them) holding a short report of ours;
- locked.7z: the demo policy's DOC kept with a password (123456), its names left readable.

The RAR fixtures beside them are not made here: no free program writes RAR (see README.md there).

Needs py7zr (not a dependency of the project):
    .venv/bin/pip install py7zr && .venv/bin/python scripts/make_archive_fixtures.py
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
FOLDER = FIXTURES / "archives"
# The towns' report inside the nested ZIP (our own text).
TOWN_REPORT = ("城关镇关于冬季供暖保障工作的情况报告\n"
               "入冬以来，城关镇组织排查老旧小区供暖管网12处，幸福小区等3个小区室温不达标问题已整改到位。\n"
               "城关镇人民政府\n2026年11月18日\n")


def town_zip() -> bytes:
    """A ZIP of one report, its name in GBK without ZIP's UTF-8 flag, as Windows' 压缩文件夹 writes it."""
    name = "城关镇/情况报告.txt"
    raw = name.encode("gb18030")
    stand_in = "@" * len(raw)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(stand_in, TOWN_REPORT.encode("gb18030"))
    return buffer.getvalue().replace(stand_in.encode(), raw)


def main() -> None:
    import py7zr

    members = {"会议材料/1.营商环境措施.doc": (FIXTURES / "demo_policy.doc").read_bytes(),
               "会议材料/2.城关镇汇报.pptx": (FIXTURES / "report.pptx").read_bytes(),
               "会议材料/现场照片.png": b"\x89PNG\r\n\x1a\n" + bytes(64),
               "会议材料/各乡镇材料.zip": town_zip()}
    FOLDER.mkdir(exist_ok=True)
    with py7zr.SevenZipFile(FOLDER / "materials.7z", "w") as archive:
        for name, content in members.items():
            archive.writestr(content, name)
    with py7zr.SevenZipFile(FOLDER / "locked.7z", "w", password="123456", header_encryption=False) as archive:
        archive.writestr((FIXTURES / "demo_policy.doc").read_bytes(), "营商环境措施.doc")
    for name in ("materials.7z", "locked.7z"):
        print(FOLDER / name, (FOLDER / name).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
