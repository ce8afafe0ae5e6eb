"""The store: SQLAlchemy over SQLite (default, WAL mode) or PostgreSQL (by URL).

Every write is an idempotent upsert keyed on stable ids, committed in small batches, so running the
same night twice stores nothing twice and a crash loses nothing committed before it.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    create_engine,
    event,
    func,
    inspect,
    or_,
    select,
    text,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError, ProgrammingError

from xuanti.records import Analysis, Document, Run, SourceReport, Topic

log = logging.getLogger(__name__)

metadata = MetaData()
_SHARED: dict[str, Store] = {}
_SHARED_LOCK = threading.Lock()

documents = Table(
    "documents",
    metadata,
    Column("uid", String(300), primary_key=True),
    Column("id", String(200), nullable=False, index=True),
    Column("source", String(200), nullable=False, index=True),
    Column("kind", String(20), nullable=False),
    Column("url", Text, default=""),
    Column("title", Text, default=""),
    Column("text", Text, default=""),
    Column("published", DateTime, index=True),
    Column("fetched", DateTime),
    Column("area", String(200), default=""),
    Column("category", String(200), default=""),
    Column("metadata", JSON, default=dict),
    Column("content_hash", String(40), default=""),
    # Filled by analysis; NULL means "not analysed yet".
    Column("analysis", JSON(none_as_null=True), nullable=True),
    Column("topic_id", String(40), nullable=True, index=True),
    # A page met again under another address is found by its content (``upsert_documents``).
    Index("ix_documents_source_content", "source", "content_hash"),
)

topics = Table(
    "topics",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("title", Text, nullable=False),
    Column("keywords", JSON, default=list),
    Column("scores", JSON, default=dict),
    Column("points", JSON, default=list),
    Column("warning", String(10), default="none"),
    Column("heat", Float, default=0.0),
    Column("trend", Float, default=0.0),
    Column("rank_score", Float, default=0.0, index=True),
    Column("reasons", JSON, default=list),
    Column("first_seen", DateTime),
    Column("last_seen", DateTime, index=True),
    Column("place", String(200), default=""),
    Column("status", String(20), default="new"),
    Column("size", Integer, default=0),
    Column("metadata", JSON, default=dict),
    # The night whose ranking this row reflects; the topic list shows the latest night's topics.
    Column("ranked_on", DateTime, index=True),
)

# What the incremental grouper remembers of each topic between nights (centroid, place, size).
topic_states = Table(
    "topic_states",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("state", JSON, nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("started", DateTime, nullable=False),
    Column("finished", DateTime),
    Column("status", String(20), default="running"),
    Column("config", Text, default=""),
    Column("sources", JSON, default=list),
    Column("topics", Integer, default=0),
    Column("night", DateTime),
)

# What each URL looked like when last fetched: for conditional GET and "only what is new".
seen = Table(
    "seen",
    metadata,
    Column("url", String(1000), primary_key=True),
    Column("source", String(200), index=True),
    Column("etag", String(300), default=""),
    Column("last_modified", String(100), default=""),
    Column("content_hash", String(40), default=""),
    Column("fetched", DateTime),
    Column("status", Integer, default=0),
)

# The nightly run that holds this store: one at a time, whoever starts it (a schedule, a worker, the
# IT person's `xuanti run`). Two runs at once would group the same new documents twice.
run_lock = Table(
    "run_lock",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("run_id", String(40), nullable=False),
    Column("host", String(200), default=""),
    Column("pid", Integer, default=0),
    Column("acquired", DateTime, nullable=False),
    Column("heartbeat", DateTime, nullable=False),
)


@dataclass(frozen=True)
class LockHolder:
    """Who holds the store's run lock, and when it last showed life."""

    run_id: str
    host: str
    pid: int
    acquired: datetime
    heartbeat: datetime

    def alive_here(self) -> bool | None:
        """True/False when the holder ran on this machine (its process still runs or not); None elsewhere."""
        # Not on Windows, where os.kill(pid, 0) would end the process instead of probing it.
        if self.host != socket.gethostname() or self.pid <= 0 or os.name == "nt":
            return None
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # another user's process: alive
            return True
        return True


class StoreError(RuntimeError):
    """The store cannot be used now: said in one line, with what to check (the CLI exits with 3)."""


class StoreUnavailableError(StoreError):
    """The database cannot be opened: a server down, a wrong [store].url, a folder that is not there."""

    def __init__(self, store: str, exc: BaseException) -> None:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        super().__init__(f"无法打开数据库 {store}：{reason}。请检查 [store].url 和数据库服务是否已启动。")


class StoreBusyError(StoreError):
    """Another nightly run holds the store: this one did not start."""

    def __init__(self, store: str, holder: LockHolder, stale_hours: float) -> None:
        self.holder = holder
        super().__init__(
            f"另一次夜间任务正在使用数据库 {store}：任务 {holder.run_id}（{holder.acquired:%Y-%m-%d %H:%M} 在 "
            f"{holder.host or '未知主机'} 上开始，进程 {holder.pid}，最近活动 {holder.heartbeat:%Y-%m-%d %H:%M}）。"
            f"本次未运行，已存数据不受影响。若那次任务已意外中止：同一台机器上，下次运行即接管；"
            f"其他机器上，它无活动 {stale_hours:g} 小时后接管（[schedule] lock_stale_hours）。"
        )


def _chunks(items: Sequence[str], size: int = 900) -> Iterator[list[str]]:
    """Slices small enough for any database's limit on bound parameters."""
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def default_url(home: Path) -> str:
    return f"sqlite:///{home / 'xuanti.db'}"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL: readers (the review page) never block the nightly writer; a crash keeps committed batches.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, set):
        return sorted(value)
    return str(value)


def _json_dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


class Store:
    """Documents, topics, runs and fetch records in one database."""

    def __init__(self, url: str) -> None:
        self.url = url
        # A database host that does not answer would hold the run for minutes of TCP retries.
        connect_args = {"connect_timeout": 10} if url.startswith("postgresql") and "connect_timeout" not in url else {}
        self.engine: Engine = create_engine(url, json_serializer=_json_dumps, future=True, connect_args=connect_args)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            metadata.create_all(self.engine)  # the first connection: where an unreachable database shows
        except OperationalError as exc:
            raise StoreUnavailableError(self.safe_url, exc) from exc
        self._add_new_columns()
        self._add_new_indexes()

    def _add_new_indexes(self) -> None:
        """Create the indexes a newer xuanti has and this store lacks (``create_all`` makes them only
        with a new table); a reader's account that may not, or a second process that did first, is fine."""
        inspector = inspect(self.engine)
        for table in metadata.sorted_tables:
            if not table.indexes or not inspector.has_table(table.name):
                continue
            present = {index["name"] for index in inspector.get_indexes(table.name)}
            for index in table.indexes:
                if index.name in present:
                    continue
                # A large store takes a while, once: say so rather than seem to hang.
                log.info("为数据库 %s 的 %s 表建立索引 %s（升级后仅此一次）", self.safe_url, table.name, index.name)
                try:
                    index.create(self.engine, checkfirst=True)
                except (OperationalError, ProgrammingError):
                    pass  # a lookup without the index is slower, not wrong; the owner's next run adds it

    def _add_new_columns(self) -> None:
        """Add the columns a newer xuanti has and this store lacks (all nullable, e.g. ``runs.night``),
        so an office's existing store keeps working after an upgrade without a manual migration."""
        inspector = inspect(self.engine)
        for table in metadata.sorted_tables:
            if not inspector.has_table(table.name):
                continue  # a table of a module imported after create_all: it makes its own
            present = {column["name"] for column in inspector.get_columns(table.name)}
            for column in table.columns:
                if column.name in present:
                    continue
                kind = column.type.compile(dialect=self.engine.dialect)
                try:
                    with self.engine.begin() as conn:
                        conn.execute(text(f"ALTER TABLE {table.name} ADD COLUMN {column.name} {kind}"))
                except (OperationalError, ProgrammingError) as exc:
                    # Another process opening the same store added it first, or this database user may
                    # not alter tables (a reader's account): the owner's next run adds it.
                    if column.name not in {c["name"] for c in inspect(self.engine).get_columns(table.name)}:
                        log.warning("数据库 %s 的 %s 表缺少新列 %s，且无法添加（%s）：请用数据库所有者账号运行一次 xuanti run",
                                    self.safe_url, table.name, column.name, str(exc.orig).strip().splitlines()[0])

    default_url = staticmethod(default_url)

    @classmethod
    def shared(cls, url: str) -> Store:
        """One Store (one connection pool) per URL in this process, shared by the flow's tasks."""
        with _SHARED_LOCK:
            if url not in _SHARED:
                _SHARED[url] = cls(url)
            return _SHARED[url]

    @property
    def safe_url(self) -> str:
        """The URL with any password hidden, for logs."""
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def _insert(self) -> Any:
        """The dialect's INSERT, which has ON CONFLICT (upserts, the run lock)."""
        dialect = self.engine.dialect.name
        insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}.get(dialect)
        if insert is None:
            raise RuntimeError(f"unsupported database {dialect!r}; use sqlite or postgresql")
        return insert

    # -- generic upsert ---------------------------------------------------------------------------
    def _upsert(
        self, table: Table, rows: Sequence[dict[str, Any]], keep: Sequence[str] = (), conn: Connection | None = None
    ) -> None:
        """Insert rows or update them in place; columns in ``keep`` are never overwritten.

        In ``conn``'s transaction when given, else in a transaction of its own.
        """
        if not rows:
            return
        if conn is None:
            with self.engine.begin() as conn:
                self._upsert(table, rows, keep, conn)
            return
        insert = self._insert()
        keys = [c.name for c in table.primary_key.columns]
        for start in range(0, len(rows), 500):
            batch = list(rows[start : start + 500])
            stmt = insert(table).values(batch)
            update = {
                name: stmt.excluded[name]
                for name in batch[0]
                if name not in keys and name not in keep
            }
            stmt = stmt.on_conflict_do_update(index_elements=keys, set_=update) if update else (
                stmt.on_conflict_do_nothing(index_elements=keys)
            )
            conn.execute(stmt)

    # -- documents --------------------------------------------------------------------------------
    def upsert_documents(self, docs: Iterable[Document]) -> int:
        """Store documents; a document seen before is updated only if its content changed.

        Returns how many were new or changed. Analysis and topic stay with an unchanged document.
        """
        from xuanti.records import stable_id

        rows: dict[str, dict[str, Any]] = {}
        for doc in docs:
            content_hash = stable_id(doc.title, doc.text, length=40)
            rows[doc.uid] = {
                "uid": doc.uid,
                "id": doc.id,
                "source": doc.source,
                "kind": doc.kind,
                "url": doc.url,
                "title": doc.title,
                "text": doc.text,
                "published": doc.published,
                "fetched": doc.fetched,
                "area": doc.area,
                "category": doc.category,
                "metadata": doc.metadata,
                "content_hash": content_hash,
            }
        if not rows:
            return 0
        existing: dict[str, str] = {}
        uids = list(rows)
        with self.engine.connect() as conn:
            for start in range(0, len(uids), 500):
                chunk = uids[start : start + 500]
                for uid, chash in conn.execute(
                    select(documents.c.uid, documents.c.content_hash).where(documents.c.uid.in_(chunk))
                ):
                    existing[uid] = chash
        changed = [row for uid, row in rows.items() if existing.get(uid) != row["content_hash"]]
        changed = self._without_moved_pages(changed, existing)
        for row in changed:
            row["analysis"] = None  # new or changed content is analysed (again) tonight
        self._upsert(documents, changed, keep=("fetched",))
        return len(changed)

    def _without_moved_pages(self, rows: list[dict[str, Any]], existing: dict[str, str]) -> list[dict[str, Any]]:
        """``rows`` less the new pages whose source already holds the same title and text under another
        address: a site moved to https, a feed that adds a tracking parameter, or the demo's site on
        another port would store, analyse and count every story again. Hotline letters are each a
        letter, however alike their words (a campaign of identical complaints is the news)."""
        pages = [row for row in rows if row["uid"] not in existing and row["kind"] != "hotline" and row["text"]]
        if not pages:
            return rows
        held: set[tuple[str, str]] = set()
        with self.engine.connect() as conn:
            for source in {row["source"] for row in pages}:
                hashes = sorted({row["content_hash"] for row in pages if row["source"] == source})
                for chunk in _chunks(hashes):
                    held.update(
                        (source, chash)
                        for chash in conn.execute(
                            select(documents.c.content_hash).where(
                                documents.c.source == source, documents.c.content_hash.in_(chunk)
                            )
                        ).scalars()
                    )
        moved: set[str] = set()
        for row in pages:  # the first of two addresses met tonight is kept, as an earlier night's is
            key = (row["source"], row["content_hash"])
            if key in held:
                moved.add(row["uid"])
            held.add(key)
        if moved:
            names = sorted({row["source"] for row in pages if row["uid"] in moved})
            example = min(row["url"] or row["title"] for row in pages if row["uid"] in moved)
            log.info("来源「%s」有 %d 篇文档的内容已按其他网址保存过，不再重复保存（如 %s）",
                     "」「".join(names), len(moved), example)
        return [row for row in rows if row["uid"] not in moved]

    @staticmethod
    def _row_to_document(row: Any) -> Document:
        return Document(
            id=row.id,
            source=row.source,
            kind=row.kind,
            url=row.url or "",
            title=row.title or "",
            text=row.text or "",
            published=row.published,
            fetched=row.fetched,
            area=row.area or "",
            category=row.category or "",
            metadata=row.metadata or {},
        )

    def documents(
        self,
        since: datetime | None = None,
        unanalysed: bool = False,
        uids: Sequence[str] | None = None,
        unassigned: bool = False,
    ) -> list[Document]:
        """Documents ordered by (published, uid): recent, not yet analysed, not yet grouped, or by uid."""
        stmt = select(documents)
        if since is not None:
            stmt = stmt.where(func.coalesce(documents.c.published, documents.c.fetched) >= since)
        if unanalysed:
            stmt = stmt.where(documents.c.analysis.is_(None))
        if unassigned:
            stmt = stmt.where(documents.c.topic_id.is_(None))
        stmt = stmt.order_by(documents.c.published, documents.c.uid)
        with self.engine.connect() as conn:
            if uids is None:
                return [self._row_to_document(row) for row in conn.execute(stmt)]
            found = [
                self._row_to_document(row)
                for chunk in _chunks(uids)
                for row in conn.execute(stmt.where(documents.c.uid.in_(chunk)))
            ]
        return sorted(found, key=lambda doc: (doc.published is not None, doc.published or datetime.min, doc.uid))

    def clear_analyses(self, since: datetime) -> int:
        """Forget the analyses of documents dated on or after ``since``, so the next analysis reads them
        again with the models of the day; their topics stay. Returns how many were cleared."""
        when = func.coalesce(documents.c.published, documents.c.fetched)
        stmt = documents.update().where(when >= since).where(documents.c.analysis.is_not(None)).values(analysis=None)
        with self.engine.begin() as conn:
            return conn.execute(stmt).rowcount or 0

    def active_uids(self, since: datetime) -> list[str]:
        """Uids of documents dated on or after ``since`` (no text loaded)."""
        stmt = select(documents.c.uid).where(func.coalesce(documents.c.published, documents.c.fetched) >= since)
        with self.engine.connect() as conn:
            return list(conn.execute(stmt).scalars())

    def newest_date(self, until: datetime | None = None, dated_only: bool = False) -> datetime | None:
        """The date of the newest document (published, else fetched), on or before ``until`` if given;
        ``dated_only``: of documents that carry their own date (an undated one's is when it was read)."""
        when = documents.c.published if dated_only else func.coalesce(documents.c.published, documents.c.fetched)
        stmt = select(func.max(when))
        if until is not None:
            stmt = stmt.where(when <= until)
        with self.engine.connect() as conn:
            return conn.execute(stmt).scalar_one()

    def oldest_date(self, kind: str | None = None) -> datetime | None:
        """The date of the oldest document (published, else fetched), of one ``kind`` if given."""
        when = func.coalesce(documents.c.published, documents.c.fetched)
        stmt = select(func.min(when))
        if kind is not None:
            stmt = stmt.where(documents.c.kind == kind)
        with self.engine.connect() as conn:
            return conn.execute(stmt).scalar_one()

    def newest_by_source(self, until: datetime) -> dict[str, datetime]:
        """Each source's newest document date (published, else fetched) on or before ``until``."""
        when = func.coalesce(documents.c.published, documents.c.fetched)
        stmt = select(documents.c.source, func.max(when)).where(when <= until).group_by(documents.c.source)
        with self.engine.connect() as conn:
            return {source: newest for source, newest in conn.execute(stmt) if newest is not None}

    def count_documents(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(documents)).scalar_one())

    def save_analyses(self, results: dict[str, Analysis]) -> None:
        if not results:
            return
        # One statement for the batch (executemany), and each analysis's fields as they are: asdict's
        # deep copy of every term vector took longer than writing the rows.
        stmt = documents.update().where(documents.c.uid == bindparam("row_uid")).values(analysis=bindparam("row_analysis"))
        with self.engine.begin() as conn:
            conn.execute(stmt, [{"row_uid": uid, "row_analysis": vars(analysis)} for uid, analysis in results.items()])

    def analyses(self, uids: Sequence[str] | None = None, since: datetime | None = None) -> dict[str, Analysis]:
        stmt = select(documents.c.uid, documents.c.analysis).where(documents.c.analysis.is_not(None))
        if since is not None:
            stmt = stmt.where(func.coalesce(documents.c.published, documents.c.fetched) >= since)
        with self.engine.connect() as conn:
            if uids is None:
                return {uid: Analysis(**data) for uid, data in conn.execute(stmt)}
            return {
                uid: Analysis(**data)
                for chunk in _chunks(uids)
                for uid, data in conn.execute(stmt.where(documents.c.uid.in_(chunk)))
            }

    def assign_topics(self, assignment: dict[str, str]) -> None:
        if not assignment:
            return
        stmt = documents.update().where(documents.c.uid == bindparam("row_uid")).values(topic_id=bindparam("row_topic"))
        with self.engine.begin() as conn:
            conn.execute(stmt, [{"row_uid": uid, "row_topic": topic_id} for uid, topic_id in assignment.items()])

    def topic_assignment(self) -> dict[str, str]:
        stmt = select(documents.c.uid, documents.c.topic_id).where(documents.c.topic_id.is_not(None))
        with self.engine.connect() as conn:
            return {uid: topic_id for uid, topic_id in conn.execute(stmt)}

    # -- topics -----------------------------------------------------------------------------------
    def upsert_topics(self, items: Iterable[Topic], ranked_on: datetime | None = None) -> None:
        rows = []
        for topic in items:
            row = asdict(topic)
            row["size"] = len(row.pop("documents"))
            row["ranked_on"] = ranked_on
            rows.append(row)
        with self.engine.begin() as conn:
            if ranked_on is not None:
                # A rerun of a night replaces that night's list: a topic it no longer ranks leaves it.
                conn.execute(topics.update().where(topics.c.ranked_on == ranked_on).values(ranked_on=None))
            # An editor's decision (status) is never overwritten by the nightly run.
            self._upsert(topics, rows, keep=("status",), conn=conn)

    def latest_ranking(self, until: datetime | None = None) -> datetime | None:
        """The night of the latest ranking (at or before ``until``)."""
        stmt = select(func.max(topics.c.ranked_on))
        if until is not None:
            stmt = stmt.where(topics.c.ranked_on <= until)
        with self.engine.connect() as conn:
            return conn.execute(stmt).scalar_one_or_none()

    def topics(self, ranked_on: datetime | None = None, limit: int | None = None) -> list[Topic]:
        """Topics of one night's ranking (default: the latest), by rank score then id, with member uids."""
        ranked_on = ranked_on or self.latest_ranking()
        stmt = select(topics).order_by(topics.c.rank_score.desc(), topics.c.id)
        if ranked_on is not None:
            stmt = stmt.where(topics.c.ranked_on == ranked_on)
        if limit:
            stmt = stmt.limit(limit)
        with self.engine.connect() as conn:
            rows = list(conn.execute(stmt))
            ids = [row.id for row in rows]
            members: dict[str, list[str]] = {topic_id: [] for topic_id in ids}
            if ids:
                member_stmt = (
                    select(documents.c.topic_id, documents.c.uid)
                    .where(documents.c.topic_id.in_(ids))
                    .order_by(documents.c.published, documents.c.uid)
                )
                if ranked_on is not None:
                    # As ranked that night: a rerun of an earlier night lists no document dated later.
                    when = func.coalesce(documents.c.published, documents.c.fetched)
                    member_stmt = member_stmt.where(or_(when.is_(None), when <= ranked_on))
                for topic_id, uid in conn.execute(member_stmt):
                    members[topic_id].append(uid)
        return [
            Topic(
                id=row.id,
                title=row.title,
                keywords=row.keywords or [],
                documents=members.get(row.id, []),
                scores=row.scores or {},
                points=row.points or [],
                warning=row.warning,
                heat=row.heat,
                trend=row.trend,
                rank_score=row.rank_score,
                reasons=row.reasons or [],
                first_seen=row.first_seen,
                last_seen=row.last_seen,
                place=row.place or "",
                status=row.status or "new",
                metadata=row.metadata or {},
            )
            for row in rows
        ]

    def save_topic_states(self, states: dict[str, dict[str, Any]]) -> None:
        self._upsert(topic_states, [{"id": tid, "state": state} for tid, state in sorted(states.items())])

    def topic_states(self) -> dict[str, dict[str, Any]]:
        with self.engine.connect() as conn:
            return {tid: state for tid, state in conn.execute(select(topic_states.c.id, topic_states.c.state))}

    def topic_statuses(self) -> dict[str, str]:
        with self.engine.connect() as conn:
            return dict(conn.execute(select(topics.c.id, topics.c.status)).all())

    def delete_topics(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        if ids:
            with self.engine.begin() as conn:
                conn.execute(topics.delete().where(topics.c.id.in_(ids)))

    # -- runs -------------------------------------------------------------------------------------
    def save_run(self, run: Run) -> None:
        row = asdict(run)
        self._upsert(runs, [row])
        if run.status == "running":
            self.touch_run_lock(run.id)

    def runs(self, limit: int | None = None) -> list[Run]:
        """Nightly runs, newest first (the newest ``limit`` if given)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(runs).order_by(runs.c.started.desc()).limit(limit)).all()
        return [
            Run(
                id=row.id,
                started=row.started,
                finished=row.finished,
                status=row.status,
                config=row.config,
                sources=[SourceReport(**item) for item in row.sources or []],
                topics=row.topics,
                night=row.night,
            )
            for row in rows
        ]

    # -- the run lock ---------------------------------------------------------------------------
    def lock_holder(self) -> LockHolder | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(run_lock).where(run_lock.c.name == "nightly")).first()
        return None if row is None else LockHolder(row.run_id, row.host or "", row.pid or 0, row.acquired, row.heartbeat)

    def acquire_run_lock(self, run_id: str, stale_after: timedelta) -> tuple[bool, LockHolder | None]:
        """Take the store's run lock for ``run_id``: (True, the holder taken over from, if any) or
        (False, the holder).

        A holder is taken over when its process is gone from this machine, or when it has shown no
        life for ``stale_after`` (a run killed on another machine, or a power cut). Both steps are
        atomic, so of two runs starting at once exactly one gets the lock.
        """
        now = datetime.now().replace(microsecond=0)
        row = {"name": "nightly", "run_id": run_id, "host": socket.gethostname(), "pid": os.getpid(),
               "acquired": now, "heartbeat": now}
        with self.engine.begin() as conn:
            taken = conn.execute(self._insert()(run_lock).values(row).on_conflict_do_nothing(index_elements=["name"]))
        if taken.rowcount == 1:
            return True, None
        holder = self.lock_holder()
        if holder is None:  # released in between: try once more
            return self.acquire_run_lock(run_id, stale_after)
        # Silent for ``stale_after`` also covers a dead run whose process id was reused on this machine.
        if holder.alive_here() is False or now - holder.heartbeat >= stale_after:
            with self.engine.begin() as conn:
                swapped = conn.execute(
                    run_lock.update()
                    .where(run_lock.c.name == "nightly", run_lock.c.run_id == holder.run_id,
                           run_lock.c.heartbeat == holder.heartbeat)
                    .values(row)
                )
            if swapped.rowcount == 1:
                return True, holder
            return False, self.lock_holder() or holder
        return False, holder

    def mark_run_interrupted(self, run_id: str) -> None:
        """A run whose lock was taken over ended without saying so: its record says it now."""
        with self.engine.begin() as conn:
            conn.execute(runs.update().where(runs.c.id == run_id, runs.c.status == "running").values(status="interrupted"))

    def touch_run_lock(self, run_id: str) -> None:
        """The holder shows life (every saved step of the run)."""
        with self.engine.begin() as conn:
            conn.execute(
                run_lock.update()
                .where(run_lock.c.name == "nightly", run_lock.c.run_id == run_id)
                .values(heartbeat=datetime.now().replace(microsecond=0))
            )

    def release_run_lock(self, run_id: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(run_lock.delete().where(run_lock.c.name == "nightly", run_lock.c.run_id == run_id))

    # -- fetch records ----------------------------------------------------------------------------
    def seen_record(self, url: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(seen).where(seen.c.url == url)).first()
        return dict(row._mapping) if row else None

    def mark_seen(self, records: Sequence[dict[str, Any]]) -> None:
        self._upsert(seen, records)

    def iter_seen(self, source: str) -> Iterator[dict[str, Any]]:
        with self.engine.connect() as conn:
            for row in conn.execute(select(seen).where(seen.c.source == source)):
                yield dict(row._mapping)
