"""Build the bundled demo site under ``xuanti/demo/site/`` (run once; the output is kept in the repo).

    python -m xuanti.demo.build_demo [OUT_DIR]

Everything here is invented: a fictional 清河县 of a fictional 江州市. The output is deterministic
(fixed seed, no clock), so running the script again gives byte-identical files.

Absolute links are written as ``{{BASE_URL}}/path``; the demo server substitutes its own
``http://127.0.0.1:PORT`` when serving. Links inside the news site are relative.
"""

from __future__ import annotations

import csv
import html
import io
import posixpath
import random
import shutil
import sys
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

if __package__ in (None, ""):  # run as a plain script
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from xuanti.demo.content_feed import ITEMS  # noqa: E402
from xuanti.demo.content_hotline import COLUMNS, build_rows  # noqa: E402
from xuanti.demo.content_news import ARTICLES  # noqa: E402
from xuanti.demo.content_policy import POLICIES  # noqa: E402
from xuanti.demo.content_yuqing import COLUMNS as YUQING_COLUMNS  # noqa: E402
from xuanti.demo.content_yuqing import ROWS as YUQING_ROWS  # noqa: E402
from xuanti.demo.content_yuqing import TITLE as YUQING_TITLE  # noqa: E402

SEED = 20261120
SITE = Path(__file__).resolve().parent / "site"
BASE = "{{BASE_URL}}"
HOTLINE_CSV = "hotline/12345_export_2026-11.csv"
YUQING_XLSX = "yuqing/yuqing_2026-11-20.xlsx"
PER_PAGE = 10
CST = timezone(timedelta(hours=8))

esc = html.escape


def _write(out: Path, rel: str, text: str) -> None:
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))


def _rel(src: str, dst: str) -> str:
    """Relative link from page ``src`` to file ``dst`` (both site-relative posix paths)."""
    return posixpath.relpath(dst, posixpath.dirname(src) or ".")


# ------------------------------------------------------------------------------------------- news

NEWS_CSS = """body{font-family:"Microsoft YaHei",sans-serif;margin:0;color:#333}
.header{background:#b30000;color:#fff;padding:10px 40px}.header a{color:#fff;text-decoration:none}
.nav{list-style:none;margin:0;padding:0}.nav li{display:inline-block;margin-right:24px}
.wrap{width:1000px;margin:0 auto}.breadcrumb{margin:12px 0;color:#666}
.article h1{font-size:26px;text-align:center}.info{text-align:center;color:#888;font-size:13px}
.article-content p{text-indent:2em;line-height:1.9}.related li,.news-list li{line-height:2}
.footer{border-top:2px solid #b30000;margin-top:30px;padding:16px;text-align:center;color:#888;font-size:12px}
"""

NAV_COLUMNS = ["时政要闻", "经济发展", "乡镇动态", "民生关注", "社会法治"]


def _news_header(page: str, column: str | None) -> str:
    home = _rel(page, "news/index.html")
    items = [f'<li><a href="{home}">首页</a></li>']
    items += [f'<li><a href="{home}#{c}">{c}</a></li>' for c in NAV_COLUMNS]
    items.append(f'<li><a href="{_rel(page, "policy/index.html")}">政务公开</a></li>')
    current = "" if column is None else f' &gt; <a href="{home}#{column}">{column}</a> &gt; 正文'
    return f"""<div class="top-bar wrap">欢迎访问清河新闻网 | <a href="{_rel(page, "index.html")}">清河县人民政府门户</a></div>
<div class="header"><div class="wrap"><div class="logo"><a href="{home}">清河新闻网</a> <small>清河县融媒体中心主办</small></div>
<ul class="nav">{"".join(items)}</ul></div></div>
<div class="wrap breadcrumb">当前位置：<a href="{home}">首页</a>{current}</div>"""


NEWS_FOOTER = """<div class="footer">
<p>版权所有 © 2026 清河县融媒体中心　主办：中共清河县委宣传部　承办：清河县融媒体中心</p>
<p>地址：江州市清河县城关镇人民路88号　邮编：000000　新闻热线：0000-7654321</p>
<p>未经授权禁止转载、摘编、复制或建立镜像　<a href="https://www.12377.cn/">违法和不良信息举报</a></p>
</div>"""


def _news_pages(rng: random.Random) -> list[dict]:
    arts = sorted(ARTICLES, key=lambda a: a[0])
    pages, doc_id = [], 684100
    for time, column, source, author, editor, story, title, paras in arts:
        doc_id += rng.randint(3, 47)
        when = datetime.strptime(time, "%Y-%m-%d %H:%M")
        path = f"news/{when:%Y}/{when:%m}/t{when:%Y%m%d}_{doc_id}.html"
        pages.append(dict(time=time, when=when, column=column, source=source, author=author, editor=editor,
                          story=story, title=title, paras=paras, path=path))
    pages.sort(key=lambda p: p["when"], reverse=True)
    return pages


def _related(page: dict, pages: list[dict]) -> list[dict]:
    same = [p for p in pages if p["story"] == page["story"] and p is not page]
    rest = sorted((p for p in pages if p["column"] == page["column"] and p is not page and p not in same),
                  key=lambda p: abs((p["when"] - page["when"]).total_seconds()))
    return (same + rest)[:4]


# One article is written across two pages, as TRS WCM (the CMS of many county sites) pages a long one:
# t…_684xxx.html, then t…_684xxx_1.html, linked by the scripted pager createPageHTML(pages, current,
# name, extension). The nightly crawl follows it and stores the article whole.
PAGED_TITLE = "总投资52亿元！储能电池产业园项目签约落户清河经开区"
PAGED_SPLIT = 3  # paragraphs on the first page
PAGER_SCRIPT = """<script type="text/javascript">
function createPageHTML(pages, current, name, ext) {
  if (pages <= 1) { return; }
  for (var i = 0; i < pages; i++) {
    var href = (i == 0 ? name : name + "_" + i) + "." + ext;
    document.write(i == current ? "<span class='current'>" + (i + 1) + "</span> " : "<a href='" + href + "'>" + (i + 1) + "</a> ");
  }
  if (current + 1 < pages) { document.write("<a href='" + name + "_" + (current + 1) + "." + ext + "'>下一页</a>"); }
}
</script>"""


def _pager(pages: int, current: int, name: str) -> str:
    """The TRS pager of page ``current`` of ``pages`` (none for a document on one page)."""
    if pages <= 1:
        return ""
    return (f'{PAGER_SCRIPT}\n<div class="pages"><script type="text/javascript">createPageHTML({pages}, {current}, '
            f'"{name}", "html")</script></div>\n')


def _paged_parts(page: dict) -> list[tuple[str, list[str]]]:
    """(path, paragraphs) of each page an article is written on: one, or two for ``PAGED_TITLE``."""
    if page["title"] != PAGED_TITLE:
        return [(page["path"], page["paras"])]
    second = page["path"].removesuffix(".html") + "_1.html"
    return [(page["path"], page["paras"][:PAGED_SPLIT]), (second, page["paras"][PAGED_SPLIT:])]


def _news_article(page: dict, pages: list[dict], part: int = 0) -> str:
    parts = _paged_parts(page)
    path, paras = parts[part]
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paras)
    pager = _pager(len(parts), part, posixpath.basename(page["path"]).removesuffix(".html"))
    related = "\n".join(
        f'<li><a href="{_rel(path, r["path"])}" target="_blank">{esc(r["title"])}</a><span>{r["when"]:%Y-%m-%d}</span></li>'
        for r in _related(page, pages))
    desc = esc(page["paras"][0][:70])
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{esc(page["title"])}_清河新闻网</title>
<meta name="keywords" content="清河,{page["column"]}">
<meta name="description" content="{desc}">
<meta name="ArticleTitle" content="{esc(page["title"])}">
<meta name="PubDate" content="{page["time"]}">
<meta name="ContentSource" content="{page["source"]}">
<meta name="ColumnName" content="{page["column"]}">
<link rel="canonical" href="{BASE}/{path}">
<link rel="stylesheet" href="{_rel(path, "news/css/style.css")}">
</head>
<body>
{_news_header(path, page["column"])}
<div class="wrap article">
<h1>{esc(page["title"])}</h1>
<div class="info"><span>来源：{page["source"]}</span>&nbsp;&nbsp;<span>发布时间：{page["time"]}</span>&nbsp;&nbsp;<span>作者：{page["author"]}</span>&nbsp;&nbsp;<span>【字体：<a href="javascript:void(0);">大</a> <a href="javascript:void(0);">中</a> <a href="javascript:void(0);">小</a>】</span></div>
<div class="article-content">
{body}
</div>
{pager}<div class="editor">责任编辑：{page["editor"]}</div>
<div class="share">扫一扫分享到手机：<span class="qrcode"></span> <a href="javascript:void(0);" class="wechat">微信</a> <a href="javascript:void(0);" class="weibo">微博</a>
<a href="javascript:window.print();">【打印本页】</a> <a href="javascript:window.close();">【关闭窗口】</a></div>
<div class="related"><h3>相关阅读</h3><ul>
{related}
</ul></div>
</div>
{NEWS_FOOTER}
</body>
</html>
"""


def _news_index(n: int, total: int, chunk: list[dict], pages: list[dict]) -> str:
    name = "news/index.html" if n == 1 else f"news/index_{n}.html"

    def page_file(k: int) -> str:
        return "index.html" if k == 1 else f"index_{k}.html"

    items = "\n".join(
        f'<li><span class="date">{p["when"]:%Y-%m-%d}</span><a href="{_rel(name, p["path"])}" title="{esc(p["title"])}" target="_blank">{esc(p["title"])}</a></li>'
        for p in chunk)
    nav = [f'<a href="{page_file(1)}">首页</a>']
    if n > 1:
        nav.append(f'<a href="{page_file(n - 1)}">上一页</a>')
    nav += [f'<span class="current">{k}</span>' if k == n else f'<a href="{page_file(k)}">{k}</a>' for k in range(1, total + 1)]
    if n < total:
        nav.append(f'<a href="{page_file(n + 1)}" class="next">下一页</a>')
    nav.append(f'<a href="{page_file(total)}">尾页</a>')
    hot = "\n".join(f'<li><a href="{_rel(name, p["path"])}">{esc(p["title"])}</a></li>' for p in pages[:5])
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>新闻中心_清河新闻网</title>
<link rel="stylesheet" href="css/style.css">
</head>
<body>
{_news_header(name, None)}
<div class="wrap">
<div class="main-list">
<h2 class="column-title">新闻中心</h2>
<ul class="news-list">
{items}
</ul>
<div class="pages">{" ".join(nav)} <span>共{total}页</span></div>
</div>
<div class="sidebar"><h3>热门文章</h3><ol class="hot-list">
{hot}
</ol></div>
</div>
{NEWS_FOOTER}
</body>
</html>
"""


def build_news(out: Path, rng: random.Random) -> int:
    pages = _news_pages(rng)
    _write(out, "news/css/style.css", NEWS_CSS)
    for p in pages:
        for part, (path, _) in enumerate(_paged_parts(p)):
            _write(out, path, _news_article(p, pages, part))
    chunks = [pages[i:i + PER_PAGE] for i in range(0, len(pages), PER_PAGE)]
    for n, chunk in enumerate(chunks, 1):
        name = "news/index.html" if n == 1 else f"news/index_{n}.html"
        _write(out, name, _news_index(n, len(chunks), chunk, pages))
    return len(pages)


# ------------------------------------------------------------------------------------------- feed


def _rfc822(time: str) -> str:
    return format_datetime(datetime.strptime(time, "%Y-%m-%d %H:%M").replace(tzinfo=CST))


def _feed_article(item: tuple) -> str:
    time, slug, category, author, title, _summary_only, _summary, paras = item
    body = "\n".join(f"<p>{esc(p)}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{esc(title)} - 江州新闻网</title>
<meta name="publishdate" content="{time}">
</head>
<body>
<div id="topnav"><a href="../index.html">江州新闻网</a> | <a href="../index.html">江州日报</a> | <a href="../rss.xml">RSS订阅</a></div>
<div class="main">
<div class="position">您现在的位置：<a href="../index.html">江州新闻网</a> &gt; {category}</div>
<h2 class="title">{esc(title)}</h2>
<div class="meta">{time}　来源：江州日报　{esc(author)}</div>
<div id="ozoom">
{body}
</div>
<div class="bianji">（编辑：江州日报全媒体编辑部）</div>
<div class="share">分享到：<a href="javascript:void(0);">微信</a> <a href="javascript:void(0);">微博</a></div>
</div>
<div class="foot">江州日报社 版权所有　本网所有新闻未经授权不得转载</div>
</body>
</html>
"""


def build_feed(out: Path) -> int:
    items_xml, links = [], []
    for item in sorted(ITEMS, key=lambda i: i[0], reverse=True):
        time, slug, category, author, title, summary_only, summary, paras = item
        rel = f"feed/articles/{slug}.html"
        _write(out, rel, _feed_article(item))
        links.append(f'<li><a href="articles/{slug}.html">{esc(title)}</a> <span>{time[:10]}</span></li>')
        if summary_only:
            desc = esc(summary)
        else:
            desc = "<![CDATA[" + "".join(f"<p>{esc(p)}</p>" for p in paras) + "]]>"
        items_xml.append(f"""    <item>
      <title>{esc(title)}</title>
      <link>{BASE}/{rel}</link>
      <guid isPermaLink="true">{BASE}/{rel}</guid>
      <category>{category}</category>
      <author>jzrb@jiangzhou.example ({esc(author)})</author>
      <pubDate>{_rfc822(time)}</pubDate>
      <description>{desc}</description>
    </item>""")
    last = _rfc822(max(i[0] for i in ITEMS))
    rss = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>江州日报·江州新闻网</title>
    <link>{BASE}/feed/index.html</link>
    <description>江州日报社主办的江州新闻网最新稿件</description>
    <language>zh-cn</language>
    <copyright>江州日报社 版权所有</copyright>
    <lastBuildDate>{last}</lastBuildDate>
    <ttl>60</ttl>
{chr(10).join(items_xml)}
  </channel>
</rss>
"""
    _write(out, "feed/rss.xml", rss)
    _write(out, "feed/index.html", f"""<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>江州新闻网</title></head>
<body>
<h1>江州新闻网</h1>
<p><a href="rss.xml">RSS订阅</a></p>
<ul class="list">
{chr(10).join(links)}
</ul>
</body>
</html>
""")
    return len(ITEMS)


# ----------------------------------------------------------------------------------------- policy


# The longest policy document is paged too, its last two sections and the signature on page 2.
PAGED_POLICY = 4821


def _policy_parts(doc: dict) -> list[str]:
    """The HTML paragraphs of each page a policy document is written on (one, or two)."""
    paras = [f"<p>{esc(line)}</p>" for line in doc["intro"].split("\n")]
    breaks = []
    for number, (heading, body) in enumerate(doc["sections"]):
        if doc["n"] == PAGED_POLICY and number == 2:
            breaks.append(len(paras))
        paras.append(f'<p><strong>{esc(heading)}</strong></p>')
        paras += [f"<p>{esc(line)}</p>" for line in body]
    paras.append(f'<p style="text-align:right">{esc(doc["agency"])}</p>')
    paras.append(f'<p style="text-align:right">{doc["written"]}</p>')
    if doc["doc_no"]:
        paras.append("<p>（此件公开发布）</p>")
    edges = [0, *breaks, len(paras)]
    return ["\n".join(paras[start:end]) for start, end in zip(edges, edges[1:], strict=False)]


def _policy_page(doc: dict, part: int = 0) -> str:
    parts = _policy_parts(doc)
    content = parts[part]
    pager = _pager(len(parts), part, f"content_{doc['n']}")
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{esc(doc["title"])}_政策文件_清河县人民政府</title>
<meta name="SiteName" content="清河县人民政府">
<meta name="ArticleTitle" content="{esc(doc["title"])}">
<meta name="PubDate" content="{doc["published"]}">
</head>
<body>
<div class="header"><a href="../index.html">清河县人民政府</a> | <a href="index.html">政府信息公开</a></div>
<div class="BreadcrumbNav">当前位置：<a href="../index.html">首页</a> &gt; <a href="index.html">政策文件</a></div>
<div class="xxgk_table">
<table class="table_suoyin" border="1" cellspacing="0" cellpadding="0">
<tbody>
<tr><td class="lbl">索引号：</td><td>{doc["index_no"]}</td><td class="lbl">主题分类：</td><td>{esc(doc["topic"])}</td></tr>
<tr><td class="lbl">发文机关：</td><td>{esc(doc["agency"])}</td><td class="lbl">成文日期：</td><td>{doc["written"]}</td></tr>
<tr><td class="lbl">标题：</td><td colspan="3">{esc(doc["title"])}</td></tr>
<tr><td class="lbl">发文字号：</td><td>{doc["doc_no"]}</td><td class="lbl">发布日期：</td><td>{doc["published"]}</td></tr>
</tbody>
</table>
</div>
<div class="article">
<h1 class="article-title">{esc(doc["title"])}</h1>
<div class="pages_content" id="UCAP-CONTENT">
{content}
</div>
{pager}</div>
<div class="print"><a href="javascript:window.print();">打印本页</a> <a href="javascript:window.close();">关闭窗口</a></div>
<div class="footer">主办：清河县人民政府办公室　承办：清河县大数据发展中心　网站标识码：0000000000</div>
</body>
</html>
"""


def build_policy(out: Path) -> int:
    docs = sorted(POLICIES, key=lambda d: datetime.strptime(d["published"], "%Y年%m月%d日"), reverse=True)
    rows = []
    for doc in docs:
        for part in range(len(_policy_parts(doc))):
            suffix = f"_{part}" if part else ""
            _write(out, f"policy/content_{doc['n']}{suffix}.html", _policy_page(doc, part))
        date = datetime.strptime(doc["published"], "%Y年%m月%d日")
        rows.append(f'<li><a href="content_{doc["n"]}.html" title="{esc(doc["title"])}">{esc(doc["title"])}</a>'
                    f'<span class="wh">{doc["doc_no"]}</span><span class="date">{date:%Y-%m-%d}</span></li>')
    _write(out, "policy/index.html", f"""<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>政策文件_清河县人民政府</title></head>
<body>
<div class="header"><a href="../index.html">清河县人民政府</a> | 政府信息公开</div>
<div class="BreadcrumbNav">当前位置：<a href="../index.html">首页</a> &gt; 政策文件</div>
<div class="list">
<ul>
{chr(10).join(rows)}
</ul>
<div class="page">共{len(rows)}条 1/1页</div>
</div>
<div class="footer">主办：清河县人民政府办公室</div>
</body>
</html>
""")
    return len(docs)


# ---------------------------------------------------------------------------------------- hotline


def build_hotline(out: Path, rng: random.Random) -> int:
    rows = build_rows(rng)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    path = out / HOTLINE_CSV
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    return len(rows)


# ------------------------------------------------------------------------------------------ 舆情


def _fixed_zip(data: bytes, when: tuple[int, int, int, int, int, int]) -> bytes:
    """The same zip with every member dated ``when``, and a workbook's modified time (which openpyxl sets
    to the clock when saving) ``when`` too: a workbook saved twice is then the same bytes."""
    import re
    import zipfile

    stamp = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*when).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            target.writestr(zipfile.ZipInfo(info.filename, date_time=when), content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def build_yuqing(out: Path) -> int:
    """The 舆情 service's daily sheet: its title merged above the header, as such sheets come."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "舆情日报"
    sheet.append([YUQING_TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(YUQING_COLUMNS))
    sheet.append(YUQING_COLUMNS)
    for number, (time, outlet, tone, likes, reposts, comments, link, title, summary) in enumerate(YUQING_ROWS, 1):
        sheet.append([number, title, outlet, time, summary, link, tone, likes, reposts, comments])
    for column, width in zip("ABCDEFGHIJ", (6, 44, 18, 17, 80, 40, 10, 8, 8, 8), strict=True):
        sheet.column_dimensions[column].width = width
    book.properties.created = datetime(2026, 11, 20, 8, 0)
    buffer = io.BytesIO()
    book.save(buffer)
    path = out / YUQING_XLSX
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_fixed_zip(buffer.getvalue(), (2026, 11, 20, 8, 0, 0)))
    return len(YUQING_ROWS)


# ------------------------------------------------------------------------------------------- root


ROOT_INDEX = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>清河县人民政府（演示站点）</title></head>
<body>
<h1>清河县人民政府（演示站点）</h1>
<p>本站点内容均为虚构，仅用于选题工具演示。</p>
<ul>
<li><a href="news/index.html">清河新闻网</a></li>
<li><a href="policy/index.html">政策文件</a></li>
<li><a href="feed/index.html">江州新闻网</a>（<a href="feed/rss.xml">RSS</a>）</li>
<li><a href="hotline/12345_export_2026-11.csv">12345热线工单导出（2026年11月）</a></li>
<li><a href="yuqing/yuqing_2026-11-20.xlsx">网络舆情日报（2026年11月20日）</a></li>
</ul>
</body>
</html>
"""


def build(out: Path = SITE) -> dict[str, int]:
    """(Re)build the whole demo site into ``out`` and return counts per part."""
    rng = random.Random(SEED)
    for part in ("news", "feed", "policy", "hotline", "yuqing"):
        shutil.rmtree(out / part, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    _write(out, "robots.txt", "User-agent: *\nAllow: /\n")
    _write(out, "index.html", ROOT_INDEX)
    return {
        "news": build_news(out, rng),
        "feed": build_feed(out),
        "policy": build_policy(out),
        "hotline_rows": build_hotline(out, rng),
        "yuqing_rows": build_yuqing(out),
    }


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else SITE
    counts = build(out)
    print(f"demo site written to {out}: {counts}")


if __name__ == "__main__":
    main()
