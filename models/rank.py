"""Ranking topics for editors, with reasons an editor can read.

``rank_score`` is a weighted sum (``RankWeights``) of components that are each in 0..1: the four
point scores (key boosted by closeness to this year's central work), heat (volume, distinct sources,
likes), trend (last 3 days against the earlier daily baseline), warning level, incident (an alert whose
headline reports a fire, a collapse or a poisoning that happened: a 突发事件 the office reports at once,
fading over three days) and recency (a 贯彻落实 report is due within three days, so freshness decays with
a three-day scale). Novelty pushes down a topic editors already rejected or reported, unless it has grown
markedly since.

A topic is scored and described on its members of the last ``window_days`` (30): one that has run for
years (an estate's leaking roofs, 2019 to tonight) is judged on what is new, its earlier members
counted in a "持续" reason.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

import ahocorasick

from models.cues import (
    ALERT_CUES,
    COMPLAINT_MARKERS,
    GENRE_CUES,
    POINT_CUES,
    PROBLEM_WORDS,
    SIGNAL_KIND_NAMES,
    WEAK_SIGNAL_WORDS,
    incident_words,
    mentions,
    reported_as_work,
    signal_kind,
    signal_kind_in,
)
from models.gc_pause import gc_paused
from models.places import (
    extract_place,
    is_division,
    mansion_estate,
    member_areas,
    merged_places,
    office_names,
    office_provinces,
    outside_area,
    place_key,
    place_level,
    place_text,
    provinces_named,
)
from models.topics import BOILERPLATE, clean_title, describe_topic, home_area_words, plain_word
from xuanti.records import POINTS, WARNING_LEVELS, Topic
from xuanti.settings import RankWeights

__all__ = ["rank_topics", "central_work_hits"]

RECENT_DAYS = 3
# A rise is reported as one ("为前期日均的N倍") from three recent items at half as many again per day.
RISE_MIN_RECENT = 3
RISE_MIN_RATIO = 1.5
WINDOW_DAYS = 30
_KIND_NAMES = {"hotline": ("12345热线", "件"), "news": ("新闻", "篇"), "policy": ("政策文件", "份"), "file": ("本地材料", "份")}
_WARNING_VALUE = {"none": 0.0, "watch": 0.5, "alert": 1.0}
# Topics editors already decided on (review app: accepted / rejected) sink unless they grew markedly.
_SEEN_STATUSES = {"rejected": "已否决", "reported": "已报送", "accepted": "已采用"}


def _incident(members: list[dict[str, Any]], now: datetime, office_area: str = "") -> tuple[float, str]:
    """The incident component of members at the alert level and its reason: 1 for a headline reporting a
    fire, a collapse or a poisoning that happened (``incident_words``) tonight, fading over three days.

    Only the office's own: a headline naming another province (新闻联播's "习近平对河南安阳市…火灾事故
    作出重要指示": all 19 of the shipped model's incident alerts there, 2022-2026) reports another office's
    突发事件; an office whose area the division table does not know (本县) counts any province as another.
    A letter is the office's own whatever province its headline names: tipdm's "A3区北京御园10栋2单元…弱电井
    起火" is a fire on an estate of A市."""
    newest: datetime | None = None
    words: dict[str, None] = {}
    home = office_provinces(office_area)
    for member in members:
        title = str(member.get("title") or "")
        found = incident_words(title)
        if not found or (member.get("kind") != "hotline" and provinces_named(title) - home):
            continue
        words.update(dict.fromkeys(found))
        moment = _naive(member.get("published"))
        if moment is not None and (newest is None or moment > newest):
            newest = moment
    if not words:
        return 0.0, ""
    if newest is None:  # undated: as old as the window, no weight but the reason
        return 0.0, f"突发：报道{_quoted(list(words)[:2])}"
    age = max(0.0, ((_naive(now) or now) - newest).total_seconds() / 86400)
    return math.exp(-age / RECENT_DAYS), f"突发：{newest.month}月{newest.day}日报道{_quoted(list(words)[:2])}，属突发事件"


def _naive(moment: datetime | None) -> datetime | None:
    """Compare datetimes without tz trouble: aware ones are taken as wall-clock time."""
    return moment.replace(tzinfo=None) if moment is not None and moment.tzinfo is not None else moment


def central_work_hits(members: list[dict[str, Any]], central_work: list[str]) -> Counter[str]:
    """How many members mention each central-work term (title, keywords or the first 3,000 characters)."""
    hits: Counter[str] = Counter()
    for member in members:
        haystack = " ".join(
            [str(member.get("title") or ""), " ".join(member.get("keywords") or []), str(member.get("text") or "")[:3000]]
        )
        for term in central_work:
            if term and term in haystack:
                hits[term] += 1
    return hits


def hotline_name(sources: Iterable[str]) -> str:
    """What citizen messages from these sources are called: 12345热线, unless all came from one source
    named otherwise in Chinese (市长信箱, 领导留言板), whose letters are no 12345 calls."""
    names = set(sources)
    name = names.pop() if len(names) == 1 else ""
    return name if re.search("[\u4e00-\u9fff]", name) and "12345" not in name else "12345热线"


def _hotline_name(members: list[dict[str, Any]]) -> str:
    return hotline_name(str(m.get("source") or "") for m in members if m.get("kind") == "hotline")


def _aggregate(values: list[float]) -> float:
    """A topic's point score: half the best member, half the mean of the top three (one loud outlier is not enough)."""
    if not values:
        return 0.0
    top = sorted(values, reverse=True)[:3]
    return 0.5 * top[0] + 0.5 * sum(top) / len(top)


def names_a_problem(word: str, text: str) -> bool:
    """Whether a cue word is a problem that ``text`` reports: not a fire or an epidemic named only as
    a risk ("一旦发生火灾", "疾病很容易被传染": the problem is the blocked lane or the garbage), nor a
    word the text uses as no sign at all (one person's 确诊, sewage that 聚集)."""
    kind = signal_kind(word)
    if not kind:
        return True
    used = signal_kind_in(word, text)
    return bool(used) and not (kind in ("disaster", "health") and used != kind)


def _cue_list(
    members: list[dict[str, Any]],
    names: tuple[str, ...],
    limit: int = 3,
    keep: frozenset[str] | None = None,
    weak: frozenset[str] = frozenset(),
    place: str = "",
    plain: bool = False,
    least: int = 1,
    point: str = "",
    drop: frozenset[str] = frozenset(),
    as_used: bool = False,
) -> list[str]:
    """The words most members give as reasons under ``names`` (only those in ``keep``, when given;
    only ``plain_word``s with ``plain``; only words at least ``least`` members give). With ``point``,
    only the members that carry that point speak (score >= 0.5), when any does. Words in ``drop`` never;
    with ``as_used``, no word a member uses as no problem of its own (``names_a_problem``).

    Words in ``weak``, words of the topic's ``place`` ("新城" of 阳光新城) and single characters ("县",
    "楼", "做") come last: they drove a model, but an editor learns little from them. A word inside a
    word already chosen, or around one, is skipped.
    """
    if point:
        # Every member lists the words that pushed each point up, even a letter scored 0.01 for 重点;
        # a topic is 重点 for what its 重点 members say (阳光新城's letters gave "老人", "项目").
        carrying = [m for m in members if float((m.get("scores") or {}).get(point, 0.0)) >= 0.5]
        members = carrying or members
    counts: Counter[str] = Counter()
    for member in members:
        cues = member.get("cues") or {}
        words = [
            word for name in names for word in cues.get(name) or [] if (keep is None or word in keep) and word not in drop
        ]
        if as_used:
            text = f"{member.get('title') or ''}\n{member.get('text') or ''}"
            words = [word for word in words if names_a_problem(word, text)]
        counts.update(dict.fromkeys(words, 1))
    if plain:
        counts = Counter({word: count for word, count in counts.items() if plain_word(word)})
    ranked = sorted(((word, count) for word, count in counts.items() if count >= least), key=lambda item: (
        item[0] in weak or len(item[0]) < 2 or item[0] in place,
        -item[1],
        item[0],
    ))
    chosen: list[str] = []
    for cue, _ in ranked:
        # "安全隐患" and "隐患" are one reason, said once.
        if not any(cue in other or other in cue for other in chosen):
            chosen.append(cue)
        if len(chosen) == limit:
            break
    return chosen


# What the public cares about is a matter (停车, 学位, 物业费), not what happened to it: verbs and
# adjectives the hot model also leans on (才能, 允许, 出现, 方便) read as noise in "热点：涉及……等群众
# 关注的问题", unless the hot lexicon names them (停水, 就业, 拆迁).
_NOT_MATTER_TAGS = frozenset({"v", "vd", "vi", "vg", "a", "ad", "ag", "z"})
# Nouns that name no matter come last, with the 12345 boilerplate ("小区", "居民").
_HOT_WEAK = BOILERPLATE | {"百姓", "原因", "人员", "公司", "大量", "地方", "无法", "生活"}
# Neither matters nor anything a reader would call one: "热点：涉及“市委”“市政府”" and "涉及“口径”"
# (市长信箱 letters asking for a work report or trade figures).
_HOT_NOT_MATTERS = frozenset({
    "报告", "口径", "数据", "公告", "计划", "文件", "材料", "全力", "有限公司", "通报", "结果", "主动", "联系", "电话",
    "网上",
    # Hangzhou's night of 2026-06-12: "热点：涉及“基本”“违规”“部分”", "涉及“停车”“医院”“人民”".
    "部分", "全部", "基本", "人民", "临时", "三级", "证明", "老家", "时段", "距离", "麻烦", "负责人", "条例",
    "法律法规", "流动", "违规", "违法", "政府部门",
})


@lru_cache(maxsize=2)
def _no_matters(point: str = "hot") -> frozenset[str]:
    """The verbs and adjectives of jieba's dictionary (``_NOT_MATTER_TAGS``) outside ``point``'s lexicon.

    For 特点 also the words of a success report (取得, 实现, 同比增长): "特点：“创新”“取得”“实现”等做法"
    named no practice.
    """
    from models.tokenize import dictionary_tags

    verbs = frozenset(dictionary_tags(lambda _, tag: tag in _NOT_MATTER_TAGS)) - frozenset(POINT_CUES[point])
    return verbs | frozenset(GENRE_CUES["success"]) if point == "distinctive" else verbs


# Whose decisions a 重点 item carries out, said once as a level ("重点：中央部署，涉及……") instead of as
# words among the work areas ("涉及“中央”“保障”“就业”"). Highest level first.
_AUTHORITY_LEVELS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("中央", ("中央", "党中央", "总书记", "国务院")),
    ("省委省政府", ("省委", "省政府")),
    ("市委市政府", ("市委", "市政府")),
    ("县委县政府", ("县委", "县政府")),
)
_AUTHORITY_WORDS = frozenset(word for _, words in _AUTHORITY_LEVELS for word in words)
# Words the 重点 model leans on that name no area of work (100 days of feeds gave 发展, 重点, 当地, 实际,
# 基本, 动态, 办法, 广东 as reasons): they come last. Also places, pronouns, times and numbers (jieba's ns,
# r, s, t, m tags): "广东", "我国", "当地", "眼下".
_KEY_GENERIC = frozenset({
    "发展", "新", "重点", "群众", "思想", "好", "级", "超过", "国家", "实际", "基本", "动态", "办法", "材料",
    "文章", "做好", "全力", "学习", "提升", "提高", "加快", "实施", "建设", "精神", "工作", "情况", "有关",
    "方案", "意见", "措施", "举措", "重要", "全面", "推进", "推动", "加强", "坚持", "深入", "持续", "全国",
    "全省", "全市", "全县", "全区",
})
# Lexicon words that say a document carries out decisions, or what kind of document it is, not the area
# of work: last too, and dropped once a level is said ("中央部署，涉及“企业”“部署”").
_KEY_CARRYING_OUT = frozenset({
    "部署", "决策部署", "贯彻落实", "落实", "中心工作", "重点工作", "目标任务", "通知", "实施意见", "工作方案",
    "指导意见",
})


@lru_cache(maxsize=1)
def _places_and_pronouns() -> frozenset[str]:
    """jieba's places, pronouns, locatives, times and numbers (ns, r, s, t, m): "广东", "我国", "当地", "眼下"."""
    from models.tokenize import dictionary_tags

    return frozenset(dictionary_tags(lambda _, tag: tag in {"ns", "r", "s", "t", "m"}))


@lru_cache(maxsize=1)
def _names_not_matters() -> frozenset[str]:
    """jieba's places, persons and distinguishing words (ns, nr, nrt, b: 城关, 秦岭, 二小) besides
    ``_places_and_pronouns``: where or who a letter is about, not what."""
    from models.tokenize import dictionary_tags

    return _places_and_pronouns() | frozenset(dictionary_tags(lambda _, tag: tag in {"nr", "nrt", "b"}))


@lru_cache(maxsize=8)
def _hot_weak_and_drop(office_area: str = "") -> tuple[frozenset[str], frozenset[str]]:
    """Words of a 热点 reason that come last ("小区", "广西", "当地"), and those never said (verbs,
    authorities, paperwork, the office's own city: Shangluo's letter asking for 商洛's trade figures read
    "热点：涉及“商洛”"). Built once per area: the verbs alone are tens of thousands of words."""
    drop = _no_matters() | _AUTHORITY_WORDS | _HOT_NOT_MATTERS | home_area_words(office_area)
    return _HOT_WEAK | _places_and_pronouns(), drop


@lru_cache(maxsize=1)
def _key_weak() -> frozenset[str]:
    return (_KEY_GENERIC | _places_and_pronouns()) - frozenset(POINT_CUES["key"]) | _KEY_CARRYING_OUT


def _key_reason(members: list[dict[str, Any]], place: str, home: frozenset[str] = frozenset()) -> str:
    """"重点：中央部署，涉及“就业”“专项行动”": the highest level whose decisions the 重点 members name,
    then up to three areas of work from the words that drove the label."""
    carrying = [m for m in members if float((m.get("scores") or {}).get("key", 0.0)) >= 0.5] or members
    named = {word for member in carrying for word in (member.get("cues") or {}).get("key") or []}
    level = next((name for name, words in _AUTHORITY_LEVELS if named & set(words)), "")
    drop = (_AUTHORITY_WORDS | _KEY_CARRYING_OUT if level else _AUTHORITY_WORDS) | home
    weak = _key_weak()
    areas = _cue_list(members, ("key",), weak=weak, place=place, plain=True, point="key", drop=drop)
    # Generic words only fill in when nothing else is said: "中央部署，涉及“全力”“国家”" says less than
    # "中央部署", and "涉及“农业”“农村”“通知”" less than "涉及“农业”“农村”".
    named_areas = [word for word in areas if word not in weak]
    areas = named_areas if named_areas or level else areas
    about = f"涉及{_quoted(areas)}" if areas else ""
    if level:
        return f"重点：{level}部署" + (f"，{about}" if about else "")
    return f"重点：{about or '关键词命中重点工作'}"


def _policy_reason(members: list[dict[str, Any]], title: str) -> str:
    """"政策：《清河县保障农民工工资支付工作实施办法》（11月7日发布）" when a topic of letters or news
    holds a policy document: the report an editor writes is how it is carried out (贯彻落实). Not when
    the topic is titled after the policy: the title says it."""
    policies = sorted(
        (m for m in members if m.get("kind") == "policy" and m.get("title")),
        key=lambda m: (_naive(m.get("published")) or datetime.min, str(m.get("uid"))),
    )
    if not policies or len(policies) == len(members):
        return ""  # a topic of policy documents alone is titled after one already
    newest = policies[-1]
    if title and any(str(m["title"]).strip().startswith(title.strip().rstrip("…")) for m in policies):
        return ""
    day = _naive(newest.get("published"))
    issued = f"（{day.month}月{day.day}日发布）" if day else ""
    more = f"等{len(policies)}份" if len(policies) > 1 else ""
    return f"政策：《{str(newest['title']).strip('《》')}》{issued}{more}"


_ALERT_KINDS = frozenset({*ALERT_CUES, "fraud"})
_KIND_ORDER = list(SIGNAL_KIND_NAMES)


# A practice is often named in quotation marks in the headline or lead: “即接即办”, “小额快救”,
# “治理三要”, “梨树模式”. Two characters only from a headline (“村晚”, “辣味”): in a lead they are
# mostly metaphors (“大脑”, “血管”, “奔跑”).
_QUOTED_TERM = re.compile(r"“([\u4e00-\u9fffA-Za-z0-9+·]{2,8})”")  # “林权+碳汇”
_LEAD_CHARS = 300
# Slogans quoted everywhere, not one place's practice. Others are found by count: a term quoted in
# COMMON_QUOTED topics or more of the night is a slogan too.
_SLOGANS = frozenset({
    "一带一路", "压舱石", "稳定器", "四个全面", "五位一体", "三农", "最后一公里", "组合拳", "主引擎", "动力源",
    "晴雨表", "快进键", "新三样", "双循环", "放管服",
})
_PLAN_NAME = re.compile(r"[一二三四五六七八九十]+五")  # 十四五, 十五五
COMMON_QUOTED = 3


# In a lead, a quoted term is a practice when what comes before or after says so: 推行“一单制”,
# “即接即办”模式. Otherwise quotation marks there hold metaphors (“钢铁脊梁”, “策源地”), sayings
# (“一元复始”) and speech (“肥料要多投入一些”).
_PRACTICE_BEFORE = re.compile(
    r"(?:推行|推出|推广|打造|建立|建设|探索|创新|实行|实施|开展|首创|试点|设立|搭建|上线|开设|启动|形成|创建|构建"
    r"|组建|引入|采取|采用|运用|用好|依托|通过|实现|做法|模式|机制|名为|称为|叫作|被称为)$"
)
_PRACTICE_AFTER = re.compile(  # used with .match(lead, end): no "^", which would anchor at the lead's start
    r"(?:模式|机制|做法|经验|平台|服务|工作法|行动|工程|品牌|项目|制度|改革|体系|举措|活动|专班|站|点|中心|驿站"
    r"|小组|联盟|工作室|基地|示范|试点)"
)
# Names of organisations, and speech, are no practice.
_ORGANISATION = re.compile(r"(?:集团|公司|人寿|银行|大学|学院|医院|科院|国际|协会|研究院)$")
_SPEECH = re.compile(r"[的了吗呢吧我你他她]")


def quoted_terms(member: dict[str, Any]) -> list[str]:
    """Practices named in quotation marks: in a member's headline, or in its lead where the words
    around say so (``_PRACTICE_BEFORE``, ``_PRACTICE_AFTER``)."""
    title, lead = str(member.get("title") or ""), str(member.get("text") or "")[:_LEAD_CHARS]
    found = [m.group(1) for m in _QUOTED_TERM.finditer(title)]
    found += [
        m.group(1)
        for m in _QUOTED_TERM.finditer(lead)
        if len(m.group(1)) >= 3
        and (_PRACTICE_BEFORE.search(lead, max(0, m.start() - 4), m.start()) or _PRACTICE_AFTER.match(lead, m.end()))
    ]
    return [
        term
        for term in dict.fromkeys(found)
        if term not in _SLOGANS
        and not _PLAN_NAME.fullmatch(term)
        and not _ORGANISATION.search(term)
        and not _SPEECH.search(term)
    ]


# ...and of those, not the verbs and slogans around a practice ("“依托”“平台”“机制”等做法").
_PRACTICE_WORDS = frozenset(POINT_CUES["distinctive"]) - {
    "依托", "打造", "带动", "增收", "优势", "各地", "走进县城看发展", "新时代新征程新伟业", "多措并举", "多举措",
}


def _distinctive_reason(members: list[dict[str, Any]], place: str, common: frozenset[str]) -> str:
    """"特点：“即接即办”“创新”“平台”等做法": up to two practices named in quotation marks by the
    distinctive members, then the lexicon words that drove the label (not those inside a named one)."""
    carrying = [m for m in members if float((m.get("scores") or {}).get("distinctive", 0.0)) >= 0.5] or members
    named = [term for m in carrying for term in quoted_terms(m) if term not in common and term not in place]
    named = list(dict.fromkeys(named))[:2]
    # Only the lexicon's words of practice: the model also leans on 村民, 城市, 县城 and 产业, which name
    # none ("“村村通”“新路”“村民”等做法", "“各扫门前雪”“共理一家事”“城市”等做法" on a night of feeds).
    words = _cue_list(
        members, ("distinctive",), keep=_PRACTICE_WORDS, place=place, plain=True, point="distinctive",
        drop=_no_matters("distinctive"),
    )
    # Not "“做法”…等做法", nor a word inside a named practice (“梨树模式” and 模式).
    words = [word for word in words if word != "做法" and not any(word in term for term in named)]
    cues = (named + words)[:3]
    return f"特点：{_quoted(cues) + '等做法' if cues else '有本地特色做法'}"


def _signal_reason(members: list[dict[str, Any]], alert: bool, limit: int = 3) -> str:
    """The kinds of risk the members' warning cues are signs of, most members first, each with up to
    two of its words: "拖欠工资（“拖欠”）、问题反复未决（“一直”“迟迟”）". An alert leads with its
    imminent risks. Words every complaint uses (``WEAK_SIGNAL_WORDS``: 居民, 投诉, 严重, 工资) make no
    kind on their own; "" when nothing else was found.
    """
    words_of: dict[str, Counter[str]] = {}
    members_of: Counter[str] = Counter()
    for member in members:
        kinds: set[str] = set()
        text = f"{member.get('title') or ''}\n{member.get('text') or ''}"
        news = member.get("kind") == "news"
        for word in dict.fromkeys((member.get("cues") or {}).get("warning") or []):
            kind = signal_kind_in(word, text)
            # A story's 防止…群体性事件 is work, as it opens no alert (``WarningClassifier.alert_cues``).
            if news and kind in _ALERT_KINDS and reported_as_work(word, text):
                continue
            if kind and word not in WEAK_SIGNAL_WORDS:
                words_of.setdefault(kind, Counter())[word] += 1
                kinds.add(kind)
        members_of.update(kinds)
    ranked = sorted(members_of, key=lambda kind: (alert and kind not in _ALERT_KINDS, -members_of[kind], _KIND_ORDER.index(kind)))
    parts: list[str] = []
    said: list[str] = []
    for kind in ranked[:limit]:
        name = SIGNAL_KIND_NAMES[kind]
        chosen: list[str] = []
        # The kind's own words first: 安全隐患（“消防通道”…）, then a risk named as one (“火灾”); of equals,
        # the one the model weighed most (the cues' order), not the first by code point: 伤亡 and 救援
        # came before the 起火 of a warehouse fire.
        ranked_words = sorted(enumerate(words_of[kind].items()),
                              key=lambda item: (signal_kind(item[1][0]) != kind, -item[1][1], item[0]))
        for _, (word, _count) in ranked_words:
            # "燃气泄漏" and "泄漏" are one sign, said once.
            if not any(word in other or other in word for other in said):
                said.append(word)
                if word != name:  # the kind's name says it already: 安全隐患（“消防”）
                    chosen.append(word)
            if len(chosen) == 2:
                break
        if chosen or name in said:
            parts.append(f"{name}（{_quoted(chosen)}）" if chosen else name)
    return "、".join(parts)  # "；" separates whole reasons where they are joined (XLSX, CSV)


# What follows a word that is part of a road's or an area's name in a headline: "欣荣路", "市府大道",
# "鑫茂街", "开发路", "上城区" (Hangzhou's "难点：群众反映“欣荣”“市府”方面的实际问题" named two roads).
# Not 道 alone: "围挡道路", "单行道" name the matter. A word that is a road's name (朝晖路) is no matter
# either, unlike a kind of road (快速路, 城市道路, 单行路, 断头路).
_NAME_ENDS = re.compile("路|街|大道|巷|弄|桥|区|镇|村|环线")
_ROAD_NAME = re.compile(".{2,}(?:路|街|大道|大街|巷|弄)$")
_ROAD_KINDS = ("道路", "公路", "马路", "快速路", "高速路", "单行路", "断头路", "小路", "大路", "支路", "辅路", "环路",
               "主干路", "次干路", "人行道", "商业街", "步行街", "老街", "小巷")
_KIND_OF_ROAD = frozenset({"单行", "快速", "高速", "断头", "主干", "次干", "人行", "步行", "商业", "城市", "乡村",
                           "农村", "机动车", "非机动车", "环城"})


def _part_of_a_name(word: str, titles: str) -> bool:
    """Whether ``word`` is a road's or a place's name, or every mention of it in the ``titles`` is inside
    a road's or an area's name."""
    if word in _KIND_OF_ROAD:
        return False
    if (_ROAD_NAME.match(word) and not word.endswith(_ROAD_KINDS)) or extract_place(word) == word:
        return True  # a road's or a place's whole name (营盘路, 沙坪街道, 三联村: keywords give them so)
    # str.find (``mentions``), not re.finditer of the escaped word: a pattern compiled per keyword
    # overflowed re's cache.
    starts = list(mentions(word, titles))
    return bool(starts) and all(
        _NAME_ENDS.match(titles, start + len(word))
        or (word.endswith(("区", "县")) and start > 0 and is_division(titles[start - 1:start + len(word)]))
        for start in starts
    )


def _quoted(words: list[str]) -> str:
    return "".join(f"“{word}”" for word in words)


def _trend(published: list[datetime], now: datetime, window_days: float = WINDOW_DAYS) -> tuple[float, int, int, float]:
    """(growth ratio, recent count, earlier count, 0..1 component) over the last 3 days vs the window before."""
    recent_start = now - timedelta(days=RECENT_DAYS)
    window_start = now - timedelta(days=window_days)
    recent = sum(1 for moment in published if recent_start <= moment <= now + timedelta(days=1))
    earlier = sum(1 for moment in published if window_start <= moment < recent_start)
    baseline_days = max(1, window_days - RECENT_DAYS)
    recent_rate = recent / RECENT_DAYS
    # A topic with no earlier history is measured against one item per baseline period, not zero.
    baseline_rate = max(earlier, 1) / baseline_days
    ratio = recent_rate / baseline_rate if recent else 0.0
    # log scale: 1x (flat) -> 0, 10x -> 0.5, 100x and more -> 1.
    component = min(1.0, max(0.0, math.log10(ratio) / 2)) if ratio > 1 else 0.0
    return ratio, recent, earlier, component


# The people's responses a member may carry: a letter's or a story's likes, and a 舆情 sheet's 转发数 and
# 评论数 (extractors.articles); each counts in heat as a like does.
RESPONSES = {"likes": "点赞", "reposts": "转发", "comments": "评论"}


def _heat(members: list[dict[str, Any]]) -> tuple[float, int, Counter[str]]:
    """(0..1 heat, distinct sources, responses by kind): volume on a log scale, breadth of sources, likes,
    reposts and comments. The outlets of one export of articles (a 舆情 sheet's 人民网, 县融媒体中心…) count
    as sources of their own."""
    size = len(members)
    sources = len({(str(member.get("source") or ""), str(member.get("outlet") or "")) for member in members})
    responses: Counter[str] = Counter()
    for member in members:
        for key in RESPONSES:
            responses[key] += int(member.get(key) or 0)
    volume = min(1.0, math.log1p(size) / math.log1p(50))
    breadth = min(1.0, (sources - 1) / 4)
    liked = min(1.0, math.log1p(responses.total()) / math.log1p(500))
    return 0.6 * volume + 0.2 * breadth + 0.2 * liked, sources, responses


def _responses_reason(responses: Counter[str]) -> str:
    """"点赞共计41次", or with reposts and comments "互动共计276次（点赞41次、转发200次、评论35次）"; "" for none."""
    present = [key for key in RESPONSES if responses[key]]
    if present in ([], ["likes"]):
        return f"点赞共计{responses['likes']}次" if present else ""
    return f"互动共计{responses.total()}次（{'、'.join(f'{RESPONSES[key]}{responses[key]}次' for key in present)}）"


ELSEWHERE_REASON = "地域："  # starts the reason of a lead about other places only (the review page filters on it)


def elsewhere_of(members: list[dict[str, Any]], office_area: str) -> str:
    """Where a topic's hotline letters are when every one whose district is known lies outside the
    office's ``office_area`` ("绍兴市", "绍兴市、嘉兴市"), else "". Only letters count: news and policy
    about other places are read for what they teach, a letter is a matter for its own city."""
    if not office_area:
        return ""
    letters = [m for m in members if m.get("kind") == "hotline"]
    if not letters or len(letters) * 2 < len(members):
        return ""
    known = [outside_area(area, office_area) for area in member_areas(letters) if is_division(area)]
    if not known or not all(known):
        return ""
    return "、".join(place for place, _ in Counter(known).most_common(2))


def scattered_places(members: list[dict[str, Any]], shown: int = 3, office_area: str = "") -> str:
    """Where a topic with no place of its own is, when its members (oldest first) name two places or
    more: "分散于7处（山海大观、怡嘉苑、潇源村等）", the most specific, most named and newest first; else "".
    A theme of noise letters across a city is titled by its most typical letter ("林之语旁边施工扰民"),
    and an editor must not take it for one estate's matter."""
    counts: Counter[str] = Counter()
    home = office_names(office_area)
    for member in reversed(members):  # the newest first: tonight's letters lead
        place = str(member.get("place") or "")
        if place and place not in home:
            counts[place] += 1
    spots = merged_places(counts)  # "中海国际" and "含浦中海国际" are one spot, not "分散于2处"
    if len(spots) < 2:
        return ""
    ordered = sorted(range(len(spots)), key=lambda index: (-place_level(spots[index][0]), -spots[index][1], index))
    names = "、".join(spots[index][0] for index in ordered[:shown])
    return f"分散于{len(spots)}处（{names}{'等' if len(spots) > shown else ''}）"


def _rank_one(
    topic_id: str,
    members: list[dict[str, Any]],
    weights: RankWeights,
    now: datetime,
    central_work: list[str],
    status: str,
    previous: dict[str, Any],
    window_days: float = WINDOW_DAYS,
    common_quotes: frozenset[str] = frozenset(),
    window_label: str = "",
    office_area: str = "",
) -> Topic | None:
    members = sorted(members, key=lambda m: (_naive(m.get("published")) or datetime.max, str(m.get("uid"))))
    # A topic can live for years (an estate complained about in 2019 and again tonight). Tonight's
    # evidence is what arrived in the window; the earlier members are counted, not re-read, so a
    # long-running topic is not "hot" for its old volume and its title says what is new.
    everyone = members
    window_start = (_naive(now) or now) - timedelta(days=window_days)
    members = [m for m in everyone if (_naive(m.get("published")) or window_start) >= window_start]
    if not members:
        return None  # nothing of it in the window: not a topic of tonight
    in_window = {id(m) for m in members}
    before = [moment for m in everyone if id(m) not in in_window and (moment := _naive(m.get("published")))]
    title, keywords, place = describe_topic(members, office_area)
    reasons: list[str] = []

    scores = {point: _aggregate([float((m.get("scores") or {}).get(point, 0.0)) for m in members]) for point in POINTS}
    hits = central_work_hits(members, central_work)
    if hits:
        # Closeness to central work: the share of members on it, so changing central_work changes the ranking.
        share = max(hits.values()) / len(members)
        scores["key"] = min(1.0, scores["key"] + 0.25 + 0.25 * share)
        named = [term for term, _ in sorted(hits.items(), key=lambda item: (-item[1], central_work.index(item[0])))[:2]]
        reasons.append(f"重点：涉及中心工作{_quoted(named)}")
    points = [point for point in POINTS if scores[point] >= 0.5]

    published = [moment for moment in (_naive(m.get("published")) for m in members) if moment is not None]
    ratio, recent, earlier, trend_component = _trend(published, _naive(now) or now, window_days)
    heat, sources, responses = _heat(members)
    kinds = Counter(str(m.get("kind") or "") for m in members)
    hotline = _hotline_name(members)

    level = max((str(m.get("warning") or "none") for m in members), key=lambda w: WARNING_LEVELS.index(w) if w in WARNING_LEVELS else 0)
    warning_value = _WARNING_VALUE.get(level, 0.0)
    incident_value = 0.0

    last_seen = max(published) if published else None
    age_days = max(0.0, ((_naive(now) or now) - last_seen).total_seconds() / 86400) if last_seen else WINDOW_DAYS
    recency = math.exp(-age_days / RECENT_DAYS)

    size = len(members)
    previous_size = int(previous.get("size") or 0)
    grown = len(everyone) - previous_size  # editors decided on the whole topic, old members included
    # "Markedly": half as large again and at least three new items since editors last decided.
    grew_markedly = previous_size > 0 and grown >= max(3, previous_size // 2)
    novelty = 1.0
    seen_label = _SEEN_STATUSES.get(status)
    if seen_label:
        novelty = 0.5 if grew_markedly or previous_size == 0 else 0.0

    # -- reasons, in the order an editor reads them --
    if "key" in points and not hits:
        reasons.append(_key_reason(members, place, home_area_words(office_area)))
    span = window_label or f"近{window_days:g}天"
    if recent:
        # 诉求, not 投诉: the letters of 咨询学区划分 ask, they do not complain.
        what = ("12345诉求" if hotline == "12345热线" else f"{hotline}诉求") if kinds.get("hotline", 0) >= size / 2 else "相关材料"
        if earlier and recent >= RISE_MIN_RECENT and ratio >= RISE_MIN_RATIO:
            reasons.append(f"热点：近{RECENT_DAYS}天{what}{recent}件，为前期日均的{ratio:.1f}倍")
        elif earlier:
            # One letter in three days is "9.0倍" of a quiet month: no rise to speak of, so say the volume.
            reasons.append(f"热点：{span}{what}共{size}件，其中近{RECENT_DAYS}天{recent}件")
        else:
            reasons.append(f"热点：近{RECENT_DAYS}天新出现{what}{recent}件")
    elif "hot" in points and size >= 3:
        reasons.append(f"热点：{span if before else ''}共{size}件，热度较高")
    elif "hot" in points:
        # One or two items are not volume: say what makes them a matter of public concern.
        # "小区", "居民" say nothing of the matter.
        weak, drop = _hot_weak_and_drop(office_area)
        cues = _cue_list(members, ("hot",), weak=weak, place=place, plain=True, point="hot", drop=drop)
        # Words that name no matter ("百姓", "人员", "大量") are no reason on their own either.
        cues = [word for word in cues if word not in weak]
        reasons.append(f"热点：{'涉及' + _quoted(cues) + '等群众关注的问题' if cues else '群众关注度较高'}")
    if "difficult" in points:
        # What the problem is, from the words that drove the label and the risk cues found.
        # In a topic of five or more, named by two members at least: one letter's 着火 is not what 18
        # about street lights are about.
        cues = _cue_list(
            members, ("difficult", "warning"), keep=PROBLEM_WORDS, least=2 if size >= 5 else 1, point="difficult",
            as_used=True,
        )
        if cues:
            reasons.append(f"难点：出现{_quoted(cues)}等问题")
        else:
            # No problem word: what the members are about, from the topic's keywords, not the names
            # in them ("群众反映“城关”“二小”方面的实际问题" of 城关二小学位不足 said where, not what).
            about: list[str] = []
            names = _names_not_matters()
            titles = "\n".join(str(m.get("title") or "") for m in members)
            for word in [word for word in keywords if word not in names and word not in COMPLAINT_MARKERS
                         and not _part_of_a_name(word, titles)] or keywords:
                if len(about) < 2 and not any(word in other for other in about):  # not 乱倒垃圾 and 乱倒
                    about.append(word)
            reasons.append(f"难点：群众反映{_quoted(about)}方面的实际问题" if about else "难点：群众反映的实际问题")
    if "distinctive" in points:
        reasons.append(_distinctive_reason(members, place, common_quotes))
    if level != "none":
        # The level is the highest of any member's; the evidence is from the members at that level, and
        # how many they are is said: in a theme of 14 letters on building noise, one letter about a
        # landslip on an estate's building site made the topic 预警 and named 滑坡 as if all spoke of it.
        at_level = [m for m in members if str(m.get("warning") or "none") == level]
        signals = _signal_reason(at_level, alert=level == "alert")
        label = "预警" if level == "alert" else "关注"
        # A topic keeps its level for the window: when the newest letter at the level is older than the
        # last few days, its date is said, so an editor does not read an old alert as tonight's, and
        # half its weight in the ranking fades with its age (a fresh risk comes first).
        newest = max((moment for m in at_level if (moment := _naive(m.get("published")))), default=None)
        when = ""
        if newest is not None:
            age = max(0.0, ((_naive(now) or now) - newest).total_seconds() / 86400)
            warning_value *= 0.5 + 0.5 * math.exp(-age / RECENT_DAYS)
            if age > RECENT_DAYS:
                when = f"最近一件{newest.month}月{newest.day}日"
        if len(at_level) < size:
            # One or two alerts in a bigger topic are named: what is at risk may be another matter than
            # the topic's title (Hangzhou's May briefing listed 冠塘路炬航弄路口边摊贩占道经营 as 预警 for a
            # fire-control room staffed without a licence).
            named = ""
            if level == "alert" and len(at_level) <= 2:
                shown: dict[str, None] = {}
                for m in at_level:
                    raw, kind = str(m.get("title") or ""), str(m.get("kind") or "")
                    if clean_title(raw, kind) not in ("", title):  # compared whole, shown cut short
                        shown[f"《{clean_title(raw, kind, 24)}》"] = None
                named = "".join(shown)
            share = (f"{len(at_level)}件{'达预警' if level == 'alert' else '需关注'}"
                     f"（{named + '，' if named else ''}共{size}件{'，' + when if when else ''}），")
        else:
            share = f"{when}，" if when else ""
        # What people flagged themselves: a 舆情 service's 负面 (extractors.articles), an operator's 紧急.
        marked = sum(m.get("tone") == "负面" for m in at_level)
        urgent = sum(bool(m.get("urgent")) for m in at_level)
        flagged = "、".join([*([f"{marked}件舆情标为负面"] if marked else []), *([f"{urgent}件工单标为紧急"] if urgent else [])])
        if signals:
            reasons.append(f"{label}：{share}{signals}" + (f"；{flagged}" if flagged else ""))
        else:
            # No cue word: say what the model had to go on, the tone of the complaints, or that it had none.
            negative = sum(float(m.get("negative") or 0.0) >= 0.5 for m in at_level)
            what = "诉求" if kinds.get("hotline", 0) >= size / 2 else "材料"
            said = f"{negative}件{what}语气明显负面" if negative > marked else ""
            if flagged:
                said = f"{said}（{flagged}）" if said else flagged
            reasons.append(f"{label}：{share}{said or '模型判定有风险，未见明确信号词'}")
        if level == "alert":
            # A fire, a collapse or a poisoning that happened is a 突发事件: the office reports one at once,
            # so a fresh one comes near the top even when it carries none of the four points (the demo's
            # restaurant fire in 城关镇, reported with 233 reposts and comments, ranked 91st of 103).
            incident_value, sudden = _incident(at_level, now, office_area)
            if sudden:
                reasons.append(sudden)
    policy = _policy_reason(members, title)
    if policy:
        reasons.append(policy)
    names = {kind: name for kind, (name, _) in _KIND_NAMES.items()} | {"hotline": hotline}
    parts = [f"{names.get(kind, kind or '其他')}{count}{_KIND_NAMES.get(kind, ('', '件'))[1]}" for kind, count in sorted(kinds.items(), key=lambda item: (-item[1], item[0]))]
    reasons.append(f"来源：{'、'.join(parts)}" + (f"（{sources}个来源）" if sources > 1 else ""))
    if before:
        first = min(before)
        reasons.append(f"持续：此前已有{len(before)}件，最早见于{first.year}年{first.month}月")
    if said := _responses_reason(responses):
        reasons.append(said)
    if place:
        reasons.append(f"地点：{place}")
    elif scattered := scattered_places(members, office_area=office_area):
        reasons.append(f"地点：{scattered}")
    elsewhere = elsewhere_of(members, office_area)
    if elsewhere:
        reasons.append(f"{ELSEWHERE_REASON}反映{elsewhere}的问题，不在{office_area}范围内，已降序")
    if seen_label:
        if novelty > 0 and previous_size:
            reasons.append(f"提示：此线索{seen_label}，此后新增{grown}件，值得再看")
        elif novelty == 0:
            reasons.append(f"提示：此线索{seen_label}，无明显新进展，已降序")

    rank_score = (
        sum(getattr(weights, point) * scores[point] for point in POINTS)
        + weights.heat * heat
        + weights.trend * trend_component
        + weights.warning * warning_value
        + weights.incident * incident_value
        + weights.recency * recency
        + weights.novelty * novelty
    )
    if seen_label and novelty == 0:
        rank_score *= 0.5  # already decided and nothing new: keep it visible but well below fresh leads
    if elsewhere:
        rank_score *= 0.5  # another city's matter: the office cannot act on it, but a reader may forward it

    return Topic(
        id=topic_id,
        title=title,
        keywords=keywords,
        documents=[str(m.get("uid")) for m in everyone],
        scores={point: round(value, 4) for point, value in scores.items()},
        points=points,
        warning=level if level in WARNING_LEVELS else "none",
        heat=round(heat, 4),
        trend=round(ratio, 4),
        rank_score=round(rank_score, 6),
        reasons=reasons,
        first_seen=min([*published, *before]) if published or before else None,
        last_seen=last_seen,
        place=place,
        status=status,
        metadata={
            "size": len(everyone),
            "in_window": size,
            "kinds": dict(kinds),
            "sources": sources,
            "likes": responses["likes"],
            **{key: responses[key] for key in ("reposts", "comments") if responses[key]},
            "recent": recent,
            "earlier": earlier,
            "central_work": dict(hits),
            "elsewhere": elsewhere,
            "components": {
                "heat": round(heat, 4),
                "trend": round(trend_component, 4),
                "warning": round(warning_value, 4),
                "incident": round(incident_value, 4),
                "recency": round(recency, 4),
                "novelty": novelty,
            },
        },
    )


# An estate's name seen with its suffix in two letters or more ("魅力之城小区") is read in another
# letter's headline that names it bare ("A市万科魅力之城近百户房屋楼板、墙面开裂！"), for the topic's place
# and title only: the analysis, and with it the grouping, keeps each document's own place.
_NAMED_ESTATE_LEAST = 2


def with_named_estates(groups: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """``groups`` with each member that has no place given the estate its headline names, among the
    estates two or more members of any topic name with their suffix (the spelling most use). Read over
    whole exports, 44 of 7,158 real letters would gain one (魅力之城, 中建嘉和城, 红星时尚广场, 临栖云府…);
    on a night, those of its active topics: tipdm's 2020-01-10 gave 反映A市山水湾孩子上学问题 the place
    山水湾小区. A member placed no finer than a village also takes the estate its letter names with 府
    (``places.mansion_estate``: 名望府, 湖印光年府), which no document's own place reads. Members are
    copied, not changed."""
    spellings: dict[str, Counter[str]] = {}
    for members in groups.values():
        for member in members:
            place = str(member.get("place") or "")
            if place_level(place) == 4 and len(key := place_key(place)) >= 3:
                spellings.setdefault(key, Counter())[place] += 1
    names = {key: counts.most_common(1)[0][0] for key, counts in spellings.items()
             if sum(counts.values()) >= _NAMED_ESTATE_LEAST}
    automaton = ahocorasick.Automaton()
    for key in names:
        automaton.add_word(key, key)
    if names:
        automaton.make_automaton()
    named: dict[str, list[dict[str, Any]]] = {}
    for topic_id, members in groups.items():
        out = []
        for member in members:
            place = str(member.get("place") or "")
            if not place and names and (title := str(member.get("title") or "")):
                found = max((key for _, key in automaton.iter(title)), key=len, default="")
                if found:
                    member = {**member, "place": (place := names[found])}
            if place_level(place) < 4:
                mansion = mansion_estate(place_text(str(member.get("title") or ""), str(member.get("text") or ""),
                                                    str(member.get("kind") or "")))
                if mansion:
                    member = {**member, "place": mansion}
            out.append(member)
        named[topic_id] = out
    return named


@gc_paused()
def rank_topics(
    groups: dict[str, list[dict[str, Any]]],
    weights: RankWeights,
    now: datetime,
    central_work: list[str],
    statuses: dict[str, str] | None = None,
    history: dict[str, dict] | None = None,
    window_days: float = WINDOW_DAYS,
    window_label: str = "",
    office_area: str = "",
) -> list[Topic]:
    """Score and explain every topic; sorted by rank_score (highest first), then id.

    ``statuses``: topic id -> editor status ("new", "rejected", "reported", ...). ``history``: topic
    id -> what was known when editors last saw it (``{"size": n}``), to tell real growth from none.
    ``window_days``: the evidence a topic is scored and described on is its members of the last
    ``window_days`` days; earlier ones are only counted (reason "持续：此前已有N件"). ``window_label``
    names that window in the reasons instead of "近30天" (the monthly briefing says "本月").
    ``office_area`` (``[general].area``): a topic whose letters are all about another city's (or
    county's) places is ranked at half its score with a reason saying where (:func:`elsewhere_of`).
    """
    statuses = statuses or {}
    history = history or {}
    groups = with_named_estates(groups)
    # Terms quoted in several topics tonight are slogans (“十五五” aside, “压舱石”), not a practice.
    quoted_in = Counter(term for members in groups.values() for term in {t for m in members for t in quoted_terms(m)})
    common_quotes = frozenset(term for term, count in quoted_in.items() if count >= COMMON_QUOTED)
    ranked = [
        _rank_one(topic_id, members, weights, now, list(central_work), statuses.get(topic_id, "new"), history.get(topic_id, {}),
                  window_days, common_quotes, window_label, office_area)
        for topic_id, members in groups.items()
        if members
    ]
    topics = [topic for topic in ranked if topic is not None]
    topics.sort(key=lambda topic: (-topic.rank_score, topic.id))
    return topics
