"""A list server on 127.0.0.1 for the update tests: serves files, and misbehaves on request.

Each route serves a body with an ETag and Last-Modified, answers conditional requests with 304 and
`Range: bytes=N-` (with a matching If-Range) with 206, and can misbehave: answer slowly, cut the body
short, fail with 500 a number of times, redirect, or send an HTML page. Every request is logged.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest


@dataclass
class Route:
    body: bytes
    content_type: str = "application/octet-stream"
    etag: str | None = '"v1"'
    last_modified: str | None = "Wed, 02 Dec 2026 10:00:00 GMT"
    delay: float = 0.0                 # seconds before the status line
    truncate_times: int = 0            # cut the body in half this many times
    fail_times: int = 0                # answer 500 this many times
    redirect_to: str | None = None
    ranges: bool = True
    claimed_length: int | None = None  # Content-Length to announce (default: the real one)
    chunk_delay: float = 0.0           # seconds between 32 KiB pieces of the body (a slow line)


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    status: int
    body_bytes: int


@dataclass
class ListServer:
    routes: dict[str, Route] = field(default_factory=dict)
    log: list[Hit] = field(default_factory=list)
    base: str = ""

    def serve(self, path: str, body: bytes | Path, **options) -> str:
        """Serve `body` at `path`; returns the URL."""
        data = body.read_bytes() if isinstance(body, Path) else body
        self.routes[path] = Route(data, **options)
        return self.base + path

    def hits(self, path: str) -> list[Hit]:
        return [h for h in self.log if h.path == path]


class _Handler(BaseHTTPRequestHandler):
    server_state: ListServer

    def log_message(self, *args) -> None:   # quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        state = self.server_state
        route = state.routes.get(self.path)
        headers = {k: v for k, v in self.headers.items()}
        if route is None:
            return self._send(404, b"not found", {}, headers)
        if route.delay:
            time.sleep(route.delay)
        if route.fail_times:
            route.fail_times -= 1
            return self._send(500, b"server error", {}, headers)
        if route.redirect_to:
            return self._send(302, b"", {"Location": route.redirect_to}, headers)
        common = {"Content-Type": route.content_type}
        if route.etag:
            common["ETag"] = route.etag
        if route.last_modified:
            common["Last-Modified"] = route.last_modified
        inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        if (inm and inm == route.etag) or (not inm and ims and ims == route.last_modified):
            return self._send(304, b"", common, headers)
        body, status = route.body, 200
        wanted = self.headers.get("Range")
        if wanted and route.ranges and self.headers.get("If-Range") in (route.etag, route.last_modified):
            start = int(wanted.removeprefix("bytes=").rstrip("-"))
            body, status = route.body[start:], 206
            common["Content-Range"] = f"bytes {start}-{len(route.body) - 1}/{len(route.body)}"
        if route.claimed_length is not None:
            common["Content-Length"] = str(route.claimed_length)
        if route.truncate_times:
            route.truncate_times -= 1
            return self._send(status, body[: len(body) // 2], common, headers, announce=len(body))
        self._send(status, body, common, headers, pause=route.chunk_delay)

    def _send(self, status: int, body: bytes, extra: dict, request_headers: dict, announce: int | None = None,
              pause: float = 0.0) -> None:
        self.server_state.log.append(Hit(self.path, request_headers, status, len(body)))
        self.send_response(status)
        for k, v in extra.items():
            self.send_header(k, v)
        if "Content-Length" not in extra:
            self.send_header("Content-Length", str(announce if announce is not None else len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        try:
            step = 32768 if pause else max(len(body), 1)
            for start in range(0, len(body), step):
                self.wfile.write(body[start:start + step])
                self.wfile.flush()
                time.sleep(pause)
        except (BrokenPipeError, ConnectionResetError):
            pass
        self.close_connection = True


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False


@pytest.fixture
def list_server(monkeypatch):
    """A ListServer running on 127.0.0.1 for the test, with proxies bypassed for it."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    state = ListServer()
    handler = type("Handler", (_Handler,), {"server_state": state})
    server = _Server(("127.0.0.1", 0), handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def write_settings(path: Path, sources: dict[str, list[tuple[str, str, str | None]]], timeout: float = 2.0,
                   retries: int = 2, max_file_mb: float = 50, extra: str = "") -> Path:
    """An update settings file: {source: [(file name, url, format), ...]}, quick back-off for tests."""
    lines = ["[transfer]", f"timeout_seconds = {timeout}", f"retries = {retries}", "backoff_seconds = 0.01",
             f"max_file_mb = {max_file_mb}", ""]
    for name, files in sources.items():
        lines += ["[[source]]", f'name = "{name}"', f'title = "{name} (test)"', "files = ["]
        for file_name, url, fmt in files:
            fmt_part = f', format = "{fmt}"' if fmt else ""
            lines.append(f'    {{ name = "{file_name}", url = "{url}"{fmt_part} }},')
        lines += ["]", ""]
    path.write_text("\n".join(lines) + extra, encoding="utf-8")
    return path
