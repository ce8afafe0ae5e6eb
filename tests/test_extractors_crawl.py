"""fetch_source/parse_source over real HTTP on 127.0.0.1, serving the real saved pages.

The xwlb day index pages link to absolute https://tv.cctv.com/... URLs; the route rewrites that
prefix to the local server's base URL at serve time, so the crawler sees a site whose links work.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from extractors import FetchError
from extractors.sources import FetchBundle, RawItem, fetch_source, parse_source
from xuanti.localserver import LocalServer
from xuanti.settings import (
    FeedSource,
    FetchSettings,
    FolderSource,
    HotlineSource,
    Settings,
    SiteSource,
    load_settings,
)
from xuanti.store import Store

FAST = FetchSettings(connect_timeout=2, read_timeout=2, retries=1, retry_delays=[0.01], min_delay=0, per_host=4)
ARTICLE = r"/\d{4}/\d{2}/\d{2}/VIDE\w+\.shtml"


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="module")
def cctv(data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """tv.cctv.com as saved: /lm/xwlb/day/YYYYMMDD.shtml and /YYYY/MM/DD/VIDE....shtml."""
    site = data_dir / "news" / "xwlb" / "site"
    rewritten = tmp_path_factory.mktemp("served")
    holder: dict[str, LocalServer] = {}

    def route(path: str) -> Path | None:
        day = re.fullmatch(r"/lm/xwlb/day/(\d{8})\.shtml", path)
        if day:
            original = site / f"{day.group(1)}.shtml"
            if not original.is_file():
                return None
            served = rewritten / original.name
            if not served.exists():
                html = original.read_text(encoding="utf-8")
                served.write_text(html.replace("https://tv.cctv.com", holder["s"].base_url), encoding="utf-8")
            return served
        article = re.fullmatch(r"/\d{4}/\d{2}/\d{2}/(VIDE\w+\.shtml)", path)
        if article and (site / article.group(1)).is_file():
            return site / article.group(1)
        return None

    server = LocalServer(routes=route, content_types={".shtml": "text/html; charset=utf-8"})
    holder["s"] = server
    with server:
        yield server


def _site(base: str, **extra: object) -> SiteSource:
    fields = {"name": "央视网-新闻联播", "type": "site", "index": [f"{base}/lm/xwlb/day/20240108.shtml"],
              "link_pattern": ARTICLE, "allow_private": True, "area": "全国"}
    fields.update(extra)
    return SiteSource(**fields)


def test_site_crawl_and_second_night(cctv: LocalServer, settings: Settings, tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path}/x.db")
    source = _site(cctv.base_url)
    bundle = fetch_source(source, FAST, store)
    assert bundle.errors == []
    assert len(bundle.items) == 12 and all(item.role == "article" for item in bundle.items)
    result = parse_source(source, bundle, settings, store)
    # The programme page (a table of contents) is skipped; the two 快讯 pages come as their 8 items.
    assert result.errors == [] and result.skipped == 1 and len(result.documents) == 9 + 8
    assert len(result.contents_pages) == 1
    docs = {doc.url.rsplit("/", 1)[-1]: doc for doc in result.documents}
    speech = docs["VIDEy5IeIfsABr5pAcVlVvyy240108.shtml"]
    assert speech.title.startswith("[视频]习近平在二十届中央纪委三次全会上发表重要讲话强调")
    assert speech.published == datetime(2024, 1, 8, 19, 16)
    assert docs["VIDEnLTPTXSc0bWPbcXKc5vG240108.shtml"].title == "[视频]纪念甘苦同志诞辰100周年座谈会在京举行 赵乐际出席"
    for doc in result.documents:
        assert doc.published and doc.published.date() == datetime(2024, 1, 8).date()
        assert doc.fetched is not None and doc.area == "全国" and doc.kind == "news"
    assert sum(len(doc.text) > 200 for doc in result.documents if "bulletin" not in doc.metadata) >= 7
    assert store.upsert_documents(result.documents) == 17
    hits_before = dict(cctv.hits)

    again = fetch_source(source, FAST, store)
    assert again.errors == [] and again.not_modified == 12 and again.items == []
    new_hits = {path: n for path, n in cctv.hits.items() if n != hits_before.get(path)}
    # Only robots.txt and the index page were read again: the programme page, known as a table of
    # contents, is not (it stores nothing).
    assert sorted(new_hits) == sorted(["/lm/xwlb/day/20240108.shtml", "/robots.txt"])
    store.close()


def test_numbered_index_pages_and_cap(cctv: LocalServer, data_dir: Path) -> None:
    source = _site(cctv.base_url, page_pattern="/lm/xwlb/day/2024010{n}.shtml", pages=9)
    bundle = fetch_source(source, FAST)
    # 20240101..07 were not saved: one error line each, the source still works.
    assert len(bundle.errors) == 7 and all(": HTTP 404" in e for e in bundle.errors)
    ninth = (data_dir / "news" / "xwlb" / "site" / "20240109.shtml").read_text(encoding="utf-8")
    expected = 12 + len(set(re.findall(r'href="https://tv\.cctv\.com(/2024/01/09/VIDE\w+\.shtml)"', ninth)))
    # The 8th is both the index and page 8: its articles come once.
    assert len(bundle.items) == expected and len({item.url for item in bundle.items}) == expected
    capped = fetch_source(_site(cctv.base_url, max_items=5), FAST)
    assert len(capped.items) == 5


def test_private_address_refused(cctv: LocalServer) -> None:
    with pytest.raises(FetchError, match="allow_private"):
        fetch_source(_site(cctv.base_url, allow_private=False), FAST)


def test_feed_with_summary_articles(cctv: LocalServer, data_dir: Path, settings: Settings,
                                    tmp_path: Path) -> None:
    """news.cn feed entries carry one-line summaries: the article pages are fetched and replace them."""
    feed_xml = (data_dir / "feeds" / "analisi1_xinhua" / "xinhua_china.xml").read_text(encoding="utf-8")
    feed_xml = re.sub(r"https?://www\.news\.cn/politics/(\d{4})(\d{2})(\d{2})/(\w+)/c\.html",
                      lambda m: f"{cctv.base_url}/{m[1]}/{m[2]}/{m[3]}/VIDEy5IeIfsABr5pAcVlVvyy240108.shtml"
                      if m[4].startswith("7c5a") else m[0], feed_xml)
    served = tmp_path / "feed.xml"
    served.write_text(feed_xml, encoding="utf-8")
    with LocalServer(routes={"/rss.xml": served}) as feed_server:
        source = FeedSource(name="新华网-时政", type="feed", url=f"{feed_server.base_url}/rss.xml",
                            domains=["127.0.0.1"], allow_private=True)
        bundle = fetch_source(source, FAST)
        assert [item.role for item in bundle.items] == ["feed", "article"]
        assert bundle.items[1].extra["feed"] == source.url
        result = parse_source(source, bundle, settings)
    assert len(result.documents) == 30 and result.errors == []
    first = result.documents[0]
    # Full-width ｜ is half-width for analysis; the original stays in metadata.
    assert first.title == "AI海报|新春倒计时日历：二十七 赶大集"
    assert first.metadata["original_title"] == "AI海报｜新春倒计时日历：二十七 赶大集"
    assert first.text.startswith("央视网消息（新闻联播）")  # the fetched page replaced the summary
    assert first.published == datetime(2026, 2, 14)


class _Faults(BaseHTTPRequestHandler):
    page = b""
    calls: dict[str, int] = {}

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        _Faults.calls[self.path] = _Faults.calls.get(self.path, 0) + 1
        if self.path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        if self.path == "/index.html":
            # Headlines, as an index page shows them: a source without a link_pattern follows those.
            links = "".join(f'<a href="/a/{name}.html">关于{name}页面的情况通报</a>'
                            for name in ("ok", "missing", "slow", "boom", "big"))
            return self._send(200, f'<html><body>{links}<a href="/private/x.html">内部通知不对外公开</a></body></html>'.encode())
        if self.path == "/a/ok.html":
            return self._send(200, _Faults.page)
        if self.path == "/a/slow.html":
            time.sleep(1.0)
            return self._send(200, _Faults.page)
        if self.path in ("/a/boom.html", "/all500.xml"):
            self.send_response(503)
            self.send_header("Retry-After", "120")  # capped to the configured back-off
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if self.path == "/a/big.html":
            return self._send(200, b"<p>" + b"x" * 300_000 + b"</p>")
        # Anti-bot services' answers, in their shapes: 瑞数's 412 with its $_ts script, 加速乐's 521 with a
        # script that sets a cookie and reloads, a WAF's 200 安全验证 page with a slider.
        if self.path == "/rs/index.html":
            return self._send(412, b'<html><head><meta content="x9fQ" r="m"><script>$_ts=window["$_ts"];if(!$_ts)'
                                   b'$_ts={};$_ts.nsd=7251;</script><script src="/rs/c.js" r="m"></script></head></html>')
        if self.path == "/jsl/index.html":
            return self._send(521, b"<script>document.cookie=('_')+('_')+('j')+('s')+('l')+'=1;max-age=3600;path=/';"
                                   b"location.href=location.pathname+location.search</script>")
        if self.path == "/checked/index.html":
            return self._send(200, '<html><body><a href="/a/ok.html">关于ok页面的情况通报</a>'
                                   '<a href="/waf/a1.html">关于受保护页面的情况通报</a></body></html>'.encode())
        if self.path in ("/waf/index.html", "/waf/a1.html"):
            return self._send(200, '<html><head><title>安全验证</title></head><body><div id="slider">请拖动滑块完成'
                                   '访问验证</div><script src="/waf/check.js"></script></body></html>'.encode())
        return self._send(404, b"not found")

    def _send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture()
def faults(data_dir: Path) -> Iterator[str]:
    _Faults.page = (data_dir / "news" / "xwlb" / "site" / "VIDEy5IeIfsABr5pAcVlVvyy240108.shtml").read_bytes()
    _Faults.calls = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Faults)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_faults_become_error_lines(faults: str, settings: Settings) -> None:
    fetch = FAST.model_copy(update={"read_timeout": 0.3, "max_bytes": 200_000})
    source = SiteSource(name="faults", type="site", index=[f"{faults}/index.html"], allow_private=True)
    started = time.monotonic()
    bundle = fetch_source(source, fetch)
    assert time.monotonic() - started < 10
    assert [item.url.rsplit("/", 1)[-1] for item in bundle.items] == ["ok.html"]
    errors = "\n".join(bundle.errors)
    assert f"{faults}/a/missing.html: HTTP 404" in errors
    assert f"{faults}/a/slow.html: timed out" in errors
    assert f"{faults}/a/boom.html: HTTP 503 (after 2 attempts)" in errors
    assert re.search(f"{faults}/a/big.html: body .*over max_bytes=200000", errors)
    assert f"{faults}/private/x.html: disallowed by robots.txt" in errors
    assert _Faults.calls["/a/boom.html"] == 2 and _Faults.calls["/robots.txt"] == 1
    assert len(parse_source(source, bundle, settings).documents) == 1


def test_anti_bot_checks_are_named(faults: str) -> None:
    """A site behind an anti-bot service answers a plain client with a script, not the page: the error says
    so, once, where it said "HTTP 412", "HTTP 521 (after 2 attempts)" or "no article links"."""
    for path, status in (("/rs/index.html", 412), ("/jsl/index.html", 521)):
        with pytest.raises(FetchError, match=rf"{path}: HTTP {status}: the site's anti-bot check"):
            fetch_source(SiteSource(name="s", type="site", index=[f"{faults}{path}"], allow_private=True), FAST)
        assert _Faults.calls[path] == 1  # never retried: a retry cannot pass it
    bundle = fetch_source(SiteSource(name="县政府", type="site", index=[f"{faults}/waf/index.html"], allow_private=True),
                          FAST)
    assert bundle.items == [] and bundle.errors == [
        f"县政府: {faults}/waf/index.html answered with the site's anti-bot check (a script for a browser to run) "
        "instead of the page; xuanti cannot pass it: ask the site for a feed or an export, or to let the office's "
        "address through"]
    # An article page that is such a check is an error line, not a document titled 安全验证.
    source = SiteSource(name="县政府", type="site", index=[f"{faults}/checked/index.html"], allow_private=True)
    result = parse_source(source, fetch_source(source, FAST), load_settings())
    assert [doc.url for doc in result.documents] == [f"{faults}/a/ok.html"]
    assert result.errors == [f"{faults}/waf/a1.html: the site's anti-bot check (a script for a browser to run) "
                             "instead of the page; xuanti cannot pass it: ask the site for a feed or an export, or "
                             "to let the office's address through"]


def test_unreachable_sources_raise(faults: str) -> None:
    with pytest.raises(FetchError, match="feed unreachable: .*/all500.xml: HTTP 503"):
        fetch_source(FeedSource(name="f", type="feed", url=f"{faults}/all500.xml", allow_private=True), FAST)
    with pytest.raises(FetchError, match="none of 1 index page"):
        fetch_source(SiteSource(name="s", type="site", index=[f"{faults}/nothing.html"], allow_private=True), FAST)
    with pytest.raises(FetchError, match="no such export file"):
        fetch_source(HotlineSource(name="h", type="hotline", path="/nonexistent/x.xlsx"), FAST)


def test_hotline_and_folder_sources(data_dir: Path, settings: Settings, tmp_path: Path) -> None:
    path = data_dir / "hotline" / "shangluo_mayor_mailbox" / "latest.csv"
    source = HotlineSource(name="商洛", type="hotline", path=str(path), area="商洛市",
                           columns={"text": ["query"], "time": ["query_date"]})
    result = parse_source(source, fetch_source(source, FAST), settings)
    # Two letters have a title and no query: read by their titles, no errors.
    assert len(result.documents) > 1150 and result.skipped == 8 and result.errors == []
    assert result.documents[0].area == "洛南县" and all(doc.fetched for doc in result.documents)
    # A folder of exports being edited holds Excel's lock file (~$latest.xlsx, 165 bytes): passed over, where it
    # was read as a broken export every night the file was open.
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "latest.csv").write_bytes(path.read_bytes())
    (exports / "~$latest.xlsx").write_bytes(b"\x00" * 165)
    in_folder = HotlineSource(name="商洛", type="hotline", path=str(exports), columns=source.columns)
    assert [item.url for item in fetch_source(in_folder, FAST).items] == [str(exports / "latest.csv")]

    import docx

    folder = tmp_path / "materials"
    folder.mkdir()
    (folder / "会议纪要.txt").write_bytes("县委常委会会议纪要\n研究乡村振兴工作。".encode("gbk"))
    document = docx.Document()
    document.add_paragraph("2024年工作要点")
    document.add_paragraph("抓好安全生产和民生实事。")
    document.save(folder / "要点.docx")
    (folder / "报告.pdf").write_bytes(b"%PDF-1.4 not really")
    files = FolderSource(name="材料", type="folder", path=str(folder))
    bundle = fetch_source(files, FAST)
    assert len(bundle.items) == 3
    result = parse_source(files, bundle, settings)
    titles = sorted(doc.title for doc in result.documents)
    assert titles == ["2024年工作要点", "县委常委会会议纪要"]
    assert all(doc.kind == "file" for doc in result.documents)
    # A broken PDF is one error line naming the file and the reason; the other files are imported.
    assert len(result.errors) == 1 and "报告.pdf" in result.errors[0] and "PDF" in result.errors[0]


def test_parse_source_never_raises(settings: Settings) -> None:
    source = SiteSource(name="s", type="policy", index=["http://x/"])
    bundle = FetchBundle(source="s", items=[RawItem(url="http://x/a", content=b"", role="policy"),
                                            RawItem(url="http://x/b", content=b"\x00\xff junk", role="policy")],
                         errors=[])
    result = parse_source(source, bundle, settings)
    assert result.documents == [] or all(doc.kind == "policy" for doc in result.documents)
    assert result.errors and result.errors[0].startswith("http://x/a: ")


def test_a_paged_article_is_stored_whole(settings: Settings, tmp_path: Path) -> None:
    """The demo site's TRS-paged article over HTTP: its later page is fetched with it and read into the
    one document, never stored as an article of its own. With that page gone, the article keeps its
    first page and the error names the missing page."""
    from xuanti.cli import DEMO_SITE
    from xuanti.demo.build_demo import PAGED_TITLE

    served = tmp_path / "site"
    shutil.copytree(DEMO_SITE / "news", served / "news")
    (served / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    second = "/news/2026/11/t20261118_684650_1.html"
    with LocalServer(root=served, substitute={}) as server:
        source = SiteSource(name="清河新闻网", type="site", allow_private=True,
                            index=[f"{server.base_url}/news/index_{n}.html".replace("index_1", "index")
                                   for n in (1, 2, 3)])
        bundle = fetch_source(source, FAST)
        assert bundle.errors == [] and server.hits.get(second) == 1
        [paged] = [item for item in bundle.items if item.more_pages]
        assert [url for url, _, _ in paged.more_pages] == [server.base_url + second]
        docs = parse_source(source, bundle, settings).documents
        assert len(docs) == 30 and not any(doc.url.endswith("_1.html") for doc in docs)
        [doc] = [doc for doc in docs if doc.title == PAGED_TITLE]
        assert doc.text.endswith("新能源产业链条不断延伸。") and len(doc.text.splitlines()) == 5

        page_two = (served / second.lstrip("/")).read_bytes()
        (served / second.lstrip("/")).unlink()
        store = Store(f"sqlite:///{tmp_path}/x.db")
        bundle = fetch_source(source, FAST, store)
        assert len(bundle.errors) == 1 and second in bundle.errors[0] and "page 2 of" in bundle.errors[0]
        assert "stored with its first 1 page(s)" in bundle.errors[0]
        docs = parse_source(source, bundle, settings).documents
        assert store.upsert_documents(docs) == 30
        [doc] = [doc for doc in docs if doc.title == PAGED_TITLE]
        assert len(doc.text.splitlines()) == 3

        # The next night the page is back: the article alone is fetched again, and completed.
        (served / second.lstrip("/")).write_bytes(page_two)
        bundle = fetch_source(source, FAST, store)
        assert bundle.errors == [] and [item.url for item in bundle.items] == [doc.url]
        assert store.upsert_documents(parse_source(source, bundle, settings).documents) == 1
        [doc] = store.documents(uids=[doc.uid])
        assert doc.text.endswith("新能源产业链条不断延伸。") and len(doc.text.splitlines()) == 5
        store.close()


def test_a_paged_policy_document_is_stored_whole(settings: Settings, tmp_path: Path) -> None:
    """The demo portal's paged policy document over HTTP: the metadata table of page 1, the sections
    and signature of page 2, one document."""
    from xuanti.cli import DEMO_SITE
    from xuanti.demo.build_demo import PAGED_POLICY

    with LocalServer(root=DEMO_SITE, substitute={}) as server:
        source = SiteSource(name="清河县人民政府-政策文件", type="policy", allow_private=True,
                            index=[f"{server.base_url}/policy/index.html"])
        bundle = fetch_source(source, FAST)
        assert bundle.errors == [] and server.hits.get(f"/policy/content_{PAGED_POLICY}_1.html") == 1
        docs = parse_source(source, bundle, settings).documents
    assert len(docs) == 8
    [doc] = [doc for doc in docs if doc.url.endswith(f"content_{PAGED_POLICY}.html")]
    assert doc.metadata["发文字号"] == "清政办发〔2026〕18号"
    assert "四、保障措施" in doc.text and doc.text.endswith("（此件公开发布）")


def test_a_folder_of_exports(data_dir: Path, settings: Settings, tmp_path: Path) -> None:
    """A hotline source's folder is read by each export it holds, whatever form the system wrote:
    an HTML table saved as .htm and JSON lines saved as .json (real letters); a PDF among them that holds
    no letters (a 说明.pdf) is passed over and said, not an error every night."""
    import csv
    import io
    from html import escape

    rows = list(csv.reader(io.StringIO((data_dir / "hotline/tipdm2020c/messages_with_votes.csv")
                                       .read_text(encoding="utf-8"), newline="")))[:6]
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "工单.htm").write_text("<table>" + "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows) + "</table>",
        encoding="utf-8")
    letters = (data_dir / "hotline/hangzhou_liuyan/messages.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    (folder / "留言.json").write_text("\n".join(letters), encoding="utf-8")
    (folder / "说明.pdf").write_bytes((Path(__file__).parent / "fixtures" / "garbled_fonts.pdf").read_bytes())
    source = HotlineSource(name="12345热线", type="hotline", path=str(folder))
    bundle = fetch_source(source, FAST)
    assert sorted(Path(item.url).name for item in bundle.items) == ["工单.htm", "留言.json", "说明.pdf"]
    result = parse_source(source, bundle, settings)
    assert result.errors == [] and len(result.documents) == 8
    assert len(result.passed_over) == 1 and result.passed_over[0].startswith("说明.pdf: ")
    assert {doc.id for doc in result.documents} >= {"188006", "188007"}


def test_a_night_says_when_an_export_has_no_time_column(
    data_dir: Path, settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An API's letters with their time under createTime (a json-lib Date) are dated in the night; an export
    whose time column has a name no export had stores its letters undated, and the night says so in Chinese,
    naming the columns it read. Such letters had gone in undated without a word."""
    import csv
    import io

    letters = [json.loads(line) for line in (data_dir / "hotline/hangzhou_liuyan/messages.jsonl")
               .read_text(encoding="utf-8").splitlines()[:3]]
    for letter in letters:
        letter["createTime"] = {"time": 1546495500000, "timezoneOffset": -480, "year": 119}
        del letter["date"]
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "api.json").write_text(json.dumps({"code": 0, "data": {"list": letters}}, ensure_ascii=False),
                                     encoding="utf-8")
    rows = list(csv.reader(io.StringIO((data_dir / "hotline/tipdm2020c/messages_with_votes.csv")
                                       .read_text(encoding="utf-8"), newline="")))[:4]
    with (folder / "工单.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["工单编号", "派单时间", "诉求内容"], *([row[0], row[3], row[4]] for row in rows[1:])])
    source = HotlineSource(name="12345热线", type="hotline", path=str(folder))
    store = Store(f"sqlite:///{tmp_path}/x.db")
    with caplog.at_level(logging.WARNING, logger="extractors.sources"):
        result = parse_source(source, fetch_source(source, FAST), settings, store=store)
    assert result.errors == [] and result.streamed == 6
    dated = {doc.metadata["file"]: doc.published for doc in store.documents()}
    assert dated == {"api.json": datetime(2019, 1, 3, 14, 5), "工单.csv": None}
    [warning] = [record.getMessage() for record in caplog.records if "时间列" in record.getMessage()]
    assert warning.startswith("工单.csv：没有找到时间列（读到的列：工单编号、诉求内容），这些诉求没有日期")
    store.close()


def test_hotline_exports_by_url(data_dir: Path, settings: Settings, tmp_path: Path) -> None:
    """Exports fetched from a system's address, which names no file type: a 留言板 API's JSON (the
    letters inside {"code": 0, "data": {"list": [...]}}) and an "导出Excel" that is an HTML table. Real
    letters, served over HTTP on 127.0.0.1; each is read by what it is."""
    import csv
    import io
    import json
    from html import escape

    letters = [json.loads(line) for line in
               (data_dir / "hotline/hangzhou_liuyan/messages.jsonl").read_text(encoding="utf-8").splitlines()[:4]]
    api = tmp_path / "letters"
    api.write_text(json.dumps({"code": 0, "msg": "success", "data": {"total": 4, "list": letters}},
                              ensure_ascii=False), encoding="utf-8")
    rows = list(csv.reader(io.StringIO((data_dir / "hotline/tipdm2020c/messages_with_votes.csv")
                                       .read_text(encoding="utf-8"), newline="")))[:6]
    export = tmp_path / "export"
    export.write_bytes(("<html><head><meta charset=gbk></head><body><table>" + "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows)
        + "</table></body></html>").encode("gb18030"))
    login = tmp_path / "login"  # what the export address gives once the system's session has expired
    login.write_text('<html><head><title>统一身份认证</title></head><body><form action="/sso/login">'
                     '<input name="username"><input name="password" type="password"></form></body></html>',
                     encoding="utf-8")
    routes = {"/api/letters.do": api, "/gdgl/export.do": export, "/gdgl/expired.do": login}
    with LocalServer(routes=routes, content_types={"": "application/octet-stream"}) as server:
        for address, expected in ((f"{server.base_url}/api/letters.do?page=1&size=4", [str(x["id"]) for x in letters]),
                                  (f"{server.base_url}/gdgl/export.do?type=xls", [row[0] for row in rows[1:]])):
            source = HotlineSource(name="留言板", type="hotline", url=address, allow_private=True)
            result = parse_source(source, fetch_source(source, FAST), settings)
            assert result.errors == [] and [doc.id for doc in result.documents] == expected
        expired = HotlineSource(name="12345热线", type="hotline", url=f"{server.base_url}/gdgl/expired.do",
                                allow_private=True)
        result = parse_source(expired, fetch_source(expired, FAST), settings)
        assert result.documents == [] and len(result.errors) == 1
        assert "a web page without a table (a login or error page?), not an export" in result.errors[0]


def test_a_folder_of_exports_second_night(settings: Settings, tmp_path: Path) -> None:
    """A hotline folder's Word files and PDFs read on an earlier night (their letters stored, or passed over
    as holding none or as unreadable) are not read again while unchanged: a scanned 转办单's OCR costs
    seconds a page and they pile up in the folder. An export is read every night (rows are added to it),
    and a changed file is read again."""
    letters = Path(__file__).parent / "fixtures" / "letters"
    folder = tmp_path / "12345"
    folder.mkdir()
    (folder / "转办单.docx").write_bytes((letters / "转办单.docx").read_bytes())
    (folder / "说明.pdf").write_bytes((letters / "舆情日报.pdf").read_bytes())  # no letters in it
    (folder / "坏.pdf").write_bytes(b"%PDF-1.4 cut short")
    (folder / "工单.csv").write_text("工单编号,来电时间,诉求内容\nPA1,2026-11-16 09:12,反映路灯不亮。\n", encoding="utf-8")
    store = Store(f"sqlite:///{tmp_path}/x.db")
    source = HotlineSource(name="12345热线", type="hotline", path=str(folder))
    first = parse_source(source, fetch_source(source, FAST, store), settings, store)
    assert first.streamed == 2 and first.errors == [] and len(first.passed_over) == 2  # 说明.pdf, 坏.pdf
    (folder / "坏.pdf").write_bytes((letters / "转办单.pdf").read_bytes())  # mended
    again = fetch_source(source, FAST, store)
    assert again.not_modified == 2 and sorted(Path(item.url).name for item in again.items) == ["坏.pdf", "工单.csv"]
    store.close()


def test_a_folder_second_night(settings: Settings, tmp_path: Path) -> None:
    """A folder's file read on an earlier night, unchanged and its document stored, is not read again (a
    scanned PDF's OCR costs seconds a page; every file had been read every night); a changed file is, and
    so is one that failed, to be read once it can be."""
    from xuanti.demo.content_policy import POLICIES
    from xuanti.settings import FolderSource

    folder = tmp_path / "材料"
    folder.mkdir()
    (folder / "措施.doc").write_bytes((Path(__file__).parent / "fixtures" / "demo_policy.doc").read_bytes())
    (folder / "汇报.txt").write_text("城关镇2026年工作汇报\n新增市场主体1260户。", encoding="utf-8")
    (folder / "空.pdf").write_bytes(b"%PDF-1.4 cut short")
    store = Store(f"sqlite:///{tmp_path}/x.db")
    source = FolderSource(name="本地材料", type="folder", path=str(folder))
    result = parse_source(source, fetch_source(source, FAST, store), settings, store)
    assert sorted(doc.title for doc in result.documents) == sorted([POLICIES[0]["title"], "城关镇2026年工作汇报"])
    assert len(result.errors) == 1 and store.upsert_documents(result.documents) == 2
    (folder / "汇报.txt").write_text("城关镇2026年工作汇报\n新增市场主体1300户。", encoding="utf-8")
    again = fetch_source(source, FAST, store)
    assert again.not_modified == 1 and sorted(Path(item.url).name for item in again.items) == ["汇报.txt", "空.pdf"]
    store.close()
