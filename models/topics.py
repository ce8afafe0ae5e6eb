"""Incremental topic grouping: tonight's documents join existing topics or open new ones.

Single-pass "leader-follower" clustering over TF-IDF vectors. Each topic keeps a unit centroid of at
most ``max_terms`` terms; an inverted index (term -> topics whose centroid holds it) and a place
index (estate/village name -> topics) give a handful of candidate topics per document, so grouping
N documents costs about O(N) instead of comparing all pairs. A document joins the candidate with the
best score (cosine to the centroid, plus a bonus when both name the same estate or village: a
topic's place is the one its members name most) if it reaches ``join_threshold``; otherwise it
opens a new topic. A reprint (``duplicate_of``) always joins its original's topic. A headline
reporting a fire or another accident never joins a topic of such reports at another place: two fires
a week apart are two events, however alike their words.

Term weights use jieba's bundled IDF table (a general-corpus IDF): fixed across nights, so a
topic's stored centroid stays comparable with tomorrow's documents without keeping corpus counts.
"""

from __future__ import annotations

import csv
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from itertools import chain, islice
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np

from models.cues import reports_an_incident
from models.gc_pause import gc_paused
from models.places import (
    county_names,
    member_areas,
    merged_places,
    named_whole,
    office_division,
    office_divisions,
    office_names,
    outside_area,
    place_key,
    place_level,
    same_place,
)
from models.vocab import TokenBatch, TokenRun, lexsort
from xuanti.records import stable_id

__all__ = [
    "TopicState",
    "TopicGrouper",
    "describe_topic",
    "most_named_place",
    "EventNewsDataError",
    "evaluate_grouping",
    "read_event_news",
    "term_weights",
    "home_area_words",
    "adjusted_rand_index",
]

# Words every hotline message or news report uses: they say nothing about *what* it is about. 12345
# work orders open and close alike ("来电人反映：", "网民留言：", "请核实处理并尽快给予答复"); a news outlet's
# credit opens each of its stories ("央视网消息（新闻联播）：", "新华社北京1月8日电"), and jieba rates 央视网
# and 新闻联播 as rare words (IDF 10.9, 10.5), so they had tied the 新闻联播 site's unrelated stories.
BOILERPLATE = frozenset(
    """
    尊敬 领导 您好 你好 市长 书记 县长 局长 谢谢 感谢 希望 反映 问题 请问 投诉 咨询 建议 相关 部门
    处理 解决 情况 市民 群众 有关 现在 目前 已经 没有 可以 进行 工作 能否 是否 什么 怎么 为什么 如何
    情况 一直 多次 至今 问题 严重 影响 要求 政府 单位 我们 他们 本人 记者 报道 日电 消息 新闻 来源
    网友 编辑 责任编辑 记者 图片 视频 转载 原标题 今天 昨天 日前 近日 目前 表示 认为 介绍 了解
    小区 业主 居民 住户 附近 周边 街道 社区
    来电 来电人 来信 群众反映 市民反映 网民 留言 诉求 核实 答复 回复 予以 给予 尽快 职能部门 工单
    何时 求助 请求 恳请 关于 为何
    央视网 央视 总台 新闻联播 联播 快讯 新华社 新华网 人民日报 人民网 光明日报 光明网 中新社 中新网 中国新闻网 本报 本台
    """.split()
)
# A letter's courtesies, never what it is about: keywords of real topics ("拜请", "百忙之中", "不胜感激",
# "此致敬礼"). Not in BOILERPLATE, whose words also weigh less in grouping.
_COURTESIES = frozenset(
    "拜请 拜托 恳求 麻烦 百忙之中 抽空 不胜感激 此致敬礼 敬礼 此致 万分感激 感激不尽 辛苦 谢谢您 感谢您 劳烦".split()
)
# A road's kind and direction alone name no road: 大道 and 中路 were keywords of real topics whose
# letters named several roads (a road named whole is one: ``named_whole``).
_ROAD_PIECES = frozenset("大道 大街 东路 西路 南路 北路 中路".split())
# "一家", "一块", "几次": a number and a measure word, which segmentation keeps as one word; never a
# keyword ("烧烤店 油烟 一家").
_COUNT_WORD = re.compile(r"^[一二两三几每某这那][家块条个次位件只辆名张处座所趟]$")
# Word classes of jieba's dictionary that are never keywords: numbers and times (三天, 九点半, 明年),
# adverbs (经常, 长期), conjunctions and pronouns (要么, 哪些), directions (后面), particles, and
# locatives (楼下, 门口, 路口, 家中: where in a letter, not what; 楼下 and 门口 were keywords of 17
# topics of four real nights).
_NOT_KEYWORD_TAGS = frozenset({"m", "mq", "q", "t", "tg", "d", "ad", "c", "r", "f", "p", "u", "e", "y", "o", "k", "s"})
# The few locative-tagged words that are matters: a school level, a policy's safety net, a service
# counter, a venue, a border crossing.
_MATTERS_TAGGED_AS_PLACES = frozenset({"高中", "兜底", "窗口", "场地", "口岸", "街区", "岸线"})
_ASCII_ONLY = re.compile(r"^[A-Za-z0-9.]+$")
_HAS_ASCII = re.compile(r"[A-Za-z0-9]")
_DOC_TERMS = 40  # terms kept per document vector: enough for the topic, cheap to compare
_QUERY_TERMS = 12  # a document's strongest terms used to look up candidate topics
_POSTING_SCAN = 400  # at most this many (most recent) topics read per term: keeps lookups bounded
_CANDIDATES = 25  # topics scored exactly per document
TITLE_BOOST = 3.0
# A news story (any document but a hotline letter) is only matched against a topic when, leaving out
# the one shared word that counts most, the rest of the cosine still reaches this: one name (a
# leader's, in two headlines) ties unrelated stories, and with it a story would pick the wrong one of
# its candidate topics (``test_a_news_story_needs_more_than_one_shared_word``). (Tonight's new topics are still merged by centroid after the
# pass, ``_merge``; there requiring it split the events.) A letter may join on its estate's name
# alone, which is what ties one estate's complaints together. event_news: ARI 0.931 -> 0.944, stories
# outside their topic's event 8 -> 3 (0.08: ARI 0.940); the hotline figures are untouched.
_SECOND_EVIDENCE = 0.05

_FIRST = itemgetter(0)
_SECOND = itemgetter(1)
_SECOND_FIRST = itemgetter(1, 0)  # (weight, term): strongest first, ties by the larger term


def _spot_level(place: str) -> int:
    """``place_level``, but a named zone (清河经开区, 武进高新区) stands beside the towns, not above them."""
    if place.endswith(("经开区", "高新区", "开发区", "园区")):
        return 2
    return place_level(place)


def different_spots(place: str, other: str) -> bool:
    """Whether two places are surely two spots: not the same name, and of one level (two towns, two
    villages, two estates). A town and a village, or a village and an estate, may be one inside the
    other (a fire "in 城关镇" and "at 鼓楼社区" may be one), so they are not said to differ."""
    if not place or not other or same_place(place, other):
        return False
    level = _spot_level(place)
    return level >= 1 and level == _spot_level(other)


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    """The words jieba's dictionary tags with a ``_NOT_KEYWORD_TAGS`` class (~20,000; read once)."""
    from models.tokenize import dictionary_tags

    return frozenset(dictionary_tags(lambda _, tag: tag in _NOT_KEYWORD_TAGS)) - _MATTERS_TAGGED_AS_PLACES


# Time phrases the dictionary does not tag as times: "今年以来", "近日", "眼下" date a text, never say
# what it is about.
_TIME_PHRASE = re.compile(r"^(?:今年|去年|明年|近年|近期|近日|日前|目前|当前|眼下|此前|至今)|以来$")


# Administrative characters alone name no place and no matter: "县市" of "A8县市中梁首府" was a keyword.
_ADMIN_ONLY = re.compile(r"[省市县区镇乡村州]+")


def plain_word(term: str) -> bool:
    """Whether a word can tell an editor what a text is about: not a single character, number, code,
    count ("一家"), time ("今年以来"), function word (jieba's tags ``_NOT_KEYWORD_TAGS``) or 12345
    boilerplate ("来电", "核实"). Used for keywords and for the words a reason names."""
    return (
        len(term) > 1
        and not _HAS_ASCII.search(term)
        and term not in BOILERPLATE
        and term not in _COURTESIES
        and term not in _ROAD_PIECES
        and term not in _function_words()
        and not _COUNT_WORD.match(term)
        and not _TIME_PHRASE.search(term)
        and not _ADMIN_ONLY.fullmatch(term)
    )


@lru_cache(maxsize=1)
def _idf_table() -> tuple[dict[str, float], float]:
    """jieba's IDF table and its median (jieba's own default for unseen words)."""
    import jieba  # imported here: the table is only needed once grouping starts

    # The file itself, not jieba.analyse: importing that loads the POS tagger too (a second).
    path = Path(jieba.__file__).parent / "analyse" / "idf.txt"
    table: dict[str, float] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) == 2:
                table[parts[0]] = float(parts[1])
    values = sorted(table.values())
    return table, values[len(values) // 2]


_IDF_CACHE: dict[str, float] = {}  # a pure function of the term, asked for every term of every document


def idf(term: str) -> float:
    """IDF of one term; codes like "A3区" or "2019" count little, boilerplate even less."""
    value = _IDF_CACHE.get(term)
    if value is None:
        value = _idf(term)
        if len(_IDF_CACHE) < 1 << 20:  # the vocabulary is bounded in practice; the cap bounds memory
            _IDF_CACHE[term] = value
    return value


def _idf(term: str) -> float:
    table, median = _idf_table()
    if term in BOILERPLATE:
        return 1.0
    if _ASCII_ONLY.match(term):
        return 1.5  # numbers, years, anonymised codes: shared by unrelated messages
    value = table.get(term)
    if value is None:
        # Unseen words are mostly names (estates, companies, people): specific, but codes mixed with
        # Chinese ("A市") are the anonymised city every message mentions.
        value = 2.0 if _HAS_ASCII.search(term) else median
    if _is_admin_area(term):
        value *= AREA_FACTOR
    return value


# Names of provinces, cities, districts and counties (商州区, 洛南县, 商洛市): where, not what. A city's
# 12345 letters name their district in every other line; as a shared word the district alone tied
# letters about roads, schools and pensions into one 80-letter topic. Grouping never counts them as
# shared (``TopicGrouper.assign``: Shangluo mailbox, the largest topic 82 -> 37, 33 with the home
# city configured); where a document is still counts through the place bonus. Their low weight keeps
# them out of a topic's keywords and headline choice too.
AREA_FACTOR = 0.3
_ADMIN_AREA = re.compile(
    r"^[\u4e00-\u9fff]{2,6}(?:省|自治州|州|(?<![级困范城辖点强])[市县]"
    r"|(?<![小社城景园片辖市郊校新地专宅住居活业发范验护务各全本该学产禁户政扶商工库厂矿灾林牧功能])区)$"
)


_ADMIN_ENDS = "省州市县区旗"  # the last characters of _ADMIN_AREA's names and of county_names()
_ADMIN_AREA_CACHE: dict[str, int] = {}  # term -> 1 if a district/county name, else 0 (grouping asks per batch)


def _is_admin_area(term: str) -> int:
    value = _ADMIN_AREA_CACHE.get(term)
    if value is None:
        # The pattern misses the real names it must reject as generic (上城区, 萧山区, 丰县): the list has them.
        # Every such name ends in one of _ADMIN_ENDS: most terms are ruled out by their last character.
        value = int(term[-1:] in _ADMIN_ENDS and (_ADMIN_AREA.match(term) is not None or term in county_names()))
        if len(_ADMIN_AREA_CACHE) < 1 << 20:
            _ADMIN_AREA_CACHE[term] = value
    return value


@lru_cache(maxsize=64)
def home_area_words(area: str) -> frozenset[str]:
    """The office's own area as words ("清河县" -> {"清河县", "清河"}): in every local document, so
    they say nothing about what one is about. Empty for the placeholder "本县".

    A city's or a province's office also has the divisions inside it, bare as letters write them
    ("富阳万达", "钱塘新湾"): full names (富阳区) are place words anyway (``_is_admin_area``), but the bare
    ones tied Hangzhou's "富阳万达同心湾延期交付" to "富阳区农创客政府工程款迟迟不结算".
    """
    area = area.strip()
    if len(area) < 2 or area.startswith(("本", "我")):
        return frozenset()
    words = set()
    # The office as written and, when it is a real division written with what it belongs to
    # ("杭州市萧山区"), as the division itself (萧山区, 萧山).
    for name in {area, office_division(area) or area} | office_divisions(area):
        words.add(name)
        for suffix in ("自治州", "自治县", "新区", "省", "市", "区", "县", "州", "盟", "旗"):
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                words.add(name[: -len(suffix)])
                break
    return frozenset(words)


def term_weights(
    tokens: list[str],
    title_tokens: list[str] | None = None,
    limit: int = _DOC_TERMS,
    keep: Callable[[str], bool] | None = None,
) -> dict[str, float]:
    """A unit TF-IDF vector (sublinear tf) of the ``limit`` strongest terms, strongest first.

    Headline words weigh ``TITLE_BOOST`` times more: a headline names the event ("中兴", "魏则西")
    while bodies wander into background. ``keep`` drops terms that cannot match anything (words no
    other document uses only dilute the cosine); if it would drop everything it is ignored.
    """
    # Counted first, filtered after: one C-level pass, then a test per distinct term, not per token.
    counts = {term: count for term, count in Counter(tokens).items() if len(term) > 1}
    title = set(title_tokens or ())
    for token in title:
        if len(token) > 1:
            counts.setdefault(token, 1)
    if keep is not None:
        kept = {term: count for term, count in counts.items() if keep(term)}
        counts = kept or counts
    weights = {
        term: (1.0 + math.log(count)) * idf(term) * (TITLE_BOOST if term in title else 1.0)
        for term, count in counts.items()
    }
    top = heapq.nlargest(limit, weights.items(), key=lambda item: (item[1], item[0]))
    norm = math.sqrt(sum(value * value for _, value in top)) or 1.0
    return {term: value / norm for term, value in top}


_LOG_TF = np.array([0.0] + [1.0 + math.log(count) for count in range(1, 4096)])  # math.log, as term_weights


def batch_term_weights(
    tokens: TokenRun,
    title_tokens: TokenRun | None = None,
    limit: int = _DOC_TERMS,
    keep: np.ndarray | None = None,
    digits: int | None = None,
) -> list[dict[str, float]]:
    """``term_weights`` for every document of a batch run (``models.vocab``) at once.

    ``title_tokens``: the headline's tokens of each document (a run over the same batch); ``keep``: a
    flag per term id (``term_weights``'s ``keep``); ``digits``: round each weight (``round``) to these
    many decimals, as a stored analysis keeps them. Weights are computed with numpy per token and
    looked up once per distinct term; only picking each document's ``limit`` strongest is per document.
    """
    batch = tokens.batch
    n_docs = tokens.n_docs
    size = len(batch.terms)
    multi = batch.lengths() > 1
    columns = np.where(multi, np.arange(size), -1)
    counts = tokens.counts(columns, size)
    if title_tokens is not None and title_tokens.ids.size:
        in_title = title_tokens.counts(columns, size)
        in_title.data[:] = 1
        counts = counts.maximum(in_title).tocsr()  # a headline word counts once even if the body lacks it
        counts.sort_indices()
        # Which stored entries are headline words: every headline entry is one of them, and both lists
        # of (row, term) keys are sorted, so a binary search finds each.
        entry_rows = np.repeat(np.arange(n_docs), np.diff(counts.indptr))
        title_rows = np.repeat(np.arange(n_docs), np.diff(in_title.indptr))
        boosted = np.zeros(counts.nnz, dtype=bool)
        boosted[np.searchsorted(entry_rows * size + counts.indices, title_rows * size + in_title.indices)] = True
    else:
        boosted = np.zeros(counts.nnz, dtype=bool)
    idf_values = batch.per_term("idf", idf, np.float64, cache=_IDF_CACHE, missing=-1.0)
    data = counts.data
    log_tf = _LOG_TF[np.minimum(data, _LOG_TF.size - 1)]
    overflow = data >= _LOG_TF.size
    if overflow.any():
        log_tf[overflow] = 1.0 + np.log(data[overflow])
    weights = log_tf * idf_values[counts.indices] * np.where(boosted, TITLE_BOOST, 1.0)
    rows = np.repeat(np.arange(n_docs), np.diff(counts.indptr))
    allowed = np.ones(counts.nnz, dtype=bool)
    if keep is not None:
        kept = keep[counts.indices]
        has_kept = np.bincount(rows[kept], minlength=n_docs) > 0
        allowed = kept | ~has_kept[rows]  # a document whose terms would all be dropped keeps them all
    # One sort for the whole batch: by document, then weight, then term (larger first, as
    # term_weights breaks ties); each document's first ``limit`` entries are its vector.
    order = np.empty(size, dtype=np.int64)
    order[sorted(range(size), key=batch.terms.__getitem__)] = np.arange(size)
    entries = np.flatnonzero(allowed)
    entries = entries[lexsort((-order[counts.indices[entries]], -weights[entries], rows[entries]), distinct=True)]
    entry_rows = rows[entries]
    starts = np.searchsorted(entry_rows, np.arange(n_docs + 1))
    rank = np.arange(entries.size) - starts[entry_rows]
    entries = entries[rank < limit]
    entry_rows = entry_rows[rank < limit]
    values = weights[entries]
    norms = np.sqrt(np.bincount(entry_rows, weights=values * values, minlength=n_docs))
    values = values / np.where(norms > 0, norms, 1.0)[entry_rows]
    values = (values if digits is None else rounded(values, digits)).tolist()
    words = list(map(batch.terms.__getitem__, counts.indices[entries].tolist()))
    bounds = np.searchsorted(entry_rows, np.arange(n_docs + 1)).tolist()
    return [dict(zip(words[a:b], values[a:b], strict=True)) for a, b in zip(bounds, bounds[1:], strict=False)]


def rounded(values: np.ndarray, digits: int) -> np.ndarray:
    """``round(value, digits)`` of each value, as Python rounds it (the exact binary value, half to even).

    numpy's ``rint(value * 10**digits)`` picks the same last digit unless the product lies within a
    rounding error of a half; those few values are rounded by Python itself.
    """
    scale = 10.0 ** digits
    scaled = values * scale
    if digits < 0 or digits > 15 or not np.all(np.abs(scaled) < 2.0 ** 40):
        return np.array([round(value, digits) for value in values.tolist()], dtype=np.float64)
    result = np.rint(scaled) / scale
    near_half = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    if near_half.any():
        result[near_half] = [round(value, digits) for value in values[near_half].tolist()]
    return result


def _cosine(vector: dict[str, float], unit_centroid: dict[str, float]) -> float:
    if len(vector) > len(unit_centroid):
        vector, unit_centroid = unit_centroid, vector
    # The shared terms are found by a C-level set intersection; only they are multiplied. fsum is
    # exact, so the set's (per-process) order cannot change a score by a rounding error.
    return math.fsum([vector[term] * unit_centroid[term] for term in vector.keys() & unit_centroid.keys()])


@dataclass
class TopicState:
    """What persists between nights for one topic (``Topic.metadata["state"]``)."""

    id: str
    centroid: dict[str, float]
    place: str = ""
    category: str = ""
    kind_counts: dict[str, int] = field(default_factory=dict)
    size: int = 0
    # Members whose headline reports an incident (``reports_an_incident``): a topic of them is an event.
    incidents: int = 0
    # Members naming each place, under the fullest spelling of each (one entry per ``place_key``).
    place_counts: dict[str, int] = field(default_factory=dict)
    _spellings: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # key -> entry

    def count_place(self, place: str, count: int = 1) -> None:
        """Count ``count`` more members naming ``place``; ``place`` becomes the topic's place when it is
        now named by more members than the current one (a tie: when it is more specific).

        The most named place, not the most specific any member names: one story of 574 about 中兴
        that mentions 麦迪逊广场花园 made that the topic's place, giving documents naming it a bonus
        and those naming another estate a penalty. Constant time per call (a big topic names
        hundreds of places).
        """
        if not place or count <= 0:
            return
        if len(self._spellings) != len(self.place_counts):  # not built yet (loaded from a dict, or given)
            self._spellings = {place_key(name): name for name in self.place_counts}
        key = place_key(place)
        name = self._spellings.get(key, place)
        if (len(place), place) > (len(name), name):  # "丽发新城" and "丽发新城小区": keep the fuller
            self.place_counts[place] = self.place_counts.pop(name, 0)
            if self.place == name:
                self.place = place
            name = place
        self._spellings[key] = name
        self.place_counts[name] = self.place_counts.get(name, 0) + count
        current = self.place_counts.get(self.place, 0)
        if not self.place or name == self.place or (self.place_counts[name], place_level(name)) > (
            current, place_level(self.place)
        ):
            self.place = name

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "centroid": {term: round(value, 6) for term, value in self.centroid.items()},
            "place": self.place,
            "category": self.category,
            "kind_counts": dict(self.kind_counts),
            "size": self.size,
            "place_counts": dict(self.place_counts),
            "incidents": self.incidents,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TopicState:
        return cls(
            id=str(d["id"]),
            centroid={str(k): float(v) for k, v in (d.get("centroid") or {}).items()},
            place=str(d.get("place") or ""),
            category=str(d.get("category") or ""),
            kind_counts={str(k): int(v) for k, v in (d.get("kind_counts") or {}).items()},
            size=int(d.get("size") or 0),
            # States saved before the counts were kept: their place stands for one member.
            place_counts={str(k): int(v) for k, v in (d.get("place_counts") or {}).items()}
            or ({str(d["place"]): 1} if d.get("place") else {}),
            incidents=int(d.get("incidents") or 0),
        )

    @property
    def is_incident(self) -> bool:
        """Whether most members report an incident: the topic is that event, bound to its place."""
        return self.incidents * 2 > self.size


def most_named_place(places: list[str], least: int = 1, share: float = 0.0) -> str:
    """The place most of ``places`` name (spellings of one spot counting together, ``merged_places``:
    "丽发新城" and "丽发新城小区", "中海国际" and "含浦中海国际"; shown in the fullest); "" if it is named
    fewer than ``least`` times or by less than ``share`` of ``places``, or if another place of its
    level is named as often.

    A tie goes to the more specific place (a 街道 and one of its villages), but of two estates or two
    villages named once each neither is the topic's: a night's two letters, on 双塘村's wells and
    竹安村's road, were placed at 双塘村 and titled by 竹安村. (A topic's state keeps its place as it
    grows, ``TopicState.count_place``, in constant time per member: by ``place_key`` only.)"""
    spots = merged_places(Counter(places))
    if not spots:
        return ""
    place, count = max(spots, key=lambda spot: (spot[1], place_level(spot[0])))  # the first of equals
    level = place_level(place)
    tied = any(other != place and times == count and place_level(other) == level for other, times in spots)
    return place if count >= least and count >= share * len(places) and not tied else ""


def _letters(state: TopicState) -> bool:
    """Whether a topic is mostly hotline letters."""
    return state.kind_counts.get("hotline", 0) * 2 >= state.size


class TopicGrouper:
    """Groups documents into topics, night after night; see the module docstring.

    ``place_bonus`` is added to the cosine when document and topic name the same estate, village or
    community (a street or town earns a fifth of it); two different estates cost ``place_penalty``.
    ``home_words`` (``home_area_words`` of the configured area), like district and county names, never
    tie two documents together: every local document names its own county.
    """

    def __init__(
        self,
        join_threshold: float = 0.35,
        max_terms: int = 30,
        place_bonus: float = 0.25,
        place_penalty: float = 0.1,
        home_words: frozenset[str] = frozenset(),
    ) -> None:
        self.join_threshold = join_threshold
        self.home_words = home_words
        self.max_terms = max_terms
        self.place_bonus = place_bonus
        self.place_penalty = place_penalty
        self.states_: dict[str, TopicState] = {}
        self.members_: dict[str, str] = {}  # uid -> topic id for documents seen by this grouper
        # term -> {topic id: the term's weight in its centroid}, least recently changed topic first.
        self._postings: dict[str, dict[str, float]] = {}
        self._places: dict[str, dict[str, None]] = {}  # place key -> topic ids

    # -- index maintenance ---------------------------------------------------------------------------
    def _index(self, state: TopicState, old_terms: set[str] | None = None, old_place: str = "") -> None:
        for term in (old_terms or set()) - state.centroid.keys():
            self._postings.get(term, {}).pop(state.id, None)
        for term, weight in state.centroid.items():
            posting = self._postings.setdefault(term, {})
            # Re-inserting moves the topic to the end: recently active topics are scanned first.
            posting.pop(state.id, None)
            posting[state.id] = weight  # kept here so a lookup never has to open the topic's state
        if old_place and old_place != state.place:
            self._places.get(place_key(old_place), {}).pop(state.id, None)
        if state.place and place_level(state.place) >= 2:
            bucket = self._places.setdefault(place_key(state.place), {})
            bucket.pop(state.id, None)
            bucket[state.id] = None

    def fit(self, states: list[TopicState], members: dict[str, str] | None = None) -> TopicGrouper:
        """Load existing topics (and optionally which earlier document is in which topic, for reprints)."""
        self.states_ = {}
        self._postings = {}
        self._places = {}
        self.members_ = dict(members or {})
        for state in states:
            copy = TopicState.from_dict(state.to_dict())
            self.states_[copy.id] = copy
            self._index(copy)
        return self

    # -- scoring ---------------------------------------------------------------------------------------
    def _place_score(self, place: str, topic_place: str) -> float:
        if not place or not topic_place:
            return 0.0
        level = min(place_level(place), place_level(topic_place))
        if same_place(place, topic_place):
            return self.place_bonus if level >= 3 else (self.place_bonus / 5 if level == 2 else 0.0)
        # Only two different *estates* clash: news about one event names many villages and towns.
        if place_level(place) == 4 and place_level(topic_place) == 4:
            return -self.place_penalty
        return 0.0

    def _candidates(self, vector: dict[str, float], place: str) -> list[str]:
        scores: dict[str, float] = {}  # a plain dict: Counter's missing-key hook is a Python call
        get = scores.get
        postings = self._postings
        for term, weight in islice(vector.items(), _QUERY_TERMS):  # vectors list their strongest terms first
            posting = postings.get(term)
            if not posting:
                continue
            # Newest topics first, at most _POSTING_SCAN of them: a very common term cannot make one
            # lookup cost O(number of topics).
            for topic_id, topic_weight in islice(reversed(posting.items()), _POSTING_SCAN):
                scores[topic_id] = get(topic_id, 0.0) + weight * topic_weight
        items = scores.items()
        if len(scores) > _CANDIDATES:  # only topics scoring at least the 25th best can be chosen
            floor = sorted(scores.values(), reverse=True)[_CANDIDATES - 1]
            items = [item for item in items if item[1] >= floor]
        # Highest score first, then smallest id: two stable C-level sorts instead of a Python key per topic.
        ranked = sorted(sorted(items, key=_FIRST), key=_SECOND, reverse=True)
        chosen = [topic_id for topic_id, _ in ranked[:_CANDIDATES]]
        if place and place_level(place) >= 2:
            bucket = self._places.get(place_key(place), {})
            chosen.extend(islice(reversed(bucket), 10))
        return list(dict.fromkeys(chosen))

    # -- assignment ------------------------------------------------------------------------------------
    def _add(self, state: TopicState, vector: dict[str, float], item: dict[str, Any], incident: bool = False) -> None:
        old_terms = set(state.centroid)
        old_place = state.place
        merged: dict[str, float] = {term: value * state.size for term, value in state.centroid.items()}
        for term, value in vector.items():
            merged[term] = merged.get(term, 0.0) + value
        top = sorted(merged.items(), key=_SECOND_FIRST, reverse=True)[: self.max_terms]  # as nlargest, in C
        norm = math.sqrt(sum(value * value for _, value in top)) or 1.0
        state.centroid = {term: value / norm for term, value in top}
        state.size += 1
        kind = str(item.get("kind") or "")
        if kind:
            state.kind_counts[kind] = state.kind_counts.get(kind, 0) + 1
        place = str(item.get("place") or "")
        state.count_place(place)
        state.incidents += incident
        if not state.category and item.get("category"):
            state.category = str(item["category"])
        self._index(state, old_terms, old_place)

    @gc_paused()
    def assign(self, items: list[dict[str, Any]]) -> dict[str, str]:
        """Put each item in a topic (in the given order); returns uid -> topic id.

        Items: {"uid", "title", "tokens", "kind", "place", "category", "published", "duplicate_of"}
        (optionally "title_tokens"). After the single pass, topics opened tonight that turn out to be about the same thing as an
        earlier topic are merged into it (see ``_merge``); ``states_`` then holds every topic.
        """
        from models.tokenize import tokenize  # the shared segmenter; imported late to keep import cheap

        # "title_tokens" may come pre-segmented (benchmarks, re-runs); else the title is segmented here.
        titles = [
            item["title_tokens"] if item.get("title_tokens") is not None else tokenize(str(item.get("title") or ""))
            for item in items
        ]
        # Every document's vector in one batch pass (models.vocab): words used by one document tonight
        # and by no known topic can match nothing, so they are dropped (``keep``). A term any earlier
        # document of this batch added to the index is also used by this one, so the flags do not
        # change during the pass and can be computed up front.
        batch = TokenBatch([*(item.get("tokens") or () for item in items), *titles])
        bodies = batch.all.rows_from(0, len(items))
        headlines = batch.all.rows_from(len(items), len(items))
        present = (bodies.counts(np.arange(len(batch.terms)), len(batch.terms))
                   + headlines.counts(np.arange(len(batch.terms)), len(batch.terms)))
        batch_df = np.bincount(present.indices, minlength=len(batch.terms))
        indexed = batch.per_term("indexed", self._postings.__contains__, bool)
        # Place names two documents share (a district, the county itself) are no reason to keep a word:
        # a document sharing nothing else would be left with that one word, and a unit vector of it
        # matches fully however little the word weighs.
        place_word = batch.per_term("admin area", _is_admin_area, np.int8, cache=_ADMIN_AREA_CACHE) > 0
        if self.home_words:
            place_word |= batch.per_term(("home", self.home_words), self.home_words.__contains__, bool)
        keep = ((batch_df > 1) | indexed) & ~place_word
        vectors = batch_term_weights(bodies, headlines, keep=keep)

        existing = set(self.states_)
        states = self.states_
        fsum = math.fsum
        created: list[str] = []
        assignment: dict[str, str] = {}
        for item, vector in zip(items, vectors, strict=True):
            uid = str(item["uid"])
            place = str(item.get("place") or "")
            category = str(item.get("category") or "")
            original = str(item.get("duplicate_of") or "")
            topic_id = (assignment.get(original) or self.members_.get(original)) if original else None
            incident = reports_an_incident(str(item.get("title") or ""))
            if topic_id is None:
                needs_second = item.get("kind") != "hotline"
                best: tuple[float, str] | None = None
                for candidate in self._candidates(vector, place):
                    # How well the document fits: cosine, plus place agreement, minus a category clash
                    # (inline: this runs ~25 times per document).
                    state = states[candidate]
                    if incident and state.is_incident and different_spots(place, state.place):
                        continue  # a fire in another town is another fire
                    centroid = state.centroid
                    parts = [vector[term] * centroid[term] for term in vector.keys() & centroid.keys()]
                    value = fsum(parts)
                    if needs_second and (not parts or value - max(parts) < _SECOND_EVIDENCE):
                        continue
                    if place and state.place:
                        value += self._place_score(place, state.place)
                    if category and state.category and category != state.category:
                        value -= 0.05
                    if best is None or value > best[0] or (value == best[0] and candidate < best[1]):
                        best = (value, candidate)
                if best is not None and best[0] >= self.join_threshold:
                    topic_id = best[1]
            if topic_id is None or topic_id not in self.states_:
                topic_id = topic_id or stable_id(uid)
                self.states_[topic_id] = TopicState(id=topic_id, centroid={}, place="", category=category)
                created.append(topic_id)
            self._add(self.states_[topic_id], vector, item, incident)
            assignment[uid] = topic_id
        redirect = self._merge(created, existing)
        for uid, topic_id in assignment.items():
            while topic_id in redirect:
                topic_id = redirect[topic_id]
            assignment[uid] = topic_id
            self.members_[uid] = topic_id
        return assignment

    def _merge(self, created: list[str], existing: set[str], rounds: int = 5) -> dict[str, str]:
        """Fold tonight's new topics into an earlier topic whose centroid is close; returns old -> new id.

        One pass over documents splits a big story into a few topics (whichever sub-angle arrived
        first seeds each). Their centroids are far less noisy than single documents, so comparing
        centroids (threshold ``join_threshold - 0.05``) joins the parts. Only new topics are absorbed,
        always into an earlier one: ids already shown to editors never change.

        Topics are visited in order and a topic only changes when it is visited, so every score a
        round needs is a cosine between centroids as they were when the round began: one sparse
        matrix product finds the pairs near the threshold. After the first round only pairs with a
        topic that absorbed something can score differently, so later rounds multiply just those rows.
        """
        threshold = self.join_threshold - 0.05
        order = {topic_id: n for n, topic_id in enumerate(sorted(existing))}
        order.update({topic_id: len(order) + n for n, topic_id in enumerate(created)})
        redirect: dict[str, str] = {}
        absorbable = set(created)  # tonight's topics not absorbed yet: the only ones that can be
        changed: set[str] | None = None  # None: every topic is new to the comparison (first round)
        for _ in range(rounds):
            if not absorbable or changed == set():
                break
            pairs = self._close_pairs(order, absorbable, changed, threshold)
            changed = set()
            for topic_id, others in pairs:
                state = self.states_.get(topic_id)
                if state is None:
                    continue
                # Scores first, absorbing after: all of them compare the centroid as it was at the visit.
                values = [(other, self._centroid_dot(state.centroid, self.states_[other].centroid))
                          for other in others if other in absorbable]
                for other, value in values:
                    if value < threshold:
                        continue  # the place term below can only lower the value
                    # Two estates' complaints stay apart even when worded alike (leaking pipes...).
                    if value + min(0.0, self._place_score(state.place, self.states_[other].place)) < threshold:
                        continue
                    if state.is_incident and self.states_[other].is_incident and different_spots(
                        state.place, self.states_[other].place
                    ):
                        continue
                    # Letters and news or policy meet on more than one word: the demo's five letters
                    # about 桃源新村 took in a story on 桃源镇's mushroom sheds through "桃源" alone,
                    # and with it "重点：涉及中心工作“乡村振兴”".
                    if _letters(state) != _letters(self.states_[other]) and not self._second_evidence(
                        state.centroid, self.states_[other].centroid, value
                    ):
                        continue
                    self._absorb(state, self.states_.pop(other))
                    absorbable.discard(other)
                    redirect[other] = topic_id
                    changed.add(topic_id)
        return redirect

    @staticmethod
    def _second_evidence(centroid: dict[str, float], other: dict[str, float], value: float) -> bool:
        """Whether the cosine ``value`` of two centroids still reaches ``_SECOND_EVIDENCE`` without the
        one shared term that counts most (as a news story must to join a topic)."""
        largest = max((weight * other[term] for term, weight in centroid.items() if term in other), default=0.0)
        return value - largest >= _SECOND_EVIDENCE

    @staticmethod
    def _centroid_dot(centroid: dict[str, float], other: dict[str, float]) -> float:
        """Cosine of two unit centroids, summed in ``centroid``'s term order (scores never depend on set order)."""
        value = 0.0
        for term, weight in centroid.items():
            if term in other:
                value += weight * other[term]
        return value

    def _close_pairs(
        self, order: dict[str, int], absorbable: set[str], changed: set[str] | None, threshold: float
    ) -> list[tuple[str, list[str]]]:
        """(topic, later absorbable topics it may absorb), topics in visiting order.

        Pairs come from a sparse product of the current centroids, kept when their cosine is within a
        rounding error of ``threshold`` (the caller recomputes each exactly). With ``changed`` given,
        only pairs with at least one changed topic are looked at: the others scored below the
        threshold last round and still do.
        """
        from scipy import sparse

        topics = sorted(self.states_, key=order.__getitem__)
        # Every pair needs an absorbable topic; after the first round, also a changed one.
        rows = [topic_id for topic_id in topics if topic_id in (absorbable if changed is None else changed)]
        if not rows:
            return []
        # Every centroid as a row of one sparse matrix over the terms in order of first use; the rows
        # compared are picked from it (C-level loops: no Python step per term).
        centroids = [self.states_[topic_id].centroid for topic_id in topics]
        lengths = np.fromiter(map(len, centroids), dtype=np.int64, count=len(centroids))
        total = int(lengths.sum())
        vocabulary: defaultdict[str, int] = defaultdict()
        vocabulary.default_factory = vocabulary.__len__  # a new term gets the next column
        columns = np.fromiter(map(vocabulary.__getitem__, chain.from_iterable(centroids)), dtype=np.int64, count=total)
        weights = np.fromiter(chain.from_iterable(c.values() for c in centroids), dtype=np.float64, count=total)
        indptr = np.concatenate(([0], np.cumsum(lengths)))
        everything = sparse.csr_matrix((weights, columns, indptr), shape=(len(topics), len(vocabulary)))
        everything_t = everything.T.tocsr()
        position = {topic_id: n for n, topic_id in enumerate(topics)}
        found: dict[str, set[str]] = {}
        # In blocks of rows, so the product never holds much more than a million cosines at once.
        block = max(1, 1_000_000 // len(topics))
        for start in range(0, len(rows), block):
            chosen = [position[topic_id] for topic_id in rows[start:start + block]]
            product = (everything[chosen] @ everything_t).tocoo()
            keep = product.data >= threshold - 1e-9
            for i, j in zip(product.row[keep].tolist(), product.col[keep].tolist(), strict=True):
                first, second = rows[start + i], topics[j]
                if order[first] > order[second]:
                    first, second = second, first
                if first != second and second in absorbable:
                    found.setdefault(first, set()).add(second)
        return [(topic_id, sorted(found[topic_id], key=order.__getitem__))
                for topic_id in sorted(found, key=order.__getitem__)]

    def _absorb(self, state: TopicState, other: TopicState) -> None:
        """Merge ``other`` into ``state`` (size-weighted centroids) and drop ``other`` from the indexes."""
        for term in other.centroid:
            self._postings.get(term, {}).pop(other.id, None)
        if other.place:
            self._places.get(place_key(other.place), {}).pop(other.id, None)
        old_terms, old_place = set(state.centroid), state.place
        merged = {term: value * state.size for term, value in state.centroid.items()}
        for term, value in other.centroid.items():
            merged[term] = merged.get(term, 0.0) + value * other.size
        top = heapq.nlargest(self.max_terms, merged.items(), key=lambda pair: (pair[1], pair[0]))
        norm = math.sqrt(sum(value * value for _, value in top)) or 1.0
        state.centroid = {term: value / norm for term, value in top}
        state.size += other.size
        state.incidents += other.incidents
        for kind, count in other.kind_counts.items():
            state.kind_counts[kind] = state.kind_counts.get(kind, 0) + count
        for place, count in other.place_counts.items():
            state.count_place(place, count)
        state.category = state.category or other.category
        self._index(state, old_terms, old_place)


# -- describing a topic --------------------------------------------------------------------------------
# Parts of a page or feed headline: "标题 - cnBeta.COM", "标题|中兴通讯|电信设备", "36氪研究院 | 标题". A dash
# separates only when spaced on one side: 10-12栋, F-35, 中国-东盟, 中国—东盟 and the subtitle dash ——
# belong to the headline.
_TITLE_PARTS = re.compile(r"\s*[|｜]\s*|\s*(?<![A-Za-z])_(?![A-Za-z])\s*|\s+[-–—](?![-–—])\s*|(?<![-–—\s])[-–—]\s+")
# An unspaced dash before a site's name: "…调查情况公布-中新网辽宁频道", "…-南方都市报·奥一网".
_SITE_NAME = r"[^-–—|｜_）)》】”“]{1,20}(?:网|报|频道|在线|客户端|\.com|\.cn|\.COM)"
# ... or before a list of keywords: "…伤者索赔154万！动物园回应-北京,老虎,咬人,起诉".
_SITE_TAIL = re.compile(rf"(?<![0-9A-Za-z\-–—\s])-(?:{_SITE_NAME}|(?:[^-,，]{{1,12}}[,，]){{2,}}[^-,，]{{0,12}})$")
_TITLE_HEAD = re.compile(r"^\s*[【\[][^】\]]{1,20}[】\]]\s*")


def clean_title(title: str, kind: str = "", limit: int = 40) -> str:
    """A headline without site names ("... - cnBeta.COM"), keyword tails or column names
    (【一线调研】, "36氪研究院 | …"), cut to ``limit``.

    A hotline letter's title is the citizen's own words and is only cut to length: its dashes and
    brackets are theirs (夜间10-凌晨4点施工扰民, 【破坏耕地，污染环境】…).
    """
    text = " ".join((title or "").split())
    if kind != "hotline":
        parts = [part for part in _TITLE_PARTS.split(text) if part]
        if len(parts) > 1:
            # The headline is the first part, unless that is a column name (short, or short before a
            # long second part) and the second part is not a site's name: "图解|关于白银连环杀人案…",
            # "07版 - 甘肃鲜花远销海外", but "港口作业忙 | 中国新闻网".
            head, second = parts[0], parts[1]
            short = len(head) < 6 or (len(head) <= 10 and len(second) >= max(12, 1.5 * len(head)))
            column = short and len(second) > len(head)
            text = second if column and not re.fullmatch(_SITE_NAME + r"[A-Za-z0-9. ]{0,12}", second) else head
        text = _SITE_TAIL.sub("", text)
        stripped = _TITLE_HEAD.sub("", text)
        if len(stripped) >= 6:
            text = stripped
    # A full stop or trailing commas end no headline ("…无网络、无信号。", "…的建议..", real letters):
    # the briefing writes "标题。理由：…" and would say "。。".
    text = text.rstrip("。.，,、；; ") or text
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe_topic(members: list[dict[str, Any]], office_area: str = "") -> tuple[str, list[str], str]:
    """(readable title, 3-8 keywords, place) for a topic's members.

    The title is the member headline closest to the topic centroid (a real headline an editor can
    read, not a bag of words); with the office's ``office_area``, a headline of one of its own letters
    where the topic has any (Hangzhou's 消防 theme was titled by a letter about 嘉兴's 秀洲区).
    A topic placed at an estate, village or community is titled by a letter naming it. Keywords are
    the terms with the highest summed weight, preferring those several members share, none inside
    another, a road or a division named whole (``named_whole``). Place is the
    most specific place that most of the members naming a place agree on.
    """
    if not members:
        return "", [], ""
    from models.tokenize import tokenize

    vectors: list[dict[str, float]] = []
    document_freq: Counter[str] = Counter()
    for member in members:
        vector = member.get("terms")  # stored by the analysis: nothing is segmented again
        if not vector:
            tokens = member.get("tokens")
            if tokens is None:
                tokens = tokenize(f"{member.get('title') or ''} {str(member.get('text') or '')[:3000]}")
            title = str(member.get("title") or "")
            vector = term_weights(list(tokens), tokenize(title) if title else None)
        vectors.append(vector)
        document_freq.update(vector.keys())
    centroid: dict[str, float] = {}
    for vector in vectors:
        for term, value in vector.items():
            centroid[term] = centroid.get(term, 0.0) + value
    norm = math.sqrt(sum(value * value for value in centroid.values())) or 1.0
    unit = {term: value / norm for term, value in centroid.items()}

    scored = []
    for index, (member, vector) in enumerate(zip(members, vectors, strict=True)):
        title = str(member.get("title") or "").strip()
        if title:
            scored.append((-_cosine(vector, unit), index, title))
    if office_area:
        areas = member_areas(members)
        local = [item for item in scored if not outside_area(areas[item[1]], office_area)]
        scored = local or scored
    # Spellings of one place ("丽发新城", "丽发新城小区") count together; the fullest spelling is shown.
    # The place more members name than any other, and in a topic of three or more only if two do: ten
    # letters about property firms across a city, one naming 合生国际天珑湾小区, are not about that estate.
    # Nor if it is named by under a third of the members naming a place: 14 letters on night building
    # work, ten naming nine places, three of them A3区, are a city-wide theme (the only topic of tipdm's
    # night of 2020-01-10 that this changes).
    # The office's own county is no place to tell its editors ("地点：清河县" of 清河县's own news).
    home = office_names(office_area)
    named = [str(m["place"]) for m in members if m.get("place") and m["place"] not in home]
    place = most_named_place(named, 2 if len(members) >= 3 else 1, share=1 / 3)
    if place_level(place) >= 3:
        # A topic of one estate or village is titled by a headline that names it, where one does:
        # 工业园职工公寓's letters (房产证, 楼道灯, 排烟) and two 二手房过户 questions that joined on
        # their words were titled "咨询不动产登记". Not by any letter naming it: six 学区 questions
        # from four estates, three of them 翠湖小区, would be titled "教育问题咨询".
        core = place_key(place)
        there = [item for item in scored if core in item[2]]
        scored = there or scored
    # A headline of two or three characters ("消防", "停车", real letters) names a subject, not a
    # matter: a topic's title is one of its fuller headlines where it has any.
    # In order of fit, the first that passes (a topic of hundreds need not clean every headline).
    title = ""
    if scored:
        ordered = sorted(scored)
        _, best, headline = next((item for item in ordered if len(clean_title(item[2])) >= 4), ordered[0])
        title = clean_title(headline, str(members[best].get("kind") or ""))

    # Shared terms first: in a topic of several documents, a word only one of them uses is noise.
    shared = len(members) >= 3
    ranked = sorted(  # (-weight, term) pairs: the tuples sort as they should, with no key function to call
        (-(value * (1.0 if not shared or document_freq[term] >= 2 else 0.3)), term) for term, value in centroid.items()
    )
    home = home_area_words(office_area)  # where every letter is: "杭州" of Hangzhou's office
    # A word inside another keyword, or holding one, says nothing more (消防 of 消防通道, 车位 of 停车位).
    # A word that starts a road's or a division's name in every headline naming it is shown as the
    # road or division (营盘 -> 营盘路, 市府 -> 市府大道, 石桥 -> 石桥街道), and then no piece of it is a
    # keyword of its own (山路 of 乌山路); a road's tail glued to a direction (路西 of 咸嘉湖西路西) is
    # none at all.
    # The first eight that pass: a big topic's centroid has thousands of terms, and the filter reads
    # only as far as it needs.
    titles = "\n".join(str(member.get("title") or "") for member in members)
    keywords: list[str] = []
    roads: list[str] = []
    for _, term in ranked:
        if not plain_word(term) or term in place or term in home:  # place: "阳光", "新城" of 阳光新城
            continue
        word = named_whole(term, titles)
        if not word or word in place or any(word in road for road in roads):
            continue
        if word != term:
            roads.append(word)
            keywords = [keyword for keyword in keywords if keyword not in word]
        elif any(word in kept or kept in word for kept in keywords):
            continue  # 消防 beside 消防通道, 噪音扰民 beside 噪音: one of them says it
        keywords.append(word)
        if len(keywords) == 8:
            break
    if len(keywords) < 3:  # any word then, but still not the office's own area
        keywords += [term for _, term in ranked if term not in keywords and term not in home][: 3 - len(keywords)]
    return title, keywords, place


# -- evaluation on real data ---------------------------------------------------------------------------
def adjusted_rand_index(labels_true: list[str], labels_pred: list[str]) -> float:
    """Hubert-Arabie adjusted Rand index from the contingency table (no pair enumeration)."""
    from sklearn.metrics import adjusted_rand_score

    return float(adjusted_rand_score(labels_true, labels_pred))


def _char_shingles(text: str, width: int = 5) -> set[str]:
    text = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", text)
    return {text[i:i + width] for i in range(max(1, len(text) - width + 1))} if text else set()


def reprint_pairs(bodies: list[str], threshold: float = 0.8) -> list[tuple[int, int]]:
    """Exact pairs of bodies whose character 5-gram Jaccard similarity is at least ``threshold``.

    The gold standard for reprints. Prefix filtering (Chaudhuri et al. 2006) keeps it exact without
    comparing all pairs: order each set's shingles rarest first; two sets with Jaccard >= t must share
    one of the first |s| - ceil(t*|s|) + 1 shingles of each, so only those go into the index.
    """
    sets = [_char_shingles(body) for body in bodies]
    freq: Counter[str] = Counter()
    for shingles in sets:
        freq.update(shingles)
    ordered = [sorted(shingles, key=lambda g: (freq[g], g)) for shingles in sets]
    index: dict[str, list[int]] = {}
    pairs: list[tuple[int, int]] = []
    for j, shingles in enumerate(ordered):
        size = len(shingles)
        if size == 0:
            continue
        prefix = size - math.ceil(threshold * size) + 1
        seen: set[int] = set()
        for gram in shingles[:prefix]:
            for i in index.get(gram, ()):
                if i in seen:
                    continue
                seen.add(i)
                other = len(sets[i])
                # Length filter: Jaccard >= t needs t*|a| <= |b| <= |a|/t.
                if other < threshold * size or size < threshold * other:
                    continue
                common = len(sets[i] & sets[j])
                if common / (size + other - common) >= threshold:
                    pairs.append((i, j))
            index.setdefault(gram, []).append(j)
    return pairs


def _parse_time(value: str) -> datetime | None:
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
    return None


class EventNewsDataError(ValueError):
    """A labelled news file that cannot be read as event_news's format; the message names file and line."""


# Other names the body, the event label and the time of a story go by in news datasets of the same shape.
_BODY_FIELDS = ("body", "text", "content", "正文", "内容")
_EVENT_FIELDS = ("event", "label", "topic", "cluster", "事件", "话题")
_TIME_FIELDS = ("date", "published", "time", "pubtime", "时间", "发布时间")


def read_event_news(path: str | Path) -> list[dict[str, Any]]:
    """The labelled stories of a JSON-lines file in event_news's format (event, date, title, body), or of
    a sheet (XLSX/CSV) whose first row names those fields, checked: a line that is not a JSON object, has
    no event label, or has neither title nor body is an error naming the file and line. UTF-8 (with or
    without BOM) or GB18030; the body may also be called text or content, the event label topic or
    cluster, the date published or time (``_BODY_FIELDS``, ``_EVENT_FIELDS``, ``_TIME_FIELDS``), and the
    date may be written as any export writes it (2017年3月1日, ISO 8601, Unix seconds)."""
    from extractors.files import labelled_records
    from extractors.text import parse_time_value

    path = Path(path)
    rows = []
    for where, row in labelled_records(path, EventNewsDataError):
        if "title" not in row and "标题" in row:  # a sheet headed in Chinese
            row["title"] = row.pop("标题")
        event = next((row[name] for name in _EVENT_FIELDS if str(row.get(name) or "").strip()), "")
        if not str(event).strip():
            raise EventNewsDataError(f"{where}: no event label (the field event, or {', '.join(_EVENT_FIELDS[1:])})")
        body = next((row[name] for name in _BODY_FIELDS if str(row.get(name) or "").strip()), "")
        if not str(row.get("title") or "").strip() and not body:
            raise EventNewsDataError(f"{where}: no title or body")
        when = next((row[name] for name in _TIME_FIELDS if str(row.get(name) or "").strip()), None)
        rows.append({**row, "event": str(event), "title": str(row.get("title") or ""), "body": str(body),
                     "published": parse_time_value(when)})
    if not rows:
        raise EventNewsDataError(f"{path.name}: no labelled stories")
    return rows


def evaluate_grouping(path: str | Path, join_threshold: float = 0.35, reprint_threshold: float = 0.8) -> dict[str, Any]:
    """Group the labelled event news (JSONL: event, date, title, body) as the nightly flow would.

    Returns the adjusted Rand index of topics against the event labels, and reprint detection
    precision/recall: a document is a reprint if an earlier one (in published order) has a body
    with character 5-gram Jaccard >= ``reprint_threshold``; it is detected if ``NearDuplicateIndex``
    names an earlier document of the same reprint group.
    """
    from models.dedup import NearDuplicateIndex
    from models.places import document_place
    from models.tokenize import tokenize

    rows = read_event_news(path)
    items = []
    body_tokens: dict[str, list[str]] = {}
    for number, row in enumerate(rows):
        uid = f"event/{number:05d}"
        # Segmented apart so the reprint check can use the body alone (reprints retitle freely).
        body_tokens[uid] = tokenize(row.get("body", ""))
        items.append(
            {
                "uid": uid,
                "title": row.get("title", ""),
                "body": row.get("body", ""),
                "tokens": tokenize(row.get("title", "")) + body_tokens[uid],
                "kind": "news",
                "place": document_place(row.get("title", ""), row.get("body", ""), "news"),
                "category": "",
                "published": row["published"],
                "label": row.get("event", ""),
            }
        )
    items.sort(key=lambda item: (item["published"] or datetime.min, item["uid"]))

    index = NearDuplicateIndex()
    for item in items:
        item["duplicate_of"] = index.add(item["uid"], body_tokens[item["uid"]]) or ""

    grouper = TopicGrouper(join_threshold=join_threshold)
    assignment = grouper.assign(items)
    ari = adjusted_rand_index([item["label"] for item in items], [assignment[item["uid"]] for item in items])

    # Reprint groups: connected components of the gold pairs (union-find).
    parent = list(range(len(items)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in reprint_pairs([item["body"] for item in items], reprint_threshold):
        parent[root(i)] = root(j)
    position = {item["uid"]: n for n, item in enumerate(items)}
    seen_groups: set[int] = set()
    gold: set[int] = set()
    for n in range(len(items)):
        if root(n) in seen_groups:
            gold.add(n)
        seen_groups.add(root(n))
    flagged = {n for n, item in enumerate(items) if item["duplicate_of"]}
    correct = {n for n in flagged if root(position[items[n]["duplicate_of"]]) == root(n)}
    sizes = Counter(assignment.values())
    return {
        "documents": len(items),
        "events": len({item["label"] for item in items}),
        "topics": len(sizes),
        "largest_topic": max(sizes.values()) if sizes else 0,
        "ari": round(ari, 4),
        "reprints": len(gold),
        "flagged": len(flagged),
        "reprint_precision": round(len(correct) / len(flagged), 4) if flagged else 1.0,
        "reprint_recall": round(len(correct & gold) / len(gold), 4) if gold else 1.0,
    }


def read_hotline_csv(path: str | Path) -> list[dict[str, Any]]:
    """Rows of the TipDM 2020-C message export as grouping items (without tokens)."""
    items = []
    with Path(path).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            items.append(
                {
                    "uid": f"hotline/{row['留言编号']}",
                    "title": row["留言主题"].strip(),
                    "text": " ".join(row["留言详情"].split()),
                    "kind": "hotline",
                    "published": _parse_time(row["留言时间"]),
                    "likes": int(row.get("点赞数") or 0),
                    "category": "",
                    "duplicate_of": "",
                }
            )
    return items
