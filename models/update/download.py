"""Downloading one file robustly: streamed to a partial file, with progress and cancel, timeouts,
retries with back-off, resume by Range where the server allows it, a size limit, and conditional
requests (ETag / Last-Modified) so an unchanged file is not sent again.

httpx does the HTTP: it verifies certificates (certifi, or SSL_CERT_FILE / SSL_CERT_DIR) and, with
`trust_env`, takes the proxies from the environment or the platform's settings (urllib's getproxies,
which reads the registry on Windows and the system configuration on macOS).
"""
from __future__ import annotations

import email.utils
import json
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import httpx

from models.progress import Progress
from models.update.settings import SourceFile, Transfer

CHUNK = 1 << 16
USER_AGENT = "dprk-pressure-brief (data update)"
CONTENT_RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+|\*)")


class TransferError(Exception):
    """A file could not be downloaded: names the file, the address and the problem."""

    def __init__(self, file: SourceFile, problem: str):
        self.file = file
        self.problem = problem
        super().__init__(f"{file.name} ({file.url}): {problem}")


class _Retry(Exception):
    """A failure worth another attempt (network error, timeout, 5xx, 429), with the server's wait if any."""

    def __init__(self, problem: str, wait: float | None = None):
        super().__init__(problem)
        self.wait = wait


@dataclass
class Validators:
    etag: str | None = None
    last_modified: str | None = None

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass
class Fetched:
    """The outcome of one fetch: `not_modified` (the server said 304) or a new body at `path`."""

    file: SourceFile
    not_modified: bool
    path: Path | None = None
    url: str = ""
    validators: Validators = field(default_factory=Validators)
    size: int = 0
    content_type: str | None = None
    attempts: int = 1
    resumed_at: int = 0               # the byte offset a Range request resumed from (0: none)
    notes: list[str] = field(default_factory=list)


def make_client(transfer: Transfer) -> httpx.Client:
    """The HTTP client: verified HTTPS, system proxies, redirects followed, one timeout for each phase."""
    return httpx.Client(timeout=httpx.Timeout(transfer.timeout), follow_redirects=True, trust_env=True,
                        verify=True, headers={"User-Agent": USER_AGENT})


class Downloader:
    def __init__(self, transfer: Transfer, client: httpx.Client | None = None,
                 sleep: Callable[[float], None] = time.sleep):
        self.transfer = transfer
        self.client = client or make_client(transfer)
        self._sleep = sleep

    def close(self) -> None:
        self.client.close()

    def fetch(self, file: SourceFile, dest: Path, known: Validators | None, progress: Progress) -> Fetched:
        """Download `file` to `dest` (via dest.part), or learn that it has not changed since `known`."""
        attempts = self.transfer.retries + 1
        last = "no attempt made"
        for attempt in range(1, attempts + 1):
            progress.check()
            try:
                fetched = self._attempt(file, dest, known, progress)
            except _Retry as exc:
                last = str(exc)
                if attempt < attempts:
                    self._wait(exc.wait if exc.wait is not None
                               else min(self.transfer.backoff * 2 ** (attempt - 1), self.transfer.max_backoff),
                               progress, f"{file.name}: {last}; trying again ({attempt + 1} of {attempts})")
                continue
            fetched.attempts = attempt
            if attempt > 1:
                fetched.notes.append(f"took {attempt} attempts (before: {last})")
            return fetched
        raise TransferError(file, f"{last} (gave up after {attempts} attempt{'s' if attempts > 1 else ''})")

    # -- one attempt --------------------------------------------------------------------------
    def _attempt(self, file: SourceFile, dest: Path, known: Validators | None, progress: Progress) -> Fetched:
        part = dest.with_name(dest.name + ".part")
        partial = _Partial(part)
        headers = {"Accept-Encoding": "identity"}    # byte ranges and the size limit count the real bytes
        offset = partial.offset()
        if offset:
            headers["Range"] = f"bytes={offset}-"
            headers["If-Range"] = partial.validator
        elif known:
            if known.etag:
                headers["If-None-Match"] = known.etag
            if known.last_modified:
                headers["If-Modified-Since"] = known.last_modified
        try:
            with self.client.stream("GET", file.url, headers=headers) as response:
                return self._receive(file, dest, partial, offset, bool(known) and not offset, response, progress)
        except httpx.TimeoutException as exc:
            raise _Retry(f"the server did not answer within {self.transfer.timeout:g} s "
                         f"({type(exc).__name__})") from None
        except httpx.TooManyRedirects:
            raise TransferError(file, "too many redirects") from None
        except httpx.TransportError as exc:
            raise _Retry(f"network error: {exc or type(exc).__name__}") from None

    def _receive(self, file: SourceFile, dest: Path, partial: "_Partial", offset: int, conditional: bool,
                 response: httpx.Response, progress: Progress) -> Fetched:
        status = response.status_code
        final = str(response.url)
        if file.url.lower().startswith("https://") and response.url.scheme != "https":
            raise TransferError(file, f"redirected from HTTPS to an unencrypted address ({final}); refused")
        validators = Validators(response.headers.get("ETag"), response.headers.get("Last-Modified"))
        if status == 304 and conditional:
            return Fetched(file, True, url=final, validators=validators)
        if status == 416:
            partial.discard()
            raise _Retry("the server refused to resume the partial download (416); starting again")
        if status == 429 or status >= 500:
            raise _Retry(f"the server answered {status} {response.reason_phrase}", _retry_after(response))
        if status not in (200, 206):
            raise TransferError(file, f"the server answered {status} {response.reason_phrase}")
        start = 0
        if status == 206:
            match = CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", "").strip())
            if not offset or not match or int(match.group(1)) != offset:
                partial.discard()
                raise _Retry("the server sent a part of the file that does not continue the partial download")
            start = offset
        length = response.headers.get("Content-Length")
        expected = start + int(length) if length and length.isdigit() else None
        if expected is not None and expected > file.max_bytes:
            raise TransferError(file, f"the file is {_mb(expected)}, over the limit of {_mb(file.max_bytes)} "
                                      "for this file (max_mb / max_file_mb in the settings file)")
        encoded = response.headers.get("Content-Encoding", "identity").lower() not in ("identity", "")
        resumable = status in (200, 206) and not encoded and bool(validators.etag or validators.last_modified)
        partial.begin(start, _if_range(validators) if resumable else None)
        done = start
        fetched = Fetched(file, False, dest, final, validators, content_type=response.headers.get("Content-Type"),
                          resumed_at=start)
        try:
            with open(partial.path, "ab" if start else "wb") as out:
                for chunk in response.iter_bytes(CHUNK):
                    done += len(chunk)
                    if done > file.max_bytes:
                        raise TransferError(file, f"the download passed the limit of {_mb(file.max_bytes)} "
                                                  "for this file (max_mb / max_file_mb in the settings file)")
                    out.write(chunk)
                    progress.step(done, expected or done + 1,
                                  f"Downloading {file.name}: {_mb(done)}" + (f" of {_mb(expected)}" if expected else ""))
        except TransferError:
            partial.discard()
            raise
        except (httpx.TransportError, OSError) as exc:
            if not resumable:
                partial.discard()
            if isinstance(exc, OSError):
                raise TransferError(file, f"cannot write {partial.path}: {exc.strerror or exc}") from None
            raise                                           # a retry resumes from what arrived
        except BaseException:                               # cancelled: keep what arrived for a later resume
            if not resumable:
                partial.discard()
            raise
        if expected is not None and done != expected:
            raise _Retry(f"the download ended after {done:,} of {expected:,} bytes")
        os.replace(partial.path, dest)
        partial.finish()
        fetched.size = done
        if start:
            fetched.notes.append(f"resumed at byte {start:,}")
        return fetched

    def _wait(self, seconds: float, progress: Progress, text: str) -> None:
        """Back off, checking for cancel every tenth of a second."""
        progress.step(0, 1, text)
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            progress.check()
            self._sleep(min(left, 0.1))


class _Partial:
    """dest.part and its validator (dest.part.json): what arrived of an interrupted download."""

    def __init__(self, path: Path):
        self.path = path
        self.meta = path.with_name(path.name + ".json")
        self.validator: str | None = None

    def offset(self) -> int:
        """Bytes to resume from: only with a validator for If-Range, else start afresh."""
        try:
            self.validator = json.loads(self.meta.read_text(encoding="utf-8")).get("if_range")
            size = self.path.stat().st_size
        except (OSError, ValueError, AttributeError):
            self.discard()
            return 0
        if not self.validator:
            self.discard()
            return 0
        return size

    def begin(self, start: int, validator: str | None) -> None:
        if validator:
            self.meta.write_text(json.dumps({"if_range": validator}), encoding="utf-8")
        else:
            self.meta.unlink(missing_ok=True)

    def finish(self) -> None:
        self.meta.unlink(missing_ok=True)

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)
        self.meta.unlink(missing_ok=True)


def _if_range(validators: Validators) -> str | None:
    """A strong ETag, else the Last-Modified date (a weak ETag may not be used in If-Range)."""
    if validators.etag and not validators.etag.startswith("W/"):
        return validators.etag
    return validators.last_modified


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return min(float(value), 120.0)
    try:
        when = email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None
    return max(0.0, min(when - time.time(), 120.0))


def _mb(size: int) -> str:
    return f"{size / 2 ** 20:.1f} MB" if size >= 2 ** 20 else f"{size / 1024:.0f} KB"
