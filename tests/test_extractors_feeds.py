"""Every saved real feed: RSS 2.0 (incl. Traditional Chinese), scraper RSS, CDATA items, JSON Feed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractors import ExtractionError
from extractors.feed import headline, is_page_furniture, labelled_headline, parse_feed, without_column_tag
from extractors.text import drop_boilerplate_lines, simplify

EXPECTED_MIN = {"solidot.rss": 20, "engadget_zh-hant.rss": 25, "people-daily.json": 457, "36kr.json": 608,
                "cctv.json": 53, "guangming.json": 60}


def _feeds(data_dir: Path) -> list[Path]:
    return sorted(p for p in (data_dir / "feeds").rglob("*") if p.suffix in (".rss", ".xml", ".json"))


def test_every_feed_file(data_dir: Path) -> None:
    files = _feeds(data_dir)
    assert len(files) == 19
    for path in files:
        docs = parse_feed(path.read_bytes(), f"https://feeds.example/{path.name}", "feed")
        assert docs, path.name
        assert len(docs) >= EXPECTED_MIN.get(path.name, 1), path.name
        assert len({d.id for d in docs}) >= 0.95 * len(docs)
        for doc in docs:
            assert doc.title and "<" not in doc.title, path.name
            assert "<p>" not in doc.text and "<strong>" not in doc.text
            assert doc.published is None or doc.published.tzinfo is None
        dated = sum(d.published is not None for d in docs)
        assert dated >= 0.9 * len(docs) or path.name == "xwlb_c740ae7.xml", path.name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Simplified text stays as written (real letters): OpenCC's phrases read 坏土 as Traditional for
        # unfired clay, and 乾, 昇 and 於 of names as 干, 升 and 于.
        ("举办商州区西新村村支书带头破坏土地搞违法建筑", "举办商州区西新村村支书带头破坏土地搞违法建筑"),
        ("关于柞水县乾佑镇和A6区乾源国际广场", "关于柞水县乾佑镇和A6区乾源国际广场"),
        ("A5区明昇壹城小区，获奖者王於昌", "A5区明昇壹城小区，获奖者王於昌"),
        ("电影《哪吒之魔童闹海》，菜薹", "电影《哪吒之魔童闹海》，菜薹"),
        # ...but loses its stray Traditional characters, and Traditional text is converted whole.
        ("发现往日的輝煌！小区內共有4栋", "发现往日的辉煌！小区内共有4栋"),
        ("電梯壞了一個月沒人修，這個問題", "电梯坏了一个月没人修，这个问题"),
        # 巿 (fú) typed for 市 in real letters and news.
        ("莆田巿东庄镇，500公尺没有超巿；我们系A市巿A5区", "莆田市东庄镇，500公尺没有超市；我们系A市A5区"),
    ],
)
def test_simplify_leaves_simplified_text_alone(text: str, expected: str) -> None:
    assert simplify(text) == expected


def test_traditional_chinese_and_dates(data_dir: Path) -> None:
    docs = parse_feed((data_dir / "feeds/cotox_rssutil/engadget_zh-hant.rss").read_bytes(), "u", "engadget")
    first = docs[0]
    # Simplified for analysis, the Traditional original kept for editors.
    assert first.title == "Apple Music 网页播放器可以播放完整歌曲了"
    assert first.metadata["original_title"] == "Apple Music 網頁播放器可以播放完整歌曲了"
    assert "網" in first.metadata["original_text"] and "網" not in first.text
    simplified = sum("original_text" in doc.metadata for doc in docs)
    assert simplified >= 0.9 * len(docs)
    # A Simplified feed is left alone: nothing to keep.
    solidot = parse_feed((data_dir / "feeds/cotox_rssutil/solidot.rss").read_bytes(), "u", "solidot")
    assert sum("original_title" in doc.metadata for doc in solidot) <= 0.1 * len(solidot)
    assert first.url.startswith("https://chinese.engadget.com/2018/06/03/")
    # Sun, 03 Jun 2018 23:06:00 -0400 -> Beijing time
    assert str(first.published) == "2018-06-04 11:06:00"


def test_markup_escaped_twice(data_dir: Path) -> None:
    """A CMS that escapes an item's HTML before its feed writer escapes it again: the real engadget feed
    has "更新&amp;minus;&amp;minus;用上", and solidot's real items rewritten with their HTML escaped inside
    the CDATA read as the originals. "&minus;", "<p>" and "&nbsp;" were left in the text."""
    import html

    engadget = parse_feed((data_dir / "feeds/cotox_rssutil/engadget_zh-hant.rss").read_bytes(), "u", "engadget")
    assert not any(re.search(r"&[a-z]+;", doc.title + doc.text) for doc in engadget)
    assert any("更新−−用上新世代" in doc.text for doc in engadget)

    raw = (data_dir / "feeds/cotox_rssutil/solidot.rss").read_text(encoding="utf-8")
    escaped = re.sub(r"<description><!\[CDATA\[(.*?)\]\]></description>",
                     lambda m: f"<description><![CDATA[{html.escape(m[1])}]]></description>", raw, flags=re.S)
    assert escaped != raw and "&lt;a href=" in escaped
    original = parse_feed(raw.encode("utf-8"), "u", "solidot")
    twice = parse_feed(escaped.encode("utf-8"), "u", "solidot")
    assert [(doc.title, doc.text) for doc in twice] == [(doc.title, doc.text) for doc in original]
    # Text that only looks like markup stays: <<书名>>, a "1<2" and an ampersand that is no entity.
    kept = "<rss version='2.0'><channel><title>t</title><item><title>a</title><link>http://x.cn/1</link>" \
           "<description>读&lt;&lt;红楼梦&gt;&gt;有感：P&amp;G公司 1&lt;2</description></item></channel></rss>"
    assert parse_feed(kept.encode(), "u", "s")[0].text == "读<<红楼梦>>有感：P&G公司 1<2"


def test_cdata_long_item(data_dir: Path) -> None:
    docs = parse_feed((data_dir / "feeds/xwlb_rss/xwlb.xml").read_bytes(), "u", "xwlb")
    assert len(docs) == 1 and len(docs[0].text) > 5000
    assert "\n" in docs[0].text  # paragraphs kept as lines


def test_json_feed(data_dir: Path) -> None:
    docs = parse_feed((data_dir / "feeds/exposir_RSS_jsonfeed/people-daily.json").read_bytes(), "u", "rmrb")
    # 57 of its 514 items are page furniture: the page's editor credits (本版责编：…), adverts, the page
    # guide. Their text is a copyright line; they are skipped, and no article keeps that line either.
    assert len(docs) == 457
    assert not any("责编" in doc.title or doc.title in ("广告", "导读") for doc in docs)
    assert not any("版权所有" in "".join(doc.text.split()) or "Copyright" in doc.text for doc in docs)
    assert not any("feedx" in doc.text for doc in docs)
    assert sum(len(d.text) > 200 for d in docs) > 400
    # 人民日报's headlines carry their print page ("05版 - "): the page goes to metadata, the headline
    # is what an editor keeps.
    assert not any(re.match(r"\d+版", doc.title) for doc in docs)
    titles = {doc.title: doc for doc in docs}
    assert titles["一条热线连万家 民声速递暖南粤"].metadata["page"] == "05版"
    assert sum(doc.metadata.get("page") == "01版" for doc in docs) >= 10


def test_page_furniture_and_feed_boilerplate() -> None:
    """Credits, adverts and guides are no articles; copyright and aggregator lines are no text."""
    assert all(map(is_page_furniture, ["本版责编：何思琦", "一版责编：许 诺 二版责编：吕 莉", "广告", "导读", "本版责编 徐红梅"]))
    assert not any(map(is_page_furniture, ["图片报道", "广告业迎来新变化", "责编手记：一篇报道的诞生"]))
    text = "正文第一段。\n人 民 网 版 权 所 有 ，未 经 书 面 授 权 禁 止 使 用\nCopyright © 1997-2026 by www.people.com.cn"
    assert drop_boilerplate_lines(text + "\n获取更多RSS：\nhttps://feedx.net") == "正文第一段。"
    assert drop_boilerplate_lines("网址是 https://x.cn 的那家店。") == "网址是 https://x.cn 的那家店。"
    footer = "\n监制/李浙 主编/米莎\n记者&编辑/张琪\n©央视新闻\n文章原文\n平台地址：http://www.jintiankansha.me/t/x"
    assert drop_boilerplate_lines("正文。" + footer) == "正文。"
    assert drop_boilerplate_lines("增长1/3，达到5/8。") == "增长1/3，达到5/8。"


def test_a_photo_story_gets_a_headline_from_its_caption(data_dir: Path) -> None:
    """人民日报's ~20 "图片报道" items a week are titled by their caption's first clause; no item's text
    starts with the issue's date line."""
    docs = parse_feed((data_dir / "feeds/exposir_RSS_jsonfeed/people-daily.json").read_bytes(), "u", "rmrb")
    photos = [doc for doc in docs if doc.metadata.get("label") == "图片报道"]
    assert len(photos) >= 20 and not any(doc.title == "图片报道" for doc in docs)
    assert "2026溱湖湾冬捕活动在江苏省泰州市姜堰区溱湖湾举办" in {doc.title for doc in photos}
    assert not any(re.match(r"\d{4}年\d{2}月\d{2}日\n", doc.text) for doc in docs)
    metadata: dict[str, str] = {}
    assert labelled_headline("组图", "1月30日，市民在公园赏梅，感受春意。", metadata) == "市民在公园赏梅，感受春意"
    assert metadata == {"label": "组图"} and labelled_headline("公园赏梅", "正文。", {}) == "公园赏梅"


def test_a_column_tag_is_no_part_of_a_news_headline(data_dir: Path) -> None:
    """人民日报's headlines end in their column (（有所思）, （深阅读）): the tag goes to metadata, in news
    only; a policy title's qualifier stays."""
    data = (data_dir / "feeds/exposir_RSS_jsonfeed/people-daily.json").read_bytes()
    docs = parse_feed(data, "u", "rmrb")
    assert sum("column" in doc.metadata for doc in docs) >= 150 and not any(doc.title.endswith("）") for doc in docs)
    by_title = {doc.title: doc for doc in docs}
    assert by_title["县域更友好 青年更有为"].metadata["column"] == "有所思"
    assert not any("column" in doc.metadata for doc in parse_feed(data, "u", "rmrb", kind="policy"))
    for title in ["某县农村供水管理办法（试行）", "某县乡村振兴规划（2021-2025年）", "某市重点项目名单（第三批）",
                  "某条例（2020年修订）", "某办法（征求意见稿）", "改革开放四十年（上）"]:
        assert without_column_tag(title, {}) == title


def test_a_page_label_is_no_part_of_a_headline() -> None:
    """Page labels as newspapers' feeds write them go; a headline that only looks like one stays."""
    for title, page, rest in [
        ("07版国际新闻 - 和中国专家一起在桑给巴尔“灭螺”", "07版国际新闻", "和中国专家一起在桑给巴尔“灭螺”"),
        ("第3版：各地抓好春耕备耕", "第3版", "各地抓好春耕备耕"),
        # 光明日报's weekend pages name their column too: 11 of its 60 real items.
        ("10版光明文化周末·人文地理 - 指尖生繁花 “绣”出幸福路", "10版光明文化周末·人文地理", "指尖生繁花 “绣”出幸福路"),
        ("3版本升级后问题更多", None, "3版本升级后问题更多"),
        ("2024版 - 城市更新导则", None, "2024版 - 城市更新导则"),
        ("01版 -", None, "01版 -"),
    ]:
        metadata: dict[str, str] = {}
        assert (headline(title, metadata), metadata.get("page")) == (rest, page)


def test_bad_feeds() -> None:
    with pytest.raises(ExtractionError, match="http://x/f: empty feed"):
        parse_feed(b"", "http://x/f", "s")
    with pytest.raises(ExtractionError, match="http://x/f"):
        parse_feed(b"<html><body>not a feed</body></html>", "http://x/f", "s")
    with pytest.raises(ExtractionError, match="no usable items"):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', "http://x/f", "s")
    # A feed address answered by a WAF's 安全验证 page is named as that, not as a broken feed.
    check = '<html><head><title>安全验证</title></head><body>请拖动滑块完成访问验证<script src="/c.js"></script></body></html>'
    with pytest.raises(ExtractionError, match="http://x/f: the site's anti-bot check"):
        parse_feed(check.encode(), "http://x/f", "s")


def test_dates_as_chinese_sites_write_them(data_dir: Path) -> None:
    """A real feed's items with their dates rewritten the ways Chinese CMSs write them (no zone, meaning
    Beijing time; 年月日; slashes; CST; Java's Date.toString()) keep the items' own times. feedparser
    read a zoneless time as UTC (8 hours late), CST as US Central, and 年月日 or 2026/11/3 as 1 December."""
    path = data_dir / "feeds/cotox_rssutil/solidot.rss"
    original = path.read_text(encoding="utf-8")
    expected = [doc.published for doc in parse_feed(original.encode(), "https://www.solidot.org/index.rss", "s")]
    assert len(expected) == 20 and all(expected)
    forms = ["%Y-%m-%d %H:%M:%S", "%Y年%m月%d日 %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%a, %d %b %Y %H:%M:%S CST",
             "%a %b %d %H:%M:%S CST %Y", "%a, %d %b %Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]
    written = iter(enumerate(expected))

    def rewrite(_: re.Match[str]) -> str:
        number, when = next(written)
        return f"<pubDate>{when.strftime(forms[number % len(forms)])}</pubDate>"

    rewritten = re.sub(r"<pubDate>[^<]*</pubDate>", rewrite, original)
    assert "CST 2018" in rewritten and "年" in rewritten
    docs = parse_feed(rewritten.encode(), "https://www.solidot.org/index.rss", "s")
    assert [doc.published for doc in docs] == expected


@pytest.mark.parametrize("declaration", ["", '<?xml version="1.0" encoding="utf-8"?>',
                                         '<?xml version="1.0" encoding="gb2312"?>'])
def test_a_gbk_feed_whatever_it_declares(declaration: str, data_dir: Path) -> None:
    """A real feed saved in GBK as county sites serve it: without a declaration, under a wrong UTF-8 one,
    or under gb2312 (which lacks characters GBK has) it reads as the UTF-8 original does, where
    feedparser fell back to windows-1252 and made every title mojibake."""
    path = data_dir / "feeds/cotox_rssutil/solidot.rss"
    original = path.read_text(encoding="utf-8")
    body = re.sub(r"^\s*<\?xml[^>]*\?>", "", original)
    expected = parse_feed(original.encode(), "https://www.solidot.org/index.rss", "s")
    docs = parse_feed((declaration + body).encode("gb18030"), "https://www.solidot.org/index.rss", "s")
    assert [(d.title, d.text, d.published) for d in docs] == [(d.title, d.text, d.published) for d in expected]
