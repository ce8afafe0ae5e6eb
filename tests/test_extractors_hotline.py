"""Hotline exports: the real tipdm2020c XLSX/CSV and Shangluo mailbox CSV, a GBK CSV, broken files."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from extractors import ExtractionError
from extractors.hotline import area_from_text, mask_personal, read_hotline
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
    assert all(e.startswith("latest.csv row ") and e.endswith(": empty query") for e in errors)
    first = docs[0]
    assert first.id == "20220510008" and first.published == datetime(2022, 5, 10)
    assert first.area == "洛南县" and first.metadata["reply"].startswith("网友你好")
    assert len({d.id for d in docs}) == len(docs)


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
