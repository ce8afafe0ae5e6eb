"""HTML article pages -> Document: site selectors if configured, else a generic Chinese news extractor.

The generic extractor scores text blocks by Chinese punctuation and text density (link text
discounted), lets the scores flow up to ancestors as readability does, takes the best container and
then drops boilerplate lines (责任编辑, 扫一扫, 相关阅读, share bars, 上一篇/下一篇).
"""

from __future__ import annotations

import html as html_lib
import json
import posixpath
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from extractors import ExtractionError
from extractors.charset import decode_html
from extractors.files import file_kind
from extractors.text import (
    ANTI_BOT_CHECK,
    BLOCK_TAGS,
    BOILERPLATE_LINE,
    anti_bot_check,
    clean_line,
    clean_text,
    element_text,
    find_dates,
    letter_count,
    normalize_document,
    parse_date,
    parse_time_value,
    to_naive_local,
)
from xuanti.records import Document, DocumentKind, xml_safe
from xuanti.settings import Selectors

# Never content. (form is kept: ASP.NET pages wrap the whole page in one.)
_DROP_TAGS = ("script", "style", "noscript", "iframe", "object", "embed", "svg", "canvas", "button",
              "select", "textarea", "input", "link", "meta", "template", "map")
_STRUCTURAL_BOILERPLATE = ("nav", "footer", "aside")
_BOILERPLATE_ATTR = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|navi|menu|footer|foot|bottom|share|bdshare|sharebar|jiathis|comment|comments|"
    r"reply|related|relate|recommend|tuijian|xgyd|xgxw|breadcrumb|crumbs?|sidebar|side|aside|advert|ads?|"
    r"banner|copyright|login|search|toolbar|tool|hotnews|rank|paihang|tags?|keywords|pager|pagination|"
    r"prev|next|qrcode|ewm|erweima|weixin|popup|modal)(?:[-_\s\d]|$)",
    re.I,
)
_INLINE_TAGS = frozenset("a span font strong b em i u s sub sup small big code label abbr cite img q time mark".split())
_PARAGRAPH_TAGS = frozenset("p pre blockquote h1 h2 h3 h4 h5 h6 li dd dt center".split())
_PUNCT = re.compile(r"[，。；！？、：,.;!?“”]")
_CJK_SENTENCE_PUNCT = re.compile(r"[，。；！？]")

_TITLE_SEPARATORS = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s|--|(?<!\d)-(?!\d)(?=[^-]*$)|——(?=[^—]*$))\s*")

_DATE_META = (
    "article:published_time", "og:article:published_time", "og:release_date", "pubdate", "publishdate",
    "publish_date", "publish-date", "publishtime", "publish_time", "datepublished", "dc.date",
    "dc.date.issued", "dcterms.created", "firstpublishedtime", "ptime", "sailthru.date", "weibo:article:create_at",
    "apub:time", "og:time", "prism.publicationdate", "citation_date",
    # Last, the times a page was changed: Baidu's 百家号 pages print only "10-08 12:00" and carry the
    # year in itemprop="dateUpdate".
    "article:modified_time", "lastmodifiedtime", "date", "dateupdate", "datemodified",
)
_AUTHOR_META = ("author", "article:author", "dc.creator", "byline", "contentsource")
_AUTHOR_LINE = re.compile(r"(?:作者|记者|文\s*/|文/|撰文|作\s*者)\s*[:：/]?\s*([\u4e00-\u9fa5A-Za-z·\s、，,]{2,30})")
_SOURCE_LINE = re.compile(r"(?:来源|稿源|出处|来自)\s*[:：]\s*([^\s|｜]{2,30})")
_EDITOR_LINE = re.compile(r"责任编辑\s*[:：]\s*([\u4e00-\u9fa5A-Za-z·]{2,10})")
_URL_DATE = (
    re.compile(r"(?<!\d)((?:19|20)\d{2})[-/_]?([01]\d)[-/_]?([0-3]\d)(?!\d)"),
    re.compile(r"/((?:19|20)\d{2})[-/_]?([01]\d)/(?:t)?([0-3]\d)"),
)


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DOCUMENT_END_TAGS = {tag: re.compile(rf"</{tag}\s*>", re.I) for tag in ("body", "html")}


def html_source(text: str) -> str:
    """Decoded HTML made fit for lxml: no XML declaration (lxml refuses one in str input) and no
    ``</body>``/``</html>`` but the last of each.

    A template that includes a whole page as its header closes the document early (gov.cn's pages
    carry the header's own ``</html>`` before the article); libxml2 drops everything after such a
    tag, and the article with it, where a browser reads on.
    """
    text = _XML_DECLARATION.sub("", text)
    for pattern in _DOCUMENT_END_TAGS.values():
        ends = [match.span() for match in pattern.finditer(text)]
        for start, end in reversed(ends[:-1]):
            text = text[:start] + text[end:]
    return text


def document_tree(text: str) -> lxml_html.HtmlElement:
    """``lxml.html.document_fromstring`` of ``html_source(text)``; raises as lxml does."""
    return lxml_html.document_fromstring(html_source(text))


def refuse_files(data: bytes, url: str) -> None:
    """ExtractionError for a PDF, DOCX or picture reached as a page: decoded as HTML it is mojibake."""
    if kind := file_kind(data):
        raise ExtractionError(f"{url}: {'an' if kind[0] in 'OX' else 'a'} {kind} file, not an HTML page")


def _parse_html(text: str, url: str) -> lxml_html.HtmlElement:
    # Control characters (saved pages, broken encodings) make lxml refuse to set text later on.
    text = xml_safe(text)
    if not text.strip():
        raise ExtractionError(f"{url}: empty page")
    if anti_bot_check(text):  # else stored as an article titled 安全验证
        raise ExtractionError(f"{url}: {ANTI_BOT_CHECK}")
    try:
        root = document_tree(text)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"{url}: not parseable as HTML ({exc})") from None
    return root


def _meta(root: lxml_html.HtmlElement) -> dict[str, str]:
    """name/property/itemprop/http-equiv of every <meta> (lower-cased) -> content; first one wins."""
    found: dict[str, str] = {}
    for meta in root.iter("meta"):
        content = (meta.get("content") or "").strip()
        if not content:
            continue
        for attr in ("name", "property", "itemprop", "http-equiv"):
            key = (meta.get(attr) or "").strip().lower()
            if key and key not in found:
                found[key] = content
    for node in root.xpath("//*[@itemprop='datePublished' or @itemprop='pubDate']"):
        value = node.get("datetime") or node.get("content") or node.text_content()
        if value:
            found.setdefault("datepublished", value.strip())
    return found


def _cut_site_suffix(title: str) -> str:
    parts = [part for part in _TITLE_SEPARATORS.split(title) if part.strip()]
    if len(parts) <= 1:
        return title.strip()
    # The headline is the first part unless that is only a short site name ("网易 - 正文").
    first = parts[0].strip()
    return first if len(first) >= 4 else max(parts, key=len).strip()


def _headline_node(root: lxml_html.HtmlElement, page_title: str, exact: str = "") -> lxml_html.HtmlElement | None:
    """The element carrying the headline: an h1..h3 (or a *title* class) whose text the <title> contains."""
    candidates = []
    for node in root.xpath(
        "//h1|//h2|//h3|//*[contains(@class,'title') or contains(@class,'tit') or contains(@id,'title') "
        "or contains(@class,'headline')]"
    ):
        text = " ".join(node.text_content().split())
        if not 4 <= len(text) <= 120:
            continue
        score = 0.0
        if text in (page_title, exact):
            score += 6
        elif page_title and (text in page_title or page_title.startswith(text[:10])):
            # The more of the <title> it covers the better: "土豆不“土” 土豆无“土” 松花江网" holds both
            # the headline and the site's name, which is an <h1> too.
            score += 3 + 3 * min(len(text), len(page_title)) / len(page_title)
        if any(isinstance(child.tag, str) and child.tag in BLOCK_TAGS for child in node):
            score -= 1  # a box around the headline (title + "简介" tab), not the headline itself
        score += {"h1": 2.0, "h2": 1.0, "h3": 0.5}.get(node.tag, 0.0)
        candidates.append((score, node))
    if not candidates:
        return None
    score, node = max(candidates, key=lambda item: item[0])
    return node if score >= 2 else None


def _title(root: lxml_html.HtmlElement, meta: dict[str, str]) -> tuple[str, lxml_html.HtmlElement | None]:
    raw = clean_line(root.findtext(".//title") or "")
    for key in ("og:title", "articletitle", "twitter:title"):
        if meta.get(key):
            raw = raw or clean_line(meta[key])
            break
    node = _headline_node(root, raw, " ".join(meta.get("og:title", "").split()))
    if node is not None:
        return " ".join(node.text_content().split()), node
    if meta.get("og:title"):
        return clean_line(meta["og:title"]), None
    if meta.get("articletitle"):
        return clean_line(meta["articletitle"]), None
    return _cut_site_suffix(raw), None


# A <title> this short is often the section's or the site's name ("新闻动态", "网易娱乐"), not the headline.
_SHORT_TITLE = 6
_BREADCRUMB = re.compile(r"首页|[>＞»]")  # "首页 > 新闻动态" is where the page is, not what it says


def _headline_above(root: lxml_html.HtmlElement, page_text: str, body: str) -> str:
    """The heading just above the article text (at most 300 characters before it), of 8 to 80
    characters; "" if there is none."""
    probe = body.split("\n", 1)[0][:20]
    # A short first line ("图为…") could be found in a menu first; too little to place the article by.
    at = page_text.find(probe) if len(probe) >= 8 else -1
    best, best_at = "", -1
    if at > 0:
        for node in root.iter("h1", "h2", "h3", "h4", "h5", "h6"):
            text = " ".join(node.text_content().split())
            if not 8 <= len(text) <= 80 or _BREADCRUMB.search(text):
                continue
            found = page_text.rfind(text, 0, at)
            if found > best_at and at - (found + len(text)) <= 300:
                best, best_at = text, found
    return best


def _date_from_meta(meta: dict[str, str]) -> datetime | None:
    for key in _DATE_META:
        if key in meta:
            value = parse_date(meta[key])
            if value is not None:
                return value
    return None


# WeChat official-account articles (where county offices publish) print no date in the page; the
# script carries the publishing time as Unix seconds: var ct = "1581517074".
_SCRIPT_EPOCH = re.compile(r"""\bvar\s+ct\s*=\s*["']?(1[0-9]{9})["']?""")


def _date_from_script(html: str) -> datetime | None:
    match = _SCRIPT_EPOCH.search(html)
    return to_naive_local(datetime.fromtimestamp(int(match[1]), UTC)) if match else None


def _date_from_url(url: str) -> datetime | None:
    path = urlsplit(url).path
    for pattern in _URL_DATE:
        match = pattern.search(path)
        if match:
            try:
                return datetime(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None


def _node_offset(root: lxml_html.HtmlElement, node: lxml_html.HtmlElement | None) -> tuple[str, int]:
    """The page's visible text and where ``node`` starts in it (0 if unknown)."""
    body = root.find("body")
    target = body if body is not None else root
    if node is None:
        return element_text(target), 0
    marker = "\u2063XUANTI\u2063"
    saved = node.text
    node.text = marker + (saved or "")
    text = element_text(target)
    node.text = saved
    pos = text.find(marker)
    return text.replace(marker, ""), max(pos, 0)


def _date_near(text: str, start: int, before: int = 200, after: int = 600) -> datetime | None:
    """The date printed near the headline: prefer one after it, with a time, over a bare one."""
    window_start = max(0, start - before)
    window = text[window_start : start + after]
    best: tuple[float, datetime] | None = None
    for pos, value, has_time in find_dates(window):
        if value.year < 1990 or value > datetime.now() + timedelta(days=366):
            continue  # copyright years of old templates, or typos far in the future
        absolute = window_start + pos
        distance = absolute - start
        score = -abs(distance) / 100 + (1.5 if has_time else 0) + (1.0 if distance >= 0 else 0)
        if best is None or score > best[0]:
            best = (score, value)
    return best[1] if best else None


_MONTH_ONLY = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?!\s*\d{1,2}\s*日)")


def _date_around_body(page_text: str, body: str) -> datetime | None:
    """No headline date: a post date just before, inside or right after the body (blogs, forums),
    else a month-only date ("1998年3月号") there."""
    lines = [line for line in body.split("\n") if len(line) >= 6]
    if not lines:
        return _date_near(page_text, 0) if page_text else None
    start = page_text.find(lines[0][:40])
    end = page_text.find(lines[-1][-40:], max(start, 0))
    if start < 0:
        return _date_near(page_text, 0)
    end = end + 40 if end >= 0 else start + len(body)
    window_start = max(0, start - 400)
    window = page_text[window_start : end + 300]
    best: tuple[float, datetime] | None = None
    for pos, value, has_time in find_dates(window):
        absolute = window_start + pos
        # Before the body (a byline) beats after it (a signature); a time makes it a post stamp.
        distance = start - absolute if absolute < start else (absolute - end if absolute > end else 300)
        score = (2.0 if has_time else 0.0) - max(distance, 0) / 200 - (0.5 if absolute > end else 0)
        if best is None or score > best[0]:
            best = (score, value)
    if best is not None:
        return best[1]
    months = list(_MONTH_ONLY.finditer(window))
    if months:
        match = months[-1]
        try:
            return datetime(int(match[1]), int(match[2]), 1)
        except ValueError:
            return None
    return None


def _author(text: str, start: int, meta: dict[str, str]) -> str:
    window = text[max(0, start - 100) : start + 500]
    match = _AUTHOR_LINE.search(window)
    if match:
        name = re.split(r"\s{2,}|[|｜]|来源|发布|时间|日期|编辑", match.group(1))[0].strip(" ，,、")
        if 2 <= len(name) <= 20:
            return name
    for key in _AUTHOR_META:
        value = clean_line(meta.get(key, ""))
        if value and len(value) <= 30 and not value.startswith("http"):
            return value
    return ""


def _source_name(text: str, start: int) -> str:
    match = _SOURCE_LINE.search(text[max(0, start - 100) : start + 500])
    return match.group(1).strip() if match else ""


# -- body -------------------------------------------------------------------------------------------
def _strip_tree(root: lxml_html.HtmlElement) -> None:
    """Remove what is never content: scripts, styles, forms controls, comments, nav/footer/aside."""
    etree.strip_elements(root, etree.Comment, etree.ProcessingInstruction, *_DROP_TAGS, with_tail=False)
    head = root.find("head")
    if head is not None:
        head.drop_tree()
    for tag in _STRUCTURAL_BOILERPLATE:
        for node in list(root.iter(tag)):
            node.drop_tree()


def _looks_boilerplate(node: lxml_html.HtmlElement) -> bool:
    attrs = f"{node.get('class', '')} {node.get('id', '')}"
    if not attrs.strip() or not _BOILERPLATE_ATTR.search(attrs):
        return False
    # Sentences mean content even in a badly named box ("side-content" holding the article).
    return len(_CJK_SENTENCE_PUNCT.findall(node.text_content())) < 8


def _own_text(node: lxml_html.HtmlElement) -> tuple[str, int]:
    """Text directly in a block (and its inline children), and how much of that is link text."""
    parts: list[str] = []
    link_chars = 0
    if node.text:
        parts.append(node.text)
    for child in node:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _INLINE_TAGS:
            text = child.text_content()
            parts.append(text)
            if tag == "a":
                link_chars += len(text.strip())
            else:
                link_chars += sum(len(a.text_content().strip()) for a in child.iter("a"))
        if child.tail:
            parts.append(child.tail)
    return "".join(parts), link_chars


def _score_blocks(root: lxml_html.HtmlElement) -> dict[lxml_html.HtmlElement, float]:
    scores: dict[lxml_html.HtmlElement, float] = {}
    for node in root.iter():
        if not isinstance(node.tag, str) or node.tag in _INLINE_TAGS:
            continue
        text, link_chars = _own_text(node)
        text = re.sub(r"\s+", "", text)
        if len(text) < 8:
            continue
        link_density = min(1.0, link_chars / max(1, len(text)))
        punct = len(_PUNCT.findall(text))
        score = (1 + punct + min(len(text) / 40, 8)) * (1 - link_density) ** 2
        if score <= 0:
            continue
        weight = 1.0
        # A paragraph credits its container, not itself (one long paragraph must not win alone);
        # a div/td holding text directly (text + <br>) is a container and keeps its own score.
        current: lxml_html.HtmlElement | None = node.getparent() if node.tag in _PARAGRAPH_TAGS else node
        # The block itself and three ancestors share its score: the article container collects most.
        for _ in range(4):
            if current is None or not isinstance(current.tag, str):
                break
            scores[current] = scores.get(current, 0.0) + score * weight
            weight = 0.5 if weight == 1.0 else weight / 1.5
            current = current.getparent()
    return scores


def _link_density(node: lxml_html.HtmlElement) -> float:
    total = len(re.sub(r"\s+", "", node.text_content()))
    if not total:
        return 1.0
    links = sum(len(re.sub(r"\s+", "", a.text_content())) for a in node.iter("a"))
    return links / total


def _text_offsets(root: lxml_html.HtmlElement) -> dict[lxml_html.HtmlElement, int]:
    """Where each element starts in the text of ``root`` (characters of stripped text before it)."""
    offsets: dict[lxml_html.HtmlElement, int] = {}
    total = 0
    for event, node in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            offsets[node] = total
            total += len((node.text or "").strip())
        elif node is not root:
            total += len((node.tail or "").strip())
    return offsets


# A block of text this far below the headline is not its article when a block of weight starts right
# under it: a three-paragraph notice and a long market report further down the page (sina).
_FAR_BELOW_HEADLINE = 1500
_RIGHT_UNDER_HEADLINE = 600
_ENOUGH_WEIGHT = 0.25


def _article_under_headline(
    ranked: dict[lxml_html.HtmlElement, float], best: lxml_html.HtmlElement, headline: lxml_html.HtmlElement | None
) -> lxml_html.HtmlElement:
    """``best``, or the weightiest block right under the headline when ``best`` is far below it."""
    if headline is None:
        return best
    root = best.getroottree().getroot()
    offsets = _text_offsets(root)
    if headline not in offsets:  # the headline was in a dropped box
        return best
    under = offsets[headline] + len(headline.text_content().strip())
    if offsets[best] - under <= _FAR_BELOW_HEADLINE:
        return best
    near = [node for node, score in ranked.items()
            if 0 <= offsets.get(node, -1) - under <= _RIGHT_UNDER_HEADLINE and score >= _ENOUGH_WEIGHT * ranked[best]]
    return max(near, key=ranked.__getitem__) if near else best


def _best_container(
    root: lxml_html.HtmlElement, headline: lxml_html.HtmlElement | None = None
) -> lxml_html.HtmlElement | None:
    scores = _score_blocks(root)
    if not scores:
        return None
    ranked = {node: score * (1 - _link_density(node)) for node, score in scores.items()}
    best = _article_under_headline(ranked, max(ranked, key=ranked.__getitem__), headline)
    css = best.get("class")
    if css:
        # A blog front page or forum thread: several posts in boxes of the same class. The page's
        # own item is the first of them, not the longest.
        for node in best.getroottree().getroot().iter(best.tag):
            if node.get("class") == css and ranked.get(node, 0.0) >= min(0.3 * ranked[best], 30.0):
                return node
    return best


# The editor's line closes a Chinese news article; what a copying site puts after it in the same box
# is another story's teaser ("…,南方都市报"). Only after some text: a page may name the editor in
# the header above the article.
_EDITOR_CLOSES = re.compile(r"^[【\[（(]?\s*(?:责任编辑|责编)\s*[:：]")


def _body_lines(node: lxml_html.HtmlElement, title: str) -> list[str]:
    lines: list[str] = []
    for line in element_text(node).split("\n"):
        line = clean_line(line)
        if not line:
            continue
        if _EDITOR_CLOSES.match(line) and sum(map(len, lines)) >= 200:
            break
        if line == title and not lines:
            continue
        if len(line) <= 60 and BOILERPLATE_LINE.match(line):
            continue
        lines.append(line)
    return lines


# A pager ("【1】【2】【3】【4】", "上一页 1 2 3 下一页", "共3页") and a channel link ("点击进入“文艺星青年”>>").
_PAGER_LINE = re.compile(r"(?:[【\[]\d{1,3}[】\]]\s*){2,}|(?:上一页|首页)?\s*(?:\d{1,3}\s+){1,}\d{1,3}\s*(?:下一页|尾页)?"
                         r"|(?:第\s*\d+\s*页\s*)?共\s*\d+\s*页")
_LINK_ARROW_LINE = re.compile(r".{1,30}(?:>>|»|＞＞|>>>)")


def _trim_edges(lines: list[str]) -> list[str]:
    """Drop short link-menu/date lines at the start and end of the body (bylines, 'share' rows, pagers)."""
    def is_noise(line: str) -> bool:
        if _CJK_SENTENCE_PUNCT.search(line) and len(line) > 25:
            return False
        return bool(
            re.fullmatch(r"[\d\s:：年月日/.\-]+", line)
            or re.search(r"(?:19|20)\d{2}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}", line) and len(line) < 60
            or re.match(r"^(?:来源|作者|记者|发布时间|时间|日期|点击数?|浏览次数?)\s*[:：]", line)
            or _PAGER_LINE.fullmatch(line)
            or _LINK_ARROW_LINE.fullmatch(line)
        )

    start = 0
    while start < len(lines) and start < 4 and is_noise(lines[start]):
        start += 1
    end = len(lines)
    while end > start and len(lines) - end < 4 and is_noise(lines[end - 1]):
        end -= 1
    return lines[start:end]


def _generic_body(root: lxml_html.HtmlElement, title: str, headline: lxml_html.HtmlElement | None = None) -> str:
    _strip_tree(root)
    body = root.find("body")
    if body is None:
        body = root
    for node in list(body.iter()):
        if isinstance(node.tag, str) and node is not body and _looks_boilerplate(node):
            node.drop_tree()
    best = _best_container(body, headline)
    if best is None:
        return ""
    return "\n".join(_trim_edges(_body_lines(best, title)))


_BYLINE_LABEL = re.compile(r"^(?:来源|作者|记者|稿源|文|编辑)\s*[:：/]\s*")


class _Selection:
    """CSS selection over one page (soupsieve, which BeautifulSoup brings), parsed once for all fields."""

    def __init__(self, html: str) -> None:
        import warnings

        from bs4 import BeautifulSoup, XMLParsedAsHTMLWarning

        with warnings.catch_warnings():
            # XHTML pages with an <?xml?> declaration are still HTML to us.
            warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
            self.soup = BeautifulSoup(html_source(html), "lxml")

    def text(self, selector: str) -> str:
        """Text of every element the selector picks, one paragraph per line; "" when none matches."""
        from soupsieve import SelectorSyntaxError

        if not selector:
            return ""
        try:
            nodes = self.soup.select(selector)
        except (SelectorSyntaxError, NotImplementedError, ValueError) as exc:
            raise ExtractionError(f"invalid CSS selector {selector!r}: {exc}") from None
        parts = []
        for node in nodes:
            for br in node.find_all("br"):
                br.replace_with("\n")
            parts.append(node.get_text("\n"))
        return clean_text("\n".join(parts))

    def date(self, selector: str) -> datetime | None:
        """The date of the first element picked: its datetime/content attribute (<time>), else its text."""
        if not selector:
            return None
        try:
            nodes = self.soup.select(selector)
        except Exception:  # reported by text() on the same selector
            return None
        for node in nodes:
            for value in (node.get("datetime"), node.get("content"), node.get_text(" ")):
                found = parse_date(str(value)) if value else None
                if found is not None:
                    return found
        return None


def extract_article(
    data: bytes,
    url: str,
    source: str,
    selectors: Selectors | None = None,
    kind: DocumentKind = "news",
    declared_charset: str | None = None,
    continued: Sequence[tuple[bytes, str]] = (),
) -> Document:
    """One article page to a Document; ``selectors`` (CSS) override the generic guesses field by field.

    A selector that matches nothing (the site changed its template) falls back to the generic guess.
    ``continued``: the article's later pages, as (bytes, declared charset), in order
    (``continuation_url``); their text follows the first page's.
    """
    refuse_files(data, url)
    text = decode_html(data, declared_charset)
    root = _parse_html(text, url)
    meta = _meta(root)
    title, headline = _title(root, meta)
    page_text, start = _node_offset(root, headline)
    published = _date_from_meta(meta) or (_date_near(page_text, start) if headline is not None else None)
    author = _author(page_text, start, meta)
    origin = _source_name(page_text, start)
    editor = _EDITOR_LINE.search(page_text)
    selectors = selectors or Selectors()
    selection = _Selection(text) if any((selectors.title, selectors.body, selectors.date, selectors.author)) else None
    body = ""
    picked_title = ""
    if selection is not None:
        picked_title = clean_line(selection.text(selectors.title))
        title = picked_title or title
        picked = _BYLINE_LABEL.sub("", clean_line(selection.text(selectors.author)))
        author = picked or author
        body = selection.text(selectors.body)
        published = selection.date(selectors.date) or published
    if not body:
        body = _generic_body(root, title, headline)
    if len(title) <= _SHORT_TITLE and body and not picked_title:  # a configured title selector has the last word
        title = _headline_above(root, page_text, body) or title
    if published is None:
        published = _date_around_body(page_text, body) or _date_from_script(text) or _date_from_url(url)
    if not body and not title:
        raise ExtractionError(f"{url}: no title and no article text found")
    if continued:
        later = []
        for more_text, more_root in later_page_trees(continued):
            picked = _Selection(more_text).text(selectors.body) if selectors.body else ""
            later.append(picked or _generic_body(more_root, title, _headline_node(more_root, title, title)))
        body = join_pages(body, later)
    metadata: dict[str, str] = {}
    if author:
        metadata["author"] = author
    if origin:
        metadata["source"] = origin
    if editor:
        metadata["editor"] = editor.group(1)
    return normalize_document(Document.from_url(source, url, kind=kind, title=title, text=body,
                                                published=published, metadata=metadata))


def later_page_trees(continued: Sequence[tuple[bytes, str]]) -> Iterator[tuple[str, lxml_html.HtmlElement]]:
    """(HTML, tree) of each later page of a paged document, as (bytes, declared charset) in order; a
    file (a PDF where a page was expected) or a blank page adds nothing and is passed over."""
    for data, charset in continued:
        if file_kind(data):
            continue
        text = decode_html(data, charset)
        try:
            root = _parse_html(text, "")
        except ExtractionError:
            continue
        yield text, root


def join_pages(first: str, later: list[str]) -> str:
    """The first page's text, then each later page's lines that are not already there (a page repeats
    the lead or the byline)."""
    lines = first.split("\n") if first else []
    seen = set(lines)
    for body in later:
        for line in body.split("\n"):
            if line and line not in seen:
                lines.append(line)
                seen.add(line)
    return "\n".join(lines)


# A paged article's later page has the first page's address with _N (or -N) before its extension:
# TRS WCM's t20191104_123_1.html, Content-1220000_2.html; or a page number in its query.
_PAGE_SUFFIX = re.compile(r"[_-]\d{1,3}")
_PAGE_PARAMETERS = frozenset({"page", "p", "pn", "pageno", "page_no", "curpage", "pageindex", "paging"})
MAX_ARTICLE_PAGES = 10  # the first and up to nine more: past that it is a serial, not one article


def continuation_url(html: str, url: str, first_url: str = "") -> str:
    """The next page of a paged article ("" if none): of the page's links to the first page's address
    (``first_url``, else ``url``) with a page number, the one with the lowest number past this page's;
    TRS's scripted pager (``createPageHTML``) and a 下一页 link count among them. Numbering may start at
    _1 (TRS) or _2 for the second page, so "lowest past this one" serves both. Links elsewhere, a 下一页
    among them, are a list's or the next article's, not more of this one."""
    first = first_url or url
    current = _page_number(first, url) or 0
    # One parse: the page's links (a <link rel="next"> too) and the scripted pager, read by pattern.
    candidates = [absolute for _, absolute in _anchors(html, url, ("a", "area", "link"))]
    candidates.append(_scripted_next_page(html, url))
    numbered = {number: candidate for candidate in candidates
                if (number := _page_number(first, candidate)) is not None and number > current}
    return numbered[min(numbered)] if numbered else ""


def _page_number(first: str, candidate: str) -> int | None:
    """The page number of ``candidate`` as a later page of ``first`` (``_N``/``-N`` before the
    extension, or one page parameter in the query); None when it is no page of it."""
    if not candidate:
        return None
    a, b = urlsplit(first), urlsplit(candidate)
    if a.netloc.lower() != b.netloc.lower() or candidate == first:
        return None
    stem, extension = posixpath.splitext(a.path)
    if b.query == a.query and posixpath.basename(stem) and b.path.startswith(stem) and b.path.endswith(extension):
        suffix = _PAGE_SUFFIX.fullmatch(b.path[len(stem): len(b.path) - len(extension)])
        return int(suffix[0][1:]) if suffix else None
    if b.path != a.path:
        return None
    before, after = dict(parse_qsl(a.query)), dict(parse_qsl(b.query))
    changed = [key for key in before.keys() | after.keys() if before.get(key) != after.get(key)]
    if len(changed) == 1 and changed[0].lower() in _PAGE_PARAMETERS and after.get(changed[0], "").isdigit():
        return int(after[changed[0]])
    return None


# -- links ------------------------------------------------------------------------------------------
def host_allowed(url: str, domains: Iterable[str]) -> bool:
    """Whether the URL's host is one of ``domains`` or a subdomain of one (empty: any host)."""
    domains = [d.lower().strip(".") for d in domains if d]
    if not domains:
        return True
    host = (urlsplit(url).hostname or "").lower()
    return any(host == d or host.endswith("." + d) for d in domains)


def find_links(html: str, base_url: str, pattern: str = "", domains: list[str] | tuple[str, ...] = ()) -> list[str]:
    """Absolute http(s) links in page order, de-duplicated, matching ``pattern`` and within ``domains``."""
    try:
        regex = re.compile(pattern) if pattern else None
    except re.error as exc:
        raise ExtractionError(f"link_pattern {pattern!r} is not a valid regular expression: {exc}") from None
    seen: dict[str, None] = {}
    for _anchor, absolute in _anchors(html, base_url):
        if (not regex or regex.search(absolute)) and host_allowed(absolute, domains):
            seen.setdefault(absolute, None)
    return list(seen)


def _anchors(html: str, base_url: str, tags: tuple[str, ...] = ("a", "area")) -> Iterator[tuple[lxml_html.HtmlElement, str]]:
    """Each link element of the page with its absolute http(s) URL (fragment cut; <base href> heeded)."""
    if not html.strip():
        return
    try:
        root = document_tree(html)
    except (etree.ParserError, ValueError):
        return
    base = root.xpath("//base/@href")
    base_url = urljoin(base_url, base[0].strip()) if base else base_url
    for anchor in root.iter(*tags):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        absolute, _fragment = urldefrag(urljoin(base_url, href))
        if urlsplit(absolute).scheme in ("http", "https"):
            yield anchor, absolute


def link_texts(html: str, base_url: str) -> dict[str, str]:
    """Absolute http(s) link -> the longest text any of its anchors shows (else its ``title``; words before an
    address), in page order.

    An index page often links one article twice, by its picture and by its headline.
    """
    texts: dict[str, str] = {}
    for anchor, absolute in _anchors(html, base_url):
        text = re.sub(r"\s+", "", anchor.text_content())
        if not text or _URL_TEXT.match(text):
            text = re.sub(r"\s+", "", anchor.get("title") or "") or text
        # Words before an address: a search result shows its address as a second, longer link.
        if absolute not in texts or _text_rank(text) > _text_rank(texts[absolute]):
            texts[absolute] = text
    return texts


_URL_TEXT = re.compile(r"(?:https?://|www\.)|[\w.-]+\.(?:com|cn|net|org|gov|edu)\b", re.I)


def _text_rank(text: str) -> tuple[bool, int]:
    return not _URL_TEXT.match(text), len(text)


_LIST_ROW_TAGS = frozenset({"li", "tr", "dd", "dt", "p", "div", "td", "h3", "h4", "section", "article"})
_LIST_ROW_CHARS = 300


def listed_dates(html: str, base_url: str) -> dict[str, datetime]:
    """Link -> the date an index page prints in its row (<li>标题 2023-12-05</li>), where the row holds one.

    The fallback for an article page that shows no date of its own and for a linked PDF, which would
    otherwise count as published the night it was fetched. On the blog archive's 674 dated rows it
    agrees with every article page's own date.
    """
    dates: dict[str, datetime] = {}
    for anchor, url in _anchors(html, base_url, ("a",)):
        node = anchor.getparent()
        for _ in range(3):  # the row is the link's parent or a little above; never the whole list
            if node is None:
                break
            if node.tag in _LIST_ROW_TAGS:
                row = node.text_content()
                if len(row) > _LIST_ROW_CHARS:
                    break
                found = find_dates(row)
                if len(found) == 1:
                    dates.setdefault(url, found[0][1])
                if found:
                    break
            node = node.getparent()
    return dates


# Reading an index page without a link_pattern: an article link shows a headline. Six letters
# (digits and punctuation aside) keep 新闻联播's 国内联播快讯 and THUCNews' shortest headlines
# ("节前反弹可期"); menus are two to four (首页, 政务公开), a comment count "2927跟贴2927" is two.
HEADLINE_LETTERS = 6
_FOOTER_LINK = re.compile(r"ICP[备证]|公网安备|许可证|版权所有|copyright|不良信息举报|举报中心|举报电话", re.I)
# A section's front page or a search, however long its text: /xwzx/, index.html, ?q=…
_SECTION_FILE = re.compile(r"(?:index|default|main|home)(?:_\d+)?\.\w+", re.I)
_SEARCH_KEYS = frozenset({"q", "wd", "kw", "word", "query", "keyword", "keywords", "searchword"})
# Files that are no article. A PDF, DOCX, DOC or WPS under a headline is one (a 通知 in a 通知公告 list),
# and is read.
_FILE_LINK = re.compile(r"\.(?:xlsx?|et|ofd|zip|rar|7z|jpe?g|png|gif|mp[34]|apk|exe)$", re.I)


def _link_shape(url: str) -> str:
    """The URL's template: host, path with numbered parts as 9 and the file name as its extension."""
    parts = urlsplit(url)
    segments = parts.path.split("/")
    shaped = []
    for number, segment in enumerate(segments):
        if number == len(segments) - 1 and "." in segment:
            shaped.append("*." + segment.rsplit(".", 1)[1])
        else:
            shaped.append("9" if re.search(r"\d", segment) else segment)
    keys = "&".join(sorted(key for key, _value in parse_qsl(parts.query, keep_blank_values=True)))
    return parts.netloc + "/".join(shaped) + ("?" + keys if keys else "")


def _section_or_search(url: str) -> bool:
    parts = urlsplit(url)
    name = parts.path.rsplit("/", 1)[-1]
    # A directory is a section (/xwzx/, /xwzx/gzdt/) unless numbered like a post (/2023/12/05/a-title/).
    if not name and not re.search(r"\d", parts.path) or _SECTION_FILE.fullmatch(name) or _FILE_LINK.search(name):
        return True
    if parts.path.startswith("/cdn-cgi/"):
        return True  # Cloudflare's own pages, such as its e-mail protection
    return any(key.lower() in _SEARCH_KEYS for key, _value in parse_qsl(parts.query, keep_blank_values=True))


def reads_as_headline(text: str) -> bool:
    """Whether a link's text is a headline rather than a menu word, a count, an address or a footer line."""
    return (letter_count(text) >= HEADLINE_LETTERS and not _FOOTER_LINK.search(text)
            and not _URL_TEXT.match(text))


def article_links(html: str, base_url: str, domains: list[str] | tuple[str, ...] = (),
                  texts: dict[str, str] | None = None) -> list[str]:
    """The links of an index page that lead to articles, for a source that sets no link_pattern.

    A link whose text reads as a headline, unless it is a section's front page, a search or a file other
    than a PDF or DOCX (a notice linked as a file is read as one); unless, too, most links of its URL
    template are menu words (a site's tag pages). A picture-only link counts when its template is the
    headlines' (gov.cn's picture news). ``texts``: the page's ``link_texts``, when the caller has them.
    """
    texts = {url: text for url, text in (link_texts(html, base_url) if texts is None else texts).items()
             if url != base_url and host_allowed(url, domains) and not _section_or_search(url)}
    shapes = {url: _link_shape(url) for url in texts}
    links_of_shape = Counter(shapes.values())
    headlines_of_shape = Counter(shapes[url] for url, text in texts.items() if reads_as_headline(text))

    def mostly_headlines(shape: str) -> bool:
        return 2 * headlines_of_shape[shape] >= links_of_shape[shape]

    return [url for url, text in texts.items()
            if mostly_headlines(shapes[url]) and (reads_as_headline(text) or not text and headlines_of_shape[shapes[url]] >= 2)]


_NEXT_TEXT = re.compile(r"^\s*(?:下一页|下页|后一页|next(?:\s*page)?)\s*[>»›]*\s*$|^\s*[>»›]\s*$", re.I)


def find_next_page(html: str, base_url: str, selector: str = "") -> str:
    """The absolute URL of an index page's 下一页 link ("" if none): ``selector``, else rel=next or the link text."""
    if not html.strip():
        return ""
    if selector:
        selection = _Selection(html)
        try:
            nodes = selection.soup.select(selector)
        except Exception as exc:  # soupsieve raises several types on a bad selector
            raise ExtractionError(f"invalid next_page selector {selector!r}: {exc}") from None
        for node in nodes:
            anchor = node if node.name == "a" else node.find("a")
            href = (anchor.get("href") or "").strip() if anchor is not None else ""
            if href and not href.startswith(("javascript:", "#")):
                return urldefrag(urljoin(base_url, href))[0]
    try:
        root = document_tree(html)
    except (etree.ParserError, ValueError):
        return ""
    for anchor in root.iter("a", "link"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            continue
        rel = (anchor.get("rel") or "").lower().split()
        if "next" in rel or anchor.tag == "a" and _NEXT_TEXT.match(anchor.text_content() or ""):
            absolute = urldefrag(urljoin(base_url, href))[0]
            if urlsplit(absolute).scheme in ("http", "https"):
                return absolute
    return _scripted_next_page(html, base_url)


_REFRESH_URL = re.compile(r"^\s*\d*\s*[;,]?\s*url\s*=\s*['\"]?([^'\"\s]+)", re.I)


# A script that sends the browser on: location.href = "/col/col1229/index.html", location.replace('…').
_SCRIPT_REDIRECT = re.compile(
    r"""(?:\b(?:window|self|top|document|parent)\.)?\blocation(?:\.href)?\s*=\s*(["'])([^"'\s]+)\1|"""
    r"""\blocation\.(?:replace|assign)\(\s*(["'])([^"'\s]+)\3\s*\)""")
# A page that only redirects says little: a "正在跳转…" line, a title.
_REDIRECT_PAGE_TEXT = 200


def refresh_target(html: str, base_url: str) -> str:
    """Where a page sends the browser by <meta http-equiv="refresh" content="0;url=…">, or, on a page of
    almost no text, by a script (location.href = "…", location.replace("…")); "" if nowhere.

    A county portal's front page is often only that: the crawl follows it when the page has no links to
    articles. One inside <noscript> (an "upgrade your browser" page) is not followed.
    """
    lowered = html.lower()
    if "refresh" not in lowered and "location" not in lowered:
        return ""
    try:
        root = document_tree(html)
    except (etree.ParserError, ValueError):
        return ""

    def usable(address: str) -> str:
        target = urldefrag(urljoin(base_url, address))[0]
        return target if urlsplit(target).scheme in ("http", "https") and target != base_url else ""

    for meta in root.iter("meta"):
        if (meta.get("http-equiv") or "").strip().lower() != "refresh":
            continue
        if any(ancestor.tag == "noscript" for ancestor in meta.iterancestors()):
            continue
        match = _REFRESH_URL.match(meta.get("content") or "")
        if match and (target := usable(match[1])):
            return target
    scripts = [script.text or "" for script in root.iter("script")]
    for script in root.iter("script", "style", "noscript"):
        script.drop_tree()
    if len("".join(root.text_content().split())) > _REDIRECT_PAGE_TEXT:
        return ""  # a page of its own that happens to script a link
    for text in scripts:
        for match in _SCRIPT_REDIRECT.finditer(text):
            if target := usable(match[2] or match[4]):
                return target
    return ""


# Hanweb (大汉) jpage, the CMS of many provincial and county portals (浙江, 江苏...), ships a column's
# list inside a script as XML: <script type="text/xml"><datastore><recordset><record><![CDATA[<li><a
# href="/art/2024/1/8/art_1229_123.html">标题</a><span>2024-01-08</span></li>]]></record>…, which an HTML
# parser sees as no links at all; its dataproxy.jsp answers with the same <datastore> bare.
_DATASTORE = re.compile(r"(?:<script\b[^>]*>\s*)?<datastore>(.*?)</datastore>(?:\s*</script>)?", re.S | re.I)
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)


def expand_script_lists(html: str) -> str:
    """``html`` with each Hanweb jpage list (``<datastore>`` of CDATA records) replaced by its records'
    own markup, so that an index page's links, headlines and listed dates are read as any list's."""
    if "<datastore>" not in html and "<DATASTORE>" not in html:
        return html
    return _DATASTORE.sub(lambda store: "<div>" + "\n".join(_RECORD.findall(store[1])) + "</div>", html)


# A list API's answer (a portal built on JPaaS, a newer Hanweb, an open-data list): JSON, or JSONP
# ("jsonp123({...})"), whose records name a link, a title and a time in one of many spellings.
_JSONP = re.compile(r"^\s*[\w.$]+\s*\(\s*([\[{].*[\]}])\s*\)\s*;?\s*$", re.S)
_LINK_KEYS = frozenset({"url", "link", "href", "linkurl", "docpuburl", "puburl", "detailurl", "articleurl",
                        "weburl", "pageurl", "contenturl", "链接", "网址"})
_TITLE_KEYS = frozenset({"title", "doctitle", "articletitle", "maintitle", "subject", "headline", "name", "标题",
                         "题名"})
_TIME_KEYS = frozenset({"pubdate", "publishtime", "publishdate", "pubtime", "releasetime", "releasedate",
                        "docreltime", "docpubtime", "createtime", "createdate", "date", "time", "发布时间",
                        "发布日期", "成文日期"})
_JSON_DEPTH = 8


def _json_key(key: object) -> str:
    return str(key).replace("_", "").replace("-", "").lower()


def _json_rows(value: object, rows: list[str], depth: int = 0) -> None:
    """Append to ``rows`` the list rows a JSON value holds: an <li> per record with a link and a title,
    and any markup it ships as a string (an API answering with its list's HTML)."""
    if depth > _JSON_DEPTH:
        return
    if isinstance(value, str):
        if "<a" in value and "href" in value:
            rows.append(value)
        return
    if isinstance(value, list):
        for item in value:
            _json_rows(item, rows, depth + 1)
        return
    if not isinstance(value, dict):
        return
    keys = {_json_key(key): item for key, item in value.items()}
    link = next((str(keys[key]).strip() for key in _LINK_KEYS if isinstance(keys.get(key), str) and keys[key].strip()), "")
    title = next((str(keys[key]).strip() for key in _TITLE_KEYS if isinstance(keys.get(key), str) and keys[key].strip()), "")
    if link and title:
        when = next((found for key in _TIME_KEYS if key in keys and (found := parse_time_value(keys[key]))), None)
        shown = f" <span>{when:%Y-%m-%d %H:%M}</span>" if when else ""
        rows.append(f'<li><a href="{html_lib.escape(link)}">{html_lib.escape(title)}</a>{shown}</li>')
    for item in value.values():
        if isinstance(item, dict | list) or isinstance(item, str) and "<a" in item:
            _json_rows(item, rows, depth + 1)


def json_list_html(text: str) -> str:
    """An index answered as JSON or JSONP (a portal's list API) as the list page it stands for: an
    ``<li><a href=…>标题</a> <span>日期</span></li>`` per record that names a link and a title, and the
    markup the API ships as a string; "" when ``text`` is no JSON."""
    start = text[:1024].lstrip()[:1]  # not a copy of a whole page to see its first character
    if start not in ("{", "[") and not (start.isalpha() or start in "_$"):
        return ""
    body = text
    if start not in ("{", "["):
        if not (jsonp := _JSONP.match(text)):
            return ""
        body = jsonp[1]
    try:
        document = json.loads(body)
    except ValueError:
        return ""
    rows: list[str] = []
    _json_rows(document, rows)
    return "<html><body><ul>\n" + "\n".join(rows) + "\n</ul></body></html>" if rows else ""


def index_markup(text: str) -> str:
    """An index page's text as markup whose links are the list's: a list API's JSON as a list page
    (``json_list_html``), a Hanweb list shipped inside a script as its records (``expand_script_lists``)."""
    return json_list_html(text) or expand_script_lists(text)


# TRS WCM, the CMS of many government sites, writes its pager by script: createPageHTML(pages, current,
# "index", "html") links page i as index_i.html (page 0 is index.html).
_CREATE_PAGE_HTML = re.compile(r"createPageHTML\(\s*(\d+)\s*,\s*(\d+)\s*,\s*[\"']([\w.-]+)[\"']\s*,\s*[\"'](\w+)[\"']\s*\)")


def _scripted_next_page(html: str, base_url: str) -> str:
    for match in _CREATE_PAGE_HTML.finditer(html):
        pages, current, name, extension = int(match[1]), int(match[2]), match[3], match[4]
        if current + 1 < pages:
            return urljoin(base_url, f"{name}_{current + 1}.{extension}")
    return ""
