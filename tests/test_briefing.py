"""The monthly briefing for 2019-06 from a store filled with the real tipdm hotline export (May-June 2019)."""

from __future__ import annotations

import re
import sqlite3
import warnings
import zipfile
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from extractors.sources import fetch_source, parse_source
from xuanti import pipeline
from xuanti.briefing import build_briefing, render_images, write_briefing
from xuanti.briefing.builder import BriefingBuilder
from xuanti.cli import main
from xuanti.records import Document
from xuanti.settings import HotlineSource, Settings, load_settings
from xuanti.store import Store

NIGHT = datetime(2019, 6, 30, 23, 59, 59)
HEADINGS = ["一、本月选题方向", "二、预警信息及发展态势", "三、12345热线诉求分析", "四、下月选题建议", "五、选题采用情况"]


def _config(path: Path, db: Path) -> Path:
    path.write_text(
        f'[store]\nurl = "sqlite:///{db}"\n\n[general]\narea = "A市"\noffice = "A市委办公室信息科"\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def june(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, Store, Path]:
    """Import the export as ``xuanti import`` does, keep May-June 2019, analyse, group and rank June 30."""
    folder = tmp_path_factory.mktemp("briefing")
    config = _config(folder / "office.toml", folder / "x.db")
    settings = load_settings(config)
    store = Store(settings.store.url)
    source = HotlineSource(
        name="12345热线", type="hotline", path=str(data_dir / "hotline/tipdm2020c/messages_with_votes.xlsx")
    )
    bundle = fetch_source(source, settings.fetch, store)
    parsed = parse_source(source, bundle, settings)
    keep = [d for d in parsed.documents if d.published and datetime(2019, 5, 1) <= d.published < datetime(2019, 7, 1)]
    store.upsert_documents(keep)
    tokens = pipeline.analyse_documents(store, settings)
    pipeline.group_documents(store, settings, tokens)
    pipeline.rank(store, settings, NIGHT)
    return settings, store, config


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in open_docx(str(path)).paragraphs]


def test_sections_headings_and_figures(june: tuple[Settings, Store, Path], tmp_path: Path) -> None:
    settings, store, _ = june
    paths = write_briefing(store, settings, "2019-06", tmp_path)
    texts = _paragraphs(paths["docx"])
    assert texts[0] == "6月份信息选题参考"
    assert texts[1].startswith("A市委办公室信息科") and texts[1].endswith("2019年6月30日")
    assert [t for t in texts if t[:2] in {h[:2] for h in HEADINGS}] == HEADINGS
    for sub in ("（一）重点", "（二）热点", "（三）难点", "（四）特点"):
        assert sub in texts
    body = "\n".join(texts)
    assert "6月共受理群众诉求338件，5月387件，环比下降12.7%。" in body
    assert "本月暂无编辑采用记录。" in body
    assert "理由：" in body and "依据：" in body  # each direction says why and on what evidence
    document = open_docx(str(paths["docx"]))
    assert len(document.tables) >= 2 and document.tables[-1].rows[0].cells[0].text == "类别"
    assert len(document.inline_shapes) == 3  # category bar, area bar, daily trend

    html = paths["html"].read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 3 and "http" not in html.replace("http-equiv", "")
    for heading in HEADINGS:
        assert heading in html


def test_fonts_are_set_for_east_asian_text(june: tuple[Settings, Store, Path], tmp_path: Path) -> None:
    settings, store, _ = june
    path = write_briefing(store, settings, "2019-06", tmp_path)["docx"]
    document = open_docx(str(path))
    normal = document.styles["Normal"].element.rPr.rFonts
    assert normal.get(qn("w:eastAsia")) == "仿宋_GB2312"

    def east_asia(paragraph_text: str) -> str:
        paragraph = next(p for p in document.paragraphs if p.text == paragraph_text)
        return paragraph.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia"))

    assert east_asia("一、本月选题方向") == "黑体"
    assert east_asia("（一）重点") == "楷体_GB2312"
    body = next(p for p in document.paragraphs if p.text.startswith("本期根据"))
    assert body.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert body.runs[0].font.size.pt == 16
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.top_margin.cm, 1) == 3.7


def test_same_month_gives_same_bytes(june: tuple[Settings, Store, Path], tmp_path: Path) -> None:
    settings, store, _ = june
    first = write_briefing(store, settings, "2019-06", tmp_path / "a")
    second = write_briefing(store, settings, "2019-06", tmp_path / "b")
    assert first["docx"].read_bytes() == second["docx"].read_bytes()
    assert first["html"].read_bytes() == second["html"].read_bytes()
    with zipfile.ZipFile(first["docx"]) as package:
        core = package.read("docProps/core.xml").decode()
    assert "2019-06-30T00:00:00" in core


def test_charts_have_every_glyph(june: tuple[Settings, Store, Path]) -> None:
    settings, store, _ = june
    briefing = build_briefing(store, settings, "2019-06")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        images = render_images(briefing, settings)
    assert sorted(images) == ["area", "category", "daily"]
    assert all(data.startswith(b"\x89PNG") for data in images.values())
    assert "城乡建设" in briefing.charts["category"].labels


def test_adoption_by_unit_from_review_tables(june: tuple[Settings, Store, Path], tmp_path: Path) -> None:
    from xuanti.review.db import decisions, ensure_tables, topic_reviews

    settings, store, _ = june
    copy = tmp_path / "copy.db"
    with sqlite3.connect(store.engine.url.database) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    copied = Store(f"sqlite:///{copy}")
    ensure_tables(copied)
    ids = [topic.id for topic in copied.topics()][:4]
    at = datetime(2019, 6, 10, 9, 0)
    rows = [(ids[0], "accept", at, False), (ids[1], "reject", at, False), (ids[2], "accept", at, False),
            (ids[2], "note", at.replace(hour=10), False), (ids[3], "accept", at, True),
            (ids[1], "accept", datetime(2019, 5, 12), False)]
    with copied.engine.begin() as conn:
        conn.execute(decisions.insert(), [
            {"topic_id": t, "action": a, "username": "li", "at": when, "undone": undone} for t, a, when, undone in rows
        ])
        conn.execute(topic_reviews.insert(), [{"topic_id": ids[0], "unit": "县住建局"}, {"topic_id": ids[1], "unit": "县住建局"}])
    copied.close()
    config = _config(tmp_path / "copy.toml", copy)
    assert main(["--home", str(tmp_path / "home"), "briefing", "--month", "2019-06", "--config", str(config),
                 "--out", str(tmp_path / "out")]) == 0
    path = tmp_path / "out" / "briefing-2019-06.docx"
    assert "本月编辑共处理选题3条，采用2条，不采用1条，采用率66.7%。" in "\n".join(_paragraphs(path))
    units = open_docx(str(path)).tables[-1]
    assert [[cell.text for cell in row.cells] for row in units.rows] == [
        ["承办单位", "处理", "采用", "不采用"], ["县住建局", "2", "1", "1"], ["未分配", "1", "1", "0"]
    ]


def test_cli_rejects_a_bad_month(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--home", str(tmp_path), "briefing", "--month", "2019-13"]) == 2
    assert "expected YYYY-MM" in capsys.readouterr().err


def test_burst_lines_tell_each_burst_once(june: tuple[Settings, Store, Path]) -> None:
    """Bursts found on the real June nights read as their stored sentence plus level; before, the area
    was put in front of it and its count and baseline repeated after it."""
    from xuanti.bursts import bursts_between, detect_night_bursts, save_bursts

    settings, store, _ = june
    for day in range(1, 31):
        save_bursts(store, detect_night_bursts(store, settings, datetime(2019, 6, day, 23, 59, 59)))
    saved = bursts_between(store, datetime(2019, 6, 1), datetime(2019, 7, 1))
    assert saved
    warning = next(s for s in build_briefing(store, settings, "2019-06").sections if s.title == "预警信息及发展态势")
    lines = [block.text for block in warning.blocks]
    for burst in saved:
        assert sum(burst["description"] in line for line in lines) <= 1
    burst_part = [line for line in lines if "基线日均" in line]
    assert burst_part and all(line.count("基线日均") == 1 and line.endswith(("（预警）。", "（关注）。")) for line in burst_part)


def test_a_place_burst_a_topic_burst_tells_is_left_out() -> None:
    from types import SimpleNamespace

    from xuanti.briefing.builder import burst_lines

    night = datetime(2026, 11, 20, 23, 0)
    topic = SimpleNamespace(key_kind="topic", area="", category="", count=19, baseline=0.3, level="alert",
                            description="近3天选题「反映锦绣花园物业不作为」相关投诉19件，基线日均0.3件，为基线的20倍")
    place = SimpleNamespace(key_kind="place", area="锦绣花园", category="", count=19, baseline=0.3, level="alert",
                            description="近3天「锦绣花园」投诉19件，基线日均0.3件，为基线的20倍")
    other = SimpleNamespace(key_kind="category_area", area="城关镇", category="住房物业", count=13, baseline=0.7,
                            level="watch", description="")
    lines = burst_lines([(night, topic), (night, place), (night, other)], "清河县")
    assert lines == [
        "11月20日，近3天选题「反映锦绣花园物业不作为」相关投诉19件，基线日均0.3件，为基线的20倍（预警）。",
        "11月20日，城关镇住房物业类诉求集中增多：13件，基线日均0.7件（关注）。",
    ]


def test_examples_are_the_members_most_like_the_topic(june: tuple[Settings, Store, Path]) -> None:
    """Each direction cites two member headlines; they are the ones closest to the topic's own title
    and keywords, not its two earliest (a topic about an estate's gas leaks cited its 房产证 letter).
    Of two opening alike the title's own is cited (…金领公寓最近经常停水, not …金领公寓每天停水)."""
    settings, store, _ = june
    directions = build_briefing(store, settings, "2019-06").sections[0]
    items = [block.text for block in directions.blocks if block.kind == "item"]
    assert len(items) >= 8
    exact = 0
    for item in items:
        title = item.split("．", 1)[1].split("理由：", 1)[0].removesuffix("。")  # "…公摊面积？理由："
        cited = re.findall(r"《(.+?)》（", item.split("。如", 1)[1])
        assert 1 <= len(cited) <= 2
        exact += title in cited
    assert exact >= len(items) * 0.9  # the topic's title is a member headline, and the closest one


def test_the_course_of_a_month_not_yet_over_compares_the_days_gone() -> None:
    """Written on the 20th, a briefing has no 下旬 yet: 1 item in 上旬 and 13 in 中旬 is a rise, not
    the fall an empty 下旬 made of it; a full month compares 下旬 with 上旬."""
    from xuanti.briefing.builder import _course

    def days(*numbers: int) -> list[datetime]:
        return [datetime(2026, 11, number) for number in numbers]

    assert _course(days(3, *[15] * 13), datetime(2026, 11, 20)) == "上升"
    assert _course(days(*[3] * 12, *[15] * 7), datetime(2026, 11, 20)) == "回落"
    assert _course(days(3, 15), datetime(2026, 11, 20)) == "平稳"
    assert _course(days(3, 25, 26), datetime(2026, 11, 23)) == "上升"  # 2 in 3 days of 下旬 against 1 in 10
    assert _course(days(3, 4), datetime(2026, 11, 30)) == "回落"
    assert _course(days(3, 4), datetime(2026, 11, 8)) == "待观察"


def test_a_key_direction_names_its_central_work_once() -> None:
    from types import SimpleNamespace

    from xuanti.briefing.builder import _rationale

    row = SimpleNamespace(reasons=["重点：涉及中心工作“乡村振兴”", "热点：共6件，热度较高"],
                          metadata={"central_work": {"乡村振兴": 2}})
    assert _rationale(row, "key") == "涉及中心工作“乡村振兴”"
    row.reasons = ["重点：涉及“改造”“老旧小区”"]
    assert _rationale(row, "key") == "与“乡村振兴”工作相关；涉及“改造”“老旧小区”"
    row.reasons = ["重点：涉及“保障”", "政策：《清河县保障农民工工资支付工作实施办法》（11月7日发布）"]
    row.metadata = {}
    assert _rationale(row, "key") == "涉及“保障”；关联政策《清河县保障农民工工资支付工作实施办法》（11月7日发布）"
    assert "政策" not in _rationale(row, "hot")


def test_a_central_work_suggestion_starts_from_a_topic_about_it() -> None:
    """人民日报 in January 2026: 营商环境 led from 习近平会见英国首相斯塔默, the biggest topic whose members
    mention it, rather than from 辽宁营商环境焕新三记; now a topic named after the work comes first, then
    the one with most documents speaking of it."""
    from types import SimpleNamespace

    from xuanti.briefing.builder import _work_lead

    def row(id_: str, title: str, hits: int) -> SimpleNamespace:
        return SimpleNamespace(id=id_, title=title, metadata={"central_work": {"营商环境": hits}})

    meeting, liaoning, credit = row("a", "习近平会见英国首相斯塔默", 4), row("b", "辽宁营商环境焕新三记", 1), row("c", "一份信用报告替代一摞证明", 2)
    counts = {"a": 8, "b": 1, "c": 1}
    assert _work_lead("营商环境", [meeting, liaoning, credit], counts) is liaoning
    assert _work_lead("营商环境", [meeting, credit], counts) is meeting
    assert _work_lead("营商环境", [credit, row("d", "另一条", 2)], {"d": 3}).id == "d"
    assert _work_lead("乡村振兴", [meeting], counts) is None


def _message_board_store(
    data_dir: Path, config: Path, start: datetime, end: datetime
) -> tuple[Settings, Store, list[Document]]:
    """The real Hangzhou message board's letters of [start, end), imported, analysed and grouped."""
    settings = load_settings(config)
    store = Store(settings.store.url)
    source = HotlineSource(name="领导留言板", type="hotline", path=str(data_dir / "hotline/hangzhou_liuyan/messages.jsonl"))
    parsed = parse_source(source, fetch_source(source, settings.fetch, store), settings)
    keep = [d for d in parsed.documents if d.published and start <= d.published < end]
    store.upsert_documents(keep)
    tokens = pipeline.analyse_documents(store, settings)
    pipeline.group_documents(store, settings, tokens)
    return settings, store, keep


def test_letters_of_a_leaders_message_board_are_called_so(data_dir: Path, tmp_path: Path) -> None:
    """A store fed only by 领导留言板 (the real Hangzhou messages): the briefing called them 12345诉求
    and its section 12345热线诉求分析. A thread first seen in an earlier year shows that year, and one
    quiet last month but older was called 为本月新出现."""
    config = _config(tmp_path / "office.toml", tmp_path / "x.db")
    settings, store, _ = _message_board_store(data_dir, config, datetime(2024, 9, 1), datetime(2025, 4, 1))
    pipeline.rank(store, settings, datetime(2025, 3, 31, 23, 59, 59))
    texts = _paragraphs(write_briefing(store, settings, "2025-03", tmp_path)["docx"])
    body = "\n".join(texts)
    assert "三、领导留言板诉求分析" in texts
    assert "收集的领导留言板诉求" in body and "收到领导留言板诉求" in body and "12345" not in body
    # A thread quiet in February but older is not "new this month": it says when it began, with the year.
    # The letters reach 19 March: February is compared as far, 1-19 February (2月同期).
    assert "收到领导留言板诉求5件，2月同期无，最早见于2024年9月20日" in body  # 丁桥的垃圾处理厂


def test_a_letter_of_the_next_months_first_day_is_no_evidence(data_dir: Path, tmp_path: Path) -> None:
    """Hangzhou's letters are dated by day: one of 1 June is 1 June 00:00, the instant May's ranking
    ended, and titled May's 违规 lead ("违规设置废木材收购站"), which no May letter was about."""
    config = _config(tmp_path / "office.toml", tmp_path / "x.db")
    settings, store, keep = _message_board_store(data_dir, config, datetime(2026, 5, 1), datetime(2026, 6, 2))
    june_first = {doc.title for doc in keep if doc.published >= datetime(2026, 6, 1)}
    assert "违规设置废木材收购站" in june_first
    briefing = build_briefing(store, settings, "2026-05")
    items = [block.text for section in briefing.sections for block in section.blocks]
    assert items and not any(title in text for text in items for title in june_first)


def test_a_date_of_another_year_says_the_year() -> None:
    from xuanti.briefing.builder import _md

    assert _md(datetime(2026, 5, 7), 2026) == "5月7日"
    assert _md(datetime(2024, 8, 8), 2026) == "2024年8月8日"
    assert _md(None, 2026) == "不详"


def test_a_past_month_is_told_as_of_its_end(june: tuple[Settings, Store, Path]) -> None:
    """Built after 30 June was ranked, May's briefing has every May lead, with May's figures and reasons:
    not June's ("近30天") and no lead missing because June had nothing of it."""
    settings, store, _ = june
    may = build_briefing(store, settings, "2019-05")
    assignment = store.topic_assignment()
    may_uids = [doc.uid for doc in store.documents(since=datetime(2019, 5, 1)) if doc.published < datetime(2019, 6, 1)]
    assert may.figures["topics"] == len({assignment[uid] for uid in may_uids if uid in assignment})
    items = [block.text for block in may.sections[0].blocks if block.kind == "item"]
    assert items and not any("近30天" in text for text in items)
    assert any("月末3天" in text for text in items) and not any("近3天" in text for text in items)
    for text in items:  # a reason's count is the month's, as the evidence says
        if said := re.search(r"理由：本月\D*?共(\d+)件", text):
            assert re.search(r"依据：[^。]*?收到\D*?(\d+)件", text)[1] == said[1], text
    warnings = " ".join(block.text for block in may.sections[1].blocks)
    assert "最近一件6月" not in warnings


def test_a_county_office_counts_its_letters_by_town(data_dir: Path) -> None:
    """Every letter to a county's office is in the county: its briefing counts them by the 乡镇 or 街道
    they name. A city's office counts them by district or county (real 商洛 市长信箱 letters)."""
    from extractors.hotline import read_hotline
    from xuanti.briefing.builder import area_of, is_county

    path = data_dir / "hotline/shangluo_mayor_mailbox/latest.csv"
    letters, _, _ = read_hotline(path.read_bytes(), path.name, "市长信箱", load_settings(None).hotline.columns)
    by_county = Counter(area_of(doc) for doc in letters)
    by_town = Counter(area_of(doc, towns=True) for doc in letters)
    assert "商州区" in [area for area, _ in by_county.most_common(4)]
    named_towns = [area for area, _ in by_town.most_common(8) if area != "未注明"]
    assert "大荆镇" in named_towns and all(area.endswith(("镇", "街道", "乡")) for area in named_towns)
    assert is_county("商州区") and is_county("清河县") and is_county("浦东新区")
    assert not is_county("商洛市") and is_county("本县") is not False
    assert is_county("义乌市") and is_county("昆山市") and not is_county("杭州市")  # county-level cities are counties


def test_a_city_office_leaves_other_cities_letters_out(data_dir: Path, tmp_path: Path) -> None:
    """Hangzhou's office reads the real Zhejiang message board, which also carries letters about 绍兴,
    温州, 嘉兴…: its area breakdown named 越城区 among its own districts and its warning table listed a
    嘉兴 estate. They are counted apart and not listed; its own districts are still counted."""
    from models.places import outside_area
    from xuanti.briefing.builder import UNKNOWN_AREA, area_of

    config = tmp_path / "office.toml"
    config.write_text(
        f'[store]\nurl = "sqlite:///{tmp_path / "x.db"}"\n\n[general]\narea = "杭州市"\noffice = "杭州市委办公厅信息处"\n',
        encoding="utf-8",
    )
    settings, store, keep = _message_board_store(data_dir, config, datetime(2026, 4, 1), datetime(2026, 6, 1))
    builder = BriefingBuilder(store, settings, "2026-05")
    briefing = builder.build()

    may = [d for d in keep if d.published >= datetime(2026, 5, 1)]
    away = [d for d in may if outside_area(area_of(d), "杭州市")]
    assert len(away) >= 20  # real letters about other cities' districts
    hotline = [block.text for block in briefing.sections[2].blocks if block.kind == "paragraph"]
    areas = next(text for text in hotline if text.startswith("从地域看"))
    assert "越城区" not in areas and re.search(r"萧山区|拱墅区|余杭区|钱塘区|西湖区|滨江区", areas)
    # Most letters name no district: the largest districts are said to be few of the month's letters.
    untold = [d for d in may if area_of(d) == UNKNOWN_AREA]
    assert len(untold) > 100 and areas.endswith(f"；另有{len(untold)}件未写明区县。")
    assert f"另有{len(away)}件反映杭州市以外的地方（绍兴市" in "\n".join(hotline)
    assert all(not outside_area(label, "杭州市") for label in briefing.charts["area"].labels)
    # No lead about other cities only is listed among the directions or warnings; a note counts them.
    elsewhere = [t for t in builder.elsewhere.values() if builder.month_counts.get(t.id)]
    assert elsewhere and briefing.figures["elsewhere"] == len(elsewhere)
    assert all(t.metadata["elsewhere"] and not outside_area(t.metadata["elsewhere"], "杭州市") for t in elsewhere)
    listed = [
        text for section in briefing.sections[:2] for block in section.blocks
        for text in ([block.text] if block.kind == "item" else [row[0] for row in block.rows or []])
    ]
    for topic in elsewhere:
        assert not any(text.startswith(f"{topic.title}") or f"．{topic.title}。" in text for text in listed), topic.title
    notes = [block.text for block in briefing.sections[0].blocks if block.kind == "note"]
    assert any(text.startswith(f"另有{len(elsewhere)}条线索反映杭州市以外的地方（") for text in notes)
    assert "结合市委中心工作" in " ".join(block.text for block in briefing.sections[3].blocks)


def test_a_title_ends_as_one_sentence() -> None:
    """"…是否合法？。理由" and "…无信号。。理由" (real 商洛 letters) read as typing errors."""
    from xuanti.briefing.builder import _sentence

    assert _sentence("以行政手段强制注射疫苗是否合法？") == "以行政手段强制注射疫苗是否合法？"
    assert _sentence("电信，移动基站建设，无网络、无信号。") == "电信，移动基站建设，无网络、无信号。"
    assert _sentence("关于提高残联协管员工资待遇的建议..") == "关于提高残联协管员工资待遇的建议。"
    assert _sentence("城关二小学位不足") == "城关二小学位不足。"


def test_a_district_office_counts_its_own_towns_only(data_dir: Path) -> None:
    """萧山区's office reading the Zhejiang message board counts its letters by town; the letters of
    余杭区's forum (仓前街道…) are elsewhere, not among 萧山区's towns (real letters)."""
    from extractors.hotline import read_hotline
    from xuanti.briefing.builder import area_of, count_areas

    path = data_dir / "hotline/hangzhou_liuyan/messages.jsonl"
    letters, _, _ = read_hotline(path.read_bytes(), path.name, "领导留言板", load_settings(None).hotline.columns)
    here, away = count_areas(letters, "萧山区")
    own = [doc for doc in letters if area_of(doc) == "萧山区"]
    assert own and sum(here.values()) >= len(own)
    yuhang = [doc for doc in letters if area_of(doc) == "余杭区"]
    assert away["余杭区"] == len(yuhang) >= 40 and away["越城区"] > 0
    assert sum(here.values()) + sum(away.values()) == len(letters)
    towns = [area for area, _ in here.most_common(6) if area != "未注明"]
    assert towns and all(area.endswith(("镇", "街道", "乡")) for area in towns)
    city_here, city_away = count_areas(letters, "杭州市")
    assert city_here["萧山区"] == len(own) and "余杭区" in city_here and city_away["绍兴市"] > 0


def _tipdm_store(data_dir: Path, folder: Path, start: datetime, end: datetime) -> tuple[Settings, Store]:
    """The real tipdm letters of [start, end), imported, analysed, grouped and ranked on their last day."""
    settings = load_settings(_config(folder / "office.toml", folder / "x.db"))
    store = Store(settings.store.url)
    source = HotlineSource(name="12345热线", type="hotline", path=str(data_dir / "hotline/tipdm2020c/messages_with_votes.xlsx"))
    parsed = parse_source(source, fetch_source(source, settings.fetch, store), settings)
    store.upsert_documents([d for d in parsed.documents if d.published and start <= d.published < end])
    pipeline.group_documents(store, settings, pipeline.analyse_documents(store, settings))
    pipeline.rank(store, settings, end)
    return settings, store


def test_a_month_not_yet_over_is_compared_with_as_many_days_of_the_last(data_dir: Path, tmp_path: Path) -> None:
    """Written on 20 June, the briefing set June's 20 days against all of May, and divided June's
    letters by 30 days for the daily mean."""
    settings, store = _tipdm_store(data_dir, tmp_path, datetime(2019, 5, 1), datetime(2019, 6, 21))
    texts = _paragraphs(write_briefing(store, settings, "2019-06", tmp_path)["docx"])
    body = "\n".join(texts)
    june = [d for d in store.documents() if d.kind == "hotline" and d.published >= datetime(2019, 6, 1)]
    may = [d for d in store.documents() if d.kind == "hotline" and d.published < datetime(2019, 5, 21)]
    assert max(d.published for d in june).day == 20
    total = next(t for t in texts if "共受理群众诉求" in t)
    assert total.startswith(f"6月1日至20日共受理群众诉求{len(june)}件，5月同期{len(may)}件，环比")
    assert f"日均{len(june) / 20:.1f}件" in body
    table = open_docx(str(tmp_path / "briefing-2019-06.docx")).tables[-1]
    assert [cell.text for cell in table.rows[0].cells] == ["类别", "6月", "5月同期", "环比"]


def test_letters_that_begin_within_last_month_are_not_compared(data_dir: Path, tmp_path: Path) -> None:
    """An office's first briefing (and the demo's): its store begins on 20 May. May's last 12 days
    against June's month gave "环比增长" figures of nothing; now the briefing says once why it does not
    compare, and its tables and charts show June alone."""
    settings, store = _tipdm_store(data_dir, tmp_path, datetime(2019, 5, 20), datetime(2019, 7, 1))
    briefing = build_briefing(store, settings, "2019-06")
    first = min(d.published for d in store.documents())
    why = f"12345诉求数据自5月{first.day}日起，5月不足整月，不作环比"
    assert briefing.summary.endswith(f"（{why}。）")
    texts = _paragraphs(write_briefing(store, settings, "2019-06", tmp_path)["docx"])
    body = "\n".join(texts)
    assert "环比" not in body.replace(why, "")
    assert "6月共受理群众诉求" in body and f"（{why}）。" in body
    table = open_docx(str(tmp_path / "briefing-2019-06.docx")).tables[-1]
    assert [cell.text for cell in table.rows[0].cells] == ["类别", "6月", "占比"]
    assert all(len(chart.series) == 1 for chart in briefing.charts.values())


def test_a_quoted_title_leaves_its_own_full_stop_out() -> None:
    from xuanti.briefing.builder import _book_title

    assert _book_title("电信，移动基站建设，无网络、无信号。") == "《电信，移动基站建设，无网络、无信号》"  # a real 商洛 letter
    assert _book_title("关于加装电梯的建议..") == "《关于加装电梯的建议》"
    assert _book_title("。") == "《。》"
