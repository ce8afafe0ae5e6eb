"""The nightly pipeline as plain functions (no Prefect): store, analyse, group, rank.

``flows/nightly.py`` wraps these in tasks; tests and the CLI can call them directly.
Documents are segmented once per night; tokens are handed from analysis to grouping in memory.
"""

from __future__ import annotations

import hashlib
import logging
import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from models.cues import CueScan
from models.dedup import NearDuplicateIndex, Signature, minhashes, simhashes
from models.gc_pause import gc_paused
from models.places import document_place
from models.points import item_text, load_points_model, points_model_path
from models.rank import rank_topics
from models.sentiment import SENTIMENT_ARTIFACT, SENTIMENT_WORDS, load_sentiment_model
from models.tokenize import WORD_KINDS, content_words, segment, tokenize, word_kind
from models.topics import TopicGrouper, TopicState, batch_term_weights, home_area_words
from models.vocab import TokenBatch
from models.warning import (
    SERVICE_TONES,
    WARNING_ARTIFACT,
    at_least_watch,
    load_warning_model,
    marked_by_reader,
)
from xuanti.paths import home_dir
from xuanti.records import POINTS, Analysis, Document, Topic, is_urgent
from xuanti.settings import Settings, Source
from xuanti.store import Store

log = logging.getLogger("xuanti")

Progress = Callable[[int, int], None]


def document_segments(doc: Document) -> list[str]:
    """The document segmented once (every token, punctuation included): the source of all word lists."""
    return segment(f"{doc.title}\n{doc.text}")


@dataclass
class AnalysedBatch:
    """One batch's analyses and tokens (uid -> ...), with its reprint signatures in document order."""

    analyses: dict[str, Analysis]
    tokens: dict[str, list[str]]
    signatures: list[Signature]


class Reprints:
    """The reprint index of one night: documents analysed in the window, then each batch in order."""

    def __init__(self, near_duplicate_distance: int = 3) -> None:
        self.index = NearDuplicateIndex(max_distance=near_duplicate_distance)

    def remember(self, analyses: dict[str, Analysis], docs: Sequence[Document] = ()) -> None:
        """Index already analysed documents so that tonight's reprints of them are found.

        Their stored signatures are used; only ``docs`` whose analysis has none (analysed by an
        older version) are segmented again.
        """
        texts = {doc.uid: doc for doc in docs}
        for uid, analysis in analyses.items():
            if analysis.minhash:
                self.index.add_signature(uid, Signature.decode(analysis.simhash, analysis.minhash))
            elif uid in texts:
                self.index.add(uid, content_words(document_segments(texts[uid])))

    def link(self, batch: AnalysedBatch) -> None:
        """Set ``duplicate_of`` for the batch's reprints of anything indexed before, then index the batch."""
        originals = self.index.add_signatures(list(batch.analyses), batch.signatures)
        for analysis, original in zip(batch.analyses.values(), originals, strict=True):
            analysis.duplicate_of = original or ""


class Analyser:
    """The per-document models, loaded once: four points, sentiment, warning, place, fingerprint, reprints.

    Each document is segmented once; the content words feed points, warning, keywords, the reprint
    signature and grouping, the words with stopwords feed sentiment. Points and warning read one
    shared feature matrix (computed once per batch) when their artifacts were trained together.
    """

    def __init__(self, near_duplicate_distance: int = 3, home: Path | None = None) -> None:
        self.points_model = load_points_model(home=home)  # retrained from decisions if home has one
        self.warning_model = load_warning_model()
        self.sentiment_model = load_sentiment_model()
        self.alert_column = list(self.warning_model.classes_).index("alert")
        self.shared_features = self.points_model.features_.same_as(self.warning_model.features_)
        self.reprints = Reprints(near_duplicate_distance)

    def analyse(self, docs: Sequence[Document]) -> tuple[dict[str, Analysis], dict[str, list[str]]]:
        """Analyses and tokens (uid -> ...) for a batch of documents, reprints of earlier ones linked."""
        batch = self.measure(docs)
        self.reprints.link(batch)
        return batch.analyses, batch.tokens

    @gc_paused()
    def measure(self, docs: Sequence[Document]) -> AnalysedBatch:
        """Every per-document model on a batch, segmenting each document once; reprints not yet linked.

        Batches are independent of each other here, so they may run in other processes or on other
        machines (``[dask]``); ``Reprints.link`` then takes them in order. The batch's tokens become
        term ids (``models.vocab.TokenBatch``): the word filters, the sentiment and points vectorisers,
        SimHash and the topic term vectors then work per distinct term with numpy, not per token in Python.
        """
        if not docs:
            return AnalysedBatch({}, {}, [])
        # Headline and body segmented apart: the same tokens as segmenting "title\ntext" (the line
        # break separates words either way), and the headline's tokens are known without a second pass.
        headlines = [segment(doc.title) for doc in docs]
        batch = TokenBatch([[*head, " ", *segment(doc.text)] for doc, head in zip(docs, headlines, strict=True)])
        kinds = batch.per_term("kind", word_kind, cache=WORD_KINDS)
        words = batch.all.where(kinds[batch.all.ids] == 2)  # content words: every model but sentiment
        # The opening words carry the tone (a complaint states it at once); reading at most
        # SENTIMENT_WORDS keeps long policy documents cheap. Stopwords stay: "不", "没" carry polarity.
        negative = self.sentiment_model.negative_run(batch.all.where(kinds[batch.all.ids] >= 1).first(SENTIMENT_WORDS))
        # A 舆情 service's 情感倾向 (extractors.articles): a reader's judgement stands for the model's.
        tones = [str(doc.metadata.get("tone") or "") for doc in docs]
        for row, tone in enumerate(tones):
            if tone in SERVICE_TONES:
                negative[row] = SERVICE_TONES[tone]
        title_words = words.before(np.fromiter(map(len, headlines), dtype=np.int64, count=len(headlines)))
        token_lists = words.lists()
        items = [
            {"title": doc.title, "text": doc.text, "source": doc.kind, "tokens": tokens, "negative": p,
             "form": doc.metadata.get("form")}  # an export's 诉求类型 (投诉, 表扬…): models.warning.is_thanks
            for doc, tokens, p in zip(docs, token_lists, negative, strict=True)
        ]
        for item in items:  # the cue words, found once for the features, the reasons and the warning
            item["scan"] = CueScan(item_text(item))
        matrix = self.points_model.features_.transform(items, tokens=words)
        proba = self.points_model.predict_proba(items, matrix)
        labels = proba >= self.points_model.thresholds_  # same as predict(), without a second pass
        explanations = self.points_model.explain_many(items, matrix=matrix)
        warning_proba = self.warning_model.predict_proba(items, matrix if self.shared_features else None)
        found_cues = [self.warning_model.cues_with_alerts(item) for item in items]
        warning_cues_found = [cues for cues, _ in found_cues]
        marked = [marked_by_reader(tone, doc.metadata.get("urgency")) for doc, tone in zip(docs, tones, strict=True)]
        warnings = at_least_watch(self.warning_model.levels_for(items, warning_proba, found_cues), items, marked)
        term_vectors = batch_term_weights(words, title_words, digits=6)
        # Keywords: the eight most frequent content words of two or more characters that are not numbers
        # (ties keep the first occurrence); filtered per distinct term, counted with one sort.
        keyword_like = (batch.lengths() >= 2) & ~batch.per_term("digits", str.isdigit, bool)
        keywords = words.where(keyword_like[words.ids]).most_common(8)
        simhash_values = simhashes(words)
        title_counts = np.diff(title_words.indptr).tolist()
        signatures = [
            Signature(value, values, not content)
            for value, values, content in zip(simhash_values, minhashes(token_lists), token_lists, strict=True)
        ]
        results: dict[str, Analysis] = {}
        tokens: dict[str, list[str]] = {}
        for row, (doc, item) in enumerate(zip(docs, items, strict=True)):
            content = item["tokens"]
            cues = explanations[row]
            warning_cues = warning_cues_found[row]
            if warning_cues:
                cues["warning"] = warning_cues
            signature = signatures[row]
            results[doc.uid] = Analysis(
                points=[point for point, flag in zip(POINTS, labels[row], strict=True) if flag],
                scores={point: round(float(p), 4) for point, p in zip(POINTS, proba[row], strict=True)},
                warning=str(warnings[row]),
                warning_score=round(float(warning_proba[row][self.alert_column]), 4),
                cues=cues,
                keywords=keywords[row],
                place=doc.metadata.get("place") or document_place(doc.title, doc.text, doc.kind),
                simhash=signature.simhash,
                negative=round(float(negative[row]), 4),
                minhash=signature.encode(),
                terms=term_vectors[row],
                title_words=title_counts[row],
            )
            tokens[doc.uid] = content
        return AnalysedBatch(results, tokens, signatures)


BatchRunner = Callable[[list[list[Document]]], Iterable[AnalysedBatch]]


def analyse_documents(
    store: Store,
    settings: Settings,
    batch: int = 2000,
    progress: Progress | None = None,
    runner: BatchRunner | None = None,
) -> dict[str, list[str]]:
    """Classify, warn, place and fingerprint every document not analysed yet.

    Returns the tokens of the newly analysed documents (uid -> tokens) for grouping. ``runner``
    measures the batches elsewhere (a Dask cluster: ``flows.nightly``), yielding them in order;
    by default they are measured here, one after another.
    """
    docs = store.documents(unanalysed=True)
    if not docs:
        return {}
    reprints = Reprints(settings.analysis.near_duplicate_distance)
    # Reprints are found against everything analysed in the window, not only tonight's documents.
    pending = {doc.uid for doc in docs}
    dated = [d.published or d.fetched for d in docs if d.published or d.fetched]
    if dated:
        since = min(dated) - timedelta(days=settings.analysis.window_days)
        earlier = {uid: a for uid, a in store.analyses(since=since).items() if uid not in pending}
        unsigned = [uid for uid, analysis in earlier.items() if not analysis.minhash]
        reprints.remember(earlier, store.documents(uids=unsigned) if unsigned else ())
    chunks = [docs[start : start + batch] for start in range(0, len(docs), batch)]
    if runner is None:
        analyser = Analyser(home=store_home(store))
        measured: Iterable[AnalysedBatch] = map(analyser.measure, chunks)
    else:
        measured = runner(chunks)
    all_tokens: dict[str, list[str]] = {}
    done = 0
    for result in measured:
        # Linked in document order wherever the batch was measured: the same reprints either way.
        reprints.link(result)
        store.save_analyses(result.analyses)  # committed per batch: a crash keeps what was analysed
        all_tokens.update(result.tokens)
        done += len(result.analyses)
        if progress:
            progress(done, len(docs))
    return all_tokens


def models_digest(home: Path | None = None) -> str:
    """A digest of the model files the analysis of ``home`` reads (points, warning, sentiment)."""
    files = (points_model_path(home), WARNING_ARTIFACT.resolve(), SENTIMENT_ARTIFACT.resolve())
    return hashlib.sha256("".join(_file_digest(str(path), path.stat().st_mtime_ns) for path in files).encode()).hexdigest()


@lru_cache(maxsize=16)
def _file_digest(path: str, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def measure_batch(docs: list[Document], home: str | None = None, digest: str = "") -> AnalysedBatch:
    """``Analyser.measure`` with the models this process has loaded (or loads now): a Dask task's work.

    ``digest`` is ``models_digest`` where the night runs: a worker with other models (another xuanti
    version, or without the data folder's retrained points model) refuses, rather than analyse differently.
    """
    folder = Path(home) if home else None
    if digest and models_digest(folder) != digest:
        raise RuntimeError(
            f"这台 Dask 工作机的模型与夜间任务不同（{socket.gethostname()}）：请在每台工作机上安装同一版本的 xuanti，"
            f"并让它能读到数据目录 {home} 中重新训练的模型"
        )
    return Analyser(home=folder).measure(docs)


def _count(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def member_dict(doc: Document, analysis: Analysis) -> dict[str, Any]:
    return {
        "uid": doc.uid,
        "id": doc.id,
        "title": doc.title,
        "text": doc.text,
        "kind": doc.kind,
        "source": doc.source,
        "outlet": str(doc.metadata.get("outlet") or ""),  # an export of articles' own 来源 (extractors.articles)
        "tone": str(doc.metadata.get("tone") or ""),  # and its 情感倾向
        "urgent": is_urgent(doc.metadata.get("urgency")),  # a work order's 紧急程度 (extractors.hotline)
        "url": doc.url,
        "published": doc.published or doc.fetched,
        "place": analysis.place,
        "area": doc.area,
        "category": doc.category,
        "likes": _count(doc.metadata.get("likes")),
        "reposts": _count(doc.metadata.get("reposts")),  # a 舆情 sheet's 转发数 and 评论数 (extractors.articles)
        "comments": _count(doc.metadata.get("comments")),
        "points": analysis.points,
        "scores": analysis.scores,
        "warning": analysis.warning,
        "cues": analysis.cues,
        "negative": analysis.negative,
        "keywords": analysis.keywords,
        "terms": analysis.terms,
    }


def group_documents(store: Store, settings: Settings, tokens: dict[str, list[str]] | None = None) -> int:
    """Put every document without a topic into an existing topic or a new one (incremental)."""
    assigned = store.topic_assignment()
    pending = store.documents(unassigned=True)
    if not pending:
        return 0
    analyses = store.analyses(uids=[doc.uid for doc in pending])
    tokens = tokens or {}
    grouper = TopicGrouper(
        join_threshold=settings.analysis.join_threshold, home_words=home_area_words(settings.general.area)
    ).fit(_all_states(store), assigned)
    items = []
    for doc in pending:
        analysis = analyses.get(doc.uid)
        if analysis is None:
            continue
        known = tokens.get(doc.uid)
        items.append(
            {
                "uid": doc.uid,
                "title": doc.title,
                "tokens": known or tokenize(f"{doc.title}\n{doc.text}"),
                # Tonight's tokens start with the headline's words; otherwise assign segments the title.
                "title_tokens": known[: analysis.title_words] if known else None,
                "kind": doc.kind,
                "place": analysis.place,
                "category": doc.category,
                "published": doc.published or doc.fetched,
                "duplicate_of": analysis.duplicate_of,
            }
        )
    assignment = grouper.assign(items)
    store.assign_topics(assignment)
    store.save_topic_states({tid: state.to_dict() for tid, state in grouper.states_.items()})
    return len(assignment)


def store_home(store: Store) -> Path:
    """The data folder models learned from decisions live in: a SQLite store's folder, else XUANTI_HOME."""
    database = store.engine.url.database if store.engine.dialect.name == "sqlite" else None
    if database and database != ":memory:":
        return Path(database).resolve().parent
    return home_dir()


def _all_states(store: Store) -> list[TopicState]:
    return [TopicState.from_dict(state) for state in store.topic_states().values()]


def empty_list_reason(store: Store, settings: Settings, now: datetime) -> str:
    """Why a night has no topics, in words the IT person can act on (an old export, a wrong --date)."""
    since = now - timedelta(days=settings.analysis.window_days)
    newest = store.newest_date(until=now)
    if newest is None:
        later = store.newest_date()
        if later is None:
            return "数据库中还没有任何材料：请检查 [[sources]] 配置和上方的来源错误。"
        return f"数据库中的材料都晚于 {now:%Y-%m-%d}（最新一篇为 {later:%Y-%m-%d}），请检查 --date。"
    return (f"最近 {settings.analysis.window_days} 天（{since:%Y-%m-%d} 至 {now:%Y-%m-%d}）没有材料，"
            f"数据库中最新一篇为 {newest:%Y-%m-%d}。处理历史数据时可用 --date {newest:%Y-%m-%d} 指定日期。")


def quiet_sources(store: Store, sources: Sequence[Source], now: datetime) -> dict[str, str]:
    """Source name -> the fact that needs a look: no new material for longer than it may go quietly
    (``stale_after``), or none at all. A stale 12345 export reads like a calm county. What to check is
    ``quiet_advice``: the fact alone is what editors are shown."""
    newest = store.newest_by_source(until=now)
    notes: dict[str, str] = {}
    for source in sources:
        days = source.stale_after()
        if not days:
            continue
        last = newest.get(source.name)
        if last is None:
            notes[source.name] = "还没有取得任何材料"
        elif (now - last).days >= days:
            notes[source.name] = f"已 {(now - last).days} 天没有新内容（最新材料 {last:%Y-%m-%d}）"
    return notes


def quiet_advice(source: Source) -> str:
    """What the IT person checks for a quiet source."""
    if source.type == "folder" or (source.type in ("hotline", "articles") and not getattr(source, "url", "")):
        return "请检查导出文件是否换成了新的"
    if source.type in ("hotline", "articles"):
        return "请检查导出地址是否仍然有效、是否换成了新的导出"
    return "请检查网址是否仍然有效"


def rank_as_of(
    store: Store, settings: Settings, now: datetime, since: datetime | None = None, window_label: str = ""
) -> list[Topic]:
    """Rank, without storing, the topics with documents in [``since``, ``now``] (default: the last
    ``window_days``) on their members up to ``now``; ``window_label`` names the window in the reasons."""
    since = since or now - timedelta(days=settings.analysis.window_days)
    assignment = store.topic_assignment()
    active = {assignment[uid] for uid in store.active_uids(since) if uid in assignment}
    members_by_topic: dict[str, list[dict[str, Any]]] = {}
    member_uids = [uid for uid, topic_id in assignment.items() if topic_id in active]
    docs = {doc.uid: doc for doc in store.documents(uids=member_uids)} if member_uids else {}
    analyses = store.analyses(uids=member_uids) if member_uids else {}
    for uid in sorted(member_uids):
        doc = docs.get(uid)
        published = doc and (doc.published or doc.fetched)
        if doc is None or uid not in analyses or (published and published > now):
            continue  # a document dated after the night being ranked is not evidence yet
        members_by_topic.setdefault(assignment[uid], []).append(member_dict(doc, analyses[uid]))
    statuses = store.topic_statuses()
    from xuanti.review.db import decided_sizes
    from xuanti.review.train import load_rank_weights

    ranked = rank_topics(
        members_by_topic,
        # Weights learned from editors' decisions (``xuanti train``) take precedence when present.
        load_rank_weights(store_home(store)) or settings.rank.weights,
        now=now,
        central_work=settings.analysis.central_work,
        statuses=statuses,
        history=decided_sizes(store),  # sizes when editors decided: a rejected topic returns only if grown
        window_days=(now - since).total_seconds() / 86400,
        window_label=window_label,
        office_area=settings.general.area,
    )
    states = store.topic_states()
    for topic in ranked:
        if topic.id in states:
            topic.metadata["state"] = states[topic.id]
    return ranked


def rank(store: Store, settings: Settings, now: datetime) -> list[Topic]:
    """Rank the topics active in the window ending at ``now`` and store them as tonight's list."""
    ranked = rank_as_of(store, settings, now)
    store.upsert_topics(ranked, ranked_on=now)
    return ranked
