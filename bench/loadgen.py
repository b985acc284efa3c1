"""A small HTTP/1.1 keep-alive load generator (asyncio, no dependencies).

Bounded in time and in requests, loopback only: `run(url, connections, seconds)` returns req/s and
latency percentiles. Used by the job-list benchmark; good enough to compare two pages on one server
in the same run, which is what the benchmark reports.
"""
from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

MAX_REQUESTS = 2_000_000


@dataclass
class Result:
    path: str
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        data = sorted(self.latencies_ms)
        return data[min(len(data) - 1, int(q / 100 * len(data)))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms) if self.latencies_ms else float("nan")


async def _read_response(reader: asyncio.StreamReader) -> int:
    status_line = await reader.readline()
    if not status_line:
        raise ConnectionError("closed")
    status = int(status_line.split()[1])
    length = None
    chunked = False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value.strip())
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readline()).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length is not None:
        await reader.readexactly(length)
    return status


async def _worker(host: str, port: int, path: str, deadline: float, result: Result, record_after: float) -> None:
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: keep-alive\r\n\r\n".encode()
    reader = writer = None
    while time.monotonic() < deadline and result.requests < MAX_REQUESTS:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            started = time.monotonic()
            writer.write(request)
            await writer.drain()
            status = await _read_response(reader)
            took = (time.monotonic() - started) * 1000
            if started >= record_after:
                if status == 200:
                    result.requests += 1
                    result.latencies_ms.append(took)
                else:
                    result.errors += 1
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError):
            if time.monotonic() >= record_after:
                result.errors += 1
            if writer is not None:
                writer.close()
            reader = writer = None
            await asyncio.sleep(0.01)
    if writer is not None:
        writer.close()


async def _run(url: str, connections: int, seconds: float, warmup: float) -> Result:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    start = time.monotonic()
    record_after = start + warmup
    deadline = record_after + seconds
    result = Result(path=path, requests=0, errors=0, seconds=seconds, latencies_ms=[])
    await asyncio.gather(
        *(_worker(parts.hostname or "127.0.0.1", parts.port or 80, path, deadline, result, record_after)
          for _ in range(connections))
    )
    return result


def run(url: str, *, connections: int = 20, seconds: float = 10.0, warmup: float = 2.0) -> Result:
    return asyncio.run(_run(url, connections, seconds, warmup))
