"""Alerts against real local receivers: an HTTP robot webhook server and an SMTP server on 127.0.0.1."""

from __future__ import annotations

import base64
import email
import hashlib
import hmac
import json
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from datetime import datetime, timedelta
from email.header import decode_header, make_header
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from xuanti.alerts import alerts_sent, deliver, notify, topic_alerts
from xuanti.records import Analysis, Document, Topic
from xuanti.settings import load_settings
from xuanti.store import Store

NIGHT = datetime(2026, 11, 20, 23, 59, 59)


class Receiver(ThreadingHTTPServer):
    """Records every POST; ``/flaky`` fails once with 500, ``/down`` always fails, ``/refuse`` says errcode."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict[str, Any]] = []
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def bodies(self, path: str) -> list[dict[str, Any]]:
        return [r["body"] for r in self.requests if r["path"] == path and r["status"] == 200]


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:  # noqa: N802 (http.server API)
        parsed = urllib.parse.urlsplit(self.path)
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        with self.server.lock:
            count = self.server.hits[parsed.path] = self.server.hits.get(parsed.path, 0) + 1
        status = 200
        if parsed.path == "/down" or (parsed.path == "/flaky" and count == 1):
            status = 500
        reply = {"errcode": 0, "errmsg": "ok"} if parsed.path != "/feishu" else {"code": 0, "msg": "success"}
        if parsed.path == "/refuse":
            reply = {"errcode": 310000, "errmsg": "sign not match"}
        with self.server.lock:
            self.server.requests.append(
                {
                    "path": parsed.path,
                    "query": dict(urllib.parse.parse_qsl(parsed.query)),
                    "content_type": self.headers.get("Content-Type"),
                    "body": json.loads(raw.decode("utf-8")),
                    "status": status,
                }
            )
        data = json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


class _Mailbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd API)
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture()
def mailbox() -> Iterator[tuple[_Mailbox, int]]:
    box = _Mailbox()
    with socket.socket() as probe:  # aiosmtpd's Controller needs a real port number up front
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


def _config(tmp_path: Path, receiver: Receiver, smtp_port: int, webhooks: dict[str, str]) -> Path:
    channels = "".join(
        f'\n[[alerts.channels]]\ntype = "{kind}"\nname = "{name}"\nurl = "{receiver.base}{path}"\n'
        + ('secret = "SEC-test"\n' if kind in ("dingtalk", "feishu") else "")
        for name, (kind, path) in ((n, tuple(v.split(":", 1))) for n, v in webhooks.items())
    )
    text = f"""
[general]
area = "清河县"

[review]
base_url = "http://editors.example:8765/"

[alerts]
retries = 2
retry_delays = [0.0]
timeout = 5.0
{channels}
[[alerts.channels]]
type = "smtp"
name = "mail"
host = "127.0.0.1"
port = {smtp_port}
sender = "xuanti@example.gov.cn"
recipients = ["duty@example.gov.cn", "chief@example.gov.cn"]
"""
    path = tmp_path / "office.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _store(tmp_path: Path, warning: str = "alert") -> Store:
    store = Store(f"sqlite:///{tmp_path / 'x.db'}")
    docs = [
        Document(id=f"h{i}", source="12345热线", kind="hotline", title=f"东城小区供水中断{i}", text="停水三天无人处理",
                 published=datetime(2026, 11, 18 + i % 3, 9, 0))
        for i in range(5)
    ]
    store.upsert_documents(docs)
    # What the models found: the letters are at the topic's level (an alert is pushed for what is new).
    store.save_analyses({doc.uid: Analysis(points=["hot"], scores={"hot": 0.9}, warning=warning) for doc in docs})
    store.assign_topics({doc.uid: "t-water" for doc in docs})
    store.upsert_topics([_topic(warning), _quiet_topic()], ranked_on=NIGHT)
    return store


def _topic(warning: str) -> Topic:
    return Topic(
        id="t-water", title="东城小区多日停水", keywords=["停水"], documents=[], scores={"hot": 0.9},
        points=["hot", "difficult"], warning=warning, heat=0.8, trend=3.0, rank_score=5.0,
        reasons=["热点：近3天12345诉求5件，为前期日均的3.0倍", "预警：出现“群体”等信号"],
        first_seen=datetime(2026, 11, 18, 9, 0), last_seen=datetime(2026, 11, 20, 9, 0), place="东城街道",
    )


def _quiet_topic() -> Topic:
    return Topic(id="t-quiet", title="图书馆延长开放", keywords=[], documents=[], scores={}, points=[], warning="none",
                 heat=0.1, trend=1.0, rank_score=1.0, reasons=[])


WEBHOOKS = {"wecom": "wecom:/wecom", "ding": "dingtalk:/ding", "feishu": "feishu:/feishu"}


def test_every_vendor_gets_its_format_with_signatures(tmp_path: Path, receiver: Receiver, mailbox: Any) -> None:
    box, port = mailbox
    settings = load_settings(_config(tmp_path, receiver, port, WEBHOOKS))
    store = _store(tmp_path)
    report = notify(store, settings, NIGHT, sleep=lambda _: None)
    assert report.sent == 1 and not report.errors

    link = "http://editors.example:8765/topics/t-water"
    (wecom,) = receiver.bodies("/wecom")
    assert wecom["msgtype"] == "markdown"
    content = wecom["markdown"]["content"]
    for part in ("东城小区多日停水", "东城街道", "5件", "2026-11-18 09:00", link, "预警"):
        assert part in content

    (ding_request,) = [r for r in receiver.requests if r["path"] == "/ding"]
    ding = ding_request["body"]
    assert ding["msgtype"] == "markdown" and ding["markdown"]["title"].startswith("【预警】")
    assert link in ding["markdown"]["text"]
    stamp = ding_request["query"]["timestamp"]
    expected = base64.b64encode(hmac.new(b"SEC-test", f"{stamp}\nSEC-test".encode(), hashlib.sha256).digest()).decode()
    assert ding_request["query"]["sign"] == expected
    assert abs(int(stamp) / 1000 - datetime.now().timestamp()) < 60

    (feishu,) = receiver.bodies("/feishu")
    assert feishu["msg_type"] == "post"
    post = feishu["content"]["post"]["zh_cn"]
    assert post["title"] == "【预警】东城街道：东城小区多日停水"
    assert {"tag": "a", "text": "查看详情", "href": link} in [cell for row in post["content"] for cell in row]
    feishu_expected = base64.b64encode(
        hmac.new(f"{feishu['timestamp']}\nSEC-test".encode(), b"", hashlib.sha256).digest()
    ).decode()
    assert feishu["sign"] == feishu_expected
    assert all(r["content_type"].startswith("application/json") for r in receiver.requests)

    (recipients, raw) = box.messages[0]
    assert sorted(recipients) == ["chief@example.gov.cn", "duty@example.gov.cn"]
    message = email.message_from_bytes(raw)
    assert str(make_header(decode_header(message["Subject"]))) == "【预警】东城街道：东城小区多日停水"
    body = message.get_payload(decode=True).decode(message.get_content_charset())
    assert "数量：5件" in body and link in body


def test_failing_channel_is_retried_and_reported_others_still_get_it(
    tmp_path: Path, receiver: Receiver, mailbox: Any
) -> None:
    box, port = mailbox
    hooks = {"flaky": "wecom:/flaky", "down": "dingtalk:/down", "refuse": "wecom:/refuse", "feishu": "feishu:/feishu"}
    settings = load_settings(_config(tmp_path, receiver, port, hooks))
    store = _store(tmp_path)
    delays: list[float] = []
    report = notify(store, settings, NIGHT, sleep=delays.append)

    assert report.sent == 1
    assert receiver.hits["/flaky"] == 2 and len(receiver.bodies("/flaky")) == 1  # 500, then taken
    assert receiver.hits["/down"] == 3 and receiver.hits["/refuse"] == 3  # 1 + retries each
    assert sorted(error.split(":")[0] for error in report.errors) == ["down", "refuse"]
    assert "HTTP 500" in " ".join(report.errors) and "310000" in " ".join(report.errors)
    assert len(receiver.bodies("/feishu")) == 1 and len(box.messages) == 1
    assert delays == [0.0] * 5


def test_all_channels_down_is_reported_and_retried_next_night(tmp_path: Path, receiver: Receiver) -> None:
    settings = load_settings(_config(tmp_path, receiver, 1, {"down": "wecom:/down"}))  # port 1: refused
    store = _store(tmp_path)
    report = notify(store, settings, NIGHT, sleep=lambda _: None)
    assert report.sent == 0 and len(report.errors) == 2
    with store.engine.connect() as conn:
        assert conn.execute(alerts_sent.select()).all() == []  # nothing recorded: tried again next night


def test_no_duplicate_unless_level_rises(tmp_path: Path, receiver: Receiver, mailbox: Any) -> None:
    box, port = mailbox
    path = _config(tmp_path, receiver, port, {"wecom": "wecom:/wecom"})
    path.write_text(path.read_text(encoding="utf-8").replace('[alerts]\n', '[alerts]\nmin_level = "watch"\n'),
                    encoding="utf-8")
    settings = load_settings(path)
    store = _store(tmp_path, warning="watch")

    assert notify(store, settings, NIGHT).sent == 1
    assert notify(store, settings, NIGHT).skipped == 1  # second night, same level: nothing new
    assert len(receiver.bodies("/wecom")) == 1 and len(box.messages) == 1

    store.upsert_topics([_topic("alert"), _quiet_topic()], ranked_on=NIGHT)  # the level rose
    third = notify(store, settings, NIGHT)
    assert third.sent == 1
    assert len(receiver.bodies("/wecom")) == 2 and "【预警】" in receiver.bodies("/wecom")[1]["markdown"]["content"]
    assert notify(store, settings, NIGHT).sent == 0


def test_min_level_and_quiet_topics(tmp_path: Path, receiver: Receiver) -> None:
    settings = load_settings(_config(tmp_path, receiver, 1, {"wecom": "wecom:/wecom"}))
    store = _store(tmp_path, warning="watch")
    assert topic_alerts(store, settings, NIGHT) == []  # default min_level is alert
    assert deliver(store, settings, []).sent == 0


def test_a_lead_about_another_city_is_not_pushed(tmp_path: Path, receiver: Receiver) -> None:
    """An alert whose letters are all about another city's districts (metadata["elsewhere"], set by
    the ranking) stays in the list and is not pushed."""
    settings = load_settings(_config(tmp_path, receiver, 1, {"wecom": "wecom:/wecom"}))
    store = _store(tmp_path)
    assert [alert.key for alert in topic_alerts(store, settings, NIGHT)] == ["topic:t-water"]
    elsewhere = _topic("alert")
    elsewhere.metadata = {"elsewhere": "绍兴市"}
    store.upsert_topics([elsewhere, _quiet_topic()], ranked_on=NIGHT)
    assert topic_alerts(store, settings, NIGHT) == []


def test_an_incident_is_said_first(tmp_path: Path, receiver: Receiver) -> None:
    """A pushed alert about a fire reported tonight leads with the ranking's 突发 reason."""
    settings = load_settings(_config(tmp_path, receiver, 1, {"wecom": "wecom:/wecom"}))
    store = _store(tmp_path)
    fire = _topic("alert")
    fire.reasons = [*fire.reasons, "突发：11月20日报道“起火”，属突发事件", "来源：12345热线5件"]
    store.upsert_topics([fire, _quiet_topic()], ranked_on=NIGHT)
    (alert,) = topic_alerts(store, settings, NIGHT)
    assert alert.details[:2] == ["类型：热点、难点", "突发：11月20日报道“起火”，属突发事件"]
    assert "来源：12345热线5件" not in alert.details


def test_text_format_and_no_secret(tmp_path: Path, receiver: Receiver) -> None:
    path = _config(tmp_path, receiver, 1, {})
    path.write_text(
        path.read_text(encoding="utf-8")
        + f'\n[[alerts.channels]]\ntype = "feishu"\nformat = "text"\nurl = "{receiver.base}/feishu"\n'
        + f'\n[[alerts.channels]]\ntype = "dingtalk"\nformat = "text"\nurl = "{receiver.base}/ding?access_token=abc"\n',
        encoding="utf-8",
    )
    settings = load_settings(path)
    settings.alerts.channels = [c for c in settings.alerts.channels if c.type != "smtp"]
    notify(_store(tmp_path), settings, NIGHT, sleep=lambda _: None)
    (feishu,) = receiver.bodies("/feishu")
    assert feishu == {"msg_type": "text", "content": {"text": feishu["content"]["text"]}}
    assert "东城小区多日停水" in feishu["content"]["text"]
    (ding,) = [r for r in receiver.requests if r["path"] == "/ding"]
    assert ding["query"] == {"access_token": "abc"} and ding["body"]["msgtype"] == "text"


def test_a_detected_burst_is_alerted_once(tmp_path: Path, receiver: Receiver) -> None:
    from xuanti.bursts import save_bursts

    settings = load_settings(_config(tmp_path, receiver, 1, {"wecom": "wecom:/wecom"}))
    store = _store(tmp_path, warning="none")
    burst = {
        "id": "b1", "night": NIGHT, "key_kind": "category_area", "category": "城乡建设", "area": "锦绣花园",
        "topic_id": "", "level": "alert", "count": 17, "baseline": 0.3, "score": 8.2, "growth": 21.0,
        "start": NIGHT, "evidence": ["12345热线/1", "12345热线/2"],
        "description": "近3天「锦绣花园」投诉17件，基线日均0.3件，为基线的21倍",
    }
    save_bursts(store, [burst])
    first = notify(store, settings, NIGHT, sleep=lambda _: None)
    bodies = [json.dumps(body, ensure_ascii=False) for body in receiver.bodies("/wecom")]
    assert any("锦绣花园" in body and "17" in body for body in bodies), bodies
    assert first.sent >= 1
    assert notify(store, settings, NIGHT, sleep=lambda _: None).sent == 0  # same burst, same level: once


def test_only_topics_with_a_new_document_at_the_level_are_pushed(tmp_path: Path, receiver: Receiver) -> None:
    """A topic stays 预警 while its alert letter is in the 30-day window, but is pushed only when such a
    letter came in lately: the first night over a year of imported letters pushed every alert topic."""
    settings = load_settings(_config(tmp_path, receiver, 1, {"wecom": "wecom:/wecom"}))
    store = _store(tmp_path)  # alert letters of 18-20 November
    assert [alert.key for alert in topic_alerts(store, settings, NIGHT)] == ["topic:t-water"]
    a_week_later = NIGHT + timedelta(days=7)
    assert topic_alerts(store, settings, NIGHT, night=a_week_later) == []
    # Another letter, at the watch level only, does not make the old alert new.
    later = Document(id="h9", source="12345热线", kind="hotline", title="东城小区又停水", text="又停水了",
                     published=a_week_later - timedelta(hours=5))
    store.upsert_documents([later])
    store.save_analyses({later.uid: Analysis(points=["hot"], scores={"hot": 0.9}, warning="watch")})
    store.assign_topics({later.uid: "t-water"})
    store.upsert_topics([_topic("alert")], ranked_on=a_week_later)  # that night's ranking
    assert topic_alerts(store, settings, a_week_later) == []
    store.save_analyses({later.uid: Analysis(points=["hot"], scores={"hot": 0.9}, warning="alert")})
    assert [alert.key for alert in topic_alerts(store, settings, a_week_later)] == ["topic:t-water"]
