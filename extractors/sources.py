"""The interface the nightly flow calls: ``fetch_source`` (network/files -> raw items) and
``parse_source`` (raw items -> Documents), one pair per configured source.

Given a store, ``parse_source`` streams hotline exports into it batch by batch instead of returning
their rows: an export of 100,000 messages never sits in memory as one list.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from extractors import ExtractionError, FetchError
from extractors.articles import article_columns, read_articles
from extractors.bulletins import split_bulletin
from extractors.charset import decode_html
from extractors.feed import parse_feed
from extractors.fetch import Fetcher, Response
from extractors.files import (
    ARCHIVE_KINDS,
    ARCHIVE_SUFFIXES,
    DOCUMENT_READERS,
    PASSWORD_PROTECTED,
    READABLE_SUFFIXES,
    TABLE_SUFFIXES,
    TEXT_DOCUMENT_SUFFIXES,
    archive_members,
    attachment_text,
    document_type,
    file_kind,
    mht_html,
    read_docx,
    read_eml,
    read_text_file,
)
from extractors.hotline import (
    EXPORT_SUFFIXES,
    LETTER_DOCUMENT_SUFFIXES,
    HotlineReport,
    import_hotline,
    read_hotline,
)
from extractors.ocr import PICTURE_KINDS, ocr_missing, read_picture
from extractors.page import (
    MAX_ARTICLE_PAGES,
    article_links,
    continuation_url,
    extract_article,
    find_links,
    find_next_page,
    host_allowed,
    index_markup,
    link_texts,
    listed_dates,
    reads_as_headline,
    refresh_target,
)
from extractors.policy import append_attachments, extract_policy, find_attachments, scanned_pages
from extractors.sites import has_selectors, profile_for
from extractors.text import ANTI_BOT_CHECK, anti_bot_check, letter_count, signing_date
from xuanti.records import Document, DocumentKind, stable_id
from xuanti.settings import (
    ArticlesSource,
    FeedSource,
    FetchSettings,
    FolderSource,
    HotlineSource,
    Selectors,
    Settings,
    SiteSource,
)
from xuanti.store import Store

log = logging.getLogger(__name__)

AnySource = FeedSource | SiteSource | HotlineSource | ArticlesSource | FolderSource
ROLES = ("feed", "article", "policy", "attachment", "hotline", "articles", "file")


@dataclass
class RawItem:
    url: str  # URL or file path
    content: bytes
    role: str  # one of ROLES
    content_type: str = ""
    fetched: datetime | None = None
    extra: dict = field(default_factory=dict)  # e.g. the feed entry a fetched article belongs to
    # A paged article's later pages, in order: (URL, bytes, content type) each (``continuation_url``).
    more_pages: list[tuple[str, bytes, str]] = field(default_factory=list)


@dataclass
class FetchBundle:
    source: str
    items: list[RawItem]
    errors: list[str]  # one clear line each: "<url>: <reason>"
    not_modified: int = 0


@dataclass
class ParseResult:
    documents: list[Document]  # for the caller to store; hotline rows streamed into a store are not here
    errors: list[str]  # "<url or file>[ row N]: <reason>"
    skipped: int = 0
    streamed: int = 0  # documents parse_source already wrote to the store (hotline rows)
    stored: int = 0  # of those, how many were new or changed
    title_only: int = 0  # hotline rows with a title and no text, read by their title
    shortened_ids: int = 0  # hotline rows whose id Excel had shortened, known by time and text instead
    columns: list[str] = field(default_factory=list)  # per hotline export, "name: header → field, …"
    contents_pages: list[str] = field(default_factory=list)  # programmes' tables of contents, skipped
    passed_over: list[str] = field(default_factory=list)  # a folder's Word files and PDFs holding no letters

    @property
    def parsed(self) -> int:
        """Every document read: those returned and those already streamed into the store."""
        return len(self.documents) + self.streamed


# The seen status of a page read and found to be a programme's table of contents: like HTTP's 204 No
# Content, fetched and nothing to store. Its stories have pages of their own; it is not fetched again.
CONTENTS_STATUS = 204
# The seen status of a Word file or PDF in a folder of exports once read (its letters stored, or passed over
# as holding none): like WebDAV's 208 Already Reported. Unchanged, it is not read again on later nights: a
# scanned 转办单's OCR costs seconds a page, and such files pile up in the folder.
READ_DOCUMENT_STATUS = 208


def _valid_types() -> str:
    return "feed, site, policy, hotline, folder"


def allowed_domains(source: FeedSource | SiteSource) -> list[str]:
    """``domains``, else the hosts of the configured URLs (without a leading www., so subdomains count)."""
    if source.domains:
        return list(source.domains)
    urls = [source.url] if isinstance(source, FeedSource) else list(source.index)
    hosts = []
    for url in urls:
        host = (urlsplit(url).hostname or "").lower()
        hosts.append(host[4:] if host.startswith("www.") else host)
    return [host for host in dict.fromkeys(hosts) if host]


# -- fetch ------------------------------------------------------------------------------------------
class _Crawl:
    """State of one fetch_source call: fetcher, store records, bundle."""

    def __init__(self, source: AnySource, fetch: FetchSettings, store: Store | None) -> None:
        self.source = source
        self.settings = fetch
        self.store = store
        self.fetcher = Fetcher(fetch, allow_private=source.allow_private)
        self.bundle = FetchBundle(source=source.name, items=[], errors=[])
        self.seen_updates: list[dict[str, Any]] = []
        self.already: list[str] = []  # article URLs skipped because their documents are stored

    def already_stored(self, url: str) -> bool:
        """Seen with 200 and its document is in the store, or read as a table of contents: nothing to
        fetch (the page does not change)."""
        if self.store is None:
            return False
        record = self.store.seen_record(url)
        if record and record.get("status") == CONTENTS_STATUS:
            return True
        if not record or record.get("status") != 200:
            return False
        # A bulletin is stored as its stories (url#1, url#2…), not under its own address.
        uids = [f"{self.source.name}/{stable_id(self.source.name, key)}" for key in (url, f"{url}#1")]
        return bool(self.store.documents(uids=uids))

    def read_before(self, path: str, digest: str) -> bool:
        """A folder of exports' Word file or PDF read on an earlier night with these bytes."""
        record = self.store.seen_record(path) if self.store is not None else None
        return bool(record) and record.get("content_hash") == digest and record.get("status") == READ_DOCUMENT_STATUS

    def unchanged_file(self, path: str, digest: str) -> bool:
        """A folder's file seen with these bytes before, whose document is stored."""
        record = self.store.seen_record(path) if self.store is not None else None
        if not record or record.get("content_hash") != digest:
            return False
        return bool(self.store.documents(uids=[f"{self.source.name}/{stable_id(self.source.name, path)}"]))

    def conditional(self, url: str) -> tuple[str, str]:
        record = self.store.seen_record(url) if self.store is not None else None
        return (record.get("etag") or "", record.get("last_modified") or "") if record else ("", "")

    def record(self, url: str, response: Response) -> None:
        self.seen_updates.append({
            "url": url,
            "source": self.source.name,
            "etag": response.etag,
            "last_modified": response.last_modified,
            "content_hash": hashlib.sha1(response.content).hexdigest() if response.content else "",
            "fetched": response.fetched,
            "status": response.status,
        })

    def fetch_articles(self, urls: list[str], role: str, extra: dict[str, dict] | None = None) -> None:
        todo = []
        for url in urls:
            if self.already_stored(url):
                self.bundle.not_modified += 1
                self.already.append(url)
            else:
                todo.append(url)

        def one(url: str) -> tuple[str, Response | None, str, list[tuple[str, bytes, str]], list[str]]:
            etag, modified = self.conditional(url)
            try:
                response = self.fetcher.get(url, etag=etag, last_modified=modified)
            except FetchError as exc:
                return url, None, str(exc), [], []
            more, errors = later_pages(self.fetcher, url, response) if role in ("article", "policy") else ([], [])
            return url, response, "", more, errors

        workers = max(1, self.settings.per_host)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for url, response, error, more, more_errors in pool.map(one, todo):
                if response is None:
                    self.bundle.errors.append(error)
                    continue
                self.bundle.errors.extend(more_errors)
                if response.not_modified:
                    self.bundle.not_modified += 1
                    continue
                if not more_errors:  # an article short of a page is fetched again next night, to be completed
                    self.record(url, response)
                self.bundle.items.append(RawItem(url=url, content=response.content, role=role,
                                                 content_type=response.content_type, fetched=response.fetched,
                                                 extra=dict((extra or {}).get(url, {})), more_pages=more))

    def finish(self) -> FetchBundle:
        if self.store is not None and self.seen_updates:
            self.store.mark_seen(self.seen_updates)
        self.fetcher.close()
        return self.bundle


def later_pages(fetcher: Fetcher, url: str, response: Response) -> tuple[list[tuple[str, bytes, str]], list[str]]:
    """The later pages of a paged article whose first page ``url`` gave ``response``
    (``continuation_url``), as (URL, bytes, content type); and an error line for a page that could
    not be fetched: the article keeps the pages before it."""
    pages: list[tuple[str, bytes, str]] = []
    if response.not_modified or not response.content or file_kind(response.content):
        return pages, []
    first = response.url or url
    seen = {url, first}
    following = continuation_url(decode_html(response.content, response.content_type), first)
    while following and following not in seen and len(pages) < MAX_ARTICLE_PAGES - 1:
        seen.add(following)
        try:
            page = fetcher.get(following)
        except FetchError as exc:
            kept = len(pages) + 1
            return pages, [f"{exc} (page {kept + 1} of {url}; stored with its first {kept} page(s))"]
        pages.append((following, page.content, page.content_type))
        following = continuation_url(decode_html(page.content, page.content_type), following, first)
    return pages, []


def _fetch_feed(crawl: _Crawl, source: FeedSource) -> None:
    etag, modified = crawl.conditional(source.url)
    try:
        response = crawl.fetcher.get(source.url, etag=etag, last_modified=modified)
    except FetchError as exc:
        raise FetchError(f"{source.name}: feed unreachable: {exc}") from None
    if response.not_modified:
        crawl.bundle.not_modified += 1
        return
    feed_item = RawItem(url=source.url, content=response.content, role="feed",
                        content_type=response.content_type, fetched=response.fetched)
    crawl.bundle.items.append(feed_item)
    article_errors = 0
    if source.fetch_articles:
        try:
            entries = parse_feed(response.content, source.url, source.name, kind=source.kind)
        except ExtractionError:
            entries = []  # parse_source reports it; nothing to follow
        domains = allowed_domains(source)
        wanted: dict[str, dict] = {}
        for doc in entries:
            if doc.url and len(doc.text) < source.summary_min_chars and host_allowed(doc.url, domains):
                wanted.setdefault(doc.url, {"entry": doc.url, "entry_id": doc.id, "feed": source.url})
            if len(wanted) >= source.max_items:
                break
        before = len(crawl.bundle.errors)
        crawl.fetch_articles(list(wanted), "article", wanted)
        article_errors = len(crawl.bundle.errors) - before
        # Entries whose full article is already stored must not come back as bare summaries.
        feed_item.extra["stored_articles"] = list(crawl.already)
    if not article_errors:
        # Only a fully fetched feed may answer 304 next time; otherwise failed articles would be lost.
        crawl.record(source.url, response)


def _index_urls(source: SiteSource) -> list[str]:
    urls = list(source.index)
    if source.page_pattern and source.pages > 0:
        base = source.index[0] if source.index else ""
        for n in range(1, source.pages + 1):
            urls.append(urljoin(base, source.page_pattern.format(n=n)))
    return list(dict.fromkeys(urls))


def site_selectors(source: SiteSource, url: str) -> Selectors | None:
    """The source's own selectors, else its configs/sites.toml entry (by ``site`` or by the URL's host)."""
    if has_selectors(source.selectors):
        return source.selectors
    return profile_for(url, source.site)


def _fetch_site(crawl: _Crawl, source: SiteSource) -> None:
    domains = allowed_domains(source)
    start = source.index[0] if source.index else ""
    profile = profile_for(start, source.site) if start else None
    link_pattern = source.link_pattern or (profile.link_pattern if profile else "")
    next_selector = profile.next_page if profile else ""
    links: list[str] = []
    shown: dict[str, dict[str, str]] = {}  # link -> its text and date on the index page
    reached = 0
    index_urls = _index_urls(source)
    queue = [(url, 0) for url in index_urls]
    visited: set[str] = set()
    while queue:
        url, depth = queue.pop(0)
        if url in visited:
            continue
        visited.add(url)
        # Index pages are always fetched in full: they are small and the only way to see new links.
        try:
            response = crawl.fetcher.get(url)
        except FetchError as exc:
            crawl.bundle.errors.append(str(exc))
            continue
        reached += 1
        html = index_markup(decode_html(response.content, response.content_type))
        read_url = response.url
        next_page = find_next_page(html, response.url, next_selector)
        # Without a link_pattern, the links that read as headlines: following every link would store
        # the site's menus, section pages and search pages as articles.
        texts = link_texts(html, response.url)  # the links' headlines: for article_links and a linked PDF's title
        found = (find_links(html, response.url, link_pattern, domains) if link_pattern
                 else article_links(html, response.url, domains, texts))
        redirect = "" if found else refresh_target(html, response.url)
        if redirect and redirect not in visited and host_allowed(redirect, domains):
            queue.insert(0, (redirect, depth))  # a front page that only sends the browser on
            index_urls.append(redirect)
            continue
        dates = listed_dates(html, response.url)
        for link in found:
            if link not in links and link not in index_urls and link != next_page:
                links.append(link)
                shown[link] = {"link_text": texts.get(link, "")}
                if link in dates:
                    shown[link]["listed"] = dates[link].isoformat()
        # Follow 下一页 while more links are wanted: older pages hold older articles.
        if (next_page and depth < source.next_pages and len(links) < source.max_items
                and next_page not in visited and host_allowed(next_page, domains)):
            queue.append((next_page, depth + 1))
            index_urls.append(next_page)
    if not reached:
        raise FetchError(f"{source.name}: none of {len(index_urls)} index page(s) reachable: "
                         + "; ".join(crawl.bundle.errors[-3:]))
    if not links:
        # Not "nothing new" (stored links are still found): the pages show no links that can be read as
        # articles. Said as an error, so the first night shows it, not a quiet source weeks later.
        pattern = f"link_pattern {link_pattern!r}" if link_pattern else "no link_pattern: no headline links"
        more = f" or {reached - 1} more index page(s)" if reached > 1 else ""
        if anti_bot_check(html):
            crawl.bundle.errors.append(f"{source.name}: {read_url} answered with {ANTI_BOT_CHECK}")
            return
        crawl.bundle.errors.append(f"{source.name}: no article links on {index_urls[0]}{more} ({pattern}; "
                                   "a list written by script? its list API's address can be the index; "
                                   "see: xuanti extract --kind index URL)")
    role = "policy" if source.type == "policy" else "article"
    crawl.fetch_articles(links[: source.max_items], role, shown)
    if role == "policy":
        _fetch_attachments(crawl, domains)


_MAX_ATTACHMENTS = 10  # per policy page: more is a download list, not a document's 附件


def _fetch_attachments(crawl: _Crawl, domains: list[str]) -> None:
    """PDF/DOCX/DOC files linked from tonight's policy pages, as items of role "attachment"."""
    pages = [item for item in crawl.bundle.items if item.role == "policy" and not file_kind(item.content)]
    for page in pages:
        # A paged document lists its 附件 at its end, on its last page.
        found: dict[str, str] = {}
        for url, content, content_type in [(page.url, page.content, page.content_type), *page.more_pages]:
            for link, name in find_attachments(decode_html(content, content_type), url, domains):
                found.setdefault(link, name)
        scans: list[tuple[str, str]] = []
        if not found:  # a document shown as the pictures of its scanned pages, read by OCR
            scans = scanned_pages(decode_html(page.content, page.content_type), page.url, domains)
            if scans and (missing := ocr_missing()):
                crawl.bundle.errors.append(f"{page.url}: its document is shown as {len(scans)} scanned "
                                           f"page{'s' if len(scans) > 1 else ''}; {missing}")
                scans = []
        for url, name in [*list(found.items())[:_MAX_ATTACHMENTS], *scans]:
            try:
                response = crawl.fetcher.get(url)
            except FetchError as exc:
                crawl.bundle.errors.append(f"{exc} (attachment of {page.url})")
                continue
            crawl.bundle.items.append(RawItem(url=url, content=response.content, role="attachment",
                                              content_type=response.content_type, fetched=response.fetched,
                                              extra={"parent": page.url, "name": name,
                                                     **({"scan": True} if url not in found else {})}))


def _fetch_export(crawl: _Crawl, source: HotlineSource | ArticlesSource) -> None:
    """An export from its URL, or each export of a file or a folder (an Excel lock file ~$… passed over).
    A local hotline export is only named here, to be read row by row when parsed; an export of articles
    (a day's 舆情 sheet, a portal's dump: thousands of rows, not a hotline's hundred thousand) is read whole.
    A ZIP archive of exports (a month's daily exports packed together) gives each export in it."""
    role = source.type
    if source.url:
        try:
            response = crawl.fetcher.get(source.url)
        except FetchError as exc:
            raise FetchError(f"{source.name}: export unreachable: {exc}") from None
        if _is_archive(response.content):
            _archived_exports(crawl, source, source.url, response.content, response.fetched)
            return
        crawl.bundle.items.append(RawItem(url=source.url, content=response.content, role=role,
                                          content_type=response.content_type, fetched=response.fetched))
        return
    if not source.path:
        raise FetchError(f"{source.name}: {role} source needs path or url")
    path = Path(source.path).expanduser()
    listed = (path.rglob("*") if source.subfolders else path.iterdir()) if path.is_dir() else iter(())
    read = (*EXPORT_SUFFIXES, *ARCHIVE_SUFFIXES, *LETTER_DOCUMENT_SUFFIXES)
    files = sorted(p for p in listed if p.suffix.lower() in read
                   and not p.name.startswith(("~$", ".")) and p.is_file()) if path.is_dir() else [path]
    if not files or not all(p.is_file() for p in files):
        below = path.is_dir() and not source.subfolders and any(
            p.suffix.lower() in EXPORT_SUFFIXES for p in path.rglob("*") if p.is_file())
        raise FetchError(f"{source.name}: {path}: no such export file"
                         + ("; its subfolders hold exports: set subfolders = true to read them" if below else ""))
    for file in files:
        modified = datetime.fromtimestamp(file.stat().st_mtime).replace(microsecond=0)
        if file.suffix.lower() in ARCHIVE_SUFFIXES or not path.is_dir() and _is_archive(file):
            _archived_exports(crawl, source, str(file), file.read_bytes(), datetime.now(), modified)
            continue
        found: dict[str, Any] = {}
        if path.is_dir() and file.suffix.lower() in LETTER_DOCUMENT_SUFFIXES:
            found = {"in_folder": True, "digest": hashlib.sha1(file.read_bytes()).hexdigest()}
            if crawl.read_before(str(file), found["digest"]):
                crawl.bundle.not_modified += 1
                continue
        streamed = role == "hotline"
        crawl.bundle.items.append(RawItem(url=str(file), content=b"" if streamed else file.read_bytes(), role=role,
                                          fetched=datetime.now(),
                                          extra={"modified": modified, **({"path": str(file)} if streamed else {}),
                                                 **found}))


def _is_archive(data: bytes | Path) -> bool:
    """A whole ZIP archive that is no workbook or document (a broken XLSX is left to its reader), or a
    RAR or 7z archive."""
    import io
    import zipfile

    if isinstance(data, Path):
        with data.open("rb") as handle:
            head = handle.read(1 << 16)
        kind = file_kind(head)
        return kind in ARCHIVE_KINDS and (kind != "ZIP" or zipfile.is_zipfile(data))
    kind = file_kind(data)
    return kind in ARCHIVE_KINDS and (kind != "ZIP" or zipfile.is_zipfile(io.BytesIO(data)))


def archive_exports(data: bytes, where: str) -> tuple[list[tuple[str, bytes]], list[tuple[str, bytes]]]:
    """(the exports in a ZIP archive, the documents it holds besides): a month's daily exports packed
    together is exports, a meeting's 材料.zip documents. A 说明.txt is neither unless its rows are
    tab-separated; an HTML file is a saved page, as in a folder (an HTML export comes named .xls). Raises
    ExtractionError for an archive that cannot be unpacked."""
    exports: list[tuple[str, bytes]] = []
    documents: list[tuple[str, bytes]] = []
    for member, content in archive_members(data, where):
        suffix = Path(member).suffix.lower()
        if suffix in TEXT_DOCUMENT_SUFFIXES:
            if content[:4096].split(b"\n", 1)[0].count(b"\t") >= 2:
                exports.append((member, content))
        elif suffix in EXPORT_SUFFIXES and suffix not in SAVED_PAGE_SUFFIXES:
            exports.append((member, content))
        elif suffix in (*READABLE_SUFFIXES, *SAVED_PAGE_SUFFIXES):
            documents.append((member, content))
    return exports, documents


def _archived_exports(crawl: _Crawl, source: HotlineSource | ArticlesSource, where: str, data: bytes,
                      fetched: datetime | None, modified: datetime | None = None) -> None:
    """Each export in a ZIP archive as an item of its own ("工单11月.zip/11月1日.xlsx"), else each Word file
    or PDF in it (转办单 packed together); an archive holding none, or one that cannot be unpacked, is an
    error line naming it."""
    try:
        exports, documents = archive_exports(data, where)
        # No export: a week's 转办单 or 周报 packed together, read for their letters.
        packed = not exports
        if packed:
            exports = [(member, content) for member, content in documents
                       if Path(member).suffix.lower() in LETTER_DOCUMENT_SUFFIXES]
    except ExtractionError as exc:
        crawl.bundle.errors.append(f"{source.name}: {exc}")
        return
    for member, content in exports:
        # Its documents are read as a folder's are: one holding no letters is passed over.
        crawl.bundle.items.append(RawItem(url=f"{where}/{member}", content=content, role=source.type,
                                          fetched=fetched, extra={"modified": modified or fetched,
                                                                  **({"in_folder": True} if packed else {})}))
    if not exports:
        crawl.bundle.errors.append(f"{source.name}: {where}: no export in the archive (exports: "
                                   f"{', '.join(EXPORT_SUFFIXES)}; or Word files and PDFs of letters)")


def _fetch_folder(crawl: _Crawl, source: FolderSource) -> None:
    folder = Path(source.path).expanduser()
    if not folder.is_dir():
        raise FetchError(f"{source.name}: {folder}: folder not found")
    files: dict[Path, None] = {}
    for pattern in source.patterns:
        for file in sorted(folder.rglob(pattern)):
            # A saved page's pictures and frames stand in a folder beside it (page_files, Word's page.files).
            resources = any(part.endswith(("_files", ".files")) for part in file.relative_to(folder).parts[:-1])
            if file.is_file() and not file.name.startswith(("~$", ".")) and not resources:
                files.setdefault(file, None)
    for file in list(files)[: source.max_items]:
        stat = file.stat()
        content = file.read_bytes()
        digest = hashlib.sha1(content).hexdigest()
        # A file read on an earlier night, unchanged since and its document stored, is not read again: a
        # scanned PDF's OCR costs seconds a page. One that failed is read again (OCR added since, say).
        if crawl.unchanged_file(str(file), digest):
            crawl.bundle.not_modified += 1
            continue
        crawl.seen_updates.append({"url": str(file), "source": source.name, "etag": "", "last_modified": "",
                                   "content_hash": digest, "fetched": datetime.now(), "status": 200})
        crawl.bundle.items.append(RawItem(url=str(file), content=content, role="file", fetched=datetime.now(),
                                          extra={"modified": datetime.fromtimestamp(stat.st_mtime)}))


def fetch_source(source: AnySource, fetch: FetchSettings, store: Store | None = None) -> FetchBundle:
    """Fetch everything new of one source. Raises FetchError only when the whole source is unreachable."""
    crawl = _Crawl(source, fetch, store)
    try:
        if isinstance(source, FeedSource):
            _fetch_feed(crawl, source)
        elif isinstance(source, SiteSource):
            _fetch_site(crawl, source)
        elif isinstance(source, HotlineSource | ArticlesSource):
            _fetch_export(crawl, source)
        elif isinstance(source, FolderSource):
            _fetch_folder(crawl, source)
        else:
            raise ValueError(f"unknown source {source!r}; source type must be one of {_valid_types()}")
    except BaseException:
        crawl.fetcher.close()
        raise
    return crawl.finish()


# -- parse ------------------------------------------------------------------------------------------
_FILE_NAME_SUFFIX = re.compile(r"\s*[（(【\[]?\s*\.?(?:pdf|docx?|docm|dotx?|dotm|wps|wpt|ofd|rtf|odt|pptx?|pptm|ppsx?|dps|txt)"
                               r"\s*[）)】\]]?\s*$", re.I)


# A page an editor saved into the materials folder: Ctrl+S's .html (its pictures in a "…_files" folder
# beside it), or a browser's or Word's single-file .mht. Browsers mark where it came from.
SAVED_PAGE_SUFFIXES = (".html", ".htm", ".mht", ".mhtml")
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.I)


def read_archive_documents(data: bytes, path: str, source: str, errors: list[str]) -> list[Document]:
    """The documents and saved pages in a ZIP archive of materials (a meeting's 材料.zip), each under the
    archive's path and its own ("材料.zip/通知.docx"); one that cannot be read is a line added to
    ``errors`` and the rest are kept. Files of other kinds in it (pictures, workbooks) are passed over."""
    docs = []
    wanted = (*READABLE_SUFFIXES, *SAVED_PAGE_SUFFIXES)
    exports = 0
    for member, content in archive_members(data, path):
        inner = f"{path}/{member}"
        if Path(member).suffix.lower() not in wanted:
            exports += Path(member).suffix.lower() in TABLE_SUFFIXES
            continue
        try:
            docs.append(read_saved_page(content, inner, source) if is_saved_page(content, inner)
                        else read_file_document(content, inner, source))
        except ExtractionError as exc:
            errors.append(str(exc))
    if exports > len(docs):  # a month's exports packed together, put among the materials
        errors.append(f"{path}: {exports} export{'s' if exports > 1 else ''} passed over in the archive; "
                      "an archive of exports belongs in a hotline or articles source")
    return docs


def is_saved_page(data: bytes, path: str) -> bool:
    """Whether a folder's file is a saved web page (by its name, and text rather than a binary file)."""
    return Path(path).suffix.lower() in SAVED_PAGE_SUFFIXES and not file_kind(data[:4096])


def _single_file_page(data: bytes, path: str) -> tuple[bytes, str, str]:
    """(the HTML, its charset, the address it was saved from) of an .mht: its first text/html part."""
    page = mht_html(data, path)
    if page is None:
        raise ExtractionError(f"{path}: not a readable MHT page (no HTML part)")
    return page[0].encode("utf-8"), "utf-8", page[1]


def read_saved_page(data: bytes, path: str, source: str) -> Document:
    """A saved web page of a folder source, read as the crawl reads the page (its headline, text and date),
    kept as a material (kind "file") under the file's path, with the address it was saved from."""
    charset: str | None = None
    saved_from = ""
    if Path(path).suffix.lower() in (".mht", ".mhtml") or data.lstrip()[:40].lower().startswith(b"mime-version"):
        data, charset, saved_from = _single_file_page(data, path)
    elif marked := _SAVED_FROM.search(data[:4096]):
        saved_from = marked[1].decode("ascii", "replace")
    if not saved_from.startswith(("http://", "https://")):
        saved_from = ""
    page = extract_article(data, saved_from or Path(path).resolve().as_uri(), source, declared_charset=charset)
    metadata = {**page.metadata, "file": Path(path).name, **({"saved_from": saved_from} if saved_from else {})}
    return Document.from_url(source, path, kind="file", title=page.title, text=page.text, published=page.published,
                             metadata=metadata)


# GB/T 9704's 版头 above a 公文's title: 份号, 密级, 紧急程度, the 发文机关标志 ("清河县人民政府办公室文件",
# often a text box), the 发文字号 and 签发人; and the agencies' names above a joint document's 文件 line.
_VERSION_HEAD = re.compile(r"(?:\d{6}|(?:绝密|机密|秘密)(?:★.{0,10})?|特急|加急|特提|平急|(?!.*(?:关于|的)).{0,40}文件|"
                           r".{0,20}[〔\[［(（]\d{4}[〕\]］)）]第?\d+号(?:签发人[:：].{0,20})?|签发人[:：].{0,20})")
_AGENCY_NAME = re.compile(r"(?!.*(?:关于|的)).{2,30}(?:委员会|办公室|办公厅|人民政府|委|局|厅|部|院|会)")


def file_title(text: str, name: str = "") -> str:
    """A file document's title: its first line, after a 公文's 版头 (its 文件 line, 文号, 签发人…), which
    had been taken for the title, with the 关于… line after it when it is only an agency's name. Where
    the text then goes on to whom it is sent (各乡镇人民政府：) or to its first sentence, as a portal's
    copy of a 公文 without its title does, the file's name when it reads as a headline, else the 文号."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not lines:
        return Path(name).stem
    start = 0
    for number, line in enumerate(lines[:8]):
        compact = re.sub(r"\s+", "", line)
        # A line of no words above it (a screenshot's clock and signal, a stray page number) is no title.
        if _VERSION_HEAD.fullmatch(compact) or letter_count(compact) < 2:
            start = number + 1
        elif not _AGENCY_NAME.fullmatch(compact):
            break
    title = lines[start] if start < len(lines) else lines[0]
    # A title broken after its agency, as a long one is set: 清河县人民政府办公室 / 关于做好…的通知.
    if start + 1 < len(lines) and _AGENCY_NAME.fullmatch(re.sub(r"\s+", "", title)) \
            and lines[start + 1].startswith("关于"):
        title = title + lines[start + 1]
    stem = _FILE_NAME_SUFFIX.sub("", Path(name).stem) if name else ""
    if start and (title.endswith(("：", ":")) or "，" in title):  # to whom it is sent, or its first sentence
        title = stem if reads_as_headline(stem) else lines[0]
    return title[:80]


def read_file_document(data: bytes, path: str, source: str, kind: DocumentKind = "file", link_text: str = "") -> Document:
    """A TXT/DOCX/DOC/PDF/OFD/RTF/ODT/PPTX/PPT/EML document: a meeting material, plan, summary, 汇报PPT or a
    unit's e-mail of a folder source (kind "file"), or a file a site's index links among its articles (a 通知
    in a 通知公告 list), found by its name or its bytes.

    The title is ``link_text`` (the link's text on the index page, less ".pdf") when that reads as a
    headline, else the first line of the text.
    """
    from extractors.text import clean_line, clean_text, normalize_document

    name = unquote(urlsplit(path).path.rsplit("/", 1)[-1]) if "://" in path else Path(path).name
    suffix, file_type = Path(name).suffix.lower(), document_type(data, name)
    created = sent = None
    if file_type == "DOCX":
        text, created = read_docx(data, path)
    elif file_type == "EML":
        text, sent = read_eml(data, path)
    elif file_type in DOCUMENT_READERS:
        text = DOCUMENT_READERS[file_type](data, path)
    elif suffix in TEXT_DOCUMENT_SUFFIXES and not file_type:
        text = read_text_file(data)
    elif file_type in PICTURE_KINDS:  # a screenshot or a photographed 通知, where a folder's patterns take them
        text = read_picture(data, path)
    elif file_type == "ENCRYPTED":
        raise ExtractionError(f"{path}: {PASSWORD_PROTECTED}")
    else:
        # A workbook among the materials is most likely an export: say where it belongs.
        export = ("; an export of letters or articles belongs in a hotline or articles source"
                  if file_type in ("XLSX", "XLS") or suffix in TABLE_SUFFIXES else "")
        raise ExtractionError(f"{path}: unsupported file type {file_type or suffix or '(none)'} "
                              f"(valid: {', '.join(READABLE_SUFFIXES)}){export}")
    text = clean_text(text)
    if not text:
        missing = ocr_missing()
        hint = ""
        if file_type == "PDF":
            hint = f" (a scanned image? {missing})" if missing else " (a scanned image? OCR read nothing in it)"
        elif file_type == "DOCX" and missing:
            hint = f" (scanned pages pasted in? {missing})"
        raise ExtractionError(f"{path}: no text in file{hint}")
    title = _FILE_NAME_SUFFIX.sub("", clean_line(link_text))
    if not reads_as_headline(title):
        title = file_title(text, name)
    # The date the document gives (its 落款) before the DOCX's "created", which a file made from last
    # year's copy keeps: 39 of 40 real gov.cn policy texts give their 成文日期 so.
    # An e-mail is dated by when it was sent, not by the 落款 of a document attached to it.
    published = sent or signing_date(text, latest=datetime.now() + timedelta(days=1)) or created
    return normalize_document(Document.from_url(source, path, kind=kind, title=title, text=text,
                                                published=published, metadata={"file": name} if name else {}))


def _hotline_columns(source: HotlineSource, settings: Settings) -> dict[str, list[str]]:
    columns = {name: list(values) for name, values in settings.hotline.columns.items()}
    for name, extra in source.columns.items():
        # The source's own synonyms first: they describe this export exactly.
        columns[name] = list(dict.fromkeys([*extra, *columns.get(name, [])]))
    return columns


def parse_source(
    source: AnySource,
    bundle: FetchBundle,
    settings: Settings,
    store: Store | None = None,
    prepare: Callable[[list[Document]], Any] | None = None,
) -> ParseResult:
    """Turn a FetchBundle into Documents. One bad item is an error line, never an exception.

    With ``store``, hotline exports are not returned but written to it in batches of
    ``[hotline].batch_size``, ``prepare`` applied to each batch first; ``streamed`` and ``stored``
    count them; and a programme's table of contents, and a folder of exports' Word file or PDF once read,
    are marked so that later nights do not fetch them. Without, every document is returned (for tests and
    small exports).
    """
    result = ParseResult(documents=[], errors=[])
    read_documents: list[RawItem] = []  # a folder of exports' Word files and PDFs read, not to be read again
    articles: dict[str, RawItem] = {item.extra.get("entry", item.url): item for item in bundle.items
                                    if item.role == "article" and isinstance(source, FeedSource)}
    attachments: dict[str, list[RawItem]] = {}
    for item in bundle.items:
        if item.role == "attachment":
            attachments.setdefault(item.extra.get("parent", ""), []).append(item)
    for item in bundle.items:
        try:
            if item.role == "attachment":
                continue  # read with the policy page that links to it
            if isinstance(source, HotlineSource) and store is not None:
                _stream_hotline(source, item, settings, store, prepare, result)
                if "digest" in item.extra:
                    read_documents.append(item)
                continue
            docs = _parse_item(source, item, settings, articles, result)
            if item.role == "policy" and item.url in attachments:
                docs = [_with_attachments(doc, attachments[item.url], result) for doc in docs]
        except ExtractionError as exc:
            if item.extra.get("in_folder") and Path(item.url).suffix.lower() in LETTER_DOCUMENT_SUFFIXES:
                # A Word file or PDF among a folder's exports that holds no letters (a 说明.pdf, a notice) is
                # no export: passed over and said, not an error every night.
                result.passed_over.append(str(exc))
                log.info("%s：不是导出的工单或文章，已跳过（%s）", Path(item.url).name, exc)
                if not ocr_missing():  # else it may be a scan, to be read once OCR is installed
                    read_documents.append(item)
                continue
            result.errors.append(str(exc))
            continue
        except Exception as exc:  # a parser bug on one page must not lose the whole source
            log.exception("%s: unexpected error", item.url)
            result.errors.append(f"{item.url}: unexpected {type(exc).__name__}: {exc}")
            continue
        if isinstance(source, FeedSource | SiteSource):
            docs = _stories(docs, result)
        for doc in docs:
            _finish(doc, source, item)
        result.documents.extend(docs)
        if "digest" in item.extra:
            read_documents.append(item)
    if store is not None and read_documents:
        store.mark_seen([{"url": item.url, "source": source.name, "etag": "", "last_modified": "",
                          "content_hash": item.extra["digest"], "fetched": datetime.now(),
                          "status": READ_DOCUMENT_STATUS} for item in read_documents])
    if store is not None and result.contents_pages:
        # Known as tables of contents, they are not fetched again on later nights.
        records = [store.seen_record(url) for url in result.contents_pages]
        store.mark_seen([{**record, "status": CONTENTS_STATUS} for record in records if record])
    return result


def _stories(docs: list[Document], result: ParseResult) -> list[Document]:
    """Each bulletin as its stories; a programme's table of contents (its stories have pages) and a
    newspaper's column of legal notices are skipped."""
    stories: list[Document] = []
    for doc in docs:
        split = split_bulletin(doc)
        if not split:
            result.skipped += 1
            result.contents_pages.append(doc.url)
            log.info("%s：节目目录或公告栏（遗失声明等），不是新闻，跳过", doc.url)
        stories.extend(split)
    return stories


def _finish(doc: Document, source: AnySource, item: RawItem) -> None:
    """Fetch time and the source's area, the same for returned and streamed documents."""
    doc.fetched = doc.fetched or item.fetched or datetime.now()
    if source.area and not (doc.kind == "hotline" and doc.area):
        # A hotline row's own 区/街道 is finer than the source's area; keep it.
        doc.area = source.area


def _hotline_data(item: RawItem) -> Path | bytes:
    """A local export is read from its path row by row; a downloaded one from its bytes."""
    return Path(item.extra["path"]) if "path" in item.extra else item.content


def _stream_hotline(source: HotlineSource, item: RawItem, settings: Settings, store: Store,
                    prepare: Callable[[list[Document]], Any] | None, result: ParseResult) -> None:
    """Write one export to ``store`` batch by batch; what went in is counted even if a later batch fails."""

    def finish(batch: list[Document]) -> None:
        for doc in batch:
            _finish(doc, source, item)
        if prepare is not None:
            prepare(batch)

    report = HotlineReport()
    try:
        import_hotline(_hotline_data(item), item.url, source.name, _hotline_columns(source, settings), store,
                       drop=settings.hotline.drop_columns, sheet=source.sheet, fieldnames=source.fieldnames,
                       batch_size=settings.hotline.batch_size, prepare=finish, report=report)
    finally:
        # Row errors come before any error that stopped the file (parse_source adds that one).
        result.errors.extend(report.errors)
        result.skipped += report.skipped
        name = Path(item.url).name or item.url
        result.title_only += report.title_only
        if report.title_only:
            log.info("%s：%d 行内容为空，按标题读入", name, report.title_only)
        result.shortened_ids += report.shortened_ids
        if report.shortened_ids:
            log.info("%s：%d 行的编号已被 Excel 改成科学计数（如 2.02611E+13），按时间和内容识别；"
                     "请直接导出 XLSX 或把编号列设为文本，以保留工单编号", name, report.shortened_ids)
        if line := report.columns_line(settings.hotline.drop_columns):
            result.columns.append(f"{name}: {line}")
            if "time" not in report.columns:
                log.warning("%s：没有找到时间列（读到的列：%s），这些诉求没有日期，不参与诉求激增检测；"
                            "请在该来源的 columns = {time = [\"列名\"]} 中写明时间列", name,
                            "、".join(report.columns.values()))
        result.streamed += report.imported
        result.stored += report.stored


def _with_attachments(doc: Document, items: list[RawItem], result: ParseResult) -> Document:
    """The policy page's document with its attachments' text under 附件, and the text of the pictures it
    shows its document as (its scanned pages) as its own text."""
    from extractors.text import clean_text, printed_text

    texts, pages = [], []
    for item in items:
        name = item.extra.get("name") or item.url
        try:
            if item.extra.get("scan"):
                pages.append(read_picture(item.content, item.url))
            else:
                texts.append((name, attachment_text(item.content, item.url)))
        except ExtractionError as exc:
            result.errors.append(f"{exc} (attachment of {doc.url})")
    if pages:
        scanned = clean_text(printed_text("\n".join(pages)))
        doc.text = f"{doc.text}\n{scanned}" if doc.text else scanned
        doc.metadata["scanned_pages"] = len(pages)
    return append_attachments(doc, texts)


def _continued(item: RawItem) -> list[tuple[bytes, str]]:
    """``extract_article``'s ``continued``: the item's later pages as (bytes, content type)."""
    return [(content, content_type) for _, content, content_type in item.more_pages]


def _parse_item(source: AnySource, item: RawItem, settings: Settings, articles: dict[str, RawItem],
                result: ParseResult) -> list[Document]:
    if isinstance(source, FeedSource):
        if item.role == "article":
            return []  # merged into its feed entry below
        stored = set(item.extra.get("stored_articles", ()))
        docs = [doc for doc in parse_feed(item.content, item.url, source.name, kind=source.kind)
                if doc.url not in stored]
        for doc in docs:
            page = articles.get(doc.url)
            if page is None:
                continue
            try:
                if file_kind(page.content) in DOCUMENT_READERS:  # an entry linking its PDF or DOC, not a page
                    article = read_file_document(page.content, page.url, source.name, kind=source.kind,
                                                 link_text=doc.title)
                else:
                    article = extract_article(page.content, page.url, source.name, kind=source.kind,
                                              declared_charset=page.content_type, continued=_continued(page))
            except ExtractionError as exc:
                result.errors.append(str(exc))
                continue
            if len(article.text) > len(doc.text):
                doc.text = article.text
                # The summary's original is not the page's; the page brings its own if it was converted.
                doc.metadata.pop("original_text", None)
                doc.published = doc.published or article.published
                doc.metadata.update({k: v for k, v in article.metadata.items() if k not in doc.metadata})
            doc.fetched = page.fetched
        return docs
    if isinstance(source, SiteSource):
        listed = datetime.fromisoformat(item.extra["listed"]) if "listed" in item.extra else None
        if file_kind(item.content):
            kind: DocumentKind = "policy" if source.type == "policy" else "news"
            doc = read_file_document(item.content, item.url, source.name, kind, item.extra.get("link_text", ""))
            # The date beside its link, else the date its text gives (its 落款), never the DOCX's creation
            # time: python-docx's own template says 2013.
            fetched = item.fetched or datetime.now()
            doc.published = listed or signing_date(doc.text, latest=fetched + timedelta(days=1))
        elif source.type == "policy":
            doc = extract_policy(item.content, item.url, source.name, declared_charset=item.content_type,
                                 selectors=site_selectors(source, item.url), continued=_continued(item))
        else:
            doc = extract_article(item.content, item.url, source.name, selectors=site_selectors(source, item.url),
                                  declared_charset=item.content_type, continued=_continued(item))
        doc.published = doc.published or listed  # a page's own date first, else the date beside its link
        return [doc]
    if isinstance(source, HotlineSource):
        drop = settings.hotline.drop_columns
        docs, errors, skipped = read_hotline(_hotline_data(item), item.url, source.name,
                                             _hotline_columns(source, settings),
                                             drop=drop, sheet=source.sheet, fieldnames=source.fieldnames)
        result.errors.extend(errors)
        result.skipped += skipped
        return docs
    if isinstance(source, ArticlesSource):
        docs, errors, skipped = read_articles(item.content, Path(item.url).name or item.url, source.name,
                                              article_columns(settings.articles.columns, source.columns),
                                              kind=source.kind, sheet=source.sheet,
                                              reference=item.extra.get("modified") or item.fetched)
        result.errors.extend(errors)
        result.skipped += skipped
        return docs
    if isinstance(source, FolderSource):
        if document_type(item.content, item.url) in ARCHIVE_KINDS:
            docs = read_archive_documents(item.content, item.url, source.name, result.errors)
            for doc in docs:
                doc.published = doc.published or item.extra.get("modified")
            return docs
        if is_saved_page(item.content, item.url):
            doc = read_saved_page(item.content, item.url, source.name)
        else:
            doc = read_file_document(item.content, item.url, source.name)
        doc.published = doc.published or item.extra.get("modified")
        return [doc]
    raise ExtractionError(f"{item.url}: unknown source type; valid: {_valid_types()}")
