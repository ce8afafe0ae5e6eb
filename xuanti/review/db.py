"""The review app's tables on ``xuanti.store.metadata``: users, sessions, decisions and editors' overrides.

``decisions`` and ``topic_reviews`` have a fixed shape: the monthly briefing reads them.
Nothing here imports FastAPI, so the nightly pipeline can read decisions (``decided_sizes``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Integer,
    String,
    Table,
    Text,
    select,
)

from xuanti.store import Store, metadata

ACTIONS: tuple[str, ...] = ("accept", "reject", "merge", "split", "edit", "note", "assign", "undo")
ACTION_NAMES_ZH = {
    "accept": "采用",
    "reject": "不采用",
    "merge": "合并",
    "split": "拆分",
    "edit": "修改标题",
    "note": "备注",
    "assign": "分派",
    "undo": "撤销",
}
STATUS_NAMES_ZH = {"new": "待定", "accepted": "已采用", "rejected": "不采用", "merged": "已并入他题"}

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("topic_id", String(40), index=True, nullable=False),
    Column("action", String(20), nullable=False),
    Column("username", String(100), nullable=False),
    Column("at", DateTime, index=True, nullable=False),
    Column("reason", Text, default=""),
    Column("detail", JSON, default=dict),
    # What the models saw at decision time: the training data of ``xuanti train``.
    Column("features", JSON, default=dict),
    Column("undone", Boolean, default=False, nullable=False),
)

topic_reviews = Table(
    "topic_reviews",
    metadata,
    Column("topic_id", String(40), primary_key=True),
    # Bumped by every write: a form that carries an older version is stale.
    Column("version", Integer, nullable=False, default=1),
    Column("title", String(500), default=""),
    Column("note", Text, default=""),
    Column("unit", String(200), default=""),
    Column("assignee", String(100), default=""),
    Column("updated", DateTime),
    Column("updated_by", String(100), default=""),
)

review_users = Table(
    "review_users",
    metadata,
    Column("username", String(100), primary_key=True),
    Column("password_hash", String(300), nullable=False),
    Column("is_admin", Boolean, default=False, nullable=False),
    Column("disabled", Boolean, default=False, nullable=False),
    Column("failed_logins", Integer, default=0, nullable=False),
    Column("locked_until", DateTime, nullable=True),
    Column("created", DateTime),
    Column("last_login", DateTime, nullable=True),
)

review_sessions = Table(
    "review_sessions",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("username", String(100), index=True, nullable=False),
    Column("created", DateTime, nullable=False),
    Column("expires", DateTime, nullable=False),
)

REVIEW_TABLES = [decisions, topic_reviews, review_users, review_sessions]


def ensure_tables(store: Store) -> None:
    """Create the review tables if missing (the Store creates them too, once this module is imported)."""
    metadata.create_all(store.engine, tables=REVIEW_TABLES)


def decided_sizes(store: Store) -> dict[str, dict[str, Any]]:
    """Topic id -> ``{"size": n}``: the topic's size when editors last accepted or rejected it.

    The ranking compares tonight's size with this to tell a rejected topic that grew markedly
    from one that merely came back.
    """
    ensure_tables(store)
    stmt = (
        select(decisions.c.topic_id, decisions.c.features)
        .where(decisions.c.action.in_(("accept", "reject")), decisions.c.undone.is_(False))
        .order_by(decisions.c.id)
    )
    history: dict[str, dict[str, Any]] = {}
    with store.engine.connect() as conn:
        for topic_id, features in conn.execute(stmt):
            size = int((features or {}).get("size") or 0)
            if size:
                history[topic_id] = {"size": size}
    return history
