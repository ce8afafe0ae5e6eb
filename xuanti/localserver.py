"""A small real HTTP server on 127.0.0.1 for the bundled demo and the crawl tests.

It serves files from a folder, or from an explicit map of URL path to file, in a background thread.
"""

from __future__ import annotations

import mimetypes
import re
import threading
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

Route = Callable[[str], Path | None]
_TEXT_SUFFIXES = {".html", ".htm", ".shtml", ".xml", ".rss", ".json", ".txt"}


class LocalServer:
    """Serve ``root`` (a folder) or ``routes`` (URL path -> file) on 127.0.0.1.

    Use as a context manager; ``base_url`` has no trailing slash. ``hits`` counts requests per path,
    so tests can check that nothing is fetched twice.
    """

    def __init__(
        self,
        root: Path | None = None,
        routes: Mapping[str, Path] | Route | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        content_types: Mapping[str, str] | None = None,
        substitute: Mapping[str, str] | None = None,
    ) -> None:
        self.root = Path(root).resolve() if root else None
        self.routes = routes
        self.content_types = dict(content_types or {})
        # Placeholders replaced in text files at serve time; "{{BASE_URL}}" is always this server,
        # also inside values: {"https://tv.cctv.com": "{{BASE_URL}}"} serves a saved site as if it were live.
        self.substitute = None if substitute is None else dict(substitute)
        self.hits: dict[str, int] = {}
        self._lock = threading.Lock()
        handler = self._make_handler()
        self.httpd = ThreadingHTTPServer((host, port), handler)
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def resolve(self, path: str) -> Path | None:
        raw = urlsplit(path).path
        found = self._resolve(unquote(raw))
        # Saved mirrors (wget, httrack) keep percent-escaped names such as "a%ef%bc%9ab.html" on disk.
        if found is not None or raw == unquote(raw):
            return found
        return self._resolve(raw) or self._resolve(re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), raw))

    def _resolve(self, path: str) -> Path | None:
        if self.routes is not None:
            found = self.routes(path) if callable(self.routes) else self.routes.get(path)
            if found is not None:
                return Path(found)
        if self.root is not None:
            candidate = (self.root / path.lstrip("/")).resolve()
            if candidate.is_dir():
                candidate = candidate / "index.html"
            if candidate.is_file() and self.root in candidate.parents:
                return candidate
        return None

    def _make_handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server API)
                with server._lock:
                    server.hits[self.path] = server.hits.get(self.path, 0) + 1
                found = server.resolve(self.path)
                if found is None:
                    self.send_error(404, "not found")
                    return
                body = found.read_bytes()
                if server.substitute is not None and found.suffix in _TEXT_SUFFIXES:
                    for placeholder, value in {**server.substitute, "{{BASE_URL}}": server.base_url}.items():
                        value = value.replace("{{BASE_URL}}", server.base_url)
                        body = body.replace(placeholder.encode(), value.encode())
                ctype = server.content_types.get(found.suffix) or mimetypes.guess_type(found.name)[0]
                self.send_response(200)
                self.send_header("Content-Type", ctype or "application/octet-stream")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Last-Modified", self.date_time_string(int(found.stat().st_mtime)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # quiet
                return

        return Handler

    def start(self) -> LocalServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
