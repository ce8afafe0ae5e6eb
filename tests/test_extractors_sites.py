"""configs/sites.toml and index pagination, crawled over HTTP on 127.0.0.1 from real saved sites.

- sites/laod_mirror: 68 index pages that do not link to each other -> 679 articles via page_pattern;
- news/xwlb/site: 14 day index pages -> 224 article pages (238 pages), and a second night fetches
  no page twice;
- 下一页 links on real search-result list pages.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from extractors.page import extract_article, find_links, find_next_page, reads_as_headline
from extractors.sites import load_site_profiles, profile_for
from extractors.sources import fetch_source, parse_source
from xuanti.localserver import LocalServer
from xuanti.settings import ConfigError, FetchSettings, Settings, SiteSource, load_settings
from xuanti.store import Store

FAST = FetchSettings(connect_timeout=2, read_timeout=5, retries=1, retry_delays=[0.01], min_delay=0, per_host=4)


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


def test_profiles_cover_shared_sites_and_default_sources() -> None:
    profiles = load_site_profiles()
    assert {"tv.cctv.com", "gov.cn", "laod.cn", "people.com.cn", "news.cn"} <= set(profiles)
    assert profile_for("https://www.gov.cn/zhengce/content/2019-01/01/content_1.htm") == profiles["gov.cn"]
    assert profile_for("https://tv.cctv.com/2024/01/08/VIDEx.shtml") == profiles["tv.cctv.com"]
    assert profile_for("http://127.0.0.1:8000/x.html") is None
    # Every host of the default config's sources has an entry (feeds: their article pages' hosts).
    for source in load_settings().sources:
        url = source.url if source.type == "feed" else source.index[0]
        assert profile_for(url) is not None, url


def test_bad_sites_file_names_valid_keys(tmp_path: Path) -> None:
    bad = tmp_path / "sites.toml"
    bad.write_text('["example.cn"]\ntitle = "h1"\nbodyy = ".content"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_site_profiles(bad)
    message = str(info.value)
    assert "[example.cn] bodyy: unknown key" in message
    assert "valid keys: title, body, date, author, link_pattern, next_page" in message
    with pytest.raises(ConfigError, match="no site 'nosuch.cn' \\(sites: .*laod.cn"):
        profile_for("http://x/", "nosuch.cn")


def test_gov_cn_profile_on_real_policy_page(data_dir: Path) -> None:
    from extractors.policy import extract_policy

    page = (data_dir / "policy/govcn_2019/content_5341736.html").read_bytes()
    url = "http://www.gov.cn/zhengce/content/2018-11/27/content_5341736.htm"
    with_profile = extract_policy(page, url, "gov", selectors=profile_for(url))
    generic = extract_policy(page, url, "gov")
    assert with_profile.text.startswith("中华人民共和国国务院令") and "第三十二条" in with_profile.text
    assert with_profile.title == generic.title
    # Same metadata table; the body differs only in line breaks, so its kept original does too.
    assert {k: v for k, v in with_profile.metadata.items() if k != "original_text"} == {
        k: v for k, v in generic.metadata.items() if k != "original_text"}
    assert re.sub(r"\s", "", with_profile.text) == re.sub(r"\s", "", generic.text)


def test_selector_that_matches_nothing_falls_back(data_dir: Path) -> None:
    page = (data_dir / "news/xwlb/site/VIDEy5IeIfsABr5pAcVlVvyy240108.shtml").read_bytes()
    changed = profile_for("https://tv.cctv.com/").model_copy(update={"body": "#no-such-box"})
    doc = extract_article(page, "https://tv.cctv.com/2024/01/08/VIDEy5IeIfsABr5pAcVlVvyy240108.shtml", "cctv",
                          selectors=changed)
    assert doc.text.startswith("央视网消息（新闻联播）") and len(doc.text) > 2000


def test_laod_mirror_numbered_index_pages(data_dir: Path, settings: Settings) -> None:
    root = data_dir / "sites" / "laod_mirror"
    expected = set((root / "article_index" / "urls.txt").read_text(encoding="utf-8").split())
    assert len(expected) == 679
    with LocalServer(root=root, substitute={"https://laod.cn": "{{BASE_URL}}"}) as server:
        source = SiteSource(name="老D博客", type="site", index=[f"{server.base_url}/article_index/page-1.html"],
                            page_pattern="/article_index/page-{n}.html", pages=68, site="laod.cn",
                            allow_private=True, max_items=1000)
        bundle = fetch_source(source, FAST)
        result = parse_source(source, bundle, settings)
        base = server.base_url
        index_hits = [path for path in server.hits if path.startswith("/article_index/")]
    assert bundle.errors == [] and len(index_hits) == 68
    crawled = {item.url.replace(base, "https://laod.cn") for item in bundle.items}
    assert {url.lower() for url in crawled} == {url.lower() for url in expected}
    assert result.errors == [] and len(result.documents) == 679
    by_name = {doc.url.rsplit("/", 1)[-1]: doc for doc in result.documents}
    four = by_name["4-4.html"]
    assert four.title == "思念与希望同在" and four.published == datetime(2020, 4, 4, 1, 13)
    # The <time datetime> attribute, not the relative "4分钟前" shown on the page.
    assert by_name["20220305.html"].published == datetime(2022, 3, 5, 17, 19, 54)
    assert sum(doc.published is not None for doc in result.documents) == 679
    assert sum(len(doc.text) >= 100 for doc in result.documents) >= 650


def test_site_without_link_pattern_follows_headlines(data_dir: Path, settings: Settings) -> None:
    """The blog's first ten archive pages with no link_pattern and no sites.toml entry: the crawl follows
    the articles' headlines, not the category menus, tag pages or the archive pages themselves."""
    root = data_dir / "sites" / "laod_mirror"
    article = re.compile(r"^https?://[^/]+/(?!article_index/)[\w-]+/[^/?#]+\.html$")
    with LocalServer(root=root, substitute={"https://laod.cn": "{{BASE_URL}}"}) as server:
        source = SiteSource(name="老D博客", type="site", index=[f"{server.base_url}/article_index/page-1.html"],
                            page_pattern="/article_index/page-{n}.html", pages=10, allow_private=True, max_items=1000)
        linked = set()
        for n in range(1, 11):
            html = (root / "article_index" / f"page-{n}.html").read_text(encoding="utf-8")
            html = html.replace("https://laod.cn", server.base_url)
            linked |= {url for url in find_links(html, f"{server.base_url}/article_index/page-{n}.html") if article.match(url)}
        bundle = fetch_source(source, FAST)
        result = parse_source(source, bundle, settings)
    crawled = {item.url for item in bundle.items}
    assert len(linked) == 100 and crawled <= linked and len(crawled) >= len(linked) - 2
    assert bundle.errors == [] and result.errors == [] and len(result.documents) == len(crawled)


@pytest.mark.parametrize("front_page", [
    '<html><head><meta http-equiv="Refresh" content="0; URL=/article_index/page-1.html"></head><body></body></html>',
    '<html><head><title>老D博客</title><script type="text/javascript">window.location.href = '
    '"/article_index/page-1.html";</script></head><body><p>页面正在跳转，请稍候…</p></body></html>',
], ids=["meta refresh", "script"])
def test_front_page_that_only_redirects(front_page: str, data_dir: Path, settings: Settings, tmp_path: Path) -> None:
    """A portal's front page is often a bare <meta http-equiv="refresh">, or a script sending the browser on
    (window.location.href = "…", a "正在跳转" line): the crawl goes on to the page it names and reads that
    page's headlines. The script had ended the crawl with "no article links"."""
    root = data_dir / "sites" / "laod_mirror"
    front = tmp_path / "front.html"
    front.write_text(front_page, encoding="utf-8")
    with LocalServer(root=root, routes={"/": front}, substitute={"https://laod.cn": "{{BASE_URL}}"}) as server:
        source = SiteSource(name="老D博客", type="site", index=[f"{server.base_url}/"], allow_private=True)
        bundle = fetch_source(source, FAST)
        result = parse_source(source, bundle, settings)
        assert server.hits["/article_index/page-1.html"] == 1
    assert bundle.errors == [] and len(result.documents) >= 9
    assert all(doc.title and doc.published for doc in result.documents)


def test_index_page_without_article_links_is_an_error(tmp_path: Path) -> None:
    """A list written by script leaves only the menu in the HTML: the night says so at once, naming the
    page, instead of a source that quietly brings nothing."""
    page = tmp_path / "index.html"
    page.write_text('<html><body><a href="/">首页</a><a href="/xwzx/">新闻中心</a><a href="/zwgk/">政务公开</a>'
                    '<ul id="list"></ul><script>loadList("/api/list.json")</script></body></html>', encoding="utf-8")
    with LocalServer(routes={"/xwzx/index.html": page}) as server:
        source = SiteSource(name="本县新闻", type="site", index=[f"{server.base_url}/xwzx/index.html"], allow_private=True)
        bundle = fetch_source(source, FAST)
        assert bundle.items == [] and bundle.errors == [
            f"本县新闻: no article links on {server.base_url}/xwzx/index.html (no link_pattern: no headline links; "
            "a list written by script? its list API's address can be the index; "
            "see: xuanti extract --kind index URL)"]
        patterned = fetch_source(source.model_copy(update={"link_pattern": r"/t\d+_\d+\.html"}), FAST)
        assert patterned.errors[0].startswith(f"本县新闻: no article links on {server.base_url}/xwzx/index.html (link_pattern ")


def _hanweb_column(records: list[tuple[str, str, str]]) -> str:
    """A column page as Hanweb (大汉) jpage serves it: the menu in HTML, the list only inside a script as
    XML (<datastore> of CDATA records), then the script that pages it through dataproxy.jsp."""
    rows = "".join(f'<record><![CDATA[\n<li><a href="{href}" title="{title}" target="_blank">{title}</a>'
                   f"<span>{day}</span></li>]]></record>\n" for href, title, day in records)
    proxy = "/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=3185&path=/&columnid=1621004&unitid=5797631"
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>投资运行</title>'
        '<meta name="ColumnName" content="投资运行"></head><body><div class="nav"><a href="/">首页</a>'
        '<a href="/col/col1599544/index.html">政务公开</a><a href="/col/col1621004/index.html">投资运行</a></div>'
        '<div class="list" id="5797631"><script type="text/xml"><datastore>'
        f'<nextgroup><![CDATA[<a href="{proxy}"></a>]]></nextgroup>'
        f"<recordset>\n{rows}</recordset></datastore></script>"
        '<script language="javascript" src="/module/web/jpage/jpage.js"></script>'
        "<script>$(document).ready(function(){ $('#5797631').jpage({ dataStore: dataStore, "
        f"proxyUrl: '{proxy.split('?')[0]}', perPage: 15, totalRecord: {len(records)} }}); }});</script>"
        "</div></body></html>"
    )


def test_a_hanweb_column_whose_list_is_xml_in_a_script(
    data_dir: Path, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """浙江省发改委's real Hanweb article pages behind a column page in jpage's shape, whose list an HTML
    parser never sees: the crawl reads the records' links, headlines and dates, and fetches the
    articles. It stopped with "no article links", as every Hanweb county portal would."""
    from xuanti.cli import main

    article = data_dir / "pages/gne/gzggw/1.html"
    records = [("/art/2016/11/22/art_1621004_30332664.html", "1-10月德清县固定资产投资结构趋稳趋优", "2016-11-22")]
    column = tmp_path / "index.html"
    column.write_text(_hanweb_column(records), encoding="utf-8")
    with LocalServer(routes={"/col/col1621004/index.html": column, records[0][0]: article}) as server:
        source = SiteSource(name="省发改委", type="site", index=[f"{server.base_url}/col/col1621004/index.html"],
                            allow_private=True)
        bundle = fetch_source(source, FAST)
        assert bundle.errors == [] and [item.url for item in bundle.items] == [server.base_url + records[0][0]]
        [doc] = parse_source(source, bundle, settings).documents
    assert doc.title == records[0][1] and doc.published == datetime(2016, 11, 22, 9, 53)
    assert "全县固定资产投资完成246.79亿元" in doc.text

    # What the source would follow, as xuanti extract --kind index shows it, with the date beside each link.
    assert main(["-q", "extract", "--kind", "index", str(column), "--url", "http://fgw.zj.gov.cn/col/col1621004/"]) == 0
    out = capsys.readouterr().out
    assert '"url": "http://fgw.zj.gov.cn/art/2016/11/22/art_1621004_30332664.html"' in out
    assert '"listed": "2016-11-22T00:00:00"' in out


def _xwlb_route(site: Path):
    def route(path: str) -> Path | None:
        if match := re.fullmatch(r"/lm/xwlb/day/(\d{8}\.shtml)", path):
            return site / match.group(1)
        if match := re.fullmatch(r"/\d{4}/\d{2}/\d{2}/(VIDE\w+\.shtml)", path):
            return site / match.group(1)
        return None

    return route


def test_an_index_that_is_a_list_api(data_dir: Path, settings: Settings, tmp_path: Path) -> None:
    """A portal whose column page draws its list by script from a list API (JSPaaS, a newer Hanweb): the
    API's address is the index, and its JSON records (title, link, a millisecond time, in the API's own
    spelling) are the list. Shown with the real 新闻联播 day page's links and headlines answered as such an
    API: every article is fetched and read, where the crawl saw no article links in the JSON text."""
    site = data_dir / "news" / "xwlb" / "site"
    links = re.findall(r'<a href="https://tv\.cctv\.com(/\d{4}/\d{2}/\d{2}/VIDE\w+\.shtml)"[^>]*?title="([^"]*)"',
                       (site / "20240108.shtml").read_text(encoding="utf-8"))
    records = list({href: html_lib.unescape(title) for href, title in links}.items())
    assert len(records) >= 10
    evening = int(datetime(2024, 1, 8, 11, 0, tzinfo=UTC).timestamp() * 1000)  # 19:00 in Beijing
    api = {"code": 0, "msg": "success", "data": {"pageNo": 1, "pageSize": 20, "total": len(records), "rows": [
        {"docId": n, "docTitle": title, "docPubUrl": href, "docRelTime": evening}
        for n, (href, title) in enumerate(records, 1)]}}
    answer = tmp_path / "list.json"
    answer.write_text(json.dumps(api, ensure_ascii=False), encoding="utf-8")
    route = _xwlb_route(site)
    with LocalServer(routes=lambda path: answer if path == "/api/column/list" else route(path),
                     content_types={".shtml": "text/html; charset=utf-8", ".json": "application/json"}) as server:
        source = SiteSource(name="央视网-新闻联播", type="site", allow_private=True,
                            index=[f"{server.base_url}/api/column/list?columnId=1&pageNo=1"])
        bundle = fetch_source(source, FAST)
        result = parse_source(source, bundle, settings)
    # Each story, not the programme's own page ("《新闻联播》 20240108 19:00": no headline, as on the day page).
    stories = [(href, title) for href, title in records if reads_as_headline(title)]
    assert len(stories) == len(records) - 1 and bundle.errors == [] and result.errors == []
    assert sorted(item.url for item in bundle.items) == sorted(server.base_url + href for href, _ in stories)
    assert {doc.url.partition("#")[0] for doc in result.documents} == {item.url for item in bundle.items}
    assert {item.extra.get("listed") for item in bundle.items} == {"2024-01-08T19:00:00"}
    assert {doc.metadata.get("bulletin") or doc.title for doc in result.documents} <= {
        title.replace("｜", "|") for _, title in stories}


def test_xwlb_site_all_pages_and_second_night(data_dir: Path, settings: Settings, tmp_path: Path) -> None:
    site = data_dir / "news" / "xwlb" / "site"
    days = sorted(p.name for p in site.glob("2024*.shtml"))
    # Titles as the day index pages announce them, per article URL path.
    announced: dict[str, str] = {}
    for day in days:
        for href, title in re.findall(r'<a href="https://tv\.cctv\.com(/\d{4}/\d{2}/\d{2}/VIDE\w+\.shtml)"[^>]*?'
                                      r'title="([^"]*)"', (site / day).read_text(encoding="utf-8")):
            announced.setdefault(href, html_lib.unescape(title))
    assert len(days) == 14 and len(announced) == 224
    store = Store(f"sqlite:///{tmp_path}/xwlb.db")
    with LocalServer(routes=_xwlb_route(site), substitute={"https://tv.cctv.com": "{{BASE_URL}}"},
                     content_types={".shtml": "text/html; charset=utf-8"}) as server:
        source = SiteSource(name="央视网-新闻联播", type="site", allow_private=True, max_items=1000,
                            index=[f"{server.base_url}/lm/xwlb/day/{day}" for day in days], site="tv.cctv.com")
        bundle = fetch_source(source, FAST, store)
        result = parse_source(source, bundle, settings)
        # 14 programme pages (《新闻联播》 20240108 19:00: a table of contents) are skipped; the 28 快讯 pages
        # are read as their 146 items; the other 182 pages are one story each.
        assert bundle.errors == [] and result.errors == [] and result.skipped == 14
        assert len(result.documents) == 182 + 146
        pages = {path for path in server.hits if path != "/robots.txt"}
        assert len(pages) == 238 and all(n == 1 for path, n in server.hits.items())
        for doc in result.documents:
            path, _, item = doc.url.replace(server.base_url, "").partition("#")
            # A page's title as its day index announces it; a 快讯 item's, its own headline under that title.
            assert (doc.metadata["bulletin"] if item else doc.title) == announced[path].replace("｜", "|"), path
            # The broadcast time printed on the page (an episode filed after midnight keeps its evening).
            shown = re.search(r'<span class="time">([^<]+)</span>',
                              (site / path.rsplit("/", 1)[-1]).read_text(encoding="utf-8")).group(1)
            assert doc.published == datetime.strptime(shown.strip(), "%Y-%m-%d %H:%M"), path
            assert doc.metadata["author"] == "央视网"
        stories = [doc for doc in result.documents if "bulletin" in doc.metadata]
        assert len(stories) == 146 and "全国铁路1月10日起实行新的列车运行图" in {doc.title for doc in stories}
        assert sum(len(doc.text) > 200 for doc in result.documents if doc not in stories) >= 150
        assert store.upsert_documents(result.documents) == 328
        before = dict(server.hits)

        again = fetch_source(source, FAST, store)
        assert again.errors == [] and again.not_modified == 210
        refetched = sorted(path for path, n in server.hits.items() if n != before.get(path))
    # Read again: the 14 day index pages (the only way to see new links), robots.txt, and the 14 programme
    # pages, which store nothing (a server that answers 304 keeps those cheap). Each 快讯 page is known by
    # its stored items.
    programmes = sorted(item.url.replace(server.base_url, "") for item in again.items)
    assert len(programmes) == 14
    assert refetched == sorted(["/robots.txt", *(f"/lm/xwlb/day/{day}" for day in days), *programmes])
    store.close()


def test_next_page_links_on_real_list_pages(data_dir: Path) -> None:
    lists = data_dir / "pages" / "search_lists_2020"
    people = lists.joinpath("people_list.html").read_bytes().decode("gb18030")
    assert "pageNum=2" in find_next_page(people, "http://search.people.cn/cnpeople/news/")
    sina = lists.joinpath("sina_news_list.html").read_text(encoding="utf-8")
    assert find_next_page(sina, "https://search.sina.com.cn/").endswith("page=2")
    # Pages that only page by script have no link to follow.
    assert find_next_page(lists.joinpath("the_paper_list.html").read_text(encoding="utf-8"), "https://x/") == ""


def test_crawl_follows_a_scripted_pager(data_dir: Path, tmp_path: Path) -> None:
    """TRS government sites write their pager by script: createPageHTML(3, 0, "index", "shtml") on
    index.shtml means index_1.shtml, then index_2.shtml. The saved Shanxi page carries that script."""
    page = (data_dir / "pages" / "gne" / "shanxi" / "1.html").read_text(encoding="utf-8")
    call = 'createPageHTML(1,0,"t20190918_693227","shtml")'
    assert call in page and find_next_page(page, "http://www.shanxi.gov.cn/yw/") == ""  # one page only
    routes = {}
    for n, name in enumerate(("index.shtml", "index_1.shtml", "index_2.shtml")):
        (tmp_path / name).write_text(page.replace(call, f'createPageHTML(3,{n},"index","shtml")'), encoding="utf-8")
        routes[f"/yw/sxyw/{name}"] = tmp_path / name
    with LocalServer(routes=routes) as server:
        source = SiteSource(name="山西省政府-要闻", type="site", index=[f"{server.base_url}/yw/sxyw/index.shtml"],
                            link_pattern=r"/t\d{8}_\d+\.shtml$", allow_private=True, max_items=1000)
        fetch_source(source, FAST)
        assert {path for path in server.hits if path.startswith("/yw/sxyw/")} == set(routes)


def test_crawl_follows_next_page_links(data_dir: Path) -> None:
    """The people.cn result list links 下一页 to search.do?pageNum=2: the crawl reads it, up to next_pages."""
    page = data_dir / "pages" / "search_lists_2020" / "people_list.html"
    with LocalServer(routes={"/cnpeople/search.do": page}) as server:
        source = SiteSource(name="人民网搜索", type="site", index=[f"{server.base_url}/cnpeople/search.do"],
                            link_pattern=r"/n1/\d{4}/\d{4}/c\d+-\d+\.html", allow_private=True, max_items=0)
        fetch_source(source.model_copy(update={"max_items": 1000}), FAST)
        followed = [path for path in server.hits if "pageNum=2" in path]
        assert len(followed) == 1
        server.hits.clear()
        fetch_source(source.model_copy(update={"next_pages": 0, "max_items": 1000}), FAST)
        assert not any("pageNum" in path for path in server.hits)
