"""Hotline exports: the real tipdm2020c XLSX/CSV and Shangluo mailbox CSV, a GBK CSV, broken files."""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from extractors import ExtractionError
from extractors.hotline import HotlineReport, area_from_text, iter_hotline, mask_personal, read_hotline
from xuanti.records import Document
from xuanti.settings import load_settings


@pytest.fixture(scope="module")
def columns() -> dict[str, list[str]]:
    return load_settings().hotline.columns


def test_tipdm_xlsx_and_csv_agree(data_dir: Path, columns: dict[str, list[str]]) -> None:
    folder = data_dir / "hotline" / "tipdm2020c"
    xlsx, xlsx_errors, xlsx_skipped = read_hotline((folder / "messages_with_votes.xlsx").read_bytes(),
                                                   str(folder / "messages_with_votes.xlsx"), "tipdm", columns)
    csv_docs, csv_errors, _ = read_hotline((folder / "messages_with_votes.csv").read_bytes(),
                                           "messages_with_votes.csv", "tipdm", columns)
    assert len(xlsx) == 4326 and xlsx_errors == [] and xlsx_skipped == 0
    assert len(csv_docs) == 4326 and csv_errors == []
    first = xlsx[0]
    assert first.id == "188006" and first.kind == "hotline"
    assert first.title == "A3区一米阳光婚纱艺术摄影是否合法纳税了？"
    assert first.published == datetime(2019, 2, 28, 11, 25, 5)
    assert first.area == "A3区"
    assert first.text.startswith("座落在A市A3区联丰路米兰春天G2栋320") and "\t" not in first.text
    assert first.metadata == {"row": 2, "file": "messages_with_votes.xlsx", "likes": 0, "against": 0}
    # user column (留言用户) is never copied
    assert all("A000102948" not in (d.text + d.title + str(d.metadata)) for d in xlsx[:5])
    by_id = {d.id: d for d in csv_docs}
    for doc in xlsx[::97]:
        assert by_id[doc.id].text == doc.text and by_id[doc.id].published == doc.published
    assert sum(1 for d in xlsx if d.area) > 0.6 * len(xlsx)  # the rest name only "A市"


def test_shangluo_mailbox(data_dir: Path, columns: dict[str, list[str]]) -> None:
    path = data_dir / "hotline" / "shangluo_mayor_mailbox" / "latest.csv"
    docs, errors, skipped = read_hotline(path.read_bytes(), str(path), "商洛市长信箱", columns)
    assert len(docs) + len(errors) + skipped == 1179
    assert len(docs) > 1150
    # Two letters have a title and an empty body: letters all the same, read by their title.
    assert errors == []
    by_id = {d.id: d for d in docs}
    assert by_id["20210712001"].text == "关于洛南县政府对违法乱建处理回复不满意的投诉"
    assert by_id["20131101001"].text == by_id["20131101001"].title == "谁来保障农民的住房安全"
    assert by_id["20131101001"].metadata["text_from_title"] and "text_from_title" not in docs[0].metadata
    first = docs[0]
    assert first.id == "20220510008" and first.published == datetime(2022, 5, 10)
    assert first.area == "洛南县" and first.metadata["reply"].startswith("网友你好")
    assert len({d.id for d in docs}) == len(docs)


# Excel's and WPS's "另存为 Unicode 文本" writes UTF-16 (little-endian) with its mark, tab-separated; the
# others are the marks a file may start with. Each names the codec of what follows it.
MARKED_ENCODINGS = [
    ("utf-16-le", codecs.BOM_UTF16_LE, "\t"),
    ("utf-16-be", codecs.BOM_UTF16_BE, "\t"),
    ("gb18030", b"\x84\x31\x95\x33", ","),
    ("utf-8", codecs.BOM_UTF8, ","),
]


@pytest.mark.parametrize(("encoding", "mark", "delimiter"), MARKED_ENCODINGS)
def test_exports_with_a_byte_order_mark(data_dir: Path, tmp_path: Path, columns: dict[str, list[str]],
                                        encoding: str, mark: bytes, delimiter: str) -> None:
    """The real tipdm export saved with a byte-order mark reads as its UTF-8 CSV does: the mark is no
    part of the first header (留言编号 stays the id column) and multi-line cells keep their lines."""
    source = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8"), newline="")))[:41]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "工单导出.txt"
    path.write_bytes(mark + buffer.getvalue().encode(encoding))
    docs, errors, skipped = read_hotline(path.read_bytes(), path.name, "12345", columns)
    expected, _, _ = read_hotline(source.read_bytes(), source.name, "12345", columns)
    assert errors == [] and skipped == 0 and len(docs) == 40
    assert docs[0].id == "188006"
    assert [(d.id, d.title, d.text, d.published) for d in docs] == [
        (d.id, d.title, d.text, d.published) for d in expected[:40]]


def test_gbk_csv_with_personal_data(tmp_path: Path, columns: dict[str, list[str]]) -> None:
    rows = [
        "工单编号,来电时间,来电人,所属区域,问题分类,诉求内容,办理状态",
        "GD001,2024年1月8日,张三,城关镇,市政设施,\"路灯不亮，联系电话13812345678，\n\t\t 身份证430102199001011234\",已办结",
        "GD002,2024-01-09 08:30,李四,河西街道,噪音扰民,晚上施工噪音大 邮箱 li.si@example.com 座机0731-84512345,办理中",
        "GD002,2024-01-09 08:30,李四,河西街道,噪音扰民,重复的一行,办理中",
        "GD003,45300.5,王五,,环境卫生,,已办结",
        "GD004,45301,赵六,,环境卫生,垃圾未清运 银行卡 6222 0212 3456 7890 123,已办结",
    ]
    path = tmp_path / "12345导出.csv"
    path.write_bytes("\r\n".join(rows).encode("gbk"))
    docs, errors, skipped = read_hotline(path.read_bytes(), str(path), "12345", columns)
    assert [d.id for d in docs] == ["GD001", "GD002", "GD004"]
    assert errors == ["12345导出.csv row 5: empty 诉求内容"]
    assert skipped == 1
    one, two, four = docs
    assert one.text == "路灯不亮，联系电话【手机号】，\n身份证【身份证号】"
    assert one.published == datetime(2024, 1, 8) and one.area == "城关镇" and one.category == "市政设施"
    assert one.metadata["status"] == "已办结" and one.metadata["row"] == 2
    assert "【邮箱】" in two.text and "【电话】" in two.text and two.published == datetime(2024, 1, 9, 8, 30)
    assert "【银行卡号】" in four.text and four.published == datetime(2024, 1, 10)  # Excel serial 45301
    for doc in docs:
        assert "张三" not in str(doc) and "李四" not in str(doc)


def test_missing_text_column_and_empty(tmp_path: Path, columns: dict[str, list[str]]) -> None:
    with pytest.raises(ExtractionError) as info:
        read_hotline("编号,时间,标题\n1,2024-01-01,路灯\n".encode(), "no_text.csv", "s", columns)
    message = str(info.value)
    assert message.startswith("no_text.csv: no text column")
    assert "编号, 时间, 标题" in message and "诉求内容" in message
    with pytest.raises(ExtractionError, match="empty.xlsx: empty file"):
        read_hotline(b"", "empty.xlsx", "s", columns)
    with pytest.raises(ExtractionError, match="broken.xlsx: not a readable XLSX"):
        read_hotline(b"PK\x03\x04garbage", "broken.xlsx", "s", columns)
    with pytest.raises(ExtractionError, match="valid: id, time"):
        read_hotline(b"a,b\n1,2\n", "x.csv", "s", columns, drop=["name"])


def test_sheet_choice(data_dir: Path, columns: dict[str, list[str]]) -> None:
    path = data_dir / "hotline" / "tipdm2020c" / "messages_with_votes.xlsx"
    with pytest.raises(ExtractionError, match="no sheet 'Sheet9' \\(sheets: Sheet1\\)"):
        read_hotline(path.read_bytes(), path.name, "s", columns, sheet="Sheet9")


def test_masking_and_area() -> None:
    assert mask_personal("请拨打12345热线") == "请拨打12345热线"
    assert mask_personal("手机：+86 138-1234-5678") == "手机：【手机号】"
    assert mask_personal("2019年2月28日 11:25") == "2019年2月28日 11:25"
    assert area_from_text("西安市雁塔区小寨路") == "雁塔区"
    assert area_from_text("我们小区物业") == ""
    # Real districts ending like generic words (山区, 城区) are areas; the generic words are not.
    assert area_from_text("杭州市萧山区建设三路") == "萧山区"
    assert area_from_text("杭州市上城区仁爱路") == "上城区"
    assert area_from_text("我市山区道路") == ""
    # Real letters: the first listed district or county anywhere, and no word that merely ends in 区 or 县.
    assert area_from_text("农村吃水难 | 我是商州区大荆镇沙渠村（原丞相村一组）一名普通群众") == "商州区"
    assert area_from_text("丹凤县县城西西凤社区草庙村农村修路的咨询") == "丹凤县"
    assert area_from_text("居民区零食店噪音扰民至深夜 | 这家开在居民区里的商铺") == ""
    assert area_from_text("咨询上学 | 今年郊县的初三毕业生") == ""
    assert area_from_text("请问，本人在县城有一老宅") == ""
    # "市" of 市长 is no city: the listed name after it is the area, not "长与余杭区" (a real Hangzhou letter).
    assert area_from_text("被受骗了 | 恳请市长与余杭区相关部门帮忙") == "余杭区"
    assert area_from_text("夜市扰民求助 | 夜市离居民区太近") == ""
    # County-level cities, where nothing runs into the name (real Zhejiang letters); not 海城市 of 沿海城市.
    assert area_from_text("电梯问题反馈 | 我是浙江省温州市瑞安市五洲国际商贸城（13幢）的业主") == "瑞安市"
    assert area_from_text("关于平湖市新华东村小区物业服务") == "平湖市"
    assert area_from_text("农村用水难 | 位于杭州建德市杨村桥镇") == "建德市"
    assert area_from_text("改革开放以来一批沿海城市发展迅速") == ""
    # Words about counties are none named (real letters gave 各个县, 内五区, 所有县, 委老区 as areas).
    assert area_from_text("希望市里各个县都能落实") == ""
    assert area_from_text("本市内五区的学校") == ""
    assert area_from_text("改革开放以来一批沿海城市和内陆强县") == ""
    assert area_from_text("市经开区一家企业拖欠工资") == "经开区"


# -- streaming, legacy XLS, every real export --------------------------------------------------------
def _repeat_rows(source_csv: Path, target: Path, rows: int) -> int:
    """A bigger export made of real rows, repeated with new ids (as the benchmark does)."""
    import csv

    with source_csv.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        real = list(reader)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for number in range(rows):
            row = list(real[number % len(real)])
            row[0] = f"{row[0]}-{number}"
            writer.writerow(row)
    return target.stat().st_size


def test_streaming_import(data_dir: Path, columns: dict[str, list[str]], tmp_path: Path) -> None:
    import inspect
    import tracemalloc

    from extractors.hotline import HotlineReport, import_hotline, iter_hotline
    from xuanti.store import Store

    export = tmp_path / "export.csv"
    size = _repeat_rows(data_dir / "hotline/tipdm2020c/messages_with_votes.csv", export, 5000)
    reader = iter_hotline(export, export.name, "12345", columns)
    assert inspect.isgenerator(reader)
    first = next(reader)
    assert first.id == "188006-0" and first.title == "A3区一米阳光婚纱艺术摄影是否合法纳税了？"
    reader.close()
    # Reading the whole file row by row never holds its text: peak memory is a fraction of its size.
    tracemalloc.start()
    report = HotlineReport()
    count = sum(1 for _doc in iter_hotline(export, export.name, "12345", columns, report=report))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert count == 5000 and report.errors == [] and report.rows == 5000
    assert peak < size / 4, (peak, size)

    store = Store(f"sqlite:///{tmp_path}/h.db")
    batches: list[int] = []  # what the per-batch callback (the callers' category fill) is given
    stored, report = import_hotline(export, export.name, "12345", columns, store, batch_size=1000,
                                    prepare=lambda batch: batches.append(len(batch)))
    assert stored == 5000 and report.skipped == 0
    assert batches == [1000] * 5 and (report.imported, report.stored) == (5000, 5000)
    assert len(store.documents(uids=["12345/188006-4326"])) == 1
    store.close()


def test_xlsx_is_streamed_too(data_dir: Path, columns: dict[str, list[str]]) -> None:
    import inspect

    from extractors.hotline import iter_hotline

    path = data_dir / "hotline/tipdm2020c/messages_with_votes.xlsx"
    reader = iter_hotline(path, path.name, "tipdm", columns)
    assert inspect.isgenerator(reader)
    assert sum(1 for _ in reader) == 4326


def test_legacy_xls(data_dir: Path, columns: dict[str, list[str]], tmp_path: Path) -> None:
    """A BIFF .xls as old 12345 systems export it (written with xlwt from real rows, dates as date cells),
    its letters on the sheet after a 说明 sheet."""
    xlwt = pytest.importorskip("xlwt", reason="xlwt writes the legacy .xls test file")
    import openpyxl

    book = openpyxl.load_workbook(data_dir / "hotline/tipdm2020c/labelled_sample.xlsx", read_only=True)
    rows = [list(row) for row, _ in zip(book.worksheets[0].iter_rows(values_only=True), range(201), strict=False)]
    book.close()
    out = xlwt.Workbook(encoding="utf-8")
    out.add_sheet("说明").write(0, 0, "本表由12345热线系统导出，请勿修改表头。")
    sheet = out.add_sheet("工单")
    sheet.write(0, 0, "12345热线工单导出（2020年1月）")  # a title line above the header, as exports have
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm:ss")
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row):
            if r > 2 and c == 3:
                sheet.write(r, c, datetime.strptime(value, "%Y/%m/%d %H:%M:%S"), date_style)
            else:
                sheet.write(r, c, value)
    path = tmp_path / "工单.xls"
    out.save(str(path))
    docs, errors, skipped = read_hotline(path.read_bytes(), path.name, "12345", columns)
    assert len(docs) == 200 and errors == [] and skipped == 0
    first = docs[0]
    assert first.id == "24" and first.title == "A市西湖建筑集团占道施工有安全隐患"
    assert first.published == datetime(2020, 1, 6, 12, 9, 38)
    assert first.category == "城乡建设" and first.text.startswith("A3区大道西行便道")
    assert all("A00074011" not in str(doc) for doc in docs)  # 留言用户 dropped
    assert first.metadata["row"] == 4


def test_control_characters_are_dropped(data_dir: Path, columns: dict[str, list[str]]) -> None:
    """Real letters with the control characters exports carry (Excel's _x0000_, a vertical tab from a
    pasted Word table, a NUL, an escape sequence): none reaches a document, which XLSX and DOCX would
    refuse; a vertical tab in a title is a space, as a title's line breaks are."""
    source = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8"), newline="")))[:4]
    title, text = rows[0].index("留言主题"), rows[0].index("留言详情")
    rows[1][title] = rows[1][title][:6] + "\x0b" + rows[1][title][6:] + "\x00"
    rows[2][text] = rows[2][text][:30] + "\x1b[0m\x07" + rows[2][text][30:]
    rows[3][title] = rows[3][title][:5] + "_x0000_" + rows[3][title][5:]
    docs, errors, _ = read_hotline(_csv_bytes(rows), "工单.csv", "12345", columns)
    clean, _, _ = read_hotline(source.read_bytes(), source.name, "12345", columns)
    assert errors == [] and len(docs) == 3
    controls = {chr(code) for code in range(32)} - {"\t", "\n", "\r"}
    assert not any(set(doc.title + doc.text) & controls for doc in docs)
    assert docs[0].title == clean[0].title[:6] + " " + clean[0].title[6:]
    assert docs[1].text.replace("[0m", "", 1) == clean[1].text
    assert docs[2].title == clean[2].title


def test_half_an_emoji_in_a_json_export(data_dir: Path, columns: dict[str, list[str]]) -> None:
    """Real letters of a JSON-lines export cut inside an emoji (a lone surrogate escape, "\\ud83d"): read
    without it, where it would stop the store (not writable as UTF-8) and the outputs."""
    source = data_dir / "hotline/hangzhou_liuyan/messages.jsonl"
    lines = source.read_text(encoding="utf-8").splitlines()[:3]
    cut = [json.dumps({**json.loads(line), "title": json.loads(line)["title"] + "\ud83d"}) for line in lines]
    docs, errors, _ = read_hotline("\n".join(cut).encode("utf-8"), "留言.jsonl", "留言板", columns)
    clean, _, _ = read_hotline("\n".join(lines).encode("utf-8"), "留言.jsonl", "留言板", columns)
    assert errors == [] and len(docs) == 3
    assert [(d.id, d.title, d.text) for d in docs] == [(d.id, d.title, d.text) for d in clean]
    assert all(doc.to_dict()["title"].encode("utf-8") for doc in docs)


def test_half_an_emoji_in_any_cell_is_stored(data_dir: Path, columns: dict[str, list[str]], tmp_path: Path) -> None:
    """Cut emoji and control characters in the cells kept beside the text (a letter's status, its id)
    no longer stop the import of the whole export: the store writes UTF-8, which cannot hold them."""
    from extractors.hotline import import_hotline
    from xuanti.store import Store

    source = data_dir / "hotline/hangzhou_liuyan/messages.jsonl"
    letters = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()[:3]]
    assert all(letter["status"] for letter in letters)
    cut = [{**letter, "status": letter["status"] + "\ud83d\x0b"} for letter in letters]
    cut[0]["id"] = f"{cut[0]['id']}\udc00"
    store = Store(f"sqlite:///{tmp_path}/h.db")
    stored, report = import_hotline("\n".join(map(json.dumps, cut)).encode("utf-8"), "留言.jsonl", "留言板",
                                    columns, store)
    assert stored == 3 and report.errors == []
    kept = {doc.id: doc for doc in store.documents()}
    assert sorted(kept) == sorted(str(letter["id"]) for letter in letters)
    assert [kept[str(letter["id"])].metadata["status"] for letter in letters] == [
        letter["status"] for letter in letters]
    store.close()


def test_letters_on_a_later_sheet(data_dir: Path, columns: dict[str, list[str]], tmp_path: Path) -> None:
    """Without a configured sheet, a workbook's letters are read from the first sheet with a header row
    (a 汇总 sheet of counts often comes first); a workbook with none names its sheets; a configured sheet
    is read as it is."""
    import openpyxl

    source = openpyxl.load_workbook(data_dir / "hotline/tipdm2020c/messages_with_votes.xlsx", read_only=True)
    rows = [list(row) for row, _ in zip(source.worksheets[0].iter_rows(values_only=True), range(31), strict=False)]
    source.close()
    book = openpyxl.Workbook()
    book.active.title = "汇总"
    book.active.append(["分类", "件数"])
    book.active.append(["城乡建设", 12])
    letters = book.create_sheet("明细")
    for row in rows:
        letters.append(row)
    path = tmp_path / "工单.xlsx"
    book.save(path)
    docs, errors, skipped = read_hotline(path.read_bytes(), path.name, "12345", columns)
    assert [doc.id for doc in docs][:2] == ["188006", "188007"] and len(docs) == 30 and errors == []
    assert read_hotline(path.read_bytes(), path.name, "12345", columns, sheet="明细")[0] == docs
    with pytest.raises(ExtractionError, match="工单.xlsx: no text column"):
        read_hotline(path.read_bytes(), path.name, "12345", columns, sheet="汇总")
    del book["明细"]
    book.save(path)
    with pytest.raises(ExtractionError, match="工单.xlsx: no text column; headers found: 分类, 件数"):
        read_hotline(path.read_bytes(), path.name, "12345", columns)  # one sheet: as before
    book.create_sheet("备注").append(["无"])
    book.save(path)
    with pytest.raises(ExtractionError, match=r"工单.xlsx: no sheet has a text column \(sheets: 汇总, 备注\); "
                                              "expected one of: 诉求内容"):
        read_hotline(path.read_bytes(), path.name, "12345", columns)


def test_a_category_given_as_its_path(data_dir: Path, columns: dict[str, list[str]]) -> None:
    """An export whose 事项分类 gives the taxonomy's path (城乡建设-安全生产-事故处理, as many 12345 systems write
    it) keeps the 一级分类 as the category, the path beside it: tipdm's labelled letters so written read
    their own 一级分类. The path had been the category, one per 三级分类."""
    import csv
    import io

    import openpyxl

    taxonomy = openpyxl.load_workbook(data_dir / "hotline/tipdm2020c/taxonomy.xlsx", read_only=True)
    paths: dict[str, str] = {}
    for first, second, third in list(taxonomy.worksheets[0].iter_rows(values_only=True))[1:]:
        paths.setdefault(first, f"{first}-{second}-{third}")
    sample = openpyxl.load_workbook(data_dir / "hotline/tipdm2020c/labelled_sample.xlsx", read_only=True)
    rows = [list(row) for row, _ in zip(sample.worksheets[0].iter_rows(values_only=True), range(41), strict=False)]
    for separator in ("-", "/", ">>", "→"):
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([*rows[0][:-1], "事项分类"])
        for number, row in enumerate(rows[1:]):  # every other letter's cell a path
            writer.writerow([*row[:-1], row[-1] if number % 2 else paths[row[-1]].replace("-", separator)])
        docs, errors, _ = read_hotline(out.getvalue().encode("utf-8"), "工单.csv", "12345", columns)
        assert errors == [] and [doc.category for doc in docs] == [row[-1] for row in rows[1:]], separator
        assert docs[0].metadata["category_path"] == paths[rows[1][-1]].replace("-", separator)


def test_a_month_of_exports_in_a_zip(data_dir: Path, tmp_path: Path, home: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A month's daily exports packed into one ZIP (a 说明.txt beside them) is imported
    and extracted as the exports in it, and a hotline source's folder takes it beside a plain export; it
    had been read as an archive of documents holding none. An archive with no export is an error line."""
    import zipfile

    from extractors.sources import fetch_source, parse_source
    from xuanti.cli import main
    from xuanti.settings import HotlineSource

    with (data_dir / "hotline/tipdm2020c/messages_with_votes.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for _, row in zip(range(21), csv.reader(handle), strict=False)]

    def export(part: list[list[str]]) -> bytes:
        out = io.StringIO()
        csv.writer(out).writerows([rows[0], *part])
        return out.getvalue().encode("gb18030")

    archive = tmp_path / "12345工单11月.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as packed:
        for member, content in (("11月1日.csv", export(rows[1:11])), ("11月2日.csv", export(rows[11:21])),
                                ("说明.txt", "每日导出一个文件。".encode("gb18030"))):
            packed.writestr(member, content)
    assert main(["import", str(archive)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("12345工单11月.zip: 20 imported (20 new or changed), 0 skipped, 0 errors\n") and err == ""
    assert main(["extract", str(archive)]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(line)["id"] for line in out.splitlines()] == [row[0] for row in rows[1:21]]
    assert err.startswith("read as --kind hotline")

    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "11月3日.csv").write_bytes(export(rows[5:8]))
    (folder / "11月.zip").write_bytes(archive.read_bytes())
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as packed:
        packed.writestr("readme.txt", "none")
    (folder / "空.zip").write_bytes(empty.getvalue())
    from extractors.sources import read_archive_documents

    errors: list[str] = []  # among a folder source's materials, it says where it belongs
    notes = read_archive_documents(archive.read_bytes(), "材料/11月.zip", "本地材料", errors)
    assert [doc.metadata["file"] for doc in notes] == ["说明.txt"]
    assert errors == ["材料/11月.zip: 2 exports passed over in the archive; an archive of exports belongs in a "
                      "hotline or articles source"]
    source = HotlineSource(name="12345热线", type="hotline", path=str(folder))
    bundle = fetch_source(source, load_settings().fetch)
    result = parse_source(source, bundle, load_settings())
    assert sorted({doc.id for doc in result.documents}) == sorted(row[0] for row in rows[1:21])
    assert bundle.errors == [f"12345热线: {folder / '空.zip'}: no export in the archive (exports: "
                             ".xlsx, .xlsm, .xls, .et, .ods, .csv, .tsv, .txt, .json, .jsonl, .ndjson, .htm, .html, .xml; "
                             "or Word files and PDFs of letters)"]


def test_a_month_of_exports_in_a_7z(data_dir: Path, tmp_path: Path, home: Path,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A month's exports packed with 7-Zip (written here by libarchive) are imported, extracted and read by a
    hotline source as a ZIP of them is; they had been an unsupported file, and passed over in the folder."""
    import libarchive

    from extractors.files import _utf8_names
    from extractors.sources import fetch_source, parse_source
    from xuanti.cli import main
    from xuanti.settings import HotlineSource

    with (data_dir / "hotline/tipdm2020c/messages_with_votes.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for _, row in zip(range(13), csv.reader(handle), strict=False)]
    folder = tmp_path / "exports"
    folder.mkdir()
    chunks: list[bytes] = []

    def keep(data: bytes) -> int:
        chunks.append(bytes(data))
        return len(data)

    # Written through memory, Chinese names in UTF-8: the suite passes under LC_ALL=C too.
    with _utf8_names(), libarchive.custom_writer(keep, "7zip") as packed:
        for member, part in (("11月1日.csv", rows[1:7]), ("11月2日.csv", rows[7:13])):
            out = io.StringIO()
            csv.writer(out).writerows([rows[0], *part])
            content = out.getvalue().encode("gb18030")
            packed.add_file_from_memory(member, len(content), content)
    (folder / "12345工单11月.7z").write_bytes(b"".join(chunks))
    assert main(["import", str(folder / "12345工单11月.7z")]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("12345工单11月.7z: 12 imported (12 new or changed), 0 skipped, 0 errors\n") and err == ""
    assert main(["extract", str(folder / "12345工单11月.7z")]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(line)["id"] for line in out.splitlines()] == [row[0] for row in rows[1:13]]
    source = HotlineSource(name="12345热线", type="hotline", path=str(folder))
    result = parse_source(source, fetch_source(source, load_settings().fetch), load_settings())
    assert sorted(doc.id for doc in result.documents) == sorted(row[0] for row in rows[1:13])


def test_a_password_protected_export_says_so(tmp_path: Path, home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An XLSX saved with a password, as an export carrying callers' numbers is kept (the demo's own letters,
    ``scripts/make_locked_fixture.py``), is an error that says so and how to mend it, from `import` and as a
    document; it had read as "not a readable XLS workbook (Can't find workbook in OLE2 compound document)"."""
    from extractors.files import attachment_text
    from xuanti.cli import main

    locked = Path(__file__).parent / "fixtures" / "locked_export.xlsx"
    with pytest.raises(ExtractionError, match=r"工单.xlsx: password-protected \(加密\): open it, remove the password"):
        read_hotline(locked.read_bytes(), "工单.xlsx", "12345", load_settings().hotline.columns)
    with pytest.raises(ExtractionError, match=r"材料.docx: password-protected"):
        attachment_text(locked.read_bytes(), "材料.docx")
    (tmp_path / "工单.xlsx").write_bytes(locked.read_bytes())
    assert main(["import", str(tmp_path / "工单.xlsx")]) == 1
    assert "工单.xlsx: password-protected (加密)" in capsys.readouterr().out


def test_exports_joined_into_one_file(data_dir: Path, columns: dict[str, list[str]]) -> None:
    """Two days' exports joined into one CSV (copy /b 1日.csv+2日.csv, or a printed report's header on every
    page), each with its title line and an 导出时间 line under its letters: the header in the middle and the
    note lines are no letters; they had been read as letters, with an unreadable time or no text."""
    with (data_dir / "hotline/tipdm2020c/messages_with_votes.csv").open(encoding="utf-8", newline="") as handle:
        rows = [row for _, row in zip(range(21), csv.reader(handle), strict=False)]
    out = io.StringIO()
    title = ["12345热线工单导出（2020年1月）"]
    csv.writer(out).writerows([title, rows[0], *rows[1:11], ["导出时间：2020-01-15 09:00"], title, rows[0],
                               *rows[11:21], ["导出时间：2020-02-01 09:00"], ["", "制表人：李四"], ["188999"]])
    docs, errors, skipped = read_hotline(out.getvalue().encode("utf-8"), "工单.csv", "12345", columns)
    assert [doc.id for doc in docs] == [row[0] for row in rows[1:21]] and skipped == 0
    assert errors == ["工单.csv row 28: empty 留言详情"]  # a lone work-order number is a letter without text


def test_letters_a_sheet_a_month(data_dir: Path, columns: dict[str, list[str]], tmp_path: Path,
                                 home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A year's workbook of letters a sheet a month, after a 说明 sheet and before a 汇总 of counts, reads
    every month: only the first month had been read, and the rest lost without a word. A letter on two
    sheets is read once, a bad row is named by its sheet, each letter keeps its sheet's name, a 汇总 whose
    header lacks the letters' columns is no letters, and `xuanti import` stores them all."""
    import openpyxl

    from xuanti.cli import main

    source = openpyxl.load_workbook(data_dir / "hotline/tipdm2020c/messages_with_votes.xlsx", read_only=True)
    rows = [list(row) for row, _ in zip(source.worksheets[0].iter_rows(values_only=True), range(31), strict=False)]
    source.close()
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本表由12345热线系统导出，按月分表。"])
    january, february = book.create_sheet("1月"), book.create_sheet("2月")
    for row in [rows[0], *rows[1:16]]:
        january.append(row)
    text_at = rows[0].index("留言详情")
    blank = list(rows[20])
    blank[text_at], blank[rows[0].index("留言主题")] = "", ""
    for row in [rows[0], rows[15], *rows[16:20], blank, *rows[21:31]]:  # 1月's last letter again
        february.append(row)
    summary = book.create_sheet("汇总")  # counts by place and matter: a text column, but no letters
    for row in (["所属区域", "反映问题", "件数"], ["A市", "物业管理", 12], ["A市", "噪音扰民", 7]):
        summary.append(row)
    path = tmp_path / "2020年工单.xlsx"
    book.save(path)
    docs, errors, skipped = read_hotline(path.read_bytes(), path.name, "12345", columns)
    assert [doc.id for doc in docs] == [str(row[0]) for row in rows[1:31] if row is not rows[20]]
    assert skipped == 1 and errors == ["2020年工单.xlsx sheet 2月 row 7: empty 留言详情"]
    assert [doc.metadata["sheet"] for doc in docs] == ["1月"] * 15 + ["2月"] * 14
    assert main(["-q", "import", str(path)]) == 0
    assert capsys.readouterr().out.startswith("2020年工单.xlsx: 29 imported (29 new or changed), 1 skipped, 1 errors")


def test_every_real_hotline_export(data_dir: Path, columns: dict[str, list[str]]) -> None:
    """Each message export under hotline/ imports with the right columns; the two non-exports say why not."""
    folder = data_dir / "hotline"
    expected = {
        "tipdm2020c/messages_with_votes.xlsx": (4326, {"id", "title", "published", "likes"}),
        "tipdm2020c/messages_with_votes.csv": (4326, {"id", "title", "published", "likes"}),
        "tipdm2020c/labelled_sample.xlsx": (490, {"id", "title", "published", "category"}),
        "shangluo_mayor_mailbox/latest.csv": (1150, {"id", "title", "published", "reply"}),
        # Most of these messages go to city and province leaders and carry no district.
        "hangzhou_liuyan/messages.jsonl": (1661, {"id", "title", "published", "status", "likes"}),
    }
    for name, (minimum, fields) in expected.items():
        docs, errors, _skipped = read_hotline(folder / name, name, "s", columns)
        assert len(docs) >= minimum and len(errors) <= 30, (name, len(docs), errors[:3])
        def share(test: Callable[[Document], object], docs: list[Document] = docs) -> float:
            return sum(1 for doc in docs if test(doc)) / len(docs)

        present = {"id": share(lambda d: d.id), "title": share(lambda d: d.title),
                   "published": share(lambda d: d.published), "area": share(lambda d: d.area),
                   "category": share(lambda d: d.category), "likes": share(lambda d: d.metadata.get("likes") is not None),
                   "reply": share(lambda d: d.metadata.get("reply")), "status": share(lambda d: d.metadata.get("status"))}
        assert all(present[field] >= 0.7 for field in fields), (name, present)
    hangzhou = read_hotline(folder / "hangzhou_liuyan/messages.jsonl", "messages.jsonl", "s", columns)[0]
    assert hangzhou[0].id == "25489118" and hangzhou[0].area == "钱塘区" and hangzhou[0].title == "开发商占全体业主公共区域用于出租"
    assert hangzhou[0].published == datetime(2026, 6, 12)
    # Its domain (城建, 交通) is the category; its type (投诉/求助, 咨询) is the letter's form.
    assert hangzhou[0].category == "城建"
    # The headerless TSV (一级分类 \t 主题+详情) imports when its columns are named.
    tsv, errors, skipped = read_hotline(folder / "tipdm2020c/labelled_category_text.tsv", "labelled.tsv", "s", columns,
                                        fieldnames=["category", "text"])
    assert len(tsv) + skipped + len(errors) == 1842 and len(tsv) > 1800
    assert tsv[0].category == "商贸旅游" and tsv[0].text.startswith("D12市砖厂协会")
    with pytest.raises(ExtractionError, match="taxonomy.xlsx: no text column; headers found: 一级分类, 二级分类, 三级分类"):
        read_hotline(folder / "tipdm2020c/taxonomy.xlsx", "taxonomy.xlsx", "s", columns)
    # The board's dashboard data is one JSON document; its longest list of letters is read ("recent",
    # the 600 newest, which messages.jsonl holds too), as a 留言板 API's {"data": {"list": [...]}} is.
    board, errors, _ = read_hotline(folder / "hangzhou_liuyan/data_branch_data.json", "data_branch_data.json", "s",
                                    columns)
    assert len(board) == 600 and errors == [] and {doc.id for doc in board} <= {doc.id for doc in hangzhou}


def test_traditional_and_full_width_rows_are_simplified_then_masked(columns: dict[str, list[str]]) -> None:
    rows = ["編號,留言時間,留言主題,留言詳情",
            "A1,2024-03-01,社區路燈壞了,路燈壞了三個月，聯繫電話１３８１２３４５６７８，請盡快處理"]
    header = "编号,留言时间,留言主题,留言详情"
    [doc], errors, _ = read_hotline("\n".join([header, rows[1]]).encode("utf-8"), "t.csv", "s", columns)
    assert errors == []
    assert doc.title == "社区路灯坏了" and doc.metadata["original_title"] == "社區路燈壞了"
    assert doc.text == "路灯坏了三个月，联系电话【手机号】，请尽快处理"
    # The kept original is masked too: full-width digits cannot carry a phone number past the mask.
    assert doc.metadata["original_text"] == "路燈壞了三個月，聯繫電話【手機號】，請盡快處理".replace("【手機號】", "【手机号】")
    assert "138" not in str(doc) and "１３８" not in str(doc)


def test_a_title_that_names_no_matter_is_made_from_the_text(columns: dict[str, list[str]]) -> None:
    """"投诉", "求助" and "尊敬的领导你好" (real Hangzhou titles) named topics; such a letter is titled
    from its text, after the greeting, and the original stays in ``metadata["original_title"]``."""
    rows = [
        "编号,留言时间,留言主题,留言详情",
        "A1,2026-05-20,投诉,我是九堡镇居民，小区门口每天有流动摊贩占道经营，噪音很大",
        "A2,2026-05-21,尊敬的领导你好,尊敬的领导：您好！钱清星隆城大马路一到晚上老是有摩托车炸街",
        "A3,2026-05-22,投诉物业,物业不修电梯",
    ]
    docs, errors, _ = read_hotline("\n".join(rows).encode("utf-8"), "t.csv", "s", columns)
    assert errors == []
    assert [doc.title for doc in docs] == [
        "我是九堡镇居民，小区门口每天有流动摊贩占道经营，噪音很大",
        "钱清星隆城大马路一到晚上老是有摩托车炸街",
        "投诉物业",  # says what about
    ]
    assert docs[0].metadata["original_title"] == "投诉" and "original_title" not in docs[2].metadata


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # Real Hangzhou letters titled only "投诉": the cut left "…才买的房子(钱" of "(钱塘区…".
        ("我们普通老百姓花了两辈人半辈子的积蓄，好不容易才买的房子(钱塘区万科湖印光年府9-260*，顶楼），交房后多处问题一直未得到解决",
         "我们普通老百姓花了两辈人半辈子的积蓄，好不容易才买的房子"),
        ("书记您好！小区门口天天堵车。请帮忙协调", "小区门口天天堵车"),  # the first sentence
        # A long first clause is kept to the limit, not cut to its first words.
        ("尊敬的领导：您好！我是红星时尚广场小区业主，现600多户业主实名投诉本小区物业服务企业，该公司存在多项问题",
         "我是红星时尚广场小区业主，现600多户业主实名投诉本小区物业"),
        ("仓前街道，朱庙社区仓溢绿苑绿化带污水粪管下沉，污水井口水管高，污水排不出造成一搂住房污水满地",
         "仓前街道，朱庙社区仓溢绿苑绿化带污水粪管下沉"),
        ("路灯坏了", "路灯坏了"),
    ],
)
def test_a_title_from_the_text_ends_where_a_clause_does(text: str, title: str) -> None:
    from extractors.hotline import title_from_text

    assert title_from_text(text) == title


def test_a_work_order_system_export_and_a_form_only_category(tmp_path: Path, columns: dict[str, list[str]]) -> None:
    """A 12345 work-order system's export names its columns otherwise (工单编码, 系统接单时间, 工单内容,
    所属镇街...), and its 诉求类型 is the letter's form (投诉, 咨询), not its subject: the document has no
    category, the form is kept in ``metadata["form"]``, and the category model predicts the subject."""
    import openpyxl

    from models.category import fill_missing_categories

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["工单编码", "系统接单时间", "来电人姓名", "联系电话", "所属镇街", "诉求类型", "工单标题", "工单内容",
                  "工单状态", "办理结果"])
    sheet.append(["WO-1", "2026-03-02 09:15:00", "钱七", "13912345678", "城关镇", "投诉", "小区门口夜间施工噪音扰民",
                  "幸福里小区门口工地每天夜里十二点后还在施工，噪音很大，影响休息。", "已办结", "已责令停止夜间施工"])
    sheet.append(["WO-2", "2026-03-02 10:40:00", "孙八", "13812345678", "河西街道", "咨询/求助", "孩子入学学位咨询",
                  "孩子今年秋季上小学，户口在河西街道，请问对口哪所小学，需要准备哪些入学材料？", "办理中", ""])
    sheet.append(["WO-3", "2026-03-03 08:00:00", "周九", "", "城关镇", "城乡建设", "路灯不亮",
                  "解放路一段路灯一个月没亮。", "已办结", ""])
    path = tmp_path / "工单导出.xlsx"
    book.save(path)
    docs, errors, _ = read_hotline(path.read_bytes(), path.name, "12345", columns)
    assert errors == [] and [doc.id for doc in docs] == ["WO-1", "WO-2", "WO-3"]
    first, second, third = docs
    assert first.published == datetime(2026, 3, 2, 9, 15) and first.area == "城关镇"
    assert first.title == "小区门口夜间施工噪音扰民" and first.text.startswith("幸福里小区门口工地")
    assert first.metadata["status"] == "已办结" and first.metadata["reply"] == "已责令停止夜间施工"
    assert (first.category, first.metadata["form"]) == ("", "投诉")
    assert (second.category, second.metadata["form"]) == ("", "咨询/求助")
    assert third.category == "城乡建设" and "form" not in third.metadata
    for doc in docs:  # the caller's name and number are never stored
        assert "钱七" not in str(doc) and "13912345678" not in str(doc)
    assert fill_missing_categories(docs) == 2
    assert [doc.category for doc in docs] == ["环境保护", "教育文体", "城乡建设"]  # noise is 环境保护 there
    assert first.metadata["category_predicted"] and "category_predicted" not in third.metadata


@pytest.mark.parametrize(
    ("category", "form_only"),
    [("投诉/求助", True), ("咨询", True), ("建言", True), ("意见建议", True), ("投诉类", True), ("咨询、求助", True),
     ("城建", False), ("城乡建设", False), ("其他", False), ("", False), ("环境保护投诉", False)],
)
def test_a_category_naming_only_the_form(category: str, form_only: bool) -> None:
    from extractors.hotline import is_form_only

    assert is_form_only(category) is form_only


def test_the_times_work_order_systems_write(tmp_path: Path, columns: dict[str, list[str]]) -> None:
    """Times as exports write them: a compact 20200110103000 (as text, or as a number Excel made of it),
    the hour alone (10时), 下午/晚上 before a 12-hour clock, an Excel day number, the day of the week
    between date and time (its time was lost)."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["工单编号", "受理时间", "诉求内容"])
    rows = [("A1", "20200110103000"), ("A2", 20200110153000), ("A3", "2020年1月10日10时"),
            ("A4", "2020年01月10日 下午3:30"), ("A5", "2020-01-10 晚上9点"), ("A6", 43840.4375), ("A7", "202001101030"),
            ("A8", "2020年1月10日 星期五 10:30"), ("A9", "2020/1/10（周五）下午3:30")]
    for number, when in rows:
        sheet.append([number, when, "小区门口路灯不亮，晚上出行不便。"])
    path = tmp_path / "工单.xlsx"
    book.save(path)
    docs, errors, _ = read_hotline(path.read_bytes(), path.name, "12345", columns)
    assert errors == []
    assert [doc.published for doc in docs] == [
        datetime(2020, 1, 10, 10, 30), datetime(2020, 1, 10, 15, 30), datetime(2020, 1, 10, 10, 0),
        datetime(2020, 1, 10, 15, 30), datetime(2020, 1, 10, 21, 0), datetime(2020, 1, 10, 10, 30),
        datetime(2020, 1, 10, 10, 30), datetime(2020, 1, 10, 10, 30), datetime(2020, 1, 10, 15, 30),
    ]


def test_a_two_row_header_with_merged_cells(data_dir: Path, columns: dict[str, list[str]], tmp_path: Path) -> None:
    """Real letters under a two-row header as offices lay them out in Excel: 留言编号 merged down over
    both rows, 留言信息 merged across the columns below it. The id column is found in the upper row, so
    each letter keeps its export's id (not an id made from its time and text)."""
    import openpyxl

    rows = _tipdm_rows(data_dir, 10)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([rows[0][0], "留言信息", *[None] * (len(rows[0]) - 2)])
    sheet.append([None, *rows[0][1:]])
    sheet.merge_cells("A1:A2")
    sheet.merge_cells(start_row=1, start_column=2, end_row=1, end_column=len(rows[0]))
    for row in rows[1:]:
        sheet.append(row)
    path = tmp_path / "留言.xlsx"
    book.save(path)
    docs, errors, _ = read_hotline(path, path.name, "12345", columns)
    source = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    expected, _, _ = read_hotline(source.read_bytes(), source.name, "12345", columns)
    assert errors == [] and _as_read(docs) == _as_read(expected[:10])
    assert docs[0].id == "188006"


@pytest.mark.parametrize(("title", "delimiter"), [("12345热线工单导出（2019年）", "\t"), ("导出时间：2020-01-06", ";"),
                                                 ("\r\n工单导出（共10条）", ","), ("工单导出,共10条", "\t")])
def test_a_title_line_above_a_delimited_header(title: str, delimiter: str, data_dir: Path,
                                               columns: dict[str, list[str]]) -> None:
    """Delimited text with lines above its header (a title, the export's time, a blank line, a count
    with a comma): the separator is the header's, not the first line's. Real letters, GBK as exported."""
    rows = _tipdm_rows(data_dir, 10)
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    data = (title + "\r\n" + buffer.getvalue()).encode("gb18030")
    docs, errors, _ = read_hotline(data, "工单.txt", "12345", columns)
    source = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    expected, _, _ = read_hotline(source.read_bytes(), source.name, "12345", columns)
    assert errors == [] and _as_read(docs) == _as_read(expected[:10])


def test_an_xlsx_with_a_wrong_used_range(data_dir: Path, columns: dict[str, list[str]], tmp_path: Path) -> None:
    """Some exporters write a sheet's used range as A1 (``<dimension ref="A1"/>``) or leave it out:
    real letters in such a workbook are all read, where read-only openpyxl trusted it and gave one cell."""
    import re
    import zipfile

    import openpyxl

    rows = _tipdm_rows(data_dir, 12)
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    saved = io.BytesIO()
    book.save(saved)
    source = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    expected, _, _ = read_hotline(source.read_bytes(), source.name, "12345", columns)
    for wrong in (b'<dimension ref="A1"/>', b""):
        path = tmp_path / "工单.xlsx"
        with zipfile.ZipFile(saved) as original, zipfile.ZipFile(path, "w") as patched:
            for item in original.infolist():
                part = original.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    part = re.sub(rb'<dimension ref="[^"]*"/>', wrong, part)
                patched.writestr(item, part)
        docs, errors, _ = read_hotline(path, path.name, "12345", columns)
        assert errors == [] and _as_read(docs) == _as_read(expected[:12]), wrong


def test_ids_as_excel_leaves_them(data_dir: Path, columns: dict[str, list[str]]) -> None:
    """Real letters with the ids exports write for Excel: ="188006" (kept as text) reads as 188006; a
    long number Excel already shortened (2.01902E+13, the same for every letter of a day) is no id, so
    the letters are not dropped as repeats of the first: each is known by its time and text."""
    rows = _tipdm_rows(data_dir, 6)
    source = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    expected, _, _ = read_hotline(source.read_bytes(), source.name, "12345", columns)
    for ids, want in ((lambda row: f'="{row[0]}"', [doc.id for doc in expected[:6]]), (lambda row: "2.01902E+13", None)):
        written = [rows[0], *([ids(row), *row[1:]] for row in rows[1:])]
        docs, errors, skipped = read_hotline(_csv_bytes(written), "工单.csv", "12345", columns)
        assert errors == [] and skipped == 0 and len(docs) == 6
        assert [(d.title, d.text) for d in docs] == [(d.title, d.text) for d in expected[:6]]
        if want:
            assert [doc.id for doc in docs] == want
        else:
            assert len({doc.id for doc in docs}) == 6 and all(d.metadata["original_id"] == "2.01902E+13" for d in docs)


def test_json_documents_of_letters(data_dir: Path, columns: dict[str, list[str]]) -> None:
    """Real letters in the JSON shapes systems write: pretty-printed, wrapped by an API ({"code": 0,
    "rows": [...]}), or one letter holding a list of its own (its replies), which stays one letter."""
    source = data_dir / "hotline/hangzhou_liuyan/messages.jsonl"
    letters = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()[:3]]
    ids = [str(letter["id"]) for letter in letters]
    shapes = {
        "留言.json": json.dumps(letters, ensure_ascii=False, indent=2),
        "api.do": json.dumps({"code": 0, "rows": letters, "total": 3}, ensure_ascii=False, indent=4),
        "one.json": json.dumps({**letters[0], "replies": [{"unit": "钱塘区", "reply": "已转办"}]}, ensure_ascii=False),
    }
    for name, text in shapes.items():
        docs, errors, _ = read_hotline(text.encode(), name, "留言板", columns)
        assert errors == [] and [doc.id for doc in docs] == (ids[:1] if name == "one.json" else ids), name
    with pytest.raises(ExtractionError, match="broken.json line 1: not valid JSON"):
        read_hotline(b'{"code": 0,\n "rows": [\n', "broken.json", "留言板", columns)
    lines = source.read_text(encoding="utf-8").splitlines()[:2]
    with pytest.raises(ExtractionError, match="cut.jsonl line 4: not valid JSON"):  # blank lines counted
        read_hotline(f"{lines[0]}\n\n\n{{broken\n{lines[1]}\n".encode(), "cut.jsonl", "留言板", columns)


def test_an_xls_that_is_tab_separated_text(data_dir: Path, columns: dict[str, list[str]]) -> None:
    """Tab-separated text saved as .xls so that Excel opens it (GBK, as such exports are) reads as the
    CSV export of the same real letters; a binary file that is no workbook is still named as broken."""
    rows = _tipdm_rows(data_dir, 8)
    docs, errors, _ = read_hotline(_csv_bytes(rows, delimiter="\t", encoding="gb18030"), "工单.xls", "12345", columns)
    source = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    expected, _, _ = read_hotline(source.read_bytes(), source.name, "12345", columns)
    assert errors == [] and _as_read(docs) == _as_read(expected[:8])
    with pytest.raises(ExtractionError, match="工单.xls: not a readable XLS workbook"):
        read_hotline(bytes(range(256)) * 4, "工单.xls", "12345", columns)


def test_counts_as_boards_and_excel_print_them(data_dir: Path, columns: dict[str, list[str]]) -> None:
    """The most-liked real letters (2097 and 1762 likes) with their counts as a "#,##0" cell saved as CSV
    (2,097), as a board shows them (2.1千, 1762+) or typed full-width: each reads as its count, where
    every one was lost (no likes, so no heat from them)."""
    source = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8"), newline="")))
    likes = rows[0].index("点赞数")
    top = sorted(rows[1:], key=lambda row: -int(row[likes]))[:2]
    assert [row[likes] for row in top] == ["2097", "1762"]
    for written, expected in (("2,097", 2097), ("1,762", 1762), ("2.1千", 2100), ("1762+", 1762), ("１７６２", 1762)):
        row = list(top[0] if expected != 1762 else top[1])
        row[likes] = written
        [doc], errors, _ = read_hotline(_csv_bytes([rows[0], row]), "留言.csv", "12345", columns)
        assert errors == [] and doc.metadata["likes"] == expected, written


def test_headers_with_a_template_s_remarks(data_dir: Path, columns: dict[str, list[str]]) -> None:
    """A header as import templates and some exports write it, with remarks on its names (留言编号（必填）,
    留言时间(yyyy-MM-dd HH:mm:ss), 【留言详情】): real letters read as their CSV export. The remarks hid the
    time and text columns: "no text column"."""
    rows = _tipdm_rows(data_dir, 5)
    rows[0] = ["留言编号（必填）", "留言用户", "留言主题*", "留言时间(yyyy-MM-dd HH:mm:ss)", "【留言详情】", "反对数", "点赞数（个）"]
    report = HotlineReport()
    docs = list(iter_hotline(_csv_bytes(rows), "模板.csv", "12345", columns, report=report))
    source = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    expected, _, _ = read_hotline(source.read_bytes(), source.name, "12345", columns)
    assert report.errors == [] and _as_read(docs) == _as_read(expected[:5])
    assert "留言时间(yyyy-MM-dd HH:mm:ss) → time" in report.columns_line()


def test_times_typed_in_full_width(data_dir: Path, columns: dict[str, list[str]]) -> None:
    """Times an office typed with a full-width input method (２０１９－０２－２８　１１：２５：０５,
    ２０１９年２月２８日): real letters so written read as their own times; they were unreadable."""
    rows = _tipdm_rows(data_dir, 3)
    time_column = rows[0].index("留言时间")
    expected = [datetime.strptime(row[time_column], "%Y/%m/%d %H:%M:%S") for row in rows[1:]]
    full_width = str.maketrans("0123456789-: ", "０１２３４５６７８９－：\u3000")
    written = [f"{expected[0]:%Y-%m-%d %H:%M:%S}", f"{expected[1].year}年{expected[1].month}月{expected[1].day}日",
               f"{expected[2]:%Y-%m-%d %H:%M}"]
    for row, text in zip(rows[1:], written, strict=True):
        row[time_column] = text.translate(full_width)
    docs, errors, _ = read_hotline(_csv_bytes(rows, encoding="gb18030"), "登记表.csv", "12345", columns)
    assert errors == [] and [doc.published for doc in docs] == [
        expected[0], expected[1].replace(hour=0, minute=0, second=0), expected[2].replace(second=0)]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_text_without_its_mark(encoding: str, data_dir: Path, columns: dict[str, list[str]]) -> None:
    """Tab-separated UTF-16 written without a byte-order mark, as some Java and .NET exporters do: real
    letters read as their CSV export. It was read as UTF-8 and said no header row was found."""
    rows = _tipdm_rows(data_dir, 8)
    docs, errors, _ = read_hotline(_csv_bytes(rows, delimiter="\t", encoding=encoding), "工单.txt", "12345", columns)
    source = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    expected, _, _ = read_hotline(source.read_bytes(), source.name, "12345", columns)
    assert errors == [] and _as_read(docs) == _as_read(expected[:8])


def test_unix_times_and_month_first_dates(data_dir: Path, columns: dict[str, list[str]]) -> None:
    """A web system's JSON export gives Unix time (milliseconds as a number, seconds as text), read as
    Beijing time; an en-US Excel's CSV writes month first (11/3/2019 9:05 PM). Real letters so written
    read as their own dates; a ten-digit number that would be a time after tomorrow is no time."""
    from datetime import UTC, timedelta

    source = data_dir / "hotline/hangzhou_liuyan/messages.jsonl"
    letters = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()[:3]]
    beijing = [datetime(2026, 6, 12, 9, 30), datetime(2026, 6, 12, 21, 5, 7), datetime(2026, 1, 1, 0, 0)]
    stamps = [(when - timedelta(hours=8)).replace(tzinfo=UTC).timestamp() for when in beijing]
    letters[0]["date"], letters[1]["date"], letters[2]["date"] = int(stamps[0] * 1000), str(int(stamps[1])), 2026110309
    docs, errors, _ = read_hotline("\n".join(map(json.dumps, letters)).encode(), "留言.jsonl", "留言板", columns)
    assert [doc.published for doc in docs] == [*beijing[:2], None]
    assert errors == ["留言.jsonl row 4: unreadable time '2026110309' (kept without date)"]

    rows = _tipdm_rows(data_dir, 3)
    time_column = rows[0].index("留言时间")
    expected = [datetime.strptime(row[time_column], "%Y/%m/%d %H:%M:%S") for row in rows[1:]]
    for row, when in zip(rows[1:], expected, strict=True):
        row[time_column] = f"{when.month}/{when.day}/{when.year} {when.hour % 12 or 12}:{when:%M:%S} {when:%p}"
    docs, errors, _ = read_hotline(_csv_bytes(rows), "export.csv", "12345", columns)
    assert errors == [] and [doc.published for doc in docs] == expected

    # Day first (an en-GB Excel, a system's dd/MM/yyyy): a day after the 12th can be no month, and was
    # an unreadable time.
    rows = [row for row in _tipdm_rows(data_dir, 40) if row[time_column][8:10] > "12" or row[0] == "留言编号"][:4]
    expected = [datetime.strptime(row[time_column], "%Y/%m/%d %H:%M:%S") for row in rows[1:]]
    for row, when in zip(rows[1:], expected, strict=True):
        row[time_column] = f"{when:%d/%m/%Y %H:%M}"
    docs, errors, _ = read_hotline(_csv_bytes(rows), "export.csv", "12345", columns)
    assert errors == [] and [doc.published for doc in docs] == [when.replace(second=0) for when in expected]


def test_times_as_systems_print_them_unformatted(data_dir: Path, columns: dict[str, list[str]]) -> None:
    """Real letters with their times as a work-order system serialises them when nobody chose a format:
    .NET JSON's /Date(ms)/, Gson's English DateFormat, Java's Date.toString() (CST, or the offset of an
    unnamed zone), RFC 822, Oracle's DD-MON-RR in a Chinese session, and a 12-hour clock with its mark
    after the time (Java's "hh:mm:ss a"), and a compact day before its time ("yyyyMMdd HH:mm:ss"). Each
    reads as its Beijing time; all were unreadable, twelve hours early or (the last) at midnight, and a
    whole export's letters went without a date."""
    from datetime import UTC, timedelta

    rows = _tipdm_rows(data_dir, 9)
    time_column = rows[0].index("留言时间")
    beijing = [datetime.strptime(row[time_column], "%Y/%m/%d %H:%M:%S") for row in rows[1:]]
    utc = [(when - timedelta(hours=8)).replace(tzinfo=UTC) for when in beijing]
    half = {"AM": "上午", "PM": "下午"}
    written = [
        f"/Date({int(utc[0].timestamp() * 1000)}+0800)/",
        f"{beijing[1]:%b} {beijing[1].day}, {beijing[1].year} {beijing[1].hour % 12 or 12}:{beijing[1]:%M:%S %p}",
        f"{beijing[2]:%a %b %d %H:%M:%S} CST {beijing[2].year}",
        f"{beijing[3]:%a %b %d %H:%M:%S} GMT+08:00 {beijing[3].year}",
        f"{utc[4]:%a, %d %b %Y %H:%M:%S} GMT",
        f"{beijing[5]:%d}-{beijing[5].month}月 -{beijing[5]:%y} {beijing[5]:%I.%M.%S}.000000 {half[f'{beijing[5]:%p}']}",
        f"{beijing[6]:%Y-%m-%d %I:%M:%S} {half[f'{beijing[6]:%p}']}",
        f"{beijing[7]:%Y-%m-%d %I:%M:%S %p}",
        f"{beijing[8]:%Y%m%d %H:%M:%S}",
    ]
    assert any(when.hour >= 13 for when in (beijing[1], beijing[5], beijing[6], beijing[7]))
    for row, text in zip(rows[1:], written, strict=True):
        row[time_column] = text
    docs, errors, _ = read_hotline(_csv_bytes(rows, encoding="gb18030"), "工单.csv", "12345", columns)
    assert errors == [] and [doc.published for doc in docs] == beijing

    # An Oracle date alone (03-JAN-19) is the day; an English month's name may be written out.
    rows = _tipdm_rows(data_dir, 2)
    rows[1][time_column], rows[2][time_column] = "03-JAN-19", "January 3, 2019"
    docs, errors, _ = read_hotline(_csv_bytes(rows), "工单.csv", "12345", columns)
    assert errors == [] and [doc.published for doc in docs] == [datetime(2019, 1, 3)] * 2


def test_cells_marked_as_text_with_a_leading_quote(data_dir: Path, columns: dict[str, list[str]]) -> None:
    """Exporters mark a cell as text for Excel with a leading quote ('188006, '2019/2/28 11:25:05), so that a
    long number or a time is kept as written: real letters so written read as their CSV export. The quote
    stayed in the id, and the time was unreadable."""
    rows = _tipdm_rows(data_dir, 5)
    time_column = rows[0].index("留言时间")
    for row in rows[1:]:
        row[0], row[time_column] = "'" + row[0], "'" + row[time_column]
    docs, errors, _ = read_hotline(_csv_bytes(rows), "工单.csv", "12345", columns)
    source = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    expected, _, _ = read_hotline(source.read_bytes(), source.name, "12345", columns)
    assert errors == [] and _as_read(docs) == _as_read(expected[:5])


def test_letters_under_a_web_api_s_field_names(data_dir: Path, columns: dict[str, list[str]]) -> None:
    """Real Hangzhou letters as a work-order system's API names their fields (orderNo, subject,
    description, createTime, areaName, categoryName, state, likeCount): each field is read as the
    board's own names give it. The export was refused before ("no text column"), and but for createTime
    every other field would have been lost."""
    source = data_dir / "hotline/hangzhou_liuyan/messages.jsonl"
    expected, _, _ = read_hotline(source.read_bytes(), source.name, "留言板", columns)
    names = {"id": "orderNo", "title": "subject", "content": "description", "date": "createTime",
             "district": "areaName", "domain": "categoryName", "status": "state", "likes": "likeCount"}
    letters = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()[:20]]
    renamed = [{names.get(key, key): value for key, value in letter.items() if key != "type"} for letter in letters]
    text = "\n".join(json.dumps(letter, ensure_ascii=False) for letter in renamed)
    report = HotlineReport()
    docs = list(iter_hotline(text.encode(), "api.jsonl", "留言板", columns, report=report))
    fields = ("id", "title", "text", "published", "area", "category")
    assert report.errors == [] and [[getattr(d, f) for f in fields] for d in docs] == [
        [getattr(d, f) for f in fields] for d in expected[:20]]
    assert [(d.metadata.get("status"), d.metadata.get("likes")) for d in docs] == [
        (d.metadata.get("status"), d.metadata.get("likes")) for d in expected[:20]]
    assert not set(names.values()) & set(report.unread_columns)


def test_dates_a_json_export_writes_as_objects(data_dir: Path, columns: dict[str, list[str]]) -> None:
    """Real letters whose JSON gives the date as an object: Java's json-lib writes a Date as {"time": ms,
    "year": 119, "timezoneOffset": -480, …}, MongoDB's extended JSON as {"$date": "…Z"} or {"$date":
    {"$numberLong": "…"}}. Each reads as its Beijing time; each was an unreadable time."""
    source = data_dir / "hotline/hangzhou_liuyan/messages.jsonl"
    letters = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()[:3]]
    letters[0]["date"] = {"date": 3, "day": 4, "hours": 14, "minutes": 5, "month": 0, "seconds": 0,
                          "time": 1546495500000, "timezoneOffset": -480, "year": 119}
    letters[1]["date"] = {"$date": "2019-01-03T06:05:00.000Z"}
    letters[2]["date"] = {"$date": {"$numberLong": "1546495500000"}}
    text = "\n".join(json.dumps(letter, ensure_ascii=False) for letter in letters)
    docs, errors, _ = read_hotline(text.encode(), "导出.jsonl", "留言板", columns)
    assert errors == [] and [doc.published for doc in docs] == [datetime(2019, 1, 3, 14, 5)] * 3


def test_date_and_time_of_day_in_two_columns(
    data_dir: Path, columns: dict[str, list[str]], tmp_path: Path
) -> None:
    """Real letters exported with the date and the time of day apart (来电日期 2019-01-08 beside 来电时间
    10:30:00, or 下午2:05): in CSV, in an XLSX with date and time cells, and in Excel 2003 XML, whose time
    cell is a time on Excel's day 0. Each letter reads as its own time, and the import says it read the
    time from both columns. The time column was read alone: no letter had a date (an XLS time cell
    made it 31 December 1899). A time of day with no date beside it is named so."""
    import openpyxl

    rows = _tipdm_rows(data_dir, 6)
    time_column = rows[0].index("留言时间")
    expected = [datetime.strptime(row[time_column], "%Y/%m/%d %H:%M:%S") for row in rows[1:]]
    header = [*rows[0][:time_column], "来电日期", "来电时间", *rows[0][time_column + 1:]]

    def split(row: list[str], when: datetime, clock: str) -> list[str]:
        return [*row[:time_column], f"{when:%Y-%m-%d}", clock, *row[time_column + 1:]]

    clocks = [f"{when:%H:%M:%S}" for when in expected]
    clocks[1] = f"{'下午' if expected[1].hour >= 12 else '上午'}{expected[1].hour % 12 or 12}:{expected[1]:%M:%S}"
    written = [header, *(split(r, w, c) for r, w, c in zip(rows[1:], expected, clocks, strict=True))]
    report = HotlineReport()
    docs = list(iter_hotline(_csv_bytes(written, encoding="gb18030"), "工单.csv", "12345", columns, report=report))
    assert report.errors == [] and [doc.published for doc in docs] == expected
    assert "来电时间 + 来电日期 → time" in report.columns_line() and "not read" not in report.columns_line()

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row, when in zip(rows[1:], expected, strict=True):
        sheet.append([*row[:time_column], when.date(), when.time(), *row[time_column + 1:]])
        sheet.cell(sheet.max_row, time_column + 1).number_format = "yyyy-mm-dd"
        sheet.cell(sheet.max_row, time_column + 2).number_format = "hh:mm:ss"
    book.save(tmp_path / "工单.xlsx")
    docs, errors, _ = read_hotline(tmp_path / "工单.xlsx", "工单.xlsx", "12345", columns)
    assert errors == [] and [doc.published for doc in docs] == expected

    def data(value: str, kind: str = "String") -> str:
        return f'<Cell><Data ss:Type="{kind}">{value}</Data></Cell>'

    lines = ["<Row>" + "".join(data(name) for name in header) + "</Row>"]
    for row, when in zip(rows[1:], expected, strict=True):
        cells = [*map(data, row[:time_column]), data(f"{when:%Y-%m-%d}T00:00:00.000", "DateTime"),
                 data(f"1899-12-31T{when:%H:%M:%S}.000", "DateTime"), *map(data, row[time_column + 1:])]
        lines.append("<Row>" + "".join(cells).replace("\n", "&#10;") + "</Row>")
    workbook = ('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Sheet1"><Table>\n'
                + "\n".join(lines) + "\n</Table></Worksheet></Workbook>")
    docs, errors, _ = read_hotline(workbook.encode(), "工单.xls", "12345", columns)
    assert errors == [] and [doc.published for doc in docs] == expected

    rows = [header, split(rows[1], expected[0], clocks[0])]
    rows[1][time_column] = ""
    docs, errors, _ = read_hotline(_csv_bytes(rows), "工单.csv", "12345", columns)
    assert docs[0].published is None
    assert errors == [f"工单.csv row 2: a time of day without a date '{clocks[0]}' (kept without date)"]


def test_cells_a_rich_text_editor_wrote(data_dir: Path, columns: dict[str, list[str]]) -> None:
    """Letters a web form's rich-text editor saved as HTML: real Hangzhou letters hold &quot; and even
    &amp;quot; (escaped twice), and real tipdm letters exported as <p>…</p>&nbsp; read as the plain
    export's text, a paragraph a line. The entities and tags were kept in the text."""
    import html

    source = data_dir / "hotline/hangzhou_liuyan/messages.jsonl"
    docs, errors, _ = read_hotline(source.read_bytes(), source.name, "留言板", columns)
    assert errors == [] and not any(re.search(r"&(?:amp|quot|nbsp|lt|gt);", d.text + d.title) for d in docs)
    assert any("是\"黄牛\"）" in d.text for d in docs) and any("吸烟&吐痰专区" in d.text for d in docs)

    rows = _tipdm_rows(data_dir, 6)
    text_column = rows[0].index("留言详情")
    plain = io.StringIO(newline="")
    csv.writer(plain).writerows(rows)
    expected, _, _ = read_hotline(plain.getvalue().encode(), "工单.csv", "12345", columns)
    for row in rows[1:]:
        paragraphs = [line.strip() for line in row[text_column].split("\n") if line.strip()]
        row[text_column] = "".join(f"<p>&nbsp;&nbsp;{html.escape(line)}</p>" for line in paragraphs)
    rich = io.StringIO(newline="")
    csv.writer(rich).writerows(rows)
    docs, errors, _ = read_hotline(rich.getvalue().encode(), "工单.csv", "12345", columns)
    assert errors == [] and [d.text for d in docs] == [d.text for d in expected]


def test_a_title_line_above_the_header_and_a_total_line_below_the_letters(
    tmp_path: Path, columns: dict[str, list[str]]
) -> None:
    """An export as offices print them: the table's name above the header, a blank line, and a
    合计 line at the end (GBK). The letters are read and the total line is skipped, not made a letter."""
    rows = ["某县12345热线工单明细表（2020年1月）,,,",
            "序号,受理时间,诉求标题,诉求内容",
            "1,2020-01-10 10:30,路灯不亮,小区门口路灯不亮，晚上出行不便。",
            ",,,",
            "2,2020-01-11 09:00,噪音扰民,工地夜间施工噪音大。",
            "合 计,,,2件"]
    path = tmp_path / "明细.csv"
    path.write_bytes("\n".join(rows).encode("gb18030"))
    docs, errors, skipped = read_hotline(path.read_bytes(), path.name, "12345", columns)
    assert [doc.title for doc in docs] == ["路灯不亮", "噪音扰民"]
    assert errors == [] and skipped == 1


def test_excel_escapes_of_line_breaks_are_undone(data_dir: Path, columns: dict[str, list[str]]) -> None:
    """tipdm's labelled sample keeps Excel's _x000D_ (a carriage return) in 32 letters' text; it is a line break."""
    path = data_dir / "hotline/tipdm2020c/labelled_sample.xlsx"
    docs, errors, _ = read_hotline(path.read_bytes(), path.name, "12345", columns)
    assert len(docs) == 494 and errors == []
    assert not any("_x00" in doc.text or "_x00" in doc.title for doc in docs)
    assert any("太有趣了！\n还曾记否第一次招标时" in doc.text for doc in docs)


def _csv_bytes(rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    """``rows`` as a delimited export's bytes, written by the csv module as exporters write them."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def _tipdm_rows(data_dir: Path, count: int) -> list[list[str]]:
    """The header and the first ``count`` letters of tipdm's CSV export, as its cells are."""
    source = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    return list(csv.reader(io.StringIO(source.read_text(encoding="utf-8"), newline="")))[: count + 1]


def _as_read(docs: list[Document]) -> list[tuple]:
    return [(d.id, d.title, d.text, d.published, d.area, d.metadata.get("likes")) for d in docs]


def test_an_xls_that_is_an_html_table(data_dir: Path, columns: dict[str, list[str]], tmp_path: Path) -> None:
    """Many 12345 and OA systems' "导出Excel" is an HTML table saved as .xls, in GBK under a gb2312
    declaration: real letters so written (a title row spanning the columns, line breaks as <br>, an
    entity, a layout table around the data) read as the CSV export of the same letters does."""
    from html import escape

    rows = _tipdm_rows(data_dir, 30)
    body = "".join(
        "<tr>" + "".join(f"<td style=\"mso-number-format:'\\@'\">{escape(cell).replace(chr(10), '<br>')}</td>"
                         for cell in row) + "</tr>\n"
        for row in rows[1:])
    page = (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">'
        '<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>工单导出</title></head>'
        '<body><table><tr><td><table border="1">\n'
        f'<tr><th colspan="{len(rows[0])}">12345热线工单导出&nbsp;（2019年）</th></tr>\n'
        "<tr>" + "".join(f"<th>{escape(name)}</th>" for name in rows[0]) + "</tr>\n"
        f"{body}</table></td></tr></table></body></html>"
    )
    path = tmp_path / "工单导出.xls"
    path.write_bytes(page.encode("gb18030"))
    docs, errors, skipped = read_hotline(path.read_bytes(), path.name, "12345", columns)
    source = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    expected, _, _ = read_hotline(source.read_bytes(), source.name, "12345", columns)
    assert errors == [] and skipped == 0 and len(docs) == 30
    assert _as_read(docs) == _as_read(expected[:30])
    assert docs[0].metadata["row"] == 3  # the title row and the header row come first
    # Read from a path as the nightly job reads it, and under the name it would have as a web page.
    assert _as_read(read_hotline(path, path.name, "12345", columns)[0]) == _as_read(docs)
    assert _as_read(read_hotline(path.read_bytes(), "工单导出.html", "12345", columns)[0]) == _as_read(docs)


def test_merged_cells_of_an_html_export(columns: dict[str, list[str]]) -> None:
    """A cell merged down (rowspan) belongs to each row it spans, one merged across (colspan) fills
    its columns: the cells after it stay under their own headers. A line break or a paragraph in a
    cell is a line of the letter; a comment or a script in it is not its text."""
    page = """<table>
      <tr><th rowspan="2">工单编号</th><th colspan="2">来电</th><th rowspan="2">所属区域</th></tr>
      <tr><th>来电时间</th><th>诉求内容</th></tr>
      <tr><td>GD1</td><td>2024-03-01 08:00</td><td>路灯不亮</td><td rowspan="2">城关镇</td></tr>
      <tr><td>GD2</td><td>2024-03-02 09:30</td><td>井盖缺失<br/>有安全隐患<!-- 备注 --><script>show();</script>
        <p>请尽快处理</p></td></tr>
      <tr><td>GD3</td><td colspan="2">2024-03-03</td><td>河西街道</td></tr>
    </table>""".encode()
    docs, errors, _ = read_hotline(page, "export.xls", "12345", columns)
    assert [(d.id, d.text, d.area, d.published) for d in docs] == [
        ("GD1", "路灯不亮", "城关镇", datetime(2024, 3, 1, 8)),
        ("GD2", "井盖缺失\n有安全隐患\n请尽快处理", "城关镇", datetime(2024, 3, 2, 9, 30)),
    ]
    assert errors == ["export.xls row 5: empty 诉求内容"]


def test_an_xls_that_is_excel_2003_xml(data_dir: Path, columns: dict[str, list[str]], tmp_path: Path) -> None:
    """Excel 2003 XML (SpreadsheetML) saved as .xls, as other systems export: real letters on the sheet
    after a 说明 sheet, ids as numbers, times as DateTime cells, a blank row skipped by ss:Index, read as
    the CSV export of the same letters; a configured sheet that is not there names the sheets."""
    from xml.sax.saxutils import escape

    rows = _tipdm_rows(data_dir, 20)
    time_column = rows[0].index("留言时间")

    def cell(column: int, value: str) -> str:
        if column == 0 and value.isdigit():
            return f'<Cell><Data ss:Type="Number">{value}</Data></Cell>'
        if column == time_column and value[:1].isdigit():
            stamp = datetime.strptime(value, "%Y/%m/%d %H:%M:%S").isoformat()
            return f'<Cell ss:StyleID="s21"><Data ss:Type="DateTime">{stamp}.000</Data></Cell>'
        return f'<Cell><Data ss:Type="String">{escape(value).replace(chr(10), "&#10;")}</Data></Cell>'

    letters = "".join(f"<Row>{''.join(cell(c, v) for c, v in enumerate(row))}</Row>\n" for row in rows[1:11])
    letters += '<Row ss:Index="14">' + "".join(cell(c, v) for c, v in enumerate(rows[11])) + "</Row>\n"
    letters += "".join(f"<Row>{''.join(cell(c, v) for c, v in enumerate(row))}</Row>\n" for row in rows[12:])
    workbook = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">\n'
        '<Worksheet ss:Name="说明"><Table><Row><Cell><Data ss:Type="String">本表由系统导出</Data></Cell></Row></Table></Worksheet>\n'
        '<Worksheet ss:Name="工单"><Table>\n'
        f'<Row><Cell ss:MergeAcross="{len(rows[0]) - 1}"><Data ss:Type="String">留言导出</Data></Cell></Row>\n'
        "<Row>" + "".join(cell(-1, name) for name in rows[0]) + "</Row>\n"
        f"{letters}</Table></Worksheet></Workbook>"
    )
    path = tmp_path / "留言导出.xls"
    path.write_bytes(workbook.encode("utf-8"))
    docs, errors, skipped = read_hotline(path, path.name, "12345", columns)
    source = data_dir / "hotline/tipdm2020c/messages_with_votes.csv"
    expected, _, _ = read_hotline(source.read_bytes(), source.name, "12345", columns)
    assert errors == [] and skipped == 0 and len(docs) == 20
    assert _as_read(docs) == _as_read(expected[:20])
    assert [d.metadata["row"] for d in docs][9:12] == [12, 14, 15]
    assert _as_read(read_hotline(path.read_bytes(), path.name, "12345", columns, sheet="工单")[0]) == _as_read(docs)
    with pytest.raises(ExtractionError, match=r"留言导出.xls: no sheet '明细' \(sheets: 说明, 工单\)"):
        read_hotline(path, path.name, "12345", columns, sheet="明细")
    with pytest.raises(ExtractionError, match="留言导出.xls: broken Excel XML workbook"):
        read_hotline(path.read_bytes()[:-200], path.name, "12345", columns, sheet="工单")


def test_an_operators_urgent_mark_makes_a_letter_at_least_a_watch(data_dir: Path, columns: dict[str, list[str]]) -> None:
    """A work order's 紧急程度 is kept, and a letter the operator marked 紧急 or 特急 is at least 关注, as a 舆情
    service's 负面 is; 一般 leaves the models' reading. Real tipdm letters, each with the column written
    特急, 紧急 or 一般 and read once more without it."""
    from xuanti.pipeline import Analyser
    from xuanti.records import is_urgent

    assert [is_urgent(value) for value in ("紧急", "特急", "加急", "是", "一般", "非紧急", "不紧急", "否", "", None)] == [
        True, True, True, True, False, False, False, False, False, False]
    rows = list(csv.reader(io.StringIO((data_dir / "hotline/tipdm2020c/messages_with_votes.csv").read_text(encoding="utf-8"))))
    header, letters = rows[0], rows[1:121]
    marks = ["特急", "紧急", "一般"]

    def export(lines: list[list[str]]) -> bytes:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(lines)
        return buffer.getvalue().encode("utf-8")

    marked, errors, _ = read_hotline(export([[*header, "紧急程度"], *([*letter, marks[number % 3]] for number, letter in
                                                                     enumerate(letters))]), "urgent.csv", "tipdm", columns)
    plain, _, _ = read_hotline(export([header, *letters]), "plain.csv", "tipdm", columns)
    assert errors == [] and len(marked) == len(plain) == 120
    assert [doc.metadata["urgency"] for doc in marked[:3]] == marks
    analyser = Analyser()
    with_mark, without = analyser.measure(marked).analyses, analyser.measure(plain).analyses
    raised = 0
    for doc, same in zip(marked, plain, strict=True):
        got, before = with_mark[doc.uid].warning, without[same.uid].warning
        if doc.metadata["urgency"] == "一般":
            assert got == before, doc.title
        else:
            assert got != "none" and (got == before or (before, got) == ("none", "watch")), doc.title
            raised += before == "none"
    assert raised >= 5  # letters the models read as none that the operator called urgent


def test_a_letter_the_export_calls_praise_carries_no_warning(data_dir: Path, columns: dict[str, list[str]]) -> None:
    """A 12345 export's 诉求类型 of 表扬 or 感谢 marks a letter of thanks: no warning level, whatever it names.
    Real tipdm letters read once with the column written 表扬 and once 投诉; a 投诉 keeps the models' level.
    Beside a subject column (问题分类) the form is read too, and the subject stays the category."""
    from xuanti.pipeline import Analyser

    rows = list(csv.reader(io.StringIO((data_dir / "hotline/tipdm2020c/messages_with_votes.csv").read_text(encoding="utf-8"))))
    header, letters = rows[0], rows[1:41]

    def export(form: str) -> bytes:
        buffer = io.StringIO()
        csv.writer(buffer).writerows([[*header, "问题分类", "诉求类型"], *([*letter, "城乡建设", form] for letter in letters)])
        return buffer.getvalue().encode("utf-8")

    praise, errors, _ = read_hotline(export("表扬"), "praise.csv", "tipdm", columns)
    complaint, _, _ = read_hotline(export("投诉"), "complaint.csv", "tipdm", columns)
    assert errors == [] and len(praise) == len(complaint) == 40
    assert {doc.metadata.get("form") for doc in praise} == {"表扬"} and {doc.category for doc in praise} == {"城乡建设"}
    alone, _, _ = read_hotline(export("表扬").replace("问题分类".encode(), "备注".encode()), "alone.csv", "tipdm", columns)
    assert {(doc.category, doc.metadata.get("form")) for doc in alone} == {("", "表扬")}  # the form-only category
    analyser = Analyser()
    thanked, complained = analyser.measure(praise).analyses, analyser.measure(complaint).analyses
    assert {thanked[doc.uid].warning for doc in praise} == {"none"}
    assert sum(complained[doc.uid].warning != "none" for doc in complaint) >= 20


LETTERS = Path(__file__).parent / "fixtures" / "letters"


def test_letters_handed_on_as_word_files(columns: dict[str, list[str]], tmp_path: Path, home: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A 12345 centre's 转办单 in Word (``scripts/make_letter_fixtures.py``: a form of label and value
    cells, one over two tables, one in cells "诉求内容：……", three in one Word 97 file) is each a letter, its
    fields read as an export's columns; a weekly report's table of letters is read as an export's rows
    with --kind hotline. Each had been one document titled 工单转办单 (or 周报), or "not a readable XLS
    workbook"."""
    from extractors.hotline import word_is_letters
    from xuanti.cli import main

    one, errors, _ = read_hotline((LETTERS / "转办单.docx").read_bytes(), "转办单.docx", "12345", columns)
    assert errors == [] and len(one) == 1
    letter = one[0]
    assert (letter.id, letter.title, letter.category, letter.area) == (
        "PA2611160001", "桃源新村污水井堵塞外溢", "城乡建设", "城关镇")
    assert letter.published == datetime(2026, 11, 16, 9, 12)
    # The 诉求内容's two paragraphs, and nothing of the 办理要求 below it nor of the caller.
    assert letter.text == ("来电人反映：城关镇桃源新村3栋楼下污水井堵塞已一周，污水外溢到人行道，气味很大，老人小孩出行不便。\n"
                           "曾向物业反映两次未解决，希望相关部门尽快疏通并查明原因。")
    assert "张" not in json.dumps(letter.to_dict(), ensure_ascii=False)
    # The same form wrapped in a content control, as a 转办单 template made with Word's form tools has it.
    import docx
    from docx.oxml.ns import qn

    template = docx.Document(io.BytesIO((LETTERS / "转办单.docx").read_bytes()))
    form = template.element.body.find(qn("w:tbl"))
    control = form.makeelement(qn("w:sdt"), {})
    form.addprevious(control)
    control.append(control.makeelement(qn("w:sdtContent"), {}))
    control[0].append(form)
    buffer = io.BytesIO()
    template.save(buffer)
    controlled, errors, _ = read_hotline(buffer.getvalue(), "转办单.docx", "12345", columns)
    assert errors == [] and [(doc.id, doc.text) for doc in controlled] == [(letter.id, letter.text)]

    collected, errors, _ = read_hotline((LETTERS / "转办单汇编.doc").read_bytes(), "转办单汇编.doc", "12345", columns)
    assert errors == [] and [doc.id for doc in collected] == ["PA2611160001", "PA2611160002", "PA2611170003"]
    assert collected[0].text == letter.text  # a Word 97 cell's two paragraphs, the form over two tables
    assert collected[2].text.startswith("来电人反映县城人民路管网改造工程") and collected[2].area == "城关镇"
    assert collected[1].category == "劳动和社会保障" and collected[1].title == "工地拖欠农民工工资"

    report = (LETTERS / "周报.docx").read_bytes()
    assert not word_is_letters(report, "周报.docx", columns)  # a report, by default a document
    notice = _docx_of(["关于开展群众满意度调查的通知", "具体内容：请于11月30日前组织群众填写问卷。", "联系人：张三",
                       "时间：2026年11月20日"])
    assert not word_is_letters(notice, "通知.docx", columns)  # a notice's fields are not a letter's
    rows, errors, _ = read_hotline(report, "周报.docx", "12345", columns)
    assert errors == [] and [(doc.id, doc.area) for doc in rows] == [
        ("PA2611160001", "城关镇"), ("PA2611160002", "新城镇"), ("PA2611170003", "城关镇")]
    assert rows[0].text == letter.text.replace("\n", "")
    with pytest.raises(ExtractionError, match="说明.docx: no letters in this Word file"):
        read_hotline(_docx_of(["本文件夹存放每周工单。"]), "说明.docx", "12345", columns)

    folder = tmp_path / "转办单"
    folder.mkdir()
    for name in ("转办单.docx", "转办单汇编.doc"):
        (folder / name).write_bytes((LETTERS / name).read_bytes())
    assert main(["import", str(folder)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("转办单/ (2 files): 4 imported (3 new or changed), 0 skipped, 0 errors\n")  # one letter twice
    assert err.startswith("read as --kind hotline (12345 letters written as forms")
    assert main(["import", str(LETTERS / "周报.docx")]) == 0
    assert capsys.readouterr().err == ("read as --kind file (a document; it holds a list of letters: --kind hotline "
                                       "reads them)\n")

    # A 舆情 service's daily report in Word: its table of articles read as an export's rows.
    report = docx.Document()
    report.add_paragraph("平安县网络舆情日报（2026年11月18日）")
    rows = [["序号", "标题", "来源", "发布时间", "情感倾向"],
            ["1", "城关镇桃源新村污水外溢一周无人管", "某地方论坛", "2026-11-18 08:30", "负面"],
            ["2", "平安县召开优化营商环境推进会", "平安县融媒体中心", "2026-11-18 10:00", "正面"]]
    table = report.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    report.save(tmp_path / "舆情日报.docx")
    assert main(["import", str(tmp_path / "舆情日报.docx")]) == 0
    assert capsys.readouterr().err.endswith("it holds a list of articles: --kind articles reads them)\n")
    assert main(["import", str(tmp_path / "舆情日报.docx"), "--kind", "articles"]) == 0
    assert capsys.readouterr().out.startswith("舆情日报.docx: 2 imported (2 new or changed), 0 skipped, 0 errors")
    # The same report written as blocks: a numbered headline, then its fields, several on a line.
    from extractors.articles import article_columns, read_articles

    blocks = _docx_of(["平安县网络舆情日报", "今日监测到涉我县信息126条，重点舆情如下：",
                       "1．城关镇桃源新村污水外溢一周无人管",
                       "来源：某地方论坛　　发布时间：2026-11-18 08:30　　情感倾向：负面",
                       "摘要：网民发帖称，3栋楼下污水井堵塞一周，物业未处理。", "原文链接：https://bbs.example.cn/t/1",
                       "【舆情二】平安县召开优化营商环境推进会", "来源：平安县融媒体中心 发布时间：2026-11-18 10:00",
                       "三、工作建议", "建议相关部门及时回应网民关切。"])
    article_names = article_columns(load_settings().articles.columns, {})
    found, errors, _ = read_articles(blocks, "舆情日报.docx", "舆情", article_names)
    assert errors == [] and [(doc.title, doc.url, doc.metadata.get("tone")) for doc in found] == [
        ("城关镇桃源新村污水外溢一周无人管", "https://bbs.example.cn/t/1", "负面"),
        ("平安县召开优化营商环境推进会", "", None)]
    assert found[0].text == "网民发帖称，3栋楼下污水井堵塞一周，物业未处理。" and found[1].published == datetime(2026, 11, 18, 10)
    # A 专报 of one form an item (标题 | …, 来源 | …, 发布时间 | …, 内容 | …, 处置建议 | …).
    special = docx.Document()
    special.add_paragraph("平安县舆情专报")
    for headline, origin, time, body in [("城关镇桃源新村污水外溢", "某论坛", "2026-11-18 08:30", "网民发帖称污水外溢。"),
                                         ("新城镇农民工讨薪", "短视频平台", "2026-11-18 14:20", "视频显示农民工讨薪。")]:
        item = special.add_table(rows=0, cols=2)
        for label, value in [("标题", headline), ("来源", origin), ("发布时间", time), ("内容", body), ("处置建议", "请核实。")]:
            cells = item.add_row().cells
            cells[0].text, cells[1].text = label, value
        special.add_paragraph("")
    buffer = io.BytesIO()
    special.save(buffer)
    items, errors, _ = read_articles(buffer.getvalue(), "专报.docx", "舆情", article_names)
    assert errors == [] and [(doc.title, doc.published, doc.text) for doc in items] == [
        ("城关镇桃源新村污水外溢", datetime(2026, 11, 18, 8, 30), "网民发帖称污水外溢。"),
        ("新城镇农民工讨薪", datetime(2026, 11, 18, 14, 20), "视频显示农民工讨薪。")]
    # The service's report as PDF: its lines as printed, a 摘要 wrapped over two lines joined again, a link
    # not run into the next headline, the report's own closing part (三、工作建议) no part of the last item.
    printed, errors, _ = read_articles((LETTERS / "舆情日报.pdf").read_bytes(), "舆情日报.pdf", "舆情", article_names)
    assert errors == [] and [(doc.title, doc.url, doc.published) for doc in printed] == [
        ("网民反映城关镇桃源新村污水井堵塞外溢", "https://bbs.example.cn/thread-1.html", datetime(2026, 11, 16, 9, 12)),
        ("网民反映新城镇工地拖欠农民工工资", "https://bbs.example.cn/thread-2.html", datetime(2026, 11, 16, 10, 40)),
        ("网民反映城关镇人民路夜间施工噪音扰民", "https://bbs.example.cn/thread-3.html", datetime(2026, 11, 17, 15, 5))]
    assert printed[1].text == collected[1].text and "工作建议" not in printed[2].text
    # One story saved as Word, its 来源 and 发布时间 under the headline, is no list of articles.
    story = _docx_of(["平安县召开优化营商环境推进会", "来源：平安县融媒体中心　发布时间：2026-11-18 10:00",
                      "11月18日，平安县召开优化营商环境推进会。"])
    with pytest.raises(ExtractionError, match="新闻.docx: no articles in this Word file"):
        read_articles(story, "新闻.docx", "舆情", article_names)
    # The 转办单 printed to PDF: a label and its value apart by a space alone, the 办理要求 below no part of the
    # 诉求内容, a time wrapped onto a line of its own read with its date.
    pdf, errors, _ = read_hotline((LETTERS / "转办单.pdf").read_bytes(), "转办单.pdf", "12345", columns)
    assert errors == [] and [(doc.id, doc.title, doc.area, doc.category, doc.published) for doc in pdf] == [
        (letter.id, letter.title, letter.area, letter.category, letter.published)]
    assert pdf[0].text == letter.text  # not "3 栋": pypdf's space after a figure in a Western font left out
    # A 转办单 written as lines, two fields on a line.
    lines = _docx_of(["平安县12345热线工单转办单", "工单编号：PA2611190004　　来电时间：2026-11-19 08:05",
                      "所属区域：新城镇　　诉求类别：城乡建设", "诉求内容：反映新城镇滨河路路灯损坏多日，夜间出行不便。"])
    written, errors, _ = read_hotline(lines, "转办单.docx", "12345", columns)
    assert errors == [] and [(doc.id, doc.area, doc.category, doc.text) for doc in written] == [
        ("PA2611190004", "新城镇", "城乡建设", "反映新城镇滨河路路灯损坏多日，夜间出行不便。")]

    # The nightly job: an articles source whose folder gets the service's report each day.
    from extractors.sources import fetch_source, parse_source
    from xuanti.settings import ArticlesSource

    daily = tmp_path / "舆情日报"
    daily.mkdir()
    (daily / "11月18日.docx").write_bytes((tmp_path / "舆情日报.docx").read_bytes())
    source = ArticlesSource(name="舆情", type="articles", path=str(daily))
    result = parse_source(source, fetch_source(source, load_settings().fetch), load_settings())
    assert result.errors == [] and [doc.title for doc in result.documents] == [
        "城关镇桃源新村污水外溢一周无人管", "平安县召开优化营商环境推进会"]
    assert result.documents[0].metadata["tone"] == "负面"


def test_a_table_of_letters_printed_to_pdf(columns: dict[str, list[str]], tmp_path: Path, home: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A month's 12345 report printed to PDF (``scripts/make_letter_fixtures.py``, as LibreOffice prints
    it): its table of 15 letters runs over five pages, its header printed again atop each and four letters
    broken by a page. Each row is a letter, its cells' wrapped lines joined (a 工单编号 broken mid-way, a
    date from its time) and a broken letter whole; it had been "no letters in this PDF file … export it as
    Excel". A table grouped by 镇街 (merged cells) and a list printed without its grid are read too, and
    a hotline source's folder reads such a PDF as it reads a Word file."""
    from extractors.files import pdf_tables
    from xuanti.cli import main

    data = (LETTERS / "月报.pdf").read_bytes()
    tables = pdf_tables(data, "月报.pdf")
    assert len(tables) == 1 and len(tables[0]) == 16 and all(row[0] for row in tables[0])  # 15 rows under one header
    letters, errors, _ = read_hotline(data, "月报.pdf", "12345", columns)
    assert errors == [] and len(letters) == 15
    assert [doc.id for doc in letters[:4]] == ["PA2611160001", "PA2611160002", "PA2611170003", "PA2611200004"]
    assert letters[0].text == ("来电人反映：城关镇桃源新村3栋楼下污水井堵塞已一周，污水外溢到人行道，气味很大，老人小孩出行不便。"
                               "曾向物业反映两次未解决，希望相关部门尽快疏通并查明原因。")
    assert (letters[1].published, letters[1].area) == (datetime(2026, 11, 16, 10, 40), "新城镇")
    # The fourth letter runs from the foot of page 1 onto page 2: one letter, its text whole.
    assert letters[3].text == ("来电人反映：城关镇幸福路与建设路交叉口红绿灯损坏已三天，早晚高峰车辆拥堵严重，学生过马路存在安全隐患，"
                               "希望交警部门尽快修复，并在修复前安排人员疏导交通。")
    assert letters[-1].text.endswith("有人提出要集体到县里反映。") and letters[-1].id == "PA2611200015"

    # The week's letters by 镇街: a 镇街 cell merged down over its letters is each one's, a 小计 row merged
    # across the table no letter.
    grouped, errors, _ = read_hotline((LETTERS / "分片周报.pdf").read_bytes(), "分片周报.pdf", "12345", columns)
    assert errors == [] and [(doc.id, doc.area) for doc in grouped] == [
        ("PA2611160001", "城关镇"), ("PA2611170003", "城关镇"), ("PA2611160002", "新城镇")]
    assert grouped[0].text == letters[0].text and grouped[1].published == datetime(2026, 11, 17, 15, 5)
    # The same saved as OpenDocument or RTF (an OA system's "导出Word"): its table read as a Word file's,
    # where it had been "a table in it cannot be read as rows".
    for name in ("分片周报.odt", "分片周报.rtf"):
        saved, errors, _ = read_hotline((LETTERS / name).read_bytes(), name, "12345", columns)
        assert errors == [] and [(doc.id, doc.area, doc.text) for doc in saved] == [
            (doc.id, doc.area, doc.text) for doc in grouped], name
    # A 舆情 service's list printed without a grid: a table by its text's columns under its header, a
    # headline or link wrapped in its cell joined again.
    from extractors.articles import article_columns, read_articles

    article_names = article_columns(load_settings().articles.columns, {})
    listed, errors, _ = read_articles((LETTERS / "舆情周报.pdf").read_bytes(), "舆情周报.pdf", "舆情", article_names)
    assert errors == [] and [(doc.title, doc.url, doc.published) for doc in listed] == [
        ("网民反映城关镇桃源新村污水井堵塞外溢", "https://bbs.example.cn/thread-1.html", datetime(2026, 11, 16, 9, 12)),
        ("网民反映新城镇工地拖欠农民工工资", "https://bbs.example.cn/thread-2.html", datetime(2026, 11, 16, 10, 40)),
        ("网民反映城关镇人民路夜间施工噪音扰民", "https://bbs.example.cn/thread-3.html", datetime(2026, 11, 17, 15, 5))]
    assert main(["import", str(LETTERS / "舆情周报.pdf")]) == 0
    assert capsys.readouterr().err.endswith("it holds a list of articles: --kind articles reads them)\n")
    # A PDF of neither a letter's fields nor a table headed by them (a 舆情日报 among the letters) says so.
    with pytest.raises(ExtractionError, match="日报.pdf: no letters in this PDF file: neither lines of fields .* nor "
                                              "a table headed by their columns"):
        read_hotline((LETTERS / "舆情日报.pdf").read_bytes(), "日报.pdf", "12345", columns)

    # Imported as a document by default, with a word on what it holds, told from its first three pages; a
    # scan is not looked at (that would mean OCR of pages its reading then reads by OCR again).
    from extractors.files import pdf_first_pages

    first = pdf_first_pages(data, 3)
    assert first is not None and len(first) < len(data) and len(pdf_tables(first, "月报.pdf")[0]) < 16
    assert pdf_first_pages((LETTERS.parent / "scanned_notice.pdf").read_bytes(), 3) is None
    assert main(["import", str(LETTERS / "月报.pdf")]) == 0
    assert capsys.readouterr().err == ("read as --kind file (a document; it holds a list of letters: --kind hotline "
                                       "reads them)\n")
    assert main(["import", str(LETTERS / "月报.pdf"), "--kind", "hotline"]) == 0
    assert capsys.readouterr().out.startswith("月报.pdf: 15 imported (15 new or changed), 0 skipped, 0 errors")

    # The nightly job: a hotline source whose folder gets the centre's reports, Word and PDF.
    from extractors.sources import fetch_source, parse_source
    from xuanti.settings import HotlineSource

    folder = tmp_path / "周报"
    folder.mkdir()
    for name in ("月报.pdf", "周报.docx"):
        (folder / name).write_bytes((LETTERS / name).read_bytes())
    source = HotlineSource(name="12345", type="hotline", path=str(folder))
    result = parse_source(source, fetch_source(source, load_settings().fetch), load_settings())
    assert result.errors == [] and len({doc.id for doc in result.documents}) == 15
    # A week's 转办单 packed together (转办单.zip) in the source's folder: each file's letters.
    for name in ("月报.pdf", "周报.docx"):
        (folder / name).unlink()
    with zipfile.ZipFile(folder / "转办单.zip", "w") as packed:
        for name in ("转办单汇编.doc", "转办单.pdf"):
            packed.writestr(name, (LETTERS / name).read_bytes())
    result = parse_source(source, fetch_source(source, load_settings().fetch), load_settings())
    assert result.errors == [] and sorted({doc.id for doc in result.documents}) == [
        "PA2611160001", "PA2611160002", "PA2611170003"]


def test_a_header_of_two_rows_in_word_and_excel(columns: dict[str, list[str]]) -> None:
    """A table of letters whose header is two rows, 来电信息 merged across 来电时间 and 所属镇街 beneath it and
    工单编号 and 诉求内容 merged down both, in a 周报 in Word and in an Excel export: each letter keeps its
    time and 镇街, where a Word table's merged cell had shifted the columns (the 镇街 read as the text) and
    the header's second row had been read as a letter. A 舆情 sheet's header of two rows keeps its 转发数."""
    import docx

    top = ["序号", "工单编号", "来电信息", "", "诉求内容"]
    below = ["", "", "来电时间", "所属镇街", ""]
    letters = [["1", "PA2611160001", "2026-11-16 09:12", "城关镇", "反映桃源新村路灯不亮。"],
               ["2", "PA2611170002", "2026-11-17 10:00", "新城镇", "反映滨河路工地拖欠工资。"]]
    report = docx.Document()
    report.add_paragraph("平安县12345热线办件情况周报")
    table = report.add_table(rows=2 + len(letters), cols=5)
    for r, values in enumerate([top, below, *letters]):
        for c, value in enumerate(values):
            if value:
                table.cell(r, c).text = value
    table.cell(0, 2).merge(table.cell(0, 3))
    for c in (0, 1, 4):
        table.cell(0, c).merge(table.cell(1, c))
    buffer = io.BytesIO()
    report.save(buffer)
    sheet = _merged_sheet([top, below, *letters], "C1:D1", "ABE")
    expected = [("PA2611160001", datetime(2026, 11, 16, 9, 12), "城关镇", "反映桃源新村路灯不亮。"),
                ("PA2611170002", datetime(2026, 11, 17, 10), "新城镇", "反映滨河路工地拖欠工资。")]
    for data, name in ((buffer.getvalue(), "周报.docx"), (sheet, "工单.xlsx")):
        docs, errors, _ = read_hotline(data, name, "12345", columns)
        assert errors == [] and [(doc.id, doc.published, doc.area, doc.text) for doc in docs] == expected, name

    # A 舆情 sheet's 转发数 and 评论数 under a 传播数据 merged across them: each article keeps them.
    from extractors.articles import article_columns, read_articles

    sheet = _merged_sheet([["序号", "标题", "来源", "发布时间", "传播数据", "", "情感倾向"], ["", "", "", "", "转发数", "评论数", ""],
                           ["1", "平安县召开优化营商环境推进会", "平安县融媒体中心", "2026-11-18 10:00", "12", "3", "正面"]],
                          "E1:F1", "ABCDG")
    [article], errors, _ = read_articles(sheet, "舆情.xlsx", "舆情", article_columns(load_settings().articles.columns, {}))
    assert errors == [] and (article.metadata["reposts"], article.metadata["comments"]) == (12, 3)


def _merged_sheet(rows: list[list[str]], across: str, down: str) -> bytes:
    """An XLSX of ``rows`` whose header is two rows: the cells ``across`` merged, and columns ``down``
    merged over both header rows."""
    import openpyxl

    book = openpyxl.Workbook()
    for values in rows:
        book.active.append(values)
    book.active.merge_cells(across)
    for column in down:
        book.active.merge_cells(f"{column}1:{column}2")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _docx_of(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_hidden_sheets_are_passed_over(columns: dict[str, list[str]], tmp_path: Path, home: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """A clerk's workbook hides its template (a 示例 row) and a lookup list: the letters of the sheet shown
    are read and the hidden sheets passed over and named, where the 示例 had been stored as a letter. A
    workbook whose letters are only on a hidden sheet is still read, and a sheet named in the source is
    read hidden or not."""
    import openpyxl

    from extractors.articles import article_columns, read_articles
    from xuanti.cli import main

    def workbook(shown_letters: bool) -> bytes:
        book = openpyxl.Workbook()
        shown = book.active
        shown.title = "11月明细" if shown_letters else "说明"
        if shown_letters:
            shown.append(["工单编号", "来电时间", "所属镇街", "诉求内容"])
            shown.append(["PA2611160001", "2026-11-16 09:12", "城关镇", "反映桃源新村污水井堵塞外溢，希望尽快疏通。"])
        else:
            shown.append(["本表由12345热线中心导出。"])
        template = book.create_sheet("模板")
        template.sheet_state = "hidden"
        template.append(["工单编号", "来电时间", "所属镇街", "诉求内容"])
        template.append(["示例001", "2026-01-01 08:00", "某某镇", "示例：反映某小区路灯不亮（此行为填写示例）。"])
        lookup = book.create_sheet("数据源")
        lookup.sheet_state = "veryHidden"
        lookup.append(["镇街", "分类"])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    docs, errors, _ = read_hotline(workbook(True), "11月.xlsx", "12345", columns)
    assert errors == [] and [doc.id for doc in docs] == ["PA2611160001"]
    docs, errors, _ = read_hotline(workbook(False), "11月.xlsx", "12345", columns)
    assert [doc.id for doc in docs] == ["示例001"]  # no sheet shown has letters: the hidden one is read
    docs, _, _ = read_hotline(workbook(True), "11月.xlsx", "12345", columns, sheet="模板")
    assert [doc.id for doc in docs] == ["示例001"]
    (tmp_path / "11月.xlsx").write_bytes(workbook(True))
    assert main(["import", str(tmp_path / "11月.xlsx")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("11月.xlsx: 1 imported") and "hidden sheets not read: 模板, 数据源" in out

    book = openpyxl.Workbook()
    book.active.append(["标题", "来源", "发布时间"])
    book.active.append(["平安县召开优化营商环境推进会", "平安县融媒体中心", "2026-11-18 10:00"])
    example = book.create_sheet("示例")
    example.sheet_state = "hidden"
    example.append(["标题", "来源", "发布时间"])
    example.append(["示例标题", "示例来源", "2026-01-01"])
    buffer = io.BytesIO()
    book.save(buffer)
    articles, _, _ = read_articles(buffer.getvalue(), "舆情.xlsx", "舆情",
                                   article_columns(load_settings().articles.columns, {}))
    assert [doc.title for doc in articles] == ["平安县召开优化营商环境推进会"]

    # The same in OpenDocument (scripts/make_odf_fixtures.py: LibreOffice's 隐藏工作表, table:display="false")
    # and in Excel 2003 XML (<Visible>SheetHidden</Visible>), as many systems' "导出Excel" writes it.
    ods = (LETTERS.parent / "hidden_sheets.ods").read_bytes()
    docs, errors, _ = read_hotline(ods, "11月.ods", "12345", columns)
    assert errors == [] and [doc.id for doc in docs] == ["QH2026102500145", "QH2026102500153"]

    def worksheet(name: str, rows: list[list[str]], hidden: bool) -> str:
        cells = "".join("<Row>" + "".join(f'<Cell><Data ss:Type="String">{value}</Data></Cell>' for value in row)
                        + "</Row>" for row in rows)
        options = "<Visible>SheetHidden</Visible>" if hidden else ""
        return (f'<Worksheet ss:Name="{name}"><Table>{cells}</Table>'
                f'<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel">{options}</WorksheetOptions>'
                f"</Worksheet>")

    header = ["工单编号", "来电时间", "诉求内容"]
    xml = ('<?xml version="1.0" encoding="UTF-8"?><?mso-application progid="Excel.Sheet"?>'
           '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
           'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
           + worksheet("明细", [header, ["PA2611160001", "2026-11-16 09:12", "反映桃源新村污水井堵塞外溢。"]], False)
           + worksheet("模板", [header, ["示例001", "2026-01-01 08:00", "示例：此行为填写示例。"]], True)
           + "</Workbook>")
    docs, errors, _ = read_hotline(xml.encode(), "11月.xls", "12345", columns)
    assert errors == [] and [doc.id for doc in docs] == ["PA2611160001"]
