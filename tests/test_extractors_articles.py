"""An ``articles`` source: exports of articles, one a row (a 舆情 monitoring system's daily Excel, a portal's
or a crawler's dump of policy documents), read from real shared rows: event_news's stories written as a
舆情 sheet, and the Hebei policy dump as it is."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from extractors import ExtractionError
from extractors.articles import ARTICLE_FIELDS, article_columns, read_articles
from extractors.sources import fetch_source, parse_source
from xuanti.localserver import LocalServer
from xuanti.settings import ArticlesSource, ConfigError, load_settings

SETTINGS = load_settings(None)
COLUMNS = article_columns(SETTINGS.articles.columns, {})
HEADER = ["序号", "标题", "来源", "发布时间", "正文", "原文链接", "情感倾向", "点赞数"]


def _stories(data_dir: Path, step: int = 40) -> list[dict]:
    lines = (data_dir / "news/event_news/event_news.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[::step]]


def _sheet(path: Path, rows: list[list]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _yuqing_rows(stories: list[dict]) -> list[list]:
    """A 舆情 service's daily sheet: a report title and a blank row above the header."""
    rows: list[list] = [["舆情日报（2017年3月）"], [], HEADER]
    for number, story in enumerate(stories, 1):
        link = f"https://news.example.cn/{number}.html" if number % 2 else ""
        rows.append([number, story["title"], story["source_path"].split("/")[0], story["date"], story["body"], link,
                     "中性", "1.2万" if number == 1 else str(number)])
    return rows


def test_a_yuqing_sheet_reads_a_row_an_article(data_dir: Path, tmp_path: Path) -> None:
    """Real stories as a 舆情 sheet: each row a news document with its title, time, text, link, origin
    and 点赞数 ("1.2万" too), 转发数 and 评论数; a blank row and the header repeated are passed over, a row with neither title nor text is
    skipped and counted, a time not understood is a row error and the story is kept undated, a row with
    only a 摘要 is read by it. Read twice, the same ids: a rerun stores nothing twice."""
    stories = _stories(data_dir)
    rows = _yuqing_rows(stories)
    rows += [[], HEADER, ["", "", "某网", "2017-03-02", "", "", ""], ["99", "某县召开座谈会", "某网", "三月初", "会议要求…", "", ""]]
    path = _sheet(tmp_path / "舆情日报.xlsx", rows)
    docs, errors, skipped = read_articles(path.read_bytes(), path.name, "舆情", COLUMNS)
    assert len(docs) == len(stories) + 1 and skipped == 1
    assert errors == [f"舆情日报.xlsx row {len(rows)}: time '三月初' not understood; kept without a date"]
    first = docs[0]
    assert first.kind == "news" and first.source == "舆情"
    assert first.title == stories[0]["title"] and first.text.startswith(stories[0]["body"][:30])
    assert first.published == datetime.fromisoformat(stories[0]["date"])
    assert first.url == "https://news.example.cn/1.html" and docs[1].url == ""
    assert first.metadata["outlet"] == stories[0]["source_path"].split("/")[0] and first.metadata["row"] == 4
    assert first.metadata["likes"] == 12000 and docs[1].metadata["likes"] == 2  # heat for the ranking
    assert docs[-1].published is None and docs[-1].title == "某县召开座谈会"
    again, _, _ = read_articles(path.read_bytes(), path.name, "舆情", COLUMNS)
    assert [doc.id for doc in again] == [doc.id for doc in docs] and len({doc.id for doc in docs}) == len(docs)
    summary_only = _sheet(tmp_path / "摘要.xlsx", [["标题", "摘要", "发布时间", "转发数", "评论数"],
                                                  ["县里开展防汛演练", "演练模拟山洪。", "2024-06-01", "1,024", 35]])
    (doc,), _, _ = read_articles(summary_only.read_bytes(), summary_only.name, "舆情", COLUMNS)
    assert doc.text == "演练模拟山洪。" and doc.published == datetime(2024, 6, 1)
    assert (doc.metadata["reposts"], doc.metadata["comments"]) == (1024, 35)  # heat, as likes are


def test_a_yuqing_sheet_s_tone_stands_for_the_model_s(data_dir: Path, tmp_path: Path) -> None:
    """A 舆情 service's 情感倾向 is kept (正面/负面/中性; 消极 and 敏感信息 read as 负面, 正面报道 as 正面) and the analysis takes
    it for the sentiment model's: a story the service marked 负面 is at least a watch, unless it is news
    from abroad, as a level-less story stays none. Real stories, each read once with and once without a
    tone; a tone not understood is a row error and the story is kept without one."""
    from models.warning import has_no_level
    from xuanti.pipeline import Analyser

    stories = _stories(data_dir, 8)
    tones = ["负面", "消极", "敏感信息", "正面报道", "中性"]
    rows = [["标题", "来源", "发布时间", "正文", "情感倾向（正面/负面/中性）"]]
    rows += [[story["title"], "某网", story["date"], story["body"], tones[number % 5]] for number, story in enumerate(stories)]
    rows += [[story["title"] + "（无倾向）", "某网", story["date"], story["body"], ""] for story in stories]
    rows.append(["某县召开座谈会", "某网", "2017-03-02", "会议要求…", "待定"])
    path = _sheet(tmp_path / "舆情.xlsx", rows)
    docs, errors, _ = read_articles(path.read_bytes(), path.name, "舆情", COLUMNS)
    assert errors == [f"舆情.xlsx row {len(rows)}: tone '待定' not understood (正面, 负面 or 中性); kept without one"]
    assert "tone" not in docs[-1].metadata and "tone" not in docs[len(stories)].metadata
    assert [doc.metadata["tone"] for doc in docs[:5]] == ["负面", "负面", "负面", "正面", "中性"]
    analyses = Analyser().measure(docs[:-1]).analyses
    marked, plain = docs[:len(stories)], docs[len(stories):-1]
    raised = 0
    for doc, same in zip(marked, plain, strict=True):
        tone, got, before = doc.metadata["tone"], analyses[doc.uid], analyses[same.uid]
        assert got.negative == (1.0 if tone == "负面" else 0.0)
        if tone == "负面":
            # 中兴's sanctions and 世界杯: news from abroad carries no level.
            abroad = has_no_level({"title": doc.title, "text": doc.text, "source": doc.kind})
            assert got.warning != "none" or abroad, doc.title
            raised += before.warning == "none" and got.warning == "watch"
        elif before.warning == "none":
            assert got.warning == "none", doc.title
    assert raised >= 20  # most 负面 stories had been read as none


def test_the_night_s_evidence_names_the_outlet_and_the_service_s_tone(data_dir: Path, tmp_path: Path) -> None:
    """Tonight's page lists a 舆情 sheet's story as 舆情日报（人民网，负面）, where it read 舆情日报 alone, and a work
    order marked 紧急 as 12345热线（紧急）: the outlet and the reader's mark are what an editor checks first. Real
    stories, stored and ranked."""
    from flows.nightly import export_topics
    from models.rank import rank_topics
    from xuanti.pipeline import Analyser, member_dict
    from xuanti.settings import RankWeights
    from xuanti.store import Store

    stories = [story for story in _stories(data_dir, 1) if story["event"] == "榆林产妇坠楼"][:3]
    rows = [["标题", "来源", "发布时间", "正文", "情感倾向"]]
    rows += [[story["title"], outlet, story["date"], story["body"], tone]
             for story, outlet, tone in zip(stories, ("人民网", "", "新京报"), ("负面", "负面", "中性"), strict=True)]
    path = _sheet(tmp_path / "舆情.xlsx", rows)
    docs, _, _ = read_articles(path.read_bytes(), path.name, "舆情日报", COLUMNS)
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    store.upsert_documents(docs)
    analyses = Analyser().measure(docs).analyses
    members = [member_dict(doc, analyses[doc.uid]) for doc in docs]
    now = max(doc.published or datetime.min for doc in docs)
    topics = rank_topics({"t": members}, RankWeights(), now, [])
    page = Path(export_topics(topics, store, tmp_path / "out", now, "某县")["html"]).read_text(encoding="utf-8")
    assert "舆情日报（人民网，负面）" in page and "舆情日报（负面）" in page and "舆情日报（新京报）" in page
    from xuanti.export import source_label
    from xuanti.records import Document

    letter = Document(id="1", source="12345热线", kind="hotline", title="停水", text="小区停水三天。",
                      metadata={"urgency": "特急"})
    assert source_label(letter) == "12345热线（紧急）"  # a work order the operator marked urgent


def test_times_as_platforms_print_them(data_dir: Path, tmp_path: Path) -> None:
    """A crawler's dump of Weibo or Toutiao keeps times as the platform prints them. Real ones from a saved
    sina page, each beside the exact time its date attribute holds, are read against when the page was
    made, to the minute; 昨天 21:05 and 10-08 12:00 (Baidu's 百家号) too. Read again a day later, the same ids:
    such a time is no part of an article's id."""
    import re

    page = (data_dir / "pages/gne/sina/sina.html").read_text(encoding="utf-8", errors="replace")
    printed = [(text, datetime.fromtimestamp(int(stamp) / 1000, UTC) + timedelta(hours=8))
               for stamp, text in re.findall(r'date="(\d{13})">([^<]+)<', page)]
    assert {text for text, _ in printed} >= {"今天08:12", "14分钟前", "38分钟前"}
    made = datetime(2019, 9, 7, 23, 38, 40)  # the page was saved then: its newest item is 14分钟前
    rows = [["标题", "发布时间", "正文"]]
    rows += [[f"新浪相关新闻{number}", text, f"第{number}条相关新闻的正文。"] for number, (text, _) in enumerate(printed)]
    rows += [["百家号文章", "10-08 12:00", "正文。"], ["昨日快讯", "昨天 21:05", "正文。"], ["不明时间", "很久以前", "正文。"]]
    path = _sheet(tmp_path / "微博导出.xlsx", rows)
    docs, errors, _ = read_articles(path.read_bytes(), path.name, "微博", COLUMNS, reference=made)
    for doc, (text, moment) in zip(docs, printed, strict=False):
        assert abs((doc.published - moment.replace(tzinfo=None)).total_seconds()) < 60, text
    # 10-08 would fall after a September export: it is the year before's.
    assert [doc.published for doc in docs[-3:]] == [datetime(2018, 10, 8, 12, 0), datetime(2019, 9, 6, 21, 5), None]
    assert errors == [f"微博导出.xlsx row {len(rows)}: time '很久以前' not understood; kept without a date"]
    later, _, _ = read_articles(path.read_bytes(), path.name, "微博", COLUMNS, reference=made + timedelta(days=1))
    assert [doc.id for doc in later] == [doc.id for doc in docs]


def test_the_date_and_the_time_of_day_in_two_columns(tmp_path: Path) -> None:
    """A sheet giving 发布日期 and 发布时间 (14:30) apart is read as one time, as a hotline export's are, text or
    workbook cells; where its time column is blank, the date column alone. 14:30 had been an error line."""
    from datetime import time

    path = _sheet(tmp_path / "两列.xlsx", [["标题", "发布日期", "发布时间", "正文"],
                                         ["县里召开防汛会", "2026-06-19", "14:30", "会议部署防汛。"],
                                         ["镇里开展演练", datetime(2026, 6, 18), time(8, 5), "演练模拟山洪。"],
                                         ["村里修缮堤坝", "2026-06-17 09:00", "", "堤坝加固。"]])
    docs, errors, _ = read_articles(path.read_bytes(), path.name, "舆情", COLUMNS)
    assert errors == []
    assert [doc.published for doc in docs] == [datetime(2026, 6, 19, 14, 30), datetime(2026, 6, 18, 8, 5),
                                               datetime(2026, 6, 17, 9, 0)]


def test_the_hebei_policy_dump_as_it_is(data_dir: Path) -> None:
    """The real Hebei science department's dump (标题, 时间, 内容, 一级类别, 来源网站, 访问地址, 附件链接;
    its header repeated mid-file, where two crawls were joined) read as policy documents: every row but
    the repeated header, each dated and linked."""
    import csv

    path = data_dir / "policy/hebei/sci_tech_policies.csv"
    with path.open(encoding="utf-8") as handle:
        csv.field_size_limit(1 << 30)
        rows = [row for row in csv.DictReader(handle) if row["标题"] != "标题"]
    source = ArticlesSource(name="河北省科技厅", type="articles", kind="policy", path=str(path))
    result = parse_source(source, fetch_source(source, SETTINGS.fetch), SETTINGS)
    docs = result.documents
    assert len(docs) == len(rows) and not result.errors and all(doc.kind == "policy" for doc in docs)
    assert all(doc.published is not None for doc in docs) and all(doc.url.startswith("https://") for doc in docs)
    assert docs[0].title == rows[0]["标题"] and docs[0].url == rows[0]["访问地址"]


def test_an_export_without_a_title_or_text_column_names_its_columns(tmp_path: Path) -> None:
    path = _sheet(tmp_path / "统计.xlsx", [["日期", "点击量"], ["2024-06-01", 12]])
    with pytest.raises(ExtractionError, match=r"统计.xlsx: no title or text column; headers found: 日期, 点击量"):
        read_articles(path.read_bytes(), path.name, "舆情", COLUMNS)


def test_an_export_fetched_from_its_url_and_a_folder_of_exports(data_dir: Path, tmp_path: Path) -> None:
    """Over HTTP from 127.0.0.1, as a 舆情 platform's download link gives it, and from a folder holding a
    day's sheet each (an Excel lock file ~$… beside them is passed over)."""
    stories = _stories(data_dir, 80)
    folder = tmp_path / "舆情"
    folder.mkdir()
    _sheet(folder / "2017-03-01.xlsx", _yuqing_rows(stories[:10]))
    _sheet(folder / "2017-03-02.xlsx", _yuqing_rows(stories[10:]))
    (folder / "~$2017-03-02.xlsx").write_bytes(b"\x00" * 165)
    local = ArticlesSource(name="舆情", type="articles", path=str(folder))
    from_folder = parse_source(local, fetch_source(local, SETTINGS.fetch), SETTINGS)
    assert len(from_folder.documents) == len(stories) and not from_folder.errors
    with LocalServer(routes={"/export/today.xlsx": folder / "2017-03-01.xlsx"}) as server:
        remote = ArticlesSource(name="舆情", type="articles", url=f"{server.base_url}/export/today.xlsx",
                                allow_private=True)
        fetched = parse_source(remote, fetch_source(remote, SETTINGS.fetch), SETTINGS)
    assert [doc.title for doc in fetched.documents] == [story["title"] for story in stories[:10]]


def test_an_articles_source_in_a_config(tmp_path: Path) -> None:
    """kind news or policy; a column field or an option it does not have is an error listing the valid ones."""
    config = tmp_path / "office.toml"
    config.write_text('[[sources]]\nname = "舆情"\ntype = "articles"\npath = "x.xlsx"\nkind = "policy"\n'
                      'columns = {text = ["舆情正文"]}\n', encoding="utf-8")
    (source,) = load_settings(config).sources
    assert isinstance(source, ArticlesSource) and source.kind == "policy"
    assert article_columns(SETTINGS.articles.columns, source.columns)["text"][0] == "舆情正文"
    config.write_text('[[sources]]\nname = "舆情"\ntype = "articles"\npath = "x.xlsx"\ncolumns = {"正文" = ["内容"]}\n',
                      encoding="utf-8")
    with pytest.raises(ConfigError, match=f"unknown field\\(s\\) 正文; valid: {', '.join(ARTICLE_FIELDS)}"):
        load_settings(config)
    config.write_text('[[sources]]\nname = "舆情"\ntype = "articles"\npath = "x.xlsx"\nfieldnames = ["title"]\n',
                      encoding="utf-8")
    with pytest.raises(ConfigError, match=r"fieldnames: unknown option \(valid: .*columns.*kind"):
        load_settings(config)


def test_xuanti_import_of_a_yuqing_sheet(data_dir: Path, tmp_path: Path, home: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """``xuanti import SHEET --kind articles`` stores a 舆情 sheet's stories, a rerun nothing new;
    ``xuanti extract SHEET --kind articles`` prints them."""
    from xuanti.cli import main

    stories = _stories(data_dir, 80)
    path = _sheet(tmp_path / "舆情日报.xlsx", _yuqing_rows(stories))
    assert main(["-q", "import", str(path), "--kind", "articles"]) == 0
    assert f"舆情日报.xlsx: {len(stories)} imported ({len(stories)} new or changed), 0 skipped, 0 errors" in capsys.readouterr().out
    assert main(["-q", "import", str(path), "--kind", "articles"]) == 0
    assert f"{len(stories)} imported (0 new or changed)" in capsys.readouterr().out
    # xuanti extract shows what such a sheet gives before it is configured as a source.
    assert main(["-q", "extract", str(path), "--kind", "articles"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["title"] for line in lines] == [story["title"] for story in stories]


def test_a_yuqing_report_a_sheet_a_tone(data_dir: Path, tmp_path: Path) -> None:
    """A 舆情 report's workbook of 正面, 负面 and 中性 sheets, 负面 with no story today, after a 说明 sheet: every
    story is read, where only the 正面 sheet's had been; a story on two sheets once, a bad row named by its
    sheet, each story keeping its sheet's name; a 统计 sheet whose header lacks the stories' columns is no
    stories."""
    import openpyxl

    stories = _stories(data_dir, 20)
    rows = _yuqing_rows(stories)
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本报告由舆情监测平台生成。"])
    positive, negative, neutral = (book.create_sheet(name) for name in ("正面", "负面", "中性"))
    for row in rows[:3 + 10]:
        positive.append(row)
    negative.append(HEADER)
    for row in [*rows[:3], rows[12], *rows[13:]]:  # the 正面 sheet's last story again
        neutral.append(row)
    neutral.append(["99", "某县召开座谈会", "某网", "三月初", "会议要求…", "", "中性"])
    counts = book.create_sheet("统计")  # stories counted by outlet: a title column, but no stories
    for row in (["来源", "标题", "条数"], ["人民网", "某县召开座谈会", 3]):
        counts.append(row)
    path = tmp_path / "舆情周报.xlsx"
    book.save(path)
    docs, errors, skipped = read_articles(path.read_bytes(), path.name, "舆情", COLUMNS)
    assert [" ".join(doc.title.split()) for doc in docs] == [" ".join(story["title"].split()) for story in stories
                                                              ] + ["某县召开座谈会"]
    assert skipped == 1 and errors == [f"舆情周报.xlsx sheet 中性 row {len(stories) - 10 + 5}: time '三月初' not "
                                       "understood; kept without a date"]
    assert {doc.metadata["sheet"] for doc in docs[:10]} == {"正面"} and docs[10].metadata["sheet"] == "中性"
    from xuanti.cli import sheet_kind  # told by its first sheet with a header, past the 说明

    assert sheet_kind(path, path.name, SETTINGS) == "articles"
    book.remove(positive)
    book.remove(neutral)
    book.save(path)
    with pytest.raises(ExtractionError, match="舆情周报.xlsx: no articles under the header rows"):
        read_articles(path.read_bytes(), path.name, "舆情", COLUMNS)


def test_a_yuqing_sheet_is_told_by_its_columns(data_dir: Path, tmp_path: Path, home: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Without --kind, `xuanti import` and `xuanti extract` read a sheet headed as a 舆情 sheet (来源, 正文,
    情感倾向…) as articles, and say so; it had been stored as 12345 letters. 27 of the 28 real Hebei dumps
    read as articles; those listing policy documents (文号 or 效力状态 among its columns, or 公文 titles: …的通知,
    …管理办法) as policy, one of them the dump read as letters before; a 12345 export stays a hotline export."""
    from xuanti.cli import main, sheet_kind
    from xuanti.settings import load_settings

    stories = _stories(data_dir, 20)
    path = _sheet(tmp_path / "舆情日报.xlsx", _yuqing_rows(stories))
    assert main(["-q", "import", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith(f"舆情日报.xlsx: {len(stories)} imported") and err.startswith("read as --kind articles")
    assert main(["-q", "extract", str(path)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {line["kind"] for line in lines} == {"news"} and len(lines) == len(stories)
    settings = load_settings()
    dumps = sorted((data_dir / "policy/hebei").glob("*.csv"))
    kinds = {dump.name: sheet_kind(dump, dump.name, settings) for dump in dumps}
    assert Counter(kinds.values()) == {"policy": 20, "articles": 8}
    assert kinds["gov_office_documents.csv"] == kinds["gov_rules.csv"] == kinds["sci_laws.csv"] == "policy"
    assert kinds["edu_policy_interpretation.csv"] == kinds["edu_livelihood.csv"] == "articles"  # 解读, 会议
    assert sheet_kind(data_dir / "policy/govcn_2019/index.csv", "index.csv", settings) == "policy"
    assert main(["-q", "import", str(dumps[0].parent / "gov_office_documents.csv")]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("gov_office_documents.csv: ") and err.startswith("read as --kind policy (a list of policy")
    assert main(["-q", "extract", str(dumps[0].parent / "gov_rules.csv")]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {line["kind"] for line in lines} == {"policy"} and lines[0]["title"] == "河北省科学技术奖励办法"
    for export in ("hotline/tipdm2020c/messages_with_votes.xlsx", "hotline/shangluo_mayor_mailbox/latest.csv"):
        assert sheet_kind(data_dir / export, export, settings) == "hotline"
