"""Charset, generic article extraction, links and policy pages against the real saved pages."""

from __future__ import annotations

import csv
import json
import re
import tomllib
from datetime import datetime
from pathlib import Path

import pytest

from extractors import ExtractionError
from extractors.charset import decode_html
from extractors.evaluate import (
    INDEX_LINKS_GOLD,
    char_f1,
    date_matches,
    evaluate_gold,
    evaluate_links,
    evaluate_policy,
)
from extractors.page import article_links, continuation_url, extract_article, find_links, listed_dates
from extractors.policy import POLICY_FIELDS, extract_policy


def test_decode_gbk_pages_and_lies(data_dir: Path) -> None:
    originals = sorted((data_dir / "pages" / "extraction_gold" / "original").iterdir())
    for page in originals:
        text = decode_html(page.read_bytes())
        assert "\ufffd" not in text, page.name
    gbk = "<html><head><meta charset='gb2312'></head><body>镕基 说明</body></html>".encode("gb18030")
    assert "镕基" in decode_html(gbk)  # GBK-only character under a gb2312 label
    utf8_lying = "<meta charset='gbk'><p>中文内容测试页面</p>".encode()
    assert "中文内容测试页面" in decode_html(utf8_lying)
    assert "中文" in decode_html("中文".encode("gb18030"), "text/html; charset=utf-8")  # header lies too
    assert decode_html(b"\xef\xbb\xbf<p>\xe4\xb8\xad</p>") == "<p>中</p>"
    assert decode_html(b"\xff\xfe\x00junk\x81") is not None


def test_gold_floors(data_dir: Path) -> None:
    report = evaluate_gold(data_dir / "pages" / "extraction_gold")
    assert report["pages"] == 34
    # Measured 0.971 / 0.969 (trafilatura: 0.89 / 0.64); floors a little below.
    floors = tomllib.loads((Path(__file__).parent / "eval_floors.toml").read_text(encoding="utf-8"))["extract"]
    assert report["body_f1"] >= floors["gold.body_f1"]
    assert report["date_accuracy"] >= floors["gold.date_accuracy"]


def test_a_gold_folder_with_faults_is_scored_not_crashed(data_dir: Path, tmp_path: Path) -> None:
    """Other gold of the same shape, with faults: a page the extractor cannot read is its miss (named), a
    page without a cleaned text counts for its date only, a policy page gone is an error naming its row."""
    import shutil

    from extractors.evaluate import GoldDataError

    gold = tmp_path / "gold"
    shutil.copytree(data_dir / "pages" / "extraction_gold", gold)
    pages = sorted((gold / "original").iterdir())
    pages[2].write_bytes(b"")
    (gold / "cleaned" / f"{pages[0].stem}.txt").unlink()
    report = evaluate_gold(gold)
    assert report["pages"] == 34 and report["unread"] == [f"file://{pages[2]}: empty page"]
    assert report["no_gold_body"] == [pages[0].name]
    assert [row["f1"] for row in report["rows"]][2] == 0.0 and report["rows"][0]["f1"] is None
    with pytest.raises(GoldDataError, match="no original/ folder"):
        evaluate_gold(tmp_path)
    policy = tmp_path / "policy"
    shutil.copytree(data_dir / "policy" / "govcn_2019", policy)
    first = sorted(policy.glob("*.html"))[0]
    first.write_bytes(b"")
    report = evaluate_policy(policy)
    assert report["accuracy"] < 1.0 and any(line.startswith(f"{first.name}: ") for line in report["mismatches"])
    first.unlink()
    with pytest.raises(GoldDataError, match=rf"index.csv row \d+: file '{first.name}' not found"):
        evaluate_policy(policy)
    # An index-links gold file: its entry is named, whatever is wrong with it.
    entries = json.loads(INDEX_LINKS_GOLD.read_text(encoding="utf-8"))
    links = tmp_path / "links.json"
    for broken, reason in (({**entries[0], "page": "pages/gone.html"}, "page 'pages/gone.html' not found"),
                           ({**entries[0], "articles": "("}, "is not a valid regular expression"),
                           ({"page": entries[0]["page"]}, "needs url, domains, articles")):
        links.write_text(json.dumps([entries[1], broken], ensure_ascii=False), encoding="utf-8")
        with pytest.raises(GoldDataError, match=f"links.json entry 2: .*{re.escape(reason)}"):
            evaluate_links(links, data_dir)
    links.write_text('[{"page": ', encoding="utf-8")
    with pytest.raises(GoldDataError, match="not a JSON list of index pages"):
        evaluate_links(links, data_dir)


def test_article_links_floors(data_dir: Path) -> None:
    """Index pages of 13 real sites: the links a source without a link_pattern follows are its articles."""
    report = evaluate_links(INDEX_LINKS_GOLD, data_dir)
    assert report["sites"] == 13 and report["pages"] == 95
    floors = tomllib.loads((Path(__file__).parent / "eval_floors.toml").read_text(encoding="utf-8"))["extract"]
    assert report["precision"] >= floors["links.precision"]
    assert report["recall"] >= floors["links.recall"]
    assert report["all_links_precision"] < 0.6


def test_article_links_of_an_index_page(data_dir: Path) -> None:
    """chinacdc's list: its ten results, not its menu (首页, 机构信息…), search links or footer; a made-up
    county list keeps its headlines and a PDF notice."""
    html = decode_html((data_dir / "pages" / "search_lists_2020" / "china_cdc_list.html").read_bytes())
    links = article_links(html, "http://search.chinacdc.cn/search?keyword=x", ["chinacdc.cn"])
    assert len(links) == 10 and all(re.search(r"/202004/t202004\d\d_\d+\.html$", link) for link in links)
    assert "http://www.chinacdc.cn/jgxx/zxjj/" in find_links(html, "http://search.chinacdc.cn/", "", ["chinacdc.cn"])
    page = ('<ul><li><a href="/xwzx/">新闻中心</a></li><li><a href="/index.html">返回首页网站首页</a></li>'
            '<li><a href="/xwzx/202312/t20231205_1.html"><img src="a.jpg"></a>'
            '<a href="/xwzx/202312/t20231205_1.html">县长带队检查安全生产</a></li>'
            '<li><a href="/xwzx/202312/t20231204_2.html">我县召开两会</a></li>'
            '<li><a href="/xwzx/202312/t20231204_3.pdf">关于做好冬季防火工作的通知</a></li>'
            '<li><a href="/2023/12/05/winter-fire/">冬季防火安全提示请查收</a></li>'
            '<li><a href="/search?q=安全生产">安全生产工作专题检索</a></li>'
            '<li><a href="https://beian.miit.gov.cn/">冀ICP备12345678号</a></li></ul>')
    assert article_links(page, "https://www.example.gov.cn/xwzx/") == [
        "https://www.example.gov.cn/xwzx/202312/t20231205_1.html", "https://www.example.gov.cn/xwzx/202312/t20231204_2.html",
        "https://www.example.gov.cn/xwzx/202312/t20231204_3.pdf",  # a PDF under a headline is read as a document
        "https://www.example.gov.cn/2023/12/05/winter-fire/"]  # a numbered directory is a post, /xwzx/ a section


def test_dates_listed_beside_links(data_dir: Path) -> None:
    """The date an index page prints in a link's row: people.cn's results, the blog archive's entries."""
    people = decode_html((data_dir / "pages" / "search_lists_2020" / "people_list.html").read_bytes())
    dates = listed_dates(people, "http://search.people.cn/cnpeople/news/")
    assert dates["http://society.people.com.cn/n1/2020/0421/c1008-31682060.html"] == datetime(2020, 4, 21, 11, 58, 29)
    links = article_links(people, "http://search.people.cn/cnpeople/news/", ["people.com.cn"])
    assert len(links) == 20 and all(link in dates for link in links)
    archive = (data_dir / "sites" / "laod_mirror" / "article_index" / "page-1.html").read_text(encoding="utf-8")
    dates = listed_dates(archive, "https://laod.cn/article_index/page-1.html")
    assert dates["https://laod.cn/news/office-youhui.html"] == datetime(2021, 7, 27)
    # A row with two dates names neither; a link outside any short row has none.
    two = '<ul><li><a href="/a.html">县长带队检查安全生产</a> 2023-12-05 至 2023-12-09</li></ul><p>' + "长" * 400
    assert listed_dates(two + '<a href="/b.html">b</a> 2023-12-01</p>', "http://x.gov.cn/") == {}


def test_policy_pages_match_index(data_dir: Path) -> None:
    folder = data_dir / "policy" / "govcn_2019"
    with (folder / "index.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 40
    for row in rows:
        doc = extract_policy((folder / row["file"]).read_bytes(), row["url"], "国务院政策")
        for name in POLICY_FIELDS:
            assert doc.metadata.get(name, "").strip() == row[name].strip(), (row["file"], name)
        assert doc.kind == "policy"
        assert doc.title == row["标题"].strip()
        assert doc.published == datetime.strptime(row["发布日期"].strip(), "%Y年%m月%d日")
        assert len(doc.text) > 100 and "索引号" not in doc.text
    assert evaluate_policy(folder)["accuracy"] == 1.0


def test_a_policy_page_keeps_the_hour_its_pubdate_tag_gives(data_dir: Path) -> None:
    """浙江省发改委's real Hanweb page read as a policy document: its table's 发布日期 gives the day, its
    PubDate tag the hour too (2016-11-22 09:53), which was dropped."""
    page = data_dir / "pages/gne/gzggw/1.html"
    doc = extract_policy(page.read_bytes(), "http://fgw.zj.gov.cn/art/2016/11/22/art_1621004_30332664.html", "省发改委")
    assert doc.metadata["发布日期"] == "2016-11-22" and doc.published == datetime(2016, 11, 22, 9, 53)


def test_xwlb_article(data_dir: Path) -> None:
    page = data_dir / "news" / "xwlb" / "site" / "VIDEy5IeIfsABr5pAcVlVvyy240108.shtml"
    url = "https://tv.cctv.com/2024/01/08/VIDEy5IeIfsABr5pAcVlVvyy240108.shtml"
    doc = extract_article(page.read_bytes(), url, "xwlb")
    assert doc.title.startswith("[视频]习近平在二十届中央纪委三次全会上发表重要讲话强调")
    assert doc.published == datetime(2024, 1, 8, 19, 16)
    assert doc.text.startswith("央视网消息（新闻联播）：中共中央总书记")
    assert "编辑：" not in doc.text and "责任编辑" not in doc.text
    assert doc.metadata.get("source") == "央视网"
    assert doc.id == extract_article(page.read_bytes(), url, "xwlb").id


def test_gne_pages_do_not_crash(data_dir: Path) -> None:
    pages = sorted((data_dir / "pages" / "gne").rglob("*.html"))
    assert len(pages) >= 50
    with_text = 0
    for page in pages:
        try:
            doc = extract_article(page.read_bytes(), f"http://example.org/{page.name}", "gne")
        except ExtractionError:
            continue
        with_text += len(doc.text) > 200
    assert with_text >= 0.8 * len(pages)


def test_a_page_closed_early_by_its_included_header_is_read_on(data_dir: Path) -> None:
    """gov.cn's page includes a whole header page, ``</html>`` and all, before the article: lxml stops
    at that tag, a browser reads on. The article, its links and its policy fields are after it."""
    page = data_dir / "pages" / "gne" / "other" / "1.html"
    doc = extract_article(page.read_bytes(), "https://www.gov.cn/gongbao/content/2007/content_711039.htm", "国务院公报")
    assert doc.text.startswith("全国人民代表大会常务委员会\n关于批准财政部发行特别国债购买外汇及")
    assert "批准2007年末国债余额限额调整为53365.53亿元" in doc.text
    assert "https://www.gov.cn/" not in doc.text
    links = find_links(page.read_text(encoding="utf-8"), "https://www.gov.cn/gongbao/content/2007/content_711039.htm")
    assert "http://www.npc.gov.cn/" in links  # the footer's links, after the early </html>
    html = "<html><body><p>头部</p></body></html><div><p>正文在早结束的页面之后，浏览器照常显示。</p></div></body></html>"
    assert "正文在早结束的页面之后" in extract_article(html.encode(), "http://x/a.html", "s").text


PAGE_SNIPPETS = json.loads((Path(__file__).parent / "page_snippets.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", PAGE_SNIPPETS, ids=[case["file"] for case in PAGE_SNIPPETS])
def test_real_pages_give_their_headline_and_article(case: dict, data_dir: Path) -> None:
    """Real saved pages with their headline and snippets the text must and must not hold, in the
    manner of trafilatura's evaldata.json (``tests/page_snippets.json``)."""
    page = data_dir / case["file"]
    doc = extract_article(page.read_bytes(), f"http://example.org/{page.name}", "pages")
    assert doc.title == case["title"], case["note"]
    if "published" in case:
        assert doc.published == datetime.fromisoformat(case["published"]), case["note"]
    for snippet in case["with"]:
        assert snippet in doc.text, (case["note"], snippet)
    for snippet in case["without"]:
        assert snippet not in doc.text, (case["note"], snippet)


def test_a_configured_title_selector_is_kept_however_short(data_dir: Path) -> None:
    from xuanti.settings import Selectors

    page = data_dir / "pages" / "gne" / "gsc" / "1.html"
    doc = extract_article(page.read_bytes(), "http://example.org/1.html", "pages", selectors=Selectors(title="#nav11"))
    assert doc.title == "联系我们"  # the site's own setting, not the heading above the article


def test_selectors_override(data_dir: Path) -> None:
    from xuanti.settings import Selectors

    page = data_dir / "news" / "xwlb" / "site" / "VIDEy5IeIfsABr5pAcVlVvyy240108.shtml"
    doc = extract_article(page.read_bytes(), "https://tv.cctv.com/x.shtml", "xwlb",
                          selectors=Selectors(body="#content_area", title=".playingVideo .tit"))
    assert doc.text.startswith("央视网消息")
    assert doc.title.startswith("[视频]习近平")
    with pytest.raises(ExtractionError, match="invalid CSS selector"):
        extract_article(page.read_bytes(), "https://tv.cctv.com/x.shtml", "xwlb", selectors=Selectors(body="[[["))


def test_a_short_notice_is_no_anti_bot_check() -> None:
    """A short notice with a font-size cookie script and a 返回 link is a page; a 安全验证 page or a script
    that sets a cookie and reloads is a check, named as such."""
    notice = ('<html><head><title>关于元旦放假的通知</title><script>document.cookie="fontsize=16;path=/";</script>'
              '</head><body><h1>关于元旦放假的通知</h1><p>2024年1月1日放假一天。</p>'
              '<a onclick="location.href=\'/\'">返回</a></body></html>')
    assert extract_article(notice.encode(), "http://x.gov.cn/t1.html", "s").title == "关于元旦放假的通知"
    for check in ('<html><head><title>安全验证</title></head><body>请拖动滑块完成访问验证</body></html>',
                  "<script>document.cookie='__jsl=1;path=/';location.href=location.pathname+location.search</script>"):
        with pytest.raises(ExtractionError, match="t2.html: the site's anti-bot check"):
            extract_article(check.encode(), "http://x.gov.cn/t2.html", "s")


def test_bad_pages_raise() -> None:
    with pytest.raises(ExtractionError, match="http://x/empty: empty page"):
        extract_article(b"   ", "http://x/empty", "s")
    # An archive or program of no known kind, or a download cut short, served as a page: no mojibake
    # document, but the URL and why. A UTF-16 page (its byte-order mark first) is still text.
    binary = bytes(range(256)) * 16
    with pytest.raises(ExtractionError, match="http://x/a.jsp: a binary file, not an HTML page"):
        extract_article(binary, "http://x/a.jsp", "s")
    page = "<html><head><title>县政府召开常务会议</title></head><body><h1>县政府召开常务会议</h1><p>会议研究部署冬季供暖保障工作。</p></body></html>"
    assert extract_article(page.encode("utf-16"), "http://x/u16.html", "s").title == "县政府召开常务会议"


def test_find_links(data_dir: Path) -> None:
    html = (data_dir / "news" / "xwlb" / "site" / "20240108.shtml").read_text(encoding="utf-8")
    links = find_links(html, "https://tv.cctv.com/lm/xwlb/day/20240108.shtml",
                       pattern=r"/\d{4}/\d{2}/\d{2}/VIDE\w+\.shtml", domains=["tv.cctv.com"])
    assert len(links) == 12 and len(set(links)) == 12
    assert links[0] == "https://tv.cctv.com/2024/01/08/VIDE4akYYJdIw07qNhDT0co9240108.shtml"
    assert find_links(html, "https://tv.cctv.com/", domains=["other.org"]) == []
    rel = find_links('<a href="a.html#x">1</a><a href="/a.html">2</a><a href="javascript:0">3</a>',
                     "http://h.org/dir/")
    assert rel == ["http://h.org/dir/a.html", "http://h.org/a.html"]
    with pytest.raises(ExtractionError, match="link_pattern"):
        find_links(html, "https://tv.cctv.com/", pattern="(")


def test_metrics() -> None:
    assert char_f1("中 国", "中国") == 1.0
    assert char_f1("", "中国") == 0.0
    assert date_matches(datetime(1998, 3, 1), "1998-3") is True
    assert date_matches(datetime(2005, 3, 11, 12, 12), "2005-3-11 12:12") is True
    assert date_matches(datetime(2005, 3, 11, 12, 13), "2005-3-11 12:12") is False
    assert date_matches(None, "UNKNOWN") is None


def test_the_next_page_of_a_paged_article(data_dir: Path) -> None:
    """Real saved pages: gamersky's article links its page 2 (Content-1220000_2.html); TRS pages
    (cjn, 山西省政府, a gold page) carry the scripted pager with one page; guancha's 下一页 pages a list
    by script. Only a 下一页 to the same address with a page number continues the article."""
    pages = data_dir / "pages"
    cases = [
        ("gne/gamersky/gamersky.html", "https://wap.gamersky.com/news/Content-1220000.html",
         "https://wap.gamersky.com/news/Content-1220000_2.html"),
        ("gne/cjn/1.html", "http://www.cjn.cn/news/t3714581.htm", ""),
        ("gne/shanxi/1.html", "http://www.shanxi.gov.cn/yw/t20190918_693227.shtml", ""),
        ("extraction_gold/original/3e1af229-5b3e-4cfc-82b2-481f37d7adf7.html", "http://x.gov.cn/t20220213_552130.html", ""),
        ("gne/guancha/2.html", "https://www.guancha.cn/a/2020_01_01_1.shtml", ""),
    ]
    for name, url, expected in cases:
        assert continuation_url(decode_html((pages / name).read_bytes()), url) == expected, name
    # A 下一页 elsewhere is a list's or the next article's.
    assert continuation_url(decode_html((pages / cases[0][0]).read_bytes()),
                            "https://wap.gamersky.com/news/Content-1219999.html") == ""
    trs = '<script>createPageHTML(3, {}, "t20191104_123", "html")</script>'
    first = "http://x.gov.cn/art/t20191104_123.html"
    assert continuation_url(trs.format(0), first) == "http://x.gov.cn/art/t20191104_123_1.html"
    assert continuation_url(trs.format(1), first.replace(".html", "_1.html"), first) == "http://x.gov.cn/art/t20191104_123_2.html"
    assert continuation_url(trs.format(2), first.replace(".html", "_2.html"), first) == ""
    # A pager of numbers alone, a 尾页 past them, numbering from _2: the next page is the lowest number past this one.
    numbers = '<a href="c9_2.html">2</a> <a href="c9_3.html">3</a> <a href="c9_9.html">尾页</a> <a href="c8.html">上一篇</a>'
    assert continuation_url(numbers, "http://x.cn/a/c9.html") == "http://x.cn/a/c9_2.html"
    assert continuation_url(numbers, "http://x.cn/a/c9_2.html", "http://x.cn/a/c9.html") == "http://x.cn/a/c9_3.html"
    assert continuation_url(numbers, "http://x.cn/a/c9_9.html", "http://x.cn/a/c9.html") == ""
    query = '<a href="show?id=5&amp;page=2">下一页</a>'
    assert continuation_url(query, "http://x.cn/show?id=5") == "http://x.cn/show?id=5&page=2"
    assert continuation_url('<a href="show?id=6">下一页</a>', "http://x.cn/show?id=5") == ""


def test_a_paged_article_reads_its_later_pages(data_dir: Path) -> None:
    """The demo's paged article (our own content): page 2's text follows page 1's, the headline and
    byline it repeats are not read twice."""
    from xuanti.cli import DEMO_SITE
    from xuanti.demo.build_demo import PAGED_TITLE

    first = DEMO_SITE / "news/2026/11/t20261118_684650.html"
    second = first.with_name("t20261118_684650_1.html")
    alone = extract_article(first.read_bytes(), "http://127.0.0.1/news/2026/11/t20261118_684650.html", "demo")
    whole = extract_article(first.read_bytes(), alone.url, "demo", continued=[(second.read_bytes(), "text/html")])
    assert alone.title == whole.title == PAGED_TITLE
    assert "累计签约亿元以上项目27个" not in alone.text and whole.text.endswith("新能源产业链条不断延伸。")
    assert whole.text.startswith(alone.text) and whole.text.count(PAGED_TITLE) == alone.text.count(PAGED_TITLE)
    assert len(whole.text.splitlines()) == 5
    # A later page that is a PDF, empty or no HTML adds nothing and stops nothing.
    odd = [(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "application/pdf"), (b"", ""), (b"\xff\xfe\x00\x01", "")]
    assert extract_article(first.read_bytes(), alone.url, "demo", continued=odd).text == alone.text


def test_a_data_tables_row_is_a_line_and_a_layout_tables_cells_keep_their_paragraphs() -> None:
    """A row of short cells reads as DOCX and DOC rows read ("1 | 深化改革 | | 县行政审批局", an empty cell
    kept in its place); a layout table's cell holding the article keeps a paragraph a line, and so does
    a row with one filled cell."""
    from lxml import html as lxml_html

    from extractors.text import element_text

    article = "".join(f"<p>{'第' + str(k) + '段，' * 60}。</p>" for k in range(3))
    page = lxml_html.fromstring(
        "<div><table><tr><td><p>序号</p></td><td><p>任务</p></td><td></td><td><p>单位</p></td></tr>"
        "<tr><td>1</td><td>深化<br>改革</td><td></td><td>县行政审批局</td></tr>"
        "<tr><td colspan='4'><p>合计</p></td></tr></table>"
        f"<table><tr><td width='20'></td><td>{article}</td><td>侧栏</td></tr></table></div>")
    lines = element_text(page).split("\n")
    assert lines[:3] == ["序号 | 任务 | | 单位", "1 | 深化 改革 | | 县行政审批局", "合计"]
    assert len(lines) == 3 + 3 + 1 and lines[-1] == "侧栏"


def test_pages_saved_into_the_materials_folder(data_dir: Path, tmp_path: Path) -> None:
    """Real pages an editor saved into the materials folder read as the crawl reads them (headline, text,
    the date of the WeChat article), kept as materials: Ctrl+S's .html with its "saved from" mark, and a
    single-file .mht (multipart/related, the HTML quoted-printable, as browsers write it). Their pictures'
    folder (…_files) is passed over. Saved pages had not been read at all."""
    from email.message import EmailMessage

    from extractors.sources import fetch_source, parse_source
    from xuanti.settings import FetchSettings, FolderSource, load_settings

    cases = [case for case in PAGE_SNIPPETS if case["file"].startswith("pages/gne/")][:6]
    folder = tmp_path / "材料"
    (folder / "网页_files").mkdir(parents=True)
    (folder / "网页_files" / "frame.htm").write_text("<html><body>广告</body></html>", encoding="utf-8")
    names = []
    for number, case in enumerate(cases):
        data = (data_dir / case["file"]).read_bytes()
        if number % 2:
            page = EmailMessage()
            page["MIME-Version"] = "1.0"
            page["Snapshot-Content-Location"] = f"https://news.example.cn/{number}.html"
            page.set_content(decode_html(data, None), subtype="html", charset="utf-8", cte="quoted-printable")
            page.make_mixed()  # as a browser writes it: the page one part of several
            names.append(f"网页{number}.mht")
            (folder / names[-1]).write_bytes(page.as_bytes())
        else:
            names.append(f"网页{number}.html")
            (folder / names[-1]).write_bytes(b"<!-- saved from url=(0036)https://news.example.cn/a.html -->\n" + data)
    source = FolderSource(name="本地材料", type="folder", path=str(folder))
    bundle = fetch_source(source, FetchSettings())
    result = parse_source(source, bundle, load_settings())
    assert result.errors == [] and sorted(Path(doc.url).name for doc in result.documents) == sorted(names)
    by_name = {Path(doc.url).name: doc for doc in result.documents}
    for name, case in zip(names, cases, strict=True):
        doc = by_name[name]
        assert doc.kind == "file" and doc.title == case["title"], (name, case["note"])
        assert all(snippet in doc.text for snippet in case["with"]), (name, case["note"])
        if "published" in case:
            assert doc.published == datetime.fromisoformat(case["published"])
    assert by_name["网页0.html"].metadata["saved_from"] == "https://news.example.cn/a.html"
    assert by_name["网页1.mht"].metadata["saved_from"] == "https://news.example.cn/1.html"
    # Tonight's page and the review page link a saved page to where it came from, a file on disk to nothing.
    from xuanti.export import web_address

    saved = by_name["网页1.mht"]
    assert web_address(saved.url, saved.metadata) == "https://news.example.cn/1.html"
    assert web_address(str(folder / "总结.docx"), {}) == "" and web_address("http://x.cn/a", {}) == "http://x.cn/a"
