"""Small text helpers shared by the extractors: whitespace, HTML fragments to text, dates, and the
normalisation every document gets (Traditional -> Simplified, full-width ASCII -> half-width)."""

from __future__ import annotations

import email.utils
import re
import time
import unicodedata
from datetime import UTC, date, datetime, timedelta
from functools import cache
from html.entities import html5
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import opencc
from lxml import html as lxml_html

if TYPE_CHECKING:
    from xuanti.records import Document

LOCAL_TZ = ZoneInfo("Asia/Shanghai")

# Whitespace including the ideographic space and the non-breaking space real pages are full of.
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


# Lines that are boilerplate wherever they appear in the body.
BOILERPLATE_LINE = re.compile(
    r"^(?:[【\[（(]?\s*(?:责任编辑|责编|编辑|审核|校对|值班编辑|主编|终审|初审|复审|监制|制作|记者|通讯员|作者|来源|"
    r"稿源|出处|点击|浏览|阅读)\s*[:：].{0,40}|"
    r".{0,10}(?:扫一扫|扫描二维码|分享到|分享至|相关阅读|相关新闻|相关链接|相关文章|延伸阅读|推荐阅读|热点推荐|"
    r"打印本页|打印此页|关闭窗口|关闭本页|收藏本页|返回顶部|字号[:：]?\s*[大中小]|【打印】|【关闭】|上一篇|下一篇|"
    r"网友评论|我要评论|发表评论|用户评论|版权所有|免责声明|ICP备|违法和不良信息举报).{0,40}|"
    r"(?:分享|打印|关闭|收藏|返回|顶部|大|中|小|评论|举报|微信|微博|QQ空间|朋友圈)(?:\s*[|｜/]?\s*"
    r"(?:分享|打印|关闭|收藏|返回|顶部|大|中|小|评论|举报|微信|微博|QQ空间|朋友圈))*)$"
)
# What feed aggregators and newspapers append to each item's content: the copyright notice, spaced
# out, in English or as ©央视新闻; the aggregator's own links ("获取更多RSS：", "平台地址：", bare URLs);
# an app's source line and a WeChat article's footer (文章原文, 转发分享, credits as 监制/王元 主编/蒋安琪).
_FEED_NOISE_LINE = re.compile(
    r"^(?:.{0,20}(?:copyright|all rights reserved|获取更多RSS|本文来源[:：]|平台地址[:：]).*|©.*|https?://\S+|www\.\S+"
    r"|文章原文|阅读原文|更多内容|转发分享[!！]?|(?:[\u4e00-\u9fff&]{2,6}/[\u4e00-\u9fff·]{2,8}\s*)+)$",
    re.I,
)


def drop_boilerplate_lines(text: str) -> str:
    """``text`` without its boilerplate lines (``BOILERPLATE_LINE``; copyright and aggregator lines,
    also when spaced out as 人 民 网 版 权 所 有)."""
    kept = []
    for line in text.split("\n"):
        compact = "".join(line.split())
        if len(compact) <= 80 and (BOILERPLATE_LINE.match(compact) or _FEED_NOISE_LINE.match(line.strip())):
            continue
        kept.append(line)
    return "\n".join(kept).strip()


_NOT_LETTERS = re.compile(r"[\d\W_]")


def letter_count(text: str) -> int:
    """Characters of ``text`` that are letters (Chinese or Latin): digits, punctuation and spaces aside."""
    return len(_NOT_LETTERS.sub("", text))


def clean_line(text: str) -> str:
    """One line: collapse runs of spaces, strip."""
    return _SPACES.sub(" ", text).strip()


def clean_text(text: str) -> str:
    """Multi-line text: clean every line, drop empty lines."""
    lines = (clean_line(line) for line in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


# A printed page's number on a line of its own: 公文's "— 3 —", "- 3 -", "第3页", "3" (a bare number of
# four digits is more likely a figure of a table printed a cell a line).
_PAGE_NUMBER = re.compile(r"[\s\-—－–]*(?:第\s*)?\d{1,3}(?:\s*页(?:\s*共\s*\d{1,4}\s*页)?)?[\s\-—－–]*")
# A paragraph's last character (before a closing quote); a line ending so is never run on into the next.
# A closing bracket too: 公文's tasks end "（发展改革委等负责）".
_PARAGRAPH_END = frozenset("。！？；：!?;:）)")
_CLOSING_QUOTES = "”’」』》"
# A table's row or a form's line as a PDF prints it: cells apart by spaces. It is no prose to run on.
_CELLS_APART = re.compile(r"\S\s+\S.*\S\s+\S")
# How long a document's lines must be for its full lines to tell wrapping from paragraphs.
_SHORTEST_FULL_LINE, _FEWEST_LINES = 15, 8
_PARAGRAPH_INDENT = 2


# Characters of Chinese text: CJK ideographs, their punctuation and full-width forms.
_CJK_CHAR = re.compile("[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


# Radicals a PDF's fonts map their glyphs to where the characters are meant (a WPS or Pages export reads
# "⼀、⼯作⽬标" for 一、工作目标): the Kangxi radicals by Unicode's own compatibility mapping, and the
# supplement's simplified forms that stand as characters by their unified ideographs.
_RADICALS = str.maketrans({
    **{chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0x2F00, 0x2FD6)},
    **dict(zip("⺟⺠⺮⺳⻅⻆⻉⻋⻓⻔⻚⻛⻝⻢⻤⻩⻬⻮⻰⻳", "母民竹网见角贝车长门页风食马鬼黄齐齿龙龟", strict=True))})
_RADICAL_CHARS = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")


def plain_radicals(text: str) -> str:
    """Radical code points a PDF's text stands in for characters (⼀ for 一, ⺠ for 民) as those characters."""
    return text.translate(_RADICALS) if _RADICAL_CHARS.search(text) else text


def join_spaced_characters(text: str) -> str:
    """Lines a PDF's extractor read a character at a time ("各 乡 镇 人 民 政 府 ："), as it reads a line whose
    characters the typesetter placed one by one (a justified 公文 line, "2 0 0 4 年 8 月"), joined again: a
    Chinese line of which four pieces or more, and half at least, are one character loses the single
    spaces between them; a wider gap stays as one space. A table row ("1 张三 县局 5") stays as read."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        pieces = line.split()
        single = [piece for piece in pieces if len(piece) == 1]
        if len(single) < 4 or len(single) * 2 < len(pieces) or not _CJK_CHAR.search(line):
            continue
        lines[number] = " ".join(gap.replace(" ", "") for gap in re.split(r"\s{2,}", line.strip()))
    return "\n".join(lines)


def unwrap_printed_lines(text: str) -> str:
    """The lines of printed pages (a PDF's, an OFD's) joined back into paragraphs, and page numbers
    dropped. A line as long as the document's full lines (their commonest length, 28 characters in a 公文)
    that does not end a sentence runs on into the next, as the typesetter broke it there; "新\n增" had
    been two words to the models and a wrapped sentence two lines of evidence."""
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line and not _PAGE_NUMBER.fullmatch(line)]
    long_lines = [len(line) for line in lines if len(line) >= _SHORTEST_FULL_LINE]
    if len(long_lines) < _FEWEST_LINES:
        return "\n".join(lines)
    full = max(set(long_lines), key=lambda length: (long_lines.count(length), length))
    paragraphs: list[str] = []
    runs_on = after_paragraph = False
    for line in lines:
        cells = bool(_CELLS_APART.search(line))
        # A paragraph's first line is set in by two characters (GB/T 9704), which a scan's OCR and many
        # PDFs' text leave out: so much shorter, after a paragraph's end (a sentence's end or a short line,
        # a heading's), it is full too. Not the first line: a title is set otherwise.
        indent = _PARAGRAPH_INDENT if after_paragraph and not runs_on else 0
        if runs_on and not cells:
            paragraphs[-1] += line
        else:
            paragraphs.append(line)
        ends = (line.rstrip(_CLOSING_QUOTES) or line)[-1] in _PARAGRAPH_END
        runs_on = len(line) >= full - 1 - indent and not cells and not ends
        after_paragraph = ends or len(line) < full - 1 - _PARAGRAPH_INDENT
    return "\n".join(paragraphs)


def printed_text(text: str, unwrap: bool = True) -> str:
    """Text read off printed pages (a PDF's, an OFD's, a scan's by OCR) as the document's: radicals as the
    characters meant, lines read a character at a time joined, printed lines joined into paragraphs (unless
    not ``unwrap``)."""
    text = join_spaced_characters(plain_radicals(text))
    return unwrap_printed_lines(text) if unwrap else text


# -- normalisation for analysis ---------------------------------------------------------------------
# OpenCC's converter is thread-safe and costly to build: one per process.
_T2S = opencc.OpenCC("t2s")
# Full-width forms U+FF01..U+FF5E map to ASCII by a fixed offset. The usual Chinese punctuation among
# them stays: it is correct Chinese typography, and the models and masking rules expect it.
_KEEP_FULL_WIDTH = frozenset("，！？：；（）")
_FULL_WIDTH = re.compile(
    "[" + "".join(re.escape(chr(code)) for code in range(0xFF01, 0xFF5F) if chr(code) not in _KEEP_FULL_WIDTH) + "]+"
)


def _half(match: re.Match[str]) -> str:
    return "".join(chr(ord(char) - 0xFEE0) for char in match.group())


def to_half_width(text: str) -> str:
    """Full-width letters, digits and symbols (Ｇ２０、１２３４５) as ASCII; Chinese punctuation kept."""
    # A regex scan is much faster than str.translate on CJK text, and most text has nothing to change.
    return _FULL_WIDTH.sub(_half, text)


# A text is Traditional when this share of its Chinese characters are Traditional forms: 23-41 % in
# the real Traditional feed (engadget_zh-hant), at most 3.5 % in 5,505 Simplified letters and 200 days
# of 新闻联播 (a stray 輝煌 or 問題, or a name).
_TRADITIONAL_SHARE = 0.1
# Characters OpenCC turns into others that are right in Simplified text: names (乾佑镇, 昇明壹城, 王於昌)
# and words such as 乾坤, 哪吒, 菜薹: t2s made 乾佑镇 干佑镇, and character by character 哪吒 哪咤.
_SIMPLIFIED_TOO = frozenset("乾昇於吒薹")
_CHINESE = re.compile("[\u4e00-\u9fff]")
# Look-alike characters typed for others: 巿 (fú, an archaic word for a knee cover) for 市 in real
# letters and news ("莆田巿东庄镇", "巿长", "超巿"); read as 市, place names and 超市 are found.
# "A市巿A5区" is one 市 typed twice.
_LOOK_ALIKES = str.maketrans({"巿": "市"})


@cache
def _t2s_char(char: str) -> str:
    """``char`` in Simplified form, alone (itself if it is right in Simplified text too)."""
    converted = _T2S.convert(char)
    return converted if len(converted) == 1 and char not in _SIMPLIFIED_TOO else char


def simplify(text: str) -> str:
    """The form analysis reads: half-width ASCII and Simplified Chinese.

    A Traditional text is converted whole (OpenCC t2s, phrase-aware). A Simplified one only loses its
    stray Traditional characters (輝煌, 問題), one by one: OpenCC's phrases misread Simplified text
    ("破坏土地" became 破坯土地, 坏土 being Traditional for unfired clay).
    """
    if not text:
        return text
    text = to_half_width(text)
    if text.isascii():
        return text  # the common case of feeds' English parts; nothing to convert
    if "巿" in text:
        text = text.replace("市巿", "市").translate(_LOOK_ALIKES)
    chinese = _CHINESE.findall(text)
    traditional = {char for char in set(chinese) if _t2s_char(char) != char}
    if not traditional:
        return text
    if sum(char in traditional for char in chinese) >= _TRADITIONAL_SHARE * len(chinese):
        return _T2S.convert(text)
    return text.translate({ord(char): _t2s_char(char) for char in traditional})


def normalize_document(doc: Document) -> Document:
    """Simplify ``title`` and ``text`` in place; originals go to ``metadata`` when anything changed."""
    title, text = simplify(doc.title), simplify(doc.text)
    if title != doc.title:
        doc.metadata["original_title"] = doc.title
        doc.title = title
    if text != doc.text:
        doc.metadata["original_text"] = doc.text
        doc.text = text
    return doc


BLOCK_TAGS = frozenset(
    "p div br li tr h1 h2 h3 h4 h5 h6 table ul ol section article header footer blockquote pre dd dt "
    "form center tbody thead".split()
)


# A data table's cell holds a figure or a sentence or two; a layout table's cell holds a whole article.
_ROW_CELL_CHARS = 300


def _row_cells(row: lxml_html.HtmlElement) -> list[str] | None:
    """The cells of a data table's row, each on one line; None for a row of a layout table (a cell
    with a table of its own or a long text) and for a row of fewer than two filled cells."""
    cells = [child for child in row if isinstance(child.tag, str) and child.tag in ("td", "th")]
    if len(cells) < 2:
        return None
    texts = []
    for cell in cells:
        if cell.find(".//table") is not None:
            return None
        text = " ".join(element_text(cell).split("\n"))
        if len(text) > _ROW_CELL_CHARS:
            return None
        texts.append(text)
    return texts if sum(1 for text in texts if text) >= 2 else None


def element_text(element: lxml_html.HtmlElement) -> str:
    """Text of an element with a line break at every block element (itertext would glue paragraphs), and
    a data table's row on one line, its cells joined by " | " as DOCX and DOC rows read (Word's HTML puts
    each cell's text in a paragraph, which read a cell a line and lost the row)."""
    parts: list[str] = []

    def walk(node: lxml_html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in ("script", "style", "noscript", "template"):
            if node.tail:
                parts.append(node.tail)
            return
        if tag == "tr" and (cells := _row_cells(node)) is not None:
            parts.append("\n" + " | ".join(cells) + "\n")
            if node.tail:
                parts.append(node.tail)
            return
        block = tag in BLOCK_TAGS
        if block:
            parts.append("\n")
        if node.text and tag:
            parts.append(node.text)
        for child in node:
            walk(child)
        if block:
            parts.append("\n")
        if node.tail:
            parts.append(node.tail)

    if element.text:
        parts.append(element.text)
    for child in element:
        walk(child)
    return clean_text("".join(parts))


def html_to_text(fragment: str) -> str:
    """An HTML fragment (feed content, summary) to plain text with one paragraph per line.

    A line that still holds markup or an entity after one reading was escaped twice, as some CMSs' feeds
    are ("&amp;lt;p&amp;gt;", "&amp;nbsp;"; a real engadget item read "更新&minus;&minus;用上"), and is read
    once more."""
    text = _fragment_text(fragment)
    if ("<" in text or "&" in text) and any(holds_markup(line) for line in text.split("\n")):
        lines = [_fragment_text(line) if holds_markup(line) else line for line in text.split("\n")]
        text = "\n".join(line for line in lines if line)
    return text


def _fragment_text(fragment: str) -> str:
    if not fragment or not fragment.strip():
        return ""
    if "<" not in fragment:
        return clean_text(_unescape(fragment))
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several types on junk; fall back to stripping tags
        return clean_text(_unescape(re.sub(r"<[^>]+>", "\n", fragment)))
    return element_text(root)


# Markup a text line should not hold: the tags of an article's body, not a 《书名》 or a "<<" quote.
_BODY_TAG = re.compile(
    r"</?(?:p|br|div|span|b|strong|em|i|u|a|img|font|h[1-6]|ul|ol|li|table|tbody|tr|td|th|section|article|"
    r"center|blockquote)\b[^<>]{0,300}>", re.I)
_ENTITY = re.compile(r"&(#\d{2,7}|#x[0-9a-fA-F]{2,6}|[A-Za-z][A-Za-z0-9]{1,9});")


def holds_markup(line: str) -> bool:
    """Whether a line of text holds body markup (<p>, <br/>) or an HTML entity (&nbsp;, &ldquo;, &#8212;)."""
    if _BODY_TAG.search(line):
        return True
    return any(entity[1].startswith("#") or f"{entity[1]};" in html5 for entity in _ENTITY.finditer(line))


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


# What a site's anti-bot service answers a plain HTTP client with, in place of the page: 瑞数 an HTTP
# 412 and a $_ts script, 加速乐 an HTTP 521 and a script that sets a cookie and reloads, a WAF (安全狗,
# 云锁, 创宇盾) a 403 or a 200 安全验证 page. Retrying never passes it, and "no article links" says nothing.
ANTI_BOT_CHECK = ("the site's anti-bot check (a script for a browser to run) instead of the page; xuanti "
                  "cannot pass it: ask the site for a feed or an export, or to let the office's address through")
_MARKUP_AND_SCRIPTS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]*>", re.S)
_CHECK_TEXT_CHARS = 300
# One script that sets a cookie and loads the page again: 加速乐's answer (a page's font-size cookie is
# set without a reload, and a link's onclick is no script).
_COOKIE_AND_RELOAD = re.compile(
    r"<script[^>]*>(?:(?!</script>).)*document\.cookie(?:(?!</script>).)*location(?:\.href|\.reload|\.replace|\s*=)"
    r"(?:(?!</script>).)*</script>", re.S)
_CHECK_SIGNS = ("$_ts", "安全验证", "人机验证", "访问验证", "滑动验证", "safedog", "yunsuo", "webshield", "__jsl_clearance")


def anti_bot_check(text: str, status: int = 200) -> bool:
    """Whether a response is an anti-bot check page rather than the page asked for: a check's signs, or a
    script that sets a cookie and reloads, in an error response or in a page that says almost nothing (a
    real article that mentions 安全验证 says much more)."""
    if status == 200 and len(text) >= 20_000:
        return False
    lowered = text[:65536].lower()
    if not any(sign in lowered for sign in _CHECK_SIGNS) and not _COOKIE_AND_RELOAD.search(lowered):
        return False
    return status != 200 or len("".join(_MARKUP_AND_SCRIPTS.sub(" ", lowered).split())) < _CHECK_TEXT_CHARS


# -- dates --------------------------------------------------------------------------------------------
_CN_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:年|[-/.])\s*(?P<m>\d{1,2})\s*(?:月|[-/.])\s*(?P<d>\d{1,2})\s*日?"
    # The day of the week pages print between date and time: 星期二, （周二）, 礼拜天.
    r"(?:\s*[（(]?\s*(?:星期|周|礼拜)[一二三四五六日天]\s*[)）]?)?"
    # The time, if any: 19:30, 19时30分, 下午3:30, 晚上9点, 10时 (work-order systems print the hour alone).
    r"(?:[T\s]*(?P<half>上午|中午|下午|晚上|凌晨)?\s*(?P<H>\d{1,2})\s*(?:[:：]\s*(?P<M>\d{1,2})|[时点]\s*(?:(?P<M2>\d{1,2})\s*分?)?)"
    r"(?:\s*[:：分]\s*(?P<S>\d{1,2}))?"
    # A 12-hour clock's mark after the time: Java's "hh:mm:ss a" prints 02:05:00 下午 (zh) or PM (en).
    r"(?:\s*(?P<half2>[AaPp]\.?[Mm]\.?(?![A-Za-z])|上午|下午|晚上|凌晨))?)?"
)
_COMPACT_DATE = re.compile(
    # 20240108, and work-order systems' 202401081930, 20240108193005 and 20240108 19:30:05 (yyyyMMdd HH:mm:ss)
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?:(?P<H>[0-2]\d)(?P<M>[0-5]\d)(?P<S>[0-5]\d)?"
    r"|[T\s]+(?P<H2>[0-2]?\d)[:：](?P<M2>[0-5]\d)(?:[:：](?P<S2>[0-5]\d))?)?(?!\d)"
)
_AFTERNOON = frozenset({"下午", "晚上", "pm"})
_MORNING = frozenset({"上午", "凌晨", "am"})


def hour_of_day(hour: str | None, half: str | None) -> str | None:
    """A 12-hour clock's hour as the hour of the day: 下午2 and 2 PM are 14, 中午1 is 13, 12 AM is 0."""
    if hour is None or not half:
        return hour
    half = half.replace(".", "").lower()
    if (half in _AFTERNOON or half == "中午" and int(hour) < 6) and int(hour) < 12:
        return str(int(hour) + 12)
    if half in _MORNING and int(hour) == 12:
        return "0"
    return hour


def _cn_match(match: re.Match[str]) -> datetime | None:
    hour = hour_of_day(match["H"], match["half"] or match["half2"])
    return _build(match["y"], match["m"], match["d"], hour, match["M"] or match["M2"], match["S"])


def _build(y: str, m: str, d: str, hh: str | None = None, mm: str | None = None, ss: str | None = None) -> datetime | None:
    try:
        return datetime(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError:
        return None


def to_naive_local(value: datetime) -> datetime:
    """Aware datetimes to naive Asia/Shanghai time: the store keeps naive local times throughout."""
    if value.tzinfo is None:
        return value
    return value.astimezone(LOCAL_TZ).replace(tzinfo=None)


def parse_date(text: str) -> datetime | None:
    """The first date (with time if given) in ``text``: ISO 8601, 2024年01月08日 19:30, 2024/1/8, 20240108;
    full-width digits too."""
    if not text:
        return None
    # Typed with a full-width input method: ２０２４－０１－０８　１０：３０ (：and the ideographic space are read as they are).
    text = to_half_width(text.strip())
    iso = re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$", text)
    if iso:
        try:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
            return to_naive_local(value)
        except ValueError:
            pass
    match = _CN_DATE.search(text)
    if match:
        return _cn_match(match)
    match = _COMPACT_DATE.search(text)
    if match:
        return _build(match["y"], match["m"], match["d"], match["H"] or match["H2"], match["M"] or match["M2"],
                      match["S"] or match["S2"])
    return None


# A document's 落款: its date on a line of its own, after the issuing agency or alone, in Arabic numerals
# (GB/T 9704-2012) or, in older and some formal documents, in Chinese ones (二〇二六年十一月一日).
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_SIGNING_LINE = re.compile(
    r"^[\s（(]*(?:[^\d\s]{2,40}?\s+)?(?P<y>\d{4}|[〇○零O一二三四五六七八九]{4})\s*年\s*"
    r"(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日[\s）)]*$"
)


def _chinese_number(text: str) -> int:
    """12, 十二, 二十三, 三十一 as numbers; a year's digits one by one (二〇二六)."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[char]) for char in text))
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def signing_date(text: str, latest: datetime | None = None) -> datetime | None:
    """The date a document was signed: the first line of its text that is only a date (its 落款's
    成文日期, after the agency or alone, 2026年11月1日 or 二〇二六年十一月一日). A forwarded document's own
    落款 comes later, so the first is the covering notice's. Dates after ``latest`` (a typo, a plan's
    deadline) are passed over."""
    for line in to_half_width(text).splitlines():
        if "年" not in line or "日" not in line or len(line) > 60:
            continue
        match = _SIGNING_LINE.match(line)
        if match is None:
            continue
        try:
            signed = datetime(_chinese_number(match["y"]), _chinese_number(match["m"]), _chinese_number(match["d"]))
        except (KeyError, ValueError):
            continue
        if latest is None or signed <= latest:
            return signed
    return None


_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
# .NET's JSON dates (DataContractJsonSerializer, JavaScriptSerializer): /Date(1546495500000+0800)/, the
# milliseconds being UTC whatever the offset says.
_DOTNET_DATE = re.compile(r"\\?/Date\((-?\d+)(?:[+-]\d{4})?\)\\?/")
# Java's Date.toString(), which Chinese systems print in feeds and exports: "Thu Jan 03 14:05:00 CST 2019".
# A zone with no name is printed as its offset: "Thu Jan 03 14:05:00 GMT+08:00 2019".
_JAVA_DATE = re.compile(
    r"[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{1,2}:\d{2}:\d{2}) (?:GMT([+-]\d{2}):?(\d{2})|([A-Z]{3,4}|[+-]\d{4})) (\d{4})"
)
# CST on a Chinese server is China Standard Time, not US Central (feedparser's reading: 14 hours off).
CHINA_CST = re.compile(r"\bCST\b")
# Java's DateFormat in an English locale, which is Gson's default for a Date: "Jan 3, 2019 2:05:00 PM"
# (JDK 20 and later: "Jan 3, 2019, 2:05:00\u202fPM"); full month names too.
_US_DATE = re.compile(
    r"(?P<mon>[A-Za-z]{3})[a-z]*\.? (?P<d>\d{1,2}), (?P<y>\d{4})"
    r"(?:,? (?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2}))?[\s\u202f]*(?P<half>[AaPp][Mm])?)?"
)
# Oracle's default date and timestamp text, in an English or a Chinese session: 03-JAN-19,
# 03-1月 -19, 03-JAN-19 02.05.00.000000 PM, 03-1月 -19 02.05.00.000000 下午.
_ORACLE_DATE = re.compile(
    r"(?P<d>\d{1,2})-(?:(?P<mon>[A-Za-z]{3})|(?P<m>\d{1,2})月)\s*-(?P<y>\d{2}|\d{4})"
    r"(?: (?P<H>\d{1,2})[.:](?P<M>\d{2})[.:](?P<S>\d{2})(?:[.,]\d+)?\s*(?P<half>[AaPp][Mm]|上午|下午)?)?"
)


def parse_system_time(text: str) -> datetime | None:
    """A time as a program prints it when nobody chose a format, as naive Beijing time: .NET JSON's
    /Date(ms)/, Java's Date.toString() (CST read as Beijing's), RFC 822 (``email.utils``), Java's
    English DateFormat (Gson's default) and Oracle's DD-MON-RR. None for anything else.

    Work-order systems export such times when a time field is serialised as is; ``parse_date`` reads
    none of them, and a whole export's letters were kept without a date."""
    text = text.strip()
    if dotnet := _DOTNET_DATE.fullmatch(text):
        try:
            return to_naive_local(datetime.fromtimestamp(int(dotnet[1]) / 1000, tz=UTC))
        except (OverflowError, OSError, ValueError):
            return None
    if us := _US_DATE.fullmatch(text):
        month = _MONTHS.get(us["mon"].lower())
        hour = hour_of_day(us["H"], us["half"])
        return _build(us["y"], str(month), us["d"], hour, us["M"], us["S"]) if month else None
    if oracle := _ORACLE_DATE.fullmatch(text):
        month = _MONTHS.get((oracle["mon"] or "").lower()) or int(oracle["m"] or 0)
        year = oracle["y"] if len(oracle["y"]) == 4 else str((2000 if int(oracle["y"]) < 50 else 1900) + int(oracle["y"]))
        hour = hour_of_day(oracle["H"], oracle["half"])
        return _build(year, str(month), oracle["d"], hour, oracle["M"], oracle["S"]) if month else None
    rfc = CHINA_CST.sub("+0800", text)
    if java := _JAVA_DATE.fullmatch(rfc):
        zone = java[6] or f"{java[4]}{java[5]}"
        rfc = f"{java[2]} {java[1]} {java[7]} {java[3]} {zone}"
    if not re.search(r"[A-Za-z]{3}", rfc):
        return None  # email.utils reads "2019 1 3" and bare numbers as dates
    try:
        return to_naive_local(email.utils.parsedate_to_datetime(rfc))
    except (TypeError, ValueError, IndexError):
        return None


# An en-US Excel's CSV writes dates month first: 11/3/2026 9:05, 11/3/2026 9:05:33 PM.
_MONTH_FIRST = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?")


def _month_first(text: str) -> datetime | None:
    match = _MONTH_FIRST.fullmatch(text)
    if not match:
        return None
    month, day, year, hour, minute, second, half = match.groups()
    if int(month) > 12 >= int(day):
        month, day = day, month  # 25/1/2026: an en-GB Excel or a system writing dd/MM/yyyy
    try:
        return datetime(int(year), int(month), int(day), int(hour_of_day(hour, half) or 0), int(minute or 0),
                        int(second or 0))
    except ValueError:
        return None


def parse_time_value(value: Any) -> datetime | None:
    """A time as an export's cell or an API's field gives it: a datetime or date, an Excel day number, Unix
    seconds or milliseconds (a number or its digits), 20200110103000, or text (``parse_date``, month or
    day first, ``parse_system_time``). None for anything else."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, int | float):
        # A day number, a JSON export's Unix time, or a work-order system's 20200110103000 read by Excel
        # as a number.
        serial = excel_serial(float(value)) or unix_time(float(value))
        if serial is None and float(value).is_integer():
            return parse_date(str(int(value)))
        return serial
    text = str(value).strip()
    if re.fullmatch(r"\d{5}(?:\.\d+)?", text):
        return excel_serial(float(text))
    if re.fullmatch(r"\d{10}|\d{13}", text):
        return unix_time(float(text)) or parse_date(text)
    return parse_date(text) or _month_first(text) or parse_system_time(text)


# Times as social platforms and their crawlers print them: relative to when the page or export was made.
_AGO = re.compile(r"(\d+)\s*(秒|分钟|分|个?小时|天|周)前")
_AGO_UNIT = {"秒": "seconds", "分钟": "minutes", "分": "minutes", "小时": "hours", "个小时": "hours", "天": "days",
             "周": "weeks"}
_DAY_WORD = re.compile(r"(今天|昨天|前天)\s*(?:(\d{1,2}):(\d{2})(?::\d{2})?)?")
_DAY_BACK = {"今天": 0, "昨天": 1, "前天": 2}
_YEARLESS = re.compile(r"(\d{1,2})(?:月|-|/)(\d{1,2})日?\s*(?:(\d{1,2}):(\d{2})(?::\d{2})?)?")


def platform_time(text: str, reference: datetime) -> datetime | None:
    """A time as Weibo, Toutiao or a news app prints it, read against ``reference`` (when the page or the
    export was made): 刚刚, 14分钟前, 5小时前, 3天前, 昨天 14:30, and 11月19日 20:40 or 10-08 12:00 without a
    year (the reference's year, or the one before where that would fall after it). None for anything else."""
    text = to_half_width(str(text)).strip()
    if text in ("刚刚", "刚才"):
        return reference
    if match := _AGO.fullmatch(text):
        return reference - timedelta(**{_AGO_UNIT[match[2]]: int(match[1])})
    if match := _DAY_WORD.fullmatch(text):
        day = (reference - timedelta(days=_DAY_BACK[match[1]])).replace(hour=0, minute=0, second=0, microsecond=0)
        return day.replace(hour=int(match[2]), minute=int(match[3])) if match[2] and int(match[2]) < 24 else day
    if match := _YEARLESS.fullmatch(text):
        hour, minute = (int(match[3]), int(match[4])) if match[3] else (0, 0)
        for year in (reference.year, reference.year - 1):
            try:
                moment = datetime(year, int(match[1]), int(match[2]), hour, minute)
            except ValueError:
                return None
            if moment <= reference + timedelta(days=1):
                return moment
    return None


def find_dates(text: str) -> list[tuple[int, datetime, bool]]:
    """Every date in ``text`` as (position, datetime, has_time)."""
    text = to_half_width(text)  # one character for one: positions stay
    found = []
    for match in _CN_DATE.finditer(text):
        value = _cn_match(match)
        if value is not None:
            found.append((match.start(), value, match["H"] is not None))
    return found


def unix_time(value: float) -> datetime | None:
    """A web system's Unix time, in seconds (10 digits) or milliseconds (13), as local time; None for
    a number that is neither, or a time after tomorrow (2026110309 is no letter's time in 2034)."""
    latest = time.time() + 86400
    for scale in (1, 1000):
        if 1e9 <= value / scale <= latest:
            return to_naive_local(datetime.fromtimestamp(value / scale, tz=UTC))
    return None


def excel_serial(value: float) -> datetime | None:
    """An Excel serial day number (1900 date system) as a datetime."""
    if not 20000 <= value <= 80000:  # 1954..2119: anything else is not a plausible export date
        return None
    return datetime(1899, 12, 30) + timedelta(days=float(value))


def utc_struct_to_local(struct: object) -> datetime | None:
    """feedparser's ``*_parsed`` (a UTC time.struct_time) to naive local time."""
    try:
        value = datetime(*struct[:6], tzinfo=UTC)  # type: ignore[index]
    except (TypeError, ValueError):
        return None
    return to_naive_local(value)
