"""The bundled demo site (xuanti/demo/site): present, parseable, self-consistent, and our own work."""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from xuanti.demo import build_demo

SITE = Path(build_demo.__file__).resolve().parent / "site"
SHARED_DATA = Path("/work/shared/data")
BASE = "http://127.0.0.1:8765"
COLUMNS = ["工单编号", "来电时间", "标题", "诉求内容", "所属区域", "问题分类", "办理状态", "答复意见", "满意度", "来电人", "联系电话"]
HOTLINE = SITE / "hotline" / "12345_export_2026-11.csv"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_bytes(), "lxml")


def _html_files() -> list[Path]:
    return sorted(SITE.rglob("*.html"))


def _articles() -> list[Path]:
    """The news articles' first pages (a paged article's later pages are t…_684xxx_1.html)."""
    return sorted(p for p in (SITE / "news" / "2026").rglob("t*.html") if p.stem.count("_") == 1)


def _hotline_rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(HOTLINE.read_bytes().decode("utf-8-sig"))))


def test_expected_files_exist():
    for rel in ["robots.txt", "index.html", "news/index.html", "news/index_2.html", "news/index_3.html",
                "feed/rss.xml", "policy/index.html", "hotline/12345_export_2026-11.csv",
                "yuqing/yuqing_2026-11-20.xlsx"]:
        assert (SITE / rel).is_file(), rel
    assert len(_articles()) >= 28
    assert len([p for p in (SITE / "policy").glob("content_*.html") if p.stem.count("_") == 1]) >= 8
    assert len(list((SITE / "feed" / "articles").glob("*.html"))) >= 3
    assert "Allow: /" in (SITE / "robots.txt").read_text(encoding="utf-8")


def test_demo_is_small():
    total = sum(p.stat().st_size for p in SITE.rglob("*") if p.is_file())
    assert total < 2 * 1024 * 1024


def test_build_is_deterministic(tmp_path):
    build_demo.build(tmp_path)
    ours = {p.relative_to(SITE) for p in SITE.rglob("*") if p.is_file()}
    fresh = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    assert ours == fresh
    for rel in ours:
        assert (SITE / rel).read_bytes() == (tmp_path / rel).read_bytes(), f"{rel} differs from a fresh build"


@pytest.mark.parametrize("path", _html_files(), ids=lambda p: str(p.relative_to(SITE)))
def test_html_parses(path):
    soup = _soup(path)
    assert soup.title and soup.title.get_text(strip=True)
    assert soup.body is not None


def test_news_articles_look_like_articles():
    arts = _articles()
    for path in arts:
        soup = _soup(path)
        assert soup.h1 and soup.h1.get_text(strip=True)
        paras = soup.select("div.article-content p")
        assert len(paras) >= 2, path
        info = soup.select_one("div.info").get_text(" ", strip=True)
        m = re.search(r"发布时间：(\d{4}-\d\d-\d\d \d\d:\d\d)", info)
        assert m and "来源：" in info and "作者：" in info, path
        when = datetime.strptime(m.group(1), "%Y-%m-%d %H:%M")
        assert datetime(2026, 10, 25) <= when <= datetime(2026, 11, 20, 23, 59)
        assert path.parent.name == f"{when:%m}"
        text = soup.get_text()
        for boiler in ("责任编辑", "扫一扫", "相关阅读", "版权所有"):
            assert boiler in text, (path, boiler)
    # titles are distinct, and most articles are from the last ten days
    titles = [_soup(p).h1.get_text(strip=True) for p in arts]
    assert len(set(titles)) == len(titles)
    recent = [p for p in arts if p.name[1:9] >= "20261111"]
    assert len(recent) > len(arts) / 2


def test_news_index_pagination_chain():
    seen, name = [], "index.html"
    while name:
        soup = _soup(SITE / "news" / name)
        links = [a["href"] for a in soup.select("ul.news-list a")]
        assert 5 <= len(links) <= 12
        seen += links
        nxt = soup.find("a", string="下一页")
        name = nxt["href"] if nxt else None
    assert len(seen) == len(set(seen))
    assert len(seen) == len(_articles())


def test_one_article_is_paged_as_trs_pages_it():
    """The paged article's pages carry TRS's scripted pager and no 下一页 anchor of their own."""
    later = sorted(p for p in (SITE / "news" / "2026").rglob("t*.html") if p.stem.count("_") == 2)
    assert [p.name for p in later] == ["t20261118_684650_1.html"]
    first = later[0].with_name("t20261118_684650.html")
    assert 'createPageHTML(2, 0, "t20261118_684650", "html")' in first.read_text(encoding="utf-8")
    assert 'createPageHTML(2, 1, "t20261118_684650", "html")' in later[0].read_text(encoding="utf-8")
    assert _soup(first).h1.get_text(strip=True) == _soup(later[0]).h1.get_text(strip=True) == build_demo.PAGED_TITLE
    policy = sorted(p.name for p in (SITE / "policy").glob("content_*.html") if p.stem.count("_") == 2)
    assert policy == [f"content_{build_demo.PAGED_POLICY}_1.html"]


def _local_target(page: Path, href: str) -> Path | None:
    """The file a link inside the site points to, or None for external/script links."""
    href = href.strip()
    if href.startswith("{{BASE_URL}}"):
        rel = href[len("{{BASE_URL}}"):]
        target = SITE / unquote(urlsplit(rel).path).lstrip("/")
    else:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith(("#", "javascript:", "mailto:")):
            return None
        if parts.path.startswith("/"):
            target = SITE / unquote(parts.path).lstrip("/")
        else:
            target = page.parent / unquote(parts.path)
    return target / "index.html" if target.is_dir() else target


@pytest.mark.parametrize("section", ["news", "policy", "feed"])
def test_internal_links_resolve(section):
    pages = sorted((SITE / section).rglob("*.html"))
    assert pages
    checked = 0
    for page in pages:
        soup = _soup(page)
        for tag in soup.find_all(["a", "link"], href=True):
            target = _local_target(page, tag["href"])
            if target is None:
                continue
            checked += 1
            assert target.resolve().is_file(), f"{page.relative_to(SITE)}: broken link {tag['href']}"
            assert SITE.resolve() in target.resolve().parents
    assert checked > 0


def test_rss_parses_and_links_exist():
    raw = (SITE / "feed" / "rss.xml").read_text(encoding="utf-8")
    assert "{{BASE_URL}}" in raw
    feed = feedparser.parse(raw.replace("{{BASE_URL}}", BASE))
    assert not feed.bozo, feed.get("bozo_exception")
    assert 12 <= len(feed.entries) <= 20
    short = []
    for e in feed.entries:
        assert e.link.startswith(BASE + "/feed/articles/")
        assert e.published_parsed is not None
        assert e.published.endswith("+0800")
        target = SITE / e.link[len(BASE) + 1:]
        assert target.is_file(), e.link
        if "<p>" not in e.summary:
            short.append(e)
            assert len(e.summary) < 120
            full = _soup(target).select("#ozoom p")
            assert sum(len(p.get_text()) for p in full) > 3 * len(e.summary)
    assert len(short) == 3


def test_policy_pages_have_metadata_table():
    # A paged document's later page (content_N_1.html) is reached by its pager, not the index.
    pages = sorted(p for p in (SITE / "policy").glob("content_*.html") if p.stem.count("_") == 1)
    index_links = {a["href"] for a in _soup(SITE / "policy" / "index.html").find_all("a", href=True)}
    for path in pages:
        assert path.name in index_links
        soup = _soup(path)
        cells = [td.get_text(strip=True) for td in soup.select("table.table_suoyin td")]
        meta = {cells[i].rstrip("："): cells[i + 1] for i in range(0, len(cells) - 1, 2)}
        for key in ("索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期"):
            assert key in meta, (path, key)
        assert re.fullmatch(r"\w{18}/2026-\d{5}", meta["索引号"])
        assert re.fullmatch(r"2026年\d{1,2}月\d{1,2}日", meta["发布日期"])
        body = soup.select_one("#UCAP-CONTENT").get_text()
        assert "一、" in body and "二、" in body and len(body) > 400


def test_hotline_csv_shape():
    data = HOTLINE.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = _hotline_rows()
    assert rows[0] == COLUMNS
    body = rows[1:]
    assert 300 <= len(body) <= 400
    assert all(len(r) == len(COLUMNS) for r in body)
    assert all(re.fullmatch(r"QH\d{13}", r[0]) for r in body)
    assert all(re.fullmatch(r"1\d{10}", r[10]) for r in body)
    cats = Counter(r[5] for r in body)
    for cat in ("城乡建设", "环境保护", "交通运输", "教育文体", "劳动和社会保障", "卫生计生", "商贸旅游", "住房物业"):
        assert cats[cat] > 0, cat


def test_hotline_planted_defects():
    body = _hotline_rows()[1:]
    ids = Counter(r[0] for r in body)
    assert sorted(ids.values())[-2:] == [2, 2] and sum(v - 1 for v in ids.values()) == 2
    assert sum(1 for r in body if not r[3].strip()) == 3
    assert sum(1 for r in body if not r[3].strip() and not r[2].strip()) == 2  # the third is read by its title
    bad = []
    for r in body:
        try:
            datetime.strptime(r[1], "%Y/%m/%d %H:%M:%S")
        except ValueError:
            bad.append(r)
    assert len(bad) == 1
    phones = [r for r in body if re.search(r"1\d{2}-?\d{4}-?\d{4}", r[3])]
    assert len(phones) >= 10
    # apart from the repeated submissions, complaint texts are not copies of each other
    texts = Counter(r[3] for r in {r[0]: r for r in body}.values() if r[3])
    assert sum(v - 1 for v in texts.values()) <= 2


def _dated(body):
    for r in body:
        try:
            yield r, datetime.strptime(r[1], "%Y/%m/%d %H:%M:%S")
        except ValueError:
            continue


def test_hotline_planted_clusters():
    body = list({r[0]: r for r in _hotline_rows()[1:]}.values())
    rows = list(_dated(body))

    def cluster(*words):
        return [(r, t) for r, t in rows if all(w in r[2] + r[3] for w in words)]

    heat = cluster("锦绣花园")
    assert 20 <= len(heat) <= 30
    assert sum(1 for _, t in heat if t >= datetime(2026, 11, 17)) >= 0.8 * len(heat)
    wages = cluster("阳光新城")
    assert 8 <= len(wages) <= 12 and all(t >= datetime(2026, 11, 18) for _, t in wages)
    assert sum(1 for r, _ in wages if "县政府" in r[3]) >= 2
    water = cluster("滨河苑")
    assert 10 <= len(water) <= 15
    assert all(datetime(2026, 11, 16) <= t < datetime(2026, 11, 19) for _, t in water)
    assert len(cluster("城关二小")) == 8
    bar = cluster("夜色", "酒吧")
    assert len(bar) == 6 and (max(t for _, t in bar) - min(t for _, t in bar)).days >= 20
    assert all(t <= datetime(2026, 11, 20, 23, 0) for _, t in rows)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_nothing_copied_from_shared_data():
    if not SHARED_DATA.is_dir():
        pytest.skip("shared data folder not present")
    ours = [p for p in SITE.rglob("*") if p.is_file()]
    by_size: dict[int, list[Path]] = {}
    for p in ours:
        by_size.setdefault(p.stat().st_size, []).append(p)
    our_hashes = {_sha(p): p for p in ours}
    for other in SHARED_DATA.rglob("*"):
        if other.is_file() and not other.is_symlink() and other.stat().st_size in by_size:
            digest = _sha(other)
            assert digest not in our_hashes, f"{our_hashes.get(digest)} is identical to {other}"
