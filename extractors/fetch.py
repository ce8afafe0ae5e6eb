"""Polite HTTP fetching over one requests.Session.

Timeouts, retries with back-off (connection errors, 429, 5xx; Retry-After honoured but capped), a
minimum delay and a parallel-request cap per host, a body size limit, robots.txt, and refusal of
loopback/private addresses (checked on every redirect hop) unless the source allows them.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import requests
from protego import Protego

from extractors import FetchError
from extractors.text import ANTI_BOT_CHECK, anti_bot_check
from xuanti.settings import FetchSettings

log = logging.getLogger(__name__)

_MAX_REDIRECTS = 5


@dataclass
class Response:
    """What a fetch gave: final URL, status, body (empty on 304) and the headers that matter."""

    url: str
    status: int
    content: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    fetched: datetime = field(default_factory=datetime.now)

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _Retryable(Exception):
    def __init__(self, reason: str, wait: float | None = None) -> None:
        super().__init__(reason)
        self.wait = wait


class Fetcher:
    """One session for one source; thread-safe, so article pages can be fetched in parallel."""

    def __init__(self, settings: FetchSettings, allow_private: bool = False) -> None:
        self.settings = settings
        self.allow_private = allow_private
        self.session = requests.Session()
        self.session.headers["User-Agent"] = settings.user_agent
        self.session.headers["Accept-Language"] = "zh-CN,zh;q=0.9"
        self._lock = threading.Lock()
        self._host_slots: dict[str, threading.BoundedSemaphore] = {}
        self._host_next: dict[str, float] = {}
        self._robots: dict[str, Protego | None] = {}
        self._robots_lock = threading.Lock()

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- guards -----------------------------------------------------------------------------------
    def check_address(self, url: str) -> None:
        """Refuse non-http(s) URLs and hosts resolving to loopback/private/link-local addresses."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"{url}: only http(s) URLs can be fetched")
        if self.allow_private:
            return
        try:
            infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
        except socket.gaierror as exc:
            raise FetchError(f"{url}: host not found ({exc})") from None
        for info in infos:
            address = ipaddress.ip_address(info[4][0].split("%")[0])
            if (address.is_private or address.is_loopback or address.is_link_local or address.is_reserved
                    or address.is_multicast or address.is_unspecified):
                raise FetchError(
                    f"{url}: refusing private/loopback address {address} (set allow_private = true for this source)"
                )

    def allowed_by_robots(self, url: str) -> bool:
        if not self.settings.respect_robots:
            return True
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            if origin not in self._robots:
                self._robots[origin] = self._load_robots(origin)
            rules = self._robots[origin]
        return rules is None or rules.can_fetch(url, self.settings.user_agent)

    def _load_robots(self, origin: str) -> Protego | None:
        """robots.txt of a site; missing or unreachable means no rules (as crawlers commonly treat it)."""
        try:
            response = self._request(origin + "/robots.txt", {}, check_robots=False)
        except FetchError as exc:
            log.info("%s/robots.txt not available (%s); no rules applied", origin, exc)
            return None
        if response.status != 200:
            return None
        return Protego.parse(response.content.decode("utf-8", errors="replace"))

    # -- politeness -------------------------------------------------------------------------------
    def _slot(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            if host not in self._host_slots:
                self._host_slots[host] = threading.BoundedSemaphore(max(1, self.settings.per_host))
            return self._host_slots[host]

    def _wait_turn(self, host: str) -> None:
        """Space requests to one host at least ``min_delay`` apart (reserved under the lock)."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._host_next.get(host, 0.0))
            self._host_next[host] = start + self.settings.min_delay
        if start > now:
            time.sleep(start - now)

    # -- requests ---------------------------------------------------------------------------------
    def get(self, url: str, etag: str = "", last_modified: str = "") -> Response:
        """GET with conditional headers; raises FetchError ("<url>: <reason>") once retries are spent."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._request(url, headers, check_robots=True)

    def _request(self, url: str, headers: dict[str, str], check_robots: bool) -> Response:
        delays = list(self.settings.retry_delays) or [0.0]
        attempts = max(0, self.settings.retries) + 1
        last = ""
        for attempt in range(attempts):
            try:
                return self._follow(url, headers, check_robots)
            except _Retryable as exc:
                last = str(exc)
                if attempt + 1 >= attempts:
                    break
                delay = delays[min(attempt, len(delays) - 1)]
                if exc.wait is not None:
                    # Honour Retry-After, but never sleep longer than the longest configured back-off.
                    delay = max(delay, min(exc.wait, max(delays)))
                log.info("%s: %s; retry %d in %.2fs", url, last, attempt + 1, delay)
                time.sleep(delay)
        raise FetchError(f"{url}: {last} (after {attempts} attempts)")

    def _follow(self, url: str, headers: dict[str, str], check_robots: bool) -> Response:
        current = url
        for _ in range(_MAX_REDIRECTS + 1):
            self.check_address(current)
            if check_robots and not self.allowed_by_robots(current):
                raise FetchError(f"{current}: disallowed by robots.txt")
            response = self._once(current, headers)
            if isinstance(response, Response):
                return response
            current = response  # a redirect target, checked again at the top
        raise FetchError(f"{url}: more than {_MAX_REDIRECTS} redirects")

    def _once(self, url: str, headers: dict[str, str]) -> Response | str:
        host = urlsplit(url).netloc.lower()
        timeout = (self.settings.connect_timeout, self.settings.read_timeout)
        with self._slot(host):
            self._wait_turn(host)
            try:
                raw = self.session.get(url, headers=headers, timeout=timeout, stream=True, allow_redirects=False)
            except requests.exceptions.Timeout as exc:
                raise _Retryable(f"timed out ({type(exc).__name__})") from None
            except requests.exceptions.ConnectionError as exc:
                raise _Retryable(f"connection failed ({_short(exc)})") from None
            except requests.exceptions.RequestException as exc:
                raise FetchError(f"{url}: {_short(exc)}") from None
            with raw:
                status = raw.status_code
                if status in (301, 302, 303, 307, 308) and raw.headers.get("Location"):
                    return urljoin(url, raw.headers["Location"])
                if status in _CHECK_STATUSES and anti_bot_check(_sample(raw), status):
                    raise FetchError(f"{url}: HTTP {status}: {ANTI_BOT_CHECK}")
                if status == 429 or status >= 500:
                    raise _Retryable(f"HTTP {status}", _retry_after(raw.headers.get("Retry-After")))
                if status == 304:
                    return Response(url=url, status=304, etag=raw.headers.get("ETag", ""),
                                    last_modified=raw.headers.get("Last-Modified", ""))
                if status >= 400:
                    raise FetchError(f"{url}: HTTP {status}")
                body = self._read_body(url, raw)
        return Response(
            url=url,
            status=status,
            content=body,
            content_type=raw.headers.get("Content-Type", ""),
            etag=raw.headers.get("ETag", ""),
            last_modified=raw.headers.get("Last-Modified", ""),
        )

    def _read_body(self, url: str, raw: requests.Response) -> bytes:
        limit = self.settings.max_bytes
        declared = raw.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"{url}: body of {declared} bytes is over max_bytes={limit}")
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in raw.iter_content(65536):
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"{url}: body over max_bytes={limit}, download aborted")
                chunks.append(chunk)
        except requests.exceptions.RequestException as exc:
            raise _Retryable(f"body read failed ({_short(exc)})") from None
        return b"".join(chunks)


_CHECK_STATUSES = frozenset({403, 412, 521})  # a 200 check page is told where its page is read


def _sample(raw: requests.Response, limit: int = 65536) -> str:
    """The start of an error response's body, as text (its checks are ASCII and UTF-8)."""
    try:
        return next(raw.iter_content(limit), b"").decode("utf-8", errors="replace")
    except requests.exceptions.RequestException:
        return ""


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _short(exc: BaseException) -> str:
    """The last line of a requests/urllib3 error chain: the part a reader can act on."""
    text = str(exc)
    if len(text) <= 160:
        return text
    return text.rsplit(":", 1)[-1].strip(" )'\"") or type(exc).__name__
