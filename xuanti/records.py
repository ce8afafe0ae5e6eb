"""The records that move through the pipeline: Document, Topic and Run."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

DocumentKind = Literal["news", "policy", "hotline", "file"]
DOCUMENT_KINDS: tuple[str, ...] = ("news", "policy", "hotline", "file")
POINTS: tuple[str, ...] = ("key", "hot", "difficult", "distinctive")
POINT_NAMES_ZH = {"key": "重点", "hot": "热点", "difficult": "难点", "distinctive": "特点"}
WARNING_LEVELS: tuple[str, ...] = ("none", "watch", "alert")
# A news story says what it reports, and where, in its headline and lead (the first paragraph, of
# about this many characters); commentary and features name example places and risks further down.
# Hotline letters are read whole: a citizen names the estate and the danger wherever it comes up.
NEWS_LEAD_CHARS = 150
WARNING_NAMES_ZH = {"none": "无", "watch": "关注", "alert": "预警"}


# Characters XML 1.0 forbids, which lxml and the XLSX and DOCX writers refuse outright: C0 controls but
# tab, line feed and carriage return, U+FFFE/U+FFFF, and lone surrogates (which cannot even be written as
# UTF-8, so the store refuses them too). Exports and pages do hold them: Excel's _x0000_ escape, a vertical
# tab (Word's line break) pasted into a cell, a NUL in a broken page, half an emoji ("\ud83d") in a
# JSON export cut short.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# Sources as an office writes them in Chinese.
SOURCE_NAMES = {"新闻": "news", "政策": "policy", "政策文件": "policy", "热线": "hotline", "12345": "hotline",
                "留言": "hotline"}
# A labelled sheet's column names as an office writes them (标题, 正文, 来源, 四点, 预警…).
FIELD_NAMES = {"编号": "id", "标题": "title", "题目": "title", "来源": "source", "来源类型": "source",
               "日期": "date", "时间": "date", "发布时间": "date", "四点": "points", "要点": "points",
               "四点标签": "points", "标签": "points", "预警": "warning", "预警等级": "warning",
               "预警级别": "warning", "情感倾向": "tone", "倾向性": "tone", "紧急程度": "urgency",
               "诉求类型": "form", "来电类型": "form"}
def with_field_codes(record: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """``record`` with its Chinese field names (标题, 来源, 四点…: FIELD_NAMES) as the codes, in place, but
    those in ``keep``; a code the record already has keeps its value, and the Chinese name then stays."""
    renamed = {name: code for name, code in FIELD_NAMES.items()
               if name in record and code not in record and name not in keep}
    if renamed:
        items = [(renamed.get(key, key), value) for key, value in record.items()]  # in the sheet's order
        record.clear()
        record.update(items)
    return record


# Where a line's text may stand when it has no 'text': the shared news files write 'body', the Hangzhou
# 留言板's JSON 'content', a Chinese script 正文 or 内容. The first found is the text.
TEXT_KEYS = ("text", "body", "content", "正文", "内容")


def text_key(item: dict[str, Any]) -> str | None:
    """The key holding a line's text: 'text', else the first of TEXT_KEYS with a string (one not blank
    first); None if none."""
    if "text" in item:
        return "text"
    held = [key for key in TEXT_KEYS[1:] if isinstance(item.get(key), str)]
    return next((key for key in held if item[key].strip()), held[0] if held else None)


# A labelled tone as 舆情 services and sentiment corpora write it -> 正面, 负面 or 中性. A 舆情 service's
# 敏感 marks an item the government should mind, read as negative; 非敏感 as neutral.
TONE_NAMES = {
    **dict.fromkeys(("正面", "积极", "正向", "褒义", "好评", "正", "pos", "positive"), "正面"),
    **dict.fromkeys(("负面", "消极", "负向", "贬义", "差评", "负", "敏感", "neg", "negative"), "负面"),
    **dict.fromkeys(("中性", "中立", "无倾向", "非敏感", "neu", "neutral"), "中性"),
}

_TONE_PREFIXES = sorted((word for word in TONE_NAMES if len(word) > 1 and not word.isascii()), key=len, reverse=True)


def tone_name(value: Any) -> str:
    """正面, 负面 or 中性 for a labelled tone (积极, negative, 敏感…), also where words follow it as services
    write them (负面信息, 正面报道, 敏感信息); "" for an empty or unknown one."""
    said = str(value if value is not None else "").strip().lower()
    if said in TONE_NAMES:
        return TONE_NAMES[said]
    # Longest first, and no one-character word: 非敏感 is not 敏感, 正常 is no 正.
    return next((TONE_NAMES[word] for word in _TONE_PREFIXES if said.startswith(word)), "")


def is_urgent(value: Any) -> bool:
    """Whether a work order's 紧急程度 marks it urgent: 紧急, 特急, 加急, 是, 高; not 一般, 非紧急, 不紧急, 否."""
    said = str(value if value is not None else "").strip().lower()
    if not said or said.startswith(("非", "不", "一般", "普通", "否")):
        return False
    return "急" in said or said in ("是", "高", "high", "urgent", "y", "yes", "true", "1")


def xml_safe(text: str) -> str:
    """``text`` without the characters lxml, an XLSX cell or a DOCX run cannot hold: a vertical tab or
    form feed becomes a line break, the other controls and lone surrogates go."""
    return _NOT_XML.sub(_xml_replacement, text) if text else text


def xml_safe_values(value: Any) -> Any:
    """``value`` with every text in it, at any depth of dicts and lists, made ``xml_safe`` (a document's
    metadata, an input line of ``classify`` or a labelled file)."""
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, dict):
        return {key: xml_safe_values(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [xml_safe_values(item) for item in value]
    return value


def _xml_replacement(match: re.Match[str]) -> str:
    return "\n" if match[0] in "\x0b\x0c" else ""


def stable_id(*parts: str, length: int = 16) -> str:
    """A short hex id that depends only on ``parts`` (same input, same id, every night)."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass
class Document:
    """One piece of source material: a news article, a policy document, a hotline row or a local file.

    ``id`` is stable: the export's own row id for hotline rows, otherwise a hash of source and URL.
    ``uid`` (source/id) is the key in the store, so two exports with overlapping row ids never collide.
    """

    id: str
    source: str
    kind: DocumentKind
    title: str
    text: str
    url: str = ""
    published: datetime | None = None
    fetched: datetime | None = None
    area: str = ""
    category: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # One letter's control character would otherwise stop the night's XLSX and DOCX outputs, and
        # half an emoji anywhere (a status cell of a JSON export too) the store, which writes UTF-8.
        self.id, self.title, self.text = xml_safe(self.id), xml_safe(self.title), xml_safe(self.text)
        self.url = xml_safe(self.url)
        self.area, self.category = xml_safe(self.area), xml_safe(self.category)
        if self.metadata:
            self.metadata = xml_safe_values(self.metadata)

    @property
    def uid(self) -> str:
        return f"{self.source}/{self.id}"

    @classmethod
    def from_url(cls, source: str, url: str, **fields: Any) -> Document:
        """A document whose id is derived from its source name and URL."""
        return cls(id=stable_id(source, url), source=source, url=url, **fields)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("published", "fetched"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        return data


@dataclass
class Analysis:
    """What the models found in one document."""

    points: list[str]
    scores: dict[str, float]
    warning: str
    warning_score: float = 0.0
    cues: dict[str, list[str]] = field(default_factory=dict)
    keywords: list[str] = field(default_factory=list)
    place: str = ""
    simhash: int = 0
    duplicate_of: str = ""
    negative: float = 0.0  # probability that the text is negative in sentiment (models.sentiment)
    minhash: str = ""  # the reprint signature (models.dedup.Signature.encode), so it is never recomputed
    # The document's topic term vector (models.topics.term_weights), kept so that describing a topic
    # never segments its members again, and how many leading content words are the headline's.
    terms: dict[str, float] = field(default_factory=dict)
    title_words: int = 0


@dataclass
class Topic:
    """A lead for editors: related documents with their four-point scores, warning, heat and reasons."""

    id: str
    title: str
    keywords: list[str]
    documents: list[str]  # document uids
    scores: dict[str, float]
    points: list[str]
    warning: str
    heat: float
    trend: float
    rank_score: float
    reasons: list[str]
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    place: str = ""
    status: str = "new"
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class SourceReport:
    """What one source gave in one run."""

    source: str
    fetched: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # not errors: e.g. nothing new for days


RUN_STATUS_ZH = {"ok": "正常", "partial": "部分来源出错", "running": "运行中", "failed": "出错中止",
                 "interrupted": "已中断"}


@dataclass
class Run:
    """One nightly run: when, what each source fetched and stored, and what failed."""

    id: str
    started: datetime
    finished: datetime | None = None
    status: str = "running"
    config: str = ""
    sources: list[SourceReport] = field(default_factory=list)
    topics: int = 0
    night: datetime | None = None  # the night ranked: --date for a historical export, else the run's

    def caveats(self, status: bool = True) -> str:
        """What editors should know before trusting this night's list, "" if nothing: sources that
        failed or brought nothing new for days (a stale 12345 export makes a calm list), and with
        ``status`` a run that did not finish."""
        said: list[str] = []
        if status and self.status in ("running", "failed", "interrupted"):
            said.append(f"任务{RUN_STATUS_ZH[self.status]}")
        for report in self.sources:
            if report.source in ("夜间任务", "告警推送"):
                continue  # the run's own failure is said above; a failed alert push leaves the list whole
            if report.errors and not report.fetched:
                # Not a few bad rows of an export that was read: a source that gave nothing at all.
                said.append(f"来源「{report.source}」未能读取")
            said += [f"来源「{report.source}」{note}" for note in report.notes]
        if not said:
            return ""
        day = self.night or self.started
        return (f"{day.month}月{day.day}日的夜间任务：{'；'.join(said)}。今日选题可能不完整，"
                "请信息化管理员用 xuanti runs 查看。")
