"""The ``xuanti`` command line: one parser, subcommands, one clear line and exit code 2 on bad input."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from importlib import import_module
from pathlib import Path
from typing import Any

from xuanti import __version__
from xuanti.cli_common import (
    Handler,
    Parser,
    UsageError,
    open_store,
    settings_for,
    setup_logging,
)
from xuanti.paths import DEMO_CONFIG, home_dir

log = logging.getLogger("xuanti")

DEMO_DATE = "2026-11-20"
DEMO_SITE = Path(__file__).resolve().parent / "demo" / "site"


def build_parser() -> Parser:
    parser = Parser(prog="xuanti", description="选题：夜间读取新闻、政策与12345热线，为信息科推荐选题。")
    parser.add_argument("--version", action="version", version=f"xuanti {__version__}")
    parser.add_argument("--home", help="data folder (default: $XUANTI_HOME or ~/.xuanti)")
    parser.add_argument("-q", "--quiet", action="store_true", help="only print results and errors")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser, metavar="COMMAND")

    demo = sub.add_parser("demo", help="serve the bundled demo on 127.0.0.1 and run the nightly job on it")
    demo.add_argument("--port", type=int, default=0, help="port for the demo site (default: any free port)")
    demo.add_argument("--top", type=int, default=15, help="how many topics to print")

    run = sub.add_parser("run", help="run the nightly job once")
    run.add_argument("--config", help="TOML file overriding configs/default.toml")
    run.add_argument("--date", help="the night to process, YYYY-MM-DD (default: now)")
    run.add_argument("--top", type=int, default=20, help="how many topics to print")
    run.add_argument("--reanalyse", action="store_true",
                     help="analyse the documents of the last [analysis].window_days days again with the current "
                          "models (after an upgrade or xuanti train); their topics stay")

    topics = sub.add_parser("topics", help="print the ranked topics of the latest (or a given) night")
    topics.add_argument("--format", choices=["table", "csv", "json"], default="table")
    topics.add_argument("--date", help="latest ranking on or before YYYY-MM-DD")
    topics.add_argument("--limit", type=int, default=0, help="at most this many (0: all)")
    topics.add_argument("--config", help="config file (for the store URL)")

    extract = sub.add_parser("extract", help="print the documents extracted from a file or URL as JSON lines")
    extract.add_argument("target", help="a local file or an http(s) URL")
    extract.add_argument("--kind", choices=["page", "policy", "feed", "hotline", "articles", "file", "index"],
                         default="",
                         help="default: by what the target is, and said (a workbook, CSV or JSON of rows a hotline "
                              "export, or articles when headed as a 舆情 sheet, or policy when a list of policy "
                              "documents; a document (DOCX, PDF, DOC, OFD, RTF, ODT, PPTX, PPT, TXT) or a ZIP of "
                              "them a file; a feed a feed; else a page). articles: an export of articles, one a "
                              "row (a 舆情 sheet); policy: a policy portal's page, or a sheet of policy documents; "
                              "index: the article links a site source would follow from this index page, with "
                              "their text and listed date, then its next page")
    extract.add_argument("--url", default="", help="the page's original URL (for links and dates)")
    extract.add_argument("--link-pattern", default="", help="with --kind index: the source's link_pattern "
                                                            "(default: the links that read as headlines)")
    extract.add_argument("--config", help="config file (hotline column synonyms, fetch settings)")

    imp = sub.add_parser("import", help="import a local hotline export, export of articles or document into the store")
    imp.add_argument("file", help="CSV/XLSX/XLS/ET/ODS export, or a DOCX/PDF/DOC/TXT… document, or a ZIP/RAR/7z of "
                                  "either; or a folder of them")
    imp.add_argument("--kind", choices=["hotline", "articles", "policy", "file"], default="",
                     help="hotline: a 12345 export; articles: an export of news articles, one a row (a 舆情 "
                          "sheet); policy: the same of policy documents; file: a document. Default: file for "
                          "a document (DOCX, PDF, DOC, OFD, RTF, ODT, PPTX, PPT, TXT), a ZIP of them or a folder "
                          "holding only such (but hotline for a 12345 转办单 in Word, or a folder of them: "
                          "工单编号 | …, 诉求内容 | …; a Word table of letters with --kind hotline), "
                          "articles for a sheet headed as one (来源, 正文, 情感倾向…), policy "
                          "for one listing policy documents (文号, 效力状态, or titles such as …的通知), hotline "
                          "for anything else; the choice is said")
    imp.add_argument("--source", default="", help="source name (default: 12345热线 for hotline, 舆情 for "
                                                  "articles, 政策文件 for policy, 本地材料 for files)")
    imp.add_argument("--config", help="config file (store URL, column synonyms)")

    for module in EXTENSIONS:
        COMMANDS.update(import_module(module).register(sub))
    return parser


# -- commands --------------------------------------------------------------------------------------
def _run_nightly(config: str | None, home: Path, date: str | None, reanalyse: bool = False) -> dict[str, Any]:
    from xuanti.prefect_env import configure_prefect

    configure_prefect(home)
    from flows.nightly import nightly
    from xuanti.prefect_env import quiet_expected_tracebacks

    quiet_expected_tracebacks()
    return nightly(config=config, home=str(home), date=date, reanalyse=reanalyse)


def _print_topics(store: Any, top: int, night: Any = None) -> None:
    """The ranked list of ``night`` (default: the latest): a rerun of an earlier night shows that night's."""
    from xuanti.export import console_table

    console_table(store.topics(ranked_on=night), limit=top)


def cmd_demo(args: argparse.Namespace, home: Path) -> int:
    from xuanti.localserver import LocalServer

    demo_home = home / "demo"
    demo_home.mkdir(parents=True, exist_ok=True)
    previous = os.environ.get("XUANTI_DEMO_URL")
    with LocalServer(root=DEMO_SITE, port=args.port, substitute={}) as server:
        os.environ["XUANTI_DEMO_URL"] = server.base_url
        log.info("演示网站已在 %s 启动（新闻网站、RSS、政策文件、12345热线导出、舆情日报）", server.base_url)
        try:
            result = _run_nightly(str(DEMO_CONFIG), demo_home, DEMO_DATE)
        finally:
            if previous is None:
                os.environ.pop("XUANTI_DEMO_URL", None)
            else:
                os.environ["XUANTI_DEMO_URL"] = previous
    settings = settings_for(str(DEMO_CONFIG))
    store = open_store(settings, demo_home)
    _print_topics(store, args.top, result.get("night"))
    print(f"\n结果文件 (outputs): {demo_home / 'output'}")
    for kind, path in sorted(result["outputs"].items()):
        print(f"  {kind:5s} {path}")
    print(f"数据库 (store): {result['store']}")
    return 0


def cmd_run(args: argparse.Namespace, home: Path) -> int:
    settings = settings_for(args.config)  # fail fast on a bad config, before Prefect starts
    result = _run_nightly(args.config, home, args.date, args.reanalyse)
    _print_topics(open_store(settings, home), args.top, result.get("night"))
    for kind, path in sorted(result["outputs"].items()):
        print(f"  {kind:5s} {path}")
    if result["status"] != "ok":
        log.warning("部分来源出错（见上方提示），其余来源照常处理；xuanti runs 可查看每条错误。")
    return 0 if result["status"] == "ok" else 1


def cmd_topics(args: argparse.Namespace, home: Path) -> int:
    from datetime import datetime, timedelta

    from xuanti.export import console_table, csv_text, topic_json

    store = open_store(settings_for(args.config), home)
    ranked_on = None
    if args.date:
        try:
            day = datetime.strptime(args.date, "%Y-%m-%d")
        except ValueError:
            raise UsageError(f"--date {args.date!r}: expected YYYY-MM-DD") from None
        ranked_on = store.latest_ranking(until=day + timedelta(days=1))
        if ranked_on is None:
            raise UsageError(f"no ranking on or before {args.date}")
    topics = store.topics(ranked_on=ranked_on, limit=args.limit or None)
    if args.format == "json":
        json.dump([topic_json(t) for t in topics], sys.stdout, ensure_ascii=False, indent=1)
        print()
    elif args.format == "csv":
        sys.stdout.write(csv_text(topics))
    else:
        night = ranked_on or store.latest_ranking()
        # Which night: a night with no topics stores none, so the list shown may be an earlier night's.
        console_table(topics, limit=args.limit or len(topics) or 1,
                      title=f"{night:%Y-%m-%d} 选题" if night else "选题")
        if not topics:
            print("还没有排序结果：请先运行 xuanti run。" if night is None else
                  f"{night:%Y-%m-%d} 的夜间任务没有选题：xuanti runs 可查看该次任务的提示和错误。", file=sys.stderr)
    return 0


def _read_target(
    target: str, config: str | None, later: list[tuple[bytes, str]] | None = None
) -> tuple[bytes, str]:
    """Bytes of a local file or an http(s) URL (fetched with the polite fetcher), and a charset hint.

    With ``later`` (a list), a paged article's later pages are fetched too, as the nightly crawl
    fetches them, and appended to it as (bytes, charset); a page that fails is said on stderr."""
    if target.startswith(("http://", "https://")):
        from extractors import FetchError
        from extractors.fetch import Fetcher
        from extractors.sources import later_pages

        fetcher = Fetcher(settings_for(config).fetch, allow_private=True)
        try:
            response = fetcher.get(target)
            if later is not None:
                pages, errors = later_pages(fetcher, target, response)
                later.extend((content, _charset(content_type)) for _, content, content_type in pages)
                for line in errors:
                    print(f"skipped: {line}", file=sys.stderr)
        except FetchError as exc:
            raise UsageError(str(exc)) from None
        finally:
            fetcher.close()
        return response.content, _charset(response.content_type)
    path = Path(target)
    if not path.is_file():
        raise UsageError(f"{target}: file not found")
    return path.read_bytes(), ""


def _charset(content_type: str) -> str:
    return content_type.partition("charset=")[2].strip().strip('"')


# What ``xuanti extract`` says on standard error of a kind it chose, so a wrong guess is seen at once.
_KIND_NOTES = {"hotline": "a 12345 export; --kind articles reads a sheet of articles",
               "articles": "an export of articles, by its columns; --kind hotline reads it as letters",
               "policy": "a list of policy documents, by its columns or titles; --kind articles reads it as news",
               "file": "a document", "feed": "a feed"}
# What a Word file read as letters is said to be (a 转办单's fields, a letter a file).
_WORD_LETTERS_NOTE = "12345 letters written as forms, 工单编号, 诉求内容…; --kind file reads each as a document"


# Columns only a list of policy documents has: a 舆情 sheet or a 12345 export names none of them.
POLICY_COLUMNS = ("文号", "发文字号", "发文机关", "成文日期", "发文日期", "印发日期", "效力状态", "时效性", "施行日期",
                  "实施日期", "废止日期", "索引号")
# A 公文's title ends with its 文种 (GB/T 9704's, and a regulation's own), before a （试行） or （征求意见稿）.
_DOCUMENT_TITLE = re.compile(
    r"(?:决议|决定|命令|令|公报|公告|通告|意见|通知|通报|报告|请示|批复|复函|议案|函|纪要|条例|规定|办法|细则|规则|"
    r"方案|规划|纲要|指引|指南|措施|标准|目录|法)(?:[(（][^()（）]{1,12}[)）])?[”」』]?$")


def _word_table_note(data: bytes, name: str, kind: str, settings: Any) -> str:
    """For a Word file or PDF read as a document that holds a list of letters or articles (a 12345 周报's
    table of letters; a 舆情日报's table, or its blocks of a headline and 来源：…　发布时间：…): "; it holds a
    list of …: --kind … reads them"; else ""."""
    from extractors import ExtractionError
    from extractors.articles import article_columns
    from extractors.files import document_type, pdf_first_pages
    from extractors.hotline import match_header, table_rows

    document = document_type(data, name) if kind == "file" else ""
    if document not in ("DOCX", "DOC", "ODT", "RTF", "PDF"):
        return ""
    if document == "PDF":  # what its first pages hold: a long report's table or blocks begin there
        first = pdf_first_pages(data, 3)
        if first is None:  # a scan: no list to tell without OCR, which reading it does once
            return ""
        data = first
    articles = article_columns(settings.articles.columns, {})
    # Its table's rows or its blocks of fields as rows; else its forms of a letter's fields (a 转办单).
    for columns, as_articles in ((articles, True), (settings.hotline.columns, False)):
        try:
            header, below = _header_and_below(iter(table_rows(data, name, columns=columns, articles=as_articles)))
        except ExtractionError:
            continue
        if "text" in match_header(header, settings.hotline.columns) or {"title", "origin"} <= match_header(
                header, articles).keys():
            break
    else:
        return ""
    found = _header_kind(header, below, settings)
    what = {"hotline": "letters", "articles": "articles", "policy": "policy documents"}[found]
    return f"; it holds a list of {what}: --kind {found} reads them"


def sheet_kind(data: bytes | Path, name: str, settings: Any) -> str:
    """"articles" for a sheet whose header names more columns only an export of articles has (来源,
    正文, 情感倾向, 转发数, 链接…) than columns only a hotline export has (工单编号, 诉求内容, 来电时间…),
    "policy" for such a sheet that is a list of policy documents (a column such as 文号 or 效力状态, or
    most of its titles a 公文's: …的通知, …管理办法), else "hotline": a 舆情 sheet imported as letters would
    be read by the hotline's models, and a policy list read as news would not count as policy."""
    from extractors import ExtractionError
    from extractors.hotline import sheet_names, table_rows

    header: list[Any] = []
    below: list[list[Any]] = []
    try:
        # The first sheet with a header: a workbook may open with a 说明 sheet of one line.
        for sheet in sheet_names(data) or [""]:
            header, below = _header_and_below(iter(table_rows(data, name, sheet)))
            if header:
                break
    except ExtractionError:
        return "hotline"  # its reader names what is wrong with it
    return _header_kind(header, below, settings)


def _header_and_below(rows: Iterator[list[Any]]) -> tuple[list[Any], list[list[Any]]]:
    """A table's header (its first row of two cells or more, within 20) and up to 40 rows below it."""
    head = [row for _, row in zip(range(20), rows, strict=False)]
    at = next((index for index, row in enumerate(head) if sum(bool(str(cell or "").strip()) for cell in row) > 1),
              len(head))
    if at == len(head):
        return [], []
    return head[at], [*head[at + 1:], *(row for _, row in zip(range(40), rows, strict=False))][:40]


def _header_kind(header: list[Any], below: list[list[Any]], settings: Any) -> str:
    """``sheet_kind``'s choice for a table of this header and these rows."""
    from extractors.articles import article_columns
    from extractors.hotline import match_header, normalize_header

    def names(columns: dict[str, list[str]]) -> set[str]:
        return {normalize_header(synonym) for field, synonyms in columns.items() for synonym in [field, *synonyms]}

    hotline, articles = names(settings.hotline.columns), names(settings.articles.columns)
    present = {normalize_header(cell) for cell in header} - {""}
    policy = len(present & {normalize_header(column) for column in POLICY_COLUMNS})
    if len(present & (articles - hotline)) + policy <= len(present & (hotline - articles)):
        return "hotline"
    if policy:
        return "policy"
    title_at = match_header(header, article_columns(settings.articles.columns, {})).get("title")
    titles = [str(row[title_at] or "").strip() for row in below if title_at is not None and title_at < len(row)]
    titles = [title for title in titles if title]
    documents = sum(bool(_DOCUMENT_TITLE.search(title)) for title in titles)
    return "policy" if len(titles) >= 5 and documents * 2 >= len(titles) else "articles"


def html_export_kind(data: bytes | Path, name: str, settings: Any) -> str:
    """"hotline" or "articles" for an HTML file that is an export (a table, near its top a row naming
    an export's text column and another of its columns), "" for a web page: some systems export letters
    as an HTML table, and an editor saves an article page with Ctrl+S under the same .html."""
    from extractors import ExtractionError
    from extractors.articles import article_columns
    from extractors.hotline import match_header, table_rows

    try:
        rows = list(zip(range(30), table_rows(data, name), strict=False))
    except ExtractionError:
        return ""  # no table at all: a page
    for _, row in rows:
        for kind, columns in (("hotline", settings.hotline.columns),
                              ("articles", article_columns(settings.articles.columns, {}))):
            mapping = match_header(row, columns)
            if "text" in mapping and len(mapping) >= 2:
                return sheet_kind(data, name, settings) if kind == "hotline" else kind
    return ""


def _is_sheet(data: bytes, name: str) -> bool:
    """A workbook or a CSV/TSV, by its name or (a workbook) its bytes."""
    from extractors.files import TABLE_SUFFIXES, file_kind

    return Path(name).suffix.lower() in TABLE_SUFFIXES or file_kind(data) in ("XLSX", "XLS", "ODS")


def _names_export_columns(line: bytes, settings: Any) -> bool:
    """Whether a text file's first line names an export's text column and another of its columns."""
    from extractors.articles import article_columns
    from extractors.files import read_text_file
    from extractors.hotline import match_header

    cells = re.split(r"[\t,，|;]", read_text_file(line).strip())
    return any("text" in (found := match_header(cells, columns)) and len(found) >= 2
               for columns in (settings.hotline.columns, article_columns(settings.articles.columns, {})))


def _archive_kind(data: bytes, name: str, settings: Any) -> str:
    """"file" for an archive of documents, else the kind of the first export in it."""
    from extractors import ExtractionError
    from extractors.files import TABLE_SUFFIXES
    from extractors.sources import archive_exports

    try:
        exports, documents = archive_exports(data, name)
    except ExtractionError:
        return "file"  # its reader names what is wrong with it
    if len(exports) <= len(documents):
        return "file"
    member, content = exports[0]
    sheet = Path(member).suffix.lower() in TABLE_SUFFIXES
    return sheet_kind(content, member, settings) if sheet and settings is not None else "hotline"


def kind_of_target(data: bytes, target: str, settings: Any = None) -> str:
    """The ``--kind`` a file or a fetched body reads as when none is given: a workbook, CSV/TSV, JSON
    or tab-separated text of rows is a hotline export, or an export of articles by its header
    or of policy documents by its header or titles (``sheet_kind``, with ``settings``); a document
    (``DOCUMENT_READERS``: DOCX, PDF, DOC, OFD, RTF, ODT, slides), an archive of them or plain text a file; an
    RSS, Atom or JSON feed a feed; an HTML table headed as an export an export; anything else a page."""
    from extractors.feed import looks_like_feed
    from extractors.files import ARCHIVE_KINDS, DOCUMENT_READERS, TEXT_DOCUMENT_SUFFIXES, document_type
    from extractors.hotline import looks_like_json, word_is_letters
    from extractors.ocr import PICTURE_KINDS

    name = target.split("?", 1)[0].split("#", 1)[0]
    suffix = Path(name).suffix.lower()
    if _is_sheet(data, name):
        return sheet_kind(data, name, settings) if settings is not None else "hotline"
    if (found := document_type(data, name)) in (*DOCUMENT_READERS, *PICTURE_KINDS):  # a screenshot too, by OCR
        # A 12345 centre's 转办单 in Word is a letter, its fields read as an export's columns.
        if found in ("DOCX", "DOC") and settings is not None and word_is_letters(data, name, settings.hotline.columns):
            return "hotline"
        return "file"
    if found in ARCHIVE_KINDS:  # documents packed together, or exports
        return _archive_kind(data, name, settings)
    if looks_like_feed(data):
        return "feed"
    # A 留言板 API's page of letters comes from an address without a .json name (list.do?page=1).
    if suffix in (".json", ".jsonl", ".ndjson") or looks_like_json(data):
        return "hotline"
    if suffix in TEXT_DOCUMENT_SUFFIXES:
        # Many systems write an export as tab- or comma-separated text named .txt: its first line names
        # columns, tab-separated, or an export's own (工单编号,来电时间,诉求内容).
        first = data[:4096].split(b"\n", 1)[0]
        if first.count(b"\t") >= 2 or settings is not None and _names_export_columns(first, settings):
            return sheet_kind(data, name, settings) if settings is not None else "hotline"
        return "file"
    if settings is not None and suffix in (".htm", ".html", ".xml"):
        return html_export_kind(data, name, settings) or "page"
    return "page"


def cmd_extract(args: argparse.Namespace, home: Path) -> int:
    from extractors import ExtractionError
    from extractors.feed import parse_feed
    from extractors.files import ARCHIVE_KINDS, document_type
    from extractors.hotline import HotlineReport, iter_hotline
    from extractors.page import extract_article
    from extractors.policy import extract_policy
    from extractors.sources import archive_exports, read_archive_documents, read_file_document

    later: list[tuple[bytes, str]] = []
    # A paged article's later pages are fetched as the crawl fetches them; a body of another kind has none.
    data, charset = _read_target(args.target, args.config, later if args.kind in ("", "page", "policy") else None)
    if not args.kind:
        args.kind = kind_of_target(data, args.target, settings_for(args.config))
        if args.kind != "page":
            note = _word_table_note(data, args.target, args.kind, settings_for(args.config))
            print(f"read as --kind {args.kind} ({_KIND_NOTES[args.kind]}{note})", file=sys.stderr)
    url = args.url or (args.target if "://" in args.target else Path(args.target).resolve().as_uri())
    if args.kind == "index":
        return _print_index_links(data, charset, url, args.link_pattern)
    source = "extract"
    errors: list[str] = []
    try:
        if args.kind == "page":
            docs = [extract_article(data, url, source, declared_charset=charset or None,
                                    continued=[(more, more_charset or "") for more, more_charset in later])]
        elif args.kind == "policy" and not _is_sheet(data, args.target):  # a sheet is read below
            docs = [extract_policy(data, url, source, declared_charset=charset or None,
                                   continued=[(more, more_charset or "") for more, more_charset in later])]
        elif args.kind == "feed":
            docs = parse_feed(data, url, source)
        elif args.kind == "hotline":
            hotline = settings_for(args.config).hotline
            report = HotlineReport()
            # A ZIP of exports (a month's daily exports packed together): each export in it.
            parts = (archive_exports(data, args.target)[0] if document_type(data, args.target) in ARCHIVE_KINDS
                     else [(args.target, data)])
            docs = [doc for member, content in parts
                    for doc in iter_hotline(content, member, source, hotline.columns, drop=hotline.drop_columns,
                                            report=report)]
            errors = report.errors
            if line := report.columns_line(hotline.drop_columns):
                print(f"columns: {line}", file=sys.stderr)
            if report.skipped:  # as `xuanti import` counts them, so the two agree on a file
                print(f"skipped: {report.skipped} row{'s' if report.skipped > 1 else ''} repeating an earlier "
                      "letter's id or totalling the export (合计)", file=sys.stderr)
        elif args.kind in ("articles", "policy"):  # a sheet of articles, or of policy documents
            from datetime import datetime

            from extractors.articles import article_columns, read_articles

            columns = article_columns(settings_for(args.config).articles.columns, {})
            # A platform's 5小时前 is read against when the file was written, as the nightly flow reads it.
            written = datetime.fromtimestamp(Path(args.target).stat().st_mtime) if Path(args.target).is_file() else None
            docs, errors, _ = read_articles(data, Path(args.target).name or args.target, source, columns,
                                            kind="policy" if args.kind == "policy" else "news", reference=written)
        elif document_type(data, args.target) in ARCHIVE_KINDS:
            docs = read_archive_documents(data, args.target, source, errors)
        else:
            docs = [read_file_document(data, args.target, source)]
    except ExtractionError as exc:
        raise UsageError(str(exc)) from None
    for doc in docs:
        record = doc.to_dict()
        record["author"] = doc.metadata.get("author", "") or doc.metadata.get("发文机关", "")
        print(json.dumps(record, ensure_ascii=False))
    for line in errors:
        print(f"skipped: {line}", file=sys.stderr)
    return 0


def _print_index_links(data: bytes, charset: str, url: str, link_pattern: str) -> int:
    """What a site source would follow from one index page: a JSON line per article link, then the next page."""
    from extractors import ExtractionError
    from extractors.charset import decode_html
    from extractors.page import (
        article_links,
        find_links,
        find_next_page,
        index_markup,
        link_texts,
        listed_dates,
    )

    html = index_markup(decode_html(data, charset or None))
    try:
        texts = link_texts(html, url)
        links = find_links(html, url, link_pattern) if link_pattern else article_links(html, url, texts=texts)
    except ExtractionError as exc:
        raise UsageError(str(exc)) from None
    dates = listed_dates(html, url)
    for link in links:
        listed = dates.get(link)
        print(json.dumps({"url": link, "text": texts.get(link, ""), "listed": listed.isoformat() if listed else ""},
                         ensure_ascii=False))
    next_page = find_next_page(html, url)
    print(f"{len(links)} article links" + (f"; next page {next_page}" if next_page else "; no next page"),
          file=sys.stderr)
    return 0


def _word_letters(path: Path, settings: Any) -> bool:
    """Whether ``xuanti import`` is given 12345 letters written as forms (``word_is_letters``): a 转办单 in
    Word, or a folder whose documents are all such (its first five looked at)."""
    from extractors.files import READABLE_SUFFIXES
    from extractors.hotline import WORD_SUFFIXES, word_is_letters

    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    documents = [file for file in files if file.is_file() and file.suffix.lower() in READABLE_SUFFIXES
                 and not file.name.startswith(("~$", "."))]
    return bool(documents) and all(file.suffix.lower() in WORD_SUFFIXES for file in documents) and all(
        word_is_letters(file.read_bytes(), file.name, settings.hotline.columns) for file in documents[:5])


def _import_kind(path: Path, settings: Any) -> str:
    """``xuanti import``'s kind when none is given: "file" for a document (``kind_of_target``: a DOCX, PDF,
    slides, a ZIP of them, plain text…; a page saved as .mht, or as .html unless a table of letters) or a
    folder holding documents or saved pages and no export; "articles" or "policy" for a sheet (or a folder
    whose first sheet) headed as such an export is (``sheet_kind``); else "hotline"."""
    from extractors.files import ARCHIVE_SUFFIXES, READABLE_SUFFIXES, TABLE_SUFFIXES, TEXT_DOCUMENT_SUFFIXES
    from extractors.hotline import EXPORT_SUFFIXES

    if path.is_dir():
        # Exports and documents at any depth: an office keeps both by month (11月/, 12月/).
        files = sorted(file for file in path.rglob("*") if file.is_file() and not file.name.startswith(("~$", ".")))
        # Saved web pages (.html) are materials in a folder; an HTML export comes named .xls.
        exports = [file for file in files if file.suffix.lower() in EXPORT_SUFFIXES
                   and file.suffix.lower() not in (*TEXT_DOCUMENT_SUFFIXES, ".htm", ".html")]
        # A meeting's folder may hold a 统计表.xlsx among its documents: the more numerous kind decides.
        documents = [file for file in files if file.suffix.lower() in (*READABLE_SUFFIXES, ".htm", ".html", ".mht")]
        if len(exports) <= len(documents) or not exports:
            return "file" if files else "hotline"
        sheets = [file for file in exports if file.suffix.lower() in TABLE_SUFFIXES]
        return sheet_kind(sheets[0], sheets[0].name, settings) if sheets else "hotline"
    if path.suffix.lower() in (".mht", ".mhtml"):  # a page saved as one file
        return "file"
    if path.suffix.lower() in (".htm", ".html"):  # a page saved with Ctrl+S, unless a table of letters
        return html_export_kind(path, path.name, settings) or "file"
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
    if _is_sheet(head, path.name):
        return sheet_kind(path, path.name, settings)
    if path.suffix.lower() in ARCHIVE_SUFFIXES:
        return _archive_kind(path.read_bytes(), path.name, settings)
    kind = kind_of_target(head, path.name, settings)
    return kind if kind in ("file", "articles", "policy") else "hotline"


def cmd_import(args: argparse.Namespace, home: Path) -> int:
    """Import through the same path as the nightly flow: source config -> fetch -> parse -> store."""
    from extractors.sources import fetch_source, parse_source
    from xuanti.settings import ArticlesSource, FolderSource, HotlineSource

    path = Path(args.file)
    if not path.is_file() and not path.is_dir():
        raise UsageError(f"{args.file}: file not found")
    settings = settings_for(args.config)
    letters = not args.kind and _word_letters(path, settings)
    kind = args.kind or ("hotline" if letters else _import_kind(path, settings))
    if letters:
        print(f"read as --kind hotline ({_WORD_LETTERS_NOTE})", file=sys.stderr)
    elif not args.kind and kind != "hotline":  # said, as extract says it, so a wrong guess is seen at once
        note = _word_table_note(path.read_bytes(), path.name, kind, settings) if path.is_file() else ""
        print(f"read as --kind {kind} ({_KIND_NOTES[kind]}{note})", file=sys.stderr)
    store = open_store(settings, home)
    if kind == "hotline":
        source = HotlineSource(name=args.source or "12345热线", type="hotline", path=str(path.resolve()),
                               subfolders=True)
    elif kind in ("articles", "policy"):
        kind = "policy" if kind == "policy" else "news"
        source = ArticlesSource(name=args.source or ("政策文件" if kind == "policy" else "舆情"), type="articles",
                                kind=kind, path=str(path.resolve()), subfolders=True)
    elif path.is_dir():  # every document in it and its subfolders, as a folder source reads them
        source = FolderSource(name=args.source or "本地材料", type="folder", path=str(path.resolve()))
    else:
        source = FolderSource(name=args.source or "本地材料", type="folder", path=str(path.parent.resolve()),
                              patterns=[path.name])
    # What it is given is read, stored before or not (the nightly run passes over a folder's unchanged files).
    bundle = fetch_source(source, settings.fetch)
    from models.category import fill_missing_categories

    read: Counter[str] = Counter()

    def prepare(batch: list[Any]) -> None:
        fill_missing_categories(batch)
        for doc in batch:
            read[doc.metadata.get("file", "")] += 1
        if len(batch) == settings.hotline.batch_size:  # a long export shows how far it has got
            name = batch[-1].metadata.get("file", "")
            log.info("%s：已读入 %d 条，继续读取…", name, read[name])

    # Hotline rows go into the store batch by batch as they are read, categories predicted per batch;
    # only other documents (files) come back to be stored here.
    result = parse_source(source, bundle, settings, store=store, prepare=prepare)
    stored = result.stored + store.upsert_documents(result.documents)
    by_title = f", {result.title_only} read by their title: text empty" if result.title_only else ""
    if result.shortened_ids:  # the export lost its work-order numbers before xuanti saw it
        by_title += (f", {result.shortened_ids} known by time and text: ids shortened by Excel "
                     "(2.02611E+13; export XLSX or keep the id column as text)")
    count = len(bundle.items)
    files = f"{path.name}/ ({count} file{'' if count == 1 else 's'})" if path.is_dir() else path.name
    print(f"{files}: {result.parsed} imported ({stored} new or changed{by_title}), "
          f"{result.skipped} skipped, {len(result.errors) + len(bundle.errors)} errors")
    for line in result.columns:  # whoever sets up a new export sees which of its columns were read
        print(f"  columns of {line}")
    for line in [*bundle.errors, *result.errors]:
        print(f"  {line}")
    for line in result.passed_over:  # a folder's 说明.pdf: no export, and no error either
        print(f"  passed over (no letters or articles in it): {line}")
    # A bad row is skipped and named, and the import stands; a file of which nothing could be read fails.
    unreadable = bool(result.errors) and not result.parsed
    return 1 if bundle.errors or unreadable else 0


# Modules that add subcommands: each has ``register(sub) -> {name: handler}``.
EXTENSIONS = (
    "xuanti.cli_models",   # classify, group
    "xuanti.cli_eval",     # eval and its evaluations
    "xuanti.review.cli",   # review (web page), user, train
    "xuanti.cli_ops",      # serve, briefing, alerts
)

COMMANDS: dict[str, Handler] = {
    "demo": cmd_demo,
    "run": cmd_run,
    "topics": cmd_topics,
    "extract": cmd_extract,
    "import": cmd_import,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    setup_logging(args.quiet)
    from xuanti.settings import ConfigError
    from xuanti.store import StoreError

    try:
        home = home_dir(args.home)
        return COMMANDS[args.command](args, home)
    except (UsageError, ConfigError) as exc:
        print(f"xuanti: error: {exc}", file=sys.stderr)
        return 2
    except StoreError as exc:  # another run holds the store, or the database is down: not a bug of ours
        print(f"xuanti: {exc}", file=sys.stderr)
        return 3
    except BrokenPipeError:
        # The reader went away (xuanti eval | head): not an error of ours, and no traceback for it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("xuanti: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
