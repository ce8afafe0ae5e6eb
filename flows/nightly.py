"""The nightly flow: fetch each source, parse, store, analyse, group, rank, export.

Thin on purpose: each task calls a plain function from ``extractors`` or ``xuanti.pipeline``.
Fetch and parse are separate tasks so that a flaky source is retried (with back-off) without
re-parsing, and one failing source never stops the others. Hotline exports are written to the store
by the parse task, batch by batch as they are read, so a large export is never held in memory whole;
the store task stores the other sources' documents.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Generic, TypeVar

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import ThreadPoolTaskRunner

from extractors import FetchError
from extractors.sources import FetchBundle, ParseResult, fetch_source, parse_source
from models.category import fill_missing_categories
from models.places import office_division
from xuanti import pipeline
from xuanti.alerts import AlertReport, notify
from xuanti.bursts import detect_night_bursts, save_bursts
from xuanti.export import (
    evidence_uids,
    source_label,
    web_address,
    write_csv,
    write_html,
    write_json,
    write_xlsx,
)
from xuanti.paths import home_dir
from xuanti.records import Document, Run, SourceReport, Topic
from xuanti.settings import ConfigError, DaskSettings, Settings, load_settings
from xuanti.store import Store, StoreBusyError

log = logging.getLogger("xuanti")
T = TypeVar("T")
SHOWN_ERRORS = 5  # per source on the console; every error is kept in the run record


class Whole(Generic[T]):
    """A value handed to or from a task or flow as one object. Prefect walks every list, dict and
    dataclass it is given, looking for futures: the tokens of 8,000 documents took 11 s, twice.
    Dask names a task by hashing its arguments, pickling them twice to check the hash is stable
    (0.9 s for a batch of 2,000 documents): a ``Whole`` is named by a random token instead."""

    __slots__ = ("value", "token")

    def __init__(self, value: T) -> None:
        self.value = value
        self.token = uuid.uuid4().hex

    def __dask_tokenize__(self) -> str:
        return self.token


def retry_unless_fetch_error(task: Any, task_run: Any, state: Any) -> bool:
    """Prefect's retry condition for fetching: a ``FetchError`` has already had its retries with
    back-off, request by request (``[fetch] retries``), or is a setting no retry changes (a private
    address). Retrying the task as well made a dead feed cost 16 requests and 5.5 minutes."""
    try:
        state.result()
    except FetchError:
        return False
    except Exception:
        return True  # anything else (the store was busy...) is worth another go
    return True


@task(name="fetch", task_run_name="fetch {source.name}", cache_policy=NO_CACHE, retry_condition_fn=retry_unless_fetch_error)
def fetch_task(source: Any, settings: Settings, store_url: str) -> FetchBundle:
    return fetch_source(source, settings.fetch, Store.shared(store_url))


@task(name="parse", task_run_name="parse {source.name}", cache_policy=NO_CACHE)
def parse_task(source: Any, bundle: FetchBundle, settings: Settings, store_url: str) -> ParseResult:
    # Hotline rows are stored here per batch, exports without 一级分类 getting the predicted one;
    # upserts are idempotent, so a rerun of the night stores nothing twice.
    store = Store.shared(store_url)
    return parse_source(source, bundle, settings, store=store, prepare=fill_missing_categories)


@task(name="store", cache_policy=NO_CACHE)
def store_task(documents: list[Document], store_url: str) -> int:
    fill_missing_categories(documents)  # hotline exports without 一级分类 get the predicted one
    return Store.shared(store_url).upsert_documents(documents)


@task(name="analyse", cache_policy=NO_CACHE)
def analyse_task(settings: Settings, store_url: str) -> Whole[dict[str, list[str]]]:
    return Whole(pipeline.analyse_documents(Store.shared(store_url), settings, progress=_analysis_progress))


def _analysis_progress(done: int, total: int) -> None:
    log.info("分析文档 %d/%d", done, total)


@task(name="measure", task_run_name="measure batch {number}", cache_policy=NO_CACHE, retries=1)
def measure_task(docs: Whole[list[Document]], number: int, home: str, digest: str) -> Whole[pipeline.AnalysedBatch]:
    # Runs on a Dask worker: models load once per worker process and stay for its later batches.
    return Whole(pipeline.measure_batch(docs.value, home, digest))


@flow(name="analyse-on-dask")
def analyse_on_dask(settings: Settings, store_url: str) -> Whole[dict[str, list[str]]]:
    """The analysis with its batches measured on the flow's Dask task runner; reprints linked here, in order."""
    store = Store.shared(store_url)
    home = pipeline.store_home(store)
    digest = pipeline.models_digest(home)  # each worker checks it reads the same models

    def on_cluster(chunks: list[list[Document]]) -> Iterator[pipeline.AnalysedBatch]:
        futures = [
            measure_task.submit(Whole(chunk), number, str(home), digest) for number, chunk in enumerate(chunks, 1)
        ]
        log.info("分析任务已分发到 Dask：%d 批", len(futures))
        for future in futures:
            yield future.result().value

    return Whole(pipeline.analyse_documents(store, settings, batch=settings.dask.batch,
                                            progress=_analysis_progress, runner=on_cluster))


def dask_task_runner(dask: DaskSettings) -> Any:
    """Prefect's ``DaskTaskRunner`` for ``[dask]``: a running scheduler, or a cluster on this machine."""
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError:
        raise ConfigError(
            f"[dask] address = {dask.address!r} needs prefect-dask: pip install 'xuanti[dask]' (or set address = \"\")"
        ) from None
    # The scheduler's client connects and disconnects are not news for the IT person reading the night.
    logging.getLogger("distributed").setLevel(logging.WARNING)
    if dask.address == "local":
        workers = dask.workers or os.cpu_count() or 1
        return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True})
    return DaskTaskRunner(address=dask.address)


def analyse(
    settings: Settings, store_url: str, report: list[SourceReport], runner: Any = None
) -> Whole[dict[str, list[str]]]:
    """The night's analysis: on the Dask task ``runner`` (``dask_task_runner``) when given, else in this process.

    A cluster that cannot be reached does not lose the night: what it finished is stored, the rest is
    analysed here, and the run record says so.
    """
    if runner is None:
        return analyse_task(settings, store_url)
    log.info("分析在 Dask 上进行：%s", settings.dask.address)
    try:
        return analyse_on_dask.with_options(task_runner=runner)(settings, store_url)
    except Exception as exc:
        message = f"Dask {settings.dask.address} 未能完成分析，改在本机进行：{type(exc).__name__}: {exc}"
        log.warning(message)
        report.append(SourceReport(source="Dask 分析", failed=1, errors=[message]))
        return analyse_task(settings, store_url)


@task(name="group", cache_policy=NO_CACHE)
def group_task(settings: Settings, store_url: str, tokens: Whole[dict[str, list[str]]]) -> int:
    return pipeline.group_documents(Store.shared(store_url), settings, tokens.value)


@task(name="rank", cache_policy=NO_CACHE)
def rank_task(settings: Settings, store_url: str, now: datetime) -> list[Topic]:
    return pipeline.rank(Store.shared(store_url), settings, now)


@task(name="alert", cache_policy=NO_CACHE)
def alert_task(settings: Settings, store_url: str, now: datetime) -> AlertReport:
    return notify(Store.shared(store_url), settings, now)


@task(name="bursts", cache_policy=NO_CACHE)
def burst_task(settings: Settings, store_url: str, now: datetime) -> list[dict[str, Any]]:
    store = Store.shared(store_url)
    found = detect_night_bursts(store, settings, now)
    save_bursts(store, found)
    return found


@task(name="export", cache_policy=NO_CACHE)
def export_task(
    topics: list[Topic], store_url: str, out_dir: Path, now: datetime, area: str, caveat: str = ""
) -> dict[str, str]:
    return export_topics(topics, Store.shared(store_url), out_dir, now, area, caveat)


def export_topics(
    topics: list[Topic], store: Store, out_dir: Path, now: datetime, area: str, caveat: str = ""
) -> dict[str, str]:
    """Write tonight's list as CSV, XLSX, JSON and HTML (under ``caveat``, if any); returns the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"topics-{now:%Y-%m-%d}"
    uids = [uid for topic in topics for uid in evidence_uids(topic)]
    documents = {
        doc.uid: {
            "title": doc.title,
            "url": web_address(doc.url, doc.metadata),  # a saved page links to where it was saved from
            "source": source_label(doc),
            "published": doc.published.strftime("%Y-%m-%d %H:%M") if doc.published else "",
        }
        for doc in store.documents(uids=uids)
    }
    subtitle = f"{area} · {now:%Y年%m月%d日} · 共 {len(topics)} 条候选选题，按综合得分排序"
    paths = {
        "csv": write_csv(topics, out_dir / f"{stem}.csv"),
        "xlsx": write_xlsx(topics, out_dir / f"{stem}.xlsx"),
        "json": write_json(topics, out_dir / f"{stem}.json"),
        "html": write_html(topics, out_dir / f"{stem}.html", documents, title="今日选题", subtitle=subtitle,
                           caveat=caveat),
    }
    return {kind: str(path) for kind, path in paths.items()}


def night_of(date: str | None, timezone: str) -> datetime:
    """The end of the night being processed (naive local time): ``date`` 23:59:59, or now."""
    from zoneinfo import ZoneInfo

    if date:
        day = datetime.strptime(date, "%Y-%m-%d")
        return day + timedelta(days=1) - timedelta(seconds=1)
    return datetime.now(ZoneInfo(timezone)).replace(tzinfo=None, microsecond=0)


def _source_report(report: SourceReport, bundle: FetchBundle | None, parsed: ParseResult | None, stored: int) -> None:
    if bundle is not None:
        report.fetched = len(bundle.items)
        report.errors.extend(bundle.errors)
    if parsed is not None:
        report.skipped = parsed.skipped
        report.errors.extend(parsed.errors)
    report.stored = stored
    report.failed = len(report.errors)


@flow(name="nightly", task_runner=ThreadPoolTaskRunner(max_workers=4), log_prints=True)
def nightly(
    config: str | None = None, home: str | None = None, date: str | None = None, export: bool = True,
    reanalyse: bool = False,
) -> dict[str, Any]:
    """Run the whole night: every enabled source, then analysis, grouping, ranking and exports.

    ``reanalyse``: the documents of the last ``[analysis].window_days`` days are analysed again with the
    models of the day (after an upgrade, or once ``xuanti train`` has learnt from the editors), so the
    night's ranking reads them all alike; each keeps its topic."""
    settings = load_settings(config)
    home_path = home_dir(home)
    store = Store.shared(settings.store.url or Store.default_url(home_path))
    now = night_of(date, settings.general.timezone)
    run = Run(id=uuid.uuid4().hex[:12], started=datetime.now().replace(microsecond=0), config=settings.origin,
              night=now)
    acquired, holder = store.acquire_run_lock(run.id, timedelta(hours=settings.schedule.lock_stale_hours))
    if not acquired:
        assert holder is not None
        raise StoreBusyError(store.safe_url, holder, settings.schedule.lock_stale_hours)
    if holder is not None:
        store.mark_run_interrupted(holder.run_id)
        log.warning("上一次夜间任务 %s（%s 开始）已中断，本次接管；已存的数据都在，本次照常补齐", holder.run_id,
                    f"{holder.acquired:%Y-%m-%d %H:%M}")
    store.save_run(run)
    try:
        return _night(settings, home_path, store, run, now, export, reanalyse)
    except BaseException as exc:  # the record says the run ended, and how, instead of "running" for ever
        run.finished = datetime.now().replace(microsecond=0)
        run.status = "interrupted" if isinstance(exc, KeyboardInterrupt) else "failed"
        run.sources.append(SourceReport(source="夜间任务", failed=1, errors=[f"{type(exc).__name__}: {exc}"]))
        store.save_run(run)
        raise
    finally:
        store.release_run_lock(run.id)


def _night(
    settings: Settings, home_path: Path, store: Store, run: Run, now: datetime, export: bool, reanalyse: bool = False
) -> dict[str, Any]:
    """The night's work, once the run holds the store."""
    store_url = store.url
    sources = [source for source in settings.sources if source.enabled]
    # Made before any fetching: a missing prefect-dask is a setting to fix, said at once.
    dask_runner = dask_task_runner(settings.dask) if settings.dask.address else None
    log.info("开始夜间任务：%d 个来源，数据库 %s", len(sources), store.safe_url)
    area = settings.general.area
    if area and not area.startswith(("本", "我")) and not office_division(area):
        # Not an error: an anonymised export ("A市") or a demo county is fine. The IT person learns why
        # letters about other cities are not set apart, e.g. after a typo (杭洲市).
        log.info("[general].area「%s」不是已知的区县、城市或省份名称，其他地方的诉求不会单列（写法如“清河县”“杭州市”）", area)

    fetches = {
        source.name: fetch_task.with_options(
            retries=settings.fetch.retries, retry_delay_seconds=settings.fetch.retry_delays
        ).submit(source, settings, store_url)
        for source in sources
    }
    for source in sources:
        report = SourceReport(source=source.name)
        run.sources.append(report)
        bundle = parsed = None
        stored = 0
        try:
            bundle = fetches[source.name].result()
            parsed = parse_task(source, bundle, settings, store_url)
            stored = parsed.stored  # hotline rows, already in the store
            stored += store_task(parsed.documents, store_url)
        except Exception as exc:  # one source failing never stops the night
            # A FetchError says what and where ("人民日报: feed unreachable: <url>: …"); others get their type.
            message = str(exc) if isinstance(exc, FetchError) else f"{type(exc).__name__}: {exc}"
            report.errors.append(message if message.startswith(f"{source.name}: ") else f"{source.name}: {message}")
        _source_report(report, bundle, parsed, stored)
        log.info(
            "来源「%s」：取得 %d 个文件或网页，新增或更新 %d 篇，错误 %d", source.name, report.fetched, report.stored, report.failed
        )
        # The IT person reads why, in our words, not in Prefect's traceback (the run record has all).
        for error in report.errors[:SHOWN_ERRORS]:
            log.warning("来源「%s」出错：%s", source.name, error)
        if len(report.errors) > SHOWN_ERRORS:
            log.warning("来源「%s」另有 %d 条错误：xuanti runs 可查看全部", source.name, len(report.errors) - SHOWN_ERRORS)
        store.save_run(run)  # progress survives a crash later in the night

    # Sources with nothing new for days: noted (not errors), so a stale export is not read as a calm night.
    quiet = pipeline.quiet_sources(store, sources, now)
    for source, report in zip(sources, run.sources, strict=True):
        if source.name in quiet:
            report.notes.append(quiet[source.name])
            log.warning("来源「%s」%s，%s", source.name, quiet[source.name], pipeline.quiet_advice(source))
    reanalysed = 0
    if reanalyse:
        reanalysed = store.clear_analyses(now - timedelta(days=settings.analysis.window_days))
        log.info("按当前模型重新分析近 %d 天的 %d 篇文档（所属选题不变）", settings.analysis.window_days, reanalysed)
    tokens = analyse(settings, store_url, run.sources, dask_runner)
    store.save_run(run)  # each saved step shows the run's lock is alive
    # A province's store takes minutes past the analysis: each step says it has begun.
    log.info("归并选题：%d 篇新分析的文档", len(tokens.value))
    grouped = group_task(settings, store_url, tokens)
    store.save_run(run)
    log.info("排序选题、检测诉求激增")
    topics = rank_task(settings, store_url, now)
    bursts = burst_task(settings, store_url, now)
    run.topics = len(topics)
    if not topics:
        log.warning("今日选题为空：%s", pipeline.empty_list_reason(store, settings, now))
    store.save_run(run)
    alerted = alert_task(settings, store_url, now)
    if alerted.errors:  # reported in the run record; never stops the night
        run.sources.append(SourceReport(source="告警推送", failed=len(alerted.errors), errors=alerted.errors))
    outputs: dict[str, str] = {}
    if export:
        out_dir = Path(settings.output.dir) if settings.output.dir else home_path / "output"
        # The page editors open says what the night missed (its own run is not over yet: no status).
        outputs = export_task(topics, store_url, out_dir, now, settings.general.area, run.caveats(status=False))
    run.finished = datetime.now().replace(microsecond=0)
    run.status = "partial" if any(r.errors for r in run.sources) else "ok"
    store.save_run(run)
    log.info("完成：分析 %d 篇，归入选题 %d 篇，今日选题 %d 条", len(tokens.value), grouped, len(topics))
    return {"run": run.id, "status": run.status, "topics": len(topics), "bursts": len(bursts), "outputs": outputs,
            "store": store_url, "night": now,
            "alerts": alerted.sent, "reanalysed": reanalysed}
