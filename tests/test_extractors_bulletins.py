"""Bulletins read as their stories, on real 新闻联播 pages and feeds, event news and People's Daily."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from extractors.bulletins import is_bulletin_title, split_bulletin
from extractors.evaluate import evaluate_bulletins
from extractors.feed import parse_feed
from extractors.page import extract_article
from extractors.sites import profile_for
from xuanti.records import Document


def _event(data_dir: Path, title_start: str) -> Document:
    lines = (data_dir / "news" / "event_news" / "event_news.jsonl").read_text(encoding="utf-8").splitlines()
    row = next(json.loads(line) for line in lines if json.loads(line)["title"].startswith(title_start))
    return Document.from_url("event", "https://news.example.com/1.html", kind="news", title=row["title"],
                             text=row["body"])


def test_bulletin_floors(data_dir: Path) -> None:
    """Against the transcripts that mark each story: the site's 快讯 items and the feed's 文字版 stories."""
    report = evaluate_bulletins(data_dir)
    floors = tomllib.loads((Path(__file__).parent / "eval_floors.toml").read_text(encoding="utf-8"))["extract"]
    assert report["stories"] == 173 and report["contents_pages"] == 14 and report["contents_dropped"] == 1.0
    assert report["precision"] >= floors["bulletins.precision"]
    assert report["recall"] >= floors["bulletins.recall"]


def test_real_bulletins_and_single_stories(data_dir: Path) -> None:
    noon = _event(data_dir, "午间快讯")
    stories = split_bulletin(noon)
    assert [story.title for story in stories][:2] == ["央视怒批网络色情直播：低俗淫秽不堪入目", "马云接替柳传志任中国企业家俱乐部主席"]
    assert len(stories) == 8 and all(story.metadata["bulletin"] == noon.title for story in stories)
    assert stories[0].url == "https://news.example.com/1.html#1" and stories[0].text.startswith("7日晚，央视焦点访谈")
    assert len({story.id for story in stories}) == 8
    # One story under a 快讯 headline, with a subheading of its own: kept whole.
    single = _event(data_dir, "快讯：中兴通讯股价跳水")
    assert not is_bulletin_title(single.title) and split_bulletin(single) == [single]
    # People's Daily's 八方速递 column: briefs from five provinces.
    feed = data_dir / "feeds" / "exposir_RSS_jsonfeed" / "people-daily.json"
    [column] = [doc for doc in parse_feed(feed.read_bytes(), str(feed), "人民日报") if doc.title.strip() == "八方速递"]
    assert [story.title for story in split_bulletin(column)][:2] == ["贵州遵义与陕西延安实现动车直达",
                                                                       "全国“老字号嘉年华”在广东广州启幕"]


def test_programme_contents_are_dropped_and_articles_kept(data_dir: Path) -> None:
    site = data_dir / "news" / "xwlb" / "site"
    selectors = profile_for("https://tv.cctv.com/")
    pages = [extract_article(page.read_bytes(), f"https://tv.cctv.com/{page.name}", "cctv", selectors=selectors)
             for page in sorted(site.glob("VIDE*.shtml"))]
    contents = [doc for doc in pages if doc.title.startswith("《新闻联播》")]
    assert len(contents) == 14 and all(split_bulletin(doc) == [] for doc in contents)
    others = [doc for doc in pages if "联播快讯" not in doc.title and doc not in contents]
    assert len(others) == 182 and all(split_bulletin(doc) == [doc] for doc in others)
    # A feed's day of 新闻联播 given as its list of video links (no paragraph at all) is a table of contents too.
    feed = data_dir / "feeds" / "exposir_RSS_jsonfeed" / "xwlb.json"
    days = parse_feed(feed.read_bytes(), str(feed), "新闻联播")
    assert len(days) == 24 and all(split_bulletin(doc) == [] for doc in days)
    # An ordinary article with subheadings, and a policy 简报, are never split.
    text = "一、总体要求\n全面贯彻落实党中央决策部署，推进乡村振兴。\n二、重点任务\n加快补齐农村基础设施短板。"
    article = Document.from_url("s", "https://x.gov.cn/1.html", kind="news", title="我县召开乡村振兴工作推进会", text=text)
    briefing = Document.from_url("s", "https://x.gov.cn/2.html", kind="policy", title="工作简报", text=text)
    assert split_bulletin(article) == [article] and split_bulletin(briefing) == [briefing]


def test_a_newspapers_legal_notices_column_is_no_news(data_dir: Path) -> None:
    """光明日报's feed carries its 公告（中缝） page each day: firms' lost seals and licences, one a line. It
    is skipped as no news; every other item of the paper's feed is kept, and so is every document of
    the event news and the 新闻联播 transcripts (27,185 in all, measured)."""
    from extractors.bulletins import is_notice_column
    from extractors.sources import FetchBundle, RawItem, parse_source
    from xuanti.settings import FeedSource, load_settings

    path = data_dir / "feeds" / "exposir_RSS_jsonfeed" / "guangming.json"
    docs = parse_feed(path.read_bytes(), str(path), "光明日报")
    notices = [doc for doc in docs if is_notice_column(doc.text)]
    assert [doc.title for doc in notices] == ["公告（06"] and "遗失声明" in notices[0].text
    source = FeedSource(name="光明日报", type="feed", url="https://feeds.example/guangming.json")
    bundle = FetchBundle(source=source.name, items=[RawItem(url=source.url, content=path.read_bytes(), role="feed")],
                         errors=[])
    result = parse_source(source, bundle, load_settings())
    assert result.skipped == 1 and "公告（06" not in {doc.title for doc in result.documents}
    assert len(result.documents) == len(docs) - 1
    # A report of one lost licence is news as ever.
    assert not is_notice_column("■遗失声明：某公司不慎遗失营业执照正本，声明作废。本报记者调查发现，此类声明近年增多。")
