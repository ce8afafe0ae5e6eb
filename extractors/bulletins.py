"""Bulletins: one page or feed item that carries several stories, read as one document per story.

新闻联播's 国内联播快讯 page, a day's 新闻联播 文字版 in its RSS feed and a 午间快讯 with three headlines in its
title each hold several unrelated stories. Read whole, they glue into one topic ("《新闻联播》 20240121
21:00", 42 documents, ranked second on a real night) and their stories never meet the other coverage of the
same matter. ``split_bulletin`` turns such a document into its stories, and drops a programme's table of
contents (本期节目主要内容：1.…；2.…), whose stories have pages of their own.

Only a title that names a bulletin (快讯, 简讯, 文字版…, short or listing headlines with "；") is read this way:
an ordinary article with subheadings is never split.
"""

from __future__ import annotations

import re

from extractors.text import letter_count, normalize_document
from xuanti.records import Document

_BULLETIN_WORD = re.compile(r"快讯|简讯|简报|速递|速览|要闻|文字版|新闻联播|新闻摘要|新闻早报|新闻晚报")
_MEDIA_TAG = re.compile(r"^\s*[\[【]\s*(?:视频|图文|音频|组图)\s*[\]】]")
# A bulletin's title is the bulletin ("[视频]国内联播快讯", "新闻联播 文字版 20260822", "10版 - 八方速递") or lists
# its headlines ("午间快讯：央视怒批…；马云任…"); "快讯：中兴通讯股价跳水" is one story.
_BULLETIN_TITLE_LETTERS = 12
_HEADING_CHARS = 60
_PARAGRAPH_CHARS = 20
_NUMBERED = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]|[（(]\d{1,2}[)）])")
_CONTENTS_LINES = 4


def is_bulletin_title(title: str) -> bool:
    """Whether a title names a bulletin of several stories rather than one story."""
    title = _MEDIA_TAG.sub("", title)
    if not _BULLETIN_WORD.search(title):
        return False
    return letter_count(title) <= _BULLETIN_TITLE_LETTERS or "；" in title


def _is_heading(line: str) -> bool:
    return 4 <= len(line) <= _HEADING_CHARS and "。" not in line and not line.endswith(("：", ":"))


def _is_paragraph(line: str) -> bool:
    return len(line) >= _PARAGRAPH_CHARS and "。" in line


def bulletin_stories(text: str) -> list[tuple[str, str]]:
    """(headline, text) of each story: a heading line (no 。, at most 60 characters; its number "1、" cut)
    with the paragraphs up to the next one. Lines before the first heading ("央视网消息（新闻联播）：")
    belong to no story."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    stories: list[tuple[str, list[str]]] = []
    for number, line in enumerate(lines):
        if _is_heading(line) and number + 1 < len(lines) and _is_paragraph(lines[number + 1]):
            stories.append((line, []))
        elif stories:
            stories[-1][1].append(line)
    return [(_NUMBERED.sub("", headline).strip(), "\n".join(body)) for headline, body in stories if body]


def is_table_of_contents(text: str) -> bool:
    """A programme's list of its stories: headlines without a paragraph of their own, numbered (1.…；
    （1）…, the 新闻联播 programme page) or not (a feed's list of the day's video links)."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if len(lines) < _CONTENTS_LINES:
        return False
    if not any(_is_paragraph(line) for line in lines):
        return True
    numbered = sum(1 for line in lines if _NUMBERED.match(line))
    return 2 * numbered >= len(lines) and not any(_is_paragraph(line) and len(line) > _HEADING_CHARS * 2 for line in lines)


# A newspaper's notices column (公告专栏, 中缝): one line a firm's lost seal or licence, struck off or merged.
_NOTICE = re.compile(r"(?:遗失|作废|注销|减资|清算|更正|合并|分立|迁址|挂失)(?:声明|公告)\s*[：:]")
_NOTICES = 3  # at least this many, and at least two per thousand characters
_NOTICES_PER_1000 = 2


def is_notice_column(text: str) -> bool:
    """A newspaper's column of legal notices (■遗失声明：…不慎遗失营业执照…，声明作废): no news, one line a
    firm. 光明日报's feed carries one a day ("13版公告（中缝） - 公告（06")."""
    found = len(_NOTICE.findall(text))
    return found >= _NOTICES and found * 1000 >= _NOTICES_PER_1000 * len(text)


def split_bulletin(doc: Document) -> list[Document]:
    """``[doc]``; or, for a news bulletin, one document per story (URL ``…#n``, titled by its headline,
    ``metadata["bulletin"]`` the bulletin's title); or ``[]`` for a programme's table of contents or a
    newspaper's column of legal notices."""
    if doc.kind == "news" and is_notice_column(doc.text):
        return []
    if doc.kind != "news" or not is_bulletin_title(doc.title):
        return [doc]
    if is_table_of_contents(doc.text):
        return []
    stories = bulletin_stories(doc.text)
    if len(stories) < 2:
        return [doc]
    metadata = {key: value for key, value in doc.metadata.items() if key not in ("original_text", "original_title")}
    metadata["bulletin"] = doc.title
    return [
        normalize_document(Document.from_url(
            doc.source, f"{doc.url}#{number}", kind=doc.kind, title=headline, text=text, published=doc.published,
            fetched=doc.fetched, area=doc.area, category=doc.category, metadata=dict(metadata),
        ))
        for number, (headline, text) in enumerate(stories, 1)
    ]
