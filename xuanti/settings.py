"""Configuration: defaults in ``configs/default.toml``, user files override only the keys they set.

Validated with pydantic. A wrong key or type is a :class:`ConfigError` naming the file, the key and
the valid choices, in the manner of trafilatura's ``settings.py``.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from extractors.charset import byte_order_mark
from xuanti.paths import CONFIG_DIR, DEFAULT_CONFIG


class ConfigError(ValueError):
    """A configuration file is missing, unreadable or invalid."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Selectors(_Strict):
    """CSS selectors for one site; empty ones fall back to the generic extractor."""

    title: str = ""
    body: str = ""
    date: str = ""
    author: str = ""


class _SourceBase(_Strict):
    name: str
    enabled: bool = True
    area: str = ""
    # Only follow links to these hosts; empty means the host(s) of the configured URLs.
    domains: list[str] = Field(default_factory=list)
    # Loopback/private addresses are refused unless a source says so (tests and the demo need 127.0.0.1).
    allow_private: bool = False
    max_items: int = 500
    # Days without new material after which the night says so (an export no one refreshed, a feed that
    # moved); empty: by type (STALE_DAYS), 0: never.
    stale_days: int | None = Field(default=None, ge=0)

    def stale_after(self) -> int:
        """The days without new material this source may go quietly (0: no limit)."""
        return self.stale_days if self.stale_days is not None else STALE_DAYS.get(getattr(self, "type", ""), 0)


class FeedSource(_SourceBase):
    """An RSS 0.9x/1.0/2.0, Atom or JSON Feed."""

    type: Literal["feed"]
    url: str
    kind: Literal["news", "policy"] = "news"
    # Fetch the article page when an entry carries only a short summary.
    fetch_articles: bool = True
    summary_min_chars: int = 200


class SiteSource(_SourceBase):
    """An HTML site: index pages link to article pages."""

    type: Literal["site", "policy"]
    # Index pages to start from; ``{n}`` in ``page_pattern`` numbers further index pages.
    index: list[str]
    page_pattern: str = ""
    pages: int = 0
    # Regex an article URL must match; empty: the index page's links that read as headlines
    # (extractors.page.article_links). "." follows every link.
    link_pattern: str = ""
    # 下一页 links followed from each index page at most (0: none).
    next_pages: int = 5
    selectors: Selectors = Field(default_factory=Selectors)
    # Entry of configs/sites.toml to use when ``selectors`` is empty; empty: looked up by the page's host.
    site: str = ""


class HotlineSource(_SourceBase):
    """A 12345 hotline export (XLSX, XLS, CSV/TSV, JSON, or an HTML or Excel 2003 XML "xls") from a file,
    a folder of exports, or a URL (a 留言板 API's JSON too)."""

    type: Literal["hotline"]
    path: str = ""
    url: str = ""
    sheet: str = ""
    # Extra header synonyms for this export, e.g. {text = ["群众诉求"]}; merged with [hotline.columns].
    columns: dict[str, list[str]] = Field(default_factory=dict)
    # For an export without a header row: the canonical field of each column ("" to ignore one).
    fieldnames: list[str] = Field(default_factory=list)
    # A folder's subfolders too (exports kept by month: 11月/, 12月/). Off for a nightly source, whose
    # folder may keep years of processed exports below it; `xuanti import` of a folder turns it on.
    subfolders: bool = False


class ArticlesSource(_SourceBase):
    """An export of articles, one a row: a 舆情 monitoring system's daily Excel, a CMS's or a crawler's
    dump of news or policy documents (XLSX, XLS, CSV/TSV, JSON lines, an HTML table), from a file, a
    folder of exports, or a URL."""

    type: Literal["articles"]
    kind: Literal["news", "policy"] = "news"
    path: str = ""
    url: str = ""
    sheet: str = ""
    # Extra header synonyms for this export, e.g. {text = ["舆情正文"]}; merged with [articles.columns].
    columns: dict[str, list[str]] = Field(default_factory=dict)
    subfolders: bool = False  # as a hotline source's

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        from extractors.articles import ARTICLE_FIELDS

        unknown = sorted(set(value) - set(ARTICLE_FIELDS))
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(unknown)}; valid: {', '.join(ARTICLE_FIELDS)}")
        return value


class FolderSource(_SourceBase):
    """A local folder of DOCX/DOC/PDF/TXT meeting materials, plans and work summaries."""

    type: Literal["folder"]
    path: str
    patterns: list[str] = Field(default_factory=lambda: ["*.docx", "*.doc", "*.wps", "*.pdf", "*.ofd", "*.rtf",
                                                         "*.odt", "*.eml", "*.pptx", "*.ppt", "*.dps", "*.txt",
                                                         "*.html", "*.htm", "*.mht", "*.zip", "*.rar", "*.7z", "*.docm",
                                                         "*.dotx", "*.dotm", "*.dot", "*.wpt", "*.pptm", "*.ppsx",
                                                         "*.pps"])


Source = Annotated[FeedSource | SiteSource | HotlineSource | ArticlesSource | FolderSource,
                   Field(discriminator="type")]
SOURCE_TYPES = ("feed", "site", "policy", "hotline", "articles", "folder")
# A 12345 export is refreshed daily and a news site posts every day or two; a policy portal may be
# quiet for weeks; a folder of meeting materials fills when it does. A 舆情 export comes daily.
STALE_DAYS = {"hotline": 3, "articles": 3, "feed": 7, "site": 7, "policy": 60, "folder": 0}


def office_level(area: str) -> str:
    """The office's level as its papers say it: 市 (市委, 我市), 区, 旗, 省, else 县."""
    area = area.strip()
    for level in ("市", "区", "旗", "省"):
        if area.endswith(level) and not area.endswith(("小区", "社区", "园区")):
            return level
    return "县"


def default_office(area: str) -> str:
    """The office's name when ``[general].office`` is not set, by the level of its ``area``: 杭州市 (and
    a county-level city, 义乌市) 市委办信息科, 萧山区 区委办信息科, 浙江省 省委办公厅信息处, 广西壮族自治区
    自治区党委办公厅信息处, else 县委办信息科."""
    if area.strip().endswith("自治区") and len(area.strip()) > 4:  # 广西壮族自治区
        return "自治区党委办公厅信息处"
    level = office_level(area)
    return "省委办公厅信息处" if level == "省" else f"{level}委办信息科"


class General(_Strict):
    office: str = ""  # empty: named by the area's level (default_office)
    area: str = "本县"
    timezone: str = "Asia/Shanghai"

    @model_validator(mode="after")
    def _name_the_office(self) -> General:
        # A city's office that sets only its area was signed 县委办信息科 on its briefing.
        if not self.office.strip():
            self.office = default_office(self.area)
        return self


STORE_SCHEMES = ("sqlite", "postgresql")


class StoreSettings(_Strict):
    # Empty: SQLite file ``xuanti.db`` in the data folder. Else an SQLAlchemy URL of SQLite or PostgreSQL
    # (sqlite:////srv/xuanti/xuanti.db, postgresql+psycopg2://user:password@host:5432/xuanti).
    url: str = ""

    @field_validator("url")
    @classmethod
    def _known_database(cls, url: str) -> str:
        scheme = url.split("://", 1)[0].split("+", 1)[0].lower() if "://" in url else url
        if url and scheme not in STORE_SCHEMES:
            raise ValueError(f"{url.split('://', 1)[0] or url!r} is no supported database; valid: "
                             "sqlite:///PATH, postgresql+psycopg2://USER:PASSWORD@HOST:PORT/DB")
        return url


class FetchSettings(_Strict):
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 3
    retry_delays: list[float] = Field(default_factory=lambda: [2.0, 10.0, 30.0])
    min_delay: float = 0.5
    per_host: int = 2
    max_bytes: int = 20_000_000
    user_agent: str = "xuanti/0.1 (county information office reader)"
    respect_robots: bool = True


class HotlineSettings(_Strict):
    # Canonical field -> header synonyms seen in real 12345 exports.
    columns: dict[str, list[str]] = Field(default_factory=dict)
    drop_columns: list[str] = Field(default_factory=list)
    # Rows read, categorised and stored together; bounds memory however large the export.
    batch_size: int = Field(default=2000, ge=1)


class ArticlesSettings(_Strict):
    # Field -> header synonyms of exports of articles (extractors.articles.ARTICLE_FIELDS).
    columns: dict[str, list[str]] = Field(default_factory=dict)


class AnalysisSettings(_Strict):
    central_work: list[str] = Field(default_factory=list)
    window_days: int = 30
    userdict: str = "userdict.txt"
    join_threshold: float = 0.35
    near_duplicate_distance: int = 3


class RankWeights(_Strict):
    key: float = 1.0
    hot: float = 1.0
    difficult: float = 1.0
    distinctive: float = 1.0
    heat: float = 1.0
    trend: float = 0.5
    warning: float = 1.0
    incident: float = 2.0
    recency: float = 0.5
    novelty: float = 0.5


class RankSettings(_Strict):
    weights: RankWeights = Field(default_factory=RankWeights)
    top: int = 30


class OutputSettings(_Strict):
    dir: str = ""  # empty: ``output/`` in the data folder


class WarningSettings(_Strict):
    """Early warning over time: complaint bursts per category x area and per topic."""

    baseline_days: int = 28
    window_days: int = 3  # a burst is tested over the last 1..window_days days
    min_count: int = 3
    watch_score: float = 3.0
    alert_score: float = 5.0
    # Extra public holidays / adjusted working days (YYYY-MM-DD) on top of the built-in calendar.
    holidays: list[str] = Field(default_factory=list)
    workdays: list[str] = Field(default_factory=list)

    @field_validator("holidays", "workdays")
    @classmethod
    def _iso_dates(cls, days: list[str]) -> list[str]:
        from datetime import date

        for day in days:
            try:
                date.fromisoformat(day)
            except ValueError:
                raise ValueError(f"{day!r} is not a date YYYY-MM-DD") from None
        return days


class ReviewSettings(_Strict):
    """The editors' review web app (``xuanti review``)."""

    host: str = "127.0.0.1"
    port: int = 8765
    # Empty: a random key is created once and kept in the data folder.
    secret_key: str = ""
    session_hours: int = 12
    max_failed_logins: int = 5
    lockout_minutes: int = 15
    page_size: int = 30
    # Where editors reach the page (used for links in alerts and briefings).
    base_url: str = "http://127.0.0.1:8765"


class ScheduleSettings(_Strict):
    """Cron schedules served by ``xuanti serve`` (times in ``timezone``)."""

    timezone: str = "Asia/Shanghai"
    nightly_cron: str = "0 2 * * *"
    briefing_cron: str = "0 8 25 * *"
    train_cron: str = ""  # empty: retraining is not scheduled
    work_pool: str = ""   # empty: ``flow.serve`` in the serving process; else deploy to this process pool
    # Which month a scheduled briefing covers: the run's own month, or the one before it.
    briefing_month: Literal["current", "previous"] = "current"
    # Empty for one office. A provincial office serving many counties from one Prefect server gives
    # each county's config a name ("qinghe"): its deployments are then xuanti-nightly-qinghe and
    # xuanti-briefing-qinghe, instead of every county overwriting the same two.
    name: str = Field(default="", pattern=r"^[^/%&<>\s]*$")
    # One nightly run per store at a time. A run killed on another machine holds the store until it
    # has shown no life for this long (one on this machine is seen to be gone at once).
    lock_stale_hours: float = Field(default=6.0, gt=0)


class AlertChannel(_Strict):
    """One place an alert goes: a robot webhook (WeCom, DingTalk, Feishu) or SMTP e-mail."""

    type: Literal["wecom", "dingtalk", "feishu", "smtp"]
    name: str = ""
    enabled: bool = True
    # Webhooks
    url: str = ""
    secret: str = ""  # DingTalk / Feishu signing secret
    # markdown: WeCom/DingTalk markdown, Feishu rich text (post); text: plain text everywhere.
    format: Literal["markdown", "text"] = "markdown"
    # SMTP
    host: str = ""
    port: int = 25
    username: str = ""
    password: str = ""
    sender: str = ""
    recipients: list[str] = Field(default_factory=list)
    starttls: bool = False
    ssl: bool = False


class AlertSettings(_Strict):
    min_level: Literal["watch", "alert"] = "alert"
    # A topic is pushed when a document at that level came in within this many days of the night.
    recent_days: int = Field(default=3, ge=1)
    retries: int = 3
    retry_delays: list[float] = Field(default_factory=lambda: [1.0, 5.0, 15.0])
    timeout: float = 10.0
    channels: list[AlertChannel] = Field(default_factory=list)


class BriefingSettings(_Strict):
    """The monthly topic-guidance briefing (信息选题参考)."""

    issuer: str = ""  # empty: general.office
    title: str = "{month}月份信息选题参考"
    top_per_point: int = 4
    # A CJK font file for charts; empty: the first one found on the system.
    font: str = ""


class DaskSettings(_Strict):
    """Where the night's analysis runs: here (the default), or on a Dask cluster for a large volume.

    ``address`` empty: in the nightly process. ``"local"``: a Dask cluster of ``workers`` processes on
    this machine (0: one per core), for a backlog on a machine with many cores. ``"tcp://host:8786"``: an
    existing scheduler (``dask scheduler``; ``dask worker tcp://host:8786`` on each machine with xuanti
    installed). Fetching stays in the nightly process, where each site's politeness limits are kept.
    """

    address: str = ""
    workers: int = Field(default=0, ge=0)
    batch: int = Field(default=2000, ge=1)  # documents per task

    @field_validator("address")
    @classmethod
    def _known_address(cls, value: str) -> str:
        value = value.strip()
        if value in ("", "local") or re.fullmatch(r"(tcp|tls)://[^\s/]+:\d+", value):
            return value
        raise ValueError(f'{value!r} is not a Dask address: use "" (none), "local" or "tcp://host:8786"')


class Settings(_Strict):
    general: General = Field(default_factory=General)
    store: StoreSettings = Field(default_factory=StoreSettings)
    fetch: FetchSettings = Field(default_factory=FetchSettings)
    hotline: HotlineSettings = Field(default_factory=HotlineSettings)
    articles: ArticlesSettings = Field(default_factory=ArticlesSettings)
    analysis: AnalysisSettings = Field(default_factory=AnalysisSettings)
    rank: RankSettings = Field(default_factory=RankSettings)
    output: OutputSettings = Field(default_factory=OutputSettings)
    warning: WarningSettings = Field(default_factory=WarningSettings)
    review: ReviewSettings = Field(default_factory=ReviewSettings)
    schedule: ScheduleSettings = Field(default_factory=ScheduleSettings)
    alerts: AlertSettings = Field(default_factory=AlertSettings)
    briefing: BriefingSettings = Field(default_factory=BriefingSettings)
    dask: DaskSettings = Field(default_factory=DaskSettings)
    sources: list[Source] = Field(default_factory=list)
    # Where this configuration came from (not a TOML key).
    origin: str = Field(default="", exclude=True)

    def config_path(self, name: str) -> Path:
        """A file named in the config, relative to ``configs/`` unless absolute."""
        path = Path(name)
        return path if path.is_absolute() else CONFIG_DIR / path


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Deep-merge tables; a user's value (or list such as ``sources``) replaces the default's."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


_ENV_PATTERN = re.compile(r"\$\{([A-Z0-9_]+)(?::-([^}]*))?\}")


def _expand_env(value: Any) -> Any:
    """Expand ``${VAR}`` and ``${VAR:-default}`` in strings (passwords stay out of config files)."""
    if isinstance(value, str):
        return _ENV_PATTERN.sub(lambda m: os.environ.get(m.group(1), m.group(2) or ""), value)
    if isinstance(value, list):
        return [_expand_env(item) for item in value]
    if isinstance(value, dict):
        return {key: _expand_env(item) for key, item in value.items()}
    return value


def _read_toml(path: Path) -> dict[str, Any]:
    """A TOML file as UTF-8 (with or without the BOM Windows Notepad writes), UTF-16 with its BOM
    (Notepad's "Unicode"), else GB18030: a config saved by a Chinese Windows editor is read as its
    author sees it."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    marked = byte_order_mark(data)
    for encoding, length in [marked] if marked else [("utf-8", 0), ("gb18030", 0)]:
        try:
            text = data[length:].decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ConfigError(f"{path}: not text (UTF-8, UTF-16 or GB18030); save the config as UTF-8") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _describe(error: dict[str, Any], data: dict[str, Any]) -> str:
    """One readable line for a pydantic error: key path, problem, valid choices."""
    loc = error["loc"]
    parts: list[str] = []
    for item in loc:
        if isinstance(item, int):
            parts[-1:] = [f"{parts[-1]}[{item}]"] if parts else [f"[{item}]"]
        elif item in SOURCE_TYPES and parts and parts[-1].startswith("sources["):
            continue  # pydantic puts the union branch in the path; the reader does not need it
        else:
            parts.append(str(item))
    key = ".".join(parts) or "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        model: Any = Settings
        for item in loc[:-1]:
            if isinstance(item, int) or item in SOURCE_TYPES:
                continue
            field_info = getattr(model, "model_fields", {}).get(item)
            annotation = getattr(field_info, "annotation", None)
            args = getattr(annotation, "__args__", ())
            model = args[0] if args and isinstance(args[0], type) else annotation
        if loc and loc[0] == "sources" and len(loc) > 2 and loc[2] in SOURCE_TYPES:
            model = {"feed": FeedSource, "site": SiteSource, "policy": SiteSource,
                     "hotline": HotlineSource, "articles": ArticlesSource, "folder": FolderSource}[loc[2]]
        valid = ", ".join(sorted(getattr(model, "model_fields", {}))) or "none"
        return f"{key}: unknown option (valid: {valid})"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return f"{key}: source type must be one of {', '.join(SOURCE_TYPES)}"
    if kind == "literal_error":
        return f"{key}: {error['msg'].lower()}"
    # Our own validators' messages are whole sentences; pydantic's "Value error, " adds nothing.
    return f"{key}: {str(error['msg']).removeprefix('Value error, ')}"


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Load ``configs/default.toml`` then the user's file on top of it, and validate."""
    data = _read_toml(DEFAULT_CONFIG)
    origin = str(DEFAULT_CONFIG)
    if path is not None:
        user_path = Path(path)
        data = _merge(data, _read_toml(user_path))
        origin = str(user_path)
    data = _expand_env(data)
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        lines = [_describe(err, data) for err in exc.errors()]
        raise ConfigError(f"{origin}: " + "; ".join(dict.fromkeys(lines))) from None
    names = [source.name for source in settings.sources]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ConfigError(f"{origin}: sources: duplicate source name(s): {', '.join(duplicates)}")
    slashed = [name for name in names if "/" in name or not name.strip()]
    if slashed:
        # A document's store key is "source/id", so a source name may not contain "/".
        raise ConfigError(f"{origin}: sources: a name must be non-empty and without '/': {', '.join(slashed)}")
    settings.origin = origin
    return settings
