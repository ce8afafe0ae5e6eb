"""Immediate alerts: a topic that reached ``alert`` (or a complaint burst) goes out at once.

Channels: WeCom (企业微信), DingTalk (钉钉) and Feishu (飞书) group robots by webhook, and SMTP e-mail.
Each alert is sent once per topic or burst; it goes out again only when its level rises. A channel
that fails is retried and reported; it never raises into the nightly run.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import smtplib
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from typing import Any

from sqlalchemy import Column, DateTime, String, Table, Text, select

from xuanti.records import POINT_NAMES_ZH, WARNING_LEVELS, WARNING_NAMES_ZH, Topic
from xuanti.settings import AlertChannel, Settings
from xuanti.store import Store, metadata

log = logging.getLogger("xuanti")

# One row per topic or burst alerted: the level it was last sent at (a higher level is sent again).
alerts_sent = Table(
    "alerts_sent",
    metadata,
    Column("key", String(120), primary_key=True),  # "topic:<id>" or "burst:<id>"
    Column("level", String(10), nullable=False),
    Column("title", Text, default=""),
    Column("first_sent", DateTime),
    Column("last_sent", DateTime),
    Column("channels", Text, default=""),  # channels that took it, comma separated
)


class ChannelError(RuntimeError):
    """A channel refused or could not take a message."""


@dataclass
class Alert:
    """What to tell: what, where, how many, since when, and where to look."""

    key: str
    level: str
    what: str
    where: str
    count: int
    since: datetime | None
    link: str
    details: list[str] = field(default_factory=list)

    @property
    def level_zh(self) -> str:
        return WARNING_NAMES_ZH.get(self.level, self.level)

    @property
    def subject(self) -> str:
        return f"【{self.level_zh}】{self.where}：{self.what}"

    def lines(self) -> list[str]:
        since = f"{self.since:%Y-%m-%d %H:%M}" if self.since else "不详"
        return [
            f"事项：{self.what}",
            f"地点：{self.where}",
            f"数量：{self.count}件",
            f"起始：{since}",
            *self.details,
        ]

    def text(self) -> str:
        return "\n".join([self.subject, *self.lines(), f"详情：{self.link}"])

    def markdown(self) -> str:
        body = "\n".join(f"> {line}" for line in self.lines())
        return f"### {self.subject}\n{body}\n\n[查看详情]({self.link})"


@dataclass
class AlertReport:
    """What one round of alerting did."""

    sent: int = 0  # alerts that reached at least one channel
    skipped: int = 0  # already sent at this level or higher
    errors: list[str] = field(default_factory=list)


# -- which alerts -----------------------------------------------------------------------------------
def _level_value(level: str) -> int:
    return WARNING_LEVELS.index(level) if level in WARNING_LEVELS else 0


def topic_link(settings: Settings, topic_id: str) -> str:
    return f"{settings.review.base_url.rstrip('/')}/topics/{topic_id}"


def _recent_at_level(store: Store, topics: list[Topic], floor: int, since: datetime) -> set[str]:
    """Ids of the topics with a member at ``floor`` or above that came in since ``since``."""
    members = {uid for topic in topics for uid in topic.documents}
    recent = [uid for uid in store.active_uids(since) if uid in members]  # dates only, no text loaded
    at_level = {uid for uid, analysis in store.analyses(recent).items() if _level_value(analysis.warning) >= floor}
    return {topic.id for topic in topics if at_level.intersection(topic.documents)}


def topic_alerts(
    store: Store, settings: Settings, ranked_on: datetime | None = None, night: datetime | None = None
) -> list[Alert]:
    """Alerts for the topics of one night's ranking whose warning is at least ``[alerts].min_level``
    and rests on a document of the last ``[alerts].recent_days`` before ``night`` (default: the
    ranking's night). A topic is at the level of its highest member for 30 days; what is pushed is
    what is new: the first night over a year of imported letters pushed 41 topics about old ones."""
    floor = _level_value(settings.alerts.min_level)
    night = night or ranked_on
    # A lead about another city's places (``rank`` says so in metadata["elsewhere"]) is not this office's
    # to act on at once: it stays in the list, below, and is not pushed.
    candidates = [
        topic for topic in store.topics(ranked_on=ranked_on)
        if _level_value(topic.warning) >= floor and not (topic.metadata or {}).get("elsewhere")
    ]
    if night is not None:
        fresh = _recent_at_level(store, candidates, floor, night - timedelta(days=settings.alerts.recent_days))
        candidates = [topic for topic in candidates if topic.id in fresh]
    result = []
    for topic in candidates:
        points = "、".join(POINT_NAMES_ZH[p] for p in topic.points if p in POINT_NAMES_ZH)
        # A 突发事件 (a fire, a collapse reported tonight: ``models.rank``) is said first: it is why the
        # office must act at once.
        details = [reason for reason in topic.reasons if reason.startswith("突发")]
        details += [reason for reason in topic.reasons if reason.startswith(("预警", "关注", "热点"))]
        if points:
            details.insert(0, f"类型：{points}")
        result.append(
            Alert(
                key=f"topic:{topic.id}",
                level=topic.warning,
                what=topic.title,
                where=topic.place or settings.general.area,
                count=len(topic.documents) or int(topic.metadata.get("size") or 0),
                since=topic.first_seen,
                link=topic_link(settings, topic.id),
                details=details,
            )
        )
    return result


def burst_alerts(store: Store, settings: Settings, start: datetime, end: datetime) -> list[Alert]:
    """Alerts for complaint bursts detected between ``start`` and ``end``."""
    from xuanti.bursts import bursts_between

    floor = _level_value(settings.alerts.min_level)
    result = []
    for burst in bursts_between(store, start, end):
        level = str(burst.get("level") or "none")
        if _level_value(level) < floor:
            continue
        topic_id = burst.get("topic_id") or ""
        what = burst.get("description") or f"{burst.get('category') or '投诉'}集中增多"
        details = []
        if burst.get("baseline") is not None:
            details.append(f"基线：日均{float(burst['baseline']):.1f}件")
        if burst.get("growth"):
            details.append(f"增长：{float(burst['growth']):.1f}倍")
        link = topic_link(settings, topic_id) if topic_id else settings.review.base_url
        since = burst.get("start")
        if isinstance(since, str):
            since = datetime.fromisoformat(since)
        result.append(
            Alert(
                key=f"burst:{burst['id']}",
                level=level,
                what=str(what),
                where=str(burst.get("area") or settings.general.area),
                count=int(burst.get("count") or 0),
                since=since,
                link=link,
                details=details,
            )
        )
    return result


# -- channels ---------------------------------------------------------------------------------------
def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk robot signature: base64(HMAC-SHA256(key=secret, msg="timestamp\\nsecret"))."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def feishu_sign(secret: str, timestamp_s: int) -> str:
    """Feishu robot signature: base64(HMAC-SHA256(key="timestamp\\nsecret", msg=empty))."""
    digest = hmac.new(f"{timestamp_s}\n{secret}".encode(), b"", hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def webhook_request(channel: AlertChannel, alert: Alert, now: float | None = None) -> tuple[str, dict[str, Any]]:
    """The URL and JSON body a robot webhook expects for one alert."""
    now = time.time() if now is None else now
    url = channel.url
    if channel.type == "wecom":
        if channel.format == "text":
            return url, {"msgtype": "text", "text": {"content": alert.text()}}
        # WeCom caps markdown content at 4096 bytes.
        content = alert.markdown().encode()[:4096].decode(errors="ignore")
        return url, {"msgtype": "markdown", "markdown": {"content": content}}
    if channel.type == "dingtalk":
        if channel.secret:
            stamp = int(now * 1000)
            query = urllib.parse.urlencode({"timestamp": stamp, "sign": dingtalk_sign(channel.secret, stamp)})
            url = f"{url}{'&' if '?' in url else '?'}{query}"
        if channel.format == "text":
            return url, {"msgtype": "text", "text": {"content": alert.text()}}
        return url, {"msgtype": "markdown", "markdown": {"title": alert.subject, "text": alert.markdown()}}
    if channel.type == "feishu":
        if channel.format == "text":
            body: dict[str, Any] = {"msg_type": "text", "content": {"text": alert.text()}}
        else:
            rows = [[{"tag": "text", "text": line}] for line in alert.lines()]
            rows.append([{"tag": "a", "text": "查看详情", "href": alert.link}])
            body = {"msg_type": "post", "content": {"post": {"zh_cn": {"title": alert.subject, "content": rows}}}}
        if channel.secret:
            stamp = int(now)
            body = {"timestamp": str(stamp), "sign": feishu_sign(channel.secret, stamp), **body}
        return url, body
    raise ValueError(f"not a webhook channel: {channel.type}")


def _post_json(url: str, body: dict[str, Any], timeout: float) -> None:
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (configured URL)
            raw = response.read()
    except urllib.error.HTTPError as exc:
        raise ChannelError(f"HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise ChannelError(f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}") from None
    try:
        reply = json.loads(raw or b"{}")
    except ValueError:
        return  # a 2xx without JSON: taken
    # WeCom/DingTalk answer errcode, Feishu code (older: StatusCode); 0 means delivered.
    if isinstance(reply, dict):
        for key in ("errcode", "code", "StatusCode"):
            if reply.get(key) not in (None, 0):
                raise ChannelError(f"{key}={reply.get(key)} {reply.get('errmsg') or reply.get('msg') or ''}".strip())


def email_message(channel: AlertChannel, subject: str, text: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = formataddr(("选题预警", channel.sender or channel.username))
    message["To"] = ", ".join(channel.recipients)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="xuanti.local")
    message.set_content(text, charset="utf-8")
    return message


def _send_email(channel: AlertChannel, subject: str, text: str, timeout: float) -> None:
    if not channel.host or not channel.recipients:
        raise ChannelError("smtp channel needs host and recipients")
    message = email_message(channel, subject, text)
    try:
        if channel.ssl:
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                channel.host, channel.port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            client = smtplib.SMTP(channel.host, channel.port, timeout=timeout)
        with client:
            if channel.starttls and not channel.ssl:
                client.starttls(context=ssl.create_default_context())
            if channel.username:
                client.login(channel.username, channel.password)
            client.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise ChannelError(f"{type(exc).__name__}: {exc}") from None


def channel_name(channel: AlertChannel) -> str:
    return channel.name or channel.type


def send(channel: AlertChannel, alert: Alert, timeout: float) -> None:
    """Deliver one alert to one channel once; ChannelError if it was not taken."""
    if channel.type == "smtp":
        _send_email(channel, alert.subject, alert.text(), timeout)
    else:
        url, body = webhook_request(channel, alert)
        _post_json(url, body, timeout)


def send_with_retries(
    channel: AlertChannel,
    alert: Alert,
    settings: Settings,
    sleep: Callable[[float], None] = time.sleep,
) -> str | None:
    """Try ``1 + retries`` times with the configured delays; None when delivered, else the last error."""
    cfg = settings.alerts
    delays = cfg.retry_delays or [0.0]
    error = ""
    for attempt in range(cfg.retries + 1):
        if attempt:
            sleep(delays[min(attempt - 1, len(delays) - 1)])
        try:
            send(channel, alert, cfg.timeout)
            return None
        except ChannelError as exc:
            error = str(exc)
            log.warning("告警渠道「%s」第%d次发送失败：%s", channel_name(channel), attempt + 1, error)
    return error


# -- the round --------------------------------------------------------------------------------------
def _already_sent(store: Store, keys: Sequence[str]) -> dict[str, str]:
    if not keys:
        return {}
    with store.engine.connect() as conn:
        rows = conn.execute(select(alerts_sent.c.key, alerts_sent.c.level).where(alerts_sent.c.key.in_(list(keys))))
        return {key: level for key, level in rows}


def _record(store: Store, alert: Alert, channels: list[str], now: datetime) -> None:
    with store.engine.begin() as conn:
        exists = conn.execute(select(alerts_sent.c.key).where(alerts_sent.c.key == alert.key)).first()
        values = {"level": alert.level, "title": alert.what, "last_sent": now, "channels": ",".join(channels)}
        if exists:
            conn.execute(alerts_sent.update().where(alerts_sent.c.key == alert.key).values(**values))
        else:
            conn.execute(alerts_sent.insert().values(key=alert.key, first_sent=now, **values))


def deliver(
    store: Store,
    settings: Settings,
    alerts: Sequence[Alert],
    sleep: Callable[[float], None] = time.sleep,
) -> AlertReport:
    """Send each new (or risen) alert to every enabled channel and remember what went out."""
    metadata.create_all(store.engine, tables=[alerts_sent])
    report = AlertReport()
    channels = [channel for channel in settings.alerts.channels if channel.enabled]
    if not channels or not alerts:
        return report
    previous = _already_sent(store, [alert.key for alert in alerts])
    now = datetime.now().replace(microsecond=0)
    for alert in alerts:
        if alert.key in previous and _level_value(alert.level) <= _level_value(previous[alert.key]):
            report.skipped += 1
            continue
        took = []
        for channel in channels:
            error = send_with_retries(channel, alert, settings, sleep)
            if error is None:
                took.append(channel_name(channel))
            else:
                report.errors.append(f"{channel_name(channel)}: {alert.key}: {error}")
        # Not recorded when no channel took it: the next night tries again.
        if took:
            _record(store, alert, took, now)
            report.sent += 1
    return report


def notify(store: Store, settings: Settings, night: datetime, sleep: Callable[[float], None] = time.sleep) -> AlertReport:
    """Alert tonight's alert-level topics and bursts; never raises (failures are in the report)."""
    try:
        alerts = topic_alerts(store, settings, store.latest_ranking(until=night), night)
        alerts += burst_alerts(store, settings, night - timedelta(days=1), night)
        report = deliver(store, settings, alerts, sleep)
    except Exception as exc:  # alerting must never stop the night
        log.exception("告警推送出错")
        return AlertReport(errors=[f"alerts: {type(exc).__name__}: {exc}"])
    if report.sent or report.errors:
        log.info("告警：发送 %d 条，跳过 %d 条，失败 %d 次", report.sent, report.skipped, len(report.errors))
    return report


def send_test_message(settings: Settings) -> dict[str, str | None]:
    """Send a test message to every enabled channel (no retries); channel -> error or None."""
    alert = Alert(
        key="test",
        level="watch",
        what="告警渠道测试消息",
        where=settings.general.area,
        count=0,
        since=datetime.now().replace(microsecond=0),
        link=settings.review.base_url,
        details=["这是一条测试消息，无需处理。"],
    )
    result: dict[str, str | None] = {}
    for channel in settings.alerts.channels:
        if not channel.enabled:
            continue
        try:
            send(channel, alert, settings.alerts.timeout)
            result[channel_name(channel)] = None
        except ChannelError as exc:
            result[channel_name(channel)] = str(exc)
    return result
