"""Complaint bursts in the store: tonight's detection over the hotline documents, saved idempotently."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Float, Integer, String, Table, Text, select

from models.burst import BurstDetector, HolidayCalendar, burst_keys, describe_burst
from models.places import outside_area
from xuanti.records import stable_id
from xuanti.settings import Settings
from xuanti.store import Store, metadata

bursts = Table(
    "bursts",
    metadata,
    # Stable hash of the key and the burst's first day: the same burst seen again tomorrow updates its row.
    Column("id", String(40), primary_key=True),
    Column("night", DateTime, index=True),
    Column("key_kind", String(20), nullable=False),
    Column("category", String(200), default=""),
    Column("area", String(200), default=""),
    Column("topic_id", String(40), default=""),
    Column("level", String(10), nullable=False),
    Column("count", Integer, default=0),
    Column("baseline", Float, default=0.0),
    Column("score", Float, default=0.0),
    Column("growth", Float, default=0.0),
    Column("start", DateTime),
    Column("evidence", JSON, default=list),
    Column("description", Text, default=""),
)

_COLUMNS = [column.name for column in bursts.columns]
log = logging.getLogger(__name__)


def _ensure_table(store: Store) -> None:
    metadata.create_all(store.engine, tables=[bursts])


def burst_id(burst: dict[str, Any]) -> str:
    start = burst["start"].strftime("%Y-%m-%d")
    return stable_id(burst["key_kind"], burst["category"], burst["area"], burst["topic_id"], start, length=40)


def detector_for(settings: Settings) -> BurstDetector:
    warning = settings.warning
    return BurstDetector(
        baseline_days=warning.baseline_days,
        window_days=warning.window_days,
        min_count=warning.min_count,
        watch_score=warning.watch_score,
        alert_score=warning.alert_score,
        calendar=HolidayCalendar(warning.holidays, warning.workdays),
    )


def detect_night_bursts(store: Store, settings: Settings, now: datetime) -> list[dict[str, Any]]:
    """Bursts of hotline complaints on the night ending at ``now`` (rows ready for :func:`save_bursts`)."""
    detector = detector_for(settings)
    since = datetime.combine((now - timedelta(days=detector.baseline_days + detector.window_days)).date(),
                             datetime.min.time())
    docs = [doc for doc in store.documents(since=since) if doc.kind == "hotline"]
    docs = [doc for doc in docs if (doc.published or doc.fetched) and (doc.published or doc.fetched) <= now]
    # Letters about another city's districts (a provincial message board) are not this office's bursts.
    docs = [doc for doc in docs if not outside_area(doc.area, settings.general.area)]
    if not docs:
        return []
    uids = [doc.uid for doc in docs]
    analyses = store.analyses(uids=uids)
    assignment = store.topic_assignment()
    events = []
    for doc in docs:
        analysis = analyses.get(doc.uid)
        keys = burst_keys(
            doc.category,
            doc.area,
            text=f"{doc.title}\n{doc.text}",
            place=analysis.place if analysis else "",
            topic_id=assignment.get(doc.uid, ""),
        )
        when = doc.published or doc.fetched
        events.extend((key, when, doc.uid) for key in keys)
    found = detector.fit(events).detect(now.date())
    unknown = sorted(detector.calendar.unknown_years) if detector.calendar else []
    if unknown:
        # Each January until the package learns the State Council's notice: the IT person can act.
        log.warning("the holiday calendar does not know %s yet: bursts count only weekends as rest days there; "
                    "update it (pip install -U chinesecalendar) or list that year's holidays and adjusted "
                    "working days (调休) in [warning] holidays / workdays", "、".join(map(str, unknown)))
    titles = _topic_titles(store, [b["topic_id"] for b in found if b["topic_id"]])
    for burst in found:
        burst["id"] = burst_id(burst)
        burst["description"] = describe_burst(burst, titles.get(burst["topic_id"], ""))
    return found


def _topic_titles(store: Store, ids: Sequence[str]) -> dict[str, str]:
    from xuanti.store import topics

    if not ids:
        return {}
    with store.engine.connect() as conn:
        return {tid: title for tid, title in conn.execute(select(topics.c.id, topics.c.title).where(topics.c.id.in_(list(ids))))}


def save_bursts(store: Store, found: Sequence[dict[str, Any]]) -> int:
    """Upsert bursts by id (a rerun of the same night changes nothing); returns how many were given."""
    _ensure_table(store)
    rows = []
    for burst in found:
        row = {name: burst.get(name) for name in _COLUMNS}
        row["id"] = row["id"] or burst_id(burst)
        row["topic_id"] = row["topic_id"] or ""
        row["score"] = float(min(row["score"], 300.0))
        row["growth"] = float(min(row["growth"], 1e6))  # inf (no baseline at all) does not fit every database
        rows.append(row)
    store._upsert(bursts, rows)
    return len(rows)


def bursts_between(store: Store, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """Saved bursts whose night lies in [start, end], highest score first."""
    _ensure_table(store)
    stmt = select(bursts).where(bursts.c.night >= start, bursts.c.night <= end).order_by(
        bursts.c.score.desc(), bursts.c.id
    )
    with store.engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(stmt)]
