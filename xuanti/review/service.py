"""What the review pages read and write, as plain functions over the Store (no FastAPI here).

Listing filters and paginates in SQL on the ``topics`` table (indexed on ranked_on, rank_score,
last_seen), so a page stays quick with tens of thousands of topics. Every decision is one
transaction that checks the topic's ``topic_reviews.version`` (optimistic locking) and records
what it changed, so the last decision on a topic can be undone.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from markupsafe import Markup
from sqlalchemy import String, and_, cast, delete, exists, func, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from models.rank import ELSEWHERE_REASON
from xuanti.export import web_address
from xuanti.records import POINTS, is_urgent, stable_id
from xuanti.review.db import decisions, topic_reviews
from xuanti.store import Store, documents, topic_states, topics

TREND_DAYS = 14
_WARNING_VALUE = {"none": 0.0, "watch": 0.5, "alert": 1.0}


class DecisionError(ValueError):
    """A decision that cannot be applied (bad input); the message is Chinese, for the editor."""


class StaleForm(DecisionError):
    """Someone else changed the same thing since the form was loaded."""


SCOPES = {"local": "本地", "elsewhere": "外地"}


@dataclass
class TopicFilters:
    date_from: date | None = None
    date_to: date | None = None
    point: str = ""
    warning: str = ""
    kind: str = ""
    area: str = ""
    scope: str = ""  # "local": leave out leads about other places only (``rank.elsewhere_of``); "elsewhere": only those
    status: str = ""
    q: str = ""
    page: int = 1
    night: datetime | None = None  # default: the latest ranking

    def query_args(self, **override: Any) -> dict[str, str]:
        """The filters as URL query parameters (for pagination links)."""
        values = {
            "date_from": self.date_from.isoformat() if self.date_from else "",
            "date_to": self.date_to.isoformat() if self.date_to else "",
            "point": self.point,
            "warning": self.warning,
            "kind": self.kind,
            "area": self.area,
            "scope": self.scope,
            "status": self.status,
            "q": self.q,
            "page": str(self.page),
        }
        values.update({key: str(value) for key, value in override.items()})
        return {key: value for key, value in values.items() if value and not (key == "page" and value == "1")}


@dataclass
class TopicPage:
    rows: list[dict[str, Any]]
    total: int
    page: int
    pages: int
    night: datetime | None
    filters: TopicFilters = field(default_factory=TopicFilters)


def night_caveats(store: Store) -> str:
    """What editors should know of the latest night before trusting its list (``Run.caveats``)."""
    latest = next(iter(store.runs(limit=1)), None)
    return latest.caveats() if latest is not None else ""


def _like(text: str) -> str:
    """A LIKE pattern matching ``text`` literally (``%`` and ``_`` escaped with ``\\``)."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def list_topics(store: Store, filters: TopicFilters, page_size: int) -> TopicPage:
    """One page of the night's ranked topics matching ``filters``, with chart and review data."""
    night = filters.night or store.latest_ranking()
    conditions: list[Any] = [topics.c.status != "merged"]
    if night is not None:
        conditions.append(topics.c.ranked_on == night)
    if filters.date_from:
        conditions.append(topics.c.last_seen >= datetime.combine(filters.date_from, datetime.min.time()))
    if filters.date_to:
        conditions.append(topics.c.first_seen < datetime.combine(filters.date_to + timedelta(days=1), datetime.min.time()))
    if filters.point in POINTS:
        conditions.append(cast(topics.c.points, String).like(f'%"{filters.point}"%'))
    if filters.warning:
        conditions.append(topics.c.warning == filters.warning)
    if filters.status:
        conditions.append(topics.c.status == filters.status)
    if filters.kind:
        conditions.append(
            exists().where(and_(documents.c.topic_id == topics.c.id, documents.c.kind == filters.kind))
        )
    if filters.area:
        pattern = _like(filters.area)
        conditions.append(
            or_(
                topics.c.place.like(pattern, escape="\\"),
                exists().where(and_(documents.c.topic_id == topics.c.id, documents.c.area.like(pattern, escape="\\"))),
            )
        )
    if filters.scope in SCOPES:
        # The ranking says "地域：反映绍兴市的问题…" of a lead about other places only; matched in the
        # stored reasons, as the point filter matches the stored points.
        elsewhere = cast(topics.c.reasons, String).like(f'%"{ELSEWHERE_REASON}%')
        conditions.append(elsewhere if filters.scope == "elsewhere" else ~elsewhere)
    if filters.q:
        pattern = _like(filters.q)
        conditions.append(
            or_(
                topics.c.title.like(pattern, escape="\\"),
                cast(topics.c.keywords, String).like(pattern, escape="\\"),
                topics.c.place.like(pattern, escape="\\"),
                topic_reviews.c.title.like(pattern, escape="\\"),
            )
        )
    joined = topics.outerjoin(topic_reviews, topic_reviews.c.topic_id == topics.c.id)
    where = and_(*conditions)
    with store.engine.connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(joined).where(where)).scalar_one())
        pages = max(1, -(-total // page_size))
        page = min(max(1, filters.page), pages)
        stmt = (
            select(topics, topic_reviews.c.title.label("review_title"), topic_reviews.c.unit,
                   topic_reviews.c.assignee, topic_reviews.c.version)
            .select_from(joined)
            .where(where)
            .order_by(topics.c.rank_score.desc(), topics.c.id)
            .limit(page_size)
            .offset((page - 1) * page_size)
        )
        rows = [dict(row._mapping) for row in conn.execute(stmt)]
        dates = _member_dates(conn, [row["id"] for row in rows])
    for number, row in enumerate(rows, start=(page - 1) * page_size + 1):
        row["number"] = number
        row["display_title"] = row.get("review_title") or row["title"]
        row["chart"] = trend_chart(dates.get(row["id"], []), night or datetime.now())
        kinds = (row.get("metadata") or {}).get("kinds") or {}
        row["kinds"] = sorted(kinds.items(), key=lambda item: (-item[1], item[0]))
        row["elsewhere"] = (row.get("metadata") or {}).get("elsewhere") or ""
    return TopicPage(rows=rows, total=total, page=page, pages=pages, night=night, filters=filters)


def _member_dates(conn: Connection, topic_ids: list[str]) -> dict[str, list[datetime]]:
    found: dict[str, list[datetime]] = {topic_id: [] for topic_id in topic_ids}
    if not topic_ids:
        return found
    stmt = select(documents.c.topic_id, func.coalesce(documents.c.published, documents.c.fetched)).where(
        documents.c.topic_id.in_(topic_ids)
    )
    for topic_id, moment in conn.execute(stmt):
        if moment is not None:
            found[topic_id].append(moment)
    return found


def trend_chart(moments: list[datetime], end: datetime, days: int = TREND_DAYS, width: int = 112,
                height: int = 28) -> dict[str, Any]:
    """Bars of documents per day for the ``days`` days ending at ``end`` (numbers only, for an inline SVG)."""
    first = end.date() - timedelta(days=days - 1)
    counts = Counter(moment.date() for moment in moments if first <= moment.date() <= end.date())
    values = [counts.get(first + timedelta(days=offset), 0) for offset in range(days)]
    peak = max(values) or 1
    step = width / days
    bars = []
    for offset, value in enumerate(values):
        bar_height = 0 if not value else max(2.0, (height - 2) * value / peak)
        bars.append({
            "x": round(offset * step + 0.5, 1),
            "y": round(height - bar_height, 1),
            "w": round(step - 1.5, 1),
            "h": round(bar_height, 1),
            "day": (first + timedelta(days=offset)).strftime("%m-%d"),
            "count": value,
        })
    return {"bars": bars, "width": width, "height": height, "total": sum(values), "peak": max(values)}


# -- detail --------------------------------------------------------------------------------------------
def highlight(text: str, keywords: list[str], width: int = 70) -> Markup:
    """A snippet around the first keyword, escaped first and then wrapped in <mark> (never raw source HTML)."""
    text = re.sub(r"\s+", " ", text or "").strip()
    words = sorted({word for word in keywords if word and len(word) >= 2}, key=len, reverse=True)
    start = 0
    positions = [text.find(word) for word in words if word in text]
    if positions:
        start = max(0, min(positions) - width // 3)
    snippet = text[start : start + width * 2]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width * 2 < len(text) else ""
    escaped = html.escape(snippet)
    if words:
        pattern = re.compile("|".join(re.escape(html.escape(word)) for word in words))
        escaped = pattern.sub(lambda match: f"<mark>{match.group(0)}</mark>", escaped)
    return Markup(html.escape(prefix) + escaped + html.escape(suffix))


def topic_row(conn: Connection, topic_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(topics).where(topics.c.id == topic_id)).first()
    return dict(row._mapping) if row else None


def review_row(conn: Connection, topic_id: str) -> dict[str, Any]:
    row = conn.execute(select(topic_reviews).where(topic_reviews.c.topic_id == topic_id)).first()
    if row:
        return dict(row._mapping)
    return {"topic_id": topic_id, "version": 0, "title": "", "note": "", "unit": "", "assignee": "",
            "updated": None, "updated_by": ""}


def topic_detail(store: Store, topic_id: str) -> dict[str, Any] | None:
    """Everything the detail page shows about one topic, or None."""
    with store.engine.connect() as conn:
        topic = topic_row(conn, topic_id)
        if topic is None:
            return None
        review = review_row(conn, topic_id)
        docs = [
            dict(row._mapping)
            for row in conn.execute(
                select(documents.c.uid, documents.c.id, documents.c.source, documents.c.kind, documents.c.url,
                       documents.c.title, documents.c.text, documents.c.published, documents.c.fetched,
                       documents.c.area, documents.c.category, documents.c.metadata, documents.c.analysis)
                .where(documents.c.topic_id == topic_id)
                .order_by(documents.c.published, documents.c.uid)
            )
        ]
        history = [
            dict(row._mapping)
            for row in conn.execute(
                select(decisions).where(decisions.c.topic_id == topic_id).order_by(decisions.c.id.desc())
            )
        ]
        related = _related(conn, topic)
    keywords = list(topic.get("keywords") or [])
    for doc in docs:
        analysis = doc.get("analysis") or {}
        doc["when"] = doc["published"] or doc["fetched"]
        doc["snippet"] = highlight(doc["text"], keywords + list(analysis.get("keywords") or [])[:3])
        doc["warning"] = analysis.get("warning", "none")
        doc["place"] = analysis.get("place") or ""  # a theme's letters each name their own estate
        # The export's own 一级分类, or the category model's where it had none (said so: an editor quoting
        # it should know which).
        metadata = doc.pop("metadata") or {}
        doc["category_predicted"] = bool(metadata.get("category_predicted"))
        # A 舆情 sheet's row (extractors.articles): its outlet (人民网) and the service's tone.
        doc["outlet"] = str(metadata.get("outlet") or "")
        doc["tone"] = str(metadata.get("tone") or "")
        doc["urgent"] = is_urgent(metadata.get("urgency"))  # a work order's 紧急程度 (extractors.hotline)
        doc["safe_url"] = web_address(str(doc["url"]), metadata)  # a saved page: the address it came from
    timeline: dict[date, list[dict[str, Any]]] = {}
    for doc in docs:
        if doc["when"]:
            timeline.setdefault(doc["when"].date(), []).append(doc)
    end = topic.get("ranked_on") or topic.get("last_seen") or datetime.now()
    span = max(TREND_DAYS, ((end - topic["first_seen"]).days + 1) if topic.get("first_seen") else TREND_DAYS)
    chart = trend_chart([doc["when"] for doc in docs if doc["when"]], end, days=min(span, 60), width=560, height=70)
    return {
        "topic": topic,
        "review": review,
        "display_title": review["title"] or topic["title"],
        "documents": docs,
        "timeline": sorted(timeline.items(), reverse=True),
        "chart": chart,
        "history": history,
        "related": related,
        "undoable": next((d for d in history if d["action"] != "undo" and not d["undone"]), None),
    }


def _related(conn: Connection, topic: dict[str, Any], limit: int = 8) -> list[dict[str, Any]]:
    """Other topics sharing keywords or the place, most shared first, earlier ones before later ones."""
    keywords = [word for word in (topic.get("keywords") or [])[:5] if len(word) >= 2]
    conditions = [cast(topics.c.keywords, String).like(_like(f'"{word}"'), escape="\\") for word in keywords]
    conditions += [topics.c.title.like(_like(word), escape="\\") for word in keywords[:3]]
    if topic.get("place"):
        conditions.append(topics.c.place == topic["place"])
    if not conditions:
        return []
    stmt = (
        select(topics.c.id, topics.c.title, topics.c.keywords, topics.c.place, topics.c.first_seen,
               topics.c.last_seen, topics.c.status, topics.c.size)
        .where(topics.c.id != topic["id"], or_(*conditions))
        .order_by(topics.c.last_seen.desc())
        .limit(300)
    )
    found = []
    own = set(keywords)
    for row in conn.execute(stmt):
        shared = [word for word in (row.keywords or []) if word in own]
        same_place = bool(topic.get("place")) and row.place == topic.get("place")
        found.append({**dict(row._mapping), "shared": shared, "same_place": same_place,
                      "score": len(shared) + (2 if same_place else 0)})
    found.sort(key=lambda item: (-item["score"], item["first_seen"] or datetime.max, item["id"]))
    return found[:limit]


# -- decisions -----------------------------------------------------------------------------------------
def decision_features(topic: dict[str, Any]) -> dict[str, Any]:
    """What the models saw when the editor decided (the training data of ``xuanti train``)."""
    metadata = topic.get("metadata") or {}
    return {
        "scores": topic.get("scores") or {},
        "points": topic.get("points") or [],
        "heat": topic.get("heat"),
        "trend": topic.get("trend"),
        "warning": topic.get("warning"),
        "size": topic.get("size"),
        "rank_score": topic.get("rank_score"),
        "reasons": topic.get("reasons") or [],
        "components": metadata.get("components") or {},
        "ranked_on": topic["ranked_on"].isoformat() if topic.get("ranked_on") else None,
    }


def _bump_review(conn: Connection, topic_id: str, current: dict[str, Any], username: str, now: datetime,
                 **values: Any) -> None:
    """Write review fields and bump the version, only if nobody else bumped it since we read it."""
    if current["version"] == 0:
        row = {"topic_id": topic_id, "version": 1, "title": "", "note": "", "unit": "", "assignee": "",
               "updated": now, "updated_by": username}
        row.update(values)
        try:
            conn.execute(insert(topic_reviews).values(**row))
        except IntegrityError as exc:  # another editor created the row first; the transaction rolls back
            raise StaleForm("该选题刚被其他编辑修改，页面已刷新，请核对后再操作。") from exc
        return
    result = conn.execute(
        update(topic_reviews)
        .where(topic_reviews.c.topic_id == topic_id, topic_reviews.c.version == current["version"])
        .values(version=current["version"] + 1, updated=now, updated_by=username, **values)
    )
    if result.rowcount != 1:
        raise StaleForm("该选题刚被其他编辑修改，页面已刷新，请核对后再操作。")


def _check_fresh(form_version: int, current_version: int, same_field: bool) -> None:
    """A stale form is accepted only when the field it changes is as the editor saw it."""
    if form_version != current_version and not same_field:
        raise StaleForm("该选题刚被其他编辑修改，页面已刷新，请核对后再操作。")


def _record(conn: Connection, topic: dict[str, Any], action: str, username: str, now: datetime, reason: str = "",
            detail: dict[str, Any] | None = None) -> int:
    result = conn.execute(
        insert(decisions).values(
            topic_id=topic["id"], action=action, username=username, at=now, reason=reason, detail=detail or {},
            features=decision_features(topic), undone=False,
        )
    )
    return int(result.inserted_primary_key[0])


def decide(
    store: Store,
    topic_id: str,
    action: str,
    username: str,
    version: int,
    expected: str | None = None,
    reason: str = "",
    value: str = "",
    unit: str = "",
    assignee: str = "",
    now: datetime | None = None,
) -> int:
    """Apply one editor's decision; returns the decision id.

    ``version`` is the topic_reviews version the form was rendered with; ``expected`` is the value of
    the field being changed as the form showed it (status for accept/reject, the title override for
    edit, the note, or "unit|assignee"). A stale form may still change a field nobody else touched.
    """
    now = (now or datetime.now()).replace(microsecond=0)
    reason = reason.strip()[:2000]
    with store.engine.begin() as conn:
        topic = topic_row(conn, topic_id)
        if topic is None:
            raise DecisionError("没有这个选题")
        review = review_row(conn, topic_id)
        if action in ("accept", "reject"):
            new_status = "accepted" if action == "accept" else "rejected"
            if action == "reject" and not reason:
                raise DecisionError("不采用请填写理由")
            before = topic["status"] or "new"
            _check_fresh(version, review["version"], expected is not None and expected == before)
            if before == "merged":
                raise DecisionError("该选题已并入其他选题")
            conn.execute(update(topics).where(topics.c.id == topic_id).values(status=new_status))
            _bump_review(conn, topic_id, review, username, now)
            return _record(conn, topic, action, username, now, reason, {"before": {"status": before},
                                                                       "after": {"status": new_status}})
        if action in ("edit", "note"):
            column = "title" if action == "edit" else "note"
            text = value.strip()[:500 if action == "edit" else 5000]
            _check_fresh(version, review["version"], expected is not None and expected == review[column])
            _bump_review(conn, topic_id, review, username, now, **{column: text})
            return _record(conn, topic, action, username, now, reason,
                           {"before": {column: review[column]}, "after": {column: text}})
        if action == "assign":
            unit, assignee = unit.strip()[:200], assignee.strip()[:100]
            if not unit and not assignee:
                raise DecisionError("请填写承办单位或编辑")
            seen = f"{review['unit']}|{review['assignee']}"
            _check_fresh(version, review["version"], expected is not None and expected == seen)
            _bump_review(conn, topic_id, review, username, now, unit=unit, assignee=assignee)
            return _record(conn, topic, action, username, now, reason,
                           {"before": {"unit": review["unit"], "assignee": review["assignee"]},
                            "after": {"unit": unit, "assignee": assignee}})
        if action == "merge":
            return _merge(conn, topic, review, value.strip(), username, version, now, reason)
        if action == "split":
            return _split(conn, topic, review, value.strip(), username, version, now, reason)
        if action == "undo":
            return _undo(conn, topic, review, username, version, now)
    raise DecisionError(f"未知操作 {action}")


def _topic_numbers(conn: Connection, topic_id: str) -> dict[str, Any]:
    """size, first_seen, last_seen of a topic from its documents."""
    when = func.coalesce(documents.c.published, documents.c.fetched)
    size, first, last = conn.execute(
        select(func.count(), func.min(when), func.max(when)).where(documents.c.topic_id == topic_id)
    ).one()
    return {"size": int(size), "first_seen": first, "last_seen": last}


def _merge(conn: Connection, topic: dict[str, Any], review: dict[str, Any], target_id: str, username: str,
           version: int, now: datetime, reason: str) -> int:
    """Move every document of ``topic`` into ``target_id``; the emptied topic is marked merged."""
    _check_fresh(version, review["version"], False)
    target = topic_row(conn, target_id) if target_id else None
    if target is None or target_id == topic["id"]:
        raise DecisionError("请选择要并入的另一个选题（选题编号）")
    if target["status"] == "merged":
        raise DecisionError("目标选题已并入其他选题")
    uids = list(conn.execute(select(documents.c.uid).where(documents.c.topic_id == topic["id"])).scalars())
    state = conn.execute(select(topic_states.c.state).where(topic_states.c.id == topic["id"])).scalar_one_or_none()
    conn.execute(update(documents).where(documents.c.topic_id == topic["id"]).values(topic_id=target_id))
    # The grouper forgets the merged topic, so tomorrow's similar documents join the target.
    conn.execute(delete(topic_states).where(topic_states.c.id == topic["id"]))
    conn.execute(update(topics).where(topics.c.id == target_id).values(**_topic_numbers(conn, target_id)))
    conn.execute(update(topics).where(topics.c.id == topic["id"]).values(status="merged", size=0))
    _bump_review(conn, topic["id"], review, username, now)
    return _record(conn, topic, "merge", username, now, reason, {
        "into": target_id, "uids": uids, "state": state, "before": {"status": topic["status"] or "new"},
        "target_before": {key: target[key] for key in ("size", "first_seen", "last_seen")},
    })


def _split(conn: Connection, topic: dict[str, Any], review: dict[str, Any], uid: str, username: str,
           version: int, now: datetime, reason: str) -> int:
    """Move one document out of ``topic`` into a new topic of its own (listed on the same night)."""
    _check_fresh(version, review["version"], False)
    doc = conn.execute(select(documents).where(documents.c.uid == uid, documents.c.topic_id == topic["id"])).first()
    if doc is None:
        raise DecisionError("该材料不在本选题中")
    if topic["size"] is not None and _topic_numbers(conn, topic["id"])["size"] <= 1:
        raise DecisionError("选题只剩这一篇材料，无法拆分")
    new_id = stable_id("split", topic["id"], uid, length=16)
    analysis = doc.analysis or {}
    when = doc.published or doc.fetched
    warning = analysis.get("warning", "none")
    conn.execute(insert(topics).values(
        id=new_id, title=(doc.title or "")[:200] or "拆分出的材料", keywords=analysis.get("keywords") or [],
        scores=analysis.get("scores") or {}, points=analysis.get("points") or [], warning=warning, heat=0.0, trend=0.0,
        # Just below the topic it came from, until tomorrow night ranks it on its own.
        rank_score=round(float(topic["rank_score"] or 0) - 1e-4, 6),
        reasons=[f"拆分：由编辑{username}从选题“{topic['title']}”中拆出"], first_seen=when, last_seen=when,
        place=analysis.get("place") or "", status="new", size=1,
        metadata={"kinds": {doc.kind: 1}, "split_from": topic["id"],
                  "components": {"warning": _WARNING_VALUE.get(warning, 0.0)}},
        ranked_on=topic["ranked_on"],
    ))
    conn.execute(update(documents).where(documents.c.uid == uid).values(topic_id=new_id))
    conn.execute(update(topics).where(topics.c.id == topic["id"]).values(**_topic_numbers(conn, topic["id"])))
    _bump_review(conn, topic["id"], review, username, now)
    return _record(conn, topic, "split", username, now, reason, {
        "uid": uid, "new_topic": new_id,
        "before": {key: topic[key] for key in ("size", "first_seen", "last_seen")},
    })


def _undo(conn: Connection, topic: dict[str, Any], review: dict[str, Any], username: str, version: int,
          now: datetime) -> int:
    """Revert the topic's last decision that is not itself an undo or already undone."""
    _check_fresh(version, review["version"], False)
    last = conn.execute(
        select(decisions)
        .where(decisions.c.topic_id == topic["id"], decisions.c.action != "undo", decisions.c.undone.is_(False))
        .order_by(decisions.c.id.desc())
        .limit(1)
    ).first()
    if last is None:
        raise DecisionError("没有可撤销的操作")
    detail = last.detail or {}
    before = detail.get("before") or {}
    if last.action in ("accept", "reject"):
        conn.execute(update(topics).where(topics.c.id == topic["id"]).values(status=before.get("status", "new")))
        _bump_review(conn, topic["id"], review, username, now)
    elif last.action in ("edit", "note", "assign"):
        _bump_review(conn, topic["id"], review, username, now, **before)
    elif last.action == "merge":
        uids = detail.get("uids") or []
        for start in range(0, len(uids), 500):
            conn.execute(update(documents).where(documents.c.uid.in_(uids[start : start + 500]))
                         .values(topic_id=topic["id"]))
        if detail.get("state") is not None:
            conn.execute(insert(topic_states).values(id=topic["id"], state=detail["state"]))
        target_id = detail["into"]
        conn.execute(update(topics).where(topics.c.id == target_id).values(**_topic_numbers(conn, target_id)))
        conn.execute(update(topics).where(topics.c.id == topic["id"])
                     .values(status=before.get("status", "new"), **_topic_numbers(conn, topic["id"])))
        _bump_review(conn, topic["id"], review, username, now)
    elif last.action == "split":
        new_id = detail["new_topic"]
        conn.execute(update(documents).where(documents.c.topic_id == new_id).values(topic_id=topic["id"]))
        conn.execute(delete(topics).where(topics.c.id == new_id))
        conn.execute(update(topics).where(topics.c.id == topic["id"]).values(**_topic_numbers(conn, topic["id"])))
        _bump_review(conn, topic["id"], review, username, now)
    conn.execute(update(decisions).where(decisions.c.id == last.id).values(undone=True))
    return _record(conn, topic, "undo", username, now, "", {"undid": int(last.id), "action": last.action})


def topics_for_export(store: Store, topic_ids: list[str]) -> list[dict[str, Any]]:
    """The selected topics in rank order, with editors' overrides and evidence counts by kind."""
    if not topic_ids:
        return []
    with store.engine.connect() as conn:
        rows = [
            dict(row._mapping)
            for row in conn.execute(
                select(topics, topic_reviews.c.title.label("review_title"), topic_reviews.c.note,
                       topic_reviews.c.unit, topic_reviews.c.assignee)
                .select_from(topics.outerjoin(topic_reviews, topic_reviews.c.topic_id == topics.c.id))
                .where(topics.c.id.in_(topic_ids[:500]))
                .order_by(topics.c.rank_score.desc(), topics.c.id)
            )
        ]
        counts: dict[str, Counter[str]] = {row["id"]: Counter() for row in rows}
        for topic_id, kind, count in conn.execute(
            select(documents.c.topic_id, documents.c.kind, func.count())
            .where(documents.c.topic_id.in_(list(counts)))
            .group_by(documents.c.topic_id, documents.c.kind)
        ):
            counts[topic_id][kind] = int(count)
    for row in rows:
        row["display_title"] = row.get("review_title") or row["title"]
        row["evidence"] = counts[row["id"]]
    return rows
