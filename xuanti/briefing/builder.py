"""Gather one month's briefing from the store alone: directions, warnings, hotline figures, next month, adoption.

The result is a plain :class:`Briefing` (sections of blocks) that ``docx.py`` and ``html.py`` both render,
so the two files say the same thing. Everything is sorted and dated from the data, never from the clock,
so the same month from the same store gives the same briefing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from sqlalchemy import Table, func, inspect, select

from extractors.hotline import area_from_text
from models.category import fill_missing_categories, first_level
from models.places import first_town, is_division, outside_area
from models.rank import RECENT_DAYS, hotline_name
from models.topics import clean_title
from xuanti.pipeline import rank_as_of
from xuanti.records import POINT_NAMES_ZH, POINTS, Document, Topic
from xuanti.settings import Settings, office_level
from xuanti.store import Store, documents, metadata

NUMERALS = "一二三四五六七八九十"
KIND_NAMES = {"news": "新闻", "policy": "政策文件", "file": "本地材料"}  # hotline: _kind_name, by its source
WARNING_ORDER = {"alert": 0, "watch": 1}
UNCATEGORISED = "其他"
UNKNOWN_AREA = "未注明"

@dataclass
class Block:
    """One piece of a section: a sub-heading, a paragraph, a bulleted item, a table or a chart."""

    kind: Literal["subheading", "paragraph", "item", "table", "chart", "note"]
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)  # tables: the first row is the header
    chart: str = ""  # charts: key into Briefing.charts


@dataclass
class Section:
    title: str  # without its number; renderers add 一、二、…
    blocks: list[Block] = field(default_factory=list)

    def add(self, kind: Literal["subheading", "paragraph", "item", "note"], text: str) -> None:
        self.blocks.append(Block(kind, text))


@dataclass
class Chart:
    """What to draw: a bar chart (one or two series) or a daily line; charts.py draws it."""

    kind: Literal["bar", "line"]
    title: str
    labels: list[str]
    series: dict[str, list[float]]  # legend label -> values, in order
    unit: str = "件"


@dataclass
class Briefing:
    month: str
    title: str
    issuer: str
    date: datetime  # the data cut-off: the latest document of the month (or its last day)
    summary: str
    sections: list[Section]
    charts: dict[str, Chart] = field(default_factory=dict)
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def date_text(self) -> str:
        return f"{self.date.year}年{self.date.month}月{self.date.day}日"


# -- helpers ----------------------------------------------------------------------------------------
def month_bounds(month: str) -> tuple[datetime, datetime]:
    """[start, end) of ``YYYY-MM``."""
    start = datetime.strptime(month, "%Y-%m")
    end = datetime(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return start, end


def previous_month(month: str) -> str:
    start, _ = month_bounds(month)
    return f"{start - timedelta(days=1):%Y-%m}"


def category_of(doc: Document) -> str:
    """The first-level category; documents stored without one are filled by the category model first."""
    return first_level(doc.category) or UNCATEGORISED


def area_of(doc: Document, towns: bool = False) -> str:
    """Where a letter is counted: the export's own area, else the district or county it names. With
    ``towns`` (a county's office, whose letters are all in the county) the 乡镇 or 街道 it names
    instead of its county: 商州区's office learns more from 大荆镇 and 杨斜镇 than from 商州区."""
    if doc.area and not (towns and (doc.area.endswith(("区", "县", "旗")) or is_division(doc.area))):
        return doc.area
    text = f"{doc.title}\n{doc.text[:200]}"  # a line break ends a name: no "环境污染冶理仓前街道"
    return (first_town(text) if towns else area_from_text(text)) or UNKNOWN_AREA


def is_county(area: str) -> bool:
    """Whether an office's ``[general].area`` is a county-level one (清河县, 商州区, 鄂托克旗, and the
    county-level cities: 义乌市's letters are all in 义乌, so they are counted by town as a county's)."""
    if area.endswith("市"):
        return is_division(area)  # a county-level city is listed among the county-level places; 杭州市 is not
    return len(area) >= 2 and area.endswith(("县", "区", "旗")) and not area.endswith(("小区", "社区", "园区"))


def count_areas(letters: Iterable[Document], office_area: str) -> tuple[Counter[str], Counter[str]]:
    """(letters per area of the office, letters per place elsewhere): by town for a county's office,
    else by district or county (:func:`area_of`). Whether a letter is elsewhere is told by its
    district or county also where towns are counted: 萧山区's office is not told of 余杭区's 仓前街道."""
    towns = is_county(office_area)
    here: Counter[str] = Counter()
    away: Counter[str] = Counter()
    for doc in letters:
        county = area_of(doc)
        elsewhere = outside_area(county, office_area)
        if elsewhere:
            away[elsewhere] += 1
        else:
            here[area_of(doc, towns) if towns else county] += 1
    return here, away


def _date(doc: Document) -> datetime:
    return doc.published or doc.fetched or datetime.min


def _md(moment: datetime | None, year: int | None = None) -> str:
    """"5月7日"; with the year when it is not ``year`` (a thread first seen in 2024, in a 2026 briefing)."""
    if not moment:
        return "不详"
    return f"{'' if year in (None, moment.year) else f'{moment.year}年'}{moment.month}月{moment.day}日"


def _change(now: int, before: int) -> str:
    if before == 0:
        return "新增" if now else "持平"
    if now == before:
        return "持平"
    ratio = (now - before) / before * 100
    return f"{'增长' if ratio >= 0 else '下降'}{abs(ratio):.1f}%"


def _ten_days(moment: datetime) -> int:
    return 0 if moment.day <= 10 else 1 if moment.day <= 20 else 2


_TEN_DAY_NAMES = ("上旬", "中旬", "下旬")


def _book_title(title: str) -> str:
    """A document's title in 《》, without its own closing full stop or comma (《……无信号。》 read so)."""
    return f"《{title.rstrip('。.，,、；; ') or title}》"


def _course(moments: list[datetime], cutoff: datetime) -> str:
    """上升, 回落 or 平稳: the ten days the material reaches (``cutoff``) against the first ten, per day
    elapsed. A briefing written on the 20th has no 下旬 yet: its 中旬 is compared, not an empty 下旬
    (which read every topic as 回落). "待观察" while the month is still in its first ten days."""
    last = _ten_days(cutoff)
    if last == 0:
        return "待观察"
    thirds = Counter(_ten_days(moment) for moment in moments)
    elapsed = cutoff.day - 10 * last  # days of the latest ten so far (下旬 may run to 11)
    change = thirds.get(last, 0) - thirds.get(0, 0) * elapsed / 10
    return "上升" if change >= 1 else "回落" if change <= -1 else "平稳"


def _work_lead(term: str, topics: Iterable[Any], month_counts: dict[str, int]) -> Any | None:
    """The topic a central work's suggestion starts from: one named after it (辽宁营商环境焕新三记 for
    营商环境), else the one with most documents speaking of it, then the month's biggest. By size alone
    a meeting of leaders that mentions 营商环境 in passing led the suggestion."""
    related = [row for row in topics if term in (row.metadata or {}).get("central_work", {})]
    return min(
        related,
        key=lambda row: (term not in row.title, -row.metadata["central_work"][term], -month_counts.get(row.id, 0), row.id),
        default=None,
    )


def _rationale(row: Any, point: str) -> str:
    """Why a topic stands under a point: its ranking reasons for that point, central work first."""
    name = POINT_NAMES_ZH[point]
    reasons = [r.split("：", 1)[1] for r in (row.reasons or []) if r.startswith(f"{name}：")]
    central = sorted((row.metadata or {}).get("central_work", {}).items(), key=lambda kv: (-kv[1], kv[0]))
    if central and point == "key" and not any(f"“{central[0][0]}”" in reason for reason in reasons):
        # Said once: the ranking's own reason (涉及中心工作“乡村振兴”) may name it already.
        reasons.insert(0, f"与“{central[0][0]}”工作相关")
    if point == "key":
        # A 重点 lead holding a policy document is about carrying it out: say which.
        reasons += [f"关联政策{r.split('：', 1)[1]}" for r in (row.reasons or []) if r.startswith("政策：")]
    return "；".join(dict.fromkeys(reasons)) or f"模型判定具有{name}特征"


def _as_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _reflect(store: Store, name: str) -> Table | None:
    """A table another part of xuanti writes (review app, bursts), if it exists in this database."""
    if name in metadata.tables:
        table = metadata.tables[name]
        return table if inspect(store.engine).has_table(name) else None
    if not inspect(store.engine).has_table(name):
        return None
    from sqlalchemy import MetaData

    return Table(name, MetaData(), autoload_with=store.engine)


def _month_documents(store: Store, start: datetime, end: datetime) -> list[Document]:
    return [doc for doc in store.documents(since=start) if start <= _date(doc) < end]


# Letters that begin within this many days of last month's start cover it: a quiet mailbox has no
# letter on some days.
_COVERAGE_GRACE_DAYS = 3


def _member_counts(store: Store, ids: list[str], start: datetime, end: datetime) -> Counter[str]:
    """Documents per topic dated in [start, end)."""
    day = func.coalesce(documents.c.published, documents.c.fetched)
    counts: Counter[str] = Counter()
    with store.engine.connect() as conn:
        for offset in range(0, len(ids), 500):
            chunk = ids[offset : offset + 500]
            stmt = (
                select(documents.c.topic_id, func.count())
                .where(documents.c.topic_id.in_(chunk), day >= start, day < end)
                .group_by(documents.c.topic_id)
            )
            counts.update({topic_id: int(n) for topic_id, n in conn.execute(stmt)})
    return counts


# -- the briefing -----------------------------------------------------------------------------------
class BriefingBuilder:
    """Builds the :class:`Briefing` of one month from a store."""

    def __init__(self, store: Store, settings: Settings, month: str) -> None:
        self.store = store
        self.settings = settings
        self.month = month
        self.start, self.end = month_bounds(month)
        self.prev_month = previous_month(month)
        self.prev_start, _ = month_bounds(self.prev_month)
        self.month_no = self.start.month
        self.prev_no = self.prev_start.month
        docs = _month_documents(store, self.prev_start, self.end)
        self.docs = [doc for doc in docs if _date(doc) >= self.start]
        # The day the month's material reaches: a briefing written before the month ends covers less.
        self.cutoff = max((_date(doc) for doc in self.docs), default=self.end - timedelta(days=1))
        self.latest = _ten_days(self.cutoff)  # the ten days the material reaches: 0 上旬, 1 中旬, 2 下旬
        # Over when its last day has material or anything later was stored: not from the clock, so the
        # same store gives the same briefing.
        # Dated material only: an undated letter is dated when it was read, and the demo, or a night
        # rerun for an earlier --date, reads it today.
        newest = store.newest_date(dated_only=True)
        self.month_over = self.cutoff.date() == (self.end - timedelta(days=1)).date() or (
            newest is not None and newest >= self.end
        )
        # Last month is compared as far as this one goes: a briefing written on the 20th sets 1-20
        # November against 1-20 October (10月同期), not against all of October. Where the store's
        # letters begin after last month began (an office's first briefing, the demo's), nothing is
        # compared: October's last week against November's 20 days gave "环比增长415.8%".
        elapsed = (self.cutoff.date() - self.start.date()).days + 1
        letters = _as_datetime(store.oldest_date("hotline"))
        self.has_letters = letters is not None
        oldest = letters or _as_datetime(store.oldest_date())
        self.letters_from = (
            oldest if oldest is not None and oldest >= self.prev_start + timedelta(days=_COVERAGE_GRACE_DAYS) else None
        )
        same_days = not self.month_over and self.letters_from is None  # not compared at all otherwise
        self.compare_end = min(self.start, self.prev_start + timedelta(days=elapsed)) if same_days else self.start
        self.prev_label = f"{self.prev_no}月同期" if same_days else f"{self.prev_no}月"
        self.span = "" if self.month_over else f"1日至{self.cutoff.day}日"
        self.prev_docs_whole = [doc for doc in docs if _date(doc) < self.start]
        self.prev_docs = [doc for doc in self.prev_docs_whole if _date(doc) < self.compare_end]
        # Letters from one 领导留言板 or 市长信箱 are called so, not 12345 calls.
        self.hotline_label = hotline_name(doc.source for doc in docs if doc.kind == "hotline")
        self.hotline_short = "12345" if self.hotline_label == "12345热线" else self.hotline_label
        self.assignment = self._assignment([doc.uid for doc in self.docs])
        topic_ids = sorted(set(self.assignment.values()))
        # The month's leads are ranked as of the month's end, on the month: a briefing written on 10
        # January must not give December's leads the reasons of the 10 January night ("近30天19件"
        # beside "12月收到31件", an alert's "最近一件1月3日").
        # The last second of the month (or of the day its material reaches), as a night ends at
        # 23:59:59: a letter dated only by its day, 1 June, is 1 June 00:00 and no evidence for May
        # (Hangzhou's May lead was titled by one, "违规设置废木材收购站").
        reached = datetime.combine(self.cutoff.date() + timedelta(days=1), time())
        as_of = min(self.end, reached) - timedelta(seconds=1)
        ranked = rank_as_of(store, settings, as_of, since=self.start, window_label="本月")
        wanted = set(topic_ids)
        # Leads about another city's places (a provincial message board) are counted, not listed.
        self.elsewhere: dict[str, Topic] = {
            topic.id: topic for topic in ranked if topic.id in wanted and (topic.metadata or {}).get("elsewhere")
        }
        self.topics: dict[str, Topic] = {
            topic.id: topic for topic in ranked if topic.id in wanted and topic.id not in self.elsewhere
        }
        self.month_counts = _member_counts(store, topic_ids, self.start, self.end)
        self.prev_counts = _member_counts(store, topic_ids, self.prev_start, self.compare_end)
        self.docs_by_topic: dict[str, list[Document]] = {}
        for doc in self.docs:
            topic_id = self.assignment.get(doc.uid)
            if topic_id:
                self.docs_by_topic.setdefault(topic_id, []).append(doc)
        self.charts: dict[str, Chart] = {}
        self.figures: dict[str, Any] = {}

    def _assignment(self, uids: list[str]) -> dict[str, str]:
        result: dict[str, str] = {}
        with self.store.engine.connect() as conn:
            for start in range(0, len(uids), 500):
                chunk = uids[start : start + 500]
                stmt = select(documents.c.uid, documents.c.topic_id).where(
                    documents.c.uid.in_(chunk), documents.c.topic_id.is_not(None)
                )
                result.update({uid: topic_id for uid, topic_id in conn.execute(stmt)})
        return result

    def _coverage(self) -> str:
        """Why last month is not compared: "数据自10月25日起，10月不足整月，不作环比"."""
        since = self.letters_from
        assert since is not None
        what = f"{self.hotline_short}诉求数据" if self.has_letters else "材料"
        if since >= self.start:
            return f"{what}自{_md(since, self.start.year)}起，不作环比"
        return f"{what}自{_md(since, self.start.year)}起，{self.prev_no}月不足整月，不作环比"

    def _prev_column(self) -> str:
        """Last month's column heading: 10月, 10月同期, or 10月（25日起） where the letters begin late."""
        since = self.letters_from
        if since is None:
            return self.prev_label
        return f"{self.prev_no}月（{since.day}日起）" if since < self.start else f"{self.prev_no}月（无数据）"

    def _kind_name(self, kind: str) -> str:
        return f"{self.hotline_short}诉求" if kind == "hotline" else KIND_NAMES.get(kind, kind)

    # -- 1. directions ------------------------------------------------------------------------------
    def _evidence(self, topic_id: str, about: str = "") -> str:
        docs = sorted(self.docs_by_topic.get(topic_id, []), key=lambda d: (_date(d), d.uid))
        kinds = Counter(doc.kind for doc in docs)
        parts = "、".join(f"{self._kind_name(kind)}{n}件" for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
        now, before = self.month_counts.get(topic_id, 0), self.prev_counts.get(topic_id, 0)
        trend = f"，{self.prev_label}{before}件，环比{_change(now, before)}" if before else "，为本月新出现"
        if before and self.letters_from is not None:
            trend = f"，{self._prev_column()}{before}件"  # not compared: the summary says why, once
        row = self.topics.get(topic_id)
        first_seen = _as_datetime(row.first_seen) if row is not None else None
        if not before and first_seen and first_seen < self.start:
            # Quiet last month is not new: 老地方美食广场's letters began in February.
            trend = f"，{self.prev_label}无，最早见于{_md(first_seen, self.start.year)}"
        likes = sum(int(doc.metadata.get("likes") or 0) for doc in docs if str(doc.metadata.get("likes") or "0").isdigit())
        support = f"，群众点赞{likes}次" if likes else ""
        first, last = (_md(_date(docs[0])), _md(_date(docs[-1]))) if docs else ("", "")
        span = first if first == last else f"{first}至{last}"
        # The two members most like the topic (its title and keywords), told in date order: a topic
        # about an estate's gas leaks may also hold a letter about its 房产证, which shows nothing.
        # Of letters opening alike (same first 8 characters) one is cited: the topic's own headline if
        # it is one of them ("A市高新区金领公寓最近经常停水" was dropped for "…每天停水", an earlier letter).
        headline = row.title if row is not None else ""
        seen: set[str] = set()
        distinct = [
            # The topic's title is the headline as ``clean_title`` gives it; sorted is stable: date order else.
            doc for doc in sorted(docs, key=lambda doc: clean_title(doc.title, doc.kind) != headline)
            if not (doc.title[:8] in seen or seen.add(doc.title[:8]))
        ]
        distinct.sort(key=lambda doc: (_date(doc), doc.uid))
        wanted = _bigrams(about)
        closest = {doc.uid for doc in sorted(distinct, key=lambda doc: -len(_bigrams(doc.title) & wanted))[:2]}
        picked = [doc for doc in distinct if doc.uid in closest]
        examples = "；".join(f"{_book_title(doc.title)}（{_md(_date(doc))}）" for doc in picked)
        return f"依据：{span}收到{parts}{trend}{support}。如{examples}。" if docs else ""

    def directions(self) -> Section:
        section = Section("本月选题方向")
        ranked = sorted(self.topics.values(), key=lambda r: (-self.month_counts.get(r.id, 0), -(r.rank_score or 0), r.id))
        used: set[str] = set()
        top = self.settings.briefing.top_per_point
        self.figures["directions"] = {}
        for index, point in enumerate(POINTS):
            name = POINT_NAMES_ZH[point]
            section.add("subheading", f"（{NUMERALS[index]}）{name}")
            chosen = [r for r in ranked if point in (r.points or []) and r.id not in used][:top]
            self.figures["directions"][point] = [r.id for r in chosen]
            if not chosen:
                section.add("paragraph", f"本月未发现突出的{name}线索。")
                continue
            for number, row in enumerate(chosen, 1):
                used.add(row.id)
                rationale = _rationale(row, point)
                if self.month_over:
                    # The month is over: its "last three days" are its end, not the reader's present.
                    rationale = rationale.replace(f"近{RECENT_DAYS}天", f"月末{RECENT_DAYS}天")
                section.add("item", f"{number}．{_sentence(row.title)}理由：{rationale}。"
                    f"{self._evidence(row.id, ' '.join([row.title, *(row.keywords or [])]))}")
        elsewhere = [row for row in self.elsewhere.values() if self.month_counts.get(row.id, 0)]
        if elsewhere:
            places = Counter(place for row in elsewhere for place in row.metadata["elsewhere"].split("、"))
            named = "、".join(place for place, _ in places.most_common(3))
            section.add("note", f"另有{len(elsewhere)}条线索反映{self.settings.general.area}以外的地方（{named}"
                                f"{'等' if len(places) > 3 else ''}），未列入。")
        self.figures["elsewhere"] = len(elsewhere)
        return section

    # -- 2. warnings --------------------------------------------------------------------------------
    def warnings(self) -> Section:
        section = Section("预警信息及发展态势")
        flagged = sorted(
            (r for r in self.topics.values() if r.warning in WARNING_ORDER and self.month_counts.get(r.id, 0)),
            key=lambda r: (WARNING_ORDER[r.warning], -self.month_counts.get(r.id, 0), -(r.rank_score or 0), r.id),
        )
        alerts = [r for r in flagged if r.warning == "alert"]
        self.figures["warnings"] = {"alert": len(alerts), "watch": len(flagged) - len(alerts)}
        last_day = (self.end - timedelta(days=1)).day
        # A month that is over has all its days, whatever day its last letter came (a quiet mailbox).
        partial = f"（本月材料截至{self.cutoff.day}日，按已过天数比较）" if not self.month_over and self.cutoff.day < last_day else ""
        reach = self.end - timedelta(days=1) if self.month_over else self.cutoff
        section.add(
            "paragraph",
            f"本月共有{len(flagged)}条线索带有预警信号，其中“预警”级{len(alerts)}条、“关注”级{len(flagged) - len(alerts)}条。"
            "以下按级别和本月件数列出主要线索；态势按上、中、下旬件数判断"
            f"{partial}"
            "，“上升”的需持续关注。",
        )
        rows = [["线索", "级别", "首见", self._prev_column(), f"{self.month_no}月", "上/中/下旬", "态势"]]
        for row in flagged[:10]:
            docs = self.docs_by_topic.get(row.id, [])
            thirds = Counter(_ten_days(_date(doc)) for doc in docs)
            split = "/".join(str(thirds.get(i, 0)) if i <= self.latest else "—" for i in range(3))
            now, before = self.month_counts.get(row.id, 0), self.prev_counts.get(row.id, 0)
            course = _course([_date(doc) for doc in docs], reach)
            rows.append([row.title, "预警" if row.warning == "alert" else "关注", _md(row.first_seen, self.start.year), str(before), str(now), split, course])
        if len(rows) > 1:
            section.blocks.append(Block("table", rows=rows))
        for row in flagged[:3]:
            cues = [r.split("：", 1)[1] for r in (row.reasons or []) if r.startswith(("预警：", "关注："))]
            if cues:
                section.add("item", f"{row.title}：{cues[0]}。")
        bursts = self._bursts()
        if bursts:
            section.add("subheading", "诉求集中增长情况")
            for burst in bursts:
                section.add("item", burst)
        return section

    def _bursts(self) -> list[str]:
        table = _reflect(self.store, "bursts")
        if table is None:
            return []
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(table)).all()
        # ``night`` may be a date, a datetime or ISO text, depending on how the table was made.
        dated = [(_as_datetime(row.night), row) for row in rows]
        dated = sorted(((night, row) for night, row in dated if night and self.start <= night < self.end),
                       key=lambda item: (item[0], str(item[1].id)))
        return burst_lines(dated, self.settings.general.area)

    # -- 3. hotline ---------------------------------------------------------------------------------
    def hotline(self) -> Section:
        section = Section(f"{self.hotline_label}诉求分析")
        now = [doc for doc in self.docs if doc.kind == "hotline"]
        before = [doc for doc in self.prev_docs if doc.kind == "hotline"]
        # Rows stored before the category model existed get the same prediction the nightly store step makes.
        fill_missing_categories([*now, *before])
        self.figures["hotline"] = {"month": len(now), "previous": len(before)}
        if not now:
            section.add("paragraph", f"本月暂无{self.hotline_label}诉求数据。")
            return section
        compared = self.letters_from is None
        if compared:
            versus = f"，{self.prev_label}{len(before)}件，环比{_change(len(now), len(before))}"
        else:
            versus = f"（{self._coverage()}）"
        section.add("paragraph", f"{self.month_no}月{self.span}共受理群众诉求{len(now)}件{versus}。")
        by_cat, prev_cat = Counter(map(category_of, now)), Counter(map(category_of, before) if compared else ())
        cats = sorted(set(by_cat) | set(prev_cat), key=lambda c: (-by_cat[c], -prev_cat[c], c))
        top = cats[0]
        section.add(
            "paragraph",
            f"从类别看，“{top}”类最多，{by_cat[top]}件，占{by_cat[top] / len(now) * 100:.1f}%。"
            + "".join(
                f"“{c}”类{by_cat[c]}件" + (f"（环比{_change(by_cat[c], prev_cat[c])}）" if compared else "") + "；"
                for c in cats[1:4]
            ).rstrip("；")
            + "。",
        )
        if compared:
            rows = [["类别", f"{self.month_no}月", self.prev_label, "环比"]]
            rows += [[c, str(by_cat[c]), str(prev_cat[c]), _change(by_cat[c], prev_cat[c])] for c in cats]
        else:
            rows = [["类别", f"{self.month_no}月", "占比"]]
            rows += [[c, str(by_cat[c]), f"{by_cat[c] / len(now) * 100:.1f}%"] for c in cats]
        section.blocks.append(Block("table", rows=rows))
        self.charts["category"] = Chart(
            "bar", f"诉求类别分布（{self.prev_label}、{self.month_no}月）" if compared else f"诉求类别分布（{self.month_no}月{self.span}）",
            cats,
            ({self.prev_label: [float(prev_cat[c]) for c in cats]} if compared else {})
            | {f"{self.month_no}月": [float(by_cat[c]) for c in cats]},
        )
        section.blocks.append(Block("chart", chart="category"))

        office_area = self.settings.general.area
        towns = is_county(office_area)
        # Letters about another city's districts are counted apart: 越城区 is not among Hangzhou's areas.
        by_area, away = count_areas(now, office_area)
        prev_area, _ = count_areas(before if compared else [], office_area)
        areas = sorted(set(by_area) | set(prev_area), key=lambda a: (-by_area[a], -prev_area[a], a))[:10]
        named = [a for a in areas if a != UNKNOWN_AREA]
        several = [a for a in named if by_area[a] >= 2]
        level = "乡镇（街道）" if towns else "区县"
        # Where most letters name no place, the largest areas are a small part of the month: Hangzhou's
        # May had 萧山区 9, 拱墅区 9 and 钱塘区 8 of 299 letters, 181 of them naming no district.
        unknown = by_area.get(UNKNOWN_AREA, 0)
        untold = f"；另有{unknown}件未写明{level}" if unknown * 5 >= len(now) else ""
        if several:
            section.add(
                "paragraph",
                "从地域看，诉求较多的是" + "、".join(f"{a}（{by_area[a]}件）" for a in several[:3]) + f"{untold}。",
            )
        elif named:  # one letter each is no "较多"
            spread = sum(1 for a in by_area if a != UNKNOWN_AREA)
            section.add("paragraph", f"从地域看，诉求分散在{spread}个{level}，各1件{untold}。")
        if away:
            named = "、".join(f"{place}{count}件" for place, count in away.most_common(3))
            section.add("paragraph", f"另有{sum(away.values())}件反映{office_area}以外的地方（{named}"
                                     f"{'等' if len(away) > 3 else ''}），未计入上述区域。")
        self.charts["area"] = Chart(
            "bar", f"诉求较多的区域（前{len(areas)}位）", areas,
            ({self.prev_label: [float(prev_area[a]) for a in areas]} if compared else {})
            | {f"{self.month_no}月": [float(by_area[a]) for a in areas]},
        )
        section.blocks.append(Block("chart", chart="area"))

        days = (self.end - self.start).days
        covered = days if self.month_over else self.cutoff.day  # the daily mean of the days the material reaches
        daily = Counter(_date(doc).day for doc in now)
        values = [float(daily.get(d, 0)) for d in range(1, days + 1)]
        peak = max(range(1, days + 1), key=lambda d: (daily.get(d, 0), -d))
        section.add("paragraph", f"从走势看，日均{len(now) / covered:.1f}件，{self.month_no}月{peak}日最多，{daily[peak]}件。")
        series = {f"{self.month_no}月": values}
        if compared:
            # All of last month's days, also where this month's material stops short.
            prev_daily = Counter(_date(doc).day for doc in self.prev_docs_whole if doc.kind == "hotline")
            prev_days = (self.start - self.prev_start).days
            series[f"{self.prev_no}月"] = [float(prev_daily.get(d, 0)) for d in range(1, min(days, prev_days) + 1)]
        self.charts["daily"] = Chart("line", "每日诉求量", [str(d) for d in range(1, days + 1)], series)
        section.blocks.append(Block("chart", chart="daily"))
        self.figures["hotline"]["categories"] = dict(sorted(by_cat.items()))
        return section

    # -- 4. next month ------------------------------------------------------------------------------
    def next_month(self) -> Section:
        section = Section("下月选题建议")
        next_no = self.end.month
        level = office_level(self.settings.general.area)
        section.add("paragraph", f"结合{level}委中心工作和本月新出台的政策文件，建议{next_no}月重点围绕以下方向组织信息：")
        number = 0
        for term in self.settings.analysis.central_work:
            hits = [doc for doc in self.docs if term in doc.title or term in doc.text]
            if not hits:
                continue
            number += 1
            kinds = Counter(doc.kind for doc in hits)
            parts = "、".join(f"{self._kind_name(k)}{n}件" for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
            related = _work_lead(term, self.topics.values(), self.month_counts)
            lead = f"，可从“{related.title}”等线索切入" if related else ""
            section.add("item", f"{number}．围绕“{term}”：本月相关材料{len(hits)}件（{parts}）{lead}，反映工作进展、成效和存在的问题。")
        policies = sorted((doc for doc in self.docs if doc.kind == "policy"), key=lambda d: (_date(d), d.uid))
        for doc in policies[:6]:
            number += 1
            issuer = doc.metadata.get("发文机关") or doc.source
            section.add("item", f"{number}．跟踪政策落实：{issuer}《{doc.title}》（{_md(_date(doc))}发布），了解我{level}贯彻落实情况和基层反映。")
        rising = sorted(
            (r for r in self.topics.values() if self.month_counts.get(r.id, 0) >= 2 and self._late_share(r.id) > 0.5),
            key=lambda r: (-self.month_counts.get(r.id, 0), r.id),
        )[:3]
        latest = self.latest
        for row in rising:
            number += 1
            late = sum(1 for doc in self.docs_by_topic.get(row.id, []) if _ten_days(_date(doc)) == latest)
            section.add("item", f"{number}．持续关注“{row.title}”：本月{self.month_counts[row.id]}件，"
                                f"其中{_TEN_DAY_NAMES[latest]}{late}件，呈上升势头，下月可能继续发酵。")
        if number == 0:
            section.add("paragraph", "本月材料中未发现与中心工作直接相关的线索，建议各单位结合本地实际自行组织。")
        if not policies:
            section.add("note", "本月未收录新的政策文件。")
        self.figures["next_month"] = number
        return section

    def _late_share(self, topic_id: str) -> float:
        """The share of a topic's month in the latest ten days the material reaches (0 in the first ten)."""
        docs = self.docs_by_topic.get(topic_id, [])
        if not docs or self.latest == 0:
            return 0.0
        return sum(1 for doc in docs if _ten_days(_date(doc)) == self.latest) / len(docs)

    # -- 5. adoption --------------------------------------------------------------------------------
    def adoption(self) -> Section:
        section = Section("选题采用情况")
        decisions = _reflect(self.store, "decisions")
        if decisions is None:
            section.add("paragraph", "本月暂无编辑采用记录。")
            self.figures["adoption"] = {}
            return section
        with self.store.engine.connect() as conn:
            stmt = select(decisions).where(decisions.c.at >= self.start, decisions.c.at < self.end)
            if "undone" in decisions.c:
                stmt = stmt.where(func.coalesce(decisions.c.undone, False).is_(False))
            rows = conn.execute(stmt.order_by(decisions.c.at, decisions.c.topic_id)).all()
            reviews = _reflect(self.store, "topic_reviews")
            units = {r.topic_id: r.unit for r in conn.execute(select(reviews)) if r.unit} if reviews is not None else {}
        # The last accept/reject on a topic in the month counts (edits, notes and assignments are not verdicts).
        final: dict[str, str] = {}
        for row in rows:
            if row.action in ("accept", "reject"):
                final[row.topic_id] = row.action
        actions = Counter(final.values())
        self.figures["adoption"] = dict(sorted(actions.items()))
        if not final:
            section.add("paragraph", "本月暂无编辑采用记录。")
            return section
        accepted, rejected = actions.get("accept", 0), actions.get("reject", 0)
        section.add(
            "paragraph",
            f"本月编辑共处理选题{len(final)}条，采用{accepted}条，不采用{rejected}条，"
            f"采用率{accepted / len(final) * 100:.1f}%。",
        )
        if units:
            by_unit: dict[str, Counter[str]] = {}
            for topic_id, action in final.items():
                by_unit.setdefault(units.get(topic_id, "未分配"), Counter())[action] += 1
            table = [["承办单位", "处理", "采用", "不采用"]]
            for unit in sorted(by_unit, key=lambda u: (-sum(by_unit[u].values()), u)):
                counts = by_unit[unit]
                table.append([unit, str(sum(counts.values())), str(counts.get("accept", 0)), str(counts.get("reject", 0))])
            section.blocks.append(Block("table", rows=table))
        return section

    # -- all ----------------------------------------------------------------------------------------
    def build(self) -> Briefing:
        settings = self.settings
        title = settings.briefing.title.format(month=self.month_no, year=self.start.year)
        issuer = settings.briefing.issuer or settings.general.office
        cutoff = self.cutoff
        sections = [self.directions(), self.warnings(), self.hotline(), self.next_month(), self.adoption()]
        kinds = Counter(doc.kind for doc in self.docs)
        parts = "、".join(f"{self._kind_name(k)}{n}件" for k, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
        summary = (
            f"本期根据{self.start.year}年{self.month_no}月1日至{cutoff.month}月{cutoff.day}日收集的"
            f"{parts or '材料'}{f'，共{len(self.docs)}件' if len(kinds) > 1 else ''}，归并为{len(self.topics) + len(self.elsewhere)}条线索，"
            f"梳理本月重点、热点、难点、特点和预警信息，提出下月选题建议，供各单位报送信息时参考。"
        )
        if self.letters_from is not None:
            summary += f"（{self._coverage()}。）"
        self.figures["documents"] = len(self.docs)
        self.figures["topics"] = len(self.topics) + len(self.elsewhere)
        return Briefing(
            month=self.month, title=title, issuer=issuer, date=cutoff.replace(hour=0, minute=0, second=0, microsecond=0),
            summary=summary, sections=sections, charts=self.charts, figures=self.figures,
        )


def _sentence(title: str) -> str:
    """A title ended as a sentence: "。" unless it asks or exclaims ("…是否合法？" is not "…合法？。")."""
    title = title.rstrip("。.，,、；; ")
    return title if title.endswith(("？", "?", "！", "!", "…")) else f"{title}。"


def _bigrams(text: str) -> set[str]:
    """The text's adjacent character pairs: how alike two short Chinese titles are."""
    return {text[k : k + 2] for k in range(len(text) - 1)}


def burst_lines(dated: Sequence[tuple[datetime, Any]], area: str) -> list[str]:
    """One line per saved burst row, in the given order: its stored description (which already names
    the place or topic, the count and the baseline) and its level.

    A place's burst that a topic's burst the same night tells already (same count, the place in the
    topic's title: 「锦绣花园」 and 「反映锦绣花园物业不作为」, 19 complaints each) is left out.
    """
    topics = [(night.date(), row) for night, row in dated if row.key_kind == "topic"]
    lines = []
    for night, row in dated:
        if row.key_kind != "topic" and row.area and any(
            day == night.date() and topic.count == row.count and row.area in (topic.description or "")
            for day, topic in topics
        ):
            continue
        level = "预警" if row.level == "alert" else "关注"
        if row.description:
            lines.append(f"{_md(night)}，{row.description}（{level}）。")
        else:
            lines.append(
                f"{_md(night)}，{row.area or area}{row.category + '类' if row.category else ''}诉求集中增多："
                f"{row.count}件，基线日均{float(row.baseline or 0):.1f}件（{level}）。"
            )
    return lines


def build_briefing(store: Store, settings: Settings, month: str) -> Briefing:
    """The briefing of ``YYYY-MM`` from the store alone."""
    return BriefingBuilder(store, settings, month).build()
